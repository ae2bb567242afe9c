"""Layouts of kinds DESIGN.md lists that the first layouts lacked: the council resolution on a 5-year
socio-economic plan (growth rates, money per head in USD, budget revenue, sector shares, a rank, counts
joined in one clause, framework names), a two-row header whose upper cell is a period over year columns,
task tables with colspan group rows on a web page, a legal portal page with a properties table, Excel
appendices, one value column with a group row per year, and wrappers that save a layout as .doc/.odt/.xls
through LibreOffice or scan a PDF layout into image pages."""

from __future__ import annotations

import random
import re
from html import escape
from pathlib import Path

from docgen import common as c
from docgen import vocab
from docgen.generate import ROMAN, gen_indicators, gen_tasks, thousands
from docgen.model import ExpIndicator, ExpTarget, ExpTask, GenDoc

# the usual headline targets of a 5-year socio-economic plan: (name as written, unit, value maker, verb);
# a rate is stated with "tăng/giảm bình quân", money with "đạt"
_ECON = [
    ("Tốc độ tăng trưởng kinh tế (GRDP) bình quân", "%/năm", "rate", "đạt"),
    ("Tổng sản phẩm trên địa bàn (GRDP) tăng bình quân", "%/năm", "rate", ""),
    ("GRDP bình quân đầu người đạt", "USD", "usd", ""),
    ("Tổng thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "money", "đạt"),
    ("Tổng vốn đầu tư toàn xã hội", "tỷ đồng", "money", "đạt"),
    ("Tỷ lệ đô thị hóa", "%", "pct", "đạt"),
    ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân", "%/năm", "drop", ""),
    ("Tỷ trọng kinh tế số trong GRDP", "%", "pct", "đạt"),
    ("Năng suất lao động tăng bình quân", "%/năm", "rate", ""),
    ("Kim ngạch xuất khẩu hàng hóa", "triệu USD", "money", "đạt"),
    ("Thu nhập bình quân đầu người", "triệu đồng/người", "money", "đạt"),
]
# things counted after a verb of building (general investment targets of plans)
_BUILT = [("phòng học", "phòng học bộ môn"), ("trường", "trường đạt chuẩn quốc gia"), ("trạm", "trạm y tế xã"),
          ("giường bệnh", "giường bệnh tuyến tỉnh"), ("thư viện", "thư viện số"), ("phòng học", "phòng học kiên cố")]
_BUILD_VERBS = ["xây mới", "xây dựng mới", "cải tạo, nâng cấp"]
# sectors of the economy's structure (the sectors of the national accounts)
_SECTORS = ["công nghiệp - xây dựng", "dịch vụ", "nông, lâm nghiệp và thủy sản", "thuế sản phẩm trừ trợ cấp sản phẩm"]
_FRAMES = ["theo Khung năng lực ngoại ngữ {n} bậc dùng cho Việt Nam", "theo khung trình độ quốc gia {n} bậc"]


def _econ_value(rng: random.Random, kind: str, unit: str) -> str:
    """A headline target's value as written, unit included ('8-8,5%/năm', '8.500 USD', '125.000 tỷ đồng')."""
    if kind == "rate":
        lo = rng.randint(6, 10)
        return rng.choice([f"{lo}-{lo},5%/năm", f"{lo},5-{lo + 1}%/năm", f"trên {lo}%/năm", f"{lo}%/năm"])
    if kind == "drop":
        lo = rng.randint(1, 3)
        return rng.choice([f"{lo}-{lo},5%/năm", f"{lo},5%/năm", f"trên {lo}%/năm"])
    if kind == "usd":
        return f"{thousands(rng.randint(45, 160) * 100)} USD"
    if kind == "pct":
        return rng.choice([f"{rng.randint(25, 70)}%", f"trên {rng.randint(25, 70)}%", f"{rng.randint(25, 70)},5%"])
    return f"{rng.choice(['', 'khoảng ', 'trên '])}{thousands(rng.randint(12, 950) * 1000)} {unit}"


def _lower_first(text: str) -> str:
    """Lower the first letter unless the first word is an acronym ('GRDP', 'HDI')."""
    first = text.split()[0] if text.split() else ""
    return text if sum(ch.isupper() for ch in first) > 1 else c.lower_first(text)


def socioeconomic_targets(rng: random.Random, end: int, period: str) -> tuple[list[str], list[ExpIndicator]]:
    """'(n) …' clauses of a 5-year plan's main targets and what a reader must give back."""
    lines: list[str] = []
    inds: list[ExpIndicator] = []
    for name, unit, kind, verb in rng.sample(_ECON, rng.randint(4, 7)):
        raw = _econ_value(rng, kind, unit)
        shown = name.removesuffix(" đạt")  # "GRDP bình quân đầu người đạt 8.500 USD"
        stated = f"{name} {verb} {raw}".replace("  ", " ")
        if kind in ("usd", "pct", "money") and rng.random() < 0.25:  # "… năm 2030 đạt …"
            stated, when = f"{shown} năm {end} {(verb or 'đạt')} {raw}", str(end)
        elif kind in ("usd", "pct") or (kind == "money" and rng.random() < 0.5):
            stated, when = f"Đến năm {end}, {_lower_first(stated)}", str(end)
        elif rng.random() < 0.4:
            stated, when = f"Giai đoạn {period}, {_lower_first(stated)}", period
        else:
            when = period
        inds.append(ExpIndicator(name=shown, unit=unit, targets=[ExpTarget(when, raw)]))
        lines.append(stated)
    # two counts after one verb ("xây mới N1 a và N2 b"), or each after its own verb ("xây mới N1 a, cải tạo,
    # nâng cấp N2 b"): one target each
    verb, other = rng.sample(_BUILD_VERBS, 2)
    second = verb if rng.random() < 0.5 else other
    (a, _), (b, b_long) = rng.sample(_BUILT, 2)
    n1, n2 = thousands(rng.randint(120, 2400)), thousands(rng.randint(15, 900))
    joined = f" và {n2} {b_long}" if second == verb else f", {second} {n2} {b_long}"
    lines.append(f"Đến năm {end}, {verb} {n1} {a}{joined}")
    inds += [ExpIndicator(name=f"{verb} {n1} {a}", unit=a, targets=[ExpTarget(str(end), f"{n1} {a}")]),
             ExpIndicator(name=f"{second} {n2} {b_long}", unit=b, targets=[ExpTarget(str(end), f"{n2} {b}")])]
    # the structure of the economy: shares of sectors after one year cue, commas between them
    sectors = rng.sample(_SECTORS, rng.randint(2, 3))
    cuts = sorted(rng.sample(range(15, 60), len(sectors)))
    parts, shares = [], []
    for k, (sector, lo) in enumerate(zip(sectors, cuts, strict=True)):
        raw = f"{lo}-{lo + 2}%"
        first = f"tỷ trọng {sector}" if k == 0 else sector
        parts.append(f"{first} chiếm {raw}{' GRDP' if k == 0 else ''}")
        # a name of fewer than three words keeps its whole clause (README: "A prose target's name")
        name = first if len(first.split()) >= 3 else f"{first} chiếm {raw}"
        shares.append(ExpIndicator(name=name, unit="%", targets=[ExpTarget(str(end), raw)]))
    lines.append(f"Đến năm {end}, " + ", ".join(parts))
    inds += shares
    # a rank: "chỉ số … thuộc Top 10 cả nước"
    top = rng.choice([5, 10, 15, 20, 30])
    ranked = rng.choice(["chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "chỉ số cải cách hành chính (PAR Index)",
                         "chỉ số chuyển đổi số cấp tỉnh (DTI)"])
    lines.append(f"Đến năm {end}, {ranked} thuộc Top {top} cả nước")
    inds.append(ExpIndicator(name=ranked, unit="", targets=[ExpTarget(str(end), f"thuộc Top {top} cả nước")]))
    # a share whose clause names a framework with a number
    pct = rng.randint(40, 90)
    frame = rng.choice(_FRAMES).format(n=rng.choice([5, 6, 8]))
    clause = f"Đến năm {end}, {pct}% học sinh trung học phổ thông đạt bậc 3 trở lên {frame}"
    lines.append(clause)
    inds.append(ExpIndicator(name=clause, unit="%", targets=[ExpTarget(str(end), f"{pct}%")]))
    return lines, inds


def resolution_duties(doc: GenDoc) -> tuple[list[str], list[ExpTask]]:
    """Điều 2 and 3 of a council resolution: who implements, who supervises, and the Front asked to join."""
    ubnd, hdnd = c.ubnd(doc), f"Hội đồng nhân dân {doc.unit}"
    front = f"Ủy ban Mặt trận Tổ quốc Việt Nam {doc.unit}"
    others = f"các tổ chức chính trị - xã hội {doc.unit}"
    lines = ["Điều 2. Tổ chức thực hiện",
             f"1. Giao {ubnd} tổ chức thực hiện Nghị quyết.",
             f"2. Thường trực {hdnd}, các Ban của {hdnd}, các Tổ đại biểu và đại biểu {hdnd} giám sát việc thực "
             "hiện Nghị quyết.",
             f"3. Đề nghị {front} và {others} tuyên truyền, vận động Nhân dân tham gia giám sát việc thực hiện "
             "Nghị quyết."]
    tasks = [ExpTask(title="tổ chức thực hiện Nghị quyết", lead=ubnd, partners=[], deadline=None),
             ExpTask(title="giám sát việc thực hiện Nghị quyết", lead=f"Thường trực {hdnd}", partners=None,
                     deadline=None),
             ExpTask(title="tuyên truyền, vận động Nhân dân", lead=front, partners=[others], deadline=None)]
    return lines, tasks


def socioeconomic_body(rng: random.Random, doc: GenDoc) -> list[str]:
    """The text of an HĐND resolution on the 5-year socio-economic plan (records set on doc)."""
    start = doc.extra["year"] + 1
    end = start + 4
    period = f"{start}-{end}"
    targets, inds = socioeconomic_targets(rng, end, period)
    duties, tasks = resolution_duties(doc)
    doc.indicators, doc.tasks = inds, tasks
    hdnd = f"Hội đồng nhân dân {doc.unit}"
    lines = [f"HỘI ĐỒNG NHÂN DÂN {doc.unit.upper()} {doc.province.upper()}",
             f"KHÓA XVII, KỲ HỌP THỨ {rng.randint(2, 12)}",
             "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
             f"Xét Tờ trình số {rng.randint(10, 300)}/TTr-UBND của {c.ubnd(doc)}; Báo cáo thẩm tra của Ban Kinh "
             f"tế - Ngân sách {hdnd}; ý kiến thảo luận của đại biểu {hdnd} tại kỳ họp.",
             "QUYẾT NGHỊ:",
             f"Điều 1. Thông qua Kế hoạch phát triển kinh tế - xã hội 5 năm {period} với các nội dung chủ yếu sau:",
             "1. Mục tiêu tổng quát",
             "Phát triển kinh tế nhanh và bền vững; nâng cao đời sống vật chất, tinh thần của Nhân dân; bảo đảm "
             "quốc phòng, an ninh.",
             f"2. Các chỉ tiêu chủ yếu giai đoạn {period}"]
    lines += [f"({n}) {t}." for n, t in enumerate(targets, start=1)]
    lines += ["3. Nhiệm vụ, giải pháp chủ yếu",
              "Tập trung hoàn thiện thể chế; phát triển hạ tầng đồng bộ; nâng cao chất lượng nguồn nhân lực.",
              *duties,
              f"Nghị quyết này đã được {hdnd} {doc.province} Khóa XVII, Kỳ họp thứ {rng.randint(2, 12)} thông qua "
              "và có hiệu lực từ ngày ký."]
    return lines


def socioeconomic_subject(doc: GenDoc) -> None:
    """Retitle a council resolution as the 5-year socio-economic plan of its province."""
    start = doc.extra["year"] + 1
    subject = f"Về Kế hoạch phát triển kinh tế - xã hội 5 năm {start}-{start + 4}"
    from docgen.generate import split_title

    doc.extra["subject"] = subject
    doc.header.subject_lines = split_title(subject)
    doc.meta.title = f"{doc.meta.doc_type} {subject}"


def txt_socioeconomic_resolution(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """An HĐND resolution on the 5-year socio-economic plan pasted as text."""
    socioeconomic_subject(doc)
    body = socioeconomic_body(rng, doc)
    lines = [*c.head_lines(doc), *body, *c.tail_lines(doc)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pdf_socioeconomic_resolution(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """The same resolution as a PDF (text wrapped by the page width)."""
    from docgen.write_pdf import _build, _head_story, _p, _styles, _tail_story

    socioeconomic_subject(doc)
    st = _styles()
    body = socioeconomic_body(rng, doc)
    story = _head_story(doc, st)
    story += [_p(t, st["center"] if t.isupper() or t.endswith(":") and len(t) < 20 else st["p"]) for t in body]
    story += _tail_story(doc, st)
    _build(path, story)


# ---------------------------------------------------------------- two-row header: a period over its years


def docx_period_over_years(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """'Chỉ tiêu | Đơn vị | Giai đoạn 2026-2030' over 'Năm 2026 | Năm 2028 | Năm 2030' (merged cells)."""
    from docgen.write_docx import _new, _para, _paras, _set

    start = doc.extra["year"] + 1
    years = sorted(rng.sample(range(start, start + 5), rng.randint(2, 3)) + [start + 4])
    years = sorted(set(years))
    periods = [str(y) for y in years]
    inds = gen_indicators(rng, doc, rng.randint(4, 7), periods, lead=False)
    doc.indicators = inds
    document = _new()
    _paras(document, c.head_lines(doc))
    _para(document, "I. CÁC CHỈ TIÊU CHỦ YẾU")
    order = rng.choice(["STT", "TT"])
    name_label = rng.choice(["Chỉ tiêu", "Tên chỉ tiêu"])
    unit_label = rng.choice(["Đơn vị", "Đơn vị tính", "ĐVT"])
    upper = rng.choice([f"Giai đoạn {start}-{start + 4}", f"Kế hoạch giai đoạn {start}-{start + 4}",
                        f"Mục tiêu giai đoạn {start}-{start + 4}"])
    with_note = rng.random() < 0.5
    width = 3 + len(periods) + (1 if with_note else 0)
    table = document.add_table(rows=2 + len(inds), cols=width)
    table.style = "Table Grid"
    top, low = table.rows[0].cells, table.rows[1].cells
    for k, label in enumerate([order, name_label, unit_label]):
        merged = top[k].merge(low[k])
        _set(merged, label)
    span = top[3].merge(top[3 + len(periods) - 1])
    _set(span, upper)
    for k, p in enumerate(periods):
        _set(low[3 + k], rng.choice([f"Năm {p}", p]))
    if with_note:
        _set(top[-1].merge(low[-1]), "Ghi chú")
    for r, ind in enumerate(inds, start=2):
        cells = table.rows[r].cells
        for k, text in enumerate([str(r - 1), ind.name, ind.unit, *[t.raw for t in ind.targets]]):
            _set(cells[k], text)
    _paras(document, ["II. TỔ CHỨC THỰC HIỆN", "Các sở, ban, ngành theo chức năng, nhiệm vụ tổ chức thực hiện.",
                      *c.tail_lines(doc)])
    document.save(str(path))


# ---------------------------------------------------------------- task table with colspan group rows (HTML)


def html_task_colspan_groups(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A web page whose task table has a two-row header and colspan group rows (I. …, 1. …)."""
    from docgen.write_html import MENU, _cell, _footer, _page, _ps

    tasks = gen_tasks(rng, doc, rng.randint(6, 10))
    runs = c.groups_of(rng, tasks, rng.randint(2, 3))
    titles = rng.sample(vocab.GROUP_TITLES, len(runs))
    for title, members in zip(titles, runs, strict=True):
        for t in members:
            t.group = title
    doc.tasks = tasks
    two_rows = rng.random() < 0.6
    if two_rows:
        head = ("<tr>" + _cell("TT", "th", rowspan=2) + _cell("Nội dung công việc", "th", rowspan=2)
                + _cell("Cơ quan thực hiện", "th", colspan=2) + _cell("Thời gian hoàn thành", "th", rowspan=2)
                + _cell("Sản phẩm", "th", rowspan=2) + "</tr><tr>" + _cell("Chủ trì", "th")
                + _cell("Phối hợp", "th") + "</tr>")
    else:
        head = "<tr>" + "".join(_cell(h, "th") for h in ["TT", "Nội dung công việc", "Cơ quan chủ trì",
                                                          "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]) + "</tr>"
    rows = []
    whole = rng.random() < 0.5
    for g, (title, members) in enumerate(zip(titles, runs, strict=True)):
        if whole:
            rows.append("<tr>" + _cell(f"{ROMAN[g]}. {title.upper()}", colspan=6) + "</tr>")
        else:
            rows.append("<tr>" + f"<td><b>{ROMAN[g]}</b></td>" + f"<td colspan='5'><b>{escape(title)}</b></td></tr>")
        for k, t in enumerate(members, start=1):
            rows.append("<tr>" + "".join(_cell(x) for x in [str(k), t.title, t.lead,
                                                             c.cell_agencies(rng, t.partners or []),
                                                             c.deadline_cell(t), t.product]) + "</tr>")
    table = f"<table border='1' cellspacing='0'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    body = "\n".join([MENU, "<div class='content'>", _ps(c.head_lines(doc)),
                      _ps(["I. MỤC ĐÍCH, YÊU CẦU", "Phân công cụ thể nhiệm vụ cho các cơ quan, đơn vị.",
                           "II. NHIỆM VỤ CỤ THỂ"]), table, _ps(c.tail_lines(doc)), "</div>", _footer(rng)])
    path.write_text(_page(doc.meta.title or "", body), encoding="utf-8")


# ---------------------------------------------------------------- spreadsheets and converted office files


def _excel_cell(raw: str) -> tuple[object, str]:
    """A target as an Excel cell: plain numbers typed as numbers with the format that shows them as written
    ('47.307' → 47307 in '#,##0', '0,85' → 0.85 in '0.00', '85' → 85), anything else as text."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return int(raw.replace(".", "")), "#,##0"
    if re.fullmatch(r"\d+,\d+", raw):
        whole, frac = raw.split(",")
        return float(f"{whole}.{frac}"), "0." + "0" * len(frac)
    if re.fullmatch(r"\d+", raw):
        return int(raw), "General"
    return raw, "@"


def xlsx_indicator_appendix(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """An Excel appendix of targets: title rows, a merged two-row header, group rows merged across, numbers
    typed as numbers; no document head (its metadata is not stated)."""
    import openpyxl
    from openpyxl.styles import Alignment

    start = doc.extra["year"] + 1
    periods = rng.choice([[str(start), str(start + 2), str(start + 4)], ["2030", "2035"], [str(start + 4)]])
    inds = gen_indicators(rng, doc, rng.randint(5, 9), periods, lead=rng.random() < 0.6)
    groups = c.groups_of(rng, inds, rng.randint(1, 3))
    captions = rng.sample(vocab.INDICATOR_GROUPS, len(groups))
    doc.indicators = inds
    doc.meta.so_hieu = doc.meta.date_issued = doc.meta.issuer = doc.meta.signer = doc.meta.doc_type = None
    doc.meta.title = None
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = rng.choice(["Phụ lục 01", "PL1", "Chỉ tiêu"])
    lead = inds[0].lead is not None
    width = 3 + len(periods) + (1 if lead else 0)
    ws.append([f"Phụ lục {rng.randint(1, 3)}"])
    ws.append([f"CÁC CHỈ TIÊU CHỦ YẾU CỦA {doc.unit.upper()} {doc.province.upper()}"])
    ws.append([f"(Kèm theo Kế hoạch số {rng.randint(10, 300)}/KH-UBND của {c.ubnd(doc)})"])
    top = ws.max_row + 1
    ws.append(["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", *[""] * (len(periods) - 1),
               *(["Cơ quan chủ trì"] if lead else [])])
    ws.append(["", "", "", *[f"Năm {p}" for p in periods], *([""] if lead else [])])
    for col in (1, 2, 3):
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    if len(periods) > 1:
        ws.merge_cells(start_row=top, start_column=4, end_row=top, end_column=3 + len(periods))
    if lead:
        ws.merge_cells(start_row=top, start_column=width, end_row=top + 1, end_column=width)
    for g, (caption, members) in enumerate(zip(captions, groups, strict=True)):
        if len(groups) > 1:
            ws.append([ROMAN[g], caption.upper()])
            ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=width)
        for k, ind in enumerate(members, start=1):
            ind.group = caption if len(groups) > 1 else ""
            ws.append([k, ind.name, ind.unit, *[""] * len(periods), *([ind.lead] if lead else [])])
            row = ws.max_row
            for j, t in enumerate(ind.targets):
                value, fmt = _excel_cell(t.raw)
                cell = ws.cell(row=row, column=4 + j, value=value)
                cell.number_format = fmt
                cell.alignment = Alignment(wrap_text=True)
    wb.save(str(path))


def _convert(src: Path, path: Path) -> None:
    """Save `src` as `path`'s format with LibreOffice (headless, own profile), as an office would."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) is needed to write .doc/.odt/.xls layouts")
    with tempfile.TemporaryDirectory(prefix="docgen-conv-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                        path.suffix.lstrip("."), "--outdir", tmp, str(src)], capture_output=True, timeout=180,
                       check=True)
        shutil.move(Path(tmp, src.stem + path.suffix), path)


def converted(write, ext: str):
    """A writer that writes a layout in its own format next to `path`, then saves it as `path`'s format."""

    def write_converted(doc: GenDoc, rng: random.Random, path: Path) -> None:
        src = path.with_name(path.stem + "-src" + ext)
        write(doc, rng, src)
        _convert(src, path)
        src.unlink()

    write_converted.__doc__ = f"{write.__doc__} Saved by LibreOffice as another format."
    return write_converted


def scanned(write, dpi: int = 300):
    """A writer that makes a PDF layout, then scans it: every page an image (grey, slightly skewed by up to
    1°, light noise), no text layer, as a signed and stamped paper comes back from an office scanner."""

    def write_scanned(doc: GenDoc, rng: random.Random, path: Path) -> None:
        import numpy as np
        import pypdfium2
        from PIL import Image

        src = path.with_name(path.stem + "-src.pdf")
        write(doc, rng, src)
        pdf = pypdfium2.PdfDocument(str(src))
        noise = np.random.default_rng(rng.randint(0, 2**31))
        images = []
        for page in pdf:
            im = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            im = im.rotate(rng.choice([-1, 1]) * rng.uniform(0.2, 1.0), resample=Image.BICUBIC, fillcolor=255)
            a = np.asarray(im).astype(float) + noise.normal(0, 12, (im.height, im.width))
            images.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))
        pdf.close()
        images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
        src.unlink()

    write_scanned.__doc__ = f"{write.__doc__} Scanned: image pages, slight skew, no text layer."
    return write_scanned


# ---------------------------------------------------------------- a legal portal's page (properties table)


def html_portal_properties(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A legal-document portal page: the full text first (head and signature as two-column tables, targets as
    '(n)' paragraphs, duties led by an agency), then a properties table whose rows hold several fields
    ('Cơ quan ban hành/ Chức danh/ Người ký' | body | title | name) and site boilerplate."""
    from docgen.generate import gen_prose_indicators
    from docgen.write_html import MENU, _footer, _page, _ps
    from docgen.write_txt import _duty_tasks, duty_paragraphs

    year = doc.extra["year"]
    inds = gen_prose_indicators(rng, doc, rng.randint(3, 5), [2030, year + 1])
    tasks = _duty_tasks(rng, doc, rng.randint(3, 5))
    doc.indicators, doc.tasks = inds, tasks

    def two_cols(left: list[str], right: list[str]) -> str:
        cell = "<td style='width:50%;text-align:center'>{}</td>"
        return ("<table class='head'><tr>" + cell.format("<br/>".join(escape(x) for x in left))
                + cell.format("<br/>".join(escape(x) for x in right)) + "</tr></table>")

    targets = []
    for n, ind in enumerate(inds, start=1):
        t = ind.targets[0]
        targets.append(rng.choice([f"({n}) {ind.name} đến năm {t.period} đạt {t.raw}.",
                                   f"({n}) Đến năm {t.period}, {c.lower_first(ind.name)} đạt {t.raw}."]))
    sig = [*doc.signature.lines, "", "", doc.signature.name]
    m = doc.meta
    position = doc.signature.lines[-1].capitalize()
    props = [("Số ký hiệu", m.so_hieu or ""), ("Ngày ban hành", doc.header.date_numeric),
             ("Loại văn bản", m.doc_type or ""), ("Ngày có hiệu lực", doc.header.date_numeric),
             ("Nguồn thu thập", "Công báo điện tử"), ("Ngành", "Đang cập nhật"), ("Lĩnh vực", "Kinh tế - xã hội")]
    rows = "".join(f"<tr><td class='label'>{escape(k)}</td><td colspan='3'>{escape(v)}</td></tr>" for k, v in props)
    rows += ("<tr><td class='label'>Cơ quan ban hành/ Chức danh/ Người ký</td>"
             f"<td>{escape(m.issuer or '')}</td><td>{escape(position)}</td><td>{escape(doc.signature.name)}</td></tr>"
             "<tr><td class='label'>Tình trạng hiệu lực</td><td colspan='3'>Còn hiệu lực</td></tr>")
    body = "\n".join([
        MENU, "<div class='toanvan'>",
        two_cols(c.left_block(doc), c.right_block(doc)),
        _ps(c.title_block(doc)),
        _ps(["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
             "I. MỤC TIÊU", "1. Mục tiêu chung", "Phát triển nhanh, bền vững; nâng cao đời sống Nhân dân.",
             "2. Các chỉ tiêu chủ yếu", *targets,
             "II. TỔ CHỨC THỰC HIỆN", *duty_paragraphs(rng, doc, tasks)]),
        two_cols(c.recipients(doc), sig),
        "</div>", "<div class='vbProperties'><h3>Thuộc tính văn bản</h3>",
        f"<table class='properties'>{rows}</table></div>", _footer(rng),
    ])
    path.write_text(_page(f"{m.doc_type} {m.so_hieu}", body), encoding="utf-8")


# ---------------------------------------------------------------- one value column, a group row per year


def docx_year_group_rows(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """An appendix with one value column and a group row per year ('I. Đến năm 2030', 'II. Tầm nhìn đến năm
    2045'): each indicator's target year is its group's."""
    from docgen.write_docx import _new, _para, _paras, _set

    years = sorted(rng.sample([2027, 2028, 2030, 2035, 2045], rng.randint(2, 3)))
    captions = [rng.choice([f"Đến năm {y}", f"Mục tiêu đến năm {y}", f"Tầm nhìn đến năm {y}"])
                if y == years[-1] else rng.choice([f"Đến năm {y}", f"Năm {y}"]) for y in years]
    blocks = []
    for y in years:
        inds = gen_indicators(rng, doc, rng.randint(2, 4), [str(y)], lead=True, none_rate=0)
        blocks.append(inds)
    names: set[str] = set()
    for inds in blocks:  # one indicator name per document (the same name under two years is two records)
        inds[:] = [i for i in inds if i.name not in names]
        names.update(i.name for i in inds)
    blocks = [b for b in blocks if b]
    doc.indicators = [i for b in blocks for i in b]
    document = _new()
    _paras(document, [*c.head_lines(doc)])
    _para(document, "PHỤ LỤC")
    _para(document, "CÁC CHỈ TIÊU CHỦ YẾU")
    head = ["STT", "Chỉ tiêu", "Đơn vị tính", rng.choice(["Chỉ tiêu", "Mục tiêu", "Kết quả cần đạt"]),
            rng.choice(["Cơ quan chủ trì", "Cơ quan chủ trì theo dõi"])]
    table = document.add_table(rows=1 + len(blocks) + len(doc.indicators), cols=len(head))
    table.style = "Table Grid"
    for k, text in enumerate(head):
        _set(table.rows[0].cells[k], text)
    r = 1
    for g, (caption, inds) in enumerate(zip(captions, blocks, strict=False)):
        cells = table.rows[r].cells
        _set(cells[0], ROMAN[g])
        _set(cells[1].merge(cells[-1]), caption)
        r += 1
        for k, ind in enumerate(inds, start=1):
            ind.group = caption
            for col, text in enumerate([str(k), ind.name, ind.unit, ind.targets[0].raw, ind.lead or ""]):
                _set(table.rows[r].cells[col], text)
            r += 1
    _paras(document, c.tail_lines(doc))
    document.save(str(path))
