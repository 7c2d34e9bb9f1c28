"""The `snippets` command: run the snippets in a pool of worker processes.

    snippets                          every snippet; exit 1 if any fails, naming file:line
    snippets training/digits01        named snippets (an unknown name: close matches, exit 2)
    snippets --jobs 2 --shard 1/2     two workers, the first of two shards of equal recorded time
    snippets --cache --jsonl -        store outputs for the site; JSON lines on stdout

`run_snippets` is the run loop itself, a function: the site's pre-build step calls it in process.

Exit status: 0 all passed, 1 a snippet failed or did not run to its end, 2 usage error,
3 `--require-gpu` on a machine where TensorFlow sees no GPU, 128 + N when ended by signal N
(SIGTERM, SIGHUP: the workers are killed first, as on Ctrl-C). Also `python -m snippetkit.engine.cli`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from snippetkit import SNIPPETS_DIR, config
from snippetkit.cache import Cache
from snippetkit.engine.pool import Pool, PoolError, default_jobs, shard, tasks_for
from snippetkit.model import Result, UnknownSnippet, discover, display_path, resolve, snippet_id

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_GPU = 0, 1, 2, 3


def _checked(check, name: str):
    """An argparse type from a config rule: a wrong value is `argument --x: ...`, exit 2."""

    def convert(text: str):
        try:
            return check(name, text)
        except config.ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{name} ")) from None

    convert.__name__ = name
    return convert


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="snippets", description=(
        "Run the site's snippets in worker processes, each isolated from the others."))
    p.add_argument("names", nargs="*", help="snippets to run (default: all), e.g. training/digits01")
    p.add_argument("--list", action="store_true", help="list the snippets (of the shard) and exit")
    p.add_argument("--require-gpu", action="store_true", help="exit 3 with a message unless TensorFlow sees a GPU")
    p.add_argument("--timeout", type=_checked(config.check_timeout, "--timeout"),
                   help="seconds every snippet may run before its worker is killed (default: each its own, "
                        "from its recorded duration: timeout* in [tool.snippetkit])")
    p.add_argument("--seed-offset", type=_checked(config.parse_seed_offsets, "--seed-offset"), default=(0,),
                   metavar="N[,N...]",
                   help="shift every seed the snippets set by this much (claims must still hold); several "
                        "offsets, comma-separated, run in one pool: every snippet once per offset")
    p.add_argument("--jobs", "-j", type=_checked(config.check_jobs, "--jobs"),
                   help="worker processes (default: CPUs, capped by free memory; 1 on a GPU)")
    p.add_argument("--shard", type=_checked(config.parse_shard, "--shard"), metavar="I/N",
                   help="run only the I-th of N groups of equal recorded duration")
    p.add_argument("--cache", action="store_true",
                   help="store outputs and figures of the snippets that pass, for the site "
                        "(with --seed-offset: record in each entry whether the seeds held)")
    p.add_argument("--show-output", action="store_true", help="print what each snippet printed")
    p.add_argument("--jsonl", metavar="PATH|-",
                   help="write one JSON object per result, and a summary, to PATH or stdout (-)")
    p.add_argument("--root", type=Path, default=SNIPPETS_DIR,
                   help="the snippets folder (default: the repository's snippets/)")
    return p


class NoGPU(RuntimeError):
    """`require_gpu` was asked for, and TensorFlow sees no GPU."""


@dataclass
class Summary:
    """What a run of snippets came to."""

    device: str = ""
    jobs: int = 0
    setup: float = 0.0
    seconds: float = 0.0
    passed: int = 0
    failed: list[Result] = field(default_factory=list)


def run_snippets(paths: Sequence[Path], root: Path = SNIPPETS_DIR, *, jobs: int | None = None,
                 timeout: float | None = None, seed_offset: int | Sequence[int] = 0, cache: bool = False,
                 require_gpu: bool = False, say=print, on_result=None) -> Summary:
    """The run loop: `paths` run in a pool of worker processes (TensorFlow is imported there, not in
    this process), longest first. With `cache`, each passing run is stored for the site (with a
    seed offset: whether the seeds held is recorded in the entry). `say` gets the human-readable
    log, `on_result(result)` each result as it comes. `seed_offset` may be several offsets: every
    snippet runs once per offset, all in the one pool (longest first, whatever the offset).
    PoolError when the pool cannot run; NoGPU."""
    settings = config.get()
    store = Cache(snippets_root=root)
    names = {p: snippet_id(p, root) for p in paths}
    offsets = (seed_offset,) if isinstance(seed_offset, int) else tuple(seed_offset)
    t0 = time.perf_counter()
    jobs = min(jobs or settings.jobs or default_jobs(settings), len(paths) * len(offsets))  # no idle worker
    pool = Pool(jobs, timeout=timeout, log=lambda m: say(f"  ({m})"))
    summary = Summary(jobs=jobs)
    try:
        summary.device = device = pool.start()
        summary.setup = time.perf_counter() - t0
        summary.jobs = pool.jobs
        say(f"device: {device} ({pool.jobs} worker(s); import and setup {summary.setup:.1f} s)")
        if require_gpu and not device.startswith("GPU"):
            raise NoGPU("--require-gpu was given but TensorFlow sees no GPU "
                        "(install the gpu extra: `uv sync --extra gpu`, and check `nvidia-smi`)")
        for result in pool.run(tasks_for(paths, names, store.durations(), offsets)):
            result.root = root
            shifted = f", seed offset {result.seed_offset}" if len(offsets) > 1 or result.seed_offset else ""
            say(f"{'PASS' if result.ok else 'FAIL'} {result.name} ({result.duration:.1f} s, worker {result.worker}"
                f"{shifted})")
            if result.ok:
                summary.passed += 1
            else:
                summary.failed.append(result)
                say(f"  {result.failure()}")
                if result.traceback:
                    say("    " + result.traceback.rstrip().replace("\n", "\n    "))
            if cache:
                if result.seed_offset:
                    store.record_seed(result.path, result.seed_offset, result.ok)
                elif result.ok:
                    store.write(result.path, result, device=device)
            if on_result is not None:
                on_result(result)
    finally:
        pool.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _selected(args: argparse.Namespace, root: Path) -> list[Path]:
    """The snippets the arguments name (all by default), of the shard when one is asked for."""
    paths = resolve(args.names, root) if args.names else discover(root)
    if args.shard:
        index, count = args.shard
        names = {p: snippet_id(p, root) for p in paths}
        chosen = set(shard(list(names.values()), Cache(snippets_root=root).durations(), index, count))
        paths = [p for p in paths if names[p] in chosen]
    return paths


def _streams(jsonl_arg: str | None):
    """(where JSON lines go or None, where the human-readable log goes); OSError if unopenable."""
    if jsonl_arg == "-":
        return sys.stdout, sys.stderr
    return (open(jsonl_arg, "w", encoding="utf-8") if jsonl_arg else None), sys.stdout  # noqa: SIM115


@contextlib.contextmanager
def _ended_by_signals(*signums: int):
    """SIGTERM or SIGHUP ends the run as Ctrl-C does, through the `finally` that kills the workers
    (a worker stuck in native code would otherwise go on; they also die with this process anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def end(signum, frame):
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, end) for s in signums}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def main(argv: Sequence[str] | None = None) -> int:
    with _ended_by_signals(signal.SIGTERM, signal.SIGHUP):
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = config.get()
    except config.ConfigError as exc:
        print(f"snippets: {exc}", file=sys.stderr)
        return EXIT_USAGE
    root = args.root.resolve()
    if not root.is_dir():
        print(f"snippets: --root {args.root}: no such folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        paths = _selected(args, root)
    except UnknownSnippet as exc:
        print(f"snippets: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.list:
        print("\n".join(snippet_id(p, root) for p in paths))
        return EXIT_OK
    if not paths:
        where = f"shard {args.shard[0]}/{args.shard[1]} of " if args.shard else ""
        print(f"snippets: no snippets in {where}{display_path(root)}", file=sys.stderr)
        return EXIT_USAGE if not args.shard else EXIT_OK
    try:
        jsonl, human = _streams(args.jsonl)
    except OSError as exc:
        print(f"snippets: --jsonl {args.jsonl}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE

    def say(text: str) -> None:
        print(text, file=human, flush=True)

    def emit(event: dict) -> None:
        if jsonl is not None:
            jsonl.write(json.dumps(event) + "\n")
            jsonl.flush()

    def on_result(result: Result) -> None:
        if args.show_output and result.stdout:
            say("    " + result.stdout.rstrip().replace("\n", "\n    "))
        emit(result.to_json())

    try:
        summary = run_snippets(paths, root, jobs=args.jobs or settings.jobs, timeout=args.timeout,
                               seed_offset=args.seed_offset, cache=args.cache, require_gpu=args.require_gpu,
                               say=say, on_result=on_result)
    except (NoGPU, PoolError) as exc:
        print(f"snippets: {exc}", file=sys.stderr)
        return EXIT_NO_GPU if isinstance(exc, NoGPU) else EXIT_FAILED
    emit({"event": "summary", "passed": summary.passed, "failed": len(summary.failed),
          "seconds": round(summary.seconds, 3), "setup": round(summary.setup, 3), "jobs": summary.jobs})
    if jsonl is not None and jsonl is not sys.stdout:
        jsonl.close()
    say(f"device: {summary.device}")
    for r in summary.failed:
        say(f"FAILED {r.failure()}")
    say(f"{summary.passed} passed, {len(summary.failed)} failed in {summary.seconds:.1f} s")
    return EXIT_FAILED if summary.failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
