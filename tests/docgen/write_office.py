"""Layouts offices produce that the first ones lacked: a task table whose columns are numbered under the header
and that goes on over a page break as a second table with its header repeated (a table printed over pages and
retyped, or pasted from a PDF), and an Excel workbook with two sheets — the targets under a merged "Kế hoạch"
heading over their years, next to an estimate of the year before, and the tasks on a sheet of their own, with
deadlines typed as dates."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from docgen import common as c
from docgen import vocab
from docgen.generate import ROMAN, gen_indicators, gen_prose_indicators, gen_tasks
from docgen.model import ExpDeadline, ExpTask, GenDoc

# headings of a task table as offices word them (the general column vocabulary of corpus.tables.column_role)
_TASK_HEADS = [
    ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
    ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành", "Sản phẩm đầu ra"],
    ["TT", "Nội dung công việc", "Cơ quan chủ trì thực hiện", "Cơ quan phối hợp thực hiện", "Tiến độ thực hiện",
     "Kết quả, sản phẩm"],
]
# a row numbering the columns under the header, in the two usual writings
_NUMBERING = ["{}", "({})"]


def _grouped(rng: random.Random, tasks: list[ExpTask]) -> list[list[ExpTask]]:
    groups = c.groups_of(rng, tasks, rng.randint(2, 3))
    for title, members in zip(rng.sample(vocab.GROUP_TITLES, len(groups)), groups, strict=True):
        for t in members:
            t.group = title
    return groups


def docx_task_table_over_pages(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A DOCX task table with a row of column numbers under its header, group rows, and a page break inside it:
    either a second table that repeats the header (and the numbers), or the header rows repeated inside one
    table; the order numbers go on across the break, a group may be cut by it."""
    from docx.enum.text import WD_BREAK

    from docgen.write_docx import _new, _paras, _set

    tasks = gen_tasks(rng, doc, rng.randint(6, 10))
    groups = _grouped(rng, tasks)
    doc.tasks = tasks
    head = rng.choice(_TASK_HEADS)
    style = rng.choice(_NUMBERING)
    numbers = [style.format(k) for k in range(1, len(head) + 1)]
    rows: list[tuple[str, object]] = []
    for g, members in enumerate(groups):
        rows.append(("group", f"{ROMAN[g]}|{members[0].group}"))
        rows.extend(("task", t) for t in members)
    cut = rng.randint(2, len(rows) - 1)  # where the page breaks
    pieces = [rows[:cut], rows[cut:]]
    two_tables = rng.random() < 0.6
    document = _new()
    _paras(document, c.head_lines(doc))
    _paras(document, ["I. MỤC ĐÍCH, YÊU CẦU", "Phân công cụ thể nhiệm vụ, thời hạn hoàn thành cho các cơ quan, đơn vị.",
                      "II. NHIỆM VỤ CỤ THỂ"])
    whole_row = rng.random() < 0.5
    n = 0

    def fill(table, r: int, kind: str, item: object) -> None:
        nonlocal n
        cells = table.rows[r].cells
        if kind in ("head", "numbers"):
            for k, text in enumerate(item):  # type: ignore[arg-type]
                _set(cells[k], text)
        elif kind == "group":
            roman, title = str(item).split("|", 1)
            if whole_row:
                _set(cells[0].merge(cells[-1]), f"{roman}. {title.upper()}")
            else:
                _set(cells[0], roman)
                _set(cells[1].merge(cells[-1]), title)
        else:
            t: ExpTask = item  # type: ignore[assignment]
            n += 1
            for k, text in enumerate([str(n), t.title, t.lead, c.cell_agencies(rng, t.partners or []),
                                      c.deadline_cell(t), t.product]):
                _set(cells[k], text)

    if two_tables:
        for p, piece in enumerate(pieces):
            layout = [("head", head), ("numbers", numbers), *piece]
            table = document.add_table(rows=len(layout), cols=len(head))
            table.style = "Table Grid"
            for r, (kind, item) in enumerate(layout):
                fill(table, r, kind, item)
            if p == 0:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        layout = [("head", head), ("numbers", numbers), *pieces[0], ("head", head), ("numbers", numbers), *pieces[1]]
        table = document.add_table(rows=len(layout), cols=len(head))
        table.style = "Table Grid"
        for r, (kind, item) in enumerate(layout):
            fill(table, r, kind, item)
    _paras(document, c.tail_lines(doc))
    document.save(str(path))


