"""Claims in the prose that are not numbers: quotations of the notes, and where correction boxes stand.

What it promises:

- `quotations(text)`: every passage in double quotes ("..." or “...”) in a page's prose, with its
  line. Prose is what a reader reads as text: not fenced code, not inline code, not the title of an
  admonition or a content tab, not an HTML tag or an attribute list. A quotation may run over a line
  break.
- `check_quotes(pages, notes, allowed)`: each quotation is the notes' own words: found in one note,
  character for character (runs of white space count as one space, as Markdown renders them), where
  `…` (or `...`) marks words left out: the parts are found in that order in the same note. A
  quotation that is not of the notes (a term, a phrase of the site's own) is listed with its reason
  in `docs/quotes-allowlist.yml`. Each problem names page:line and the quotation.
- `box_problems(text)`: where correction boxes (`!errata ID` lines) stand in a lesson. Outside a
  section about the notes' errors (a heading with the class `.notes-errors`, and every heading under
  it), no more than `MAX_BOXES_IN_A_ROW` boxes in a row (separated by nothing but blank lines), no
  box before a section's first sentence, and no box between two numbered steps of a procedure
  (**Step N** paragraphs or items of a numbered list).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from snippetkit import markup
from snippetkit.errata_data import DIRECTIVE

MAX_BOXES_IN_A_ROW = 2
ERRORS_SECTION_CLASS = "notes-errors"
STEP = re.compile(r"^[ \t]*(?:\*\*Step (?P<bold>\d+)\b|(?P<item>\d+)\.[ \t])")
# Lines whose quotes are syntax, not prose: admonition and tab titles, directives, includes.
SYNTAX_LINE = re.compile(r"^[ \t]*(?:[!?]{3}\+?[ \t]|={3}[ \t]|!errata\b|-+8<-+|\{)")
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
# Spans inside which a double quote is syntax: inline code, HTML tags, attribute lists, link targets.
MASKED = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)|<[^<>\n]*>|\{\s*[:#.][^{}\n]*\}|\]\([^()\n]*\)")
QUOTE = re.compile(r'"(?P<a>[^"]+?)"|“(?P<b>[^”]+?)”')


@dataclass(frozen=True)
class Quotation:
    line: int  # 1-based line of the opening quote mark
    text: str


def _prose_paragraphs(text: str) -> Iterable[tuple[int, str]]:
    """(first line, text) of each run of prose lines: fenced code and syntax lines removed."""
    lines = text.splitlines()
    prose_lines = set(markup.outside_fences(lines))
    heading_at = {h.line: h for h in markup.headings(text)}
    para, first = [], 0
    for i, line in enumerate(lines):
        prose = i in prose_lines and line.strip() and not SYNTAX_LINE.match(line) and i not in heading_at
        if prose:
            if not para:
                first = i + 1
            para.append(line)
        elif para:
            yield first, "\n".join(para)
            para = []
        if i in heading_at:
            yield i + 1, line.lstrip("#").strip()
    if para:
        yield first, "\n".join(para)


prose_paragraphs = _prose_paragraphs
"""(first line, text) of each run of a page's prose: the one reader of prose (`snippetkit.checks.sentences` too)."""


def quotations(text: str) -> list[Quotation]:
    """Every passage in double quotes in the prose of a page, in order."""
    found = []
    for first, para in _prose_paragraphs(text):
        masked = MASKED.sub(lambda m: re.sub(r'["“”]', "\0", m.group(0)), para)
        for m in QUOTE.finditer(masked):
            start, end = m.span("a") if m.group("a") is not None else m.span("b")
            found.append(Quotation(first + para.count("\n", 0, m.start()), para[start:end]))
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def in_note(quote: str, note: str) -> bool:
    """The quotation's parts (split at an ellipsis) occur in this order in the note."""
    note, at = _squash(note), 0
    for part in ELLIPSIS.split(_squash(quote)):
        if not part:
            continue
        found = note.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def check_quotes(pages: Mapping[str, str], notes: Mapping[str, str],
                 allowed: Iterable[tuple[str, str]] = ()) -> list[str]:
    """A problem per quotation that is neither in a note nor allowed; and per allowed one unused."""
    allowed = {(page, _squash(text)) for page, text in allowed}
    used, problems = set(), []
    for page, text in pages.items():
        for q in quotations(text):
            key = (page, _squash(q.text))
            if key in allowed:
                used.add(key)
            elif not any(in_note(q.text, note) for note in notes.values()):
                problems.append(f'{page}:{q.line}: "{_squash(q.text)}" is in neither note word for word; quote the '
                                f"note exactly (mark left-out words with …), or list it in "
                                f"docs/quotes-allowlist.yml with the reason it is not a quotation of the notes")
    for page, text in sorted(allowed - used):
        problems.append(f'docs/quotes-allowlist.yml: "{text}" is not quoted on {page} (any more): remove it')
    return problems


def _is_box(line: str) -> bool:
    """`!errata ID`: one correction box (not a list or the errata page)."""
    m = DIRECTIVE.match(line)
    words = (m.group("args") or "").split() if m else []
    return len(words) == 1 and words[0] not in ("list", "page")


def _is_errors_section(heading_line: str) -> bool:
    attrs = re.search(r"\{([^{}]*)\}\s*$", heading_line)
    return bool(attrs and f".{ERRORS_SECTION_CLASS}" in attrs.group(1).split())


