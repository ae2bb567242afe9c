"""Fit the paraphrase model: does the best record answer a question whose words cover no record well?

    python -m evals.fit_paraphrase --train GOLD.jsonl … --heldout GOLD.jsonl … [--home DIR] [--out FILE]

    python -m evals.fit_paraphrase --train GOLD.jsonl … --folds K [--home DIR] [--out FILE]

Every dev question answered from records (value, agency) whose best record covers less than the match
threshold of its topic gives one row: the features of that record (``assistant/paraphrase.py``) and a label,
1 when the record states an expected value (or agency) in a document the answer must cite, 0 otherwise
(every not-found trap is 0). Train and held-out are whole sets (the same question is sometimes asked in two
sets of one split, never across). The logistic regression is fitted on train; the threshold is the one that
maximises rescued answers minus COST_OF_WRONG times wrong ones (a wrong figure is the worst answer), on train,
or with ``--folds K`` on out-of-fold probabilities: the train sets are dealt into K folds, whole sets each, and
every fold is predicted by a model fitted on the others (the figures a new set would see).
Only dev sets are read: the test split and the held-out documents stay unseen.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from assistant.paraphrase import COEFFICIENTS, FEATURES
from evals.calibrate import fit_rows, label, record_questions
from evals.runner import load_gold

COST_OF_WRONG = 4.0  # a wrong figure where "not found" stood costs as much as four questions newly answered
RECORD_INTENTS = {"value", "agency"}


def collect(gold: list[dict[str, Any]], home: str | None) -> list[dict[str, Any]]:
    """One row per question below the match threshold: features and label."""
    from assistant.answerers.records import meaning_evidence
    from assistant.structured import MATCH

    rows = []
    for item, a, ctx, ind_scored, task_scored, boost in record_questions(gold, home, RECORD_INTENTS,
                                                                         with_history=False):
        if a.asks_overall_goal:
            continue
        evidence = meaning_evidence(a, ctx, ind_scored, task_scored, boost)
        if evidence is None or evidence[0] >= MATCH:
            continue
        _, rec, feats = evidence
        y = label(rec, item, a.years)
        if y is not None:
            rows.append({"id": item["id"], "y": y, "x": [feats[f] for f in FEATURES],
                         "trap": item["expected_status"] == "not_found"})
    return rows


def outcome(rows: list[dict[str, Any]], probs: np.ndarray, t: float) -> tuple[int, int, int]:
    """(rescued right, rescued wrong, of which traps) at threshold t."""
    took = [r for r, p in zip(rows, probs, strict=True) if p >= t]
    return sum(r["y"] for r in took), sum(1 - r["y"] for r in took), sum(r["trap"] for r in took)


def out_of_fold(rows: list[dict[str, Any]], k: int) -> np.ndarray:
    """Each row's probability under a model fitted without its fold; the sets, in order, are dealt into k folds."""
    sets = list(dict.fromkeys(r["id"].split("/", 1)[0] for r in rows))
    fold_of = {name: i % k for i, name in enumerate(sets)}
    probs = np.zeros(len(rows))
    for f in range(k):
        inside = [i for i, r in enumerate(rows) if fold_of[r["id"].split("/", 1)[0]] == f]
        others = [r for i, r in enumerate(rows) if fold_of[r["id"].split("/", 1)[0]] != f]
        if inside and others:
            probs[inside] = fit_rows(others).probs([rows[i] for i in inside])
    return probs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", nargs="+", required=True, help="dev gold files, optionally @HOME")
    ap.add_argument("--heldout", nargs="*", default=[], help="dev gold files, optionally @HOME")
    ap.add_argument("--folds", type=int, default=0, help="choose the threshold on out-of-fold probabilities")
    ap.add_argument("--home", default=None)
    ap.add_argument("--out", type=Path, default=COEFFICIENTS)
    args = ap.parse_args(argv)

    def rows_of(specs: list[str]) -> list[dict[str, Any]]:
        out = []
        for spec in specs:
            path, home = (spec.split("@", 1) + [args.home])[:2]
            if "test" in Path(path).name or "heldout" in path:
                raise SystemExit("fit on dev sets only")
            gold = [{**item, "id": f"{Path(path).stem}/{item['id']}"} for item in load_gold(Path(path))]
            out += collect(gold, home)
        return out

    train, held = rows_of(args.train), rows_of(args.heldout)
    model = fit_rows(train)
    p_train = model.probs(train)
    p_held = model.probs(held) if held else np.zeros(0)
    p_choose = out_of_fold(train, args.folds) if args.folds > 1 else p_train
    grid = [round(t, 2) for t in np.arange(0.3, 0.96, 0.05)]

    def gain(t: float) -> float:
        right, wrong, _ = outcome(train, p_choose, t)
        return right - COST_OF_WRONG * wrong

    best_t = max(grid, key=lambda t: (gain(t), t))
    table = {str(t): {"train": outcome(train, p_train, t), "heldout": outcome(held, p_held, t),
                      **({"out_of_fold": outcome(train, p_choose, t)} if args.folds > 1 else {})} for t in grid}
    folds = f" --folds {args.folds}" if args.folds > 1 else ""
    heldout = f" --heldout {' '.join(args.heldout)}" if args.heldout else ""
    out = {
        "source": f"python -m evals.fit_paraphrase --train {' '.join(args.train)}{heldout}{folds}",
        **model.as_data(FEATURES),
        "threshold": best_t,
        "n_train": len(train), "n_heldout": len(held),
        "positives_train": int(sum(r["y"] for r in train)), "positives_heldout": int(sum(r["y"] for r in held)),
        "cost_of_wrong": COST_OF_WRONG,
        "rescued_right_wrong_traps": table,
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: out[k] for k in ("weights", "threshold", "n_train", "n_heldout", "positives_train",
                                          "positives_heldout")}, ensure_ascii=False, indent=1))
    for t in grid:
        row = table[str(t)]
        print(f"t={t:.2f}  train right/wrong/traps {row['train']}  heldout {row['heldout']}"
              + (f"  out-of-fold {row['out_of_fold']}" if "out_of_fold" in row else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
