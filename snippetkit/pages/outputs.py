"""Python-Markdown extension: under every code block that includes a snippet, what it printed and drew.

Registered in mkdocs.yml as `snippetkit.pages.outputs`; runs under MkDocs and under Zensical (which
runs a project's Markdown extensions but ignores MkDocs hooks and plugins).

What it promises:

- An *include block* is what `snippetkit.markup` reads as one (pymdownx.snippets' own grammar and
  path resolution, so what this extension sees as an include is exactly what pymdownx expands).
- It is a preprocessor at priority 34: after the preprocessors that *generate* markdown (errata at
  40, the verification report at 36), so it also sees the include blocks they produce (inside
  content tabs and admonitions), and before pymdownx.snippets (32) expands the includes.
- Under each included snippet, with the block's indentation: its output (class `snippet-output`;
  for a snippet that declares `# expect-error:`, also `snippet-error`, titled "Raised, as the
  original does"), its figures as light/dark pairs (Material's `#only-light` / `#only-dark`, same
  alt text), the outputs of every other registered kind (one renderer per kind, `RENDERERS`), a
  small provenance line (versions, device, run time, the seeds whose assertions held),
  for an excerpt the whole program in a fold, and "Download .py / .ipynb" links.
- Outputs come only from the cache (`snippetkit.cache`, format 2); this module never runs a snippet
  and never imports TensorFlow. A snippet without a current entry is an error naming it and the
  command that makes one (the site's pre-build step, `snippetkit.publish.site`, runs before any page).
- Links are written relative to the page being rendered (MkDocs: its link rewriter's file;
  Zensical: its rendering context), to files the pre-build step publishes under `snippets/`.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from pymdownx.snippets import SnippetPreprocessor

from snippetkit import exercises
from snippetkit.cache import Cache
from snippetkit.markup import Include, Target, find_includes, snippet_grammar

PRIORITY = 34
NAME = "snippetkit_outputs"
DOWNLOADS = "snippets"
"""Where downloads and figures appear in the site: `snippets/<id>.py`, `snippets/<id>/fig-1.svg`."""

ERROR_TITLE = "Raised, as the original does"


class MissingOutput(LookupError):
    """An included snippet has no current cache entry, or an output no renderer can show."""


RENDERERS: dict = {}
"""kind -> renderer, for the outputs beyond text and figures (`cache.OutputFiles`). A renderer is
`render(output, link) -> list[str]`: the markdown lines under the block, where `link(file)` is the
page-relative URL of one of the output's files (the build publishes them beside the figures)."""


def register_renderer(kind: str, renderer) -> None:
    """Show the outputs of `kind` (the name its scraper gives them) with `renderer`."""
    if kind in RENDERERS:
        raise ValueError(f"a renderer for {kind!r} is already registered")
    RENDERERS[kind] = renderer


def page_includes(md: Markdown, text: str) -> list[Include]:
    """The include blocks this extension sees on a page rendered by `md` (which must use this
    extension): those written in the page and those that the preprocessors running before it
    (errata, report directives) generate."""
    md.reset()
    lines = text.split("\n")
    before = md.preprocessors.get_index_for_name(NAME)  # the registry runs them in this order
    for preprocessor in list(md.preprocessors)[:before]:
        lines = preprocessor.run(lines)
    grammar = md.preprocessors["snippet"] if "snippet" in md.preprocessors else snippet_grammar()
    return find_includes(lines, grammar)


# ---- rendering ---------------------------------------------------------------------------------

def provenance_line(provenance) -> list[str]:
    """`TensorFlow 2.21.0 · Keras 3.12.0 · NumPy 2.3.4 · CPU · 3.2 s · seeds 0, 1 ✓`, as the lines of
    a markdown paragraph of class `snippet-provenance` whose title gives the details."""
    versions = provenance.versions or {}
    parts = [f"{label} {versions[key]}" for key, label in
             (("tensorflow", "TensorFlow"), ("keras", "Keras"), ("numpy", "NumPy")) if versions.get(key)]
    if provenance.device:
        parts.append(provenance.device)
    parts.append(f"{provenance.duration:.1f} s")
    seeds = provenance.seeds or {}
    held = sorted((int(s) for s, ok in seeds.items() if ok))
    failed = sorted((int(s) for s, ok in seeds.items() if not ok))
    if held:
        parts.append(f"seed{'s' if len(held) > 1 else ''} {', '.join(map(str, held))} ✓")
    if failed:
        parts.append(f"seed{'s' if len(failed) > 1 else ''} {', '.join(map(str, failed))} ✗")
    detail = [f"{provenance.assertions} assertion{'s' if provenance.assertions != 1 else ''} checked"]
    if provenance.expect_error:
        detail.append(f"raises {provenance.expect_error} as declared")
    if versions.get("python"):
        detail.append(f"Python {versions['python']}")
    if provenance.ran_at:
        detail.append(f"run {provenance.ran_at}")
    title = _escape_markdown("; ".join(detail).replace('"', "'"))  # inline markdown runs first
    # A paragraph with attr_list's block attributes, not raw HTML: raw HTML is not recognised as a
    # block inside the indented content of tabs and admonitions.
    return [_escape_markdown(" · ".join(parts)), f'{{: .snippet-provenance title="{title}" }}']


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


def _fence_for(text: str) -> str:
    return "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", text)), default=0))


