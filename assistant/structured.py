"""Answers from the indicator and task records: values, agencies, deadlines, lists, comparisons, document facts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from assistant.analysis import TASK_BY_NUMBER, TASK_LIST, Analysis, long_forms
from assistant.answer import Citations, quote_lines
from assistant.matching import Scorer, norm_token, tokens
from corpus.agencies import is_agency
from corpus.deadlines import status as deadline_status
from corpus.records import Document, Indicator, Target, Task
from corpus.tables import column_role
from corpus.textnorm import fold
from index.abbreviations import ABBREVIATIONS, TYPED_SHORT_FORMS, expand
from index.chunking import indicator_locator, task_agency_parts, task_locator
from index.lookup import kind_note, period_covers, period_label

MATCH = 0.6  # share of the topic's weight a record must cover to count as "the one asked about"
NEAR = 0.12  # candidates this close to the best are answered too (other provinces / documents)


@dataclass
class Reply:
    """What a structured answerer produced: text lines, facts, and whether it answered."""

    status: str
    lines: list[str]
    facts: list[dict]
    note: str = ""
    score: float = 0.0  # how well the best source covered the question
    path: str = ""  # the answerer that made it, when it is not the one that was asked (a fallback)
    confidence: float | None = None  # calibrated P(the chosen record answers), when a record was chosen


def province_name(doc: Document) -> str:
    return doc.province or "văn bản không ghi tên tỉnh"


def doc_short(doc: Document) -> str:
    """'Cao Bằng – Phụ lục (cao-bang-chi-tieu-kh43)': names a document without quoting its title."""
    return f"{province_name(doc)} – {doc.doc_type or 'Văn bản'} ({doc.doc_id})"


def doc_label(doc: Document) -> str:
    """'Cao Bằng – Nghị quyết 68/NQ-HĐND' style label naming province and document."""
    kind = doc.doc_type or "Văn bản"
    number = f" {doc.so_hieu}" if doc.so_hieu else ""
    short = doc.title if len(doc.title) <= 90 else doc.title[:88].rsplit(" ", 1)[0] + "…"
    name = f"{kind}{number}" if number else short
    return f"{province_name(doc)} – {name}"


def scope_docs(a: Analysis, docs: list[Document]) -> list[Document]:
    """Documents the question is about: named ones, else those of the named provinces, else all."""
    if a.doc_ids:
        named = [d for d in docs if d.doc_id in a.doc_ids]
        if a.provinces:
            # "Kế hoạch thực hiện NQ 71 của tỉnh X": a named document of another province is not X's;
            # "Cao Bằng (KH43) và Hải Phòng": a named province without a named document brings its own
            named = [d for d in named if d.province is None or d.province in a.provinces]
            covered = {d.province for d in named}
            named += [d for d in docs if d.province in a.provinces and d.province not in covered]
        return named
    if a.provinces:
        return [d for d in docs if d.province in a.provinces]
    return list(docs)


def indicator_text(ind: Indicator) -> str:
    """What a row is about: name, unit, captions and any target stated in words ("Duy trì tư cách thành viên")."""
    worded = " ".join(t.raw for t in ind.targets if t.value is not None and t.value.qualitative)
    return f"{ind.name} {ind.unit} {' '.join(ind.groups)} {worded}"


def indicator_score(a: Analysis, ind: Indicator, scorer: Scorer, boost: float) -> float:
    """Coverage by the row's own words counts as much as coverage with its group captions, so a
    caption shared by many rows ("Về kinh tế") does not decide between them."""
    worded = " ".join(t.raw for t in ind.targets if t.value is not None and t.value.qualitative)
    own = record_score(a, f"{ind.name} {ind.unit} {worded}", scorer, 0.0)
    full = record_score(a, indicator_text(ind), scorer, 0.0)
    return 0.5 * own + 0.5 * full + 0.1 * boost


def task_text(task: Task) -> str:
    return f"{task.title} {task.group} {task.body[:300]}"


def targets_for(ind: Indicator, years: list[int]) -> list[Target]:
    """The targets of the asked years (every target when no year is asked)."""
    if not years:
        return list(ind.targets)
    yearly = _is_yearly(f"{ind.name} {ind.unit} {' '.join(t.raw for t in ind.targets)}")
    return [t for t in ind.targets if any(period_covers(t, y) and (yearly or t.year == y or _period_end(t) in {None, y})
                                          for y in years)]


# a target stated per year or as an average over its period holds in each year of it; any other target
# set for a period ("giai đoạn 2026-2030: 90%") is the level to reach at its end (folded)
_YEARLY = r"binh quan|/\s*nam\b|moi nam|hang nam|toc do|tang truong|trung binh"


@lru_cache(maxsize=65536)  # read for every candidate row of every question
def _is_yearly(text: str) -> bool:
    return bool(re.search(_YEARLY, fold(text)))


@lru_cache(maxsize=65536)
def _spaced_tokens(text: str) -> str:
    """' w1 w2 … ' of a record's folded, expanded words (spelling variants folded), for phrase look-ups."""
    return " " + " ".join(norm_token(t) for t in re.findall(r"[a-z0-9&]+", fold(expand(text)))) + " "


