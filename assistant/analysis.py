"""Question analysis: province, year, document, intent and the topic words of a Vietnamese question."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from assistant.matching import Word, mark_key
from assistant.stopwords import (
    ANSWER_FORM_REQUESTS,
    BREAKDOWN_PHRASES,
    GENERIC_PHRASES,
    LEVEL_HEADS,
    LEVELS,
    QUESTION_WORDS,
)
from corpus.deadlines import parse_deadline
from corpus.provinces import PROVINCES, find_misspelt_provinces, find_provinces
from corpus.records import Document
from corpus.textnorm import fold, fold_chars, has_diacritics, nfc, normalize_text, strip_marks
from corpus.units import UNITS
from index import telex
from index.abbreviations import ABBREVIATIONS, TYPED_SHORT_FORMS, long_forms, spell_out, unshorten
from index.spoken_numbers import digits_for_spoken_numbers
from index.thesaurus import EDUCATION_LEVELS, EQUIVALENT_PHRASES, canonicalize

# intent cues (folded), most specific first
_DOCFACT = (r"so hieu|ngay ban hanh|ban hanh ngay|ban hanh khi nao|ban hanh vao|nguoi ky|\bai ky|\bnao ky\b|ky boi|ky ban hanh"
            r"|ky van ban|ky ngay|ky khi nao|ngay ky|co quan ban hanh|co quan nao ban hanh|don vi nao ban hanh"
            r"|\bai ban hanh|ban hanh boi|loai van ban|(?:co|phat sinh|het|con) hieu luc|hieu luc (?:tu|ke tu|thi hanh|khi nao|ngay)"
            r"|ngay hieu luc|ban hanh (?:nam|thang|ngay|luc) nao|ban hanh (?:nam|thang|ngay) may|thong qua ngay|cua tinh nao|tinh nao ban hanh"
            r"|thuoc tinh nao|la cua tinh|dia phuong nao|kem theo\b(?:\s+\S+){0,6}?\s+(?:nao|so may|so bao nhieu)\b"
            r"|\bngay nao\b.{0,30}\bcua (?:co quan|don vi) nao\b"  # a date and an issuer: a document's facts
            r"|\bky hop\b|\bkhoa (?:may|nao|thu)|\b(?:ke hoach|nghi quyet|quyet dinh|van ban|de an|chuong trinh)\b[^,;?]{0,60}\bso may\b")
# what a document is based on or implements (căn cứ, xét tờ trình, thực hiện nghị quyết nào)
_BASIS = (r"\bcan cu\b|tren co so (?:nao|gi|van ban|nghi quyet|to trinh)|\bdua (?:tren|vao) (?:van ban|nghi quyet|ke hoach"
          r"|chi thi|ket luan) nao|\bto trinh\b|(?:thuc hien|trien khai|cu the hoa)(?: theo)? (?:nhung |cac )?(?:nghi quyet|ke hoach"
          r"|chi thi|ket luan|quyet dinh|chuong trinh(?: hanh dong)?|van ban)\s+(?:nao|gi|so may|so bao nhieu)\b")
DEADLINE = r"khi nao|luc nao|hoi nao|chung nao|khi mo\b|bao gio|nam hoc nao|tu nam nao|ngay nao|thang may|xong (?:trong|truoc|vao|khi|chua)|han (?:nop|gui)|thoi han|han chot|han hoan thanh|(?<!ngan )(?<!dai )(?<!trung )\bhan\b(?! che)|giai doan nao|nam nao|\bmoc\b(?!\s*(?:nam\s*)?(?:19|20)\d\d)|thoi gian nao|thoi gian thuc hien|thoi gian hoan thanh|phai xong|phai hoan thanh|hoan thanh (?:trong|truoc|vao)|het han|den han|qua han|(?<!day nhanh )(?<!bao dam )(?<!dung )tien do|lo trinh|thoi diem"
_AGENCY = (r"\bai\b|\b(?:co quan|don vi|phong|so|ban|bo phan|dang uy|chu the) nao|danh sach (?:cac |nhung )?(?:don vi|co quan)\b|chu tri|phu trach|chiu trach nhiem|dau moi"
           r"|(?<!mau )giao cho|theo doi|trach nhiem thuc hien|\b(?:co quan|don vi|ben) (?:phoi hop|thuc hien|trien khai) nao")
# the cues that compare whatever else the question says (the weaker "chênh lệch", "giữa các" also name a gap measured)
_COMPARE_STRONG = (r"so sanh|khac nhau|cao hon|thap hon|tinh nao cao|doi chieu|cac tinh|giong nhau|khop nhau|lan luot"
                   r"|\bkhac\b.*\bthe nao|so voi(?! (?:ca nuoc|toan quoc|vung|khu vuc|muc (?:trung binh|binh quan)"
                   r"|binh quan|trung binh))")
_COMPARE = _COMPARE_STRONG + r"|chenh lech|chenh nhau|giua cac|\bgiua\b(?! (?:ky|nhiem ky|nam|thang))"
# a target's change between years ("tăng từ … lên …", "thay đổi thế nào từ 2030 sang 2035")
_CHANGE = (r"\b(?:tang|giam)\b(?! truong)|thay doi|bien dong|\btu\b.{0,60}\b(?:len|xuong|sang)\b"
           r"|\bnang\b(?=.{0,80}\btu (?:nam |moc )?(?:19|20)\d\d)")  # "nâng X từ năm 2030 đến 2035"
# a question for several tasks: "những nhiệm vụ / các công việc / việc gì / nhiệm vụ nào" (folded)
TASK_LIST = (r"\b(?:cac|nhung|tat ca(?: cac)?) (?:nhiem vu|cong viec|viec)\b"
             r"|\b(?:nhiem vu|cong viec|viec)(?: cu the)? (?:nao|gi)\b")
_LIST = r"\bke (?:ten|ra|het)\b|nhung (?:chi tieu|nhiem vu|muc tieu)|nhom (?:chi tieu|muc tieu)|cac (?:chi tieu|nhiem vu|muc tieu)|liet ke|(?<!cuc )(?<!chi cuc )thong ke (?:lai |giup |giup toi )?(?:cac|nhung|tat ca|theo|day du)\b|danh sach(?! (?:cac |nhung )?(?:don vi|co quan)\b)|tat ca|bao nhieu (?:chi tieu|nhiem vu)|gom nhung(?! (?:ai|don vi|co quan|phong|ban|bo phan)\b)|nhiem vu nao|chi tieu nao|muc tieu nao"
_VALUE = r"bao nhieu|con so|so lieu|muc tieu|chi tieu|ty le|ti le|ty trong|dat (?:muc\b(?! tieu| dich)|bao)|la may|muc nao|phan tram|%|\bmay\b"
_STRONG_VALUE = r"bao nhieu|con so|so lieu|ty le|ti le|ty trong|dat (?:muc\b(?! tieu| dich)|bao)|la may|muc nao|phan tram|%|\bmay\b|so luong"
_OPEN = (r"\b(la gi|nhung gi|gi|nhu the nao|the nao|ra sao|noi dung|(?:theo )?huong nao|tai sao|vi sao|nham|dinh huong|mo hinh nao"
         r"|(?:nghi quyet|ke hoach|van ban|quyet dinh|chuong trinh|de an) nao)\b")
# head words of institutions named after a province (Luật Giáo dục 2019, Luật Khám bệnh, chữa bệnh 2023), folded
_INSTITUTION = r"\b(?:dai hoc|hoc vien|truong|cao dang|phan hieu|benh vien|vien)\s*(?:chuyen\s*)?$"
# "tỉnh nào khác", "các địa phương khác", "nơi khác": the same question put to the other provinces (folded)
_OTHER_PLACES = r"\b(?:tinh|thanh pho|dia phuong|noi|van ban)(?: nao)? khac\b"
_FOLLOWUP = r"(?:tinh|thanh pho|dia phuong|noi)(?: nao)? khac|^trong do\b|^(con|the con|vay con|thi sao)\b|\b(do|nay|tren|ay)\s*\??$|chi tieu (do|nay|tren)|nhiem vu (do|nay|tren)|thi sao\??$|van ban (do|nay)"


INTENTS = ("value", "agency", "deadline", "list", "comparison", "change", "basis", "docfact", "open")


@dataclass
class Analysis:
    """What a question asks, after resolving it against the conversation."""

    question: str
    folded: str
    intent: str  # value | agency | deadline | list | comparison | change | basis | docfact | open
    provinces: list[str] = field(default_factory=list)  # current units
    former_names: dict[str, str] = field(default_factory=dict)  # former name -> current unit
    unknown_places: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    period: tuple[str, str] | None = None  # ISO start/end when the question names a month/quarter/date
    doc_ids: list[str] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)  # folded content words
    phrases: list[str] = field(default_factory=list)  # adjacent topic word pairs ("phong hoc")
    topic_terms: int = 0  # segmented words in the topic ("dự án" is one)
    agency_focus: str = ""  # "lead" | "partners" | "" (both)
    docfact_fields: list[str] = field(default_factory=list)
    year_range: bool = False  # "từ năm X đến năm Y": every year between
    wants_overdue: bool = False
    wants_recurring: bool = False
    task_code: str = ""  # "1.8" when the question names a task by number
    other_places: bool = False  # "tỉnh nào khác cũng …": the same thing asked of the other provinces
    breakdown: bool = False  # "theo từng cấp học", "mỗi nguồn": every part of the figure, not the best one
    row_codes: list[str] = field(default_factory=list)  # table rows named by number ("dòng 22", "chỉ tiêu 4.3")
    background: bool = False  # opening sentences that ask nothing ("Cử tri phản ánh …") precede the question
    is_followup: bool = False
    refers_back: bool = False  # names the record of the previous answer ("chỉ tiêu đó", "nhiệm vụ này", "các trường đó")
    names_asked: str = ""  # the kind of place or body whose names are asked ("những xã nào" → "xã"), accented
    ordinal: int = 0  # the place in a list of the one item asked ("trường thứ sáu là trường nào" → 6)
    year_alone: bool = False  # "riêng năm 2027", "chỉ năm 2027": that year's own figure, not a period's
    # "Có đúng là … trong tháng 11/2025 không?": the time a yes/no check claims, which is checked, not a filter
    claimed_period: tuple[str, str] | None = None
    # "Có đúng là … đón 5 triệu lượt khách không?": the figures a yes/no check claims ("5 triệu"), checked against
    # the answer, never a filter
    claimed_figures: list[str] = field(default_factory=list)
    inherited: list[str] = field(default_factory=list)  # slots taken from earlier turns
    intent_by: str = "rules"  # rules | classifier | forced: what chose the intent

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in {"folded"}}

    @property
    def asks_overall_goal(self) -> bool:
        """'Mục tiêu chung/tổng quát của kế hoạch?': the plan's goal statement, in words, not one target."""
        cue = re.search(r"muc tieu (?:tong quat|chung)\b|trinh do phat trien|tro thanh (?:tinh|thanh pho|dia phuong)\b"
                        r".{0,20}\b(?:nhu the nao|the nao|ra sao|gi)\b", self.folded)
        # a level in words ("ở mức nào", "vào nhóm nào") is the goal's; an amount asked is one target's
        return bool(cue) and (set(self.topic) <= {"tong", "quat", "chung"}
                              or not re.search(r"bao nhieu|ty le|ti le|phan tram|%|\bmay\b", self.folded))

    @property
    def asks_figure(self) -> bool:
        """A value question that asks for a figure ("bao nhiêu", "tỷ lệ", "mấy", a count in the question), not
        one that only names a target ("mục tiêu chung của kế hoạch?"), which the text answers in words."""
        return self.intent == "value" and bool(
            re.search(_STRONG_VALUE, self.folded) or re.search(r"\d", re.sub(NAMING_NUMBERS, " ", self.folded)))


