"""Abbreviations common in Vietnamese administrative and education documents, both ways."""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.textnorm import fold, has_diacritics

# abbreviation → long form (general usage in Vietnamese state documents, not one corpus)
ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "TW": "Trung ương",
    "KT-XH": "kinh tế - xã hội",
    "KTXH": "kinh tế - xã hội",
    "GDĐT": "giáo dục và đào tạo",
    "GD&ĐT": "giáo dục và đào tạo",
    "SGDĐT": "Sở Giáo dục và Đào tạo",
    "Sở GDĐT": "Sở Giáo dục và Đào tạo",
    "Bộ GDĐT": "Bộ Giáo dục và Đào tạo",
    "GDMN": "giáo dục mầm non",
    "GDTH": "giáo dục tiểu học",
    "GDTrH": "giáo dục trung học",
    "GDPT": "giáo dục phổ thông",
    "GDTX": "giáo dục thường xuyên",
    "GDNN": "giáo dục nghề nghiệp",
    "GDNN-GDTX": "giáo dục nghề nghiệp - giáo dục thường xuyên",
    "CTHSSV": "công tác học sinh, sinh viên",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "TH": "tiểu học",
    "MN": "mầm non",
    "PTDTNT": "phổ thông dân tộc nội trú",
    "PTDTBT": "phổ thông dân tộc bán trú",
    "CSGD": "cơ sở giáo dục",
    "HDI": "chỉ số phát triển con người",
    "GII": "chỉ số đổi mới sáng tạo toàn cầu",
    "PII": "chỉ số đổi mới sáng tạo",
    "DTI": "chỉ số chuyển đổi số",
    "PAR Index": "chỉ số cải cách hành chính",
    "PCI": "chỉ số năng lực cạnh tranh cấp tỉnh",
    "GRDP": "tổng sản phẩm trên địa bàn",
    "FDI": "đầu tư trực tiếp nước ngoài",
    "ODA": "hỗ trợ phát triển chính thức",
    "CSVC": "cơ sở vật chất",
    "KH&CN": "khoa học và công nghệ",
    "KHCN": "khoa học và công nghệ",
    "KHCB": "khoa học cơ bản",
    "KT&CN": "kỹ thuật và công nghệ",
    "KHKT": "khoa học kỹ thuật",
    "GDBB": "giáo dục bắt buộc",
    "PCGD": "phổ cập giáo dục",
    "XMC": "xóa mù chữ",
    "ĐVT": "đơn vị tính",
    "ĐMST": "đổi mới sáng tạo",
    "CĐS": "chuyển đổi số",
    "CNTT": "công nghệ thông tin",
    "AI": "trí tuệ nhân tạo",
    "R&D": "nghiên cứu phát triển",
    "TTHC": "thủ tục hành chính",
    "HTQT": "hợp tác quốc tế",
    "NSNN": "ngân sách nhà nước",
    "NN2": "ngoại ngữ 2",  # the second foreign language of the 2018 general curriculum (Thông tư 32/2018/TT-BGDĐT)
    "DVC": "dịch vụ công",
    "DVCTT": "dịch vụ công trực tuyến",
    "NTM": "nông thôn mới",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "XNK": "xuất nhập khẩu",
    "ĐH": "đại học",
    "CĐ": "cao đẳng",
    "TC": "trung cấp",
    "NCKH": "nghiên cứu khoa học",
    "STEM": "khoa học, công nghệ, kỹ thuật, toán học",
    "NQ": "nghị quyết",
    "KH": "kế hoạch",
    "TU": "tỉnh ủy",
}
# case-sensitive for short ones so "th" in running text is not taken for "TH"
_PATTERNS = [
    (re.compile(rf"(?<![\w&]){re.escape(abbr)}(?![\w&])"), abbr, long)
    for abbr, long in sorted(ABBREVIATIONS.items(), key=lambda kv: len(kv[0]), reverse=True)
]
_LONG = [(fold(long), abbr) for abbr, long in ABBREVIATIONS.items()]


