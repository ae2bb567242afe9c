"""Cost of adding a document to a large store against a small one, in one process, interleaved.

    python -m evals.add_cost --home DIR [--small 100] [--new 10] [--layouts …] [--seed 13] [--new-seed S] [--json FILE]

DIR is the --home of an `evals.scale` run (its store under DIR/home, its documents under DIR/docs). The
store is copied aside (never changed); a small store is made of the first --small documents of the same run,
added one at a time as the scale run did (their vectors come from the embedding cache). Then --new documents
that neither store holds (same generator, another seed) are embedded once into a scratch store, so their
vectors are cached, and each is added to the small and the large store in turn, the order alternating, so a
load that changes during the run touches both. Prints seconds per added document (median and mean) in each,
their ratio — the index work alone, as the vectors came from the cache — and the same ratio with the
embedding of the new documents added back (measured on the scratch store; it does not depend on the store).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from evals.scale import DEFAULT_LAYOUTS, write_docs


def _empty_corpus(root: Path) -> Path:
    empty = root / "empty-corpus"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "manifest.json").write_text(json.dumps({"documents": []}), encoding="utf-8")
    return empty


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, required=True, help="the --home of an evals.scale run")
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--new", type=int, default=10)
    ap.add_argument("--layouts", default=DEFAULT_LAYOUTS)
    ap.add_argument("--seed", type=int, default=13, help="the scale run's seed")
    ap.add_argument("--new-seed", type=int, help="seed of the new documents (default: from the clock, so that their "
                    "embedding is computed, not found in the cache of an earlier run)")
    ap.add_argument("--work", type=Path, help="where the copies go (default: a new temporary directory)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)

    from corpus.settings import load_settings
    from index.build import current_generation, generation_info, ingest
    from index.embeddings import Embedder

    work = args.work or Path(tempfile.mkdtemp(prefix="kehoach-add-cost-"))
    empty = _empty_corpus(work)

    def settings_at(path: Path):
        return load_settings(home=path, chroma_url="", corpus_dir=str(empty))

    loads = [os.getloadavg()[0]]
    big = settings_at(work / "big")
    shutil.copytree(args.home / "home", big.home)
    n_big = len(generation_info(current_generation(big))["doc_ids"])
    small = settings_at(work / "small")
    embedder = Embedder(big, progress=False)
    made = time.perf_counter()
    for path in sorted((args.home / "docs").glob("scale-*"))[: args.small]:
        ingest([path], small, embedder, progress=False)
    made = time.perf_counter() - made
    n_small = len(generation_info(current_generation(small))["doc_ids"])

    layouts = [x.strip() for x in args.layouts.split(",") if x.strip()]
    new = []
    new_seed = args.new_seed if args.new_seed is not None else 1_000 + int(time.time()) % 1_000_000
    for path, _gen in write_docs(args.new, layouts, work / "new", new_seed):
        renamed = path.with_name(path.name.replace("scale-", "extra-"))
        path.rename(renamed)
        new.append(renamed)
    scratch = settings_at(work / "scratch")
    embed_s = []
    for path in new:  # vectors into the cache (and the file reader started)
        embedded = embedder.stats["embedded"]
        ingest([path], scratch, embedder, progress=False)
        if embedder.stats["embedded"] > embedded:  # computed here, not found in the cache
            embed_s.append(generation_info(current_generation(scratch)).get("timings", {}).get("embed", 0.0))
    loads.append(os.getloadavg()[0])

    seconds: dict[str, list[float]] = {"small": [], "big": []}
    for i, path in enumerate(new):
        order = [("small", small), ("big", big)] if i % 2 == 0 else [("big", big), ("small", small)]
        for name, settings in order:
            t0 = time.perf_counter()
            report = ingest([path], settings, embedder, progress=False)
            seconds[name].append(time.perf_counter() - t0)
            assert report.added and not report.errors, report
            loads.append(os.getloadavg()[0])
    embed = statistics.mean(embed_s) if embed_s else float("nan")  # every new document's vectors were cached
    med = {k: statistics.median(v) for k, v in seconds.items()}
    mean = {k: statistics.mean(v) for k, v in seconds.items()}
    ratios = [b / s for b, s in zip(seconds["big"], seconds["small"], strict=True)]
    result = {
        "docs_small": n_small, "docs_big": n_big, "new": len(new), "backend": embedder.backend,
        "seconds_small": seconds["small"], "seconds_big": seconds["big"], "median": med, "mean": mean,
        "ratio_index_median": statistics.median(ratios), "ratio_index_of_means": mean["big"] / mean["small"],
        "embed_seconds_per_new_doc": embed, "new_seed": new_seed,
        "ratio_with_embedding": (mean["big"] + embed) / (mean["small"] + embed),
        "load_average": [min(loads), max(loads)], "small_store_built_seconds": round(made, 1), "work": str(work),
    }
    print(f"Adding a document, {len(new)} new documents each added to both stores (vectors cached), "
          f"backend {embedder.backend}, load average {min(loads):.1f}-{max(loads):.1f}")
    for name, n in (("small", n_small), ("big", n_big)):
        print(f"  {n:>5} documents in store: median {med[name]:.2f} s, mean {mean[name]:.2f} s")
    print(f"  ratio {n_big} vs {n_small}: per document median {result['ratio_index_median']:.2f}x, of the means "
          f"{result['ratio_index_of_means']:.2f}x (index work); with the embedding of a new document "
          f"({embed:.2f} s, scratch store) {result['ratio_with_embedding']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
