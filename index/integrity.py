"""Integrity of the data directory: store checksums per generation, the change log, kept source files.

A generation records the sha256 of its record store and lexical index in ``generation.json``
(``checksums``); a generation whose files no longer match is corrupt and is never built upon. The
Chroma files are not checksummed (Chroma rewrites them whenever a collection is opened); they are
checked by loading (count and one query). Every replace and remove is appended to
``KEHOACH_HOME/changes.jsonl`` (who, when, old and new content hash).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import time
from pathlib import Path

from corpus.settings import Settings

CHECKED_FILES = ("records.sqlite", "lexical.pkl")
CHANGE_LOG = "changes.jsonl"
log = logging.getLogger(__name__)


_DIGESTS: dict[str, tuple[tuple[int, int, int, int], str]] = {}  # path -> (its stat when hashed, sha256)


def sha256_file(path: Path) -> str:
    """The file's sha256. Within a process a file whose inode, size, mtime and ctime are those it had
    when last hashed is not read again (an ingest verifies the generation the previous one wrote: the
    store files grow with the corpus; any write, truncation or replacement changes the ctime)."""
    st = os.stat(path)
    key = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    known = _DIGESTS.get(str(path))
    if known is not None and known[0] == key:
        return known[1]
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    if len(_DIGESTS) > 256:
        _DIGESTS.clear()
    _DIGESTS[str(path)] = (key, h.hexdigest())
    return h.hexdigest()


def renamed(src: Path, dst: Path) -> None:
    """A directory of hashed files was renamed (os.replace keeps inodes and times): keep their digests."""
    prefix = str(src) + os.sep
    for path in [p for p in _DIGESTS if p.startswith(prefix)]:
        _DIGESTS[str(dst) + os.sep + path[len(prefix):]] = _DIGESTS.pop(path)


def store_checksums(gen_dir: Path) -> dict[str, str]:
    """sha256 of the checked store files of a generation (written into generation.json)."""
    return {name: sha256_file(gen_dir / name) for name in CHECKED_FILES if (gen_dir / name).exists()}


def check_generation(gen_dir: Path, files: tuple[str, ...] = CHECKED_FILES) -> list[str]:
    """Problems of a generation's checked files (empty = verified). A generation written before
    checksums were recorded is checked for presence only."""
    if not gen_dir.is_dir():
        return [f"thư mục {gen_dir.name} không còn"]
    try:
        info = json.loads((gen_dir / "generation.json").read_text())
    except (OSError, ValueError) as exc:
        return [f"generation.json không đọc được ({exc.__class__.__name__})"]
    sums = info.get("checksums") or {}
    problems = []
    for name in files:
        path = gen_dir / name
        if not path.is_file():
            problems.append(f"thiếu tệp {name}")
        elif name in sums:
            try:
                if sha256_file(path) != sums[name]:
                    problems.append(f"tệp {name} bị thay đổi hoặc hỏng (sai checksum)")
            except OSError as exc:
                problems.append(f"không đọc được {name} ({exc.__class__.__name__})")
    return problems


# ------------------------------------------------------------------------------ change log


def actor(source: str = "cli", user: str | None = None) -> str:
    """Who made a change: the logged-in app user, else the OS user, with where it came from."""
    try:
        os_user = getpass.getuser()
    except Exception:  # no user name in this environment
        os_user = "?"
    return f"{user or os_user}@{source}"


def log_change(settings: Settings, action: str, doc_id: str, who: str, **fields: object) -> None:
    """Append one change (replace, remove, recover, quarantine) to KEHOACH_HOME/changes.jsonl."""
    settings.home.mkdir(parents=True, exist_ok=True)
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "action": action, "doc_id": doc_id, "who": who, **fields}
    with open(settings.home / CHANGE_LOG, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    log.info("%s %s by %s %s", action, doc_id, who, fields)


def changes(settings: Settings) -> list[dict]:
    """The change log, oldest first (unreadable lines skipped)."""
    path = settings.home / CHANGE_LOG
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def removed_ids(settings: Settings) -> set[str]:
    """Documents whose last logged change is a removal (never brought back by a recovery)."""
    last: dict[str, str] = {}
    for entry in changes(settings):
        last[entry.get("doc_id", "")] = entry.get("action", "")
    return {doc_id for doc_id, action in last.items() if action == "remove"}
