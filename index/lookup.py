"""Filters over indicator and task records (province, year, document, agency, deadline)."""

from __future__ import annotations

import re
from datetime import date

from corpus.provinces import canonical
from corpus.records import Indicator, Target, Task
from corpus.textnorm import fold


def period_covers(target: Target, year: int) -> bool:
    """True if the target is set for that year: its own year, or a period that spans it."""
    if target.year == year:
        return True
    m = re.fullmatch(r"(\d{4})-(\d{4})", target.period or "")
    return bool(m and int(m.group(1)) <= year <= int(m.group(2)))


# a figure that reports rather than sets a target, as the answers name it (corpus.tables.value_kind)
KIND_WORDS = {"estimate": "ước thực hiện", "actual": "thực hiện"}


def kind_note(target: Target) -> str:
    """' (ước thực hiện)' after a figure that is not a target; '' for a target."""
    word = KIND_WORDS.get(getattr(target, "kind", "target"))
    return f" ({word})" if word else ""


def period_label(target: Target) -> str:
    """'2030', '2026-2030', '2025 (ước thực hiện)': the period a figure is for, and what it is when not a target."""
    return f"{target.period}{kind_note(target)}" if target.period else kind_note(target).strip(" ()")


def filter_indicators(
    items: list[Indicator],
    province: str | None = None,
    year: int | None = None,
    doc: str | None = None,
    agency: str | None = None,
    text: str | None = None,
) -> list[Indicator]:
    """Indicators matching every given filter (province by current name, old names accepted)."""
    want_province = canonical(province) if province else None
    out = []
    for ind in items:
        if province and (want_province is None or ind.province != want_province):
            continue
        if doc and ind.doc_id != doc:
            continue
        if year and not any(period_covers(t, year) for t in ind.targets):
            continue
        if agency and fold(agency) not in fold(f"{ind.lead} {ind.partners}"):
            continue
        if text and fold(text) not in fold(f"{ind.code} {ind.name} {ind.group}"):
            continue
        out.append(ind)
    return out


def filter_tasks(
    items: list[Task],
    agency: str | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    doc: str | None = None,
    province: str | None = None,
) -> list[Task]:
    """Tasks matching every given filter; due_* compare the normalised deadline's end date."""
    want_province = canonical(province) if province else None
    out = []
    for task in items:
        if doc and task.doc_id != doc:
            continue
        if province and task.province != want_province:
            continue
        if agency and fold(agency) not in fold(f"{task.responsible} {task.lead} {task.partners}"):
            continue
        end = date.fromisoformat(task.deadline.end) if task.deadline and task.deadline.end else None
        if due_before and (end is None or end > due_before):
            continue
        if due_after and (end is None or end < due_after):
            continue
        out.append(task)
    return out