def _period_end(t: Target) -> int | None:
    """The last year of the period a target is set for ("2026-2030" → 2030); None for a single year."""
    m = re.fullmatch(r"(\d{4})-(\d{4})", t.period or "")
    return int(m.group(2)) if m else None


def record_score(a: Analysis, text: str, scorer: Scorer, boost: float) -> float:
    """Topic coverage, nudged by retrieval rank; a record missing the topic's most distinctive word
    ("bất bình đẳng", "sinh viên quốc tế") is marked down, so a near neighbour is not taken for it."""
    cov = scorer.coverage(a.topic, text)
    if a.phrases:  # words that belong together in the question should stand together in the record
        folded = _spaced_tokens(text)
        found = sum(1 for p in a.phrases if f" {' '.join(norm_token(t) for t in p.split())} " in folded)
        cov = 0.75 * cov + 0.25 * found / len(a.phrases)
    key = scorer.key_word(a.topic)
    if key and key in scorer.uncovered([key], text):
        cov *= 0.75
    return cov + 0.1 * boost


def rank_indicators(a: Analysis, items: list[Indicator], scorer: Scorer, boost: dict[str, float]) -> list[tuple[float, Indicator]]:
    """Candidates scored by topic coverage, nudged by retrieval rank (boost: record id → 0..1)."""
    scored = [(indicator_score(a, ind, scorer, boost.get(ind.id, 0.0)), ind) for ind in items]
    scored.sort(key=lambda x: -x[0])
    return _closer_name_first(a, _whole_before_place(a, scored), scorer)


def _whole_before_place(a: Analysis, scored: list[tuple[float, Indicator]]) -> list[tuple[float, Indicator]]:
    """A matrix row "<quantity> – <place>" (a commune's or ward's figure) is not the answer to a question that
    names no such place when its document states the quantity itself: that row goes first (scores stay put)."""
    if not scored:
        return scored
    top = scored[0][1]
    m = re.match(r"^(.*\S)\s+–\s+(.+)$", top.name)
    if not m or fold(m.group(2)) in a.folded:
        return scored
    k = next((j for j, (_, ind) in enumerate(scored) if ind.doc_id == top.doc_id and ind.name == m.group(1)), None)
    if k is None or scored[0][0] - scored[k][0] > 0.2:
        return scored
    order = [scored[k][1], *(ind for j, (_, ind) in enumerate(scored) if j != k)]
    return [(s, ind) for (s, _), ind in zip(scored, order, strict=True)]


TIE = 0.06  # rows scored this close cover the question alike: retrieval rank alone should not decide
NARROWER = 0.2  # ... and the one whose name adds this much less of its own is the row asked


def _closer_name_first(a: Analysis, scored: list[tuple[float, Indicator]], scorer: Scorer) -> list[tuple[float, Indicator]]:
    """Of the two best rows, when they cover the question alike, the one whose name adds fewer words the question
    does not use ("tỷ lệ lao động qua đào tạo" asked: not "… có bằng cấp, chứng chỉ"). Only their order changes:
    the scores stay in place, so the calibrated features (score, margin) are those of the first and second row."""
    if len(scored) < 2 or scored[0][0] - scored[1][0] > TIE:
        return scored
    (s1, first), (s2, second) = scored[0], scored[1]
    if _unasked_share(a, second.name, scorer) + NARROWER <= _unasked_share(a, first.name, scorer) and \
            scorer.coverage(a.topic, second.name) >= scorer.coverage(a.topic, first.name):
        return [(s1, second), (s2, first), *scored[2:]]
    return scored


def _unasked_share(a: Analysis, name: str, scorer: Scorer) -> float:
    """IDF-weighted share of a row name's words that the question does not use."""
    words = tokens(name)
    asked = tokens(a.question)
    total = sum(scorer.idf(w) for w in words)
    return sum(scorer.idf(w) for w in words if w not in asked) / total if total else 0.0


def add_other_parts(a: Analysis, matches: list, scored: list, scorer: Scorer, text_of) -> list:
    """A question with several parts ("… bao nhiêu và … bao nhiêu"): add the records that answer the
    topic words the chosen ones leave uncovered (greedy cover, at most two more)."""
    if not matches or len(a.topic) < 3:
        return matches
    chosen = list(matches)
    total = sum(scorer.idf(t) for t in a.topic)
    for _ in range(3):
        covered_text = " ".join(text_of(x) for _, x in chosen)
        # words no record of the base has ("CN" left unexpanded) cannot be covered by another part either
        rest = [t for t in scorer.uncovered(a.topic, covered_text) if scorer.df.get(norm_token(t), 0) > 0]
        if not rest or sum(scorer.idf(t) for t in rest) < 0.1 * total:
            break
        ids = {id(x) for _, x in chosen}
        best = None
        for score, x in scored:
            if id(x) in ids:
                continue
            # another clause of the same stated target (same source line) needs less evidence
            sibling = any(getattr(x, "lines", None) == getattr(y, "lines", 0) and getattr(x, "doc_id", None)
                          == getattr(y, "doc_id", 1) for _, y in chosen)
            part = scorer.coverage(rest, text_of(x))
            if not sibling and (score < 0.3 or part < 0.8):
                continue
            if part >= 0.6 and (best is None or part > best[0]):
                best = (part, score, x)
        if best is None:
            break
        chosen.append((best[1], best[2]))
    return chosen