def _date_deadline(rng: random.Random, year: int) -> tuple[dt.date, ExpDeadline]:
    """A deadline typed into Excel as a date: shown as dd/mm/yyyy, due that day."""
    y, m = year + rng.randint(0, 1), rng.randint(1, 12)
    d = rng.randint(1, 28)
    when = dt.date(y, m, d)
    return when, ExpDeadline(when.strftime("%d/%m/%Y"), when.isoformat())


def xlsx_two_sheets(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """An Excel workbook of a plan's appendices: sheet one the targets ('STT | Chỉ tiêu | Đơn vị tính | Ước thực
    hiện năm Y | Kế hoạch' merged over 'Năm Y+1 … ' or bare years, a row of column numbers, group rows), sheet
    two the tasks (some deadlines typed as dates); no document head (its metadata is not stated)."""
    import openpyxl

    from docgen.write_kinds import _excel_cell

    start = doc.extra["year"] + 1
    years = [str(y) for y in range(start, start + rng.choice([3, 5]))]
    estimate = str(start - 1)
    inds = gen_indicators(rng, doc, rng.randint(4, 8), [estimate, *years], lead=rng.random() < 0.6, none_rate=0.08)
    for ind in inds:
        ind.targets[0].kind = "estimate"
    groups = c.groups_of(rng, inds, rng.randint(1, 3))
    captions = rng.sample(vocab.INDICATOR_GROUPS, len(groups))
    tasks = gen_tasks(rng, doc, rng.randint(4, 7))
    dated = set(rng.sample(range(len(tasks)), rng.randint(1, 2)))
    cells_of: dict[int, object] = {}
    for k in dated:
        when, deadline = _date_deadline(rng, doc.extra["year"])
        tasks[k].deadline, cells_of[k] = deadline, when
    doc.indicators, doc.tasks = inds, tasks
    doc.meta.so_hieu = doc.meta.date_issued = doc.meta.issuer = doc.meta.signer = doc.meta.doc_type = None
    doc.meta.title = None
    lead = inds[0].lead is not None
    bare = rng.random() < 0.5  # "2026" under "Kế hoạch" rather than "Năm 2026"

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = rng.choice(["Chỉ tiêu", "PL1 Chỉ tiêu", "Phụ lục I"])
    width = 4 + len(years) + (1 if lead else 0)
    # title rows: one cell each, or merged across the sheet (read as rows of the table's width), the first with
    # the form's number at its right ("Biểu 01")
    merged = rng.random() < 0.5
    ws.append(["Phụ lục I", *([""] * (width - 2) + ["Biểu 01"] if merged else [])])
    ws.append([f"CÁC CHỈ TIÊU CHỦ YẾU GIAI ĐOẠN {years[0]}-{years[-1]} CỦA {doc.unit.upper()} {doc.province.upper()}"])
    ws.append([f"(Kèm theo Kế hoạch số {rng.randint(10, 300)}/KH-UBND của {c.ubnd(doc)})"])
    if merged:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width - 1)
        for r in (2, 3):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    top = ws.max_row + 1
    ws.append(["STT", "Chỉ tiêu", "Đơn vị tính", f"Ước thực hiện năm {estimate}", "Kế hoạch",
               *[""] * (len(years) - 1), *(["Cơ quan chủ trì theo dõi"] if lead else [])])
    ws.append(["", "", "", "", *[y if bare else f"Năm {y}" for y in years], *([""] if lead else [])])
    for col in (1, 2, 3, 4, *([width] if lead else [])):
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    ws.merge_cells(start_row=top, start_column=5, end_row=top, end_column=4 + len(years))
    style = rng.choice(_NUMBERING)
    ws.append([style.format(k) for k in range(1, width + 1)])
    for g, (caption, members) in enumerate(zip(captions, groups, strict=True)):
        if len(groups) > 1:
            ws.append([ROMAN[g], caption.upper()])
            ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=width)
        for k, ind in enumerate(members, start=1):
            ind.group = caption if len(groups) > 1 else ""
            ws.append([k, ind.name, ind.unit, *[""] * (1 + len(years)), *([ind.lead] if lead else [])])
            for j, t in enumerate(ind.targets):
                value, fmt = _excel_cell(t.raw)
                ws.cell(row=ws.max_row, column=4 + j, value=value).number_format = fmt

    sheet = wb.create_sheet(rng.choice(["Nhiệm vụ", "PL2 Nhiệm vụ", "Phụ lục II"]))
    sheet.append(["Phụ lục II"])
    sheet.append(["DANH MỤC NHIỆM VỤ TRỌNG TÂM"])
    sheet.append(rng.choice(_TASK_HEADS))
    for k, t in enumerate(tasks):
        sheet.append([k + 1, t.title, t.lead, c.cell_agencies(rng, t.partners or [], breaks=False),
                      "" if k in dated else c.deadline_cell(t), t.product])
        if k in dated:
            sheet.cell(row=sheet.max_row, column=5, value=cells_of[k]).number_format = "dd/mm/yyyy"
    wb.save(str(path))


