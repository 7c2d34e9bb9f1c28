"""A pool of worker processes that run snippets, with every fault contained by the parent.

What it promises:

- Each worker is a fresh `python` process that imports TensorFlow once (execute.prepare_process)
  and then runs snippets one at a time with execute.run_snippet's isolation. It talks to the
  parent over its own socket (pickled messages); its stdout goes to the parent's stderr, so that
  nothing a snippet leaves behind can reach the parent's stdout (where JSON lines may go).
- Scheduling: longest first, by the durations recorded in the cache, so that the long snippets do
  not end up last on one worker. `shard()` splits snippets into N groups of equal recorded time.
- The parent enforces a time limit per snippet (`time_limit`): ten times its duration recorded in
  the cache, at least a minute, at most a cap; the configured default for a snippet with no
  record. A snippet still running at its limit is killed with its worker (Python loop or native
  code alike), reported with the snippet's line (taken from a faulthandler dump just before the
  kill) and with the limit that applied and why, and the worker replaced.
- No worker outlives its parent, whatever ends the parent: on Linux the kernel kills a worker when
  the thread that started it exits (PR_SET_PDEATHSIG; workers are started from one thread that
  lives as long as the pool); everywhere a worker watches a pipe from the parent and exits at its
  end of file; `close()` (also on Ctrl-C or SIGTERM in `snippets`) kills busy workers at once.
- A worker that dies (`os._exit`, a segfault, the kernel's OOM killer, any signal) is reported
  with the snippet it was running; the other snippets still run.
- A worker is replaced after `recycle_after` snippets, when its resident memory is above
  `recycle_memory_mb` after a snippet, and after a snippet that left a thread or process running;
  each worker runs in its own process group, killed whole when the worker goes.
- `default_jobs()`: the CPUs this process may use, capped by free memory (`worker_memory_mb` per
  worker); 1 on a GPU unless TensorFlow's memory growth is on (TF_FORCE_GPU_ALLOW_GROWTH=true).
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from snippetkit import ROOT, config
from snippetkit.engine.lifeline import die_with_parent
from snippetkit.engine.plan import (  # noqa: F401 (re-exported: the pool's planning API)
    Limit,
    default_jobs,
    expected_durations,
    fixed_limit,
    gpu_count,
    limits_spread,
    shard,
    time_limit,
)
from snippetkit.model import Result

KILL_DUMP_WAIT = 0.3
"""Seconds between asking a stuck worker for its stack (SIGUSR1) and killing it."""
START_FAILURES = 3
"""A pool gives up when this many workers in a row die before they are ready."""


class PoolError(RuntimeError):
    """The pool cannot run snippets at all (workers fail to start)."""


@dataclass(order=True)
class Task:
    """One run of one snippet: its path, the seed offset, the duration expected (scheduling), and
    its time limit (None: the pool's default)."""

    sort_key: float = field(init=False, repr=False)
    path: Path = field(compare=False)
    seed_offset: int = field(default=0, compare=False)
    expected: float = field(default=0.0, compare=False)
    limit: Limit | None = field(default=None, compare=False)

    def __post_init__(self):
        self.sort_key = -self.expected


def _rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def worker_main(fd: int, number: int, dump_path: str, parent: int | None = None, lifeline: int | None = None) -> None:
    """The loop of a worker process: import once, then run what the parent sends."""
    if parent is not None and lifeline is not None:
        die_with_parent(parent, lifeline)
    import faulthandler

    from snippetkit.engine import execute  # lazy: only a worker runs snippets; the parent never loads it

    conn = Connection(fd)
    dump = open(dump_path, "w")  # noqa: SIM115 - open for the life of the process
    faulthandler.register(signal.SIGUSR1, file=dump, all_threads=True, chain=False)
    faulthandler.enable(file=dump, all_threads=True)  # a segfault leaves the snippet's line too
    execute.prepare_process()
    conn.send(("ready", execute.describe_device(), os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if message[0] == "stop":
            os._exit(0)  # not sys.exit: threads a snippet left must not keep the process alive
        _, path, seed_offset = message
        result = execute.run_snippet(Path(path), timeout=0, seed_offset=seed_offset)
        result.worker = number
        sys.stdout.flush()
        conn.send(("result", result, _rss_mb()))


@dataclass
class Worker:
    number: int
    proc: subprocess.Popen
    conn: Connection
    dump: Path
    lifeline: int | None = None
    """The write end of the pipe the worker watches; closed when the worker goes."""
    ready: bool = False
    task: Task | None = None
    limit: Limit | None = None
    started: float = 0.0
    done: int = 0
    rss_mb: float = 0.0

    def kill(self) -> None:
        """Kill the worker and everything in its process group (what a snippet left running)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self.conn.close()
        if self.lifeline is not None:
            with contextlib.suppress(OSError):
                os.close(self.lifeline)
            self.lifeline = None
        with contextlib.suppress(OSError):
            self.dump.unlink()

    def stop(self) -> None:
        """Ask an idle worker to exit (one still importing or running a snippet is killed at once:
        it would not read the request), then kill its group."""
        if self.ready and self.task is None:
            with contextlib.suppress(OSError, ValueError):
                self.conn.send(("stop",))
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        self.kill()


def _death(returncode: int | None) -> str:
    if returncode is None:
        return "closed its connection"
    if returncode < 0:
        name = signal.Signals(-returncode).name
        hint = " (out of memory? the kernel's OOM killer sends SIGKILL)" if name == "SIGKILL" else ""
        return f"was killed by {name}{hint}"
    return f"exited with status {returncode} (os._exit() or a crash in native code)"


FRAME = re.compile(r'File "(?P<file>.+)", line (?P<line>\d+)')


class _Spawner:
    """Starts the workers from one thread that lives as long as the pool: Linux's PR_SET_PDEATHSIG
    fires when the thread that created a child exits, not the process (a worker started from a
    short-lived thread would be killed with it). When the pool closes, the thread ends: the kernel
    then kills any worker the pool lost track of (e.g. one started as Ctrl-C arrived)."""

    def __init__(self):
        self._requests: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name="snippet-pool-spawner", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while (request := self._requests.get()) is not None:
            start, box, done = request
            try:
                box.append((True, start()))
            except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
                box.append((False, exc))
            done.set()

    def call(self, start):
        box: list = []
        done = threading.Event()
        self._requests.put((start, box, done))
        done.wait()
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def close(self) -> None:
        self._requests.put(None)
        self._thread.join(timeout=10)


class Pool:
    """Worker processes running snippets; `run(tasks)` yields each Result as it arrives."""

    def __init__(self, jobs: int | None = None, *, timeout: float | None = None,
                 recycle_after: int | None = None, recycle_memory_mb: float | None = None,
                 log=None):
        settings = config.get()
        self.jobs = jobs or settings.jobs or default_jobs(settings)
        self.fixed_limit = fixed_limit(timeout) if timeout else None
        """`timeout`: one limit for every snippet; otherwise each task's own (see `time_limit`)."""
        self.default_limit = Limit(settings.timeout, "no recorded duration: the default (timeout in "
                                                     "[tool.snippetkit])")
        self.recycle_after = recycle_after or settings.recycle_after
        self.recycle_memory_mb = recycle_memory_mb or settings.recycle_memory_mb
        self._log = log or (lambda message: None)
        self._notes: list[str] = []
        self.workers: list[Worker] = []
        self.device: str | None = None
        self.memory: list[tuple[int, int, float]] = []
        """(worker, snippets it has run, its resident MB after the last one): for `make bench`."""
        self.started_workers = 0
        self._start_failures = 0
        self._tmp = tempfile.TemporaryDirectory(prefix="snippet-pool-")
        self._spawner: _Spawner | None = None

    def log(self, message: str) -> None:
        """Note a message; it is passed on after the results it concerns."""
        self._notes.append(message)

    def _flush_notes(self) -> None:
        notes, self._notes = self._notes, []
        for note in notes:
            self._log(note)

    # -- workers --

    def _spawn(self) -> Worker:
        self.started_workers += 1
        number = self.started_workers
        parent_sock, child_sock = socket.socketpair()
        lifeline_read, lifeline_write = os.pipe()  # both ends not inheritable: only this worker gets one
        dump = Path(self._tmp.name) / f"worker-{number}.dump"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"), "MPLBACKEND": "Agg"}
        code = (f"from snippetkit.engine.pool import worker_main; worker_main({child_sock.fileno()}, {number}, "
                f"{str(dump)!r}, {os.getpid()}, {lifeline_read})")
        try:
            stdout = sys.__stderr__.fileno()
        except (AttributeError, ValueError, OSError):
            stdout = subprocess.DEVNULL
        if self._spawner is None:
            self._spawner = _Spawner()
        try:
            proc = self._spawner.call(lambda: subprocess.Popen(
                [sys.executable, "-c", code], stdin=subprocess.DEVNULL, stdout=stdout,
                pass_fds=(child_sock.fileno(), lifeline_read), start_new_session=True, env=env, cwd=ROOT))
        except BaseException:
            os.close(lifeline_write)
            parent_sock.close()
            raise
        finally:
            child_sock.close()
            os.close(lifeline_read)
        conn = Connection(parent_sock.detach())
        worker = Worker(number=number, proc=proc, conn=conn, dump=dump, lifeline=lifeline_write)
        self.workers.append(worker)
        return worker

    def _replace(self, worker: Worker, *, stop: bool = False) -> None:
        """Retire a worker; `run` starts a new one when there is work left for it."""
        self.workers.remove(worker)
        worker.stop() if stop else worker.kill()

    def start(self) -> str:
        """Start the workers; wait until one is ready and return the device it sees."""
        while self.device is None:
            while len(self.workers) < self.jobs:
                self._spawn()
            self._poll(timeout=1.0, results=[])
        self._flush_notes()
        return self.device

    def close(self) -> None:
        """Stop the idle workers and kill the busy ones at once (a snippet stuck in native code
        would not end for a signal, nor in time); safe to call again."""
        workers, self.workers = self.workers, []
        for worker in workers:
            if worker.task is not None or not worker.ready:
                worker.kill()
        for worker in workers:
            worker.stop()  # kills what is still there, and releases its pipes
        if self._spawner is not None:
            self._spawner.close()
            self._spawner = None
        self._tmp.cleanup()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- running --

    def run(self, tasks: Iterable[Task]) -> Iterator[Result]:
        pending = sorted(tasks)  # longest expected first
        running = 0
        while pending or running:
            while len(self.workers) < min(self.jobs, len(pending) + running):
                self._spawn()  # at the start, and in place of a worker retired or lost
            for worker in self.workers:
                if worker.ready and worker.task is None and pending:
                    task = pending.pop(0)
                    try:
                        worker.conn.send(("run", str(task.path), task.seed_offset))
                    except OSError:
                        pending.insert(0, task)
                        continue
                    worker.task, worker.limit, worker.started = task, self.limit_of(task), time.monotonic()
                    running += 1
            results: list[Result] = []
            self._poll(timeout=self._next_deadline(), results=results)
            self._enforce_timeouts(results)
            running -= len(results)
            yield from results
            self._flush_notes()

    def limit_of(self, task: Task) -> Limit:
        """The limit that applies to `task`: the pool's fixed one, else the task's, else the default."""
        return self.fixed_limit or task.limit or self.default_limit

    def _next_deadline(self) -> float:
        now = time.monotonic()
        deadlines = [w.started + w.limit.seconds - now for w in self.workers if w.task is not None]
        return max(0.0, min([1.0, *deadlines]))

    def _poll(self, timeout: float, results: list[Result]) -> None:
        by_conn = {w.conn: w for w in self.workers}
        for conn in wait(list(by_conn), timeout=timeout):
            worker = by_conn[conn]
            try:
                message = conn.recv()
            except (EOFError, OSError):
                self._died(worker, results)
                continue
            if message[0] == "ready":
                worker.ready, self._start_failures = True, 0
                self.device = self.device or message[1]
            elif message[0] == "result":
                _, result, rss = message
                worker.task = None
                worker.done += 1
                worker.rss_mb = rss
                self.memory.append((worker.number, worker.done, rss))
                results.append(result)
                left = bool(result.error and result.error.startswith("LeftRunning"))
                if left or worker.done >= self.recycle_after or rss > self.recycle_memory_mb:
                    why = ("it ran a snippet that left something running" if left else
                           f"after {worker.done} snippets" if worker.done >= self.recycle_after else
                           f"at {rss:.0f} MB resident")
                    self.log(f"worker {worker.number} replaced ({why})")
                    self._replace(worker, stop=True)

    def _died(self, worker: Worker, results: list[Result]) -> None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.proc.wait(timeout=5)
        how = _death(worker.proc.poll())
        if worker.task is None:
            if not worker.ready:
                self._start_failures += 1
                if self._start_failures >= START_FAILURES:
                    self.close()
                    raise PoolError(f"snippet workers fail to start: the last one {how} "
                                    "(see its errors above)")
            self.log(f"worker {worker.number} {how} between snippets; replaced")
        else:
            task = worker.task
            results.append(Result(path=task.path, seed_offset=task.seed_offset, worker=worker.number,
                                  line=self._dumped_line(worker, task),
                                  error=f"WorkerDied: the worker running this snippet {how}; "
                                        "the snippet did not run to its end",
                                  duration=time.monotonic() - worker.started))
        self._replace(worker)

    @staticmethod
    def _dumped_line(worker: Worker, task: Task) -> int | None:
        """The snippet's innermost line in the worker's last faulthandler dump, if any."""
        with contextlib.suppress(OSError):
            for match in FRAME.finditer(worker.dump.read_text(errors="replace")):
                if match.group("file") == str(task.path):
                    return int(match.group("line"))
        return None

    def _enforce_timeouts(self, results: list[Result]) -> None:
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.task is None or now - worker.started < worker.limit.seconds:
                continue
            task, limit = worker.task, worker.limit
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.proc.pid, signal.SIGUSR1)  # faulthandler: the stack, even in C code
            time.sleep(KILL_DUMP_WAIT)
            line = self._dumped_line(worker, task)
            results.append(Result(path=task.path, seed_offset=task.seed_offset, worker=worker.number, line=line,
                                  error=f"SnippetTimeout: timed out after {limit.seconds:g} s: {limit.why}; its "
                                        "worker was killed and replaced (the limits: timeout* and timeouts in "
                                        "[tool.snippetkit], or --timeout)",
                                  duration=now - worker.started))
            self.log(f"worker {worker.number} killed: {task.path.name} ran past {limit.seconds:g} s")
            self._replace(worker)


def tasks_for(paths: Iterable[Path], names: dict[Path, str], recorded: dict[str, float],
              seed_offsets: Iterable[int] = (0,)) -> list[Task]:
    """One task per snippet and seed offset, with the expected duration and the time limit from
    `recorded`."""
    paths = list(paths)
    expected = expected_durations([names[p] for p in paths], recorded)
    return [Task(path=Path(p).resolve(), seed_offset=offset, expected=expected[names[p]],
                 limit=time_limit(names[p], recorded))
            for offset in seed_offsets for p in paths]
