"""What a document implements or is based on: its "Căn cứ …" and "Xét …" lines and what its title implements."""

from __future__ import annotations

import re

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import Reply, doc_label, scope_docs
from corpus.records import Document
from corpus.textnorm import fold

# a reference to another document: its kind, then a number or code ("Nghị quyết số 71-NQ/TW", "Luật … số 72/2025/QH15")
_REFERENCE = re.compile(r"\b(?:nghi quyet|ke hoach|chi thi|ket luan|quyet dinh|chuong trinh|luat|nghi dinh|thong tu"
                        r"|de an|to trinh|cong van)\b[^.;]{0,80}?\d+[-/][a-z]", re.IGNORECASE)
_BASIS_LINE = re.compile(r"^\s*(?:can cu|xet|thuc hien|trien khai|theo de nghi)\b")
_IMPLEMENTS = re.compile(r"\b(?:thuc hien|trien khai|de thuc hien)\b")
HEAD_LINES = 60  # the basis of a document is stated before its body


# the steps of adopting a document that only its basis lines record (folded): the body that examined the draft
# ("Báo cáo thẩm tra của Ban …"), the one that submitted it ("Tờ trình của …")
_ADOPTION = r"\btham tra\b|\bto trinh\b"


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    step = a.intent == "agency" and re.search(_ADOPTION, a.folded)
    if a.intent != "basis" and not step:
        return None
    lines, facts = [], []
    for doc in scope_docs(a, ctx.docs):
        found = _ranked(a, doc, ctx)
        if step:  # "ban nào thẩm tra …": the basis lines that name that step
            found = [x for x in basis_lines(doc) if re.search(step.group(0), fold(x[2]))]
        for start, end, text in found:
            k = ctx.citations.cite(doc.doc_id, "Căn cứ / văn bản được thực hiện", start, end)
            lines.append(f"- {doc_label(doc)}: «{text}» [{k}]")
            facts.append({"type": "basis", "doc_id": doc.doc_id, "province": doc.province, "quote": text,
                          "citation": k, "line": start})
    if not lines:
        if step:
            return None  # an agency question the basis does not answer: the other answerers try
        return Reply("not_found", [], [], "văn bản không ghi căn cứ hay văn bản mà nó thực hiện.")
    return Reply("answered", lines, facts)


def basis_lines(doc: Document) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of every basis statement in the document's head, without repeats."""
    out, seen = [], set()
    head = doc.lines[:HEAD_LINES]
    n = 0
    while n < len(head):
        line = head[n].strip()
        folded = fold(line)
        if line and (_BASIS_LINE.match(folded) or (_IMPLEMENTS.search(folded) and _REFERENCE.search(folded))
                     or (n < 8 and _IMPLEMENTS.search(folded))):
            end = n
            # a statement wrapped over several lines (PDF): take it up to its end
            while (end + 1 < len(head) and head[end + 1].strip() and not head[end].rstrip().endswith((".", ";", ":"))
                   and not _BASIS_LINE.match(fold(head[end + 1])) and end - n < 3):
                end += 1
            text = re.sub(r"\s+", " ", " ".join(x.strip() for x in head[n:end + 1])).strip()
            if fold(text) not in seen and (_REFERENCE.search(fold(text)) or _BASIS_LINE.match(fold(text))):
                seen.add(fold(text))
                out.append((n + 1, end + 1, text))
            n = end + 1
            continue
        n += 1
    return out


# the kinds of document a basis refers to (Nghị định 30/2020/NĐ-CP and common practice), folded
_KINDS = ("nghi quyet", "ke hoach", "to trinh", "quyet dinh", "luat", "chi thi", "ket luan", "chuong trinh", "de an",
          "thong bao", "bao cao", "nghi dinh", "thong tu", "cong van")
# the words that introduce the document asked about, strongest first ("Theo kế hoạch …, căn cứ văn bản nào?")
_CUES = [re.compile(rf"\b(?:{cue})\b(.*)") for cue in (r"can cu|xet|dua (?:tren|vao)|tren co so",
                                                        r"thuc hien|trien khai|cu the hoa", r"theo")]


def _kind_of(text: str) -> str:
    """The kind of the first document a basis statement refers to ('to trinh' for 'Xét Tờ trình số …')."""
    ref = _REFERENCE.search(fold(text))
    return next((k for k in _KINDS if ref and ref.group(0).startswith(k)), "")


def _ranked(a: Analysis, doc: Document, ctx: Context) -> list[tuple[int, int, str]]:
    """The basis statements; those of the kind of document asked for ("căn cứ kế hoạch nào", "theo tờ trình số
    mấy") first, and among them those sharing the question's topic words."""
    found = basis_lines(doc)
    cue = next((m for m in (c.search(a.folded) for c in _CUES) if m), None)
    wanted = {k for k in _KINDS if cue and re.search(rf"\b{k}\b", cue.group(1))}
    found = [x for x in found if _kind_of(x[2]) in wanted] or found
    if a.topic:
        scored = [(ctx.passage_scorer.coverage(a.topic, text), x) for x in found for text in [x[2]]]
        best = max((s for s, _ in scored), default=0.0)
        if best >= 0.5:
            return [x for s, x in scored if s >= best - 0.1][:4]
    return found[:8]
