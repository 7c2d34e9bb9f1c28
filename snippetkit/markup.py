"""The page markup, read once for every side: fences, includes, heading anchors.

- A *fence* is a fenced code block: an opening line of three or more backticks or tildes (any
  indentation), closed by a line of the same character, at least as long, with the opener's
  indentation and nothing after it. `fenced_blocks` is the one fence scanner of the package.
- An *include block* is a fence whose body is only pymdownx.snippets notation: inline includes
  (`--8<-- "chapter/name.py"`) or a block (`--8<--` / paths / `--8<--`). Lines are matched with
  pymdownx.snippets' own regular expressions, targets split by its own `parse_snippet_target` and
  resolved by its own `get_snippet_path` (base paths, `restrict_base_path`): what this module sees
  as an include is exactly what pymdownx expands, and a line it leaves literal (an include with
  trailing spaces) is not an include.
- A *heading anchor* is the id Python-Markdown's `toc` extension gives a heading (with the site's
  `attr_list` and `pymdownx.arithmatex`): the headings are rendered by that extension, not
  slugified by hand, so a heading with a link, code, math or an explicit `{ #id }` gets its real
  id. `Heading.plain` is its text without markup, for titles written into other pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from markdown import Markdown
from pymdownx.snippets import SnippetExtension, SnippetPreprocessor

from snippetkit import SNIPPETS_DIR

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^(?P<marks>#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")
ATTR_LIST = re.compile(r"\s*\{[^}]*\}\s*$")


# ---- fences ------------------------------------------------------------------------------------

def fenced_blocks(lines: list[str]) -> Iterator[tuple[int, int]]:
    """(opening, closing) line indices of every fenced code block, in order; the closing index is
    `len(lines)` for a fence left open."""
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m.group("indent"), m.group("fence")
        close = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        yield i, j
        i = j + 1


def outside_fences(lines: list[str]) -> Iterator[int]:
    """The indices of the lines that are neither in a fenced block nor one of its fences."""
    inside = set()
    for i, j in fenced_blocks(lines):
        inside.update(range(i, min(j, len(lines) - 1) + 1))
    return (k for k in range(len(lines)) if k not in inside)


# ---- includes ----------------------------------------------------------------------------------

class Target(NamedTuple):
    """One included snippet: its path under the snippets folder and the selection (`""`, a section
    name, or line ranges such as `4:6`), exactly as pymdownx.snippets splits them."""

    path: str
    selection: str


@dataclass(frozen=True)
class Include:
    """A code block that includes (part of) one or more snippets."""

    start: int  # index of the opening fence line
    end: int  # index of the closing fence line
    indent: str
    info: str  # the fence's info string (`python title="..."`)
    targets: tuple[Target, ...]


def snippet_grammar(base_path: str | list[str] | None = None, **options) -> SnippetPreprocessor:
    """A pymdownx.snippets preprocessor configured like the site's, used only for its grammar and
    path resolution (for code outside a Markdown run: tests, the checkers, the pre-build step)."""
    ext = SnippetExtension(base_path=str(SNIPPETS_DIR) if base_path is None else base_path, **options)
    md = Markdown()
    ext.extendMarkdown(md)
    return md.preprocessors["snippet"]


def _include_targets(body: list[str], grammar: SnippetPreprocessor) -> list[tuple[str, str]] | None:
    """The (path, selection) pairs when every non-blank line of `body` is include notation as
    pymdownx.snippets reads it; None as soon as one line is anything else."""
    targets: list[tuple[str, str]] = []
    in_block = False
    for line in body:
        m = grammar.RE_ALL_SNIPPETS.match(line)
        if m and not m.group("escape"):
            if m.group("inline_marker"):
                if in_block:  # pymdownx ignores inline notation directly inside a block
                    continue
                spec = m.group("snippet")[1:-1].strip()
            else:
                in_block = not in_block
                continue
        elif in_block:
            spec = grammar.RE_SNIPPET.match(line).group("snippet").strip()
            if not spec:
                continue
        elif not line.strip():
            continue
        else:
            return None
        if spec.startswith(";"):  # commented out
            continue
        target = grammar.parse_snippet_target(spec)
        if target is None:
            return None
        if target["section"]:
            selection = target["section"]
        elif target["start"]:
            selection = spec[len(target["path"]):].lstrip(":").strip()
        else:
            selection = ""
        targets.append((target["path"], selection))
    return None if in_block else targets


def find_includes(lines: list[str] | str, grammar: SnippetPreprocessor | None = None,
                  snippets_dir: Path | None = None) -> list[Include]:
    """The fenced blocks whose body is only snippet includes, in page order.

    `grammar` is the pymdownx.snippets preprocessor whose notation and base paths apply (default:
    one with the project's `snippets/` as base path). Only targets that resolve to a `.py` file
    under `snippets_dir` (default: the grammar's first base path) count; a block with none is not
    an include block.
    """
    if isinstance(lines, str):
        lines = lines.split("\n")
    grammar = grammar or snippet_grammar()
    base = Path(snippets_dir or grammar.base_path[0]).resolve()
    found = []
    for i, j in fenced_blocks(lines):
        m = FENCE_OPEN.match(lines[i])
        targets = []
        for path, selection in _include_targets(lines[i + 1 : j], grammar) or []:
            resolved = grammar.get_snippet_path(path) if path.endswith(".py") else None
            if resolved is None:
                continue  # not a snippet (or missing: pymdownx.snippets reports it)
            try:
                rel = Path(resolved).resolve().relative_to(base).as_posix()
            except ValueError:
                continue
            targets.append(Target(rel, selection))
        if targets:
            found.append(Include(start=i, end=j, indent=m.group("indent"), info=m.group("info"),
                                 targets=tuple(targets)))
    return found


def included_snippets(text: str, snippets_dir: Path | None = None) -> list[str]:
    """The snippet paths (under snippets/) that the markdown includes, in page order, each once; a
    selection (`name.py:section`) counts as the whole snippet. Memoised on the text."""
    return list(_included_snippets(text, str(snippets_dir) if snippets_dir else None))


@lru_cache(maxsize=4096)
def _included_snippets(text: str, snippets_dir: str | None) -> tuple[str, ...]:
    grammar = snippet_grammar(snippets_dir) if snippets_dir else None
    return tuple(dict.fromkeys(t.path for inc in find_includes(text, grammar) for t in inc.targets))


# ---- headings ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    line: int  # index of the heading's line
    level: int
    id: str  # the anchor Python-Markdown's toc gives it
    plain: str  # its text without markup: no attribute list, code ticks, emphasis, `$` or link targets


def _plain(text: str) -> str:
    text = ATTR_LIST.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[`*]", "", text).replace("$", "")


@lru_cache(maxsize=4096)  # a page's text: a report reads every page after every edit
def _headings(text: str) -> tuple[Heading, ...]:
    lines = text.split("\n")
    found = [(k, m) for k in outside_fences(lines) if (m := HEADING.match(lines[k]))]
    md = Markdown(extensions=["toc", "attr_list", "pymdownx.arithmatex"],
                  extension_configs={"pymdownx.arithmatex": {"generic": True}})
    md.convert("\n\n".join(lines[k] for k, _ in found))

    def flat(tokens):
        for t in tokens:
            yield t
            yield from flat(t["children"])

    ids = [t["id"] for t in flat(md.toc_tokens)]
    if len(ids) != len(found):  # every line rendered alone is a heading; anything else is a bug here
        raise AssertionError(f"toc found {len(ids)} headings in {len(found)} heading lines")
    return tuple(Heading(k, len(m.group("marks")), i, _plain(m.group("text"))) for (k, m), i in zip(found, ids,
                                                                                                   strict=True))


def headings(text: str) -> list[Heading]:
    """Every heading of a page (outside fences), in order, with its toc anchor."""
    return list(_headings(text))
