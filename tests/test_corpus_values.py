"""Target values, deadlines, Vietnamese text normalisation and province names."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict

import pytest

from corpus.bundled import bundled_paths
from corpus.deadlines import parse_deadline, status
from corpus.parse import parse_lines
from corpus.provinces import canonical, find_provinces
from corpus.records import ParsedValue
from corpus.textnorm import clean_latex, fold, has_diacritics, normalize_text, normalize_tones
from corpus.values import parse_number, parse_value

# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "comparator", "low", "high", "percent", "is_range", "qualitative"),
    [
        ("≥ 0,85", ">=", 0.85, 0.85, False, False, False),
        ("> 0,82", ">", 0.82, 0.82, False, False, False),
        ("16.000", None, 16000, 16000, False, False, False),
        ("2-5", None, 2, 5, False, True, False),
        ("80-90", None, 80, 90, False, True, False),
        ("≥40%", ">=", 40, 40, True, False, False),
        ("100% xã, phường, đặc khu", None, 100, 100, True, False, False),
        ("Đạt", None, None, None, False, False, True),
        ("10%/năm trở lên", ">=", 10, 10, True, False, False),
        ("từ 75-80 triệu đồng/người/năm", None, 75, 80, False, True, False),
        ("≥ 0.65", ">=", 0.65, 0.65, False, False, False),
        ("1.0", None, 1.0, 1.0, False, False, False),
        ("< 10%", "<", 10, 10, True, False, False),
        ("≤ 2", "<=", 2, 2, False, False, False),
        (">= 3", ">=", 3, 3, False, False, False),
        ("tối thiểu 20%", ">=", 20, 20, True, False, False),
        ("Không quá 5%", "<=", 5, 5, True, False, False),
        ("trên 39,62%", ">", 39.62, 39.62, True, False, False),
        ("dưới 15%", "<", 15, 15, True, False, False),
        ("Ít nhất 01 chương trình", ">=", 1, 1, False, False, False),
        ("10% - 15%", None, 10, 15, True, True, False),
        ("Đạt bình quân cả nước", None, None, None, False, False, True),
    ],
)
def test_parse_value(raw, comparator, low, high, percent, is_range, qualitative):
    assert parse_value(raw) == ParsedValue(comparator, low, high, percent, is_range, qualitative)


@pytest.mark.parametrize("raw", ["-", "–", "—", "", "  -  "])
def test_no_target(raw):
    assert parse_value(raw) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("0,85", 0.85), ("16.000", 16000), ("2.000", 2000), ("1.000", 1000), ("39,62", 39.62), ("1.0", 1.0),
     ("0.65", 0.65), ("1.234.567", 1234567), ("6.900", 6900), ("07", 7), ("1.234,5", 1234.5)],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "", "≥ 5", "5%"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


# --- deadlines ----------------------------------------------------------------------------------


def test_deadline_month():
    d = parse_deadline("Hoàn thành trong tháng 11/2025")
    assert (d.kind, d.start, d.end, d.recurring) == ("month", "2025-11-01", "2025-11-30", False)
    assert d.raw == "Hoàn thành trong tháng 11/2025"
    assert parse_deadline("tháng 2 năm 2028").end == "2028-02-29"  # leap year


def test_deadline_quarter():
    d = parse_deadline("Quý II năm 2027")
    assert (d.kind, d.start, d.end) == ("quarter", "2027-04-01", "2027-06-30")
    assert parse_deadline("Quý IV/2025").end == "2025-12-31"
    assert parse_deadline("quý 1 năm 2026").end == "2026-03-31"


def test_deadline_period():
    d = parse_deadline("Giai đoạn 2025-2030")
    assert (d.kind, d.start, d.end) == ("period", "2025-01-01", "2030-12-31")


def test_deadline_recurring():
    for raw in ("Thường xuyên", "Hằng năm", "thuong xuyen"):
        d = parse_deadline(raw)
        assert d.kind == "recurring" and d.recurring and d.start is None and d.end is None


def test_deadline_date():
    d = parse_deadline("25/02/2026")
    assert (d.kind, d.start, d.end) == ("date", "2026-02-25", "2026-02-25")
    d = parse_deadline("ngày 15 tháng 3 năm 2026")
    assert (d.kind, d.end) == ("date", "2026-03-15")


def test_deadline_school_year_and_before():
    d = parse_deadline("Hoàn thành trước năm học 2028-2029")
    assert d.kind == "before"
    assert d.end == "2028-08-31"  # the day before a Vietnamese school year starts (September)
    assert d.milestones[0]["kind"] == "school_year"


def test_deadline_unknown_and_status():
    from datetime import date

    assert parse_deadline("Khi có chỉ đạo").kind == "unknown"
    d = parse_deadline("tháng 12/2025")
    assert status(d, date(2026, 1, 5)) == "overdue"
    assert status(d, date(2025, 12, 10)) == "due_soon"
    assert status(d, date(2025, 6, 1)) == "upcoming"
    assert status(parse_deadline("Thường xuyên"), date(2025, 6, 1)) == "recurring"
    assert status(None, date(2025, 6, 1)) == "unknown"


# --- text normalisation -------------------------------------------------------------------------


def test_tone_mark_placement_is_one_word():
    assert fold("Thuỷ lợi") == fold("Thủy lợi") == "thuy loi"
    assert normalize_tones("Thuỷ lợi") == "Thủy lợi"
    assert normalize_tones("số hoá") == "số hóa"
    assert normalize_tones("THUỶ") == "THỦY"
    # only at the end of a syllable: these words have nothing to change
    assert normalize_tones("Hoàng") == "Hoàng" and normalize_tones("quý") == "quý"
    assert normalize_text("Chuyển đổi số hoá") == "Chuyển đổi số hóa"


def test_fold_maps_d_and_case_and_spaces():
    assert fold("  ĐẢNG   ủy  ") == "dang uy"
    assert fold("Ðảng") == "dang"  # Icelandic eth used for Đ by some PDFs
    assert has_diacritics("Lào Cai") and not has_diacritics("lao cai")


def test_decomposed_input_is_composed():
    composed = "Nghị quyết số 68/NQ-HĐND về phát triển kinh tế - xã hội, thủy lợi hóa"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert normalize_text(decomposed) == composed
    assert fold(decomposed) == fold(composed)
    assert find_provinces(unicodedata.normalize("NFD", "tỉnh Lào Cai"))[0].province == "Lào Cai"


@pytest.mark.parametrize("entry", bundled_paths(), ids=lambda e: e[1]["doc_id"])
def test_decomposed_document_parses_like_composed(entry):
    path, manifest = entry
    raw = path.read_text(encoding="utf-8").splitlines()
    nfd = [unicodedata.normalize("NFD", ln) for ln in raw]
    assert nfd != raw
    a = parse_lines(raw, manifest["doc_id"], manifest=manifest)
    b = parse_lines(nfd, manifest["doc_id"], manifest=manifest)
    assert asdict(a) == asdict(b)
    assert a.indicators or a.tasks


def test_clean_latex():
    assert clean_latex(r"$\geq 0,8$") == "≥ 0,8"
    assert clean_latex(r"$< 10\%$") == "< 10%"
    assert clean_latex(r"$\leq 5$") == "≤ 5"
    assert clean_latex(r"đạt $\ge 90\%$ trở lên") == "đạt ≥ 90% trở lên"
    assert clean_latex("không có gì") == "không có gì"
    assert normalize_text("\u00a0≥ 5\u200b") == " ≥ 5"


# --- provinces ----------------------------------------------------------------------------------


def test_former_province_typed_without_diacritics_maps_to_merged_unit():
    hits = find_provinces("yen bai")
    assert [(h.province, h.former) for h in hits] == [("Lào Cai", "Yên Bái")]
    assert canonical("yen bai") == "Lào Cai"
    assert canonical("Yên Bái") == "Lào Cai"
    assert canonical("lao cai") == "Lào Cai"
    assert canonical("Hà Giang") == "Tuyên Quang"
    assert canonical("tỉnh Hoà Bình") == canonical("tỉnh Hòa Bình") == "Phú Thọ"
    assert canonical("Cao Bằng") == "Cao Bằng"
    assert canonical("nghe an") == "Nghệ An"


def test_no_false_province_in_ordinary_words():
    assert find_provinces("hài lòng an toàn") == []
    assert find_provinces("Người dân hài lòng, an toàn giao thông") == []
    assert canonical("mức độ hài lòng") is None
    assert canonical("") is None and canonical(None) is None


def test_provinces_in_order():
    hits = find_provinces("So sánh Cao Bằng với Hải Phòng và Lào Cai")
    assert [h.province for h in hits] == ["Cao Bằng", "Hải Phòng", "Lào Cai"]
    assert [h.surface for h in hits] == ["Cao Bằng", "Hải Phòng", "Lào Cai"]


def test_deadline_numbers_that_are_not_dates_give_no_milestone():
    from corpus.deadlines import parse_deadline

    for text in ["Nghị quyết số 152/2025/NQ-HĐND", "tháng 13/2025", "trước ngày 31/2/2026", "số 45/12/2025/QĐ"]:
        d = parse_deadline(text)
        assert d.end is None or d.end.startswith("2025"), (text, d)
    assert parse_deadline("trước ngày 30/6/2026").end == "2026-06-30"


def test_fold_drops_exactly_the_non_spacing_marks():
    """fold deletes marks through a translate table: the same as filtering each character's category."""
    import re

    def by_category(text: str) -> str:
        text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn").replace("đ", "d").replace("ð", "d")
        return re.sub(r"\s+", " ", text).strip()

    sample = [cp for cp in range(0x2500) if not 0xD800 <= cp < 0xE000] + [0x20D0, 0xFE20, 0x1D167, 0xE0100]
    for cp in sample:
        text = f"Đường {chr(cp)}x\u0301"
        assert fold(text) == by_category(text), hex(cp)
    assert fold("  Thủy   HOÁ  Đắk\u0300 ") == "thuy hoa dak"
