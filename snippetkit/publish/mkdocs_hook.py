"""MkDocs-only glue (a hook, listed under `hooks:` in mkdocs.yml); the pages themselves are done by
the Markdown extension `snippetkit.pages.outputs`, which Zensical runs too.

What it does, for `mkdocs build` and `mkdocs serve`:

- With the build's caches on and a build that is not `--dirty`, the build updates the site folder
  in place (`snippetkit.publish.incremental`, set up in `on_pre_build`): only what changed is
  written, and what the build no longer makes is removed.
- Before any page renders (`on_files`): the pre-build step gives every snippet a current cache
  entry (re-running the stale ones through the engine's run loop) and writes the downloads; a
  failing snippet fails the build, named with file:line. It goes through
  `snippetkit.publish.prepare`, which does not read again a snippet whose source, entry and
  downloads kept their stamps. Then the downloads and the figure files the pages link to are added
  to the site (`snippets/<id>.py`, `.ipynb`, `fig-N.svg`, `fig-N-dark.svg`).
- Then the general claims (`snippetkit.checks.general`, through `prepare.general_problems`): each
  general sentence of the pages, the errata and the snippets without a binding or an allowance,
  and each stale entry of `docs/general-claims.yml`, is a warning, so `mkdocs build --strict`
  fails on it.
- Notebook pages (`notebook_pages`: `{page.py: snippet.py}`) are rendered by mkdocs-jupyter from
  the snippet's `.ipynb` download, which already carries the outputs of the cache entry (the
  pre-build step wrote it): `execute` is off, no Jupyter kernel starts, and each snippet runs once
  per build, in the pool, so the page shows the same outputs as every other page.
  mkdocs-jupyter is not listed under `plugins:` (importing it costs ~3 s): this hook loads it only
  when a notebook page must be rendered anew, and otherwise serves the page it rendered last time
  for the same notebook (outputs included), options and versions (`.cache/notebook-pages`, beside the snippet cache).
- Material's search index: the entries of each page are memoised by the page's content (its
  content key when the page cache or the notebook memo gave it one, else its HTML), table of
  contents, URL, title and the search settings (`.cache/search-entries/`), so a warm build parses
  only the pages whose HTML changed; in an incremental build the index is put together from them
  in page order, or kept (`SNIPPETKIT_BUILD_CACHES=0` turns it off).
- Every other page: its HTML from the last build when no input of the site changed
  (`snippetkit.publish.page_cache`; `.cache/pages/`); `on_env` gives the incremental build the
  navigation's digest, once every page's title is known.
- `mkdocs serve` also watches `snippets/`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

import mkdocs.utils as mkdocs_utils
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from snippetkit import errata_data, filememo
from snippetkit.cache import Cache
from snippetkit.pages.highlight import caches_enabled
from snippetkit.pages.nav import notebook_pages
from snippetkit.publish import incremental, prepare
from snippetkit.publish.page_cache import PageCache, site_digest, toc_tokens, write_atomic
from snippetkit.publish.site import DOWNLOADS, BuildError

log = logging.getLogger("mkdocs.hooks.snippets")

JUPYTER_OPTIONS = {
    "execute": False,  # the .ipynb carries the cached outputs: never run a snippet a second time
    "allow_errors": False,
    "cache": False,  # this hook keeps the rendered pages itself (PAGE_CACHE)
    "include_source": False,  # a copy of the .py beside the page that nothing links to: see the downloads
    "include_requirejs": False,
    "ignore_h1_titles": True,
}


class _State:
    snippets_dir: Path
    pages: dict[str, str]
    notebooks: dict[str, Path]  # notebook page -> its .ipynb (with the cached outputs)
    page_cache: PageCache
    jupyter = None  # the mkdocs-jupyter plugin, once loaded


_state = _State()


def _snippets_dir(config) -> Path:
    """The first `base_path` of pymdownx.snippets (relative to the working directory, as there)."""
    options = config.mdx_configs.get("pymdownx.snippets") or {}
    base = options.get("base_path") or ["."]
    base = base[0] if isinstance(base, list) else base
    return Path(base).resolve()


def on_config(config):
    _state.snippets_dir = _snippets_dir(config)
    try:
        _state.pages = notebook_pages()
    except BuildError as exc:
        raise PluginError(str(exc)) from exc
    return config


@event_priority(100)
def on_pre_build(config) -> None:
    """An incremental build of the site folder when the build's caches are on (it starts if MkDocs
    then asks to empty the folder, that is, unless the build is `--dirty`)."""
    if caches_enabled():
        root = Cache(snippets_root=_state.snippets_dir).root.parent
        incremental.begin(config.site_dir, root / "site-builds")
        errata_data.in_build(object())


def on_build_error(error) -> None:
    incremental.abandon()
    errata_data.in_build(None)


@event_priority(100)
def on_files(files: Files, config) -> Files:
    _memoise_search(config)
    salt, manifests = prepare.context(_state.snippets_dir), []
    try:
        published = prepare.published(_state.snippets_dir, info=log.info, salt=salt, manifests=manifests)
        prepare.wrong_answers(_state.snippets_dir, info=log.info, salt=salt, manifests=manifests)
    except BuildError as exc:
        raise PluginError(str(exc)) from exc
    for problem in prepare.general_problems(Path(config.docs_dir), _state.snippets_dir, salt):
        log.warning("general claims: %s", problem)
    cache_root = Cache(snippets_root=_state.snippets_dir).root
    _state.page_cache = PageCache(cache_root.parent / "pages", site_digest(
        Path(config.docs_dir), _state.snippets_dir, cache_root, Path(config.config_file_path), manifests))
    for uri, path in published.items():
        files.append(File.generated(config, uri, abs_src_path=str(path), inclusion=InclusionLevel.INCLUDED))
    _state.notebooks = {}
    for page, name in _state.pages.items():
        notebook = published.get(f"{DOWNLOADS}/{name.removesuffix('.py')}.ipynb")
        if notebook is None:
            raise PluginError(f"notebook_pages: {page} -> {name}: snippets/{name} does not exist")
        _state.notebooks[page] = Path(notebook)
        # The page's source is the .ipynb download with the cached outputs (rendered, not executed).
        files.append(NotebookPageFile.generated(config, page, abs_src_path=str(notebook)))
    return files


def on_nav(nav, config, files):
    _state.nav = nav
    return nav


def on_env(env, config, files):
    """Every page has been read: the navigation's digest (every title is known now) goes into each
    page's final key, and the static files are copied only when they changed."""
    build = incremental.current()
    if build is not None:
        build.site_key = incremental.final_key(
            _state.page_cache.digest, _nav_digest(_state.nav), config.site_url, config.use_directory_urls,
            [str(d) for d in config.theme.dirs], [(f.src_uri, f.url) for f in files.documentation_pages()])
        files.copy_static_files = lambda dirty=False, inclusion=None: build.copy_static_files(
            files, dirty, inclusion=inclusion)
    return env


