"""Turn extracted lines into clean lines: residue, boilerplate, repeats, PDF line wraps."""

from __future__ import annotations

import re
import statistics

from corpus.textnorm import fold, normalize_text

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# navigation and account widgets of the web sites that publish legal documents
_WEB_BOILERPLATE = re.compile(
    r"^(đăng nhập|đăng xuất|đăng ký|quên mật khẩu|trang chủ|liên hệ|việc làm.*|tin tức|"
    r"tải về|in văn bản|chia sẻ|bản quyền.*|copyright.*|©.*|lên đầu trang|xem thêm.*|"
    r"văn bản liên quan|văn bản gốc|tiếng anh|mục lục)$",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"^(?:[IVXLC]+[.)]\s|\d+(?:\.\d+)*[.)]\s|\d+\.\d+(?:\.\d+)*\s|[a-zđ]\)\s|\(\d+\)\s|[-–+•*]\s+\S|"
    r"Điều\s+\d+|PHỤ LỤC|Phụ lục|Nơi nhận|"
    r"[A-ZĐ]\w*(?:\s+\w+){0,4}\s*:\s)"  # a field label such as "Thời gian thực hiện: "
)
_SEPARATOR = re.compile(r"^[-–—_=*.·\s]{3,}$")  # a rule line under a title
# words that never end a sentence: a line ending in one runs on ("… trong quý" / "IV/2028.")
_OPEN_END = re.compile(r"\s(?:quý|tháng|ngày|năm|số|và|của|với|các|những|trong|tại|về|cho|đến|từ|theo)$")
_TERMINAL = (".", ":", ";", "!", "?", "./.")
_TABLE_HEADER = re.compile(r"^S?TT\b.*\b(chỉ tiêu|nội dung|nhiệm vụ)", re.IGNORECASE)


def normalize_lines(raw_lines: list[str]) -> list[str]:
    """Per-line cleanup: Unicode, LaTeX, bookmark residue, web-table pipes, trailing blanks."""
    out = []
    for line in raw_lines:
        line = normalize_text(line.replace("\r", ""))
        line = _BOOKMARK.sub("", line)
        if "|" in line and "\t" not in line:
            stripped = line.strip()
            if stripped.startswith("|") or stripped.endswith("|"):
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                line = "\t".join(c for c in cells) if len(cells) > 1 else cells[0]
        out.append(line.rstrip(" \r\f\v") if line.strip() else ("\t" if "\t" in line else ""))
    return out


def drop_boilerplate(lines: list[str]) -> list[str]:
    """Remove web navigation lines (account links, menus) that scrapers keep."""
    return [ln for ln in lines if not _WEB_BOILERPLATE.match(ln.strip())]


def drop_repeated_blocks(lines: list[str], min_lines: int = 4, min_chars: int = 200) -> list[str]:
    """Remove a block of consecutive lines that repeats an earlier block verbatim."""
    keys = [ln.strip() for ln in lines]
    first_seen: dict[str, int] = {}
    drop: set[int] = set()
    i = 0
    while i < len(keys):
        k = keys[i]
        j = first_seen.get(k) if k else None
        if j is not None and j < i:
            n = 0
            while i + n < len(keys) and j + n < i and keys[i + n] == keys[j + n]:
                n += 1
            block = [keys[i + t] for t in range(n) if keys[i + t]]
            if len(block) >= min_lines and sum(map(len, block)) >= min_chars:
                drop.update(range(i, i + n))
                i += n
                continue
        if k and k not in first_seen:
            first_seen[k] = i
        i += 1
    return [ln for idx, ln in enumerate(lines) if idx not in drop]


