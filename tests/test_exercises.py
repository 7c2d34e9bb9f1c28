"""Exercises (snippetkit/exercises.py): each starter stops with its check's message (a snippet that
declares `# expect-error: SystemExit: not yet`, run by test_snippets.py like any other), each
solution passes for every seed the suite tries (likewise), and each check rejects every plausible
wrong answer kept in tests/wrong_answers/ with a message that names the mistake (here, in the same
pool as the snippets). A check that accepts a wrong answer fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from snippetkit import DOCS_DIR, SNIPPETS_DIR, exercises, markup
from snippetkit.cache import Cache
from snippetkit.model import display_path
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


def test_wrong_answer_is_rejected(wrong_answer_path, snippet_runs):
    result = snippet_runs.get(wrong_answer_path, 0)
    name = wrong_answer_path.name.removesuffix(".py").split(".wrong.")
    source = Path(exercises.WRONG_DIR / Path(wrong_answer_path).relative_to(exercises.VARIANTS_DIR).parent
                  / name[0] / f"{name[1]}.py")
    if not result.ok:
        pytest.fail(f"{display_path(source)}: the check of {name[0]} does not reject this wrong answer as it "
                    f"should: {result.error}", pytrace=False)
    # Recorded for the verification report (which counts the wrong answers each check rejects).
    Cache(snippets_root=exercises.VARIANTS_DIR).write(wrong_answer_path, result, device=snippet_runs.device)


# ---- the format's own checks catch what they are for --------------------------------------------

STARTER = '''# expect-error: SystemExit: not yet
# Exercise: double

# --8<-- [start:task]
def double(x):
    return None
# --8<-- [end:task]

if double(2) != 4:
    raise SystemExit("not yet: double(2) should be 4")
print("ok")
'''
SOLVED = STARTER.replace("# expect-error: SystemExit: not yet\n", "").replace("return None", "return 2 * x")


def _exercise(tmp_path: Path, solution: str, wrong: dict[str, str]) -> exercises.Exercise:
    snippets, wrong_dir = tmp_path / "snippets", tmp_path / "wrong"
    (snippets / "c").mkdir(parents=True)
    (snippets / "c" / "ex_double.py").write_text(STARTER)
    (snippets / "c" / "ex_double_solution.py").write_text(solution)
    (wrong_dir / "c" / "ex_double").mkdir(parents=True)
    for name, text in wrong.items():
        (wrong_dir / "c" / "ex_double" / f"{name}.py").write_text(text)
    return exercises.find(snippets, wrong_dir)[0]


WRONG = {"plus": "# mistake: adds\n# rejected with: should be 4\ndef double(x):\n    return x + 1\n",
         "square": "# mistake: squares\n# rejected with: should be 4\ndef double(x):\n    return x * x * 3\n"}


def test_a_well_formed_exercise_has_no_problems(tmp_path):
    assert exercises.problems(_exercise(tmp_path, SOLVED, WRONG)) == []


def test_a_solution_that_changes_the_check_is_caught(tmp_path):
    changed = SOLVED.replace("!= 4", "!= 5")
    assert "differs from its starter" in exercises.problems(_exercise(tmp_path, changed, WRONG))[0]


def test_too_few_wrong_answers_are_caught(tmp_path):
    found = exercises.problems(_exercise(tmp_path, SOLVED, {"plus": WRONG["plus"]}))
    assert len(found) == 1 and "1 wrong answer(s), at least 2" in found[0]


def test_a_wrong_answer_without_its_header_is_caught(tmp_path):
    with pytest.raises(exercises.ExerciseError, match="opens with `# mistake: ...`"):
        _exercise(tmp_path, SOLVED, {"bad": "def double(x):\n    return 0\n"})


def test_a_variant_declares_the_rejection_it_must_meet(tmp_path):
    ex = _exercise(tmp_path, SOLVED, WRONG)
    (wrong, source), _ = exercises.variants(ex)
    assert source.startswith("# expect-error: SystemExit: should be 4\n")
    assert "return x + 1" in source and "return None" not in source


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
