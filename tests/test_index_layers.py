"""Ingest cost that does not grow with the store: vectors in read-only layers plus a small per-generation
delta, BM25 changed row by row. A store built one document at a time (with promotions, a replace and a
removal) must search exactly like the same documents built in one go."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "reliability"))
from helpers import settings_for, write_plan  # noqa: E402

from corpus.settings import Settings  # noqa: E402
from index import build  # noqa: E402
from index.build import current_generation, generation_info, ingest, remove  # noqa: E402
from index.retrieve import Filters, Index  # noqa: E402

PLANS = [("nghe-an", "Nghệ An", "Thư viện trường học", "≥ 61%"), ("ha-tinh", "Hà Tĩnh", "Phòng học bộ môn", "≥ 62%"),
         ("quang-tri", "Quảng Trị", "Nhà vệ sinh trường học", "≥ 63%"), ("son-la", "Sơn La", "Bếp ăn bán trú", "≥ 64%"),
         ("lai-chau", "Lai Châu", "Nhà công vụ giáo viên", "≥ 65%")]
QUERIES = ["tỷ lệ thư viện trường học đạt chuẩn", "phòng học bộ môn Hà Tĩnh", "bếp ăn bán trú năm 2030",
           "nhà công vụ giáo viên", "kế hoạch nâng cao chất lượng"]


def build_one_at_a_time(tmp_path: Path, embedder, **overrides) -> tuple[Settings, dict[str, Path]]:
    """The PLANS ingested one document at a time, then ha-tinh replaced and quang-tri removed; the store's
    settings and each plan's file."""
    settings = settings_for(tmp_path / "home", **overrides)
    paths = {d: write_plan(tmp_path / f"{d}.txt", p, t, v) for d, p, t, v in PLANS}
    for doc_id in paths:
        assert ingest([paths[doc_id]], settings, embedder, progress=False).added == [doc_id]
    write_plan(paths["ha-tinh"], "Hà Tĩnh", "Phòng học bộ môn", "≥ 92%")
    assert ingest([paths["ha-tinh"]], settings, embedder, progress=False, replace="ha-tinh").updated == ["ha-tinh"]
    assert remove(["quang-tri"], settings, embedder, progress=False).removed == ["quang-tri"]
    return settings, paths


def check_searches_alike(settings: Settings, paths: dict[str, Path], tmp_path: Path, embedder) -> tuple[Index, Index]:
    """The layered store holds the four live documents and, for every query, finds the same chunks as the same
    documents built in one go (a local store); both indexes are returned."""
    layered = Index(settings, embedder=embedder, progress=False)
    assert not layered.fault and set(layered.docs_by_id) == {"nghe-an", "ha-tinh", "son-la", "lai-chau"}
    full_settings = settings_for(tmp_path / "full")
    ingest([paths[d] for d in ("nghe-an", "ha-tinh", "son-la", "lai-chau")], full_settings, embedder, progress=False)
    full = Index(full_settings, embedder=embedder, progress=False)
    assert not generation_info(current_generation(full_settings)).get("layers")
    assert set(layered.nodes) == set(full.nodes)
    for q in QUERIES:
        # every live chunk exactly once, none of the replaced or removed versions
        assert sorted(c for c, _ in layered.dense(q, 200)) == sorted(full.nodes)
        assert [c for c, _ in layered.dense(q, 5)] == [c for c, _ in full.dense(q, 5)]
        scope = Filters(doc_ids=["ha-tinh", "son-la"], kinds=["indicator", "prose"])  # chunks named per store
        assert [c for c, _ in layered.dense(q, 5, scope)] == [c for c, _ in full.dense(q, 5, scope)]
        assert [c for c, _ in layered.lexical_search(q, 10)] == [c for c, _ in full.lexical_search(q, 10)]
    assert build.vectors_problem(current_generation(settings)) == ""
    return layered, full


