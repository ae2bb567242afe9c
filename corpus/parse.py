"""Read a file into a Document: clean lines, metadata, section tree, indicators and tasks."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from corpus.cleaning import blank_page_numbers, clean_lines
from corpus.deadlines import parse_deadline
from corpus.layout import separate_signature, unfold_spaced_columns
from corpus.metadata import attached_to, effective, read_metadata
from corpus.pages import page_starts, split_pages
from corpus.prose_targets import budget_indicators, prose_indicators
from corpus.readers import DEFAULT_MAX_BYTES, read_lines
from corpus.records import Document
from corpus.responsibilities import responsibility_tasks
from corpus.sections import build_sections
from corpus.tables import Context, parse_space_table, parse_tab_table, period_of, tab_tables
from corpus.tasks import extract_tasks
from corpus.textnorm import fold

# bump when a change to the readers or parsers changes the records of an unchanged file;
# indexes built by another version re-read their documents from the kept source files
PARSER_VERSION = 30

_SPACE_HEADER = re.compile(r"^S?TT\s.*(chỉ tiêu|nội dung)", re.IGNORECASE)


def doc_id_for(path: Path) -> str:
    """A readable id from a file name: lower-case ASCII words joined by dashes."""
    stem = fold(path.stem)
    return re.sub(r"[^a-z0-9]+", "-", stem).strip("-") or "tai-lieu"


def parse_lines(
    raw_lines: list[str],
    doc_id: str,
    *,
    hard_wrapped: bool | None = None,
    manifest: dict | None = None,
    source_path: str | None = None,
    content_hash: str = "",
) -> Document:
    """Build a Document from extracted lines (the format-independent part of reading)."""
    manifest = manifest or {}
    raw_lines, page_breaks = split_pages(raw_lines)
    lines = clean_lines(unfold_spaced_columns(blank_page_numbers(raw_lines, page_breaks)), hard_wrapped)
    lines = separate_signature(lines)
    meta = read_metadata(lines)
    fields = {}
    sources = {}
    for key in ("title", "doc_type", "so_hieu", "issuer", "province", "date_issued", "signer"):
        if meta.get(key):
            fields[key], sources[key] = meta[key], "text"
        elif manifest.get(key):
            fields[key], sources[key] = manifest[key], "manifest"
    province = fields.get("province")

    # tables first: their lines are not prose and carry no section headings
    table_lines: set[int] = set()
    spans: list[tuple[int, int]] = []
    indicators = []
    table_tasks = []
    table_no = 0
    for start, end in tab_tables(lines):
        table_no += 1
        ctx = Context(doc_id, province, table_no)
        found = parse_tab_table(lines, start, end, ctx)
        indicators.extend(found.indicators)
        table_tasks.extend(found.tasks)
        table_lines.update(range(start, end))
        if found:
            spans.append((start + 1, end))
    i = 0
    while i < len(lines):
        if i not in table_lines and "\t" not in lines[i] and _SPACE_HEADER.match(lines[i].strip()):
            table_no += 1
            found, end = parse_space_table(lines, i, Context(doc_id, province, table_no))
            indicators.extend(found)
            table_lines.update(range(i, end))
            spans.append((i + 1, end))
            i = end
        else:
            i += 1
    sections = build_sections(lines, table_lines)
    doc_period = period_of(fields.get("title", "") or "")
    prose = prose_indicators(lines, sections, Context(doc_id, province), doc_period, table_lines)
    indicators.extend(prose)
    stated = table_lines | {n for ind in prose for n in range(ind.lines[0] - 1, ind.lines[1])}
    indicators.extend(budget_indicators(lines, sections, Context(doc_id, province), doc_period, stated))
    tasks = extract_tasks(lines, sections, doc_id, province)
    taken = [t.lines for t in tasks]
    tasks += table_tasks
    tasks += responsibility_tasks(lines, sections, doc_id, province, table_lines, taken)
    link_target_numbers(indicators, tasks)
    link_footnotes(indicators, lines)
    _unique_ids(indicators)
    _unique_ids(tasks)
    _date_yearless_days(tasks, fields.get("title", "") or "")
    effective_text, effective_date = effective(lines, fields.get("date_issued"))
    parent_text, parent_so_hieu, parent_date = attached_to(lines, fields.get("so_hieu"))
    return Document(
        doc_id=doc_id,
        title=fields.get("title") or manifest.get("title") or doc_id,
        lines=lines,
        doc_type=fields.get("doc_type"),
        so_hieu=fields.get("so_hieu"),
        issuer=fields.get("issuer"),
        province=province,
        date_issued=fields.get("date_issued"),
        signer=fields.get("signer"),
        origin=manifest.get("origin"),
        source_path=source_path,
        content_hash=content_hash,
        meta_source=sources,
        sections=sections,
        tables=sorted(spans),
        indicators=indicators,
        tasks=tasks,
        pages=page_starts(raw_lines, page_breaks, lines),
        effective_text=effective_text,
        effective_date=effective_date,
        parent_text=parent_text,
        parent_so_hieu=parent_so_hieu,
        parent_date=parent_date,
    )


# "Chỉ tiêu 1, 2, 3", "chỉ tiêu số 4 và 5", "(Chỉ tiêu 1, Chỉ tiêu 2)": targets named by their number (folded)
_TARGET_REFS = re.compile(r"\bchi tieu(?: so)?\s+(\d{1,3}(?:\s*(?:,|;|va)\s*(?:chi tieu(?: so)?\s+)?\d{1,3})*)\b")


def link_target_numbers(indicators: list, tasks: list) -> None:
    """A task whose content names targets only by their number ("Chỉ tiêu 9, 10, 14" in a table assigning
    whom to follow them, "(Chỉ tiêu 1, Chỉ tiêu 2)" after a duty) gives those targets its agency: the lead of a
    target that states none, a partner when another agency already leads it. A number that names no single
    target of the document (none, or several) is left alone."""
    by_code: dict[str, list] = {}
    for ind in indicators:
        by_code.setdefault(ind.code.strip("()."), []).append(ind)
    for task in tasks:
        agency = task.lead or task.responsible
        if not agency:
            continue
        numbers = [n for m in _TARGET_REFS.finditer(fold(task.title)) for n in re.findall(r"\d{1,3}", m.group(1))]
        for n in dict.fromkeys(numbers):
            found = by_code.get(n, [])
            if not found:
                # "Chỉ tiêu 6: 100% khu vực …; mỗi tổ …" was read as targets 6.1 and 6.2: the number names both
                found = [ind for code, inds in by_code.items() if re.fullmatch(rf"{n}\.\d{{1,2}}", code)
                         for ind in inds]
                if not found or len({ind.lines for ind in found}) != 1:
                    continue
            elif len(found) != 1:
                continue
            for ind in found:
                if not ind.lead:
                    ind.lead = agency
                elif fold(agency) not in fold(ind.lead) and fold(agency) not in fold(ind.partners):
                    ind.partners = f"{ind.partners}; {agency}" if ind.partners else agency


# a note mark of a record ("*", "(**)", "2025 (**)" for a marked year row)
_MARK_IN_NOTE = re.compile(r"^(?:(?:19|20)\d{2}\s*)?\(?(\*{1,3})\)?$")
# a row marked for a note ("Tỷ lệ hộ nghèo (*)", "Xã Cầu Kè*") and the note under its table ("(*) Năm 2026 áp dụng …")
_MARK = re.compile(r"\((\*{1,3})\)|(?<![*(])(\*{1,3})$")
_STARS = re.compile(r"\((\*{1,3})\)")
_NOTE_LINE = re.compile(r"^\s*(?:[-–]\s*)?(?:ghi chú\s*:\s*)?(?=\(\*)", re.IGNORECASE)
_NOTE_MARK = re.compile(r"\((\*{1,3})\)\s*[:.]?\s*")


def _after_marks(text: str, marks: re.Pattern[str]) -> list[tuple[re.Match[str], str]]:
    """Each mark of `marks` in `text` with the text after it, up to the next mark ("(*) …; (**) …")."""
    found = list(marks.finditer(text))
    return [(m, text[m.end(): found[k + 1].start() if k + 1 < len(found) else len(text)]) for k, m in enumerate(found)]


def _notes_under(lines: list[str], end: int) -> dict[str, str]:
    """The "Ghi chú: (*) …; (**) …" lines right under a table (ending at 0-based line `end`): mark → text."""
    text = []
    for line in lines[end: end + 12]:
        stripped = line.strip()
        if not stripped or "\t" in stripped:
            if text:
                break
            continue
        if not text and not re.match(r"^(?:ghi chu|chu thich|luu y)\b|^\(\*", fold(stripped)):
            break
        if text and not stripped.startswith("(*"):
            break
        text.append(stripped)
    body = re.sub(r"^(?:Ghi chú|Chú thích|Lưu ý)\s*:?\s*", "", " ".join(text), flags=re.IGNORECASE)
    return {m.group(1): (m.group(0) + after).strip(" ;,.") for m, after in _after_marks(body, _STARS)}


def _notes_opened(lines: list[str]) -> dict[str, list[tuple[int, str]]]:
    """The notes a mark opens anywhere outside a table ("(*) Năm 2026 áp dụng …", "Ghi chú: (*) …; (**) …"):
    mark → (1-based line, text) in reading order."""
    notes: dict[str, list[tuple[int, str]]] = {}
    for n, line in enumerate(lines, start=1):
        if "\t" in line or not _NOTE_LINE.match(line):
            continue
        for m, after in _after_marks(line, _NOTE_MARK):  # each mark opens its note
            text = after.strip(" ;,")
            if len(text) > 4:
                notes.setdefault(m.group(1), []).append((n, text))
    return notes


def link_footnotes(indicators: list, lines: list[str]) -> None:
    """A record marked for a note carries the note instead of the bare mark. A table's record whose note is only
    marks ("*" in a heading or a place's name, a year "2025 (**)") takes what the "Ghi chú: (*) …; (**) …" lines
    under its table say of them; any other record marked "(*)" (in its name, or a mark a table reader kept as its
    note) takes the note the same mark opens below it, also inside a "Ghi chú: (*) …; (**) …" line."""
    under: dict[int, dict[str, str]] = {}  # the notes under the table ending at a line
    opened = _notes_opened(lines)
    for ind in indicators:
        marks = [m.group(1) for part in ind.note.split(";") for m in [_MARK_IN_NOTE.match(part.strip())] if m] \
            if ind.source == "table" and "*" in ind.note else []
        if marks:
            end = ind.lines[1]
            while end < len(lines) and "\t" in lines[end]:
                end += 1  # a row of the table: its notes stand under the last row
            if end not in under:
                under[end] = _notes_under(lines, end)
            said = [under[end][m] for m in dict.fromkeys(marks) if m in under[end]]
            if said:
                ind.note = "; ".join(said)
        if not opened or ind.note.startswith("(*"):
            continue  # no note opened below, or explained already by the notes under its table
        m = _MARK.search(ind.name.strip()) or _MARK.search(ind.note.strip())
        if not m:
            continue
        stars = m.group(1) or m.group(2)
        below = [text for n, text in opened.get(stars, []) if n > ind.lines[1]]
        if below:
            note = f"({stars}) {below[0]}"
            ind.note = note if not ind.note.strip(" *()") else f"{ind.note}; {note}"


def _date_yearless_days(tasks: list, title: str) -> None:
    """A deadline day with no year and no word of recurrence ("trước ngày 15/12") is in the one year the document
    is for ("Kế hoạch … năm 2026"); a document for a period or for no year leaves the year open."""
    period, year = period_of(title)
    if not year or "-" in period:
        return
    for task in tasks:
        if task.deadline is not None and task.deadline.kind == "day":
            task.deadline = parse_deadline(task.deadline.raw, year=year)


def _unique_ids(records: list) -> None:
    """Two records that would share an id (a code repeated in a table) get '~2', '~3' …"""
    seen: dict[str, int] = {}
    for rec in records:
        n = seen.get(rec.id, 0) + 1
        seen[rec.id] = n
        if n > 1:
            rec.id = f"{rec.id}~{n}"


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_file(
    path: str | Path,
    doc_id: str | None = None,
    manifest: dict | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Read any supported file into a Document; raises CorpusError naming the file and reason."""
    path = Path(path)
    raw_lines, wrapped = read_lines(path, max_bytes)
    return parse_lines(
        raw_lines,
        doc_id or (manifest or {}).get("doc_id") or doc_id_for(path),
        hard_wrapped=wrapped,
        manifest=manifest,
        source_path=str(path),
        content_hash=file_hash(path),
    )
