"""General claims: a sentence that states a rule for a whole domain names its domain and is bound to
a check that searches it, or is allowlisted with its reason.

What it promises:

- `general_words(text)`: the words of `TRIGGERS` in a sentence. A sentence with one is *general*.
  The list holds the words that extend a claim to cases nobody measured: "always", "never",
  "whatever", "whichever", "whenever", "wherever", "however" before a word ("however small"),
  "regardless", "no matter", "any", "every", "keep(s)", "stay(s)", "remain(s)", "cannot", "can
  never", "in general", "for all", and "the same" where it states a rule ("the same holds", "the
  same way", "does / gives / behaves / stays the same"). Not in it, measured on this site's 2337
  sentences when the list was chosen: "each" (in 243 sentences) and "all" (54), which nearly always
  enumerate a set the sentence names ("each layer", "all 10 classes"); "the same" in other uses
  (142), which mostly sets up a comparison ("the same data, the same initial weights"); "only"
  (75), which is how a corrected sentence states its domain ("only where |g| < 1"); "exactly" (29),
  which states the precision of a printed value. Each of these would have listed several hundred
  more sentences whose domain the sentence already names.
- `load(path)`: `docs/general-claims.yml`, validated by `SCHEMA` (jsonschema, through
  `snippetkit.errata_data`'s reader, which keeps every entry's line). One entry per general
  sentence: `where` (a page `adam.md`, an errata entry `errata.yml#<id>`, or a snippet
  `snippets/<chapter>/<name>.py`) and `sentence` (a fragment of it, white space as one space),
  then either a **binding**, `domain` (a fragment of the same sentence that names the domain) and
  `check`: `tests/<file>.py::<test>`, a Hypothesis property (a test decorated with `@given`, whose
  strategy states the domain), or `snippets/<path>.py` with `line`, a line the snippet prints
  that holds "worst case" (a sweep over the domain, for a claim about Keras itself); or an
  **allowance**, `allow` (one of `ALLOWANCES`) and `reason`. A sentence without a word of the list
  may be bound too (a corrected rule whose wording no longer holds one): the binding is checked
  the same way, and the report lists it.
- `check(sentences, claims, ...)`: the problems, one per general sentence that no entry matches,
  per entry that matches no sentence (stale) or more than one (a fragment that is a whole
  sentence matches that sentence; one sentence written twice in a place is one claim), per entry whose sentence
  matches two entries, per domain not in its sentence, per property that is not a `@given` test
  in its file, per sweep line its snippet did not print (or without "worst case"), per binding or
  allowance written incompletely. `check_site()` runs it on the site (`python -m
  snippetkit.checks.general`; `--draft` prints an entry to complete for each unbound sentence).
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from snippetkit import DOCS_DIR, ROOT, SNIPPETS_DIR, errata_data, filememo
from snippetkit.cache import Cache
from snippetkit.checks.sentences import Sentence, site_sentences, squash
from snippetkit.model import Problem, discover

DATA_NAME = "general-claims.yml"
TRIGGERS = re.compile(
    r"(?<![-\w])(?:always|never|wh(?:atever|ichever|enever|erever)|regardless|no matter|any|every|keeps?|stays?|"
    r"remains?|cannot|can never|can't|in general|for all)\b|\bhowever\s+(?=[a-z])"
    r"|\bthe same (?:holds|way)\b|\b(?:does|do|gives?|behaves?|stays?) the same\b", re.IGNORECASE)
ALLOWANCES = {
    "narrowed": "the sentence names the finite case it measured, and the program it names checks every member",
    "notes": "a statement about the notes' own text, which the quotation and errata checks read",
    "site": "a statement about this site or its tools, held by the test the reason names",
    "proof": "a mathematical identity that the text derives step by step where the reason says",
    "source": "what a library's code does, read in its source (the reason names the file) and shown by a program",
    "task": "an exercise's statement of what the learner's code must do, which the exercise's check tests",
    "not-a-rule": "the word does not extend a claim to a domain (the reason says what it does)",
    "pending": "a wrong or unsearched sentence in text that another change of the same round rewrites or owns "
               "(the reason names it): to fix when the changes merge; never a way to keep a claim",
}
_TEXT = {"type": "string", "pattern": r"\S"}
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["where", "sentence"],
        "additionalProperties": False,
        "properties": {
            "where": {"type": "string", "pattern": r"^(?:[\w./-]+\.md|errata\.yml#[-\w]+|snippets/[\w./-]+\.py)$",
                      "description": "where must be a page (adam.md), errata.yml#<id> or snippets/<path>.py"},
            "sentence": {"type": "string", "minLength": 8,
                         "description": "sentence must be a fragment of the sentence, at least 8 characters"},
            "domain": _TEXT,
            "check": {"type": "string", "pattern": r"^(?:tests/[\w/]+\.py::\w+|snippets/[\w./-]+\.py)$",
                      "description": "check must be tests/<file>.py::<test> or snippets/<path>.py"},
            "line": _TEXT,
            "allow": {"enum": list(ALLOWANCES)},
            "reason": {"type": "string", "pattern": r"\S.{18,}\S",
                       "description": "reason must be a sentence (at least 20 characters)"},
        },
    },
}


class ClaimsError(ValueError):
    """The data file cannot be read or is not valid: the message names the file and line."""


@dataclass(frozen=True)
class Claim:
    """One entry of the data file."""

    where: str
    sentence: str
    domain: str = ""
    check: str = ""
    line: str = ""
    allow: str = ""
    reason: str = ""
    at: int = 0  # its line in the data file

    @property
    def kind(self) -> str:
        if self.allow:
            return f"allowed: {self.allow}"
        return "property" if "::" in self.check else "sweep"


@dataclass
class Found:
    """A general sentence and the entry that binds or allows it (None: unbound)."""

    sentence: Sentence
    words: list[str]
    claim: Claim | None = None
    strategy: str = ""  # a property's `@given(...)`, as written


@dataclass
class Result:
    found: list[Found] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def general_words(text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0).strip().lower() for m in TRIGGERS.finditer(text)))


def load(path: Path) -> list[Claim]:
    shown = _shown(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ClaimsError(f"{shown}: cannot read the general claims: {exc}") from None
    return list(_load(shown, text))


@lru_cache(maxsize=8)  # on the file's text: `mkdocs serve` and the report ask again and again
def _load(shown: str, text: str) -> tuple[Claim, ...]:
    try:
        located = errata_data.read_list(text)
    except yaml.YAMLError as exc:
        raise ClaimsError(f"{shown}: not valid YAML: {exc}") from None
    problems = errata_data.schema_problems(located, SCHEMA, shown, lambda i, item: f"entry {i + 1}")
    if problems:
        raise ClaimsError("\n".join(map(str, problems)))
    return tuple(Claim(**{k: squash(v) if k in ("sentence", "domain") else v.strip() for k, v in item.items()},
                       at=line) for item, line in zip(located.items, located.lines, strict=True))


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


class _Inline(ast.NodeTransformer):
    """Names of module-level strategies replaced by what they are assigned (three levels deep)."""

    def __init__(self, assigned: dict[str, ast.expr], depth: int = 3):
        self.assigned, self.depth = assigned, depth

    def visit_Name(self, node: ast.Name) -> ast.AST:  # noqa: N802 (ast's name)
        if node.id in self.assigned and self.depth:
            return _Inline(self.assigned, self.depth - 1).visit(ast.parse(ast.unparse(self.assigned[node.id]),
                                                                          mode="eval").body)
        return node


def _given(check: str, root: Path) -> tuple[str, str]:
    """(problem, the `@given(...)` of a property binding `tests/x.py::test_name`, with the module's
    named strategies written out, so that it states the domain searched)."""
    file, _, name = check.partition("::")
    try:
        source = (root / file).read_text(encoding="utf-8")
    except OSError as exc:
        return f"{file} cannot be read as Python ({exc.__class__.__name__})", ""
    return _given_in(file, name, source)


@lru_cache(maxsize=4096)  # on the module's text
def _given_in(file: str, name: str, source: str) -> tuple[str, str]:
    check = f"{file}::{name}"
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return f"{file} cannot be read as Python ({exc.__class__.__name__})", ""
    assigned = {n.targets[0].id: n.value for n in tree.body
                 if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            for d in node.decorator_list:
                func = d.func if isinstance(d, ast.Call) else d
                if (getattr(func, "id", None) or getattr(func, "attr", None)) == "given" and isinstance(d, ast.Call):
                    return "", "@" + ast.unparse(_Inline(assigned).visit(ast.parse(ast.unparse(d), mode="eval")))
            return f"{check} is not a Hypothesis property (no @given(...) above it)", ""
    return f"{file} has no test {name}", ""


def check(sentences: Iterable[Sentence], claims: list[Claim], data_path: str = f"docs/{DATA_NAME}",
          stdout_of: Callable[[str], str | None] | None = None, root: Path = ROOT) -> Result:
    """Every general sentence bound or allowed, every entry used once and complete (see the module).

    An entry binds only sentences of its own `where`, so the check is made one `where` at a time,
    each memoised in the process on everything it reads: its sentences, its entries, the text of
    each test module its properties name and the output of each snippet its sweeps name
    (`mkdocs serve` checks again after every edit, and an edit changes one `where`)."""
    sentences_of: dict[str, list[Sentence]] = {}
    for s in sentences:
        sentences_of.setdefault(s.where, []).append(s)
    claims_of: dict[str, list[Claim]] = {}
    for c in claims:
        claims_of.setdefault(c.where, []).append(c)
    done = {w: _check_where(tuple(sentences_of.get(w, ())), tuple(claims_of.get(w, ())), data_path,
                            _externals(claims_of.get(w, ()), stdout_of, root), stdout_of, root)
            for w in {*sentences_of, *claims_of}}
    result = Result()
    taken: dict[str, int] = {}
    for c in claims:  # the entries' problems in the data file's order
        i = taken[c.where] = taken.get(c.where, -1) + 1
        result.problems += done[c.where][0][i]
    for w in sentences_of:  # then the unbound sentences, in the order of the sentences
        result.problems += done[w][1]
        result.found += done[w][2]
    return result


def _externals(claims: Iterable[Claim], stdout_of, root: Path) -> tuple:
    """What the entries of one `where` read besides the sentences: each property's module and
    each sweep's output (as text)."""
    out = []
    for c in claims:
        if c.allow or not c.check:
            continue
        if "::" in c.check:
            try:
                out.append((c.check, (root / c.check.partition("::")[0]).read_text(encoding="utf-8")))
            except OSError:
                out.append((c.check, None))
        else:
            exists = (root / c.check).is_file()
            printed = stdout_of(c.check.removeprefix("snippets/")) if exists and stdout_of else None
            out.append((c.check, exists, printed))
    return tuple(out)


