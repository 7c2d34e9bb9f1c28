"""Python-Markdown extension: Pygments' highlighted HTML of each code block, cached by content.

Registered in mkdocs.yml as `snippetkit.pages.highlight` (so it runs under MkDocs and Zensical
alike). Highlighting is a large share of a warm build (`make bench` prints the profile): the same
snippets are highlighted on every build, and several times in one (a snippet shown on its page, in
a correction box and on the errata page). This extension memoises `pymdownx.highlight.Highlight.
highlight`, the one function that calls Pygments for fences, by everything its result depends
on: the code, the language, every argument (`code_block_count` gives the line anchors), the
highlighter's options, and the versions of Pygments and pymdownx.

- A hit returns the HTML that Pygments made for the same inputs; a miss calls Pygments and keeps
  the result, in this process and as a file under `highlight/` beside the snippet cache
  (`.cache/highlight/<digest>.html`, written atomically).
- Titles in HTML mode go through Python-Markdown's stash (state of one page): those calls are
  never cached.
- `SNIPPETKIT_BUILD_CACHES=0` turns this cache off (and the build's other caches: the search
  entries, the verification report's number count), to measure a build without them.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

from markdown import Extension
from pymdownx import highlight as pymdownx_highlight

from snippetkit import config

ENV_SWITCH = "SNIPPETKIT_BUILD_CACHES"


def caches_enabled() -> bool:
    """The build's caches are on unless `SNIPPETKIT_BUILD_CACHES=0` (for a measured "before")."""
    return os.environ.get(ENV_SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def cache_dir() -> Path:
    return config.load().cache_dir.parent / "highlight"


class HighlightMemo:
    """The memo around `Highlight.highlight`: in memory, and on disk under `folder`."""

    def __init__(self, original, folder: Path):
        self.original = original
        self.folder = folder
        self.memory: dict[str, str] = {}
        self.hits = self.misses = 0
        self.versions = [_version("pygments"), _version("pymdown-extensions")]

    def key(self, highlighter, args: tuple, kwargs: dict) -> str:
        options = {k: v for k, v in vars(highlighter).items() if k != "md"}
        text = json.dumps([self.versions, options, args, sorted(kwargs.items())], default=repr)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]

    def __call__(self, highlighter, *args, **kwargs):
        if highlighter.title_mode == "html" or highlighter.auto_title or not caches_enabled():
            return self.original(highlighter, *args, **kwargs)
        key = self.key(highlighter, args, kwargs)
        if key in self.memory:
            self.hits += 1
            return self.memory[key]
        path = self.folder / f"{key}.html"
        try:
            html = path.read_text(encoding="utf-8")
            self.hits += 1
        except OSError:
            self.misses += 1
            html = self.original(highlighter, *args, **kwargs)
            if isinstance(html, str):
                _write(path, html)
        self.memory[key] = html
        return html


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only cache: the build goes on without it
        pass


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def install() -> HighlightMemo:
    """Put the memo around `Highlight.highlight` (once per process) and return it."""
    current = pymdownx_highlight.Highlight.highlight
    memo = getattr(current, "memo", None)
    if memo is None:
        memo = HighlightMemo(current, cache_dir())

        def highlight(self, *args, **kwargs):
            return memo(self, *args, **kwargs)

        highlight.memo = memo
        highlight.__doc__ = current.__doc__
        pymdownx_highlight.Highlight.highlight = highlight
    return memo


class HighlightCacheExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        install()


def makeExtension(**kwargs) -> HighlightCacheExtension:  # noqa: N802 (Python-Markdown's entry point)
    return HighlightCacheExtension(**kwargs)
