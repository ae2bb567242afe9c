"""Random records and document heads from a seeded random.Random.

Expected values are computed here, independently of the corpus parsers (deadline end dates
follow the contract of corpus.deadlines.parse_deadline: the last day of the month, quarter,
year, period; 31 May of a school year's second year; the date itself for "trước ngày d/m/y";
recurring phrases without a year have no end).
"""

from __future__ import annotations

import calendar
import random

from corpus.provinces import PROVINCES
from docgen import vocab
from docgen.model import (
    ExpDeadline,
    ExpIndicator,
    ExpMeta,
    ExpTarget,
    ExpTask,
    GenDoc,
    Header,
    Signature,
)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
QUARTER_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

DOC_TYPES = {  # type line -> (doc_type, number kind, issued by the council)
    "KẾ HOẠCH": ("Kế hoạch", "KH", False),
    "QUYẾT ĐỊNH": ("Quyết định", "QĐ", False),
    "NGHỊ QUYẾT": ("Nghị quyết", "NQ", True),
    "ĐỀ ÁN": ("Đề án", "ĐA", False),
    "CHƯƠNG TRÌNH": ("Chương trình", "CTr", False),
}


def upper_vi(text: str) -> str:
    return text.upper()


def thousands(n: int) -> str:
    """Vietnamese digit grouping: 640000 -> '640.000'."""
    return f"{n:,}".replace(",", ".")


def person_name(rng: random.Random) -> str:
    words = [rng.choice(vocab.SURNAMES)]
    if rng.random() < 0.85:
        words.append(rng.choice(vocab.MIDDLE))
    words.append(rng.choice(vocab.GIVEN))
    return " ".join(words)


def agency_pool(unit: str) -> list[str]:
    return [a.format(unit=unit) for a in vocab.AGENCIES]


def agencies(rng: random.Random, doc: GenDoc, k: int, exclude: tuple[str, ...] = ()) -> list[str]:
    pool = [a for a in agency_pool(doc.unit) if a not in exclude]
    return rng.sample(pool, k)