def test_layered_store_searches_like_a_full_build(tmp_path, embedder, monkeypatch):
    monkeypatch.setattr(build, "PROMOTE_VECTORS", 4)  # a promotion every document or two
    settings, paths = build_one_at_a_time(tmp_path, embedder)
    info = generation_info(current_generation(settings))
    assert info["timings"]["full"] == 0 and len(info["layers"]) >= 2 and info["dead"]  # the layered path was taken
    layered, full = check_searches_alike(settings, paths, tmp_path, embedder)
    for q in QUERIES:
        assert [round(s, 5) for _, s in layered.lexical_search(q, 10)] == [round(s, 5) for _, s in full.lexical_search(q, 10)]
    texts = [n.text for n in layered.nodes.values() if n.metadata["doc_id"] == "ha-tinh"]
    assert any("92%" in t for t in texts) and not any("62%" in t for t in texts)

    # layers no generation names any more are collected; a full rebuild starts again from one delta
    monkeypatch.setattr(build, "MAX_LAYERS", 1)
    write_plan(paths["quang-tri"], "Quảng Trị", "Nhà vệ sinh trường học", "≥ 73%")
    assert ingest([paths["quang-tri"]], settings, embedder, progress=False).added == ["quang-tri"]
    info = generation_info(current_generation(settings))
    assert info["timings"]["full"] == 1 and not info.get("layers")
    named = {p.name for g in build.generations(settings) for p in build.layer_paths(g)}
    assert {p.name for p in build.layers_dir(settings).iterdir()} == named


@pytest.mark.server
def test_layered_store_on_a_server_searches_like_a_full_build(tmp_path, embedder, chroma_url, monkeypatch):
    """The same on a Chroma server, where layers are collections shared by name and small ones are merged."""
    from test_server_incremental import named_by_generations, server_names

    monkeypatch.setattr(build, "SERVER_SMALL_LAYERS", 3)  # a merge at the fifth document; dead chunks after it
    names_before = server_names(chroma_url)
    settings, paths = build_one_at_a_time(tmp_path, embedder, chroma_url=chroma_url)
    info = generation_info(current_generation(settings))
    assert info["timings"]["full"] == 0 and info["layers"] and info["dead"]  # the layered path was taken
    assert any(layer["collection"].endswith(build.MERGED_SUFFIX) for layer in info["layers"])
    check_searches_alike(settings, paths, tmp_path, embedder)
    assert server_names(chroma_url) - names_before == named_by_generations(settings)

    # too many layers: a full rebuild into one collection; the collections no generation names are dropped
    monkeypatch.setattr(build, "MAX_LAYERS", 1)
    write_plan(paths["quang-tri"], "Quảng Trị", "Nhà vệ sinh trường học", "≥ 73%")
    assert ingest([paths["quang-tri"]], settings, embedder, progress=False).added == ["quang-tri"]
    info = generation_info(current_generation(settings))
    assert info["timings"]["full"] == 1 and not info.get("layers")
    assert server_names(chroma_url) - names_before == named_by_generations(settings)


@pytest.mark.parametrize("n_docs", [3])
def test_lexical_rows_changed_in_place_match_a_rebuild(n_docs):
    from index.lexical import LexicalIndex, tokenize

    texts = {f"c{i}": f"Tỷ lệ trường học đạt chuẩn quốc gia số {i} năm 2030 của tỉnh" for i in range(n_docs * 4)}
    base = LexicalIndex(list(texts), list(texts.values()))
    drop = {"c1", "c5"}
    new = {"c1": "Phòng học bộ môn đạt chuẩn", "n1": "Bếp ăn bán trú"}
    changed = base.changed(drop, list(new), [tokenize(t) for t in new.values()])
    kept = {k: v for k, v in texts.items() if k not in drop} | new
    rebuilt = LexicalIndex(list(kept), list(kept.values()))
    for q in ("trường học đạt chuẩn", "bếp ăn", "phòng học bộ môn năm 2030"):
        assert changed.search(q, 20) == rebuilt.search(q, 20)


