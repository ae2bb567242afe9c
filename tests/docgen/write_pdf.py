"""PDF layouts with a text layer (reportlab, a TTF font with Vietnamese glyphs)."""

from __future__ import annotations

import functools
import random
import subprocess
from html import escape
from pathlib import Path

from docgen import common as c
from docgen.generate import gen_indicators, gen_prose_indicators, gen_tasks
from docgen.model import ExpTask, GenDoc
from docgen.write_txt import labelled_task_lines

FONT_NAME = "DocgenVN"


@functools.cache
def vietnamese_font() -> Path:
    """A TTF font with Vietnamese glyphs: DejaVu Sans from the system, fontconfig or matplotlib."""
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
    try:
        out = subprocess.run(["fc-list", ":lang=vi", "file"], capture_output=True, text=True, timeout=10).stdout
        candidates += [Path(ln.split(":")[0].strip()) for ln in out.splitlines()]
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        import matplotlib

        candidates.append(Path(matplotlib.__file__).parent / "mpl-data/fonts/ttf/DejaVuSans.ttf")
    except ImportError:
        pass
    for path in candidates:
        if path.suffix.lower() == ".ttf" and path.exists():
            return path
    raise RuntimeError("no TTF font with Vietnamese glyphs found (install fonts-dejavu-core)")


@functools.cache
def _register() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT_NAME, str(vietnamese_font())))
    return FONT_NAME


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    font = _register()
    return {
        "p": ParagraphStyle("p", fontName=font, fontSize=10, leading=13, spaceAfter=3),
        "center": ParagraphStyle("c", fontName=font, fontSize=10, leading=13, alignment=1),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10),
        "bigcell": ParagraphStyle("bigcell", fontName=font, fontSize=10, leading=13),
    }


def _p(text: str, style) -> object:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _ruled(data: list[list[str]], widths: list[float], st, *, repeat: int = 1, split_in_row: bool = False,
           spans: list[tuple[tuple[int, int], tuple[int, int]]] = (), cell_style: str = "cell") -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    cells = [[_p(t, st[cell_style]) if t else "" for t in row] for row in data]
    table = Table(cells, colWidths=widths, repeatRows=repeat, splitInRow=1 if split_in_row else 0)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    commands += [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(commands))
    return table


def _build(path: Path, story: list) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=50, rightMargin=40, topMargin=40,
                      bottomMargin=40).build(story)


def _head_story(doc: GenDoc, st, *, spaced: bool = False) -> list:
    from reportlab.platypus import Spacer, Table

    story: list = []
    if spaced:
        left, right = c.left_block(doc), c.right_block(doc)
        rows = [[_p(a, st["center"]), _p(b, st["center"])] for a, b in zip(
            left + [""] * (len(right) - len(left)), right + [""] * (len(left) - len(right)), strict=True)]
        story.append(Table(rows, colWidths=[220, 290]))  # no rules: read as spaced text
    else:
        story += [_p(t, st["center"]) for t in c.left_block(doc) + c.right_block(doc)]
    story.append(Spacer(1, 8))
    story += [_p(t, st["center"]) for t in c.title_block(doc)]
    story.append(Spacer(1, 8))
    return story


def _tail_story(doc: GenDoc, st) -> list:
    from reportlab.platypus import Spacer

    return [Spacer(1, 10), *[_p(t, st["center"]) for t in c.signature_lines(doc) if t],
            Spacer(1, 6), *[_p(t, st["p"]) for t in c.recipients(doc)]]


