"""Forms of questions that say nothing about their subject: office shorthand for months and quarters, slips in a
province's name, instructions about the answer's form, background sentences, documents set aside, and the checks
that keep a near record from answering (a code no record has, a share of another kind of thing)."""

from __future__ import annotations

import random
import re

import pytest

from assistant.analysis import analyze, background_end
from assistant.api import Assistant
from assistant.calibration import (
    asked_kind,
    counts_other_thing,
    other_count,
    other_degree,
    other_denominator,
    other_share,
    unknown_code,
    unnamed_acronym,
)
from corpus.provinces import PROVINCES, find_misspelt_provinces, find_provinces
from corpus.textnorm import fold
from index.abbreviations import unshorten

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@pytest.mark.parametrize("seed", range(5))
def test_month_and_quarter_shorthand_reads_as_the_spelled_out_period(seed):
    rng = random.Random(seed)
    month, year, quarter = rng.randint(1, 12), rng.randint(2024, 2035), rng.randint(1, 4)
    for typed in (f"th{month}/{year}", f"T{month}/{year}", f"TH {month}/{year}"):
        q = f"Nhiệm vụ nào phải xong trong {typed}?"
        assert f"tháng {month}/{year}" in unshorten(q)
        assert analyze(q, []).period == analyze(f"Nhiệm vụ nào phải xong trong tháng {month}/{year}?", []).period
    for typed in (f"Q{quarter}/{year}", f"q{quarter} {year}", f"Q.{ROMAN[quarter]}/{year}"):
        q = f"Việc gì phải hoàn thành trong {typed}?"
        assert f"quý {ROMAN[quarter]} năm {year}" in unshorten(q)
        assert analyze(q, []).period == analyze(f"Việc gì phải hoàn thành trong quý {ROMAN[quarter]} năm {year}?",
                                                []).period
    assert unshorten("Kế hoạch 43-KH/TU và QĐ 403") == "Kế hoạch 43-KH/TU và QĐ 403"  # codes stay


def _names() -> list[str]:
    names = [p for p in PROVINCES if len(fold(p).split()) >= 2 and len(fold(p).replace(" ", "")) >= 5]
    return names


@pytest.mark.parametrize("seed", range(4))
def test_a_province_typed_with_a_held_key_or_a_dropped_letter_is_still_named(seed):
    rng = random.Random(seed)
    for name in rng.sample(_names(), 8):
        words = fold(name).split()
        k = rng.randrange(len(words))
        i = rng.randrange(len(words[k]))
        held = words[:k] + [words[k][: i + 1] + words[k][i] + words[k][i + 1:]] + words[k + 1:]
        q = f"chi tieu cua {' '.join(held)} la bao nhieu vao 2030"
        if find_provinces(q):  # the slip spelt another place's name ("tuyenn quang nam"): an exact name wins
            continue
        assert [m.province for m in find_misspelt_provinces(q)] == [name], q
        assert name in analyze(q, []).provinces
        if len(words[k]) >= 3:
            dropped = words[:k] + [words[k][:i] + words[k][i + 1:]] + words[k + 1:]
            assert name in [m.province for m in find_misspelt_provinces(f"{' '.join(dropped)} thi sao")]


def test_ordinary_words_are_not_taken_for_a_misspelt_province():
    for q in ("co hai phuong dat chuan", "cao hon nam truoc", "ty le ho ngheo", "Hải Phòngg"):
        assert find_misspelt_provinces(q) == [], q


@pytest.mark.parametrize("request_form", ["Tóm tắt trong 3 ý.", "Trả lời ngắn gọn:", "Kèm nguồn trích dẫn.",
                                          "Trả lời dưới dạng bảng.", "Cho tôi con số chính xác:"])
def test_instructions_about_the_answer_change_neither_intent_nor_topic(request_form):
    for q in ("Cơ quan nào chủ trì chỉ tiêu tỷ lệ trường đạt chuẩn quốc gia?",
              "Tỷ lệ học sinh học ngoại ngữ năm 2030 là bao nhiêu?",
              "Mục đích của kế hoạch là gì?"):
        plain, asked = analyze(q, []), analyze(f"{request_form} {q}" if request_form.endswith(":") else
                                               f"{q} {request_form}", [])
        assert (asked.intent, asked.topic, asked.years) == (plain.intent, plain.topic, plain.years), request_form


def test_background_sentences_scope_the_question_but_are_not_its_topic():
    q = ("Cử tri vùng cao ở Hải Phòng phản ánh nhiều điểm trường lẻ xuống cấp. Đề nghị Giám đốc Sở GDĐT làm rõ: "
         "đến năm 2030 tỷ lệ học sinh bán trú là bao nhiêu?")
    assert background_end(q) > 0
    read = analyze(q, [], background=True)
    assert read.background and read.provinces == ["Hải Phòng"] and read.years == [2030]
    assert not {"cu", "tri", "xuong", "cap", "giam", "doc"} & set(read.topic)
    assert {"ban", "tru"} <= set(read.topic)
    assert {"cu", "tri"} <= set(analyze(q, []).topic)  # the first reading keeps them; the retry leaves them out
    assert background_end("Tỷ lệ trường chuẩn năm 2030? Còn năm 2035 thì sao?") == 0  # both sentences ask
    assert background_end("Năm 2030 tỷ lệ trường chuẩn là bao nhiêu?") == 0  # one sentence is never background


