"""Shared fixtures; site-building tests run last, after every snippet has filled the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from snippetkit import runner


def pytest_addoption(parser):
    parser.addoption("--require-gpu", action="store_true",
                     help="stop at once unless TensorFlow sees a GPU (the GPU workflow)")


def pytest_report_header(config):
    runner.prepare_process()
    return f"snippets run on: {runner.describe_device()}"


def pytest_configure(config):
    if config.getoption("--require-gpu") and not runner.gpu_available():
        raise pytest.UsageError("--require-gpu was given but TensorFlow sees no GPU "
                                "(install the gpu extra: `make test-gpu`, and check `nvidia-smi`)")


def pytest_collection_modifyitems(session, config, items):
    # Stable sort: everything else first, in collection order; then the site builds, which reuse
    # the outputs the snippet tests have just cached instead of running the snippets again.
    items.sort(key=lambda item: item.get_closest_marker("site") is not None)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per session (`mkdocs build --strict`) for the site and browser tests."""
    from snippetkit import ROOT

    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=3000,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture
def make_snippets(tmp_path):
    """Write snippets into a fresh folder: make_snippets({"a/ok.py": "print(1)"}) -> folder."""

    def make(files: dict[str, str]):
        root = tmp_path / "snippets"
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make
