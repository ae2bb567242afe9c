"""The chain of answerers, one per kind of question, each `try_answer(analysis, context) -> Reply | None`.

The first answerer that returns a reply answers; its name is the answer's ``path``. Order matters only
where two could answer: scope problems first, then a follow-up naming the previous answer's record ("chỉ tiêu
đó"), then a task named by number, then the answerer of the
question's intent, and the passages answerer last (it always replies)."""

from __future__ import annotations

import logging
import re
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
    previous,
    records,
    roles,
    scope,
    section,
)
from assistant.context import Context
from assistant.structured import Reply, indicator_text, task_text
from corpus.provinces import PROVINCES
from corpus.records import Task
from corpus.textnorm import fold

log = logging.getLogger("kehoach.answerers")

Answerer = Callable[[Analysis, Context], Reply | None]

CHAIN: list[tuple[str, Answerer]] = [
    ("scope", scope.try_answer),
    ("previous", previous.try_answer),
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
            _check_claim(a, reply)
            _check_figures(a, reply)
            reply = _names_given(a, reply)
            reply = _rank_given(a, reply, ctx)
            path = reply.path or name
            log.info("answered by %s (%s)", path, reply.status)
            return path, reply
    raise AssertionError("the passages answerer always replies")


# a proper name: two or more capitalised syllables ("Y Tý", "Lục Yên", "Thái Nguyên")
_PROVINCE_NAMES = {fold(p) for p in PROVINCES} | {"viet nam"}


def _proper_names(clause: str) -> list[str]:
    """Runs of two or more capitalised words ("Y Tý", "Lục Yên", "Thái Nguyên"): names of places and bodies."""
    names, run = [], []
    for word in [*re.findall(r"[^\W\d_]+|\S", clause), "."]:
        if word[:1].isalpha() and word[:1].isupper():
            run.append(word)
            continue
        if len(run) >= 2:
            names.append(" ".join(run))
        run = []
    return names


def _names_given(a: Analysis, reply: Reply) -> Reply:
    """Names asked ("cụ thể là những xã nào") and an answer that only counts them ("tại 09 xã biên giới"): the
    documents do not name them. Names are given when a proper name other than a province's follows the kind
    asked within its clause."""
    if not a.names_asked or reply.status != "answered" or a.intent in {"docfact", "agency", "deadline", "basis"}:
        return reply
    text = "\n".join(reply.lines)
    kind = re.escape(a.names_asked)
    for clause in re.finditer(rf"(?i:\b{kind})\b[^.;\n«»]{{0,120}}", text):
        # a province's name ("… tại Hải Phòng") says where, not which one
        if any(fold(n) not in _PROVINCE_NAMES for n in _proper_names(clause.group(0)[len(a.names_asked):])):
            return reply
    out = Reply("not_found", [], [], f"văn bản không nêu tên các {a.names_asked} được hỏi (chỉ nêu số lượng hoặc "
                                     f"nói chung).")
    out.path = reply.path
    return out


def _rank_given(a: Analysis, reply: Reply, ctx: Context) -> Reply:
    """The one item asked by its place in a list ("trường thứ sáu là trường nào") when the record lists fewer
    ("06 trường (A, B, C, D, E)": five names): the document does not name it."""
    if not a.ordinal or reply.status != "answered":
        return reply
    kind = re.escape(a.names_asked)
    records = [ctx.records.by_id.get(f.get("record_id")) for f in reply.facts if isinstance(f, dict)]
    texts = [task_text(r) if isinstance(r, Task) else indicator_text(r) for r in records if r is not None]
    texts = texts or ["\n".join(reply.lines)]
    for text in texts:
        for m in re.finditer(rf"(?i:\b{kind})\b[^()\n]{{0,80}}\(([^()]{{3,400}})\)", text):
            named = [x for x in re.split(r"[,;]", m.group(1)) if _proper_names(x) or re.search(r"[A-ZĐ]\w*\s", x)]
            if len(named) >= a.ordinal:
                return reply
            if named:
                listed = "; ".join(x.strip() for x in named)
                out = Reply("not_found", [], [], f"văn bản chỉ nêu tên {len(named)} {a.names_asked} ({listed}), "
                                                 f"không có {a.names_asked} thứ {a.ordinal}.")
                out.path = reply.path
                return out
    return reply


def _plain_number(n: str) -> str:
    """A number as digits and a decimal comma: "5.000" → "5000", "0.65" → "0,65" (thousands dots dropped)."""
    n = re.sub(r"[.,](?=\d{3}(?!\d))", "", n) if re.search(r"[.,]\d{3}(?!\d)", n) else n
    return n.replace(".", ",")


def _check_figures(a: Analysis, reply: Reply) -> None:
    """A yes/no check of a figure ("Có đúng là … đón 5 triệu lượt khách không?") answered from the documents: say
    first whether the figures claimed are among those quoted, without repeating a figure the documents do not give."""
    if not a.claimed_figures or reply.status != "answered":
        return
    quoted = {_plain_number(n) for n in re.findall(r"(?<![\w.,])\d+(?:[.,]\d+)*", "\n".join(reply.lines))}
    if all(_plain_number(n) in quoted for n in a.claimed_figures):
        verdict = "Đối chiếu: con số nêu trong câu hỏi có trong văn bản — xem trích dẫn dưới đây (kiểm tra đúng năm, đúng chỉ tiêu)."
    else:
        verdict = "Đối chiếu: không đúng — văn bản ghi con số khác với con số nêu trong câu hỏi, như trích dẫn dưới đây."
    reply.lines.insert(0, verdict)


def _check_claim(a: Analysis, reply: Reply) -> None:
    """A yes/no check of a deadline ("Có đúng là … trong tháng 11/2025 không?") answered by a task: say first
    whether the document's deadline falls in the time claimed (without repeating the claim as a fact)."""
    if not a.claimed_period or reply.status != "answered":
        return
    due = next((f for f in reply.facts if f.get("type") == "task" and f.get("due_end")), None)
    if due is None:
        return
    start, end = a.claimed_period
    if start <= due["due_end"] <= end:
        verdict = f"Đối chiếu: đúng — văn bản ghi thời hạn «{due['deadline']}»."
    else:
        verdict = f"Đối chiếu: không đúng — văn bản ghi thời hạn «{due['deadline']}», khác với thời điểm nêu trong câu hỏi."
    reply.lines.insert(0, verdict)