def test_a_year_after_moc_is_a_scope_not_a_deadline_question():
    assert analyze("Theo Phụ lục 01, đến mốc 2040 dịch vụ giáo dục phải đạt mức nào?", []).intent != "deadline"
    assert analyze("Nhiệm vụ này có mốc hoàn thành nào?", []).intent == "deadline"


def test_hieu_luc_of_management_is_no_document_fact():
    assert analyze("Ai chịu trách nhiệm nâng cao hiệu lực quản lý nhà nước về giáo dục?", []).intent != "docfact"
    assert analyze("Nghị quyết có hiệu lực từ ngày nào?", []).intent == "docfact"
    assert analyze("Phụ lục đi kèm kế hoạch của cơ quan nào, ban hành năm nào?", []).intent == "docfact"


def test_a_code_no_record_has_vetoes_a_record_without_it():
    df = {"tieng": 4, "anh": 6, "chuan": 9}
    assert unknown_code(["hoc", "sinh", "chuan", "tieng", "anh", "b1"], df, "Tỷ lệ dạy bằng tiếng Anh") == "b1"
    assert unknown_code(["chuan", "b1"], df, "Chuẩn B1 tiếng Anh") is None  # the text has it
    assert unknown_code(["chuan", "b1"], {**df, "b1": 1}, "tiếng Anh") is None  # the base knows it: ranking decides
    assert unknown_code(["tieng", "anh"], df, "tiếng Anh") is None


def test_a_share_of_another_kind_of_thing_does_not_answer():
    q = fold("Tỷ lệ trường phổ thông đạt chuẩn quốc gia năm 2030 là bao nhiêu?")
    assert other_share(q, "Hoàn thành mục tiêu 100% xã biên giới có trường phổ thông nội trú")
    assert not other_share(q, "Tỷ lệ trường đạt chuẩn quốc gia đạt 80%")
    assert not other_share(q, "Phấn đấu 85% trường phổ thông đạt chuẩn quốc gia")
    assert not other_share(fold("Phổ cập mầm non đạt bao nhiêu %?"), "100% xã đạt chuẩn phổ cập")


@pytest.fixture(scope="module")
def assistant(built_settings, index) -> Assistant:
    return Assistant(built_settings, index=index)


def test_a_document_set_aside_by_name_is_not_in_scope(assistant):
    asked = "tỷ lệ trường phổ thông đạt chuẩn quốc gia năm 2030 là bao nhiêu?"
    assert assistant.ask(f"Theo KH43 của Cao Bằng, {asked}").status == "answered"
    ans = assistant.ask(f"Theo Nghị quyết 68 của Cao Bằng (không phải KH43), {asked}")
    assert ans.status == "not_found" and not ans.citations


def test_document_codes_keep_their_year_segment_and_ai_is_a_word():
    import re

    from assistant.analysis import DOC_CODE

    assert re.findall(DOC_CODE, fold("Nghị định 142/2025/NĐ-CP, 43-KH/TU, 68/NQ-HĐND")) == [
        "142/2025/nd-cp", "43-kh/tu", "68/nq-hdnd"]
    assert "issuer" not in analyze("Cho tôi số hiệu của Kế hoạch do Tỉnh ủy Lào Cai ban hành.", []).docfact_fields
    assert "issuer" in analyze("Kế hoạch này ai ban hành?", []).docfact_fields


def test_a_code_that_opens_the_question_is_its_subject(assistant):
    cited = "Nghị định 142/2025/NĐ-CP mà Lào Cai viện dẫn quy định cụ thể những thẩm quyền gì của cấp xã?"
    ans = assistant.ask(cited)
    assert ans.status == "not_found" and "142/2025/NĐ-CP" in ans.answer


def test_the_day_asked_of_a_date_without_one_is_not_found(assistant):
    ans = assistant.ask("Kế hoạch của Tỉnh ủy Lào Cai thực hiện Nghị quyết 71 được ký ngày cụ thể nào?")
    assert ans.status == "not_found" and "để trống ngày" in ans.answer
    month = assistant.ask("Kế hoạch của Tỉnh ủy Lào Cai thực hiện Nghị quyết 71 ban hành tháng nào?")
    assert month.status == "answered" and re.search(r"tháng \d\d/\d{4}", month.answer), month.answer  # mm/yyyy


def test_a_part_asked_is_answered_without_its_whole(assistant):
    part = assistant.ask("Trong số lao động đã qua đào tạo ở Lào Cai, bao nhiêu phần trăm phải có văn bằng, chứng chỉ "
                         "vào năm 2030?")
    whole = assistant.ask("Tỷ lệ lao động qua đào tạo của Lào Cai năm 2030 là bao nhiêu?")
    assert part.status == whole.status == "answered"
    whole_figures = {f["value"] for f in whole.facts if f.get("indicator", "").startswith("Tỷ lệ lao động qua")}
    part_figures = {f["value"] for f in part.facts if f.get("type") == "target"}
    assert whole_figures and part_figures and not part_figures & whole_figures


