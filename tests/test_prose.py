"""Bound numbers: every number in the pages' prose is printed by a snippet on its page, is a constant
in its source, or is allowlisted with a reason (snippetkit/checks/prose.py explains the rules)."""

from __future__ import annotations

import shutil

import pytest

from snippetkit import DOCS_DIR, SNIPPETS_DIR
from snippetkit.checks import numbers, prose
from snippetkit.markup import included_snippets


def texts(markdown: str) -> list[str]:
    return [n.text for n in numbers.numbers_in(markdown)]


def test_number_forms_are_read():
    md = ("Values 0.1192, 99 %, 1,797 images, 1e-7, $10^{-6}$, $2.5 \\cdot 10^{-3}$, 2031, 3× faster, "
          "½ of it, −0.5 and -2.")
    found = {n.text: n for n in numbers.numbers_in(md)}
    assert list(found) == ["0.1192", "99 %", "1,797", "1e-7", "10^{-6}", "2.5 \\cdot 10^{-3}", "2031", "3×",
                           "½", "−0.5", "-2"]
    assert found["1,797"].values[0].value == 1797
    assert [float(v.value) for v in found["99 %"].values] == [99.0, 0.99]
    assert float(found["10^{-6}"].values[0].value) == 1e-6
    assert float(found["2.5 \\cdot 10^{-3}"].values[0].value) == 0.0025
    assert float(found["½"].values[0].value) == 0.5
    assert found["−0.5"].values[0].value < 0 and found["−0.5"].canonical == "-0.5"


