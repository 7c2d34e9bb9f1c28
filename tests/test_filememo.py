"""The warm build's memos: what they keep is recomputed whenever what it was computed from changed.

Each test also shows the wrong design failing: a stamp without ctime, a group checked by its
paths alone, a memo with no racy rule, an in-process memo with no key.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from snippetkit import cache, errata_data, filememo
from snippetkit.checks import general
from snippetkit.checks.sentences import Sentence
from snippetkit.model import Result


@pytest.fixture
def memo(tmp_path, monkeypatch):
    monkeypatch.setenv(filememo.SWITCH, "1")
    return filememo.FileMemo(tmp_path / "memo.json")


def _rewrite_keeping_size_and_mtime(path, text: str) -> None:
    """What a write in the same tick of the clock looks like to a stamp without ctime."""
    st = os.stat(path)
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_digest_is_read_again_only_when_the_stamp_changed(tmp_path, memo, monkeypatch):
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)  # every record settled at once
    path = tmp_path / "a.txt"
    path.write_text("one")
    assert memo.digest(path) == hashlib.sha256(b"one").hexdigest() and memo.reads == 1
    assert memo.digest(path) == hashlib.sha256(b"one").hexdigest() and memo.reads == 1  # from the stamp
    _rewrite_keeping_size_and_mtime(path, "two")
    old = os.stat(path)
    assert (old.st_size, old.st_mtime_ns) == tuple(memo._main.files[str(path)][:2])  # size and mtime: fooled
    assert memo.digest(path) == hashlib.sha256(b"two").hexdigest() and memo.reads == 2  # ctime: not fooled
    memo.save()
    again = filememo.FileMemo(tmp_path / "memo.json")
    assert again.digest(path) == hashlib.sha256(b"two").hexdigest() and again.reads == 0
    path.unlink()
    assert again.digest(path) is None


def test_a_racy_record_is_not_trusted(tmp_path, memo):
    """A file changed less than RACY_SECONDS before it was read is read again: a write in the same
    tick of the file system's clock would leave even ctime as it was."""
    path = tmp_path / "a.txt"
    path.write_text("one")
    memo.digest(path)
    memo.digest(path)
    assert memo.reads == 2
    record = memo._main.files[str(path)]
    record[4] += int(filememo.RACY_SECONDS * 1e9)  # as if it had been read two seconds later
    memo.digest(path)
    assert memo.reads == 2


def test_the_switch_turns_it_off(tmp_path, memo, monkeypatch):
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    monkeypatch.setenv(filememo.SWITCH, "0")
    path = tmp_path / "a.txt"
    path.write_text("one")
    memo.digest(path)
    memo.digest(path)
    assert memo.reads == 2 and memo.recall("g", [str(path)]) is None


def test_a_group_is_recalled_only_while_every_file_keeps_its_stamp(tmp_path, memo, monkeypatch):
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("a")
    b.write_text("b")
    paths = [str(a), str(b)]
    memo.remember("g", paths, memo.stamps(paths), {"v": 1}, salt="s")
    assert memo.recall("g", paths, "s") == {"v": 1}
    assert memo.recall("g", paths, "other salt") is None
    assert memo.recall("g", paths[:1], "s") is None  # another list of files
    _rewrite_keeping_size_and_mtime(b, "c")
    assert memo.recall("g", paths, "s") is None
    memo.remember("g", paths, memo.stamps(paths), {"v": 2}, salt="s")
    b.unlink()
    assert memo.recall("g", paths, "s") is None  # a missing file is a stamp of its own


def test_a_group_with_a_racy_file_is_not_recalled(tmp_path, memo):
    a = tmp_path / "a.txt"
    a.write_text("a")
    memo.remember("g", [str(a)], memo.stamps([str(a)]), 1)
    assert memo.recall("g", [str(a)]) is None
    memo._main.groups["g"]["checked"] += int(filememo.RACY_SECONDS * 1e9)
    assert memo.recall("g", [str(a)]) == 1


def test_save_merges_with_another_process_and_drops_what_is_gone(tmp_path, monkeypatch):
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("a")
    b.write_text("b")
    one, two = filememo.FileMemo(tmp_path / "m.json"), filememo.FileMemo(tmp_path / "m.json")
    one.digest(a)
    two.digest(b)
    one.save()
    two.save()
    b.unlink()
    three = filememo.FileMemo(tmp_path / "m.json")
    three.digest(a)
    assert three.reads == 0
    a.write_text("changed")
    three.digest(a)
    three.save()
    assert set(filememo._read_json(tmp_path / "m.json")["files"]) == {str(a)}


# ---- what uses it -------------------------------------------------------------------------------

