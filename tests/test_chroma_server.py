"""Client/server vectors: the bundled index built on a `chroma run` server searches exactly like the local store.

Uses the session's `chroma run` server (tests/conftest.py: on a free port with a temporary persistence
path), builds the bundled corpus into a new data directory with
KEHOACH_CHROMA_URL / Settings.chroma_url pointing at it, and compares ranked chunk ids with the
session's local index.
"""

from __future__ import annotations

import pytest

from index.build import current_generation, ensure_index, generation_info
from index.retrieve import Filters, Index

pytestmark = pytest.mark.server

QUERIES = [
    "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?",
    "Cơ quan nào chủ trì theo dõi tỷ lệ giảng viên có trình độ tiến sĩ ở Hải Phòng?",
    "Tỉ lệ giáo viên có chữ ký số hoặc chữ ký điện tử cá nhân",
    "lao cai chuyen truong mam non cong lap sang tu thuc",
    "Những nhiệm vụ nào phải hoàn thành trong tháng 12/2025?",
    "Ai ký Nghị quyết 68/NQ-HĐND?",
]


@pytest.fixture(scope="module")
def server_index(chroma_url, embedder, tmp_path_factory):
    from conftest import settings_for

    settings = settings_for(tmp_path_factory.mktemp("kehoach-server-home"), chroma_url=chroma_url)
    ensure_index(settings, embedder, progress=False)
    return Index(settings, embedder=embedder, progress=False)


def test_index_lives_on_the_server(server_index, chroma_url):
    import chromadb

    gen = current_generation(server_index.settings)
    info = generation_info(gen)
    assert info["chroma_url"] == chroma_url
    assert not (gen / "chroma").exists()  # no local vector store in the generation
    host, port = chroma_url.rsplit(":", 1)
    client = chromadb.HttpClient(host=host.split("//")[1], port=int(port))
    names = [getattr(c, "name", c) for c in client.list_collections()]
    assert info["collection"] in names
    assert client.get_collection(info["collection"]).count() == len(server_index.nodes) == info["n_chunks"]


@pytest.mark.parametrize("mode", ["fused", "dense"])
def test_server_results_equal_local(server_index, index, mode):
    assert set(server_index.nodes) == set(index.nodes)
    for query in QUERIES:
        remote = [h.id for h in server_index.search(query, k=8, mode=mode)]
        local = [h.id for h in index.search(query, k=8, mode=mode)]
        assert remote == local, query
        assert len(remote) == 8


def test_server_filters_equal_local(server_index, index):
    filters = Filters(provinces=["Cao Bằng"], kinds=["indicator"], years=[2035])
    for f in (filters, Filters(doc_ids=["sgddt-phu-luc-01", "hai-phong-de-an-gddt"])):
        remote = server_index.search("chỉ số giáo dục đóng góp vào HDI", k=5, filters=f, mode="dense")
        local = index.search("chỉ số giáo dục đóng góp vào HDI", k=5, filters=f, mode="dense")
        assert remote and [h.id for h in remote] == [h.id for h in local]
        assert all(f.allows(h.metadata) for h in remote)
