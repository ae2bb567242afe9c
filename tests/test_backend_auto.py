"""The `auto` embedding backend (the default): a store keeps the backend that built it, for its queries and for
later ingests into it; a new store gets bfloat16 only where the CPU reports native support; a backend named
explicitly that contradicts the store is refused.

The embedder here is a stub (vectors from a hash of backend and text, a cache of its own): backends only have
to give different vectors, and no model is loaded."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np
import pytest
from conftest import settings_for

from assistant.api import Assistant
from index import embeddings
from index.build import IndexUnavailable, current_generation, generation_info, ingest, remove
from index.embeddings import AUTO, Embedder, auto_backend, backend_of, cpu_flags, pinned
from index.retrieve import Index

NATIVE = frozenset({"fpu", "sse2", "avx2", "avx512f", "avx512_bf16", "amx_bf16"})
EMULATED = frozenset({"fpu", "sse2", "avx2", "avx512f", "avx512_vnni"})


class StubEmbedder(Embedder):
    """Unit vectors seeded by (backend, role, text): two backends never give the same vector."""

    def _encode(self, texts: list[str], role: str) -> np.ndarray:
        out = []
        for text in texts:
            digest = hashlib.sha256(f"{self.backend}\x00{role}\x00{text}".encode()).digest()
            vec = np.random.default_rng(int.from_bytes(digest[:8], "little")).standard_normal(64)
            out.append((vec / np.linalg.norm(vec)).astype(np.float32))
        return np.stack(out)


@pytest.fixture
def cpu(monkeypatch):
    """Set the CPU flags `auto` reads: cpu("native") or cpu("emulated")."""

    def set_flags(kind: str) -> None:
        monkeypatch.setattr(embeddings, "cpu_flags", lambda *a, **k: NATIVE if kind == "native" else EMULATED)

    return set_flags


def stub(tmp_path: Path, home: str, backend: str = AUTO) -> StubEmbedder:
    settings = settings_for(tmp_path / home, embed_backend=backend, embed_model="stub-model",
                            cache_dir=tmp_path / "cache")
    return StubEmbedder(settings, progress=False)


def write_plan(path: Path, province: str, share: int) -> Path:
    """A small generated plan: one target of one province."""
    path.write_text("\n".join([
        f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}", "", "KẾ HOẠCH",
        f"Phát triển thư viện trường học tỉnh {province} đến năm 2030", "",
        "I. MỤC TIÊU", f"Nâng cao chất lượng thư viện trường học trên địa bàn tỉnh {province}.", "",
        "STT\tChỉ tiêu\tĐơn vị\tNăm 2030", f"1\tTỷ lệ thư viện trường học đạt chuẩn\t%\t≥ {share}%", "",
    ]) + "\n", encoding="utf-8")
    return path


def test_auto_resolves_by_the_cpu_flags(tmp_path):
    assert auto_backend(NATIVE) == "torch-bf16"
    assert auto_backend({"sse2", "amx_bf16"}) == "torch-bf16" and auto_backend({"sse2", "avx512_bf16"}) == "torch-bf16"
    assert auto_backend(EMULATED) == "torch" and auto_backend(frozenset()) == "torch"
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: x\nflags\t\t: fpu sse2 avx512_bf16 amx_tile\n\n"
                       "processor\t: 1\nflags\t\t: fpu sse2 avx512_bf16 amx_tile\n")
    assert cpu_flags(cpuinfo) == {"fpu", "sse2", "avx512_bf16", "amx_tile"}
    assert cpu_flags(tmp_path / "absent") == frozenset()  # not Linux: no flags, so fp32


def test_auto_is_the_default_and_follows_the_store(cpu, monkeypatch):
    monkeypatch.delenv("KEHOACH_EMBED_BACKEND", raising=False)
    auto = settings_for(None)
    assert auto.embed_backend == AUTO and not pinned(auto)
    cpu("native")
    assert backend_of(auto) == "torch-bf16" and backend_of(auto, stored="torch") == "torch"
    assert backend_of(auto, stored="onnx-int8") == "torch-bf16"  # a backend this code cannot compute: not taken
    cpu("emulated")
    assert backend_of(auto) == "torch" and backend_of(auto, stored="torch-bf16") == "torch-bf16"
    explicit = auto.with_overrides(embed_backend="torch-bf16")
    assert pinned(explicit) and backend_of(explicit, stored="torch") == "torch-bf16"


@pytest.mark.parametrize("kind, backend", [("native", "torch-bf16"), ("emulated", "torch")])
def test_a_new_store_gets_the_backend_auto_picks(tmp_path, cpu, kind, backend):
    cpu(kind)
    embedder = stub(tmp_path, "home")
    ingest([write_plan(tmp_path / "nghe-an.txt", "Nghệ An", 61)], embedder.settings, embedder, progress=False)
    assert generation_info(current_generation(embedder.settings))["embed_backend"] == backend == embedder.backend


def test_an_fp32_store_opens_answers_and_grows_under_auto(tmp_path, cpu, caplog):
    cpu("native")  # auto would pick bf16 for a new store
    builder = stub(tmp_path, "home", backend="torch")
    settings = builder.settings
    ingest([write_plan(tmp_path / "nghe-an.txt", "Nghệ An", 61)], settings, builder, progress=False)
    first = current_generation(settings)
    assert generation_info(first)["embed_backend"] == "torch"

    auto = stub(tmp_path, "home")
    assert auto.backend == "torch-bf16" and not auto.pinned
    with caplog.at_level(logging.INFO, logger="index.embeddings"):
        idx = Index(auto.settings, embedder=auto, progress=False)
    assert auto.backend == "torch" and auto.cache_id == auto.model_id  # fp32's own cache keys
    assert any("torch" in r.getMessage() and first.name in r.getMessage() for r in caplog.records)
    query = "Tỷ lệ thư viện trường học đạt chuẩn năm 2030 của Nghệ An"
    assert np.allclose(idx.query_vector(query), builder.embed_query(idx.dense_query(query)))
    answer = Assistant(auto.settings, index=idx).ask("Tỷ lệ thư viện trường học đạt chuẩn năm 2030 của Nghệ An?")
    assert answer.status == "answered" and "61" in answer.answer, answer.answer

    later = stub(tmp_path, "home")  # a later process: auto again, the store still fp32
    ingest([write_plan(tmp_path / "ha-tinh.txt", "Hà Tĩnh", 72)], settings, later, progress=False)
    info = generation_info(current_generation(settings))
    assert info["embed_backend"] == "torch" and later.backend == "torch"
    assert set(info["doc_ids"]) == {"nghe-an", "ha-tinh"} and info.get("timings", {}).get("full") != 1
    remove(["ha-tinh"], settings, stub(tmp_path, "home"), progress=False)
    assert generation_info(current_generation(settings))["embed_backend"] == "torch"
    from index import doctor

    assert doctor.diagnose(auto.settings).ok  # `kehoach doctor` finds nothing to repair either


def test_an_explicit_backend_that_contradicts_the_store_is_refused(tmp_path, cpu):
    cpu("emulated")
    builder = stub(tmp_path, "home")
    ingest([write_plan(tmp_path / "nghe-an.txt", "Nghệ An", 61)], builder.settings, builder, progress=False)
    gen = current_generation(builder.settings)
    assert generation_info(gen)["embed_backend"] == "torch"

    explicit = stub(tmp_path, "home", backend="torch-bf16")
    assert explicit.pinned
    with pytest.raises(IndexUnavailable, match="không trộn hai loại vector"):
        Index(explicit.settings, embedder=explicit, progress=False)
    with pytest.raises(IndexUnavailable, match="không trộn hai loại vector"):
        Index(explicit.settings, progress=False, build_if_missing=False)  # the embedder the settings would make
    with pytest.raises(IndexUnavailable, match="doctor --repair"):
        ingest([write_plan(tmp_path / "ha-tinh.txt", "Hà Tĩnh", 72)], explicit.settings, explicit, progress=False)
    assert current_generation(builder.settings) == gen and explicit.backend == "torch-bf16"
    assert explicit.stats["embedded"] == 0  # refused before any vector was computed

def test_doctor_repair_with_an_explicit_backend_re_embeds_the_store_in_it(tmp_path, cpu):
    from index import doctor

    cpu("emulated")
    builder = stub(tmp_path, "home")
    ingest([write_plan(tmp_path / "nghe-an.txt", "Nghệ An", 61)], builder.settings, builder, progress=False)
    explicit = stub(tmp_path, "home", backend="torch-bf16")
    assert any("không trộn hai loại vector" in p for p in doctor.diagnose(explicit.settings).problems)
    after = doctor.repair(explicit.settings, explicit, progress=False)
    assert after.ok, after.problems
    assert generation_info(current_generation(explicit.settings))["embed_backend"] == "torch-bf16"
    later = stub(tmp_path, "home")  # auto again: follows the store, now bf16 on a CPU where auto picks fp32
    idx = Index(later.settings, embedder=later, progress=False)
    assert later.backend == "torch-bf16" and set(idx.docs_by_id) == {"nghe-an"}
