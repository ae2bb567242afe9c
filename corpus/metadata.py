"""Document metadata stated in the text: title, type, số hiệu, date, issuer, signer, province."""

from __future__ import annotations

import re

from corpus.provinces import find_provinces
from corpus.sections import heading
from corpus.textnorm import fold

_TYPES = ["Nghị quyết", "Quyết định", "Kế hoạch", "Đề án", "Chương trình", "Phụ lục", "Danh mục",
          "Báo cáo", "Thông báo", "Chỉ thị", "Công văn", "Tờ trình"]
_ISSUER = re.compile(
    r"^(TỈNH ỦY|THÀNH ỦY|HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UBND|SỞ|BAN THƯỜNG VỤ|BỘ)\b.*", re.IGNORECASE
)
_POSITION_RE = re.compile(
    r"^(T/M|TM\.?|KT\.?|Q\.|TL\.?|CHỦ TỊCH|PHÓ CHỦ TỊCH|BÍ THƯ|PHÓ BÍ THƯ|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|TRƯỞNG BAN)\b"
)
# the same titles without their marks: OCR of a scan often drops one ("CHU TỊCH"), which must not be read as
# the signer's name
_POSITION_FOLDED = re.compile(r"^(?:pho\s+)?(?:chu tich|bi thu|giam doc|truong ban)\b")


def _is_position(line: str) -> bool:
    """A signature block's position line ('TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', OCR's 'CHU TỊCH')."""
    return bool(_POSITION_RE.match(line) or (line.isupper() and _POSITION_FOLDED.match(fold(line))))


def _is_person_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)

# the field names of the metadata tables that legal-document web sites print (folded)
_KV_KEYS = {
    "so hieu": "so_hieu",
    "so ky hieu": "so_hieu",
    "so, ky hieu": "so_hieu",
    "ngay ban hanh": "date_issued",
    "ngay ky": "date_issued",
    "nguoi ky": "signer",
    "co quan ban hanh": "issuer",
    "noi ban hanh": "issuer",
    "loai van ban": "doc_type",
    "trich yeu": "title",
    "ten van ban": "title",
}
# the national motto lines that share a row with the issuer in two-column headers
_MOTTO = re.compile(r"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM"
                    r"|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.IGNORECASE)
_PLACE_LINE = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|ĐẶC KHU)\b")


def _date(text: str) -> str | None:
    """'ngày 11 tháng 12 năm 2025' / '11/12/2025' → ISO; a blank day gives 'YYYY-MM', blank month 'YYYY'."""
    m = re.search(r"ngày\s*(\d{1,2})?\s*(?:tháng|/)\s*(\d{1,2})?\s*(?:năm|/)\s*((?:19|20)\d{2})", text, re.I)
    if not m:
        m = re.search(r"\b(\d{1,2})?/(\d{1,2})/((?:19|20)\d{2})\b", text)
    if not m:
        return None
    day, month, year = m.group(1), m.group(2), m.group(3)
    if month and day:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if month:
        return f"{year}-{int(month):02d}"
    return year


def _key_values(lines: list[str]) -> dict[str, str]:
    """Fields of a metadata table ('Số hiệu<TAB>68/NQ-HĐND') such as web sites print."""
    out: dict[str, str] = {}
    for line in lines[:60]:
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2 or len(cells) % 2:
            continue
        for key, value in zip(cells[::2], cells[1::2], strict=False):  # "Số hiệu | … | Loại văn bản | …"
            field_name = _KV_KEYS.get(fold(key).rstrip(" :"))
            if field_name and value and field_name not in out:
                out[field_name] = value
    return out


def _so_hieu(lines: list[str]) -> str | None:
    """The number on the 'Số: 68/NQ-HĐND' line; None when the form leaves it blank."""
    for line in lines:
        m = re.match(r"\s*Số(?:\s*hiệu)?\s*:?\s*(\d+[\w/.-]*/[\wĐ-]+)", line)
        if m:
            return m.group(1)
    return None


