"""Hybrid retrieval over one index generation: dense (Chroma) + lexical (BM25), fused by RRF."""

from __future__ import annotations

import logging
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
from llama_index.core.retrievers.fusion_retriever import FUSION_MODES
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from corpus.records import Document, Indicator, Task
from corpus.settings import Settings
from index import build, integrity, store, vectors
from index.abbreviations import expand
from index.build import (
    IndexUnavailable,
    current_generation,
    ensure_index,
    generation_info,
    generations,
    pointer_name,
)
from index.diacritics import DiacriticRestorer
from index.embeddings import Embedder
from index.lexical import LexicalIndex

log = logging.getLogger(__name__)
_SERVER_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="kehoach-dense")  # queries to a Chroma server


@dataclass
class Filters:
    """Restrict retrieval to documents, provinces, years or chunk kinds (None = no restriction)."""

    doc_ids: list[str] | None = None
    provinces: list[str] | None = None
    years: list[int] | None = None
    kinds: list[str] | None = None

    def allows(self, meta: dict) -> bool:
        if self.doc_ids and meta.get("doc_id") not in self.doc_ids:
            return False
        if self.provinces and meta.get("province") not in self.provinces:
            return False
        if self.kinds and meta.get("kind") not in self.kinds:
            return False
        if self.years:
            years = {int(y) for y in str(meta.get("years", "")).split(",") if y}
            if years and not years & set(self.years):
                return False
        return True


@dataclass
class Hit:
    id: str
    text: str
    metadata: dict
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # rank in each retriever, 1-based

    def as_dict(self) -> dict:
        m = self.metadata
        return {"id": self.id, "doc_id": m.get("doc_id"), "kind": m.get("kind"), "locator": m.get("locator"),
                "lines": [m.get("line_start"), m.get("line_end")], "score": round(self.score, 5),
                "ranks": self.ranks, "text": self.text}


class _Ranked(BaseRetriever):
    """A llama-index retriever replaying one precomputed ranking, so llama-index does the fusion
    (fusion tells nodes apart by content hash, so each stub node carries its id as text)."""

    def __init__(self, ranked: list[tuple[str, float]]):
        super().__init__()
        self._ranked = ranked

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [NodeWithScore(node=TextNode(id_=cid, text=cid), score=score) for cid, score in self._ranked]


def _cosine(u: np.ndarray, v: np.ndarray) -> float:
    return float(np.dot(u, v) / ((np.linalg.norm(u) * np.linalg.norm(v)) or 1.0))


def fuse(rankings: dict[str, list[tuple[str, float]]], k: int | None = None) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of the retrievers' rankings (llama-index QueryFusionRetriever, k=60)."""
    if len(rankings) == 1:
        return next(iter(rankings.values()))[: k or None]
    depth = k or sum(len(r) for r in rankings.values())
    fusion = QueryFusionRetriever(
        [_Ranked(r) for r in rankings.values()], llm=MockLLM(), mode=FUSION_MODES.RECIPROCAL_RANK,
        num_queries=1, use_async=False, similarity_top_k=max(1, depth),
    )
    return [(n.node.node_id, float(n.score or 0.0)) for n in fusion.retrieve(QueryBundle(""))]


