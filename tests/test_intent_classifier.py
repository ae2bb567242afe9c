"""The intent classifier's decision: it overrides the rules only by its margin, and reads the same features
the assistant computes."""

from __future__ import annotations

import numpy as np

from assistant.analysis import INTENTS, analyze, with_intent
from assistant.intent import N_CUES, choose, cue_features, decide, features


def _model(dim: int, favour: str, strength: float, margin: float) -> dict:
    """A model that gives every question P=0.5 for each intent except `favour`, whose log-odds is `strength`."""
    bias = np.zeros(len(INTENTS))
    bias[INTENTS.index(favour)] = strength
    return {"intents": list(INTENTS), "weights": np.zeros((len(INTENTS), dim)), "bias": bias, "margin": margin,
            "embedding_dim": dim - N_CUES}


def test_choose_respects_the_margin():
    probs = {"value": 0.55, "list": 0.8, "open": 0.1}
    assert choose(probs, "value", 0.3) == "value"
    assert choose(probs, "value", 0.2) == "list"
    assert choose(probs, "list", 0.0) == "list"


def test_decide_overrides_only_above_the_margin():
    a = analyze("Ai ký nghị quyết về kế hoạch 5 năm?", [])
    vec = np.ones(8) / np.sqrt(8)
    dim = len(features(a, vec))
    weak = decide(a, vec, _model(dim, "list", 0.5, margin=0.3))  # P(list)=0.62 vs 0.5: below the margin
    assert weak.intent == a.intent and weak.intent_by == "rules"
    strong = decide(a, lambda: vec, _model(dim, "list", 3.0, margin=0.3))
    assert strong.intent == "list" and strong.intent_by == "classifier" and strong.docfact_fields == []
    # a vector of another length (another embedding model) is never read
    assert decide(a, np.ones(5), _model(dim, "list", 3.0, margin=0.3)).intent == a.intent


def test_forced_docfact_reads_its_fields():
    a = analyze("Ai ký nghị quyết về kế hoạch 5 năm?", [])
    forced = with_intent(with_intent(a, "value"), "docfact")
    assert forced.intent == "docfact" and "signer" in forced.docfact_fields and forced.intent_by == "forced"


def test_cue_features_name_the_rules_intent():
    a = analyze("So sánh tỷ lệ trường đạt chuẩn năm 2030 của Cao Bằng và Lào Cai", [])
    cues = cue_features(a)
    assert cues[-len(INTENTS):] == [1.0 if k == a.intent else 0.0 for k in INTENTS]
    assert a.intent == "comparison"


def test_fitted_projection_folds_into_raw_weights():
    from evals.train_intent import collapse, fit, predict

    rng = np.random.default_rng(0)
    rows = [{"set": "s", "id": str(i), "x": rng.normal(size=6 + N_CUES), "intent": "value", "correct": True,
             "y": rng.random(len(INTENTS)) < 0.5} for i in range(60)]
    m = fit(rows, c=1.0, embedding=3)
    weights, bias = collapse(m)
    x = np.stack([r["x"] for r in rows])
    raw = 1.0 / (1.0 + np.exp(-(x @ weights.T + bias)))
    assert np.allclose(raw, [[p[k] for k in INTENTS] for p in predict(m, rows)], atol=1e-9)
