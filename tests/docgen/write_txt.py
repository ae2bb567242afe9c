"""Plain-text layouts: prose plans, tab-separated exports, damaged text, labelled tasks."""

from __future__ import annotations

import random
import re
from pathlib import Path

from docgen import common as c
from docgen import generate, vocab
from docgen.generate import ROMAN, gen_indicators, gen_prose_indicators, gen_tasks
from docgen.model import ExpDeadline, ExpIndicator, ExpTarget, ExpTask, GenDoc

LEAD_LABELS = ["Cơ quan chủ trì", "Đơn vị chủ trì", "Cơ quan chủ trì thực hiện"]
PARTNER_LABELS = ["Cơ quan phối hợp", "Đơn vị phối hợp"]
DEADLINE_LABELS = ["Thời gian thực hiện", "Thời gian hoàn thành", "Thời hạn hoàn thành", "Tiến độ thực hiện"]


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def labelled_task_lines(rng: random.Random, tasks: list[ExpTask], *, groups: bool = False) -> list[str]:
    """Numbered tasks, each followed by labelled fields on their own lines."""
    lines: list[str] = []
    runs = c.groups_of(rng, tasks, rng.randint(2, 3)) if groups else [tasks]
    titles = rng.sample(vocab.GROUP_TITLES, len(runs))
    bullet = rng.choice(["- ", "+ ", ""])
    for g, (gtitle, members) in enumerate(zip(titles, runs, strict=True), start=1):
        if groups:
            lines.append(f"{g}. {gtitle}")
        for k, t in enumerate(members, start=1):
            t.group = gtitle if groups else ""
            code = f"{g}.{k}." if groups else f"{k}."
            lines.append(f"{code} {t.title}.")
            lines.append(f"{bullet}{rng.choice(LEAD_LABELS)}: {t.lead}.")
            if t.partners:
                lines.append(f"{bullet}{rng.choice(PARTNER_LABELS)}: {', '.join(t.partners)}.")
            if t.deadline:
                lines.append(f"{bullet}{rng.choice(DEADLINE_LABELS)}: {t.deadline.raw}.")
            if rng.random() < 0.5:
                lines.append(f"{bullet}Sản phẩm: {t.product}.")
    return lines


def bullet_target_lines(rng: random.Random, inds: list[ExpIndicator]) -> list[str]:
    """'- Đến năm 2030, tỷ lệ … đạt 85%;' and '- … đến cuối năm 2030 đạt 640.000 tỷ đồng;'."""
    out = []
    for ind in inds:
        t = ind.targets[0]
        end = ";" if rng.random() < 0.7 else "."
        if rng.random() < 0.5:
            lead_in = rng.choice([f"Đến năm {t.period}", f"Đến cuối năm {t.period}"])
            out.append(f"- {lead_in}, {c.lower_first(ind.name)} đạt {t.raw}{end}")
        else:
            out.append(f"- {ind.name} {rng.choice(['đến năm', 'đến cuối năm'])} {t.period} đạt {t.raw}{end}")
    return out


def duty_paragraphs(rng: random.Random, doc: GenDoc, tasks: list[ExpTask]) -> list[str]:
    """'1. Sở Nội vụ: chủ trì, phối hợp với A, B tham mưu …; hoàn thành trong quý II/2026.'"""
    out = []
    for k, t in enumerate(tasks, start=1):
        if t.partners:
            head = f"{k}. {t.lead}: chủ trì, phối hợp với {c.prose_agencies(t.partners)} {t.title}"
        else:
            head = f"{k}. {t.lead}: chủ trì {t.title}"
        d = t.deadline
        if d is None:
            tail = "."
        elif d.recurring:
            tail = f"; tổng hợp, báo cáo kết quả về {c.ubnd(doc)} {d.raw}."
        elif d.raw.startswith("trước"):
            tail = f"; hoàn thành {d.raw}."
        else:
            tail = f"; hoàn thành trong {d.raw}."
        out.append(head + tail)
    return out


