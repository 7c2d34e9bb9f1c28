"""The verification report: its rows and totals are what the cache entries hold, read through the cache."""

from __future__ import annotations

import hashlib
import json

import markdown
import pytest

from snippetkit import DOCS_DIR, SNIPPETS_DIR, cache
from snippetkit.model import discover
from snippetkit.pages import report


def write_entry(root, snippets, name, stdout, manifest_extra):
    """A hand-made cache entry for snippets/<name>.py, as the engine writes it."""
    folder = cache.Cache(root, snippets_root=snippets).entry_dir(snippets / f"{name}.py")
    folder.mkdir(parents=True)
    lines = json.dumps([[1, stdout]])
    (folder / "stdout.txt").write_text(stdout, encoding="utf-8")
    (folder / "stdout-lines.json").write_text(lines, encoding="utf-8")
    manifest = {"snippet": name, "key": folder.name,
                "files": {"stdout.txt": hashlib.sha256(stdout.encode()).hexdigest(),
                          "stdout-lines.json": hashlib.sha256(lines.encode()).hexdigest()}, **manifest_extra}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def provenance(duration, assertions, expect_error=None, seeds=None, device="CPU"):
    return {"format": 2, "figures": [], "provenance": {
        "versions": {"python": "3.11.7", "tensorflow": "2.21.0", "keras": "3.12.0", "numpy": "2.3.4"},
        "device": device, "duration": duration, "ran_at": "2026-11-23T18:40:00Z", "assertions": assertions,
        "expect_error": expect_error, "seeds": seeds if seeds is not None else {"0": True, "1": True}}}


@pytest.fixture
def site(tmp_path, make_snippets):
    snippets = make_snippets({
        "a/fast.py": "x = 0.25\nprint(f'x = {x}')\nassert x > 0\n",
        "a/slow.py": "print('p = 0.1192')\nassert True\nassert 1\n",
        "a/err.py": "# expect-error: ImportError: cannot import name 'Sequentail'\nfrom os import Sequentail\n",
        "b/old.py": "print(2)\n",
        "b/missing.py": "print(3)\n",
    })
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.md").write_text(
        "# Page one\n\n## First part\n\n```python title=\"a/fast.py\"\n--8<-- \"a/fast.py\"\n```\n\n"
        "The value is 0.25.\n\n## Second `part`\n\n!!! bug \"Correction\"\n    Text.\n\n"
        "    ```python title=\"a/err.py\"\n    --8<-- \"a/err.py\"\n    ```\n\n"
        "```python title=\"a/slow.py (excerpt)\"\n--8<-- \"a/slow.py:part\"\n```\n", encoding="utf-8")
    (docs / "two.md").write_text("# Page two\n\n```python title=\"b/old.py\"\n--8<-- \"b/old.py\"\n```\n\n"
                                 "```python title=\"b/missing.py\"\n--8<-- \"b/missing.py\"\n```\n\n"
                                 "## Again\n\n```python title=\"a/fast.py\"\n--8<-- \"a/fast.py\"\n```\n",
                                 encoding="utf-8")
    root = tmp_path / "cache"
    write_entry(root, snippets, "a/fast", "x = 0.25\n", provenance(0.5, 1))
    write_entry(root, snippets, "a/slow", "p = 0.1192\n", provenance(4.25, 2, seeds={"0": True, "1": False},
                                                                     device="GPU: NVIDIA H100 80GB HBM3"))
    write_entry(root, snippets, "a/err", "ImportError: cannot import name 'Sequentail'\n",
                provenance(0.001, 0, expect_error="ImportError: cannot import name 'Sequentail'"))
    write_entry(root, snippets, "b/old", "2\n", provenance(1.0, 0, seeds={}))
    return snippets, docs, root


def test_rows_and_totals_equal_what_the_cache_holds(site):
    snippets, docs, root = site
    rows = {r.name: r for r in report.collect(snippets, docs, root)}
    assert set(rows) == {"a/fast", "a/slow", "a/err", "b/old", "b/missing"}
    assert rows["a/slow"].assertions == 2 and rows["a/slow"].seeds == {"0": True, "1": False}
    assert rows["a/err"].status == "fails as stated" and "Sequentail" in rows["a/err"].expect_error
    assert rows["b/old"].assertions == 0 and rows["b/old"].seeds == {}
    assert rows["b/missing"].status == "no entry"
    t = report.totals(list(rows.values()))
    assert (t["snippets"], t["with_entry"], t["pages"]) == (5, 4, 2)
    assert t["assertions"] == 1 + 2 + 0 + 0 and t["assertions_unknown"] == 0
    assert t["errata_proofs"] == 1
    assert t["seconds"] == pytest.approx(0.5 + 4.25 + 0.001 + 1.0)
    # Offset 0 is the run that made the output, not a shifted seed: b/old records none.
    assert (t["seeds_held"], t["seeds_known"], t["seeds_offsets"]) == (2, 3, [1])
    assert t["devices"] == {"CPU": 3, "GPU: NVIDIA H100 80GB HBM3": 1}


def test_places_link_to_the_section_that_holds_the_block(site):
    snippets, docs, root = site
    rows = {r.name: r for r in report.collect(snippets, docs, root)}
    assert [(p.page, p.anchor) for p in rows["a/fast"].places] == [("one.md", "first-part"), ("two.md", "again")]
    assert [(p.page, p.anchor) for p in rows["a/err"].places] == [("one.md", "second-part")]
    assert [(p.page, p.title) for p in rows["b/old"].places] == [("two.md", "Page two")]