_memo: dict[tuple, tuple] = {}


def _check_where(sentences: tuple[Sentence, ...], claims: tuple[Claim, ...], data_path: str, externals: tuple,
                 stdout_of, root: Path) -> tuple[list[list[Problem]], list[Problem], list[Found]]:
    """(each entry's problems, the unbound sentences' problems, the general sentences) of one `where`."""
    key = (sentences, claims, data_path, externals, stdout_of is None, str(root))
    found = _memo.get(key)
    if found is not None:
        return found
    if len(_memo) > 1 << 14:
        _memo.clear()
    every = [Found(s, general_words(s.text)) for s in sentences]
    per_claim: list[list[Problem]] = []
    for c in claims:
        problems: list[Problem] = []
        per_claim.append(problems)
        here = f"entry at line {c.at}"
        hits = [f for f in every if c.sentence in f.sentence.text]
        if not hits:
            problems.append(Problem(data_path, c.at, c.where, f"no sentence contains {c.sentence!r} "
                                    "(any more): update the fragment or remove the entry"))
            continue
        hits = [f for f in hits if f.sentence.text == c.sentence] or hits  # a whole sentence wins
        if len({f.sentence.text for f in hits}) > 1:  # one sentence written twice is one claim
            lines = ", ".join(str(f.sentence.line) for f in hits)
            problems.append(Problem(data_path, c.at, c.where, f"{c.sentence!r} is in {len(hits)} "
                                    f"sentences (lines {lines}): make the fragment longer"))
            continue
        taken = [f for f in hits if f.claim is not None]
        if taken:
            problems.append(Problem(data_path, c.at, c.where, f"the sentence at line {taken[0].sentence.line} "
                                    f"is also matched by the entry at line {taken[0].claim.at}: keep one"))
            continue
        for f in hits:
            f.claim = c
        for message in _entry_problems(c, hits[0], stdout_of, root):
            problems.append(Problem(data_path, c.at, c.where, f"{here}: {message}"))
        for f in hits[1:]:
            f.strategy = hits[0].strategy
    general = [f for f in every if f.words or f.claim is not None]
    unbound = []
    for f in general:
        if f.claim is None:
            s = f.sentence
            unbound.append(Problem(s.where if s.where.startswith("snippets/") else _page(s.where, data_path),
                                   s.line, ", ".join(f.words),
                                   f"a general sentence ({s.kind}) with no entry in {data_path}: name its "
                                   f"domain and bind it to a property or a sweep, narrow it, or allow it with "
                                   f"a reason: {s.text[:160]!r}"))
    _memo[key] = found = (per_claim, unbound, general)
    return found


