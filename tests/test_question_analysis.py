"""Question analysis without an index: accented stop-words, the thesaurus, calibration features, basis lines."""

from __future__ import annotations

import random

import pytest

from assistant.analysis import analyze
from assistant.answerers.basis import basis_lines
from assistant.calibration import asked_kind, probability
from corpus.records import Document
from corpus.textnorm import fold
from index.thesaurus import canonicalize, expand_query


def test_stop_words_do_not_remove_words_that_fold_alike():
    assert {"tang", "truong"} <= set(analyze("Tốc độ tăng trưởng GRDP năm 2030 là bao nhiêu?", []).topic)
    assert analyze("Chỉ số chuyển đổi số đạt mức nào?", []).topic.count("so") == 2
    assert {"co", "so", "vat", "chat"} <= set(analyze("Tỷ lệ trường có cơ sở vật chất đạt chuẩn?", []).topic)
    assert {"van", "hoa"} <= set(analyze("Các chỉ tiêu văn hóa - xã hội là gì?", []).topic)


def test_a_level_of_government_after_budget_or_level_nouns_is_topic():
    assert analyze("Trong đó ngân sách tỉnh bao nhiêu?", []).topic == ["ngan", "sach", "tinh"]
    assert "tinh" in analyze("Các chỉ tiêu do cấp tỉnh theo dõi?", []).topic
    assert "tinh" not in analyze("Tỷ lệ trường chuẩn của tỉnh năm 2030?", []).topic
    assert "o" not in analyze("Trường liên cấp ở mấy xã biên giới?", []).topic


def test_figure_questions_are_told_from_questions_naming_a_target():
    assert analyze("Tỷ lệ trường chuẩn năm 2030 là bao nhiêu?", []).asks_figure
    assert analyze("Lào Cai xây trường nội trú ở mấy xã?", []).asks_figure
    assert not analyze("Mục tiêu tổng quát của kế hoạch?", []).asks_figure


def test_a_related_record_is_named_without_its_figures():
    from assistant.answerers.records import without_figures

    assert without_figures("Có ít nhất 500 sản phẩm OCOP đạt từ 3 sao trở lên;") == (
        "Có ít nhất … sản phẩm OCOP đạt từ … sao trở lên")
    assert without_figures("Tỷ lệ trẻ 3-5 tuổi đạt 95%, đến năm 2030") == "Tỷ lệ trẻ … tuổi đạt …, đến năm 2030"


def test_question_words_are_not_topic():
    topic = analyze("Mục tiêu tỷ lệ trường đạt chuẩn quốc gia năm 2030 là bao nhiêu?", []).topic
    assert topic == ["truong", "chuan", "quoc", "gia"]


def test_everyday_words_read_as_official_terms():
    text = canonicalize("Tỷ lệ học sinh học xong lớp 9 học tiếp lên cấp 3")
    assert "tốt nghiệp trung học cơ sở" in text and "học lên trung học phổ thông" in text
    assert "trung hoc pho thong" in canonicalize("bao nhieu hoc sinh len cap 3")
    assert "chủ trì" in canonicalize("Cơ quan nào phụ trách chỉ tiêu này?")
    assert "vạn dân" in canonicalize("số sinh viên trên 10.000 dân")
    assert "nghiên cứu phát triển" in expand_query("chi cho nghiên cứu và phát triển")
    assert analyze("Ai lo việc theo dõi chỉ tiêu này?", []).intent == "agency"


@pytest.mark.parametrize("seed", range(4))
def test_continuing_after_a_level_is_not_going_up_to_it(seed):
    rng = random.Random(seed)
    level = rng.choice(["cấp 3", "THPT", "trung học phổ thông"])
    verb = rng.choice(["học tiếp sau", "học tiếp lên sau", "học lên sau", "tiếp tục học sau"])
    who = rng.choice(["thanh niên", "người", "học sinh"])
    text = canonicalize(f"Tỷ lệ {who} trong độ tuổi {verb} {level} năm {rng.choice([2030, 2035])}")
    assert "sau trung học phổ thông" in text and "học lên trung học phổ thông" not in text, text
    going_up = canonicalize(f"Tỷ lệ {who} học xong lớp 9 học tiếp lên cấp 3")
    assert "học lên trung học phổ thông" in going_up and "sau trung học phổ thông" not in going_up
    assert "nghiên cứu sinh" in canonicalize(f"bao nhiêu {who} {rng.choice(['học lên tiến sĩ', 'học tiến sĩ'])}")


def test_kinds_of_questions():
    assert analyze("Kế hoạch này thực hiện những nghị quyết nào?", []).intent == "basis"
    assert analyze("Nghị quyết được ban hành căn cứ văn bản nào?", []).intent == "basis"
    assert analyze("Kế hoạch 287 thực hiện theo kế hoạch nào của Thành ủy?", []).intent == "basis"
    assert analyze("Số cán bộ nghiên cứu tăng từ năm 2025 lên năm 2045 thế nào?", []).intent == "change"
    assert analyze("Tốc độ tăng trưởng GRDP năm 2030 là bao nhiêu?", []).intent == "value"


def test_asked_quantity_kind():
    assert asked_kind("tong von dau tu benh vien la bao nhieu") == "money"
    assert asked_kind("bao nhieu giuong benh") == "beds"
    assert asked_kind("ty le truong dat chuan") == "share"
    assert asked_kind("bao nhieu truong dat chuan") == "count"
    assert 0.0 <= probability({"score": 0.9}) <= 1.0


@pytest.mark.parametrize("question", [
    "Số bác sĩ là bao nhiêu, tính theo % hay theo số người?",
    "Tỷ lệ trạm y tế có bác sĩ năm 2030 là bao nhiêu, đơn vị tính là gì?",
    "Bao nhiêu xã đạt chuẩn nông thôn mới, chỉ tiêu tính theo đơn vị nào?",
    "Kinh phí là bao nhiêu, ghi bằng tỷ đồng hay bằng phần trăm?",
])
def test_a_question_about_the_unit_does_not_fix_the_kind_asked(question):
    # who asks the unit does not know it: a row in any unit may answer, and shows its unit
    assert asked_kind(fold(question)) == ""
    assert asked_kind(fold(question.split(",")[0] + "?")) != ""  # the same question without the unit part