def test_restricted_lexical_search_ranks_like_the_filtered_full_ranking():
    from index.lexical import LexicalIndex

    texts = {f"c{i:02d}": f"Tỷ lệ trường học đạt chuẩn {'quốc gia ' * (i % 3)}năm 2030 tỉnh {i % 4}" for i in range(40)}
    idx = LexicalIndex(list(texts), list(texts.values()))
    allowed = {c for i, c in enumerate(texts) if i % 4 == 1}
    for q in ("trường học đạt chuẩn quốc gia", "năm 2030", "không có từ này"):
        full = idx.search(q, len(texts))
        assert idx.search(q, 5, allowed) == [(c, s) for c, s in full if c in allowed][:5]  # ties in index order
    assert idx.search("năm 2030", 5, set()) == []


def test_dense_query_returns_what_llama_index_returns(tmp_path, embedder):
    """Vectors are asked for ids and distances only: the same hits and similarities as llama-index's query."""
    from llama_index.core.vector_stores.types import VectorStoreQuery

    from index import vectors

    settings = settings_for(tmp_path / "home")
    ingest([write_plan(tmp_path / f"{d}.txt", p, t, v) for d, p, t, v in PLANS], settings, embedder, progress=False)
    idx = Index(settings, embedder=embedder, progress=False)
    emb = embedder.embed_query("tỷ lệ thư viện trường học đạt chuẩn").tolist()
    for f in (None, vectors.metadata_filters(None, None, ["indicator", "task"]),
              vectors.metadata_filters(["nghe-an", "son-la"], None, ["indicator"]),
              vectors.metadata_filters(["ha-tinh"], ["Hà Tĩnh"], None)):
        ours = vectors.query(idx.vstore, emb, 6, f)
        theirs = idx.vstore.query(VectorStoreQuery(query_embedding=emb, similarity_top_k=6, filters=f))
        assert ours == list(zip(theirs.ids, theirs.similarities, strict=True)) and ours
        # naming the chunks the filter allows finds the same
        keys = {x.key: (x.value if isinstance(x.value, list) else [x.value]) for x in (f.filters if f else [])}
        allowed = [c for c, n in idx.nodes.items() if all(n.metadata.get(k) in v for k, v in keys.items())]
        assert vectors.query(idx.vstore, emb, 6, None, ids=allowed) == ours


def test_an_add_hashes_the_store_files_it_must_and_no_more(tmp_path, embedder, monkeypatch):
    """Every hash of a records or BM25 file reads the whole file, which grows with the store: an add verifies
    the base's records once (not the older generations'), the base's BM25 file before reusing it, writes the
    new generation's two checksums, and does not hash the base's records again when it keeps it as fallback."""
    from index import integrity

    settings = settings_for(tmp_path / "home")
    paths = {d: write_plan(tmp_path / f"{d}.txt", p, t, v) for d, p, t, v in PLANS}
    for doc_id in ("nghe-an", "ha-tinh", "quang-tri"):  # three generations: the current one and two older
        ingest([paths[doc_id]], settings, embedder, progress=False)
    hashed: list[str] = []
    real = integrity.sha256_file
    monkeypatch.setattr(integrity, "sha256_file", lambda path: hashed.append(Path(path).name) or real(path))
    before = current_generation(settings)
    assert ingest([paths["son-la"]], settings, embedder, progress=False).added == ["son-la"]
    assert generation_info(current_generation(settings))["timings"]["full"] == 0
    assert sorted(hashed) == ["lexical.pkl", "lexical.pkl", "lexical.pkl", "records.sqlite", "records.sqlite"], hashed
    assert before in build.generations(settings)  # still kept as the fallback
    assert not build.index_health(settings, files=integrity.CHECKED_FILES).problems
