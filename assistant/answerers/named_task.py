"""A question naming a task by its number ("nhiệm vụ 2.4"): that task, whole."""

from __future__ import annotations

import re

from assistant.analysis import TASK_BY_NUMBER, TASK_LIST, Analysis
from assistant.context import Context
from assistant.passages import quote_span
from assistant.structured import Reply, answer_tasks, scope_docs, task_locator


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent == "docfact" or not a.task_code:
        return None
    _, tasks = ctx.in_scope(scope_docs(a, ctx.docs))
    code = a.task_code
    named = [t for t in tasks if t.code == code]
    if not named:
        if not re.search(TASK_BY_NUMBER + rf" (?:so )?{re.escape(code)}\b", a.folded):
            return None  # "mục 2.1" may be a part of the text, not a task
        return Reply("not_found", [], [], f"Không có nhiệm vụ {code} trong văn bản.")
    if a.intent == "deadline" and all(t.deadline is None for t in named):
        return Reply("not_found", [], [], f"Văn bản không ghi thời gian thực hiện cho nhiệm vụ {code}.")
    if a.intent == "agency" and a.agency_focus == "partners" and not any(t.partners for t in named):
        return Reply("not_found", [], [], f"Văn bản không ghi cơ quan phối hợp cho nhiệm vụ {code}.")
    reply = answer_tasks(named, ctx.docs_by_id, ctx.citations, today=ctx.today)
    if a.intent in {"open", "list", "basis"} and not re.search(TASK_LIST, a.folded):
        # "nhiệm vụ 3.5 … ra sao / gồm những nội dung nào": the task's content, quoted under its card
        for task in named:
            lines, facts = quote_span(a, task.doc_id, task.lines, task_locator(task), ctx.index, ctx.citations,
                                      ctx.passage_scorer, most=8, skip=task.title)
            reply.lines.extend(["Nội dung chính:", *lines])
            reply.facts.extend(facts)
    return reply
