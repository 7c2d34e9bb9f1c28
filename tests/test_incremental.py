"""The incremental build (`snippetkit.publish.incremental`): after every kind of change, the site
folder a warm build leaves is the one a clean build makes, file for file and byte for byte.

One sandbox (a copy of the docs and snippets, with copies of the build's caches) goes through a
sequence of changes; after each, the folder that `mkdocs build` updated in place is compared with a
build into an empty folder (the last one with the build's caches off, as in test_site.py):

- nothing changed: every file kept, none written;
- a title that every page's navigation shows (a nav entry without a label takes the page's
  heading): every page renders anew;
- a page added, then removed (its folder goes, and its entries leave the search index);
- a snippet's output changed (its new cache entry is written here, without running it), a stray
  file in the site folder (removed) and a hidden one at its top (kept, as `mkdocs build` keeps it);
- an edit that the verification report and the errata page do not show (they are not rendered
  anew), then one that the report shows (it is).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from snippetkit import ROOT, cache
from snippetkit.model import Result
from snippetkit.publish import BUILD_CACHES

pytestmark = pytest.mark.site



@pytest.fixture
def sandbox(tmp_path, site, monkeypatch):
    """A copy of the project (the package too, so that the pages that read the others, the errata
    page and the verification report, read the sandbox's pages), and copies of the build's caches
    as the session left them."""
    for name in ("docs", "snippets", "snippetkit", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / ".cache").symlink_to(ROOT / ".cache")  # tools (the composed exercises, the notebooks)
    shutil.copytree(ROOT / ".cache" / "snippets", tmp_path / "snippet-cache")
    for name in BUILD_CACHES:
        if (ROOT / ".cache" / name).is_dir():
            shutil.copytree(ROOT / ".cache" / name, tmp_path / name)
    monkeypatch.setenv("SNIPPETKIT_CACHE_DIR", str(tmp_path / "snippet-cache"))
    # The builds here follow each other within a second; a human's come minutes apart, when every
    # stamp is settled: the racy rule's margin made small, so that these builds keep what they
    # keep by the stamps, as a human's do (not by reading the files again, the racy path).
    monkeypatch.setenv("SNIPPETKIT_RACY_SECONDS", "0.05")
    return tmp_path


def build(sandbox: Path, site: Path, **env) -> str:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=sandbox, capture_output=True, text=True, timeout=1200,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(sandbox), **env})
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    return log


def differences(site: Path, clean: Path) -> list[str]:
    def files(folder: Path) -> set[str]:
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    ours, theirs = files(site), files(clean)
    return sorted(ours ^ theirs) + sorted(f for f in ours & theirs
                                          if (site / f).read_bytes() != (clean / f).read_bytes())


def same_as_clean(sandbox: Path, site: Path, name: str, **env) -> None:
    clean = sandbox / name
    build(sandbox, clean, **env)
    assert differences(site, clean) == []


def kept_written(log: str) -> tuple[int, int]:
    m = re.search(r"site folder: (\d+) files kept \(\d+ of them read to be sure\), (\d+) written", log) or \
        re.search(r"site folder: all (\d+) files kept()", log)
    assert m, log
    return int(m.group(1)), int(m.group(2) or 0)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_entry(sandbox: Path, path: Path, stdout: str) -> None:
    """The cache entry of the snippet at `path` for its current code, as a run would write it."""
    store = cache.Cache(sandbox / "snippet-cache", snippets_root=sandbox / "snippets")
    store.write(path, Result(path=path, stdout=stdout, stdout_lines=[(1, stdout)], duration=0.01), device="CPU")


def test_an_incremental_build_leaves_what_a_clean_build_makes(sandbox):
    site = sandbox / "site"
    build(sandbox, site)  # an empty folder: everything written
    kept, written = kept_written(build(sandbox, site))
    assert written == 0 and kept > 100

    # A title that every page's navigation shows, taken from the page's heading.
    edit(sandbox / "mkdocs.yml", "  - Notation: notation.md", "  - notation.md")
    build(sandbox, site)
    edit(sandbox / "docs" / "notation.md", "# Notation\n", "# Notation, renamed\n")
    build(sandbox, site)
    pages = sorted(site.rglob("index.html"))
    assert pages and all("Notation, renamed" in p.read_text(encoding="utf-8") for p in pages)
    same_as_clean(sandbox, site, "clean-title")

    # A page added, then removed.
    (sandbox / "docs" / "extra.md").write_text("# An extra page\n\nA short page.\n", encoding="utf-8")
    edit(sandbox / "mkdocs.yml", "  - notation.md\n", "  - notation.md\n  - Extra: extra.md\n")
    build(sandbox, site)
    assert "An extra page" in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    (sandbox / "docs" / "extra.md").unlink()
    edit(sandbox / "mkdocs.yml", "  - Extra: extra.md\n", "")
    build(sandbox, site)
    assert not (site / "extra").exists()
    assert "An extra page" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    same_as_clean(sandbox, site, "clean-removed")

    # A snippet's output changes; a stray file goes, a hidden one at the top stays.
    probe = sandbox / "snippets" / "home" / "incremental_probe.py"
    probe.write_text('print("probe one")\n', encoding="utf-8")
    write_entry(sandbox, probe, "probe one\n")
    block = '\n```python title="home/incremental_probe.py"\n--8<-- "home/incremental_probe.py"\n```\n'
    (sandbox / "docs" / "index.md").write_text((sandbox / "docs" / "index.md").read_text() + block)
    build(sandbox, site)
    probe.write_text('print("probe two")\n', encoding="utf-8")
    write_entry(sandbox, probe, "probe two\n")
    (site / "stray.txt").write_text("not built")
    (site / "assets" / "stray.js").write_text("not built")
    (site / ".hidden").write_text("kept, as mkdocs build keeps it")
    build(sandbox, site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "probe two" in home and "probe one" not in home
    assert (site / "snippets" / "home" / "incremental_probe.py").read_text(encoding="utf-8").count("probe two")
    assert not (site / "stray.txt").exists() and not (site / "assets" / "stray.js").exists()
    (site / ".hidden").unlink()  # a clean build into an empty folder has none

    # An edit that the cross-page pages do not show, then one that the report shows.
    report, errata = site / "verification" / "index.html", site / "errata" / "index.html"
    before = report.stat().st_mtime_ns, errata.stat().st_mtime_ns
    edit(sandbox / "docs" / "about.md", "\n", "\nA sentence that no report counts.\n")
    build(sandbox, site)
    assert (report.stat().st_mtime_ns, errata.stat().st_mtime_ns) == before
    (sandbox / "docs" / "about.md").write_text((sandbox / "docs" / "about.md").read_text() + block)
    build(sandbox, site)
    assert report.stat().st_mtime_ns != before[0]
    assert report.read_text(encoding="utf-8").count("incremental_probe") > \
        (sandbox / "clean-removed" / "verification" / "index.html").read_text(encoding="utf-8").count(
            "incremental_probe")
    same_as_clean(sandbox, site, "clean-end", SNIPPETKIT_BUILD_CACHES="0")