def _issued(lines: list[str]) -> str | None:
    """Date on the 'Nơi, ngày … tháng … năm …' line, else the date of the plan an appendix is attached to."""
    for line in lines:
        m = re.search(r"(?:^|\s)[^,\d\t]{2,40},\s*ngày\b.*", line[:400])
        if m and _date(m.group(0)):
            return _date(m.group(0))
    for line in lines:
        if re.match(r"^\s*\(Kèm theo", line) or _ATTACHED_INLINE.search(line):
            return _date(re.sub(r"[“\"][^”\"]*[”\"]", "", line))
    return None


def _title(lines: list[str]) -> tuple[str | None, str | None]:
    """(title, doc type) from the type line ('KẾ HOẠCH', 'Phụ lục', …) and the subject after it."""
    first = _capitals_type_line(lines)
    for i, line in enumerate(lines[: max(30, (first or 0) + 1)]):
        if first is not None and i < first:
            continue
        stripped = line.strip()
        for t in _TYPES:
            numbered = t == "Phụ lục" and re.fullmatch(r"phu luc(?: so)? (?:[ivxlc]{1,5}|\d{1,3}[a-z]?)", fold(stripped))
            if (len(stripped) <= 40 and (fold(stripped) == fold(t) or numbered)) or stripped.startswith(t.upper() + " "):
                parts = [stripped]
                following = lines[i + 1 : i + 6]
                if len(stripped) <= 40 and following and not following[0].strip():
                    following = following[1:]  # the type line set apart from its subject by a blank line
                for nxt in following[:4]:
                    nxt = nxt.strip()
                    if not nxt or nxt.startswith(("(", "-", "–", "_", "*")) or "\t" in nxt:
                        break
                    # the subject ends before a heading, a "Căn cứ" line, or a capitals line (the
                    # enacting body "HỘI ĐỒNG NHÂN DÂN …", a caption) under a subject in sentence case
                    if heading(nxt[:200]) or fold(nxt[:10]).startswith("can cu") or (
                        len(parts) > 1 and nxt.isupper() and not parts[-1].isupper()
                    ):
                        break
                    # the subject (trích yếu) under the type line carries no final punctuation:
                    # a line ending a sentence or a clause is the body that follows it
                    based = re.search(r"\s(?:Căn cứ|Xét đề nghị)\s", nxt)
                    if based and len(parts) == 1:  # the subject and the first "Căn cứ …" run into one line (OCR)
                        parts.append(nxt[: based.start()])
                        break
                    if nxt.endswith((":", ";")) or (len(parts) > 1 and nxt.endswith(".") and nxt[:1].isupper()):
                        break
                    attached = re.search(r"\s\((?:Ban hành )?[Kk]èm theo\b", nxt)
                    if attached:  # "CÁC CHỈ TIÊU … (Kèm theo Kế hoạch số …)" run into one line: the title ends there
                        parts.append(nxt[: attached.start()])
                        break
                    parts.append(nxt)
                title = " ".join(_sentence_case(p) if p.isupper() else _lower_caps_head(p) for p in parts)
                return _restore_names(re.sub(r"\s+", " ", title[:1].upper() + title[1:])), t
    # a title on one line ("Đề án Về …" in a web page's heading) before the first numbered heading
    for line in lines[:30]:
        line = line.strip()
        if heading(line):
            break
        for t in _TYPES:
            rest = line[len(t):].strip()
            if (len(line) < 250 and fold(line).startswith(fold(t) + " ") and not line.endswith((":", ";"))
                    and (rest[:1].isupper() or re.match(r"(?:số|về|v/v)\b", rest, re.IGNORECASE))
                    and " này" not in line):
                return line, t
    return None, None


def _capitals_type_line(lines: list[str]) -> int | None:
    """The index of the document's own type line written in capitals ("KẾ HOẠCH") under its two-column head
    (after the "Số: …" line or the quốc hiệu), when a line before it only names a type in sentence case (a web
    page's menu item "Thông báo" over "Lịch công tác"); None otherwise."""
    types = {fold(t) for t in _TYPES}
    earlier = False
    head_seen = False
    for i, line in enumerate(lines[:80]):
        stripped = line.strip()
        if re.match(r"^(?:Số|So)\s*:", stripped) or stripped.startswith("CỘNG HÒA") or stripped.startswith("CỘNG HOÀ"):
            head_seen = True
        if len(stripped) > 40 or fold(stripped) not in types:
            continue
        if stripped.isupper():
            return i if earlier and head_seen else None
        earlier = True
    return None


