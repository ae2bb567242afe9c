"""Read the files offices have into raw lines (tables become tab-separated rows).

.txt/.md (any of UTF-8, UTF-16 with or without BOM, Windows-1258, TCVN3, VNI: see
corpus.legacy_encodings), .docx (runs in `.VnTime`/`VNI-Times` fonts converted), .doc/.odt (converted
to .docx by LibreOffice), .pdf (pages without a text layer read by OCR, see corpus.ocr; every page
starts with a PAGE_BREAK line, see corpus.pages), .html, .xlsx/.xls (every sheet: its name, then its
table).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from corpus.agencies import is_agency, is_bare_head
from corpus.layout import column_major, is_layout_block
from corpus.legacy_encodings import TCVN3_FONTS, VNI_FONTS, decode_bytes, looks_garbled, repair_text, score
from corpus.legacy_encodings import tcvn3_text as _tcvn3_text
from corpus.legacy_encodings import vni_text as _vni_text
from corpus.markdown import markdown_lines
from corpus.pages import PAGE_BREAK
from corpus.unruled import space_gap
from corpus.unruled import table_rows as unruled_rows

SUPPORTED = {".txt", ".md", ".docx", ".doc", ".odt", ".pdf", ".html", ".htm", ".xlsx", ".xls"}
_KINDS = ".docx, .doc, .odt, .pdf (kể cả bản quét), .xlsx, .xls, .html, .txt"
SUPPORTED_TEXT = _KINDS  # the accepted kinds as users read them
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class CorpusError(ValueError):
    """A file that cannot be read; the message (Vietnamese, shown to users) names file and reason."""

    def __init__(self, path: str | Path, reason: str, code: str):
        self.path = str(path)
        self.reason = reason
        self.code = code
        super().__init__(f"Không đọc được tệp «{Path(path).name}»: {reason}")


def check_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Raise CorpusError for a missing, empty, oversized or unsupported file."""
    if path.is_dir():
        raise CorpusError(path, "đây là một thư mục, không phải một tệp văn bản.", "directory")
    if not path.exists() or not path.is_file():
        raise CorpusError(path, "tệp không tồn tại.", "missing")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise CorpusError(
            path,
            f"định dạng «{suffix or 'không có đuôi'}» chưa được hỗ trợ "
            f"(chỉ nhận {_KINDS}).",
            "unsupported",
        )
    size = path.stat().st_size
    if size == 0:
        raise CorpusError(path, "tệp rỗng (0 byte).", "empty")
    if size > max_bytes:
        raise CorpusError(
            path, f"tệp quá lớn ({_human_size(size)}), giới hạn là {_human_size(max_bytes)}.", "too_large"
        )
    _check_unpacked(path, suffix)


_ZIPPED = {".docx", ".xlsx", ".odt"}


def _check_unpacked(path: Path, suffix: str) -> None:
    """Limits a file's size does not show: what a zip-based file unpacks to, and a PDF's page count."""
    import zipfile

    from corpus.settings import Settings

    settings = Settings()
    if suffix in _ZIPPED and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
        limit = int(settings.max_unzipped_mb * 1024 * 1024)
        if unpacked > limit:
            raise CorpusError(path, f"nội dung giải nén ra {_human_size(unpacked)}, vượt giới hạn "
                              f"{_human_size(limit)} (KEHOACH_MAX_UNZIPPED_MB).", "too_large")
    elif suffix == ".pdf" and path.open("rb").read(5).startswith(b"%PDF"):
        import pypdfium2

        try:
            pdf = pypdfium2.PdfDocument(str(path))
            pages = len(pdf)
            pdf.close()
        except pypdfium2.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise CorpusError(path, "tệp PDF được mã hóa (có mật khẩu); hãy gỡ mật khẩu rồi tải lên lại.",
                                  "encrypted") from exc
            return  # otherwise unreadable: the reader reports it
        except Exception:
            return
        if pages > settings.max_pdf_pages:
            raise CorpusError(path, f"tệp có {pages} trang, vượt giới hạn {settings.max_pdf_pages} trang "
                              "(KEHOACH_MAX_PDF_PAGES).", "too_large")


