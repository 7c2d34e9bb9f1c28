"""The built site in a real browser: headless Chromium, driven by Playwright, over every page.

Every check runs on both builds of the site, the strict MkDocs build (the session's `site` fixture)
and the Zensical build (`zensical_site`, `make site-zensical`), each served on 127.0.0.1 from a
thread. A check that fails on the Zensical build only because of Zensical itself is a strict
expected failure with the reason (`ZENSICAL_LIMITS`).

One browser serves the whole session, and each page is loaded once per view: on a 390-pixel phone in
the light scheme and on a desktop in the dark scheme, every check of that page on that load. On
both: nothing may be fetched from another host, nothing may fail to load, nothing may be logged as
an error, every formula must be typeset, every figure loaded with alt text and shown in the variant
of the page's scheme only (light or dark), and axe-core may find no serious or critical
accessibility violation (run as snippetkit/devtools/axe.py says: the colour-contrast rule on the
first element of each kind of four or more, and on the rest where the first does not settle it); on
the phone, nothing may scroll sideways. On the desktop load of each page that includes a program,
the first whole program is copied with the page's copy button and compared with the snippet, and its
downloads are fetched; one copied program is run (once: the copies of both builds are the same text)
and must print what both pages show; the light/dark toggle is tried on one page. The home page's
first load (a fresh browser profile) is counted against its budget, and must not fetch the search
index; the searches then run on that page and fetch it.

The loads run in the background, one per CPU at a time: conftest.py's SiteBuilds starts them
(`start_checks`) as soon as both builds exist, which is as soon as the snippet pool has cached its
last output, so the tests that are left run meanwhile (conftest.py runs the tests marked
`browser_results` last); each test then takes its own result.

Chromium: Debian's `chromium` package (or $CHROMIUM, or a Playwright-managed browser). Without one
these tests are skipped with the reason, except where the CI environment variable is set: there a
missing browser is a failure. axe-core comes from the npm registry at a pinned version, checked by
its sha256, into .cache/axe-core/ (git-ignored); it is never part of the site.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from playwright.async_api import TimeoutError as PlaywrightTimeout

from snippetkit import DOCS_DIR, ROOT, SNIPPETS_DIR, exercises
from snippetkit.devtools import axe
from snippetkit.devtools.browser import INSTALL_HINT, BrowserThread, find_chromium, serve
from snippetkit.devtools.site_weight import BUDGET as HOME_PAGE_BUDGET
from snippetkit.devtools.suite_profile import note
from snippetkit.pages.nav import nav_urls
from snippetkit.pages.notebook import clean_source

pytestmark = pytest.mark.site
results = pytest.mark.browser_results  # reads what the background loads found: runs after the other site tests

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWS = {"phone": (PHONE, "light"), "desktop": (DESKTOP, "dark")}
SCHEME_ATTRIBUTE = {"light": "default", "dark": "slate"}

AXE_VERSION = "4.14.0"
AXE_SHA256 = "2277b0a3ef47af9b52497faa3e71598e86e0a0e5e6eb295207a5657ede4709af"
AXE_DIR = ROOT / ".cache" / "axe-core"
# Rules switched off, each with its reason. None today: every serious or critical finding was fixed
# (docs/assets/stylesheets/a11y.css, docs/assets/javascripts/a11y.js).
AXE_DISABLED: dict[str, str] = {}

# The copied program that is run (each run costs a TensorFlow import): the first one on this page.
RUN_COPIED_FROM = "activations.md"
TOGGLE_ON = "activations/"
SEARCHES = {"softmax": "multiclass/", "from_logits": "from-logits/", "Adam": "adam/"}
INDEX_OF = {"mkdocs": "/search/search_index.json", "zensical": "/search.json"}
LOADS_AT_ONCE = max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2)


# ---- the pages --------------------------------------------------------------------------------

PAGES = nav_urls()  # every page in mkdocs.yml's nav, as a URL path ("" is home)
CHAPTERS = sorted(p.relative_to(DOCS_DIR).as_posix() for p in DOCS_DIR.glob("*.md")
                  if '--8<-- "' in p.read_text(encoding="utf-8"))
INCLUDE = re.compile(r'^(?P<indent>[ \t]*)```python title="(?P<title>[^"]+)"\n[ \t]*--8<-- "(?P<name>[^":]+\.py)"\n',
                     re.M)
BUILDERS = ("mkdocs", "zensical")

# Checks that fail on the Zensical build because of Zensical itself (0.0.73, the newest release the
# package registry here offers): test name -> why. Strict: a check that starts passing fails, so
# the entry is removed when Zensical fixes it.
ZENSICAL_LIMITS: dict[str, str] = {}


def first_program(chapter: str) -> str:
    """The first snippet a chapter includes whole and that runs to its end (not a failing block)."""
    for m in INCLUDE.finditer((DOCS_DIR / chapter).read_text(encoding="utf-8")):
        path = SNIPPETS_DIR / m["name"]
        if exercises.declared_failure(path, path.read_text(encoding="utf-8")) is None:
            return m["name"]
    raise AssertionError(f"docs/{chapter}: no whole, runnable snippet included")


def page_url(chapter: str) -> str:
    stem = chapter.removesuffix(".md")
    return "" if stem == "index" else f"{stem}/"


def chapter_of(path: str) -> str | None:
    return next((c for c in CHAPTERS if page_url(c) == path), None)


# ---- what runs in the page ----------------------------------------------------------------------

IMAGES_LOADED = """() => Promise.all(Array.from(document.images, img => img.complete ? null :
    new Promise(done => { img.loading = 'eager'; img.onload = img.onerror = done; })))"""

MATH_PROBLEMS = r"""() => {
  const found = [];
  for (const el of document.querySelectorAll('.arithmatex')) {
    const label = el.textContent.trim().slice(0, 60);
    if (!el.querySelector('.katex')) found.push('not typeset: ' + label);
    const err = el.querySelector('.katex-error');
    if (err) found.push('KaTeX error: ' + (err.title || err.textContent).slice(0, 120));
    const rest = el.cloneNode(true);
    rest.querySelectorAll('.katex').forEach(k => k.remove());
    if (/\$|\\[()\[\]]/.test(rest.textContent)) found.push('raw TeX left: ' + rest.textContent.trim().slice(0, 60));
  }
  const article = document.querySelector('article');
  if (article) {
    const text = article.cloneNode(true);
    text.querySelectorAll('.katex, pre, code, script, .jp-OutputArea').forEach(k => k.remove());
    for (const m of text.textContent.matchAll(/\$\$|\\\(|\\\[/g))
      found.push('raw TeX in the text: ' + text.textContent.slice(Math.max(0, m.index - 30), m.index + 30));
  }
  return found;
}"""

IMAGE_PROBLEMS = r"""() => Array.from(document.querySelectorAll('.md-content img')).flatMap(img => {
  const name = img.getAttribute('src').slice(0, 80);
  const found = [];
  if (!(img.getAttribute('alt') || '').trim()) found.push('no alt text: ' + name);
  if (!img.complete || img.naturalWidth === 0) found.push('not loaded: ' + name);
  return found;
})"""

VISIBLE_FIGURES = """() => Array.from(document.querySelectorAll('.md-content img')).map(img => ({
  src: img.getAttribute('src'), shown: img.getClientRects().length > 0 && img.naturalWidth > 0}))"""

WIDE_ELEMENTS = """w => Array.from(document.querySelectorAll('.md-content *'))
    .filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('pre, .md-typeset__scrollwrap, '
             + '.arithmatex, .highlight-ipynb, .jp-OutputArea'))
    .slice(0, 3).map(e => e.tagName + '.' + e.className)"""


def figure_problems(figures: list[dict], scheme: str) -> list[str]:
    """Each figure shown in the variant of the page's scheme only, and every figure in both variants."""
    wanted, unwanted = ("#only-light", "#only-dark") if scheme == "light" else ("#only-dark", "#only-light")
    figures = [f for f in figures if "#only-" in f["src"]]
    found = [f"{f['src']} not shown in the {scheme} scheme" for f in figures if f["src"].endswith(wanted)
             and not f["shown"]]
    found += [f"{f['src']} shown in the {scheme} scheme" for f in figures if f["src"].endswith(unwanted) and f["shown"]]
    if sum(f["src"].endswith(wanted) for f in figures) != sum(f["src"].endswith(unwanted) for f in figures):
        found.append("not every figure has both a light and a dark variant")
    return found


def fetch_axe() -> Path:
    """axe-core's tarball from the npm registry, pinned and checked; downloaded once."""
    tarball = AXE_DIR / f"axe-core-{AXE_VERSION}.tgz"
    if not tarball.is_file():
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        npm = shutil.which("npm")
        try:
            if npm:
                subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(AXE_DIR)],
                               check=True, capture_output=True, text=True, timeout=120)
            else:
                url = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
                with urllib.request.urlopen(url, timeout=60) as response:
                    tarball.write_bytes(response.read())
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or exc
            unavailable(f"axe-core {AXE_VERSION} could not be fetched from the npm registry: {detail}")
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != AXE_SHA256:
        tarball.unlink()
        pytest.fail(f"{tarball}: sha256 {digest}, expected {AXE_SHA256} (removed; it is fetched again next run)")
    return tarball