@lru_cache(maxsize=65536)  # record texts are expanded again for every question
def expand(text: str) -> str:
    """The text plus the long forms of abbreviations and the abbreviations of long forms it contains."""
    extra: list[str] = []
    for pat, abbr, long in _PATTERNS:
        if len(abbr) <= 2 and abbr not in {"AI", "TW"}:
            continue  # too ambiguous to expand blindly (TH, MN, KH, TC…)
        if pat.search(text) or (len(abbr) >= 3 and pat.search(text.upper())):
            extra.append(long)
    folded = fold(text)
    for long, abbr in _LONG:
        if long in folded:
            extra.append(abbr)
    if not extra:
        return text
    return f"{text} ({'; '.join(dict.fromkeys(extra))})"


_IN_PLACE = re.compile(r"(?<![\w&/-])(" + "|".join(sorted((re.escape(k) for k in ABBREVIATIONS if len(k) >= 3),
                                                         key=len, reverse=True)) + r")(?![\w&/-])")


def long_forms(text: str) -> str:
    """Abbreviations read in place as the words they stand for ('CĐS' → 'chuyển đổi số'), so they weigh as those
    words (three letters or more: shorter ones are too ambiguous)."""
    return _IN_PLACE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)


# short forms people type in questions; spelled out only when typed in capitals as a whole word
TYPED_SHORT_FORMS: dict[str, str] = {
    # the provincial departments as officials shorten them (names after Nghị định 45/2025/NĐ-CP on the
    # specialised agencies of provincial People's Committees); longer than "NV", "TC"… so they are read first
    "Sở NV": "Sở Nội vụ",
    "Sở TC": "Sở Tài chính",
    "Sở YT": "Sở Y tế",
    "Sở XD": "Sở Xây dựng",
    "Sở TP": "Sở Tư pháp",
    "Sở CT": "Sở Công Thương",
    "Sở KHCN": "Sở Khoa học và Công nghệ",
    "Sở KH&CN": "Sở Khoa học và Công nghệ",
    "Sở VHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "Sở NNMT": "Sở Nông nghiệp và Môi trường",
    "Sở NN&MT": "Sở Nông nghiệp và Môi trường",
    "Sở DTTG": "Sở Dân tộc và Tôn giáo",
    "Sở NgV": "Sở Ngoại vụ",
    "SGD": "Sở Giáo dục và Đào tạo",
    "sgd": "Sở Giáo dục và Đào tạo",
    "HS": "học sinh",
    "GV": "giáo viên",
    "SV": "sinh viên",
    "CBCC": "cán bộ, công chức",
    "CBQL": "cán bộ quản lý",
    "CBVC": "cán bộ, viên chức",
    "QG": "quốc gia",
    "SP": "sản phẩm",
    "PT": "phổ thông",
    "NC": "nghiên cứu",
    "DN": "doanh nghiệp",
    "LĐ": "lao động",
    "CQ": "cơ quan",
    "PL": "phụ lục",
    "PC": "phổ cập",
    "CSDL": "cơ sở dữ liệu",
    "CSDLQG": "cơ sở dữ liệu quốc gia",
    "CSGDNN": "cơ sở giáo dục nghề nghiệp",
    "CSGDPT": "cơ sở giáo dục phổ thông",
    "GD": "giáo dục",
    "ĐT": "đào tạo",
    "CT": "chương trình",
    "KT": "kinh tế",
    "XH": "xã hội",
    "TP": "thành phố",
    "NV": "nhiệm vụ",
    "CĐ": "cao đẳng",
    "ĐH": "đại học",
    "TH": "tiểu học",
    "MN": "mầm non",
    "KH": "kế hoạch",
    "NQ": "nghị quyết",
    "QĐ": "quyết định",
    "TU": "tỉnh ủy",
    "ĐA": "đề án",
    "BTV": "Ban Thường vụ",
    "UB": "Ủy ban",
    # the sectors of GRDP as statistical yearbooks group them (Niên giám thống kê: "Nông, lâm nghiệp và thủy
    # sản", "Công nghiệp và xây dựng", "Dịch vụ"); "CN" alone is left out (công nghiệp or công nghệ)
    "KV": "khu vực",
    "DV": "dịch vụ",
    "NLN": "nông, lâm nghiệp",
    "NLTS": "nông, lâm nghiệp và thủy sản",
    "CN-XD": "công nghiệp - xây dựng",
    "CNXD": "công nghiệp - xây dựng",
}
_TYPED = re.compile(r"(?<![\w&/-])(" + "|".join(sorted(map(re.escape, TYPED_SHORT_FORMS), key=len, reverse=True))
                    + r")(?=\d|[^\w&/-]|$)")  # never inside a document code such as 43-KH/TU


