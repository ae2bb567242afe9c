"""Write small invented test documents (DOCX, PDF, HTML, TXT) that hold the same targets table.

The content is made up for the tests: a plan of a province that is not in the bundled
corpus (Nghệ An), with targets for 2030 and 2035 and a lead-agency column. Each writer can
lay the table out plainly ("simple") or with merged cells ("merged"), as Word, web and PDF
tables of Vietnamese plans usually are: a two-row header where "Mục tiêu" spans the two
year columns and the other header cells span both rows, and a lead agency written once in a
cell shared by the rows it leads. A .txt has no merged cells: its rows just repeat the header.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from html import escape
from pathlib import Path

PROVINCE = "Nghệ An"
TITLE = "Kế hoạch Phát triển giáo dục và đào tạo tỉnh Nghệ An đến năm 2035"

HEAD = [
    "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
    "KẾ HOẠCH",
    "Phát triển giáo dục và đào tạo tỉnh Nghệ An đến năm 2035",
    "Các chỉ tiêu chủ yếu của Kế hoạch như sau.",
]

SIMPLE_HEADER = [["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2030", "Năm 2035", "Cơ quan chủ trì"]]
MERGED_HEADER = [
    ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "", "Cơ quan chủ trì"],
    ["", "", "", "Năm 2030", "Năm 2035", ""],
]
# (row, col) → (rows spanned, cols spanned) of the merged header, top-left cell first
MERGES = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (2, 1), (0, 3): (1, 2), (0, 5): (2, 1)}
# in the "merged" layout the lead agency is also one cell shared by the rows it leads
# (rows 1-3 of group I, rows 1-2 of group II), as ROWS indices
BODY_MERGES = {(1, 5): (3, 1), (5, 5): (2, 1)}

LONG_NAME = ("Số học sinh trung học phổ thông được học tiếng Anh tăng cường theo chương trình "
             "tiên tiến của tỉnh")

# code, name, unit, 2030, 2035, lead; a row with only a code and a name is a group caption
ROWS = [
    ["I", "Về giáo dục phổ thông", "", "", "", ""],
    ["1", "Tỷ lệ trường phổ thông đạt chuẩn quốc gia", "%", "≥ 80", "90", "Sở Giáo dục và Đào tạo"],
    ["2", "Chỉ số giáo dục đóng góp vào chỉ số phát triển con người", "Chỉ số", "0,75", "> 0,8",
     "Sở Giáo dục và Đào tạo"],
    ["3", LONG_NAME, "Học sinh", "12.000", "15.000", "Sở Giáo dục và Đào tạo"],
    ["II", "Về giáo dục nghề nghiệp", "", "", "", ""],
    ["1", "Tỷ lệ lao động qua đào tạo", "%", "70-75", "-", "Sở Nội vụ"],
    ["2", "Số cơ sở giáo dục nghề nghiệp chất lượng cao", "Trường", "3", "5", "Sở Nội vụ"],
]

TAIL = ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]

# what every format must give: (group, code, name, unit, {year: raw}, lead)
EXPECTED = [
    ("I. Về giáo dục phổ thông", "1", ROWS[1][1], "%", {2030: "≥ 80", 2035: "90"}, "Sở Giáo dục và Đào tạo"),
    ("I. Về giáo dục phổ thông", "2", ROWS[2][1], "Chỉ số", {2030: "0,75", 2035: "> 0,8"},
     "Sở Giáo dục và Đào tạo"),
    ("I. Về giáo dục phổ thông", "3", LONG_NAME, "Học sinh", {2030: "12.000", 2035: "15.000"},
     "Sở Giáo dục và Đào tạo"),
    ("II. Về giáo dục nghề nghiệp", "1", ROWS[5][1], "%", {2030: "70-75", 2035: "-"}, "Sở Nội vụ"),
    ("II. Về giáo dục nghề nghiệp", "2", ROWS[6][1], "Trường", {2030: "3", 2035: "5"}, "Sở Nội vụ"),
]


def header(style: str) -> list[list[str]]:
    return MERGED_HEADER if style == "merged" else SIMPLE_HEADER


def merges(style: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged cells of the whole grid (header rows first, then ROWS) for a layout."""
    if style != "merged":
        return {}
    offset = len(MERGED_HEADER)
    return {**MERGES, **{(r + offset, c): span for (r, c), span in BODY_MERGES.items()}}


