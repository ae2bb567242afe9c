"""The page in a real browser (headless Debian chromium via Playwright): cited answer, source card, viewer,
feedback, the Chỉ tiêu tab; screenshots at desktop and phone width go to tests/artifacts/."""

from __future__ import annotations

import pytest
from ui_helpers import (
    ANSWER_TIMEOUT_MS,
    ARTIFACTS,
    DESKTOP,
    PHONE,
    ask_in_page,
    chromium,
    last_bot_message,
    open_tab,
    running_app,
)

from assistant.api import Assistant

pytestmark = pytest.mark.browser

HDI_CB = "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?"


@pytest.fixture(scope="module")
def app(built_settings, index):
    with running_app(built_settings, Assistant(built_settings, index=index)) as (demo, url):
        yield demo, url


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as b:
        yield b


def test_desktop_cited_answer_source_card_viewer_feedback_and_indicators(app, browser):
    demo, url = app
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    assert page.locator("#tab-chat-button").inner_text() == "Hỏi đáp"
    # record whether the answer was ever shown half-written (streaming: the partial text ends with a cursor ▌)
    page.evaluate("""() => { window.__partial = false; new MutationObserver(() => {
        if (document.querySelector('#chatbot').innerText.includes('▌')) window.__partial = true;
    }).observe(document.querySelector('#chatbot'), {childList: true, subtree: true, characterData: true}); }""")

    ask_in_page(page, HDI_CB)
    card = page.locator("#sources .src-card").first
    card.wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('#chatbot').innerText.includes('▌')")
    answer = last_bot_message(page)
    assert "> 0,85" in answer and "[1]" in answer and "Nguồn:" in answer
    assert "cao-bang-chi-tieu-kh43" in card.inner_text()
    assert card.locator("mark").first.inner_text().strip() == "> 0,85"
    assert page.evaluate("window.__partial"), "the answer text was streamed"

    # the viewer opened the cited document at the cited line; the card button re-opens it
    cited = page.locator("#viewer .ln.cited")
    cited.first.wait_for()
    assert "0,85" in cited.first.inner_text()
    page.evaluate("document.querySelector('#viewer .doc-lines').scrollTop = 0")
    card.locator(".src-open").click()
    page.wait_for_function("() => document.querySelector('#viewer .doc-lines').scrollTop > 0 || "
                           "document.querySelector('#viewer .doc-lines').scrollHeight <= "
                           "document.querySelector('#viewer .doc-lines').clientHeight")
    box = page.locator("#viewer .doc-lines").bounding_box()
    hit = cited.first.bounding_box()
    assert box["y"] <= hit["y"] <= box["y"] + box["height"], "the cited line is scrolled into view"
    page.screenshot(path=str(ARTIFACTS / "ui-desktop-chat.png"), full_page=True)

    # 👍 is saved with question, answer and citations
    before = len(demo.kehoach_state.feedback.all())
    page.locator("#chatbot button[aria-label='Like']").last.click()
    page.wait_for_timeout(1500)
    rows = demo.kehoach_state.feedback.all()
    assert len(rows) == before + 1
    assert rows[-1]["liked"] is True and rows[-1]["question"] == HDI_CB and "> 0,85" in rows[-1]["answer"]
    assert rows[-1]["citations"][0]["doc_id"] == "cao-bang-chi-tieu-kh43"

    # a follow-up question uses the conversation
    ask_in_page(page, "Còn Hải Phòng thì sao?")
    page.wait_for_function("() => { const m = document.querySelectorAll(\"#chatbot [data-testid='bot']\");"
                           " return m.length >= 2 && m[m.length - 1].innerText.includes('Nguồn:'); }",
                           timeout=ANSWER_TIMEOUT_MS)
    assert "≥ 0,85" in last_bot_message(page)
    assert "hai-phong-de-an-gddt" in page.locator("#sources").inner_text()

    # Chỉ tiêu: the table of every indicator, filtered by a search without diacritics
    open_tab(page, "indicators", "Chỉ tiêu")
    table = page.locator("#ind-table")
    table.wait_for()
    page.get_by_label("Tìm chỉ tiêu").fill("hdi")
    page.wait_for_function("() => /\\d+ \\/ \\d+ dòng chỉ tiêu/.test(document.querySelector('#ind-count').innerText)")
    assert "HDI" in table.inner_text()
    count = page.locator("#ind-count").inner_text()
    shown, total = [int(x) for x in count.split(" dòng")[0].replace(" ", "").split("/")]
    assert 0 < shown < total
    assert page.locator("#chart svg").count() >= 1

    # Excel export of the filtered table: a downloadable .xlsx
    page.click("#ind-xlsx")
    link = page.locator("#ind-file a[href*='.xlsx']").first
    link.wait_for(timeout=30_000)
    data = page.request.get(link.get_attribute("href")).body()
    assert data[:2] == b"PK"  # a zip container: xlsx
    page.screenshot(path=str(ARTIFACTS / "ui-desktop-indicators.png"), full_page=True)
    page.close()


def test_phone_width_layout(app, browser):
    _, url = app
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    ask_in_page(page, HDI_CB)
    page.locator("#sources .src-card").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('#chatbot').innerText.includes('▌')")
    assert "> 0,85" in last_bot_message(page)
    # nothing wider than the screen: the columns wrap, wide tables scroll inside their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    chat, sources = page.locator("#chatbot").bounding_box(), page.locator("#sources").bounding_box()
    assert sources["y"] > chat["y"] + chat["height"] - 1, "the sources column wraps below the chat"
    assert sources["width"] > PHONE["width"] * 0.8
    page.screenshot(path=str(ARTIFACTS / "ui-phone-chat.png"), full_page=True)
    open_tab(page, "indicators", "Chỉ tiêu")
    page.locator("#ind-table").wait_for()
    page.wait_for_timeout(800)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.screenshot(path=str(ARTIFACTS / "ui-phone-indicators.png"), full_page=True)
    page.close()


def test_tasks_tab_marks_deadlines(app, browser):
    _, url = app
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    open_tab(page, "tasks", "Nhiệm vụ & thời hạn")
    table = page.locator("#task-table")
    table.wait_for()
    text = table.inner_text()
    assert "Hoàn thành xong trong tháng 12/2025" in text
    assert any(s in text for s in ("Quá hạn", "Sắp đến hạn", "Còn hạn"))
    assert "tính đến ngày" in page.locator("#task-count").inner_text()
    assert page.locator("#timeline svg").count() >= 1
    page.click("#task-csv")
    link = page.locator("#task-file a[href*='.csv']").first
    link.wait_for(timeout=30_000)
    csv = page.request.get(link.get_attribute("href")).body().decode("utf-8-sig")
    assert csv.startswith("Tỉnh,Văn bản,Mã,Nhiệm vụ") and "Hoàn thành xong trong tháng 12/2025" in csv
    page.screenshot(path=str(ARTIFACTS / "ui-desktop-tasks.png"), full_page=True)
    page.close()
