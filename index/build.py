"""Ingest and remove documents: each change builds a new index generation aside, then swaps it in."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from corpus.bundled import bundled_paths
from corpus.parse import PARSER_VERSION, doc_id_for, file_hash, parse_file
from corpus.readers import CorpusError
from corpus.records import Document
from corpus.settings import Settings
from index import integrity, store, vectors
from index.chunking import chunk_document
from index.embeddings import Embedder, EmbeddingCache
from index.lexical import LexicalIndex, tokenize
from index.parse_worker import read_document

GEN_PREFIX = "gen-"
# version of what a generation holds (chunk texts and metadata, tokenization); a generation of an
# older format is rebuilt from its own stored documents the next time the index is opened
FORMAT = 3  # 3: BM25 kept as term counts (index.lexical), vectors in layers
KEEP_GENERATIONS = 2  # the current one and the last good one before it
log = logging.getLogger(__name__)


class IndexUnavailable(RuntimeError):
    """The index cannot be used; the message is Vietnamese and shown to users."""


class IngestCancelled(Exception):
    """An ingest stopped on request (the app's cancel button) before its generation was swapped in: the index
    and the kept files are as they were before it started."""

    def __init__(self, message: str = "Đã hủy nạp tệp theo yêu cầu; kho văn bản giữ nguyên như trước."):
        super().__init__(message)


def _checkpoint(cancel: threading.Event | None) -> Callable[[], None]:
    """A function that raises IngestCancelled once `cancel` is set (called at safe points of an ingest)."""

    def check() -> None:
        if cancel is not None and cancel.is_set():
            raise IngestCancelled()

    return check


def _checked(on_progress: Callable[[float, str], None] | None, check: Callable[[], None]
             ) -> Callable[[float, str], None]:
    """on_progress that first checks for a cancel (progress is reported between embedding batches)."""

    def report(frac: float, message: str) -> None:
        check()
        if on_progress is not None:
            on_progress(frac, message)

    return report


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"file", "reason", "code"}
    # a file whose name gives the id of an existing document becomes a new document with a suffixed id
    renamed: list[dict] = field(default_factory=list)  # {"file", "doc_id", "collides_with"}
    recovered: list[str] = field(default_factory=list)  # documents read back from kept source files
    fault: str = ""  # why the current generation was not built upon (Vietnamese), if it was not
    generation: str | None = None
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def index_dir(settings: Settings) -> Path:
    return settings.home / "index"


@contextmanager
def build_lock(settings: Settings) -> Iterator[None]:
    """One build at a time per data directory."""
    index_dir(settings).mkdir(parents=True, exist_ok=True)
    with open(index_dir(settings) / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _complete(gen_dir: Path) -> bool:
    return (gen_dir / "generation.json").exists() and (gen_dir / "records.sqlite").exists()


def generations(settings: Settings) -> list[Path]:
    """Complete generations, newest first."""
    root = index_dir(settings)
    if not root.exists():
        return []
    gens = [p for p in root.iterdir() if p.is_dir() and p.name.startswith(GEN_PREFIX) and _complete(p)]
    return sorted(gens, key=lambda p: p.name, reverse=True)


def pointer_name(settings: Settings) -> str | None:
    """The generation name CURRENT holds (it may name a generation that is gone)."""
    pointer = index_dir(settings) / "CURRENT"
    try:
        return pointer.read_text().strip() or None
    except OSError:
        return None


def current_generation(settings: Settings) -> Path | None:
    """The generation CURRENT names, or the newest complete one if CURRENT is missing or broken."""
    pointer = index_dir(settings) / "CURRENT"
    if pointer.exists():
        gen = index_dir(settings) / pointer.read_text().strip()
        if gen.is_dir() and _complete(gen):
            return gen
    gens = generations(settings)
    return gens[0] if gens else None


def generation_info(gen_dir: Path) -> dict:
    return json.loads((gen_dir / "generation.json").read_text())


def _swap(settings: Settings, gen_dir: Path) -> None:
    pointer = index_dir(settings) / "CURRENT"
    tmp = pointer.with_suffix(".tmp")
    tmp.write_text(gen_dir.name)
    os.replace(tmp, pointer)


def server_collections(info: dict) -> set[str]:
    """The collections a generation built on a Chroma server reads there: its own and its layers'."""
    if not info.get("chroma_url"):
        return set()
    return {info["collection"], *(layer["collection"] for layer in info.get("layers", []) if "path" not in layer)}


DROPPING = "tmp-drop-"  # a generation being removed (renamed first: never loaded or built upon again)


def _drop_generation(gen: Path) -> None:
    """Remove a generation; on a Chroma server, also the collections it reads that no other generation of this
    data directory reads (server layers are shared by the generations built upon them). A server generation is
    renamed out of the generations first, so a kill while its collections go leaves debris (dropped on the next
    start), never a generation naming a collection that is gone."""
    try:
        info = generation_info(gen)
    except (OSError, ValueError):
        info = {}
    if info.get("chroma_url"):
        doomed = gen.parent / f"{DROPPING}{gen.name}"
        try:
            os.replace(gen, doomed)
        except OSError:
            return
        _drop_server_collections(doomed, info)
        gen = doomed
    shutil.rmtree(gen, ignore_errors=True)


def _drop_server_collections(path: Path, info: dict) -> None:
    """Drop the server collections of `info` (the generation at `path`) that no generation beside it names."""
    wanted: set[str] = set()
    for other in path.parent.iterdir():
        if other != path and other.is_dir() and other.name.startswith(GEN_PREFIX):
            try:
                wanted |= server_collections(generation_info(other))
            except (OSError, ValueError):  # an unreadable generation names nothing
                continue
    for collection in sorted(server_collections(info) - wanted):
        vectors.drop_collection(info["chroma_url"], None, collection)


def _drop_tmp(settings: Settings, path: Path) -> None:
    """Remove a directory built aside (tmp-*) and, on a Chroma server, the collections that build created
    there (named after it: never read by a generation that was swapped in), or those of a generation whose
    removal was interrupted (tmp-drop-*) that no generation names."""
    if path.name.startswith(DROPPING) and path.parent == index_dir(settings):
        try:
            _drop_server_collections(path, generation_info(path))
        except (OSError, ValueError):
            pass
        shutil.rmtree(path, ignore_errors=True)
        return
    shutil.rmtree(path, ignore_errors=True)
    name = path.name.removeprefix("tmp-")
    if settings.chroma_url and path.parent == index_dir(settings) and name.startswith(GEN_PREFIX):
        for collection in (f"kehoach-{name}", f"kehoach-{name}{MERGED_SUFFIX}"):
            vectors.drop_collection(settings.chroma_url, None, collection)


def _cleanup(settings: Settings, base: Path | None = None) -> None:
    """After a swap: drop half-built directories, corrupt generations and generations older than
    the last verified one before the current one. `base`, the generation this change was built upon, had its
    records verified at the start, under the same build lock: only its other files are hashed again (a
    records file grows with the store)."""
    root = index_dir(settings)
    for p in root.iterdir():
        if p.is_dir() and p.name.startswith("tmp-"):
            _drop_tmp(settings, p)
    current = current_generation(settings)
    keep = {current} if current else set()
    for g in generations(settings):
        files = tuple(f for f in integrity.CHECKED_FILES if f != "records.sqlite") if g == base else \
            integrity.CHECKED_FILES
        if g != current and not integrity.check_generation(g, files):
            keep.add(g)  # the fallback
            break
    for p in root.iterdir():
        if p.is_dir() and p.name.startswith(GEN_PREFIX) and p not in keep:
            _drop_generation(p)
    _collect_layers(settings)


def load_documents(gen_dir: Path | None) -> list[Document]:
    if gen_dir is None:
        return []
    db = store.open_readonly(gen_dir / "records.sqlite")
    try:
        return store.documents(db)
    finally:
        db.close()


def _new_name() -> str:
    return f"{GEN_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"


def _embed_nodes(nodes: list, embedder: Embedder, progress: bool,
                 report: Callable[[float, str], None]) -> None:
    """Embeddings for the nodes (from the cache where held), with a progress bar over chunks."""
    texts = [n.text for n in nodes]
    bar = tqdm(total=len(texts), desc="Đoạn (vector)", unit="đoạn", disable=not progress or not texts)
    done = [0]

    def tick(n: int) -> None:
        bar.update(n)
        done[0] += n
        report(0.1 + 0.8 * done[0] / max(1, len(texts)), f"Đang tính vector {done[0]}/{len(texts)}")

    vecs = embedder.embed(texts, role="document", on_batch=tick)
    bar.update(len(texts) - bar.n)
    bar.close()
    for node, vec in zip(nodes, vecs, strict=True):
        node.embedding = vec.tolist()


def _write_info(tmp: Path, name: str, docs: list[Document], settings: Settings, embedder: Embedder,
                collection: str, n_chunks: int, timings: dict[str, float], extra: dict | None = None) -> None:
    info = {**(extra or {}), "name": name, "format": FORMAT, "parser": PARSER_VERSION, "created": time.time(), "collection": collection,
            "chroma_url": settings.chroma_url, "model_id": embedder.model_id, "embed_backend": embedder_backend(embedder),
            "n_chunks": n_chunks, "doc_ids": [d.doc_id for d in docs],
            "sources": {d.doc_id: {"file": os.path.basename(d.source_path) if d.source_path else "",
                                   "hash": d.content_hash} for d in docs},  # (not Path: 10 ms at 400 documents)
            "timings": {k: round(v, 4) for k, v in timings.items()},
            "checksums": integrity.store_checksums(tmp)}
    # compact: an indented dump runs json's pure-Python encoder, ≈ 8 ms per ingest at 1,000 documents (every
    # document's id and source are listed), against ≈ 1 ms for the C one
    (tmp / "generation.json").write_text(json.dumps(info, ensure_ascii=False, separators=(",", ":")))


def vector_mismatch(info: dict, model_id: str, backend: str) -> str:
    """Why vectors of a generation cannot be queried with this model and backend (Vietnamese; '' if they can)."""
    built = (info.get("model_id"), info.get("embed_backend", "torch"))
    if built == (model_id, backend) or not info.get("model_id"):
        return ""
    return (f"Chỉ mục {info.get('name', '')} được tính vector bằng mô hình «{built[0]}» ({built[1]}), khác cấu hình "
            f"hiện tại «{model_id}» ({backend}); không trộn hai loại vector. Hãy chạy «kehoach doctor --repair» "
            "để tính lại vector cho toàn bộ văn bản.")


def embedder_backend(embedder: Embedder) -> str:
    """The backend that computes the vectors (documents and queries must share it)."""
    return getattr(embedder, "backend", "torch")


def stored_backend(info: dict) -> str | None:
    """The embedding backend that built a generation's vectors (None when it records no model)."""
    return info.get("embed_backend", "torch") if info.get("model_id") else None


def store_embedder(gen: Path | None, settings: Settings, embedder: Embedder | None, progress: bool,
                   refuse: bool = True) -> Embedder:
    """The embedder to change the store `gen` with: it takes the backend that built the store unless the
    settings name another one (Embedder.adopt); that one is refused (IndexUnavailable, Vietnamese) rather
    than re-embedding every document in it, unless `refuse` is off (a rebuild: `kehoach doctor --repair`
    re-embeds on purpose)."""
    embedder = embedder or Embedder(settings, progress)
    if gen is None:
        return embedder
    info = generation_info(gen)
    stored = stored_backend(info)
    adopt = getattr(embedder, "adopt", None)
    if adopt is not None:
        adopt(stored, gen.name)
    if refuse and stored is not None and stored != embedder_backend(embedder) and getattr(embedder, "pinned", False):
        raise IndexUnavailable(vector_mismatch(info, info.get("model_id", ""), embedder_backend(embedder)))
    return embedder


def load_stubs(gen_dir: Path) -> list[Document]:
    """The documents of a generation with their manifest fields only."""
    db = store.open_readonly(gen_dir / "records.sqlite")
    try:
        return store.document_stubs(db)
    finally:
        db.close()


def build_generation(
    docs: list[Document],
    settings: Settings,
    embedder: Embedder,
    progress: bool = True,
    on_progress: Callable[[float, str], None] | None = None,
) -> Path:
    """Write a complete new generation for docs into a temporary directory, then rename it."""
    name = _new_name()
    tmp = index_dir(settings) / f"tmp-{name}"
    tmp.mkdir(parents=True)
    try:
        return _build_into(tmp, name, docs, settings, embedder, progress, on_progress)
    except BaseException:  # a cancel, Ctrl-C or failure: no half-built directory stays behind
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _build_into(tmp: Path, name: str, docs: list[Document], settings: Settings, embedder: Embedder, progress: bool,
                on_progress: Callable[[float, str], None] | None) -> Path:
    report = on_progress or (lambda frac, msg: None)
    t0 = time.perf_counter()
    db = store.connect(tmp / "records.sqlite")
    nodes = []
    for doc in docs:
        doc_nodes = chunk_document(doc)
        store.save_document(db, doc, [(n.id_, n.metadata["kind"], n.text, n.metadata) for n in doc_nodes])
        nodes.extend(doc_nodes)
    db.commit()
    db.close()
    t1 = time.perf_counter()
    report(0.1, "Đã đọc văn bản, đang tính vector…")
    _embed_nodes(nodes, embedder, progress, report)
    t2 = time.perf_counter()
    collection = f"kehoach-{name}"
    local = None if settings.chroma_url else tmp / "chroma"
    vstore = vectors.open_store(settings.chroma_url, local, collection, create=True)
    vectors.add_nodes(vstore, nodes)
    if local is not None:
        vectors.close(vstore)
    t3 = time.perf_counter()
    report(0.95, "Đang lập chỉ mục từ khóa…")
    lexical = LexicalIndex([n.id_ for n in nodes], [n.text for n in nodes])
    lexical.save(tmp / "lexical.pkl")
    t4 = time.perf_counter()
    _write_info(tmp, name, docs, settings, embedder, collection, len(nodes),
                {"records": t1 - t0, "embed": t2 - t1, "vectors": t3 - t2, "lexical": t4 - t3, "full": 1},
                {"n_delta": len(nodes)})
    final = index_dir(settings) / name
    os.replace(tmp, final)
    integrity.renamed(tmp, final)
    return final


class BaseUnusable(RuntimeError):
    """The generation to build upon cannot be extended (its vector store is damaged): build in full."""


# Vectors of a local store live in layers: every generation has its own small Chroma store (`chroma`,
# the delta: the vectors written since the last promotion, copied and changed by each ingest) and names
# read-only layers under index/layers (former deltas, shared by generations, never written again). When
# a delta reaches PROMOTE_VECTORS it becomes a layer and the next generation starts an empty one, so an
# ingest copies and opens at most that many vectors whatever the size of the store. A chunk whose
# document changed after its layer was written is listed in the generation's `dead` map (chunk id ->
# number of layers it is dead in, from the oldest): queries skip it there. Too many layers or dead
# vectors and the next change builds the whole generation again (one delta, promoted at the next change).
#
# On a Chroma server the same scheme needs no copy at all: collections there are shared by the generations of a
# data directory, so each change writes its new vectors into a new collection of its own (the generation's
# delta) and the base's delta becomes a layer as it is, by name. The small layers this leaves are merged, live
# vectors only, into one new collection once there are more than SERVER_SMALL_LAYERS of them (at most that many
# small collections copied, whatever the size of the store); a collection is dropped when no generation names it.
PROMOTE_VECTORS = 1000
MAX_LAYERS = 24
SERVER_SMALL_LAYERS = 8
MERGED_SUFFIX = "-merged"
LAYERS = "layers"


def layers_dir(settings: Settings) -> Path:
    return index_dir(settings) / LAYERS


def layer_paths(gen: Path, info: dict | None = None) -> list[Path]:
    """The directories of a generation's local layers (a layer on a Chroma server has none)."""
    info = info if info is not None else generation_info(gen)
    return [gen.parent / layer["path"] for layer in info.get("layers", []) if "path" in layer]


def vector_stores(gen: Path, info: dict | None = None) -> tuple[object, list[tuple[object, int]]]:
    """The generation's own vector store and its layers, each with how many of its vectors are dead."""
    info = info if info is not None else generation_info(gen)
    local = None if info.get("chroma_url") else gen / "chroma"
    delta = vectors.open_store(info.get("chroma_url", ""), local, info["collection"])
    dead = info.get("dead", {})
    layers = []
    for i, layer in enumerate(info.get("layers", [])):
        n_dead = sum(1 for n in dead.values() if n > i)
        if "path" in layer:
            layers.append((vectors.open_store("", gen.parent / layer["path"], layer["collection"]), n_dead))
        else:  # a layer on the generation's Chroma server
            layers.append((vectors.open_store(info["chroma_url"], None, layer["collection"]), n_dead))
    return delta, layers


def vectors_problem(gen: Path, info: dict | None = None) -> str:
    """'' if the generation's vector stores open, hold the vectors recorded and answer a query."""
    try:
        info = info if info is not None else generation_info(gen)
        delta, layers = vector_stores(gen, info)
        wanted = [info.get("n_delta", info.get("n_chunks"))] + [layer["count"] for layer in info.get("layers", [])]
        for store, n in zip([delta] + [s for s, _ in layers], wanted, strict=True):
            count = store._collection.count()
            if n is not None and count != n:
                return f"kho vector có {count} đoạn, cần {n}"
            if count:
                probe = store._collection.get(limit=1, include=["embeddings"])
                store._collection.query(query_embeddings=[list(probe["embeddings"][0])], n_results=1)
    except Exception as exc:  # any failure to open or query is a corrupt store
        return f"kho vector lỗi ({exc.__class__.__name__}: {str(exc)[:120]})"
    return ""


def can_extend(base: Path | None, settings: Settings, embedder: Embedder) -> bool:
    """Whether a new generation can be built from `base` by changing only some documents: a verified
    generation of the current format, parser, model and embedding backend, on the vector store the settings
    name (local, or the same Chroma server), whose layers are all there and not too many nor too dead."""
    if base is None or _outdated(base):
        return False
    try:
        info = generation_info(base)
    except (OSError, ValueError):
        return False
    if info.get("chroma_url", "") != settings.chroma_url or not settings.chroma_url and not (base / "chroma").is_dir():
        return False
    layers = info.get("layers", [])
    layered = sum(layer["count"] for layer in layers)
    if len(layers) >= MAX_LAYERS or len(info.get("dead", {})) > max(PROMOTE_VECTORS, layered // 4):
        return False
    if not all(p.is_dir() for p in layer_paths(base, info)):
        return False
    return info.get("model_id") == embedder.model_id and info.get("embed_backend", "torch") == embedder_backend(embedder)


def _probe(store: object, expected: int | None) -> None:
    count = store._collection.count()
    if expected is not None and count != expected:
        raise ValueError(f"{count} vectors, {expected} recorded")
    if count:
        probe = store._collection.get(limit=1, include=["embeddings"])
        store._collection.query(query_embeddings=[list(probe["embeddings"][0])], n_results=1)


def extend_generation(
    base: Path,
    docs: list[Document],
    changed: set[str],
    settings: Settings,
    embedder: Embedder,
    progress: bool = True,
    on_progress: Callable[[float, str], None] | None = None,
) -> Path:
    """A new generation made from `base` by replacing the documents in `changed` (those of `docs` are
    written again, the others are removed): the base's records are copied aside and only the changed
    documents' rows are deleted and added; their vectors are deleted from (or marked dead under) the
    base's delta store and the new ones added to a copy of it (or, once it is full, to a new empty
    delta while the old one becomes a read-only layer; on a Chroma server always the latter, with no copy:
    see _server_vectors); BM25 drops and appends only their rows. Swapped in like a full build. `docs` is every document of the new generation (untouched ones may be stubs:
    only their ids and sources are read). Nothing here reads or copies every chunk, vector or posting
    except as flat arrays and files."""
    name = _new_name()
    tmp = index_dir(settings) / f"tmp-{name}"
    tmp.mkdir(parents=True)
    report = on_progress or (lambda frac, msg: None)
    info = generation_info(base)
    layers = [dict(layer) for layer in info.get("layers", [])]
    dead = dict(info.get("dead", {}))
    n_delta = info.get("n_delta", info.get("n_chunks"))
    server = settings.chroma_url
    promote = bool(server) or (n_delta or 0) >= PROMOTE_VECTORS
    t0 = time.perf_counter()
    shutil.copyfile(base / "records.sqlite", tmp / "records.sqlite")
    layer_tmp = layers_dir(settings) / f"tmp-{name}"
    if server:  # nothing of the base's vectors is copied (see _server_vectors)
        pass
    elif promote:  # the base's delta becomes a layer (a copy: the base generation keeps its own)
        layers_dir(settings).mkdir(parents=True, exist_ok=True)
        shutil.copytree(base / "chroma", layer_tmp)
    else:
        shutil.copytree(base / "chroma", tmp / "chroma")
    t_copy = time.perf_counter()
    db = store.connect(tmp / "records.sqlite")
    gone = store.delete_documents(db, changed)
    nodes = []
    for doc in docs:
        if doc.doc_id in changed:
            doc_nodes = chunk_document(doc)
            store.save_document(db, doc, [(n.id_, n.metadata["kind"], n.text, n.metadata) for n in doc_nodes])
            nodes.extend(doc_nodes)
    db.commit()
    n_chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    db.close()
    t1 = time.perf_counter()
    report(0.1, "Đã đọc văn bản, đang tính vector…")
    _embed_nodes(nodes, embedder, progress, report)
    t2 = time.perf_counter()
    if server:
        try:
            collection, delta_count, layers, dead = _server_vectors(server, name, info, nodes, gone, layers, dead,
                                                                    embedder)
        except BaseUnusable:
            _drop_tmp(settings, tmp)
            raise
        return _finish_extension(tmp, name, base, docs, settings, embedder, collection, n_chunks, nodes, gone,
                                 {"copy": t_copy - t0, "records": t1 - t_copy, "embed": t2 - t1,
                                  "vectors": time.perf_counter() - t2},
                                 {"n_delta": delta_count, "layers": layers, "dead": dead, "promoted": True}, report)
    try:  # the base's vector store must be sound to build upon (its records may verify while it does not)
        old_delta = vectors.open_store("", layer_tmp if promote else tmp / "chroma", info["collection"])
        _probe(old_delta, n_delta)
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(layer_tmp, ignore_errors=True)
        raise BaseUnusable(f"vector store of {base.name}: {exc.__class__.__name__}: {exc}") from exc
    if promote:
        vectors.close(old_delta)
        layer_name = f"layer-{name.removeprefix(GEN_PREFIX)}"
        os.replace(layer_tmp, layers_dir(settings) / layer_name)
        layers.append({"path": f"{LAYERS}/{layer_name}", "collection": info["collection"], "count": n_delta})
        collection = f"kehoach-{name}"
        vstore = vectors.open_store("", tmp / "chroma", collection, create=True)
        in_delta: set[str] = set()
    else:
        collection = info["collection"]
        vstore = old_delta
        in_delta = set(vectors.present_ids(vstore, gone)) if gone else set()
        if in_delta:
            vectors.delete_ids(vstore, sorted(in_delta))
    for cid in gone:  # a vector in a layer is only marked dead (layers are never written)
        if cid not in in_delta and layers:
            dead[cid] = len(layers)
    vectors.add_nodes(vstore, nodes)
    delta_count = vstore._collection.count()
    vectors.close(vstore)
    t3 = time.perf_counter()
    return _finish_extension(tmp, name, base, docs, settings, embedder, collection, n_chunks, nodes, gone,
                             {"copy": t_copy - t0, "records": t1 - t_copy, "embed": t2 - t1, "vectors": t3 - t2},
                             {"n_delta": delta_count, "layers": layers, "dead": dead, "promoted": promote}, report)


def _finish_extension(tmp: Path, name: str, base: Path, docs: list[Document], settings: Settings, embedder: Embedder,
                      collection: str, n_chunks: int, nodes: list, gone: list[str], timings: dict[str, float],
                      extra: dict, report: Callable[[float, str], None]) -> Path:
    """The BM25 side and generation.json of an extended generation, then its rename into place."""
    t3 = time.perf_counter()
    report(0.95, "Đang lập chỉ mục từ khóa…")
    lexical = None
    if not integrity.check_generation(base, ("lexical.pkl",)):
        try:
            lexical = LexicalIndex.load(base / "lexical.pkl").changed(
                set(gone), [n.id_ for n in nodes], [tokenize(n.text) or ["_"] for n in nodes])
        except Exception as exc:  # an unreadable base index: re-index every chunk below
            log.warning("BM25 of %s not reused: %s", base.name, exc)
    if lexical is None or len(lexical.ids) != n_chunks:
        db = store.open_readonly(tmp / "records.sqlite")
        live = [(r[0], r[1]) for r in db.execute("SELECT id, text FROM chunks ORDER BY rowid")]
        db.close()
        lexical = LexicalIndex([cid for cid, _ in live], [text for _, text in live])
    lexical.save(tmp / "lexical.pkl")
    t4 = time.perf_counter()
    _write_info(tmp, name, docs, settings, embedder, collection, n_chunks,
                {**timings, "lexical": t4 - t3, "full": 0}, extra)
    final = index_dir(settings) / name
    os.replace(tmp, final)
    integrity.renamed(tmp, final)
    return final


def _server_vectors(url: str, name: str, info: dict, nodes: list, gone: list[str], layers: list[dict],
                    dead: dict[str, int], embedder: Embedder) -> tuple[str, int, list[dict], dict[str, int]]:
    """The vectors of a generation extended on a Chroma server: the base's delta becomes a layer as it is (by
    name, never written again), the chunks of changed documents are marked dead in the layers, the small layers
    are merged once there are too many, and the new vectors go into a new collection of their own. Nothing
    here reads or writes a vector of an untouched document except in that bounded merge.
    Returns (the new delta's collection, its count, layers, dead)."""
    n_delta = info.get("n_delta", info.get("n_chunks")) or 0
    try:  # the base's delta must be sound to build upon
        old = vectors.open_store(url, None, info["collection"])
        count = old._collection.count()
        if count != n_delta:
            raise ValueError(f"{count} vectors, {n_delta} recorded")
    except Exception as exc:
        raise BaseUnusable(f"vector store of {info.get('name')}: {exc.__class__.__name__}: {exc}") from exc
    if n_delta:
        layers.append({"collection": info["collection"], "count": n_delta})
    for cid in gone:
        if layers:
            dead[cid] = len(layers)
    layers, dead = _merge_small_layers(url, name, layers, dead, embedder)
    collection = f"kehoach-{name}"
    vstore = vectors.open_store(url, None, collection, create=True)
    vectors.add_nodes(vstore, nodes)
    return collection, len(nodes), layers, dead


def _merge_small_layers(url: str, name: str, layers: list[dict], dead: dict[str, int], embedder: Embedder
                        ) -> tuple[list[dict], dict[str, int]]:
    """Layers and dead map after merging trailing small layers (fewer than PROMOTE_VECTORS vectors each) into
    one new collection, live vectors only, when there are more than SERVER_SMALL_LAYERS of them. Merged are
    the newest layers from the oldest small one that is no larger than all the newer ones together (sizes then
    double from one merged layer to the next older one, as in a binary counter: a vector is copied a few times
    on its way to a large layer, not once per merge, and the number of small layers stays logarithmic). The
    vectors copied are those first written, from the embedding cache by chunk text: a server hands vectors back
    rounded to 8 digits, so its own copy (used only where the cache lacks a text) may differ in the last bit."""
    first = len(layers)
    while first > 0 and layers[first - 1]["count"] < PROMOTE_VECTORS and "path" not in layers[first - 1]:
        first -= 1
    if len(layers) - first <= SERVER_SMALL_LAYERS:
        return layers, dead
    while first < len(layers) - 2 and layers[first]["count"] > sum(layer["count"] for layer in layers[first + 1:]):
        first += 1
    merged = f"kehoach-{name}{MERGED_SUFFIX}"
    out = vectors.open_store(url, None, merged, create=True)
    count = 0
    for i in range(first, len(layers)):
        layer = vectors.open_store(url, None, layers[i]["collection"])
        got = layer._collection.get(include=["metadatas", "documents"])
        keep = [j for j, cid in enumerate(got["ids"]) if dead.get(cid, 0) <= i]  # the live copy of each chunk
        if not keep:
            continue
        ids, texts = [got["ids"][j] for j in keep], [got["documents"][j] for j in keep]
        keys = [EmbeddingCache.key(embedder.cache_id, "document", t) for t in texts]
        cached = embedder.cache.get_many(keys)
        lacking = [cid for cid, k in zip(ids, keys, strict=True) if k not in cached]
        served = {}
        if lacking:
            back = layer._collection.get(ids=lacking, include=["embeddings"])
            served = dict(zip(back["ids"], back["embeddings"], strict=True))
        embs = [cached[k].tolist() if k in cached else list(served[cid]) for cid, k in zip(ids, keys, strict=True)]
        vectors.add_records(out, ids, embs, [got["metadatas"][j] for j in keep], texts)
        count += len(keep)
    # a chunk dead in some of the merged layers had its live copy, if any, merged: it is dead below `first` only
    dead = {cid: min(n, first) for cid, n in dead.items() if min(n, first) > 0}
    return [*layers[:first], {"collection": merged, "count": count}], dead


def _collect_layers(settings: Settings) -> list[str]:
    """Remove layers no complete generation names (and half-written ones)."""
    root = layers_dir(settings)
    if not root.is_dir():
        return []
    wanted = set()
    for gen in generations(settings):
        try:
            wanted |= {p.name for p in layer_paths(gen)}
        except (OSError, ValueError):  # an unreadable generation keeps nothing alive
            continue
    gone = []
    for p in root.iterdir():
        if p.name not in wanted:
            shutil.rmtree(p, ignore_errors=True)
            gone.append(str(p))
    return gone


def _tmp_dirs(settings: Settings) -> set[Path]:
    """Directories being built aside (tmp-*) under the index and its vector layers."""
    found: set[Path] = set()
    for root in (index_dir(settings), layers_dir(settings)):
        if root.is_dir():
            found.update(p for p in root.iterdir() if p.name.startswith("tmp-"))
    return found


def _commit(docs: dict[str, Document], settings: Settings, embedder: Embedder, report: IngestReport,
            progress: bool, on_progress: Callable[[float, str], None] | None,
            base: Path | None = None, changed: set[str] | None = None,
            check: Callable[[], None] | None = None) -> None:
    """Build the new generation and swap it in: from `base` changing only the documents in `changed` when
    it can, else in full (then documents held as stubs are read back from `base` first). `check` may raise
    (a cancel) up to the moment of the swap; a generation built but not swapped in is dropped."""
    ordered = sorted(docs.values(), key=lambda d: d.doc_id)
    gen = None
    tmp_before = _tmp_dirs(settings)
    try:
        if changed is not None and can_extend(base, settings, embedder):
            try:
                gen = extend_generation(base, ordered, changed, settings, embedder, progress, on_progress)
            except BaseUnusable as exc:
                log.warning("building in full: %s", exc)
        if gen is None:
            if base is not None and changed is not None:  # stubs of untouched documents: read them in full
                full = {d.doc_id: d for d in load_documents(base)}
                ordered = [d if d.doc_id in changed or d.doc_id not in full else full[d.doc_id] for d in ordered]
            gen = build_generation(ordered, settings, embedder, progress, on_progress)
        if check is not None:
            check()
    except BaseException:  # a cancel, Ctrl-C or failure before the swap: nothing built here stays behind
        for p in _tmp_dirs(settings) - tmp_before:
            _drop_tmp(settings, p)
        if gen is not None:
            _drop_generation(gen)
        raise
    _swap(settings, gen)
    report.generation = gen.name
    _cleanup(settings, base)


# ------------------------------------------------------------------------------ health of the index


@dataclass
class Health:
    """What the data directory holds: the generation CURRENT names, the newest verified one, problems."""

    pointer: str | None = None  # the name CURRENT holds
    base: Path | None = None  # the newest verified generation (the one to build upon)
    problems: dict[str, list[str]] = field(default_factory=dict)  # generation name -> problems
    kept_files: int = 0  # source files kept under KEHOACH_HOME/files

    @property
    def ok(self) -> bool:
        """Healthy: CURRENT names a verified generation (or nothing was ever built)."""
        if self.base is None:
            return not self.problems and not self.pointer and not self.kept_files
        return self.pointer in (None, self.base.name)

    def message(self) -> str:
        """The fault in Vietnamese ('' when healthy)."""
        if self.ok:
            return ""
        wanted = self.pointer or "(không có)"
        why = "; ".join(self.problems.get(wanted, [])) or "không còn"
        if self.base is None:
            return (f"Chỉ mục hiện tại {wanted} bị hỏng ({why}) và không có thế hệ dự phòng hợp lệ; "
                    "lần nạp tới sẽ dựng lại từ các tệp nguồn đã lưu.")
        return (f"Chỉ mục hiện tại {wanted} bị hỏng ({why}); đang dùng bản dự phòng {self.base.name}. "
                "Lần nạp tới (hoặc «kehoach doctor --repair») sẽ dựng lại từ bản dự phòng và các tệp nguồn đã lưu.")


def index_health(settings: Settings, files: tuple[str, ...] = ("records.sqlite",), to_base: bool = False) -> Health:
    """Check CURRENT's generation, then older ones, newest first, until one verifies (checksums of
    `files` match and its records open); the older ones too unless `to_base` (a change needs only the
    generation to build upon: hashing every kept generation grows with the store)."""
    h = Health(pointer=pointer_name(settings))
    root = index_dir(settings)
    candidates: list[Path] = []
    if h.pointer:
        candidates.append(root / h.pointer)
    candidates += [g for g in generations(settings) if g.name != h.pointer]
    if root.exists():  # incomplete generation directories are corrupt too (e.g. a deleted records file)
        for p in sorted(root.iterdir(), reverse=True):
            if p.is_dir() and p.name.startswith(GEN_PREFIX) and p not in candidates:
                candidates.append(p)
    for gen in candidates:
        problems = integrity.check_generation(gen, files)
        if not problems:
            try:
                store.open_readonly(gen / "records.sqlite").close()
            except sqlite3.Error as exc:
                problems = [f"records.sqlite không mở được ({exc})"]
        if problems:
            h.problems[gen.name] = problems
        elif h.base is None:
            h.base = gen
            if to_base:
                break
    if h.base is None:  # only what `ok` reads when nothing verifies (listing every kept file grows with the corpus)
        h.kept_files = len(kept_files(settings))
    return h


def kept_files(settings: Settings) -> list[Path]:
    """Source files kept under KEHOACH_HOME/files (one per document, named by its id)."""
    folder = settings.home / "files"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _manifest_for(settings: Settings, doc_id: str, old: Document | None) -> dict:
    for _path, entry in default_corpus(settings):
        if entry.get("doc_id") == doc_id:
            return entry
    return {"doc_id": doc_id, "origin": old.origin if old else None}


def _base_documents(settings: Settings, who: str, stubs: bool = False
                    ) -> tuple[dict[str, Document], Path | None, str, list[str]]:
    """The documents to build upon: those of CURRENT's generation when it verifies (only their manifest
    fields when `stubs`: an incremental build never reads untouched documents); after a fault, those
    of the newest verified generation plus every kept source file it lacks or holds in an older version
    (never an empty or partial store)."""
    h = index_health(settings, to_base=True)
    if h.ok and stubs and h.base is not None:
        return {d.doc_id: d for d in load_stubs(h.base)}, h.base, "", []
    docs = {d.doc_id: d for d in load_documents(h.base)} if h.base else {}
    if h.ok:
        return docs, h.base, "", []
    fault = h.message()
    log.warning("index fault: %s", fault)
    removed = integrity.removed_ids(settings)  # removed after the base generation was written
    for doc_id in removed & set(docs):
        docs.pop(doc_id)
    recovered = []
    for path in kept_files(settings):
        doc_id = path.stem
        if doc_id in removed:
            continue
        digest = file_hash(path)
        old = docs.get(doc_id)
        if old is not None and old.content_hash == digest:
            continue
        try:
            doc = parse_file(path, doc_id=doc_id, manifest=_manifest_for(settings, doc_id, old),
                             max_bytes=settings.max_file_bytes)
        except CorpusError as exc:
            log.warning("kept source %s could not be read back: %s", path, exc)
            continue
        doc.source_path = str(path)
        docs[doc_id] = doc
        recovered.append(doc_id)
        integrity.log_change(settings, "recover", doc_id, who, file=path.name, new_hash=digest,
                             base=h.base.name if h.base else None)
    return docs, h.base, fault, recovered


# ------------------------------------------------------------------------------ kept source files

PENDING = ".pending"  # sources of an ingest not committed yet (debris if the ingest is killed)
REPLACED = ".replaced"  # older versions of replaced documents
REMOVED = ".removed"  # sources of removed documents


def _keep_source(settings: Settings, path: Path, doc_id: str) -> str:
    """Copy an ingested file aside under the data directory (files/.pending); it becomes
    files/<doc_id><suffix>, the path returned, once the new generation is current."""
    dest_dir = settings.home / "files"
    pending = dest_dir / PENDING
    pending.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{doc_id}{path.suffix.lower()}"
    if path.resolve() != dest.resolve():
        shutil.copyfile(path, pending / dest.name)
    return str(dest)


def _move_aside(path: Path, folder: str, tag: str) -> Path:
    dest = path.parent / folder / f"{path.stem}-{tag[:12] or 'x'}{path.suffix}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, dest)
    return dest


def _finalize_sources(settings: Settings, docs: list[Document], old: dict[str, Document]) -> dict[str, str]:
    """Move committed sources from files/.pending into place; older versions of replaced documents go
    to files/.replaced. Returns doc_id -> where the old version was kept."""
    folder = settings.home / "files"
    kept: dict[str, str] = {}
    for doc in docs:
        final = Path(doc.source_path or "")
        pending = folder / PENDING / final.name
        prev = old.get(doc.doc_id)
        for other in folder.glob(f"{doc.doc_id}.*"):
            if prev is not None and other.is_file() and other.stem == doc.doc_id and pending.exists():
                kept[doc.doc_id] = str(_move_aside(other, REPLACED, prev.content_hash))
        if pending.exists():
            os.replace(pending, final)
    return kept


def _unique_id(wanted: str, docs: dict[str, Document]) -> str:
    if wanted not in docs:
        return wanted
    n = 2
    while f"{wanted}-{n}" in docs:
        n += 1
    return f"{wanted}-{n}"


def _same_content(docs: dict[str, Document], wanted: str, digest: str) -> str | None:
    """The id of a document that already holds exactly this file (the wanted id first)."""
    if not digest:
        return None
    if wanted in docs and docs[wanted].content_hash == digest:
        return wanted
    return next((d.doc_id for d in docs.values() if d.content_hash == digest), None)


def ingest(
    paths: list[Path | tuple[Path, dict]],
    settings: Settings,
    embedder: Embedder | None = None,
    progress: bool = True,
    on_progress: Callable[[float, str], None] | None = None,
    replace: str | None = None,
    who: str | None = None,
    cancel: threading.Event | None = None,
    log_fields: dict | None = None,
) -> IngestReport:
    """Add documents; a file never replaces an existing document unless `replace` names it (then exactly
    one file is given). A file whose id is taken gets a suffixed id (bao-cao-2); a file already held
    with the same content changes nothing; bad files are reported and skipped, a file that takes longer
    than KEHOACH_MAX_FILE_SECONDS to read among them.

    Setting `cancel` stops the ingest (IngestCancelled) at the next safe point before the new generation is
    swapped in; a cancel, Ctrl-C (KeyboardInterrupt) or failure before the swap leaves the index and the
    kept files as they were (this ingest's copied sources and half-built generation are removed).
    `log_fields` are added to this ingest's change-log entries."""
    started = time.time()
    report = IngestReport()
    who = who or integrity.actor("api")
    if replace is not None and len(paths) != 1:
        raise ValueError("replace needs exactly one file")
    check = _checkpoint(cancel)
    with build_lock(settings):
        pointer_before = pointer_name(settings)
        copied: list[Path] = []
        try:
            _ingest_locked(paths, settings, embedder, progress, on_progress, replace, who, report, check, copied,
                           log_fields or {})
        except BaseException:
            if pointer_name(settings) == pointer_before:  # not swapped in: nothing of this ingest may stay
                for p in copied:
                    p.unlink(missing_ok=True)
            raise  # (swapped in, then interrupted: the next start completes the pending moves)
    report.seconds = time.time() - started
    return report


def _ingest_locked(paths: list[Path | tuple[Path, dict]], settings: Settings, embedder: Embedder | None,
                   progress: bool, on_progress: Callable[[float, str], None] | None, replace: str | None, who: str,
                   report: IngestReport, check: Callable[[], None], copied: list[Path], log_fields: dict) -> None:
    """The body of ingest, under the build lock; files it copies under files/.pending go into `copied`."""
    docs, gen, report.fault, report.recovered = _base_documents(settings, who, stubs=True)
    before = dict(docs)
    changed = bool(report.fault)
    new_docs: list[Document] = []
    files = tqdm(paths, desc="Tệp", unit="tệp", disable=not progress or len(paths) < 2)
    for item in files:
        path, manifest = (item if isinstance(item, tuple) else (Path(item), None))
        path = Path(path)
        wanted = (manifest or {}).get("doc_id") or doc_id_for(path)
        check()
        try:
            digest = file_hash(path) if path.is_file() else ""
            if replace is not None and replace not in docs:
                report.errors.append({"file": str(path), "code": "unknown_doc",
                                      "reason": f"Không có văn bản «{replace}» trong kho để thay thế."})
                continue
            same = (replace if docs[replace].content_hash == digest else None) if replace else \
                _same_content(docs, wanted, digest)
            if same is not None and (gen is not None or report.fault):
                report.unchanged.append(same)
                continue
            doc_id = replace or _unique_id(wanted, docs)
            doc = read_document(path, doc_id, manifest, settings.max_file_bytes, settings.max_file_seconds, check)
        except CorpusError as exc:
            report.errors.append({"file": str(path), "reason": str(exc), "code": exc.code})
            continue
        if doc_id != wanted:
            report.renamed.append({"file": path.name, "doc_id": doc_id, "collides_with": wanted})
        doc.source_path = _keep_source(settings, path, doc_id)
        pending = settings.home / "files" / PENDING / Path(doc.source_path).name
        if pending.exists():
            copied.append(pending)
        (report.updated if doc_id in docs else report.added).append(doc_id)
        docs[doc_id] = doc
        new_docs.append(doc)
        changed = True
    if changed or gen is None and docs:
        embedder = store_embedder(gen, settings, embedder, progress, refuse=not report.fault)
        touched = None if report.fault else {d.doc_id for d in new_docs}
        check()
        _commit(docs, settings, embedder, report, progress, _checked(on_progress, check), gen, touched, check)
        old_kept = _finalize_sources(settings, new_docs, before)
        for doc_id in report.added:
            integrity.log_change(settings, "add", doc_id, who, new_hash=docs[doc_id].content_hash,
                                 generation=report.generation, **log_fields)
        for doc_id in report.updated:
            old = before[doc_id]
            integrity.log_change(settings, "replace", doc_id, who, old_hash=old.content_hash,
                                 new_hash=docs[doc_id].content_hash, old_title=old.title,
                                 old_file=old_kept.get(doc_id, ""), generation=report.generation, **log_fields)
    else:
        report.generation = gen.name if gen else None


def remove(doc_ids: list[str], settings: Settings, embedder: Embedder | None = None, progress: bool = True,
           who: str | None = None) -> IngestReport:
    """Remove documents by id (a new generation without them); each removal is logged."""
    report = IngestReport()
    who = who or integrity.actor("api")
    with build_lock(settings):
        docs, gen, report.fault, report.recovered = _base_documents(settings, who, stubs=True)
        gone = {}
        for doc_id in doc_ids:
            doc = docs.pop(doc_id, None)
            if doc is not None:
                report.removed.append(doc_id)
                gone[doc_id] = doc
            else:
                report.errors.append({"file": doc_id, "reason": f"Không có văn bản «{doc_id}» trong chỉ mục.",
                                      "code": "unknown_doc"})
        if report.removed or report.fault:
            _commit(docs, settings, store_embedder(gen, settings, embedder, progress, refuse=not report.fault),
                    report, progress, None, gen, None if report.fault else set(report.removed))
        for doc_id, doc in gone.items():
            kept = ""
            for f in (settings.home / "files").glob(f"{doc_id}.*"):
                if f.is_file() and f.stem == doc_id:
                    kept = str(_move_aside(f, REMOVED, doc.content_hash))
            integrity.log_change(settings, "remove", doc_id, who, old_hash=doc.content_hash, old_title=doc.title,
                                 old_file=kept, generation=report.generation)
    return report


def undoable(settings: Settings, doc_id: str | None = None) -> tuple[int, dict] | None:
    """The latest replace or remove (of `doc_id`, or of any document) that can be undone: its old version is
    still kept and it was neither undone already nor itself made by an undo. (index in the change log, entry)"""
    entries = integrity.changes(settings)
    undone = {e.get("undoes") for e in entries if e.get("action") == "undo"}
    for i in range(len(entries) - 1, -1, -1):
        e = entries[i]
        if (e.get("action") in {"replace", "remove"} and i not in undone and "undo_of" not in e
                and (doc_id is None or e.get("doc_id") == doc_id)
                and e.get("old_file") and Path(e["old_file"]).is_file()):
            return i, e
    return None


def undo(settings: Settings, doc_id: str | None = None, embedder: Embedder | None = None, progress: bool = True,
         who: str | None = None, cancel: threading.Event | None = None) -> tuple[dict | None, IngestReport]:
    """Bring back the version a replace or remove took away (the latest such change, or the latest of
    `doc_id`): its kept file is ingested again under the same id, replacing what is there now (which is kept
    in turn). Logged as "undo". Returns (the change undone or None when there is nothing to undo, report)."""
    who = who or integrity.actor("api")
    found = undoable(settings, doc_id)
    if found is None:
        return None, IngestReport()
    seq, entry = found
    target = entry["doc_id"]
    try:
        current = {d.doc_id for d in load_catalog(settings)}
    except Exception:  # no readable index: the old version comes back as a new document
        current = set()
    manifest = _manifest_for(settings, target, None)
    report = ingest([(Path(entry["old_file"]), {**manifest, "doc_id": target})], settings, embedder, progress,
                    replace=target if target in current else None, who=who, cancel=cancel,
                    log_fields={"undo_of": seq})
    if not report.errors:
        integrity.log_change(settings, "undo", target, who, undoes=seq, undone_action=entry.get("action"),
                             file=entry["old_file"], generation=report.generation)
    return entry, report


def rebuild(settings: Settings, embedder: Embedder | None = None, progress: bool = True,
            who: str | None = None) -> IngestReport:
    """A new generation from the last verified one plus the kept source files (`kehoach doctor --repair`)."""
    report = IngestReport()
    who = who or integrity.actor("doctor")
    with build_lock(settings):
        docs, gen, report.fault, report.recovered = _base_documents(settings, who)
        if docs:
            report.unchanged = sorted(set(docs) - set(report.recovered))
            _commit(docs, settings, store_embedder(gen, settings, embedder, progress, refuse=False), report,
                    progress, None)
    return report


def clean_debris(settings: Settings) -> list[str]:
    """On start-up: remove what killed ingests left (tmp-gen-* directories, sources under files/.pending
    never committed, kept files of no document of a healthy index); each removal is logged. Skipped while
    another process builds (the build lock is held) and, for kept files, while the index is faulty (they
    are what a recovery reads)."""
    root = index_dir(settings)
    if not root.exists():
        return []
    cleaned: list[str] = []
    with open(root / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []
        try:
            for p in root.iterdir():
                if p.is_dir() and p.name.startswith("tmp-"):
                    _drop_tmp(settings, p)
                    cleaned.append(str(p))
            if pointer_name(settings) or generations(settings):  # layers no generation names
                cleaned += _collect_layers(settings)
            h = index_health(settings)
            if h.ok and h.base is not None:
                cleaned += _clean_files(settings, _sources(h.base))
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    for p in cleaned:
        log.warning("removed leftover of an interrupted ingest: %s", p)
    return cleaned


def _sources(gen: Path) -> dict[str, str]:
    """Kept file name -> content hash of every document of a generation."""
    sources = generation_info(gen).get("sources")
    if sources is None:  # a generation written before sources were recorded
        return {Path(d.source_path).name: d.content_hash for d in load_documents(gen) if d.source_path}
    return {v["file"]: v["hash"] for v in sources.values() if v.get("file")}


def _clean_files(settings: Settings, wanted: dict[str, str]) -> list[str]:
    folder = settings.home / "files"
    cleaned = []
    pending = folder / PENDING
    if pending.is_dir():
        for p in pending.iterdir():
            digest = wanted.get(p.name)
            final = folder / p.name
            if (digest is not None and p.is_file() and file_hash(p) == digest
                    and not (final.exists() and file_hash(final) == digest)):
                os.replace(p, final)  # committed, killed before the move: finish it
                log.warning("completed the source file %s left pending by an interrupted ingest", p.name)
                continue
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
            cleaned.append(str(p))
    for p in kept_files(settings):
        if p.name not in wanted:
            p.unlink(missing_ok=True)
            cleaned.append(str(p))
    return cleaned


def default_corpus(settings: Settings) -> list[tuple[Path, dict]]:
    """The corpus the product starts with: KEHOACH_CORPUS_DIR or the bundled documents."""
    if settings.corpus_dir:
        return bundled_paths(Path(settings.corpus_dir))
    return bundled_paths()


def _outdated(gen: Path) -> bool:
    try:
        info = generation_info(gen)
        return int(info.get("format", 1)) < FORMAT or int(info.get("parser", 1)) != PARSER_VERSION
    except (OSError, ValueError):  # unreadable: let loading fall back to the last good generation
        return False


def upgrade(settings: Settings, embedder: Embedder | None = None, progress: bool = True) -> IngestReport:
    """Rebuild the current generation from its stored documents in the current format
    (chunk vectors come from the embedding cache; only chunk texts that changed are embedded)."""
    report = IngestReport()
    with build_lock(settings):
        gen = current_generation(settings)
        if gen is None or not _outdated(gen):
            report.generation = gen.name if gen else None
            return report
        docs, base, report.fault, report.recovered = _base_documents(settings, integrity.actor("upgrade"))
        if not docs:
            return report
        docs = {k: d if k in report.recovered else _reparsed(d, settings) for k, d in docs.items()}
        report.unchanged = sorted(docs)
        _commit(docs, settings, store_embedder(base, settings, embedder, progress, refuse=False), report,
                progress, None)
    return report


def _reparsed(doc: Document, settings: Settings) -> Document:
    """The document read again by the current parser from its kept source file (as stored if gone)."""
    path = Path(doc.source_path or "")
    if not path.is_file():
        return doc
    manifest = {"doc_id": doc.doc_id, "origin": doc.origin}
    for _path, entry in default_corpus(settings):
        if entry.get("doc_id") == doc.doc_id:
            manifest = entry
    try:
        fresh = parse_file(path, doc_id=doc.doc_id, manifest=manifest, max_bytes=settings.max_file_bytes)
    except CorpusError:
        return doc
    fresh.source_path = doc.source_path
    return fresh


def ensure_index(settings: Settings, embedder: Embedder | None = None, progress: bool = True) -> Path:
    """The current generation, building the default corpus on first run (and upgrading an old format).
    Leftovers of interrupted ingests are cleaned first."""
    try:
        clean_debris(settings)
    except Exception as exc:  # cleaning must never stop the index from opening
        log.warning("could not clean leftovers of interrupted ingests: %s", exc)
    gen = current_generation(settings)
    if gen is not None and _outdated(gen):
        try:
            upgrade(settings, embedder, progress)
        except Exception as exc:  # a broken old generation: open it as it is, loading falls back if it must
            log.warning("could not upgrade index generation %s: %s", gen.name, exc)
        gen = current_generation(settings)
    if gen is not None:
        return gen
    removed = integrity.removed_ids(settings)  # a bundled document removed on purpose stays removed
    corpus = [(p, m) for p, m in default_corpus(settings) if m.get("doc_id") not in removed]
    report = ingest(corpus, settings, embedder, progress, who=integrity.actor("setup"))
    if report.errors and not report.generation:
        raise IndexUnavailable("Không xây dựng được chỉ mục: " + "; ".join(e["reason"] for e in report.errors))
    gen = current_generation(settings)
    assert gen is not None
    return gen


def load_catalog(settings: Settings) -> list[Document]:
    """Documents of the current index, or the default corpus parsed in memory if none is built yet."""
    health = index_health(settings)
    if health.base is not None:
        if not health.ok:
            log.warning("index fault: %s", health.message())
        try:
            return load_documents(health.base)
        except Exception:  # a corrupt generation: fall through to the corpus itself
            pass
    return [parse_file(p, manifest=m, max_bytes=settings.max_file_bytes) for p, m in default_corpus(settings)]
