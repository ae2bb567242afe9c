"""The index: idempotent and incremental builds, removal, failure recovery, bad files, new formats,
filters and the search CLI.

Tests that change an index build their own data directory (``fresh_settings``); the bundled one
(``built_settings`` / ``index``) is only read. Documents written here are invented: small plans of
provinces outside the bundled corpus, with a targets table.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.bundled import bundled_paths
from index import build, store
from index.build import IndexUnavailable, current_generation, ensure_index, generations, index_dir, ingest, remove
from index.retrieve import Filters, Index

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def run_token() -> str:
    """Digits unique to this run: chunk texts that carry them are not in the embedding cache yet."""
    return f"{uuid.uuid4().int % 10**8:08d}"


def write_plan_txt(path: Path, value: str, extra_title: str = "") -> Path:
    """A plan of Thái Nguyên with a tab-separated targets table; `value` is the target of row 1."""
    lines = [
        "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "",
        "KẾ HOẠCH",
        f"Phát triển thư viện trường học tỉnh Thái Nguyên đến năm 2030{extra_title}",
        "",
        "I. MỤC TIÊU",
        "Nâng cao chất lượng thư viện trường học, khuyến khích học sinh đọc sách mỗi ngày.",
        "",
        "STT\tChỉ tiêu\tĐơn vị\tKết quả",
        "I\tĐến năm 2030\t\t",
        f"1\tTỷ lệ trường có thư viện đạt chuẩn mức độ 2\t%\t{value}",
        "2\tSố đầu sách bình quân trên mỗi học sinh\tCuốn\t7",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bundled(*doc_ids: str) -> list[tuple[Path, dict]]:
    items = [(p, m) for p, m in bundled_paths() if m["doc_id"] in doc_ids]
    assert len(items) == len(doc_ids)
    return items


def records_db(settings) -> sqlite3.Connection:
    gen = current_generation(settings)
    assert gen is not None
    return store.connect(gen / "records.sqlite")


def leftovers(settings) -> list[str]:
    return [p.name for p in index_dir(settings).iterdir() if p.name.startswith("tmp-")]


# ---------------------------------------------------------------- builds: idempotent, update, remove


def test_reingest_unchanged_changes_nothing(built_settings, embedder):
    before = current_generation(built_settings)
    stats = dict(embedder.stats)
    report = ingest(list(bundled_paths()), built_settings, embedder, progress=False)
    ids = [m["doc_id"] for _, m in bundled_paths()]
    assert sorted(report.unchanged) == sorted(ids)
    assert not report.added and not report.updated and not report.errors and not report.changed
    assert report.generation == before.name
    assert current_generation(built_settings) == before
    assert embedder.stats == stats  # nothing embedded, nothing even looked up
    assert ensure_index(built_settings, embedder, progress=False) == before


def test_changed_file_replaces_its_chunks_and_records(fresh_settings, embedder, tmp_path):
    doc = write_plan_txt(tmp_path / "thu-vien.txt", "≥ 65%")
    first = ingest([doc], fresh_settings, embedder, progress=False)
    assert first.added == ["thu-vien"] and not first.errors
    idx = Index(fresh_settings, embedder=embedder, progress=False)
    row = next(i for i in idx.indicators if i.code == "1")
    assert [t.raw for t in row.targets] == ["≥ 65%"]

    write_plan_txt(doc, "≥ 80%")
    second = ingest([doc], fresh_settings, embedder, progress=False, replace="thu-vien")
    assert second.updated == ["thu-vien"] and not second.added and second.generation != first.generation

    idx = Index(fresh_settings, embedder=embedder, progress=False)
    rows = [i for i in idx.indicators if i.code == "1"]
    assert len(rows) == 1 and [t.raw for t in rows[0].targets] == ["≥ 80%"]
    texts = [n.text for n in idx.nodes.values()]
    assert any("≥ 80%" in t for t in texts)
    assert not any("65%" in t for t in texts)
    assert len(idx.indicators) == 2 and len(idx.documents) == 1
    db = records_db(fresh_settings)
    try:
        raws = [r[0] for r in db.execute("SELECT raw FROM targets")]
        assert "≥ 80%" in raws and "≥ 65%" not in raws
        assert db.execute("SELECT count(*) FROM chunks WHERE text LIKE '%65%%'").fetchone()[0] == 0
    finally:
        db.close()
    hits = idx.search("tỷ lệ trường có thư viện đạt chuẩn mức độ 2", k=3)
    assert hits[0].metadata["record_id"] == rows[0].id and "≥ 80%" in hits[0].text


def test_remove_drops_one_document_only(fresh_settings, embedder):
    ingest(bundled("cao-bang-chi-tieu-kh43", "hai-phong-de-an-gddt"), fresh_settings, embedder, progress=False)
    report = remove(["hai-phong-de-an-gddt", "khong-co"], fresh_settings, embedder, progress=False)
    assert report.removed == ["hai-phong-de-an-gddt"]
    assert [e["code"] for e in report.errors] == ["unknown_doc"] and "khong-co" in report.errors[0]["reason"]

    idx = Index(fresh_settings, embedder=embedder, progress=False)
    assert {n.metadata["doc_id"] for n in idx.nodes.values()} == {"cao-bang-chi-tieu-kh43"}
    assert {i.doc_id for i in idx.indicators} == {"cao-bang-chi-tieu-kh43"}
    assert idx.vstore._collection.count() == len(idx.nodes)
    db = records_db(fresh_settings)
    try:
        for table in ("documents", "indicators", "tasks", "chunks"):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE doc_id='hai-phong-de-an-gddt'").fetchone()[0] == 0
    finally:
        db.close()
    hits = idx.search("tỷ lệ trường phổ thông đạt chuẩn quốc gia", k=5)
    assert hits and all(h.metadata["doc_id"] == "cao-bang-chi-tieu-kh43" for h in hits)


# ---------------------------------------------------------------- failures: interrupted build, corruption


@pytest.mark.parametrize("target", ["index.build.LexicalIndex.save", "index.build.vectors.add_nodes"])
def test_interrupted_build_keeps_the_previous_generation(fresh_settings, embedder, monkeypatch, target):
    ingest(bundled("cao-bang-chi-tieu-kh43"), fresh_settings, embedder, progress=False)
    good = current_generation(fresh_settings)

    def boom(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(target, boom)
    with pytest.raises(OSError, match="simulated"):
        ingest(bundled("hai-phong-de-an-gddt"), fresh_settings, embedder, progress=False)
    assert current_generation(fresh_settings) == good
    assert leftovers(fresh_settings) == []  # the half-built generation is removed, not left lying aside
    idx = Index(fresh_settings, embedder=embedder, progress=False)
    assert idx.generation == good.name and idx.fallback_from is None
    assert {n.metadata["doc_id"] for n in idx.nodes.values()} == {"cao-bang-chi-tieu-kh43"}
    assert idx.search("giảm số điểm trường lẻ", k=3)[0].metadata["doc_id"] == "cao-bang-chi-tieu-kh43"

    monkeypatch.undo()
    report = ingest(bundled("hai-phong-de-an-gddt"), fresh_settings, embedder, progress=False)
    assert report.added == ["hai-phong-de-an-gddt"]
    assert current_generation(fresh_settings).name == report.generation != good.name
    assert leftovers(fresh_settings) == []
    idx = Index(fresh_settings, embedder=embedder, progress=False)
    assert {n.metadata["doc_id"] for n in idx.nodes.values()} == {"cao-bang-chi-tieu-kh43", "hai-phong-de-an-gddt"}


def _garble_records(gen: Path) -> None:
    (gen / "records.sqlite").write_bytes(b"this is not a database " * 200)


def _drop_lexical(gen: Path) -> None:
    (gen / "lexical.pkl").unlink()


@pytest.mark.parametrize("corrupt", [_garble_records, _drop_lexical], ids=["garbage-records", "no-lexical"])
def test_corrupt_generation_falls_back_to_the_last_good_one(fresh_settings, embedder, corrupt):
    ingest(bundled("cao-bang-chi-tieu-kh43"), fresh_settings, embedder, progress=False)
    good = current_generation(fresh_settings)
    ingest(bundled("hai-phong-de-an-gddt"), fresh_settings, embedder, progress=False)
    newest = current_generation(fresh_settings)
    assert newest != good and good in generations(fresh_settings)

    corrupt(newest)
    idx = Index(fresh_settings, embedder=embedder, progress=False)
    assert idx.generation == good.name and idx.fallback_from == newest.name
    assert {n.metadata["doc_id"] for n in idx.nodes.values()} == {"cao-bang-chi-tieu-kh43"}
    assert idx.search("giảm số điểm trường lẻ", k=3)[0].metadata["doc_id"] == "cao-bang-chi-tieu-kh43"


@pytest.mark.parametrize("corrupt", [_garble_records, _drop_lexical], ids=["garbage-records", "no-lexical"])
def test_corrupt_index_without_a_good_generation_is_unavailable(fresh_settings, embedder, corrupt):
    ingest(bundled("cao-bang-chi-tieu-kh43"), fresh_settings, embedder, progress=False)
    corrupt(current_generation(fresh_settings))
    with pytest.raises(IndexUnavailable) as err:
        Index(fresh_settings, embedder=embedder, progress=False)
    assert "Chỉ mục bị hỏng" in str(err.value)


def test_generation_of_an_older_format_is_rebuilt_on_open(fresh_settings, embedder):
    ingest(bundled("cao-bang-chi-tieu-kh43"), fresh_settings, embedder, progress=False)
    old = current_generation(fresh_settings)
    info = json.loads((old / "generation.json").read_text())
    del info["format"]  # as written before formats were recorded
    (old / "generation.json").write_text(json.dumps(info))
    stats = dict(embedder.stats)

    idx = Index(fresh_settings, embedder=embedder, progress=False)
    assert idx.generation != old.name and idx.info["format"] == build.FORMAT
    assert idx.info["n_chunks"] == info["n_chunks"] and idx.info["doc_ids"] == info["doc_ids"]
    assert embedder.stats["embedded"] == stats["embedded"]  # same chunk texts: vectors from the cache
    assert Index(fresh_settings, embedder=embedder, progress=False).generation == idx.generation  # once


def test_missing_index_is_unavailable_when_not_built(fresh_settings, embedder):
    with pytest.raises(IndexUnavailable, match="Chưa có chỉ mục"):
        Index(fresh_settings, embedder=embedder, progress=False, build_if_missing=False)


# ---------------------------------------------------------------- bad files, new formats


def test_bad_files_are_reported_and_the_good_one_is_ingested(fresh_settings, embedder, tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    sheet = tmp_path / "trinh-chieu.pptx"
    sheet.write_bytes(b"PK\x03\x04 not really a workbook")
    good = write_plan_txt(tmp_path / "thu-vien.txt", "≥ 65%")
    report = ingest([empty, sheet, good], fresh_settings, embedder, progress=False)

    assert report.added == ["thu-vien"]
    errors = {Path(e["file"]).name: e for e in report.errors}
    assert set(errors) == {"rong.txt", "trinh-chieu.pptx"}
    assert errors["rong.txt"]["code"] == "empty" and "rỗng" in errors["rong.txt"]["reason"]
    assert errors["trinh-chieu.pptx"]["code"] == "unsupported" and ".pptx" in errors["trinh-chieu.pptx"]["reason"]
    idx = Index(fresh_settings, embedder=embedder, progress=False)
    assert {d.doc_id for d in idx.documents} == {"thu-vien"}
    assert idx.search("đầu sách bình quân mỗi học sinh", k=1)[0].metadata["record_id"] == "thu-vien#I.2"


def write_docx(path: Path, token: str) -> Path:
    import docx

    d = docx.Document()
    for text in ["ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN", "KẾ HOẠCH",
                 f"Phát triển giáo dục vùng cao tỉnh Điện Biên đến năm 2030, đợt {token}", "",
                 "I. MỤC TIÊU",
                 "Tăng cường dạy học tiếng dân tộc thiểu số và xây dựng nhà bán trú cho học sinh ở bản xa."]:
        d.add_paragraph(text)
    rows = [["STT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi"],
            ["I", "Đến năm 2030", "", "", ""],
            ["1", "Tỷ lệ học sinh bán trú được hỗ trợ gạo", "%", "≥ 95%", "Sở Giáo dục và Đào tạo"],
            ["2", "Số nhà bán trú xây mới ở bản xa", "Nhà", "48", "Sở Xây dựng"]]
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.save(str(path))
    return path


def write_pdf(path: Path, token: str) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "Helvetica"
    if FONT.exists():  # Vietnamese glyphs need a Unicode TTF
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
        font = "DejaVuSans"
    style = ParagraphStyle("vi", fontName=font, fontSize=11, leading=14)
    story = [Paragraph(t, style) for t in ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "KẾ HOẠCH",
                                           f"Phát triển trường nội trú tỉnh Lai Châu đến năm 2030, đợt {token}"]]
    story += [Spacer(1, 8), Paragraph("I. MỤC TIÊU", style),
              Paragraph("Mở rộng mô hình vườn trường sinh thái gắn với giáo dục kỹ năng sống cho học sinh.", style),
              Spacer(1, 8)]
    data = [["STT", "Chỉ tiêu", "Đơn vị", "Kết quả"], ["I", "Đến năm 2030", "", ""],
            ["1", "Số trường có vườn trường sinh thái", "Trường", "37"],
            ["2", "Tỷ lệ học sinh nội trú biết bơi", "%", "≥ 70%"]]
    table = Table(data, colWidths=[40, 250, 60, 80])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_new_docx_and_pdf_become_searchable_without_reembedding_the_rest(fresh_settings, embedder, tmp_path):
    ensure_index(fresh_settings, embedder, progress=False)  # the bundled corpus (its vectors are cached)
    n_before = Index(fresh_settings, embedder=embedder, progress=False).vstore._collection.count()
    token = run_token()
    docx_path = write_docx(tmp_path / "dien-bien.docx", token)
    pdf_path = write_pdf(tmp_path / "lai-chau.pdf", token)

    stats = dict(embedder.stats)
    report = ingest([docx_path, pdf_path], fresh_settings, embedder, progress=False)
    embedded = embedder.stats["embedded"] - stats["embedded"]
    cached = embedder.stats["cached"] - stats["cached"]
    assert sorted(report.added) == ["dien-bien", "lai-chau"] and not report.errors

    idx = Index(fresh_settings, embedder=embedder, progress=False)
    new = [n for n in idx.nodes.values() if n.metadata["doc_id"] in {"dien-bien", "lai-chau"}]
    assert len(idx.nodes) == n_before + len(new)
    assert embedded == len(new)  # only the new documents' chunks went through the model
    assert cached == 0  # the other documents' chunks are not even looked up (incremental build)

    inds = {i.id: i for i in idx.indicators if i.doc_id in {"dien-bien", "lai-chau"}}
    assert inds["dien-bien#I.2"].lead == "Sở Xây dựng" and inds["dien-bien#I.2"].targets[0].raw == "48"
    assert inds["lai-chau#I.2"].targets[0].raw == "≥ 70%" and inds["lai-chau#I.2"].province == "Lai Châu"

    hit = idx.search("Điện Biên xây mới bao nhiêu nhà bán trú ở bản xa?", k=5)[0]
    assert hit.id == "dien-bien#I.2" and "Sở Xây dựng" in hit.text
    hit = idx.search("Lai Châu: số trường có vườn trường sinh thái năm 2030", k=5)[0]
    assert hit.id == "lai-chau#I.1" and "37" in hit.text
    for mode in ("fused", "dense", "lexical"):
        hits = idx.search("vườn trường sinh thái gắn với giáo dục kỹ năng sống", k=5, mode=mode)
        assert any(h.metadata["doc_id"] == "lai-chau" and h.metadata["kind"] == "prose" for h in hits), mode


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize("mode", ["fused", "dense", "lexical"])
def test_filters_restrict_every_mode(index, mode):
    query = "tỷ lệ trường đạt chuẩn quốc gia"
    unfiltered = index.search(query, k=10, mode=mode)
    assert len({h.metadata["doc_id"] for h in unfiltered}) >= 2

    hits = index.search(query, k=5, filters=Filters(provinces=["Hải Phòng"]), mode=mode)
    assert hits and all(h.metadata["province"] == "Hải Phòng" for h in hits)
    hits = index.search(query, k=5, filters=Filters(doc_ids=["sgddt-phu-luc-01"]), mode=mode)
    assert hits and all(h.metadata["doc_id"] == "sgddt-phu-luc-01" for h in hits)
    hits = index.search("cơ quan chủ trì tuyên truyền", k=5, filters=Filters(kinds=["task"]), mode=mode)
    assert hits and all(h.metadata["kind"] == "task" for h in hits)
    hits = index.search(query, k=8, filters=Filters(years=[2045]), mode=mode)
    years = [{int(y) for y in h.metadata["years"].split(",") if y} for h in hits]
    assert hits and all(not ys or 2045 in ys for ys in years) and any(2045 in ys for ys in years)


def test_combined_filters_pick_the_right_province_and_year(index):
    query = "chỉ số giáo dục đóng góp vào HDI"
    hits = index.search(query, k=3, filters=Filters(provinces=["Cao Bằng"], years=[2035], kinds=["indicator"]))
    assert hits[0].metadata["doc_id"] == "cao-bang-chi-tieu-kh43" and "> 0,85" in hits[0].text
    assert all(h.metadata["kind"] == "indicator" and "2035" in h.metadata["years"] for h in hits)
    hits = index.search(query, k=3, filters=Filters(provinces=["Hải Phòng"], years=[2035]))
    assert "≥ 0,85" in hits[0].text and hits[0].metadata["doc_id"] == "hai-phong-de-an-gddt"


def test_search_modes_and_ranks(index):
    hits = index.search("Chỉ số bất bình đẳng giáo dục Cao Bằng", k=4)
    assert len(hits) == 4 and hits[0].metadata["record_id"] == "cao-bang-chi-tieu-kh43#I.21"
    assert set(hits[0].ranks) == {"dense", "lexical"}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    with pytest.raises(ValueError):
        index.search("HDI", mode="bm25")


def test_query_without_diacritics_finds_the_same_row(index):
    accented = index.search("chỉ số bất bình đẳng giáo dục Cao Bằng năm 2030", k=3, mode="dense")
    folded = index.search("chi so bat binh dang giao duc cao bang nam 2030", k=3, mode="dense")
    assert index.dense_query("chi so bat binh dang giao duc cao bang nam 2030").startswith("chỉ số bất bình đẳng")
    assert folded[0].id == accented[0].id == "cao-bang-chi-tieu-kh43#I.21"


# ---------------------------------------------------------------- CLI


@pytest.fixture
def cli(built_settings, embedder, monkeypatch):
    """Run `kehoach --home <bundled index> …`; the CLI's Index shares the session's loaded model."""
    from ui.cli import main

    monkeypatch.setattr("index.retrieve.Embedder", lambda settings, progress=True: embedder)
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(main, ["--home", str(built_settings.home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_cli_search_json(cli):
    out = json.loads(cli("search", "--json", "-k", "3", "Mục tiêu HDI năm 2035 của Cao Bằng"))
    assert len(out) == 3
    assert {"id", "doc_id", "kind", "locator", "lines", "score", "ranks", "text"} <= set(out[0])
    assert out[0]["doc_id"] == "cao-bang-chi-tieu-kh43" and "> 0,85" in out[0]["text"]
    out = json.loads(cli("search", "--json", "-k", "4", "--province", "Hai Phong", "--kind", "indicator",
                         "--mode", "lexical", "tỷ lệ trường đạt chuẩn quốc gia"))
    assert len(out) == 4 and all(h["doc_id"] == "hai-phong-de-an-gddt" and h["kind"] == "indicator" for h in out)
    assert all(set(h["ranks"]) == {"lexical"} for h in out)


def test_cli_search_batch(cli, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("Ai ký Nghị quyết 68/NQ-HĐND?\n\nlao cai chuyen truong mam non cong lap sang tu thuc\n",
                       encoding="utf-8")
    lines = [ln for ln in cli("search", "--batch", str(queries), "-k", "2").splitlines() if ln.strip()]
    assert len(lines) == 2
    first, second = (json.loads(ln) for ln in lines)
    assert len(first) == len(second) == 2
    assert any("Bế Thanh Tịnh" in h["text"] for h in first)
    assert all(h["doc_id"] == "lao-cai-kh-nq71" for h in second)


def test_build_module_has_no_leftover_state(built_settings):
    """The bundled build left a complete generation on the local store and no half-built directory."""
    assert build.generations(built_settings) and leftovers(built_settings) == []
    info = build.generation_info(current_generation(built_settings))
    assert info["n_chunks"] > 300 and len(info["doc_ids"]) == 5 and info["chroma_url"] == ""
