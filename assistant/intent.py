"""A learned second opinion on the question's intent: one logistic model per intent over the question's
embedding and the rules' cues.

Model k estimates P(answering the question as intent k is correct). The features are the query
embedding retrieval computes anyway (``Index.query_vector``: the same text, so the same cached vector)
and the cue matches of ``assistant.analysis`` (each cue pattern, the rules' intent, numbers of provinces
and years, follow-up markers). The rules' intent is replaced only when the best intent's probability
beats the rules' intent's by the fitted margin. The weights, standardisation and margin are data
(``intent_model.json``), fitted by ``python -m evals.train_intent`` on oracle tables of dev questions
(``python -m evals.intent_oracle``); with ``"enabled": false`` or no file the rules decide alone.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant import analysis as rules
from assistant.analysis import INTENTS, Analysis, with_intent

MODEL = Path(__file__).with_name("intent_model.json")

# the rules' cue patterns (folded), each one binary feature
CUES: dict[str, str] = {
    "basis": rules._BASIS,
    "task_list": rules.TASK_LIST,
    "task_words": r"phai (?:ban hanh|hoan thanh|xong)|han hoan thanh|nhiem vu|\bviec\b",
    "docfact": rules._DOCFACT,
    "change": rules._CHANGE,
    "change_ends": r"tu bao nhieu|len bao nhieu",
    "compare": rules._COMPARE,
    "list": rules._LIST,
    "deadline": rules.DEADLINE,
    "agency": rules._AGENCY,
    "value": rules._VALUE,
    "strong_value": rules._STRONG_VALUE,
    "open": rules._OPEN,
}


# slots of the analysis, each one feature
SLOTS = ("figure", "docfact_fields", "one_province", "provinces", "one_year", "years", "period", "document",
         "followup", "inherited_intent", "task_code")
N_CUES = len(CUES) + len(SLOTS) + len(INTENTS)


def cue_features(a: Analysis) -> list[float]:
    """Binary cue matches, the analysis's slots (SLOTS) and the rules' intent (one-hot): N_CUES numbers."""
    folded = a.folded
    cues = [1.0 if re.search(p, folded) else 0.0 for p in CUES.values()]
    figure = 1.0 if re.search(r"\d", re.sub(rules.NAMING_NUMBERS, " ", folded)) else 0.0
    slots = [figure, 1.0 if a.docfact_fields or rules._docfact_fields(folded) else 0.0,
             float(len(a.provinces) == 1), float(len(a.provinces) > 1), float(len(a.years) == 1),
             float(len(a.years) > 1), float(a.period is not None), float(bool(a.doc_ids)),
             float(a.is_followup), float("intent" in a.inherited), float(bool(a.task_code))]
    return cues + slots + [1.0 if a.intent == k else 0.0 for k in INTENTS]


def features(a: Analysis, vector: np.ndarray | None) -> np.ndarray:
    """The question's embedding (when given) followed by the cue features."""
    cues = np.asarray(cue_features(a), dtype=np.float64)
    if vector is None:
        return cues
    return np.concatenate([np.asarray(vector, dtype=np.float64).ravel(), cues])


@lru_cache(maxsize=1)
def model() -> dict[str, Any] | None:
    """The fitted model, or None when there is none or it is switched off."""
    if not MODEL.exists():
        return None
    m = json.loads(MODEL.read_text(encoding="utf-8"))
    if not m.get("enabled"):
        return None
    m["weights"], m["bias"] = np.asarray(m["weights"], dtype=np.float64), np.asarray(m["bias"], dtype=np.float64)
    return m


def probabilities(m: dict[str, Any], x: np.ndarray) -> dict[str, float]:
    """Intent → P(answering as that intent is correct)."""
    z = m["weights"] @ x + m["bias"]
    p = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
    return dict(zip(m["intents"], p.tolist(), strict=True))


def choose(probs: dict[str, float], current: str, margin: float) -> str:
    """The most probable intent if it beats the current one by at least the margin, else the current one."""
    best = max(probs, key=lambda k: probs[k])
    if best != current and probs[best] - probs.get(current, 0.0) >= margin:
        return best
    return current


def decide(a: Analysis, vector: Any = None, m: dict[str, Any] | None = None) -> Analysis:
    """The analysis with the classifier's intent when it is confident enough; unchanged without a model.

    ``vector`` is the question's query embedding, or a callable returning it (called only with a model)."""
    m = m if m is not None else model()
    if m is None:
        return a
    vec = vector() if callable(vector) else vector
    if vec is None or len(vec) != m["embedding_dim"]:
        return a  # another embedding model than the one the classifier was fitted on
    intent = choose(probabilities(m, features(a, vec)), a.intent, float(m["margin"]))
    return with_intent(a, intent, by="classifier") if intent != a.intent else a