def _nav_digest(nav) -> list:
    """What the navigation of every page shows: each item's kind, title, URL and children, and the homepage."""
    def item(i):
        return [type(i).__name__, i.title, getattr(i, "url", None), [item(c) for c in (i.children or [])]]
    return [[item(i) for i in nav.items], nav.homepage.url if nav.homepage else None]


# ---- notebook pages: mkdocs-jupyter, loaded only when a page must be rendered anew ------------

def _page_cache() -> Path:
    """`notebook-pages/` beside the snippet cache (`.cache/notebook-pages` by default)."""
    return Cache(snippets_root=_state.snippets_dir).root.parent / "notebook-pages"


def _page_key(page, config) -> str:
    """`<page name>-<digest of the notebook, the options and the versions>`."""
    digest = hashlib.sha256(filememo.digest(_state.notebooks[page.file.src_uri]).encode())  # code and outputs
    parts = {"options": JUPYTER_OPTIONS,
             "versions": {p: _version(p) for p in ("mkdocs-jupyter", "nbconvert", "mkdocs-material")}}
    digest.update(json.dumps(parts, sort_keys=True, default=str).encode())
    return f"{page.file.name}-{digest.hexdigest()[:24]}"


@cache
def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def _jupyter(config):
    """The mkdocs-jupyter plugin, configured for exactly the notebook pages' snippets (loaded on
    first use: it imports nbconvert and jupytext)."""
    if _state.jupyter is None:
        from mkdocs_jupyter.plugin import Plugin

        plugin = Plugin()
        include = [str(path.resolve()) for path in _state.notebooks.values()]
        errors, _ = plugin.load_config({**JUPYTER_OPTIONS, "include": include})
        if errors:
            raise PluginError(f"mkdocs-jupyter: {errors}")
        plugin.on_pre_build(config)
        _state.jupyter = plugin
    return _state.jupyter


