"""The number grammar of the prose: what counts as a number, and the numbers a program prints
and states.

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

`numbers_in(text)` returns every number of a markdown text with its line and column;
`output_values(stdout)` the numbers a snippet printed; `source_constants(source)` the numeric
literals of its code (comments are not constants). Nothing here imports TensorFlow.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from snippetkit import markup

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


MATH_DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.S)
MATH_INLINE = re.compile(
    r"(?<![\\$])\$(?![\s$])((?:[^$\\\n]|\\.|\n(?![ \t]*\n))+?)(?<![\s\\])\$(?!\d)|\\\((.+?)\\\)", re.S)


def _prose_and_math(text: str) -> tuple[str, list[tuple[int, str]]]:
    """The text with everything but prose blanked, and the math spans as (offset, content)."""
    lines = text.split("\n")
    prose = set(markup.outside_fences(lines))
    lines = [line if k in prose else _blank(line) for k, line in enumerate(lines)]
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
