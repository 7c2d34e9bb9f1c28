"""The verification report: a Python-Markdown extension that expands the line `::: verification-report`
into what the cache knows about every snippet (registered in mkdocs.yml as `snippetkit.report`).

For every snippet under `snippets/`: the page(s) that show it, with a link to the section that
holds its block; its status (passed, or an errata proof that fails as stated); its run time, the
device it ran on, the number of assertions it makes, whether its assertions held with shifted
seeds, and the TensorFlow / Keras / NumPy / Python versions it ran with. At the top: totals
(snippets, assertions, numbers in the prose bound to outputs, errata proofs, total run time), the
environments the outputs come from, and the slowest snippets.

Everything comes from the cache entries (`.cache/snippets/<id>/<key>/manifest.json`) for the
snippets' current keys, written when each snippet ran; nothing is typed. Entries of format 1
(before provenance was recorded) are shown with what they hold and "unknown" for the rest; format 2
entries carry a `provenance` object (see the contract in the engine's cache module). This module
imports no TensorFlow and runs only on a page that holds the directive (priority 36: after the
errata directives, before the outputs are attached and the includes expanded).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

DIRECTIVE = re.compile(r"^[ \t]*:::[ \t]*verification-report[ \t]*$")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
VERSION_LABELS = (("tensorflow", "TensorFlow"), ("keras", "Keras"), ("numpy", "NumPy"), ("python", "Python"))


def _snippet_tools():
    """discover / snippet_id / expected_error, wherever the engine keeps them."""
    from snippetkit import model as tools

    return tools.discover, tools.snippet_id, tools.expected_error


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
    format: int | None = None
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


# ---------------------------------------------------------------------------------------------
# Reading the cache


def read_manifest(folder: Path) -> dict:
    """The manifest of an entry folder, its files checked against their SHA-256 (ValueError if not)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise ValueError("manifest.json has no file list")
    for name, digest in manifest["files"].items():
        try:
            ok = hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
        except OSError:
            ok = False
        if not ok:
            raise ValueError(f"{name} is missing or does not match its checksum")
    return manifest


def row_from_manifest(row: Row, manifest: dict, declared_error: str | None) -> Row:
    """Fill a row from a manifest of format 1 (device, duration) or 2 (provenance)."""
    row.format = int(manifest.get("format", 1))
    provenance = manifest.get("provenance")
    if isinstance(provenance, dict):
        versions = provenance.get("versions") or {}
        row.versions = {str(k): str(v) for k, v in versions.items()} if isinstance(versions, dict) else {}
        row.device = provenance.get("device")
        row.duration = _float(provenance.get("duration"))
        row.ran_at = provenance.get("ran_at")
        assertions = provenance.get("assertions")
        row.assertions = int(assertions) if isinstance(assertions, int) else None
        row.expect_error = provenance.get("expect_error") or None
        seeds = provenance.get("seeds")
        row.seeds = {str(k): bool(v) for k, v in seeds.items()} if isinstance(seeds, dict) else None
    else:  # format 1: what the entry holds; the snippet's own declaration says if it fails on purpose
        row.device = manifest.get("device") or None
        row.duration = _float(manifest.get("duration"))
        row.expect_error = declared_error
    row.status = "fails as stated" if row.expect_error else "passed"
    return row


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _entry_folder(cache_root: Path, snippets_dir: Path, path: Path) -> Path:
    from snippetkit import cache

    return cache.Cache(cache_root, snippets_root=snippets_dir).entry_dir(path)


def collect(snippets_dir: Path, docs_dir: Path, cache_root: Path, notebook_pages: dict | None = None) -> list[Row]:
    """One row per snippet under `snippets_dir`, with the pages of `docs_dir` that include it and
    its cache entry under `cache_root` (for its current key)."""
    discover, snippet_id, expected_error = _snippet_tools()
    places = pages_of_snippets(docs_dir, notebook_pages or {}, snippets_dir)
    rows = []
    for path in discover(snippets_dir):
        rel = path.relative_to(snippets_dir).as_posix()
        row = Row(name=snippet_id(path, snippets_dir), places=places.get(rel, []))
        declared = expected_error(path.read_text(encoding="utf-8"))
        declared_text = (f"{declared[0]}: {declared[1]}" if declared[1] else declared[0]) if declared else None
        folder = _entry_folder(cache_root, snippets_dir, path)
        if (folder / "manifest.json").is_file():
            try:
                row_from_manifest(row, read_manifest(folder), declared_text)
            except (OSError, ValueError, TypeError) as exc:
                row.status = "corrupt entry"
                row.expect_error = declared_text
                row.device = str(exc)
        else:
            row.expect_error = declared_text
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Pages and anchors


