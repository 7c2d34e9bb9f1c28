"""Shared fixtures and options; site-building tests run last, after every snippet has filled the cache.

Options: `--snippet-shard I/N` keeps the snippet tests of one shard of equal recorded duration
(the rest are deselected), `--snippet-jobs N` sets the pool's workers, `--snippets-root PATH`
points the snippet tests at another folder (the fault probes use it), `--require-gpu`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
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

    def __init__(self, tasks: list[tuple[Path, int]], root: Path, jobs: int | None):
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
    runs = SnippetRuns(config_.stash.get(TASKS, []), config_.getoption("--snippets-root").resolve(),
                       config_.getoption("--snippet-jobs"))
    yield runs
    runs.close()
    note(config_, "snippet-pool", **runs.profile())


@pytest.fixture(scope="session")
def snippets_root(request):
    return request.config.getoption("--snippets-root").resolve()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per session (`mkdocs build --strict`) for the site and browser tests."""
    from snippetkit import ROOT

    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=3000,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The same site built with Zensical (`make site-zensical`), once per session, for
    test_zensical.py and the browser tests. If Zensical itself cannot be imported or crashes on its
    own, the tests that use it are expected failures that say why (they must not block CI)."""
    from snippetkit import ROOT

    probe = subprocess.run([sys.executable, "-c", "import zensical"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.xfail(f"Zensical cannot be imported, so this build is not checked: {probe.stderr.strip()[-500:]}")
    out = tmp_path_factory.mktemp("zensical") / "site"
    proc = subprocess.run([sys.executable, "-m", "snippetkit.publish.site", "zensical", "--site-dir", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=3000)
    log = proc.stdout + proc.stderr
    if proc.returncode == 4 and "snippetkit" not in log.split("zensical build failed", 1)[-1]:
        pytest.xfail(f"Zensical itself failed (not this project's code):\n{log[-1500:]}")
    assert proc.returncode == 0, log
    return out


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
