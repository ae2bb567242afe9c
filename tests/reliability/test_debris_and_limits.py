"""Leftovers of killed ingests are cleaned on start-up (logged); a whole file on one line is read in time
proportional to its length, and a text over the character limit is refused naming the limit; the
command line answers every line of a batch with a bad byte and a question that is not UTF-8."""

from __future__ import annotations

import json
import logging
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import bundled, settings_for, write_plan

from corpus.cleaning import wrap_long_lines
from corpus.parse import parse_file
from corpus.readers import CorpusError
from index.build import PENDING, current_generation, ensure_index, index_dir, ingest
from index.retrieve import Index


def test_leftovers_of_a_killed_ingest_are_cleaned_on_start_up(tmp_path, embedder, caplog):
    settings = settings_for(tmp_path / "home")
    ingest(bundled("cao-bang-chi-tieu-kh43"), settings, embedder, progress=False)
    gen = current_generation(settings)
    files = settings.home / "files"
    # what a SIGKILL during an ingest leaves: a half-built generation, a copied source never committed,
    # and (older versions) a source file copied next to the kept ones
    half = index_dir(settings) / "tmp-gen-20990101-000000-000000001"
    (half / "chroma").mkdir(parents=True)
    (half / "records.sqlite").write_bytes(b"partial")
    (files / PENDING).mkdir(exist_ok=True)
    (files / PENDING / "ke-hoach-moi.txt").write_text("nửa chừng", encoding="utf-8")
    (files / "ke-hoach-cu.txt").write_text("không thuộc chỉ mục", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert ensure_index(settings, embedder, progress=False) == gen
    assert not half.exists() and not list((files / PENDING).iterdir()) and not (files / "ke-hoach-cu.txt").exists()
    assert (files / "cao-bang-chi-tieu-kh43.txt").exists()  # the kept source of a document stays
    assert caplog.text.count("leftover of an interrupted ingest") == 3
    assert set(Index(settings, embedder=embedder, progress=False).docs_by_id) == {"cao-bang-chi-tieu-kh43"}


def test_a_committed_source_left_pending_is_completed(tmp_path, embedder):
    settings = settings_for(tmp_path / "home")
    doc = write_plan(tmp_path / "nghe-an.txt", "Nghệ An", "Thư viện trường học", "≥ 60%")
    ingest([doc], settings, embedder, progress=False)
    kept = settings.home / "files" / "nghe-an.txt"
    os.replace(kept, settings.home / "files" / PENDING / "nghe-an.txt")  # killed between swap and move
    ensure_index(settings, embedder, progress=False)
    assert kept.exists() and kept.read_bytes() == doc.read_bytes()


def test_kill_during_ingest_leaves_no_debris_after_the_next_start(tmp_path, embedder):
    """A real SIGKILL of `kehoach ingest` in flight, then a start: the store answers, no debris."""
    settings = settings_for(tmp_path / "home")
    ingest(bundled("cao-bang-chi-tieu-kh43"), settings, embedder, progress=False)
    before = current_generation(settings)
    doc = write_plan(tmp_path / "ha-tinh.txt", "Hà Tĩnh", f"Phòng học số {random.randint(0, 10**9)}", "≥ 70%")
    kehoach = Path(sys.executable).with_name("kehoach")
    proc = subprocess.Popen([str(kehoach), "--home", str(settings.home), "--chroma-url", "", "ingest", str(doc)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:  # kill once the build is under way
        if any(p.name.startswith("tmp-") for p in index_dir(settings).iterdir()):
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    idx = Index(settings, embedder=embedder, progress=False)
    assert "cao-bang-chi-tieu-kh43" in idx.docs_by_id
    assert not [p for p in index_dir(settings).iterdir() if p.name.startswith("tmp-")]
    pending = settings.home / "files" / PENDING
    assert not pending.exists() or not list(pending.iterdir())
    names = {p.stem for p in (settings.home / "files").iterdir() if p.is_file()}
    assert names == set(idx.docs_by_id)  # every kept file belongs to a document, and back
    assert current_generation(settings) in (before, current_generation(settings))


# ------------------------------------------------------------------ long lines, character limit


def one_line(n_chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words = ("phát triển giáo dục đào tạo tỉnh kế hoạch mục tiêu năm 2030 tỷ lệ trường học đạt chuẩn "
             "quốc gia , . ; 45% sở ngành").split()
    out, size = [], 0
    while size < n_chars:
        w = rng.choice(words)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)


def test_wrapping_is_linear_and_keeps_every_character():
    text = one_line(300_000)
    lines = wrap_long_lines([text], 5000)
    assert len(lines) > 50 and all(len(ln) <= 5000 for ln in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap_long_lines(["ngắn", "a\tb"], 5000) == ["ngắn", "a\tb"]


def test_a_long_single_line_reads_in_time_proportional_to_its_length(tmp_path):
    small, big = tmp_path / "mot-dong-nho.txt", tmp_path / "mot-dong-lon.txt"
    small.write_text(one_line(100_000), encoding="utf-8")
    big.write_text(one_line(400_000), encoding="utf-8")
    parse_file(small)  # warm-up (imports, caches)
    t0 = time.perf_counter()
    parse_file(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    doc = parse_file(big)
    t_big = time.perf_counter() - t0
    assert len(doc.lines) >= 80
    assert t_big < 8 * t_small + 2.0, (t_small, t_big)  # 4× the text: about 4× the time, never 16×


def test_a_text_over_the_character_limit_is_refused_naming_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_MAX_DOC_CHARS", "50000")
    path = tmp_path / "qua-dai.txt"
    path.write_text(one_line(60_000), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        parse_file(path)
    assert err.value.code == "too_long" and "50.000 ký tự" in str(err.value) and "KEHOACH_MAX_DOC_CHARS" in str(err.value)


# ------------------------------------------------------------------ the command line with bad bytes


def test_batch_with_a_bad_byte_answers_every_other_line(built_settings, tmp_path):
    from ui.cli import main

    batch = tmp_path / "cau-hoi.txt"
    batch.write_bytes("Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?\n".encode()
                      + b"C\xe2u h\xffi l\xf4i\n" + b"???\n"
                      + "Mục tiêu HDI năm 2035 của Cao Bằng?\n".encode())
    run = CliRunner().invoke(main, ["--home", str(built_settings.home), "--chroma-url", "", "ask", "--batch",
                                    str(batch)])
    assert run.exit_code == 0, run.output
    # (stderr may share the captured output: a progress bar can precede a JSON line)
    rows = [json.loads(line[line.index('{"question"'):]) for line in run.output.splitlines() if '{"question"' in line]
    assert [r["status"] for r in rows][0] == "answered" and rows[-1]["status"] == "answered"
    assert len(rows) == 4, [(r["question"], r["status"]) for r in rows]
    assert rows[2]["status"] == "error" and rows[1]["status"] in {"answered", "not_found"}


def test_a_question_that_is_not_utf8_is_answered(built_settings):
    from ui.cli import main

    arg = b"M\xffc ti\xeau HDI 2035 Cao B\xe8ng".decode("utf-8", "surrogateescape")
    run = CliRunner().invoke(main, ["--home", str(built_settings.home), "--chroma-url", "", "ask", "--json", arg])
    assert run.exit_code in (0, 2), run.output
    assert json.loads(run.output[run.output.index("{"):])["status"] in {"answered", "not_found"}
    empty = CliRunner().invoke(main, ["--home", str(built_settings.home), "ask", "--json", "\u202e \x00"])
    assert empty.exit_code == 2 and json.loads(empty.output[empty.output.index("{"):])["status"] == "error"
