"""The Gradio app: Hỏi đáp (cited chat), Chỉ tiêu, Nhiệm vụ & thời hạn, Văn bản (with uploads).

Built only on the public API (assistant.api.Assistant, index.build.ingest). `build_app(settings, assistant)`
returns the Blocks (tests pass a prebuilt Assistant); `launch(settings)` is what `kehoach serve` runs.
Programs can call the chat as the named endpoint "/ask" (gradio_client) and get Answer.to_dict().
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
from ui import render, tables
from ui.feedback import FeedbackStore
from ui.uploads import UPLOAD_TYPES, ingest_uploads, summary_markdown

log = logging.getLogger(__name__)

EXAMPLES = [
    "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?",
    "So sánh mục tiêu HDI năm 2035 giữa Cao Bằng, Hải Phòng và Lào Cai",
    "Những nhiệm vụ nào phải xong trong tháng 12/2025?",
    "Cơ quan nào chủ trì theo dõi chỉ tiêu tỷ lệ sinh viên quốc tế của Hải Phòng?",
    "Ai ký Nghị quyết 68/NQ-HĐND?",
]
STREAM_STEPS = 24  # grounded answers are revealed in about this many steps
STREAM_DELAY = 0.015
DOC_VIEW_EMPTY = "Chọn một văn bản để xem nội dung đã làm sạch, có số dòng (các trích dẫn dùng số dòng này)."
UI = "undocumented"  # UI events stay callable by the page but out of the API docs; only /ask is documented

CSS = """
.gradio-container { max-width: 1400px !important; }
#app-header h1 { margin: 0; font-size: 1.5rem; }
#app-header p { margin: .2rem 0 0; opacity: .8; }
.src-cards { display: flex; flex-direction: column; gap: .6rem; max-height: 560px; overflow-y: auto;
              padding-right: .2rem; }
#chatbot table { font-size: .9rem; }
#chatbot th, #chatbot td { word-break: normal !important; overflow-wrap: normal !important; min-width: 4.5em; }
.src-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6rem .75rem;
            background: var(--background-fill-secondary); overflow-wrap: anywhere; }
.src-head { font-weight: 600; }
.src-n { color: var(--color-accent); margin-right: .2rem; }
.src-loc { font-size: .85rem; opacity: .85; margin: .2rem 0; }
.src-quote { margin: .35rem 0; padding: .3rem .6rem; border-left: 3px solid var(--color-accent);
             font-size: .92rem; white-space: pre-wrap; }
