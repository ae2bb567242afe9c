"""Reading rules for layouts beyond the bundled corpus, each on a small synthetic document:
text pasted from a PDF (indented paragraphs, bare page numbers, lettered targets), goals split by
year headings, budgets with their sources, paragraphs of duties with several dated clauses, tables
without an order column, and the effective date and parent document of a text."""

from __future__ import annotations

import random

import pytest

from corpus.cleaning import blank_page_numbers
from corpus.deadlines import parse_deadline
from corpus.parse import parse_lines

PASTED = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Ninh, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Phát triển thủy sản bền vững giai đoạn 2026-2030

    Căn cứ Luật Thủy sản số 18/2017/QH14 ngày 21 tháng 11 năm 2017 và các văn bản
hướng dẫn thi hành;
I. MỤC TIÊU
    1. Mục tiêu chung
    Phát triển thủy sản thành ngành kinh tế quan trọng của tỉnh, gắn với bảo vệ
nguồn lợi và môi trường sinh thái vùng nuôi.
    2. Mục tiêu cụ thể đến năm 2030
    a) Sản lượng nuôi trồng thủy sản đạt 80.000 tấn, trong đó đến năm 2028 đạt
65.000 tấn;
    b) Tỷ lệ cơ sở nuôi được cấp mã số vùng nuôi đạt 75%;
    c) Giá trị sản xuất thủy sản bình quân trên 01 ha mặt nước đạt 400 triệu đồng.
II. KINH PHÍ THỰC HIỆN
    Tổng kinh phí thực hiện Kế hoạch giai đoạn 2026-2030 dự kiến là 900.000 triệu
đồng, trong đó:
    - Ngân sách tỉnh: 300.000 triệu đồng;
    - Vốn của doanh nghiệp, hợp tác xã và người dân: 600.000 triệu đồng.
III. TỔ CHỨC THỰC HIỆN
    1. Sở Nông nghiệp và Môi trường: là cơ quan thường trực, hướng dẫn, đôn đốc
thực hiện Kế hoạch; tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 20/11 hằng
năm; tổ chức sơ kết giữa kỳ trong quý

3

III/2028.
    2. Sở Khoa học và Công nghệ: chủ trì, phối hợp với Sở Nông nghiệp và Môi

4

trường chuyển giao công nghệ nuôi tuần hoàn; hoàn thành trong tháng 9/2027.
Định kỳ 6 tháng báo cáo kết quả về Sở Nông nghiệp và Môi trường trước ngày 15/6
và 15/12.
    3. Ủy ban nhân dân các xã: rà soát vùng nuôi trên địa bàn. Các cơ sở nuôi thủy
