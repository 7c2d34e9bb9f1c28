"""The pre-build step of the MkDocs build, without reading what did not change since the last build.

`snippetkit.publish.site` gives every snippet a current cache entry (`ensure_entries`, reading and
verifying every entry), every wrong answer of every exercise its entry (`ensure_wrong_answers`),
and writes the downloads (`site_files`). A warm build with nothing changed would read every entry
and every download again: work that grows with the number of snippets. Here the same steps are
memoised by the stamps (size, mtime, ctime, inode) of the files they read and wrote
(`snippetkit.filememo`, whose racy rule makes a file changed after it was read never match):

- `published(snippets_dir)`: `{site path: file}` as `site_files(ensure_entries())` gives it. For
  each snippet, the group of its source, every file of its cache entry (as the entry was verified
  against its manifest) and its two downloads; a snippet whose group is unchanged is not read, the
  others go through `ensure_entries` (run when stale, verified, a corrupt entry rebuilt) and
  `site_files`. The group's name holds the snippet's folder, the cache's, the environment's
  fingerprint (the lock file and versions: what a key is made of) and the digest of the package's
  code, so a change to any of them reads every snippet again.
- `wrong_answers(snippets_dir)`: `ensure_wrong_answers()`, skipped while the exercises' starters,
  the folders of answers under `tests/`, the composed programs under `.cache/exercises/` and
  their cache entries keep their stamps (the same name parts).
- `general_problems(docs_dir, snippets_dir)`: the general claims' problems, checked again only
  when a page, a data file, a snippet, a test module or a snippet's output changed.
- `SNIPPETKIT_BUILD_CACHES=0` turns them off (every entry read and verified, every check run).
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from snippetkit import ROOT, exercises, filememo
from snippetkit.cache import Cache, environment_fingerprint
from snippetkit.checks import general
from snippetkit.model import discover, display_path
from snippetkit.publish.site import DOWNLOADS, ensure_entries, ensure_wrong_answers, site_files

log = logging.getLogger("snippetkit.publish.prepare")


def code_digest() -> str:
    """The package's own code (its files' digests, memoised by stamp)."""
    memo = filememo.memo()
    digest = hashlib.sha256()
    for path in sorted((ROOT / "snippetkit").rglob("*.py")):
        digest.update(f"{path.relative_to(ROOT).as_posix()}\0{memo.digest(path)}\0".encode())
    return digest.hexdigest()[:24]


def _context(snippets_dir: Path, cache: Cache) -> str:
    fingerprint = hashlib.sha256(environment_fingerprint().encode()).hexdigest()[:16]
    return f"{os.path.abspath(snippets_dir)}|{os.path.abspath(cache.root)}|{fingerprint}|{code_digest()}"


def _entry_files(cache: Cache, path: Path) -> list[str]:
    folder = cache.entry_dir(path)
    try:
        return sorted(str(folder / name) for name in os.listdir(folder))
    except OSError:
        return []


def published(snippets_dir: Path, *, info=log.info) -> dict[str, Path]:
    """`{site path: file}`: every snippet's downloads and figures (see the module)."""
    memo = filememo.memo()
    cache = Cache(snippets_root=snippets_dir)
    context = _context(snippets_dir, cache)
    paths = discover(snippets_dir)
    found: dict[str, Path] = {}
    todo: list[Path] = []
    for path in paths:
        value = memo.recall(f"published|{context}|{path.relative_to(snippets_dir).as_posix()}")
        if value is None:
            todo.append(path)
        else:
            found.update({uri: Path(file) for uri, file in value.items()})
    if not todo:
        info(f"snippets: all {len(paths)} up to date (cache {display_path(cache.root)}; "
             "every entry as verified before, by the stamps of its files)")
        return found
    info(f"snippets: {len(todo)} of {len(paths)} read and verified (new, or a file of theirs changed since "
         "the last build)")
    sources = {path: memo.stamps([str(path)]) for path in todo}  # taken before the source is read
    entries = ensure_entries(snippets_dir, info=info, paths=todo)
    for path in todo:
        name = path.relative_to(snippets_dir).as_posix()
        files = site_files({name: entries[name]}, snippets_dir)
        found.update(files)
        downloads = [str(files[f"{DOWNLOADS}/{name.removesuffix('.py')}{suffix}"]) for suffix in (".py", ".ipynb")]
        # The entry and the downloads were verified and written above: stamped as they are now.
        group = [str(path), *_entry_files(cache, path), *downloads]
        stamps = sources[path] + memo.stamps(group[1:])
        memo.remember(f"published|{context}|{name}", group, stamps, {uri: str(file) for uri, file in files.items()})
    return found


def _answer_files(snippets_dir: Path) -> tuple[list[str], list[str]]:
    """(the inputs of the exercises' wrong answers, the programs composed from them and their entries)."""
    inputs = sorted(str(p) for p in Path(snippets_dir).rglob(f"{exercises.PREFIX}*.py"))
    answers = Path(exercises.WRONG_DIR).parent  # tests/: wrong_answers/ and any other folder of answers
    if answers.is_dir():
        inputs += sorted(str(p) for d in answers.iterdir() if d.is_dir() and d.name != "__pycache__"
                         for p in d.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    variants = Cache(snippets_root=exercises.VARIANTS_DIR)
    programs = sorted(Path(exercises.VARIANTS_DIR).rglob("*.py")) if Path(exercises.VARIANTS_DIR).is_dir() else []
    outputs = [str(p) for p in programs]
    for program in programs:
        outputs += _entry_files(variants, program)
    return inputs, outputs


def wrong_answers(snippets_dir: Path, *, info=log.info) -> None:
    """`ensure_wrong_answers()`, unless nothing it reads or wrote changed (see the module)."""
    memo = filememo.memo()
    name = f"wrong-answers|{_context(snippets_dir, Cache(snippets_root=exercises.VARIANTS_DIR))}"
    inputs, outputs = _answer_files(snippets_dir)
    if memo.recall(name, inputs + outputs) is not None:
        return
    stamps = memo.stamps(inputs)  # before they are read
    count = ensure_wrong_answers(snippets_dir, info=info)
    inputs_now, outputs = _answer_files(snippets_dir)
    if inputs_now == inputs:
        memo.remember(name, inputs + outputs, stamps + memo.stamps(outputs), count)


def general_problems(docs_dir: Path, snippets_dir: Path) -> list[str]:
    """The problems of `snippetkit.checks.general.check_site` (as text), unless none of the files it
    reads changed: the pages and data files of `docs_dir`, the snippets, `tests/*.py` (the
    properties that bind claims) and the output of every snippet's current cache entry."""
    memo = filememo.memo()
    cache = Cache(snippets_root=snippets_dir)
    snippets = discover(snippets_dir)
    paths = sorted(str(p) for p in Path(docs_dir).rglob("*") if p.suffix in (".md", ".yml", ".yaml"))
    paths += [str(p) for p in snippets] + sorted(str(p) for p in (ROOT / "tests").glob("*.py"))
    paths += [str(cache.entry_dir(p) / "stdout.txt") for p in snippets]
    name = f"general|{os.path.abspath(docs_dir)}|{_context(snippets_dir, cache)}"
    found = memo.recall(name, paths)
    if found is not None:
        return found
    stamps = memo.stamps(paths)
    problems = [str(p) for p in general.check_site(Path(docs_dir), snippets_dir).problems]
    memo.remember(name, paths, stamps, problems)
    return problems
