"""A file that takes longer than KEHOACH_MAX_FILE_SECONDS to read is refused naming the limit and its value, its
reading really stops (the worker process is killed) and nothing of it is added; a cancel (the app's button) or
Ctrl-C (SIGINT to `kehoach ingest`) stops an ingest leaving the last good generation and no debris."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import bundled, settings_for, write_plan

from index import parse_worker
from index.build import PENDING, IngestCancelled, index_dir, ingest, pointer_name
from index.retrieve import Index

A = "cao-bang-chi-tieu-kh43"


def slow_table(path: Path, chars: int = 1_200_000) -> Path:
    """A long plain-text targets table: several seconds to read on 2 cores (well inside the size limits)."""
    rng = random.Random(5)
    rows, size = ["KẾ HOẠCH", "STT\tChỉ tiêu\tĐơn vị\tNăm 2030"], 0
    while size < chars:
        row = f"{len(rows)}\tTỷ lệ trường học đạt chuẩn số {rng.randint(0, 10**6)} của xã {len(rows)}\t%\t≥ {rng.randint(1, 99)}%"
        rows.append(row)
        size += len(row)
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def slow_file(tmp_path_factory) -> Path:
    return slow_table(tmp_path_factory.mktemp("slow") / "bang-rat-dai.txt")


@pytest.fixture
def home(tmp_path, embedder):
    settings = settings_for(tmp_path / "home")
    ingest(bundled(A), settings, embedder, progress=False)
    return settings


def no_debris(settings) -> None:
    assert not [p for p in index_dir(settings).iterdir() if p.name.startswith("tmp-")]
    pending = settings.home / "files" / PENDING
    assert not pending.exists() or not list(pending.iterdir())
    assert {p.stem for p in (settings.home / "files").iterdir() if p.is_file()} == {A}


def test_a_file_over_the_time_limit_is_refused_naming_the_limit(home, embedder, slow_file, tmp_path):
    settings = settings_for(home.home, max_file_seconds=1.5)
    good = write_plan(tmp_path / "nghe-an.txt", "Nghệ An", "Thư viện trường học", "≥ 60%")
    before, started = pointer_name(settings), parse_worker.WORKER.started
    t0 = time.monotonic()
    report = ingest([slow_file, good], settings, embedder, progress=False)
    elapsed = time.monotonic() - t0
    [err] = report.errors
    assert err["code"] == "timeout"
    assert "1,5 giây" in err["reason"] and "KEHOACH_MAX_FILE_SECONDS" in err["reason"]
    assert "bang-rat-dai.txt" in err["reason"] and "không được thêm" in err["reason"]
    assert report.added == ["nghe-an"]  # the next file is read by a fresh worker
    assert parse_worker.WORKER.started >= started + 1
    assert elapsed < 30, elapsed  # (the slow file alone takes several seconds to read)
    assert pointer_name(settings) != before
    files = {p.name for p in (settings.home / "files").iterdir() if p.is_file()}
    assert files == {f"{A}.txt", "nghe-an.txt"}
    assert set(Index(settings, embedder=embedder, progress=False).docs_by_id) == {A, "nghe-an"}


def test_the_limit_comes_from_the_environment(monkeypatch):
    from corpus.settings import Settings

    assert Settings().max_file_seconds == 900 or os.environ.get("KEHOACH_MAX_FILE_SECONDS")
    monkeypatch.setenv("KEHOACH_MAX_FILE_SECONDS", "2.5")
    assert Settings().max_file_seconds == 2.5


def test_cancel_while_reading_kills_the_reader(home, embedder, slow_file):
    cancel = threading.Event()
    threading.Timer(0.8, cancel.set).start()
    before = pointer_name(home)
    t0 = time.monotonic()
    with pytest.raises(IngestCancelled, match="Đã hủy"):
        ingest([slow_file], settings_for(home.home, max_file_seconds=120), embedder, progress=False, cancel=cancel)
    assert time.monotonic() - t0 < 5
    assert not parse_worker.WORKER.alive()
    assert pointer_name(home) == before
    no_debris(home)


def test_cancel_during_the_build_leaves_the_last_good_generation(home, embedder, tmp_path):
    cancel = threading.Event()
    doc = write_plan(tmp_path / "ha-tinh.txt", "Hà Tĩnh", "Phòng học bộ môn", "≥ 80%")
    seen = []

    def on_progress(frac, message):  # the first report comes once the records are written aside
        seen.append(message)
        cancel.set()

    before = pointer_name(home)
    with pytest.raises(IngestCancelled):
        ingest([doc], home, embedder, progress=False, on_progress=on_progress, cancel=cancel)
    assert seen and pointer_name(home) == before
    no_debris(home)
    assert set(Index(home, embedder=embedder, progress=False).docs_by_id) == {A}
    report = ingest([doc], home, embedder, progress=False)  # the same file goes in normally afterwards
    assert report.added == ["ha-tinh"]


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, IndexError, ValueError):
                continue
    return out


@pytest.mark.parametrize("when", ["reading", "building"])
def test_ctrl_c_stops_kehoach_ingest_cleanly(home, slow_file, tmp_path, when):
    """SIGINT to the whole process group (what Ctrl-C in a terminal sends) while a file is read, or while the
    new generation is built aside: exit 130 with a Vietnamese message, the last generation current, no debris,
    no reader process left."""
    before = pointer_name(home)
    if when == "reading":
        target = slow_file
    else:  # a plan never seen before: its chunks must be embedded, so the build takes a while
        target = write_plan(tmp_path / "quang-tri.txt", "Quảng Trị", f"Phòng học số {random.randint(0, 10**9)}", "≥ 75%")
    kehoach = Path(sys.executable).with_name("kehoach")
    env = {**os.environ, "KEHOACH_MAX_FILE_SECONDS": "120"}
    # Ctrl-C's default action, whatever the test runner inherited (a shell's background job ignores SIGINT)
    proc = subprocess.Popen([str(kehoach), "--home", str(home.home), "--chroma-url", "", "ingest", str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    readers: list[int] = []
    while time.time() < deadline and proc.poll() is None:
        if when == "reading":
            readers = [c for c in _children(proc.pid) if b"parse_worker" in Path(f"/proc/{c}/cmdline").read_bytes()]
            if readers:
                time.sleep(0.5)  # well into the read
                break
        elif any(p.name.startswith("tmp-") for p in index_dir(home).iterdir()):
            break
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    stopped_in = time.monotonic() - t0
    assert proc.returncode == 130, (out.decode(), err.decode())
    assert "Đã dừng theo yêu cầu" in err.decode()
    assert stopped_in < 20, stopped_in
    for r in readers:
        assert not Path(f"/proc/{r}").exists() or "Z" in Path(f"/proc/{r}/stat").read_text().split(")")[1][:3]
    assert pointer_name(home) == before
    no_debris(home)
