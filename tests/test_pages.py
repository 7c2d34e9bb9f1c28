"""Static checks of the pages: every snippet is shown, every include resolves, no block goes untested.

pytest-codeblocks (run by `make test` on README.md, CONTRIBUTING.md and docs/) executes plain
```python, ```sh and ```bash fences but cannot expand `--8<--` includes; the runner executes the
snippets. These tests make sure that every code block a reader sees is one or the other.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from snippetkit import DOCS_DIR, ROOT, SNIPPETS_DIR, config
from snippetkit.markup import FENCE_OPEN, fenced_blocks, find_includes
from snippetkit.model import discover, display_path
from snippetkit.pages import errata

PAGES = sorted(DOCS_DIR.rglob("*.md"))
MARKDOWN = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *PAGES]
SECTION = re.compile(r"#\s*-+8<-+\s*\[\s*start\s*:\s*([-\w]+)\s*\]")
EXECUTED = {"python", "sh", "bash"}  # what pytest-codeblocks runs (an exact info string)
DISPLAY_ONLY = {"text", "console", "markdown", "yaml", "toml", "json", "output", "mermaid", ""}


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_constructor("!ENV", lambda loader, node: None)
MKDOCS = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)


def fences(path: Path):
    """(line number, info string, body lines, skipped?) of every fenced block in a markdown file."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, j in fenced_blocks(lines):
        m = FENCE_OPEN.match(lines[i])
        previous = next((ln.strip() for ln in reversed(lines[:i]) if ln.strip()), "")
        yield i + 1, m.group("info").strip(), lines[i + 1 : j], previous == "<!--pytest.mark.skip-->"


def page_markdown(page: Path) -> str:
    """A page's markdown with its errata directives expanded (snippetkit.pages.errata writes includes)."""
    md = markdown.Markdown(extensions=["snippetkit.pages.errata"])
    lines = page.read_text(encoding="utf-8").split("\n")
    return "\n".join(errata.ErrataPreprocessor(md, md.registeredExtensions[0]).run(lines))


def included_snippets() -> dict[str, set[str]]:
    """snippet path (under snippets/) -> the pages that include it (notebook pages included), also
    through the errata directives."""
    found: dict[str, set[str]] = {}
    for page in PAGES:
        for inc in find_includes(page_markdown(page)):
            for path, _ in inc.targets:
                found.setdefault(path, set()).add(page.relative_to(DOCS_DIR).as_posix())
    for page, snippet in config.load().notebook_pages.items():
        found.setdefault(snippet, set()).add(page)
    return found


def test_every_snippet_is_shown_on_a_page():
    shown = included_snippets()
    orphans = [display_path(p) for p in discover()
               if p.relative_to(SNIPPETS_DIR).as_posix() not in shown]
    assert not orphans, f"snippets no page includes: {orphans}"


def test_every_include_resolves_to_a_snippet_and_section():
    problems = []
    for page in PAGES:
        for inc in find_includes(page_markdown(page)):
            for path, selection in inc.targets:
                file = SNIPPETS_DIR / path
                where = f"{page.relative_to(ROOT)}:{inc.start + 1}"
                if not file.is_file():
                    problems.append(f"{where}: {path} does not exist")
                elif selection and not selection[0].isdigit():
                    if selection not in SECTION.findall(file.read_text(encoding="utf-8")):
                        problems.append(f"{where}: {path} has no section {selection!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", MARKDOWN, ids=[p.relative_to(ROOT).as_posix() for p in MARKDOWN])
def test_no_code_block_goes_untested(page):
    problems = []
    for line, info, body, skipped in fences(page):
        language = info.split()[0].lstrip("{.").rstrip("}") if info else ""
        is_include = bool(body) and all(
            re.match(r"^\s*-+8<-+\s+[\"']", b) for b in body if b.strip()) and any(b.strip() for b in body)
        where = f"{page.relative_to(ROOT)}:{line}"
        if is_include:
            if page.parent != DOCS_DIR and DOCS_DIR not in page.parents:
                problems.append(f"{where}: includes work on site pages only")
            continue
        if language in ("python", "py", "python3") and (info != "python" or skipped):
            problems.append(f"{where}: a Python block that pytest-codeblocks would not run "
                            f"(info string {info!r}{', skipped' if skipped else ''}): make it a snippet")
        elif info in EXECUTED or language in DISPLAY_ONLY or skipped and language in EXECUTED:
            continue
        else:
            problems.append(f"{where}: a {language!r} block: neither tested nor known to be display-only")
    assert not problems, "\n".join(problems)


def test_includes_name_their_file_in_the_title():
    problems = []
    for page in PAGES:
        lines = page_markdown(page).split("\n")
        for inc in find_includes("\n".join(lines)):
            info = lines[inc.start]
            names = {path for path, _ in inc.targets}
            excerpt = any(sel for _, sel in inc.targets)
            title = re.search(r'title="([^"]*)"', info)
            if not title or not any(n in title.group(1) for n in names):
                problems.append(f"{page.relative_to(ROOT)}:{inc.start + 1}: the title must name {sorted(names)}")
            elif excerpt and "excerpt" not in title.group(1):
                problems.append(f"{page.relative_to(ROOT)}:{inc.start + 1}: an excerpt's title must say so")
    assert not problems, "\n".join(problems)


def test_every_page_is_in_the_nav():
    def walk(items):
        for item in items:
            for value in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(value, list):
                    yield from walk(value)
                else:
                    yield value

    in_nav = set(walk(MKDOCS["nav"]))
    missing = [p.relative_to(DOCS_DIR).as_posix() for p in PAGES
               if p.relative_to(DOCS_DIR).as_posix() not in in_nav]
    assert not missing, f"pages missing from the nav in mkdocs.yml: {missing}"