def _human_size(n: int) -> str:
    """'512 byte', '4,9 KB', '20 MB': a size people can read, whatever its magnitude."""
    if n < 1024:
        return f"{n} byte"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            value = f"{n / scale:.1f}".rstrip("0").rstrip(".")
            return f"{value.replace('.', ',')} {unit}"
    return f"{n} byte"


def read_lines(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[str], bool | None]:
    """Raw lines of a file and whether its prose is hard-wrapped (True for PDF, None = detect)."""
    check_file(path, max_bytes)
    suffix = path.suffix.lower()
    try:
        if suffix == ".txt":
            lines, wrapped = _read_txt(path), None
        elif suffix == ".md":
            lines, wrapped = markdown_lines(_read_txt(path)), None
        elif suffix == ".docx":
            lines, wrapped = _read_docx(path), False
        elif suffix in {".doc", ".odt"}:
            lines, wrapped = _read_via_docx(path), False
        elif suffix == ".pdf":
            lines, wrapped = _read_pdf(path), True
        elif suffix in {".xlsx", ".xls"}:
            lines, wrapped = _read_workbook(path), False
        else:
            lines, wrapped = _read_html(path), False
        if suffix not in {".txt", ".md", ".pdf"}:  # a PDF checks its text-layer pages itself
            lines = _unicode_lines(path, lines)
    except CorpusError:
        raise
    except Exception as exc:  # a library's own parse error: report it as unreadable
        raise CorpusError(path, f"nội dung hỏng hoặc không đúng định dạng {suffix} ({exc.__class__.__name__}).",
                          "corrupt") from exc
    if not any(ln.strip() for ln in lines):
        raise CorpusError(path, "không có chữ nào đọc được (tệp trống hoặc chỉ có ảnh quét).", "no_text")
    _check_length(path, lines)
    return lines, wrapped


def _check_length(path: Path, lines: list[str]) -> None:
    """Refuse a text longer than KEHOACH_MAX_DOC_CHARS characters, naming the limit."""
    from corpus.settings import Settings

    limit, total = Settings().max_doc_chars, sum(map(len, lines))
    if total > limit:
        raise CorpusError(path, f"văn bản quá dài ({total:,} ký tự), giới hạn là {limit:,} ký tự ".replace(",", ".")
                          + "(KEHOACH_MAX_DOC_CHARS).", "too_long")


_GARBLED = ("chữ bị lỗi bảng mã và không bảng mã nào (Unicode, TCVN3/ABC, VNI, Windows-1258) đọc ra "
            "tiếng Việt; hãy chuyển tệp sang Unicode (UTF-8) rồi tải lên lại.")