# Pages where the naive key (the tags and classes of the element and its ancestors, and its own
# style) misses a violation: the first element of a kind passes or is not checked, and the four after
# it fail. Each needs one more part of CONTRAST_TWINS's key, or the second run on the twins of a first
# that did not settle its kind (the last case: an ancestor's ::before makes axe-core leave the short
# first for review, and not the long twins).
TWINS = 4
TWIN_CASES = {
    "another background, set by position": (
        "<style>.t { color: #eee } .box { background: #fff } .box:first-of-type { background: #222 }</style>"
        '<div class="box"><span class="t">first, on dark</span></div>'
        + '<div class="box"><span class="t">a twin, on white</span></div>' * TWINS),
    "the first in a closed details": (
        "<style>.t { color: #ccc }</style>"
        '<details><summary>More</summary><p class="t">first, not shown</p></details>'
        + '<details open><summary>More</summary><p class="t">a twin, shown</p></details>' * TWINS),
    "the first clipped out of its box": (
        "<style>.clip { width: 120px; overflow: hidden; white-space: nowrap } .t { color: #ccc }</style>"
        '<div class="clip"><span>a long line of text that pushes the next span out</span><span class="t">first</span>'
        '</div>' + '<div class="clip"><span class="t">a twin</span></div>' * TWINS),
    "one character first": (
        "<style>.t { color: #ccc }</style>"
        '<p><span class="t">x</span></p>' + '<p><span class="t">a twin of more characters</span></p>' * TWINS),
    "a first that axe-core leaves for review": (
        "<style>.t { color: #ccc } .box { position: relative } .box::before { content: ''; position: absolute;"
        " width: 40px; height: 20px; background: #fff }</style>"
        '<div class="box"><span class="t">ab</span></div>'
        + '<div class="box"><span class="t">a twin long enough to be more than four times the box</span></div>'
        * TWINS),
}


