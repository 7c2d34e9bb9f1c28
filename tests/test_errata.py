"""The errata: one data file (docs/errata.yml) behind every correction box, list and the errata page.

Checks that the data are complete and true (quotes verbatim against the original notes, where
they are available), that every link goes both ways, that every failing original is shown as
failing, and that the home page's promise holds by construction: every entry is rendered on the
page where it is corrected and on the errata page.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections import Counter
from pathlib import Path

import markdown
import pytest

from snippetkit import DOCS_DIR, SNIPPETS_DIR, errata_data, exercises, source_notes
from snippetkit.markup import find_includes
from snippetkit.pages import errata

DATA = errata_data.load()
PAGES = sorted(DOCS_DIR.rglob("*.md"))


def expand(page: Path) -> str:
    """A page's markdown after the errata preprocessor (what the later extensions see)."""
    md = markdown.Markdown(extensions=["snippetkit.pages.errata"])
    ext = md.registeredExtensions[0]
    lines = page.read_text(encoding="utf-8").split("\n")
    return "\n".join(errata.ErrataPreprocessor(md, ext).run(lines))


EXPANDED = {p.relative_to(DOCS_DIR).as_posix(): expand(p) for p in PAGES}


def notes() -> dict[str, str]:
    """The original notes (snippetkit.source_notes); skipped where they are absent, failed where CI is set."""
    try:
        return source_notes.read()
    except source_notes.NotesMissing as exc:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"{exc}: quotes cannot be checked")


def headings(text: str) -> dict[str, int]:
    """Heading text (markup removed) -> offset of its line, for the note's headings: markdown
    headings and lines that open with a bold phrase, such as `**Adam Algorithm**`."""
    found: dict[str, int] = {}
    offset = 0
    for line in text.split("\n"):
        m = re.match(r"^#+\s+(.*)$", line) or re.match(r"^\*\*(.+?)\*\*", line)
        if m:
            title = " ".join(m.group(1).replace("*", "").split()).rstrip(":").strip()
            found.setdefault(title, offset)
        offset += len(line) + 1
    return found


def test_every_quote_is_verbatim_in_its_note_under_its_section_in_order():
    # Verbatim: each quote is an exact substring of the note (no whitespace normalisation), found
    # after the heading of its section; entries of one note follow the note's order.
    # The first quote lies inside its section: before the next section that any entry names (a
    # quote that occurs in several places, such as `Sequential([`, is the one of its section).
    texts, problems = notes(), []
    last = {n: -1 for n in texts}
    for e in DATA.entries:
        text = texts[e.note]
        sections = headings(text)
        if e.section not in sections:
            problems.append(f"{e.id}: Note {e.note} has no heading {e.section!r}")
            continue
        start = sections[e.section]
        ends = [sections[x.section] for x in DATA.entries
                if x.note == e.note and sections.get(x.section, -1) > start]
        end = min(ends, default=len(text))
        positions = []
        for q in e.quotes:
            at = text.find(q, start)
            if at < 0:
                where = "anywhere" if q not in text else f"after its section {e.section!r}"
                problems.append(f"{e.id}: quote not found {where} in Note {e.note}: {q!r}")
            positions.append(at)
        if positions and 0 <= end <= positions[0]:
            problems.append(f"{e.id}: its first quote is not inside its section {e.section!r}")
        if positions and positions[0] >= 0:
            if positions[0] < last[e.note]:
                problems.append(f"{e.id}: out of the note's order (entries must follow the note's text)")
            last[e.note] = positions[0]
    for note in texts:  # grouped by section: a section's entries are consecutive
        order = [e.section for e in DATA.entries if e.note == note]
        runs = [s for i, s in enumerate(order) if i == 0 or s != order[i - 1]]
        problems += [f"Note {note}: entries of {s!r} are not consecutive"
                     for s, n in Counter(runs).items() if n > 1]
    assert not problems, "\n".join(problems)


def test_quotes_are_short():
    long = [f"{e.id}: {len(q)} characters" for e in DATA.entries for q in e.quotes if len(q) > 160]
    assert not long, "quote the line or phrase that is wrong, not a passage:\n" + "\n".join(long)


