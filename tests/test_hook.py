"""How the MkDocs hook finds includes on a page and what it puts under them."""

from types import SimpleNamespace

from snippetkit import mkdocs_hook
from snippetkit.cache import Entry, FigureFiles, Provenance


def entry_of(tmp_path, snippet, stdout, alts=()):
    figures = [FigureFiles(alt=alt, light=tmp_path / f"fig-{i}.svg", dark=tmp_path / f"fig-{i}-dark.svg", line=1)
               for i, alt in enumerate(alts, start=1)]
    provenance = Provenance(versions={}, device="CPU", duration=0.1, ran_at="", assertions=0, expect_error=None)
    return Entry(snippet=snippet, key="k", stdout=stdout, stdout_lines=[(1, stdout)], figures=figures,
                 provenance=provenance, folder=tmp_path)

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
'''


def test_find_includes_at_top_level_and_inside_tabs():
    found = mkdocs_hook.find_includes(PAGE)
    assert [(i.indent, i.targets) for i in found] == [("", [("a/one.py", "")]), ("    ", [("a/two.py", "fit")])]


def test_a_block_inside_a_longer_fence_is_not_an_include():
    assert all(t[0] != "a/three.py" for i in mkdocs_hook.find_includes(PAGE) for t in i.targets)


def test_outputs_are_placed_under_their_block_with_the_same_indent(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs_hook, "_state", mkdocs_hook.SnippetOutputs(tmp_path))
    entry = entry_of(tmp_path, "a/two", "loss 0.1\n", ["A [plot]"])
    page = SimpleNamespace(file=SimpleNamespace(src_uri="chapter/page.md"))
    lines = mkdocs_hook.render_outputs("a/two.py", "fit", entry, page, "    ")
    text = "\n".join(lines)
    assert '    ``` { .text .no-copy .snippet-output title="Output" }\n    loss 0.1\n    ```' in text
    assert "    ![A (plot)](../snippets/a/two/fig-1.svg){ .snippet-figure }" in text
    assert '    ??? example "Whole program: a/two.py"' in text  # an excerpt links its whole program
    assert "(../snippets/a/two.py){ download }" in text and "(../snippets/a/two.ipynb){ download }" in text
    assert all(line == "" or line.startswith("    ") for line in lines)


def test_output_containing_backticks_gets_a_longer_fence(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs_hook, "_state", mkdocs_hook.SnippetOutputs(tmp_path))
    entry = entry_of(tmp_path, "a/one", "```\n")
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    lines = mkdocs_hook.render_outputs("a/one.py", "", entry, page, "")
    assert lines[1].startswith("```` ") and "````" in lines[3]
