"""The site's pre-build step, for MkDocs and for Zensical alike.

What it promises:

- `ensure_entries()`: every snippet has a current cache entry before any page renders. The stale
  ones (no entry for their current key, or a corrupt one, which is reported and removed) are run
  by the engine's run loop, `snippetkit.engine.cli.run_snippets`, called in this process (the
  pool's workers import TensorFlow, this process does not). A snippet that fails is a
  `BuildError` naming it with file:line and the error; with a warm cache nothing runs.
- `ensure_wrong_answers()`: the same for the exercises' wrong and right answers (tests/wrong_answers/,
  tests/right_answers/, each composed into its starter under `.cache/exercises/` by
  `snippetkit.exercises`): each has a current entry, that is, its check rejected it with the message
  it must give (a right answer: accepted it), or the build fails naming it. The verification report
  counts them.
- `site_files()`: what the pages link to, as `{site path: file on disk}`: `snippets/<id>.py`
  (section markers removed), `snippets/<id>.ipynb` (jupytext), and the light and dark SVG of each
  figure (straight from the cache entry). Downloads are written under `.cache/site-files/`, only
  when their content changed (so `mkdocs serve` sees no spurious change).
- `python -m snippetkit.publish.site zensical` (`make site-zensical`) builds the site with Zensical, which
  runs the Markdown extensions (so `snippetkit.pages.outputs` attaches every output) but ignores
  MkDocs hooks and plugins: it builds from a generated docs folder `.cache/zensical/docs` (a copy
  of `docs/`, plus the site files above, plus one Markdown page per notebook page, showing the
  program with its output and the downloads, since Zensical cannot render notebooks) and a
  generated config (mkdocs.yml with `docs_dir`, `site_dir` and the nav's notebook entries
  overridden), then moves the result to `site-zensical/`.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from snippetkit import DOCS_DIR, ROOT, SNIPPETS_DIR, exercises
from snippetkit.cache import Cache
from snippetkit.engine import cli
from snippetkit.engine.pool import PoolError
from snippetkit.model import discover, display_path
from snippetkit.pages.nav import MKDOCS_YML, mkdocs_config, notebook_pages
from snippetkit.pages.notebook import download_py, to_notebook

log = logging.getLogger("snippetkit.publish.site")

NOTEBOOKS = ROOT / ".cache" / "notebooks"
ZENSICAL_WORK = ROOT / ".cache" / "zensical"
DOWNLOADS = "snippets"


class BuildError(RuntimeError):
    """The pages cannot be built: a snippet failed, or a cache entry could not be made."""


class ZensicalError(BuildError):
    """Zensical itself could not be run or did not build the site (`main` exits 4)."""


def _cache(snippets_dir: Path) -> Cache:
    return Cache(snippets_root=snippets_dir)


# ---- cache entries -----------------------------------------------------------------------------

def ensure_entries(snippets_dir: Path = SNIPPETS_DIR, *, info=log.info,
                   paths: list[Path] | None = None) -> dict[str, object]:
    """`{path under snippets_dir: Entry}` for every snippet (or those of `paths`), running the
    stale ones first."""
    cache = _cache(snippets_dir)
    paths = discover(snippets_dir) if paths is None else paths
    entries, stale = {}, []
    for path in paths:
        name = path.relative_to(snippets_dir).as_posix()
        # A corrupt entry is reported and rebuilt (info, not a warning: a strict build must not
        # abort on something it is about to repair).
        entry = cache.read_or_discard(path, warn=lambda msg: info(f"snippets: {msg}"))
        if entry is None:
            stale.append(name)
        else:
            entries[name] = entry
    if not stale:
        info(f"snippets: all {len(paths)} up to date (cache {display_path(cache.root)})")
        return entries
    ids = [n.removesuffix(".py") for n in stale]
    info(f"snippets: {len(paths) - len(stale)} up to date; re-running {len(stale)} whose key changed: "
         + ", ".join(ids))
    run_snippets(ids, snippets_dir, info=info)
    for name in stale:
        entry = cache.read(snippets_dir / name)
        if entry is None:
            raise BuildError(f"snippets: {display_path(snippets_dir / name)} ran but left no cache entry")
        entries[name] = entry
    return entries


def ensure_wrong_answers(snippets_dir: Path = SNIPPETS_DIR, *, info=log.info) -> int:
    """Every wrong and right answer of every exercise, composed into its starter, has a current entry
    (its check rejected or accepted it as it must); the stale ones run first. Returns how many there are."""
    paths = [path for ex in exercises.find(snippets_dir)
             for _, path in exercises.materialise(ex, answers=ex.wrong + ex.right)]
    cache = _cache(exercises.VARIANTS_DIR)
    stale = [p for p in paths if cache.read_or_discard(p, warn=lambda msg: info(f"exercises: {msg}")) is None]
    if stale:
        info(f"exercises: running {len(stale)} of {len(paths)} wrong and right answers whose key changed")
        run_snippets([p.relative_to(exercises.VARIANTS_DIR).with_suffix("").as_posix() for p in stale],
                     exercises.VARIANTS_DIR, info=info)
    return len(paths)


def run_snippets(ids: list[str], snippets_dir: Path, *, info=log.info) -> None:
    """Run `ids` and store their outputs (the engine's run loop, in this process: TensorFlow is
    imported by the pool's workers only); BuildError naming every failure with file:line."""
    paths = [snippets_dir / f"{i}.py" for i in ids]
    try:
        summary = cli.run_snippets(paths, snippets_dir, cache=True, say=lambda m: info(f"snippets: {m}"))
    except PoolError as exc:
        raise BuildError(f"snippets: the worker pool failed: {exc}") from exc
    info(f"snippets: {summary.passed} passed, {len(summary.failed)} failed in {summary.seconds:.1f} s")
    if summary.failed:
        detail = "\n".join(r.failure() for r in summary.failed)
        raise BuildError(f"snippets: {len(summary.failed)} snippet(s) failed:\n{detail}")


# ---- files the pages link to -------------------------------------------------------------------

def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # atomic: a reader never sees half a file


def notebook_for(source: str, entry=None) -> str:
    """The snippet's .ipynb download, carrying the outputs the site shows under the cells that
    printed and drew them; memoised by content and cache key (jupytext takes ~20 ms a snippet)."""
    key = getattr(entry, "key", "")
    digest = hashlib.sha256(source.encode("utf-8") + b"\0" + key.encode()).hexdigest()[:32]
    memo = NOTEBOOKS / f"{digest}.ipynb"
    try:
        return memo.read_text(encoding="utf-8")
    except OSError:
        if entry is None:
            text = to_notebook(source)
        else:
            text = to_notebook(source, stdout_lines=entry.stdout_lines, stdout=entry.stdout,
                               figures=entry.figures)
        _write_if_changed(memo, text)
        return text


def site_files(entries: dict[str, object], snippets_dir: Path = SNIPPETS_DIR,
               out: Path | None = None) -> dict[str, Path]:
    """`{site path: file}`: downloads (written under `out`, by default `site-files/` beside the
    cache folder) and figures (in the cache)."""
    out = out or _cache(snippets_dir).root.parent / "site-files"
    files: dict[str, Path] = {}
    for name, entry in sorted(entries.items()):
        sid = name.removesuffix(".py")
        source = (snippets_dir / name).read_text(encoding="utf-8")
        py = download_py(source, entry.stdout, name=Path(name).name)
        for suffix, text in ((".py", py), (".ipynb", notebook_for(source, entry))):
            uri = f"{DOWNLOADS}/{sid}{suffix}"
            _write_if_changed(out / uri, text)
            files[uri] = out / uri
        for file in [f for fig in entry.figures for f in (fig.light, fig.dark)] + \
                [f for out in entry.outputs for f in out.files.values()]:
            files[f"{DOWNLOADS}/{sid}/{file.name}"] = Path(file)
    return files


# ---- Zensical ----------------------------------------------------------------------------------

def notebook_page_markdown(title: str, snippet: str) -> str:
    """The page Zensical shows where MkDocs renders a notebook: the program, its output and figures
    (attached by snippetkit.pages.outputs) and the downloads, said plainly."""
    return (f"# {title}\n\n"
            '!!! info "A notebook page"\n'
            "    This worked example is a Jupyter notebook. This build cannot render notebooks, so it\n"
            "    shows the same program with what it printed and drew; download it as a notebook\n"
            "    (`.ipynb`) or as a script (`.py`) with the links under the code.\n\n"
            f'```python title="{snippet}"\n--8<-- "{snippet}"\n```\n')


def _rewrite_nav(nav, pages: dict[str, str], titles: dict[str, str]):
    if isinstance(nav, list):
        return [_rewrite_nav(item, pages, titles) for item in nav]
    if isinstance(nav, dict):
        out = {}
        for label, value in nav.items():
            if isinstance(value, str) and value in pages:
                titles[value] = label
                value = value.removesuffix(".py") + ".md"
            out[label] = _rewrite_nav(value, pages, titles)
        return out
    if isinstance(nav, str) and nav in pages:
        titles[nav] = nav
        return nav.removesuffix(".py") + ".md"
    return nav


def prepare_zensical(entries: dict[str, object], work: Path = ZENSICAL_WORK) -> Path:
    """Write the docs folder and config Zensical builds from; return the config's path."""
    config = mkdocs_config()
    pages = notebook_pages()
    docs = work / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(DOCS_DIR, docs)
    for uri, src in site_files(entries).items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, docs / uri)
    titles: dict[str, str] = {}
    nav = _rewrite_nav(config.get("nav") or [], pages, titles)
    for page, snippet in pages.items():
        target = docs / (page.removesuffix(".py") + ".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(notebook_page_markdown(titles.get(page, page), snippet), encoding="utf-8")
    # mkdocs.yml as written, then the keys that differ (YAML: the last of duplicate keys wins),
    # so that tags (`!ENV`, `!!python/name:`) reach Zensical untouched.
    overrides = {"docs_dir": "docs", "site_dir": "site", "nav": nav}
    text = MKDOCS_YML.read_text(encoding="utf-8")
    text += "\n# ---- generated by snippetkit.publish.site for Zensical ----\n"
    text += "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in overrides.items())
    (work / "mkdocs.yml").write_text(text, encoding="utf-8")
    return work / "mkdocs.yml"


def build_zensical(site_dir: Path = ROOT / "site-zensical", *, info=log.info) -> Path:
    """Build the site with Zensical into `site_dir`. BuildError when a snippet fails;
    ZensicalError when Zensical is missing or fails on its own."""
    started = time.perf_counter()
    if importlib.util.find_spec("zensical") is None:
        raise ZensicalError("zensical is not installed: `make install` installs the dev extra")
    entries = ensure_entries(SNIPPETS_DIR, info=info)
    ensure_wrong_answers(SNIPPETS_DIR, info=info)
    config = prepare_zensical(entries)
    built = config.parent / "site"
    if built.exists():
        shutil.rmtree(built)
    try:
        proc = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config)],
                              cwd=ROOT, capture_output=True, text=True)
    except OSError as exc:
        raise ZensicalError(f"zensical could not be started: {exc}") from exc
    output = (proc.stdout + proc.stderr).strip()
    if output:
        info(output)
    if proc.returncode != 0 or not (built / "index.html").is_file():
        raise ZensicalError(f"zensical build failed (exit status {proc.returncode}):\n{output[-4000:]}")
    if site_dir.exists():
        shutil.rmtree(site_dir)
    shutil.move(str(built), site_dir)
    info(f"site-zensical: built {site_dir.relative_to(ROOT) if site_dir.is_relative_to(ROOT) else site_dir} "
         f"in {time.perf_counter() - started:.1f} s")
    return site_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.publish.site", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare", help="make every snippet's cache entry current (what a build does first)")
    z = sub.add_parser("zensical", help="build the site with Zensical into site-zensical/")
    z.add_argument("--site-dir", type=Path, default=ROOT / "site-zensical")
    args = parser.parse_args(argv)
    info = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    try:
        if args.command == "prepare":
            site_files(ensure_entries(SNIPPETS_DIR, info=info))
            ensure_wrong_answers(SNIPPETS_DIR, info=info)
        else:
            build_zensical(args.site_dir.resolve(), info=info)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 4 if isinstance(exc, ZensicalError) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
