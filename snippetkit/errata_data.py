"""The data files the pages and the checkers share: the corrections (`docs/errata.yml`) and the
numbers allowlist (`docs/numbers-allowlist.yml`).

- Both are read once here: parsed with YAML's composer, so that every entry and every field keeps
  the line it is written on (`yaml.compose` node marks), and validated by a JSON Schema
  (`jsonschema`): the schemas below are the one statement of what an entry may hold.
- What a schema cannot say is checked after it: unique ids, snippets that exist, an `original` that
  declares `# expect-error:` and a `corrected` that does not (through `snippetkit.model`).
- A problem is a `snippetkit.model.Problem` (file, line, entry, message), whose `str()` is the one
  form every side prints: `docs/errata.yml:12: entry 'a-x': note must be one of A, B, not 'C'`.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from snippetkit import DOCS_DIR, SNIPPETS_DIR, filememo
from snippetkit.model import Problem, display_path, expected_error

DATA = DOCS_DIR / "errata.yml"
KINDS = {
    "code": "Code",
    "math": "Math",
    "tensorflow": "TensorFlow / Keras",
    "ml": "Machine learning",
    "typo": "Typo",
    "markup": "Markup",
    "figure": "Missing figure",
    "course": "The course's example",
}
NOTES = {"A": "Note A", "B": "Note B"}
NATURES = ("error", "addition", "source")
"""error: the note's statement is false, or its code fails or computes a wrong value; addition: the
note is right and the site says more; source: a note about the source, not its content (a figure
whose file did not come with the text): it accuses the note of nothing."""
DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)!errata(?:[ \t]+(?P<args>.*?))?[ \t]*$")
"""A line of a page that renders errata: `!errata ID` (a box), `!errata list PAGE.md`, `!errata page`."""
PAGE_PATTERN = r"^(?P<file>[\w./-]+\.md)#(?P<anchor>[-\w]+)$"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TEXT = {"type": "string", "pattern": r"\S"}
SHOWS_PATTERN = r"^The note says \S[^\n]*; this line shows \S[^\n]*$"
"""The evidence sentence: what the quoted sentence says, and how the printed line contradicts it."""
_EVIDENCE = {"type": "object", "required": ["snippet", "line", "shows"], "additionalProperties": False,
             "properties": {"snippet": {"type": "string"}, "line": {"type": "string"},
                            "shows": {"type": "string", "pattern": SHOWS_PATTERN}},
             "description": "evidence must be {snippet: path, line: text, shows: sentence} or a list of them; "
                            "`shows` is one sentence, 'The note says …; this line shows …', naming the "
                            "contradiction between the quoted sentence and the printed line"}
ERRATA_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["id", "note", "section", "quote", "kind", "title", "wrong", "fix", "page"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                   "description": "id must be a lower-case slug (letters, digits, dashes)"},
            "note": {"enum": list(NOTES)},
            "section": _TEXT,
            "quote": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}],
                      "description": "quote must be a non-empty string or list of strings"},
            "kind": {"enum": list(KINDS)},
            "title": {"type": "string", "pattern": r'^[^"]*\S[^"]*$',
                      "description": "title must be text without a double quote (it becomes a box title)"},
            "wrong": _TEXT,
            "fix": _TEXT,
            "page": {"type": "string", "pattern": PAGE_PATTERN,
                     "description": "page must be 'page.md#anchor'"},
            "formula": {"type": "string"},
            "proof": {"type": "array", "items": {"type": "string"},
                      "description": "proof must be a list of snippet paths"},
            "original": {"type": "string"},
            "corrected": {"type": "string"},
            "nature": {"enum": list(NATURES)},
            "evidence": {"anyOf": [_EVIDENCE, {"type": "array", "items": _EVIDENCE}],
                         "description": _EVIDENCE["description"]},
            "note_code": {"type": "string"},
            "reproduction": {"type": "string"},
        },
    },
}
ALLOWLIST_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["number", "page", "reason"],
        "additionalProperties": False,
        "properties": {
            "number": {"type": ["string", "number"], "pattern": r"\S"},
            "page": {"type": "string", "pattern": r"\S",
                     "description": 'needs a page (a page such as training.md, or "*")'},
            "reason": {"type": "string", "pattern": r"\S.{8,}\S",
                       "description": "needs a reason (a sentence: why this number is not printed by a snippet)"},
            "context": {"type": "string"},
        },
    },
}


class ErrataError(ValueError):
    """A wrong entry in the errata data, or a directive that names no entry."""


@dataclass
class Located:
    """A YAML list read with its lines (1-based): each item's first line and each field's span."""

    items: list
    lines: list[int] = field(default_factory=list)
    spans: list[dict[str, tuple[int, int]]] = field(default_factory=list)


def read_list(text: str) -> Located:
    """A YAML document that must be a list (empty: no items), with the line of every item and the
    (first, last) lines of every field of a mapping item. yaml.YAMLError when it is not YAML."""
    data = yaml.load(text, Loader=_LOADER)
    located = Located(data if data is not None else [])
    node = yaml.compose(text, Loader=_LOADER)
    for item in node.value if isinstance(node, yaml.SequenceNode) else []:
        located.lines.append(item.start_mark.line + 1)
        spans = {}
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                end = value.end_mark.line + (1 if value.end_mark.column else 0)
                spans[str(key.value)] = (key.start_mark.line + 1, max(end, key.start_mark.line + 1))
        located.spans.append(spans)
    return located


def schema_problems(located: Located, schema: dict, path: str, label=None) -> list[Problem]:
    """The schema's verdict on every item, one problem per item and failing rule, in file order.
    `label(index, item)` names an entry (default: `entry N`)."""
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    if not isinstance(located.items, list):
        return [Problem(path, 1, "", f"expected a list of entries, got {type(located.items).__name__}")]
    for error in sorted(validator.iter_errors(located.items), key=lambda e: list(e.absolute_path)):
        index = error.absolute_path[0] if error.absolute_path else None
        if index is None:
            continue
        item = located.items[index]
        line = located.lines[index] if index < len(located.lines) else 0
        rest = list(error.absolute_path)[1:]
        name = str(rest[0]) if rest else ""
        if name and isinstance(item, dict):
            line = located.spans[index].get(name, (line, line))[0]
        entry = label(index, item) if label else f"entry {index + 1}"
        problems.append(Problem(path, line, entry, _describe(error, name, schema)))
    return problems


def _describe(error: jsonschema.ValidationError, name: str, schema: dict) -> str:
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        rules = error.schema.get("properties") or schema["items"]["properties"]
        described = [rules[k]["description"] for k in missing if "description" in rules[k]]
        return described[0] if described else f"missing {', '.join(missing)}"
    if error.validator == "additionalProperties":
        known = error.schema["properties"]
        unknown = sorted(k for k in error.instance if k not in known)
        return f"unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
    if error.validator == "type" and not name:
        return "expected a mapping of fields"
    rule = schema["items"]["properties"].get(name, {})
    if "description" in rule:
        return rule["description"]
    if error.validator == "enum":
        return f"{name} must be one of {', '.join(map(str, error.validator_value))}, not {error.instance!r}"
    return f"{name}: {error.message}"


# ---- the corrections ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """A line a snippet prints that shows an error's quoted sentence false, and the sentence
    ("The note says …; this line shows …") that names the contradiction."""

    snippet: str
    line: str
    shows: str


@dataclass(frozen=True)
class Correction:
    """One entry of docs/errata.yml: an error of the notes and its correction."""

    id: str
    note: str
    section: str
    quotes: tuple[str, ...]
    kind: str
    title: str
    wrong: str
    fix: str
    page: str
    formula: str = ""
    proof: tuple[str, ...] = ()
    original: str = ""
    corrected: str = ""
    nature: str = ""
    evidence: tuple[Evidence, ...] = ()
    note_code: str = ""
    reproduction: str = ""
    line: int = 0  # where the entry starts in the data file
    spans: tuple[tuple[str, tuple[int, int]], ...] = ()  # field -> (first, last) line of its value

    @property
    def page_file(self) -> str:
        return self.page.split("#", 1)[0]

    @property
    def snippets(self) -> tuple[str, ...]:
        """Every snippet the entry names (original, corrected, proof), in that order, once each."""
        return tuple(dict.fromkeys(p for p in (self.original, self.corrected, *self.proof) if p))

    def span(self, key: str) -> tuple[int, int]:
        return dict(self.spans).get(key, (0, 0))


@dataclass
class Errata:
    entries: list[Correction]
    path: Path = DATA
    by_id: dict[str, Correction] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entries}

    def get(self, entry_id: str) -> Correction:
        try:
            return self.by_id[entry_id]
        except KeyError:
            close = [i for i in self.by_id if entry_id in i or i in entry_id][:3]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ErrataError(f"{self.path}: no entry with id {entry_id!r}{hint}") from None

    def on_page(self, page: str) -> list[Correction]:
        return [e for e in self.entries if e.page_file == page]

    def snippets(self) -> set[str]:
        """Every snippet path (under snippets/) that the errata show or cite."""
        return {s for e in self.entries for s in e.snippets}


def declared_error_type(snippet: str, snippets_dir: Path = SNIPPETS_DIR) -> str | None:
    """The exception type that the snippet (a path under `snippets_dir`) declares with
    `# expect-error:`, or None (also for a file that cannot be read)."""
    try:
        declared = expected_error((snippets_dir / snippet).read_text(encoding="utf-8"))
    except OSError:
        return None
    return declared.type if declared else None


_loaded: dict[tuple, tuple] = {}  # (data, snippet stamps, file stamp, when, text, build)


def load(path: Path = DATA, snippets_dir: Path = SNIPPETS_DIR) -> Errata:
    """Read and validate the data file: the first problem is an ErrataError naming the file, the
    line and the entry. Memoised on the file's bytes and the modification times of the snippets its
    entries name (what the validation reads besides the file): a build asks for it once per page and
    per directive, `mkdocs serve` sees every change, and a call costs the same whatever the number of
    snippets. The file is read again only when its stamp (size, times, inode) changed or was taken
    within `filememo.RACY_SECONDS` of its last change (a write in the same tick of the clock keeps
    a stamp)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ErrataError(f"{path}: cannot read the errata data: {exc}") from None
    stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    memo = _loaded.get((str(path), str(snippets_dir)))
    if memo is not None and memo[2] == stamp and _build[0] is not None and memo[5] == _build[0]:
        return memo[0]  # validated in this build already (see `in_build`)
    if memo is not None and memo[2] == stamp and memo[3] >= max(st.st_mtime_ns, st.st_ctime_ns) + \
            int(filememo.RACY_SECONDS * 1e9) and _restamp(memo[1], snippets_dir) == memo[1]:
        _loaded[(str(path), str(snippets_dir))] = (*memo[:5], _build[0])
        return memo[0]
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ErrataError(f"{path}: cannot read the errata data: {exc}") from None
    if memo is not None and memo[4] == text and _restamp(memo[1], snippets_dir) == memo[1]:
        _loaded[(str(path), str(snippets_dir))] = (*memo[:2], stamp, time.time_ns(), text, _build[0])
        return memo[0]
    _loaded.clear()
    data = _load(Path(path), text, snippets_dir)
    _loaded[(str(path), str(snippets_dir))] = (data, _stamps(data, snippets_dir), stamp, time.time_ns(), text,
                                               _build[0])
    return data


