"""Retrieval evaluation: hit@1, hit@k and MRR@10 of lexical, dense and fused retrieval over a gold set.

    python -m evals.retrieval_eval [--gold FILE] [--report FILE] [-k 5] [--home DIR]

A retrieved chunk answers a gold item when its metadata ``doc_id`` equals the item's ``doc_id``
and its folded text contains every folded ``must_contain`` string. Each query is embedded once
and its dense and lexical rankings are reused for the three modes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

from corpus.textnorm import fold

GOLD = Path(__file__).parent / "gold" / "retrieval.jsonl"
REPORT = Path(__file__).parent / "reports" / "retrieval.json"
MODES = ("lexical", "dense", "fused")
MRR_DEPTH = 10


def load_gold(path: Path) -> list[dict]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            item = json.loads(line)
            missing = {"id", "query", "doc_id", "must_contain"} - item.keys()
            if missing:
                raise ValueError(f"{path}:{n}: missing {sorted(missing)}")
            items.append(item)
    return items


def answers(item: dict, text: str, meta: dict) -> bool:
    """True if a chunk (text, metadata) answers a gold item."""
    if meta.get("doc_id") != item["doc_id"]:
        return False
    folded = fold(text)
    return all(fold(s) in folded for s in item["must_contain"])


def first_rank(item: dict, ranked: list[tuple[str, str, dict]]) -> int | None:
    """1-based rank of the first answering chunk among (id, text, metadata), or None."""
    for rank, (_, text, meta) in enumerate(ranked, start=1):
        if answers(item, text, meta):
            return rank
    return None


def metrics(ranks: list[int | None], k: int) -> dict:
    n = len(ranks)
    if not n:
        return {"n": 0, "hit@1": 0.0, f"hit@{k}": 0.0, "mrr@10": 0.0}
    return {
        "n": n,
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        f"hit@{k}": sum(1 for r in ranks if r is not None and r <= k) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r is not None and r <= MRR_DEPTH) / n,
    }


def evaluate(index, gold: list[dict], k: int = 5) -> dict:
    """Run every gold query in every mode; returns the report (summary, groups, per-item ranks)."""
    depth = max(k, MRR_DEPTH)
    rows = []
    latency: dict[str, list[float]] = defaultdict(list)
    embedder = index.embedder  # main() passes one, so its counters are there from the start
    stats0 = dict(embedder.stats) if embedder else {}
    for item in gold:
        query = item["query"]
        t0 = time.perf_counter()
        rankings = index.rankings(query, index.pool_depth(depth), modes=("dense",))  # the one query embedding
        t1 = time.perf_counter()
        rankings.update(index.rankings(query, index.pool_depth(depth), modes=("lexical",)))
        t2 = time.perf_counter()
        spent = {"dense": t1 - t0, "lexical": t2 - t1, "fused": t2 - t0}
        row = {"id": item["id"], "query": query, "doc_id": item["doc_id"], "kind": item.get("kind", ""),
               "style": item.get("style", ""), "ranks": {}, "top": {}}
        for mode in MODES:
            t3 = time.perf_counter()
            hits = index.rank(rankings, depth, mode)
            latency[mode].append(spent[mode] + time.perf_counter() - t3)
            row["ranks"][mode] = first_rank(item, [(h.id, h.text, h.metadata) for h in hits])
            row["top"][mode] = [h.id for h in hits[:3]]
        rows.append(row)
    embedder = index.embedder
    stats = {key: (embedder.stats[key] if embedder else 0) - stats0.get(key, 0) for key in ("embedded", "cached")}

    def block(subset: list[dict]) -> dict:
        return {mode: metrics([r["ranks"][mode] for r in subset], k) for mode in MODES}

    groups: dict[str, dict[str, dict]] = {"style": {}, "kind": {}}
    for field in groups:
        for value in sorted({r[field] for r in rows}):
            groups[field][value] = block([r for r in rows if r[field] == value])
    return {
        "k": k,
        "n": len(rows),
        "generation": getattr(index, "generation", None),
        "overall": block(rows),
        "by_style": groups["style"],
        "by_kind": groups["kind"],
        "latency_ms": {m: round(1000 * statistics.median(v), 1) for m, v in latency.items()},
        "query_embeddings": stats,  # computed by the model vs. found in the embedding cache
        "misses": {mode: [r["id"] for r in rows if r["ranks"][mode] is None or r["ranks"][mode] > k]
                   for mode in MODES},
        "items": rows,
    }


def format_table(report: dict) -> str:
    k = report["k"]
    cols = ["hit@1", f"hit@{k}", "mrr@10"]
    head = f"{'group':<26}{'n':>5}  " + "  ".join(f"{m + ' ' + c:>15}" for m in MODES for c in cols)
    lines = [head, "-" * len(head)]

    def line(label: str, block: dict) -> str:
        n = next(iter(block.values()))["n"]
        return f"{label:<26}{n:>5}  " + "  ".join(f"{block[m][c]:>15.3f}" for m in MODES for c in cols)

    lines.append(line("overall", report["overall"]))
    for field in ("by_style", "by_kind"):
        for value, block in report[field].items():
            lines.append(line(f"{field[3:]}={value}", block))
    lat = report["latency_ms"]
    lines.append("")
    emb = report["query_embeddings"]
    lines.append("median latency per query (ms): " + ", ".join(f"{m} {lat[m]}" for m in MODES)
                 + f"  (query embeddings: {emb['embedded']} computed, {emb['cached']} from cache)")
    for mode in MODES:
        miss = report["misses"][mode]
        lines.append(f"{mode} misses@{k} ({len(miss)}): {' '.join(miss) if miss else '-'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.retrieval_eval", description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold set (JSON Lines)")
    parser.add_argument("--report", type=Path, default=REPORT, help="JSON report to write")
    parser.add_argument("-k", type=int, default=5, help="cut-off of hit@k (default 5)")
    parser.add_argument("--home", type=Path, help="data directory (default KEHOACH_HOME)")
    args = parser.parse_args(argv)

    from corpus.settings import load_settings
    from index.embeddings import Embedder
    from index.retrieve import Index

    settings = load_settings(home=args.home)
    started = time.perf_counter()
    embedder = Embedder(settings, progress=False)
    index = Index(settings, embedder=embedder, progress=False)
    load_s = time.perf_counter() - started
    gold = load_gold(args.gold)
    started = time.perf_counter()
    report = evaluate(index, gold, args.k)
    report["seconds"] = {"load": round(load_s, 1), "eval": round(time.perf_counter() - started, 1)}
    report["gold"] = str(args.gold)
    print(format_table(report))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nreport: {args.report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
