"""Reading gaps of issue 9 left by the earlier sessions, each on inputs generated from general vocabulary (random
headings, indicators, agencies and years; a seed per case): figures reported beside the targets (an estimate or a
result) and comparison columns, and how answers show them."""

from __future__ import annotations

import random

import pytest
from docgen.generate import _name_and_unit, table_value

from assistant.analysis import analyze
from assistant.answer import Citations
from assistant.structured import indicator_card
from corpus.parse import parse_lines

HEAD = ["ỦY BAN NHÂN DÂN TỈNH {p}", "Số: 12/KH-UBND", "{p}, ngày 5 tháng 3 năm {y}", "KẾ HOẠCH",
        "Phát triển kinh tế - xã hội năm {n}", "I. MỤC TIÊU"]
PROVINCES = ["Cao Bằng", "Lào Cai", "Sơn La", "Gia Lai", "Đồng Tháp"]
ACTUAL = ["Thực hiện năm {y}", "TH {y}", "Thực hiện {y}", "Kết quả thực hiện năm {y}", "Hiện trạng năm {y}"]
ESTIMATE = ["Ước thực hiện năm {y}", "Ước TH {y}", "ƯTH {y}", "Năm {y} (ước)", "Ước đạt năm {y}",
            "Dự kiến thực hiện năm {y}"]
PLAN = ["Kế hoạch năm {y}", "KH {y}", "Mục tiêu năm {y}", "Chỉ tiêu năm {y}", "Năm {y}", "Kế hoạch thực hiện năm {y}"]
RATIO = ["So sánh (%)", "{p}/{e} (%)", "KH {p}/ƯTH {e}", "Tăng/giảm (%)", "So sánh KH/ƯTH (%)", "Chênh lệch"]


def _doc(body: list[str], seed: int, year: int):
    p = PROVINCES[seed % len(PROVINCES)]
    return parse_lines([h.format(p=p, y=year, n=year + 1) for h in HEAD] + body, f"t{seed}")


def _table(seed: int):
    rng = random.Random(seed)
    year = rng.choice([2024, 2025, 2026])
    heads = ["STT", "Chỉ tiêu", "Đơn vị tính", rng.choice(ACTUAL).format(y=year - 1),
             rng.choice(ESTIMATE).format(y=year), rng.choice(PLAN).format(y=year + 1),
             rng.choice(RATIO).format(p=year + 1, e=year), "Cơ quan chủ trì"]
    names = list(dict.fromkeys(_name_and_unit(rng, "percent")[0] for _ in range(3)))
    rows = []
    for k, name in enumerate(names, start=1):
        values = [table_value(rng, "percent", 0) for _ in range(3)]
        rows.append([str(k), name, "%", *values, f"{rng.randint(90, 130)},{rng.randint(0, 9)}", "Sở Tài chính"])
    lines = ["\t".join(heads), *("\t".join(r) for r in rows)]
    return _doc(lines, seed, year), year, rows


@pytest.mark.parametrize("seed", range(20))
def test_estimates_and_results_beside_targets_are_marked_and_ratios_dropped(seed):
    doc, year, rows = _table(seed)
    assert len(doc.indicators) == len(rows)
    for ind, row in zip(doc.indicators, rows, strict=True):
        got = [(t.period, t.raw, t.kind) for t in ind.targets]
        assert got == [(str(year - 1), row[3], "actual"), (str(year), row[4], "estimate"),
                       (str(year + 1), row[5], "target")], (ind.columns, got)


def test_a_school_year_column_is_a_target_not_a_ratio():
    lines = ["STT\tChỉ tiêu\tĐơn vị tính\tNăm học 2025/2026\tNăm học 2029/2030",
             "1\tTỷ lệ trẻ em mẫu giáo được học 2 buổi/ngày\t%\t95\t100"]
    doc = _doc(lines, 0, 2025)
    assert [(t.period, t.raw, t.kind) for t in doc.indicators[0].targets] == [("2025", "95", "target"),
                                                                               ("2029", "100", "target")]