def _read_txt(path: Path) -> list[str]:
    """A plain-text file in whichever encoding makes it Vietnamese (see corpus.legacy_encodings)."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # a byte-order mark declares UTF-16 ("Unicode" text saved by Windows Notepad/Word)
        try:
            data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorpusError(path, "tệp ghi là UTF-16 nhưng nội dung không giải mã được.", "encoding") from exc
    decoded = decode_bytes(data)
    if decoded is None:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise CorpusError(path, "đây là tệp nhị phân, không phải văn bản thuần.", "corrupt")
        raise CorpusError(path, _GARBLED, "encoding")
    return decoded[0].splitlines()


def _unicode_lines(path: Path, lines: list[str]) -> list[str]:
    """Lines of a document whose text shows a legacy encoding (TCVN3, VNI, UTF-8 read as Windows-1252)
    converted; a text no encoding makes Vietnamese is refused, never kept as mojibake."""
    text = "\n".join(lines)
    if not looks_garbled(score("", text)):
        return lines
    fixed, _ = repair_text(text)
    if looks_garbled(score("", fixed)):
        raise CorpusError(path, _GARBLED, "encoding")
    return fixed.split("\n")


def _cells_row(cells: list[str]) -> str:
    """One table row as a tab-joined line; merged cells repeated by the reader are collapsed."""
    return "\t".join(cell_text(cell) for cell in cells)


def cell_text(cell: str | None) -> str:
    """A cell's text on one line. A line break before a body's name separates two items of a list
    ("Sở Y tế" / "Công an tỉnh" → "Sở Y tế; Công an tỉnh"); any other line break is a space."""
    parts = [re.sub(r"\s+", " ", p).strip() for p in (cell or "").split("\n")]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for part in parts[1:]:
        if part.startswith("/") or out.endswith("/"):  # "triệu đồng" / "/người"
            out = f"{out}{part}"
            continue
        last = re.split(r"[;,]", out)[-1]
        joint = "; " if (part[:1].isupper() and is_agency(part) and not re.search(r"(?:,|;|\bvà|\bvới|\bcủa|\bcho)$", out)
                         and not is_bare_head(last)) else " "
        out = f"{out}{joint}{part}"
    return out


def table_lines(grid: list[list[str]]) -> list[str]:
    """A table's lines: a header or signature block column by column (see corpus.layout),
    any other table as tab-separated rows on its grid, set apart by blank lines."""
    if is_layout_block(grid):
        return ["", *column_major(grid)]
    return ["", *(_cells_row(cells) for cells in grid), ""]


def _read_docx(path: Path) -> list[str]:
    import docx  # python-docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    if not path.read_bytes()[:2] == b"PK":
        raise CorpusError(path, "không phải tệp Word (.docx) hợp lệ.", "corrupt")
    document = docx.Document(str(path))
    para_text = _legacy_font_text(document) or (lambda p: p.text)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(para_text(Paragraph(block, document)))
        elif tag == "tbl":
            table = Table(block, document)
            grid: list[list[str]] = []
            above: dict[int, str] = {}  # grid column -> text of the cell that starts there
            for row in table.rows:
                cells: list[str] = []
                for tc in row._tr.tc_lst:
                    # a cell merged down (an agency shared by several rows, a header label over
                    # two header rows) holds for every row it covers: repeat its text there;
                    # a cell merged across gives its text once and leaves the columns it spans empty
                    col = len(cells)
                    cell = _Cell(tc, table)
                    text = above.get(col, "") if tc.vMerge == "continue" else \
                        "\n".join(para_text(p) for p in cell.paragraphs)
                    above[col] = text
                    cells.append(text)
                    cells.extend([""] * (tc.grid_span - 1))
                grid.append(cells)
            lines.extend(table_lines(grid))
    return lines


def _legacy_font_text(document: object):
    """For a Word document with runs set in TCVN3 (`.VnTime`, `.VnTimeH` …) or VNI (`VNI-Times` …)
    fonts, a function giving a paragraph's text with those runs converted to Unicode; None when no
    such font is used (the paragraph's own text is right)."""
    from docx.oxml.ns import qn

    root = document.element  # type: ignore[attr-defined]
    styles = document.styles.element  # type: ignore[attr-defined]
    names = {v for el in (root, styles) for f in el.iter(qn("w:rFonts")) for v in f.values()}
    if not any(TCVN3_FONTS.match(n) or VNI_FONTS.match(n) for n in names):
        return None
    default = None
    for f in styles.iter(qn("w:rFonts")):  # the document default (w:docDefaults comes first)
        default = f.get(qn("w:ascii")) or f.get(qn("w:hAnsi"))
        break

    def style_font(style: object) -> str | None:
        while style is not None:
            name = style.font.name  # type: ignore[attr-defined]
            if name:
                return name
            style = style.base_style  # type: ignore[attr-defined]
        return None

    def para_text(paragraph: object) -> str:
        base = style_font(paragraph.style) or default  # type: ignore[attr-defined]
        out = []
        for run in paragraph.runs:  # type: ignore[attr-defined]
            rfonts = run._r.rPr.rFonts if run._r.rPr is not None else None
            font = (rfonts.get(qn("w:ascii")) or rfonts.get(qn("w:hAnsi"))) if rfonts is not None else None
            font = font or style_font(run.style) or base
            if font and TCVN3_FONTS.match(font):
                out.append(_tcvn3_text(run.text))
            elif font and VNI_FONTS.match(font):
                out.append(_vni_text(run.text))
            else:
                out.append(run.text)
        return "".join(out)

    return para_text


def _read_via_docx(path: Path) -> list[str]:
    """A Word 97-2003 (.doc) or OpenDocument (.odt) file, converted to .docx by LibreOffice (headless,
    in a temporary directory with its own profile) and read as .docx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise CorpusError(path, "cần LibreOffice để đọc tệp này nhưng máy chưa cài "
                          "(cài gói libreoffice-writer-nogui, hoặc lưu tệp thành .docx).", "unsupported")
    with tempfile.TemporaryDirectory(prefix="kehoach-doc-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        try:
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "docx", "--outdir", tmp, str(path)],
                           capture_output=True, timeout=180, check=False)
        except subprocess.TimeoutExpired as exc:
            raise CorpusError(path, "LibreOffice chuyển đổi quá lâu (quá 3 phút).", "corrupt") from exc
        out = Path(tmp, path.stem + ".docx")
        if not out.exists() or out.stat().st_size == 0:
            raise CorpusError(path, f"LibreOffice không chuyển được tệp sang .docx (tệp {path.suffix} hỏng?).",
                              "corrupt")
        return _read_docx(out)


def _read_pdf(path: Path) -> list[str]:
    import pdfplumber

    if not path.read_bytes()[:5].startswith(b"%PDF"):
        raise CorpusError(path, "không phải tệp PDF hợp lệ (thiếu phần đầu %PDF).", "corrupt")
    pages: list[list[str] | None] = []  # None: a scanned page, read by OCR below
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            if _is_scanned(page):
                pages.append(None)
                continue
            lines: list[str] = []
            tables = page.find_tables(_table_settings(page))
            boxes = [t.bbox for t in tables]

            def outside(obj: dict, boxes: list = boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            region = page.filter(outside) if boxes else page
            text_lines = region.extract_text_lines(strip=True)
            rows = unruled_rows([ln.get("chars", []) for ln in text_lines])  # a table drawn without rules
            items: list[tuple[float, list[str]]] = []
            for n, ln in enumerate(text_lines):
                if n not in rows:
                    items.append((ln["top"], [_gapped_text(ln, page.width)]))
                else:  # set apart from the prose around it by blank lines, as a ruled table is
                    items.append((ln["top"], [*([""] if n - 1 not in rows else []), rows[n],
                                              *([""] if n + 1 not in rows else [])]))
            for t in tables:  # a ruled table sits in reading order by its top edge
                items.append((t.bbox[1], table_lines(_pdf_grid(t))))
            for _, chunk in sorted(items, key=lambda x: x[0]):
                lines.extend(chunk)
            pages.append(lines)
    text_pages = [p for p in pages if p is not None]
    if looks_garbled(score("", "\n".join(ln for p in text_pages for ln in p))):
        pages = [p if p is None else _unicode_lines(path, p) for p in pages]
    scanned = [i for i, p in enumerate(pages) if p is None]
    read = _ocr_pages(path, scanned) if scanned else {}
    out: list[str] = []
    for i, page_lines in enumerate(pages):  # every page starts with a page break line (corpus.pages)
        out.extend([PAGE_BREAK, *(read[i] if page_lines is None else page_lines), ""])
    return out


def _is_scanned(page: object) -> bool:
    """A page with (almost) no text layer but an image: a scan to read by OCR."""
    chars = [c for c in page.chars if c.get("text", "").strip()]  # type: ignore[attr-defined]
    return len(chars) < 10 and bool(page.images)  # type: ignore[attr-defined]


def _ocr_pages(path: Path, indexes: list[int]) -> dict[int, list[str]]:
    """Lines of the scanned pages of a PDF, by page index, with a progress bar over the pages."""
    import pypdfium2
    from tqdm import tqdm

    from corpus import ocr

    try:
        ocr.check_available()
    except ocr.OcrUnavailable as exc:
        raise CorpusError(path, "có trang quét (không có lớp chữ) cần nhận dạng ký tự (OCR) nhưng máy chưa cài "
                          f"Tesseract với dữ liệu tiếng Việt (thiếu {exc}; cài gói tesseract-ocr, "
                          "tesseract-ocr-vie).", "ocr_missing") from exc
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return {i: ocr.page_lines(ocr.render_page(pdf, i), table_lines)
                for i in tqdm(indexes, desc=f"OCR {path.name}", unit="trang", leave=False)}
    finally:
        pdf.close()


def _read_workbook(path: Path) -> list[str]:
    """Every sheet of an Excel workbook: its name as a heading line, then its table (see sheet_lines)."""
    from corpus.spreadsheets import read_workbook

    lines: list[str] = []
    for name, grid in read_workbook(path):
        lines.extend(["", name, *sheet_lines(grid)])
    return lines


def sheet_lines(grid: list[list[str]]) -> list[str]:
    """A sheet's grid as lines: empty rows and empty edge columns dropped, the title rows above the
    table and the note/signature rows under it (one filled cell) as plain lines, the table between
    them through table_lines."""
    rows = [r for r in grid if any(c.strip() for c in r)]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    used = [c for c in range(width) if any(r[c].strip() for r in rows)]
    rows = [r[used[0]:used[-1] + 1] for r in rows]

    def single(r: list[str]) -> bool:
        return sum(1 for c in r if c.strip()) <= 1

    def titled(r: list[str]) -> bool:
        """A title row: one filled cell, or a title and the form's number at the right ("Biểu 01")."""
        filled = [k for k, c in enumerate(r) if c.strip()]
        return len(filled) <= 1 or (len(filled) == 2 and filled[0] == 0 and 2 * filled[1] >= len(r)
                                    and len(r[filled[1]].strip()) <= 20)

    top = 0
    while top < len(rows) and titled(rows[top]):
        top += 1
    bottom = len(rows)
    while bottom > top and single(rows[bottom - 1]):
        bottom -= 1
    before = [cell_text(c) for r in rows[:top] for c in r if c.strip()]
    after = [cell_text(next(c for c in r if c.strip())) for r in rows[bottom:]]
    table = table_lines(rows[top:bottom]) if bottom > top else []
    return [*before, *table, *after]


def _table_settings(page: object) -> dict:
    """pdfplumber's ruled-table finder, with the bottom (and top) of the vertical rules as extra
    horizontal rules: a row split by a page break has no rule under it on the first page (and
    none over it on the next), yet it is a row of the table."""
    vertical = [e for e in page.edges if e.get("orientation") == "v"]  # type: ignore[attr-defined]
    if not vertical:
        return {}
    return {"explicit_horizontal_lines": [max(e["bottom"] for e in vertical), min(e["top"] for e in vertical)]}


def _gapped_text(line: dict, page_width: float = 0.0) -> str:
    """A PDF text line with a tab where a wide horizontal gap separates two columns (a header or a
    signature block laid out as spaced text), indented when the line stands in the right half of
    the page alone (the signature beside an empty left column)."""
    chars = line.get("chars", [])
    ink = [c for c in chars if c.get("text", "").strip()]
    if not ink:
        return line["text"]
    widths = sorted(c["x1"] - c["x0"] for c in ink)
    gap_min = max(24.0, 4 * widths[len(widths) // 2])
    out: list[str] = []
    prev = None
    for ch in chars:
        if not ch.get("text", "").strip():
            out.append(" ")
            continue
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            if gap > gap_min:
                out.append("\t")
            elif gap > space_gap(ch.get("size", 0.0)) and out and out[-1] != " ":
                out.append(" ")  # a space the PDF leaves as a gap (the line's characters hold no space)
        out.append(ch["text"])
        prev = ch
    text = re.sub(r" *\t *", "\t", re.sub(r" {2,}", " ", "".join(out))).strip(" ")
    if "\t" not in text and text.count(" ") <= line["text"].count(" "):
        text = line["text"]  # pdfplumber's own, unless it lost the spaces a PDF leaves as gaps
    if page_width and ink[0]["x0"] > 0.5 * page_width and "\t" not in text:
        text = " " * 24 + text  # read by corpus.layout as the right column
    return text


def _pdf_grid(table: object) -> list[list[str]]:
    """Cells of a ruled PDF table, merged cells read as Word's are (see _read_docx): a cell
    merged down repeats its text in the rows it covers, a cell merged across leaves empty columns."""
    grid: list[list[str]] = []
    starts: dict[int, tuple[tuple[float, ...], str]] = {}  # column -> (bbox, text) of its last cell
    for row, values in zip(table.rows, table.extract(), strict=False):  # type: ignore[attr-defined]
        cells: list[str] = []
        for col, (box, value) in enumerate(zip(row.cells, values, strict=False)):
            if box is not None:
                starts[col] = (box, value or "")
                cells.append(value or "")
                continue
            top = starts.get(col)  # no cell of its own: covered by a merged cell above or to the left
            cells.append(top[1] if top and top[0][3] >= row.bbox[3] - 1 else "")
        grid.append(cells)
    return grid


_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "section", "article",
           "blockquote", "pre", "dt", "dd", "title"}
_DROP = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button",
         "iframe", "svg", "menu"]


def _read_html(path: Path) -> list[str]:
    from bs4 import BeautifulSoup, NavigableString, Tag

    raw = path.read_bytes()
    soup = BeautifulSoup(raw, "lxml")
    if soup.body is None and soup.find("table") is None and not soup.get_text(strip=True):
        raise CorpusError(path, "không có nội dung HTML đọc được.", "no_text")
    for tag in soup(_DROP):
        tag.decompose()
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        raw = "".join(buf)
        text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", raw).strip()
        if text:
            lines.extend(t.strip() for t in text.split("\n"))
        elif "\u00a0" in raw and lines and lines[-1]:
            lines.append("")  # an empty paragraph ("<p>&nbsp;</p>") separates blocks as a blank line does
        buf.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in {"Comment", "Doctype", "Declaration"}:
                    continue
                buf.append(str(child))
            elif isinstance(child, Tag):
                if child.name == "table" and _is_layout_table(child):
                    flush()  # a page laid out with a table: its cells are blocks of the page, in order
                    for row in child.find_all("tr"):
                        if row.find_parent("table") is not child:
                            continue
                        for cell in row.find_all(["td", "th"], recursive=False):
                            walk(cell)
                            flush()
                elif child.name == "table":
                    flush()
                    lines.extend(table_lines(_html_grid(child)))
                elif child.name == "li":
                    # a list item keeps its marker, as the document shows it: "- …" or "1. …"
                    flush()
                    parent = child.parent
                    if parent is not None and parent.name == "ol":
                        items = [li for li in parent.find_all("li", recursive=False)]
                        buf.append(f"{items.index(child) + 1}. ")
                    else:
                        buf.append("- ")
                    walk(child)
                    flush()
                elif child.name in _BLOCKS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(soup.body or soup)
    flush()
    return lines


def _is_layout_table(table: object) -> bool:
    """A table that lays out a page rather than holding data: one of its cells holds another table, a list or
    a heading (a web page whose document sits in a cell, its header and signature in nested tables)."""
    return table.find(["table", "ol", "ul", "h1", "h2", "h3", "h4"]) is not None  # type: ignore[attr-defined]


def _span(cell: object, name: str) -> int:
    try:
        return max(1, int(str(cell.get(name, 1) or 1).strip()))  # type: ignore[attr-defined]
    except ValueError:
        return 1


def _html_grid(table: object) -> list[list[str]]:
    """Rows of an HTML table on its grid, merged cells read as Word's are (see _read_docx):
    a rowspan cell's text is repeated in the rows it covers, a colspan cell leaves empty columns."""
    grid: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # grid column -> (rows still covered, text)
    for tr in table.find_all("tr"):  # type: ignore[attr-defined]
        if tr.find_parent("table") is not table:
            continue  # a row of a nested table
        row: list[str] = []
        for td in tr.find_all(["td", "th"], recursive=False):
            _fill_covered(row, pending)
            colspan, rowspan = _span(td, "colspan"), _span(td, "rowspan")
            for br in td.find_all("br"):
                br.replace_with("\n")
            for para in td.find_all(["p", "div", "li"]):
                para.append("\n")
            text = "\n".join(re.sub(r"\s+", " ", part).strip() for part in td.get_text(" ").split("\n"))
            text = text.strip("\n")
            if rowspan > 1:
                pending[len(row)] = (rowspan - 1, text)
                for c in range(len(row) + 1, len(row) + colspan):
                    pending[c] = (rowspan - 1, "")
            row.append(text)
            row.extend([""] * (colspan - 1))
        _fill_covered(row, pending)
        grid.append(row)
    return grid


def _fill_covered(row: list[str], pending: dict[int, tuple[int, str]]) -> None:
    """The cells of the grid columns that a rowspan from an earlier row still covers."""
    while pending.get(len(row), (0, ""))[0] > 0:
        left, text = pending[len(row)]
        pending[len(row)] = (left - 1, text)
        row.append(text)
