"""Indicator records from targets stated in prose: 'Mục tiêu đến năm …' bullets and (1)…(n) lists."""

from __future__ import annotations

import re

from corpus.records import Indicator, ParsedValue, Section
from corpus.sections import heading, section_at
from corpus.tables import Context, make_indicator, names_a_quantity, period_of
from corpus.textnorm import fold
from corpus.units import MONEY as MONEY_UNITS_AS_WRITTEN
from corpus.units import STANDALONE_PATTERN, UNIT_PATTERN

_NUM = r"\d+(?:[.,]\d+)*"
_CMP = r"(?:≥|≤|>|<|trên|dưới|tối thiểu|ít nhất|tối đa|không quá|không dưới|khoảng|từ|đạt từ|đạt|chiếm|có|quy mô)"
# a value phrase: optional comparator words, a number or range, a unit-ish tail
_VALUE = re.compile(
    rf"(?:(?:{_CMP})\s+)*{_NUM}(?:\s*[-–]\s*{_NUM})?(?:\s*{UNIT_PATTERN})?(?:\s+trở (?:lên|xuống))?"
    rf"(?:\s*\([^()]{{1,30}}\))?",
    re.IGNORECASE,
)
# a rank target: "nằm trong nhóm 10 tỉnh dẫn đầu", "thuộc Top 10 cả nước"
_RANK = re.compile(r"(?:nằm\s+)?(?:trong|thuộc|vào)\s+(?:nhóm|top|tốp)\s+\d+(?:/\d+)?(?:\s+[^\W\d]+){1,2}",
                   re.IGNORECASE)
# a bullet that states a target by itself, wherever it stands: "Đến năm 2030, …", "Phấn đấu …",
# "Giai đoạn 2026-2030, …" (general target wording of plans)
_TARGET_CUE = re.compile(
    r"^(?:(?:đến|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}|giai đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}"
    r"|tầm nhìn\s+(?:đến|tới)\s+năm\s+(?:19|20)\d{2}|phấn đấu|mục tiêu)\b",
    re.IGNORECASE,
)
# "1. Mục tiêu: Đến năm 2030, …": an item labelled as the goals, its targets after the colon
_GOAL_LABEL = re.compile(r"^(?:\d{1,2}[.)]\s+|[a-zđ]\)\s+)?(?:Mục tiêu|Chỉ tiêu)(?:\s+(?:cụ thể|chủ yếu))?\s*:\s+",
                         re.IGNORECASE)
# "Về giáo dục mầm non: Phấn đấu đến năm 2030, …": the topic a paragraph of targets opens with
_TOPIC = re.compile(r"^(?:Về|Đối với|Lĩnh vực)\s+[^:;.]{3,80}:\s+", re.IGNORECASE)
_CUE_COLON = re.compile(
    r"^((?:đến|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}"
    r"|giai đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2})\s*:\s+(?=\S)",
    re.IGNORECASE,
)
_GOAL_SECTION = re.compile(r"\b(?:muc tieu|chi tieu)\b")  # without a year: bullets need a figure
_NUMBERED = re.compile(r"^\((\d{1,2})\)\s+(.*)$")
_HALF_NUMBERED = re.compile(r"^(\d{1,2})\)\s+(.*)$")
_BULLET = re.compile(r"^[-–+•]\s+(.*)$")
# "Chỉ tiêu 1: 100% hồ sơ … được số hóa", "Mục tiêu số 2. Tỷ lệ … đạt 85%": a target numbered by its label (a
# ward's or commune's plan, whose duties then point back to "Chỉ tiêu 1, 3"); the code is the number
_LABEL_NUMBERED = re.compile(r"^(?:Chỉ tiêu|Mục tiêu)\s+(?:số\s+)?(\d{1,2})\s*[:.]\s+(?=\S)(.*)$", re.IGNORECASE)
_TARGET_SECTION = re.compile(r"\bmuc tieu\b.*\b(den|nam|giai doan)\b.*\d{4}|\bchi tieu\b.*\d{4}")