def _page(where: str, data_path: str) -> str:
    docs = str(Path(data_path).parent)
    return f"{docs}/{where.split('#')[0]}"


def _entry_problems(c: Claim, f: Found, stdout_of, root: Path) -> list[str]:
    out = []
    if c.allow and (c.domain or c.check or c.line):
        out.append("an allowance (allow, reason) has no domain, check or line")
    if c.allow and not c.reason:
        out.append(f"allow: {c.allow} needs a reason")
    if c.reason and not c.allow:
        out.append(f"a reason needs allow: one of {', '.join(ALLOWANCES)}")
    if c.allow:
        return out
    if not c.check or not c.domain:
        return [*out, "a binding needs domain (a fragment of the sentence naming its domain) and check"]
    if c.domain not in f.sentence.text:
        out.append(f"the domain {c.domain!r} is not in the sentence: the sentence must name its domain")
    if "::" in c.check:
        if c.line:
            out.append("a property binding has no line")
        problem, f.strategy = _given(c.check, root)
        if problem:
            out.append(problem)
        return out
    if not c.line:
        return [*out, "a sweep binding needs line: the line the snippet prints with its worst case"]
    if "worst case" not in c.line:
        out.append("a sweep's line states its worst case (holds 'worst case')")
    snippet = c.check.removeprefix("snippets/")
    if not (root / c.check).is_file():
        out.append(f"{c.check} does not exist")
    elif stdout_of is not None:
        printed = stdout_of(snippet)
        if printed is None:
            out.append(f"{c.check} has no cached output (run `make snippets NAMES={snippet.removesuffix('.py')}`)")
        elif not any(c.line in line for line in printed.splitlines()):
            out.append(f"{c.check} prints no line containing {c.line!r}")
    return out