def best_matches(scored: list[tuple[float, object]], threshold: float = MATCH) -> list[tuple[float, object]]:
    if not scored or scored[0][0] < threshold:
        return []
    top = scored[0][0]
    return [(s, x) for s, x in scored if s >= max(threshold, top - NEAR)]


CLEAR_FLOOR, CLEAR_MARGIN = 0.4, 0.15


def best_or_clear(scored: list[tuple[float, object]]) -> list[tuple[float, object]]:
    """best_matches, or else the top candidate alone when it covers much of the question and far more than
    any other (a question that paraphrases its record but names it unmistakably)."""
    matches = best_matches(scored)
    if matches or not scored:
        return matches
    second = scored[1][0] if len(scored) > 1 else 0.0
    return scored[:1] if scored[0][0] >= CLEAR_FLOOR and scored[0][0] - second >= CLEAR_MARGIN else []


def _figures(ind: Indicator, years: list[int]) -> frozenset[str]:
    """The figures a record states for the asked years, as shown ("36" in a % column = "36%")."""
    return frozenset(re.sub(r"\s+", "", shown_value(t, ind.unit)) for t in targets_for(ind, years) if t.has_target)


def without_whole_of_part(a: Analysis, matches: list[tuple[float, Indicator]],
                          all_items: list[Indicator]) -> list[tuple[float, Indicator]]:
    """A question that asks a part of a base it names ("trong số lao động đã qua đào tạo, bao nhiêu phần trăm có
    văn bằng", "riêng phần …", "lao động đã qua đào tạo mà có bằng cấp") is not answered by the base as well: the whole row, and any sentence stating the
    whole's figures, is another figure. Without those words ("… trong đó có bằng cấp?") both are asked."""
    # "trong số …", "riêng …", "trong <the base>, …" and a relative clause on the base ("lao động đã qua đào tạo
    # mà có bằng cấp") ask the part
    if not matches or not matches[0][1].parent_code or not re.search(
            r"\btrong (?:tong )?so\b|\brieng\b|\btrong [a-z ]{3,60}?, |\bma (?:co|da co|duoc)\b", a.folded):
        return matches
    from assistant.analysis import topic_of

    part = matches[0][1]
    whole = next((i for i in all_items if is_part_of(part, i)), None)
    if whole is None:
        return matches
    own = {norm_token(w) for w in topic_of(part.name, set())[0]} - {norm_token(w) for w in topic_of(whole.name, set())[0]}
    if not own & {norm_token(w) for w in a.topic}:
        return matches  # the part is not what the question names
    theirs = (whole.doc_id, _figures(whole, a.years))
    return [(s, i) for s, i in matches if i is not whole and (i.doc_id, _figures(i, a.years)) != theirs]


def per_doc_best(matches: list[tuple[float, Indicator]]) -> list[tuple[float, Indicator]]:
    """At most one record per document and year-group (ties kept), so neighbours do not blend in."""
    out: list[tuple[float, Indicator]] = []
    best: dict[tuple[str, str], float] = {}
    for s, ind in matches:
        key = (ind.doc_id, ind.groups[0] if ind.groups and ind.source == "table" else ind.source)
        if key not in best:
            best[key] = s
        if s >= best[key] - 0.02:
            out.append((s, ind))
    return out


def cite_indicator(c: Citations, ind: Indicator) -> int:
    return c.cite(ind.doc_id, indicator_locator(ind), ind.lines[0], ind.lines[1])


PERCENT_UNITS = {"%", "tỷ lệ %", "tỉ lệ %", "tỷ lệ (%)", "tỉ lệ (%)", "(%)"}  # cells under these columns are percentages


def shown_value(t: Target, unit: str) -> str:
    """The value as written, with the unit's percent sign when the cell leaves it to the column."""
    if not t.has_target:
        return "không đặt chỉ tiêu (-)"
    raw, u = t.raw, re.sub(r"\s+", " ", unit.strip())
    if "%" in raw or not re.fullmatch(r"[≥≤<>=\s]*[\d.,]+", raw):
        return raw
    if u.lower() in PERCENT_UNITS:
        return f"{raw}%"
    if u.startswith("%"):  # "%/năm", "% dân số", "% GRDP": the percentage of what, as the column says
        return f"{raw}{u}"
    return raw


