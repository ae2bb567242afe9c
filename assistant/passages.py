"""Extractive answers: the sentences of the best passages that answer an open question, quoted."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.analysis import Analysis
from assistant.answer import Citations
from assistant.calibration import (
    asked_kind,
    counts_other_thing,
    other_count,
    other_denominator,
    other_share,
    states_amount,
)
from assistant.matching import Scorer, norm_token
from assistant.structured import Reply, doc_label, record_score
from corpus.deadlines import parse_deadline
from corpus.prose_targets import value_phrases
from corpus.sections import heading, section_at
from corpus.textnorm import fold
from index.chunking import split_sentences
from index.retrieve import Filters, Hit, Index

SENTENCE_MATCH = 0.6
# an open question (how, what for, what does it say) is answered by quoting; its words are paraphrased
# more freely than a value's name, and a quote carries no figure to get wrong
OPEN_SENTENCE_MATCH = 0.5
_AGENCY_WORDS = re.compile(r"\b(Sở|Phòng|Ban|Ủy ban|UBND|Đảng ủy|Văn phòng|Hội đồng|Bộ|Tỉnh ủy|Thành ủy|Thường trực)\b")
MAX_SENTENCES = 6
TOP_PASSAGE_MATCH = 0.4


# a question asking why or what for, and the words that state a purpose in plans (folded; general Vietnamese)
_WHY = re.compile(r"\b(?:vi sao|tai sao|vi ly do gi|de lam gi|nham muc dich gi|nham gi)\b")
_PURPOSE = re.compile(r"\b(?:nham|de|gop phan|qua do|tao dieu kien|bao dam|dam bao)\b")

def _year_ok(a: Analysis, sentence: str, header: str) -> bool:
    if not a.years:
        return True
    text = f"{sentence} {header}"
    for y in a.years:
        if str(y) in text:
            return True
        for lo, hi in re.findall(r"(20\d\d)\s*[-–]\s*(20\d\d)", text):
            # a year inside a period: only a figure set for each of its years ("tăng bình quân 8%/năm") holds for
            # it; a total over the period ("giai đoạn 2026-2030 đạt 3,5-4 tỷ USD") is no year's figure
            if int(lo) <= y <= int(hi) and not a.year_alone and (y == int(hi) or re.search(_EACH_YEAR,
                                                                                             fold(sentence))):
                return True
    return False


# a figure set for every year of a period (folded): "/năm", "mỗi năm", "hằng năm", "bình quân"
_EACH_YEAR = r"/\s*nam\b|\bmoi nam\b|\bhang nam\b|\bbinh quan\b|\btung nam\b"


def extract(a: Analysis, index: Index, c: Citations, scope: list[str] | None, scorer: Scorer,
            want_number: bool = False) -> Reply:
    """Quote the sentences (from the top passages in scope) that cover the question's topic."""
    filters = Filters(doc_ids=scope or None, kinds=["prose", "task"])
    hits = index.search(a.question, k=8, filters=filters)
    candidates: list[tuple[str, str, Hit, int]] = []
    top = hits[0] if hits else None
    for hit in hits:
        doc = index.docs_by_id[hit.metadata["doc_id"]]
        for n in range(hit.metadata["line_start"], hit.metadata["line_end"] + 1):
            line = doc.lines[n - 1]
            if not line.strip() or (heading(line) and len(line) < 120):
                continue  # short headings are already in the locator; long ones (tasks) state content
            # a chunk may run over a heading: each line is placed under its own section, not the chunk's first
            own = section_at(doc.sections, n)
            header = " › ".join(own.path) if own else hit.metadata.get("locator", "")
            for sent in split_sentences(line.replace("\t", " | ")):
                candidates.append((sent, header, hit, n))
    if not candidates:
        return Reply("not_found", [], [])
    scored = []
    asked = {norm_token(t) for t in a.topic}
    parts = conjuncts(a) if a.intent == "open" else ([a] if a.topic else [])
    purpose = bool(_WHY.search(a.folded))
    amount = asked_kind(a.folded)  # "tổng vốn bao nhiêu": a sentence without an amount of money does not answer
    for rank, (sent, header, hit, line_no) in enumerate(candidates):
        if len(sent.strip()) < 12 or fold(sent).strip(" .:") == fold(header).split(". ", 1)[-1].strip(" .:"):
            continue  # a heading, not a statement
        if want_number:
            # a count such as "02 trung tâm" answers, unless the question already says it ("09 xã")
            counted = any(norm_token(w) in asked and f"{n} {w}" not in a.folded
                          for n, w in re.findall(r"\b(\d+(?:[-–]\d+)?)\s+([^\W\d]+)", fold(sent)))
            if not value_phrases(sent) and not counted:
                continue  # a figure is asked: the sentence must state one ("02 trung tâm", "6-14 tuổi")
            if (other_count(a.folded, sent) or other_denominator(a.folded, sent) or other_share(a.folded, sent)
                    or counts_other_thing(a.folded, sent)):
                continue
            cov = scorer.coverage(a.topic, sent)
        else:
            # an open question about two things ("tuyển dụng giáo viên và xử lý người không đáp ứng") is answered
            # by a sentence on either of them
            cov = max((record_score(p, f"{sent} {header}", scorer, 0.0) for p in parts), default=0.0)
            if a.intent == "agency" and _AGENCY_WORDS.search(sent):
                cov += 0.1  # "who" questions: a sentence that names a body
            if purpose and _PURPOSE.search(fold(sent)):
                cov += 0.1  # "vì sao / để làm gì": a sentence that says what something is for
        if not states_amount(sent, amount, a.folded):
            continue
        if not _year_ok(a, sent, header):
            continue
        if a.intent == "deadline" and parse_deadline(sent).kind == "unknown":
            continue  # "khi nào": a sentence that states no time does not answer it
        scored.append((cov - rank * 0.001, sent, header, hit, line_no))
    scored.sort(key=lambda x: -x[0])
    lines, facts, used = [], [], set()
    minimum = OPEN_SENTENCE_MATCH if a.intent == "open" else SENTENCE_MATCH
    for score, sent, header, hit, line_no in scored:
        if len(lines) >= MAX_SENTENCES:
            break
        # an open question is paraphrased more freely still when its passage is the one retrieval put first
        if score < (TOP_PASSAGE_MATCH if a.intent == "open" and hit is top else minimum):
            continue
        key = (hit.metadata["doc_id"], line_no, sent)
        if key in used:
            continue
        used.add(key)
        doc = index.docs_by_id[hit.metadata["doc_id"]]
        n = c.cite(doc.doc_id, header, line_no, line_no, quote=sent.strip())
        lines.append(f"- {doc_label(doc)} ({short_locator(header)}): «{sent.strip()}» [{n}]")
        facts.append({"type": "passage", "doc_id": doc.doc_id, "province": doc.province, "quote": sent.strip(),
                      "locator": header, "citation": n, "score": round(score, 3),
                      "line": line_no})
    order = sorted(range(len(lines)), key=lambda i: (facts[i]["doc_id"], facts[i]["line"]))
    best = max((f["score"] for f in facts), default=0.0)
    return Reply("answered" if lines else "not_found", [lines[i] for i in order], [facts[i] for i in order],
                 score=best)


