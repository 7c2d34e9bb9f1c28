"""Sentences about the course: each one names the video or lab it reports, or is listed with a reason.

The notes summarise a course (Machine Learning Specialization, course 2, week 2), and the site
often says what the course's videos and labs do or use. Such a sentence is a fact about a source
the site does not contain, so it must say which source, in a form a reader can look up, and the
writer records that source's values once, in `docs/course-sources.yml`:

- a *source* entry: `cite` (the exact text a sentence uses to name it: a video's title in
  italics, `*Computation graph*`, or a lab's notebook name in code, `` `C2_W2_Relu` ``), `what`
  (which course, week, kind) and `values` (the values the site takes from it, as the source has
  them: the reference a reviewer checks the sentence against);
- an *allowed* entry: `where` (a page, `errata.yml#<id>`, or `snippets/<chapter>/<name>.py`, as
  `snippetkit.checks.sentences` names it), `text` (part of the sentence) and `reason`, for a
  sentence that mentions the course without reporting what it does.

What it promises (`course_problems`): every sentence that `snippetkit.checks.sentences` reads (the
pages' prose, headings included: a heading is bound by a cite in it or in the paragraph under it;
the errata entries' `title`, `wrong` and `fix`; the snippets' comments, docstrings, figure captions
and exercise messages) that says *course*, *lecture*, *lab*, *video* or *Andrew* (the words
outside inline code, link targets and attribute lists) contains the `cite`
of a source entry or matches an allowed entry; and every entry is used. A sentence that quotes
the notes needs no source: it does not say "course" (the quotations are checked word for word by
`snippetkit.checks.claims`). It cannot check that a sentence uses its source's values: the
`values` recorded beside each cite are for the reviewer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from snippetkit import DOCS_DIR, errata_data
from snippetkit.checks.claims import MASKED
from snippetkit.checks.sentences import Sentence, squash

SOURCES = DOCS_DIR / "course-sources.yml"
TRIGGER = re.compile(r"\b(?:course|courses|lecture|lectures|lab|labs|video|videos|andrew)\b", re.IGNORECASE)
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


def mentions(sentence: str) -> bool:
    """Whether the sentence says course, lecture, lab, video or Andrew, outside inline code, link
    targets, HTML tags and attribute lists."""
    return bool(TRIGGER.search(MASKED.sub(" ", sentence)))


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
    cites = {squash(s["cite"]): s for s in sources}
    used_cites, used_allowed, problems = set(), set(), []
    for s in sentences:
        if not mentions(s.text):
            continue
        named = [c for c in cites if c in s.text or c in s.context]
        if named:
            used_cites.update(named)
            continue
        allow = [k for k, a in enumerate(allowed) if a["where"] == s.where and squash(a["text"]) in s.text]
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
