"""`make linkcheck`: are the built site's links to other sites still reachable?

Internal links and anchors already fail the strict build; this checks the external ones, which
need the network and can break any day without a change here, so it is a separate target and
never blocks CI. Every `http(s)://` link in the site's HTML is requested once (HEAD, then GET where
a server refuses HEAD), a few at a time, with a short timeout.

Exit status: 0 when every link answered (or when there is no network at all, which is reported as
such, with the hosts it could not reach); 1 when a link is broken (HTTP 4xx/5xx) or a host is
unreachable while others are reachable; 2 for a usage error.

    python -m snippetkit.devtools.linkcheck [SITE_DIR] [--timeout S]
"""

from __future__ import annotations

import argparse
import html.parser
import socket
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from snippetkit import ROOT

USER_AGENT = "verified-notes-linkcheck/1 (+https://github.com/)"
# Answers that say the link exists but the server will not serve a script: not a broken link.
NOT_BROKEN = {401, 403, 429}


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://")):
                self.found.append(urldefrag(href).url)


def external_links(site: Path) -> dict[str, list[str]]:
    """Each external URL -> the pages (relative paths) that link to it."""
    links: dict[str, list[str]] = defaultdict(list)
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for url in dict.fromkeys(parser.found):
            links[url].append(page.relative_to(site).as_posix())
    return dict(links)


@dataclass
class Outcome:
    url: str
    status: int | None = None   # HTTP status, None when the host could not be reached
    error: str = ""

    @property
    def broken(self) -> bool:
        return self.status is not None and self.status >= 400 and self.status not in NOT_BROKEN


def resolves(host: str) -> str:
    """'' when the host's name resolves, else why not."""
    try:
        socket.getaddrinfo(host, 443)
        return ""
    except OSError as exc:
        return f"name does not resolve ({exc.strerror or exc})"


def check(url: str, timeout: float) -> Outcome:
    last_error = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Outcome(url, response.status)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue  # some servers refuse HEAD: ask again with GET
            return Outcome(url, exc.code, exc.reason if isinstance(exc.reason, str) else "")
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(getattr(exc, "reason", exc))
            break
    return Outcome(url, None, last_error or "no answer")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.devtools.linkcheck",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"linkcheck: {args.site}/index.html not found: build the site first (`make site`)", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        parser.error(f"--timeout must be positive, not {args.timeout}")

    links = external_links(args.site)
    hosts = sorted({urlsplit(u).hostname or "" for u in links})
    print(f"linkcheck: {len(links)} external links to {len(hosts)} hosts in {args.site}")
    if not links:
        return 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        dns = dict(zip(hosts, pool.map(resolves, hosts), strict=True))
        reachable = [u for u in links if not dns[urlsplit(u).hostname or ""]]
        outcomes = {o.url: o for o in pool.map(lambda u: check(u, args.timeout), reachable)}
    for url in links:
        outcomes.setdefault(url, Outcome(url, None, dns[urlsplit(url).hostname or ""]))

    unreachable_hosts = sorted({urlsplit(o.url).hostname for o in outcomes.values() if o.status is None})
    broken = [o for o in outcomes.values() if o.broken]
    answered = [o for o in outcomes.values() if o.status is not None]
    for o in sorted(outcomes.values(), key=lambda o: o.url):
        state = "unreachable" if o.status is None else ("BROKEN" if o.broken else "ok")
        detail = f"HTTP {o.status}" if o.status is not None else o.error
        pages = ", ".join(links[o.url][:2]) + (" ..." if len(links[o.url]) > 2 else "")
        print(f"  {state:<11} {o.url}\n              {detail}; linked from {pages}")
    if not answered:
        print(f"linkcheck: no network here: none of the {len(hosts)} hosts could be reached "
              f"({', '.join(unreachable_hosts)}); nothing was checked. Run it again with network access.")
        return 0
    if unreachable_hosts:
        print(f"linkcheck: unreachable hosts: {', '.join(unreachable_hosts)}")
    print(f"linkcheck: {len(answered) - len(broken)} ok, {len(broken)} broken, "
          f"{len(links) - len(answered)} unreachable")
    return 1 if broken or unreachable_hosts else 0


if __name__ == "__main__":
    sys.exit(main())
