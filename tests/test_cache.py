"""The output cache: keys follow content, writes are atomic, corrupt entries are caught."""

from __future__ import annotations

import json
import os

import pytest

from snippetkit import cache
from snippetkit.model import Figure, Result


@pytest.fixture
def store(tmp_path, make_snippets):
    root = make_snippets({"a/one.py": "print(1)\n"})
    return cache.Cache(tmp_path / "cache", snippets_root=root), root / "a" / "one.py"


def result_for(path, stdout="1\n", figures=()):
    return Result(path=path, stdout=stdout, stdout_lines=[(1, stdout)], figures=list(figures), duration=0.25)


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
    fig = Figure(svg="<svg>x</svg>", dark_svg="<svg>dark</svg>", alt="a picture", line=7)
    c.write(path, result_for(path, "hello\n", [fig]), device="CPU")
    entry = c.read(path)
    assert entry.stdout == "hello\n" and entry.stdout_lines == [(1, "hello\n")]
    [figure] = entry.figures
    names = (figure.alt, figure.line, figure.light.name, figure.dark.name)
    assert names == ("a picture", 7, "fig-1.svg", "fig-1-dark.svg")
    assert figure.light.read_text() == "<svg>x</svg>" and figure.dark.read_text() == "<svg>dark</svg>"
    p = entry.provenance
    assert p.device == "CPU" and p.duration == 0.25 and p.seeds == {"0": True} and p.expect_error is None
    assert set(p.versions) == {"python", "tensorflow", "keras", "numpy"} and p.ran_at.endswith("Z")
    assert entry.key == c.entry_dir(path).name and [e.snippet for e in c.entries()] == ["a/one"]


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
    folder = c.write(path, result_for(path, "1\n", [Figure(svg="<svg/>", alt="x")]), device="CPU")
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


def test_the_manifest_is_format_2_with_provenance(store):
    c, path = store
    path.write_text("# expect-error: ZeroDivisionError: division by zero\nimport numpy as np\nassert True\n"
                    "np.testing.assert_allclose(1, 1)\nfrom numpy.testing import assert_equal\nassert_equal(1, 1)\n")
    folder = c.write(path, result_for(path), device="GPU: a test card")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == 2 and manifest["snippet"] == "a/one" and manifest["key"] == folder.name
    assert set(manifest["files"]) == {"stdout.txt", "stdout-lines.json"}
    prov = manifest["provenance"]
    assert prov["assertions"] == 3 and prov["expect_error"] == "ZeroDivisionError: division by zero"
    assert prov["device"] == "GPU: a test card" and prov["seeds"] == {"0": True}


def test_seed_offsets_are_recorded_in_the_entry_and_kept_on_rewrite(store):
    c, path = store
    assert c.record_seed(path, 1, True) is False  # no entry yet: nothing to record into
    c.write(path, result_for(path), device="CPU")
    assert c.record_seed(path, 1, False) is True
    assert c.read(path).provenance.seeds == {"0": True, "1": False}
    c.write(path, result_for(path), device="CPU")
    assert c.read(path).provenance.seeds == {"0": True, "1": False}
    assert [f.name for f in c.entry_dir(path).iterdir() if f.name.startswith(".")] == []  # no temp file left


def test_an_offset_run_is_never_written_as_output(store):
    c, path = store
    shifted = result_for(path)
    shifted.seed_offset = 1
    with pytest.raises(ValueError, match="record it with Cache.record_seed"):
        c.write(path, shifted, device="CPU")


def test_durations_come_from_any_entry(store):
    c, path = store
    c.write(path, result_for(path), device="CPU")
    old = c.root / "a" / "gone" / "oldkey"
    old.mkdir(parents=True)
    (old / "manifest.json").write_text(json.dumps({"snippet": "a/gone", "duration": 3.5}))  # format 1
    assert c.durations() == {"a/one": 0.25, "a/gone": 3.5}
