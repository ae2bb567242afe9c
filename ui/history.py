"""Conversations kept per browser: SQLite (history.sqlite in the data directory) keyed by a random browser id.

The browser keeps only its random id (gr.BrowserState, local storage); the messages and the answer
dicts behind them stay on the server, so a reload brings the conversation back.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversation (
    id TEXT PRIMARY KEY,
    browser TEXT NOT NULL,
    title TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    messages TEXT NOT NULL,     -- JSON: the chatbot messages
    answers TEXT NOT NULL       -- JSON: message index -> Answer dict
);
CREATE INDEX IF NOT EXISTS conversation_browser ON conversation (browser, updated);
"""
MAX_TITLE = 80


def new_id() -> str:
    return secrets.token_urlsafe(12)


def valid_id(value: Any) -> bool:
    return isinstance(value, str) and 8 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


def message_text(content: Any) -> str:
    """Plain text of a chat message content (a string or a list of content blocks, as Gradio sends it back)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(c.get("text", "") for c in content if isinstance(c, dict) and c.get("type") == "text")
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return ""


def title_of(messages: list[dict]) -> str:
    first = next((m.get("content") for m in messages if isinstance(m, dict) and m.get("role") == "user"), "")
    text = " ".join(message_text(first).split())
    return (text[: MAX_TITLE - 1] + "…") if len(text) > MAX_TITLE else (text or "Cuộc hội thoại")


class HistoryStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        try:
            with db:
                yield db
        finally:
            db.close()

    def save(self, browser: str, conv_id: str, messages: list[dict], answers: dict[str, Any],
             title: str | None = None) -> None:
        if not (valid_id(browser) and valid_id(conv_id)) or not messages:
            return
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        with self._lock, self._connect() as db:
            row = db.execute("SELECT title, browser FROM conversation WHERE id = ?", (conv_id,)).fetchone()
            if row is not None and row["browser"] != browser:
                return  # another browser's conversation is never overwritten
            keep = title or (row["title"] if row else title_of(messages))
            db.execute(
                "INSERT INTO conversation (id, browser, title, created, updated, messages, answers)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
                " updated = excluded.updated, messages = excluded.messages, answers = excluded.answers",
                (conv_id, browser, keep, now, now, json.dumps(messages, ensure_ascii=False),
                 json.dumps(answers or {}, ensure_ascii=False)))

    def list(self, browser: str) -> list[dict[str, Any]]:
        if not valid_id(browser):
            return []
        with self._connect() as db:
            rows = db.execute("SELECT id, title, updated FROM conversation WHERE browser = ? ORDER BY updated DESC",
                              (browser,)).fetchall()
        return [dict(r) for r in rows]

    def load(self, browser: str, conv_id: str) -> tuple[list[dict], dict[str, Any]] | None:
        with self._connect() as db:
            row = db.execute("SELECT messages, answers FROM conversation WHERE id = ? AND browser = ?",
                             (conv_id, browser)).fetchone()
        if row is None:
            return None
        return json.loads(row["messages"]), json.loads(row["answers"])

    def rename(self, browser: str, conv_id: str, title: str) -> bool:
        title = " ".join((title or "").split())[:MAX_TITLE]
        if not title:
            return False
        with self._lock, self._connect() as db:
            cur = db.execute("UPDATE conversation SET title = ? WHERE id = ? AND browser = ?", (title, conv_id, browser))
            return cur.rowcount > 0

    def delete(self, browser: str, conv_id: str) -> bool:
        with self._lock, self._connect() as db:
            cur = db.execute("DELETE FROM conversation WHERE id = ? AND browser = ?", (conv_id, browser))
            return cur.rowcount > 0
