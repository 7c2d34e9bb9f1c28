"""A new kind of output is one scraper and one renderer, registered in one place; the cache and the
page extension are not edited. Shown with a toy kind: printed lines `row: a, b` become an HTML table."""

from __future__ import annotations

import html

import markdown
import pytest
from pymdownx.snippets import SnippetExtension

from snippetkit.cache import Cache
from snippetkit.engine import execute, scrapers
from snippetkit.model import Output
from snippetkit.pages import outputs

KIND = "toy-table"


class RowsScraper:
    """The engine side of the kind: printed `row:` lines, collected as one HTML table."""

    name = KIND

    def start(self, run) -> None:
        pass

    def collect(self, run, result) -> None:
        rows = [line.removeprefix("row:").strip().split(", ")
                for line in run.stdout.getvalue().splitlines() if line.startswith("row:")]
        if rows:
            cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
            result.outputs.append(Output(KIND, {"table.html": f"<table>{cells}</table>"}, {"rows": len(rows)}))

    def finish(self, run) -> None:
        pass


def render_table(output, link) -> list[str]:
    """The page side of the kind: the table, and a link to its file."""
    table = output.files["table.html"]
    return [table.read_text(encoding="utf-8"), "", f"[{output.meta['rows']} rows]({link(table)})"]


@pytest.fixture
def toy_kind():
    """The one place a kind is registered: its scraper and its renderer."""
    scrapers.register(RowsScraper())
    outputs.register_renderer(KIND, render_table)
    yield
    scrapers.SCRAPERS[:] = [s for s in scrapers.SCRAPERS if s.name != KIND]
    del outputs.RENDERERS[KIND]


def test_a_toy_kind_goes_from_its_scraper_through_the_cache_to_its_renderer(toy_kind, make_snippets, tmp_path):
    root = make_snippets({"t/rows.py": "print('row: a, 1')\nprint('row: b, 2')\n"})
    snippet = root / "t" / "rows.py"
    result = execute.run_snippet(snippet)
    assert result.ok, result.error
    store = Cache(tmp_path / "cache", snippets_root=root)
    store.write(snippet, result, device="CPU")
    entry = store.read(snippet)  # checksums verified, as for every file of an entry
    assert [(o.kind, o.meta) for o in entry.outputs] == [(KIND, {"rows": 2})]
    md = markdown.Markdown(extensions=[
        "attr_list", "pymdownx.superfences",
        outputs.makeExtension(snippets_dir=str(root), cache_dir=str(tmp_path / "cache")),
        SnippetExtension(base_path=[str(root)], check_paths=True)])
    page = md.convert('```python title="t/rows.py"\n--8<-- "t/rows.py"\n```\n')
    assert "<td>b</td><td>2</td>" in page and '2 rows</a>' in page
    assert "snippets/t/rows/out-1-table.html" in page


def test_an_output_without_a_renderer_fails_the_page(make_snippets, tmp_path):
    root = make_snippets({"t/rows.py": "print('row: a, 1')\n"})
    snippet = root / "t" / "rows.py"
    result = execute.run_snippet(snippet)
    result.outputs.append(Output("nobody-renders-this", {"x.txt": "x"}))
    Cache(tmp_path / "cache", snippets_root=root).write(snippet, result, device="CPU")
    md = markdown.Markdown(extensions=[
        "attr_list", "pymdownx.superfences",
        outputs.makeExtension(snippets_dir=str(root), cache_dir=str(tmp_path / "cache")),
        SnippetExtension(base_path=[str(root)], check_paths=True)])
    with pytest.raises(outputs.MissingOutput, match="no renderer registered for outputs of kind 'nobody-renders-this'"):
        md.convert('```python title="t/rows.py"\n--8<-- "t/rows.py"\n```\n')
