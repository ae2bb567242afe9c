"""BM25 over Vietnamese text: word-segmented, diacritics folded, abbreviations expanded."""

from __future__ import annotations

import math
import pickle
import re
from functools import lru_cache
from pathlib import Path

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
    """A BM25 index over chunk texts, addressed by chunk id.

    Kept as term counts (one sparse row per chunk, a growing vocabulary) rather than as precomputed
    scores: idf and the length norm are computed per query from the counts, so a new generation
    changes only the rows of its changed chunks (`changed`) instead of re-indexing every chunk.
    Scores are Lucene BM25 (k1 1.5, b 0.75), as bm25s computes them."""

    K1, B = 1.5, 0.75

    def __init__(self, ids: list[str], texts: list[str] | None = None, tokens: list[list[str]] | None = None):
        self.ids: list[str] = []
        self.terms: list[str] = []  # term id -> term
        self._vocab: dict[str, int] = {}
        self.indptr = np.zeros(1, dtype=np.int64)
        self.term_ids = np.zeros(0, dtype=np.int32)
        self.counts = np.zeros(0, dtype=np.float32)
        self._post = None
        self._pos: dict[str, int] | None = None
        corpus = tokens if tokens is not None else [tokenize(t) or ["_"] for t in texts or []]
        self._append(list(ids), corpus)

    def _append(self, ids: list[str], corpus: list[list[str]]) -> None:
        vocab, terms = self._vocab, self.terms
        ptr, tids, cnts = [int(self.indptr[-1])], [], []
        for toks in corpus:
            counter: dict[int, int] = {}
            for tok in toks or ["_"]:
                tid = vocab.get(tok)
                if tid is None:
                    tid = vocab[tok] = len(terms)
                    terms.append(tok)
                counter[tid] = counter.get(tid, 0) + 1
            tids.extend(counter)
            cnts.extend(counter.values())
            ptr.append(ptr[-1] + len(counter))
        self.ids += ids
        self.indptr = np.concatenate([self.indptr, np.asarray(ptr[1:], dtype=np.int64)])
        self.term_ids = np.concatenate([self.term_ids, np.asarray(tids, dtype=np.int32)])
        self.counts = np.concatenate([self.counts, np.asarray(cnts, dtype=np.float32)])
        self._post = None
        self._pos = None

    def changed(self, drop: set[str], ids: list[str], corpus: list[list[str]]) -> LexicalIndex:
        """A new index without the chunks in `drop`, with `ids` (token lists `corpus`) appended; the
        kept rows are copied as arrays (no chunk is tokenized or counted again)."""
        out = LexicalIndex.__new__(LexicalIndex)
        keep = np.fromiter((cid not in drop for cid in self.ids), dtype=bool, count=len(self.ids))
        lengths = np.diff(self.indptr)
        entries = np.repeat(keep, lengths)
        out.ids = [cid for cid, k in zip(self.ids, keep, strict=True) if k]
        out.terms = list(self.terms)
        out._vocab = dict(self._vocab)
        out.indptr = np.concatenate([[0], np.cumsum(lengths[keep])]).astype(np.int64)
        out.term_ids = self.term_ids[entries]
        out.counts = self.counts[entries]
        out._post = None
        out._pos = None
        out._append(list(ids), corpus)
        return out

    def __getstate__(self) -> dict:
        return {"ids": self.ids, "terms": self.terms, "indptr": self.indptr, "term_ids": self.term_ids,
                "counts": self.counts}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._vocab = {t: i for i, t in enumerate(self.terms)}
        self._post = None
        self._pos = None

    def _postings(self):
        """Per term: the chunks holding it and the counts (a CSC matrix), document frequencies and lengths."""
        if self._post is None:
            from scipy.sparse import csr_matrix

            n = len(self.ids)
            rows = csr_matrix((self.counts, self.term_ids, self.indptr), shape=(n, max(1, len(self.terms))))
            lengths = np.asarray(rows.sum(axis=1)).ravel().astype(np.float32)
            cols = rows.tocsc()
            self._post = (cols, np.diff(cols.indptr), lengths, float(lengths.mean()) if n else 1.0)
        return self._post

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the query tokens (a repeated token counts again)."""
        cols, df, lengths, avg = self._postings()
        n = len(self.ids)
        out = np.zeros(n, dtype=np.float32)
        norm = None
        for tok in tokens:
            tid = self._vocab.get(tok)
            if tid is None or not df[tid]:
                continue
            if norm is None:
                norm = (self.K1 * ((1 - self.B) + self.B * lengths / avg)).astype(np.float32)
            start, end = cols.indptr[tid], cols.indptr[tid + 1]
            rows, tf = cols.indices[start:end], cols.data[start:end]
            idf = np.float32(math.log(1 + (n - df[tid] + 0.5) / (df[tid] + 0.5)))
            out[rows] += idf * (tf / (norm[rows] + tf))
        return out

    def search(self, query: str, k: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, score) best first; allowed restricts to a subset of ids."""
        tokens = tokenize(expand_query(query))  # everyday words also search for the official terms
        if not tokens or not self.ids:
            return []
        scores = self.scores(tokens)
        if allowed is None:
            order = np.argsort(-scores, kind="stable")
        else:  # only the allowed rows are ranked (ties stay in index order, as in the full ranking)
            rows = np.array(sorted(p for p in map(self.position().get, allowed) if p is not None), dtype=np.int64)
            order = rows[np.argsort(-scores[rows], kind="stable")]
        out = []
        for idx in order:
            if scores[idx] <= 0 or len(out) >= k:
                break
            out.append((self.ids[idx], float(scores[idx])))
        return out

    def position(self) -> dict[str, int]:
        """Chunk id → row (built on first use)."""
        if self._pos is None:
            self._pos = {cid: i for i, cid in enumerate(self.ids)}
        return self._pos

    def save(self, path: Path) -> None:
        path.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))

    @staticmethod
    def load(path: Path) -> LexicalIndex:
        return pickle.loads(path.read_bytes())
