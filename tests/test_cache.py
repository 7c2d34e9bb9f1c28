"""The output cache: keys follow content, writes are atomic, corrupt entries are caught."""

from __future__ import annotations

import os

import pytest

from snippetkit import cache, runner


@pytest.fixture
def store(tmp_path, make_snippets):
    root = make_snippets({"a/one.py": "print(1)\n"})
    return cache.Cache(tmp_path / "cache", snippets_root=root), root / "a" / "one.py"


def result_for(path, stdout="1\n", figures=()):
    return runner.Result(path=path, stdout=stdout, figures=list(figures))


def test_the_key_changes_with_the_content_only(store):
    _, path = store
    key = cache.key_for(path)
    assert cache.key_for(path) == key
    path.write_text("print(2)\n")
    assert cache.key_for(path) != key


def test_the_key_includes_lock_and_versions():
    fingerprint = cache.environment_fingerprint()
    for name in ("lock=", "tensorflow=", "keras=", "numpy=", "format="):
        assert name in fingerprint


def test_write_then_read(store):
    c, path = store
    fig = runner.Figure(svg="<svg>x</svg>", alt="a picture")
    c.write(path, result_for(path, "hello\n", [fig]), device="CPU")
    entry = c.read(path)
    assert entry.stdout == "hello\n" and [f.alt for f in entry.figures] == ["a picture"]
    assert entry.figure_files[0].read_text() == "<svg>x</svg>" and entry.device == "CPU"


def test_a_changed_snippet_has_no_entry_and_the_old_one_is_pruned(store):
    c, path = store
    c.write(path, result_for(path), device="CPU")
    path.write_text("print(2)\n")
    assert c.read(path) is None
    c.write(path, result_for(path, "2\n"), device="CPU")
    assert len(list(c.entry_dir(path).parent.iterdir())) == 1


def test_a_failed_run_is_never_cached(store):
    c, path = store
    bad = result_for(path)
    bad.error = "ZeroDivisionError: division by zero"
    with pytest.raises(ValueError, match="refusing to cache a failed run"):
        c.write(path, bad, device="CPU")
    assert c.read(path) is None


def test_an_interrupted_write_leaves_no_entry(store, monkeypatch):
    c, path = store

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.os, "rename", interrupted)
    with pytest.raises(KeyboardInterrupt):
        c.write(path, result_for(path), device="CPU")
    monkeypatch.undo()
    assert c.read(path) is None
    assert list(c.entry_dir(path).parent.iterdir()) == []  # no partial or temporary folder


@pytest.mark.parametrize("damage", ["edit output", "delete figure", "break manifest"])
def test_a_corrupt_entry_is_detected_reported_and_removed(store, damage):
    c, path = store
    folder = c.write(path, result_for(path, "1\n", [runner.Figure(svg="<svg/>", alt="x")]), device="CPU")
    if damage == "edit output":
        (folder / "stdout.txt").write_text("2\n")
    elif damage == "delete figure":
        os.remove(folder / "fig-1.svg")
    else:
        (folder / "manifest.json").write_text("{not json")
    with pytest.raises(cache.CorruptEntry, match="a/one.py"):
        c.read(path)
    warnings = []
    assert c.read_or_discard(path, warn=warnings.append) is None
    assert len(warnings) == 1 and "a/one.py" in warnings[0] and "rebuilt" in warnings[0]
    assert not folder.exists()
