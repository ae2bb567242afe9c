"""The answer scorer: value normalisation, whole-number matching, citations, status, deadlines."""

from __future__ import annotations

import pytest

from evals.scorer import deadline_in, find_quantities, normalise, number, parse_gold_value, score, value_in

HDI_GOLD = {
    "id": "t001", "category": "value", "question": "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?",
    "expected_status": "answered", "expected_values": ["> 0,85"], "expected_agencies": [], "expected_deadlines": [],
    "must_cite": ["cao-bang-chi-tieu-kh43"], "forbidden_values": ["≥ 0,8", "≥ 0,85", "0,82", "0,7"],
}
QUOTE = "3 | Chỉ số giáo dục đóng góp vào chỉ số phát triển con người (HDI) | Chỉ số | $> 0,85$"


def answer(text: str, citations: list[dict] | None = None, status: str = "answered") -> dict:
    return {"question": "q", "status": status, "answer": text, "citations": citations or [], "facts": []}


def cite(doc_id: str = "cao-bang-chi-tieu-kh43", quote: str = QUOTE, n: int = 1) -> dict:
    return {"n": n, "doc_id": doc_id, "title": "t", "locator": "Bảng chỉ tiêu › II. Đến năm 2035 › dòng 3",
            "lines": [35, 35], "quote": quote}


RIGHT = ("Mục tiêu năm 2035 theo văn bản:\n- Cao Bằng – Phụ lục các chỉ tiêu của kế hoạch số 43-KH/TU ngày 15/12/2025, "
         "dòng 3 (II. Đến năm 2035): «Chỉ số giáo dục đóng góp vào HDI» — năm 2035: > 0,85 (đơn vị: Chỉ số) [1]")


def test_right_answer_passes():
    result = score(answer(RIGHT, [cite()]), HDI_GOLD)
    assert result["correct"], result["misses"]
    assert result["id"] == "t001" and result["category"] == "value"
    assert set(result["checks"]) == {"status", "values", "agencies", "deadlines", "items", "cited", "forbidden",
                                     "citation_precision"}
    assert result["misses"] == []


def test_value_for_the_wrong_year_fails():
    wrong = RIGHT.replace("> 0,85", "≥ 0,8").replace("2035", "2030")
    result = score(answer(wrong, [cite(quote="20 | Chỉ số giáo dục … | Chỉ số | ≥ 0,8")]), HDI_GOLD)
    assert not result["correct"]
    assert not result["checks"]["values"] and not result["checks"]["forbidden"]
    assert any("value missing" in m for m in result["misses"])
    assert any("forbidden value present: '≥ 0,8'" in m for m in result["misses"])


def test_wrong_comparator_is_a_forbidden_value():
    result = score(answer(RIGHT.replace("> 0,85", "≥ 0,85"), [cite()]), HDI_GOLD)
    assert not result["checks"]["values"] and not result["checks"]["forbidden"]


def test_missing_citation_fails():
    result = score(answer(RIGHT, []), HDI_GOLD)
    assert not result["correct"] and not result["checks"]["cited"]
    other = score(answer(RIGHT, [cite(doc_id="hai-phong-de-an-gddt")]), HDI_GOLD)
    assert not other["checks"]["cited"]
    assert "not cited: cao-bang-chi-tieu-kh43" in other["misses"]


def test_extra_citations_are_allowed():
    result = score(answer(RIGHT, [cite(), cite(doc_id="lao-cai-kh-nq71", quote="khác", n=2)]), HDI_GOLD)
    assert result["correct"], result["misses"]


def test_not_found_for_an_answerable_question_fails():
    result = score(answer("Không tìm thấy trong văn bản: các văn bản hiện có không nêu thông tin này.",
                          status="not_found"), HDI_GOLD)
    assert not result["correct"] and not result["checks"]["status"]
    assert "status: expected answered, got not_found" in result["misses"]


def test_unanswerable_question():
    gold = {"id": "t002", "category": "unanswerable", "question": "HDI 2030 của Nghệ An?", "expected_status": "not_found",
            "expected_values": [], "expected_agencies": [], "expected_deadlines": [], "must_cite": [],
            "forbidden_values": ["≥ 0,8", "> 0,82", "0,65"]}
    ok = score(answer("Không tìm thấy trong văn bản: Kho văn bản hiện chưa có văn bản nào của Nghệ An.",
                      status="not_found"), gold)
    assert ok["correct"], ok["misses"]
    invented = score(answer("Không tìm thấy trong văn bản. Cao Bằng đặt ≥ 0,8.", status="not_found"), gold)
    assert not invented["correct"] and not invented["checks"]["forbidden"]
    answered = score(answer("Mục tiêu: > 0,82 [1]", [cite()]), gold)
    assert not answered["checks"]["status"] and not answered["checks"]["forbidden"]


