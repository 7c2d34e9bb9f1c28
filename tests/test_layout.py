"""The package's layout: imports run one way, from the CLI and the page side down to the model."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from snippetkit import ROOT

PACKAGE = ROOT / "snippetkit"
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def package_imports(module: str) -> set[str]:
    """The snippetkit modules that `module` imports (at any level, lazily or not)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "snippetkit":
                found |= {a.name for a in node.names if a.name in MODULES}
            elif node.module.startswith("snippetkit."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("snippetkit.")}
    return found - {module}


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


def test_the_model_is_a_leaf_and_runner_is_gone():
    assert package_imports("model") == set()
    assert "runner" not in MODULES
    assert all("runner" not in package_imports(m) for m in MODULES)


def test_the_page_side_and_the_cache_do_not_import_the_engine():
    engine = {"execute", "pool", "scrapers", "capture", "cli"}
    assert not package_imports("cache") & engine


@pytest.mark.parametrize("module", [m for m in MODULES if m != "mkdocs_hook"])
def test_each_module_imports_alone_without_tensorflow(module):
    code = f"import sys, snippetkit.{module}; assert 'tensorflow' not in sys.modules, 'tensorflow imported'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_python_m_snippetkit_cli_works():
    proc = subprocess.run([sys.executable, "-m", "snippetkit.cli", "--list"], capture_output=True, text=True,
                          cwd=Path("/"))
    assert proc.returncode == 0 and "training/digits01" in proc.stdout.split()
