"""Embedding backends (Settings.embed_backend): a store is queried only with the backend that built it, each
backend keeps its own cached vectors, and the reduced-precision backends stay close to fp32."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import settings_for

from corpus.bundled import bundled_paths
from index.build import IndexUnavailable, current_generation, generation_info, ingest
from index.embeddings import BACKENDS, Embedder
from index.retrieve import Index

OTHER_BACKENDS = [b for b in BACKENDS if b != "torch"]


def write_plan(path: Path) -> Path:
    """A small plan (a few chunks) to build a store with."""
    path.write_text("\n".join([
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "", "KẾ HOẠCH", "Thư viện trường học tỉnh Nghệ An đến năm 2030", "",
        "I. MỤC TIÊU", "Nâng cao chất lượng thư viện trường học trên địa bàn tỉnh Nghệ An.", "",
        "STT\tChỉ tiêu\tĐơn vị\tNăm 2030", "1\tTỷ lệ thư viện trường học đạt chuẩn\t%\t≥ 61%", "",
    ]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    """Lines of a bundled document: short and long, table rows and prose."""
    path = bundled_paths()[0][0]
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 30]
    return lines[:: max(1, len(lines) // 8)][:8]


@pytest.fixture(scope="module")
def fp32(embedder) -> Embedder:
    """fp32 torch, named explicitly (the session's embedder when the default picked it, else another)."""
    if embedder.backend == "torch" and embedder.pinned:
        return embedder
    return Embedder(settings_for(None, embed_backend="torch"), progress=False)


@pytest.fixture(scope="module", params=OTHER_BACKENDS)
def other(request, tmp_path_factory) -> Embedder:
    """An embedder of another backend, with a cache of its own (so every vector is computed here)."""
    settings = settings_for(None, embed_backend=request.param, cache_dir=tmp_path_factory.mktemp("cache"))
    return Embedder(settings, progress=False)


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="KEHOACH_EMBED_BACKEND"):
        Embedder(settings_for(None, embed_backend="onnx"), progress=False)


def test_backend_comes_from_the_settings(fp32, other):
    assert fp32.backend == "torch" and Embedder.backend_for(fp32.settings) == "torch" and fp32.pinned
    assert other.backend == other.settings.embed_backend == Embedder.backend_for(other.settings)
    assert other.cache_id != fp32.cache_id == fp32.model_id  # fp32 keeps the keys it always had


def test_vectors_stay_close_to_fp32(fp32, other, sample_texts):
    ref = fp32.embed(sample_texts)
    vecs = other.embed(sample_texts)
    assert other.stats["embedded"] >= len(sample_texts)  # computed by this backend, not read from fp32's cache
    assert vecs.dtype == np.float32 and np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    cos = (ref * vecs).sum(axis=1)
    assert not np.allclose(vecs, ref, atol=1e-6)  # another backend: not the same numbers
    assert cos.min() > 0.98 and cos.mean() > 0.99, cos
    q_ref, q = fp32.embed(["tỷ lệ thư viện đạt chuẩn"], role="query"), other.embed(["tỷ lệ thư viện đạt chuẩn"], role="query")
    assert float((q_ref * q).sum()) > 0.98


def test_a_store_built_by_one_backend_refuses_the_other(tmp_path, fp32, other):
    plan = write_plan(tmp_path / "nghe-an.txt")
    fp32_home = settings_for(tmp_path / "fp32")
    ingest([plan], fp32_home, fp32, progress=False)
    assert generation_info(current_generation(fp32_home))["embed_backend"] == "torch"
    with pytest.raises(IndexUnavailable, match="không trộn hai loại vector"):
        Index(fp32_home.with_overrides(embed_backend=other.backend), progress=False, build_if_missing=False)

    other_home = other.settings.with_overrides(home=tmp_path / "other", corpus_dir="", chroma_url="")
    ingest([plan], other_home, other, progress=False)
    assert generation_info(current_generation(other_home))["embed_backend"] == other.backend
    with pytest.raises(IndexUnavailable, match="không trộn hai loại vector"):
        Index(other_home, embedder=fp32, progress=False)  # fp32 queries against the other backend's vectors
    with pytest.raises(IndexUnavailable, match="không trộn hai loại vector"):
        Index(other_home.with_overrides(embed_backend="torch"), progress=False, build_if_missing=False)
    idx = Index(other_home, embedder=other, progress=False)
    hits = idx.search("Tỷ lệ thư viện trường học đạt chuẩn năm 2030", k=3)
    assert hits and "61%" in hits[0].text
