"""The page in a real browser (headless Debian chromium via Playwright), as an official uses it at desktop
(1366×900) and phone (390×844) size: the answer first with [n] chips that bring the cited line into view,
the filter conflict with its one-click answer, a too-long paste refused, feedback with a reason, history
across a reload, the DOCX report, the task view with its .ics, no English of Gradio's own.
Screenshots of every tab at both sizes go to evals/reports/screens/ (CI artifacts)."""

from __future__ import annotations

import io
import re

import pytest
from ui_helpers import (
    ANSWER_TIMEOUT_MS,
    ARTIFACTS,
    DESKTOP,
    PHONE,
    ask_in_page,
    choose,
    chromium,
    in_viewport,
    last_bot_message,
    open_tab,
    running_app,
    wait_answer,
)

from assistant.api import Assistant

pytestmark = pytest.mark.browser

HDI_CB = "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?"
TABS = [("chat", "Hỏi đáp"), ("indicators", "Chỉ tiêu"), ("tasks", "Nhiệm vụ & thời hạn"), ("docs", "Văn bản")]
# Gradio's own English a user could see (footer, settings, buttons, toasts)
ENGLISH = ["Use via API", "Settings", "Built with Gradio", "Copy message", "Loading", "Examples", "Clear",
           "Drop File Here", "Click to Upload", "Submit", "Retry", "Undo", "Dislike", "Like", "Error"]


@pytest.fixture(scope="module")
def app(built_settings, index):
    with running_app(built_settings, Assistant(built_settings, index=index)) as (demo, url):
        yield demo, url


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium() as b:
        yield b


def _english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"(?<![\wÀ-ỹ]){re.escape(w)}(?![\wÀ-ỹ])", text)]


def _click_chip_and_check(page, size: str) -> None:
    """Scroll to the top, click the last [1] chip: the viewer opens at the cited line, in the window."""
    page.evaluate("window.scrollTo(0, 0)")
    chip = page.locator("#chatbot a.cite-chip").last
    stamp = page.locator("#viewer .doc-viewer").get_attribute("data-stamp")
    chip.click()
    page.wait_for_function("(s) => { const v = document.querySelector('#viewer .doc-viewer');"
                           " return v && v.dataset.stamp !== s && v.dataset.reveal === '1'; }", arg=stamp)
    cited = page.locator("#viewer .ln.cited").first
    page.wait_for_function("() => { const h = document.querySelector('#viewer .ln.cited');"
                           " if (!h) return false; const r = h.getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= window.innerHeight; }", timeout=5_000)
    assert in_viewport(page, cited), f"the cited line is in view ({size})"
    box = page.locator("#viewer .doc-lines").bounding_box()
    hit = cited.bounding_box()
    assert box["y"] <= hit["y"] <= box["y"] + box["height"], "the cited line is scrolled into the viewer"
    assert page.locator("#chatbot .msg-selected").count() == 1, "the message whose source is open is marked"


