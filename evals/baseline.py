"""The naive baseline: llama-index's default RAG pipeline over the same documents, without an LLM.

SentenceSplitter with its default chunk size (1024 tokens, overlap 200) → VectorStoreIndex in memory
(SimpleVectorStore) embedded with the product's own model (``llama_embedding(embedder)``) → top-5
retrieval for the question (follow-ups: the earlier turns and the question joined). No LLM
(``Settings.llm = None``): there is no answer to score, so the baseline is scored on **context recall**:
does the retrieved context even contain every expected string of an answerable gold item (values with
the scorer's number matching, agencies, deadlines and items with its folded matching)? That is an
upper bound for any generator put on top of that retrieval.
"""

from __future__ import annotations

import time
from typing import Any

from evals.scorer import deadline_in, text_in, value_in

TOP_K = 5


def expected_strings(gold: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, string) for everything an answer to the gold item must contain."""
    out = [("value", v) for v in gold.get("expected_values") or []]
    out += [("agency", a) for a in gold.get("expected_agencies") or []]
    out += [("deadline", d) for d in gold.get("expected_deadlines") or []]
    out += [("item", i) for i in gold.get("expected_items") or []]
    return out


def contains(kind: str, expected: str, text: str) -> bool:
    if kind == "value":
        return value_in(expected, text)
    if kind == "deadline":
        return deadline_in(expected, text)
    return text_in(expected, text)


def baseline_query(gold: dict[str, Any]) -> str:
    return " ".join([*(gold.get("history") or []), gold["question"]])


class NaiveBaseline:
    """llama-index defaults over the documents of an Index; ``retrieve(question)`` → top-5 chunk texts."""

    def __init__(self, documents: list[Any], embedder: Any, top_k: int = TOP_K):
        from llama_index.core import Document, Settings, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        from index.embeddings import llama_embedding

        Settings.llm = None  # no generation: retrieval only
        started = time.perf_counter()
        docs = [Document(text="\n".join(d.lines), metadata={"doc_id": d.doc_id}) for d in documents]
        self.splitter = SentenceSplitter()  # defaults: chunk_size=1024, chunk_overlap=200
        self.index = VectorStoreIndex.from_documents(docs, embed_model=llama_embedding(embedder),
                                                     transformations=[self.splitter])
        self.retriever = self.index.as_retriever(similarity_top_k=top_k)
        self.n_chunks = len(self.index.docstore.docs)
        self.build_s = time.perf_counter() - started

    def retrieve(self, question: str) -> list[dict[str, Any]]:
        return [{"doc_id": n.node.metadata.get("doc_id"), "score": n.score, "text": n.node.get_content()}
                for n in self.retriever.retrieve(question)]

    def score(self, gold: dict[str, Any]) -> dict[str, Any]:
        """Context recall of one gold item (None when it is unanswerable or expects no string)."""
        wanted = expected_strings(gold)
        if gold.get("expected_status") != "answered" or not wanted:
            return {"id": gold["id"], "category": gold.get("category"), "recall": None}
        hits = self.retrieve(baseline_query(gold))
        context = "\n".join(h["text"] for h in hits)
        missing = [s for kind, s in wanted if not contains(kind, s, context)]
        return {"id": gold["id"], "category": gold.get("category"), "recall": not missing, "missing": missing,
                "retrieved": [h["doc_id"] for h in hits]}


def answer_recall(answer: dict[str, Any], gold: dict[str, Any]) -> bool | None:
    """The same measure on the assistant's answer text (every expected string present), for side-by-side."""
    wanted = expected_strings(gold)
    if gold.get("expected_status") != "answered" or not wanted:
        return None
    text = answer.get("answer") or ""
    return all(contains(kind, s, text) for kind, s in wanted)