def value_phrases(clause: str) -> list[str]:
    """Value phrases in a clause: percents, or numbers after a target verb/comparator."""
    found: list[str] = []
    built: list[str] = []  # counts after a verb of building or hiring: the target when nothing else is
    named = [(f.start("n"), f.end()) for f in _FRAMEWORK.finditer(clause)]
    for m in _VALUE.finditer(clause):
        phrase = m.group(0).strip()
        if any(a <= m.start() < b for a, b in named):
            continue  # "Khung năng lực ngoại ngữ 6 bậc": the number is part of a framework's name
        age = _AGE_TAIL.match(clause, m.start() + len(m.group(0).rstrip()))
        aged = bool(age and _STATED.search(clause[: m.start() + re.search(_NUM, m.group(0)).start()])
                    and not re.search(rf"\d\s*{UNIT_PATTERN}", phrase, re.IGNORECASE))
        if aged:
            phrase = f"{phrase} {age.group(1)}"  # "tuổi thọ trung bình đạt 75,5 tuổi": an age or duration stated
        has_pct = "%" in phrase
        has_cmp = bool(re.match(rf"(?:{_CMP})\s", phrase, re.IGNORECASE))
        number = re.search(_NUM, phrase).group(0)
        is_year = bool(re.fullmatch(r"(19|20)\d{2}", number)) and not has_pct
        before = clause[max(0, m.start() - 6) : m.start()].lower()
        if is_year or ("năm " in before[-5:] and not has_cmp):
            continue
        tail = phrase[len(re.match(rf"(?:(?:{_CMP})\s+)*", phrase, re.IGNORECASE).group(0)) :]
        # money, measures and shares are targets by their unit; a counted noun ("30 trường") only
        # after a target verb or comparator ("có 30 trường", "đạt 120 giường"), not "tại 09 xã"
        unitful = bool(re.search(rf"\d\s*{STANDALONE_PATTERN}|trở (?:lên|xuống)", phrase, re.IGNORECASE)) and not is_year
        # "có 30 trường": a count is a target when a noun follows it (the match may have
        # swallowed the space before that noun, so look from the end of the stripped phrase)
        end = m.start() + len(m.group(0).rstrip())
        counted = re.match(r"có\s+\d", phrase, re.IGNORECASE) and re.match(r"\s+[^\W\d]", clause[end:])
        if _BUILD_VERB.search(clause[: m.start()]) and re.search(rf"\d\s*{UNIT_PATTERN}", phrase, re.IGNORECASE):
            built.append(phrase)
        # a count of a counted noun after a comparator or target verb ("quy mô 1.000 giường") is a target
        counted_unit = has_cmp and re.search(rf"\d\s*{UNIT_PATTERN}", phrase, re.IGNORECASE)
        if has_pct or unitful or counted or counted_unit or aged or (
                has_cmp and re.search(r"đạt|trên|dưới|tối|ít nhất|chiếm", phrase)):
            found.append(phrase if has_cmp or unitful or has_pct else tail)
    found.extend(m.group(0) for m in _RANK.finditer(clause))
    if not found:
        found = built
    shares = [k for k, f in enumerate(found) if re.search(rf"%|\d\s*{UNIT_PATTERN}", f, re.IGNORECASE)]
    if shares:  # "tỷ lệ trẻ em dưới 3 tuổi … đạt 45%": a bare figure before the value belongs to the name
        found = [f for k, f in enumerate(found) if k >= shares[0] or k in shares]
    if len(found) > 1 and _PER_BASE.match(found[0]):
        found = found[1:]  # "Số bác sĩ trên 10.000 dân đạt 14 bác sĩ": the first figure is the per-base
    if len(found) > 1 and re.search(rf"%|\d\s*{UNIT_PATTERN}", found[0], re.IGNORECASE):
        # "ít nhất 500 sản phẩm OCOP đạt từ 3 sao trở lên": a bare figure after a stated quantity qualifies it
        found = [found[0], *(f for f in found[1:] if re.search(rf"%|\d\s*{UNIT_PATTERN}", f, re.IGNORECASE))]
    return found


# an age or a duration as the value stated ("tuổi thọ trung bình đạt 75,5 tuổi", "số năm đi học bình quân đạt
# 10,5 năm"): after a verb that states the value only — "trẻ em từ 3 đến 5 tuổi", "dưới 6 tuổi", "trong 5 năm"
# qualify who or when, and are not values (ages and durations are units of the national statistical indicators)
_AGE_TAIL = re.compile(r"\s+(tuổi|năm)(?!\w)(?!\s*(?:19|20)\d{2})")
_STATED = re.compile(r"(?<!\w)(?:đạt mức|đạt|là|ở mức|bằng)\s+(?:(?:khoảng|trên|tối thiểu|ít nhất)\s+)?$", re.IGNORECASE)
_AGE_UNIT = re.compile(r"\d\s+(tuổi|năm)$")


# a number inside the name of a framework or scale ("Khung năng lực ngoại ngữ 6 bậc", "thang điểm 10", "Bộ tiêu
# chí … 19 tiêu chí"): the framework noun, up to eight words without a verb of stating, the number and the
# kind of its steps (the named scales of Vietnamese standards: Thông tư 01/2014/TT-BGDĐT's 6-level framework,
# national qualification framework levels, scoring scales)
_FRAMEWORK = re.compile(
    r"\b(?:[Kk]hung|[Tt]hang|[Bb]ộ tiêu chí|[Bb]ộ chỉ số|[Bb]ộ tiêu chuẩn)\s+"
    r"(?:(?!(?:đạt|chiếm|là|trên|dưới|tối|ít|có|từ)\b)[^\W\d]+,?\s+){0,8}"
    r"(?P<n>\d+)\s+(?:bậc|cấp độ|cấp|mức độ|mức|hạng|tiêu chí|chỉ số|tiêu chuẩn|điểm)\b")
# "xây mới 9 trường", "tuyển dụng 3.200 giáo viên": a count after a verb of building, opening or hiring is a
# target (the general verbs of investment and staffing targets)
_BUILD_WORDS = (r"(?:xây mới|xây dựng mới|cải tạo, nâng cấp|cải tạo|nâng cấp|thành lập(?: mới)?"
                r"|tuyển dụng(?: mới| bổ sung)?)")
_BUILD_VERB = re.compile(rf"(?:^|\s){_BUILD_WORDS}\s*$", re.IGNORECASE)
# "trên 10.000 dân", "trên 01 ha": the base of a per-quantity (a round number of people or of area)
_PER_BASE = re.compile(r"^(?:trên|mỗi)\s+(?:0?1|10|100|1[.,]000|10[.,]000|100[.,]000)(?:\s+(?:ha|km2|km²))?$",
                       re.IGNORECASE)


