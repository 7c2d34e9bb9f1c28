"""`make mutants`: every exercise's mutants run in the worker pool and checked against their records.

    python -m snippetkit.devtools.mutants [--write] [--jobs N] [chapter/ex_name ...]

Each mutant of a solution's task section (`snippetkit.mutants.generate`, cosmic-ray) is composed into its
starter with `# expect-error: SystemExit: not yet` (`snippetkit.exercises`), written under
`.cache/exercises/`, and run by the engine's run loop (the pool the wrong answers run in). Its outcome:
`killed` (the check stopped it with "not yet"), `survived` (the check printed "ok"), or what else happened.

Without `--write`, each exercise's record in `tests/mutants/` must be current (its digest that of today's
inputs), say the same outcome for every mutant as this run, and meet the bar (`exercises.record_problems`:
every survivor listed as equivalent with a reason, at least 95 % of the others killed); the command fails
naming every difference. `--write` writes the records from this run, then reports what is below the bar.
The messages are kept in the record for review (what a learner who made that change would read); only
the outcomes are compared, since a message's numbers may differ in their last digits between machines.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from importlib import metadata
from pathlib import Path

from snippetkit import exercises, mutants
from snippetkit.engine import cli
from snippetkit.model import display_path

TIME_LIMIT = 120.0
"""Seconds one mutant may run (the slowest check, which trains a model, takes a few)."""


def outcome(result) -> tuple[str, str]:
    """(outcome, message) of a mutant's run, composed with `# expect-error: SystemExit: not yet`."""
    if result.ok:
        lines = result.stdout.strip().splitlines()
        return "killed", (lines[-1] if lines else "").removeprefix("SystemExit: ")
    if result.error and result.error.endswith("but it ran without error"):
        return "survived", ""
    return f"error: {result.error}", ""


def run(chosen: list[exercises.Exercise], jobs: int | None = None, say=print) -> dict[str, dict]:
    """Each exercise's new record, from one pool run of all their mutants."""
    plan: dict[Path, tuple[exercises.Exercise, mutants.Mutant]] = {}
    for ex in chosen:
        found = mutants.generate(exercises.solution_task(ex))
        for m, (_, path) in zip(found, exercises.materialise(ex, answers=mutants.answers(ex, found)), strict=True):
            plan[path.resolve()] = (ex, m)
    say(f"mutants: {len(plan)} of {len(chosen)} exercise(s), in the worker pool")
    outcomes: dict[Path, tuple[str, str]] = {}
    summary = cli.run_snippets(list(plan), exercises.VARIANTS_DIR, jobs=jobs, timeout=TIME_LIMIT, say=lambda m: None,
                               on_result=lambda r: outcomes.__setitem__(Path(r.path).resolve(), outcome(r)))
    say(f"mutants: ran in {summary.seconds:.0f} s on {summary.device} ({summary.jobs} worker(s))")
    records = {}
    tool = f"cosmic-ray {metadata.version('cosmic-ray')}"
    for ex in chosen:
        rows = []
        for path, (owner, m) in plan.items():
            if owner is ex:
                got, message = outcomes.get(path, ("error: no result", ""))
                rows.append({"id": m.id, "line": m.line, "before": m.before, "after": m.after,
                             "outcome": got, "message": message})
        counts = {k: sum(r["outcome"] == k for r in rows) for k in ("killed", "survived")}
        records[ex.name] = {"exercise": ex.name, "digest": exercises.inputs_digest(ex), "tool": tool,
                            "mutants": len(rows), **counts, "other": len(rows) - sum(counts.values()),
                            "results": rows}
    return records


def differences(ex: exercises.Exercise, old: dict | None, new: dict) -> list[str]:
    """Where a recorded outcome differs from this run's."""
    if old is None:
        return []
    path = display_path(exercises.record_path(ex))
    before = {r["id"]: r for r in old.get("results", [])}
    after = {r["id"]: r for r in new["results"]}
    out = [f"{path}: {i} (`{after[i]['after']}`) is not in the record" for i in after if i not in before]
    out += [f"{path}: {i} is recorded but is no mutant any more" for i in before if i not in after]
    out += [f"{path}: {i} (`{after[i]['after']}`) is recorded as {before[i]['outcome']}, but was {after[i]['outcome']}"
            for i in after if i in before and before[i]["outcome"] != after[i]["outcome"]]
    return out


def write(ex: exercises.Exercise, record: dict) -> None:
    path = exercises.record_path(ex)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.devtools.mutants", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="exercises (chapter/ex_name); default: all")
    parser.add_argument("--write", action="store_true", help="write the records from this run")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: as `snippets`)")
    args = parser.parse_args(argv)
    found = exercises.find()
    chosen = [ex for ex in found if not args.names or ex.name in args.names]
    unknown = sorted(set(args.names) - {ex.name for ex in found})
    if unknown:
        print(f"unknown exercise(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    records = run(chosen, args.jobs)
    problems = []
    for ex in chosen:
        new, old = records[ex.name], exercises.read_record(ex)
        equivalents = exercises.read_equivalents(ex)
        if args.write:
            write(ex, new)
        else:
            problems += differences(ex, old, new)
        found_problems = exercises.record_problems(ex, new if args.write else old, equivalents,
                                                   exercises.inputs_digest(ex))
        problems += found_problems
        killed, total = exercises.score(new, equivalents)
        state = "" if args.write else "; record " + ("ok" if not found_problems else "NOT ok")
        print(f"{ex.name}: {killed}/{total} non-equivalent mutants killed"
              f"{f' ({killed / total:.0%})' if total else ''}, {len(equivalents)} equivalent, "
              f"{new['other']} other{state}")
    for p in problems:
        print(p)
    print(f"{len(chosen)} exercise(s), {len(problems)} problem(s), {time.perf_counter() - t0:.0f} s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
