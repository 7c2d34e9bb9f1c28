"""The one configuration of the snippet engine, validated in one place.

Read from `[tool.snippetkit]` in pyproject.toml; every key has a default, so the table may be
absent. A wrong value or an unknown key is a `ConfigError` that names the key and says what is
allowed; the CLI checks its flags with the same rules (a wrong flag is a usage error, exit 2).
`snippets --timeout S` sets one limit for every snippet of a run, history and `timeouts` ignored.

| key | default | meaning |
| --- | --- | --- |
| `timeout` | 600 | seconds a snippet with no recorded duration may run; then its worker is killed |
| `timeout_factor` | 10 | a snippet with a recorded duration (in the cache) may run this many times it... |
| `timeout_min` | 60 | ... but at least this many seconds ... |
| `timeout_max` | 600 | ... and at most this many (`timeout_min = timeout_max = timeout`: one fixed limit) |
| `timeouts` | `{}` | `{"chapter/name": seconds}`: the limit of a snippet, whatever its record says |
| `jobs` | `"auto"` | worker processes: CPUs, capped by free memory; 1 on a GPU without memory growth |
| `cache_dir` | `.cache/snippets` | where outputs are cached (environment: `SNIPPETKIT_CACHE_DIR`) |
| `abs_tol`, `rel_tol` | 1e-6, 1e-5 | how far a printed number may move (snippetkit.checks.tolerance) |
| `notebook_pages` | `{}` | `{page.py: snippet.py}`: snippets rendered as notebook pages |
| `recycle_after` | 150 | a worker is replaced after this many snippets (its memory grows ~1.8 MB a run) |
| `recycle_memory_mb` | 3000 | ... or when its resident memory is above this after a snippet |
| `worker_memory_mb` | 1500 | memory one worker is assumed to need, to cap the default `jobs` |
| `max_output_bytes` | 1000000 | a snippet that prints more fails (a page cannot show it) |
| `preload` | `["tensorflow"]` | modules a worker imports first (environment: `SNIPPETKIT_PRELOAD`) |
| `notes_dir` | `../shared/source-notes` | the original notes (`snippetkit.source_notes`; env. `SNIPPETKIT_NOTES_DIR`) |

Nothing here imports anything heavy: the site build reads it too.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from snippetkit import ROOT

PYPROJECT = ROOT / "pyproject.toml"


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Config:
    timeout: float = 600.0
    timeout_factor: float = 10.0
    timeout_min: float = 60.0
    timeout_max: float = 600.0
    timeouts: dict[str, float] = field(default_factory=dict)
    jobs: int | None = None
    """None: automatic (see `default_jobs`)."""
    cache_dir: Path = ROOT / ".cache" / "snippets"
    abs_tol: float = 1e-6
    rel_tol: float = 1e-5
    notebook_pages: dict[str, str] = field(default_factory=dict)
    recycle_after: int = 150
    recycle_memory_mb: int = 3000
    worker_memory_mb: int = 1500
    max_output_bytes: int = 1_000_000
    preload: tuple[str, ...] = ("tensorflow",)
    notes_dir: Path = ROOT.parent / "shared" / "source-notes"


def _positive_number(key: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigError(f"{key} must be a positive number of seconds, not {value!r}")
    return float(value)


def _positive_int(key: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{key} must be an integer of at least 1, not {value!r}")
    return value


def check_jobs(key: str, value) -> int | None:
    """`"auto"` (None) or an integer of at least 1; also accepts the text of a CLI flag."""
    if value in (None, "auto"):
        return None
    original = value
    if isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            raise ConfigError(f"{key} must be an integer of at least 1 or 'auto', not {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{key} must be an integer of at least 1 or 'auto', not {original!r}")
    return value


def check_timeout(key: str, value) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ConfigError(f"{key} must be a positive number of seconds, not {value!r}") from None
    return _positive_number(key, value)


def _factor(key: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 1:
        raise ConfigError(f"{key} must be a number of at least 1 (times the recorded duration), not {value!r}")
    return float(value)


def _timeouts(key: str, value) -> dict[str, float]:
    """`{"chapter/name": seconds}` (a trailing `.py` is dropped: the snippet's id)."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and k.strip("/") for k in value):
        raise ConfigError(f"{key} must map snippet ids (chapter/name) to seconds, not {value!r}")
    return {k.removesuffix(".py"): _positive_number(f"{key}.{k}", v) for k, v in value.items()}


def _consistent(config: Config) -> Config:
    """Rules between keys."""
    if config.timeout_min > config.timeout_max:
        raise ConfigError(f"timeout_min ({config.timeout_min:g}) must not be above timeout_max "
                          f"({config.timeout_max:g})")
    return config


def parse_shard(key: str, text: str) -> tuple[int, int]:
    """`I/N` with 1 <= I <= N: the I-th of N shards."""
    try:
        index, count = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise ConfigError(f"{key} must be I/N (e.g. 1/2), not {text!r}") from None
    if count < 1 or not 1 <= index <= count:
        raise ConfigError(f"{key} must be I/N with 1 <= I <= N, not {text!r}")
    return index, count


def parse_seed_offsets(key: str, text: str) -> tuple[int, ...]:
    """`N` or `N,N,...`: distinct integer seed offsets, in the order given."""
    try:
        offsets = tuple(int(part) for part in str(text).split(","))
    except ValueError:
        raise ConfigError(f"{key} must be an integer or integers separated by commas (e.g. 2,3,4), "
                          f"not {text!r}") from None
    if len(set(offsets)) != len(offsets):
        raise ConfigError(f"{key} names an offset twice: {text!r}")
    return offsets


def _tolerance(key: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < 1:
        raise ConfigError(f"{key} must be a number in [0, 1), not {value!r}")
    return float(value)


def _notebook_pages(key: str, value) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.endswith(".py") for k, v in value.items()):
        raise ConfigError(f"{key} must map page paths to snippet paths ending in .py, not {value!r}")
    return dict(value)


def _path(key: str, value) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{key} must be a folder path, not {value!r}")
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def _modules(key: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v.replace(".", "").replace("_", "").isalnum() for v in value):
        raise ConfigError(f"{key} must be a list of module names, not {value!r}")
    return tuple(value)


CHECKS = {
    "timeout": check_timeout,
    "timeout_factor": _factor,
    "timeout_min": check_timeout,
    "timeout_max": check_timeout,
    "timeouts": _timeouts,
    "jobs": check_jobs,
    "cache_dir": _path,
    "abs_tol": _tolerance,
    "rel_tol": _tolerance,
    "notebook_pages": _notebook_pages,
    "recycle_after": _positive_int,
    "recycle_memory_mb": _positive_int,
    "worker_memory_mb": _positive_int,
    "max_output_bytes": _positive_int,
    "preload": _modules,
    "notes_dir": _path,
}
assert set(CHECKS) == {f.name for f in dataclasses.fields(Config)}


def from_table(table: dict, *, where: str = "[tool.snippetkit]") -> Config:
    """A Config from a mapping of keys to values, each checked; unknown keys are errors."""
    values = {}
    for key, value in table.items():
        if key not in CHECKS:
            raise ConfigError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(CHECKS))})")
        try:
            values[key] = CHECKS[key](key, value)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    try:
        return _consistent(Config(**values))
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


