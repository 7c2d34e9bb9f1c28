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
from snippetkit.cache import Cache, environment_fingerprint, key_function
from snippetkit.checks import general
from snippetkit.model import display_path
from snippetkit.publish.site import DOWNLOADS, ensure_entries, ensure_wrong_answers, site_files

log = logging.getLogger("snippetkit.publish.prepare")


def _walk(folder: Path | str, suffix: str = "", skip: tuple[str, ...] = (".", "__pycache__")) -> list[str]:
    """Every file under `folder` (ending in `suffix`), sorted, as text; folders whose names start
    with one of `skip` left out (`discover`'s rule is `(".", "_")`)."""
    found = []
    for here, dirs, names in os.walk(os.path.abspath(folder)):
        dirs[:] = [d for d in dirs if not d.startswith(skip)]
        found += [f"{here}/{n}" for n in names if n.endswith(suffix)]
    return sorted(found)


def code_digest() -> str:
    """The package's own code (its files' digests, memoised by stamp)."""
    memo = filememo.memo()
    digest = hashlib.sha256()
    for path in _walk(ROOT / "snippetkit", ".py"):
        digest.update(f"{os.path.relpath(path, ROOT)}\0{memo.digest(path)}\0".encode())
    return digest.hexdigest()[:24]


def context(snippets_dir: Path) -> str:
    """What every memo of this module depends on besides files: where the snippets and the cache
    are, the environment's fingerprint (a cache key's other part) and the package's code."""
    cache = Cache(snippets_root=snippets_dir)
    fingerprint = hashlib.sha256(environment_fingerprint().encode()).hexdigest()[:16]
    return f"{os.path.abspath(snippets_dir)}|{os.path.abspath(cache.root)}|{fingerprint}|{code_digest()}"


class _Entries:
    """Where the current entry of each snippet under one folder is, from the snippet's path as text
    (`Cache.entry_dir` without its path objects: a warm build asks for thousands)."""

    def __init__(self, snippets_dir: Path | str, cache: Cache):
        self.folder = os.path.abspath(snippets_dir)
        self.root = os.path.abspath(cache.root)
        self.kind, self.key = key_function()
        self.memo = filememo.memo()

    def sid(self, path: str) -> str:
        return path[len(self.folder) + 1:-3].replace(os.sep, "/")

    def folder_of(self, path: str) -> str:
        return f"{self.root}/{self.sid(path)}/{self.memo.derived(path, self.kind, self.key)}"

    def files(self, path: str) -> list[str]:
        folder = self.folder_of(path)
        try:
            return [f"{folder}/{n}" for n in sorted(os.listdir(folder))]
        except OSError:
            return []


def _manifest(folder: str, root: str) -> tuple[str, int] | None:
    """(the entry's manifest relative to the cache, its mtime): what the page cache's key holds of an entry."""
    try:
        return f"{folder[len(root) + 1:]}/manifest.json", os.stat(f"{folder}/manifest.json").st_mtime_ns
    except OSError:
        return None


def published(snippets_dir: Path, *, info=log.info, salt: str | None = None,
              manifests: list | None = None) -> dict[str, str]:
    """`{site path: file}`: every snippet's downloads and figures (see the module; `salt`: the
    `context` when the caller has it; `manifests`: a list to which each current entry's manifest
    and its mtime are added)."""
    memo = filememo.memo()
    cache = Cache(snippets_root=snippets_dir)
    where = _Entries(snippets_dir, cache)
    snippets_dir = Path(where.folder)
    salt = salt or context(snippets_dir)
    out = str(cache.root.parent / "site-files")
    paths = _walk(snippets_dir, ".py", (".", "_"))  # discover(snippets_dir), as text
    found: dict[str, str] = {}
    todo: list[Path] = []
    for path in paths:
        sid = where.sid(path)
        name = f"published|{where.folder}|{sid}"
        value = memo.peek(name)
        if value is not None:
            folder = where.folder_of(path)
            downloads = [f"{DOWNLOADS}/{sid}.py", f"{DOWNLOADS}/{sid}.ipynb"]
            group = [path, *(f"{folder}/{n}" for n in value["entry"]), *(f"{out}/{d}" for d in downloads)]
            if memo.recall(name, group, salt) is not None:
                found.update({d: f"{out}/{d}" for d in downloads})
                found.update({f"{DOWNLOADS}/{sid}/{n}": f"{folder}/{n}" for n in value["shown"]})
                if manifests is not None:
                    manifests.append(_manifest(folder, where.root))
                continue
        todo.append(Path(path))
    if not todo:
        info(f"snippets: all {len(paths)} up to date (cache {display_path(cache.root)}; "
             "every entry as verified before, by the stamps of its files)")
        return found
    info(f"snippets: {len(todo)} of {len(paths)} read and verified (new, or a file of theirs changed since "
         "the last build)")
    sources = {path: memo.stamps([str(path)]) for path in todo}  # taken before the source is read
    entries = ensure_entries(snippets_dir, info=info, paths=todo)
    for path in todo:
        rel, sid = path.relative_to(snippets_dir).as_posix(), where.sid(str(path))
        files = {uri: str(file) for uri, file in site_files({rel: entries[rel]}, snippets_dir).items()}
        found.update(files)
        folder = str(entries[rel].folder)
        entry = sorted(os.listdir(folder))
        downloads = [files[f"{DOWNLOADS}/{sid}{suffix}"] for suffix in (".py", ".ipynb")]
        # The entry and the downloads were verified and written above: stamped as they are now.
        group = [str(path), *(f"{folder}/{n}" for n in entry), *downloads]
        shown = sorted(Path(f).name for uri, f in files.items() if uri.startswith(f"{DOWNLOADS}/{sid}/"))
        memo.remember(f"published|{where.folder}|{sid}", group,
                      sources[path] + memo.stamps(group[1:]), {"entry": entry, "shown": shown}, salt)
        if manifests is not None:
            manifests.append(_manifest(folder, where.root))
    return found