def test_a_general_term_asked_covers_its_kinds_not_the_other_way_round():
    from assistant.matching import Scorer

    texts = ["Tỷ lệ trường dạy các môn học bằng tiếng Anh", "Tỷ lệ trường triển khai dạy ngoại ngữ 2",
             "Số cơ sở giáo dục triển khai chương trình song ngữ", "Tỷ lệ trường học đạt chuẩn quốc gia"]
    scorer = Scorer(texts)
    general = analyze("Các chỉ tiêu về ngoại ngữ là gì?", []).topic
    assert scorer.coverage(general, texts[0]) == scorer.coverage(general, texts[1]) == 1.0
    assert scorer.coverage(general, texts[2]) == 1.0 and scorer.coverage(general, texts[3]) == 0.0
    english = analyze("Chỉ tiêu về tiếng Anh là gì?", []).topic
    assert scorer.coverage(english, texts[1]) < 1.0  # "ngoại ngữ 2" is no answer to "tiếng Anh"


def test_what_a_clause_sets_aside_is_not_the_topic():
    assert "chinh" not in analyze("Ngoài tiết học chính khóa, đề án đặt chỉ tiêu nào về ngoại ngữ?", []).topic
    assert analyze("Ngoài Sở GDĐT ra, còn đơn vị nào phối hợp?", []).topic == []
    kept = analyze("Số giảng viên giỏi từ nước ngoài được tuyển dụng, năm 2030 là bao nhiêu?", []).topic
    assert {"nuoc", "ngoai", "tuyen", "dung"} <= set(kept)  # "nước ngoài …," inside a clause sets nothing aside


_UNITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _spell(n: int) -> str:
    """Vietnamese words for 0 ≤ n < 10000, read the full way ("hai nghìn không trăm ba mươi")."""
    words = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        words += [_UNITS[thousands], "nghìn"]
    hundreds, rest = divmod(rest, 100)
    if thousands or hundreds:
        words += [_UNITS[hundreds], "trăm"]
    tens, unit = divmod(rest, 10)
    if tens >= 2:
        words += [_UNITS[tens], "mươi"] + ([{1: "mốt", 5: "lăm"}.get(unit, _UNITS[unit])] if unit else [])
    elif tens == 1:
        words += ["mười"] + ([{5: "lăm"}.get(unit, _UNITS[unit])] if unit else [])
    elif unit and (thousands or hundreds):
        words += ["lẻ", _UNITS[unit]]
    elif not words:
        words = [_UNITS[unit]]
    return " ".join(words)


@pytest.mark.parametrize("seed", range(3))
def test_spoken_numbers_round_trip(seed):
    from index.spoken_numbers import digits_for_spoken_numbers

    rng = random.Random(seed)
    for _ in range(40):
        n = rng.choice([rng.randint(20, 99), rng.randint(100, 999), rng.randint(2020, 2050)])
        assert digits_for_spoken_numbers(f"chỉ tiêu đến năm {_spell(n)} là bao nhiêu") == (
            f"chỉ tiêu đến năm {n} là bao nhiêu"), _spell(n)
        year = rng.randint(2025, 2049)
        by_digit = " ".join(_UNITS[int(c)] for c in str(year)).replace("năm", "lăm")
        assert digits_for_spoken_numbers(f"năm {by_digit} thì sao") == f"năm {year} thì sao", by_digit
    # words that are numbers only in context stay words; a question with digits is left alone
    for q in ("một số chỉ tiêu năm nay", "không một ai", "ba trường", "năm năm", "đến năm 2030 hai mươi trường"):
        assert digits_for_spoken_numbers(q) == q
    assert digits_for_spoken_numbers("phụ lục không một của sở") == "phụ lục 01 của sở"
    assert digits_for_spoken_numbers("tám mươi lăm phần trăm") == "85 phần trăm"


@pytest.mark.parametrize("seed", range(4))
def test_group_chat_and_southern_forms_read_as_the_standard_question(seed):
    rng = random.Random(seed)
    year = rng.randint(2026, 2045)
    standard = f"Cho em hỏi Hải Phòng đến năm {year} tỷ lệ sinh viên quốc tế là bao nhiêu vậy?"
    typed = rng.choice([
        f"mn ơi cho e hỏi Hải Phòng đến năm {year} tỷ lệ sinh viên quốc tế là bn v",
        f"ad ơi Hải Phòng đến năm {year} tỷ lệ sinh viên quốc tế là bao nhiêu dzậy?",
        f"Bển Hải Phòng đến năm {year} tỷ lệ sinh viên quốc tế là bao nhiêu dzậy mn?",
    ])
    a, b = analyze(typed, []), analyze(standard, [])
    assert (a.intent, a.years, a.provinces) == (b.intent, b.years, b.provinces)
    assert set(a.topic) == set(b.topic), (typed, a.topic, b.topic)
    # a single letter is read as shorthand only where a clause ends: "vạn", "mục V" and a row "k" stay
    assert unshorten("số sinh viên trên 1 vạn dân") == "số sinh viên trên 1 vạn dân"
    assert unshorten("có hạn chót k?") == "có hạn chót không?"
    assert "vậy" not in unshorten("giảm bn mỗi năm v") and " v" not in unshorten("giảm bn mỗi năm v")


