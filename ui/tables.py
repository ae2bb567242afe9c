"""Tables for the Chỉ tiêu, Nhiệm vụ and Văn bản tabs: rows, filters, chart data and export."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from corpus.deadlines import status as deadline_status
from corpus.records import Document, Indicator, Task
from corpus.textnorm import fold
from ui.agencies import AgencyIndex, canonical_key

ALL = ""  # the value of the «Tất cả» choice of every filter

IND_COLUMNS = ["Tỉnh", "Văn bản", "Nhóm", "Mã", "Chỉ tiêu", "Đơn vị", "Năm", "Mục tiêu", "Chủ trì", "Phối hợp"]
TASK_COLUMNS = ["Trạng thái", "Hạn cuối", "Mã", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn (như văn bản)", "Tỉnh",
                "Văn bản"]
DOC_COLUMNS = ["Mã văn bản", "Tiêu đề", "Loại", "Số hiệu", "Ngày", "Cơ quan ban hành", "Tỉnh", "Tệp gốc",
               "Số dòng", "Số chỉ tiêu", "Số nhiệm vụ"]

# column widths (px): wide tables scroll sideways on a phone instead of squeezing every column
IND_WIDTHS = [90, 170, 150, 55, 320, 80, 80, 100, 170, 170]
TASK_WIDTHS = [110, 100, 55, 340, 180, 180, 160, 90, 150]
DOC_WIDTHS = [170, 330, 90, 110, 90, 170, 90, 170, 70, 80, 80]

STATUS_LABELS = {
    "overdue": "Quá hạn",
    "due_soon": "Sắp đến hạn",
    "upcoming": "Còn hạn",
    "recurring": "Thường xuyên",
    "unknown": "Chưa rõ hạn",
}
STATUS_COLORS = {"Quá hạn": "#d62728", "Sắp đến hạn": "#ff7f0e", "Còn hạn": "#2ca02c"}
NO_PROVINCE = "(không rõ tỉnh)"


def province_label(p: str | None) -> str:
    return p or NO_PROVINCE


def doc_short(doc: Document | None, n: int = 70) -> str:
    if doc is None:
        return ""
    title = re.sub(r"\s+", " ", doc.title).strip()
    label = f"{doc.so_hieu} – {title}" if doc.so_hieu and doc.so_hieu not in title else title
    return label if len(label) <= n else label[: n - 1].rstrip() + "…"


def doc_full(doc: Document | None) -> str:
    """The document's full title with its số hiệu (for exports and reports: never truncated)."""
    if doc is None:
        return ""
    title = re.sub(r"\s+", " ", doc.title).strip()
    return f"{doc.so_hieu} – {title}" if doc.so_hieu and doc.so_hieu not in title else title


def _folded_contains(haystack: str, needle: str) -> bool:
    return not needle or fold(needle) in fold(haystack)


# --- filter choices ----------------------------------------------------------------------
def province_choices(docs: list[Document]) -> list[tuple[str, str]]:
    provinces = sorted({d.province for d in docs if d.province})
    return [("Tất cả tỉnh", ALL), *[(p, p) for p in provinces]]


def doc_choices(docs: list[Document]) -> list[tuple[str, str]]:
    return [("Tất cả văn bản", ALL), *[(f"{province_label(d.province)} · {doc_short(d, 60)}", d.doc_id)
                                       for d in sorted(docs, key=lambda d: (d.province or "~", d.doc_id))]]


def year_choices(indicators: list[Indicator]) -> list[tuple[str, str]]:
    years = sorted({t.year for i in indicators for t in i.targets if t.year and t.has_target})
    return [("Tất cả năm", ALL), *[(str(y), str(y)) for y in years]]


def _split_agencies(text: str) -> list[str]:
    parts = re.split(r"[;\n]|,(?![^()]*\))", text or "")
    return [re.sub(r"\s+", " ", p).strip(" .-–") for p in parts if len(p.strip()) > 2]


