"""`make bench BENCH_ARGS=--scale`: the site at 1x and at 10x its content, every cost side by side.

The 10x site is generated in a temporary folder: a copy of the project (`docs/`, `snippets/`, the
tests (the exercises' wrong answers, the properties the general claims name), `mkdocs.yml`,
`pyproject.toml`, `uv.lock`, the package) in which each
chapter page that includes snippets (all but the home page) and each notebook page has nine more
copies under new names (`training-c2.md` ... `training-c10.md`, in the nav as "Copy 2" ... "Copy 10"),
their snippets copied into renamed folders (`snippets/training_c2/`, every include rewritten), and
the allowlist and general-claims entries of the copied pages copied with them. The copies are the same programs, so
their cache entries are the originals' (an entry's key is its snippet's bytes and the versions): the
snippet cache is copied for them, and no snippet runs at either size (a build that runs one stops
the bench). What is measured is the site's own machinery, not TensorFlow.

At each size, on the same machine one after the other:

- cold `make site` (the snippet outputs cached, the build's caches empty) and warm (nothing
  changed; best of two, started `filememo.RACY_SECONDS` + 0.5 s after the cold one: a file
  written less than that before a build is read again to be sure it is unchanged, which a
  human's next build, seconds or minutes later, never needs); the Zensical build
  (`make site-zensical`, once);
- the checks: every number in the prose bound (`snippetkit.checks.prose.check_site`), every
  quotation of the notes (`claims.check_quotes`), the correction boxes' places (`claims.box_problems`)
  and the errata's evidence (`claims.errata_problems`);
- the verification report, rendered on its own with the numbers cache empty;
- the search index of each build, and the home page's first load in a fresh browser on each build
  (`site_weight`; budget 1.5 MB; the index is fetched on the first search, not in it);
- `make serve`: a paragraph appended to a page until the served page holds it (median of three).

Each row is printed with its growth (10x / 1x) beside the content's growth (pages, snippets). The
results go to `benchmarks/scale.json` (`--json`), and the README's table is generated from that
file (`python -m snippetkit.devtools.readme_figures`; tests/test_readme.py holds them equal).

    python -m snippetkit.devtools.scale [--factors 1,10] [--json PATH] [--no-serve]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from snippetkit import ROOT, config, filememo
from snippetkit.devtools import bench, site_weight

RESULTS = ROOT / "benchmarks" / "scale.json"
COPIED = ("docs", "snippets", "mkdocs.yml", "pyproject.toml", "uv.lock", "snippetkit", "tests")


def chapters(docs: Path) -> dict[str, str]:
    """Chapter page -> its snippet folder: the top-level pages whose includes name one folder, but home."""
    found = {}
    for page in sorted(docs.glob("*.md")):
        folders = set(re.findall(r'--8<-- "([a-z_0-9]+)/', page.read_text(encoding="utf-8")))
        own = page.stem.replace("-", "_")
        if page.name != "index.md" and own in folders:
            found[page.name] = own
    return found


def make_workspace(dest: Path, factor: int) -> dict:
    """The project with `factor` copies of each chapter (1: the project as it is), cache included."""
    for name in COPIED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / name)
    cache = dest / ".cache" / "snippets"
    shutil.copytree(ROOT / ".cache" / "snippets", cache)
    docs = dest / "docs"
    pages = chapters(docs)
    notebooks = _notebook_pages(dest / "pyproject.toml")
    nav, extra_notebooks, allow_numbers, allow_quotes, claims = [], {}, [], [], []
    numbers = yaml.safe_load((docs / "numbers-allowlist.yml").read_text(encoding="utf-8")) or []
    quotes = yaml.safe_load((docs / "quotes-allowlist.yml").read_text(encoding="utf-8")) or []
    general = yaml.safe_load((docs / "general-claims.yml").read_text(encoding="utf-8")) or []
    for k in range(2, factor + 1):
        nav.append(f'  - "Copy {k}":')
        for page, folder in pages.items():
            copy_folder, copy_page = f"{folder}_c{k}", f"{page.removesuffix('.md')}-c{k}.md"
            shutil.copytree(dest / "snippets" / folder, dest / "snippets" / copy_folder)
            wrong = dest / "tests" / "wrong_answers"
            if (wrong / folder).is_dir():
                shutil.copytree(wrong / folder, wrong / copy_folder)
            if (cache / folder).is_dir():
                shutil.copytree(cache / folder, cache / copy_folder)
            text = (docs / page).read_text(encoding="utf-8").replace(f'"{folder}/', f'"{copy_folder}/')
            (docs / copy_page).write_text(text, encoding="utf-8")
            nav.append(f'      - "{page.removesuffix(".md")} (copy {k})": {copy_page}')
            allow_numbers += [{**e, "page": copy_page} for e in numbers if e.get("page") == page]
            allow_quotes += [{**e, "page": copy_page} for e in quotes if e.get("page") == page]
            claims += [{**e, "where": copy_page} for e in general if e.get("where") == page]
            claims += [{**e, "where": e["where"].replace(f"snippets/{folder}/", f"snippets/{copy_folder}/", 1)}
                       for e in general if str(e.get("where")).startswith(f"snippets/{folder}/")]
        for nb_page, snippet in notebooks.items():
            folder, name = snippet.split("/", 1)
            copy = f"{nb_page.removesuffix('.py')}-c{k}.py"
            extra_notebooks[copy] = f"{folder}_c{k}/{name}"
            nav.append(f'      - "{Path(nb_page).stem} (copy {k})": {copy}')
    if factor > 1:
        config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("\nvalidation:", "\n" + "\n".join(nav) + "\n\nvalidation:", 1)
        (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
        pyproject = (dest / "pyproject.toml").read_text(encoding="utf-8")
        header = "[tool.snippetkit.notebook_pages]\n"
        if header not in pyproject:
            raise ValueError("pyproject.toml: no [tool.snippetkit.notebook_pages] table to add the copies to")
        added = "".join(f'"{page}" = "{snippet}"\n' for page, snippet in extra_notebooks.items())
        (dest / "pyproject.toml").write_text(pyproject.replace(header, header + added, 1), encoding="utf-8")
        for name, entries in (("numbers-allowlist.yml", numbers + allow_numbers),
                              ("quotes-allowlist.yml", quotes + allow_quotes),
                              ("general-claims.yml", general + claims)):
            (docs / name).write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    snippets = sum(1 for _ in (dest / "snippets").rglob("*.py"))
    return {"pages": len(_nav_pages(dest)), "snippets": snippets}


def _notebook_pages(pyproject: Path) -> dict[str, str]:
    import tomllib

    with open(pyproject, "rb") as handle:
        return tomllib.load(handle).get("tool", {}).get("snippetkit", {}).get("notebook_pages", {})


def _nav_pages(root: Path) -> list[str]:
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def walk(items):
        for item in items:
            for value in item.values() if isinstance(item, dict) else [item]:
                yield from walk(value) if isinstance(value, list) else [value]

    return list(walk(config["nav"]))


# ---- one size -----------------------------------------------------------------------------------

def _env(ws: Path, **more) -> dict:
    """The environment of a command in the workspace: its package, its cache, the project's notes."""
    return {**bench.ENV, "PYTHONPATH": str(ws), "SNIPPETKIT_CACHE_DIR": str(ws / ".cache" / "snippets"),
            "SNIPPETKIT_NOTES_DIR": str(config.get().notes_dir), **more}