def join_cell_per_line_rows(lines: list[str]) -> list[str]:
    """DOCX text extraction writes one table cell per line, each starting with a tab: rejoin rows."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append("\t".join(cell[1:].strip() for cell in run))
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        if line.startswith("\t") and "\t" not in line[1:]:
            run.append(line)
        else:
            flush()
            out.append(line)
    flush()
    return out


def drop_page_numbers(lines: list[str]) -> list[str]:
    """Drop a lone page number at the start or end of the text."""
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    drop = set()
    for i in idx[:1] + idx[-1:]:
        if re.fullmatch(r"\s*\d{1,3}\s*", lines[i]):
            drop.add(i)
    return [ln for i, ln in enumerate(lines) if i not in drop]


# a page's footer as printed by PDF writers and kept by a copy-paste: "Trang 2/6", "Trang 3", "Page 4 of 9"
_PAGE_FOOTER = re.compile(r"^(?:Trang|Page)\s+\d{1,3}(?:\s*(?:/|trên|of)\s*\d{1,3})?$", re.IGNORECASE)
# the same footer glued to the end of a sentence line by the copy ("… vào học giáo dục nghề Trang 2/6")
_TRAILING_FOOTER = re.compile(r"\s+Trang\s+\d{1,3}\s*/\s*\d{1,3}$")


def drop_page_furniture(lines: list[str]) -> list[str]:
    """Text copied from a paged document keeps each page's footer ("Trang 2/6") and running header (the same
    line repeated at the top of every page: "KẾ HOẠCH SỐ 540/KH-UBND NGÀY … - UBND TỈNH …"), often in the middle
    of a sentence. Both are dropped, so the sentence around them joins up: a footer line, a footer at the end of
    a line, and a line repeated at least twice right after a footer (blank lines between)."""
    footers = [i for i, ln in enumerate(lines) if _PAGE_FOOTER.match(ln.strip())
               or _TRAILING_FOOTER.search(ln.rstrip()) and "\t" not in ln]
    if not footers:
        return lines
    after: dict[str, list[int]] = {}
    for i in footers:
        k = i + 1
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k < len(lines) and "\t" not in lines[k] and len(lines[k].strip()) >= 15:
            after.setdefault(lines[k].strip(), []).append(k)
    drop = {i for i in footers if _PAGE_FOOTER.match(lines[i].strip())}
    drop.update(k for repeated in after.values() if len(repeated) >= 2 for k in repeated)
    out = []
    for i, ln in enumerate(lines):
        if i in drop:
            continue
        out.append(_TRAILING_FOOTER.sub("", ln.rstrip()) if i in footers else ln)
    return out


def blank_page_numbers(lines: list[str], page_starts: list[int]) -> list[str]:
    """A copy of a paged text (PDF) with a lone number that opens or closes a page blanked: the page
    number printed in the header or footer. Blanked, not dropped, so the page starts stay valid."""
    if not page_starts:
        return lines
    out = list(lines)
    bounds = [*page_starts, len(lines)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        filled = [i for i in range(start, end) if lines[i].strip()]
        for i in filled[:1] + filled[-1:]:
            if re.fullmatch(r"\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*", lines[i]):
                out[i] = ""
    return out


def looks_hard_wrapped(lines: list[str]) -> bool:
    """True if prose lines are wrapped at a fixed width, as text extracted from a PDF is."""
    prose = [ln.strip() for ln in lines if ln.strip() and "\t" not in ln]
    if len(prose) < 10:
        return False
    continued = sum(
        1 for a, b in zip(prose, prose[1:], strict=False)
        if not a.endswith(_TERMINAL) and b[:1].islower()
    )
    # a paragraph-per-line text almost never has a line running on in lower case; a few such
    # run-ons in a short document are enough to tell a wrapped text
    return continued >= 3 and continued / len(prose) > 0.05


def _space_table_regions(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges of space-separated (PDF) tables: from a 'TT … chỉ tiêu' header to the end."""
    regions = []
    for i, ln in enumerate(lines):
        if "\t" not in ln and _TABLE_HEADER.match(ln.strip()):
            if regions and regions[-1][1] == len(lines):
                continue  # header repeated after a page break: same table
            regions.append((i, len(lines)))
    return regions


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """Rejoin PDF paragraphs: hard wraps, blank lines inside paragraphs, hyphenated words."""
    widths = [len(ln.strip()) for ln in lines if len(ln.strip()) > 20]
    wrap = statistics.quantiles(widths, n=4)[2] if len(widths) >= 4 else 80
    regions = _space_table_regions(lines)
    in_table = {i for s, e in regions for i in range(s, e)}
    out: list[str] = []
    last_phys = ""  # the last physical line appended to out[-1]
    blank = False
    indented = _indent_paragraphs(lines)
    para_indented = False  # the paragraph being built started with an indented line
    for i, raw in enumerate(lines):
        line = raw.strip()
        if "\t" in raw and line:
            # a row of a ruled table that the reader already split into cells: it is not
            # prose, so it is never glued to its neighbours and keeps its empty cells
            if blank and out:
                out.append("")
            out.append(raw.strip(" \r\f\v"))
            last_phys, blank = "", False
            continue
        if i in in_table:
            out.append(line)
            last_phys, blank = line, False
            continue
        if not line:
            blank = True
            continue
        if _bare_page_number(lines, i):
            continue  # a page number between blank lines, even inside a paragraph: not text
        prev = out[-1] if out else ""
        new_paragraph = indented and raw.startswith(("  ", "\u3000")) and not last_phys.endswith("-")
        # with indented paragraphs, a line at the margin under an indented paragraph goes on with it, even
        # after a full stop ("… tháng 9/2027." / "Định kỳ 6 tháng báo cáo …"), unless it is a heading
        runs_on = (indented and para_indented and not new_paragraph and not blank and not _MARKER.match(line)
                   and not (line.isupper() and sum(ch.isalpha() for ch in line) > 3))
        if prev and (i - 1) not in in_table and not new_paragraph and (runs_on or _continues(last_phys, line, wrap)):
            out[-1] = _glue(prev, line)
        else:
            if blank and out:
                out.append("")
            out.append(line)
            para_indented = new_paragraph
        last_phys, blank = line, False
    return out


