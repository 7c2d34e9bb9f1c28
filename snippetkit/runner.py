"""Run the snippets in this process, one after another, isolated from each other.

What it promises:

- Discovery: every `snippets/**/*.py` is a snippet; there is no list to maintain.
- One process: `import tensorflow` is paid once (in `prepare_process`), not once per snippet.
  Each snippet runs with `runpy.run_path(path, run_name="__main__")`, as `python path` would.
- Isolation, per snippet: `keras.backend.clear_session()`, a fresh seed (0) for Python, NumPy and
  TensorFlow, an empty temporary working directory, matplotlib's Agg backend, `sys.argv` and
  `sys.path` as `python path` sets them, stdout, stderr and figures captured, and a time limit.
- Faults: an exception, a syntax error, `sys.exit(1)` or a time-out is reported with the snippet's
  path and line; the next snippet still runs; the CLI then exits 1.
- Expected failures: a snippet that contains the line `# expect-error: TypeName: message` passes
  only if it raises TypeName (exactly) with `message` in its text (used by the errata page).

CLI (`snippets --help`, or `python -m snippetkit.runner`): run all or named snippets, print the
device, `--require-gpu`, `--cache` to store outputs for the site, `--seed-offset` to re-run every
snippet with other seeds.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gc
import io
import json
import os
import random
import re
import runpy
import signal
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from snippetkit import ROOT, SNIPPETS_DIR

DEFAULT_TIMEOUT = 600.0
"""Seconds a snippet may run before it is stopped and reported as hanging."""

DEFAULT_SEED = 0
"""The seed every snippet starts from (Python, NumPy and TensorFlow), before its own seeding."""

EXPECT_ERROR = re.compile(r"^#\s*expect-error:\s*(?P<type>[A-Za-z_][\w.]*)\s*(?::\s*(?P<message>.*\S))?\s*$")

# Set before TensorFlow or matplotlib is imported: quiet C++ logs, no GUI backend.
PROCESS_ENV = {"TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"}


# --------------------------------------------------------------------------------------------
# Discovery and names


def discover(root: Path = SNIPPETS_DIR) -> list[Path]:
    """Every snippet under `root`, sorted: all `*.py` files outside hidden and cache folders."""
    found = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if any(p.startswith((".", "_")) for p in parts[:-1]) or "__pycache__" in parts:
            continue
        found.append(path)
    return sorted(found)


def snippet_id(path: Path, root: Path = SNIPPETS_DIR) -> str:
    """The snippet's name: its path under `snippets/` without `.py` (`training/digits01`)."""
    return Path(path).resolve().relative_to(root.resolve()).with_suffix("").as_posix()


def display_path(path: Path) -> str:
    """The path as a reader and an editor want it: relative to the repository when inside it."""
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


class UnknownSnippet(LookupError):
    """A name given on the command line matches no snippet."""


def resolve(names: Sequence[str], root: Path = SNIPPETS_DIR) -> list[Path]:
    """Map names (`training/digits01`, `training/digits01.py`, `snippets/training/digits01.py`)
    to snippet paths. Raises UnknownSnippet naming every unknown name and its close matches."""
    known = {snippet_id(p, root): p for p in discover(root)}
    chosen, problems = [], []
    for name in names:
        key = name.removesuffix(".py")
        key = key.removeprefix("./").removeprefix(f"{root.name}/")
        if key in known:
            chosen.append(known[key])
            continue
        close = difflib.get_close_matches(key, list(known), n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(close)}?" if close else " (see `snippets --list`)"
        problems.append(f"unknown snippet {name!r}{hint}")
    if problems:
        raise UnknownSnippet("\n".join(problems))
    return chosen


def expected_error(source: str) -> tuple[str, str] | None:
    """The `(type name, message)` that a snippet declares it must fail with, if any."""
    for line in source.splitlines():
        m = EXPECT_ERROR.match(line.strip())
        if m:
            return m.group("type"), m.group("message") or ""
    return None


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class Figure:
    """One matplotlib figure a snippet drew, as SVG, with its alt text (the figure's label)."""

    svg: str
    alt: str