def test_any_count_of_people_answers_how_many_people():
    from assistant.calibration import contradicts

    staff = _row("5", "Số cán bộ y tế dự phòng", "40")
    staff.unit = "Cán bộ"
    schools = _row("6", "Số trường đạt chuẩn", "12")
    schools.unit = "Trường"
    share = _row("7", "Tỷ lệ cán bộ y tế dự phòng có trình độ đại học", "60")
    asked = "so can bo y te du phong nam 2030 toi thieu la bao nhieu nguoi"
    assert not contradicts("count", staff, asked)
    assert contradicts("count", schools, asked) and contradicts("count", share, asked)


def test_basis_lines_from_the_head_of_a_document():
    lines = ["NGHỊ QUYẾT", "Về kế hoạch 5 năm", "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
             "Xét Tờ trình số 12/TTr-UBND ngày 1/11/2025 của Ủy ban nhân dân tỉnh;", "QUYẾT NGHỊ:",
             "Điều 1. Thông qua kế hoạch."]
    found = basis_lines(Document("d", "Nghị quyết", lines))
    assert [start for start, _, _ in found] == [3, 4]


def test_basis_of_the_kind_asked_comes_first():
    from types import SimpleNamespace

    from assistant.answerers.basis import _ranked

    lines = ["KẾ HOẠCH", "Thực hiện chuyển đổi số", "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
             "Căn cứ Kế hoạch số 76/KH-UBND ngày 08/01/2026 của Ủy ban nhân dân tỉnh;",
             "Theo đề nghị của Sở Y tế tại Tờ trình số 12/TTr-SYT ngày 19/12/2025, Ủy ban nhân dân tỉnh ban hành:"]
    doc = Document("d", "Kế hoạch", lines)
    ctx = SimpleNamespace(passage_scorer=SimpleNamespace(coverage=lambda topic, text: 0.0))
    plan = _ranked(analyze("Kế hoạch này căn cứ kế hoạch nào của UBND tỉnh?", []), doc, ctx)
    assert [start for start, _, _ in plan] == [4]
    asked = analyze("Kế hoạch ban hành theo tờ trình số mấy của Sở Y tế?", [])
    assert [start for start, _, _ in _ranked(asked, doc, ctx)] == [5]


def test_a_question_naming_no_place_stays_in_the_conversation_place():
    from assistant.analysis import resolve

    docs = [Document("a", "Kế hoạch", ["x"], province="Ninh Bình"), Document("b", "Kế hoạch", ["y"], province="Huế")]
    a = resolve("Năm 2025 đã có bao nhiêu trường học đạt chuẩn?", ["Ninh Bình: số phòng học năm 2030?"], docs)
    assert a.provinces == ["Ninh Bình"] and "place" in a.inherited
    b = resolve("Huế có bao nhiêu trường đạt chuẩn năm 2030?", ["Ninh Bình: số phòng học năm 2030?"], docs)
    assert b.provinces == ["Huế"]


def test_an_issuer_beside_a_province_is_that_province_body():
    docs = [Document("pl", "Phụ lục 01", ["x"], issuer="Sở Giáo dục và Đào tạo"),
            Document("pt", "Kế hoạch", ["y"], province="Phú Thọ", issuer="Sở Giáo dục và Đào tạo")]
    assert analyze("Kế hoạch của Sở Giáo dục và Đào tạo giao những nhiệm vụ nào?", docs).doc_ids == ["pl"]
    assert analyze("Phú Thọ: kế hoạch của Sở Giáo dục và Đào tạo giao những nhiệm vụ nào?", docs).doc_ids == []


def test_records_are_read_with_the_thesaurus_as_questions_are():
    from assistant.matching import Scorer

    topic = analyze("Số sinh viên đại học trên 10.000 dân năm 2030?", []).topic
    assert "van" in topic
    scorer = Scorer(["Số sinh viên đại học trên 10.000 dân", "Số giường bệnh trên 10.000 dân"])
    assert scorer.coverage(topic, "Số sinh viên đại học trên 10.000 dân") == 1.0


def _row(code: str, name: str, value: str, parent: str | None = None):
    from corpus.records import Indicator, ParsedValue, Target

    return Indicator(f"d#{code}", "d", "Huế", "A", ["A"], code, name, "%",
                     [Target("2030", 2030, value, ParsedValue(low=float(value), high=float(value)))],
                     parent_code=parent)


def test_a_row_asked_without_naming_a_part_is_answered_with_all_its_parts():
    from assistant.structured import whole_before_parts

    rows = [_row("2", "Tỷ lệ trường đạt chuẩn quốc gia", "78"),
            _row("2a", "Tỷ lệ trường đạt chuẩn quốc gia - Mầm non", "75", "2"),
            _row("2b", "Tỷ lệ trường đạt chuẩn quốc gia - Tiểu học", "82", "2")]
    whole = analyze("Tỷ lệ trường đạt chuẩn quốc gia năm 2030 theo từng cấp học?", [])
    picked = whole_before_parts(whole, [(1.1, rows[2]), (1.0, rows[0])], rows)
    assert [i.code for _, i in picked] == ["2", "2a", "2b"]
    part = analyze("Tỷ lệ trường tiểu học đạt chuẩn quốc gia năm 2030?", [])
    assert [i.code for _, i in whole_before_parts(part, [(1.1, rows[2]), (1.0, rows[0])], rows)] == ["2b", "2"]


