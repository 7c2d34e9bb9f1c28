"""Outputs and figures of the snippets, cached under a key of their content and the dependencies.

What it promises:

- The key of a snippet is the SHA-256 of its bytes, the lock file's bytes, the installed versions
  of TensorFlow, Keras and NumPy, and this cache's format version. Computing it imports nothing
  heavy (versions are read from package metadata), so a warm site build never imports TensorFlow.
- An entry (format 2) is a folder `<cache_dir>/<snippet id>/<key>/` holding `stdout.txt`,
  `stdout-lines.json` (each chunk of stdout with the snippet's line that printed it),
  `fig-N.svg` and `fig-N-dark.svg`, and `manifest.json`: the SHA-256 of every file, the figures
  (alt text, light and dark file, line), the outputs of other registered kinds (`outputs`: kind,
  files, meta, line; the key is absent when there are none) and the provenance (versions, device, duration, time of
  the run, the number of assertions, the declared expected error, and which seed offsets held).
- Writes are atomic: the entry is written into a temporary folder beside it and renamed into place,
  so an interrupted run leaves no partial entry; `record_seed` replaces the manifest atomically.
  Older entries of the same snippet are removed only after the new one is in place.
- Reads verify every file against the manifest; a corrupt entry raises CorruptEntry naming the
  snippet and the file, and `Cache.read_or_discard` removes it so that it is rebuilt. A file whose
  stat has not changed since it was last hashed is not hashed again (`snippetkit.filememo`, which
  also memoises the keys).
"""

from __future__ import annotations

import ast
import datetime
import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from snippetkit import ROOT, SNIPPETS_DIR, config, exercises, filememo
from snippetkit.model import Result, discover, display_path, snippet_id

FORMAT = 2
"""Bump when what an entry holds or how a snippet is run changes: every key changes with it."""

LOCK_FILE = ROOT / "uv.lock"
VERSIONED = ("tensorflow", "keras", "numpy")


def __getattr__(name: str):
    if name == "CACHE_DIR":  # the configured folder, read when asked (tests move it)
        return config.load().cache_dir
    raise AttributeError(name)


class CorruptEntry(Exception):
    """A cache entry whose files are missing or do not match its manifest."""


@lru_cache(maxsize=1)
def environment_fingerprint() -> str:
    """What besides the snippet's own bytes decides its output (no heavy imports)."""
    parts = [f"format={FORMAT}"]
    try:
        parts.append("lock=" + hashlib.sha256(LOCK_FILE.read_bytes()).hexdigest())
    except OSError:
        parts.append("lock=missing")
    for name, version in versions().items():
        if name != "python":
            parts.append(f"{name}={version}")
    return "\n".join(parts)


@lru_cache(maxsize=1)
def versions() -> dict[str, str]:
    """Python's version and the installed versions of the packages in VERSIONED (from metadata)."""
    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "missing"
    return found


def key_for(path: Path) -> str:
    """The cache key of the snippet at `path` (see the module docstring); memoised by the file's
    stat (`snippetkit.filememo`)."""
    kind, key = key_function()
    found = filememo.derived(path, kind, key)
    return found if found is not None else key(Path(path).read_bytes())


def key_function() -> tuple[str, Callable[[bytes], str]]:
    """(the name of the key as a `filememo` kind, the key of a snippet's bytes)."""
    return _key_function(environment_fingerprint())


@lru_cache(maxsize=4)
def _key_function(fingerprint: str) -> tuple[str, Callable[[bytes], str]]:
    suffix = b"\0" + fingerprint.encode()

    def key(data: bytes) -> str:
        return hashlib.sha256(data + suffix).hexdigest()[:32]
    return f"cache-key-{hashlib.sha256(suffix).hexdigest()[:16]}", key


ASSERT_CALL_MODULES = {"testing", "debugging"}


