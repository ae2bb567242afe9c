"""Chunks that keep their context: prose by section, one per indicator row, one per task."""

from __future__ import annotations

import re

from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from corpus.records import Document, Indicator, Task
from corpus.sections import section_at
from corpus.tables import column_role
from corpus.textnorm import fold
from corpus.values import NO_TARGET
from index.lookup import period_label

MAX_CHARS = 900
_SENTENCE_END = re.compile(r"(?<=[.;!?:])\s+(?=[A-ZĐÀ-Ỹ0-9(“\"-])")


def province_label(province: str | None) -> str:
    return f"Tỉnh/thành phố: {province}" if province else "Không ghi tên tỉnh"


def indicator_locator(ind: Indicator) -> str:
    where = "Chỉ tiêu trong văn bản" if ind.source == "prose" else "Bảng chỉ tiêu"
    return " › ".join([where, *ind.groups, f"dòng {ind.code}" if ind.source == "table" else f"mục {ind.code}"])


def task_locator(task: Task) -> str:
    return " › ".join(p for p in [task.group, f"Nhiệm vụ {task.code}"] if p)


def target_text(ind: Indicator) -> str:
    """'2030: ≥ 0,85; 2035: -' (every year or period with the value as written)."""
    parts = []
    for t in ind.targets:
        label = period_label(t) or "Kết quả"
        parts.append(f"{label}: {t.raw if t.raw not in NO_TARGET else '- (không đặt chỉ tiêu)'}")
    return "; ".join(parts)


def column_name(ind: Indicator, role: str, default: str) -> str:
    """The source table's header for a column role ('lead', 'partners'), as the corpus reader assigns it."""
    return next((c for c in ind.columns if column_role(c) == role), default)


def indicator_text(doc: Document, ind: Indicator) -> str:
    """Row chunk text: where it is (captions), the row as in the table, then each agency column by name."""
    row = " | ".join(p for p in [ind.name, ind.unit, target_text(ind)] if p)
    lines = [
        f"{province_label(ind.province)} · {doc.title}",
        " › ".join(ind.groups),
        f"{ind.code}. {row}",
    ]
    if ind.lead:
        lines.append(f"{column_name(ind, 'lead', 'Cơ quan chủ trì theo dõi')}: {ind.lead}")
    if ind.partners:
        lines.append(f"{column_name(ind, 'partners', 'Cơ quan phối hợp')}: {ind.partners}")
    if ind.note:
        lines.append(f"Ghi chú: {ind.note}")
    return "\n".join(ln for ln in lines if ln)


def task_agency_parts(task: Task) -> list[str]:
    """'Trách nhiệm thực hiện: …', 'Cơ quan chủ trì: …', 'Cơ quan phối hợp: …' as the task states them."""
    parts = []
    if task.responsible:
        parts.append(f"Trách nhiệm thực hiện: {task.responsible}")
    if task.lead and task.lead != task.responsible:
        parts.append(f"Cơ quan chủ trì: {task.lead}")
    if task.partners:
        parts.append(f"Cơ quan phối hợp: {task.partners}")
    return parts


