"""HTML layouts: a legal-document web site page, a plain page with a rowspan task table, an h1 title."""

from __future__ import annotations

import random
from html import escape
from pathlib import Path

from docgen import common as c
from docgen import vocab
from docgen.generate import ROMAN, gen_indicators, gen_prose_indicators, gen_tasks
from docgen.model import GenDoc
from docgen.write_txt import bullet_target_lines, duty_paragraphs


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
            f"<title>{escape(title)}</title><style>td{{border:1px solid #999}}</style></head>"
            f"<body>{body}</body></html>")


def _ps(lines: list[str]) -> str:
    return "\n".join(f"<p>{escape(ln)}</p>" if ln else "<p>&nbsp;</p>" for ln in lines)


def _cell(text: str, tag: str = "td", **attrs: int) -> str:
    span = "".join(f" {k}='{v}'" for k, v in attrs.items() if v > 1)
    return f"<{tag}{span}>{escape(text).replace(chr(10), '<br/>')}</{tag}>"


MENU = ("<nav class='menu'><ul><li><a href='/'>Trang chủ</a></li><li><a href='/vb'>Văn bản pháp luật</a></li>"
        "<li><a href='/hoi-dap'>Hỏi đáp</a></li><li><a href='/login'>Đăng nhập</a></li></ul></nav>"
        "<div class='breadcrumb'>Trang chủ › Văn bản › Lĩnh vực khác</div>")


def _footer(rng: random.Random) -> str:
    return ("<div class='footer'><p>Cơ quan chủ quản: Công ty Cổ phần Dữ liệu Văn bản</p>"
            f"<p>Giấy phép số {rng.randint(10, 99)}/GP-TTĐT do Sở Thông tin và Truyền thông cấp.</p>"
            "<p>Địa chỉ: Tầng 3, số 10 phố Hàng Bài. Điện thoại: 028 3930 3279</p>"
            "<p>Bản quyền © Cổng thông tin văn bản. Ghi rõ nguồn khi phát hành lại thông tin.</p></div>")


