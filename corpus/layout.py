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
    """Runs of lines split into 2–3 columns by tabs or wide gaps that form a header or signature
    block are rewritten column by column; every other line is left as it is."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        rows: list[list[str]] = []
        while j < len(lines) and lines[j].strip() and 2 <= len(_split(lines[j])) <= MAX_COLUMNS:
            rows.append(_split(lines[j]))
            j += 1
        if rows and is_layout_block(rows) and _aligned(lines[i:j]):
            out.extend(column_major(rows))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


def _split(line: str) -> list[str]:
    parts = [p.strip() for p in _GAP.split(line.strip())]
    return [p for p in parts if p] if len([p for p in parts if p]) > 1 else [line.strip()]


def _aligned(lines: list[str]) -> bool:
    """Tab-separated rows, or spaced rows whose right column starts near the same place."""
    if all("\t" in ln for ln in lines):
        return True
    starts = []
    for ln in lines:
        m = re.search(r" {3,}(?=\S)", ln)
        if m:
            starts.append(m.end())
    return len(starts) == len(lines) and max(starts) - min(starts) <= 30
