"""Layout blocks: the two-column header and the signature block, read column by column.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP on document form) set the issuing body
and số hiệu on the left and the quốc hiệu / place and date on the right, and at the end the
"Nơi nhận" list on the left and the signature (TM./KT./Q./TL. + position + name) on the right.
Word and web files lay these out as a borderless table, PDFs and text files as spaced columns. Read
row by row they interleave ("ỦY BAN NHÂN DÂN<TAB>CỘNG HÒA …"); read column by column they are the
lines a reader expects. Nothing here is specific to one document: the cues are the fixed national
phrases and the standard signature prefixes.
"""

from __future__ import annotations

import re

from corpus.textnorm import fold

# fixed phrases and prefixes of headers and signature blocks (folded)
_CUES = re.compile(
    r"cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–]\s*tu do|dang cong san viet nam|noi nhan"
    r"|(?:^|\t|\n)\s*(?:t/m|tm\.|kt\.|q\.|tl\.|ttl\.)\s|(?:^|\t|\n)\s*so\s*:|,\s*ngay\s+\S+\s+thang"
)
_GAP = re.compile(r"\t| {3,}")
# the document-type line under the header ("KẾ HOẠCH", "QUYẾT ĐỊNH" …, centred on the page): the header ends
# above it, and the title lines under it are one centred column, not the header's left column
_TYPE_LINE = re.compile(r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|NGHỊ QUYẾT|ĐỀ ÁN|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|PHỤ LỤC|BÁO CÁO"
                        r"|THÔNG BÁO|CHỈ THỊ|TỜ TRÌNH|DANH MỤC|HƯỚNG DẪN|QUY CHẾ|QUY ĐỊNH)(?:\s+[IVX\d]+)?$")
MAX_COLUMNS = 3


def is_layout_block(rows: list[list[str]]) -> bool:
    """A small grid (≤ 3 columns) holding a header or signature block."""
    if not rows or max(len(r) for r in rows) > MAX_COLUMNS or len(rows) > 12:
        return False
    text = "\n".join("\t".join(r) for r in rows)
    return bool(_CUES.search(fold(text)))


def column_major(rows: list[list[str]]) -> list[str]:
    """Lines of a layout grid read column by column; each cell may hold several lines."""
    width = max(len(r) for r in rows)
    out: list[str] = []
    for col in range(width):
        for row in rows:
            if col < len(row):
                out.extend(part.strip() for part in row[col].split("\n") if part.strip())
        out.append("")
    return out


def unfold_spaced_columns(lines: list[str]) -> list[str]:
    """Header and signature blocks laid out as spaced or tab-separated columns, read column by
    column; every other line is left as it is.

    A block starts at a line split into two or three columns (or standing alone in the right
    column) and runs over such lines, short left-column lines and single blank lines; it is
    rewritten when it holds a header or signature cue (see _CUES)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        segs = _segments(lines[i])
        if segs is None or (len(segs) == 1 and segs[0][0] == 0):
            out.append(_plain(lines[i]))
            i += 1
            continue
        j, rows, split_rows = i, [], 0
        while j < len(lines):
            line = lines[j]
            if not line.strip():
                if j + 1 < len(lines) and lines[j + 1].strip() and _segments(lines[j + 1]) is not None:
                    j += 1
                    continue
                break
            if _TYPE_LINE.match(line.strip()):
                break
            segs = _segments(line)
            if segs is None:
                if len(line.strip()) > 80 or re.match(r"^(?:[IVX]+\.|Điều\s+\d|PHỤ LỤC)", line.strip()):
                    break
                segs = [(0, line.strip())]
            split_rows += len(segs) > 1 or segs[0][0] > 0
            rows.append(segs)
            j += 1
        # short left-column lines belong to the block only between its column rows
        while rows and len(rows[-1]) == 1 and rows[-1][0][0] == 0:
            rows.pop()
        j = i + _span_of(lines[i:], len(rows))
        grid = [[""] * MAX_COLUMNS for _ in rows]
        for r, segs in enumerate(rows):
            for col, text in segs:
                grid[r][min(col, MAX_COLUMNS - 1)] = text
        width = max((c + 1 for segs in rows for c, _ in segs), default=1)
        grid = [row[:width] for row in grid]
        if split_rows >= 2 and is_layout_block(grid):
            out.extend(column_major(grid))
            i = j
        else:
            out.append(_plain(lines[i]))
            i += 1
    return out


def _span_of(lines: list[str], n_rows: int) -> int:
    """How many lines (blank ones included) hold the first n_rows non-blank rows."""
    seen = 0
    for k, line in enumerate(lines):
        if line.strip():
            seen += 1
            if seen == n_rows:
                return k + 1
    return len(lines)


def _segments(line: str) -> list[tuple[int, str]] | None:
    """(column, text) pieces of a line laid out in columns; None for an ordinary line."""
    if not line.strip():
        return None
    if "\t" in line:
        cells = line.split("\t")
        if len(cells) > MAX_COLUMNS:
            return None
        segs = [(c, t.strip()) for c, t in enumerate(cells) if t.strip()]
        return segs or None
    body = line.rstrip()
    indent = len(body) - len(body.lstrip(" "))
    parts = [p for p in re.split(r" {3,}", body.strip()) if p]
    if len(parts) > MAX_COLUMNS:
        return None
    if len(parts) > 1:
        return [(0 if indent < 15 or k else 1, p) if k == 0 else (k if indent < 15 else k + 1, p)
                for k, p in enumerate(parts)][:MAX_COLUMNS]
    if indent >= 15:
        return [(1, parts[0])] if parts else None
    return None


def _plain(line: str) -> str:
    return line


# the signature block's own lines: the capacity prefixes and positions (Nghị định 30/2020/NĐ-CP, Phụ lục I)
_SIGN_POSITION = re.compile(
    r"^(?:T/M|TM\.?|KT\.?|Q\.|TL\.?|TUQ\.?|CHỦ TỊCH|PHÓ CHỦ TỊCH|BÍ THƯ|PHÓ BÍ THƯ|GIÁM ĐỐC|PHÓ GIÁM ĐỐC"
    r"|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|CHÁNH VĂN PHÒNG)\b")
_RECIPIENT_ITEM = re.compile(r"^[-–+•*]\s*\S")


def _person_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def separate_signature(lines: list[str]) -> list[str]:
    """'Nơi nhận' and the signature block printed side by side and read line by line interleave
    ('Nơi nhận:' / 'CHỦ TỊCH' / '- Chính phủ;' / … / 'Nguyễn Văn A' / '- Lưu: VT.'); put the list first
    and the signature block, in its own order, after it. Anything else ends the block untouched."""
    out = list(lines)
    for i, line in enumerate(lines):
        if not re.match(r"^\s*Nơi nhận\s*:?\s*$", line):
            continue
        items: list[str] = []
        sign: list[str] = []
        interleaved = False
        j = i + 1
        while j < len(lines) and j - i <= 30:
            text = lines[j].strip()
            if not text:
                j += 1
                continue
            if _RECIPIENT_ITEM.match(text):
                interleaved = interleaved or bool(sign)
                items.append(text)
            elif _SIGN_POSITION.match(text) or _person_name(text) or re.match(r"^\(?(?:đã ký|ký)\b", text, re.I):
                sign.append(text)
            else:
                break
            j += 1
        if interleaved and items and sign:  # as many lines as before: later line numbers stay
            gap = [""] if j - i > 1 + len(items) + len(sign) else []
            block = [line.strip(), *items, *gap, *sign]
            out[i:j] = block + [""] * (j - i - len(block))
        break
    return out