sản gửi báo cáo về Ủy ban nhân dân xã trước ngày 05 của tháng sau.
"""


def _doc(text: str, doc_id: str = "t"):
    return parse_lines(text.splitlines(), doc_id)


def test_pasted_pdf_paragraphs_page_numbers_and_wrapped_deadline():
    doc = _doc(PASTED)
    text = doc.text
    assert "\n3\n" not in text and "\n4\n" not in text
    assert "Sở Nông nghiệp và Môi trường chuyển giao" in text  # a page number inside a name is dropped
    assert "trong quý III/2028." in text  # "quý" / "III/2028." rejoined, not a heading "III"
    assert any(line.startswith("a) Sản lượng") for line in doc.lines)  # lettered items keep their lines
    assert any(line.startswith("2. Mục tiêu cụ thể đến năm 2030") and line.endswith("2030") for line in doc.lines)


def test_lettered_goal_items_with_a_second_year_and_a_per_base():
    inds = {i.name: i for i in _doc(PASTED).indicators}
    catch = inds["Sản lượng nuôi trồng thủy sản"]
    assert [(t.period, t.raw) for t in catch.targets] == [("2030", "80.000 tấn"), ("2028", "65.000 tấn")]
    assert inds["Tỷ lệ cơ sở nuôi được cấp mã số vùng nuôi"].targets[0].raw == "75%"
    value = inds["Giá trị sản xuất thủy sản bình quân trên 01 ha mặt nước"]
    assert value.targets[0].raw == "400 triệu đồng"  # "trên 01 ha" is the base, not a target


def test_budget_total_and_sources_are_money_indicators():
    inds = {i.name: i for i in _doc(PASTED).indicators}
    total = inds["Tổng kinh phí thực hiện Kế hoạch giai đoạn 2026-2030"]
    assert total.unit == "triệu đồng" and total.targets[0].raw == "900.000 triệu đồng"
    assert total.targets[0].period == "2026-2030"
    province = inds["Ngân sách tỉnh"]
    assert province.targets[0].raw == "300.000 triệu đồng" and province.parent_code == total.code
    assert inds["Vốn của doanh nghiệp, hợp tác xã và người dân"].targets[0].value.low == 600000


def test_inline_budget_sources():
    doc = _doc("KẾ HOẠCH\nChuyển đổi số giai đoạn 2026-2030\nIV. KINH PHÍ\nTổng kinh phí thực hiện Kế hoạch dự kiến "
               "50,5 tỷ đồng, trong đó ngân sách tỉnh 40 tỷ đồng, nguồn xã hội hóa 10,5 tỷ đồng.")
    got = {i.name: i.targets[0].raw for i in doc.indicators}
    assert got == {"Tổng kinh phí thực hiện Kế hoạch": "50,5 tỷ đồng", "Ngân sách tỉnh": "40 tỷ đồng",
                   "Nguồn xã hội hóa": "10,5 tỷ đồng"}


def test_each_dated_clause_of_a_duty_paragraph_is_a_task():
    tasks = [t for t in _doc(PASTED).tasks if t.source == "prose"]
    by_deadline = {t.deadline.raw if t.deadline else None: t for t in tasks}
    standing = by_deadline["trước ngày 20/11 hằng năm"]
    assert standing.lead == "Sở Nông nghiệp và Môi trường" and standing.deadline.recurring
    assert standing.title.startswith("là cơ quan thường trực, hướng dẫn")  # the whole duty, not only the role
    review = by_deadline["trong quý III/2028"]
    assert review.lead == "Sở Nông nghiệp và Môi trường" and review.deadline.end == "2028-09-30"
    transfer = by_deadline["hoàn thành trong tháng 9/2027"]
    assert transfer.lead == "Sở Khoa học và Công nghệ" and transfer.partners == "Sở Nông nghiệp và Môi trường"
    report = by_deadline["trước ngày 15/6 và 15/12"]  # the later sentence does not move the task's deadline
    assert report.lead == "Sở Khoa học và Công nghệ" and report.kind == "report" and report.deadline.recurring
    monthly = by_deadline["trước ngày 05 của tháng sau"]  # another body's sentence: its own task
    assert monthly.lead == "Các cơ sở nuôi thủy sản" and monthly.deadline.recurring
    survey = next(t for t in tasks if t.lead == "Ủy ban nhân dân các xã")
    assert survey.deadline is None and survey.title == "rà soát vùng nuôi trên địa bàn."


def test_agency_named_as_standing_body_in_a_sentence():
    doc = _doc("V. TỔ CHỨC THỰC HIỆN\nSở Y tế là cơ quan thường trực, chủ trì theo dõi việc thực hiện; tổng hợp, "
               "báo cáo Ủy ban nhân dân tỉnh trước ngày 10/12 hằng năm.\n"
               "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tham gia giám sát việc thực hiện Kế hoạch.")
    tasks = {t.lead: t for t in doc.tasks}
    assert tasks["Sở Y tế"].deadline.raw == "trước ngày 10/12 hằng năm"
    assert tasks["Sở Y tế"].title.startswith("là cơ quan thường trực, chủ trì")
    assert tasks["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"].kind == "supervise"


def test_recurring_report_in_a_note_outside_any_responsibility_part():
    doc = _doc("PHỤ LỤC I\nSTT\tChỉ tiêu\tĐơn vị tính\tNăm 2030\n1\tTỷ lệ hộ nghèo\t%\t1\n\n"
               "Ghi chú: Số liệu theo giá hiện hành; các sở, ngành được giao theo dõi chỉ tiêu báo cáo Sở Tài chính "
               "trước ngày 20/11 hằng năm.")
    [task] = doc.tasks
    assert task.lead == "Các sở, ngành" and task.kind == "report" and task.deadline.recurring


def test_day_and_month_without_a_year_recur():
    assert parse_deadline("trước ngày 15/6 và 15/12").recurring
    assert parse_deadline("trước ngày 05 của tháng sau").recurring
    assert not parse_deadline("trước ngày 15/6/2026").recurring


def test_goals_under_year_headings():
    doc = _doc("KẾ HOẠCH\nY tế cơ sở giai đoạn 2026-2030\nII. MỤC TIÊU\n1. Đến năm 2027\n"
               "- Tỷ lệ bao phủ bảo hiểm y tế đạt 94%.\n2. Đến năm 2030\n- Tỷ lệ bao phủ bảo hiểm y tế đạt trên 96%.\n"
               "- Số bác sĩ trên 10.000 dân đạt 15 bác sĩ.\n- 100% trạm y tế xã khám bệnh bảo hiểm y tế.\n"
               "III. NHIỆM VỤ\n1. Tăng cường tuyên truyền.")
    got = sorted((i.name, t.period, t.raw) for i in doc.indicators for t in i.targets)
    assert got == [
        ("100% trạm y tế xã khám bệnh bảo hiểm y tế", "2030", "100%"),
        ("Số bác sĩ trên 10.000 dân", "2030", "15 bác sĩ"),
        ("Tỷ lệ bao phủ bảo hiểm y tế", "2027", "94%"),
        ("Tỷ lệ bao phủ bảo hiểm y tế", "2030", "trên 96%"),
    ]


@pytest.mark.parametrize("seed", range(4))
def test_a_target_stated_inside_a_task_is_a_record_when_it_has_one_figure(seed):
    rng = random.Random(seed)
    year = rng.choice([2027, 2028, 2030, 2035])
    value = rng.choice(["95%", "trên 80%", "ít nhất 60%", "100%"])
    thing = rng.choice(["dân số có bảo hiểm y tế", "hộ dân được dùng nước sạch", "xã có nhà văn hóa đạt chuẩn"])
    doing = rng.choice(["Tăng cường công tác tuyên truyền", "Đẩy mạnh đầu tư hạ tầng", "Mở rộng bao phủ dịch vụ"])
    text = (f"KẾ HOẠCH\nPhát triển xã hội giai đoạn 2026-2030\nI. MỤC TIÊU\n1. Đến năm 2030\n- Tỷ lệ hộ nghèo giảm còn 5%.\n"
            f"II. NHIỆM VỤ\n1. Nhiệm vụ chung\n{doing}, phấn đấu đến năm {year} đạt {value} {thing}.\n"
            f"{doing}, phấn đấu mỗi năm thành lập 170 hợp tác xã, khu vực tư nhân đóng góp 60-65% GRDP.\n"
            f"Thực hiện tốt chính sách giảm nghèo, phấn đấu tỷ lệ hộ nghèo giảm còn 5%.")
    doc = _doc(text)
    inside = [i for i in doc.indicators if thing in i.name]
    assert len(inside) == 1 and inside[0].targets[0].period == str(year) and inside[0].targets[0].raw == value
    # two figures in one clause: which name goes with which is not sure, so no record
    assert not [i for i in doc.indicators if "hợp tác xã" in i.name or "GRDP" in i.name]
    # a listed target restated in a task is one record
    assert len([i for i in doc.indicators if "hộ nghèo" in i.name]) == 1


def test_year_table_without_an_order_column():
    doc = _doc("3. Lộ trình theo năm\n\nChỉ tiêu\tĐơn vị\tNăm 2026\tNăm 2027\n"
               "Tỷ lệ lao động qua đào tạo\t%\t69\t70,5\nGRDP bình quân đầu người\tTriệu đồng\t108\t118\n")
    rows = {i.name: [(t.period, t.raw) for t in i.targets] for i in doc.indicators}
    assert rows == {"Tỷ lệ lao động qua đào tạo": [("2026", "69"), ("2027", "70,5")],
                    "GRDP bình quân đầu người": [("2026", "108"), ("2027", "118")]}


def test_sub_row_under_a_merged_order_cell():
    doc = _doc("STT\tChỉ tiêu\tĐơn vị tính\tNăm 2030\tCơ quan chủ trì\n"
               "1\tTỷ lệ hộ có Internet cáp quang\t%\t100\tSở Khoa học và Công nghệ\n"
               "1\tTrong đó: khu vực nông thôn\t%\t96\tSở Khoa học và Công nghệ\n")
    main, sub = doc.indicators
    assert (main.code, sub.code, sub.parent_code) == ("1", "1a", "1")
    assert sub.targets[0].raw == "96"
    # a part named only by what it keeps is read under the name of the row it divides
    assert sub.name == "Trong đó: khu vực nông thôn" and sub.groups[-1] == "Tỷ lệ hộ có Internet cáp quang"
    own = _doc("STT\tChỉ tiêu\tĐơn vị tính\tNăm 2030\n1\tTỷ lệ lao động qua đào tạo\t%\t75\n"
               "\tTrong đó tỷ lệ lao động có chứng chỉ\t%\t36\n").indicators[1]
    assert own.name == "Trong đó tỷ lệ lao động có chứng chỉ" and own.groups == []  # it names its own quantity


def test_effective_date_and_parent_document():
    doc = _doc("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 7/QĐ-UBND\nBắc Ninh, ngày 02 tháng 3 năm 2026\n\nQUYẾT ĐỊNH\n"
               "Ban hành Kế hoạch thủy sản\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch thủy sản.\n"
               "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.\n")
    assert doc.effective_text == "có hiệu lực thi hành kể từ ngày ký" and doc.effective_date == "2026-03-02"
    resolution = _doc("NGHỊ QUYẾT\nVề kế hoạch 5 năm\nĐiều 3. Nghị quyết này có hiệu lực từ ngày 01 tháng 01 năm 2026./.")
    assert resolution.effective_date == "2026-01-01"
    appendix = _doc("PHỤ LỤC I\nCÁC CHỈ TIÊU CHỦ YẾU\n(Kèm theo Kế hoạch số 210/KH-UBND ngày 26/12/2025 của UBND tỉnh "
                    "Bắc Ninh)\n")
    assert (appendix.parent_so_hieu, appendix.parent_date) == ("210/KH-UBND", "2025-12-26")
    own = _doc("Số: 5/KH-UBND\nKẾ HOẠCH\nThủy sản\nPHỤ LỤC\n(Kèm theo Kế hoạch số 5/KH-UBND ngày 02/3/2026)\n")
    assert own.parent_so_hieu is None  # the appendix of the same plan


def test_title_set_apart_from_its_type_line():
    doc = _doc("      ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
               "     TỈNH BẮC NINH                     Độc lập - Tự do - Hạnh phúc\n"
               "    Số: 3/KH-UBND                 Bắc Ninh, ngày 08 tháng 01 năm 2026\n\n"
               "                                   KẾ HOẠCH\n"
               "        Bao phủ bảo hiểm y tế toàn dân\n          trên địa bàn tỉnh giai đoạn 2026-2030\n\n"
               "Căn cứ Luật Bảo hiểm y tế;\n")
    assert doc.title == "Kế hoạch Bao phủ bảo hiểm y tế toàn dân trên địa bàn tỉnh giai đoạn 2026-2030"


def test_page_numbers_at_the_edge_of_a_pdf_page_are_blanked():
    lines = ["(10) Tỷ lệ hộ nghèo giảm 1,5%/năm.", "", "2", "(11) Tỷ lệ xã nông thôn mới đạt 85%.", "- 3 -"]
    assert blank_page_numbers(lines, [0, 2]) == ["(10) Tỷ lệ hộ nghèo giảm 1,5%/năm.", "", "",
                                                 "(11) Tỷ lệ xã nông thôn mới đạt 85%.", ""]


DEPARTMENT_PLAN = """UBND TỈNH BẮC NINH
SỞ Y TẾ
Số: 41/KH-SYT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Ninh, ngày 12 tháng 02 năm 2026