def test_a_body_sent_to_is_not_the_one_who_acts():
    from assistant.answerers.deadline import _recipient

    assert _recipient(analyze("Các sở gửi kế hoạch cho Sở Y tế trước ngày nào?", []), "Sở Y tế")
    assert _recipient(analyze("Các xã báo cáo kết quả về Sở GDĐT trước ngày nào?", []), "Sở Giáo dục và Đào tạo")
    assert not _recipient(analyze("Sở Y tế báo cáo UBND tỉnh khi nào?", []), "Sở Y tế")


def test_a_heading_running_on_after_a_colon_is_named_by_its_label():
    from assistant.answerers.section import _label

    assert _label("Mục tiêu tổng quát: Phát triển giáo dục và đào tạo theo hướng hiện đại") == "Mục tiêu tổng quát"
    assert _label("Tầm nhìn đến năm 2045") == "Tầm nhìn đến năm 2045"


def test_setting_a_target_is_not_reaching_a_level():
    # "đặt mục tiêu" and "đạt mức" fold alike; only the second asks a figure
    assert not analyze("Nghị quyết đặt mục tiêu tổng quát gì đến năm 2030?", []).asks_figure
    assert analyze("Tỷ lệ này đạt mức nào năm 2030?", []).intent == "value"


def test_a_question_asking_two_deadlines_is_split_at_its_question_words():
    from assistant.analysis import deadline_parts

    assert deadline_parts("Sơ kết giữa kỳ làm khi nào, báo cáo hằng năm nộp trước ngày nào?") == [
        "Sơ kết giữa kỳ làm khi nào?", "báo cáo hằng năm nộp trước ngày nào?"]
    # coordinated words and bracketed lists are not clauses
    assert deadline_parts("Công an tỉnh phải bảo đảm an ninh trường nội trú, bán trú khi nào?") == []
    assert len(deadline_parts("Các trường (A, B và C) bao giờ xong và khi nào tuyển sinh?")) == 2


def test_a_document_named_by_another_body_of_the_province_is_not_in_scope():
    from assistant.answerers.scope import _other_issuer

    docs = [Document("qd", "Quyết định", ["x"], province="Sơn La", issuer="Ủy ban nhân dân tỉnh Sơn La")]
    asked = analyze("Theo nghị quyết của HĐND tỉnh Sơn La, tỷ lệ trường đạt chuẩn năm 2030?", docs)
    reply = _other_issuer(asked, docs)
    assert reply is not None and reply.status == "not_found" and "Hội đồng nhân dân" in reply.note
    same = analyze("Theo quyết định của UBND tỉnh Sơn La, tỷ lệ trường đạt chuẩn năm 2030?", docs)
    assert _other_issuer(same, docs) is None


def test_a_figure_asked_part_by_part_is_a_breakdown():
    assert analyze("Xây mới bao nhiêu trường ở từng cấp học?", []).breakdown
    assert analyze("Kinh phí lấy từ những nguồn nào?", []).breakdown
    assert not analyze("Xây mới bao nhiêu trường mầm non?", []).breakdown


def test_a_follow_up_asking_which_year_does_not_keep_the_year_before():
    from assistant.analysis import resolve

    docs = [Document("a", "Phụ lục", ["x"], province="Vĩnh Long")]
    a = resolve("Năm nào thì đạt 100%?", ["Vĩnh Long: tỷ lệ trường dùng học bạ số năm 2027?"], docs)
    assert a.years == [] and a.provinces == ["Vĩnh Long"]
    b = resolve("Còn tỷ lệ sổ điểm điện tử?", ["Vĩnh Long: tỷ lệ trường dùng học bạ số năm 2027?"], docs)
    assert b.years == [2027]


def test_words_that_fold_alike_do_not_match_when_the_question_is_accented():
    from assistant.matching import Scorer, mark_key

    assert mark_key("hoá") == mark_key("hóa") and mark_key("tỷ") == mark_key("tỉ")
    assert mark_key("ký") != mark_key("kỹ") and mark_key("đặt") != mark_key("đạt") and mark_key("chung") == "chung"
    texts = ["Tỷ lệ giáo viên có chữ ký số", "Tỷ lệ trường dạy kỹ năng số"]
    scorer = Scorer(texts)
    accented = analyze("Tỷ lệ giáo viên có chữ ký số?", []).topic
    assert scorer.coverage(accented, texts[0]) == 1.0
    assert scorer.coverage(accented, texts[1]) < scorer.coverage(analyze("ty le giao vien co chu ky so", []).topic,
                                                                  texts[1])


def test_a_level_of_education_or_a_yearly_change_is_not_the_measure_asked():
    from assistant.analysis import levels
    from assistant.calibration import other_level, rate_for_level

    asked = levels(analyze("Tỷ lệ trường tiểu học dạy ngoại ngữ 2 năm 2030?", []).topic)
    assert asked == ["tieu hoc"]
    assert other_level(asked, "Tỷ lệ trường THCS dạy ngoại ngữ 2")
    assert not other_level(asked, "Tỷ lệ trường tiểu học và THCS dạy ngoại ngữ 2")
    assert not other_level(asked, "Tỷ lệ trường dạy ngoại ngữ 2")
    assert not other_level(levels(analyze("Tỷ lệ trẻ mầm non đến trường?", []).topic), "Tỷ lệ trẻ mẫu giáo đến trường")
    rate = _row("6", "Tỉ lệ hộ nghèo giảm bình quân", "3")
    rate.unit = "%/năm"
    assert rate_for_level(analyze("Tỉ lệ hộ nghèo năm 2030 còn bao nhiêu %?", []).folded, rate)
    assert not rate_for_level(analyze("Tỉ lệ hộ nghèo giảm bao nhiêu mỗi năm?", []).folded, rate)


def test_money_asked_needs_an_amount_and_departments_are_read_from_their_short_forms():
    from assistant.calibration import states_amount
    from index.abbreviations import spell_out

    assert not states_amount("Xây dựng mới 01 bệnh viện quy mô 1.000 giường", "money")
    assert states_amount("Tổng vốn 1.920 tỷ đồng", "money")
    assert states_amount("bảo đảm tối thiểu 20% tổng chi ngân sách nhà nước", "money")
    assert states_amount("quy mô 1.000 giường", "beds") and states_amount("không có số", "share")
    assert spell_out("Sở NV chủ trì NV 1.2") == "Sở Nội vụ chủ trì nhiệm vụ 1.2"


