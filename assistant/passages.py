"""Extractive answers: the sentences of the best passages that answer an open question, quoted."""

from __future__ import annotations

import re

from assistant.analysis import Analysis
from assistant.answer import Citations
from assistant.matching import Scorer
from assistant.structured import Reply, doc_label
from corpus.records import Document
from corpus.textnorm import fold
from index.chunking import split_sentences
from index.retrieve import Filters, Hit, Index

SENTENCE_MATCH = 0.5
MAX_SENTENCES = 4


def _body(hit: Hit) -> tuple[str, str]:
    """(section header, passage text) of a prose chunk (its first lines repeat the context)."""
    parts = hit.text.split("\n")
    if hit.metadata.get("kind") == "prose" and len(parts) >= 3:
        return parts[1], " ".join(parts[2:])
    return hit.metadata.get("locator", ""), " ".join(parts[1:]) if len(parts) > 1 else hit.text


def _line_of(doc: Document, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Lines of the chunk where the sentence begins and ends."""
    head = fold(sentence[:40])
    tail = fold(sentence[-30:])
    first = last = None
    for n in range(start, end + 1):
        fl = fold(doc.lines[n - 1])
        if first is None and head[:25] in fl:
            first = n
        if first is not None and tail[-20:] in fl:
            last = n
            break
    first = first or start
    return first, max(first, last or first)


def _year_ok(a: Analysis, sentence: str, header: str) -> bool:
    if not a.years:
        return True
    text = f"{sentence} {header}"
    for y in a.years:
        if str(y) in text:
            return True
        for lo, hi in re.findall(r"(20\d\d)\s*[-–]\s*(20\d\d)", text):
            if int(lo) <= y <= int(hi):
                return True
    return False


def extract(a: Analysis, index: Index, c: Citations, scope: list[str] | None, scorer: Scorer,
            want_number: bool = False) -> Reply:
    """Quote the sentences (from the top passages in scope) that cover the question's topic."""
    filters = Filters(doc_ids=scope or None, kinds=["prose", "document", "task"])
    hits = index.search(a.question + " " + " ".join(a.topic), k=8, filters=filters)
    candidates: list[tuple[float, str, str, Hit]] = []
    for hit in hits:
        header, body = _body(hit)
        for sent in split_sentences(body):
            candidates.append((0.0, sent, header, hit))
    if not candidates:
        return Reply("not_found", [], [])
    scored = []
    for rank, (_, sent, header, hit) in enumerate(candidates):
        if len(sent.strip()) < 30 or fold(sent).strip(" .:") in fold(header):
            continue  # a heading, not a statement
        cov = scorer.coverage(a.topic, f"{sent} {header}") if a.topic else 0.0
        if want_number and not re.search(r"\d", sent):
            continue
        if not _year_ok(a, sent, header):
            continue
        scored.append((cov - rank * 0.001, sent, header, hit))
    scored.sort(key=lambda x: -x[0])
    lines, facts, used = [], [], set()
    for score, sent, _header, hit in scored:
        if score < SENTENCE_MATCH or len(lines) >= MAX_SENTENCES:
            break
        key = (hit.id, sent)
        if key in used:
            continue
        used.add(key)
        doc = index.docs_by_id[hit.metadata["doc_id"]]
        start, end = _line_of(doc, sent, hit.metadata["line_start"], hit.metadata["line_end"])
        n = c.cite(doc.doc_id, hit.metadata.get("locator", ""), start, end, quote=sent.strip())
        lines.append(f"- {doc_label(doc)} ({hit.metadata.get('locator', '')[:120]}): «{sent.strip()}» [{n}]")
        facts.append({"type": "passage", "doc_id": doc.doc_id, "province": doc.province, "quote": sent.strip(),
                      "locator": hit.metadata.get("locator"), "citation": n, "score": round(score, 3)})
    return Reply("answered" if lines else "not_found", lines, facts)
