"""The paraphrase step: a question whose words cover no record well is answered from the record that says the
same thing in other words when the fitted model is sure, and stays "not found" otherwise."""

from __future__ import annotations

import json
import random

import pytest

from assistant import paraphrase
from assistant.api import Assistant
from corpus.provinces import PROVINCES


@pytest.fixture(scope="module")
def assistant(built_settings, index) -> Assistant:
    return Assistant(built_settings, index=index)


def test_the_fitted_model_is_data_with_its_source_and_every_feature():
    m = json.loads(paraphrase.COEFFICIENTS.read_text(encoding="utf-8"))
    assert set(m["weights"]) == set(paraphrase.FEATURES) == set(m["mean"]) == set(m["scale"])
    assert 0.5 <= m["threshold"] < 1.0  # sure, not merely likely: a wrong figure is the worst answer
    assert "fit_paraphrase" in m["source"] and "test" not in m["source"]


# everyday words for the rows' terms; each asks a figure the bundled plans set (the official term in brackets)
SAID_OTHERWISE = [
    ("Hải Phòng muốn du học sinh nước ngoài chiếm bao nhiêu phần trăm người học đại học vào năm 2030?",
     "0,5"),  # Tỷ lệ sinh viên quốc tế
    ("Mỗi năm Hải Phòng tính nhận vào học nghề bậc trung cấp, cao đẳng khoảng bao nhiêu em, theo mục tiêu đến 2030?",
     "16.000"),  # Quy mô tuyển sinh giáo dục nghề nghiệp
]


@pytest.mark.parametrize("question,value", SAID_OTHERWISE)
def test_a_figure_asked_in_other_words_is_found_by_meaning(assistant, question, value, monkeypatch):
    ans = assistant.ask(question)
    assert ans.status == "answered" and value in ans.answer, ans.answer
    assert ans.path == "record_paraphrase"
    assert ans.confidence >= paraphrase.threshold()
    assert "không dùng đúng các từ của câu hỏi" in ans.answer  # the reader is told to check the row's name
    # the same question, with the step switched off, is the "not found" it was before
    monkeypatch.setattr(paraphrase, "threshold", lambda: 1.01)
    assert assistant.ask(question + " ").status == "not_found"


# topics no plan of this kind sets a target for (general words, not taken from the corpus)
FOREIGN_TOPICS = ["giá vé xem bóng đá", "số con trâu bò được tiêm phòng", "lượng mưa trung bình mỗi tháng",
                  "số chuyến bay quốc tế mỗi tuần", "giá gạo xuất khẩu", "số vụ cháy rừng"]


@pytest.mark.parametrize("seed", range(4))
def test_a_topic_no_record_speaks_of_stays_not_found(assistant, seed):
    rng = random.Random(seed)
    province = rng.choice(["Cao Bằng", "Hải Phòng", "Lào Cai", *rng.sample(sorted(PROVINCES), 2)])
    topic = rng.choice(FOREIGN_TOPICS)
    year = rng.choice([2026, 2030, 2035])
    ans = assistant.ask(f"Đến năm {year}, {province} đặt mục tiêu {topic} là bao nhiêu?")
    assert ans.status == "not_found", ans.answer
    assert ans.path != "record_paraphrase"


@pytest.mark.parametrize("question", [
    "Tỉnh có nêu vốn đầu tư xây dựng trường chuyên là bao nhiêu không?",
    "Kinh phí dự kiến bố trí cho việc này là bao nhiêu?",
])
def test_money_named_before_the_question_is_asked_as_money(question):
    from assistant.calibration import asked_kind
    from corpus.textnorm import fold

    assert asked_kind(fold(question)) == "money"
    assert asked_kind(fold("Kinh phí từ xã hội chiếm bao nhiêu phần trăm?")) == "share"
