"""mkdocs.yml, read without running its tags: the configuration the page side and the builds share.

- `mkdocs_config()`: the file as data; `!!python/name:` tags (emoji functions) and `!ENV` read as
  None, so reading it imports nothing that it names.
- `nav_order()`: the pages in the order of its nav (the report lists pages as a reader meets them).
- `notebook_pages()`: `{page.py: snippet.py}`, the snippets shown as notebook pages
  (`[tool.snippetkit.notebook_pages]`, validated by snippetkit.config).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from snippetkit import ROOT, config

MKDOCS_YML = ROOT / "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what its `!!python/name:` tags name."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_constructor("!ENV", lambda loader, node: None)


def mkdocs_config(path: Path = MKDOCS_YML) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def nav_order() -> list[str]:
    """The pages in the order of mkdocs.yml's nav."""

    def walk(items):
        for item in items or []:
            for value in (item.values() if isinstance(item, dict) else [item]):
                yield from walk(value) if isinstance(value, list) else [value]

    try:
        return [page for page in walk(mkdocs_config().get("nav")) if isinstance(page, str)]
    except OSError:
        return []


def nav_urls() -> list[str]:
    """Every page in the nav as a URL path relative to the site root ("" is the home page), in order;
    links to other sites left out."""
    def url(source: str) -> str:
        stem = re.sub(r"\.(md|py|ipynb)$", "", source)
        return "" if stem == "index" else stem.removesuffix("/index") + "/"

    return [url(page) for page in nav_order() if not re.match(r"https?://", page)]


def notebook_pages() -> dict[str, str]:
    """`{page.py: snippet.py}`: snippets rendered as notebook pages."""
    return dict(config.load().notebook_pages)
