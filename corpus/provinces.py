"""The 34 provincial-level units of Viet Nam (from 1 July 2025) and the names merged into them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.textnorm import fold, fold_chars, has_diacritics, normalize_tones

# current unit -> former provinces merged into it (Nghị quyết 202/2025/QH15)
PROVINCES: dict[str, list[str]] = {
    "Hà Nội": [],
    "Huế": ["Thừa Thiên Huế", "Thừa Thiên - Huế"],
    "Hải Phòng": ["Hải Dương"],
    "Đà Nẵng": ["Quảng Nam"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu", "Bà Rịa-Vũng Tàu"],
    "Cần Thơ": ["Sóc Trăng", "Hậu Giang"],
    "Lai Châu": [],
    "Điện Biên": [],
    "Sơn La": [],
    "Lạng Sơn": [],
    "Quảng Ninh": [],
    "Thanh Hóa": [],
    "Nghệ An": [],
    "Hà Tĩnh": [],
    "Cao Bằng": [],
    "Tuyên Quang": ["Hà Giang"],
    "Lào Cai": ["Yên Bái"],
    "Thái Nguyên": ["Bắc Kạn"],
    "Phú Thọ": ["Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Giang"],
    "Hưng Yên": ["Thái Bình"],
    "Ninh Bình": ["Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Bình"],
    "Quảng Ngãi": ["Kon Tum"],
    "Gia Lai": ["Bình Định"],
    "Khánh Hòa": ["Ninh Thuận"],
    "Lâm Đồng": ["Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Phú Yên"],
    "Đồng Nai": ["Bình Phước"],
    "Tây Ninh": ["Long An"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Tiền Giang"],
    "Cà Mau": ["Bạc Liêu"],
    "An Giang": ["Kiên Giang"],
}

# spellings people type for the current units
_ALIASES: dict[str, list[str]] = {
    "Hồ Chí Minh": ["TP HCM", "TP.HCM", "TPHCM", "HCM", "Sài Gòn", "Thành phố Hồ Chí Minh"],
    "Hà Nội": ["HN"],
    "Đắk Lắk": ["Đắc Lắc", "Dak Lak"],
    "Thanh Hóa": ["Thanh Hoá"],
    "Khánh Hòa": ["Khánh Hoà"],
}


@dataclass(frozen=True)
class ProvinceMention:
    """A province named in a text: the current unit and the words that named it."""

    province: str  # current unit
    surface: str  # as written
    former: str | None = None  # the former province name, if the text used one
    start: int = 0


def _build_patterns() -> list[tuple[re.Pattern[str], str, str | None, str]]:
    entries: list[tuple[str, str, str | None]] = []
    for current, merged in PROVINCES.items():
        entries.append((current, current, None))
        for alias in _ALIASES.get(current, []):
            entries.append((alias, current, None))
        for old in merged:
            entries.append((old, current, old))
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    pats = []
    for name, current, former in entries:
        key = re.escape(fold(name)).replace(r"\ ", r"[\s\-]*")
        pats.append((re.compile(rf"(?<![a-z0-9]){key}(?![a-z0-9])"), current, former, name))
    return pats


_PATTERNS = _build_patterns()


def find_provinces(text: str) -> list[ProvinceMention]:
    """Every province named in text (with or without diacritics), in order, no overlaps."""
    text = normalize_tones(text)
    folded = fold_chars(text)
    taken: list[tuple[int, int]] = []
    found: list[ProvinceMention] = []
    for pat, current, former, name in _PATTERNS:
        for m in pat.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            written = text[m.start() : m.end()]
            # typed with diacritics: they must be the province's ("lòng an" is not "Long An")
            if has_diacritics(written) and _squash(written) != _squash(normalize_tones(name)):
                continue
            taken.append((m.start(), m.end()))
            found.append(ProvinceMention(current, written, former, m.start()))
    found.sort(key=lambda p: p.start)
    return found


def _slip(name: str, typed: str) -> bool:
    """True if typed is name with one key held down ("phongg") or one letter dropped ("bng")."""
    if len(typed) == len(name) + 1:
        return any(typed[:i] + typed[i + 1:] == name and typed[i] == typed[i - 1] for i in range(1, len(typed)))
    if len(typed) == len(name) - 1 and len(typed) >= 2:
        return any(name[:i] + name[i + 1:] == typed for i in range(len(name)))
    return False


def find_misspelt_provinces(text: str) -> list[ProvinceMention]:
    """Provinces named with one typing slip in a name typed without diacritics ("hai phongg", "cao bng"): a run of
    as many words as the name, one of them with a key held down or a letter dropped (names of two words or more
    and five letters or more only, so that short words are never taken for a place)."""
    found: list[ProvinceMention] = []
    words = list(re.finditer(r"[A-Za-z]+", text))
    for _, current, former, name in _PATTERNS:
        parts = fold(name).split()
        if len(parts) < 2 or len("".join(parts)) < 5:
            continue
        for k in range(len(words) - len(parts) + 1):
            run = words[k:k + len(parts)]
            typed = [w.group(0).lower() for w in run]
            slips = [t != p for t, p in zip(typed, parts, strict=True)]
            if sum(slips) == 1 and all(_slip(p, t) for t, p in zip(typed, parts, strict=True) if t != p):
                start, end = run[0].start(), run[-1].end()
                if not re.search(r"[^\s\w]", text[start:end]) and not any(
                        m.start < end and start < m.start + len(m.surface) for m in found):
                    found.append(ProvinceMention(current, text[start:end], former, start))
    found.sort(key=lambda p: p.start)
    return found


def canonical(name: str | None) -> str | None:
    """Current unit for a province name (old names map to the unit they merged into)."""
    if not name:
        return None
    hits = find_provinces(name)
    return hits[0].province if hits else None


def _squash(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text.lower())