def agency_choices(indicators: list[Indicator] | None = None, tasks: list[Task] | None = None) -> list[tuple[str, str]]:
    """Filter choices (label, value). For tasks alone: one canonical name per agency, fragments dropped, the
    value being the agency's key (filter_tasks matches it exactly)."""
    if tasks is not None and not indicators:
        return [("Tất cả cơ quan", ALL), *task_agencies(tasks).choices()]
    names: dict[str, str] = {}
    for i in indicators or []:
        for a in _split_agencies(i.lead) + _split_agencies(i.partners):
            names.setdefault(fold(a), a)
    for t in tasks or []:
        for a in _split_agencies(t.lead) + _split_agencies(t.partners) + _split_agencies(t.responsible):
            names.setdefault(fold(a), a)
    short = sorted((a for a in names.values() if len(a) <= 80), key=fold)
    return [("Tất cả cơ quan", ALL), *[(a, a) for a in short]]


# --- indicators --------------------------------------------------------------------------
def indicator_rows(indicators: list[Indicator], docs_by_id: dict[str, Document]) -> pd.DataFrame:
    """One row per indicator and year/period (an indicator without targets keeps one row)."""
    rows = []
    for ind in indicators:
        base = [province_label(ind.province), doc_short(docs_by_id.get(ind.doc_id), 48), ind.group, ind.code, ind.name,
                ind.unit]
        targets = [t for t in ind.targets if t.has_target] or [None]
        for t in targets:
            rows.append([*base, t.period if t else "", t.raw if t else "", ind.lead, ind.partners])
    return pd.DataFrame(rows, columns=IND_COLUMNS)


def filter_indicators(df: pd.DataFrame, province: str = ALL, year: str = ALL, agency: str = ALL,
                      query: str = "", doc_label: str = ALL) -> pd.DataFrame:
    """Rows of the indicator table matching every filter (text matching ignores diacritics)."""
    mask = pd.Series(True, index=df.index)
    if province:
        mask &= df["Tỉnh"] == province
    if year:
        mask &= df["Năm"].astype(str).str.contains(rf"(?<!\d){re.escape(str(year))}(?!\d)", regex=True)
    if agency:
        mask &= (df["Chủ trì"] + " " + df["Phối hợp"]).map(lambda s: _folded_contains(s, agency))
    if doc_label:
        mask &= df["Văn bản"] == doc_label
    if query and query.strip():
        words = fold(query).split()
        text = (df["Chỉ tiêu"] + " " + df["Nhóm"] + " " + df["Mã"] + " " + df["Văn bản"]).map(fold)
        mask &= text.map(lambda s: all(w in s for w in words))
    return df[mask].reset_index(drop=True)


def _name_key(name: str) -> str:
    key = fold(name)
    key = re.sub(r"\bdat\s+[\d,.]+.*$", "", key)  # prose targets carry the value in the name ("… đạt 0,7 điểm")
    key = re.sub(r"[^a-z0-9 ]+", " ", key)
    return re.sub(r"\s+", " ", key).strip()


@dataclass
class IndicatorGroup:
    """The same indicator across documents (matched by folded-name similarity)."""

    key: str
    label: str
    members: list[Indicator]

    @property
    def n_docs(self) -> int:
        return len({i.doc_id for i in self.members})


def indicator_groups(indicators: list[Indicator], threshold: float = 0.88) -> list[IndicatorGroup]:
    """Indicators with a numeric target, grouped by similar folded names; groups across most documents first."""
    groups: list[IndicatorGroup] = []
    by_key: dict[str, IndicatorGroup] = {}
    for ind in indicators:
        if not any(t.has_target and t.value and t.value.low is not None for t in ind.targets):
            continue
        key = _name_key(ind.name)
        if not key:
            continue
        group = by_key.get(key)
        if group is None:
            group = next((g for g in groups if SequenceMatcher(None, g.key, key).ratio() >= threshold), None)
        if group is None:
            group = IndicatorGroup(key, re.sub(r"\s+", " ", ind.name).strip(), [])
            groups.append(group)
        by_key[key] = group
        group.members.append(ind)
    return sorted(groups, key=lambda g: (-g.n_docs, fold(g.label)))