def _doc_keys(doc: Document) -> set[str]:
    """The folded ways a question can name a document: number, type + number, annex number, issuer, codes."""
    keys = set()
    if doc.so_hieu:
        keys.add(fold(doc.so_hieu))
        num = re.match(r"\d+", doc.so_hieu)
        if num and doc.doc_type:
            keys.add(f"{fold(doc.doc_type)} {num.group(0)}")
            keys.add(f"{fold(doc.doc_type)} so {num.group(0)}")
    m = re.search(r"phu luc\s*(\d+)", fold(doc.title))
    if m:
        keys.add(f"phu luc {m.group(1)}")
        keys.add(f"phu luc {int(m.group(1))}")
    for code in re.findall(r"(\d+)-([A-ZĐ]+)/[A-ZĐ]+", doc.title):
        num, kind = code
        keys.add(fold(f"{num}-{kind}"))
        keys.update({fold(f"{TYPED_SHORT_FORMS.get(kind, kind)} {num}"), fold(f"{kind}{num}")})
    return {k for k in keys if k}


def _local_unit_keys(doc: Document) -> set[str]:
    """'phuong ninh kieu' for a document issued by 'Ủy ban nhân dân phường Ninh Kiều' (a commune, ward or
    special zone of a province the document is filed under)."""
    m = re.search(r"\b(xa|phuong|thi tran|dac khu) ([a-z][a-z ]{1,40})$", fold(doc.issuer or ""))
    return {f"{m.group(1)} {m.group(2).strip()}"} if m and doc.province else set()


def _issuer_keys(doc: Document) -> set[str]:
    """A document without a province is also named by its issuer ("Sở GDĐT") or the issuer's usual short
    forms (general abbreviation table) — a weaker naming than its number."""
    if not doc.issuer or doc.province:
        return set()
    keys = {fold(doc.issuer)}
    keys.update(fold(abbr) for abbr, long in ABBREVIATIONS.items() if fold(long) == fold(doc.issuer))
    return {k for k in keys if k}


@dataclass
class _DocIndex:
    """Look-ups over one document base, built once (questions are analysed against it many times)."""

    by_key: dict[str, list[str]]
    by_issuer: dict[str, list[str]]
    issuers_re: re.Pattern[str] | None


_DOC_INDEX: dict[tuple, _DocIndex] = {}


def _doc_index(docs: list[Document]) -> _DocIndex:
    # keyed by what the look-ups read, so a reloaded or replaced document is never served stale keys
    cache_key = tuple((d.doc_id, d.so_hieu, d.doc_type, d.title, d.issuer, d.province) for d in docs)
    if cache_key not in _DOC_INDEX:
        by_key: dict[str, list[str]] = {}
        by_issuer: dict[str, list[str]] = {}
        for doc in docs:
            for k in _doc_keys(doc):
                by_key.setdefault(k, []).append(doc.doc_id)
            for k in _issuer_keys(doc):
                by_issuer.setdefault(k, []).append(doc.doc_id)
        issuers = sorted({fold(d.issuer) for d in docs if d.issuer}, key=len, reverse=True)
        _DOC_INDEX.clear()  # one document base at a time (a reload builds a new list)
        _DOC_INDEX[cache_key] = _DocIndex(by_key, by_issuer, re.compile("|".join(map(re.escape, issuers))) if issuers else None)
    return _DOC_INDEX[cache_key]


# a document set aside by name ("theo Nghị quyết 68 (không phải KH43)", "chứ không phải kế hoạch …"), folded
_EXCLUDED = r"\b(?:khong phai(?: la)?|chu khong phai(?: la)?|khong tinh|ngoai tru)\s+([^,;.?()]{2,60})"


