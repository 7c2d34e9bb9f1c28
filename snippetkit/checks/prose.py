"""Bound numbers: every number a page's prose states must come from a snippet on that page.

Why a checker and not references. A reference syntax (prose writes `{{ out:digits01:accuracy }}`
and the build fills in the cached value) cannot drift, but it makes the markdown unreadable as
text, needs a labelled line in every program for every number, and cannot bind the numbers that
prose derives from its inputs ("$64 \\cdot 25 + 25 = 1625$", "at least 99 %"). A checker keeps
the prose as written, finds *every* number in it, and fails the test suite on the first one that
no program vouches for: a typo, a value left behind when a snippet changed, a number nobody
computed. It runs without TensorFlow, in well under a second for the whole site.

What counts as a number is `snippetkit.checks.numbers`.

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

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from snippetkit import DOCS_DIR, SNIPPETS_DIR, errata_data
from snippetkit.cache import Cache
from snippetkit.checks.numbers import Number, Value, numbers_in, output_values, source_constants
from snippetkit.markup import included_snippets
from snippetkit.model import Problem, display_path

ALLOWLIST_NAME = "numbers-allowlist.yml"
ERRATA_NAME = "errata.yml"
ERRATA_PAGE = ERRATA_NAME + "#"
ERRATA_FIELDS = ("title", "wrong", "fix", "formula", "shows")


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


# ---------------------------------------------------------------------------------------------
# The allowlist (its schema: snippetkit.errata_data.ALLOWLIST_SCHEMA)


@dataclass
class AllowEntry:
    number: str
    page: str
    reason: str
    context: str = ""
    used: int = 0
    line: int = 0


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
    """Read the allowlist (a list of {number, page, reason[, context]}, validated by its schema);
    an entry that breaks the schema, names an unknown page or repeats another is a Problem naming
    its line."""
    result = Allowlist(path=path)
    try:
        located = errata_data.read_list(text)
    except yaml.YAMLError as exc:
        result.problems.append(Problem(path, 0, "", f"not valid YAML: {exc}"))
        return result
    result.problems += errata_data.schema_problems(located, errata_data.ALLOWLIST_SCHEMA, path)
    broken = {p.subject for p in result.problems}
    known_pages = set(pages) if pages is not None else None
    seen = set()
    for i, item in enumerate(located.items if isinstance(located.items, list) else []):
        where, line = f"entry {i + 1}", located.lines[i]
        if where in broken:
            continue
        number = str(item["number"]).strip().replace("−", "-").replace(",", "").replace(" ", "")
        page, context = item["page"].strip(), item.get("context") or ""
        if known_pages is not None and page != "*" and page not in known_pages:
            result.problems.append(Problem(path, line, where, f"no page {page!r} in docs/"))
        elif (number, page, context) in seen:
            result.problems.append(Problem(path, line, where, "repeats an earlier entry"))
        else:
            result.entries.append(AllowEntry(number, page, item["reason"].strip(), context, line=line))
        seen.add((number, page, context))
    return result


def load_allowlist(path: Path, pages: Iterable[str] | None = None) -> Allowlist:
    if not path.is_file():
        return Allowlist(path=path.name)
    return parse_allowlist(path.read_text(encoding="utf-8"), path=display_path(path), pages=pages)


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


def missing_outputs(entries: Mapping[str, object], path: str, line: int = 0, prefix: str = "") -> list[Problem]:
    """A problem for each named snippet that has no cached output to bind numbers to."""
    return [Problem(path, line, "", f"{prefix}{n} has no cached output: run `snippets {n.removesuffix('.py')}`")
            for n, e in entries.items() if _stdout_of(e) is None]


def unbound(findings: Iterable[Finding], path: str, snippets: Iterable[str], allowlist: Allowlist | None,
            scope: str = "on this page", prefix: str = "") -> list[Problem]:
    """The one message for a number nothing binds: where, the number, the snippets it was looked
    for in, and the closest printed value."""
    names = ", ".join(snippets) or "no snippet"
    if len(names) > 80:
        names = names[:77] + "..."
    where = allowlist.path if allowlist else ALLOWLIST_NAME
    return [Problem(path, f.number.line, f.number.text,
                    f"{prefix}not printed by a snippet {scope} ({names}), not a constant in their source, "
                    f"not in {where}" + (f" (closest printed value: {f.detail})" if f.detail else ""))
            for f in findings if not f.ok]


def check_text(text: str, *, page: str, snippets: Mapping[str, str], entries: Mapping[str, object],
               allowlist: Allowlist | None = None) -> list[Problem]:
    """The numbers of `text` that nothing binds, as Problems naming page, line and number."""
    findings = scan_text(text, page=page, snippets=snippets, entries=entries, allowlist=allowlist)
    return (missing_outputs({n: entries.get(n) for n in snippets}, page)
            + unbound(findings, page, sorted(snippets), allowlist))


# ---------------------------------------------------------------------------------------------
# The site


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
# numbers state what the note's text or code gives, which a snippet must print), `fix`, `formula`,
# and each evidence's `shows` sentence.


def _errata_field_text(entry: errata_data.Correction, key: str) -> str:
    if key == "shows":  # the evidence sentences, rendered beside their printed lines
        return "\n".join(ev.shows for ev in entry.evidence)
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
    label = display_path(errata_path)
    try:
        errata = errata_data.load(errata_path, snippets_dir)
    except errata_data.ErrataError as exc:
        return [], [Problem(label, 0, "", str(exc))]
    yaml_lines = errata_path.read_text(encoding="utf-8").split("\n")
    findings: list[Finding] = []
    problems: list[Problem] = []
    pages: dict[str, list[str]] = {}
    for entry in errata.entries:
        page_file = entry.page_file
        if page_file not in pages:
            page_path = docs_dir / page_file
            text = page_path.read_text(encoding="utf-8") if page_path.is_file() else ""
            pages[page_file] = included_snippets(text, snippets_dir)
        sources, entries = snippet_inputs([*entry.snippets, *pages[page_file]], snippets_dir, cache)
        problems += missing_outputs(entries, label, entry.line, prefix=f"entry {entry.id}: ")
        for key in ERRATA_FIELDS:
            text = _errata_field_text(entry, key)
            if not text:
                continue
            field_findings = scan_text(text, page=ERRATA_PAGE + entry.id, snippets=sources, entries=entries,
                                       allowlist=allowlist)
            span = entry.span("evidence" if key == "shows" else key)
            yaml_at = _lines_in_yaml([f.number for f in field_findings], text, span, yaml_lines)
            for f, (line, column) in zip(field_findings, yaml_at, strict=True):
                f.page = f"{label}#{entry.id}"
                f.number.line, f.number.column = line or entry.line, column
            findings += field_findings
            problems += unbound(field_findings, label, sources, allowlist, scope="of this entry or its page",
                                prefix=f"entry {entry.id}, {key}: ")
    return findings, problems


def site_allowlist(docs_dir: Path, allowlist_path: Path | None = None) -> Allowlist:
    """The allowlist, checked against the pages of docs/ and the errata entries."""
    names = [p.relative_to(docs_dir).as_posix() for p in sorted(docs_dir.rglob("*.md"))]
    known = [*names, *(ERRATA_PAGE + i for i in errata_data.entry_ids(docs_dir / ERRATA_NAME))]
    return load_allowlist(Path(allowlist_path or docs_dir / ALLOWLIST_NAME), pages=known)


def check_page(path: Path, name: str, snippets_dir: Path, cache, allowlist: Allowlist,
               text: str | None = None) -> tuple[list[Finding], list[Problem]]:
    """Every number of one page (`name`, relative to docs/) bound against its snippets."""
    text = path.read_text(encoding="utf-8") if text is None else text
    sources, entries = page_inputs(text, snippets_dir, cache)
    label = display_path(path)
    findings = scan_text(text, page=name, snippets=sources, entries=entries, allowlist=allowlist)
    for f in findings:
        f.page = label
    return findings, missing_outputs(entries, label) + unbound(findings, label, sorted(sources), allowlist)


def check_site(docs_dir: Path | None = None, snippets_dir: Path | None = None, cache=None,
               allowlist_path: Path | None = None) -> SiteResult:
    """Scan every page of docs/ (markdown), and every entry of docs/errata.yml, against the
    cached outputs and the sources of their snippets."""
    docs_dir = Path(docs_dir or DOCS_DIR)
    snippets_dir = Path(snippets_dir or SNIPPETS_DIR)
    cache = cache or Cache(snippets_root=snippets_dir)
    errata_path = docs_dir / ERRATA_NAME
    allowlist = site_allowlist(docs_dir, allowlist_path)
    findings: list[Finding] = []
    problems: list[Problem] = list(allowlist.problems)
    for path in sorted(docs_dir.rglob("*.md")):
        page_findings, page_problems = check_page(path, path.relative_to(docs_dir).as_posix(), snippets_dir,
                                                  cache, allowlist)
        findings += page_findings
        problems += page_problems
    if errata_path.is_file():
        errata_findings, errata_problems = check_errata(errata_path, docs_dir, snippets_dir, cache, allowlist)
        findings += errata_findings
        problems += errata_problems
    problems += [Problem(allowlist.path, entry.line, entry.number,
                         f"allowlist entry for page {entry.page!r} matches no number: remove it")
                 for entry in allowlist.entries if not entry.used]
    return SiteResult(findings, problems, allowlist)


def main(argv: list[str] | None = None) -> int:
    """`python -m snippetkit.checks.prose`: print every unbound number; `-v` also every number and what binds it."""
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
