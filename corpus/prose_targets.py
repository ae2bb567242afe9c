"""Indicator records from targets stated in prose: 'Mục tiêu đến năm …' bullets and (1)…(n) lists."""

from __future__ import annotations

import re

from corpus.records import Indicator, ParsedValue, Section
from corpus.sections import section_at
from corpus.tables import Context, make_indicator, period_of
from corpus.textnorm import fold
from corpus.units import STANDALONE_PATTERN, UNIT_PATTERN

_NUM = r"\d+(?:[.,]\d+)*"
_CMP = r"(?:≥|≤|>|<|trên|dưới|tối thiểu|ít nhất|tối đa|không quá|không dưới|khoảng|từ|đạt từ|đạt|chiếm|có|quy mô)"
# a value phrase: optional comparator words, a number or range, a unit-ish tail
_VALUE = re.compile(
    rf"(?:(?:{_CMP})\s+)*{_NUM}(?:\s*[-–]\s*{_NUM})?(?:\s*{UNIT_PATTERN})?(?:\s+trở (?:lên|xuống))?"
    rf"(?:\s*\([^()]{{1,30}}\))?",
    re.IGNORECASE,
)
_RANK = re.compile(r"(?:nằm\s+)?(?:trong|thuộc)\s+nhóm\s+\d+(?:/\d+)?(?:\s+[^\W\d]+){1,2}", re.IGNORECASE)
# a bullet that states a target by itself, wherever it stands: "Đến năm 2030, …", "Phấn đấu …",
# "Giai đoạn 2026-2030, …" (general target wording of plans)
_TARGET_CUE = re.compile(
    r"^(?:(?:đến|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}|giai đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}"
    r"|phấn đấu|mục tiêu)\b",
    re.IGNORECASE,
)
_GOAL_SECTION = re.compile(r"\b(?:muc tieu|chi tieu)\b")  # without a year: bullets need a figure
_NUMBERED = re.compile(r"^\((\d{1,2})\)\s+(.*)$")
_BULLET = re.compile(r"^[-–+•]\s+(.*)$")
_TARGET_SECTION = re.compile(r"\bmuc tieu\b.*\b(den|nam|giai doan)\b.*\d{4}|\bchi tieu\b.*\d{4}")


def value_phrases(clause: str) -> list[str]:
    """Value phrases in a clause: percents, or numbers after a target verb/comparator."""
    found = []
    for m in _VALUE.finditer(clause):
        phrase = m.group(0).strip()
        has_pct = "%" in phrase
        has_cmp = bool(re.match(rf"(?:{_CMP})\s", phrase, re.IGNORECASE))
        number = re.search(_NUM, phrase).group(0)
        is_year = bool(re.fullmatch(r"(19|20)\d{2}", number)) and not has_pct
        before = clause[max(0, m.start() - 6) : m.start()].lower()
        if is_year or "năm " in before[-5:]:
            continue
        tail = phrase[len(re.match(rf"(?:(?:{_CMP})\s+)*", phrase, re.IGNORECASE).group(0)) :]
        # money, measures and shares are targets by their unit; a counted noun ("30 trường") only
        # after a target verb or comparator ("có 30 trường", "đạt 120 giường"), not "tại 09 xã"
        unitful = bool(re.search(rf"\d\s*{STANDALONE_PATTERN}|trở (?:lên|xuống)", phrase, re.IGNORECASE)) and not is_year
        # "có 30 trường": a count is a target when a noun follows it (the match may have
        # swallowed the space before that noun, so look from the end of the stripped phrase)
        end = m.start() + len(m.group(0).rstrip())
        counted = re.match(r"có\s+\d", phrase, re.IGNORECASE) and re.match(r"\s+[^\W\d]", clause[end:])
        # a count of a counted noun after a comparator or target verb ("quy mô 1.000 giường") is a target
        counted_unit = has_cmp and re.search(rf"\d\s*{UNIT_PATTERN}", phrase, re.IGNORECASE)
        if has_pct or unitful or counted or counted_unit or (
                has_cmp and re.search(r"đạt|trên|dưới|tối|ít nhất|chiếm", phrase)):
            found.append(phrase if has_cmp or unitful or has_pct else tail)
    found.extend(m.group(0) for m in _RANK.finditer(clause))
    return found


_LEAD_CUE = re.compile(
    r"^(?:(?:đến|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}|giai đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}"
    r"|phấn đấu(?:\s+(?:đến|tới)\s+năm\s+(?:19|20)\d{2})?)\s*,?\s*",
    re.IGNORECASE,
)
_TAIL_CUE = re.compile(
    r"\s+(?:(?:đến|vào|trong|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}|(?:trong\s+)?giai đoạn\s+(?:19|20)\d{2}"
    r"\s*[-–]\s*(?:19|20)\d{2})\s*,?$",
    re.IGNORECASE,
)
_VERB = re.compile(r"\s*(?:\b(?:đạt|đạt mức|chiếm|là|ở mức|bằng|giữ vững|duy trì)\s*)+$", re.IGNORECASE)
_LEAD_VERB = re.compile(r"^(?:đạt mức|đạt|chiếm|là|ở mức|có|quy mô)\s+(?=\S)", re.IGNORECASE)


def _bare(value: str) -> str:
    """A value phrase without the verb that states it ('đạt trên 85%' → 'trên 85%')."""
    return _LEAD_VERB.sub("", value.strip())