def _fmt_targets(targets: list[Target], unit: str = "") -> str:
    parts = []
    for t in targets:
        label = f"giai đoạn {t.period}" if "-" in (t.period or "") else (f"năm {t.period}" if t.period else "")
        label = f"{label}{kind_note(t)}".strip()
        value = shown_value(t, unit)
        parts.append(f"{label}: {value}" if label else value)
    return "; ".join(parts)


def _agency_text(ind: Indicator) -> str:
    parts = []
    if ind.lead:
        parts.append(f"{column_label(ind, 'lead')}: {ind.lead}")
    if ind.partners:
        parts.append(f"{column_label(ind, 'partners')}: {ind.partners}")
    return "; ".join(parts)


def column_label(ind: Indicator, role: str) -> str:
    """The source table's header for the lead/partners column."""
    default = "Cơ quan chủ trì theo dõi" if role == "lead" else "Cơ quan phối hợp"
    return next((c for c in ind.columns if column_role(c) == role), default)


def _target_fact(ind: Indicator, t: Target, doc: Document, n: int) -> dict:
    v = t.value
    return {
        "type": "target", "record_id": ind.id, "doc_id": ind.doc_id, "province": ind.province, "indicator": ind.name,
        "code": ind.code, "group": ind.group, "unit": ind.unit, "year": t.year, "period": t.period,
        "value": t.raw, "has_target": t.has_target, "kind": t.kind,
        "parsed": None if v is None else {"comparator": v.comparator, "low": v.low, "high": v.high,
                                          "percent": v.percent, "is_range": v.is_range},
        "lead": ind.lead, "partners": ind.partners, "citation": n, "document": doc.title,
    }


def is_part_of(child: Indicator, parent: Indicator) -> bool:
    """True if child is a sub-row of parent: its parent code, in the same document and top group."""
    return bool(child.parent_code) and child is not parent and child.doc_id == parent.doc_id \
        and child.parent_code == parent.code and child.groups[:1] == parent.groups[:1]


def with_named_siblings(a: Analysis, matches: list[tuple[float, Indicator]],
                        all_items: list[Indicator]) -> list[tuple[float, Indicator]]:
    """Add the other clauses of a chosen target ("… đạt 75%, trong đó … đạt 36%": same source line, or
    the parent row of a "Trong đó" sub-row) when the question names them word for word."""
    from assistant.analysis import topic_of

    asked = {norm_token(w) for w in a.topic}
    out = list(matches)
    seen = {id(i) for _, i in matches}
    for score, ind in matches:
        for other in all_items:
            if id(other) in seen or other.doc_id != ind.doc_id:
                continue
            related = other.lines == ind.lines or is_part_of(ind, other)
            if not related or not targets_for(other, a.years):
                continue
            words = {norm_token(w) for w in topic_of(other.name, set())[0]}
            own = {norm_token(w) for w in topic_of(ind.name, set())[0]}
            # named by words of its own: a parent whose name the chosen sub-row repeats ("Tỷ lệ trường đạt chuẩn
            # - Trung học cơ sở") is not named apart from it
            # a clause of the same line shares its lead-in ("cơ cấu GRDP: khu vực dịch vụ …"): it is named when at
            # least half, and two, of the words it does not share are asked
            distinct = words - own
            named = words <= asked or other.lines == ind.lines and len(distinct & asked) >= max(2, len(distinct) / 2)
            if words and named and not (other.code == ind.parent_code and words <= own):
                out.append((score, other))
                seen.add(id(other))
    return out


def whole_before_parts(a: Analysis, matches: list[tuple[float, Indicator]],
                       all_items: list[Indicator]) -> list[tuple[float, Indicator]]:
    """A question that names a row but none of its parts ("tỷ lệ trường đạt chuẩn theo từng cấp học") is
    answered by the row with all its sub-rows, not by whichever part retrieval put first."""
    if not matches or not matches[0][1].parent_code:
        return matches
    from assistant.analysis import topic_of

    score, part = matches[0]
    parent = next((i for i in all_items if is_part_of(part, i)), None)
    if parent is None or not targets_for(parent, a.years) or not any(i is parent for _, i in matches):
        return matches
    asked = {norm_token(w) for w in a.topic}
    if ({norm_token(w) for w in topic_of(part.name, set())[0]} - {norm_token(w) for w in topic_of(parent.name, set())[0]}) & asked:
        return matches  # the question names the part ("… trung học cơ sở")
    parts = [i for i in all_items if is_part_of(i, parent) and targets_for(i, a.years)]
    chosen = {id(parent), *map(id, parts)}
    return [(score, parent), *[(score, i) for i in parts], *[(s, i) for s, i in matches if id(i) not in chosen]]


