"""The same targets table read from DOCX, PDF, HTML and TXT gives the same records; bad files fail clearly.

The documents are invented by tests/fixtures_docs.py (a plan of Nghệ An, a province that is
not in the bundled corpus). The PDF uses DejaVu Sans, which has the Vietnamese glyphs; on a
machine without any such font the PDF is written without diacritics and compared folded.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import fixtures_docs as fx
import pytest

from corpus.parse import parse_file, parse_lines
from corpus.readers import CorpusError, read_lines
from corpus.tables import column_role, header_names
from corpus.textnorm import fold

FONT = fx.vietnamese_font()
FORMATS = ["docx", "pdf", "html", "txt"]
STYLES = ["simple", "merged"]


def write(tmp_path: Path, ext: str, style: str = "simple", name: str = "ke-hoach-nghe-an") -> Path:
    path = tmp_path / f"{name}-{style}.{ext}"
    if ext == "pdf":
        return fx.write_pdf(path, style, FONT)
    return fx.WRITERS[ext](path, style)


def records(doc) -> list[tuple]:
    return [(i.group, i.code, i.name, i.unit, {t.year: t.raw for t in i.targets}, i.lead) for i in doc.indicators]


def expected(ext: str) -> list[tuple]:
    if ext == "pdf" and FONT is None:
        return [tuple(_fold_all(x) for x in row) for row in fx.EXPECTED]
    return fx.EXPECTED


def _fold_all(x):
    if isinstance(x, dict):
        return {k: fx.ascii_text(v) for k, v in x.items()}
    return fx.ascii_text(x)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("ext", FORMATS)
def test_same_indicator_records_from_every_format(tmp_path, ext, style):
    path = write(tmp_path, ext, style)
    doc = parse_file(path)
    assert records(doc) == expected(ext)
    assert [i.code for i in doc.indicators] == ["1", "2", "3", "1", "2"]
    for ind in doc.indicators:
        assert ind.source == "table"
        assert ind.province == fx.PROVINCE  # "Nghe An" without diacritics names it too
        assert [t.period for t in ind.targets] == ["2030", "2035"]
        assert fold(ind.columns[-1]) == "co quan chu tri"
    # parsed values agree too
    by_code = {(i.groups[0][:2], i.code): i for i in doc.indicators}
    hdi = by_code[("I.", "2")]
    assert hdi.targets[0].value.low == 0.75 and hdi.targets[1].value.comparator == ">"
    assert hdi.targets[1].value.low == 0.8
    assert by_code[("I.", "3")].targets[0].value.low == 12000
    labour = by_code[("II", "1")]
    assert labour.targets[0].value.is_range and (labour.targets[0].value.low, labour.targets[0].value.high) == (70, 75)
    assert labour.targets[1].has_target is False and labour.targets[1].value is None
    assert labour.years == [2030]
    # the ids are stable across formats (same doc_id → same record ids)
    assert [i.id.split("#")[1] for i in doc.indicators] == ["I.1", "I.2", "I.3", "II.1", "II.2"]


@pytest.mark.parametrize("ext", FORMATS)
def test_metadata_and_text_around_the_table(tmp_path, ext):
    doc = parse_file(write(tmp_path, ext))
    assert doc.doc_id == "ke-hoach-nghe-an-simple"
    assert doc.origin is None  # not from the manifest
    if ext != "pdf" or FONT:
        assert doc.title == fx.TITLE
        assert doc.province == "Nghệ An"
        assert doc.meta_source["province"] == "text"
        assert "Các chỉ tiêu chủ yếu của Kế hoạch như sau." in doc.lines
        assert "Nơi nhận:" in doc.lines
    assert doc.doc_type == "Kế hoạch"
    # exactly one table span, covering the header and the rows
    assert len(doc.tables) == 1
    start, end = doc.tables[0]
    assert doc.lines[start - 1].startswith("TT\t")
    assert doc.lines[end - 1].startswith("2\t")
    # web-page chrome of the HTML page does not reach the text
    assert not any(fold(ln) in {"trang chu dang nhap", "dang nhap", "trang chu"} for ln in doc.lines)
    assert not any("Bản quyền" in ln for ln in doc.lines)


def test_pdf_long_cell_wraps_inside_its_cell_and_rows_stay_apart(tmp_path):
    path = write(tmp_path, "pdf")
    raw, wrapped = read_lines(path)
    assert wrapped is True  # PDF prose is hard-wrapped; table rows must survive the re-join
    doc = parse_file(path)
    conv = str if FONT else fx.ascii_text
    rows = [ln for ln in doc.lines if "\t" in ln]
    assert len(rows) == 1 + len(fx.ROWS)  # header + every row on its own line, none glued together
    assert rows[1].split("\t") == ["I", conv("Về giáo dục phổ thông"), "", "", "", ""]
    assert rows[3].split("\t")[0] == "2" and rows[4].split("\t")[0] == "3"
    assert conv(fx.LONG_NAME) in rows[4]  # wrapped over two lines inside its cell, one cell again


MERGED_GRID = [
    ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "", "Cơ quan chủ trì"],
    # a cell merged down holds for every row it covers; a cell merged across is written once
    ["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2030", "Năm 2035", "Cơ quan chủ trì"],
    *fx.ROWS,
]


@pytest.mark.parametrize("ext", ["docx", "html", "pdf"])
def test_merged_cells_are_read_on_the_table_grid(tmp_path, ext):
    path = write(tmp_path, ext, "merged")
    raw, _ = read_lines(path)
    rows = [r.split("\t") for r in raw if "\t" in r]
    conv = str if ext != "pdf" or FONT else fx.ascii_text
    assert rows == [[conv(c) for c in row] for row in MERGED_GRID]


def test_the_merged_layout_really_merges(tmp_path):
    import docx

    html = write(tmp_path, "html", "merged").read_text(encoding="utf-8")
    assert "rowspan='2'" in html and "colspan='2'" in html and "rowspan='3'" in html
    assert html.count("Sở Giáo dục và Đào tạo") == 1 and html.count("Sở Nội vụ") == 1
    table = docx.Document(str(write(tmp_path, "docx", "merged"))).tables[0]
    continued = [tc for tr in table._tbl.tr_lst for tc in tr.tc_lst if tc.vMerge == "continue"]
    assert len(continued) == 4 + 2 + 1  # header: TT, Chỉ tiêu, Đơn vị tính, Cơ quan; body: 2 + 1


def test_stacked_header_label_repeated_under_itself_counts_once():
    # some readers repeat a vertically merged header cell in every row it spans
    names = header_names([["TT", "Đơn vị tính", "Mức chỉ tiêu", ""], ["TT", "Đơn vị tính", "2030", "2035"]])
    assert names == ["TT", "Đơn vị tính", "Mức chỉ tiêu 2030", "Mức chỉ tiêu 2035"]
    assert [column_role(n) for n in names] == ["code", "unit", "value", "value"]


def test_decomposed_unicode_file_parses_like_composed(tmp_path):
    import unicodedata

    nfc = fx.write_txt(tmp_path / "nfc.txt")
    nfd = tmp_path / "nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", nfc.read_text(encoding="utf-8")), encoding="utf-8")
    assert nfd.read_bytes() != nfc.read_bytes()
    a, b = parse_file(nfc, doc_id="x"), parse_file(nfd, doc_id="x")
    assert records(a) == records(b) == fx.EXPECTED
    assert a.lines == b.lines and a.title == b.title and a.province == b.province == "Nghệ An"


def test_old_tone_marks_read_as_new(tmp_path):
    text = fx.write_txt(tmp_path / "a.txt").read_text(encoding="utf-8")
    old = tmp_path / "old.txt"
    old.write_text(text.replace("Tỷ lệ trường phổ thông", "Tỷ lệ trường phổ thông (thuỷ lợi hoá)"), encoding="utf-8")
    doc = parse_file(old)
    assert doc.indicators[0].name == "Tỷ lệ trường phổ thông (thủy lợi hóa) đạt chuẩn quốc gia"


def test_utf16_text_file_with_bom_is_read(tmp_path):
    src = fx.write_txt(tmp_path / "a.txt").read_text(encoding="utf-8")
    path = tmp_path / "unicode.txt"
    path.write_bytes(src.encode("utf-16"))  # Notepad's "Unicode": UTF-16 LE with a BOM
    doc = parse_file(path)
    assert records(doc) == fx.EXPECTED


def _cp1258(text: str) -> bytes:
    """Windows-1258 bytes: letters with ^, ˘ and horns precomposed, the five tone marks combining."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out: list[str] = []
    base, marks = "", []
    for ch in unicodedata.normalize("NFD", text) + "\x00":
        if unicodedata.combining(ch):
            marks.append(ch)
            continue
        if base:
            out.append(unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones)))
            out.extend(m for m in marks if m in tones)
        base, marks = ch, []
    return "".join(out).encode("cp1258")


