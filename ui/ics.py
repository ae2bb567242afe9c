"""Calendar export (RFC 5545 .ics) of tasks with a due date: one all-day event per task on its deadline."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd

PRODID = "-//Tro ly Ke hoach//Nhiem vu va thoi han//VI"


def _escape(text: object) -> str:
    """TEXT value escaping of RFC 5545 §3.3.11."""
    s = "" if text is None else str(text)
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded with CRLF + space (never inside a UTF-8 character)."""
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > (75 if not out else 74):
            out.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    out.append(cur.decode("utf-8"))
    return "\r\n ".join(out)


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value in (None, "") or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def tasks_calendar(df: pd.DataFrame, due_col: str = "Hạn cuối") -> str:
    """The calendar text: one VEVENT per row with a due date (summary = code + task, description = agencies)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             "X-WR-CALNAME:Nhiệm vụ và thời hạn"]
    for _, row in df.iterrows():
        due = _as_date(row.get(due_col))
        if due is None:
            continue
        code = str(row.get("Mã", "") or "")
        title = str(row.get("Nhiệm vụ", "") or "")
        summary = f"{code} {title}".strip() if code else title
        desc_parts = [f"{k}: {row.get(k)}" for k in ("Tỉnh", "Văn bản", "Chủ trì", "Phối hợp", "Thời hạn (như văn bản)",
                                                     "Trạng thái") if str(row.get(k, "") or "").strip()]
        uid = hashlib.sha1(f"{row.get('Văn bản', '')}|{code}|{title}|{due}".encode()).hexdigest()[:20]
        lines += ["BEGIN:VEVENT", f"UID:{uid}@tro-ly-ke-hoach", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{due:%Y%m%d}", f"DTEND;VALUE=DATE:{due + timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_escape(summary[:250])}", f"DESCRIPTION:{_escape(chr(10).join(desc_parts))}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(ln) for ln in lines) + "\r\n"


def export_ics(df: pd.DataFrame, stem: str = "nhiem-vu") -> str:
    """Write the calendar of the tasks to a temporary .ics file; return its path."""
    out_dir = Path(tempfile.mkdtemp(prefix="kehoach-export-"))
    path = out_dir / f"{stem}-{date.today():%Y%m%d}.ics"
    path.write_bytes(tasks_calendar(df).encode("utf-8"))
    return str(path)
