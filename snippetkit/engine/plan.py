"""Planning a run: how many workers, which snippets go where, and how long each may run.

- `default_jobs()`: the CPUs this process may use, capped by free memory (`worker_memory_mb` per
  worker); 1 on a GPU unless TensorFlow's memory growth is on (TF_FORCE_GPU_ALLOW_GROWTH=true).
- `expected_durations()` and `shard()`: longest first, by the durations recorded in the cache;
  N groups of equal recorded time.
- `time_limit()`: ten times a snippet's recorded duration, at least a minute, at most a cap (the
  `timeout*` keys of [tool.snippetkit]); the configured default for a snippet with no record;
  `timeouts` for one snippet; `fixed_limit()` for `--timeout`. Each `Limit` says why.
"""

from __future__ import annotations

import contextlib
import heapq
import math
import os
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from snippetkit import config


@dataclass(frozen=True)
class Limit:
    """How long one snippet may run, and why (said in the failure when it runs past it)."""

    seconds: float
    why: str
    source: str = "default"
    """Where it comes from: "history", "default", "snippet" (`timeouts`) or "fixed" (--timeout)."""

# ---- how many workers, and which snippets go where -------------------------------------------


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def available_memory_mb() -> int | None:
    """MemAvailable from /proc/meminfo (Linux); None where unknown."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def gpu_count() -> int:
    """NVIDIA GPUs the driver lists, without importing TensorFlow."""
    gpus = Path("/proc/driver/nvidia/gpus")
    with contextlib.suppress(OSError):
        return len(list(gpus.iterdir()))
    return 0


def default_jobs(settings: config.Config | None = None) -> int:
    settings = settings or config.get()
    jobs = _cpus()
    memory = available_memory_mb()
    if memory is not None:
        jobs = min(jobs, max(1, memory // settings.worker_memory_mb))
    if gpu_count() and os.environ.get("TF_FORCE_GPU_ALLOW_GROWTH", "").lower() != "true":
        jobs = 1  # each TensorFlow process would claim the whole GPU's memory
    return max(1, jobs)


def expected_durations(names: Iterable[str], recorded: dict[str, float]) -> dict[str, float]:
    """Recorded durations; a snippet never recorded is expected to take the mean (1 s if none)."""
    known = [recorded[n] for n in names if n in recorded]
    mean = sum(known) / len(known) if known else 1.0
    return {n: recorded.get(n, mean) for n in names}


def fixed_limit(seconds: float) -> Limit:
    """One limit for every snippet, history ignored (`snippets --timeout`)."""
    return Limit(seconds, "the limit set for every snippet (--timeout)", "fixed")


def time_limit(name: str, recorded: dict[str, float], settings: config.Config | None = None) -> Limit:
    """The time limit of snippet `name` (its id, `chapter/name`): set for it in `timeouts`, else
    `timeout_factor` times its recorded duration within [`timeout_min`, `timeout_max`], else (no
    record) the default `timeout`."""
    settings = settings or config.get()
    if name in settings.timeouts:
        return Limit(settings.timeouts[name], f"set for {name} in timeouts in [tool.snippetkit]", "snippet")
    if name not in recorded:
        return Limit(settings.timeout, "no recorded duration: the default (timeout in [tool.snippetkit])")
    duration, factor = recorded[name], settings.timeout_factor
    seconds = float(math.ceil(factor * duration))
    why = f"{factor:g}x its recorded {duration:.3g} s"
    if seconds < settings.timeout_min:
        seconds, why = settings.timeout_min, f"{why}, raised to the {settings.timeout_min:g} s minimum"
    elif seconds > settings.timeout_max:
        seconds, why = settings.timeout_max, f"{why}, capped at the {settings.timeout_max:g} s maximum"
    return Limit(seconds, why, "history")


def limits_spread(limits: Iterable[Limit]) -> str:
    """`min / median / max` of the limits, and how many come from where (for `make bench`)."""
    limits = list(limits)
    if not limits:
        return "no snippets"
    seconds = [lim.seconds for lim in limits]
    sources = {s: sum(lim.source == s for lim in limits) for s in ("history", "default", "snippet", "fixed")}
    where = ", ".join(f"{n} {'from history' if s == 'history' else s}" for s, n in sources.items() if n)
    return (f"{min(seconds):g} / {statistics.median(seconds):g} / {max(seconds):g} s "
            f"(min / median / max of {len(limits)}; {where})")


def shard(names: list[str], recorded: dict[str, float], index: int, count: int) -> list[str]:
    """The `index`-th (1-based) of `count` groups of equal recorded duration: longest first, each
    to the group with the least so far (ties: the lower group; the same split on every machine)."""
    expected = expected_durations(names, recorded)
    groups: list[tuple[float, int, list[str]]] = [(0.0, i, []) for i in range(count)]
    for name in sorted(names, key=lambda n: (-expected[n], n)):
        total, i, members = heapq.heappop(groups)
        members.append(name)
        heapq.heappush(groups, (total + expected[name], i, members))
    chosen = next(members for _, i, members in groups if i == index - 1)
    return sorted(chosen)


# ---- the worker process ------------------------------------------------------------------------
