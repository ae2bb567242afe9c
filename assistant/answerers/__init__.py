"""The chain of answerers, one per kind of question, each `try_answer(analysis, context) -> Reply | None`.

The first answerer that returns a reply answers; its name is the answer's ``path``. Order matters only
where two could answer: scope problems first, then a task named by number, then the answerer of the
question's intent, and the passages answerer last (it always replies)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from assistant.analysis import Analysis
from assistant.answerers import (
    basis,
    change,
    comparison,
    deadline,
    docfact,
    lists,
    named_task,
    passages,
    records,
    roles,
    scope,
    section,
)
from assistant.context import Context
from assistant.structured import Reply

log = logging.getLogger("kehoach.answerers")

Answerer = Callable[[Analysis, Context], Reply | None]

CHAIN: list[tuple[str, Answerer]] = [
    ("scope", scope.try_answer),
    ("task", named_task.try_answer),
    ("basis", basis.try_answer),
    ("docfact", docfact.try_answer),
    ("change", change.try_answer),
    ("comparison", comparison.try_answer),
    ("list", lists.try_answer),
    ("deadline", deadline.try_answer),
    ("roles", roles.try_answer),
    ("record", records.try_answer),
    ("section", section.try_answer),
    ("record_open", records.try_answer_open),
    ("passages", passages.try_answer),
]


def answer(a: Analysis, ctx: Context) -> tuple[str, Reply]:
    """(path, reply) from the first answerer that replies."""
    for name, try_answer in CHAIN:
        reply = try_answer(a, ctx)
        if reply is not None:
            path = reply.path or name
            log.info("answered by %s (%s)", path, reply.status)
            return path, reply
    raise AssertionError("the passages answerer always replies")
