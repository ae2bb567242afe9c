"""Plain-text layouts: prose plans, tab-separated exports, damaged text, labelled tasks."""

from __future__ import annotations

import random
from pathlib import Path

from docgen import common as c
from docgen import vocab
from docgen.generate import ROMAN, gen_indicators, gen_prose_indicators, gen_tasks
from docgen.model import ExpIndicator, ExpTask, GenDoc

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
