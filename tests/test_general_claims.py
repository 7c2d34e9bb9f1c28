"""General claims (snippetkit/checks/general.py): every sentence of the site that states a rule for a
whole domain is bound to a check that searches the domain, or allowed with its reason; the reader of
sentences finds them in every place a reader reads.

Each check is first shown to catch what it is for, on small inputs made here; then it runs on the site.
"""

from __future__ import annotations

import importlib.util
import re

import pytest

from snippetkit import DOCS_DIR, ROOT, SNIPPETS_DIR
from snippetkit.checks import general, sentences
from snippetkit.checks.sentences import Sentence

PROPERTIES = ROOT / "tests" / "test_general_properties.py"
FIRST = "tests/test_general_properties.py::test_adam_first_step_is_the_rate_from_1e_3_to_1e6_and_less_below"


def run(sentence_list, claims, stdout_of=None):
    return general.check(sentence_list, claims, "docs/general-claims.yml", stdout_of, ROOT)


def prose(text: str, where: str = "p.md") -> list[Sentence]:
    return sentences.page_sentences(where, text)


# ------------------------------------------------------------------ the site

@pytest.mark.site  # the sweeps' lines are read from the outputs the snippet tests have just cached
def test_every_general_sentence_of_the_site_is_bound_or_allowed():
    result = general.check_site()
    assert not result.problems, "\n".join(map(str, result.problems))
    assert len(result.found) > 100


