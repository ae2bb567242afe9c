"""DOCX layouts (python-docx)."""

from __future__ import annotations

import random
from pathlib import Path

from docgen import common as c
from docgen import vocab
from docgen.generate import ROMAN, gen_indicators, gen_tasks
from docgen.model import ExpTask, GenDoc

TASK_HEAD = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]


def _new():
    import docx

    return docx.Document()


def _para(document, text: str) -> None:
    document.add_paragraph(text)


def _paras(document, lines: list[str]) -> None:
    for line in lines:
        document.add_paragraph(line)


def _set(cell, text: str) -> None:
    """Cell text; '\\n' becomes a line break inside the paragraph."""
    cell.text = text


def _set_paras(cell, lines: list[str]) -> None:
    cell.text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def _task_table(document, rng: random.Random, doc: GenDoc, tasks: list[ExpTask], head: list[str],
                groups: list[list[ExpTask]] | None) -> None:
    rows: list[tuple[str, object]] = [("head", head)]
    if groups:
        for g, members in enumerate(groups):
            rows.append(("group", f"{ROMAN[g]}|{members[0].group}"))
            rows.extend(("task", t) for t in members)
    else:
        rows.extend(("task", t) for t in tasks)
    table = document.add_table(rows=len(rows), cols=len(head))
    table.style = "Table Grid"
    whole_row = rng.random() < 0.5
    n = 0
    for r, (kind, item) in enumerate(rows):
        cells = table.rows[r].cells
        if kind == "head":
            for k, text in enumerate(item):  # type: ignore[arg-type]
                _set(cells[k], text)
        elif kind == "group":
            roman, title = str(item).split("|", 1)
            if whole_row:
                merged = cells[0].merge(cells[-1])
                _set(merged, f"{roman}. {title.upper()}")
            else:
                _set(cells[0], roman)
                merged = cells[1].merge(cells[-1])
                _set(merged, title)
        else:
            t: ExpTask = item  # type: ignore[assignment]
            n += 1
            _set(cells[0], str(n))
            if rng.random() < 0.3:
                _set_paras(cells[1], [t.title, "- Ưu tiên các địa bàn khó khăn; bảo đảm tiến độ."])
            else:
                _set(cells[1], t.title)
            _set(cells[2], t.lead)
            _set(cells[3], c.cell_agencies(rng, t.partners or []))
            _set(cells[4], c.deadline_cell(t))
            _set(cells[5], t.product)


def _grouped_tasks(rng: random.Random, doc: GenDoc, n: int) -> tuple[list[ExpTask], list[list[ExpTask]]]:
    tasks = gen_tasks(rng, doc, n)
    groups = c.groups_of(rng, tasks, rng.randint(2, 3))
    titles = rng.sample(vocab.GROUP_TITLES, len(groups))
    for title, members in zip(titles, groups, strict=True):
        for t in members:
            t.group = title
    return tasks, groups


