"""Scale benchmark: ingest N generated documents one by one, then time questions and check answers.

    python -m evals.scale --docs N [--home DIR] [--layouts txt_tab_export,docx_indicator_years]
                          [--questions 100] [--queries 60] [--chroma-url URL] [--json FILE]

Documents come from the round-trip generator (tests/docgen): document i is of province i mod 34 (all 34
units in turn, so every province holds N/34 documents), with its own agencies, indicators and values.
Each is ingested by its own `index.build.ingest` call (one process, one loaded model), and the benchmark
prints, in one run:

- seconds per added document around 10%, 50% and 100% of N (mean of a window of documents ending
  there), in total and without the embedding of its new chunks (the index work that may grow with N);
- grounded answer and plain search latency p50/p95 at N (warm: after one question; every question is
  embedded by the model, as a new question would be, even if an earlier run cached its vector);
- peak RSS of the process;
- with `--home` of an earlier run, documents already in the store are not ingested again (a long run
  that was stopped resumes where it was; per-document timings are kept in `progress.jsonl` there);
- answer accuracy on province-specific value questions ("<indicator> của <province> năm <year> là bao
  nhiêu?", only for (province, indicator, year) whose value is unique in the corpus): the right value,
  and never a citation of another province's document.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from docgen.generate import make_doc  # noqa: E402
from docgen.layouts import LAYOUTS  # noqa: E402

DEFAULT_LAYOUTS = "txt_tab_export,docx_indicator_years"


def write_docs(n: int, layouts: list[str], folder: Path, seed: int) -> list[tuple[Path, object]]:
    from corpus.provinces import PROVINCES

    provinces = sorted(PROVINCES)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        lay = LAYOUTS[layouts[i % len(layouts)]]
        gen = make_doc(seed * 100_000 + i, None, province=provinces[i % len(provinces)])
        path = folder / f"scale-{i:05d}{lay.ext}"
        lay.write(gen, random.Random(f"{lay.name}:{seed}:{i}"), path)
        out.append((path, gen))
    return out


def value_questions(docs: list[tuple[str, object]], limit: int, seed: int) -> list[dict]:
    """(province, indicator, year) questions whose value is unique in the corpus."""
    seen: dict[tuple[str, str, str], set[str]] = {}
    candidates = []
    for doc_id, gen in docs:
        for ind in gen.indicators:
            for t in ind.targets:
                if "-" in t.period or not any(ch.isdigit() for ch in t.raw):
                    continue
                key = (gen.meta.province, ind.name.lower(), t.period)
                seen.setdefault(key, set()).add(t.raw)
                candidates.append((key, doc_id, ind.name, t))
    questions, used = [], set()
    for key, doc_id, name, t in candidates:
        if len(seen[key]) != 1 or key in used:
            continue
        used.add(key)
        questions.append({"question": f"{name} của {key[0]} năm {t.period} là bao nhiêu?", "province": key[0],
                          "value": t.raw, "doc_id": doc_id})
    random.Random(seed).shuffle(questions)
    return questions[:limit]


def _hash_embedder():
    import hashlib

    import numpy as np

    from index.embeddings import Embedder

    class HashEmbedder(Embedder):
        """Unit vectors drawn from a hash of each text (same model id: the store cannot tell them apart)."""

        backend = "torch"

        def _encode(self, texts: list[str], role: str) -> np.ndarray:
            out = []
            for text in texts:
                seed = int.from_bytes(hashlib.sha256(f"{role}\x00{text}".encode("utf-8", "surrogatepass")).digest()[:8], "little")
                vec = np.random.default_rng(seed).standard_normal(768).astype(np.float32)
                out.append(vec / np.linalg.norm(vec))
            return np.stack(out)

    return HashEmbedder


def stored_sources(settings) -> set[str]:
    """File stems of the documents the store holds already (none for a new data directory)."""
    from index import store
    from index.build import current_generation

    gen = current_generation(settings)
    if gen is None:
        return set()
    db = store.open_readonly(gen / "records.sqlite")
    try:
        return {Path(d.source_path).stem for d in store.documents(db) if d.source_path}
    finally:
        db.close()


def growth(points: dict, key: str) -> float | None:
    """Cost per added document at 100% of N over its cost at 10% (None without both)."""
    if "100%" not in points or "10%" not in points:
        return None
    return points["100%"][key] / max(1e-9, points["10%"][key])


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--home", type=Path, help="data directory (default: a new temporary one)")
    ap.add_argument("--layouts", default=DEFAULT_LAYOUTS)
    ap.add_argument("--questions", type=int, default=100)
    ap.add_argument("--queries", type=int, default=60, help="questions timed for latency")
    ap.add_argument("--chroma-url", default="")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--window", type=int, default=0, help="documents averaged per point (default N/20, ≥ 3)")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument("--hash-embeddings", action="store_true",
                    help="vectors from a hash of each text instead of the model (no embedding time: measures the "
                         "index work alone; dense retrieval is meaningless, answers come from the records and BM25; "
                         "kept in a cache of their own under the data directory)")
    args = ap.parse_args(argv)

    from assistant.api import Assistant
    from corpus.settings import load_settings
    from evals.bench import no_query_cache
    from evals.scorer import value_in
    from index.build import current_generation, generation_info, ingest
    from index.embeddings import Embedder
    from index.retrieve import Index

    HashEmbedder = _hash_embedder()

    home = args.home or Path(tempfile.mkdtemp(prefix="kehoach-scale-"))
    # an empty corpus to start from: only the generated documents are in the store
    empty = home / "empty-corpus"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "manifest.json").write_text(json.dumps({"documents": []}), encoding="utf-8")
    settings = load_settings(home=home / "home", chroma_url=args.chroma_url, corpus_dir=str(empty))
    if args.hash_embeddings:  # never mixed into the shared embedding cache
        settings = settings.with_overrides(cache_dir=home / "hash-cache")
    layouts = [x.strip() for x in args.layouts.split(",") if x.strip()]
    files = write_docs(args.docs, layouts, home / "docs", args.seed)
    embedder = (HashEmbedder if args.hash_embeddings else Embedder)(settings, progress=False)

    progress_file = home / "progress.jsonl"
    earlier = {}
    if progress_file.exists():
        for line in progress_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                earlier[row["n"]] = row
    present = stored_sources(settings)
    per_doc: list[dict] = []
    started = time.time()
    for i, (path, _gen) in enumerate(files, start=1):
        if path.stem in present:  # ingested by an earlier run on this home
            if i in earlier:
                per_doc.append(earlier[i])
            continue
        embedded = embedder.stats["embedded"]
        t0 = time.perf_counter()
        report = ingest([path], settings, embedder, progress=False)
        seconds = time.perf_counter() - t0
        if report.errors:
            print(f"  {path.name}: {report.errors}", file=sys.stderr)
        timings = generation_info(current_generation(settings)).get("timings", {})
        per_doc.append({"n": i, "seconds": seconds, "embed": timings.get("embed", 0.0),
                        "index": seconds - timings.get("embed", 0.0), "new_chunks": embedder.stats["embedded"] - embedded,
                        "full": timings.get("full"), "first_in_process": not any(p.get("pid") == os.getpid() for p in per_doc),
                        "pid": os.getpid()})
        with progress_file.open("a", encoding="utf-8") as out:
            out.write(json.dumps(per_doc[-1]) + "\n")
        if i % max(1, args.docs // 10) == 0:
            print(f"  {i}/{args.docs} documents, {seconds:.2f} s for the last, {time.time() - started:.0f} s in all",
                  file=sys.stderr)

    window = args.window or max(3, args.docs // 20)
    points = {}
    for frac in (0.1, 0.5, 1.0):
        end = max(1, round(frac * args.docs))
        part = [p for p in per_doc if end - window < p["n"] <= end]
        # the first ingest of a process starts its file reader: not a cost of the store's size
        part = [p for p in part if not p.get("first_in_process")] or part
        if not part:  # ingested by an earlier run that left no timings
            continue
        points[f"{int(frac * 100)}%"] = {
            "docs_in_store": end, "seconds_per_doc": statistics.mean(p["seconds"] for p in part),
            "index_seconds_per_doc": statistics.mean(p["index"] for p in part),
            "embed_seconds_per_doc": statistics.mean(p["embed"] for p in part), "timed_docs": len(part)}

    idx = Index(settings, embedder=embedder, progress=False)
    assistant = Assistant(settings, index=idx)
    doc_ids = {Path(p).stem: d for d, p in ((d.doc_id, d.source_path or "") for d in idx.documents)}
    gens = [(doc_ids.get(path.stem, path.stem), gen) for path, gen in files]
    province_of = {d.doc_id: d.province for d in idx.documents}
    questions = value_questions(gens, args.questions, args.seed)
    right = wrong_province = 0
    answer_ms, failures, search_ms = [], [], []
    with no_query_cache(idx):  # the model embeds each question, as it would a new one (and is loaded first)
        assistant.ask(questions[0]["question"] if questions else "Mục tiêu năm 2030?")  # warm
        idx.search("tỷ lệ trường đạt chuẩn")
        for q in questions:
            t0 = time.perf_counter()
            ans = assistant.ask(q["question"]).to_dict()
            answer_ms.append((time.perf_counter() - t0) * 1000)
            cited = {province_of.get(c["doc_id"]) for c in ans.get("citations", [])}
            other = bool(cited - {q["province"]})
            ok = ans["status"] == "answered" and value_in(q["value"], ans["answer"]) and not other
            right += ok
            wrong_province += other
            if not ok:
                failures.append({"question": q["question"], "expected": q["value"], "answer": ans["answer"][:200],
                                 "cited_provinces": sorted(p or "?" for p in cited)})
        for q in questions[: args.queries]:
            t0 = time.perf_counter()
            idx.search(q["question"], k=8)
            search_ms.append((time.perf_counter() - t0) * 1000)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    result = {
        "docs": args.docs, "layouts": layouts, "chunks": len(idx.nodes), "chroma_url": args.chroma_url,
        "embed_backend": "hash (no model)" if args.hash_embeddings else getattr(embedder, "backend", "torch"), "ingest_points": points,
        "growth_100_vs_10": growth(points, "seconds_per_doc"),
        "index_growth_100_vs_10": growth(points, "index_seconds_per_doc"),
        "answer_ms": {"p50": pct(answer_ms[1:], 0.5), "p95": pct(answer_ms[1:], 0.95), "n": len(answer_ms)},
        "search_ms": {"p50": pct(search_ms, 0.5), "p95": pct(search_ms, 0.95), "n": len(search_ms)},
        "peak_rss_mb": round(peak_mb),
        "accuracy": {"questions": len(questions), "right": right, "share": right / max(1, len(questions)),
                     "other_province_cited": wrong_province},
        "failures": failures, "total_seconds": round(time.time() - started, 1),
        "embedded_chunks": embedder.stats["embedded"], "home": str(home),
    }
    print(f"Scale benchmark: {args.docs} documents ({', '.join(layouts)}), {len(idx.nodes)} chunks, "
          f"backend {result['embed_backend']}, vectors {'server ' + args.chroma_url if args.chroma_url else 'local'}")
    for name, p in points.items():
        print(f"  add a document at {name:>4} ({p['docs_in_store']:>5} in store): {p['seconds_per_doc']:.2f} s "
              f"(index {p['index_seconds_per_doc']:.2f} s + embedding {p['embed_seconds_per_doc']:.2f} s)")
    if result["growth_100_vs_10"] is not None:
        print(f"  growth 100% vs 10%: {result['growth_100_vs_10']:.2f}x in all, "
              f"{result['index_growth_100_vs_10']:.2f}x index work")
    print(f"  grounded answer: p50 {result['answer_ms']['p50']:.0f} ms, p95 {result['answer_ms']['p95']:.0f} ms "
          f"({len(answer_ms)} questions); search: p50 {result['search_ms']['p50']:.0f} ms, "
          f"p95 {result['search_ms']['p95']:.0f} ms")
    print(f"  peak RSS: {result['peak_rss_mb']} MB")
    acc = result["accuracy"]
    print(f"  province-specific value questions: {acc['right']}/{acc['questions']} right ({100 * acc['share']:.1f}%), "
          f"{acc['other_province_cited']} citing another province")
    for f in failures[:5]:
        print(f"    ✗ {f['question']} → expected {f['expected']}: {f['answer'][:120]!r} {f['cited_provinces']}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
