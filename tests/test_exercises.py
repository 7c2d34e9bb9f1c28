"""Exercises (snippetkit/exercises.py): each starter stops with its check's message (test_snippets.py runs
it like any other snippet; the suite knows a starter stops with `SystemExit: not yet`, so the learner's
block carries no marker), each solution passes for every seed the suite tries (likewise), each check
rejects every plausible wrong answer kept in tests/wrong_answers/ with a message that names the mistake,
accepts every right answer of tests/right_answers/ (written differently from the solution), and has a
current mutation record (tests/mutants/): the mutants of an exercise whose record is stale are run here,
in the same pool as the snippets. A check that accepts a wrong answer or a mutant, or rejects a right
answer, fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from snippetkit import DOCS_DIR, SNIPPETS_DIR, exercises, markup
from snippetkit.cache import Cache
from snippetkit.model import display_path
from snippetkit.pages.notebook import download_py
from snippetkit.publish.site import notebook_for

EXERCISES = exercises.find()
CONTENT_CHAPTERS = ("training", "activations", "multiclass", "from_logits", "multilabel", "adam", "backprop",
                    "layers")


def test_every_content_chapter_has_two_exercises_or_more():
    per_chapter = {c: sum(ex.name.startswith(f"{c}/") for ex in EXERCISES) for c in CONTENT_CHAPTERS}
    short = {c: n for c, n in per_chapter.items() if n < 2}
    assert not short and len(EXERCISES) >= 16, f"exercises per chapter: {per_chapter}"


@pytest.mark.parametrize("ex", EXERCISES, ids=[ex.name for ex in EXERCISES])
def test_exercise_is_well_formed(ex):
    problems = exercises.problems(ex)
    assert not problems, "\n".join(problems)


def _answer_of(path: Path) -> tuple[str, str, Path]:
    """(exercise, kind, the answer's own file) of a composed answer under .cache/exercises/."""
    stem = path.name.removesuffix(".py")
    ex, kind, name = stem.split(".", 2)
    exercise = Path(path).relative_to(exercises.VARIANTS_DIR).parent / ex
    folder = {"wrong": exercises.WRONG_DIR, "right": exercises.RIGHT_DIR}.get(kind, exercises.MUTANTS_DIR)
    return exercise.as_posix(), name, folder / exercise / f"{name}.py"


def test_wrong_answer_is_rejected(wrong_answer_path, snippet_runs):
    result = snippet_runs.get(wrong_answer_path, 0)
    exercise, _, source = _answer_of(wrong_answer_path)
    if not result.ok:
        pytest.fail(f"{display_path(source)}: the check of {exercise} does not reject this wrong answer as it "
                    f"should: {result.error}", pytrace=False)
    # Recorded for the verification report (which counts the wrong answers each check rejects).
    Cache(snippets_root=exercises.VARIANTS_DIR).write(wrong_answer_path, result, device=snippet_runs.device)


def test_right_answer_is_accepted(right_answer_path, snippet_runs):
    result = snippet_runs.get(right_answer_path, 0)
    exercise, _, source = _answer_of(right_answer_path)
    if not result.ok:
        pytest.fail(f"{display_path(source)}: the check of {exercise} rejects this right answer: {result.error}",
                    pytrace=False)
    Cache(snippets_root=exercises.VARIANTS_DIR).write(right_answer_path, result, device=snippet_runs.device)


def test_mutant_of_a_changed_exercise(mutant_path, snippet_runs):
    """Only for an exercise whose mutation record is stale: each mutant is rejected with "not yet",
    or, listed as equivalent, accepted."""
    result = snippet_runs.get(mutant_path, 0)
    exercise, name, _ = _answer_of(mutant_path)
    if not result.ok:
        declared = mutant_path.read_text(encoding="utf-8").startswith("# expect-error:")
        what = "is not rejected with \"not yet\"" if declared else "is listed as equivalent, but the check rejects it"
        pytest.fail(f"{exercise}: its mutant {name} {what}: {result.error}", pytrace=False)


@pytest.mark.parametrize("ex", EXERCISES, ids=[ex.name for ex in EXERCISES])
def test_mutation_record_is_current(ex):
    """The record's digest is that of today's starter, solution task, operators and lock; every
    survivor is listed as equivalent with a reason; at least 95 % of the other mutants are killed."""
    problems = exercises.record_problems(ex, exercises.read_record(ex), exercises.read_equivalents(ex),
                                         exercises.inputs_digest(ex))
    assert not problems, "\n".join(problems)


# ---- the format's own checks catch what they are for --------------------------------------------

STARTER = '''# Exercise: double

# --8<-- [start:task]
def double(x):
    return None
# --8<-- [end:task]

if double(2) != 4:
    raise SystemExit("not yet: double(2) should be 4")
print("ok")
'''
SOLVED = STARTER.replace("return None", "return 2 * x")


def _exercise(tmp_path: Path, solution: str, wrong: dict[str, str], right: dict[str, str] | None = None,
              starter: str = STARTER) -> exercises.Exercise:
    snippets, wrong_dir, right_dir = tmp_path / "snippets", tmp_path / "wrong", tmp_path / "right"
    (snippets / "c").mkdir(parents=True)
    (snippets / "c" / "ex_double.py").write_text(starter)
    (snippets / "c" / "ex_double_solution.py").write_text(solution)
    for folder, answers in ((wrong_dir, wrong), (right_dir, RIGHT if right is None else right)):
        (folder / "c" / "ex_double").mkdir(parents=True)
        for name, text in answers.items():
            (folder / "c" / "ex_double" / f"{name}.py").write_text(text)
    return exercises.find(snippets, wrong_dir, right_dir)[0]


WRONG = {"plus": "# mistake: adds\n# rejected with: should be 4\ndef double(x):\n    return x + 1\n",
         "square": "# mistake: squares\n# rejected with: should be 4\ndef double(x):\n    return x * x * 3\n"}
RIGHT = {"sum": "# right: a sum\ndef double(x):\n    return x + x\n"}


def test_a_well_formed_exercise_has_no_problems(tmp_path):
    assert exercises.problems(_exercise(tmp_path, SOLVED, WRONG)) == []


def test_a_solution_that_changes_the_check_is_caught(tmp_path):
    changed = SOLVED.replace("!= 4", "!= 5")
    assert "differs from its starter" in exercises.problems(_exercise(tmp_path, changed, WRONG))[0]


def test_too_few_wrong_or_right_answers_are_caught(tmp_path):
    found = exercises.problems(_exercise(tmp_path, SOLVED, {"plus": WRONG["plus"]}, right={}))
    assert len(found) == 2 and "1 wrong answer(s), at least 2" in found[0] and "0 right answer(s)" in found[1]


def test_a_wrong_or_right_answer_without_its_header_is_caught(tmp_path):
    with pytest.raises(exercises.ExerciseError, match="opens with `# mistake: ...`"):
        _exercise(tmp_path / "a", SOLVED, {"bad": "def double(x):\n    return 0\n"})
    with pytest.raises(exercises.ExerciseError, match="opens with `# right: "):
        _exercise(tmp_path / "b", SOLVED, WRONG, right={"bad": "def double(x):\n    return 2 * x\n"})


def test_a_starter_with_the_suites_marker_is_caught(tmp_path):
    marked = "# expect-error: SystemExit: not yet\n" + STARTER
    found = exercises.problems(_exercise(tmp_path, SOLVED, WRONG, starter=marked))
    assert len(found) == 1 and "carries no `# expect-error:` line" in found[0]


def test_a_starter_stops_with_not_yet_and_nothing_else_does_by_name():
    expect = exercises.declared_failure
    assert expect("snippets/c/ex_double.py", STARTER) == exercises.STARTER_EXPECT
    assert expect("snippets/c/ex_double_solution.py", SOLVED) is None
    assert expect(".cache/exercises/c/ex_double.right.sum.py", SOLVED) is None  # a composed right answer
    marked = "# expect-error: SystemExit: should be 4\n" + STARTER
    assert str(expect(".cache/exercises/c/ex_double.wrong.plus.py", marked)) == "SystemExit: should be 4"
    assert expect("snippets/c/plain.py", "print(1)\n") is None


def test_each_kind_of_answer_is_composed_with_the_marker_it_must_meet(tmp_path):
    ex = _exercise(tmp_path, SOLVED, WRONG)
    (wrong, source), _ = exercises.variants(ex)
    assert source.startswith("# expect-error: SystemExit: should be 4\n# Exercise: double\n")
    assert "return x + 1" in source and "return None" not in source
    [(right, source)] = exercises.variants(ex, ex.right)
    assert source == SOLVED.replace("2 * x", "x + x")  # no marker: it must run to its end
    mutant = exercises.Answer("mutant", "core-NumberReplacer-0", "def double(x):\n    return 3 * x\n")
    [(_, killed)], [(_, equivalent)] = exercises.variants(ex, (mutant,)), exercises.variants(
        ex, (mutant,), frozenset({mutant.name}))
    assert killed.startswith("# expect-error: SystemExit: not yet\n") and equivalent.startswith("# Exercise")


def test_the_starters_downloads_open_with_the_task_without_the_suites_marker():
    for ex in EXERCISES:
        source = ex.starter.read_text(encoding="utf-8")
        py = download_py(source, "SystemExit: not yet: fill it in\n", name=ex.starter.name)
        cells = json.loads(notebook_for(source))["cells"]
        assert py.startswith("# # Exercise") and "expect-error" not in py, ex.name
        assert "Until the task above is filled in" in py and "fails on purpose" not in py, ex.name
        assert "".join(cells[0]["source"]).startswith("# Exercise") and "expect-error" not in json.dumps(cells)


def test_every_starter_and_solution_is_a_snippet():
    assert all(ex.starter.is_relative_to(SNIPPETS_DIR) and ex.solution.is_file() for ex in EXERCISES)


# ---- on the site -----------------------------------------------------------------------------------

@pytest.mark.parametrize("ex", EXERCISES, ids=[ex.name for ex in EXERCISES])
def test_the_notebook_download_is_task_starter_and_check_without_the_solution(ex):
    nb = json.loads(notebook_for(ex.starter.read_text(encoding="utf-8")))
    cells = [(c["cell_type"], "".join(c["source"])) for c in nb["cells"]]
    code = [text for kind, text in cells if kind == "code"]
    assert cells[0][0] == "markdown" and "Exercise" in cells[0][1], cells[0]
    task = exercises.task(ex.starter.read_text(encoding="utf-8"), str(ex.starter)).group("body").strip()
    assert any(task.splitlines()[0] in text for text in code), "the starter's task is not a code cell"
    assert any("check(" in text for text in code), "the check is not in the notebook"
    solution = exercises.task(ex.solution.read_text(encoding="utf-8"), str(ex.solution)).group("body").strip()
    assert not any(solution in text for text in code), "the notebook gives the solution away"


@pytest.mark.parametrize("chapter", CONTENT_CHAPTERS)
def test_each_chapter_ends_with_its_practice(chapter):
    page = DOCS_DIR / f"{chapter.replace('_', '-')}.md"
    text = page.read_text(encoding="utf-8")
    h2 = [h for h in markup.headings(text) if h.level == 2]
    assert h2 and h2[-1].plain == "Practice", f"{page.name}: its last section is not 'Practice'"
    practice = "\n".join(text.split("\n")[h2[-1].line:])
    shown = markup.included_snippets(practice)
    mine = [ex for ex in EXERCISES if ex.name.startswith(f"{chapter}/")]
    for ex in mine:
        for path in (ex.starter, ex.solution):
            assert path.relative_to(SNIPPETS_DIR).as_posix() in shown, f"{page.name}: Practice lacks {path.name}"


def test_the_report_shows_each_mutation_score_beside_the_answers(monkeypatch):
    from snippetkit.pages.report import ExerciseRow, render_exercises

    row = ExerciseRow("c/ex_x", None, "not yet: fill it in", True, {"0": True}, 3, 3, 1, 1, "19/20 (95%), 2 equivalent")
    lines = render_exercises([row])
    header = "| Wrong answers rejected | Right answers accepted | Mutants killed (of the non-equivalent) |"
    assert header in "\n".join(lines)
    assert lines[-2].endswith("| not yet: fill it in | 3/3 | 1/1 | 19/20 (95%), 2 equivalent |")
    for ex in EXERCISES:  # today's records: current, each score shown as k/n
        assert "**" not in exercises.mutation_summary(ex), ex.name
    monkeypatch.setattr(exercises, "inputs_digest", lambda ex: "changed")
    assert exercises.mutation_summary(EXERCISES[0]).endswith("(**stale record**)")
