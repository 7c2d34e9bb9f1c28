"""The built site in a headless Chromium: a local server, the browser, and what a page fetches.

Used by the browser tests (tests/test_browser.py) and by `make bench` (snippetkit/site_weight.py).
`BrowserThread` keeps one browser for a whole test session, driven by Playwright's asyncio API from
a thread of its own, so that several pages load and are checked at once (one per CPU) while the
caller goes on with other work and collects each result when it needs it.
Playwright's own browser download is not needed: Debian's `chromium` package (or any Chromium
named by the CHROMIUM environment variable, or one that `playwright install chromium` put in
place) is launched through `executable_path`. Nothing here imports TensorFlow.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
INSTALL_HINT = ("install Chromium to run them: `apt-get install chromium` (Debian/Ubuntu), or "
                "`.venv/bin/playwright install chromium`, or set CHROMIUM=/path/to/chromium")


def find_chromium() -> str | None:
    """A Chromium executable: $CHROMIUM, then the system's (Chromium, else Chrome), then Playwright's."""
    named = os.environ.get("CHROMIUM")
    if named:
        if not Path(named).is_file():
            raise FileNotFoundError(f"CHROMIUM={named}: no such file")
        return named
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome"),  # GitHub's runners
                      shutil.which("google-chrome-stable")):
        if candidate and Path(candidate).is_file():
            return candidate
    with contextlib.suppress(Exception):  # Playwright's own browser, where a reader installed it
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
            if path and Path(path).is_file():
                return path
    return None


def launch(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


class BrowserThread:
    """One Chromium, driven by Playwright's asyncio API from a thread of its own (its event loop).

    `submit(coroutine)` runs a coroutine there and returns a `concurrent.futures.Future`; the
    coroutines reach the browser as `self.browser`. `close()` closes the browser and ends the
    thread. Starting raises what Playwright raised (no browser, a browser that does not start)."""

    def __init__(self, executable: str):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="browser", daemon=True)
        self.thread.start()
        self.browser = None
        self._playwright = None
        try:
            self.submit(self._start(executable)).result(timeout=120)
        except BaseException:
            self.close()
            raise

    async def _start(self, executable: str) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        self.browser = await self._playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    def submit(self, coroutine: Coroutine) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    async def _stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self._playwright is not None:
            await self._playwright.stop()

    def close(self) -> None:
        if self.thread.is_alive():
            with contextlib.suppress(Exception):
                self.submit(self._stop()).result(timeout=60)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)


@dataclass
class Served:
    """One request the server answered: path, status, and the body bytes it sent."""

    path: str
    status: int
    size: int = 0


@dataclass
class SiteServer:
    """A built site served on 127.0.0.1 from a thread; `log` lists every request answered."""

    root: Path
    url: str = ""
    log: list[Served] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, entry: Served) -> None:
        with self._lock:
            self.log.append(entry)

    def take(self) -> list[Served]:
        """Every request since the last call (and forget them)."""
        with self._lock:
            taken, self.log = self.log, []
        return taken


class _Handler(http.server.SimpleHTTPRequestHandler):
    site: SiteServer

    def log_request(self, code="-", size="-"):
        with contextlib.suppress(ValueError, TypeError):
            self._served = Served(self.path, int(code))
            self.site.record(self._served)

    def copyfile(self, source, outputfile):
        sent = 0
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            sent += len(chunk)
        if getattr(self, "_served", None) is not None:
            self._served.size += sent

    def log_message(self, format, *args):  # quiet: the tests report what matters
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[SiteServer]:
    """Serve `root` on 127.0.0.1 (a free port) for the duration of the block."""
    if not (root / "index.html").is_file():
        raise FileNotFoundError(f"{root}: no index.html (build the site first: `make site`)")
    site = SiteServer(root)
    handler = type("Handler", (_Handler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def first_load(browser, site: SiteServer, path: str = "", *, settle_ms: int = 1000) -> list[Served]:
    """Everything a first visit to `path` fetches (fresh profile, empty cache), as the server saw it.

    Counted at the server, so requests from Material's search worker are included.
    """
    context = browser.new_context()
    try:
        page = context.new_page()
        site.take()
        page.goto(site.url + path, wait_until="networkidle")
        page.wait_for_timeout(settle_ms)  # late requests (the search index) after the network settled
        return site.take()
    finally:
        context.close()