def cached_stdout(snippets_dir: Path = SNIPPETS_DIR) -> Callable[[str], str | None]:
    store = Cache(snippets_root=snippets_dir)

    def stdout_of(snippet: str) -> str | None:
        entry = store.read(snippets_dir / snippet)
        return None if entry is None else entry.stdout
    return stdout_of


def check_site(docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR, data: Path | None = None,
               stdout_of: Callable[[str], str | None] | None = None) -> Result:
    """The site's general sentences against `docs/general-claims.yml`; sweep lines read from the
    cache (`stdout_of`, default: the cache of `snippets_dir`)."""
    data = Path(data or docs_dir / DATA_NAME)
    shown = _shown(data)
    try:
        claims = load(data)
    except ClaimsError as exc:
        return Result(problems=[Problem(shown, 0, "", str(exc))])
    key = _site_key(docs_dir, snippets_dir, data, claims) if stdout_of is None else None
    if key is not None and key in _sites:
        return _sites[key]
    result = check(site_sentences(docs_dir, snippets_dir), claims, shown, stdout_of or cached_stdout(snippets_dir),
                   ROOT)
    if key is not None:
        _sites.clear()
        _sites[key] = result
    return result


_sites: dict[tuple, Result] = {}  # the last result, by `_site_key`


def _site_key(docs_dir: Path, snippets_dir: Path, data: Path, claims: list[Claim]) -> tuple:
    """What `check_site` reads, by the digests of the files (`snippetkit.filememo`: read only when
    their stamps changed): the pages and data files, the snippets, the test modules and the outputs
    that the sweeps read (a build checks the site, then its verification report asks again)."""
    memo = filememo.memo()
    store = Cache(snippets_root=snippets_dir)
    files = [*sorted(Path(docs_dir).rglob("*.md")), *sorted(Path(docs_dir).glob("*.yml")), *discover(snippets_dir),
             *sorted((ROOT / "tests").glob("*.py"))]
    sweeps = sorted({c.check.removeprefix("snippets/") for c in claims if c.check and "::" not in c.check})
    outputs = [store.entry_dir(Path(snippets_dir) / s) / "stdout.txt" for s in sweeps
               if (Path(snippets_dir) / s).is_file()]
    return (str(docs_dir), str(snippets_dir), str(data), tuple((str(f), memo.digest(f)) for f in files + outputs))


