"""The pool at its edges: no worker outlives its parent, and time limits come from history.

The parent probes stop a real `snippets` (or pytest) process while one of its workers is stuck in
native code (`sum(range(10**13))` never sees a signal handler), the way CI cancels a job, an IDE's
stop button or the OOM killer ends it: SIGTERM, SIGKILL, or Ctrl-C to the whole process group.
Five seconds later no worker of it may be left, and the cache entry of a snippet that passed in
the same run must still be there and readable. On Ctrl-C the parent kills its workers itself, at
once (it used to wait 5 s for a stuck one to obey "stop"). Workers import no TensorFlow
(SNIPPETKIT_PRELOAD="").
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from snippetkit import ROOT, config
from snippetkit.cache import Cache
from snippetkit.engine.pool import Limit, Pool, Task, limits_spread, tasks_for, time_limit

OK = "print('fine')\n"
HANG = "print(sum(range(10**13)))\n"  # native code: no Python signal handler runs inside it
GRACE = 5.0
"""Seconds after the signal by which every worker must be gone."""
PROMPT = 3.0
"""... and on Ctrl-C, where the parent kills them itself."""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups")


def _env(cache: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "SNIPPETKIT_PRELOAD": "", "SNIPPETKIT_CACHE_DIR": str(cache),
            "PYTHONUNBUFFERED": "1"}


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS): ask ps
        state = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True).stdout
        return bool(state.strip()) and not state.strip().startswith("Z")


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def _as_in_a_terminal() -> None:
    """Ctrl-C reaches the command as in a terminal: a command that a non-interactive shell started in
    the background (`make test &`, a CI script run that way) inherits SIGINT ignored, and Python
    then leaves it ignored; a terminal's shell gives its foreground job the default disposition."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Probe:
    """A `snippets` or pytest process on a folder with a passing snippet and a stuck one."""

    def __init__(self, tmp_path: Path, make_snippets, how: str):
        self.root = make_snippets({"probe/a_ok.py": OK, "probe/hang.py": HANG})
        self.cache = tmp_path / "cache"
        if how == "pytest":
            cmd = [sys.executable, "-m", "pytest", "tests/test_snippets.py::test_snippet", "--snippets-root",
                   str(self.root), "--snippet-jobs", "2", "-p", "no:cacheprovider", "-q"]
        else:
            cmd = [sys.executable, "-m", "snippetkit.engine.cli", "--root", str(self.root), "--jobs", "2", "--cache"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=_env(self.cache), cwd=ROOT, start_new_session=True,
                                     preexec_fn=_as_in_a_terminal)
        self.output: list[str] = []
        threading.Thread(target=lambda: self.output.extend(self.proc.stdout), daemon=True).start()
        self.workers: list[int] = []
        self.watchers: list[int] = []
        """The workers' own children (a watcher each), gone with them."""

    def wait_until_stuck(self, timeout: float = 120) -> None:
        """Until the passing snippet's entry is cached and two workers are running (one stuck)."""
        entry = self.cache / "probe" / "a_ok"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            if list(entry.glob("*/manifest.json")) and len(_children(self.proc.pid)) >= 2:
                time.sleep(1.0)  # the stuck one well inside its native loop
                self.workers = _children(self.proc.pid)
                self.watchers = [c for w in self.workers for c in _children(w)]
                return
            time.sleep(0.2)
        raise AssertionError(f"the probe never got stuck as planned:\n{''.join(self.output)}")

    def survivors_after(self, send) -> tuple[list[int], float]:
        """Send the signal; the workers still running GRACE seconds later, and the seconds it took
        until none was left (GRACE if some were)."""
        sent = time.monotonic()
        send()
        while time.monotonic() < sent + GRACE:
            if not any(_alive(p) for p in self.workers + self.watchers):
                return [], time.monotonic() - sent
            time.sleep(0.05)
        return [p for p in self.workers + self.watchers if _alive(p)], GRACE

    def cleanup(self) -> None:
        """Whatever the outcome, nothing of the probe may keep running after the test."""
        for pid in [self.proc.pid, *self.workers, *self.watchers]:
            for kill in (os.killpg, os.kill):
                try:
                    kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
        self.proc.wait(timeout=30)

    def assert_cache_intact(self) -> None:
        entry = Cache(self.cache, snippets_root=self.root).read(self.root / "probe" / "a_ok.py")
        assert entry is not None and entry.stdout == "fine\n", "the passing snippet's cache entry was lost"
        assert not (self.cache / "probe" / "hang").exists()


@pytest.mark.parametrize(("how", "signum", "whole_group"), [
    ("snippets", signal.SIGTERM, False),
    ("snippets", signal.SIGKILL, False),
    ("pytest", signal.SIGTERM, False),
    ("snippets", signal.SIGINT, True),  # Ctrl-C in a terminal: every process of the foreground group
], ids=["snippets-SIGTERM", "snippets-SIGKILL", "pytest-SIGTERM", "snippets-SIGINT-to-group"])
def test_no_worker_outlives_its_parent(tmp_path, make_snippets, how, signum, whole_group):
    probe = Probe(tmp_path, make_snippets, how)
    try:
        probe.wait_until_stuck()
        assert len(probe.workers) == 2, probe.workers

        def send():
            (os.killpg if whole_group else os.kill)(probe.proc.pid, signum)

        left, took = probe.survivors_after(send)
        print(f"{how} {signum.name}{' to the group' if whole_group else ''}: {len(left)} of "
              f"{len(probe.workers) + len(probe.watchers)} processes of the pool left {GRACE:g} s later "
              f"(gone after {took:.2f} s)")
        assert left == [], f"{len(left)} process(es) of the pool outlived their parent ({how} sent {signum.name})"
        if whole_group:
            assert took < PROMPT, f"the parent took {took:.1f} s to end its workers after Ctrl-C"
        probe.proc.wait(timeout=30)
        probe.assert_cache_intact()
    finally:
        probe.cleanup()


