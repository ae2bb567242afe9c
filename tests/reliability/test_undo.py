"""A replace or a removal can be undone: the old version (kept under files/.replaced or files/.removed) comes back
under the same id, and the answers are exactly those from before the change; the CLI's `kehoach undo`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import bundled, settings_for

from assistant.api import Assistant
from index import integrity
from index.build import ingest, remove, undo, undoable
from index.retrieve import Index

A, B = "cao-bang-chi-tieu-kh43", "hai-phong-de-an-gddt"
QUESTIONS = ["Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?",
             "Cao Bằng đặt mục tiêu gì về giảm điểm trường lẻ?",
             "Mục tiêu HDI năm 2035 là bao nhiêu?"]


def answers(settings, embedder) -> list[dict]:
    a = Assistant(settings, index=Index(settings, embedder=embedder, progress=False))
    out = []
    for q in QUESTIONS:
        d = a.ask(q).to_dict()
        out.append({k: d[k] for k in ("status", "answer", "citations", "facts")})
    return out


@pytest.fixture
def home(tmp_path, embedder):
    settings = settings_for(tmp_path / "home")
    ingest(bundled(A, B), settings, embedder, progress=False)
    return settings


def test_undo_a_replace_gives_the_same_answers_as_before(home, embedder, tmp_path):
    before = answers(home, embedder)
    [(path, _manifest)] = bundled(A)
    changed = tmp_path / "cao-bang-sua.txt"
    changed.write_text(path.read_text(encoding="utf-8").replace("$> 0,85$", "$> 0,95$"), encoding="utf-8")
    report = ingest([changed], home, embedder, progress=False, replace=A)
    assert report.updated == [A]
    assert "> 0,95" in answers(home, embedder)[0]["answer"]

    entry, report = undo(home, embedder=embedder, progress=False, who="tester@test")
    assert entry["action"] == "replace" and entry["doc_id"] == A and not report.errors
    assert answers(home, embedder) == before
    log = integrity.changes(home)
    assert log[-1]["action"] == "undo" and log[-1]["who"] == "tester@test"
    assert log[-2]["action"] == "replace" and log[-2]["undo_of"] == log[-1]["undoes"]
    # the version undone is kept in turn, and the undo itself is not offered as the next thing to undo
    assert undoable(home) is None


def test_undo_a_removal_through_the_cli(home, embedder):
    from ui.cli import main

    before = answers(home, embedder)
    remove([A], home, embedder, progress=False)
    assert A not in Index(home, embedder=embedder, progress=False).docs_by_id
    run = CliRunner().invoke(main, ["--home", str(home.home), "--chroma-url", "", "undo", "--json", A])
    assert run.exit_code == 0, run.output
    out = json.loads(run.output[run.output.index("{"):])
    assert out["undone"]["action"] == "remove" and out["report"]["added"] == [A]
    assert answers(home, embedder) == before
    assert A not in integrity.removed_ids(home)
    again = CliRunner().invoke(main, ["--home", str(home.home), "undo"])
    assert again.exit_code == 1 and "Không có thay thế hoặc xóa nào để hoàn tác" in again.output