def _bare_page_number(lines: list[str], i: int) -> bool:
    """A line holding only a page number (1-999) with a blank line (or the text's edge) on each side:
    text pasted from a PDF keeps the page numbers, often in the middle of a paragraph."""
    if not re.fullmatch(r"\s*\d{1,3}\s*", lines[i]):
        return False
    before = i == 0 or not lines[i - 1].strip()
    after = i + 1 >= len(lines) or not lines[i + 1].strip()
    return before and after


def _indent_paragraphs(lines: list[str]) -> bool:
    """True when paragraphs start with an indent and their wrapped lines start at the margin (text
    pasted from a PDF keeps the first-line indent): then an indented line always starts a paragraph."""
    prose = [ln for ln in lines if ln.strip() and "\t" not in ln]
    indented = [ln for ln in prose if re.match(r"^ {2,8}\S", ln)]
    flush = [ln for ln in prose if not ln[:1].isspace()]
    deep = [ln for ln in prose if re.match(r"^ {9,}", ln)]  # centred titles, spaced columns
    return len(indented) >= 5 and len(flush) >= 5 and len(deep) <= len(indented)


def _continues(prev_phys: str, line: str, wrap: float) -> bool:
    if not prev_phys or _SEPARATOR.match(line) or _SEPARATOR.match(prev_phys):
        return False
    starts_lower = line[:1].islower() or line.startswith(("- ", "– ")) and line[2:3].islower()
    if prev_phys.endswith("-") and not prev_phys.endswith(" -"):
        return True
    if line.isupper() and sum(ch.isalpha() for ch in line) > 3 and not prev_phys.isupper():
        return False  # a capitals line (a heading, the enacting body) under sentence-case text
    if re.match(r"^\d+(?:[.,]\d+)*%?\s+[^\W\d_]", line) and re.match(r"^\S+\s+[a-zđà-ỹ]", line) \
            and not prev_phys.endswith(_TERMINAL):
        return True  # "… đạt trên" / "247.078 tỷ đồng": a number carried over, not a "1.1 Heading"
    if _MARKER.match(line) and not starts_lower:
        return False
    if re.match(r"^[a-zđ]\)\s", line) and (prev_phys.endswith(_TERMINAL) or _MARKER.match(prev_phys)):
        return False  # a lettered item "a) …" after a heading or a finished clause starts its own line
    if prev_phys.endswith(_TERMINAL):
        return starts_lower and not prev_phys.endswith((".", "!", "?"))
    if starts_lower or _OPEN_END.search(prev_phys):
        return True
    return len(prev_phys) >= 0.8 * wrap


def _glue(prev: str, line: str) -> str:
    if prev.endswith("-") and not prev.endswith(" -"):
        if line[:1].islower() and prev[-2:-1].islower():
            return prev[:-1] + line  # soft hyphen inside a word
        return prev + line  # a code such as "71-" + "NQ/TW"
    return prev + " " + line


def collapse_blanks(lines: list[str]) -> list[str]:
    """At most one blank line in a row, none at the start or end."""
    out: list[str] = []
    for ln in lines:
        if not ln.strip():
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln if "\t" in ln else ln.strip())
    while out and out[-1] == "":
        out.pop()
    return out


def clean_lines(raw_lines: list[str], hard_wrapped: bool | None = None) -> list[str]:
    """The whole cleaning pipeline; hard_wrapped=None detects PDF-style wrapping."""
    lines = normalize_lines(raw_lines)
    lines = drop_boilerplate(lines)
    lines = drop_repeated_blocks(lines)
    lines = join_cell_per_line_rows(lines)
    lines = drop_page_furniture(lines)
    lines = drop_page_numbers(lines)
    if hard_wrapped is None:
        hard_wrapped = looks_hard_wrapped(lines)
    if hard_wrapped:
        lines = join_wrapped_lines(lines)
    return wrap_long_lines(collapse_blanks(lines))


def wrap_long_lines(lines: list[str], limit: int | None = None) -> list[str]:
    """Split lines longer than `limit` characters (KEHOACH_MAX_LINE_CHARS; table rows: 4×) at a sentence
    end, else a blank, else anywhere: later steps work line by line, so a whole file on one line must not
    reach them as one line. Linear in the text."""
    from corpus.settings import Settings

    limit = limit or Settings().max_line_chars
    out: list[str] = []
    for line in lines:
        width = limit * 4 if "\t" in line else limit
        start, n = 0, len(line)
        while n - start > width:
            window = line[start : start + width]
            cut = max(window.rfind(". "), window.rfind("; "))
            if cut < width // 2:
                cut = window.rfind(" ")
            if cut < width // 2:
                cut = width - 1
            out.append(line[start : start + cut + 1].rstrip())
            start += cut + 1
            while start < n and line[start] == " ":
                start += 1
        out.append(line[start:] if start else line)
    return out


def same_text(a: str, b: str) -> bool:
    """Equal after folding (diacritics, case, spacing)."""
    return fold(a) == fold(b)
