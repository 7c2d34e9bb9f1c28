"""The original notes' location is a setting (snippetkit/source_notes.py), and the checks that read
them skip where they are absent, but fail where the CI environment variable is set."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from snippetkit import ROOT, source_notes

QUOTE_TESTS = ["tests/test_errata.py::test_every_quote_is_verbatim_in_its_note_under_its_section_in_order",
               "tests/test_claims.py::test_every_quotation_of_the_notes_on_every_page_is_verbatim"]


def test_the_notes_are_read_from_the_folder_given(tmp_path):
    for name in source_notes.FILES.values():
        (tmp_path / name).write_text(f"text of {name}", encoding="utf-8")
    assert source_notes.read(tmp_path) == {n: f"text of {f}" for n, f in source_notes.FILES.items()}


def test_a_missing_note_is_named_with_the_setting(tmp_path):
    with pytest.raises(source_notes.NotesMissing) as info:
        source_notes.read(tmp_path / "nowhere")
    message = str(info.value)
    assert str(tmp_path / "nowhere" / source_notes.FILES["A"]) in message
    assert "SNIPPETKIT_NOTES_DIR" in message and "notes_dir" in message


@pytest.mark.parametrize(("ci", "outcome"), [("", "2 skipped"), ("true", "2 failed")])
def test_the_quote_checks_skip_without_the_notes_and_fail_under_ci(tmp_path, ci, outcome):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"SNIPPETKIT_NOTES_DIR": str(tmp_path / "nowhere"), **({"CI": ci} if ci else {})})
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rsf", *QUOTE_TESTS],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert outcome in proc.stdout, proc.stdout[-3000:]
    assert "the original notes are not at" in proc.stdout and "SNIPPETKIT_NOTES_DIR" in proc.stdout
