"""The Gradio app: Hỏi đáp (cited chat), Chỉ tiêu, Nhiệm vụ & thời hạn, Văn bản (with uploads).

Built only on the public API (assistant.api.Assistant, index.build.ingest). `build_app(settings, assistant)`
returns the Blocks (tests pass a prebuilt Assistant); `launch(settings)` is what `kehoach serve` runs.
Programs can call the chat as the named endpoint "/ask" (gradio_client) and get Answer.to_dict(); create the
client with download_files=False, or gradio_client takes the answer (a dict with a string "path") for a file.
"""

from __future__ import annotations

import html
import logging
import math
import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.answer import Answer
from assistant.api import MAX_QUESTION_CHARS, Assistant, QuestionError
from corpus.settings import Settings
from ui import page, render, report, tables
from ui.feedback import FeedbackStore
from ui.history import HistoryStore, message_text, new_id, valid_id
from ui.ics import export_ics
from ui.uploads import SUPPORTED_TEXT, UPLOAD_TYPES, ingest_uploads, summary_markdown

log = logging.getLogger(__name__)

EXAMPLES = [
    "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?",
    "So sánh mục tiêu HDI năm 2035 giữa Cao Bằng, Hải Phòng và Lào Cai",
    "Những nhiệm vụ nào phải xong trong tháng 12/2025?",
    "Cơ quan nào chủ trì theo dõi chỉ tiêu tỷ lệ sinh viên quốc tế của Hải Phòng?",
    "Ai ký Nghị quyết 68/NQ-HĐND?",
]
WARM_QUESTION = "Giải pháp nâng cao chất lượng giáo dục và đào tạo là gì?"
STREAM_STEPS = 24  # grounded answers are revealed in about this many steps
STREAM_DELAY = 0.015
DOC_VIEW_EMPTY = "Chọn một văn bản để xem nội dung đã làm sạch, có số dòng (các trích dẫn dùng số dòng này)."
UI = "undocumented"  # UI events stay callable by the page but out of the API docs; only /ask is documented
CHART_TABLE = ["Tỉnh", "Năm", "Mục tiêu", "Đơn vị", "Văn bản"]
DISLIKE_REASONS = ["Sai số liệu", "Sai tỉnh / năm / văn bản", "Thiếu thông tin", "Nguồn trích dẫn không đúng",
                   "Khó hiểu", "Lý do khác"]

# a file made by a button is downloaded right away (one click): the page clicks its link when it appears
AUTO_DOWNLOAD_JS = """() => { let tries = 0; const t = setInterval(() => {
  const link = document.querySelector('#__ID__ a[href]');
  if (link || ++tries > 40) { clearInterval(t); if (link) link.click(); } }, 150); }"""


