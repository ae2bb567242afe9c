"""Documents have identities, not file names: a same-named file never replaces a document (bundled ones
included) unless replace names it; identical files change nothing; every replace/remove is logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import bundled, settings_for, write_plan

from index import integrity
from index.build import ingest, remove
from index.retrieve import Index
from ui.uploads import ingest_uploads, summary_markdown


def doc_ids(settings) -> set[str]:
    return {d.doc_id for d in Index(settings, progress=False, build_if_missing=False).documents}


@pytest.fixture
def home(tmp_path, embedder):
    settings = settings_for(tmp_path / "home")
    ingest(bundled("cao-bang-chi-tieu-kh43"), settings, embedder, progress=False)
    return settings


def test_names_that_fold_to_one_id_make_two_documents(home, embedder, tmp_path):
    (tmp_path / "a").mkdir()
    first = write_plan(tmp_path / "a" / "Báo cáo.txt", "Nghệ An", "Thư viện trường học", "≥ 60%")
    second = write_plan(tmp_path / "bao-cao.txt", "Hà Tĩnh", "Phòng học bộ môn", "≥ 75%")
    r1 = ingest([first], home, embedder, progress=False)
    r2 = ingest([second], home, embedder, progress=False)
    assert r1.added == ["bao-cao"] and r2.added == ["bao-cao-2"] and not r2.updated
    assert r2.renamed == [{"file": "bao-cao.txt", "doc_id": "bao-cao-2", "collides_with": "bao-cao"}]
    assert {"bao-cao", "bao-cao-2", "cao-bang-chi-tieu-kh43"} == doc_ids(home)
    # the identical file again: a no-op, whatever its name
    r3 = ingest([second], home, embedder, progress=False)
    assert r3.unchanged == ["bao-cao-2"] and not r3.changed and r3.generation == r2.generation


def test_a_bundled_document_is_never_replaced_by_a_same_named_file(home, embedder, tmp_path):
    fake = write_plan(tmp_path / "cao-bang-chi-tieu-kh43.txt", "Cao Bằng", "Chỉ số giả", "1%")
    report = ingest([fake], home, embedder, progress=False)
    assert report.added == ["cao-bang-chi-tieu-kh43-2"] and not report.updated
    idx = Index(home, embedder=embedder, progress=False)
    original = idx.docs_by_id["cao-bang-chi-tieu-kh43"]
    assert "HDI" in " ".join(original.lines) and original.origin
    assert not [e for e in integrity.changes(home) if e["action"] in {"replace", "remove"}]


def test_replace_is_explicit_and_logged(home, embedder, tmp_path):
    path = write_plan(tmp_path / "thu-vien.txt", "Nghệ An", "Thư viện trường học", "≥ 60%")
    ingest([path], home, embedder, progress=False)
    old_hash = integrity.sha256_file(path)
    write_plan(path, "Nghệ An", "Thư viện trường học", "≥ 90%")
    report = ingest([path], home, embedder, progress=False, replace="thu-vien", who="tester@test")
    assert report.updated == ["thu-vien"] and not report.added
    log = [e for e in integrity.changes(home) if e["action"] == "replace"]
    assert log and log[-1]["doc_id"] == "thu-vien" and log[-1]["who"] == "tester@test"
    assert log[-1]["old_hash"] == old_hash and log[-1]["time"] and Path(log[-1]["old_file"]).is_file()
    removed = remove(["thu-vien"], home, embedder, progress=False, who="tester@test")
    assert removed.removed == ["thu-vien"]
    assert integrity.changes(home)[-1]["action"] == "remove"
    unknown = ingest([path], home, embedder, progress=False, replace="khong-co")
    assert unknown.errors and unknown.errors[0]["code"] == "unknown_doc" and not unknown.changed


def test_cli_suffixes_a_taken_id_and_replaces_only_with_the_option(home, embedder, tmp_path):
    from ui.cli import main

    fake = write_plan(tmp_path / "cao-bang-chi-tieu-kh43.txt", "Cao Bằng", "Chỉ số giả", "2%")
    run = CliRunner().invoke(main, ["--home", str(home.home), "--chroma-url", "", "ingest", "--json", str(fake)])
    assert run.exit_code == 0, run.output
    assert '"cao-bang-chi-tieu-kh43-2"' in run.output and '"updated": []' in run.output
    bad = CliRunner().invoke(main, ["--home", str(home.home), "ingest", "--replace", "x", str(fake), str(fake)])
    assert bad.exit_code == 2 and "đúng một tệp" in bad.output
    write_plan(fake, "Cao Bằng", "Chỉ số giả", "3%")
    run = CliRunner().invoke(main, ["--home", str(home.home), "--chroma-url", "", "ingest", "--replace",
                                    "cao-bang-chi-tieu-kh43-2", str(fake)])
    assert run.exit_code == 0 and "Thay thế: ['cao-bang-chi-tieu-kh43-2']" in run.output, run.output
    assert doc_ids(home) == {"cao-bang-chi-tieu-kh43", "cao-bang-chi-tieu-kh43-2"}
    assert integrity.changes(home)[-1]["who"].endswith("@cli")


def test_upload_of_a_same_named_file_becomes_a_new_document(home, embedder, tmp_path):
    upload = write_plan(tmp_path / "cao-bang-chi-tieu-kh43.txt", "Cao Bằng", "Chỉ số tải lên", "4%")

    def run(paths, on_progress=None, **kwargs):
        return ingest(paths, home, embedder, progress=False, on_progress=on_progress, who="web@app", **kwargs)

    result = ingest_uploads([upload], home, run)
    assert result.added == ["cao-bang-chi-tieu-kh43-2"] and not result.updated
    text = summary_markdown(result, {})
    assert "trùng tên" in text and "cao-bang-chi-tieu-kh43-2" in text and "văn bản cũ giữ nguyên" in text
    # replacing is a deliberate choice naming the document; with two files it is refused
    write_plan(upload, "Cao Bằng", "Chỉ số tải lên", "5%")
    two = ingest_uploads([upload, upload], home, run, replace="cao-bang-chi-tieu-kh43-2")
    assert two.errors and two.errors[0]["code"] == "replace_one" and not two.changed
    one = ingest_uploads([upload], home, run, replace="cao-bang-chi-tieu-kh43-2")
    assert one.updated == ["cao-bang-chi-tieu-kh43-2"] and "Đã thay thế" in summary_markdown(one, {})
    assert doc_ids(home) == {"cao-bang-chi-tieu-kh43", "cao-bang-chi-tieu-kh43-2"}
    assert integrity.changes(home)[-1]["who"] == "web@app"
