"""Incremental ingest with the vectors on a Chroma server (issue 13, KEHOACH_CHROMA_URL): adding, replacing or
removing one document among several leaves every other document's records, live vectors and answers
byte-identical; what an ingest sends to the server does not grow with the store; a collection no generation
names is dropped, and a cancelled ingest leaves none behind."""

from __future__ import annotations

import threading

import httpx
import pytest
from helpers import live_vectors, settings_for, write_plan
from test_incremental import PLANS, QUESTIONS, snapshot

from index import build, vectors
from index.build import IngestCancelled, current_generation, generation_info, index_dir, ingest, remove
from index.retrieve import Index

pytestmark = pytest.mark.server

TOPICS = ["Thư viện trường học", "Phòng học bộ môn", "Nhà vệ sinh trường học", "Bếp ăn bán trú", "Sân chơi bãi tập",
          "Phòng tin học", "Nhà đa năng", "Ký túc xá học sinh", "Phòng thí nghiệm", "Khu giáo dục thể chất",
          "Phòng y tế học đường", "Nhà công vụ giáo viên"]


def hash_settings(tmp_path, chroma_url, name="home"):
    """A data directory on the server whose vectors come from a hash of each text (never the shared cache)."""
    return settings_for(tmp_path / name, chroma_url=chroma_url, cache_dir=tmp_path / "hash-cache")


def hash_embedder(settings):
    from evals.scale import _hash_embedder

    return _hash_embedder()(settings, progress=False)


def server_names(chroma_url: str) -> set[str]:
    return {getattr(c, "name", c) for c in vectors.client(chroma_url, None).list_collections()}


def named_by_generations(settings) -> set[str]:
    return set().union(*(build.server_collections(generation_info(g)) for g in build.generations(settings)))


def test_add_replace_remove_on_a_server_leave_the_other_documents_identical(tmp_path, embedder, chroma_url,
                                                                              monkeypatch):
    monkeypatch.setattr(build, "SERVER_SMALL_LAYERS", 2)  # small layers are merged along the way
    plans = {doc_id: write_plan(tmp_path / f"{doc_id}.txt", *spec) for doc_id, spec in PLANS.items()}
    settings = settings_for(tmp_path / "home", chroma_url=chroma_url)
    for doc_id in ("nghe-an", "ha-tinh", "quang-tri"):
        ingest([plans[doc_id]], settings, embedder, progress=False)
    assert generation_info(current_generation(settings))["layers"]  # the first documents' vectors: layers

    def snap(doc_ids):
        return snapshot(settings, doc_ids, Index(settings, embedder=embedder, progress=False))

    def built_upon() -> dict:
        info = generation_info(current_generation(settings))
        assert info["timings"]["full"] == 0 and info["chroma_url"] == chroma_url
        assert not (current_generation(settings) / "chroma").exists()
        return info

    others = {"nghe-an", "ha-tinh", "quang-tri"}
    before = snap(others)
    assert "61%" in before["answers"]["nghe-an"]
    report = ingest([plans["son-la"]], settings, embedder, progress=False)  # add
    assert report.added == ["son-la"]
    info = built_upon()
    assert info["n_delta"] == len([n for n in Index(settings, embedder=embedder, progress=False).nodes
                                   if n.startswith("son-la")])  # only the new document's vectors were written
    assert snap(others) == before

    others = {"nghe-an", "quang-tri", "son-la"}
    before = snap(others)
    write_plan(plans["ha-tinh"], "Hà Tĩnh", "Phòng học bộ môn", "≥ 92%")
    report = ingest([plans["ha-tinh"]], settings, embedder, progress=False, replace="ha-tinh")  # replace
    assert report.updated == ["ha-tinh"]
    info = built_upon()
    assert any(layer["collection"].endswith(build.MERGED_SUFFIX) for layer in info["layers"])  # a merge happened
    assert snap(others) == before
    idx = Index(settings, embedder=embedder, progress=False)
    texts = [n.text for n in idx.nodes.values() if n.metadata["doc_id"] == "ha-tinh"]
    assert any("92%" in t for t in texts) and not any("62%" in t for t in texts)
    assert len(live_vectors(current_generation(settings), list(idx.nodes))) == len(idx.nodes)  # one live each
    assert "92%" in answer_of(settings, idx, "ha-tinh")

    others = {"nghe-an", "ha-tinh", "son-la"}
    before = snap(others)
    gone = [cid for cid, n in idx.nodes.items() if n.metadata["doc_id"] == "quang-tri"]
    report = remove(["quang-tri"], settings, embedder, progress=False)  # remove
    assert report.removed == ["quang-tri"]
    built_upon()
    assert snap(others) == before
    idx = Index(settings, embedder=embedder, progress=False)
    assert "quang-tri" not in idx.docs_by_id
    assert len(live_vectors(current_generation(settings), list(idx.nodes))) == len(idx.nodes)
    assert gone and live_vectors(current_generation(settings), gone) == {}  # dead in its layer
    assert named_by_generations(settings) <= server_names(chroma_url)


