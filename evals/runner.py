"""Answer evaluation: put a gold set to the assistant, score every answer, compare with the baseline.

    kehoach eval [--gold FILE] [--report FILE] [--llm] [--no-baseline] [--min-overall X]
    python -m evals.runner [same options] [--home DIR]

Prints a per-category table (n, correct, accuracy; the share of answers that contain every expected
string; the naive llama-index baseline's context recall), writes a JSON report with every miss, and
exits 1 when a summary accuracy is below its threshold in ``evals/thresholds.json`` (``--min-overall``
replaces the overall one).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from corpus.settings import Settings, load_settings
from evals.baseline import NaiveBaseline, answer_recall, baseline_query
from evals.scorer import CHECKS, score

HERE = Path(__file__).parent
GOLD = HERE / "gold" / "answers.jsonl"
REPORT = HERE / "reports" / "answers.json"
THRESHOLDS = HERE / "thresholds.json"
REQUIRED = ("id", "question", "category", "expected_status")


def load_gold(path: Path) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        missing = [k for k in REQUIRED if k not in item]
        if missing:
            raise ValueError(f"{path}:{n}: missing {missing}")
        items.append(item)
    return items


def load_thresholds(path: Path | None = None, gold: Path | None = None) -> dict[str, float]:
    """Minimum accuracies for a gold set: thresholds.json maps a gold file's stem ("answers", "test") to
    its minimums; a flat mapping applies to every set."""
    path = path or THRESHOLDS
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if data and all(isinstance(v, dict) for v in data.values()):
        return dict(data.get(Path(gold).stem if gold else "answers", {}))
    return data


def ask(assistant: Any, item: dict[str, Any], llm: bool = False) -> tuple[dict[str, Any], float]:
    """The assistant's answer dict for one gold item (history as earlier turns) and its latency in ms."""
    started = time.perf_counter()
    try:
        answer = assistant.ask(item["question"], history=list(item.get("history") or []) or None, llm=llm).to_dict()
    except Exception as exc:  # an exception is a wrong answer, not a crashed evaluation
        answer = {"question": item["question"], "status": "error", "answer": f"{exc.__class__.__name__}: {exc}",
                  "citations": []}
    return answer, (time.perf_counter() - started) * 1000


def _rate(hits: list[bool]) -> float | None:
    return sum(hits) / len(hits) if hits else None


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy per category and per summary group, answer recall and baseline context recall."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["category"]].append(r)

    def stats(members: list[dict]) -> dict[str, Any]:
        recall = [r["answer_recall"] for r in members if r.get("answer_recall") is not None]
        base = [r["baseline_recall"] for r in members if r.get("baseline_recall") is not None]
        correct = sum(r["correct"] for r in members)
        return {"n": len(members), "correct": correct, "accuracy": correct / len(members) if members else None,
                "answer_recall": _rate(recall), "baseline_recall": _rate(base), "n_recall": len(recall),
                "n_baseline": len(base)}

    latencies = [r["ms"] for r in rows]
    return {
        "categories": {c: stats(m) for c, m in sorted(groups.items(), key=lambda kv: -len(kv[1]))},
        "overall": stats(rows),
        "value": stats(groups.get("value", [])),
        "unanswerable": stats([r for r in rows if r["expected_status"] == "not_found"]),
        "answerable": stats([r for r in rows if r["expected_status"] == "answered"]),
        "failed_checks": dict(Counter(c for r in rows for c in CHECKS if not r["checks"][c]).most_common()),
        "correct_only_without_diacritics": [r["id"] for r in rows if r["correct_folded"] and not r["correct"]],
        "latency_ms": {"mean": statistics.fmean(latencies), "p50": statistics.median(latencies),
                       "p95": _percentile(latencies, 95), "max": max(latencies)} if latencies else {},
    }


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def compare(summary: dict[str, Any], thresholds: dict[str, float]) -> list[str]:
    """Failures: 'overall 0.84 < 0.90' for every summary accuracy below its threshold."""
    failures = []
    for key, minimum in thresholds.items():
        acc = summary.get(key, {}).get("accuracy")
        if acc is not None and acc < minimum:
            failures.append(f"{key} {acc:.3f} < {minimum:.3f}")
    return failures


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def print_table(summary: dict[str, Any], console: Console, baseline: bool) -> None:
    table = Table(title="Đánh giá câu trả lời (gold: answers)", show_lines=False)
    for col in ("nhóm", "n", "đúng", "accuracy", "answer recall"):
        table.add_column(col, justify="right" if col != "nhóm" else "left")
    if baseline:
        table.add_column("baseline ctx recall", justify="right")

    def add(name: str, s: dict[str, Any], style: str | None = None) -> None:
        cells = [name, str(s["n"]), str(s["correct"]), _pct(s["accuracy"]), _pct(s["answer_recall"])]
        if baseline:
            cells.append(_pct(s["baseline_recall"]))
        table.add_row(*cells, style=style)

    for name, s in summary["categories"].items():
        add(name, s)
    table.add_section()
    add("value questions", summary["value"], "bold")
    add("unanswerable (all not_found)", summary["unanswerable"], "bold")
    add("answerable", summary["answerable"])
    add("overall", summary["overall"], "bold")
    console.print(table)
    lat = summary.get("latency_ms") or {}
    if lat:
        console.print(f"latency per question: p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, max {lat['max']:.0f} ms")
    if summary["failed_checks"]:
        console.print("failed checks: " + ", ".join(f"{k} {v}" for k, v in summary["failed_checks"].items()))


