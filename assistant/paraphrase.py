"""A second, calibrated look at a question whose words cover no record well: does the best record say the same
thing in other words ("sinh viên đến từ nước ngoài" for "sinh viên quốc tế")?

Evidence from meaning as well as from words: the similarity of the question's embedding to the record's name,
of the words the question leaves uncovered to the record's words it does not ask, and of the record's chunk
(dense retrieval), whether dense and lexical ranking agree on the record, and the lexical and slot evidence of
the main gate (``calibration.py``). The coefficients and the threshold are data (``paraphrase.json``), fitted
by ``python -m evals.fit_paraphrase`` on some dev sets and checked on others.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.analysis import Analysis
from assistant.calibration import Candidate, asked_kind, contradicts, load_model, logistic
from assistant.context import Context
from assistant.matching import norm_token
from corpus.records import Indicator, Task
from corpus.textnorm import fold

COEFFICIENTS = Path(__file__).with_name("paraphrase.json")

FEATURES = ("name_sim", "rest_sim", "score", "dense", "dense_top", "dense_margin", "margin", "unknown", "known",
            "own", "year", "province", "unit", "contradicts", "task", "topic_size")


def record_name(rec: Indicator | Task) -> str:
    return f"{rec.name} {rec.unit}".strip() if isinstance(rec, Indicator) else rec.title


def _rests(a: Analysis, ctx: Context, rec: Indicator | Task, text: str) -> tuple[str, str]:
    """The question's topic words the record does not cover (as the question spells them), and the record
    name's words the question does not ask."""
    spelt = {fold(t): t for t in re.findall(r"\w+", a.question)}
    asked = " ".join(spelt.get(w, w) for w in ctx.record_scorer.uncovered(a.topic, text))
    topic = {fold(w) for w in a.topic}
    said = " ".join(t for t in re.findall(r"\w+", record_name(rec)) if fold(t) not in topic)
    return asked, said


def features(a: Analysis, ctx: Context, cand: Candidate, text: str, dense: dict[str, float]) -> dict[str, float]:
    """The feature vector of the best candidate of a question below the match threshold (see FEATURES).

    `dense`: record id → dense similarity, for the records the question may be answered from."""
    rec = cand.record
    own_sim = dense.get(rec.id, 0.0)
    others = [s for rid, s in dense.items() if rid != rec.id]
    asked, said = _rests(a, ctx, rec, text)
    sims = ctx.index.similarities(a.question, [record_name(rec)])
    rest = ctx.index.phrase_similarity(asked, said) if asked and said else 0.0
    unknown = sum(1 for w in a.topic if ctx.record_scorer.df.get(norm_token(w), 0) == 0)
    return {
        "name_sim": sims[0], "rest_sim": rest, "score": cand.score, "dense": own_sim,
        "dense_top": 1.0 if own_sim >= max(others, default=-1.0) else 0.0,
        "dense_margin": own_sim - max(others, default=0.0), "margin": cand.features["margin"],
        "unknown": unknown / max(1, len(a.topic)), "known": cand.features["known"], "own": cand.features["own"],
        "year": cand.features["year"], "province": cand.features["province"], "unit": cand.features["unit"],
        "contradicts": 1.0 if contradicts(asked_kind(a.folded), rec, a.folded) else 0.0,
        "task": cand.features["task"], "topic_size": min(len(a.topic), 12) / 12,
    }


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted coefficients; a never-yes model if none was fitted."""
    return load_model(COEFFICIENTS, -10.0)


def probability(feats: dict[str, float]) -> float:
    """P(the record answers the question in other words) under the fitted logistic model."""
    return logistic(model(), feats)


def threshold() -> float:
    return float(model()["threshold"])