# chat shorthand of typed questions (general Vietnamese texting, any case): written out before the question is read
CHAT_SHORTHAND: dict[str, str] = {
    "bn": "bao nhiêu", "bnhieu": "bao nhiêu", "bnh": "bao nhiêu", "nhiu": "nhiêu", "ntn": "như thế nào",
    "ko": "không", "khg": "không", "kg": "không", "hok": "không", "dc": "được", "đc": "được", "vs": "với",
    "trc": "trước", "j": "gì", "đ/c": "đồng chí", "Đ/c": "đồng chí", "đ/ c": "đồng chí",
    # the usual lower-case chat forms of school words and "quốc gia" ("truong chuan qg")
    "sv": "sinh viên", "hs": "học sinh", "gv": "giáo viên", "qg": "quốc gia",
    # group-chat address and thanks ("mn ơi", "ad ơi cho e hỏi", "tks")
    "ds": "danh sách", "mn": "mọi người", "mng": "mọi người", "ad": "quản trị viên", "tks": "cảm ơn", "thks": "cảm ơn",
    # Southern speech as typed ("là nhiêu dzậy", "có hạn chót hông", "bển Hải Phòng"): the standard words
    "dzậy": "vậy", "zậy": "vậy", "dzị": "vậy", "hông": "không", "hổng": "không", "bển": "bên đó",
    # office shorthand typed in lower case ("đv nào chủ trì", "xd trường", "nv 1.3", "pl 01"): the lower-case forms
    # of the typed short forms ĐV, XD, NV, PL
    "đv": "đơn vị", "xd": "xây dựng", "nv": "nhiệm vụ", "pl": "phụ lục",
}
# the group-chat and Southern words that open a sentence are typed capitalised too ("Bển Hải Phòng …", "Mn ơi")
CHAT_SHORTHAND.update({k.capitalize(): CHAT_SHORTHAND[k] for k in ("mn", "mng", "ad", "bển", "dzậy")})
# Central speech as typed (Huế, Quảng Bình, Nghệ Tĩnh): "rứa" = vậy, "mô" = nào (where it asks), "vô" = vào,
# "ni" = này, "răng" = sao (where it asks), "chừ" = bây giờ; the closing particles "hỉ", "nờ", "hè" say nothing
_CENTRAL = (
    (re.compile(r"(?<!\w)rứa(?!\w)"), "vậy"),
    (re.compile(r"(?<!\w)mô(?=\s*(?:[?,.!]|$|rứa|hỉ|nờ|hè|vậy|(?:theo dõi|chủ trì|phụ trách|thực hiện|đánh giá|giám sát"
                r"|ban hành|lo)\b))"), "nào"),
    (re.compile(r"(?<!\w)vô(?!\s*(?:cùng|hiệu|điều kiện|tận|hạn|số|ích|lý|tư|định|danh|thức|cơ|sinh)\b)(?!\w)"), "vào"),
    (re.compile(r"(?<=\s)ni(?=\s*(?:[?,.!]|$|\s))"), "này"),
    (re.compile(r"(?<!\w)(như|làm|là|vì|thì) răng(?!\w)"), r"\1 sao"),
    (re.compile(r"(?<!\w)chừ(?!\w)"), "bây giờ"),
    (re.compile(r"\s+(?:hỉ|nờ|hè)(?=\s*(?:[?,.!]|$))"), ""),
)
# one-letter chat forms, read only where a clause ends ("… bn v ạ", "có hạn k?", "xong r", "cho e hỏi"): elsewhere
# a single letter is a letter (a row "v", "mục V")
_CLAUSE_LETTERS = {"v": "", "k": "không", "r": "rồi"}  # a closing "vậy" says nothing
_CLAUSE_END = re.compile(r"(?<![\w&/.,-])([vkr])(?![\w&/-])(?=\s*(?:(?:ạ|à|ak|mn|mng|ad|nhé|nha|ơi)(?!\w)|[?!.,]|$))")
_EM = re.compile(r"(?<=\bcho )e(?![\w&/-])|(?<![\w&/.,-])e(?=\s+(?:hỏi|xin|muốn|cần|đang)\b)")
# English words of office talk typed inside Vietnamese questions ("target 2030 của HP", "KPI", "deadline"),
# any case, read as the plan vocabulary they stand for
LOANWORDS: dict[str, str] = {"target": "mục tiêu", "targets": "mục tiêu", "kpi": "chỉ tiêu", "kpis": "chỉ tiêu",
                             "deadline": "thời hạn"}
