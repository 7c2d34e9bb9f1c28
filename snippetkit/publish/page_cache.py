"""MkDocs only: each page's rendered HTML kept between builds, keyed by every input of the site.

A warm `make site` with nothing changed spends most of its time converting Markdown that gives
the same HTML as last time. The hook (`mkdocs_hook.on_pre_page`) asks this module for the page:

- The key of a page is its Markdown source and the *site digest*: the names of every file under
  `docs/`, the contents of its data files (`*.yml`) and the sizes and times of its other files
  (assets), every snippet, every current cache entry's manifest (path and time written), `mkdocs.yml` and
  `pyproject.toml`, the package's own code, the versions of MkDocs, Material, Python-Markdown,
  pymdownx and Pygments, and the `SITE_URL` and `SNIPPETKIT_*` variables (but where the snippet
  cache lives); each file named relative to its folder, so that a copy of the project hits the
  same pages. A page that reads the
  other pages (the errata page's `!errata page`, the verification report's directive) also has the
  contents of every page in its key; when that key misses (a page changed), such a page is looked
  up by a second key (`expanded_key`): its source with those directives expanded, that is, what
  it shows of the other pages, and the first key then points to the second. So an edited page
  renders itself, the two pages anew only if what they show changed, and any other change
  renders every page.
- A hit restores what `Page.render` sets: the HTML, the table of contents, the title found in it,
  the anchors it holds and its links to other pages' anchors (which MkDocs then validates as for
  a rendered page). The HTML has a file of its own (`<key>.html`, beside `<key>.json`): in an
  incremental build (`snippetkit.publish.incremental`) it is read only if the page's template is
  rendered, and the page carries its key (`page.content_key`), which stands for its content.
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

import markdown as markdown_module
from mkdocs.structure.toc import get_toc

from snippetkit import ROOT, exercises, filememo
from snippetkit.pages.errata import DIRECTIVE as ERRATA_DIRECTIVE
from snippetkit.pages.highlight import caches_enabled
from snippetkit.pages.report import DIRECTIVE as REPORT_DIRECTIVE
from snippetkit.publish import incremental

PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments")
CROSS_PAGE = ("snippetkit_errata", "snippetkit_report")  # the preprocessors that read other pages, in their order


def reads_other_pages(markdown: str) -> bool:
    """Whether a page's content depends on the other pages' sources (their headings, numbers)."""
    for line in markdown.split("\n"):
        errata = ERRATA_DIRECTIVE.match(line)
        if REPORT_DIRECTIVE.match(line) or (errata and (errata.group("args") or "").split() == ["page"]):
            return True
    return False


def _files(folder: Path, suffixes: tuple[str, ...] = (), depth: int | None = None) -> list[tuple[str, str]]:
    """(name relative to `folder`, path) of the files under it (with one of `suffixes`, `depth`
    folders deep at most), sorted by name; hidden and `__pycache__` folders left out."""
    found = []
    root = os.path.abspath(folder)
    for here, dirs, names in os.walk(root):
        rel = os.path.relpath(here, root)
        level = 0 if rel == "." else rel.count(os.sep) + 1
        dirs[:] = [] if depth is not None and level >= depth else \
            [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for n in names:
            if not suffixes or n.endswith(suffixes):
                found.append((n if rel == "." else f"{rel}/{n}".replace(os.sep, "/"), os.path.join(here, n)))
    return sorted(found)


def site_digest(docs_dir: Path, snippets_dir: Path, cache_root: Path, config_file: Path,
                manifests: list[tuple[str, int] | None] | None = None) -> tuple[str, str]:
    """(the digest of the site's inputs but the pages' sources, the digest of the pages' sources).

    Every file is named relative to its folder, so that a copy of the project with the same inputs
    (a test's sandbox, a clone elsewhere) has the same digest; where the snippet cache lives is
    therefore not part of it either (its entries are: each manifest by its time; `manifests`, when
    given, lists those of the current entries, as `snippetkit.publish.prepare` found them, instead
    of every manifest under the cache). Files are read through `snippetkit.filememo` (not read
    again while their stamps hold)."""
    digest, pages = hashlib.sha256(), hashlib.sha256()
    memo = filememo.memo()

    def add(label: str, data: str = "", into=digest) -> None:
        into.update(f"{label}\0{data}\0".encode())

    for rel, path in _files(docs_dir):
        if rel.endswith(".md"):
            add(f"docs:{rel}")
            add(f"docs:{rel}", memo.digest(path), into=pages)
        elif rel.endswith((".yml", ".yaml")):
            add(f"docs:{rel}", memo.digest(path))
        else:
            stat = os.stat(path)
            add(f"docs:{rel} {stat.st_size} {stat.st_mtime_ns}")
    for rel, path in _files(snippets_dir, (".py",)):
        add(f"snippets:{rel}", memo.digest(path))
    # The exercises' answers and mutation records: the report counts them.
    answers = (("wrong", exercises.WRONG_DIR), ("right", exercises.RIGHT_DIR), ("mutants", exercises.MUTANTS_DIR))
    for label, folder in answers:
        for rel, path in _files(folder):
            add(f"{label}:{rel}", memo.digest(path))
    if manifests is None:
        manifests = [(rel, os.stat(path).st_mtime_ns) for rel, path in _files(cache_root, ("manifest.json",), depth=3)]
    for found in sorted(m for m in manifests if m is not None):
        add(f"cache:{found[0]} {found[1]}")
    add("config", memo.digest(config_file) or "")
    project = [("pyproject.toml", str(ROOT / "pyproject.toml")),
               *((f"snippetkit/{rel}", path) for rel, path in _files(ROOT / "snippetkit", (".py",))),
               *((f"tests/{rel}", path) for rel, path in _files(ROOT / "tests", (".py",), depth=0))]
    for rel, path in project:  # the tests: the report shows the general claims' properties
        if os.path.isfile(path):
            add(f"project:{rel}", memo.digest(path))
    for package in PACKAGES:
        try:
            add(package, metadata.version(package))
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

    def expanded_key(self, page, markdown: str, config) -> str | None:
        """The key of a page that reads the other pages, by what it reads of them: its source with
        the directives that read them expanded (the errata page's entries, the verification
        report), so that an edit that changes nothing it shows does not render it anew. None
        when the site's Markdown has no such directive to run."""
        md = markdown_module.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        names = [n for n in CROSS_PAGE if n in md.preprocessors]
        if not names:
            return None
        lines = markdown.split("\n")
        for name in names:
            lines = md.preprocessors[name].run(lines)
        text = f"{self.digest}\0expanded\0{page.file.src_uri}\0{markdown}\0" + "\n".join(lines)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]

    def use(self, page, markdown: str, config=None) -> None:
        """Make `page.render` (of `markdown`, the page's source after the other plugins) read the
        saved page or render it and save it. A page that reads the other pages is looked up by
        every page's source first, then (with `config`) by what it reads of them (`expanded_key`):
        the first key then points to the second."""
        if not caches_enabled():
            return
        key = self.key(page, markdown)
        pointer = None
        memo = self.folder / f"{key}.json"
        try:
            saved = json.loads(memo.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = None
        if saved is None and config is not None and reads_other_pages(markdown):
            alias = self.expanded_key(page, markdown, config)
            if alias is not None:
                pointer, key = memo, alias
                saved = {"alias": alias}
        if saved is not None and "alias" in saved:
            key = saved["alias"]
            memo = self.folder / f"{key}.json"
            try:
                saved = json.loads(memo.read_text(encoding="utf-8"))
                if pointer is not None:
                    write_atomic(pointer, json.dumps({"alias": key}))
            except (OSError, ValueError):
                saved = None
        original = page.render

        def render(config, files):
            if saved is None:
                return render_and_save(config, files)
            links = {}
            for src_uri, anchors in saved["links"].items():
                target = files.get_file_from_path(src_uri)
                if target is None:  # cannot happen with an unchanged site digest; be safe
                    return render_and_save(config, files)
                links[target] = anchors
            if "content" in saved:  # written before the HTML had its own file
                page.content = saved["content"]
            elif incremental.current() is not None and not config.plugins.events.get("page_content"):
                page.content, page.content_file = "", memo.with_suffix(".html")  # read if the theme renders it
            else:
                try:
                    page.content = memo.with_suffix(".html").read_text(encoding="utf-8")
                except OSError:
                    return render_and_save(config, files)
            self.hits += 1
            page.toc = get_toc(saved["toc_tokens"])
            page._title_from_render = saved["title"]
            page.present_anchor_ids = set(saved["anchors"])
            page.links_to_anchors = links
            page.content_key = key
            return None

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
            data = {"toc_tokens": toc_tokens(page.toc),
                    "title": getattr(page, "_title_from_render", None),
                    "anchors": sorted(page.present_anchor_ids or ()),
                    "links": {f.src_uri: a for f, a in (getattr(page, "links_to_anchors", None) or {}).items()}}
            try:  # the HTML first: the JSON beside it says that both are complete
                write_atomic(memo.with_suffix(".html"), page.content)
                write_atomic(memo, json.dumps(data))
                if pointer is not None:
                    write_atomic(pointer, json.dumps({"alias": key}))
            except OSError:
                return None
            page.content_key = key
            return None

        page.render = render


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def toc_tokens(toc) -> list[dict]:
    """A table of contents back as Python-Markdown's toc tokens (what `get_toc` reads)."""
    return [{"level": i.level, "id": i.id, "name": i.title, "children": toc_tokens(i.children)} for i in toc]