async def twin_cases(browser, source: str) -> dict[str, dict[str, list[str]]]:
    """For each of TWIN_CASES, the rules with violations found by the full rule, the first of each
    kind, the naive first of each kind, and the first of each kind without the second run."""
    found = {}
    context = await browser.new_context(viewport=DESKTOP)
    try:
        page = await context.new_page()
        for name, body in TWIN_CASES.items():
            await page.set_content(f'<!doctype html><html lang="en"><head><title>{name}</title></head>'
                                   f'<body style="background: #fff; color: #111"><main>{body}</main></body></html>')
            found[name] = {how: [v["id"] for v in await axe.run(page, source, **kwargs)]
                           for how, kwargs in (("full", {"twins": False}), ("twins", {}),
                                               ("naive", {"naive": True}), ("one run", {"second": False}))}
        found["not blocking"] = {"skipped": await page.evaluate(axe.NOT_BLOCKING, list(axe.BLOCKING_IMPACTS))}
        return found
    finally:
        await context.close()


# ---- one load of one page -----------------------------------------------------------------------

@dataclass
class Watch:
    """What a page's load asked for that it should not have: other hosts, errors, failed requests."""

    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    async def attach(self, context, page, server) -> None:
        async def block(route):
            self.foreign.append(route.request.url)
            await route.abort()

        await context.route(lambda url: not url.startswith(server.url), block)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})")
                if r.url.startswith(server.url) else None)
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def problems(self) -> list[str]:
        return ([f"request to another host: {u}" for u in self.foreign] + [f"console: {e}" for e in self.errors]
                + [f"failed: {f}" for f in self.failed])


