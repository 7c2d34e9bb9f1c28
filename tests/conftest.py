"""Shared fixtures; site-building tests run last, after every snippet has filled the cache."""

from __future__ import annotations

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
