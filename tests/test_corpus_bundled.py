"""Issue #2 acceptance on the bundled corpus: indicator rows, prose targets, tasks, metadata, clean text.

Every expected count below was found by reading the document in corpus/bundled/ by hand
(the comment next to it says how), not by running the parser.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from corpus.bundled import BUNDLED_DIR, load_bundled, manifest_entries
from corpus.records import Document, Indicator
from corpus.textnorm import fold


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {d.doc_id: d for d in load_bundled()}


def table_rows(doc: Document) -> list[Indicator]:
    return [i for i in doc.indicators if i.source == "table"]


def only(items: list[Indicator], **attrs: object) -> Indicator:
    found = [i for i in items if all(getattr(i, k) == v for k, v in attrs.items())]
    assert len(found) == 1, f"{attrs}: {len(found)} records"
    return found[0]


def target(ind: Indicator, year: int):
    found = [t for t in ind.targets if t.year == year]
    assert len(found) == 1, f"{ind.code}: no single target for {year}: {ind.targets}"
    return found[0]


# --- the manifest ----------------------------------------------------------------------------

def test_every_manifest_document_loads_with_its_origin(docs):
    entries = manifest_entries()
    assert [e["doc_id"] for e in entries] == list(docs)
    assert len(entries) == 5
    for e in entries:
        doc = docs[e["doc_id"]]
        assert doc.origin == e["origin"]
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", doc.origin)
        assert doc.source_path.endswith(e["file"])
        assert re.fullmatch(r"[0-9a-f]{64}", doc.content_hash)
        assert (BUNDLED_DIR / e["file"]).is_file()


# --- counts of appendix rows, read by hand ---------------------------------------------------

def test_cao_bang_kh43_every_row_is_one_indicator(docs):
    doc = docs["cao-bang-chi-tieu-kh43"]
    # Read in the file: group "I Đến năm 2030" has rows 1..21 (the header "STT Chỉ tiêu Đơn vị
    # Kết quả" is printed again before row 16), "II Đến năm 2035" rows 1..4, "III Đến năm 2045"
    # rows 1..2: 21 + 4 + 2 = 27 rows, and no prose targets.
    assert len(doc.indicators) == 27
    assert len(table_rows(doc)) == 27
    by_group = Counter(i.group for i in doc.indicators)
    assert by_group == {"I. Đến năm 2030": 21, "II. Đến năm 2035": 4, "III. Đến năm 2045": 2}
    year_of = {"I. Đến năm 2030": 2030, "II. Đến năm 2035": 2035, "III. Đến năm 2045": 2045}
    for ind in doc.indicators:
        assert [t.year for t in ind.targets] == [year_of[ind.group]]
        assert ind.targets[0].period == str(year_of[ind.group])
    codes = [i.code for i in doc.indicators]
    assert codes == [str(n) for n in range(1, 22)] + ["1", "2", "3", "4", "1", "2"]
    # the repeated header is not a row and does not leak into the row before it
    assert all(fold(i.name) != "chi tieu" for i in doc.indicators)
    assert only(doc.indicators, group="I. Đến năm 2030", code="15").targets[0].raw == "100%"


def test_hai_phong_every_row_is_one_indicator(docs):
    doc = docs["hai-phong-de-an-gddt"]
    # Read in the file (one cell per line): under "I Đến năm 2030" the captions 1..5 carry no
    # value; the rows are 1.1-1.5 (5), 2.1-2.5 (5), 3.1-3.2 (2), 4.1-4.17 (17) plus 4.7.1 and
    # 4.7.2 (2), 5.1-5.11 (11), 6 and 6.1 (2) = 44; "II Đến năm 2035" rows 1..5; "III Đến năm
    # 2045" rows 1..2: 44 + 5 + 2 = 51.
    assert len(doc.indicators) == 51
    assert len(table_rows(doc)) == 51
    first = [i for i in doc.indicators if i.groups[0].startswith("I.")]
    assert len(first) == 44
    assert Counter(i.groups[0] for i in doc.indicators) == {
        "I. Đến năm 2030": 44, "II. Đến năm 2035": 5, "III. Đến năm 2045": 2}
    for ind in doc.indicators:
        want = {"I": 2030, "II": 2035, "III": 2045}[ind.groups[0].split(".")[0]]
        assert ind.years == [want]
        assert ind.lead == "Sở Giáo dục và Đào tạo"
    # captions are groups, not indicators
    assert not any(i.code in {"1", "2", "3", "4", "5"} and i.groups[0].startswith("I.") for i in doc.indicators)
    assert only(doc.indicators, code="4.3").group == "4. Về giáo dục nghề nghiệp, giáo dục đại học"
    assert only(doc.indicators, code="4.3").groups == [
        "I. Đến năm 2030", "4. Về giáo dục nghề nghiệp, giáo dục đại học"]


def test_hai_phong_sub_rows_of_4_7(docs):
    doc = docs["hai-phong-de-an-gddt"]
    a, b = only(doc.indicators, code="4.7.1"), only(doc.indicators, code="4.7.2")
    for ind in (a, b):
        assert ind.parent_code == "4.7"
        assert ind.years == [2030]
        assert ind.unit == "Người"
    assert target(a, 2030).raw == "25" and target(a, 2030).value.low == 25
    assert target(b, 2030).raw == "2.000" and target(b, 2030).value.low == 2000
    assert only(doc.indicators, code="4.7").parent_code == "4"
    assert only(doc.indicators, code="4.3").targets[0].value.low == 16000


def test_sgddt_every_row_is_one_indicator_with_five_years(docs):
    doc = docs["sgddt-phu-luc-01"]
    # Read in the file: rows numbered 1..43, one per line, five year columns 2025/2030/2035/
    # 2040/2045 under "Mức chỉ tiêu"; the partial header repeated at each page break is not a row.
    assert len(doc.indicators) == 43
    assert [i.code for i in doc.indicators] == [str(n) for n in range(1, 44)]
    for ind in doc.indicators:
        assert [t.year for t in ind.targets] == [2025, 2030, 2035, 2040, 2045]
        assert [t.period for t in ind.targets] == ["2025", "2030", "2035", "2040", "2045"]
        assert ind.lead.startswith(("Phòng", "Văn phòng")), ind.lead
        assert "theo dõi" not in ind.lead  # the repeated header did not leak into a row
        assert all(t.raw != "Mức chỉ tiêu" for t in ind.targets)


def test_sgddt_rows_split_by_a_page_break_keep_both_halves(docs):
    doc = docs["sgddt-phu-luc-01"]
    row8, row40 = only(doc.indicators, code="8"), only(doc.indicators, code="40")
    assert row8.partners.endswith("và GDTX")
    assert row8.partners == "Phòng CTHSSV, GDTH, GDTrH, GDNN&GDTX, các cơ sở GDPT và GDTX"
    assert "GDNN&GDTX, các cơ sở giáo dục" in row40.partners
    assert row40.partners.startswith("Các phòng GDMN, GDTH, GDTrH,")
    # the line span covers the continuation after the repeated header
    for ind, tail in ((row8, "và GDTX"), (row40, "GDNN&GDTX")):
        start, end = ind.lines
        assert end > start
        assert tail in doc.lines[end - 1]
        assert doc.lines[start - 1].startswith(f"{ind.code}\t")
    # the rows after each break are whole rows of their own
    assert only(doc.indicators, code="9").partners == "Các phòng thuộc Sở, các cơ sở giáo dục"
    assert only(doc.indicators, code="41").name.startswith("Ứng dụng AI, IoT, Big Data")


def test_sgddt_dash_means_no_target(docs):
    doc = docs["sgddt-phu-luc-01"]
    row2 = only(doc.indicators, code="2")
    for year in (2040, 2045):
        t = target(row2, year)
        assert t.raw == "-" and t.has_target is False and t.value is None
    assert row2.years == [2025, 2030, 2035]
    row4 = only(doc.indicators, code="4")
    assert row4.years == [2040]
    assert target(row4, 2040).raw == "Đạt" and target(row4, 2040).value.qualitative
    assert only(doc.indicators, code="43").years == [2045]


def test_sgddt_ranges_and_decimals(docs):
    doc = docs["sgddt-phu-luc-01"]
    row21 = only(doc.indicators, code="21")
    expected = {2025: (2, 5), 2030: (6, 10), 2035: (11, 15), 2040: (50, 60), 2045: (50, 70)}
    for year, (low, high) in expected.items():
        v = target(row21, year).value
        assert v.is_range and (v.low, v.high) == (low, high)
    v = target(only(doc.indicators, code="16"), 2040).value
    assert v.is_range and (v.low, v.high) == (80, 90)
    row22 = only(doc.indicators, code="22")
    assert target(row22, 2025).value.comparator == ">=" and target(row22, 2025).value.low == 0.65
    assert target(row22, 2045).raw == "1.0" and target(row22, 2045).value.low == 1.0


def test_lao_cai_appendix_rows(docs):
    doc = docs["lao-cai-kh-nq71"]
    rows = table_rows(doc)
    # Read in the appendix (PDF text, one row spread over several lines): under "I Đến năm
    # 2030" rows 1, 2, 3, then "4 Phổ cập giáo dục" (a caption without a value) with 4.1-4.4,
    # then rows 5..10 and the "Trong đó …" sub-row of row 10: 3 + 4 + 6 + 1 = 14; under
    # "II Giai đoạn 2035-2045" rows 1..4: 14 + 4 = 18.
    assert len(rows) == 18
    assert [i.code for i in rows] == ["1", "2", "3", "4.1", "4.2", "4.3", "4.4", "5", "6", "7", "8", "9",
                                      "10", "10a", "1", "2", "3", "4"]
    first, second = rows[:14], rows[14:]
    for ind in first:
        assert ind.groups[0] == "I. Đến năm 2030"
        assert [(t.period, t.year) for t in ind.targets] == [("2030", 2030)]
    for ind in second:
        assert ind.group == "II. Giai đoạn 2035-2045"
        assert [(t.period, t.year) for t in ind.targets] == [("2035-2045", 2045)]
    for ind in rows:
        assert ind.lead == "Đảng ủy UBND tỉnh"
        assert ind.partners == "Các sở, ngành liên quan, Đảng ủy xã/phường"
    assert only(rows, code="4.2").group == "4. Phổ cập giáo dục"
    assert only(rows, code="4.2").name == "Đạt chuẩn phổ cập giáo dục tiểu học mức độ 3"
    row8 = only(rows, code="8")
    assert row8.targets[0].raw == "100% xã/phường" and row8.targets[0].value.percent
    assert [i.targets[0].raw for i in second] == ["100% xã/phường", "100% xã/phường", "100", "0,7"]


def test_lao_cai_trong_do_sub_row(docs):
    doc = docs["lao-cai-kh-nq71"]
    sub = only(table_rows(doc), code="10a")
    assert sub.name == "Trong đó tỷ lệ lao động đã đào tạo có bằng cấp, chứng chỉ"
    assert sub.parent_code == "10"
    assert sub.unit == "%"
    assert sub.targets[0].raw == "36" and sub.targets[0].value.low == 36
    assert sub.years == [2030]
    parent = only(table_rows(doc), code="10")
    assert parent.name == "Tỷ lệ lao động qua đào tạo" and parent.targets[0].value.low == 75


def test_nq68_has_no_table_rows(docs):
    # the resolution's only table is the web page's metadata table (Số hiệu, Ngày ban hành …)
    assert table_rows(docs["cao-bang-nq68-hdnd"]) == []


def test_row_line_spans_point_at_the_row(docs):
    for doc in docs.values():
        for ind in table_rows(doc):
            start, end = ind.lines
            assert 1 <= start <= end <= len(doc.lines)
            first = doc.lines[start - 1]
            if ind.code.endswith("a") and ind.parent_code:
                assert first.startswith("Trong đó")
            else:
                assert re.split(r"\s", first.strip())[0] == ind.code, (doc.doc_id, ind.code, first)
            text = fold(doc.span_text(ind.lines))
            for t in ind.targets:
                if t.has_target:
                    assert fold(t.raw) in text, (doc.doc_id, ind.code, t.raw)


def test_record_ids_are_unique(docs):
    for doc in docs.values():
        ids = [i.id for i in doc.indicators]
        assert len(ids) == len(set(ids)), doc.doc_id
        assert all(i.startswith(doc.doc_id + "#") for i in ids)
        assert len({t.id for t in doc.tasks}) == len(doc.tasks)


# --- values in cells ----------------------------------------------------------------------------

def test_cao_bang_latex_residue_becomes_symbols(docs):
    doc = docs["cao-bang-chi-tieu-kh43"]
    hdi = only(doc.indicators, group="I. Đến năm 2030", code="20")
    t = hdi.targets[0]
    assert t.raw == "≥ 0,8"
    assert t.value.comparator == ">=" and t.value.low == 0.8 and not t.value.percent
    gap = only(doc.indicators, group="I. Đến năm 2030", code="21").targets[0]
    assert gap.raw == "< 10%" and gap.value.comparator == "<" and gap.value.low == 10 and gap.value.percent
    hdi35 = only(doc.indicators, group="II. Đến năm 2035", code="3").targets[0]
    assert hdi35.raw == "> 0,85" and hdi35.value.comparator == ">" and hdi35.value.low == 0.85
    assert "$" not in doc.text and "\\geq" not in doc.text and "\\%" not in doc.text


def test_hdi_2035_differs_by_province(docs):
    # the design's example of facts that must not be blended
    cb = only(docs["cao-bang-chi-tieu-kh43"].indicators, group="II. Đến năm 2035", code="3")
    hp = only(docs["hai-phong-de-an-gddt"].indicators, group="II. Đến năm 2035", code="2")
    lc = only(table_rows(docs["lao-cai-kh-nq71"]), group="II. Giai đoạn 2035-2045", code="4")
    assert (cb.province, cb.targets[0].raw) == ("Cao Bằng", "> 0,85")
    assert (hp.province, hp.targets[0].raw) == ("Hải Phòng", "≥ 0,85")
    assert (lc.province, lc.targets[0].raw) == ("Lào Cai", "0,7")


def test_qualitative_and_text_values(docs):
    hp = docs["hai-phong-de-an-gddt"]
    v = only(hp.indicators, code="2.1").targets[0]
    assert v.raw == "100% xã, phường, đặc khu" and v.value.low == 100 and v.value.percent
    assert only(hp.indicators, code="3.1").targets[0].value.qualitative
    cb = docs["cao-bang-chi-tieu-kh43"]
    gii = only(cb.indicators, group="I. Đến năm 2030", code="14").targets[0]
    assert gii.raw == "Đạt bình quân cả nước" and gii.value.qualitative and gii.has_target


# --- clean text ---------------------------------------------------------------------------------

def test_hai_phong_bookmark_residue_and_page_number_gone(docs):
    doc = docs["hai-phong-de-an-gddt"]
    assert "[bookmark" not in doc.text and "_GoBack" not in doc.text and "_Hlk" not in doc.text
    assert doc.lines[0] == "DANH MỤC CÁC MỤC TIÊU, CHỈ TIÊU"
    assert not any(re.fullmatch(r"\s*\d{1,3}\s*", ln) for ln in doc.lines)
    assert doc.lines[-1].startswith("2\t")
    assert only(doc.indicators, code="2.4").name.startswith("Tỷ lệ người trong độ tuổi hoàn thành")


def test_nq68_duplicate_block_once_and_boilerplate_gone(docs):
    doc = docs["cao-bang-nq68-hdnd"]
    raw = (BUNDLED_DIR / "cao-bang-nq68-hdnd.txt").read_text(encoding="utf-8")
    assert raw.count("Số: 68/NQ-HĐND") == 2  # the scrape really has the block twice
    assert sum(ln == "Số: 68/NQ-HĐND" for ln in doc.lines) == 1
    assert sum(ln.startswith("(1) Tốc độ tăng trưởng GRDP") for ln in doc.lines) == 1
    assert sum(ln.startswith("QUYẾT NGHỊ") for ln in doc.lines) == 1
    assert sum(ln.startswith("(11) ") for ln in doc.lines) == 1
    assert not any(fold(ln) in {"dang xuat", "dang nhap"} for ln in doc.lines)
    assert not any(fold(ln).startswith("viec lam") for ln in doc.lines)
    assert "|" not in doc.text
    # the content after the duplicate survives
    assert any(ln.startswith("Điều 2.") for ln in doc.lines)
    assert doc.lines[-1] == "CHỦ TỊCH"


def test_lao_cai_hyphenation_and_wrapped_lines_joined(docs):
    doc = docs["lao-cai-kh-nq71"]
    raw = (BUNDLED_DIR / "lao-cai-kh-nq71.txt").read_text(encoding="utf-8")
    assert "71-\nNQ/TW" in raw
    assert not re.search(r"71-\s+NQ", doc.text)
    line = next(ln for ln in doc.lines if ln.startswith("Thực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025"))
    assert "Kế hoạch thực hiện Nghị quyết số 71-NQ/TW ngày 22/8/2025 của Bộ Chính trị trên địa bàn tỉnh" in line
    assert "Chương trình hành động" in line  # "Chương \ntrình" is one word again
    # a paragraph broken by a blank line in the middle of a sentence is one line
    assert any(ln.startswith("Quán triệt sâu sắc nội dung") and ln.endswith("phát triển nhanh và bền vững của tỉnh.")
               for ln in doc.lines)
    # task field labels stay on their own lines
    assert "Cơ quan chủ trì: Ban Tuyên giáo và Dân vận Tỉnh ủy." in doc.lines


def test_clean_lines_have_no_markup_or_odd_spaces(docs):
    for doc in docs.values():
        for ln in doc.lines:
            assert "\u00a0" not in ln and "\u200b" not in ln and "\r" not in ln
            assert ln == ln.rstrip(" "), (doc.doc_id, ln)
        assert doc.lines[0].strip() and doc.lines[-1].strip()


# --- prose targets ----------------------------------------------------------------------------

def test_lao_cai_prose_targets_2030_and_2035(docs):
    doc = docs["lao-cai-kh-nq71"]
    prose = [i for i in doc.indicators if i.source == "prose"]
    sec30 = next(s for s in doc.sections if s.marker == "2.1")
    sec35 = next(s for s in doc.sections if s.marker == "2.2")
    assert sec30.title == "Mục tiêu đến năm 2030" and sec35.title == "Mục tiêu đến năm 2035"
    # Read in the plan: 2.1 has 7 "-" bullets, 2.2 has 4; every bullet gives a record
    bullets30 = {n for n in range(sec30.start, sec30.end + 1) if doc.lines[n - 1].startswith("- ")}
    bullets35 = {n for n in range(sec35.start, sec35.end + 1) if doc.lines[n - 1].startswith("- ")}
    assert len(bullets30) == 7 and len(bullets35) == 4
    assert {i.lines[0] for i in prose if i.lines[0] in bullets30} == bullets30
    assert {i.lines[0] for i in prose if i.lines[0] in bullets35} == bullets35
    for ind in prose:
        assert ind.province == "Lào Cai"
        want = 2030 if ind.lines[0] in bullets30 else 2035
        assert ind.years == [want], (ind.code, ind.name)
        assert fold(ind.name) in fold(doc.lines[ind.lines[0] - 1])

    def value(year: int, words: str) -> float:
        found = [i for i in prose if i.years == [year] and fold(words) in fold(i.name)]
        assert len(found) == 1, (year, words, [i.name for i in found])
        return found[0].targets[0].value.low

    assert value(2030, "(HDI)") == 0.65
    assert value(2035, "(HDI)") == 0.7
    assert value(2030, "học sinh tốt nghiệp THCS học lên THPT") == 90
    assert value(2030, "hoàn thành cấp trung học phổ thông") == 85
    assert value(2030, "Tỷ lệ lao động qua đào tạo") == 75
    assert value(2030, "có bằng cấp, chứng chỉ") == 36
    assert value(2030, "kiên cố hóa") == 100
    assert value(2030, "30 trường trọng điểm") == 30
    assert value(2035, "Tỷ lệ trường học đạt chuẩn quốc gia") == 100
    hdi = next(i for i in prose if i.years == [2030] and "(HDI)" in i.name)
    assert hdi.group == "2.1. Mục tiêu đến năm 2030"
    assert hdi.targets[0].period == "2030"


def test_nq68_numbered_targets_each_give_a_record(docs):
    doc = docs["cao-bang-nq68-hdnd"]
    assert all(i.source == "prose" for i in doc.indicators)
    # the numbered targets; the others are targets stated inside tasks ("…, phấn đấu … đạt …"), one figure each
    prose = [i for i in doc.indicators if i.code.startswith("(")]
    embedded = [i for i in doc.indicators if not i.code.startswith("(")]
    assert all(len(i.targets) == 1 and "phấn đấu" in doc.lines[i.lines[0] - 1].lower() for i in embedded)
    bases = Counter(re.match(r"\(\d+\)", i.code).group(0) for i in prose)
    assert set(bases) == {f"({n})" for n in range(1, 12)}
    for ind in prose:
        assert ind.province == "Cao Bằng"
        assert ind.years == [2030]
        assert ind.targets[0].has_target and ind.targets[0].value is not None
        line = doc.lines[ind.lines[0] - 1]
        # "(n) Đến năm 2030, A …, B …": the year stated at the head covers every clause;
        # a target with no year of its own belongs to the plan's period (2026-2030, its title)
        want = "2030" if "đến năm 2030" in line.lower() else "2026-2030"
        assert ind.targets[0].period == want, (ind.code, line[:60])
    assert next(i for i in prose if "nông lâm nghiệp" in i.name).targets[0].period == "2030"
    assert next(i for i in prose if i.code == "(3)").targets[0].period == "2026-2030"
    by_name = {i.name: i for i in prose}
    grdp = next(i for n, i in by_name.items() if n.startswith("Tốc độ tăng trưởng GRDP"))
    v = grdp.targets[0].value
    assert v.comparator == ">=" and v.low == 10 and v.percent
    income = next(i for n, i in by_name.items() if n.startswith("GRDP bình quân đầu người"))
    assert income.targets[0].value.is_range and (income.targets[0].value.low, income.targets[0].value.high) == (75, 80)
    ntm = next(i for n, i in by_name.items() if "nông thôn mới" in n)
    assert ntm.targets[0].value.low == 39.62 and ntm.targets[0].value.comparator == ">"
    # the group captions "- Về kinh tế:" etc. travel with the targets
    assert grdp.group == "Về kinh tế"
    assert next(i for i in prose if i.code.startswith("(6)")).group == "Về văn hóa - xã hội"
    assert next(i for i in prose if i.code.startswith("(11)")).group == "Về chuyển đổi số, cải cách hành chính"


# --- tasks ----------------------------------------------------------------------------------------

def test_lao_cai_every_numbered_task_is_a_record(docs):
    doc = docs["lao-cai-kh-nq71"]
    # Read in section III "NHIỆM VỤ, GIẢI PHÁP": 1.1-1.11 (Nhiệm vụ cần thực hiện ngay),
    # 2.1-2.7 (theo lộ trình), 3.1-3.10 (thường xuyên): 11 + 7 + 10 = 28.
    expected = [f"1.{n}" for n in range(1, 12)] + [f"2.{n}" for n in range(1, 8)] + [f"3.{n}" for n in range(1, 11)]
    labelled = [t for t in doc.tasks if t.source == "section"]
    assert [t.code for t in labelled] == expected
    groups = {"1": "1. Nhiệm vụ cần thực hiện ngay", "2": "2. Nhiệm vụ thực hiện theo lộ trình",
              "3": "3. Nhiệm vụ thường xuyên"}
    for task in labelled:
        assert task.group == groups[task.code.split(".")[0]]
        assert task.province == "Lào Cai"
        assert task.responsible and task.lead
        assert task.title and task.body
        assert "Trách nhiệm thực hiện" not in task.body and "Thời gian thực hiện" not in task.body
        if task.code != "1.1":
            assert task.deadline is not None, task.code
    assert doc.tasks[0].title.startswith("Tổ chức nghiên cứu, học tập, quán triệt")
    assert next(t for t in doc.tasks if t.code == "1.4").title.endswith("mầm non cho trẻ em mẫu giáo từ 3-5 tuổi")


def test_lao_cai_responsibilities_of_section_iv(docs):
    """Read in the plan: "IV. TỔ CHỨC THỰC HIỆN" has five numbered paragraphs, each led by a body;
    the distribution list under "Nơi nhận" gives none."""
    doc = docs["lao-cai-kh-nq71"]
    resp = [t for t in doc.tasks if t.source == "prose"]
    sec = next(s for s in doc.sections if s.marker == "IV")
    assert len(resp) == 5
    assert all(sec.start <= t.lines[0] <= sec.end for t in resp)
    leads = [t.lead for t in resp]
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in leads and "Ủy ban Kiểm tra Tỉnh ủy" in leads
    assert next(t for t in resp if t.lead == "Ủy ban Kiểm tra Tỉnh ủy").kind == "supervise"


def test_nq68_article_2_assigns_and_supervises(docs):
    resp = [t for t in docs["cao-bang-nq68-hdnd"].tasks if t.source == "prose"]
    assert [(t.lead, t.kind) for t in resp] == [("Ủy ban nhân dân tỉnh", "implement"),
                                                ("Thường trực Hội đồng nhân dân tỉnh", "supervise")]


def test_lao_cai_task_agencies(docs):
    tasks = {t.code: t for t in docs["lao-cai-kh-nq71"].tasks}
    t11 = tasks["1.1"]
    assert t11.lead == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert t11.responsible == "Các cấp ủy, chính quyền"
    assert t11.partners.startswith("Đảng ủy các cơ quan Đảng tỉnh; Đảng ủy Ủy ban nhân dân tỉnh;")
    assert t11.partners.endswith("Đảng ủy các xã, phường")
    assert t11.deadline is None
    t12 = tasks["1.2"]
    assert t12.responsible == "Đảng ủy Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành liên quan thực hiện"
    assert t12.lead == "Đảng ủy Ủy ban nhân dân tỉnh"
    assert t12.partners == "các sở, ngành liên quan"
    t13 = tasks["1.3"]
    assert (t13.lead, t13.partners) == ("Đảng ủy Ủy ban nhân dân tỉnh", "Đảng ủy các xã, phường trực thuộc Tỉnh ủy")


def test_lao_cai_task_deadlines(docs):
    tasks = {t.code: t for t in docs["lao-cai-kh-nq71"].tasks}
    d = tasks["1.2"].deadline
    assert d.raw == "Hoàn thành trong tháng 11/2025"
    assert (d.kind, d.start, d.end, d.recurring) == ("month", "2025-11-01", "2025-11-30", False)
    assert tasks["1.4"].deadline.end == "2025-12-31"
    d = tasks["2.2"].deadline
    assert d.raw == "Hoàn thành xây dựng Đề án trong Quý I năm 2026"
    assert (d.kind, d.start, d.end) == ("quarter", "2026-01-01", "2026-03-31")
    d = tasks["2.5"].deadline
    assert d.raw == "Hoàn thành trước năm học 2028-2029"
    assert d.kind == "before" and d.end < "2028-09-01" and d.end >= "2028-05-31"
    d = tasks["2.3"].deadline  # two milestones: Quý II 2026 and Quý II 2027
    assert [m["text"] for m in d.milestones if m["kind"] == "quarter"] == ["quy ii nam 2026", "quy ii nam 2027"]
    assert d.end == "2027-06-30"
    assert tasks["2.1"].deadline.end == "2028-12-31"
    assert tasks["2.6"].deadline.kind == "period"
    for n in range(1, 11):
        d = tasks[f"3.{n}"].deadline
        assert d.raw == "Thường xuyên" and d.recurring and d.kind == "recurring" and d.end is None
    # only 1.2-1.11 are due by the end of 2025
    due = sorted((t.code for t in tasks.values() if t.deadline and t.deadline.end and t.deadline.end <= "2025-12-31"),
                 key=lambda c: int(c.split(".")[1]))
    assert due == [f"1.{n}" for n in range(2, 12)]


def test_only_the_plan_has_tasks(docs):
    """Numbered tasks only in the plan; the resolution has its two Điều 2 responsibilities; the
    appendices none."""
    for doc_id, doc in docs.items():
        if doc_id == "cao-bang-nq68-hdnd":
            assert [t.source for t in doc.tasks] == ["prose", "prose"]
        elif doc_id != "lao-cai-kh-nq71":
            assert doc.tasks == [], doc_id


# --- metadata -------------------------------------------------------------------------------------

def test_nq68_metadata_from_text(docs):
    doc = docs["cao-bang-nq68-hdnd"]
    assert doc.so_hieu == "68/NQ-HĐND"
    assert doc.date_issued == "2025-12-11"
    assert doc.signer == "Bế Thanh Tịnh"
    assert doc.province == "Cao Bằng"
    assert doc.doc_type == "Nghị quyết"
    for field in ("so_hieu", "date_issued", "signer", "province"):
        assert doc.meta_source[field] == "text"


def test_lao_cai_metadata_from_text(docs):
    doc = docs["lao-cai-kh-nq71"]
    assert doc.signer == "Hoàng Giang"
    assert doc.province == "Lào Cai"
    assert doc.date_issued == "2025-10"  # "Lào Cai, ngày      tháng 10 năm 2025": the day is blank
    assert doc.so_hieu is None  # "Số           -KH/TU": the number is blank
    assert doc.doc_type == "Kế hoạch"
    assert doc.title.startswith("Kế hoạch thực hiện Nghị quyết số 71-NQ/TW")
    for field in ("signer", "province", "date_issued"):
        assert doc.meta_source[field] == "text"


def test_appendix_metadata(docs):
    sgd = docs["sgddt-phu-luc-01"]
    assert sgd.province is None  # the appendix never names its province
    assert "province" not in sgd.meta_source
    assert sgd.issuer == "Sở Giáo dục và Đào tạo"
    assert all(i.province is None for i in sgd.indicators)
    cb = docs["cao-bang-chi-tieu-kh43"]
    assert cb.province == "Cao Bằng" and cb.meta_source["province"] == "text"
    assert cb.date_issued == "2026-02"  # "(Kèm theo Kế hoạch số /KH-UBND ngày /02/2026 …)"
    hp = docs["hai-phong-de-an-gddt"]
    assert hp.province == "Hải Phòng"
    assert all(i.province == "Hải Phòng" for i in hp.indicators)
    meta = hp.meta()
    assert meta["origin"] == "001_c6981cf7a27101c6.txt" and meta["n_indicators"] == 51