def _sentence_case(text: str) -> str:
    """'CÁC CHỈ TIÊU CỦA KẾ HOẠCH SỐ 43-KH/TU' → 'các chỉ tiêu của kế hoạch số 43-KH/TU' (codes kept)."""
    return " ".join(w if re.search(r"[\d/-]", w) or re.fullmatch(r"[IVX]{1,4}", w) else w.lower()
                    for w in text.split())


def _lower_caps_head(text: str) -> str:
    """'KẾ HOẠCH thực hiện …' → 'kế hoạch thực hiện …': the upper-case type words at the start."""
    words = text.split()
    k = 0
    while k < len(words) and words[k].isupper() and words[k].isalpha() and len(words[k]) > 1:
        k += 1
    return " ".join([w.lower() for w in words[:k]] + words[k:]) if k < len(words) else text


# state and party bodies as they are conventionally capitalised
_BODIES = ["Ban Chấp hành Trung ương", "Ban Thường vụ", "Ban Bí thư", "Bộ Chính trị", "Tỉnh ủy", "Thành ủy",
           "Ủy ban nhân dân", "Hội đồng nhân dân", "Chính phủ", "Quốc hội", "Thủ tướng Chính phủ"]


def _restore_names(text: str) -> str:
    """Capitalise names that upper-case titles lost ('ban thường vụ tỉnh ủy cao bằng' →
    'Ban Thường vụ Tỉnh ủy Cao Bằng'): provinces and the usual state and party bodies."""
    for body in _BODIES:
        text = re.sub(rf"(?<!\w){re.escape(body)}(?!\w)", body, text, flags=re.IGNORECASE)
    for mention in reversed(find_provinces(text)):
        start = mention.start
        end = start + len(mention.surface)
        name = re.sub(r"^(Thành Phố|Tỉnh) ", lambda m: m.group(1).lower() + " ", mention.surface.title())
        text = text[:start] + name + text[end:]
    return text


def _component_case(name: str) -> str:
    """'Sở giáo dục và đào tạo' → 'Sở Giáo dục và Đào tạo': a specialised body's name capitalises the
    first word of each field it names (the convention for Sở/Ban/Phòng/Cục/Bộ/Chi cục/Trung tâm)."""
    m = re.match(r"^(Sở|Ban|Phòng|Cục|Chi cục|Bộ|Vụ|Trung tâm)\s+(.*)$", name)
    if not m or re.match(r"(?:nhân dân|thường vụ|chấp hành)\b", m.group(2)):
        return name
    parts = re.split(r"(\s+và\s+|,\s+)", m.group(2))
    fields = [p[:1].upper() + p[1:] if k % 2 == 0 else p for k, p in enumerate(parts)]
    return f"{m.group(1)} {''.join(fields)}"


def _on_behalf_of(lines: list[str]) -> str | None:
    """The collective body a document is signed for: 'T/M BAN THƯỜNG VỤ' → 'Ban Thường vụ'."""
    for line in lines:
        m = re.match(r"^\s*(?:T/M|TM\.?)\s+(.+?)\s*$", line)
        if m and m.group(1).isupper() and len(m.group(1)) < 60:
            words = m.group(1).lower().split()
            return " ".join(w.capitalize() if i < 2 else w for i, w in enumerate(words))
    return None


