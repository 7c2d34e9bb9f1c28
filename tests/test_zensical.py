"""The site built with Zensical (Material's successor), which runs the Markdown extensions but
ignores MkDocs hooks and plugins: every include must still show its output, figures and downloads,
and every notebook page must be a visible page with the program and its downloads.

The build is the session's `zensical_site` fixture (conftest.py): if Zensical itself cannot be
imported or crashes on its own, the test is an expected failure that says why (it must not block
CI); a missing output on a page that Zensical did build is a failure. The browser checks run on
this build too (test_browser.py, parametrised by builder).
"""

from __future__ import annotations

import re

import pytest
from test_site import check_outputs_and_downloads, html_of

from snippetkit import SNIPPETS_DIR
from snippetkit.pages.nav import notebook_pages

pytestmark = pytest.mark.site


def test_every_include_shows_its_output_figures_and_downloads(zensical_site):
    check_outputs_and_downloads(zensical_site)


def test_notebook_pages_are_visible_pages_with_their_downloads(zensical_site):
    for page, snippet in notebook_pages().items():
        html = html_of(zensical_site, page)
        sid = snippet.removesuffix(".py")
        assert "A notebook page" in html, page
        assert f'href="../../snippets/{sid}.ipynb"' in html and f'href="../../snippets/{sid}.py"' in html, page
        assert re.search(r'class="[^"]*\bsnippet-output\b', html), f"{page}: the program's output is missing"
        assert (SNIPPETS_DIR / snippet).is_file()
        assert (zensical_site / "snippets" / f"{sid}.ipynb").is_file()
