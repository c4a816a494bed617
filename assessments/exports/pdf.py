"""Render a page to PDF with headless Chromium, so the PDF has the page's own charts.

The page is rendered self-contained (styles and scripts inlined), loaded into
Chromium with no network, and printed once every chart has been drawn. Only
background workers print: each keeps one Chromium running for all its PDFs
(one per thread), and starts a fresh one if it has died.
"""

from __future__ import annotations

import atexit
import contextlib
import queue
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from django.conf import settings


class PdfUnavailable(Exception):
    """The server has no Chromium to render PDFs with."""


def pdf_available() -> bool:
    return Path(settings.PDF_CHROMIUM).exists()


class _Chromium:
    """The worker's Chromium, owned by one thread of its own.

    Playwright's sync API runs an event loop in the thread that starts it, and Django
    refuses database work in such a thread; so printing happens in this dedicated thread
    while the worker's own thread keeps the ORM.
    """

    def __init__(self) -> None:
        self.playwright: Any = None
        self.browser: Any = None
        self.page: Any = None
        self.work: queue.Queue[tuple[str, Future[bytes]] | None] = queue.Queue()
        # A daemon thread still runs while atexit handlers do, so stop() can close Chromium.
        self.thread = threading.Thread(target=self.serve, name="chromium", daemon=True)
        self.thread.start()
        atexit.register(self.stop)

    def serve(self) -> None:
        while (item := self.work.get()) is not None:
            html, future = item
            try:
                future.set_result(self.print(html))
            except BaseException as problem:
                future.set_exception(problem)
        self.close()

    def submit(self, html: str) -> Future[bytes]:
        future: Future[bytes] = Future()
        self.work.put((html, future))
        return future

    def browser_now(self) -> Any:
        """Started on first use, restarted if it has gone (only ever called in self.thread)."""
        if self.browser is not None and self.browser.is_connected():
            return self.browser
        from playwright.sync_api import sync_playwright

        if self.playwright is None:
            self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=settings.PDF_CHROMIUM,
            headless=True,
            # One renderer and one raster thread: a PDF takes a little longer, but the worker
            # never spreads over every core the web workers need.
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--renderer-process-limit=1",
                "--num-raster-threads=1",
            ],
        )
        return self.browser

    def page_now(self) -> Any:
        """One page for every PDF: Chromium keeps the charting library compiled between them
        (a second PDF loads in about a third of the time of the first)."""
        browser = self.browser_now()
        if self.page is None or self.page.is_closed() or self.page.context.browser is not browser:
            context = browser.new_context(offline=True, java_script_enabled=True)
            self.page = context.new_page()
        return self.page

    def print(self, html: str) -> bytes:
        page = self.page_now()
        try:
            # A fresh document and window each time: nothing of the last report remains.
            page.goto("about:blank")
            page.set_content(html, wait_until="load")
            page.wait_for_function("window.pmChartsDrawn === true", timeout=20_000)
            return page.pdf(
                format="A4",
                landscape=True,  # wide enough for the desktop layout: grid, radar beside text
                # A page that sets its own size (@page { size: … }) gets it: a review report
                # reads as a portrait document.
                prefer_css_page_size=True,
                print_background=True,
                # Tagged, with an outline of its headings: a screen reader finds the PDF's
                # headings, lists and tables, and a reader can jump between sections.
                tagged=True,
                outline=True,
                margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
            )
        except Exception:
            # Start the next PDF on a new page rather than one left in an unknown state.
            with contextlib.suppress(Exception):
                page.context.close()
            self.page = None
            raise

    def close(self) -> None:
        if self.browser is not None:
            # It may have died already, leaving nothing to close.
            with contextlib.suppress(Exception):
                self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()
        self.browser = self.playwright = self.page = None

    def stop(self) -> None:
        self.work.put(None)
        self.thread.join(timeout=30)


_chromium: _Chromium | None = None
_lock = threading.Lock()


def html_to_pdf(html: str) -> bytes:
    """Print a self-contained page. Slow (a second or more): only background workers call it."""
    global _chromium
    if not pdf_available():
        raise PdfUnavailable(f"Chromium was not found at {settings.PDF_CHROMIUM}.")
    with _lock:
        if _chromium is None:
            _chromium = _Chromium()
    return _chromium.submit(html).result(timeout=120)
