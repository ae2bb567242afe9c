"""How well a record or sentence covers the topic words of a question (IDF-weighted coverage)."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from corpus.textnorm import fold
from index.abbreviations import expand
from index.thesaurus import canonicalize

_UNSET: Any = object()
_IY = re.compile(r"^([bcdghklmnpqrstvx]{1,3})y$")


def norm_token(tok: str) -> str:
    """Fold spelling variants: final -y/-i after a consonant (kỹ/kĩ, tỷ/tỉ, lý/lí)."""
    m = _IY.match(tok)
    return m.group(1) + "i" if m else tok


@lru_cache(maxsize=65536)  # every record text of a large base, read again for each question
def tokens(text: str) -> frozenset[str]:
    """Folded word set of a text with abbreviations expanded both ways and everyday words read as the official
    terms, as the question's are ("10.000 dân" → "vạn dân")."""
    return frozenset(norm_token(t) for t in re.findall(r"[a-z0-9&]+", fold(expand(canonicalize(text)))))


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
        got = sum(self.idf(w) for w in words if w in have)
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
        return [t for t in topic if norm_token(t) not in have]