def test_every_entry_has_a_kind_a_fix_and_a_valid_page_anchor():
    problems = []
    for e in DATA.entries:
        if e.kind not in errata_data.KINDS or not e.fix or not e.wrong:
            problems.append(f"{e.id}: kind, wrong and fix are required")
        try:
            errata.target_title(e, DOCS_DIR)
        except errata_data.ErrataError as exc:
            problems.append(str(exc))
        if e.kind == "math" and not e.formula and "$" not in e.fix:
            problems.append(f"{e.id}: a math entry shows the corrected formula")
    assert not problems, "\n".join(problems)


def test_code_entries_carry_their_programs():
    problems = []
    for e in DATA.entries:
        if e.original and errata_data.declared_error_type(e.original) is None:
            problems.append(f"{e.id}: original {e.original} is not an expect-error snippet")
        if e.original and not e.corrected:
            problems.append(f"{e.id}: a failing original needs the corrected program beside it")
    assert not problems, "\n".join(problems)


def test_every_expect_error_snippet_is_an_entrys_original():
    failing = {p.relative_to(SNIPPETS_DIR).as_posix() for p in SNIPPETS_DIR.rglob("*.py")
               if errata_data.declared_error_type(p.relative_to(SNIPPETS_DIR).as_posix())}
    originals = {e.original for e in DATA.entries if e.original}
    assert failing, "no expect-error snippet found: the test would prove nothing"
    assert failing <= originals, f"expect-error snippets not in docs/errata.yml: {sorted(failing - originals)}"
    assert all(s in EXPANDED["errata.md"] for s in failing)


@pytest.mark.parametrize("page", sorted(EXPANDED))
def test_failing_blocks_say_so(page):
    """Every include of an expect-error snippet, on any page (written or generated), has a title
    that says it fails and with what, and the failing style; an exercise's starter is titled as an
    exercise (it stops with its check's message until it is solved); any other include has neither."""
    problems = []
    text = EXPANDED[page]
    lines = text.split("\n")
    for inc in find_includes(text):
        info = lines[inc.start]
        for path, _ in inc.targets:
            error = errata_data.declared_error_type(path)
            title = re.search(r'title="([^"]*)"', info)
            title = title.group(1) if title else ""
            if exercises.is_starter(path):
                if title != f"{exercises.TITLE}: {path}" or error:
                    problems.append(f"{page}:{inc.start + 1}: {path} is an exercise's starter; its title must "
                                    f"be '{exercises.TITLE}: {path}' (and it carries no expect-error line: the "
                                    f"suite knows a starter stops with \"not yet\"), not {title!r}")
            elif error:
                if not title.startswith(f"Original — fails with {error}") or path not in title:
                    problems.append(f"{page}:{inc.start + 1}: {path} fails on purpose; its title must say "
                                    f"'Original — fails with {error}: {path}', not {title!r}")
                if f".{errata.FAILS_CLASS}" not in info:
                    problems.append(f"{page}:{inc.start + 1}: {path} lacks the .{errata.FAILS_CLASS} style")
            elif "fails" in title or errata.FAILS_CLASS in info:
                problems.append(f"{page}:{inc.start + 1}: {path} runs, yet is labelled as failing")
    assert not problems, "\n".join(problems)


def test_errata_page_counts_errors_additions_and_notes_about_the_source_apart():
    text = EXPANDED["errata.md"]
    errors = [e for e in DATA.entries if e.nature == "error"]
    additions = [e for e in DATA.entries if e.nature == "addition"]
    sources = [e for e in DATA.entries if e.nature == "source"]
    assert len(errors) + len(additions) + len(sources) == len(DATA.entries)
    assert f"**{len(errors)} errors**" in text and f"**{len(additions)} additions**" in text
    assert f"**{len(sources)} notes about the source**" in text
    rows = {m.group(1): [int(x) for x in m.group(2).split(" | ")]
            for m in re.finditer(r"^\| ([^|*]+?) \| (\d+ \| \d+ \| \d+ \| \d+ \| \d+) \|$", text, re.M)}
    for kind, label in errata_data.KINDS.items():
        a, b, total, added, about = rows[label]
        assert a == sum(1 for e in errors if e.kind == kind and e.note == "A"), label
        assert b == sum(1 for e in errors if e.kind == kind and e.note == "B"), label
        assert total == a + b
        assert added == sum(1 for e in additions if e.kind == kind), label
        assert about == sum(1 for e in sources if e.kind == kind), label
    assert sum(r[2] for r in rows.values()) == len(errors)
    assert sum(r[3] for r in rows.values()) == len(additions)
    assert sum(r[4] for r in rows.values()) == len(sources)
    by_note = Counter(e.note for e in errors)
    assert (f"| **All** | **{by_note['A']}** | **{by_note['B']}** | **{len(errors)}** | **{len(additions)}** "
            f"| **{len(sources)}** |" in text)


