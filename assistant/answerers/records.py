"""Values and agencies of the indicator or task records that answer the question."""

from __future__ import annotations

import re

from assistant import paraphrase
from assistant.analysis import Analysis, levels
from assistant.answer import Citations
from assistant.calibration import (
    Candidate,
    asked_kind,
    contradicts,
    features,
    narrower_than_overall,
    other_count,
    other_degree,
    other_denominator,
    other_level,
    probability,
    rate_for_level,
    threshold,
    unknown_code,
    unnamed_acronym,
)
from assistant.context import Context
from assistant.matching import norm_token, tokens
from assistant.structured import (
    MATCH,
    Reply,
    add_other_parts,
    answer_agencies,
    answer_tasks,
    answer_values,
    best_matches,
    doc_label,
    indicator_text,
    is_part_of,
    per_doc_best,
    rank_indicators,
    rank_tasks,
    record_score,
    scope_docs,
    targets_for,
    task_text,
    whole_before_parts,
    with_named_siblings,
    with_sub_rows,
    without_whole_of_part,
)
from corpus.records import Document, Indicator, Task
from index.lookup import period_label


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    """Value and agency questions; None lets the passages answerer quote the text."""
    if a.intent not in {"value", "agency"} or a.asks_overall_goal:
        return None
    scope = scope_docs(a, ctx.docs)
    if len(scope) == 1 and _named_rows(a, ctx.in_scope(scope)[0]) == []:
        codes = ", ".join(a.row_codes)
        return Reply("not_found", [], [], f"{doc_label(scope[0])} không có dòng/chỉ tiêu số {codes}.")
    reply = record_answer(a, scope, ctx, ctx.citations)
    if a.intent == "agency" and reply.status == "answered" and reply.score < 0.85:
        # "who" is often said in prose (Tổ chức thực hiện, Điều 2): take the better of the two
        quoted = ctx.extractive(a, scope, Citations(ctx.docs_by_id))
        if quoted.status == "answered" and quoted.score > reply.score:
            return ctx.extractive(a, scope)
    if reply.status == "answered" or reply.note and (a.intent != "value" or a.asks_figure):
        return reply
    return None  # a target named without a figure asked ("mục tiêu chung …?") may be a section of text


# a question for a purpose or reason ("để làm gì", "nhằm mục đích gì", "vì sao"): a record's figure never
# answers it, the text around it does (folded)
_WHY = r"\bde lam gi\b|\bnham (?:muc dich )?(?:gi|nao)\b|\bmuc dich\b|\b(?:tai|vi) sao\b|\by nghia\b|\bvai tro\b"


# a row named clearly better than any row with a target for the asked year is the row asked about
YEARLESS_MARGIN = 0.15
# an open question is answered by one record only when it covers the question well and the calibrated gate is
# sure of it (the passages answerer quotes the text otherwise)
OPEN_MATCH = 0.65
OPEN_CONFIDENCE = 0.7


def try_answer_open(a: Analysis, ctx: Context) -> Reply | None:
    """An open question that one record answers well (strict threshold)."""
    if a.intent != "open" or re.search(_WHY, a.folded):
        return None
    reply = record_answer(a, scope_docs(a, ctx.docs), ctx, ctx.citations, strict=True)
    return reply if reply.status == "answered" and reply.confidence >= OPEN_CONFIDENCE else None


def ranked(a: Analysis, scope: list[Document], ctx: Context) -> tuple[list, list, dict[str, float]]:
    """Indicators and tasks in scope, each best first, and the retrieval boost used."""
    inds, tasks = ctx.in_scope(scope)
    if a.intent == "agency":
        inds = [i for i in inds if i.lead or i.partners]  # only rows that name an agency answer "who"
    boost = ctx.retrieval_boost(a, scope, ["indicator", "task"])
    named = _named_rows(a, inds) if len(scope) == 1 else None
    if named is not None:
        # a row named by its number in the one document asked ("PL01 dòng 22"): that row, however it is worded
        scored = rank_indicators(a, named, ctx.record_scorer, boost)
        # the row and its parts ("4.7" and "4.7.1"): the words asked choose among them
        return [(ROW_NAMED + s, i) for s, i in scored], [], boost
    return rank_indicators(a, inds, ctx.record_scorer, boost), rank_tasks(a, tasks, ctx.record_scorer, boost), boost


ROW_NAMED = 1.0  # the score of a row the question names by number: as sure as a row whose every word is asked


def _code_key(code: str) -> str:
    return code.strip().strip("()").replace(").", ".").replace("(", "").lower()


