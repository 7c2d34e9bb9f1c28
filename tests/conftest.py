"""Shared fixtures and options; site-building tests run last, after every snippet has filled the cache.

The site's two builds do not wait for them: `SiteBuilds` runs both in the background as soon as the
snippet pool has cached its last output, and the browser checks (tests/test_browser.py) start on them
there, so both run beside the tests that are left.

Options: `--snippet-shard I/N` keeps the snippet tests of one shard of equal recorded duration
(the rest are deselected), `--snippet-jobs N` sets the pool's workers, `--snippets-root PATH`
points the snippet tests at another folder (the fault probes use it), `--require-gpu`.
"""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from snippetkit import SNIPPETS_DIR, config, exercises
from snippetkit.devtools.suite_profile import note
from snippetkit.model import discover, snippet_id

SNIPPET_TESTS = {"test_snippet": 0, "test_snippet_other_seed": 1, "test_wrong_answer_is_rejected": 0,
                 "test_right_answer_is_accepted": 0, "test_mutant_of_a_changed_exercise": 0}
"""The per-snippet tests and the seed offset each runs its snippet with (the last three: an exercise's
wrong answer, right answer or mutant composed into its starter, tests/test_exercises.py)."""
PATH_PARAMS = ("snippet_path", "wrong_answer_path", "right_answer_path", "mutant_path")

TASKS = pytest.StashKey[list]()
BUILDS = pytest.StashKey["SiteBuilds"]()


def _option(check, name):
    def convert(text):
        try:
            return check(name, text)
        except config.ConfigError as exc:
            raise pytest.UsageError(str(exc)) from None

    return convert


def pytest_addoption(parser):
    parser.addoption("--require-gpu", action="store_true",
                     help="stop at once unless TensorFlow sees a GPU (the GPU workflow)")
    parser.addoption("--snippet-shard", type=_option(config.parse_shard, "--snippet-shard"), metavar="I/N",
                     help="run the snippet tests of the I-th of N shards of equal recorded duration")
    parser.addoption("--snippet-jobs", type=_option(config.check_jobs, "--snippet-jobs"), metavar="N",
                     help="worker processes for the snippet tests (default: as `snippets`)")
    parser.addoption("--snippets-root", type=Path, default=SNIPPETS_DIR, metavar="PATH",
                     help="the snippets folder the snippet tests run (default: snippets/)")


def pytest_report_header(config):
    return f"snippets from: {config.getoption('--snippets-root')}, run in a pool of worker processes"


def pytest_configure(config):
    if config.getoption("--require-gpu"):
        from snippetkit.engine.execute import gpu_available

        if not gpu_available():
            raise pytest.UsageError("--require-gpu was given but TensorFlow sees no GPU "
                                    "(install the gpu extra: `make test-gpu`, and check `nvidia-smi`)")


def _name(path: Path, root: Path) -> str:
    """A per-snippet test's name: the snippet's id, or `exercises/<id>` for a composed wrong answer."""
    try:
        return snippet_id(path, root)
    except ValueError:
        return "exercises/" + snippet_id(path, exercises.VARIANTS_DIR)


def pytest_generate_tests(metafunc):
    if "snippet_path" in metafunc.fixturenames:
        root = metafunc.config.getoption("--snippets-root").resolve()
        paths = discover(root)
        metafunc.parametrize("snippet_path", paths, ids=[snippet_id(p, root) for p in paths])
    for param in ("wrong_answer_path", "right_answer_path", "mutant_path"):
        if param in metafunc.fixturenames:
            paths = _exercise_variants(param)
            metafunc.parametrize(param, paths, ids=[snippet_id(p, exercises.VARIANTS_DIR) for p in paths])