class Checks:
    """Every browser check of the session, run in the background on one browser (`BrowserThread`);
    `result(key)` waits for one. Keys: ("visit", builder, path, view), ("home", builder),
    ("run", ), ("server", builder)."""

    def __init__(self, config, chromium: str, builds: dict[str, Path | str], axe_source: str):
        self.config, self.builds, self.axe = config, builds, axe_source
        self.futures: dict[tuple, concurrent.futures.Future] = {}
        self.ready = [b for b, path in builds.items() if isinstance(path, Path)]
        for b in self.ready:
            self.futures[("home", b)] = concurrent.futures.Future()
            self.futures[("server", b)] = concurrent.futures.Future()
            for path in PAGES:
                for view in VIEWS:
                    self.futures[("visit", b, path, view)] = concurrent.futures.Future()
        self.futures[("run",)] = concurrent.futures.Future()
        self.stack = contextlib.ExitStack()
        self.servers = {b: self.stack.enter_context(serve(builds[b])) for b in self.ready}
        # The home page's first load is counted by a server of its own, so that it runs beside the others.
        self.home_servers = {b: self.stack.enter_context(serve(builds[b])) for b in self.ready}
        self.copy_lock = None  # an asyncio.Lock, made in the browser's loop: the clipboard is the browser's
        self.browser = BrowserThread(chromium)
        self.done = self.browser.submit(self._everything())

    def result(self, *key, timeout: float = 1200):
        builder = key[1] if len(key) > 1 else None
        if builder is not None and builder not in self.ready:
            pytest.xfail(str(self.builds[builder]))
        return self.futures[key].result(timeout=timeout)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.done.result(timeout=600)
        self.browser.close()
        self.stack.close()

    async def _settle(self, key, coroutine) -> None:
        try:
            self.futures[key].set_result(await coroutine)
        except BaseException as exc:  # noqa: BLE001 - handed to the test that reads this key
            self.futures[key].set_exception(exc)

    async def _everything(self) -> None:
        self.copy_lock = asyncio.Lock()
        # The first loads (each on its own server, which counts what it sent) and every page, some at once.
        slots = asyncio.Semaphore(LOADS_AT_ONCE)
        runs: list = []
        jobs = [self._settle(("home", b), self._home(b, slots)) for b in self.ready]
        jobs += [self._settle(("visit", b, path, view), self._visit(b, path, view, slots, runs))
                 for b in self.ready for path in PAGES for view in VIEWS]
        await asyncio.gather(*jobs)
        if not self.futures[("run",)].done():
            self.futures[("run",)].set_exception(AssertionError(f"{RUN_COPIED_FROM}: no copied program to run"))
        await asyncio.gather(*runs)
        for b in self.ready:
            self.futures[("server", b)].set_result(
                [f"HTTP {s.status}: {s.path}" for s in self.servers[b].take() if s.status >= 400])

    async def _visit(self, builder: str, path: str, view: str, slots, runs: list) -> dict:
        viewport, scheme = VIEWS[view]
        server = self.servers[builder]
        chapter = chapter_of(path) if view == "desktop" else None
        async with slots:
            t0 = time.perf_counter()
            context = await self.browser.browser.new_context(
                viewport=viewport, color_scheme=scheme,
                permissions=["clipboard-read", "clipboard-write"] if chapter else [])
            try:
                page = await context.new_page()
                watch = Watch()
                await watch.attach(context, page, server)
                await page.goto(server.url + path, wait_until="networkidle")
                await page.evaluate(IMAGES_LOADED)
                found: dict = {"problems": []}
                problems = found["problems"]
                shown = await page.evaluate("document.body.dataset.mdColorScheme")
                if shown != SCHEME_ATTRIBUTE[scheme]:
                    problems.append(f"the {scheme} scheme was asked for, the page shows {shown!r}")
                problems += await page.evaluate(MATH_PROBLEMS)
                problems += await page.evaluate(IMAGE_PROBLEMS)
                problems += figure_problems(await page.evaluate(VISIBLE_FIGURES), scheme)
                if view == "phone":
                    width = await page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth, "
                                                "window.innerWidth]")
                    if max(width[:2]) > width[2]:
                        wide = await page.evaluate(WIDE_ELEMENTS, width[2])
                        problems.append(f"the page is {max(width[:2])} px wide on a {width[2]} px screen: {wide}")
                problems += await axe.violations(page, self.axe, tuple(AXE_DISABLED))
                if chapter:
                    found["copy"] = await self._copy(page, server, chapter)
                    if builder == BUILDERS[0] and chapter == RUN_COPIED_FROM:
                        runs.append(asyncio.ensure_future(self._settle(("run",), self._run(found["copy"]))))
                if path == TOGGLE_ON and view == "desktop":
                    found["toggle"] = await self._toggle(page)
                problems += watch.problems()
                return found
            finally:
                await context.close()
                note(self.config, "page-visit", builder=builder, page=path, view=view,
                     seconds=time.perf_counter() - t0)

    async def _copy(self, page, server, chapter: str) -> dict:
        """Click the copy button of the chapter's first program; fetch its downloads."""
        name = first_program(chapter)
        title = page.locator("span.filename", has_text=re.compile(f"^{re.escape(name)}$"))
        blocks = page.locator("div.highlight", has=title)
        if await blocks.count() < 1:
            return {"name": name, "error": f"docs/{chapter}: no code block titled {name}"}
        block = blocks.first
        async with self.copy_lock:  # one clipboard for the whole browser
            await block.hover()
            await block.locator("button.md-code__button[data-md-type=copy], button.md-clipboard").first.click()
            copied = await page.evaluate("navigator.clipboard.readText()")
        output = block.locator("xpath=following-sibling::div[contains(@class,'snippet-output')][1]")
        shown = await output.locator("code").inner_text() if await output.count() else None
        downloads = {}
        for suffix in (".py", ".ipynb"):
            hrefs = await page.eval_on_selector_all(f'a[href$="/{name.removesuffix(".py")}{suffix}"]',
                                                    "links => links.map(a => a.href)")
            if hrefs:
                response = await page.request.get(hrefs[0])
                downloads[suffix] = (hrefs[0], response.status, (await response.body()).decode("utf-8"))
        return {"name": name, "copied": copied, "shown": shown, "downloads": downloads}

    async def _toggle(self, page) -> list[str]:
        problems = []
        background = "getComputedStyle(document.body).backgroundColor"
        dark = await page.evaluate(background)
        await page.get_by_title("Switch to light mode").click()
        await page.wait_for_function("document.body.dataset.mdColorScheme === 'default'", timeout=5000)
        if await page.evaluate(background) == dark:
            problems.append(f"the background stays {dark} in the light scheme")
        await page.get_by_title("Switch to dark mode").click()
        await page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=5000)
        return problems

    async def _run(self, copy: dict) -> dict:
        """Run the program as copied from the page, outside the repository, as a reader would."""
        with tempfile.TemporaryDirectory(prefix="copied-") as tmp:
            program = Path(tmp) / "copied.py"
            program.write_text(copy["copied"], encoding="utf-8")
            env = {k: v for k, v in os.environ.items() if not k.startswith("SNIPPETKIT")}
            proc = await asyncio.create_subprocess_exec(
                sys.executable, str(program), cwd=tmp, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env={**env, "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"})
            out, err = await asyncio.wait_for(proc.communicate(), timeout=300)
        return {"name": copy["name"], "returncode": proc.returncode, "stdout": out.decode(), "stderr": err.decode()}

    async def _home(self, builder: str, slots) -> dict:
        """The home page's first load in a fresh profile (counted by its server), then the searches."""
        async with slots:
            return await self._home_load(builder)

    async def _home_load(self, builder: str) -> dict:
        server = self.home_servers[builder]
        context = await self.browser.browser.new_context(viewport=DESKTOP)
        try:
            page = await context.new_page()
            watch = Watch()
            await watch.attach(context, page, server)
            server.take()
            await page.goto(server.url, wait_until="networkidle")
            await page.wait_for_timeout(1000)  # late requests (a search index) after the network settled
            first = server.take()
            searches = {}
            for term in SEARCHES:
                searches[term] = await self._search(page, builder, term)
            fetched = server.take()
            return {"first": [(s.path, s.status, s.size) for s in first],
                    "on_search": [(s.path, s.status, s.size) for s in fetched],
                    "searches": searches, "problems": watch.problems()}
        finally:
            await context.close()

    async def _search(self, page, builder: str, term: str) -> list[str]:
        """Type `term` into the theme's search; the paths of the results for it, best first (none after
        15 s: the test says so). Both themes' result links carry the query as `?h=<term>`."""
        mine = f'[href*="h={urllib.parse.quote(term)}" i]'
        if builder == "zensical":
            # Zensical's search is a dialog in a shadow root (Playwright's CSS selectors pierce it),
            # opened by a button; its field has the focus.
            field = page.locator('input[aria-label="Search"]')
            if not await field.is_visible():
                await page.locator("button.md-search__button").click()
                await field.wait_for(timeout=15000)
            results = page.locator(f'[data-md-component="search"] a{mine}, a{mine}')
        else:
            field = page.locator("input.md-search__input")
            await field.click()
            results = page.locator(f".md-search-result__item a{mine}, a.md-search-result__link{mine}")
        await field.fill("")
        await page.keyboard.type(term, delay=20)
        with contextlib.suppress(PlaywrightTimeout):
            await results.first.wait_for(timeout=15000)
        return await results.evaluate_all("links => links.map(a => new URL(a.href).pathname)")


