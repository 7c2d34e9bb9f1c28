"""Exercises: one starter, and task sections of every kind composed into it the same way.

An exercise is a **starter**, `snippets/<chapter>/ex_<name>.py`: a whole program that opens with the task
(top-level comments), holds what the learner fills in between `# --8<-- [start:task]` and
`# --8<-- [end:task]`, and ends with the check, which stops the program with
`SystemExit("not yet: <the mistake> ... <a hint>")` or prints `ok: ...`. The starter carries no suite
marker: the block a learner sees and downloads opens with the task. The suite knows from its name that
a starter stops with `SystemExit: not yet` (`declared_failure`, the one place that says so: the engine,
the cache and the report ask it).

Task sections, each composed into the starter (`compose`) as a program the engine runs like a snippet:

- the **solution**, `snippets/<chapter>/ex_<name>_solution.py`: the starter with the task filled in, kept
  as a whole file because the page shows it in its solution fold; any other difference from the starter
  is an error (`problems`). It must pass for every seed the suite tries.
- **right answers**, `tests/right_answers/<chapter>/ex_<name>/<name>.py`, opening with `# right: <how it
  is written differently>` (a loop, lists, another formula): composed without a marker, each must pass.
- **wrong answers**, `tests/wrong_answers/<chapter>/ex_<name>/<mistake>.py`, opening with
  `# mistake: <what is wrong>` and `# rejected with: <text the check's message must contain>`: composed
  with `# expect-error: SystemExit: <that text>`, so the engine passes each exactly when the check
  rejects it with a message that names the mistake.
- **mutants** of the solution's task section (`snippetkit.mutants`, cosmic-ray): composed with
  `# expect-error: SystemExit: not yet`, or, when listed as equivalent, without a marker (it must pass).

Mutation results are recorded like a lock file, `tests/mutants/<chapter>/ex_<name>.json`, with the digest
of what they were computed from (`inputs_digest`: the starter with its check, the solution's task, the
mutation operators and settings, `uv.lock`); equivalent mutants are listed with a reason each in
`tests/mutants/<chapter>/ex_<name>.equivalent.txt` (`read_equivalents`). `record_problems` says what
is stale or below the bar.

This module reads and writes text only (no TensorFlow, no cosmic-ray); the engine runs what it composes.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from snippetkit import ROOT, SNIPPETS_DIR
from snippetkit.model import ExpectedError, expected_error

WRONG_DIR = ROOT / "tests" / "wrong_answers"
RIGHT_DIR = ROOT / "tests" / "right_answers"
MUTANTS_DIR = ROOT / "tests" / "mutants"
"""The mutation records (`<chapter>/ex_<name>.json`) and equivalent mutants (`.equivalent.txt`)."""
VARIANTS_DIR = ROOT / ".cache" / "exercises"
"""Where each composed answer is written as a program the engine runs:
`<chapter>/ex_<name>.<kind>.<name>.py` (beside, not inside, the starter's name in the cache)."""
MUTATION_SOURCE = ROOT / "snippetkit" / "mutants.py"
"""The mutation operators and settings: part of every record's digest."""
LOCK = ROOT / "uv.lock"
PREFIX, SOLUTION = "ex_", "_solution"
STARTER_EXPECT = ExpectedError("SystemExit", "not yet")
MIN_SCORE = 0.95
"""Each exercise's check kills at least this share of its non-equivalent mutants."""
TITLE = "Exercise (stops with “not yet” until you fill it in)"
"""How a page titles a starter's block: `TITLE: chapter/ex_name.py` (tests/test_errata.py holds it)."""
OUTPUT_TITLE = "Stops with the check's message, as a starter does"
EXPECT_LINE = re.compile(r"^#\s*expect-error:.*\n", re.M)
SECTION = re.compile(r"^[ \t]*#[ \t]*-+8<-+[ \t]*\[start:task\][ \t]*\n(?P<body>.*?)"
                     r"^[ \t]*#[ \t]*-+8<-+[ \t]*\[end:task\][ \t]*$", re.M | re.S)
WRONG_HEADER = re.compile(r"\A#[ \t]*mistake:[ \t]*(?P<mistake>.+)\n#[ \t]*rejected with:[ \t]*(?P<message>.+)\n")
RIGHT_HEADER = re.compile(r"\A#[ \t]*right:[ \t]*(?P<mistake>.+)\n")
EQUIVALENT = re.compile(r"^(?P<id>\S+#\d+): `(?P<line>.*)`: (?P<reason>\S.*)$")


class ExerciseError(ValueError):
    """A malformed exercise: the message names the file."""


@dataclass(frozen=True)
class Answer:
    """A task section composed into a starter: `kind` "right", "wrong" or "mutant"; `mistake` what
    is wrong (a right answer: how it is written; a mutant: its change); `message` the text the check's
    message must contain ("" for a right answer, which must pass)."""

    kind: str
    name: str
    task: str
    mistake: str = ""
    message: str = ""
    path: Path | None = None


WrongAnswer = Answer


@dataclass(frozen=True)
class Exercise:
    name: str  # `multiclass/ex_log_softmax`
    starter: Path
    solution: Path
    wrong: tuple[Answer, ...]
    right: tuple[Answer, ...] = ()


def is_exercise(snippet_name: str) -> bool:
    """`chapter/ex_x` (a starter) or `chapter/ex_x_solution` (its solution)."""
    return Path(snippet_name).name.startswith(PREFIX)


def is_starter(snippet_name: str) -> bool:
    """`chapter/ex_x` or `chapter/ex_x.py`: not its solution, not a composed answer (`ex_x.wrong.y`)."""
    stem = Path(snippet_name).name.removesuffix(".py")
    return stem.startswith(PREFIX) and not stem.endswith(SOLUTION) and "." not in stem


def declared_failure(path: Path | str, source: str) -> ExpectedError | None:
    """What a snippet must fail with: its `# expect-error:` line, or for an exercise's starter, which
    carries no marker, `SystemExit: not yet` (the check stops it until the task is filled in)."""
    declared = expected_error(source)
    if declared is None and is_starter(str(path)):
        return STARTER_EXPECT
    return declared


def task(source: str, where: str) -> re.Match:
    found = list(SECTION.finditer(source))
    if len(found) != 1:
        raise ExerciseError(f"{where}: needs exactly one `# --8<-- [start:task]` ... `# --8<-- [end:task]` "
                            f"section, found {len(found)}")
    return found[0]


def compose(starter: str, task_body: str, expect: str | None, where: str = "starter") -> str:
    """The starter with its task section's body replaced, opening with `# expect-error: <expect>`
    (`None`: no marker, the program must run to its end)."""
    if EXPECT_LINE.search(starter):
        raise ExerciseError(f"{where}: a starter carries no `# expect-error:` line (the suite knows that a "
                            f"starter stops with {STARTER_EXPECT}; the learner's block opens with the task)")
    m = task(starter, where)
    body = task_body if task_body.endswith("\n") or not task_body else task_body + "\n"
    out = starter[:m.start("body")] + body + starter[m.end("body"):]
    return (f"# expect-error: {expect}\n" if expect else "") + out


def read_answer(path: Path, kind: str) -> Answer:
    text = path.read_text(encoding="utf-8")
    if kind == "wrong":
        m = WRONG_HEADER.match(text)
        if not m:
            raise ExerciseError(f"{path}: a wrong answer opens with `# mistake: ...` and `# rejected with: ...`")
        return Answer("wrong", path.stem, text[m.end():], m.group("mistake").strip(), m.group("message").strip(),
                      path)
    m = RIGHT_HEADER.match(text)
    if not m:
        raise ExerciseError(f"{path}: a right answer opens with `# right: <how it is written differently>`")
    return Answer("right", path.stem, text[m.end():], m.group("mistake").strip(), "", path)


def read_wrong(path: Path) -> Answer:
    return read_answer(path, "wrong")


def find(snippets_dir: Path = SNIPPETS_DIR, wrong_dir: Path = WRONG_DIR, right_dir: Path = RIGHT_DIR) -> list[Exercise]:
    """Every exercise: each `ex_*.py` starter with its solution, wrong and right answers."""
    found = []
    for starter in sorted(Path(snippets_dir).rglob(f"{PREFIX}*.py")):
        if starter.stem.endswith(SOLUTION):
            if not starter.with_name(starter.stem.removesuffix(SOLUTION) + ".py").is_file():
                raise ExerciseError(f"{starter}: a solution without its starter")
            continue
        name = starter.relative_to(snippets_dir).with_suffix("").as_posix()
        wrong = tuple(read_answer(p, "wrong") for p in sorted((Path(wrong_dir) / name).glob("*.py")))
        right = tuple(read_answer(p, "right") for p in sorted((Path(right_dir) / name).glob("*.py")))
        found.append(Exercise(name, starter, starter.with_name(f"{starter.stem}{SOLUTION}.py"), wrong, right))
    return found


def solution_task(ex: Exercise) -> str:
    return task(ex.solution.read_text(encoding="utf-8"), str(ex.solution)).group("body")


def problems(ex: Exercise, min_wrong: int = 2, min_right: int = 1) -> list[str]:
    """What is malformed: a starter with a marker, no solution, a solution that differs from the
    starter outside the task section, too few wrong or right answers."""
    out = []
    starter = ex.starter.read_text(encoding="utf-8")
    if EXPECT_LINE.search(starter):
        return [f"{ex.starter}: a starter carries no `# expect-error:` line: the learner's block opens with "
                f"the task, and the suite knows that a starter stops with {STARTER_EXPECT}"]
    if not ex.solution.is_file():
        return out + [f"{ex.solution}: missing (every exercise has a solution)"]
    solution = ex.solution.read_text(encoding="utf-8")
    try:
        expected = compose(starter, solution_task(ex), None, str(ex.starter))
    except ExerciseError as exc:
        return out + [str(exc)]
    if solution != expected:
        out.append(f"{ex.solution}: differs from its starter outside the task section (or carries an "
                   "expect-error line): the solution is the starter with the task filled in")
    if len(ex.wrong) < min_wrong:
        out.append(f"tests/wrong_answers/{ex.name}/: {len(ex.wrong)} wrong answer(s), at least {min_wrong} needed")
    if len(ex.right) < min_right:
        out.append(f"tests/right_answers/{ex.name}/: {len(ex.right)} right answer(s), at least {min_right} needed")
    return out


def expectation(answer: Answer, equivalent: bool = False) -> str | None:
    """The marker an answer is composed with: a right answer (or an equivalent mutant) must pass."""
    if answer.kind == "right" or (answer.kind == "mutant" and equivalent):
        return None
    return f"SystemExit: {answer.message or STARTER_EXPECT.message}"


def variants(ex: Exercise, answers: tuple[Answer, ...] | None = None,
             equivalent: frozenset[str] = frozenset()) -> list[tuple[Answer, str]]:
    """Each answer (by default the wrong ones) composed into the starter with the marker it must meet."""
    starter = ex.starter.read_text(encoding="utf-8")
    return [(a, compose(starter, a.task, expectation(a, a.name in equivalent), str(a.path or ex.starter)))
            for a in (ex.wrong if answers is None else answers)]


def variant_path(ex: Exercise, answer: Answer, folder: Path = VARIANTS_DIR) -> Path:
    return Path(folder) / f"{ex.name}.{answer.kind}.{answer.name}.py"


def materialise(ex: Exercise, folder: Path = VARIANTS_DIR, answers: tuple[Answer, ...] | None = None,
                equivalent: frozenset[str] = frozenset()) -> list[tuple[Answer, Path]]:
    """Write each variant as `<folder>/<chapter>/ex_<name>.<kind>.<name>.py`, a program the engine runs
    like a snippet (rewritten only when its text changed, so that its cache key holds)."""
    out = []
    for a, source in variants(ex, answers, equivalent):
        path = variant_path(ex, a, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != source:
            path.write_text(source, encoding="utf-8")
        out.append((a, path))
    return out


# ---- mutation records ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Equivalent:
    id: str  # `core/NumberReplacer#3`
    line: str  # the mutated line, as the record shows it
    reason: str
    where: str  # `file:line` of the entry


def record_path(ex: Exercise, folder: Path = MUTANTS_DIR) -> Path:
    return Path(folder) / f"{ex.name}.json"


def equivalents_path(ex: Exercise, folder: Path = MUTANTS_DIR) -> Path:
    return Path(folder) / f"{ex.name}.equivalent.txt"


def read_equivalents(ex: Exercise, folder: Path = MUTANTS_DIR) -> dict[str, Equivalent]:
    """`ID: \\`mutated line\\`: reason`, one a line (`#` comments and blank lines skipped)."""
    path = equivalents_path(ex, folder)
    out: dict[str, Equivalent] = {}
    if not path.is_file():
        return out
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = EQUIVALENT.match(line)
        if not m:
            raise ExerciseError(f"{path}:{n}: an equivalent mutant is `ID: `mutated line`: reason`, got {line!r}")
        if m["id"] in out:
            raise ExerciseError(f"{path}:{n}: {m['id']} is listed twice")
        out[m["id"]] = Equivalent(m["id"], m["line"], m["reason"], f"{path}:{n}")
    return out


def inputs_digest(ex: Exercise) -> str:
    """What a record was computed from: the starter with its check, the solution's task section,
    the mutation operators and settings (snippetkit/mutants.py) and uv.lock."""
    h = hashlib.sha256()
    for label, data in (("starter", ex.starter.read_bytes()), ("task", solution_task(ex).encode()),
                        ("mutants", MUTATION_SOURCE.read_bytes()), ("lock", LOCK.read_bytes())):
        h.update(label.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def read_record(ex: Exercise, folder: Path = MUTANTS_DIR) -> dict | None:
    path = record_path(ex, folder)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    except ValueError as exc:
        raise ExerciseError(f"{path}: not JSON ({exc})") from None


def stale(chosen: list[Exercise]) -> list[Exercise]:
    """The exercises whose mutation record is missing or was computed from other inputs."""
    return [ex for ex in chosen if (read_record(ex) or {}).get("digest") != inputs_digest(ex)]


def score(record: dict, equivalents: dict[str, Equivalent]) -> tuple[int, int]:
    """(killed, non-equivalent mutants) of a record."""
    mutants = record.get("results", [])
    killed = sum(m["outcome"] == "killed" for m in mutants)
    return killed, sum(m["id"] not in equivalents for m in mutants)


def mutation_summary(ex: Exercise) -> str:
    """The exercise's mutation score as the report shows it: killed / non-equivalent mutants, or why none."""
    try:
        record, equivalents = read_record(ex), read_equivalents(ex)
    except ExerciseError as exc:
        return f"**unreadable record**: {exc}"
    if record is None:
        return "**no record**"
    killed, total = score(record, equivalents)
    text = f"{killed}/{total} ({killed / total:.0%}), {len(equivalents)} equivalent" if total else "no mutants"
    return text if record.get("digest") == inputs_digest(ex) else f"{text} (**stale record**)"


def record_problems(ex: Exercise, record: dict | None, equivalents: dict[str, Equivalent],
                    digest: str | None = None, min_score: float = MIN_SCORE) -> list[str]:
    """What is wrong with a record: missing or stale (its digest is not `digest`), a survivor not
    listed as equivalent, a listed one that was killed or whose line differs, an outcome other than
    killed or survived, a score below `min_score`."""
    path = record_path(ex).relative_to(ROOT) if record_path(ex).is_relative_to(ROOT) else record_path(ex)
    if record is None:
        return [f"{path}: no mutation record; `make mutants WRITE=1 NAMES={ex.name}` writes it"]
    out = []
    if digest is not None and record.get("digest") != digest:
        out.append(f"{path}: stale: computed from other inputs (the starter, the solution's task, "
                   f"snippetkit/mutants.py or uv.lock changed); `make mutants WRITE=1 NAMES={ex.name}` rewrites it")
    by_id = {m["id"]: m for m in record.get("results", [])}
    for m in by_id.values():
        if m["outcome"] == "survived" and m["id"] not in equivalents:
            out.append(f"{path}: {m['id']} survived: `{m['after']}` (line {m['line']} of the task, was "
                       f"`{m['before']}`): kill it with a better check, or list it as equivalent with a reason")
        elif m["outcome"] not in ("killed", "survived"):
            out.append(f"{path}: {m['id']} (`{m['after']}`) was neither rejected with \"not yet\" nor "
                       f"accepted: {m['outcome']}")
    for e in equivalents.values():
        m = by_id.get(e.id)
        if m is None:
            out.append(f"{e.where}: {e.id} is no mutant of {ex.name}")
        elif m["after"] != e.line:
            out.append(f"{e.where}: {e.id} is `{m['after']}`, not `{e.line}`")
        elif m["outcome"] != "survived":
            out.append(f"{e.where}: {e.id} is listed as equivalent, but the check rejects it ({m['outcome']})")
    killed, total = score(record, equivalents)
    if total and killed / total < min_score:
        out.append(f"{path}: {killed} of {total} non-equivalent mutants killed ({killed / total:.0%}), "
                   f"below {min_score:.0%}")
    return out


# ---- for writers ---------------------------------------------------------------------------------

def _run(path: Path, timeout: float = 300) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=timeout,
                          cwd=tempfile.gettempdir())
    shown = proc.stdout if proc.returncode == 0 else proc.stderr
    return proc.returncode, (shown.strip().splitlines() or [""])[-1]


def main(argv: list[str] | None = None) -> int:
    """`python -m snippetkit.exercises [chapter/ex_name ...]`: each exercise's starter, solution, right
    and wrong answers run as a reader would run them (`python file.py`), one process each: for writing
    exercises. The suite runs the same checks in its worker pool."""
    names = list(sys.argv[1:] if argv is None else argv)
    chosen = [ex for ex in find() if not names or ex.name in names]
    if names and len(chosen) != len(names):
        print(f"unknown exercise(s): {sorted(set(names) - {ex.name for ex in chosen})}", file=sys.stderr)
        return 2
    failed = 0

    def report(ok: bool, text: str) -> None:
        nonlocal failed
        failed += not ok
        print(("PASS " if ok else "FAIL ") + text, flush=True)

    for ex in chosen:
        for p in problems(ex):
            report(False, p)
        code, last = _run(ex.starter)
        report(code != 0 and last.startswith("not yet:"), f"{ex.name}: starter stops with: {last}")
        if ex.solution.is_file():
            code, last = _run(ex.solution)
            report(code == 0, f"{ex.name}: solution {'passes: ' if code == 0 else 'fails: '}{last}")
        with tempfile.TemporaryDirectory() as tmp:
            for a, path in materialise(ex, Path(tmp), ex.right + ex.wrong):
                code, last = _run(path)
                if a.kind == "right":
                    report(code == 0, f"{ex.name}: right answer '{a.mistake}' -> {last}")
                    continue
                ok = code != 0 and a.message in last and last.startswith("not yet:")
                report(ok, f"{ex.name}: wrong answer '{a.mistake}' -> {last}"
                       + ("" if ok else f"   (expected a message containing {a.message!r})"))
    print(f"{len(chosen)} exercise(s), {failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
