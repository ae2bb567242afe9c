"""Deterministic scoring of one answer (``Answer.to_dict()``) against one gold item.

The rules are those of ``evals/gold/SCHEMA.md`` ("Matching rules"), made precise:

* **Normalisation** of every text compared: NFC, tone placement (``hoá`` = ``hóa``), LaTeX residue
  (``$\\geq 0,8$`` = ``≥ 0,8``), Icelandic eth (``Ð`` = ``Đ``), lower case, line-end hyphens joined,
  markdown emphasis (``**``, `` ` ``) dropped, whitespace collapsed. Diacritics are **kept** (SCHEMA:
  "an answer must spell names and agencies properly"); ``keep_diacritics=False`` folds them away too.
* **Values** that read as a quantity (an optional comparator, a number or a range, an optional ``%``
  and an optional unit such as ``tỷ đồng`` or ``/năm``) are matched by meaning: the answer must state
  a whole number token (``0,8`` never matches inside ``0,85``; ``100`` never inside ``1.000``) with the
  same number(s) — decimal comma or dot, thousands dot (``16.000`` = 16000, ``0.65`` = 0.65) — the same
  comparator class (``≥``, ``>=``, ``từ … trở lên``, ``trở lên``, ``tối thiểu``, ``ít nhất``, ``không
  dưới`` = ``>=``; ``>``, ``trên``, ``hơn``, ``vượt`` = ``>``; ``<``, ``dưới`` = ``<``; ``≤``, ``tối đa``,
  ``không quá`` = ``<=``), a ``%`` when the gold value has one, and the gold unit right after it. A gold
  value without comparator matches the number whatever the answer puts before it (``đạt 21``,
  ``≥ 21``), which is also how a bare forbidden value such as ``0,85`` catches ``> 0,85``.
  Numbers that are not values are skipped: citation markers ``[2]``, dates and codes
  (``15/12/2025``, ``43-KH/TU``, ``4.7.1``) and row or section numbers (``dòng 21``, ``mục 3``).
  Any other value (``Mặt bằng chung quốc gia``, ``281/NQ-CP``, ``11/12/2025``) is matched literally:
  after normalisation, with all spaces removed, on token boundaries; dates in one spelling
  (``ngày 11 tháng 12 năm 2025`` = ``11/12/2025``, ``tháng 10/2025`` = ``tháng 10 năm 2025``).
* **Agencies, items**: substring after normalisation with all spaces removed.
* **Deadlines**: as agencies, after rewriting both sides to one form: ``tháng 12 năm 2025`` =
  ``tháng 12/2025`` = ``12/2025``, ``Quý I/2026`` = ``Quý I năm 2026``, ``2026 - 2028`` = ``2026-2028``;
  a deadline must not start or end inside a number (``2/2025`` is not in ``12/2025``).
* **Percent**: a ``%`` right after the number, or the unit given next to it (``85 (đơn vị: %)``).
* **Citation precision**: every expected value the answer states must also be in the quote of at
  least one of its citations (bare years such as ``2040`` excepted: they name a table column).

``score(answer, gold)`` returns ``{"id", "category", "correct", "checks": {...}, "misses": [...]}``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from corpus.textnorm import normalize_text

CHECKS = ("status", "values", "agencies", "deadlines", "items", "cited", "forbidden", "citation_precision")

# --- normalisation ------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"\*\*|__|`")
_CITE_MARK = re.compile(r"\[\d+(?:\s*[,;–-]\s*\d+)*\]")


def normalise(text: str, keep_diacritics: bool = True) -> str:
    """The matching form of a text: NFC, tones, LaTeX, eth, lower case, joined hyphens, one space."""
    text = normalize_text(text or "")
    text = text.replace("\u2212", "-")  # minus sign
    text = re.sub(r"-[ \t]*\n\s*", "-", text)  # "71-\nNQ/TW" -> "71-NQ/TW"
    text = _MARKDOWN.sub("", text).lower()
    if not keep_diacritics:
        text = unicodedata.normalize("NFD", text)
        text = "".join(c for c in text if unicodedata.category(c) != "Mn").replace("đ", "d")
        text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str, keep_diacritics: bool = True) -> str:
    """normalise() with every space removed (SCHEMA: values are compared without spaces)."""
    return normalise(text, keep_diacritics).replace(" ", "")


# --- numbers and quantities ---------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)*"
_NUM_TOKEN = re.compile(rf"(?<!\d)(?<!\d[.,]){_NUM}")


def number(token: str) -> float | None:
    """A Vietnamese number token → float; None for codes ('4.7.1', '1.2.3') that are not numbers.

    '0,85' → 0.85, '16.000' → 16000, '0.65' → 0.65, '1.0' → 1.0, '1.234,5' → 1234.5."""
    if not re.fullmatch(_NUM, token):
        return None
    if "," in token:
        head, _, tail = token.rpartition(",")
        if "," in head or "." in tail:
            return None
        if "." in head and not all(len(g) == 3 for g in head.split(".")[1:]):
            return None
        return float(head.replace(".", "") + "." + tail)
    groups = token.split(".")
    if len(groups) == 1:
        return float(token)
    if len(groups) == 2:
        head, tail = groups
        if len(tail) == 3 and head != "0":  # thousands dot: "16.000"
            return float(head + tail)
        return float(token)  # decimal dot as in Phụ lục 01: "0.65", "1.0"
    if all(len(g) == 3 for g in groups[1:]):  # "1.234.567"
        return float("".join(groups))
    return None  # a code such as "4.7.1"


_SYMBOL_CMP = {"≥": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "<=": "<=", "=<": "<=", ">": ">", "<": "<"}
_WORD_CMP = [  # longest first
    ("không thấp hơn", ">="), ("không dưới", ">="), ("tối thiểu", ">="), ("ít nhất", ">="),
    ("không vượt quá", "<="), ("không quá", "<="), ("tối đa", "<="),
    ("trên", ">"), ("hơn", ">"), ("vượt", ">"), ("dưới", "<"),
]
_AFTER_CMP = [("trở lên", ">="), ("trở xuống", "<=")]
_RANGE_SEP = r"(?:-|–|—|đến|tới)"
_SYMBOL_BEFORE = re.compile(r"(≥|>=|=>|≤|<=|=<|>|<)\s*$")
_WORD_BEFORE = re.compile(r"(?:^|[^\w])(" + "|".join(re.escape(w) for w, _ in _WORD_CMP) + r")\s*(?:mức\s*)?$")
_AFTER_WORDS = re.compile(r"^\s*(?:[^\W\d_]+\s+){0,3}?(trở lên|trở xuống)(?![\w])")
# numbers that are not values: row, section and task numbers
_LOCATOR_BEFORE = re.compile(r"(?:^|[^\w])(dòng|mục|khoản|điều|trang|bảng|tiết|nhiệm vụ|phụ lục|mã|stt|row|line)"
                             r"\s*(?:số\s*)?$")
_WORD_CMP_MAP = dict(_WORD_CMP)
# the unit given right after the number, as in "85 (đơn vị: %)" or "90 (đơn vị: Tỷ lệ %)"
_UNIT_PERCENT = re.compile(r"\s*\(?\s*đơn vị\s*:\s*(?:tỷ lệ|tỉ lệ)?\s*%")
_YEAR = re.compile(r"(19|20)\d\d")


@dataclass(frozen=True)
class Quantity:
    """A stated value: comparator class, number or range, percent flag, unit text after it."""

    comparator: str | None
    low: float
    high: float
    is_range: bool
    percent: bool
    raw: str  # the first number as written ("01", "0,85")
    suffix: str = ""  # gold only: squashed unit text that must follow ("tỷđồng", "/năm")
    after: str = ""  # answer only: squashed text right after the number (and %)


def _unit_key(text: str) -> str:
    text = text.replace("mỗinăm", "/năm").replace("/1năm", "/năm").replace("hằngnăm", "/năm")
    return text.replace("hàngnăm", "/năm")


_GOLD_QUANTITY = re.compile(
    rf"^(?P<pre>≥|>=|=>|≤|<=|=<|>|<|không thấp hơn|không dưới|tối thiểu|ít nhất|không vượt quá|không quá|tối đa|"
    rf"trên|hơn|vượt|dưới|từ|đạt)?\s*"
    rf"(?P<a>{_NUM})\s*(?P<pa>%)?"
    rf"(?:\s*{_RANGE_SEP}\s*(?P<b>{_NUM})\s*(?P<pb>%)?)?"
    rf"\s*(?P<suffix>/\s*năm|[^\W\d_].*)?$"
)


def parse_gold_value(value: str) -> Quantity | None:
    """A gold value as a Quantity, or None when it is not a quantity (matched literally)."""
    text = normalise(value)
    comparator = None
    for words, comp in _AFTER_CMP:
        if text.endswith(" " + words) or text.endswith("%" + words):
            text, comparator = text[: -len(words)].strip(), comp
    m = _GOLD_QUANTITY.match(text)
    if not m:
        return None
    low = number(m["a"])
    high = number(m["b"]) if m["b"] else low
    if low is None or high is None or (m["b"] and not low < high):
        return None
    pre = m["pre"] or ""
    if pre in _SYMBOL_CMP:
        comparator = _SYMBOL_CMP[pre]
    elif pre in _WORD_CMP_MAP:
        comparator = _WORD_CMP_MAP[pre]
    suffix = _unit_key((m["suffix"] or "").replace(" ", ""))
    return Quantity(comparator, low, high, bool(m["b"]), bool(m["pa"] or m["pb"]), m["a"], suffix=suffix)


def find_quantities(text: str) -> list[Quantity]:
    """Every value stated in an (already normalised) text, with its comparator and range."""
    text = _CITE_MARK.sub(" ", text)
    out: list[Quantity] = []
    pos = 0
    while True:
        m = _NUM_TOKEN.search(text, pos)
        if not m:
            return out
        start, end = m.span()
        pos = end
        before, rest = text[max(0, start - 40) : start], text[end:]
        # dates, codes and identifiers: 15/12/2025, 43-KH/TU, NQ-CP 68, 21/53
        if re.match(r"\s*/\s*\d|[-/][^\W\d_]|[^\W\d_]", rest) or re.search(r"\d\s*/\s*$|[^\W\d_][-/]$|[^\W\d_]$", before):
            pos = _skip_token(text, end)
            continue
        low = number(m.group(0))
        if low is None or _LOCATOR_BEFORE.search(before):
            continue
        high, is_range, q_end = low, False, end
        percent = bool(re.match(r"\s*%", rest) or _UNIT_PERCENT.match(rest))
        after_first = re.match(r"\s*%?", rest).end()
        r = re.match(rf"\s*%?\s*{_RANGE_SEP}\s*({_NUM})(\s*%)?", rest)
        if r and not re.match(r"\s*(?:/\s*\d|:)", rest[r.end(1):]):
            second = number(r.group(1))
            if second is not None and second > low:
                high, is_range, q_end = second, True, end + r.end()
                percent = percent or bool(r.group(2))
                pos = q_end
        if not is_range:
            q_end = end + after_first
        comparator = None
        sym = _SYMBOL_BEFORE.search(before)
        if sym:
            comparator = _SYMBOL_CMP[sym.group(1)]
        else:
            word = _WORD_BEFORE.search(before)
            if word:
                comparator = _WORD_CMP_MAP[word.group(1)]
            else:
                aft = _AFTER_WORDS.match(text[q_end:])
                if aft:
                    comparator = dict(_AFTER_CMP)[aft.group(1)]
        after = _unit_key(text[q_end : q_end + 60].replace(" ", ""))
        out.append(Quantity(comparator, low, high, is_range, percent, m.group(0), after=after))


def _skip_token(text: str, end: int) -> int:
    """Position after a code or date that starts at a number (so its pieces are not read as values)."""
    m = re.match(r"(?:[/\-.][\w]+)*", text[end:])
    return end + (m.end() if m else 0)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def quantity_matches(gold: Quantity, stated: Quantity) -> bool:
    if gold.is_range != stated.is_range or not (_same(gold.low, stated.low) and _same(gold.high, stated.high)):
        return False
    if re.fullmatch(r"0\d+", gold.raw) and stated.raw != gold.raw:  # "01", "09": as written
        return False
    if gold.percent and not stated.percent:
        return False
    if gold.comparator and gold.comparator != stated.comparator:
        return False
    return not gold.suffix or stated.after.startswith(gold.suffix)


_DMY_WORDS = re.compile(r"(?<!\d)0?(\d{1,2})\s+(?:tháng|thang)\s+0?(\d{1,2})\s*(?:năm|nam|/)\s*(\d{4})", re.I)
_MY_WORDS = re.compile(r"(?:tháng|thang)\s+0?(\d{1,2})\s*(?:năm|nam|/)\s*(\d{4})", re.I)
_DMY = re.compile(r"(?<![\d/])0?(\d{1,2})/0?(\d{1,2})/(\d{4})")


def date_form(text: str) -> str:
    """Dates in one spelling: 'ngày 11 tháng 12 năm 2025' = '11/12/2025', '03/12/2025' = '3/12/2025',
    'tháng 10 năm 2025' = 'tháng 10/2025'."""
    text = _DMY_WORDS.sub(r"\1/\2/\3", normalize_text(text or ""))
    text = _MY_WORDS.sub(r"tháng \1/\2", text)
    return _DMY.sub(r"\1/\2/\3", text)


def literal_in(value: str, text: str, keep_diacritics: bool = True) -> bool:
    """SCHEMA rule: squashed substring on token boundaries (no digit, or ,/. + digit, around it).

    Short words ("Có", "Đạt", "XVII") must stand as whole words in the unsquashed text."""
    if re.fullmatch(r"[^\W\d_]{1,4}", normalise(value, keep_diacritics)):
        word = re.escape(normalise(value, keep_diacritics))
        return re.search(rf"(?<!\w){word}(?!\w)", normalise(text, keep_diacritics)) is not None
    needle, hay = squash(date_form(value), keep_diacritics), squash(date_form(text), keep_diacritics)
    if not needle:
        return True
    for m in re.finditer(re.escape(needle), hay):
        if needle[0].isdigit() and re.search(r"\d[.,]?$", hay[: m.start()]):
            continue
        if needle[-1].isdigit() and re.match(r"[.,]?\d", hay[m.end() :]):
            continue
        return True
    return False


def value_in(value: str, text: str, keep_diacritics: bool = True) -> bool:
    """True if the text states the gold value (see the module docstring)."""
    gold = parse_gold_value(value)
    if gold is None:
        return literal_in(value, text, keep_diacritics)
    return any(quantity_matches(gold, q) for q in find_quantities(normalise(text, keep_diacritics)))


# --- agencies, items, deadlines -----------------------------------------------------------------

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "1": "1", "2": "2", "3": "3", "4": "4"}


def deadline_form(text: str, keep_diacritics: bool = True) -> str:
    """One spelling per deadline: 'tháng 12 năm 2025' → '12/2025', 'quý i năm 2026' → 'quý1/2026'."""
    t = normalise(text, keep_diacritics)
    t = re.sub(r"[–—]", "-", t)
    month = "thang" if not keep_diacritics else "tháng"
    year = "nam" if not keep_diacritics else "năm"
    quarter = "quy" if not keep_diacritics else "quý"
    t = re.sub(rf"{month}\s*0?(\d{{1,2}})\s*(?:{year}|/|-)\s*(\d{{4}})", r"\1/\2", t)
    t = re.sub(r"(?<![\d/])0(\d)\s*/\s*(\d{4})", r"\1/\2", t)
    t = re.sub(rf"{quarter}\s*(iv|iii|ii|i|[1-4])\s*(?:{year}|/|-)?\s*(\d{{4}})",
               lambda m: f"{quarter}{_ROMAN[m.group(1)]}/{m.group(2)}", t)
    t = re.sub(rf"(\d{{4}})\s*(?:-|đến|den|tới|toi)\s*(?:{year}\s*)?(\d{{4}})", r"\1-\2", t)
    return t.replace(" ", "")


def deadline_in(deadline: str, text: str, keep_diacritics: bool = True) -> bool:
    needle, hay = deadline_form(deadline, keep_diacritics), deadline_form(text, keep_diacritics)
    for m in re.finditer(re.escape(needle), hay):
        if needle[0].isdigit() and re.search(r"\d$", hay[: m.start()]):
            continue
        if needle[-1].isdigit() and re.match(r"\d", hay[m.end() :]):
            continue
        return True
    return False


def text_in(phrase: str, text: str, keep_diacritics: bool = True) -> bool:
    return squash(phrase, keep_diacritics) in squash(text, keep_diacritics)


# --- one item -----------------------------------------------------------------------------------


def score(answer: dict[str, Any], gold: dict[str, Any], keep_diacritics: bool = True) -> dict[str, Any]:
    """Score one answer dict against one gold item; correct = every check passes."""
    text = answer.get("answer") or ""
    status = answer.get("status")
    citations = answer.get("citations") or []
    quotes = [c.get("quote") or "" for c in citations]
    kd = keep_diacritics
    misses: list[str] = []
    checks: dict[str, bool] = {}

    expected_status = gold.get("expected_status", "answered")
    checks["status"] = status == expected_status
    if not checks["status"]:
        misses.append(f"status: expected {expected_status}, got {status}")

    values = gold.get("expected_values") or []
    stated = [v for v in values if value_in(v, text, kd)]
    missing = [v for v in values if v not in stated]
    checks["values"] = not missing
    misses += [f"value missing: {v!r}" for v in missing]

    agencies = [a for a in gold.get("expected_agencies") or [] if not text_in(a, text, kd)]
    checks["agencies"] = not agencies
    misses += [f"agency missing: {a!r}" for a in agencies]

    deadlines = [d for d in gold.get("expected_deadlines") or [] if not deadline_in(d, text, kd)]
    checks["deadlines"] = not deadlines
    misses += [f"deadline missing: {d!r}" for d in deadlines]

    items = [i for i in gold.get("expected_items") or [] if not text_in(i, text, kd)]
    checks["items"] = not items
    misses += [f"item missing: {i!r}" for i in items]

    cited = {c.get("doc_id") for c in citations}
    uncited = [d for d in gold.get("must_cite") or [] if d not in cited]
    checks["cited"] = not uncited
    misses += [f"not cited: {d}" for d in uncited]

    forbidden = [f for f in gold.get("forbidden_values") or [] if value_in(f, text, kd)]
    checks["forbidden"] = not forbidden
    misses += [f"forbidden value present: {f!r}" for f in forbidden]

    # a bare year ("2040") names the table column, which a row quote cannot carry
    unquoted = [v for v in stated if not _YEAR.fullmatch(v.strip()) and not any(value_in(v, q, kd) for q in quotes)]
    checks["citation_precision"] = not unquoted
    misses += [f"value not in any citation quote: {v!r}" for v in unquoted]

    return {"id": gold.get("id"), "category": gold.get("category"), "correct": all(checks.values()),
            "checks": checks, "misses": misses}
