"""The named layouts: each writes a random document of one kind into one file format."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docgen import write_docx, write_html, write_pdf, write_txt
from docgen.generate import make_doc
from docgen.model import GenDoc


@dataclass(frozen=True)
class Layout:
    name: str
    ext: str
    write: Callable[[GenDoc, random.Random, Path], None]
    type_lines: tuple[str, ...] = ()  # allowed type lines; () = the generator's choice
    about: str = ""


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