def box_problems(text: str, page: str = "page") -> list[str]:
    """Correction boxes that interrupt a lesson (see the module's docstring)."""
    lines = text.splitlines()
    prose_lines = set(markup.outside_fences(lines))
    heading_at = {h.line: h for h in markup.headings(text)}
    problems = []
    errors_level = None  # the level of the enclosing notes-errors heading, if any
    last_block = "heading"  # the last non-blank line before a run of boxes: heading | text
    last_step = None  # the number of the last step of a procedure seen in this section
    run: list[int] = []

    def close_run(next_line: str | None) -> None:
        nonlocal run
        if run and errors_level is None:
            where = f"{page}:{run[0] + 1}"
            if len(run) > MAX_BOXES_IN_A_ROW:
                problems.append(f"{where}: {len(run)} correction boxes in a row (at most {MAX_BOXES_IN_A_ROW} "
                                "outside a section about the notes' errors)")
            if run_after == "heading":
                problems.append(f"{where}: a correction box before the section's first sentence")
            nxt = STEP.match(next_line or "")
            if nxt and last_step is not None \
                    and int(nxt.group("bold") or nxt.group("item")) == last_step + 1:
                problems.append(f"{where}: a correction box between step {last_step} and step {last_step + 1}")
        run = []

    run_after = last_block
    for i, line in enumerate(lines):
        if i not in prose_lines or not line.strip():
            continue
        if _is_box(line):
            if not run:
                run_after = last_block
            run.append(i)
            continue
        close_run(line)
        heading = heading_at.get(i)
        if heading:
            level = heading.level
            if errors_level is not None and level <= errors_level:
                errors_level = None
            if errors_level is None and _is_errors_section(line):
                errors_level = level
            last_block, last_step = "heading", None
            continue
        step = STEP.match(line)
        if step:
            last_step = int(step.group("bold") or step.group("item"))
        last_block = "text"
    close_run(None)
    return problems


# ------------------------------------------------------------------------------ errata: fair and proven

ADDITION_OPENS = "More precisely"
SOURCE_OPENS = "In its place"
PROVEN_KINDS = ("code", "math", "tensorflow", "ml")
"""Kinds of error a program can show false: each such error names the printed line that shows it."""
SOURCE_KINDS = ("figure",)
"""Kinds of entry about the source, not its content (a file that did not come with the text)."""


def errata_problems(entries, notes: Mapping[str, str], stdout_of) -> list[str]:
    """What makes a correction unfair or unproven. `entries`: the errata entries (`snippetkit.errata_data`);
    `notes`: note letter -> its text (empty: quotations not checked); `stdout_of(snippet)`: what the
    snippet printed (its cached output; for a snippet that fails on purpose, with the error it
    raised), or None when it has not run.

    - every entry is an `error`, an `addition` or a note about the `source`; an addition's `fix`
      opens with "More precisely"; an entry of a kind in SOURCE_KINDS (a missing figure) is a note
      about the source and no other entry is, and its `fix` opens with "In its place";
    - every error of a kind in PROVEN_KINDS has `evidence`, and each evidence line is the text of
      a line the snippet printed (its `shows` sentence is required by the schema); an addition or
      a note about the source has none (there is nothing false to show);
    - an entry with a failing `original` shows the note's own lines (`note_code`, verbatim in its
      note) and says in one line what the reproduction adds (`reproduction`)."""
    problems = []
    for e in entries:
        where = f"docs/errata.yml: {e.id}"
        if e.nature not in ("error", "addition", "source"):
            problems.append(f"{where}: nature must be 'error', 'addition' or 'source'")
            continue
        if (e.kind in SOURCE_KINDS) != (e.nature == "source"):
            problems.append(f"{where}: an entry of kind {', '.join(SOURCE_KINDS)} and only such an entry is a note "
                            "about the source (nature: source), not an error of the note's content")
        if e.nature == "source" and e.evidence:
            problems.append(f"{where}: a note about the source has no `evidence` (it accuses the note of nothing)")
        if e.nature == "source" and not e.fix.startswith(SOURCE_OPENS):
            problems.append(f"{where}: a note about the source's `fix` opens with {SOURCE_OPENS!r}: what the site "
                            "puts in the missing file's place")
        if e.nature == "error" and e.kind in PROVEN_KINDS and not e.evidence:
            problems.append(f"{where}: an error of kind {e.kind} needs `evidence`: the line a snippet prints "
                            "that shows the note's statement false (or it is an addition)")
        if e.nature == "addition" and e.evidence:
            problems.append(f"{where}: an addition has no `evidence` (nothing in the note is false)")
        if e.nature == "addition" and not e.fix.startswith(ADDITION_OPENS):
            problems.append(f"{where}: an addition's `fix` opens with {ADDITION_OPENS!r}: the note is right, "
                            "the site says more")
        for ev in e.evidence:
            snippet, line = ev.snippet, ev.line
            out = stdout_of(snippet)
            if out is None:
                problems.append(f"{where}: evidence: snippets/{snippet} has no cached output (run `make snippets`)")
            elif not any(line.strip() and line.strip() in printed for printed in out.splitlines()):
                problems.append(f"{where}: evidence: snippets/{snippet} prints no line containing {line!r}")
        if e.original:
            if not e.note_code.strip():
                problems.append(f"{where}: an entry with an `original` shows the note's own lines (`note_code`)")
            elif notes and e.note_code.rstrip("\n") not in notes.get(e.note, ""):
                problems.append(f"{where}: note_code is not verbatim in Note {e.note}")
            if not e.reproduction.strip():
                problems.append(f"{where}: an entry with an `original` says what the reproduction adds "
                                "(`reproduction`)")
    return problems