_build: list = [None]  # the build under way (`in_build`), or None


def in_build(token: object | None) -> None:
    """Tell `load` that a build is under way (`token`: anything that identifies it; None: it is
    over). Within one build the snippets the entries name are checked once, not on every call
    (a report asks once per errata directive of every page: hundreds of times in a big site); the
    errata file's own stamp is still checked on every call. The MkDocs hook calls it."""
    _build[0] = token


def _stamps(data: Errata, snippets_dir: Path) -> tuple:
    """(snippet, modification time or None) of every snippet the entries name, evidence included."""
    return _restamp([(s, None) for s in sorted({s for e in data.entries
                                                for s in (*e.snippets, *(ev.snippet for ev in e.evidence))})],
                    snippets_dir)


def _restamp(stamps, snippets_dir: Path) -> tuple:
    """The same snippets' (snippet, modification time or None), as they are now."""
    named = [snippet for snippet, _ in stamps]
    stamps = []
    folder = os.fspath(snippets_dir)
    for snippet in named:
        try:
            stamps.append((snippet, os.stat(os.path.join(folder, snippet)).st_mtime_ns))
        except OSError:
            stamps.append((snippet, None))
    return tuple(stamps)


def entry_ids(path: Path) -> list[str]:
    """The ids of an errata file's entries, without validating it ([] when it cannot be read)."""
    try:
        items = read_list(Path(path).read_text(encoding="utf-8")).items
    except (OSError, yaml.YAMLError):
        return []
    return [str(i["id"]) for i in items if isinstance(i, dict) and "id" in i] if isinstance(items, list) else []