def test_the_markdown_states_the_totals_and_every_row(site):
    snippets, docs, root = site
    text = report.render(report.collect(snippets, docs, root), report.Numbers(bound=7, allowlisted=2, unbound=0))
    assert "**5** snippets on **2** pages, **4** with an output" in text
    assert "- **3** assertions in the snippets' code (counted in their sources)\n" in text
    assert "of the **9** numbers in the prose, **7** bound" in text and "**2** not bound but allowlisted" in text
    assert "**1** errata proofs" in text and "**5.8 s** total run time" in text
    assert "**2** of the 3 snippets run with shifted seeds (offsets +1) held their assertions; **1** not run " \
           "with shifted seeds in this build" in text
    assert "| [`a/slow`](one.md#second-part) | passed | 4.25 s | GPU: NVIDIA H100 80GB HBM3 | 2 | " \
           "+1: **failed** | TensorFlow 2.21.0, Keras 3.12.0, NumPy 2.3.4, Python 3.11.7 |" in text
    assert "errata proof: raises `ImportError: cannot import name 'Sequentail'`, as stated" in text
    assert "| [`b/old`](two.md) | passed | 1.00 s | CPU | 0 | not run in this build | TensorFlow 2.21.0, " \
           "Keras 3.12.0, NumPy 2.3.4, Python 3.11.7 |" in text
    assert "| [`b/missing`](two.md) | **no entry** for the current code | — |" in text
    slowest = text.split("## Slowest snippets")[1].split("##")[0]
    assert slowest.index("a/slow") < slowest.index("b/old") < slowest.index("a/fast")


def test_a_build_with_seed_0_only_says_shifted_seeds_did_not_run(site):
    """What `make site` leaves on a fresh clone: each entry records offset 0 (the run that made its
    output) and nothing else. The report counts no shifted run and says which command runs one."""
    snippets, docs, root = site
    rows = report.collect(snippets, docs, root)
    for r in rows:
        r.seeds = {"0": True} if r.has_entry else r.seeds
    t = report.totals(rows)
    assert (t["seeds_held"], t["seeds_known"]) == (0, 0)
    text = report.render(rows)
    assert "shifted seeds: **not run in this build**" in text and "--seed-offset" in text
    assert "held their assertions with shifted seeds" not in text and "0: held" not in text
    ran = [line for line in text.split("## Every snippet, by page")[1].splitlines()
           if "| passed |" in line or "errata proof" in line]
    assert len(ran) == 5 and all("| not run in this build |" in line for line in ran)  # a/fast is on two pages


def test_a_corrupt_entry_is_shown_not_trusted(site):
    snippets, docs, root = site
    folder = cache.Cache(root, snippets_root=snippets).entry_dir(snippets / "a" / "fast.py")
    (folder / "stdout.txt").write_text("x = 0.26\n")
    rows = {r.name: r for r in report.collect(snippets, docs, root)}
    assert rows["a/fast"].status == "corrupt entry" and not rows["a/fast"].has_entry
    assert "stdout.txt is missing or does not match its checksum" in rows["a/fast"].problem


def test_the_extension_expands_the_directive_only(site):
    snippets, docs, root = site
    ext = report.ReportExtension(docs_dir=str(docs), snippets_dir=str(snippets), cache_dir=str(root),
                                 check_numbers=False)
    html = markdown.markdown("# Report\n\n::: verification-report\n\nAfter.\n", extensions=[ext, "tables"])
    assert "snippets on" in html and "a/slow" in html and "After." in html and ":::" not in html
    assert markdown.markdown("Nothing here.", extensions=[report.ReportExtension()]) == "<p>Nothing here.</p>"


def test_the_site_report_lists_every_snippet():
    rows = report.collect(SNIPPETS_DIR, DOCS_DIR, cache.CACHE_DIR)
    assert len(rows) == len(discover(SNIPPETS_DIR)) and all(r.places for r in rows)


def test_a_starter_is_an_exercise_not_an_errata_proof():
    """A starter fails by design (its check stops it): the report neither counts it among the errata
    proofs nor labels it as one."""
    rows = [report.Row("a/ex_sum", status="fails as stated", expect_error="SystemExit: not yet", duration=0.1),
            report.Row("a/err", status="fails as stated", expect_error="ImportError: no", duration=0.1)]
    assert report.totals(rows)["errata_proofs"] == 1
    text = report.render(rows)
    assert "**1** errata proofs" in text
    assert "exercise starter: stops with `SystemExit: not yet`, as a starter does" in text
    assert "errata proof: raises `SystemExit" not in text


def test_a_snippet_on_several_pages_links_to_the_first_in_the_nav():
    """The slowest-snippets table links a snippet to the first page of the nav that shows it, not to
    the first page file in alphabetical order (the errata page sorts before the chapters)."""
    row = report.Row("t/digits", status="passed", duration=2.0,
                     places=[report.Place("errata.md", "Errata", "a-entry"),
                             report.Place("training.md", "Training", "the-corrected-program")])
    slowest = report.render([row], page_order=["index.md", "training.md", "errata.md"]).split("## Slowest")[1]
    assert "[`t/digits`](training.md#the-corrected-program)" in slowest.split("##")[0]