# ---- fixtures ---------------------------------------------------------------------------------

def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run, and CI is set: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


def start_checks(config, builds: dict[str, Path | str]) -> Checks:
    """Every browser check, started on both builds. conftest.py's SiteBuilds calls this in its
    background thread as soon as both builds exist, so that the loads run beside the tests that are
    left; what it raises (a skip, or a failure under CI) is re-raised in the `checks` fixture."""
    chromium = find_chromium()
    if chromium is None:
        unavailable(f"no Chromium found; {INSTALL_HINT}")
    axe_source = axe.axe_source(fetch_axe())
    try:
        return Checks(config, chromium, builds, axe_source)
    except Exception as exc:  # noqa: BLE001 - Playwright's own errors: the browser did not start
        unavailable(f"{chromium} does not start ({exc}); {INSTALL_HINT}")


@pytest.fixture(scope="session")
def builds(request) -> dict[str, Path | str]:
    """Each builder's site, or why it is not there (Zensical itself failing: an expected failure)."""
    found: dict[str, Path | str] = {"mkdocs": request.getfixturevalue("site")}
    try:
        found["zensical"] = request.getfixturevalue("zensical_site")
    except pytest.xfail.Exception as exc:
        found["zensical"] = str(exc)
    return found


@pytest.fixture(scope="session")
def checks(site_builds, builds):
    """The checks that SiteBuilds started (conftest.py), or the reason they could not start."""
    return site_builds.job("browser")  # closed by SiteBuilds at the session's end