_LEAD_CUE = re.compile(
    r"^(?:(?:đến|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}|giai đoạn\s+(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}"
    r"|tầm nhìn\s+(?:đến|tới)\s+năm\s+(?:19|20)\d{2}"
    r"|phấn đấu(?:\s+(?:đến|tới)\s+năm\s+(?:19|20)\d{2})?)\s*,?\s*",
    re.IGNORECASE,
)
_TAIL_CUE = re.compile(
    r"\s+(?:(?:đến|vào|trong|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}|(?:trong\s+)?giai đoạn\s+(?:19|20)\d{2}"
    r"\s*[-–]\s*(?:19|20)\d{2}|năm\s+(?:19|20)\d{2})\s*,?$",
    re.IGNORECASE,
)
_VERB = re.compile(r"\s*(?:\b(?:đạt|đạt mức|chiếm|là|ở mức|bằng|giữ vững|duy trì)\s*)+$", re.IGNORECASE)
_LEAD_VERB = re.compile(r"^(?:đạt mức|đạt|chiếm|là|ở mức|có|quy mô)\s+(?=\S)", re.IGNORECASE)


# a connective that adds a clause ("đồng thời", "bên cạnh đó"): general wording of Vietnamese plans
_CONNECTIVES = r"đồng thời|bên cạnh đó"
_CONNECTIVE = re.compile(rf"^(?:{_CONNECTIVES})\s*,?\s*", re.IGNORECASE)
# words that open a new target clause after a comma: a named quantity, a share of it, or a connective
_CLAUSE_OPENERS = rf"tỷ lệ|tỉ lệ|số|trong đó|{_CONNECTIVES}"


def _bare(value: str) -> str:
    """A value phrase without the verb that states it ('đạt trên 85%' → 'trên 85%')."""
    return _LEAD_VERB.sub("", value.strip())


def target_name(clause: str, values: list[str], named_by_lead_in: bool = False) -> str:
    """The indicator a target clause names: the words before its value, without the year cue and
    the verb ('Đến năm 2030, tỷ lệ X đạt 85%' → 'tỷ lệ X'). A clause whose value comes first
    ('100% xã đạt chuẩn …') or that leaves fewer than three words keeps its whole text."""
    clause = _CONNECTIVE.sub("", clause.strip())
    text = _LEAD_CUE.sub("", clause)
    if not values:
        return text
    at = text.find(values[0])
    if at > 0 and _BUILD_VERB.search(text[:at]):  # "xây mới 9 trường …": the clause names the target
        return text
    if at <= 0:
        return clause
    name = _VERB.sub("", text[:at]).strip(" ,")
    name = _TAIL_CUE.sub("", name).strip(" ,")
    name = _VERB.sub("", name).strip(" ,")
    if len(name.split()) < 3 and not (named_by_lead_in and name):
        return clause  # (a lead-in before a colon names what a short part is: "…: dịch vụ chiếm 35%")
    return name


def unit_of(phrase: str) -> str:
    """The unit of a value phrase ('đạt 640.000 tỷ đồng' → 'tỷ đồng'; '85%' → '%'), '' when none."""
    m = re.search(rf"\d\s*({UNIT_PATTERN})", phrase, re.IGNORECASE) or _AGE_UNIT.search(phrase.strip())
    return m.group(1).strip() if m else ""


def _value_ends(clause: str) -> list[int]:
    """Offsets just after each value phrase (where a comma may end one target)."""
    phrases = value_phrases(clause)
    ends = []
    for phrase in phrases:
        at = clause.find(phrase)
        if at >= 0:
            ends.append(at + len(phrase))
    return ends