@pytest.mark.parametrize("seed", range(5))
def test_an_answer_names_an_estimate_and_says_it_is_not_the_target(seed):
    doc, year, rows = _table(seed)
    ind = doc.indicators[0]
    asked = analyze(f"Chỉ tiêu {ind.name.lower()} năm {year} là bao nhiêu?", [doc])
    text = "\n".join(indicator_card(asked, ind, doc, Citations({doc.doc_id: doc})).lines)
    assert f"năm {year} (ước thực hiện)" in text and "không phải chỉ tiêu" in text
    reported = analyze(f"{ind.name} ước thực hiện năm {year} đạt bao nhiêu?", [doc])
    text = "\n".join(indicator_card(reported, ind, doc, Citations({doc.doc_id: doc})).lines)
    assert f"năm {year} (ước thực hiện)" in text and "không phải chỉ tiêu" not in text
    planned = analyze(f"Chỉ tiêu {ind.name.lower()} năm {year + 1}?", [doc])
    text = "\n".join(indicator_card(planned, ind, doc, Citations({doc.doc_id: doc})).lines)
    assert f"năm {year + 1}:" in text and "ước thực hiện" in text  # the estimate is named among the other years


# --- deadlines: a part of a year, a day without a year ------------------------------------------------------

AGENCIES = ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Công an tỉnh", "Sở Xây dựng",
            "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch"]
OBJECTS = ["đề án phát triển nguồn nhân lực", "quy định về quản lý dữ liệu dùng chung", "kế hoạch kiểm tra liên ngành",
           "chính sách hỗ trợ giáo viên", "báo cáo đánh giá tình hình thực hiện", "danh mục dự án trọng điểm"]
PARTS = {"đầu": ("01-01", "03-31"), "giữa": ("06-01", "07-31"), "cuối": ("10-01", "12-31")}


def _plan(body: list[str], title: str, seed: int):
    p = PROVINCES[seed % len(PROVINCES)]
    head = [f"ỦY BAN NHÂN DÂN TỈNH {p}", "Số: 12/KH-UBND", f"{p}, ngày 5 tháng 3 năm 2026", "KẾ HOẠCH", title]
    return parse_lines(head + body, f"t{seed}")


@pytest.mark.parametrize("seed", range(20))
def test_the_start_middle_or_end_of_a_year_is_that_part_of_it(seed):
    """'hoàn thành trong đầu năm 2027', 'trình tại kỳ họp giữa năm 2026', 'cuối năm 2028': the first quarter,
    June-July, the last quarter — in prose and in a table's deadline cell."""
    rng = random.Random(seed)
    part, y = rng.choice(list(PARTS)), rng.randint(2026, 2030)
    start, end = PARTS[part]
    phrase = rng.choice([f"hoàn thành trong {part} năm {y}", f"hoàn thành {part} năm {y}", f"trình tại kỳ họp {part} năm {y}"])
    body, obj = rng.choice(AGENCIES), rng.choice(OBJECTS)
    doc = _plan(["III. TỔ CHỨC THỰC HIỆN", f"1. {body}: chủ trì xây dựng {obj}; {phrase}."],
                "Thực hiện Nghị quyết giai đoạn 2026-2030", seed)
    task = next(t for t in doc.tasks if t.source == "prose")
    assert (task.deadline.start, task.deadline.end) == (f"{y}-{start}", f"{y}-{end}"), phrase
    cell = rng.choice([f"{part.capitalize()} năm {y}", f"Kỳ họp {part} năm {y}"])
    table = ["STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành", f"1\tXây dựng {obj}\t{body}\t{cell}"]
    task = next(t for t in _plan(table, "Thực hiện Nghị quyết", seed).tasks if t.source == "table")
    assert (task.deadline.kind, task.deadline.end) == ("part_year", f"{y}-{end}"), cell


