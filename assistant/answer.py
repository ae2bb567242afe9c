"""The answer contract: Answer and Citation dataclasses, and the citation builder."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from corpus.pages import page_of
from corpus.records import Document

NOT_FOUND = "Không tìm thấy trong văn bản"


@dataclass
class Citation:
    n: int
    doc_id: str
    title: str
    locator: str
    lines: list[int]
    quote: str


@dataclass
class Answer:
    """One answer; to_dict() is the JSON contract of `kehoach ask --json`."""

    question: str
    status: str  # answered | not_found | ambiguous
    answer: str
    citations: list[Citation] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "grounded"  # grounded | llm
    note: str = ""
    analysis: dict[str, Any] = field(default_factory=dict)
    path: str = ""  # the answerer that answered (value, agency, list, passages, …)
    confidence: float | None = None  # calibrated probability that the chosen record answers, when one was chosen

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "citations": [asdict(c) for c in self.citations],
            "facts": self.facts,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "mode": self.mode,
            "note": self.note,
            "analysis": self.analysis,
            "path": self.path,
            "confidence": None if self.confidence is None else round(self.confidence, 3),
        }


def quote_lines(doc: Document, start: int, end: int) -> str:
    """Source text of a line span as one line (table cells joined with ' | ')."""
    text = " ".join(doc.lines[start - 1 : end])
    text = re.sub(r"\t+", " | ", text)
    return re.sub(r"\s+", " ", text).strip(" |")


class Citations:
    """Numbers citations in order of first use; the same source span gets the same number."""

    def __init__(self, docs: dict[str, Document]):
        self.docs = docs
        self.items: list[Citation] = []
        self._by_key: dict[tuple[str, int, int, str], int] = {}

    def cite(self, doc_id: str, locator: str, start: int, end: int, quote: str | None = None) -> int:
        key = (doc_id, start, end, quote or "")
        if key in self._by_key:
            return self._by_key[key]
        doc = self.docs[doc_id]
        n = len(self.items) + 1
        page = page_of(doc, start)
        if page is not None and "trang " not in locator:
            locator = f"{locator}, trang {page}" if locator else f"trang {page}"
        self.items.append(Citation(n, doc_id, doc.title, locator, [start, end], quote or quote_lines(doc, start, end)))
        self._by_key[key] = n
        return n
