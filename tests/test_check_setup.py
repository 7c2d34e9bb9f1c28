"""The set-up check's verdict (snippets/home/check_setup.py), over the versions a learner may have.

The snippet is a whole program that imports TensorFlow; its verdict is `assess`, a function of
version strings alone. These tests read that function (and the constants it uses) out of the file
with `ast`, without running the program, and call it on versions that are not installed here.
"""

from __future__ import annotations

import ast
import re
import sys

import pytest

from snippetkit import ROOT, SNIPPETS_DIR

CHECK_SETUP = SNIPPETS_DIR / "home" / "check_setup.py"


def load_check_setup(path=CHECK_SETUP) -> dict:
    """The snippet's functions, constants and standard-library imports, without its program."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    keep = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            keep.append(node)
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            keep.append(node)
        elif isinstance(node, ast.Import) and all(a.name in sys.stdlib_module_names for a in node.names):
            keep.append(node)
    namespace: dict = {}
    exec(compile(ast.Module(body=keep, type_ignores=[]), str(path), "exec"), namespace)
    return namespace


CHECK = load_check_setup()
assess = CHECK["assess"]


@pytest.mark.parametrize("tensorflow, keras", [("2.21.0", "3.15.1"), ("2.21.3", "3.15.0")])
def test_the_verified_versions_are_ok(tensorflow, keras):
    level, message = assess(tensorflow, keras)
    assert level == "ok", message
    assert tensorflow in message and keras in message


@pytest.mark.parametrize("tensorflow, keras", [("2.16.1", "3.3.3"), ("2.19.0", "3.10.0"), ("2.20.0", "3.11.3"),
                                               ("2.22.0", "3.16.0"), ("2.21.0", "3.12.0")])
def test_other_keras_3_versions_warn_and_say_what_differs(tensorflow, keras):
    level, message = assess(tensorflow, keras)
    assert level == "warning", message
    assert "Keras 3" in message and "2.21" in message and "3.15" in message
    assert "last digits" in message and "tolerance" in message


@pytest.mark.parametrize("tensorflow", ["2.15.0", "2.15.1", "2.12.1", "2.7.0"])
def test_tensorflow_before_2_16_warns_keras_2_with_the_differences_and_the_fix(tensorflow):
    level, message = assess(tensorflow, "2.15.0")
    assert level == "warning", message
    assert "older than 2.16" in message and "Keras 2" in message
    assert "reduction=None" in message and "negative_slope" in message  # what stops programs here
    assert 'pip install "tensorflow==2.21.*"' in message


@pytest.mark.parametrize("tensorflow", ["1.15.5", "1.0.0", "2.0.0", "2.6.5"])
def test_tensorflow_1_and_before_2_7_stop_with_the_fix(tensorflow):
    level, message = assess(tensorflow, "2.6.0")
    assert level == "stop", message
    assert "set_random_seed" in message and 'pip install "tensorflow==2.21.*"' in message


@pytest.mark.parametrize("tensorflow, keras", [("2.22.0-dev20260105", "3.15.1"), ("2.21.0rc1", "3.15.1"),
                                               ("2.21.0", "3.16.0.dev2026010503")])
def test_pre_releases_warn(tensorflow, keras):
    level, message = assess(tensorflow, keras)
    assert level == "warning", message
    assert "pre-release" in message


@pytest.mark.parametrize("value", ["1", "true", "True"])
def test_legacy_keras_warns_and_says_how_to_undo_it(value):
    for installed in (False, True):
        level, message = assess("2.21.0", "3.15.1", legacy_keras=value, tf_keras_installed=installed)
        assert level == "warning", message
        assert f"TF_USE_LEGACY_KERAS={value}" in message and "unset TF_USE_LEGACY_KERAS" in message
    assert "not installed" in assess("2.21.0", "3.15.1", value, False)[1]
    assert "Keras 2" in assess("2.21.0", "3.15.1", value, True)[1]


@pytest.mark.parametrize("value", [None, "", "0", "false", "yes"])
def test_values_tensorflow_ignores_change_nothing(value):
    # TensorFlow routes tf.keras to tf_keras only for "true", "True" or "1" (tensorflow/python/util/lazy_loader.py).
    assert assess("2.21.0", "3.15.1", legacy_keras=value, tf_keras_installed=True)[0] == "ok"


def test_keras_2_beside_a_new_tensorflow_warns():
    level, message = assess("2.21.0", "2.15.0")
    assert level == "warning" and "Keras 2" in message and "keras==3.15" in message


@pytest.mark.parametrize("tensorflow", ["unknown", "", "nightly"])
def test_an_unreadable_version_warns(tensorflow):
    level, message = assess(tensorflow, "3.15.1")
    assert level == "warning" and repr(tensorflow) in message


def test_a_newer_major_version_warns():
    level, message = assess("3.0.0", "4.0.0")
    assert level == "warning" and "newer major" in message


@pytest.mark.parametrize("version, expected", [("2.21.0", (2, 21, False)), ("2.16", (2, 16, False)),
                                               ("2.22.0-dev20260105", (2, 22, True)), ("2.21.0rc1", (2, 21, True)),
                                               ("3.16.0.dev2026010503", (3, 16, True)), ("2.21.0+cpu", (2, 21, False)),
                                               ("x.y", None)])
def test_release(version, expected):
    assert CHECK["release"](version) == expected


def test_most_programs_call_set_random_seed():
    """What the verdict below TensorFlow 2.7 says: most of the site's programs call it."""
    programs = [p for p in SNIPPETS_DIR.rglob("*.py") if not p.name.startswith("err_")]
    calling = [p for p in programs if "tf.keras.utils.set_random_seed(" in p.read_text(encoding="utf-8")]
    assert len(calling) > len(programs) / 2, f"{len(calling)} of {len(programs)}"


def locked(package: str) -> str:
    lock = (ROOT / "uv.lock").read_text(encoding="utf-8")
    found = re.findall(rf'^name = "{re.escape(package)}"\nversion = "([^"]+)"', lock, re.M)
    assert found, f"uv.lock: no {package}"
    return found[0]


@pytest.mark.parametrize("package, name", [("tensorflow", "TensorFlow"), ("keras", "Keras")])
def test_the_verified_versions_are_the_locked_ones(package, name):
    """The set-up check's "ran with" is the lock's release series, what every snippet runs with."""
    assert locked(package).startswith(CHECK["VERIFIED"][name] + "."), (
        f"uv.lock has {package} {locked(package)}; snippets/home/check_setup.py says {CHECK['VERIFIED'][name]}")


def test_the_verified_python_is_the_projects():
    requires = re.search(r'^requires-python = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    assert f">={CHECK['VERIFIED']['Python']}" in requires, requires
