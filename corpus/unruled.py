"""Tables a PDF draws without rules: columns found from where the words stand on the page.

An appendix of targets is often typeset as whitespace-aligned text (no lines, no rectangles): each row
is a text line whose cells are separated by wide gaps, and a cell that wraps puts its second line under
its own column with the other columns empty ("Tốc độ tăng trưởng tổng sản phẩm" / "trên địa bàn (GRDP)").
Read line by line the cells run together and the wrapped lines look like new rows. Here the columns are
the x-ranges the cells of the table's lines cover (a heading that spans several columns, "Kế hoạch các
năm" over the years, does not merge them), and every line of the table becomes a tab-separated row on
that grid with its empty cells kept, so that corpus.tables reads the header, joins the wrapped lines to
their row, and reads group rows, as it does for a ruled table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# a word gap wider than this many font sizes (ems) separates two cells; a justified line stretches
# its spaces to well under one em, a table's column gutter is wider
COLUMN_GAP_EM = 1.2
MIN_COLUMNS = 3


@dataclass
class Segment:
    x0: float
    x1: float
    text: str
    words: list[Segment] = field(default_factory=list)
    size: float = 0.0  # font size


def space_gap(size: float) -> float:
    """The gap between two letters that is a space: a fifth of the font size (a space is about a
    quarter to a third of an em), at most pdfplumber's own 3 points."""
    return min(3.0, 0.2 * size) if size else 3.0


def words(chars: list[dict]) -> list[Segment]:
    """A text line's words from its characters (those with ink), split where the gap is a space."""
    out: list[Segment] = []
    for ch in chars:
        text = ch.get("text", "")
        if not text.strip():
            continue
        if out and ch["x0"] - out[-1].x1 <= space_gap(ch.get("size", 0.0)):
            last = out[-1]
            last.text += text
            last.x1 = max(last.x1, ch["x1"])
        else:
            out.append(Segment(ch["x0"], ch["x1"], text, size=ch.get("size", 0.0)))
    return out