def test_everyday_phrases_typed_with_marks_are_not_respelt_by_the_corpus_restorer():
    # a restorer that knows only the corpus would write the bare syllable as the corpus's most frequent word
    def restore(text: str) -> str:
        return text.replace("so ", "số ")

    a = analyze("Chỉ số giáo dục năm 2035 của Hải Phòng, so sánh giúp với Lào Cai", [], restore=restore)
    assert "sanh" not in a.topic


def test_a_duration_is_no_deadline_and_a_self_introduction_sets_no_intent():
    assert analyze("Mỗi năm Hải Phòng đón bao nhiêu lượt giảng viên thỉnh giảng ngắn hạn đến năm 2030?",
                   []).intent == "value"
    assert analyze("Tôi phụ trách công tác dân tộc. Đến năm 2030 Cao Bằng có bao nhiêu trường nội trú?",
                   []).intent == "value"
    assert analyze("Cho tôi con số Hải Phòng đặt ra đến 2030 về số giảng viên được cử đi đào tạo.", []).intent == "value"


def test_words_after_the_question_are_background_not_topic():
    from assistant.analysis import afterword_start

    q = "Hải Phòng đến 2030 có bao nhiêu sinh viên quốc tế? Tôi cần con số cho đề cương tuyên truyền."
    assert q[:afterword_start(q)].rstrip().endswith("?")
    q2 = "Cao Bằng: cho tôi toàn bộ các chỉ tiêu đến năm 2035 để làm điểm nhấn tuyên truyền."
    assert "tuyên truyền" not in q2[:afterword_start(q2)]
    plain = "Theo QĐ 2450, các đơn vị báo cáo kết quả về cơ quan nào để tổng hợp?"
    assert afterword_start(plain) == len(plain)  # a purpose that is the question's own subject stays
    a = analyze(q, [], background=True)
    assert not {"de", "cuong", "tuyen", "truyen"} & set(a.topic) and analyze(q, []).background


_TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_TELEX_LETTERS = {"â": "aa", "ă": "aw", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}


def _telex(syllable: str) -> str:
    """A syllable as Telex keys (the input method's own rules; the test's encoder, independent of the decoder)."""
    import unicodedata

    tone = ""
    letters = []
    for ch in syllable:
        parts = unicodedata.normalize("NFD", ch)
        for mark in parts[1:]:
            tone = _TELEX_TONES.get(mark, tone)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TELEX_TONES))
        letters.append(_TELEX_LETTERS.get(base, base))
    return "".join(letters).replace("uwow", "uow") + tone


def _tone_and_fold(word: str) -> tuple[str, str]:
    import unicodedata

    marks = "".join(m for m in unicodedata.normalize("NFD", word) if m in _TELEX_TONES)
    return fold(word), marks


@pytest.mark.parametrize("seed", range(3))
def test_telex_keys_left_in_a_word_read_back_as_the_syllable(seed):
    import re as _re
    from pathlib import Path

    from index.telex import decode, decode_word

    words = sorted({w.lower() for f in sorted(Path("corpus/bundled").glob("*.txt"))
                    for w in _re.findall(r"[^\W\d_]+", f.read_text(encoding="utf-8"))
                    if 2 <= len(w) <= 7 and w.lower() != fold(w) and _re.search(r"[aeiouy]", fold(w))})
    rng = random.Random(seed)
    for word in rng.sample(words, 60):
        typed = _telex(word)
        got = decode_word(typed)
        if typed == fold(word) or got is None and not _re.fullmatch(r"[a-zđăâêôơư]+", word):
            continue
        assert got is not None and _tone_and_fold(got) == _tone_and_fold(word), (word, typed, got)
    # bare Vietnamese words, abbreviations and accented words stay as typed
    assert decode("Hai Phong dat ty le STEM Tỷ lệ cao bang") == "Hai Phong dat ty le STEM Tỷ lệ cao bang"


def test_central_speech_and_quiz_options_read_as_the_plain_question():
    a = analyze("Hải Phòng đặt chỉ số giáo dục đóng góp vô HDI năm 2035 ở mức mô rứa hỉ?", [])
    b = analyze("Hải Phòng đặt chỉ số giáo dục đóng góp vào HDI năm 2035 ở mức nào?", [])
    assert (a.intent, a.years, set(a.topic)) == (b.intent, b.years, set(b.topic))
    assert "mô hình" in unshorten("mô hình trường học ni")
    quiz = analyze("Câu hỏi: Đến năm 2030, Hải Phòng đặt tỷ lệ trường đạt chuẩn là: A. ≥50%  B. ≥ 85%  C. 100%?", [])
    plain = analyze("Đến năm 2030, Hải Phòng đặt tỷ lệ trường đạt chuẩn là bao nhiêu?", [])
    assert (quiz.years, set(quiz.topic)) == (plain.years, set(plain.topic))
    claim = analyze("Đúng hay sai: Lào Cai phải hoàn thành đề án trong tháng 11/2025?", [])
    assert claim.claimed_period and claim.period is None  # a claim to check, not a window to filter by