def split_title(text: str, width: int = 64) -> list[str]:
    """Wrap a subject over lines of at most `width` characters at word boundaries."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}".strip()
    if cur:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------- document head


def make_doc(seed: int, type_line: str | None = None, *, province: str | None = None) -> GenDoc:
    """A document skeleton: province, header, signature and expected metadata (no records)."""
    rng = random.Random(seed * 7919 + 17)
    province = province or rng.choice(sorted(PROVINCES))
    unit = "thành phố" if province in vocab.CITIES else "tỉnh"
    type_line = type_line or rng.choice(["KẾ HOẠCH", "KẾ HOẠCH", "ĐỀ ÁN", "CHƯƠNG TRÌNH"])
    doc_type, kind, council = DOC_TYPES[type_line]
    body = "HỘI ĐỒNG NHÂN DÂN" if council else "ỦY BAN NHÂN DÂN"
    body_conv = "Hội đồng nhân dân" if council else "Ủy ban nhân dân"
    year = rng.choice([2025, 2026])
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    number = rng.randint(1, 999)
    if kind == "NQ":
        so_hieu = f"{number}/{year}/NQ-HĐND" if rng.random() < 0.5 else f"{number}/NQ-HĐND"
    else:
        so_hieu = f"{number}/{kind}-UBND"
    place = "Thành phố Hồ Chí Minh" if province == "Hồ Chí Minh" else province
    unit_upper = upper_vi(f"{unit} {province}")
    issuer_lines = [body, unit_upper] if rng.random() < 0.6 else [f"{body} {unit_upper}"]
    day_txt = f"{day:02d}" if rng.random() < 0.3 else str(day)
    month_txt = f"{month:02d}" if rng.random() < 0.3 and month < 10 else str(month)
    place_date = f"{place}, ngày {day_txt} tháng {month_txt} năm {year}"

    start = year + 1 if month > 9 else year
    frame = rng.choice([
        f"giai đoạn {start}-{start + 4}", f"đến năm {start + 4}", f"năm {start}",
        "đến năm 2030, tầm nhìn đến năm 2045",
    ])
    subject_core = f"{rng.choice(vocab.PLAN_SUBJECTS)} {unit} {province} {frame}"
    if kind == "QĐ":
        subject = f"Ban hành Kế hoạch {subject_core}"
    elif kind == "NQ":
        subject = f"Về {subject_core}"
    else:
        verb = rng.choice(vocab.PLAN_VERBS)
        subject = f"{verb} {subject_core}"
    header = Header(
        issuer_lines=issuer_lines,
        so_line=f"Số: {so_hieu}",
        place_date=place_date,
        type_line=type_line,
        subject_lines=split_title(subject),
        date_numeric=f"{day:02d}/{month:02d}/{year}",
    )
    name = person_name(rng)
    if council:
        sig = ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"] if rng.random() < 0.5 else ["CHỦ TỊCH"]
    elif kind == "QĐ":
        sig = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if rng.random() < 0.6 else ["CHỦ TỊCH"]
    else:
        sig = ["TM. ỦY BAN NHÂN DÂN", *(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if rng.random() < 0.6 else ["CHỦ TỊCH"])]
    meta = ExpMeta(
        so_hieu=so_hieu,
        date_issued=f"{year}-{month:02d}-{day:02d}",
        doc_type=doc_type,
        issuer=f"{body_conv} {unit} {province}",
        signer=name,
        title=f"{doc_type} {subject}",
        province=province,
    )
    return GenDoc(seed=seed, province=province, unit=unit, header=header, signature=Signature(sig, name),
                  meta=meta, extra={"year": year, "place": place, "body": body, "subject": subject})


# ---------------------------------------------------------------- indicators

KINDS = ["percent", "percent", "percent", "count", "money", "index", "rate", "qualitative"]


def _name_and_unit(rng: random.Random, kind: str) -> tuple[str, str]:
    if kind == "percent":
        pops, preds = rng.choice(vocab.PERCENT_NAMES)
        return f"Tỷ lệ {rng.choice(pops)} {rng.choice(preds)}", "%"
    table = {"count": vocab.COUNT_NAMES, "money": vocab.MONEY_NAMES, "index": vocab.INDEX_NAMES,
             "rate": vocab.RATE_NAMES, "qualitative": vocab.QUALITATIVE_NAMES}[kind]
    return rng.choice(table)


def table_value(rng: random.Random, kind: str, none_rate: float = 0.12) -> str:
    """A target cell as tables write it (the unit is in its own column)."""
    if rng.random() < none_rate:
        return "-"
    if kind == "percent":
        n = rng.randint(40, 99)
        return rng.choice([str(n), f"≥ {n}", f"> {n}", f"{n - rng.randint(5, 15)}-{n}", f"≥ {n}%", f"{n},5", "100"])
    if kind == "count":
        n = rng.choice([rng.randint(3, 95), rng.randint(1000, 250000)])
        return rng.choice([thousands(n), f"≥ {thousands(n)}", f"{n // 2}-{n}" if n < 1000 else thousands(n)])
    if kind == "money":
        n = rng.choice([rng.randint(45, 180), rng.randint(10000, 900000)])
        return rng.choice([thousands(n), f"≥ {thousands(n)}", f"{n},5" if n < 1000 else thousands(n)])
    if kind == "index":
        d = rng.randint(60, 95)
        return rng.choice([f"0,{d}", f"> 0,{d // 10}", f"≥ 0,{d}"])
    if kind == "rate":
        n = rng.randint(5, 10)
        return rng.choice([str(n), f"≥ {n}", f"{n}-{n + 1}", f"{n},5"])
    return rng.choice(["Đạt", "Hoàn thành", "Duy trì"])


def prose_value(rng: random.Random, kind: str) -> str:
    """A value phrase as prose writes it, unit included ('trên 85%', '640.000 tỷ đồng')."""
    if kind == "percent":
        n = rng.randint(40, 99)
        return rng.choice([f"{n}%", f"trên {n}%", f"tối thiểu {n}%", f"{n},5%"])
    n = rng.randint(10000, 900000)
    return rng.choice([f"{thousands(n)}", f"trên {thousands(n)}"])


def gen_indicators(
    rng: random.Random,
    doc: GenDoc,
    n: int,
    periods: list[str],
    *,
    kinds: list[str] | None = None,
    lead: bool = True,
    partners: bool = False,
    none_rate: float = 0.12,
) -> list[ExpIndicator]:
    """n indicators with distinct names, one target per period."""
    out: list[ExpIndicator] = []
    seen: set[str] = set()
    kinds = kinds or KINDS
    while len(out) < n:
        kind = rng.choice(kinds)
        name, unit = _name_and_unit(rng, kind)
        if name in seen:
            continue
        seen.add(name)
        targets = [ExpTarget(p, table_value(rng, kind, none_rate)) for p in periods]
        if all(t.raw == "-" for t in targets):
            targets[-1].raw = table_value(rng, kind, 0)
        ind = ExpIndicator(name=name, unit=unit, targets=targets, kind=kind)
        if lead:
            ind.lead = rng.choice(agency_pool(doc.unit))
        if partners:
            ind.partners = agencies(rng, doc, rng.randint(0, 3), exclude=(ind.lead or "",))
        out.append(ind)
    return out


def gen_prose_indicators(rng: random.Random, doc: GenDoc, n: int, years: list[int]) -> list[ExpIndicator]:
    """Indicators stated in prose: percent and money targets whose unit is in the value."""
    out: list[ExpIndicator] = []
    seen: set[str] = set()
    while len(out) < n:
        kind = rng.choice(["percent", "percent", "percent", "money"])
        name, unit = _name_and_unit(rng, kind)
        if kind == "money":
            unit = "tỷ đồng"
            name = rng.choice([m for m, u in vocab.MONEY_NAMES if u == "tỷ đồng"])
        if name in seen:
            continue
        seen.add(name)
        raw = prose_value(rng, kind)
        if kind == "money":
            raw = f"{raw} tỷ đồng"
        out.append(ExpIndicator(name=name, unit=unit, targets=[ExpTarget(str(rng.choice(years)), raw)], kind=kind))
    return out


# ---------------------------------------------------------------- deadlines


def _month_end(y: int, m: int) -> str:
    return f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def gen_deadline(rng: random.Random, year: int, *, prose: bool = False, recurring_rate: float = 0.15) -> ExpDeadline:
    """A deadline written in one of the usual forms, with its expected end date.

    With prose=True the phrase reads inside a sentence ("quý II/2026", "trước ngày 30/6/2026").
    """
    y = year + rng.randint(0, 2)
    if rng.random() < recurring_rate:
        raw = rng.choice(["Thường xuyên", "Hằng năm", "Trước ngày 15/12 hằng năm", "Định kỳ hằng quý"])
        if prose:
            raw = rng.choice(["trước ngày 15/12 hằng năm", "thường xuyên", "hằng năm"])
        return ExpDeadline(raw, None, True)
    form = rng.choice(["month", "quarter", "date", "year", "school", "period"])
    if form == "month":
        m = rng.randint(1, 12)
        raw = rng.choice([f"Tháng {m}/{y}", f"tháng {m} năm {y}", f"Trong tháng {m}/{y}",
                          f"Hoàn thành trong tháng {m}/{y}"]) if not prose else f"tháng {m}/{y}"
        return ExpDeadline(raw, _month_end(y, m))
    if form == "quarter":
        q = rng.randint(1, 4)
        r = QUARTER_ROMAN[q]
        raw = rng.choice([f"Quý {r} năm {y}", f"quý {r}/{y}", f"Quý {r}/{y}"])
        if prose:
            raw = raw[:1].lower() + raw[1:]
        return ExpDeadline(raw, _month_end(y, 3 * q))
    if form == "date":
        m = rng.randint(1, 12)
        d = rng.randint(1, calendar.monthrange(y, m)[1])
        raw = rng.choice([f"trước ngày {d}/{m}/{y}", f"Trước ngày {d}/{m}/{y}"]) if not prose else f"trước ngày {d}/{m}/{y}"
        return ExpDeadline(raw, f"{y}-{m:02d}-{d:02d}")
    if form == "year":
        raw = rng.choice([f"Năm {y}", f"Trong năm {y}"]) if not prose else f"năm {y}"
        return ExpDeadline(raw, f"{y}-12-31")
    if form == "school":
        raw = f"Năm học {y}-{y + 1}" if not prose else f"năm học {y}-{y + 1}"
        return ExpDeadline(raw, f"{y + 1}-05-31")
    y2 = y + rng.randint(1, 4)
    raw = rng.choice([f"{y}-{y2}", f"Giai đoạn {y}-{y2}"]) if not prose else f"giai đoạn {y}-{y2}"
    return ExpDeadline(raw, f"{y2}-12-31")


# ---------------------------------------------------------------- tasks


def task_title(rng: random.Random, doc: GenDoc) -> str:
    scope = rng.choice(vocab.TASK_SCOPES).format(unit=doc.unit)
    return f"{rng.choice(vocab.TASK_VERBS)} {rng.choice(vocab.TASK_OBJECTS)}{scope}"


def gen_tasks(
    rng: random.Random,
    doc: GenDoc,
    n: int,
    *,
    max_partners: int = 4,
    prose_deadlines: bool = False,
    recurring_rate: float = 0.15,
) -> list[ExpTask]:
    """n tasks with distinct objects (so no title is a substring of another)."""
    out: list[ExpTask] = []
    used: set[str] = set()
    year = doc.extra["year"]
    while len(out) < n:
        title = task_title(rng, doc)
        obj = next(o for o in vocab.TASK_OBJECTS if o in title)
        if obj in used:
            continue
        used.add(obj)
        lead = rng.choice(agency_pool(doc.unit))
        partners = agencies(rng, doc, rng.randint(0, max_partners), exclude=(lead,))
        deadline = gen_deadline(rng, year, prose=prose_deadlines, recurring_rate=recurring_rate)
        product = rng.choice(vocab.PRODUCTS).format(unit=doc.unit)
        out.append(ExpTask(title=title, lead=lead, partners=partners, deadline=deadline, product=product))
    return out
