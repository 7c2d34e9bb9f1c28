"""Outputs and figures of the snippets, cached under a key of their content and the dependencies.

What it promises:

- The key of a snippet is the SHA-256 of its bytes, the lock file's bytes, the installed versions
  of TensorFlow, Keras and NumPy, and this cache's format version. Computing it imports nothing
  heavy (versions are read from package metadata), so a warm site build never imports TensorFlow.
- An entry is a folder `.cache/snippets/<snippet id>/<key>/` holding `stdout.txt`, `fig-N.svg` and
  `manifest.json` (the SHA-256 of every file, the alt texts, the device, the duration).
- Writes are atomic: the entry is written into a temporary folder beside it and renamed into place,
  so an interrupted run leaves no partial entry. Older entries of the same snippet are removed
  only after the new one is in place.
- Reads verify every file against the manifest; a corrupt entry raises CorruptEntry naming the
  snippet and the file, and `Cache.read_or_discard` removes it so that it is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from snippetkit import ROOT, SNIPPETS_DIR
from snippetkit.runner import Figure, Result, display_path, snippet_id

FORMAT = 1
"""Bump when what an entry holds or how a snippet is run changes: every key changes with it."""

CACHE_DIR = Path(os.environ.get("SNIPPETKIT_CACHE_DIR") or ROOT / ".cache" / "snippets")
"""Where entries live; the environment variable SNIPPETKIT_CACHE_DIR moves it (tests do)."""
LOCK_FILE = ROOT / "uv.lock"
VERSIONED = ("tensorflow", "keras", "numpy")


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
    for name in VERSIONED:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=missing")
    return "\n".join(parts)


def key_for(path: Path) -> str:
    """The cache key of the snippet at `path` (see the module docstring)."""
    digest = hashlib.sha256(Path(path).read_bytes())
    digest.update(b"\0" + environment_fingerprint().encode())
    return digest.hexdigest()[:32]


@dataclass
class Entry:
    """A cached run of one snippet: what the page shows under its code."""

    snippet: str
    key: str
    stdout: str
    figures: list[Figure]
    figure_files: list[Path]
    device: str
    duration: float


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Cache:
    """The store under `root` (default `.cache/snippets`) for the snippets under `snippets_root`."""

    def __init__(self, root: Path = CACHE_DIR, snippets_root: Path = SNIPPETS_DIR):
        self.root = Path(root)
        self.snippets_root = Path(snippets_root)

    def entry_dir(self, path: Path, key: str | None = None) -> Path:
        return self.root / snippet_id(path, self.snippets_root) / (key or key_for(path))

    def write(self, path: Path, result: Result, *, device: str) -> Path:
        """Store a passing run of the snippet at `path`, atomically; return the entry's folder."""
        if not result.ok:
            raise ValueError(f"refusing to cache a failed run of {display_path(path)}: {result.error}")
        final = self.entry_dir(path)
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=final.parent))
        try:
            files = {"stdout.txt": result.stdout.encode("utf-8")}
            for i, fig in enumerate(result.figures, start=1):
                files[f"fig-{i}.svg"] = fig.svg.encode("utf-8")
            for name, data in files.items():
                (staging / name).write_bytes(data)
            manifest = {
                "snippet": snippet_id(path, self.snippets_root),
                "key": final.name,
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
                "alts": [fig.alt for fig in result.figures],
                "device": device,
                "duration": round(result.duration, 3),
            }
            manifest_path = staging / "manifest.json"
            manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
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

    def _prune(self, keep: Path) -> None:
        """Remove the snippet's other entries (older keys) and stale temporary folders."""
        for other in keep.parent.iterdir():
            if other != keep and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def read(self, path: Path) -> Entry | None:
        """The entry for the snippet's current key; None when there is none; CorruptEntry when
        its files do not match its manifest."""
        folder = self.entry_dir(path)
        if not folder.is_dir():
            return None
        name = display_path(path)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            files, alts = manifest["files"], manifest["alts"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CorruptEntry(f"cache entry for {name} has no valid manifest.json ({exc})") from exc
        for file, digest in files.items():
            try:
                ok = _sha256(folder / file) == digest
            except OSError:
                ok = False
            if not ok:
                raise CorruptEntry(f"cache entry for {name}: {file} is missing or does not match "
                                   f"its checksum in {display_path(folder / 'manifest.json')}")
        figure_files = [folder / f"fig-{i}.svg" for i in range(1, len(alts) + 1)]
        if any(f.name not in files for f in figure_files) or "stdout.txt" not in files:
            raise CorruptEntry(f"cache entry for {name}: the manifest lists {len(alts)} figures "
                               f"but not their files")
        return Entry(
            snippet=manifest.get("snippet", snippet_id(path, self.snippets_root)),
            key=folder.name,
            stdout=(folder / "stdout.txt").read_text(encoding="utf-8"),
            figures=[Figure(svg="", alt=alt) for alt in alts],  # SVG text stays on disk
            figure_files=figure_files,
            device=str(manifest.get("device", "")),
            duration=float(manifest.get("duration", 0.0)),
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
