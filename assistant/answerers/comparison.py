"""Comparisons: one table row per subject (named documents, else provinces) and year, each with its source."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.analysis import DEADLINE, Analysis
from assistant.answerers import deadline
from assistant.context import Context
from assistant.structured import (
    Reply,
    add_other_parts,
    best_matches,
    cite_indicator,
    doc_label,
    indicator_text,
    rank_indicators,
    scope_docs,
    shown_value,
    targets_for,
)
from corpus.records import Indicator, Target
from index.lookup import period_label


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent != "comparison":
        return None
    c = ctx.citations
    if len(a.doc_ids) >= 2 or (a.doc_ids and not a.provinces):
        subjects = [(doc_label(d), [d]) for d in ctx.docs if d.doc_id in a.doc_ids]
    else:
        provinces = a.provinces or sorted({d.province for d in ctx.docs if d.province})
        subjects = [(p, [d for d in scope_docs(a, ctx.docs) if d.province == p] if a.doc_ids
                     else [d for d in ctx.docs if d.province == p]) for p in provinces]
    if re.search(DEADLINE, a.folded) and len(subjects) >= 2:
        return _deadlines(a, ctx, subjects)
    span = (min(a.years), max(a.years)) if a.year_range and len(a.years) >= 2 else None
    years: list[int | None] = [None] if span or not a.years else list(a.years)
    rows, facts, notes = [], [], []
    for subject, scope in subjects:
        if not scope:
            notes.append(f"{subject}: chưa có văn bản trong kho")
            continue
        inds, _ = ctx.in_scope(scope)
        boost = ctx.retrieval_boost(a, scope, ["indicator"])
        for y in years:
            sub = Analysis(**{**a.__dict__, "years": [y] if y else []})
            scored = _figures_first([(sc, i) for sc, i in rank_indicators(sub, inds, ctx.record_scorer, boost)
                                     if not y or any(t.has_target for t in targets_for(i, [y]))], y)
            first = best_matches(scored)[:1]
            if not first and len(a.topic) >= 6:  # two indicators compared at once: each covers half
                first = best_matches(scored, 0.45)[:1]
            matches = add_other_parts(sub, first, scored, ctx.record_scorer, indicator_text)
            if not matches:
                notes.append(f"{subject}{f' năm {y}' if y else ''}: không tìm thấy chỉ tiêu này")
                continue
            for score, ind in matches:
                n = cite_indicator(c, ind)
                doc = ctx.docs_by_id[ind.doc_id]
                targets = [t for t in (targets_for(ind, [y]) if y else ind.targets) if t.has_target]
                if span:
                    targets = [t for t in targets if t.year and span[0] <= t.year <= span[1]]
                for t in targets:
                    # the same target stated again in the document (a prose goal and its table row) is cited too
                    also = "".join(f"[{cite_indicator(c, j)}]" for j in _restated(ind, t, score, scored))
                    rows.append(f"| {subject} | {period_label(t)} | {shown_value(t, ind.unit)} | {ind.name} | "
                                f"{doc_label(doc)} [{n}]{also} |")
                    facts.append({"type": "target", "record_id": ind.id, "doc_id": ind.doc_id, "province": ind.province,
                                  "year": t.year, "period": t.period, "value": t.raw, "indicator": ind.name,
                                  "citation": n})
    if not rows:
        return Reply("not_found", [], [], "; ".join(notes))
    table = ["| Đối tượng | Năm/giai đoạn | Mục tiêu | Chỉ tiêu | Nguồn |", "|---|---|---|---|---|", *rows]
    return Reply("answered", table, facts, "; ".join(notes))


def _deadlines(a: Analysis, ctx: Context, subjects: list) -> Reply:
    """"Hạn … của Hà Nội và Lai Châu, bên nào sớm hơn?": each subject's deadline, answered as a deadline
    question about that subject alone."""
    lines, facts, notes = [], [], []
    for subject, scope in subjects:
        ids = [d.doc_id for d in scope]
        provinces = sorted({d.province for d in scope if d.province})
        reply = deadline.try_answer(replace(a, intent="deadline", doc_ids=ids, provinces=provinces), ctx) if scope \
            else None
        if reply is None or reply.status != "answered":
            notes.append(f"{subject}: không tìm thấy thời hạn này")
            continue
        lines += [f"_{subject}:_", *reply.lines]
        facts += reply.facts
    if not lines:
        return Reply("not_found", [], [], "; ".join(notes))
    return Reply("answered", lines, facts, "; ".join(notes))


FIGURE_MARGIN = 0.2  # a target stated as a figure this close to the best one is compared instead of a wording


def _figures_first(scored: list[tuple[float, Indicator]], year: int | None) -> list[tuple[float, Indicator]]:
    """Targets compared by their figures: a target stated only in words ("Xây dựng trường … đạt chuẩn") gives way
    to one stated as a figure that matches about as well."""
    def figure(i: Indicator) -> bool:
        return any(t.value is not None and not t.value.qualitative
                   for t in (targets_for(i, [year]) if year else i.targets) if t.has_target)

    if not scored or figure(scored[0][1]):
        return scored
    top = scored[0][0]
    close = [(sc, i) for sc, i in scored if sc >= top - FIGURE_MARGIN and figure(i)]
    if not close:
        return scored
    return close + [x for x in scored if x not in close]


def _restated(ind: Indicator, t: Target, score: float, scored: list[tuple[float, Indicator]]) -> list[Indicator]:
    """Other records of the same document stating the same figure for the same year, about as well matched."""
    out = []
    for sc, other in scored:
        if other is ind or other.doc_id != ind.doc_id or sc < score - 0.15 or len(out) >= 1:
            continue
        same = [u for u in targets_for(other, [t.year]) if t.year and u.has_target and u.value and t.value
                and (u.value.low, u.value.high) == (t.value.low, t.value.high)]
        if same:
            out.append(other)
    return out