def miss_record(item: dict[str, Any], answer: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item["id"], "category": item["category"], "question": item["question"],
        "history": item.get("history") or [],
        "expected": {"status": item["expected_status"], "values": item.get("expected_values") or [],
                     "agencies": item.get("expected_agencies") or [], "deadlines": item.get("expected_deadlines") or [],
                     "items": item.get("expected_items") or [], "must_cite": item.get("must_cite") or [],
                     "forbidden": item.get("forbidden_values") or [], "source": item.get("source", "")},
        "got": {"status": answer.get("status"), "answer": answer.get("answer"),
                "intent": (answer.get("analysis") or {}).get("intent"), "path": answer.get("path"),
                "confidence": answer.get("confidence"),
                "citations": [{k: c.get(k) for k in ("n", "doc_id", "locator", "lines", "quote")}
                              for c in answer.get("citations") or []]},
        "reasons": result["misses"],
        "checks": result["checks"],
    }


def evaluate(settings: Settings, gold: list[dict[str, Any]], llm: bool = False, baseline: bool = True,
             assistant: Any = None, console: Console | None = None) -> dict[str, Any]:
    """Run and score every gold item; returns the report (summary, misses, per-item rows)."""
    from rich.progress import Progress

    console = console or Console(stderr=True)
    started = time.perf_counter()
    if assistant is None:
        from assistant.api import Assistant

        console.print("Đang tải chỉ mục và mô hình…")
        assistant = Assistant(settings, progress=False)
    load_s = time.perf_counter() - started
    rows, misses, answers = [], [], {}
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Hỏi trợ lý", total=len(gold))
        for item in gold:
            answer, ms = ask(assistant, item, llm)
            result = score(answer, item)
            folded = score(answer, item, keep_diacritics=False)
            answers[item["id"]] = answer
            rows.append({"id": item["id"], "category": item["category"], "expected_status": item["expected_status"],
                         "correct": result["correct"], "correct_folded": folded["correct"], "checks": result["checks"],
                         "answer_recall": answer_recall(answer, item), "baseline_recall": None, "ms": round(ms, 1),
                         "status": answer.get("status"), "intent": (answer.get("analysis") or {}).get("intent"),
                         "path": answer.get("path"), "confidence": answer.get("confidence"), "answer": answer.get("answer"),
                         "citations": [{"doc_id": c.get("doc_id"), "quote": c.get("quote")}
                                       for c in answer.get("citations") or []]})
            if not result["correct"]:
                misses.append(miss_record(item, answer, result))
            bar.advance(task)
            if not console.is_terminal and (len(rows) % 50 == 0 or len(rows) == len(gold)):
                console.print(f"{len(rows)}/{len(gold)} questions, {len(rows) - len(misses)} correct")
    baseline_info: dict[str, Any] = {}
    if baseline:
        base = _run_baseline(settings, assistant, gold, console)
        by_id = {b["id"]: b for b in base["items"]}
        for row in rows:
            row["baseline_recall"] = by_id[row["id"]]["recall"]
        baseline_info = {k: v for k, v in base.items() if k != "items"}
        baseline_info["misses"] = [b for b in base["items"] if b["recall"] is False]
    summary = summarise(rows)
    return {"generated": datetime.now().isoformat(timespec="seconds"), "n": len(gold), "llm": llm,
            "generation": getattr(assistant.index, "generation", None), "load_s": round(load_s, 1),
            "run_s": round(time.perf_counter() - started, 1), "summary": summary, "baseline": baseline_info,
            "misses": misses, "items": rows}


