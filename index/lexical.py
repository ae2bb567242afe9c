"""BM25 over Vietnamese text: word-segmented, diacritics folded, abbreviations expanded."""

from __future__ import annotations

import pickle
import re
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

from corpus.textnorm import fold
from index.abbreviations import expand
from index.thesaurus import expand_query

# function words that carry no meaning for search (folded)
STOPWORDS = {
    "va", "cua", "cac", "la", "co", "cho", "voi", "tai", "trong", "duoc", "nhung", "mot", "nay", "do",
    "thi", "se", "da", "dang", "bao", "nhieu", "gi", "nao", "the", "sao", "khong", "o", "ve", "den",
    "tu", "theo", "hay", "hoac", "ma", "nhu", "neu", "vay", "a", "nhe", "oi", "ai",
}


@lru_cache(maxsize=1)
def _segmenter():
    try:
        from pyvi import ViTokenizer

        return ViTokenizer.tokenize
    except Exception:  # pyvi missing: syllables alone still work
        return None


# "tỉ lệ"/"tỷ lệ", "kĩ"/"kỹ", "lí"/"lý", "sĩ"/"sỹ": a final y after a consonant is also written i
_FINAL_Y = re.compile(r"(?<=[bcdghklmnpqrstvx])y(?=_|$)")


def _iy(token: str) -> str:
    return _FINAL_Y.sub("i", token)


def tokenize(text: str) -> list[str]:
    """Folded syllables plus folded compound words (from pyvi) so both spellings match."""
    text = expand(text)
    syllables = [_iy(t) for t in re.findall(r"[a-z0-9]+(?:[.,][0-9]+)*", fold(text)) if t not in STOPWORDS]
    seg = _segmenter()
    compounds: list[str] = []
    if seg is not None:
        for word in seg(text).split():
            if "_" in word:
                folded = fold(word.replace("_", " ")).replace(" ", "_")
                if re.fullmatch(r"[a-z0-9_]+", folded):
                    compounds.append(_iy(folded))
    return syllables + compounds


class LexicalIndex:
    """A BM25 index over chunk texts, addressed by chunk id."""

    def __init__(self, ids: list[str], texts: list[str] | None = None, tokens: list[list[str]] | None = None):
        self.ids = list(ids)
        self.model = bm25s.BM25()
        corpus = tokens if tokens is not None else [tokenize(t) or ["_"] for t in texts or []]
        self.tokens = corpus  # kept aside (not pickled with the index) so a later build need not re-tokenize
        self.model.index(corpus, show_progress=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "tokens"}

    def save_tokens(self, path: Path) -> None:
        """The token lists by chunk id (what the next generation rebuilds BM25 from)."""
        path.write_bytes(pickle.dumps(dict(zip(self.ids, self.tokens, strict=True)), protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def load_tokens(path: Path) -> dict[str, list[str]]:
        return pickle.loads(path.read_bytes())

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, score) best first; allowed restricts to a subset of ids."""
        tokens = tokenize(expand_query(query))  # everyday words also search for the official terms
        if not tokens or not self.ids:
            return []
        scores = self.model.get_scores(tokens)
        order = np.argsort(-scores)
        out = []
        for idx in order:
            if scores[idx] <= 0:
                break
            cid = self.ids[idx]
            if allowed is not None and cid not in allowed:
                continue
            out.append((cid, float(scores[idx])))
            if len(out) >= k:
                break
        return out

    def save(self, path: Path) -> None:
        path.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def load(path: Path) -> LexicalIndex:
        return pickle.loads(path.read_bytes())