KẾ HOẠCH
Nâng cao năng lực y tế cơ sở giai đoạn 2026-2030

I. MỤC TIÊU
1. Mục tiêu chung
Củng cố mạng lưới y tế cơ sở, bảo đảm người dân được chăm sóc sức khỏe ban đầu.
2. Mục tiêu cụ thể
Về y tế cơ sở: Phấn đấu đến năm 2030, tỷ lệ trạm y tế xã có bác sĩ đạt 95%; tỷ lệ trẻ em dưới 6 tuổi được \
khám sức khỏe định kỳ đạt 80%; 100% trạm y tế xã triển khai bệnh án điện tử, tỷ lệ người dân có hồ sơ sức \
khỏe điện tử đạt 90%; củng cố mạng lưới y tế thôn, bản. Các chỉ tiêu khác theo Phụ lục kèm theo.
Tầm nhìn đến năm 2035, tỷ lệ trạm y tế xã có bác sĩ đạt 100%.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Hoàn thiện mạng lưới
1.1. Rà soát mạng lưới trạm y tế xã
Phòng Nghiệp vụ Y chủ trì, phối hợp với Sở Tài chính và Công đoàn ngành Y tế rà soát mạng lưới, trình \
Ủy ban nhân dân tỉnh phương án sắp xếp trước ngày 30/9/2026.
1.2. Ban hành quy trình khám sức khỏe định kỳ
Phòng Nghiệp vụ Y chủ trì xây dựng quy trình, ban hành trong tháng 5/2026 và áp dụng từ năm học 2026-2027.
III. NHIỆM VỤ TRỌNG TÂM
1. Ủy ban nhân dân các xã bố trí địa điểm khám sức khỏe lưu động; thực hiện thường xuyên.
IV. TỔ CHỨC THỰC HIỆN
Căn cứ nhiệm vụ được giao, các phòng chuyên môn chủ động triển khai thực hiện; định kỳ 6 tháng báo cáo \
kết quả về Sở trước ngày 15/6 và ngày 15/12. Văn phòng Sở chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.