_LOAN = re.compile(r"(?<![\w&/.,-])(" + "|".join(sorted(map(re.escape, LOANWORDS), key=len, reverse=True))
                   + r")(?![\w&/-])", re.IGNORECASE)
# an annex number typed in lower case and run together ("pl01", "pl 2"): "phụ lục 01"
_ANNEX_NO = re.compile(r"(?<![\w&/.,-])pl\s?(?=\d{1,2}(?![\d/.,-]))")
_CHAT = re.compile(r"(?<![\w&/.,-])(" + "|".join(sorted(map(re.escape, CHAT_SHORTHAND), key=len, reverse=True))
                   + r")(?![\w&/-])")  # lower case only: "BN" in capitals is a province's initials


# months and quarters as office notes write them: "th12/2025", "T12/2025", "Q1/2026", "QIV/2025" (any case)
_MONTH = re.compile(r"(?<![\w/.-])(?:th|t)\.?\s?(1[0-2]|0?[1-9])(?=/\d{4}\b|\b)(?!/\d{1,2}/)", re.IGNORECASE)
_QUARTER = re.compile(r"(?<![\w/.-])q\.?\s?([1-4]|iv|i{1,3})(?:(?:/|\s+)(?=\d{4}\b)|\b)", re.IGNORECASE)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def _times_written_out(question: str, bare: bool) -> str:
    month, quarter = ("thang", "quy") if bare else ("tháng", "quý")

    def q(m: re.Match[str]) -> str:
        n = _ROMAN.get(m.group(1), m.group(1).upper())
        rest = question[m.end():m.end() + 4]
        return f"{quarter} {n}" + (" năm " if not bare else " nam ") * rest.isdigit()

    question = _MONTH.sub(lambda m: f"{month} {m.group(1)}", question)
    return _QUARTER.sub(q, question)


def unshorten(question: str) -> str:
    """Chat shorthand written out ('hết bao nhiu tiền' → 'hết bao nhiêu tiền', 'th12/2025' → 'tháng 12/2025'),
    without diacritics in a question typed without them (so that it is still restored as one)."""
    bare = not has_diacritics(question)
    question = _times_written_out(question, bare)
    question = _LOAN.sub(lambda m: fold(LOANWORDS[m.group(1).lower()]) if bare else LOANWORDS[m.group(1).lower()],
                         question)
    question = _ANNEX_NO.sub("phu luc " if bare else "phụ lục ", question)
    question = _CHAT.sub(lambda m: fold(CHAT_SHORTHAND[m.group(1)]) if bare
                         else CHAT_SHORTHAND[m.group(1)], question)
    if not bare:
        for pattern, standard in _CENTRAL:
            question = pattern.sub(standard, question)
    question = _CLAUSE_END.sub(lambda m: fold(_CLAUSE_LETTERS[m.group(1)]) if bare
                               else _CLAUSE_LETTERS[m.group(1)], question)
    return _EM.sub("em", question)


def spell_out(question: str) -> str:
    """A question with typed short forms written out: 'PL01 Sở GDĐT: tỉ lệ CBCC' → 'phụ lục 01 …'."""
    def repl(m: re.Match[str]) -> str:
        long = TYPED_SHORT_FORMS[m.group(1)]
        nxt = question[m.end() : m.end() + 1]
        return long + (" " if nxt.isdigit() else "")

    return _TYPED.sub(repl, question)
