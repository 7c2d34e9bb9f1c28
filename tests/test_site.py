"""The strict site build, what it produces, and the errors it must catch.

These tests build the real site (`mkdocs build --strict`, link and anchor validation on) and run
after every snippet test, so the snippets' outputs are already in the cache. The same checks of
what a page shows run on the Zensical build in test_zensical.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from snippetkit import DOCS_DIR, ROOT, SNIPPETS_DIR
from snippetkit.cache import Cache
from snippetkit.pages.notebook import clean_source, download_py
from snippetkit.pages.outputs import page_includes
from snippetkit.publish import BUILD_CACHES

pytestmark = pytest.mark.site


def mkdocs_build(site: Path, *, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=cwd, capture_output=True, text=True, timeout=3000,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def html_of(site: Path, page: str) -> str:
    stem = page.removesuffix(".md").removesuffix(".py")
    path = site / ("index.html" if stem == "index" else f"{stem}/index.html")
    return path.read_text(encoding="utf-8")


def site_markdown():
    """A Markdown instance with the site's extensions, as mkdocs.yml configures them."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def check_outputs_and_downloads(site: Path) -> None:
    """Every include of every page (also those a directive generates) shows its output section,
    its provenance line, its downloads (the .py as the reader gets it, a valid .ipynb) and, for a
    snippet that draws, a light and a dark figure that exist."""
    md = site_markdown()
    store = Cache()
    for page in sorted(DOCS_DIR.rglob("*.md")):
        rel = page.relative_to(DOCS_DIR).as_posix()
        html = html_of(site, rel)
        includes = page_includes(md, page.read_text(encoding="utf-8"))
        shown = html.count('class="snippet-downloads"')
        assert shown == sum(len(i.targets) for i in includes), f"{rel}: {shown} output sections"
        assert html.count('class="snippet-provenance"') == shown, f"{rel}: a provenance line is missing"
        for inc in includes:
            for name, _ in inc.targets:
                sid = name.removesuffix(".py")
                py, nb = site / "snippets" / f"{sid}.py", site / "snippets" / f"{sid}.ipynb"
                source = (SNIPPETS_DIR / name).read_text(encoding="utf-8")
                downloaded = py.read_text(encoding="utf-8")
                assert downloaded.startswith(clean_source(source).rstrip("\n") + "\n")
                assert downloaded == download_py(source, store.read(SNIPPETS_DIR / name).stdout, name=Path(name).name)
                notebook = nbformat.reads(nb.read_text(encoding="utf-8"), as_version=4)
                nbformat.validate(notebook)
                assert any(c.cell_type == "code" for c in notebook.cells)
    check_figures(site)


def check_figures(site: Path) -> None:
    """Figures are SVG files that exist, in light/dark pairs with the same alt text."""
    found = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        images = re.findall(r'<img ([^>]*class="snippet-figure[^"]*"[^>]*)>', text)
        light = [i for i in images if "#only-light" in i]
        dark = [i for i in images if "#only-dark" in i]
        assert len(light) == len(dark) == len(images) / 2, f"{page}: figures not in light/dark pairs"
        for a, b in zip(light, dark, strict=True):
            alt_a, alt_b = re.search(r'alt="([^"]*)"', a), re.search(r'alt="([^"]*)"', b)
            assert alt_a and alt_a.group(1).strip() and alt_b and alt_a.group(1) == alt_b.group(1), (a, b)
            for attrs in (a, b):
                src = re.search(r'src="([^"#]+\.svg)#only-(?:light|dark)"', attrs)
                assert src, attrs
                assert (page.parent / src.group(1)).resolve().is_file(), f"{page}: {src.group(1)} missing"
        found += len(images)
    assert found, "no snippet draws a figure"


def test_every_included_snippet_shows_its_output_and_downloads(site):
    check_outputs_and_downloads(site)


def test_notebook_pages_are_rendered_with_outputs(site):
    from snippetkit.pages.nav import notebook_pages

    for page in notebook_pages():
        html = html_of(site, page)
        assert "jp-OutputArea" in html or "output_area" in html, f"{page}: no outputs rendered"