def test_a_group_named_in_quotes_lists_its_targets_whoever_asks(assistant):
    import re as _re
    from collections import defaultdict

    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for ind in assistant.index.indicators:
        if ind.province and ind.groups:
            groups[(ind.province, ind.doc_id, ind.groups[-1])].append(ind)
    checked = 0
    for (province, _doc, caption), inds in sorted(groups.items()):
        bare = _re.sub(r"^(?:[IVXLC]+|\d+)[.)]\s*", "", caption).strip(" .:")
        same = [k for k in groups if k[0] == province and k[2] != caption
                and _re.sub(r"^(?:[IVXLC]+|\d+)[.)]\s*", "", k[2]).strip(" .:") == bare]
        if len(inds) < 2 or same or _re.search(r"\d{4}", bare) or len(bare.split()) > 8:
            continue
        answer = assistant.ask(f"Phòng Tài chính cần toàn bộ nhóm chỉ tiêu “{bare}” của {province}, liệt kê đủ.")
        assert answer.status == "answered", (caption, answer.answer)
        for ind in inds:
            assert ind.name[:40] in answer.answer, (caption, ind.name)
        checked += 1
    assert checked >= 3


def test_a_row_named_by_number_answers_and_a_row_beyond_the_table_is_not_found(assistant):
    from conftest import numbered_tables

    from assistant.analysis import row_codes

    assert row_codes("PL01 dòng 22, năm 2045") == ["22"] and row_codes("chi tieu so 4.3 nam 2030") == ["4.3"]
    assert row_codes("chỉ tiêu 2030 của Hải Phòng") == []  # a year is no row
    # a row named by its code ("mã"); typed without marks only before a dotted code ("ma" is also "mà")
    assert row_codes("Danh mục chỉ tiêu, mã 4.7.2: kết quả?") == ["4.7.2"] and row_codes("ma so 2.1") == ["2.1"]
    assert row_codes("mã chỉ tiêu 12 năm 2030") == ["12"]
    assert row_codes("mà 5 năm tới") == [] and row_codes("ma 5 nam") == [] and row_codes("mã hóa 3 tệp") == []
    rng = random.Random(7)
    checked = 0
    # a table whose numbers restart per group needs its group named too: only tables with one numbering
    for doc, inds in numbered_tables(assistant.index.indicators, assistant.docs):
        codes = [i.code for i in inds]
        for ind in rng.sample(inds, 3):
            named = rng.choice(["dòng", "mã"])
            answer = assistant.ask(f"Theo {doc.title}, {named} {ind.code} ghi gì?")
            assert answer.status == "answered" and ind.name[:30] in answer.answer, (doc.doc_id, ind.code)
        beyond = max(int(c) for c in codes) + 3
        assert assistant.ask(f"Theo {doc.title}, chỉ tiêu số {beyond} năm 2030 là bao nhiêu?").status == "not_found"
        checked += 1
    assert checked >= 1


def test_a_gap_measured_in_one_place_is_a_value_and_a_division_named_tong_hop_asks_nothing():
    q = "Mức chênh lệch về giáo dục giữa các vùng ở tỉnh đến 2030 phải kéo xuống dưới bao nhiêu?"
    assert analyze(q, []).intent == "value"
    assert analyze("Chênh lệch giữa mục tiêu 2030 và 2035 là bao nhiêu?", []).intent == "comparison"
    assert analyze("Tỷ lệ trường chuẩn giữa các tỉnh ra sao?", []).intent == "comparison"
    intro = "Tôi ở phòng tổng hợp, đang làm báo cáo. "
    assert background_end(intro + "Chỉ tiêu thu ngân sách là bao nhiêu?") == len(intro)
    assert background_end("Tổng hợp giúp tôi các chỉ tiêu. Năm 2030 là bao nhiêu?") == 0


@pytest.mark.parametrize("asked", ["tỷ lệ lao động đã qua đào tạo mà có bằng cấp, chứng chỉ",
                                   "trong lao động qua đào tạo, tỷ lệ người có bằng cấp, chứng chỉ"])
def test_a_part_asked_of_its_base_is_answered_without_the_base(assistant, asked):
    """The bundled Lào Cai table's "Trong đó … có bằng cấp, chứng chỉ" row asked as a part of the row above it
    ("mà có", "trong <base>,"): the base's figure is another figure and is not shown beside the part's."""
    from assistant.structured import is_part_of, targets_for

    part = next(i for i in assistant.index.indicators
                if i.name.lower().startswith("trong đó") and i.name.endswith("bằng cấp, chứng chỉ") and i.parent_code)
    whole = next(i for i in assistant.index.indicators if is_part_of(part, i))
    answer = assistant.ask(f"{part.province}: đến 2030 {asked} là bao nhiêu?")
    assert answer.status == "answered" and targets_for(part, [2030])[0].raw in answer.answer, answer.answer
    assert targets_for(whole, [2030])[0].raw not in answer.answer, answer.answer


