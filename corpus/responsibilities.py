"""Responsibility records from prose: who must do what, by when ("Tổ chức thực hiện", Điều 2/3, "Giao …").

Shapes read (general forms of Vietnamese plans, decisions and resolutions):
- a paragraph led by an agency: "1. Sở Nội vụ: chủ trì, phối hợp với Sở Tài chính … ; hoàn thành trong quý II/2026";
- a heading that is an agency, its duties in the lines under it ("2. Sở Y tế" / "- Chủ trì …");
- an assignment: "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết";
- an agency followed by a duty verb: "Thường trực Hội đồng nhân dân tỉnh … giám sát việc thực hiện …",
  "Chánh Văn phòng …, Giám đốc các sở … chịu trách nhiệm thi hành Quyết định này".
Only paragraphs inside a responsibility part (see RESPONSIBILITY_HEADINGS) or an article (Điều) after the
first are read in the last two shapes; an agency-led paragraph with a duty verb is read anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from corpus.agencies import is_agency, split_agencies
from corpus.deadlines import parse_deadline
from corpus.records import Section, Task
from corpus.sections import section_at
from corpus.textnorm import fold

# headings of the part of a plan that assigns responsibilities (folded)
RESPONSIBILITY_HEADINGS = re.compile(
    r"to chuc thuc hien|trach nhiem thuc hien|phan cong (?:nhiem vu|thuc hien|trach nhiem)|giao nhiem vu"
    r"|trach nhiem cua cac|dieu khoan thi hanh|hieu luc thi hanh|trien khai thuc hien"
)
# verbs that state a duty (accented, matched case-insensitively)
DUTY_VERBS = [
    "chủ trì", "phối hợp", "tham mưu", "tổ chức", "triển khai", "thực hiện", "hướng dẫn", "theo dõi",
    "kiểm tra", "giám sát", "chỉ đạo", "xây dựng", "báo cáo", "có trách nhiệm", "chịu trách nhiệm",
    "bố trí", "cân đối", "tuyên truyền", "đôn đốc", "rà soát", "phân bổ", "bảo đảm", "đảm bảo", "ban hành",
    "nghiên cứu", "quản lý", "lãnh đạo", "vận động", "phổ biến", "cụ thể hóa", "cụ thể hoá", "tăng cường",
    "đầu tư", "nâng cấp", "tổng kết", "sơ kết", "hoàn thiện", "tập huấn", "đánh giá", "vận hành", "sửa đổi",
    "bổ sung", "thẩm định", "trình", "đề xuất", "hỗ trợ", "thành lập", "sắp xếp", "tổng hợp", "cung cấp",
    "khảo sát", "điều tra", "thống kê", "xử lý", "giải quyết", "thanh tra", "phát triển", "nâng cao",
    "tham gia", "gửi", "mở", "cập nhật", "chuyển giao", "ứng dụng", "lập", "kết nối", "tích hợp", "công bố",
    "bồi dưỡng", "huy động", "lồng ghép", "mua sắm", "xúc tiến", "quảng bá", "kiểm định", "nhân rộng",
    "chuẩn bị", "thu hút", "tuyển dụng", "số hóa", "số hoá", "đẩy mạnh", "ưu tiên", "chủ động", "gắn", "đào tạo",
]
# case-sensitive: inside agency names the same words are capitalised ("Sở Xây dựng", "Ủy ban Kiểm tra").
# A verb after a plural word ("các tổ chức", "những đơn vị") is a noun, and so is "tổ chức" before the kind
# of body it names ("tổ chức chính trị - xã hội", "tổ chức, cá nhân"): "Ủy ban Mặt trận Tổ quốc Việt Nam
# tỉnh và các tổ chức chính trị - xã hội tỉnh phối hợp …" names two bodies before its duty.
_NOUN_AFTER = r"(?<!các )(?<!Các )(?<!những )(?<!Những )(?<!mọi )(?<!Mọi )"
_BODY_KINDS = r"(?!\s*,?\s*(?:chính trị|đoàn thể|cá nhân|tín dụng|phi chính phủ|thành viên|quốc tế|xã hội - nghề nghiệp))"
_DUTY = re.compile(_NOUN_AFTER + r"(?<!\w)(?:" + "|".join(
    re.escape(v) + (_BODY_KINDS if v == "tổ chức" else "") for v in DUTY_VERBS) + r")(?!\w)")
_ASSIGNS = re.compile(r"\s+giao\s+(?:cho\s+)?(?=\S)")
_MARKER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[-–+•*]|\(\d{1,2}\))\s+")
# deadline phrases: a cue, then a month/quarter/date/year/school year, or a recurring word (accented)
_WHEN = (r"(?:ngày\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?(?:\s*(?:và|,)\s*(?:ngày\s*)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?)*"
         r"|ngày\s+\d{1,2}\s+(?:của\s+)?(?:tháng|quý)\s+(?:sau|tiếp theo|kế tiếp|cuối)"
         r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
         r"|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}(?=\s*(?:hằng|hàng)\s+năm)"
         r"|(?:6|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4}"
         r"|(?:tháng|quý)\s+[\dIVX]+(?:\s*/\s*|\s+năm\s+)\d{4}|năm\s+học\s+\d{4}\s*[-–]\s*\d{4}"
         r"|(?:giai đoạn\s+)?\d{4}\s*[-–]\s*\d{4}|(?:(?:đầu|giữa|cuối)\s+)?năm\s+\d{4})")
# the steps of a duty a date is set for (the verbs of issuing a document or finishing a work)
_STEP = r"(?:trình|ban hành|hoàn thành|phê duyệt|triển khai|tổ chức|báo cáo|thực hiện|xong|đưa vào sử dụng|nghiệm thu)"
_DEADLINE = re.compile(
    rf"(?:(?:hoàn thành|xong)[^;.:]{{0,40}}?)?"
    rf"(?:trước|chậm nhất(?:\s+(?:là|vào))?|trong|vào|đến|từ|xong|(?<=hoàn thành )|(?<=Hoàn thành ))\s*{_WHEN}"
    rf"(?:\s*(?:hằng|hàng)\s+năm)?"
    rf"|(?:thời gian|thời hạn|tiến độ)(?:\s+(?:hoàn thành|thực hiện))?\s*:\s*(?:{_WHEN}|thường xuyên|(?:hằng|hàng)\s+(?:tháng|quý|năm))"
    rf"|(?:tại\s+)?kỳ họp(?:\s+thường lệ)?\s+(?:đầu|cuối|giữa)\s+năm\s+\d{{4}}"
    rf"|(?<=, )giai đoạn\s+\d{{4}}\s*[-–]\s*\d{{4}}(?=\s*[.;]?\s*$)"
    # a quarter or a month set before the step it dates ("quý II/2026 trình, quý IV/2026 ban hành")
    rf"|(?:(?<=^)|(?<=[,;:] ))(?:quý|tháng)\s+[\dIVX]+(?:\s*/\s*|\s+năm\s+)\d{{4}}\s+{_STEP}"
    rf"|thường xuyên|định kỳ(?:\s+(?:(?:hằng|hàng)\s+)?(?:\d{{1,2}}\s+)?(?:tháng|quý|năm))?"
    rf"|(?:hằng|hàng)\s+(?:tháng|quý|năm)",
    re.IGNORECASE,
)


def _assigning_sections(sections: list[Section]) -> set[str]:
    """Ids of the sections that assign responsibilities, with every section nested in one."""
    out: set[str] = set()
    for sec in sections:  # document order: a parent comes before what it holds
        own = bool(RESPONSIBILITY_HEADINGS.search(fold(sec.title))) or (
            sec.marker.startswith("Điều ") and sec.marker != "Điều 1")
        parent = sec.id.rsplit("/", 1)[0] if "/" in sec.id else None
        if own or (parent is not None and parent in out):
            out.add(sec.id)
    return out


# a day of a month in a deadline phrase ("trước ngày 10/6"): two of them close together in one clause are the
# dates of one duty ("báo cáo sơ kết 6 tháng trước ngày 10/6 và báo cáo năm trước ngày 10/12 hằng năm")
_DAY = re.compile(r"ngày\s*\d{1,2}\s*/\s*\d{1,2}", re.IGNORECASE)
_DAYS_GAP = re.compile(r"[^;.:]{1,40}")
_YEAR_IN = re.compile(r"\b(?:19|20)\d{2}\b")
_STEPS_GAP = re.compile(r"\s*(?:,|và)\s*[^;.:()\d]{0,30}?[\d,]*%?[^;.:()\d]{0,30}")


def _deadline_phrases(text: str) -> list[str]:
    """Deadline phrases of a clause in order; day dates a few words apart are one phrase, as written from
    the first to the last (brackets around them dropped: "định kỳ 6 tháng (trước ngày 15/6) và hằng năm
    (trước ngày 15/12)" → "trước ngày 15/6 và hằng năm trước ngày 15/12")."""
    found: list[tuple[int, int]] = []
    for m in _DEADLINE.finditer(text):
        # a year inside an agency or document name ("Nghị quyết số 12/2025") is not a deadline
        before = text[max(0, m.start() - 12) : m.start()]
        if re.search(r"(?:số|/)\s*$", before):
            continue
        days = [k for k, (a, b) in enumerate(found) if _DAY.search(text[a:b])]
        if (days and _DAY.search(m.group(0)) and re.match(r"trước", m.group(0), re.IGNORECASE)
                and _DAYS_GAP.fullmatch(text[found[days[-1]][1]:m.start()])):
            # "(trước ngày 15/6) và hằng năm (trước ngày 15/12)": one phrase over what lies between
            found[days[-1]:] = [(found[days[-1]][0], m.end())]
            continue
        found.append((m.start(), m.end()))
    # two dated milestones in one clause ("hoàn thành 50% trong năm 2026, 100% trong năm 2028", "trình trong quý
    # II/2026, ban hành trong quý IV/2026") are one phrase from the first to the last: each step keeps its date
    merged: list[tuple[int, int]] = []
    for a, b in found:
        if merged and _YEAR_IN.search(text[merged[-1][0]:merged[-1][1]]) and _YEAR_IN.search(text[a:b]) \
                and not re.match(r"từ\s", text[merged[-1][0]:], re.IGNORECASE) \
                and not re.match(r"từ\s", text[a:], re.IGNORECASE) \
                and _STEPS_GAP.fullmatch(text[merged[-1][1]:a]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    found = merged
    out = []
    for a, b in found:
        phrase = text[a:b]
        if "(" in phrase or ")" in phrase:
            phrase = re.sub(r"\s+", " ", re.sub(r"[()]", " ", phrase))
        out.append(phrase.strip(" ,;."))
    return out


def find_deadline(text: str) -> str:
    """The deadline phrase of a duty, as written ("hoàn thành trong quý II/2026", "trước ngày 15/12 hằng năm")."""
    best = ""
    for phrase in _deadline_phrases(text):
        # "từ năm học 2026-2027" says when a duty starts: a stated end ("trong tháng 8/2026") comes first
        starts = bool(re.match(r"từ\s", phrase, re.IGNORECASE))
        if best and starts != bool(re.match(r"từ\s", best, re.IGNORECASE)):
            if not starts:
                best = phrase
            continue
        if len(phrase) > len(best) or (best and not re.search(r"\d", best) and re.search(r"\d", phrase)):
            best = phrase
    return best


def _kind(duty: str) -> str:
    duty = re.sub(r"^là\s+(?:cơ quan|đơn vị)\s+(?:thường trực|đầu mối|chủ trì)\s*[,;]?\s*", "", duty, flags=re.IGNORECASE)
    f = fold(duty[:60])
    first = re.search(r"giam sat|to chuc thuc hien|trien khai thuc hien|chiu trach nhiem thi hanh|bao cao", f)
    if not first:
        return "task"
    return {"giam sat": "supervise", "bao cao": "report"}.get(first.group(0), "implement")


# "là cơ quan thường trực / đầu mối / chủ trì": the role an agency is given, which opens its duties
_ROLE_CLAUSE = re.compile(r"\s+là\s+(?:cơ quan|đơn vị)\b", re.IGNORECASE)
# a request to a body outside the issuer's authority ("Đề nghị Ủy ban Mặt trận Tổ quốc … phối hợp …")
_REQUEST = re.compile(r"^(?:giao|đề nghị|kính đề nghị|yêu cầu)\s+(?:cho\s+)?", re.IGNORECASE)
# what a duty is grounded on, before or after the bodies it is asked of: "Căn cứ nhiệm vụ được giao, các
# phòng … triển khai …" / "Các sở, ngành căn cứ Chương trình này xây dựng kế hoạch …"
_GROUNDS_FIRST = re.compile(r"^(?:căn cứ|trên cơ sở)\s+[^,;.]{3,120},\s*", re.IGNORECASE)
_GROUNDS_AFTER = re.compile(r"\s+(?:căn cứ|trên cơ sở)\s.*$", re.IGNORECASE)
_GROUNDS_INSIDE = re.compile(r"\s+(?:căn cứ|trên cơ sở)\s+(?:chức năng,?\s+)?(?:[^,;.]{0,80}?\s)?(?:này|được giao)\b,?",
                             re.IGNORECASE)


def _agency_then_duty(text: str) -> tuple[str, str] | None:
    """'Giao Ủy ban nhân dân tỉnh tổ chức thực hiện …' / 'Thường trực HĐND … giám sát …' → (agencies, duty)."""
    body = _REQUEST.sub("", _GROUNDS_FIRST.sub("", text))
    assigned = _ASSIGNS.search(body)
    if assigned and is_agency(body[assigned.end() :]):  # "HĐND tỉnh giao UBND tỉnh tổ chức thực hiện"
        body = body[assigned.end() :]
    if not is_agency(body):
        return None
    body = _GROUNDS_INSIDE.sub("", body, count=1)
    m = _DUTY.search(body)
    if not m or m.start() < 3:
        return None
    role = _ROLE_CLAUSE.search(body[: m.start()])
    if role:  # "Sở Y tế là cơ quan thường trực, chủ trì …"
        return body[: role.start()].strip(" ,;:"), body[role.start():].strip()
    agencies = _GROUNDS_AFTER.sub("", body[: m.start()]).strip(" ,;:")
    # "Các sở, ngành được phân công nhiệm vụ gửi báo cáo …": who they are, not a name
    agencies = re.sub(r"\s+được\s+(?:phân công|giao)(?:\s+(?:nhiệm vụ|theo dõi\b.*))?$", "", agencies)
    if len(agencies) > 300:
        return None
    return agencies, body[m.start() :].strip()


def _task_then_lead(text: str) -> tuple[str, str, str] | None:
    """'Rà soát vùng sản xuất … . Sở Nông nghiệp và Môi trường chủ trì, phối hợp với … thực hiện; thời gian
    hoàn thành: quý IV/2026.' → (the task, the lead, its duty): a task stated first, then who leads it."""
    sentences = re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text.strip())
    if _agency_then_duty(sentences[0]):
        return None  # a paragraph led by its own bodies; a later sentence's lead is another duty
    for k in range(1, len(sentences)):
        found = _agency_then_duty(sentences[k])
        if found and re.match(r"chủ trì\b", found[1]):
            return " ".join(sentences[:k]).strip(), found[0], " ".join([found[1], *sentences[k + 1:]])
    return None


def _agency_colon(text: str) -> tuple[str, str] | None:
    """'Sở Nội vụ: chủ trì, …' → ('Sở Nội vụ', 'chủ trì, …'); a body asked rather than assigned ('Đề nghị
    Ủy ban nhân dân các xã, phường: Chỉ đạo …') is read the same way, without the request word."""
    head, sep, rest = _REQUEST.sub("", text, count=1).partition(":")
    if not sep or len(head) > 200 or not is_agency(head):
        return None
    return head.strip(), rest.strip()


_WITH = re.compile(r"phối hợp\s+(?:chặt chẽ\s+)?(?:với|cùng)\s+", re.IGNORECASE)


def partner_names(duty: str) -> list[str]:
    """The bodies after 'phối hợp với': consecutive agency names, each cut where a duty verb starts."""
    m = _WITH.search(duty)
    if not m:
        return []
    rest = re.split(r"[;:.(]", duty[m.end() :], maxsplit=1)[0]
    verb = _DUTY.search(rest)
    names = split_agencies(rest[: verb.start()] if verb else rest)
    out = []
    for name in names:
        if not is_agency(name) and not out:
            break
        out.append(name.strip())
    return out


def _units(duty: str) -> list[str]:
    """A paragraph of duties cut into its clauses: at ';' and at the end of a sentence."""
    parts = re.split(r"(?<=;)\s+|(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", duty.strip())
    return [p.strip() for p in parts if p.strip()]


_FILLER = re.compile(r"\b(?:thời gian|thời hạn|hoàn thành|thực hiện|tổ chức|xong|tiến độ|trong|năm|dự kiến)\b",
                     re.IGNORECASE)


def _only_deadline(unit: str, phrase: str) -> bool:
    """'hoàn thành trong quý II/2026.' / 'thời gian hoàn thành: quý IV/2026' / 'thực hiện thường xuyên':
    a clause that says only when the clause before it is due."""
    rest = _FILLER.sub(" ", unit.replace(phrase, " "))
    return len(re.findall(r"[^\W\d_]+", rest)) <= 1


def _duty_groups(duty: str) -> list[list[str]]:
    """[[text, deadline phrase], …]: each clause that states a duty, a clause that is only a deadline
    joined to the duty before it."""
    groups: list[list[str]] = []
    for unit in _units(duty):
        phrase = find_deadline(unit)
        if groups and phrase and _only_deadline(unit, phrase) and not groups[-1][1]:
            groups[-1] = [f"{groups[-1][0]} {unit}", phrase]
        else:
            groups.append([unit, phrase])
    return groups


def _make(doc_id: str, province: str | None, n: int, group: str, agencies: str, duty: str,
          lines: tuple[int, int]) -> list[Task]:
    """The task of a paragraph of duties, and one more task for each later clause that has a deadline of
    its own ("…; hoàn thành trong tháng 9/2026. Định kỳ 6 tháng báo cáo … trước ngày 15/6 và 15/12"),
    or that another body must do ("… . Các sở, ngành gửi báo cáo về Sở … trước ngày 05/12 hằng năm")."""
    names = split_agencies(agencies)
    lead = names[0] if names else agencies
    others = names[1:]
    partners = ", ".join(partner_names(duty))
    if not re.match(r"chủ trì", duty, re.IGNORECASE) and others:
        # several bodies named together share the duty; the first named leads
        partners = ", ".join([*others, partners] if partners else others)
    groups = _duty_groups(duty)
    main, extra = [groups[0]] if groups else [[duty, ""]], []
    for text, phrase in groups[1:]:
        body_of = _agency_then_duty(text) if is_agency(_REQUEST.sub("", text)) else None
        if body_of:  # another body's duty
            extra.append((body_of[0], body_of[1], find_deadline(body_of[1])))
        elif phrase and any(p for _, p in main):
            extra.append((agencies, text, phrase))
        else:
            main.append([text, phrase])
    deadline = next((phrase for _, phrase in main if phrase), "")
    title = " ".join(text for text, _ in main).strip()
    def task(suffix: str, text: str, body: str, who: str, lead_name: str, partner_text: str, phrase: str) -> Task:
        return Task(id=f"{doc_id}#resp.{suffix}", doc_id=doc_id, province=province, group=group, code=f"TN{suffix}",
                    title=text[:300], body=body, responsible=who, lead=lead_name, partners=partner_text,
                    deadline=parse_deadline(phrase, clause=f"{text} {body}") if phrase else None, source="prose",
                    kind=_kind(text),
                    lines=lines)

    tasks = [task(str(n), title, duty, agencies, lead, partners, deadline)]
    for k, (who, text, phrase) in enumerate(extra, start=1):
        who_names = split_agencies(who)
        tasks.append(task(f"{n}.{k}", text, text, who, who_names[0] if who_names else who,
                          ", ".join(partner_names(text)), phrase))
    return tasks


def _lines_after(lines: list[str], i: int, read: Callable[[int, str], str | None]) -> tuple[list[str], int]:
    """The lines right under line i (blank lines between them allowed) as `read` gives them, up to the first
    line `read` refuses (None; it gets the 0-based index and the stripped line), and the last index taken."""
    body: list[str] = []
    end = i
    j = i + 1
    while j < len(lines):
        line = lines[j].strip()
        if not line:
            j += 1
            continue
        text = read(j, line)
        if text is None:
            break
        body.append(text)
        end = j
        j += 1
    return body, end


def _bullets_after(lines: list[str], i: int) -> tuple[list[str], int]:
    """The bullet lines ('- …', '+ …') right under line i (blank lines between them allowed), and the last index."""
    return _lines_after(lines, i, lambda _j, line: _MARKER.sub("", line) if re.match(r"^[-–+•*]\s", line) else None)


def _paragraphs_after(lines: list[str], sections: list[Section], i: int) -> tuple[list[str], int]:
    """The plain paragraphs right under line i, up to the next heading or marked line, and the last index."""
    starts = {s.start for s in sections}

    def paragraph(j: int, line: str) -> str | None:
        if j + 1 in starts or _MARKER.match(line) or "\t" in line or re.match(r"^(?:Nơi nhận|TM\.|KT\.)", line):
            return None
        return line

    return _lines_after(lines, i, paragraph)


# headings of the part of a plan that lists its tasks ("Nhiệm vụ, giải pháp trọng tâm"), folded
_TASK_HEADINGS = re.compile(r"\bnhiem vu\b|\bgiai phap\b")


def _led_item(text: str, sec: Section | None, line_no: int) -> bool:
    """A task stated by the body that leads it, outside a responsibility part: a paragraph opening with
    'Phòng X chủ trì, phối hợp với …' anywhere, or a numbered item of a tasks part that opens with a body
    and its duty ('5. Ủy ban nhân dân các xã bố trí quỹ đất …')."""
    found = _agency_then_duty(text)
    if not found:
        return False
    if re.match(r"chủ trì\b", found[1]):
        return True
    return bool(sec and sec.start == line_no and any(_TASK_HEADINGS.search(fold(t)) for t in sec.path[:-1]))


def _heading_over(lines: list[str], sec: Section | None, i: int) -> Section | None:
    """The numbered heading a paragraph is the first text under ('1.1. Rà soát …' / 'Phòng X chủ trì …')."""
    if sec is None or sec.start >= i + 1 or sec.level < 2:
        return None
    if any(lines[k].strip() for k in range(sec.start, i)):
        return None
    return sec


def responsibility_tasks(
    lines: list[str], sections: list[Section], doc_id: str, province: str | None, skip: set[int],
    taken: list[tuple[int, int]],
) -> list[Task]:
    """Responsibility records from prose lines (0-based `skip` = table lines; `taken` = 1-based task spans)."""
    out: list[Task] = []
    paragraphs = 0

    def make(group: str, agencies: str, duty: str, span: tuple[int, int], under: Section | None = None) -> None:
        nonlocal paragraphs
        paragraphs += 1
        found = _make(doc_id, province, paragraphs, group, agencies, duty, span)
        if under is not None:  # the paragraph under a numbered heading: the heading names the task
            found[0].title, found[0].code, found[0].body = under.title[:300], under.marker, f"{agencies} {duty}"
            found[0].lines = (under.start, span[1])
        out.extend(found)

    taken_lines = {n for a, b in taken for n in range(a, b + 1)}
    assigning = _assigning_sections(sections)
    top_starts = {s.start for s in sections if s.level == 1}

    def covered(line_no: int) -> bool:
        return line_no in taken_lines

    i = 0
    recipients = False  # inside "Nơi nhận:" (the distribution list), up to the next top-level heading
    while i < len(lines):
        line_no = i + 1
        raw = lines[i].strip()
        if re.match(r"^Nơi nhận\b", raw):
            recipients = True
        elif recipients and line_no in top_starts:
            recipients = False
        if recipients or i in skip or not raw or "\t" in raw or covered(line_no):
            i += 1
            continue
        text = _MARKER.sub("", raw)
        text = re.sub(r"^Điều\s+\d+\s*[.:]\s*", "", text)
        sec = section_at(sections, line_no)
        group = sec.path[-2] if sec and len(sec.path) > 1 else (sec.title if sec else "")
        scoped = sec is not None and sec.id in assigning
        found = _agency_colon(text)
        if found and (scoped or _DUTY.search(found[1])):
            agencies, duty = found
            end = i
            if not duty:  # "2. Sở Y tế:" and the duties in the bullets under it
                body, end = _bullets_after(lines, i)
                duty = " ".join(body)
            if duty:
                make(group, agencies, duty, (line_no, end + 1))
            i = end + 1
            continue
        assigned = _task_then_lead(text)
        if assigned:  # "Xây dựng cơ sở dữ liệu … . Sở X chủ trì, phối hợp với Y thực hiện; thời gian: quý IV/2026."
            task, agencies, duty = assigned
            found_tasks = _make(doc_id, province, paragraphs + 1, group, agencies, duty, (line_no, line_no))
            paragraphs += 1
            found_tasks[0].title = task[:300]
            found_tasks[0].body = text
            out.extend(found_tasks)
        elif scoped or _led_item(text, sec, line_no):
            found = _agency_then_duty(text)
            if found:
                make(group, found[0], found[1], (line_no, line_no), _heading_over(lines, sec, i))
            elif sec and sec.start == line_no and is_agency(text) and len(text) < 120:
                # a heading naming an agency; its duties are the lines under it, up to the next heading: bullets,
                # or the paragraphs of a web page that sets each body in bold over its own text
                body, end = _bullets_after(lines, i)
                if not body:
                    body, end = _paragraphs_after(lines, sections, i)
                if body:
                    make(group, text.rstrip(":. "), " ".join(body), (line_no, end + 1))
                    i = end + 1
                    continue
        else:
            # a recurring report asked of a body anywhere ("Ghi chú: …; các sở, ngành … báo cáo Sở Tài chính
            # trước ngày 20/11 hằng năm"): a report duty with its date
            for unit in _units(re.sub(r"^[^:]{1,30}:\s+", "", text)):
                phrase = find_deadline(unit)
                found = _agency_then_duty(unit[:1].upper() + unit[1:]) if phrase and "báo cáo" in unit else None
                if found and parse_deadline(phrase, clause=unit).recurring:
                    make(group, found[0], found[1], (line_no, line_no))
        i += 1
    return out