class Index:
    """A loaded index generation: records, chunks, vectors and the lexical index."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, progress: bool = True,
                 build_if_missing: bool = True):
        self.settings = settings
        self._lock = threading.Lock()
        self.embedder = embedder
        gen = ensure_index(settings, embedder, progress) if build_if_missing else current_generation(settings)
        if gen is None:
            raise IndexUnavailable("Chưa có chỉ mục. Hãy chạy «kehoach ingest» hoặc mở ứng dụng để xây dựng.")
        # queries use the backend that built the store, unless the settings name another (then refused)
        self.stored_backend = build.stored_backend(generation_info(gen))
        if self.embedder is not None and hasattr(self.embedder, "adopt"):
            self.embedder.adopt(self.stored_backend, gen.name)
        mismatch = build.vector_mismatch(generation_info(gen), *self._model_and_backend())
        if mismatch:
            raise IndexUnavailable(mismatch)
        self._load_with_fallback(gen)

    def _model_and_backend(self) -> tuple[str, str]:
        if self.embedder is not None:
            return self.embedder.model_id, build.embedder_backend(self.embedder)
        from index.embeddings import Embedder as model  # the class itself, even where tests patch the name

        return model.id_for(self.settings), model.backend_for(self.settings, self.stored_backend)

    def _load_with_fallback(self, gen: Path) -> None:
        """Load the generation CURRENT names; if it is gone or fails its checksums or loading, the newest
        generation that loads, announced in the log and in self.fault (Vietnamese)."""
        errors = []
        wanted = pointer_name(self.settings) or gen.name
        if wanted != gen.name:
            errors.append(f"{wanted}: không còn hoặc không đầy đủ")
        for candidate in [gen, *[g for g in generations(self.settings) if g != gen]]:
            problems = integrity.check_generation(candidate)
            if problems:
                errors.append(f"{candidate.name}: " + "; ".join(problems))
                continue
            try:
                self._load(candidate)
            except Exception as exc:  # a corrupt generation: try the last good one
                errors.append(f"{candidate.name}: {exc.__class__.__name__}: {exc}")
                continue
            self.fallback_from = wanted if candidate.name != wanted else None
            self.fault = ""
            if self.fallback_from:
                self.fault = (f"Chỉ mục hiện tại bị hỏng ({'; '.join(errors)}); đang trả lời từ bản dự phòng "
                              f"{candidate.name}, có thể thiếu văn bản mới nhất. Hãy chạy «kehoach doctor --repair».")
                log.warning("index generation %s is corrupt (%s); answering from the fallback %s",
                            wanted, "; ".join(errors), candidate.name)
            return
        raise IndexUnavailable("Chỉ mục bị hỏng và không có bản dự phòng dùng được (" + "; ".join(errors) + ").")

    def _load(self, gen: Path) -> None:
        info = generation_info(gen)
        db = store.open_readonly(gen / "records.sqlite")
        rows = store.chunks(db)
        self.documents: list[Document] = store.documents(db)
        self.indicators: list[Indicator] = store.indicators(db)
        self.tasks: list[Task] = store.tasks(db)
        db.close()
        self.lexical = LexicalIndex.load(gen / "lexical.pkl")
        if len(self.lexical.ids) != len(rows):
            raise sqlite3.DatabaseError(f"lexical index has {len(self.lexical.ids)} chunks, records have {len(rows)}")
        # the generation's own vectors and its read-only layers (build.extend_generation)
        self.vstore, self.layers = build.vector_stores(gen, info)
        self.dead: dict[str, int] = info.get("dead", {})
        problem = build.vectors_problem(gen, info)  # counts as recorded, and one query reads each index
        if problem:
            raise sqlite3.DatabaseError(problem)
        if not self.layers and self.vstore._collection.count() != len(rows):
            raise sqlite3.DatabaseError(f"vector store has {self.vstore._collection.count()} chunks, "
                                        f"records have {len(rows)}")
        self.generation = gen.name
        self.info = info
        self.nodes = {cid: TextNode(id_=cid, text=text, metadata=meta) for cid, text, meta in rows}
        self.docs_by_id = {d.doc_id: d for d in self.documents}
        self._by_doc: dict[str, list[str]] = {}  # chunk ids per document and per kind (filters read these)
        self._by_kind: dict[str, list[str]] = {}
        for cid, node in self.nodes.items():
            self._by_doc.setdefault(node.metadata.get("doc_id", ""), []).append(cid)
            self._by_kind.setdefault(node.metadata.get("kind", ""), []).append(cid)
        # the chunk ids each vector store holds (the generation's own, then each layer's): a scoped query names
        # the chunks it allows, which Chroma searches faster than it filters metadata
        self._held = [set(vectors.all_ids(s)) for s in [self.vstore, *(layer for layer, _ in self.layers)]]
        self._restorer: DiacriticRestorer | None = None

    @property
    def restorer(self) -> DiacriticRestorer:
        """Diacritic restoration learnt from this generation's chunks (built on first use)."""
        with self._lock:
            if self._restorer is None:
                self._restorer = DiacriticRestorer([n.text for n in self.nodes.values()])
            return self._restorer

    def _embedder(self) -> Embedder:
        with self._lock:
            if self.embedder is None:
                self.embedder = Embedder(self.settings, progress=False)
                if hasattr(self.embedder, "adopt"):
                    self.embedder.adopt(self.stored_backend, self.generation)
            return self.embedder

    def dense_query(self, query: str) -> str:
        """The text embedded for a query: diacritics restored if typed without, abbreviations expanded."""
        return expand(self.restorer.restore(query))

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding as dense retrieval computes it (kept in memory: asked again, it is free)."""
        return self._embedder().embed_query(self.dense_query(query))

    def similarities(self, query: str, texts: list[str]) -> list[float]:
        """Cosine similarity of the query (as retrieval embeds it) to each text embedded as a document."""
        q = self.query_vector(query)
        docs = self._embedder().embed(texts, role="document")
        return [_cosine(q, d) for d in docs]

    def phrase_similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two short phrases, both embedded as documents (cached by content)."""
        u, v = self._embedder().embed([a, b], role="document")
        return _cosine(u, v)

    def dense(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        f = filters or Filters()
        emb = self.query_vector(query).tolist()
        where = vectors.metadata_filters(f.doc_ids, f.provinces, f.kinds)
        scoped: list[str] | None = None
        if f.doc_ids or f.provinces:  # the chunks Chroma's filter would allow (years are filtered below)
            same = Filters(doc_ids=f.doc_ids, provinces=f.provinces, kinds=f.kinds)
            scoped = [cid for cid in self._candidates(same) if same.allows(self.nodes[cid].metadata)]

        def ask(i: int, store: object, n: int) -> list[tuple[str, float]]:
            if scoped is None:
                return vectors.query(store, emb, n, where)
            return vectors.query(store, emb, n, None, ids=[cid for cid in scoped if cid in self._held[i]])

        want = k * 3 if f.years else k
        # a layer's dead vectors may take places: ask it for more
        jobs = [(0, self.vstore, want)] + [(i + 1, layer, want + n_dead) for i, (layer, n_dead) in enumerate(self.layers)]
        if self.info.get("chroma_url") and len(jobs) > 1:  # one round trip per collection: in parallel
            answers = list(_SERVER_POOL.map(lambda job: ask(*job), jobs))
        else:
            answers = [ask(*job) for job in jobs]
        found = answers[0]
        for i, hits in enumerate(answers[1:]):
            found += [(cid, s) for cid, s in hits if self.dead.get(cid, 0) <= i]
        if self.layers:
            found.sort(key=lambda hit: -hit[1])
            found = list({cid: (cid, s) for cid, s in reversed(found)}.values())[::-1]  # one hit per chunk, its best
            found.sort(key=lambda hit: -hit[1])
        return [(cid, s) for cid, s in found if cid in self.nodes and f.allows(self.nodes[cid].metadata)][:k]

    def _candidates(self, f: Filters) -> list[str]:
        """The chunks a filter may allow: those of its documents or kinds, not every chunk of the base."""
        if f.doc_ids:
            return [cid for d in dict.fromkeys(f.doc_ids) for cid in self._by_doc.get(d, [])]
        if f.kinds:
            return [cid for k in dict.fromkeys(f.kinds) for cid in self._by_kind.get(k, [])]
        return list(self.nodes)

    def lexical_search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        f = filters or Filters()
        allowed = {cid for cid in self._candidates(f) if f.allows(self.nodes[cid].metadata)} if filters else None
        return self.lexical.search(query, k, allowed)

    def pool_depth(self, k: int) -> int:
        """How many candidates each retriever contributes to fusion for a final top k."""
        return max(k * 3, 20)

    def rankings(self, query: str, depth: int, filters: Filters | None = None,
                 modes: tuple[str, ...] = ("dense", "lexical")) -> dict[str, list[tuple[str, float]]]:
        """Each retriever's ranking [(chunk id, score)] to depth (the query is embedded once)."""
        out: dict[str, list[tuple[str, float]]] = {}
        if "dense" in modes:
            out["dense"] = self.dense(query, depth, filters)
        if "lexical" in modes:
            out["lexical"] = self.lexical_search(query, depth, filters)
        return out

    def rank(self, rankings: dict[str, list[tuple[str, float]]], k: int, mode: str = "fused") -> list[Hit]:
        """Hits from precomputed rankings: one retriever's list ('dense'/'lexical') or their fusion."""
        ranks = {name: {cid: r for r, (cid, _) in enumerate(lst, start=1)} for name, lst in rankings.items()}
        ranked = fuse(rankings, k) if mode == "fused" else rankings[mode][:k]
        out = []
        for cid, score in ranked:
            node = self.nodes[cid]
            hit_ranks = {name: r[cid] for name, r in ranks.items() if cid in r}
            out.append(Hit(cid, node.text, dict(node.metadata), float(score), hit_ranks))
        return out

    def search(self, query: str, k: int = 8, filters: Filters | None = None, mode: str = "fused") -> list[Hit]:
        """Ranked chunks; mode is 'fused' (RRF of both), 'dense' or 'lexical'."""
        if mode not in ("fused", "dense", "lexical"):
            raise ValueError(f"unknown retrieval mode {mode!r}")
        modes = ("dense", "lexical") if mode == "fused" else (mode,)
        return self.rank(self.rankings(query, self.pool_depth(k), filters, modes), k, mode)
