"""Open a page in headless Chromium (Debian's, driven by Playwright) and read back what it rendered."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "Chromium is not installed (make system-deps installs Debian's chromium)"
# As root in a container: no sandbox; no GPU; none of Chromium's own calls home (the network is closed).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


# Per chart section: the marks the page promises (data-points) and the marks drawn: Plotly's bars
# (g.point), scatter markers (path.point inside g.points) and the rows of an HTML table.
_COUNT_MARKS = """() => Object.fromEntries([...document.querySelectorAll('section.chart')].map(s => [s.id,
    [+s.dataset.points, s.querySelectorAll('g.point, g.points path.point, tr:has(td)').length]]))"""


@dataclass(frozen=True)
class Rendered:
    errors: list[str]  # console errors and uncaught exceptions
    charts: dict[str, tuple[int, int]]  # section id -> (marks the page promised, marks drawn)


def render(page_path: Path, screenshot: Path) -> Rendered:
    assert CHROMIUM is not None, NO_CHROMIUM
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            page.on(
                "console", lambda message: errors.append(message.text) if message.type == "error" else None
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_path.resolve().as_uri())
            page.wait_for_load_state("load")
            counts = page.evaluate(_COUNT_MARKS)
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return Rendered(errors, {key: (promised, drawn) for key, (promised, drawn) in counts.items()})


def visible_after_search(page_path: Path, text: str) -> tuple[list[str], int]:
    """Type ``text`` into the page's search box; the rows still shown (their first cell) and the count the
    page prints. Errors on the console fail the call."""
    assert CHROMIUM is not None, NO_CHROMIUM
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_path.resolve().as_uri())
            page.fill("#search", text)
            shown = page.eval_on_selector_all(
                "tr[data-text]:not(.hidden)", "rows => rows.map(r => r.cells[0].innerText)"
            )
            count = int(page.inner_text("#count"))
        finally:
            browser.close()
    assert errors == [], errors
    return shown, count