def _named_rows(a: Analysis, inds: list[Indicator]) -> list[Indicator] | None:
    """The rows (and their parts) a question names by number, when the table numbers its rows: [] when it has
    none of that number ("chỉ tiêu số 44" of a 43-row table); None when no row is named or the rows bear no numbers."""
    if not a.row_codes:
        return None
    named = [i for i in inds if _row_named(a, i)]
    return named if named or any(re.fullmatch(r"\d+", _code_key(i.code)) for i in inds) else None


def _row_named(a: Analysis, rec: Indicator | Task) -> bool:
    """The record is a row the question names by number, or one of that row's parts."""
    if not isinstance(rec, Indicator):
        return False
    key = _code_key(rec.code)
    return any(key == c or key.startswith(c + ".") for c in (_code_key(x) for x in a.row_codes))


def candidate(a: Analysis, ctx: Context, rec: Indicator | Task, score: float, next_best: float,
              boost: dict[str, float], also: list[Indicator | Task] | None = None) -> Candidate:
    """One record with its evidence features and calibrated probability.

    `also`: the other records an answer gives with it (the parts of a question with several parts);
    the lexical evidence is then what they cover together."""
    def text_of(r: Indicator | Task) -> str:
        return indicator_text(r) if isinstance(r, Indicator) else task_text(r)

    if isinstance(rec, Indicator):
        worded = " ".join(t.raw for t in rec.targets if t.value is not None and t.value.qualitative)
        own = record_score(a, f"{rec.name} {rec.unit} {worded}", ctx.record_scorer, 0.0)
    else:
        own = ctx.record_scorer.coverage(a.topic, rec.title)
    text = " ".join(text_of(r) for r in [rec, *(also or [])])
    if also:
        score = max(score, record_score(a, text, ctx.record_scorer, boost.get(rec.id, 0.0)))
    known_words = [w for w in a.topic if ctx.record_scorer.df.get(norm_token(w), 0) > 0]
    known = ctx.record_scorer.coverage(known_words, text) if known_words else 0.0
    key_word = ctx.record_scorer.key_word(a.topic)
    key = bool(key_word) and key_word in tokens(text)
    feats = features(a, rec, score, known, own, key, score - next_best, boost.get(rec.id, 0.0),
                     ctx.dense_sim.get(rec.id, 0.0))
    return Candidate(rec, score, feats, probability(feats))


def candidates(a: Analysis, ctx: Context, ind_scored: list, task_scored: list, boost: dict[str, float],
               n: int = 5) -> list[Candidate]:
    """The n best candidate records (indicators and tasks together) with their evidence features."""
    merged = sorted([*ind_scored[:n + 1], *task_scored[:n + 1]], key=lambda x: -x[0])
    out = []
    for k, (score, rec) in enumerate(merged[:n]):
        others = [s for j, (s, _) in enumerate(merged) if j != k]
        out.append(candidate(a, ctx, rec, score, max(others, default=0.0), boost))
    return out


def gate(a: Analysis, ctx: Context, best: Indicator | Task, ind_scored: list, task_scored: list,
         boost: dict[str, float], also: list[Indicator | Task] | None = None,
         meaning_p: float | None = None) -> tuple[float, Reply | None]:
    """Calibrated confidence that `best` answers; below the threshold a "not found" naming it as related.

    `meaning_p`: the paraphrase model's probability for a record the question words otherwise (it stands
    for the main model's, which only weighs shared words); the rules on the quantity asked still apply."""
    if _row_named(a, best) and len(scope_docs(a, ctx.docs)) == 1:
        return 1.0, None  # the row the question names by its number in the one document asked (see ranked)
    # competitors are records of the same kind: a task restating a target in prose does not make the target
    # less certain
    merged = ind_scored[:6] if isinstance(best, Indicator) else task_scored[:6]
    # ... nor do its own parts: a row and its sub-rows ("Tỷ lệ trường đạt chuẩn" and "- Mầm non", "- Tiểu học")
    # share their words without being rival answers
    merged = [(s, r) for s, r in merged if not _parts_of_one(best, r)]
    score = next((s for s, r in [*ind_scored, *task_scored] if r is best), 0.0)
    next_best = max((s for s, r in merged if r is not best), default=0.0)
    cand = candidate(a, ctx, best, score, next_best, boost, also)
    if meaning_p is not None:
        cand.probability = meaning_p
    sure = cand.probability >= (threshold() if meaning_p is None else paraphrase.threshold())
    # a record stating another kind of quantity than the one asked (a share for a sum of money, beds for
    # money) never answers, whatever the other evidence
    text = indicator_text(best) if isinstance(best, Indicator) else task_text(best)
    if (sure and not contradicts(asked_kind(a.folded), best, a.folded)
            and not other_count(a.folded, text) and not other_denominator(a.folded, _with_source(ctx, best, text))
            and not other_level(levels(a.topic), text)
            and not other_degree(a.folded, text)
            and not (isinstance(best, Indicator) and narrower_than_overall(a.folded, best.name))
            and not rate_for_level(a.folded, best)
            and not unknown_code(a.topic, ctx.record_scorer.df, text)
            and not unnamed_acronym(a.question, a.topic, text)):
        return cand.probability, None
    doc = ctx.docs_by_id[best.doc_id]
    # the related record is named without its figures: a number beside "not found" would be read as the answer
    name = without_figures(best.name) if isinstance(best, Indicator) else (
        f"nhiệm vụ {best.code} «{without_figures(best.title)}»")
    note = (f"văn bản không nêu đúng thông tin được hỏi. Thông tin liên quan gần nhất (không phải câu trả lời): "
            f"«{name}» — {doc_label(doc)}.")
    reply = Reply("not_found", [], [], note)
    reply.confidence = cand.probability
    return cand.probability, reply


