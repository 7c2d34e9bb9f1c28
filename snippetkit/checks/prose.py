"""Bound numbers: every number a page's prose states must come from a snippet on that page.

Why a checker and not references. A reference syntax (prose writes `{{ out:digits01:accuracy }}`
and the build fills in the cached value) cannot drift, but it makes the markdown unreadable as
text, needs a labelled line in every program for every number, and cannot bind the numbers that
prose derives from its inputs ("$64 \\cdot 25 + 25 = 1625$", "at least 99 %"). A checker keeps
the prose as written, finds *every* number in it, and fails the test suite on the first one that
no program vouches for: a typo, a value left behind when a snippet changed, a number nobody
computed. It runs without TensorFlow, in well under a second for the whole site.

What counts as a number. Prose is the page's markdown minus what is not prose: code fences
(include blocks among them), inline code, link targets and reference definitions, HTML tags and
comments, attribute lists and heading anchors (`{ #id .class }`), footnote markers, ordered-list
markers, the markers of admonitions and content tabs (their titles are prose), and *quotations*
("…" or “…”), which report what the original notes wrote, not what the site claims. In math,
sub- and superscripts (indices such as $x^{(i)}$, $a^{[l]}$, $\\sum_{i=1}$) are skipped, except a
power of ten ($10^{-6}$, $2.5 \\cdot 10^{-3}$), which is one number. Forms understood: `0.1192`,
`−0.5` / `-0.5` (a sign only when attached and not part of a range or a word), `1,797`, `1e-7`,
`99 %` (which also reads as 0.99), `3×` / `3x`, `½` and the other vulgar fractions, versions
`2.16.1`. A digit run glued to a word (`float32`, `Conv1D`, `x86_64`, `2nd`) is a name, not a
number; `8×8` is two numbers.

When a number is bound. A prose number `p` written with `d` decimals is bound when

- some number `o` printed by a snippet included on the page (its cached stdout) satisfies
  `|o - p| <= 0.5 * 10**-d` (in scientific notation: half a unit of the last written digit), that
  is, `p` is `o` rounded to the prose's precision: "0.1192" binds to a printed "0.119203" but
  "0.12" does not bind to a printed "0.1192"... unless it is the same value rounded, which it is
  (0.1192 rounded to 2 decimals is 0.12); "0.1193" binds to neither; or
- it equals, exactly, a numeric literal in the source of such a snippet (a constant the program
  states: `epochs=30`, `atol=1e-6`; comments are not constants); or
- an entry of the allowlist (`docs/numbers-allowlist.yml`) names it for this page or for every
  page ("*"), optionally only on lines containing a `context` string, and gives a reason.

An unsigned prose number binds to a value of either sign ("the loss falls by 0.25"); a signed
one only to a value of that sign. A percentage binds as written or divided by 100. A version
binds only to the same text.

API: `check_text(text, page=..., snippets=..., entries=...)` checks any markdown (a page, or text
another generator renders, such as errata entries); `scan_text` returns every number with its
status; `check_site()` runs over every page of `docs/` and every entry of `docs/errata.yml` (whose
`title`, `wrong`, `fix` and `formula` the errata extension renders into the pages; allowlist page
"errata.yml#<id>"; not `quote` and `section`, the notes' own words) with the cache and the allowlist.
Nothing here imports TensorFlow.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

ALLOWLIST_NAME = "numbers-allowlist.yml"
ALLOWLIST_KEYS = {"number", "page", "reason", "context"}

FRACTIONS = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅛": "1/8",
             "⅜": "3/8", "⅝": "5/8", "⅞": "7/8", "⅙": "1/6", "⅚": "5/6", "⅒": "1/10"}

# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class Value:
    """A number as written: its value and half a unit of its last written digit."""

    value: Decimal
    half_unit: Decimal
    signed: bool = False
    exact: bool = False  # an integer stated without "about": a printed value must equal it


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("_", "").replace("−", "-"))


def _half_unit(mantissa: str, exponent: int = 0) -> Decimal:
    mantissa = mantissa.replace(",", "")
    decimals = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
    return Decimal(5).scaleb(-decimals - 1 + exponent)


@dataclass
class Number:
    """One number found in prose."""

    text: str  # as written, e.g. "99 %", "1,797", "10^{-6}"
    canonical: str  # for the allowlist: "99%", "1797", "1e-6"
    line: int
    column: int
    values: tuple[Value, ...]  # what it may mean (a percentage: two)
    version: bool = False
    in_math: bool = False


@dataclass
class Finding:
    """A number and what binds it: "output" / "source" / "allowlist" / None (unbound)."""

    page: str
    number: Number
    bound_by: str | None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.bound_by is not None


@dataclass
class Problem:
    """A number nothing vouches for, or a bad allowlist entry."""

    page: str
    line: int
    number: str
    message: str

    def __str__(self) -> str:
        where = f"{self.page}:{self.line}" if self.line else self.page
        return f"{where}: {self.number}: {self.message}" if self.number else f"{where}: {self.message}"


# ---------------------------------------------------------------------------------------------
# Masking: blank out what is not prose, keeping every offset (so lines and columns stay true)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def _mask(text: str, pattern: str | re.Pattern, flags: int = 0, group: int = 0) -> str:
    regex = re.compile(pattern, flags) if isinstance(pattern, str) else pattern

    def repl(m: re.Match) -> str:
        if group == 0:
            return _blank(m.group(0))
        s, e = m.span(group)
        if s < 0:
            return m.group(0)
        base = m.start(0)
        whole = m.group(0)
        return whole[: s - base] + _blank(whole[s - base : e - base]) + whole[e - base :]

    return regex.sub(repl, text)


def _fences(lines: list[str]) -> Iterable[tuple[int, int]]:
    """(first, last) line indices of every fenced block, fences included."""
    from snippetkit.pages.outputs import fenced_blocks

    for first, last in fenced_blocks(lines):
        yield first, min(last, len(lines) - 1)


def included_snippets(text: str, snippets_dir: Path | None = None) -> list[str]:
    """The snippet paths (under snippets/, e.g. "training/digits01.py") that the markdown includes,
    in page order, each once; a selection (`name.py:section`) counts as the whole snippet. Read
    with pymdownx.snippets' own grammar (snippetkit.markdown_ext)."""
    from snippetkit.pages.outputs import find_includes, snippet_grammar

    grammar = snippet_grammar(str(snippets_dir)) if snippets_dir else None
    return list(dict.fromkeys(t.path for inc in find_includes(text, grammar) for t in inc.targets))


