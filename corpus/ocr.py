"""OCR of scanned PDF pages with Tesseract's Vietnamese model ("vie"), tables kept as rows.

A page is rendered (pypdfium2, 300 dpi), binarised and straightened (a small skew, as scanners leave,
is measured on the projection profile and undone). Ruled tables are found from their rules: long runs
of dark pixels across (row rules) and down (column rules) give the grid; the rules are erased before
Tesseract reads the page once, and each word goes to the cell its centre falls in. Cells merged across
(a column rule missing in a row) give their text once and leave the columns they span empty; cells
merged down (a row rule missing in a column) repeat their text in every row they cover, as the DOCX
and PDF readers do. Text outside tables keeps Tesseract's reading order, one line per printed line.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

DPI = 300
LANG = "vie"


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese data is not installed."""


@lru_cache(maxsize=1)
def tesseract_languages() -> frozenset[str]:
    exe = shutil.which("tesseract")
    if not exe:
        return frozenset()
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    return frozenset(ln.strip() for ln in out.stdout.splitlines()[1:] if ln.strip())


def check_available() -> None:
    if not shutil.which("tesseract"):
        raise OcrUnavailable("tesseract")
    if LANG not in tesseract_languages():
        raise OcrUnavailable("tesseract-ocr-vie")


def render_page(pdf: object, index: int, dpi: int = DPI):
    """A PIL image of page `index` of a pypdfium2 document, in grey."""
    page = pdf[index]  # type: ignore[index]
    return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


# --- image preparation ---------------------------------------------------------------------------

def binarize(gray: np.ndarray) -> np.ndarray:
    """Dark pixels (ink) as True, by Otsu's threshold."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(float)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mean = m0[-1] / total
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - m0) ** 2 / (w0 * w1)
    # a threshold with no pixel on one side is no split (rounding can make it 0/0 = inf, and then every pixel
    # of a straightened page was ink)
    between[(w0 == 0) | (w1 == 0)] = 0
    threshold = int(np.nanargmax(between))
    return gray <= threshold


def skew_angle(ink: np.ndarray, limit: float = 3.0, step: float = 0.1) -> float:
    """The angle (degrees) that makes text lines horizontal: the rotation whose row profile is sharpest."""
    from PIL import Image

    small = Image.fromarray((ink[::4, ::4] * 255).astype(np.uint8))
    best, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        rotated = np.asarray(small.rotate(float(angle), resample=Image.NEAREST, fillcolor=0)) > 0
        profile = rotated.sum(axis=1).astype(float)
        score = float(np.sum(np.diff(profile) ** 2))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def straighten(gray_image):
    """The page rotated so its lines are level (skews under 0.1° are left alone)."""
    from PIL import Image

    ink = binarize(np.asarray(gray_image))
    angle = skew_angle(ink)
    if abs(angle) < 0.1:
        return gray_image
    return gray_image.rotate(angle, resample=Image.BICUBIC, fillcolor=255, expand=False)


def _runs(mask_1d: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of the True runs of a 1-D mask, end exclusive."""
    padded = np.concatenate([[False], mask_1d, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[0::2], edges[1::2], strict=False))