def _run_baseline(settings: Settings, assistant: Any, gold: list[dict[str, Any]], console: Console) -> dict[str, Any]:
    from index.embeddings import Embedder

    index = assistant.index
    if getattr(index, "embedder", None) is None:
        index.embedder = index._embedder() if hasattr(index, "_embedder") else Embedder(settings, progress=False)
    console.print("Baseline: llama-index SentenceSplitter + VectorStoreIndex (top-5, không LLM)…")
    base = NaiveBaseline(index.documents, index.embedder)
    items = [base.score(item) for item in gold]
    for item, b in zip(gold, items, strict=True):
        b["query"] = baseline_query(item)
    return {"pipeline": "SentenceSplitter(chunk_size=1024, chunk_overlap=200) + VectorStoreIndex(SimpleVectorStore), "
                        "top_k=5, Settings.llm=None", "chunks": base.n_chunks, "build_s": round(base.build_s, 1),
            "items": items}


def run_cli(settings: Settings, gold: Path | None = None, report: Path | None = None, llm: bool = False,
            baseline: bool = True, min_overall: float | None = None) -> int:
    """`kehoach eval`: run, print the table, write the report; exit code 1 when below a threshold."""
    console = Console()
    gold_path = Path(gold) if gold else GOLD
    items = load_gold(gold_path)
    result = evaluate(settings, items, llm=llm, baseline=baseline, console=Console(stderr=True))
    thresholds = load_thresholds(gold=gold_path)
    if min_overall is not None:
        thresholds["overall"] = min_overall
    failures = compare(result["summary"], thresholds)
    result.update({"gold": str(gold_path), "thresholds": thresholds, "passed": not failures, "failures": failures})
    print_table(result["summary"], console, baseline)
    if baseline and result["baseline"]:
        b = result["baseline"]
        console.print(f"baseline: {b['chunks']} chunks, built in {b['build_s']} s; context recall = the top-5 "
                      "chunks contain every expected string (answerable items)")
    out = Path(report) if report else REPORT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    console.print(f"report: {out} ({len(result['misses'])} misses)")
    if failures:
        console.print("[red]BELOW THRESHOLD[/red]: " + "; ".join(failures))
        return 1
    console.print("thresholds: " + (", ".join(f"{k} ≥ {v}" for k, v in thresholds.items()) or "none") + " — OK")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.runner", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, help="gold JSONL (default: evals/gold/answers.jsonl)")
    parser.add_argument("--report", type=Path, help="JSON report (default: evals/reports/answers.json)")
    parser.add_argument("--llm", action="store_true", help="evaluate LLM mode")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the llama-index baseline")
    parser.add_argument("--min-overall", type=float, help="exit 1 below this overall accuracy")
    parser.add_argument("--home", type=Path, help="data directory (KEHOACH_HOME)")
    args = parser.parse_args(argv)
    return run_cli(load_settings(home=args.home), gold=args.gold, report=args.report, llm=args.llm,
                   baseline=args.baseline, min_overall=args.min_overall)


if __name__ == "__main__":
    sys.exit(main())
