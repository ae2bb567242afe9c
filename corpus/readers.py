"""Read .txt, .docx, .pdf and .html files into raw lines (tables become tab-separated rows)."""

from __future__ import annotations

import re
from pathlib import Path

from corpus.agencies import is_agency, is_bare_head
from corpus.layout import column_major, is_layout_block

SUPPORTED = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
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
    if not path.exists() or not path.is_file():
        raise CorpusError(path, "tệp không tồn tại.", "missing")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise CorpusError(
            path,
            f"định dạng «{suffix or 'không có đuôi'}» chưa được hỗ trợ "
            "(chỉ nhận .docx, .pdf, .html, .txt).",
            "unsupported",
        )
    size = path.stat().st_size
    if size == 0:
        raise CorpusError(path, "tệp rỗng (0 byte).", "empty")
    if size > max_bytes:
        raise CorpusError(
            path, f"tệp quá lớn ({_human_size(size)}), giới hạn là {_human_size(max_bytes)}.", "too_large"
        )


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
        if suffix in {".txt", ".md"}:
            lines, wrapped = _read_txt(path), None
        elif suffix == ".docx":
            lines, wrapped = _read_docx(path), False
        elif suffix == ".pdf":
            lines, wrapped = _read_pdf(path), True
        else:
            lines, wrapped = _read_html(path), False
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


def _read_txt(path: Path) -> list[str]:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # a byte-order mark declares UTF-16 ("Unicode" text saved by Windows Notepad/Word)
        try:
            return data.decode("utf-16").splitlines()
        except UnicodeDecodeError as exc:
            raise CorpusError(path, "tệp ghi là UTF-16 nhưng nội dung không giải mã được.", "encoding") from exc
    if b"\x00" in data[:4096]:
        raise CorpusError(path, "đây là tệp nhị phân, không phải văn bản thuần.", "corrupt")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise CorpusError(path, "không nhận ra bảng mã ký tự (cần UTF-8).", "encoding")


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
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
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
                    text = above.get(col, "") if tc.vMerge == "continue" else _Cell(tc, table).text
                    above[col] = text
                    cells.append(text)
                    cells.extend([""] * (tc.grid_span - 1))
                grid.append(cells)
            lines.extend(table_lines(grid))
    return lines


def _read_pdf(path: Path) -> list[str]:
    import pdfplumber

    if not path.read_bytes()[:5].startswith(b"%PDF"):
        raise CorpusError(path, "không phải tệp PDF hợp lệ (thiếu phần đầu %PDF).", "corrupt")
    lines: list[str] = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            tables = page.find_tables(_table_settings(page))
            boxes = [t.bbox for t in tables]

            def outside(obj: dict, boxes: list = boxes) -> bool:
                x = (obj["x0"] + obj["x1"]) / 2
                y = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            region = page.filter(outside) if boxes else page
            items: list[tuple[float, list[str]]] = [
                (ln["top"], [_gapped_text(ln)]) for ln in region.extract_text_lines(strip=True)
            ]
            for t in tables:  # a ruled table sits in reading order by its top edge
                items.append((t.bbox[1], table_lines(_pdf_grid(t))))
            for _, chunk in sorted(items, key=lambda x: x[0]):
                lines.extend(chunk)
            lines.append("")
    return lines


def _table_settings(page: object) -> dict:
    """pdfplumber's ruled-table finder, with the bottom (and top) of the vertical rules as extra
    horizontal rules: a row split by a page break has no rule under it on the first page (and
    none over it on the next), yet it is a row of the table."""
    vertical = [e for e in page.edges if e.get("orientation") == "v"]  # type: ignore[attr-defined]
    if not vertical:
        return {}
    return {"explicit_horizontal_lines": [max(e["bottom"] for e in vertical), min(e["top"] for e in vertical)]}


def _gapped_text(line: dict) -> str:
    """A PDF text line with a tab where a wide horizontal gap separates two columns (a header laid
    out as spaced text); ordinary word spaces stay spaces."""
    chars = [c for c in line.get("chars", []) if c.get("text", "").strip()]
    if len(chars) < 2:
        return line["text"]
    widths = sorted(c["x1"] - c["x0"] for c in chars)
    gap_min = max(24.0, 4 * widths[len(widths) // 2])
    parts: list[str] = []
    word = chars[0]["text"]
    for prev, ch in zip(chars, chars[1:], strict=False):
        gap = ch["x0"] - prev["x1"]
        if gap > gap_min:
            parts.append(word)
            word = ch["text"]
        else:
            word += (" " if gap > 3 else "") + ch["text"]  # pdfplumber's own x_tolerance
    parts.append(word)
    return "\t".join(parts) if len(parts) > 1 else line["text"]


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
                if child.name == "table":
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
