"""Shared fixtures: one embedding model and one index of the bundled corpus per test session.

- ``embedder``: the configured embedding model (EmbeddingGemma-300M by default), loaded lazily, once.
  Its cache is the shared ``~/.cache/kehoach/embeddings.sqlite`` (Settings.cache_dir is not
  overridden), so chunks embedded by an earlier run are not embedded again.
- ``built_settings``: Settings of a temporary data directory (KEHOACH_HOME) holding a built index of
  the bundled corpus, on the local Chroma store (KEHOACH_CHROMA_URL and KEHOACH_CORPUS_DIR are
  ignored here). Treat it as read-only: a test that ingests or removes documents builds its own
  data directory (see ``fresh_settings``).
- ``index``: ``index.retrieve.Index(built_settings)``, loaded once.
- ``fresh_settings``: Settings of an empty data directory for one test.
- ``chroma_url``: the URL of a `chroma run` server started for the session (tests marked ``server``).
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

from corpus.settings import Settings, load_settings


def numbered_tables(indicators: list, documents: list) -> list[tuple[object, list]]:
    """(document, its rows) for the tables whose rows carry one numbering ("1", "2", … unique, at least ten): the
    tables a question can name a row of by its number alone."""
    out = []
    for doc in documents:
        rows = [i for i in indicators if i.doc_id == doc.doc_id and i.code.isdigit()]
        codes = [i.code for i in rows]
        if len(rows) >= 10 and len(set(codes)) == len(codes):
            out.append((doc, rows))
    return out


def settings_for(home, **overrides) -> Settings:
    """Settings of a data directory: local vector store and bundled corpus unless overridden;
    the model and the embedding cache are the shared defaults."""
    return load_settings(home=home, **{"chroma_url": "", "corpus_dir": "", **overrides})


@pytest.fixture(scope="session")
def embedder():
    from index.embeddings import Embedder

    return Embedder(settings_for(None), progress=False)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory, embedder) -> Settings:
    from index.build import ensure_index

    settings = settings_for(tmp_path_factory.mktemp("kehoach-home"))
    ensure_index(settings, embedder, progress=False)
    return settings


@pytest.fixture(scope="session")
def index(built_settings, embedder):
    from index.retrieve import Index

    return Index(built_settings, embedder=embedder, progress=False)


@pytest.fixture
def fresh_settings(tmp_path) -> Settings:
    return settings_for(tmp_path / "home")


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


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory):
    """A `chroma run` server (installed with chromadb next to this Python) on a free loopback port with a
    temporary persistence path, for the whole session; stopped at the end."""
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
