"""A kill at any step of an ingest (issue 13): a replace of one document among several, in a store whose vectors
sit in read-only layers and a delta, is killed (SIGKILL) just before its k-th file-system or vector-store step,
for steps spread over the whole ingest — from copying the source aside to the change log after the swap. Each
time the store opens without a fault and holds the old or the new version of that document, never both or
neither, and every other document's records, live vectors and answers are byte-identical to before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_home, settings_for, write_plan
from test_incremental import PLANS, snapshot

from index import build
from index.build import current_generation, generation_info, ingest
from index.retrieve import Index

ROOT = Path(__file__).resolve().parents[2]
PROMOTE = 6  # vectors per delta before it becomes a layer: the base below has layers and a delta
MAX_POINTS = 10
SERVER_PROMOTE = 1000  # on a server: every layer below is small, and the replace merges them
CHILD = r"""
import json, os, pathlib, shutil, signal, sys
from pathlib import Path

from corpus.settings import load_settings
from index import build, vectors

home, new, kill_at, promote, url, small = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], \
    int(sys.argv[6])
build.PROMOTE_VECTORS, build.SERVER_SMALL_LAYERS = promote, small
steps = [0]


def step(fn):
    def wrapped(*args, **kwargs):
        steps[0] += 1
        if steps[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return fn(*args, **kwargs)
    return wrapped


wrapped = [(os, "replace"), (os, "fsync"), (shutil, "copyfile"), (shutil, "copytree"), (shutil, "rmtree"),
           (pathlib.Path, "write_text"), (pathlib.Path, "write_bytes"), (pathlib.Path, "unlink"),
           (vectors, "add_nodes"), (vectors, "close")]
if url:  # on a server: creating or opening a collection, copying vectors and dropping a collection are steps too
    wrapped += [(vectors, "open_store"), (vectors, "add_records"), (vectors, "drop_collection")]
for owner, name in wrapped:
    setattr(owner, name, step(getattr(owner, name)))
settings = load_settings(home=home, chroma_url=url, corpus_dir="")
report = build.ingest([Path(new)], settings, progress=False, replace="ha-tinh")
print(json.dumps({"steps": steps[0], "errors": report.errors, "updated": report.updated}))
"""


def run_child(script: Path, home: Path, new: Path, kill_at: int, url: str = "", promote: int = PROMOTE,
              small: int = build.SERVER_SMALL_LAYERS) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, str(script), str(home), str(new), str(kill_at), str(promote), url,
                           str(small)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)


def others_snapshot(settings, embedder, doc_ids: list[str]) -> dict:
    """Records, live vectors and answers of doc_ids in the current generation (test_incremental's snapshot),
    with ha-tinh's targets and the documents the store holds."""
    idx = Index(settings, embedder=embedder, progress=False)
    assert not idx.fault, idx.fault
    return {**snapshot(settings, set(doc_ids), idx),
            "ha-tinh": {t.raw for i in idx.indicators if i.doc_id == "ha-tinh" for t in i.targets},
            "docs": set(idx.docs_by_id)}


def counted_steps(counted: subprocess.CompletedProcess) -> int:
    """The number of steps of an ingest run to its end (kill_at 0), checked to have replaced ha-tinh."""
    assert counted.returncode == 0, counted.stderr[-2000:]
    out = json.loads(counted.stdout.strip().splitlines()[-1])
    assert out["updated"] == ["ha-tinh"] and not out["errors"]
    n = out["steps"]
    assert n >= 8, out  # source copy, generation files, vectors, swap, moves and log are all steps
    return n


def kill_points(n: int, most: int) -> list[int]:
    """At most `most` of the steps 1..n, spread evenly from the first to the last."""
    return sorted({1 + round(i * (n - 1) / (most - 1)) for i in range(most)}) if n > most else list(range(1, n + 1))


def check_killed(k: int, run: subprocess.CompletedProcess, settings, embedder, others: list[str], before: dict,
                 new: Path) -> str:
    """A run killed at step k left ha-tinh old or new and the others as `before`, and the store takes the replace
    again; the ha-tinh target it held is returned."""
    assert run.returncode == -9, (k, run.returncode, run.stderr[-2000:])  # killed at step k
    after = others_snapshot(settings, embedder, others)
    assert after["docs"] == set(PLANS), k
    assert after["ha-tinh"] in ({"≥ 62%"}, {"≥ 93%"}), (k, after["ha-tinh"])  # old or new, never both or none
    for part in ("rows", "vectors", "answers"):
        assert after[part] == before[part], (k, part)
    again = ingest([new], settings, embedder, progress=False, replace="ha-tinh")  # and the store goes on
    assert not again.errors and again.updated in (["ha-tinh"], []), (k, again)
    assert {t.raw for i in Index(settings, embedder=embedder, progress=False).indicators
            if i.doc_id == "ha-tinh" for t in i.targets} == {"≥ 93%"}, k
    return min(after["ha-tinh"])


def test_a_kill_at_any_step_of_an_ingest_leaves_old_or_new_and_the_others_identical(tmp_path, embedder, monkeypatch):
    monkeypatch.setattr(build, "PROMOTE_VECTORS", PROMOTE)
    base = settings_for(tmp_path / "base")
    for doc_id, spec in PLANS.items():  # one at a time: the first documents' vectors end up in layers
        ingest([write_plan(tmp_path / f"{doc_id}.txt", *spec)], base, embedder, progress=False)
    info = generation_info(current_generation(base))
    assert info["layers"] and info["n_delta"], info  # vectors in read-only layers and in the delta
    (tmp_path / "new").mkdir()
    new = write_plan(tmp_path / "new" / "ha-tinh.txt", "Hà Tĩnh", "Phòng học bộ môn", "≥ 93%")
    ingest([new], settings_for(tmp_path / "warm"), embedder, progress=False)  # its vectors cached: no model load
    others = sorted(set(PLANS) - {"ha-tinh"})
    before = others_snapshot(base, embedder, others)
    assert before["ha-tinh"] == {"≥ 62%"} and before["docs"] == set(PLANS)

    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    n = counted_steps(run_child(script, copy_home(base.home, tmp_path / "count"), new, 0))
    seen = set()
    for k in kill_points(n, MAX_POINTS):
        home = copy_home(base.home, tmp_path / f"kill-{k}")
        run = run_child(script, home, new, k)
        seen.add(check_killed(k, run, settings_for(home), embedder, others, before, new))
    assert seen == {"≥ 62%", "≥ 93%"}  # the points reached both sides of the swap


@pytest.mark.server
def test_a_kill_at_any_step_of_an_ingest_on_a_server_leaves_old_or_new_and_the_others_identical(
        tmp_path, embedder, chroma_url, monkeypatch):
    """The same with the vectors on a Chroma server (layers shared by name, small layers merged): every
    collection-creating, vector-writing or dropping request is a step too. A data directory on a server cannot
    be copied (its collections are shared), so each run builds its base afresh (embeddings cached); after the
    next ingest no collection of a killed build is left on the server."""
    from test_server_incremental import named_by_generations, server_names

    monkeypatch.setattr(build, "SERVER_SMALL_LAYERS", 1)  # every change from the third on merges the small layers

    def base(name: str):
        settings = settings_for(tmp_path / name, chroma_url=chroma_url)
        for doc_id, spec in PLANS.items():
            ingest([write_plan(tmp_path / f"{doc_id}.txt", *spec)], settings, embedder, progress=False)
        return settings

    (tmp_path / "new").mkdir()
    new = write_plan(tmp_path / "new" / "ha-tinh.txt", "Hà Tĩnh", "Phòng học bộ môn", "≥ 93%")
    ingest([new], settings_for(tmp_path / "warm"), embedder, progress=False)  # its vectors cached: no model load
    others = sorted(set(PLANS) - {"ha-tinh"})
    first = base("base")
    info = generation_info(current_generation(first))
    assert len(info["layers"]) == 1 and info["n_delta"], info  # the replace promotes the delta, then merges
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    n = counted_steps(run_child(script, first.home, new, 0, chroma_url, SERVER_PROMOTE, 1))
    assert any(layer["collection"].endswith(build.MERGED_SUFFIX)
               for layer in generation_info(current_generation(first))["layers"])
    seen = set()
    for k in kill_points(n, 8):
        names_before = server_names(chroma_url)
        settings = base(f"kill-{k}")
        before = others_snapshot(settings, embedder, others)  # its own (the documents' rows name its files)
        run = run_child(script, settings.home, new, k, chroma_url, SERVER_PROMOTE, 1)
        seen.add(check_killed(k, run, settings, embedder, others, before, new))
        assert server_names(chroma_url) - names_before == named_by_generations(settings), k  # no debris left
    assert seen == {"≥ 62%", "≥ 93%"}  # the points reached both sides of the swap


@pytest.fixture(autouse=True)
def _no_env_backend(monkeypatch):
    """The child process follows the store's backend (auto), whatever the shell running the tests sets."""
    monkeypatch.delenv("KEHOACH_EMBED_BACKEND", raising=False)
