"""Deadlines: the tasks due in a named period, or the deadline of the task (or target year) asked about."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.analysis import Analysis, long_forms
from assistant.context import Context
from assistant.matching import norm_token, tokens
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
    task_text,
    tasks_due,
    tasks_of_agencies,
)
from corpus.records import Task
from corpus.textnorm import fold

NO_DEADLINE_MARGIN = 0.05
# added to the score of a task whose text names the kind of document the question names ("Đề án … bao giờ xong"):
# the task that makes one, before a task that shares more of the other words
PRODUCT_BONUS = 0.1
# kinds of document a task produces (Nghị định 30/2020/NĐ-CP, Điều 7), folded: "Đề án … bao giờ phải xong" asks
# the deadline of the task that makes one, not the year of a target on the same subject ("kế hoạch" and "nghị
# quyết" are left out: they mostly name the plan asked about)
_PRODUCTS = re.compile(r"\b(de an|quy che|quy dinh|chuong trinh|chinh sach|co che|bao cao|huong dan|du an)\b")
# words before a body that is sent to, not acting ("gửi … cho/về Sở GDĐT", "báo cáo lên UBND tỉnh"), folded
_TO = re.compile(r"\b(?:cho|ve|gui|den|len|toi)\s*(?:cac\s+)?$")


def _makes(product: re.Match[str] | None, task: Task) -> bool:
    """The task's text names the kind of document the question names (see _PRODUCTS)."""
    return bool(product) and bool(re.search(rf"\b{product.group(1)}\b", fold(task_text(task))))


def _recipient(a: Analysis, agency: str) -> bool:
    """True if every mention of the body in the question is as the one sent to."""
    asked = fold(long_forms(a.question))
    spots = [m.start() for m in re.finditer(re.escape(fold(agency)), asked)]
    return bool(spots) and all(_TO.search(asked[max(0, k - 12):k]) for k in spots)


def _reports(tasks: list) -> list:
    """The reporting duties among tasks: those read as reports, else those whose text says "báo cáo"."""
    return ([t for t in tasks if t.kind == "report"]
            or [t for t in tasks if re.search(r"\bbao cao\b", fold(task_text(t)))])  # the best task covers this much more of the question than the next one


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
    # "hạn … của Sở Y tế": the tasks the named body is responsible for, when it has any; a body named as the
    # one sent to ("gửi kế hoạch cho Sở GDĐT") is not the one who acts
    actors = [g for g in agencies if not _recipient(a, g)]
    # (a deadline is the body's whatever its role: "báo cáo kết quả" names the implementer of a prose duty)
    own = (tasks_of_agencies(a, tasks, actors) or tasks_of_agencies(replace(a, agency_focus=""), tasks, actors)
           if actors else [])
    if actors:  # the actor's name says whose task, not which: its words leave the topic
        named = set(tokens(" ".join(actors)))
        a = replace(a, topic=[w for w in a.topic if norm_token(w) not in named])
    if re.search(r"\bbao cao\b", a.folded):  # a report's deadline: the reporting duties, when there are any —
        # the named body's own reports, else every report (a body with no report to make is the one reported to)
        # (a body named as the actor keeps its own duties even when none is read as a report)
        own = _reports(own) or own if own else _reports(tasks)
    if own and not a.topic:  # "Sở X báo cáo khi nào?": every such duty of the body, in document order
        dated = [t for t in sorted(own, key=task_order) if t.deadline is not None]
        if dated:
            return answer_tasks(dated[:4], ctx.docs_by_id, c, today=ctx.today)
    product = _PRODUCTS.search(a.folded)
    ranked = rank_tasks(a, own or tasks, ctx.record_scorer, boost)
    if product:
        ranked = sorted(((score + PRODUCT_BONUS * _makes(product, t), t) for score, t in ranked), key=lambda x: -x[0])
    matches = best_or_clear(ranked)
    ind_matches = best_matches(rank_indicators(a, inds, ctx.record_scorer, boost))
    makes_it = bool(matches) and _makes(product, matches[0][1])
    if ind_matches and not makes_it and (not matches or ind_matches[0][0] > matches[0][0]):
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