.src-card mark, .doc-viewer mark { background: #ffe066; color: #222; padding: 0 .1rem; border-radius: 2px; }
.src-open { cursor: pointer; border: 1px solid var(--border-color-primary); border-radius: 6px;
            padding: .25rem .6rem; background: var(--background-fill-primary); font-size: .9rem; }
.src-open:hover { border-color: var(--color-accent); }
.src-empty { opacity: .7; font-style: italic; padding: .5rem; }
.doc-viewer { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5rem; }
.doc-title { font-weight: 600; overflow-wrap: anywhere; }
.doc-meta, .doc-where { font-size: .85rem; opacity: .85; overflow-wrap: anywhere; }
.doc-lines { position: relative; max-height: 460px; overflow: auto; margin-top: .4rem;
             font-family: var(--font-mono); font-size: .82rem; line-height: 1.45; }
.doc-lines .ln { display: flex; gap: .6rem; padding: 0 .3rem; }
.doc-lines .ln .no { flex: 0 0 3.2em; text-align: right; opacity: .55; user-select: none; }
.doc-lines .ln .tx { white-space: pre-wrap; overflow-wrap: anywhere; flex: 1 1 auto; min-width: 0; }
.doc-lines .ln.cited { background: rgba(255, 224, 102, .35); border-left: 3px solid #f0b400; }
.doc-lines .tab { opacity: .45; }
.stat-line { font-size: .95rem; }
/* the file drop zone in Vietnamese (Gradio has no Vietnamese translation of its built-in texts) */
#upload [data-testid="upload-text"] { font-size: 0 !important; }
#upload [data-testid="upload-text"] .or { display: none; }
#upload [data-testid="upload-text"] .icon-wrap { font-size: var(--text-md); }
#upload [data-testid="upload-text"]::after { content: "Kéo thả tệp vào đây — hoặc bấm để chọn tệp";
  font-size: var(--text-lg); display: block; }
@media (max-width: 760px) {
  .wrap-row { flex-direction: column !important; flex-wrap: wrap !important; }
  .wrap-row > div, .wrap-row > .form { min-width: 100% !important; width: 100% !important; }
  .filters { flex-wrap: wrap !important; }
  .filters > div, .filters > .form { min-width: 46% !important; flex: 1 1 46% !important; }
  .gradio-container { padding: 0 .3rem !important; }
  .doc-lines { max-height: 320px; }
}
"""


# Gradio's own upload checks (file_types, max_file_size) speak English; this translates their toasts in the page.
HEAD = """
<script>
(() => {
  const rules = [
    [/^Invalid file types?: (.+)\\. Only (.+) allowed\\.$/,
     (m) => `Không nhận tệp ${m[1]}: định dạng không được hỗ trợ (chỉ nhận .docx, .pdf, .html, .txt).`],
    [/^File\\(s\\) exceed the maximum allowed size of ([^:]+): (.+)$/,
     (m) => `Tệp quá lớn, giới hạn là ${m[1]}: ${m[2]}.`],
    [/^Error$/, () => "Lỗi"], [/^Warning$/, () => "Lưu ý"], [/^Info$/, () => "Thông báo"],
  ];
  const SCOPE = "[data-testid=toast-body], [data-testid=status-tracker]";
  const translate = (node) => {
    const el = node instanceof Element ? node : node && node.parentElement;
    if (!el) return;
    const inside = el.closest(SCOPE);
    for (const scope of inside ? [inside] : el.querySelectorAll(SCOPE)) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.nodeValue.trim();
        for (const [re, fn] of rules) {
          const m = text.match(re);
          if (m) { n.nodeValue = fn(m); break; }
        }
      }
    }
  };
  new MutationObserver((muts) => muts.forEach((m) => {
    m.addedNodes.forEach(translate);
    if (m.type === "characterData") translate(m.target);
  })).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})();
