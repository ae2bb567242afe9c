"""Uploads through the page (the upload component of the Văn bản tab): a DOCX of a new province becomes
answerable right away; a bad file (empty, .exe) gets a Vietnamese explanation and changes nothing."""

from __future__ import annotations

import pytest
from docx import Document as Docx
from ui_helpers import (
    ANSWER_TIMEOUT_MS,
    ARTIFACTS,
    DESKTOP,
    ask_in_page,
    chromium,
    last_bot_message,
    open_tab,
    running_app,
)

from assistant.api import Assistant
from corpus.settings import load_settings

pytestmark = pytest.mark.browser

INGEST_TIMEOUT_MS = 300_000


def write_nghe_an_docx(path):
    """A small plan of a province outside the bundled corpus, with a real Word table of targets."""
    doc = Docx()
    for text in ["ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "KẾ HOẠCH",
                 "Nâng cao chất lượng giáo dục phổ thông tỉnh Nghệ An đến năm 2030",
                 "Các chỉ tiêu chủ yếu của tỉnh Nghệ An như sau:"]:
        doc.add_paragraph(text)
    rows = [["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "Năm 2030", "Cơ quan chủ trì"],
            ["1", "Tỷ lệ trường đạt chuẩn quốc gia", "%", "≥ 60%", "≥ 70%", "Sở Giáo dục và Đào tạo"],
            ["2", "Tỷ lệ phòng học kiên cố", "%", "85%", "≥ 95%", "Sở Xây dựng"]]
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    doc.add_paragraph("Nơi nhận: - Như trên; - Lưu: VT.")
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def app(tmp_path_factory, embedder):
    """Its own data directory: uploads change the index, the shared built_settings stays read-only."""
    from index.retrieve import Index

    settings = load_settings(home=tmp_path_factory.mktemp("kehoach-ui-upload"), chroma_url="", corpus_dir="")
    assistant = Assistant(settings, index=Index(settings, embedder=embedder, progress=False))
    with running_app(settings, assistant) as (demo, url):
        yield demo, url


@pytest.fixture(scope="module")
def page(app):
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(app[1])
        page.wait_for_selector("#question textarea")
        yield page


def _upload(page, files, rejected=()) -> str:
    """Choose files in the upload component, press «Nạp vào kho», return the new status text.

    Files of a type the component does not accept are refused by the page itself (a Vietnamese toast)."""
    open_tab(page, "docs", "Văn bản")
    status = page.locator("#upload-status")
    page.set_input_files("#upload input[type=file]", [str(f) for f in [*files, *rejected]])
    for f in rejected:
        toast = page.locator("[data-testid=toast-body]", has_text=f"Không nhận tệp {f.name}")
        toast.first.wait_for(timeout=10_000)
        assert "định dạng không được hỗ trợ" in toast.first.inner_text()
    for f in files:
        page.locator("#upload", has_text=f.stem).wait_for()
    page.click("#ingest")
    # done when the progress tracker is gone and an outcome line is shown:
    # ✅ added, 🔄 updated, ➖ unchanged, ❌ refused
    page.wait_for_function("() => { const s = document.querySelector('#upload-status');"
                           " const busy = s.querySelector('[data-testid=status-tracker]:not(.hide)');"
                           " return !busy && /[✅🔄➖❌]/u.test(s.innerText); }", timeout=INGEST_TIMEOUT_MS)
    return status.inner_text()


def test_bad_files_are_explained_and_change_nothing(app, page, tmp_path):
    demo, _ = app
    state = demo.kehoach_state
    generation, n_docs = state.assistant.index.generation, len(state.assistant.docs)
    docs_table = page.locator("#doc-table")
    empty = tmp_path / "ke-hoach-rong.txt"
    empty.write_bytes(b"")
    exe = tmp_path / "cai-dat.exe"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)

    text = _upload(page, [empty], rejected=[exe])
    assert "ke-hoach-rong.txt" in text and "tệp rỗng" in text, text
    assert "Kho văn bản không thay đổi" in text
    assert state.assistant.index.generation == generation and len(state.assistant.docs) == n_docs
    table = docs_table.inner_text()
    assert "cao-bang-chi-tieu-kh43" in table and "ke-hoach-rong" not in table and "cai-dat" not in table


def test_uploaded_docx_is_answerable_right_away(app, page, tmp_path):
    demo, _ = app
    docx = write_nghe_an_docx(tmp_path / "ke-hoach-nghe-an.docx")

    text = _upload(page, [docx])
    assert "Đã thêm văn bản" in text and "ke-hoach-nghe-an" in text, text
    page.locator("#doc-table", has_text="Nghệ An").wait_for()
    assert any(d.province == "Nghệ An" for d in demo.kehoach_state.assistant.docs)
    page.screenshot(path=str(ARTIFACTS / "ui-desktop-upload.png"), full_page=True)

    open_tab(page, "chat", "Hỏi đáp")
    ask_in_page(page, "Mục tiêu tỷ lệ trường đạt chuẩn quốc gia năm 2030 của Nghệ An?")
    card = page.locator("#sources .src-card", has_text="ke-hoach-nghe-an").first
    card.wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_function("() => !document.querySelector('#chatbot').innerText.includes('▌')")
    answer = last_bot_message(page)
    assert "Nghệ An" in answer and "≥ 70%" in answer, answer
    assert "≥ 70%" in card.locator("mark").first.inner_text()
    # the new province is offered by the chat's province filter
    page.click("#f-province input")
    page.locator("[role=listbox] [role=option]", has_text="Nghệ An").first.wait_for(timeout=10_000)
