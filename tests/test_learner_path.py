"""A learner's path through the chapters, in the nav's order.

- Every pointer sentence ("see …", "explained there", "[…] below", "the next chapter", "the program
  below") leads somewhere that exists (snippetkit.checks.pointers), shown failing on pages changed
  to break one.
- Every chapter opens with a box "Before you start" that names what it assumes and links to the
  notation page.
- The sections that go beyond the course are marked one way only, an `example` box titled
  "Beyond the course", which the home page explains; the backpropagation page's softmax Jacobian
  and matrix form are among them.
"""

from __future__ import annotations

import re

import pytest

from snippetkit import DOCS_DIR
from snippetkit.checks import pointers
from snippetkit.pages.nav import nav_order

ORDER = [p for p in nav_order() if p.endswith(".md")]
PAGES = {p: (DOCS_DIR / p).read_text(encoding="utf-8") for p in ORDER}
CHAPTERS = [p for p in ORDER if "\n## Practice\n" in PAGES[p]]
BEFORE = '!!! info "Before you start"'
BEYOND = '!!! example "Beyond the course"'
ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*(?P<kind>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?', re.M)


def test_every_pointer_leads_to_a_heading_that_exists():
    problems = pointers.problems(PAGES, ORDER)
    assert not problems, "\n".join(problems)


def _with(page: str, addition: str) -> dict[str, str]:
    pages = dict(PAGES)
    pages[page] = pages[page] + "\n\n" + addition + "\n"
    return pages


@pytest.mark.parametrize("page, addition, message", [
    ("multiclass.md", "The loss is explained there.", 'a pointer ("explained there") without a link'),
    ("multiclass.md", "It is the same loss (see the chapter on logits).", 'a pointer ("(see") without a link'),
    ("multiclass.md", "As [shown above](#no-such-section), it sums to 1.",
     "multiclass.md has no heading #no-such-section"),
    # no pointer word: not a pointer (the strict build checks the anchor)
    ("multiclass.md", "Recall [logistic regression](training.md#no-such-step).", None),
    ("multiclass.md", "See [the loss](#loss-and-cost) below.", "says below, and the heading is above"),
    ("training.md", "See [the output layer](#no) above, or [its chapter](activation.md).",
     "leads to activation.md, not a page of the site"),
    ("multiclass.md", "[The next chapter](adam.md) explains it.", '"the next chapter" links to adam.md'),
    ("multilabel.md", "As on [the previous page](multiclass.md), the loss.",
     '"the previous page" links to multiclass.md'),
    ("adam.md", "The program below shows it.", 'no program follows in this section'),
    ("multiclass.md", "The next two sections measure it.", 'a pointer ("next two sections") without a link'),
])
def test_a_broken_pointer_fails(page, addition, message):
    problems = pointers.problems(_with(page, addition), ORDER)
    if message is None:
        assert not problems, problems
    else:
        assert any(message in p for p in problems), problems


def test_pointers_in_code_math_and_quotations_are_not_prose():
    pages = _with("multiclass.md", '`see below`, $see$ and Note A: "which we will cover next chapter".')
    assert not pointers.problems(pages, ORDER)


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_chapter_opens_with_what_it_assumes(page):
    lines = [ln for ln in PAGES[page].split("\n") if ln.strip()]
    assert lines[0].startswith("# ") and lines[1] == BEFORE, f"{page}: the box {BEFORE} must follow the title"
    box = []
    for line in lines[2:]:
        if not line.startswith("    "):
            break
        box.append(line)
    text = " ".join(box)
    assert "](notation.md)" in text, f"{page}: the box does not link to the notation page"
    assert re.search(r"\]\((?!notation\.md)[\w-]+\.md", text) or page == CHAPTERS[0], (
        f"{page}: the box names no chapter it builds on")


def test_the_boxes_of_a_kind_say_one_thing():
    kinds: dict[str, set[str]] = {}
    for text in PAGES.values():
        for m in ADMONITION.finditer(text):
            kinds.setdefault(m.group("kind"), set()).add(m.group("title"))
    assert kinds.get("info") == {"Before you start"}, kinds.get("info")
    assert kinds.get("example") == {"Beyond the course"}, kinds.get("example")


def test_beyond_the_course_is_explained_once_where_a_learner_starts():
    explained = [p for p, t in PAGES.items() if "**Beyond the course**" in t]
    assert explained == ["index.md"], explained


@pytest.mark.parametrize("page, heading", [
    ("backprop.md", "## The gradient at the output"),  # the softmax Jacobian by the quotient rule
    ("backprop.md", "## The backward pass of a dense layer, for a whole batch"),  # the matrix form
    ("backprop.md", "## Training with the derived gradients"),
    ("from-logits.md", "## Keras 3 uses the logits of a softmax or sigmoid layer anyway"),
    ("layers.md", "## A Conv1D output, computed by hand"),
])
def test_the_sections_beyond_the_course_are_marked(page, heading):
    text = PAGES[page]
    start = text.index(heading)
    after = [ln for ln in text[start:].split("\n")[1:] if ln.strip()]
    assert after[0] == BEYOND, f"{page}: {heading!r} does not open with {BEYOND}"
