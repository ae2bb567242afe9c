"""Tables for the Chỉ tiêu, Nhiệm vụ and Văn bản tabs: rows, filters, chart data and export."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from corpus.deadlines import status as deadline_status
from corpus.records import Document, Indicator, Task
from corpus.textnorm import fold

ALL = ""  # the value of the «Tất cả» choice of every filter

IND_COLUMNS = ["Tỉnh", "Văn bản", "Nhóm", "Mã", "Chỉ tiêu", "Đơn vị", "Năm", "Mục tiêu", "Chủ trì", "Phối hợp"]
TASK_COLUMNS = ["Tỉnh", "Văn bản", "Mã", "Nhiệm vụ", "Trách nhiệm thực hiện", "Chủ trì", "Phối hợp",
                "Thời hạn (như văn bản)", "Hạn cuối", "Trạng thái"]
DOC_COLUMNS = ["Mã văn bản", "Tiêu đề", "Loại", "Số hiệu", "Ngày", "Cơ quan ban hành", "Tỉnh", "Tệp gốc",
               "Số dòng", "Số chỉ tiêu", "Số nhiệm vụ"]

# column widths (px): wide tables scroll sideways on a phone instead of squeezing every column
IND_WIDTHS = [90, 170, 150, 55, 320, 80, 80, 100, 170, 170]
TASK_WIDTHS = [80, 150, 50, 320, 170, 150, 150, 160, 100, 110]
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
    """Numeric targets (Target.value.low) of one indicator group per year and province/document."""
    cols = ["Năm", "Giá trị", "Tỉnh – văn bản", "Mục tiêu", "Đơn vị"]
    if group is None:
        return pd.DataFrame(columns=cols)
    rows = []
    for ind in group.members:
        series = f"{province_label(ind.province)} · {ind.doc_id}"
        for t in ind.targets:
            if t.has_target and t.year and t.value and t.value.low is not None and not t.value.qualitative:
                rows.append([int(t.year), float(t.value.low), series, t.raw, ind.unit])
    df = pd.DataFrame(rows, columns=cols)
    # the same target stated twice in one document (table and prose) is one point
    df = df.drop_duplicates(subset=["Năm", "Giá trị", "Tỉnh – văn bản"])
    return df.sort_values(["Tỉnh – văn bản", "Năm"]).reset_index(drop=True)


# --- tasks -------------------------------------------------------------------------------
def task_rows(tasks: list[Task], docs_by_id: dict[str, Document], today: date | None = None) -> pd.DataFrame:
    today = today or date.today()
    rows = []
    for t in tasks:
        d = t.deadline
        st = STATUS_LABELS[deadline_status(d, today)]
        due = d.end if d and d.end and not d.recurring else ""
        rows.append([province_label(t.province), doc_short(docs_by_id.get(t.doc_id), 48), t.code, t.title,
                     t.responsible, t.lead, t.partners, d.raw if d else "", due, st])
    return pd.DataFrame(rows, columns=TASK_COLUMNS)


def filter_tasks(df: pd.DataFrame, province: str = ALL, agency: str = ALL, status: str = ALL,
                 query: str = "") -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    if province:
        mask &= df["Tỉnh"] == province
    if agency:
        who = df["Trách nhiệm thực hiện"] + " " + df["Chủ trì"] + " " + df["Phối hợp"]
        mask &= who.map(lambda s: _folded_contains(s, agency))
    if status:
        mask &= df["Trạng thái"] == status
    if query and query.strip():
        words = fold(query).split()
        text = (df["Nhiệm vụ"] + " " + df["Mã"] + " " + df["Thời hạn (như văn bản)"]).map(fold)
        mask &= text.map(lambda s: all(w in s for w in words))
    return df[mask].reset_index(drop=True)


def timeline_frame(tasks_df: pd.DataFrame) -> pd.DataFrame:
    """Tasks with a due date, one point each: due date × task, coloured by status."""
    df = tasks_df[tasks_df["Hạn cuối"] != ""].copy()
    out = pd.DataFrame({
        "Hạn cuối": pd.to_datetime(df["Hạn cuối"]),
        # the due date leads the label so that the (alphabetical) axis reads in date order
        "Nhiệm vụ": (df["Hạn cuối"] + " · " + df["Tỉnh"] + " " + df["Mã"] + " " + df["Nhiệm vụ"].str.slice(0, 36)).values,
        "Trạng thái": df["Trạng thái"].values,
    })
    return out.sort_values("Hạn cuối").reset_index(drop=True)


# --- documents ---------------------------------------------------------------------------
def doc_rows(docs: list[Document]) -> pd.DataFrame:
    rows = []
    for d in sorted(docs, key=lambda d: (d.province or "~", d.doc_id)):
        rows.append([d.doc_id, d.title, d.doc_type or "", d.so_hieu or "", d.date_issued or "", d.issuer or "",
                     province_label(d.province), d.origin or Path(d.source_path or "").name, len(d.lines),
                     len(d.indicators), len(d.tasks)])
    return pd.DataFrame(rows, columns=DOC_COLUMNS)


# --- export ------------------------------------------------------------------------------
def export(df: pd.DataFrame, stem: str, kind: str) -> str:
    """Write the table as CSV (UTF-8 with BOM, opens in Excel) or XLSX; return the file path."""
    out_dir = Path(tempfile.mkdtemp(prefix="kehoach-export-"))
    stamp = date.today().strftime("%Y%m%d")
    if kind == "xlsx":
        path = out_dir / f"{stem}-{stamp}.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            df.to_excel(xw, index=False, sheet_name=stem[:31])
            sheet = xw.sheets[stem[:31]]
            for col_cells in sheet.columns:
                width = max(len(str(c.value or "")) for c in col_cells[:200])
                sheet.column_dimensions[col_cells[0].column_letter].width = min(60, max(8, width + 2))
    else:
        path = out_dir / f"{stem}-{stamp}.csv"
        df.to_csv(path, index=False, encoding="utf-8-sig")
    return str(path)
