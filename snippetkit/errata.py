"""Python-Markdown extension: the corrections of the original notes, rendered from one data file.

Every correction is written once, in `docs/errata.yml` (fields: see that file's header and
CONTRIBUTING.md). A preprocessor (priority 40: before the output attacher at 34 and
pymdownx.snippets at 32, so the includes it writes are expanded like any other) replaces three
directives, each alone on a line (indentation kept):

- `!errata ID` : a short collapsible box `??? bug "Correction: ..."` for one entry, linking to
  its entry on the errata page. For a code error it shows the note's failing original, titled
  "Original — fails with <error>" and styled `.snippet-fails`; the working program comes first:
  as a tab before the original, or, when the page already includes it, as a link to it.
- `!errata list PAGE` : the list of the entries whose corrected version lives on PAGE.
- `!errata page` : the whole errata page: counts by kind and note, then every entry grouped by
  note and section in the notes' order, with its quote, correction, a link to where the corrected
  version lives, and, for code errors, the tabs Corrected | Original.

It imports nothing from the rest of snippetkit but its path constants, and needs no MkDocs hook
(Zensical runs markdown extensions, not hooks). A wrong entry or an unknown ID is an error that
names the data file and the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown import Extension
from markdown.extensions.toc import slugify
from markdown.preprocessors import Preprocessor

from snippetkit import DOCS_DIR, SNIPPETS_DIR

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
REQUIRED = ("id", "note", "section", "quote", "kind", "title", "wrong", "fix", "page")
OPTIONAL = ("formula", "proof", "original", "corrected", "nature", "evidence", "note_code", "reproduction")
NATURES = ("error", "addition")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PAGE = re.compile(r"^(?P<file>[\w./-]+\.md)#(?P<anchor>[-\w]+)$")
DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)!errata(?:[ \t]+(?P<args>.*?))?[ \t]*$")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
INCLUDE = re.compile(r"""^[ \t]*-+8<-+[ \t]+["'](?P<path>[^"':]+\.py)(?::[^"']*)?["'][ \t]*$""")
EXPECT_ERROR = re.compile(r"^#\s*expect-error:\s*(?P<type>[A-Za-z_][\w.]*)")
FAILS_CLASS = "snippet-fails"
FAILS_TITLE = "Original — fails with {error}"


class ErrataError(ValueError):
    """A wrong entry in the data file, or a directive that names no entry."""


@dataclass(frozen=True)
class Entry:
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
    evidence: tuple[tuple[str, str], ...] = ()
    note_code: str = ""
    reproduction: str = ""

    @property
    def page_file(self) -> str:
        return self.page.split("#", 1)[0]

    @property
    def snippets(self) -> tuple[str, ...]:
        """Every snippet the entry names (original, corrected, proof), in that order, once each."""
        return tuple(dict.fromkeys(p for p in (self.original, self.corrected, *self.proof) if p))


@dataclass
class Errata:
    entries: list[Entry]
    path: Path = DATA
    by_id: dict[str, Entry] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entries}

    def get(self, entry_id: str) -> Entry:
        try:
            return self.by_id[entry_id]
        except KeyError:
            close = [i for i in self.by_id if entry_id in i or i in entry_id][:3]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise ErrataError(f"{self.path}: no entry with id {entry_id!r}{hint}") from None

    def on_page(self, page: str) -> list[Entry]:
        return [e for e in self.entries if e.page_file == page]

    def snippets(self) -> set[str]:
        """Every snippet path (under snippets/) that the errata show or cite."""
        return {s for e in self.entries for s in e.snippets}


def expected_error(snippet: str, snippets_dir: Path = SNIPPETS_DIR) -> str | None:
    """The exception type a snippet declares with `# expect-error: Type: ...`, or None."""
    try:
        text = (snippets_dir / snippet).read_text(encoding="utf-8")
    except OSError:
        return None
    for line in text.splitlines():
        m = EXPECT_ERROR.match(line.strip())
        if m:
            return m.group("type")
    return None


_loaded: dict[tuple, Errata] = {}


