"""Reading limits of issue 9, each on inputs generated from general vocabulary (random verbs, nouns,
numbers, agencies; a seed per case): counts joined in one clause, numbers inside a framework's name,
agency lists around "các tổ chức …", and the signer's capacity of a document without a signature."""

from __future__ import annotations

import random

import numpy as np
import pytest
from docgen import vocab
from docgen.generate import thousands

from corpus.parse import parse_lines
from corpus.textnorm import fold
from index.chunking import signer_position

HEAD = ["ỦY BAN NHÂN DÂN TỈNH {p}", "Số: 12/KH-UBND", "{p}, ngày 5 tháng 3 năm 2026", "KẾ HOẠCH",
        "Phát triển giáo dục giai đoạn 2026-2030", "I. MỤC TIÊU", "1. Mục tiêu cụ thể đến năm 2030"]
PROVINCES = ["Cao Bằng", "Lào Cai", "Sơn La", "Gia Lai", "Đồng Tháp"]
# verbs of building and staffing targets, and the things they count (general plan wording)
BUILD = ["xây mới", "xây dựng mới", "cải tạo, nâng cấp", "tuyển dụng", "thành lập mới"]
THINGS = [("phòng học", "phòng học bộ môn"), ("trường", "trường đạt chuẩn quốc gia"), ("giáo viên", "giáo viên tiếng Anh"),
          ("phòng học", "phòng học kiên cố"), ("trạm", "trạm y tế xã"), ("thư viện", "thư viện điện tử"),
          ("giường bệnh", "giường bệnh viện tuyến tỉnh"), ("lớp", "lớp học ngoại ngữ")]


def _doc(body: list[str], seed: int):
    p = PROVINCES[seed % len(PROVINCES)]
    return parse_lines([h.format(p=p) for h in HEAD] + body, f"t{seed}")


def _count(rng: random.Random) -> str:
    return thousands(rng.choice([rng.randint(12, 95), rng.randint(120, 9800)]))


@pytest.mark.parametrize("seed", range(20))
def test_two_counts_joined_in_one_clause_are_two_targets(seed):
    rng = random.Random(seed)
    verb, other = rng.sample(BUILD, 2)
    second = rng.choice([verb, other])  # the same verb shared, or each count after its own verb
    (a, _), (b, b_long) = rng.sample(THINGS, 2)
    n1, n2 = _count(rng), _count(rng)
    cue = rng.choice(["Đến năm 2030, ", "Phấn đấu đến năm 2030 ", ""])
    joined = rng.choice([" và ", ", "]) + f"{n2} {b_long}" if second == verb else f", {second} {n2} {b_long}"
    doc = _doc([f"- {cue}{verb} {n1} {a}{joined}."], seed)
    got = {i.targets[0].raw: i.name for i in doc.indicators}
    assert set(got) == {f"{n1} {a}", f"{n2} {b}"}, got
    assert got[f"{n2} {b}"].endswith(f"{second} {n2} {b_long}")  # the second count keeps its verb and noun
    assert got[f"{n1} {a}"].endswith(f"{verb} {n1} {a}")
    assert all(i.targets[0].period == "2030" for i in doc.indicators)


def test_shares_joined_by_and_stay_one_target():
    doc = _doc(["- Đến năm 2030, tỷ lệ học sinh tiểu học và trung học cơ sở đi học đúng độ tuổi đạt 99% và 95%."], 0)
    assert [i.targets[0].raw for i in doc.indicators] == ["99%; 95%"]


FRAMEWORKS = ["Khung năng lực ngoại ngữ {n} bậc dùng cho Việt Nam", "khung trình độ quốc gia {n} bậc",
              "Bộ tiêu chí {n} tiêu chí", "thang điểm {n} điểm", "Khung năng lực số {n} mức"]


@pytest.mark.parametrize("seed", range(20))
def test_number_inside_a_framework_name_is_not_a_value(seed):
    rng = random.Random(seed)
    pct = rng.randint(40, 99)
    frame = rng.choice(FRAMEWORKS).format(n=rng.choice([3, 5, 6, 8, 10, 19]))
    pop = rng.choice(vocab.PERCENT_NAMES[1][0] + vocab.PERCENT_NAMES[2][0])
    line = rng.choice([f"- Đến năm 2030, {pct}% {pop} đạt bậc 3 trở lên theo {frame}.",
                       f"- Đến năm 2030, tỷ lệ {pop} đạt chuẩn theo {frame} đạt {pct}%."])
    inds = _doc([line], seed).indicators
    assert [i.targets[0].raw for i in inds] == [f"{pct}%"], line