def answer_of(settings, idx, doc_id: str) -> str:
    from assistant.api import Assistant

    return Assistant(settings, index=idx).ask(QUESTIONS[doc_id]).to_dict()["answer"]


def test_what_an_ingest_sends_to_the_server_does_not_grow_with_the_store(tmp_path, chroma_url, monkeypatch):
    monkeypatch.setattr(build, "SERVER_SMALL_LAYERS", 1000)  # no merge in this test: every ingest does the same
    settings = hash_settings(tmp_path, chroma_url)
    emb = hash_embedder(settings)
    docs = [write_plan(tmp_path / f"plan-{i:02d}.txt", "Nghệ An", topic, f"≥ {50 + i}%") for i, topic in enumerate(TOPICS)]
    sent: list[tuple[str, int]] = []
    real_send = httpx.Client.send

    def counting_send(self, request, *args, **kwargs):
        sent.append((request.url.path, len(request.content or b"")))
        return real_send(self, request, *args, **kwargs)

    monkeypatch.setattr(httpx.Client, "send", counting_send)

    def cost(path) -> tuple[int, int]:
        sent.clear()
        report = ingest([path], settings, emb, progress=False)
        assert report.added and generation_info(current_generation(settings))["timings"]["full"] == 0
        return len(sent), sum(n for _, n in sent)

    for path in docs[:2]:
        ingest([path], settings, emb, progress=False)
    small = cost(docs[2])  # 2 documents in the store
    for path in docs[3:-1]:
        ingest([path], settings, emb, progress=False)
    large = cost(docs[-1])  # 5 times as many
    assert large[0] == small[0], (small, large)  # the same requests
    assert large[1] < 1.3 * small[1], (small, large)  # of the same size (one document's vectors)


def test_collections_no_generation_names_are_dropped_and_a_cancel_leaves_none(tmp_path, chroma_url, monkeypatch):
    monkeypatch.setattr(build, "SERVER_SMALL_LAYERS", 2)
    settings = hash_settings(tmp_path, chroma_url)
    emb = hash_embedder(settings)
    docs = [write_plan(tmp_path / f"plan-{i:02d}.txt", "Hà Tĩnh", topic, f"≥ {40 + i}%") for i, topic in enumerate(TOPICS[:8])]
    before = server_names(chroma_url)
    for path in docs[:-1]:
        ingest([path], settings, emb, progress=False)
    info = generation_info(current_generation(settings))
    assert any(layer["collection"].endswith(build.MERGED_SUFFIX) for layer in info["layers"])
    assert len(build.generations(settings)) == 2
    assert server_names(chroma_url) - before == named_by_generations(settings)  # nothing else left behind

    cancel = threading.Event()

    def on_progress(frac: float, message: str) -> None:
        if frac >= 0.95:  # the vectors are on the server, the generation not yet swapped in
            cancel.set()

    current = current_generation(settings)
    with pytest.raises(IngestCancelled):
        ingest([docs[-1]], settings, emb, progress=False, on_progress=on_progress, cancel=cancel)
    assert current_generation(settings) == current
    assert not [p for p in index_dir(settings).iterdir() if p.name.startswith("tmp-")]
    assert server_names(chroma_url) - before == named_by_generations(settings)
    assert ingest([docs[-1]], settings, emb, progress=False).added
    assert server_names(chroma_url) - before == named_by_generations(settings)
    idx = Index(settings, embedder=emb, progress=False)
    assert not idx.fault and len(idx.docs_by_id) == len(docs)
