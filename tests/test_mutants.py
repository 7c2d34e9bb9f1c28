"""Mutation testing of the exercises' checks (snippetkit/mutants.py, snippetkit/exercises.py): the
operators do what their examples say, through cosmic-ray's own `mutate_code`; the mutants of a task
section are valid, distinct and stable; a record says what is wrong with it when it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cosmic_ray.mutating import mutate_code

from snippetkit import exercises, mutants

EXAMPLES = [(name, i, ex) for name in mutants.OPERATORS for i, ex in enumerate(mutants.operator(name).examples())]


@pytest.mark.parametrize("name, i, example", EXAMPLES, ids=[f"{n}[{i}]" for n, i, _ in EXAMPLES])
def test_each_operator_does_what_its_examples_say(name, i, example):
    op = mutants.operator(name)
    assert mutate_code(example.pre_mutation_code, op, example.occurrence) == example.post_mutation_code


def test_every_custom_operator_has_examples():
    assert all(len(cls.examples()) >= 1 for cls in mutants.CUSTOM.values())
    assert set(mutants.CUSTOM) <= set(mutants.OPERATORS)


@pytest.mark.parametrize("code", ["x = [f(p) for p in q]\n", "d = Dense(4)\n", "def f(x):\n    \"\"\"Doc.\"\"\"\n"])
def test_an_operator_leaves_alone_what_it_must_not_touch(code):
    """A comprehension is not a list of elements to swap; a lone positional argument has no neighbour;
    a docstring is not a statement to remove."""
    for name in ("snippetkit/SwapElements", "snippetkit/SwapArguments", "snippetkit/RemoveStatement"):
        assert mutate_code(code, mutants.operator(name), 0) is None, name


TASK = '''def f(z):
    s = z - np.max(z, axis=1, keepdims=True)
    return s.T @ np.log(np.sum(np.exp(s), axis=1))
'''


def test_mutants_are_valid_distinct_and_stable():
    found = mutants.generate(TASK)
    assert len(found) >= 20
    assert len({m.task for m in found}) == len(found) and TASK not in {m.task for m in found}
    assert [m.id for m in mutants.generate(TASK)] == [m.id for m in found]  # the ids do not move
    kinds = {m.id.split("#")[0] for m in found}
    for wanted in ("snippetkit/ReplaceAxis", "snippetkit/RemoveKeywordArgument", "snippetkit/RemoveTranspose",
                   "snippetkit/ReplaceMatMulWithMul", "snippetkit/UnwrapCall", "core/ReplaceTrueWithFalse"):
        assert wanted in kinds, wanted
    swapped = next(m for m in found if m.id == "snippetkit/SwapOperands#0")
    assert (swapped.line, swapped.before, swapped.after) == (
        2, "s = z - np.max(z, axis=1, keepdims=True)", "s = np.max(z, axis=1, keepdims=True) - z")


def test_a_mutants_name_turns_back_into_its_id():
    for m in mutants.generate(TASK):
        assert mutants.mutant_id(m.name) == m.id


# ---- records ----------------------------------------------------------------------------------------

def _record(outcomes: dict[str, str]) -> dict:
    return {"digest": "d", "results": [{"id": i, "line": 1, "before": "x = 1", "after": f"x = {n}",
                                        "outcome": o, "message": ""} for n, (i, o) in enumerate(outcomes.items())]}


EX = exercises.find()[0]


def _equivalents(tmp_path: Path, text: str) -> dict[str, exercises.Equivalent]:
    path = exercises.equivalents_path(EX, tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return exercises.read_equivalents(EX, tmp_path)


def test_a_good_record_has_no_problems(tmp_path):
    record = _record({f"core/NumberReplacer#{i}": "killed" for i in range(19)} | {"core/NumberReplacer#19": "survived"})
    equivalents = _equivalents(tmp_path, "# why\ncore/NumberReplacer#19: `x = 19`: verbose only prints\n")
    assert exercises.record_problems(EX, record, equivalents, "d") == []
    assert exercises.score(record, equivalents) == (19, 19)


def test_a_record_that_is_missing_stale_or_wrong_is_caught(tmp_path):
    """Each check of `record_problems`, shown failing on a wrong input."""
    assert "no mutation record" in exercises.record_problems(EX, None, {}, "d")[0]
    assert "stale" in exercises.record_problems(EX, _record({"a#0": "killed"}), {}, "other digest")[0]
    unlisted = exercises.record_problems(EX, _record({"a#0": "killed", "a#1": "survived"}), {}, "d")
    assert any("a#1 survived" in p for p in unlisted) and any("below 95%" in p for p in unlisted)
    listed = _equivalents(tmp_path, "a#0: `x = 0`: no reason\n")
    assert "the check rejects it" in exercises.record_problems(EX, _record({"a#0": "killed"}), listed, "d")[0]
    other_line = _equivalents(tmp_path, "a#0: `x = 7`: no reason\n")
    assert "is `x = 0`, not `x = 7`" in exercises.record_problems(EX, _record({"a#0": "survived"}), other_line, "d")[0]
    gone = _equivalents(tmp_path, "b#3: `x = 0`: no reason\n")
    assert "is no mutant" in exercises.record_problems(EX, _record({"a#0": "killed"}), gone, "d")[0]
    crashed = exercises.record_problems(EX, _record({"a#0": "error: ValueError: x"}), {}, "d")
    assert "neither rejected with \"not yet\" nor accepted" in crashed[0]


def test_a_malformed_equivalents_file_is_an_error_naming_its_line(tmp_path):
    with pytest.raises(exercises.ExerciseError, match=r"equivalent.txt:2: an equivalent mutant is"):
        _equivalents(tmp_path, "a#0: `x = 0`: fine\na#1 without a reason\n")
    with pytest.raises(exercises.ExerciseError, match="listed twice"):
        _equivalents(tmp_path, "a#0: `x = 0`: fine\na#0: `x = 0`: again\n")


def test_the_digest_changes_with_each_input(tmp_path, monkeypatch):
    base = exercises.inputs_digest(EX)
    for name in ("MUTATION_SOURCE", "LOCK"):
        changed = tmp_path / name
        changed.write_bytes(getattr(exercises, name).read_bytes() + b"\n# changed\n")
        with monkeypatch.context() as m:
            m.setattr(exercises, name, changed)
            assert exercises.inputs_digest(EX) != base, name


def test_every_record_is_json_with_its_exercise_and_tool():
    for ex in exercises.find():
        record = exercises.read_record(ex)
        assert record is not None, ex.name
        assert record["exercise"] == ex.name and record["tool"].startswith("cosmic-ray ")
        assert json.loads(exercises.record_path(ex).read_text(encoding="utf-8")) == record
