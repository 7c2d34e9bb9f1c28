"""Every sentence a reader of the site reads, with where it is written: the one reader of them.

Six kinds, from three kinds of file:

- `prose`: the prose of every page of docs/, read as `snippetkit.checks.claims` reads it (not fenced
  code, not an admonition's or a tab's title, not a directive): paragraphs, each item of a list, each
  cell of a table, the bodies of boxes, headings;
- `errata`: the text of every errata entry that its box and the errata page show (`title`, `wrong`,
  `fix`), where `where` is `errata.yml#<id>`;
- `comment`: the comments and docstrings of every snippet (each is shown on a page, or as an errata
  tab), a block of comment lines read as one paragraph; a solution's comments only where its starter lacks them
  (the page shows the two together), and never the lines that are syntax (`# --8<--`,
  `# expect-error:`, `# noqa`, `# type:`);
- `caption`: the label a snippet gives a figure (`num=` of `plt.subplots`/`plt.figure`), which
  becomes the figure's alt text;
- `message`: what an exercise's check says, the text of each `SystemExit(...)` and of each
  `print("ok: ...")` in a starter (a formatted value written `…`).

A paragraph is cut into sentences after `.`, `!` or `?` followed by white space and a capital, a
quote mark, `$`, `` ` `` or `(`; white space counts as one space. Lines are 1-based: a page's line,
the errata file's line of the field, the snippet's line. Each sentence carries its `context`, what
may bind a word of it to something named earlier: the sentences before it in its paragraph (a
later sentence's "the lab" is the lab named before), and for a heading (a page's, or a comment's
`# # Title`) the paragraph under it. The checks that bind sentences (`general`, `course`) all read
them here.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from snippetkit import DOCS_DIR, SNIPPETS_DIR, errata_data, markup
from snippetkit.checks.claims import prose_paragraphs
from snippetkit.model import discover

ERRATA_FIELDS = ("title", "wrong", "fix")
SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"$`(*\[])")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
SYNTAX_COMMENT = re.compile(r"^#\s*(?:-+8<-+|expect-error:|noqa\b|type:|mistake:|rejected with:|!)")
SOLUTION = "_solution"


@dataclass(frozen=True)
class Sentence:
    where: str  # "adam.md", "errata.yml#a-x", "snippets/adam/adam_intuition.py"
    line: int
    kind: str  # prose | errata | comment | caption | message
    text: str  # white space squashed
    context: str = ""  # the sentences before it in its paragraph; for a heading, the paragraph under it


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def split(text: str) -> list[str]:
    """The sentences of a paragraph (white space squashed)."""
    return [s for s in SPLIT.split(squash(text)) if s]


def _chunks(first: int, paragraph: str) -> Iterator[tuple[int, str]]:
    """A prose paragraph cut at list items and table rows: (line, text) pieces."""
    piece: list[str] = []
    start = first
    for n, line in enumerate(paragraph.split("\n")):
        if line.lstrip().startswith("|"):
            if piece:
                yield start, "\n".join(piece)
                piece = []
            cells = [c for c in line.strip().strip("|").split("|")]
            for cell in cells:
                if cell.strip() and not re.fullmatch(r"\s*:?-{3,}:?\s*", cell):
                    yield first + n, cell
            start = first + n + 1
            continue
        if LIST_ITEM.match(line) and piece:
            yield start, "\n".join(piece)
            piece, start = [], first + n
        if not piece:
            start = first + n
        piece.append(LIST_ITEM.sub("", line, count=1))
    if piece:
        yield start, "\n".join(piece)


def _paragraph(where: str, kind: str, pieces: Iterable[tuple[int, str]], context: str = "") -> list[Sentence]:
    """The sentences of one paragraph, given as (line, text) pieces, each with the sentences before it."""
    out: list[Sentence] = []
    before = [context] if context else []
    for line, piece in pieces:
        for sentence in split(piece):
            out.append(Sentence(where, line, kind, sentence, " ".join(before)))
            before.append(sentence)
    return out


def _with_headings(where: str, kind: str, paragraphs: list[tuple[int, str, bool]], pieces=None) -> list[Sentence]:
    """(line, text, is a heading) paragraphs -> sentences; a heading's context is the paragraph under it."""
    out: list[Sentence] = []
    for k, (line, text, heading) in enumerate(paragraphs):
        if heading:
            after = squash(paragraphs[k + 1][1]) if k + 1 < len(paragraphs) else ""
            out.append(Sentence(where, line, kind, squash(text), after))
        else:
            out += _paragraph(where, kind, pieces(line, text) if pieces else [(line, text)])
    return out


def page_sentences(name: str, text: str) -> list[Sentence]:
    return list(_page_sentences(name, text))


@lru_cache(maxsize=4096)  # `mkdocs serve` asks again after every edit; Sentence is frozen
def _page_sentences(name: str, text: str) -> tuple[Sentence, ...]:
    heading_lines = {h.line + 1 for h in markup.headings(text)}
    paragraphs = [(first, para, first in heading_lines) for first, para in prose_paragraphs(text)]
    return tuple(_with_headings(name, "prose", paragraphs, _chunks))