class NotebookPageFile(File):
    """A snippet published as a page (`notebooks/x.py` -> `notebooks/x/index.html`)."""

    def is_documentation_page(self) -> bool:
        return True


def on_pre_page(page, config, files):
    """Render a notebook page from the page saved last time for the same notebook and settings, or
    with mkdocs-jupyter (executing the notebook) and save it."""
    if page.file.src_uri not in _state.pages:
        return page
    memo = _page_cache() / f"{_page_key(page, config)}.json"
    try:
        saved = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None
    if saved is not None:
        def render_saved(config, files):
            if "content" in saved:  # written before the HTML had its own file
                page.content = saved["content"]
            elif incremental.current() is not None and not config.plugins.events.get("page_content"):
                page.content, page.content_file = "", memo.with_suffix(".html")  # read if the theme renders it
            else:
                page.content = memo.with_suffix(".html").read_text(encoding="utf-8")
            page.toc, page.content_key = get_toc(saved["toc_tokens"]), memo.stem
        page.render = render_saved
        return page

    log.info("snippets: rendering the notebook page %s from its cached outputs with mkdocs-jupyter",
             page.file.src_uri)
    page = _jupyter(config).on_pre_page(page, config, files) or page
    jupyter_render = page.render

    def render_and_save(config, files):
        jupyter_render(config, files)
        memo.parent.mkdir(parents=True, exist_ok=True)
        for old in [*memo.parent.glob(f"{page.file.name}-*.json"), *memo.parent.glob(f"{page.file.name}-*.html")]:
            old.unlink()
        write_atomic(memo.with_suffix(".html"), page.content)  # first: the JSON says both are complete
        write_atomic(memo, json.dumps({"toc_tokens": toc_tokens(page.toc)}))
        page.content_key = memo.stem
    page.render = render_and_save
    return page


@event_priority(-100)  # last: the markdown as every other plugin left it
def on_page_markdown(markdown, page, config, files):
    """Every other page: its HTML from the last build when no input of the site changed
    (`snippetkit.publish.page_cache`)."""
    if page.file.src_uri not in _state.pages:
        _state.page_cache.use(page, markdown, config)
    return markdown


# ---- Material's search index: each page's entries memoised by its content -------------------

