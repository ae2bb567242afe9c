"""Embedding throughput of each backend against fp32 torch, in one process, interleaved.

    python -m evals.embed_bench [--texts 16] [--repeats 4] [--variants torch,torch-bf16,torch@1,torch-bf16@1]
                                [--retrieval]

A variant is BACKEND[@THREADS] (threads 0 or absent = torch's default; BACKEND `auto` is the one the default
setting picks for a new store on this CPU). Every variant encodes the same random sample of the bundled
corpus's chunk texts (as documents, batch 16); variants run in turn, the order reversed every other repeat,
and each repeat's ratio is the first variant's time over the variant's time, so a load that changes during
the run touches both sides. Prints passages/s, the ratios, CPU-time ratios and the cosine of each variant's
vectors to the first variant's. With --retrieval, then, for each backend: the retrieval gold set
(evals/gold/retrieval.jsonl) on an index of the bundled corpus built by that backend (hit@1, hit@5 and
MRR@10 of the lexical, dense and fused modes; vectors come from the embedding cache where it holds them).
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import sys
import time
from typing import Any

import numpy as np


def chunk_texts(home: str | None) -> list[str]:
    """The chunk texts of the bundled corpus (an index built in `home`, or a temporary one)."""
    import tempfile

    from corpus.settings import load_settings
    from index.retrieve import Index

    settings = load_settings(home=home or tempfile.mkdtemp(prefix="kehoach-embed-bench-"), corpus_dir="", chroma_url="")
    return [node.text for node in Index(settings, progress=False).nodes.values()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=16)
    ap.add_argument("--repeats", type=int, default=4)
    ap.add_argument("--variants", default="torch,torch-bf16,torch@1,torch-bf16@1")
    ap.add_argument("--home", help="a data directory holding the bundled corpus's index (default: build one)")
    ap.add_argument("--retrieval", action="store_true",
                    help="also the retrieval gold set's hit@1/hit@5 per backend (an index of the bundled corpus each)")
    args = ap.parse_args(argv)

    import torch

    from corpus.settings import load_settings
    from index.embeddings import AUTO, BATCH, Embedder, auto_backend, convert

    texts = chunk_texts(args.home)
    texts = random.Random(0).sample(texts, min(args.texts, len(texts)))
    base = Embedder(load_settings(embed_backend="torch"), progress=False).model  # fp32, loaded once
    default_threads = torch.get_num_threads()
    models: dict[str, Any] = {}
    variants: dict[str, tuple[Any, int]] = {}
    for name in [v.strip() for v in args.variants.split(",") if v.strip()]:
        backend, _, threads = name.partition("@")
        backend = auto_backend() if backend == AUTO else backend
        if backend not in models:
            models[backend] = base if backend == "torch" else convert(copy.deepcopy(base), backend)
        variants[name] = (models[backend], int(threads or 0) or default_threads)

    def run(name: str) -> tuple[float, float, np.ndarray]:
        model, threads = variants[name]
        torch.set_num_threads(threads)
        t0, c0 = time.perf_counter(), time.process_time()
        vecs = model.encode_document(texts, batch_size=BATCH, convert_to_tensor=True)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        torch.set_num_threads(default_threads)
        out = vecs.float().numpy()
        return wall, cpu, out / np.linalg.norm(out, axis=1, keepdims=True)

    first = next(iter(variants))
    run(first)  # warm
    wall: dict[str, list[float]] = {v: [] for v in variants}
    cpu: dict[str, list[float]] = {v: [] for v in variants}
    vecs: dict[str, np.ndarray] = {}
    loads = [os.getloadavg()[0]]
    for rep in range(args.repeats):
        for name in variants if rep % 2 == 0 else reversed(list(variants)):
            w, c, vecs[name] = run(name)
            wall[name].append(w)
            cpu[name].append(c)
            loads.append(os.getloadavg()[0])
            print(f"repeat {rep}: {name:<16} {len(texts) / w:6.2f} passages/s", file=sys.stderr, flush=True)
    print(f"{len(texts)} texts x {args.repeats} repeats, load average {min(loads):.1f}-{max(loads):.1f}")
    print(f"{'variant':<16} {'passages/s':>10}  ratio to {first} per repeat (median)   CPU-time ratio   cosine mean/min")
    for name in variants:
        ratios = [a / b for a, b in zip(wall[first], wall[name], strict=True)]
        cpu_ratio = statistics.median(a / b for a, b in zip(cpu[first], cpu[name], strict=True))
        cos = (vecs[name] * vecs[first]).sum(axis=1)
        print(f"{name:<16} {statistics.median(len(texts) / w for w in wall[name]):>10.2f}  "
              f"{' '.join(f'{r:.2f}' for r in ratios)} ({statistics.median(ratios):.2f})   {cpu_ratio:.2f}   "
              f"{cos.mean():.5f}/{cos.min():.5f}")
    if AUTO in {v.partition("@")[0] for v in variants}:
        print(f"auto = {auto_backend()} on this CPU")
    if args.retrieval:
        print(retrieval_table(list(dict.fromkeys(
            auto_backend() if v.partition("@")[0] == AUTO else v.partition("@")[0] for v in variants))))
    return 0


def retrieval_table(backends: list[str]) -> str:
    """The retrieval gold set's figures for each backend, each on an index of the bundled corpus it built."""
    import tempfile

    from corpus.settings import load_settings
    from evals.retrieval_eval import GOLD, MODES, evaluate, load_gold
    from index.embeddings import Embedder
    from index.retrieve import Index

    gold = load_gold(GOLD)
    root = tempfile.mkdtemp(prefix="kehoach-embed-bench-retrieval-")
    lines = [f"retrieval gold set ({len(gold)} queries), an index of the bundled corpus per backend",
             f"{'backend':<12} " + "  ".join(f"{m + ' hit@1/hit@5/mrr@10':>30}" for m in MODES)]
    for backend in backends:
        settings = load_settings(home=f"{root}/{backend}", embed_backend=backend, corpus_dir="", chroma_url="")
        embedder = Embedder(settings, progress=False)
        report = evaluate(Index(settings, embedder=embedder, progress=False), gold, k=5)
        lines.append(f"{backend:<12} " + "  ".join(
            f"{report['overall'][m]['hit@1']:>14.3f}/{report['overall'][m]['hit@5']:.3f}/{report['overall'][m]['mrr@10']:.3f}"
            for m in MODES))
        del embedder
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
