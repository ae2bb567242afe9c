"""A province the question names that no document covers: say so before searching."""

from __future__ import annotations

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import Reply, scope_docs


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.provinces and not scope_docs(a, ctx.docs):
        missing = ", ".join(a.unknown_places or a.provinces)
        return Reply("not_found", [], [], f"Kho văn bản hiện chưa có văn bản nào của {missing}.")
    return None
