"""Complete lists: the tasks due in a period / of an agency / recurring, or the targets of a year, group or agency."""

from __future__ import annotations

import re

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import (
    Reply,
    absent_agencies,
    answer_tasks,
    cite_indicator,
    doc_label,
    indicator_text,
    mentioned_agencies,
    scope_docs,
    shown_value,
    targets_for,
    task_order,
    task_text,
    tasks_due,
    tasks_of_agencies,
)
from corpus.textnorm import fold
from index.abbreviations import long_forms
from index.lookup import period_label

SECTION_MATCH = 0.9  # a group caption this close to the topic is the section asked for
TASK_MATCH = 0.75  # a task this close to the topic (and clearly closer than any target) is the list asked for
TASK_MARGIN = 0.15


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent != "list":
        return None
    c = ctx.citations
    scope = scope_docs(a, ctx.docs)
    inds, tasks = ctx.in_scope(scope)
    agencies = mentioned_agencies(a, inds, tasks)
    # the words of a quoted group caption name the group, not the kind of record asked ("nhóm chỉ tiêu “Các nhiệm
    # vụ, giải pháp chủ yếu”" asks its targets)
    quoted_targets = _quoted_caption(a.question, inds) if a.period is None and not a.wants_recurring else None
    unquoted = _QUOTE.sub(" ", a.folded) if quoted_targets else a.folded
    wants_tasks = bool(re.search(r"nhiem vu|\bviec\b", unquoted)) or a.period is not None or a.wants_recurring
    if wants_tasks:
        # a duty done every year or all along has no one due date: a year named beside it ("kế hoạch … 2026 …
        # làm thường xuyên") is the plan's, not a window its deadline must fall in
        chosen = None if a.wants_recurring and a.period is None else tasks_due(a, tasks, ctx.today)
        chosen = tasks if chosen is None else chosen
        if a.wants_recurring:
            chosen = [t for t in chosen if t.deadline and t.deadline.recurring]
        if agencies:
            chosen = tasks_of_agencies(a, chosen, agencies)
        elif absent := absent_agencies(a, inds, tasks):
            names = ", ".join(f"«{n}»" for n in absent)
            return Reply("not_found", [], [], f"văn bản trong phạm vi không giao nhiệm vụ nào cho {names}.")
        filtered = a.period is not None or a.wants_recurring or bool(agencies) or a.wants_overdue
        topical = [t for t in chosen if ctx.record_scorer.coverage(a.topic, task_text(t) + " " + (
            t.deadline.raw if t.deadline else "")) >= 0.5]
        if topical and a.topic and not filtered:
            chosen = topical
        return answer_tasks(sorted(chosen, key=task_order), ctx.docs_by_id, c, with_agency=bool(agencies),
                            today=ctx.today)
    chosen = [i for i in inds if not a.years or any(t.has_target for t in targets_for(i, a.years))]
    quoted = _quoted_caption(a.question, chosen)
    if quoted:  # a group named in quotes ("nhóm 'Về kinh tế'"): its targets, whoever asks
        chosen = [i for i in chosen if quoted in i.groups]
    elif agencies:
        chosen = [i for i in chosen if any(fold(g) in fold(i.lead if a.agency_focus != "partners" else i.partners)
                                           for g in agencies)]
    elif named := asked_lead(a):
        # a body named as the one that leads ("do Phòng Giáo dục mầm non chủ trì"), read against the rows' lead
        # column with its abbreviations spelled out ("Phòng GDMN"): none of its rows is no list of others
        chosen = [i for i in chosen if named in fold(long_forms(i.lead))]
        if not chosen:
            return Reply("not_found", [], [], f"không có chỉ tiêu nào do «{named_as_asked(a, named)}» chủ trì theo dõi.")
    elif a.topic:
        # "chỉ tiêu văn hóa - xã hội": the targets under the caption the topic names, when one does
        captions = {g for i in chosen for g in i.groups}
        scored = sorted(((ctx.record_scorer.coverage(a.topic, g), g) for g in captions), reverse=True)
        if scored and scored[0][0] >= SECTION_MATCH:
            chosen = [i for i in chosen if scored[0][1] in i.groups]
        elif not ctx.names_document(a, scope):
            cover = {i.id: ctx.record_scorer.coverage(a.topic, indicator_text(i)) for i in chosen}
            task_cover = sorted(((ctx.record_scorer.coverage(a.topic, task_text(t)), t) for t in tasks),
                                key=lambda x: -x[0])
            if task_cover and task_cover[0][0] >= TASK_MATCH and task_cover[0][0] >= max(cover.values(), default=0) + TASK_MARGIN:
                # "kể tên 06 trường được thành lập mới": the items one task names, not targets on the subject
                return answer_tasks([task_cover[0][1]], ctx.docs_by_id, c, today=ctx.today)
            topical = [i for i in chosen if cover[i.id] >= 0.5]
            if not topical:
                return ctx.extractive(a, scope)
            chosen = topical
    if not chosen:
        return Reply("not_found", [], [])
    lines, facts = [], []
    for i in chosen:
        n = cite_indicator(c, i)
        targets = targets_for(i, a.years)
        value = "; ".join(f"{period_label(t)}: {shown_value(t, i.unit)}" if t.period else shown_value(t, i.unit)
                          for t in targets)
        agency = f" — chủ trì: {i.lead}" if agencies and i.lead else ""
        lines.append(f"- {doc_label(ctx.docs_by_id[i.doc_id])}, {i.code}. {i.name}: {value}{agency} [{n}]")
        facts.append({"type": "target_list", "doc_id": i.doc_id, "province": i.province, "code": i.code,
                      "indicator": i.name, "values": [t.raw for t in targets], "citation": n})
    return Reply("answered", lines, facts)