# the columns of a yearly plan's table beside its targets: the result of the year before, the estimate of the year
# under way, the plan's year, and a comparison in percent (general headings of socio-economic plan tables)
_ACTUAL_HEADS = ["Thực hiện năm {y}", "Thực hiện {y}", "TH {y}", "Kết quả thực hiện năm {y}", "Hiện trạng năm {y}"]
_ESTIMATE_HEADS = ["Ước thực hiện năm {y}", "Ước TH {y}", "Năm {y} (ước)", "Ước thực hiện {y}", "Ước đạt năm {y}",
                   "ƯTH {y}"]
_PLAN_HEADS = ["Kế hoạch năm {y}", "Kế hoạch {y}", "KH {y}", "Mục tiêu năm {y}", "Chỉ tiêu năm {y}", "Năm {y}"]
_RATIO_UNDER = [("{a}/{b}", "{p}/{a}"), ("ƯTH {a}/TH {b}", "KH {p}/ƯTH {a}"), ("{a} so với {b}", "{p} so với {a}")]


def _ratio(rng: random.Random) -> str:
    return f"{rng.randint(85, 130)},{rng.randint(0, 9)}"


def docx_plan_estimate_ratio(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A yearly plan's indicator table: 'Thực hiện năm Y-1' (sometimes), 'Ước thực hiện năm Y', 'Kế hoạch năm Y+1'
    and 'So sánh (%)' — one column, or merged over 'Y/Y-1 | Y+1/Y' — then an optional lead column. The result and
    the estimate are figures reported beside the target, not targets; the comparison is no figure of the
    indicator at all. Group rows; closed (a ratio read as a target is an error)."""
    from docgen.write_docx import _new, _para, _paras, _set

    year = doc.extra["year"]
    actual, estimate, plan = str(year - 1), str(year), str(year + 1)
    with_actual = rng.random() < 0.6
    periods = [*([actual] if with_actual else []), estimate, plan]
    inds = gen_indicators(rng, doc, rng.randint(4, 8), periods, lead=rng.random() < 0.5, none_rate=0.05)
    for ind in inds:
        for t in ind.targets:
            t.kind = "actual" if t.period == actual else "estimate" if t.period == estimate else "target"
    doc.indicators = inds
    groups = c.groups_of(rng, inds, rng.randint(1, 2))
    captions = rng.sample(vocab.INDICATOR_GROUPS, len(groups))
    lead = inds[0].lead is not None
    two_ratios = rng.random() < 0.6
    heads = ["STT", "Chỉ tiêu", rng.choice(["Đơn vị tính", "ĐVT"]),
             *([rng.choice(_ACTUAL_HEADS).format(y=actual)] if with_actual else []),
             rng.choice(_ESTIMATE_HEADS).format(y=estimate), rng.choice(_PLAN_HEADS).format(y=plan)]
    n_values = len(heads)
    if two_ratios:
        under = [u.format(a=estimate, b=actual, p=plan) for u in rng.choice(_RATIO_UNDER)]
        heads += ["So sánh (%)", ""]
    else:
        heads.append(rng.choice(["So sánh (%)", "So sánh KH/ƯTH (%)", "Tăng/giảm (%)"]))
    heads += ["Cơ quan chủ trì"] if lead else []
    width = len(heads)

    document = _new()
    _paras(document, c.head_lines(doc))
    _para(document, f"Các chỉ tiêu chủ yếu năm {plan} như sau:")
    n_rows = 1 + (1 if two_ratios else 0) + sum(len(g) + (1 if len(groups) > 1 else 0) for g in groups)
    table = document.add_table(rows=n_rows, cols=width)
    table.style = "Table Grid"
    for k, h in enumerate(heads):
        if h:
            _set(table.rows[0].cells[k], h)
    r = 1
    if two_ratios:
        for k in range(width):
            if k < n_values or (lead and k == width - 1):
                table.cell(0, k).merge(table.cell(1, k))
        _set(table.cell(1, n_values), under[0])
        _set(table.cell(1, n_values + 1), under[1])
        table.cell(0, n_values).merge(table.cell(0, n_values + 1))
        _set(table.cell(0, n_values), "So sánh (%)")
        r = 2
    for g, (caption, members) in enumerate(zip(captions, groups, strict=True)):
        if len(groups) > 1:
            _set(table.cell(r, 0), ROMAN[g])
            _set(table.cell(r, 1), caption)
            r += 1
        for k, ind in enumerate(members, start=1):
            ind.group = caption if len(groups) > 1 else ""
            row = [str(k), ind.name, ind.unit, *[t.raw for t in ind.targets],
                   *[_ratio(rng) for _ in range(2 if two_ratios else 1)], *([ind.lead] if lead else [])]
            for j, text in enumerate(row):
                _set(table.cell(r, j), text)
            r += 1
    _paras(document, c.tail_lines(doc))
    document.save(str(path))


def _md_escape(text: str) -> str:
    """A cell's text in a Markdown table: a bar of the text escaped."""
    return text.replace("|", "\\|")


def md_portal_plan(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A plan as Markdown, the way a portal page is copied or a note is typed: a breadcrumb of links, the head in
    bold lines (or as a two-column table), '#' headings, targets as '*' or '-' bullets, an indicator '|'-table
    (alignment marks, an escaped bar, a lead column), duties as paragraphs led by a bold agency, the signature."""
    from docgen.write_txt import _duty_tasks, _write, bullet_target_lines, duty_paragraphs

    year = doc.extra["year"]
    prose = gen_prose_indicators(rng, doc, rng.randint(2, 4), [2030, year + 1])
    periods = rng.choice([["2028", "2030"], [str(year + 1), "2030"], ["2030", "2035"]])
    table = gen_indicators(rng, doc, rng.randint(3, 6), periods, lead=rng.random() < 0.6, none_rate=0.1)
    tasks = _duty_tasks(rng, doc, rng.randint(3, 5))
    doc.indicators, doc.tasks = [*prose, *table], tasks
    star = rng.random() < 0.5
    bold = rng.random() < 0.5

    def b(text: str) -> str:
        return f"**{text}**" if bold and text else text

    lines = [rng.choice(["[Trang chủ](/) > [Văn bản](/van-ban) > Chi tiết", "[Trang chủ](https://example.gov.vn/)"]),
             ""]
    if rng.random() < 0.5:
        lines += [*(b(x) for x in c.left_block(doc)), "", *(b(x) for x in c.right_block(doc)), ""]
    else:  # the two columns of the head as a table with an empty header row, as converters write it
        left, right = c.left_block(doc), c.right_block(doc)
        rows = max(len(left), len(right))
        left, right = left + [""] * (rows - len(left)), right + [""] * (rows - len(right))
        lines += ["| | |", "|---|---|", *(f"| {b(a)} | {b(z)} |" for a, z in zip(left, right, strict=True)), ""]
    lines += [f"# {doc.header.type_line}", "", *(f"**{s}**" for s in doc.header.subject_lines), "",
              "## I. MỤC TIÊU", "", "### 1. Mục tiêu cụ thể", ""]
    for line in bullet_target_lines(rng, prose):
        lines.append(("* " + line[2:]) if star else line)
    lines += ["", "### 2. Các chỉ tiêu chủ yếu", ""]
    lead = table[0].lead is not None
    head = ["STT", "Chỉ tiêu", "Đơn vị tính", *[f"Năm {p}" for p in periods], *(["Cơ quan chủ trì"] if lead else [])]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join([":---:", "---", ":---:", *[":---:"] * len(periods), *(["---"] if lead else [])]) + "|")
    for k, ind in enumerate(table, start=1):
        cells = [str(k), ind.name, ind.unit, *[t.raw for t in ind.targets], *([ind.lead or ""] if lead else [])]
        lines.append("| " + " | ".join(_md_escape(x) for x in cells) + " |")
    lines += ["", "## II. TỔ CHỨC THỰC HIỆN", ""]
    for para in duty_paragraphs(rng, doc, tasks):
        number, _, rest = para.partition(". ")
        agency, sep, duty = rest.partition(": ")
        lines += [f"{number}. **{agency}**{sep}{duty}" if rng.random() < 0.7 else para, ""]
    lines += [*(b(x) for x in c.tail_lines(doc))]
    _write(path, lines)
