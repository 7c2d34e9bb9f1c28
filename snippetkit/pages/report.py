"""The verification report: a Python-Markdown extension that expands the line `::: verification-report`
into what the cache knows about every snippet (registered in mkdocs.yml as `snippetkit.pages.report`).

For every snippet under `snippets/`: the page(s) that show it, with a link to the section that
holds its block; its status (passed, or an errata proof that fails as stated); its run time, the
device it ran on, the number of assertions it makes, whether its assertions held with shifted
seeds (or that no shifted run is recorded for its current code: "not run in this build"), and the
TensorFlow / Keras / NumPy / Python versions it ran with. At the top: totals (snippets,
assertions, numbers in the prose bound to outputs or allowlisted, errata proofs, total run time,
shifted-seed runs: only those recorded), the environments the outputs come from, the slowest
snippets, and the general claims with their domains and checks (`snippetkit.checks.general`).

Everything comes from the cache entries (`.cache/snippets/<id>/<key>/manifest.json`) for the
snippets' current keys, read through `snippetkit.cache` (which verifies every file against the
manifest: a corrupt entry is shown as such, never trusted); nothing is typed. This module
imports no TensorFlow and runs only on a page that holds the directive (priority 36: after the
errata directives, before the outputs are attached and the includes expanded).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from snippetkit import DOCS_DIR, SNIPPETS_DIR, config, errata_data, exercises, markup
from snippetkit.cache import Cache, CorruptEntry, Entry
from snippetkit.checks import general
from snippetkit.model import discover, snippet_id
from snippetkit.pages import claims_report
from snippetkit.pages.errata import DIRECTIVE as ERRATA_DIRECTIVE
from snippetkit.pages.nav import nav_order
from snippetkit.pages.prose_counts import Numbers, count_numbers

DIRECTIVE = re.compile(r"^[ \t]*:::[ \t]*verification-report[ \t]*$")
VERSION_LABELS = (("tensorflow", "TensorFlow"), ("keras", "Keras"), ("numpy", "NumPy"), ("python", "Python"))


@dataclass
class Place:
    page: str  # e.g. "training.md"
    title: str  # the page's title
    anchor: str  # the id of the section holding the block ("" for the top of the page)
    order: int = 0  # the block's position on its page


@dataclass
class Row:
    """What the report shows for one snippet."""

    name: str  # "training/digits01"
    places: list[Place] = field(default_factory=list)
    status: str = "no entry"  # "passed", "fails as stated", "no entry", "corrupt entry"
    problem: str = ""  # why a corrupt entry is not trusted
    duration: float | None = None
    device: str | None = None
    assertions: int | None = None
    expect_error: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    seeds: dict[str, bool] | None = None
    ran_at: str | None = None

    @property
    def has_entry(self) -> bool:
        return self.status in ("passed", "fails as stated")

    @property
    def starter(self) -> bool:
        """An exercise's starter: it fails by design (its check stops it), and proves no erratum."""
        return exercises.is_starter(self.name)

    @property
    def shifted(self) -> dict[str, bool]:
        """The seed offsets other than 0 recorded for the current code, and whether each held.
        (Offset 0 is the run that produced the output, recorded in every entry.)"""
        return {k: v for k, v in (self.seeds or {}).items() if k != "0"}


# ---------------------------------------------------------------------------------------------
# Reading the cache (through snippetkit.cache, the one reader of entries)


def row_from_entry(row: Row, entry: Entry) -> Row:
    """Fill a row from a cache entry's provenance."""
    p = entry.provenance
    row.versions = {str(k): str(v) for k, v in (p.versions or {}).items()}
    row.device = p.device or None
    row.duration = p.duration
    row.ran_at = p.ran_at
    row.assertions = p.assertions
    row.expect_error = p.expect_error or None
    row.seeds = {str(k): bool(v) for k, v in p.seeds.items()}
    row.status = "fails as stated" if row.expect_error else "passed"
    return row


