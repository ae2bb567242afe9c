"""Vietnamese text in the encodings older offices still have: TCVN3 (ABC, `.VnTime`), VNI (`VNI-Times`),
Windows-1258 and UTF-16 without a byte-order mark, detected and converted to Unicode NFC.

The two font encodings are tables of data below:
- TCVN3: TCVN 5712:1993 as glibc's iconv implements it (`iconv -f TCVN5712-1`); bytes 0xA1-0xFF are the
  "VN3" letters of the ABC `.VnTime` fonts, 0x80-0x9F and a few control codes the capitals that only the
  full "VN1" table has. VN3 files write capitals with toned letters in the `.VnTimeH` font, that is with
  the lower-case codes: `restore_capitals` puts them back in capitals lines.
- VNI: the VNI-Windows font encoding (VNI Software), where a letter is a base letter followed by a mark
  byte, read through Windows-1252 as Word and web pages show it ("Vieät Nam"); cross-checked against the
  VNI and TCVN3 tables of the Vietnamese keyboard VBKey (github.com/khiemdoan/VBKey, mdlCodeTable.bas).

Detection scores each candidate reading by how Vietnamese it looks (letters of the Vietnamese alphabet,
syllables of a valid shape) and keeps the best; a text that no reading makes Vietnamese is refused,
never ingested as mojibake.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- TCVN3 (TCVN 5712:1993, VN1 ⊃ VN3 = ABC) --------------------------------------------------------
# bytes 0x80..0xFF, sixteen a row; "\x00" marks a byte the table leaves as Latin-1 (0xA0, 0xFD)
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\x00ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0 (0xB0-0xB4: combining tone marks)
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "Ỗủũúụừửữứựỳỷỹýỵ" "Ố"  # 0xF0
)
TCVN3_TO_UNICODE: dict[int, str] = {0x80 + i: ch for i, ch in enumerate(_TCVN3_HIGH) if ch != "\x00"}
TCVN3_TO_UNICODE.update({  # capitals VN1 keeps among the control codes (never tab or line breaks)
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự",
    0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
})
# VN3 has capital codes for these seven only; every other capital is written with the lower-case code
_VN3_CAPITALS = set("ĂÂÊÔƠƯĐ")

# --- VNI-Windows ------------------------------------------------------------------------------------
# mark bytes as Windows-1252 shows them, lower case / capitals
_VNI_TONES = {"grave": ("ø", "Ø"), "acute": ("ù", "Ù"), "hook": ("û", "Û"), "tilde": ("õ", "Õ"), "dot": ("ï", "Ï")}
# circumflex + tone and breve + tone take one mark byte each; the bare circumflex/breve too
_VNI_CIRCUMFLEX = {"": ("â", "Â"), "grave": ("à", "À"), "acute": ("á", "Á"), "hook": ("å", "Å"),
                   "tilde": ("ã", "Ã"), "dot": ("ä", "Ä")}
_VNI_BREVE = {"": ("ê", "Ê"), "grave": ("è", "È"), "acute": ("é", "É"), "hook": ("ú", "Ú"),
              "tilde": ("ü", "Ü"), "dot": ("ë", "Ë")}
# letters that are one byte: đ, ơ, ư and the toned i (and ỵ)
_VNI_SINGLE = {"ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ì": "ì", "Ì": "Ì", "í": "í",
               "Í": "Í", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ"}
_TONE_MARK = {"grave": "\u0300", "acute": "\u0301", "hook": "\u0309", "tilde": "\u0303", "dot": "\u0323"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in "aeouyAEOUY":
        cap = base.isupper()
        for tone, marks in _VNI_TONES.items():
            table[base + marks[cap]] = unicodedata.normalize("NFC", base + _TONE_MARK[tone])
        if base in "aeoAEO":  # â ê ô and their tones
            for tone, marks in _VNI_CIRCUMFLEX.items():
                table[base + marks[cap]] = unicodedata.normalize("NFC", base + "\u0302" + _TONE_MARK.get(tone, ""))
        if base in "aA":  # ă and its tones
            for tone, marks in _VNI_BREVE.items():
                table[base + marks[cap]] = unicodedata.normalize("NFC", base + "\u0306" + _TONE_MARK.get(tone, ""))
    for horn, letter in (("ô", "ơ"), ("Ô", "Ơ"), ("ö", "ư"), ("Ö", "Ư")):  # ơ ư + tone
        cap = horn.isupper()
        for tone, marks in _VNI_TONES.items():
            table[horn + marks[cap]] = unicodedata.normalize("NFC", letter + _TONE_MARK[tone])
    return table


VNI_TO_UNICODE: dict[str, str] = _vni_table()
VNI_TO_UNICODE.update({k: v for k, v in _VNI_SINGLE.items() if k not in VNI_TO_UNICODE})
# one pass, longest sequence first: a letter the pass writes is never read again
_VNI_SEQ = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))

# fonts whose runs hold legacy text in Word and HTML
TCVN3_FONTS = re.compile(r"^\.?vn(?!i\b|i[- ])", re.IGNORECASE)  # .VnTime, .VnTimeH, .VnArial, .VnCentury …
VNI_FONTS = re.compile(r"^vni[- ]", re.IGNORECASE)  # VNI-Times, VNI-Helve …


def _as_bytes(text: str) -> bytes:
    """The bytes behind text that shows an 8-bit encoding through Windows-1252 (or Latin-1)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += bytes([ord(ch)]) if ord(ch) < 256 else b"?"
    return bytes(out)


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes to Unicode NFC, capitals restored (see restore_capitals)."""
    ambiguous: list[bool] = []
    chars: list[str] = []
    for b in data:
        ch = TCVN3_TO_UNICODE.get(b)
        if ch is None:
            ch = chr(b)
        chars.append(ch)
        ambiguous.append(b >= 0xAF and ch.islower())  # ă â ê ô ơ ư đ have VN3 capitals (0xA1-0xA7)
    return unicodedata.normalize("NFC", restore_capitals(chars, ambiguous))


def tcvn3_text(text: str) -> str:
    """Text that shows TCVN3 through Windows-1252 (a `.VnTime` run in Word, a web page) to Unicode."""
    return decode_tcvn3(_as_bytes(text))


def vni_text(text: str) -> str:
    """Text that shows VNI through Windows-1252 ("Vieät Nam") to Unicode NFC."""
    text = _VNI_SEQ.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)
    return unicodedata.normalize("NFC", text)


def decode_vni(data: bytes) -> str:
    return vni_text(data.decode("cp1252", errors="replace"))


def restore_capitals(chars: list[str], ambiguous: list[bool]) -> str:
    """VN3 writes a toned capital with its lower-case code (the `.VnTimeH` font draws it as a capital):
    in a word whose other letters are capitals ("HO¹CH" → "HOẠCH"), and in a word with one capital or
    none ("KÕ", "ñY") on a line whose words are all capitals, the ambiguous letters become capitals.
    A word ending in ':' is a label ("Số:") and keeps its case."""
    text = "".join(chars)
    out = list(chars)
    for line in re.finditer(r"[^\n]+", text):
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", line.group(0))]
        info = []
        for s, e in words:
            s, e = s + line.start(), e + line.start()
            upper = sum(1 for i in range(s, e) if not ambiguous[i] and chars[i].isupper())
            lower = sum(1 for i in range(s, e) if not ambiguous[i] and chars[i].islower())
            amb = any(ambiguous[s:e])
            info.append((s, e, upper, lower, amb))
        decisive = [(u >= 2 and lo == 0) for _, _, u, lo, _ in info if u + lo >= 2]
        caps_line = bool(decisive) and all(decisive) and not any(lo for *_, lo, _ in info)
        for s, e, upper, lower, amb in info:
            if not amb or lower:
                continue
            if upper >= 2 or (caps_line and not text[s:e].endswith(":")):
                for i in range(s, e):
                    if ambiguous[i]:
                        out[i] = chars[i].upper()
    # a word that starts with an ambiguous letter is capitalised where a sentence or a cell starts,
    # and in "Ủy ban" (the head of agency names: "Ủy ban nhân dân", "Ủy ban Mặt trận")
    joined = "".join(out)
    for m in re.finditer(r"(?:^|(?<=\t)|(?<=[.!?:]\s)|(?<=^[-–+•]\s))(\w)|(?<!\w)(ủ)(?=y ban\b)", joined, re.M):
        i = m.start(1) if m.group(1) else m.start(2)
        if ambiguous[i]:
            out[i] = chars[i].upper()
    return "".join(out)


# --- how Vietnamese a text looks ---------------------------------------------------------------------
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VIET_LETTERS = set(VNI_TO_UNICODE.values()) | set(_VNI_SINGLE.values()) | set("ăâêôơưđĂÂÊÔƠƯĐ") \
    | {c for c in _TCVN3_HIGH if c.isalpha()}
# typographic signs a Unicode Vietnamese document may hold besides letters
_SIGNS = set("–—‘’“”…•·≥≤±×÷°€²³½¼¾§©®™\u00a0\u200b\ufeff→←↑↓∑√∆≈≠‰№") | {chr(c) for c in range(0x2000, 0x2070)}
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu iê oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy "
    "ưa ưi ưu ươ yê iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu uơi"
).split()
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + r")"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def is_syllable(word: str) -> bool:
    """True if a word has the shape of a Vietnamese syllable (one tone at most, a valid vowel group)."""
    d = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in d) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return bool(_SYLLABLE.match(base))


@dataclass
class Reading:
    name: str
    text: str
    bad: int = 0  # signs no Vietnamese text has, and non-ASCII words that are no syllable
    good: int = 0  # words with a Vietnamese letter that are syllables

    @property
    def quality(self) -> tuple[int, int]:
        return (-self.bad, self.good)


def score(name: str, text: str) -> Reading:
    text = unicodedata.normalize("NFC", text)
    r = Reading(name, text)
    for ch in set(text):
        if ord(ch) > 0x7F and ch not in _VIET_LETTERS and ch not in _SIGNS and not ch.isspace():
            r.bad += text.count(ch)
        elif ord(ch) < 0x20 and ch not in "\t\n\r\f":
            r.bad += text.count(ch)
    for word in re.findall(r"[^\W\d_]+", text):
        if any(ord(c) > 0x7F for c in word):
            if is_syllable(word):
                r.good += 1
            else:
                r.bad += 1
    return r


def looks_garbled(r: Reading) -> bool:
    """Too many signs or words that are not Vietnamese: the text was read in the wrong encoding.
    A few are tolerated (ethnic place names such as "Krông", a foreign name, a stray symbol)."""
    n = r.good + r.bad
    return r.bad > max(3, 0.1 * n) or (r.bad > 0 and 2 * r.bad >= n)


def best_reading(candidates: list[Reading]) -> Reading:
    return max(candidates, key=lambda r: r.quality)


def repair_text(text: str) -> tuple[str, str]:
    """(text, encoding name): a Unicode text that shows a legacy encoding through Windows-1252 —
    TCVN3, VNI, or UTF-8 read as Windows-1252 — converted; a good text is returned as it is."""
    plain = score("unicode", text)
    if not looks_garbled(plain):
        return plain.text, "unicode"
    candidates = [plain, score("tcvn3", tcvn3_text(text)), score("vni", vni_text(text))]
    try:
        candidates.append(score("utf-8", _as_bytes(text).decode("utf-8")))
    except UnicodeDecodeError:
        pass
    best = best_reading(candidates)
    return best.text, best.name


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte of the text is mostly zero (Latin and Vietnamese
    letters in UTF-16 have a zero or 0x1E/0x01 high byte), else None."""
    sample = data[:8192]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """(Unicode NFC text, encoding name) of a plain-text file, or None when no encoding makes it
    Vietnamese text. Order: byte-order mark, UTF-16 without one, UTF-8 (repaired if it shows a legacy
    encoding), then the best of Windows-1258, TCVN3 and VNI."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), enc)
            except UnicodeDecodeError:
                return None
    enc = utf16_without_bom(data)
    if enc:
        try:
            return _checked(data.decode(enc), enc)
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:4096]:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        fixed, name = repair_text(text)
        return _checked(fixed, "utf-8" if name == "unicode" else f"{name} (utf-8)")
    candidates = [score("cp1258", data.decode("cp1258", errors="replace")),
                  score("tcvn3", decode_tcvn3(data)), score("vni", decode_vni(data))]
    best = best_reading(candidates)
    return None if looks_garbled(best) else (best.text, best.name)


def _checked(text: str, name: str) -> tuple[str, str] | None:
    r = score(name, text)
    return None if looks_garbled(r) else (r.text, name)