def _doc_mentions(folded: str, docs: list[Document], provinces: list[str] | None = None) -> list[str]:
    """Documents the question names by number ('nghị quyết 68', '43-KH/TU'), issuer or annex number."""
    index = _doc_index(docs)
    def named_by(keys: dict[str, list[str]]) -> set[str]:
        out: set[str] = set()
        for k in keys:  # overlapping keys ("nghi quyet 68", "68/nq-hdnd"): test each that occurs at all
            if k in folded and re.search(rf"(?<![\w/]){re.escape(k)}(?![\w/])", folded):
                out.update(keys[k])
        return out

    # a document named by its number wins over one only named by its issuer ("Sở GDĐT … KH 318")
    # ... and an issuer named beside a province with documents of its own is that province's body ("Sở GDĐT
    # Phú Thọ"), not a document that names no province
    # ... and so is one beside a province the base has no document of ("Sở GDĐT Khánh Hòa")
    named = named_by(index.by_key)
    if not named and not provinces:
        named = named_by(index.by_issuer)
    return [d.doc_id for d in docs if d.doc_id in named]


def _initials(name: str) -> str:
    """'Đà Nẵng' → 'ĐN', 'Hải Phòng' → 'HP': first letters, Đ kept apart from D ("DN" is doanh nghiệp)."""
    return "".join("Đ" if w[0] in "đĐ" else fold(w[0]) for w in nfc(name).split()).upper()


# current units by the initials officials write for them ("HP", "LC"); never an initialism that is also
# a common abbreviation ("KH" kế hoạch, "TH" tiểu học)
_TAKEN = {nfc(k).upper() for k in [*ABBREVIATIONS, *TYPED_SHORT_FORMS]}
_BY_INITIALS: dict[str, list[str]] = {}
for _unit in PROVINCES:
    if _initials(_unit) not in _TAKEN and len(_initials(_unit)) >= 2:
        _BY_INITIALS.setdefault(_initials(_unit), []).append(_unit)


# a document named by the short form of its kind and its number (Nghị định 30/2020/NĐ-CP, Phụ lục III short forms
# of document kinds: KH kế hoạch, NQ nghị quyết, QĐ quyết định, CT chỉ thị, TB thông báo, BC báo cáo, ĐA đề án, CV
# công văn; PL phụ lục), folded
_DOC_SHORT_CODE = r"(?<![a-z0-9])(?:kh|pl|nq|qd|ct|tb|bc|da|cv)\s?\d{1,4}(?![a-z0-9/-])"


def province_initials(text: str, known: set[str]) -> list[tuple[str, str]]:
    """(initials, unit) for upper-case words that are a unit's initials ('HP:', 'Tỉnh ủy LC'); when several
    units share the initials, the one the document base has documents for."""
    out = []
    for w in re.findall(r"(?<![\w/-])([A-ZĐ]{2,3})(?![\w/-])", text):
        units = _BY_INITIALS.get(nfc(w).upper(), [])
        units = units if len(units) == 1 else [u for u in units if u in known]
        if len(units) == 1:
            out.append((w, units[0]))
    return out


def _years(folded: str) -> list[int]:
    """Years named; a period written 'X-Y' ('giai đoạn 2026-2030') counts as its end year."""
    folded = re.sub(r"(20[2-6]\d)\s*[-–]\s*(20[2-6]\d)", r"\2", folded)
    years = [int(y) for y in re.findall(r"(?<![\d/])((?:20[2-6]\d))(?![\d/])", folded)]
    return sorted(dict.fromkeys(years))


def _period(question: str) -> tuple[str, str] | None:
    """A month, quarter or date named in the question, as an ISO range."""
    if not re.search(r"thang\s*\d|quy\s*(i|ii|iii|iv|[1-4])\b|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4}", fold(question)):
        return None
    text = re.sub(r"(\d{1,2})/(\d{4})", r"tháng \1/\2", question) if not re.search(r"thang", fold(question)) else question
    d = parse_deadline(text)
    if d.start and d.end and d.kind in {"month", "quarter", "date"}:
        return d.start, d.end
    return None


# a figure asked part by part (folded): by level, by year, by source
_BREAKDOWN = "|".join(rf"\b{re.escape(fold(p))}\b" for p in BREAKDOWN_PHRASES)
# numbers that name a document, a task, a year or a period, not a figure asked about (folded)
# a task named by its number: "nhiệm vụ 2.4", "việc 1.3", "công việc số 3.1" (folded)
TASK_BY_NUMBER = r"(?:nhiem vu|\bviec)"
NAMING_NUMBERS = (r"\b(?:nghi quyet|ke hoach|quyet dinh|chi thi|ket luan|thong bao|de an|chuong trinh|phu luc|nhiem vu"
                   r"|nq|kh|qd|ct|kl|tb|pl|so)\s*(?:so\s*)?\d[\w./-]*|\b\d+[-/][a-z]+(?:[-/][a-z&]+)*|\b(?:19|20)\d\d\b")
# what an amount counts or measures, folded (corpus.units: money, measures, counted things; magnitudes)
_CLAIM_UNITS = "|".join(sorted({re.escape(fold(u)) for u in UNITS} | {"trieu", "nghin", "ngan", "ty", "van"},
                               key=len, reverse=True))


# an opening "Căn cứ <văn bản>, …" cites what the asker relies on, as administrative letters open; the question is
# what follows the comma (folded)
_CITING_PREAMBLE = r"^\W*can cu (?!nao|vao dau|gi\b)[^,?]{3,240},\s*(?=\w)"


def _intent(folded: str, n_provinces: int, n_years: int) -> str:
    folded = re.sub(_CITING_PREAMBLE, "", folded)
    if re.search(_BASIS, folded):
        return "basis"
    if re.search(TASK_LIST, folded) and not re.search(TASK_BY_NUMBER + r" (?:so )?\d", folded):
        return "list"
    if re.search(r"phai (?:ban hanh|hoan thanh|xong)|han (?:hoan thanh|ban hanh)|nhiem vu|\bviec\b(?! lam)", folded) and re.search(
            DEADLINE, folded):
        return "deadline"  # "Đề án X phải ban hành khi nào": a task's deadline, not the document's date
    if re.search(_DOCFACT, folded) and _docfact_fields(folded):
        return "docfact"
    if n_provinces <= 1 and re.search(_CHANGE, folded) and (n_years >= 2 or re.search(r"tu bao nhieu|len bao nhieu",
                                                                                      folded)):
        return "change"
    if n_provinces > 1 or re.search(_COMPARE, folded) and (
            n_years > 1 or re.search(_COMPARE_STRONG, folded) or not re.search(_VALUE, folded)):
        # "mức chênh lệch về giáo dục giữa các vùng … dưới bao nhiêu": the gap is the thing measured, one place
        # and one year, not two things compared
        return "comparison"
    if re.search(_LIST, folded):
        return "list"
    if re.search(DEADLINE, folded):
        return "deadline"
    if re.search(_AGENCY, folded):
        return "agency"
    if n_years > 1 and re.search(_VALUE, folded):
        return "comparison"
    if re.search(_OPEN, folded) and not re.search(_STRONG_VALUE, folded):
        return "open"
    if re.search(_VALUE, folded):
        return "value"
    if re.search(r"\d", re.sub(NAMING_NUMBERS, " ", folded)):
        return "value"  # a figure in the question ("09 xã", "6-14 tuổi"), not a document's or a year's number
    return "open"


def with_intent(a: Analysis, intent: str, by: str = "forced") -> Analysis:
    """The analysis with another intent (document-fact fields read for it when it becomes docfact)."""
    if intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}")
    if intent == a.intent:
        return replace(a, intent_by=by)
    fields = _docfact_fields(a.folded) if intent == "docfact" else []
    return replace(a, intent=intent, intent_by=by, docfact_fields=fields)