# words that join two things asked about (accented; general Vietnamese)
_AND = re.compile(r"\s+(?:và|cũng như|đồng thời)\s+", re.IGNORECASE)
MIN_CONJUNCT = 3  # distinct topic words a part must hold to be asked about by itself ("học sinh" is no part)


def conjuncts(a: Analysis) -> list[Analysis]:
    """The question, and each part of it joined by "và" that holds enough topic words of its own, as questions
    of their own topic (topic words in question order, kept where their part names them)."""
    if not a.topic:
        return []
    out = [a]
    pieces = _AND.split(a.question)
    if len(pieces) < 2:
        return out
    for piece in pieces:
        words = set(re.findall(r"[a-z0-9]+", fold(piece)))
        topic = [w for w in a.topic if str(w) in words]
        if len(set(map(str, topic))) >= MIN_CONJUNCT and len(topic) < len(a.topic):
            out.append(replace(a, topic=topic, phrases=[p for p in a.phrases if set(p.split()) <= set(topic)]))
    return out


def short_locator(path: str, width: int = 120) -> str:
    """A section path for display: its innermost parts, which say where the sentence stands, within width."""
    if len(path) <= width:
        return path
    parts = path.split(" › ")
    kept: list[str] = []
    for part in reversed(parts):
        if kept and len(" › ".join([part, *kept])) > width - 2:
            break
        kept.insert(0, part)
    shown = " › ".join(kept)
    return ("… › " + shown) if len(kept) < len(parts) else shown[: width - 1] + "…"


def quote_span(a: Analysis, doc_id: str, span: tuple[int, int], locator: str, index: Index, c: Citations,
               scorer: Scorer, most: int = 5, skip: str = "") -> tuple[list[str], list[dict]]:
    """The sentences of one known passage (a task named by number) that bear most on the question, in
    document order: what "nhiệm vụ 3.5 đổi mới ra sao" asks is the content, not the task's card."""
    doc = index.docs_by_id[doc_id]
    found = []
    for n in range(span[0], span[1] + 1):
        for sent in split_sentences(doc.lines[n - 1].replace("\t", " | ")):
            if len(sent.strip()) >= 20 and fold(sent).strip(" .;:") not in fold(skip):  # the title is shown already
                found.append((record_score(a, sent, scorer, 0.0) if a.topic else 0.0, n, sent.strip()))
    chosen = sorted(sorted(found, key=lambda x: -x[0])[:most], key=lambda x: x[1])
    lines, facts = [], []
    for score, n, sent in chosen:
        k = c.cite(doc_id, locator, n, n, quote=sent)
        lines.append(f"  «{sent}» [{k}]")
        facts.append({"type": "passage", "doc_id": doc_id, "province": doc.province, "quote": sent,
                      "locator": locator, "citation": k, "score": round(score, 3), "line": n})
    return lines, facts
