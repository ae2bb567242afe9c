"""Agency names by their general shapes in Vietnamese administrative texts (not by a list of names).

The head words below are the standard forms of state, party and public bodies that appear in
provincial plans, decisions and resolutions ("Sở …", "Ban …", "Ủy ban nhân dân …", "Công an tỉnh",
"Văn phòng …", "Thường trực …", "các sở, ban, ngành …"). Source: the naming conventions of
Nghị định 24/2014/NĐ-CP and 107/2020/NĐ-CP (provincial specialised agencies), Luật Tổ chức chính
quyền địa phương, and the Đảng/Mặt trận bodies named in party documents. A name is recognised by its
head word; what follows is the body's own name, kept as written.
"""

from __future__ import annotations

import re

# head words that open an agency name, longest first within a family (kept accented, matched
# case-insensitively on the accented text so tone differences never merge two different words)
AGENCY_HEADS = [
    "Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND",
    "Thường trực Hội đồng nhân dân", "Thường trực HĐND", "Thường trực Tỉnh ủy", "Thường trực Tỉnh uỷ",
    "Thường trực", "Ban Thường vụ", "Ban Chấp hành", "Ủy ban Mặt trận Tổ quốc", "Ủy ban MTTQ", "Mặt trận Tổ quốc",
    "Ủy ban Kiểm tra", "Đoàn đại biểu Quốc hội", "Đại biểu Hội đồng nhân dân", "Các Ban của Hội đồng nhân dân",
    "Sở", "Ban", "Công an", "Bộ Chỉ huy", "Bộ đội Biên phòng", "Văn phòng", "Thanh tra", "Kho bạc",
    "Cục", "Chi cục", "Phòng", "Trung tâm", "Đài", "Báo", "Bảo hiểm xã hội", "Ngân hàng", "Liên đoàn",
    "Liên minh", "Hội", "Tỉnh đoàn", "Thành đoàn", "Đoàn Thanh niên", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy",
    "Đảng ủy", "Đảng uỷ", "Đảng đoàn", "Ban cán sự", "Trường", "Học viện", "Đại học", "Viện", "Bệnh viện",
    "Quỹ", "Tổng công ty", "Công ty", "Chủ tịch", "Giám đốc", "Thủ trưởng", "Người đứng đầu",
    "Chánh Văn phòng", "Chánh Thanh tra",
    "Các sở", "các sở", "Các cơ quan", "Các đơn vị", "Các địa phương", "Các cấp", "Các tổ chức",
    "Các Ban", "Các ban", "Các hội", "Các trường", "Các cơ sở", "Các phòng", "Công đoàn",
]
_HEAD = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted(AGENCY_HEADS, key=len, reverse=True)) + r")(?=\s|,|$)",
    re.IGNORECASE,
)
# words that, after a head word, say it is not a body ("Ban hành", "Phòng chống", "Hội nhập" …)
_NOT_BODY = re.compile(
    r"^(?:ban hành|phòng (?:chống|ngừa|tránh)|hội (?:nhập|nghị|thảo|đủ)|trường hợp|báo cáo|cục bộ|"
    r"đài thọ|quỹ đất|trung tâm (?:của|là)|sở hữu|sở dĩ|thường trực (?:tiếp|xuyên))\b",
    re.IGNORECASE,
)


def is_agency(text: str) -> bool:
    """Whether a phrase opens with the shape of an agency name."""
    text = text.strip(" -–+•*:;,.")
    # a name is capitalised ("Sở …", "UBND …"); only the collective "các sở, ban, ngành" is not
    if not text or not (text[0].isupper() or text.lower().startswith("các ")):
        return False
    return bool(_HEAD.match(text)) and not _NOT_BODY.match(text)


# heads that are not a body by themselves: the name follows them ("Sở" + "Y tế", "Văn phòng" + "UBND tỉnh")
_NEEDS_NAME = {"sở", "ban", "văn phòng", "phòng", "cục", "chi cục", "trung tâm", "ủy ban nhân dân", "uỷ ban nhân dân",
               "ubnd", "hội đồng nhân dân", "hđnd", "ban quản lý", "bộ chỉ huy", "đài", "báo", "hội", "liên đoàn",
               "kho bạc", "thanh tra", "công an", "bảo hiểm xã hội", "trường", "viện", "bệnh viện", "các"}


def is_bare_head(text: str) -> bool:
    """'Văn phòng', 'Sở', 'Ủy ban nhân dân': a head word with nothing after it (a name cut by a line break)."""
    return text.strip().lower() in _NEEDS_NAME


def split_agencies(text: str) -> list[str]:
    """'Sở Y tế, Sở Tài chính và UBND các xã' → each name; commas inside 'các sở, ban, ngành' kept."""
    text = re.sub(r"\s+", " ", text).strip(" .;:")
    if not text:
        return []
    # "và" joins two bodies only when a body's name follows it ("Sở Giáo dục và Đào tạo" is one name)
    parts = [p for chunk in re.split(r"\s*[;,]\s*", text) for p in _split_and(chunk)]
    out: list[str] = []
    for part in parts:
        part = part.strip(" .")
        if not part:
            continue
        # a part that is not a body's name continues the name before it: "các sở, ban, ngành",
        # "Sở Văn hóa, Thể thao và Du lịch"
        if out and not is_agency(part):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def _split_and(text: str) -> list[str]:
    parts = re.split(r"\s+(?:và|cùng)\s+", text)
    out = [parts[0]]
    for part in parts[1:]:
        if is_agency(part):
            out.append(part)
        else:
            out[-1] = f"{out[-1]} và {part}"
    return out
