"""Indicator records from appendix tables: tab-separated rows and space-separated PDF layouts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.agencies import split_agencies as agency_names
from corpus.records import Indicator, Target, Task
from corpus.textnorm import fold
from corpus.units import UNIT_PATTERN
from corpus.values import parse_value

_ROMAN = re.compile(r"^[IVXLC]{1,6}\.?$")
_CODE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}\.?$")
_SUBROW = re.compile(r"^trong do\b")
_LETTER = re.compile(r"^[A-ZĐ]$")
_BULLET_ROW = re.compile(r"^[-–+•]\s*\S")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


@dataclass
class Row:
    code: str
    cells: list[str]
    start: int  # 1-based line numbers
    end: int
    kind: str = "row"  # row | group | subrow


@dataclass
class Context:
    """What a table row inherits from the document and from group captions above it."""

    doc_id: str
    province: str | None
    table_no: int = 1
    groups: list[tuple[str, str]] = field(default_factory=list)  # (code, caption)
    letters: set[str] = field(default_factory=set)  # codes of the captions that are part letters (A, B, C)


def period_of(caption: str) -> tuple[str, int | None]:
    """'Đến năm 2030' → ('2030', 2030); 'Giai đoạn 2035-2045' → ('2035-2045', 2045)."""
    rng = re.search(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b", caption)
    if rng:
        return f"{rng.group(1)}-{rng.group(2)}", int(rng.group(2))
    years = _YEAR.findall(caption)
    if years:
        return years[0], int(years[0])
    return "", None


def _column_period(header: str) -> tuple[str, int | None]:
    """A value column's year: a two-row heading merged into one ("Giai đoạn 2026-2030 Năm 2028") is the lower
    row's year, which names the column; a period alone is read by period_of."""
    rng = re.search(r"\b((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})\b", header)
    below = _YEAR.findall(header[rng.end():]) if rng else []
    if len(below) == 1 and int(rng.group(1)) <= int(below[0]) <= int(rng.group(2)):
        return below[0], int(below[0])
    return period_of(header)


# Column roles by the general headings of Vietnamese plan tables (folded words; the usual wordings of
# appendix templates: "STT", "Nội dung/Nhiệm vụ/Chỉ tiêu", "Đơn vị tính", "Năm 2030/Kết quả/Mục tiêu",
# "Cơ quan chủ trì", "Cơ quan phối hợp", "Đơn vị thực hiện", "Thời gian hoàn thành/Thời hạn/Tiến độ",
# "Sản phẩm", "Kinh phí/Nguồn vốn", "Ghi chú"). Checked in this order: a deadline heading such as
# "Thời gian thực hiện" must not be read as the implementing agency.
_ROLE_WORDS: list[tuple[str, str]] = [
    ("deadline", r"thoi gian|thoi han|tien do|hoan thanh|moc thoi gian|lo trinh|thoi diem"),
    ("product", r"san pham|ket qua dau ra|hinh thuc van ban"),
    ("budget", r"kinh phi|nguon von|nguon kinh phi|du toan|tong muc dau tu"),
    ("value", r"^ket qua"),
    ("lead", r"chu tri|dau moi|phu trach"),
    ("partners", r"phoi hop|trien khai|thuc hien|bao cao"),
    ("lead", r"theo doi|giam sat"),  # "Cơ quan theo dõi": the body that follows the target up
    # a responsibilities table by unit ("TT | Cơ quan, đơn vị | Nhiệm vụ được giao | Thời hạn"): the body named
    # on each row is the one the duty is given to ("Đơn vị" alone is the unit of measure, below)
    ("lead", r"^(?:co quan|co quan\s*[,/]\s*don vi|don vi\s*[,/]\s*co quan)(?:\s*[,/]\s*dia phuong)?$"),
    ("note", r"ghi chu"),
    ("value", r"ket qua|muc chi tieu|gia tri|chi tieu nam|muc tieu nam|muc tieu den|ke hoach nam|giai doan"),
    ("unit", r"^(?:don vi(?: tinh)?|dvt|don vi do)$"),
    ("name", r"chi tieu|noi dung|\bten\b|muc tieu|nhiem vu|cong viec|hoat dong|giai phap|de an|du an|chuong trinh"),
]


# a column that compares two figures rather than sets one: "So sánh (%)", "Tăng/giảm", "Chênh lệch", or two
# years joined later-first by a slash ("2026/2025", "KH 2026/ƯTH 2025": the plan over the estimate, in percent);
# a school year is written earlier-first ("Năm học 2025/2026") and stays a value column
_RATIO = re.compile(r"\bso sanh\b|\btang\s*/\s*giam\b|\btang,? giam\b|\bchenh lech\b")
_YEAR_OVER_YEAR = re.compile(r"\b((?:19|20)\d{2})\s*/\s*[a-z.\s]{0,12}?((?:19|20)\d{2})\b")