def slugify(text: str, used: dict[str, int]) -> str:
    """The id Python-Markdown's toc gives a heading (markup stripped, duplicates suffixed _1, _2)."""
    from markdown.extensions.toc import slugify as toc_slugify

    plain = re.sub(r"`([^`]*)`", r"\1", text)
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
    plain = re.sub(r"\{[^}]*\}\s*$", "", plain)
    plain = re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", plain)
    plain = re.sub(r"<[^>]+>", "", plain)
    slug = toc_slugify(plain, "-")
    explicit = re.search(r"\{[^}]*#([\w-]+)[^}]*\}\s*$", text)
    if explicit:
        slug = explicit.group(1)
    if slug in used:
        used[slug] += 1
        return f"{slug}_{used[slug] - 1}"
    used[slug] = 1
    return slug


def pages_of_snippets(docs_dir: Path, notebook_pages: dict, snippets_dir: Path | None = None) -> dict[str, list[Place]]:
    """snippet path (under snippets/) -> where pages show it (page, title, section anchor)."""
    from snippetkit.pages.outputs import fenced_blocks, find_includes, snippet_grammar

    grammar = snippet_grammar(str(snippets_dir)) if snippets_dir else None

    found: dict[str, list[Place]] = {}
    for page in sorted(docs_dir.rglob("*.md")):
        name = page.relative_to(docs_dir).as_posix()
        text = page.read_text(encoding="utf-8")
        lines = text.split("\n")
        fenced = dict(fenced_blocks(lines))
        included = {inc.start: inc for inc in find_includes(lines, grammar)}
        used: dict[str, int] = {}
        title, anchor, i = name, "", 0
        while i < len(lines):
            if i in fenced:
                for target in included[i].targets if i in included else ():
                    places = found.setdefault(target.path, [])
                    if not any(p.page == name and p.anchor == anchor for p in places):
                        places.append(Place(name, title, anchor, i))
                i = fenced[i] + 1
                continue
            d = errata_directive(lines[i])
            if d:
                for snippet, where in _errata_places(d.group("args") or "", anchor):
                    places = found.setdefault(snippet, [])
                    if not any(p.page == name and p.anchor == where for p in places):
                        places.append(Place(name, title, where, i))
            h = HEADING.match(lines[i])
            if h:
                slug = slugify(h.group(2), used)
                if len(h.group(1)) == 1:
                    title = re.sub(r"`([^`]*)`", r"\1", h.group(2))
                    anchor = ""
                else:
                    anchor = slug
            i += 1
    for page, snippet in notebook_pages.items():
        found.setdefault(snippet, []).append(Place(page, f"Notebook: {page}", ""))
    return found


def errata_directive(line: str):
    from snippetkit.pages.errata import DIRECTIVE

    return DIRECTIVE.match(line)


def _errata_places(args: str, anchor: str) -> list[tuple[str, str]]:
    """(snippet, anchor) for what an errata directive shows: `!errata ID` shows its entry's
    snippets where it stands; `!errata page` shows every entry's, each under the entry's anchor."""
    from snippetkit.pages import errata

    words = args.split()
    data = errata.load()
    if words == ["page"]:
        return [(s, e.id) for e in data.entries for s in (e.original, e.corrected) if s]
    if len(words) == 1:
        e = data.get(words[0])
        return [(s, anchor) for s in (e.original, e.corrected) if s]
    return []


def _notebook_pages() -> dict[str, str]:
    """`[tool.snippetkit.notebook_pages]`, validated by snippetkit.config."""
    from snippetkit import config as settings

    return dict(settings.load().notebook_pages)


# ---------------------------------------------------------------------------------------------
# Totals and markdown


@dataclass
class Numbers:
    bound: int
    allowlisted: int
    unbound: int


