"""Run one snippet in this process, isolated from the ones before and after it.

What it promises:

- `prepare_process()` once per process: quiet logs, matplotlib's Agg backend, TensorFlow imported
  (its import is paid here, not inside the first snippet); on a GPU, TF32 off.
- `run_snippet(path)` runs it with `runpy.run_path(path, run_name="__main__")`, as `python path`
  would, with: `keras.backend.clear_session()`, a fresh seed (0) for Python, NumPy and TensorFlow,
  an empty temporary working directory, `sys.argv` and `sys.path` as `python path` sets them, and
  every registered scraper (snippetkit.engine.scrapers) around it: printed text and figures.
- A failure is a `Result` with `error` (`TypeName: message`), the snippet's `line`, and a
  traceback of the snippet's own frames only (as pytest-examples' `create_example_traceback`).
  Failures: an exception, a syntax error, `sys.exit()` with any code (a snippet runs to its end),
  output that bypasses sys.stdout or exceeds the limit, a figure that cannot be shown, a
  non-daemon thread or a child process left running (`python path` would not end, or would leave
  it behind).
- Expected failures: a snippet with the line `# expect-error: TypeName: message` passes only if it
  raises TypeName (exactly) with `message` in its text (used by the errata page); an exercise's
  starter, which carries no marker, must stop with `SystemExit: not yet` (`exercises.declared_failure`).
- The time limit here is SIGALRM (main thread only), for in-process use; worker processes run
  without it, and the parent (snippetkit.engine.pool) kills a worker that runs past the limit.
"""

from __future__ import annotations

import contextlib
import gc
import os
import random
import runpy
import signal
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path

from snippetkit import ROOT, config, exercises
from snippetkit.engine.capture import LineTracker, OutputError, quiet_native_stderr, watch_fd1
from snippetkit.engine.scrapers import SCRAPERS, Run, ScraperError
from snippetkit.model import Result

DEFAULT_SEED = 0
"""The seed every snippet starts from (Python, NumPy and TensorFlow), before its own seeding."""

# Set before TensorFlow or matplotlib is imported: quiet C++ logs, no GUI backend.
PROCESS_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"}


class SnippetTimeout(Exception):
    """Raised inside a snippet that runs past its time limit (in-process runs)."""


class LeftRunning(Exception):
    """The snippet left a non-daemon thread or a child process running."""


_prepared = False


def prepare_process() -> None:
    """Once per process: quiet logs, the Agg backend, and the configured modules imported
    (`preload`, TensorFlow by default, when installed)."""
    global _prepared
    if _prepared:
        return
    import importlib

    for key, value in PROCESS_ENV.items():
        os.environ.setdefault(key, value)
    with contextlib.suppress(ImportError):
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.hashsalt"] = "snippet"  # stable ids inside the SVG files
    for module in config.get().preload:
        with quiet_native_stderr(), contextlib.suppress(ImportError):
            importlib.import_module(module)
    if "tensorflow" in sys.modules:
        tf = sys.modules["tensorflow"]
        with quiet_native_stderr():  # "failed call to cuInit" where no GPU is
            if tf.config.list_physical_devices("GPU"):
                tf.config.experimental.enable_tensor_float_32_execution(False)
    _prepared = True


def describe_device() -> str:
    """`CPU`, or `GPU: <name>` for each GPU TensorFlow sees (`CPU (TensorFlow not loaded)` when
    it is not installed or not preloaded)."""
    tf = sys.modules.get("tensorflow")
    if tf is None:
        return "CPU (TensorFlow not loaded)"
    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU"
    names = []
    for gpu in gpus:
        try:
            names.append(tf.config.experimental.get_device_details(gpu).get("device_name", gpu.name))
        except Exception:  # details are best effort; the device itself is enough
            names.append(gpu.name)
    return "GPU: " + ", ".join(names)


def gpu_available() -> bool:
    try:
        import tensorflow as tf
    except ImportError:
        return False
    return bool(tf.config.list_physical_devices("GPU"))


GC_EVERY = 10
"""Run a full garbage collection before every GC_EVERY-th snippet, not before each: it costs
~0.27 s with TensorFlow loaded and frees memory only; Python's own collector runs in between."""

_snippets_run = 0