def test_desktop_answer_chips_feedback_report_history(app, browser):
    demo, url = app
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#question textarea")
    assert page.evaluate("document.documentElement.lang") == "vi"
    page.evaluate("""() => { window.__partial = false; new MutationObserver(() => {
        if (document.querySelector('#chatbot').innerText.includes('▌')) window.__partial = true;
    }).observe(document.querySelector('#chatbot'), {childList: true, subtree: true, characterData: true}); }""")

    ask_in_page(page, HDI_CB)
    answer = wait_answer(page, 1)
    assert answer.startswith("Kết quả: > 0,85"), answer[:80]  # the asked fact first
    assert page.locator("#chatbot [data-testid='bot'] strong", has_text="> 0,85").count() >= 1  # in bold
    assert "Nguồn:" not in answer  # sources once: the cards
    assert page.evaluate("window.__partial"), "the answer text was streamed"
    card = page.locator("#sources .src-card").first
    assert "cao-bang-chi-tieu-kh43" in card.inner_text()
    assert card.locator("mark").first.inner_text().strip() == "> 0,85"
    _click_chip_and_check(page, "desktop")
    assert "0,85" in page.locator("#viewer .ln.cited").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "desktop-chat.png"), full_page=True)

    # «Sao chép» gives clean text: no Markdown, no HTML of the chips
    page.locator("#chatbot button[aria-label='Sao chép câu trả lời']").last.click()
    page.wait_for_timeout(400)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Kết quả: > 0,85") and "[1]" in copied and "<a" not in copied and "**" not in copied

    # 👍 is saved with question, answer and citations; 👎 asks for a reason and keeps it
    before = len(demo.kehoach_state.feedback.all())
    page.locator("#chatbot button[aria-label='Hữu ích']").last.click()
    for _ in range(30):
        if len(demo.kehoach_state.feedback.all()) > before:
            break
        page.wait_for_timeout(100)
    rows = demo.kehoach_state.feedback.all()
    assert rows[-1]["liked"] is True and rows[-1]["question"] == HDI_CB and "> 0,85" in rows[-1]["answer"]
    assert rows[-1]["citations"][0]["doc_id"] == "cao-bang-chi-tieu-kh43"
    page.locator("#chatbot button[aria-label='Chưa đúng']").last.click()
    page.locator("#dislike-box").first.wait_for(state="visible")
    page.locator("#dislike-reason label", has_text="Sai số liệu").click()
    page.fill("#dislike-note textarea", "Cần giá trị năm 2030")
    page.click("#dislike-send")
    page.locator("#dislike-box").first.wait_for(state="hidden")
    row = demo.kehoach_state.feedback.all()[-1]
    assert row["liked"] is False and row["reason"] == "Sai số liệu — Cần giá trị năm 2030"

    # a follow-up question uses the conversation; its own chips open its own sources
    ask_in_page(page, "Còn Hải Phòng thì sao?")
    assert "≥ 0,85" in wait_answer(page, 2)
    assert "hai-phong-de-an-gddt" in page.locator("#sources").inner_text()

    # the DOCX report: one click downloads it; it opens with python-docx with numbered citations and full titles
    with page.expect_download(timeout=30_000) as dl:
        page.click("#report-docx")
    from docx import Document as Docx

    doc = Docx(io.BytesIO(open(dl.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Câu hỏi 1: " + HDI_CB in text and "Câu hỏi 2: Còn Hải Phòng thì sao?" in text
    assert "[1]" in text and "[2]" in text and "Nguồn trích dẫn" in text
    titles = {d.doc_id: d.title for d in demo.kehoach_state.assistant.docs}
    assert titles["cao-bang-chi-tieu-kh43"] in text  # the full title, not cut with «…»

    # history survives a reload (kept per browser)
    page.reload()
    page.wait_for_selector("#question textarea")
    page.wait_for_function("() => document.querySelectorAll(\"#chatbot [data-testid='bot']\").length >= 2",
                           timeout=15_000)
    assert "≥ 0,85" in last_bot_message(page)
    page.get_by_text("Lịch sử hội thoại (lưu trên trình duyệt này)").click()  # listed in the sidebar, by title
    # the list is filled from the browser's storage after the page's own events: slow on a loaded machine (it timed
    # out at 10 s under a load of 8 on 2 cores, and at 30 s beside two evaluation runs; it passes alone)
    page.locator("#conv-dd input").wait_for(timeout=60_000)
    try:
        page.wait_for_function("() => document.querySelector('#conv-dd input').value"
                               ".startsWith('Mục tiêu HDI năm 2035 của Cao Bằng')", timeout=60_000)
    except Exception:  # say what the list holds instead of a bare timeout
        shown = page.evaluate("document.querySelector('#conv-dd input').value")
        raise AssertionError(f"saved conversation shown as {shown!r}") from None

    # regenerate replaces the last answer
    # the last answer is taken away and streamed again: see it go, then wait until it is back, complete
    page.evaluate("""() => { window.__regen = false; new MutationObserver(() => {
        if (document.querySelectorAll("#chatbot [data-testid='bot']").length < 2) window.__regen = true;
    }).observe(document.querySelector('#chatbot'), {subtree: true, childList: true}); }""")
    page.click("#regen")
    page.wait_for_function("() => window.__regen", timeout=30_000)
    assert "≥ 0,85" in wait_answer(page, 2)
    assert page.locator("#chatbot [data-testid='bot']").count() == 2

    # no English of Gradio's own in the visible text of any tab, nor in its tooltips and labels
    for tab_id, name in TABS:
        open_tab(page, tab_id, name)
        page.wait_for_timeout(400)
        assert not _english_in(page.locator("body").inner_text()), (name, _english_in(page.locator("body").inner_text()))
        labels = page.evaluate("[...document.querySelectorAll('[aria-label], [title]')].filter((e) => e.offsetParent)"
                               ".map((e) => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))"
                               ".join(' | ')")
        assert not _english_in(labels) and not re.search(r"\b(?:Click|Copy|Table|upload|visualization)\b", labels), (
            name, labels)
        page.screenshot(path=str(ARTIFACTS / f"desktop-{tab_id}.png"), full_page=True)
    context.close()


def test_filter_conflict_shows_filter_and_one_click_answer(app, browser):
    _, url = app
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    choose(page, "f-province", "Hải Phòng")
    page.locator("#filter-bar", has_text="Tỉnh: Hải Phòng").wait_for()
    ask_in_page(page, HDI_CB)
    first = wait_answer(page, 1)
    assert "Bộ lọc đang áp dụng" in first and "Tỉnh: Hải Phòng" in first  # the filter is shown with the answer
    page.locator("#chatbot a.drop-filters").last.click()  # one click: drop the filter and answer without it
    second = wait_answer(page, 2)
    assert "> 0,85" in second and "Bộ lọc đang áp dụng" not in second
    assert page.locator("#f-province input").input_value() == "Tất cả tỉnh"
    assert not page.locator("#unfilter").is_visible()
    page.screenshot(path=str(ARTIFACTS / "desktop-filter-conflict.png"), full_page=True)
    # «Cuộc hội thoại mới» resets the filters too
    choose(page, "f-year", "2030")
    page.click("#new-chat")
    page.wait_for_function("() => document.querySelector('#f-year input').value === 'Tất cả năm'")
    assert page.locator("#chatbot [data-testid='bot']").count() == 0
    page.close()


def test_long_paste_is_refused_with_a_message_and_never_cut(app, browser):
    _, url = app
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    pasted = ("Theo kế hoạch, các chỉ tiêu giáo dục được giao cho các sở, ngành. " * 80)[:4950] + " HDI năm 2035?"
    assert len(pasted) >= 4_960
    page.locator("#question textarea").focus()
    page.evaluate("(t) => { const dt = new DataTransfer(); dt.setData('text/plain', t);"
                  " document.querySelector('#question textarea').dispatchEvent(new ClipboardEvent('paste',"
                  " {clipboardData: dt, bubbles: true})); }", pasted)
    page.fill("#question textarea", pasted)  # what the paste puts in the box
    page.locator("#q-counter.over").wait_for(timeout=5_000)
    assert "vượt giới hạn" in page.locator("#q-counter").inner_text()
    page.click("#send")
    page.locator("#q-limit-msg", has_text="vượt giới hạn").wait_for(timeout=10_000)
    assert "2.000 ký tự" in page.locator("#q-limit-msg").inner_text()
    assert page.locator("#question textarea").input_value() == pasted  # nothing cut, the question kept
    assert page.locator("#chatbot [data-testid='bot']").count() == 0
    page.close()


def test_phone_chip_brings_source_into_view_and_all_tabs_visible(app, browser):
    _, url = app
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(url)
    page.wait_for_selector("#question textarea")
    for tab_id, _ in TABS:
        assert page.locator(f"#tab-{tab_id}-button").is_visible(), f"tab {tab_id} visible on the phone"
    ask_in_page(page, HDI_CB)
    assert "> 0,85" in wait_answer(page, 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    chat, sources = page.locator("#chatbot").bounding_box(), page.locator("#sources").bounding_box()
    assert sources["y"] > chat["y"] + chat["height"] - 1, "the sources come after the answer"
    _click_chip_and_check(page, "phone")
    page.screenshot(path=str(ARTIFACTS / "phone-chat-source.png"))
    for tab_id, name in TABS:
        open_tab(page, tab_id, name)
        page.wait_for_timeout(500)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, tab_id
        if tab_id in ("indicators", "tasks"):  # tables as cards on a phone
            prefix = "ind" if tab_id == "indicators" else "task"
            assert page.locator(f"#{prefix}-cards .row-card").first.is_visible()
            assert not page.locator(f"#{prefix}-table").is_visible()
        page.screenshot(path=str(ARTIFACTS / f"phone-{tab_id}.png"), full_page=True)
    page.close()


def test_indicators_and_tasks_tabs(app, browser):
    _, url = app
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#question textarea")

    open_tab(page, "indicators", "Chỉ tiêu")
    table = page.locator("#ind-table")
    table.wait_for()
    page.get_by_label("Tìm chỉ tiêu").fill("hdi")
    page.wait_for_function("() => /\\d+ \\/ \\d+ dòng chỉ tiêu/.test(document.querySelector('#ind-count').innerText)")
    assert "HDI" in table.inner_text()
    assert page.locator("#chart svg, #chart canvas").count() >= 1
    chart_text = page.locator("#chart").inner_text()
    assert "Cao Bằng" in chart_text and "Hải Phòng" in chart_text  # provinces named, not file codes
    page.click("#chart-indicator input")
    page.locator("li.item", has_text="Tỷ lệ trường phổ thông đạt chuẩn quốc gia").first.click()
    page.wait_for_function("() => !document.querySelector('#chart').innerText.includes('0,85')"
                           " && document.querySelector('#chart').innerText.length > 0")
    page.wait_for_function("(t) => document.querySelector('#chart').innerText !== t", arg=chart_text)  # new data
    choose(page, "i-province", "Lào Cai")  # the chart follows the table's filter
    page.wait_for_function("() => { const t = document.querySelector('#chart').innerText;"
                           " return t.includes('2030 · Lào Cai') && !t.includes('2030 · Cao Bằng'); }")
    with page.expect_download(timeout=30_000) as dl:
        page.click("#ind-xlsx")  # one click
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(open(dl.value.path(), "rb").read())).active
    head = [c.value for c in sheet[1]]
    assert "Chỉ tiêu" in head and isinstance(sheet.cell(row=2, column=head.index("Năm") + 1).value, int)

    open_tab(page, "tasks", "Nhiệm vụ & thời hạn")
    table = page.locator("#task-table")
    table.wait_for()
    text = table.inner_text()
    assert "Hoàn thành xong trong tháng 12/2025" in text and "31/12/2025" in text
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), "dates are dd/mm/yyyy"
    assert "tính đến ngày" in page.locator("#task-count").inner_text()
    page.click("#t-agency input")
    options = page.locator("li.item").all_inner_texts()
    page.keyboard.press("Escape")
    assert not any(re.search(r"(?i)\bcác các\b", o) or o.strip().lower() in {"chính quyền", "phường", "ngành"}
                   for o in options), options
    choose(page, "t-month", "Tháng 12/2025")
    page.wait_for_function("() => /^\\*?\\*?\\d+/.test(document.querySelector('#task-count').innerText)"
                           " && !document.querySelector('#task-count').innerText.startsWith('35')")
    page.wait_for_function("() => { const t = document.querySelector('#timeline').innerText;"
                           " return t.includes('Tháng 12/2025') && !t.includes('Tháng 11/2025'); }")
    with page.expect_download(timeout=30_000) as dl:
        page.click("#task-ics")
    ics = open(dl.value.path(), encoding="utf-8").read()
    events = ics.split("BEGIN:VEVENT")[1:]
    assert ics.startswith("BEGIN:VCALENDAR") and ics.rstrip().endswith("END:VCALENDAR") and events
    assert all("DTSTART;VALUE=DATE:202512" in e for e in events)
    page.screenshot(path=str(ARTIFACTS / "desktop-tasks-filtered.png"), full_page=True)
    context.close()
    assert ANSWER_TIMEOUT_MS  # (imported for the helpers' timeouts)