@pytest.mark.parametrize("seed", range(20))
def test_bodies_joined_with_the_collective_organisations_are_read_whole(seed):
    rng = random.Random(seed)
    first = rng.choice(["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", *[a.format(unit="tỉnh") for a in vocab.AGENCIES[:12]]])
    others = rng.choice(["các tổ chức chính trị - xã hội tỉnh", "các tổ chức thành viên", "các tổ chức đoàn thể tỉnh"])
    verb = rng.choice(["phối hợp tuyên truyền, vận động nhân dân", "tham gia giám sát việc thực hiện",
                       "tổ chức tuyên truyền sâu rộng"])
    body = ["III. TỔ CHỨC THỰC HIỆN", f"{rng.randint(1, 9)}. Đề nghị {first} và {others} {verb} Kế hoạch."]
    task = next(t for t in _doc(body, seed).tasks if t.source == "prose")
    assert (task.lead, task.partners) == (first, others)
    assert task.title.startswith(verb)


TABLE_ROW_CAPS = ["III\tMÔI TRƯỜNG VÀ CHUYỂN ĐỔI SỐ", "A\tGIÁO DỤC MẦM NON VÀ PHỔ THÔNG",
                  "B\tTRƯỜNG TRUNG HỌC PHỔ THÔNG", "II\tPHÓ CHỦ TỊCH PHỤ TRÁCH"]


