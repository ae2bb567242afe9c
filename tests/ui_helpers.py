"""Helpers for the UI tests: start the Gradio app on a free port, drive Debian's chromium with Playwright."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium (apt-get install chromium); Playwright's own browsers are not used
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
# screenshots (gitignored; CI keeps them as artifacts)
ARTIFACTS = Path(__file__).resolve().parent.parent / "evals" / "reports" / "screens"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWER_TIMEOUT_MS = 120_000  # the first question loads the embedding model


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_app(settings, assistant) -> Iterator[tuple[object, str]]:
    """build_app(...).launch(prevent_thread_lock=True) on 127.0.0.1:<free port>; yields (demo, url)."""
    from ui.app import build_app

    demo = build_app(settings, assistant)
    _, url, _ = demo.launch(prevent_thread_lock=True, server_port=free_port(), server_name="127.0.0.1", quiet=True)
    try:
        yield demo, url
    finally:
        demo.close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless chromium browser (Playwright sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def ask_in_page(page, question: str) -> None:
    """Type a question in the chat and send it."""
    page.fill("#question textarea", question)
    page.click("#send")


def last_bot_message(page) -> str:
    return page.locator("#chatbot [data-testid='bot']").last.inner_text()


def wait_answer(page, count: int, timeout: int = ANSWER_TIMEOUT_MS) -> str:
    """Wait until the chat holds `count` finished bot messages; return the last one's text."""
    page.wait_for_function(
        "(n) => { const m = document.querySelectorAll(\"#chatbot [data-testid='bot']\");"
        " if (m.length < n) return false; const t = m[m.length - 1].innerText;"
        " return !t.includes('▌') && !t.includes('Đang tìm trong văn bản'); }", arg=count, timeout=timeout)
    return last_bot_message(page)


def choose(page, elem_id: str, option: str) -> None:
    """Pick an option of a Gradio dropdown by its label."""
    page.click(f"#{elem_id} input")
    page.locator("li.item, [role=option]", has_text=option).first.click()


def in_viewport(page, locator) -> bool:
    """Whether the element is inside the window (not below the fold) and inside its scrolling box."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 20) <= height


def open_tab(page, tab_id: str, name: str) -> None:
    """Open a tab (id given in ui.app); on a narrow screen it may sit in the overflow menu «…»."""
    tab = page.locator(f"#tab-{tab_id}-button")
    if tab.count() and tab.is_visible():
        tab.click()
        return
    page.click("button[aria-label='More tabs'], button[aria-label='Các thẻ khác']")
    page.locator(".overflow-dropdown button", has_text=name).click()
