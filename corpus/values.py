"""Parse Vietnamese target values: comparators, decimal commas, thousands dots, ranges, percents."""

from __future__ import annotations

import re

from corpus.records import ParsedValue
from corpus.textnorm import fold

_NUM = r"\d+(?:[.,]\d+)*"
_SYMBOLS = {"≥": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "<=": "<=", "=<": "<=", ">": ">", "<": "<", "=": "="}
# words that carry a comparator (folded), longest first
_WORDS = [
    ("tu .* tro len", ">="),
    ("tro len", ">="),
    ("toi thieu", ">="),
    ("it nhat", ">="),
    ("khong duoi", ">="),
    ("khong thap hon", ">="),
    ("tren", ">"),
    ("hon", ">"),
    ("vuot", ">"),
    ("toi da", "<="),
    ("khong qua", "<="),
    ("khong vuot qua", "<="),
    ("duoi", "<"),
]
NO_TARGET = {"-", "–", "—", "x", ""}


def parse_number(text: str) -> float | None:
    """'0,85' → 0.85; '16.000' → 16000; '1.000' → 1000; '39,62' → 39.62; '1.0' → 1.0."""
    text = text.strip()
    if not re.fullmatch(_NUM, text):
        return None
    if "," in text:  # Vietnamese: comma is the decimal mark, dots group thousands
        return float(text.replace(".", "").replace(",", "."))
    if text.count(".") == 1:
        head, tail = text.split(".")
        # "16.000" groups thousands; "0.65" / "1.0" are decimals written the English way
        if len(tail) == 3 and head != "0":
            return float(head + tail)
        return float(text)
    if text.count(".") > 1:
        return float(text.replace(".", ""))
    return float(text)


def parse_value(raw: str) -> ParsedValue | None:
    """Parse a target cell or phrase. None when it states no target ("-")."""
    text = raw.strip()
    if text in NO_TARGET:
        return None
    folded = fold(text)
    comparator = None
    m = re.match(r"\s*(≥|>=|=>|≤|<=|=<|>|<|=)\s*", text)
    if m:
        comparator = _SYMBOLS[m.group(1)]
    else:
        for pattern, comp in _WORDS:
            if re.search(rf"(?<![a-z]){pattern}(?![a-z])", folded):
                comparator = comp
                break
    rng = re.search(rf"({_NUM})\s*%?\s*(?:-|–|đến|den|tới|toi)\s*({_NUM})", text)
    if rng:
        low, high = parse_number(rng.group(1)), parse_number(rng.group(2))
        if low is not None and high is not None and low < high:
            pct = "%" in text[rng.start() : rng.end() + 2]
            return ParsedValue(comparator, low, high, pct, True, False)
    num = re.search(_NUM, text)
    if not num:
        return ParsedValue(comparator, None, None, False, False, True)
    value = parse_number(num.group(0))
    pct = text[num.end() : num.end() + 2].lstrip().startswith("%")
    return ParsedValue(comparator, value, value, pct, False, False)


def format_number(value: float) -> str:
    """Vietnamese display: 0.85 → '0,85', 16000 → '16.000'."""
    if value == int(value):
        return f"{int(value):,}".replace(",", ".")
    return f"{value}".replace(".", ",")
