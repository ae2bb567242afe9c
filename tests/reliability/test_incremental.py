"""Incremental ingest: adding, replacing or removing one document among several leaves every other
document's records, chunks, vectors and answers byte-identical; a SIGKILL at a random point of an
ingest leaves a usable store holding the old or the new version; batch ingest of a directory."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import live_vectors, settings_for, write_plan

from index import build, store
from index.build import current_generation, generation_info, index_dir, ingest, remove
from index.retrieve import Index

PLANS = {"nghe-an": ("Nghệ An", "Thư viện trường học", "≥ 61%"), "ha-tinh": ("Hà Tĩnh", "Phòng học bộ môn", "≥ 62%"),
         "quang-tri": ("Quảng Trị", "Nhà vệ sinh trường học", "≥ 63%"), "son-la": ("Sơn La", "Bếp ăn bán trú", "≥ 64%")}
QUESTIONS = {doc_id: f"Tỷ lệ {topic.lower()} đạt chuẩn năm 2030 của {province} là bao nhiêu?"
             for doc_id, (province, topic, _v) in PLANS.items()}


def snapshot(settings, doc_ids: set[str], assistant_index: Index) -> dict:
    """Everything stored or answered about doc_ids: table rows, chunk vectors, answers."""
    from assistant.api import Assistant

    gen = current_generation(settings)
    db = store.open_readonly(gen / "records.sqlite")
    marks = ",".join("?" * len(doc_ids))
    ids = sorted(doc_ids)
    rows = {
        "documents": db.execute(f"SELECT * FROM documents WHERE doc_id IN ({marks}) ORDER BY doc_id", ids).fetchall(),
        "indicators": db.execute(f"SELECT * FROM indicators WHERE doc_id IN ({marks}) ORDER BY id", ids).fetchall(),
        "targets": db.execute(f"SELECT t.* FROM targets t JOIN indicators i ON i.id = t.indicator_id "
                              f"WHERE i.doc_id IN ({marks}) ORDER BY t.indicator_id, t.period", ids).fetchall(),
        "tasks": db.execute(f"SELECT * FROM tasks WHERE doc_id IN ({marks}) ORDER BY id", ids).fetchall(),
        "chunks": db.execute(f"SELECT * FROM chunks WHERE doc_id IN ({marks}) ORDER BY id", ids).fetchall(),
    }
    chunk_ids = [r["id"] for r in rows["chunks"]]
    db.close()
    rows = {k: [tuple(r) for r in v] for k, v in rows.items()}
    vecs = live_vectors(gen, chunk_ids)  # from the delta or a read-only layer, wherever each chunk lives
    a = Assistant(settings, index=assistant_index)
    answers = {}
    for doc_id in ids:
        d = a.ask(QUESTIONS[doc_id]).to_dict()
        d.pop("timings_ms", None)
        answers[doc_id] = json.dumps(d, ensure_ascii=False, sort_keys=True)
    return {"rows": rows, "vectors": vecs, "answers": answers}


@pytest.fixture
def plans(tmp_path):
    return {doc_id: write_plan(tmp_path / f"{doc_id}.txt", *spec) for doc_id, spec in PLANS.items()}


@pytest.mark.parametrize("promote", [None, 4], ids=["delta", "layers"])
def test_add_replace_remove_leave_the_other_documents_identical(tmp_path, embedder, plans, promote, monkeypatch):
    if promote:  # a delta of at most 4 vectors: the other documents' vectors sit in read-only layers
        monkeypatch.setattr(build, "PROMOTE_VECTORS", promote)
    settings = settings_for(tmp_path / "home")
    for doc_id in ("nghe-an", "ha-tinh", "quang-tri"):
        ingest([plans[doc_id]], settings, embedder, progress=False)
    if promote:
        assert len(generation_info(current_generation(settings))["layers"]) >= 2

    def snap(doc_ids):
        return snapshot(settings, doc_ids, Index(settings, embedder=embedder, progress=False))

    others = {"nghe-an", "ha-tinh", "quang-tri"}
    before = snap(others)
    assert "61%" in before["answers"]["nghe-an"]
    report = ingest([plans["son-la"]], settings, embedder, progress=False)  # add
    assert report.added == ["son-la"]
    assert generation_info(current_generation(settings))["timings"]["full"] == 0  # built upon the last one
    assert snap(others) == before

    others = {"nghe-an", "quang-tri", "son-la"}
    before = snap(others)
    write_plan(plans["ha-tinh"], "Hà Tĩnh", "Phòng học bộ môn", "≥ 92%")
    report = ingest([plans["ha-tinh"]], settings, embedder, progress=False, replace="ha-tinh")  # replace
    assert report.updated == ["ha-tinh"]
    assert snap(others) == before
    idx = Index(settings, embedder=embedder, progress=False)
    texts = [n.text for n in idx.nodes.values() if n.metadata["doc_id"] == "ha-tinh"]
    assert any("92%" in t for t in texts) and not any("62%" in t for t in texts)
    assert len(live_vectors(current_generation(settings), list(idx.nodes))) == len(idx.nodes)  # one live each
    assert {cid for cid, _ in idx.lexical.search("phòng học bộ môn", 50)} <= set(idx.nodes)

    others = {"nghe-an", "ha-tinh", "son-la"}
    before = snap(others)
    gone = [cid for cid, n in idx.nodes.items() if n.metadata["doc_id"] == "quang-tri"]
    report = remove(["quang-tri"], settings, embedder, progress=False)  # remove
    assert report.removed == ["quang-tri"]
    assert snap(others) == before
    idx = Index(settings, embedder=embedder, progress=False)
    assert "quang-tri" not in idx.docs_by_id and not any(n.metadata["doc_id"] == "quang-tri" for n in idx.nodes.values())
    assert len(live_vectors(current_generation(settings), list(idx.nodes))) == len(idx.nodes)
    assert gone and live_vectors(current_generation(settings), gone) == {}  # dead in its layer or deleted
    assert all(cid in idx.nodes for cid, _ in idx.lexical.search("nhà vệ sinh trường học Quảng Trị", 50))


def _values(idx: Index, doc_id: str) -> set[str]:
    return {t.raw for i in idx.indicators if i.doc_id == doc_id for t in i.targets}


@pytest.mark.parametrize("seed", [1, 2])
def test_kill_at_a_random_point_of_an_ingest_leaves_old_or_new(tmp_path, embedder, plans, seed):
    settings = settings_for(tmp_path / "home")
    ingest([plans["nghe-an"], plans["ha-tinh"]], settings, embedder, progress=False)
    (tmp_path / "new").mkdir()
    new = write_plan(tmp_path / "new" / "ha-tinh.txt", "Hà Tĩnh", "Phòng học bộ môn", "≥ 93%")
    ingest([new], settings_for(tmp_path / "warm"), embedder, progress=False)  # its vectors cached: no model load
    kehoach = Path(sys.executable).with_name("kehoach")
    proc = subprocess.Popen([str(kehoach), "--home", str(settings.home), "--chroma-url", "", "ingest",
                             "--replace", "ha-tinh", str(new)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:  # the build under way, then a random moment
        if any(p.name.startswith("tmp-") for p in index_dir(settings).iterdir()):
            break
        time.sleep(0.01)
    time.sleep(random.Random(seed).uniform(0.0, 0.6))
    proc.kill()
    proc.wait()
    idx = Index(settings, embedder=embedder, progress=False)
    assert not idx.fault and set(idx.docs_by_id) == {"nghe-an", "ha-tinh"}
    assert _values(idx, "ha-tinh") in ({"≥ 62%"}, {"≥ 93%"})  # old or new, never both or none
    assert _values(idx, "nghe-an") == {"≥ 61%"}
    assert idx.vstore._collection.count() == len(idx.nodes)
    # and the store goes on: the next ingest completes
    again = ingest([new], settings, embedder, progress=False, replace="ha-tinh")
    assert not again.errors
    assert _values(Index(settings, embedder=embedder, progress=False), "ha-tinh") == {"≥ 93%"}


def test_cli_ingests_a_directory_without_loading_the_model(tmp_path):
    """Bundled documents (all vectors cached) in nested folders, an unsupported and an empty file."""
    from corpus.bundled import bundled_paths
    from ui.cli import main

    folder = tmp_path / "in" / "sub"
    folder.mkdir(parents=True)
    for path, _m in bundled_paths()[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    (tmp_path / "in" / "trinh-chieu.pptx").write_bytes(b"PK")
    (tmp_path / "in" / "rong.txt").write_bytes(b"")
    home = tmp_path / "home"
    run = CliRunner().invoke(main, ["--home", str(home), "--chroma-url", "", "ingest", "--json", str(tmp_path / "in")])
    assert run.exit_code == 1, run.output  # one file refused
    out = json.loads(run.output[run.output.index("{"):])
    assert out["files"] == 3 and out["model_loaded"] is False
    assert [Path(s["file"]).name for s in out["skipped"]] == ["trinh-chieu.pptx"]
    assert [Path(e["file"]).name for e in out["errors"]] == ["rong.txt"]
    assert len(out["unchanged"]) == 2  # the bundled corpus was built first; same content changes nothing


def test_a_store_built_by_another_model_or_backend_is_refused_and_repaired(tmp_path, embedder, plans):
    from index import doctor
    from index.build import IndexUnavailable

    settings = settings_for(tmp_path / "home")
    ingest([plans["nghe-an"]], settings, embedder, progress=False)
    gen = current_generation(settings)
    info = generation_info(gen)
    assert info["embed_backend"] == embedder.backend and info["model_id"] == embedder.model_id
    info["embed_backend"] = "onnx-int8"  # as if built by another backend
    (gen / "generation.json").write_text(json.dumps(info))
    with pytest.raises(IndexUnavailable, match="không trộn hai loại vector"):
        Index(settings, embedder=embedder, progress=False)
    assert any("doctor --repair" in p for p in doctor.diagnose(settings).problems)
    after = doctor.repair(settings, embedder, progress=False)
    assert after.ok, after.problems
    idx = Index(settings, embedder=embedder, progress=False)
    assert idx.info["embed_backend"] == embedder.backend and set(idx.docs_by_id) == {"nghe-an"}
