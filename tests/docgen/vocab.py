"""General vocabulary of Vietnamese administrative documents (no facts from any real document).

Everything here is generic: agency shapes, indicator subjects and units, task verbs and objects,
personal names. The generator combines them at random, so the documents are invented.
"""

from __future__ import annotations

# provinces and cities are taken from corpus.provinces; these are the centrally-run cities,
# which are called "thành phố" instead of "tỉnh"
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}

# agencies; "{unit}" is "tỉnh" or "thành phố" (the kind of the provincial unit)
AGENCIES = [
    "Sở Giáo dục và Đào tạo",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Khoa học và Công nghệ",
    "Sở Nông nghiệp và Môi trường",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Công an {unit}",
    "Bộ Chỉ huy Quân sự {unit}",
    "Ban Dân tộc",
    "Văn phòng Ủy ban nhân dân {unit}",
    "Văn phòng UBND {unit}",
    "Ủy ban nhân dân các xã, phường",
    "Bảo hiểm xã hội {unit}",
    "Đài Phát thanh và Truyền hình {unit}",
    "Thanh tra {unit}",
    "Liên đoàn Lao động {unit}",
    "Hội Liên hiệp Phụ nữ {unit}",
    "Tỉnh đoàn",
    "Ban Quản lý các khu công nghiệp {unit}",
    "Trung tâm Phục vụ hành chính công {unit}",
]

