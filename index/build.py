"""Ingest and remove documents: each change builds a new index generation aside, then swaps it in."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
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
from index import store, vectors
from index.chunking import chunk_document
from index.embeddings import Embedder
from index.lexical import LexicalIndex

GEN_PREFIX = "gen-"
# version of what a generation holds (chunk texts and metadata, tokenization); a generation of an
# older format is rebuilt from its own stored documents the next time the index is opened
FORMAT = 2
KEEP_GENERATIONS = 2  # the current one and the last good one before it
log = logging.getLogger(__name__)


class IndexUnavailable(RuntimeError):
    """The index cannot be used; the message is Vietnamese and shown to users."""


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"file", "reason", "code"}
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


def _cleanup(settings: Settings) -> None:
    """Drop half-built directories and generations older than the last good one."""
    root = index_dir(settings)
    current = current_generation(settings)
    for p in root.iterdir():
        if p.is_dir() and p.name.startswith("tmp-"):
            shutil.rmtree(p, ignore_errors=True)
    keep = [g for g in generations(settings)[:KEEP_GENERATIONS]]
    if current and current not in keep:
        keep.append(current)
    for g in generations(settings):
        if g not in keep:
            info = generation_info(g)
            if info.get("chroma_url"):
                vectors.drop_collection(info["chroma_url"], None, info["collection"])
            shutil.rmtree(g, ignore_errors=True)


def load_documents(gen_dir: Path | None) -> list[Document]:
    if gen_dir is None:
        return []
    db = store.connect(gen_dir / "records.sqlite")
    try:
        return store.documents(db)
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
    name = f"{GEN_PREFIX}{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}"
    tmp = index_dir(settings) / f"tmp-{name}"
    tmp.mkdir(parents=True)
    report = on_progress or (lambda frac, msg: None)
    db = store.connect(tmp / "records.sqlite")
    nodes = []
    for doc in docs:
        doc_nodes = chunk_document(doc)
        store.save_document(db, doc, [(n.id_, n.metadata["kind"], n.text, n.metadata) for n in doc_nodes])
        nodes.extend(doc_nodes)
    db.commit()
    db.close()
    report(0.1, "Đã đọc văn bản, đang tính vector…")
    texts = [n.text for n in nodes]
    bar = tqdm(total=len(texts), desc="Embedding", unit="chunk", disable=not progress)
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
    collection = f"kehoach-{name}"
    local = None if settings.chroma_url else tmp / "chroma"
    vstore = vectors.open_store(settings.chroma_url, local, collection, create=True)
    vectors.add_nodes(vstore, nodes)
    report(0.95, "Đang lập chỉ mục từ khóa…")
    LexicalIndex([n.id_ for n in nodes], texts).save(tmp / "lexical.pkl")
    info = {"name": name, "format": FORMAT, "parser": PARSER_VERSION, "created": time.time(), "collection": collection, "chroma_url": settings.chroma_url,
            "model_id": embedder.model_id, "n_chunks": len(nodes), "doc_ids": [d.doc_id for d in docs]}
    (tmp / "generation.json").write_text(json.dumps(info, ensure_ascii=False, indent=1))
    final = index_dir(settings) / name
    os.replace(tmp, final)
    return final


def _commit(docs: dict[str, Document], settings: Settings, embedder: Embedder, report: IngestReport,
            progress: bool, on_progress: Callable[[float, str], None] | None) -> None:
    gen = build_generation(sorted(docs.values(), key=lambda d: d.doc_id), settings, embedder, progress, on_progress)
    _swap(settings, gen)
    report.generation = gen.name
    _cleanup(settings)


def _keep_source(settings: Settings, path: Path, doc_id: str) -> str:
    """Copy an ingested file under the data directory so the source can be opened later."""
    dest_dir = settings.home / "files"
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{doc_id}{path.suffix.lower()}"
    if path.resolve() != dest.resolve():
        shutil.copyfile(path, dest)
    return str(dest)


def ingest(
    paths: list[Path | tuple[Path, dict]],
    settings: Settings,
    embedder: Embedder | None = None,
    progress: bool = True,
    on_progress: Callable[[float, str], None] | None = None,
) -> IngestReport:
    """Add or update documents; unchanged files change nothing, bad files are reported and skipped."""
    started = time.time()
    report = IngestReport()
    with build_lock(settings):
        gen = current_generation(settings)
        docs = {d.doc_id: d for d in load_documents(gen)}
        changed = False
        for item in paths:
            path, manifest = (item if isinstance(item, tuple) else (Path(item), None))
            path = Path(path)
            doc_id = (manifest or {}).get("doc_id") or doc_id_for(path)
            try:
                digest = file_hash(path) if path.is_file() else ""
                old = docs.get(doc_id)
                if old is not None and old.content_hash == digest and gen is not None:
                    report.unchanged.append(doc_id)
                    continue
                doc = parse_file(path, doc_id=doc_id, manifest=manifest, max_bytes=settings.max_file_bytes)
            except CorpusError as exc:
                report.errors.append({"file": str(path), "reason": str(exc), "code": exc.code})
                continue
            doc.source_path = _keep_source(settings, path, doc_id)
            (report.updated if doc_id in docs else report.added).append(doc_id)
            docs[doc_id] = doc
            changed = True
        if changed or gen is None and docs:
            embedder = embedder or Embedder(settings, progress)
            _commit(docs, settings, embedder, report, progress, on_progress)
        else:
            report.generation = gen.name if gen else None
    report.seconds = time.time() - started
    return report


def remove(doc_ids: list[str], settings: Settings, embedder: Embedder | None = None, progress: bool = True) -> IngestReport:
    """Remove documents by id (a new generation without them)."""
    report = IngestReport()
    with build_lock(settings):
        gen = current_generation(settings)
        docs = {d.doc_id: d for d in load_documents(gen)}
        for doc_id in doc_ids:
            if docs.pop(doc_id, None) is not None:
                report.removed.append(doc_id)
            else:
                report.errors.append({"file": doc_id, "reason": f"Không có văn bản «{doc_id}» trong chỉ mục.",
                                      "code": "unknown_doc"})
        if report.removed:
            _commit(docs, settings, embedder or Embedder(settings, progress), report, progress, None)
    return report


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
        docs = {d.doc_id: _reparsed(d, settings) for d in load_documents(gen)}
        report.unchanged = sorted(docs)
        _commit(docs, settings, embedder or Embedder(settings, progress), report, progress, None)
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
    """The current generation, building the default corpus on first run (and upgrading an old format)."""
    gen = current_generation(settings)
    if gen is not None and _outdated(gen):
        try:
            upgrade(settings, embedder, progress)
        except Exception as exc:  # a broken old generation: open it as it is, loading falls back if it must
            log.warning("could not upgrade index generation %s: %s", gen.name, exc)
        gen = current_generation(settings)
    if gen is not None:
        return gen
    report = ingest(list(default_corpus(settings)), settings, embedder, progress)
    if report.errors and not report.generation:
        raise IndexUnavailable("Không xây dựng được chỉ mục: " + "; ".join(e["reason"] for e in report.errors))
    gen = current_generation(settings)
    assert gen is not None
    return gen


def load_catalog(settings: Settings) -> list[Document]:
    """Documents of the current index, or the default corpus parsed in memory if none is built yet."""
    gen = current_generation(settings)
    if gen is not None:
        try:
            return load_documents(gen)
        except Exception:  # a corrupt generation: fall through to the corpus itself
            pass
    return [parse_file(p, manifest=m, max_bytes=settings.max_file_bytes) for p, m in default_corpus(settings)]