def _num(n: int) -> str:
    """5000 → '5.000' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def _to_none(value: Any) -> Any:
    return None if value in ("", None, [], "Tất cả") else value


def plain_history(history: list[dict] | None) -> list[dict[str, str]]:
    """Chatbot messages as {'role', 'content': str} for Assistant.ask(history=…)."""
    out = []
    for m in history or []:
        if isinstance(m, dict) and m.get("role") in {"user", "assistant"}:
            out.append({"role": m["role"], "content": html.unescape(message_text(m.get("content")))})
    return out


def progressive(text: str, steps: int = STREAM_STEPS) -> Iterator[str]:
    """Growing prefixes of text, cut at whitespace (so a value like "> 0,85" is never split)."""
    tokens = re.split(r"(\s+)", text)
    size = max(6, math.ceil(len(tokens) / max(1, steps)))
    for i in range(size, len(tokens) + size, size):
        yield "".join(tokens[:i])


class AppState:
    """Server-side state shared by every session: the assistant, derived tables, feedback and history stores."""

    def __init__(self, settings: Settings, assistant: Assistant):
        self.settings = settings
        self.assistant = assistant
        self.lock = threading.RLock()
        self.feedback = FeedbackStore(settings.home / "feedback.sqlite")
        self.history = HistoryStore(settings.home / "history.sqlite")
        self.warm = threading.Event()
        self.cancel_ingest = threading.Event()  # set by the cancel button; an ingest checks it at safe points
        self.ingest_idle = threading.Event()  # clear while an upload (or an undo) is being ingested
        self.ingest_idle.set()
        self.faults: list[str] = []
        self.last_ingest: list[Any] = []  # what the last upload returned to the page (for the cancel button)
        self.refresh()

    def warm_up(self) -> None:
        """Load the embedding model and run one query through it, so the first question is fast."""
        try:
            index = getattr(self.assistant, "index", None)
            if index is not None and hasattr(index, "_embedder"):
                embedder = index._embedder()
                if hasattr(embedder, "embed_query"):
                    embedder.embed_query("khởi động trợ lý kế hoạch")
            if index is not None and hasattr(index, "restorer"):
                _ = index.restorer
            # one open question through the whole chain: the lexical index, stores and vocabularies load now
            with self.lock:
                self.assistant.ask(WARM_QUESTION)
        except Exception as exc:  # the app still answers; the model loads on the first question instead
            log.warning("warm-up failed: %s", exc)
        finally:
            self.warm.set()

    def start_warm_up(self) -> None:
        threading.Thread(target=self.warm_up, name="kehoach-warm-up", daemon=True).start()

    def refresh(self) -> None:
        a = self.assistant
        self.ind_df = tables.indicator_rows(a.indicators, a.docs_by_id)
        self.groups = tables.indicator_groups(a.indicators)
        self.groups_by_key = {g.key: g for g in self.groups}
        self.faults = self.check_faults()

    def check_faults(self, health: Any = None) -> list[str]:
        """What is wrong with the index (Vietnamese): the fallback the loaded index announced, and what the
        health check of the data directory finds (checksums of every generation); [] when sound."""
        from index.build import index_health

        problems = []
        fault = getattr(getattr(self.assistant, "index", None), "fault", "")
        if isinstance(fault, str) and fault:
            problems.append(fault)
        try:
            health = health or index_health(self.settings)
            if not health.ok:
                problems.append(health.message())
        except Exception as exc:  # the check itself failing is a fault to show
            problems.append(f"Không kiểm tra được chỉ mục ({exc.__class__.__name__}).")
        return problems

    def sync_with_disk(self) -> list[str]:
        """On each page load: when the data directory's verified generation is not the one loaded (a repair or
        an ingest from the command line since), load it; then check for faults again."""
        from index.build import index_health

        try:
            health = index_health(self.settings)
        except Exception:  # check_faults reports it
            health = None
        index = getattr(self.assistant, "index", None)
        serving = getattr(index, "generation", None)
        if (health is not None and health.base is not None and isinstance(serving, str)
                and serving != health.base.name and self.ingest_idle.is_set()):
            try:
                with self.lock:
                    self.assistant.reload()
                    self.refresh()
            except Exception as exc:  # keep answering from what is loaded
                log.warning("could not load generation %s: %s", health.base.name, exc)
        self.faults = self.check_faults(health)
        return self.faults

    def answer(self, question: str, history: list | None = None, province: str | None = None,
               doc: str | None = None, year: Any = None) -> Answer:
        """The grounded answer (filters: "" = all); raises QuestionError for an empty or too long question."""
        year_int = int(year) if year not in (None, "") and str(year).strip().isdigit() else None
        with self.lock:  # never read the index while an upload swaps it
            return self.assistant.ask(question, history, province=_to_none(province), year=year_int,
                                      doc=_to_none(doc))

    def ask(self, question: str, history: list | None = None, province: str | None = None, doc: str | None = None,
            year: Any = None) -> dict[str, Any]:
        return self.answer(question, history, province, doc, year).to_dict()

    def tasks_df(self) -> pd.DataFrame:
        return tables.task_rows(self.assistant.tasks, self.assistant.docs_by_id, date.today())

    def default_group(self) -> str | None:
        hdi = next((g.key for g in self.groups if "hdi" in g.key), None)
        return hdi or (self.groups[0].key if self.groups else None)

    def header(self) -> str:
        a = self.assistant
        warm = ('<span class="warm ready">Sẵn sàng</span>' if self.warm.is_set() else
                '<span class="warm">Đang nạp mô hình tìm kiếm ở nền… câu hỏi đầu tiên có thể chậm hơn</span>')
        return (f'<div id="app-header"><h1>{render.icon("book", 26)} Trợ lý Kế hoạch {warm}</h1>'
                f"<p>Hỏi đáp có trích dẫn về kế hoạch, nghị quyết, đề án của các tỉnh · "
                f"Kho: {len(a.docs)} văn bản · {len(a.indicators)} chỉ tiêu ({len(self.ind_df)} dòng mục tiêu theo năm)"
                f" · {len(a.tasks)} nhiệm vụ</p>{render.fault_banner(self.faults)}</div>")


# --- tables helpers ----------------------------------------------------------------------
def _styled_tasks(df: pd.DataFrame) -> Any:
    colors = {"Quá hạn": "background-color: #fdd; color: #900; font-weight: 600",
              "Sắp đến hạn": "background-color: #ffe9cc; color: #8a4b00; font-weight: 600"}
    try:
        return df.style.map(lambda v: colors.get(v, ""), subset=["Trạng thái"])
    except Exception:  # an old pandas without Styler.map: the plain table
        return df


def _task_summary(df: pd.DataFrame, total: int) -> str:
    counts = df["Trạng thái"].value_counts().to_dict() if len(df) else {}
    parts = [f"**{len(df)}** / {total} nhiệm vụ"]
    for label in ("Quá hạn", "Sắp đến hạn", "Còn hạn", "Thường xuyên", "Chưa rõ hạn"):
        if counts.get(label):
            parts.append(f"{label}: **{counts[label]}**")
    return " · ".join(parts) + f" — tính đến ngày {date.today().strftime('%d/%m/%Y')} (sắp đến hạn = trong 30 ngày)"


def build_app(settings: Settings, assistant: Assistant | None = None) -> gr.Blocks:
    """The whole app as gr.Blocks; launch() on it uses the app's CSS, theme and upload limit by default."""
    assistant = assistant or Assistant(settings, progress=True)
    st = AppState(settings, assistant)
    st.start_warm_up()
    a = assistant

    with gr.Blocks(title="Trợ lý Kế hoạch") as demo:
        header = gr.HTML(st.header())
        with gr.Tabs():
            # ------------------------------------------------------------------ Hỏi đáp
            with gr.Tab("Hỏi đáp", id="chat", elem_id="tab-chat"):
                answers = gr.State({})  # message index → Answer dict (for feedback, sources, reports)
                current = gr.State(None)  # the answer whose sources are shown
                pending = gr.State("")  # a question to ask again (without filters, or regenerated)
                browser_id = gr.BrowserState("", storage_key="kehoach-browser-id")
                conv_id = gr.State("")
                with gr.Row(elem_classes="wrap-row"):
                    with gr.Column(scale=3, min_width=320):
                        chatbot = gr.Chatbot(
                            label="Hội thoại", height=520, elem_id="chatbot", buttons=["copy"],
                            placeholder="**Hỏi về chỉ tiêu, nhiệm vụ, thời hạn, cơ quan chủ trì…**<br>"
                                        "Mỗi câu trả lời ghi rõ tỉnh, năm, văn bản và dẫn nguồn [1], [2]… — "
                                        "bấm vào số nguồn để mở văn bản gốc tại đúng dòng.",
                        )
                        with gr.Row(equal_height=True):
                            # no max_length: the browser would cut a long paste without a word
                            msg = gr.Textbox(placeholder="Nhập câu hỏi bằng tiếng Việt (có thể gõ không dấu)…",
                                             show_label=False, scale=5, min_width=200, elem_id="question",
                                             autofocus=True, lines=1, max_lines=6)
                            send = gr.Button("Gửi", variant="primary", scale=1, min_width=80, elem_id="send",
                                             icon=page.icon_path("send"))
                        gr.HTML(f'<div id="q-counter">0 / {_num(MAX_QUESTION_CHARS)} ký tự</div>',
                                elem_id="q-counter-box", padding=False)
                        q_limit = gr.Markdown("", elem_id="q-limit-msg")
                        filter_bar = gr.HTML("", elem_id="filter-bar", padding=False)
                        with gr.Row(elem_classes="filters"):
                            f_prov = gr.Dropdown(tables.province_choices(a.docs), value=tables.ALL, label="Tỉnh",
                                                 min_width=140, elem_id="f-province")
                            f_doc = gr.Dropdown(tables.doc_choices(a.docs), value=tables.ALL, label="Văn bản",
                                                min_width=200, elem_id="f-doc")
                            f_year = gr.Dropdown(tables.year_choices(a.indicators), value=tables.ALL, label="Năm",
                                                 min_width=110, elem_id="f-year")
                        unfilter = gr.Button("Bỏ bộ lọc và hỏi lại câu vừa rồi", size="sm", visible=False,
                                             elem_id="unfilter", icon=page.icon_path("filter-off"))
                        llm = gr.Checkbox(False, label="Chế độ LLM: mô hình ngôn ngữ diễn đạt lại câu trả lời "
                                          "(chậm hơn; số liệu vẫn lấy từ văn bản)", visible=bool(settings.llm))
                        with gr.Row(elem_classes="filters"):
                            clear = gr.Button("Cuộc hội thoại mới", size="sm", elem_id="new-chat",
                                              icon=page.icon_path("new"))
                            regen = gr.Button("Trả lời lại", size="sm", elem_id="regen", icon=page.icon_path("retry"))
                            rep_btn = gr.Button("Xuất báo cáo (DOCX)", size="sm", elem_id="report-docx",
                                                icon=page.icon_path("report"))
                        rep_file = gr.File(label="Báo cáo hội thoại", interactive=False, visible=False,
                                           elem_id="report-file")
                        with gr.Group(visible=False, elem_id="dislike-box") as dislike_box:
                            dislike_reason = gr.Radio(DISLIKE_REASONS, label="Câu trả lời chưa đúng ở điểm nào?",
                                                      elem_id="dislike-reason")
                            dislike_note = gr.Textbox(label="Ghi chú thêm (tùy chọn)", lines=2, elem_id="dislike-note")
                            dislike_send = gr.Button("Gửi góp ý", size="sm", variant="primary", elem_id="dislike-send")
                        dislike_idx = gr.State(None)
                        gr.Examples(EXAMPLES, inputs=[msg], label="Câu hỏi mẫu (bấm để điền)")
                        with gr.Accordion("Lịch sử hội thoại (lưu trên trình duyệt này)", open=False,
                                          elem_id="history-box"):
                            conv_dd = gr.Dropdown([], value=None, label="Cuộc hội thoại đã lưu", elem_id="conv-dd")
                            with gr.Row(elem_classes="filters"):
                                conv_name = gr.Textbox(label="Đổi tên", placeholder="Tên mới…", elem_id="conv-name",
                                                       min_width=160)
                                conv_rename = gr.Button("Đổi tên", size="sm", elem_id="conv-rename", min_width=80)
                                conv_delete = gr.Button("Xóa", size="sm", variant="stop", elem_id="conv-delete",
                                                        icon=page.icon_path("trash"), min_width=80)
                    with gr.Column(scale=2, min_width=320):
                        gr.Markdown("### Nguồn trích dẫn")
                        cards = gr.HTML(render.source_cards(None), js_on_load=render.CARDS_JS, elem_id="sources")
                        cite_dd = gr.Dropdown([], value=None, label="Mở nguồn trong văn bản gốc", elem_id="cite-dd")
                        viewer = gr.HTML(render.document_viewer(None), js_on_load=render.VIEWER_JS, elem_id="viewer")

            # ------------------------------------------------------------------ Chỉ tiêu
            with gr.Tab("Chỉ tiêu", id="indicators", elem_id="tab-indicators"):
                with gr.Row(elem_classes="filters"):
                    i_prov = gr.Dropdown(tables.province_choices(a.docs), value=tables.ALL, label="Tỉnh", min_width=140,
                                         elem_id="i-province")
                    i_year = gr.Dropdown(tables.year_choices(a.indicators), value=tables.ALL, label="Năm",
                                         min_width=110)
                    i_agency = gr.Dropdown(tables.agency_choices(a.indicators), value=tables.ALL,
                                           label="Cơ quan chủ trì / phối hợp", allow_custom_value=True, min_width=200)
                    i_query = gr.Textbox(label="Tìm chỉ tiêu", placeholder="vd: HDI, trường đạt chuẩn, tin hoc",
                                         min_width=200)
                i_count = gr.Markdown(f"**{len(st.ind_df)}** dòng chỉ tiêu", elem_classes="stat-line", elem_id="ind-count")
                i_table = gr.Dataframe(st.ind_df, interactive=False, wrap=True, max_height=480, elem_id="ind-table",
                                       column_widths=tables.IND_WIDTHS)
                i_cards = gr.HTML(tables.indicator_cards(st.ind_df), elem_id="ind-cards", elem_classes="phone-cards")
                with gr.Row(elem_classes="filters"):
                    i_csv = gr.Button("Xuất CSV", size="sm", elem_id="ind-csv", icon=page.icon_path("download"))
                    i_xlsx = gr.Button("Xuất Excel", size="sm", elem_id="ind-xlsx", icon=page.icon_path("download"))
                i_file = gr.File(label="Tệp xuất (bảng đang lọc)", interactive=False, visible=False, elem_id="ind-file")
                gr.Markdown("### Mục tiêu của một chỉ tiêu theo năm và tỉnh\n"
                            "Cùng một chỉ tiêu ở các văn bản khác nhau được ghép theo tên. "
                            "Mỗi cột là mục tiêu của một tỉnh trong một năm (trục dọc từ 0). Biểu đồ dùng giá trị số "
                            "(cận dưới của khoảng); xem cột «Mục tiêu» cho nguyên văn.")
                g_dd = gr.Dropdown(tables.group_choices(st.groups), value=st.default_group(), label="Chỉ tiêu",
                                   elem_id="chart-indicator")
                g_df = tables.chart_frame(st.groups_by_key.get(st.default_group() or ""), a.docs_by_id)
                g_plot = gr.BarPlot(g_df, x="Năm · Tỉnh", y="Giá trị", color="Tỉnh", sort=tables.chart_order(g_df),
                                    y_lim=tables.chart_y_lim(g_df), x_label_angle=-30, x_title="Năm · tỉnh",
                                    y_title="Mục tiêu (giá trị số)", color_title="Tỉnh",
                                    tooltip=["Tỉnh", "Năm", "Mục tiêu", "Đơn vị", "Văn bản"], height=340,
                                    show_label=False, elem_id="chart")
                g_table = gr.Dataframe(g_df[CHART_TABLE], interactive=False, wrap=True, max_height=260,
                                       column_widths=[140, 60, 90, 90, 300])

            # ------------------------------------------------------------------ Nhiệm vụ & thời hạn
            with gr.Tab("Nhiệm vụ & thời hạn", id="tasks", elem_id="tab-tasks"):
                tasks0 = st.tasks_df()
                with gr.Row(elem_classes="filters"):
                    t_prov = gr.Dropdown(tables.province_choices(a.docs), value=tables.ALL, label="Tỉnh", min_width=140)
                    t_agency = gr.Dropdown(tables.agency_choices(tasks=a.tasks), value=tables.ALL,
                                           label="Cơ quan (chủ trì / phối hợp / thực hiện)", allow_custom_value=True,
                                           min_width=220, elem_id="t-agency")
                    t_status = gr.Dropdown([("Tất cả trạng thái", tables.ALL),
                                            *[(v, v) for v in tables.STATUS_LABELS.values()]],
                                           value=tables.ALL, label="Trạng thái", min_width=150, elem_id="t-status")
                    t_month = gr.Dropdown(tables.month_choices(tasks0), value=tables.ALL, label="Tháng (hạn cuối)",
                                          min_width=150, elem_id="t-month")
                    t_quarter = gr.Dropdown(tables.quarter_choices(tasks0), value=tables.ALL, label="Quý (hạn cuối)",
                                            min_width=130, elem_id="t-quarter")
                    t_query = gr.Textbox(label="Tìm nhiệm vụ", placeholder="vd: phổ cập, chuyển đổi số", min_width=180)
                t_count = gr.Markdown(_task_summary(tasks0, len(tasks0)), elem_classes="stat-line", elem_id="task-count")
                t_cards = gr.HTML(tables.task_cards(tasks0), elem_id="task-cards", elem_classes="phone-cards")
                t_table = gr.Dataframe(_styled_tasks(tables.shown_tasks(tasks0)), interactive=False, wrap=True,
                                       max_height=480,
                                       elem_id="task-table", column_widths=tables.TASK_WIDTHS)
                with gr.Row(elem_classes="filters"):
                    t_csv = gr.Button("Xuất CSV", size="sm", elem_id="task-csv", icon=page.icon_path("download"))
                    t_xlsx = gr.Button("Xuất Excel", size="sm", elem_id="task-xlsx", icon=page.icon_path("download"))
                    t_ics = gr.Button("Xuất lịch (.ics)", size="sm", elem_id="task-ics",
                                      icon=page.icon_path("calendar"))
                t_file = gr.File(label="Tệp xuất (bảng đang lọc)", interactive=False, visible=False, elem_id="task-file")
                gr.Markdown("### Số nhiệm vụ đến hạn theo tháng")
                tl0 = tables.timeline_frame(tasks0)
                # the month order is fixed once (every month of every task): a filtered subset keeps it
                t_plot = gr.BarPlot(tl0, x="Tháng", y="Số nhiệm vụ", color="Trạng thái", sort=tables.timeline_order(tl0),
                                    color_map=tables.STATUS_COLORS, tooltip=["Tháng", "Trạng thái", "Số nhiệm vụ"],
                                    x_title="Tháng đến hạn", y_title="Số nhiệm vụ", color_title="Trạng thái",
                                    x_label_angle=-30, height=320, show_label=False, elem_id="timeline")

            # ------------------------------------------------------------------ Văn bản
            with gr.Tab("Văn bản", id="docs", elem_id="tab-docs"):
                d_table = gr.Dataframe(tables.doc_rows(a.docs), interactive=False, wrap=True, max_height=360,
                                       elem_id="doc-table", column_widths=tables.DOC_WIDTHS)
                gr.Markdown(f"### Thêm văn bản\nNhận tệp **{SUPPORTED_TEXT}** (tối đa "
                            f"**{settings.max_file_mb:g} MB** mỗi tệp). Văn bản được đọc, tách chỉ tiêu và nhiệm vụ, "
                            "lập chỉ mục, rồi có thể hỏi ngay.")
                with gr.Row(elem_classes="wrap-row"):
                    upload = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, label="Chọn tệp văn bản",
                                     elem_id="upload", min_width=280)
                    with gr.Column(min_width=260):
                        # an upload never replaces a document unless it is chosen here, by name
                        replace_dd = gr.Dropdown(replace_choices(a.docs), value="", elem_id="replace-doc",
                                                 label="Thay thế văn bản (tùy chọn)",
                                                 info="Để trống: tệp trùng tên được thêm thành văn bản mới.")
                        with gr.Row(equal_height=True):
                            ingest_btn = gr.Button("Nạp vào kho", variant="primary", elem_id="ingest",
                                                   icon=page.icon_path("upload"), scale=3)
                            # stops the ingest in progress before it changes anything (the index stays as it was)
                            cancel_btn = gr.Button("Hủy nạp", variant="stop", elem_id="ingest-cancel", scale=1,
                                                   min_width=90)
                        up_status = gr.Markdown(elem_id="upload-status")
                with gr.Accordion("Nhật ký thay đổi (thêm, thay thế, xóa, hoàn tác)", open=False, elem_id="changes-box"):
                    change_log = gr.Markdown(render.change_log(changes_of(settings)), elem_id="change-log")
                    undo_btn = gr.Button("Hoàn tác lần thay thế / xóa gần nhất", size="sm", elem_id="undo-change",
                                         icon=page.icon_path("retry"))
                gr.Markdown("### Xem văn bản")
                v_dd = gr.Dropdown(tables.doc_choices(a.docs)[1:], value=None, label="Văn bản", elem_id="doc-view-dd")
                v_html = gr.HTML(render.document_viewer(None, empty=DOC_VIEW_EMPTY), js_on_load=render.VIEWER_JS,
                                 elem_id="doc-view")

        # ====================================================================== events: chat
        full_titles = lambda: {d.doc_id: d.title for d in a.docs}  # noqa: E731

        def filter_words(province, doc, year) -> list[str]:
            words = []
            if _to_none(province):
                words.append(f"Tỉnh: {province}")
            if _to_none(year):
                words.append(f"Năm: {year}")
            if _to_none(doc):
                d = a.docs_by_id.get(doc)
                words.append(f"Văn bản: {tables.doc_short(d, 50) if d else doc}")
            return words

        def history_choices(browser):
            return [(f"{r['title']} · {render.dmy(r['updated'][:10])}", r["id"]) for r in st.history.list(browser)]

        skip10 = (gr.skip(),) * 10

        def flow(question, history, province, doc, year, use_llm, answers_map, browser, conv):
            """Ask one question and stream the answer; yields values for CHAT_OUT."""
            question = (question or "").strip()
            history = list(history or [])
            if not question:
                gr.Warning("Câu hỏi trống. Hãy nhập câu hỏi về chỉ tiêu, nhiệm vụ, thời hạn hoặc văn bản.",
                           title="Lưu ý")
                yield skip10
                return
            if len(question) > MAX_QUESTION_CHARS:
                # refused, never cut: the text stays in the box for the user to shorten
                text = (f"Câu hỏi dài {_num(len(question))} ký tự, vượt giới hạn {_num(MAX_QUESTION_CHARS)} ký tự nên "
                        "chưa được gửi (không có gì bị cắt bớt). Hãy rút gọn, chỉ giữ câu hỏi; văn bản dài hãy tải "
                        "lên ở thẻ «Văn bản».")
                gr.Warning(text, title="Câu hỏi quá dài")
                yield (gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), text,
                       gr.skip(), gr.skip())
                return
            prior = plain_history(history)
            history += [{"role": "user", "content": render.esc_md(question)},
                        {"role": "assistant", "content": "Đang tìm trong văn bản…"}]
            yield ("", history, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), "", gr.skip(), gr.skip())
            try:
                answer = st.answer(question, prior, province, doc, year)
            except QuestionError as exc:
                history[-1] = {"role": "assistant", "content": f"Lưu ý: {render.esc_md(exc)}"}
                yield ("", history, *skip10[2:])
                return
            except Exception as exc:  # keep the session alive and say what failed
                log.exception("answer failed")
                history[-1] = {"role": "assistant",
                               "content": f"Lỗi khi trả lời: {render.esc_md(exc.__class__.__name__)}. "
                                          "Hãy thử lại hoặc hỏi cách khác."}
                yield ("", history, *skip10[2:])
                return
            if answer.status == "error":  # the API refuses without raising (empty, wordless, too long)
                history[-1] = {"role": "assistant", "content": f"Lưu ý: {render.esc_md(answer.answer)}"}
                yield ("", history, *skip10[2:])
                return
            if use_llm and settings.llm:
                # the LLM rewrites the grounded answer; stream_answer updates `answer` in place (text, mode, verdict)
                from assistant.llm import stream_answer

                try:
                    for text in stream_answer(a, answer):
                        history[-1] = {"role": "assistant", "content": render.esc_md(text) + " ▌"}
                        yield ("", history, *skip10[2:])
                except Exception as exc:  # the grounded answer stands
                    log.warning("LLM mode failed: %s", exc)
                d = answer.to_dict()
            else:
                d = answer.to_dict()
                for partial in progressive(d["answer"]):
                    history[-1] = {"role": "assistant", "content": render.esc_md(partial) + " ▌"}
                    yield ("", history, *skip10[2:])
                    time.sleep(STREAM_DELAY)
            idx = len(history) - 1
            d["ui_filters"] = filter_words(province, doc, year)
            history[-1] = {"role": "assistant",
                           "content": render.answer_markdown(d, msg=idx, docs_by_id=a.docs_by_id, today=date.today())}
            answers_map = {**(answers_map or {}), str(idx): d}
            if valid_id(browser):
                conv = conv if valid_id(conv) else new_id()
                st.history.save(browser, conv, history, answers_map)
                conv_update = gr.Dropdown(choices=history_choices(browser), value=conv)
            else:
                conv_update = gr.skip()
            first = d["citations"][0]["n"] if d.get("citations") else None
            yield ("", history, render.source_cards(d),
                   gr.Dropdown(choices=render.citation_choices(d), value=first),
                   render.viewer_for_citation(d, first, a.docs_by_id), answers_map, d, "", conv, conv_update)

        chat_inputs = [msg, chatbot, f_prov, f_doc, f_year, llm, answers, browser_id, conv_id]
        chat_outputs = [msg, chatbot, cards, cite_dd, viewer, answers, current, q_limit, conv_id, conv_dd]
        for trigger in (msg.submit, send.click):
            trigger(flow, chat_inputs, chat_outputs, api_visibility=UI, concurrency_limit=4, show_progress="minimal")

        def run_pending(question, *rest):
            if not (question or "").strip():
                yield skip10
                return
            yield from flow(question, *rest)

        pending_inputs = [pending, *chat_inputs[1:]]

        # --- filters: always visible, one click drops them and asks again -------------------------
        def filter_state(province, doc, year):
            words = filter_words(province, doc, year)
            return render.filters_line(words, None), gr.Button(visible=bool(words))

        for comp in (f_prov, f_doc, f_year):
            comp.change(filter_state, [f_prov, f_doc, f_year], [filter_bar, unfilter], api_visibility=UI,
                        queue=False, show_progress="hidden")

        def last_question(history) -> str:
            users = [m for m in plain_history(history) if m["role"] == "user"]
            return users[-1]["content"] if users else ""

        def drop_filters(history):
            return tables.ALL, tables.ALL, tables.ALL, last_question(history)

        unfilter.click(drop_filters, [chatbot], [f_prov, f_doc, f_year, pending], api_visibility=UI, queue=False
                       ).then(run_pending, pending_inputs, chat_outputs, api_visibility=UI, concurrency_limit=4)

        def link_action(evt: gr.EventData, answers_map):
            """«Bỏ bộ lọc và hỏi lại» inside an answer: drop the filters and ask that answer's question again."""
            data = getattr(evt, "_data", None) or {}
            action = getattr(evt, "action", None) or data.get("action")
            if action != "unfilter":
                return gr.skip(), gr.skip(), gr.skip(), ""
            msg_idx = getattr(evt, "msg", None) if getattr(evt, "msg", None) is not None else data.get("msg")
            d = (answers_map or {}).get(str(msg_idx)) or {}
            return tables.ALL, tables.ALL, tables.ALL, d.get("question", "")

        # --- sources: [n] chips, cards, the dropdown; the viewer comes into view ------------------
        def open_card(evt: gr.EventData, d, answers_map):
            data = getattr(evt, "_data", None) or {}
            if (getattr(evt, "action", None) or data.get("action")):
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            n = getattr(evt, "n", None) if getattr(evt, "n", None) is not None else data.get("n")
            msg_idx = getattr(evt, "msg", None) if getattr(evt, "msg", None) is not None else data.get("msg")
            if msg_idx is not None and int(msg_idx) >= 0 and str(int(msg_idx)) in (answers_map or {}):
                d = answers_map[str(int(msg_idx))]
            if not d or n is None:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            stamp = str(time.time_ns())  # a click on the same chip scrolls to the cited lines again
            return (render.viewer_for_citation(d, int(n), a.docs_by_id, stamp, reveal=True),
                    render.source_cards(d, selected=int(n)),
                    gr.Dropdown(choices=render.citation_choices(d), value=int(n)), d)

        cards.click(open_card, [current, answers], [viewer, cards, cite_dd, current], api_visibility=UI,
                    show_progress="hidden")
        cards.click(link_action, [answers], [f_prov, f_doc, f_year, pending], api_visibility=UI, queue=False
                    ).then(run_pending, pending_inputs, chat_outputs, api_visibility=UI, concurrency_limit=4)
        cite_dd.input(lambda n, d: render.viewer_for_citation(d, n, a.docs_by_id, str(time.time_ns()), reveal=True),
                      [cite_dd, current], [viewer], api_visibility=UI)

        def show_message_sources(evt: gr.SelectData, answers_map):
            idx = evt.index if isinstance(evt.index, int) else (evt.index[0] if evt.index else None)
            d = (answers_map or {}).get(str(idx))
            if not d:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            first = d["citations"][0]["n"] if d.get("citations") else None
            return (render.source_cards(d), gr.Dropdown(choices=render.citation_choices(d), value=first),
                    render.viewer_for_citation(d, first, a.docs_by_id), d)

        chatbot.select(show_message_sources, [answers], [cards, cite_dd, viewer, current], api_visibility=UI)

        # --- feedback: 👍 saved at once; 👎 asks for a reason ---------------------------------------
        def on_like(data: gr.LikeData, answers_map, province, doc, year):
            idx = data.index if isinstance(data.index, int) else (data.index[0] if data.index else None)
            d = (answers_map or {}).get(str(idx))
            if not d:
                gr.Warning("Chỉ đánh giá được câu trả lời của trợ lý.", title="Lưu ý")
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            liked = data.liked is True or (isinstance(data.liked, str) and data.liked.lower() == "like")
            row = st.feedback.add(d, liked, {"province": province or None, "doc": doc or None, "year": year or None})
            if liked:
                gr.Info("Cảm ơn! Đã ghi nhận câu trả lời hữu ích.", title="Phản hồi")
                return gr.Group(visible=False), None, None, ""
            return gr.Group(visible=True), row, None, ""

        chatbot.like(on_like, [answers, f_prov, f_doc, f_year], [dislike_box, dislike_idx, dislike_reason,
                                                                 dislike_note], api_visibility=UI)

        def send_reason(row, reason, note):
            if not row or not (reason or (note or "").strip()):
                gr.Warning("Hãy chọn lý do hoặc ghi chú trước khi gửi.", title="Lưu ý")
                return gr.skip(), gr.skip()
            st.feedback.set_reason(int(row), reason or "", (note or "").strip())
            gr.Info("Cảm ơn! Góp ý đã được ghi nhận để cải thiện câu trả lời.", title="Phản hồi")
            return gr.Group(visible=False), None

        dislike_send.click(send_reason, [dislike_idx, dislike_reason, dislike_note], [dislike_box, dislike_idx],
                           api_visibility=UI)

        # --- regenerate, new conversation, report ------------------------------------------------
        def regenerate_step(history, answers_map):
            history = list(history or [])
            question = last_question(history)
            if not question:
                gr.Warning("Chưa có câu hỏi nào để trả lời lại.", title="Lưu ý")
                return gr.skip(), gr.skip(), ""
            while history and history[-1].get("role") == "assistant":
                answers_map = {k: v for k, v in (answers_map or {}).items() if k != str(len(history) - 1)}
                history.pop()
            if history and history[-1].get("role") == "user":
                history.pop()
            return history, answers_map, question

        regen.click(regenerate_step, [chatbot, answers], [chatbot, answers, pending], api_visibility=UI, queue=False
                    ).then(run_pending, pending_inputs, chat_outputs, api_visibility=UI, concurrency_limit=4)

        def new_chat():
            return ([], {}, None, render.source_cards(None), gr.Dropdown(choices=[], value=None),
                    render.document_viewer(None), "", tables.ALL, tables.ALL, tables.ALL, "", "",
                    gr.File(value=None, visible=False), gr.Dropdown(value=None))

        clear.click(new_chat, None, [chatbot, answers, current, cards, cite_dd, viewer, msg, f_prov, f_doc, f_year,
                                     conv_id, q_limit, rep_file, conv_dd], api_visibility=UI, queue=False)

        def make_report(answers_map):
            turns = [answers_map[k] for k in sorted(answers_map or {}, key=int)]
            if not turns:
                gr.Warning("Chưa có câu trả lời nào để xuất báo cáo.", title="Lưu ý")
                return gr.skip()
            return gr.File(value=report.export_docx(turns, full_titles()), visible=True)

        rep_btn.click(make_report, [answers], [rep_file], api_visibility=UI).then(
            None, None, None, js=AUTO_DOWNLOAD_JS.replace("__ID__", "report-file"))

        # --- history per browser ----------------------------------------------------------------
        def restore(browser):
            browser = browser if valid_id(browser) else new_id()
            convs = st.history.list(browser)
            if not convs:
                return browser, "", gr.skip(), gr.skip(), gr.Dropdown(choices=[], value=None), gr.skip(), gr.skip()
            loaded = st.history.load(browser, convs[0]["id"])
            messages, answers_map = loaded if loaded else ([], {})
            last = answers_map[max(answers_map, key=int)] if answers_map else None
            return (browser, convs[0]["id"], messages, answers_map,
                    gr.Dropdown(choices=history_choices(browser), value=convs[0]["id"]), render.source_cards(last),
                    last)

        demo.load(restore, [browser_id], [browser_id, conv_id, chatbot, answers, conv_dd, cards, current],
                  api_visibility=UI, show_progress="hidden")

        def open_conv(conv, browser):
            loaded = st.history.load(browser, conv) if conv else None
            if not loaded:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            messages, answers_map = loaded
            last = answers_map[max(answers_map, key=int)] if answers_map else None
            return conv, messages, answers_map, render.source_cards(last), last

        conv_dd.input(open_conv, [conv_dd, browser_id], [conv_id, chatbot, answers, cards, current], api_visibility=UI)

        def rename_conv(conv, name, browser):
            if not conv or not st.history.rename(browser, conv, name):
                gr.Warning("Hãy chọn một cuộc hội thoại đã lưu và nhập tên mới.", title="Lưu ý")
                return gr.skip(), gr.skip()
            return gr.Dropdown(choices=history_choices(browser), value=conv), ""

        conv_rename.click(rename_conv, [conv_dd, conv_name, browser_id], [conv_dd, conv_name], api_visibility=UI)

        def delete_conv(conv, current_conv, browser):
            if not conv or not st.history.delete(browser, conv):
                gr.Warning("Hãy chọn một cuộc hội thoại đã lưu để xóa.", title="Lưu ý")
                return (gr.skip(),) * 5
            gr.Info("Đã xóa cuộc hội thoại.", title="Lịch sử")
            if conv == current_conv:
                return gr.Dropdown(choices=history_choices(browser), value=None), "", [], {}, render.source_cards(None)
            return gr.Dropdown(choices=history_choices(browser), value=None), gr.skip(), gr.skip(), gr.skip(), gr.skip()

        conv_delete.click(delete_conv, [conv_dd, conv_id, browser_id], [conv_dd, conv_id, chatbot, answers, cards],
                          api_visibility=UI)

        # the header says when the search model is ready (it loads in the background at start)
        warm_timer = gr.Timer(1.5, active=not st.warm.is_set())

        def warm_tick():
            return st.header(), gr.Timer(active=not st.warm.is_set())

        warm_timer.tick(warm_tick, None, [header, warm_timer], api_visibility=UI, show_progress="hidden", queue=False)

        # ====================================================================== events: indicators
        def ind_filter(province, year, agency, query):
            df = tables.filter_indicators(st.ind_df, province or "", year or "", agency or "", query or "")
            return df, f"**{len(df)}** / {len(st.ind_df)} dòng chỉ tiêu", tables.indicator_cards(df)

        i_inputs = [i_prov, i_year, i_agency, i_query]
        for comp in (i_prov, i_year, i_agency):
            comp.change(ind_filter, i_inputs, [i_table, i_count, i_cards], api_visibility=UI)
        i_query.change(ind_filter, i_inputs, [i_table, i_count, i_cards], api_visibility=UI, trigger_mode="always_last",
                       show_progress="hidden")

        def ind_export(kind):
            def run(province, year, agency, query):
                df = tables.filter_indicators(st.ind_df, province or "", year or "", agency or "", query or "")
                titles = {tables.doc_short(d, 48): tables.doc_full(d) for d in a.docs}
                return gr.File(value=tables.export(df, "chi-tieu", kind, titles), visible=True)
            return run

        for button, kind in ((i_csv, "csv"), (i_xlsx, "xlsx")):
            button.click(ind_export(kind), i_inputs, [i_file], api_visibility=UI).then(
                None, None, None, js=AUTO_DOWNLOAD_JS.replace("__ID__", "ind-file"))

        def chart_data(key, province, year):
            """The chart of one indicator, following the table's province and year filters."""
            df = tables.chart_frame(st.groups_by_key.get(key or ""), a.docs_by_id)
            if province:
                df = df[df["Tỉnh"].str.startswith(province)]
            if year and str(year).isdigit():
                df = df[df["Năm"] == int(year)]
            return df.reset_index(drop=True)

        def chart_axes(key, province, year):
            df = chart_data(key, province, year)
            return gr.BarPlot(sort=tables.chart_order(df), y_lim=tables.chart_y_lim(df))

        def chart_for(key, province, year):
            df = chart_data(key, province, year)
            return df, df[CHART_TABLE]

        # the axes (bar order, y from 0) first, then the data: one update with both keeps the old data on screen
        for comp in (g_dd, i_prov, i_year):
            comp.change(chart_axes, [g_dd, i_prov, i_year], [g_plot], api_visibility=UI, show_progress="hidden").then(
                chart_for, [g_dd, i_prov, i_year], [g_plot, g_table], api_visibility=UI)

        # ====================================================================== events: tasks
        def filtered_tasks(province, agency, status, query, month, quarter):
            full = st.tasks_df()
            return full, tables.filter_tasks(full, province or "", agency or "", status or "", query or "",
                                             month or "", quarter or "")

        def task_filter(province, agency, status, query, month, quarter):
            full, df = filtered_tasks(province, agency, status, query, month, quarter)
            tl = tables.timeline_frame(df)
            return _styled_tasks(tables.shown_tasks(df)), _task_summary(df, len(full)), tl, tables.task_cards(df)

        t_inputs = [t_prov, t_agency, t_status, t_query, t_month, t_quarter]
        for comp in (t_prov, t_agency, t_status, t_month, t_quarter):
            comp.change(task_filter, t_inputs, [t_table, t_count, t_plot, t_cards], api_visibility=UI)
        t_query.change(task_filter, t_inputs, [t_table, t_count, t_plot, t_cards], api_visibility=UI,
                       trigger_mode="always_last", show_progress="hidden")

        def task_export(kind):
            def run(*filters):
                _, df = filtered_tasks(*filters)
                path = export_ics(df) if kind == "ics" else tables.export(df, "nhiem-vu", kind)
                return gr.File(value=path, visible=True)
            return run

        for button, kind in ((t_csv, "csv"), (t_xlsx, "xlsx"), (t_ics, "ics")):
            button.click(task_export(kind), t_inputs, [t_file], api_visibility=UI).then(
                None, None, None, js=AUTO_DOWNLOAD_JS.replace("__ID__", "task-file"))

        # ====================================================================== events: documents
        def view_doc(doc_id):
            return render.document_viewer(a.docs_by_id.get(doc_id or ""), empty=DOC_VIEW_EMPTY)

        v_dd.change(view_doc, [v_dd], [v_html], api_visibility=UI)

        refresh_outputs = [header, d_table, f_prov, f_doc, f_year, i_prov, i_year, i_agency, i_table, i_count, g_dd,
                           t_prov, t_agency, v_dd]

        def refreshed() -> list[Any]:
            st.sync_with_disk()
            ind = st.ind_df
            return [st.header(), tables.doc_rows(a.docs),
                    gr.Dropdown(choices=tables.province_choices(a.docs)),
                    gr.Dropdown(choices=tables.doc_choices(a.docs)),
                    gr.Dropdown(choices=tables.year_choices(a.indicators)),
                    gr.Dropdown(choices=tables.province_choices(a.docs), value=tables.ALL),
                    gr.Dropdown(choices=tables.year_choices(a.indicators), value=tables.ALL),
                    gr.Dropdown(choices=tables.agency_choices(a.indicators), value=tables.ALL),
                    ind, f"**{len(ind)}** dòng chỉ tiêu",
                    gr.Dropdown(choices=tables.group_choices(st.groups)),
                    gr.Dropdown(choices=tables.province_choices(a.docs), value=tables.ALL),
                    gr.Dropdown(choices=tables.agency_choices(tasks=a.tasks), value=tables.ALL),
                    gr.Dropdown(choices=tables.doc_choices(a.docs)[1:])]

        def do_ingest(files, replace_doc, request: gr.Request, progress=gr.Progress()):  # noqa: B008
            paths = [Path(f if isinstance(f, str) else getattr(f, "name", str(f))) for f in (files or [])]
            if not paths:
                return [f"Chưa chọn tệp nào. Hãy chọn tệp {SUPPORTED_TEXT}.", gr.skip(), gr.skip(),
                        *[gr.skip()] * len(refresh_outputs), gr.skip()]
            from index.build import IngestCancelled

            st.cancel_ingest.clear()
            st.ingest_idle.clear()
            try:
                out = ingest_files(paths, replace_doc, request, progress)
            except IngestCancelled as exc:
                out = [f"⏹️ {exc}", gr.skip(), gr.skip(), *[gr.skip()] * len(refresh_outputs), gr.skip()]
            finally:
                st.ingest_idle.set()
            st.last_ingest = out
            return out

        def ingest_files(paths, replace_doc, request, progress):
            from index.integrity import actor

            who = actor("app", getattr(request, "username", None) if request is not None else None)
            progress(0.0, desc="Đang kiểm tra tệp…")

            def on_progress(frac: float, message: str) -> None:
                progress(max(0.0, min(1.0, frac)), desc=message)

            def run_ingest(staged: list[Path], on_progress=None, replace=None):
                from index.build import ingest

                with st.lock:
                    embedder = a.index.embedder or a.index._embedder()
                return ingest(staged, settings, embedder=embedder, progress=False, on_progress=on_progress,
                              replace=replace, who=who, cancel=st.cancel_ingest)

            result = ingest_uploads(paths, settings, run_ingest, on_progress, replace=replace_doc or None)
            if result.changed:
                progress(0.97, desc="Đang nạp lại chỉ mục…")
                with st.lock:
                    a.reload()
                    st.refresh()
            summary = summary_markdown(result, {d.doc_id: d.title for d in a.docs})
            log_md = render.change_log(changes_of(settings))
            if result.changed:
                return [summary, None, gr.Dropdown(choices=replace_choices(a.docs), value=""), *refreshed(), log_md]
            return [summary, None, gr.skip(), *[gr.skip()] * len(refresh_outputs), log_md]

        # a page opened later sees documents uploaded since the app started, and today's deadline statuses
        demo.load(refreshed, None, refresh_outputs, api_visibility=UI, show_progress="hidden")
        demo.load(task_filter, t_inputs, [t_table, t_count, t_plot, t_cards], api_visibility=UI, show_progress="hidden")

        ingest_outputs = [up_status, upload, replace_dd, *refresh_outputs, change_log]
        ingest_event = ingest_btn.click(lambda: "Đang kiểm tra và nạp tệp…", None, [up_status], queue=False,
                                        api_visibility=UI
                                        ).then(do_ingest, [upload, replace_dd], ingest_outputs, api_visibility=UI,
                                               concurrency_limit=1, concurrency_id="ingest",
                                               show_progress_on=[up_status])  # the progress bar once, where the outcome goes

        def cancel_ingest():
            """Stop the ingest in progress at its next safe point; report what the ingest ended with (it may have
            finished before the cancel arrived)."""
            if st.ingest_idle.is_set():
                return ["Không có tệp nào đang được nạp.", *[gr.skip()] * (len(ingest_outputs) - 1)]
            st.cancel_ingest.set()
            if not st.ingest_idle.wait(120):
                return ["Đang dừng việc nạp tệp…", *[gr.skip()] * (len(ingest_outputs) - 1)]
            return st.last_ingest

        # cancels= stops the page waiting for the ingest; the flag stops the ingest itself (it runs in a thread)
        cancel_btn.click(cancel_ingest, None, ingest_outputs, cancels=[ingest_event], api_visibility=UI,
                         show_progress="hidden")

        def do_undo(request: gr.Request):
            from index.build import undo
            from index.integrity import actor

            who = actor("app", getattr(request, "username", None) if request is not None else None)
            skips = [gr.skip()] * (len(refresh_outputs) + 1)
            st.cancel_ingest.clear()
            st.ingest_idle.clear()
            try:
                with st.lock:
                    embedder = a.index.embedder or a.index._embedder()
                entry, report = undo(settings, embedder=embedder, progress=False, who=who, cancel=st.cancel_ingest)
            finally:
                st.ingest_idle.set()
            log_md = render.change_log(changes_of(settings))
            if entry is None:
                return ["Không có lần thay thế hoặc xóa nào (còn giữ bản cũ) để hoàn tác.", *skips, log_md]
            if report.errors:
                return ["❌ " + "; ".join(render.esc_md(e["reason"]) for e in report.errors), *skips, log_md]
            with st.lock:
                a.reload()
                st.refresh()
            what = "thay thế" if entry.get("action") == "replace" else "xóa"
            title = render.esc_md({d.doc_id: d.title for d in a.docs}.get(entry["doc_id"], entry["doc_id"]))
            return [f"↩️ Đã hoàn tác lần {what} văn bản **{title}** (`{entry['doc_id']}`): bản cũ đã trở lại và trả "
                    "lời được ngay.", gr.Dropdown(choices=replace_choices(a.docs), value=""), *refreshed(), log_md]

        undo_btn.click(do_undo, None, [up_status, replace_dd, *refresh_outputs, change_log], api_visibility=UI,
                       concurrency_limit=1, concurrency_id="ingest")

        # ====================================================================== API for programs
        def ask(question: str, province: str = "", doc: str = "", year: int | None = None,
                history: list[str] | None = None) -> dict:
            """Hỏi trợ lý; trả về Answer.to_dict(): question, status, answer, citations, facts, timings_ms…

            province/doc/year lọc phạm vi (để trống = tất cả); history là các câu hỏi trước (hỏi tiếp).
            """
            try:
                d = st.ask(question, list(history or []), province, doc, year)
            except QuestionError as exc:
                raise gr.Error(str(exc)) from exc
            if d.get("status") == "error":  # empty, wordless or too long: an error with the Vietnamese message
                raise gr.Error(d.get("answer") or "Câu hỏi không hợp lệ.")
            return d

        gr.api(ask, api_name="ask", concurrency_limit=4)

    _set_launch_defaults(demo, settings)
    demo.kehoach_state = st  # for tests and embedding: the shared state behind the app
    return demo


