"""Markdown copied from a web portal (issue 9), on inputs generated from general vocabulary: its marks are
layout, its bold agency headings lead the paragraphs under them, and its 'Đến năm Y: …' bullets are targets."""

from __future__ import annotations

import random

import pytest
from docgen import vocab

from corpus.markdown import markdown_lines
from corpus.parse import parse_file, parse_lines

PROVINCES = ["Cao Bằng", "Lào Cai", "Sơn La", "Gia Lai", "Đồng Tháp"]
DEADLINES = [("trong quý II/2026", "2026-06-30"), ("trước ngày 30/9/2026", "2026-09-30"),
             ("trong tháng 01/2027", "2027-01-31"), ("trong năm 2028", "2028-12-31")]


def test_marks_are_layout_not_text():
    md = ["[Trang chủ](/) > [Văn bản](/van-ban)", "# Kế hoạch số 5/KH-UBND", "*Cập nhật: 05/12/2025*", "---",
          "**ỦY BAN NHÂN DÂN TỈNH SƠN LA**", "## II. MỤC TIÊU", "### 1. Mục tiêu đến năm 2030",
          "* Tỷ lệ \\*trường\\* đạt __95%__", "> trích dẫn _nghiêng_ của snake_case",
          "| TT | Chỉ tiêu | Năm 2030 |", "|---|:---|---:|", "| 1 | Tỷ lệ A \\| B | 90% |", "", "Tiêu đề", "==="]
    assert markdown_lines(md) == [
        "Trang chủ > Văn bản", "Kế hoạch số 5/KH-UBND", "Cập nhật: 05/12/2025", "", "ỦY BAN NHÂN DÂN TỈNH SƠN LA",
        "II. MỤC TIÊU", "1. Mục tiêu đến năm 2030", "- Tỷ lệ *trường* đạt 95%", "trích dẫn nghiêng của snake_case",
        "TT\tChỉ tiêu\tNăm 2030", "1\tTỷ lệ A | B\t90%", "", "Tiêu đề", ""]


@pytest.mark.parametrize("seed", range(20))
def test_bold_agency_headings_lead_the_paragraphs_under_them(seed, tmp_path):
    """'**2. Sở Tài chính**' over a paragraph of its duties (a web page's 'Tổ chức thực hiện'): the paragraph's
    tasks are that body's, with their deadlines; a recurring report is one more task of the same body."""
    rng = random.Random(seed)
    p = rng.choice(PROVINCES)
    bodies = rng.sample([a.format(unit="tỉnh") for a in vocab.AGENCIES[:14]], rng.randint(2, 4))
    objs = rng.sample(vocab.TASK_OBJECTS, len(bodies))
    md = ["[Trang chủ](/) > Văn bản", f"# Kế hoạch số 12/KH-UBND của UBND tỉnh {p}", "", "---", "",
          f"**ỦY BAN NHÂN DÂN TỈNH {p.upper()}**", "Số: 12/KH-UBND", "", f"*{p}, ngày 5 tháng 3 năm 2026*", "",
          "## KẾ HOẠCH", "", "**Phát triển giáo dục giai đoạn 2026-2030**", "",
          f"## {rng.choice(['III', 'IV', 'V'])}. TỔ CHỨC THỰC HIỆN", ""]
    expected = {}
    for k, (body, obj) in enumerate(zip(bodies, objs, strict=True), start=1):
        phrase, end = rng.choice(DEADLINES)
        heading = rng.choice([f"**{k}. {body}**", f"### {k}. {body}", f"**{k}\\. {body}**"])
        recurring = rng.random() < 0.5
        text = f"Chủ trì xây dựng {obj}, trình Ủy ban nhân dân tỉnh {phrase}."
        if recurring:
            text += " Định kỳ trước ngày 15/12 hằng năm báo cáo kết quả về Ủy ban nhân dân tỉnh."
        md += [heading, "", text, ""]
        expected[body] = (end, recurring)
    md += ["**TM. ỦY BAN NHÂN DÂN**", "**CHỦ TỊCH**", "", "**Nguyễn Văn An**", "", "**Tin liên quan**",
           "- [Hội nghị sơ kết](#)"]
    path = tmp_path / "ke-hoach.md"
    path.write_text("\n".join(md) + "\n", encoding="utf-8")
    doc = parse_file(path)
    assert doc.so_hieu == "12/KH-UBND" and doc.signer == "Nguyễn Văn An", (doc.so_hieu, doc.signer)
    for body, (end, recurring) in expected.items():
        own = [t for t in doc.tasks if t.lead == body]
        assert own and own[0].deadline is not None and own[0].deadline.end == end, (body, own)
        assert any(t.deadline and t.deadline.recurring for t in own) == recurring, own
    assert {t.lead for t in doc.tasks} == set(bodies)


