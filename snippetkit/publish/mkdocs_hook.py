"""MkDocs-only glue (a hook, listed under `hooks:` in mkdocs.yml); the pages themselves are done by
the Markdown extension `snippetkit.pages.outputs`, which Zensical runs too.

What it does, for `mkdocs build` and `mkdocs serve`:

- Before any page renders (`on_files`): the pre-build step, `snippetkit.publish.site.ensure_entries`,
  gives every snippet a current cache entry (re-running the stale ones through the CLI's JSON-lines
  interface); a failing snippet fails the build, named with file:line. Then the downloads and the
  figure files the pages link to are added to the site (`snippets/<id>.py`, `.ipynb`, `fig-N.svg`,
  `fig-N-dark.svg`).
- Notebook pages (`notebook_pages`: `{page.py: snippet.py}`) are handed to mkdocs-jupyter, which
  executes and renders them. mkdocs-jupyter is not listed under `plugins:` (importing it costs
  ~3 s): this hook loads it only when a notebook page must be rendered anew, and otherwise serves
  the page it rendered last time for the same notebook, theme and versions (`.cache/notebook-pages`).
- `mkdocs serve` also watches `snippets/`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from snippetkit import ROOT
from snippetkit.pages.nav import notebook_pages
from snippetkit.publish.site import BuildError, ensure_entries, ensure_wrong_answers, site_files

log = logging.getLogger("mkdocs.hooks.snippets")

PAGE_CACHE = ROOT / ".cache" / "notebook-pages"
JUPYTER_OPTIONS = {
    "execute": True,
    "allow_errors": False,  # a failing notebook fails the build
    "cache": True,
    "cache_dir": ".cache/mkdocs-jupyter",
    "include_source": False,  # a copy of the .py beside the page that nothing links to: see the downloads
    "include_requirejs": False,
    "ignore_h1_titles": True,
}


class _State:
    snippets_dir: Path
    pages: dict[str, str]
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
    _quiet_notebook_kernels()
    return config


def _quiet_notebook_kernels() -> None:
    """Keep TensorFlow's C++ start-up notices (written to file descriptor 2, not through Python)
    off the notebook pages: the kernels mkdocs-jupyter starts inherit an IPython profile that does
    not capture fd-level output, which then goes to the build log instead."""
    profile = ROOT / ".cache" / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text("c.IPKernelApp.capture_fd_output = False\n")
    os.environ["IPYTHONDIR"] = str(profile.parent)


@event_priority(100)
def on_files(files: Files, config) -> Files:
    try:
        entries = ensure_entries(_state.snippets_dir, info=log.info)
        ensure_wrong_answers(_state.snippets_dir, info=log.info)
    except BuildError as exc:
        raise PluginError(str(exc)) from exc
    for uri, path in site_files(entries, _state.snippets_dir).items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    for page, name in _state.pages.items():
        path = _state.snippets_dir / name
        if not path.is_file():
            raise PluginError(f"notebook_pages: {page} -> {name}: snippets/{name} does not exist")
        files.append(NotebookPageFile.generated(config, page, abs_src_path=str(path)))
    return files


# ---- notebook pages: mkdocs-jupyter, loaded only when a page must be rendered anew ------------

def _page_key(page, config) -> str:
    """`<page name>-<digest of the notebook, the options and the versions>`."""
    name = _state.pages[page.file.src_uri]
    digest = hashlib.sha256((_state.snippets_dir / name).read_bytes())
    parts = {"options": JUPYTER_OPTIONS,
             "versions": {p: _version(p) for p in ("mkdocs-jupyter", "nbconvert", "mkdocs-material",
                                                   "tensorflow", "keras", "numpy")}}
    digest.update(json.dumps(parts, sort_keys=True, default=str).encode())
    return f"{page.file.name}-{digest.hexdigest()[:24]}"


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
        include = [str((_state.snippets_dir / name).resolve()) for name in _state.pages.values()]
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
    memo = PAGE_CACHE / f"{_page_key(page, config)}.json"
    try:
        saved = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = None
    if saved is not None:
        def render_saved(config, files):
            page.content, page.toc = saved["content"], get_toc(saved["toc_tokens"])
        page.render = render_saved
        return page

    log.info("snippets: rendering the notebook page %s with mkdocs-jupyter", page.file.src_uri)
    page = _jupyter(config).on_pre_page(page, config, files) or page
    jupyter_render = page.render

    def render_and_save(config, files):
        jupyter_render(config, files)
        memo.parent.mkdir(parents=True, exist_ok=True)
        for old in memo.parent.glob(f"{page.file.name}-*.json"):
            old.unlink()
        tmp = memo.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"content": page.content, "toc_tokens": _tokens(page.toc)}), encoding="utf-8")
        os.replace(tmp, memo)
    page.render = render_and_save
    return page


def _tokens(toc) -> list[dict]:
    """A table of contents back as Python-Markdown's toc tokens (what `get_toc` reads)."""
    return [{"level": i.level, "id": i.id, "name": i.title, "children": _tokens(i.children)} for i in toc]


def on_serve(server, config, builder):
    server.watch(str(_state.snippets_dir))
    return server


def on_post_build(config) -> None:
    if os.environ.get("SNIPPETKIT_FORBID_TENSORFLOW") and "tensorflow" in sys.modules:
        raise PluginError("snippets: TensorFlow was imported by the site build "
                          "(SNIPPETKIT_FORBID_TENSORFLOW is set)")