def _long_runs(ink: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels that belong to a run of at least `length` ink pixels along axis (1 = across)."""
    a = ink if axis == 1 else ink.T
    cs = np.cumsum(a, axis=1, dtype=np.int32)
    cs = np.concatenate([np.zeros((a.shape[0], 1), np.int32), cs], axis=1)
    full = (cs[:, length:] - cs[:, :-length]) == length  # window starting at x is all ink
    out = np.zeros_like(a)
    # a pixel is on a long run if any full window covers it
    cover = np.cumsum(np.pad(full, ((0, 0), (0, length)), constant_values=False).astype(np.int32), axis=1)
    cover = cover - np.pad(cover, ((0, 0), (length, 0)), constant_values=0)[:, : cover.shape[1]]
    out = cover[:, : a.shape[1]] > 0
    return out if axis == 1 else out.T


# --- tables --------------------------------------------------------------------------------------

@dataclass
class Grid:
    """A ruled table: its row rules (y) and column rules (x), and which rules each cell edge has."""

    ys: list[int]
    xs: list[int]
    h_rule: np.ndarray  # [len(ys), len(xs)-1]: rule under/over each column segment at each y
    v_rule: np.ndarray  # [len(ys)-1, len(xs)]: rule beside each row segment at each x

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _centres(positions: list[tuple[int, int]], gap: int = 6) -> list[int]:
    """Merge runs closer than gap pixels; the centre of each merged run."""
    merged: list[list[int]] = []
    for s, e in positions:
        if merged and s - merged[-1][1] <= gap:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return [(s + e) // 2 for s, e in merged]


def find_tables(ink: np.ndarray) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables of a page and the mask of their rules (to erase before OCR)."""
    h, w = ink.shape
    horiz = _long_runs(ink, max(40, w // 12), axis=1)
    vert = _long_runs(ink, max(30, h // 80), axis=0)
    rules = horiz | vert
    row_ys = _centres(_runs(horiz.sum(axis=1) > 0))
    grids: list[Grid] = []
    # tables: stacks of row rules joined by column rules
    groups: list[list[int]] = []
    for y in row_ys:
        if groups and _joined(vert, groups[-1][-1], y):
            groups[-1].append(y)
        else:
            groups.append([y])
    for ys in groups:
        if len(ys) < 2:
            continue
        top, bottom = ys[0], ys[-1]
        band = vert[top:bottom + 1]
        cols = band.sum(axis=0) > 0.3 * (bottom - top)
        xs = _centres(_runs(cols))
        if len(xs) < 2:
            continue
        # a row cut by the page break has no rule under it (or over it): the column rules' ends are one
        down = vert[:, xs[0] - 3:xs[0] + 4].any(axis=1) & vert[:, xs[-1] - 3:xs[-1] + 4].any(axis=1)
        end = bottom
        while end + 1 < h and down[end + 1]:
            end += 1
        if end - bottom > 20:
            ys = [*ys, end]
            horiz[end - 1:end + 2, xs[0]:xs[-1] + 1] = True
        start = top
        while start - 1 >= 0 and down[start - 1]:
            start -= 1
        if top - start > 20:
            ys = [start, *ys]
            horiz[start - 1:start + 2, xs[0]:xs[-1] + 1] = True
        h_rule = np.zeros((len(ys), len(xs) - 1), bool)
        for i, y in enumerate(ys):
            line = horiz[max(0, y - 3):y + 4].any(axis=0)
            for j in range(len(xs) - 1):
                seg = line[xs[j] + 4:xs[j + 1] - 4]
                h_rule[i, j] = seg.size > 0 and seg.mean() > 0.8
        v_rule = np.zeros((len(ys) - 1, len(xs)), bool)
        for j, x in enumerate(xs):
            col = vert[:, max(0, x - 3):x + 4].any(axis=1)
            for i in range(len(ys) - 1):
                seg = col[ys[i] + 4:ys[i + 1] - 4]
                v_rule[i, j] = seg.size > 0 and seg.mean() > 0.8
        grids.append(Grid(ys, xs, h_rule, v_rule))
    return grids, rules


def _joined(vert: np.ndarray, y0: int, y1: int) -> bool:
    """Two row rules belong to one table if column rules run between them."""
    if y1 - y0 < 8:
        return True
    band = vert[y0 + 3:y1 - 2]
    return bool((band.mean(axis=0) > 0.8).sum() >= 2)


@dataclass
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    key: tuple[int, int, int]  # tesseract's (block, paragraph, line)

    @property
    def cx(self) -> float:
        return self.left + self.width / 2

    @property
    def cy(self) -> float:
        return self.top + self.height / 2


def _cell_text(words: list[Word]) -> str:
    """Words of one cell, one line per printed line."""
    lines: list[list[Word]] = []
    for wd in sorted(words, key=lambda w: (w.cy, w.left)):
        if lines and abs(lines[-1][-1].cy - wd.cy) < 0.6 * max(wd.height, lines[-1][-1].height, 10):
            lines[-1].append(wd)
        else:
            lines.append([wd])
    return "\n".join(" ".join(w.text for w in sorted(ln, key=lambda w: w.left)) for ln in lines)


def _cell_words(crop) -> list[Word]:
    """One cell read alone (Tesseract's page layout misses a lone short word such as a row number)."""
    import pytesseract

    text = pytesseract.image_to_string(crop, lang=LANG, config="--psm 6").strip()
    return [Word(line, 0, i * 100, 1, 1, (0, 0, i)) for i, line in enumerate(text.splitlines()) if line.strip()]


def grid_rows(grid: Grid, words: list[Word], image=None) -> list[list[str]]:
    """The table's rows on its grid, merged cells as the DOCX reader gives them; cells where the
    page's OCR found no word but that hold ink are read one by one from `image`."""
    n_rows, n_cols = len(grid.ys) - 1, len(grid.xs) - 1
    owner = {}  # (row, col) -> (row, col) of the merged cell's first grid cell
    for r in range(n_rows):
        for c in range(n_cols):
            if c > 0 and not grid.v_rule[r, c]:  # no rule on the left: merged across
                owner[(r, c)] = owner[(r, c - 1)]
            elif r > 0 and not grid.h_rule[r, c]:  # no rule above: merged down
                owner[(r, c)] = owner[(r - 1, c)]
            else:
                owner[(r, c)] = (r, c)
    texts: dict[tuple[int, int], list[Word]] = {}
    for wd in words:
        r = int(np.searchsorted(grid.ys, wd.cy)) - 1
        c = int(np.searchsorted(grid.xs, wd.cx)) - 1
        if 0 <= r < n_rows and 0 <= c < n_cols:
            texts.setdefault(owner[(r, c)], []).append(wd)
    if image is not None:
        for key in set(owner.values()):
            if key in texts:
                continue
            r, c = key
            box = (grid.xs[c] + 6, grid.ys[r] + 6, grid.xs[c + 1] - 6, grid.ys[r + 1] - 6)
            crop = image.crop(box)
            if box[2] - box[0] < 8 or box[3] - box[1] < 8 or (np.asarray(crop) < 128).sum() < 30:
                continue  # an empty cell
            texts[key] = _cell_words(crop)
    rows: list[list[str]] = []
    for r in range(n_rows):
        row = []
        for c in range(n_cols):
            o = owner[(r, c)]
            merged_across = o[1] != c and owner.get((r, c - 1)) == o
            row.append("" if merged_across else _cell_text(texts.get(o, [])))
        rows.append(row)
    return _order_numbers([[repair_quarters(cell) for cell in row] for row in rows])


# letters OCR reads for a lone digit in a narrow cell ("7" → "i", "1" → "l")
_DIGIT_LOOKALIKES = {"i", "l", "j", "í", "ì", "t"}


# a quarter's Roman numeral misread by OCR: "Quý 11/2026" (II), "Quý 111/2026" (III), "Quý _TV/2026", "Quý. IV/2026";
# a quarter has no number 11 or 111, and "TV" is no numeral
_QUARTER_MISREAD = re.compile(r"\b(Quý|quý|QUÝ)\s*[.,]?\s+[_.]?(111|11|[T1l]V)(?=\s*/\s*\d{4}|\s+năm\b)")
_QUARTERS = {"111": "III", "11": "II"}


def repair_quarters(text: str) -> str:
    """OCR's misreadings of a quarter's numeral, restored ("Quý 11/2026" → "Quý II/2026")."""
    return _QUARTER_MISREAD.sub(lambda m: f"{m.group(1)} {_QUARTERS.get(m.group(2), 'IV')}", text)


def _order_numbers(rows: list[list[str]]) -> list[list[str]]:
    """An order column (1, 2, 3 …) whose number OCR misread ('°)', '|', 'i'): the number after the row above.
    A lone mark is always one; a lone lower-case letter ('a' of a sub-row, or 'i' for '7') only when the
    next number is two on (or none follows)."""
    heads = [row[0].strip(" .") if row else "" for row in rows]
    prev: int | None = None
    for k, (row, cell) in enumerate(zip(rows, heads, strict=True)):
        if cell.isdigit():
            prev = int(cell)
            continue
        if prev is None or not cell or len(cell) > 4 or not any(x.strip() for x in row[1:]):
            prev = None if cell else prev
            continue
        nxt = next((int(h) for h in heads[k + 1:] if h.isdigit()), None)
        mark = not any(ch.isalnum() for ch in cell)
        # a short misread ("zỊ", "J bi") between numbers one apart from either side is the one they skip
        between = len(cell) <= 4 and not any(ch.isdigit() for ch in cell) and nxt == prev + 2
        if mark or between or (cell.lower() in _DIGIT_LOOKALIKES and nxt in (None, prev + 2)):
            prev += 1
            row[0] = str(prev)
        else:
            prev = None
    return rows


# --- a page --------------------------------------------------------------------------------------

def ocr_words(image, psm: int = 3, dy: int = 0, block: int = 0) -> list[Word]:
    """Tesseract's words of an image; `dy` moves them down (a band cut from a page), `block` numbers their
    blocks after the page's own."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=LANG, config=f"--psm {psm}", output_type=pytesseract.Output.DICT)
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text or float(data["conf"][i]) < 0:
            continue
        words.append(Word(text, data["left"][i], data["top"][i] + dy, data["width"][i], data["height"][i],
                          (data["block_num"][i] + block, data["par_num"][i], data["line_num"][i])))
    return words


def missed_bands(ink: np.ndarray, words: list[Word], boxes: list[tuple[int, int, int, int]],
                 min_height: int = 15, join: int = 30) -> list[tuple[int, int]]:
    """Horizontal bands of a page that hold text but no word of Tesseract's page layout (it sometimes drops a
    whole block of a noisy or skewed scan): rows with ink, no word and no table, runs closer than `join`
    pixels joined, runs lower than `min_height` (specks, a stamp's edge) left out."""
    h, w = ink.shape
    inked = ink.sum(axis=1) > max(5, w // 400)
    covered = np.zeros(h, bool)
    for wd in words:
        covered[max(0, wd.top - 6):wd.top + wd.height + 6] = True
    for _, y0, _, y1 in boxes:
        covered[max(0, y0 - 6):y1 + 6] = True
    bands: list[list[int]] = []
    for s, e in _runs(inked & ~covered):
        if bands and s - bands[-1][1] < join:
            bands[-1][1] = e
        else:
            bands.append([s, e])
    return [(s, e) for s, e in bands if e - s >= min_height]


def page_lines(gray_image, table_lines) -> list[str]:
    """The lines of one scanned page: text lines in reading order, each ruled table through
    `table_lines(grid)` (corpus.readers.table_lines) at its place."""
    from PIL import Image

    image = straighten(gray_image)
    arr = np.asarray(image)
    ink = binarize(arr)
    grids, rules = find_tables(ink)
    clean = arr.copy()
    # erase the rules: Tesseract reads cell text, not '|' strokes; with the grey fringe a straightened (rotated)
    # page gives every stroke, which would come back as '|', '_' or '-' inside the cells
    clean[_grown(rules, 2)] = 255
    page = Image.fromarray(clean)
    words = ocr_words(page)
    # a block the page layout dropped is read as one uniform block of text, at its place
    for k, (y0, y1) in enumerate(missed_bands(binarize(clean), words, [g.box for g in grids]), start=1):
        top = max(0, y0 - 10)
        band = page.crop((0, top, page.width, min(page.height, y1 + 10)))
        words += ocr_words(band, psm=6, dy=top, block=1000 * k)

    def table_of(wd: Word) -> int | None:
        for k, g in enumerate(grids):
            x0, y0, x1, y1 = g.box
            if x0 <= wd.cx <= x1 and y0 <= wd.cy <= y1:
                return k
        return None

    in_table: dict[int, list[Word]] = {}
    text_lines: list[tuple[tuple[int, int, int], list[Word]]] = []
    for wd in words:
        k = table_of(wd)
        if k is not None:
            in_table.setdefault(k, []).append(wd)
        elif text_lines and text_lines[-1][0] == wd.key:
            text_lines[-1][1].append(wd)
        else:
            text_lines.append((wd.key, [wd]))
    text_lines = _reading_order(text_lines)
    out: list[str] = []
    pending = sorted(range(len(grids)), key=lambda k: grids[k].ys[0])
    for _, line in text_lines:
        top = min(w.top for w in line)
        while pending and grids[pending[0]].ys[0] < top:
            k = pending.pop(0)
            out.extend(table_lines(grid_rows(grids[k], in_table.get(k, []), page)))
        out.append(repair_quarters(" ".join(w.text for w in line)))
    for k in pending:
        out.extend(table_lines(grid_rows(grids[k], in_table.get(k, []), page)))
    return out


def _grown(mask: np.ndarray, by: int) -> np.ndarray:
    """A mask grown by `by` pixels in each direction (a square dilation)."""
    out = mask.copy()
    for dy in range(-by, by + 1):
        for dx in range(-by, by + 1):
            if dy or dx:
                out |= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
    return out


def _reading_order(lines: list[tuple[tuple[int, int, int], list[Word]]]):
    """Tesseract's lines with its blocks put top to bottom; blocks side by side (a header's two
    columns) left before right. Lines inside a block keep their order."""
    blocks: dict[int, list] = {}
    for key, words in lines:
        blocks.setdefault(key[0], []).append((key, words))

    def extent(b: list) -> tuple[int, int, int]:
        ws = [w for _, words in b for w in words]
        return min(w.top for w in ws), max(w.top + w.height for w in ws), min(w.left for w in ws)

    order = sorted(blocks.values(), key=lambda b: extent(b)[0])
    for i in range(len(order) - 1):  # one pass of swaps for side-by-side blocks
        a, b = extent(order[i]), extent(order[i + 1])
        if b[0] < a[1] and b[2] < a[2]:
            order[i], order[i + 1] = order[i + 1], order[i]
    return [line for b in order for line in b]