def html_legal_site(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """Site menus, a metadata table, the document with an indicator table using rowspan/colspan."""
    periods = rng.choice([["2025", "2030"], ["2025", "2030", "2035"], ["2030", "2035"]])
    inds = gen_indicators(rng, doc, rng.randint(4, 8), periods)
    doc.indicators = inds
    m = doc.meta
    meta_rows = [
        ("Số hiệu:", m.so_hieu or "", "Loại văn bản:", m.doc_type or ""),
        ("Nơi ban hành:", m.issuer or "", "Người ký:", doc.signature.name),
        ("Ngày ban hành:", doc.header.date_numeric, "Ngày hiệu lực:", "Đã biết"),
        ("Ngày công báo:", "Đang cập nhật", "Số công báo:", "Đang cập nhật"),
        ("Tình trạng:", "Đã biết", "", ""),
    ]
    meta_html = "<table class='meta'>" + "".join(
        "<tr>" + "".join(_cell(x) for x in row) + "</tr>" for row in meta_rows) + "</table>"
    n_years = len(periods)
    head = ("<tr>" + _cell("STT", "td", rowspan=2) + _cell("Chỉ tiêu", "td", rowspan=2)
            + _cell("Đơn vị tính", "td", rowspan=2) + _cell("Mục tiêu", "td", colspan=n_years)
            + _cell("Cơ quan chủ trì", "td", rowspan=2) + "</tr><tr>"
            + "".join(_cell(f"Năm {p}") for p in periods) + "</tr>")
    groups = c.groups_of(rng, inds, rng.randint(1, 3))
    captions = rng.sample(vocab.INDICATOR_GROUPS, len(groups))
    body_rows = []
    for g, (caption, members) in enumerate(zip(captions, groups, strict=True)):
        if len(groups) > 1:
            body_rows.append("<tr>" + _cell(ROMAN[g]) + _cell(caption, colspan=3 + n_years) + "</tr>")
        for k, ind in enumerate(members, start=1):
            ind.group = caption if len(groups) > 1 else ""
            body_rows.append("<tr>" + "".join(_cell(x) for x in [str(k), ind.name, ind.unit,
                                                                  *[t.raw for t in ind.targets], ind.lead or ""])
                             + "</tr>")
    table = f"<table border='1' cellspacing='0'>{head}{''.join(body_rows)}</table>"
    title = f"{m.doc_type} {m.so_hieu} {doc.extra['subject'].lower()}"
    content = "\n".join([
        f"<h1 class='doc-title'>{escape(title)}</h1>", meta_html,
        "<div class='toolbar'>Tải về | In | Lưu | Chia sẻ</div>",
        "<div class='content1'>", _ps(c.head_lines(doc)),
        _ps(["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
             "I. CÁC CHỈ TIÊU CHỦ YẾU"]), table,
        _ps(["II. TỔ CHỨC THỰC HIỆN", "Các cơ quan, đơn vị tổ chức triển khai thực hiện Kế hoạch này.",
             *c.tail_lines(doc)]), "</div>",
        "<div class='box-right'><h3>Văn bản mới</h3><ul>"
        f"<li>Quyết định {rng.randint(100, 999)}/QĐ-UBND về công tác cán bộ</li>"
        f"<li>Kế hoạch {rng.randint(100, 999)}/KH-UBND về phòng chống thiên tai</li></ul></div>",
    ])
    path.write_text(_page(title, MENU + content + _footer(rng)), encoding="utf-8")


def html_task_rowspan(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """A task table in which one lead-agency cell spans the rows of the tasks it leads."""
    tasks = gen_tasks(rng, doc, rng.randint(5, 9))
    runs = c.groups_of(rng, tasks, rng.randint(2, 4))
    for run in runs:
        lead = run[0].lead
        for t in run:
            t.lead = lead
            t.partners = [p for p in t.partners or [] if p != lead]
    doc.tasks = tasks
    head = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Tiến độ thực hiện", "Sản phẩm"]
    rows = ["<tr>" + "".join(_cell(h, "th") for h in head) + "</tr>"]
    k = 0
    for run in runs:
        for j, t in enumerate(run):
            k += 1
            cells = [_cell(str(k)), _cell(t.title)]
            if j == 0:
                cells.append(_cell(t.lead, rowspan=len(run)))
            cells += [_cell(c.cell_agencies(rng, t.partners or [])), _cell(c.deadline_cell(t)), _cell(t.product)]
            rows.append("<tr>" + "".join(cells) + "</tr>")
    table = f"<table border='1'><thead>{rows[0]}</thead><tbody>{''.join(rows[1:])}</tbody></table>"
    body = "\n".join([_ps(c.head_lines(doc)), _ps(["PHÂN CÔNG NHIỆM VỤ"]), table, _ps(c.tail_lines(doc))])
    path.write_text(_page(doc.meta.title or "", body), encoding="utf-8")


def html_h1_title(doc: GenDoc, rng: random.Random, path: Path) -> None:
    """The title only in <h1> (no type line); targets as <li>; duties as numbered paragraphs."""
    year = doc.extra["year"]
    inds = gen_prose_indicators(rng, doc, rng.randint(2, 4), [2030, year + 1])
    tasks = gen_tasks(rng, doc, rng.randint(3, 5), max_partners=3, prose_deadlines=True, recurring_rate=0.25)
    for t in tasks:
        t.title = c.lower_first(t.title)
    doc.indicators, doc.tasks = inds, tasks
    bullets = [b.removeprefix("- ") for b in bullet_target_lines(rng, inds)]
    body = "\n".join([
        "<header><a href='/'>Cổng thông tin điện tử</a></header>", MENU,
        "<article>",
        _ps([*c.left_block(doc), *c.right_block(doc)]),
        f"<h1>{escape(doc.meta.title or '')}</h1>",
        _ps(["I. MỤC TIÊU"]), "<ul>" + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>",
        _ps(["II. TỔ CHỨC THỰC HIỆN", *duty_paragraphs(rng, doc, tasks), *c.tail_lines(doc)]),
        "</article>", _footer(rng),
    ])
    path.write_text(_page(doc.meta.title or "", body), encoding="utf-8")
