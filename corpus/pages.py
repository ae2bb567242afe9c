"""Page numbers of paged sources (PDF, scanned or not), kept through cleaning so citations can say
"trang N".

A reader starts every page with a PAGE_BREAK line ("\\f", as pdftotext separates pages). parse_lines
takes these lines out before cleaning (`split_pages`) and, after cleaning, finds where each page's
first text landed (`page_starts`): Document.pages[k] is the 1-based clean line where page k+1 starts.
A paragraph running over a page break belongs to the page it starts on. `page_of(doc, line)` is the
page of a line (None for a source without pages).
"""

from __future__ import annotations

import bisect
import re

from corpus.textnorm import fold, normalize_text

PAGE_BREAK = "\f"
_MIN_KEY = 8  # shorter first lines (a page number, "I") are not searched for


def split_pages(raw_lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines without page breaks, and the index in them where each page starts."""
    lines: list[str] = []
    starts: list[int] = []
    for line in raw_lines:
        if line == PAGE_BREAK:
            starts.append(len(lines))
        else:
            lines.append(line)
    return lines, starts


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", fold(normalize_text(text))).strip()


def page_starts(raw_lines: list[str], starts: list[int], clean: list[str]) -> list[int]:
    """1-based first clean line of each page (non-decreasing), [] when the source has no pages."""
    if not starts:
        return []
    keys = [_key(ln.replace("\t", " ")) for ln in clean]
    out: list[int] = []
    pos = 0  # clean lines before pos belong to earlier pages
    bounds = [*starts[1:], len(raw_lines)]
    for start, end in zip(starts, bounds, strict=True):
        found = None
        for raw in raw_lines[start:end]:
            key = _key(raw.replace("\t", " "))
            if len(key) < _MIN_KEY:
                continue
            probe = key[:40]
            for i in range(pos, len(keys)):
                at = keys[i].find(probe)
                if at >= 0:
                    found = i if at == 0 else i + 1  # run-on paragraph: the page starts after it
                    break
            if found is not None:
                break
        if not out or found is None:
            found = pos  # the first page starts the text; a page whose text was all dropped is empty
        found = max(found, pos)
        out.append(min(found, max(len(clean) - 1, 0)) + 1)
        pos = found
    return out


def page_of(doc: object, line: int) -> int | None:
    """The page (1-based) a clean line (1-based) is on, or None when the document has no pages."""
    pages = getattr(doc, "pages", None) or []
    if not pages:
        return None
    return max(1, bisect.bisect_right(pages, line))
