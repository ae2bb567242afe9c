"""'X là gì?' where X is a section heading ('Mục đích', 'Tầm nhìn đến năm 2045'): quote the section."""

from __future__ import annotations

import re

from assistant.analysis import Analysis
from assistant.context import Context
from assistant.matching import norm_token, tokens
from assistant.structured import Reply, doc_label, scope_docs
from corpus.records import Document, Section
from corpus.textnorm import fold


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    """A heading answers when every content word of it is in the question, or when the heading with its
    parents covers the whole topic; the most specific such heading wins."""
    if not (a.intent == "open" or a.intent == "value" and (not a.asks_figure or a.asks_overall_goal)) or not (
            a.topic or a.intent == "open"):
        return None  # an open question with no topic left ("đặt ra những yêu cầu gì?") asks for a part it names
    asked = set(a.topic)
    question_words = set(re.findall(r"[a-z0-9]+", a.folded))
    best = None
    for doc in scope_docs(a, ctx.docs):
        for sec in doc.sections:
            title = _label(sec.title)
            if len(title.split()) > 12:
                continue  # a task's title, not a heading
            words = [w for w in re.findall(r"[a-z0-9]+", fold(title)) if not w.isdigit()
                     and not re.fullmatch(r"[ivxlc]+", w)]
            if re.search(r"\b(?:19|20)\d\d\b", title):  # "Tầm nhìn đến năm 2045" is asked as "tầm nhìn 2045"
                words = [w for w in words if w not in _YEAR_WORDS]
            inside = bool(words) and set(words) <= question_words
            covered = ctx.passage_scorer.coverage(a.topic, " ".join(sec.path)) >= 0.99
            # the rest of the topic must be the document's own subject (its title), not a new matter
            explained = set(words) | set(re.findall(r"[a-z0-9]+", fold(" ".join([doc.title, *sec.path]))))
            if not (covered or (inside and len(asked - explained) <= 1)):
                continue
            rank = (len(set(words) & asked), len(set(words) & question_words), sec.level)
            if best is None or rank > best[0]:
                best = (rank, doc, sec)
    if best is None and a.intent == "open" and a.topic and not a.asks_figure:
        best = _closest_part(a, ctx)
    if best is None:
        return _general_goal(a, ctx)
    _, doc, sec = best
    return _quote(doc, sec, ctx)


# the words that lead up to a year in a heading ("đến năm 2045", "giai đoạn 2026-2030", "tới năm"), folded
_YEAR_WORDS = {"den", "toi", "nam", "giai", "doan", "tu"}
PART_MATCH = 0.75  # an open question's topic covered this much by one part's heading path …
PART_MARGIN = 0.15  # … and clearly more than by any other part: "X định hướng Y ra sao" asks that part


def _closest_part(a: Analysis, ctx: Context) -> tuple | None:
    """The one part of a document whose heading path covers most of an open question's topic ("Nghị quyết 68
    định hướng phát triển giáo dục và đào tạo ra sao" → "3.2.1. Tập trung phát triển giáo dục và đào tạo, …")."""
    # each topic word counts alike: a heading names a field in common words ("phát triển giáo dục và đào tạo")
    # that the corpus's word weights make light beside the question's rarer verb ("định hướng")
    words = list(dict.fromkeys(a.topic))
    scored = []
    for doc in scope_docs(a, ctx.docs):
        for sec in doc.sections:
            head, colon, tail = sec.title.partition(":")
            if len(sec.title.split()) > 24 or colon and len(tail.split()) > 4:
                continue  # a task's or a body's paragraph ("4. Sở Nội vụ: chủ trì …"), not a heading
            have = tokens(" ".join(sec.path))
            scored.append((sum(norm_token(w) in have for w in words) / len(words), doc, sec))
    scored.sort(key=lambda x: -x[0])
    if not scored or scored[0][0] < PART_MATCH:
        return None
    top, doc, sec = scored[0]
    # a part's parents and children share its words: only the other branches are rivals
    rivals = [c for c, d, s in scored[1:] if not (d is doc and (s.path[: len(sec.path)] == sec.path
                                                              or sec.path[: len(s.path)] == s.path))]
    if rivals and top - rivals[0] < PART_MARGIN:
        return None
    return ((0, 0, sec.level), doc, sec)


def _quote(doc: Document, sec: Section, ctx: Context) -> Reply | None:
    """A section's lines, quoted under its path."""
    lines, facts = [], []
    # a heading with its content on the same line ("1. Mục tiêu tổng quát: Phát triển …") is quoted too
    first = sec.start if _label(sec.title) != sec.title else sec.start + 1
    for n in range(first, min(sec.end, sec.start + 40) + 1):
        text = doc.lines[n - 1].strip()
        if not text or "\t" in text:
            continue
        if len(lines) >= 8:
            break
        k = ctx.citations.cite(doc.doc_id, " › ".join(sec.path), n, n)
        lines.append(f"- «{text}» [{k}]")
        facts.append({"type": "passage", "doc_id": doc.doc_id, "province": doc.province, "quote": text,
                      "locator": " › ".join(sec.path), "citation": k, "line": n})
    if not lines:
        return None
    return Reply("answered", [f"{doc_label(doc)} — {' › '.join(sec.path)}:", *lines], facts)


def _label(title: str) -> str:
    """The heading of a title that runs on after a colon ("Mục tiêu tổng quát: Phát triển …" → "Mục tiêu tổng quát")."""
    head, colon, _ = title.partition(":")
    return head.strip() if colon and 0 < len(head.split()) <= 6 else title


# the overall goal as plans state it when no heading names it: "Phấn đấu đến năm 2030, <tỉnh> trở thành …"
# (the opening sentence of a resolution's Điều 1 or of a plan's goals part; folded)
_GOAL_SENTENCE = re.compile(r"^(?:phan dau\s+)?(?:den|toi)\s+(?:nam\s+)?((?:19|20)\d\d),?\s+.{0,80}?\btro thanh\b")


def _general_goal(a: Analysis, ctx: Context) -> Reply | None:
    """'Mục tiêu tổng quát/chung … là gì' of a text that does not head it: its goal sentence, quoted."""
    if not a.asks_overall_goal:
        return None
    docs = scope_docs(a, ctx.docs)
    headed = [(doc, sec) for doc in docs for sec in doc.sections
              if re.fullmatch(r"(?:\S+\s+)?muc tieu (?:chung|tong quat)", fold(_label(sec.title)).strip(" .:"))]
    if len(headed) == 1:  # "mục tiêu tổng quát" asked, "Mục tiêu chung" written: the same part of a plan
        return _quote(*headed[0], ctx)
    lines, facts = [], []
    for doc in docs:
        for n, line in enumerate(doc.lines, start=1):
            m = _GOAL_SENTENCE.match(fold(line.strip()))
            # what else the question names must be in the sentence ("xếp trình độ phát triển vào nhóm nào")
            rest = [w for w in a.topic if w not in {"tong", "quat", "chung", "muc", "tieu"}]
            if m and (not a.years or int(m.group(1)) in a.years) and (
                    not rest or ctx.passage_scorer.coverage(rest, line) >= 0.5):
                k = ctx.citations.cite(doc.doc_id, "Mục tiêu", n, n)
                lines.append(f"- {doc_label(doc)}: «{line.strip()}» [{k}]")
                facts.append({"type": "passage", "doc_id": doc.doc_id, "province": doc.province,
                              "quote": line.strip(), "locator": "Mục tiêu", "citation": k, "line": n})
                break
    return Reply("answered", lines, facts) if lines and len(lines) <= 3 else None