def _reset_state(seed: int) -> None:
    """A clean slate: no Keras graph state, the same seeds for every snippet."""
    global _snippets_run
    random.seed(seed)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(seed)
    if "keras" in sys.modules:
        keras = sys.modules["keras"]
        keras.backend.clear_session(free_memory=False)  # Keras's global state: names, graph
        keras.utils.set_random_seed(seed)
    if _snippets_run % GC_EVERY == 0:
        gc.collect()
    _snippets_run += 1


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise SnippetTimeout in the snippet after `seconds` (main thread only; elsewhere no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise SnippetTimeout(f"timed out after {seconds:g} s (--timeout)")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _seed_offset(offset: int) -> Iterator[None]:
    """Shift every seed a snippet sets by `offset`, to check its claims hold for other seeds.

    Covers `keras.utils.set_random_seed`, `tf.random.set_seed`, `np.random.seed` and
    `np.random.default_rng(int)`: the ways the snippets seed themselves."""
    if not offset:
        yield
        return
    import keras
    import numpy as np
    import tensorflow as tf

    patches = []

    def patch(owner, attr, make):
        original = getattr(owner, attr)
        patches.append((owner, attr, original))
        setattr(owner, attr, make(original))

    def shift_int_seed(original):
        def shifted(seed=None, *args, **kwargs):
            if isinstance(seed, int):
                seed += offset
            return original(seed, *args, **kwargs)

        return shifted

    for module in {keras.utils, tf.keras.utils}:
        patch(module, "set_random_seed", shift_int_seed)
    patch(tf.random, "set_seed", shift_int_seed)
    patch(np.random, "seed", shift_int_seed)
    patch(np.random, "default_rng", shift_int_seed)
    try:
        yield
    finally:
        for owner, attr, original in reversed(patches):
            setattr(owner, attr, original)


def _failure_line(exc: BaseException, path: Path) -> int | None:
    """The innermost line of `path` in the exception's traceback (or a SyntaxError's line)."""
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).resolve() == path:
        return exc.lineno
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == str(path):
            line = lineno
    return line


def exception_message(exc: BaseException) -> str:
    """`TypeName: message` (a SyntaxError's own message, without its file and line)."""
    message = exc.msg if isinstance(exc, SyntaxError) else str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def snippet_traceback(exc: BaseException, path: Path) -> str:
    """The traceback as a user wants it: the snippet's own frames only, then the exception
    (a SyntaxError: the exception alone, which shows the line)."""
    if isinstance(exc, SyntaxError):
        return "".join(traceback.format_exception_only(exc))
    frames = [summary for summary in traceback.extract_tb(exc.__traceback__) if summary.filename == str(path)]
    if not frames:  # raised by the runner after the snippet ended: the message says it all
        return ""
    return ("Traceback (most recent call last, the snippet's frames only):\n"
            + "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(exc)))


def _live_children() -> list[int]:
    """This process's child processes that are still running (Linux: /proc; elsewhere none known)."""
    pids = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            pids += [int(p) for p in task.read_text().split()]
    running = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            running.append(pid)
    return running


def _left_running(threads_before: set[threading.Thread], children_before: set[int]) -> str | None:
    """What the snippet left running: non-daemon threads (`python path` would wait for them) and
    child processes. Idle thread-pool workers are not counted: they end with the interpreter."""
    deadline = time.monotonic() + 0.5
    while True:
        threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()
                   and not t.daemon and not t.name.startswith("ThreadPoolExecutor-")]
        children = [p for p in _live_children() if p not in children_before]
        if not (threads or children) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    parts = []
    if threads:
        parts.append(f"{len(threads)} non-daemon thread(s) still running "
                     f"({', '.join(t.name for t in threads[:3])}): `python` would not exit")
    if children:
        parts.append(f"{len(children)} child process(es) still running (pid {', '.join(map(str, children[:3]))})")
    return "the snippet left " + " and ".join(parts) if parts else None


