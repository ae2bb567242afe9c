"""Sentence-transformers embeddings with a content-hash cache (an unchanged chunk is embedded once)."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from corpus.settings import Settings
from index import model_fetch

DEFAULT_MODEL = "embeddinggemma"
BATCH = 16
# what computes the vectors (Settings.embed_backend): each gives different vectors, so a store records its own
# (int8 dynamic quantisation was measured and left out: no faster here, cosine to fp32 0.90-0.94; see README)
BACKENDS = ("torch", "torch-bf16")
# the default setting: the backend of the store being opened, else the fastest one this CPU runs natively
AUTO = "auto"
# CPU flags (Linux /proc/cpuinfo) of native bfloat16 arithmetic; without them bf16 is emulated and slower than fp32
BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16"})
log = logging.getLogger(__name__)


def resolve_model(settings: Settings, progress: bool = True) -> str:
    """Path or name of the embedding model; fetches the offline default on first use."""
    if settings.embed_model != DEFAULT_MODEL:
        return settings.embed_model
    if not model_fetch.is_ready("embedder", settings.models_dir):
        model_fetch.fetch("embedder", settings.models_dir, progress=progress)
    return str(model_fetch.model_path("embedder", settings.models_dir))


def _corrupt(exc: Exception) -> bool:
    """A damaged cache file (not a lock or a read-only disk, which pass)."""
    text = str(exc).lower()
    return not isinstance(exc, sqlite3.OperationalError) or "malformed" in text or "not a database" in text


class EmbeddingCache:
    """sqlite table of vectors keyed by sha256(model, role, text).

    The cache only saves work: a corrupt cache file (``database disk image is malformed``) is renamed
    aside (``embeddings.sqlite.corrupt-<time>``) and a new empty one is created, never fatal."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self.quarantined: list[Path] = []
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            if not _corrupt(exc):
                raise
            self._quarantine(exc)

    def _open(self) -> None:
        self.db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        try:
            self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, data BLOB)")
            self.db.commit()
            self.db.execute("SELECT key FROM vectors LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            self.db.close()
            raise

    def _quarantine(self, exc: Exception) -> None:
        """Move the corrupt file aside and start an empty cache (vectors are recomputed as needed)."""
        try:
            self.db.close()
        except Exception:  # already closed or never opened
            pass
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}")
        for suffix in ("", "-journal", "-wal", "-shm"):
            src = Path(str(self.path) + suffix)
            if src.exists():
                try:
                    os.replace(src, Path(str(aside) + suffix))
                except OSError:
                    src.unlink(missing_ok=True)
        self.quarantined.append(aside)
        log.warning("embedding cache %s is corrupt (%s); moved aside to %s and recreated", self.path, exc, aside)
        self._open()

    def check(self) -> str:
        """'' if the cache passes sqlite's integrity check, else the problem."""
        with self._lock:
            try:
                rows = self.db.execute("PRAGMA quick_check").fetchall()
            except sqlite3.DatabaseError as exc:
                return str(exc)
        result = "; ".join(str(r[0]) for r in rows)
        return "" if result == "ok" else result

    def repair(self) -> Path | None:
        """Quarantine and recreate the cache if it fails its integrity check; the file moved aside."""
        problem = self.check()
        if not problem:
            return None
        with self._lock:
            self._quarantine(sqlite3.DatabaseError(problem))
        return self.quarantined[-1]

    @staticmethod
    def key(model_id: str, role: str, text: str) -> str:
        # surrogatepass: any Python string has a key, lone surrogates included
        return hashlib.sha256(f"{model_id}\x00{role}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        with self._lock:
            try:
                for start in range(0, len(keys), 500):
                    part = keys[start : start + 500]
                    q = f"SELECT key, data FROM vectors WHERE key IN ({','.join('?' * len(part))})"
                    for key, data in self.db.execute(q, part):
                        out[key] = np.frombuffer(data, dtype=np.float32)
            except sqlite3.DatabaseError as exc:
                if _corrupt(exc):
                    self._quarantine(exc)
                else:
                    log.warning("embedding cache not read: %s", exc)
                return {}
        return out

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        rows = [(k, int(v.shape[0]), v.astype(np.float32).tobytes()) for k, v in items.items()]
        with self._lock:
            try:
                self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                self.db.commit()
            except sqlite3.DatabaseError as exc:
                if not _corrupt(exc):  # locked or read-only: the vectors are simply not kept
                    log.warning("embedding cache not written: %s", exc)
                    return
                self._quarantine(exc)
                self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                self.db.commit()


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The CPU's feature flags as Linux reports them (empty where there is no /proc/cpuinfo)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return frozenset(value.split())
    return frozenset()


def auto_backend(flags: frozenset[str] | set[str] | None = None) -> str:
    """The backend `auto` picks for a new store: bfloat16 where the CPU computes it natively, else fp32."""
    flags = cpu_flags() if flags is None else flags
    return "torch-bf16" if BF16_FLAGS & set(flags) else "torch"


def pinned(settings: Settings) -> bool:
    """Whether the settings name a backend (KEHOACH_EMBED_BACKEND): a store built by another one is refused.
    `auto` (the default) is not pinned: it follows the store it opens."""
    return (settings.embed_backend or AUTO) != AUTO


def backend_of(settings: Settings, stored: str | None = None) -> str:
    """The embedding backend these settings use: the one they name; for `auto`, the backend that built the
    store (`stored`, when it is one this code computes), else auto_backend(). An unknown name is refused
    (Vietnamese message)."""
    backend = settings.embed_backend or AUTO
    if backend == AUTO:
        return stored if stored in BACKENDS else auto_backend()
    if backend not in BACKENDS:
        raise ValueError(f"KEHOACH_EMBED_BACKEND «{backend}» không hợp lệ; chọn một trong: "
                         f"{', '.join((AUTO, *BACKENDS))}.")
    return backend


def convert(model: Any, backend: str) -> Any:
    """The loaded fp32 SentenceTransformer made into the given backend's model (torch-bf16: every weight in
    bfloat16, in place)."""
    if backend == "torch-bf16":
        import torch

        return model.to(torch.bfloat16)
    return model


class Embedder:
    """Query and document embeddings from one sentence-transformers model, loaded lazily."""

    backend = "torch"  # what computes the vectors (an instance takes its settings'); another backend's store is refused

    def __init__(self, settings: Settings, progress: bool = True):
        self.settings = settings
        self.progress = progress
        self.backend = backend_of(settings)
        # a backend named in the settings is kept; `auto` takes the backend of the store it is used with (adopt)
        self.pinned = pinned(settings)
        self.model_ref = resolve_model(settings, progress)
        self.model_id = Path(self.model_ref).name if os.path.isdir(self.model_ref) else self.model_ref
        self.cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
        self._model: Any = None
        self._lock = threading.Lock()
        self.stats = {"embedded": 0, "cached": 0}
        self._recent: dict[str, np.ndarray] = {}

    @staticmethod
    def id_for(settings: Settings) -> str:
        """The model id an Embedder of these settings has (without fetching the model)."""
        if settings.embed_model != DEFAULT_MODEL:
            ref = settings.embed_model
            return Path(ref).name if os.path.isdir(ref) else ref
        return model_fetch.model_path("embedder", settings.models_dir).name

    @staticmethod
    def backend_for(settings: Settings, stored: str | None = None) -> str:
        """The backend an Embedder of these settings uses with a store built by `stored` (without loading
        the model)."""
        return backend_of(settings, stored)

    @property
    def cache_id(self) -> str:
        """The model's name in cache keys: fp32 keeps the keys it always had; another backend's vectors are
        kept apart."""
        return self.model_id if self.backend == "torch" else f"{self.model_id}@{self.backend}"

    def adopt(self, stored: str | None, where: str = "") -> str:
        """Use the backend that built a store (`stored`, from its generation.json) unless the settings name
        one: documents and queries of a store share a backend. Returns the backend in use; a pinned backend
        that differs stays, and the store refuses it."""
        if self.pinned or stored not in BACKENDS or stored == self.backend:
            return self.backend
        with self._lock:
            log.info("embedding backend %s: the one that built %s (auto would pick %s for a new store)",
                     stored, where or "the store", self.backend)
            self.backend = stored
            self._model = None  # loaded for another backend (bf16 weights do not go back to fp32): load again
            self._recent.clear()
        return self.backend

    @property
    def loaded(self) -> bool:
        """Whether the model was loaded (it is not when every text was found in the cache)."""
        return self._model is not None

    @property
    def model(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                from sentence_transformers import SentenceTransformer

                if self.settings.embed_threads > 0:
                    import torch

                    torch.set_num_threads(self.settings.embed_threads)
                self._model = convert(SentenceTransformer(self.model_ref, device="cpu"), self.backend)
            return self._model

    def _encode(self, texts: list[str], role: str) -> np.ndarray:
        model = self.model
        # the longest bundled chunk is 441 tokens with the prompt (p99.9 429): 512 cuts none of them, and
        # batches are padded to their longest text, not to this bound
        model.max_seq_length = min(model.max_seq_length or 512, 512)
        fn = getattr(model, "encode_query" if role == "query" else "encode_document", None)
        kwargs = {"batch_size": BATCH, "normalize_embeddings": True, "show_progress_bar": False,
                  "convert_to_tensor": True}
        if fn is None:  # an older model without prompts
            fn = model.encode
        vecs = fn(texts, **kwargs).float().numpy().astype(np.float32)
        if self.backend != "torch":  # normalised in bfloat16: unit length again in fp32
            vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs

    def embed(self, texts: list[str], role: str = "document", on_batch: Any = None) -> np.ndarray:
        """Embeddings for texts (cached by content); on_batch(n_done) reports progress."""
        keys = [EmbeddingCache.key(self.cache_id, role, t) for t in texts]
        found = self.cache.get_many(keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        missing.sort(key=lambda i: len(texts[i]))  # similar lengths per batch: less padding
        self.stats["cached"] += len(texts) - len(missing)
        for start in range(0, len(missing), BATCH):
            idx = missing[start : start + BATCH]
            vecs = self._encode([texts[i] for i in idx], role)
            self.cache.put_many({keys[i]: v for i, v in zip(idx, vecs, strict=True)})
            found.update({keys[i]: v for i, v in zip(idx, vecs, strict=True)})
            self.stats["embedded"] += len(idx)
            if on_batch:
                on_batch(len(idx))
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """One query embedding; recent queries are kept in memory (a question searches several times)."""
        hit = self._recent.get(text)
        if hit is None:
            hit = self.embed([text], role="query")[0]
            self._recent[text] = hit
            if len(self._recent) > 256:
                self._recent.pop(next(iter(self._recent)))
        return hit


def llama_embedding(embedder: Embedder) -> Any:
    """The same embedder as a llama-index BaseEmbedding (for the naive baseline pipeline)."""
    from llama_index.core.embeddings import BaseEmbedding

    class _Adapter(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return embedder.embed_query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(texts).tolist()

    return _Adapter(model_name=embedder.model_id, embed_batch_size=BATCH)