def count_assertions(source: str) -> int:
    """`assert` statements plus calls of `assert_*` functions (`np.testing.assert_allclose`,
    `tf.debugging.assert_near`, or such a function imported by name): counted statically."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return 0
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            count += 1
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("assert_"):
                count += 1
    return count


@dataclass
class Provenance:
    """Where an entry's outputs come from (the manifest's `provenance`)."""

    versions: dict[str, str]
    device: str
    duration: float
    ran_at: str
    assertions: int
    expect_error: str | None
    seeds: dict[str, bool] = field(default_factory=dict)


@dataclass
class FigureFiles:
    alt: str
    light: Path
    dark: Path
    line: int | None


@dataclass
class OutputFiles:
    """A stored `model.Output`: its kind, its files (name -> stored file), meta and line."""

    kind: str
    files: dict[str, Path]
    meta: dict
    line: int | None


@dataclass
class Entry:
    """A cached run of one snippet: what the page shows under its code."""

    snippet: str
    key: str
    stdout: str
    stdout_lines: list[tuple[int | None, str]]
    figures: list[FigureFiles]
    provenance: Provenance
    folder: Path
    outputs: list[OutputFiles] = field(default_factory=list)


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_json_atomic(path: Path, data) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _payload(result: Result) -> tuple[dict[str, bytes], list[dict], list[dict]]:
    """The files of an entry (name -> bytes), and the manifest's `figures` and `outputs`."""
    files = {"stdout.txt": result.stdout.encode("utf-8"),
             "stdout-lines.json": json.dumps([list(c) for c in result.stdout_lines]).encode("utf-8")}
    figures = []
    for i, fig in enumerate(result.figures, start=1):
        light, dark = f"fig-{i}.svg", f"fig-{i}-dark.svg"
        files[light] = fig.svg.encode("utf-8")
        files[dark] = (fig.dark_svg or fig.svg).encode("utf-8")
        figures.append({"alt": fig.alt, "light": light, "dark": dark, "line": fig.line})
    outputs = []
    for i, out in enumerate(result.outputs, start=1):
        stored = {name: f"out-{i}-{Path(name).name}" for name in out.files}
        files.update({stored[name]: text.encode("utf-8") for name, text in out.files.items()})
        outputs.append({"kind": out.kind, "files": stored, "meta": out.meta, "line": out.line})
    return files, figures, outputs


_read: dict[str, tuple] = {}  # entry folder -> (its files' stamps, when read, Entry)


def _folder_stamps(folder: Path) -> tuple:
    try:
        with os.scandir(folder) as found:
            return tuple(sorted((e.name, filememo.stamp_of(e.stat())) for e in found))
    except OSError:
        return ()