def test_what_is_not_prose_is_skipped(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.py").write_text("print(1)\n")
    md = "\n".join([
        "## Step 7 {#step-8}",
        "float32, x86_64, Conv1D, 2nd, `Dense(25)`, [link](page.md#part-3), <span data-n=\"4\">x</span>",
        "The note says “Week 5: training” and \"epochs = 6\".",
        "1. first item",
        "$x^{(11)}_{12}$ and $\\frac12$ and $a^{[13]}$",
        "```python title=\"a/b.py\"",
        "--8<-- \"a/b.py\"",
        "```",
        "```text",
        "x = 99",
        "```",
        "<!-- 123 -->",
        '!!! bug "Correction (Note A, 41 steps)"',
        "    indented 42 and 0–9",
    ])
    assert texts(md) == ["7", "1", "2", "41", "42", "0", "9"]
    assert included_snippets(md, tmp_path) == ["a/b.py"]


def test_lines_and_columns_are_those_of_the_page():
    md = "first line\n\nsecond $z = 2$ and 0.8808\n"
    found = numbers.numbers_in(md)
    assert [(n.text, n.line, n.column) for n in found] == [("2", 3, 13), ("0.8808", 3, 20)]


@pytest.mark.parametrize(("stated", "printed", "bound"), [
    ("0.1192", "p = 0.1192", True),
    ("0.119", "p = 0.1192", True),      # the printed value rounded to the prose's decimals
    ("0.12", "p = 0.1192", True),
    ("0.1193", "p = 0.1192", False),    # a wrong last digit
    ("0.1192", "p = 0.12", False),      # more precision than was printed
    ("2", "value 1.9", False),          # an integer is stated exactly ...
    ("about 2", "value 1.9", True),     # ... unless the prose says it is rounded
    ("3×", "ratio 2.96", True),
    ("-0.5", "w = 0.5000", False),      # a signed number binds only to the same sign
    ("0.5", "w = -0.5000", True),       # a magnitude binds to either
    ("99 %", "accuracy: 0.9917", True),
    ("1,797", "images: 1797", True),
    ("$10^{-7}$", "eps 1e-07", True),
    ("16.118", "loss 16.118095", True),
    ("16.119", "loss 16.118095", False),
])
def test_the_rounding_rule(stated, printed, bound):
    problems = prose.check_text(f"The value is {stated} here.", page="p.md", snippets={"a.py": "print()\n"},
                                entries={"a.py": printed})
    assert (not problems) == bound, problems


def test_constants_in_the_source_bind_but_comments_do_not():
    source = "alpha = 0.5  # 0.7 is too large\nmodel.fit(X, y, epochs=30)\nx = -1e-7\n"
    kw = {"page": "p.md", "snippets": {"a.py": source}, "entries": {"a.py": ""}}
    assert prose.check_text("With $\\alpha = 0.5$ and 30 epochs, down to −1e-7.", **kw) == []
    assert [p.subject for p in prose.check_text("With 0.7 it diverges.", **kw)] == ["0.7"]


def test_a_wrong_number_names_page_line_and_number():
    md = "# Title\n\nThe sigmoid at $z = 2$ is 0.8808;\nthe note's formula gives 0.1193.\n"
    problems = prose.check_text(md, page="training.md", snippets={"t/s.py": "z = 2.0\n"},
                                entries={"t/s.py": "g(2) = 0.8808\n1 - g(2) = 0.1192\n"})
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith("training.md:4: 0.1193: ") and "t/s.py" in text and "0.1192" in text


def test_a_snippet_without_output_is_a_problem():
    problems = prose.check_text("No numbers.", page="p.md", snippets={"a/b.py": ""}, entries={"a/b.py": None})
    assert "a/b.py has no cached output" in str(problems[0])


def test_allowlist_entries_need_a_reason_and_known_keys():
    bad = prose.parse_allowlist(
        "- {number: '2015', page: adam.md}\n"
        "- {number: '3', page: '*', reason: ''}\n"
        "- {number: '4', page: x.md, reason: A sentence that explains why., colour: red}\n"
        "- {number: '5', page: nowhere.md, reason: A sentence that explains why.}\n",
        pages=["adam.md", "x.md"])
    messages = [str(p) for p in bad.problems]
    assert len(messages) == 4, messages
    assert "entry 1: needs a reason" in messages[0] and "entry 2: needs a reason" in messages[1]
    assert "unknown field" in messages[2] and "no page 'nowhere.md'" in messages[3]


def test_allowlist_context_limits_an_entry():
    allow = prose.parse_allowlist("- {number: '2015', page: '*', context: ICLR, reason: The year of a citation.}\n")
    kw = {"page": "p.md", "snippets": {}, "entries": {}, "allowlist": allow}
    assert prose.check_text("Kingma and Ba, ICLR 2015.", **kw) == []
    assert [p.subject for p in prose.check_text("In 2015 it ran.", **kw)] == ["2015"]


# The site: these read the cache that the snippet tests fill, so they run with the site builds.


@pytest.mark.site
def test_every_number_on_every_page_and_in_the_errata_is_bound():
    result = prose.check_site()
    assert not result.problems, "\n".join(str(p) for p in result.problems)
    assert result.count("bound") > 400
    # The errata's prose (docs/errata.yml, rendered into the pages) is checked too.
    assert result.count("bound", "errata") > 80
    assert result.count("bound") == result.count("bound", "pages") + result.count("bound", "errata")


@pytest.mark.site
def test_a_deliberately_wrong_number_on_a_copied_page_fails(tmp_path):
    docs = tmp_path / "docs"
    # The pages with the data files (an allowlist entry may name an errata entry: errata.yml#<id>).
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("assets"))
    page = docs / "training.md"
    text = page.read_text(encoding="utf-8")
    assert "on the 360 images" in text
    page.write_text(text.replace("on the 360 images", "on the 361 images"), encoding="utf-8")
    line = text.split("\n").index(next(ln for ln in text.split("\n") if "on the 360 images" in ln)) + 1
    result = prose.check_site(docs_dir=docs, snippets_dir=SNIPPETS_DIR)
    assert [(p.path.endswith("training.md"), p.line, p.subject) for p in result.problems] == [(True, line, "361")]