def pdf_resolution(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A council resolution: numbered targets in prose, a year table, Điều 2 and Điều 3."""
    st = _styles()
    start = doc.extra["year"] + 1
    end = start + 4
    prose = gen_prose_indicators(rng, doc, rng.randint(3, 6), [end, start + 2])
    periods = [str(start), str(start + 2), str(end)]
    table_inds = gen_indicators(rng, doc, rng.randint(3, 5), periods, lead=False)
    names = {i.name for i in prose}
    table_inds = [i for i in table_inds if i.name not in names]
    ubnd = c.ubnd(doc)
    hdnd = f"Hội đồng nhân dân {doc.unit}"
    doc.tasks = [
        ExpTask(title="tổ chức thực hiện Nghị quyết", lead=ubnd, partners=[], deadline=None),
        ExpTask(title="giám sát việc thực hiện Nghị quyết", lead=f"Thường trực {hdnd}", partners=None, deadline=None),
    ]
    doc.indicators = [*prose, *table_inds]
    story = _head_story(doc, st)
    story += [_p(f"HỘI ĐỒNG NHÂN DÂN {doc.unit.upper()} {doc.province.upper()}", st["center"]),
              _p(f"KHÓA XVII, KỲ HỌP THỨ {rng.randint(2, 12)}", st["center"]),
              _p("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", st["p"]),
              _p(f"Xét Tờ trình số {rng.randint(10, 300)}/TTr-UBND của {ubnd}; Báo cáo thẩm tra của các Ban "
                 f"của {hdnd}; ý kiến thảo luận của đại biểu {hdnd} tại kỳ họp.", st["p"]),
              _p("QUYẾT NGHỊ:", st["center"]),
              _p(f"Điều 1. Thông qua {c.lower_first(doc.extra['subject'].removeprefix('Về '))} với các nội dung "
                 "chủ yếu sau:", st["p"]),
              _p("1. Mục tiêu tổng quát", st["p"]),
              _p("Phát triển nhanh và bền vững; nâng cao đời sống vật chất, tinh thần của Nhân dân.", st["p"]),
              _p("2. Các chỉ tiêu chủ yếu", st["p"])]
    for n, ind in enumerate(prose, start=1):
        t = ind.targets[0]
        if rng.random() < 0.5:
            text = f"({n}) {ind.name} đến năm {t.period} đạt {t.raw}."
        else:
            text = f"({n}) Đến năm {t.period}, {c.lower_first(ind.name)} đạt {t.raw}."
        story.append(_p(text, st["p"]))
    story.append(_p("3. Một số chỉ tiêu theo năm", st["p"]))
    data = [["STT", "Chỉ tiêu", "Đơn vị tính", *[f"Năm {p}" for p in periods]]]
    data += [[str(k), i.name, i.unit, *[t.raw for t in i.targets]] for k, i in enumerate(table_inds, start=1)]
    story.append(_ruled(data, [28, 220, 60, 65, 65, 65], st))
    story += [_p(f"Điều 2. Giao {ubnd} tổ chức thực hiện Nghị quyết.", st["p"]),
              _p(f"Điều 3. Thường trực {hdnd}, các Ban của {hdnd}, các Tổ đại biểu và đại biểu {hdnd} "
                 "giám sát việc thực hiện Nghị quyết.", st["p"]),
              _p(f"Nghị quyết này đã được {hdnd} {doc.province} Khóa XVII, Kỳ họp thứ {rng.randint(2, 12)} thông "
                 "qua và có hiệu lực từ ngày ký.", st["p"])]
    story += _tail_story(doc, st)
    _build(path, story)


def pdf_task_table_pagebreak(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A long task table: the header row repeats on each page, rows split across page breaks."""
    from reportlab.platypus import PageBreak

    st = _styles()
    tasks = gen_tasks(rng, doc, rng.randint(8, 12), max_partners=5)
    doc.tasks = tasks
    story = _head_story(doc, st)
    story += [_p(t, st["p"]) for t in [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Cụ thể hóa các nhiệm vụ, giải pháp; xác định rõ nội dung công việc, thời hạn hoàn thành và trách "
        "nhiệm của các cơ quan, đơn vị trong tổ chức thực hiện.",
        "2. Bảo đảm sự phối hợp chặt chẽ, thường xuyên giữa các cơ quan, đơn vị; kịp thời tháo gỡ khó khăn, "
        "vướng mắc phát sinh trong quá trình thực hiện.",
        "II. NHIỆM VỤ CỤ THỂ",
        "Phân công nhiệm vụ cụ thể như sau:"]]
    head = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành", "Sản phẩm"]
    rows = []
    for k, t in enumerate(tasks, start=1):
        title = t.title
        if rng.random() < 0.4:
            title += "; bảo đảm đúng quy định, đồng bộ, hiệu quả và phù hợp với điều kiện thực tế của địa phương"
        rows.append([str(k), title, t.lead, c.cell_agencies(rng, t.partners or []), c.deadline_cell(t), t.product])
    # the page ends inside row `cut`: its title and partners continue in a row without a number on
    # the next page, under the repeated header row (as a row split by the page break looks)
    cut = rng.randint(3, min(6, len(rows) - 2))
    words = rows[cut][1].split()
    half = max(2, len(tasks[cut].title.split()) // 2)  # inside the task's own title
    names = tasks[cut].partners or []
    sep = rng.choice(["; ", ", "])
    first = [rows[cut][0], " ".join(words[:half]), rows[cut][2],
             (sep.join(names[:1]) + sep.strip()) if len(names) > 1 else sep.join(names), rows[cut][4], rows[cut][5]]
    rest = ["", " ".join(words[half:]), "", sep.join(names[1:]) if len(names) > 1 else "", "", ""]
    widths = [32, 150, 80, 110, 70, 63]
    story.append(_ruled([head, *rows[:cut], first], widths, st, cell_style="bigcell"))
    story.append(PageBreak())
    story.append(_ruled([head, rest, *rows[cut + 1 :]], widths, st, split_in_row=True, cell_style="bigcell"))
    story += _tail_story(doc, st)
    _build(path, story)


def pdf_spaced_header(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """The two-column head as unruled text side by side; labelled tasks; a ruled indicator table."""
    st = _styles()
    tasks = gen_tasks(rng, doc, rng.randint(3, 5))
    start = doc.extra["year"] + 1
    periods = [f"{start}-{start + 4}", f"{start + 5}-{start + 9}"]
    inds = gen_indicators(rng, doc, rng.randint(3, 5), periods)
    doc.tasks, doc.indicators = tasks, inds
    story = _head_story(doc, st, spaced=True)
    story.append(_p("I. CHỈ TIÊU", st["p"]))
    data = [["TT", "Chỉ tiêu", "Đơn vị", *[f"Giai đoạn {p}" for p in periods], "Cơ quan chủ trì"]]
    data += [[str(k), i.name, i.unit, *[t.raw for t in i.targets], i.lead or ""] for k, i in enumerate(inds, 1)]
    story.append(_ruled(data, [24, 190, 55, 70, 70, 96], st))
    story.append(_p("II. NHIỆM VỤ CỤ THỂ", st["p"]))
    for line in labelled_task_lines(rng, tasks):
        story.append(_p(line, st["p"]))
    story += _tail_story(doc, st)
    _build(path, story)