def _docfact_fields(folded: str) -> list[str]:
    """Document facts asked for, in the order the question asks them."""
    found = []
    for pattern, name in (
        (r"so hieu|so may", "so_hieu"),
        (r"nguoi ky|\bai ky|\bnao ky\b|ky boi|ky ban hanh|ky van ban|chuc vu|chuc danh", "signer"),
        (r"co quan (?:nao )?ban hanh|don vi nao ban hanh|\bai ban hanh|ban hanh boi|do co quan nao|cua co quan nao",
         "issuer"),
        (r"loai van ban|la loai", "doc_type"),
        (r"(?:co|phat sinh|het|con) hieu luc|hieu luc (?:tu|ke tu|thi hanh|khi nao|ngay)|ngay hieu luc", "effective"),
        (r"kem theo", "parent_text"),
        (r"\bkhoa (?:may|nao|bao nhieu|thu)|\bky hop\b", "session"),
        (r"tinh nao|dia phuong nao|thanh pho nao", "province"),
        (r"ngay|khi nao|thong qua|thang (?:nao|may)|nam (?:nao|may)|bao gio", "date_issued"),
    ):
        if re.search(pattern, folded):
            found.append(name)
    if "effective" in found and "date_issued" in found and not re.search(r"ban hanh|ky", folded):
        found.remove("date_issued")
    return found


def _phrase_re(phrases: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


_GENERIC_RE = _phrase_re(list(GENERIC_PHRASES))
_FOLDED_GENERIC_RE = _phrase_re(sorted({fold(p) for p in GENERIC_PHRASES}))
_FOLDED_STOP = {fold(w) for w in QUESTION_WORDS}


@lru_cache(maxsize=4096)
def segment(text: str) -> tuple[str, ...]:
    """Words of a Vietnamese text as pyvi segments them (compounds joined by '_'); syllables without pyvi."""
    try:
        from pyvi import ViTokenizer

        return tuple(ViTokenizer.tokenize(text).split())
    except Exception:  # pyvi missing: syllables alone
        return tuple(text.split())


def _is_stop(word: str, accented: bool) -> bool:
    """A segmented word ('bao_nhiêu', 'tăng') that only says what kind of answer is wanted."""
    form = word.replace("_", " ").lower()
    if form in QUESTION_WORDS or all(s in QUESTION_WORDS for s in form.split()):
        return True
    # a word typed without diacritics that the corpus could not restore: compare folded
    return not accented and not has_diacritics(form) and fold(form) in _FOLDED_STOP


def topic_of(text: str, drop: set[str]) -> tuple[list[str], list[str]]:
    """Topic words (folded syllables) and adjacent topic word pairs of an accented question.

    Stop-words and generic phrases are removed on the accented, word-segmented text, and only the
    remaining words are folded, so "tăng trưởng", "chuyển đổi số", "cơ sở vật chất" keep their words."""
    topic, pairs, _ = topic_terms(text, drop)
    return topic, pairs


def topic_terms(text: str, drop: set[str]) -> tuple[list[str], list[str], int]:
    """topic_of, and how many segmented words the topic holds ("dự án" is one word of two syllables)."""
    accented = has_diacritics(text)
    text = _GENERIC_RE.sub(" ", text)
    if not accented:
        text = _FOLDED_GENERIC_RE.sub(" ", text)
    sequence: list[str | None] = []  # folded syllables; None where a stop-word breaks adjacency
    terms = 0
    words = list(segment(text))
    for i in range(len(words) - 2, 0, -1):  # the segmenter splits "R&D", "KH&CN": join them again
        if words[i] == "&" and words[i - 1].isalnum() and words[i + 1].isalnum():
            words[i - 1 : i + 2] = [f"{words[i - 1]}&{words[i + 1]}"]
    for k, word in enumerate(words):
        if not re.search(r"\w", word):
            continue
        level = (k > 0 and words[k - 1].replace("_", " ").lower() in LEVEL_HEADS
                 and word.replace("_", " ").lower() in LEVELS)
        if _is_stop(word, accented) and not level:
            sequence.append(None)
            continue
        before = len(sequence)
        for syllable in word.split("_"):
            parts = re.findall(r"[a-z0-9&]+", fold(syllable))
            # a syllable typed bare may have lost its marks even in an accented question: it matches any spelling
            mark = mark_key(syllable) if len(parts) == 1 and has_diacritics(syllable) else ""
            for w in parts:
                sequence.append(None if w.isdigit() or w in drop or w in _FOLDED_STOP and not has_diacritics(
                    syllable) and not accented else Word(w, mark))
        terms += any(sequence[before:])
    topic = [w for w in sequence if w]
    pairs = [f"{x} {y}" for x, y in zip(sequence, sequence[1:], strict=False) if x and y]
    return topic, pairs, terms


@lru_cache(maxsize=1)
def _stopworded_equivalents() -> list[tuple[re.Pattern[str], str]]:
    """Everyday variants of an equivalence group that hold a stop-word ("nhận vào làm", "hai thứ tiếng"): the topic
    would lose the word that makes them the phrase, so the group's first phrase is read with them."""
    out = [(re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE), group[0])
           for group in EQUIVALENT_PHRASES for v in group[1:] if any(w in QUESTION_WORDS for w in v.split())]
    return sorted(out, key=lambda x: -len(x[0].pattern))


def _with_equivalents(text: str) -> str:
    """The text with the group's first phrase added after such a variant (the variant's own words stay: a record
    may say it as the question does)."""
    for pattern, first in _stopworded_equivalents():
        text = pattern.sub(lambda m, first=first: f"{m.group(0)} ({first})", text)
    return text


def _restored(text: str, restore: Callable[[str], str] | None) -> str:
    """The text with diacritics restored, except inside the everyday phrases it types correctly: in an accented
    question a bare syllable of "so sánh" is Vietnamese as typed, though the corpus writes "số" more often."""
    if restore is None:
        return text
    out = restore(text)
    if not has_diacritics(text) or len(out) != len(text):  # restoring keeps each word's length (NFC)
        return out
    for m in _GENERIC_RE.finditer(text):
        if has_diacritics(m.group()):
            out = out[:m.start()] + m.group() + out[m.end():]
    return out


def _blank(text: str, pattern: str | re.Pattern[str], count: int = 0) -> str:
    """Blank out (same length) the matches of a folded pattern in an accented NFC text."""
    folded = fold_chars(text)
    spans = [m.span() for m in re.finditer(pattern, folded)]
    for start, end in spans[:count] if count else spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


# who asks is context, not topic: an opening self-introduction ("Tôi là hiệu trưởng một trường mầm non ở Hải Phòng.",
# "Em là cán bộ Sở …:") and the asker's own unit ("trường tôi", "xã chúng tôi", "đơn vị của tôi"). Their places and
# levels still scope the question (slots are read on the whole text); their words are not what is asked about.
_SELF_INTRO = re.compile(r"^\s*(?:tôi|em|mình|chúng tôi|chúng em)\s+(?:là|đang là|làm|công tác|đang công tác|"
                         r"phụ trách|đang phụ trách)\b[^.?!:;]*[.:;!]\s", re.IGNORECASE)
_OWN_UNIT = re.compile(r"(?<!\w)(?:trường|xã|phường|đơn vị|cơ quan|sở|phòng|lớp|địa phương|tỉnh)\s+(?:của\s+)?"
                       r"(?:chúng\s+)?(?:tôi|em)(?!\w)", re.IGNORECASE)


# the official a question is put to at a questioning session ("Đề nghị Giám đốc Sở GDĐT làm rõ: …", "Xin hỏi đồng
# chí Chủ tịch UBND tỉnh …"): who answers, not what is asked about (titles of Luật Tổ chức chính quyền địa phương)
_ADDRESSEE = re.compile(r"(?:đề nghị|xin hỏi|kính hỏi|xin đề nghị|yêu cầu)\s+(?:đồng chí\s+|đ/c\s+)?(?:phó\s+)?"
                        r"(?:giám đốc|chủ tịch|trưởng ban|trưởng phòng|thủ trưởng|lãnh đạo|bí thư)\b[^:;?.]{0,80}?"
                        r"(?=\s*(?:làm rõ|cho biết|trả lời|giải trình|thông tin|báo cáo)\b)", re.IGNORECASE)
# what a clause sets aside ("Ngoài tiết học chính khóa, …", "ngoài Sở GDĐT ra, còn …"): not what it asks about
_SET_ASIDE = re.compile(r"(?:^|(?<=[.,;:?!]\s))ngoài\s+[^,;:?.]{1,60}?(?:\s+ra)?\s*,", re.IGNORECASE)
_ANSWER_FORM = re.compile("|".join(f"(?:{p})" for p in ANSWER_FORM_REQUESTS), re.IGNORECASE)


