"""Sentences about the course: each one names the video or lab it reports, or is listed with a reason.

The notes summarise a course (Machine Learning Specialization, course 2, week 2), and the site
often says what the course's videos and labs do or use. Such a sentence is a fact about a source
the site does not contain, so it must say which source, in a form a reader can look up, and the
writer records that source's values once, in `docs/course-sources.yml`:

- a *source* entry: `cite` (the exact text a sentence uses to name it: a video's title in
  italics, `*Computation graph*`, or a lab's notebook name in code, `` `C2_W2_Relu` ``), `what`
  (which course, week, kind) and `values` (the values the site takes from it, as the source has
  them: the reference a reviewer checks the sentence against);
- an *allowed* entry: `where` (a page, `errata.yml`, or a snippet path), `text` (part of the
  sentence) and `reason`, for a sentence that mentions the course without reporting what it does.

What it promises (`course_problems`): every sentence of the pages' prose (headings included: a
heading is bound by a cite in it or in the paragraph under it), of the errata entries' `title`,
`wrong` and `fix`, and of the snippets' comments, that says *course*, *lecture*, *lab*, *video*
or *Andrew* (the words outside inline code, link targets and attribute lists) contains the `cite`
of a source entry or matches an allowed entry; and every entry is used. A sentence that quotes
the notes needs no source: it does not say "course" (the quotations are checked word for word by
`snippetkit.checks.claims`). It cannot check that a sentence uses its source's values: the
`values` recorded beside each cite are for the reviewer.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from snippetkit import DOCS_DIR, errata_data, markup
from snippetkit.checks.claims import MASKED, _prose_paragraphs

SOURCES = DOCS_DIR / "course-sources.yml"
TRIGGER = re.compile(r"\b(?:course|courses|lecture|lectures|lab|labs|video|videos|andrew)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(`*$“\"\[])")
_TEXT = {"type": "string", "pattern": r"\S"}
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "oneOf": [
            {"required": ["cite", "what", "values"], "additionalProperties": False,
             "properties": {"cite": _TEXT, "what": _TEXT, "values": _TEXT}},
            {"required": ["where", "text", "reason"], "additionalProperties": False,
             "properties": {"where": _TEXT, "text": _TEXT, "reason": {"type": "string", "pattern": r"\S.{8,}\S"}}},
        ],
        "description": "an entry is a source {cite, what, values} or an allowed sentence {where, text, reason}",
    },
}


@dataclass(frozen=True)
class Sentence:
    where: str  # page, errata.yml#id or snippet path
    line: int
    text: str  # white space squashed
    context: str = ""  # the sentences before it in its paragraph; for a heading, the paragraph under it


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def split(text: str) -> list[str]:
    """A paragraph's sentences (white space squashed)."""
    return [s for s in SENTENCE_END.split(_squash(text)) if s]


def mentions(sentence: str) -> bool:
    """Whether the sentence says course, lecture, lab, video or Andrew, outside inline code, link
    targets, HTML tags and attribute lists."""
    return bool(TRIGGER.search(MASKED.sub(" ", sentence)))


def _sentences(where: str, paragraphs: list[tuple[int, str, bool]]) -> list[Sentence]:
    """(line, text, is a heading) paragraphs -> sentences, each with what may bind it: the
    sentences before it in its paragraph (a later sentence's "the lab" is the lab named before),
    and for a heading the paragraph under it."""
    found = []
    for k, (line, text, heading) in enumerate(paragraphs):
        if heading:
            after = paragraphs[k + 1][1] if k + 1 < len(paragraphs) else ""
            found.append(Sentence(where, line, _squash(text), _squash(after)))
            continue
        before: list[str] = []
        for sentence in split(text):
            found.append(Sentence(where, line, sentence, " ".join(before)))
            before.append(sentence)
    return found