def load(path: Path = DATA, snippets_dir: Path = SNIPPETS_DIR) -> Errata:
    """Read and validate the data file: every problem is an error naming the file and the entry.

    Memoised on the file's bytes and the snippets' modification times: a build asks for it once
    per page, and `mkdocs serve` sees every change."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ErrataError(f"{path}: cannot read the errata data: {exc}") from None
    stamps = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in Path(snippets_dir).rglob("*.py")))
    key = (str(path), text, str(snippets_dir), stamps)
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = _load(path, text, snippets_dir)
    return _loaded[key]


def _load(path: Path, text: str, snippets_dir: Path) -> Errata:
    try:
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise ErrataError(f"{path}: cannot read the errata data: {exc}") from None
    except yaml.YAMLError as exc:
        raise ErrataError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, list):
        raise ErrataError(f"{path}: expected a list of entries, got {type(raw).__name__}")
    entries, seen = [], set()
    for n, item in enumerate(raw, start=1):
        where = f"{path}: entry {n}"
        if not isinstance(item, dict):
            raise ErrataError(f"{where}: expected a mapping of fields")
        if isinstance(item.get("id"), str):
            where = f"{path}: entry {item['id']!r}"
        missing = [k for k in REQUIRED if not item.get(k)]
        if missing:
            raise ErrataError(f"{where}: missing {', '.join(missing)}")
        unknown = sorted(set(item) - set(REQUIRED) - set(OPTIONAL))
        if unknown:
            raise ErrataError(f"{where}: unknown field(s) {', '.join(unknown)}")
        if not ID.match(str(item["id"])):
            raise ErrataError(f"{where}: id must be a lower-case slug (letters, digits, dashes)")
        if item["id"] in seen:
            raise ErrataError(f"{where}: duplicate id")
        seen.add(item["id"])
        if item["note"] not in NOTES:
            raise ErrataError(f"{where}: note must be one of {', '.join(NOTES)}, not {item['note']!r}")
        if item["kind"] not in KINDS:
            raise ErrataError(f"{where}: kind must be one of {', '.join(KINDS)}, not {item['kind']!r}")
        if not PAGE.match(str(item["page"])):
            raise ErrataError(f"{where}: page must be 'page.md#anchor', not {item['page']!r}")
        if '"' in str(item["title"]):
            raise ErrataError(f"{where}: title must not contain a double quote (it becomes a box title)")
        quotes = item["quote"] if isinstance(item["quote"], list) else [item["quote"]]
        if not quotes or not all(isinstance(q, str) and q.strip() for q in quotes):
            raise ErrataError(f"{where}: quote must be a non-empty string or list of strings")
        proof = item.get("proof") or []
        if not isinstance(proof, list):
            raise ErrataError(f"{where}: proof must be a list of snippet paths")
        for key, paths in (("original", [item.get("original")]), ("corrected", [item.get("corrected")]),
                           ("proof", proof)):
            for p in paths:
                if p and not (snippets_dir / str(p)).is_file():
                    raise ErrataError(f"{where}: {key}: snippets/{p} does not exist")
        original = item.get("original") or ""
        if original and expected_error(original, snippets_dir) is None:
            raise ErrataError(f"{where}: original: snippets/{original} declares no `# expect-error:`")
        corrected = item.get("corrected") or ""
        if corrected and expected_error(corrected, snippets_dir) is not None:
            raise ErrataError(f"{where}: corrected: snippets/{corrected} is an expect-error snippet")
        nature = item.get("nature") or ""
        if nature and nature not in NATURES:
            raise ErrataError(f"{where}: nature must be one of {', '.join(NATURES)}, not {nature!r}")
        evidence = item.get("evidence") or []
        if isinstance(evidence, dict):
            evidence = [evidence]
        if not isinstance(evidence, list) or not all(
                isinstance(e, dict) and set(e) == {"snippet", "line"} and all(isinstance(v, str) for v in e.values())
                for e in evidence):
            raise ErrataError(f"{where}: evidence must be {{snippet: path, line: text}} or a list of them")
        for e in evidence:
            if not (snippets_dir / e["snippet"]).is_file():
                raise ErrataError(f"{where}: evidence: snippets/{e['snippet']} does not exist")
        entries.append(Entry(
            id=item["id"], note=item["note"], section=str(item["section"]), quotes=tuple(quotes),
            kind=item["kind"], title=str(item["title"]), wrong=str(item["wrong"]).strip(),
            fix=str(item["fix"]).strip(), page=item["page"], formula=str(item.get("formula") or ""),
            proof=tuple(proof), original=original, corrected=corrected, nature=nature,
            evidence=tuple((e["snippet"], e["line"]) for e in evidence),
            note_code=str(item.get("note_code") or ""), reproduction=str(item.get("reproduction") or "")))
    return Errata(entries, path)


# ------------------------------------------------------------------------------ rendering

def _code_span(text: str) -> str:
    ticks = max((len(t) for t in re.findall(r"`+", text)), default=0)
    fence = "`" * (ticks + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or ticks else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _where(e: Entry) -> str:
    return f"{NOTES[e.note]}, “{e.section}”"


def _block(snippet: str, title: str, classes: str = "") -> list[str]:
    if classes:
        opener = f'```{{ .python {classes} title="{title}" }}'
    else:
        opener = f'```python title="{title}"'
    return [opener, f'--8<-- "{snippet}"', "```"]


def failing_block(snippet: str, snippets_dir: Path = SNIPPETS_DIR) -> list[str]:
    """An include of an expect-error snippet, titled and styled as failing."""
    error = expected_error(snippet, snippets_dir) or "an error"
    return _block(snippet, f"{FAILS_TITLE.format(error=error)}: {snippet}", f".{FAILS_CLASS}")


def _indent(lines: list[str], by: str = "    ") -> list[str]:
    return [by + line if line else "" for line in lines]


def _formula(e: Entry) -> list[str]:
    return ["$$", e.formula, "$$", ""] if e.formula else []


def _note_code(e: Entry) -> list[str]:
    """The note's own lines, verbatim, and what the reproduction adds to them."""
    if not e.note_code:
        return []
    fence = "`" * max(3, 1 + max((len(t) for t in re.findall(r"`+", e.note_code)), default=0))
    return [f"The note's code, as it was written ({NOTES[e.note]}):", "",
            f"{fence}text", *e.note_code.rstrip("\n").split("\n"), fence, "",
            f"**The reproduction below:** {e.reproduction}", ""]


