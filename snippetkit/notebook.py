"""A snippet as a Jupyter notebook, and as the `.py` a reader downloads.

Snippets are jupytext "light" scripts: top-level comment blocks become markdown cells and code
between them becomes code cells. The section markers that pages use to show excerpts
(`# --8<-- [start:name]`) are removed from both downloads: they mean nothing outside the site.
"""

from __future__ import annotations

import re

SECTION_MARKER = re.compile(r"^[ \t]*#[ \t]*-+8<-+[ \t]*\[[ \t]*(start|end)[ \t]*:[^\]]*\][ \t]*\n?", re.M)


def clean_source(source: str) -> str:
    """The snippet as a reader downloads it: section markers removed, nothing else changed."""
    return SECTION_MARKER.sub("", source)


def to_notebook(source: str, *, title: str | None = None) -> str:
    """The snippet as `.ipynb` JSON (no outputs: the reader runs it), optionally with a title cell."""
    import jupytext
    import nbformat

    notebook = jupytext.reads(clean_source(source), fmt="py:light")
    if title:
        notebook.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {title}"))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i}"  # stable ids: the same snippet gives the same bytes
    return jupytext.writes(notebook, fmt="ipynb")