@dataclass
class Result:
    """What running one snippet produced."""

    path: Path
    stdout: str = ""
    stderr: str = ""
    figures: list[Figure] = field(default_factory=list)
    error: str | None = None
    """`TypeName: message` of what went wrong, None when the snippet passed."""
    line: int | None = None
    """The snippet's line where it failed (the innermost frame inside the snippet)."""
    traceback: str = ""
    duration: float = 0.0
    """Seconds spent in the snippet's own code (not in the runner's setup and teardown)."""
    overhead: float = 0.0
    """Seconds the runner spent around it: isolation, capture, figures."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def name(self) -> str:
        try:
            return snippet_id(self.path)
        except ValueError:  # a snippet outside the repository's snippets/ (tests, --root)
            return self.path.stem

    def where(self) -> str:
        """`snippets/x.py:12` (or without the line when none is known)."""
        loc = display_path(self.path)
        return f"{loc}:{self.line}" if self.line else loc

    def failure(self) -> str:
        """One line an editor can jump to: `snippets/x.py:12: ZeroDivisionError: division by zero`."""
        return f"{self.where()}: {self.error}"


class SnippetTimeout(Exception):
    """Raised inside a snippet that runs past its time limit."""


class FigureError(Exception):
    """A figure cannot be shown on the page: no alt text, or it failed to save."""


class OutputError(Exception):
    """What a snippet printed cannot be captured: it replaced sys.stdout, or wrote to file
    descriptor 1 directly (bypassing sys.stdout), so the page could not show it faithfully."""


@contextlib.contextmanager
def _watch_fd1() -> Iterator[list[bytes]]:
    """Point file descriptor 1 at a temporary file while the snippet runs; yields a list that
    receives what was written there directly (by C code or os.write), bypassing sys.stdout."""
    written: list[bytes] = []
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        yield written
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield written
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            written.append(sink.read())


# --------------------------------------------------------------------------------------------
# Running


_prepared = False


def prepare_process() -> None:
    """Once per process: quiet logs, the Agg backend, and TensorFlow imported (when installed),
    so that its import is paid here and not inside the first snippet. On a GPU, TF32 is turned
    off so that float32 cross-checks keep their CPU tolerances."""
    global _prepared
    if _prepared:
        return
    for key, value in PROCESS_ENV.items():
        os.environ.setdefault(key, value)
    with contextlib.suppress(ImportError):
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.hashsalt"] = "snippet"  # stable ids inside the SVG files
    with _quiet_native_stderr(), contextlib.suppress(ImportError):
        import tensorflow as tf

        if tf.config.list_physical_devices("GPU"):
            tf.config.experimental.enable_tensor_float_32_execution(False)
    _prepared = True


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Hide what TensorFlow's C++ code writes to file descriptor 2 while it is imported (absl's
    start-up notices, which TF_CPP_MIN_LOG_LEVEL does not silence). Python errors still show:
    they are raised, not written there; if the import fails, the hidden text is printed."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        except BaseException:
            os.dup2(saved, 2)
            sink.seek(0)
            sys.stderr.write(sink.read().decode("utf-8", "replace"))
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def describe_device() -> str:
    """`CPU`, or `GPU: <name>` for each GPU TensorFlow sees (`CPU (TensorFlow not installed)`)."""
    try:
        import tensorflow as tf
    except ImportError:
        return "CPU (TensorFlow not installed)"
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
~0.27 s with TensorFlow loaded (most of the runner's overhead) and frees memory only; Python's
own collector runs in between anyway."""

_snippets_run = 0