def _is_ratio(folded: str) -> bool:
    if _RATIO.search(folded):
        return True
    m = _YEAR_OVER_YEAR.search(folded)
    return bool(m) and int(m.group(1)) > int(m.group(2))


# a value column that reports rather than sets (folded): an estimate of the year under way ("Ước thực hiện năm
# 2025", "Ước TH 2025", "ƯTH 2025", "Năm 2025 (ước)", "Dự kiến thực hiện năm 2025") or a result already reached
# ("Thực hiện năm 2024", "TH 2024", "Kết quả thực hiện 2021-2025", "Hiện trạng năm 2024", "Năm gốc/cơ sở 2020");
# a heading that names the plan ("Kế hoạch", "Mục tiêu", "Chỉ tiêu", "Phấn đấu") sets a target
_ESTIMATE = re.compile(r"\b(?:uoc|uth|du kien (?:thuc hien|dat))\b")
_ACTUAL = re.compile(r"\b(?:thuc hien|th|hien trang|nam goc|nam co so|da dat|dat duoc)\b")
_PLAN = re.compile(r"\b(?:ke hoach|kh|muc tieu|chi tieu|phan dau)\b")


def value_kind(header: str) -> str:
    """What a value column holds: 'target', 'estimate' or 'actual' (see _ESTIMATE, _ACTUAL)."""
    f = fold(header)
    if _ESTIMATE.search(f):
        return "estimate"
    if _ACTUAL.search(f) and not _PLAN.search(f):
        return "actual"
    return "target"


def column_role(name: str) -> str:
    """Role of a header cell: code, name, unit, value, ratio, lead, partners, deadline, product, budget, note or
    other."""
    f = fold(name).strip(" .:")
    if re.fullmatch(r"(s\.?\s?tt|tt|so tt|so thu tu)\.?", f):
        return "code"
    if _is_ratio(f):
        return "ratio"
    if _YEAR.search(f) and not re.search(r"thoi gian|thoi han|tien do|hoan thanh", f):
        return "value"
    for role, words in _ROLE_WORDS:
        if re.search(words, f):
            return role
    return "other"


def table_roles(names: list[str]) -> list[str]:
    """Each column's role. A second heading that names the rows, to the right of the unit column ("Chỉ tiêu |
    Đơn vị tính | Chỉ tiêu", "Nội dung | ĐVT | Mục tiêu"), holds the targets: a table names its rows once."""
    roles = [column_role(n) for n in names]
    if "unit" in roles and "value" not in roles and roles.count("name") > 1:
        unit = roles.index("unit")
        first = roles.index("name")
        roles = [r if not (r == "name" and k > unit and k != first) else "value" for k, r in enumerate(roles)]
    return roles


def header_names(rows: list[list[str]]) -> list[str]:
    """Combine stacked header rows column-wise; a spanning label covers the cells under it."""
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    names = []
    for col in range(width):
        parts = []
        for r, row in enumerate(grid):
            cell = row[col].strip()
            if not cell and r + 1 < len(grid) and grid[r + 1][col].strip():
                # empty top cell above a sub-header: inherit the spanning label to the left
                left = next((row[c].strip() for c in range(col - 1, -1, -1) if row[c].strip()), "")
                if left and column_role(left) in ("value", "ratio"):
                    cell = left
            # a label repeated under itself is one cell spanning both header rows
            if cell and not (parts and fold(parts[-1]) == fold(cell)):
                parts.append(cell)
        names.append(" ".join(parts))
    return names


def is_code(cell: str) -> bool:
    return bool(_CODE.match(cell.strip()) or _ROMAN.match(cell.strip()))


def _after_header(cells: list[str], header_rows: list[list[str]]) -> list[str]:
    """What a repeated header's cells hold beyond the header's own words."""
    out = []
    for c, cell in enumerate(cells):
        heads = sorted({r[c].strip() for r in header_rows if c < len(r) and r[c].strip()}, key=len, reverse=True)
        rest = cell.strip()
        if not rest:
            out.append("")
            continue
        head = next((h for h in heads if fold(rest).startswith(fold(h))), None)
        if head is None:
            return []  # not the full header over a continued row: nothing carries over
        out.append(rest[len(head):].strip(" ;,"))
    return out


def _header_like(cells: list[str], names: list[str]) -> bool:
    folded_names = [fold(n) for n in names if n]
    hits = 0
    filled = [k for k, c in enumerate(cells) if c.strip()]
    for k in filled:
        c = fold(cells[k])
        # one word of a heading alone ("tỉnh" under "Đơn vị tính") is a wrapped cell's last word, unless it
        # stands under that heading's own column
        if any(n == c or n.startswith(c) for n in folded_names) or (
                c in fold(names[k] if k < len(names) else "").split() or (len(filled) > 1 and any(
                    c in n.split() for n in folded_names))):
            hits += 1
    return hits >= 1 and hits >= len(filled) / 2


