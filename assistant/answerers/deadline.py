"""Deadlines: the tasks due in a named period, or the deadline of the task (or target year) asked about."""

from __future__ import annotations

import re

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import (
    Reply,
    answer_tasks,
    answer_values,
    best_matches,
    best_or_clear,
    mentioned_agencies,
    per_doc_best,
    rank_indicators,
    rank_tasks,
    scope_docs,
    task_order,
    tasks_due,
    tasks_of_agencies,
)

NO_DEADLINE_MARGIN = 0.05  # the best task covers this much more of the question than the next one


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent != "deadline":
        return None
    c = ctx.citations
    scope = scope_docs(a, ctx.docs)
    inds, tasks = ctx.in_scope(scope)
    due = tasks_due(a, tasks, ctx.today)
    agencies = mentioned_agencies(a, [], tasks)
    if due is not None:
        if agencies:
            due = tasks_of_agencies(a, due, agencies)
        if not due:
            return Reply("not_found", [], [], "Không có nhiệm vụ nào có thời hạn trong khoảng thời gian đã hỏi.")
        return answer_tasks(sorted(due, key=task_order), ctx.docs_by_id, c, with_agency=False, today=ctx.today)
    boost = ctx.retrieval_boost(a, scope, ["task", "indicator"])
    # "hạn … của Sở Y tế": the tasks the named body is responsible for, when it has any
    own = tasks_of_agencies(a, tasks, agencies) if agencies else []
    if re.search(r"\bbao cao\b", a.folded):  # a report's deadline: the reporting duties, when there are any —
        # the named body's own reports, else every report (a body with no report to make is the one reported to)
        own = [t for t in own if t.kind == "report"] or [t for t in tasks if t.kind == "report"] or own
    matches = best_or_clear(rank_tasks(a, own or tasks, ctx.record_scorer, boost))
    ind_matches = best_matches(rank_indicators(a, inds, ctx.record_scorer, boost))
    if ind_matches and (not matches or ind_matches[0][0] > matches[0][0]):
        # "hoàn thành phổ cập … vào năm nào": the year a target is set for
        return answer_values(a, per_doc_best(ind_matches), ctx.docs_by_id, c)
    if not matches:
        return ctx.extractive(a, scope)
    chosen = [t for _, t in matches][:3]
    if chosen[0].deadline is None and (len(matches) == 1 or matches[0][0] - matches[1][0] >= NO_DEADLINE_MARGIN):
        # the task asked about is clear and the document gives it no deadline: never another task's
        return Reply("not_found", [], [], f"Văn bản không ghi thời gian thực hiện cho nhiệm vụ {chosen[0].code}.")
    if all(t.deadline is None for t in chosen):
        names = ", ".join(f"nhiệm vụ {t.code}" for t in chosen)
        return Reply("not_found", [], [], f"Văn bản không ghi thời gian thực hiện cho {names}.")
    return answer_tasks(chosen, ctx.docs_by_id, c, today=ctx.today)
