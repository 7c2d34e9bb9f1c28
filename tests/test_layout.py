"""The package's layout: imports run one way, from the CLI and the page side down to the model."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from snippetkit import ROOT

PACKAGE = ROOT / "snippetkit"
MODULES = sorted(p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
                 for p in PACKAGE.rglob("*.py") if p.stem != "__init__")


def package_imports(module: str) -> set[str]:
    """The snippetkit modules that `module` imports (at any level, lazily or not)."""
    tree = ast.parse((PACKAGE / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            folders = {m.split(".")[0] for m in MODULES}
            if node.module == "snippetkit" or node.module.removeprefix("snippetkit.") in folders:
                prefix = node.module.removeprefix("snippetkit").lstrip(".")
                found |= {f"{prefix}.{a.name}".lstrip(".") for a in node.names} & set(MODULES)
            if node.module.startswith("snippetkit.") and node.module.removeprefix("snippetkit.") in MODULES:
                found.add(node.module.removeprefix("snippetkit."))
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("snippetkit.") for a in node.names if a.name.startswith("snippetkit.")}
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
    engine = {m for m in MODULES if m.startswith("engine.")}
    assert not package_imports("cache") & engine


@pytest.mark.parametrize("module", [m for m in MODULES if m != "build.mkdocs_hook"])
def test_each_module_imports_alone_without_tensorflow(module):
    code = f"import sys, snippetkit.{module}; assert 'tensorflow' not in sys.modules, 'tensorflow imported'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_python_m_snippetkit_cli_works():
    proc = subprocess.run([sys.executable, "-m", "snippetkit.engine.cli", "--list"], capture_output=True, text=True,
                          cwd=Path("/"))
    assert proc.returncode == 0 and "training/digits01" in proc.stdout.split()