</script>
"""


def _to_none(value: Any) -> Any:
    return None if value in ("", None, [], "Tất cả") else value


def _message_text(content: Any) -> str:
    """Plain text of a chat message content (a string or a list of content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(c.get("text", "") for c in content if isinstance(c, dict) and c.get("type") == "text")
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return ""


def plain_history(history: list[dict] | None) -> list[dict[str, str]]:
    """Chatbot messages as {'role', 'content': str} for Assistant.ask(history=…)."""
    out = []
    for m in history or []:
        if isinstance(m, dict) and m.get("role") in {"user", "assistant"}:
            out.append({"role": m["role"], "content": html.unescape(_message_text(m.get("content")))})
    return out


def progressive(text: str, steps: int = STREAM_STEPS) -> Iterator[str]:
    """Growing prefixes of text, cut at whitespace (so a value like "> 0,85" is never split)."""
    tokens = re.split(r"(\s+)", text)
    size = max(6, math.ceil(len(tokens) / max(1, steps)))
    for i in range(size, len(tokens) + size, size):
        yield "".join(tokens[:i])


class AppState:
    """Server-side state shared by every session: the assistant, derived tables and the feedback store."""

    def __init__(self, settings: Settings, assistant: Assistant):
        self.settings = settings
        self.assistant = assistant
        self.lock = threading.RLock()
        self.feedback = FeedbackStore(settings.home / "feedback.sqlite")
        self.refresh()

    def refresh(self) -> None:
        a = self.assistant
        self.ind_df = tables.indicator_rows(a.indicators, a.docs_by_id)
        self.groups = tables.indicator_groups(a.indicators)
        self.groups_by_key = {g.key: g for g in self.groups}

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
        return (f'<div id="app-header"><h1>📘 Trợ lý Kế hoạch</h1>'
                f"<p>Hỏi đáp có trích dẫn về kế hoạch, nghị quyết, đề án của các tỉnh · "
                f"Kho: {len(a.docs)} văn bản · {len(a.indicators)} chỉ tiêu · {len(a.tasks)} nhiệm vụ</p></div>")


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
    a = assistant

    with gr.Blocks(title="Trợ lý Kế hoạch") as demo:
        header = gr.HTML(st.header())
        with gr.Tabs():
            # ------------------------------------------------------------------ Hỏi đáp
            with gr.Tab("Hỏi đáp", id="chat", elem_id="tab-chat"):
                answers = gr.State({})  # message index → Answer dict (for 👍/👎 and re-opening sources)
                current = gr.State(None)  # the answer whose sources are shown
                with gr.Row(elem_classes="wrap-row"):
                    with gr.Column(scale=3, min_width=320):
                        chatbot = gr.Chatbot(
                            label="Hội thoại", height=520, elem_id="chatbot", buttons=["copy"],
                            placeholder="**Hỏi về chỉ tiêu, nhiệm vụ, thời hạn, cơ quan chủ trì…**<br>"
                                        "Mỗi câu trả lời ghi rõ tỉnh, năm, văn bản và dẫn nguồn [1], [2]…",
                        )
                        with gr.Row(equal_height=True):
                            msg = gr.Textbox(placeholder="Nhập câu hỏi bằng tiếng Việt (có thể gõ không dấu)…",
                                             show_label=False, scale=5, min_width=200, max_length=MAX_QUESTION_CHARS,
                                             elem_id="question", autofocus=True)
                            send = gr.Button("Gửi", variant="primary", scale=1, min_width=80, elem_id="send")
                        with gr.Row(elem_classes="filters"):
                            f_prov = gr.Dropdown(tables.province_choices(a.docs), value=tables.ALL, label="Tỉnh",
                                                 min_width=140, elem_id="f-province")
                            f_doc = gr.Dropdown(tables.doc_choices(a.docs), value=tables.ALL, label="Văn bản",
                                                min_width=200, elem_id="f-doc")
                            f_year = gr.Dropdown(tables.year_choices(a.indicators), value=tables.ALL, label="Năm",
                                                 min_width=110, elem_id="f-year")
                        llm = gr.Checkbox(False, label="Chế độ LLM: mô hình ngôn ngữ diễn đạt lại câu trả lời "
                                          "(chậm hơn; số liệu vẫn lấy từ văn bản)", visible=bool(settings.llm))
                        gr.Examples(EXAMPLES, inputs=[msg], label="Câu hỏi mẫu (bấm để điền)")
                        clear = gr.Button("🧹 Cuộc hội thoại mới", size="sm")
                    with gr.Column(scale=2, min_width=320):
                        gr.Markdown("### Nguồn trích dẫn")
                        cards = gr.HTML(render.source_cards(None), js_on_load=render.CARDS_JS, elem_id="sources")
                        cite_dd = gr.Dropdown([], value=None, label="Mở nguồn trong văn bản gốc", elem_id="cite-dd")
                        viewer = gr.HTML(render.document_viewer(None), js_on_load=render.VIEWER_JS, elem_id="viewer")

            # ------------------------------------------------------------------ Chỉ tiêu
            with gr.Tab("Chỉ tiêu", id="indicators", elem_id="tab-indicators"):
                with gr.Row(elem_classes="filters"):
                    i_prov = gr.Dropdown(tables.province_choices(a.docs), value=tables.ALL, label="Tỉnh", min_width=140)
                    i_year = gr.Dropdown(tables.year_choices(a.indicators), value=tables.ALL, label="Năm",
                                         min_width=110)
                    i_agency = gr.Dropdown(tables.agency_choices(a.indicators), value=tables.ALL,
                                           label="Cơ quan chủ trì / phối hợp", allow_custom_value=True, min_width=200)
                    i_query = gr.Textbox(label="Tìm chỉ tiêu", placeholder="vd: HDI, trường đạt chuẩn, tin hoc",
                                         min_width=200)
                i_count = gr.Markdown(f"**{len(st.ind_df)}** dòng chỉ tiêu", elem_classes="stat-line", elem_id="ind-count")
                i_table = gr.Dataframe(st.ind_df, interactive=False, wrap=True, max_height=480, elem_id="ind-table",
                                       column_widths=tables.IND_WIDTHS)
                with gr.Row(elem_classes="filters"):
                    i_csv = gr.Button("⬇️ Xuất CSV", size="sm", elem_id="ind-csv")
                    i_xlsx = gr.Button("⬇️ Xuất Excel", size="sm", elem_id="ind-xlsx")
                i_file = gr.File(label="Tệp xuất (bảng đang lọc)", interactive=False, visible=False, elem_id="ind-file")
                gr.Markdown("### Mục tiêu của một chỉ tiêu theo năm và tỉnh\n"
                            "Cùng một chỉ tiêu ở các văn bản khác nhau được ghép theo tên. "
                            "Biểu đồ dùng giá trị số (cận dưới của khoảng); xem cột «Mục tiêu» cho nguyên văn.")
                g_dd = gr.Dropdown(tables.group_choices(st.groups), value=st.default_group(), label="Chỉ tiêu",
                                   elem_id="chart-indicator")
                g_df = tables.chart_frame(st.groups_by_key.get(st.default_group() or ""), a.docs_by_id)
                g_plot = gr.LinePlot(g_df, x="Năm", y="Giá trị", color="Tỉnh – văn bản", x_axis_format="d",
                                     tooltip=["Tỉnh – văn bản", "Năm", "Mục tiêu", "Đơn vị"], height=340,
                                     show_label=False, elem_id="chart")
                g_table = gr.Dataframe(g_df, interactive=False, wrap=True, max_height=260,
                                       column_widths=[70, 80, 260, 120, 90])

            # ------------------------------------------------------------------ Nhiệm vụ & thời hạn
            with gr.Tab("Nhiệm vụ & thời hạn", id="tasks", elem_id="tab-tasks"):
                tasks0 = st.tasks_df()
                with gr.Row(elem_classes="filters"):
                    t_prov = gr.Dropdown(tables.province_choices(a.docs), value=tables.ALL, label="Tỉnh", min_width=140)
                    t_agency = gr.Dropdown(tables.agency_choices(tasks=a.tasks), value=tables.ALL,
                                           label="Cơ quan (chủ trì / phối hợp / thực hiện)", allow_custom_value=True,
                                           min_width=220)
                    t_status = gr.Dropdown([("Tất cả trạng thái", tables.ALL),
                                            *[(v, v) for v in tables.STATUS_LABELS.values()]],
                                           value=tables.ALL, label="Trạng thái", min_width=150)
                    t_query = gr.Textbox(label="Tìm nhiệm vụ", placeholder="vd: phổ cập, chuyển đổi số", min_width=180)
                t_count = gr.Markdown(_task_summary(tasks0, len(tasks0)), elem_classes="stat-line", elem_id="task-count")
                t_table = gr.Dataframe(_styled_tasks(tasks0), interactive=False, wrap=True, max_height=480,
                                       elem_id="task-table", column_widths=tables.TASK_WIDTHS)
                with gr.Row(elem_classes="filters"):
                    t_csv = gr.Button("⬇️ Xuất CSV", size="sm", elem_id="task-csv")
                    t_xlsx = gr.Button("⬇️ Xuất Excel", size="sm", elem_id="task-xlsx")
                t_file = gr.File(label="Tệp xuất (bảng đang lọc)", interactive=False, visible=False, elem_id="task-file")
                gr.Markdown("### Dòng thời gian hạn hoàn thành")
                t_plot = gr.ScatterPlot(tables.timeline_frame(tasks0), x="Hạn cuối", y="Nhiệm vụ", color="Trạng thái",
                                        color_map=tables.STATUS_COLORS, tooltip=["Nhiệm vụ", "Hạn cuối", "Trạng thái"],
                                        height=440, show_label=False, elem_id="timeline")

            # ------------------------------------------------------------------ Văn bản
            with gr.Tab("Văn bản", id="docs", elem_id="tab-docs"):
                d_table = gr.Dataframe(tables.doc_rows(a.docs), interactive=False, wrap=True, max_height=360,
                                       elem_id="doc-table", column_widths=tables.DOC_WIDTHS)
                gr.Markdown(f"### Thêm văn bản\nNhận tệp **.docx, .pdf, .html, .txt** (tối đa "
                            f"**{settings.max_file_mb:g} MB** mỗi tệp). Văn bản được đọc, tách chỉ tiêu và nhiệm vụ, "
                            "lập chỉ mục, rồi có thể hỏi ngay.")
                with gr.Row(elem_classes="wrap-row"):
                    upload = gr.File(file_count="multiple", file_types=UPLOAD_TYPES, label="Chọn tệp văn bản",
                                     elem_id="upload", min_width=280)
                    with gr.Column(min_width=260):
                        ingest_btn = gr.Button("📥 Nạp vào kho", variant="primary", elem_id="ingest")
                        up_status = gr.Markdown(elem_id="upload-status")
                gr.Markdown("### Xem văn bản")
                v_dd = gr.Dropdown(tables.doc_choices(a.docs)[1:], value=None, label="Văn bản", elem_id="doc-view-dd")
                v_html = gr.HTML(render.document_viewer(None, empty=DOC_VIEW_EMPTY), js_on_load=render.VIEWER_JS,
                                 elem_id="doc-view")

        # ====================================================================== events: chat
        def respond(message, history, province, doc, year, use_llm, answers_map):
            question = (message or "").strip()
            history = list(history or [])
            if not question:
                gr.Warning("Câu hỏi trống. Hãy nhập câu hỏi về chỉ tiêu, nhiệm vụ, thời hạn hoặc văn bản.",
                           title="Lưu ý")
                yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                return
            prior = plain_history(history)
            history += [{"role": "user", "content": render.esc_md(question)},
                        {"role": "assistant", "content": "⏳ Đang tìm trong văn bản…"}]
            yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            try:
                answer = st.answer(question, prior, province, doc, year)
            except QuestionError as exc:
                history[-1] = {"role": "assistant", "content": f"⚠️ {render.esc_md(exc)}"}
                yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                return
            except Exception as exc:  # keep the session alive and say what failed
                log.exception("answer failed")
                history[-1] = {"role": "assistant",
                               "content": f"⚠️ Lỗi khi trả lời: {render.esc_md(exc.__class__.__name__)}. "
                                          "Hãy thử lại hoặc hỏi cách khác."}
                yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                return
            if use_llm and settings.llm:
                # the LLM rewrites the grounded answer; stream_answer updates `answer` in place (text, mode, verdict)
                from assistant.llm import stream_answer

                try:
                    for text in stream_answer(a, answer):
                        history[-1] = {"role": "assistant", "content": render.esc_md(text) + " ▌"}
                        yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                except Exception as exc:  # the grounded answer stands
                    log.warning("LLM mode failed: %s", exc)
                d = answer.to_dict()
            else:
                d = answer.to_dict()
                for partial in progressive(d["answer"]):
                    history[-1] = {"role": "assistant", "content": render.esc_md(partial) + " ▌"}
                    yield "", history, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                    time.sleep(STREAM_DELAY)
            history[-1] = {"role": "assistant", "content": render.answer_markdown(d)}
            answers_map = {**(answers_map or {}), str(len(history) - 1): d}
            first = d["citations"][0]["n"] if d.get("citations") else None
            yield ("", history, render.source_cards(d),
                   gr.Dropdown(choices=render.citation_choices(d), value=first),
                   render.viewer_for_citation(d, first, a.docs_by_id), answers_map, d)

        chat_inputs = [msg, chatbot, f_prov, f_doc, f_year, llm, answers]
        chat_outputs = [msg, chatbot, cards, cite_dd, viewer, answers, current]
        for trigger in (msg.submit, send.click):
            trigger(respond, chat_inputs, chat_outputs, api_visibility=UI, concurrency_limit=4,
                    show_progress="minimal")

        def open_card(evt: gr.EventData, d):
            n = getattr(evt, "n", None) if evt is not None else None
            stamp = str(time.time_ns())  # a click on the same card scrolls to the cited lines again
            return render.viewer_for_citation(d, n, a.docs_by_id, stamp), (int(n) if n else gr.skip())

        cards.click(open_card, [current], [viewer, cite_dd], api_visibility=UI)
        cite_dd.input(lambda n, d: render.viewer_for_citation(d, n, a.docs_by_id, str(time.time_ns())),
                      [cite_dd, current], [viewer],
                      api_visibility=UI)

        def show_message_sources(evt: gr.SelectData, answers_map):
            idx = evt.index if isinstance(evt.index, int) else (evt.index[0] if evt.index else None)
            d = (answers_map or {}).get(str(idx))
            if not d:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            first = d["citations"][0]["n"] if d.get("citations") else None
            return (render.source_cards(d), gr.Dropdown(choices=render.citation_choices(d), value=first),
                    render.viewer_for_citation(d, first, a.docs_by_id), d)

        chatbot.select(show_message_sources, [answers], [cards, cite_dd, viewer, current], api_visibility=UI)

        def on_like(data: gr.LikeData, answers_map, province, doc, year):
            idx = data.index if isinstance(data.index, int) else (data.index[0] if data.index else None)
            d = (answers_map or {}).get(str(idx))
            if not d:
                gr.Warning("Chỉ đánh giá được câu trả lời của trợ lý.", title="Lưu ý")
                return
            liked = data.liked is True or (isinstance(data.liked, str) and data.liked.lower() == "like")
            st.feedback.add(d, liked, {"province": province or None, "doc": doc or None, "year": year or None})
            gr.Info("Cảm ơn! Đã ghi nhận đánh giá " + ("👍" if liked else "👎") + ".", title="Phản hồi")

        chatbot.like(on_like, [answers, f_prov, f_doc, f_year], None, api_visibility=UI)

        def new_chat():
            return ([], {}, None, render.source_cards(None), gr.Dropdown(choices=[], value=None),
                    render.document_viewer(None), "")

        clear.click(new_chat, None, [chatbot, answers, current, cards, cite_dd, viewer, msg], api_visibility=UI)

        # ====================================================================== events: indicators
        def ind_filter(province, year, agency, query):
            df = tables.filter_indicators(st.ind_df, province or "", year or "", agency or "", query or "")
            return df, f"**{len(df)}** / {len(st.ind_df)} dòng chỉ tiêu"

        i_inputs = [i_prov, i_year, i_agency, i_query]
        for comp in (i_prov, i_year, i_agency):
            comp.change(ind_filter, i_inputs, [i_table, i_count], api_visibility=UI)
        i_query.change(ind_filter, i_inputs, [i_table, i_count], api_visibility=UI, trigger_mode="always_last",
                       show_progress="hidden")

        def ind_export(kind):
            def run(province, year, agency, query):
                df = tables.filter_indicators(st.ind_df, province or "", year or "", agency or "", query or "")
                return gr.File(value=tables.export(df, "chi-tieu", kind), visible=True)
            return run

        i_csv.click(ind_export("csv"), i_inputs, [i_file], api_visibility=UI)
        i_xlsx.click(ind_export("xlsx"), i_inputs, [i_file], api_visibility=UI)

        def chart_for(key):
            df = tables.chart_frame(st.groups_by_key.get(key or ""), a.docs_by_id)
            return df, df

        g_dd.change(chart_for, [g_dd], [g_plot, g_table], api_visibility=UI)

        # ====================================================================== events: tasks
        def task_filter(province, agency, status, query):
            full = st.tasks_df()
            df = tables.filter_tasks(full, province or "", agency or "", status or "", query or "")
            return _styled_tasks(df), _task_summary(df, len(full)), tables.timeline_frame(df)

        t_inputs = [t_prov, t_agency, t_status, t_query]
        for comp in (t_prov, t_agency, t_status):
            comp.change(task_filter, t_inputs, [t_table, t_count, t_plot], api_visibility=UI)
        t_query.change(task_filter, t_inputs, [t_table, t_count, t_plot], api_visibility=UI,
                       trigger_mode="always_last", show_progress="hidden")

        def task_export(kind):
            def run(province, agency, status, query):
                df = tables.filter_tasks(st.tasks_df(), province or "", agency or "", status or "", query or "")
                return gr.File(value=tables.export(df, "nhiem-vu", kind), visible=True)
            return run

        t_csv.click(task_export("csv"), t_inputs, [t_file], api_visibility=UI)
        t_xlsx.click(task_export("xlsx"), t_inputs, [t_file], api_visibility=UI)

        # ====================================================================== events: documents
        def view_doc(doc_id):
            return render.document_viewer(a.docs_by_id.get(doc_id or ""), empty=DOC_VIEW_EMPTY)

        v_dd.change(view_doc, [v_dd], [v_html], api_visibility=UI)

        refresh_outputs = [header, d_table, f_prov, f_doc, f_year, i_prov, i_year, i_agency, i_table, i_count, g_dd,
                           t_prov, t_agency, v_dd]

        def refreshed() -> list[Any]:
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

        def do_ingest(files, progress=gr.Progress()):  # noqa: B008 (gradio injects progress this way)
            paths = [Path(f if isinstance(f, str) else getattr(f, "name", str(f))) for f in (files or [])]
            if not paths:
                return ["Chưa chọn tệp nào. Hãy chọn tệp .docx, .pdf, .html hoặc .txt.", gr.skip(),
                        *[gr.skip()] * len(refresh_outputs)]
            progress(0.0, desc="Đang kiểm tra tệp…")

            def on_progress(frac: float, message: str) -> None:
                progress(max(0.0, min(1.0, frac)), desc=message)

            def run_ingest(staged: list[Path], on_progress=None):
                from index.build import ingest

                with st.lock:
                    embedder = a.index.embedder or a.index._embedder()
                return ingest(staged, settings, embedder=embedder, progress=False, on_progress=on_progress)

            result = ingest_uploads(paths, settings, run_ingest, on_progress)
            if result.changed:
                progress(0.97, desc="Đang nạp lại chỉ mục…")
                with st.lock:
                    a.reload()
                    st.refresh()
            summary = summary_markdown(result, {d.doc_id: d.title for d in a.docs})
            if result.changed:
                return [summary, None, *refreshed()]
            return [summary, None, *[gr.skip()] * len(refresh_outputs)]

        # a page opened later sees documents uploaded since the app started, and today's deadline statuses
        demo.load(refreshed, None, refresh_outputs, api_visibility=UI, show_progress="hidden")
        demo.load(task_filter, t_inputs, [t_table, t_count, t_plot], api_visibility=UI, show_progress="hidden")

        ingest_btn.click(lambda: "⏳ Đang kiểm tra và nạp tệp…", None, [up_status], queue=False, api_visibility=UI
                         ).then(do_ingest, [upload], [up_status, upload, *refresh_outputs], api_visibility=UI,
                                concurrency_limit=1, concurrency_id="ingest")

        # ====================================================================== API for programs
        def ask(question: str, province: str = "", doc: str = "", year: int | None = None,
                history: list[str] | None = None) -> dict:
            """Hỏi trợ lý; trả về Answer.to_dict(): question, status, answer, citations, facts, timings_ms…

            province/doc/year lọc phạm vi (để trống = tất cả); history là các câu hỏi trước (hỏi tiếp).
            """
            try:
                return st.ask(question, list(history or []), province, doc, year)
            except QuestionError as exc:
                raise gr.Error(str(exc)) from exc

        gr.api(ask, api_name="ask", concurrency_limit=4)

    _set_launch_defaults(demo, settings)
    demo.kehoach_state = st  # for tests and embedding: the shared state behind the app
    return demo


def _set_launch_defaults(demo: gr.Blocks, settings: Settings) -> None:
    """Make demo.launch() use the app's CSS, theme, host and upload limit unless the caller overrides them."""
    original = demo.launch
    defaults = {"css": CSS, "head": HEAD, "theme": gr.themes.Soft(primary_hue="blue"), "server_name": settings.host,
                "max_file_size": settings.max_file_bytes, "footer_links": ["api", "settings"]}

    def launch_with_defaults(*args: Any, **kwargs: Any):
        for key, value in defaults.items():
            kwargs.setdefault(key, value)
        return original(*args, **kwargs)

    demo.launch = launch_with_defaults  # type: ignore[method-assign]


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
    demo.launch(server_name=settings.host, server_port=settings.port, share=share, auth=auth,
                auth_message="Đăng nhập để dùng Trợ lý Kế hoạch." if auth else None, **kwargs)
    return demo
