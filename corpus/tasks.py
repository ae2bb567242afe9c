"""Task records: numbered sections that state who is responsible and by when."""

from __future__ import annotations

import re

from corpus.deadlines import parse_deadline
from corpus.records import Section, Task
from corpus.textnorm import fold_chars

# field labels used by Vietnamese plans for a task's responsibilities and timing (folded)
_FIELDS = {
    "responsible": r"trach nhiem thuc hien|don vi thuc hien|co quan thuc hien",
    "lead": r"co quan chu tri|don vi chu tri|chu tri thuc hien",
    "partners": r"co quan phoi hop|don vi phoi hop|phoi hop thuc hien",
    "deadline": r"thoi gian thuc hien|thoi gian hoan thanh|thoi han(?: hoan thanh)?|tien do(?: thuc hien)?",
}
_LABEL = re.compile(r"^(" + "|".join(f"(?P<{k}>{v})" for k, v in _FIELDS.items()) + r")\s*:\s*")


def _field(line: str) -> tuple[str, str] | None:
    folded = fold_chars(line)  # same length as line, so offsets carry over
    m = _LABEL.match(folded)
    if not m:
        return None
    key = next(k for k in _FIELDS if m.group(k))
    return key, line[m.end() :].strip().rstrip(".").strip()


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
            found = _field(line)
            if found and found[0] not in fields:
                fields[found[0]] = found[1]
            elif line.strip():
                body.append(line.strip())
        if not fields:
            continue
        parent = next((s for s in reversed(sections[:idx]) if s.level < sec.level and s.start <= sec.start <= s.end), None)
        responsible = fields.get("responsible", "")
        lead, partners = fields.get("lead", ""), fields.get("partners", "")
        if responsible and not lead:
            lead, derived = derive_lead(responsible)
            partners = partners or derived
        heading_text = re.sub(r"^\S+\s+", "", body[0]) if body else sec.title
        deadline = parse_deadline(fields["deadline"]) if fields.get("deadline") else None
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
                lines=(sec.start, body_end),
            )
        )
    return tasks
