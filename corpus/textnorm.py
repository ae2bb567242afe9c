"""Vietnamese text normalisation: Unicode form, tone-mark placement, diacritic folding."""

from __future__ import annotations

import re
import unicodedata

# Old-style ("hoá", "thuỷ") vs new-style ("hóa", "thủy") tone placement: map the
# old placements on oa/oe/uy to the new ones so both spell the same word.
_TONE_FIXES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
# We normalise towards the *new* style used by most current documents: "hóa", "thủy".
_TO_NEW = {v: k for k, v in _TONE_FIXES.items()}

def nfc(text: str) -> str:
    """NFC-compose text (decomposed input from other sources becomes composed)."""
    return unicodedata.normalize("NFC", text)


def normalize_tones(text: str) -> str:
    """Rewrite old tone placement (hoá, thuỷ) to the new one (hóa, thủy) at syllable end."""
    text = nfc(text)

    def repl(m: re.Match[str]) -> str:
        old = m.group(1)
        return _TO_NEW.get(old.lower(), old) if old.islower() else _upper_new(old)

    return _SYL_END_RE.sub(lambda m: repl(m) + (m.group(2) or ""), text)


def _upper_new(old: str) -> str:
    new = _TO_NEW.get(old.lower())
    if new is None:
        return old
    return "".join(c.upper() if o.isupper() else c for c, o in zip(new, old, strict=True))


# old-style pair only when it ends the syllable ("hoàng", "quý" stay as they are)
_SYL_END_RE = re.compile(
    r"(?<![qQ])(" + "|".join(map(re.escape, _TO_NEW)) + r")(?=[^\w]|$)()", re.IGNORECASE
)


class _NonSpacingMarks(dict):
    """str.translate table deleting every non-spacing mark (category Mn), filled per code point as met."""

    def __missing__(self, cp: int) -> int | None:
        kept = None if unicodedata.category(chr(cp)) == "Mn" else cp
        self[cp] = kept
        return kept


_MARKS = _NonSpacingMarks()


def strip_marks(text: str) -> str:
    """The text without diacritics (đ→d), case and spacing kept ("Lào Cai THCS" → "Lao Cai THCS")."""
    text = unicodedata.normalize("NFD", nfc(text)).translate(_MARKS)
    return text.replace("đ", "d").replace("ð", "d").replace("Đ", "D").replace("Ð", "D")


def fold(text: str) -> str:
    """Lower-case, strip diacritics, map đ→d, collapse whitespace: the matching key."""
    text = unicodedata.normalize("NFD", nfc(text).lower()).translate(_MARKS)
    text = text.replace("đ", "d").replace("ð", "d")
    return re.sub(r"\s+", " ", text).strip()


def fold_chars(text: str) -> str:
    """Per-character fold of NFC text (same length, so offsets line up with the input)."""
    out = []
    for ch in nfc(text):
        base = unicodedata.normalize("NFD", ch.lower())
        base = "".join(c for c in base if unicodedata.category(c) != "Mn") or ch
        out.append({"đ": "d", "ð": "d"}.get(base, base)[:1] if base else ch)
    return "".join(out)


def has_diacritics(text: str) -> bool:
    """True if the text carries any Vietnamese diacritic (so it was not typed folded)."""
    return fold(text) != re.sub(r"\s+", " ", nfc(text).lower()).strip()


_LATEX = [
    (re.compile(r"\\geq?\b|\\ge\b"), "≥"),
    (re.compile(r"\\leq?\b|\\le\b"), "≤"),
    (re.compile(r"\\neq\b"), "≠"),
    (re.compile(r"\\times\b"), "×"),
    (re.compile(r"\\pm\b"), "±"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\,"), " "),
    (re.compile(r"\\text\{([^}]*)\}"), r"\1"),
    (re.compile(r"\\mathrm\{([^}]*)\}"), r"\1"),
]


def clean_latex(text: str) -> str:
    """Replace inline LaTeX residue (`$\\geq 0,8$`) with plain symbols (`≥ 0,8`)."""
    if "$" not in text and "\\" not in text:
        return text

    def inline(m: re.Match[str]) -> str:
        body = m.group(1)
        for pat, rep in _LATEX:
            body = pat.sub(rep, body)
        body = body.replace("{", "").replace("}", "")
        return re.sub(r"\s+", " ", body).strip()

    text = re.sub(r"\$([^$\n]{1,80})\$", inline, text)
    for pat, rep in _LATEX:
        text = pat.sub(rep, text)
    return text


def normalize_text(text: str) -> str:
    """Everything a line needs before parsing: NFC, tone placement, LaTeX, odd spaces."""
    text = nfc(text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("Ð", "Đ").replace("ð", "đ")  # Icelandic eth used for Đ in PDFs
    text = clean_latex(text)
    return normalize_tones(text)
