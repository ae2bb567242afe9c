"""A general grammar of quantities in Vietnamese plans: the units and counted nouns a target is stated in.

Source: the units of the national statistical indicator system (Luật Thống kê, Phụ lục hệ thống chỉ
tiêu thống kê quốc gia) and of socio-economic and education plans — money (đồng, tỷ đồng, USD),
shares (%), people and institutions counted (học sinh, trường, giường bệnh, bác sĩ, lao động, hộ),
area and length, and "per" qualifiers (/người, /năm, /vạn dân, /1.000 dân). Not taken from any one
document: a unit is any of these heads, optionally followed by per-qualifiers.
"""

from __future__ import annotations

import re

# money and measures first: a longer unit must win over its first word
MONEY = ["nghìn tỷ đồng", "ngàn tỷ đồng", "tỷ đồng", "triệu đồng", "nghìn đồng", "đồng", "tỷ USD", "triệu USD", "USD"]
MEASURES = ["km2", "km²", "km", "ha", "héc-ta", "hecta", "m2", "m²", "m3", "tấn", "nghìn tấn", "triệu tấn", "MW",
            "kWh", "triệu kWh", "lít", "kg", "điểm", "bậc"]
# durations and ages ("từ 3 đến 5 tuổi", "trong 5 năm") qualify a target; they are not its unit
# counted nouns (people, institutions, places, things) that follow a number in targets
COUNTED = [
    "lượt khách", "lượt người", "lượt", "người", "học sinh", "sinh viên", "học viên", "trẻ", "giáo viên",
    "cán bộ", "lao động", "bác sĩ", "dược sĩ", "điều dưỡng", "giường bệnh", "giường", "trường", "lớp",
    "phòng học", "cơ sở", "doanh nghiệp", "hợp tác xã", "hộ", "xã", "phường", "thôn", "bản", "huyện",
    "khu", "cụm", "công trình", "dự án", "sản phẩm", "di tích", "thư viện", "trạm", "bệnh viện",
    "huy chương", "giải", "đề tài", "sáng kiến", "tiến sĩ", "thạc sĩ", "chương trình", "mô hình",
    "câu lạc bộ", "đơn vị", "điểm trường", "nhà", "căn hộ", "căn", "km đường", "tuyến",
]
# the counted nouns that are people ("bao nhiêu người" is asked of any of them)
PEOPLE = ["người", "lượt người", "học sinh", "sinh viên", "học viên", "trẻ", "giáo viên", "giảng viên", "nhà giáo",
          "cán bộ", "lao động", "bác sĩ", "dược sĩ", "điều dưỡng", "tiến sĩ", "thạc sĩ", "nghiên cứu sinh",
          "vận động viên"]
UNITS = sorted(MONEY + MEASURES + COUNTED, key=len, reverse=True)
STANDALONE_UNITS = sorted(MONEY + MEASURES, key=len, reverse=True)  # a target without a verb before it
_PER = r"(?:\s*/\s*(?:\d+(?:[.,]\d+)*\s+)?[^\W\d]+(?:\s+[^\W\d]+)?)"  # "/người/năm", "/vạn dân", "/1.000 dân"
UNIT_PATTERN = (r"(?:%(?:\s*/\s*năm)?|(?:" + "|".join(re.escape(u) for u in UNITS) + r")(?!\w)"
                + _PER + r"{0,2})")
MONEY_UNITS = {u.lower() for u in MONEY}
STANDALONE_PATTERN = (r"(?:%(?:\s*/\s*năm)?|(?:" + "|".join(re.escape(u) for u in STANDALONE_UNITS) + r")(?!\w)"
                      + _PER + r"{0,2})")


def quantity_kind(unit: str) -> str:
    """'money', 'share', 'count', 'measure' or '' for a unit as written."""
    u = unit.strip().lower()
    if not u:
        return ""
    if "%" in u or u.startswith(("tỷ lệ", "tỉ lệ", "phần trăm")):
        return "share"
    head = u.split("/")[0].strip()
    if head in MONEY_UNITS or head.endswith("đồng") or "usd" in head:
        return "money"
    if head in {m.lower() for m in MEASURES}:
        return "measure"
    return "count"