class Cache:
    """The store under `root` (default: the configured cache folder) for the snippets under
    `snippets_root`."""

    def __init__(self, root: Path | None = None, snippets_root: Path = SNIPPETS_DIR):
        self.root = Path(root) if root is not None else config.load().cache_dir
        self.snippets_root = Path(snippets_root)

    def entry_dir(self, path: Path, key: str | None = None) -> Path:
        return self.root / snippet_id(path, self.snippets_root) / (key or key_for(path))

    # ---- writing ---------------------------------------------------------------------------

    def write(self, path: Path, result: Result, *, device: str) -> Path:
        """Store a passing run of the snippet at `path`, atomically; return the entry's folder.
        Seed offsets already recorded for the same key are kept."""
        if not result.ok:
            raise ValueError(f"refusing to cache a failed run of {display_path(path)}: {result.error}")
        if result.seed_offset:
            raise ValueError(f"refusing to cache the output of {display_path(path)} with seed offset "
                             f"{result.seed_offset}: record it with Cache.record_seed")
        final = self.entry_dir(path)
        final.parent.mkdir(parents=True, exist_ok=True)
        seeds = {"0": True}
        try:
            previous = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
            seeds = {**previous["provenance"]["seeds"], "0": True}
        except (OSError, ValueError, KeyError, TypeError):
            pass
        source = Path(path).read_text(encoding="utf-8")
        expect = exercises.declared_failure(path, source)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
        try:
            files, figures, outputs = _payload(result)
            for name, data in files.items():
                (staging / name).write_bytes(data)
            provenance = Provenance(
                versions=versions(),
                device=device,
                duration=round(result.duration, 3),
                ran_at=_now(),
                assertions=count_assertions(source),
                expect_error=str(expect) if expect else None,
                seeds=seeds,
            )
            manifest = {
                "format": FORMAT,
                "snippet": snippet_id(path, self.snippets_root),
                "key": final.name,
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
                "figures": figures,
                "provenance": asdict(provenance),
            }
            if outputs:  # only then: an entry without other kinds is what format 2 always held
                manifest["outputs"] = outputs
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            for f in staging.iterdir():
                with open(f, "rb") as handle:
                    os.fsync(handle.fileno())
            if final.exists():
                shutil.rmtree(final)
            os.rename(staging, final)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self._prune(final)
        return final

    def record_seed(self, path: Path, offset: int, ok: bool) -> bool:
        """Record in the current entry whether the snippet's assertions held with every seed
        shifted by `offset`. Returns False (and records nothing) when there is no valid entry."""
        folder = self.entry_dir(path)
        manifest_path = folder / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            manifest["provenance"]["seeds"][str(offset)] = bool(ok)
        except (OSError, ValueError, KeyError, TypeError):
            return False
        _write_json_atomic(manifest_path, manifest)
        return True

    def _prune(self, keep: Path) -> None:
        """Remove the snippet's other entries (older keys) and stale temporary folders."""
        for other in keep.parent.iterdir():
            if other != keep and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    # ---- reading ---------------------------------------------------------------------------

    def read(self, path: Path) -> Entry | None:
        """The entry for the snippet's current key; None when there is none; CorruptEntry when
        its files do not match its manifest."""
        folder = self.entry_dir(path)
        if not folder.is_dir():
            return None
        return self._read_folder(folder, display_path(path))

    def _read_folder(self, folder: Path, name: str) -> Entry:
        """The entry in `folder`, verified; kept in the process by the stamps of its files (taken
        before they are read; not kept while one of them changed within `filememo.RACY_SECONDS`),
        so a report read after every edit reads only what changed."""
        stamps = _folder_stamps(folder)
        kept = _read.get(str(folder))
        if kept is not None and kept[0] == stamps and filememo.enabled() and \
                max((max(s[1][1], s[1][2]) for s in stamps), default=0) + int(filememo.RACY_SECONDS * 1e9) <= kept[1]:
            return replace(kept[2])
        entry = self._read_verified(folder, name)
        if len(_read) > 1 << 15:
            _read.clear()
        _read[str(folder)] = (stamps, time.time_ns(), entry)
        return replace(entry)

    def _read_verified(self, folder: Path, name: str) -> Entry:
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                raise ValueError(f"format {manifest.get('format')!r}, not {FORMAT}")
            files = manifest["files"]
            figures = [FigureFiles(alt=f["alt"], light=folder / f["light"], dark=folder / f["dark"],
                                   line=f.get("line")) for f in manifest["figures"]]
            provenance = Provenance(**manifest["provenance"])
            outputs = [OutputFiles(kind=o["kind"], files={n: folder / f for n, f in o["files"].items()},
                                   meta=dict(o.get("meta") or {}), line=o.get("line"))
                       for o in manifest.get("outputs", [])]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CorruptEntry(f"cache entry for {name} has no valid manifest.json ({exc})") from exc
        for file, digest in files.items():
            if filememo.digest(folder / file) != digest:  # read and hashed unless its stat is unchanged
                raise CorruptEntry(f"cache entry for {name}: {file} is missing or does not match "
                                   f"its checksum in {display_path(folder / 'manifest.json')}")
        needed = ({"stdout.txt", "stdout-lines.json"} | {p.name for f in figures for p in (f.light, f.dark)}
                  | {p.name for o in outputs for p in o.files.values()})
        if not needed <= set(files):
            raise CorruptEntry(f"cache entry for {name}: the manifest does not list "
                               f"{', '.join(sorted(needed - set(files)))}")
        try:
            lines = [(line, text) for line, text in
                     json.loads((folder / "stdout-lines.json").read_text(encoding="utf-8"))]
        except (ValueError, TypeError) as exc:
            raise CorruptEntry(f"cache entry for {name}: stdout-lines.json is not [[line, text], ...]") from exc
        return Entry(
            snippet=manifest.get("snippet", ""),
            key=folder.name,
            stdout=(folder / "stdout.txt").read_text(encoding="utf-8"),
            stdout_lines=lines,
            figures=figures,
            provenance=provenance,
            folder=folder,
            outputs=outputs,
        )

    def read_or_discard(self, path: Path, warn=print) -> Entry | None:
        """Like `read`, but a corrupt entry is reported through `warn`, removed, and None returned
        (so that the snippet is run again)."""
        try:
            return self.read(path)
        except CorruptEntry as exc:
            warn(f"{exc}; removing it so that it is rebuilt")
            shutil.rmtree(self.entry_dir(path), ignore_errors=True)
            return None

    def entries(self) -> list[Entry]:
        """Every current entry (one per snippet whose key has one), in snippet order; snippets
        without a valid current entry are left out."""
        found = []
        for path in discover(self.snippets_root):
            try:
                entry = self.read(path)
            except CorruptEntry:
                continue
            if entry is not None:
                found.append(entry)
        return found

    def durations(self) -> dict[str, float]:
        """The last recorded duration of each snippet, from any entry of it (current or not, any
        format): what the scheduler and the shards go by."""
        found: dict[str, float] = {}
        if not self.root.is_dir():
            return found
        for manifest in self.root.glob("**/manifest.json"):
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                duration = data["provenance"]["duration"] if "provenance" in data else data["duration"]
                found[data["snippet"]] = float(duration)
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return found
