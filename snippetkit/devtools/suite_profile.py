"""Where the suite's time goes, by phase, measured: a pytest plugin (`-p snippetkit.devtools.suite_profile`).

`make test` loads it, so every run ends with the table; `make bench BENCH_ARGS=--suite` runs the suite
with it and prints the same table from the JSON it writes (`--suite-profile-json PATH`). Nothing here
is estimated: every figure is a clock reading taken during the run.

The main thread's time (the wall clock, start to end; the phases add up to it):

- set-up: from the interpreter's start (the process's creation time) to the end of collection;
- the snippet tests: the time the tests that read the snippet pool's results (they use the
  `snippet_runs` fixture) spend waiting for them;
- site builds: the session fixtures `site` and `zensical_site` (which wait for the two builds that
  conftest.py's SiteBuilds runs in the background as soon as the snippet pool has cached its last
  output), and tests/test_site.py and tests/test_zensical.py;
- browser checks, per build (the build is the `mkdocs`/`zensical` parameter in the test id);
- property tests (Hypothesis); other tests; the rest (pytest itself between and after tests).

The snippet pool, which runs in a background thread beside all of these (conftest.py notes it when it
ends): its wall time, and per kind of run (each seed offset of the snippets, the exercises' composed
programs) the runs, their own compute (measured in the worker), the worker-seconds they took
(compute and the runner's isolation and capture around it) divided by the workers, and the floor,
compute divided by the CPUs. What is left of the workers' time is start-up (TensorFlow imports,
recycled workers) and waiting.

The browser checks note each page visit (test_browser.py); their floor is one visit of each page per
viewport and scheme, divided by the CPUs.

Tests note what they measure with `note(config, kind, **fields)`; it costs nothing when the plugin is
not loaded.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

NOTES = pytest.StashKey[list]()
SITE_FIXTURES = {"site": "mkdocs", "zensical_site": "zensical"}
BUILDERS = ("mkdocs", "zensical")
COMPOSED = re.compile(r"\.(?P<kind>wrong|mutant|right|solution)\.[^/]+\.py$")
KIND_LABELS = {"wrong": "exercises: wrong answers", "mutant": "exercises: mutants", "right": "exercises: right answers",
               "solution": "exercises: solutions"}


def note(config, kind: str, **fields) -> None:
    """Record a measurement for the profile (a no-op list append when the plugin is not loaded)."""
    config.stash.setdefault(NOTES, []).append({"kind": kind, **fields})


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _process_start() -> float:
    try:
        import psutil  # installed with the docs extra (ipykernel needs it)

        return psutil.Process().create_time()
    except Exception:  # noqa: BLE001 - no psutil: count from the plugin's import instead
        return _IMPORTED


_IMPORTED = time.time()


def pytest_addoption(parser):
    parser.addoption("--suite-profile-json", type=Path, metavar="PATH",
                     help="write the suite profile's measurements as JSON (make bench BENCH_ARGS=--suite)")


class Recorder:
    def __init__(self, config):
        self.config = config
        self.process_start = _process_start()
        self.load_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        self.collected = None
        self.phase_of: dict[str, str] = {}
        self.reports: list[dict] = []
        self.fixtures: list[dict] = []
        self._stack: list[list] = []
        self._item = ""  # the test being run (a session fixture's request names the session, not it)

    # -- hooks --

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self._item = item.nodeid
        try:
            return (yield)
        finally:
            self._item = ""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session):
        self.collected = time.time()
        for item in session.items:
            self.phase_of[item.nodeid] = phase_of(item)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        frame = [time.perf_counter(), 0.0]  # start, time of nested fixtures
        self._stack.append(frame)
        try:
            return (yield)
        finally:
            self._stack.pop()
            total = time.perf_counter() - frame[0]
            if self._stack:
                self._stack[-1][1] += total
            own = total - frame[1]
            if fixturedef.argname in SITE_FIXTURES and own > 0:
                self.fixtures.append({"name": fixturedef.argname, "seconds": own, "nodeid": self._item})

    def pytest_runtest_logreport(self, report):
        self.reports.append({"nodeid": report.nodeid, "when": report.when, "start": report.start,
                             "stop": report.stop, "outcome": report.outcome})

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        self.data = self.collect()
        path = self.config.getoption("--suite-profile-json")
        if path:
            path.write_text(json.dumps(self.data, indent=1), encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter):
        data = getattr(self, "data", None)
        if data:
            terminalreporter.write_line("")
            for line in table(data):
                terminalreporter.write_line(line)

    # -- the measurements, as data --

    def collect(self) -> dict:
        end = time.time()
        phases: dict[str, float] = defaultdict(float)
        phases["set-up (interpreter start, imports, collection)"] = (self.collected or end) - self.process_start
        site_seconds = sum(f["seconds"] for f in self.fixtures)
        for f in self.fixtures:
            phases["site builds"] += f["seconds"]
        for r in self.reports:
            phases[self.phase_of.get(r["nodeid"], "other tests")] += r["stop"] - r["start"]
        # The site fixtures ran inside the setup of some test: take them out of that test's phase.
        for f in self.fixtures:
            phases[self.phase_of.get(f["nodeid"], "other tests")] -= f["seconds"]
        total = end - self.process_start
        phases["the rest (pytest between and after tests)"] = total - sum(phases.values())
        notes = self.config.stash.get(NOTES, [])
        return {"total": total, "cpus": _cpus(), "process_start": self.process_start,
                "command": " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv)),
                "tests": sum(r["when"] == "call" for r in self.reports),
                "failed": sum(r["outcome"] == "failed" for r in self.reports),
                "load": [self.load_start, os.getloadavg()[0] if hasattr(os, "getloadavg") else None],
                "phases": dict(phases), "site_fixture_seconds": site_seconds, "notes": notes}


def phase_of(item) -> str:
    nodeid = item.nodeid
    if "snippet_runs" in getattr(item, "fixturenames", ()):
        return "snippet tests (waiting for the pool's results)"
    path = nodeid.split("::", 1)[0]
    if path in ("tests/test_site.py", "tests/test_zensical.py"):
        return "site builds"
    if path == "tests/test_browser.py":
        builder = next((b for b in BUILDERS if re.search(rf"\[{b}\b", nodeid)), None)
        return f"browser checks, {builder} build" if builder else "browser checks"
    if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        return "property tests (Hypothesis)"
    return "other tests"


def pytest_configure(config):
    config.pluginmanager.register(Recorder(config), "suite-profile-recorder")


# ---- the table ----------------------------------------------------------------------------------

def _pool_kind(entry: dict) -> str:
    m = COMPOSED.search(entry["path"])
    if m:
        return KIND_LABELS[m["kind"]]
    return f"snippets, seed offset {entry['offset']}"


def table(data: dict) -> list[str]:
    """The profile as lines of text (what `make test` ends with and `make bench --suite` prints)."""
    total, cpus = data["total"], data["cpus"]
    load = ", ".join("?" if x is None else f"{x:.1f}" for x in data["load"])
    out = [f"Suite profile: {data['tests']} tests, {data['failed']} failed, in {total:.1f} s on {cpus} CPUs "
           f"(load average at the start and the end: {load})",
           f"  {'main thread (adds up to the total)':<52} {'wall':>9} {'share':>7}  floor"]
    notes = data.get("notes", [])
    visits = [n for n in notes if n["kind"] == "page-visit"]
    order = ["set-up (interpreter start, imports, collection)", "snippet tests (waiting for the pool's results)",
             "other tests", "property tests (Hypothesis)", "site builds",
             *[f"browser checks, {b} build" for b in BUILDERS], "browser checks",
             "the rest (pytest between and after tests)"]
    phases = data["phases"]
    for name in order + sorted(set(phases) - set(order)):
        if name not in phases or (abs(phases[name]) < 0.05 and name not in order[:3]):
            continue
        floor = ""
        builder = next((b for b in BUILDERS if name == f"browser checks, {b} build"), None)
        if builder:
            mine = [v for v in visits if v.get("builder") == builder]
            if mine:
                floor = (f"{sum(v['seconds'] for v in mine) / cpus:.1f} s: {len(mine)} page visits "
                         f"({sum(v['seconds'] for v in mine):.1f} s) / {cpus} CPUs")
        out.append(f"  {name:<52} {phases[name]:>7.1f} s {phases[name] / total:>6.1%}  {floor}")
    out.append(f"  {'total':<52} {total:>7.1f} s {1:>6.0%}")
    builds = [n for n in notes if n["kind"] == "site-build"]
    if builds:
        start = min(b["started"] for b in builds) - data["process_start"]
        end = max(b["started"] + b["seconds"] for b in builds) - data["process_start"]
        each = ", ".join(f"{b['builder']} {b['seconds']:.1f} s" for b in sorted(builds, key=lambda b: b["builder"]))
        out.append(f"  site builds, beside the tests: {each}, from {start:.1f} s to {end:.1f} s")
    for pool in (n for n in notes if n["kind"] == "snippet-pool"):
        out += _pool_lines(pool, cpus, pool["started"] - data["process_start"])
    return out


def _pool_lines(pool: dict, cpus: int, started_at: float) -> list[str]:
    jobs, wall = pool["jobs"], pool["ended"] - pool["started"]
    if not pool["results"] or wall <= 0:  # stopped before its first result: no time to share out
        return [f"  snippet pool, beside the tests: no run finished (from {started_at:.1f} s; {jobs} workers, "
                f"{pool['workers_started']} started)"]
    out = [f"  snippet pool, beside the tests: {wall:.1f} s from {started_at:.1f} s to "
           f"{started_at + wall:.1f} s, {jobs} workers ({pool['workers_started']} started: replacements "
           f"after {pool['recycle_after']} runs or a fault), first ready after {pool['first_ready']:.1f} s",
           f"    {'kind of run':<50} {'runs':>5} {'compute':>9} {'worker-s/jobs':>13} {'share':>7} {'floor':>8}"]
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for r in pool["results"]:
        by_kind[_pool_kind(r)].append(r)
    busy = 0.0
    for kind in sorted(by_kind, key=lambda k: (not k.startswith("snippets"), k)):
        runs = by_kind[kind]
        compute = sum(r["duration"] for r in runs)
        worker_s = sum(r["duration"] + r["overhead"] for r in runs)
        busy += worker_s
        out.append(f"    {kind:<50} {len(runs):>5} {compute:>7.1f} s {worker_s / jobs:>11.1f} s "
                   f"{worker_s / jobs / wall:>6.1%} {compute / cpus:>6.1f} s")
    rest = wall * jobs - busy
    out.append(f"    {'workers not running a snippet (imports, recycling, idle)':<50} {'':>5} {'':>9} "
               f"{rest / jobs:>11.1f} s {rest / jobs / wall:>6.1%}")
    compute = sum(r["duration"] for r in pool["results"])
    out.append(f"    {'the pool':<50} {len(pool['results']):>5} {compute:>7.1f} s {wall:>11.1f} s {1:>6.0%} "
               f"{compute / cpus:>6.1f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m snippetkit.devtools.suite_profile PROFILE.json`: the table of a saved profile."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_file():
        print("usage: python -m snippetkit.devtools.suite_profile PROFILE.json (written by "
              "pytest --suite-profile-json PROFILE.json)", file=sys.stderr)
        return 2
    print("\n".join(table(json.loads(Path(args[0]).read_text(encoding="utf-8")))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