@pytest.mark.parametrize("seed", range(20))
def test_a_day_without_a_year_recurs_only_when_the_text_says_so(seed):
    """'trước ngày d/m' recurs with 'hằng năm', 'định kỳ', 'thường xuyên' in its clause; otherwise it falls in the
    year of a plan for one year, and in a plan for a period its year is left open (no date, not recurring)."""
    rng = random.Random(seed)
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    when = rng.choice([f"trước ngày {day}/{month}", f"trước ngày {day:02d}/{month:02d}",
                       f"trước ngày {day} tháng {month}"])
    body, obj = rng.choice(AGENCIES), rng.choice(OBJECTS)
    year = rng.randint(2026, 2030)
    one_year, period = f"Triển khai nhiệm vụ trọng tâm năm {year}", f"Thực hiện Chương trình giai đoạn {year}-{year + 4}"

    def read(line: str, title: str):
        return next(t for t in _plan(["III. TỔ CHỨC THỰC HIỆN", line], title, seed).tasks if t.source == "prose")

    plain = f"1. {body}: chủ trì xây dựng {obj}, trình Ủy ban nhân dân tỉnh {when}."
    task = read(plain, one_year)
    assert not task.deadline.recurring and task.deadline.end == f"{year}-{month:02d}-{day:02d}", when
    task = read(plain, period)
    assert (task.deadline.kind, task.deadline.end, task.deadline.recurring) == ("day", None, False), when
    cue = rng.choice(["Định kỳ hằng năm, ", "Hằng năm, ", "Định kỳ 6 tháng, ", "Thường xuyên "])
    again = f"1. {body}: chủ trì triển khai Kế hoạch; {cue.lower()}tổng hợp, báo cáo kết quả {when}."
    for title in (one_year, period):
        assert read(again, title).deadline.recurring, (again, title)
    table = ["STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành",
             f"1\tXây dựng {obj}\t{body}\t{when[:1].upper() + when[1:]}"]
    task = next(t for t in _plan(table, one_year, seed).tasks if t.source == "table")
    assert task.deadline.end == f"{year}-{month:02d}-{day:02d}"


@pytest.mark.parametrize("seed", range(20))
def test_two_milestones_in_one_clause_are_both_kept(seed):
    """'hoàn thành 50% trong năm Y1, 100% trong năm Y2', 'trình … trong quý II/Y, ban hành trong quý IV/Y',
    'quý II/Y trình, quý IV/Y ban hành': one deadline phrase holding both dates, due at the later."""
    rng = random.Random(seed)
    y1 = rng.randint(2026, 2029)
    y2 = y1 + rng.randint(0, 2)
    q1, q2 = sorted(rng.sample([1, 2, 3, 4], 2)) if y1 == y2 else (rng.randint(1, 4), rng.randint(1, 4))
    r1, r2 = ("I", "II", "III", "IV")[q1 - 1], ("I", "II", "III", "IV")[q2 - 1]
    share = rng.randint(30, 70)
    clause, dates = rng.choice([
        (f"hoàn thành {share}% trong năm {y1}, 100% trong năm {y2 + 1}", [f"{y1}", f"{y2 + 1}"]),
        (f"trình Ủy ban nhân dân tỉnh trong quý {r1}/{y1}, ban hành trong quý {r2}/{y2}", [f"quý {r1}/{y1}", f"quý {r2}/{y2}"]),
        (f"quý {r1}/{y1} trình, quý {r2}/{y2} ban hành", [f"quý {r1}/{y1}", f"quý {r2}/{y2}"]),
        (f"hoàn thành thí điểm trong quý {r1}/{y1} và hoàn thành toàn bộ trong năm {y2 + 1}", [f"quý {r1}/{y1}", f"{y2 + 1}"]),
    ])
    body, obj = rng.choice(AGENCIES), rng.choice(OBJECTS)
    sep = rng.choice([", ", "; "]) if not clause.startswith("quý") else "; "
    doc = _plan(["III. TỔ CHỨC THỰC HIỆN", f"1. {body}: chủ trì xây dựng {obj}{sep}{clause}."],
                "Thực hiện Chương trình giai đoạn 2026-2030", seed)
    task = next(t for t in doc.tasks if t.source == "prose")
    raw = task.deadline.raw if task.deadline else ""
    assert all(d in raw for d in dates), (clause, raw)
    assert len(task.deadline.milestones) == 2 and task.deadline.end == max(m["end"] for m in task.deadline.milestones)
    # a start and an end stay apart: "từ năm Y1" is not a milestone to reach
    doc = _plan(["III. TỔ CHỨC THỰC HIỆN", f"1. {body}: chủ trì triển khai {obj} trong quý {r1}/{y1} và "
                 f"nhân rộng từ năm {y2 + 1}."], "Thực hiện Chương trình giai đoạn 2026-2030", seed)
    task = next(t for t in doc.tasks if t.source == "prose")
    assert task.deadline.raw == f"trong quý {r1}/{y1}", task.deadline.raw


# --- parts of a whole named after a lead-in ---------------------------------------------------------------

SECTORS = ["nông, lâm nghiệp và thủy sản", "nông, lâm nghiệp, thủy sản", "công nghiệp - xây dựng", "dịch vụ",
           "thuế sản phẩm trừ trợ cấp sản phẩm", "khu vực dịch vụ và công nghiệp"]
WHOLES = ["cơ cấu kinh tế", "cơ cấu GRDP", "cơ cấu ngành kinh tế", "cơ cấu lao động"]