def draft(found: Iterable[Found]) -> str:
    """An entry to complete for each unbound general sentence (a fragment around its first word)."""
    out = []
    for f in found:
        if f.claim is not None:
            continue
        words = f.sentence.text.split(" ")
        at = next((i for i, w in enumerate(words) if general_words(w) or general_words(" ".join(words[i:i + 2]))),
                  0)
        fragment = " ".join(words[max(0, at - 4): at + 5])
        out.append(f"- where: {f.sentence.where}\n  sentence: {yaml.safe_dump(fragment, width=1000).strip()}\n"
                   f"  # {f.sentence.kind}, line {f.sentence.line}: {f.sentence.text[:200]}\n"
                   "  allow: \n  reason: \n")
    return "\n".join(out)


def main(argv: list[str] | None = None, docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR) -> int:
    parser = argparse.ArgumentParser(prog="python -m snippetkit.checks.general", description=__doc__.split("\n")[0])
    parser.add_argument("--draft", action="store_true", help="print an entry to complete for each unbound sentence")
    args = parser.parse_args(argv)
    result = check_site(docs_dir, snippets_dir)
    if args.draft:
        print(draft(result.found))
        return 0
    for p in result.problems:
        print(p)
    bound = sum(f.claim is not None and not f.claim.allow for f in result.found)
    allowed = sum(f.claim is not None and bool(f.claim.allow) for f in result.found)
    pending = sum(f.claim is not None and f.claim.allow == "pending" for f in result.found)
    print(f"{len(result.found)} general sentences: {bound} bound to a check, {allowed} allowlisted with a reason "
          f"({pending} pending a rewrite), {len(result.found) - bound - allowed} neither; "
          f"{len(result.problems)} problems")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