def test_windows_1258_text_file_is_read(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes(_cp1258("KẾ HOẠCH\nPhát triển giáo dục tỉnh Nghệ An\n"))
    doc = parse_file(path)
    assert doc.province == "Nghệ An"
    assert doc.lines[1] == "Phát triển giáo dục tỉnh Nghệ An"
    assert doc.title == "Kế hoạch Phát triển giáo dục tỉnh Nghệ An"


# --- bad input ------------------------------------------------------------------------------------

def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str, str]]:
    """name → (path, expected code, words the reason must contain)."""
    files: dict[str, tuple[Path, str, str]] = {}
    p = tmp_path / "rong.txt"
    p.write_bytes(b"")
    files["empty"] = (p, "empty", "rỗng")
    p = tmp_path / "gia-mao.pdf"
    p.write_text("Đây không phải là tệp PDF mà là văn bản thường.", encoding="utf-8")
    files["not_pdf"] = (p, "corrupt", "PDF")
    p = tmp_path / "trinh-chieu.pptx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    files["xlsx"] = (p, "unsupported", ".pptx")
    p = tmp_path / "chuong-trinh.exe"
    p.write_bytes(b"MZ\x90\x00\x03\x00")
    files["exe"] = (p, "unsupported", ".exe")
    p = tmp_path / "hong.docx"
    p.write_bytes(b"PK\x03\x04 this is not a zip archive")
    files["corrupt_docx"] = (p, "corrupt", ".docx")
    p = tmp_path / "zip-khac.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "a zip, but not a Word document")
    files["zip_not_docx"] = (p, "corrupt", ".docx")
    p = tmp_path / "van-ban.docx"
    p.write_text("plain text saved with a .docx name", encoding="utf-8")
    files["text_as_docx"] = (p, "corrupt", "Word")
    p = tmp_path / "cat-cut.pdf"
    p.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    files["truncated_pdf"] = (p, "corrupt", ".pdf")
    p = tmp_path / "chi-co-script.html"
    p.write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    files["html_no_text"] = (p, "no_text", "không có chữ")
    p = tmp_path / "khoang-trang.txt"
    p.write_text("   \n\n\t \n", encoding="utf-8")
    files["blank_txt"] = (p, "no_text", "không có chữ")
    p = tmp_path / "nhi-phan.txt"
    p.write_bytes(b"\x00\x01\x02\x03binary")
    files["binary_txt"] = (p, "corrupt", "nhị phân")
    p = tmp_path / "ma-la.txt"
    p.write_bytes(b"\x81\x8d\x8f\x90 \x9d\x9e")  # neither UTF-8 nor Windows-1258
    files["encoding"] = (p, "encoding", "bảng mã")
    return files


