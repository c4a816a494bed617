"""Render a report to PDF with headless Chromium, so the PDF has the page's own charts.

The page is rendered self-contained (styles and scripts inlined), loaded into
Chromium with no network, and printed once every chart has been drawn.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


class PdfUnavailable(Exception):
    """The server has no Chromium to render PDFs with."""


def pdf_available() -> bool:
    return Path(settings.PDF_CHROMIUM).exists()


def html_to_pdf(html: str) -> bytes:
    if not pdf_available():
        raise PdfUnavailable(f"Chromium was not found at {settings.PDF_CHROMIUM}.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=settings.PDF_CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(offline=True, java_script_enabled=True)
            page = context.new_page()
            page.set_content(html, wait_until="load")
            page.wait_for_function("window.pmChartsDrawn === true", timeout=20_000)
            return page.pdf(
                format="A4",
                landscape=True,  # wide enough for the desktop layout: grid, radar beside text
                print_background=True,
                margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
            )
        finally:
            browser.close()
