"""The site's symbols: every symbol in the math of a page is listed on the notation page.

- A *symbol* is what a reader must know the meaning of in a formula: a letter ($x$, $J$), a letter
  with its decoration ($\\vec w$, $\\mathbf W$, $\\hat m$, $\\boldsymbol\\delta$), a Greek letter
  ($\\alpha$), and the course's two index notations, ${}^{[l]}$ (layer $l$) and ${}^{(i)}$ (example
  $i$). Not symbols: operators and functions with a fixed meaning (`\\frac`, `\\sum`, `\\log`,
  `\\max`, `\\partial`, ...), words set in `\\text{}` / `\\operatorname{}`, environment names, and
  numbers. A command this module does not know is a symbol, so that a new one gets listed.
- `symbols(math)` gives the symbols of one formula in order; with `scripts=False` it leaves out
  what stands in sub- and superscripts (so that the cell "$w_j$" defines $w$, not $j$), keeping the
  two index notations.
- The notation page holds two tables, each row a symbol as the course writes it: *the course's
  notation* (symbol | what it is | in code | first used: a link to the section of the first page,
  in the order of the nav, whose math uses it) and *symbols of one section* (symbol | what it is |
  where: a link to the section that defines it). `notation_rows(text)` reads both.
- `problems(pages, notation, shown)` is the check: every symbol of every page (with what its
  `!errata` lines show: correction boxes, lists, the errata page) is either in the course's table or
  in a row of the other table whose link is on that page; every row's symbol is used where its link points (its section,
  or the page when the link has no anchor); a course row's link is on the first page that uses the
  symbol; no row lists a symbol no page uses. Each problem names the page and line.

Nothing here imports TensorFlow; the math is found by the prose reader of `checks.numbers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from snippetkit import markup
from snippetkit.checks.numbers import _prose_and_math
from snippetkit.errata_data import DIRECTIVE

FIXED = set("""
frac tfrac dfrac sum prod log ln exp max min arg argmax argmin cdot times le ge leq geq ne neq approx to
infty partial left right big Big bigg Bigg qquad quad dots ldots cdots vdots ddots iff in mid lfloor
rfloor lceil rceil sqrt top odot leftarrow rightarrow Rightarrow lvert rvert vert lVert rVert pm mp
lim sim equiv propto prime circ tanh notin forall exists colon displaystyle textstyle scriptstyle
""".split())
"""Commands with one meaning everywhere: operators, functions, relations, spacing, delimiters."""
DECORATIONS = {"vec", "hat", "mathbf", "boldsymbol", "bar", "tilde", "mathcal", "bm"}
WORDS = re.compile(r"\\(?:text|textbf|textit|textrm|texttt|mathrm|mathtt|operatorname|begin|end)\s*\{[^{}]*\}")
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\S")
LAYER, EXAMPLE = "{}^{[l]}", "{}^{(i)}"
LAYER_INDEX = re.compile(r"\^\s*\{?\s*\[")
EXAMPLE_INDEX = re.compile(r"\^\s*\{?\s*\(")
LINK = re.compile(r"\[[^\]]*\]\((?P<page>[^)#\s]*\.md)?(?:#(?P<anchor>[^)\s]+))?\)")
ROW = re.compile(r"^\s*\|(?P<cells>.*)\|\s*$")


def _strip_scripts(math: str) -> str:
    """`math` without the contents of its sub- and superscripts."""
    out, i = [], 0
    while i < len(math):
        c = math[i]
        if c in "_^":
            j = i + 1
            while j < len(math) and math[j].isspace():
                j += 1
            if j < len(math) and math[j] == "{":
                depth = 0
                while j < len(math):
                    depth += {"{": 1, "}": -1}.get(math[j], 0)
                    j += 1
                    if depth == 0:
                        break
            elif j < len(math) and math[j] == "\\":
                m = re.match(r"\\[A-Za-z]+|\\.", math[j:])
                j += len(m.group(0)) if m else 1
            else:
                j += 1
            out.append(" ")
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def symbols(math: str, scripts: bool = True) -> list[str]:
    """The symbols of one formula, in order (repeats kept): `x`, `\\vec w`, `\\alpha`, `{}^{[l]}`."""
    math = WORDS.sub(" ", math)
    found = []
    if LAYER_INDEX.search(math):
        found.append(LAYER)
    if EXAMPLE_INDEX.search(math):
        found.append(EXAMPLE)
    if not scripts:
        math = _strip_scripts(math)
    tokens = TOKEN.findall(math)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        name = token[1:] if token.startswith("\\") else ""
        if name in DECORATIONS:
            j = i + 1
            if j < len(tokens) and tokens[j] == "{":
                k = tokens.index("}", j) if "}" in tokens[j:] else len(tokens)
                base, i = "".join(tokens[j + 1 : k]), k + 1
            else:
                base, i = (tokens[j] if j < len(tokens) else ""), j + 1
            if re.fullmatch(r"[A-Za-z]", base):
                found.append(f"{token} {base}")
            elif re.fullmatch(r"\\[A-Za-z]+", base):
                found.append(token + base)
            continue
        if len(name) > 1 and name not in FIXED:
            found.append(token)
        elif re.fullmatch(r"[A-Za-z]", token):
            found.append(token)
        i += 1
    return found


# ---- pages ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Use:
    symbol: str
    line: int  # 1-based
    section: str  # the id of the heading above it ("" before the first heading)


def math_symbols(markdown: str) -> list[str]:
    """The symbols of every formula in a markdown text's prose, each once, in order."""
    return list(dict.fromkeys(s for _, math in sorted(_prose_and_math(markdown)[1]) for s in symbols(math)))


