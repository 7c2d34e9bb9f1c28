"""`make linkcheck`: are the built site's links to other sites still reachable?

Internal links and anchors already fail the strict build; this checks the external ones, which
need the network and can break any day without a change here, so it is a separate target and
never blocks CI. The checking is LinkChecker's (the `linkchecker` command, a dev dependency): it
reads the built site from disk, follows its pages (HTML and CSS), and requests every external URL
once (`--check-extern`); this module reads its CSV report and decides what counts:

- only external links (http and https) are reported: the site's own files are the strict build's job
  (LinkChecker also flags the absolute paths of the 404 page, which work only on a server);
- an answer that says the link exists but the server will not serve a script (401, 403, 429) is
  not a broken link;
- where no external host answers at all (no network here), that is said, and the exit status is 0.

Exit status: 0 when every external link answered (or when there is no network at all, reported as
such, with the hosts it could not reach); 1 when a link is broken (HTTP 4xx/5xx) or a host is
unreachable while others answered; 2 for a usage error (no built site, no `linkchecker`).

LinkChecker, started as root, drops its privileges to `nobody`: the site must be readable by all
users (`make site`'s is).

    python -m snippetkit.devtools.linkcheck [SITE_DIR] [--timeout S]
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from snippetkit import ROOT

# Answers that say the link exists but the server will not serve a script: not a broken link.
NOT_BROKEN = {401, 403, 429}
STATUS = re.compile(r"^(?P<code>[1-5]\d\d)\b")


@dataclass
class Outcome:
    url: str
    status: int | None = None   # HTTP status, None when the host could not be reached
    error: str = ""

    @property
    def broken(self) -> bool:
        return self.status is not None and self.status >= 400 and self.status not in NOT_BROKEN


def linkchecker() -> str | None:
    """The `linkchecker` command beside this Python (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name("linkchecker")
    return str(beside) if beside.is_file() else shutil.which("linkchecker")


def run_linkchecker(site: Path, timeout: float, command: str) -> list[dict]:
    """LinkChecker's rows (one per link and the page it is on, valid ones too: --verbose), from the start page."""
    proc = subprocess.run([command, "--check-extern", "--no-status", "--no-warnings", "--verbose", "-o", "csv",
                           "--timeout", f"{timeout:g}", str(site.resolve() / "index.html")],
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode not in (0, 1):  # 1: it found invalid links, which is ours to judge
        raise RuntimeError(f"linkchecker failed (exit {proc.returncode}): {proc.stderr.strip()[-1500:]}")
    return list(csv.DictReader((line for line in proc.stdout.splitlines() if not line.startswith("#")),
                               delimiter=";"))


def outcomes(rows: list[dict]) -> tuple[dict[str, Outcome], dict[str, list[str]]]:
    """Each external URL (without its fragment) and its outcome, and the page where LinkChecker found it
    (it checks a URL once and reports it once, from the first page that links to it)."""
    found: dict[str, Outcome] = {}
    pages: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        url = urldefrag(row.get("url") or "").url
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        page = (row.get("parentname") or "").removeprefix("file://")
        if page not in pages[url]:
            pages[url].append(page)
        m = STATUS.match(row.get("result") or "")
        found[url] = Outcome(url, int(m["code"]) if m else None, "" if m else (row.get("result") or "no answer"))
    return found, dict(pages)


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
    command = linkchecker()
    if command is None:
        print("linkcheck: the `linkchecker` command is not installed (`make install` installs the dev extra)",
              file=sys.stderr)
        return 2

    found, pages = outcomes(run_linkchecker(args.site, args.timeout, command))
    site_root = str(args.site.resolve())
    hosts = sorted({urlsplit(u).hostname or "" for u in found})
    print(f"linkcheck: {len(found)} external links to {len(hosts)} hosts in {args.site} (checked by LinkChecker)")
    if not found:
        return 0
    unreachable_hosts = sorted({urlsplit(o.url).hostname or "" for o in found.values() if o.status is None})
    broken = [o for o in found.values() if o.broken]
    answered = [o for o in found.values() if o.status is not None]
    for o in sorted(found.values(), key=lambda o: o.url):
        state = "unreachable" if o.status is None else ("BROKEN" if o.broken else "ok")
        detail = f"HTTP {o.status}" if o.status is not None else o.error[:200]
        linked = [p.removeprefix(site_root).lstrip("/") or "index.html" for p in pages.get(o.url, [])]
        where = ", ".join(linked[:2]) + (" ..." if len(linked) > 2 else "")
        print(f"  {state:<11} {o.url}\n              {detail}; linked from {where}")
    if not answered:
        print(f"linkcheck: no network here: none of the {len(hosts)} hosts could be reached "
              f"({', '.join(unreachable_hosts)}); nothing was checked. Run it again with network access.")
        return 0
    if unreachable_hosts:
        print(f"linkcheck: unreachable hosts: {', '.join(unreachable_hosts)}")
    print(f"linkcheck: {len(answered) - len(broken)} ok, {len(broken)} broken, "
          f"{len(found) - len(answered)} unreachable")
    return 1 if broken or unreachable_hosts else 0


if __name__ == "__main__":
    sys.exit(main())
