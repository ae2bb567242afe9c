"""How well a record or sentence covers the topic words of a question (IDF-weighted coverage)."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from corpus.textnorm import fold
from index.abbreviations import expand

_IY = re.compile(r"^([bcdghklmnpqrstvx]{1,3})y$")


def norm_token(tok: str) -> str:
    """Fold spelling variants: final -y/-i after a consonant (kỹ/kĩ, tỷ/tỉ, lý/lí)."""
    m = _IY.match(tok)
    return m.group(1) + "i" if m else tok


@lru_cache(maxsize=20000)
def tokens(text: str) -> frozenset[str]:
    """Folded word set of a text with abbreviations expanded both ways."""
    return frozenset(norm_token(t) for t in re.findall(r"[a-z0-9&]+", fold(expand(text))))


class Scorer:
    """IDF-weighted coverage of question topic words by candidate texts."""

    def __init__(self, texts: list[str]):
        df: Counter[str] = Counter()
        for t in texts:
            df.update(tokens(t))
        self.n = max(1, len(texts))
        self.df = df

    def idf(self, tok: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(tok, 0)))

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
        known = [norm_token(t) for t in topic if self.df.get(norm_token(t), 0) > 0]
        return max(known, key=self.idf) if known else None

    def uncovered(self, topic: list[str], text: str) -> list[str]:
        have = tokens(text)
        return [t for t in topic if norm_token(t) not in have]
