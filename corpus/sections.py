"""Build the section tree of a document from its heading markers (I., 1., 1.1., a), Điều 1.)."""

from __future__ import annotations

import re

from corpus.records import Section

_HEADING = re.compile(
    r"^(?:(?P<roman>[IVXLC]{1,6})[.)]\s+(?P<rt>\S.*)"
    r"|Điều\s+(?P<dieu>\d+)\s*[.:]\s*(?P<dt>.*)"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[.)]\s+(?P<nt>\S.*)"
    r"|(?P<num2>\d{1,2}(?:\.\d{1,2}){1,3})\s+(?P<n2t>[^\W\d_].*)"
    r"|(?P<letter>[a-zđ])\)\s+(?P<lt>\S.*)"
    r"|(?P<annex>PHỤ LỤC|Phụ lục)(?P<at>(?:\s+\S.*)?))$"
)
TITLE_MAX = 160


def heading(line: str) -> tuple[str, int, str] | None:
    """(marker, level, title) if the line opens a section, else None."""
    if "\t" in line:
        return None
    m = _HEADING.match(line.strip())
    if not m:
        return None
    if m.group("roman"):
        return m.group("roman"), 1, m.group("rt")
    if m.group("annex"):
        return "Phụ lục", 1, (m.group("at") or "").strip() or "Phụ lục"
    if m.group("dieu"):
        return f"Điều {m.group('dieu')}", 1, m.group("dt") or f"Điều {m.group('dieu')}"
    num = m.group("num") or m.group("num2")
    if m.group("num2") and not m.group("n2t")[0].isupper():
        return None  # "2.5 triệu" is a number in a sentence, not a heading
    if num:
        title = m.group("nt") or m.group("n2t")
        return num, num.count(".") + 2, title
    return m.group("letter") + ")", 6, m.group("lt")


def short_title(text: str) -> str:
    """Heading text cut at its first sentence end (headings of tasks run into their body)."""
    text = text.strip()
    if len(text) <= TITLE_MAX:
        return text.rstrip(".:")
    cut = re.search(r"[.;:](\s|$)", text[40:TITLE_MAX])
    if cut:
        return text[: 40 + cut.start()]
    return text[:TITLE_MAX].rsplit(" ", 1)[0] + "…"


def build_sections(lines: list[str], skip: set[int] | None = None) -> list[Section]:
    """Sections in document order; line numbers are 1-based; skip = 0-based table lines."""
    skip = skip or set()
    found: list[Section] = []
    stack: list[Section] = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        h = heading(line)
        if not h:
            continue
        marker, level, title = h
        while stack and stack[-1].level >= level:
            stack.pop()
        title = short_title(title)
        label = f"{marker} {title}" if marker.endswith(")") else f"{marker}. {title}"
        path = [*(stack[-1].path if stack else []), label]
        ident = "/".join([*(stack[-1].id.split("/") if stack else []), marker])
        sec = Section(id=ident, marker=marker, title=title, level=level, path=path, start=i + 1, end=len(lines))
        found.append(sec)
        stack.append(sec)
    # a section ends where the next section of the same or a higher level begins
    for idx, sec in enumerate(found):
        for nxt in found[idx + 1 :]:
            if nxt.level <= sec.level:
                sec.end = nxt.start - 1
                break
    return found


def section_at(sections: list[Section], line_no: int) -> Section | None:
    """The innermost section containing a 1-based line number."""
    best = None
    for sec in sections:
        if sec.start <= line_no <= sec.end and (best is None or sec.level >= best.level):
            best = sec
    return best