@pytest.mark.parametrize("seed", range(20))
def test_a_year_cue_before_a_colon_covers_the_targets_after_it(seed):
    """'- Đến năm 2030: tỷ lệ X đạt 85%; tỷ lệ Y đạt 60%.' is read as 'Đến năm 2030, …': each target is named by
    its own words (not '<Đến năm 2030>: …') and falls in that year."""
    rng = random.Random(seed)
    year = rng.choice([2027, 2030, 2035])
    names = sorted({f"Tỷ lệ {s} {pred}" for subjects, preds in vocab.PERCENT_NAMES for s in subjects for pred in preds})
    names = rng.sample(names, rng.randint(1, 3))
    values = [f"{rng.randint(30, 99)}%" for _ in names]
    cue = rng.choice([f"Đến năm {year}", f"Đến cuối năm {year}", f"Tới năm {year}"])
    line = f"- {cue}: " + "; ".join(f"{n[:1].lower() + n[1:]} đạt {v}" for n, v in zip(names, values, strict=True))
    doc = parse_lines(["KẾ HOẠCH", "Phát triển giáo dục", "II. MỤC TIÊU", "1. Mục tiêu cụ thể", line + "."],
                      f"t{seed}")
    got = {i.name: (i.targets[0].raw, i.targets[0].period) for i in doc.indicators}
    assert got == {n[:1].lower() + n[1:]: (v, str(year)) for n, v in zip(names, values, strict=True)}, got


@pytest.mark.parametrize("seed", range(20))
def test_lettered_targets_under_an_undated_goals_heading_and_a_year_per_value(seed):
    """A plan attached to a decision: 'a) … đạt 35% vào năm 2028 và đạt 40% vào năm 2030' under '2. Mục tiêu cụ
    thể:' (no year in the heading) is a target for each year it names; an item with no year takes the period of
    the document's title."""
    rng = random.Random(seed)
    names = sorted({f"Tỷ lệ {s} {pred}" for subjects, preds in vocab.PERCENT_NAMES for s in subjects for pred in preds})
    first, second = rng.sample(names, 2)
    y1, y2 = sorted(rng.sample([2027, 2028, 2029, 2030], 2))
    v1, v2, v3 = (f"{rng.randint(20, 99)}{rng.choice(['', ',5'])}%" for _ in range(3))
    verb = rng.choice(["đạt ", ""])
    doc = parse_lines(["KẾ HOẠCH", "Phát triển giáo dục mầm non giai đoạn 2026-2030", "II. MỤC TIÊU",
                       "1. Mục tiêu chung: nâng cao chất lượng giáo dục.", "2. Mục tiêu cụ thể:",
                       f"a) {first} đạt {v1} vào năm {y1} và {verb}{v2} vào năm {y2}.",
                       f"b) {second} đạt {v3}.", "III. NHIỆM VỤ, GIẢI PHÁP"], f"t{seed}")
    got = {i.name: [(t.period, t.raw) for t in i.targets] for i in doc.indicators}
    assert got == {first: [(str(y1), v1), (str(y2), v2)], second: [("2026-2030", v3)]}, got
