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

The data is read and validated by `snippetkit.errata_data`; headings and includes are read by
`snippetkit.markup`. It needs no MkDocs hook (Zensical runs markdown extensions, not hooks). A
wrong entry or an unknown ID is an error that names the data file, the line and the entry.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from snippetkit import DOCS_DIR, SNIPPETS_DIR, markup
from snippetkit.errata_data import (
    DATA,
    DIRECTIVE,
    KINDS,
    NOTES,
    PAGE_PATTERN,
    Correction,
    Errata,
    ErrataError,
    declared_error_type,
    load,
)

PAGE = re.compile(PAGE_PATTERN)
FAILS_CLASS = "snippet-fails"
FAILS_TITLE = "Original — fails with {error}"


# ------------------------------------------------------------------------------ rendering

def _code_span(text: str) -> str:
    ticks = max((len(t) for t in re.findall(r"`+", text)), default=0)
    fence = "`" * (ticks + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or ticks else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _where(e: Correction) -> str:
    return f"{NOTES[e.note]}, “{e.section}”"


def _block(snippet: str, title: str, classes: str = "") -> list[str]:
    if classes:
        opener = f'```{{ .python {classes} title="{title}" }}'
    else:
        opener = f'```python title="{title}"'
    return [opener, f'--8<-- "{snippet}"', "```"]


def failing_block(snippet: str, snippets_dir: Path = SNIPPETS_DIR) -> list[str]:
    """An include of an expect-error snippet, titled and styled as failing."""
    error = declared_error_type(snippet, snippets_dir) or "an error"
    return _block(snippet, f"{FAILS_TITLE.format(error=error)}: {snippet}", f".{FAILS_CLASS}")


def _indent(lines: list[str], by: str = "    ") -> list[str]:
    return [by + line if line else "" for line in lines]


def _formula(e: Correction) -> list[str]:
    return ["$$", e.formula, "$$", ""] if e.formula else []


def _note_code(e: Correction) -> list[str]:
    """The note's own lines, verbatim, and what the reproduction adds to them."""
    if not e.note_code:
        return []
    fence = "`" * max(3, 1 + max((len(t) for t in re.findall(r"`+", e.note_code)), default=0))
    return [f"The note's code, as it was written ({NOTES[e.note]}):", "",
            f"{fence}text", *e.note_code.rstrip("\n").split("\n"), fence, "",
            f"**The reproduction below:** {e.reproduction}", ""]


def _code(e: Correction, shown_on_page: set[str], snippets_dir: Path) -> list[str]:
    """Corrected program first, then the note's own code and its failing reproduction: tabs, or a
    link where the page already shows the corrected program."""
    out: list[str] = []
    if e.original:
        error = declared_error_type(e.original, snippets_dir) or "an error"
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


def _evidence(e: Correction) -> list[str]:
    """The printed lines that show the note's statement false, each with its sentence saying how."""
    if not e.evidence:
        return []
    shown = [f"`{ev.snippet}` prints {_code_span(ev.line)}. {ev.shows}" for ev in e.evidence]
    if len(shown) == 1:
        return [f"**Shown by a program:** {shown[0]}", ""]
    return ["**Shown by programs:**", "", *(f"- {s}" for s in shown), ""]


NATURE_LABELS = {"error": "Error", "addition": "Addition", "source": "About the source"}


def box_title(e: Correction) -> str:
    """The admonition line of an entry's box: a correction, an addition to a note that is right, or
    a note about the source (a file that did not come with the text)."""
    if e.nature == "addition":
        return f'??? note "Addition: {e.title}"'
    if e.nature == "source":
        return f'??? info "About the source: {e.title}"'
    return f'??? bug "Correction: {e.title}"'


def _wrong_and_fix(e: Correction) -> list[str]:
    if e.nature in ("addition", "source"):  # the note is right ("More precisely, ...") or not at fault
        return [e.wrong, "", e.fix]
    return [e.wrong, "", f"**Fix.** {e.fix}"]


def render_box(e: Correction, errata_page: str, shown_on_page: set[str],
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


def render_list(entries: list[Correction], errata_page: str) -> list[str]:
    if not entries:
        return ["No corrections: the notes' text behind this page is right as it stands.", ""]
    rows = ["| Where | Quote | Kind | Correction |", "| --- | --- | --- | --- |"]
    for e in entries:
        quote = _code_span(e.quotes[0]).replace("|", "\\|") + (" …" if len(e.quotes) > 1 else "")
        kind = KINDS[e.kind] + ("" if e.nature == "error" else f" ({NATURE_LABELS[e.nature].lower()})")
        rows.append(f"| {_where(e)} | {quote} | {kind} | [{e.title}]({errata_page}#{e.id}) |")
    return [*rows, ""]


def target_title(e: Correction, docs_dir: Path) -> str:
    """'Page title › Heading' for an entry's page link; an error if the page or anchor is missing."""
    m = PAGE.match(e.page)
    page = docs_dir / m.group("file")
    if not page.is_file():
        raise ErrataError(f"entry {e.id!r}: page {m.group('file')} does not exist in {docs_dir}")
    headings = {h.id: h.plain for h in markup.headings(page.read_text(encoding="utf-8"))}
    anchor = m.group("anchor")
    if anchor not in headings:
        raise ErrataError(f"entry {e.id!r}: {m.group('file')} has no heading with the anchor #{anchor}")
    first = next(iter(headings.values()), m.group("file"))
    return first if headings[anchor] == first else f"{first} › {headings[anchor]}"


def render_page(errata: Errata, docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR) -> list[str]:
    entries = errata.entries
    errors = [e for e in entries if e.nature not in ("addition", "source")]
    additions = [e for e in entries if e.nature == "addition"]
    sources = [e for e in entries if e.nature == "source"]
    out = [f"**{len(errors)} errors** in the two notes, each with its correction; **{len(additions)} "
           "additions**, where a note is right and the site says more; and "
           f"**{len(sources)} notes about the source**, files the notes embed that did not come with "
           "their text (not errors of their content):", "",
           "| Kind | " + " | ".join(f"Errors, {n}" for n in NOTES.values())
           + " | Errors | Additions | About the source |",
           "| --- | " + " | ".join("---:" for _ in NOTES) + " | ---: | ---: | ---: |"]
    for kind, label in KINDS.items():
        counts = [sum(1 for e in errors if e.kind == kind and e.note == n) for n in NOTES]
        added = sum(1 for e in additions if e.kind == kind)
        about = sum(1 for e in sources if e.kind == kind)
        out.append(f"| {label} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} | {added} | {about} |")
    totals = [sum(1 for e in errors if e.note == n) for n in NOTES]
    out += ["| **All** | " + " | ".join(f"**{t}**" for t in totals)
            + f" | **{len(errors)}** | **{len(additions)}** | **{len(sources)}** |", ""]
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
            nature = NATURE_LABELS.get(e.nature, "Error")
            out += [f'<div class="errata-entry errata-{e.nature or "error"}" id="{e.id}" markdown>', "",
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
        grammar = (self.md.preprocessors["snippet"] if "snippet" in self.md.preprocessors
                   else markup.snippet_grammar(str(self.ext.snippets_dir)))
        shown = {t.path for inc in markup.find_includes(lines, grammar) for t in inc.targets}
        prose = set(markup.outside_fences(lines))
        out: list[str] = []
        for k, line in enumerate(lines):
            d = DIRECTIVE.match(line) if k in prose else None
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