# indicator names: (template, unit, value kind); "{pop}"/"{pred}" are filled from the lists below
# percent indicators: "Tỷ lệ <population> <predicate>" with predicates that suit the population
PERCENT_NAMES = [
    (["trường mầm non", "trường tiểu học", "trường trung học cơ sở", "trường trung học phổ thông",
      "cơ sở giáo dục nghề nghiệp"],
     ["đạt chuẩn quốc gia", "có phòng học bộ môn", "có bếp ăn bán trú", "ứng dụng công nghệ thông tin trong quản lý",
      "được đánh giá ngoài theo tiêu chuẩn chất lượng", "đạt mức độ 2 về chuyển đổi số",
      "được tiếp cận internet băng thông rộng", "có nhà vệ sinh hợp vệ sinh"]),
    (["học sinh tiểu học", "học sinh trung học cơ sở", "học sinh trung học phổ thông", "trẻ em mẫu giáo 5 tuổi"],
     ["được khám sức khỏe định kỳ", "tham gia bảo hiểm y tế", "được học ngoại ngữ theo chương trình mới",
      "được hỗ trợ chi phí học tập", "hoàn thành chương trình học", "được học 2 buổi/ngày"]),
    (["giáo viên các cấp", "cán bộ quản lý giáo dục"],
     ["đạt chuẩn về trình độ đào tạo", "được bồi dưỡng kỹ năng số", "được bồi dưỡng thường xuyên"]),
    (["lao động nông thôn", "người lao động"],
     ["có việc làm sau đào tạo", "được đào tạo nghề", "tham gia bảo hiểm xã hội"]),
    (["hộ gia đình", "người dân"],
     ["sử dụng nước sạch", "tham gia bảo hiểm y tế", "được tiếp cận internet băng thông rộng",
      "sử dụng dịch vụ công trực tuyến toàn trình"]),
    (["xã, phường", "thôn, bản"], ["đạt chuẩn nông thôn mới", "có nhà văn hóa đạt chuẩn", "có đường ô tô đến trung tâm"]),
    (["hồ sơ thủ tục hành chính"], ["được giải quyết đúng hạn", "được số hóa kết quả giải quyết"]),
]
COUNT_NAMES = [
    ("Số trường học được đầu tư xây dựng mới", "trường"),
    ("Số phòng học được kiên cố hóa", "phòng"),
    ("Số học sinh được hỗ trợ học bổng", "học sinh"),
    ("Số xã đạt chuẩn nông thôn mới nâng cao", "xã"),
    ("Số lượt người được tư vấn việc làm", "lượt"),
    ("Số lượt khách du lịch đến địa bàn", "lượt"),
    ("Số giường bệnh trên một vạn dân", "giường bệnh/vạn dân"),
    ("Số bác sĩ trên một vạn dân", "bác sĩ/vạn dân"),
    ("Số điểm trường lẻ được sáp nhập", "điểm trường"),
    ("Số giáo viên được tuyển dụng bổ sung", "giáo viên"),
    ("Số doanh nghiệp thành lập mới", "doanh nghiệp"),
    ("Số sáng kiến được công nhận cấp tỉnh", "sáng kiến"),
    ("Số thư viện trường học đạt chuẩn", "thư viện"),
]
MONEY_NAMES = [
    ("Thu nhập bình quân đầu người", "triệu đồng/người"),
    ("Tổng vốn đầu tư toàn xã hội", "tỷ đồng"),
    ("Tổng thu ngân sách nhà nước trên địa bàn", "tỷ đồng"),
    ("Kim ngạch xuất khẩu hàng hóa", "triệu USD"),
    ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ", "tỷ đồng"),
    ("Chi ngân sách cho sự nghiệp giáo dục", "tỷ đồng"),
    ("Tổng sản phẩm trên địa bàn (GRDP)", "tỷ đồng"),
]
INDEX_NAMES = [
    ("Chỉ số phát triển con người (HDI)", "Chỉ số"),
    ("Chỉ số giáo dục trong chỉ số phát triển con người", "Chỉ số"),
    ("Chỉ số hài lòng của người dân về dịch vụ y tế", "Chỉ số"),
    ("Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "Điểm"),
]
RATE_NAMES = [
    ("Tốc độ tăng trưởng kinh tế (GRDP) bình quân", "%/năm"),
    ("Tốc độ tăng năng suất lao động bình quân", "%/năm"),
    ("Tỷ lệ hộ nghèo theo chuẩn đa chiều giảm bình quân", "%/năm"),
]
QUALITATIVE_NAMES = [
    ("Duy trì phổ cập giáo dục mầm non cho trẻ em 5 tuổi", "Mức độ"),
    ("Đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 3", "Mức độ"),
    ("Hoàn thành xóa mù chữ mức độ 2", "Mức độ"),
]

TASK_VERBS = [
    "Xây dựng", "Rà soát, sửa đổi", "Tổ chức triển khai", "Ban hành", "Tham mưu ban hành", "Đầu tư nâng cấp",
    "Kiểm tra, đánh giá", "Tổng kết", "Hoàn thiện", "Nghiên cứu đề xuất", "Xây dựng và vận hành",
    "Tổ chức tập huấn về", "Tuyên truyền, phổ biến", "Sơ kết việc thực hiện",
]
TASK_OBJECTS = [
    "quy chế phối hợp quản lý cơ sở dữ liệu ngành giáo dục",
    "kế hoạch đào tạo, bồi dưỡng đội ngũ giáo viên",
    "hệ thống thông tin báo cáo kinh tế - xã hội",
    "cơ chế hỗ trợ học sinh dân tộc thiểu số",
    "chương trình chuyển đổi số trong trường học",
    "mạng lưới cơ sở y tế cấp xã",
    "hạ tầng công nghệ thông tin tại các trường phổ thông",
    "chính sách bảo hiểm y tế học sinh, sinh viên",
    "đề án sắp xếp mạng lưới trường lớp",
    "danh mục dự án đầu tư công trung hạn",
    "bộ tiêu chí đánh giá mức độ hài lòng của người dân",
    "kho học liệu số dùng chung",
    "quy định về dạy thêm, học thêm",
    "phương án tuyển sinh vào lớp 10",
    "chương trình giáo dục kỹ năng sống cho học sinh",
    "kế hoạch phòng, chống dịch bệnh trong trường học",
    "cơ sở dữ liệu dân cư phục vụ chuyển đổi số",
    "mô hình trường học hạnh phúc",
    "chính sách thu hút nhân lực chất lượng cao",
    "hệ thống quản lý văn bản và điều hành",
    "kế hoạch phát triển thể thao trường học",
    "quy trình giải quyết thủ tục hành chính liên thông",
    "chương trình đào tạo nghề cho lao động nông thôn",
    "phong trào thi đua dạy tốt, học tốt",
    "kế hoạch kiểm tra công tác an toàn thực phẩm",
    "mạng lưới thư viện và không gian đọc",
]
TASK_SCOPES = ["", "", " trên địa bàn {unit}", " tại các cơ sở giáo dục", " cấp xã", " của ngành"]

GROUP_TITLES = [
    "Hoàn thiện thể chế, chính sách", "Phát triển nguồn nhân lực", "Đầu tư cơ sở vật chất",
    "Chuyển đổi số và cải cách hành chính", "Nâng cao chất lượng dịch vụ công", "Công tác tuyên truyền",
    "Kiểm tra, giám sát và báo cáo",
]
INDICATOR_GROUPS = [
    "Về giáo dục", "Về y tế", "Về kinh tế", "Về xã hội", "Về chuyển đổi số", "Về lao động, việc làm",
    "Về văn hóa", "Về môi trường",
]

PRODUCTS = [
    "Kế hoạch của Ủy ban nhân dân {unit}", "Quyết định của Ủy ban nhân dân {unit}", "Báo cáo kết quả",
    "Văn bản hướng dẫn", "Đề án trình Hội đồng nhân dân {unit}", "Hệ thống phần mềm", "Công trình được nghiệm thu",
    "Tờ trình", "Nghị quyết của Hội đồng nhân dân {unit}",
]

PLAN_SUBJECTS = [
    "phát triển giáo dục và đào tạo", "chuyển đổi số", "phát triển nguồn nhân lực",
    "nâng cao chất lượng khám bệnh, chữa bệnh", "cải cách hành chính", "phát triển kinh tế - xã hội",
    "bảo đảm an sinh xã hội", "phát triển văn hóa, thể thao", "giảm nghèo bền vững",
    "đổi mới căn bản, toàn diện giáo dục",
]
PLAN_VERBS = ["Thực hiện", "Triển khai thực hiện", "Về", "Phát triển", "Tổ chức thực hiện nhiệm vụ"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đinh", "Lương", "Triệu", "Hà"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu", "Hồng", "Công", "Đình"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Quang",
         "Sơn", "Thành", "Trung", "Tuấn", "Việt", "Hoa", "Hương", "Khánh", "Linh", "Thắng", "Vinh", "Yến"]

RECIPIENTS = ["Nơi nhận:", "- Như Điều 3;", "- Thường trực Tỉnh ủy;", "- Các sở, ban, ngành;", "- Lưu: VT."]

# parts a target row is broken down into, one sub-row each ("- Mầm non" under "Tỷ lệ trường đạt chuẩn …");
# the usual breakdowns of statistical tables (Luật Thống kê: khu vực, giới tính, cấp học, loại hình)
BREAKDOWNS = [
    ["Khu vực thành thị", "Khu vực nông thôn"],
    ["Nam", "Nữ"],
    ["Mầm non", "Tiểu học", "Trung học cơ sở", "Trung học phổ thông"],
    ["Công lập", "Ngoài công lập"],
]
