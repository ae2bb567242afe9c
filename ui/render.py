"""HTML and Markdown for the chat: answers, source cards and the document viewer.

Every piece of document text is escaped before it is put into HTML (documents may carry markup
such as <script> or <img onerror=…>); the only tags in the output are the ones written here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from corpus.records import Document

VIEWER_CONTEXT = 150  # lines shown before and after the cited span
HIGHLIGHT_KEYS = ("value", "values", "deadline", "lead")
MAX_HIGHLIGHT_CHARS = 120


def esc(text: Any) -> str:
    """Escape text for HTML; also neutralise the template markers gr.HTML may interpret (${…}, {{…}})."""
    out = html.escape("" if text is None else str(text), quote=True)
    return out.replace("$", "&#36;").replace("{", "&#123;").replace("}", "&#125;")


def esc_md(text: Any) -> str:
    """Escape document text for the Markdown of a chat message (no raw HTML can get through)."""
    return html.escape("" if text is None else str(text), quote=False)


def fault_banner(problems: Iterable[str]) -> str:
    """The banner shown above every tab when the index is damaged ('' when there is no problem)."""
    problems = [p for p in dict.fromkeys(problems) if p]
    if not problems:
        return ""
    items = "".join(f"<li>{esc(p)}</li>" for p in problems)
    return ('<div id="fault-banner" role="alert"><strong>⚠️ Chỉ mục văn bản đang gặp sự cố.</strong>'
            f"<ul>{items}</ul>Trợ lý vẫn trả lời từ bản dự phòng gần nhất còn tốt, nên có thể thiếu những văn bản "
            "thêm gần đây. Người quản trị hãy chạy <code>kehoach doctor --repair</code> trên máy chủ để kiểm tra "
            "và dựng lại chỉ mục (không mất văn bản nào), rồi tải lại trang.</div>")


CHANGE_ACTIONS = {"add": "Thêm", "replace": "Thay thế", "remove": "Xóa", "undo": "Hoàn tác", "recover": "Khôi phục",
                  "quarantine": "Cách ly"}


def change_log(entries: list[dict], last: int = 10) -> str:
    """The newest entries of the change log as Markdown (newest first; document text escaped)."""
    if not entries:
        return "Chưa có thay đổi nào."
    lines = []
    for e in reversed(entries[-last:]):
        when = str(e.get("time", ""))
        when = f"{when[8:10]}/{when[5:7]}/{when[0:4]} {when[11:16]}" if len(when) >= 16 else when
        action = CHANGE_ACTIONS.get(str(e.get("action")), esc_md(e.get("action")))
        note = " (bằng nút hoàn tác)" if "undo_of" in e else ""
        lines.append(f"- {esc_md(when)} — **{action}** `{esc_md(e.get('doc_id', ''))}`{note} · {esc_md(e.get('who', ''))}")
    return "\n".join(lines)


# --- highlighting ------------------------------------------------------------------------
def citation_values(answer: dict[str, Any], n: int) -> list[str]:
    """The values an answer took from citation n (targets, deadlines, agencies), longest first."""
    values: list[str] = []
    for fact in answer.get("facts") or []:
        if fact.get("citation") != n:
            continue
        for key in HIGHLIGHT_KEYS:
            if key == "lead" and fact.get("type") not in {"agency", "task"}:
                continue
            v = fact.get(key)
            items = v if isinstance(v, list) else [v]
            for item in items:
                if isinstance(item, str) and item.strip() and item.strip() != "-" and len(item) <= MAX_HIGHLIGHT_CHARS:
                    values.append(item.strip())
    return sorted(set(values), key=len, reverse=True)


def _value_pattern(value: str) -> re.Pattern[str]:
    # whitespace-tolerant: "≥ 0,85" also matches "≥0,85" and "≥  0,85"; a number is not matched inside a longer one
    parts = [re.escape(p) for p in re.sub(r"(?<=[<>≤≥=])(?=\S)", " ", value).split()]
    body = r"\s*".join(parts)
    lead = r"(?<![\d,.])" if value[:1].isdigit() else ""
    tail = r"(?![\d])" if value[-1:].isdigit() else ""
    return re.compile(lead + body + tail, re.IGNORECASE)


def highlight_spans(text: str, values: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of text where one of the values occurs."""
    spans: list[tuple[int, int]] = []
    for value in values:
        for m in _value_pattern(value).finditer(text):
            if m.end() > m.start() and not any(m.start() < e and s < m.end() for s, e in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def highlight(text: str, values: Iterable[str]) -> str:
    """Escaped text with every occurrence of the values wrapped in <mark>."""
    out, pos = [], 0
    for start, end in highlight_spans(text, values):
        out.append(esc(text[pos:start]))
        out.append(f"<mark>{esc(text[start:end])}</mark>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


# --- chat message ------------------------------------------------------------------------
_CITE = re.compile(r"\[(\d+)\]")
_ROW_WORD = re.compile(r"\bdòng (\d+)")
# the assistant's own filter sentence; the UI shows the filters as a bar with a one-click drop instead
_FILTER_NOTE = re.compile(r"^\s*_?\(?(?:Trả lời theo bộ lọc|Đã áp dụng bộ lọc)[^\n]*$", re.MULTILINE)
TASK_TABLE_COLUMNS = ["Mã", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Hạn", "Trạng thái"]
STATUS_VI = {"overdue": "Quá hạn", "due_soon": "Sắp đến hạn", "upcoming": "Còn hạn", "recurring": "Thường xuyên",
             "unknown": "Chưa rõ hạn"}


def line_span(lines: list[int] | tuple[int, int]) -> str:
    """The one line-number scheme of the app: lines of the cleaned document ('dòng 35' / 'dòng 35–37')."""
    start, end = (list(lines) + [0, 0])[:2]
    return f"dòng {start}" if start == end else f"dòng {start}–{end}"


def locator_text(locator: str) -> str:
    """A locator without a second line-number scheme: a table row is a 'hàng', never a 'dòng'."""
    return _ROW_WORD.sub(r"hàng \1", locator or "")


def one_line_scheme(text: str) -> str:
    """Answer text with one line-number scheme: 'dòng' is a line of the document, a table row code is a 'hàng'
    ('…, dòng 4.6 (I. Đến năm 2030), dòng 50–50' → '…, hàng 4.6 (I. Đến năm 2030), dòng 50')."""
    text = re.sub(r"\bdòng (\d+)–\1\b", r"dòng \1", text)
    return re.sub(r"([,;]) dòng ([\d.]+) \(", r"\1 hàng \2 (", text)


def dmy(iso: Any) -> str:
    """'2025-12-31' → '31/12/2025' (anything else unchanged)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(iso or "").strip())
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else str(iso or "")


def cite_chips(escaped: str, msg: int | None) -> str:
    """[n] in escaped answer text → a chip that opens source n of message msg in the viewer."""
    if msg is None:
        return escaped
    return _CITE.sub(lambda m: (f'<a class="cite-chip" href="#cite-{msg}-{m.group(1)}" data-msg="{msg}" '
                                f'data-n="{m.group(1)}" title="Mở nguồn [{m.group(1)}] trong văn bản gốc">'
                                f"[{m.group(1)}]</a>"), escaped)


def _doc_code(doc_id: str, docs_by_id: dict[str, Any] | None) -> str:
    doc = (docs_by_id or {}).get(doc_id)
    return (getattr(doc, "so_hieu", "") or "") if doc is not None else ""


def headline(answer: dict[str, Any], docs_by_id: dict[str, Any] | None = None) -> str:
    """The asked fact first, in bold: value, year, province, document số hiệu (Markdown, escaped)."""
    facts = answer.get("facts") or []
    targets = [f for f in facts if f.get("type") == "target" and f.get("value")]
    if targets and len(targets) <= 6:
        parts = []
        for f in targets:
            where = " · ".join(x for x in (str(f.get("year") or f.get("period") or ""), f.get("province") or "",
                                           _doc_code(f.get("doc_id", ""), docs_by_id)) if x)
            parts.append(f"**{esc_md(f['value'])}**" + (f" ({esc_md(where)})" if where else "")
                         + (f" [{f['citation']}]" if f.get("citation") else ""))
        return "Kết quả: " + " · ".join(parts)
    agencies = [f for f in facts if f.get("type") == "agency" and f.get("lead")]
    if agencies and len(agencies) <= 4:
        parts = [f"**{esc_md(f['lead'])}**" + (f" ({esc_md(f.get('province') or '')})" if f.get("province") else "")
                 + (f" [{f['citation']}]" if f.get("citation") else "") for f in agencies]
        return "Cơ quan chủ trì: " + " · ".join(parts)
    docfacts = [f for f in facts if f.get("type") == "document" and f.get("value")]
    if len(docfacts) == 1:
        f = docfacts[0]
        return f"Kết quả: **{esc_md(f['value'])}**" + (f" [{f['citation']}]" if f.get("citation") else "")
    return ""


def task_status(fact: dict[str, Any], today: Any) -> str:
    if fact.get("recurring"):
        return STATUS_VI["recurring"]
    end = fact.get("due_end")
    if not end or today is None:
        return STATUS_VI["unknown"]
    days = (date.fromisoformat(end) - today).days
    return STATUS_VI["overdue" if days < 0 else "due_soon" if days <= 30 else "upcoming"]


def _cell(text: Any, n: int = 160) -> str:
    s = re.sub(r"\s+", " ", str(text or "")).strip()
    s = s if len(s) <= n else s[: n - 1].rstrip() + "…"
    return esc_md(s).replace("|", "\\|") or "—"


def task_table(facts: list[dict[str, Any]], today: Any = None) -> str:
    """Task facts as a Markdown table (Mã, Nhiệm vụ, Chủ trì, Phối hợp, Hạn, Trạng thái)."""
    rows = ["| " + " | ".join(TASK_TABLE_COLUMNS) + " |", "|" + "---|" * len(TASK_TABLE_COLUMNS)]
    for f in facts:
        due = f.get("deadline") or ""
        if f.get("due_end") and not f.get("recurring"):
            due = f"{dmy(f['due_end'])}"
        code = f"{_cell(f.get('code'), 12)} [{f['citation']}]" if f.get("citation") else _cell(f.get("code"), 12)
        rows.append("| " + " | ".join([code, _cell(f.get("title"), 140), _cell(f.get("lead") or f.get("responsible"), 90),
                                       _cell(f.get("partners"), 90), _cell(due, 40), task_status(f, today)]) + " |")
    return "\n".join(rows)


def filters_line(filters: list[str] | None, msg: int | None) -> str:
    """The filters an answer was made under, with the one-click link that asks again without them."""
    if not filters:
        return ""
    pills = " ".join(f'<span class="filter-pill">{esc(f)}</span>' for f in filters)
    link = (f' <a class="drop-filters" href="#unfilter-{msg}" data-msg="{msg}">✕ Bỏ bộ lọc và hỏi lại</a>'
            if msg is not None else "")
    return f'<span class="filter-line">Bộ lọc đang áp dụng: {pills}{link}</span>'


def answer_markdown(answer: dict[str, Any], text: str | None = None, msg: int | None = None,
                    docs_by_id: dict[str, Any] | None = None, today: Any = None) -> str:
    """The chat message of an answer: the asked fact first, the (escaped) text with [n] chips, task lists as
    a table, the filters it was made under. Sources are not repeated here: they are the cards beside it."""
    raw = answer.get("answer", "") if text is None else text
    raw = one_line_scheme(_FILTER_NOTE.sub("", raw).rstrip())
    facts = answer.get("facts") or []
    tasks = [f for f in facts if f.get("type") == "task"]
    top = headline(answer, docs_by_id) if answer.get("status") == "answered" else ""
    if answer.get("status") == "not_found" and "\n" in raw and (answer.get("facts") or []):
        # "not found with the filter; without it: …" — the sentence first, then the fact found without the filter
        lead, rest = raw.split("\n", 1)
        found = headline(answer, docs_by_id)
        if found:
            raw = rest
            top = esc_md(lead) + "\n\n" + found
    if len(tasks) >= 2:
        # the per-task lines become one table; the sentences around them stay
        keep = [ln for ln in raw.split("\n") if not re.match(r"^\s*[-•]\s", ln)]
        body = esc_md("\n".join(keep).strip()) + "\n\n" + task_table(tasks, today)
    else:
        body = esc_md(raw)
    parts = [p for p in (top, body) if p]
    out = cite_chips("\n\n".join(parts), msg)
    line = filters_line(answer.get("ui_filters"), msg)
    if line:
        out += "\n\n" + line
    if answer.get("mode") == "llm":
        out += "\n\n_Diễn đạt bởi mô hình ngôn ngữ; số liệu đối chiếu theo nguồn trích dẫn._"
    return out


def _short(text: str, n: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def citation_choices(answer: dict[str, Any] | None) -> list[tuple[str, int]]:
    """Dropdown choices (label, n) for the citations of an answer."""
    return [(f"[{c['n']}] {_short(c['title'], 60)} — {line_span(c['lines'])}", int(c["n"]))
            for c in (answer or {}).get("citations") or []]


# --- source cards ------------------------------------------------------------------------
# icons ship with the app as inline SVG (no emoji font needed); stroke follows the text colour
ICONS = {
    "open": '<path d="M14 3h7v7M21 3l-9 9M19 14v5a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2h5"/>',
    "doc": '<path d="M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z"/><path d="M14 2v6h6M8 13h8M8 17h8"/>',
    "filter": '<path d="M3 4h18l-7 8v6l-4 2v-8z"/>',
    "book": '<path d="M4 19.5A2.5 2.5 0 0 1 6.5 17H20V3H6.5A2.5 2.5 0 0 0 4 5.5z"/><path d="M4 19.5V21h16"/>',
}


def icon(name: str, size: int = 16) -> str:
    return (f'<svg class="ico" width="{size}" height="{size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
            f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">{ICONS[name]}</svg>')


def source_cards(answer: dict[str, Any] | None, selected: int | None = None) -> str:
    """One card per citation: full title, locator, line span, the quote with the cited value marked.

    The head names the question the sources belong to (the selected message of the chat)."""
    if not answer:
        return '<div class="src-empty">Nguồn trích dẫn của câu trả lời sẽ hiện ở đây.</div>'
    head = (f'<div class="src-for">Nguồn của câu hỏi: «{esc(_short(answer.get("question", ""), 120))}»</div>'
            if answer.get("question") else "")
    cites = answer.get("citations") or []
    if not cites:
        return head + '<div class="src-empty">Câu trả lời này không có nguồn trích dẫn.</div>'
    cards = []
    for c in cites:
        n = int(c["n"])
        quote = highlight(c.get("quote", ""), citation_values(answer, n))
        cls = "src-card selected" if selected is not None and int(selected) == n else "src-card"
        cards.append(
            f'<div class="{cls}" data-n="{n}" id="src-{n}">'
            f'<div class="src-head"><span class="src-n">[{n}]</span> <span class="src-title">{esc(c["title"])}</span></div>'
            f'<div class="src-loc">{esc(locator_text(c["locator"]))} · {line_span(c["lines"])} · '
            f'<code>{esc(c["doc_id"])}</code></div>'
            f'<blockquote class="src-quote">{quote}</blockquote>'
            f'<button type="button" class="src-open" data-open="{n}">{icon("open")} Mở văn bản tại '
            f'{line_span(c["lines"])}</button>'
            "</div>"
        )
    return f'{head}<div class="src-cards">{"".join(cards)}</div>'


# JS for the cards panel. A click on «Mở văn bản» — or on a [n] chip / «Bỏ bộ lọc» link in any chat message —
# triggers this HTML component's click event with {n, msg} / {action}; the selected message is marked.
CARDS_JS = r"""
element.addEventListener('click', (e) => {
  const b = e.target.closest('[data-open]');
  if (b) { trigger('click', {n: Number(b.dataset.open), msg: -1}); }
});
const markMessage = (a) => {
  document.querySelectorAll('#chatbot .msg-selected').forEach((m) => m.classList.remove('msg-selected'));
  const box = a.closest('[data-testid=bot]') || a.closest('.message');
  if (box) { box.classList.add('msg-selected'); }
};
document.addEventListener('click', (e) => {
  const chip = e.target.closest && e.target.closest('#chatbot a.cite-chip');
  if (chip) {
    e.preventDefault(); e.stopPropagation(); markMessage(chip);
    const m = (chip.getAttribute('href') || '').match(/#cite-(\d+)-(\d+)/);
    if (m) { trigger('click', {n: Number(m[2]), msg: Number(m[1])}); }
    return;
  }
  const bot = e.target.closest && e.target.closest('#chatbot [data-testid=bot]');
  if (bot && !e.target.closest('button')) { markMessage(bot); }
  const drop = e.target.closest && e.target.closest('#chatbot a.drop-filters');
  if (drop) {
    e.preventDefault(); e.stopPropagation();
    const m = (drop.getAttribute('href') || '').match(/#unfilter-(\d+)/);
    trigger('click', {action: 'unfilter', msg: m ? Number(m[1]) : -1});
  }
}, true);
watch('value', () => { const list = element.querySelector('.src-cards'); if (list) { list.scrollTop = 0; } });
"""

# JS for the viewer: keep the cited lines in view whenever the viewer changes; a viewer opened on request
# (data-reveal) is also brought into the page's view (below the fold on a laptop, below the chat on a phone)
VIEWER_JS = """
const scrollToCited = () => {
  const box = element.querySelector('.doc-lines');
  const hit = element.querySelector('.ln.cited');
  if (box && hit) { box.scrollTop = Math.max(0, hit.offsetTop - 60); }
  const v = element.querySelector('.doc-viewer');
  if (v && v.dataset.reveal === '1') {
    requestAnimationFrame(() => {
      element.scrollIntoView({block: 'start', behavior: 'instant'});
      if (hit) { hit.scrollIntoView({block: 'center', behavior: 'instant'}); }
    });
  }
};
scrollToCited();
watch('value', () => setTimeout(scrollToCited, 0));
"""


# --- document viewer ---------------------------------------------------------------------
def _line_html(no: int, text: str, cited: bool, values: list[str]) -> str:
    body = highlight(text, values) if cited and values else esc(text)
    body = body.replace("\t", '<span class="tab"> │ </span>') or "&nbsp;"
    cls = "ln cited" if cited else "ln"
    return f'<div class="{cls}" id="L{no}"><span class="no">{no}</span><span class="tx">{body}</span></div>'


def document_meta_html(doc: Document) -> str:
    issued = str(doc.date_issued or "")
    issued = dmy(issued) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued) else (
        f"{issued[5:7]}/{issued[:4]}" if re.fullmatch(r"\d{4}-\d{2}", issued) else issued)
    fields = [("Số hiệu", doc.so_hieu), ("Ngày", issued), ("Cơ quan", doc.issuer),
              ("Tỉnh", doc.province), ("Mã", doc.doc_id)]
    meta = " · ".join(f"{k}: {esc(v)}" for k, v in fields if v)
    return f'<div class="doc-title">{esc(doc.title)}</div><div class="doc-meta">{meta}</div>'


EMPTY_VIEWER = ("Chọn một nguồn (nút «Mở văn bản» trên thẻ nguồn) để xem văn bản gốc "
                "tại đúng dòng được trích dẫn.")


def document_viewer(doc: Document | None, start: int = 0, end: int = 0, values: list[str] | None = None,
                    locator: str = "", context: int = VIEWER_CONTEXT, empty: str = EMPTY_VIEWER,
                    stamp: str = "", reveal: bool = False) -> str:
    """The document's clean lines with numbers, the cited span highlighted and scrolled into view.

    stamp (any text) makes re-opening the same span a new value, so the page scrolls to it again."""
    if doc is None:
        return f'<div class="doc-viewer"><div class="src-empty">{esc(empty)}</div></div>'
    total = len(doc.lines)
    if start <= 0:
        lo, hi = 1, min(total, 2 * context)
    else:
        lo, hi = max(1, start - context), min(total, max(end, start) + context)
    rows = [_line_html(i, doc.lines[i - 1], start <= i <= end and start > 0, values or []) for i in range(lo, hi + 1)]
    where = f"Trích dẫn: {esc(locator_text(locator))} · {line_span([start, end])}" if start > 0 else "Phần đầu văn bản"
    shown = f"Hiển thị dòng {lo}–{hi} / {total}"
    return (f'<div class="doc-viewer" data-stamp="{esc(stamp)}" data-reveal="{1 if reveal else 0}">'
            f'{document_meta_html(doc)}'
            f'<div class="doc-where">{where} <span class="doc-shown">({shown})</span></div>'
            f'<div class="doc-lines">{"".join(rows)}</div></div>')


def viewer_for_citation(answer: dict[str, Any] | None, n: int | None, docs_by_id: dict[str, Document],
                        stamp: str = "", reveal: bool = False) -> str:
    """The viewer opened at citation n of an answer (or the empty viewer)."""
    for c in (answer or {}).get("citations") or []:
        if n is not None and int(c["n"]) == int(n):
            doc = docs_by_id.get(c["doc_id"])
            if doc is None:
                return ('<div class="doc-viewer"><div class="src-empty">Văn bản «' + esc(c["doc_id"])
                        + "» không còn trong kho.</div></div>")
            start, end = (list(c["lines"]) + [0, 0])[:2]
            return document_viewer(doc, int(start), int(end), citation_values(answer, int(n)), c.get("locator", ""),
                                   stamp=stamp, reveal=reveal)
    return document_viewer(None)