def _exercise_variants(param: str) -> list[Path]:
    """The composed answers a per-answer test runs: every wrong or right answer, and the mutants of
    the exercises whose mutation record is stale (the others' records stand: a fresh clone pays nothing)."""
    found = exercises.find()
    if param == "wrong_answer_path":
        return [path for ex in found for _, path in exercises.materialise(ex)]
    if param == "right_answer_path":
        return [path for ex in found for _, path in exercises.materialise(ex, answers=ex.right)]
    changed = exercises.stale(found)
    if not changed:
        return []
    from snippetkit import mutants  # cosmic-ray and parso: imported only when a record is stale

    return [path for ex in changed for _, path in
            exercises.materialise(ex, answers=mutants.answers(ex), equivalent=mutants.equivalent_names(ex))]


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected
def pytest_collection_modifyitems(session, config, items):
    from snippetkit.cache import Cache
    from snippetkit.engine.pool import expected_durations, shard

    root = config.getoption("--snippets-root").resolve()
    names = [snippet_id(p, root) for p in discover(root)]
    recorded = Cache(snippets_root=root).durations()
    if config.getoption("--snippet-shard"):
        chosen = set(shard(names, recorded, *config.getoption("--snippet-shard")))
        dropped = [item for item in items if _snippet_of(item) and _name(_snippet_of(item)[0], root) not in chosen]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if item not in dropped]
    # The snippet tests, in their place, ordered as the pool runs them (longest first, each
    # snippet's seed-0 test before its other-seed test), so that results stream in test order.
    expected = expected_durations(names, recorded)
    slots = [i for i, item in enumerate(items) if _snippet_of(item)]

    def schedule(item):
        path, offset = _snippet_of(item)
        name = _name(path, root)
        return -expected.get(name, 0.0), name, offset

    for i, item in zip(slots, sorted((items[i] for i in slots), key=schedule), strict=True):
        items[i] = item
    config.stash[TASKS] = [_snippet_of(items[i]) for i in slots]
    # Stable sort: everything else first, in collection order; then the site builds, which reuse
    # the outputs the snippet tests have just cached instead of running the snippets again; last the
    # tests that read what the browser checks found (they run in the background meanwhile).
    items.sort(key=lambda item: (item.get_closest_marker("site") is not None,
                                 item.get_closest_marker("browser_results") is not None))
    if any(item.get_closest_marker("site") for item in items):
        browser = next((item.module for item in items if hasattr(getattr(item, "module", None), "start_checks")),
                       None)
        builds = SiteBuilds(config, then={"browser": browser.start_checks} if browser else {})
        config.stash[BUILDS] = builds
        config.add_cleanup(builds.close)
        if not config.stash[TASKS]:  # no snippet test selected: nothing to wait for
            builds.start()