def changes_of(settings: Settings) -> list[dict]:
    from index.integrity import changes

    return changes(settings)


def replace_choices(docs: list) -> list[tuple[str, str]]:
    """The upload's replace option: none (add as a new document) or one document, named."""
    return [("Không thay thế — thêm văn bản mới", ""), *tables.doc_choices(docs)[1:]]


def _set_launch_defaults(demo: gr.Blocks, settings: Settings) -> None:
    """Make demo.launch() use the app's CSS, theme, host and upload limit unless the caller overrides them."""
    original = demo.launch
    defaults = {"css": page.CSS, "head": page.head(MAX_QUESTION_CHARS), "theme": page.theme(),
                "server_name": settings.host, "max_file_size": settings.max_file_bytes, "footer_links": []}

    def launch_with_defaults(*args: Any, **kwargs: Any):
        for key, value in defaults.items():
            kwargs.setdefault(key, value)
        return original(*args, **kwargs)

    demo.launch = launch_with_defaults  # type: ignore[method-assign]


class LoginLimiter:
    """KEHOACH_AUTH's password check with a lockout: after MAX_FAILURES failed logins in a row from one client
    address, or for one user name, every login from it (or for it) is refused with HTTP 429 and a Vietnamese
    message for LOCK_SECONDS, doubled at each further lockout up to MAX_LOCK_SECONDS; a success resets both."""

    MAX_FAILURES = 5
    LOCK_SECONDS = 30.0
    MAX_LOCK_SECONDS = 900.0

    def __init__(self, user: str, password: str):
        self._user, self._password = user.encode(), password.encode()
        self._lock = threading.Lock()
        self._fails: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self._level: dict[str, int] = {}

    def __call__(self, username: str, password: str) -> bool:
        import hmac

        from fastapi import HTTPException

        ip = _client_ip()
        keys = [f"user:{username}"] + ([f"ip:{ip}"] if ip else [])
        now = time.monotonic()
        with self._lock:
            wait = max(self._until.get(k, 0.0) - now for k in keys)
            if wait > 0:
                raise HTTPException(status_code=429, detail=f"Đăng nhập sai quá nhiều lần; hãy thử lại sau "
                                                            f"{math.ceil(wait)} giây.")
            ok = hmac.compare_digest(username.encode(), self._user) & hmac.compare_digest(password.encode(),
                                                                                          self._password)
            for k in keys:
                if ok:
                    self._fails.pop(k, None)
                    self._level.pop(k, None)
                    continue
                self._fails[k] = self._fails.get(k, 0) + 1
                if self._fails[k] >= self.MAX_FAILURES:
                    level = self._level.get(k, 0)
                    self._until[k] = now + min(self.MAX_LOCK_SECONDS, self.LOCK_SECONDS * 2 ** level)
                    self._level[k] = level + 1
                    self._fails[k] = 0
                    log.warning("login locked for %s after %d failures", k, self.MAX_FAILURES)
            if len(self._until) > 10_000:  # forget lockouts that are over (a spray of user names)
                self._until = {k: t for k, t in self._until.items() if t > now}
            return bool(ok)


