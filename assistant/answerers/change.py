"""A target's change between years ("tăng từ … lên …", "thay đổi thế nào từ 2030 sang 2035")."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.analysis import Analysis
from assistant.answerers import comparison
from assistant.answerers.records import gate, ranked
from assistant.context import Context
from assistant.structured import (
    Reply,
    best_matches,
    cite_indicator,
    doc_label,
    per_doc_best,
    scope_docs,
    shown_value,
    where,
)
from corpus.records import Indicator
from index.lookup import period_covers, period_label


def _has(ind: Indicator, year: int) -> bool:
    return any(t.has_target and period_covers(t, year) for t in ind.targets)


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent != "change":
        return None
    scope = scope_docs(a, ctx.docs)
    years = sorted(a.years)
    ind_scored, task_scored, boost = ranked(replace(a, years=[]), scope, ctx)
    if len(years) >= 2:
        ind_scored = [(s, i) for s, i in ind_scored if _has(i, years[0]) and _has(i, years[-1])]
    else:
        ind_scored = [(s, i) for s, i in ind_scored if sum(t.has_target for t in i.targets) >= 2]
    matches = per_doc_best(best_matches(ind_scored))
    if not matches and len(years) >= 2:
        # a plan that sets each milestone in its own group of rows ("I. Đến năm 2030", "II. Đến năm 2035"): no
        # one row holds both years, so each year's row is found as in a comparison over the years
        return comparison.try_answer(replace(a, intent="comparison"), ctx)
    if not matches:
        return None
    confidence, refusal = gate(a, ctx, matches[0][1], ind_scored, [], boost)
    if refusal:
        return refusal
    # "tăng từ bao nhiêu năm X lên bao nhiêu năm Y": the two ends; "qua các năm", "thay đổi ra sao": every step
    ends_only = len(years) == 2 and bool(re.search(r"\btu\b.{0,80}\b(?:len|xuong)\b", a.folded))
    lines, facts = [], []
    for _, ind in matches:
        targets = [t for t in ind.targets if t.has_target and (len(years) < 2 or (
            not ends_only and t.year is not None and years[0] <= t.year <= years[-1])
            or any(period_covers(t, y) for y in years))]
        if len(targets) < 2:
            continue
        n = cite_indicator(ctx.citations, ind)
        steps = " → ".join(f"{period_label(t)}: {shown_value(t, ind.unit)}" for t in targets)
        unit = f" (đơn vị: {ind.unit})" if ind.unit else ""
        lines.append(f"- {doc_label(ctx.docs_by_id[ind.doc_id])}, {where(ind)}: «{ind.name}» — {steps}{unit} [{n}]")
        facts.extend({"type": "target", "record_id": ind.id, "doc_id": ind.doc_id, "province": ind.province, "indicator": ind.name,
                      "year": t.year, "period": t.period, "value": t.raw, "kind": t.kind,
                      "citation": n} for t in targets)
    if not lines:
        return None
    reply = Reply("answered", lines, facts)
    reply.confidence = confidence
    return reply