@pytest.mark.parametrize("seed", range(8))
def test_signer_position_needs_a_signature_block(seed):
    rng = random.Random(seed)
    rows = ["STT\tChỉ tiêu\tĐơn vị tính\tNăm 2030", rng.choice(TABLE_ROW_CAPS),
            f"1\tTỷ lệ hộ nghèo\t%\t{rng.randint(1, 9)}", rng.choice(TABLE_ROW_CAPS), "2\tSố trường\ttrường\t12"]
    doc = _doc(rows, seed)
    assert doc.signer is None and signer_position(doc) == ""
    block = rng.choice([["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
                        ["CHỦ TỊCH"]])
    signed = _doc([*rows, "", *block, "(đã ký)"], seed)
    assert signer_position(signed) == " ".join(block)


@pytest.mark.parametrize("seed", range(10))
def test_numbered_targets_that_lost_an_opening_bracket(seed):
    """OCR or retyping drops the '(' of '(3)': where '(n)' is the list's style, 'n)' items are targets too."""
    rng = random.Random(seed)
    pcts = rng.sample(range(40, 99), 4)
    names = rng.sample([f"Tỷ lệ {pop} {pred}" for pops, preds in vocab.PERCENT_NAMES[:3] for pop in pops
                        for pred in preds[:2]], 4)
    lost = rng.sample(range(1, 4), rng.randint(1, 3))  # the list opens with "(1)"; later brackets may be lost
    items = [f"{'' if k in lost else '('}{k + 1}) {n} đạt {p}%." for k, (n, p) in enumerate(zip(names, pcts,
                                                                                              strict=True))]
    got = {i.name: i.targets[0].raw for i in _doc(["2. Các chỉ tiêu chủ yếu", *items], seed).indicators}
    assert got == {n: f"{p}%" for n, p in zip(names, pcts, strict=True)}
    # a "1)" list of its own is not read as numbered targets, even where "(n)" items stand elsewhere
    plain = _doc(["(1) Căn cứ pháp lý.", "II. NHIỆM VỤ",
                  *[f"{k + 1}) Rà soát {n.lower()} năm {2026 + k}." for k, n in enumerate(names)]], seed)
    assert plain.indicators == []


@pytest.mark.parametrize("seed", range(10))
def test_a_position_line_that_lost_a_mark_is_not_the_signer(seed):
    rng = random.Random(seed)
    name = f"{rng.choice(vocab.SURNAMES)} {rng.choice(vocab.MIDDLE)} {rng.choice(vocab.GIVEN)}"
    position = rng.choice(["CHU TỊCH", "PHÓ CHU TỊCH", "CHỦ TICH", "GIAM ĐỐC", "PHO GIÁM ĐỐC"])
    block = rng.choice([["TM. HỘI ĐỒNG NHÂN DÂN"], ["KT. CHỦ TỊCH"], []])
    doc = _doc(["III. TỔ CHỨC THỰC HIỆN", "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.", *block, position, name,
                "Nơi nhận:", "- Như trên;"], seed)
    assert doc.signer == name


@pytest.mark.parametrize("seed", range(3))
def test_binarize_a_page_of_a4_size_with_a_white_margin(seed):
    """A scanned page of A4 at 300 dpi: paper, ink and grey noise. Rounding must never make the top grey level
    the threshold (then the whole page, once straightened, read as ink and OCR gave nothing)."""
    from corpus.ocr import binarize

    g = np.random.default_rng(seed)
    page = np.full((3508, 2482), 255, np.uint8)
    n = int(g.integers(100000, 900000))
    page.ravel()[g.integers(0, page.size, n)] = g.integers(0, 80, n)
    page.ravel()[g.integers(0, page.size, page.size // 3)] = g.integers(200, 256, page.size // 3)
    ink = binarize(page)
    assert 0 < ink.mean() < 0.2


def test_order_numbers_misread_by_ocr_follow_the_row_above():
    from corpus.ocr import _order_numbers

    rng = random.Random(5)
    for _ in range(20):
        n = rng.randint(4, 12)
        rows = [[str(k), f"Nhiệm vụ {k}", "Sở Y tế"] for k in range(1, n + 1)]
        k = rng.randint(1, n - 1)  # a number OCR misread as a mark, or as a letter with the next number two on
        rows[k][0] = rng.choice(["°)", "|", "!", "i", "l"])
        sub = [["a", "Nội dung a", ""], ["b", "Nội dung b", ""]]  # sub-rows lettered a, b stay letters
        got = _order_numbers([*rows, *sub, [str(n + 1), "Cuối", "Sở Nội vụ"]])
        assert [r[0] for r in got] == [*map(str, range(1, n + 1)), "a", "b", str(n + 1)]


@pytest.mark.parametrize("seed", range(20))
def test_deadlines_before_a_date_half_years_and_quarter_ranges(seed):
    """'Trước (ngày) d/m/y' in any writing is due on that day; '6 tháng đầu/cuối năm Y' is a half year;
    'quý III-IV/Y' runs from the first quarter's start to the last one's end."""
    import calendar

    from corpus.deadlines import parse_deadline

    rng = random.Random(seed)
    y, m = rng.randint(2025, 2030), rng.randint(1, 12)
    d = rng.randint(1, calendar.monthrange(y, m)[1])
    day = rng.choice([f"trước {d}/{m}/{y}", f"Trước ngày {d}/{m}/{y}", f"trước ngày {d} tháng {m} năm {y}",
                      f"Hoàn thành trước ngày {d:02d}/{m:02d}/{y}"])
    assert parse_deadline(day).end == f"{y}-{m:02d}-{d:02d}", day
    first = rng.random() < 0.5
    half = parse_deadline(f"{rng.choice(['6', '06'])} tháng {'đầu' if first else 'cuối'} năm {y}")
    assert (half.start, half.end) == ((f"{y}-01-01", f"{y}-06-30") if first else (f"{y}-07-01", f"{y}-12-31"))
    q1 = rng.randint(1, 3)
    q2 = rng.randint(q1 + 1, 4)
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    text = rng.choice([f"Quý {roman[q1]}-{roman[q2]}/{y}", f"quý {roman[q1]} và quý {roman[q2]} năm {y}"])
    quarters = parse_deadline(text)
    assert quarters.start == f"{y}-{3 * q1 - 2:02d}-01", text
    assert quarters.end == f"{y}-{3 * q2:02d}-{calendar.monthrange(y, 3 * q2)[1]:02d}", text
    # a month or a school year "trước" it is still due the day before it starts
    assert parse_deadline(f"trước tháng {m}/{y}").end == (
        f"{y - 1}-12-31" if m == 1 else f"{y}-{m - 1:02d}-{calendar.monthrange(y, m - 1)[1]:02d}")


@pytest.mark.parametrize("seed", range(10))
def test_bands_of_text_the_page_layout_dropped_are_found(seed):
    """Lines of ink with no OCR word over them (Tesseract dropped their block) come back as bands to read again;
    lines with words, tables and specks do not."""
    from corpus.ocr import Word, missed_bands

    rng = random.Random(seed)
    ink = np.zeros((3508, 2482), bool)
    lines = [(y, y + 40) for y in range(200, 3200, 70)]  # text lines 40 px high, 30 px apart
    dropped = set(rng.sample(range(len(lines)), rng.randint(1, 4)))
    words = []
    for k, (y0, y1) in enumerate(lines):
        ink[y0:y1, 200:2200:3] = True
        if k not in dropped:
            words.append(Word("chữ", 200, y0, 300, y1 - y0, (1, 1, k)))
    for _ in range(20):  # specks
        y, x = rng.randint(0, 3500), rng.randint(0, 2470)
        ink[y:y + 3, x:x + 3] = True
    table = (100, 3300, 2400, 3450)
    ink[3300:3450, 100:2400:2] = True
    bands = missed_bands(ink, words, [table])
    inside = {k for k, (y0, y1) in enumerate(lines) for a, b in bands if a <= y0 and y1 <= b}
    assert inside == dropped  # every dropped line is in a band; no line with words is
    assert all(b <= table[1] for _, b in bands)  # nor the table, nor a speck on its own
    assert len(bands) <= len(dropped)


# verbs that open a duty, capitalised after a colon as officials write them (general duty wording)
DUTIES_AFTER_COLON = ["Chỉ đạo các cơ sở trực thuộc triển khai Kế hoạch", "Chủ động bố trí nguồn lực thực hiện",
                      "Tuyên truyền, phổ biến nội dung Kế hoạch", "Phối hợp rà soát đối tượng trên địa bàn"]
BODIES_ASKED = ["Ủy ban nhân dân các xã, phường", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Liên đoàn Lao động tỉnh",
                "Tỉnh Đoàn", "Hội Liên hiệp Phụ nữ tỉnh"]


@pytest.mark.parametrize("seed", range(20))
def test_a_body_asked_by_request_before_a_colon_leads_its_duties(seed):
    """'Đề nghị X: Chỉ đạo …; báo cáo … trước ngày d/m hằng năm': X leads, the duty starts after the colon."""
    rng = random.Random(seed)
    body = rng.choice(BODIES_ASKED + [a.format(unit="tỉnh") for a in vocab.AGENCIES[:12]])
    duty = rng.choice(DUTIES_AFTER_COLON)
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    ask = rng.choice(["Đề nghị", "Kính đề nghị", "Giao"])
    line = f"{rng.randint(1, 9)}. {ask} {body}: {duty}; tổng hợp, báo cáo kết quả trước ngày {day}/{month} hằng năm."
    tasks = [t for t in _doc(["III. TỔ CHỨC THỰC HIỆN", line], seed).tasks if t.source == "prose"]
    assert [t.lead for t in tasks] == [body], line
    assert tasks[0].title.startswith(duty) and tasks[0].deadline.recurring


@pytest.mark.parametrize("seed", range(20))
def test_two_report_dates_in_one_clause_are_both_kept(seed):
    """The reporting regime of plans: a half-year and a yearly report, each with its day, in one clause."""
    rng = random.Random(seed)
    (d1, m1), (d2, m2) = (rng.randint(1, 28), rng.randint(5, 7)), (rng.randint(1, 28), rng.randint(11, 12))
    first, second = rng.choice([(f"ngày {d1}/{m1}", f"ngày {d2}/{m2}"), (f"ngày {d1:02d}/{m1:02d}", f"ngày {d2}/{m2}")])
    clause = rng.choice([
        f"báo cáo sơ kết 6 tháng trước {first} và báo cáo năm trước {second} hằng năm",
        f"báo cáo kết quả định kỳ 6 tháng (trước {first}) và hằng năm (trước {second}) về Sở Tài chính",
        f"gửi báo cáo 6 tháng trước {first}, báo cáo năm trước {second}",
    ])
    body = rng.choice(BODIES_ASKED + [a.format(unit="tỉnh") for a in vocab.AGENCIES[:12]])
    tasks = _doc(["III. TỔ CHỨC THỰC HIỆN", f"1. {body}: chủ trì triển khai Kế hoạch; {clause}."], seed).tasks
    report = next(t for t in tasks if t.deadline and "báo cáo" in t.title)
    assert first in report.deadline.raw and second in report.deadline.raw, (clause, report.deadline.raw)
    assert report.deadline.recurring and report.lead == body
    # one dated day alone, and two days in separate clauses, keep their own phrases
    apart = _doc(["III. TỔ CHỨC THỰC HIỆN",
                  f"1. {body}: báo cáo 6 tháng trước {first}; tổ chức sơ kết, báo cáo năm trước {second}."], seed).tasks
    assert sorted(t.deadline.raw for t in apart if t.deadline) == sorted([f"trước {first}", f"trước {second}"])


# indicators whose value is an age or a duration (national statistical indicators: life expectancy, mean and
# expected years of schooling, average working life)
AGE_NAMES = [("Tuổi thọ trung bình", "tuổi", (70, 80)), ("Tuổi thọ khỏe mạnh", "tuổi", (62, 70)),
             ("Số năm đi học bình quân của người từ 25 tuổi trở lên", "năm", (8, 12)),
             ("Số năm đi học kỳ vọng", "năm", (11, 14))]


@pytest.mark.parametrize("seed", range(20))
def test_an_age_or_a_duration_stated_as_the_value_keeps_its_unit(seed):
    rng = random.Random(seed)
    name, unit, (lo, hi) = rng.choice(AGE_NAMES)
    number = rng.choice([str(rng.randint(lo, hi)), f"{rng.randint(lo, hi)},{rng.randint(1, 9)}"])
    verb = rng.choice(["đạt", "đạt khoảng", "đạt trên", "là"])
    cue = rng.choice(["Đến năm 2030, ", "Phấn đấu đến năm 2030, "])
    pct = rng.randint(40, 99)
    ages = rng.choice(["trẻ em từ 3 đến 5 tuổi", "trẻ em dưới 6 tuổi", "người từ 15 đến 60 tuổi"])
    lines = [f"- {cue}{name[:1].lower() + name[1:]} {verb} {number} {unit}.",
             f"- {cue}tỷ lệ {ages} được tiếp cận dịch vụ đạt {pct}%."]
    got = {i.name.lower(): (i.targets[0].raw, i.unit) for i in _doc(lines, seed).indicators}
    stated = f"{verb.removeprefix('đạt').removeprefix('là').strip()} {number} {unit}".strip()
    assert got[name.lower()] == (stated, unit), got
    # ages that say who is counted are part of the name, never the value
    assert got[f"tỷ lệ {ages} được tiếp cận dịch vụ"] == (f"{pct}%", "%"), got


@pytest.mark.parametrize("seed", range(20))
def test_a_row_numbering_the_columns_is_not_a_record(seed):
    """'1 | 2 | 3 | …' or '(1) | (2) | …' under a table's header (and again under a header repeated after a page
    break) numbers its columns: the rows of the table are the records, nothing else."""
    rng = random.Random(seed)
    years = sorted(rng.sample(range(2026, 2031), 3))
    head = ["STT", "Chỉ tiêu", "Đơn vị tính", *[f"Năm {y}" for y in years], "Cơ quan chủ trì"]
    style = rng.choice(["{}", "({})"])
    numbers = [style.format(k) for k in range(1, len(head) + 1)]
    agencies = [a.format(unit="tỉnh") for a in vocab.AGENCIES]
    names = rng.sample([f"Tỷ lệ {pop} {pred}" for pops, preds in vocab.PERCENT_NAMES for pop in pops
                        for pred in preds], 4)
    rows = [[str(k), n, "%", *[str(rng.randint(40, 99)) for _ in years], rng.choice(agencies)]
            for k, n in enumerate(names, start=1)]
    cut = rng.randint(1, 3)  # the page break: the header and the numbers repeated
    table = [head, numbers, *rows[:cut], head, numbers, *rows[cut:]]
    inds = _doc(["\t".join(r) for r in table], seed).indicators
    assert [i.name for i in inds] == names
    assert [[t.raw for t in i.targets] for i in inds] == [r[3:-1] for r in rows]


@pytest.mark.parametrize("seed", range(20))
def test_deadlines_without_a_preposition_or_a_day_word(seed):
    """'hoàn thành năm 2027', 'hoàn thành quý II/2026', '(hoàn thành) trước 30/6/2026', 'trong 6 tháng đầu năm
    2026' in a duty paragraph, and a table's deadline cell that gives only the year, are deadlines."""
    import calendar

    rng = random.Random(seed)
    y, m, q = rng.randint(2026, 2030), rng.randint(1, 12), rng.randint(1, 4)
    d = rng.randint(1, calendar.monthrange(y, m)[1])
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[q]
    forms = [(f"hoàn thành năm {y}", f"{y}-12-31"), (f"hoàn thành quý {roman}/{y}", f"{y}-{3 * q:02d}-"
              f"{calendar.monthrange(y, 3 * q)[1]:02d}"), (f"Hoàn thành tháng {m}/{y}",
              f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"),
             (f"trước {d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}"), (f"hoàn thành trước {d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}"),
             (f"hoàn thành trong 6 tháng đầu năm {y}", f"{y}-06-30"), (f"trong 6 tháng cuối năm {y}", f"{y}-12-31")]
    phrase, end = rng.choice(forms)
    body = rng.choice([a.format(unit="tỉnh") for a in vocab.AGENCIES[:12]])
    obj = rng.choice(vocab.TASK_OBJECTS)
    doc = _doc(["III. TỔ CHỨC THỰC HIỆN", f"1. {body}: chủ trì xây dựng {obj}, trình Ủy ban nhân dân tỉnh; {phrase}."],
               seed)
    task = next(t for t in doc.tasks if t.source == "prose")
    assert task.deadline is not None and phrase in task.deadline.raw and task.deadline.end == end, phrase
    table = ["STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành", f"1\tXây dựng {obj}\t{body}\t{y}"]
    cell = next(t for t in _doc(table, seed).tasks if t.source == "table")
    assert (cell.deadline.kind, cell.deadline.end) == ("year", f"{y}-12-31")


# the sectors of the national accounts (short names and long ones)
SECTORS = ["dịch vụ", "công nghiệp - xây dựng", "nông, lâm nghiệp và thủy sản", "thuế sản phẩm trừ trợ cấp sản phẩm",
           "công nghiệp", "xây dựng"]


@pytest.mark.parametrize("seed", range(20))
def test_parts_listed_after_a_lead_in_are_named_by_it_however_short(seed):
    """'(3) Cơ cấu kinh tế đến năm 2030: A chiếm x%; B chiếm y%; …': each part is '<lead-in>: <part>', a short
    part ('dịch vụ') as well as a long one."""
    rng = random.Random(seed)
    parts = rng.sample(SECTORS, rng.randint(3, 4))
    shares = [f"{rng.randint(5, 60)}{rng.choice(['', ',5', ',0'])}%" for _ in parts]
    lead = rng.choice(["Cơ cấu kinh tế đến năm 2030", "Cơ cấu ngành kinh tế năm 2030", "Cơ cấu GRDP đến năm 2030"])
    line = f"(3) {lead}: " + "; ".join(f"{p} chiếm {s}" for p, s in zip(parts, shares, strict=True)) + "."
    got = {i.name: i.targets[0].raw for i in _doc(["2. Các chỉ tiêu chủ yếu", line], seed).indicators}
    assert got == {f"{lead}: {p}": s for p, s in zip(parts, shares, strict=True)}, got


@pytest.mark.parametrize("seed", range(20))
def test_a_decimal_comma_inside_a_count_does_not_split_it(seed):
    """'36 giường bệnh/vạn dân và 13,5 bác sĩ/vạn dân': the comma of '13,5' is a decimal mark, not a comma
    between two counts (it gave '13' and '5 bác sĩ/vạn dân')."""
    rng = random.Random(seed)
    (a, _), (b, _) = rng.sample(THINGS, 2)
    n1 = _count(rng)
    n2 = f"{rng.randint(2, 99)},{rng.randint(1, 9)}"
    doc = _doc([f"- Đến năm 2030 đạt {n1} {a}/vạn dân{rng.choice([' và ', ', '])}{n2} {b}/vạn dân."], seed)
    assert sorted(i.targets[0].raw for i in doc.indicators) == sorted([f"{n1} {a}/vạn dân", f"{n2} {b}/vạn dân"])


@pytest.mark.parametrize("seed", range(20))
def test_note_marks_under_a_table_are_explained(seed):
    """A transposed table whose column heading carries "*" and whose baseline year row is "Y (**)", then
    "Ghi chú: (*) …; (**) …" (on one line or one line per mark): the marked column's record says both, the
    others only what "(**)" says; a matrix row "Xã X*" takes its own note's "(*)"."""
    rng = random.Random(seed)
    names = rng.sample(sorted({f"Tỷ lệ {x} {y}" for pops, preds in vocab.PERCENT_NAMES for x in pops
                               for y in preds}), 3)
    marked = rng.randrange(3)
    start = rng.choice([2025, 2026])
    years = [start + k for k in range(rng.randint(3, 5))]
    star = f"Tỷ lệ tính trên {rng.choice(['dân số trung bình', 'tổng số hộ', 'số người trong độ tuổi'])} của tỉnh"
    stars = f"Số liệu năm {start} là số ước thực hiện, không phải chỉ tiêu kế hoạch"
    head = "Năm\t" + "\t".join(f"{n} (%){'*' if k == marked else ''}" for k, n in enumerate(names))
    rows = [f"{y}{' (**)' if y == start else ''}\t" + "\t".join(f"{rng.randint(50, 99)},{rng.randint(0, 9)}"
                                                           for _ in names) for y in years]
    notes = [f"Ghi chú: (*) {star}; (**) {stars}."] if rng.random() < 0.5 else [f"Ghi chú: (*) {star};",
                                                                              f"(**) {stars}."]
    place = rng.choice(["Long Hòa", "Tân Phú", "Đông Sơn", "Bình An"])
    matrix = ["Biểu 2. Tỷ lệ hộ dùng nước sạch theo xã, phường (%)", "Xã, phường\t" + "\t".join(map(str, years)),
              f"Xã {place}*\t" + "\t".join("90" for _ in years), "Phường Trung Tâm\t" + "\t".join("95" for _ in years),
              f"Ghi chú: (*) Xã {place} giao chỉ tiêu sau khi rà soát dân số."]
    doc = _doc(["Biểu 1. Chỉ tiêu chủ yếu", head, *rows, *notes, *matrix], seed)
    by_name = {i.name: i.note for i in doc.indicators}
    for k, n in enumerate(names):
        want = f"(*) {star}; (**) {stars}" if k == marked else f"(**) {stars}"
        assert by_name[n] == want, (n, by_name[n])
    assert by_name[f"Tỷ lệ hộ dùng nước sạch – Xã {place}"] == f"(*) Xã {place} giao chỉ tiêu sau khi rà soát dân số"
    assert by_name["Tỷ lệ hộ dùng nước sạch – Phường Trung Tâm"] == ""


@pytest.mark.parametrize("seed", range(20))
def test_numbered_annex_title_and_inline_attachment(seed):
    """An appendix opening "Phụ lục I" / "PHỤ LỤC 02" / "Phụ lục số 3" over a capitals caption that runs into
    "(Kèm theo Kế hoạch số N/KH-UBND ngày d tháng m năm y của Ủy ban nhân dân tỉnh P)" on the same line: the title
    is the annex line and its caption (not the file name, without the attachment), the parent is that plan."""
    rng = random.Random(seed)
    p = rng.choice(PROVINCES)
    n, d, m, y = rng.randint(10, 900), rng.randint(1, 28), rng.randint(1, 12), rng.choice([2025, 2026])
    annex = rng.choice(["Phụ lục I", "PHỤ LỤC II", "Phụ lục 01", "Phụ lục số 3"])
    caption = rng.choice(["CÁC CHỈ TIÊU CHỦ YẾU KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI 5 NĂM 2026-2030",
                          "DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026", "PHÂN CÔNG CƠ QUAN CHỦ TRÌ THEO DÕI CÁC CHỈ TIÊU"])
    lines = [annex, f"{caption} (Kèm theo Kế hoạch số {n}/KH-UBND ngày {d} tháng {m} năm {y} của Ủy ban nhân dân "
             f"tỉnh {p})", "", "STT\tChỉ tiêu\tĐơn vị tính\t2030", "1\tTỷ lệ hộ nghèo\t%\t2"]
    doc = parse_lines(lines, f"t{seed}")
    assert doc.doc_type == "Phụ lục"
    assert fold(doc.title).startswith(fold(annex)) and fold(caption) in fold(doc.title), doc.title
    assert "kem theo" not in fold(doc.title)
    assert doc.parent_so_hieu == f"{n}/KH-UBND" and doc.parent_date == f"{y}-{m:02d}-{d:02d}"
    assert doc.issuer == f"Ủy ban nhân dân tỉnh {p}"


@pytest.mark.parametrize("seed", range(20))
def test_numbered_targets_under_a_dated_goals_part(seed):
    """"II. CHỈ TIÊU CHỦ YẾU NĂM Y" then "1. <name> đạt v." items (as a scan's OCR gives them): each item with a
    figure is a target of year Y; one without keeps the count; the list ends at the next part."""
    rng = random.Random(seed)
    y = rng.choice([2026, 2027, 2030])
    names = rng.sample(sorted({f"Tỷ lệ {x} {p}" for pops, preds in vocab.PERCENT_NAMES for x in pops for p in preds}), 4)
    values = [rng.choice([f"{rng.randint(40, 99)}%", f"trên {rng.randint(40, 99)}%"]) for _ in names]
    items = [f"{n} đạt {v}." for n, v in zip(names, values, strict=True)]
    if rng.random() < 0.5:
        items.insert(rng.randint(0, 4), "Hoàn thành kết nối các hệ thống thông tin dùng chung.")
    head = rng.choice([f"II. CHỈ TIÊU CHỦ YẾU NĂM {y}", f"II. MỤC TIÊU, CHỈ TIÊU NĂM {y}", f"II. CHỈ TIÊU ĐẾN NĂM {y}"])
    body = ["I. MỤC ĐÍCH, YÊU CẦU", "Bảo đảm thống nhất.", head, *[f"{k}. {t}" for k, t in enumerate(items, 1)],
            "III. NHIỆM VỤ", "1. Tổ chức tuyên truyền đạt 100% kế hoạch."]
    doc = parse_lines(["ỦY BAN NHÂN DÂN TỈNH GIA LAI", "Số: 12/KH-UBND", "KẾ HOẠCH", "Chuyển đổi số", *body], f"t{seed}")
    got = {i.name: (i.targets[0].period, i.targets[0].raw) for i in doc.indicators}
    assert got == {n: (str(y), v) for n, v in zip(names, values, strict=True)}, got


@pytest.mark.parametrize("seed", range(20))
def test_scribble_between_position_and_signer(seed):
    """A signature's scribble or a stamp's fragment read as a short line ("\\⁄Z", "~", "J/") between the
    position and the name does not hide the signer; nor does the subject running into "Căn cứ …" hide the title."""
    rng = random.Random(seed)
    name = rng.choice(["Lương Văn Khải", "Nguyễn Thị Hoa", "Trần Quốc Tuấn", "Phạm Minh Đức"])
    scribble = rng.choice(["\\⁄Z", "~", "J/", "ư", "—", "(~)"])
    subject = rng.choice(["Chuyển đổi số tỉnh năm 2026", "Phát triển giáo dục nghề nghiệp giai đoạn 2026 - 2030"])
    lines = ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN", "Số: 96/KH-UBND", "KẾ HOẠCH",
             f"{subject} Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;", "I. MỤC ĐÍCH",
             "Bảo đảm thống nhất.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", scribble, name]
    doc = parse_lines(lines, f"t{seed}")
    assert doc.signer == name
    assert doc.title == f"Kế hoạch {subject}"


@pytest.mark.parametrize("seed", range(20))
def test_ocr_quarter_numerals_and_order_cells(seed):
    """OCR's "Quý 11/2026" is quarter II, "Quý 111" III, "Quý _TV"/"Quý 1V" IV (a quarter has no number 11);
    "Quý 1/2026" and "tháng 11/2026" stay. A short misread order cell between rows N and N+2 is row N+1."""
    from corpus.ocr import _order_numbers, repair_quarters

    rng = random.Random(seed)
    y = rng.choice([2026, 2027])
    misread, right = rng.choice([("11", "II"), ("111", "III"), ("_TV", "IV"), ("1V", "IV"), ("TV", "IV")])
    tail = rng.choice([f"/{y}", f" năm {y}"])
    assert repair_quarters(f"Quý {misread}{tail}") == f"Quý {right}{tail}"
    assert repair_quarters(f"Quý 1/{y}") == f"Quý 1/{y}"
    assert repair_quarters(f"tháng 11/{y}") == f"tháng 11/{y}"
    n = rng.randint(1, 12)
    junk = rng.choice(["zỊ", "J bi", "|", "ỉ", "°)", "Ji"])
    rows = [[str(n), "a", "b"], [junk, "c", "d"], [str(n + 2), "e", "f"]]
    assert [r[0] for r in _order_numbers(rows)] == [str(n), str(n + 1), str(n + 2)]


@pytest.mark.parametrize("seed", range(20))
def test_ordered_list_targets_keep_their_goals_heading(seed):
    """"1. Mục tiêu đến năm 2030" / "2. Tầm nhìn đến năm 2035", each over a list numbered anew (a web page's <ol>):
    each item with a figure is a target of its heading's year, captioned by that heading (what "tầm nhìn 2035 …?"
    is matched against); an item without a figure keeps the count."""
    rng = random.Random(seed)
    names = rng.sample(sorted({f"Tỷ lệ {x} {p}" for pops, preds in vocab.PERCENT_NAMES for x in pops for p in preds}), 4)
    y1 = rng.choice([2030, 2031])
    heads = [f"1. Mục tiêu đến năm {y1}", f"2. {rng.choice(['Tầm nhìn', 'Mục tiêu'])} đến năm {y1 + 5}"]
    body = ["II. MỤC TIÊU", heads[0], f"1. {names[0]} đạt {rng.randint(40, 99)}%.",
            "2. Hoàn thành sắp xếp mạng lưới trường lớp.", f"3. {names[1]} đạt {rng.randint(40, 99)}%.",
            heads[1], f"1. {names[2]} đạt {rng.randint(40, 99)}%.", f"2. {names[3]} đạt trên {rng.randint(40, 99)}%.",
            "III. TỔ CHỨC THỰC HIỆN", "Các sở triển khai."]
    doc = parse_lines(["ỦY BAN NHÂN DÂN TỈNH GIA LAI", "Số: 12/KH-UBND", "KẾ HOẠCH", "Phát triển giáo dục", *body],
                      f"t{seed}")
    got = {i.name: (i.targets[0].period, i.group) for i in doc.indicators}
    want = {names[0]: (str(y1), heads[0][3:]), names[1]: (str(y1), heads[0][3:]),
            names[2]: (str(y1 + 5), heads[1][3:]), names[3]: (str(y1 + 5), heads[1][3:])}
    assert got == want, got