@pytest.mark.parametrize("seed", range(5))
def test_names_asked_of_an_answer_that_only_counts_them_are_not_found(seed):
    from assistant.analysis import names_asked
    from assistant.answerers import _names_given
    from assistant.structured import Reply

    rng = random.Random(seed)
    kind = rng.choice(["xã", "trường", "bệnh viện", "trung tâm"])
    count = rng.randint(2, 30)
    q = rng.choice([f"Cụ thể là những {kind} nào?", f"{count} {kind} đó là những {kind} nào?",
                    f"Kể tên các {kind} được đầu tư", f"Tên của {count} {kind} là gì?"])
    a = analyze(q, [])
    assert names_asked(q) == kind
    syllables = ["Bát", "Xát", "Mường", "Khương", "Y", "Tý", "Pha", "Long", "Nậm", "Chày"]
    names = [" ".join(rng.sample(syllables, 2)) for _ in range(3)]
    counted = Reply("answered", [f"- Nhiệm vụ 2.1 «Đầu tư tại {count:02d} {kind} biên giới của tỉnh Lào Cai» [1]"], [])
    assert _names_given(a, counted).status == "not_found"
    named = Reply("answered", [f"- Nhiệm vụ 2.1 «Đầu tư tại {count:02d} {kind} ({', '.join(names)})» [1]"], [])
    assert _names_given(a, named).status == "answered"
    assert names_asked("Tỷ lệ trường đạt chuẩn là bao nhiêu?") == "" and names_asked("Những tỉnh nào đặt chỉ tiêu này?") == ""


@pytest.mark.parametrize("seed", range(4))
def test_a_share_stated_as_premise_is_not_the_quantity_asked(seed):
    rng = random.Random(seed)
    share = f"{rng.choice([50, 80, 90, 100])}{rng.choice(['%', ' %'])}"
    thing = rng.choice(["trường học ứng dụng trí tuệ nhân tạo", "xã đạt chuẩn nông thôn mới", "phòng học kiên cố"])
    filler = " ".join(rng.sample(["theo", "kế hoạch", "của tỉnh", "giai đoạn", "tới", "dự kiến", "bố trí"], 5))
    assert asked_kind(fold(f"Để đạt {share} {thing} thì kinh phí {filler} là bao nhiêu?")) == "money"
    assert asked_kind(fold(f"Để đạt {share} {thing} thì cần bao nhiêu tiền?")) == "money"
    assert asked_kind(fold(f"Tỷ lệ {thing} năm 2030 là bao nhiêu?")) == "share"
    assert asked_kind(fold(f"{thing} đạt bao nhiêu %?")) == "share"
    assert asked_kind(fold(f"Mục tiêu {share} {thing} là của tỉnh nào?")) == ""
    change = rng.choice(["tăng bình quân", "tăng", "giảm"])  # a change of money asked is a rate, not a sum
    assert asked_kind(fold(f"Vốn đầu tư thực hiện trên địa bàn {filler} {change} bao nhiêu?")) != "money"


@pytest.mark.parametrize("seed", range(4))
def test_a_figure_per_inhabitants_is_not_answered_by_a_total(seed):
    rng = random.Random(seed)
    thing = rng.choice(["sinh viên", "bác sĩ", "giường bệnh", "dược sĩ"])
    per = rng.choice(["trên 1 vạn dân", "trên một vạn dân", "/vạn dân", "trên 10.000 dân", "trên 1.000 dân",
                      "/10.000 người dân"])
    q = fold(f"Đến năm 2030 có bao nhiêu {thing} {per}?")
    total = f"Phấn đấu có {rng.randint(2, 9)}.{rng.randint(100, 999)} {thing} trên địa bàn tỉnh"
    rate = f"Số {thing}/vạn dân: {rng.randint(10, 300)}"
    assert other_denominator(q, total)
    assert not other_denominator(q, rate)
    assert not other_denominator(q, f"{thing} đạt {rng.randint(10, 300)} người trên 1 vạn dân")  # the sentence's own words
    assert not other_denominator(fold(f"Có bao nhiêu {thing}?"), total)


@pytest.mark.parametrize("seed", range(4))
def test_a_count_of_one_thing_is_not_answered_by_a_count_of_another(seed):
    rng = random.Random(seed)
    asked, other = rng.sample(["học sinh", "giáo viên", "phòng học", "lớp", "trường", "sinh viên", "xã"], 2)
    q = fold(f"Trường mới ở xã {rng.choice(['Bảo Yên', 'Nà Hang', 'Tà Xùa'])} có quy mô bao nhiêu {asked}?")
    n = rng.randint(2, 40)
    assert counts_other_thing(q, f"Nâng cấp {n:02d} {other} trong giai đoạn 2026-2030")
    assert not counts_other_thing(q, f"Quy mô {n * 35} {asked}")
    assert not counts_other_thing(q, f"{n}% {other} đạt chuẩn")  # a share may be what is meant
    assert not counts_other_thing(fold("Có bao nhiêu người được đào tạo?"), f"Đào tạo {n * 100} {other}")


