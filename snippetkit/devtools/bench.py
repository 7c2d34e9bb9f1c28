"""`make bench`: how fast the engine and the site build are, side by side in one run.

`make bench` prints all of the following and keeps what it printed in `benchmarks/bench.txt`
(the README shows that file: `python -m snippetkit.devtools.readme_figures`); each option below
prints only its own part instead. `--suite` runs the test suite with its phase profile
(`benchmarks/suite-profile.json`), `--scale` the site at 1x and 10x its content
(snippetkit/devtools/scale.py, `benchmarks/scale.json`).

Prints, on the same snippets (all, or `--sample N` of them, spread over the chapters):

- the spread of the snippets' time limits (min / median / max, and how many come from their
  recorded durations; `--limits` prints only this);
- `snippets --jobs 1` and `snippets` with the default jobs, and their ratio (target <= 0.7x);
- one `python snippets/X.py` process per snippet, one after another;
- the floor: start-up + one TensorFlow import + the snippets' own compute / jobs, and the
  per-snippet overhead of the pool (its wall time above the floor, per snippet);
- `make site` cold (an empty cache: every snippet runs) and warm (nothing runs; TensorFlow is
  forbidden in the build process; target <= 3 s), unless `--no-site`; then the warm build with
  the build's caches off (`SNIPPETKIT_BUILD_CACHES=0`: the "before") and on, alternating, and a
  cProfile of one in-process build of each, side by side: where the time goes by category (search
  index, Pygments, the Markdown extensions, templates, ...) and self time by package
  (`--site-profile` prints only this part);
- the scaling line: the same snippets copied 4x into a temporary folder, wall time and peak
  resident memory of the pool (all its processes, sampled), against 1x: cost grows linearly,
  memory stays flat;
- memory of one worker after 20 and after 200 snippets (the fastest ones, repeated; target: within
  20 %), without recycling;
- the home page's first load on the cold build (snippetkit/devtools/site_weight.py; target 1.5 MB).

Timings are wall-clock on this machine, one run each; compare figures taken on one machine only.
Benchmark figures, not tests: nothing here fails on a number.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from snippetkit import ROOT, SNIPPETS_DIR, exercises, filememo
from snippetkit.cache import Cache
from snippetkit.devtools import site_weight
from snippetkit.engine.pool import Pool, Task, default_jobs, limits_spread, time_limit
from snippetkit.model import discover, snippet_id

BENCHMARKS = ROOT / "benchmarks"
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
    parser.add_argument("--site-profile", action="store_true",
                        help="print only the warm site build, caches off and on, and its profile")
    parser.add_argument("--serve", action="store_true",
                        help="print only the edit-to-reload time of make serve, caches off and on")
    parser.add_argument("--suite", action="store_true",
                        help="run the test suite (as make test) and print its time by phase; the profile is "
                             "kept in benchmarks/suite-profile.json")
    parser.add_argument("--scale", action="store_true",
                        help="the site at 1x and 10x its content (python -m snippetkit.devtools.scale)")
    parser.add_argument("--profile-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.suite:
        return _suite()
    if args.scale:  # its own process: scale imports this module
        return subprocess.run([sys.executable, "-m", "snippetkit.devtools.scale"], cwd=ROOT, env=ENV).returncode
    if args.profile_child:
        with tempfile.TemporaryDirectory() as tmp:
            profile_build(str(Path(tmp) / "site"))  # a warm build updates its site folder: fill it first
            time.sleep(filememo.RACY_SECONDS + 0.5)
            args.profile_child.write_text(json.dumps(profile_build(str(Path(tmp) / "site"))))
        return 0
    if args.site_profile:
        _warm_site_lines()
        return 0
    if args.serve:
        _serve_lines()
        return 0
    if args.limits:
        _limits_line(discover())
        return 0
    kept = _Tee(sys.stdout)
    with contextlib.redirect_stdout(kept):
        _everything(args)
    BENCHMARKS.mkdir(exist_ok=True)
    command = "make bench" + (f' BENCH_ARGS="{" ".join(argv or sys.argv[1:])}"' if (argv or sys.argv[1:]) else "")
    (BENCHMARKS / "bench.txt").write_text(f"{command}  ({time.strftime('%Y-%m-%d')})\n" + kept.text(),
                                          encoding="utf-8")
    print(f"\nbench: kept in {BENCHMARKS / 'bench.txt'}; `python -m snippetkit.devtools.readme_figures` "
          f"puts it in README.md")
    return 0


class _Tee(io.TextIOBase):
    """What is printed goes on to `stream` and is kept."""

    def __init__(self, stream):
        self.stream, self.kept = stream, io.StringIO()

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.stream.flush()
        return self.kept.write(text)

    def text(self) -> str:
        return self.kept.getvalue()


def _suite() -> int:
    """The test suite as `make test` runs it, with its phase profile kept as JSON."""
    BENCHMARKS.mkdir(exist_ok=True)
    out = BENCHMARKS / "suite-profile.json"
    cmd = [sys.executable, "-m", "pytest", "--codeblocks", "tests", "README.md", "CONTRIBUTING.md", "docs",
           "-p", "snippetkit.devtools.suite_profile", "--suite-profile-json", str(out)]
    code = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}).returncode
    print(f"\nbench: the suite's profile is kept in {out} (exit {code}); "
          f"`python -m snippetkit.devtools.readme_figures` puts it in README.md")
    return code


def _everything(args) -> None:
    py = sys.executable
    print(f"load average {os.getloadavg()[0]:.1f} at the start (other jobs on the machine slow every figure)")

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
            _warm_site_lines()
            _serve_lines()
            site_weight.main([str(Path(tmp) / "site")])
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


# ---- where a warm build's time goes --------------------------------------------------------------

CATEGORIES = [  # (label, file suffix, function): cumulative time of these calls
    ("Markdown, all pages (extensions, Pygments included)", "markdown/core.py", "convert"),
    ("  Pygments highlighting", "pygments/__init__.py", "highlight"),
    ("  verification report: numbers of the prose check", "snippetkit/pages/prose_counts.py", "count_numbers"),
    ("  correction boxes and errata page", "snippetkit/pages/errata.py", "run"),
    ("  outputs under the blocks", "snippetkit/pages/outputs.py", "run"),
    ("search index (Material)", "material/plugins/search/plugin.py", "on_page_context"),
    ("notebook pages (mkdocs-jupyter, when rendered anew)", "mkdocs_jupyter/plugin.py", "new_render"),
    ("templates (Jinja)", "jinja2/environment.py", "render"),
    ("pre-build step (cache entries, downloads)", "snippetkit/publish/mkdocs_hook.py", "on_files"),
]


def _package(filename: str) -> str:
    """The package a profiled function belongs to (site-packages/<pkg>, snippetkit/<side>, stdlib)."""
    path = filename.replace("\\", "/")
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/snippetkit/" in path:
        return "snippetkit." + path.split("/snippetkit/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if filename.startswith("<") or filename == "~":
        return "builtins"
    return "stdlib " + Path(path).parent.name if Path(path).parent.name not in ("lib", "") else \
        "stdlib " + Path(path).stem


def profile_build(site_dir: str) -> dict:
    """cProfile of one in-process `mkdocs build --strict`: wall seconds, the categories' cumulative
    seconds, and self seconds per package. Run in a child process (see `_warm_site_lines`)."""
    import cProfile
    import pstats

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    t0 = time.perf_counter()
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=site_dir, strict=True)
    profiler = cProfile.Profile()
    profiler.enable()
    build(cfg)
    profiler.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(profiler).stats
    categories = {label: 0.0 for label, _, _ in CATEGORIES}
    packages: dict[str, float] = {}
    for (filename, _, function), (_, _, tottime, cumtime, _) in stats.items():
        packages[_package(filename)] = packages.get(_package(filename), 0.0) + tottime
        for label, suffix, name in CATEGORIES:
            if function == name and filename.replace("\\", "/").endswith(suffix):
                categories[label] = max(categories[label], cumtime)  # outermost call (recursion)
    return {"wall": wall, "categories": categories, "packages": packages}


def _warm_site_lines(runs: int = 3) -> None:
    """A warm `make site` with the build's caches off ("before": SNIPPETKIT_BUILD_CACHES=0) and on,
    alternating, median of `runs` each; then one profiled build of each, side by side."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        def build(switch: str) -> list[str]:  # a site folder for each: a build with the caches off empties its own
            return [py, "-m", "mkdocs", "build", "--strict", "--site-dir", str(Path(tmp) / f"site-{switch}")]
        times: dict[str, list[float]] = {"0": [], "1": []}
        for switch in times:  # fills the caches and each site folder
            run(build(switch), env={**ENV, "SNIPPETKIT_BUILD_CACHES": switch})
        time.sleep(filememo.RACY_SECONDS + 0.5)  # as for snippetkit.devtools.scale's warm build
        for _ in range(runs):
            for switch in times:
                times[switch].append(run(build(switch), env={**ENV, "SNIPPETKIT_BUILD_CACHES": switch})[0])
        profiles = {}
        for switch in times:
            out = Path(tmp) / f"profile-{switch}.json"
            run([py, "-m", "snippetkit.devtools.bench", "--profile-child", str(out)],
                env={**ENV, "SNIPPETKIT_BUILD_CACHES": switch})
            profiles[switch] = json.loads(out.read_text())
    before, after = sorted(times["0"])[runs // 2], sorted(times["1"])[runs // 2]
    print(f"\nWarm make site, the build's caches off (before) and on (after), median of {runs}, alternating")
    line("warm make site, SNIPPETKIT_BUILD_CACHES=0 (before)", f"{before:.2f} s",
         "runs " + ", ".join(f"{t:.2f}" for t in times["0"]))
    line("warm make site, caches on (after)", f"{after:.2f} s",
         "runs " + ", ".join(f"{t:.2f}" for t in times["1"]) + f"; {after / before:.2f}x; target <= 3 s")
    print("\nProfile of one warm build in process (cProfile; seconds inflated by the profiler)")
    print(f"  {'':<58} {'before':>8} {'after':>8}")
    off, on = profiles["0"], profiles["1"]
    print(f"  {'whole build (load_config + build)':<58} {off['wall']:>8.2f} {on['wall']:>8.2f}")
    for label, _, _ in CATEGORIES:
        print(f"  {label:<58} {off['categories'][label]:>8.2f} {on['categories'][label]:>8.2f}")
    print("  self time by package (top 12 before):")
    for package, seconds in sorted(off["packages"].items(), key=lambda kv: -kv[1])[:12]:
        print(f"    {package:<56} {seconds:>8.2f} {on['packages'].get(package, 0.0):>8.2f}")


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
    passing = [p for p in discover() if exercises.declared_failure(p, p.read_text(encoding="utf-8")) is None]
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


# ---- make serve: from a saved page to the page served anew --------------------------------------

def _get(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def serve_edits(caches: bool, edits: int = 3, port: int = 8765, page: str = "training.md",
                root: Path = ROOT) -> list[float]:
    """Start `mkdocs serve --livereload` on a copy of the docs and snippets of `root` (the project, or
    the 10x copy of snippetkit.devtools.scale; its cache read only), then `edits` times append a
    marker paragraph to `page` and time until the served page holds it: the seconds from the save to
    the rebuilt page (the browser's reload follows at once: its livereload request is already waiting)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("docs", "snippets"):
            shutil.copytree(root / name, work / name)
        shutil.copy(root / "mkdocs.yml", work / "mkdocs.yml")
        (work / "snippetkit").symlink_to(root / "snippetkit")
        env = {**ENV, "PYTHONPATH": str(root), "SNIPPETKIT_CACHE_DIR": str(root / ".cache" / "snippets"),
               "SNIPPETKIT_BUILD_CACHES": "1" if caches else "0"}
        url = f"http://127.0.0.1:{port}/{page.removesuffix('.md')}/"
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr",
                                 f"127.0.0.1:{port}"], cwd=work, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        times = []
        try:
            deadline = time.monotonic() + 300
            while "</html>" not in _get(url):
                if proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"bench: mkdocs serve did not start (exit {proc.poll()})")
                time.sleep(0.2)
            # Let the watcher settle after the first build, and the files it wrote grow older than the
            # racy rule's margin (snippetkit.filememo), as they are when a person starts editing.
            time.sleep(max(1.0, filememo.RACY_SECONDS + 0.5))
            source = work / "docs" / page
            for i in range(edits):
                marker = "serveprobe" + "abcdefghij"[i] * 6
                t0 = time.perf_counter()
                source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
                while marker not in _get(url):
                    if time.perf_counter() - t0 > 120:
                        sys.exit("bench: the edit did not reach the served page in 120 s")
                    time.sleep(0.05)
                times.append(time.perf_counter() - t0)
                time.sleep(1.0)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return times


def _serve_lines(edits: int = 3) -> None:
    print(f"\nmake serve: a paragraph appended to training.md until the served page holds it ({edits} edits)")
    before = serve_edits(caches=False, edits=edits)
    after = serve_edits(caches=True, edits=edits)
    line("edit to served page, SNIPPETKIT_BUILD_CACHES=0 (before)", f"{sorted(before)[edits // 2]:.2f} s",
         "edits " + ", ".join(f"{t:.2f}" for t in before))
    line("edit to served page, caches on (after)", f"{sorted(after)[edits // 2]:.2f} s",
         "edits " + ", ".join(f"{t:.2f}" for t in after) + "; target about 2 s")


if __name__ == "__main__":
    sys.exit(main())