@pytest.fixture(autouse=True)
def _zensical_limits(request):
    """Mark the checks that ZENSICAL_LIMITS names as expected failures on the Zensical build."""
    params = getattr(request.node, "callspec", None)
    if params and params.params.get("builder") == "zensical":
        reason = ZENSICAL_LIMITS.get(request.node.originalname)
        if reason:
            request.applymarker(pytest.mark.xfail(reason=f"Zensical 0.0.73: {reason}", strict=True))


# ---- the tests --------------------------------------------------------------------------------

def test_the_browser_checks_start(checks, builds):
    """Both builds exist and hold exactly the pages of the nav, each scheduled for both views."""
    for builder in checks.ready:
        built = builds[builder]
        pages = sorted(p.parent.relative_to(built).as_posix() + "/" for p in built.rglob("index.html"))
        pages = ["" if b == "./" else b for b in pages]
        assert sorted(pages) == sorted(PAGES), f"{builder}: pages built but not in the nav (so not checked), or missing"
        assert all(("visit", builder, p, v) in checks.futures for p in PAGES for v in VIEWS)


def page_problems(checks, builder: str, path: str, view: str) -> None:
    found = checks.result("visit", builder, path, view)
    viewport, scheme = VIEWS[view]
    assert not found["problems"], f"/{path} ({view}, {scheme}):\n  " + "\n  ".join(found["problems"])