BAD = ["empty", "not_pdf", "xlsx", "exe", "corrupt_docx", "zip_not_docx", "text_as_docx", "truncated_pdf",
       "html_no_text", "blank_txt", "binary_txt", "encoding"]


@pytest.mark.parametrize("case", BAD)
def test_bad_file_raises_corpus_error_naming_file_and_reason(tmp_path, case):
    path, code, words = _bad_files(tmp_path)[case]
    with pytest.raises(CorpusError) as info:
        parse_file(path)
    err = info.value
    assert err.code == code
    assert err.path == str(path)
    assert path.name in str(err)
    assert words.lower() in str(err).lower()
    assert err.reason and err.reason in str(err)
    assert isinstance(err, ValueError)


def test_missing_file(tmp_path):
    with pytest.raises(CorpusError) as info:
        parse_file(tmp_path / "khong-ton-tai.docx")
    assert info.value.code == "missing"
    assert "khong-ton-tai.docx" in str(info.value) and "không tồn tại" in str(info.value)


def test_size_limit_is_configurable(tmp_path):
    path = write(tmp_path, "txt")
    size = path.stat().st_size
    assert parse_file(path, max_bytes=size).indicators  # exactly at the limit: fine
    with pytest.raises(CorpusError) as info:
        parse_file(path, max_bytes=size - 1)
    err = info.value
    assert err.code == "too_large"
    assert path.name in str(err)
    assert "quá lớn" in str(err)
    # the sizes in the message are readable at any scale (not "0.0 MB")
    assert "0.0 MB" not in str(err) and "0,0" not in str(err)
    assert f"{size - 1} byte" in str(err) or "KB" in str(err)
    with pytest.raises(CorpusError) as info:
        parse_file(path, max_bytes=1)
    assert "1 byte" in str(info.value)


