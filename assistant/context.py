"""What every answerer may use: the records, the scorers, the index, and a few shared look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assistant.analysis import Analysis
from assistant.answer import Citations
from assistant.matching import Scorer
from assistant.passages import extract
from assistant.structured import Reply, indicator_text, task_text
from corpus.records import Document, Indicator, Task
from index.retrieve import Filters, Index


@dataclass
class Records:
    """The corpus an assistant answers from, prepared once per index generation."""

    docs: list[Document]
    indicators: list[Indicator]
    tasks: list[Task]
    index: Index

    def __post_init__(self) -> None:
        self.docs_by_id = {d.doc_id: d for d in self.docs}
        self.by_id: dict[str, Indicator | Task] = {r.id: r for r in [*self.indicators, *self.tasks]}
        self.record_scorer = Scorer([indicator_text(i) for i in self.indicators] + [task_text(t) for t in self.tasks])
        self.passage_scorer = Scorer([n.text for n in self.index.nodes.values()])
        # per document: its records with their place in the whole lists (a question's scope is read from
        # these, not from every record of the base)
        self.by_doc: dict[str, tuple[list[tuple[int, Indicator]], list[tuple[int, Task]]]] = {}
        for i, ind in enumerate(self.indicators):
            self.by_doc.setdefault(ind.doc_id, ([], []))[0].append((i, ind))
        for i, task in enumerate(self.tasks):
            self.by_doc.setdefault(task.doc_id, ([], []))[1].append((i, task))

    def of_docs(self, doc_ids: set[str]) -> tuple[list[Indicator], list[Task]]:
        """Indicators and tasks of these documents, in the order of the whole lists."""
        if self.by_doc.keys() <= doc_ids:  # every document with records (a question without a scope)
            return list(self.indicators), list(self.tasks)
        parts = [self.by_doc[d] for d in doc_ids if d in self.by_doc]
        inds = sorted((x for p in parts for x in p[0]), key=lambda x: x[0])
        tasks = sorted((x for p in parts for x in p[1]), key=lambda x: x[0])
        return [i for _, i in inds], [t for _, t in tasks]


@dataclass
class Context:
    """One question's working context: the records, today's date and the citations being numbered."""

    records: Records
    today: date
    citations: Citations
    dense_sim: dict[str, float] = field(default_factory=dict)  # record id → similarity of its chunk
    previous: list[Indicator | Task] = field(default_factory=list)  # the records the previous answer was about

    # --- shortcuts ---------------------------------------------------------------------------
    @property
    def docs(self) -> list[Document]:
        return self.records.docs

    @property
    def docs_by_id(self) -> dict[str, Document]:
        return self.records.docs_by_id

    @property
    def indicators(self) -> list[Indicator]:
        return self.records.indicators

    @property
    def tasks(self) -> list[Task]:
        return self.records.tasks

    @property
    def record_scorer(self) -> Scorer:
        return self.records.record_scorer

    @property
    def passage_scorer(self) -> Scorer:
        return self.records.passage_scorer

    @property
    def index(self) -> Index:
        return self.records.index

    # --- shared look-ups ---------------------------------------------------------------------
    def in_scope(self, scope: list[Document]) -> tuple[list[Indicator], list[Task]]:
        """Indicators and tasks of the documents in scope."""
        return self.records.of_docs({d.doc_id for d in scope})

    def retrieval_boost(self, a: Analysis, scope: list[Document], kinds: list[str]) -> dict[str, float]:
        """Record id → 1/rank of the record's chunk in fused retrieval (the top 20)."""
        restricted = len(scope) < len(self.docs)
        filters = Filters(doc_ids=[d.doc_id for d in scope] if restricted else None, kinds=kinds)
        rankings = self.index.rankings(a.question, self.index.pool_depth(20), filters)
        for cid, sim in rankings.get("dense", []):  # the query is embedded once: similarities come free
            rid = self.index.nodes[cid].metadata.get("record_id", "")
            if rid:
                self.dense_sim[rid] = max(self.dense_sim.get(rid, -1.0), float(sim))
        hits = self.index.rank(rankings, 20)
        return {h.metadata.get("record_id", ""): 1.0 / rank for rank, h in enumerate(hits, start=1)}

    def extractive(self, a: Analysis, scope: list[Document], c: Citations | None = None,
                   want_number: bool = False) -> Reply:
        """Quoted sentences of the best passages in scope."""
        restricted = len(scope) < len(self.docs)
        reply = extract(a, self.index, c or self.citations, [d.doc_id for d in scope] if restricted else None,
                        self.passage_scorer, want_number)
        reply.path = reply.path or "passages"
        return reply

    def names_document(self, a: Analysis, scope: list[Document]) -> bool:
        """True if the topic words only describe the document itself (its heading lines)."""
        heads = " ".join(" ".join(d.lines[:12]) for d in scope)
        return self.record_scorer.coverage(a.topic, heads) >= 0.8
