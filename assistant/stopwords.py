"""Accented stop-words and generic phrases of Vietnamese questions (data).

Source: general Vietnamese, not any one document. Question words and function words (đại từ nghi
vấn, hư từ: "bao nhiêu", "nào", "gì", "của", "và"…) as listed in ordinary Vietnamese grammars, and
the administrative vocabulary that says *what kind* of answer is wanted rather than *about what*:
the document kinds and parts of Nghị định 30/2020/NĐ-CP on administrative documents (kế hoạch, nghị
quyết, phụ lục, số hiệu…), and the roles of plan tables (chủ trì, phối hợp, thời hạn, mục tiêu…).

Words are written with their diacritics and matched on the accented, word-segmented question, so
a stop-word never removes a different word that folds to the same letters ("tăng" does not remove
"tăng trưởng", "có" does not remove "cơ sở", "văn" is no stop-word so "văn hóa" stays).
"""

from __future__ import annotations

# single words (or pyvi compounds, written with spaces) that carry no topic
QUESTION_WORDS: frozenset[str] = frozenset("""
mục tiêu chỉ là gì năm đến của tỉnh thành thế nào như đạt theo có ai hạn giữa và các những cho được
cần phải xong trong về tại ở với hay hoặc không còn sao thì đó do này nay kia trên đây đấy muốn biết
tôi tới xin hỏi à ạ nhé vậy ra giờ chịu từ mỗi mọi đều nêu rõ đã sẽ một hai ba bốn nhất làm gồm nhóm
tổng vào mà thấy sang nhau khác giống tăng trước mốc sau mấy ngày nhằm kèm đưa cùng bạn bao tiêu
nhiêu sở việc đặt mức nhưng cũng để đi
giúp giùm dùm em anh chị mình ơi hết đúng tháng ghi viết nộp
""".split()) | frozenset({
    "mục tiêu", "chỉ tiêu", "bao nhiêu", "thế nào", "như thế nào", "thành phố", "địa phương", "văn bản",
    "phụ lục", "nghị quyết", "kế hoạch", "đề án", "nhiệm vụ", "trách nhiệm", "trả lời", "liệt kê",
    "danh sách", "tất cả", "cụ thể", "chi tiết", "chênh lệch", "cho biết", "hiện nay", "là gì", "có không",
    "sgdđt", "gdđt", "ubnd", "hđnd", "tp",
    # forms of address in official correspondence ("Đồng chí cho hỏi …", "kính gửi quý cơ quan")
    "đồng chí", "kính gửi", "quý cơ quan", "đối với",
    # the parts of a document a question points at ("phần Yêu cầu", "mục nói về …", "Điều 2", "khoản 3"; the units
    # of a text in Nghị định 30/2020/NĐ-CP: phần, chương, mục, điều, khoản) and the verbs of looking something up
    # in it ("nói gì", "tìm giúp")
    "phần", "chương", "mục", "điều", "khoản", "nói", "tìm",
    # "all of", "each" ("kèm cả con số", "của từng chỉ tiêu"); "the matter of" ("chuyện dạy thêm", "vụ tuyên truyền")
    "cả", "từng", "chuyện", "vụ", "cứ", "mong",
    # "about" a figure and "intends to" ("quy mô cỡ bao nhiêu", "khoảng bao nhiêu", "tỉnh định xây")
    "cỡ", "khoảng", "định",
    # the particles of everyday (often Southern) speech ("nè", "nha", "dạ")
    "nè", "nha", "nhen", "hen", "dạ", "cái",
    # children as an official calls pupils ("các cháu", "cho cháu đi học"): the asker's voice, the record names
    # them by level
    "cháu",
})

