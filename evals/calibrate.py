"""Fit the calibrated "does the best record answer?" model on the dev gold set.

    python -m evals.calibrate [--gold GOLD.jsonl[@HOME] …] [--home DIR] [--out assistant/calibration.json]

Several dev gold sets may be given, each with the home that holds the documents it cites
(``evals/devdocs2/questions.jsonl@/tmp/home-with-devdocs2``); a set without ``@HOME`` is read in
``--home`` (default: the settings' home).

Every dev question whose intent is answered from records (value, agency, open) gives the features
of its top candidate records (``assistant/calibration.py``). Labels: a candidate of an answered
question is positive when it is in a document the answer must cite and states an expected value
(or agency, or deadline); a candidate of a ``not_found`` question is negative. Questions are split by
a hash of their id: 70% train, 30% held out. The logistic regression (standardised features, L2) and
the threshold (best accept/refuse accuracy on the train questions' top candidates, ties to the lower
threshold) are fitted on train only; the held-out accuracy is reported and stored with the weights.
Only the dev split is read: the test split stays unseen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from assistant.calibration import COEFFICIENTS, FEATURES, Candidate
from assistant.structured import shown_value
from corpus.records import Indicator, Task
from evals.runner import GOLD, load_gold
from evals.scorer import deadline_in, text_in, value_in
from index.lookup import period_covers

MIN_SCORE = 0.45  # candidates below this never reach the gate (the match threshold is 0.6)
RECORD_INTENTS = {"value", "agency", "open"}


def is_train(item_id: str) -> bool:
    return int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % 10 < 7


def label(rec: Indicator | Task, item: dict[str, Any], years: list[int]) -> int | None:
    """1 if the record answers the gold item, 0 if not, None when the gold item cannot tell."""
    if item["expected_status"] == "not_found":
        return 0
    if rec.doc_id not in item.get("must_cite", []):
        return 0
    if isinstance(rec, Indicator):
        unit = f" (đơn vị: {rec.unit})" if rec.unit else ""
        text = " ".join(f"{shown_value(t, rec.unit)}{unit}" for t in rec.targets
                        if t.has_target and (not years or any(period_covers(t, y) for y in years)))
        agencies = f"{rec.lead} {rec.partners}"
        deadline = ""
    else:
        text = f"{rec.title} {rec.body}"
        agencies = f"{rec.responsible} {rec.lead} {rec.partners}"
        deadline = rec.deadline.raw if rec.deadline else ""
    checks = [value_in(v, text) for v in item.get("expected_values", [])]
    checks += [text_in(g, agencies) for g in item.get("expected_agencies", [])]
    checks += [deadline_in(d, deadline) for d in item.get("expected_deadlines", [])]
    if not checks:
        return None
    return 1 if any(checks) else 0


def record_questions(gold: list[dict[str, Any]], home: str | None, intents: set[str],
                     with_history: bool = True) -> Iterator[tuple[dict[str, Any], Any, Any, list, list, dict]]:
    """(item, analysis, context, ranked indicators, ranked tasks, retrieval boost) for each gold question
    answered from records (its intent in `intents`), on an assistant over `home` (the settings' home if None)."""
    from assistant.analysis import resolve
    from assistant.answer import Citations
    from assistant.answerers.records import ranked
    from assistant.api import Assistant
    from assistant.context import Context
    from assistant.structured import scope_docs
    from corpus.settings import load_settings

    assistant = Assistant(load_settings(**({"home": home} if home else {})))
    for item in gold:
        if item.get("history") and not with_history:
            continue
        history = list(item.get("history") or []) if with_history else []
        a = resolve(item["question"], history, assistant.docs, restore=assistant._restore)
        if a.intent not in intents:
            continue
        scope = scope_docs(a, assistant.docs)
        if not scope:
            continue
        ctx = Context(assistant.records, date.today(), Citations(assistant.docs_by_id))
        yield (item, a, ctx, *ranked(a, scope, ctx))


def collect(gold: list[dict[str, Any]], home: str | None) -> list[dict[str, Any]]:
    """One row per (question, candidate): features, label, rank, split."""
    from assistant.answerers.records import candidates

    rows = []
    for item, a, ctx, ind_scored, task_scored, boost in record_questions(gold, home, RECORD_INTENTS):
        cands: list[Candidate] = candidates(a, ctx, ind_scored, task_scored, boost, n=5)
        for rank, cand in enumerate(cands):
            if cand.score < MIN_SCORE:
                continue
            y = label(cand.record, item, a.years)
            if y is None:
                continue
            rows.append({"id": item["id"], "rank": rank, "y": y, "train": is_train(item["id"]),
                         "x": [cand.features[f] for f in FEATURES], "score": cand.score})
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 4000, lr: float = 0.1) -> tuple[np.ndarray, float]:
    """Logistic regression by gradient descent on standardised features (L2 on the weights)."""
    w = np.zeros(x.shape[1])
    b = 0.0
    n = len(y)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        grad_w = x.T @ (p - y) / n + l2 * w / n
        grad_b = float(np.mean(p - y))
        w -= lr * grad_w
        b -= lr * grad_b
    return w, b