def page_sentences(where: str, text: str) -> list[Sentence]:
    heading_lines = {h.line + 1 for h in markup.headings(text)}
    return _sentences(where, [(line, para, line in heading_lines) for line, para in _prose_paragraphs(text)])


def comment_sentences(where: str, source: str) -> list[Sentence]:
    """The sentences of a program's comments: runs of whole-line comments are paragraphs (an empty
    comment line ends one; `# # Title` is a heading), a comment after code is one; `# expect-error:`,
    `# --8<--` and `# noqa` lines are syntax."""
    paragraphs: list[tuple[int, str, bool]] = []
    open_line = -2  # the line of the last whole-line comment of the paragraph being read
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        heading = bool(re.match(r"^#+\s*#", tok.string))
        body = re.sub(r"^#+\s*(?:#+\s*)?", "", tok.string).strip()
        whole_line = not tok.line[: tok.start[1]].strip()
        if not body or body.startswith(("expect-error:", "--8<--", "noqa")):
            open_line = -2
            continue
        if whole_line and not heading and open_line == tok.start[0] - 1 and not paragraphs[-1][2]:
            line, text, _ = paragraphs[-1]
            paragraphs[-1] = (line, f"{text} {body}", False)
        else:
            paragraphs.append((tok.start[0], body, heading))
        open_line = tok.start[0] if whole_line and not heading else -2
    return _sentences(where, paragraphs)


def errata_sentences(entries) -> list[Sentence]:
    found = []
    for e in entries:
        for key in ("title", "wrong", "fix"):
            found += _sentences(f"errata.yml#{e.id}", [(e.span(key)[0] or e.line, getattr(e, key), False)])
    return found


def load(path: Path = SOURCES) -> tuple[list[dict], list[dict], list[str]]:
    """(sources, allowed, problems) of the registry file."""
    shown = str(path.name)
    try:
        located = errata_data.read_list(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [], [], [f"{shown}: cannot read the course sources: {exc}"]
    problems = [str(p) for p in errata_data.schema_problems(located, SCHEMA, shown)]
    if problems:
        return [], [], problems
    sources = [e for e in located.items if "cite" in e]
    allowed = [e for e in located.items if "where" in e]
    return sources, allowed, []


def course_problems(sentences: Iterable[Sentence], sources: list[dict], allowed: list[dict]) -> list[str]:
    """A problem per sentence about the course that names no source and is not allowed; and per
    entry that no sentence uses."""
    cites = {_squash(s["cite"]): s for s in sources}
    used_cites, used_allowed, problems = set(), set(), []
    for s in sentences:
        if not mentions(s.text):
            continue
        named = [c for c in cites if c in s.text or c in s.context]
        if named:
            used_cites.update(named)
            continue
        allow = [k for k, a in enumerate(allowed) if a["where"] == s.where and _squash(a["text"]) in s.text]
        if allow:
            used_allowed.update(allow)
            continue
        problems.append(f"{s.where}:{s.line}: {s.text!r} says what the course does or uses but names no source: "
                        "name the video (*Title*) or the lab (`C2_...`) as docs/course-sources.yml cites it, and "
                        "use its values (saying where the site changes one), or quote the notes")
    problems += [f"docs/course-sources.yml: the source {c!r} is cited by no sentence: remove it"
                 for c in cites if c not in used_cites]
    problems += [f"docs/course-sources.yml: the allowed sentence {a['text']!r} ({a['where']}) is not there "
                 "(any more): remove it" for k, a in enumerate(allowed) if k not in used_allowed]
    return problems


def site_sentences(pages: Mapping[str, str], entries, snippets: Mapping[str, str]) -> list[Sentence]:
    """Every sentence the check reads: `pages` (name -> markdown), errata `entries`, and `snippets`
    (path under snippets/ -> source)."""
    found = [s for name, text in pages.items() for s in page_sentences(name, text)]
    found += errata_sentences(entries)
    found += [s for path, source in snippets.items() for s in comment_sentences(path, source)]
    return found