def tab_tables(lines: list[str]) -> list[tuple[int, int]]:
    """0-based [start, end) ranges of tab-separated tables (blank lines inside allowed)."""
    ranges = []
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            last = i
            while j < len(lines) and ("\t" in lines[j] or not lines[j].strip()):
                if "\t" in lines[j]:
                    last = j
                j += 1
            ranges.append((i, last + 1))
            i = last + 1
        else:
            i += 1
    return ranges


@dataclass
class TableRecords:
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.indicators or self.tasks)


_SPAN_MARKER = re.compile(r"^(?P<code>[IVXLC]{1,6}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3}){0,3})[.)]?\s+(?P<text>\S.*)$")


# words that open the name of a quantity ("Tỷ lệ …", "Số …", "Tổng …"): a "Trong đó" row that starts with
# one names its own indicator; one that does not ("Trong đó: khu vực nông thôn") is a part of the row above
_QUANTITY = re.compile(r"^(?:trong do\s*[:,]?\s*)?(?:ty le|ti le|so|tong|gia tri|muc|chi so|thu nhap|kim ngach"
                       r"|san luong|dien tich|toc do|quy mo|luong|ty trong)\b")


def names_a_quantity(name: str) -> bool:
    """Whether a (sub-)row's name names a quantity by itself ('Trong đó tỷ lệ lao động …')."""
    return bool(_QUANTITY.match(fold(name).strip()))


def _part_caption(cells: list[str]) -> bool:
    """'A | GIÁO DỤC MẦM NON VÀ PHỔ THÔNG | | …': a part letter and its caption, the rest of the row empty."""
    filled = [k for k, c in enumerate(cells) if c.strip()]
    return len(cells) > 2 and filled == [0, 1] and bool(_LETTER.match(cells[0].strip().rstrip(".")))


def _spanning_caption(cells: list[str]) -> tuple[str, str] | None:
    """A group row whose caption spans the table ('I. NHIỆM VỤ CHUNG' in the first cell only)."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) != 1 or filled[0] != cells[0].strip():
        return None
    m = _SPAN_MARKER.match(filled[0])
    return (m.group("code"), m.group("text")) if m else None


_COLUMN_NO = re.compile(r"^\(?(\d{1,2}|[A-Z])\)?$")


def column_numbers(cells: list[str]) -> bool:
    """A row that numbers the columns under the header ('1 | 2 | 3 | …', '(1) | (2) | …', 'A | B | 1 | 2 …'):
    every cell filled but at most one, and the numbers counting up by one from the first."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) < 3 or len(filled) < len(cells) - 1 or not all(_COLUMN_NO.match(c) for c in filled):
        return False
    numbers = [int(c.strip("()")) for c in filled if c.strip("()").isdigit()]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 2


# a row label that is a year, perhaps with a note mark: "2026", "2025 (**)", "Năm 2027"
_YEAR_LABEL = re.compile(r"^(?:năm\s+)?((?:19|20)\d{2})\s*(\(?\*+\)?)?$", re.IGNORECASE)
# a heading naming the rows' places or bodies: "Xã, phường", "Đơn vị", "Địa phương", "Huyện, thị xã" (folded)
_ENTITY_HEAD = re.compile(r"^(?:ten\s+)?(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh|don vi|dia phuong|dia ban"
                          r"|co so|truong|benh vien|co quan|vung|khu vuc)\b")
# a heading's trailing unit in brackets, with a note mark after it: "Số bác sĩ trên 10.000 dân (bác sĩ)", "… (%)*"
_HEAD_UNIT = re.compile(r"^(?P<name>.*\S)\s*\((?P<unit>[^()]{1,25})\)\s*(?P<mark>\(?\*+\)?)?$")


def _is_unit(text: str) -> bool:
    """Brackets that hold a unit ("%", "bác sĩ", "triệu đồng/người", "USD"), not an abbreviation ("GRDP", "HDI")."""
    text = text.strip()
    if re.fullmatch(UNIT_PATTERN, text):
        return True
    return len(text.split()) <= 3 and not re.fullmatch(r"[A-ZĐ0-9\- ]+", text) and not re.search(r"\d{2}", text)


def _name_unit(heading: str) -> tuple[str, str, str]:
    """(name, unit, note mark) of a heading that gives its unit in brackets at its end."""
    m = _HEAD_UNIT.match(heading.strip())
    if m and _is_unit(m.group("unit")):
        return m.group("name").strip(), m.group("unit").strip(), m.group("mark") or ""
    mark = re.search(r"\s*\(?\*+\)?$", heading)
    return (heading[:mark.start()].strip(), "", mark.group(0).strip()) if mark else (heading.strip(), "", "")


