"""Claims in the prose that are not numbers (snippetkit/claims.py): every quotation of the notes on
every page is the notes' own words, and correction boxes do not break up a lesson.

Each check is first shown to catch what it is for, on small pages made here.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from snippetkit import DOCS_DIR, SNIPPETS_DIR, errata_data, exercises, markup, source_notes
from snippetkit.cache import Cache
from snippetkit.checks import claims, course
from snippetkit.checks.sentences import page_sentences, site_sentences, source_sentences
from snippetkit.pages import errata

ALLOWLIST = DOCS_DIR / "quotes-allowlist.yml"
PAGES = {p.relative_to(DOCS_DIR).as_posix(): p.read_text(encoding="utf-8") for p in sorted(DOCS_DIR.rglob("*.md"))}
NOTE = "The intuition is that if we see a parameter $w_j$ (or $b$) keeps moving in the same direction, increase $a_j$."


def notes() -> dict[str, str]:
    """The original notes (snippetkit.source_notes); skipped where they are absent, failed where CI is set."""
    try:
        return source_notes.read()
    except source_notes.NotesMissing as exc:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"{exc}: quotations cannot be checked")


def allowlist(path: Path = ALLOWLIST) -> list[tuple[str, str]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for n, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or set(e) != {"page", "quote", "reason"} or not all(
                isinstance(v, str) and v.strip() for v in e.values()):
            raise AssertionError(f"{path}: entry {n}: needs exactly page, quote and reason (non-empty strings)")
        out.append((e["page"], e["quote"]))
    return out


# ------------------------------------------------------------------ the checks on the site's pages

def test_every_quotation_of_the_notes_on_every_page_is_verbatim():
    problems = claims.check_quotes(PAGES, notes(), allowlist())
    assert not problems, "\n".join(problems)


def test_correction_boxes_do_not_interrupt_a_lesson():
    problems = [p for page, text in PAGES.items() for p in claims.box_problems(text, page)]
    assert not problems, "\n".join(problems)


def test_no_correction_box_is_open_by_default():
    opened = [f"{page}:{n}" for page, text in PAGES.items()
              for n, line in enumerate(text.splitlines(), start=1) if line.lstrip().startswith("???+")]
    assert not opened, "collapsible boxes open by default: " + ", ".join(opened)


# ------------------------------------------------------------------ the checks catch what they are for

@pytest.mark.parametrize("quote, ok", [
    ("if we see a parameter $w_j$ (or $b$) keeps moving in the same direction, increase $a_j$", True),
    ("if we see a parameter $w_j$ … increase $a_j$", True),                    # words left out, marked
    ("if we see a parameter $w_j$ keeps moving in the same direction", False),  # words left out, unmarked
    ("if we see a parameter $w_j$ (or $b$) keeps moving in the same direction, increase $\\alpha_j$", False),
    ("increase $a_j$ … if we see a parameter", False),                          # parts out of order
    ("if we see a parameter, $w_j$", False),                                   # an inserted comma
])
def test_a_quotation_must_be_the_notes_words(quote, ok):
    page = f'The note says "{quote}".\n'
    assert (claims.check_quotes({"p.md": page}, {"A": NOTE}) == []) is ok


def test_quotations_are_read_from_prose_only():
    page = "\n".join([
        '!!! note "An admonition title"', "",
        '=== "A tab title"', "",
        '```python title="x.py"', 'print("in code")', "```", "",
        'Inline `f("code")` and <span title="an attribute">x</span> and a link [a](b "title")',
        'Text { .class title="attrs" } and "a quotation that runs',
        'over a line break" and “curly quotes”.',
    ])
    found = [(q.line, q.text) for q in claims.quotations(page)]
    assert found == [(10, "a quotation that runs\nover a line break"), (11, "curly quotes")]


def test_an_allowed_quotation_passes_and_an_unused_allowance_fails():
    page = 'A "trust region" is not a quotation.\n'
    assert claims.check_quotes({"p.md": page}, {"A": NOTE}, [("p.md", "trust region")]) == []
    unused = claims.check_quotes({"p.md": "nothing\n"}, {"A": NOTE}, [("p.md", "trust region")])
    assert len(unused) == 1 and "not quoted on p.md" in unused[0]


def test_the_allowlist_names_its_reasons(tmp_path):
    bad = tmp_path / "quotes.yml"
    bad.write_text("- page: p.md\n  quote: x\n")
    with pytest.raises(AssertionError, match="entry 1: needs exactly page, quote and reason"):
        allowlist(bad)


def _boxes(n: int) -> str:
    return "\n\n".join(f"!errata e-{i}" for i in range(n))


@pytest.mark.parametrize("page, problem", [
    (f"## Lesson\n\nSome text.\n\n{_boxes(2)}\n\nMore text.\n", None),
    (f"## Lesson\n\nSome text.\n\n{_boxes(3)}\n\nMore text.\n", "3 correction boxes in a row"),
    (f"## Lesson\n\n{_boxes(1)}\n\nThe first sentence.\n", "before the section's first sentence"),
    (f"**Step 1: model.** Text.\n\n{_boxes(1)}\n\n**Step 2: loss.** Text.\n", "between step 1 and step 2"),
    (f"1. Define the model.\n\n{_boxes(1)}\n\n2. Compile it.\n", "between step 1 and step 2"),
    (f"**Step 2: loss.** Text.\n\n{_boxes(1)}\n\nAfter the procedure.\n", None),
    (f"## What the notes wrote {{ .notes-errors }}\n\n{_boxes(5)}\n\n### A subsection\n\n{_boxes(3)}\n", None),
    (f"## What the notes wrote {{ .notes-errors }}\n\nText.\n\n## Lesson\n\nText.\n\n{_boxes(3)}\n",
     "3 correction boxes in a row"),
    (f"```text\n{_boxes(4)}\n```\n\nText.\n", None),
])
def test_box_placement_is_checked(page, problem):
    problems = claims.box_problems(page, "p.md")
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0], problems


# ------------------------------------------------------------------ errata: every correction fair and proven

def _stdout_of(snippet: str) -> str | None:
    entry = Cache().read(SNIPPETS_DIR / snippet)
    return None if entry is None else entry.stdout


@pytest.mark.site  # reads the outputs the snippet tests have just cached
def test_every_error_is_proven_and_every_addition_says_so():
    problems = claims.errata_problems(errata_data.load().entries, notes(), _stdout_of)
    assert not problems, "\n".join(problems)


SHOWS = "The note says the code runs; this line shows it raise."


def _ev(snippet: str, line: str) -> errata_data.Evidence:
    return errata_data.Evidence(snippet, line, SHOWS)


def _entry(**fields):
    base = dict(id="a-x", note="A", section="s", quotes=("q",), kind="code", title="t", wrong="w", fix="f",
                page="p.md#a", nature="error", evidence=(_ev("c/s.py", "ValueError: bad"),))
    return errata_data.Correction(**{**base, **fields})


@pytest.mark.parametrize("fields, problem", [
    ({}, None),
    ({"nature": ""}, "nature must be"),
    ({"evidence": ()}, "needs `evidence`"),
    ({"kind": "typo", "evidence": ()}, None),
    ({"nature": "addition", "fix": "More precisely, more."}, "an addition has no `evidence`"),
    ({"nature": "addition", "evidence": (), "fix": "More precisely, more."}, None),
    ({"nature": "addition", "evidence": (), "fix": "Use x."}, "opens with 'More precisely'"),
    ({"evidence": (_ev("c/s.py", "ValueError: other"),)}, "prints no line containing"),
    ({"evidence": (_ev("c/none.py", "x"),)}, "has no cached output"),
    ({"kind": "figure", "nature": "source", "evidence": (), "fix": "In its place, a figure."}, None),
    ({"kind": "figure", "evidence": ()}, "note about the source"),             # a missing file is no error
    ({"kind": "typo", "nature": "source", "evidence": (), "fix": "In its place, x."}, "note about the source"),
    ({"kind": "figure", "nature": "source", "fix": "In its place, x."}, "has no `evidence`"),
    ({"kind": "figure", "nature": "source", "evidence": (), "fix": "A figure."}, "opens with 'In its place'"),
    ({"original": "c/err.py", "note_code": "code = 1\n", "reproduction": "adds data"}, None),
    ({"original": "c/err.py", "note_code": "code = 2\n", "reproduction": "adds data"}, "not verbatim"),
    ({"original": "c/err.py", "note_code": "", "reproduction": "adds data"}, "`note_code`"),
    ({"original": "c/err.py", "note_code": "code = 1\n", "reproduction": ""}, "`reproduction`"),
])
def test_errata_checks_catch_what_they_are_for(fields, problem):
    outputs = {"c/s.py": "first\nValueError: bad input\n"}
    found = claims.errata_problems([_entry(**fields)], {"A": "text\ncode = 1\nmore"}, outputs.get)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found


# ------------------------------------------------------------------ the home page's promise, block by block

PROMISE = ("Download a block as `.py` or `.ipynb` and you get the\nwhole program, which runs as it is and does "
           "what the page shows")
FAILS_PREFIX = "Original — fails with "
EXERCISE_PREFIX = exercises.TITLE


def promise_problems(page: str, text: str, declared_error, snippets_dir: Path | None = None) -> list[str]:
    """Each included block's title makes one of the promises the home page defines, and keeps it:
    a file name alone: the whole program, which runs (no expected error); “Original — fails with
    E: file”: a program that declares the error E; “Exercise (stops with “not yet” …): file”: an
    exercise's starter; “file (excerpt …)”: part of a program (a section or lines)."""
    problems = []
    lines = text.split("\n")
    grammar = markup.snippet_grammar(str(snippets_dir)) if snippets_dir else None
    for inc in markup.find_includes(text, grammar):
        where = f"{page}:{inc.start + 1}"
        m = re.search(r'title="([^"]*)"', lines[inc.start])
        title = m.group(1) if m else ""
        paths = [p for p, _ in inc.targets]
        whole = all(not sel for _, sel in inc.targets)
        errors = {p: declared_error(p) for p in paths}
        if len(paths) == 1 and title == paths[0]:
            if not whole:
                problems.append(f"{where}: titled {title!r} alone, but shows only part of it")
            elif errors[paths[0]]:
                problems.append(f"{where}: titled {title!r} alone, but the program fails on purpose "
                                f"({errors[paths[0]]}): title it {FAILS_PREFIX}…")
        elif title.startswith(FAILS_PREFIX):
            if not all(errors.values()) or any(Path(p).name.startswith("ex_") for p in paths):
                problems.append(f"{where}: titled as failing, but {paths} does not declare `# expect-error:`")
        elif title.startswith(EXERCISE_PREFIX):
            if not all(Path(p).name.startswith("ex_") and errors[p] for p in paths):
                problems.append(f"{where}: titled as an exercise, but {paths} is not an exercise's starter")
        elif "(excerpt" in title:
            if whole:
                problems.append(f"{where}: titled as an excerpt, but includes the whole of {paths}")
        else:
            problems.append(f"{where}: the title {title!r} makes none of the home page's promises "
                            "(a file name alone, “Original — fails with …”, an exercise, or “(excerpt …)”)")
    return problems


