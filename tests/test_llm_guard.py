"""The LLM guard (assistant.guard): pure checks of numbers and agency names against cited sources."""

from __future__ import annotations

import pytest

from assistant.guard import agencies_in, check, citation_numbers, number_keys, numbers_in, usefulness_problems

SOURCES = {
    1: "tỉnh/thành phố: Cao Bằng; văn bản: Phụ lục các chỉ tiêu của kế hoạch số 43-KH/TU ngày 15/12/2025\n"
       "Trích: «3 | Chỉ số giáo dục đóng góp vào chỉ số phát triển con người (HDI) | Chỉ số | > 0,85»",
    2: "tỉnh/thành phố: Hải Phòng; văn bản: Danh mục các mục tiêu, chỉ tiêu\n"
       "Trích: «1.2 | Trường phổ thông đạt chuẩn quốc gia | % | ≥ 85 | Sở Giáo dục và Đào tạo»",
    3: "tỉnh/thành phố: Lào Cai\nTrích: «Tỷ lệ học sinh được học 2 buổi/ngày đạt 80-90%; "
       "tuyển mới 16.000 học viên; trách nhiệm: Ủy ban nhân dân tỉnh, Văn phòng Tỉnh ủy»",
}
PROVINCES = {1: "Cao Bằng", 2: "Hải Phòng", 3: "Lào Cai"}


def ok(text: str, question: str = "") -> bool:
    return check(text, SOURCES, question, PROVINCES)[0]


# --- numbers ----------------------------------------------------------------------------------
def test_number_formats_match_across_spellings():
    assert number_keys("0,85") & number_keys("0.85")  # decimal comma / English decimal point
    assert number_keys("16.000") & number_keys("16000")  # thousands dot
    assert number_keys("0,80") & number_keys("0,8")
    assert not number_keys("0,85") & number_keys("0,8")
    assert not number_keys("16.000") & number_keys("16")


def test_numbers_in_reads_comparators_ranges_and_skips_markers_years_ordinals():
    found = numbers_in("1. Năm 2035 Cao Bằng đạt ≥ 0,85 [1]; 80-90% [3]; ít nhất 16.000 người", ignore_years=[2035])
    assert [(m.comparator, m.raw) for m in found] == [("≥", "0,85"), ("", "80"), ("", "90"), ("≥", "16.000")]
    assert citation_numbers("a [1], b [2, 3] c [4-5]") == [1, 2, 3, 4, 5]


def test_decimal_comma_number_must_be_in_the_cited_quote():
    assert ok("Năm 2035, Cao Bằng đặt mục tiêu chỉ số giáo dục đóng góp vào HDI > 0,85 [1].", "HDI năm 2035?")
    good, problems = check("Năm 2035, Cao Bằng đặt mục tiêu HDI > 0,95 [1].", SOURCES, "Năm 2035?", PROVINCES)
    assert not good and "0,95" in problems[0]
    assert not ok("Cao Bằng đặt mục tiêu HDI 0,8 [1].")  # a prefix of 0,85 is not 0,85


def test_comparator_must_match_the_source():
    good, problems = check("Cao Bằng: ≥ 0,85 [1].", SOURCES, "", PROVINCES)
    assert not good and "> 0,85" in problems[0]
    assert ok("Cao Bằng: trên 0,85 [1].")  # "trên" reads as ">"
    assert ok("Cao Bằng: 0,85 [1].")  # no comparator written: only the number is checked


def test_thousands_dot_and_ranges():
    assert ok("Lào Cai tuyển mới 16.000 học viên [3].")
    assert ok("Lào Cai tuyển mới 16000 học viên [3].")
    assert not ok("Lào Cai tuyển mới 18.000 học viên [3].")
    assert ok("Tỷ lệ học 2 buổi/ngày ở Lào Cai đạt 80-90% [3].")
    assert not ok("Tỷ lệ học 2 buổi/ngày ở Lào Cai đạt 80-95% [3].")
    assert ok("Hải Phòng: ≥ 85% trường đạt chuẩn [2].")


def test_number_checked_against_the_cited_source_only():
    assert not ok("Tỷ lệ trường đạt chuẩn là ≥ 85 [1].")  # 85 is in [2], not in [1]
    assert ok("Tỷ lệ trường đạt chuẩn là ≥ 85.")  # nothing cited: any source


