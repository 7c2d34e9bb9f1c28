"""MkDocs only: a build that writes into the site folder only what changed, and leaves it as a
clean build would (tests/test_incremental.py compares the two after each change it makes).

`mkdocs build` empties the site folder, copies every static file and renders every page's
template (the navigation of the whole site, on every page): work that grows with the site even
when nothing changed. When the build's caches are on (`SNIPPETKIT_BUILD_CACHES`) and the build is
not MkDocs' own `--dirty` one, the hook (`snippetkit.publish.mkdocs_hook`) makes it incremental:

- The site folder is not emptied (`mkdocs.utils.clean_directory` is wrapped). Instead, after the
  build (`finish`), every file that this build neither wrote nor kept is removed, and every folder
  left empty, with the rule `clean_directory` has: hidden entries at the top of the folder stay.
  A folder whose stamp is the one recorded after the last build is not listed (it holds what it
  held then: the last build's outputs in it and its folders). What the build writes is what goes
  through `mkdocs.utils.write_file` (pages, the theme's templates, the search index), the static
  files, and `sitemap.xml.gz` (which MkDocs writes its own way): a plugin that wrote a file any
  other way would see it removed, and the test that compares the site with a clean build's would
  fail.
- A static file is copied only when its source's stamp (size, mtime, ctime, inode) or the stamp of
  the copy in the site folder differs from the one recorded when it was copied there; otherwise the
  copy is kept. Every output is recorded with its stamp, the time it was recorded and the digest
  of its bytes: a stamp recorded within `filememo.RACY_SECONDS` of the file's last change is
  *racy* (a write in the same tick of the file system's clock would leave it as it is), so such a
  file is kept only if its bytes (and a racy source's) still have the recorded digest.
- A page's template is not rendered when its *final key* is the one recorded with the HTML file in
  the site folder and that file still has the stamp recorded when it was written. The final key
  holds what Material renders a page from in this site's configuration (no plugin but search
  adds to a page's context): the key of its content (the page cache's key, or
  the notebook page's), the site digest (every input of the site: `mkdocs.yml`, every file's name,
  the versions of MkDocs and the theme, ...), the *navigation digest* (every page's title, URL and
  place in the navigation, and the homepage: what every page's navigation shows, computed after
  every page was read, so a new title renders every page anew), the site URL, the page's URL,
  title and front matter, and whether it is a draft. A page without a content key (rendered with
  the caches off, or whose render logged a warning) always renders.
- The theme's templates (`404.html`, with the navigation; `sitemap.xml` and `sitemap.xml.gz`) are
  kept the same way, keyed by the site's key (and, for the sitemap, each page's update date).
- Material's search index: see `snippetkit.publish.mkdocs_hook` (entries of pages whose template
  is not rendered are added by their content key; the index is written anew only when some entry,
  the search settings or the file changed).
- The records (each output file's key, stamp and digest, each folder's stamp) are kept per site
  folder under `.cache/site-builds/` (with the folder's path in a `.dir` file beside them, so
  that the records of folders that are gone are dropped), written only when a build succeeds:
  after a failed build, what it wrote has stamps no record has, so the next build writes it again.

`SNIPPETKIT_BUILD_CACHES=0`, `mkdocs build --dirty` and `mkdocs serve --dirty` leave MkDocs as it is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from pathlib import Path

import mkdocs.commands.build as mkdocs_build
import mkdocs.utils as mkdocs_utils

from snippetkit import filememo

log = logging.getLogger("mkdocs.hooks.snippets")


def _stamp(path: str) -> list[int] | None:
    try:
        return list(filememo.stamp_of(os.stat(path)))
    except OSError:
        return None


def _settled(stamp: list[int] | None, checked: int) -> bool:
    return stamp is not None and max(stamp[1], stamp[2]) + int(filememo.RACY_SECONDS * 1e9) <= checked


def _sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


class Build:
    """One incremental build into `site_dir` (see the module)."""

    def __init__(self, site_dir: str, records: Path):
        self.site_dir = os.path.abspath(site_dir)
        self.records = records / f"{hashlib.sha256(self.site_dir.encode()).hexdigest()[:24]}.json"
        self.previous: dict[str, dict] = {}
        self.previous_folders: dict[str, list] = {}  # relative folder -> [stamp, its folders] after the last build
        self.folders_checked = 0
        try:
            data = json.loads(self.records.read_text(encoding="utf-8"))
            if data.get("site_dir") == self.site_dir:
                self.previous = {rel: r for rel, r in data["outputs"].items()
                                 if isinstance(r, dict) and {"stamp", "checked", "sha256"} <= set(r)}
                self.previous_folders = dict(data["folders"])
                self.folders_checked = int(data["folders_checked"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        self.outputs: dict[str, dict] = {}  # relative path -> {"stamp", "checked", "sha256", "key"?, "source"?}
        self.active = False  # set when MkDocs asks to empty the folder (a build that is not --dirty)
        self.site_key = ""
        self.index_page = None  # set by the hook: adds a page whose template is not rendered to the search index
        self.kept = self.written = self.copied = self.removed = self.verified = 0

    def rel(self, path: str) -> str:
        path = os.fspath(path)
        if path.startswith(self.site_dir + os.sep) and os.sep + "." not in path:
            return path[len(self.site_dir) + 1:].replace(os.sep, "/")
        return os.path.relpath(os.path.abspath(path), self.site_dir).replace(os.sep, "/")

    # ---- what was there -----------------------------------------------------------------------

    def intact(self, rel: str, **expected) -> bool:
        """Whether the file `rel` is the one the last successful build recorded with `expected`
        (its key, or its source), unchanged since: the same stamp, and either the stamp was
        settled when it was recorded or the file's bytes still have the recorded digest (read
        then, and recorded as checked now)."""
        record = self.previous.get(rel)
        if record is None or any(record.get(k) != v for k, v in expected.items()):
            return False
        path = os.path.join(self.site_dir, rel)
        stamp = _stamp(path)
        if stamp != record["stamp"]:
            return False
        if not _settled(stamp, record["checked"]):
            if _sha256(path) != record["sha256"]:
                return False
            record["checked"] = time.time_ns()
            self.verified += 1
        return True

    def keep(self, rel: str) -> None:
        self.outputs[rel] = self.previous[rel]
        self.kept += 1

    def wrote(self, path: str, sha256: str | None = None, **more) -> None:
        """Record a file this build wrote (stamped after the write; its digest given or read)."""
        rel = self.rel(path)
        if rel.startswith("../"):
            return
        self.outputs[rel] = {"stamp": _stamp(path), "checked": time.time_ns(),
                             "sha256": sha256 or _sha256(path), **more}
        self.written += 1

    # ---- static files -------------------------------------------------------------------------

    def copy_static_files(self, files, dirty: bool = False, *, inclusion=None) -> None:
        """`Files.copy_static_files`, copying only a file whose source or copy changed."""
        margin = int(filememo.RACY_SECONDS * 1e9)
        for file in files:
            if file.is_documentation_page() or (inclusion is not None and not inclusion(file.inclusion)):
                continue
            source_path = file.abs_src_path
            if file._content is not None or source_path is None:  # generated in memory: written
                file.copy_file(False)
                self.wrote(file.abs_dest_path)
                continue
            source = [source_path, _stamp(source_path)]
            rel = self.rel(file.abs_dest_path)
            record = self.previous.get(rel)
            if record is not None and record.get("source") == source:
                if max(source[1][1], source[1][2]) + margin <= record["checked"] and self.intact(rel) or \
                        self.intact(rel) and _sha256(source_path) == record["sha256"]:  # a racy source: its bytes
                    self.keep(rel)
                    continue
            file.copy_file(False)
            self.wrote(file.abs_dest_path, source=source)
            self.copied += 1

    # ---- the end ------------------------------------------------------------------------------

    def finish(self) -> None:
        """Remove what this build did not produce, then record what it did. A folder whose stamp
        is the one recorded after the last build (and was settled then) holds what it held then:
        the last build's outputs in it, and the folders it had; only those are looked at. Any
        other folder is listed."""
        margin = int(filememo.RACY_SECONDS * 1e9)
        before: dict[str, list[str]] = {}
        for rel in self.previous:
            folder, _, name = rel.rpartition("/")
            before.setdefault(folder, []).append(name)
        self.folders: dict[str, list] = {}

        def visit(rel: str) -> bool:
            """Clean the folder `rel` ("": the site folder); whether it is empty now."""
            path = os.path.join(self.site_dir, rel) if rel else self.site_dir
            try:
                stamp = list(filememo.stamp_of(os.stat(path)))
            except OSError:
                return False
            prefix, top, record = f"{rel}/" if rel else "", not rel, self.previous_folders.get(rel)
            removed, files = False, 0
            if record is not None and record[0] == stamp and max(stamp[1], stamp[2]) + margin <= self.folders_checked:
                subdirs = record[1]
                for name in before.get(rel, ()):
                    if prefix + name in self.outputs:
                        files += 1
                    else:
                        os.unlink(os.path.join(path, name))
                        self.removed += 1
                        removed = True
            else:
                subdirs = []
                with os.scandir(path) as found:
                    for entry in found:
                        if top and entry.name.startswith("."):
                            files += 1  # hidden at the top: kept, as `mkdocs build` keeps it
                        elif entry.is_dir(follow_symlinks=False):
                            subdirs.append(entry.name)
                        elif prefix + entry.name in self.outputs:
                            files += 1
                        else:
                            os.unlink(entry.path)
                            self.removed += 1
                            removed = True
            kept_dirs = []
            for name in subdirs:
                if visit(prefix + name):
                    os.rmdir(os.path.join(path, name))
                    removed = True
                else:
                    kept_dirs.append(name)
            if removed:
                stamp = list(filememo.stamp_of(os.stat(path)))
            self.folders[rel] = [stamp, kept_dirs]
            return not top and not files and not kept_dirs

        visit("")
        if not (self.written or self.removed or self.verified) and self.outputs.keys() == self.previous.keys() \
                and self.folders == self.previous_folders:
            log.info(f"snippets: site folder: all {self.kept} files kept")
            return
        data = {"site_dir": self.site_dir, "outputs": self.outputs, "folders": self.folders,
                "folders_checked": time.time_ns()}
        try:
            self.records.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.records.with_name(f".{self.records.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.records)
            self.records.with_suffix(".dir").write_text(self.site_dir, encoding="utf-8")
        except OSError:
            pass
        for other in self.records.parent.glob("*.dir"):  # the records of site folders that are gone
            try:
                if not os.path.isdir(other.read_text(encoding="utf-8")):
                    other.with_suffix(".json").unlink(missing_ok=True)
                    other.unlink()
            except OSError:
                pass
        log.info(f"snippets: site folder: {self.kept} files kept ({self.verified} of them read to be sure), "
                 f"{self.written} written ({self.copied} static files copied), {self.removed} removed")


_current: Build | None = None


def current() -> Build | None:
    """The incremental build under way (None when MkDocs builds as it does by itself)."""
    return _current if _current is not None and _current.active else None


def begin(site_dir: str, records: Path) -> None:
    """Prepare an incremental build of `site_dir` (it starts when MkDocs asks to empty the folder)."""
    global _current
    _install()
    _current = Build(site_dir, records)


def end() -> None:
    global _current
    build, _current = current(), None
    if build is not None:
        build.finish()


def abandon() -> None:
    global _current
    _current = None


def final_key(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()[:40]


# ---- MkDocs' functions, wrapped once per process ------------------------------------------------

def _install() -> None:
    if getattr(mkdocs_utils, "_snippetkit_originals", None) is not None:
        return
    originals = {"clean_directory": mkdocs_utils.clean_directory, "write_file": mkdocs_utils.write_file,
                 "_build_page": mkdocs_build._build_page, "_build_theme_template": mkdocs_build._build_theme_template}

    def clean_directory(directory: str) -> None:
        if _current is not None and os.path.abspath(directory) == _current.site_dir:
            _current.active = True  # emptied at the end instead, of what this build did not produce
            return
        originals["clean_directory"](directory)

    def write_file(content: bytes, output_path: str) -> None:
        originals["write_file"](content, output_path)
        build = current()
        if build is not None:
            build.wrote(output_path, hashlib.sha256(content).hexdigest())

    def build_page(page, config, doc_files, nav, env, dirty=False, excluded=False):
        build = current()
        content_key = getattr(page, "content_key", None)
        if build is None or dirty or content_key is None:
            load_content(page)
            return originals["_build_page"](page, config, doc_files, nav, env, dirty, excluded)
        key = final_key(build.site_key, content_key, page.file.src_uri, page.url, page.title, page.meta,
                        bool(excluded))
        rel = build.rel(page.file.abs_dest_path)
        if build.intact(rel, key=key):
            build.keep(rel)
            page.skipped_template = True
            if build.index_page is not None:  # the search index's entries of the page, from their memo
                build.index_page(page)
            return None
        load_content(page)
        originals["_build_page"](page, config, doc_files, nav, env, dirty, excluded)
        if rel in build.outputs:
            build.outputs[rel]["key"] = key
        return None

    def build_theme_template(template_name, env, files, config, nav):
        """A theme's template (404.html, sitemap.xml and its .gz) kept when its final key holds:
        the site's key (navigation included) and, for the sitemap, each page's update date."""
        build = current()
        if build is None:
            return originals["_build_theme_template"](template_name, env, files, config, nav)
        dates = [f.page.update_date for f in files.documentation_pages() if f.page is not None]
        key = final_key(build.site_key, template_name, dates if "sitemap" in template_name else None)
        outputs = [o for o in (template_name, f"{template_name}.gz") if o in build.previous]
        if outputs and all(build.intact(o, key=key) for o in outputs):
            for o in outputs:
                build.keep(o)
            return None
        originals["_build_theme_template"](template_name, env, files, config, nav)
        gz = os.path.join(config.site_dir, f"{template_name}.gz")
        if os.path.isfile(gz):  # sitemap.xml.gz, written without write_file
            build.wrote(gz)
        for o in (template_name, f"{template_name}.gz"):
            if o in build.outputs:
                build.outputs[o]["key"] = key
        return None

    mkdocs_build._build_theme_template = build_theme_template
    mkdocs_utils.clean_directory = clean_directory
    mkdocs_utils.write_file = write_file
    mkdocs_build._build_page = build_page
    mkdocs_utils._snippetkit_originals = originals


def load_content(page) -> None:
    """Read a page's HTML that the page cache left on disk (`page.content_file`), if it did."""
    path = getattr(page, "content_file", None)
    if path is not None:
        page.content = Path(path).read_text(encoding="utf-8")
        page.content_file = None