def _without_asker(text: str, background: bool = False) -> str:
    """The text with the asker's self-introduction, own-unit phrases and the official addressed blanked (same
    length); with `background`, also the opening sentences that ask nothing (see background_end)."""
    end = background_end(text) if background else 0
    if background:  # and what follows the question: "… bao nhiêu? Tôi cần con số cho đề cương tuyên truyền."
        tail = afterword_start(text)
        text = text[:tail] + " " * (len(text) - tail)
    for pattern in (_SET_ASIDE, _SELF_INTRO, _OWN_UNIT, _ADDRESSEE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return " " * end + text[end:]


# words that ask or request (folded): a sentence without any is background ("Cử tri phản ánh nhiều điểm trường
# lẻ xuống cấp.") to the question that follows it
_ASKS = (r"\?|bao nhieu|\bgi\b|\bnao\b|\bai\b|bao gio|the nao|ra sao|\bmay\b|\bkhong\b|\bchua\b|\bsao\b"
         r"|cho biet|neu|liet ke|ke ten|so sanh|doi chieu|(?<!phong )(?<!ban )(?<!bo phan )tong hop|thong ke|de nghi|lam ro|cho hoi|xin hoi|trich"
         r"|tom tat|trinh bay|giai thich")


# what the asker is doing, said before a colon ("Đang tổng hợp chỉ tiêu KT-XH: …", "Phục vụ báo cáo giám sát: …",
# "Để chuẩn bị tờ trình: …"): why they ask, even with a clerk's verb in it (folded)
_DOING = (r"\W*(?:(?:toi|em|minh|chung toi|ben (?:toi|em|minh)|phong (?:toi|em)|so (?:toi|em)|co quan (?:toi|em))\s+)?"
          r"(?:dang|de|nham|phuc vu|chuan bi|can (?:so lieu|de|nam)|can tong hop)\b(?![^?]*\?)")


# a purpose the asker adds at the end ("… để làm điểm nhấn tuyên truyền", "để báo cáo lãnh đạo"): why they ask
_PURPOSE = re.compile(r"[,\s]+(?:để|nhằm)\s+(?:làm|phục vụ|đưa vào|viết|soạn|phổ biến|tuyên truyền|báo cáo|trình|gửi|"
                      r"chuẩn bị)\b[^?.!;:]*[?.!]*\s*$", re.IGNORECASE)


# the same purpose said first, before a comma and a request ("Để soạn đề cương tuyên truyền, cho biết …")
_OPENING_PURPOSE = re.compile(
    r"\W*(?:để|nhằm)\s+(?:làm|phục vụ|đưa vào|viết|soạn|phổ biến|tuyên truyền|báo cáo|trình|gửi|chuẩn bị)\b[^?.!;:,]*,"
    r"\s*(?=(?:xin |đề nghị |vui lòng |hãy |đồng chí |anh chị |bạn )?(?:cho (?:biết|hỏi|xin)|nêu|liệt kê|kể|trích|tóm tắt|"
    r"trình bày|giải thích|tra)\b)", re.IGNORECASE)


# a table row named by its number ("dòng 22", "PL01 row 21", "chỉ tiêu số 4.3", "STT 8"; not a year)
_CODE = r"(\(?\d{1,2}\)?(?:\.\d{1,2}){0,2})(?![\d/-]|\.\d)"
_ROW = re.compile(rf"(?<![a-z0-9])(?:(?:dong|row|stt|so thu tu)\s*(?:so\s*)?{_CODE}"
                  # "chỉ tiêu 4.3 của …", not "chỉ tiêu 30 trường …" (a count of things)
                  # nor "chỉ tiêu 5 năm của tỉnh" (a span of years): "năm" follows a row only as a year named
                  rf"|chi tieu\s*(?:so\s*)?{_CODE}(?=\s*(?:$|[^\w\s]|nam\s*(?:19|20)\d\d|(?:cua|trong|tai|o|ve|la|ghi|co|thi"
                  r"|do|duoc|nay|den|dat)\b)))")


# a row named by its code ("mã 4.7.2", "mã số 12", "mã chỉ tiêu 3.1"): "mã" as spelt, or typed without marks
# before a dotted code only ("ma" alone is also "mà")
_CODE_WORD = re.compile(rf"(?<!\w)(?:mã(?:\s+(?:số|chỉ tiêu))?\s*{_CODE}|ma(?:\s+(?:so|chi tieu))?\s*"
                        rf"(\d{{1,2}}(?:\.\d{{1,2}}){{1,2}})(?![\d/-]|\.\d))", re.IGNORECASE)


def claimed_figures(folded: str) -> list[str]:
    """The amounts a claim states ("5.000 sinh viên", "5 triệu lượt", "8%/năm" → "5.000", "5", "8"): numbers before
    a unit or a counted thing, not a document's number or a year (folded text)."""
    text = re.sub(NAMING_NUMBERS, " ", folded)
    return re.findall(rf"(?<![\w.,])(\d+(?:[.,]\d+)*)\s*(?:%|(?:{_CLAIM_UNITS})\b)", text)


def row_codes(text: str) -> list[str]:
    """The row numbers a question names, as codes ("4.3", "22", "(5)"), typed with or without marks."""
    named = [m.group(1) or m.group(2) for m in _ROW.finditer(fold(text))]
    return named + [m.group(1) or m.group(2) for m in _CODE_WORD.finditer(unicodedata.normalize("NFC", text))
                    if (m.group(1) or m.group(2)) not in named]


def afterword_start(text: str) -> int:
    """Where the words after the question proper start (the length of the text when there are none): the
    sentences after its last question mark ("… bao nhiêu? Tôi cần con số cho đề cương.") and a closing purpose
    clause ("… đến năm 2035 để làm điểm nhấn tuyên truyền")."""
    m = re.search(r"\?\s+(?=\S[^?]*[\wÀ-ỹ][^?]*$)", text)
    end = m.end() if m and len(text[m.end():].split()) >= 2 else len(text)
    p = _PURPOSE.search(text[:end])
    return p.start() if p else end


# cues of the intent rules that other words share once folded, as they are spelt: "hạn" = deadline ("tuyển hẳn",
# "tiếng Hàn" are not); "tiến độ" = progress ("tiền do doanh nghiệp góp" is not)
_TONED_CUES: dict[str, str] = {"han": "hạn", "tien do": "tiến độ"}


def _tone_apart(text: str) -> str:
    """An accented question with the words that fold to a cue but are spelt otherwise marked apart ('hẳn' →
    'hẳn_'), so that a cue read on the folded text is not found in other words; bare syllables stay (they may be
    the cue typed without marks)."""
    if not has_diacritics(text):
        return text
    words = list(re.finditer(r"\w+", text))
    apart: set[int] = set()
    for folded, spelt in _TONED_CUES.items():
        keys = [mark_key(syllable) for syllable in spelt.split()]
        for i in range(len(words) - len(keys) + 1):
            span = [m.group(0) for m in words[i:i + len(keys)]]
            if " ".join(fold(w) for w in span) != folded:
                continue
            if any(has_diacritics(w) and mark_key(w) != key for w, key in zip(span, keys, strict=True)):
                apart.add(words[i].end())
    return "".join(text[j] + ("_" if j + 1 in apart else "") for j in range(len(text)))


def background_end(text: str) -> int:
    """Where the question proper starts: after the opening sentences that ask nothing (0 when there are none).
    A sentence ends at '.', '!' or ';' followed by a capital letter, or at a colon that closes an introduction
    ("Hiệp hội chúng tôi đang làm báo cáo: …"), and an opening "Căn cứ <văn bản>," is one; the last sentence is
    never background."""
    preamble = re.match(r"\W*c(?:ă|a)n c(?:ứ|u) (?!n(?:à|a)o\b|v(?:à|a)o đ(?:â|a)u\b)[^,?]{3,240},\s*(?=\w)", text, re.I)
    # "Để soạn đề cương tuyên truyền, cho biết …": the asker's purpose, then the request
    preamble = preamble or _OPENING_PURPOSE.match(text)
    end = preamble.end() if preamble else 0  # "Căn cứ Kế hoạch số …, đề nghị cho biết …" (see _CITING_PREAMBLE)
    for m in re.finditer(r"[.!;]\s+(?=[A-ZĐÀ-Ỹ])|:\s+(?=\w)", text):
        if m.start() < end:
            continue
        clause = fold(text[end:m.start()])
        if re.search(_ASKS, clause) and not (text[m.start()] == ":" and re.match(_DOING, clause)):
            break
        end = m.end()
    return end


# a document's code as written in questions and texts ("43-KH/TU", "403/QĐ-TTg", "68/NQ-HĐND"), folded
DOC_CODE = r"\b\d+(?:/(?:19|20)\d\d)?[-/][a-z]+(?:[-/][a-z&]+)*"


# a yes/no check of a claim ("Có đúng là …", "Có phải …", "… phải không?", "… đúng không?"), folded
VERIFY = (r"^(?:\W*(?:xin hoi|cho hoi|de nghi cho biet|dong chi cho hoi)\W+)?co (?:dung|phai)\b|\bco (?:dung|phai) (?:la|rang)\b"
           r"|\b(?:phai|dung|chinh xac|dung vay|dung the) khong\W*$")


# the kinds of documents a question names a document by ("Đề án phát triển giáo dục của Hải Phòng"; Nghị định 30/2020)
_DOC_KIND = r"(?:ke hoach|de an|nghi quyet|chuong trinh(?: hanh dong)?|quyet dinh|phu luc|danh muc|chi thi|ket luan)"


@lru_cache(maxsize=4096)
def _naming_text(doc_id: str, title: str, parent: str, head: tuple[str, ...]) -> str:
    """A document's title, parent and first lines as spaced folded words (read once per document, not per question)."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(" ".join([title, parent, *head])))) + " "


def _naming_runs(folded_text: str, docs: list[Document]) -> list[str]:
    """Runs of two or more words right after a document kind that repeat the title of a document in scope: the
    words by which the question names the document ("Đề án *phát triển giáo dục*"), not what it asks about."""
    if not docs or len(docs) > 60:
        return []
    names = [_naming_text(d.doc_id, d.title, d.parent_text or "", tuple(d.lines[:8])) for d in docs]
    runs = []
    # a lookahead: a run may hold the next kind ("Danh mục chỉ tiêu của Đề án giáo dục …"), which names again
    for m in re.finditer(rf"\b{_DOC_KIND}\s+(?=((?:[a-z0-9]+\s+){{1,9}}[a-z0-9]+))", folded_text):
        words = m.group(1).split()
        for n in range(len(words), 1, -1):
            phrase = " ".join(words[:n])
            if any(f" {phrase} " in name for name in names):
                runs.append(phrase)
                break
    return runs


def analyze(question: str, docs: list[Document], today: date | None = None,
            restore: Callable[[str], str] | None = None, background: bool = False) -> Analysis:
    """Analyse one question on its own (see resolve() for conversation context); with `background`, the opening
    sentences that ask nothing give the question its scope but not its topic."""
    typed_bare = not has_diacritics(question)
    spoken = digits_for_spoken_numbers(normalize_text(question).strip())
    decoded = telex.decode(spoken)
    undecoded = unshorten(spoken)
    text = unshorten(decoded) if decoded != spoken else undecoded
    # a true-or-false check ("Đúng hay sai: …") is a claim to verify, like "Có đúng là …"
    text = re.sub(r"^\s*(?:đúng hay sai|đúng hoặc sai|đ/s)\s*[:?]\s*", "Có đúng là ", text, flags=re.IGNORECASE)
    text = re.sub(r"\s{2,}", " ", _ANSWER_FORM.sub(" ", text)).strip()  # "tóm tắt trong 3 ý": the answer's form
    if not text.isupper():  # "AI" in capitals is trí tuệ nhân tạo, never the pronoun "ai" (who)
        text = re.sub(r"(?<![\w&])AI(?![\w&])", "trí tuệ nhân tạo", text)
        text = re.sub(r"(trí tuệ nhân tạo)\s*\(\1\)", r"\1", text, flags=re.IGNORECASE)
    folded = fold(canonicalize(spell_out(text)))  # everyday words read as the official terms
    # a province's name inside an institution's name ("Đại học Thái Nguyên") names the institution, not a place
    def named_places(src: str) -> list:
        return [m for m in find_provinces(src) or find_misspelt_provinces(src)
                if not re.search(_INSTITUTION, fold(src[:m.start]))]

    # a doubled letter may be a held key as well as Telex ("haa tinh"): the place named as typed then counts
    mentions = named_places(text) or (named_places(undecoded) if undecoded != text else [])
    # "phường Ninh Kiều", "xã Lũng Cú": a commune or ward whose government issued a document of the base names
    # that document's province (its plans are read under the province, as a province's own are); a former
    # province's name it bears ("xã Hòa Bình") is then the commune's, not the province's
    plain = fold(text)
    local = [(k, d.province) for d in docs for k in _local_unit_keys(d)
             if k in plain and re.search(rf"(?<![a-z]){re.escape(k)}(?![a-z])", plain)]
    if local:
        spans = [(m.start(), m.end()) for k, _ in local for m in re.finditer(rf"(?<![a-z]){re.escape(k)}(?![a-z])",
                                                                           fold_chars(text))]
        mentions = [m for m in mentions if not any(a <= m.start < b for a, b in spans)]
    corpus_provinces = {d.province for d in docs if d.province}
    provinces, former, unknown = [], {}, []
    for m in mentions:
        if m.province not in provinces:
            provinces.append(m.province)
        if m.former:
            former[m.former] = m.province
    for _, unit in local:
        if unit not in provinces:
            provinces.append(unit)
    initials = province_initials(text, {d.province for d in docs if d.province})
    by_initials = [] if mentions else initials
    provinces.extend(dict.fromkeys(u for _, u in by_initials))
    for p in provinces:
        if p not in corpus_provinces:
            unknown.append(p)
    years = _years(folded)
    year_range = bool(re.search(r"tu (?:nam )?20\d\d (?:den|toi|sang) (?:nam )?20\d\d", folded))
    doc_ids = _doc_mentions(folded, docs, provinces)
    for clause in re.findall(_EXCLUDED, folded):  # "(không phải KH43)": the document asked is another one
        excluded = set(_doc_mentions(clause, docs, provinces))
        if excluded and set(doc_ids) - excluded:
            doc_ids = [d for d in doc_ids if d not in excluded]
    drop: set[str] = set()
    # the topic is read on the accented text (restored when typed without diacritics)
    # a question typed bare whose Telex keys were read ("cac chir tieu nawm 2045") is restored as a bare one
    restorable = strip_marks(text) if typed_bare and restore is not None else text
    topic_text = _without_asker(nfc(_with_equivalents(canonicalize(spell_out(_restored(restorable, restore))))),
                                background)
    # document codes ("43-KH/TU") say which document, not what about it
    topic_text = _blank(topic_text, DOC_CODE)
    # "Nghị quyết số 68": the numbering word of a document's number
    topic_text = _blank(topic_text, rf"\b{_DOC_KIND}\s+so\b")
    # a part pointed at by its number ("mục I khoản 2", "phần III"): where, not what about
    topic_text = _blank(topic_text, r"\b(?:muc|phan|chuong|dieu|khoan|tiet)\s+[ivx]+\b")
    for m in sorted(mentions, key=lambda x: -len(x.surface)):
        # remove the place's own words where they stand ("Hải Phòng"), not everywhere ("phòng học"); a name typed
        # with a slip ("hai phongg") may have been mended by the restoration: then the name as it is spelt
        before = topic_text
        topic_text = _blank(topic_text, rf"(?<![a-z]){re.escape(fold(m.surface))}(?![a-z])", count=1)
        if topic_text == before:
            topic_text = _blank(topic_text, rf"(?<![a-z]){re.escape(fold(m.former or m.province))}(?![a-z])", count=1)
    for k, _ in local:
        topic_text = _blank(topic_text, rf"(?<![a-z]){re.escape(k)}(?![a-z])")
    for w, unit in initials:  # "KH43 CB: … Cao Bằng": initials of a place named anyway are not topic either
        if unit in provinces:
            topic_text = _blank(topic_text, rf"(?<![a-z]){re.escape(fold(w))}(?![a-z])", count=1)
    # a document named by its kind's short form and number ("KH43", "pl01", "NQ 68") says which document
    topic_text = _blank(topic_text, _DOC_SHORT_CODE)
    issuers = _doc_index(docs).issuers_re
    if issuers is not None:  # words naming a document's issuer ("Sở Giáo dục và Đào tạo") say which document
        topic_text = _blank(topic_text, issuers)
    scoped = [d for d in docs if d.doc_id in doc_ids] or [d for d in docs if provinces and d.province in provinces]
    topic_text = long_forms(topic_text)  # before the naming runs: "Đề án GDĐT" names by "giáo dục và đào tạo"
    for run in _naming_runs(" ".join(re.findall(r"[a-z0-9]+", fold_chars(topic_text))), scoped):
        topic_text = _blank(topic_text, rf"(?<![a-z0-9]){re.escape(run).replace(chr(92) + ' ', r'[^a-z0-9]+')}(?![a-z0-9])",
                            count=1)
    for doc in docs:
        if doc.doc_id in doc_ids and doc.so_hieu:
            drop.update(re.findall(r"[a-z0-9]+", fold(doc.so_hieu)))
        if doc.doc_id in doc_ids and doc.issuer:  # "PL01 Sở GDĐT": the named document's issuer, shortened
            issuer = fold(long_forms(doc.issuer)).replace(fold(doc.province or "\0"), "").strip()
            topic_text = _blank(topic_text, rf"(?<![a-z]){re.escape(issuer)}(?![a-z])")
    # "chỉ số này", "tỷ lệ đó": a record named back by a bare generic noun says which record, not what about it
    topic_text = _REFERRING.sub(lambda m: " " * len(m.group(0)), topic_text)
    topic, phrases, terms = topic_terms(topic_text, drop)

    # the asker's self-introduction ("Tôi phụ trách công tác dân tộc …") and the official addressed say who asks
    # and who answers, not the kind of answer asked
    intent = _intent(fold(_tone_apart(canonicalize(spell_out(_without_asker(nfc(text)))))), len(provinces), len(years))
    rows = row_codes(text)
    if intent in {"open", "list"} and rows:
        intent = "value"  # "dòng 8 ghi gì": the row's card (its values and agencies)
    if intent == "open" and re.search(r"(?:^|[:,]\s*)số\s+(?!hiệu\b|ký\b|mấy\b)\w+", text, re.IGNORECASE):
        intent = "value"  # a keyword string naming a count ("KH43 CB: số trường nội trú … đến 2030?"), not "Sở …"
    named = [d for d in docs if d.doc_id in doc_ids and (not provinces or d.province in provinces)]
    if intent == "value" and len(named) >= 2:
        intent = "comparison"  # a figure asked of two named documents: each one's, side by side (as of two provinces)
    focus = ""
    if re.search(r"phoi hop|trien khai|to chuc thuc hien|don vi thuc hien|bao cao ket qua", folded):
        focus = "partners"
    elif re.search(r"chu tri|theo doi|danh gia|dau moi|phu trach", folded):
        focus = "lead"
    analysis = Analysis(
        question=text,
        folded=folded,
        intent=intent,
        provinces=provinces,
        former_names=former,
        unknown_places=unknown,
        years=years,
        year_range=year_range,
        period=_period(text),
        doc_ids=doc_ids,
        topic=topic,
        phrases=phrases,
        topic_terms=terms,
        agency_focus=focus,
        docfact_fields=_docfact_fields(folded) if intent == "docfact" else [],
        # asked in the question proper, not in the purpose after it ("… tháng nào? Tôi cần biết để hỏi xem đã quá hạn
        # chưa."): that asks one task's deadline, not the list of overdue ones
        wants_overdue=bool(re.search(r"qua han|tre han|cham tien do", fold(text[:afterword_start(text)]))),
        wants_recurring=bool(re.search(r"thuong xuyen|hang nam|dinh ky", folded)),
        breakdown=bool(re.search(_BREAKDOWN, folded)),
        row_codes=rows,
        background=background_end(text) > 0 or afterword_start(text) < len(text),
    )
    code = re.search(r"(?:" + TASK_BY_NUMBER + r"|\bmuc) (?:so )?(\d+(?:\.\d+)+)", folded)
    analysis.task_code = code.group(1) if code else ""
    analysis.other_places = bool(re.search(_OTHER_PLACES, folded))
    if analysis.period and analysis.intent in {"value", "deadline", "open"} and re.search(VERIFY, folded):
        # a yes/no check of when something is due: its time is the claim to check, so the question asks the
        # deadline of its subject, in whatever period the document sets it
        claimed = analysis.period
        analysis.intent, analysis.claimed_period, analysis.period = "deadline", claimed, None
        analysis.years = [y for y in analysis.years if not claimed[0][:4] <= str(y) <= claimed[1][:4]]
    if analysis.intent == "value" and re.search(VERIFY, folded):
        analysis.claimed_figures = claimed_figures(folded)
    analysis.is_followup = bool(re.search(_FOLLOWUP, folded)) or (len(analysis.topic) == 0 and intent != "docfact")
    analysis.refers_back = refers_back(question)
    analysis.names_asked = names_asked(question)
    kind, analysis.ordinal = ordinal_asked(question)
    analysis.year_alone = bool(analysis.years) and bool(re.search(_YEAR_ALONE, folded))
    analysis.names_asked = analysis.names_asked or kind
    return analysis


# places and bodies whose names a question may ask ("cụ thể là những xã nào", "tên hai trường đó là gì"): general
# nouns of administrative and school life (data); not "tỉnh": an answer names provinces without the word
_NAMED_KINDS = r"xã|phường|trường|trường đại học|cơ sở|trung tâm|bệnh viện|thôn|bản|điểm trường"


# one year asked by itself ("riêng năm 2027", "chỉ tính năm 2027", "năm 2027 thôi"; folded): a target set for a
# period that spans it, even an average per year, is not that year's own figure
_YEAR_ALONE = r"\brieng (?:cho |trong )?nam\b|\bchi (?:tinh |rieng )?(?:trong )?nam (?:19|20)\d\d\b|\bnam (?:19|20)\d\d thoi\b"


# ordinal numerals (Vietnamese grammar: "thứ" + numeral; "thứ nhất", "thứ tư" are the irregular forms)
_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
             "mười": 10}


def ordinal_asked(question: str) -> tuple[str, int]:
    """The kind and place of the one item asked by its rank in a list ("trường thứ sáu là trường nào" →
    ("trường", 6)); ("", 0) when none is asked."""
    text = nfc(question).lower()
    m = re.search(rf"\b({_NAMED_KINDS})\s+thứ\s+(\d{{1,2}}|{'|'.join(_ORDINALS)})\b", text)
    if not m:
        return "", 0
    return m.group(1), int(m.group(2)) if m.group(2).isdigit() else _ORDINALS[m.group(2)]


def names_asked(question: str) -> str:
    """The kind of thing whose names the question asks ('' when it asks none), read on the accented text."""
    text = nfc(question).lower()
    # "nào" of "thế nào"/"ra sao" asks how, "gì" of "làm gì" what for; a year before the kind is no count
    m = re.search(rf"\b(?:những|các|mấy|hai|ba|bốn|sáu|\d{{1,3}})\s+({_NAMED_KINDS})\b(?:\s+\w+){{0,6}}?\s+(?:là\s+)?"
                  rf"(?:(?<!thế )nào|(?<!làm )(?<!cái )gì)\b"
                  rf"|\b(?:là|ở|tại)\s+(?:những|các)\s+({_NAMED_KINDS})\s+nào\b"
                  rf"|\b(?:kể|nêu|cho biết)\s+tên\s+(?:(?:các|những|\d+)\s+)?({_NAMED_KINDS})\b"
                  rf"|\btên\s+(?:của\s+)?(?:(?:các|những|hai|ba|\d+)\s+)?({_NAMED_KINDS})\b", text)
    return next((g for g in m.groups() if g), "") if m else ""


# the things a previous answer is about, named again with a demonstrative ("chỉ tiêu đó", "các trường này", "việc
# ấy"): general words of plans (data; "việc"/"trường" are the everyday names of a task and of the schools it builds)
# nouns that name a target or task without saying what it is about (general words of plans; data): with a
# demonstrative right after them ("chỉ số này", "tỷ lệ đó") they point at the previous answer's record
_GENERIC_REFERENTS = r"chỉ tiêu|chỉ số|mục tiêu|nhiệm vụ|nội dung|hạng mục|con số|số liệu|tỷ lệ|tỉ lệ"
_RECORD_NOUNS = (rf"{_GENERIC_REFERENTS}|việc|đề án|dòng|công trình|dự án|trường|cơ sở|các trường"
                 r"|những trường|mấy trường|các cơ sở")
_DEMONSTRATIVES = r"đó|này|ni|ấy|nói trên|kể trên|trên|vừa (?:rồi|hỏi|nêu)"
_REFERRING = re.compile(rf"(?<!\w)(?:{_GENERIC_REFERENTS})\s+(?:{_DEMONSTRATIVES})(?!\w)", re.IGNORECASE)


def refers_back(question: str) -> bool:
    """The question names what the previous answer was about ("Cơ quan nào chủ trì chỉ tiêu đó?"). Read on the
    accented text (folded "do" is also "do" = by); a question typed without any marks is read folded."""
    text = nfc(question).lower()
    if re.search(rf"\b(?:{_RECORD_NOUNS})(?:\s+\w+){{0,3}}?\s+(?:{_DEMONSTRATIVES})(?!\w)", text):
        return True
    if fold(text) == text:  # typed without marks
        return bool(re.search(rf"\b(?:{fold(_RECORD_NOUNS)})(?:\s+\w+){{0,3}}?\s+(?:do|nay|ay)\b(?! (?:ai|co quan|don vi))",
                              text))
    return False


# words that ask when (folded): a clause holding one is a question of its own
_ASK_WHEN = (r"\b(?:khi nao|bao gio|ngay nao|thang (?:nao|may)|nam (?:hoc )?nao|quy (?:nao|may)|han (?:nao|chot la)"
             r"|thoi (?:diem|han|gian) nao|luc nao|den bao gio)\b")


def deadline_parts(question: str) -> list[str]:
    """The clauses of a question that asks two deadlines at once ("sơ kết làm khi nào, báo cáo nộp trước ngày
    nào?"), each ending with its own question word; [] for a question that asks one."""
    pieces, depth, current = [], 0, ""
    for piece in re.split(r"(\(|\)|[,;]\s+|\s+(?:và|còn)\s+)", question):  # never inside brackets
        depth += piece.count("(") - piece.count(")")
        if depth == 0 and re.fullmatch(r"[,;]\s+|\s+(?:và|còn)\s+", piece):
            pieces.append(current)
            current = ""
        else:
            current += piece
    pieces = [p.strip(" ,;?") for p in [*pieces, current] if p.strip(" ,;?")]
    parts, pending = [], ""
    for piece in pieces:  # words without a question word belong to the clause that asks after them
        pending = f"{pending}, {piece}" if pending else piece
        if re.search(_ASK_WHEN, fold(piece)):
            parts.append(pending)
            pending = ""
    if pending and parts:
        parts[-1] = f"{parts[-1]}, {pending}"
    return [p + "?" for p in parts] if len(parts) >= 2 else []


def resolve(question: str, history: list[str], docs: list[Document],
            restore: Callable[[str], str] | None = None, background: bool = False) -> Analysis:
    """Analyse a question in a conversation: a follow-up inherits what it leaves out (`background`: see
    analyze)."""
    context: Analysis | None = None
    for earlier in history:
        a = analyze(earlier, docs, restore=restore)
        context = _merge(a, context) if context and a.is_followup else a
    current = analyze(question, docs, restore=restore, background=background)
    if context is None:
        return current
    if not current.is_followup and current.topic_terms <= 1 and context.topic and not (
            current.provinces or current.doc_ids or current.unknown_places):
        # "Tương ứng với bao nhiêu xã?": one word of its own is a detail of the subject asked before
        merged = _merge(replace(current, topic=list(dict.fromkeys(context.topic + current.topic))), context)
        merged.question = f"{context.question} {current.question}"
        merged.inherited = ["topic", *merged.inherited]
        return merged
    if not current.is_followup:
        if current.provinces or current.doc_ids or current.unknown_places or not (context.provinces or context.doc_ids):
            return current
        # a new question that names no place or document stays in the conversation's ("Năm 2025 đã có bao
        # nhiêu trường?" after a question about one province's plan)
        placed = replace(current, provinces=context.provinces, doc_ids=context.doc_ids, inherited=["place"])
        return placed
    merged = _merge(current, context)
    if current.other_places and context.provinces:
        # "tỉnh nào khác cũng đặt chỉ tiêu này?": the provinces of the base other than the one asked before
        merged.provinces = sorted({d.province for d in docs if d.province} - set(context.provinces))
        merged.doc_ids, merged.intent = [], "comparison"
    return merged


def levels(topic: list[str]) -> list[str]:
    """Levels of education named in a topic (folded phrases of index.thesaurus.EDUCATION_LEVELS)."""
    text = f" {' '.join(topic)} "
    found = []
    for level in EDUCATION_LEVELS:
        if f" {level} " in text:
            found.append(level)
            text = text.replace(f" {level} ", " ")
    return found


def _merge(current: Analysis, previous: Analysis) -> Analysis:
    inherited = []
    merged = replace(current)
    if not current.topic:
        merged.topic = previous.topic
        merged.phrases = previous.phrases
        merged.task_code = current.task_code or previous.task_code
        inherited.append("topic")
    elif levels(current.topic) and previous.topic:
        # "còn cấp 2 thì sao?": the earlier topic with its level of education replaced by the one named
        kept = " ".join(previous.topic)
        for level in levels(previous.topic):
            kept = re.sub(rf"\b{level}\b", " ", kept)
        merged.topic = list(dict.fromkeys(current.topic + kept.split()))
        merged.phrases = list(dict.fromkeys(current.phrases + [p for p in previous.phrases if p in " ".join(
            merged.topic)]))
        inherited.append("topic")
    if "topic" in inherited:  # retrieval reads the question the follow-up continues as well
        merged.question = f"{previous.question} {current.question}"
    if not current.provinces and not current.doc_ids:
        merged.provinces = previous.provinces
        merged.doc_ids = previous.doc_ids
        merged.unknown_places = previous.unknown_places
        inherited.append("place")
    # a follow-up asking which year ("năm nào thì đạt 100%?") asks for the year: it does not keep the one before
    if not current.years and not current.period and not re.search(r"\b(?:nam nao|khi nao|bao gio)\b", current.folded):
        merged.years = previous.years
        inherited.append("year")
    generic = current.intent in {"value", "open"}
    if generic and previous.intent not in {"open"}:
        if not (current.years and previous.intent in {"agency", "deadline"}):
            merged.intent = previous.intent if previous.intent != "comparison" or len(merged.provinces) > 1 else "value"
        inherited.append("intent")
    if merged.intent == "docfact" and not current.docfact_fields:
        merged.docfact_fields = previous.docfact_fields
    if merged.intent == "comparison" and current.provinces and previous.provinces:
        merged.provinces = list(dict.fromkeys(previous.provinces + current.provinces))
    merged.inherited = inherited
    return merged