MATH_DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.S)
MATH_INLINE = re.compile(
    r"(?<![\\$])\$(?![\s$])((?:[^$\\\n]|\\.|\n(?![ \t]*\n))+?)(?<![\s\\])\$(?!\d)|\\\((.+?)\\\)", re.S)


def _prose_and_math(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with everything but prose blanked, and the math spans as (offset, content)."""
    lines = text.split("\n")
    for first, last in _fences(lines):
        for k in range(first, last + 1):
            lines[k] = _blank(lines[k])
    out = "\n".join(lines)
    out = _mask(out, r"<!--.*?-->", re.S)
    out = _mask(out, r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
    math: list[tuple[int, str]] = []
    for regex in (MATH_DISPLAY, MATH_INLINE):
        def keep(m: re.Match) -> str:
            g = 1 if m.group(1) is not None else 2
            math.append((m.start(g), m.group(g)))
            return _blank(m.group(0))
        out = regex.sub(keep, out)
    out = _mask(out, r"^[ \t]*\[[^\]\n]+\]:[ \t]*\S.*$", re.M)  # reference definitions
    out = _mask(out, r"\]\(([^)\n]*)\)", group=0)  # link targets (and the brackets)
    out = _mask(out, r"\]\[[^\]\n]*\]")  # reference links' labels
    out = _mask(out, r"<(?:https?://|mailto:)[^>\s]+>")
    out = _mask(out, r"https?://\S+")
    out = _mask(out, r"</?[A-Za-z][^>\n]*>")  # HTML tags and their attributes
    out = _mask(out, r"\{[^{}\n]*\}")  # attribute lists, heading anchors
    out = _mask(out, r"\[\^[^\]\n]*\]")  # footnote markers
    out = _mask(out, r"^[ \t]*-+8<-+.*$", re.M)  # block includes outside fences
    out = _mask(out, r"^[ \t]*!errata\b.*$", re.M)  # errata directives (their entries are checked apart)
    # Admonitions, collapsibles and tabs: the marker and the title's quotes go, the title stays.
    out = _mask(out, r"^[ \t]*(?:!!!|\?\?\?\+?|===\+?)[ \t]*[\w-]*(?:[ \t]+[\w-]+)*", re.M)
    out = _admonition_titles(text, out)
    out = _mask(out, r"^[ \t]*(?:>[ \t]*)*\d+[.)](?=[ \t])", re.M)  # ordered-list markers
    out = _mask(out, r":[a-z0-9]+(?:-[a-z0-9]+)+:")  # emoji shortcodes
    # Quotations: what the notes wrote. Straight quotes only within a paragraph.
    out = _mask(out, r"“[^”]*”", re.S)
    out = _mask(out, r'"(?:[^"\n]|\n(?![ \t]*\n)){0,400}?"')
    return out, math


ADMONITION_TITLE = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?|===\+?)[^"\n]*(")(.*)(")[ \t]*$', re.M)


def _admonition_titles(original: str, masked: str) -> str:
    """Blank the straight quotes around admonition and tab titles (so the title is prose)."""
    chars = list(masked)
    for m in ADMONITION_TITLE.finditer(original):
        for g in (1, 3):
            chars[m.start(g)] = " "
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# Numbers in prose and in math

NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
PROSE_NUMBER = re.compile(
    rf"(?P<sign>[-−+])?(?P<num>{NUM})(?P<exp>[eE][-+−]?\d+)?"
    r"(?P<version>(?:\.\d+)+)?"
    r"(?P<pct>[ \u00a0\u202f]?%)?(?P<times>×|x(?![A-Za-z0-9_]))?"
    r"|(?P<frac>[½⅓⅔¼¾⅕⅛⅜⅝⅞⅙⅚⅒])"
)
APPROX = re.compile(r"(?:about|around|roughly|nearly|almost|approximately|≈|\\approx|~|\\sim)\W*$", re.I)
POWER_OF_TEN = re.compile(
    rf"(?:(?P<a>{NUM})\s*(?:\\cdot|\\times|×|\\,)\s*)?10\s*\^\s*(?:\{{\s*(?P<e1>[-+−]?\s*\d+)\s*\}}|(?P<e2>\d))"
)


def _number_at(m: re.Match, text: str, line: int, column: int, in_math: bool) -> Number | None:
    start, end = m.span()
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if m.group("frac"):
        num, den = FRACTIONS[m.group("frac")].split("/")
        value = Decimal(num) / Decimal(den)
        return Number(m.group(0), m.group(0), line, column, (Value(value, Decimal("0.0005")),), in_math=in_math)
    sign = m.group("sign") or ""
    if sign:
        # A sign only where a number may start: not after a digit, a letter or a closing bracket
        # (a range "0-9", a word "T-shirt", "x-1"), and glued to the digits.
        if before.isalnum() or before in "_)]}." or (sign == "-" and before == "-"):
            sign = ""
            start += 1
            before = text[start - 1]
    if before.isalpha() or before in "_\\" or (before == "." and start > 1 and text[start - 2].isalnum()):
        return None  # part of a name: float32, tf.keras, x86_64, \frac
    if after.isalpha() or after == "_":
        if not (m.group("times") or m.group("pct")):
            return None  # 2nd, 1D, 64bit
    if m.group("times") and after.isalnum():
        return None
    written = text[start:end]
    number = m.group("num")
    if m.group("version"):
        canonical = number + m.group("version")
        return Number(written, canonical, line, column + (start - m.start()), (), version=True, in_math=in_math)
    exponent = 0
    if m.group("exp"):
        exponent = int(m.group("exp")[1:].replace("−", "-"))
    try:
        value = _decimal(number).scaleb(exponent)
    except InvalidOperation:
        return None
    if sign in "-−" and sign:
        value = -value
    half = _half_unit(number, exponent)
    exact = ("." not in number and not m.group("exp") and not m.group("pct") and not m.group("times")
             and not APPROX.search(text[max(0, start - 16) : start]))
    values = [Value(value, half, bool(sign), exact)]
    canonical = (("-" if sign in "-−" and sign else "") + number.replace(",", "")
                 + (m.group("exp") or "").replace("−", "-"))
    if m.group("pct"):
        values.append(Value(value / 100, half / 100, bool(sign)))
        canonical += "%"
    return Number(written, canonical, line, column + (start - m.start()), tuple(values), in_math=in_math)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _math_numbers(content: str, offset: int, text: str) -> list[Number]:
    found: list[Number] = []
    body = content.replace("{,}", ",").replace("\\!", "").replace("−", "-")
    chars = list(body)

    def take(s: int, e: int) -> None:
        for k in range(s, e):
            if chars[k] != "\n":
                chars[k] = " "

    for m in POWER_OF_TEN.finditer(body):
        exp = int((m.group("e1") or m.group("e2")).replace(" ", "").replace("−", "-"))
        a = m.group("a")
        value = (_decimal(a) if a else Decimal(1)).scaleb(exp)
        half = _half_unit(a, exp) if a else Decimal(5).scaleb(exp - 1)
        canonical = f"{a or 1}e{exp}"
        line, col = _line_col(text, offset + m.start())
        found.append(Number(m.group(0), canonical, line, col, (Value(value, half),), in_math=True))
        take(*m.span())
    masked = "".join(chars)
    # \frac14 is \frac{1}{4}: two numbers (formula constants), not "14".
    masked = re.sub(r"\\[dt]?frac\s*(\d)\s*(\d)",
                    lambda m: " " * (len(m.group(0)) - 3) + m.group(1) + " " + m.group(2), masked)
    # Sub- and superscripts are indices and exponents of formulas, not stated values.
    masked = _mask(masked, r"[_^]\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?[A-Za-z]+|\d)")
    masked = _mask(masked, r"\\[A-Za-z]+")  # commands: \frac, \log, \sqrt, \cdot
    masked = _mask(masked, r"\\begin\{[^}]*\}|\\end\{[^}]*\}")
    for m in PROSE_NUMBER.finditer(masked):
        line, col = _line_col(text, offset + m.start())
        n = _number_at(m, masked, line, col, in_math=True)
        if n is not None:
            n.column = _line_col(text, offset + m.start())[1]
            found.append(n)
    return found


def numbers_in(text: str) -> list[Number]:
    """Every number the prose of a markdown text states, in order, with its line and column."""
    prose, math = _prose_and_math(text)
    found = []
    for m in PROSE_NUMBER.finditer(prose):
        line, col = _line_col(text, m.start())
        n = _number_at(m, prose, line, col, in_math=False)
        if n is not None:
            found.append(n)
    for offset, content in math:
        found.extend(_math_numbers(content, offset, text))
    found.sort(key=lambda n: (n.line, n.column))
    return found


# ---------------------------------------------------------------------------------------------
# What binds: outputs, constants, the allowlist

OUTPUT_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def output_values(stdout: str) -> list[Decimal]:
    """Every number printed: "1,797" counts as 1797 and as 1 and 797; "99.2%" as 99.2."""
    values = []
    for m in OUTPUT_NUMBER.finditer(stdout):
        try:
            values.append(Decimal(m.group(0)))
        except InvalidOperation:
            pass
    for m in re.finditer(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?", stdout):
        values.append(_decimal(m.group(0)))
    for m in re.finditer(r"(?<=[A-Za-z_])\d+(?:\.\d+)?", stdout):  # dense_1, float32 (printed)
        values.append(Decimal(m.group(0)))
    return values


def source_constants(source: str) -> list[Decimal]:
    """Every numeric literal of a Python source (with its sign when written `-1e-7`); not comments."""
    return list(_source_constants(source))


@lru_cache(maxsize=512)
def _source_constants(source: str) -> tuple[Decimal, ...]:
    values: list[Decimal] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = []
    previous: list[tokenize.TokenInfo] = []
    for tok in tokens:
        if tok.type == tokenize.NUMBER:
            text = tok.string.replace("_", "").lower()
            if text.endswith(("j",)) or text.startswith(("0x", "0o", "0b")):
                previous.append(tok)
                continue
            try:
                value = Decimal(text.rstrip("l"))
            except InvalidOperation:
                previous.append(tok)
                continue
            unary = len(previous) < 2 or (previous[-2].type == tokenize.OP and previous[-2].string not in ")]}")
            negative = len(previous) >= 1 and previous[-1].string == "-" and unary
            values.append(-value if negative else value)
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            previous.append(tok)
            previous = previous[-2:]
    if not tokens:  # unparsable on purpose (an errata snippet): every literal-looking number
        values = [Decimal(m.group(0)) for m in OUTPUT_NUMBER.finditer(re.sub(r"#.*", "", source))]
    return tuple(values)


@dataclass
class AllowEntry:
    number: str
    page: str
    reason: str
    context: str = ""
    used: int = 0


@dataclass
class Allowlist:
    entries: list[AllowEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    path: str = ALLOWLIST_NAME

    def find(self, page: str, number: Number, line_text: str) -> AllowEntry | None:
        for entry in self.entries:
            if entry.page not in ("*", page):
                continue
            if entry.number != number.canonical and entry.number != number.canonical.lstrip("-"):
                continue
            if entry.context and entry.context not in line_text:
                continue
            return entry
        return None


def parse_allowlist(text: str, *, path: str = ALLOWLIST_NAME, pages: Iterable[str] | None = None) -> Allowlist:
    """Read the allowlist (YAML: a list of {number, page, reason[, context]}); every entry without
    a reason, with an unknown key or page, or repeated, is a Problem naming its position."""
    import yaml

    result = Allowlist(path=path)
    try:
        data = yaml.safe_load(text) if text.strip() else []
    except yaml.YAMLError as exc:
        result.problems.append(Problem(path, 0, "", f"not valid YAML: {exc}"))
        return result
    if data is None:
        data = []
    if not isinstance(data, list):
        result.problems.append(Problem(path, 0, "", "must be a list of entries {number, page, reason}"))
        return result
    known_pages = set(pages) if pages is not None else None
    seen = set()
    for i, item in enumerate(data, start=1):
        where = f"entry {i}"
        if not isinstance(item, dict):
            result.problems.append(Problem(path, 0, "", f"{where}: must be a mapping with number, page, reason"))
            continue
        unknown = set(item) - ALLOWLIST_KEYS
        number = str(item.get("number", "")).strip().replace("−", "-").replace(",", "").replace(" ", "")
        label = number or "?"
        if unknown:
            result.problems.append(Problem(path, 0, label, f"{where}: unknown key(s) {sorted(unknown)} "
                                                           f"(allowed: {sorted(ALLOWLIST_KEYS)})"))
        if not number:
            result.problems.append(Problem(path, 0, label, f"{where}: no number"))
        page = str(item.get("page", "")).strip()
        if not page:
            result.problems.append(Problem(path, 0, label, f"{where}: no page (a page such as training.md, or \"*\")"))
        elif known_pages is not None and page != "*" and page not in known_pages:
            result.problems.append(Problem(path, 0, label, f"{where}: no page {page!r} in docs/"))
        reason = item.get("reason")
        if not isinstance(reason, str) or len(reason.strip()) < 10:
            result.problems.append(Problem(path, 0, label, f"{where}: needs a reason (a sentence: why this number "
                                                           "is not printed by a snippet)"))
            continue
        context = str(item.get("context") or "")
        key = (number, page, context)
        if key in seen:
            result.problems.append(Problem(path, 0, label, f"{where}: repeats an earlier entry"))
        seen.add(key)
        if number and page:
            result.entries.append(AllowEntry(number, page, reason.strip(), context))
    return result


def load_allowlist(path: Path, pages: Iterable[str] | None = None) -> Allowlist:
    if not path.is_file():
        return Allowlist(path=path.name)
    return parse_allowlist(path.read_text(encoding="utf-8"), path=_rel(path), pages=pages)


# ---------------------------------------------------------------------------------------------
# Checking


def _stdout_of(entry) -> str | None:
    if entry is None:
        return None
    if isinstance(entry, str):
        return entry
    return getattr(entry, "stdout", None)


def _bound(values: tuple[Value, ...], candidates: list[Decimal], exact: bool) -> Decimal | None:
    for v in values:
        for c in candidates:
            target = c if v.signed else abs(c)
            want = v.value if v.signed else abs(v.value)
            if exact or v.exact:
                if target == want:
                    return c
            elif abs(target - want) <= v.half_unit * (1 + Decimal("1e-9")):
                return c
    return None


def scan_text(text: str, *, page: str, snippets: Mapping[str, str], entries: Mapping[str, object],
              allowlist: Allowlist | None = None) -> list[Finding]:
    """Every number of `text` with what binds it.

    `snippets`: snippet name -> its source; `entries`: snippet name -> its cache entry (anything
    with `.stdout`), or its printed output as a string, or None when it has none. `page` names the
    text in findings and selects allowlist entries ("training.md", or e.g. "errata.yml#3").
    """
    outputs: list[tuple[str, Decimal]] = []
    texts: list[str] = []
    for name, entry in entries.items():
        stdout = _stdout_of(entry)
        if stdout is not None:
            texts.append(stdout)
            outputs += [(name, v) for v in output_values(stdout)]
    constants: list[tuple[str, Decimal]] = []
    for name, source in snippets.items():
        constants += [(name, v) for v in source_constants(source)]
    out_values = [v for _, v in outputs]
    const_values = [v for _, v in constants]
    lines = text.split("\n")
    findings = []
    for number in numbers_in(text):
        line_text = lines[number.line - 1]
        if number.version:
            hit = next((n for n, s in entries.items() if number.canonical in (_stdout_of(s) or "")), None)
            if hit:
                findings.append(Finding(page, number, "output", hit))
                continue
        else:
            # An equal printed value first, then a constant, then a printed value rounded.
            tries = (("output", out_values, True), ("source", const_values, True), ("output", out_values, False))
            hits = [(kind, c) for kind, pool, exact in tries
                    if (c := _bound(number.values, pool, exact=exact)) is not None]
            if hits:
                findings.append(Finding(page, number, hits[0][0], str(hits[0][1])))
                continue
        entry = allowlist.find(page, number, line_text) if allowlist else None
        if entry is not None:
            entry.used += 1
            findings.append(Finding(page, number, "allowlist", entry.reason))
            continue
        findings.append(Finding(page, number, None, _closest(number, out_values)))
    return findings


def _closest(number: Number, candidates: list[Decimal]) -> str:
    if not number.values or not candidates:
        return ""
    v = number.values[0].value
    best = min(candidates, key=lambda c: abs(abs(c) - abs(v)))
    return str(best)


def _unbound_message(names: str, allowlist: Allowlist | None, hint: str, scope: str = "on this page") -> str:
    if len(names) > 80:
        names = names[:77] + "..."
    where = allowlist.path if allowlist else ALLOWLIST_NAME
    return (f"not printed by a snippet {scope} ({names}), not a constant in their source, "
            f"not in {where}{hint}")


def check_text(text: str, *, page: str, snippets: Mapping[str, str], entries: Mapping[str, object],
               allowlist: Allowlist | None = None) -> list[Problem]:
    """The numbers of `text` that nothing binds, as Problems naming page, line and number."""
    problems = []
    names = ", ".join(sorted(snippets)) or "no snippet"
    missing = [name for name in snippets if _stdout_of(entries.get(name)) is None]
    for name in missing:
        problems.append(Problem(page, 0, "", f"{name} has no cached output: run `snippets {name.removesuffix('.py')}`"))
    for f in scan_text(text, page=page, snippets=snippets, entries=entries, allowlist=allowlist):
        if f.ok:
            continue
        hint = f" (closest printed value: {f.detail})" if f.detail else ""
        problems.append(Problem(page, f.number.line, f.number.text, _unbound_message(names, allowlist, hint)))
    return problems


# ---------------------------------------------------------------------------------------------
# The site


def _rel(path: Path) -> str:
    from snippetkit import ROOT

    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


@dataclass
class SiteResult:
    findings: list[Finding]
    problems: list[Problem]
    allowlist: Allowlist

    def count(self, kind: str | None, source: str | None = None) -> int:
        """Findings bound by `kind` ("bound": output or source); `source`: "pages" or "errata"."""
        found = self.findings
        if source == "errata":
            found = [f for f in found if ERRATA_PAGE in f.page]
        elif source == "pages":
            found = [f for f in found if ERRATA_PAGE not in f.page]
        if kind == "bound":
            return sum(f.bound_by in ("output", "source") for f in found)
        return sum(f.bound_by == kind for f in found)


def page_inputs(text: str, snippets_dir: Path, cache=None, warn=None) -> tuple[dict[str, str], dict[str, object]]:
    """Sources and cache entries of the snippets a markdown text includes with `--8<--`. (Not the
    failing originals that `!errata ID` boxes show: their output is a traceback, whose line numbers
    would bind any small number of the page by chance.)"""
    return snippet_inputs(included_snippets(text, snippets_dir), snippets_dir, cache, warn)


def snippet_inputs(names: Iterable[str], snippets_dir: Path, cache=None,
                   warn=None) -> tuple[dict[str, str], dict[str, object]]:
    """Sources and cache entries of the named snippets (paths under snippets/), each once."""
    from snippetkit.cache import Cache

    cache = cache or Cache(snippets_root=snippets_dir)
    sources: dict[str, str] = {}
    entries: dict[str, object] = {}
    for name in dict.fromkeys(names):
        path = snippets_dir / name
        if not path.is_file():
            continue
        sources[name] = path.read_text(encoding="utf-8")
        entries[name] = cache.read_or_discard(path, warn=warn or (lambda msg: None))
    return sources, entries


# The errata (docs/errata.yml) are prose too: the errata extension renders them into the pages.
# Checked per entry, against the entry's own snippets (original, corrected, proof) and those its
# page shows. Not checked: `quote` and `section`, which copy the notes' words (the quotations of
# the site; tests/test_errata.py checks them against the notes). Checked: `title`, `wrong` (its
# numbers state what the note's text or code gives, which a snippet must print), `fix`, `formula`.
ERRATA_NAME = "errata.yml"
ERRATA_PAGE = ERRATA_NAME + "#"
ERRATA_FIELDS = ("title", "wrong", "fix", "formula")
YAML_ENTRY = re.compile(r"^-[ \t]+id:[ \t]*[\"']?(?P<id>[a-z0-9-]+)[\"']?[ \t]*$")
YAML_FIELD = re.compile(r"^[ \t]+(?P<key>[a-z_]+):")


def _errata_lines(yaml_text: str) -> dict[str, tuple[int, dict[str, tuple[int, int]]]]:
    """id -> (line of `- id:`, field -> (first, last) line of its value), all 1-based."""
    lines = yaml_text.split("\n")
    found: dict[str, tuple[int, dict[str, tuple[int, int]]]] = {}
    current: dict[str, tuple[int, int]] = {}
    key = None
    for n, line in enumerate(lines, start=1):
        m = YAML_ENTRY.match(line)
        if m:
            current, key = {}, None
            found[m.group("id")] = (n, current)
            continue
        if line.startswith("-") or line.startswith("#"):
            key = None
            continue
        f = YAML_FIELD.match(line)
        if f and len(line) - len(line.lstrip()) <= 2:
            key = f.group("key")
            current[key] = (n, n)
        elif key and line.strip():
            current[key] = (current[key][0], n)
    return found


def _errata_field_text(entry, key: str) -> str:
    value = getattr(entry, key)
    return f"$$\n{value}\n$$" if key == "formula" and value else value


def _lines_in_yaml(numbers: list[Number], text: str, span: tuple[int, int],
                   lines: list[str]) -> list[tuple[int, int]]:
    """The line and column of the YAML file where each of `numbers` (found in `text`, a field's
    value, which YAML may have folded from the lines `span`) is written: the k-th occurrence of its
    text in the value is the k-th in those lines. (0, 0) where not found."""
    first, last = span
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    found = []
    for number in numbers:
        column = starts[number.line - 1] + number.column - 1
        where = (first, 0)
        # As a word; then glued to letters; then anywhere (`\frac12` is 1 and 2, the 1 read a
        # character early).
        for pattern in (rf"(?<![\w.]){re.escape(number.text)}(?!\w)",
                        rf"(?<![\d.]){re.escape(number.text)}(?!\d)", re.escape(number.text)):
            regex = re.compile(pattern)
            offset = next((o for o in (column, column + 1) if regex.match(text, o)), None)
            if not first or offset is None:
                continue
            k = sum(1 for m in regex.finditer(text) if m.start() < offset)
            for n in range(first, last + 1):
                line = lines[n - 1]
                begin = len(line.split(":", 1)[0]) + 1 if n == first else 0
                hits = [m.start() for m in regex.finditer(line, begin)]
                if k < len(hits):
                    where = (n, hits[k] + 1)
                    break
                k -= len(hits)
            break
        found.append(where)
    return found


def check_errata(errata_path: Path, docs_dir: Path, snippets_dir: Path, cache=None,
                 allowlist: Allowlist | None = None) -> tuple[list[Finding], list[Problem]]:
    """Every number of every errata entry's prose fields, bound like a page's (page name in the
    allowlist: "errata.yml#<id>"). Problems name the data file, the line and the entry."""
    from snippetkit.pages import errata as errata_mod

    label = _rel(errata_path)
    try:
        errata = errata_mod.load(errata_path, snippets_dir)
    except errata_mod.ErrataError as exc:
        return [], [Problem(label, 0, "", str(exc))]
    yaml_text = errata_path.read_text(encoding="utf-8")
    yaml_lines = yaml_text.split("\n")
    where = _errata_lines(yaml_text)
    findings: list[Finding] = []
    problems: list[Problem] = []
    pages: dict[str, list[str]] = {}
    for entry in errata.entries:
        page_file = entry.page_file
        if page_file not in pages:
            page_path = docs_dir / page_file
            text = page_path.read_text(encoding="utf-8") if page_path.is_file() else ""
            pages[page_file] = included_snippets(text, snippets_dir)
        names = [*entry.snippets, *pages[page_file]]
        sources, entries = snippet_inputs(names, snippets_dir, cache)
        page = ERRATA_PAGE + entry.id
        entry_line, fields = where.get(entry.id, (0, {}))
        problems += [Problem(label, entry_line, "", f"entry {entry.id}: {n} has no cached output: "
                                                    f"run `snippets {n.removesuffix('.py')}`")
                     for n, e in entries.items() if _stdout_of(e) is None]
        snippet_names = ", ".join(sources) or "no snippet"  # the entry's own first
        for key in ERRATA_FIELDS:
            text = _errata_field_text(entry, key)
            if not text:
                continue
            field_findings = scan_text(text, page=page, snippets=sources, entries=entries, allowlist=allowlist)
            yaml_at = _lines_in_yaml([f.number for f in field_findings], text, fields.get(key, (0, 0)),
                                     yaml_lines)
            for f, (line, column) in zip(field_findings, yaml_at, strict=True):
                line = line or entry_line
                f.page = f"{label}#{entry.id}"
                f.number.line, f.number.column = line, column
                findings.append(f)
                if not f.ok:
                    hint = f" (closest printed value: {f.detail})" if f.detail else ""
                    problems.append(Problem(label, line, f.number.text, f"entry {entry.id}, {key}: " + _unbound_message(
                        snippet_names, allowlist, hint, scope="of this entry or its page")))
    return findings, problems


def errata_ids(errata_path: Path) -> list[str]:
    """The entry ids of an errata file (for the allowlist's pages), without validating it."""
    if not errata_path.is_file():
        return []
    return list(_errata_lines(errata_path.read_text(encoding="utf-8")))


def check_site(docs_dir: Path | None = None, snippets_dir: Path | None = None, cache=None,
               allowlist_path: Path | None = None) -> SiteResult:
    """Scan every page of docs/ (markdown), and every entry of docs/errata.yml, against the
    cached outputs and the sources of their snippets."""
    from snippetkit import DOCS_DIR, SNIPPETS_DIR
    from snippetkit.cache import Cache

    docs_dir = Path(docs_dir or DOCS_DIR)
    snippets_dir = Path(snippets_dir or SNIPPETS_DIR)
    cache = cache or Cache(snippets_root=snippets_dir)
    errata_path = docs_dir / ERRATA_NAME
    pages = sorted(docs_dir.rglob("*.md"))
    names = [p.relative_to(docs_dir).as_posix() for p in pages]
    known = [*names, *(ERRATA_PAGE + i for i in errata_ids(errata_path))]
    allowlist = load_allowlist(Path(allowlist_path or docs_dir / ALLOWLIST_NAME), pages=known)
    findings: list[Finding] = []
    problems: list[Problem] = list(allowlist.problems)
    for path, name in zip(pages, names, strict=True):
        text = path.read_text(encoding="utf-8")
        sources, entries = page_inputs(text, snippets_dir, cache)
        label = _rel(path)
        page_findings = scan_text(text, page=name, snippets=sources, entries=entries, allowlist=allowlist)
        for f in page_findings:
            f.page = label
        findings += page_findings
        problems += [Problem(label, 0, "", f"{n} has no cached output: run `snippets {n.removesuffix('.py')}`")
                     for n, e in entries.items() if _stdout_of(e) is None]
        for f in page_findings:
            if not f.ok:
                hint = f" (closest printed value: {f.detail})" if f.detail else ""
                names_ = ", ".join(sorted(sources)) or "no snippet"
                problems.append(Problem(label, f.number.line, f.number.text,
                                        _unbound_message(names_, allowlist, hint)))
    if errata_path.is_file():
        errata_findings, errata_problems = check_errata(errata_path, docs_dir, snippets_dir, cache, allowlist)
        findings += errata_findings
        problems += errata_problems
    for entry in allowlist.entries:
        if not entry.used:
            problems.append(Problem(allowlist.path, 0, entry.number,
                                    f"allowlist entry for page {entry.page!r} matches no number: remove it"))
    return SiteResult(findings, problems, allowlist)


def main(argv: list[str] | None = None) -> int:
    """`python -m snippetkit.prose`: print every unbound number; `-v` also every number and what binds it."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    result = check_site()
    if "-v" in args:
        for f in result.findings:
            print(f"{f.page}:{f.number.line}:{f.number.column}: {f.number.text!r} -> {f.bound_by} {f.detail}")
    for p in result.problems:
        print(p)
    print(f"{len(result.findings)} numbers: {result.count('bound')} bound "
          f"({result.count('bound', 'pages')} on the pages, {result.count('bound', 'errata')} in the errata; "
          f"{result.count('output')} printed, {result.count('source')} constants), "
          f"{result.count('allowlist')} allowlisted "
          f"({result.count('allowlist', 'pages')} on the pages, {result.count('allowlist', 'errata')} in the errata), "
          f"{result.count(None)} unbound")
    return 1 if result.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
