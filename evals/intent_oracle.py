"""Oracle intents: which kinds of question give a correct answer to each dev question.

    python -m evals.intent_oracle --gold evals/gold/dev2.jsonl --out /tmp/oracle/dev2.jsonl [--home DIR]

Every gold item is answered once with the analysis's own intent and once with each intent of
``assistant.analysis.INTENTS`` forced (``Assistant.ask(..., intent=…)``), and each answer is scored
with ``evals.scorer``. One JSON line per item: its id, the intent chosen without forcing (the rules'
intent and, when a classifier is on, the one it chose) and whether that answer was correct, and per
forced intent whether the answer was correct. The table is the training material of
``evals.train_intent``. Lines already in ``--out`` are kept (an interrupted run resumes). Only dev
sets belong here: never a test split.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.analysis import INTENTS
from corpus.settings import load_settings
from evals.runner import ask, load_gold
from evals.scorer import score


def oracle_row(assistant: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The natural answer's intent and correctness, and the correctness of each forced intent."""
    history = list(item.get("history") or []) or None
    natural, _ = ask(assistant, item)
    analysis = natural.get("analysis") or {}
    row = {"id": item["id"], "intent": analysis.get("intent"), "intent_by": analysis.get("intent_by"),
           "correct": score(natural, item)["correct"], "forced": {}, "paths": {}}
    for intent in INTENTS:
        try:
            answer = assistant.ask(item["question"], history=history, intent=intent).to_dict()
        except Exception as exc:  # a crash under a forced intent is a wrong answer
            answer = {"question": item["question"], "status": "error", "answer": str(exc), "citations": []}
        row["forced"][intent] = score(answer, item)["correct"]
        row["paths"][intent] = answer.get("path", "")
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.intent_oracle", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, required=True, help="a dev gold JSONL")
    parser.add_argument("--out", type=Path, required=True, help="the oracle table (JSONL, resumed if present)")
    parser.add_argument("--home", type=Path, help="data directory (KEHOACH_HOME)")
    args = parser.parse_args(argv)
    from assistant.api import Assistant

    assistant = Assistant(load_settings(**({"home": args.home} if args.home else {})))
    done = set()
    if args.out.exists():
        done = {json.loads(line)["id"] for line in args.out.read_text(encoding="utf-8").splitlines() if line.strip()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    items = [i for i in load_gold(args.gold) if i["id"] not in done]
    with args.out.open("a", encoding="utf-8") as out:
        for n, item in enumerate(items, start=1):
            out.write(json.dumps(oracle_row(assistant, item), ensure_ascii=False) + "\n")
            out.flush()
            if n % 25 == 0:
                print(f"{n}/{len(items)}", file=sys.stderr, flush=True)
    rows = [json.loads(line) for line in args.out.read_text(encoding="utf-8").splitlines() if line.strip()]
    natural = sum(r["correct"] for r in rows)
    oracle = sum(any(r["forced"].values()) for r in rows)
    print(f"{args.gold.stem}: {len(rows)} items, natural {natural} correct, some intent correct {oracle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
