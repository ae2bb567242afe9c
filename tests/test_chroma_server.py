"""Client/server vectors: the bundled index built on a `chroma run` server searches exactly like the local store.

Starts `chroma run` (installed with chromadb next to this Python) on a free port with a temporary
persistence path, builds the bundled corpus into a new data directory with
KEHOACH_CHROMA_URL / Settings.chroma_url pointing at it, and compares ranked chunk ids with the
session's local index. The server is stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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


def _chroma_executable() -> str:
    here = Path(sys.executable).parent / "chroma"
    found = str(here) if here.exists() else shutil.which("chroma")
    assert found, "the `chroma` CLI (installed with chromadb) is missing"
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_heartbeat(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma exited with {proc.returncode}")
        for path in ("/api/v2/heartbeat", "/api/v1/heartbeat"):
            try:
                with urllib.request.urlopen(url + path, timeout=2) as resp:
                    if resp.status == 200:
                        return
            except Exception as exc:  # not listening yet
                last = exc
        time.sleep(0.3)
    raise TimeoutError(f"chroma server at {url} did not answer its heartbeat: {last}")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")  # noqa: SIM115 - closed below
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [_chroma_executable(), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data / "db")],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()
    assert proc.returncode is not None  # stopped


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