def test_years_from_the_question_and_ordinals_are_ignored():
    text = "1. Đến năm 2035, Cao Bằng đặt > 0,85 [1].\n2. Lào Cai đạt 80-90% [3]."
    assert ok(text, question="Mục tiêu năm 2035?")
    assert not ok(text, question="Mục tiêu?")  # 2035 is in no source


def test_figure_of_another_province_is_not_accepted():
    assert not ok("Hải Phòng đặt mục tiêu > 0,85 [1].")  # Cao Bằng's source cited for Hải Phòng
    assert not ok("Cao Bằng > 0,85, Hải Phòng > 0,85.")  # uncited: checked against each province's source
    assert ok("Cao Bằng đặt > 0,85 [1], còn Hải Phòng ≥ 85% [2].")


def test_unknown_citation_number():
    good, problems = check("Cao Bằng > 0,85 [7].", SOURCES)
    assert not good and "[7]" in problems[0]


# --- agencies -----------------------------------------------------------------------------------
def test_agencies_in_finds_names_and_skips_look_alikes():
    found = agencies_in("Sở Giáo dục và Đào tạo chủ trì, UBND tỉnh phối hợp [2]. Ban hành đề án. Hải Phòng đạt.")
    assert found == ["Sở Giáo dục và Đào tạo chủ trì", "Ủy ban nhân dân tỉnh phối hợp"]


@pytest.mark.parametrize("text", [
    "Sở Giáo dục và Đào tạo chủ trì theo dõi [2].",
    "Sở Giáo dục và Đào tạo Hải Phòng chịu trách nhiệm [2].",
    "Sở GDĐT chủ trì [2].",
    "Sở giáo dục và đào tạo chủ trì [2].",  # case does not matter
    "UBND tỉnh và Văn phòng Tỉnh ủy chịu trách nhiệm [3].",
    "Uỷ ban nhân dân tỉnh chủ trì [3].",  # old tone placement
])
def test_agency_in_source_is_accepted(text):
    assert ok(text), check(text, SOURCES, "", PROVINCES)


@pytest.mark.parametrize("text, name", [
    ("Sở Nội vụ chủ trì theo dõi [2].", "Sở Nội vụ"),
    ("Sở Giáo dục và Khoa học chủ trì [2].", "Sở Giáo dục và Khoa học"),
    ("Phòng Giáo dục và Đào tạo chủ trì [2].", "Phòng Giáo dục"),
    ("Hội đồng nhân dân tỉnh chủ trì [3].", "Hội đồng nhân dân"),
    ("Sở Giáo dục và Đào tạo chủ trì [1].", "Sở Giáo dục"),  # in [2], but [1] is cited
])
def test_agency_not_in_source_is_rejected(text, name):
    good, problems = check(text, SOURCES, "", PROVINCES)
    assert not good and any(name in p for p in problems), problems


# --- usefulness ---------------------------------------------------------------------------------
def test_usefulness_needs_a_citation_and_an_expected_value():
    assert usefulness_problems("Cao Bằng đặt mục tiêu HDI > 0,85 [1].", SOURCES, ["> 0,85"]) == []
    assert usefulness_problems("Cao Bằng đặt mục tiêu HDI > 0,85.", SOURCES, ["> 0,85"]) == ["không ghi nguồn [n] nào"]
    problems = usefulness_problems("Đến năm 2035 chỉ tiêu HDI là bao nhiêu? [1]", SOURCES, ["> 0,85"])
    assert problems == ["không nêu số liệu nào của câu trả lời trích dẫn"]
    assert usefulness_problems("Sở Giáo dục và Đào tạo chủ trì [2].", SOURCES) == []  # no values expected
    agency = ["Sở Giáo dục và Đào tạo"]
    assert usefulness_problems("Sở GDĐT chủ trì theo dõi [2].", SOURCES, (), agency) == []
    assert usefulness_problems("Hải Phòng đạt ≥ 85% [2].", SOURCES, (), agency) == [
        "không nêu cơ quan nào của câu trả lời trích dẫn"]