def _caption_above(lines: list[str], start: int) -> str:
    """The title line right above a table ("Biểu 2. Tỷ lệ … theo xã, phường (%)"), without its number."""
    for k in range(start - 1, max(-1, start - 4), -1):
        text = lines[k].strip()
        if text:
            if "\t" in text or len(text) > 200:
                return ""
            return re.sub(r"^(?:biểu|bảng|phụ lục)\s+[\w.]+\s*[.:\-–]?\s*", "", text, flags=re.IGNORECASE)
    return ""


def _pivoted(lines: list[str], raw: list[tuple[int, list[str]]], ctx: Context) -> TableRecords | None:
    """Two table shapes whose rows are not indicators. A transposed table ("Năm | Số bác sĩ … (bác sĩ) | Tỷ lệ …
    (%)", a row per year): each heading right of the first is an indicator, its unit in brackets, its targets down
    the column. A matrix of places or bodies by year ("Xã, phường | 2026 | 2027 …"): each row is the table's
    subject (its caption, "Tỷ lệ … theo xã, phường (%)") for that place, its targets along the row."""
    if len(raw) < 3:
        return None
    head = [c.strip() for c in raw[0][1]]
    first = fold(head[0]).strip(" .:")
    body = [(i, [c.strip() for c in cells] + [""] * (len(head) - len(cells))) for i, cells in raw[1:]]
    span = (raw[0][0] + 1, raw[-1][0] + 1)
    if re.fullmatch(r"nam|nam\s*/\s*chi tieu|chi tieu\s*/\s*nam|thoi gian", first) and len(head) >= 2 \
            and all(_YEAR_LABEL.match(cells[0]) for _, cells in body):
        out = []
        # a year marked "2025 (**)": every column's figure of that year carries the mark a note explains
        row_marks = [f"{m.group(1)} {m.group(2)}" for _, cells in body
                     for m in [_YEAR_LABEL.match(cells[0])] if m and m.group(2)]
        for col in range(1, len(head)):
            if not head[col]:
                continue
            name, unit, mark = _name_unit(head[col])
            values = [(f"Năm {cells[0]}", cells[col]) for _, cells in body]
            ind = make_indicator(ctx, code=str(len(out) + 1), name=name, unit=unit, values=values, lead="", partners="",
                                 note="; ".join([mark] * bool(mark) + row_marks), columns=[h for h in head if h],
                                 lines=span)
            out.append(ind)
        return TableRecords(indicators=out)
    years = [_YEAR.search(h) for h in head[1:]]
    if _ENTITY_HEAD.match(first) and len(head) >= 3 and all(years) and not any(is_code(c[0]) for _, c in body):
        subject, unit, _ = _name_unit(_caption_above(lines, raw[0][0]))
        # "… theo xã, phường trọng điểm": the breakdown is the row; the subject names the quantity
        subject = re.sub(r"\s+(?:theo|của|tại)\s+(?:từng\s+|các\s+)?(?:xã|phường|huyện|đơn vị|địa phương|cơ sở|trường)\b.*$",
                         "", subject, flags=re.IGNORECASE).strip()
        out = []
        for i, cells in body:
            if not cells[0]:
                continue
            place, _, mark = _name_unit(cells[0])
            name = f"{subject} – {place}" if subject else place
            ind = make_indicator(ctx, code=str(len(out) + 1), name=name, unit=unit,
                                 values=[(head[c], cells[c]) for c in range(1, len(head))], lead="", partners="",
                                 note=mark, columns=[h for h in head if h], lines=(i + 1, i + 1))
            out.append(ind)
        return TableRecords(indicators=out)
    return None