@results
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
@pytest.mark.parametrize("builder", BUILDERS)
def test_page_on_a_phone_in_light_mode(checks, builder, path):
    page_problems(checks, builder, path, "phone")


@results
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "home")
@pytest.mark.parametrize("builder", BUILDERS)
def test_page_on_a_desktop_in_dark_mode(checks, builder, path):
    page_problems(checks, builder, path, "desktop")


@results
@pytest.mark.parametrize("chapter", CHAPTERS)
@pytest.mark.parametrize("builder", BUILDERS)
def test_copy_button_and_downloads(checks, builder, chapter):
    copy = checks.result("visit", builder, page_url(chapter), "desktop")["copy"]
    assert "error" not in copy, copy.get("error")
    name = copy["name"]
    program = clean_source((SNIPPETS_DIR / name).read_text(encoding="utf-8"))
    # Exactly the program (no output, prompt or line numbers); Material drops the final newline.
    assert copy["copied"].rstrip("\n") == program.rstrip("\n"), (
        f"{chapter}: the copy button of {name} copies other text")
    for suffix in (".py", ".ipynb"):
        assert suffix in copy["downloads"], f"{chapter}: no 'Download {suffix}' link for {name}"
        href, status, _ = copy["downloads"][suffix]
        assert status < 400, f"{href}: HTTP {status}"
    py, ipynb = copy["downloads"][".py"][2], copy["downloads"][".ipynb"][2]
    # The program as on the page, then its published output and the optional `--compare` check.
    assert py.startswith(program.rstrip("\n") + "\n"), f"{chapter}: the .py download of {name}"
    assert "--compare" in py[len(program.rstrip("\n")):]
    notebook = nbformat.reads(ipynb, as_version=4)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert code.strip() and all(line in program for line in code.splitlines())


@results
def test_a_copied_program_runs_and_prints_what_the_page_shows(checks):
    run = checks.result("run")
    assert run["returncode"] == 0, f"{run['name']}, as copied from the page, fails:\n{run['stderr'][-2000:]}"
    for builder in checks.ready:
        copy = checks.result("visit", builder, page_url(RUN_COPIED_FROM), "desktop")["copy"]
        assert copy["copied"] == checks.result("visit", BUILDERS[0], page_url(RUN_COPIED_FROM), "desktop")["copy"][
            "copied"], f"{builder}: the copied program differs from the one that ran"
        if copy["shown"] is not None:
            assert run["stdout"].strip() == copy["shown"].strip(), \
                f"{run['name']}: printed output differs from what the {builder} page shows"


@results
@pytest.mark.parametrize(("term", "expected"), SEARCHES.items())
@pytest.mark.parametrize("builder", BUILDERS)
def test_search_finds_the_right_page(checks, builder, term, expected):
    home = checks.result("home", builder)
    hrefs = home["searches"][term]
    assert any(h.split("#")[0].endswith("/" + expected) for h in hrefs[:5]), \
        f"search '{term}': top results {hrefs[:5]}, expected /{expected}"
    assert not home["problems"], "\n".join(home["problems"])