def _clauses(text: str) -> list[str]:
    """Split a target item into one clause per target: sentences, ';', and ',' after a value."""
    parts = [p.strip(" .") for p in re.split(r";\s+|\.\s+(?=[A-ZĐ0-9])", text) if p.strip(" .")]
    parts = [piece for part in parts for piece in _coordinated_counts(part)]
    out: list[str] = []
    for part in parts:
        # a comma right after a value, or after a short word tail of it ("chiếm 38-40% GRDP, dịch vụ chiếm …")
        cuts = []
        for e in _value_ends(part):
            tail = re.match(r"(?:\s+[^\W\d]+){0,2},\s+", part[e:])
            if tail:
                cuts.append(e + tail.group(0).index(","))
        # "100% giáo viên đạt chuẩn …, tỷ lệ giáo viên trên chuẩn đạt 25%": a comma before a new named
        # quantity, or before a connective that opens a clause of its own ("…, đồng thời, giảm 30% chi phí …"),
        # that has its own value
        for m in re.finditer(rf",\s+(?=(?:{_CLAUSE_OPENERS})\b)", part, re.IGNORECASE):
            if m.start() not in cuts and value_phrases(part[: m.start()]) and value_phrases(part[m.end():]):
                cuts.append(m.start())
        cuts.sort()
        pieces, last = [], 0
        for cut in cuts:
            pieces.append(part[last:cut].strip(" ,"))
            last = cut + 1
        pieces.append(part[last:].strip(" ,"))
        pieces = _with_valueless_joined([p for p in pieces if p])
        if len(pieces) > 1 and all(value_phrases(p) for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out


def _with_valueless_joined(pieces: list[str]) -> list[str]:
    """Pieces of a clause cut at commas, each piece without a value joined back to the piece before it (it goes
    on describing that target: "… 1.000 giường, có khả năng nâng cấp thêm …")."""
    out: list[str] = []
    for piece in pieces:
        if out and not value_phrases(piece):
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


_COUNT_START = re.compile(rf"{_NUM}\s*{UNIT_PATTERN}", re.IGNORECASE)
# where a clause of counts goes on with another count: ', 380 phòng học', ' và 380 …', or another verb of
# building with its count (', cải tạo, nâng cấp 65 trường')
_COUNT_JOINT = re.compile(rf"(?:(?<!\d),\s*(?:và\s+)?|;\s+|\s+và\s+)(?=(?P<verb>{_BUILD_WORDS}\s+)?{_NUM}\s*{UNIT_PATTERN})",
                          re.IGNORECASE)


def _coordinated_counts(part: str) -> list[str]:
    """'Đến năm 2030, xây mới 1.250 phòng học và 380 phòng học bộ môn' → one clause per count, each with the
    words before the first count ('Đến năm 2030, xây mới 380 phòng học bộ môn'): counts of things joined by
    ',' or 'và' share the verb that states them; a count with its own verb of building ('…, cải tạo, nâng cấp
    65 trường') shares only the words before the first verb. Shares ('95% và 90%') are one target's values."""
    values = [v for v in value_phrases(part) if "%" not in v and re.search(rf"\d\s*{UNIT_PATTERN}", v, re.IGNORECASE)]
    first = part.find(values[0]) if values else -1
    count = _COUNT_START.search(part, first) if first >= 0 else None
    if count is None:
        return [part]
    prefix = part[: count.start()]
    verbs = list(re.finditer(rf"(?:^|\s){_BUILD_WORDS}\s+$", prefix, re.IGNORECASE))
    lead_in = prefix[: verbs[-1].start()].strip() if verbs else prefix.strip()
    cuts: list[tuple[int, int, str]] = []  # (joint start, end of joint and verb, the verb of building after it)
    for j in _COUNT_JOINT.finditer(part, count.end()):
        if cuts and j.start() < cuts[-1][1]:
            continue  # the comma inside "cải tạo, nâng cấp"
        verb = j.group("verb") or ""
        nxt = _COUNT_START.match(part, j.end() + len(verb))
        if nxt and "%" not in nxt.group(0):
            cuts.append((j.start(), j.end() + len(verb), verb.strip()))
    if not cuts:
        return [part]
    pieces = [part[: cuts[0][0]].strip(" ,")]
    shared = prefix  # what a bare count shares: the words before it up to the latest verb
    for k, (_, end, verb) in enumerate(cuts):
        stop = cuts[k + 1][0] if k + 1 < len(cuts) else len(part)
        text = part[end:stop].strip(" ,")
        if verb:
            shared = f"{lead_in} {verb} ".lstrip()
        pieces.append(shared + text)
    return pieces


def _year_of(clause: str, default: tuple[str, int | None]) -> tuple[str, int | None]:
    m = re.search(r"(?:đến|vào|trong)\s+(?:(?:cuối|hết)\s+)?năm\s+((?:19|20)\d{2})", clause, re.IGNORECASE)
    if m:
        return m.group(1), int(m.group(1))
    # "Thu ngân sách … năm 2030 đạt 25.000 tỷ đồng": the year right before the verb that states the value
    m = re.search(r"\bnăm\s+((?:19|20)\d{2})\s+(?:đạt|là|chiếm|ở mức|tăng|giảm)\b", clause, re.IGNORECASE)
    if m:
        return m.group(1), int(m.group(1))
    m = re.search(r"giai đoạn\s+((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})", clause, re.IGNORECASE)
    if m:
        return f"{m.group(1)}-{m.group(2)}", int(m.group(2))
    return default


def prose_indicators(
    lines: list[str], sections: list[Section], ctx: Context, doc_period: tuple[str, int | None], skip: set[int]
) -> list[Indicator]:
    """Targets from bullets of 'Mục tiêu … năm YYYY' sections and from numbered (n) target lists."""
    out: list[Indicator] = []
    counters: dict[str, int] = {}
    restating: set[int] = set()  # positions in `out` of targets stated inside tasks
    current_group = ""
    # a list numbered "(1) …" may lose an opening bracket to OCR or retyping: "3) …" right after "(2) …" (or
    # after a "2)" read so) goes on with it; a "1)" list of its own is not read as targets
    last_number = 0
    goal_run: list | None = None  # [marker, title, items so far] of a dated goals heading over a numbered list
    for i, line in enumerate(lines):
        if i in skip or not line.strip():
            continue
        sec = section_at(sections, i + 1)
        half = _HALF_NUMBERED.match(line)
        numbered = _NUMBERED.match(line) or (half if half and last_number and int(half.group(1)) == last_number + 1
                                             else None)
        last_number = int(numbered.group(1)) if numbered else 0
        labelled = None if numbered else _LABEL_NUMBERED.match(line.strip())
        # "1. Mục tiêu đến năm 2030" then a list numbered anew "1. Tỷ lệ … đạt 99%", "2. …" (a web page's <ol>,
        # whose numbers come from the markup): each item that states a value is a target of that heading's year
        dotted = _DOTTED.match(line.strip())
        head = heading(line) if sec and sec.start == i + 1 else None
        listed = None
        if head and head[1] == 1:
            goal_run = None
        if dotted and _dated_goal(dotted.group(2)):
            goal_run = [dotted.group(1), dotted.group(2), 0]
            continue
        if dotted and goal_run and int(dotted.group(1)) == goal_run[2] + 1:
            goal_run[2] += 1  # an item without a figure ("Hoàn thành …") keeps the count but is no target
            listed = dotted if value_phrases(dotted.group(2)) else None
            if not listed:
                continue
        elif dotted:
            goal_run = None
        bullet = _BULLET.match(line)
        # "a) Tỷ lệ … đạt 95%;" — or "1. Tỷ lệ … đạt 65%." numbered as headings are, right under a targets heading
        # ("II. CHỈ TIÊU CHỦ YẾU NĂM 2026"): an item of the list, not a part of the plan
        lettered = _LETTERED.match(line) or (_DOTTED.match(line) if sec and sec.start == i + 1
                                             and sec.marker.isdigit() else None)
        topic = None
        paragraph = None  # a plain paragraph of targets under a goals heading (no bullet, no number)
        label = _GOAL_LABEL.match(line.strip())
        if label and not _TARGET_CUE.match(line.strip()[label.end():]):
            label = None
        if label:  # "1. Mục tiêu: Đến năm 2030, …"
            paragraph = line.strip()[label.end():]
        elif not (numbered or bullet or lettered) and sec and sec.start != i + 1 and any(
                _GOAL_SECTION.search(fold(t)) for t in sec.path):
            topic = _TOPIC.match(line.strip())
            rest = line.strip()[topic.end():] if topic else line.strip()
            if _TARGET_CUE.match(rest):
                paragraph = rest
        if bullet and line.rstrip().endswith(":") and len(line) < 80:
            current_group = bullet.group(1).rstrip(":").strip()  # "- Về kinh tế:"
            continue
        if numbered:
            code, body, default = f"({numbered.group(1)})", numbered.group(2), doc_period
            goal_year = _single_year_goal(sec.path if sec else [])
            if goal_year:  # "(3) …" under "2. Các chỉ tiêu chủ yếu đến năm 2030"
                default = goal_year
        elif listed:
            code, body = f"{goal_run[0]}.{listed.group(1)}", listed.group(2)
            default = period_of(goal_run[1])
        elif labelled:  # "Chỉ tiêu 3: … đạt 70%" under "II. CHỈ TIÊU NĂM 2026" (or dated by the document)
            code, body = labelled.group(1), labelled.group(2)
            default = _single_year_goal(sec.path if sec else []) or _period_in(sec.path if sec else []) or doc_period
        elif lettered and sec and sec.start == i + 1 and (
                _under_goal(sec.path[:-1]) or doc_period[1] and _under_goal(sec.path[:-1], dated=False)) \
                and value_phrases(lettered.group(2)):
            # (under an undated "2. Mục tiêu cụ thể" the document's own period dates the items)
            # "a) Tỷ lệ … đạt 95%;" items of a "Mục tiêu cụ thể đến năm 2030" heading
            code, body = f"{sec.path and _marker_of(sec)}", lettered.group(2)
            default = _period_in(sec.path[:-1]) or doc_period
        elif paragraph or bullet and (sec and (_GOAL_SECTION.search(fold(sec.title)) or _year_under_goal(sec))
                                      or _TARGET_CUE.search(bullet.group(1))):
            code, body = _next_code(counters, sec), paragraph or bullet.group(1)
            default = _cue_period(body, period_of(sec.title) if sec and period_of(sec.title)[1] else doc_period)
        elif embedded := _embedded_target(line, sec):
            # "Tăng cường …, phấn đấu đến năm 2030 đạt 100% dân số có bảo hiểm y tế": a target stated inside a task
            code, body, default = _next_code(counters, sec), embedded, _cue_period(embedded, doc_period)
            restating.add(len(out))
        else:
            continue
        # "Đến năm 2030: A …; B …" (a web page's bullets) is "Đến năm 2030, A …; B …": the year cue covers the
        # clauses after its colon; it is not a lead-in naming them as parts of one whole
        body = _CUE_COLON.sub(lambda m: f"{m.group(1)}, ", body, count=1)
        clauses = _clauses(body)
        # "Đến năm 2030, A …, B …": the year covers every clause, but a year stated in a "trong đó" clause
        # ("… 120.000 ha, trong đó đến năm 2027 đạt 95.000 ha") covers only that clause
        default = _year_of(" ".join(c for c in clauses if not _SHARE_CUE.match(c)) or body, default)
        in_target_section = bool(sec and (_TARGET_SECTION.search(fold(sec.title)) or _year_under_goal(sec)))
        if (numbered or labelled or not in_target_section) and not any(value_phrases(c) for c in clauses):
            continue  # a numbered or free-standing item without any figure is not a target
        groups = list(sec.path) if sec else []
        if listed:  # the item is read as a heading of its own: its caption is the goals heading above it
            groups = [*groups[:-1], goal_run[1]]
        if lettered and not numbered and not bullet and not listed and groups:
            groups = groups[:-1]  # the item's own text is not a caption over it
        if numbered and current_group:
            groups.append(current_group)
        if label and sec and sec.start == i + 1:  # the labelled item is its own heading: its label captions it
            groups = [*groups[:-1], re.sub(r"^\S+\s+(?=\D)", "", label.group(0)).strip(" :")]
        if topic:  # "Về giáo dục mầm non:" names what the targets of its paragraph are about
            groups.append(topic.group(0).strip(" :"))
        previous: Indicator | None = None
        first_out = len(out)
        # "Cơ cấu kinh tế đến năm 2030: A chiếm 9,5%; B chiếm 48,5%": the lead-in before the colon names what
        # every later item is a part of — also when it opens a later clause ("… đạt 8%/năm; cơ cấu kinh tế: A
        # 14,5%; B 36%; C 42,5%"), up to an item that names a quantity of its own ("tỷ lệ …")
        lead_in = ""
        for n, clause in enumerate(clauses, start=1):
            if lead_in and names_a_quantity(_LEAD_CUE.sub("", clause.strip())):
                lead_in = ""
            opens = _lead_in_of(clause) if len(clauses) > 1 and n < len(clauses) else ""
            named = bool(lead_in) and not opens and ":" not in clause
            values = value_phrases(clause)
            if paragraph and not values and _opens_sentence(body, clause):
                continue  # a sentence without a figure after a paragraph's targets is not one of them
            period, year = _year_of(clause, default)
            part_of = _SHARE_CUE.match(clause)
            if (previous is not None and values and part_of and period != previous.targets[0].period
                    and not _own_name(clause[part_of.end():], values)):
                # "…120.000 ha, trong đó đến năm 2027 đạt 95.000 ha": the same indicator for another year
                extra = make_indicator(ctx, code="", name=previous.name, unit=unit_of(values[0]),
                                       values=[(period, "; ".join(_bare(v) for v in values))], lines=(i + 1, i + 1))
                previous.targets.extend(extra.targets)
                continue
            ctx.groups = [("", g) for g in groups]
            raw = "; ".join(_bare(v) for v in values) if values else clause
            by_year = _values_by_year(clause, values)
            targets = by_year or [(period, raw)]
            ind = make_indicator(
                ctx,
                code=code if len(clauses) == 1 else f"{code}.{n}",
                name=(f"{lead_in}: " if named else "") + target_name(clause, values, named),
                unit=unit_of(values[0]) if values else "",
                values=targets,
                lines=(i + 1, i + 1),
                source="prose",
            )
            ind.groups = groups
            ind.group = groups[-1] if groups else ""
            if not values:  # a target without a figure ("Hoàn thành phổ cập … vào năm 2035")
                for t in ind.targets:
                    t.value, t.has_target = ParsedValue(qualitative=True), True
            out.append(ind)
            previous = ind
            lead_in = opens or lead_in
        if len(clauses) > 1 and len(out) == first_out + 1:
            out[-1].code = code  # clauses that were one indicator over several years
            out[-1].id = make_indicator(ctx, code=code, name="", unit="", values=[], lines=(0, 0)).id
    ctx.groups = []
    # a target stated inside a task often restates one of the plan's listed targets ("chỉ số cải cách hành chính
    # thuộc nhóm 25/34 tỉnh" after "(11) … chỉ số cải cách hành chính (PAR Index) … nằm trong nhóm 25 tỉnh"): the
    # listed one is the record, a second would only stand beside it as a rival
    listed = [ind for k, ind in enumerate(out) if k not in restating]
    return [ind for k, ind in enumerate(out) if k not in restating or not any(_restates(ind, other) for other in listed)]


def _next_code(counters: dict[str, int], sec: Section | None) -> str:
    """The next code of a free-standing target in its section ("3-1", "3-2", …)."""
    marker = sec.marker if sec else "0"
    counters[marker] = counters.get(marker, 0) + 1
    return f"{marker}-{counters[marker]}"


def _cue_period(body: str, default: tuple[str, int | None]) -> tuple[str, int | None]:
    """The period a target's opening cue names ("Đến năm 2030, …", "Phấn đấu đến năm 2035 …"), else the default."""
    cue = _TARGET_CUE.match(body)
    return period_of(cue.group(0)) if cue and period_of(cue.group(0))[1] else default


def _restates(ind: Indicator, other: Indicator) -> bool:
    """The target names nothing the other's name does not, with a figure the other states too."""
    words = set(re.findall(r"\w+", fold(ind.name))) - {"phan", "dau", "dat", "den", "nam"}
    numbers = {n for t in ind.targets for n in re.findall(_NUM, t.raw)}
    theirs = {n for t in other.targets for n in re.findall(_NUM, t.raw)}
    return words <= set(re.findall(r"\w+", fold(other.name))) and bool(numbers & theirs)


# a target stated inside a task's sentence, after what is to be done: "…, phấn đấu đến năm 2030 đạt …" (the
# usual wording of targets in the tasks of plans and resolutions); up to the end of its sentence
_EMBEDDED_CUE = re.compile(r"[,;:]\s+(phấn đấu\b[^.;]*)", re.IGNORECASE)


def _embedded_target(line: str, sec: Section | None) -> str:
    """The "phấn đấu …" clause of a line that is no heading and states one figure ('' otherwise). A clause with
    more figures ("mỗi năm thành lập 170 doanh nghiệp, khu vực tư nhân đóng góp 62-65% GRDP") is left to the
    passages: which name goes with which figure is not sure enough for a record."""
    if sec and sec.start and heading(line):
        return ""
    m = _EMBEDDED_CUE.search(line)
    if not m:
        return ""
    body = m.group(1).strip()
    values = value_phrases(body)

    def figures(text: str) -> list[str]:  # the numbers of a text that are not years
        return sorted(n for n in re.findall(_NUM, text) if not re.fullmatch(r"(?:19|20)\d\d", n))

    return body if len(values) == 1 and figures(body) == figures(values[0]) else ""


def _lead_in_of(clause: str) -> str:
    """'Đến năm 2030, cơ cấu kinh tế: A chiếm 14,5%' → 'cơ cấu kinh tế': the words before a colon that states no
    figure of its own name the whole the items after it are parts of ('' when there is no such colon)."""
    head, sep, _ = clause.partition(":")
    if not sep or value_phrases(head) or len(head.split()) > 12:
        return ""
    return _LEAD_CUE.sub("", head.strip()).strip(" ,")


_LETTERED = re.compile(r"^([a-zđ])\)\s+(.*)$")
_DOTTED = re.compile(r"^(\d{1,2})\.\s+(.*)$")


def _dated_goal(title: str) -> bool:
    """'Mục tiêu đến năm 2030', 'Tầm nhìn đến năm 2035', 'Chỉ tiêu năm 2026': a heading of goals for a year,
    stating no value itself."""
    return (len(title) < 100 and bool(re.search(r"\b(?:muc tieu|chi tieu|tam nhin)\b", fold(title)))
            and bool(period_of(title)[1]) and not value_phrases(title))


_OWN_YEAR = re.compile(r"^\s*(?:vào|đến|tới|trong)\s+(?:(?:cuối|hết)\s+)?năm\s+((?:19|20)\d{2})\b", re.IGNORECASE)


def _values_by_year(clause: str, values: list[str]) -> list[tuple[str, str]]:
    """'đạt 35% vào năm 2028 và đạt 40% vào năm 2030': each value followed by its own year is that year's
    target ([('2028', '35%'), ('2030', '40%')]); [] unless every value has a year of its own and they differ."""
    if len(values) < 2:
        return []
    out, at = [], 0
    for v in values:
        start = clause.find(v, at)
        if start < 0:
            return []
        at = start + len(v)
        m = _OWN_YEAR.match(clause[at:])
        if not m:
            return []
        out.append((m.group(1), _bare(v)))
    return out if len({y for y, _ in out}) == len(out) else []


def _opens_sentence(body: str, clause: str) -> bool:
    """Whether a clause of a paragraph starts a sentence of its own (not an item after ';' or ',')."""
    at = body.find(clause)
    return at > 0 and body[:at].rstrip().endswith(".")
_SHARE_CUE = re.compile(r"^trong đó,?\s*", re.IGNORECASE)


def _own_name(clause: str, values: list[str]) -> bool:
    """Whether a clause names something besides its year cue, verb and value ('đến năm 2027 đạt 95.000 ha'
    names nothing: it is the same indicator for another year)."""
    rest = clause
    for v in values:
        rest = rest.replace(v, " ")
    rest = re.sub(r"(?:đến|vào|trong|tới)\s+(?:(?:cuối|hết)\s+)?năm\s+(?:19|20)\d{2}", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"\b(?:đạt|đạt mức|chiếm|là|ở mức|bằng|khoảng)\b", " ", rest, flags=re.IGNORECASE)
    return len(re.findall(r"[^\W\d_]+", rest)) >= 2


def _under_goal(titles: list[str], dated: bool = True) -> bool:
    """Whether a heading path is inside a goals part that names a year ('Mục tiêu cụ thể đến năm 2030'), or,
    not `dated`, inside a goals part at all."""
    return any(_GOAL_SECTION.search(fold(t)) for t in titles) and (not dated or bool(_period_in(titles)))


def _year_under_goal(sec: Section) -> bool:
    """A heading that is a year ('a) Đến năm 2030') inside a goals part ('2. Mục tiêu cụ thể')."""
    return bool(period_of(sec.title)[1]) and len(sec.title) < 60 and any(
        _GOAL_SECTION.search(fold(t)) for t in sec.path[:-1])


def _single_year_goal(titles: list[str]) -> tuple[str, int | None] | None:
    """The year of the nearest goals heading of a path that names one year ('… đến năm 2030')."""
    for title in reversed(titles):
        f = fold(title)
        if _GOAL_SECTION.search(f) and re.search(r"\b(?:den|toi)\s+(?:(?:cuoi|het)\s+)?nam\s+(?:19|20)\d{2}\b", f) \
                and not re.search(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}", f):
            return period_of(title)
    return None


def _period_in(titles: list[str]) -> tuple[str, int | None] | None:
    """The period named by the nearest heading of a path that names one."""
    for title in reversed(titles):
        if period_of(title)[1]:
            return period_of(title)
    return None


def _marker_of(sec: Section) -> str:
    """A lettered item's code with its parent's ('2.a')."""
    parts = [p.strip("().") for p in sec.id.split("/")]
    return ".".join(parts[-2:]) if len(parts) > 1 else parts[0]


# --- budgets ----------------------------------------------------------------------------------
# "Tổng kinh phí thực hiện Kế hoạch … là 2.450.000 triệu đồng, trong đó: - Ngân sách tỉnh: …" (the usual
# wording of the "Kinh phí thực hiện" part of plans, schemes and programmes; Luật Ngân sách nhà nước names
# the sources: ngân sách trung ương/tỉnh/địa phương, vốn lồng ghép, xã hội hóa, vốn doanh nghiệp …)
_MONEY = "|".join(re.escape(u) for u in sorted(MONEY_UNITS_AS_WRITTEN, key=len, reverse=True))
_AMOUNT = rf"(?P<amount>(?:(?:khoảng|dự kiến|ước tính|ước|là|tối thiểu|trên|gần)\s+)*\d[\d.,]*\s*(?:{_MONEY})(?!\w))"
_BUDGET_TOTAL = re.compile(
    rf"(?P<name>(?:Tổng\s+)?kinh phí\s+(?:thực hiện|triển khai|của|để|đầu tư)"
    rf"[^.;:]{{0,120}}?|Tổng\s+(?:kinh phí|nguồn vốn|mức đầu tư|nhu cầu vốn|vốn)[^.;:]{{0,120}}?)"
    rf"\s*(?::\s*)?(?:(?:dự kiến|ước tính|ước|là|khoảng|tối thiểu)\s+)*{_AMOUNT}",
    re.IGNORECASE,
)
_PART = re.compile(rf"^(?P<source>[^\d:;()]{{3,120}}?)\s*(?::|là|khoảng|\s)\s*{_AMOUNT}", re.IGNORECASE)
_SPLIT_CUE = re.compile(r"^\s*,?\s*(?:trong đó|bao gồm|gồm)\s*:?\s*", re.IGNORECASE)


def _budget_part(text: str) -> tuple[str, str] | None:
    """'Ngân sách tỉnh: 620.000 triệu đồng' → ('Ngân sách tỉnh', '620.000 triệu đồng')."""
    m = _PART.match(text.strip(" -–+•*;,."))
    if not m:
        return None
    source = re.sub(r"^(?:từ|nguồn vốn từ|vốn từ)\s+", "", m.group("source").strip(" :,"), flags=re.IGNORECASE)
    source = re.sub(r"\s+(?:là|khoảng|dự kiến|chiếm)$", "", source, flags=re.IGNORECASE).strip()
    if len(source.split()) < 2:
        return None
    return source[:1].upper() + source[1:], _bare(m.group("amount"))


def budget_indicators(
    lines: list[str], sections: list[Section], ctx: Context, doc_period: tuple[str, int | None], skip: set[int]
) -> list[Indicator]:
    """A plan's total budget and the amount of each source listed after it ("trong đó …"), as indicators
    in money: 0-based `skip` holds table lines and lines already read as targets."""
    out: list[Indicator] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        m = _BUDGET_TOTAL.search(line) if i not in skip and "\t" not in line else None
        if not m:
            i += 1
            continue
        sec = section_at(sections, i + 1)
        groups = list(sec.path) if sec else []
        ctx.groups = []
        name = re.sub(r"\s+(?:dự kiến|ước tính|ước|là|khoảng)$", "", m.group("name").strip(" ,:"), flags=re.IGNORECASE)
        name = name[:1].upper() + name[1:]
        period = period_of(name) if period_of(name)[1] else doc_period
        n = len(out) + 1
        code = f"KP{n}" if n > 1 else "KP"
        total = make_indicator(ctx, code=code, name=name, unit=unit_of(m.group("amount")),
                               values=[(period[0], _bare(m.group("amount")))], lines=(i + 1, i + 1), source="prose")
        total.groups, total.group = groups, groups[-1] if groups else ""
        out.append(total)
        parts: list[tuple[str, str, int]] = []
        rest = line[m.end():]
        cue = _SPLIT_CUE.match(rest)
        if cue:  # "…, trong đó ngân sách tỉnh 142 tỷ đồng, nguồn xã hội hóa 44,5 tỷ đồng."
            for piece in re.split(r"[;,]\s+(?=[^\d])", rest[cue.end():]):
                found = _budget_part(piece)
                if found:
                    parts.append((*found, i))
        end = i
        if rest.strip().endswith(":") or (cue and not parts):
            j = i + 1  # the sources in the bullets under it
            while j < len(lines) and (not lines[j].strip() or re.match(r"^\s*[-–+•*]\s", lines[j])):
                found = _budget_part(lines[j]) if lines[j].strip() else None
                if found:
                    parts.append((*found, j))
                    end = j
                elif lines[j].strip():
                    break
                j += 1
        for k, (source, amount, at) in enumerate(parts, start=1):
            part = make_indicator(ctx, code=f"{code}.{k}", name=source, unit=unit_of(amount),
                                  values=[(period[0], amount)], lines=(at + 1, at + 1), source="prose")
            part.groups, part.group = [*groups, name], name
            part.parent_code = code
            out.append(part)
        i = end + 1
    return out
