"""Markdown (a page copied from a web portal, a note typed by hand) read as the plain lines the other readers give.

The marks of Markdown are layout, not text: "## I. MỤC TIÊU" is the heading "I. MỤC TIÊU", "**1. Sở Tài chính**"
the paragraph "1. Sở Tài chính", "[Trang chủ](/)" the word "Trang chủ", a "|"-table a tab-separated table. Lines keep
their order and, but for a table's delimiter row, their number.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_STAR_BULLET = re.compile(r"^(\s*)[*+]\s+")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?(?:b|strong|i|em|u|span|p|div|sup|sub)\b[^>]*>", re.IGNORECASE)
# inline marks around a text, each with the group that is the text, in the order they are taken off
_WRAPPERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), 1),  # an image: its alt text
    (re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)"), 1),  # a link: its words
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), 1),  # a reference link: its words
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), 1),  # an autolink: the address
    (re.compile(r"`([^`]*)`"), 1),  # code
)
# emphasis: "**x**", "__x__", "~~x~~", "*x*", "_x_" (an underscore inside a word, "file_name", is a character)
_EMPHASIS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), 2),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), 1),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), 1),
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), 1),
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _unwrap(text: str, marks: tuple[tuple[re.Pattern[str], int], ...]) -> str:
    """`text` with each of `marks` (in order) replaced by the group it wraps."""
    for pattern, group in marks:
        text = pattern.sub(lambda m, g=group: m.group(g), text)
    return text


def _inline(text: str) -> str:
    """A line's text without Markdown's inline marks."""
    escaped: list[str] = []  # "\*" is a star of the text, never a mark: kept aside until the marks are gone

    def keep(m: re.Match) -> str:
        escaped.append(m.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPE.sub(keep, text)
    text = _BREAK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    text = _unwrap(text, _WRAPPERS)
    for _ in range(2):  # "***x***" is strong inside emphasis
        text = _unwrap(text, _EMPHASIS)
    text = re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], text)
    return text.rstrip()


def _cells(row: str) -> list[str]:
    """The cells of a '|'-table row ('\\|' is a bar inside a cell)."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [_inline(c.strip()).replace("\n", " ") for c in re.split(r"(?<!\\)\|", row)]


def markdown_lines(lines: list[str]) -> list[str]:
    """Plain lines of a Markdown text: headings, emphasis, links, rules and escapes unmarked; a '|'-table
    (a header row over a delimiter row '|---|---|') as tab-separated rows."""
    out: list[str] = []
    i = 0
    in_fence = False
    while i < len(lines):
        line = lines[i]
        if re.match(r"^\s{0,3}(```|~~~)", line):
            in_fence = not in_fence
            out.append("")
            i += 1
            continue
        if in_fence:
            out.append(line)
            i += 1
            continue
        if "|" in line and i + 1 < len(lines) and _TABLE_DELIMITER.match(lines[i + 1]) and "-" in lines[i + 1]:
            out.append("\t".join(_cells(line)))
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                out.append("\t".join(_cells(lines[i])))
                i += 1
            continue
        if _RULE.match(line):
            out.append("")  # a rule, or the underline of a heading written on the line above
            i += 1
            continue
        while _QUOTE.match(line):
            line = _QUOTE.sub("", line, count=1)
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _STAR_BULLET.sub(lambda m: f"{m.group(1)}- ", line)
        out.extend(_inline(line).split("\n"))
        i += 1
    return out