class SiteBuilds:
    """The site's two builds, `mkdocs build --strict` and Zensical's (`make site-zensical`), each a
    subprocess, one after the other in a background thread that starts as soon as their input exists: when
    the snippet pool has cached its last output (`SnippetRuns` calls `start`), or at once when no
    snippet test is selected. The jobs in `then` (the browser checks: tests/test_browser.py's
    `start_checks`) start there as soon as both builds are done, on `built()`; the `site` and
    `zensical_site` fixtures and `job` wait for what they need and re-raise what went wrong."""

    def __init__(self, config, then: dict[str, Callable] | None = None):
        self.config, self.then = config, then or {}
        factory = getattr(config, "_tmp_path_factory", None)  # pytest's tmp_path_factory, as fixtures get it
        base = factory.mktemp("builds") if factory else Path(tempfile.mkdtemp(prefix="site-builds-"))
        self.dirs = {"mkdocs": base / "site", "zensical": base / "zensical" / "site"}
        self.futures = {name: concurrent.futures.Future() for name in [*self.dirs, *self.then]}
        self.procs: list[subprocess.Popen] = []
        self.lock = threading.Lock()
        self.started = False
        self.closing = False

    def start(self) -> None:
        with self.lock:
            if self.started:
                return
            self.started = True
        threading.Thread(target=self._run, name="site-builds", daemon=True).start()

    def _run(self) -> None:
        # One after the other: on a cold cache the first build runs the snippets, and the second
        # reuses what it cached instead of running them again beside it.
        for name in self.dirs:
            self._settle(name, self._build, name)
        for name, job in self.then.items():  # built() inside: whatever it raises goes to the job's waiter
            self._settle(name, lambda job=job: job(self.config, self.built()))

    def _settle(self, name: str, work: Callable, *args) -> None:
        try:
            self.futures[name].set_result(work(*args))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test that waits for it (skip, xfail, fail)
            self.futures[name].set_exception(exc)

    def _command(self, name: str) -> list[str]:
        if name == "mkdocs":
            return [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(self.dirs[name])]
        return [sys.executable, "-m", "snippetkit.publish.site", "zensical", "--site-dir", str(self.dirs[name])]

    def _build(self, name: str) -> dict:
        from snippetkit import ROOT

        started = time.time()
        if name == "zensical":
            probe = subprocess.run([sys.executable, "-c", "import zensical"], capture_output=True, text=True)
            if probe.returncode != 0:
                return {"importable": False, "returncode": probe.returncode, "log": probe.stderr}
        with self.lock:
            if self.closing:
                raise RuntimeError("the session ended before the build started")
            proc = subprocess.Popen(self._command(name), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            self.procs.append(proc)
        log, _ = proc.communicate(timeout=3000)
        note(self.config, "site-build", builder=name, started=started, seconds=time.time() - started,
             returncode=proc.returncode)
        return {"importable": True, "returncode": proc.returncode, "log": log}

    def build(self, name: str, timeout: float = 3600) -> Path:
        """The build's folder. Fails (AssertionError) on a failure of this project's; an expected
        failure (pytest.xfail) where Zensical itself cannot be imported or fails on its own."""
        self.start()
        done = self.futures[name].result(timeout=timeout)
        log = done["log"]
        if name == "zensical":
            if not done["importable"]:
                pytest.xfail(f"Zensical cannot be imported, so this build is not checked: {log.strip()[-500:]}")
            if done["returncode"] == 4 and "snippetkit" not in log.split("zensical build failed", 1)[-1]:
                pytest.xfail(f"Zensical itself failed (not this project's code):\n{log[-1500:]}")
            assert done["returncode"] == 0, log
        else:
            assert done["returncode"] == 0, f"mkdocs build --strict failed:\n{log}"
        return self.dirs[name]

    def built(self) -> dict[str, Path | str]:
        """Each builder's site, or why it is not there (the reason of an expected failure, or of a failure)."""
        found: dict[str, Path | str] = {}
        for name in self.dirs:
            try:
                found[name] = self.build(name)
            except pytest.xfail.Exception as exc:
                found[name] = str(exc)
            except AssertionError as exc:
                found[name] = f"the {name} build failed: {str(exc)[-500:]}"
        return found

    def job(self, name: str, timeout: float = 3600):
        """What a job in `then` returned (waits for it; re-raises what it raised)."""
        self.start()
        return self.futures[name].result(timeout=timeout)

    def close(self) -> None:
        """At the session's end: no build outlives it, and a job's result with a `close` is closed."""
        with self.lock:
            self.closing = True
            procs = list(self.procs)
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for name in self.then:
            future = self.futures[name]
            if future.done() and future.exception() is None and hasattr(future.result(), "close"):
                future.result().close()


def _snippet_of(item) -> tuple[Path, int] | None:
    """(snippet path, seed offset) of a per-snippet test, None for any other test."""
    name = getattr(item, "originalname", None)
    if name in SNIPPET_TESTS and hasattr(item, "callspec"):
        param = next(p for p in PATH_PARAMS if p in item.callspec.params)
        value = item.callspec.params[param]
        if isinstance(value, str | Path):  # not an empty parameter set (no stale mutation record)
            return Path(value).resolve(), SNIPPET_TESTS[name]
    return None


class SnippetRuns:
    """Every selected snippet test's run, started at once in a pool (in a background thread);
    each test waits for its own result, so a failing snippet fails its test while the others run."""

    def __init__(self, tasks: list[tuple[Path, int]], root: Path, jobs: int | None,
                 when_done: Callable[[], None] | None = None):
        from snippetkit.cache import Cache
        from snippetkit.engine.pool import Pool, Task, expected_durations, time_limit

        recorded = Cache(snippets_root=root).durations()
        names = {path: _name(path, root) for path, _ in tasks}
        expected = expected_durations(list(names.values()), recorded)
        # In the order given (the tests' order); the pool's sort by expected duration is stable.
        # Each with its own time limit, from its recorded duration (a hang fails in about a minute).
        self.tasks = [Task(path=p, seed_offset=o, expected=expected[names[p]], limit=time_limit(names[p], recorded))
                      for p, o in tasks]
        from snippetkit.engine.pool import default_jobs

        settings = config.get()
        self.pool = Pool(max(1, min(jobs or settings.jobs or default_jobs(settings), len(self.tasks))))
        self.results: dict[tuple[Path, int], object] = {}
        self.failure: BaseException | None = None
        self.done = threading.Condition()
        self.device = None
        self.clock: dict[str, float] = {}  # for the suite profile: when the pool started, was ready, ended
        self.when_done = when_done  # called once every task has its result (the site builds start)
        self.thread = threading.Thread(target=self._run, name="snippet-pool", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.clock["started"] = time.time()
        try:
            self.device = self.pool.start()
            self.clock["ready"] = time.time()
            for result in self.pool.run(self.tasks):
                self.clock["ended"] = time.time()
                with self.done:
                    self.results[(Path(result.path), result.seed_offset)] = result
                    self.done.notify_all()
        except BaseException as exc:  # noqa: BLE001 - handed to the tests that wait
            with self.done:
                self.failure = exc
                self.done.notify_all()
        if self.when_done is not None:
            self.when_done()

    def get(self, path: Path, seed_offset: int):
        key = (Path(path).resolve(), seed_offset)
        with self.done:
            while key not in self.results:
                if self.failure is not None:
                    raise RuntimeError(f"the snippet pool stopped: {self.failure}") from self.failure
                if not self.thread.is_alive():
                    raise RuntimeError(f"the snippet pool ended without a result for {key[0]}")
                self.done.wait(timeout=1.0)
            return self.results[key]

    def close(self) -> None:
        self.pool.close()

    def profile(self) -> dict:
        """What the suite profile shows of the pool (snippetkit/devtools/suite_profile.py)."""
        started = self.clock.get("started", 0.0)
        return {"started": started, "ended": self.clock.get("ended", started),
                "first_ready": self.clock.get("ready", started) - started, "jobs": self.pool.jobs,
                "workers_started": self.pool.started_workers, "recycle_after": self.pool.recycle_after,
                "results": [{"path": str(p), "offset": o, "duration": r.duration, "overhead": r.overhead,
                             "worker": r.worker} for (p, o), r in self.results.items()]}


@pytest.fixture(scope="session")
def snippet_runs(request):
    config_ = request.config
    builds = config_.stash.get(BUILDS, None)
    runs = SnippetRuns(config_.stash.get(TASKS, []), config_.getoption("--snippets-root").resolve(),
                       config_.getoption("--snippet-jobs"), when_done=builds.start if builds else None)
    yield runs
    runs.close()
    note(config_, "snippet-pool", **runs.profile())


@pytest.fixture(scope="session")
def snippets_root(request):
    return request.config.getoption("--snippets-root").resolve()


def _site_builds(config) -> SiteBuilds:
    """The session's SiteBuilds (made at collection when a site test is selected; else here)."""
    if BUILDS not in config.stash:
        config.stash[BUILDS] = SiteBuilds(config)
        config.add_cleanup(config.stash[BUILDS].close)
    return config.stash[BUILDS]


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The real site, built once per session (`mkdocs build --strict`) for the site and browser tests."""
    return _site_builds(request.config).build("mkdocs")


@pytest.fixture(scope="session")
def zensical_site(request) -> Path:
    """The same site built with Zensical (`make site-zensical`), once per session, for
    test_zensical.py and the browser tests. If Zensical itself cannot be imported or crashes on its
    own, the tests that use it are expected failures that say why (they must not block CI)."""
    return _site_builds(request.config).build("zensical")


@pytest.fixture(scope="session")
def site_builds(request) -> SiteBuilds:
    return _site_builds(request.config)


@pytest.fixture
def make_snippets(tmp_path):
    """Write snippets into a fresh folder: make_snippets({"a/ok.py": "print(1)"}) -> folder."""

    def make(files: dict[str, str]):
        root = tmp_path / "snippets"
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make
