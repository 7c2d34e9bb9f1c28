"""The notation page: every symbol of the site's math listed, with where it is first used.

`snippetkit.checks.notation` reads the symbols of every formula on every page (and of the
corrections each `!errata` line shows) and checks them against the two tables of
docs/notation.md. The tests below run it on the site, then on pages changed to be wrong, to show
what it catches.
"""

from __future__ import annotations

import pytest

from snippetkit import DOCS_DIR, errata_data
from snippetkit.checks import notation
from snippetkit.pages.nav import nav_order

ORDER = [p for p in nav_order() if p.endswith(".md")]
PAGES = {p: (DOCS_DIR / p).read_text(encoding="utf-8") for p in ORDER}
SHOWN = notation.errata_shown(errata_data.load())
CHAPTERS = [p for p in ORDER if "\n## Practice\n" in PAGES[p]]


def check(pages=PAGES, notation_text=None):
    return notation.problems(pages, notation_text or pages["notation.md"], SHOWN)


@pytest.mark.parametrize("math, expected", [
    (r"a_j^{[l]} = g\big(z_j^{[l]}\big)", ["{}^{[l]}", "a", "j", "l", "g", "z"]),
    (r"J(\vec w, b) = \frac{1}{m} \sum_{i=1}^{m} L\big(f_{\vec w,b}(\vec x^{(i)}), y^{(i)}\big)",
     ["{}^{(i)}", "J", "\\vec w", "b", "m", "i", "L", "f", "\\vec x", "y"]),
    (r"\hat m_t = m_t / (1 - \beta_1^t), \qquad \mathbf{W}^{[l]\top} \boldsymbol\delta^{[l]}",
     ["{}^{[l]}", "\\hat m", "t", "m", "\\beta", "\\mathbf W", "l", "\\boldsymbol\\delta"]),
    (r"\operatorname{loss} = \begin{cases} -\log a_1 & \text{if } y = 1 \end{cases}", ["a", "y"]),
    (r"10^{-6} + 10^{-5}\,|x|", ["x"]),
    (r"\kappa \nabla J", ["\\kappa", "\\nabla", "J"]),  # a command it does not know is a symbol
])
def test_the_symbols_of_a_formula(math, expected):
    assert list(dict.fromkeys(notation.symbols(math))) == expected


def test_sub_and_superscripts_aside_a_cell_defines_its_letter():
    assert notation.symbols(r"w_j^{[l]}", scripts=False) == ["{}^{[l]}", "w"]
    assert notation.symbols(r"\eta_{j,t}", scripts=False) == ["\\eta"]


def test_every_symbol_of_the_site_is_on_the_notation_page():
    problems = check()
    assert not problems, "\n".join(problems)


def test_the_notation_page_reads_both_tables():
    rows, problems = notation.notation_rows(PAGES["notation.md"])
    assert not problems
    course = {s for r in rows if r.table == "course" for s in r.defines}
    assert {"\\vec x", "y", "{}^{(i)}", "{}^{[l]}", "m", "\\alpha", "J", "\\beta", "\\epsilon", "a", "z",
            "\\vec w", "b"} <= course  # the course's notation the issue names, as the site uses it
    assert any(r.table == "local" for r in rows)


def test_a_symbol_that_no_table_lists_fails():
    pages = dict(PAGES)
    pages["training.md"] += "\n\nA new quantity $\\kappa$, and $q_j$ for each unit.\n"
    line = pages["training.md"].count("\n") + 1 - 1
    problems = check(pages)
    assert any(p.startswith(f"training.md:{line}: $\\kappa$ is not on the notation page") for p in problems), problems
    assert any(p.startswith(f"training.md:{line}: $q$ is not on the notation page") for p in problems), problems


def test_a_symbol_of_one_section_is_not_defined_on_another_page():
    # sigma is listed for the activations page only: on the multiclass page it is undefined.
    pages = dict(PAGES)
    pages["multiclass.md"] += "\n\nThe same $\\sigma(z)$.\n"
    assert any(p.startswith("multiclass.md:") and "$\\sigma$" in p for p in check(pages))


def test_a_symbol_in_a_correction_counts_on_its_page():
    shown = notation.errata_shown(errata_data.load())
    wrong = lambda args: shown(args) + (" $\\kappa$" if args == "a-sigmoid-sign" else "")  # noqa: E731
    problems = notation.problems(PAGES, PAGES["notation.md"], wrong)
    assert any(p.startswith("training.md:") and "$\\kappa$" in p for p in problems), problems


@pytest.mark.parametrize("old, new, message", [
    # a first use that is not the first: alpha appears on the training page first
    ("| the learning rate of gradient descent | `SGD(learning_rate=...)` | "
     "[Logistic regression in three steps](training.md#logistic-regression-in-three-steps) |",
     "| the learning rate of gradient descent | `SGD(learning_rate=...)` | "
     "[The Adam algorithm](adam.md#the-adam-algorithm) |",
     "$\\alpha$ is first used on training.md, not adam.md"),
    # a link to a section that does not use the symbol
    ("| [tanh](activations.md#tanh) |", "| [Sigmoid](activations.md#sigmoid) |",
     "$\\sigma$ is not used in activations.md#sigmoid"),
    # a heading that does not exist
    ("| [tanh](activations.md#tanh) |", "| [tanh](activations.md#tahn) |", "activations.md has no heading #tahn"),
    # a row for a symbol the site does not use
    ("## Symbols of one section\n",
     "## Symbols of one section\n\n| Symbol | What it is | Where |\n| --- | --- | --- |\n"
     "| $\\hat y$ | a prediction | [Training](training.md) |\n\nThe rest:\n", "$\\hat y$ is used on no page"),
    # a row without a link
    ("| [tanh](activations.md#tanh) |", "| tanh |", "a row needs its symbol in math in the first cell and a link"),
])
def test_a_wrong_row_fails(old, new, message):
    text = PAGES["notation.md"]
    assert old in text
    problems = check(notation_text=text.replace(old, new, 1))
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_chapter_links_to_the_notation_page(page):
    assert "](notation.md)" in PAGES[page], f"{page} does not link to notation.md"


def test_the_notation_page_is_near_the_top_of_the_nav():
    assert ORDER.index("notation.md") == ORDER.index("index.md") + 1
    assert len(CHAPTERS) == 8, CHAPTERS