def _declared_error(snippet: str) -> str | None:
    """The error a snippet declares, or for an exercise's starter (no marker) the one the suite knows."""
    declared = errata_data.declared_error_type(snippet)
    if declared is None and exercises.is_starter(snippet):
        return exercises.STARTER_EXPECT.type
    return declared


def test_the_home_page_promise_is_stated():
    assert PROMISE in PAGES["index.md"]


def test_the_home_page_promise_holds_for_every_block():
    import markdown

    problems = []
    for page, text in PAGES.items():
        md = markdown.Markdown(extensions=["snippetkit.pages.errata"])
        expanded = "\n".join(errata.ErrataPreprocessor(md, md.registeredExtensions[0]).run(text.split("\n")))
        problems += promise_problems(page, expanded, _declared_error)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("block, problem", [
    ('```python title="c/a.py"\n--8<-- "c/a.py"\n```', None),
    ('```python title="c/a.py"\n--8<-- "c/a.py:part"\n```', "shows only part of it"),
    ('```python title="c/err.py"\n--8<-- "c/err.py"\n```', "fails on purpose"),
    ('```python title="Original — fails with E: c/err.py"\n--8<-- "c/err.py"\n```', None),
    ('```python title="Original — fails with E: c/a.py"\n--8<-- "c/a.py"\n```', "does not declare"),
    ('```python title="c/a.py (excerpt)"\n--8<-- "c/a.py"\n```', "includes the whole"),
    ('```python title="c/a.py (excerpt)"\n--8<-- "c/a.py:part"\n```', None),
    ('```python title="A program: c/a.py"\n--8<-- "c/a.py"\n```', "makes none of the home page's promises"),
])
def test_the_promise_check_catches_a_broken_promise(block, problem, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.py").write_text("# --8<-- [start:part]\nprint(1)\n# --8<-- [end:part]\n")
    (tmp_path / "c" / "err.py").write_text("# expect-error: E\nraise E\n")
    found = promise_problems("p.md", block, {"c/a.py": None, "c/err.py": "E"}.get, tmp_path)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found


# ------------------------------------------------------------------ sentences about the course name their source

def test_every_sentence_about_the_course_names_its_source():
    sources, allowed, problems = course.load()
    assert not problems, "\n".join(problems)
    sentences = site_sentences()
    assert sum(course.mentions(s.text) for s in sentences) > 20, "too few sentences found: the check proves nothing"
    problems = course.course_problems(sentences, sources, allowed)
    assert not problems, "\n".join(problems)


SOURCE = {"cite": "`C2_W2_Multiclass_TF`", "what": "optional lab", "values": "100 points"}


@pytest.mark.parametrize("page, problem", [
    ("The course's lab draws 100 points.\n", "names no source"),
    ("The course's lab `C2_W2_Multiclass_TF` draws 100 points.\n", None),
    ("The lab `C2_W2_Multiclass_TF` draws 100 points. Here the lab's centres are kept.\n", None),  # said before
    ("Here the lab's centres are kept. The lab `C2_W2_Multiclass_TF` draws 100 points.\n", "names no source"),
    ("## The course's blobs\n\nThe lab `C2_W2_Multiclass_TF` draws 100 points.\n", None),  # heading, bound below
    ("## The course's blobs\n\nThe points of the site.\n", "names no source"),
    ("See [the set-up](#the-courses-set-up) and `course_summary.py`.\n", None),    # a link target, code
    ("Of course, the loss is right.\n", "names no source"),                          # the word is enough
])
def test_the_course_check_catches_a_sentence_without_its_source(page, problem):
    sentences = page_sentences("p.md", page)
    found = course.course_problems(sentences, [SOURCE], [])
    found = [f for f in found if "cited by no sentence" not in f]
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found


def test_the_course_check_reads_comments_and_its_registry_both_ways():
    source = ("# # The course's network\n#\n# The lab `C2_W2_Multiclass_TF` uses it.\n"
              "x = 1  # as the lab does\n# expect-error: the course\n")
    sentences = source_sentences("c/a.py", source)
    assert [s.text for s in sentences] == ["The course's network", "The lab `C2_W2_Multiclass_TF` uses it.",
                                           "as the lab does"]
    found = course.course_problems(sentences, [SOURCE], [])
    assert len(found) == 1 and "c/a.py:4: 'as the lab does'" in found[0], found
    allowed = [{"where": "c/a.py", "text": "as the lab does", "reason": "a test of the allowance"},
               {"where": "c/a.py", "text": "not there", "reason": "a test of the allowance"}]
    found = course.course_problems(sentences, [SOURCE, {**SOURCE, "cite": "*Unused video*"}], allowed)
    assert len(found) == 2 and "'*Unused video*' is cited by no sentence" in found[0], found
    assert "'not there' (c/a.py) is not there" in found[1], found
