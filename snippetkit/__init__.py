"""Tooling behind the site: discover, run and cache the snippets, and show their outputs on pages.

- `snippetkit.model`: names and value types (the leaf: imports nothing else of the package).
- `snippetkit.config`: the one validated configuration (`[tool.snippetkit]` in pyproject.toml).
- `snippetkit.execute`: runs one snippet in this process, isolated; `capture` and `scrapers`
  collect what it prints and draws.
- `snippetkit.pool`: worker processes that run snippets, faults contained by the parent.
- `snippetkit.cli`: the `snippets` command.
- `snippetkit.cache`: outputs, figures and provenance cached under a key of content and versions.
- `snippetkit.outputs`: compares printed outputs, text exactly and numbers with a stated tolerance.
- `snippetkit.notebook`: turns a snippet into a Jupyter notebook (jupytext, light format).
- `snippetkit.mkdocs_hook`: the MkDocs hook that puts outputs, figures and downloads under each block.
- `snippetkit.bench`: `make bench`.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
DOCS_DIR = ROOT / "docs"