# multi-word phrases asking *how* (amount, agency, timing, completeness), removed before the topic is read
GENERIC_PHRASES: tuple[str, ...] = (
    "phấn đấu", "đầy đủ", "kể hết", "kể tên", "phần trăm", "tỷ lệ", "tỉ lệ", "đặt ra", "đề ra",
    "lần lượt", "tương ứng", "cụ thể", "giống nhau", "khác nhau", "ra sao", "thế nào", "như thế nào",
    "bao nhiêu", "là gì", "theo dõi", "đánh giá", "chủ trì", "phối hợp", "triển khai", "tổ chức", "báo cáo",
    "kết quả", "thực hiện", "đơn vị", "cơ quan", "mục tiêu", "chỉ tiêu", "so sánh", "đối chiếu", "hạn chót",
    "thời hạn", "thời gian", "hoàn thành", "ban hành", "văn bản", "kế hoạch", "nghị quyết", "đề án",
    "phụ lục", "khớp nhau", "hiện nay", "để trống", "so với", "có thống nhất", "thống nhất với nhau", "có khớp",
    "hằng năm", "hàng năm", "chịu trách nhiệm", "trách nhiệm", "những gì", "gồm những", "bao gồm", "mức nào",
    "đạt mức", "là bao", "toàn bộ", "tất cả", "danh sách", "liệt kê", "nhiệm vụ", "nội dung", "hướng dẫn",
    "ban thường vụ", "tỉnh ủy", "thành ủy", "ủy ban nhân dân", "hội đồng nhân dân", "giai đoạn", "thời điểm",
    "quy định", "thay đổi", "khi nào", "dự kiến", "số hiệu", "người ký",
    # the unit column of plan tables ("đơn vị tính") and the list a table is ("Danh mục các chỉ tiêu"): form
    "đơn vị tính", "danh mục",
    # group-chat address and thanks ("mọi người ơi", "quản trị viên ơi", "cảm ơn"), a place pointed at ("bên đó")
    "mọi người", "quản trị viên", "cảm ơn", "bên đó",
    "giai đoạn nào", "năm nào", "kèm theo", "thành phố", "yêu cầu", "sử dụng", "làm gì", "thứ mấy", "số mấy",
    "thông qua", "số lượng", "bao giờ", "ở mức", "cho biết", "đề nghị", "trở đi", "tháng mấy", "năm học nào", "cuối kỳ", "cuối giai đoạn", "hết giai đoạn",
    "bao nhiêu tiền",
    # asking for a summary or an account of a part ("tóm tắt mục đích", "trình bày định hướng"): its form
    "tóm tắt", "tóm lược", "trình bày", "khái quát", "ý chính", "các ý chính", "trích dẫn", "trích nguyên văn",
    # the verbs by which a text states something ("kế hoạch xác định …", "được xác định là", "có đề cập …"), like
    # "nêu", "quy định", "đặt ra" above; and the whole territory as scope ("toàn tỉnh", "trên địa bàn")
    "xác định", "được xác định", "đề cập", "nhắc đến", "cam kết", "toàn tỉnh", "toàn thành phố", "trên địa bàn",
    "xin báo cáo", "báo cáo cho", "cho hỏi", "xin phép", "tổng hợp giúp", "tổng hợp giùm", "tổng hợp lại",
    # which is highest/lowest, and "the figure" itself: the form of a comparison's answer, not its subject
    "cao nhất", "thấp nhất", "lớn nhất", "nhỏ nhất", "nhiều nhất", "cao hơn", "thấp hơn", "lớn hơn", "nhỏ hơn",
    "số cụ thể", "con số", "số liệu",
    # the bound asked with the figure ("tối thiểu bao nhiêu", "giữ dưới mức nào"): the comparator, not the subject
    "tối thiểu", "tối đa", "ít nhất", "giữ dưới", "giữ ở", "dưới mức", "trên mức",
    # a change asked between an estimate and a target ("tăng từ bao nhiêu (ước 2025) lên bao nhiêu"): the estimate
    # column of plan tables ("Ước thực hiện năm 2025", "ước đạt") names a year's figure, not a subject
    "kèm giá trị", "kèm theo giá trị", "giá trị cụ thể", "liệt kê đủ", "kể đủ", "kể hết",
    "lên bao nhiêu", "từ bao nhiêu", "ước thực hiện", "ước đạt", "ước tính", "ước",
    # which body, asked ("phòng nào chủ trì", "bên nào phối hợp", "giao cho ai"): the agency question, not its subject
    "giao cho", "được giao", "giao nhiệm vụ", "đôn đốc", "kiểm tra, đôn đốc", "theo dõi, đôn đốc",
    "phòng nào", "bên nào", "sở nào", "ban nào", "ngành nào", "cơ quan nào", "đơn vị nào", "những ai",
)