# a body named as the one leading ("do Phòng Giáo dục mầm non chủ trì", "Phòng X được giao chủ trì"): general
# shapes of agency names
_LEADS = re.compile(r"\b((?:phong|so|ban|van phong|uy ban|ubnd|trung tam|cuc|chi cuc|thanh tra|cong an|bo chi huy)"
                    r"(?: [a-z0-9&]+){1,8}?) (?:duoc (?:giao )?)?(?:chu tri|phu trach|lam dau moi|dam nhiem)\b")


def asked_lead(a: Analysis) -> str:
    """The folded name of the body the question says leads ('' when it names none, or asks which one)."""
    m = _LEADS.search(fold(long_forms(a.question)))  # abbreviations spelled out, as the lead column is read
    return "" if not m or re.search(r"\b(?:nao|gi|ai)\b", m.group(1)) else m.group(1)


def named_as_asked(a: Analysis, folded_name: str) -> str:
    """The body's name as the question spells it (its folded form if the spelling cannot be found)."""
    words = re.findall(r"\w+", long_forms(a.question))
    n = len(folded_name.split())
    for k in range(len(words) - n + 1):
        if fold(" ".join(words[k:k + n])) == folded_name:
            return " ".join(words[k:k + n])
    return folded_name


# a phrase in quotes of any kind ("…", “…”, '…', «…»)
_QUOTE = re.compile(r"[\"“”'‘’«]([^\"“”'‘’«»]{3,80})[\"“”'‘’»]")


def _quoted_caption(question: str, inds: list) -> str | None:
    """A group caption the question quotes ("nhóm chỉ tiêu “Về kinh tế”", "phần 'Đến năm 2035'"), as the records
    write it (folded, without its number)."""
    quotes = [fold(m.group(1)) for m in _QUOTE.finditer(question)]
    if not quotes:
        return None
    for i in inds:
        for g in i.groups:
            bare = re.sub(r"^(?:[ivxlc]+|\d+)[.)]\s*", "", fold(g)).strip(" .:")
            if any(q.strip(" .:") == bare for q in quotes):
                return g
    return None