@pytest.mark.site
def test_a_deliberately_wrong_number_in_a_copied_errata_file_fails(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("assets"))
    errata = docs / prose.ERRATA_NAME
    text = errata.read_text(encoding="utf-8")
    lines = text.split("\n")
    entry = lines.index("- id: a-sigmoid-sign")
    wrong = next(i for i in range(entry, len(lines)) if "0.1192 instead of 0.8808" in lines[i])
    lines[wrong] = lines[wrong].replace("0.1192 instead of 0.8808", "0.1193 instead of 0.8808")
    # The quote and the section copy the notes' words: their numbers are not the site's claims.
    quote = next(i for i in range(entry, len(lines)) if lines[i].startswith("  quote:"))
    lines[quote] = "  quote: f_x = 12345 / (1 + np.exp(z))"
    errata.write_text("\n".join(lines), encoding="utf-8")
    result = prose.check_site(docs_dir=docs, snippets_dir=SNIPPETS_DIR)
    assert [(p.path.endswith("docs/errata.yml"), p.line, p.subject) for p in result.problems] == [
        (True, wrong + 1, "0.1193")]
    message = str(result.problems[0])
    assert "entry a-sigmoid-sign, wrong" in message and "training/sigmoid_sign.py" in message
    assert "0.1192" in message  # the closest printed value


@pytest.mark.site
def test_an_errata_number_can_be_allowlisted_for_its_entry_only(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("assets"))
    errata = docs / prose.ERRATA_NAME
    text = errata.read_text(encoding="utf-8")
    text = text.replace("title: the sigmoid without its minus sign", "title: the sigmoid without its minus sign, 1987")
    errata.write_text(text, encoding="utf-8")
    allow = docs / prose.ALLOWLIST_NAME
    base = allow.read_text(encoding="utf-8")  # the site's own entries stay as they are
    entry = "- number: '1987'\n  page: errata.yml#{}\n  reason: A year, stated for the test.\n"
    allow.write_text(base + entry.format("a-sigmoid-sign"), encoding="utf-8")
    assert prose.check_site(docs_dir=docs, snippets_dir=SNIPPETS_DIR).problems == []
    allow.write_text(base + entry.format("a-complie"), encoding="utf-8")
    problems = prose.check_site(docs_dir=docs, snippets_dir=SNIPPETS_DIR).problems
    assert sorted(p.subject for p in problems) == ["1987", "1987"]  # unbound, and an entry that matches nothing
    allow.write_text(base + entry.format("no-such-id"), encoding="utf-8")
    problems = prose.check_site(docs_dir=docs, snippets_dir=SNIPPETS_DIR).problems
    assert any("no page 'errata.yml#no-such-id'" in str(p) for p in problems)


@pytest.mark.site
def test_an_allowlist_entry_that_matches_nothing_fails(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("assets"))
    allow = docs / prose.ALLOWLIST_NAME
    allow.write_text(allow.read_text(encoding="utf-8")
                     + "- number: '12345'\n  page: index.md\n  reason: Nothing on the page says this.\n")
    problems = prose.check_site(docs_dir=docs, snippets_dir=SNIPPETS_DIR).problems
    assert [p.subject for p in problems] == ["12345"] and "matches no number" in str(problems[0])


def test_the_reports_memoised_count_equals_the_check_after_an_edit(tmp_path, monkeypatch):
    """The verification report's count (memoised as a whole and per page) equals check_site's, with
    the memo off, on, and after one page changed (that page recounted, the others read back)."""
    from snippetkit.pages import report

    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs, ignore=shutil.ignore_patterns("assets"))

    def expected():
        result = prose.check_site(docs_dir=docs, snippets_dir=SNIPPETS_DIR)
        return report.Numbers(result.count("bound"), result.count("allowlist"), result.count(None))

    before = expected()
    monkeypatch.setenv("SNIPPETKIT_BUILD_CACHES", "0")
    assert report.count_numbers(docs, SNIPPETS_DIR) == before
    monkeypatch.setenv("SNIPPETKIT_BUILD_CACHES", "1")
    assert report.count_numbers(docs, SNIPPETS_DIR) == before
    page = docs / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA number bound to nothing: 987654.321.\n", encoding="utf-8")
    after = expected()
    assert after.unbound == before.unbound + 1
    assert report.count_numbers(docs, SNIPPETS_DIR) == after