def test_bad_files_in_a_batch_do_not_affect_the_good_ones(tmp_path):
    good = [write(tmp_path, ext) for ext in FORMATS]
    bad = [p for p, _, _ in _bad_files(tmp_path).values()]
    batch = [bad[0], good[0], bad[1], bad[2], good[1], bad[4], good[2], bad[-1], good[3]]
    parsed, errors = {}, {}
    for path in batch:
        try:
            parsed[path.name] = parse_file(path)
        except CorpusError as exc:
            errors[path.name] = exc.code
    assert set(parsed) == {p.name for p in good}
    assert errors == {bad[0].name: "empty", bad[1].name: "corrupt", bad[2].name: "unsupported",
                      bad[4].name: "corrupt", bad[-1].name: "encoding"}
    for path in good:
        doc = parsed[path.name]
        ext = path.suffix[1:]
        assert records(doc) == expected(ext)
        # identical to parsing the file on its own
        alone = parse_file(path)
        assert records(alone) == records(doc) and alone.lines == doc.lines


def test_parse_lines_needs_no_file():
    raw = [*fx.HEAD, "", *("\t".join(r) for r in [*fx.SIMPLE_HEADER, *fx.ROWS])]
    doc = parse_lines(raw, "tu-dong", manifest={"origin": "seed.txt", "title": "ignored when the text has one"})
    assert doc.doc_id == "tu-dong"
    assert doc.origin == "seed.txt"
    assert doc.title == fx.TITLE and doc.meta_source["title"] == "text"
    assert records(doc) == fx.EXPECTED
    assert doc.source_path is None and doc.content_hash == ""


def test_manifest_fills_only_fields_the_text_leaves_blank(tmp_path):
    path = write(tmp_path, "txt")
    doc = parse_file(path, manifest={"doc_id": "nghe-an-kh", "province": "Hà Tĩnh", "signer": "Nguyễn Văn A",
                                     "origin": "999_seed.txt"})
    assert doc.doc_id == "nghe-an-kh"
    assert doc.province == "Nghệ An" and doc.meta_source["province"] == "text"
    assert doc.signer == "Nguyễn Văn A" and doc.meta_source["signer"] == "manifest"
    assert doc.origin == "999_seed.txt"
    assert all(i.id.startswith("nghe-an-kh#") for i in doc.indicators)
