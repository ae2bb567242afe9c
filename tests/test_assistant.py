"""The assistant on the bundled corpus: each intent, no diacritics, several provinces, follow-ups, not found."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from assistant.api import Assistant
from corpus.textnorm import fold


@pytest.fixture(scope="module")
def assistant(built_settings, index) -> Assistant:
    return Assistant(built_settings, index=index)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def has(text: str, value: str) -> bool:
    """Value stated in the text as a whole number ('0,8' is not inside '0,85')."""
    return re.search(rf"(?<![\d,.]){re.escape(_squash(value))}(?![\d,])", _squash(text)) is not None


def cited_docs(ans) -> set[str]:
    return {c.doc_id for c in ans.citations}


def test_value_names_province_year_document_and_cites_the_row(assistant):
    ans = assistant.ask("Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?")
    assert ans.status == "answered"
    assert has(ans.answer, "> 0,85")
    assert not has(ans.answer, "≥ 0,8")  # the 2030 value of the same indicator
    assert "Cao Bằng" in ans.answer and "2035" in ans.answer
    assert cited_docs(ans) == {"cao-bang-chi-tieu-kh43"}
    assert all("0,85" in c.quote for c in ans.citations)
    fact = ans.facts[0]
    assert fact["year"] == 2035 and fact["parsed"]["comparator"] == ">" and fact["parsed"]["low"] == 0.85


def test_two_figures_asked_of_one_prose_target_show_its_whole_sentence(assistant):
    two = assistant.ask("Bệnh viện đa khoa tuyến tỉnh xây mới theo NQ 68 của Cao Bằng có quy mô bao nhiêu giường, "
                        "và có thể nâng cấp thêm bao nhiêu giường sau 2030?")
    assert has(two.answer, "1.000") and has(two.answer, "500") and "Nguyên văn" in two.answer
    one = assistant.ask("Bệnh viện đa khoa tuyến tỉnh xây mới theo NQ 68 của Cao Bằng có quy mô bao nhiêu giường?")
    assert "Nguyên văn" not in one.answer


def test_who_implements_the_document_asked_after_a_figure_of_it(assistant):
    ans = assistant.ask("Ai được giao tổ chức triển khai nghị quyết đó?",
                        ["Nghị quyết 68 của Cao Bằng đặt tỷ lệ hộ nghèo năm 2030 là bao nhiêu?"])
    assert ans.path == "roles" and "Ủy ban nhân dân tỉnh" in ans.answer
    assert cited_docs(ans) == {"cao-bang-nq68-hdnd"}


def test_same_indicator_other_province_is_not_blended(assistant):
    hp = assistant.ask("Mục tiêu HDI năm 2035 của Hải Phòng?")
    assert has(hp.answer, "≥ 0,85") and not has(hp.answer, "> 0,85")
    assert cited_docs(hp) == {"hai-phong-de-an-gddt"}
    lc = assistant.ask("Chỉ số giáo dục đóng góp vào HDI của Lào Cai năm 2035 là bao nhiêu?")
    assert has(lc.answer, "0,7") and not has(lc.answer, "0,85")
    assert cited_docs(lc) == {"lao-cai-kh-nq71"}


def test_question_without_diacritics(assistant):
    ans = assistant.ask("muc tieu HDI nam 2030 cua cao bang la bao nhieu")
    assert ans.status == "answered"
    assert has(ans.answer, "≥ 0,8")
    assert cited_docs(ans) == {"cao-bang-chi-tieu-kh43"}


def test_abbreviation_in_question(assistant):
    ans = assistant.ask("Tỷ lệ người trong độ tuổi hoàn thành cấp THPT và tương đương năm 2030 của Hải Phòng?")
    assert ans.status == "answered" and has(ans.answer, "≥ 95")


@pytest.mark.parametrize(
    ("question", "stated", "doc_id"),
    [
        pytest.param("Cơ quan nào chủ trì theo dõi chỉ tiêu tỷ lệ sinh viên quốc tế của Hải Phòng?",
                     "Sở Giáo dục và Đào tạo", "hai-phong-de-an-gddt", id="agency_of_an_indicator"),
        pytest.param("Tầm nhìn đến năm 2045 của giáo dục Lào Cai là gì?",
                     "mức khá toàn quốc", "lao-cai-kh-nq71", id="open_question_is_answered_with_quotes"),
        # "mục tiêu chung" asks for words, not a figure: the section under that heading answers
        pytest.param("Mục tiêu chung của kế hoạch thực hiện NQ 71 tỉnh Lào Cai?",
                     "nguồn nhân lực chất lượng cao", "lao-cai-kh-nq71",
                     id="target_named_without_a_figure_cue_is_quoted_from_its_section"),
        pytest.param("Ban nào của HĐND tỉnh Cao Bằng thẩm tra dự thảo Nghị quyết 68?",
                     "Ban Kinh tế - Ngân sách", "cao-bang-nq68-hdnd",
                     id="who_examined_a_resolution_is_read_from_its_basis_lines"),
    ],
)
def test_answer_states_the_words_and_cites_the_one_document(assistant, question, stated, doc_id):
    ans = assistant.ask(question)
    assert ans.status == "answered", ans.answer
    assert stated in ans.answer
    assert cited_docs(ans) == {doc_id}


def test_implementing_units_of_a_row_split_by_a_page_break(assistant):
    ans = assistant.ask("Theo Phụ lục 01, đơn vị nào triển khai chỉ tiêu tỉ lệ học liệu được số hóa?")
    assert ans.status == "answered"
    assert "các cơ sở GDPT và GDTX" in ans.answer


def test_deadline_of_a_task(assistant):
    ans = assistant.ask("Nhiệm vụ xây dựng Đề án hỗ trợ phát triển giáo dục hòa nhập phải hoàn thành khi nào?")
    assert ans.status == "answered"
    assert "Quý I năm 2026" in ans.answer
    assert any(f.get("due_end") == "2026-03-31" for f in ans.facts)


def test_complete_list_of_tasks_due_in_a_month(assistant):
    ans = assistant.ask("Những nhiệm vụ nào phải xong trong tháng 12/2025?")
    assert ans.status == "answered"
    codes = sorted(f["code"] for f in ans.facts if f["type"] == "task")
    # tasks 1.4 … 1.11 of the Lào Cai plan are due "trong tháng 12/2025": all of them, nothing else
    assert codes == sorted(f"1.{n}" for n in range(4, 12))


def test_list_of_indicators_led_by_an_agency(assistant):
    ans = assistant.ask("Những chỉ tiêu nào do Phòng Tài chính chủ trì theo dõi?")
    assert ans.status == "answered"
    codes = sorted(int(f["code"]) for f in ans.facts)
    assert codes == [10, 11, 12, 34, 39]  # the rows whose lead column reads "Phòng Tài chính"


def test_comparison_across_provinces_gives_one_row_each(assistant):
    ans = assistant.ask("So sánh mục tiêu HDI năm 2035 của Cao Bằng, Hải Phòng và Lào Cai")
    assert ans.status == "answered"
    by_province = {f["province"]: f["value"] for f in ans.facts}
    assert set(by_province) == {"Cao Bằng", "Hải Phòng", "Lào Cai"}
    assert has(by_province["Cao Bằng"], "> 0,85") and has(by_province["Hải Phòng"], "≥ 0,85")
    assert has(by_province["Lào Cai"], "0,7")
    assert "|" in ans.answer  # a table


def test_document_facts(assistant):
    ans = assistant.ask("Ai ký Nghị quyết 68/NQ-HĐND?")
    assert ans.status == "answered" and "Bế Thanh Tịnh" in ans.answer
    assert any("Bế Thanh Tịnh" in c.quote for c in ans.citations)
    date = assistant.ask("Nghị quyết 68/NQ-HĐND ban hành ngày nào?")
    assert "11/12/2025" in date.answer


@pytest.mark.parametrize(
    "question",
    [
        "Mục tiêu HDI năm 2035 của Nghệ An là bao nhiêu?",  # a province with no document
        "Mục tiêu HDI năm 2040 của Hải Phòng?",  # a year no document sets this target for
        "Phụ lục 01: tỉ lệ giáo viên có chữ ký số năm 2025?",  # the row named is "-" that year; a lesser row is not it
        "Cao Bằng đặt mục tiêu bao nhiêu tỷ đồng ngân sách cho chuyển đổi số trường học năm 2030?",  # never given
    ],
)
def test_not_found_never_substitutes(assistant, question):
    ans = assistant.ask(question)
    assert ans.status == "not_found"
    assert ans.answer.startswith("Không tìm thấy trong văn bản")
    assert not ans.citations
    assert not re.search(r"0,8\d", ans.answer)


def test_follow_ups_resolve_against_previous_turns(assistant):
    first = "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?"
    year = assistant.ask("Còn năm 2030 thì sao?", history=[first])
    assert has(year.answer, "≥ 0,8") and not has(year.answer, "> 0,85")
    agency = assistant.ask("Cơ quan nào chủ trì theo dõi chỉ tiêu đó?",
                           history=["Tỷ lệ sinh viên quốc tế của Hải Phòng năm 2030 là bao nhiêu?"])
    assert "Sở Giáo dục và Đào tạo" in agency.answer
    other = assistant.ask("Thế còn Hải Phòng?", history=[first])
    assert has(other.answer, "≥ 0,85") and cited_docs(other) == {"hai-phong-de-an-gddt"}


def test_history_as_chat_messages(assistant):
    history = [{"role": "user", "content": "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?"},
               {"role": "assistant", "content": "> 0,85 [1]"}]
    assert has(assistant.ask("Còn năm 2030 thì sao?", history=history).answer, "≥ 0,8")


def test_former_province_name_is_resolved_with_a_note(assistant):
    ans = assistant.ask("Yên Bái đặt mục tiêu tỷ lệ trường học đạt chuẩn quốc gia năm 2030 là bao nhiêu?")
    assert ans.status == "answered" and cited_docs(ans) == {"lao-cai-kh-nq71"}
    assert "Yên Bái nay thuộc Lào Cai" in ans.answer


def test_bad_questions_are_error_answers(assistant):
    for question, message in [("   ", "trống"), ("x" * 5000, "quá dài"), ("?!… --- ***", "không có chữ")]:
        ans = assistant.ask(question)
        assert ans.status == "error" and message in ans.answer, ans.answer


def test_json_contract_of_the_cli(built_settings):
    from ui.cli import main

    result = CliRunner().invoke(main, ["--home", str(built_settings.home), "ask", "--json",
                                       "Mục tiêu HDI năm 2035 của Cao Bằng là bao nhiêu?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"question", "status", "answer", "citations", "facts", "timings_ms"}
    assert data["status"] == "answered"
    assert set(data["citations"][0]) == {"n", "doc_id", "title", "locator", "lines", "quote"}


def test_batch_cli_writes_json_lines(built_settings, tmp_path):
    from ui.cli import main

    batch = tmp_path / "q.txt"
    batch.write_text("Ai ký Nghị quyết 68/NQ-HĐND?\n\nMục tiêu HDI năm 2035 của Nghệ An?\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--home", str(built_settings.home), "ask", "--batch", str(batch)])
    lines = [json.loads(x) for x in result.output.splitlines() if x.strip()]
    assert [x["status"] for x in lines] == ["answered", "not_found"]


def test_a_document_the_test_writes_itself(fresh_settings, embedder, tmp_path):
    """A province outside the bundled corpus: ingest a small plan and ask about it."""
    from index.build import ensure_index, ingest

    ensure_index(fresh_settings, embedder, progress=False)
    doc = tmp_path / "ke-hoach-quang-tri.txt"
    doc.write_text(
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\n\nPhụ lục\nCHỈ TIÊU PHÁT TRIỂN GIÁO DỤC\n\n"
        "STT\tChỉ tiêu\tĐơn vị\tKết quả\tCơ quan chủ trì theo dõi\n"
        "I\tĐến năm 2030\t\t\t\n"
        "1\tTỷ lệ trường mầm non đạt chuẩn quốc gia\t%\t≥ 72\tSở Giáo dục và Đào tạo\n"
        "2\tSố phòng học bộ môn STEM\tPhòng\t120\tSở Khoa học và Công nghệ\n"
        "II\tĐến năm 2035\t\t\t\n"
        "1\tTỷ lệ trường mầm non đạt chuẩn quốc gia\t%\t≥ 90\tSở Giáo dục và Đào tạo\n",
        encoding="utf-8",
    )
    report = ingest([doc], fresh_settings, embedder, progress=False)
    assert report.added == ["ke-hoach-quang-tri"]
    a = Assistant(fresh_settings)
    ans = a.ask("Tỷ lệ trường mầm non đạt chuẩn quốc gia của Quảng Trị năm 2035?")
    assert ans.status == "answered" and has(ans.answer, "≥ 90") and not has(ans.answer, "≥ 72")
    assert cited_docs(ans) == {"ke-hoach-quang-tri"}
    lead = a.ask("Ai chủ trì theo dõi chỉ tiêu số phòng học bộ môn STEM của Quảng Trị?")
    assert "Sở Khoa học và Công nghệ" in lead.answer
    missing = a.ask("Tỷ lệ trường mầm non đạt chuẩn quốc gia của Quảng Trị năm 2045?")
    assert missing.status == "not_found"


def test_records_of_documents_keep_the_order_of_the_whole_lists():
    """A question's scope is read from per-document lists: the same records, in the same order, as filtering
    every record (ranking ties are broken by that order)."""
    from types import SimpleNamespace

    from assistant.context import Records
    from corpus.records import Indicator, Task

    inds = [Indicator(f"i{n}", f"d{n % 3}", None, "", [], str(n), f"Chỉ tiêu {n}", "%", []) for n in range(9)]
    tasks = [Task(f"t{n}", f"d{(n * 2) % 3}", None, "", str(n), f"Nhiệm vụ {n}", "") for n in range(6)]
    records = Records([], inds, tasks, SimpleNamespace(nodes={}))
    for scope in ({"d0"}, {"d2", "d0"}, {"d1", "d9"}, {"d0", "d1", "d2"}, set()):
        got_inds, got_tasks = records.of_docs(scope)
        assert got_inds == [i for i in inds if i.doc_id in scope]
        assert got_tasks == [t for t in tasks if t.doc_id in scope]


@pytest.mark.parametrize(
    ("question", "status", "stated"),
    [
        pytest.param("Trong kế hoạch của Tỉnh ủy Lào Cai, Sở NV chủ trì những nhiệm vụ nào?", "not_found", "Sở Nội vụ",
                     id="a_body_the_documents_give_no_task_is_not_answered_with_others_tasks"),
        pytest.param("Cho tôi số hiệu và ngày ký của Kế hoạch Tỉnh ủy Lào Cai thực hiện Nghị quyết 71", "not_found",
                     "tháng 10/2025", id="a_blank_number_and_day_are_not_found_and_what_is_written_is_told"),
        pytest.param("Nghị quyết 68 đặt mục tiêu tổng quát gì cho Cao Bằng đến năm 2030?", "answered",
                     "phát triển nhanh, bền vững và hạnh phúc",
                     id="the_overall_goal_of_a_text_that_does_not_head_it_is_its_goal_sentence"),
    ],
)
def test_answer_status_and_the_words_it_states(assistant, question, status, stated):
    ans = assistant.ask(question)
    assert ans.status == status and stated in ans.answer


def test_a_party_committee_named_as_issuer_finds_its_plan(assistant):
    ans = assistant.ask("Tầm nhìn 2045 trong kế hoạch của Tỉnh ủy Lào Cai nói gì?")
    assert ans.status == "answered" and "lao-cai-kh-nq71" in cited_docs(ans)


def test_money_asked_is_not_answered_by_a_sentence_without_an_amount(assistant):
    ans = assistant.ask("Nghị quyết 68 Cao Bằng ghi tổng vốn đầu tư cho bệnh viện đa khoa tuyến tỉnh là bao nhiêu?")
    assert ans.status == "not_found" and not has(ans.answer, "1.000")


def test_the_overall_goal_asked_under_either_name_quotes_the_goal_part(assistant):
    ans = assistant.ask("Kế hoạch của Tỉnh ủy Lào Cai đặt mục tiêu tổng quát thế nào?")
    assert ans.status == "answered" and "Mục tiêu chung" in ans.answer
    from assistant.analysis import analyze

    assert analyze("Kế hoạch STEM để đạt mục đích gì?", []).intent != "value"


def test_a_yes_no_check_of_a_deadline_says_whether_it_holds_without_repeating_the_claim(assistant):
    ans = assistant.ask("Có đúng là Kế hoạch của Tỉnh ủy Lào Cai yêu cầu ban hành Đề án phát triển các trường "
                        "THPT chuyên trong tháng 11/2025 không?")
    assert ans.status == "answered" and "12/2025" in ans.answer and "không đúng" in ans.answer
    assert "11/2025" not in ans.answer


def test_a_change_between_milestones_set_in_separate_groups_shows_each_year(assistant):
    ans = assistant.ask("Chỉ số giáo dục đóng góp vào HDI của Hải Phòng tăng từ mức năm 2030 lên mức năm 2035 "
                        "thế nào?")
    assert ans.status == "answered" and "0,82" in ans.answer and "0,85" in ans.answer


def test_what_the_plan_requires_is_its_requirements_part_even_with_no_topic_left(assistant):
    ans = assistant.ask("Kế hoạch thực hiện NQ71 của Lào Cai đặt ra những yêu cầu gì đối với việc triển khai?")
    assert ans.status == "answered" and "Yêu cầu" in ans.answer and "cách mạng sâu sắc" in ans.answer


def test_a_body_given_no_task_is_said_so_when_its_tasks_are_asked(assistant):
    ans = assistant.ask("Đề nghị cho biết Sở Nội vụ tỉnh Lào Cai được giao nhiệm vụ cụ thể gì trong Kế hoạch "
                        "thực hiện Nghị quyết 71.")
    assert ans.status == "not_found" and "Sở Nội vụ" in ans.answer


def test_to_make_a_resolution_known_and_implement_it_asks_the_resolutions_own_roles(assistant):
    ans = assistant.ask("Để quán triệt và triển khai Nghị quyết 68/NQ-HĐND, HĐND tỉnh Cao Bằng giao cơ quan nào tổ "
                        "chức thực hiện và báo cáo kết quả?")
    assert ans.status == "answered" and "Ủy ban nhân dân tỉnh" in ans.answer


def test_date_and_issuer_asked_beside_an_implemented_plan_quote_the_line_that_states_them(assistant):
    ans = assistant.ask("Phụ lục chỉ tiêu của Cao Bằng thực hiện Kế hoạch số 43-KH/TU ngày nào, của cơ quan nào?")
    assert ans.status == "answered" and "15/12/2025" in ans.answer
    assert "BAN THƯỜNG VỤ TỈNH ỦY CAO BẰNG" in ans.answer.upper()


def test_a_figure_asked_of_two_named_documents_of_one_province_shows_each(assistant):
    ans = assistant.ask("Phụ lục KH43 và Nghị quyết 68 của Cao Bằng có thống nhất về mục tiêu năm 2030 giảm điểm "
                        "trường lẻ không?")
    cited = {c.doc_id for c in ans.citations}
    assert {"cao-bang-chi-tieu-kh43", "cao-bang-nq68-hdnd"} <= cited


def test_targets_asked_of_a_document_the_base_only_cites_are_not_another_documents(assistant):
    ans = assistant.ask("Nghị quyết 06-NQ/TU của Tỉnh ủy Cao Bằng đặt những chỉ tiêu gì về khoa học công nghệ?")
    assert ans.status == "not_found" and "06-NQ/TU" in ans.answer and "Nghị quyết 68" in ans.answer
    # a document the question only places its subject by ("Theo …") is no such case
    assert assistant.ask("Theo Nghị quyết 71-NQ/TW, Lào Cai đặt tỷ lệ trường học đạt chuẩn quốc gia năm 2030 "
                         "bao nhiêu?").status == "answered"


def test_duties_done_all_along_are_listed_whatever_year_names_the_plan(assistant):
    ans = assistant.ask("Những nhiệm vụ thường xuyên trong kế hoạch năm 2026 của Tỉnh ủy Lào Cai thực hiện Nghị quyết "
                        "71 là gì?")
    assert ans.status == "answered" and "3.1" in ans.answer and "Thường xuyên" in ans.answer


def test_how_a_resolution_orients_a_field_quotes_the_part_whose_heading_names_it(assistant):
    ans = assistant.ask("Nghị quyết 68 của Cao Bằng định hướng phát triển giáo dục và đào tạo giai đoạn 2026-2030 "
                        "ra sao?")
    assert ans.status == "answered" and "3.2.1" in ans.answer and "Trường THPT Chuyên tỉnh" in ans.answer


def test_the_second_foreign_language_typed_short(assistant):
    ans = assistant.ask("Tỷ lệ trường THCS ở HP dạy NN2 đến 2030 là bao nhiêu?")
    assert "≥ 5" in ans.answer and "≥ 10" not in ans.answer
