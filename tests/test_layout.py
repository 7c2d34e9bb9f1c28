"""The package's layout: the sides are folders, and each folder's rule holds.

    snippetkit/            the ground floor: names and results (model), configuration, the cache
                           (the contract between the engine and the pages), the page markup and
                           the data files; it imports none of the folders
    snippetkit/engine/     runs snippets (execute, capture, scrapers, pool, cli): the ground floor only
    snippetkit/checks/     the number grammar, prose binding, output tolerance: the ground floor only
    snippetkit/pages/      the Markdown extensions and the downloads: the ground floor and checks/,
                           never the engine (pages read outputs from the cache, never run a snippet)
    snippetkit/publish/    the pre-build step, the MkDocs hook, the Zensical build: joins the engine
                           and the pages; nothing but maintainer tools imports it
    snippetkit/devtools/   maintainer tools (bench, browser, site weight, link check): nothing imports them
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from snippetkit import ROOT

PACKAGE = ROOT / "snippetkit"
FOLDERS = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
MODULES = sorted(p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
                 for p in PACKAGE.rglob("*.py") if p.stem != "__init__")
MAY_IMPORT = {  # side -> the sides its modules may import (besides its own)
    "ground": set(),
    "engine": {"ground"},
    "checks": {"ground"},
    "pages": {"ground", "checks"},
    "publish": {"ground", "checks", "engine", "pages"},
    "devtools": {"ground", "checks", "engine", "pages", "publish"},
}
MAX_LINES = 500
MAX_LAZY_IMPORTS = 3


def side(module: str) -> str:
    return module.split(".")[0] if "." in module else "ground"


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8"))


def _imported(node: ast.AST) -> set[str]:
    """The package's modules that an import statement names."""
    names: set[str] = set()
    if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "snippetkit":
        base = node.module.removeprefix("snippetkit").lstrip(".")
        names |= {f"{base}.{a.name}".lstrip(".") for a in node.names}
        names.add(base)
    elif isinstance(node, ast.Import):
        names |= {a.name.removeprefix("snippetkit.") for a in node.names if a.name.startswith("snippetkit.")}
    return names & set(MODULES)


def package_imports(module: str) -> set[str]:
    """The snippetkit modules that `module` imports (at any level, lazily or not)."""
    return {m for node in ast.walk(_tree(module)) for m in _imported(node)} - {module}


def lazy_imports() -> list[tuple[str, int, str]]:
    """(module, line, source line) of every import of the package's own modules inside a function."""
    found = []
    for module in MODULES:
        path = PACKAGE / f"{module.replace('.', '/')}.py"
        lines = path.read_text(encoding="utf-8").split("\n")
        for func in ast.walk(_tree(module)):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [(module, n.lineno, lines[n.lineno - 1]) for n in ast.walk(func) if _imported(n)]
    return sorted(set(found))


def test_the_sides_are_the_folders():
    assert FOLDERS == sorted(set(MAY_IMPORT) - {"ground"})


@pytest.mark.parametrize("module", MODULES)
def test_each_side_imports_only_what_its_rule_allows(module):
    wrong = {m for m in package_imports(module) if side(m) not in MAY_IMPORT[side(module)] | {side(module)}}
    assert not wrong, f"{module} ({side(module)}) imports {sorted(wrong)}"


def test_the_pages_and_the_checkers_never_import_the_engine():
    for module in MODULES:
        if side(module) in ("pages", "checks"):
            assert not {m for m in package_imports(module) if side(m) == "engine"}, module


def test_no_import_cycles():
    graph = {m: package_imports(m) for m in MODULES}
    state: dict[str, str] = {}

    def visit(module, path):
        if state.get(module) == "done":
            return
        if state.get(module) == "open":
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(module):], module]))
        state[module] = "open"
        for dep in sorted(graph.get(module, ())):
            visit(dep, [*path, module])
        state[module] = "done"

    for module in MODULES:
        visit(module, [])


def test_the_model_is_a_leaf():
    assert package_imports("model") == set()


def test_the_package_imports_its_modules_at_the_top():
    """At most three lazy imports, each where it keeps a heavy library or a side out of a process,
    saying why on its line."""
    lazy = lazy_imports()
    assert len(lazy) <= MAX_LAZY_IMPORTS, lazy
    assert all("#" in line for _, _, line in lazy), [x for x in lazy if "#" not in x[2]]


@pytest.mark.parametrize("module", MODULES)
def test_no_module_is_longer_than_the_limit(module):
    lines = (PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_module_reads_no_configuration(module):
    """No module-level statement calls config.get() or config.load(): settings are read when used."""
    for node in _tree(module).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for call in ast.walk(node):
            if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in ("get", "load") and getattr(call.func.value, "id", "") == "config"):
                raise AssertionError(f"{module}:{call.lineno} reads the configuration when imported")


@pytest.mark.parametrize("module", [m for m in MODULES if m != "publish.mkdocs_hook"])
def test_each_module_imports_alone_without_tensorflow(module):
    code = f"import sys, snippetkit.{module}; assert 'tensorflow' not in sys.modules, 'tensorflow imported'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_python_m_snippetkit_engine_cli_works():
    proc = subprocess.run([sys.executable, "-m", "snippetkit.engine.cli", "--list"], capture_output=True, text=True,
                          cwd=Path("/"))
    assert proc.returncode == 0 and "training/digits01" in proc.stdout.split()