def test_workers_outlive_the_thread_that_ran_the_pool(make_snippets, light_workers):
    """PR_SET_PDEATHSIG fires when the *thread* that started a worker exits: the pool starts its
    workers from its own thread, so a run from a short-lived thread (as pytest's session fixture
    does) leaves them alive for the next run."""
    root = make_snippets({"a.py": OK, "b.py": OK})
    tasks = [Task(path=p) for p in sorted(root.glob("*.py"))]
    with Pool(2) as pool:
        ran = []
        thread = threading.Thread(target=lambda: ran.extend(pool.run(tasks)))
        thread.start()
        thread.join(timeout=120)
        assert [r.ok for r in ran] == [True, True] and pool.started_workers == 2
        time.sleep(0.5)
        assert all(w.proc.poll() is None for w in pool.workers), "a worker died with the thread that ran the pool"
        assert all(r.ok for r in pool.run(tasks)) and pool.started_workers == 2


@pytest.fixture
def light_workers(monkeypatch):
    """Workers that import no TensorFlow (cheap to replace), and the configuration read afresh."""
    monkeypatch.setenv("SNIPPETKIT_PRELOAD", "")
    monkeypatch.setattr(config, "_loaded", None)


# ---- time limits from history ----------------------------------------------------------------


SETTINGS = config.replace(config.Config(), timeout=600, timeout_factor=10, timeout_min=60, timeout_max=600,
                          timeouts={"slow/known.py": 900})


@pytest.mark.parametrize(("name", "recorded", "seconds", "why", "source"), [
    ("a/quick", 1.2, 60, "10x its recorded 1.2 s, raised to the 60 s minimum", "history"),
    ("a/middling", 8.35, 84, "10x its recorded 8.35 s", "history"),
    ("a/slow", 75.0, 600, "10x its recorded 75 s, capped at the 600 s maximum", "history"),
    ("a/new", None, 600, "no recorded duration: the default (timeout in [tool.snippetkit])", "default"),
    ("slow/known", 1.0, 900, "set for slow/known in timeouts in [tool.snippetkit]", "snippet"),
])
def test_a_limit_comes_from_the_recorded_duration(name, recorded, seconds, why, source):
    limit = time_limit(name, {} if recorded is None else {name: recorded}, SETTINGS)
    assert limit == Limit(seconds, why, source)


def test_the_limits_spread_says_where_they_come_from():
    limits = [Limit(60, "", "history"), Limit(60, "", "history"), Limit(84, "", "history"), Limit(600, "")]
    assert limits_spread(limits) == "60 / 72 / 600 s (min / median / max of 4; 3 from history, 1 default)"


@pytest.mark.parametrize(("table", "message"), [
    ({"timeout_factor": 0.5}, "timeout_factor must be a number of at least 1"),
    ({"timeout_min": 0}, "timeout_min must be a positive number of seconds, not 0"),
    ({"timeout_min": 120, "timeout_max": 60}, "timeout_min (120) must not be above timeout_max (60)"),
    ({"timeouts": {"a/b": "long"}}, "timeouts.a/b must be a positive number of seconds, not 'long'"),
    ({"timeouts": ["a/b"]}, "timeouts must map snippet ids (chapter/name) to seconds"),
])
def test_wrong_limits_name_their_key(table, message):
    with pytest.raises(config.ConfigError, match=re.escape(f"[tool.snippetkit]: {message}")):
        config.from_table(table)


def test_a_hang_fails_at_the_limit_from_its_history_and_says_why(make_snippets, light_workers, monkeypatch):
    """The limit of each task comes from the recorded durations (here with a 2 s minimum, so that
    the test is quick): a hang fails after its limit, and the message says which limit and why; a
    snippet with no record gets the default, --timeout (the pool's `timeout`) overrides both."""
    monkeypatch.setattr(config, "_loaded", config.replace(config.load(), timeout_min=2, timeout_max=4, timeout=3))
    root = make_snippets({"p/hang.py": "x = 1\ny = sum(range(10**13))\n", "p/new.py": "while True:\n    pass\n",
                          "p/ok.py": OK})
    paths = sorted(root.glob("p/*.py"))
    names = {p: f"p/{p.stem}" for p in paths}
    tasks = tasks_for(paths, names, {"p/hang": 0.08, "p/ok": 0.01})
    t0 = time.monotonic()
    with Pool(3) as pool:
        got = {r.path.stem: r for r in pool.run(tasks)}
    elapsed = time.monotonic() - t0
    assert got["ok"].ok
    assert got["hang"].error.startswith("SnippetTimeout: timed out after 2 s: 10x its recorded 0.08 s, raised to "
                                        "the 2 s minimum; its worker was killed"), got["hang"].error
    assert got["hang"].line == 2 and 2 <= got["hang"].duration < 3.5
    assert got["new"].error.startswith("SnippetTimeout: timed out after 3 s: no recorded duration: the default "
                                       "(timeout in [tool.snippetkit])"), got["new"].error
    assert elapsed < 30
    with Pool(1, timeout=1) as pool:
        [fixed] = pool.run(tasks[:1])
    assert fixed.error.startswith("SnippetTimeout: timed out after 1 s: the limit set for every snippet (--timeout)")
