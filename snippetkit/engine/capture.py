"""Output capture while a snippet runs: what it prints, and from which of its lines.

- `LineTracker` replaces sys.stdout: each write is kept with the snippet's line that made it (the
  innermost frame whose file is the snippet), so a notebook can put outputs under the right cell.
  Past `limit` bytes it raises `OutputError` in the snippet: a page cannot show 10 MB.
- `watch_fd1` points file descriptor 1 at a temporary file, to catch output that bypasses
  sys.stdout (C code, `os.write(1, ...)`), which a page could not show in order.
- `quiet_native_stderr` hides what C++ code writes to file descriptor 2 during an import.
- `snippet_line` is the frame walk both use (and the figure scraper, for the line of a figure).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Iterator


class OutputError(Exception):
    """What a snippet printed cannot be captured: it replaced sys.stdout, wrote to file
    descriptor 1 directly (bypassing sys.stdout), or printed more than the limit."""


def snippet_line(filename: str, depth: int = 1) -> int | None:
    """The line of the innermost frame (from `depth` frames up) that runs the file `filename`."""
    try:
        frame = sys._getframe(depth + 1)
    except ValueError:
        return None
    while frame is not None:
        if frame.f_code.co_filename == filename:
            return frame.f_lineno
        frame = frame.f_back
    return None


class LineTracker(io.TextIOBase):
    """A text stream that keeps what is written, and for each chunk the snippet's line."""

    def __init__(self, filename: str, limit: int | None = None):
        self.filename = filename
        self.limit = limit
        self.size = 0
        self.overflow = False
        self._buffer = io.StringIO()
        self.chunks: list[list] = []  # [line, text]: consecutive writes from one line merged

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return "utf-8"

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.limit is not None and self.size + len(text) > self.limit:
            self.overflow = True
            raise OutputError(f"the snippet printed more than {self.limit:,} characters: a page cannot "
                              "show that much (max_output_bytes in [tool.snippetkit])")
        self.size += len(text)
        self._buffer.write(text)
        line = snippet_line(self.filename)
        if self.chunks and self.chunks[-1][0] == line:
            self.chunks[-1][1] += text
        elif text:
            self.chunks.append([line, text])
        return len(text)

    def getvalue(self) -> str:
        return self._buffer.getvalue()

    def lines(self) -> list[tuple[int | None, str]]:
        return [(line, text) for line, text in self.chunks]


@contextlib.contextmanager
def watch_fd1() -> Iterator[list[bytes]]:
    """Point file descriptor 1 at a temporary file while the snippet runs; yields a list that
    receives what was written there directly (by C code or os.write), bypassing sys.stdout."""
    written: list[bytes] = []
    try:
        sys.__stdout__.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):
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


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Hide what C++ code writes to file descriptor 2 meanwhile (TensorFlow's absl start-up
    notices, which TF_CPP_MIN_LOG_LEVEL does not silence). Python errors still show: they are
    raised, not written there; if the block fails, the hidden text is printed."""
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
