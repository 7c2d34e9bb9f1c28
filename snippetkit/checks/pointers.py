"""Pointer sentences: every "see …", "explained there", "below", "in the next chapter" leads somewhere.

A *pointer* is a sentence of a page's prose that sends the reader elsewhere on the site. Two kinds:

- a pointer to a **place** ("see …", "explained there", "the next chapter", "the next two
  sections", "its own chapter", a link whose text says "below" or "above", "[…] below", …) must
  carry a link, and every link of the sentence must lead to a page of the site and, with an anchor,
  to a heading of that page (its id as Python-Markdown's `toc` gives it). What the sentence says of
  the place must hold: "below" / "above" point to a heading of the same page after / before the
  sentence, "the next chapter" ("page") to the next page of the nav, "the previous chapter"
  ("page") to the one before;
- a pointer to a **program** or its output ("the program below", "the program above", "the table
  printed below") needs no link: an include block must follow it in its section, or come before
  it on the page.

Prose is what `markup` leaves outside fences, without inline code, math, HTML comments, tables,
admonition titles and quotations (the notes' words, such as Note A's "which we will cover next",
point into the notes). `problems(pages, order)` returns one line per broken pointer:
`page:line: what is wrong`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from snippetkit import markup

LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]*)\)")
VERB = (r"(?:explained|shown|taught|introduced|defined|described|measured|counted|derived|checked|"
        r"computed|listed|made precise|treated|covered|discussed|drawn|plotted|printed)")
PLACE = re.compile(
    r"(?:^|[(;:,]\s*)see\b|\bsee\s+\[|\bcf\.|"
    rf"\b{VERB}\s+(?:there|below|above|later|on the \w+ page|in the \w+ chapter|in (?:its|their) own chapter)\b|"
    r"\b(?:next|previous|following|later|earlier|last|other)\s+(?:chapters?|pages?)\b|"
    r"\b(?:next|previous|following)\s+(?:\w+\s+)?sections?\b|"
    r"\b(?:its|their) own chapter\b|\bthe chapter on\b|\bthe \w+ chapter\b",
    re.I)
PROGRAM = re.compile(r"\b(?:(?:the|this|each) programs? |printed )(?P<where>below|above)\b", re.I)
WORD_PLACE = re.compile(r"\b(below|above)\b", re.I)
NEXT = re.compile(r"\bnext\s+(?:chapter|page)\b", re.I)
PREVIOUS = re.compile(r"\bprevious\s+(?:chapter|page)\b", re.I)
MASKS = (
    (r"<!--.*?-->", re.S),
    (r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S),  # inline code
    (r"\$\$.+?\$\$", re.S),
    (r"(?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$", 0),
    (r"“[^”]*”", re.S),  # quotations
    (r'(?<![=(\w])"(?:[^"\n]|\n(?![ \t]*\n)){1,400}?"', 0),
    (r"^[ \t]*(?:!!!|\?\?\?\+?|===\+?).*$", re.M),  # admonition and tab markers with their titles
    (r"^[ \t]*!errata\b.*$", re.M),
    (r"^[ \t]*\|.*\|[ \t]*$", re.M),  # tables
)


@dataclass(frozen=True)
class Sentence:
    line: int  # 1-based line where it starts
    text: str  # prose, links kept


def _blank(m: re.Match) -> str:
    return re.sub(r"[^\n]", " ", m.group(0))


def prose(text: str) -> str:
    """The page with everything but prose blanked (offsets kept); links stay."""
    lines = text.split("\n")
    keep = set(markup.outside_fences(lines))
    out = "\n".join(line if k in keep else "" for k, line in enumerate(lines))
    for pattern, flags in MASKS:
        out = re.sub(pattern, _blank, out, flags=flags)
    return out


def sentences(text: str) -> list[Sentence]:
    """The sentences of a page's prose: paragraphs split after '.', '?' or '!' and a space."""
    masked = prose(text)
    found = []
    for para in re.finditer(r"(?:[^\n]*\S[^\n]*(?:\n|$))+", masked):
        body, start = para.group(0), para.start()
        for part in re.finditer(r"(?:[^.?!]|[.?!](?!\s))+[.?!]?", body):
            chunk = part.group(0)
            if chunk.strip():
                at = start + part.start() + len(chunk) - len(chunk.lstrip())
                found.append(Sentence(masked.count("\n", 0, at) + 1, " ".join(chunk.split())))
    return found


