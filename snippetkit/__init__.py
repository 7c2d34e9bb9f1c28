"""Tooling behind the site: discover, run and cache the snippets, and show their outputs on pages.

- `snippetkit.runner`: runs snippets in one process, isolated from each other (CLI: `snippets`).
- `snippetkit.cache`: outputs and figures cached under a key of content and dependency versions.
- `snippetkit.outputs`: compares printed outputs, text exactly and numbers with a stated tolerance.
- `snippetkit.notebook`: turns a snippet into a Jupyter notebook (jupytext, light format).
- `snippetkit.mkdocs_hook`: the MkDocs hook that puts outputs, figures and downloads under each block.
- `snippetkit.bench`: `make bench`.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
DOCS_DIR = ROOT / "docs"
