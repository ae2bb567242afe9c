"""UI building blocks without a server: escaping and highlighting, tables and filters, uploads checks, feedback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from corpus.records import Deadline, Document, Indicator, ParsedValue, Target, Task
from corpus.settings import load_settings
from ui import render, tables
from ui.app import parse_auth, plain_history, progressive
from ui.feedback import FeedbackStore
from ui.uploads import check_upload, ingest_uploads, summary_markdown

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> ${value} {{this}}'


def _doc(lines: list[str], doc_id: str = "d1", province: str | None = "Cao Bằng") -> Document:
    return Document(doc_id=doc_id, title=f"Kế hoạch <b>{doc_id}</b>", lines=lines, province=province)


def _answer() -> dict:
    return {
        "question": "Mục tiêu HDI năm 2035 của Cao Bằng?",
        "status": "answered",
        "answer": "Mục tiêu năm 2035: > 0,85 [1]",
        "citations": [{"n": 1, "doc_id": "d1", "title": "Phụ lục <i>chỉ tiêu</i>", "locator": "Bảng chỉ tiêu › dòng 3",
                       "lines": [3, 3], "quote": "3 | Chỉ số HDI | Chỉ số | > 0,85 " + EVIL}],
        "facts": [{"type": "target", "value": "> 0,85", "citation": 1}],
        "mode": "grounded",
    }


def test_highlight_marks_value_and_escapes_markup():
    out = render.highlight("Chỉ số HDI | >0,85 <script>x</script>", ["> 0,85"])
    assert "<mark>&gt;0,85</mark>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_highlight_does_not_match_inside_longer_number():
    assert render.highlight_spans("đạt 0,75 và 0,7 điểm", ["0,7"]) == [(12, 15)]


def test_source_cards_escape_document_text_and_mark_cited_value():
    html = render.source_cards(_answer())
    assert "<mark>&gt; 0,85</mark>" in html
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert "${value}" not in html and "{{this}}" not in html  # gr.HTML template markers are neutralised
    assert 'data-open="1"' in html and "d1" in html


def test_viewer_anchors_and_highlights_cited_lines_escaped():
    doc = _doc(["KẾ HOẠCH", EVIL, "3\tChỉ số HDI\t> 0,85", "cuối"])
    html = render.viewer_for_citation(_answer(), 1, {"d1": doc})
    assert 'class="ln cited" id="L3"' in html
    assert "<mark>&gt; 0,85</mark>" in html
    assert '<div class="ln" id="L2">' in html  # context lines are shown too, not cited
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "Hiển thị dòng 1–4 / 4" in html


def test_viewer_for_missing_document_says_so():
    html = render.viewer_for_citation(_answer(), 1, {})
    assert "không còn trong kho" in html


def test_answer_markdown_puts_the_fact_first_escapes_and_makes_chips():
    md = render.answer_markdown({**_answer(), "answer": "Giá trị > 0,85 <script>x</script> [1]"}, msg=3)
    assert md.startswith("Kết quả: **&gt; 0,85**")  # the asked fact first, in bold
    assert "&gt; 0,85" in md and "<script>" not in md
    assert 'class="cite-chip" href="#cite-3-1" data-msg="3" data-n="1"' in md  # [1] opens source 1 of message 3
    assert "Nguồn:" not in md  # sources are listed once: the cards beside the chat


def test_answer_markdown_shows_filters_with_one_click_drop():
    d = {**_answer(), "answer": "Mục tiêu: > 0,85 [1]\n\n_Trả lời theo bộ lọc: tỉnh Cao Bằng._",
         "ui_filters": ["Tỉnh: Cao Bằng"]}
    md = render.answer_markdown(d, msg=1)
    assert "Trả lời theo bộ lọc" not in md  # said once, by the filter line
    assert "Bộ lọc đang áp dụng" in md and "Tỉnh: Cao Bằng" in md
    assert 'class="drop-filters" href="#unfilter-1"' in md
    nf = render.answer_markdown({"status": "not_found", "answer": "Không tìm thấy trong văn bản.", "citations": [],
                                 "ui_filters": ["Năm: 2045"]}, msg=5)
    assert nf.startswith("Không tìm thấy") and "Năm: 2045" in nf and "#unfilter-5" in nf


def test_not_found_under_a_filter_puts_the_unfiltered_fact_after_the_sentence():
    d = {**_answer(), "status": "not_found", "ui_filters": ["Tỉnh: Hải Phòng"],
         "answer": "Không tìm thấy trong văn bản với bộ lọc tỉnh Hải Phòng; không lọc thì:\nMục tiêu: > 0,85 [1]"}
    md = render.answer_markdown(d, msg=1)
    assert md.startswith("Không tìm thấy trong văn bản với bộ lọc tỉnh Hải Phòng; không lọc thì:\n\nKết quả: **&gt; 0,85**")
    assert "#unfilter-1" in md


def test_task_list_answer_is_a_table():
    facts = [{"type": "task", "code": c, "title": f"Nhiệm vụ {c}", "lead": "Sở Giáo dục và Đào tạo",
              "partners": "Sở Tài chính", "deadline": "tháng 12/2025", "due_end": "2025-12-31", "recurring": False,
              "citation": i} for i, c in enumerate(["1.1", "1.10"], 1)]
    d = {"status": "answered", "answer": "Danh sách:\n- Nhiệm vụ 1.1 … [1]\n- Nhiệm vụ 1.10 … [2]",
         "facts": facts, "citations": []}
    md = render.answer_markdown(d, msg=1, today=date(2026, 1, 5))
    assert "| Mã | Nhiệm vụ | Chủ trì | Phối hợp | Hạn | Trạng thái |" in md
    assert "31/12/2025" in md and "Quá hạn" in md and "- Nhiệm vụ 1.1" not in md


def test_answer_text_gets_one_line_number_scheme():
    text = "Hải Phòng – Danh mục, dòng 4.6 (I. Đến năm 2030): … [1]\n- Văn bản: Danh mục; dòng 4.6 (I. Đến năm 2030), dòng 50–50 [1]"
    out = render.one_line_scheme(text)
    assert "hàng 4.6 (I. Đến năm 2030)" in out and "dòng 50 [1]" in out and "dòng 4.6" not in out
    assert tables.date_vi("2025-12-11") == "11/12/2025" and tables.date_vi("2026-02") == "02/2026"


def test_warm_up_loads_the_model_in_the_background(tmp_path):
    from types import SimpleNamespace

    from ui.app import AppState

    calls = []
    embedder = SimpleNamespace(embed_query=lambda q: calls.append(q))
    index = SimpleNamespace(_embedder=lambda: embedder, restorer=object())
    stub = SimpleNamespace(docs=[], indicators=[], tasks=[], docs_by_id={}, index=index,
                           ask=lambda q: calls.append(("ask", q)))
    st = AppState(load_settings(home=tmp_path / "home"), stub)
    assert "Đang nạp mô hình" in st.header()
    st.start_warm_up()
    assert st.warm.wait(5) and "Sẵn sàng" in st.header()
    assert calls[0] == "khởi động trợ lý kế hoạch" and calls[1][0] == "ask"  # the model, then one whole question


def test_one_line_number_scheme():
    assert render.line_span([35, 35]) == "dòng 35" and render.line_span([3, 5]) == "dòng 3–5"
    assert render.locator_text("Bảng chỉ tiêu › II. Đến năm 2035 › dòng 3") == "Bảng chỉ tiêu › II. Đến năm 2035 › hàng 3"
    html = render.source_cards(_answer())
    assert "hàng 3" in html and "dòng 3" in html and "của văn bản" not in html


def test_progressive_never_splits_a_value():
    text = "Mục tiêu năm 2035 theo văn bản: — năm 2035: > 0,85 (đơn vị: Chỉ số) [1] " * 5
    parts = list(progressive(text))
    assert len(parts) > 3 and parts[-1] == text
    assert all(text.startswith(p) for p in parts)
    assert not any(p.endswith(">") or p.endswith("0,8") for p in parts)


def test_plain_history_reads_gradio_message_blocks():
    hist = [{"role": "user", "content": [{"type": "text", "text": "Mục tiêu &gt; 0,8?"}]},
            {"role": "assistant", "content": "trả lời"}]
    assert plain_history(hist) == [{"role": "user", "content": "Mục tiêu > 0,8?"},
                                   {"role": "assistant", "content": "trả lời"}]


def test_parse_auth():
    assert parse_auth("") is None
    assert parse_auth("admin:bí:mật") == ("admin", "bí:mật")
    with pytest.raises(ValueError, match="tên:mật_khẩu"):
        parse_auth("admin")


# --- tables ------------------------------------------------------------------------------
def _indicator(doc_id: str, province: str | None, name: str, targets: dict[str, str], lead: str = "") -> Indicator:
    ts = []
    for period, raw in targets.items():
        num = float(raw.split()[-1].replace(",", ".").rstrip("%")) if raw != "-" else None
        ts.append(Target(period=period, year=int(period[-4:]), raw=raw,
                         value=ParsedValue(low=num, high=num) if num is not None else None, has_target=raw != "-"))
    return Indicator(id=f"{doc_id}:{name}", doc_id=doc_id, province=province, group="I. Đến năm 2030", groups=[],
                     code="1", name=name, unit="Chỉ số", targets=ts, lead=lead)


def _inds() -> list[Indicator]:
    return [
        _indicator("cb", "Cao Bằng", "Chỉ số giáo dục đóng góp vào HDI", {"2030": "≥ 0,8", "2035": "> 0,85"},
                   "Sở Giáo dục và Đào tạo"),
        _indicator("hp", "Hải Phòng", "Chỉ số giáo dục đóng góp vào HDI", {"2035": "≥ 0,85"}, "Sở Nội vụ"),
        _indicator("lc", "Lào Cai", "Chỉ số giáo dục đóng góp vào HDI đạt 0,7 điểm", {"2035": "0,7"}),
        _indicator("lc", "Lào Cai", "Tỷ lệ trường đạt chuẩn quốc gia", {"2030": "80%", "2035": "-"}),
    ]


def test_indicator_table_one_row_per_target_and_filters():
    df = tables.indicator_rows(_inds(), {})
    assert list(df.columns) == tables.IND_COLUMNS
    assert len(df) == 5  # the "-" target of the last indicator is not a row
    assert set(tables.filter_indicators(df, province="Hải Phòng")["Mục tiêu"]) == {"≥ 0,85"}
    assert len(tables.filter_indicators(df, year="2035")) == 3
    assert set(tables.filter_indicators(df, agency="so noi vu")["Tỉnh"]) == {"Hải Phòng"}  # without diacritics
    assert set(tables.filter_indicators(df, query="truong dat chuan")["Tỉnh"]) == {"Lào Cai"}
    assert tables.filter_indicators(df, province="Hà Nội").empty


def test_indicator_groups_match_across_documents_and_chart_uses_low_values():
    groups = tables.indicator_groups(_inds())
    hdi = groups[0]
    assert hdi.n_docs == 3  # the prose name "… đạt 0,7 điểm" joins the table rows
    chart = tables.chart_frame(hdi, {})
    assert set(chart["Tỉnh"]) == {"Cao Bằng", "Hải Phòng", "Lào Cai"}  # provinces named, not file codes
    row = chart[(chart["Năm"] == 2035) & (chart["Tỉnh"] == "Cao Bằng")].iloc[0]
    assert row["Giá trị"] == pytest.approx(0.85) and row["Mục tiêu"] == "> 0,85"
    # one bar per province and year, in year order: single-year series show; the y axis starts at 0
    assert tables.chart_order(chart) == ["2030 · Cao Bằng", "2035 · Cao Bằng", "2035 · Hải Phòng", "2035 · Lào Cai"]
    assert tables.chart_y_lim(chart)[0] == 0


def _tasks() -> list[Task]:
    return [Task(id="a", doc_id="lc", province="Lào Cai", group="1", code="1.1", title="Xong tháng 11", body="",
                 lead="Sở Giáo dục và Đào tạo", partners="các các ngành liên quan",
                 deadline=Deadline("tháng 11/2025", "month", "2025-11-01", "2025-11-30")),
            Task(id="b", doc_id="lc", province="Lào Cai", group="1", code="1.10", title="Xong tháng 12", body="",
                 lead="Sở Tài chính", partners="Sở GDĐT; UBND các xã",
                 deadline=Deadline("tháng 12/2025", "month", "2025-12-01", "2025-12-31")),
            Task(id="c", doc_id="lc", province="Lào Cai", group="1", code="1.3", title="Năm 2027", body="",
                 responsible="UBND tỉnh", deadline=Deadline("năm 2027", "year", "2027-01-01", "2027-12-31")),
            Task(id="d", doc_id="lc", province="Lào Cai", group="1", code="1.4", title="Thường xuyên", body="",
                 lead="Ủy ban nhân dân tỉnh", deadline=Deadline("Thường xuyên", "recurring", recurring=True))]


def test_task_statuses_relative_to_today_and_timeline():
    today = date(2025, 12, 10)
    df = tables.task_rows(_tasks(), {}, today)
    assert list(tables.shown_tasks(df).columns[:2]) == ["Trạng thái", "Hạn cuối"]  # status and deadline first
    assert list(df["Trạng thái"]) == ["Quá hạn", "Sắp đến hạn", "Còn hạn", "Thường xuyên"]
    assert list(df["Hạn cuối"]) == ["30/11/2025", "31/12/2025", "31/12/2027", ""]  # dd/mm/yyyy
    assert list(tables.filter_tasks(df, agency="tai chinh")["Mã"]) == ["1.10"]
    assert list(tables.filter_tasks(df, status="Quá hạn")["Mã"]) == ["1.1"]
    assert list(tables.filter_tasks(df, month="2025-12")["Mã"]) == ["1.10"]
    assert list(tables.filter_tasks(df, quarter="2025-Q4")["Mã"]) == ["1.1", "1.10"]
    assert ("Tháng 12/2025", "2025-12") in tables.month_choices(df)
    assert ("Quý IV/2025", "2025-Q4") in tables.quarter_choices(df)
    tl = tables.timeline_frame(df)
    assert list(tl["Tháng"]) == ["Tháng 11/2025", "Tháng 12/2025", "Tháng 12/2027"]
    assert list(tl["Trạng thái"]) == ["Quá hạn", "Sắp đến hạn", "Còn hạn"]


def test_agency_choices_are_canonical_and_match_exactly():
    choices = dict((label, key) for label, key in tables.agency_choices(tasks=_tasks()))
    labels = set(choices) - {"Tất cả cơ quan"}
    # short forms expanded and merged (UBND tỉnh = Ủy ban nhân dân tỉnh; Sở GDĐT = Sở Giáo dục và Đào tạo),
    # doubled words and fragments dropped
    assert "Ủy ban nhân dân tỉnh" in labels and "UBND tỉnh" not in labels
    assert "Sở Giáo dục và Đào tạo" in labels and "Sở GDĐT" not in labels
    assert not any("các các" in x.lower() for x in labels)
    df = tables.task_rows(_tasks(), {}, date(2025, 12, 10))
    assert list(tables.filter_tasks(df, agency=choices["Ủy ban nhân dân tỉnh"])["Mã"]) == ["1.3", "1.4"]
    assert list(tables.filter_tasks(df, agency=choices["Sở Giáo dục và Đào tạo"])["Mã"]) == ["1.1", "1.10"]


def test_phone_cards_escape_and_lead_with_status():
    df = tables.task_rows([*_tasks(), Task(id="e", doc_id="lc", province="Lào Cai", group="1", code="9", body="",
                                           title=EVIL)], {}, date(2025, 12, 10))
    html = tables.task_cards(df)
    assert html.count('class="row-card"') == 5 and '<span class="st overdue">Quá hạn</span> · 30/11/2025' in html
    assert "<script" not in html and "<img" not in html
    assert 'class="row-card"' in tables.indicator_cards(tables.indicator_rows(_inds(), {}))


def test_ics_export_parses():
    from ui.ics import tasks_calendar

    df = tables.task_rows(_tasks(), {}, date(2025, 12, 10))
    text = tasks_calendar(df)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    events = text.split("BEGIN:VEVENT")[1:]
    assert len(events) == 3  # recurring tasks have no date
    assert "DTSTART;VALUE=DATE:20251130" in events[0] and "SUMMARY:1.1 Xong tháng 11" in events[0]
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_report_docx_numbers_citations_once_with_full_titles(tmp_path):
    from docx import Document as Docx

    from ui.report import conversation_docx

    a1 = {**_answer(), "answer": "Mục tiêu: > 0,85 [1]"}
    a2 = {**_answer(), "question": "Còn năm 2030?", "answer": "Cùng nguồn [1] và nguồn mới [2]",
          "citations": [_answer()["citations"][0], {"n": 2, "doc_id": "d2", "title": "Văn bản hai", "locator": "mục 2",
                                                     "lines": [7, 9], "quote": "trích dẫn hai"}]}
    path = conversation_docx([a1, a2], tmp_path / "r.docx", {"d1": "Phụ lục chỉ tiêu của Kế hoạch số 43-KH/TU "
                                                                   "ngày 15/12/2025 của Ban Thường vụ Tỉnh ủy Cao Bằng"})
    text = "\n".join(p.text for p in Docx(str(path)).paragraphs)
    assert "Câu hỏi 1: Mục tiêu HDI" in text and "Câu hỏi 2: Còn năm 2030?" in text
    assert "Cùng nguồn [1] và nguồn mới [2]" in text
    assert "[1] Phụ lục chỉ tiêu của Kế hoạch số 43-KH/TU ngày 15/12/2025 của Ban Thường vụ Tỉnh ủy Cao Bằng" in text
    assert "[2] Văn bản hai — mục 2 — dòng 7–9" in text and text.count("[1] Phụ lục") == 1


def test_history_store_per_browser(tmp_path):
    from ui.history import HistoryStore, new_id

    store = HistoryStore(tmp_path / "h.sqlite")
    b1, b2, conv = new_id(), new_id(), new_id()
    msgs = [{"role": "user", "content": "Câu hỏi một"}, {"role": "assistant", "content": "Trả lời"}]
    store.save(b1, conv, msgs, {"1": _answer()})
    assert [c["title"] for c in store.list(b1)] == ["Câu hỏi một"] and store.list(b2) == []
    store.save(b2, conv, [], {})  # another browser cannot overwrite it
    assert store.load(b1, conv)[0] == msgs and store.load(b2, conv) is None
    assert store.rename(b1, conv, "HDI Cao Bằng") and store.list(b1)[0]["title"] == "HDI Cao Bằng"
    assert not store.delete(b2, conv) and store.delete(b1, conv) and store.list(b1) == []


def test_export_csv_and_excel_roundtrip():
    df = tables.indicator_rows(_inds(), {})
    csv = Path(tables.export(df, "chi-tieu", "csv"))
    assert csv.suffix == ".csv" and csv.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert pd.read_csv(csv, encoding="utf-8-sig")["Mục tiêu"].tolist() == df["Mục tiêu"].tolist()
    xlsx = Path(tables.export(df, "chi-tieu", "xlsx"))
    back = pd.read_excel(xlsx, dtype=str)
    assert back["Chỉ tiêu"].tolist() == df["Chỉ tiêu"].tolist() and "> 0,85" in back["Mục tiêu"].tolist()


def test_excel_cells_are_typed_codes_text_titles_full():
    from openpyxl import load_workbook

    tasks = tables.task_rows(_tasks(), {}, date(2025, 12, 10))
    sheet = load_workbook(tables.export(tasks, "nhiem-vu", "xlsx")).active
    head = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(head, sheet[3], strict=True)}  # task 1.10
    assert row["Mã"].value == "1.10" and row["Mã"].number_format == "@"  # a code, not the number 1.1
    assert row["Hạn cuối"].is_date and row["Hạn cuối"].number_format == "dd/mm/yyyy"
    assert not any(h.startswith("_") for h in head)
    ind = load_workbook(tables.export(tables.indicator_rows(_inds(), {}), "chi-tieu", "xlsx")).active
    years = [r[0].value for r in ind.iter_rows(min_row=2, min_col=7, max_col=7)]
    assert years[0] == 2030 and isinstance(years[0], int)


# --- uploads -----------------------------------------------------------------------------
def test_check_upload_type_empty_and_size(tmp_path):
    settings = load_settings(home=tmp_path / "home", max_file_mb=0.001)  # ≈ 1 KB
    exe = tmp_path / "virus.exe"
    exe.write_bytes(b"MZ\x90\x00")
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    big = tmp_path / "lon.txt"
    big.write_text("chỉ tiêu " * 500)
    ok = tmp_path / "ok.txt"
    ok.write_text("Kế hoạch")
    assert check_upload(exe, settings)["code"] == "unsupported"
    assert "không được hỗ trợ" in check_upload(exe, settings)["reason"]
    assert check_upload(empty, settings)["code"] == "empty"
    assert "quá lớn" in check_upload(big, settings)["reason"]
    assert check_upload(ok, settings) is None


def test_bad_uploads_never_reach_ingest(tmp_path):
    settings = load_settings(home=tmp_path / "home")
    exe = tmp_path / "a.exe"
    exe.write_bytes(b"MZ")
    empty = tmp_path / "b.docx"
    empty.write_bytes(b"")

    def ingest_fn(paths, on_progress=None):
        raise AssertionError("ingest must not be called for rejected files")

    result = ingest_uploads([exe, empty], settings, ingest_fn)
    assert not result.changed and [e["code"] for e in result.errors] == ["unsupported", "empty"]
    md = summary_markdown(result, {})
    assert "❌" in md and "Kho văn bản không thay đổi" in md


# --- feedback ----------------------------------------------------------------------------
def test_feedback_store_keeps_question_answer_citations_and_time(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    store.add(_answer(), liked=True, filters={"province": "Cao Bằng"})
    store.add(_answer(), liked=False)
    rows = store.all()
    assert [r["liked"] for r in rows] == [True, False]
    assert rows[0]["question"].startswith("Mục tiêu HDI") and "> 0,85" in rows[0]["answer"]
    assert rows[0]["citations"][0]["doc_id"] == "d1" and rows[0]["filters"] == {"province": "Cao Bằng"}
    assert rows[0]["created"][:4].isdigit() and "T" in rows[0]["created"]


# --- the Blocks, built on an empty stand-in assistant -------------------------------------
def _config(tmp_path, **overrides) -> dict:
    from types import SimpleNamespace

    from ui.app import build_app

    stub = SimpleNamespace(docs=[], indicators=[], tasks=[], docs_by_id={})
    return build_app(load_settings(home=tmp_path / "home", **overrides), stub).get_config_file()


def _components(cfg: dict, kind: str) -> list[dict]:
    return [c for c in cfg["components"] if c["type"] == kind]


def test_tabs_and_llm_switch_only_when_llm_is_configured(tmp_path):
    off = _config(tmp_path, llm="")
    assert [c["props"]["label"] for c in _components(off, "tabitem")] == [
        "Hỏi đáp", "Chỉ tiêu", "Nhiệm vụ & thời hạn", "Văn bản"]

    def switch(cfg):
        return [c for c in _components(cfg, "checkbox") if c["props"]["label"].startswith("Chế độ LLM")][0]

    assert switch(off)["props"]["visible"] is False
    assert switch(_config(tmp_path, llm="openai"))["props"]["visible"] is True


def test_upload_component_accepts_only_supported_types(tmp_path):
    cfg = _config(tmp_path)
    upload = [c for c in _components(cfg, "file") if c["props"].get("elem_id") == "upload"][0]
    from ui.uploads import UPLOAD_TYPES

    assert set(upload["props"]["file_types"]) == set(UPLOAD_TYPES)
    assert {".docx", ".pdf", ".html", ".txt"} <= set(UPLOAD_TYPES) and ".exe" not in UPLOAD_TYPES
    assert upload["props"]["file_count"] == "multiple"


def test_corrupt_docx_reason_comes_back_in_vietnamese(tmp_path):
    from index.build import ingest

    settings = load_settings(home=tmp_path / "home", chroma_url="", corpus_dir="")
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"day khong phai tep Word")

    result = ingest_uploads([bad], settings, lambda paths, on_progress=None: ingest(
        paths, settings, progress=False, on_progress=on_progress))
    assert not result.changed and [e["code"] for e in result.errors] == ["corrupt"]
    md = summary_markdown(result, {})
    assert "Không đọc được tệp «hong.docx»" in md and "lưu lại rồi tải lên" in md  # the reason and a hint
