"""A follow-up that names the record of the previous answer ("chỉ tiêu đó", "nhiệm vụ này", "các trường đó") is
answered from that record; an opening "Căn cứ <văn bản>," cites and does not ask for a basis."""

from __future__ import annotations

import random
import re

import pytest
from conftest import numbered_tables

from assistant.analysis import analyze, background_end, refers_back
from assistant.api import Assistant

NOUNS = ["chỉ tiêu", "nhiệm vụ", "việc", "đề án", "mục tiêu", "các trường", "mấy trường"]
DEMONSTRATIVES = ["đó", "này", "ấy", "nói trên"]


@pytest.fixture(scope="module")
def assistant(built_settings, index) -> Assistant:
    return Assistant(built_settings, index=index)


@pytest.mark.parametrize("seed", range(5))
def test_a_record_named_again_with_a_demonstrative_refers_back(seed):
    rng = random.Random(seed)
    noun, dem = rng.choice(NOUNS), rng.choice(DEMONSTRATIVES)
    filler = rng.choice(["", " mới", " xây mới"]) if "trường" in noun else ""
    assert refers_back(f"Cơ quan nào chủ trì {noun}{filler} {dem}?")
    assert refers_back(f"{noun.capitalize()}{filler} {dem} phải xong khi nào?")
    # "do" with its marks is "by", not "that"; a question without a record named again does not refer back
    assert not refers_back("Việc do UBND tỉnh chủ trì là gì?")
    assert not refers_back("Bao giờ xong cơ sở vật chất và bắt đầu tuyển sinh?")


def test_who_follows_the_row_asked_before_is_that_rows_agency(assistant):
    rng = random.Random(11)
    checked = 0
    for doc, inds in numbered_tables(assistant.index.indicators, assistant.docs):
        for ind in rng.sample([i for i in inds if i.lead], 3):
            first = f"Theo {doc.title}, dòng {ind.code} ghi gì?"
            assert ind.id in {f.get("record_id") for f in assistant.ask(first).facts}
            answer = assistant.ask(rng.choice(["Cơ quan nào chủ trì theo dõi chỉ tiêu đó?",
                                               "Chỉ tiêu này do đơn vị nào chủ trì?"]), [first])
            assert answer.path == "previous" and ind.lead.split(",")[0] in answer.answer, (ind.id, answer.answer)
            checked += 1
    assert checked >= 3


def test_a_follow_up_about_another_province_is_searched_anew(assistant):
    first = "Lào Cai đến năm 2030 có bao nhiêu trường trọng điểm chất lượng?"
    answer = assistant.ask("Hải Phòng có chỉ tiêu này không?", [first])
    assert answer.path != "previous"
    assert all(f.get("province") in (None, "Hải Phòng") for f in answer.facts)


def test_an_opening_citation_of_a_document_is_no_question_of_basis():
    q = "Căn cứ Kế hoạch số 43-KH/TU ngày 15/12/2025, đề nghị cho biết tỷ lệ trường đạt chuẩn quốc gia năm 2030?"
    assert analyze(q, []).intent == "value"
    assert q[background_end(q):].startswith("đề nghị cho biết")
    assert analyze("Căn cứ nào để ban hành kế hoạch này?", []).intent == "basis"
    assert analyze("Kế hoạch được ban hành căn cứ những văn bản nào?", []).intent == "basis"


# bodies shaped like a Sở's divisions that lead no row of the bundled tables (general names, not the corpus's)
ABSENT_BODIES = ["Phòng Giáo dục thể chất", "Phòng Kiểm định chất lượng giáo dục", "Phòng Quản lý khoa học",
                 "Ban Quản lý dự án giáo dục"]


@pytest.mark.parametrize("seed", range(3))
def test_a_list_of_the_rows_a_body_leads(assistant, seed):
    from corpus.textnorm import fold
    from index.abbreviations import long_forms

    rng = random.Random(seed)
    leads = sorted({i.lead for i in assistant.index.indicators if i.lead and "," not in i.lead and len(i.lead) < 40})
    lead = rng.choice(leads)
    docs = sorted({i.doc_id for i in assistant.index.indicators if i.lead == lead})
    title = assistant.docs_by_id[docs[0]].title
    answer = assistant.ask(f"Trong {title}, những chỉ tiêu nào do {lead} chủ trì theo dõi?")
    assert answer.status == "answered" and answer.facts, answer.answer
    rows = {(i.doc_id, i.code): i for i in assistant.index.indicators}
    assert all(fold(long_forms(lead)) in fold(long_forms(rows[(f["doc_id"], f["code"])].lead))
               for f in answer.facts), answer.answer
    absent = rng.choice(ABSENT_BODIES)
    answer = assistant.ask(f"Trong {title}, những chỉ tiêu nào do {absent} chủ trì theo dõi?")
    assert answer.status == "not_found" and absent in answer.answer, answer.answer
    answer = assistant.ask(f"{absent} được giao chủ trì theo dõi chỉ tiêu nào trong {title}?")
    assert answer.status == "not_found", answer.answer


def test_a_span_of_years_is_no_row_and_a_kindergarten_no_assignment():
    from assistant.analysis import row_codes

    assert row_codes("Tôi đang tổng hợp chỉ tiêu 5 năm của tỉnh") == []
    assert row_codes("chỉ tiêu 12 năm 2030 là bao nhiêu") == ["12"]
    assert analyze("Bao nhiêu xã đạt chuẩn phổ cập mẫu giáo cho trẻ 5 tuổi?", []).intent == "value"
    assert analyze("Việc này giao cho cơ quan nào?", []).intent == "agency"


def test_a_follow_up_for_a_year_the_row_leaves_blank_is_not_found(assistant):
    rng = random.Random(5)
    checked = 0
    for doc, inds in numbered_tables(assistant.index.indicators, assistant.docs):
        blank = [(i, t) for i in inds for t in i.targets if not t.has_target and re.fullmatch(r"\d{4}", t.period or "")
                 and any(o.has_target for o in i.targets)]
        for ind, target in rng.sample(blank, min(3, len(blank))):
            first = f"Theo {doc.title}, dòng {ind.code} ghi gì?"
            answer = assistant.ask(f"Thế năm {target.period} chỉ tiêu này là bao nhiêu?", [first])
            assert answer.status == "not_found", (ind.id, target.period, answer.answer)
            checked += 1
    assert checked >= 1
