"""Corruption is detected and never propagated: each store file of the current generation truncated or
deleted (and the generation itself, and the shared embedding cache) → questions are answered from the
announced fallback, the next ingest loses no document, `kehoach doctor` reports the fault and
`doctor --repair` restores every document."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from helpers import build_two_generations, settings_for, write_plan

from index import build, doctor
from index.build import current_generation, ingest
from index.embeddings import Embedder, EmbeddingCache
from index.retrieve import Index

A, B = "cao-bang-chi-tieu-kh43", "hai-phong-de-an-gddt"


@pytest.fixture(scope="module")
def base_home(tmp_path_factory, embedder):
    """Two generations: A alone (the fallback), then A + B (current)."""
    return build_two_generations(tmp_path_factory.mktemp("corrupt-base") / "home", embedder, A, B)


@pytest.fixture
def home(base_home, tmp_path):
    dst = tmp_path / "home"
    shutil.copytree(base_home.home, dst)
    return settings_for(dst)


def _truncate(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 3)


def corrupt(settings, how: str) -> None:
    gen = current_generation(settings)
    if how == "gen-deleted":
        shutil.rmtree(gen)
        return
    name, action = how.rsplit("-", 1)
    path = gen / {"records": "records.sqlite", "lexical": "lexical.pkl", "chroma": "chroma/chroma.sqlite3"}[name]
    _truncate(path) if action == "truncated" else path.unlink()


CASES = ["records-truncated", "records-deleted", "lexical-truncated", "lexical-deleted", "chroma-truncated",
         "chroma-deleted", "gen-deleted"]


@pytest.mark.parametrize("how", CASES)
def test_fault_is_announced_and_the_next_ingest_loses_nothing(home, embedder, tmp_path, how, caplog):
    corrupt(home, how)
    with caplog.at_level(logging.WARNING):
        idx = Index(home, embedder=embedder, progress=False)
    assert idx.fault and "bản dự phòng" in idx.fault  # answering from the fallback, and saying so
    assert any("fallback" in r.getMessage() for r in caplog.records)
    assert A in idx.docs_by_id
    diagnosis = doctor.diagnose(home)
    assert not diagnosis.ok and diagnosis.problems

    new = write_plan(tmp_path / "nghe-an.txt", "Nghệ An", "Thư viện trường học", "≥ 60%")
    report = ingest([new], home, embedder, progress=False)
    assert report.added == ["nghe-an"]
    # a damaged record store is reported by the ingest too; with sound records it simply builds on them
    assert bool(report.fault) == how.startswith(("records", "gen"))
    idx = Index(home, embedder=embedder, progress=False)
    assert set(idx.docs_by_id) == {A, B, "nghe-an"} and not idx.fault  # B came back from its kept source
    assert idx.search("giảm số điểm trường lẻ", k=3)
    assert doctor.diagnose(home).ok


@pytest.mark.parametrize("how", ["records-truncated", "lexical-deleted", "chroma-truncated", "gen-deleted"])
def test_doctor_repair_restores_every_document(home, embedder, how):
    from ui.cli import main

    corrupt(home, how)
    run = CliRunner().invoke(main, ["--home", str(home.home), "--chroma-url", "", "doctor"])
    assert run.exit_code == 1 and "hỏng" in run.output or "không còn" in run.output, run.output
    run = CliRunner().invoke(main, ["--home", str(home.home), "--chroma-url", "", "doctor", "--repair"])
    assert run.exit_code == 0 and "Đã dựng lại chỉ mục" in run.output, run.output
    idx = Index(home, embedder=embedder, progress=False)
    assert set(idx.docs_by_id) == {A, B} and not idx.fault
    from assistant.api import Assistant

    ans = Assistant(home, index=idx).ask("Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?")
    assert ans.status == "answered" and "0,85" in ans.answer


def test_a_removed_document_is_not_brought_back_by_a_recovery(home, embedder, tmp_path):
    build.remove([B], home, embedder, progress=False)
    corrupt(home, "records-truncated")  # the fallback still holds B
    new = write_plan(tmp_path / "nghe-an.txt", "Nghệ An", "Thư viện trường học", "≥ 60%")
    ingest([new], home, embedder, progress=False)
    assert set(Index(home, embedder=embedder, progress=False).docs_by_id) == {A, "nghe-an"}


# ------------------------------------------------------------------ the shared embedding cache


def _garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xde\xad\xbe\xef" * ((4096 - 100) // 4)  # the header and first page
    path.write_bytes(bytes(data))


def test_corrupt_cache_is_quarantined_and_recreated(tmp_path, caplog):
    path = tmp_path / "cache" / "embeddings.sqlite"
    cache = EmbeddingCache(path)
    cache.put_many({f"k{i}": np.ones(4, dtype=np.float32) * i for i in range(200)})
    cache.db.close()
    _garble(path)
    assert doctor.check_cache(path)  # reported as corrupt, not raised
    with caplog.at_level(logging.WARNING):
        cache = EmbeddingCache(path)
    assert cache.quarantined and cache.quarantined[0].exists() and "corrupt" in caplog.text
    assert cache.get_many(["k1"]) == {}
    cache.put_many({"k1": np.ones(4, dtype=np.float32)})
    assert "k1" in cache.get_many(["k1"]) and not doctor.check_cache(path)


def test_cache_corrupted_while_open_heals_itself(tmp_path):
    path = tmp_path / "cache" / "embeddings.sqlite"
    cache = EmbeddingCache(path)
    cache.put_many({f"k{i}": np.ones(256, dtype=np.float32) for i in range(500)})
    _garble(path)
    cache.get_many([f"k{i}" for i in range(500)])  # malformed → quarantined, empty result, no raise
    cache.put_many({"x": np.ones(4, dtype=np.float32)})
    assert "x" in cache.get_many(["x"])


def test_ask_and_ingest_survive_a_corrupt_cache(embedder, tmp_path):
    """A data directory whose (own) cache file is garbage: ingest and questions work, doctor reports it
    and --repair recreates it (a small index: a quarantined cache means embedding everything again)."""
    settings = settings_for(tmp_path / "home", cache_dir=tmp_path / "cache")
    settings.cache_dir.mkdir()
    (settings.cache_dir / "embeddings.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    assert not doctor.diagnose(settings).ok
    own = Embedder(settings, progress=False)
    own._model = embedder.model  # the same weights, this directory's cache
    new = write_plan(tmp_path / "ha-tinh.txt", "Hà Tĩnh", "Phòng học", "≥ 70%")
    report = ingest([new], settings, own, progress=False)
    assert report.added == ["ha-tinh"] and own.cache.quarantined
    idx = Index(settings, embedder=own, progress=False)
    assert set(idx.docs_by_id) == {"ha-tinh"} and idx.search("phòng học Hà Tĩnh", k=2)
    (settings.cache_dir / "embeddings.sqlite").write_bytes(b"not a database at all" * 100)
    assert doctor.repair(settings, progress=False).cache == ""
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(str(next(settings.cache_dir.glob("embeddings.sqlite.corrupt-*")))).execute(
            "SELECT * FROM vectors").fetchall()
