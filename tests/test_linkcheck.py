"""`make linkcheck`: external links, checked against a local server (no network needed)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from snippetkit.devtools import linkcheck


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path in ("/ok", "/get-only") else 404)
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def make_site(tmp_path, hrefs):
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<a href="{h}">x</a>' for h in hrefs)
    (site / "index.html").write_text(f"<html><body>{links}<a href='page/'>internal</a></body></html>")
    return site


def test_collects_external_links_once_per_url(tmp_path):
    site = make_site(tmp_path, ["https://example.org/a#frag", "https://example.org/a", "../local"])
    assert linkcheck.external_links(site) == {"https://example.org/a": ["index.html"]}


def test_ok_links_pass_and_head_refusals_are_retried_with_get(tmp_path, local_server, capsys):
    site = make_site(tmp_path, [f"{local_server}/ok", f"{local_server}/no-head"])
    assert linkcheck.main([str(site), "--timeout", "5"]) == 0
    assert "2 ok, 0 broken" in capsys.readouterr().out


def test_a_broken_link_fails_and_is_named(tmp_path, local_server, capsys):
    site = make_site(tmp_path, [f"{local_server}/ok", f"{local_server}/gone"])
    assert linkcheck.main([str(site), "--timeout", "5"]) == 1
    out = capsys.readouterr().out
    assert "BROKEN" in out and "/gone" in out and "HTTP 404" in out


def test_an_unreachable_host_is_named(tmp_path, local_server, capsys):
    site = make_site(tmp_path, [f"{local_server}/ok", "https://no-such-host.invalid/page"])
    assert linkcheck.main([str(site), "--timeout", "5"]) == 1
    assert "unreachable hosts: no-such-host.invalid" in capsys.readouterr().out


def test_no_network_at_all_is_reported_not_failed(tmp_path, capsys):
    site = make_site(tmp_path, ["https://no-such-host.invalid/a", "https://other.invalid/b"])
    assert linkcheck.main([str(site), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert "no network here" in out and "no-such-host.invalid" in out and "other.invalid" in out


def test_a_missing_site_is_a_usage_error(tmp_path, capsys):
    assert linkcheck.main([str(tmp_path / "nowhere")]) == 2
    assert "build the site first" in capsys.readouterr().err