def with_sub_rows(matches: list[tuple[float, Indicator]], all_items: list[Indicator]) -> list[tuple[float, Indicator]]:
    """A row whose figure continues in sub-rows ("Trong đó …", "… trong đó:") is answered with them."""
    out: list[tuple[float, Indicator]] = []
    seen = {id(i) for _, i in matches}
    for score, ind in matches:
        out.append((score, ind))
        if ind.source != "table":
            continue
        opens = bool(re.search(r"trong do\s*:?\s*$", fold(ind.name)))
        for child in all_items:
            if is_part_of(child, ind) and id(child) not in seen and (opens or child.code == f"{ind.code}a"):
                out.append((score, child))
                seen.add(id(child))
    return out


def answer_values(a: Analysis, matches: list[tuple[float, Indicator]], docs: dict[str, Document], c: Citations,
                  with_agencies: bool = False) -> Reply:
    """Target values of the matched indicators for the asked year(s), each naming province and document."""
    shown = [ind for _, ind in matches if targets_for(ind, a.years)]
    if len(shown) == 1:
        return indicator_card(a, shown[0], docs[shown[0].doc_id], c)
    lines, facts = [], []
    for _, ind in matches:
        doc = docs[ind.doc_id]
        targets = targets_for(ind, a.years)
        if not targets:
            continue
        n = cite_indicator(c, ind)
        unit = f" (đơn vị: {ind.unit})" if ind.unit else ""
        agencies = f"; {_agency_text(ind)}" if with_agencies and _agency_text(ind) else ""
        lines.append(f"- {doc_label(doc)}, {where(ind)}: «{ind.name}» — {_fmt_targets(targets, ind.unit)}{unit}"
                     f"{agencies} [{n}]")
        facts.extend(_target_fact(ind, t, doc, n) for t in targets)
    if not lines:
        return Reply("not_found", [], [])
    return Reply("answered", lines, facts)


def indicator_card(a: Analysis, ind: Indicator, doc: Document, c: Citations) -> Reply:
    """One record's card: the asked fact first (bold), then the rest of what the record says.

    Other years are named without their values: a neighbouring year's figure next to the answer is the
    figure most often read as the answer."""
    n = cite_indicator(c, ind)
    targets = targets_for(ind, a.years)
    unit = f" (đơn vị: {ind.unit})" if ind.unit else ""
    asked = f"{_fmt_targets(targets, ind.unit)}{unit}"
    if a.intent == "agency" and _agency_text(ind):
        asked = _agency_text(ind)
    lines = [f"**{doc_label(doc)}, {where(ind)}: «{ind.name}» — {asked}** [{n}]"]
    reported = [t for t in targets if t.has_target and t.kind != "target"]
    if reported and len(reported) == sum(t.has_target for t in targets) and _asks_target(a):
        lines.append(f"- Lưu ý: đây là số {kind_note(reported[0]).strip(' ()')} năm "
                     f"{', '.join(dict.fromkeys(t.period for t in reported))}, không phải chỉ tiêu văn bản đặt ra")
    others = [period_label(t) for t in ind.targets if t.has_target and t not in targets]
    if others:
        lines.append(f"- Các năm/giai đoạn khác có mục tiêu: {', '.join(dict.fromkeys(others))}")
    if a.intent == "agency":
        lines.append(f"- Mục tiêu: {_fmt_targets(targets, ind.unit)}")
    if ind.unit:
        lines.append(f"- Đơn vị: {ind.unit}")
    sentence = _whole_sentence(a, ind, doc)
    if sentence:  # "quy mô bao nhiêu giường, nâng cấp thêm bao nhiêu": the second figure is in the same sentence
        lines.append(f"- Nguyên văn: «{sentence}» [{n}]")
    if a.intent != "agency":
        lines.extend(f"- {column_label(ind, role)}: {name}" for role, name in (("lead", ind.lead),
                                                                             ("partners", ind.partners)) if name)
    if ind.note.strip(" *()"):
        lines.append(f"- Ghi chú: {ind.note}")
    title = doc.title if len(doc.title) <= 160 else doc.title[:158].rsplit(" ", 1)[0] + "…"
    lines.append(f"- Văn bản: {title}; {where(ind)}, dòng {ind.lines[0]}–{ind.lines[1]} [{n}]")
    facts = [_target_fact(ind, t, doc, n) for t in targets]
    return Reply("answered", lines, facts)


def _asks_target(a: Analysis) -> bool:
    """The question asks for the level set ("chỉ tiêu", "mục tiêu", "kế hoạch") rather than a result reached."""
    return bool(re.search(r"\b(?:chi tieu|muc tieu|ke hoach|phan dau)\b", a.folded)) and not re.search(
        r"\b(?:uoc|thuc hien|dat duoc|hien trang|hien nay|hien tai)\b", a.folded)


def _whole_sentence(a: Analysis, ind: Indicator, doc: Document) -> str:
    """The source sentence of a target stated in prose, when the question asks for more than one figure and the
    sentence states more than the record's own value."""
    if ind.source != "prose" or len(re.findall(r"\bbao nhieu\b|\bmay\b", a.folded)) < 2:
        return ""
    text = quote_lines(doc, ind.lines[0], ind.lines[1])
    raws = [t.raw for t in ind.targets if t.has_target]
    for sentence in re.split(r"(?<=[.;])\s+", text):
        numbers = re.findall(r"\d[\d.,]*", sentence)
        if any(r and r in sentence for r in raws) and len(numbers) > len(raws) and len(sentence) <= 400:
            return sentence.strip(" ;")
    return ""


