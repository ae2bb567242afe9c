"""Uploads in the Văn bản tab: check type and size first, then ingest, then explain the outcome in Vietnamese."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.readers import SUPPORTED, SUPPORTED_TEXT, CorpusError
from corpus.settings import Settings
from ui.render import esc_md

UPLOAD_TYPES = sorted(SUPPORTED)  # every kind corpus.readers reads
ERROR_HINTS = {
    "unsupported": f"Hãy lưu văn bản dưới một trong các dạng {SUPPORTED_TEXT} rồi tải lên lại.",
    "too_large": "Hãy tách văn bản thành các phần nhỏ hơn, hoặc chỉ tải phần phụ lục chỉ tiêu.",
    "empty": "Tệp không có nội dung; hãy kiểm tra lại tệp gốc.",
    "no_text": "Nếu là PDF scan (ảnh chụp), hãy dùng bản Word/PDF có lớp chữ.",
    "corrupt": "Hãy mở tệp bằng Word/trình đọc PDF, lưu lại rồi tải lên lần nữa.",
}


@dataclass
class UploadResult:
    accepted: list[Path] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"file", "reason", "code"}
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # replaced on purpose (the replace option)
    unchanged: list[str] = field(default_factory=list)
    renamed: list[dict] = field(default_factory=list)  # {"file", "doc_id", "collides_with"}

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def human_size(n: int) -> str:
    """'512 byte', '4,9 KB', '20 MB'."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return f"{n} byte"


def check_upload(path: Path, settings: Settings) -> dict | None:
    """An error dict for a file that must not be ingested (type, emptiness, size), else None."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        shown = suffix or "không có đuôi"
        return {"file": name, "code": "unsupported",
                "reason": f"Không nhận tệp «{name}»: định dạng «{shown}» không được hỗ trợ "
                          f"(chỉ nhận {SUPPORTED_TEXT})."}
    if not path.is_file():
        return {"file": name, "code": "missing", "reason": f"Không tìm thấy tệp «{name}» vừa tải lên."}
    size = path.stat().st_size
    if size == 0:
        return {"file": name, "code": "empty", "reason": f"Không nhận tệp «{name}»: tệp rỗng (0 byte)."}
    if size > settings.max_file_bytes:
        return {"file": name, "code": "too_large",
                "reason": f"Không nhận tệp «{name}»: tệp quá lớn ({human_size(size)}), "
                          f"giới hạn là {human_size(settings.max_file_bytes)}."}
    return None


def _stage(paths: list[Path]) -> tuple[Path, list[Path]]:
    """Copy uploads into a private folder under their own names (doc ids come from file names)."""
    stage = Path(tempfile.mkdtemp(prefix="kehoach-upload-"))
    out = []
    for p in paths:
        dest = stage / p.name
        shutil.copyfile(p, dest)
        out.append(dest)
    return stage, out


def ingest_uploads(paths: list[Path], settings: Settings, ingest_fn: Callable[..., object],
                   on_progress: Callable[[float, str], None] | None = None,
                   replace: str | None = None) -> UploadResult:
    """Check every file, ingest the good ones with ingest_fn(paths, on_progress=…[, replace=doc_id]) →
    IngestReport. An upload never replaces a document unless `replace` names it (then one file only);
    a file named like an existing document becomes a new document with a suffixed id."""
    result = UploadResult()
    for p in paths:
        err = check_upload(p, settings)
        (result.errors.append(err) if err else result.accepted.append(p))
    if replace and len(result.accepted) != 1:
        if result.accepted:
            result.errors.append({"file": ", ".join(p.name for p in result.accepted), "code": "replace_one",
                                  "reason": f"Thay thế văn bản «{replace}» cần đúng một tệp; đã chọn "
                                            f"{len(result.accepted)} tệp, chưa nạp tệp nào."})
        result.accepted = []
    if not result.accepted:
        return result
    stage, staged = _stage(result.accepted)
    try:
        report = ingest_fn(staged, on_progress=on_progress, **({"replace": replace} if replace else {}))
    except CorpusError as exc:
        result.errors.append({"file": Path(exc.path).name, "reason": str(exc), "code": exc.code})
        return result
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    result.added = list(report.added)
    result.updated = list(report.updated)
    result.unchanged = list(report.unchanged)
    result.renamed = list(getattr(report, "renamed", []))
    for e in report.errors:
        result.errors.append({"file": Path(e.get("file", "")).name, "reason": e.get("reason", ""),
                              "code": e.get("code", "")})
    return result


def summary_markdown(result: UploadResult, titles: dict[str, str]) -> str:
    """What happened, in Vietnamese: added/updated/unchanged documents and every error with a hint."""
    lines = []
    for doc_id in result.added:
        lines.append(f"✅ Đã thêm văn bản **{esc_md(titles.get(doc_id, doc_id))}** (`{doc_id}`) — có thể hỏi ngay.")
    for r in result.renamed:
        lines.append(f"ℹ️ Tệp «{esc_md(r['file'])}» trùng tên với văn bản đã có `{r['collides_with']}`: đã thêm "
                     f"thành văn bản mới `{r['doc_id']}`, văn bản cũ giữ nguyên. Muốn thay thế văn bản cũ, chọn nó "
                     "ở ô «Thay thế văn bản» rồi nạp lại tệp.")
    for doc_id in result.updated:
        lines.append(f"🔄 Đã thay thế văn bản **{esc_md(titles.get(doc_id, doc_id))}** (`{doc_id}`) theo yêu cầu; "
                     "bản cũ được lưu lại trong nhật ký thay đổi.")
    for doc_id in result.unchanged:
        lines.append(f"➖ Văn bản `{doc_id}` đã có trong kho, nội dung không đổi.")
    for e in result.errors:
        hint = ERROR_HINTS.get(e.get("code", ""), "")
        lines.append(f"❌ {esc_md(e['reason'])}" + (f" {hint}" if hint else ""))
    if result.errors and not result.changed:
        lines.append("Kho văn bản không thay đổi.")
    return "\n\n".join(lines) or "Chưa chọn tệp nào."
