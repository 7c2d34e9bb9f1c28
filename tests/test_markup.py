"""The page markup, read once: heading anchors are the ids Python-Markdown's toc gives, fences close
as Python-Markdown closes them."""

from __future__ import annotations

import re

import markdown

from snippetkit import markup

PAGE = """# Title with `code`

## A [link](x.md) and $x^2$ **bold**

```markdown
## Not a heading: inside a fence
```

## Same { #custom }

## Dup

## Dup

    ```python
    ## indented fence body
    ```

## The *sigmoid* & $\\sigma(z)$
"""


def rendered_ids(text: str) -> list[str]:
    html = markdown.markdown(text, extensions=["toc", "attr_list", "fenced_code", "pymdownx.arithmatex"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return re.findall(r'<h[1-6] id="([^"]+)"', html)


def test_heading_anchors_are_the_ids_the_page_gets():
    found = markup.headings(PAGE)
    assert [h.id for h in found] == rendered_ids(PAGE)
    assert [h.id for h in found][1:4] == ["a-link-and-x2-bold", "custom", "dup"]
    assert found[1].plain == "A link and x^2 bold" and found[0].level == 1


def test_fences_and_what_lies_outside_them():
    lines = PAGE.split("\n")
    blocks = list(markup.fenced_blocks(lines))
    assert [(lines[i].strip(), lines[j].strip()) for i, j in blocks] == [("```markdown", "```"), ("```python", "```")]
    outside = set(markup.outside_fences(lines))
    assert not any(lines[k].startswith("## Not a heading") for k in outside)