def _covered(spans: dict[tuple[int, int], tuple[int, int]], r: int, c: int) -> bool:
    return any((r0, c0) != (r, c) and r0 <= r < r0 + rs and c0 <= c < c0 + cs
               for (r0, c0), (rs, cs) in spans.items())


def vietnamese_font() -> Path | None:
    """A TTF font with Vietnamese glyphs (DejaVu Sans), or None if the machine has none."""
    known = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if known.exists():
        return known
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=vi", "file"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            path = Path(line.split(":")[0].strip())
            if path.suffix.lower() == ".ttf" and path.exists():
                return path
    return None


def ascii_text(text: str) -> str:
    """Text without Vietnamese diacritics, case kept (PDF content when no Vietnamese font exists)."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return text.replace("≥", ">=")


def write_txt(path: Path, style: str = "simple") -> Path:
    rows = [*header(style), *ROWS]
    lines = [*HEAD, "", *("\t".join(r) for r in rows), "", *TAIL]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_html(path: Path, style: str = "simple") -> Path:
    spans = merges(style)
    n_head = len(header(style))
    html_rows = []
    for r, cells in enumerate([*header(style), *ROWS]):
        tag = "th" if r < n_head else "td"
        out = []
        for c, text in enumerate(cells):
            if _covered(spans, r, c):
                continue  # covered by a spanning cell
            rs, cs = spans.get((r, c), (1, 1))
            span = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
            out.append(f"<{tag}{span}>{escape(text)}</{tag}>")
        html_rows.append("<tr>" + "".join(out) + "</tr>")
    head_rows, body_rows = html_rows[:n_head], html_rows[n_head:]
    body = "\n".join(
        [
            "<nav><a href='/'>Trang chủ</a> <a href='/login'>Đăng nhập</a></nav>",
            *(f"<p>{escape(p)}</p>" for p in HEAD),
            "<table border='1'>",
            "<thead>", *head_rows, "</thead>",
            "<tbody>", *body_rows, "</tbody>",
            "</table>",
            *(f"<p>{escape(p)}</p>" for p in TAIL),
            "<footer>Bản quyền thuộc về cổng thông tin điện tử</footer>",
        ]
    )
    path.write_text("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Kế hoạch</title>"
                    f"</head><body>{body}</body></html>", encoding="utf-8")
    return path


def write_docx(path: Path, style: str = "simple") -> Path:
    import docx

    document = docx.Document()
    for p in HEAD:
        document.add_paragraph(p)
    rows = [*header(style), *ROWS]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    spans = merges(style)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            if text and not _covered(spans, r, c):
                table.cell(r, c).text = text
    for (r0, c0), (rs, cs) in spans.items():
        table.cell(r0, c0).merge(table.cell(r0 + rs - 1, c0 + cs - 1))
    for p in TAIL:
        document.add_paragraph(p)
    document.save(str(path))
    return path


def write_pdf(path: Path, style: str = "simple", font: Path | None = None) -> Path:
    """A PDF with the head as paragraphs and the targets as a ruled (GRID) table.

    With no Vietnamese font (font=None) the text is written without diacritics.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if font is not None:
        pdfmetrics.registerFont(TTFont("VNFont", str(font)))
        name, conv = "VNFont", str
    else:
        name, conv = "Helvetica", ascii_text
    style_p = ParagraphStyle("vn", fontName=name, fontSize=10, leading=13)
    style_c = ParagraphStyle("cell", fontName=name, fontSize=8, leading=10)
    story: list = [Paragraph(escape(conv(p)), style_p) for p in HEAD]
    story.append(Spacer(1, 8))
    rows = [*header(style), *ROWS]
    spans = merges(style)
    data = [[Paragraph(escape(conv(c)), style_c) if c and not _covered(spans, r, k) else "" for k, c in enumerate(row)]
            for r, row in enumerate(rows)]
    # the name column is narrow enough that the long name wraps inside its cell
    table = Table(data, colWidths=[28, 260, 60, 60, 60, 170])
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for (r0, c0), (rs, cs) in spans.items():
        commands.append(("SPAN", (c0, r0), (c0 + cs - 1, r0 + rs - 1)))
    table.setStyle(TableStyle(commands))
    story.append(table)
    story.append(Spacer(1, 8))
    story.extend(Paragraph(escape(conv(p)), style_p) for p in TAIL)
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)
    return path


WRITERS = {"txt": write_txt, "html": write_html, "docx": write_docx, "pdf": write_pdf}