def _timed(cmd: list[str], ws: Path, **env) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ws, env=_env(ws, **env), capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - t0
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        sys.exit(f"scale: {' '.join(cmd[1:4])} failed in {ws} (exit {proc.returncode}):\n{log[-4000:]}")
    if "re-running" in log or "wrong answers whose key changed" in log:
        sys.exit(f"scale: the build ran snippets (a copy missed its cache entry):\n{log[-3000:]}")
    return seconds, log


CHECKS_CHILD = r'''
import json, sys, time
from pathlib import Path
import yaml
from snippetkit import DOCS_DIR, SNIPPETS_DIR, errata_data, source_notes
from snippetkit.cache import Cache
from snippetkit.checks import claims, prose
out = {}
t0 = time.perf_counter(); result = prose.check_site(); out["prose numbers"] = time.perf_counter() - t0
assert not result.problems, [str(p) for p in result.problems[:3]]
pages = {p.relative_to(DOCS_DIR).as_posix(): p.read_text(encoding="utf-8") for p in sorted(DOCS_DIR.rglob("*.md"))}
allow = [(e["page"], e["quote"]) for e in yaml.safe_load((DOCS_DIR / "quotes-allowlist.yml").read_text()) or []]
try:
    notes = source_notes.read()
except source_notes.NotesMissing:
    notes = None
if notes is not None:
    t0 = time.perf_counter(); problems = claims.check_quotes(pages, notes, allow)
    out["quotations"] = time.perf_counter() - t0
    assert not problems, problems[:3]
t0 = time.perf_counter()
problems = [p for page, text in pages.items() for p in claims.box_problems(text, page)]
out["correction boxes"] = time.perf_counter() - t0
assert not problems, problems[:3]
if notes is not None:
    def stdout_of(snippet):
        entry = Cache().read(SNIPPETS_DIR / snippet)
        return None if entry is None else entry.stdout
    t0 = time.perf_counter(); problems = claims.errata_problems(errata_data.load().entries, notes, stdout_of)
    out["errata evidence"] = time.perf_counter() - t0
    assert not problems, problems[:3]
import markdown
from mkdocs.config import load_config
config = load_config("mkdocs.yml")
md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
t0 = time.perf_counter(); md.convert((DOCS_DIR / "verification.md").read_text(encoding="utf-8"))
out["verification report (numbers cache empty)"] = time.perf_counter() - t0
print(json.dumps(out))
'''