def _reset_state(seed: int) -> None:
    """A clean slate: no Keras graph state, no figures, the same seeds for every snippet."""
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
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise SnippetTimeout in the snippet after `seconds` (main thread only; elsewhere no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise SnippetTimeout(f"timed out after {seconds:g} s (the runner's --timeout)")

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
        if Path(frame.f_code.co_filename).resolve() == path:
            line = lineno
    return line


def exception_message(exc: BaseException) -> str:
    """`TypeName: message` (a SyntaxError's own message, without its file and line)."""
    message = exc.msg if isinstance(exc, SyntaxError) else str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _collect_figures(path: Path) -> list[Figure]:
    """Every open matplotlib figure as SVG, in the order drawn; all figures closed afterwards."""
    if "matplotlib.pyplot" not in sys.modules:
        return []
    plt = sys.modules["matplotlib.pyplot"]
    figures = []
    try:
        for number in plt.get_fignums():
            fig = plt.figure(number)
            alt = fig.get_label().strip()
            if not alt:
                raise FigureError(
                    f"figure {number} has no alt text: create it with "
                    "plt.subplots(num='what the figure shows') or call fig.set_label(...)"
                )
            buffer = io.StringIO()
            try:
                fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight",
                            facecolor="white")
            except Exception as exc:
                raise FigureError(f"figure {number} ({alt!r}) could not be saved as SVG: "
                                  f"{exception_message(exc)}") from exc
            figures.append(Figure(svg=buffer.getvalue(), alt=alt))
    finally:
        plt.close("all")
    return figures


def run_snippet(path: Path, *, timeout: float | None = DEFAULT_TIMEOUT, seed_offset: int = 0) -> Result:
    """Run one snippet here, isolated (see the module docstring), and return what it produced."""
    path = Path(path).resolve()
    prepare_process()
    result = Result(path=path)
    t0 = time.perf_counter()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        result.error = f"cannot read the snippet: {exception_message(exc)}"
        return result
    expect = expected_error(source)
    out, err = io.StringIO(), io.StringIO()
    saved_argv, saved_path, saved_cwd = sys.argv[:], sys.path[:], os.getcwd()
    raised: BaseException | None = None
    with tempfile.TemporaryDirectory(prefix="snippet-") as workdir:
        try:
            os.chdir(workdir)
            sys.argv = [str(path)]
            sys.path.insert(0, str(path.parent))
            _reset_state(DEFAULT_SEED)
            with contextlib.ExitStack() as stack:
                direct = stack.enter_context(_watch_fd1())
                stack.enter_context(contextlib.redirect_stdout(out))
                stack.enter_context(contextlib.redirect_stderr(err))
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
                except SystemExit as exc:
                    if exc.code not in (None, 0):
                        raised = exc
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:  # noqa: BLE001 - every failure is reported, not raised
                    raised = exc
                finally:
                    result.duration = time.perf_counter() - t_start
            if direct and direct[0] and raised is None:
                raised = OutputError(
                    f"the snippet wrote {len(direct[0])} bytes to file descriptor 1 directly, bypassing "
                    f"sys.stdout ({direct[0][:60]!r}): the page could not show them in order")
            try:
                result.figures = _collect_figures(path)
            except FigureError as exc:
                if raised is None:
                    raised = exc
        finally:
            os.chdir(saved_cwd)
            sys.argv, sys.path[:] = saved_argv, saved_path
    result.stdout, result.stderr = out.getvalue(), err.getvalue()
    if isinstance(raised, SystemExit):
        result.error = f"SystemExit: exit code {raised.code}"
        result.line = _failure_line(raised, path)
    elif raised is not None:
        result.error = exception_message(raised)
        result.line = _failure_line(raised, path)
        result.traceback = "".join(traceback.format_exception(raised))
    if expect is not None:
        _check_expected(result, raised, expect)
    result.overhead = time.perf_counter() - t0 - result.duration
    return result


def _check_expected(result: Result, raised: BaseException | None, expect: tuple[str, str]) -> None:
    """Turn a snippet that declares `# expect-error:` into a pass exactly when it fails as stated."""
    type_name, message = expect
    wanted = f"{type_name}: {message}" if message else type_name
    if raised is None or isinstance(raised, (SnippetTimeout, FigureError, OutputError)):
        got = "it ran without error" if raised is None else result.error
        result.error = f"expected {wanted}, but {got}"
        return
    got_message = raised.msg if isinstance(raised, SyntaxError) else str(raised)
    if type(raised).__name__ == type_name and message in got_message:
        result.error = None  # failed exactly as stated: that is a pass
        result.traceback = ""
        shown = "".join(traceback.format_exception_only(raised))
        for long, short in ((str(result.path), result.path.name), (sys.prefix, "<python>"), (str(ROOT), ".")):
            shown = shown.replace(long, short)  # no machine-specific paths on the page
        result.stdout += shown
        return
    result.error = f"expected {wanted}, but got {exception_message(raised)}"