def test_every_bound_property_is_a_derandomized_hypothesis_test_with_a_deadline():
    spec = importlib.util.spec_from_file_location("general_properties", PROPERTIES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    checks = {c.check for c in general.load(DOCS_DIR / general.DATA_NAME) if "::" in c.check}
    assert checks, "no property is bound"
    for check in checks:
        file, _, name = check.partition("::")
        assert file == "tests/test_general_properties.py", check
        used = getattr(module, name)._hypothesis_internal_use_settings
        assert used.derandomize and used.deadline is not None and used.database is None, check


def test_the_old_adam_wording_fails_the_check():
    """The three Adam rules as the site wrote them before issue 23, put back on a copy of the page:
    each is a general sentence without a binding, so the checker (and the strict build) fails."""
    page = (DOCS_DIR / "adam.md").read_text(encoding="utf-8")
    old = ['So the intuition holds for oscillation, and "increase" holds compared with gradient descent, '
           "not over time: moving in the same direction does not make a step grow beyond the learning rate; "
           "it keeps it *at* the learning rate, while a shrinking gradient shrinks it.",
           "Its step for each parameter stays near its learning rate when the gradient keeps its sign, "
           "whatever the gradient's size.",
           "It is about the learning rate when the gradient keeps its sign, however small the gradient."]
    claims = general.load(DOCS_DIR / general.DATA_NAME)
    found = [s for s in sentences.site_sentences() if s.where != "adam.md"]
    result = run(found + prose(page + "\n\n" + "\n\n".join(old) + "\n", "adam.md"), claims, lambda s: None)
    unbound = [str(p) for p in result.problems if "with no entry" in str(p)]
    assert len(unbound) == 3, unbound
    assert any("keeps" in p for p in unbound) and any("whatever" in p for p in unbound)
    assert any("however" in p for p in unbound)


# ------------------------------------------------------------------ the list of words

@pytest.mark.parametrize("text, words", [
    ("It keeps it at the learning rate.", ["keeps"]),
    ("however small the gradient", ["however"]),
    ("However, the gradient is small.", []),
    ("as if awareness were a yes-or-no matter", []),
    ("whatever its size, for any g", ["whatever", "any"]),
    ("The same holds for a sigmoid.", ["the same holds"]),
    ("the same data and the same weights", []),
    ("It cannot overflow; it never does; every z.", ["cannot", "never", "every"]),
    ("each layer, all classes, only where |g| < 1, exactly 0", []),
])
def test_the_words_that_make_a_sentence_general(text, words):
    assert general.general_words(text) == words


# ------------------------------------------------------------------ the checker catches what it is for

PAGE = "Adam's first step is the learning rate for any gradient from $10^{-3}$ to $10^6$.\n"


def claim(**fields) -> general.Claim:
    base = {"where": "p.md", "sentence": "Adam's first step is the learning rate", "at": 7}
    return general.Claim(**{**base, **fields})


def test_an_unbound_general_sentence_is_a_problem_naming_page_line_and_word():
    result = run(prose("Intro.\n\n" + PAGE), [])
    assert [str(p) for p in result.problems] == [
        "docs/p.md:3: any: a general sentence (prose) with no entry in docs/general-claims.yml: name its domain "
        "and bind it to a property or a sweep, narrow it, or allow it with a reason: \"Adam's first step is the "
        "learning rate for any gradient from $10^{-3}$ to $10^6$.\""]


def test_a_property_binding_names_the_domain_and_a_given_test():
    ok = claim(domain="from $10^{-3}$ to $10^6$", check=FIRST)
    result = run(prose(PAGE), [ok])
    assert result.problems == [] and result.found[0].strategy.startswith("@given(g=st.one_of(st.just(0.0), ")
    wrong_domain = run(prose(PAGE), [claim(domain="for every gradient", check=FIRST)])
    assert "the domain 'for every gradient' is not in the sentence" in str(wrong_domain.problems[0])
    missing = run(prose(PAGE), [claim(domain="for any gradient", check=FIRST.split("::")[0] + "::no_such_test")])
    assert "has no test no_such_test" in str(missing.problems[0])
    helper = run(prose(PAGE), [claim(domain="for any gradient", check=FIRST.split("::")[0] + "::adam_steps")])
    assert "adam_steps is not a Hypothesis property" in str(helper.problems[0])


def test_a_sweep_binding_names_a_printed_line_with_its_worst_case():
    sweep = {"domain": "for any gradient", "check": "snippets/adam/adam_intuition.py"}
    printed = "constant gradient: worst case 0.9968 x lr\n"
    ok = run(prose(PAGE), [claim(**sweep, line="worst case 0.9968")], lambda s: printed)
    assert ok.problems == []
    missing = run(prose(PAGE), [claim(**sweep, line="worst case 0.5")], lambda s: printed)
    assert "prints no line containing 'worst case 0.5'" in str(missing.problems[0])
    no_worst = run(prose(PAGE), [claim(**sweep, line="0.9968 x lr")], lambda s: printed)
    assert "holds 'worst case'" in str(no_worst.problems[0])
    not_run = run(prose(PAGE), [claim(**sweep, line="worst case 0.9968")], lambda s: None)
    assert "has no cached output" in str(not_run.problems[0])


def test_stale_ambiguous_doubled_and_half_written_entries_are_problems():
    two = prose("Every step is small. Every step is large.\n")
    stale = run(prose(PAGE), [claim(sentence="a sentence that is gone", allow="site", reason="x" * 30)])
    assert "no sentence contains 'a sentence that is gone'" in str(stale.problems[0])
    ambiguous = run(two, [claim(sentence="Every step is", allow="site", reason="x" * 30)])
    assert "make the fragment longer" in str(ambiguous.problems[0])
    doubled = run(prose(PAGE), [claim(allow="site", reason="x" * 30), claim(allow="proof", reason="y" * 30, at=9)])
    assert "also matched by the entry at line 7" in str(doubled.problems[0])
    both = run(prose(PAGE), [claim(allow="site", reason="x" * 30, check=FIRST, domain="for any gradient")])
    assert "an allowance (allow, reason) has no domain, check or line" in str(both.problems[0])
    half = run(prose(PAGE), [claim(check=FIRST)])
    assert "a binding needs domain" in str(half.problems[0])


def test_a_sentence_written_twice_in_a_place_is_one_claim():
    table = "| a | b |\n| --- | --- |\n| any number | any number |\n"
    assert run(prose(table), [claim(sentence="any number", allow="not-a-rule", reason="x" * 30)]).problems == []


def test_a_sentence_without_a_general_word_may_be_bound_and_is_then_checked():
    page = "For a constant gradient $g$, Adam's step is larger than gradient descent's where $|g| < 1$.\n"
    bound = claim(sentence="larger than gradient descent's", domain="For a constant gradient $g$", check=FIRST)
    result = run(prose(page), [bound])
    assert result.problems == [] and len(result.found) == 1
    assert run(prose(page), []).found == []


@pytest.mark.parametrize("entry, message", [
    ("- where: p.md\n  sentence: Every step\n  allow: site\n", "needs a reason"),
    ("- where: p.md\n  sentence: Every step\n  allow: site\n  reason: short\n", "reason must be a sentence"),
    ("- where: p.md\n  sentence: Every step\n  allow: because\n  reason: a reason long enough to pass\n",
     "allow must be one of"),
    ("- where: /etc/p\n  sentence: Every step\n  allow: site\n  reason: a reason long enough to pass\n",
     "where must be a page"),
    ("- where: p.md\n  sentence: Every step\n  check: tests/x.py\n  domain: every\n", "check must be"),
    ("- where: p.md\n  sentence: Every step\n  colour: red\n", "unknown field(s) colour"),
])
def test_the_data_file_is_validated_with_its_line(tmp_path, entry, message):
    path = tmp_path / "claims.yml"
    path.write_text("# comment\n" + entry, encoding="utf-8")
    if message == "needs a reason":  # valid for the schema, caught by the checker
        result = run(prose("Every step is small.\n"), general.load(path))
        assert message in str(result.problems[0])
        return
    with pytest.raises(general.ClaimsError, match=re.escape(message)) as info:
        general.load(path)
    assert re.search(r"claims\.yml:[2-5]: entry 1: ", str(info.value)), info.value  # the entry's or field's line


# ------------------------------------------------------------------ the reader of sentences

def test_prose_sentences_come_from_paragraphs_items_cells_and_boxes_not_code():
    page = "\n".join([
        "# Title", "", "First sentence. Second one, e.g. this.", "",
        "- an item that is every bit general", "- another", "",
        "| Head | Col |", "| --- | --- |", "| a cell | any number |", "",
        '!!! note "A box title that is always skipped"', "    The box body keeps it.", "",
        "```python", "# always code", "```", "",
    ])
    texts = [s.text for s in prose(page)]
    assert texts == ["Title", "First sentence.", "Second one, e.g. this.", "an item that is every bit general",
                     "another", "Head", "Col", "a cell", "any number", "The box body keeps it."]
    assert [s.line for s in prose(page) if s.text == "any number"] == [10]


def test_snippet_sentences_are_comments_docstrings_captions_and_a_starters_messages(tmp_path):
    root = tmp_path / "snippets"
    (root / "c").mkdir(parents=True)
    (root / "c" / "ex_task.py").write_text("\n".join([
        "# expect-error: SystemExit: not yet",
        "# # Exercise: a task that never ends",
        "#",
        "# The check always runs.",
        "import matplotlib.pyplot as plt",
        "",
        "",
        "def f(x):",
        '    """Finite for any x."""',
        "    return x  # noqa: E501 - any lint",
        "",
        "",
        'fig, ax = plt.subplots(num="A figure that keeps every point")',
        'raise SystemExit(f"not yet: {1} is never right")',
        'print("ok: done, whatever")',
    ]) + "\n", encoding="utf-8")
    (root / "c" / "ex_task_solution.py").write_text("# The check always runs.\n# A new remark for any reader.\n",
                                                    encoding="utf-8")
    found = [(s.where.split("/")[-1], s.line, s.kind, s.text)
             for p in sorted(root.rglob("*.py")) for s in sentences.snippet_sentences(p, root)]
    starter = [x for x in found if x[0] == "ex_task.py"]
    assert ("ex_task.py", 2, "comment", "Exercise: a task that never ends") in starter
    assert ("ex_task.py", 4, "comment", "The check always runs.") in starter
    assert ("ex_task.py", 9, "comment", "Finite for any x.") in starter
    assert ("ex_task.py", 13, "caption", "A figure that keeps every point") in starter
    assert ("ex_task.py", 14, "message", "not yet: … is never right") in starter
    assert ("ex_task.py", 15, "message", "ok: done, whatever") in starter
    assert not any("lint" in x[3] for x in found)  # a noqa comment is syntax
    site = sentences.site_sentences(tmp_path / "no-docs", root, entries=[])
    solution = [s.text for s in site if s.where.endswith("_solution.py")]
    assert solution == ["A new remark for any reader."]  # its starter's sentences are read once


def test_the_site_reader_covers_pages_errata_and_snippets():
    found = sentences.site_sentences()
    kinds = {s.kind for s in found}
    assert kinds == {"prose", "errata", "comment", "caption", "message"}
    places = {s.where.split("#")[0].split("/")[0] for s in found}
    assert {"adam.md", "errata.yml", "snippets"} <= places
    assert len({s.where for s in found if s.where.startswith("snippets/")}) > len(list(SNIPPETS_DIR.rglob("*.py"))) / 2


def test_the_command_line_lists_problems_and_drafts_entries(tmp_path, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "p.md").write_text("A rule that always holds.\n", encoding="utf-8")
    (docs / general.DATA_NAME).write_text("[]\n", encoding="utf-8")
    empty = tmp_path / "snippets"
    empty.mkdir()
    assert general.main([], docs_dir=docs, snippets_dir=empty) == 1
    out = capsys.readouterr().out
    assert "docs/p.md:1: always" in out.replace(str(tmp_path) + "/", "") and "1 problems" in out
    assert general.main(["--draft"], docs_dir=docs, snippets_dir=empty) == 0
    draft = capsys.readouterr().out
    assert "- where: p.md\n  sentence: A rule that always holds." in draft


def test_the_data_file_has_one_entry_per_sentence():
    claims = general.load(DOCS_DIR / general.DATA_NAME)
    keys = [(c.where, c.sentence) for c in claims]
    assert len(keys) == len(set(keys))
