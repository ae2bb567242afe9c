"""How well a record or sentence covers the topic words of a question (IDF-weighted coverage)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

from corpus.textnorm import fold, nfc
from index.abbreviations import expand, long_forms
from index.thesaurus import BROADER_TERMS, EQUIVALENT_PHRASES, canonicalize

_UNSET: Any = object()
_IY = re.compile(r"^([bcdghklmnpqrstvx]{1,3})y$")


def norm_token(tok: str) -> str:
    """Fold spelling variants: final -y/-i after a consonant (kỹ/kĩ, tỷ/tỉ, lý/lí)."""
    m = _IY.match(tok)
    return m.group(1) + "i" if m else tok


# the five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters: a syllable's tone is kept apart from
# its letters so that old and new tone placement ("hoá"/"hóa") give one key
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


@lru_cache(maxsize=65536)  # a few thousand distinct syllables, read again in every record text
def mark_key(syllable: str) -> str:
    """A syllable's letters with their vowel marks (ă, â, ê, ô, ơ, ư, đ) and its tone, in one spelling: the
    distinction that folding loses ("ký"/"kỹ", "chung"/"chứng", "đặt"/"đạt"); a bare syllable is its letters."""
    decomposed = unicodedata.normalize("NFD", nfc(syllable).lower())
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    m = _IY.match(letters)
    return (m.group(1) + "i" if m else letters) + tone


class Word(str):
    """A folded topic word that remembers its accented spelling in the question (``mark``), if it had one."""

    mark: str = ""

    def __new__(cls, folded: str, mark: str = "") -> Word:
        word = super().__new__(cls, folded)
        word.mark = mark
        return word


@lru_cache(maxsize=65536)
def marks(text: str) -> dict[str, frozenset[str]]:
    """Folded word → the accented spellings (mark keys) it has in a text."""
    found: dict[str, set[str]] = {}
    for syllable in re.findall(r"\w+", nfc(expand(canonicalize(text)))):
        parts = _folded_parts(syllable)
        if len(parts) == 1:
            found.setdefault(norm_token(parts[0]), set()).add(mark_key(syllable))
    return {w: frozenset(k) for w, k in found.items()}


@lru_cache(maxsize=65536)
def _folded_parts(syllable: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9&]+", fold(syllable)))


def _same_word(word: str, folded: str, text: str) -> bool:
    """A folded match that the accents do not contradict: the syllable as the question writes it with its marks,
    or a bare one of the text, is in the text ("chữ ký số" does not match "kỹ năng số"); a syllable typed bare
    matches any spelling (marks are often left out, even in an accented question)."""
    mark = getattr(word, "mark", "")
    if not mark:
        return True
    keys = marks(text).get(folded)
    return keys is None or mark in keys or folded in keys


@lru_cache(maxsize=65536)  # every record text of a large base, read again for each question
def tokens(text: str) -> frozenset[str]:
    """Folded word set of a text with abbreviations expanded both ways and everyday words read as the official
    terms, as the question's are ("10.000 dân" → "vạn dân")."""
    return frozenset(norm_token(t) for t in re.findall(r"[a-z0-9&]+", fold(expand(canonicalize(text)))))


def _words(phrases: tuple[str, ...] | list[str]) -> list[tuple[str, ...]]:
    """Folded word tuples, punctuation dropped ("ăn, ngủ tại trường" → ("an", "ngu", "tai", "truong")), as the
    question's topic words and a text's words are read."""
    return [tuple(re.findall(r"[a-z0-9&]+", fold(p))) for p in phrases]