def measure(ws: Path, *, serve: bool = True) -> dict:
    py = sys.executable
    found: dict = {}
    shutil.rmtree(ws / ".cache" / "numbers", ignore_errors=True)
    proc = subprocess.run([py, "-c", CHECKS_CHILD], cwd=ws, env=_env(ws), capture_output=True, text=True,
                          timeout=3600)
    if proc.returncode != 0:
        sys.exit(f"scale: the checks failed in {ws}:\n{proc.stderr[-4000:]}")
    found["checks"] = json.loads(proc.stdout.strip().splitlines()[-1])
    site, zsite = ws / "site", ws / "site-zensical"
    build = [py, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    found["cold build"], _ = _timed(build, ws, SNIPPETKIT_FORBID_TENSORFLOW="1")
    time.sleep(filememo.RACY_SECONDS + 0.5)  # a warm build comes later than that: see the module
    found["warm build"] = min(_timed(build, ws, SNIPPETKIT_FORBID_TENSORFLOW="1")[0] for _ in range(2))
    found["zensical build"], _ = _timed([py, "-m", "snippetkit.publish.site", "zensical", "--site-dir", str(zsite)],
                                        ws)
    found["search index"] = {"mkdocs": (site / "search" / "search_index.json").stat().st_size,
                             "zensical": (zsite / "search.json").stat().st_size}
    found["first load"] = {}
    for builder, path in (("mkdocs", site), ("zensical", zsite)):
        served = site_weight.measure(path)
        found["first load"][builder] = None if served is None else sum(s.size for s in served)
    if serve:
        times = bench.serve_edits(caches=True, root=ws)
        found["serve"] = sorted(times)[len(times) // 2]
    return found


# ---- the table ----------------------------------------------------------------------------------

def rows(results: dict) -> list[tuple[str, str, str, str]]:
    """(what, 1x, 10x, growth) for each measurement of the two sizes in `results`."""
    small, big = results["sizes"]
    a, b = results["at"][small], results["at"][big]
    out = []

    def add(label, x, y, fmt):
        growth = f"{y / x:.2f}x" if x and y is not None else ""
        out.append((label, fmt(x), fmt(y), growth))

    def seconds(v):
        return "" if v is None else f"{v:.2f} s"

    def megabytes(v):
        return "no browser" if v is None else f"{v / 1e6:.2f} MB"

    add("pages (in the nav)", a["pages"], b["pages"], str)
    add("snippets (files under snippets/)", a["snippets"], b["snippets"], str)
    add("cold `make site` (outputs cached, build caches empty)", a["cold build"], b["cold build"], seconds)
    add("warm `make site` (nothing changed)", a["warm build"], b["warm build"], seconds)
    add("`make site-zensical`", a["zensical build"], b["zensical build"], seconds)
    for name in a["checks"]:
        add(f"check: {name}" if "report" not in name else name, a["checks"][name], b["checks"].get(name), seconds)
    for builder in ("mkdocs", "zensical"):
        add(f"search index ({builder}), fetched on the first search", a["search index"][builder],
            b["search index"][builder], megabytes)
    for builder in ("mkdocs", "zensical"):
        add(f"home page's first load ({builder}; budget 1.5 MB)", a["first load"][builder], b["first load"][builder],
            megabytes)
    if "serve" in a and "serve" in b:
        add("`make serve`: edit to served page (median of 3)", a["serve"], b["serve"], seconds)
    return out


def table(results: dict) -> list[str]:
    small, big = results["sizes"]
    head = (f"{'':<62} {small + 'x':>11} {big + 'x':>11} {'growth':>8}")
    lines = [f"Content at {small}x and {big}x ({results['when']}, {results['cpus']} CPUs, load average "
             f"{results['load'][0]:.1f} at the start, {results['load'][1]:.1f} at the end)", head]
    lines += [f"{label:<62} {x:>11} {y:>11} {g:>8}" for label, x, y, g in rows(results)]
    return lines


def markdown_table(results: dict) -> str:
    small, big = results["sizes"]
    out = [f"| measured ({results['when']}, {results['cpus']} CPUs, load average {results['load'][0]:.1f} to "
           f"{results['load'][1]:.1f}) | {small}x | {big}x | growth |", "| --- | ---: | ---: | ---: |"]
    out += [f"| {label} | {x} | {y} | {g} |" for label, x, y, g in rows(results)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.devtools.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", default="1,10", help="the two sizes, as copies of each chapter (default 1,10)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"where the results go (default {RESULTS})")
    parser.add_argument("--no-serve", action="store_true", help="leave out make serve's edit-to-page time")
    args = parser.parse_args(argv)
    try:
        sizes = [int(f) for f in args.factors.split(",")]
        assert len(sizes) == 2 and all(f >= 1 for f in sizes)
    except (ValueError, AssertionError):
        parser.error(f"--factors must be two positive integers, e.g. 1,10, not {args.factors!r}")
    results = {"sizes": [str(f) for f in sizes], "at": {}, "cpus": os.cpu_count(), "load": [os.getloadavg()[0]],
               "when": time.strftime("%Y-%m-%d")}
    for factor in sizes:
        with tempfile.TemporaryDirectory(prefix=f"scale-{factor}x-") as tmp:
            ws = Path(tmp)
            counts = make_workspace(ws, factor)
            print(f"scale: {factor}x: {counts['pages']} pages, {counts['snippets']} snippets in {ws}", flush=True)
            results["at"][str(factor)] = {**counts, **measure(ws, serve=not args.no_serve)}
    results["load"].append(os.getloadavg()[0])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print("\n".join(table(results)))
    print(f"\nscale: results in {args.json}; `python -m snippetkit.devtools.readme_figures` puts them in README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