@pytest.mark.parametrize("seed", range(20))
def test_parts_named_mid_paragraph_are_named_by_their_whole(seed):
    """'(1) … đạt 8%/năm; cơ cấu kinh tế: A 14,5%; B 36%; C 42,5%; tỷ lệ … đạt 45%' and 'Đến năm 2030, cơ cấu kinh
    tế: A chiếm x%, B chiếm y%': each part is '<whole>: <part>' (without the year cue), a part written without a
    verb as well; a later item that names its own quantity is not a part."""
    rng = random.Random(seed)
    parts = rng.sample(SECTORS, 3)
    whole = rng.choice(WHOLES)
    shares = [f"{rng.randint(5, 60)}{rng.choice(['', ',5'])}%" for _ in parts]
    verb = rng.choice(["", "chiếm ", "đạt "])
    listed = rng.choice(["; ", ", "]).join(f"{p} {verb}{s}" for p, s in zip(parts, shares, strict=True))
    growth = rng.randint(6, 10)
    if rng.random() < 0.5:
        line = f"(1) Tốc độ tăng trưởng kinh tế (GRDP) bình quân đạt {growth}%/năm; {whole}: {listed}."
    else:
        line = f"(1) Đến năm 2030, {whole}: {listed}."
    other = f"Tỷ lệ đô thị hóa đạt {rng.randint(30, 60)}%"
    line = line[:-1] + f"; {other[:1].lower() + other[1:]}."
    p = PROVINCES[seed % len(PROVINCES)]
    doc = parse_lines([f"HỘI ĐỒNG NHÂN DÂN TỈNH {p}", "Số: 12/NQ-HĐND", f"{p}, ngày 5 tháng 12 năm 2025", "NGHỊ QUYẾT",
                       "Về kế hoạch phát triển kinh tế - xã hội 5 năm 2026-2030", "Điều 1. Mục tiêu",
                       "2. Các chỉ tiêu chủ yếu", line], f"t{seed}")
    got = {i.name: i.targets[0].raw for i in doc.indicators}
    for part, share in zip(parts, shares, strict=True):
        assert got.get(f"{whole}: {part}") == share, (line, got)
    assert "tỷ lệ đô thị hóa" in got, got


@pytest.mark.parametrize("seed", range(20))
def test_targets_numbered_as_headings_under_a_targets_heading(seed):
    """'II. CHỈ TIÊU CHỦ YẾU NĂM 2026' over '1. Tỷ lệ … đạt 65%.', '2. …': the numbered lines are the items of a
    list of targets (they were read as sub-headings only); numbered lines under another part are not."""
    rng = random.Random(seed)
    year = rng.randint(2026, 2030)
    heading = rng.choice([f"II. CHỈ TIÊU CHỦ YẾU NĂM {year}", f"II. MỤC TIÊU CỤ THỂ ĐẾN NĂM {year}",
                          f"II. CÁC CHỈ TIÊU NĂM {year}"])
    names = list(dict.fromkeys(_name_and_unit(rng, "percent")[0] for _ in range(4)))
    values = [rng.choice([f"{rng.randint(40, 99)}%", f"trên {rng.randint(40, 99)}%", f"{rng.randint(40, 99)},5%"])
              for _ in names]
    items = [f"{k}. {n} đạt {v}." for k, (n, v) in enumerate(zip(names, values, strict=True), start=1)]
    duty = f"1. Xây dựng {rng.choice(OBJECTS)}, bảo đảm 100% cơ quan triển khai."
    p = PROVINCES[seed % len(PROVINCES)]
    doc = parse_lines([f"ỦY BAN NHÂN DÂN TỈNH {p}", "Số: 12/KH-UBND", f"{p}, ngày 5 tháng 3 năm {year}", "KẾ HOẠCH",
                       f"Chuyển đổi số tỉnh {p} năm {year}", "I. MỤC ĐÍCH, YÊU CẦU", "Bảo đảm hoàn thành các chỉ tiêu.",
                       heading, *items, "III. NHIỆM VỤ, GIẢI PHÁP", duty], f"t{seed}")
    got = {i.name: (i.targets[0].period, i.targets[0].raw) for i in doc.indicators}
    assert got == {n: (str(year), v) for n, v in zip(names, values, strict=True)}, got