def test_whole_number_matching():
    assert not value_in("0,8", "chỉ số đạt 0,85")
    assert not value_in("0,85", "chỉ số đạt 0,8")
    assert value_in("0,8", "chỉ số đạt 0,8.")
    assert not value_in("100", "1.000 giường")
    assert not value_in("5", "2-5 dự án")
    assert not value_in("2", "2-5 dự án")
    gold = dict(HDI_GOLD, expected_values=["0,8"], forbidden_values=[])
    assert not score(answer("đạt 0,85 [1]", [cite(quote="0,85")]), gold)["checks"]["values"]


@pytest.mark.parametrize(
    ("gold", "text"),
    [("≥40%", "40% trở lên"), ("≥40%", "≥ 40 %"), ("≥ 40%", "từ 40% trở lên"), ("≥40%", ">= 40%"),
     ("≥ 40%", "tối thiểu 40%"), ("≥ 40%", "ít nhất 40%"), ("ít nhất 30%", "≥30%"), ("tối thiểu 20%", "≥ 20%"),
     ("trên 35%", "> 35%"), ("> 0,85", "trên 0,85"), ("dưới 15%", "< 15%"), ("≥ 0,8", "$\\geq 0,8$"),
     ("≥ 0.65", "≥ 0,65"), ("1.0", "1,0"), ("21", "đạt 21 trường"), ("21", "21"),
     ("Ít nhất 01 chương trình", "ít nhất 01 chương trình"), ("trên 3%/năm", "trên 3%/năm"),
     ("≥ 90", "≥ 90%")],
)
def test_comparator_and_percent_equivalence(gold, text):
    assert value_in(gold, text)


@pytest.mark.parametrize(
    ("gold", "text"),
    [("≥40%", "> 40%"), ("> 0,85", "≥ 0,85"), ("≥ 0,85", "0,85"), ("< 10%", "≤ 10%"), ("≥ 90%", "≥ 90"),
     ("trên 3%/năm", "3%/năm"), ("6.900 tỷ đồng", "6.900 người")],
)
def test_comparator_and_unit_mismatch(gold, text):
    assert not value_in(gold, text)


def test_percent_given_as_the_unit():
    assert value_in("85%", "năm 2030: 85 (đơn vị: %) [1]")
    assert value_in("≥50%", "năm 2030: ≥50 (đơn vị: Tỷ lệ %)")
    assert not value_in("85%", "năm 2030: 85 (đơn vị: Trường)")


def test_bare_year_needs_no_quote():
    gold = dict(HDI_GOLD, expected_values=["Đạt", "2040"], forbidden_values=[])
    result = score(answer("năm 2040: Đạt [1]", [cite(quote="4 | Làm chủ nền tảng AI | Đáp ứng | - | - | - | Đạt | -")]),
                   gold)
    assert result["correct"], result["misses"]


def test_bare_forbidden_value_matches_any_comparator():
    assert value_in("0,85", "> 0,85")
    assert value_in("0,85", "≥ 0,85")


@pytest.mark.parametrize(("token", "value"), [("16.000", 16000), ("0.65", 0.65), ("0,85", 0.85), ("1.000", 1000),
                                              ("1.0", 1.0), ("39,62", 39.62), ("4.7.1", None)])
def test_numbers(token, value):
    assert number(token) == value


def test_thousands_dot():
    assert value_in("16.000", "16000 sinh viên")
    assert value_in("16.000", "16.000 sinh viên")
    assert not value_in("16.000", "16 sinh viên")
    assert value_in("1.000 giường", "quy mô 1.000 giường bệnh")
    assert value_in("0.65", "≥ 0,65") and not value_in("650", "0,650")


def test_ranges():
    assert value_in("80-90", "80 - 90")
    assert value_in("80-90", "80–90%")
    assert value_in("75-80", "từ 75-80 triệu đồng/người/năm")
    assert value_in("2000 đến 3000", "từ 2.000 đến 3.000")
    assert value_in("62-65%", "62%-65%")
    assert not value_in("50-60", "50-70")
    assert not value_in("80", "80-90")
    assert value_in("6-10", "2030: 6-10; 2035: 11-15")
    (q,) = find_quantities(normalise("năm 2040: 50-60"))[1:]
    assert q.is_range and (q.low, q.high) == (50, 60)


def test_numbers_that_are_not_values_are_skipped():
    text = normalise("Kế hoạch 43-KH/TU ngày 15/12/2025, dòng 21 [3]: 20 trường")
    assert [q.low for q in find_quantities(text)] == [20]
    assert not value_in("21", "dòng 21: 20 trường [21]")
    assert value_in("11/12/2025", "ban hành ngày 11/12/2025")
    assert not value_in("2025", "ngày 15/12/2025")