def _issuer(lines: list[str]) -> str | None:
    head = [_MOTTO.sub("", ln).strip() for ln in lines[:30]]
    head = [ln for ln in head if ln]
    for k, line in enumerate(head):
        if "\t" not in line and _ISSUER.match(line) and line.isupper() and len(line) < 80:
            nxt = head[k + 1] if k + 1 < len(head) else ""
            if nxt.isupper() and "\t" not in nxt and len(nxt) < 80:
                if _PLACE_LINE.match(nxt) and not _PLACE_LINE.search(line[1:]):
                    line = f"{line} {nxt}"  # "ỦY BAN NHÂN DÂN" / "TỈNH NINH BÌNH"
                elif _ISSUER.match(nxt) and re.match(r"^(?:SỞ|BAN|PHÒNG|VĂN PHÒNG|CHI CỤC|CỤC)\b", nxt):
                    line = nxt  # "UBND TỈNH X" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO": the body under its superior issues it
            name = _sentence_case(line)
            name = _restore_names(_component_case(name[:1].upper() + name[1:]))
            # "ỦY BAN NHÂN DÂN / PHƯỜNG NINH KIỀU": a commune's or ward's name is a proper name, capitalised
            name = re.sub(r"\b(xã|phường|thị trấn|đặc khu) (\w.*)$", lambda m: f"{m.group(1)} {m.group(2).title()}", name)
            body = _on_behalf_of(lines)
            # "T/M BAN THƯỜNG VỤ" under "TỈNH ỦY LÀO CAI": the body that issues it is the standing committee
            if body and fold(body) not in fold(name) and not fold(name).startswith(fold(body)):
                name = _restore_names(f"{body} {name[:1].lower() + name[1:]}")
            return name
    for line in head:
        inline = _ATTACHED_INLINE.search(line)
        if line.startswith("(Kèm theo") or inline:
            line = line[inline.start():].strip() if inline and not line.startswith("(Kèm theo") else line
            unquoted = re.sub(r"[“\"][^”\"]*[”\"]", "", line)  # a quoted title is not the issuer
            m = re.search(r"\bcủa (.+?)\)?$", unquoted)
            return m.group(1).strip() if m else None
    return None


# lines a signature block may hold between the position and the name
_SIGN_NOISE = re.compile(r"^\(?(?:đã ký|ký|đã ký và đóng dấu|ký tên|ký, ghi rõ họ tên|chữ ký số)\b.*\)?$|^\[.*\]$",
                         re.IGNORECASE)


# an item of the distribution list ("- Ủy ban Thường vụ Quốc hội;", "- Lưu: VT.", "Nơi nhận:")
_RECIPIENT = re.compile(r"^(?:[-–+•*]\s*\S.*|Nơi nhận\s*:?.*)$")


def _signer(lines: list[str]) -> str | None:
    """The name under the last position line of a signature block (TM./KT./CHỦ TỊCH …)."""
    found = None
    for i, line in enumerate(lines):
        # the block may stand in a column beside "Nơi nhận" (cells of one line: "Nơi nhận:\tKT. GIÁM ĐỐC")
        if any(_is_position(cell) for cell in _cells(line)):
            found = _name_below(lines[i + 1 : i + 14]) or found
    return found


def _cells(line: str) -> list[str]:
    """The columns of a line: tab-separated cells, and a "Nơi nhận:" heading set apart from the block printed
    beside it on the same line (OCR and PDF text give "Nơi nhận: CHỦ TỊCH")."""
    cells = []
    for cell in line.split("\t"):
        m = re.match(r"^(Nơi\s*nhận\s*:)\s*(\S.*)$", cell.strip())
        cells.extend([m.group(1), m.group(2)] if m else [cell.strip()])
    return cells


def _name_below(lines: list[str]) -> str | None:
    """The first cell under a position line that is not noise, a position or a recipient: the name, if it is
    one ("" if something else comes first)."""
    for line in lines:
        for nxt in _cells(line):
            # a "Nơi nhận" list printed beside the block interleaves its items ("- Chính phủ;") with it
            if not nxt or _SIGN_NOISE.match(nxt) or _is_position(nxt) or _RECIPIENT.match(nxt):
                continue
            if len(nxt) <= 4 and sum(ch.isalpha() for ch in nxt) <= 2:
                continue  # a scribble or a stamp's fragment read as text ("\⁄Z", "~"), not a name
            if _is_person_name(nxt):
                return nxt
            if nxt.isupper() and _is_person_name(nxt.title()) and not _ISSUER.match(nxt):
                return nxt.title()
            return ""
    return None


