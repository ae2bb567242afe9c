"""The last answerer: quote the sentences of the best passages that cover the question."""

from __future__ import annotations

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.structured import Reply, scope_docs


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    return ctx.extractive(a, scope_docs(a, ctx.docs), want_number=a.asks_figure)
