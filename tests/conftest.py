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
"""

from __future__ import annotations

import pytest

from corpus.settings import Settings, load_settings


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
