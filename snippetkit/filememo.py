"""What a warm build knows about files without reading them: digests and results memoised by the
stat of the files they were computed from.

What it promises:

- `digest(path)` is the SHA-256 of the file's bytes, and `derived(path, kind, compute)` is
  `compute(bytes)` (None when there is no such file). The file is read only when its stamp (size,
  mtime, ctime, inode) differs from the one recorded with the value, or when the record is
  *racy*: a record is trusted only if the file's last change (the later of mtime and ctime) was at
  least `RACY_SECONDS` before the record was made. A write after the stamp was taken sets ctime to
  the time of that write (no program can set ctime back), so a file changed after it was read
  never matches its record, whatever its size and mtime (git's "racy clean" rule, with a margin
  for coarse file-system clocks).
- `recall(name, paths)` and `remember(name, stamps, value)`: the same for a result computed from a
  group of files. Take `stamps(paths)` before reading them, do the work, then `remember`; later,
  `recall` gives the value back only while every file of the group (the same paths, in the same
  order; a missing file counts as a stamp) has the stamp taken then, none of them racy.
- The records live in one JSON file beside the snippet cache (`.cache/file-digests.json` by
  default), read on first use and written by `save()` (the MkDocs hook calls it after each build;
  `atexit` too). Concurrent writers are safe: the file is replaced atomically, each writer merges
  in only the records it made, and a lost record is recomputed. Records of files that no longer
  exist (of groups: whose first file does not) are dropped when the memo is written.
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

RACY_SECONDS = 2.0
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


class FileMemo:
    """The records of one memo file (`location`); see the module."""

    def __init__(self, location: Path):
        self.location = Path(location)
        self._files: dict[str, list] | None = None  # path -> [size, mtime, ctime, inode, checked, {kind: value}]
        self._groups: dict[str, dict] = {}  # name -> {"paths", "stamps", "checked", "value"}
        self._touched: dict[str, set[str]] = {"files": set(), "groups": set()}
        self.reads = 0  # files read (what a test counts)

    def _load(self) -> None:
        if self._files is None:
            data = _read_json(self.location)
            self._files = data.get("files", {}) if isinstance(data.get("files"), dict) else {}
            self._groups = data.get("groups", {}) if isinstance(data.get("groups"), dict) else {}

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
        record = None
        if enabled():
            self._load()
            record = self._files.get(name)
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
        if enabled():
            if record is None:  # stamped before the read: a change during the read makes a new stamp
                record = self._files[name] = [*stamp, time.time_ns(), {}]
            record[5][kind] = value
            self._touched["files"].add(name)
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

    def recall(self, name: str, paths: Sequence[str] | None = None):
        """The value remembered under `name`, if its files (`paths`, when given, must be the same
        list) all still have their stamps and none was racy; else None."""
        if not enabled():
            return None
        self._load()
        record = self._groups.get(name)
        if record is None or (paths is not None and list(paths) != record["paths"]):
            return None
        recorded = [tuple(s) if s is not None else None for s in record["stamps"]]
        if self.stamps(record["paths"]) != recorded or not all(_settled(s, record["checked"]) for s in recorded):
            return None
        return record["value"]

    def remember(self, name: str, paths: Sequence[str], stamps: list[Stamp], value) -> None:
        """Record `value` (JSON) as computed from `paths`, whose `stamps` were taken before they were read."""
        if not enabled():
            return
        self._load()
        self._groups[name] = {"paths": list(paths), "stamps": [list(s) if s else None for s in stamps],
                              "checked": time.time_ns(), "value": value}
        self._touched["groups"].add(name)

    # ---- on disk -------------------------------------------------------------------------------

    def save(self) -> None:
        """Write the records made here, merged into what another process wrote meanwhile."""
        if not any(self._touched.values()):
            return
        data = _read_json(self.location)
        files = data.get("files") if isinstance(data.get("files"), dict) else {}
        groups = data.get("groups") if isinstance(data.get("groups"), dict) else {}
        files.update({n: self._files[n] for n in self._touched["files"] if n in self._files})
        groups.update({n: self._groups[n] for n in self._touched["groups"] if n in self._groups})
        files = {n: r for n, r in files.items() if os.path.isfile(n)}
        groups = {n: r for n, r in groups.items() if not r["paths"] or os.path.exists(r["paths"][0])}
        try:
            self.location.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.location.with_name(f".{self.location.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"files": files, "groups": groups}, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, self.location)
        except OSError:
            return
        self._files, self._groups = files, groups
        self._touched = {"files": set(), "groups": set()}


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


_memos: dict[Path, FileMemo] = {}


def memo() -> FileMemo:
    """The memo beside the configured snippet cache (one per location, per process)."""
    location = config.load().cache_dir.parent / NAME
    found = _memos.get(location)
    if found is None:
        found = _memos[location] = FileMemo(location)
    return found


def digest(path: Path | str) -> str | None:
    return memo().digest(path)


def derived(path: Path | str, kind: str, compute: Callable[[bytes], str]) -> str | None:
    return memo().derived(path, kind, compute)


def save() -> None:
    for m in list(_memos.values()):
        m.save()


atexit.register(save)