def uses(text: str, shown: Callable[[str], str] | None = None) -> list[Use]:
    """Every symbol in the math of a page's prose, in page order, with its line and section.

    `shown(args)` gives the markdown that a line `!errata ARGS` puts on the page (a correction box,
    a list, the errata page): its symbols count as used on that line."""
    lines = text.split("\n")
    _, spans = _prose_and_math(text)
    at = [(text.count("\n", 0, offset), symbols(math)) for offset, math in spans]
    if shown is not None:
        for k in markup.outside_fences(lines):
            m = DIRECTIVE.match(lines[k])
            if m:
                at.append((k, math_symbols(shown(m.group("args") or ""))))
    heads = markup.headings(text)
    found = []
    for line, found_here in sorted(at, key=lambda pair: pair[0]):
        above = [h for h in heads if h.line <= line]
        section = above[-1].id if above else ""
        found += [Use(s, line + 1, section) for s in dict.fromkeys(found_here)]
    return found


def section_lines(text: str, anchor: str) -> range | None:
    """The lines (1-based) of the section under the heading with this id, to the next heading."""
    heads = markup.headings(text)
    for k, h in enumerate(heads):
        if h.id == anchor:
            end = heads[k + 1].line if k + 1 < len(heads) else text.count("\n") + 1
            return range(h.line + 1, end + 1)
    return None


def errata_shown(errata) -> Callable[[str], str]:
    """`shown` for `uses`: the markdown of the corrections that a line `!errata ARGS` renders (the
    site's own fields: title, what is wrong, the fix, the formula; not the notes' quotes)."""

    def entry(e) -> str:
        return "\n\n".join([e.title, e.wrong, e.fix] + ([f"$${e.formula}$$"] if e.formula else []))

    def shown(args: str) -> str:
        words = args.split()
        if words[:1] == ["page"]:
            return "\n\n".join(entry(e) for e in errata.entries)
        if words[:1] == ["list"] and len(words) == 2:
            return "\n\n".join(e.title for e in errata.on_page(words[1]))
        return entry(errata.get(words[0])) if len(words) == 1 else ""

    return shown


# ---- the notation page --------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    table: str  # "course" or "local"
    defines: tuple[str, ...]  # the symbols of its first cell, sub- and superscripts aside
    page: str  # where its link points
    anchor: str  # "" for the whole page
    line: int  # on the notation page, 1-based


def notation_rows(text: str, page: str = "notation.md") -> tuple[list[Row], list[str]]:
    """The rows of the notation page's two tables, and the problems of rows that cannot be read.

    A table belongs to the notes' notation when its header has a column "First used", to the
    symbols of one section when it has "Where"; the link is in that column."""
    rows, problems, kind, column = [], [], None, None
    for n, line in enumerate(text.split("\n"), start=1):
        m = ROW.match(line)
        if not m:
            kind = None
            continue
        cells = [c.strip() for c in m.group("cells").split("|")]
        if kind is None:
            header = [c.lower() for c in cells]
            kind = "course" if "first used" in header else "local" if "where" in header else "other"
            column = header.index("first used" if kind == "course" else "where") if kind != "other" else None
            continue
        if kind == "other" or set("".join(cells)) <= set("-: "):
            continue
        _, spans = _prose_and_math(cells[0])
        defines = tuple(dict.fromkeys(s for _, math in spans for s in symbols(math, scripts=False)))
        link = LINK.search(cells[column]) if column is not None and column < len(cells) else None
        if not defines or not link:
            problems.append(f"{page}:{n}: a row needs its symbol in math in the first cell and a link in "
                            f"the column {'First used' if kind == 'course' else 'Where'}")
            continue
        rows.append(Row(kind, defines, link.group("page") or page, link.group("anchor") or "", n))
    return rows, problems


# ---- the check ------------------------------------------------------------------------------------

def problems(pages: Mapping[str, str], notation: str, shown: Callable[[str], str] | None = None,
             notation_page: str = "notation.md") -> list[str]:
    """What is wrong: see the module's docstring. `pages` maps each page (in nav order) to its
    markdown; `shown` gives what an `!errata` line puts on a page (see `uses`)."""
    rows, found = notation_rows(notation, notation_page)
    course = {s for r in rows if r.table == "course" for s in r.defines}
    local = {(s, r.page) for r in rows if r.table == "local" for s in r.defines}
    used = {page: uses(text, shown) for page, text in pages.items() if page != notation_page}

    for page, page_uses in used.items():
        for u in page_uses:
            if u.symbol not in course and (u.symbol, page) not in local:
                found.append(f"{page}:{u.line}: ${u.symbol}$ is not on the notation page ({notation_page}): "
                             f"add it to the notes' notation, or to the symbols of one section with a "
                             f"link to where {page} defines it")

    first_page = {}
    for page, page_uses in used.items():
        for u in page_uses:
            first_page.setdefault(u.symbol, page)
    for r in rows:
        where = f"{notation_page}:{r.line}"
        if r.page not in used:
            found.append(f"{where}: its link points to {r.page}, not a page of the site")
            continue
        if r.anchor:
            lines = section_lines(pages[r.page], r.anchor)
            if lines is None:
                found.append(f"{where}: {r.page} has no heading #{r.anchor}")
                continue
            there = {u.symbol for u in used[r.page] if u.line in lines}
        else:
            there = {u.symbol for u in used[r.page]}
        for s in r.defines:
            if s not in first_page:
                found.append(f"{where}: ${s}$ is used on no page: remove it")
            elif s not in there:
                found.append(f"{where}: ${s}$ is not used in {r.page}{'#' + r.anchor if r.anchor else ''}")
            elif r.table == "course" and first_page[s] != r.page:
                found.append(f"{where}: ${s}$ is first used on {first_page[s]}, not {r.page}")
    return found
