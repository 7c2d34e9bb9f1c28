"""The worker pool and the `snippets` command: faults are contained by the parent process.

Each probe is a small snippet in a temporary folder, run by a real `snippets` process (workers
without TensorFlow preloaded, SNIPPETKIT_PRELOAD="", so that replacing a worker is cheap). Every
probe runs beside a snippet that passes: its result and cache entry must not be lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from snippetkit import ROOT
from snippetkit.engine.pool import expected_durations, shard

OK = "print('fine')\n"
RAISES = "x = 1\nprint('before')\ny = x / 0\n"
SYNTAX = "print('ok')\nprint('unterminated)\n"


def cli(*args, root, cache=None, timeout=300):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SNIPPETKIT_PRELOAD": "",
           "SNIPPETKIT_CACHE_DIR": str(cache or root.parent / "cache")}
    return subprocess.run([sys.executable, "-m", "snippetkit.engine.cli", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def results(proc) -> dict[str, dict]:
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert events[-1]["event"] == "summary"
    return {e["name"]: e for e in events if e["event"] == "result"}


PROBES = {
    "os_exit": ("import os\nprint('a')\nos._exit(0)\nprint('b')\n",
                "WorkerDied: the worker running this snippet exited with status 0"),
    "sys_exit": ("import sys\nprint('a')\nsys.exit()\n", "SystemExit: exit code 0 (sys.exit() before the end"),
    "segfault": ("import ctypes\nctypes.string_at(0)\n",
                 "WorkerDied: the worker running this snippet was killed by SIGSEGV"),
    "killed": ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
               "WorkerDied: the worker running this snippet was killed by SIGKILL (out of memory?"),
    "prints_10mb": ("import sys\nsys.stdout.write('x' * 10_000_000)\n", "OutputError: the snippet printed more than"),
    "thread": ("import threading, time\nthreading.Thread(target=time.sleep, args=(3600,)).start()\nprint('t')\n",
               "LeftRunning: the snippet left 1 non-daemon thread(s) still running"),
    "child": ("import subprocess\nsubprocess.Popen(['sleep', '3600'])\nprint('c')\n",
              "LeftRunning: the snippet left 1 child process(es) still running"),
    "native_hang": ("import time\nx = 1\ny = sum(range(3 * 10**10))\n",
                    "SnippetTimeout: timed out after 3 s: the limit set for every snippet (--timeout); its worker"),
}
LINES = {"sys_exit": 3, "segfault": 2, "prints_10mb": 2, "native_hang": 3}


def test_every_fault_is_reported_by_name_and_the_others_still_pass(make_snippets):
    root = make_snippets({**{f"probe/{n}.py": code for n, (code, _) in PROBES.items()}, "probe/zz_ok.py": OK})
    t0 = time.monotonic()
    proc = cli("--jobs", "2", "--timeout", "3", "--cache", "--jsonl", "-", root=root)
    elapsed = time.monotonic() - t0
    print(proc.stderr)  # the probes' report, shown with -s
    assert proc.returncode == 1, proc.stderr
    got = results(proc)
    assert set(got) == {f"probe/{n}" for n in PROBES} | {"probe/zz_ok"}
    for name, (_, message) in PROBES.items():
        event = got[f"probe/{name}"]
        assert not event["ok"] and event["error"].startswith(message), (name, event)
        assert event["where"].endswith(f"probe/{name}.py" + (f":{LINES[name]}" if name in LINES else "")), event
        assert f"FAILED {event['where']}: {event['error']}" in proc.stderr
    assert got["probe/zz_ok"]["ok"] and "PASS probe/zz_ok" in proc.stderr
    assert (root.parent / "cache" / "probe" / "zz_ok").is_dir()  # the passing snippet's entry is kept
    assert not (root.parent / "cache" / "probe" / "os_exit").exists()
    assert elapsed < 120  # the thread and the child process did not hang the run
    leftover = subprocess.run(["pgrep", "-f", "sleep 3600"], capture_output=True, text=True).stdout.split()
    assert leftover == [], "the probe's child process outlived its worker"


def test_a_failure_names_file_and_line_and_the_rest_run(make_snippets):
    root = make_snippets({"a/bad.py": RAISES, "a/good.py": OK, "b/typo.py": SYNTAX})
    proc = cli(root=root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stdout
    assert out.startswith("device: CPU")
    assert "PASS a/good" in out and "FAIL a/bad" in out
    assert "a/bad.py:3: ZeroDivisionError: division by zero" in out
    assert "b/typo.py:2: SyntaxError: unterminated string literal" in out
    assert "1 passed, 2 failed" in out


def test_named_snippets_only_and_list(make_snippets):
    root = make_snippets({"a/bad.py": RAISES, "a/good.py": OK})
    proc = cli("a/good", root=root)
    assert proc.returncode == 0 and "1 passed, 0 failed" in proc.stdout and "a/bad" not in proc.stdout
    listed = cli("--list", root=root)
    assert listed.returncode == 0 and listed.stdout.split() == ["a/bad", "a/good"]


@pytest.mark.parametrize(("args", "message"), [
    (["traning/digits01"], "unknown snippet 'traning/digits01'; did you mean: training/digits01?"),
    (["--jobs", "0"], "argument --jobs/-j: must be an integer of at least 1 or 'auto', not '0'"),
    (["--jobs", "many"], "argument --jobs/-j: must be an integer of at least 1 or 'auto', not 'many'"),
    (["--shard", "3/2"], "argument --shard: must be I/N with 1 <= I <= N, not '3/2'"),
    (["--shard", "half"], "argument --shard: must be I/N (e.g. 1/2), not 'half'"),
    (["--timeout", "-1"], "argument --timeout: must be a positive number of seconds, not -1.0"),
])
def test_usage_errors_name_the_argument_and_exit_2(make_snippets, args, message):
    root = make_snippets({"training/digits01.py": OK})
    proc = cli(*args, root=root)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert "PASS" not in proc.stdout


def test_a_bad_root_is_named(tmp_path):
    proc = cli(root=tmp_path / "nowhere")
    assert proc.returncode == 2 and "nowhere: no such folder" in proc.stderr


def test_require_gpu_on_a_cpu_machine_exits_3(make_snippets):
    root = make_snippets({"ok.py": OK})
    proc = cli("--require-gpu", root=root)
    if "device: GPU" in proc.stdout:
        pytest.skip("this machine has a GPU")
    assert proc.returncode == 3 and "--require-gpu was given but TensorFlow sees no GPU" in proc.stderr


def test_a_corrupt_cache_entry_is_reported_and_rebuilt(make_snippets, tmp_path):
    root = make_snippets({"a/one.py": OK})
    assert cli("--cache", root=root).returncode == 0
    [folder] = (tmp_path / "cache" / "a" / "one").iterdir()
    (folder / "stdout.txt").write_text("tampered\n")
    from snippetkit.cache import Cache, CorruptEntry

    store = Cache(tmp_path / "cache", snippets_root=root)
    with pytest.raises(CorruptEntry, match="a/one.py: stdout.txt is missing or does not match"):
        store.read(root / "a" / "one.py")
    assert store.read_or_discard(root / "a" / "one.py", warn=lambda m: None) is None
    assert cli("--cache", root=root).returncode == 0
    assert store.read(root / "a" / "one.py").stdout == "fine\n"


def test_shards_split_by_recorded_duration_and_cover_everything(make_snippets):
    names = [f"s{i}" for i in range(7)]
    recorded = {"s0": 10.0, "s1": 6.0, "s2": 4.0, "s3": 3.0, "s4": 2.0, "s5": 1.0}  # s6 unknown: the mean
    groups = [shard(names, recorded, i, 2) for i in (1, 2)]
    assert sorted(groups[0] + groups[1]) == names and not set(groups[0]) & set(groups[1])
    expected = expected_durations(names, recorded)
    totals = [sum(expected[n] for n in g) for g in groups]
    assert abs(totals[0] - totals[1]) <= max(expected.values()) / 2
    assert shard(names, recorded, 1, 2) == groups[0]  # the same split every time


def test_cli_shards_partition_the_snippets(make_snippets):
    root = make_snippets({f"x/s{i}.py": OK for i in range(5)})
    listed = [cli("--list", "--shard", f"{i}/2", root=root).stdout.split() for i in (1, 2)]
    assert sorted(listed[0] + listed[1]) == [f"x/s{i}" for i in range(5)] and listed[0] and listed[1]


def test_pytest_fails_when_a_snippet_ends_its_process(make_snippets, tmp_path):
    """The suite itself: `os._exit(0)` in a snippet used to end pytest with status 0."""
    root = make_snippets({"probe/ends.py": "import os\nos._exit(0)\n", "probe/fine.py": OK})
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SNIPPETKIT_PRELOAD": "",
           "SNIPPETKIT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_snippets.py::test_snippet", "--snippets-root", str(root),
         "-p", "no:cacheprovider", "-q", "-rf"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    print(proc.stdout[-3000:])
    assert proc.returncode == 1, proc.stdout
    assert "FAILED tests/test_snippets.py::test_snippet[probe/ends]" in proc.stdout
    assert "ends.py: WorkerDied: the worker running this snippet exited with status 0" in proc.stdout
    assert "1 failed, 1 passed" in proc.stdout


@pytest.fixture
def light_workers(monkeypatch):
    """Workers that import no TensorFlow (cheap to replace)."""
    monkeypatch.setenv("SNIPPETKIT_PRELOAD", "")
    from snippetkit import config

    monkeypatch.setattr(config, "_loaded", None)


def test_a_worker_is_recycled_after_n_snippets_and_above_the_memory_limit(make_snippets, light_workers):
    from snippetkit.engine.pool import Pool, Task

    root = make_snippets({f"s{i}.py": OK for i in range(5)})
    tasks = [Task(path=p) for p in sorted(root.glob("*.py"))]
    logged = []
    with Pool(1, recycle_after=2, log=logged.append) as pool:
        assert all(r.ok and r.stdout == "fine\n" for r in pool.run(tasks))
        assert pool.started_workers == 3 and sum("after 2 snippets" in m for m in logged) == 2
    with Pool(1, recycle_memory_mb=1, log=logged.append) as pool:
        assert all(r.ok for r in pool.run(tasks[:2]))
        assert pool.started_workers == 2 and any("MB resident" in m for m in logged)


def test_default_jobs_follow_cpus_memory_and_gpu(monkeypatch):
    from snippetkit.engine import plan as pool  # where default_jobs and what it reads live

    monkeypatch.setattr(pool, "_cpus", lambda: 8)
    monkeypatch.setattr(pool, "gpu_count", lambda: 0)
    monkeypatch.setattr(pool, "available_memory_mb", lambda: 100_000)
    assert pool.default_jobs() == 8
    monkeypatch.setattr(pool, "available_memory_mb", lambda: 4000)  # 1500 MB a worker
    assert pool.default_jobs() == 2
    monkeypatch.setattr(pool, "available_memory_mb", lambda: 100)
    assert pool.default_jobs() == 1
    monkeypatch.setattr(pool, "available_memory_mb", lambda: 100_000)
    monkeypatch.setattr(pool, "gpu_count", lambda: 1)
    monkeypatch.delenv("TF_FORCE_GPU_ALLOW_GROWTH", raising=False)
    assert pool.default_jobs() == 1
    monkeypatch.setenv("TF_FORCE_GPU_ALLOW_GROWTH", "true")
    assert pool.default_jobs() == 8


def test_several_seed_offsets_run_in_one_pool_and_each_is_recorded(make_snippets, tmp_path):
    code = "import numpy as np\nprint(np.random.default_rng(0).integers(1 << 30))\n"
    root = make_snippets({"s/seeded.py": code, "s/plain.py": OK})
    cache = tmp_path / "cache"
    assert cli("--cache", "--jobs", "1", root=root, cache=cache).returncode == 0  # the entries to record in
    proc = cli("--seed-offset", "2,3,4", "--cache", "--jobs", "2", "--jsonl", "-", root=root, cache=cache)
    assert proc.returncode == 0, proc.stderr
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    runs = [e for e in events if e["event"] == "result"]
    assert sorted((e["name"], e["seed_offset"]) for e in runs) == [
        (name, offset) for name in ("s/plain", "s/seeded") for offset in (2, 3, 4)]
    assert events[-1]["passed"] == 6 and proc.stderr.count("import and setup") == 1  # one pool, one start
    manifest = json.loads(next(cache.glob("s/seeded/*/manifest.json")).read_text())
    assert manifest["provenance"]["seeds"] == {"0": True, "2": True, "3": True, "4": True}


@pytest.mark.parametrize("bad", ["2,x", "2,2", ""])
def test_a_wrong_seed_offset_list_is_a_usage_error(make_snippets, bad):
    proc = cli("--seed-offset", bad, root=make_snippets({"a.py": OK}))
    assert proc.returncode == 2 and "--seed-offset" in proc.stderr, proc.stderr
