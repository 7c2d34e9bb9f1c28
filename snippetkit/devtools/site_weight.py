"""`make bench` (last part): the weight of the home page's first load, against its budget.

Serves the built site (`site/`, or the folder given; a MkDocs or a Zensical build) on 127.0.0.1 and
opens the home page in a fresh headless Chromium; every byte the server sends (HTML, CSS, scripts,
fonts, images, and anything the page's scripts fetch) is counted, uncompressed. GitHub Pages
compresses text, so what a reader downloads is smaller; the budget applies to these uncompressed
bytes. The search index is fetched when the reader first opens search
(docs/assets/javascripts/search-on-demand.js), so it is not part of the first load: its size is
printed beside it.

    python -m snippetkit.devtools.site_weight [SITE_DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from snippetkit import ROOT
from snippetkit.devtools.browser import INSTALL_HINT, find_chromium, first_load, launch, serve

BUDGET = 1_500_000  # bytes: the first load of the home page
INDEXES = ("search/search_index.json", "search.json")  # MkDocs (Material), Zensical


def kind(path: str) -> str:
    path = path.split("?", 1)[0]
    for suffix, name in ((".js", "scripts"), (".css", "styles"), (".woff2", "fonts"), (".woff", "fonts"),
                         (".ttf", "fonts"), (".svg", "images"), (".png", "images"), (".json", "search index")):
        if path.endswith(suffix):
            return name
    return "HTML" if path.endswith("/") or path.endswith(".html") else "other"


def measure(site_dir: Path, path: str = ""):
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        return None
    with serve(site_dir) as site, sync_playwright() as p:
        browser = launch(p, executable)
        try:
            return first_load(browser, site, path)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.devtools.site_weight",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"site weight: {args.site}/index.html not found: build the site first (`make site`)", file=sys.stderr)
        return 2
    served = measure(args.site)
    if served is None:
        print(f"site weight: skipped, no Chromium found: {INSTALL_HINT}")
        return 0
    total = sum(s.size for s in served)
    by_kind: dict[str, int] = defaultdict(int)
    for s in served:
        by_kind[kind(s.path)] += s.size
    failed = [s for s in served if s.status >= 400]
    print("\nHome page, first load (fresh browser, uncompressed bytes the server sent)")
    for name, size in sorted(by_kind.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<52} {size / 1000:>9.1f} kB")
    verdict = "meets" if total <= BUDGET else "MISSES"
    print(f"  {'total (' + str(len(served)) + ' requests)':<52} {total / 1e6:>9.2f} MB  "
          f"{verdict} target <= {BUDGET / 1e6:g} MB")
    for name in INDEXES:
        if (args.site / name).is_file():
            fetched = any(s.path.split("?")[0] == "/" + name for s in served)
            print(f"  {'search index, ' + ('in the first load' if fetched else 'fetched on the first search'):<52} "
                  f"{(args.site / name).stat().st_size / 1000:>9.1f} kB")
    for s in failed:
        print(f"  failed: {s.status} {s.path}")
    return 0 if total <= BUDGET and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
