"""A question naming a task by its number ("nhiệm vụ 2.4"): that task, whole."""

from __future__ import annotations

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import Reply, answer_tasks, scope_docs


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent == "docfact" or not a.task_code:
        return None
    _, tasks = ctx.in_scope(scope_docs(a, ctx.docs))
    code = a.task_code
    named = [t for t in tasks if t.code == code]
    if not named:
        return Reply("not_found", [], [], f"Không có nhiệm vụ {code} trong văn bản.")
    if a.intent == "deadline" and all(t.deadline is None for t in named):
        return Reply("not_found", [], [], f"Văn bản không ghi thời gian thực hiện cho nhiệm vụ {code}.")
    return answer_tasks(named, ctx.docs_by_id, ctx.citations, today=ctx.today)