Nơi nhận:
KT. GIÁM ĐỐC
- UBND tỉnh;
PHÓ GIÁM ĐỐC
- Lưu: VT.
Trần Văn Bình
"""


def test_tasks_under_numbered_sub_headings_led_by_a_body():
    tasks = {t.code: t for t in _doc(DEPARTMENT_PLAN).tasks}
    network = tasks["1.1"]
    assert network.title == "Rà soát mạng lưới trạm y tế xã" and network.lead == "Phòng Nghiệp vụ Y"
    assert network.partners == "Sở Tài chính, Công đoàn ngành Y tế"
    assert network.deadline.end == "2026-09-30" and network.group == "1. Hoàn thiện mạng lưới"
    # "ban hành trong tháng 5/2026 và áp dụng từ năm học …": the stated end, not the start
    assert tasks["1.2"].deadline.end == "2026-05-31"


def test_body_led_items_of_a_tasks_part_and_grounded_reports():
    tasks = _doc(DEPARTMENT_PLAN).tasks
    stalls = next(t for t in tasks if "địa điểm khám" in t.title)
    assert stalls.lead == "Ủy ban nhân dân các xã" and stalls.deadline.recurring
    report = next(t for t in tasks if t.lead == "các phòng chuyên môn")  # "Căn cứ nhiệm vụ được giao, …"
    assert report.deadline.raw == "trước ngày 15/6 và ngày 15/12" and report.deadline.recurring
    quarterly = _doc("III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ: chủ trì dự báo nhu cầu lao động; định kỳ quý báo cáo "
                     "Ủy ban nhân dân tỉnh.").tasks
    assert [t.deadline.raw for t in quarterly] == ["định kỳ quý"]
    assert any(t.lead == "Văn phòng Sở" and "theo dõi" in t.title for t in tasks)


def test_targets_in_topic_paragraphs_and_a_vision():
    inds = {(i.name, i.targets[0].period): i for i in _doc(DEPARTMENT_PLAN).indicators}
    assert inds[("tỷ lệ trạm y tế xã có bác sĩ", "2030")].targets[0].raw == "95%"
    assert inds[("tỷ lệ trạm y tế xã có bác sĩ", "2035")].targets[0].raw == "100%"
    # a figure inside the name ("dưới 6 tuổi") is not a value
    assert inds[("tỷ lệ trẻ em dưới 6 tuổi được khám sức khỏe định kỳ", "2030")].targets[0].raw == "80%"
    # a comma before a new named quantity with its own value ends a target
    assert inds[("tỷ lệ người dân có hồ sơ sức khỏe điện tử", "2030")].targets[0].raw == "90%"
    assert inds[("tỷ lệ trạm y tế xã có bác sĩ", "2030")].group == "Về y tế cơ sở"
    assert inds[("củng cố mạng lưới y tế thôn, bản", "2030")].targets[0].value.qualitative  # a listed aim
    assert not any("Phụ lục" in name for name, _ in inds)  # a sentence without a figure is not a target


def test_signer_beside_an_interleaved_distribution_list():
    doc = _doc(DEPARTMENT_PLAN)
    assert doc.signer == "Trần Văn Bình"
    # the list first, then the signature block in its own order (its position lines above the name)
    end = doc.lines.index("Trần Văn Bình")
    assert doc.lines[end - 2 : end] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert doc.lines[doc.lines.index("Nơi nhận:") + 1 : end - 2] == ["- UBND tỉnh;", "- Lưu: VT."]


def test_labelled_goals_item_and_counts_after_a_building_verb():
    doc = _doc("QUYẾT ĐỊNH\nPhê duyệt Đề án y tế biên giới\nĐiều 1. Phê duyệt Đề án với các nội dung sau:\n"
               "1. Mục tiêu: Đến năm 2030, xây mới 12 trường ở các xã biên giới; tỷ lệ xã có bác sĩ đạt 90%.\n"
               "2. Tổng vốn dự kiến khoảng 850 tỷ đồng.\n")
    inds = {i.name: i for i in doc.indicators}
    assert inds["xây mới 12 trường ở các xã biên giới"].targets[0].raw == "12 trường"
    assert inds["tỷ lệ xã có bác sĩ"].targets[0].period == "2030"
    assert inds["tỷ lệ xã có bác sĩ"].group == "Mục tiêu"
    assert any(i.targets[0].raw == "850 tỷ đồng" for i in doc.indicators)


def test_part_letters_bulleted_sub_rows_and_dash_deadlines():
    doc = _doc("STT\tChỉ tiêu\tĐơn vị tính\tNăm 2027\tNăm 2030\tCơ quan theo dõi\n"
               "A\tY TẾ\t\t\t\t\n"
               "1\tTỷ lệ dân số có thẻ bảo hiểm y tế\t%\t93\t95\tBảo hiểm xã hội tỉnh\n"
               "\t- Khu vực thành thị\t%\t96\t98\tBảo hiểm xã hội tỉnh\n"
               "\t- Khu vực nông thôn\t%\t90\t93\tBảo hiểm xã hội tỉnh\n"
               "B\tGIÁO DỤC\t\t\t\t\n"
               "2\tTỷ lệ trường đạt chuẩn quốc gia\t%\t70\t80\tSở Giáo dục và Đào tạo\n"
               "C\tLAO ĐỘNG\t\t\t\t\n"
               "3\tTỷ lệ lao động qua đào tạo\t%\t70\t75\tSở Nội vụ\n\nPHỤ LỤC II. NHIỆM VỤ\n"
               "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tTiến độ\tKết quả/sản phẩm\n"
               "1\tBảo đảm an ninh trường học\tCông an tỉnh\tSở Giáo dục và Đào tạo\t-\tBáo cáo\n")
    inds = {i.code: i for i in doc.indicators}
    assert [inds[c].name for c in ("1a", "1b")] == ["Tỷ lệ dân số có thẻ bảo hiểm y tế - Khu vực thành thị",
                                                    "Tỷ lệ dân số có thẻ bảo hiểm y tế - Khu vực nông thôn"]
    assert inds["1"].targets[1].raw == "95" and inds["1b"].targets[1].raw == "93"
    assert inds["1b"].parent_code == "1" and inds["1"].lead == "Bảo hiểm xã hội tỉnh"
    assert [inds[c].group for c in ("1", "2", "3")] == ["A. Y TẾ", "B. GIÁO DỤC", "C. LAO ĐỘNG"]
    assert doc.tasks[0].deadline is None  # "-": no deadline is set


def test_task_fields_written_one_after_another_on_one_line():
    import random

    rng = random.Random(7)
    bodies = ["Sở Nội vụ", "Sở Tài chính", "Trường Cao đẳng Y tế", "Ủy ban nhân dân các xã, phường", "Sở Xây dựng"]
    deadlines = [("Quý II/2026", "2026-06-30"), ("Tháng 12/2026", "2026-12-31"), ("2026-2028", "2028-12-31")]
    for _ in range(20):
        lead, *partners = rng.sample(bodies, 3)
        raw, end = rng.choice(deadlines)
        sep = rng.choice([". ", "; "])
        fields = [f"Cơ quan chủ trì: {lead}", f"Cơ quan phối hợp: {', '.join(partners)}",
                  f"Thời gian hoàn thành: {raw}"]
        text = "III. NHIỆM VỤ\n1. Nhóm nhiệm vụ\n1.1. Rà soát mạng lưới trường học\n" + sep.join(fields) + ".\n"
        (task,) = _doc(text).tasks
        assert (task.lead, task.partners, task.deadline.end) == (lead, ", ".join(partners), end)


def test_two_row_heading_a_period_over_its_years():
    import random

    rng = random.Random(11)
    for _ in range(20):
        years = sorted(rng.sample(range(2026, 2031), 3))
        values = [str(rng.randint(10, 99)) for _ in years]
        text = ("KẾ HOẠCH\nI. CHỈ TIÊU\n"
                "STT\tChỉ tiêu\tĐơn vị\tGiai đoạn 2026-2030\t\t\n"
                "STT\tChỉ tiêu\tĐơn vị\t" + "\t".join(f"Năm {y}" for y in years) + "\n"
                "1\tTỷ lệ trường học đạt chuẩn\t%\t" + "\t".join(values) + "\n")
        (ind,) = _doc(text).indicators
        assert [(t.year, t.raw) for t in ind.targets] == list(zip(years, values, strict=True))


def test_signature_beside_the_recipients_on_the_same_lines():
    import random

    from corpus.metadata import read_metadata

    rng = random.Random(5)
    names = ["Ngô Văn Thịnh", "Trần Minh Quang", "Lê Thị Hồng Nhung", "Phạm Quốc Hùng"]
    for _ in range(20):
        name, pos = rng.choice(names), rng.choice(["CHỦ TỊCH", "GIÁM ĐỐC"])
        head = rng.choice([f"Nơi nhận:\tKT. {pos}", f"Nơi nhận: {pos}", f"Nơinhận:\t{pos}"])
        recipients = [f"- {r};" for r in rng.sample(["Chính phủ", "Thường trực Tỉnh ủy", "Các sở, ngành",
                                                      "UBND các xã, phường"], 3)]
        tail = [head, *recipients[:rng.randint(0, 3)], name, *recipients[3:], "- Lưu: VT."]
        lines = ["KẾ HOẠCH", "Nội dung kế hoạch.", *tail]
        assert read_metadata(lines).get("signer") == name


@pytest.mark.parametrize("connective", ["đồng thời", "Đồng thời", "bên cạnh đó"])
def test_a_connective_after_a_comma_opens_a_target_of_its_own(connective):
    # "…, đồng thời, giảm ít nhất 25% X": the figure's target is named by its own clause (value first), not by
    # the words of the previous target that the comma ended
    doc = _doc("NGHỊ QUYẾT\nVề kế hoạch phát triển kinh tế - xã hội\nĐiều 1. Mục tiêu đến năm 2030\n"
               f"(3) Xây dựng mới 02 Trung tâm y tế khu vực quy mô 300 giường, được đầu tư đồng bộ trang thiết bị, "
               f"{connective}, giảm ít nhất 25% số ca chuyển tuyến lên tuyến trên.\n")
    by_value = {i.targets[0].raw: i for i in doc.indicators}
    named = by_value["ít nhất 25%"].name
    assert named.startswith("giảm ít nhất 25% số ca chuyển tuyến")
    assert "Trung tâm" not in named and "đồng bộ" not in named
    # the words after the comma that carry no figure still describe the target before them
    assert "ít nhất 25%" not in by_value["300 giường"].targets[0].raw
