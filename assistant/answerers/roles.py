"""Who implements and who supervises a document ("ai tổ chức triển khai, ai giám sát nghị quyết")."""

from __future__ import annotations

import re

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import Reply, answer_tasks, scope_docs, task_order

# the roles a document assigns (Điều 2/3 of a resolution, "Tổ chức thực hiện" of a plan), folded cues
ROLES = {
    # "quán triệt" (making a resolution known and understood) is the first step of implementing it in Party usage
    "implement": r"to chuc (?:trien khai )?thuc hien|trien khai(?: thuc hien)?|\bthuc hien\b|\bquan triet\b",
    "supervise": r"giam sat|kiem tra",
}
_ROLE_WORDS = {"giam", "sat", "kiem", "tra", "trien", "khai", "thuc", "hien", "to", "chuc", "quan", "triet", "giao"}


def asked_roles(a: Analysis) -> list[str]:
    return [role for role, cue in ROLES.items() if re.search(cue, a.folded)]


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent != "agency":
        return None
    roles = asked_roles(a)
    if not roles:
        return None
    scope = scope_docs(a, ctx.docs)
    # a topic inherited from the turn before ("Ai được giao tổ chức triển khai nghị quyết đó?") is not asked
    rest = [] if "topic" in a.inherited else [w for w in a.topic if w not in _ROLE_WORDS]
    if rest and not ctx.names_document(Analysis(**{**a.__dict__, "topic": rest}), scope):
        return None  # a role in one task ("ai triển khai chuyển đổi số"), not the document's own roles
    _, tasks = ctx.in_scope(scope)
    chosen = [t for t in tasks if getattr(t, "kind", "") in roles]
    if not chosen:
        return None
    return answer_tasks(sorted(chosen, key=task_order), ctx.docs_by_id, ctx.citations, today=ctx.today)
