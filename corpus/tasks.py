"""Task records: numbered sections that state who is responsible and by when."""

from __future__ import annotations

import re

from corpus.deadlines import parse_deadline
from corpus.records import Section, Task
from corpus.tables import column_role
from corpus.textnorm import fold

_LABELLED = re.compile(r"^(?:[-–+•*]\s*)?(?P<label>[^\W\d][^:;,.()]{2,60}?)\s*:\s*(?P<value>.*)$")
_FIELD_OF_ROLE = {"lead": "lead", "deadline": "deadline", "product": "product", "budget": "budget", "note": "note"}


def _field(line: str) -> tuple[str, str] | None:
    """'- Cơ quan chủ trì thực hiện: Sở Y tế.' → ('lead', 'Sở Y tế'): a short label whose words give a
    column role (the same general headings as task tables, see corpus.tables.column_role)."""
    m = _LABELLED.match(line.strip())
    if not m or len(m.group("label").split()) > 6:
        return None
    label = m.group("label")
    role = column_role(label)
    value = m.group("value").strip().rstrip(".").strip()
    if role == "partners":
        return ("partners" if "phoi hop" in fold(label) else "responsible"), value
    if role in _FIELD_OF_ROLE and re.search(r"co quan|don vi|thoi|tien do|han|san pham|kinh phi|nguon|ghi chu|chu tri",
                                            fold(label)):
        return _FIELD_OF_ROLE[role], value
    return None


# a field label that starts a new sentence on the same line ("… Sở Y tế. Thời gian hoàn thành: Quý II/2026.")
_NEXT_LABEL = re.compile(r"(?<=[.;])\s+(?=[A-ZĐ][^:;,.()]{2,60}:)")


def _fields(line: str) -> list[tuple[str, str]]:
    """Every labelled field of a line: one, or several written one after another ("Cơ quan chủ trì: X. Cơ quan
    phối hợp: Y. Thời gian hoàn thành: Z."); none when the line does not start with a field."""
    pieces = _NEXT_LABEL.split(line.strip())
    found = [_field(p.rstrip(" ;")) for p in pieces]
    if not found[0]:
        return []
    if not all(found):  # a sentence that is no field continues the field before it: the line is one field
        whole = _field(line)
        return [whole] if whole else []
    return [f for f in found if f]


def derive_lead(responsible: str) -> tuple[str, str]:
    """'X chỉ đạo Y thực hiện' → lead X, partners Y; otherwise the first listed body leads."""
    m = re.match(r"(.+?)\s+chỉ đạo\s+(.+?)(?:\s+thực hiện)?$", responsible)
    if m:
        return m.group(1).strip(), m.group(2).strip().rstrip(".")
    head = re.split(r";", responsible, maxsplit=1)
    return head[0].strip(), (head[1].strip() if len(head) > 1 else "")


def extract_tasks(
    lines: list[str], sections: list[Section], doc_id: str, province: str | None
) -> list[Task]:
    """One Task per section whose own body (before any sub-section) carries task field labels."""
    tasks = []
    for idx, sec in enumerate(sections):
        children = [s for s in sections[idx + 1 :] if s.start <= sec.end and s.level > sec.level]
        body_end = children[0].start - 1 if children else sec.end
        fields: dict[str, str] = {}
        body: list[str] = []
        for n in range(sec.start, body_end + 1):
            line = lines[n - 1]
            new = [(name, value) for name, value in _fields(line) if name not in fields]
            for name, value in new:
                fields.setdefault(name, value)
            if not new and line.strip():
                body.append(line.strip())
        if not (fields.keys() & {"responsible", "lead", "partners", "deadline"}):
            continue
        parent = next((s for s in reversed(sections[:idx]) if s.level < sec.level and s.start <= sec.start <= s.end), None)
        responsible = fields.get("responsible", "")
        lead, partners = fields.get("lead", ""), fields.get("partners", "")
        if responsible and not lead:
            lead, derived = derive_lead(responsible)
            partners = partners or derived
        heading_text = re.sub(r"^\S+\s+", "", body[0]) if body else sec.title
        deadline = parse_deadline(fields["deadline"], clause=f"{sec.title} {' '.join(body)}") \
            if fields.get("deadline") else None
        tasks.append(
            Task(
                id=f"{doc_id}#task.{sec.marker}",
                doc_id=doc_id,
                province=province,
                group=parent.path[-1] if parent else "",
                code=sec.marker,
                title=sec.title,
                body=" ".join([heading_text, *body[1:]]).strip(),
                responsible=responsible,
                lead=lead,
                partners=partners,
                deadline=deadline,
                product=fields.get("product", ""),
                budget=fields.get("budget", ""),
                note=fields.get("note", ""),
                lines=(sec.start, body_end),
            )
        )
    return tasks
