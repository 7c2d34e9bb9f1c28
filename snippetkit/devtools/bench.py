"""`make bench`: how fast the engine and the site build are, side by side in one run.

Prints, on the same snippets (all, or `--sample N` of them, spread over the chapters):

- the spread of the snippets' time limits (min / median / max, and how many come from their
  recorded durations; `--limits` prints only this);
- `snippets --jobs 1` and `snippets` with the default jobs, and their ratio (target <= 0.7x);
- one `python snippets/X.py` process per snippet, one after another;
- the floor: start-up + one TensorFlow import + the snippets' own compute / jobs, and the
  per-snippet overhead of the pool (its wall time above the floor, per snippet);
- `make site` cold (an empty cache: every snippet runs) and warm (nothing runs; TensorFlow is
  forbidden in the build process; target <= 3 s), unless `--no-site`;
- the scaling line: the same snippets copied 4x into a temporary folder, wall time and peak
  resident memory of the pool (all its processes, sampled), against 1x: cost grows linearly,
  memory stays flat;
- memory of one worker after 20 and after 200 snippets (the fastest ones, repeated; target: within
  20 %), without recycling.

Timings are wall-clock on this machine, one run each; compare figures taken on one machine only.
Benchmark figures, not tests: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from snippetkit import ROOT, SNIPPETS_DIR
from snippetkit.cache import Cache
from snippetkit.engine.pool import Pool, Task, default_jobs, limits_spread, time_limit
from snippetkit.model import discover, expected_error, snippet_id

ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "NO_MKDOCS_2_WARNING": "1", "MPLBACKEND": "Agg",
       "PYTHONPATH": str(ROOT)}


def run(cmd: list[str], *, cwd: Path = ROOT, env: dict | None = None, check: bool = True,
        sample_memory: bool = False) -> tuple[float, float]:
    """(wall seconds, peak resident MB of the process and its children; 0 unless sampled)."""
    peak = [0.0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    if sample_memory:
        threading.Thread(target=_sample, args=(proc, peak), daemon=True).start()
    out, _ = proc.communicate()
    elapsed = time.perf_counter() - t0
    if check and proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed (exit {proc.returncode}):\n{out[-4000:]}")
    return elapsed, peak[0]


def _sample(proc: subprocess.Popen, peak: list[float]) -> None:
    try:
        import psutil  # installed with the docs extra (ipykernel needs it)
    except ImportError:
        return

    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            peak[0] = max(peak[0], total / 2**20)
            time.sleep(0.2)
    except psutil.Error:
        pass


def line(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<58} {value:>14}  {note}")


def pick(snippets: list[Path], sample: int | None) -> list[Path]:
    if not sample or sample >= len(snippets):
        return snippets
    step = len(snippets) / sample
    return [snippets[int(i * step)] for i in range(sample)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.devtools.bench")
    parser.add_argument("--sample", type=int, help="bench N snippets spread over the chapters (default: all)")
    parser.add_argument("--no-site", action="store_true", help="skip the cold and warm site builds")
    parser.add_argument("--memory-runs", type=int, default=200, help="snippets for the worker memory line")
    parser.add_argument("--limits", action="store_true", help="print only the spread of the time limits")
    args = parser.parse_args(argv)
    if args.limits:
        _limits_line(discover())
        return 0
    py = sys.executable

    snippets = pick(discover(), args.sample)
    names = [snippet_id(p) for p in snippets]
    jobs = default_jobs()
    print(f"bench: {len(snippets)} snippets, {os.cpu_count()} CPUs, default jobs {jobs}, "
          f"Python {sys.version.split()[0]}")

    _limits_line(snippets)

    startup = min(run([py, "-c", "pass"])[0] for _ in range(3))
    tf_import = run([py, "-c", "import tensorflow"])[0] - startup

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "one.jsonl"
        wall_1, _ = run([py, "-m", "snippetkit.engine.cli", "--jobs", "1", "--jsonl", str(report), *names])
        events = [json.loads(x) for x in report.read_text().splitlines()]
        wall_n, peak_1x = run([py, "-m", "snippetkit.engine.cli", *names], sample_memory=True)
    compute = sum(e["duration"] for e in events if e["event"] == "result")
    setup_1 = next(e["setup"] for e in events if e["event"] == "summary")  # start-up + import, same run

    per_process = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for path in snippets:
            per_process += run([py, str(path)], cwd=Path(tmp), check=False)[0]

    floor_1 = startup + tf_import + compute
    floor_n = startup + tf_import + compute / jobs
    print("\nSnippets")
    line("TensorFlow import", f"{tf_import:.1f} s")
    line("Σ snippets' own compute", f"{compute:.1f} s")
    line("one process per snippet (python snippets/X.py)", f"{per_process:.1f} s")
    line("snippets --jobs 1", f"{wall_1:.1f} s")
    line(f"snippets (default: --jobs {jobs})", f"{wall_n:.1f} s",
         f"{wall_n / wall_1:.2f}x of --jobs 1 (target <= 0.7x, goal 0.6x)")
    line("floor: start-up + import + Σ compute / jobs", f"{floor_n:.1f} s", f"pool / floor {wall_n / floor_n:.2f}x")
    line("per-snippet overhead (--jobs 1 minus its setup and compute, per snippet)",
         f"{(wall_1 - setup_1 - compute) / len(snippets) * 1000:.0f} ms",
         f"(--jobs 1 over its floor: {wall_1 / floor_1:.2f}x)")
    slowest = sorted((e for e in events if e["event"] == "result"), key=lambda e: -e["duration"])[:5]
    print("  slowest: " + ", ".join(f"{e['name']} {e['duration']:.1f} s" for e in slowest))

    print("\nScaling (the same snippets copied 4x into a temporary folder, default jobs)")
    with tempfile.TemporaryDirectory() as tmp:
        for copy in "abcd":
            for path in snippets:
                target = Path(tmp) / copy / path.relative_to(SNIPPETS_DIR)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, target)
        wall_4x, peak_4x = run([py, "-m", "snippetkit.engine.cli", "--root", tmp], sample_memory=True)
    line("1x: wall, peak memory of the pool", f"{wall_n:.1f} s", f"{peak_1x:.0f} MB")
    line("4x: wall, peak memory of the pool", f"{wall_4x:.1f} s", f"{peak_4x:.0f} MB "
         f"(wall {wall_4x / wall_n:.2f}x, memory {peak_4x / max(peak_1x, 1):.2f}x of 1x)")

    print(f"\nWorker memory ({args.memory_runs} runs of the fastest snippets, one worker, no recycling)")
    _memory_line(args.memory_runs)

    if not args.no_site:
        print("\nSite build")
        with tempfile.TemporaryDirectory() as tmp:
            env = {**ENV, "SNIPPETKIT_CACHE_DIR": str(Path(tmp) / "cache")}
            build = [py, "-m", "mkdocs", "build", "--strict", "--site-dir", str(Path(tmp) / "site")]
            cold, _ = run(build, env=env)
            warm = min(run(build, env={**env, "SNIPPETKIT_FORBID_TENSORFLOW": "1"})[0] for _ in range(2))
        line("cold make site (empty cache: every snippet runs)", f"{cold:.1f} s")
        line("warm make site (no snippet runs, TensorFlow not imported)", f"{warm:.1f} s", "target <= 3 s")
    return 0


def _limits_line(snippets: list[Path]) -> None:
    """The time limits `snippets` gives these snippets now (from the durations in the cache)."""
    recorded = Cache().durations()
    limits = [time_limit(snippet_id(p), recorded) for p in snippets]
    print("\nTime limits (timeout* in [tool.snippetkit])")
    print(f"  a snippet's limit: {limits_spread(limits)}")
    longest = max(limits, key=lambda lim: lim.seconds, default=None)
    if longest is not None:
        print(f"  longest: {longest.seconds:g} s ({longest.why})")


def _memory_line(runs: int) -> None:
    recorded = Cache().durations()
    passing = [p for p in discover() if expected_error(p.read_text(encoding="utf-8")) is None]  # no errata
    fastest = sorted(passing, key=lambda p: recorded.get(snippet_id(p), 1e9))[:10]
    tasks = [Task(path=fastest[i % len(fastest)].resolve()) for i in range(runs)]
    with Pool(1, recycle_after=10**9, recycle_memory_mb=10**9) as pool:
        pool.start()
        failed = sum(not r.ok for r in pool.run(tasks))
        memory = {done: rss for _, done, rss in pool.memory}
    early, late = memory.get(20), memory.get(runs)
    if early and late:
        note = f"{(late - early) / early * 100:+.0f} % (target within 20 %)"
        line(f"resident memory after 20 and {runs} snippets", f"{early:.0f} / {late:.0f} MB",
             note + (f"; {failed} runs failed" if failed else ""))


if __name__ == "__main__":
    sys.exit(main())