def parse_tab_table(lines: list[str], start: int, end: int, ctx: Context) -> TableRecords:
    """Indicators or tasks from one tab-separated table in lines[start:end] (0-based), by column roles."""
    raw = [(i, lines[i].split("\t")) for i in range(start, end) if "\t" in lines[i]]
    raw = [(i, cells) for i, cells in raw if not column_numbers(cells)]
    pivoted = _pivoted(lines, raw, ctx)
    if pivoted is not None:
        return pivoted
    header_rows: list[list[str]] = []
    body_at = 0
    numbered = True
    for k, (_, cells) in enumerate(raw):
        if (cells and is_code(cells[0]) and cells[0].strip()) or (header_rows and (
                _spanning_caption(cells) or _part_caption(cells))):
            body_at = k
            break
        header_rows.append(cells)
    else:
        # no order column ("Chỉ tiêu | Đơn vị | Năm 2026 | …"): the header is the first row, when its
        # headings name the rows and give years, and the rows under it hold figures
        first = [column_role(c) for c in raw[0][1]] if raw else []
        if len(raw) < 2 or "code" in first or "name" not in first or "value" not in first:
            return TableRecords()
        if not any(re.search(r"\d", c) for _, cells in raw[1:] for c in cells[1:]):
            return TableRecords()
        header_rows, body_at, numbered = [raw[0][1]], 1, False
    if not header_rows:
        return TableRecords()
    # title rows above the header (a spreadsheet's "ỦY BAN NHÂN DÂN … | Biểu 01", "TÌNH HÌNH THỰC HIỆN …", "(Kèm
    # theo …)" merged across the sheet) are not headings: the header starts at its order column's "STT"
    order = next((r for r, cells in enumerate(header_rows) if cells and column_role(cells[0]) == "code"), 0)
    header_rows = header_rows[order:]
    names = header_names(header_rows)
    roles = table_roles(names)
    if "name" not in roles:
        return TableRecords()
    is_task_table = "deadline" in roles or "product" in roles or ("lead" in roles and "value" not in roles)
    if not is_task_table and "value" not in roles:
        return TableRecords()
    code_col = roles.index("code") if "code" in roles else 0
    value_cols = [c for c, r in enumerate(roles) if r == "value"]
    rows: list[Row] = []
    for i, cells in raw[body_at:]:
        cells = [c.strip() for c in cells] + [""] * (len(names) - len(cells))
        if not numbered:  # rows numbered by their order
            if not any(cells):
                continue
            rows.append(Row(str(len(rows) + 1), cells, i + 1, i + 1))
            continue
        code = cells[code_col]
        name = cells[roles.index("name")]
        caption = _spanning_caption(cells)
        if (_SUBROW.match(fold(name)) and rows and rows[-1].kind == "row" and code
                and code.rstrip(".") == rows[-1].code):
            # a "Trong đó: …" row under a merged order cell repeats the number of the row it divides
            rows.append(Row("", cells, i + 1, i + 1, kind="subrow"))
        elif code and is_code(code):
            rows.append(Row(code.rstrip("."), cells, i + 1, i + 1))
        elif (_LETTER.match(code.rstrip(".")) and name
              and not any(c for k, c in enumerate(cells) if k not in (code_col, roles.index("name")))):
            # "A | GIÁO DỤC MẦM NON …" with the rest of the row empty: a part caption
            rows.append(Row(code.rstrip("."), cells, i + 1, i + 1))
        elif caption:
            group = [""] * len(cells)
            group[code_col], group[roles.index("name")] = caption
            rows.append(Row(caption[0], group, i + 1, i + 1, kind="group"))
        elif (_SUBROW.match(fold(name)) or _BULLET_ROW.match(name) and any(cells[c] for c in value_cols)) and rows:
            # "Trong đó: …", or "- Mầm non" with figures of its own: a part of the numbered row above
            rows.append(Row("", cells, i + 1, i + 1, kind="subrow"))
        elif _header_like(cells, names):
            # header repeated after a page break; text under it in the same ruled cell (no rule
            # drawn between them) continues the row the page break split
            rest = _after_header(cells, header_rows)
            if rows and rows[-1].kind != "group" and any(rest):
                prev = rows[-1]
                for c, cell in enumerate(rest[: len(prev.cells)]):
                    if cell:
                        prev.cells[c] = f"{prev.cells[c]} {cell}".strip()
                prev.end = i + 1
            continue
        elif rows and rows[-1].kind != "group":  # a row continued on the next page: append cell by cell
            prev = rows[-1]
            for c, cell in enumerate(cells[: len(prev.cells)]):
                if cell:
                    prev.cells[c] = f"{prev.cells[c]} {cell}".strip()
            prev.end = i + 1
    if is_task_table:
        return TableRecords(tasks=_rows_to_tasks(rows, names, roles, ctx))
    return TableRecords(indicators=_rows_to_indicators(rows, names, roles, ctx))


def _cell(row: Row, roles: list[str], role: str, names: list[str] | None = None, word: str = "") -> str:
    """The text of a row's cells of one role (optionally only the columns whose heading has `word`)."""
    return " ".join(
        row.cells[c] for c, r in enumerate(roles)
        if r == role and row.cells[c] and (not word or (names and word in fold(names[c])))
    ).strip()


# the unit marked as lead among the implementing units of one cell: "Sở Xây dựng (chủ trì);", "Sở Nội vụ - chủ trì"
_MARKED_LEAD = re.compile(r"(?:^|(?<=[;\n]))\s*(?P<lead>[^;\n()]+?)\s*(?:\((?:cơ quan |đơn vị )?chủ trì\)|[-–]\s*chủ trì\b)"
                          r"\s*[;,]?", re.IGNORECASE)


