"""Layouts no earlier generator wrote: an unruled (whitespace-aligned) PDF appendix whose second table assigns
its targets by number, a transposed targets table (years as rows), an entity × year matrix, a nested-layout
web page with <ol> targets and a "(chủ trì)"-marked lead, and a plan with "Chỉ tiêu N:" targets."""

from __future__ import annotations

import random
from pathlib import Path

from docgen import common as c
from docgen import vocab
from docgen.generate import agency_pool, gen_indicators
from docgen.model import ExpIndicator, ExpTarget, GenDoc
from docgen.write_pdf import _register

ROMAN = ["I", "II", "III", "IV", "V"]


def _words_width(words: list[str], font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    space = stringWidth(" ", font, size)
    return sum(stringWidth(w, font, size) for w in words) + space * (len(words) - 1)


def _draw_words(canvas, text: str, x: float, y: float, font: str, size: float, *, right: bool = False) -> None:
    """Each word drawn on its own at its place, no space character between them (as some PDF printers
    write text: the spaces are only gaps)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = text.split()
    if right:
        x -= _words_width(words, font, size)
    space = stringWidth(" ", font, size)
    for w in words:
        canvas.drawString(x, y, w)
        x += stringWidth(w, font, size) + space


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    lines: list[list[str]] = [[]]
    for w in text.split():
        if lines[-1] and _words_width([*lines[-1], w], font, size) > width:
            lines.append([])
        lines[-1].append(w)
    return [" ".join(ln) for ln in lines]


def pdf_unruled_appendix(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """An appendix of targets typeset as whitespace-aligned text (no rules): a two-line header whose heading
    spans the year columns, long names wrapped under their column, group rows, right-aligned figures, a narrow
    gutter after the order column; on the next page a table that gives each target's lead agency by the
    targets' numbers ("Chỉ tiêu 1, 3") with a wrapped deadline. Words are placed one by one, without space
    characters. No document head (an appendix)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    font = _register()
    size = 9.0
    start = doc.extra["year"] + 1
    n_years = rng.choice([3, 4, 5])
    periods = [str(start + k) for k in range(n_years)]
    inds = gen_indicators(rng, doc, rng.randint(6, 11), periods, lead=False,
                          kinds=["percent", "count", "money", "index", "rate"])  # words are wider than a column
    groups = c.groups_of(rng, inds, rng.randint(1, 3))
    captions = rng.sample(["CÁC CHỈ TIÊU KINH TẾ", "CÁC CHỈ TIÊU XÃ HỘI", "CÁC CHỈ TIÊU MÔI TRƯỜNG",
                           "CHỈ TIÊU VỀ GIÁO DỤC", "CHỈ TIÊU VỀ Y TẾ"], len(groups))
    doc.indicators = inds
    doc.meta.so_hieu = doc.meta.date_issued = doc.meta.issuer = doc.meta.signer = doc.meta.doc_type = None
    doc.meta.title = None
    # leads by number: consecutive runs of targets share one agency
    pool = agency_pool(doc.unit)
    assign = c.groups_of(rng, list(range(1, len(inds) + 1)), rng.randint(2, min(5, len(inds))))
    leads = rng.sample(pool, len(assign))
    for numbers, lead in zip(assign, leads, strict=True):
        for n in numbers:
            inds[n - 1].lead = lead
    width, height = A4
    cv = Canvas(str(path), pagesize=A4)
    cv.setFont(font, size)
    x_no, x_name, x_unit = 40.0, 62.0, 255.0
    year_right = [360 + k * 55.0 for k in range(n_years)]  # figures right-aligned, gutters of 10 points or more
    y = height - 50

    def line_down(k: float = 1.0) -> None:
        nonlocal y
        y -= 12 * k

    def centre(text: str) -> None:
        _draw_words(cv, text, (width - _words_width(text.split(), font, size)) / 2, y, font, size)
        line_down(1.4)

    centre(f"Phụ lục {ROMAN[rng.randint(0, 2)]}")
    centre(f"CÁC CHỈ TIÊU CHỦ YẾU GIAI ĐOẠN {periods[0]}-{periods[-1]}")
    centre(f"(Kèm theo Kế hoạch số {rng.randint(10, 400)}/KH-UBND của {c.ubnd(doc)} {doc.province})")
    line_down(1.2)
    # header: "STT Chỉ tiêu Đơn vị [spanning heading]" then "tính 2026 2027 …"
    _draw_words(cv, "STT", x_no, y, font, size)
    _draw_words(cv, "Chỉ tiêu", x_name, y, font, size)
    _draw_words(cv, "Đơn vị", x_unit, y, font, size)
    span = rng.choice(["Kế hoạch các năm", "Mục tiêu các năm", "Chỉ tiêu kế hoạch"])
    mid = (year_right[0] - 25 + year_right[-1]) / 2
    _draw_words(cv, span, mid - _words_width(span.split(), font, size) / 2, y + 2, font, size)
    line_down()
    _draw_words(cv, "tính", x_unit, y, font, size)
    for p, xr in zip(periods, year_right, strict=True):
        _draw_words(cv, p, xr, y, font, size, right=True)
    line_down(1.6)
    for g, (caption, members) in enumerate(zip(captions, groups, strict=True)):
        if len(groups) > 1:
            _draw_words(cv, ROMAN[g], x_no, y, font, size)
            _draw_words(cv, caption, x_name, y, font, size)
            line_down(1.4)
        for ind in members:
            ind.group = caption if len(groups) > 1 else ""
            number = inds.index(ind) + 1
            _draw_words(cv, str(number), x_no, y, font, size)
            name_lines = _wrap(ind.name, rng.choice([140.0, 160.0, 175.0]), font, size)
            unit_lines = _wrap(ind.unit, 48.0, font, size)
            for k in range(max(len(name_lines), len(unit_lines))):
                if k < len(name_lines):
                    _draw_words(cv, name_lines[k], x_name, y, font, size)
                if k < len(unit_lines):
                    _draw_words(cv, unit_lines[k], x_unit, y, font, size)
                if k == 0:
                    for t, xr in zip(ind.targets, year_right, strict=True):
                        _draw_words(cv, t.raw, xr, y, font, size, right=True)
                line_down()
            line_down(0.5)
    line_down()
    _draw_words(cv, "Ghi chú: dấu \"-\" là năm không đặt chỉ tiêu.", x_no, y, font, size)
    cv.showPage()
    cv.setFont(font, size)
    y = height - 50
    centre(f"Phụ lục {ROMAN[rng.randint(0, 2)]}a")
    centre("PHÂN CÔNG CƠ QUAN CHỦ TRÌ THEO DÕI, ĐÁNH GIÁ CÁC CHỈ TIÊU")
    line_down()
    xs = [40.0, 75.0, 260.0, 420.0]
    for x, head in zip(xs, ["STT", "Chỉ tiêu", rng.choice(["Cơ quan chủ trì", "Cơ quan chủ trì theo dõi"]),
                            "Thời hạn báo cáo"], strict=True):
        _draw_words(cv, head, x, y, font, size)
    line_down(1.6)
    for k, (numbers, lead) in enumerate(zip(assign, leads, strict=True), start=1):
        refs = "Chỉ tiêu " + ", ".join(str(n) for n in numbers)
        due = rng.choice([["Trước ngày 15/12", "hằng năm"], ["Hằng quý"], ["Trước ngày 10/12", "hằng năm"]])
        lead_lines = _wrap(lead, 150.0, font, size)
        _draw_words(cv, str(k), xs[0], y, font, size)
        _draw_words(cv, refs, xs[1], y, font, size)
        for j in range(max(len(lead_lines), len(due))):
            if j < len(lead_lines):
                _draw_words(cv, lead_lines[j], xs[2], y, font, size)
            if j < len(due):
                _draw_words(cv, due[j], xs[3], y, font, size)
            line_down()
        line_down(0.5)
    cv.save()


PLACE_NAMES = ["An Bình", "Tân Phú", "Hòa Lợi", "Long Thạnh", "Phú Mỹ", "Thanh Bình", "Tân Hiệp", "Vĩnh Xuân",
               "Mỹ Hòa", "Bình Minh", "Hưng Thịnh", "Đông Thành", "Tam Hiệp", "Phước Hậu"]


def docx_transposed_matrix(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A plan whose targets table is transposed (a row per year, with a baseline year marked "(*)" first; an
    indicator per column, its unit in brackets at the end of its heading, one heading marked "*") and whose
    second table is a matrix of communes and wards by year under a caption naming the quantity ("Biểu 2. Tỷ lệ
    … theo xã, phường (%)"), one place marked "*" and a "-" cell; a note under each table."""
    from docgen.write_docx import _new, _para, _paras, _set

    start = doc.extra["year"] + 1
    years = [start + k for k in range(rng.choice([3, 4, 5]))]
    inds = gen_indicators(rng, doc, rng.randint(3, 6), [str(y) for y in years], lead=False,
                          kinds=["percent", "count", "money", "index", "rate"], none_rate=0.0)
    baseline = start - 1 if rng.random() < 0.7 else None
    if baseline:
        for ind in inds:
            ind.targets.insert(0, ExpTarget(str(baseline), ind.targets[0].raw.lstrip("≥> ")))
    marked = rng.randrange(len(inds))
    document = _new()
    _paras(document, c.head_lines(doc))
    _para(document, "II. MỤC TIÊU")
    _para(document, f"Biểu 1. Chỉ tiêu chủ yếu giai đoạn {years[0]} - {years[-1]}")
    table = document.add_table(rows=1 + len(inds[0].targets), cols=1 + len(inds))
    table.style = "Table Grid"
    _set(table.rows[0].cells[0], rng.choice(["Năm", "Năm", "Chỉ tiêu/Năm"]))
    for k, ind in enumerate(inds):
        _set(table.rows[0].cells[k + 1], f"{ind.name} ({ind.unit}){'*' if k == marked else ''}")
    for r, target in enumerate(inds[0].targets, start=1):
        label = f"{target.period} (*)" if baseline and target.period == str(baseline) else target.period
        _set(table.rows[r].cells[0], label)
        for k, ind in enumerate(inds):
            _set(table.rows[r].cells[k + 1], ind.targets[r - 1].raw)
    _para(document, "Ghi chú: (*) Số liệu năm gốc là số ước thực hiện, không phải chỉ tiêu kế hoạch.")
    # the matrix: one quantity per place and year
    pops, preds = rng.choice(vocab.PERCENT_NAMES)
    subject = f"Tỷ lệ {rng.choice(pops)} {rng.choice(preds)}"
    places = [f"{rng.choice(['Xã', 'Phường'])} {p}" for p in rng.sample(PLACE_NAMES, rng.randint(3, 7))]
    star = rng.randrange(len(places))
    _para(document, f"Biểu 2. {subject} theo {rng.choice(['xã, phường', 'từng xã, phường', 'xã, phường trọng điểm'])} (%)")
    head = rng.choice(["Xã, phường", "Đơn vị", "Địa phương"])
    matrix = document.add_table(rows=1 + len(places), cols=1 + len(years))
    matrix.style = "Table Grid"
    _set(matrix.rows[0].cells[0], head)
    for j, y in enumerate(years):
        _set(matrix.rows[0].cells[j + 1], rng.choice([str(y), f"Năm {y}"]))
    rows = []
    for r, place in enumerate(places, start=1):
        values = [f"{rng.randint(80, 97)},{rng.randint(0, 9)}" for _ in years]
        if r - 1 == star and len(years) > 2:
            values[rng.randrange(1, len(years))] = "-"
        values[-1] = rng.choice([values[-1], f"≥ {values[-1]}"]) if values[-1] != "-" else values[-1]
        _set(matrix.rows[r].cells[0], place + ("*" if r - 1 == star else ""))
        for j, v in enumerate(values):
            _set(matrix.rows[r].cells[j + 1], v)
        rows.append(ExpIndicator(name=f"{subject} – {place}", unit="%",
                                 targets=[ExpTarget(str(y), v) for y, v in zip(years, values, strict=True)],
                                 kind="percent"))
    _para(document, f"Ghi chú: (*) {places[star]} giao chỉ tiêu theo kết quả rà soát dân số.")
    _para(document, "III. TỔ CHỨC THỰC HIỆN")
    _para(document, f"Các sở, ban, ngành và {c.ubnd(doc)} các xã, phường triển khai thực hiện Kế hoạch này.")
    _paras(document, c.tail_lines(doc))
    doc.indicators = [*inds, *rows]
    document.save(str(path))


def html_layout_table_tasks(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A portal page laid out with a table: banner and menu rows, a left column holding a menu table, the
    document in the main cell with its head and signature as nested two-column tables (lines split by <br>),
    targets as an <ol> list, and a task table "TT | Nội dung nhiệm vụ | Đơn vị thực hiện | Thời gian" whose
    units cell marks the lead "(chủ trì)" before the co-operating units (a task with one unit has no mark)."""
    from html import escape

    from docgen.generate import gen_tasks

    tasks = gen_tasks(rng, doc, rng.randint(4, 8), max_partners=3)
    doc.tasks = tasks
    doc.indicators = []

    def br(lines: list[str]) -> str:
        return "<br />".join(escape(x) for x in lines)

    rows = []
    for k, t in enumerate(tasks, start=1):
        if t.partners:
            units = br([f"{t.lead} (chủ trì);", *[p + (";" if j + 1 < len(t.partners) else "") for j, p in
                                                   enumerate(t.partners)]])
        else:
            units = escape(t.lead)
        t.product = ""  # the table has no product column
        rows.append(f"<tr><td>{k}</td><td>{escape(t.title)}</td><td>{units}</td>"
                    f"<td>{escape(c.deadline_cell(t))}</td></tr>")
    task_table = ("<table border='1'><tr><th>TT</th><th>Nội dung nhiệm vụ</th><th>"
                  + rng.choice(["Đơn vị thực hiện", "Cơ quan thực hiện", "Đơn vị triển khai"])
                  + "</th><th>" + rng.choice(["Thời gian", "Thời gian hoàn thành", "Tiến độ"])
                  + "</th></tr>" + "".join(rows) + "</table>")
    left, right = c.left_block(doc), c.right_block(doc)
    head = f"<table><tr><td>{br(left)}</td><td>{br(right)}</td></tr></table>"
    sig = c.signature_lines(doc)
    tail = (f"<table><tr><td>{br(c.recipients(doc))}</td><td>{br([x for x in sig if x])}</td></tr></table>")
    goals = "<ol>" + "".join(f"<li>{escape(g)}</li>" for g in [
        "Nâng cao chất lượng, hiệu quả công tác quản lý nhà nước.",
        "Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan, đơn vị."]) + "</ol>"
    main = "\n".join([
        f"<h1>{escape(doc.meta.title or '')}</h1>",
        f"<p>Cập nhật: {doc.header.date_numeric} 08:15 | Lượt xem: {rng.randint(100, 5000)}</p>",
        head,
        "".join(f"<p><b>{escape(x)}</b></p>" for x in c.title_block(doc)),
        "<p>I. MỤC ĐÍCH, YÊU CẦU</p>", goals,
        "<p>II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN</p>", task_table,
        tail,
        "<p>Tệp đính kèm: van-ban.pdf</p>",
    ])
    menu = ("<table><tr><td>CHUYÊN MỤC</td></tr><tr><td><a href='/a'>Văn bản chỉ đạo</a></td></tr>"
            "<tr><td><a href='/b'>Lịch công tác</a></td></tr></table>")
    page = ("<table width='1000'><tr><td colspan='2'><img src='banner.jpg' alt='CỔNG THÔNG TIN ĐIỆN TỬ'/></td></tr>"
            "<tr><td colspan='2'><a href='/'>Trang chủ</a> | <a href='/lh'>Liên hệ</a></td></tr>"
            f"<tr><td width='220' valign='top'>{menu}</td><td valign='top'>{main}</td></tr>"
            "<tr><td colspan='2'>© Cổng thông tin điện tử. Địa chỉ: số 1 đường Lê Lợi.</td></tr></table>")
    path.write_text("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>"
                    f"{escape(doc.meta.title or '')}</title></head><body>{page}</body></html>", encoding="utf-8")


# the bodies of a commune's or ward's government after 2025 (general kinds, any commune has them)
LOCAL_UNITS = ["Văn phòng HĐND và UBND {w}", "Phòng Kinh tế {w}", "Phòng Kinh tế, Hạ tầng và Đô thị",
               "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công {w}", "Công an {w}",
               "Ban Chỉ huy quân sự {w}", "Trạm Y tế {w}", "Ủy ban Mặt trận Tổ quốc Việt Nam {w}",
               "Đoàn Thanh niên Cộng sản Hồ Chí Minh {w}", "Hội Liên hiệp Phụ nữ {w}", "Hội Nông dân {w}",
               "Hội Cựu chiến binh {w}", "Trưởng các thôn, tổ dân phố"]


def docx_ward_numbered_targets(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A commune's or ward's one-year plan: targets as paragraphs "Chỉ tiêu N: <name> đạt <value>." (label in
    bold, "Chỉ tiêu số N:" or "Chỉ tiêu N." in some) under "II. CHỈ TIÊU NĂM Y"; a responsibilities table by
    unit "TT | Cơ quan, đơn vị | Nhiệm vụ được giao | Thời hạn" whose duties point back to the targets by
    number ("(Chỉ tiêu 1, Chỉ tiêu 3)"): the first unit naming a target leads it, a later one co-operates."""
    from docgen.generate import gen_deadline, gen_prose_indicators, task_title
    from docgen.model import ExpTask
    from docgen.write_docx import _new, _para, _paras, _set

    year = doc.extra["year"] + 1
    ward = rng.choice(["xã", "phường"])
    inds = gen_prose_indicators(rng, doc, rng.randint(4, 9), [year])
    units = [u.format(w=ward) for u in rng.sample(LOCAL_UNITS, rng.randint(3, min(7, len(inds) + 2)))]
    refs: list[list[int]] = [[] for _ in units]
    for n in range(1, len(inds) + 1):
        if rng.random() < 0.85:  # some targets no unit is named for
            for k in rng.sample(range(len(units)), rng.choice([1, 1, 2])):
                refs[k].append(n)
    for ind in inds:
        ind.lead, ind.partners = "", []
    tasks = []
    used: set[str] = set()
    for unit, numbers in zip(units, refs, strict=True):
        title = task_title(rng, doc)
        while title in used or any(title in u or u in title for u in used):
            title = task_title(rng, doc)
        used.add(title)
        numbers.sort()
        if numbers:
            named = ", ".join(rng.choice(["Chỉ tiêu {}", "Chỉ tiêu {}"]).format(n) for n in numbers)
            if rng.random() < 0.5:
                named = "Chỉ tiêu " + ", ".join(str(n) for n in numbers)
            cell = rng.choice([f"{title} ({named}).", f"{title}; theo dõi, tổng hợp kết quả {named}."])
        else:
            cell = f"{title}."
        tasks.append((ExpTask(title=title, lead=unit, partners=[], deadline=gen_deadline(rng, year - 1),
                              product=""), cell))
    # who leads a target: the first row naming it; a later row co-operates
    for k, numbers in enumerate(refs):
        for n in numbers:
            ind = inds[n - 1]
            if not ind.lead:
                ind.lead = units[k]
            elif units[k] not in ind.partners:
                ind.partners.append(units[k])
    document = _new()
    _paras(document, c.head_lines(doc))
    _para(document, "I. MỤC ĐÍCH, YÊU CẦU")
    _para(document, f"Nâng cao hiệu quả quản lý của chính quyền {ward}; phục vụ người dân, doanh nghiệp nhanh, "
                    "thuận tiện.")
    _para(document, rng.choice([f"II. CHỈ TIÊU NĂM {year}", f"II. CÁC CHỈ TIÊU NĂM {year}",
                                f"II. MỤC TIÊU, CHỈ TIÊU NĂM {year}"]))
    label = rng.choice(["Chỉ tiêu {}:", "Chỉ tiêu số {}:", "Chỉ tiêu {}."])
    for n, ind in enumerate(inds, start=1):
        p = document.add_paragraph()
        p.add_run(label.format(n)).bold = True
        p.add_run(f" {ind.name} đạt {ind.targets[0].raw}{'.' if rng.random() < 0.8 else ';'}")
    _para(document, "III. NHIỆM VỤ VÀ TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ")
    table = document.add_table(rows=1 + len(tasks), cols=4)
    table.style = "Table Grid"
    head = ["TT", rng.choice(["Cơ quan, đơn vị", "Cơ quan", "Đơn vị, cơ quan", "Cơ quan/đơn vị"]),
            rng.choice(["Nhiệm vụ được giao", "Nhiệm vụ", "Nội dung nhiệm vụ"]),
            rng.choice(["Thời hạn", "Thời gian hoàn thành", "Thời gian"])]
    for j, h in enumerate(head):
        _set(table.rows[0].cells[j], h)
    for r, (task, cell) in enumerate(tasks, start=1):
        for j, text in enumerate([str(r), task.lead, cell, c.deadline_cell(task)]):
            _set(table.rows[r].cells[j], text)
    _paras(document, c.tail_lines(doc))
    doc.indicators = inds
    doc.tasks = [t for t, _ in tasks]
    document.save(str(path))


def html_ol_dated_targets(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A portal page laid out with a table whose side column lists sections named like document types
    ("Thông báo", "Lịch công tác"), the document in the main cell (head as a nested table, "KẾ HOẠCH" and its
    subject in bold), and its targets as ordered lists under dated goal headings: "1. Mục tiêu đến năm Y" then
    an <ol> of "<name> đạt <value>" items (an item without a figure among them), "2. Tầm nhìn đến năm Y2" then
    another <ol>; the numbers exist only in the markup."""
    from html import escape

    from docgen.generate import gen_prose_indicators

    def br(lines: list[str]) -> str:
        return "<br />".join(escape(x) for x in lines)

    y1 = rng.choice([2030, 2030, doc.extra["year"] + 5])
    y2 = y1 + 5
    first = gen_prose_indicators(rng, doc, rng.randint(2, 6), [y1])
    names = {i.name for i in first}
    second = [i for i in gen_prose_indicators(rng, doc, rng.randint(1, 4), [y2]) if i.name not in names]
    plain = "Hoàn thành sắp xếp mạng lưới cơ sở theo đơn vị hành chính mới."

    def items(inds: list[ExpIndicator]) -> list[str]:
        out = [f"{i.name} đạt {i.targets[0].raw}{rng.choice(['.', ';', ''])}" for i in inds]
        if rng.random() < 0.5:
            out.insert(rng.randint(0, len(out)), plain)
        return out

    goals = (f"<p><b>1. Mục tiêu đến năm {y1}</b></p><ol>"
             + "".join(f"<li>{escape(x)}</li>" for x in items(first)) + "</ol>")
    if second:
        goals += (f"<p><b>2. {rng.choice(['Tầm nhìn đến năm', 'Mục tiêu đến năm'])} {y2}</b></p><ol>"
                  + "".join(f"<li>{escape(x)}</li>" for x in items(second)) + "</ol>")
    head = f"<table><tr><td>{br(c.left_block(doc))}</td><td>{br(c.right_block(doc))}</td></tr></table>"
    sig = [x for x in c.signature_lines(doc) if x]
    tail = f"<table><tr><td>{br(c.recipients(doc))}</td><td>{br(sig)}</td></tr></table>"
    main = "\n".join([
        f"<p>Cập nhật: {doc.header.date_numeric} 08:15 | Lượt xem: {rng.randint(100, 5000)}</p>",
        head,
        "".join(f"<p><b>{escape(x)}</b></p>" for x in c.title_block(doc)),
        "<p>I. MỤC ĐÍCH, YÊU CẦU</p><p>Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan, đơn vị.</p>",
        "<p>II. MỤC TIÊU</p>", goals,
        tail,
    ])
    side = rng.sample(["Thông báo", "Lịch công tác", "Văn bản chỉ đạo", "Kế hoạch", "Báo cáo", "Tin tức"], 4)
    menu = ("<table><tr><td>CHUYÊN MỤC</td></tr>"
            + "".join(f"<tr><td><a href='/m{k}'>{escape(m)}</a></td></tr>" for k, m in enumerate(side))
            + "</table>")
    page = ("<table width='1000'><tr><td colspan='2'><a href='/'>Trang chủ</a> | <a href='/lh'>Liên hệ</a></td></tr>"
            f"<tr><td width='220' valign='top'>{menu}</td><td valign='top'>{main}</td></tr>"
            "<tr><td colspan='2'>© Cổng thông tin điện tử.</td></tr></table>")
    path.write_text("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Cổng thông tin</title>"
                    f"</head><body>{page}</body></html>", encoding="utf-8")
    doc.indicators = [*first, *second]
    doc.tasks = []


def paged_copy(write):
    """A writer that makes a plain-text layout, then pastes it as a copy of a paged PDF does: every 12 to 20
    lines a blank line, the page's footer "Trang n/N" and the running header repeated at the top of each page
    ("KẾ HOẠCH SỐ 12/KH-UBND NGÀY 05/03/2026 - UBND TỈNH …"), wherever the page breaks, mid-sentence included;
    sometimes the footer is glued to the end of the last line of the page."""

    def write_paged(doc: GenDoc, rng: random.Random, path: Path) -> None:
        write(doc, rng, path)
        lines = path.read_text(encoding="utf-8").split("\n")
        so = doc.header.so_line.removeprefix("Số:").strip()
        running = f"{doc.header.type_line} SỐ {so} NGÀY {doc.header.date_numeric} - UBND {doc.unit} {doc.province}"
        running = running.upper()
        cuts = []
        at = rng.randint(12, 20)
        while at < len(lines) - 3:
            cuts.append(at)
            at += rng.randint(12, 20)
        n_pages = len(cuts) + 1
        out: list[str] = []
        page = 1
        for i, line in enumerate(lines):
            if i in cuts:
                if out and out[-1].strip() and rng.random() < 0.3:
                    out[-1] = f"{out[-1]} Trang {page}/{n_pages}"
                    out.extend(["", running])
                else:
                    out.extend(["", f"Trang {page}/{n_pages}", "", running])
                    if rng.random() < 0.5:
                        out.append("")
                page += 1
            out.append(line)
        out.extend(["", f"Trang {page}/{n_pages}"])
        path.write_text("\n".join(out), encoding="utf-8")

    write_paged.__doc__ = f"{write.__doc__} Pasted with page footers and a running header at every page break."
    return write_paged
