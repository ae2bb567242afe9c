"""Excel workbooks (.xlsx through openpyxl, .xls through xlrd) as grids of cell texts, one per sheet.

A cell reads as Excel shows it in a Vietnamese office: numbers with a decimal comma and a thousands
dot as their number format asks ("#,##0" → "47.307", "0.00" → "0,85", "0%" → "85%"), dates as
dd/mm/yyyy. Merged cells are read as Word's are (see corpus.readers._read_docx): a cell merged down
repeats its text in every row it covers, a cell merged across gives its text once and leaves the
columns it spans empty.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path


def read_workbook(path: Path) -> list[tuple[str, list[list[str]]]]:
    """(sheet name, grid) for every visible sheet, in workbook order."""
    if path.suffix.lower() == ".xls":
        return _read_xls(path)
    return _read_xlsx(path)


def _read_xlsx(path: Path) -> list[tuple[str, list[list[str]]]]:
    import openpyxl

    wb = openpyxl.load_workbook(str(path), data_only=True)  # cached values of formulas
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        grid = [[cell_display(c.value, c.number_format) for c in row]
                for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)]
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]
        out.append((ws.title, apply_merges(grid, merges)))
    return out


def _read_xls(path: Path) -> list[tuple[str, list[list[str]]]]:
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True)
    out = []
    for sheet in book.sheets():
        if sheet.visibility != 0:
            continue
        grid = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    value = None
                row.append(cell_display(value, fmt.format_str if fmt else "General"))
            grid.append(row)
        out.append((sheet.name, apply_merges(grid, list(sheet.merged_cells))))
    return out


def apply_merges(grid: list[list[str]], merges: list[tuple[int, int, int, int]]) -> list[list[str]]:
    """Merged ranges (row_lo, row_hi, col_lo, col_hi; hi exclusive): the top-left text repeated down
    the range's first column, the other columns of the range left empty."""
    for r0, r1, c0, c1 in merges:
        if r0 >= len(grid):
            continue
        text = grid[r0][c0] if c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid))):
            for c in range(c0, min(c1, len(grid[r]))):
                grid[r][c] = text if c == c0 else ""
    return grid


def cell_display(value: object, number_format: str | None = "General") -> str:
    """A cell's value as Excel would show it with Vietnamese separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if (value.hour, value.minute) == (0, 0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float):
        return format_number(float(value), number_format or "General")
    return str(value)


def format_number(x: float, fmt: str) -> str:
    """A number in an Excel number format, with ',' for decimals and '.' for thousands."""
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)  # literals, colours, escapes
    percent = "%" in section
    if percent:
        x *= 100
    if section.strip().lower() in {"general", "@", ""}:
        text = f"{x:.10f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))
        return text.replace(".", ",") + ("%" if percent else "")
    m = re.search(r"[#0,]*\.?([0#]*)", section)
    decimals = len(m.group(1)) if m and "." in section else 0
    grouping = "," in section.split(".")[0]
    text = f"{x:,.{decimals}f}" if grouping else f"{x:.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text + ("%" if percent else "")