def run_all(paths: Sequence[Path], *, timeout: float | None = DEFAULT_TIMEOUT, seed_offset: int = 0,
            on_result=None) -> list[Result]:
    """Run each snippet in turn; `on_result(result)` after each (reporting, caching)."""
    results = []
    for path in paths:
        result = run_snippet(path, timeout=timeout, seed_offset=seed_offset)
        results.append(result)
        if on_result:
            on_result(result)
    return results


# --------------------------------------------------------------------------------------------
# Command line

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_GPU = 0, 1, 2, 3


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="snippets",
        description="Run the site's snippets in one process, isolated from each other.",
    )
    parser.add_argument("names", nargs="*", help="snippets to run (default: all), e.g. training/digits01")
    parser.add_argument("--list", action="store_true", help="list the snippets and exit")
    parser.add_argument("--require-gpu", action="store_true",
                        help="exit 3 with a message unless TensorFlow sees a GPU")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds per snippet (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--seed-offset", type=int, default=0,
                        help="shift every seed the snippets set by this much (claims must still hold)")
    parser.add_argument("--cache", action="store_true",
                        help="store outputs and figures of the snippets that pass, for the site")
    parser.add_argument("--show-output", action="store_true", help="print what each snippet printed")
    parser.add_argument("--json", type=Path, metavar="PATH",
                        help="also write each snippet's name, status, duration and error as JSON")
    parser.add_argument("--root", type=Path, default=SNIPPETS_DIR,
                        help="the snippets folder (default: the repository's snippets/)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not root.is_dir():
        print(f"snippets: --root {args.root}: no such folder", file=sys.stderr)
        return EXIT_USAGE
    if args.timeout <= 0:
        parser.error(f"--timeout must be positive, not {args.timeout:g}")

    try:
        paths = resolve(args.names, root) if args.names else discover(root)
    except UnknownSnippet as exc:
        print(f"snippets: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.list:
        print("\n".join(snippet_id(p, root) for p in paths))
        return EXIT_OK
    if not paths:
        print(f"snippets: no snippets found under {display_path(root)}", file=sys.stderr)
        return EXIT_USAGE

    t0 = time.perf_counter()
    prepare_process()
    device = describe_device()
    print(f"device: {device} (import and setup {time.perf_counter() - t0:.1f} s)", flush=True)
    if args.require_gpu and not gpu_available():
        print("snippets: --require-gpu was given but TensorFlow sees no GPU "
              "(install the gpu extra: `uv sync --extra gpu`, and check `nvidia-smi`)", file=sys.stderr)
        return EXIT_NO_GPU

    store = None
    if args.cache:
        from snippetkit import cache

        store = cache.Cache(snippets_root=root)

    def report(result: Result) -> None:
        status = "PASS" if result.ok else "FAIL"
        print(f"{status} {snippet_id(result.path, root)} ({result.duration:.1f} s)", flush=True)
        if args.show_output and result.stdout:
            print("    " + result.stdout.rstrip().replace("\n", "\n    "))
        if not result.ok:
            print(f"  {result.failure()}")
            if result.traceback:
                print("    " + result.traceback.rstrip().replace("\n", "\n    "))
        elif store is not None:
            store.write(result.path, result, device=device)

    results = run_all(paths, timeout=args.timeout, seed_offset=args.seed_offset, on_result=report)
    failed = [r for r in results if not r.ok]
    total = time.perf_counter() - t0
    if args.json:
        args.json.write_text(json.dumps([
            {"name": snippet_id(r.path, root), "ok": r.ok, "duration": r.duration, "overhead": r.overhead,
             "error": r.failure() if not r.ok else None} for r in results], indent=1))
    print(f"device: {device}")
    for r in failed:
        print(f"FAILED {r.failure()}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed in {total:.1f} s")
    return EXIT_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
