"""MkDocs only: each page's rendered HTML kept between builds, keyed by every input of the site.

A warm `make site` with nothing changed spends most of its time converting Markdown that gives
the same HTML as last time. The hook (`mkdocs_hook.on_pre_page`) asks this module for the page:

- The key of a page is its Markdown source and the *site digest*: the names of every file under
  `docs/`, the contents of its data files (`*.yml`) and the sizes and times of its other files
  (assets), every snippet, every cache entry's manifest (path and time written), `mkdocs.yml` and
  `pyproject.toml`, the package's own code, the versions of MkDocs, Material, Python-Markdown,
  pymdownx and Pygments, and the `SITE_URL` and `SNIPPETKIT_*` variables (but where the snippet
  cache lives); each file named relative to its folder, so that a copy of the project hits the
  same pages. A page that reads the
  other pages (the errata page's `!errata page`, the verification report's directive) also has the
  contents of every page in its key. So an edited page renders itself and those two pages anew
  (what `mkdocs serve` needs: an edit shows in about 2 s), and any other change renders every page.
- A hit restores what `Page.render` sets: the HTML, the table of contents, the title found in it,
  the anchors it holds and its links to other pages' anchors (which MkDocs then validates as for
  a rendered page).
- A page is saved only when its render logged no warning: a strict build that failed on a page
  fails again on the next build.
- `SNIPPETKIT_BUILD_CACHES=0` turns it off (`make bench` measures the build without it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib import metadata
from pathlib import Path

from mkdocs.structure.toc import get_toc

from snippetkit import ROOT, exercises
from snippetkit.pages.errata import DIRECTIVE as ERRATA_DIRECTIVE
from snippetkit.pages.highlight import caches_enabled
from snippetkit.pages.report import DIRECTIVE as REPORT_DIRECTIVE

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments")


def reads_other_pages(markdown: str) -> bool:
    """Whether a page's content depends on the other pages' sources (their headings, numbers)."""
    for line in markdown.split("\n"):
        errata = ERRATA_DIRECTIVE.match(line)
        if REPORT_DIRECTIVE.match(line) or (errata and (errata.group("args") or "").split() == ["page"]):
            return True
    return False


def site_digest(docs_dir: Path, snippets_dir: Path, cache_root: Path, config_file: Path) -> tuple[str, str]:
    """(the digest of the site's inputs but the pages' sources, the digest of the pages' sources).

    Every file is named relative to its folder, so that a copy of the project with the same inputs
    (a test's sandbox, a clone elsewhere) has the same digest; where the snippet cache lives is
    therefore not part of it either (its entries are: each manifest by its time)."""
    digest, pages = hashlib.sha256(), hashlib.sha256()

    def add(label: str, data: bytes = b"", into=digest) -> None:
        into.update(label.encode("utf-8") + b"\0" + data + b"\0")

    def name(kind: str, path: Path, folder: Path) -> str:
        return f"{kind}:{path.relative_to(folder).as_posix()}"

    for path in sorted(docs_dir.rglob("*")):
        if path.is_file():
            if path.suffix == ".md":
                add(name("docs", path, docs_dir))
                add(name("docs", path, docs_dir), path.read_bytes(), into=pages)
            elif path.suffix in (".yml", ".yaml"):
                add(name("docs", path, docs_dir), path.read_bytes())
            else:
                stat = path.stat()
                add(f"{name('docs', path, docs_dir)} {stat.st_size} {stat.st_mtime_ns}")
    for path in sorted(snippets_dir.rglob("*.py")):
        add(name("snippets", path, snippets_dir), path.read_bytes())
    # The exercises' answers and mutation records: the report counts them.
    answers = (("wrong", exercises.WRONG_DIR), ("right", exercises.RIGHT_DIR), ("mutants", exercises.MUTANTS_DIR))
    for label, folder in answers:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            add(name(label, path, folder), path.read_bytes())
    for path in sorted(cache_root.glob("*/*/*/manifest.json")):
        add(f"{name('cache', path, cache_root)} {path.stat().st_mtime_ns}")
    add("config", Path(config_file).read_bytes() if Path(config_file).is_file() else b"")
    for path in [ROOT / "pyproject.toml", *sorted((ROOT / "snippetkit").rglob("*.py")),
                 *sorted((ROOT / "tests").glob("*.py"))]:  # the report shows the general claims' properties
        if path.is_file():
            add(name("project", path, ROOT), path.read_bytes())
    for package in PACKAGES:
        try:
            add(package, metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            add(package)
    add(json.dumps(sorted((k, v) for k, v in os.environ.items()
                          if (k.startswith("SNIPPETKIT_") and k != "SNIPPETKIT_CACHE_DIR") or k == "SITE_URL")))
    return digest.hexdigest(), pages.hexdigest()


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


class PageCache:
    """The pages of one build: `use(page)` makes `page.render` read or save its HTML."""

    def __init__(self, folder: Path, digests: tuple[str, str]):
        self.folder = folder
        self.digest, self.pages_digest = digests
        self.hits = self.renders = 0

    def key(self, page, markdown: str) -> str:
        pages = self.pages_digest if reads_other_pages(markdown) else ""
        text = f"{self.digest}\0{pages}\0{page.file.src_uri}\0{markdown}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]

    def use(self, page, markdown: str) -> None:
        """Make `page.render` (of `markdown`, the page's source after the other plugins) read the
        saved page or render it and save it."""
        if not caches_enabled():
            return
        memo = self.folder / f"{self.key(page, markdown)}.json"
        try:
            saved = json.loads(memo.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = None
        original = page.render

        def render(config, files):
            if saved is not None:
                self.hits += 1
                page.content, page.toc = saved["content"], get_toc(saved["toc_tokens"])
                page._title_from_render = saved["title"]
                page.present_anchor_ids = set(saved["anchors"])
                links = {}
                for src_uri, anchors in saved["links"].items():
                    target = files.get_file_from_path(src_uri)
                    if target is None:  # cannot happen with an unchanged site digest; be safe
                        return render_and_save(config, files)
                    links[target] = anchors
                page.links_to_anchors = links
                return None
            return render_and_save(config, files)

        def render_and_save(config, files):
            self.renders += 1
            warnings = _Warnings()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(warnings)
            try:
                original(config, files)
            finally:
                logger.removeHandler(warnings)
            if warnings.count:
                return None
            data = {"content": page.content, "toc_tokens": toc_tokens(page.toc),
                    "title": getattr(page, "_title_from_render", None),
                    "anchors": sorted(page.present_anchor_ids or ()),
                    "links": {f.src_uri: a for f, a in (getattr(page, "links_to_anchors", None) or {}).items()}}
            try:
                memo.parent.mkdir(parents=True, exist_ok=True)
                tmp = memo.with_name(f".{memo.name}.{os.getpid()}.tmp")
                tmp.write_text(json.dumps(data), encoding="utf-8")
                os.replace(tmp, memo)
            except OSError:
                pass
            return None

        page.render = render


def toc_tokens(toc) -> list[dict]:
    """A table of contents back as Python-Markdown's toc tokens (what `get_toc` reads)."""
    return [{"level": i.level, "id": i.id, "name": i.title, "children": toc_tokens(i.children)} for i in toc]