def test_money_asked_in_another_currency_and_a_share_word_asks_a_figure():
    from assistant.calibration import contradicts

    usd = _row("2", "GRDP bình quân đầu người", "10")
    usd.unit, usd.targets[0].raw = "USD", "10.200"
    both = _row("3", "GRDP bình quân đầu người", "175")
    both.unit, both.targets[0].raw = "triệu đồng", "khoảng 175 triệu đồng (tương đương 6.900 USD)"
    asked = analyze("GRDP bình quân đầu người năm 2030 tính bằng triệu đồng là bao nhiêu?", [])
    assert contradicts("money", usd, asked.folded) and not contradicts("money", both, asked.folded)
    assert analyze("Tỷ trọng kinh tế số trong GRDP năm 2026?", []).intent == "value"


def test_items_after_a_colon_are_named_by_the_lead_in():
    from corpus.parse import parse_lines

    text = ("NGHỊ QUYẾT\n2. Các chỉ tiêu chủ yếu đến năm 2030\n"
            "(3) Cơ cấu kinh tế đến năm 2030: nông nghiệp chiếm 9,5%; công nghiệp - xây dựng chiếm 48,5%; "
            "dịch vụ chiếm 35,0%.\n")
    names = [i.name for i in parse_lines(text.splitlines(), "t").indicators]
    assert len(names) == 3 and all(n.startswith("Cơ cấu kinh tế") for n in names)


def test_initials_keep_d_with_stroke_apart():
    from assistant.analysis import province_initials

    assert province_initials("ĐN: tỷ lệ trường chuẩn", {"Đà Nẵng"}) == [("ĐN", "Đà Nẵng")]
    assert province_initials("DN nhỏ và vừa", {"Đà Nẵng"}) == []  # DN is doanh nghiệp
    assert province_initials("HP: tỷ lệ", {"Hải Phòng"}) == [("HP", "Hải Phòng")]


def test_a_bare_syllable_in_an_accented_question_matches_any_spelling():
    from assistant.matching import Scorer

    texts = ["Tỷ lệ lao động có chứng chỉ", "Mục tiêu chung của kế hoạch", "Tỷ lệ giáo viên đạt chuẩn"]
    scorer = Scorer(texts)
    partly = analyze("Tỷ lệ giao vien dat chuẩn năm 2030?", []).topic  # tones and đ left out in places
    assert scorer.coverage(partly, texts[2]) == 1.0


def test_a_level_finished_is_matched_however_the_record_words_it():
    from assistant.matching import Scorer

    rows = ["Tỷ lệ người trong độ tuổi hoàn thành cấp THPT và tương đương",
            "Tỷ lệ học sinh tốt nghiệp THCS tiếp tục học THPT", "Tỷ lệ trường THPT đạt chuẩn quốc gia"]
    scorer = Scorer(rows)
    finished = analyze("Tỷ lệ người học xong cấp 3 năm 2030?", []).topic
    assert scorer.coverage(finished, rows[0]) == 1.0
    assert scorer.coverage(finished, rows[2]) < 0.7
    on = analyze("bao nhiêu % học sinh học xong cấp 2 học lên cấp 3?", []).topic
    assert scorer.coverage(on, rows[1]) == 1.0
    assert "tot" not in scorer.uncovered(analyze("tốt nghiệp THPT", []).topic, rows[0])


def test_chat_shorthand_is_written_out_but_initials_in_capitals_are_not():
    assert analyze("xây trường hết bao nhiu tiền?", []).intent == "value"
    assert asked_kind(analyze("xây trường hết bao nhiu tiền?", []).folded) == "money"
    assert analyze("ty le truong chuan bn?", []).folded.endswith("bao nhieu?")
    assert analyze("Sở GDĐT BN: tỷ lệ học bạ số?", []).folded.count("bao nhieu") == 0


def test_naming_the_items_asks_for_a_list_and_polite_words_are_not_topic():
    a = analyze("Kể tên 06 trường được thành lập mới giúp em.", [])
    assert a.intent == "list"
    assert not {"giup", "em"} & set(a.topic)
    assert {"tre", "em"} <= set(analyze("Tỷ lệ trẻ em 5 tuổi đến lớp?", []).topic)


def test_a_document_short_code_and_a_named_place_initials_are_not_topic():
    assert analyze("hdi 2035 cao bang theo phu luc kh43 la bao nhieu", []).topic == ["hdi"]
    assert "cb" not in analyze("KH43 CB: Trường CĐ Cao Bằng có bao nhiêu chương trình HTQT?", []).topic
    assert {"hop", "tac", "quoc", "te"} <= set(analyze("bao nhiêu chương trình HTQT?", []).topic)
    assert "nq" not in analyze("NQ 68: tỷ lệ hộ nghèo 2030?", []).topic
    assert not {"cao", "so"} & set(analyze("trường chuẩn 2030: tỉnh nào cao nhất? cho số cụ thể", []).topic)


def test_a_comparison_takes_a_target_stated_as_a_figure_over_one_stated_in_words():
    from assistant.answerers.comparison import _figures_first
    from corpus.records import Indicator, ParsedValue, Target

    words = Indicator("d#a", "d", "Huế", "A", ["A"], "a", "Xây dựng trường cao đẳng đạt chuẩn quốc gia", "",
                      [Target("2030", 2030, "Xây dựng trường", ParsedValue(qualitative=True))])
    figure = _row("b", "Tỷ lệ trường đạt chuẩn quốc gia", "85")
    far = _row("c", "Tỷ lệ hộ nghèo", "3")
    assert [i.code for _, i in _figures_first([(1.0, words), (0.9, figure)], 2030)] == ["b", "a"]
    assert [i.code for _, i in _figures_first([(1.0, words), (0.5, far)], 2030)] == ["a", "c"]


