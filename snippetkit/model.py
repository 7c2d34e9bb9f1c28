"""Names and value types: what a snippet is called, and what running it produced.

The leaf of the package: it imports nothing from snippetkit but the three folders of
`snippetkit/__init__.py`, and nothing heavy, so every other module (and the page side, which must
not import TensorFlow) can use it.

- Discovery: every `snippets/**/*.py` is a snippet; there is no list to maintain.
- A snippet's name (`snippet_id`) is its path under `snippets/` without `.py`: `training/digits01`.
- `Result` is what one run produced; `Figure` one drawn figure (light and dark SVG, alt text);
  `Output` an output of any other registered kind. Plain dataclasses, so that a worker process can
  send them to the parent.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from snippetkit import ROOT, SNIPPETS_DIR

EXPECT_ERROR = re.compile(r"^#\s*expect-error:\s*(?P<type>[A-Za-z_][\w.]*)\s*(?::\s*(?P<message>.*\S))?\s*$")


# --------------------------------------------------------------------------------------------
# Discovery and names


def discover(root: Path = SNIPPETS_DIR) -> list[Path]:
    """Every snippet under `root`, sorted: all `*.py` files outside hidden and cache folders."""
    found = []
    for here, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]  # hidden, private and __pycache__
        found += [Path(here, n) for n in names if n.endswith(".py")]
    return sorted(found)


@lru_cache(maxsize=1 << 16)
def snippet_id(path: Path, root: Path = SNIPPETS_DIR) -> str:
    """The snippet's name: its path under `snippets/` without `.py` (`training/digits01`); memoised
    (a warm build asks for thousands)."""
    return Path(_resolved(path)).relative_to(_resolved(root)).with_suffix("").as_posix()


def _resolved(path: Path | str) -> str:
    """`Path(path).resolve()`, with each folder's resolved once per process (a file that is itself
    a symbolic link is resolved whole)."""
    path = os.path.abspath(path)
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    return os.path.join(_resolved_folder(folder), name) if name else _resolved_folder(folder)


@lru_cache(maxsize=4096)
def _resolved_folder(folder: str) -> str:
    return os.path.realpath(folder)


def display_path(path: Path) -> str:
    """The path as a reader and an editor want it: relative to the repository when inside it."""
    path = _resolved(path)
    root = str(ROOT)
    if path.startswith(root + os.sep):
        return path[len(root) + 1:].replace(os.sep, "/")
    return "." if path == root else path


class UnknownSnippet(LookupError):
    """A name given on the command line matches no snippet."""


def resolve(names: Sequence[str], root: Path = SNIPPETS_DIR) -> list[Path]:
    """Map names (`training/digits01`, `training/digits01.py`, `snippets/training/digits01.py`)
    to snippet paths. Raises UnknownSnippet naming every unknown name and its close matches."""
    root = Path(root)
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


class ExpectedError(NamedTuple):
    """What a snippet declares it must fail with: `# expect-error: Type: message` (the message a
    substring of the real one, may be empty). `str()` is the "Type: message" text every side shows."""

    type: str
    message: str

    def __str__(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type


def expected_error(source: str) -> ExpectedError | None:
    """The one reader of the `# expect-error:` line: what the snippet declares, if anything."""
    for line in source.splitlines():
        m = EXPECT_ERROR.match(line.strip())
        if m:
            return ExpectedError(m.group("type"), m.group("message") or "")
    return None


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, in the one form every checker prints, which an editor can jump
    to: `path:line: subject: message` (line 0: the file as a whole; no subject: none)."""

    path: str
    line: int
    subject: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.subject}: {self.message}" if self.subject else f"{where}: {self.message}"


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class Figure:
    """One matplotlib figure a snippet drew: light SVG (white background), dark SVG (recoloured
    from the same Figure object), its alt text (the figure's label) and the snippet's line that
    created it."""

    svg: str
    alt: str
    dark_svg: str = ""
    line: int | None = None


@dataclass
class Output:
    """One output of a kind beyond text and figures (registered by a scraper, shown by the renderer
    registered for `kind` on the page side): its files (name -> text), small JSON-able facts
    (`meta`) and the snippet's line that produced it. The cache stores it without knowing the kind."""

    kind: str
    files: dict[str, str]
    meta: dict = field(default_factory=dict)
    line: int | None = None


@dataclass
class Result:
    """What running one snippet produced."""

    path: Path
    stdout: str = ""
    stderr: str = ""
    stdout_lines: list[tuple[int | None, str]] = field(default_factory=list)
    """Each chunk of stdout with the snippet's line that printed it (None: printed elsewhere)."""
    figures: list[Figure] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    """Outputs of other registered kinds, in the order produced."""
    error: str | None = None
    """`TypeName: message` of what went wrong, None when the snippet passed."""
    line: int | None = None
    """The snippet's line where it failed (the innermost frame inside the snippet)."""
    traceback: str = ""
    """The traceback as shown to a user: the snippet's own frames only."""
    duration: float = 0.0
    """Seconds spent in the snippet's own code (not in the runner's setup and teardown)."""
    overhead: float = 0.0
    """Seconds the runner spent around it: isolation, capture, figures."""
    seed_offset: int = 0
    worker: int | None = None
    """Which worker process ran it (None: this process)."""
    root: Path | None = None
    """The snippets folder the name is relative to (None: the repository's snippets/)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def name(self) -> str:
        try:
            return snippet_id(self.path, self.root or SNIPPETS_DIR)
        except ValueError:  # a snippet outside the repository's snippets/ (tests, --root)
            return self.path.stem

    def where(self) -> str:
        """`snippets/x.py:12` (or without the line when none is known)."""
        loc = display_path(self.path)
        return f"{loc}:{self.line}" if self.line else loc

    def failure(self) -> str:
        """One line an editor can jump to: `snippets/x.py:12: ZeroDivisionError: division by zero`."""
        return f"{self.where()}: {self.error}"

    def to_json(self) -> dict:
        """The `result` event of the CLI's JSON lines."""
        return {"event": "result", "name": self.name, "ok": self.ok, "error": self.error,
                "where": self.where(), "duration": round(self.duration, 3), "worker": self.worker,
                "seed_offset": self.seed_offset}