@pytest.mark.parametrize("seed", range(3))
def test_a_row_counting_by_a_general_word_answers_a_count_of_its_kind(seed):
    from assistant.calibration import contradicts
    from corpus.records import Indicator, Target
    from corpus.values import parse_value

    rng = random.Random(seed)
    asked = rng.choice(["trường", "bệnh viện", "thư viện"])
    general = rng.choice([("cơ sở giáo dục", "Cơ sở"), ("đơn vị", "Đơn vị")])
    specific = rng.choice([("phòng học", "Phòng"), ("lớp", "Lớp")])
    q = fold(f"Có bao nhiêu {asked} dạy song ngữ đạt chuẩn?")

    def row(name: str, unit: str) -> Indicator:
        raw = f"≥ {rng.randint(2, 30)}"
        return Indicator(id="d:1", doc_id="d", province=None, group="", groups=[], code="1",
                         name=f"Số lượng {name} đạt chuẩn", unit=unit,
                         targets=[Target(period="2030", year=2030, raw=raw, value=parse_value(raw))])
    assert not contradicts("count", row(*general), q)
    assert contradicts("count", row(*specific), q)
    assert contradicts("count", row(*general), fold("Có bao nhiêu giáo viên dạy song ngữ?"))  # people are no "cơ sở"


def test_co_operating_bodies_asked_of_a_row_naming_only_its_lead_are_not_found(assistant):
    rows = [i for i in assistant.index.indicators if i.lead and not i.partners and i.province and len(i.name) > 25
            and not re.search(r"\d", i.name)]  # a year in the name would be asked as the year
    assert rows, "the bundled corpus has a table with a lead column alone"
    for ind in random.Random(7).sample(rows, min(3, len(rows))):
        answer = assistant.ask(f"{ind.province}: cơ quan nào phối hợp theo dõi chỉ tiêu «{ind.name}»?")
        assert answer.status == "not_found", answer.answer
        assert "phối hợp" in answer.answer and ind.lead in answer.answer, answer.answer
        lead = assistant.ask(f"{ind.province}: cơ quan nào chủ trì theo dõi chỉ tiêu «{ind.name}»?")
        assert lead.status == "answered" and ind.lead in lead.answer, lead.answer


@pytest.mark.parametrize("seed", range(4))
def test_a_rank_group_of_another_size_is_another_figure(seed):
    rng = random.Random(seed)
    asked, said = rng.sample([25, 100, 150, 200, 500], 2)
    where = rng.choice(["châu Á", "thế giới", "cả nước"])
    q = fold(f"Có bao nhiêu trường đại học lọt {rng.choice(['top', 'tốp', 'nhóm'])} {asked} {where} năm 2030?")
    assert other_count(q, f"Số cơ sở giáo dục đại học thuộc nhóm {said} đại học hàng đầu {where}")
    assert not other_count(q, f"Số cơ sở giáo dục đại học thuộc nhóm {asked} đại học hàng đầu {where}")


def test_teachers_counted_as_lecturers_are_one_kind_of_people():
    from assistant.calibration import contradicts
    from corpus.records import Indicator, Target
    from corpus.values import parse_value

    def row(name: str) -> Indicator:
        return Indicator(id="d:1", doc_id="d", province=None, group="", groups=[], code="1", name=name, unit="Người",
                         targets=[Target(period="2030", year=2030, raw="≥ 300", value=parse_value("≥ 300"))])
    q = fold("Bao nhiêu giáo viên được cử đi bồi dưỡng ở nước ngoài?")
    assert not contradicts("count", row("Số giảng viên được bồi dưỡng tại nước ngoài"), q)
    assert contradicts("count", row("Số học sinh được bồi dưỡng tại nước ngoài"), q)


@pytest.mark.parametrize("seed", range(4))
def test_a_total_over_a_period_is_no_figure_of_one_year_inside_it(seed):
    from assistant.passages import _year_ok

    rng = random.Random(seed)
    lo = rng.choice([2021, 2026, 2031])
    hi, year = lo + 4, lo + rng.randint(1, 3)
    a = analyze(f"Thu hút vốn FDI năm {year} là bao nhiêu?", [])
    total = f"Thu hút vốn FDI giai đoạn {lo} - {hi} đạt {rng.randint(2, 9)} tỷ USD."
    yearly = f"Thu hút vốn FDI giai đoạn {lo} - {hi} tăng bình quân {rng.randint(5, 12)}%/năm."
    assert not _year_ok(a, total, "")
    assert _year_ok(a, yearly, "")
    assert _year_ok(analyze(f"Thu hút vốn FDI đến năm {hi} là bao nhiêu?", []), total, "")
    alone = analyze(rng.choice([f"Thu hút vốn FDI riêng năm {year} là bao nhiêu?", f"Chỉ tính năm {year}, FDI bao nhiêu?",
                                f"FDI năm {year} thôi thì bao nhiêu?"]), [])
    assert alone.year_alone and not a.year_alone
    assert not _year_ok(alone, yearly, "")  # "riêng năm Y": an average over the period is not that year's own figure