def test_no_request_leaves_the_site(site):
    """No script, stylesheet, font or image from another host: the site works offline."""
    external = re.compile(r"""(?:src|href)=["'](?:https?:)?//[^"']+["'][^>]*""")
    problems = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", text):
            if external.search(tag) and 'rel="canonical"' not in tag:
                problems.append(f"{page.relative_to(site)}: {tag[:120]}")
    for css in site.rglob("*.css"):
        for url in re.findall(r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')]+)""", css.read_text(encoding="utf-8")):
            problems.append(f"{css.relative_to(site)}: {url}")
    assert not problems, "\n".join(problems[:20])
    assert (site / "assets/katex/katex.min.js").is_file() and list((site / "assets/katex/fonts").glob("*.woff2"))
    assert "fonts.googleapis" not in html_of(site, "index.md")


def test_math_is_marked_for_the_self_hosted_katex(site):
    html = html_of(site, "index.md") + html_of(site, "about.md")
    assert 'class="arithmatex"' in html and "assets/katex/katex.min.js" in html


def test_a_warm_build_runs_no_snippet_and_imports_no_tensorflow(site, tmp_path):
    proc = mkdocs_build(tmp_path / "again", env={"SNIPPETKIT_FORBID_TENSORFLOW": "1"})
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "re-running" not in log and "up to date" in log


def test_the_build_caches_change_no_byte_of_the_site(site, tmp_path):
    """The session's site (built with the page, highlight, search and number caches, warm or not)
    is the same, file for file, as a build with them off (SNIPPETKIT_BUILD_CACHES=0)."""
    from snippetkit.publish.page_cache import reads_other_pages

    assert reads_other_pages("!errata page\n") and reads_other_pages("::: verification-report\n")
    assert not reads_other_pages("!errata a-sigmoid-sign\n!errata list training.md\n")
    fresh = tmp_path / "site"
    proc = mkdocs_build(fresh, env={"SNIPPETKIT_BUILD_CACHES": "0"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    differ = [str(f) for f in files if (site / f).read_bytes() != (fresh / f).read_bytes()]
    assert not differ, differ


# ---- errors the build must catch --------------------------------------------------------------

@pytest.fixture
def sandbox(tmp_path, site):
    """A copy of the project's docs and snippets, built like the real site (shared caches)."""
    for name in ("docs", "snippets"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "snippetkit").symlink_to(ROOT / "snippetkit")
    (tmp_path / ".cache").symlink_to(ROOT / ".cache")  # shared tool caches
    shutil.copytree(ROOT / ".cache" / "snippets", tmp_path / "snippet-cache")  # a private copy
    for name in BUILD_CACHES:  # the build's caches beside it, as the session's build left them
        if (ROOT / ".cache" / name).is_dir():
            shutil.copytree(ROOT / ".cache" / name, tmp_path / name)
    return tmp_path


def build_sandbox(sandbox: Path, **env) -> subprocess.CompletedProcess:
    cache = {"SNIPPETKIT_CACHE_DIR": str(sandbox / "snippet-cache")}
    return mkdocs_build(sandbox / "site", cwd=sandbox, env={**cache, **env})


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(("addition", "message"), [
    ("\nSee [nowhere](no-such-page.md).\n", "no-such-page.md"),
    ("\nSee [a section](about.md#no-such-anchor).\n", "no-such-anchor"),
    ('\n```python title="nope.py"\n--8<-- "home/nope.py"\n```\n', "nope.py"),
    ("\nThis rule always holds.\n", "always: a general sentence (prose) with no entry"),  # unbound
])
def test_broken_links_anchors_and_includes_fail_the_build(sandbox, addition, message):
    append(sandbox / "docs" / "index.md", addition)
    proc = build_sandbox(sandbox)
    assert proc.returncode != 0
    assert message in proc.stdout + proc.stderr


def test_a_failing_snippet_fails_the_build_and_is_named(sandbox):
    (sandbox / "snippets" / "home" / "broken.py").write_text("print('start')\nraise RuntimeError('boom')\n")
    append(sandbox / "docs" / "index.md", '\n```python title="home/broken.py"\n--8<-- "home/broken.py"\n```\n')
    proc = build_sandbox(sandbox)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "home/broken.py:2: RuntimeError: boom" in log


def test_notebook_pages_render_from_the_cache_without_a_kernel(sandbox, tmp_path):
    """Each snippet runs once per build, in the pool: mkdocs-jupyter renders the notebook pages
    from the .ipynb downloads (which carry the cached outputs) and never starts a Jupyter kernel.
    Proved with a fresh page cache (every notebook page rendered anew) and a `python3` kernelspec
    first on JUPYTER_PATH whose kernel only leaves a mark and fails."""
    from snippetkit.pages.nav import notebook_pages

    mark = tmp_path / "kernel-started"
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["sh", "-c", f"touch {mark}; exit 1", "{connection_file}"],
        "display_name": "Python 3 (forbidden)", "language": "python"}))
    shutil.rmtree(sandbox / "notebook-pages", ignore_errors=True)  # a fresh notebook-page cache
    proc = build_sandbox(sandbox, JUPYTER_PATH=str(tmp_path / "jupyter"))
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert not mark.exists(), "a Jupyter kernel was started"
    assert "re-running" not in log  # a current cache: no snippet ran at all
    assert log.count("from its cached outputs") == len(notebook_pages()), log
    assert len(list((sandbox / "notebook-pages").glob("*.json"))) == len(notebook_pages())
    for page, name in notebook_pages().items():
        html = html_of(sandbox / "site", page)
        entry = Cache(sandbox / "snippet-cache").read(SNIPPETS_DIR / name)
        assert "jp-OutputArea-output" in html, page
        last = entry.stdout.strip().splitlines()[-1]
        assert last.split()[0] in html, f"{page}: the cached output is missing"


def test_a_changed_snippet_is_rerun_alone_and_a_corrupt_entry_rebuilt(sandbox):
    # A NumPy-only snippet: each of the two builds re-runs it, and a TensorFlow import would be most
    # of this test's time.
    target = sandbox / "snippets" / "from_logits" / "roundoff.py"
    assert "tensorflow" not in target.read_text(encoding="utf-8")
    cache_dir = sandbox / "snippet-cache"
    append(target, 'print("one more line")\n')
    proc = build_sandbox(sandbox)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "re-running 1 whose key changed: from_logits/roundoff" in log
    assert "one more line" in html_of(sandbox / "site", "from-logits.md")
    [entry] = (cache_dir / "from_logits" / "roundoff").iterdir()
    (entry / "stdout.txt").write_text("tampered\n")
    proc = build_sandbox(sandbox)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "cache entry for" in log and "roundoff.py" in log and "rebuilt" in log
    assert "tampered" not in html_of(sandbox / "site", "from-logits.md")
    [entry] = (cache_dir / "from_logits" / "roundoff").iterdir()
    manifest = json.loads((entry / "manifest.json").read_text())
    assert manifest["snippet"] == "from_logits/roundoff"
