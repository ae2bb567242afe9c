"""The documents shipped with the product and their manifest."""

from __future__ import annotations

import json
from pathlib import Path

from corpus.parse import parse_file
from corpus.records import Document

BUNDLED_DIR = Path(__file__).parent / "bundled"
MANIFEST = BUNDLED_DIR / "manifest.json"


def manifest_entries(directory: Path = BUNDLED_DIR) -> list[dict]:
    """Entries of a corpus manifest (doc_id, file, origin and fields the text leaves blank)."""
    data = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return list(data["documents"])


def bundled_paths(directory: Path = BUNDLED_DIR) -> list[tuple[Path, dict]]:
    """(file path, manifest entry) for each document of a corpus directory."""
    return [(directory / e["file"], e) for e in manifest_entries(directory)]


def load_bundled(directory: Path = BUNDLED_DIR) -> list[Document]:
    """Parse every document of a corpus directory."""
    return [parse_file(path, manifest=entry) for path, entry in bundled_paths(directory)]