def _code(e: Entry, shown_on_page: set[str], snippets_dir: Path) -> list[str]:
    """Corrected program first, then the failing original: tabs, or a link where the page has it."""
    out: list[str] = []
    if e.original:
        error = expected_error(e.original, snippets_dir) or "an error"
        if e.corrected and e.corrected not in shown_on_page:
            out += ['=== "Corrected"', "", *_indent(_block(e.corrected, e.corrected)), "",
                    f'=== "{FAILS_TITLE.format(error=error)}"', "",
                    *_indent([*_note_code(e), *failing_block(e.original, snippets_dir)]), ""]
        else:
            if e.corrected:
                out += [f"**Corrected:** [`{e.corrected}`]({e.page}).", ""]
            out += [*_note_code(e), *failing_block(e.original, snippets_dir), ""]
    elif e.corrected and e.corrected not in shown_on_page:
        out += [*_block(e.corrected, e.corrected), ""]
    return out


def _evidence(e: Entry) -> list[str]:
    """The printed lines that show the note's statement false."""
    if not e.evidence:
        return []
    shown = " · ".join(f"`{snippet}` prints {_code_span(line)}" for snippet, line in e.evidence)
    return [f"**Shown by a program:** {shown}", ""]


def box_title(e: Entry) -> str:
    """The admonition line of an entry's box: a correction, or an addition to a note that is right."""
    if e.nature == "addition":
        return f'??? note "Addition: {e.title}"'
    return f'??? bug "Correction: {e.title}"'


def _wrong_and_fix(e: Entry) -> list[str]:
    if e.nature == "addition":  # the data say that the note is right, then "More precisely, ..."
        return [e.wrong, "", e.fix]
    return [e.wrong, "", f"**Fix.** {e.fix}"]