def _with_source(ctx: Context, rec: Indicator | Task, text: str) -> str:
    """A record's text and the lines it was read from: what a figure is given per ("15 người trên 1 vạn dân")
    may stay in the sentence when the value is read out of it."""
    doc = ctx.docs_by_id.get(rec.doc_id)
    return f"{text} {doc.span_text(rec.lines)}" if doc and rec.lines[0] else text


def _parts_of_one(a: Indicator | Task, b: Indicator | Task) -> bool:
    """True if one record is a sub-row of the other (same document)."""
    if not (isinstance(a, Indicator) and isinstance(b, Indicator)):
        return False
    return is_part_of(a, b) or is_part_of(b, a)


def without_figures(text: str) -> str:
    """A record's name with its figures replaced by '…' ("Có ít nhất … sản phẩm OCOP đạt từ … sao")."""
    figure = r"(?<![\w/-])\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?(?:\s*%)?(?![\w/-])"

    def masked(m: re.Match[str]) -> str:  # a year stays ("đến năm 2030"): it says when, not how much
        return m.group(0) if re.search(r"(?:năm|giai đoạn)\s*$", text[:m.start()]) else "…"

    return re.sub(figure, masked, text).strip(" ;,.")


def record_answer(a: Analysis, scope: list[Document], ctx: Context, c: Citations, strict: bool = False) -> Reply:
    """The best indicator rows (or tasks) for the topic, with their values or agencies."""
    ind_scored, task_scored, boost = ranked(a, scope, ctx)
    best_ind = ind_scored[0][0] if ind_scored else 0.0
    best_task = task_scored[0][0] if task_scored else 0.0
    threshold = OPEN_MATCH if strict else MATCH
    floor = MATCH  # the share of the topic a record must cover
    by_meaning = None
    if max(best_ind, best_task) < threshold:
        found = None if strict else found_by_meaning(a, ctx, ind_scored, task_scored, boost)
        if found is None:
            return Reply("not_found", [], [])
        # the record that says it in other words: it is the match, and only records scored as high join it
        floor, by_meaning = found
        threshold = floor
    if (a.intent == "agency" or strict) and best_task > best_ind and best_task >= threshold:
        chosen = [t for _, t in best_matches(task_scored, floor)][:3]
        confidence, refusal = gate(a, ctx, chosen[0], ind_scored, task_scored, boost, meaning_p=by_meaning)
        if refusal:
            return refusal
        reply = answer_tasks(chosen, ctx.docs_by_id, c, today=ctx.today)
        reply.score = best_task
        reply.confidence = confidence
        return _said_otherwise(reply, by_meaning)
    if a.years:
        with_year = [(s, i) for s, i in ind_scored if any(t.has_target and (not a.year_alone or re.fullmatch(
            r"\d{4}", t.period or "")) for t in targets_for(i, a.years))]
        matches = best_matches(with_year, floor)
        named = best_matches(ind_scored, floor)
        if matches and named and named[0][0] >= matches[0][0] + YEARLESS_MARGIN and not any(
                i is named[0][1] for _, i in with_year):
            matches = []  # the row the question names sets nothing for that year: a lesser row does not stand in
        if not matches and named:
            known = sorted({period_label(t) for _, i in named for t in i.targets if t.has_target})
            years = ", ".join(str(y) for y in a.years)
            return Reply("not_found", [], [], f"Văn bản không đặt chỉ tiêu này cho năm {years} "
                         f"(chỉ có mục tiêu cho: {', '.join(known) or 'không năm nào'}).")
    else:
        with_year = ind_scored
        matches = best_matches(ind_scored, floor)
    if not matches:
        return Reply("not_found", [], [])
    matches = whole_before_parts(a, matches, ctx.indicators)
    if not a.breakdown:  # a figure asked part by part keeps every part that answers, not one per document
        matches = per_doc_best(matches)
    matches = add_other_parts(a, matches, with_year, ctx.record_scorer, indicator_text)
    same_docs, _ = ctx.records.of_docs({i.doc_id for _, i in matches})  # siblings and sub-rows share the document
    matches = with_sub_rows(with_named_siblings(a, matches, same_docs), same_docs)
    matches = without_whole_of_part(a, matches, same_docs)
    # records stating another kind of quantity than the one asked, or another number of the thing the question
    # counts ("nhóm 150 đại học" for "nhóm 200 đại học"), drop out before the best is chosen
    asked = asked_kind(a.folded)
    fitting = [(s, i) for s, i in matches
               if not contradicts(asked, i, a.folded)
               and not other_count(a.folded, indicator_text(i))
               and not other_denominator(a.folded, _with_source(ctx, i, indicator_text(i)))]
    matches = fitting or matches
    best = matches[0][1]
    confidence, refusal = gate(a, ctx, best, ind_scored, task_scored, boost,
                               also=[i for _, i in matches[1:] if i.doc_id == best.doc_id], meaning_p=by_meaning)
    if refusal:
        return refusal
    if a.intent == "agency":
        if (re.search(r"\bphoi hop\b", a.folded) and not re.search(r"\bchu tri\b", a.folded)
                and not any(i.partners for _, i in matches)):
            return _no_partners(best, ctx.docs_by_id[best.doc_id])
        reply = answer_agencies(a, matches, ctx.docs_by_id, c)
        reply.score = matches[0][0]
        reply.confidence = confidence
        return _said_otherwise(reply, by_meaning)
    asks_agency = bool(re.search(r"chu tri|theo doi|trien khai|phoi hop|co quan|don vi nao|phong nao", a.folded))
    reply = answer_values(a, matches, ctx.docs_by_id, c, with_agencies=asks_agency)
    reply.confidence = confidence
    return _said_otherwise(reply, by_meaning)


