"""SQLite store of documents, indicators (with targets), tasks and chunks, with migrations."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from corpus.records import Document, Indicator, Task, document_from_dict, indicator_from_dict, task_from_dict

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY, title TEXT, doc_type TEXT, so_hieu TEXT, issuer TEXT, province TEXT,
        date_issued TEXT, signer TEXT, origin TEXT, source_path TEXT, content_hash TEXT, data TEXT NOT NULL
    );
    CREATE TABLE indicators (
        id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        province TEXT, grp TEXT, code TEXT, name TEXT, unit TEXT, lead TEXT, partners TEXT, note TEXT,
        source TEXT, line_start INTEGER, line_end INTEGER, data TEXT NOT NULL
    );
    CREATE TABLE targets (
        indicator_id TEXT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE, period TEXT, year INTEGER,
        raw TEXT, comparator TEXT, low REAL, high REAL, percent INTEGER, is_range INTEGER,
        qualitative INTEGER, has_target INTEGER
    );
    CREATE TABLE tasks (
        id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        province TEXT, grp TEXT, code TEXT, title TEXT, responsible TEXT, lead TEXT, partners TEXT,
        deadline_raw TEXT, deadline_kind TEXT, due_start TEXT, due_end TEXT, recurring INTEGER,
        line_start INTEGER, line_end INTEGER, data TEXT NOT NULL
    );
    CREATE TABLE chunks (
        id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
        kind TEXT, text TEXT NOT NULL, metadata TEXT NOT NULL
    );
    CREATE INDEX targets_year ON targets(year);
    CREATE INDEX indicators_doc ON indicators(doc_id);
    CREATE INDEX tasks_due ON tasks(due_end);
    """,
]


def connect(path: Path) -> sqlite3.Connection:
    """Open (and migrate) the store."""
    db = sqlite3.connect(str(path), check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open an existing store for reading only: a missing, empty, truncated or foreign file raises
    sqlite3.DatabaseError instead of being turned into a new empty store."""
    if not path.is_file() or path.stat().st_size == 0:
        raise sqlite3.DatabaseError(f"{path.name}: missing or empty")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    db.row_factory = sqlite3.Row
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if not 0 < version <= len(MIGRATIONS):
            raise sqlite3.DatabaseError(f"{path.name}: schema version {version}, expected {len(MIGRATIONS)}")
        db.execute("SELECT count(*) FROM documents").fetchone()
    except Exception:
        db.close()
        raise
    if version < len(MIGRATIONS):  # an older schema: migrate it in place
        db.close()
        return connect(path)
    return db


def migrate(db: sqlite3.Connection) -> int:
    """Apply pending migrations (PRAGMA user_version counts the applied ones)."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for n, sql in enumerate(MIGRATIONS[version:], start=version + 1):
        db.executescript(sql)
        db.execute(f"PRAGMA user_version = {n}")
    db.commit()
    return len(MIGRATIONS)


def save_document(db: sqlite3.Connection, doc: Document, chunks: Iterable[tuple[str, str, str, dict]]) -> None:
    """Insert one document with its records and chunks (replacing an older version)."""
    db.execute("DELETE FROM documents WHERE doc_id = ?", (doc.doc_id,))
    db.execute(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc.doc_id, doc.title, doc.doc_type, doc.so_hieu, doc.issuer, doc.province, doc.date_issued,
         doc.signer, doc.origin, doc.source_path, doc.content_hash, json.dumps(asdict(doc), ensure_ascii=False)),
    )
    for ind in doc.indicators:
        db.execute(
            "INSERT INTO indicators VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (ind.id, doc.doc_id, ind.province, ind.group, ind.code, ind.name, ind.unit, ind.lead, ind.partners,
             ind.note, ind.source, ind.lines[0], ind.lines[1], json.dumps(asdict(ind), ensure_ascii=False)),
        )
        for t in ind.targets:
            v = t.value
            db.execute(
                "INSERT INTO targets VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (ind.id, t.period, t.year, t.raw, v.comparator if v else None, v.low if v else None,
                 v.high if v else None, int(v.percent) if v else 0, int(v.is_range) if v else 0,
                 int(v.qualitative) if v else 0, int(t.has_target)),
            )
    for task in doc.tasks:
        d = task.deadline
        db.execute(
            "INSERT INTO tasks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (task.id, doc.doc_id, task.province, task.group, task.code, task.title, task.responsible, task.lead,
             task.partners, d.raw if d else None, d.kind if d else None, d.start if d else None,
             d.end if d else None, int(d.recurring) if d else 0, task.lines[0], task.lines[1],
             json.dumps(asdict(task), ensure_ascii=False)),
        )
    db.executemany(
        "INSERT INTO chunks VALUES (?,?,?,?,?)",
        [(cid, doc.doc_id, kind, text, json.dumps(meta, ensure_ascii=False)) for cid, kind, text, meta in chunks],
    )


def documents(db: sqlite3.Connection) -> list[Document]:
    return [document_from_dict(json.loads(r["data"])) for r in db.execute("SELECT data FROM documents ORDER BY doc_id")]


def document_stubs(db: sqlite3.Connection) -> list[Document]:
    """Every document with its manifest fields only (no lines, sections or records): enough to decide what
    an ingest changes without reading every document back."""
    rows = db.execute(
        "SELECT doc_id, title, doc_type, so_hieu, issuer, province, date_issued, signer, origin, source_path,"
        " content_hash FROM documents ORDER BY doc_id"
    )
    return [Document(lines=[], **{k: r[k] for k in r.keys()}) for r in rows]


def delete_documents(db: sqlite3.Connection, doc_ids: Iterable[str]) -> list[str]:
    """Delete documents with their records and chunks; the ids of the chunks deleted."""
    ids = list(doc_ids)
    gone: list[str] = []
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        marks = ",".join("?" * len(part))
        gone += [r[0] for r in db.execute(f"SELECT id FROM chunks WHERE doc_id IN ({marks})", part)]
        db.execute(f"DELETE FROM documents WHERE doc_id IN ({marks})", part)
    return gone


def document_meta(db: sqlite3.Connection) -> list[dict[str, Any]]:
    """Manifest-style fields of every document (no text)."""
    rows = db.execute(
        "SELECT doc_id, title, doc_type, so_hieu, issuer, province, date_issued, signer, origin, source_path,"
        " content_hash FROM documents ORDER BY doc_id"
    )
    out = []
    for r in rows:
        item = dict(r)
        item["n_indicators"] = db.execute("SELECT count(*) FROM indicators WHERE doc_id=?", (r["doc_id"],)).fetchone()[0]
        item["n_tasks"] = db.execute("SELECT count(*) FROM tasks WHERE doc_id=?", (r["doc_id"],)).fetchone()[0]
        out.append(item)
    return out


def indicators(db: sqlite3.Connection) -> list[Indicator]:
    return [indicator_from_dict(json.loads(r["data"])) for r in db.execute("SELECT data FROM indicators")]


def tasks(db: sqlite3.Connection) -> list[Task]:
    return [task_from_dict(json.loads(r["data"])) for r in db.execute("SELECT data FROM tasks")]


def chunks(db: sqlite3.Connection) -> list[tuple[str, str, dict]]:
    """(id, text, metadata) of every chunk."""
    return [(r["id"], r["text"], json.loads(r["metadata"])) for r in db.execute("SELECT * FROM chunks ORDER BY id")]
