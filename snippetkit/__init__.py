"""Tooling behind the site: discover, run and cache the snippets, and show their outputs on pages.

- `snippetkit.model`: names and value types (the leaf: imports nothing else of the package).
- `snippetkit.config`: the one validated configuration (`[tool.snippetkit]` in pyproject.toml).
- `snippetkit.execute`: runs one snippet in this process, isolated; `capture` and `scrapers`
  collect what it prints and draws.
- `snippetkit.pool`: worker processes that run snippets, faults contained by the parent.
- `snippetkit.cli`: the `snippets` command.
- `snippetkit.cache`: outputs, figures and provenance cached under a key of content and versions.
- `snippetkit.outputs`: compares printed outputs, text exactly and numbers with a stated tolerance.
- `snippetkit.notebook`: the downloads: the `.py` with its optional `--compare` check, and the
  `.ipynb` (jupytext, light format) carrying the published outputs under their cells.
- Page side, all Python-Markdown extensions (so Zensical runs them too), in pipeline order:
  `snippetkit.errata` (corrections from docs/errata.yml), `snippetkit.report` (the verification
  report), `snippetkit.markdown_ext` (output, figures, provenance and downloads under each include).
- `snippetkit.site`: the pre-build step (a current cache entry for every snippet, downloads) and
  the Zensical build; `snippetkit.mkdocs_hook`: the thin MkDocs-only glue.
- `snippetkit.prose`: binds every number in the prose (pages and errata) to a snippet's output.
- `snippetkit.bench`: `make bench`.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
DOCS_DIR = ROOT / "docs"