@pytest.mark.parametrize("seed", range(5))
def test_an_item_asked_by_a_rank_beyond_the_names_listed_is_not_found(seed):
    from assistant.answerers import _rank_given
    from assistant.structured import Reply

    rng = random.Random(seed)
    kind = rng.choice(["trường", "xã", "trung tâm"])
    syllables = ["Bát", "Xát", "Mường", "Khương", "Y", "Tý", "Pha", "Long", "Nậm", "Chày", "Văn", "Bàn"]
    listed = rng.randint(2, 6)
    names = [" ".join(rng.sample(syllables, 2)) for _ in range(listed)]
    said = listed + rng.randint(0, 1)  # the count said may be more than the names given
    line = f"- Nhiệm vụ 2.{seed} «Nâng cấp {said:02d} {kind} vùng cao ({', '.join(names)}) giai đoạn 2026-2030» [1]"
    words = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy"]
    beyond = listed + 1
    q = rng.choice([f"{kind.capitalize()} thứ {words[beyond - 1]} là {kind} nào?", f"Tên {kind} thứ {beyond} là gì?"])
    a = analyze(q, [])
    assert a.ordinal == beyond and a.names_asked == kind
    out = _rank_given(a, Reply("answered", [line], []), None)
    assert out.status == "not_found" and names[-1] in out.note, out.note
    within = analyze(f"{kind.capitalize()} thứ {words[listed - 1]} là {kind} nào?", [])
    assert _rank_given(within, Reply("answered", [line], []), None).status == "answered"


def test_an_acronym_asked_about_must_be_named_by_the_record():
    asked = ["chi", "so", "phat", "trien", "con", "nguoi"]  # "chỉ số HDI", read in its long form
    q = "Tỉnh đặt chỉ số HDI năm 2030 là bao nhiêu?"
    assert unnamed_acronym(q, asked, "Chỉ số Hạnh phúc người dân (CB-HPI) trên 90 điểm") == "HDI"
    assert unnamed_acronym(q, asked, "Chỉ số giáo dục đóng góp vào chỉ số phát triển con người") is None
    assert unnamed_acronym(q, asked, "Chỉ số HDI của tỉnh") is None
    # an acronym that names the document or its issuer is not what is asked about
    assert unnamed_acronym("NQ 68/NQ-HĐND: tỷ lệ hộ nghèo?", ["ho", "ngheo"], "Tỷ lệ hộ nghèo giảm") is None
    # an acronym of a level or a field qualifies what is asked: records paraphrase it
    assert unnamed_acronym("Trường THPT tôi: tỷ lệ trường đạt chuẩn?", ["truong", "thpt", "dat", "chuan"],
                           "Trường phổ thông đạt chuẩn quốc gia") is None


def test_a_figure_for_another_degree_does_not_answer():
    q = fold("Tỷ lệ giảng viên có trình độ thạc sĩ đến 2030?")
    assert other_degree(q, "Tỷ lệ giảng viên trình độ tiến sĩ đối với cơ sở giáo dục đại học")
    assert not other_degree(q, "Tỷ lệ giảng viên có trình độ thạc sĩ trở lên")
    assert not other_degree(q, "Tỷ lệ giảng viên đạt chuẩn")  # names no degree: ranking decides
    assert not other_degree(fold("Tỷ lệ giảng viên đạt chuẩn?"), "trình độ tiến sĩ")
    # the degree the asked one is above
    assert not other_degree(fold("Tỷ lệ thầy cô có học vị trên cả thạc sĩ?"), "trình độ tiến sĩ")


def test_a_figure_claimed_in_a_yes_no_check_is_checked_against_the_row(assistant):
    # rows of the bundled tables asked by their own name and year, with the row's figure or another one
    rng = random.Random(11)
    rows = [(doc, ind, t) for doc, inds in _tables_by_doc(assistant) for ind in inds for t in ind.targets
            if t.year and t.has_target and re.fullmatch(r"\d{2,3}%", t.raw.replace(" ", ""))]
    checked = 0
    for doc, ind, t in rng.sample(rows, 4):
        value = int(t.raw.replace(" ", "").rstrip("%"))
        wrong = f"{value // 2 + 7}%"
        for claim, right in ((t.raw, True), (wrong, False)):
            q = f"Có đúng là ở {doc.province}, {ind.name} năm {t.year} là {claim} không?"
            ans = assistant.ask(q)
            assert ans.status == "answered", (q, ans.answer)
            verdicts = [line for line in ans.answer.splitlines() if line.startswith("Đối chiếu:")]
            assert len(verdicts) == 1, (q, ans.answer)
            assert ("không đúng" in verdicts[0]) != right, (q, verdicts[0])
            if not right:
                assert not re.search(rf"(?<![\d,.]){re.escape(claim.rstrip('%'))}(?![\d,.])", ans.answer), ans.answer
        checked += 1
    assert checked == 4
    # not a check: no verdict
    plain = assistant.ask(f"Ở {doc.province}, {ind.name} năm {t.year} là bao nhiêu?")
    assert "Đối chiếu" not in plain.answer


def _tables_by_doc(assistant):
    docs = {d.doc_id: d for d in assistant.docs}
    by_doc: dict[str, list] = {}
    for ind in assistant.index.indicators:
        if ind.source == "table" and len(ind.name.split()) >= 4:
            by_doc.setdefault(ind.doc_id, []).append(ind)
    return [(docs[d], inds) for d, inds in by_doc.items() if docs[d].province]
