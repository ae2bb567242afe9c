"""Restore the diacritics of a query typed without them, from the indexed text's own word sequences.

Officials often type "ty le truong dat chuan quoc gia". BM25 matches folded tokens, so it does not
care, but a dense embedding model reads "ty le" as different words from "tỷ lệ". The indexed
chunks are a dictionary of how every word and phrase of the corpus is spelled: each folded run of
up to MAX_N words maps to its most frequent accented spelling, and a query is rewritten by the
longest runs that cover it (so "cao bang" becomes "cao bằng" and "nam 2030" becomes "năm 2030").
Words the corpus never uses stay as typed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from corpus.textnorm import fold, has_diacritics, normalize_tones

MAX_N = 4
# everyday Vietnamese question words and their usual spelling: queries use them, plans rarely do
COMMON_WORDS = [
    "bao nhiêu", "bao giờ", "khi nào", "lúc nào", "nào", "là gì", "gì", "có", "không", "có không",
    "những", "gồm những", "gồm", "ai", "mấy", "ở đâu", "đâu", "thế nào", "như thế nào", "phần trăm",
    "được", "của", "và", "với", "cho", "năm", "tháng", "tỉnh", "xã", "phường", "so với", "bằng",
    "thì", "số", "về", "là", "vậy", "đến", "thế", "ạ", "nhé",
]
COMMON_WEIGHT = 1000
_WORD = re.compile(r"\w+(?:[.,]\d+)*")
_BREAK = re.compile(r"[^\w\s.,%/-]|[.,;:](?!\d)|\s-\s")  # punctuation that ends a phrase


def _phrases(text: str) -> list[list[str]]:
    """Runs of lower-cased words between phrase-ending punctuation."""
    out = []
    for part in _BREAK.split(normalize_tones(text).lower()):
        words = _WORD.findall(part)
        if words:
            out.append(words)
    return out


class DiacriticRestorer:
    """Folded word n-gram → most frequent accented spelling, learnt from the indexed texts."""

    def __init__(self, texts: list[str], max_n: int = MAX_N):
        self.max_n = max_n
        counts: dict[tuple[str, ...], Counter[tuple[str, ...]]] = defaultdict(Counter)
        for text in texts:
            for words in _phrases(text):
                folded = [fold(w) for w in words]
                for n in range(1, max_n + 1):
                    for i in range(len(words) - n + 1):
                        counts[tuple(folded[i : i + n])][tuple(words[i : i + n])] += 1
        for phrase in COMMON_WORDS:  # question words a plan never uses, as common as the corpus's own
            words = phrase.split()
            counts[tuple(fold(w) for w in words)][tuple(words)] += COMMON_WEIGHT
        self.table: dict[tuple[str, ...], tuple[tuple[str, ...], int]] = {}
        # words the texts also write bare ("trong", "ra", "khi", "thi"): typed bare inside an accented query, they
        # may well be meant bare, so only the context of a longer run or a question word's spelling changes them
        self.bare: set[str] = {key[0] for key, forms in counts.items() if len(key) == 1 and key in forms}
        self.common: set[str] = {fold(p) for p in COMMON_WORDS if " " not in p}
        self.words: set[str] = {w for key in counts for w in key}
        for key, forms in counts.items():
            form, freq = forms.most_common(1)[0]
            self.table[key] = (form, freq)

    def _known(self, key: str) -> str:
        """A word the corpus never spells, typed with its last letter held down ("nhieuu", "vayy"), as the word
        the corpus knows once the repeat is dropped; any other word as it is."""
        if key in self.words:
            return key
        short = re.sub(r"([a-z])\1+$", r"\1", key)
        return short if short in self.words else key

    def restore(self, query: str) -> str:
        """The query with diacritics restored where the corpus spells its words. A word typed with its marks stays
        as typed; the bare words of a partly accented query ("target 2030 cua HP ve ti le sv vậy") are restored
        like those of a bare one, from the runs they stand in (the accented neighbours help pick the spelling)."""
        tokens = list(_WORD.finditer(query))
        if not tokens:
            return query
        keys = [self._known(fold(m.group())) for m in tokens]
        n = len(tokens)
        # each word takes its spelling from the longest known run that covers it (then the most frequent)
        partial = has_diacritics(query)
        choice: list[tuple[int, int, str] | None] = [None] * n
        for i in range(n):
            for length in range(1, min(self.max_n, n - i) + 1):
                found = self.table.get(tuple(keys[i : i + length]))
                if found is None:
                    continue
                form, freq = found
                for j in range(i, i + length):
                    cand = (length, freq, form[j - i])
                    if choice[j] is None or cand[:2] > choice[j][:2]:  # type: ignore[index]
                        choice[j] = cand
        out = []
        last = 0
        for key, m, picked in zip(keys, tokens, choice, strict=True):
            typed = m.group()
            if partial and picked and (key in self.bare or picked[0] < 2 and key not in self.common):
                picked = None  # a bare word of an accented query: changed only by a run's context or as a question word
            word = picked[2] if picked and not has_diacritics(typed) else typed
            out.append(query[last : m.start()])
            if typed.isupper() and len(typed) > 1:
                word = word.upper()
            elif typed[:1].isupper():
                word = word[:1].upper() + word[1:]
            out.append(word)
            last = m.end()
        out.append(query[last:])
        return "".join(out)