def read_metadata(lines: list[str]) -> dict[str, str | None]:
    """Metadata fields found in the text; a field is absent when the text does not state it."""
    kv = _key_values(lines)
    head_text = "\n".join(ln[:300] for ln in lines[:40] if "\t" not in ln)
    out: dict[str, str | None] = {}
    title, doc_type = _title([ln for ln in lines if "\t" not in ln])
    if title or kv.get("title"):
        out["title"] = title or kv["title"]
    if kv.get("doc_type") or doc_type:
        out["doc_type"] = kv.get("doc_type") or doc_type
    head = [ln for ln in lines[:40] if "\t" not in ln]
    so_hieu = kv.get("so_hieu") or _so_hieu(head)
    if so_hieu:
        out["so_hieu"] = so_hieu
    date = _date(kv["date_issued"]) if kv.get("date_issued") else _issued(head)
    if date:
        out["date_issued"] = date
    issuer = _issuer(lines) or kv.get("issuer")
    if issuer:
        out["issuer"] = issuer
    signer = kv.get("signer") or _signer(lines)
    if signer:
        out["signer"] = signer
    scope = " ".join(filter(None, [out.get("title"), issuer, head_text]))
    provinces = find_provinces(scope)
    if provinces:
        out["province"] = provinces[0].province
    return out


# "Quyết định này có hiệu lực thi hành kể từ ngày ký", "… có hiệu lực từ ngày 01 tháng 01 năm 2026" (the
# closing article of decisions and resolutions, Luật Ban hành văn bản quy phạm pháp luật)
_EFFECTIVE = re.compile(
    r"(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+(?:ngày\s+ký(?:\s+ban\s+hành)?"
    r"|ngày\s+\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*(?:19|20)\d{2}|/\s*\d{1,2}\s*/\s*(?:19|20)\d{2})"
    r"|ngày\s+thông\s+qua)",
    re.IGNORECASE,
)
# "(Kèm theo Kế hoạch số 210/KH-UBND ngày 26/12/2025 của UBND tỉnh …)", "(Ban hành kèm theo Quyết định số …)"
_ATTACHED = re.compile(r"^\(?\s*(?:Ban hành\s+)?kèm theo\s+(?P<text>.+?)\)?\s*$", re.IGNORECASE)
# the same in brackets at the end of a caption line ("CÁC CHỈ TIÊU … 2026-2030 (Kèm theo Kế hoạch số …)")
_ATTACHED_INLINE = re.compile(r"\s\(\s*(?:Ban hành\s+)?kèm theo\s+(?P<text>[^()]+?)\)\s*$", re.IGNORECASE)


def effective(lines: list[str], issued: str | None) -> tuple[str | None, str | None]:
    """(the words that say when the document takes effect, that date as ISO) or (None, None)."""
    for line in lines:
        m = _EFFECTIVE.search(line)
        if not m:
            continue
        phrase = m.group(0)
        if re.search(r"ngày\s+(?:ký|thông\s+qua)", phrase, re.IGNORECASE):
            return phrase, issued
        return phrase, _date(phrase)
    return None, None


def attached_to(lines: list[str], own_so_hieu: str | None) -> tuple[str | None, str | None, str | None]:
    """(text, số hiệu, ISO date) of the document an appendix is attached to, from its '(Kèm theo …)' line;
    a line naming the document itself (a decision and the plan it issues in one file) is not a parent."""
    for line in lines[:80]:
        m = _ATTACHED.match(line.strip()) or _ATTACHED_INLINE.search(line)
        if not m or "\t" in line:
            continue
        text = m.group("text").strip()
        unquoted = re.sub(r"[“\"][^”\"]*[”\"]", "", text)  # a number or date inside a quoted title is not its own
        num = re.search(r"\bsố\s*(\d+[\w.-]*/[\wĐ/-]+)", unquoted, re.IGNORECASE)
        so_hieu = num.group(1).rstrip(",.") if num else None
        if so_hieu and own_so_hieu and fold(so_hieu) == fold(own_so_hieu):
            return None, None, None
        return text, so_hieu, _date(unquoted)
    return None, None, None