def task_text(doc: Document, task: Task) -> str:
    lines = [
        f"{province_label(task.province)} · {doc.title}",
        f"{task.group} › Nhiệm vụ {task.code}: {task.title}",
        *task_agency_parts(task),
    ]
    if task.deadline:
        lines.append(f"Thời gian thực hiện: {task.deadline.raw}")
    if task.product:
        lines.append(f"Sản phẩm: {task.product}")
    if task.budget:
        lines.append(f"Kinh phí: {task.budget}")
    body = task.body[: MAX_CHARS // 2]
    if body and body != task.title:
        lines.append(body + ("…" if len(task.body) > len(body) else ""))
    return "\n".join(lines)


def split_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _pack(units: list[tuple[str, int]], limit: int) -> list[tuple[list[str], int, int]]:
    """Pack (sentence, line) units into chunks of ≤ limit chars, never splitting a sentence."""
    chunks: list[tuple[list[str], int, int]] = []
    cur: list[str] = []
    first = last = 0
    size = 0
    for sent, line in units:
        if cur and size + len(sent) > limit:
            chunks.append((cur, first, last))
            cur, size = [], 0
        if not cur:
            first = line
        cur.append(sent)
        size += len(sent) + 1
        last = line
    if cur:
        chunks.append((cur, first, last))
    return chunks


def prose_units(doc: Document, skip: set[int]) -> dict[str, list[tuple[str, int]]]:
    """Sentences grouped by their innermost section id ('' = before the first heading)."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for n, line in enumerate(doc.lines, start=1):
        if n in skip or not line.strip():
            continue
        sec = section_at(doc.sections, n)
        key = sec.id if sec else ""
        for sent in split_sentences(line.replace("\t", " | ")):
            groups.setdefault(key, []).append((sent, n))
    return groups


_META_LABELS = [
    ("doc_type", "Loại văn bản"),
    ("so_hieu", "Số hiệu"),
    ("date_issued", "Ngày ban hành"),
    ("issuer", "Cơ quan ban hành"),
    ("signer", "Người ký"),
    ("province", "Tỉnh/thành phố"),
]


_SIGNATURE_WORDS = ("chu tich", "bi thu", "giam doc", "truong", "tm.", "t/m", "kt.", "k/t", "tl.", "q.", "uy vien",
                    "thu tuong", "pho ")


def _is_signature_line(line: str) -> bool:
    """An upper-case line of a signature block ('T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'CHỦ TỊCH')."""
    text = line.strip(" |\t")
    letters = [c for c in text if c.isalpha()]
    return (bool(letters) and len(text) <= 60 and text == text.upper()
            and any(w in fold(text) for w in _SIGNATURE_WORDS))


# how the first line of a signature block opens: signing on behalf of a body (TM., KT., TL., TUQ., Q.) or the
# signer's title itself (Nghị định 30/2020/NĐ-CP, Phụ lục I: thẩm quyền ký)
_SIGNATURE_OPENING = re.compile(
    r"^(?:(?:tm|t/m|kt|k/t|tl|t/l|tuq|q)\.?\s+\S"
    r"|(?:pho\s+)?(?:chu tich|giam doc|bi thu|truong ban|chanh van phong|hieu truong|tong giam doc|cuc truong)$)")


def _opens_signature(line: str) -> bool:
    """A line that can open a signature block ('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH')."""
    text = line.strip(" |\t")
    return _is_signature_line(text) and bool(_SIGNATURE_OPENING.match(fold(text)))


def signer_position(doc: Document) -> str:
    """The signer's capacity from the signature block: the upper-case lines above the signer's name,
    or else the last such block of the document ('' if none)."""
    lines = doc.lines
    ends = [n for n, ln in enumerate(lines) if doc.signer and fold(ln.strip(" |\t")) == fold(doc.signer)]
    if not ends:
        # no signer's name to stand on: only a block that opens the way signature blocks do ("TM. …",
        # "KT. CHỦ TỊCH", "CHỦ TỊCH") counts, never a table row or a capitals heading ("TRƯỜNG PHỔ THÔNG …")
        in_table = {n for start, end in doc.tables for n in range(start - 1, end)}
        ends = [n + 1 for n, ln in enumerate(lines)
                if n not in in_table and "\t" not in ln and _opens_signature(ln)][-1:]
    if not ends:
        return ""
    block: list[str] = []
    n = ends[-1] - 1
    while n >= 0 and len(block) < 3:
        text = lines[n].strip(" |\t")
        if text:
            if not _is_signature_line(text):
                break
            block.insert(0, text)
        n -= 1
    return " ".join(block)


def document_card(doc: Document) -> str:
    """A chunk with the document's own facts (what the text states, else 'không ghi')."""
    lines = [f"Thông tin văn bản: {doc.title}"]
    for key, label in _META_LABELS:
        value = getattr(doc, key)
        lines.append(f"{label}: {value if value else 'văn bản không ghi'}")
        if key == "signer" and (position := signer_position(doc)):
            lines.append(f"Chức vụ người ký: {position}")
    return "\n".join(lines)


def chunk_document(doc: Document) -> list[TextNode]:
    """All chunks of a document as llama-index TextNodes with the shared metadata."""
    nodes = _chunks(doc)
    for node in nodes:
        # the source document: llama-index stores it as the `doc_id` metadata of the vector store,
        # over ours, so without it Chroma would filter on doc_id "None"
        node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=doc.doc_id)
    return nodes


def _chunks(doc: Document) -> list[TextNode]:
    base = {"doc_id": doc.doc_id, "province": doc.province or "", "title": doc.title}
    nodes: list[TextNode] = [
        TextNode(
            id_=f"{doc.doc_id}#doc",
            text=document_card(doc),
            metadata={**base, "kind": "document", "years": "", "locator": "Thông tin văn bản",
                      "line_start": 1, "line_end": min(len(doc.lines), 12), "record_id": doc.doc_id},
        )
    ]
    covered: set[int] = set()
    for ind in doc.indicators:
        years = ",".join(str(y) for y in ind.years)
        meta = {**base, "kind": "indicator", "years": years, "locator": indicator_locator(ind),
                "line_start": ind.lines[0], "line_end": ind.lines[1], "record_id": ind.id}
        nodes.append(TextNode(id_=f"{ind.id}", text=indicator_text(doc, ind), metadata=meta))
        if ind.source == "table":
            covered.update(range(ind.lines[0], ind.lines[1] + 1))
    for task in doc.tasks:
        years = ""
        if task.deadline and task.deadline.end:
            years = ",".join(sorted({task.deadline.start[:4], task.deadline.end[:4]}))
        meta = {**base, "kind": "task", "years": years, "locator": task_locator(task),
                "line_start": task.lines[0], "line_end": task.lines[1], "record_id": task.id}
        nodes.append(TextNode(id_=task.id, text=task_text(doc, task), metadata=meta))
    # prose: table rows already have their own chunks; table headers and captions are skipped too
    skip = covered | {n for n, ln in enumerate(doc.lines, start=1) if "\t" in ln}
    skip |= {n for start, end in doc.tables for n in range(start, end + 1)}
    by_section = {s.id: s for s in doc.sections}
    for key, units in prose_units(doc, skip).items():
        sec = by_section.get(key)
        path = sec.path if sec else ["Phần đầu văn bản"]
        header = " › ".join(path)
        for k, (sents, first, last) in enumerate(_pack(units, MAX_CHARS)):
            years = ",".join(sorted(set(re.findall(r"\b(20[2-6]\d)\b", " ".join(sents)))))
            meta = {**base, "kind": "prose", "years": years, "locator": header,
                    "line_start": first, "line_end": last, "record_id": ""}
            text = f"{province_label(doc.province)} · {doc.title}\n{header}\n" + " ".join(sents)
            nodes.append(TextNode(id_=f"{doc.doc_id}#p.{key or 'head'}.{k}", text=text, metadata=meta))
    return nodes
