"""`make linkcheck`: external links, checked by LinkChecker against a local server (no network needed)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from pathlib import Path

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


@pytest.fixture
def tmp_path():
    """A folder every user can read: LinkChecker started as root reads the site as `nobody`
    (pytest's own tmp_path is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="linkcheck-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def make_site(tmp_path, hrefs, more=()):
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    links = "".join(f'<a href="{h}">x</a>' for h in hrefs)
    (site / "index.html").write_text(f"<html><body>{links}<a href='page/'>internal</a></body></html>")
    (site / "page" / "index.html").write_text("<html><body>" + "".join(f'<a href="{h}">y</a>' for h in more)
                                              + "</body></html>")
    for path in (site, site / "page", site / "index.html", site / "page" / "index.html"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return site


def test_each_external_url_is_reported_once_without_its_fragment(tmp_path, local_server, capsys):
    site = make_site(tmp_path, [f"{local_server}/ok#frag"], more=[f"{local_server}/ok", "../local"])
    assert linkcheck.main([str(site), "--timeout", "5"]) == 0
    out = capsys.readouterr().out
    assert "1 external links to 1 hosts" in out and f"ok          {local_server}/ok\n" in out, out
    assert "linked from index.html" in out, out


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