def where(ind: Indicator) -> str:
    """'dòng 20 (I. Đến năm 2030)' or 'mục (3)': where a record stands in its document."""
    if ind.source == "prose":
        return f"mục {ind.groups[-1] if ind.groups else ind.code}"
    group = ind.groups[0] if ind.groups else ""
    return f"dòng {ind.code}" + (f" ({group})" if group else "")


def answer_agencies(a: Analysis, matches: list[tuple[float, Indicator]], docs: dict[str, Document], c: Citations) -> Reply:
    """Lead (chủ trì theo dõi) and implementing/co-operating agencies of matched indicators."""
    shown = [ind for _, ind in matches if (not a.years or targets_for(ind, a.years)) and (ind.lead or ind.partners)]
    if len(shown) == 1 and len(matches) == 1:
        card = indicator_card(a, shown[0], docs[shown[0].doc_id], c)
        ind = shown[0]
        card.facts = [{"type": "agency", "record_id": ind.id, "doc_id": ind.doc_id, "province": ind.province, "indicator": ind.name,
                       "code": ind.code, "lead": ind.lead, "partners": ind.partners, "citation": cite_indicator(c, ind)}]
        return card
    lines, facts = [], []
    for _, ind in matches:
        if a.years and not targets_for(ind, a.years):
            continue
        doc = docs[ind.doc_id]
        n = cite_indicator(c, ind)
        if not ind.lead and not ind.partners:
            lines.append(f"- {doc_label(doc)}, {where(ind)}: «{ind.name}» — văn bản không ghi cơ quan chủ trì [{n}]")
            continue
        targets = targets_for(ind, a.years)
        values = f" (mục tiêu {_fmt_targets(targets, ind.unit)})" if targets else ""
        lines.append(f"- {doc_label(doc)}, {where(ind)}: «{ind.name}»{values} — {_agency_text(ind)} [{n}]")
        facts.append({"type": "agency", "record_id": ind.id, "doc_id": ind.doc_id, "province": ind.province, "indicator": ind.name,
                      "code": ind.code, "lead": ind.lead, "partners": ind.partners, "citation": n})
    return Reply("answered" if lines else "not_found", lines, facts)


def cite_task(c: Citations, task: Task) -> int:
    return c.cite(task.doc_id, task_locator(task), task.lines[0], task.lines[1])


def _deadline_text(task: Task) -> str:
    d = task.deadline
    if d is None:
        return "văn bản không ghi thời gian thực hiện"
    if d.recurring:
        return f"{d.raw} (nhiệm vụ thường xuyên)"
    if d.kind == "day":
        return f"{d.raw} (văn bản không ghi năm)"
    end = date.fromisoformat(d.end).strftime("%d/%m/%Y") if d.end else "?"
    return f"{d.raw} (hạn cuối: {end})"


def task_heading(task: Task, doc: Document, limit: int = 900) -> str:
    """The task's full heading as written (titles of numbered tasks run over several lines)."""
    line = doc.lines[task.lines[0] - 1] if task.lines[0] else task.title
    if task.source != "section" or "\t" in line:
        line = task.title  # a table row or a responsibility paragraph: the record's own text, cells whole
    text = re.sub(r"^\s*\d+(?:\.\d+)*[.)]?\s+", "", line).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def task_line(task: Task, doc: Document, n: int, with_agency: bool = True, today: date | None = None) -> str:
    parts = [f"Thời gian thực hiện: {_deadline_text(task)}"]
    if with_agency:
        parts.extend(task_agency_parts(task))
    if task.product:
        parts.append(f"Sản phẩm: {task.product}")
    if task.budget:
        parts.append(f"Kinh phí: {task.budget}")
    flag = ""
    if today and task.deadline:
        st = deadline_status(task.deadline, today)
        flag = {"overdue": " ⚠ đã quá hạn", "due_soon": " ⏰ sắp đến hạn"}.get(st, "")
    return f"- {province_name(doc)} – Nhiệm vụ {task.code} «{task_heading(task, doc)}»: {'; '.join(parts)}{flag} [{n}]"


def _task_fact(task: Task, n: int) -> dict:
    d = task.deadline
    return {"type": "task", "record_id": task.id, "doc_id": task.doc_id, "province": task.province, "code": task.code,
            "title": task.title, "responsible": task.responsible, "lead": task.lead, "partners": task.partners,
            "deadline": d.raw if d else None, "deadline_kind": d.kind if d else None,
            "due_start": d.start if d else None, "due_end": d.end if d else None,
            "recurring": bool(d and d.recurring), "citation": n}