def _answer_files(snippets_dir: Path) -> tuple[list[str], list[str]]:
    """(the inputs of the exercises' wrong answers, the programs composed from them and their entries)."""
    inputs = [p for p in _walk(snippets_dir, ".py") if os.path.basename(p).startswith(exercises.PREFIX)]
    answers = Path(exercises.WRONG_DIR).parent  # tests/: wrong_answers/ and any other folder of answers
    if answers.is_dir():
        inputs += [p for d in sorted(os.listdir(answers)) if d != "__pycache__" and (answers / d).is_dir()
                   for p in _walk(answers / d)]
    where = _Entries(exercises.VARIANTS_DIR, Cache(snippets_root=exercises.VARIANTS_DIR))
    outputs = _walk(exercises.VARIANTS_DIR, ".py")
    for program in list(outputs):
        outputs += where.files(program)
    return inputs, outputs


def wrong_answers(snippets_dir: Path, *, info=log.info, salt: str | None = None,
                  manifests: list | None = None) -> None:
    """`ensure_wrong_answers()`, unless nothing it reads or wrote changed (see the module;
    `manifests`: as for `published`, of the composed programs' entries)."""
    memo = filememo.memo()
    name = f"wrong-answers|{os.path.abspath(snippets_dir)}"
    salt = salt or context(snippets_dir)
    inputs, outputs = _answer_files(snippets_dir)
    if memo.recall(name, inputs + outputs, salt) is None:
        stamps = memo.stamps(inputs)  # before they are read
        count = ensure_wrong_answers(snippets_dir, info=info)
        inputs_now, outputs = _answer_files(snippets_dir)
        if inputs_now == inputs:
            memo.remember(name, inputs + outputs, stamps + memo.stamps(outputs), count, salt)
    if manifests is not None:
        root = os.path.abspath(Cache(snippets_root=exercises.VARIANTS_DIR).root)
        manifests += [_manifest(os.path.dirname(p), root) for p in outputs if p.endswith("/manifest.json")]


def general_problems(docs_dir: Path, snippets_dir: Path, salt: str | None = None) -> list[str]:
    """The problems of `snippetkit.checks.general.check_site` (as text), unless none of the files it
    reads changed: the pages and data files of `docs_dir`, the snippets, `tests/*.py` (the
    properties that bind claims) and the output of each snippet that a sweep binds."""
    memo = filememo.memo()
    cache = Cache(snippets_root=snippets_dir)
    paths = sorted(str(p) for p in Path(docs_dir).rglob("*") if p.suffix in (".md", ".yml", ".yaml"))
    paths += _walk(snippets_dir, ".py", (".", "_")) + sorted(str(p) for p in (ROOT / "tests").glob("*.py"))
    name, salt = f"general|{os.path.abspath(docs_dir)}", salt or context(snippets_dir)

    where = _Entries(snippets_dir, cache)

    def outputs(sweeps: list[str]) -> list[str]:
        return [f"{where.folder_of(os.path.join(where.folder, s))}/stdout.txt" for s in sweeps]

    before = memo.peek(name)
    if before is not None:
        found = memo.recall(name, paths + outputs(before["sweeps"]), salt)
        if found is not None:
            return found["problems"]
    stamps = memo.stamps(paths)
    problems = [str(p) for p in general.check_site(Path(docs_dir), snippets_dir).problems]
    try:
        claims = general.load(Path(docs_dir) / general.DATA_NAME)
    except general.ClaimsError:
        claims = []
    sweeps = sorted({c.check.removeprefix("snippets/") for c in claims if c.check and "::" not in c.check
                     and (Path(snippets_dir) / c.check.removeprefix("snippets/")).is_file()})
    memo.remember(name, paths + outputs(sweeps), stamps + memo.stamps(outputs(sweeps)),
                  {"problems": problems, "sweeps": sweeps}, salt)
    return problems