def _heading_lines(text: str) -> dict[str, int]:
    """Heading id -> its 1-based line."""
    return {h.id: h.line + 1 for h in markup.headings(text)}


def _named_link(sentence: str, phrase: re.Pattern, links: list[tuple[str, str, int]]) -> str | None:
    """The text of the link that a phrase such as "the next chapter" names: the link that contains
    it, else the first link after it."""
    m = phrase.search(sentence)
    if not m:
        return None
    inside = [t for t, _, _ in links if phrase.search(t)]
    after = [t for t, _, at in links if at >= m.start()]
    return (inside or after or [None])[0]


def _program_problems(where: str, s: Sentence, program: re.Match, includes: list[int], heads: list[int]):
    following = [h for h in heads if h > s.line]
    end = following[0] if following else float("inf")
    if program.group("where").lower() == "below" and not any(s.line < i < end for i in includes):
        yield f"{where}: \"{program.group(0)}\", and no program follows in this section"
    if program.group("where").lower() == "above" and not any(i < s.line for i in includes):
        yield f"{where}: \"{program.group(0)}\", and no program comes before it"


def problems(pages: Mapping[str, str], order: Sequence[str]) -> list[str]:
    """Broken pointers in `pages` (page -> markdown); `order` is the nav's order of the pages."""
    found = []
    anchors = {page: _heading_lines(text) for page, text in pages.items()}
    chapters = [p for p in order if p in pages]
    for page, text in pages.items():
        includes = [inc.start + 1 for inc in markup.find_includes(text)]
        heads = sorted(anchors[page].values())
        for s in sentences(text):
            where = f"{page}:{s.line}"
            links = [(m.group("text"), m.group("target"), m.start()) for m in LINK.finditer(s.text)]
            program = PROGRAM.search(s.text)
            if program and not links:
                found += _program_problems(where, s, program, includes, heads)
                continue
            place = PLACE.search(s.text)
            link_says = any(WORD_PLACE.search(t) for t, _, _ in links)
            after_link = re.search(r"\]\([^)]*\)\s*(below|above)\b", s.text)
            if not (place or link_says or after_link):
                continue
            if not links:
                found.append(f"{where}: a pointer (\"{place.group(0).strip()}\") without a link: {s.text[:90]}")
                continue
            named = {"next": _named_link(s.text, NEXT, links), "previous": _named_link(s.text, PREVIOUS, links)}
            for link_text, target, _ in links:
                found += _link_problems(where, page, s, link_text, target, pages, anchors, chapters, named)
    return found


def _link_problems(where, page, s, link_text, target, pages, anchors, chapters, named):
    if re.match(r"[a-z]+:", target):
        return  # another site
    file, _, anchor = target.partition("#")
    file = file or page
    if file not in pages:
        yield f"{where}: [{link_text}]({target}) leads to {file}, not a page of the site"
        return
    if anchor and anchor not in anchors[file]:
        yield f"{where}: [{link_text}]({target}): {file} has no heading #{anchor}"
        return
    direction = WORD_PLACE.search(link_text) or re.search(
        re.escape(f"[{link_text}]({target})") + r"\s*(below|above)\b", s.text)
    if direction and file == page and anchor:
        line = anchors[page][anchor]
        if direction.group(1).lower() == "below" and line < s.line:
            yield f"{where}: [{link_text}]({target}) says below, and the heading is above (line {line})"
        if direction.group(1).lower() == "above" and line > s.line:
            yield f"{where}: [{link_text}]({target}) says above, and the heading is below (line {line})"
    if page in chapters and file in chapters and file != page:
        k = chapters.index(page)
        if named["next"] == link_text and chapters.index(file) != k + 1:
            yield (f"{where}: \"the next chapter\" links to {file}, and the next page is "
                   f"{chapters[k + 1] if k + 1 < len(chapters) else 'none'}")
        if named["previous"] == link_text and chapters.index(file) != k - 1:
            yield (f"{where}: \"the previous page\" links to {file}, and the previous page is "
                   f"{chapters[k - 1] if k else 'none'}")
