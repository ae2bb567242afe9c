"""Does the best candidate record answer the question? A logistic model over evidence features.

The features describe one candidate record against the analysed question: lexical coverage of the
question's content words, dense similarity of the record's chunk, its retrieval rank, the margin over
the next candidate, whether the kind of quantity asked (money, beds, share, count) matches the
record's unit, and year, province and document agreement. The coefficients and the decision
threshold are data (``calibration.json``), fitted by ``python -m evals.calibrate`` on the training
part of the dev gold set and checked on its held-out part.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.analysis import NAMING_NUMBERS, VERIFY, Analysis
from assistant.matching import tokens
from assistant.stopwords import QUESTION_WORDS
from corpus.records import Indicator, Task
from corpus.textnorm import fold
from corpus.units import COUNTED, PEOPLE
from index.abbreviations import expand
from index.lookup import period_covers
from index.thesaurus import EDUCATION_LEVELS, canonicalize

COEFFICIENTS = Path(__file__).with_name("calibration.json")

FEATURES = ("score", "known", "own", "key", "margin", "rank", "dense", "unit", "year", "province", "document", "task")

# the kind of quantity a question asks for, by its wording (folded), most specific first
_ASKED = (  # a share of money is a share: "tỷ lệ chi ngân sách" asks for a percentage; a share the question
    # states ("để đạt 100% trường …, kinh phí là bao nhiêu") is its premise, not what it asks
    ("share", r"ty le|ti le|phan tram|(?<![\d.,\s])\s*%|bao nhieu\s*%|ty trong|ti trong"),
    # only explicit currency: folded "dong" is also "đóng" (đóng góp), "vốn" also "vốn con người"
    ("money", r"\b(?:ty|ti|trieu|nghin|ngan) dong\b|bao nhieu tien|tong muc dau tu|tong von"
              r"|bao nhieu (?:von|kinh phi|ngan sach)\b"
              # the money named first, the question after it ("kinh phí dự kiến bố trí là bao nhiêu")
              # (unless a change is asked of it: "vốn đầu tư … tăng bình quân bao nhiêu" asks a rate)
              r"|\b(?:kinh phi|chi phi|von dau tu)(?: (?!tang\b|giam\b|binh quan\b|toc do\b)[a-z]+){0,12}"
              r" (?:la |het )?bao nhieu\b(?! (?:phan tram|%))"),
    ("beds", r"giuong"),
    ("count", r"so luong|\bso (?!hieu|may)[a-z]+ [a-z]+ (?:la )?bao nhieu|bao nhieu (?!phan tram|%)(?:[a-z]+ )?"
              r"(?:truong|xa|nguoi|hoc sinh|giao vien|co so|lop|phong|diem|cai|trung tam|sinh vien|can bo)\b"),
)
_RECORD = (
    ("money", r"\b(?:ty|ti|trieu|nghin|ngan) dong\b|usd"),
    ("beds", r"giuong"),
    ("share", r"%|ty le|ti le|phan tram"),
)


# a question about the unit ("đơn vị tính là gì", "tính theo % hay theo số người"): who asks it does not know the
# kind of quantity, and the kinds it names are choices offered, not the quantity asked (folded)
_UNIT_ASKED = re.compile(r"\b(?:tinh|do|ghi)\s+(?:theo|bang)\s+[^?.;]{0,40}?\bhay\b[^?.;]{0,40}"
                         r"|\bdon vi(?: tinh| do)?(?: cua [^?.;,]{0,40}?)?(?: la)? gi\b|\btheo don vi (?:gi|nao)\b")


def asked_kind(folded_question: str) -> str:
    """money | beds | share | count | '' (not said)."""
    if _UNIT_ASKED.search(folded_question):
        return ""
    return next((kind for kind, pattern in _ASKED if re.search(pattern, folded_question)), "")


def states_amount(text: str, kind: str, folded_question: str = "") -> bool:
    """True if a text states an amount of the kind asked (money, beds); any text for the other kinds."""
    pattern = dict(_RECORD).get(kind) if kind in {"money", "beds"} else None
    if kind == "money" and not _currencies(folded_question):
        # a share of a budget ("tối thiểu 20% tổng chi ngân sách") says how much money too — unless the
        # question asks the sum in a currency ("bao nhiêu tỷ đồng")
        pattern += r"|%\s*(?:\w+\s+){0,3}(?:tong chi|chi ngan sach|ngan sach|von|kinh phi|grdp)\b"
    return pattern is None or bool(re.search(rf"\d[\d.,]*\s*(?:{pattern})", fold(text)))


def record_kind(record: Indicator | Task) -> str:
    """The kind of quantity a record states, from its unit, values and name."""
    if isinstance(record, Task):
        return ""
    raws = " ".join(t.raw for t in record.targets if t.has_target)
    text = fold(f"{record.unit} {raws}")
    for kind, pattern in _RECORD:
        if re.search(pattern, text):
            return kind
    if any(t.value is not None and t.value.percent for t in record.targets) or re.search(
            r"\b(?:ty|ti) (?:le|trong)\b", fold(record.name)):
        return "share"
    if record.unit.strip() or re.search(r"\d", raws):
        return "count"  # a number of things (trường, người, xã…)
    return ""


# the thing a count question counts: "bao nhiêu (người) giáo viên", "số lượng học sinh" (folded)
_COUNTED = re.compile(r"(?:bao nhieu|so luong)\s+(?:nguoi\s+)?(?:la\s+)?([a-z]+(?:\s+[a-z]+)?)")


def _currencies(text: str) -> set[str]:
    """The currencies a text gives amounts in ("8.500 USD" → usd, "150 triệu đồng" → vnd)."""
    folded = fold(text)
    return ({"usd"} if re.search(r"\busd\b|\bdo la\b|\bdollar", folded) else set()) | (
        {"vnd"} if re.search(r"\b(?:ty|ti|trieu|nghin|ngan) dong\b|\bvnd\b", folded) else set())


def contradicts(asked: str, record: Indicator | Task, folded_question: str = "") -> bool:
    """The record states another kind of quantity than the one asked explicitly: money or beds answered by
    something else, a number of people or things answered by a share or a sum, or a count of one thing
    (giáo viên) answered by a count of another (giường)."""
    have = record_kind(record)
    if not have:
        return False
    if asked in {"money", "beds"}:
        wanted, given = _currencies(folded_question), _currencies(f"{record.unit} {' '.join(t.raw for t in record.targets)}")
        return have != asked or bool(wanted and given and not wanted & given)  # asked in đồng, given in USD only
    if asked == "share" and have == "count" and isinstance(record, Indicator):
        return True  # "tỷ lệ … bao nhiêu" answered by a number of things ("tại 09 xã") is another figure
    if asked == "count" and isinstance(record, Indicator):
        m = _COUNTED.search(folded_question)
        phrase = m.group(1) if m else ""
        # only a count of a named countable thing (corpus.units.COUNTED: people, schools, beds …) is strict
        # the whole counted phrase ("giáo viên", not "giáo" of "giáo dục"), the longest that fits
        noun = next((c for c in _COUNTED_LONGEST if re.match(rf"{re.escape(c)}\b", phrase)), "")
        if not noun:
            return False
        raws = fold(" ".join(t.raw for t in record.targets))
        noun = "|".join(map(re.escape, _SAME_PEOPLE.get(noun, (noun,))))
        if re.search(rf"\b(?:{noun})\b", raws):
            return False  # "trên 39,62% (21/53 xã)": the count is stated beside the share
        if have in {"share", "money"}:
            return True
        if phrase.startswith(_INSTITUTIONS) and _GENERAL_COUNTED.search(fold(f"{record.name} {record.unit}")):
            return False  # "bao nhiêu trường" of a row counting "cơ sở giáo dục": a school is one
        return not re.search(rf"\b(?:{noun})\b", fold(f"{record.name} {record.unit} {raws}"))
    return False


# levels that are one for this purpose: the kindergarten's two age groups are mầm non (Luật Giáo dục 2019, Điều 23)
_SAME_LEVEL = {"nha tre": "mam non", "mau giao": "mam non", "giao duc dai hoc": "dai hoc"}


def rate_for_level(folded_question: str, record: Indicator | Task) -> bool:
    """The record sets a yearly change ("tỷ lệ hộ nghèo giảm bình quân trên 3%/năm") and the question asks a level
    ("tỷ lệ hộ nghèo năm 2030 còn bao nhiêu"), without any word of change: another measure of the same thing."""
    if not isinstance(record, Indicator):
        return False
    raws = fold(" ".join(t.raw for t in record.targets) + " " + record.unit)
    name = fold(record.name)
    change = re.search(r"\b(?:giam|tang)\b", name) and (re.search(r"/\s*nam", raws) or re.search(r"binh quan", name))
    asked_change = re.search(r"\b(?:giam|tang|toc do|binh quan|moi nam|hang nam)\b|/\s*nam",
                             folded_question)
    return bool(change) and not asked_change


def other_level(asked: list[str], text: str) -> bool:
    """The question names a level of education (tiểu học) and the record names only other ones (trung học cơ
    sở): the same target for another level, not the one asked."""
    if not asked:
        return False
    folded = f" {fold(expand(canonicalize(text)))} "
    named = {_SAME_LEVEL.get(lv, lv) for lv in EDUCATION_LEVELS if re.search(rf"\b{lv}\b", folded)}
    return bool(named) and not named & {_SAME_LEVEL.get(lv, lv) for lv in asked}


# degrees of higher education a figure may be given for (Luật Giáo dục đại học 2012, Điều 6: trình độ đào tạo; folded)
_DEGREES = ("tien si", "thac si", "cu nhan")


def other_degree(folded_question: str, text: str) -> bool:
    """The question names a degree ("giảng viên có trình độ thạc sĩ") and the text names only others ("tiến sĩ"):
    the same kind of figure for another degree, not the one asked."""
    # a degree named as what the asked one is above ("học vị trên cả thạc sĩ") is not the one asked
    asked = {d for d in _DEGREES if re.search(rf"(?<!\btren )(?<!\btren ca )(?<!\bhon )(?<!\bhon ca )\b{d}\b",
                                              folded_question)}
    named = {d for d in _DEGREES if re.search(rf"\b{d}\b", fold(text))}
    return bool(asked) and bool(named) and not asked & named


# the overall figure asked in so many words ("tỷ lệ lao động qua đào tạo (tính chung)", "nói chung", "mọi trình độ"), folded
_OVERALL = (r"\b(?:tinh|noi|nhin) chung\b|\bchung (?:cho )?(?:moi|tat ca)\b"
            r"|\b(?:moi|tat ca(?: cac)?) (?:trinh do|cap hoc|loai hinh|nganh|doi tuong)\b")
_FUNCTION_WORDS = frozenset(fold(w) for w in QUESTION_WORDS if " " not in w)


def narrower_than_overall(folded_question: str, name: str) -> bool:
    """The question asks the overall figure in so many words ("tính chung", "mọi trình độ") and the row names a part
    of it ("… có trình độ cao đẳng, đại học trở lên"): two or more words of its own the question does not say."""
    if not re.search(_OVERALL, folded_question):
        return False
    extra = {w for w in tokens(name) - tokens(folded_question) if w not in _FUNCTION_WORDS and not w.isdigit()}
    return len(extra) >= 2


_COUNTED_LONGEST = sorted({fold(u) for u in COUNTED}, key=len, reverse=True)
_COUNTED_FOLDED = "|".join(sorted({re.escape(fold(u)) for u in COUNTED}, key=len, reverse=True))


def other_share(folded_question: str, text: str) -> bool:
    """The question asks the share of one kind of thing ("tỷ lệ trường …") and every share the text states is of
    another ("100% xã biên giới có trường …"): another figure, not the one asked."""
    asked = re.search(rf"\b(?:ty|ti) le (?:cac |so )?({_COUNTED_FOLDED})\b", folded_question)
    if not asked:
        return False
    given = re.findall(rf"\d[\d.,]*\s*%\s+(?:cac |so )?({_COUNTED_FOLDED})\b", fold(text))
    return bool(given) and asked.group(1) not in given and not re.search(r"\d[\d.,]*\s*%(?!\s+[a-z])", fold(text))


def unknown_code(topic: list[str], known: dict[str, int], text: str) -> str | None:
    """A topic word shaped like a code (letters and digits: "B1", "C1", "5G") that no record of the base has
    and the text lacks: it names one thing (a level, a standard), so a record without it is about another."""
    have = fold(text)
    for word in topic:
        if (re.fullmatch(r"(?=[a-z0-9]*[a-z])(?=[a-z0-9]*\d)[a-z0-9]{2,8}", word) and not known.get(word)
                and not re.search(rf"\b{re.escape(word)}\b", have)):
            return word
    return None


def unnamed_acronym(question: str, topic: list[str], text: str) -> str | None:
    """An index the question names by its acronym ("chỉ số HDI", "PCI": written in capitals, kept in the topic)
    that the text names neither short nor long ("chỉ số phát triển con người"): it names one measure, so a record
    without it states another one ("Chỉ số Hạnh phúc")."""
    have = ""  # the text as matched, read only when an index is asked
    asked = set(topic)
    for token in dict.fromkeys(re.findall(r"(?<![\w&])[A-ZĐ]{2,6}(?![\w&])", question)):
        short = fold(token)
        longs = [fold(x).strip() for x in re.findall(r"\(([^)]*)\)", expand(token)) for x in x.split(";")]
        longs = [long for long in longs if long]
        # asked about: kept in the topic, short or long (the analysis reads "HDI" in its long form)
        if not longs or not (short in asked or any(set(long.split()) <= asked for long in longs)):
            continue
        # and the name of an index ("chỉ số HDI", "PCI"): an acronym of a body, a level or a field ("phòng GDMN",
        # "trường THPT", "HTQT") qualifies what is asked, and records paraphrase it
        if not (any(long.startswith("chi so ") for long in longs)
                or re.search(rf"\bchi so\s+{re.escape(short)}\b", fold(question))):
            continue
        have = have or fold(expand(canonicalize(text)))
        if not re.search(rf"\b{re.escape(short)}\b", have) and not any(long in have for long in longs):
            return token
    return None


# a number of inhabitants a figure is given per ("bác sĩ/vạn dân", "trên 1.000 dân"; folded): the usual statistical
# denominators of health, education and population indicators
_PER_PEOPLE = r"(?:van|muoi nghin|10\.?000|nghin|ngan|1\.?000|100\.?000|tram nghin)\s+(?:nguoi\s+)?dan\b"
_ASKS_PER_PEOPLE = re.compile(rf"(?:\btren|/|\bmoi|\bcho)\s*(?:1\s+|mot\s+|01\s+)?{_PER_PEOPLE}")


def other_denominator(folded_question: str, text: str) -> bool:
    """The question asks a figure per inhabitants ("bao nhiêu sinh viên trên 1 vạn dân") that the text gives as a
    total: another figure, not the one asked."""
    return bool(_ASKS_PER_PEOPLE.search(folded_question)) and not re.search(_PER_PEOPLE, fold(text))


def other_count(folded_question: str, text: str) -> bool:
    """The question names a number of things ("OCOP 5 sao", "trên 10.000 dân") that the text gives with
    another number ("3 sao"): another figure, not the one asked."""
    folded = fold(text)
    # a rank group ("top 100 châu Á", "nhóm 25 tỉnh") the text sets with another size ("nhóm 200 …")
    asked_rank = set(re.findall(r"\b(?:top|nhom)\s+(\d+)\b", folded_question))
    said_rank = set(re.findall(r"\b(?:top|nhom)\s+(\d+)\b", folded))
    if asked_rank and said_rank and not asked_rank & said_rank:
        return True
    asked = re.sub(NAMING_NUMBERS, " ", folded_question)  # "Nghị quyết 68 tỉnh …" names a document, counts nothing
    # "Có đúng là … đào tạo 5.000 sinh viên mỗi năm không?": an amount of a counted thing in a claim to check is
    # the claim, not a part of the name ("OCOP 5 sao" stays one)
    claims = bool(re.search(VERIFY, folded_question))
    for n, w in re.findall(r"\b(\d+(?:[.,]\d+)?)\s+([a-z]+)", asked):
        if re.fullmatch(r"20\d\d", n) or claims and w in _AMOUNT_WORDS:
            continue
        said = {x.lstrip("0") for x in re.findall(rf"\b(\d+(?:[.,]\d+)?)\s+{re.escape(w)}\b", folded)}
        if said and n.lstrip("0") not in said:
            return True
    return False


# the first syllable of a counted thing or a magnitude ("5.000 sinh viên", "4 triệu lượt khách"), folded
_AMOUNT_WORDS = {fold(u).split()[0] for u in COUNTED} | {"trieu", "nghin", "ngan", "ty", "ti", "van", "tram", "chuc"}


# counted words that cover other counted things (a student is a "người", a school a "cơ sở", a "đơn vị")
_GENERAL_COUNTS = {"nguoi", "luot", "luot nguoi", "co so", "don vi", "nha", "can", "khu", "cum"}


# a row counting by a general word ("cơ sở giáo dục", "đơn vị") counts the specific things asked too; folded, not
# "trung học cơ sở" nor "cơ sở vật chất / dữ liệu / hạ tầng"
# people counted under one name: "nhà giáo" are giáo viên and giảng viên (Luật Giáo dục 2019, Điều 66), and people
# say "thầy cô" of both
# a count of one kind of people answers a count asked of its kind: teachers of any level; any people for "người"
_SAME_PEOPLE = {"giao vien": ("giao vien", "giang vien", "nha giao"), "nguoi": tuple(fold(p) for p in PEOPLE)}
_INSTITUTIONS = ("truong", "trung tam", "benh vien", "tram", "thu vien", "doanh nghiep", "hop tac xa", "vien")
_GENERAL_COUNTED = re.compile(r"(?<!hoc )\bco so\b(?! (?:vat chat|du lieu|ha tang))|\bdon vi\b")


def counts_other_thing(folded_question: str, text: str) -> bool:
    """The question asks how many of one thing ("bao nhiêu học sinh") and the text counts only other things ("06
    trường"), with no share that might be meant: another figure, not the one asked."""
    m = _COUNTED.search(folded_question)
    phrase = f"{m.group(1)} " if m else ""
    thing = next((c for c in _COUNTED_LONGEST if phrase.startswith(f"{c} ")), "")
    folded = fold(text)
    if not thing or thing in _GENERAL_COUNTS or "%" in folded or re.search(rf"\d[\d.,]*\s+(?:[a-z]+\s+)?{thing}\b", folded):
        return False
    return any(re.search(rf"\d[\d.,]*\s+{c}\b", folded) for c in _COUNTED_LONGEST
               if not (c.startswith(thing) or thing.startswith(c)))


def unit_agreement(asked: str, record: Indicator | Task) -> float:
    have = record_kind(record)
    if not asked or not have:
        return 0.0
    if asked == have or (asked == "count" and have not in {"money", "share"}):
        return 1.0
    return -1.0


def year_agreement(a: Analysis, record: Indicator | Task) -> float:
    if not a.years:
        return 0.0
    if isinstance(record, Task):
        d = record.deadline
        return 1.0 if d and d.end and any(str(y) in d.end or str(y) in d.raw for y in a.years) else 0.0
    ok = all(any(t.has_target and period_covers(t, y) for t in record.targets) for y in a.years)
    return 1.0 if ok else -1.0


@dataclass
class Candidate:
    """One scored candidate record with its evidence features."""

    record: Indicator | Task
    score: float
    features: dict[str, float]
    probability: float = 0.0


def features(a: Analysis, record: Indicator | Task, score: float, known: float, own: float, key: bool,
             margin: float, rank: float, dense: float) -> dict[str, float]:
    """The feature vector of one candidate (see FEATURES)."""
    return {
        "score": score, "known": known, "own": own, "key": 1.0 if key else 0.0, "margin": margin, "rank": rank, "dense": dense,
        "unit": unit_agreement(asked_kind(a.folded), record),
        "year": year_agreement(a, record),
        "province": 0.0 if not a.provinces else (1.0 if record.province in a.provinces else -1.0),
        "document": 0.0 if not a.doc_ids else (1.0 if record.doc_id in a.doc_ids else -1.0),
        "task": 1.0 if isinstance(record, Task) else 0.0,
    }


def load_model(path: Path, bias_if_missing: float) -> dict:
    """{'weights': {feature: w}, 'bias', 'mean', 'scale', 'threshold', …} of a fitted logistic model; without
    the file, a model of the bias alone (always yes for a large bias, never for a very negative one)."""
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"weights": {}, "bias": bias_if_missing, "threshold": 0.5}


def logistic(m: dict, feats: dict[str, float]) -> float:
    """The model's probability for a feature vector (features standardised as fitted)."""
    mean, scale = m.get("mean", {}), m.get("scale", {})
    z = m["bias"] + sum(w * (feats.get(f, 0.0) - mean.get(f, 0.0)) / (scale.get(f, 1.0) or 1.0)
                        for f, w in m["weights"].items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def model() -> dict:
    """The gate's coefficients; an always-yes model if none was fitted."""
    return load_model(COEFFICIENTS, 10.0)


def probability(feats: dict[str, float]) -> float:
    """P(the record answers the question) under the fitted logistic model."""
    return logistic(model(), feats)


def threshold() -> float:
    return float(model()["threshold"])
