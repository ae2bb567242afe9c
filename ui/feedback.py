"""👍/👎 feedback on answers, kept in SQLite under the data directory (feedback.sqlite)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,          -- ISO timestamp, local time with offset
    liked INTEGER NOT NULL,         -- 1 = 👍, 0 = 👎
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    status TEXT,
    mode TEXT,
    citations TEXT NOT NULL,        -- JSON list, as in Answer.to_dict()
    filters TEXT NOT NULL,          -- JSON object: province, doc, year
    reason TEXT NOT NULL DEFAULT '' -- why a 👎: the chosen reason and the user's note
)
"""


class FeedbackStore:
    """Append-only store of answer ratings."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute(SCHEMA)
            columns = {r[1] for r in db.execute("PRAGMA table_info(feedback)")}
            if "reason" not in columns:  # a store written before reasons were asked
                db.execute("ALTER TABLE feedback ADD COLUMN reason TEXT NOT NULL DEFAULT ''")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        try:
            with db:  # commit on success, roll back on error
                yield db
        finally:
            db.close()

    def add(self, answer: dict[str, Any], liked: bool, filters: dict[str, Any] | None = None) -> int:
        row = (datetime.now().astimezone().isoformat(timespec="seconds"), 1 if liked else 0,
               answer.get("question", ""), answer.get("answer", ""), answer.get("status"), answer.get("mode"),
               json.dumps(answer.get("citations") or [], ensure_ascii=False),
               json.dumps(filters or {}, ensure_ascii=False))
        with self._lock, self._connect() as db:
            cur = db.execute("INSERT INTO feedback (created, liked, question, answer, status, mode, citations, filters)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            return int(cur.lastrowid or 0)

    def set_reason(self, row_id: int, reason: str, note: str = "") -> None:
        text = reason + (f" — {note}" if note and reason else note)
        with self._lock, self._connect() as db:
            db.execute("UPDATE feedback SET reason = ? WHERE id = ?", (text, int(row_id)))

    def all(self) -> list[dict[str, Any]]:
        with self._connect() as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["liked"] = bool(d["liked"])
            d["citations"] = json.loads(d["citations"])
            d["filters"] = json.loads(d["filters"])
            out.append(d)
        return out
