"""Ground truth of a generated document: what a correct reader must give back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ExpTarget:
    period: str  # "2030" or "2026-2030"
    raw: str  # as written in the document ("≥ 85", "-", "trên 85%")
    kind: str = "target"  # "target", or a figure reported beside the targets: "estimate" (ước), "actual" (thực hiện)


@dataclass
class ExpIndicator:
    name: str
    unit: str
    targets: list[ExpTarget]
    lead: str | None = None  # None: the layout does not state one (not checked)
    partners: list[str] | None = None  # None: not checked; [] means none stated
    group: str = ""  # caption the row sits under (not checked)
    kind: str = ""  # percent | count | money | index | rate | qualitative


@dataclass
class ExpDeadline:
    raw: str  # a substring the read deadline's raw text must contain
    end: str | None  # ISO date the task is due (None when recurring)
    recurring: bool = False


@dataclass
class ExpTask:
    title: str  # a distinctive substring of the task's title or body
    lead: str
    partners: list[str] | None  # None: not checked
    deadline: ExpDeadline | None  # None: no deadline stated
    product: str = ""  # checked where read (see compare.task_errors)
    group: str = ""


@dataclass
class ExpMeta:
    so_hieu: str | None
    date_issued: str | None  # ISO
    doc_type: str | None  # "Kế hoạch", "Quyết định", …
    issuer: str | None  # conventional capitals: "Ủy ban nhân dân tỉnh Cao Bằng"
    signer: str | None
    title: str | None  # compared case-insensitively
    province: str | None


META_FIELDS = ("so_hieu", "date_issued", "doc_type", "issuer", "signer", "title", "province")


@dataclass
class Signature:
    lines: list[str]  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str


@dataclass
class Header:
    """What the document's opening block writes (the writers lay it out)."""

    issuer_lines: list[str]  # upper-case, one or two lines: ["ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG"]
    so_line: str  # "Số: 123/KH-UBND"
    place_date: str  # "Cao Bằng, ngày 5 tháng 3 năm 2026"
    type_line: str  # "KẾ HOẠCH"
    subject_lines: list[str]  # the title under the type line
    date_numeric: str  # "05/03/2026" (metadata tables of web sites)


@dataclass
class GenDoc:
    """A generated document: its parts and the expected records."""

    seed: int
    province: str
    unit: str  # "tỉnh" | "thành phố"
    header: Header
    signature: Signature
    meta: ExpMeta
    indicators: list[ExpIndicator] = field(default_factory=list)
    tasks: list[ExpTask] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