@pytest.mark.parametrize("seed", range(20))
def test_title_rows_inside_a_table_are_not_its_header(seed):
    """A table whose first rows are its titles ('ỦY BAN NHÂN DÂN … | Biểu 01', 'TÌNH HÌNH THỰC HIỆN …', '(Kèm theo
    …)' merged across it, as a spreadsheet or a form keeps them) has its header at the order column's 'STT'; the
    result, estimate and plan columns under it are read (before: no record at all)."""
    rng = random.Random(seed)
    year = rng.choice([2025, 2026])
    heads = ["STT", "Chỉ tiêu", rng.choice(["ĐVT", "Đơn vị tính"]), rng.choice(ACTUAL).format(y=year - 1),
             rng.choice(ESTIMATE).format(y=year), rng.choice(PLAN).format(y=year + 1),
             rng.choice(RATIO).format(p=year + 1, e=year)]
    width = len(heads)
    p = PROVINCES[seed % len(PROVINCES)]
    titles = [[f"ỦY BAN NHÂN DÂN TỈNH {p.upper()}", *[""] * (width - 3), rng.choice(["Biểu 01", "Mẫu số 02"]), ""],
              [f"TÌNH HÌNH THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM {year} VÀ KẾ HOẠCH NĂM {year + 1}", *[""] * (width - 1)],
              [f"(Kèm theo Báo cáo số {rng.randint(10, 400)}/BC-UBND của Ủy ban nhân dân tỉnh {p})", *[""] * (width - 1)]]
    names = list(dict.fromkeys(_name_and_unit(rng, "percent")[0] for _ in range(4)))
    rows = [[str(k), n, "%", *[table_value(rng, "percent", 0) for _ in range(3)], f"{rng.randint(90, 130)},5"]
            for k, n in enumerate(names, start=1)]
    table = [*rng.sample(titles, rng.randint(1, 3)), heads, *rows]
    doc = _doc(["\t".join(r) for r in table], seed, year)
    got = [(i.name, [(t.period, t.raw, t.kind) for t in i.targets]) for i in doc.indicators]
    assert got == [(r[1], [(str(year - 1), r[3], "actual"), (str(year), r[4], "estimate"),
                           (str(year + 1), r[5], "target")]) for r in rows], got


@pytest.mark.parametrize("seed", range(20))
def test_a_row_marked_for_a_note_takes_the_note(seed):
    """'Tỷ lệ … (*)' or 'Tỷ lệ …*' in a table and '(*) …' under it, on a line of its own or in one 'Ghi chú: (*) …;
    (**) …' line: the row's note is the text its mark opens; an answer about the row shows it."""
    rng = random.Random(seed)
    year = rng.choice([2025, 2026])
    names = list(dict.fromkeys(_name_and_unit(rng, "percent")[0] for _ in range(4)))
    marks = ["(*)", "(**)"] if rng.random() < 0.5 else ["*", "**"]
    texts = [f"Số liệu tính theo chuẩn giai đoạn {year + 1}-{year + 5}", "Năm đầu không tổ chức đánh giá do sắp xếp đơn vị"]
    marked = rng.sample(range(len(names)), 2)
    rows = []
    for k, n in enumerate(names):
        mark = marks[marked.index(k)] if k in marked else ""
        sep = " " if mark.startswith("(") else ""
        rows.append([str(k + 1), f"{n}{sep}{mark}", "%", table_value(rng, "percent", 0), table_value(rng, "percent", 0)])
    notes = [f"({'*' * (j + 1)}) {t}" for j, t in enumerate(texts)]
    tail = rng.choice([["Ghi chú:", *notes], [f"Ghi chú: {'; '.join(notes)}."]])
    lines = ["\t".join(["STT", "Chỉ tiêu", "Đơn vị tính", f"Năm {year + 1}", f"Năm {year + 3}"]),
             *("\t".join(r) for r in rows), "", *tail]
    doc = _doc(lines, seed, year)
    got = {i.name: i.note for i in doc.indicators}
    for j, k in enumerate(marked):
        assert got[rows[k][1]].startswith(f"({'*' * (j + 1)}) {texts[j]}"), got
    assert all(not got[rows[k][1]] for k in range(len(names)) if k not in marked), got
    ind = next(i for i in doc.indicators if i.note)
    asked = analyze(f"{ind.name} năm {year + 1} là bao nhiêu?", [doc])
    card = "\n".join(indicator_card(asked, ind, doc, Citations({doc.doc_id: doc})).lines)
    assert f"Ghi chú: {ind.note}" in card
