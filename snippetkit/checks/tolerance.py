"""Compare two printed outputs: the text must match, numbers only within a stated tolerance.

Two outputs match when, after splitting them into numbers and the text between them, the text is
identical and every pair of numbers `a` (shown) and `b` (printed now) satisfies

    |a - b| <= ABS_TOL + REL_TOL * |b|      or      |a - b| <= one unit in the last printed digit

The second rule accepts a value that was rounded to the other side of a printed digit (0.1235 vs
0.1234 for a true 0.12345); it applies to decimals only: integers (counts, sizes) must be equal.
With ABS_TOL = 1e-6 and REL_TOL = 1e-5 (`abs_tol` and `rel_tol` in [tool.snippetkit]), the ~1e-6 differences between
CPU, GPU and oneDNN kernels pass, while any change a reader could see in a stated figure fails.
"""

from __future__ import annotations

import math
import re

from snippetkit import config


def tolerances() -> tuple[float, float]:
    """(ABS_TOL, REL_TOL): `abs_tol` and `rel_tol` of the configuration, read when a comparison is
    made (not when this module is imported: importing it reads no file)."""
    settings = config.get()
    return settings.abs_tol, settings.rel_tol

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)\b")


def _tokens(text: str) -> list[str]:
    """Alternating text and numbers: [text, number, text, number, ..., text]."""
    return NUMBER.split(text), NUMBER.findall(text)


def _last_digit_unit(token: str) -> float:
    """The value of one unit in the last digit printed (`0.125` -> 0.001, `3e-05` -> 1e-05)."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def numbers_match(shown: str, now: str) -> bool:
    a, b = float(shown), float(now)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    if _is_integer(shown) and _is_integer(now):
        return a == b
    diff = abs(a - b)
    unit = max(_last_digit_unit(shown), _last_digit_unit(now))
    abs_tol, rel_tol = tolerances()
    return diff <= abs_tol + rel_tol * abs(b) or diff <= unit * (1 + 1e-9)


def _is_integer(token: str) -> bool:
    return token.lstrip("+-").isdigit()


def first_difference(shown: str, now: str) -> str | None:
    """None when the outputs match; otherwise a sentence naming the first difference and its line."""
    texts_a, nums_a = _tokens(shown)
    texts_b, nums_b = _tokens(now)
    line = 1
    for i, (ta, tb) in enumerate(zip(texts_a, texts_b, strict=False)):
        if ta != tb:
            return f"line {line + _common_prefix_lines(ta, tb)}: text differs: {_excerpt(ta)!r} vs {_excerpt(tb)!r}"
        line += ta.count("\n")
        if i < len(nums_a) and i < len(nums_b) and not numbers_match(nums_a[i], nums_b[i]):
            abs_tol, rel_tol = tolerances()
            return (f"line {line}: number {nums_a[i]} shown, {nums_b[i]} printed now "
                    f"(beyond {abs_tol:g} + {rel_tol:g}*|x| and one unit in the last digit)")
    if len(nums_a) != len(nums_b) or len(texts_a) != len(texts_b):
        return f"the outputs have {len(nums_a)} and {len(nums_b)} numbers: one ends early"
    return None


def _common_prefix_lines(a: str, b: str) -> int:
    n = 0
    for ca, cb in zip(a, b, strict=False):
        if ca != cb:
            break
        n += 1
    return a[:n].count("\n")


def _excerpt(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