def _rows_to_tasks(rows: list[Row], names: list[str], roles: list[str], ctx: Context) -> list[Task]:
    from corpus.deadlines import parse_deadline

    out: list[Task] = []
    for row in rows:
        title = _cell(row, roles, "name")
        agencies = any(_cell(row, roles, r) for r in ("lead", "partners", "deadline", "product"))
        if row.kind == "group" or _ROMAN.match(row.code) or not agencies:
            _push_group(ctx, row.code, title)
            continue
        _pop_groups(ctx, row.code)
        lead = _cell(row, roles, "lead")
        co_op = _cell(row, roles, "partners", names, "phoi hop")
        implementing = " ".join(
            row.cells[c] for c, r in enumerate(roles)
            if r == "partners" and row.cells[c] and "phoi hop" not in fold(names[c])
        ).strip()
        marked = _MARKED_LEAD.search(implementing) if not lead else None
        if marked:
            # "Đơn vị thực hiện: Sở A (chủ trì); Sở B, Sở C": the lead is the unit marked so, the others co-operate
            lead = marked.group("lead").strip(" ;,")
            rest = (implementing[:marked.start("lead")] + " " + implementing[marked.end():]).strip(" ;,\n")
            co_op = co_op or re.sub(r"\s*;\s*;\s*", "; ", rest)
        deadline_raw = _cell(row, roles, "deadline")
        captions = [f"{c}. {t}" for c, t in ctx.groups]
        roman = next((c for c, _ in ctx.groups if _ROMAN.match(c)), "")
        prefix = f"t{ctx.table_no}." if ctx.table_no > 1 else ""
        out.append(Task(
            id=f"{ctx.doc_id}#task.{prefix}{roman + '.' if roman else ''}{row.code}",
            doc_id=ctx.doc_id,
            province=ctx.province,
            group=captions[-1] if captions else "",
            code=row.code,
            title=re.sub(r"\s+", " ", title).strip(),
            body=re.sub(r"\s+", " ", title).strip(),
            responsible=implementing or lead,
            lead=lead or (agency_names(implementing) or [""])[0],
            partners=co_op,
            # a dash in the deadline cell ("-", "–") says no deadline is set, as a dash in a target cell does
            deadline=parse_deadline(deadline_raw, clause=f"{title} {_cell(row, roles, 'note')}")
            if re.search(r"\w", deadline_raw or "") else None,
            product=_cell(row, roles, "product"),
            budget=_cell(row, roles, "budget"),
            note=_cell(row, roles, "note"),
            source="table",
            lines=(row.start, row.end),
        ))
    ctx.groups = []
    return out


def _rows_to_indicators(rows: list[Row], names: list[str], roles: list[str], ctx: Context) -> list[Indicator]:
    value_cols = [c for c, r in enumerate(roles) if r == "value"]

    def cell(row: Row, role: str) -> str:
        return " ".join(row.cells[c] for c, r in enumerate(roles) if r == role and row.cells[c]).strip()

    out: list[Indicator] = []
    parent: Indicator | None = None
    parts = 0  # sub-rows read under the current parent
    for row in rows:
        values = [row.cells[c] for c in value_cols]
        empty = not any(values) and not cell(row, "unit") and not cell(row, "lead")
        if row.kind != "subrow" and (_ROMAN.match(row.code) or empty):
            _push_group(ctx, row.code, cell(row, "name"))
            continue
        if row.kind != "subrow":
            _pop_groups(ctx, row.code)
        name = cell(row, "name")
        code = row.code
        if row.kind == "subrow":
            parts += 1
            code = f"{parent.code if parent else ''}{chr(ord('a') + min(parts, 26) - 1)}"
            if parent and _BULLET_ROW.match(name):  # "- Mầm non" under "Tỷ lệ trường đạt chuẩn quốc gia"
                name = f"{parent.name} - {name.lstrip('-–+• ').strip()}"

        else:
            parts = 0
        ind = make_indicator(
            ctx,
            code=code,
            name=name,
            unit=cell(row, "unit"),
            values=[(names[c], row.cells[c]) for c in value_cols],
            lead=cell(row, "lead"),
            partners=cell(row, "partners"),
            note=cell(row, "note"),
            columns=[n for n in names if n],
            lines=(row.start, row.end),
        )
        if row.kind == "subrow" and parent:
            ind.parent_code = parent.code
            if not _BULLET_ROW.match(cell(row, "name")) and not names_a_quantity(ind.name):
                # "Trong đó: khu vực nông thôn" is a part of the row above: its name is the caption over it
                ind.groups = [*ind.groups, parent.name]
        elif "." in row.code:
            ind.parent_code = row.code.rsplit(".", 1)[0]
        if row.kind != "subrow":
            parent = ind
        out.append(ind)
    return out


def _is_letter(ctx: Context, code: str) -> bool:
    """'A', 'B', 'Đ': a part letter, above Roman numerals ('C' after 'B' is a letter, alone a numeral)."""
    if not _LETTER.match(code):
        return False
    return not _ROMAN.match(code) or code == "A" or any(g[0] == chr(ord(code) - 1) for g in ctx.groups)


def _rank(ctx: Context, code: str) -> int:
    """Depth of a caption code: part letters 0, Roman numerals 1, numbers 2 and deeper by their dots."""
    if code in ctx.letters:
        return 0
    return 1 if _ROMAN.match(code) else 2 + code.count(".")


