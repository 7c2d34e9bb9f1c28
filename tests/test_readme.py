"""README.md and CONTRIBUTING.md say what is there: every path, module, include, make target,
setting and environment variable they name resolves, and the README's figures are the benches'
output (snippetkit/devtools/readme_figures.py), not typed.

A path in backticks resolves from the repository, from `snippets/` (a snippet's id) or from
`docs/` (a page, with its `#anchor`); a name with a placeholder (`<chapter>`), outside the
repository (`../`) or under `.cache/` (what the tools write, git-ignored) is not a path to
resolve. Each check is shown to catch what it is for.
"""

from __future__ import annotations

import importlib.util
import re

import pytest

from snippetkit import DOCS_DIR, ROOT, SNIPPETS_DIR, config, markup, source_notes
from snippetkit.devtools import readme_figures

DOCUMENTS = ("README.md", "CONTRIBUTING.md")
CODE = re.compile(r"`([^`\n]+)`")
PATHLIKE = re.compile(r"^[\w.-]+(/[\w.*-]*)*(\.(py|md|yml|yaml|toml|json|js|css|txt|lock)|/)(:[\w-]+)?(#[\w-]+)?$")
INCLUDE = re.compile(r'--8<-- "([^"]+)"')
MAKE = re.compile(r"\bmake ([a-z][a-z-]*)")
MODULE = re.compile(r"^snippetkit(\.\w+)+$")
VARIABLE = re.compile(r"\bSNIPPETKIT_[A-Z_]+\b")
# Names in backticks that look like paths but are examples of what a program prints or a reader
# types, each with the reason.
EXAMPLES = {
    "snippets/x.py:12": "the shape of a failure's location, as `snippets` prints it",
    "snippets/x.py:LINE": "the shape of a failure's location, as `snippets` prints it",
    "training/err_x.py": "a placeholder name in the errata entry's template",
    "site/": "what `make site` writes",
    "site-zensical/": "what `make site-zensical` writes",
    "stdout.txt": "a file of a cache entry (snippetkit/cache.py)",
    "stdout-lines.json": "a file of a cache entry (snippetkit/cache.py)",
    "manifest.json": "a file of a cache entry (snippetkit/cache.py)",
    **{name: "what a bench writes under benchmarks/ (snippetkit/devtools/readme_figures.py)"
       for name in ("bench.txt", "suite-profile.json", "scale.json", "benchmarks/bench.txt",
                    "benchmarks/suite-profile.json", "benchmarks/scale.json")},
}


def _text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def _targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def _resolves(token: str) -> bool:
    path, _, anchor = token.partition("#")
    section = ""
    m = re.match(r"^(.*\.py):([\w-]+)$", path)
    if m:
        path, section = m.groups()
    if path in source_notes.FILES.values():  # a file of the notes' folder, a setting
        return True
    for base in (ROOT, SNIPPETS_DIR, DOCS_DIR, ROOT / "snippetkit", ROOT / "benchmarks"):
        candidate = base / path
        if "*" in path and list(base.glob(path)):
            return True
        if candidate.exists():
            if section:
                return f"[start:{section}]" in candidate.read_text(encoding="utf-8")
            if anchor and candidate.suffix == ".md":
                return anchor in {h.id for h in markup.headings(candidate.read_text(encoding="utf-8"))}
            return True
    return False


def unresolved_paths(text: str) -> list[str]:
    found = []
    for token in CODE.findall(text):
        token = token.strip()
        if token in EXAMPLES or "<" in token or token.startswith(("../", "/", "http", "-", ".venv/bin/", ".cache/")):
            continue
        if PATHLIKE.match(token) and not _resolves(token):
            found.append(token)
    return found


def unresolved_includes(text: str) -> list[str]:
    found = []
    for target in INCLUDE.findall(text):
        path, _, section = target.partition(":")
        source = SNIPPETS_DIR / path
        if not source.is_file() or (section and f"[start:{section}]" not in source.read_text(encoding="utf-8")):
            found.append(target)
    return found


def unknown_targets(text: str) -> list[str]:
    targets = _targets()
    return sorted({t for t in MAKE.findall(text) if t not in targets})


def _exists(dotted: str) -> bool:
    """A module, or a name in a module (`snippetkit.engine.cli.run_snippets`)."""
    try:
        if importlib.util.find_spec(dotted) is not None:
            return True
    except ModuleNotFoundError:
        pass
    module, _, name = dotted.rpartition(".")
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def unknown_modules(text: str) -> list[str]:
    return sorted({t for t in CODE.findall(text) if MODULE.match(t) and not _exists(t)})


def unknown_variables(text: str) -> list[str]:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "snippetkit").rglob("*.py"))
    return sorted({v for v in VARIABLE.findall(text) if v not in code})


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_named_resolves(document):
    assert unresolved_paths(_text(document)) == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_include_named_resolves(document):
    assert unresolved_includes(_text(document)) == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_make_target_named_exists(document):
    assert unknown_targets(_text(document)) == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_module_and_variable_named_exists(document):
    assert unknown_modules(_text(document)) == [] and unknown_variables(_text(document)) == []


def test_every_setting_is_in_the_readme_and_every_setting_named_there_exists():
    text = _text("README.md")
    listed = text.split("Settings live in one place", 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"`(\w+)`", listed)) - {"pyproject", "toml"}
    assert named >= set(config.CHECKS), f"settings the README does not list: {sorted(set(config.CHECKS) - named)}"


def test_the_checks_catch_what_they_are_for():
    assert unresolved_paths("see `snippets/training/no_such.py` and `docs/training.md`") == [
        "snippets/training/no_such.py"]
    assert unresolved_paths("the page `training.md#no-such-heading`") == ["training.md#no-such-heading"]
    assert unresolved_paths("`training/digits01.py:no_section`") == ["training/digits01.py:no_section"]
    assert unresolved_includes('--8<-- "training/digits01.py:compile"') == ["training/digits01.py:compile"]
    assert unknown_targets("run `make snippets`, then `make tset`") == ["tset"]
    assert unknown_modules("`snippetkit.pages.nope`") == ["snippetkit.pages.nope"]
    assert unknown_variables("SNIPPETKIT_NO_SUCH_THING=1") == ["SNIPPETKIT_NO_SUCH_THING"]


def test_the_readmes_figures_are_the_benches_output():
    readme, changed = readme_figures.regenerate(_text("README.md"))
    assert changed == [], f"README.md: {changed} differ from benchmarks/ (python -m snippetkit.devtools.readme_figures)"


def test_a_typed_figure_is_caught():
    readme = _text("README.md")
    marker = readme.index("\n", readme.index("<!-- figures:scale")) + 1
    typed = readme[:marker] + "| cold `make site` | 1.00 s | 2.00 s | 2.00x |\n" + readme[marker:]
    assert readme_figures.regenerate(typed)[1] == ["scale"]