def test_a_cell_under_a_percentage_column_is_shown_with_what_it_is_a_percentage_of():
    from assistant.structured import shown_value
    from corpus.records import Target

    assert shown_value(Target("2030", 2030, "≥ 85", None), "Tỷ lệ %") == "≥ 85%"
    assert shown_value(Target("2030", 2030, "3", None), "%/năm") == "3%/năm"
    assert shown_value(Target("2030", 2030, "95", None), "% dân số") == "95% dân số"
    assert shown_value(Target("2030", 2030, "12", None), "trường") == "12"
    assert shown_value(Target("2030", 2030, "80%", None), "% dân số") == "80%"


def test_a_document_asked_by_its_number_and_date_is_a_document_fact_and_employment_is_not_a_task():
    a = analyze("Biểu chỉ tiêu lao động, việc làm của tỉnh kèm theo kế hoạch số mấy, ngày nào?", [])
    assert a.intent == "docfact" and a.docfact_fields[0] == "so_hieu"
    assert analyze("Kế hoạch thực hiện NQ 71 của UBND thành phố số mấy, ngày nào?", []).intent == "docfact"
    assert analyze("Việc xây dựng cơ sở dữ liệu phải xong khi nào?", []).intent == "deadline"
    # the number of a report the document refers to is not the document's own number
    assert analyze("Cơ quan nào thẩm tra dự thảo Nghị quyết của tỉnh, theo báo cáo số mấy?", []).intent == "agency"


def test_a_sum_asked_in_a_currency_is_not_answered_by_a_share_of_a_budget():
    from assistant.calibration import states_amount

    share = "bảo đảm tối thiểu 3% tổng chi ngân sách hằng năm cho chuyển đổi số"
    assert states_amount(share, "money", "kinh phi cho chuyen doi so la bao nhieu")
    assert not states_amount(share, "money", "tong kinh phi la bao nhieu ty dong")
    assert states_amount("tổng kinh phí 1.240 tỷ đồng", "money", "tong kinh phi la bao nhieu ty dong")


def test_a_sentence_stating_a_purpose_is_favoured_for_a_why_question():
    from assistant.passages import _PURPOSE, _WHY

    assert _WHY.search("vi sao tinh dau tu xay truong noi tru?") and not _WHY.search("ty le truong noi tru?")
    assert _PURPOSE.search("dau tu xay dung truong noi tru nham duy tri ket qua pho cap giao duc")
    assert "muc" in analyze("Mục đích, yêu cầu của kế hoạch là gì?", []).topic


def test_a_one_word_question_after_another_asks_a_detail_of_the_same_subject():
    from assistant.analysis import resolve

    a = resolve("Tương ứng với bao nhiêu xã?", ["Tỉ lệ xã đạt chuẩn nông thôn mới đến 2030 là bao nhiêu?"], [])
    assert {"nong", "thon", "moi", "xa"} <= set(a.topic) and "topic" in a.inherited
    b = resolve("Tỷ lệ hộ nghèo năm 2030 bao nhiêu?", ["Tỉ lệ xã đạt chuẩn nông thôn mới đến 2030?"], [])
    assert "nong" not in b.topic


def test_a_one_word_detail_is_counted_in_words_not_syllables():
    from assistant.analysis import resolve

    # "dự án" is one word of two syllables: a detail of the subject asked before, not a new subject
    a = resolve("Năm 2025 thì đặt mấy dự án?", ["Số dự án đổi mới sáng tạo được hỗ trợ mỗi năm đến 2030?"], [])
    assert {"doi", "moi", "sang", "tao"} <= set(a.topic) and "topic" in a.inherited
    b = resolve("Năm 2025 tỷ lệ hộ nghèo bao nhiêu?", ["Số dự án đổi mới sáng tạo được hỗ trợ mỗi năm đến 2030?"], [])
    assert "sang" not in b.topic


def test_a_record_named_back_by_a_generic_noun_takes_the_subject_asked_before():
    from assistant.analysis import resolve

    docs = [Document("a", "Kế hoạch", ["x"], province="Ninh Bình"), Document("b", "Kế hoạch", ["y"], province="Huế")]
    a = resolve("Huế đặt mức nào cho chỉ số này?", ["Ninh Bình đặt chỉ số bất bình đẳng giáo dục năm 2030?"], docs)
    assert a.refers_back and a.provinces == ["Huế"]
    assert {"bat", "binh", "dang"} <= set(a.topic) and "topic" in a.inherited
    # a generic noun with words of its own ("chỉ số hạnh phúc này") keeps them
    b = analyze("Huế đặt chỉ số hạnh phúc này bao nhiêu?", docs)
    assert {"hanh", "phuc"} <= set(b.topic)