def test_dates_in_any_spelling():
    assert value_in("11/12/2025", "thông qua ngày 11 tháng 12 năm 2025")
    assert value_in("15/9/2025", "ngày 15/09/2025")
    assert value_in("tháng 10 năm 2025", "ban hành tháng 10/2025")
    assert not value_in("11/12/2025", "ngày 1 tháng 12 năm 2025")
    assert not value_in("tháng 10 năm 2025", "tháng 11 năm 2025")


def test_literal_values():
    assert value_in("Mặt bằng chung quốc gia", "đạt mặt bằng   chung quốc gia")
    assert value_in("281/NQ-CP", "Nghị quyết số 281/NQ-CP")
    assert value_in("XVII", "HĐND tỉnh khóa XVII")
    assert not value_in("Có", "cócác")


@pytest.mark.parametrize(
    ("deadline", "text", "expected"),
    [("12/2025", "Hoàn thành xong trong tháng 12/2025", True), ("12/2025", "tháng 12 năm 2025", True),
     ("12/2025", "12/2025", True), ("11/2025", "tháng 12/2025", False), ("2/2025", "tháng 12/2025", False),
     ("Quý I năm 2026", "Quý I/2026", True), ("Quý II năm 2026", "quý I năm 2026", False),
     ("2026-2028", "giai đoạn 2026 - 2028", True), ("năm học 2028-2029", "Năm học 2028–2029", True),
     ("Thường xuyên", "thường  xuyên", True), ("12/2025", "tháng 01/2026", False)],
)
def test_deadline_matching(deadline, text, expected):
    assert deadline_in(deadline, text) is expected


def test_deadline_agency_and_item_checks():
    gold = {"id": "t003", "category": "deadline", "question": "?", "expected_status": "answered",
            "expected_values": [], "expected_agencies": ["Sở Giáo dục và Đào tạo"],
            "expected_deadlines": ["12/2025"], "expected_items": ["phổ cập giáo dục mầm non"],
            "must_cite": ["lao-cai-kh-nq71"]}
    text = ("Thời hạn: Hoàn thành trong tháng 12 năm 2025. Chủ trì: Sở  giáo dục và đào tạo. "
            "Nhiệm vụ: Phổ cập giáo dục mầm non cho trẻ 3-5 tuổi [1]")
    ok = score(answer(text, [cite("lao-cai-kh-nq71", "…")]), gold)
    assert ok["correct"], ok["misses"]
    bad = score(answer(text.replace("12 năm 2025", "11 năm 2025").replace("Sở  giáo", "Phòng giáo"),
                       [cite("lao-cai-kh-nq71", "…")]), gold)
    assert not bad["checks"]["deadlines"] and not bad["checks"]["agencies"]


def test_agency_spelling_keeps_diacritics():
    gold = {"id": "t004", "category": "agency", "question": "?", "expected_status": "answered",
            "expected_agencies": ["Sở Giáo dục và Đào tạo"], "must_cite": []}
    folded = answer("So Giao duc va Dao tao")
    assert not score(folded, gold)["checks"]["agencies"]
    assert score(folded, gold, keep_diacritics=False)["checks"]["agencies"]
    assert score(answer("Sở Giáo dục và Đào tạo"), gold)["checks"]["agencies"]
    old_tones = {"id": "t5", "category": "agency", "question": "?", "expected_status": "answered",
                 "expected_agencies": ["Sở Khoa học và Công nghệ, chuyển đổi số hóa"], "must_cite": []}
    assert score(answer("sở khoa học và công nghệ, chuyển đổi số hoá"), old_tones)["checks"]["agencies"]


def test_citation_precision_fails_when_the_quote_lacks_the_value():
    result = score(answer(RIGHT, [cite(quote="3 | Chỉ số giáo dục đóng góp vào HDI | Chỉ số |")]), HDI_GOLD)
    assert result["checks"]["values"] and not result["checks"]["citation_precision"]
    assert not result["correct"]
    assert "value not in any citation quote: '> 0,85'" in result["misses"]
    # one citation among several carrying the value is enough
    two = score(answer(RIGHT, [cite(quote="không có"), cite(quote=QUOTE, n=2)]), HDI_GOLD)
    assert two["checks"]["citation_precision"]


def test_parse_gold_value():
    q = parse_gold_value("ít nhất 01 trường đại học trọng điểm")
    assert q is not None and q.comparator == ">=" and q.low == 1 and q.suffix == "trườngđạihọctrọngđiểm"
    assert parse_gold_value("281/NQ-CP") is None
    assert parse_gold_value("Mặt bằng chung quốc gia") is None
    r = parse_gold_value("40% trở lên")
    assert r is not None and r.comparator == ">=" and r.percent