def run_snippet(path: Path, *, timeout: float | None = None, seed_offset: int = 0,
                max_output: int | None = None) -> Result:
    """Run one snippet here, isolated (see the module docstring), and return what it produced.
    `timeout` None: the configured one; 0: no limit here (a pool worker: the parent enforces it)."""
    settings = config.get()
    timeout = settings.timeout if timeout is None else timeout
    max_output = settings.max_output_bytes if max_output is None else max_output
    path = Path(path).resolve()
    prepare_process()
    result = Result(path=path, seed_offset=seed_offset)
    t0 = time.perf_counter()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.error = f"cannot read the snippet: {exception_message(exc)}"
        return result
    expect = exercises.declared_failure(path, source)
    out = LineTracker(str(path), limit=max_output)
    run = Run(path=path, stdout=out)
    saved_argv, saved_path, saved_cwd = sys.argv[:], sys.path[:], os.getcwd()
    threads_before, children_before = set(threading.enumerate()), set(_live_children())
    raised: BaseException | None = None
    with tempfile.TemporaryDirectory(prefix="snippet-") as workdir:
        try:
            os.chdir(workdir)
            sys.argv = [str(path)]
            sys.path.insert(0, str(path.parent))
            _reset_state(DEFAULT_SEED)
            for scraper in SCRAPERS:
                scraper.start(run)
            with contextlib.ExitStack() as stack:
                direct = stack.enter_context(watch_fd1())
                stack.enter_context(contextlib.redirect_stdout(out))
                err = stack.enter_context(contextlib.redirect_stderr(LineTracker(str(path))))
                stack.enter_context(warnings.catch_warnings())
                # plt.show() warns under Agg; readers who copy the code do see their window.
                warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
                stack.enter_context(_seed_offset(seed_offset))
                stack.enter_context(_time_limit(timeout))
                t_start = time.perf_counter()
                try:
                    runpy.run_path(str(path), run_name="__main__")
                    if sys.stdout is not out:
                        raise OutputError("the snippet replaced sys.stdout: what it prints afterwards "
                                          "cannot be captured for the page")
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:  # noqa: BLE001 - every failure is reported, not raised
                    raised = exc
                finally:
                    result.duration = time.perf_counter() - t_start
            if out.overflow and not isinstance(raised, OutputError):
                raised = OutputError(f"the snippet printed more than {max_output:,} characters: a page "
                                     "cannot show that much (max_output_bytes in [tool.snippetkit])")
            if direct and direct[0] and raised is None:
                raised = OutputError(
                    f"the snippet wrote {len(direct[0])} bytes to file descriptor 1 directly, bypassing "
                    f"sys.stdout ({direct[0][:60]!r}): the page could not show them in order")
            for scraper in SCRAPERS:
                try:
                    scraper.collect(run, result)
                except ScraperError as exc:
                    if raised is None:
                        raised = exc
            left = _left_running(threads_before, children_before)
            if left and raised is None:
                raised = LeftRunning(left)
        finally:
            for scraper in SCRAPERS:
                scraper.finish(run)
            os.chdir(saved_cwd)
            sys.argv, sys.path[:] = saved_argv, saved_path
    result.stderr = err.getvalue()
    if isinstance(raised, SystemExit):
        code = 0 if raised.code is None else raised.code
        result.error = f"SystemExit: exit code {code}"
        if code == 0:
            result.error += " (sys.exit() before the end: a snippet must run to its end)"
        result.line = _failure_line(raised, path)
    elif raised is not None:
        result.error = exception_message(raised)
        result.line = _failure_line(raised, path)
        result.traceback = snippet_traceback(raised, path)
    if expect is not None:
        _check_expected(result, raised, expect)
    result.overhead = time.perf_counter() - t0 - result.duration
    return result


RUNNER_ERRORS = (SnippetTimeout, ScraperError, OutputError, LeftRunning)


def _check_expected(result: Result, raised: BaseException | None, expect: tuple[str, str]) -> None:
    """Turn a snippet that declares `# expect-error:` into a pass exactly when it fails as stated."""
    type_name, message = expect
    wanted = f"{type_name}: {message}" if message else type_name
    if raised is None or isinstance(raised, RUNNER_ERRORS):
        got = "it ran without error" if raised is None else result.error
        result.error = f"expected {wanted}, but {got}"
        return
    got_message = raised.msg if isinstance(raised, SyntaxError) else str(raised)
    if type(raised).__name__ == type_name and message in got_message:
        result.error = None  # failed exactly as stated: that is a pass
        result.traceback = ""
        result.line = None
        shown = "".join(traceback.format_exception_only(raised))
        for long, short in ((str(result.path), result.path.name), (sys.prefix, "<python>"), (str(ROOT), ".")):
            shown = shown.replace(long, short)  # no machine-specific paths on the page
        result.stdout += shown
        result.stdout_lines.append((_failure_line(raised, result.path), shown))
        return
    result.error = f"expected {wanted}, but got {exception_message(raised)}"
