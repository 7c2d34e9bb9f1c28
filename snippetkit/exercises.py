"""Exercises: a starter that stops with its check's message, a solution that passes, and wrong answers
that the check rejects by name.

An exercise is three kinds of file:

- `snippets/<chapter>/ex_<name>.py`, the **starter**: a whole program that opens with the task (top-level
  comments), holds what the learner fills in between `# --8<-- [start:task]` and `# --8<-- [end:task]`,
  and ends with the check. It declares `# expect-error: SystemExit: not yet`: run as copied, the check
  stops it with its own message (`not yet: ...` and a hint), and the suite holds it to that.
- `snippets/<chapter>/ex_<name>_solution.py`, the **solution**: the same program with the task section
  filled in and without the expect-error line (`compose`); it must pass, for every seed the suite tries.
  Any other difference from the starter is an error (`problems`): the check shown with the starter is
  the check the solution passes.
- `tests/wrong_answers/<chapter>/ex_<name>/<mistake>.py`, the **wrong answers**: each a task section
  that a learner could plausibly write, opening with two comment lines, `# mistake: <what is wrong>`
  and `# rejected with: <text the check's message must contain>`. `variants` composes each into the
  starter with `# expect-error: SystemExit: <that text>`, so that the engine runs it like any snippet
  and passes it exactly when the check rejects it with a message that names the mistake.

This module reads and writes text only (no TensorFlow); the engine runs what it composes.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from snippetkit import ROOT, SNIPPETS_DIR

WRONG_DIR = ROOT / "tests" / "wrong_answers"
VARIANTS_DIR = ROOT / ".cache" / "exercises"
"""Where each wrong answer, composed into its starter, is written as a program the engine runs:
`<chapter>/ex_<name>.wrong.<mistake>.py` (beside, not inside, the starter's name in the cache)."""
PREFIX, SOLUTION = "ex_", "_solution"
STARTER_EXPECT = "SystemExit: not yet"
TITLE = "Exercise (stops with “not yet” until you fill it in)"
"""How a page titles a starter's block: `TITLE: chapter/ex_name.py` (tests/test_errata.py holds it)."""
OUTPUT_TITLE = "Stops with the check's message, as a starter does"
EXPECT_LINE = re.compile(r"^#\s*expect-error:.*\n", re.M)
SECTION = re.compile(r"^[ \t]*#[ \t]*-+8<-+[ \t]*\[start:task\][ \t]*\n(?P<body>.*?)"
                     r"^[ \t]*#[ \t]*-+8<-+[ \t]*\[end:task\][ \t]*$", re.M | re.S)
HEADER = re.compile(r"\A#[ \t]*mistake:[ \t]*(?P<mistake>.+)\n#[ \t]*rejected with:[ \t]*(?P<message>.+)\n")


class ExerciseError(ValueError):
    """A malformed exercise: the message names the file."""


@dataclass(frozen=True)
class WrongAnswer:
    path: Path
    mistake: str
    message: str
    task: str


@dataclass(frozen=True)
class Exercise:
    name: str  # `multiclass/ex_log_softmax`
    starter: Path
    solution: Path
    wrong: tuple[WrongAnswer, ...]


def is_exercise(snippet_name: str) -> bool:
    """`chapter/ex_x` (a starter) or `chapter/ex_x_solution` (its solution)."""
    return Path(snippet_name).name.startswith(PREFIX)


def is_starter(snippet_name: str) -> bool:
    """`chapter/ex_x` or `chapter/ex_x.py`, not its solution."""
    stem = Path(snippet_name).name.removesuffix(".py")
    return stem.startswith(PREFIX) and not stem.endswith(SOLUTION)


def task(source: str, where: str) -> re.Match:
    found = list(SECTION.finditer(source))
    if len(found) != 1:
        raise ExerciseError(f"{where}: needs exactly one `# --8<-- [start:task]` ... `# --8<-- [end:task]` "
                            f"section, found {len(found)}")
    return found[0]


def compose(starter: str, task_body: str, expect: str | None, where: str = "starter") -> str:
    """The starter with its task section's body replaced and its expect-error line set to `expect`
    (`None`: removed)."""
    if len(EXPECT_LINE.findall(starter)) != 1:
        raise ExerciseError(f"{where}: a starter declares exactly one `# expect-error: {STARTER_EXPECT}` line")
    m = task(starter, where)
    body = task_body if task_body.endswith("\n") or not task_body else task_body + "\n"
    out = starter[:m.start("body")] + body + starter[m.end("body"):]
    line = f"# expect-error: {expect}\n" if expect else ""
    return EXPECT_LINE.sub(lambda _: line, out, count=1)


def read_wrong(path: Path) -> WrongAnswer:
    text = path.read_text(encoding="utf-8")
    m = HEADER.match(text)
    if not m:
        raise ExerciseError(f"{path}: a wrong answer opens with `# mistake: ...` and `# rejected with: ...`")
    return WrongAnswer(path, m.group("mistake").strip(), m.group("message").strip(), text[m.end():])


def find(snippets_dir: Path = SNIPPETS_DIR, wrong_dir: Path = WRONG_DIR) -> list[Exercise]:
    """Every exercise: each `ex_*.py` starter with its solution and wrong answers."""
    found = []
    for starter in sorted(Path(snippets_dir).rglob(f"{PREFIX}*.py")):
        if starter.stem.endswith(SOLUTION):
            if not starter.with_name(starter.stem.removesuffix(SOLUTION) + ".py").is_file():
                raise ExerciseError(f"{starter}: a solution without its starter")
            continue
        name = starter.relative_to(snippets_dir).with_suffix("").as_posix()
        wrong = tuple(read_wrong(p) for p in sorted((Path(wrong_dir) / name).glob("*.py")))
        found.append(Exercise(name, starter, starter.with_name(f"{starter.stem}{SOLUTION}.py"), wrong))
    return found


def problems(ex: Exercise, min_wrong: int = 2) -> list[str]:
    """What is malformed: no solution, a solution that differs from the starter outside the task
    section, a starter that does not declare its failure, too few wrong answers."""
    out = []
    starter = ex.starter.read_text(encoding="utf-8")
    if f"# expect-error: {STARTER_EXPECT}" not in starter:
        out.append(f"{ex.starter}: the starter must declare `# expect-error: {STARTER_EXPECT}`")
        return out
    if not ex.solution.is_file():
        return out + [f"{ex.solution}: missing (every exercise has a solution)"]
    solution = ex.solution.read_text(encoding="utf-8")
    try:
        expected = compose(starter, task(solution, str(ex.solution)).group("body"), None, str(ex.starter))
    except ExerciseError as exc:
        return out + [str(exc)]
    if solution != expected:
        out.append(f"{ex.solution}: differs from its starter outside the task section (or keeps an "
                   "expect-error line): the solution is the starter with the task filled in")
    if len(ex.wrong) < min_wrong:
        out.append(f"tests/wrong_answers/{ex.name}/: {len(ex.wrong)} wrong answer(s), at least {min_wrong} needed")
    return out


def variants(ex: Exercise) -> list[tuple[WrongAnswer, str]]:
    """Each wrong answer composed into the starter, declaring the rejection it must meet."""
    starter = ex.starter.read_text(encoding="utf-8")
    return [(w, compose(starter, w.task, f"SystemExit: {w.message}", str(w.path))) for w in ex.wrong]


def variant_path(ex: Exercise, wrong: WrongAnswer, folder: Path = VARIANTS_DIR) -> Path:
    return Path(folder) / f"{ex.name}.wrong.{wrong.path.stem}.py"


def materialise(ex: Exercise, folder: Path = VARIANTS_DIR) -> list[tuple[WrongAnswer, Path]]:
    """Write each variant as `<folder>/<chapter>/ex_<name>.wrong.<mistake>.py`, a program the engine
    runs like a snippet (rewritten only when its text changed, so that its cache key holds)."""
    out = []
    for w, source in variants(ex):
        path = variant_path(ex, w, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != source:
            path.write_text(source, encoding="utf-8")
        out.append((w, path))
    return out


def _run(path: Path, timeout: float = 300) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=timeout,
                          cwd=tempfile.gettempdir())
    return proc.returncode, (proc.stderr.strip().splitlines() or [""])[-1]


def main(argv: list[str] | None = None) -> int:
    """`python -m snippetkit.exercises [chapter/ex_name ...]`: each exercise's starter, solution and wrong
    answers run as a reader would run them (`python file.py`), one process each: for writing exercises.
    The suite runs the same checks in its worker pool."""
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
            report(code == 0, f"{ex.name}: solution {'passes' if code == 0 else 'fails: ' + last}")
        with tempfile.TemporaryDirectory() as tmp:
            for w, path in materialise(ex, Path(tmp)):
                code, last = _run(path)
                ok = code != 0 and w.message in last and last.startswith("not yet:")
                report(ok, f"{ex.name}: wrong answer '{w.mistake}' -> {last}"
                       + ("" if ok else f"   (expected a message containing {w.message!r})"))
    print(f"{len(chosen)} exercise(s), {failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