def _duty_tasks(rng: random.Random, doc: GenDoc, n: int) -> list[ExpTask]:
    tasks = gen_tasks(rng, doc, n, max_partners=3, prose_deadlines=True, recurring_rate=0.25)
    for t in tasks:
        t.title = c.lower_first(t.title)
    return tasks


def txt_plan_prose(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """Targets as bullets; 'Tổ chức thực hiện' as numbered paragraphs led by an agency."""
    year = doc.extra["year"]
    inds = gen_prose_indicators(rng, doc, rng.randint(3, 6), [2030, year + 1, 2035])
    tasks = _duty_tasks(rng, doc, rng.randint(3, 6))
    doc.indicators, doc.tasks = inds, tasks
    lines = [*c.head_lines(doc), "I. MỤC TIÊU", "1. Mục tiêu chung",
             "Huy động các nguồn lực, tạo chuyển biến rõ nét về chất lượng và hiệu quả.",
             "2. Mục tiêu cụ thể", *bullet_target_lines(rng, inds),
             "II. NHIỆM VỤ, GIẢI PHÁP",
             "1. Nâng cao nhận thức, trách nhiệm của các cấp, các ngành.",
             "2. Huy động và sử dụng hiệu quả các nguồn lực.",
             "III. TỔ CHỨC THỰC HIỆN", *duty_paragraphs(rng, doc, tasks), *c.tail_lines(doc)]
    _write(path, lines)


def txt_tab_export(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A tab-separated indicator table; a page number and the header repeated after a page break."""
    periods = rng.choice([["2025", "2030", "2035"], ["2030", "2035"], ["2026", "2027", "2028", "2029", "2030"]])
    inds = gen_indicators(rng, doc, rng.randint(6, 12), periods, partners=True, none_rate=0.2)
    doc.indicators = inds
    header = ["TT", "Chỉ tiêu", "Đơn vị tính", *[f"Năm {p}" for p in periods], "Đơn vị chủ trì", "Đơn vị phối hợp"]
    groups = c.groups_of(rng, inds, rng.randint(1, 3))
    captions = rng.sample(vocab.INDICATOR_GROUPS, len(groups))
    rows: list[list[str]] = []
    for g, (caption, members) in enumerate(zip(captions, groups, strict=True)):
        if len(groups) > 1:
            rows.append([ROMAN[g], caption] + [""] * (len(header) - 2))
        for k, ind in enumerate(members, start=1):
            ind.group = caption if len(groups) > 1 else ""
            rows.append([str(k), ind.name, ind.unit, *[t.raw for t in ind.targets], ind.lead or "",
                         ", ".join(ind.partners or [])])
    cut = rng.randint(2, max(2, len(rows) - 1))
    body = ["\t".join(header), *("\t".join(r) for r in rows[:cut]), "", str(rng.randint(2, 9)), "",
            "\t".join(header), *("\t".join(r) for r in rows[cut:])]
    lines = [*c.head_lines(doc), "PHỤ LỤC CÁC CHỈ TIÊU", "", *body, "", *c.tail_lines(doc)]
    _write(path, lines)


def txt_nfd_wrapped(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """Decomposed Unicode, old tone placement, prose hard-wrapped at ~70 characters with
    hyphenated tokens broken after the hyphen."""
    year = doc.extra["year"]
    inds = gen_prose_indicators(rng, doc, rng.randint(2, 4), [2030, year + 1])
    tasks = gen_tasks(rng, doc, rng.randint(3, 5), max_partners=4)
    doc.indicators, doc.tasks = inds, tasks
    paragraphs = [*c.head_lines(doc), "I. MỤC TIÊU CỤ THỂ", *bullet_target_lines(rng, inds),
                  "II. NHIỆM VỤ CỤ THỂ", *labelled_task_lines(rng, tasks), *c.tail_lines(doc)]
    width = rng.randint(62, 75)
    lines: list[str] = []
    for para in paragraphs:
        lines.extend(c.hard_wrap(para, width) if para else [""])
    _write(path, [c.nfd(c.old_tones(ln)) for ln in lines])


def txt_labelled_tasks(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """Numbered tasks under numbered groups, with labelled responsibility fields."""
    tasks = gen_tasks(rng, doc, rng.randint(4, 8))
    doc.tasks = tasks
    lines = [*c.head_lines(doc), "I. MỤC ĐÍCH, YÊU CẦU",
             "Xác định cụ thể nội dung công việc, thời hạn hoàn thành và trách nhiệm của cơ quan, đơn vị.",
             "II. NHIỆM VỤ CỤ THỂ", *labelled_task_lines(rng, tasks, groups=True),
             "III. TỔ CHỨC THỰC HIỆN", "Các cơ quan, đơn vị triển khai thực hiện nghiêm túc Kế hoạch này.",
             *c.tail_lines(doc)]
    _write(path, lines)


# ---------------------------------------------------------------- plans of a department (Sở): targets in
# topic paragraphs, tasks as numbered sub-headings each followed by the paragraph of the body that leads it

DUTIES = ["tổ chức thực hiện", "triển khai thực hiện", "tham mưu thực hiện", "xây dựng và triển khai kế hoạch"]


def _deadline_tail(rng: random.Random, doc: GenDoc, t: ExpTask) -> str:
    d = t.deadline
    if d is None:
        return "."
    if d.recurring:
        return f"; báo cáo kết quả về {c.ubnd(doc)} {d.raw}."
    if d.raw.startswith("trước"):
        return f"; trình {c.ubnd(doc)} {d.raw}."
    return rng.choice([f"; hoàn thành trong {d.raw}.", f". Hoàn thành trong {d.raw}."])


def heading_plan_parts(rng: random.Random, doc: GenDoc) -> tuple[list[str], list[str], list[str], list[str]]:
    """(goals, tasks, tasks part, responsibilities) lines of a plan whose targets sit in paragraphs
    ('Về …: Phấn đấu đến năm 2030, A đạt x; B đạt y.', 'Tầm nhìn đến năm 2035, …') and whose tasks are
    sub-headings ('1.1. Title') each followed by '<Lead> chủ trì, phối hợp với … ; <deadline>.'; the tasks part
    lists numbered items led by a body, and 'Tổ chức thực hiện' a report grounded on 'Căn cứ …,'."""
    year = 2030
    n_topics = rng.randint(1, 3)
    inds = gen_prose_indicators(rng, doc, n_topics * 2 + 1, [year])
    runs = c.groups_of(rng, inds[:-1], n_topics)
    topics = rng.sample(vocab.INDICATOR_GROUPS, len(runs))
    goals = ["II. MỤC TIÊU", "1. Mục tiêu chung",
             "Nâng cao chất lượng, hiệu quả hoạt động; tạo chuyển biến rõ nét trong thực hiện nhiệm vụ.",
             "2. Mục tiêu cụ thể"]
    for topic, members in zip(topics, runs, strict=True):
        clauses = "; ".join(f"{c.lower_first(i.name)} đạt {i.targets[0].raw}" for i in members)
        goals.append(f"{topic}: Phấn đấu đến năm {year}, {clauses}.")
    vision = inds[-1]
    vision.targets[0].period = "2035"
    goals.append(f"Tầm nhìn đến năm 2035, {c.lower_first(vision.name)} đạt {vision.targets[0].raw}.")

    tasks = gen_tasks(rng, doc, rng.randint(3, 6), max_partners=3, prose_deadlines=True, recurring_rate=0.2)
    groups = c.groups_of(rng, tasks, rng.randint(1, 2))
    titles = rng.sample(vocab.GROUP_TITLES, len(groups))
    task_lines = ["III. NHIỆM VỤ VÀ GIẢI PHÁP"]
    for g, (gtitle, members) in enumerate(zip(titles, groups, strict=True), start=1):
        task_lines.append(f"{g}. {gtitle}")
        for k, t in enumerate(members, start=1):
            t.group = gtitle
            task_lines.append(f"{g}.{k}. {t.title}")
            partners = f", phối hợp với {c.prose_agencies(t.partners)}" if t.partners else ""
            task_lines.append(f"{t.lead} chủ trì{partners} {rng.choice(DUTIES)}{_deadline_tail(rng, doc, t)}")

    items = gen_tasks(rng, doc, rng.randint(1, 3), max_partners=0, prose_deadlines=True, recurring_rate=0.2)
    items = [i for i in items if all(i.title.split()[-1] not in t.title for t in tasks)] or items[:0]
    part = ["IV. NHIỆM VỤ TRỌNG TÂM"]
    for k, t in enumerate(items, start=1):
        part.append(f"{k}. {t.lead} {c.lower_first(t.title)}{_deadline_tail(rng, doc, t)}")

    reporter = rng.choice([a for a in generate.agency_pool(doc.unit) if a not in {t.lead for t in tasks + items}])
    d1, d2 = rng.randint(5, 20), rng.randint(5, 20)
    raw = f"trước ngày {d1}/6 và ngày {d2}/12"
    report = ExpTask(title="tổng hợp kết quả thực hiện Kế hoạch", lead=reporter, partners=None,
                     deadline=ExpDeadline(raw, None, True))
    duties = ["V. TỔ CHỨC THỰC HIỆN",
              f"Căn cứ nhiệm vụ được giao, {reporter} chủ động {report.title}; định kỳ 6 tháng báo cáo "
              f"{c.ubnd(doc)} {raw}."]
    doc.indicators = inds
    doc.tasks = [*tasks, *items, report]
    return goals, task_lines, part, duties


def _spaced_head(doc: GenDoc, width: int = 80) -> list[str]:
    """The two-column head as spaced text, the type line and the title centred under it."""
    left = [*doc.header.issuer_lines, "________", doc.header.so_line]
    right = [c.QUOC_HIEU, c.TIEU_NGU, "______________________________", doc.header.place_date]
    if len(left) == 3:
        left.insert(1, "")
    gap = max(len(x) for x in left) + 4
    lines = [f"{a:<{gap}}{b}" if a else f"{'':<{gap}}{b}" for a, b in zip(left, right, strict=True)]
    lines.insert(3, "")
    centred = [" " * max(0, (width - len(x)) // 2) + x for x in c.title_block(doc)]
    return [*lines, "", *centred, " " * 34 + "______", ""]


def _wrapped(paragraph: str, width: int = 78) -> list[str]:
    """A paragraph as a PDF copy gives it: a 5-space indent, hard line breaks (headings stay flush left)."""
    if re.match(r"^[IVX]+\.\s", paragraph) or (re.match(r"^\d+(?:\.\d+)*\.\s", paragraph) and len(paragraph) <= width):
        return c.hard_wrap(paragraph, width)
    lines = c.hard_wrap(paragraph, width - 5)
    return ["     " + lines[0], *lines[1:]]


def _interleaved_signature(doc: GenDoc) -> list[str]:
    """'Nơi nhận' and the signature block side by side, read line by line: their lines interleave."""
    rec = c.recipients(doc)
    sig = [*doc.signature.lines, doc.signature.name]
    out: list[str] = []
    for k in range(max(len(rec), len(sig))):
        out.extend(x for x in (rec[k] if k < len(rec) else "", sig[k] if k < len(sig) else "") if x)
    return out


def txt_heading_tasks(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A department's plan pasted from a PDF: spaced head with a centred title, targets in topic paragraphs,
    tasks as numbered sub-headings led by a body's paragraph, signature interleaved with 'Nơi nhận'."""
    goals, task_lines, part, duties = heading_plan_parts(rng, doc)
    body = ["I. MỤC ĐÍCH, YÊU CẦU", "Bảo đảm sự thống nhất trong chỉ đạo, điều hành của các cơ quan, đơn vị.",
            *goals, *task_lines, *part, *duties]
    lines = _spaced_head(doc)
    for para in body:
        lines.extend(_wrapped(para))
    _write(path, [*lines, "", *_interleaved_signature(doc)])


# ---------------------------------------------------------------- appendix with part letters and sub-rows

def txt_parts_subrows(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """An appendix: indicator table under part letters (A, B, C …) with bulleted sub-rows that give a value
    per part of the row above ('- Mầm non'), a 'Cơ quan theo dõi' column; a task table where '-' says no
    deadline."""
    periods = rng.choice([["2026", "2027", "2028", "2029", "2030"], ["2025", "2030"], ["2027", "2030"]])
    inds = gen_indicators(rng, doc, rng.randint(4, 8), periods, kinds=["percent", "count"], none_rate=0.1)
    head = ["STT", "Chỉ tiêu", "Đơn vị tính", *[f"Năm {p}" for p in periods], "Cơ quan theo dõi"]
    parts = c.groups_of(rng, inds, rng.randint(2, 4))
    captions = rng.sample(vocab.INDICATOR_GROUPS, len(parts))
    rows: list[list[str]] = []
    expected: list[ExpIndicator] = []
    used: set[str] = set()  # one "Trong đó" label per document: a name the comparison can find
    n = 0
    for letter, caption, members in zip("ABCD", captions, parts, strict=False):
        rows.append([letter, caption.upper(), *[""] * (len(head) - 2)])
        for ind in members:
            n += 1
            ind.group = caption
            rows.append([str(n), ind.name, ind.unit, *[t.raw for t in ind.targets], ind.lead or ""])
            expected.append(ind)
            label = f"Trong đó: {rng.choice(rng.choice(vocab.BREAKDOWNS)).lower()}"
            if rng.random() < 0.25 and label not in used:  # "Trong đó: khu vực nông thôn": a part of the row
                used.add(label)
                sub = ExpIndicator(name=label, unit=ind.unit, lead=ind.lead, kind=ind.kind, group=ind.name,
                                   targets=[ExpTarget(p, generate.table_value(rng, ind.kind, 0)) for p in periods])
                rows.append(["", label, sub.unit, *[t.raw for t in sub.targets], sub.lead or ""])
                expected.append(sub)
            elif rng.random() < 0.4:
                for label in rng.choice(vocab.BREAKDOWNS):
                    sub = ExpIndicator(name=f"{ind.name} - {label}", unit=ind.unit, lead=ind.lead, kind=ind.kind,
                                       targets=[ExpTarget(p, generate.table_value(rng, ind.kind, 0)) for p in periods])
                    rows.append(["", f"- {label}", sub.unit, *[t.raw for t in sub.targets], sub.lead or ""])
                    expected.append(sub)
    tasks = gen_tasks(rng, doc, rng.randint(3, 6), max_partners=2)
    for t in rng.sample(tasks, rng.randint(1, 2)):
        t.deadline = None
    task_head = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ", "Kết quả/sản phẩm"]
    task_rows = [[str(k), t.title, t.lead, "; ".join(t.partners or []), c.deadline_cell(t) or "-", t.product]
                 for k, t in enumerate(tasks, start=1)]
    doc.indicators, doc.tasks = expected, tasks
    lines = [*c.head_lines(doc), "PHỤ LỤC I", "CÁC CHỈ TIÊU CHỦ YẾU", "", "\t".join(head),
             *("\t".join(r) for r in rows), "", "PHỤ LỤC II", "DANH MỤC NHIỆM VỤ", "", "\t".join(task_head),
             *("\t".join(r) for r in task_rows), "", *c.tail_lines(doc)]
    _write(path, lines)
