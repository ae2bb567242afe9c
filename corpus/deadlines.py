"""Normalise Vietnamese deadline phrases ("tháng 12/2025", "Quý II năm 2027", "Thường xuyên")."""

from __future__ import annotations

import calendar
import re
from datetime import date

from corpus.records import Deadline
from corpus.textnorm import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
SCHOOL_YEAR_START_MONTH = 9  # a Vietnamese school year runs September → May


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    """A calendar date, or None for numbers that are not one ("152/2025/NQ", "31/2/2026")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _milestones(folded: str) -> list[dict]:
    """Every dated expression in a folded deadline phrase, in order of appearance."""
    found: list[tuple[int, dict]] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], kind: str, start: date, end: date, **extra: object) -> None:
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        prefix = folded[max(0, m.start() - 12) : m.start()]
        relation = "before" if re.search(r"(truoc|cham nhat)\s*$", prefix) else (
            "from" if re.search(r"(tu|bat dau)\s*$", prefix) else "by"
        )
        found.append((m.start(), {"kind": kind, "text": m.group(0), "start": _iso(start),
                                  "end": _iso(end), "relation": relation, **extra}))

    for m in re.finditer(r"nam hoc\s*(\d{4})\s*[-–]\s*(\d{4})", folded):
        y1, y2 = int(m.group(1)), int(m.group(2))
        add(m, "school_year", date(y1, SCHOOL_YEAR_START_MONTH, 1), date(y2, 5, 31))
    for m in re.finditer(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", folded):
        d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            add(m, "date", d, d)
    for m in re.finditer(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})", folded):
        d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            add(m, "date", d, d)
    # "quý III-IV/2026", "quý III và quý IV năm 2026": the quarters from the first to the last
    for m in re.finditer(r"quy\s*(iv|iii|ii|i|[1-4])\s*(?:[-–,]|va|den)\s*(?:quy\s*)?(iv|iii|ii|i|[1-4])\b\s*"
                         r"(?:nam\s*|/\s*)?(\d{4})", folded):
        q1, q2, y = _ROMAN[m.group(1)], _ROMAN[m.group(2)], int(m.group(3))
        if q1 < q2:
            add(m, "quarter", _month_range(y, 3 * q1 - 2)[0], _month_range(y, 3 * q2)[1])
    # "6 tháng đầu năm 2027" / "6 tháng cuối năm 2026": a half year
    for m in re.finditer(r"(?:6|06|sau)\s*thang\s*(dau|cuoi)\s*nam\s*(\d{4})", folded):
        y = int(m.group(2))
        first = m.group(1) == "dau"
        add(m, "half_year", date(y, 1 if first else 7, 1), _month_range(y, 6 if first else 12)[1])
    # "đầu năm 2027" is its first quarter; "giữa năm 2026" its middle months, June and July (mid-year sessions
    # and reviews); "cuối năm 2026" its last quarter — due at the end of each, not on 31 December
    for m in re.finditer(r"(dau|giua|cuoi)\s*nam\s*(\d{4})", folded):
        y = int(m.group(2))
        first, last = {"dau": (1, 3), "giua": (6, 7), "cuoi": (10, 12)}[m.group(1)]
        add(m, "part_year", date(y, first, 1), _month_range(y, last)[1])
    for m in re.finditer(r"quy\s*(iv|iii|ii|i|[1-4])\b\s*(?:nam\s*|/\s*)?(\d{4})", folded):
        q, y = _ROMAN[m.group(1)], int(m.group(2))
        add(m, "quarter", _month_range(y, 3 * q - 2)[0], _month_range(y, 3 * q)[1])
    for m in re.finditer(r"thang\s*(\d{1,2})\s*(?:/|nam)\s*(\d{4})", folded):
        if 1 <= int(m.group(1)) <= 12:
            s, e = _month_range(int(m.group(2)), int(m.group(1)))
            add(m, "month", s, e)
    for m in re.finditer(r"(?:giai doan\s*)?(\d{4})\s*[-–]\s*(\d{4})", folded):
        add(m, "period", date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31))
    for m in re.finditer(r"(?:nam\s*)(\d{4})", folded):
        y = int(m.group(1))
        add(m, "year", date(y, 1, 1), date(y, 12, 31))
    return [ms for _, ms in sorted(found, key=lambda x: x[0])]


_RECURRING = r"thuong xuyen|hang nam|hang quy|hang thang|dinh ky|lien tuc|moi nam|moi quy|moi thang"
# a report named by the period it covers ("báo cáo 6 tháng", "báo cáo năm", "báo cáo quý") comes back each period
_PERIODIC_REPORT = r"\bbao cao (?:6 thang|sau thang|quy|thang|nam)\b(?!\s*(?:\d|hoc))"
# a day of the month with no year: "ngày 15/12", "ngày 15 tháng 12" (folded)
_DAY_NO_YEAR = re.compile(r"(ngay\s*\d{1,2}\s*/\s*\d{1,2})\b(?!\s*/\s*\d)|(ngay\s*\d{1,2}\s*thang\s*\d{1,2})\b(?!\s*nam)")
_DAY_NEXT_PERIOD = r"ngay\s*\d{1,2}\s+(?:cua\s+)?(?:thang|quy)\s+(?:sau|tiep theo|ke tiep|cuoi)"


def parse_deadline(raw: str, clause: str = "", year: int | None = None) -> Deadline:
    """Deadline phrase → kind, start/end ISO dates, recurring flag and every milestone.

    A day of the month with no year ("trước ngày 15/12") comes back every year only when the phrase or its
    clause says so ("hằng năm", "định kỳ", "thường xuyên", a "báo cáo 6 tháng/năm/quý") or it lists several
    days ("trước ngày 15/6 và 15/12", a schedule); otherwise it is in `year` (the year the document
    is for) when given, and left open (kind "day", no dates) when not. "Ngày 05 của tháng sau" is monthly."""
    text = re.sub(r"\s+", " ", raw).strip().rstrip(".")
    folded = fold(text)
    if re.search(_RECURRING, folded) and not re.search(r"\d{4}", folded):
        return Deadline(raw=text, kind="recurring", recurring=True)
    if not re.search(r"\d{4}", folded) and re.search(_DAY_NEXT_PERIOD, folded):
        return Deadline(raw=text, kind="recurring", recurring=True)
    if not re.search(r"\d{4}", folded) and _DAY_NO_YEAR.search(folded):
        # several days of the year listed without one ("trước ngày 15/6 và 15/12") are a schedule
        several = len(re.findall(r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}\b(?!\s*/\s*\d)", folded)) > 1
        if several or re.search(_RECURRING, fold(clause)) or re.search(_PERIODIC_REPORT, f"{folded} {fold(clause)}"):
            return Deadline(raw=text, kind="recurring", recurring=True)
        if year is None:
            return Deadline(raw=text, kind="day")
        # every day of the phrase in that year ("trước ngày 10/6 và 10/12" → both)
        folded = re.sub(r"(?<![\d/])(\d{1,2}\s*/\s*\d{1,2})\b(?!\s*/\s*\d)", rf"\1/{year}", folded)
        folded = re.sub(r"(ngay\s*\d{1,2}\s*thang\s*\d{1,2})\b(?!\s*nam)", rf"\1 nam {year}", folded)
    if re.fullmatch(r"(?:19|20)\d{2}", folded):  # a deadline cell that gives only the year ("2026")
        return Deadline(raw=text, kind="year", start=f"{folded}-01-01", end=f"{folded}-12-31")
    milestones = _milestones(folded)
    if not milestones:
        return Deadline(raw=text, kind="unknown")
    due = [m for m in milestones if m["relation"] != "from"] or milestones
    last = max(due, key=lambda m: m["end"])
    end = last["end"]
    if last["relation"] == "before" and last["kind"] != "date":
        # "trước năm học 2028-2029", "trước tháng 10/2026": due the day before it starts; "trước (ngày)
        # 15/12/2026" is due on that day, as the numeric "trước ngày 15/12/2026" always was
        end = (date.fromisoformat(last["start"]).toordinal() - 1)
        end = date.fromordinal(end).isoformat()
    start = min(m["start"] for m in milestones)
    kind = "before" if last["relation"] == "before" else last["kind"]
    return Deadline(raw=text, kind=kind, start=start, end=end, milestones=milestones)


def status(deadline: Deadline | None, today: date, soon_days: int = 30) -> str:
    """'recurring', 'overdue', 'due_soon', 'upcoming' or 'unknown' relative to today."""
    if deadline is None or deadline.kind == "unknown":
        return "unknown"
    if deadline.recurring:
        return "recurring"
    end = date.fromisoformat(deadline.end) if deadline.end else None
    if end is None:
        return "unknown"
    if end < today:
        return "overdue"
    if (end - today).days <= soon_days:
        return "due_soon"
    return "upcoming"
