"""HTML and Markdown for the chat: answers, source cards and the document viewer.

Every piece of document text is escaped before it is put into HTML (documents may carry markup
such as <script> or <img onerror=…>); the only tags in the output are the ones written here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
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
def line_span(lines: list[int] | tuple[int, int]) -> str:
    start, end = (list(lines) + [0, 0])[:2]
    return f"dòng {start} của văn bản" if start == end else f"dòng {start}–{end} của văn bản"


def answer_markdown(answer: dict[str, Any], text: str | None = None) -> str:
    """The chat message of an answer: its (escaped) text and a short list of sources."""
    body = esc_md(answer.get("answer", "") if text is None else text)
    if answer.get("status") != "answered":
        body = "ℹ️ " + body
    cites = answer.get("citations") or []
    if cites:
        items = [f"[{c['n']}] {esc_md(_short(c['title'], 90))} — {esc_md(c['locator'])} ({line_span(c['lines'])})"
                 for c in cites]
        body += "\n\n**Nguồn:**\n" + "\n".join(f"- {i}" for i in items)
    if answer.get("mode") == "llm":
        body += "\n\n_Diễn đạt bởi mô hình ngôn ngữ; số liệu đối chiếu theo nguồn trích dẫn._"
    return body


def _short(text: str, n: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def citation_choices(answer: dict[str, Any] | None) -> list[tuple[str, int]]:
    """Dropdown choices (label, n) for the citations of an answer."""
    return [(f"[{c['n']}] {_short(c['title'], 60)} — {line_span(c['lines'])}", int(c["n"]))
            for c in (answer or {}).get("citations") or []]


# --- source cards ------------------------------------------------------------------------
def source_cards(answer: dict[str, Any] | None) -> str:
    """One card per citation: title, locator, line span, the quote with the cited value marked."""
    if not answer:
        return '<div class="src-empty">Nguồn trích dẫn của câu trả lời sẽ hiện ở đây.</div>'
    cites = answer.get("citations") or []
    if not cites:
        return '<div class="src-empty">Câu trả lời này không có nguồn trích dẫn.</div>'
    cards = []
    for c in cites:
        n = int(c["n"])
        quote = highlight(c.get("quote", ""), citation_values(answer, n))
        cards.append(
            f'<div class="src-card" data-n="{n}">'
            f'<div class="src-head"><span class="src-n">[{n}]</span> <span class="src-title">{esc(c["title"])}</span></div>'
            f'<div class="src-loc">{esc(c["locator"])} · {line_span(c["lines"])} · <code>{esc(c["doc_id"])}</code></div>'
            f'<blockquote class="src-quote">{quote}</blockquote>'
            f'<button type="button" class="src-open" data-open="{n}">📄 Mở văn bản tại dòng {c["lines"][0]}</button>'
            "</div>"
        )
    return f'<div class="src-cards">{"".join(cards)}</div>'


# JS for the cards panel: a click on «Mở văn bản» triggers the HTML component's click event with the number
CARDS_JS = """
element.addEventListener('click', (e) => {
  const b = e.target.closest('[data-open]');
  if (b) { trigger('click', {n: Number(b.dataset.open)}); }
});
watch('value', () => { const list = element.querySelector('.src-cards'); if (list) { list.scrollTop = 0; } });
"""

# JS for the viewer: keep the cited lines in view whenever the viewer changes
VIEWER_JS = """
const scrollToCited = () => {
  const box = element.querySelector('.doc-lines');
  const hit = element.querySelector('.ln.cited');
  if (box && hit) { box.scrollTop = Math.max(0, hit.offsetTop - 60); }
};
scrollToCited();
watch('value', scrollToCited);
"""


# --- document viewer ---------------------------------------------------------------------
def _line_html(no: int, text: str, cited: bool, values: list[str]) -> str:
    body = highlight(text, values) if cited and values else esc(text)
    body = body.replace("\t", '<span class="tab"> │ </span>') or "&nbsp;"
    cls = "ln cited" if cited else "ln"
    return f'<div class="{cls}" id="L{no}"><span class="no">{no}</span><span class="tx">{body}</span></div>'


def document_meta_html(doc: Document) -> str:
    fields = [("Số hiệu", doc.so_hieu), ("Ngày", doc.date_issued), ("Cơ quan", doc.issuer),
              ("Tỉnh", doc.province), ("Mã", doc.doc_id)]
    meta = " · ".join(f"{k}: {esc(v)}" for k, v in fields if v)
    return f'<div class="doc-title">{esc(doc.title)}</div><div class="doc-meta">{meta}</div>'


EMPTY_VIEWER = ("Chọn một nguồn (nút «Mở văn bản» trên thẻ nguồn) để xem văn bản gốc "
                "tại đúng dòng được trích dẫn.")


def document_viewer(doc: Document | None, start: int = 0, end: int = 0, values: list[str] | None = None,
                    locator: str = "", context: int = VIEWER_CONTEXT, empty: str = EMPTY_VIEWER,
                    stamp: str = "") -> str:
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
    where = f"Trích dẫn: {esc(locator)} · {line_span([start, end])}" if start > 0 else "Phần đầu văn bản"
    shown = f"Hiển thị dòng {lo}–{hi} / {total}"
    return (f'<div class="doc-viewer" data-stamp="{esc(stamp)}">{document_meta_html(doc)}'
            f'<div class="doc-where">{where} <span class="doc-shown">({shown})</span></div>'
            f'<div class="doc-lines">{"".join(rows)}</div></div>')


def viewer_for_citation(answer: dict[str, Any] | None, n: int | None, docs_by_id: dict[str, Document],
                        stamp: str = "") -> str:
    """The viewer opened at citation n of an answer (or the empty viewer)."""
    for c in (answer or {}).get("citations") or []:
        if n is not None and int(c["n"]) == int(n):
            doc = docs_by_id.get(c["doc_id"])
            if doc is None:
                return ('<div class="doc-viewer"><div class="src-empty">Văn bản «' + esc(c["doc_id"])
                        + "» không còn trong kho.</div></div>")
            start, end = (list(c["lines"]) + [0, 0])[:2]
            return document_viewer(doc, int(start), int(end), citation_values(answer, int(n)), c.get("locator", ""),
                                   stamp=stamp)
    return document_viewer(None)
