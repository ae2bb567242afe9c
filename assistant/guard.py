"""Faithfulness guard for LLM text: every number and agency name must come from the cited sources.

Pure functions. `check(text, sources, question)` takes the generated text, the source text of
each citation number (title, locator, quote, facts — whatever the model was shown for [n]) and
the question; it returns (ok, problems) with the problems written in Vietnamese.

Rules, stated for Vietnamese administrative text in general:
- Numbers are written "0,85" (decimal comma), "16.000" (thousands dot), "≥ 85%", "80-90",
  "12/2025". Each number the model writes must occur as a number (not as part of a longer
  one) in the sources it cites in that sentence, or in any source if the sentence cites none.
  A comparator written next to it (≥ > ≤ <, or "trên", "ít nhất", "tối đa", …) must occur
  with that number in the source too, so "≥ 0,85" is not accepted for a source saying "> 0,85".
  Ignored: citation markers [n], years that the question itself names, list ordinals "1." at
  the start of a line.
- Agency names are phrases starting with Sở, Phòng, Ban, Ủy ban/UBND, Đảng ủy, Văn phòng,
  Hội đồng/HĐND, Bộ, Tỉnh ủy, Thành ủy, Trường. Read word by word, the name must occur in
  those sources (diacritic- and tone-placement-insensitive, abbreviations expanded) until it
  reaches a natural end: punctuation, a verb or preposition ("chủ trì", "là", "của", …),
  "tỉnh"/a province name, or the start of another agency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from corpus.provinces import PROVINCES, find_provinces
from corpus.textnorm import fold, has_diacritics, nfc, normalize_tones

# --- citation markers ---------------------------------------------------------------------
_MARKER_RE = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\s*\]")


def citation_numbers(text: str) -> list[int]:
    """Citation numbers in [n], [1, 2], [1-3] markers, in order of appearance (ranges expanded)."""
    out: list[int] = []
    for m in _MARKER_RE.finditer(text):
        for part in re.split(r"\s*[,;]\s*", m.group(1)):
            bounds = re.split(r"\s*[–-]\s*", part)
            if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
                lo, hi = int(bounds[0]), int(bounds[1])
                out.extend(range(lo, hi + 1) if 0 < hi - lo < 20 else (lo, hi))
            elif part.isdigit():
                out.append(int(part))
    return out


def strip_markers(text: str) -> str:
    """The text without citation markers."""
    return _MARKER_RE.sub(" ", text)


# --- numbers --------------------------------------------------------------------------------
_COMPARATOR_WORDS = [  # longest first; words placed right before a number
    ("không vượt quá", "≤"), ("không thấp hơn", "≥"), ("không dưới", "≥"), ("không quá", "≤"),
    ("ít nhất", "≥"), ("tối thiểu", "≥"), ("tối đa", "≤"), ("lớn hơn", ">"), ("nhỏ hơn", "<"),
    ("cao hơn", ">"), ("thấp hơn", "<"), ("trên", ">"), ("dưới", "<"), ("vượt", ">"),
]
_COMPARATOR_SYMBOLS = {"≥": "≥", ">=": "≥", "⩾": "≥", "≤": "≤", "<=": "≤", "⩽": "≤", ">": ">", "<": "<"}
_WORDS_ALT = "|".join(re.escape(w) for w, _ in _COMPARATOR_WORDS)
_NUMBER_RE = re.compile(
    r"(?:(?P<sym>≥|>=|⩾|≤|<=|⩽|>|<)\s*|(?<!\w)(?P<word>" + _WORDS_ALT + r")\s+)?"
    r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)*)(?![\w])",
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(r"(?m)^(\s*(?:[-*•+]\s*)?\(?)\d{1,2}[.)](?=\s|$)")
_LATEX_COMPARATORS = [(re.compile(r"\\geq?\b|\\ge\b"), "≥"), (re.compile(r"\\leq?\b|\\le\b"), "≤")]


@dataclass(frozen=True)
class NumberMention:
    """One number as written: its raw text, the comparator written with it (or ''), its keys."""

    raw: str
    comparator: str
    keys: frozenset[str]
    start: int


def number_keys(raw: str) -> frozenset[str]:
    """Canonical forms of a number as written; two spellings match when their keys intersect.

    Vietnamese conventions first: "16.000" is sixteen thousand, "0,85" is 0.85. A dot followed
    by one or two digits ("0.85", or a code like "1.4") is read both as a decimal and literally.
    """
    s = raw.strip()
    keys: set[str] = {s}
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        keys.add(_canon(s.replace(".", "").replace(",", ".")))
    elif re.fullmatch(r"\d+,\d+", s):
        keys.add(_canon(s.replace(",", ".")))
    elif re.fullmatch(r"\d+\.\d{1,2}", s):
        keys.add(_canon(s))
    elif re.fullmatch(r"\d+", s):
        keys.add(_canon(s))
    return frozenset(keys)


def _canon(plain: str) -> str:
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return plain
    text = format(value.normalize(), "f")
    return "n:" + text


def _prepare(text: str) -> str:
    text = nfc(text)
    for pat, sym in _LATEX_COMPARATORS:
        text = pat.sub(sym, text)
    return text.replace("$", " ")


def numbers_in(text: str, ignore_years: Iterable[int] = (), skip_ordinals: bool = True) -> list[NumberMention]:
    """Numbers written in text, without citation markers, ordinals and the given years."""
    text = strip_markers(_prepare(text))
    if skip_ordinals:
        text = _ORDINAL_RE.sub(lambda m: m.group(1) + " ", text)
    years = {str(y) for y in ignore_years}
    out = []
    for m in _NUMBER_RE.finditer(text):
        num = m.group("num")
        if num in years:
            continue
        comparator = ""
        if m.group("sym"):
            comparator = _COMPARATOR_SYMBOLS[m.group("sym")]
        elif m.group("word"):
            comparator = dict(_COMPARATOR_WORDS)[m.group("word").lower()]
        out.append(NumberMention(num, comparator, number_keys(num), m.start("num")))
    return out


def years_in(text: str) -> list[int]:
    """Four-digit years (1900–2100) written in a text (the question)."""
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d|2100)(?!\d)", text or "")]


def _number_problem(mention: NumberMention, source_numbers: list[NumberMention]) -> str | None:
    same = [s for s in source_numbers if s.keys & mention.keys]
    if not same:
        return f"số liệu «{mention.comparator + ' ' if mention.comparator else ''}{mention.raw}» không có trong nguồn"
    if mention.comparator and not any(s.comparator == mention.comparator for s in same):
        written = sorted({f"{s.comparator} {s.raw}".strip() for s in same})
        return (f"số liệu «{mention.comparator} {mention.raw}» khác nguồn "
                f"(nguồn ghi: {', '.join('«' + w + '»' for w in written)})")
    return None


# --- agencies ---------------------------------------------------------------------------------
_AGENCY_KEYWORDS = ["Ủy ban", "Uỷ ban", "UBND", "Đảng ủy", "Đảng uỷ", "Văn phòng", "Hội đồng", "HĐND",
                    "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Sở", "Phòng", "Ban", "Bộ", "Trường"]
_AGENCY_RE = re.compile(r"(?<![\w])(" + "|".join(re.escape(k) for k in _AGENCY_KEYWORDS) + r")(?![\w])")
# capitalised words that start a sentence but are not agencies
_NOT_AGENCY = {"ban hanh", "truong hop", "phong chong", "phong ngua", "bo chi so", "bo tieu chi", "bo cong cu"}
_PHRASE_END_RE = re.compile(r"[,.;:!?()\[\]«»\"“”\n|]| [–-] ")
_ABBREVIATIONS = [  # agency abbreviations in general use, expanded before matching
    (re.compile(r"(?<![\w&])S(?:ở\s*)?GD(?:&|\s*và\s*)?ĐT(?![\w&])"), "Sở Giáo dục và Đào tạo"),
    (re.compile(r"(?<![\w&])GD\s*&?\s*ĐT(?![\w&])"), "Giáo dục và Đào tạo"),
    (re.compile(r"(?<![\w&])UBND(?![\w&])"), "Ủy ban nhân dân"),
    (re.compile(r"(?<![\w&])HĐND(?![\w&])"), "Hội đồng nhân dân"),
    (re.compile(r"(?<![\w&])MTTQ(?![\w&])"), "Mặt trận Tổ quốc"),
    (re.compile(r"(?<![\w&])TP\.?(?=\s)"), "thành phố"),
]
# lower-case words that follow a complete agency name: verbs, prepositions, connectives
# (compared with diacritics and case: "Sở Tài chính", "Ban Chỉ đạo" are names, "chỉ đạo" is a verb)
_BOUNDARY_WORDS = set(
    "là có được đã sẽ đang cần phải chịu với cùng trong tại về để cho đến từ nhằm làm giao của tỉnh thành "
    "tp và các những mọi đều tiếp nay đó này theo chủ phối thực đánh tham hướng quản bảo lãnh kiểm triển "
    "phụ ban hoàn tổng thông đồng chỉ tổ xây năm đạt giữ vào như hoặc nếu khi ra sau trước phát nâng thì "
    "mà gồm bao cũng vẫn chưa không trên dưới đề".split()
)
_PROVINCE_FOLDS = sorted({fold(n) for cur, olds in PROVINCES.items() for n in [cur, *olds]}, key=len, reverse=True)
_KEYWORD_FOLDS = sorted({fold(k) for k in _AGENCY_KEYWORDS} | {"uy ban", "ubnd", "hdnd"}, key=len, reverse=True)


def expand_abbreviations(text: str) -> str:
    """Agency abbreviations (UBND, HĐND, Sở GDĐT, …) written out."""
    text = nfc(text)
    for pat, long in _ABBREVIATIONS:
        text = pat.sub(long, text)
    return text


def _word_lists(text: str) -> tuple[list[str], list[str]]:
    """Words as written (tones normalised, abbreviations expanded) and their folded forms."""
    written = re.sub(r"[^\w]+", " ", normalize_tones(expand_abbreviations(text))).split()
    return written, [fold(w) for w in written]


def _words(text: str) -> list[str]:
    return _word_lists(text)[1]


def _match_keys(text: str) -> tuple[str, str]:
    """' words ' of a source: lower-cased with diacritics, and folded (for names typed without them)."""
    written, folded = _word_lists(text)
    return f" {' '.join(w.lower() for w in written)} ", f" {' '.join(folded)} "


def agencies_in(text: str) -> list[str]:
    """Agency phrases in text: from an agency keyword to the next punctuation (at most 14 words)."""
    text = normalize_tones(expand_abbreviations(strip_markers(nfc(text))))
    places = [(p.start, p.start + len(p.surface)) for p in find_provinces(text)]  # "Hải Phòng" is no "Phòng"
    out = []
    for m in _AGENCY_RE.finditer(text):
        if any(s <= m.start() < e for s, e in places):
            continue
        rest = text[m.start():]
        end = _PHRASE_END_RE.search(rest)
        phrase = rest[: end.start()] if end else rest
        words = phrase.split()[:14]
        if not words or " ".join(_words(" ".join(words[:3]))).startswith(tuple(_NOT_AGENCY)):
            continue
        out.append(" ".join(words))
    return out


def _keyword_len(words: list[str]) -> int:
    joined = " ".join(words[:2])
    for k in _KEYWORD_FOLDS:
        if joined == k or joined.startswith(k + " "):
            return len(k.split())
    return 1


def _is_boundary(written: list[str], folded: list[str]) -> bool:
    """Does an agency name end before these words?"""
    if not written:
        return True
    first = written[0]
    if first[0].isdigit() or (first.islower() and first in _BOUNDARY_WORDS):
        return True
    if _AGENCY_RE.match(" ".join(written[:2])):
        return True  # the next agency starts
    joined = " ".join(folded[:4])
    return any(joined == k or joined.startswith(k + " ") for k in _PROVINCE_FOLDS)


def _agency_problem(phrase: str, source_keys: tuple[str, str]) -> str | None:
    written, folded = _word_lists(phrase)
    kw = _keyword_len(folded)
    # with diacritics when the model wrote them ("Sở Giáo dục" is not "chỉ số giáo dục"), else folded
    if has_diacritics(phrase):
        words, source_words = [w.lower() for w in written], source_keys[0]
    else:
        words, source_words = folded, source_keys[1]
    if len(words) <= kw:
        return None  # a bare "Sở", "Ban": nothing to check

    def problem(n_words: int) -> str:
        return f"cơ quan «{' '.join(written[:n_words])}» không có trong nguồn"

    if _is_boundary(written[kw:kw + 1], folded[kw:kw + 1]):  # "Tỉnh ủy chỉ đạo": the keyword is the name
        return None if f" {' '.join(words[:kw])} " in source_words else problem(kw)
    matched = 0
    for k in range(len(words), kw, -1):
        if f" {' '.join(words[:k])} " in source_words:
            matched = k
            break
    if matched and _is_boundary(written[matched:], folded[matched:]):
        return None
    shown = len(written)  # show the name up to its first verb/preposition
    for i in range(kw + 1, len(written)):
        if written[i] != "và" and _is_boundary(written[i:], folded[i:]):
            shown = i
            break
    return problem(shown)


# --- the check --------------------------------------------------------------------------------
def _sentences(text: str) -> list[str]:
    """Sentences/lines, each keeping the citation markers written right after it ("… 0,85. [1]")."""
    parts = [p for p in re.split(r"(?<=[.!?;])\s+(?=\S)|\n+", text) if p.strip()]
    out: list[str] = []
    for p in parts:
        lead = re.match(r"^(?:\s*\[[^\]]*\]\s*[.,;]?)+", p)
        if lead and out and _MARKER_RE.search(lead.group(0)):
            out[-1] += " " + lead.group(0).strip()
            p = p[lead.end():]
        if p.strip():
            out.append(p)
    return out


def _clauses(sentence: str) -> list[str]:
    """Parts of a sentence split at ", " / "; " / " và " / " còn " (a decimal comma has no space after it)."""
    parts = [p for p in re.split(r"(?<=[,;])\s+| (?=và |còn |trong khi )", sentence) if p.strip()]
    out: list[str] = []
    for p in parts:  # markers opening a part belong to the part before
        lead = re.match(r"^(?:\s*\[[^\]]*\]\s*[.,;]?)+", p)
        if lead and out:
            out[-1] += " " + lead.group(0).strip()
            p = p[lead.end():]
        if p.strip():
            out.append(p)
    return out or [sentence]


def check(text: str, sources: Mapping[int, str], question: str = "",
          provinces: Mapping[int, str | None] | None = None) -> tuple[bool, list[str]]:
    """(ok, problems): are the numbers and agencies of text all in the sources it cites?

    sources maps each citation number to the text the model was shown for it; provinces (optional)
    maps it to its document's province, so a sentence naming a province is checked only against
    that province's sources (a figure of one province is not accepted for another).
    """
    problems: list[str] = []

    def add(problem: str | None) -> None:
        if problem and problem not in problems:
            problems.append(problem)

    unknown = sorted({n for n in citation_numbers(text) if n not in sources})
    if unknown:
        add("trích dẫn không tồn tại: " + ", ".join(f"[{n}]" for n in unknown))
    ignore_years = years_in(question)
    source_numbers = {n: numbers_in(s, skip_ordinals=False) for n, s in sources.items()}
    source_keys = {n: _match_keys(s) for n, s in sources.items()}
    text = _ORDINAL_RE.sub(lambda m: m.group(1) + " ", nfc(text))
    for sentence in _sentences(text):
        sentence_cited = [n for n in dict.fromkeys(citation_numbers(sentence)) if n in sources]
        sentence_named = {p.province for p in find_provinces(strip_markers(sentence))}
        # agencies: per sentence (a name may contain "và"), against the sources the sentence cites
        cited = sentence_cited or list(sources)
        if provinces and sentence_named:
            cited = [n for n in cited if not provinces.get(n) or provinces[n] in sentence_named] or cited
        keys = (" ".join(source_keys[n][0] for n in cited), " ".join(source_keys[n][1] for n in cited))
        for phrase in agencies_in(sentence):
            add(_agency_problem(phrase, keys))
        for clause in _clauses(sentence):
            cited = [n for n in dict.fromkeys(citation_numbers(clause)) if n in sources] or sentence_cited
            cited = cited or list(sources)
            if provinces:
                named = {p.province for p in find_provinces(strip_markers(clause))} or sentence_named
                if named:
                    same = [n for n in cited if not provinces.get(n) or provinces[n] in named]
                    if not same:
                        shown = re.sub(r"\s+", " ", strip_markers(clause)).strip(" .,;")[:80]
                        add(f"câu nói về {', '.join(sorted(named))} nhưng trích dẫn nguồn của tỉnh khác: «{shown}»")
                        continue
                    cited = same
            nums = [m for n in cited for m in source_numbers[n]]
            for mention in numbers_in(clause, ignore_years, skip_ordinals=False):
                add(_number_problem(mention, nums))
    return not problems, problems


def usefulness_problems(text: str, sources: Mapping[int, str], expected_values: Iterable[str] = (),
                        expected_agencies: Iterable[str] = ()) -> list[str]:
    """Why a faithful text still does not answer: it cites no source, or names none of the expected values.

    expected_values are the values of the grounded answer ("> 0,85", "≥ 90%"); when they hold
    numbers, the text must repeat at least one of them. expected_agencies are the agencies a
    "which agency" answer named; the text must name at least one of them.
    """
    problems = []
    if not any(n in sources for n in citation_numbers(text)):
        problems.append("không ghi nguồn [n] nào")
    expected: set[str] = set()
    for value in expected_values:
        for m in numbers_in(str(value), skip_ordinals=False):
            expected |= m.keys
    if expected and not any(m.keys & expected for m in numbers_in(text, skip_ordinals=False)):
        problems.append("không nêu số liệu nào của câu trả lời trích dẫn")
    agencies = [a for a in expected_agencies if a and a.strip()]
    if agencies:
        written = _match_keys(text)
        if not any(_match_keys(a)[1].strip() and _match_keys(a)[1] in written[1] for a in agencies):
            problems.append("không nêu cơ quan nào của câu trả lời trích dẫn")
    return problems
