"""Tooling behind the site: discover, run and cache the snippets, and show their outputs on pages.

The ground floor (this folder) is what every side shares, and imports none of the folders:

- `snippetkit.model`: names and value types, the `# expect-error:` line, `Problem` (a leaf).
- `snippetkit.config`: the one validated configuration (`[tool.snippetkit]` in pyproject.toml).
- `snippetkit.cache`: the contract between the engine and the pages (outputs, figures, other
  kinds of output, provenance), under a key of content and versions.
- `snippetkit.markup`: fences, includes and heading anchors, read once for every side.
- `snippetkit.errata_data`: docs/errata.yml and the numbers allowlist, schema-validated.
- `snippetkit.exercises`: the exercises (a starter and the answers composed into it) and their
  mutation records; `snippetkit.mutants`: the mutants of a solution (cosmic-ray).
- `snippetkit.filememo`: digests and results memoised by the stamps of the files they come from
  (what a warm build knows without reading a file).

The sides, one folder each (their rules: tests/test_layout.py):

- `engine/`: `execute` (one snippet, isolated), `capture` and `scrapers` (what it prints and
  draws), `pool` (worker processes, faults contained by the parent), `cli` (the `snippets`
  command and `run_snippets`, its run loop).
- `checks/`: `numbers` (the number grammar), `prose` (every number bound to an output),
  `tolerance` (how far a shown output may drift), `claims` (quotations, correction boxes, the
  errata's fairness), `sentences` (every sentence a reader reads, the one reader of them),
  `general` (general rules bound to a search), `course` (sentences about the course name their
  source), `notation` (every symbol on the notation page), `pointers` (every pointer leads to a
  heading).
- `pages/`: Python-Markdown extensions, in pipeline order `errata`, `report`, `outputs` (so
  Zensical runs them too); `notebook` (the downloads); `nav` (mkdocs.yml).
- `publish/`: the pre-build step and the Zensical build (`site`), the MkDocs hook, and what makes
  a warm build cheap: `page_cache`, `prepare` (the pre-build step by stamps), `incremental` (the
  site folder updated in place).
- `devtools/`: `bench`, `browser`, `site_weight`, `linkcheck`, `mutants` (`make mutants`).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
DOCS_DIR = ROOT / "docs"