def test_every_evidence_is_shown_with_its_sentence_in_the_box_and_on_the_errata_page():
    """Each error's evidence: the printed line and the sentence that names the contradiction
    ("The note says …; this line shows …"), beside each other in its box and in its entry on the
    errata page (the schema requires the sentence; this holds that it is rendered)."""
    page_text, problems = EXPANDED["errata.md"], []
    for e in DATA.entries:
        box = "\n".join(errata.render_box(e, "errata.md", set()))
        entry = page_text.split(f'id="{e.id}"', 1)[1].split("</div>", 1)[0]
        for ev in e.evidence:
            if not ev.shows.startswith("The note says ") or "; this line shows " not in ev.shows:
                problems.append(f"{e.id}: evidence sentence not of the form 'The note says …; this line shows …'")
            for where, text in (("box", box), ("errata page", entry)):
                if f"{errata._code_span(ev.line)}. {ev.shows}" not in text:
                    problems.append(f"{e.id}: the {where} does not show {ev.snippet}'s line with its sentence")
    assert any(e.evidence for e in DATA.entries), "no entry has evidence: the test would prove nothing"
    assert not problems, "\n".join(problems)


def test_an_evidence_without_its_sentence_is_a_clear_error(tmp_path):
    entry = ("- id: x-1\n  note: A\n  section: s\n  quote: q\n  kind: ml\n  title: t\n  wrong: w\n  fix: f\n"
             "  page: training.md#x\n  nature: error\n  evidence:\n    snippet: training/digits01.py\n"
             "    line: held-out accuracy\n")
    bad = tmp_path / "errata.yml"
    bad.write_text(entry, encoding="utf-8")
    with pytest.raises(errata_data.ErrataError, match=r"entry 'x-1': evidence must be .*shows.*The note says"):
        errata_data.load(bad)
    bad.write_text(entry + "    shows: The line shows the note is wrong.\n", encoding="utf-8")
    with pytest.raises(errata_data.ErrataError, match=r"entry 'x-1': evidence must be"):
        errata_data.load(bad)
    bad.write_text(entry + "    shows: The note says x; this line shows y.\n", encoding="utf-8")
    assert errata_data.load(bad).entries[0].evidence[0].shows == "The note says x; this line shows y."


def test_an_addition_or_a_note_about_the_source_is_titled_as_one_and_accuses_nothing():
    for e in DATA.entries:
        box = "\n".join(errata.render_box(e, "errata.md", set()))
        if e.nature == "addition":
            assert box.startswith('??? note "Addition: ') and "More precisely" in box, e.id
            assert "Correction" not in box.splitlines()[0] and "**Fix.**" not in box, e.id
        elif e.nature == "source":
            assert box.startswith('??? info "About the source: ') and "In its place" in box, e.id
            assert "Correction" not in box and "**Fix.**" not in box and "Shown by" not in box, e.id
        else:
            assert box.startswith('??? bug "Correction: ') and "**Fix.**" in box, e.id