def test_a_cache_entry_changed_behind_a_kept_stamp_is_still_caught(tmp_path, make_snippets, monkeypatch):
    """The in-process memo of `Cache.read` and the checksums through filememo: an output rewritten
    with the same size and mtime is caught by its ctime."""
    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    root = make_snippets({"a/one.py": "print(1)\n"})
    store, path = cache.Cache(tmp_path / "cache", snippets_root=root), root / "a" / "one.py"
    folder = store.write(path, Result(path=path, stdout="1\n", stdout_lines=[(1, "1\n")], duration=0.1),
                         device="CPU")
    assert store.read(path).stdout == "1\n"
    assert store.read(path).stdout == "1\n"  # the second read: from the memo
    _rewrite_keeping_size_and_mtime(folder / "stdout.txt", "2\n")
    with pytest.raises(cache.CorruptEntry, match="stdout.txt"):
        store.read(path)


def test_the_errata_are_checked_once_per_build_and_on_every_call_outside_one(tmp_path):
    """`errata_data.in_build`: inside a build a snippet changed after the first call is not seen
    (the build read it once); outside, and in the next build, it is."""
    import shutil

    from snippetkit import SNIPPETS_DIR

    snippets = tmp_path / "snippets"
    shutil.copytree(SNIPPETS_DIR, snippets)
    data = tmp_path / "errata.yml"
    shutil.copy(errata_data.DATA, data)
    entry = next(e for e in errata_data.load(data, snippets).entries if e.original)
    source = snippets / entry.original
    errata_data.in_build(object())
    try:
        errata_data.load(data, snippets)
        source.write_text("print('declares no error any more')\n")  # the entry is wrong now
        errata_data.load(data, snippets)  # the same build: not read again
    finally:
        errata_data.in_build(None)
    with pytest.raises(errata_data.ErrataError, match=entry.id):
        errata_data.load(data, snippets)
    errata_data.in_build(object())
    try:
        with pytest.raises(errata_data.ErrataError, match=entry.id):  # the next build sees it too
            errata_data.load(data, snippets)
    finally:
        errata_data.in_build(None)


def test_the_general_check_by_where_follows_every_input(tmp_path):
    """The per-`where` memo of `general.check`: the same inputs give the same problems; a changed
    sentence, entry or property module gives the problems of the new ones."""
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "t.py").write_text("from hypothesis import given\n@given(x=1)\ndef test_p(x):\n    pass\n")
    sentences = [Sentence("a.md", 1, "prose", "It always holds.")]
    claim = general.Claim(where="a.md", sentence="It always holds.", domain="always", check="tests/t.py::test_p",
                          at=3)
    first = general.check(sentences, [claim], root=tmp_path)
    again = general.check(sentences, [claim], root=tmp_path)
    assert [str(p) for p in first.problems] == [str(p) for p in again.problems]
    assert not [p for p in first.problems if "no test" in p.message]
    (tests / "t.py").write_text("def test_other():\n    pass\n")
    assert any("has no test test_p" in p.message for p in general.check(sentences, [claim], root=tmp_path).problems)
    changed = [Sentence("a.md", 1, "prose", "It never holds.")]
    assert any("no sentence contains" in p.message for p in general.check(changed, [claim], root=tmp_path).problems)
    unbound = general.check(changed, [], root=tmp_path)
    assert [p.subject for p in unbound.problems] == ["never"]


def test_the_pre_build_step_reads_a_snippet_again_when_a_file_of_it_changed(tmp_path, make_snippets, monkeypatch):
    """`snippetkit.publish.prepare.published`: a snippet whose source, entry and downloads keep
    their stamps is not read; one whose download was rewritten behind its stamp is read again and
    the download written anew."""
    from snippetkit.publish import prepare

    monkeypatch.setattr(filememo, "RACY_SECONDS", 0.0)
    monkeypatch.setenv("SNIPPETKIT_CACHE_DIR", str(tmp_path / "cache"))
    root = make_snippets({"a/one.py": "print(1)\n", "a/two.py": "print(2)\n"})
    store = cache.Cache(snippets_root=root)
    for name, out in (("one", "1\n"), ("two", "2\n")):
        path = root / "a" / f"{name}.py"
        store.write(path, Result(path=path, stdout=out, stdout_lines=[(1, out)], duration=0.01), device="CPU")
    said: list[str] = []
    first = prepare.published(root, info=said.append)
    assert "2 of 2 read and verified" in said[0]
    assert prepare.published(root, info=said.append) == first and "all 2 up to date" in said[-1]
    download = first["snippets/a/one.py"]
    text = open(download, encoding="utf-8").read()
    _rewrite_keeping_size_and_mtime(Path(download), text.replace("print(1)", "print(7)"))
    seen = len(said)
    assert prepare.published(root, info=said.append) == first
    assert "1 of 2 read and verified" in said[seen] and open(download, encoding="utf-8").read() == text
