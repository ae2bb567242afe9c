"""Words typed with Telex keys left in ("tyr leej" → "tỷ lệ", "nawm" → "năm", "truowngf" → "trường").

Telex is the usual Vietnamese input method: a doubled vowel or a following "w" adds a mark (aa → â, aw → ă,
ee → ê, oo → ô, ow → ơ, uw → ư, dd → đ) and a closing key adds the tone (s sắc, f huyền, r hỏi, x ngã, j nặng).
When the input method is off or lags, the keys stay in the text. A word is read as Telex only when it is not
already accented and its decoded form is a well-formed Vietnamese syllable (onset, vowel group, final of the
standard orthography): no Vietnamese syllable ends in s, f, r, x or j, so ordinary bare words stay as typed.
"""

from __future__ import annotations

import re
import unicodedata

from corpus.textnorm import has_diacritics

TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_MARKS = (("uow", "ươ"), ("uwo", "ươ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"), ("ow", "ơ"), ("uw", "ư"),
          ("dd", "đ"))
# the syllable of the standard orthography: onset, vowel group, final (Quy tắc chính tả, Bộ Giáo dục 1984)
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
_VOWELS = "aăâeêioôơuưy"
_SYLLABLE = re.compile(rf"^{_ONSET}([{_VOWELS}]{{1,3}})(?:ch|ng|nh|[cmnpt])?$")
# the vowel groups of Vietnamese syllables (with their glides), as the orthography writes them
_GROUPS = frozenset("""
a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu
""".split())
_WORD = re.compile(r"(?<![\w&/.-])([A-Za-zĐđ]{2,9})(?![\w&/-])")


def _with_tone(base: str, tone: str) -> str | None:
    """The syllable with its tone on the vowel that carries it (the marked vowel, else the main one)."""
    m = _SYLLABLE.match(base)
    if not m:
        return None
    start, end = m.span(1)
    if base[start:end] not in _GROUPS and not (base.startswith(("qu", "gi")) and base[start + 1:end] in _GROUPS):
        return None
    if base.startswith(("qu", "gi")) and end - start >= 1 and start < 2 < end:
        start = 2  # "qu-", "gi-": the u/i belongs to the onset
    group = base[start:end]
    marked = [i for i, ch in enumerate(group) if ch in "ăâêôơư"]
    if marked:
        pos = marked[-1]
    elif len(group) == 1:
        pos = 0
    elif end < len(base) or group in {"oa", "oe", "uy"}:
        pos = len(group) - 1  # a final consonant, or oa/oe/uy: the second vowel
    else:
        pos = len(group) - 2
    i = start + pos
    return unicodedata.normalize("NFC", base[: i + 1] + tone + base[i + 1 :])


def decode_word(word: str) -> str | None:
    """The Vietnamese syllable a Telex-typed word stands for, or None when it is not one."""
    low = word.lower()
    tone = ""
    if low[-1] in TONES and len(low) > 1:
        tone, low = TONES[low[-1]], low[:-1]
    base = low
    for keys, letter in _MARKS:
        base = base.replace(keys, letter)
    if base == low and not tone:
        return None  # nothing of Telex in it
    if not tone and low.endswith("ow"):
        return None  # a closing "ow" without a tone key is English more often ("row", "show", "now") than "ơ"
    if "w" in base:
        return None
    out = _with_tone(base, tone or "")
    if out is None:
        return None
    return out[0].upper() + out[1:] if word[0].isupper() else out


def decode(text: str) -> str:
    """The text with its Telex-typed words written as syllables; everything else as typed."""
    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        if has_diacritics(word) or (word.isupper() and len(word) > 1):
            return word  # accented already, or an abbreviation ("ISI", "STEM")
        return decode_word(word) or word

    return _WORD.sub(repl, text)