def _client_ip() -> str | None:
    """The address of the client whose login Gradio is checking: Gradio calls the auth function from its login
    route without the request, so it is read from that route's frame (None if this Gradio does it otherwise;
    the lockout by user name still holds)."""
    import inspect

    frame = inspect.currentframe()
    try:
        f = frame.f_back if frame is not None else None
        for _ in range(8):
            if f is None:
                break
            client = getattr(f.f_locals.get("request"), "client", None)
            if client is not None and getattr(client, "host", None):
                return str(client.host)
            f = f.f_back
    finally:
        del frame
    return None


def parse_auth(auth: str) -> tuple[str, str] | None:
    """"user:pass" → ("user", "pass"); "" → None (no login)."""
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not sep or not user or not password:
        raise ValueError("KEHOACH_AUTH phải có dạng «tên:mật_khẩu».")
    return user, password


def launch(settings: Settings, share: bool = False, assistant: Assistant | None = None, **kwargs: Any) -> gr.Blocks:
    """Serve the app on settings.host:settings.port (login when settings.auth = "user:pass").

    The assistant (and the index, built on first run) is created unless given. Extra keyword arguments go to
    Blocks.launch (e.g. prevent_thread_lock=True in tests). Returns the Blocks, already launched."""
    auth = parse_auth(settings.auth)
    demo = build_app(settings, assistant)
    demo.launch(server_name=settings.host, server_port=settings.port, share=share,
                auth=LoginLimiter(*auth) if auth else None,
                auth_message="Đăng nhập để dùng Trợ lý Kế hoạch." if auth else None, **kwargs)
    return demo