def _no_partners(ind: Indicator, doc: Document) -> Reply:
    """Co-operating bodies asked of a row that names only its lead (a table with a lead column alone): the
    document does not say; the lead is named as related, not as the answer."""
    lead = f" (chỉ ghi cơ quan chủ trì: {ind.lead})" if ind.lead else ""
    return Reply("not_found", [], [], f"văn bản không ghi cơ quan phối hợp cho chỉ tiêu «{without_figures(ind.name)}»"
                 f"{lead} — {doc_label(doc)}.")


def meaning_evidence(a: Analysis, ctx: Context, ind_scored: list,
                     task_scored: list, boost: dict[str, float]) -> tuple[float, Indicator | Task, dict] | None:
    """(score, record, paraphrase features) of the best candidate record; None when there is none or it is a task
    and "who" is not asked (a task answers "who" only)."""
    merged = sorted([*ind_scored[:6], *task_scored[:6]], key=lambda x: -x[0])
    if not merged or (isinstance(merged[0][1], Task) and a.intent != "agency"):
        return None
    score, rec = merged[0]
    cand = candidate(a, ctx, rec, score, merged[1][0] if len(merged) > 1 else 0.0, boost)
    ids = {r.id for _, r in [*ind_scored, *task_scored]}
    dense = {rid: s for rid, s in ctx.dense_sim.items() if rid in ids}
    text = indicator_text(rec) if isinstance(rec, Indicator) else task_text(rec)
    return score, rec, paraphrase.features(a, ctx, cand, text, dense)


def found_by_meaning(a: Analysis, ctx: Context, ind_scored: list, task_scored: list,
                     boost: dict[str, float]) -> tuple[float, float] | None:
    """(score, probability) of the best record when the question words it otherwise and the paraphrase model
    is sure enough; None otherwise."""
    evidence = meaning_evidence(a, ctx, ind_scored, task_scored, boost)
    if evidence is None:
        return None
    score, _, feats = evidence
    p = paraphrase.probability(feats)
    return (score, p) if p >= paraphrase.threshold() else None


def _said_otherwise(reply: Reply, by_meaning: float | None) -> Reply:
    """An answer on a record found by meaning says so: in its path (logged and returned as "path") and to the
    reader, who is asked to check the record's name against the question."""
    if by_meaning is not None and reply.status == "answered":
        reply.path = "record_paraphrase"
        reply.lines.append("- Lưu ý: văn bản không dùng đúng các từ của câu hỏi; chỉ tiêu trên được chọn vì cùng "
                           "nội dung. Đề nghị đối chiếu tên chỉ tiêu trước khi sử dụng.")
    return reply