ENVIRONMENT = ("SNIPPETKIT_CACHE_DIR", "SNIPPETKIT_PRELOAD", "SNIPPETKIT_NOTES_DIR")
_memo: dict[tuple, Config] = {}


def load(pyproject: Path = PYPROJECT, env: dict | None = None) -> Config:
    """The configuration: pyproject.toml's `[tool.snippetkit]`, then the environment (`SNIPPETKIT_CACHE_DIR`,
    `SNIPPETKIT_PRELOAD`, `SNIPPETKIT_NOTES_DIR`), which wins. Read anew when the file (its size and
    time) or those variables change, else the last result (a build asks once per include)."""
    env = os.environ if env is None else env
    try:
        stat = os.stat(pyproject)
        stamp = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        stamp = None
    key = (str(pyproject), stamp, tuple(env.get(name) for name in ENVIRONMENT))
    if key not in _memo:
        _memo.clear()
        _memo[key] = _load(pyproject, env)
    return _memo[key]


def _load(pyproject: Path, env) -> Config:
    table: dict = {}
    try:
        with open(pyproject, "rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("snippetkit", {})
    except FileNotFoundError:
        pass
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: not valid TOML: {exc}") from None
    config = from_table(table, where=f"{Path(pyproject).name} [tool.snippetkit]")
    if env.get("SNIPPETKIT_CACHE_DIR"):
        config = dataclasses.replace(config, cache_dir=Path(env["SNIPPETKIT_CACHE_DIR"]))
    if "SNIPPETKIT_PRELOAD" in env:
        config = replace(config, preload=env["SNIPPETKIT_PRELOAD"])
    if env.get("SNIPPETKIT_NOTES_DIR"):
        config = replace(config, notes_dir=env["SNIPPETKIT_NOTES_DIR"])
    return config


def replace(config: Config, **changes) -> Config:
    """A copy with `changes`, each checked by the rule of its key."""
    return _consistent(dataclasses.replace(config, **{k: CHECKS[k](k, v) for k, v in changes.items()}))


_loaded: Config | None = None


def get() -> Config:
    """The project's configuration, loaded once per process."""
    global _loaded
    if _loaded is None:
        _loaded = load()
    return _loaded
