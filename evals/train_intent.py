"""Fit the intent classifier (``assistant/intent.py``) on oracle tables of dev questions and check it.

    python -m evals.train_intent --oracle DIR --home DIR --devdocs-home DIR
        [--fit answers,dev2,devdocs] [--check dev3] [--out assistant/intent_model.json] [--enable]
        [--report FILE] [--features-cache FILE] [--embedding -1,K,…] [--cv-seeds N]

``DIR`` holds ``<set>.jsonl`` oracle tables written by ``python -m evals.intent_oracle`` for the dev sets
``answers``, ``dev2``, ``dev3`` (bundled corpus, ``--home``) and ``devdocs`` (bundled + dev documents,
``--devdocs-home``). For every question the features are those the assistant computes at answer time
(the resolved analysis's cues and the query embedding) and the labels say, per intent, whether the
answer given under that intent was correct. Questions where every intent or none is correct carry no
signal and are left out of fitting (they still count in end-to-end accuracy).

One logistic regression per intent (standardised features, L2) is fitted on the ``--fit`` sets. The
embedding's use (whole, first K principal components of the fit questions', none), C and the override
margin (best intent's probability minus the rules' intent's) are chosen on out-of-fold predictions
within the fit sets (5 folds), ties to the larger margin; when no margin gains on those predictions
the model is never used. End-to-end accuracy is read off the oracle
tables: the answer under the chosen intent was scored already. Reported: on the ``--check`` sets (held
out from all fitting), leave-one-set-out over all four sets, and pooled 5-fold cross-validation over
every question (``--cv-seeds`` different fold assignments). ``--enable`` marks the written model
as used by the assistant; without it the file is written switched off. Never give a test split here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from assistant.analysis import INTENTS
from assistant.intent import MODEL, N_CUES, choose
from evals.runner import load_gold

HERE = Path(__file__).parent
SETS = {"answers": HERE / "gold" / "answers.jsonl", "dev2": HERE / "gold" / "dev2.jsonl",
        "dev3": HERE / "gold" / "dev3.jsonl", "devdocs": HERE / "devdocs" / "questions.jsonl"}
MARGINS = [round(x, 2) for x in np.arange(0.0, 0.95, 0.05)]
CS = (0.003, 0.01, 0.03, 0.1)
NEVER = 2.0  # a margin no probability difference reaches


def load_rows(oracle: Path, homes: dict[str, str], cache: Path | None) -> list[dict[str, Any]]:
    """One row per dev question: set, id, features, labels (correct per intent), rules' intent and correctness."""
    cached: dict[str, list[float]] = {}
    if cache and cache.exists():
        cached = json.loads(cache.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = []
    assistants: dict[str, Any] = {}
    for name, gold_path in SETS.items():
        table = oracle / f"{name}.jsonl"
        if not table.exists():
            continue
        oracle_rows = {r["id"]: r for r in map(json.loads, table.read_text(encoding="utf-8").splitlines()) if r}
        for item in load_gold(gold_path):
            o = oracle_rows.get(item["id"])
            if o is None:
                continue
            key = hashlib.sha1(json.dumps([name, item["id"], item["question"], item.get("history")],
                                          ensure_ascii=False).encode()).hexdigest()
            if key not in cached:
                cached[key] = _features(assistants, homes[name], item)
            rows.append({"set": name, "id": item["id"], "x": np.asarray(cached[key]), "intent": o["intent"],
                         "correct": bool(o["correct"]), "y": np.array([bool(o["forced"][k]) for k in INTENTS])})
    if cache:
        cache.write_text(json.dumps(cached), encoding="utf-8")
    return rows


def _features(assistants: dict[str, Any], home: str, item: dict[str, Any]) -> list[float]:
    """The features the assistant computes for the item at answer time (rules' analysis + query embedding)."""
    from assistant.analysis import resolve
    from assistant.api import Assistant, history_questions
    from assistant.intent import features
    from corpus.settings import load_settings

    if home not in assistants:
        assistants[home] = Assistant(load_settings(home=Path(home)))
    assistant = assistants[home]
    a = resolve(item["question"], history_questions(item.get("history")), assistant.docs, restore=assistant._restore)
    return features(a, assistant.index.query_vector(a.question)).tolist()


def informative(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Questions where some intents answer correctly and some do not."""
    return [r for r in rows if 0 < r["y"].sum() < len(INTENTS)]


def project(m: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """Features as the model reads them: the embedding part projected on the model's components, if any."""
    if m.get("components") is None:
        return x
    emb, cues = x[..., :-N_CUES], x[..., -N_CUES:]
    return np.concatenate([(emb - m["center"]) @ m["components"].T, cues], axis=-1)


def collapse(m: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(weights, bias) over the raw features: standardisation and projection folded into the linear model."""
    v = m["weights"] / m["scale"]  # over the projected features
    bias = m["bias"] - v @ m["mean"]
    if m.get("components") is None:
        return v, bias
    k = m["components"].shape[0]
    emb = v[:, :k] @ m["components"]
    return np.concatenate([emb, v[:, k:]], axis=1), bias - emb @ m["center"]


def fit(rows: list[dict[str, Any]], c: float, embedding: int = -1) -> dict[str, Any]:
    """One L2 logistic regression per intent on standardised features of the informative rows; the
    embedding is used whole (``embedding=-1``), projected on its first principal components over these
    rows (``embedding=K``), or not at all (``0``)."""
    from sklearn.linear_model import LogisticRegression

    train = informative(rows)
    raw = np.stack([r["x"] for r in train])
    m: dict[str, Any] = {"embedding_dim": raw.shape[1] - N_CUES, "center": None, "components": None}
    if embedding >= 0:
        m["center"] = raw[:, :-N_CUES].mean(axis=0)
        m["components"] = np.linalg.svd(raw[:, :-N_CUES] - m["center"], full_matrices=False)[2][:embedding]
    x = project(m, raw)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    xs = (x - mean) / scale
    weights, bias = [], []
    for k in range(len(INTENTS)):
        y = np.array([r["y"][k] for r in train])
        if y.all() or not y.any():  # a constant label: its log-odds alone
            p = (y.sum() + 0.5) / (len(y) + 1.0)
            weights.append(np.zeros(x.shape[1]))
            bias.append(float(np.log(p / (1 - p))))
            continue
        clf = LogisticRegression(C=c, max_iter=2000).fit(xs, y)
        weights.append(clf.coef_[0])
        bias.append(float(clf.intercept_[0]))
    return m | {"intents": list(INTENTS), "weights": np.stack(weights), "bias": np.array(bias), "mean": mean,
                "scale": scale, "C": c}


def predict(m: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, float]]:
    if not rows:
        return []
    x = (project(m, np.stack([r["x"] for r in rows])) - m["mean"]) / m["scale"]
    p = 1.0 / (1.0 + np.exp(-np.clip(x @ m["weights"].T + m["bias"], -30, 30)))
    return [dict(zip(INTENTS, row.tolist(), strict=True)) for row in p]


def outcome(rows: list[dict[str, Any]], probs: list[dict[str, float]], margin: float) -> tuple[int, int, int]:
    """(correct with the rules, correct with the classifier's decisions, number of overrides)."""
    before = after = changed = 0
    for r, p in zip(rows, probs, strict=True):
        chosen = choose(p, r["intent"], margin)
        before += r["correct"]
        if chosen == r["intent"]:
            after += r["correct"]
        else:
            changed += 1
            after += bool(r["y"][INTENTS.index(chosen)])
    return before, after, changed


def folds(rows: list[dict[str, Any]], k: int = 5) -> list[int]:
    return [int(hashlib.sha1(f"{r['set']}/{r['id']}".encode()).hexdigest(), 16) % k for r in rows]


def select(rows: list[dict[str, Any]], embeddings: tuple[int, ...] = (-1,)) -> dict[str, Any]:
    """The embedding use, C and margin with the best end-to-end gain on out-of-fold predictions within the
    rows; ties to the larger margin, then the first embedding and C tried. The margin is NEVER when nothing
    gains."""
    fold_of = folds(rows)
    best: tuple[int, int, float, float] | None = None
    for embedding in embeddings:
        for c in CS:
            probs: list[dict[str, float]] = [{}] * len(rows)
            for f in range(5):
                train = [r for r, g in zip(rows, fold_of, strict=True) if g != f]
                test_idx = [i for i, g in enumerate(fold_of) if g == f]
                for i, p in zip(test_idx, predict(fit(train, c, embedding), [rows[i] for i in test_idx]), strict=True):
                    probs[i] = p
            for margin in MARGINS:
                before, after, _ = outcome(rows, probs, margin)
                if best is None or after - before > best[0] or (after - before == best[0] and margin > best[3]):
                    best = (after - before, embedding, c, margin)
    assert best is not None
    gain, embedding, c, margin = best
    return {"embedding": embedding, "C": c, "margin": margin if gain > 0 else NEVER, "oof_gain": gain}


def accuracy(rows: list[dict[str, Any]], m: dict[str, Any], margin: float) -> dict[str, Any]:
    """End-to-end accuracy before and after, overrides, and how often the top intent is a correct one."""
    probs = predict(m, rows)
    before, after, changed = outcome(rows, probs, margin)
    info = [(r, p) for r, p in zip(rows, probs, strict=True) if 0 < r["y"].sum() < len(INTENTS)]
    top_ok = sum(bool(r["y"][INTENTS.index(max(p, key=lambda k: p[k]))]) for r, p in info)
    rules_ok = sum(bool(r["y"][INTENTS.index(r["intent"])]) for r, _ in info if r["intent"] in INTENTS)
    return {"n": len(rows), "before": before, "after": after, "overrides": changed,
            "acc_before": round(before / len(rows), 4) if rows else None,
            "acc_after": round(after / len(rows), 4) if rows else None,
            "informative": len(info), "top_intent_correct": top_ok, "rules_intent_correct": rules_ok}


def evaluate_split(rows: list[dict[str, Any]], fit_sets: list[str], check_sets: list[str],
                   embeddings: tuple[int, ...] = (-1,)) -> dict[str, Any]:
    train = [r for r in rows if r["set"] in fit_sets]
    chosen = select(train, embeddings)
    margin = chosen["margin"]
    m = fit(train, chosen["C"], chosen["embedding"])
    out = {"fit": fit_sets, **chosen, "train": accuracy(train, m, margin)}
    for name in check_sets:
        out[name] = accuracy([r for r in rows if r["set"] == name], m, margin)
    return out


def pooled_cv(rows: list[dict[str, Any]], names: list[str], seed: int, embeddings: tuple[int, ...]) -> dict[str, Any]:
    """End-to-end before/after per set when every question is held out once (5 folds over all sets, each
    fold's model, C and margin fitted on the other four)."""
    fold_of = [int(hashlib.sha1(f"{seed}/{r['set']}/{r['id']}".encode()).hexdigest(), 16) % 5 for r in rows]
    out = {name: {"before": 0, "after": 0, "overrides": 0} for name in [*names, "all"]}
    for f in range(5):
        train = [r for r, g in zip(rows, fold_of, strict=True) if g != f]
        test = [r for r, g in zip(rows, fold_of, strict=True) if g == f]
        chosen = select(train, embeddings)
        for r, p in zip(test, predict(fit(train, chosen["C"], chosen["embedding"]), test), strict=True):
            before, after, changed = outcome([r], [p], chosen["margin"])
            for name in (r["set"], "all"):
                out[name]["before"] += before
                out[name]["after"] += after
                out[name]["overrides"] += changed
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.train_intent", description=__doc__.split("\n")[0])
    parser.add_argument("--oracle", type=Path, required=True, help="directory of <set>.jsonl oracle tables")
    parser.add_argument("--home", required=True, help="home with the bundled corpus")
    parser.add_argument("--devdocs-home", required=True, help="home with the bundled corpus + evals/devdocs/docs")
    parser.add_argument("--fit", default="answers,dev2,devdocs", help="sets the model is fitted on")
    parser.add_argument("--check", default="dev3", help="sets held out from fitting, reported")
    parser.add_argument("--out", type=Path, default=MODEL, help="the model file")
    parser.add_argument("--enable", action="store_true", help="write the model switched on")
    parser.add_argument("--report", type=Path, help="JSON report of every figure")
    parser.add_argument("--features-cache", type=Path, help="cache of computed features (JSON)")
    parser.add_argument("--embedding", default="-1", help="comma-separated choices, selected with C and the "
                        "margin: -1 the whole embedding, K its first K principal components, 0 cues only")
    parser.add_argument("--cv-seeds", type=int, default=1, help="pooled 5-fold cross-validations (0: none)")
    args = parser.parse_args(argv)
    homes = {"answers": args.home, "dev2": args.home, "dev3": args.home, "devdocs": args.devdocs_home}
    rows = load_rows(args.oracle, homes, args.features_cache)
    names = sorted({r["set"] for r in rows}, key=list(SETS).index)
    fit_sets = [s for s in args.fit.split(",") if s in names]
    check_sets = [s for s in args.check.split(",") if s in names]
    embeddings = tuple(int(e) for e in args.embedding.split(","))
    report: dict[str, Any] = {"embeddings": embeddings, "oracle": {}}
    for name in names:
        members = [r for r in rows if r["set"] == name]
        report["oracle"][name] = {"n": len(members), "rules_correct": sum(r["correct"] for r in members),
                                  "some_intent_correct": sum(bool(r["y"].any()) for r in members),
                                  "informative": len(informative(members)),
                                  "forced_rules_differs": sum(r["intent"] in INTENTS and r["correct"] != bool(
                                      r["y"][INTENTS.index(r["intent"])]) for r in members)}
    print(json.dumps(report["oracle"], indent=1))
    report["split"] = evaluate_split(rows, fit_sets, check_sets, embeddings)
    print(json.dumps(report["split"], indent=1))
    report["leave_one_set_out"] = {}
    for held in names:
        res = evaluate_split(rows, [s for s in names if s != held], [held], embeddings)
        report["leave_one_set_out"][held] = res
        r = res[held]
        print(f"held out {held}: {r['before']}/{r['n']} → {r['after']}/{r['n']} ({r['overrides']} overrides, "
              f"embedding={res['embedding']}, C={res['C']}, margin={res['margin']})")
    report["pooled_cv"] = [pooled_cv(rows, names, seed, embeddings) for seed in range(args.cv_seeds)]
    for seed, cv in enumerate(report["pooled_cv"]):
        print(f"pooled 5-fold CV (seed {seed}): " + ", ".join(f"{k} {v['before']} → {v['after']} ({v['overrides']})"
                                                             for k, v in cv.items()))
    train = [r for r in rows if r["set"] in fit_sets]
    m = fit(train, report["split"]["C"], report["split"]["embedding"])
    margin = report["split"]["margin"]
    enabled = bool(args.enable and margin < NEVER)
    model = {"enabled": enabled, "intents": list(INTENTS), "margin": margin, "C": m["C"],
             "embedding_dim": m["embedding_dim"], "fitted": str(date.today()), "fit_sets": fit_sets,
             "check_sets": check_sets, "figures": {k: report["split"][k] for k in [*check_sets, "train"]}}
    weights, bias = collapse(m)
    x = np.stack([r["x"] for r in train])
    p = 1.0 / (1.0 + np.exp(-np.clip(x @ weights.T + bias, -30, 30)))
    assert np.allclose(p, [[q[k] for k in INTENTS] for q in predict(m, train)], atol=1e-6)
    model["weights"], model["bias"] = np.round(weights, 7).tolist(), np.round(bias, 7).tolist()
    args.out.write_text(json.dumps(model, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"model: {args.out} ({'enabled' if enabled else 'switched off'}, margin {margin})")
    if args.report:
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