@dataclass
class Fitted:
    """A logistic model on standardised features: weights, bias, and the standardisation."""

    w: np.ndarray
    b: float
    mean: np.ndarray
    scale: np.ndarray

    def probs(self, rows: list[dict[str, Any]]) -> np.ndarray:
        x = np.array([r["x"] for r in rows], dtype=float)
        return 1.0 / (1.0 + np.exp(-(((x - self.mean) / self.scale) @ self.w + self.b)))

    def as_data(self, features: list[str] | tuple[str, ...]) -> dict[str, Any]:
        """The coefficients as the assistant reads them (weights, bias, mean, scale by feature)."""
        def by_feature(v: np.ndarray) -> dict[str, float]:
            return {f: round(float(x), 4) for f, x in zip(features, v, strict=True)}
        return {"features": list(features), "weights": by_feature(self.w), "bias": round(float(self.b), 4),
                "mean": by_feature(self.mean), "scale": by_feature(self.scale)}


def fit_rows(train: list[dict[str, Any]]) -> Fitted:
    """Fit on rows {"x": [...], "y": 0|1} with features standardised on the same rows."""
    x = np.array([r["x"] for r in train], dtype=float)
    y = np.array([r["y"] for r in train], dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    w, b = fit((x - mean) / scale, y)
    return Fitted(w, b, mean, scale)


def top_decisions(rows: list[dict[str, Any]], probs: np.ndarray, t: float) -> tuple[int, int]:
    """(correct, total) accept/refuse decisions on each question's top candidate."""
    correct = total = 0
    for r, p in zip(rows, probs, strict=True):
        if r["rank"] != 0:
            continue
        total += 1
        correct += int((p >= t) == bool(r["y"]))
    return correct, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", nargs="+", default=[str(GOLD)], help="gold file, optionally @HOME")
    ap.add_argument("--home", default=None)
    ap.add_argument("--out", type=Path, default=COEFFICIENTS)
    args = ap.parse_args(argv)
    sets = [(Path(g.split("@", 1)[0]), g.split("@", 1)[1] if "@" in g else args.home) for g in args.gold]
    if any("test" in g.name or "heldout" in str(g) for g, _ in sets):
        raise SystemExit("calibrate on the dev split only")
    rows = []
    for g, home in sets:
        # ids are unique within a set only: the set's name keeps them apart (and decides the split)
        gold = [{**item, "id": f"{g.parent.name}/{g.stem}/{item['id']}"} for item in load_gold(g)]
        rows += collect(gold, home)
    train = [r for r in rows if r["train"]]
    held = [r for r in rows if not r["train"]]
    y_train = np.array([r["y"] for r in train], dtype=float)
    model = fit_rows(train)
    p_train, p_held = model.probs(train), model.probs(held)
    grid = [round(t, 2) for t in np.arange(0.05, 0.96, 0.05)]
    best_t = max(grid, key=lambda t: (top_decisions(train, p_train, t)[0], -t))
    acc = {
        "train_candidates": float(np.mean((p_train >= 0.5) == y_train)),
        "heldout_candidates": float(np.mean((p_held >= 0.5) == np.array([r["y"] for r in held]))),
        "train_top_decisions": top_decisions(train, p_train, best_t),
        "heldout_top_decisions": top_decisions(held, p_held, best_t),
        # the decision without a model: always accept the top candidate
        "train_top_accept_all": top_decisions(train, np.ones(len(train)), 0.5),
        "heldout_top_accept_all": top_decisions(held, np.ones(len(held)), 0.5),
    }
    out = {
        "source": f"python -m evals.calibrate on {', '.join(str(g) for g, _ in sets)} (dev sets only; "
                  "70% train by id hash)",
        **model.as_data(FEATURES),
        "threshold": best_t,
        "n_train": len(train), "n_heldout": len(held),
        "positives_train": int(y_train.sum()),
        "accuracy": acc,
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: out[k] for k in ("weights", "threshold", "n_train", "n_heldout", "accuracy")},
                     ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