def _label(index: int, item) -> str:
    return f"entry {item['id']!r}" if isinstance(item, dict) and isinstance(item.get("id"), str) else \
        f"entry {index + 1}"


def _load(path: Path, text: str, snippets_dir: Path) -> Errata:
    shown = display_path(path)
    try:
        located = read_list(text)
    except yaml.YAMLError as exc:
        raise ErrataError(f"{shown}: not valid YAML: {exc}") from None
    problems = schema_problems(located, ERRATA_SCHEMA, shown, _label)
    if problems:
        raise ErrataError(str(problems[0]))
    entries, seen = [], set()
    for n, item in enumerate(located.items):
        problem = _check_files(item, snippets_dir, seen)
        if problem:
            raise ErrataError(str(Problem(shown, located.lines[n], _label(n, item), problem)))
        seen.add(item["id"])
        quotes = item["quote"] if isinstance(item["quote"], list) else [item["quote"]]
        evidence = item.get("evidence") or []
        evidence = [evidence] if isinstance(evidence, dict) else evidence
        entries.append(Correction(
            id=item["id"], note=item["note"], section=item["section"], quotes=tuple(quotes),
            kind=item["kind"], title=item["title"], wrong=item["wrong"].strip(), fix=item["fix"].strip(),
            page=item["page"], formula=item.get("formula") or "", proof=tuple(item.get("proof") or ()),
            original=item.get("original") or "", corrected=item.get("corrected") or "",
            nature=item.get("nature") or "",
            evidence=tuple(Evidence(e["snippet"], e["line"], " ".join(e["shows"].split())) for e in evidence),
            note_code=item.get("note_code") or "", reproduction=item.get("reproduction") or "",
            line=located.lines[n], spans=tuple(located.spans[n].items())))
    return Errata(entries, path)


def _check_files(item: dict, snippets_dir: Path, seen: set[str]) -> str:
    """What the schema cannot say about an entry: "" when it is right."""
    if item["id"] in seen:
        return "duplicate id"
    evidence = item.get("evidence") or []
    evidence = [evidence] if isinstance(evidence, dict) else evidence
    named = [("original", item.get("original")), ("corrected", item.get("corrected")),
             *(("proof", p) for p in item.get("proof") or ()), *(("evidence", e["snippet"]) for e in evidence)]
    for key, snippet in named:
        if snippet and not (snippets_dir / snippet).is_file():
            return f"{key}: snippets/{snippet} does not exist"
    if item.get("original") and declared_error_type(item["original"], snippets_dir) is None:
        return f"original: snippets/{item['original']} declares no `# expect-error:`"
    if item.get("corrected") and declared_error_type(item["corrected"], snippets_dir) is not None:
        return f"corrected: snippets/{item['corrected']} is an expect-error snippet"
    return ""