def answer_tasks(tasks: list[Task], docs: dict[str, Document], c: Citations, with_agency: bool = True,
                 today: date | None = None) -> Reply:
    lines, facts = [], []
    for task in tasks:
        n = cite_task(c, task)
        lines.append(task_line(task, docs[task.doc_id], n, with_agency, today))
        facts.append(_task_fact(task, n))
    return Reply("answered" if lines else "not_found", lines, facts)


def task_order(task: Task) -> tuple:
    """Tasks in document order (numeric code parts)."""
    return (task.doc_id, [int(p) if p.isdigit() else 0 for p in task.code.split(".")])


def tasks_due(a: Analysis, tasks: list[Task], today: date) -> list[Task] | None:
    """Tasks due in the period the question names (a month, quarter, date or year); None if it names none."""
    if a.period:
        start, end = a.period
    elif a.years and a.intent in {"deadline", "list"} and not re.search(r"giai doan\s*\d{4}", a.folded) and (
            a.intent == "list" or re.search(TASK_LIST, a.folded)):
        start, end = f"{min(a.years)}-01-01", f"{max(a.years)}-12-31"
    elif a.wants_overdue:
        return [t for t in tasks if t.deadline and deadline_status(t.deadline, today) == "overdue"]
    else:
        return None
    before = bool(re.search(r"\btruoc\b", a.folded))
    out = []
    for t in tasks:
        d = t.deadline
        if d is None or d.recurring or not d.end:
            continue
        ends = [m["end"] for m in d.milestones if m.get("relation") != "from"] or [d.end]
        if before:
            if d.end <= end:
                out.append(t)
        elif any(start <= e <= end for e in ends):
            out.append(t)
    return out


def rank_tasks(a: Analysis, items: list[Task], scorer: Scorer, boost: dict[str, float]) -> list[tuple[float, Task]]:
    scored = []
    code = re.search(TASK_BY_NUMBER + r" (?:so )?(\d+(?:\.\d+)+)", a.folded)
    for task in items:
        if code and task.code == code.group(1):
            scored.append((1.5, task))
            continue
        cov = scorer.coverage(a.topic, task_text(task))
        scored.append((cov + 0.1 * boost.get(task.id, 0.0), task))
    scored.sort(key=lambda x: -x[0])
    return scored


def tasks_of_agencies(a: Analysis, tasks: list[Task], agencies: list[str]) -> list[Task]:
    """Tasks in which a named agency takes the role the question asks about: lead ("… chủ trì") or
    partner ("… phối hợp"), any role otherwise."""
    def roles_text(t: Task) -> str:
        if a.agency_focus == "lead":
            return t.lead or t.responsible
        if a.agency_focus == "partners":
            return t.partners
        return f"{t.responsible} {t.lead} {t.partners}"

    return [t for t in tasks if any(fold(g) in fold(roles_text(t)) for g in agencies)]


def asked_text(a: Analysis) -> str:
    """The folded question as typed and with its abbreviations spelled out ("Sở GDĐT" → "Sở Giáo dục và Đào tạo"):
    what a body's name is looked for in."""
    return f"{a.folded} {fold(long_forms(a.question))}"


def named_bodies(a: Analysis, names: set[str], spelled_out: bool = True) -> list[str]:
    """The names among `names` the question mentions (whole words), the longest of overlapping ones kept;
    `spelled_out`: also as its abbreviations read in full."""
    asked = asked_text(a) if spelled_out else a.folded
    found = [n for n in names if re.search(rf"(?<!\w){re.escape(fold(n))}(?!\w)", asked)]
    return sorted(n for n in found if not any(n != m and fold(n) in fold(m) for m in found))


def _role_text(indicators: list[Indicator], tasks: list[Task]) -> list[str]:
    return [f"{i.lead};{i.partners}" for i in indicators] + [f"{t.lead};{t.partners};{t.responsible}" for t in tasks]


def mentioned_agencies(a: Analysis, indicators: list[Indicator], tasks: list[Task]) -> list[str]:
    """Agency names from the records that the question quotes ('Phòng Tài chính', 'Văn phòng Sở')."""
    names = {p.strip() for roles in _role_text(indicators, tasks) for p in re.split(r"[,;]", roles) if len(p.strip()) > 6}
    return named_bodies(a, names)


def absent_agencies(a: Analysis, indicators: list[Indicator], tasks: list[Task]) -> list[str]:
    """Bodies the question names by a known full or short name ("Sở NV" → "Sở Nội vụ") that no record in scope
    gives a role: asked which tasks they lead, the documents do not say (not the tasks of others)."""
    roles = fold(" ".join(_role_text(indicators, tasks)))
    known = {n for n in (*ABBREVIATIONS.values(), *TYPED_SHORT_FORMS.values()) if n[:1].isupper() and is_agency(n)}
    # as typed only: a body's abbreviation is mostly the issuer named as scope ("Sở GDĐT Phú Thọ: …"), a short form
    # typed for a body asked about is in TYPED_SHORT_FORMS ("Sở NV")
    return [n for n in named_bodies(a, known, spelled_out=False) if fold(n) not in roles]


