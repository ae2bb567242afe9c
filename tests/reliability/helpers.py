"""Shared pieces of the reliability suite: small invented documents and a two-generation data directory."""

from __future__ import annotations

import shutil
from pathlib import Path

from corpus.bundled import bundled_paths
from corpus.settings import Settings, load_settings
from index.build import ingest


def settings_for(home: Path, **overrides):
    return load_settings(home=home, **{"chroma_url": "", "corpus_dir": "", **overrides})


def bundled(*doc_ids: str) -> list[tuple[Path, dict]]:
    items = [(p, m) for p, m in bundled_paths() if m["doc_id"] in doc_ids]
    assert len(items) == len(doc_ids)
    return items


def build_two_generations(home: Path, embedder, first: str, second: str) -> Settings:
    """A data directory of two generations of bundled documents: `first` alone (the fallback), then `first` and
    `second` (current)."""
    settings = settings_for(home)
    ingest(bundled(first), settings, embedder, progress=False)
    ingest(bundled(second), settings, embedder, progress=False)
    return settings


def write_plan(path: Path, province: str, topic: str, value: str) -> Path:
    """A small plan with one targets table (its chunks are embedded once, then cached)."""
    path.write_text("\n".join([
        f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}", "", "KẾ HOẠCH", f"{topic} tỉnh {province} đến năm 2030", "",
        "I. MỤC TIÊU", f"Nâng cao {topic.lower()} trên địa bàn tỉnh {province}.", "",
        "STT\tChỉ tiêu\tĐơn vị\tNăm 2030", f"1\tTỷ lệ {topic.lower()} đạt chuẩn\t%\t{value}", "",
    ]) + "\n", encoding="utf-8")
    return path


def copy_home(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def live_vectors(gen: Path, chunk_ids: list[str]) -> dict[str, list[float]]:
    """The vector queries see for each chunk: from the delta, or from the layer where it is not dead."""
    from index import build

    info = build.generation_info(gen)
    delta, layers = build.vector_stores(gen, info)
    dead = info.get("dead", {})
    found: dict[str, list[list[float]]] = {}
    for i, vstore in enumerate([delta, *(layer for layer, _ in layers)]):
        got = vstore._collection.get(ids=chunk_ids, include=["embeddings"])
        for cid, emb in zip(got["ids"], got["embeddings"], strict=True):
            if i == 0 or dead.get(cid, 0) <= i - 1:
                found.setdefault(cid, []).append(list(map(float, emb)))
    assert all(len(v) == 1 for v in found.values()), {k: len(v) for k, v in found.items() if len(v) != 1}
    return {cid: v[0] for cid, v in sorted(found.items())}