def test_of_two_rows_covering_a_question_alike_the_narrower_name_comes_first():
    from assistant.matching import Scorer
    from assistant.structured import _closer_name_first

    broad = _row("3", "Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "36")
    exact = _row("2", "Tỷ lệ lao động qua đào tạo", "67")
    other = _row("4", "Tỷ lệ thất nghiệp", "2")
    scorer = Scorer([broad.name, exact.name, other.name])
    a = analyze("Tỷ lệ lao động qua đào tạo năm 2030?", [])
    assert [i.code for _, i in _closer_name_first(a, [(1.1, broad), (1.05, exact)], scorer)] == ["2", "3"]
    asked = analyze("Tỷ lệ lao động qua đào tạo có bằng cấp năm 2030?", [])
    assert [i.code for _, i in _closer_name_first(asked, [(1.1, broad), (1.05, exact)], scorer)] == ["3", "2"]
    assert [s for s, _ in _closer_name_first(a, [(1.1, broad), (1.05, exact)], scorer)] == [1.1, 1.05]
    assert [i.code for _, i in _closer_name_first(a, [(1.1, broad), (0.9, exact)], scorer)] == ["3", "2"]


def test_an_estimate_and_a_target_asked_together_are_years_not_subject():
    a = analyze("Tỷ lệ lao động qua đào tạo tăng từ bao nhiêu (ước 2025) lên bao nhiêu năm 2030?", [])
    assert a.intent == "change" and a.topic == ["lao", "dong", "qua", "dao", "tao"] and a.years == [2025, 2030]
    assert analyze("Tuyển sinh ước 2025 và kế hoạch 2030 chênh nhau thế nào?", []).intent == "comparison"
    assert {"hoc", "len"} <= set(analyze("Tỷ lệ học sinh học lên THPT năm 2030?", []).topic)


def test_all_tasks_asked_is_a_list_and_asking_the_values_too_is_not_topic():
    assert analyze("Liệt kê tất cả nhiệm vụ thường xuyên (không có hạn cố định) của kế hoạch.", []).intent == "list"
    a = analyze("Phụ lục có những chỉ tiêu nào cho năm 2035? Liệt kê đủ kèm giá trị.", [])
    assert a.intent == "list" and a.topic == []
    assert {"gia", "tri"} <= set(analyze("Giá trị sản xuất nông nghiệp năm 2030?", []).topic)


def test_a_second_part_is_added_even_when_the_question_has_a_word_no_record_has():
    from assistant.matching import Scorer
    from assistant.structured import add_other_parts, indicator_text

    first = _row("10", "Tỉ lệ chi cho khoa học, công nghệ và chuyển đổi số trong GRDP", "3")
    second = _row("11", "Kinh phí chi cho nghiên cứu phát triển (R&D)", "2")
    other = _row("12", "Tỷ lệ hộ nghèo", "1")
    scorer = Scorer([indicator_text(i) for i in (first, second, other)])
    a = analyze("Chi cho khoa học, CN và chuyển đổi số bao nhiêu % GRDP, còn chi R&D bao nhiêu?", [])
    assert "cn" in a.topic
    chosen = add_other_parts(a, [(0.8, first)], [(0.8, first), (0.64, second), (0.1, other)], scorer, indicator_text)
    assert [i.code for _, i in chosen] == ["10", "11"]


def test_assigning_is_the_form_of_an_agency_question():
    assert analyze("Nghị quyết giao cho cơ quan nào tổ chức thực hiện, và những ai giám sát?", []).topic == ["giam", "sat"]
    assert "giao" not in analyze("Ai được giao xây dựng cơ sở dữ liệu ngành?", []).topic
    assert not {"don", "doc"} & set(analyze("Chỉ tiêu thủ tục hành chính do ai theo dõi, đôn đốc?", []).topic)


def test_bare_words_of_a_partly_accented_question_are_restored_by_their_run_or_as_question_words():
    from index.diacritics import DiacriticRestorer

    r = DiacriticRestorer(["Tỷ lệ sinh viên quốc tế trong các trường đại học", "Lộ trình thực hiện ra sao"])
    # "ti le", "quoc te" by their runs, "cua"/"la" as question words; a word the texts also write bare ("trong")
    # and a lone word without a run ("lo") stay as typed; a held-down last letter ("nhieuu") is let go
    assert r.restore("ty le sinh viên quoc te cua tỉnh la bao nhieuu") == (
        "tỷ lệ sinh viên quốc tế của tỉnh là bao nhiêu")
    assert r.restore("Ai lo việc trong trường") == "Ai lo việc trong trường"
    assert r.restore("Lao Cai có bao nhiêu") == "Lao Cai có bao nhiêu"  # capitals kept, unknown words untouched


def test_who_asks_and_how_the_text_states_it_are_not_topic():
    topic = analyze("Tôi là hiệu trưởng một trường mầm non ở Hải Phòng. Các cơ sở mầm non như trường tôi phải "
                    "đạt mức độ 2 về chuyển đổi số theo tỷ lệ bao nhiêu?", []).topic
    assert "hieu" not in topic and topic.count("truong") == 0 and {"mam", "non", "chuyen", "doi"} <= set(topic)
    topic = analyze("Đồng chí cho hỏi, kế hoạch xác định đến năm 2030 toàn tỉnh có bao nhiêu trường trọng điểm?",
                    []).topic
    assert topic == ["truong", "trong", "diem"]
    assert "tre" in analyze("Tỷ lệ trẻ em đi học đúng độ tuổi?", []).topic  # "trẻ em" is no asker


def test_office_english_words_read_as_plan_vocabulary():
    from index.abbreviations import unshorten

    assert unshorten("target 2030 của HP") == "mục tiêu 2030 của HP"
    assert unshorten("KPI so sinh vien") == "chi tieu so sinh vien"
    assert unshorten("deadline nộp báo cáo") == "thời hạn nộp báo cáo"


def test_words_naming_a_document_by_its_title_are_not_topic():
    doc = Document(doc_id="d", title="Danh mục các mục tiêu, chỉ tiêu", province="Hải Phòng",
                   lines=["DANH MỤC CÁC MỤC TIÊU, CHỈ TIÊU", "(Kèm theo Đề án Phát triển giáo dục và đào tạo thành phố)"])
    a = analyze("Hải Phòng đặt những chỉ tiêu nào về ngoại ngữ trong Đề án phát triển giáo dục?", [doc])
    assert a.topic == ["ngoai", "ngu"]
    # the same words asked about, not after a document kind, stay
    assert {"phat", "trien"} <= set(analyze("Chỉ tiêu phát triển giáo dục mầm non của Hải Phòng?", [doc]).topic)


def test_a_yes_no_check_of_a_time_asks_the_deadline_and_keeps_the_claim_apart():
    a = analyze("Có đúng là kế hoạch yêu cầu ban hành Đề án trường chuyên trong tháng 11/2025 không?", [])
    assert a.intent == "deadline" and a.period is None and a.claimed_period == ("2025-11-01", "2025-11-30")
    assert analyze("Những nhiệm vụ nào phải xong trong tháng 11/2025?", []).period is not None
WARDS = ["Tân An", "Bình Thủy", "Tân Hòa", "Long Phước", "Đông Hải", "Mỹ Xuân", "Thạnh Phú", "An Khánh"]


@pytest.mark.parametrize("seed", range(20))
def test_a_ward_that_issued_a_document_names_its_province(seed):
    """"phường X" / "xã X" in a question, X the commune or ward whose government issued a document of the base:
    the document's province is asked (its records are filed under it) and the place's words are not topic."""
    rng = random.Random(seed)
    place, other = rng.sample(WARDS, 2)
    kind = rng.choice(["phường", "xã"])
    province = rng.choice(["Cần Thơ", "Vĩnh Long", "Đồng Tháp", "An Giang"])
    docs = [Document("w", "Kế hoạch", ["x"], province=province, issuer=f"Ủy ban nhân dân {kind} {place}"),
            Document("o", "Kế hoạch", ["y"], province="Huế", issuer="Ủy ban nhân dân tỉnh Huế")]
    asked = analyze(f"Tỷ lệ hồ sơ trực tuyến ở {kind} {place} năm 2026?", docs)
    assert asked.provinces == [province]
    assert not {"phuong", "xa"} & set(asked.topic) and fold(place).split()[0] not in asked.topic
    assert analyze(f"Tỷ lệ hồ sơ trực tuyến ở {kind} {other} năm 2026?", docs).provinces == []


@pytest.mark.parametrize("seed", range(20))
def test_a_places_row_yields_to_the_whole_when_no_place_is_asked(seed):
    """A matrix row "<quantity> – <place>" ranked first loses to its document's own "<quantity>" row unless the
    question names the place."""
    from assistant.structured import _whole_before_place
    from corpus.tables import Context, make_indicator

    rng = random.Random(seed)
    ctx = Context("d", "Vĩnh Long")
    quantity = rng.choice(["Tỷ lệ dân số tham gia bảo hiểm y tế", "Tỷ lệ hộ dùng nước sạch", "Tỷ lệ trẻ em tiêm chủng"])
    places = [f"{rng.choice(['Xã', 'Phường'])} {p}" for p in rng.sample(WARDS, 3)]
    rows = [make_indicator(ctx, code=str(k), name=f"{quantity} – {p}", unit="%", values=[("2030", "95")],
                           lines=(k, k)) for k, p in enumerate(places, 1)]
    whole = make_indicator(ctx, code="9", name=quantity, unit="%", values=[("2030", "97")], lines=(9, 9))
    scored = [(1.1 - 0.02 * k, ind) for k, ind in enumerate([*rows[:2], whole, rows[2]])]
    first = _whole_before_place(analyze(f"{quantity} năm 2030 là bao nhiêu?", []), scored)
    assert first[0][1] is whole and [s for s, _ in first] == [s for s, _ in scored]
    named = _whole_before_place(analyze(f"{quantity} của {places[0]} năm 2030?", []), scored)
    assert named[0][1] is rows[0]




def test_a_documents_number_beside_a_noun_is_no_count_asked():
    from assistant.calibration import other_count

    q = "nghi quyet 68 tinh cao bang: den 2030 kinh te so dong gop bao nhieu ty le grdp"
    assert not other_count(q, "Kế hoạch 2026 - 2030 tỉnh Cao Bằng: kinh tế số đóng góp 20% GRDP")
    assert other_count("bao nhieu san pham ocop 5 sao", "500 sản phẩm OCOP đạt 3 sao")


@pytest.mark.parametrize("claim,text", [
    ("co dung la truong se dao tao 5.000 sinh vien moi nam khong", "quy mô đào tạo mỗi năm 3000 sinh viên"),
    ("co phai nam 2030 tinh don 6 trieu luot khach du lich", "đón 4 triệu lượt khách du lịch"),
    ("tinh se xay 12 truong noi tru, dung khong", "xây dựng 9 trường nội trú"),
])
def test_an_amount_in_a_claim_to_check_is_the_claim_not_a_name(claim, text):
    from assistant.calibration import other_count

    # the document's other figure is the answer to the check ("không đúng: văn bản ghi …")
    assert not other_count(claim, text)
    asked = claim.replace("co dung la ", "").replace("co phai ", "").replace(", dung khong", "").replace(" khong", "")
    assert other_count(asked, text)  # asked as a name, the same amount is another row's
    assert other_count("co dung la tinh co 20 san pham ocop 5 sao khong", "20 sản phẩm OCOP đạt 3 sao")


def test_the_verb_by_which_a_text_states_a_target_leaves_a_follow_up_its_subject():
    assert analyze("Phụ lục KH43 ghi chỉ tiêu đó thế nào?", []).topic == []


def test_office_shorthand_and_tasks_named_by_number():
    from index.abbreviations import unshorten

    assert unshorten("pl01 có bn chỉ tiêu") == "phụ lục 01 có bao nhiêu chỉ tiêu"
    assert unshorten("đv nào chủ trì nv 1.3") == "đơn vị nào chủ trì nhiệm vụ 1.3"
    assert unshorten("mã 4.7.1 pl") == "mã 4.7.1 phụ lục"  # "pl" alone is written out; a code is left
    assert analyze("Việc 1.3 giao cho ai chủ trì?", []).task_code == "1.3"
    assert analyze("Công việc số 2.4 hạn khi nào?", []).task_code == "2.4"


def test_intent_cues_read_on_the_spelling_the_question_uses():
    assert analyze("Đảng ủy nào theo dõi việc này?", []).intent == "agency"
    assert analyze("Cho danh sách đơn vị phối hợp thực hiện chỉ tiêu tuyển sinh đại học", []).intent == "agency"
    assert analyze("Danh sách các chỉ tiêu năm 2030", []).intent == "list"
    assert analyze("Nghị quyết này ban hành tháng mấy?", []).intent == "docfact"
    # "hẳn" and "Hàn" fold to the deadline cue "han", spelt otherwise they are no deadline
    assert analyze("Tỉnh muốn tuyển hẳn bao nhiêu giảng viên nước ngoài năm 2030?", []).intent != "deadline"
    assert analyze("Số trường dạy tiếng Hàn năm 2030 là bao nhiêu?", []).intent != "deadline"
    assert analyze("Nhiệm vụ xây trường có hạn khi nào?", []).intent == "deadline"
    assert analyze("Nhiem vu xay truong co han khi nao?", []).intent == "deadline"
    # two syllables too: "tiền do doanh nghiệp góp" folds to the progress cue "tiến độ"
    assert analyze("Năm 2030 tiền do doanh nghiệp góp vào chiếm bao nhiêu phần trăm?", []).intent == "value"
    assert analyze("Tiến độ xây trường ra sao?", []).intent == "deadline"
    assert analyze("tien do xay truong the nao?", []).intent == "deadline"


def test_what_the_asker_is_doing_before_a_colon_is_background():
    from assistant.analysis import background_end

    q = "Đang tổng hợp chỉ tiêu KT-XH: GRDP bình quân đầu người năm 2030 bao nhiêu?"
    assert q[background_end(q):].startswith("GRDP")
    q = "Phục vụ báo cáo giám sát: đề nghị cho biết HDI năm 2030?"
    assert q[background_end(q):].startswith("đề nghị")
    assert background_end("Cho biết: HDI năm 2030 của tỉnh?") == 0  # the request itself is no background
    assert "kinh" not in analyze("Đang tổng hợp chỉ tiêu KT-XH: GRDP năm 2030 bao nhiêu?", [], background=True).topic


def test_equivalent_phrasings_match_as_the_topic_reads_them():
    from assistant.matching import Scorer

    texts = ["Số học sinh đi du học", "Tỷ lệ trường có nội trú", "Số trường học"]
    scorer = Scorer(texts)
    # "ở" leaves the topic: "học nước ngoài" is still "du học"; punctuation inside a phrasing is no word
    assert scorer.coverage(analyze("Số học sinh học ở nước ngoài?", []).topic, texts[0]) == 1.0
    assert scorer.coverage(analyze("Tỷ lệ trường cho ăn, ngủ tại trường?", []).topic, texts[1]) == 1.0
    # a negation is never dropped from a phrasing
    assert scorer.coverage(analyze("giao dịch dùng tiền mặt", []).topic, "giao dịch chuyển khoản") < 1.0


def test_who_is_asked_by_the_kind_of_body():
    # "chủ thể nào" (the bodies a resolution names) asks who, like "cơ quan nào"
    assert analyze("Nghị quyết giao những chủ thể nào giám sát việc thực hiện?", []).intent == "agency"
    assert analyze("Việc giám sát thuộc trách nhiệm của những chủ thể nào?", []).intent == "agency"
    assert analyze("Tổ chức thực hiện kế hoạch gồm những nội dung gì?", []).intent != "agency"


def test_a_purpose_said_first_before_a_request_is_background():
    from assistant.analysis import background_end

    q = "Để soạn đề cương tuyên truyền, cho biết mục đích của kế hoạch."
    assert q[background_end(q):].startswith("cho biết")
    # a premise of the question is not background: it says what is asked about
    q2 = "Để đạt 100% trường chuẩn, kinh phí dự kiến là bao nhiêu?"
    assert background_end(q2) == 0


def test_an_open_question_on_two_things_is_read_part_by_part():
    from assistant.passages import conjuncts

    a = analyze("Kế hoạch định hướng thế nào về tuyển dụng giáo viên và xử lý người không đáp ứng yêu cầu?", [])
    parts = conjuncts(a)
    assert parts[0] is a and len(parts) == 3
    assert {"tuyen", "dung"} <= set(parts[1].topic) and "xu" not in parts[1].topic
    assert {"xu", "ly"} <= set(parts[2].topic) and "tuyen" not in parts[2].topic
    assert len(conjuncts(analyze("Mục đích của kế hoạch là gì?", []))) == 1
    # two nouns joined ("thầy cô và học sinh") are one thing asked about, not two questions
    assert len(conjuncts(analyze("Kế hoạch nói gì về việc dạy tiếng Anh cho thầy cô và học sinh?", []))) == 1


def test_overdue_asked_in_the_question_not_in_the_purpose_after_it():
    # a purpose after the question ("Tôi cần biết để hỏi xem đã quá hạn chưa.") does not turn one task's deadline
    # into the list of overdue tasks
    one = "Kế hoạch chuyển đổi số ngành y tế của tỉnh phải ban hành trong tháng nào? Tôi cần biết để xem đã quá hạn chưa."
    assert not analyze(one, []).wants_overdue and analyze(one, []).intent == "deadline"
    assert analyze("Những nhiệm vụ nào đã quá hạn? Tôi cần danh sách để báo cáo.", []).wants_overdue
    assert analyze("Nhiệm vụ xây trường đã quá hạn chưa?", []).wants_overdue


def test_a_part_does_not_answer_the_overall_figure_asked_in_so_many_words():
    from assistant.calibration import narrower_than_overall

    part = "Tỷ lệ trạm y tế xã có bác sĩ chuyên khoa từ hạng II trở lên"
    for said in ("tính chung", "nói chung", "chung cho mọi trình độ", "tất cả các loại hình"):
        q = fold(f"Tỷ lệ trạm y tế xã có bác sĩ ({said}) năm 2030 là bao nhiêu?")
        assert narrower_than_overall(q, part), said
        assert not narrower_than_overall(q, "Tỷ lệ trạm y tế xã có bác sĩ")  # the overall row answers
    # without the word for "overall", the part's words are left to the gate
    assert not narrower_than_overall(fold("Tỷ lệ trạm y tế xã có bác sĩ năm 2030?"), part)
    assert not narrower_than_overall(fold("Tỷ lệ người học các ngành kỹ thuật năm 2030?"), part)