def segments(chars: list[dict]) -> list[Segment]:
    """A text line's cells: runs of words separated by gaps wider than COLUMN_GAP_EM."""
    ink = [c for c in chars if c.get("text", "").strip()]
    if not ink:
        return []
    sizes = sorted(c.get("size", 0.0) for c in ink)
    gap = COLUMN_GAP_EM * (sizes[len(sizes) // 2] or 10.0)
    out: list[Segment] = []
    for w in words(ink):
        if out and w.x0 - out[-1].x1 <= gap:
            out[-1].text += " " + w.text
            out[-1].x1 = w.x1
            out[-1].words.append(w)
        else:
            out.append(Segment(w.x0, w.x1, w.text, [w], w.size))
    return out


def _overlaps(a: Segment, x0: float, x1: float) -> float:
    return min(a.x1, x1) - max(a.x0, x0)


def _columns(lines: list[list[Segment]]) -> list[tuple[float, float]]:
    """The x-ranges of a table's columns: the union of its cells, leaving out a cell that spans the cells
    of two columns of another line (a heading over several columns, a name running into the next column)."""
    cells = []
    for k, line in enumerate(lines):
        for s in line:
            spanning = any(sum(1 for t in other if _overlaps(s, t.x0, t.x1) > 0) >= 2
                           for j, other in enumerate(lines) if j != k)
            if not spanning:
                cells.append((s.x0, s.x1))
    columns: list[list[float]] = []
    for x0, x1 in sorted(cells):
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _split(s: Segment, columns: list[tuple[float, float]]) -> list[Segment]:
    """A cell that runs into the next column ("STT Chỉ tiêu", "10 Số giường bệnh …", two figures close
    together), cut between its words when each word stands within one column; a heading centred over
    several columns, a word of which stands in a gutter or across it, stays whole."""
    wide: list[list[Segment]] = []  # the runs of words set apart by more than a space
    for w in s.words:
        if wide and w.x0 - wide[-1][-1].x1 < 0.6 * (w.size or 10.0):
            wide[-1].append(w)
        else:
            wide.append([w])
    if len(wide) > 1:
        runs = [Segment(p[0].x0, p[-1].x1, " ".join(w.text for w in p), p, p[0].size) for p in wide]
        homes = [[c for c, (x0, x1) in enumerate(columns) if _overlaps(r, x0, x1) > 0] for r in runs]
        if all(len(h) == 1 for h in homes) and [h[0] for h in homes] == sorted({h[0] for h in homes}):
            return runs
    homes = []
    for w in s.words:
        hits = [c for c, (x0, x1) in enumerate(columns) if _overlaps(w, x0, x1) > 0]
        if len(hits) != 1:
            return [s]
        homes.append(hits[0])
    if len(set(homes)) < 2 or homes != sorted(homes):
        return [s]
    pieces: list[list[Segment]] = []
    for w, home in zip(s.words, homes, strict=True):
        if pieces and homes[s.words.index(pieces[-1][0])] == home:
            pieces[-1].append(w)
        else:
            pieces.append([w])
    return [Segment(p[0].x0, p[-1].x1, " ".join(w.text for w in p), p) for p in pieces]


def _cells(line: list[Segment], columns: list[tuple[float, float]]) -> list[Segment]:
    return [piece for s in line for piece in _split(s, columns)]


def _place(s: Segment, columns: list[tuple[float, float]]) -> tuple[int, bool]:
    """The column a cell goes in (the first it covers; the nearest when it stands in a gutter) and
    whether it lies within that one column."""
    hits = [c for c, (x0, x1) in enumerate(columns) if _overlaps(s, x0, x1) > 0]
    if hits:
        return hits[0], len(hits) == 1
    centre = (s.x0 + s.x1) / 2
    return min(range(len(columns)), key=lambda c: min(abs(centre - columns[c][0]), abs(centre - columns[c][1]))), True


def _fits(line: list[Segment], columns: list[tuple[float, float]]) -> bool:
    return bool(line) and all(_place(s, columns)[1] for s in _cells(line, columns))


def _row(line: list[Segment], columns: list[tuple[float, float]]) -> str:
    cells = [""] * len(columns)
    for s in _cells(line, columns):
        c, _ = _place(s, columns)
        cells[c] = f"{cells[c]} {s.text}".strip()
    return "\t".join(cells)


def _top(chars: list[dict]) -> float:
    return min((c["top"] for c in chars), default=0.0)


def _height(chars: list[dict]) -> float:
    return max((c["bottom"] - c["top"] for c in chars), default=0.0)


def table_rows(lines: list[list[dict]]) -> dict[int, str]:
    """For a page's text lines (each a list of pdfplumber characters, top to bottom), the tab-separated
    row of every line that belongs to an unruled table, by line index. A table is a run of at least two
    lines of MIN_COLUMNS cells or more; the lines between them, and the lines right under the last one,
    belong to it when each of their cells stands within one column (a wrapped cell, a group caption "I
    CÁC CHỈ TIÊU …"); a line under the table also needs its first column empty (it continues a row)."""
    segs = [segments(chars) for chars in lines]
    wide = [i for i, s in enumerate(segs) if len(s) >= MIN_COLUMNS]
    out: dict[int, str] = {}
    k = 0
    while k < len(wide):
        # a run of wide lines with at most three other lines between two of them
        run = [wide[k]]
        while k + 1 < len(wide) and wide[k + 1] - run[-1] <= 4:
            k += 1
            run.append(wide[k])
        k += 1
        if len(run) < 2:
            continue
        columns = _columns([segs[i] for i in run])
        if len(columns) < MIN_COLUMNS:
            continue
        blocks: list[list[int]] = [[]]
        for i in range(run[0], run[-1] + 1):  # a line that fits no column ends a block
            if i in run and len(_cells(segs[i], columns)) >= MIN_COLUMNS or _fits(segs[i], columns):
                blocks[-1].append(i)
            elif blocks[-1]:
                blocks.append([])
        for members in blocks:
            if sum(1 for i in members if i in run) < 2:
                continue
            below = members[-1] + 1
            first = columns[0]
            while below < len(segs) and _fits(segs[below], columns) and len(segs[below]) < MIN_COLUMNS \
                    and not any(_overlaps(s, *first) > 0 for s in _cells(segs[below], columns)) \
                    and _top(lines[below]) - _top(lines[below - 1]) <= 2 * _height(lines[below - 1]):
                members.append(below)
                below += 1
            for i in members:
                out[i] = _row(segs[i], columns)
    return out