def render_box(e: Entry, errata_page: str, shown_on_page: set[str],
               snippets_dir: Path = SNIPPETS_DIR) -> list[str]:
    quotes = " · ".join(_code_span(q) for q in e.quotes)
    wrong_and_fix = _wrong_and_fix(e)
    wrong_and_fix[-1] += f" [Errata entry]({errata_page}#{e.id})"
    body = [f"*{_where(e)}:* {quotes}", "",
            *wrong_and_fix, "",
            *_formula(e),
            *_evidence(e),
            *_code(e, shown_on_page, snippets_dir)]
    while body and not body[-1]:
        body.pop()
    return [box_title(e), "", *_indent(body), ""]


def render_list(entries: list[Entry], errata_page: str) -> list[str]:
    if not entries:
        return ["No corrections: the notes' text behind this page is right as it stands.", ""]
    rows = ["| Where | Quote | Kind | Correction |", "| --- | --- | --- | --- |"]
    for e in entries:
        quote = _code_span(e.quotes[0]).replace("|", "\\|") + (" …" if len(e.quotes) > 1 else "")
        kind = KINDS[e.kind] + (" (addition)" if e.nature == "addition" else "")
        rows.append(f"| {_where(e)} | {quote} | {kind} | [{e.title}]({errata_page}#{e.id}) |")
    return [*rows, ""]


def _headings(page: Path) -> dict[str, str]:
    """anchor -> heading text of a page, as the toc extension slugifies them."""
    found: dict[str, str] = {}
    in_fence = ""
    for line in page.read_text(encoding="utf-8").splitlines():
        m = FENCE.match(line)
        if m:
            mark = m.group("fence")
            if not in_fence:
                in_fence = mark
            elif mark[0] == in_fence[0] and len(mark) >= len(in_fence):
                in_fence = ""
            continue
        h = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if h and not in_fence:
            text = re.sub(r"\s*\{[^}]*\}\s*$", "", h.group(1))
            explicit = re.search(r"\{[^}]*#([-\w]+)[^}]*\}\s*$", h.group(1))
            plain = re.sub(r"[`*]", "", text).replace("$", "")
            slug = explicit.group(1) if explicit else slugify(plain, "-")
            base, n = slug, 1
            while slug in found:
                slug, n = f"{base}_{n}", n + 1
            found[slug] = plain
    return found


def target_title(e: Entry, docs_dir: Path) -> str:
    """'Page title › Heading' for an entry's page link; an error if the page or anchor is missing."""
    m = PAGE.match(e.page)
    page = docs_dir / m.group("file")
    if not page.is_file():
        raise ErrataError(f"entry {e.id!r}: page {m.group('file')} does not exist in {docs_dir}")
    headings = _headings(page)
    anchor = m.group("anchor")
    if anchor not in headings:
        raise ErrataError(f"entry {e.id!r}: {m.group('file')} has no heading with the anchor #{anchor}")
    first = next(iter(headings.values()), m.group("file"))
    return first if headings[anchor] == first else f"{first} › {headings[anchor]}"