def test_every_entry_is_on_the_errata_page_and_on_its_page_both_ways():
    """The home page's promise, by construction: each entry is rendered on the errata page (with a
    link to the place it is corrected) and in the list of that page (with a link back)."""
    page_text = EXPANDED["errata.md"]
    problems = []
    for e in DATA.entries:
        if f'id="{e.id}"' not in page_text:
            problems.append(f"{e.id}: not on the errata page")
        elif f"]({e.page})" not in page_text.split(f'id="{e.id}"', 1)[1].split("</div>", 1)[0]:
            problems.append(f"{e.id}: its errata entry does not link to {e.page}")
        target = EXPANDED.get(e.page_file, "")
        if f"](errata.md#{e.id})" not in target:
            problems.append(f"{e.id}: {e.page_file} does not link to the entry (add '!errata list {e.page_file}')")
    assert not problems, "\n".join(problems)


def test_boxes_link_to_their_entries_and_no_correction_is_typed_by_hand():
    problems = []
    for page, text in EXPANDED.items():
        for m in re.finditer(r'^[ \t]*(?:!!!|\?\?\?\+?) bug "Correction([^"]*)"', text, re.M):
            if not m.group(1).startswith(": "):
                problems.append(f"{page}: a correction box typed by hand ({m.group(0).strip()!r}): "
                                "write it in docs/errata.yml and use '!errata ID'")
        for m in re.finditer(r"^!errata (\S+)$", (DOCS_DIR / page).read_text(encoding="utf-8"), re.M):
            if m.group(1) not in ("page", "list") and f"](errata.md#{m.group(1)})" not in text:
                problems.append(f"{page}: the box of {m.group(1)} does not link to its entry")
        if "## Corrections to the original notes" in text and "| Where | What was wrong |" in text:
            problems.append(f"{page}: a corrections table typed by hand")
    assert not problems, "\n".join(problems)


def test_the_home_page_promise_is_stated():
    home = " ".join((DOCS_DIR / "index.md").read_text(encoding="utf-8").split())
    # The promise says what it covers: the errors that the readings of the notes found, listed on the errata page.
    assert ("every one that the readings of the notes found is fixed (the [errata](errata.md) list them), "
            "and each page says where and why") in home


def test_bad_data_is_a_clear_error(tmp_path):
    bad = tmp_path / "errata.yml"
    bad.write_text("- id: x-1\n  note: C\n  section: s\n  quote: q\n  kind: code\n  title: t\n"
                   "  wrong: w\n  fix: f\n  page: training.md#x\n", encoding="utf-8")
    with pytest.raises(errata_data.ErrataError, match=r"entry 'x-1': note must be one of A, B"):
        errata_data.load(bad)
    bad.write_text("- id: x-1\n  note: A\n  section: s\n  quote: q\n  kind: code\n  title: t\n"
                   "  wrong: w\n  fix: f\n  page: training.md#x\n  original: nope/missing.py\n",
                   encoding="utf-8")
    with pytest.raises(errata_data.ErrataError, match=r"original: snippets/nope/missing.py does not exist"):
        errata_data.load(bad)
    with pytest.raises(errata_data.ErrataError, match="no entry with id 'a-sigmoid-sgn'.*a-sigmoid-sign|no entry"):
        DATA.get("a-sigmoid-sgn")


def test_unknown_directive_and_fenced_directives():
    md = markdown.Markdown(extensions=["snippetkit.pages.errata"])
    with pytest.raises(errata_data.ErrataError, match="unknown errata directive"):
        md.convert("!errata list a b c\n")
    html = markdown.Markdown(extensions=["snippetkit.pages.errata", "fenced_code"]).convert(
        "```text\n!errata a-sigmoid-sign\n```\n")
    assert "!errata a-sigmoid-sign" in html  # shown, not expanded, inside a code block


def test_the_memo_sees_an_edit_of_a_snippet_an_entry_names(tmp_path):
    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS_DIR, snippets)
    data = tmp_path / "errata.yml"
    shutil.copy(DOCS_DIR / "errata.yml", data)
    entry = next(e for e in errata_data.load(data, snippets).entries if e.original)
    original = snippets / entry.original
    text = original.read_text(encoding="utf-8")
    original.write_text("\n".join(line for line in text.split("\n") if "expect-error" not in line), encoding="utf-8")
    os.utime(original, ns=(time.time_ns(), time.time_ns() + 10**9))  # a later time, whatever the clock's grain
    with pytest.raises(errata_data.ErrataError, match="declares no `# expect-error:`"):
        errata_data.load(data, snippets)