def collect(snippets_dir: Path, docs_dir: Path, cache_root: Path, notebook_pages: dict | None = None) -> list[Row]:
    """One row per snippet under `snippets_dir`, with the pages of `docs_dir` that include it and
    its cache entry under `cache_root` (for its current key)."""
    store = Cache(cache_root, snippets_root=snippets_dir)
    places = pages_of_snippets(docs_dir, notebook_pages or {}, snippets_dir)
    rows = []
    for path in discover(snippets_dir):
        rel = path.relative_to(snippets_dir).as_posix()
        row = Row(name=snippet_id(path, snippets_dir), places=places.get(rel, []))
        declared = exercises.declared_failure(path, path.read_text(encoding="utf-8"))
        row.expect_error = str(declared) if declared else None
        try:
            entry = store.read(path)
        except CorruptEntry as exc:
            row.status, row.problem = "corrupt entry", str(exc)
        else:
            if entry is not None:
                row_from_entry(row, entry)
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Pages and anchors


def pages_of_snippets(docs_dir: Path, notebook_pages: dict, snippets_dir: Path | None = None) -> dict[str, list[Place]]:
    """snippet path (under snippets/) -> where pages show it (page, title, section anchor)."""
    grammar = markup.snippet_grammar(str(snippets_dir)) if snippets_dir else None

    found: dict[str, list[Place]] = {}
    for page in sorted(docs_dir.rglob("*.md")):
        name = page.relative_to(docs_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        lines = text.split("\n")
        fenced = dict(markup.fenced_blocks(lines))
        included = {inc.start: inc for inc in markup.find_includes(lines, grammar)}
        headings = {h.line: h for h in markup.headings(text)}
        title, anchor, i = name, "", 0
        while i < len(lines):
            if i in fenced:
                for target in included[i].targets if i in included else ():
                    places = found.setdefault(target.path, [])
                    if not any(p.page == name and p.anchor == anchor for p in places):
                        places.append(Place(name, title, anchor, i))
                i = fenced[i] + 1
                continue
            d = ERRATA_DIRECTIVE.match(lines[i])
            if d:
                for snippet, where in _errata_places(d.group("args") or "", anchor):
                    places = found.setdefault(snippet, [])
                    if not any(p.page == name and p.anchor == where for p in places):
                        places.append(Place(name, title, where, i))
            h = headings.get(i)
            if h:
                title, anchor = (h.plain, "") if h.level == 1 else (title, h.id)
            i += 1
    for page, snippet in notebook_pages.items():
        found.setdefault(snippet, []).append(Place(page, f"Notebook: {page}", ""))
    return found


def _errata_places(args: str, anchor: str) -> list[tuple[str, str]]:
    """(snippet, anchor) for what an errata directive shows: `!errata ID` shows its entry's
    snippets where it stands; `!errata page` shows every entry's, each under the entry's anchor."""
    words = args.split()
    data = errata_data.load()
    if words == ["page"]:
        return [(s, e.id) for e in data.entries for s in (e.original, e.corrected) if s]
    if len(words) == 1:
        e = data.get(words[0])
        return [(s, anchor) for s in (e.original, e.corrected) if s]
    return []


# ---------------------------------------------------------------------------------------------
# Totals and markdown


def totals(rows: list[Row], numbers: Numbers | None = None) -> dict:
    """What the top of the report states, computed from the rows (and the prose checker)."""
    with_entry = [r for r in rows if r.has_entry]
    known_assertions = [r.assertions for r in with_entry if r.assertions is not None]
    shifted = [r for r in with_entry if r.shifted]
    return {
        "snippets": len(rows),
        "with_entry": len(with_entry),
        "pages": len({p.page for r in rows for p in r.places}),
        "assertions": sum(known_assertions),
        "assertions_unknown": len(with_entry) - len(known_assertions),
        "errata_proofs": sum(r.status == "fails as stated" and not r.starter for r in rows),
        "seconds": sum(r.duration or 0.0 for r in with_entry),
        "seeds_held": sum(all(r.shifted.values()) for r in shifted),
        "seeds_known": len(shifted),
        "seeds_offsets": sorted({int(k) for r in shifted for k in r.shifted if k.lstrip("-").isdigit()}),
        "devices": Counter(r.device or "unknown" for r in with_entry),
        "versions": Counter(_versions_text(r.versions) or "unknown" for r in with_entry),
        "numbers": numbers,
    }


SEEDS_COMMAND = "`make test` (seed offset 1) or `.venv/bin/snippets --cache --seed-offset N`"


def _seeds_bullet(t: dict) -> str:
    """What ran with shifted seeds for the outputs of this build, and only that."""
    if not t["seeds_known"]:
        return (f"shifted seeds: **not run in this build** (no entry records a run with a seed offset other than 0; "
                f"{SEEDS_COMMAND} records one before the build)")
    offsets = ", ".join(f"{'+' if n > 0 else ''}{n}" for n in t["seeds_offsets"])
    missing = t["with_entry"] - t["seeds_known"]
    text = (f"**{t['seeds_held']}** of the {t['seeds_known']} snippets run with shifted seeds (offsets {offsets}) "
            f"held their assertions")
    if missing:
        text += f"; **{missing}** not run with shifted seeds in this build ({SEEDS_COMMAND} runs them)"
    return text


def _versions_text(versions: dict[str, str]) -> str:
    return ", ".join(f"{label} {versions[key]}" for key, label in VERSION_LABELS if versions.get(key))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    ticks = "``" if "`" in text else "`"
    return f"{ticks} {_cell(text)} {ticks}" if ticks == "``" else f"`{_cell(text)}`"


def _seconds(value: float | None) -> str:
    if value is None:
        return "unknown"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _seeds(row: Row) -> str:
    """The shifted seeds recorded for the row's current code; offset 0 is the run itself."""
    if not row.has_entry:
        return "—"
    if not row.shifted:
        return "not run in this build"
    return " · ".join(f"{'+' if int(k) > 0 else ''}{k}: {'held' if ok else '**failed**'}"
                      for k, ok in sorted(row.shifted.items(), key=lambda kv: int(kv[0]) if kv[0].lstrip('-').isdigit()
                                          else 0))


def _status(row: Row) -> str:
    if row.status == "fails as stated" and row.starter:
        return f"exercise starter: stops with {_code(row.expect_error or '')}, as a starter does"
    if row.status == "fails as stated":
        return f"errata proof: raises {_code(row.expect_error or '')}, as stated"
    if row.status == "passed":
        return "passed"
    if row.status == "corrupt entry":
        return f"**corrupt entry** ({_cell(row.problem)})"
    return "**no entry** for the current code"


def _link(row: Row, place: Place | None = None, page_order: list[str] | None = None) -> str:
    """The row's name, linked to `place` or else to the first page in `page_order` that shows it."""
    if place is None and row.places:
        rank = {page: i for i, page in enumerate(page_order or [])}
        place = min(row.places, key=lambda p: rank.get(p.page, len(rank)))
    if place is None:
        return f"`{row.name}`"
    target = place.page + (f"#{place.anchor}" if place.anchor else "")
    return f"[`{row.name}`]({target})"


def render(rows: list[Row], numbers: Numbers | None = None, page_order: list[str] | None = None,
           exercise_rows: list[ExerciseRow] | None = None, claims: general.Result | None = None) -> str:
    """The report as markdown."""
    t = totals(rows, numbers)
    out: list[str] = []
    assertions = f"**{t['assertions']}** assertions in the snippets' code (counted in their sources)"
    if t["assertions_unknown"] == t["with_entry"]:
        assertions = "assertions: not recorded in these outputs"
    elif t["assertions_unknown"]:
        assertions += f" (and {t['assertions_unknown']} snippets whose count is not recorded)"
    bullets = [
        f"**{t['snippets']}** snippets on **{t['pages']}** pages, **{t['with_entry']}** with an output "
        f"for their current code",
        assertions,
    ]
    if numbers is not None:
        total = numbers.bound + numbers.allowlisted + numbers.unbound
        bullets.append(f"of the **{total}** numbers in the prose, **{numbers.bound}** bound to a printed output or "
                       f"a constant of a snippet on their page, **{numbers.allowlisted}** not bound but allowlisted "
                       f"with a reason (`docs/numbers-allowlist.yml`), **{numbers.unbound}** neither")
    bullets.append(f"**{t['errata_proofs']}** errata proofs: programs built from the notes' lines, changed only as "
                   f"their errata entries say, that fail as those entries state")
    bullets.append(f"**{t['seconds']:.1f} s** total run time of the snippets' own code")
    bullets.append(_seeds_bullet(t))
    out += ["<div class=\"verification-totals\" markdown>", "", *[f"- {b}" for b in bullets], "", "</div>", ""]

    out += ["## Where the outputs come from", "", "| Versions | Snippets |", "| --- | ---: |"]
    out += [f"| {_cell(v)} | {n} |" for v, n in t["versions"].most_common()]
    out += ["", "| Device | Snippets |", "| --- | ---: |"]
    out += [f"| {_cell(d)} | {n} |" for d, n in t["devices"].most_common()]
    out.append("")

    timed = sorted((r for r in rows if r.has_entry and r.duration is not None), key=lambda r: -r.duration)
    if timed:
        out += ["## Slowest snippets", "", "| Snippet | Run time | Share of the total |", "| --- | ---: | ---: |"]
        total = t["seconds"] or 1.0
        for r in timed[:10]:
            out.append(f"| {_link(r, page_order=page_order)} | {_seconds(r.duration)} | "
                       f"{100 * r.duration / total:.0f} % |")
        out.append("")

    out += render_exercises(exercise_rows or [], page_order)
    out += claims_report.render(claims) if claims is not None else []

    out += ["## Every snippet, by page", ""]
    by_page: dict[tuple[str, str], list[tuple[Row, Place]]] = {}
    for r in rows:
        for p in r.places or [Place("", "Not on any page", "")]:
            by_page.setdefault((p.page, p.title), []).append((r, p))
    rank = {page: i for i, page in enumerate(page_order or [])}
    for (page, title), items in sorted(by_page.items(), key=lambda kv: (not kv[0][0], rank.get(kv[0][0], len(rank)))):
        items.sort(key=lambda item: item[1].order)
        seconds = sum(r.duration or 0.0 for r, _ in items if r.has_entry)
        heading = f"[{_cell(title)}]({page})" if page else title
        out += [f"### {heading}", "", f"{len(items)} snippets, {seconds:.1f} s.", "",
                "| Snippet | Status | Run time | Device | Assertions | Other seeds | Versions |",
                "| --- | --- | ---: | --- | ---: | --- | --- |"]
        for r, p in items:
            assertions = "unknown" if r.assertions is None else str(r.assertions)
            out.append(f"| {_link(r, p)} | {_status(r)} | {_seconds(r.duration) if r.has_entry else '—'} | "
                       f"{_cell(r.device or 'unknown') if r.has_entry else '—'} | "
                       f"{assertions if r.has_entry else '—'} | {_seeds(r)} | "
                       f"{_cell(_versions_text(r.versions) or 'unknown') if r.has_entry else '—'} |")
        out.append("")
    return "\n".join(out)


@dataclass
class ExerciseRow:
    """What the report shows for one exercise."""

    name: str  # "multiclass/ex_log_softmax"
    place: Place | None
    starter_message: str  # what the starter stops with ("" when it has no entry)
    solution_ok: bool
    solution_seeds: dict[str, bool] | None
    rejected: int  # wrong answers whose check rejected them (a current entry)
    wrong: int
    accepted: int = 0  # right answers whose check accepted them (a current entry)
    right: int = 0
    mutants: str = ""  # "killed/non-equivalent (score), n equivalent" from tests/mutants/, or why not


def collect_exercises(rows: list[Row], snippets_dir: Path, cache_root: Path) -> list[ExerciseRow]:
    """One line per exercise: its starter's and solution's rows, and how many of its wrong answers
    have a current entry in the cache (their check rejected them, as the suite and the build
    require), read from the programs `snippetkit.exercises` composes under `.cache/exercises/`."""
    by_name = {r.name: r for r in rows}
    variants = Cache(cache_root, snippets_root=exercises.VARIANTS_DIR)
    out = []
    for ex in exercises.find(snippets_dir):
        starter = by_name.get(ex.name)
        solution = by_name.get(ex.solution.relative_to(snippets_dir).with_suffix("").as_posix())
        entry = Cache(cache_root, snippets_root=snippets_dir).read(ex.starter) if starter else None
        message = entry.stdout.strip().splitlines()[-1] if entry and entry.stdout.strip() else ""
        current = {"wrong": 0, "right": 0}
        for a in ex.wrong + ex.right:
            path = exercises.variant_path(ex, a)
            try:
                current[a.kind] += path.is_file() and variants.read(path) is not None
            except CorruptEntry:
                pass
        out.append(ExerciseRow(ex.name, (starter.places or [None])[0] if starter else None,
                               message.removeprefix("SystemExit: "), bool(solution and solution.status == "passed"),
                               solution.seeds if solution else None, current["wrong"], len(ex.wrong),
                               current["right"], len(ex.right), exercises.mutation_summary(ex)))
    return out


def render_exercises(items: list[ExerciseRow], page_order: list[str] | None = None) -> list[str]:
    if not items:
        return []
    rank = {page: i for i, page in enumerate(page_order or [])}
    items = sorted(items, key=lambda x: (rank.get(x.place.page, len(rank)) if x.place else len(rank) + 1,
                                         x.place.order if x.place else 0))
    done = sum(x.solution_ok and x.starter_message.startswith("not yet") and x.rejected == x.wrong
               and x.accepted == x.right for x in items)
    out = ["## Exercises", "",
           f"{len(items)} exercises; for {done} of them the solution passes, the starter stops with its check's "
           "message, every wrong answer kept for it is rejected by its check with a message that names "
           "the mistake, and every right answer (written differently from the solution) is accepted. A mutant is "
           "the solution's task changed in one place by cosmic-ray; its check stops it with \"not yet\" unless "
           "it is listed as equivalent with a reason (`tests/mutants/`).", "",
           "| Exercise | Solution | Starter stops with | Wrong answers rejected | Right answers accepted | "
           "Mutants killed (of the non-equivalent) |", "| --- | --- | --- | ---: | ---: | ---: |"]
    for x in items:
        link = f"[{x.name}]({x.place.page}#{x.place.anchor})" if x.place and x.place.anchor else _code(x.name)
        seeds = ""
        if x.solution_seeds:
            held = [k for k, v in sorted(x.solution_seeds.items()) if v]
            seeds = f" (seeds {', '.join(held)})" if held else ""
        solution = ("passes" + seeds) if x.solution_ok else "**no passing run**"
        message = _cell(x.starter_message) if x.starter_message else "**no run**"
        out.append(f"| {link} | {solution} | {message} | {x.rejected}/{x.wrong} | {x.accepted}/{x.right} | "
                   f"{_cell(x.mutants)} |")
    return [*out, ""]


# ---------------------------------------------------------------------------------------------
# The extension


class ReportPreprocessor(Preprocessor):
    def __init__(self, md, extension: ReportExtension):
        super().__init__(md)
        self.ext = extension

    def run(self, lines: list[str]) -> list[str]:
        if not any(DIRECTIVE.match(line) for line in lines):
            return lines
        report = self.ext.report().split("\n")
        out: list[str] = []
        for line in lines:
            out.extend(report if DIRECTIVE.match(line) else [line])
        return out


class ReportExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "docs_dir": [str(DOCS_DIR), "the pages (to find where each snippet is shown)"],
            "snippets_dir": [str(SNIPPETS_DIR), "the snippets"],
            "cache_dir": ["", "the cache (default: snippetkit.cache's)"],
            "check_numbers": [True, "count the numbers bound by snippetkit.checks.prose"],
            "check_claims": [True, "list the general claims (snippetkit.checks.general)"],
        }
        super().__init__(**kwargs)

    def report(self) -> str:
        docs = Path(self.getConfig("docs_dir"))
        snippets = Path(self.getConfig("snippets_dir"))
        root = Path(self.getConfig("cache_dir") or config.load().cache_dir)
        rows = collect(snippets, docs, root, dict(config.load().notebook_pages))
        numbers = count_numbers(docs, snippets) if self.getConfig("check_numbers") else None
        claims = general.check_site(docs, snippets) if self.getConfig("check_claims") else None
        return render(rows, numbers, nav_order(), collect_exercises(rows, snippets, root), claims)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(ReportPreprocessor(md, self), "snippetkit_report", 36)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return ReportExtension(**kwargs)
