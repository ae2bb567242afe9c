"""A follow-up that names the record the previous answer was about ("Cơ quan nào chủ trì chỉ tiêu đó?", "Bao giờ
các trường đó bắt đầu tuyển sinh?", "Còn năm 2045 thì chỉ tiêu này bao nhiêu?"): answered from that record, not
from a new search on the words of both turns."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import Reply, answer_agencies, answer_tasks, answer_values, targets_for, with_sub_rows
from corpus.records import Indicator, Task
from corpus.textnorm import fold

# what a follow-up may ask of the record before: who, when, and how much (in another year, or its parts)
INTENTS = {"agency", "deadline", "value"}


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if not (a.refers_back and ctx.previous) or a.intent not in INTENTS:
        return None
    records = [r for r in ctx.previous if _same_scope(a, r)]
    if not records:
        return None  # "Hải Phòng có chỉ tiêu này không?": the same kind of target in another place, searched anew
    tasks = [r for r in records if isinstance(r, Task)]
    inds = [r for r in records if isinstance(r, Indicator)]
    if tasks and a.intent == "deadline" and not any(t.deadline for t in tasks):
        codes = ", ".join(t.code for t in tasks)
        return Reply("not_found", [], [], f"văn bản không ghi thời gian thực hiện của nhiệm vụ {codes}.")
    if tasks and a.intent in {"agency", "deadline"}:
        return answer_tasks(tasks, ctx.docs_by_id, ctx.citations, today=ctx.today)
    if not inds or a.intent == "deadline":
        return None
    same_docs, _ = ctx.records.of_docs({i.doc_id for i in inds})
    matches = with_sub_rows([(1.0, i) for i in inds], same_docs)
    if a.intent == "agency":
        if not any(i.lead or i.partners for _, i in matches):
            # a target stated in prose names no agency; its row in the document's table of targets does
            matches = [(1.0, row) for row in (_row_with_agencies(a, ctx, i, same_docs) for _, i in matches) if row]
        # who follows a target does not change with the year asked
        reply = answer_agencies(replace(a, years=[]), matches, ctx.docs_by_id, ctx.citations) if matches else None
        return reply if reply and reply.status == "answered" else None
    if a.years and not any(t.has_target for _, i in matches for t in targets_for(i, a.years)):
        # a year the record sets nothing for (no column, or a "-" cell): the usual answer says which years it has
        return None
    return answer_values(a, matches, ctx.docs_by_id, ctx.citations)


ROW_MATCH = 0.8  # a row of the table that repeats this much of a prose target's name states the same target


def _row_with_agencies(a: Analysis, ctx: Context, ind: Indicator, same_docs: list[Indicator]) -> Indicator | None:
    """The row of the same document that states the same target with its agencies (for the year asked, if the
    table has one row per period)."""
    words = re.findall(r"[a-z0-9]+", fold(ind.name))
    scored = [(ctx.record_scorer.coverage(words, f"{r.name} {r.unit}") + (0.01 if targets_for(r, a.years) else 0.0), r)
              for r in same_docs if r is not ind and (r.lead or r.partners)]
    best = max(scored, key=lambda x: x[0], default=(0.0, None))
    return best[1] if best[0] >= ROW_MATCH else None


def _same_scope(a: Analysis, rec: Indicator | Task) -> bool:
    """The follow-up names no other province or document than the record's."""
    if a.provinces and rec.province not in a.provinces:
        return False
    return not a.doc_ids or rec.doc_id in a.doc_ids