def _asked(phrases: tuple[str, ...] | list[str]) -> list[tuple[str, ...]]:
    """A question's phrasings as its topic words read them: whole, and as the topic keeps them, stop-words dropped
    ("học ở nước ngoài" leaves "học nước ngoài") when that drops one word and no negation ("không dùng tiền mặt"
    without "không" is its opposite), so that a few common words are never a phrasing."""
    from assistant.analysis import topic_of  # analysis reads matching: imported when the groups are first used

    out = _words(phrases)
    for p, whole in zip(phrases, _words(phrases), strict=True):
        kept = tuple(str(w) for w in topic_of(p, set())[0])
        if len(kept) >= max(2, len(whole) - 1) and "khong" not in set(whole) - set(kept) and kept not in out:
            out.append(kept)
    return out


@lru_cache(maxsize=1)
def _groups() -> list[tuple[list[tuple[str, ...]], list[tuple[str, ...]]]]:
    """(phrasings a question may use, phrasings a text may use) as folded word tuples: each group of equivalent
    phrasings both ways; a general term asked, covered by a text naming one of its kinds."""
    return [(_asked(group), _words(group)) for group in EQUIVALENT_PHRASES] + [
        (_asked([broad]), _words([broad, *kinds])) for broad, kinds in BROADER_TERMS.items()]


@lru_cache(maxsize=65536)
def _phrasings(text: str) -> frozenset[int]:
    """The groups (by index) that a text words in one of their ways (abbreviations read in place)."""
    folded = " " + " ".join(re.findall(r"[a-z0-9&]+", fold(long_forms(canonicalize(text))))) + " "
    return frozenset(k for k, (_, said) in enumerate(_groups()) if any(f" {' '.join(p)} " in folded for p in said))


def _equivalent_spans(words: list[str], text: str) -> set[int]:
    """Positions of topic words inside a phrasing whose group the text words another way."""
    groups = _phrasings(text)
    spans: set[int] = set()
    for k in groups:
        for phrase in _groups()[k][0]:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if tuple(words[i:i + n]) == phrase:
                    spans.update(range(i, i + n))
    return spans


class Scorer:
    """IDF-weighted coverage of question topic words by candidate texts."""

    def __init__(self, texts: list[str]):
        df: Counter[str] = Counter()
        for t in texts:
            df.update(tokens(t))
        self.n = max(1, len(texts))
        self.df = df
        # a question's topic is scored against every candidate record: what depends on the topic alone
        # is computed once per topic (df never changes after this)
        self._idf: dict[str, float] = {}
        self._key: dict[tuple[str, ...], str | None] = {}  # topic → its key word

    def idf(self, tok: str) -> float:
        w = self._idf.get(tok)
        if w is None:
            if len(self._idf) > 200_000:  # questions bring new words: stay bounded in a long-running app
                self._idf.clear()
            w = self._idf[tok] = math.log(1 + self.n / (1 + self.df.get(tok, 0)))
        return w

    def coverage(self, topic: list[str], text: str) -> float:
        """Share of the topic's weight found in text (0..1)."""
        words = [norm_token(t) for t in topic]
        if not words:
            return 0.0
        have = tokens(text)
        total = sum(self.idf(w) for w in words)
        same = _equivalent_spans(words, text)
        got = sum(self.idf(w) for k, (t, w) in enumerate(zip(topic, words, strict=True))
                  if k in same or (w in have and _same_word(t, w, text)))
        return got / total if total else 0.0

    def key_word(self, topic: list[str]) -> str | None:
        """The most distinctive topic word the corpus knows (None if it knows none)."""
        key = tuple(topic)
        found = self._key.get(key, _UNSET)  # one look-up: another thread may clear the memo meanwhile
        if found is not _UNSET:
            return found
        if len(self._key) > 20_000:
            self._key.clear()
        known = [norm_token(t) for t in topic if self.df.get(norm_token(t), 0) > 0]
        word = self._key[key] = max(known, key=self.idf) if known else None
        return word

    def uncovered(self, topic: list[str], text: str) -> list[str]:
        have = tokens(text)
        same = _equivalent_spans([norm_token(t) for t in topic], text)
        return [t for k, t in enumerate(topic)
                if k not in same and (norm_token(t) not in have or not _same_word(t, norm_token(t), text))]