def render_page(errata: Errata, docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR) -> list[str]:
    entries = errata.entries
    errors = [e for e in entries if e.nature != "addition"]
    additions = [e for e in entries if e.nature == "addition"]
    out = [f"**{len(errors)} errors** in the two notes, each with its correction, and **{len(additions)} "
           "additions**, where a note is right and the site says more:", "",
           "| Kind | " + " | ".join(f"Errors, {n}" for n in NOTES.values()) + " | Errors | Additions |",
           "| --- | " + " | ".join("---:" for _ in NOTES) + " | ---: | ---: |"]
    for kind, label in KINDS.items():
        counts = [sum(1 for e in errors if e.kind == kind and e.note == n) for n in NOTES]
        added = sum(1 for e in additions if e.kind == kind)
        out.append(f"| {label} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} | {added} |")
    totals = [sum(1 for e in errors if e.note == n) for n in NOTES]
    out += ["| **All** | " + " | ".join(f"**{t}**" for t in totals)
            + f" | **{len(errors)}** | **{len(additions)}** |", ""]
    for note, label in NOTES.items():
        out += [f"## {label}", ""]
        section = None
        for e in (x for x in entries if x.note == note):
            if e.section != section:
                section = e.section
                out += [f"### {section}", ""]
            quotes = [f"> {_code_span(q)}" for q in e.quotes]
            quotes = [q + ("  " if i < len(quotes) - 1 else "") for i, q in enumerate(quotes)]
            proof = ", ".join(f"`{p}`" for p in e.proof)
            title = e.title[:1].upper() + e.title[1:]
            nature = "Addition" if e.nature == "addition" else "Error"
            out += [f'<div class="errata-entry errata-{nature.lower()}" id="{e.id}" markdown>', "",
                    f"**{title}** · *{nature} · {KINDS[e.kind]}* [¶](#{e.id}){{ .errata-permalink }}", "",
                    *quotes, "",
                    *_wrong_and_fix(e), "",
                    *_formula(e),
                    *_evidence(e),
                    *_code(e, set(), snippets_dir),
                    f"Corrected on the site: [{target_title(e, docs_dir)}]({e.page})"
                    + (f" · Proof: {proof}" if proof else ""), "",
                    "</div>", ""]
    return out


# ------------------------------------------------------------------------------ the extension

class ErrataPreprocessor(Preprocessor):
    def __init__(self, md, ext: ErrataExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        if not any(DIRECTIVE.match(line) for line in lines):
            return lines
        errata = self.ext.errata()
        shown = {m.group("path") for m in map(INCLUDE.match, lines) if m}
        out: list[str] = []
        in_fence = ""
        for line in lines:
            m = FENCE.match(line)
            if m:
                mark = m.group("fence")
                if not in_fence:
                    in_fence = mark
                elif mark[0] == in_fence[0] and len(mark) >= len(in_fence) and not line.strip()[len(mark):].strip():
                    in_fence = ""
            d = None if in_fence or m else DIRECTIVE.match(line)
            if not d:
                out.append(line)
                continue
            out += _indent(self.expand(d.group("args") or "", errata, shown), d.group("indent"))
        return out

    def expand(self, args: str, errata: Errata, shown: set[str]) -> list[str]:
        words = args.split()
        page, docs, snippets = self.ext.getConfig("errata_page"), self.ext.docs_dir, self.ext.snippets_dir
        if words == ["page"]:
            return render_page(errata, docs, snippets)
        if len(words) == 2 and words[0] == "list":
            return render_list(errata.on_page(words[1]), page)
        if len(words) == 1:
            return render_box(errata.get(words[0]), page, shown, snippets)
        raise ErrataError(f"unknown errata directive '!errata {args}': use '!errata ID', "
                          "'!errata list PAGE.md' or '!errata page'")


class ErrataExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {
            "data": [str(DATA), "the errata data file (YAML)"],
            "errata_page": ["errata.md", "the errata page, relative to the pages that link to it"],
            "docs_dir": [str(DOCS_DIR), "where the pages are (to check the entries' anchors)"],
            "snippets_dir": [str(SNIPPETS_DIR), "where the snippets are"],
        }
        super().__init__(**kwargs)
        self._cache: tuple[float, Errata] | None = None

    @property
    def docs_dir(self) -> Path:
        return Path(self.getConfig("docs_dir"))

    @property
    def snippets_dir(self) -> Path:
        return Path(self.getConfig("snippets_dir"))

    def errata(self) -> Errata:
        """The data, re-read when the file changes (mkdocs serve keeps the extension alive)."""
        path = Path(self.getConfig("data"))
        try:
            mtime = path.stat().st_mtime
        except OSError:
            raise ErrataError(f"{path}: the errata data file does not exist") from None
        if self._cache is None or self._cache[0] != mtime:
            self._cache = (mtime, load(path, self.snippets_dir))
        return self._cache[1]

    def extendMarkdown(self, md) -> None:
        md.registerExtension(self)
        md.preprocessors.register(ErrataPreprocessor(md, self), "snippetkit_errata", 40)


def makeExtension(**kwargs) -> ErrataExtension:  # noqa: N802 (Python-Markdown's entry point)
    return ErrataExtension(**kwargs)