def group_choices(groups: list[IndicatorGroup]) -> list[tuple[str, str]]:
    out = []
    for g in groups:
        label = g.label if len(g.label) <= 110 else g.label[:109] + "…"
        suffix = f" ({g.n_docs} văn bản)" if g.n_docs > 1 else ""
        out.append((label + suffix, g.key))
    return out


def chart_frame(group: IndicatorGroup | None, docs_by_id: dict[str, Document]) -> pd.DataFrame:
    """Numeric targets (Target.value.low) of one indicator group: one bar per year and province.

    A province with two documents stating the target is told apart by the document's số hiệu."""
    cols = ["Năm · Tỉnh", "Giá trị", "Tỉnh", "Năm", "Mục tiêu", "Đơn vị", "Văn bản"]
    if group is None:
        return pd.DataFrame(columns=cols)
    docs_per_province: dict[str, set[str]] = {}
    for ind in group.members:
        docs_per_province.setdefault(province_label(ind.province), set()).add(ind.doc_id)
    rows = []
    for ind in group.members:
        province = province_label(ind.province)
        doc = docs_by_id.get(ind.doc_id)
        series = province
        if len(docs_per_province[province]) > 1:
            series = f"{province} ({(doc.so_hieu if doc and doc.so_hieu else ind.doc_id)})"
        for t in ind.targets:
            if t.has_target and t.year and t.value and t.value.low is not None and not t.value.qualitative:
                rows.append([f"{int(t.year)} · {series}", float(t.value.low), series, int(t.year), t.raw, ind.unit,
                             doc_short(doc, 80) if doc else ind.doc_id])
    df = pd.DataFrame(rows, columns=cols)
    # the same target stated twice in one document (table and prose) is one bar
    df = df.drop_duplicates(subset=["Năm · Tỉnh"])
    return df.sort_values(["Năm", "Tỉnh"]).reset_index(drop=True)


def chart_order(df: pd.DataFrame) -> list[str]:
    return list(df["Năm · Tỉnh"]) if len(df) else []


def chart_y_lim(df: pd.DataFrame) -> list[float]:
    top = float(df["Giá trị"].max()) if len(df) else 1.0
    return [0.0, top * 1.1 if top > 0 else 1.0]


# --- tasks -------------------------------------------------------------------------------
MONTHS_VI = ["tháng Một", "tháng Hai", "tháng Ba", "tháng Tư", "tháng Năm", "tháng Sáu", "tháng Bảy", "tháng Tám",
             "tháng Chín", "tháng Mười", "tháng Mười Một", "tháng Mười Hai"]
QUARTERS_VI = ["I", "II", "III", "IV"]
TASK_TITLE_SHOWN = 180  # characters of a task shown in the table (the export keeps the full text)