def errata_sentences(entries: Iterable[errata_data.Correction]) -> list[Sentence]:
    out = []
    for e in entries:
        for key in ERRATA_FIELDS:
            out += _paragraph(f"errata.yml#{e.id}", "errata", [(e.span(key)[0] or e.line, getattr(e, key))])
    return out


def _comment_blocks(source: str) -> Iterator[tuple[int, str, bool]]:
    """(first line, text, is a heading) of each block of consecutive comment lines; an inline comment
    alone; a markdown heading inside a comment (`# # Title`) alone, as a heading."""
    block: list[str] = []
    first = last = 0
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        row = tok.start[0]
        text = tok.string
        inline = bool(tok.line[:tok.start[1]].strip())
        heading = bool(re.match(r"^#+\s*#+\s", text)) and not inline
        body = re.sub(r"^#+\s?", "", text)
        body = re.sub(r"^#+\s", "", body)  # a markdown heading inside a comment: "# # Title"
        if SYNTAX_COMMENT.match(text) or re.match(r"^\s*noqa\b", body):
            continue
        if block and (inline or heading or row != last + 1 or not body.strip()):
            yield first, " ".join(block), False
            block = []
        if inline or heading:
            yield row, body, heading
            last = -2
            continue
        if body.strip():
            if not block:
                first = row
            block.append(body)
        last = row
    if block:
        yield first, " ".join(block), False


def _strings(node: ast.AST) -> str:
    """The text of a string expression: a constant, an f-string (`…` for each value), `+` of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _strings(node.left) + _strings(node.right)
    return ""


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    return (n for n in ast.walk(tree) if isinstance(n, ast.Call))


def _name(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def snippet_sentences(path: Path, snippets_dir: Path = SNIPPETS_DIR, skip: set[str] | frozenset = frozenset()
                      ) -> list[Sentence]:
    """Comments, figure captions and (in an exercise's starter) messages of one snippet; `skip`:
    sentences already read elsewhere (a solution's starter)."""
    where = f"snippets/{path.relative_to(snippets_dir).as_posix()}"
    starter = path.stem.startswith("ex_") and not path.stem.endswith(SOLUTION)
    return source_sentences(where, path.read_text(encoding="utf-8"), starter, skip)


def source_sentences(where: str, source: str, starter: bool = False, skip: set[str] | frozenset = frozenset()
                     ) -> list[Sentence]:
    """`snippet_sentences` of a program's text (`starter`: read its check's messages too); memoised
    in the process on its arguments (`mkdocs serve` asks again after every edit)."""
    return list(_source_sentences(where, source, starter, frozenset(skip)))


@lru_cache(maxsize=1 << 14)
def _source_sentences(where: str, source: str, starter: bool, skip: frozenset) -> tuple[Sentence, ...]:
    out = _with_headings(where, "comment", list(_comment_blocks(source)))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return tuple(s for s in out if s.text not in skip)
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            doc = ast.get_docstring(node, clean=True)
            if doc and node.body:
                out += _paragraph(where, "comment", [(node.body[0].lineno, doc)])
    for call in _calls(tree):
        for kw in call.keywords:
            if kw.arg == "num" and _name(call) in ("subplots", "figure"):
                out += [Sentence(where, call.lineno, "caption", s) for s in split(_strings(kw.value))]
        if starter and call.args:
            text = _strings(call.args[0])
            if _name(call) == "SystemExit" or (_name(call) == "print" and text.startswith("ok:")):
                out += [Sentence(where, call.lineno, "message", s) for s in split(text)]
    return tuple(s for s in out if s.text not in skip)


def site_sentences(docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR,
                   entries: Iterable[errata_data.Correction] | None = None) -> list[Sentence]:
    """Every sentence of the site, in the order pages, errata, snippets."""
    out: list[Sentence] = []
    for page in sorted(docs_dir.rglob("*.md")):
        out += page_sentences(page.relative_to(docs_dir).as_posix(), page.read_text(encoding="utf-8"))
    if entries is None and (docs_dir / "errata.yml").is_file():
        entries = errata_data.load(docs_dir / "errata.yml", snippets_dir).entries
    out += errata_sentences(entries or [])
    paths = discover(snippets_dir)
    starters = {p.with_name(p.stem.removesuffix(SOLUTION) + ".py") for p in paths if p.stem.endswith(SOLUTION)}
    read: dict[Path, set[str]] = {}
    for path in paths:
        skip: set[str] = set()
        if path.stem.endswith(SOLUTION):
            starter = path.with_name(path.stem.removesuffix(SOLUTION) + ".py")
            skip = read.get(starter) or {s.text for s in snippet_sentences(starter, snippets_dir)}
        found = snippet_sentences(path, snippets_dir, skip)
        if path in starters:
            read[path] = {s.text for s in found}
        out += found
    return out
