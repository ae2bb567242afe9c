"""Reports: an answer or a whole conversation as a DOCX (python-docx) or clean text, citations renumbered once.

Citations are numbered across the whole report (the same source span keeps one number), every source
is listed once at the end with the document's full title, locator, line span and quote, ready to paste
into an official's report.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

_CITE = re.compile(r"\[(\d+)\]")


def plain_text(markdown: str) -> str:
    """Markdown of an answer as plain text (bold/italic markers and escapes removed)."""
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", markdown or "")
    text = re.sub(r"(?<!\w)_(.+?)_(?!\w)", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)
    return text.strip()


def _line_span(lines: list[int]) -> str:
    start, end = (list(lines or []) + [0, 0])[:2]
    return f"dòng {start}" if start == end else f"dòng {start}–{end}"


class Numbering:
    """Global citation numbers: (doc_id, lines, locator) → n, in order of first use."""

    def __init__(self) -> None:
        self.sources: list[dict[str, Any]] = []
        self._by_key: dict[tuple, int] = {}

    def number(self, cite: dict[str, Any]) -> int:
        key = (cite.get("doc_id"), tuple(cite.get("lines") or []), cite.get("locator"))
        if key not in self._by_key:
            self.sources.append(cite)
            self._by_key[key] = len(self.sources)
        return self._by_key[key]

    def renumber(self, answer: dict[str, Any]) -> str:
        """The answer's text with its local [n] replaced by the report's numbers."""
        local = {int(c["n"]): self.number(c) for c in answer.get("citations") or []}
        return _CITE.sub(lambda m: f"[{local.get(int(m.group(1)), m.group(1))}]", plain_text(answer.get("answer", "")))


def source_line(n: int, cite: dict[str, Any], full_titles: dict[str, str] | None = None) -> str:
    title = (full_titles or {}).get(cite.get("doc_id", ""), "") or cite.get("title", "")
    parts = [f"[{n}] {title}"]
    if cite.get("locator"):
        parts.append(str(cite["locator"]))
    parts.append(_line_span(cite.get("lines") or []))
    return " — ".join(parts)


def conversation_text(turns: list[dict[str, Any]], full_titles: dict[str, str] | None = None) -> str:
    """Clean text of the turns (each an Answer dict): questions, answers with numbers, then the sources."""
    num = Numbering()
    out = []
    for i, d in enumerate(turns, 1):
        out.append(f"Câu hỏi {i}: {d.get('question', '')}")
        out.append(num.renumber(d))
        out.append("")
    if num.sources:
        out.append("Nguồn trích dẫn:")
        for n, c in enumerate(num.sources, 1):
            out.append(source_line(n, c, full_titles))
            if c.get("quote"):
                out.append(f"    «{c['quote']}»")
    return "\n".join(out).strip() + "\n"


def conversation_docx(turns: list[dict[str, Any]], path: Path, full_titles: dict[str, str] | None = None,
                      filters: str = "") -> Path:
    """Write the DOCX report of the turns to path."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.core_properties.title = "Báo cáo hỏi đáp — Trợ lý Kế hoạch"
    doc.core_properties.language = "vi-VN"
    doc.add_heading("BÁO CÁO HỎI ĐÁP VỀ KẾ HOẠCH", level=1)
    meta = doc.add_paragraph()
    meta.add_run(f"Lập ngày {datetime.now():%d/%m/%Y} bằng Trợ lý Kế hoạch. ").italic = True
    meta.add_run("Số liệu trích nguyên văn từ các văn bản nêu ở mục Nguồn trích dẫn.").italic = True
    if filters:
        doc.add_paragraph(f"Phạm vi: {filters}.")
    num = Numbering()
    for i, d in enumerate(turns, 1):
        doc.add_heading(f"Câu hỏi {i}: {d.get('question', '')}", level=2)
        for para in num.renumber(d).split("\n"):
            if para.strip():
                doc.add_paragraph(para.strip())
    if num.sources:
        doc.add_heading("Nguồn trích dẫn", level=2)
        for n, c in enumerate(num.sources, 1):
            p = doc.add_paragraph()
            p.add_run(source_line(n, c, full_titles))
            if c.get("quote"):
                q = p.add_run(f"\n«{c['quote']}»")
                q.italic = True
    doc.save(str(path))
    return path


def export_docx(turns: list[dict[str, Any]], full_titles: dict[str, str] | None = None, stem: str = "bao-cao") -> str:
    out_dir = Path(tempfile.mkdtemp(prefix="kehoach-report-"))
    path = out_dir / f"{stem}-{datetime.now():%Y%m%d-%H%M}.docx"
    conversation_docx(turns, path, full_titles)
    return str(path)
