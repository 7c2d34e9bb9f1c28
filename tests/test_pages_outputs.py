"""The Markdown extension: which blocks are includes (pymdownx.snippets' own grammar) and what it
puts under them; also under includes that a higher-priority preprocessor generates."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from markdown.preprocessors import Preprocessor
from pymdownx.snippets import SnippetExtension

from snippetkit.cache import Entry, FigureFiles, Provenance
from snippetkit.markup import Target, find_includes, snippet_grammar
from snippetkit.pages import outputs
from snippetkit.pages.outputs import MissingOutput

PAGE = '''# Title

```python title="a/one.py"
--8<-- "a/one.py"
```

=== "Keras"

    ```python title="a/two.py (excerpt)"
    --8<-- "a/two.py:fit"
    ```

```python
print("a literal block is not an include")
```

````markdown
```python title="a/three.py"
--8<-- "a/three.py"
```
````

```python title="a/one.py (lines)"
--8<--
a/one.py:1:2
--8<--
```
'''


@pytest.fixture
def snippets(tmp_path) -> Path:
    root = tmp_path / "snippets"
    (root / "a").mkdir(parents=True)
    (root / "a" / "one.py").write_text('print("one")\nprint("more")\n')
    (root / "a" / "two.py").write_text('x = 1\n# --8<-- [start:fit]\nprint(x)\n# --8<-- [end:fit]\n')
    (root / "a" / "three.py").write_text('print("three")\n')
    (root / "a" / "err.py").write_text("# expect-error: ImportError: nope\nimport nope\n")
    return root


def entry(name: str, stdout: str = "loss 0.1\n", figures=(), expect_error=None, seeds=None) -> Entry:
    prov = Provenance(versions={"python": "3.11.7", "tensorflow": "2.21.0", "keras": "3.12.0", "numpy": "2.3.4"},
                      device="CPU", duration=3.214, ran_at="2026-11-23T18:40:00Z", assertions=7,
                      expect_error=expect_error, seeds={"0": True, "1": True} if seeds is None else seeds)
    return Entry(snippet=name, key="k", stdout=stdout, stdout_lines=[(1, stdout)], figures=list(figures),
                 provenance=prov, folder=Path("/nowhere"))


@pytest.fixture
def entries(monkeypatch):
    """The extension reads these instead of the cache."""
    known: dict[str, Entry] = {}

    def fake(self, snippets_dir, name):
        if name not in known:
            raise MissingOutput(f"snippets: {name} has no current cache entry")
        return known[name]
    monkeypatch.setattr(outputs.SnippetOutputExtension, "entry", fake)
    return known


def convert(text: str, snippets: Path, *extra, page: str | None = None) -> str:
    md = markdown.Markdown(extensions=[
        "admonition", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences",
        "pymdownx.tabbed", outputs.makeExtension(), *extra,
        SnippetExtension(base_path=[str(snippets)], check_paths=True)])
    if page is not None:  # what MkDocs registers: its link rewriter, which knows the page's file
        md.treeprocessors.register(SimpleNamespace(file=SimpleNamespace(src_uri=page), run=lambda root: None),
                                   "relpath", 0)
    return md.convert(text)


def test_includes_at_top_level_inside_tabs_and_in_block_form(snippets):
    found = find_includes(PAGE, snippet_grammar(str(snippets)))
    assert [(i.indent, i.targets) for i in found] == [
        ("", (Target("a/one.py", ""),)),
        ("    ", (Target("a/two.py", "fit"),)),
        ("", (Target("a/one.py", "1:2"),)),
    ]


def test_a_block_inside_a_longer_fence_is_not_an_include(snippets):
    assert all(t.path != "a/three.py" for i in find_includes(PAGE, snippet_grammar(str(snippets))) for t in i.targets)


def test_an_include_line_with_trailing_spaces_is_left_literal_as_pymdownx_does(snippets, entries):
    entries["a/one.py"] = entry("a/one")
    text = '```python title="a/one.py"\n--8<-- "a/one.py"   \n```\n'
    assert find_includes(text, snippet_grammar(str(snippets))) == []
    html = convert(text, snippets)
    assert '"a/one.py"</span>' in html and 'print("one")' not in html  # pymdownx left it literal
    assert "snippet-downloads" not in html and "loss 0.1" not in html
    # the same line without the spaces is an include, expanded by pymdownx and given its output
    html = convert(text.replace('"   \n', '"\n'), snippets)
    assert "one" in html and "8&lt;" not in html and "loss 0.1" in html and html.count('class="snippet-downloads"') == 1


def test_output_figures_provenance_fold_and_downloads(snippets, entries):
    fig = FigureFiles(alt="Loss per epoch [log]", light=Path("/c/fig-1.svg"), dark=Path("/c/fig-1-dark.svg"), line=3)
    entries["a/two.py"] = entry("a/two", figures=[fig])
    html = convert('=== "Keras"\n\n    ```python title="a/two.py (excerpt)"\n    --8<-- "a/two.py:fit"\n    ```\n',
                   snippets, page="chapter/page.md")
    assert 'title="Output"' in html or ">Output<" in html
    assert "loss 0.1" in html
    assert '<img alt="Loss per epoch (log)" class="snippet-figure" src="../snippets/a/two/fig-1.svg#only-light"' in html
    assert 'alt="Loss per epoch (log)" class="snippet-figure snippet-figure-dark" ' \
           'src="../snippets/a/two/fig-1-dark.svg#only-dark"' in html
    assert "TensorFlow 2.21.0 · Keras 3.12.0 · NumPy 2.3.4 · CPU · 3.2 s · seeds 0, 1 ✓" in html
    assert 'class="snippet-provenance" title="7 assertions checked; Python 3.11.7; run 2026-11-23T18:40:00Z"' in html
    fold = html[html.index('<details class="example">'):html.index("</details>")]
    assert "Whole program: a/two.py" in fold and '<span class="n">x</span> <span class="o">=</span>' in fold
    assert 'href="../snippets/a/two.py"' in html and 'href="../snippets/a/two.ipynb"' in html
    assert html.index("loss 0.1") > html.index("a/two.py (excerpt)")  # under the code, inside the tab
    assert html.index("loss 0.1") < html.index("</div>\n</div>")


def test_an_expected_error_is_titled_as_raised(snippets, entries):
    entries["a/err.py"] = entry("a/err", stdout="ValueError: `target` *x*\n", expect_error="ValueError: `target` *x*")
    html = convert('```python title="a/err.py"\n--8<-- "a/err.py"\n```\n', snippets)
    assert "snippet-error" in html and "Raised, as the original does" in html and ">Output<" not in html
    # markdown in the message stays literal, in the title attribute too
    assert 'class="snippet-provenance" title="0 assertions checked; raises ValueError: `target` *x* as declared' \
        in html.replace("7 assertions", "0 assertions")


def test_a_seed_whose_assertions_failed_is_shown_as_such(snippets, entries):
    entries["a/one.py"] = entry("a/one", seeds={"0": True, "1": False})
    html = convert('```python title="a/one.py"\n--8<-- "a/one.py"\n```\n', snippets)
    assert "seed 0 ✓ · seed 1 ✗" in html


def test_output_containing_backticks_gets_a_longer_fence(snippets):
    lines = outputs.render(Target("a/one.py", ""), entry("a/one", stdout="```\n"), "", "")
    assert lines[1].startswith("```` ") and lines[3] == "````"


class ErrataLike(Preprocessor):
    """Stands in for a directive expanded at a higher priority into include blocks inside a
    content tab and a collapsible admonition."""

    def run(self, lines):
        out = []
        for line in lines:
            if line == "!errata a/err.py a/one.py":
                out += ['=== "Original — fails with ImportError"', "",
                        '    ```python title="a/err.py"', '    --8<-- "a/err.py"', "    ```", "",
                        '??? note "Fixed"', "",
                        '    ```python title="a/one.py"', '    --8<-- "a/one.py"', "    ```", ""]
            else:
                out.append(line)
        return out


class ErrataExtension(markdown.Extension):
    def extendMarkdown(self, md):  # noqa: N802
        md.preprocessors.register(ErrataLike(md), "errata_like", 40)


def test_includes_generated_by_a_higher_priority_preprocessor_get_their_outputs(snippets, entries):
    entries["a/err.py"] = entry("a/err", stdout="ImportError: nope\n", expect_error="ImportError: nope")
    entries["a/one.py"] = entry("a/one", stdout="one\nmore\n")
    html = convert("# Errata\n\n!errata a/err.py a/one.py\n", snippets, ErrataExtension())
    assert html.count('class="snippet-downloads"') == 2
    assert "Raised, as the original does" in html and "one\nmore" in html
    assert '<details class="note">' in html and "tabbed-set" in html


def test_page_includes_sees_the_generated_includes_too(snippets):
    md = markdown.Markdown(extensions=["pymdownx.superfences", ErrataExtension(), outputs.makeExtension(),
                                       SnippetExtension(base_path=[str(snippets)])])
    found = outputs.page_includes(md, "# Errata\n\n!errata a/err.py a/one.py\n")
    assert [(i.indent, i.targets) for i in found] == [("    ", (Target("a/err.py", ""),)),
                                                     ("    ", (Target("a/one.py", ""),))]


def test_a_snippet_without_a_cache_entry_is_an_error_naming_it(snippets, entries):
    with pytest.raises(MissingOutput, match="a/one.py"):
        convert('```python title="a/one.py"\n--8<-- "a/one.py"\n```\n', snippets)


def test_the_real_cache_lookup_names_the_snippet_and_the_command(snippets, tmp_path):
    ext = outputs.SnippetOutputExtension(cache_dir=str(tmp_path / "empty-cache"))
    with pytest.raises(MissingOutput, match=r"a/one.py has no current cache entry: run `snippets --cache a/one`"):
        ext.entry(snippets, "a/one.py")
