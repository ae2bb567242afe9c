"""The named layouts: each writes a random document of one kind into one file format."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docgen import write_docx, write_html, write_kinds, write_layouts6, write_office, write_pdf, write_txt
from docgen.generate import make_doc
from docgen.model import GenDoc


@dataclass(frozen=True)
class Layout:
    name: str
    ext: str
    write: Callable[[GenDoc, random.Random, Path], None]
    type_lines: tuple[str, ...] = ()  # allowed type lines; () = the generator's choice
    about: str = ""
    # documents per layout in the test suite: a layout written through LibreOffice or OCR costs seconds per
    # document, so the suite reads a few (the report, `python -m evals.roundtrip_report`, reads N_DOCS)
    test_docs: int | None = None
    head: bool = True  # the document has a head and signature (an Excel appendix states no metadata)
    # share of records and metadata fields the suite requires exact: 1 except for OCR, whose misread words
    # ("cơsở" for "cơ sở") no reading rule can restore; the report gives the rate measured
    min_exact: float = 1.0
    # the document states no records but the expected ones: a record read beyond them is an error
    closed: bool = False


LAYOUTS: dict[str, Layout] = {
    lay.name: lay
    for lay in [
        Layout("docx_task_table", ".docx", write_docx.docx_task_table, (),
               "task table STT|Nhiệm vụ|Cơ quan chủ trì|Cơ quan phối hợp|Thời gian hoàn thành|Sản phẩm, group rows"),
        Layout("docx_indicator_years", ".docx", write_docx.docx_indicator_years, (),
               "indicator table, two-row header: merged 'Mục tiêu' over 'Năm YYYY' columns"),
        Layout("docx_header_table", ".docx", write_docx.docx_header_table, (),
               "head as a borderless 2-column table, indicator table by period, signature as a table"),
        Layout("pdf_resolution", ".pdf", write_pdf.pdf_resolution, ("NGHỊ QUYẾT",),
               "HĐND resolution: (n) targets in prose, a year table, Điều 2/Điều 3 duties"),
        Layout("pdf_task_table_pagebreak", ".pdf", write_pdf.pdf_task_table_pagebreak, (),
               "task table over pages: header row repeated, rows split across the page break"),
        Layout("html_legal_site", ".html", write_html.html_legal_site, (),
               "web page: menus, metadata table, indicator table with rowspan/colspan, footer"),
        Layout("html_task_rowspan", ".html", write_html.html_task_rowspan, (),
               "task table whose lead-agency cell spans the rows it leads"),
        Layout("txt_plan_prose", ".txt", write_txt.txt_plan_prose, (),
               "bullet targets; 'Tổ chức thực hiện' paragraphs led by an agency"),
        Layout("txt_tab_export", ".txt", write_txt.txt_tab_export, (),
               "tab-separated indicator table, page number and header repeated"),
        Layout("txt_nfd_wrapped", ".txt", write_txt.txt_nfd_wrapped, (),
               "NFD text, old tone marks, hard-wrapped with hyphen breaks; bullets and labelled tasks"),
        Layout("txt_labelled_tasks", ".txt", write_txt.txt_labelled_tasks, (),
               "numbered tasks under numbered groups with labelled fields"),
        Layout("docx_decision_appendix", ".docx", write_docx.docx_decision_appendix, ("QUYẾT ĐỊNH",),
               "decision (Điều 1-3) with a task table appendix"),
        Layout("pdf_spaced_header", ".pdf", write_pdf.pdf_spaced_header, (),
               "head as unruled side-by-side text; period indicator table; labelled tasks"),
        Layout("html_h1_title", ".html", write_html.html_h1_title, (),
               "title only in <h1>; targets as <li>; duties as numbered paragraphs"),
        Layout("txt_heading_tasks", ".txt", write_txt.txt_heading_tasks, ("KẾ HOẠCH",),
               "pasted PDF plan: spaced head, centred title; targets in 'Về …:' paragraphs and 'Tầm nhìn'; "
               "tasks as 1.1. sub-headings led by a body's paragraph; signature interleaved with 'Nơi nhận'"),
        Layout("docx_heading_tasks", ".docx", write_docx.docx_heading_tasks, ("KẾ HOẠCH",),
               "the same plan as a DOCX: head table, topic paragraphs, sub-heading tasks, signature table"),
        Layout("txt_parts_subrows", ".txt", write_txt.txt_parts_subrows, (),
               "appendix: part letters A/B/C, bulleted sub-rows with own values, 'Cơ quan theo dõi'; "
               "task table with '-' deadlines"),
        Layout("txt_socioeconomic_resolution", ".txt", write_kinds.txt_socioeconomic_resolution, ("NGHỊ QUYẾT",),
               "HĐND resolution on the 5-year socio-economic plan: (n) targets in %/năm, USD, tỷ đồng, two counts "
               "after one verb, a framework name with a number; Điều 2 with the Front and the organisations"),
        Layout("pdf_socioeconomic_resolution", ".pdf", write_kinds.pdf_socioeconomic_resolution, ("NGHỊ QUYẾT",),
               "the same resolution as a PDF"),
        Layout("docx_period_over_years", ".docx", write_kinds.docx_period_over_years, (),
               "two-row header: 'Giai đoạn 2026-2030' merged over 'Năm 2026 | Năm 2028 | Năm 2030'"),
        Layout("html_task_colspan_groups", ".html", write_kinds.html_task_colspan_groups, (),
               "web page task table: two-row header (Cơ quan thực hiện over Chủ trì | Phối hợp), colspan group rows"),
        Layout("html_portal_properties", ".html", write_kinds.html_portal_properties, (),
               "legal portal page: head and signature as two-column tables, (n) targets, duties, then a "
               "properties table with a 'Cơ quan ban hành/ Chức danh/ Người ký' row"),
        Layout("xlsx_indicator_appendix", ".xlsx", write_kinds.xlsx_indicator_appendix, (),
               "Excel appendix: title rows, merged two-row header, merged group rows, numbers typed as numbers",
               head=False),
        Layout("xls_indicator_appendix", ".xls", write_kinds.converted(write_kinds.xlsx_indicator_appendix, ".xlsx"),
               (), "the Excel appendix saved as .xls (Excel 97-2003) by LibreOffice", test_docs=4,
               head=False),
        Layout("doc_task_table", ".doc", write_kinds.converted(write_docx.docx_task_table, ".docx"), (),
               "the DOCX task table saved as .doc (Word 97-2003) by LibreOffice", test_docs=4),
        Layout("odt_heading_tasks", ".odt", write_kinds.converted(write_docx.docx_heading_tasks, ".docx"),
               ("KẾ HOẠCH",), "the DOCX heading-task plan saved as .odt by LibreOffice", test_docs=4),
        Layout("scan_socioeconomic_resolution", ".pdf", write_kinds.scanned(write_kinds.pdf_socioeconomic_resolution),
               ("NGHỊ QUYẾT",), "the socio-economic resolution PDF scanned: image pages skewed up to 1°, OCR", test_docs=2,
               min_exact=0.85),
        Layout("scan_task_table", ".pdf", write_kinds.scanned(write_pdf.pdf_task_table_pagebreak), (),
               "the ruled task table over two pages scanned: image pages skewed up to 1°, OCR", test_docs=2,
               min_exact=0.85),
        Layout("docx_year_group_rows", ".docx", write_kinds.docx_year_group_rows, (),
               "appendix with one value column and a group row per year ('I. Đến năm 2030', 'II. Tầm nhìn …')"),
        Layout("docx_task_table_over_pages", ".docx", write_office.docx_task_table_over_pages, (),
               "task table with a row of column numbers under its header, cut by a page break: a second table "
               "repeating the header and the numbers, or both repeated inside one table; group rows", closed=True),
        Layout("xlsx_two_sheets", ".xlsx", write_office.xlsx_two_sheets, (),
               "Excel workbook: targets sheet ('Ước thực hiện năm Y' and 'Kế hoạch' merged over years, column "
               "numbers, group rows) and a tasks sheet with deadlines typed as dates", head=False, closed=True),
        Layout("pdf_unruled_appendix", ".pdf", write_layouts6.pdf_unruled_appendix, (),
               "appendix typeset as whitespace-aligned text without rules (words placed one by one, no space "
               "characters): spanning year heading, wrapped names, group rows; leads assigned by target number "
               "('Chỉ tiêu 1, 3') in a second unruled table", head=False),
        Layout("docx_transposed_matrix", ".docx", write_layouts6.docx_transposed_matrix, ("KẾ HOẠCH",),
               "transposed targets table (a row per year, a baseline year marked '(*)', units in the headings) and "
               "a commune × year matrix under a caption naming its quantity"),
        Layout("html_layout_table_tasks", ".html", write_layouts6.html_layout_table_tasks, (),
               "portal page laid out with a table (menu table in a side cell, head and signature as nested tables "
               "with <br>), <ol> goals, task table 'Đơn vị thực hiện' with the lead marked '(chủ trì)'"),
        Layout("docx_plan_estimate_ratio", ".docx", write_office.docx_plan_estimate_ratio, (),
               "yearly plan table: 'Thực hiện năm Y-1', 'Ước thực hiện năm Y' (reported figures, not targets), "
               "'Kế hoạch năm Y+1', 'So sánh (%)' alone or merged over 'Y/Y-1 | Y+1/Y' (no figure of the row)",
               closed=True),
        Layout("md_portal_plan", ".md", write_office.md_portal_plan, ("KẾ HOẠCH",),
               "Markdown: breadcrumb links, head in bold lines or a two-column table, '#' headings, '*'/'-' target "
               "bullets, an indicator '|'-table with alignment marks, duties led by a bold agency", closed=True),
        Layout("docx_ward_numbered_targets", ".docx", write_layouts6.docx_ward_numbered_targets, ("KẾ HOẠCH",),
               "commune/ward plan: targets 'Chỉ tiêu N: … đạt …' (bold label) under 'II. CHỈ TIÊU NĂM Y', a "
               "responsibilities table 'Cơ quan, đơn vị | Nhiệm vụ được giao | Thời hạn' naming targets by number",
               closed=True),
        Layout("html_ol_dated_targets", ".html", write_layouts6.html_ol_dated_targets, ("KẾ HOẠCH",),
               "portal page: side menu of sections named like document types ('Thông báo'), targets as <ol> items "
               "'… đạt …' under '1. Mục tiêu đến năm Y' and '2. Tầm nhìn đến năm Y2'", closed=True),
        Layout("txt_paged_copy", ".txt", write_layouts6.paged_copy(write_txt.txt_heading_tasks), ("KẾ HOẠCH",),
               "txt_heading_tasks pasted from a paged PDF: 'Trang n/N' footers (some glued to a line's end) and a "
               "running header 'KẾ HOẠCH SỐ … NGÀY … - UBND TỈNH …' at every page break, mid-sentence included"),
    ]
}


def render(layout: str | Layout, seed: int, directory: Path) -> tuple[GenDoc, Path]:
    """Write document `seed` of a layout into directory; returns its ground truth and path."""
    lay = LAYOUTS[layout] if isinstance(layout, str) else layout
    rng = random.Random(f"{lay.name}:{seed}")
    type_line = rng.choice(lay.type_lines) if lay.type_lines else None
    doc = make_doc(seed + 1000 * list(LAYOUTS).index(lay.name), type_line)
    path = Path(directory) / f"{lay.name}-{seed:03d}{lay.ext}"
    lay.write(doc, rng, path)
    return doc, path
