"""What a warm build knows about files without reading them: digests and results memoised by the
stat of the files they were computed from.

What it promises:

- `digest(path)` is the SHA-256 of the file's bytes, and `derived(path, kind, compute)` is
  `compute(bytes)` (None when there is no such file). The file is read only when its stamp (size,
  mtime, ctime, inode) differs from the one recorded with the value, or when the record is
  *racy*: a record is trusted only if the file's last change (the later of mtime and ctime) was at
  least `RACY_SECONDS` before the record was made. A write after the stamp was taken sets ctime to
  the time of that write (no system call sets ctime to another time), so a file changed after it was read
  never matches its record, whatever its size and mtime (git's "racy clean" rule, with a margin
  for coarse file-system clocks).
- `recall(name, paths)` and `remember(name, paths, stamps, value)`: the same for a result computed
  from a group of files. Take `stamps(paths)` before reading them, do the work, then `remember`;
  later, `recall` gives the value back only while the same paths (in the same order; a missing
  file counts as a stamp) have the stamps taken then, none of them racy. A group is recorded by
  the digest of its paths and stamps, so a record stays small; one name holds one record (the
  caller puts in the name only what identifies the result, and in the paths what it depends on).
- The records live in a JSON file beside the snippet cache (`.cache/file-digests.json` by
  default; those of the files inside the snippet cache in `file-digests-entries.json`, which a
  warm build does not need), read on first use and written by `save()` (the MkDocs hook calls it after each build;
  `atexit` too). Concurrent writers are safe: the file is replaced atomically, each writer merges
  in only the records it made, and a lost record is recomputed. Records of files that no longer
  exist are dropped when the memo is written.
- `SNIPPETKIT_BUILD_CACHES=0` turns it off: every file is read every time, nothing is recalled.

It imports only the standard library and `snippetkit.config`.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from snippetkit import config

RACY_SECONDS = float(os.environ.get("SNIPPETKIT_RACY_SECONDS") or 2.0)
"""The margin of the racy rule; `SNIPPETKIT_RACY_SECONDS` sets it (tests/test_incremental.py makes
it 0.05 s, so that builds a second apart take the path a human's builds, minutes apart, take)."""
NAME = "file-digests.json"
SWITCH = "SNIPPETKIT_BUILD_CACHES"
Stamp = tuple[int, int, int, int] | None


def enabled() -> bool:
    """Off when `SNIPPETKIT_BUILD_CACHES` is 0 (the same switch as the build's other caches)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


def stamp_of(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _settled(stamp: Sequence[int] | None, checked_ns: int) -> bool:
    """Whether a file with `stamp` had last changed `RACY_SECONDS` before `checked_ns`."""
    return stamp is None or max(stamp[1], stamp[2]) + int(RACY_SECONDS * 1e9) <= checked_ns


class _Part:
    """The records of one JSON file, read on first use."""

    def __init__(self, location: Path):
        self.location = location
        self.files: dict[str, list] | None = None  # path -> [size, mtime, ctime, inode, checked, {kind: value}]
        self.groups: dict[str, dict] = {}  # name -> {"digest", "latest", "checked", "value"}
        self.touched: dict[str, set[str]] = {"files": set(), "groups": set()}

    def load(self) -> _Part:
        if self.files is None:
            data = _read_json(self.location)
            self.files = data["files"] if isinstance(data.get("files"), dict) else {}
            self.groups = data["groups"] if isinstance(data.get("groups"), dict) else {}
        return self

    def save(self, belongs: Callable[[str], bool]) -> None:
        """Write the records made here, merged into what another process wrote meanwhile; a record
        of a file that is gone, or that `belongs` to another part, is dropped."""
        if not any(self.touched.values()) or self.files is None:
            return
        data = _read_json(self.location)
        files = data["files"] if isinstance(data.get("files"), dict) else {}
        groups = data["groups"] if isinstance(data.get("groups"), dict) else {}
        files.update({n: self.files[n] for n in self.touched["files"] if n in self.files})
        groups.update({n: self.groups[n] for n in self.touched["groups"] if n in self.groups})
        files = {n: r for n, r in files.items() if isinstance(r, list) and len(r) == 6 and belongs(n)
                 and os.path.isfile(n)}
        groups = {n: r for n, r in groups.items() if isinstance(r, dict) and "digest" in r}
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.location.with_name(f".{self.location.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"files": files, "groups": groups}, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.location)
        except OSError:
            return
        self.files, self.groups = files, groups
        self.touched = {"files": set(), "groups": set()}


class FileMemo:
    """The records of one memo (`location`; the records of the files under `entries`, the snippet
    cache, in a second file beside it, read only when one of them is asked for); see the module."""

    def __init__(self, location: Path, entries: Path | None = None):
        self.location = Path(location)
        self._main = _Part(self.location)
        self._entries = _Part(self.location.with_name(self.location.stem + "-entries.json"))
        self._prefix = os.path.abspath(entries) + os.sep if entries is not None else None
        self.reads = 0  # files read (what a test counts)

    def _part_of(self, name: str) -> _Part:
        return self._entries if self._prefix and name.startswith(self._prefix) else self._main

    def _part(self, name: str) -> _Part:
        return self._part_of(name).load()

    # ---- one file ------------------------------------------------------------------------------

    def digest(self, path: Path | str) -> str | None:
        """The SHA-256 (hex) of the file's bytes; None when it does not exist or is not a file."""
        return self.derived(path, "sha256", lambda data: hashlib.sha256(data).hexdigest())

    def derived(self, path: Path | str, kind: str, compute: Callable[[bytes], str]) -> str | None:
        """`compute(the file's bytes)`, memoised under `kind` (a name that changes whenever
        `compute` would give another value for the same bytes); None when there is no such file."""
        name = os.path.abspath(path)
        try:
            stamp = stamp_of(os.stat(name))
        except OSError:
            return None
        record = part = None
        if enabled():
            part = self._part(name)
            record = part.files.get(name)
            if record is not None and tuple(record[:4]) == stamp and _settled(stamp, record[4]):
                if kind in record[5]:
                    return record[5][kind]
            else:
                record = None
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        self.reads += 1
        value = compute(data)
        if part is not None:
            if record is None:  # stamped before the read: a change during the read makes a new stamp
                record = part.files[name] = [*stamp, time.time_ns(), {}]
            record[5][kind] = value
            part.touched["files"].add(name)
        return value

    # ---- a group of files ----------------------------------------------------------------------

    @staticmethod
    def stamps(paths: Sequence[str]) -> list[Stamp]:
        """The stamp of each path (None for a missing one), to take before reading them."""
        out: list[Stamp] = []
        for path in paths:
            try:
                out.append(stamp_of(os.stat(path)))
            except OSError:
                out.append(None)
        return out

    def peek(self, name: str):
        """The value remembered under `name`, not checked (to know which files to check)."""
        if not enabled():
            return None
        record = self._main.load().groups.get(name)
        return None if record is None else record["value"]

    def recall(self, name: str, paths: Sequence[str], salt: str = ""):
        """The value remembered under `name` if it was computed from `paths` (the same list) and
        `salt` (what else it depends on, as text), each file still with its stamp, none of them
        racy then; else None."""
        if not enabled():
            return None
        record = self._main.load().groups.get(name)
        if record is None:
            return None
        settled = record["latest"] + int(RACY_SECONDS * 1e9) <= record["checked"]
        if not settled or _group_digest(paths, self.stamps(paths), salt) != record["digest"]:
            return None
        return record["value"]

    def remember(self, name: str, paths: Sequence[str], stamps: list[Stamp], value, salt: str = "") -> None:
        """Record `value` (JSON) as computed from `paths` and `salt`, the files' `stamps` taken
        before they were read."""
        if not enabled():
            return
        part = self._main.load()
        latest = max((max(s[1], s[2]) for s in stamps if s is not None), default=0)
        part.groups[name] = {"digest": _group_digest(paths, stamps, salt), "latest": latest,
                             "checked": time.time_ns(), "value": value}
        part.touched["groups"].add(name)

    def save(self) -> None:
        self._main.save(lambda name: self._part_of(name) is self._main)
        self._entries.save(lambda name: self._part_of(name) is self._entries)


def _group_digest(paths: Sequence[str], stamps: list[Stamp], salt: str) -> str:
    text = "\0".join([salt, *paths, *(",".join(map(str, s)) if s else "-" for s in stamps)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


_memos: dict[Path, FileMemo] = {}  # by the snippet cache's folder


def memo() -> FileMemo:
    """The memo beside the configured snippet cache (one per location, per process)."""
    cache_dir = config.load().cache_dir
    found = _memos.get(cache_dir)
    if found is None:
        location = cache_dir.parent / NAME
        found = next((m for m in _memos.values() if m.location == location), None) or FileMemo(location, cache_dir)
        _memos[cache_dir] = found
    return found


def digest(path: Path | str) -> str | None:
    return memo().digest(path)


def derived(path: Path | str, kind: str, compute: Callable[[bytes], str]) -> str | None:
    return memo().derived(path, kind, compute)


def save() -> None:
    for m in {id(m): m for m in _memos.values()}.values():
        m.save()


atexit.register(save)
