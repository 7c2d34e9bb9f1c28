"""The counts of the prose check (`snippetkit.checks.prose`) that the verification report states:
numbers bound to a snippet's output or source, allowlisted, or neither, memoised beside the snippet
cache so that a build after one edited page checks that page only (what `mkdocs serve` needs).
Moved out of `snippetkit.pages.report`, which shows them."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from snippetkit import config, filememo, markup
from snippetkit.cache import Cache
from snippetkit.checks import prose
from snippetkit.pages.highlight import caches_enabled


@dataclass
class Numbers:
    bound: int
    allowlisted: int
    unbound: int


def count_numbers(docs_dir: Path, snippets_dir: Path) -> Numbers:
    """The prose check's counts (`snippetkit.checks.prose`), memoised beside the snippet cache
    (`numbers/`): the whole count by every input (the pages, data files, snippets, cache entries
    and the checker's code), and each page's and the errata's part by its own inputs, so a build
    after one edited page checks that page only (what `mkdocs serve` needs)."""
    cache_root = config.load().cache_dir
    folder = cache_root.parent / "numbers"
    common = _common_digest(docs_dir, snippets_dir, cache_root)
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(docs_dir.rglob("*.md"))}
    whole = _digest(common, *(f"{p}\0{t}" for p, t in pages.items()))
    numbers = _memo(folder / f"site-{whole}.json")
    if numbers is not None:
        return numbers
    cache, allowlist = Cache(snippets_root=snippets_dir), prose.site_allowlist(docs_dir)
    parts = []
    for path, text in pages.items():
        memo = folder / f"page-{_digest(common, str(path), text)}.json"
        part = _memo(memo)
        if part is None:
            part = _save(memo, _counts(prose.check_page(path, path.relative_to(docs_dir).as_posix(), snippets_dir,
                                                        cache, allowlist, text=text)[0]))
        parts.append(part)
    errata_path = docs_dir / prose.ERRATA_NAME
    if errata_path.is_file():
        includes = [f"{p}\0{' '.join(markup.included_snippets(t, snippets_dir))}" for p, t in pages.items()]
        memo = folder / f"errata-{_digest(common, errata_path.read_text(encoding='utf-8'), *includes)}.json"
        part = _memo(memo)
        if part is None:
            part = _save(memo, _counts(prose.check_errata(errata_path, docs_dir, snippets_dir, cache, allowlist)[0]))
        parts.append(part)
    numbers = Numbers(*(sum(getattr(p, f) for p in parts) for f in ("bound", "allowlisted", "unbound")))
    return _save(folder / f"site-{whole}.json", numbers)


def _counts(findings) -> Numbers:
    return Numbers(sum(f.bound_by in ("output", "source") for f in findings),
                   sum(f.bound_by == "allowlist" for f in findings), sum(f.bound_by is None for f in findings))


def _memo(path: Path) -> Numbers | None:
    if not caches_enabled():
        return None
    try:
        return Numbers(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _save(path: Path, numbers: Numbers) -> Numbers:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(numbers.__dict__), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only cache: nothing kept
        pass
    return numbers


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0\0".join(parts).encode("utf-8")).hexdigest()[:40]


def _common_digest(docs_dir: Path, snippets_dir: Path, cache_root: Path) -> str:
    """Every input of the count but the pages' sources: data files, snippets, cache entries (each
    and when it was written), the checker's code, the names of the pages. Files are read through
    `snippetkit.filememo` (not again while their stamps hold)."""
    digest = hashlib.sha256()
    memo = filememo.memo()
    files = [*_listing(docs_dir, ".yml"), *_listing(snippets_dir, ".py"),
             *sorted(str(p) for p in Path(prose.__file__).parent.glob("*.py"))]
    for path in files:
        digest.update(f"{Path(path)}\0{memo.digest(path)}\0".encode())
    digest.update("\n".join(Path(p).as_posix() for p in _listing(docs_dir, ".md")).encode())
    entries = sorted(cache_root.glob("*/*/*/manifest.json"))
    digest.update("\n".join(f"{p.as_posix()} {p.stat().st_mtime_ns}" for p in entries).encode())
    return digest.hexdigest()


def _listing(folder: Path, suffix: str) -> list[str]:
    """`sorted(folder.rglob("*" + suffix))`, as text."""
    found = []
    for here, _, names in os.walk(folder):
        found += [os.path.join(here, n) for n in names if n.endswith(suffix)]
    return sorted(found, key=lambda p: Path(p).parts)