_DOC_LABELS = {"so_hieu": "Số hiệu", "signer": "Người ký", "issuer": "Cơ quan ban hành", "doc_type": "Loại văn bản",
               "date_issued": "Ngày ban hành", "province": "Tỉnh/thành phố", "effective_text": "Hiệu lực",
               "parent_text": "Kèm theo"}


def answer_docfacts(a: Analysis, docs: list[Document], c: Citations) -> Reply:
    """Số hiệu, ngày ban hành, người ký (and position), cơ quan ban hành, loại văn bản, tỉnh of documents in scope."""
    from index.chunking import signer_position

    fields = [f for f in (a.docfact_fields or ["so_hieu"]) if f in _DOC_LABELS]
    if "parent_text" in fields and not any(d.parent_so_hieu for d in docs):
        fields.remove("parent_text")  # what an appendix accompanies, only when it gives the number
        fields = fields or ["so_hieu"]
    lines, facts, missing = [], [], []
    for doc in docs:
        parts, cites = [], []
        asked = fields
        if doc.parent_so_hieu and "parent_text" not in asked and (re.search(r"kem theo", a.folded) or (
                not (doc.so_hieu or doc.date_issued) and {"so_hieu", "date_issued"} & set(fields))):
            # an appendix without its own number and date: what it accompanies answers "số mấy, ngày nào"
            asked = ["parent_text", *[f for f in fields if f not in {"so_hieu", "date_issued"} or getattr(doc, f)]]
        for field_name in asked:
            value = getattr(doc, field_name)
            if not value:
                missing.append((doc, field_name))
                continue
            shown = _show_date(value) if field_name == "date_issued" else value
            if field_name == "effective_text" and doc.effective_date:
                shown = f"{value} ({_show_date(doc.effective_date)})"
            if field_name == "signer" and (position := signer_position(doc)):
                shown = f"{value} ({position.title() if position.isupper() else position})"
            start, end = _find_line(doc, value if field_name != "date_issued" else "", value)
            if field_name == "date_issued" and (said := re.search(
                    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", doc.lines[start - 1], re.IGNORECASE)):
                shown += f" (văn bản ghi: «{said.group(0)}»)"  # the date as the document writes it
            cites.append(c.cite(doc.doc_id, "Thông tin văn bản", start, end))
            parts.append(f"{_DOC_LABELS[field_name]}: {shown}")
            facts.append({"type": "document", "doc_id": doc.doc_id, "field": field_name, "value": value,
                          "citation": cites[-1]})
        if parts:
            marks = "".join(f"[{n}]" for n in dict.fromkeys(cites))
            lines.append(f"- {doc_label(doc)}: {'; '.join(parts)} {marks}")
    note = "; ".join(f"{doc_short(d)}: văn bản để trống/không ghi {_DOC_LABELS[f].lower()}" for d, f in missing)
    asks_day = re.search(r"\bngay (?:nao|may|cu the|bao nhieu|chinh xac)\b", a.folded)  # the day itself is asked
    if lines and (missing or asks_day) and all(f["field"] == "date_issued" and f["value"].count("-") < 2
                                               for f in facts):
        # nothing asked is given whole (no number, a date without its day): the answer is not in the text; what
        # the text does say is told beside it
        said = "; ".join(f"{_DOC_LABELS['date_issued'].lower()} chỉ ghi {_show_date(f['value'])}" for f in facts)
        return Reply("not_found", [], [], f"{note}; {said}" if note else said)
    return Reply("answered" if lines else "not_found", lines, facts, note)


def _show_date(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2]):02d}/{int(parts[1]):02d}/{parts[0]}"
    if len(parts) == 2:
        return f"tháng {int(parts[1]):02d}/{parts[0]} (văn bản để trống ngày)"  # dates are shown as dd/mm/yyyy
    return f"năm {value} (văn bản để trống ngày, tháng)"


def _find_line(doc: Document, *needles: str) -> tuple[int, int]:
    """The first line that contains a value (or its date forms); the heading lines otherwise."""
    forms = [fold(n) for n in needles if n]
    for n in needles:
        m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", n or "")
        if m:
            y, mo, d = m.group(1), int(m.group(2)), m.group(3)
            if d:
                forms += [f"{int(d)}/{mo}/{y}", f"{int(d):02d}/{mo:02d}/{y}", f"ngay {int(d)} thang {mo} nam {y}",
                          f"ngay {int(d):02d} thang {mo} nam {y}"]
            forms += [f"thang {mo} nam {y}", f"/{mo:02d}/{y}", f"thang {mo:02d} nam {y}"]
    for i, line in enumerate(doc.lines, start=1):
        fl = re.sub(r"\s+", " ", fold(line))
        if any(f and f in fl for f in forms):
            return i, i
    return 1, min(3, len(doc.lines))
