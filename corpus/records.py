"""Plain records produced by the corpus readers: documents, sections, indicators, tasks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LineSpan = tuple[int, int]  # 1-based, inclusive, into Document.lines


@dataclass
class ParsedValue:
    """A target value parsed from its raw text ("≥ 0,85", "80-90", "100% xã")."""

    comparator: str | None = None  # ">=", ">", "<=", "<", "=" or None (plain value)
    low: float | None = None
    high: float | None = None  # equals low for a single number; larger for a range
    percent: bool = False
    is_range: bool = False
    qualitative: bool = False  # no number at all ("Đạt", "Có", "Đạt bình quân cả nước")


@dataclass
class Target:
    """One target of an indicator for one year or period."""

    period: str  # "2030", "2035", "2035-2045", "2026-2030"
    year: int | None  # the year the target is due (end of the period)
    raw: str  # exactly as written, cleaned of markup residue
    value: ParsedValue | None  # None when the document sets no target ("-")
    has_target: bool = True
    # what the figure is: "target" (a level the plan sets), "estimate" (the current year's estimated result,
    # "Ước thực hiện năm 2025") or "actual" (a result already reached, "Thực hiện năm 2024", a baseline)
    kind: str = "target"


@dataclass
class Indicator:
    """One numbered row of an appendix table, or one target stated in prose."""

    id: str
    doc_id: str
    province: str | None
    group: str  # "I. Đến năm 2030" / "4. Về giáo dục nghề nghiệp, giáo dục đại học"
    groups: list[str]  # every enclosing caption, outermost first
    code: str  # "4.7.1", "(3)", "10a" for a "Trong đó" sub-row
    name: str
    unit: str
    targets: list[Target]
    lead: str = ""  # chủ trì theo dõi / đánh giá
    partners: str = ""  # implementing / co-operating agencies, as written
    note: str = ""
    source: str = "table"  # "table" or "prose"
    columns: list[str] = field(default_factory=list)  # header names of the source table
    lines: LineSpan = (0, 0)
    parent_code: str | None = None

    @property
    def years(self) -> list[int]:
        return sorted({t.year for t in self.targets if t.year is not None and t.has_target})


@dataclass
class Deadline:
    """A deadline as written and normalised to a date range or recurring."""

    raw: str
    # month | quarter | half_year | part_year (đầu/giữa/cuối năm) | date | year | school_year | period | before |
    # recurring | day (a day of the month, no year stated: no dates) | unknown
    kind: str
    start: str | None = None  # ISO date
    end: str | None = None  # ISO date; the date the task is due
    recurring: bool = False
    milestones: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Task:
    """A numbered task ("nhiệm vụ") with responsibilities and deadline."""

    id: str
    doc_id: str
    province: str | None
    group: str  # "1. Nhiệm vụ cần thực hiện ngay"
    code: str  # "1.4"
    title: str
    body: str
    responsible: str = ""  # Trách nhiệm thực hiện
    lead: str = ""  # Cơ quan chủ trì
    partners: str = ""  # Cơ quan phối hợp
    deadline: Deadline | None = None
    lines: LineSpan = (0, 0)
    product: str = ""  # Sản phẩm (tables of tasks)
    budget: str = ""  # Kinh phí / nguồn vốn
    note: str = ""
    source: str = "section"  # "section" (labelled fields), "table" or "prose" (a responsibility paragraph)
    kind: str = "task"  # "task", "implement" (tổ chức thực hiện), "supervise" (giám sát), "report" (báo cáo)


@dataclass
class Section:
    """A node of the section tree (I., 1., 1.1., a), -, (1) ...)."""

    id: str  # "III/2/2.3"
    marker: str  # "III", "2", "2.3", "a", "(1)"
    title: str
    level: int
    path: list[str]  # titles from the root, this one last
    start: int
    end: int


@dataclass
class Document:
    """A read document: metadata, clean lines, sections and records."""

    doc_id: str
    title: str
    lines: list[str]
    doc_type: str | None = None
    so_hieu: str | None = None
    issuer: str | None = None
    province: str | None = None
    date_issued: str | None = None  # ISO date, or "YYYY-MM" when the day is blank
    signer: str | None = None
    origin: str | None = None
    source_path: str | None = None
    content_hash: str = ""
    meta_source: dict[str, str] = field(default_factory=dict)  # field -> "text" | "manifest"
    sections: list[Section] = field(default_factory=list)
    tables: list[LineSpan] = field(default_factory=list)  # line spans of the tables
    indicators: list[Indicator] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # first line (1-based) of each page; [] = no pages
    # when it takes effect, as the text states it ("có hiệu lực thi hành kể từ ngày ký") and as a date
    effective_text: str | None = None
    effective_date: str | None = None  # ISO; the signing date when it takes effect "kể từ ngày ký"
    # the document an appendix or an issued plan goes with ("Kèm theo Kế hoạch số 210/KH-UBND ngày …")
    parent_text: str | None = None
    parent_so_hieu: str | None = None
    parent_date: str | None = None  # ISO

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def span_text(self, span: LineSpan) -> str:
        start, end = span
        return "\n".join(self.lines[start - 1 : end])

    def meta(self) -> dict[str, Any]:
        """Manifest-style metadata (no lines, no records)."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "doc_type": self.doc_type,
            "so_hieu": self.so_hieu,
            "issuer": self.issuer,
            "province": self.province,
            "date_issued": self.date_issued,
            "signer": self.signer,
            "origin": self.origin,
            "content_hash": self.content_hash,
            "meta_source": dict(self.meta_source),
            "effective_text": self.effective_text,
            "effective_date": self.effective_date,
            "parent_text": self.parent_text,
            "parent_so_hieu": self.parent_so_hieu,
            "parent_date": self.parent_date,
            "n_lines": len(self.lines),
            "n_indicators": len(self.indicators),
            "n_tasks": len(self.tasks),
        }


def to_dict(obj: Any) -> dict[str, Any]:
    """Dataclass record to a JSON-ready dict."""
    return asdict(obj)


def _target(d: dict[str, Any]) -> Target:
    value = d.get("value")
    return Target(**{**d, "value": ParsedValue(**value) if value else None})


def indicator_from_dict(d: dict[str, Any]) -> Indicator:
    d = dict(d)
    d["targets"] = [_target(t) for t in d.get("targets", [])]
    d["lines"] = tuple(d.get("lines", (0, 0)))
    return Indicator(**d)


def task_from_dict(d: dict[str, Any]) -> Task:
    d = dict(d)
    if d.get("deadline"):
        d["deadline"] = Deadline(**d["deadline"])
    d["lines"] = tuple(d.get("lines", (0, 0)))
    return Task(**d)


def document_from_dict(d: dict[str, Any]) -> Document:
    """Inverse of asdict(Document)."""
    d = dict(d)
    d["sections"] = [Section(**s) for s in d.get("sections", [])]
    d["tables"] = [tuple(t) for t in d.get("tables", [])]
    d["indicators"] = [indicator_from_dict(i) for i in d.get("indicators", [])]
    d["tasks"] = [task_from_dict(t) for t in d.get("tasks", [])]
    return Document(**d)