# a figure asked part by part ("theo từng cấp học", "mỗi năm", "nguồn nào"): the form of the answer, not its
# subject — removed from the topic and marking the question as asking for a breakdown
BREAKDOWN_PHRASES: tuple[str, ...] = (
    "theo từng cấp học", "từng cấp học", "mỗi cấp học", "các cấp học", "theo cấp học", "từng cấp", "mỗi cấp",
    "theo từng năm", "từng năm", "mỗi năm", "các năm", "những nguồn nào", "nguồn nào", "các nguồn", "mỗi nguồn",
    "từng nguồn", "theo từng", "từng khu vực", "các khu vực", "mỗi khu vực",
)
GENERIC_PHRASES += BREAKDOWN_PHRASES

# nouns after which a level of government is content, not a place marker: "ngân sách tỉnh" (provincial budget,
# Luật Ngân sách nhà nước), "cấp tỉnh", "cấp xã" (levels of local government, Luật Tổ chức chính quyền địa phương)
LEVEL_HEADS: frozenset[str] = frozenset({"ngân sách", "cấp", "vốn"})
LEVELS: frozenset[str] = frozenset({"tỉnh", "xã", "huyện", "phường", "trung ương", "địa phương", "thành phố"})

# what the asker wants of the answer's form, not what it is about ("tóm tắt trong 3 ý", "trả lời ngắn gọn",
# "kèm nguồn", "liệt kê thành bảng", "trích nguyên văn"): the ways people instruct an assistant or a clerk,
# removed from the question before it is read (accented regular expressions, matched ignoring case)
ANSWER_FORM_REQUESTS: tuple[str, ...] = (
    r"(?:trong|thành|bằng|gói gọn trong)\s+\d+\s+(?:ý|điểm|dòng|câu|gạch đầu dòng)(?:\s+chính)?",
    r"(?:hãy\s+)?trả lời\s+(?:thật\s+)?ngắn(?:\s+gọn)?", r"(?:một cách\s+)?ngắn gọn", r"nguyên văn",
    r"(?:kèm|kèm theo|ghi rõ|có|với)\s+(?:cả\s+)?(?:nguồn|trích dẫn|dẫn nguồn)(?:\s+trích dẫn)?",
    r"(?:dưới dạng|thành|theo dạng|theo)\s+(?:một\s+)?bảng", r"(?:con số|số liệu)\s+chính xác",
    r"(?:lưu ý|chú ý|ghi rõ|nêu rõ|kèm)\s+(?:cả\s+)?(?:dấu so sánh|dấu)",
    # a request that opens with the clerk's verb ("Tổng hợp (giúp) tất cả …"); "báo cáo về … để tổng hợp" stays
    r"^\s*(?:hãy\s+)?tổng hợp\b",
    # a quiz's label and its options ("Câu hỏi: … là: A. ≥50% B. ≥ 85% C. 100%?"): the answers offered, not the subject
    r"^\s*câu (?:hỏi|tiếp theo|tiếp|kế tiếp)\s*(?:số\s*)?\d*\s*[:.]", r"(?:\s|:)(?-i:A)[.)]\s+\S.*?\s(?-i:B)[.)]\s+\S.*?(?=\?*\s*$)",
    # and whom the question calls on in a group chat ("mọi người ơi", "ad ơi"; written out by unshorten)
    r"\b(?:mọi người|moi nguoi|quản trị viên|quan tri vien|anh chị|anh chi|các bạn|cac ban)\s+(?:ơi|oi)\b",
)