def docx_task_table(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """Plain head, a task table with group rows spanning the table, signature."""
    tasks, groups = _grouped_tasks(rng, doc, rng.randint(5, 9))
    doc.tasks = tasks
    document = _new()
    _paras(document, c.head_lines(doc))
    _para(document, "I. MỤC ĐÍCH, YÊU CẦU")
    _para(document, "Cụ thể hóa các nhiệm vụ, giải pháp; phân công rõ cơ quan chủ trì, thời hạn hoàn thành.")
    _para(document, "II. NHIỆM VỤ CỤ THỂ")
    _para(document, "(Chi tiết tại bảng dưới đây)")
    _task_table(document, rng, doc, tasks, TASK_HEAD, groups)
    _paras(document, c.tail_lines(doc))
    document.save(str(path))


def _indicator_table(document, rng: random.Random, doc: GenDoc, inds, periods: list[str], *,
                     two_rows: bool, labels: list[str], lead_label: str, partners_label: str | None,
                     name_label: str = "Chỉ tiêu", unit_label: str = "Đơn vị tính") -> None:
    from docgen.generate import ROMAN as R

    groups = c.groups_of(rng, inds, rng.randint(1, 3))
    captions = rng.sample(vocab.INDICATOR_GROUPS, len(groups))
    extra = [partners_label] if partners_label else []
    width = 3 + len(periods) + 1 + len(extra)
    n_head = 2 if two_rows else 1
    n_rows = n_head + len(inds) + (len(groups) if len(groups) > 1 else 0)
    table = document.add_table(rows=n_rows, cols=width)
    table.style = "Table Grid"
    top = ["STT", name_label, unit_label]
    if two_rows:
        row0, row1 = table.rows[0].cells, table.rows[1].cells
        for k, text in enumerate(top):
            m = row0[k].merge(row1[k])
            _set(m, text)
        m = row0[3].merge(row0[3 + len(periods) - 1]) if len(periods) > 1 else row0[3]
        _set(m, "Mục tiêu")
        for k, label in enumerate(labels):
            _set(row1[3 + k], label)
        for k, text in enumerate([lead_label, *extra]):
            col = 3 + len(periods) + k
            m = row0[col].merge(row1[col])
            _set(m, text)
    else:
        for k, text in enumerate([*top, *labels, lead_label, *extra]):
            _set(table.rows[0].cells[k], text)
    r = n_head
    for g, (caption, members) in enumerate(zip(captions, groups, strict=True)):
        if len(groups) > 1:
            cells = table.rows[r].cells
            _set(cells[0], R[g])
            _set(cells[1], caption)
            r += 1
        for k, ind in enumerate(members, start=1):
            ind.group = caption if len(groups) > 1 else ""
            cells = table.rows[r].cells
            vals = [t.raw for t in ind.targets]
            row = [str(k), ind.name, ind.unit, *vals, ind.lead or ""]
            if partners_label:
                row.append(c.cell_agencies(rng, ind.partners or []))
            for col, text in enumerate(row):
                _set(cells[col], text)
            r += 1


def _years(rng: random.Random) -> list[str]:
    return rng.choice([["2025", "2030"], ["2025", "2030", "2035"], ["2030", "2035"], ["2026", "2028", "2030"]])


def docx_indicator_years(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """An indicator table with year columns under a merged 'Mục tiêu' header cell."""
    periods = _years(rng)
    inds = gen_indicators(rng, doc, rng.randint(4, 9), periods)
    doc.indicators = inds
    document = _new()
    _paras(document, c.head_lines(doc))
    _para(document, "Các chỉ tiêu chủ yếu như sau:")
    labels = [f"Năm {p}" for p in periods]
    _indicator_table(document, rng, doc, inds, periods, two_rows=True, labels=labels,
                     lead_label=rng.choice(["Cơ quan chủ trì", "Cơ quan chủ trì theo dõi, đánh giá"]),
                     partners_label=None)
    _paras(document, c.tail_lines(doc))
    document.save(str(path))


def _borderless(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def docx_header_table(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """The two-column head as a borderless table; an indicator table by period; signature table."""
    start = doc.extra["year"] + 1
    periods = [f"{start}-{start + 4}"] if rng.random() < 0.5 else [f"{start}-{start + 4}", f"{start + 5}-{start + 9}"]
    inds = gen_indicators(rng, doc, rng.randint(3, 7), periods, partners=True)
    doc.indicators = inds
    document = _new()
    if rng.random() < 0.5:
        table = document.add_table(rows=1, cols=2)
        _set_paras(table.rows[0].cells[0], c.left_block(doc))
        _set_paras(table.rows[0].cells[1], c.right_block(doc))
    else:
        table = document.add_table(rows=2, cols=2)
        _set_paras(table.rows[0].cells[0], doc.header.issuer_lines)
        _set_paras(table.rows[0].cells[1], c.right_block(doc)[:2])
        _set(table.rows[1].cells[0], doc.header.so_line)
        _set(table.rows[1].cells[1], doc.header.place_date)
    _borderless(table)
    _para(document, "")
    _paras(document, c.title_block(doc))
    _para(document, "")
    _para(document, "I. MỤC ĐÍCH, YÊU CẦU")
    _para(document, "Bảo đảm sự thống nhất trong chỉ đạo, điều hành; xác định rõ trách nhiệm của từng cơ quan.")
    _para(document, "II. CÁC CHỈ TIÊU CHỦ YẾU")
    labels = [f"Giai đoạn {p}" for p in periods]
    _indicator_table(document, rng, doc, inds, periods, two_rows=False, labels=labels,
                     lead_label="Đơn vị chủ trì", partners_label="Đơn vị phối hợp",
                     name_label="Tên chỉ tiêu", unit_label="ĐVT")
    _para(document, "III. TỔ CHỨC THỰC HIỆN")
    _para(document, "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao triển khai thực hiện.")
    sig = document.add_table(rows=1, cols=2)
    _set_paras(sig.rows[0].cells[0], c.recipients(doc))
    _set_paras(sig.rows[0].cells[1], c.signature_lines(doc))
    _borderless(sig)
    document.save(str(path))


def docx_decision_appendix(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A decision promulgating a plan, with the plan's task table as an appendix."""
    from docx.enum.text import WD_BREAK

    tasks = gen_tasks(rng, doc, rng.randint(4, 8))
    doc.tasks = tasks
    plan_subject = doc.extra["subject"].removeprefix("Ban hành ")
    document = _new()
    _paras(document, c.head_lines(doc)[:-1])
    _para(document, f"CHỦ TỊCH {c.body_upper(doc)}")
    _para(document, "")
    _para(document, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;")
    _para(document, f"Theo đề nghị của Giám đốc {rng.choice(vocab.AGENCIES[:10])}.")
    _para(document, "QUYẾT ĐỊNH:")
    _para(document, f"Điều 1. Ban hành kèm theo Quyết định này {plan_subject}.")
    _para(document, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    _para(document, f"Điều 3. Chánh Văn phòng {c.ubnd(doc)}, Giám đốc các sở, ban, ngành; "
                    f"Chủ tịch Ủy ban nhân dân các xã, phường và các cơ quan, đơn vị liên quan chịu trách nhiệm "
                    "thi hành Quyết định này./.")
    _paras(document, c.tail_lines(doc))
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    _para(document, "PHỤ LỤC")
    _para(document, "DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH")
    h = doc.header
    _para(document, f"(Kèm theo Quyết định số {doc.meta.so_hieu} ngày {h.date_numeric} của {c.ubnd(doc)} "
                    f"{doc.province})")
    head = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành", "Sản phẩm"]
    _task_table(document, rng, doc, tasks, head, None)
    document.save(str(path))


def docx_heading_tasks(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A department's plan: head table, targets in topic paragraphs, tasks as numbered sub-headings each
    followed by the paragraph of the body that leads it, signature table beside 'Nơi nhận'."""
    from docgen.write_txt import heading_plan_parts

    goals, task_lines, part, duties = heading_plan_parts(rng, doc)
    document = _new()
    table = document.add_table(rows=1, cols=2)
    _set_paras(table.rows[0].cells[0], c.left_block(doc))
    _set_paras(table.rows[0].cells[1], c.right_block(doc))
    _borderless(table)
    _para(document, "")
    _paras(document, c.title_block(doc))
    _paras(document, ["I. MỤC ĐÍCH, YÊU CẦU", "Bảo đảm sự thống nhất trong chỉ đạo, điều hành.",
                      *goals, *task_lines, *part, *duties])
    sig = document.add_table(rows=1, cols=2)
    _set_paras(sig.rows[0].cells[0], c.recipients(doc))
    _set_paras(sig.rows[0].cells[1], c.signature_lines(doc))
    _borderless(sig)
    document.save(str(path))