def _pop_groups(ctx: Context, code: str) -> None:
    """A numbered row at depth d closes the numbered captions at depth ≥ d."""
    rank = _rank(ctx, code.rstrip("."))
    ctx.groups = [g for g in ctx.groups if _rank(ctx, g[0]) < max(rank, 2)]


def _push_group(ctx: Context, code: str, caption: str) -> None:
    """Enter a group caption row: a part letter or a Roman numeral closes the captions at its level and
    below, a number nests by depth."""
    code = code.rstrip(".")
    if _is_letter(ctx, code):
        ctx.letters.add(code)
    elif code in ctx.letters:
        ctx.letters.discard(code)
    rank = _rank(ctx, code)
    ctx.groups = [*(g for g in ctx.groups if _rank(ctx, g[0]) < rank), (code, caption)]


def make_indicator(
    ctx: Context,
    *,
    code: str,
    name: str,
    unit: str,
    values: list[tuple[str, str]],
    lead: str = "",
    partners: str = "",
    note: str = "",
    columns: list[str] | None = None,
    lines: tuple[int, int] = (0, 0),
    source: str = "table",
) -> Indicator:
    """An indicator with its targets; years come from value headers or group captions."""
    captions = [f"{c}. {t}" for c, t in ctx.groups]
    group_period, group_year = "", None
    for _, caption in reversed(ctx.groups):
        group_period, group_year = period_of(caption)
        if group_year:
            break
    targets = []
    for header, raw in values:
        period, year = _column_period(header)
        if not year:
            period, year = group_period, group_year
        parsed = parse_value(raw)
        targets.append(Target(period=period, year=year, raw=raw.strip(), value=parsed, has_target=parsed is not None,
                              kind=value_kind(header)))
    roman = next((c for c, _ in ctx.groups if _ROMAN.match(c)), "")
    prefix = f"t{ctx.table_no}." if ctx.table_no > 1 else ""
    ident = f"{ctx.doc_id}#{prefix}{roman + '.' if roman else ''}{code}"
    return Indicator(
        id=ident,
        doc_id=ctx.doc_id,
        province=ctx.province,
        group=captions[-1] if captions else "",
        groups=captions,
        code=code,
        name=re.sub(r"\s+", " ", name).strip(),
        unit=unit,
        targets=targets,
        lead=lead,
        partners=partners,
        note=note,
        source=source,
        columns=columns or [],
        lines=lines,
    )


# --- space-separated tables (PDF text without ruling) ---------------------------------



def is_title_word(tok: str) -> bool:
    """'Xã', 'Trường', 'Các' (capitalised word); not 'UBND' (acronym) nor 'đến'."""
    return len(tok) > 1 and tok.isalpha() and tok[0].isupper() and tok[1:].islower()

_VALUE_TOKEN = re.compile(r"^(?:[<>≥≤]=?)?\d+(?:[.,]\d+)*%?$")
_CONNECTORS = {"và", "của", "với", "thuộc", "cho", "về", "tại", "trên", "ở", "các", "hoặc"}


def _unit_before(tokens: list[str], k: int) -> int:
    """Number of tokens forming the unit just before tokens[k] (0 if none)."""
    if k >= 1 and tokens[k - 1] == "%":
        return 1
    if k >= 2 and is_title_word(tokens[k - 1]):
        return 1
    if k >= 3 and is_title_word(tokens[k - 2]) and tokens[k - 1].isalpha() and tokens[k - 1].islower():
        return 2
    return 0


def split_space_row(text: str) -> tuple[str, str, str, str]:
    """'Tên chỉ tiêu % 85 Cơ quan A Cơ quan B' → (name, unit, value, agencies)."""
    tokens = text.split()
    for k, tok in enumerate(tokens):
        if not _VALUE_TOKEN.match(tok):
            continue
        n_unit = _unit_before(tokens, k)
        if not n_unit or k - n_unit < 1:
            continue
        j = k + 1
        while j < len(tokens) and not tokens[j][:1].isupper():
            j += 1  # lowercase words after the number qualify it ("100% xã/phường")
        return (
            " ".join(tokens[: k - n_unit]),
            " ".join(tokens[k - n_unit : k]),
            " ".join(tokens[k:j]),
            " ".join(tokens[j:]),
        )
    return text, "", "", ""


def split_agencies(text: str) -> tuple[str, str]:
    """Split 'lead agency' from 'co-operating agencies' where a new capitalised name starts."""
    tokens = text.split()
    for k in range(1, len(tokens)):
        prev, tok = tokens[k - 1], tokens[k]
        if (
            is_title_word(tok)
            and prev[:1].islower()
            and not prev.endswith((",", ";"))
            and prev not in _CONNECTORS
        ):
            return " ".join(tokens[:k]), " ".join(tokens[k:])
    return text.strip(), ""


