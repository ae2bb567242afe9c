"""One canonical name per agency for the task filters: short forms expanded, fragments dropped.

Task cells name agencies in many ways ("UBND tỉnh", "Ủy ban nhân dân tỉnh", "Sở GDĐT", "Sở Giáo dục và
Đào tạo") and the readers sometimes leave fragments ("các các ngành liên quan", "chính quyền", "phường").
`agency_names` splits a cell into names, `canonical_key` folds each to one key, and `AgencyIndex` keeps
for each key the fullest spelling seen plus the short forms, so a filter choice matches exactly the
tasks naming that agency (not every task whose text happens to contain a word of it).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from corpus.agencies import is_agency, is_bare_head, split_agencies
from corpus.textnorm import fold

# short forms of agency names (a general convention of Vietnamese administrative texts)
SHORT_FORMS: list[tuple[str, str]] = [
    (r"\bUBND\b", "Ủy ban nhân dân"),
    (r"\bHĐND\b", "Hội đồng nhân dân"),
    (r"\bMTTQ\b", "Mặt trận Tổ quốc"),
    (r"\bVN\b", "Việt Nam"),
    (r"\bSở\s+GD\s*(?:&|và)?\s*ĐT\b", "Sở Giáo dục và Đào tạo"),
    (r"\bSở\s+KH\s*(?:&|và)\s*CN\b", "Sở Khoa học và Công nghệ"),
    (r"\bSở\s+KHCN\b", "Sở Khoa học và Công nghệ"),
    (r"\bSở\s+LĐ-?TB\s*(?:&|và)?\s*XH\b", "Sở Lao động - Thương binh và Xã hội"),
    (r"\bSở\s+VHTTDL\b", "Sở Văn hóa, Thể thao và Du lịch"),
    (r"\bSở\s+TTTT\b", "Sở Thông tin và Truyền thông"),
    (r"\bSở\s+TC\b", "Sở Tài chính"),
    (r"\bSở\s+NV\b", "Sở Nội vụ"),
    (r"\bCA\s+tỉnh\b", "Công an tỉnh"),
]
_SHORT = [(re.compile(p, re.IGNORECASE if "Sở" not in p else 0), long) for p, long in SHORT_FORMS]
# spellings that differ only in tone-mark placement or case
_TONE = [(re.compile("Uỷ", re.IGNORECASE), "Ủy"), (re.compile("uỷ"), "ủy"), (re.compile("hoá"), "hóa"),
         (re.compile("thuỷ"), "thủy")]
# words that carry no identity at the start of a name ("các các ngành" → "các ngành")
_LEADING_NOISE = re.compile(r"^(?:(?:và|với|cùng|của|do|các|những)\s+)+(?=(?:các|những)\s)", re.IGNORECASE)
_MIN_WORDS = 2
# a duty verb ends the name: what follows is what the agency does, not who it is (lower case only:
# "Ban Chỉ đạo …" is a name)
_DUTY = re.compile(r"\s+(?:chỉ đạo|phối hợp|thực hiện|chủ trì|tham mưu|hướng dẫn|triển khai|theo dõi|báo cáo|"
                   r"lãnh đạo|tổ chức thực hiện|xây dựng|đôn đốc|kiểm tra|giám sát|trình)\b.*$")


def clean_name(name: str) -> str:
    """The name with short forms expanded, tone marks unified, doubled words and stray punctuation removed."""
    text = re.sub(r"\s+", " ", name or "").strip(" .,;:-–+•*()")
    text = re.sub(r"\b(\w+)(?:\s+\1\b)+", r"\1", text)  # "các các" → "các" ("ủy Ủy ban" stays)
    text = _DUTY.sub("", text)  # "Sở X chỉ đạo các ngành…" → "Sở X"
    text = _LEADING_NOISE.sub("", text)
    for pat, long in _SHORT:
        text = pat.sub(long, text)
    for pat, rep in _TONE:
        text = pat.sub(rep, text)
    if text[:1].islower() and not text.lower().startswith(("các ", "những ")):
        text = text[:1].upper() + text[1:]
    return text.strip()


def canonical_key(name: str) -> str:
    """The folded key two spellings of one agency share."""
    return re.sub(r"[^a-z0-9 ]", "", fold(clean_name(name))).strip()


def is_name(name: str) -> bool:
    """A whole agency name, not a fragment: the shape of a body, more than its head word."""
    text = clean_name(name)
    if not text or len(text) > 90 or is_bare_head(text):
        return False
    if len(text.split()) < _MIN_WORDS:
        return False
    return is_agency(text)


def agency_names(cell: str) -> list[str]:
    """The agency names of one cell (lead, partners or responsible), cleaned, fragments dropped."""
    out = []
    for part in split_agencies(cell or ""):
        for piece in re.split(r"\n|;", part):
            if is_name(piece):
                out.append(clean_name(piece))
    return out


class AgencyIndex:
    """Canonical agencies of a set of task cells: key → display name (the most used, then longest spelling)."""

    def __init__(self, cells: Iterable[str] = ()):
        self._spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for cell in cells:
            self.add(cell)

    def add(self, cell: str) -> list[str]:
        keys = []
        for name in agency_names(cell):
            key = canonical_key(name)
            if key:
                self._spellings[key][name] += 1
                keys.append(key)
        return keys

    def label(self, key: str) -> str:
        spellings = self._spellings.get(key)
        if not spellings:
            return key
        name = max(spellings.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        return name[:1].upper() + name[1:]

    def short_forms(self, key: str) -> list[str]:
        return sorted(self._spellings.get(key, {}))

    def choices(self) -> list[tuple[str, str]]:
        """(label, key) pairs sorted by label, ignoring diacritics."""
        return sorted(((self.label(k), k) for k in self._spellings), key=lambda kv: fold(kv[0]))

    def keys_of(self, *cells: str) -> set[str]:
        return {canonical_key(n) for cell in cells for n in agency_names(cell)}