def totals(rows: list[Row], numbers: Numbers | None = None) -> dict:
    """What the top of the report states, computed from the rows (and the prose checker)."""
    with_entry = [r for r in rows if r.has_entry]
    known_assertions = [r.assertions for r in with_entry if r.assertions is not None]
    seeds_known = [r for r in with_entry if r.seeds]
    return {
        "snippets": len(rows),
        "with_entry": len(with_entry),
        "pages": len({p.page for r in rows for p in r.places}),
        "assertions": sum(known_assertions),
        "assertions_unknown": len(with_entry) - len(known_assertions),
        "errata_proofs": sum(r.status == "fails as stated" for r in rows),
        "seconds": sum(r.duration or 0.0 for r in with_entry),
        "seeds_held": sum(all(r.seeds.values()) for r in seeds_known),
        "seeds_known": len(seeds_known),
        "provenance_unknown": sum(r.format == 1 for r in with_entry),
        "devices": Counter(r.device or "unknown" for r in with_entry),
        "versions": Counter(_versions_text(r.versions) or "unknown" for r in with_entry),
        "numbers": numbers,
    }


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
    if not row.has_entry:
        return "—"
    if not row.seeds:
        return "unknown"
    return " · ".join(f"{'+' if int(k) > 0 else ''}{k}: {'held' if ok else '**failed**'}"
                      for k, ok in sorted(row.seeds.items(), key=lambda kv: int(kv[0]) if kv[0].lstrip('-').isdigit()
                                          else 0))


def _status(row: Row) -> str:
    if row.status == "fails as stated":
        return f"errata proof: raises {_code(row.expect_error or '')}, as stated"
    if row.status == "passed":
        return "passed"
    if row.status == "corrupt entry":
        return f"**corrupt entry** ({_cell(row.device or '')})"
    return "**no entry** for the current code"


def _link(row: Row, place: Place | None = None) -> str:
    place = place or (row.places[0] if row.places else None)
    if place is None:
        return f"`{row.name}`"
    target = place.page + (f"#{place.anchor}" if place.anchor else "")
    return f"[`{row.name}`]({target})"


def render(rows: list[Row], numbers: Numbers | None = None, page_order: list[str] | None = None) -> str:
    """The report as markdown."""
    t = totals(rows, numbers)
    out: list[str] = []
    assertions = f"**{t['assertions']}** assertions"
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
        bullets.append(f"**{numbers.bound}** numbers in the prose bound to a printed output or a constant of a "
                       f"snippet on their page; **{numbers.allowlisted}** allowlisted with a reason "
                       f"(`docs/numbers-allowlist.yml`); **{numbers.unbound}** unbound")
    bullets.append(f"**{t['errata_proofs']}** errata proofs: programs with the notes' mistakes, which fail as "
                   f"each correction states")
    bullets.append(f"**{t['seconds']:.1f} s** total run time of the snippets' own code")
    if t["seeds_known"]:
        bullets.append(f"**{t['seeds_held']}** of {t['seeds_known']} snippets held their assertions with shifted "
                       f"seeds too")
    if t["provenance_unknown"]:
        bullets.append(f"{t['provenance_unknown']} outputs were cached before versions, assertions and seeds were "
                       f"recorded: shown as unknown")
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
            out.append(f"| {_link(r)} | {_seconds(r.duration)} | {100 * r.duration / total:.0f} % |")
        out.append("")

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


def nav_order() -> list[str]:
    """The pages in the order of mkdocs.yml's nav (the report lists pages as a reader meets them)."""
    from snippetkit.build.site import mkdocs_config

    def walk(items):
        for item in items or []:
            for value in (item.values() if isinstance(item, dict) else [item]):
                yield from walk(value) if isinstance(value, list) else [value]

    try:
        return [page for page in walk(mkdocs_config().get("nav")) if isinstance(page, str)]
    except OSError:
        return []


def count_numbers(docs_dir: Path, snippets_dir: Path) -> Numbers:
    from snippetkit.checks import prose

    result = prose.check_site(docs_dir=docs_dir, snippets_dir=snippets_dir)
    return Numbers(result.count("bound"), result.count("allowlist"), result.count(None))


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
        from snippetkit import DOCS_DIR, SNIPPETS_DIR

        self.config = {
            "docs_dir": [str(DOCS_DIR), "the pages (to find where each snippet is shown)"],
            "snippets_dir": [str(SNIPPETS_DIR), "the snippets"],
            "cache_dir": ["", "the cache (default: snippetkit.cache's)"],
            "check_numbers": [True, "count the numbers bound by snippetkit.prose"],
        }
        super().__init__(**kwargs)

    def report(self) -> str:
        from snippetkit import cache

        docs = Path(self.getConfig("docs_dir"))
        snippets = Path(self.getConfig("snippets_dir"))
        root = Path(self.getConfig("cache_dir") or cache.CACHE_DIR)
        rows = collect(snippets, docs, root, _notebook_pages())
        numbers = count_numbers(docs, snippets) if self.getConfig("check_numbers") else None
        return render(rows, numbers, nav_order())

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(ReportPreprocessor(md, self), "snippetkit_report", 36)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return ReportExtension(**kwargs)