def render(target: Target, entry, page_dir: str, indent: str) -> list[str]:
    """The markdown placed under an included block for one snippet."""
    sid = target.path.removesuffix(".py")

    def rel(uri: str) -> str:
        return posixpath.relpath(uri, page_dir or ".")

    out: list[str] = [""]
    stdout = entry.stdout.rstrip("\n")
    prov = entry.provenance
    if stdout:
        fence = _fence_for(stdout)
        if prov.expect_error and exercises.is_starter(sid):
            attrs = f'.text .no-copy .snippet-output .snippet-error title="{exercises.OUTPUT_TITLE}"'
        elif prov.expect_error:
            attrs = f'.text .no-copy .snippet-output .snippet-error title="{ERROR_TITLE}"'
        else:
            attrs = '.text .no-copy .snippet-output title="Output"'
        out += [f"{fence} {{ {attrs} data-search-exclude=\"\" }}", *stdout.split("\n"), fence, ""]
    for fig in entry.figures:
        alt = fig.alt.replace("[", "(").replace("]", ")")
        light, dark = rel(f"{DOWNLOADS}/{sid}/{fig.light.name}"), rel(f"{DOWNLOADS}/{sid}/{fig.dark.name}")
        out += [f"![{alt}]({light}#only-light){{ .snippet-figure }}",
                f"![{alt}]({dark}#only-dark){{ .snippet-figure .snippet-figure-dark }}", ""]
    for output in getattr(entry, "outputs", ()):
        if output.kind not in RENDERERS:
            raise MissingOutput(f"snippets: {target.path}: no renderer registered for outputs of kind "
                                f"{output.kind!r} (snippetkit.pages.outputs.register_renderer)")
        out += [*RENDERERS[output.kind](output, lambda file: rel(f"{DOWNLOADS}/{sid}/{Path(file).name}")), ""]
    out += [*provenance_line(prov), ""]
    if target.selection:
        out += [f'??? example "Whole program: {target.path}"', "",
                f'    ```python title="{target.path}"', f'    --8<-- "{target.path}"', "    ```", ""]
    links = (f"[:material-download: Download .py]({rel(f'{DOWNLOADS}/{sid}.py')}){{ download }}"
             f" [:material-notebook-outline: Download .ipynb]({rel(f'{DOWNLOADS}/{sid}.ipynb')}){{ download }}")
    out += [f"{links} `snippets/{target.path}`", "{: .snippet-downloads }", ""]
    return [indent + line if line else "" for line in out]


def page_dir_of(md: Markdown) -> str:
    """The folder (under docs/) of the page being rendered, for relative links; "" when unknown."""
    relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    src_uri = getattr(getattr(relpath, "file", None), "src_uri", None)  # MkDocs
    if src_uri is None and "rendering_context" in md.preprocessors:  # Zensical
        src_uri = getattr(md.preprocessors["rendering_context"].page, "path", None)
    return posixpath.dirname(str(src_uri).replace("\\", "/")) if src_uri else ""


class SnippetOutputPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, ext: SnippetOutputExtension):
        super().__init__(md)
        self.ext = ext

    def grammar(self) -> SnippetPreprocessor:
        if "snippet" in self.md.preprocessors:
            return self.md.preprocessors["snippet"]
        return snippet_grammar(self.ext.getConfig("snippets_dir") or "snippets")

    def run(self, lines: list[str]) -> list[str]:
        grammar = self.grammar()
        snippets_dir = Path(self.ext.getConfig("snippets_dir") or grammar.base_path[0]).resolve()
        includes = find_includes(lines, grammar, snippets_dir)
        if not includes:
            return lines
        page_dir = page_dir_of(self.md)
        lines = list(lines)
        for inc in reversed(includes):  # from the end, so earlier indices stay valid
            added: list[str] = []
            for target in inc.targets:
                added += render(target, self.ext.entry(snippets_dir, target.path), page_dir, inc.indent)
            lines[inc.end + 1 : inc.end + 1] = added
        return lines


class SnippetOutputExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "snippets_dir": ["", "Folder of the snippets (default: pymdownx.snippets' first base_path)"],
            "cache_dir": ["", "Folder of the output cache (default: snippetkit's configured cache_dir)"],
        }
        super().__init__(**kwargs)
        self._entries: dict[tuple[Path, int], object] = {}

    def entry(self, snippets_dir: Path, name: str):
        """The current cache entry of the snippet `name` under `snippets_dir` (memoised by the
        snippet's modification time: `mkdocs serve` keeps this extension between builds)."""
        path = snippets_dir / name
        try:
            stamp = path.stat().st_mtime_ns
        except OSError as exc:
            raise MissingOutput(f"snippets: {name} does not exist under {snippets_dir}") from exc
        key = (path, stamp)
        if key not in self._entries:
            cache_dir = self.getConfig("cache_dir")
            cache = Cache(Path(cache_dir), snippets_root=snippets_dir) if cache_dir else Cache(
                snippets_root=snippets_dir)
            entry = cache.read(path)
            if entry is None:
                raise MissingOutput(
                    f"snippets: {snippets_dir.name}/{name} has no current cache entry: run "
                    f"`snippets --cache {name.removesuffix('.py')}` (the site's pre-build step, "
                    "`python -m snippetkit.publish.site`, does this for every snippet before pages render)")
            self._entries[key] = entry
        return self._entries[key]

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(SnippetOutputPreprocessor(md, self), NAME, PRIORITY)


def makeExtension(**kwargs) -> SnippetOutputExtension:  # noqa: N802 (Python-Markdown's entry point)
    return SnippetOutputExtension(**kwargs)