def _next_codes(prev: str | None) -> set[str]:
    if not prev:
        return {"1"}
    parts = prev.split(".")
    nxt = {prev + ".1"}
    for depth in range(len(parts)):
        head = parts[:depth]
        nxt.add(".".join([*head, str(int(parts[depth]) + 1)]))
    return nxt


def parse_space_table(lines: list[str], start: int, ctx: Context) -> tuple[list[Indicator], int]:
    """Indicators from a PDF table whose cells arrive as space-separated words.

    `start` is the 0-based index of its 'TT … chỉ tiêu …' header line; returns the
    records and the index where the table ends.
    """
    header_re = re.compile(r"^S?TT\s", re.IGNORECASE)
    header_text = []
    rows: list[Row] = []
    in_header = False
    prev_code: str | None = None
    i = start
    end = len(lines)
    while i < end:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        first = line.split()[0]
        sub = bool(_SUBROW.match(fold(line)))
        roman = bool(_ROMAN.match(first)) and len(line.split()) > 1
        coded = bool(_CODE.match(first)) and first.rstrip(".") in _next_codes(prev_code)
        if header_re.match(line) and "\t" not in line:
            in_header = True
            header_text.append(line)
        elif roman:
            in_header = False
            rows.append(Row(first.rstrip("."), [line[len(first):].strip()], i + 1, i + 1, kind="group"))
            prev_code = None
        elif coded:
            in_header = False
            rows.append(Row(first.rstrip("."), [line[len(first):].strip()], i + 1, i + 1))
            prev_code = first.rstrip(".")
        elif sub and rows:
            in_header = False
            rows.append(Row("", [line], i + 1, i + 1, kind="subrow"))
        elif in_header:
            header_text.append(line)
        elif rows:
            last = rows[-1]
            glue = "" if last.cells[0].endswith("-") else " "
            last.cells[0] = f"{last.cells[0]}{glue}{line}".strip()
            last.end = i + 1
        i += 1
    columns = _space_header_columns(" ".join(header_text))
    out: list[Indicator] = []
    parent: Indicator | None = None
    for row in rows:
        if row.kind == "group":
            _push_group(ctx, row.code, row.cells[0])
            continue
        name, unit, value, agencies = split_space_row(row.cells[0])
        if not value and row.kind != "subrow" and not agencies:
            _push_group(ctx, row.code, name)  # a caption row such as "4 Phổ cập giáo dục"
            continue
        lead, partners = split_agencies(agencies)
        if row.kind != "subrow":
            _pop_groups(ctx, row.code)
        code = row.code if row.kind != "subrow" else f"{parent.code if parent else ''}a"
        ind = make_indicator(ctx, code=code, name=name, unit=unit, values=[("", value)], lead=lead,
                             partners=partners, columns=columns, lines=(row.start, row.end))
        if row.kind == "subrow" and parent:
            ind.parent_code = parent.code
            if not names_a_quantity(ind.name):
                # "Trong đó: khu vực nông thôn" is a part of the row above: its name is the caption over it
                ind.groups = [*ind.groups, parent.name]
        else:
            if "." in code:
                ind.parent_code = code.rsplit(".", 1)[0]
            parent = ind
        out.append(ind)
    return out, end


# words that open a column heading of a plan's table (folded; general headings, see _ROLE_WORDS)
_HEADING_STARTS = ["stt", "tt", "chi tieu", "noi dung", "nhiem vu", "don vi tinh", "dvt", "ket qua", "muc tieu",
                   "nam 20", "giai doan", "co quan chu tri", "don vi chu tri", "chu tri", "co quan phoi hop",
                   "don vi phoi hop", "phoi hop", "don vi thuc hien", "co quan thuc hien", "thoi gian", "thoi han",
                   "tien do", "san pham", "kinh phi", "ghi chu"]


def _space_header_columns(text: str) -> list[str]:
    """Column names of a PDF table header whose cells arrive as one line of words: the header is cut
    where a usual heading word starts, and each name keeps the document's own wording."""
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split(" ")
    folded = [fold(w).strip(".,;:()") for w in words]
    starts = sorted(_HEADING_STARTS, key=len, reverse=True)
    cuts: list[int] = []
    k = 0
    while k < len(words):
        ahead = " ".join(folded[k : k + 4])
        hit = next((h for h in starts if ahead == h or ahead.startswith(h + " ") or
                    (h.endswith("20") and ahead.startswith(h))), None)
        if hit:
            cuts.append(k)
            k += len(hit.split())
        else:
            k += 1
    if not cuts:
        return [text] if text else []
    if cuts[0] != 0:
        cuts[0] = 0
    bounds = [*cuts[1:], len(words)]
    return [" ".join(words[a:b]).strip(" ,") for a, b in zip(cuts, bounds, strict=True) if words[a:b]]