@results
@pytest.mark.parametrize("builder", BUILDERS)
def test_the_light_dark_toggle_switches_the_scheme(checks, builder):
    problems = checks.result("visit", builder, TOGGLE_ON, "desktop")["toggle"]
    assert not problems, "\n".join(problems)


@results
@pytest.mark.parametrize("builder", BUILDERS)
def test_home_page_first_load_is_light_and_fetches_the_index_on_the_first_search(checks, builder):
    home = checks.result("home", builder)
    failed = [f"{status} {path}" for path, status, _ in home["first"] + home["on_search"] if status >= 400]
    assert not failed, failed
    index = INDEX_OF[builder]
    assert not any(path == index for path, _, _ in home["first"]), f"the first load fetched the search index {index}"
    assert any(path == index for path, _, _ in home["on_search"]), f"searching did not fetch the search index {index}"
    total = sum(size for _, _, size in home["first"])
    listing = "\n".join(f"{size:>9} {path}" for path, _, size in sorted(home["first"], key=lambda s: -s[2]))
    assert total <= HOME_PAGE_BUDGET, f"home page first load {total} bytes > {HOME_PAGE_BUDGET}:\n{listing}"


@results
@pytest.mark.parametrize("builder", BUILDERS)
def test_the_server_answered_every_request_of_every_load(checks, builder):
    failed = checks.result("server", builder)
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("builder", BUILDERS)
def test_axe_is_not_shipped_in_the_site(builds, builder):
    built = builds[builder]
    if not isinstance(built, Path):
        pytest.xfail(built)
    assert not list(built.rglob("axe*.js")), "axe-core must stay in the tests, not in the site"


@pytest.fixture(scope="session")
def axe_cases(checks):
    return checks.browser.submit(twin_cases(checks.browser.browser, checks.axe)).result(timeout=120)


@results
def test_axe_runs_the_contrast_rule_on_one_element_of_each_kind_and_finds_what_the_full_rule_finds(axe_cases):
    found = axe_cases
    for name in TWIN_CASES:
        assert found[name]["full"] == ["color-contrast"], (name, found[name])
        assert found[name]["twins"] == ["color-contrast"], f"{name}: the first of each kind misses it"
        assert found[name]["naive"] == [], f"{name}: the naive key finds it too, so the case shows nothing"
    # The second run is what finds the last case's violation.
    *others, last = TWIN_CASES
    assert found[last]["one run"] == [], "the last case is found without the second run, so it shows nothing"
    assert all(found[name]["one run"] == ["color-contrast"] for name in others)


@results
def test_axe_skips_only_rules_whose_violations_cannot_block(axe_cases):
    skipped = dict(axe_cases["not blocking"]["skipped"])
    assert skipped, "no rule skipped"
    assert all(set(impacts) <= {"minor", "moderate"} for impacts in skipped.values()), skipped
    assert {"color-contrast", "link-in-text-block", "image-alt", "aria-valid-attr"}.isdisjoint(skipped)


def test_the_figure_check_catches_a_variant_of_the_other_scheme_or_a_missing_one():
    light, dark = "out/fig-1.svg#only-light", "out/fig-1-dark.svg#only-dark"
    assert figure_problems([{"src": light, "shown": True}, {"src": dark, "shown": False}], "light") == []
    assert figure_problems([{"src": light, "shown": False}, {"src": dark, "shown": True}], "dark") == []
    assert figure_problems([{"src": light, "shown": True}, {"src": dark, "shown": True}], "light") == [
        f"{dark} shown in the light scheme"]
    assert figure_problems([{"src": light, "shown": False}, {"src": dark, "shown": False}], "dark") == [
        f"{dark} not shown in the dark scheme"]
    assert figure_problems([{"src": light, "shown": True}], "light") == [
        "not every figure has both a light and a dark variant"]