def target_name(clause: str, values: list[str]) -> str:
    """The indicator a target clause names: the words before its value, without the year cue and
    the verb ('Đến năm 2030, tỷ lệ X đạt 85%' → 'tỷ lệ X'). A clause whose value comes first
    ('100% xã đạt chuẩn …') or that leaves fewer than three words keeps its whole text."""
    text = _LEAD_CUE.sub("", clause.strip())
    if not values:
        return text
    at = text.find(values[0])
    if at <= 0:
        return clause
    name = _VERB.sub("", text[:at]).strip(" ,")
    name = _TAIL_CUE.sub("", name).strip(" ,")
    name = _VERB.sub("", name).strip(" ,")
    if len(name.split()) < 3:
        return clause
    return name


def unit_of(phrase: str) -> str:
    """The unit of a value phrase ('đạt 640.000 tỷ đồng' → 'tỷ đồng'; '85%' → '%'), '' when none."""
    m = re.search(rf"\d\s*({UNIT_PATTERN})", phrase, re.IGNORECASE)
    return m.group(1).strip() if m else ""


def _value_ends(clause: str) -> list[int]:
    """Offsets just after each value phrase (where a comma may end one target)."""
    phrases = value_phrases(clause)
    ends = []
    for phrase in phrases:
        at = clause.find(phrase)
        if at >= 0:
            ends.append(at + len(phrase))
    return ends


def _clauses(text: str) -> list[str]:
    """Split a target item into one clause per target: sentences, ';', and ',' after a value."""
    parts = [p.strip(" .") for p in re.split(r";\s+|\.\s+(?=[A-ZĐ0-9])", text) if p.strip(" .")]
    out: list[str] = []
    for part in parts:
        cuts = [e for e in _value_ends(part) if re.match(r",\s+", part[e:])]
        pieces, last = [], 0
        for cut in cuts:
            pieces.append(part[last:cut].strip(" ,"))
            last = cut + 1
        pieces.append(part[last:].strip(" ,"))
        pieces = [p for p in pieces if p]
        if len(pieces) > 1 and all(value_phrases(p) for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out


def _year_of(clause: str, default: tuple[str, int | None]) -> tuple[str, int | None]:
    m = re.search(r"(?:đến|vào|trong)\s+(?:(?:cuối|hết)\s+)?năm\s+((?:19|20)\d{2})", clause, re.IGNORECASE)
    if m:
        return m.group(1), int(m.group(1))
    m = re.search(r"giai đoạn\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", clause, re.IGNORECASE)
    if m:
        return f"{m.group(1)}-{m.group(2)}", int(m.group(2))
    return default


def prose_indicators(
    lines: list[str], sections: list[Section], ctx: Context, doc_period: tuple[str, int | None], skip: set[int]
) -> list[Indicator]:
    """Targets from bullets of 'Mục tiêu … năm YYYY' sections and from numbered (n) target lists."""
    out: list[Indicator] = []
    counters: dict[str, int] = {}
    current_group = ""
    for i, line in enumerate(lines):
        if i in skip or not line.strip():
            continue
        sec = section_at(sections, i + 1)
        numbered = _NUMBERED.match(line)
        bullet = _BULLET.match(line)
        if bullet and line.rstrip().endswith(":") and len(line) < 80:
            current_group = bullet.group(1).rstrip(":").strip()  # "- Về kinh tế:"
            continue
        if numbered:
            code, body, default = f"({numbered.group(1)})", numbered.group(2), doc_period
        elif bullet and (sec and _GOAL_SECTION.search(fold(sec.title)) or _TARGET_CUE.search(bullet.group(1))):
            marker = sec.marker if sec else "0"
            counters[marker] = counters.get(marker, 0) + 1
            code, body = f"{marker}-{counters[marker]}", bullet.group(1)
            default = period_of(sec.title) if sec and period_of(sec.title)[1] else doc_period
            cue = _TARGET_CUE.match(body)
            if cue and period_of(cue.group(0))[1]:
                default = period_of(cue.group(0))
        else:
            continue
        clauses = _clauses(body)
        default = _year_of(body, default)  # "Đến năm 2030, A …, B …": the year covers every clause
        in_target_section = bool(sec and _TARGET_SECTION.search(fold(sec.title)))
        if (numbered or not in_target_section) and not any(value_phrases(c) for c in clauses):
            continue  # a numbered or free-standing item without any figure is not a target
        groups = list(sec.path) if sec else []
        if numbered and current_group:
            groups.append(current_group)
        for n, clause in enumerate(clauses, start=1):
            values = value_phrases(clause)
            period, year = _year_of(clause, default)
            ctx.groups = [("", g) for g in groups]
            raw = "; ".join(_bare(v) for v in values) if values else clause
            ind = make_indicator(
                ctx,
                code=code if len(clauses) == 1 else f"{code}.{n}",
                name=target_name(clause, values),
                unit=unit_of(values[0]) if values else "",
                values=[(period, raw)],
                lines=(i + 1, i + 1),
                source="prose",
            )
            ind.groups = groups
            ind.group = groups[-1] if groups else ""
            if not values:  # a target without a figure ("Hoàn thành phổ cập … vào năm 2035")
                for t in ind.targets:
                    t.value, t.has_target = ParsedValue(qualitative=True), True
            out.append(ind)
    ctx.groups = []
    return out
