"""MkDocs hook: show under every included snippet what it printed and drew, with its downloads.

What it promises, for `mkdocs build` and `mkdocs serve`:

- A code block whose body is only `--8<-- "chapter/name.py"` lines (pymdownx.snippets includes)
  gets, right under it: the snippet's printed output, its figures (SVG, with alt text), and
  "Download .py" / "Download .ipynb" links. An excerpt (`name.py:section`) also gets its whole
  program one click away. Nothing shown as output is typed by hand.
- Outputs come from the cache (`snippetkit.cache`). Before the pages are rendered, the snippets
  whose key changed are re-run, all in one subprocess (`snippets --cache NAMES`), and the log
  names them; with a warm cache nothing runs and this process never imports TensorFlow.
- A failing snippet, a figure that cannot be saved or a corrupt cache entry is an error that
  names the snippet (a corrupt entry is reported, removed and rebuilt), never a blank.
- `extra.notebook_pages` in mkdocs.yml maps notebook pages to snippets: `{page.py: snippet.py}`;
  those snippets are handed to mkdocs-jupyter, which executes and renders them.
- `mkdocs serve` also watches `snippets/`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from snippetkit import ROOT
from snippetkit.cache import Cache, Entry
from snippetkit.model import display_path, snippet_id
from snippetkit.notebook import clean_source, to_notebook

log = logging.getLogger("mkdocs.hooks.snippets")

DOWNLOADS = "snippets"
"""Where downloads and figures appear in the site: `snippets/<id>.py`, `snippets/<id>/fig-1.svg`."""

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE_LINE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]+(?P<q>[\"'])(?P<target>[^\"']+)(?P=q)[ \t]*$")
TARGET = re.compile(r"^(?P<path>.+?\.py)(?P<select>(?::[-\w,:]*)?)$")


@dataclass
class Include:
    """A code block on a page that includes (part of) a snippet."""

    start: int  # index of the opening fence line
    end: int  # index of the closing fence line
    indent: str
    targets: list[tuple[str, str]]  # (snippet path relative to snippets/, selection or "")


def find_includes(markdown: str) -> list[Include]:
    """The fenced blocks whose body is only snippet includes, in page order."""
    lines = markdown.split("\n")
    found, i = [], 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m.group("indent"), m.group("fence")
        close = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        body = [line for line in lines[i + 1 : j] if line.strip()]
        matches = [INCLUDE_LINE.match(line) for line in body]
        if body and all(matches):
            targets = []
            for mm in matches:
                t = TARGET.match(mm.group("target"))
                if t:
                    targets.append((t.group("path"), t.group("select").lstrip(":")))
            if targets:
                found.append(Include(start=i, end=j, indent=indent, targets=targets))
        i = j + 1
    return found


def _page_sources(files: Files) -> dict[str, str]:
    return {f.src_uri: Path(f.abs_src_path).read_text(encoding="utf-8")
            for f in files.documentation_pages() if f.abs_src_path and f.src_uri.endswith(".md")}


class SnippetOutputs:
    """State for one build: where the snippets are, which ones the pages include, their entries."""

    def __init__(self, snippets_dir: Path) -> None:
        self.dir = snippets_dir
        self.cache = Cache(snippets_root=snippets_dir)
        self.entries: dict[str, Entry] = {}

    def id(self, name: str) -> str:
        return snippet_id(self.dir / name, self.dir)

    def ensure(self, names: list[str]) -> None:
        """Read the entries of `names` (paths under snippets/), re-running the stale ones."""
        stale = []
        for name in names:
            path = self.dir / name
            # A corrupt entry is reported and rebuilt: not a warning, which would abort a strict
            # build that is about to repair it.
            entry = self.cache.read_or_discard(path, warn=lambda msg: log.info("snippets: %s", msg))
            if entry is None:
                stale.append(name)
            else:
                self.entries[name] = entry
        if stale:
            ids = [self.id(n) for n in stale]
            log.info("snippets: %d up to date; re-running %d whose key changed: %s",
                     len(names) - len(stale), len(stale), ", ".join(ids))
            self._run(ids)
            for name in stale:
                entry = self.cache.read(self.dir / name)
                if entry is None:
                    raise PluginError(f"snippets: {display_path(self.dir / name)} ran but left "
                                      "no cache entry (see the runner's output above)")
                self.entries[name] = entry
        else:
            log.info("snippets: all %d up to date (cache %s)", len(names), display_path(self.cache.root))

    def _run(self, ids: list[str]) -> None:
        cmd = [sys.executable, "-m", "snippetkit.cli", "--cache", "--root", str(self.dir), *ids]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        failures, tail = [], []
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip("\n")
            tail = (tail + [line])[-40:]
            if line.startswith(("PASS ", "device:", "FAILED ")) or " passed, " in line:
                log.info("snippets: %s", line)
            if line.startswith("FAILED "):
                failures.append(line.removeprefix("FAILED "))
        if proc.wait() != 0:
            detail = "\n".join(failures) if failures else "\n".join(tail)
            raise PluginError(f"snippets: {len(failures) or 'some'} snippet(s) failed:\n{detail}")


_state: SnippetOutputs | None = None


def _snippets_dir(config) -> Path:
    """The first `base_path` of pymdownx.snippets (relative to the working directory, as there)."""
    options = config.mdx_configs.get("pymdownx.snippets") or {}
    base = options.get("base_path") or ["."]
    base = base[0] if isinstance(base, list) else base
    return Path(base).resolve()


def _notebook_pages(config) -> dict[str, str]:
    pages = (config.extra or {}).get("notebook_pages") or {}
    if not isinstance(pages, dict):
        raise PluginError("mkdocs.yml: extra.notebook_pages must map page paths to snippet paths")
    return pages


def on_config(config):
    """Point mkdocs-jupyter at exactly the snippets of `extra.notebook_pages` (it matches its
    `include` patterns against each file's path on disk)."""
    global _state
    _state = SnippetOutputs(_snippets_dir(config))
    _quiet_notebook_kernels()
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["include"] = [name for name in _notebook_pages(config).values()]
    return config


def _quiet_notebook_kernels() -> None:
    """Keep TensorFlow's C++ start-up notices (written to file descriptor 2, not through Python)
    off the notebook pages: the kernels mkdocs-jupyter starts inherit an IPython profile that does
    not capture fd-level output, which then goes to the build log instead. What a notebook prints
    through Python, stderr included, is still shown."""
    profile = ROOT / ".cache" / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text("c.IPKernelApp.capture_fd_output = False\n")
    os.environ["IPYTHONDIR"] = str(profile.parent)


@event_priority(100)  # before mkdocs-jupyter's on_files, which must see the notebook pages
def on_files(files: Files, config) -> Files:
    pages = _page_sources(files)
    included: dict[str, None] = {}
    for src in pages.values():
        for inc in find_includes(src):
            for path, _ in inc.targets:
                included[path] = None
    missing = [p for p in included if not (_state.dir / p).is_file()]
    if missing:
        raise PluginError("snippets: pages include snippets that do not exist: "
                          + ", ".join(display_path(_state.dir / p) for p in missing))
    _state.entries.clear()
    _state.ensure(list(included))

    for name, entry in _state.entries.items():
        sid = _state.id(name)
        source = (_state.dir / name).read_text(encoding="utf-8")
        files.append(File.generated(config, f"{DOWNLOADS}/{sid}.py", content=clean_source(source)))
        files.append(File.generated(config, f"{DOWNLOADS}/{sid}.ipynb", content=_notebook_for(source)))
        for fig in entry.figures:
            for fig_file in (fig.light, fig.dark):
                files.append(File.generated(config, f"{DOWNLOADS}/{sid}/{fig_file.name}",
                                            abs_src_path=str(fig_file)))

    for page, name in _notebook_pages(config).items():
        path = _state.dir / name
        if not path.is_file():
            raise PluginError(f"mkdocs.yml: extra.notebook_pages: {page} -> {name}: "
                              f"{display_path(path)} does not exist")
        files.append(File.generated(config, page, abs_src_path=str(path)))
    return files


def on_nav(nav, config, files):
    """mkdocs-jupyter wraps each notebook file in a NotebookFile, which loses the path on disk of a
    generated file (`abs_src_path` is recomputed from `src_dir`, None for generated files): give
    it back, so that mkdocs-jupyter reads the snippet."""
    for page, name in _notebook_pages(config).items():
        file = files.get_file_from_path(page)
        if file is not None and file.abs_src_path is None:
            file.__dict__["abs_src_path"] = str(_state.dir / name)
    return nav


NOTEBOOKS = ROOT / ".cache" / "notebooks"


def _notebook_for(source: str) -> str:
    """The snippet's .ipynb download, memoised by content (jupytext takes ~20 ms a snippet)."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32]
    memo = NOTEBOOKS / f"{digest}.ipynb"
    try:
        return memo.read_text(encoding="utf-8")
    except OSError:
        text = to_notebook(source)
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, memo)  # atomic: a reader never sees half a notebook
        return text


def _rel(target: str, page) -> str:
    return posixpath.relpath(target, posixpath.dirname(page.file.src_uri) or ".")


def render_outputs(name: str, selection: str, entry: Entry, page, indent: str) -> list[str]:
    """The markdown placed under an included block: output, figures, downloads."""
    sid = _state.id(name)
    out: list[str] = [""]
    stdout = entry.stdout.rstrip("\n")
    if stdout:
        fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", stdout)), default=0))
        out += [f'{fence} {{ .text .no-copy .snippet-output title="Output" }}', *stdout.split("\n"), fence, ""]
    for i, fig in enumerate(entry.figures, start=1):
        alt = fig.alt.replace("[", "(").replace("]", ")")
        out += [f"![{alt}]({_rel(f'{DOWNLOADS}/{sid}/fig-{i}.svg', page)}){{ .snippet-figure }}", ""]
    py, nb = _rel(f"{DOWNLOADS}/{sid}.py", page), _rel(f"{DOWNLOADS}/{sid}.ipynb", page)
    if selection:
        out += [f'??? example "Whole program: {name}"', "",
                f'    ```python title="{name}"', f'    --8<-- "{name}"', "    ```", ""]
    links = (f"[:material-download: Download .py]({py}){{ download }}"
             f" [:material-notebook-outline: Download .ipynb]({nb}){{ download }}")
    out += [f'<p class="snippet-downloads" markdown>{links}'
            f' <span class="snippet-source">`snippets/{name}`</span></p>', ""]
    return [indent + line if line else "" for line in out]


def on_page_markdown(markdown: str, page, config, files) -> str:
    includes = find_includes(markdown)
    if not includes:
        return markdown
    lines = markdown.split("\n")
    for inc in reversed(includes):  # from the end, so earlier indices stay valid
        added: list[str] = []
        for name, selection in inc.targets:
            entry = _state.entries.get(name)
            if entry is None:
                raise PluginError(f"snippets: {page.file.src_uri} includes {name}, which has no output")
            added += render_outputs(name, selection, entry, page, inc.indent)
        lines[inc.end + 1 : inc.end + 1] = added
    return "\n".join(lines)


def on_serve(server, config, builder):
    server.watch(str(_state.dir))
    return server


def on_post_build(config) -> None:
    if os.environ.get("SNIPPETKIT_FORBID_TENSORFLOW") and "tensorflow" in sys.modules:
        raise PluginError("snippets: TensorFlow was imported by the site build "
                          "(SNIPPETKIT_FORBID_TENSORFLOW is set)")