def dmy(iso: str | None) -> str:
    """'2025-12-31' → '31/12/2025'."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(str(iso)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)


def date_vi(value: str | None) -> str:
    """An ISO date, month or year as written in Vietnamese documents: '11/12/2025', '02/2026', '2025'."""
    text = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dmy(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text[5:7]}/{text[:4]}"
    return text


def month_label(iso: str) -> str:
    """'2025-12-31' → 'Tháng 12/2025 (tháng Mười Hai)'."""
    d = date.fromisoformat(iso[:10])
    return f"Tháng {d.month}/{d.year}"


def quarter_label(iso: str) -> str:
    d = date.fromisoformat(iso[:10])
    return f"Quý {QUARTERS_VI[(d.month - 1) // 3]}/{d.year}"


def task_agencies(tasks: list[Task]) -> AgencyIndex:
    return AgencyIndex(cell for t in tasks for cell in (t.lead, t.partners, t.responsible))


def task_rows(tasks: list[Task], docs_by_id: dict[str, Document], today: date | None = None) -> pd.DataFrame:
    """One row per task, status and deadline first (dd/mm/yyyy). Columns starting with '_' are for filtering
    and export (ISO due date, canonical agency keys, full title) and are not shown."""
    today = today or date.today()
    rows = []
    for t in tasks:
        d = t.deadline
        st = STATUS_LABELS[deadline_status(d, today)]
        due = d.end if d and d.end and not d.recurring else ""
        title = re.sub(r"\s+", " ", t.title or "").strip()
        shown = title if len(title) <= TASK_TITLE_SHOWN else title[: TASK_TITLE_SHOWN - 1].rstrip() + "…"
        keys = sorted(AgencyIndex().keys_of(t.lead, t.partners, t.responsible))
        lead_keys = sorted(AgencyIndex().keys_of(t.lead or t.responsible))
        rows.append([st, dmy(due), t.code, shown, t.lead or t.responsible, t.partners, d.raw if d else "",
                     province_label(t.province), doc_short(docs_by_id.get(t.doc_id), 48), due, "|".join(keys),
                     "|".join(lead_keys), title, t.responsible, doc_full(docs_by_id.get(t.doc_id))])
    df = pd.DataFrame(rows, columns=[*TASK_COLUMNS, "_due", "_agencies", "_lead", "_title", "_responsible",
                                     "_doc_title"])
    # the most urgent first: overdue, due soon, upcoming (by deadline), then recurring and undated
    rank = {label: i for i, label in enumerate(STATUS_LABELS.values())}
    order = df["Trạng thái"].map(rank).fillna(9)
    return (df.assign(_rank=order).sort_values(["_rank", "_due"], kind="stable").drop(columns="_rank")
            .reset_index(drop=True))


def shown_tasks(df: pd.DataFrame) -> pd.DataFrame:
    return df[[c for c in df.columns if not c.startswith("_")]]


def month_choices(df: pd.DataFrame) -> list[tuple[str, str]]:
    months = sorted({d[:7] for d in df["_due"] if d}) if len(df) else []
    return [("Tất cả tháng", ALL), *[(month_label(m + "-01"), m) for m in months]]


def quarter_choices(df: pd.DataFrame) -> list[tuple[str, str]]:
    qs = sorted({(d[:4], (int(d[5:7]) - 1) // 3) for d in df["_due"] if d}) if len(df) else []
    return [("Tất cả quý", ALL), *[(f"Quý {QUARTERS_VI[q]}/{y}", f"{y}-Q{q + 1}") for y, q in qs]]


def filter_tasks(df: pd.DataFrame, province: str = ALL, agency: str = ALL, status: str = ALL,
                 query: str = "", month: str = ALL, quarter: str = ALL) -> pd.DataFrame:
    """Rows matching every filter. agency is a canonical key from AgencyIndex.choices() (exact match on the
    task's own agencies); any other text is matched inside the agency cells, ignoring diacritics."""
    mask = pd.Series(True, index=df.index)
    if province:
        mask &= df["Tỉnh"] == province
    if agency:
        keys = df["_agencies"].map(lambda s: set(s.split("|")))
        key = agency if keys.map(lambda k: agency in k).any() else canonical_key(agency)
        exact = keys.map(lambda k: key in k)
        if exact.any():
            mask &= exact
        else:  # free text: inside the agency cells, ignoring diacritics
            who = df["_responsible"] + " " + df["Chủ trì"] + " " + df["Phối hợp"]
            mask &= who.map(lambda s: _folded_contains(s, agency))
    if status:
        mask &= df["Trạng thái"] == status
    if month:
        mask &= df["_due"].str.startswith(month)
    if quarter:
        y, q = quarter.split("-Q")
        months = {f"{y}-{m:02d}" for m in range(3 * int(q) - 2, 3 * int(q) + 1)}
        mask &= df["_due"].str.slice(0, 7).isin(months)
    if query and query.strip():
        words = fold(query).split()
        text = (df["_title"] + " " + df["Mã"] + " " + df["Thời hạn (như văn bản)"]).map(fold)
        mask &= text.map(lambda s: all(w in s for w in words))
    return df[mask].reset_index(drop=True)


def timeline_frame(tasks_df: pd.DataFrame) -> pd.DataFrame:
    """Tasks with a due date counted per month and status (Vietnamese month labels, in date order)."""
    df = tasks_df[tasks_df["_due"] != ""] if len(tasks_df) else tasks_df
    cols = ["Tháng", "Số nhiệm vụ", "Trạng thái", "_month"]
    if not len(df):
        return pd.DataFrame(columns=cols[:3])
    out = (df.assign(_month=df["_due"].str.slice(0, 7))
           .groupby(["_month", "Trạng thái"]).size().reset_index(name="Số nhiệm vụ"))
    out["Tháng"] = out["_month"].map(lambda m: month_label(m + "-01"))
    return out.sort_values("_month")[cols[:3]].reset_index(drop=True)


def timeline_order(tl: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(tl["Tháng"])) if len(tl) else []


# --- documents ---------------------------------------------------------------------------
def doc_rows(docs: list[Document]) -> pd.DataFrame:
    rows = []
    for d in sorted(docs, key=lambda d: (d.province or "~", d.doc_id)):
        rows.append([d.doc_id, d.title, d.doc_type or "", d.so_hieu or "", date_vi(d.date_issued), d.issuer or "",
                     province_label(d.province), d.origin or Path(d.source_path or "").name, len(d.lines),
                     len(d.indicators), len(d.tasks)])
    return pd.DataFrame(rows, columns=DOC_COLUMNS)


# --- export ------------------------------------------------------------------------------
TEXT_COLUMNS = {"Mã", "Mã văn bản", "Số hiệu"}  # codes: 1.1 and 1.10 are different codes, never numbers
DATE_COLUMNS = {"Hạn cuối", "Ngày"}
INT_COLUMNS = {"Năm", "Số dòng", "Số chỉ tiêu", "Số nhiệm vụ"}


def export_frame(df: pd.DataFrame, titles: dict[str, str] | None = None) -> pd.DataFrame:
    """The table as exported: full task and document titles, hidden columns dropped."""
    out = df.copy()
    if "_title" in out.columns and "Nhiệm vụ" in out.columns:
        out["Nhiệm vụ"] = out["_title"]
    if "_doc_title" in out.columns and "Văn bản" in out.columns:
        out["Văn bản"] = out["_doc_title"]
    elif titles and "Văn bản" in out.columns:
        out["Văn bản"] = out["Văn bản"].map(lambda v: titles.get(v, v))
    return out[[c for c in out.columns if not str(c).startswith("_")]]


def _typed(value: object, column: str) -> object:
    text = "" if value is None else str(value).strip()
    if column in DATE_COLUMNS and re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        return datetime.strptime(text, "%d/%m/%Y")
    if column in DATE_COLUMNS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return datetime.strptime(text, "%Y-%m-%d")
    if column in INT_COLUMNS and re.fullmatch(r"\d{1,6}", text):
        return int(text)
    return text


_FORMULA_START = re.compile(r"^[=+@\t\r]|^-(?=.*[=(!|+@])")


def defuse(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (=…, +…, @…, -…(…)) gets a leading apostrophe, so
    document text opens as text (CSV/formula injection); numbers and ordinary text are unchanged."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def export(df: pd.DataFrame, stem: str, kind: str, titles: dict[str, str] | None = None) -> str:
    """Write the table as CSV (UTF-8 with BOM, opens in Excel) or XLSX with typed cells (numbers, dates as dates
    shown dd/mm/yyyy, codes as text); return the file path."""
    df = export_frame(df, titles)
    out_dir = Path(tempfile.mkdtemp(prefix="kehoach-export-"))
    stamp = date.today().strftime("%Y%m%d")
    if kind == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        path = out_dir / f"{stem}-{stamp}.xlsx"
        wb = Workbook()
        sheet = wb.active
        sheet.title = stem[:31]
        sheet.append(list(df.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in df.itertuples(index=False):
            sheet.append([_typed(v, c) for v, c in zip(row, df.columns, strict=True)])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # document text starting with "=": a string, never a formula
                    cell.value, cell.data_type = str(cell.value), "s"
        for j, column in enumerate(df.columns, 1):
            letter = sheet.cell(row=1, column=j).column_letter
            for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                if column in TEXT_COLUMNS:
                    cell.number_format = "@"
                elif isinstance(cell.value, datetime):
                    cell.number_format = "dd/mm/yyyy"
            width = max([len(str(column))] + [len(str(v or "")) for v in df[column].head(200)])
            sheet.column_dimensions[letter].width = min(60, max(8, width + 2))
        sheet.freeze_panes = "A2"
        wb.save(path)
    else:
        path = out_dir / f"{stem}-{stamp}.csv"
        df.map(defuse).to_csv(path, index=False, encoding="utf-8-sig")
    return str(path)


# --- phone: rows as cards ----------------------------------------------------------------
MAX_CARDS = 60
_STATUS_CLASS = {"Quá hạn": "overdue", "Sắp đến hạn": "soon", "Còn hạn": "ok"}


def _esc(text: object) -> str:
    from ui.render import esc

    return esc(text)


def _more(n: int) -> str:
    return (f'<div class="card-more">Còn {n - MAX_CARDS} dòng nữa: hãy lọc thêm để xem, hoặc xuất Excel.</div>'
            if n > MAX_CARDS else "")


def task_cards(df: pd.DataFrame) -> str:
    """The filtered tasks as cards (shown instead of the table on a phone): status and deadline first."""
    if not len(df):
        return '<div class="cards"><div class="src-empty">Không có nhiệm vụ nào khớp bộ lọc.</div></div>'
    cards = []
    for _, r in df.head(MAX_CARDS).iterrows():
        cls = _STATUS_CLASS.get(r["Trạng thái"], "other")
        due = f" · {_esc(r['Hạn cuối'])}" if r["Hạn cuối"] else ""
        who = " · ".join(x for x in (f"Chủ trì: {_esc(r['Chủ trì'])}" if r["Chủ trì"] else "",
                                     f"Phối hợp: {_esc(r['Phối hợp'])}" if r["Phối hợp"] else "") if x)
        cards.append(f'<div class="row-card"><div class="rc-head"><span class="st {cls}">{_esc(r["Trạng thái"])}</span>'
                     f'{due} · <b>{_esc(r["Mã"])}</b> · {_esc(r["Tỉnh"])}</div>'
                     f'<div class="rc-title">{_esc(r["Nhiệm vụ"])}</div>'
                     f'<div class="rc-meta">{who}</div>'
                     f'<div class="rc-meta">Thời hạn: {_esc(r["Thời hạn (như văn bản)"]) or "—"}</div></div>')
    return f'<div class="cards">{"".join(cards)}{_more(len(df))}</div>'


def indicator_cards(df: pd.DataFrame) -> str:
    """The filtered indicator rows as cards (shown instead of the table on a phone)."""
    if not len(df):
        return '<div class="cards"><div class="src-empty">Không có chỉ tiêu nào khớp bộ lọc.</div></div>'
    cards = []
    for _, r in df.head(MAX_CARDS).iterrows():
        target = f"<b>{_esc(r['Mục tiêu'])}</b>" + (f" {_esc(r['Đơn vị'])}" if r["Đơn vị"] else "")
        cards.append(f'<div class="row-card"><div class="rc-head">{_esc(r["Tỉnh"])} · {_esc(r["Năm"])} · {target}</div>'
                     f'<div class="rc-title">{_esc(r["Mã"])} {_esc(r["Chỉ tiêu"])}</div>'
                     f'<div class="rc-meta">{_esc(r["Văn bản"])}'
                     + (f" · Chủ trì: {_esc(r['Chủ trì'])}" if r["Chủ trì"] else "") + "</div></div>")
    return f'<div class="cards">{"".join(cards)}{_more(len(df))}</div>'