def _memoise_search(config) -> None:
    """Wrap the search plugin's `add_entry_from_context` (once per index) with a memo on disk, keyed
    by the page's content (its content key when it has one, else its HTML), table of contents, URL,
    title and search settings. In an incremental build every page takes its place in the index in
    order, a page whose template was not rendered by its content key alone (`incremental`), and the
    plugin's `on_post_build` writes the index only when some entry, the settings or the file changed."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(plugin, "search_index", None)
    if index is None or getattr(index, "memoised", False) or not caches_enabled():
        return
    add = index.add_entry_from_context
    folder = Cache(snippets_root=_state.snippets_dir).root.parent / "search-entries"
    settings = json.dumps([index.config, _version("mkdocs-material")], sort_keys=True, default=repr)
    slots: list[tuple[str | None, list | None, object]] = []  # (memo, entries, page) per page, in order

    def memo_of(page) -> Path:
        content = getattr(page, "content_key", None)
        parts = [settings, "compact", ["key", content] if content else page.content, page.url, page.title,
                 page.meta.get("search")]
        if not content:
            parts.append(toc_tokens(page.toc or []))
        return folder / f"{hashlib.sha256(json.dumps(parts, default=repr).encode()).hexdigest()[:40]}.json"

    def entries_of(page, memo: Path | None) -> list:
        try:
            return json.loads(memo.read_text(encoding="utf-8"))
        except (OSError, ValueError, AttributeError):
            pass
        incremental.load_content(page)
        before = len(index.entries)
        add(page)
        entries = index.entries[before:]
        del index.entries[before:]
        if memo is not None:
            try:  # as the plugin writes the index, so that the index can be put together from the files
                write_atomic(memo, json.dumps(entries, separators=(",", ":"), default=str))
            except (TypeError, ValueError):  # an entry that JSON cannot hold: not memoised
                memo.unlink(missing_ok=True)
        return entries

    def add_entry_from_context(page):
        memo = memo_of(page)
        if incremental.current() is None:
            index.entries.extend(entries_of(page, memo))
        elif getattr(page, "skipped_template", False):  # read only if the index is written anew
            slots.append((str(memo), None, page))
        else:
            entries = entries_of(page, memo)
            slots.append((str(memo) if memo.is_file() else None, entries, page))

    index.add_entry_from_context = add_entry_from_context
    index.memoised = True
    build = incremental.current()
    if build is not None:
        build.index_page = add_entry_from_context
    events = config.plugins.events["post_build"]
    for i, method in enumerate(events):
        if getattr(method, "__self__", None) is plugin:
            events[i] = _search_post_build(method, index, slots, settings, entries_of)


SEARCH_CONFIG = ("lang", "separator", "pipeline", "fields")  # what Material's index holds of its settings


def _search_post_build(write, index, slots, settings, entries_of):
    """The search plugin's `on_post_build`: in an incremental build, the index is kept when it would
    be the same file, and otherwise put together from each page's entries as text, in page order,
    as the plugin writes it (`json.dumps` with the same separators; tests/test_site.py compares the
    file with a clean build's)."""
    def on_post_build(config):
        build = incremental.current()
        if build is None:
            return write(config=config)
        path = os.path.join(config.site_dir, "search", "search_index.json")
        rel = build.rel(path)
        memos = [memo for memo, _, _ in slots]
        key = None if None in memos else incremental.final_key(settings, memos, index.config)
        if key is not None and build.intact(rel, key=key):
            build.keep(rel)
            return None
        docs = []
        for memo, entries, page in slots:
            try:
                text = json.dumps(entries, separators=(",", ":"), default=str) if entries is not None else \
                    Path(memo).read_text(encoding="utf-8")
            except OSError:
                text = json.dumps(entries_of(page, Path(memo)), separators=(",", ":"), default=str)
            if text != "[]":
                docs.append(text[1:-1])
        head = json.dumps({k: index.config[k] for k in SEARCH_CONFIG}, separators=(",", ":"), default=str)
        mkdocs_utils.write_file(f'{{"config":{head},"docs":[{",".join(docs)}]}}'.encode(), path)
        if key is not None and rel in build.outputs:
            build.outputs[rel]["key"] = key
        return None
    return on_post_build


def on_serve(server, config, builder):
    server.watch(str(_state.snippets_dir))
    return server


@event_priority(-100)  # last: after the search plugin wrote its index
def on_post_build(config) -> None:
    if os.environ.get("SNIPPETKIT_FORBID_TENSORFLOW") and "tensorflow" in sys.modules:
        raise PluginError("snippets: TensorFlow was imported by the site build "
                          "(SNIPPETKIT_FORBID_TENSORFLOW is set)")
    incremental.end()
    errata_data.in_build(None)
    filememo.save()
