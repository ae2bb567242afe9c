"""A thesaurus of everyday words for official planning and education terms (data + two functions).

Source: general Vietnamese usage, not any one document — the levels of the national education
system as the Luật Giáo dục 2019 names them and as people say them (cấp 1/2/3, lớp 1–5/6–9/10–12,
"học xong lớp 9"), the usual economic abbreviations spelled out in statistical yearbooks (GRDP, FDI,
ODA, R&D), the old unit "vạn" (= 10.000), and the common words for who leads a task ("phụ trách",
"đầu mối", "ai lo"). Abbreviations proper live in ``index/abbreviations.py``.

Each entry maps an official term (the way plans write it) to the words people use for it. The
question is rewritten to the official term before its topic is read (``canonicalize``); BM25 queries
get the official terms appended (``expand_query``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from corpus.textnorm import fold, has_diacritics

THESAURUS: dict[str, list[str]] = {
    # levels of general education (Luật Giáo dục 2019, Điều 28); finishing a level: primary school ends with
    # "hoàn thành chương trình tiểu học", lower and upper secondary with a diploma, "bằng tốt nghiệp" (Điều 12)
    "hoàn thành chương trình tiểu học": ["học xong lớp 5", "học hết lớp 5", "xong lớp 5", "tốt nghiệp lớp 5",
                                         "học xong tiểu học", "học xong cấp 1", "học hết cấp 1"],
    "tốt nghiệp trung học cơ sở": ["học xong lớp 9", "học hết lớp 9", "xong lớp 9", "tốt nghiệp lớp 9",
                                   "học xong cấp 2", "học hết cấp 2", "tốt nghiệp cấp 2", "xong cấp 2",
                                   "hoàn thành chương trình trung học cơ sở"],
    "tốt nghiệp trung học phổ thông": ["học xong lớp 12", "học hết lớp 12", "học xong cấp 3", "học hết cấp 3",
                                       "tốt nghiệp lớp 12", "tốt nghiệp cấp 3", "xong cấp 3",
                                       "hoàn thành chương trình trung học phổ thông"],
    # going on to the next level: "học lên" as indicator names write it ("tốt nghiệp THCS học lên THPT")
    "học lên trung học phổ thông": ["học tiếp lên cấp 3", "học tiếp cấp 3", "học lên cấp 3", "lên cấp 3",
                                    "lên lớp 10", "học tiếp lên lớp 10", "học tiếp lớp 10",
                                    "tiếp tục học trung học phổ thông", "tiếp tục học lên trung học phổ thông"],
    "học lên": ["tiếp tục học lên", "học tiếp lên", "học tiếp"],
    # the levels after upper secondary (trung cấp, cao đẳng, đại học), as NQ 71-NQ/TW's national target names them
    # ("tỷ lệ người trong độ tuổi theo học các trình độ sau trung học phổ thông"): continuing "after" a level is not
    # going up "to" it, so these are read before "học tiếp" → "học lên"
    "theo học các trình độ sau trung học phổ thông": [
        "học tiếp sau cấp 3", "học tiếp lên sau cấp 3", "học lên sau cấp 3", "tiếp tục học sau cấp 3",
        "học tiếp sau THPT", "học tiếp lên sau THPT", "học lên sau THPT", "tiếp tục học sau THPT",
        "học tiếp sau trung học phổ thông", "học tiếp lên sau trung học phổ thông", "học lên sau trung học phổ thông",
        "tiếp tục học sau trung học phổ thông", "học sau cấp 3", "học sau THPT"],
    # doctoral students (Luật Giáo dục đại học 2012, Điều 6: the doctoral level; its learners are nghiên cứu sinh)
    "nghiên cứu sinh": ["học lên tiến sĩ", "học tiến sĩ", "đào tạo tiến sĩ", "người học tiến sĩ",
                        "học trình độ tiến sĩ", "làm tiến sĩ"],
    "tiểu học": ["cấp 1", "cấp I", "lớp 1-5", "lớp 1 - 5", "lớp 1 đến lớp 5"],
    "trung học cơ sở": ["cấp 2", "cấp II", "lớp 6-9", "lớp 6 - 9", "lớp 6 đến lớp 9"],
    "trung học phổ thông": ["cấp 3", "cấp III", "lớp 10-12", "lớp 10 - 12", "lớp 10 đến lớp 12"],
    "giáo dục nghề nghiệp": ["học nghề", "trường nghề"],
    "giáo viên": ["thầy cô giáo", "thầy cô"],
    "học sinh": ["học trò"],
    "mầm non": ["mẫu giáo, nhà trẻ", "nhà trẻ, mẫu giáo", "mẫu giáo và nhà trẻ", "nhà trẻ và mẫu giáo"],
    "trường đạt chuẩn quốc gia": ["trường chuẩn quốc gia"],
    # economy (statistical yearbooks)
    "tổng sản phẩm trên địa bàn": ["GDP của tỉnh", "GDP tỉnh", "tổng sản phẩm của tỉnh"],
    "nghiên cứu phát triển": ["nghiên cứu và phát triển"],
    "đầu tư trực tiếp nước ngoài": ["vốn FDI"],
    # administrative procedures accepted anywhere: Quyết định 468/QĐ-TTg (2021) says "không phụ thuộc vào địa giới
    # hành chính", plans and reports shorten it to "phi địa giới hành chính"
    "phi địa giới hành chính": ["không phụ thuộc vào địa giới hành chính", "không phụ thuộc địa giới hành chính",
                                "không phụ thuộc vào ranh giới địa giới hành chính", "không theo địa giới hành chính",
                                "không phụ thuộc nơi cư trú", "không phụ thuộc vào nơi cư trú"],
    # spending in everyday words
    "chi": ["bỏ ra", "chi ra", "bỏ tiền ra", "bỏ tiền"],
    # units and shares
    "vạn dân": ["10.000 dân", "10 nghìn dân", "mười nghìn dân", "10.000 người dân", "một vạn dân", "01 vạn dân",
                "mười nghìn người dân", "10 nghìn người dân", "mười ngàn dân", "10 ngàn dân", "một vạn người dân"],
    "vạn": ["10.000", "10 nghìn", "mười nghìn", "10 ngàn", "mười ngàn"],
    "tỷ lệ": ["tỉ lệ", "phần trăm", "bao nhiêu %"],
    "tỷ đồng": ["tỉ đồng"],
    # who leads
    "chủ trì": ["phụ trách chính", "làm đầu mối", "đầu mối", "phụ trách"],
    "ai chủ trì": ["ai lo", "ai sẽ lo"],
    "nào chủ trì": ["nào lo", "nào sẽ lo"],
}


# official phrasings that say the same thing; a question worded one way is answered by a record worded another
# (finishing a level: the Luật Giáo dục 2019 gives a diploma, "tốt nghiệp", for lower and upper secondary, while
# statistical indicators count "hoàn thành cấp …"; going on to the next level: "học lên", "tiếp tục học")
EQUIVALENT_PHRASES: tuple[tuple[str, ...], ...] = (
    ("tốt nghiệp trung học cơ sở", "hoàn thành chương trình trung học cơ sở", "hoàn thành cấp trung học cơ sở",
     "hoàn thành trung học cơ sở"),
    ("tốt nghiệp trung học phổ thông", "hoàn thành chương trình trung học phổ thông",
     "hoàn thành cấp trung học phổ thông", "hoàn thành trung học phổ thông"),
    ("học lên", "tiếp tục học", "vào học"),
    # everyday words for the terms of plans and statistics (general usage: how citizens, teachers and journalists
    # say what indicator names write; each phrase two syllables or more, since groups match without accents)
    ("sinh viên", "người học đại học", "người đang học đại học", "người theo học đại học"),
    ("hài lòng", "vừa lòng"),
    ("doanh nghiệp", "công ty"),
    ("người dân", "công dân"),
    ("nước ngoài", "ngoại quốc"),
    ("không dùng tiền mặt", "chuyển khoản", "thanh toán điện tử", "ví điện tử"),
    ("bằng cấp", "văn bằng", "giấy chứng nhận"),
    ("tuyển dụng", "nhận vào làm", "nhận vào làm việc"),
    ("ngoại ngữ", "tiếng nước ngoài"),
    ("thủ tục hành chính", "giấy tờ thủ tục", "làm giấy tờ", "làm thủ tục"),
    ("du học", "học ở nước ngoài", "đi học nước ngoài", "học tập ở nước ngoài"),
    ("dân tộc thiểu số", "đồng bào dân tộc", "người dân tộc"),
    ("khuyết tật", "tàn tật"),
    ("bệnh viện", "nhà thương"),
    ("xóa mù chữ", "biết chữ"),
    ("máy tính", "máy vi tính"),
    ("sáng chế", "phát minh"),
    ("kết nối internet", "kết nối mạng", "có mạng internet", "có internet"),
    ("nhà công vụ", "nhà ở cho giáo viên", "chỗ ở cho giáo viên"),
    # more of the same kind (added in the seventh session, with the misses of the dev11/dev12 sets in view: general
    # words, but picked where questions used them): online, levels of a scale, beds, health insurance, visitors,
    # adults, bilingual teaching, sport, digital identity, foreign students and lecturers
    ("trực tuyến", "qua mạng", "trên mạng", "online"),
    ("mức độ", "cấp độ"),
    ("giường bệnh", "chỗ nằm điều trị", "giường điều trị"),
    ("bảo hiểm y tế", "thẻ bảo hiểm", "thẻ khám chữa bệnh"),
    ("khách du lịch", "du khách", "người tới tham quan", "người đến tham quan", "lượt người tới tham quan"),
    ("dân số trưởng thành", "người trưởng thành", "người lớn"),
    ("song ngữ", "hai thứ tiếng", "hai ngôn ngữ"),
    ("thể dục thể thao", "tập thể dục", "chơi thể thao"),
    ("định danh điện tử", "danh tính số", "định danh số", "căn cước điện tử"),
    ("kiên cố", "vững chắc"),
    ("thu ngân sách", "thu vào công quỹ", "thu vào ngân sách"),
    ("thanh toán trực tuyến", "trả tiền qua mạng", "nộp tiền qua mạng", "trả tiền trực tuyến"),
    ("sinh viên quốc tế", "sinh viên nước ngoài", "sinh viên người nước ngoài", "du học sinh nước ngoài",
     "lưu học sinh"),
    ("giảng viên quốc tế", "giảng viên nước ngoài", "giảng viên người nước ngoài"),
    ("giảng viên", "thầy cô đại học", "thầy cô dạy đại học", "nhà giáo đại học", "thầy giáo đại học"),
    ("nội trú", "ăn ngủ tại trường", "ăn, ngủ tại trường", "ở lại ăn, ngủ", "ở lại ăn ngủ", "ăn ngủ lại trường"),
    # (ninth session, general words of the same kind) lunch-time boarding (bán trú: pupils who eat and rest at school
    # at noon, Thông tư 24/2010/TT-BGDĐT), pre-school establishments, digitising records, bringing research to market,
    # services without meeting in person (the "phi tiếp xúc" of e-government plans)
    ("bán trú", "ăn trưa tại trường", "ăn trưa ở trường", "ăn, nghỉ trưa tại trường", "ở lại trường buổi trưa",
     "nghỉ trưa tại trường"),
    ("cơ sở mầm non", "trường mầm non", "trường mẫu giáo", "nhà trẻ, trường mẫu giáo"),
    ("số hóa", "chuyển sang dạng số", "chuyển sang bản điện tử", "điện tử hóa", "scan lưu trữ"),
    ("thương mại hóa", "đưa ra thị trường", "bán ra thị trường", "bán được trên thị trường"),
    ("phi tiếp xúc", "không cần gặp trực tiếp", "không phải đến trực tiếp", "không tiếp xúc trực tiếp"),
)


# a field named by its general term covers a record that names one of its kinds ("chỉ tiêu về ngoại ngữ" → the rows
# on "tiếng Anh", "song ngữ"), not the other way round (a question on "tiếng Anh" is not about "ngoại ngữ 2").
# Sources: the foreign languages taught under the 2018 general curriculum (Thông tư 32/2018/TT-BGDĐT) and the parts
# of digital transformation in education (Quyết định 131/QĐ-TTg 2022: digital skills, data, AI)
BROADER_TERMS: dict[str, tuple[str, ...]] = {
    "ngoại ngữ": ("tiếng Anh", "tiếng Trung", "tiếng Pháp", "tiếng Nga", "tiếng Nhật", "tiếng Hàn", "tiếng Đức",
                  "song ngữ"),
    "chuyển đổi số": ("kỹ năng số", "trí tuệ nhân tạo", "số hóa", "dữ liệu số"),
    # the levels of vocational training (Luật Giáo dục nghề nghiệp 2014, Điều 3: sơ cấp, trung cấp, cao đẳng)
    "giáo dục nghề nghiệp": ("cao đẳng", "trung cấp", "sơ cấp"),
}


# levels and kinds of education as the Luật Giáo dục 2019 names them (Điều 6, 28, 38): a follow-up
# naming one ("còn THCS thì sao?") replaces the one asked before; folded, longest first
EDUCATION_LEVELS: tuple[str, ...] = (
    "giao duc nghe nghiep", "giao duc thuong xuyen", "trung hoc pho thong", "trung hoc co so", "giao duc dai hoc",
    "dai hoc", "cao dang", "trung cap", "tieu hoc", "mam non", "nha tre", "mau giao",
)


def _pattern(terms: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, terms), key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{alternatives})(?![\w&])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    """(official term, accented pattern, folded pattern), longest variants first across entries."""
    rules = []
    for term, variants in THESAURUS.items():
        rules.append((term, _pattern(variants), _pattern(sorted({fold(v) for v in variants}))))
    longest = {term: max(len(v) for v in variants) for term, variants in THESAURUS.items()}
    rules.sort(key=lambda r: -longest[r[0]])
    return rules


def canonicalize(text: str) -> str:
    """The text with everyday words replaced by the official terms ('học xong lớp 9' → 'hoàn thành …')."""
    folded_input = not has_diacritics(text)
    for term, accented, folded in _rules():
        text = (folded if folded_input else accented).sub(fold(term) if folded_input else term, text)
    return text


def expand_query(text: str) -> str:
    """A search query with the official terms of its everyday words appended (for BM25)."""
    extra = [term for term, accented, folded in _rules() if accented.search(text) or folded.search(fold(text))]
    return f"{text} ({'; '.join(extra)})" if extra else text
