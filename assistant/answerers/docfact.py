"""Document facts (số hiệu, ngày, người ký, cơ quan ban hành, loại, tỉnh) and documents the text refers to."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.analysis import DOC_CODE, Analysis
from assistant.answer import Citations
from assistant.answerers import records
from assistant.context import Context
from assistant.structured import Reply, answer_docfacts, doc_label, scope_docs
from corpus.records import Document
from corpus.textnorm import fold


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    if a.intent != "docfact":
        return None
    scope = scope_docs(a, ctx.docs)
    if a.docfact_fields == ["issuer"] and a.topic and not ctx.names_document(a, scope):
        # "ai ban hành thiết kế mẫu trường": who is to issue something the plan asks for, not the plan's issuer
        return records.try_answer(replace(a, intent="agency", agency_focus="lead"), ctx)
    reply = _docfact(a, scope, ctx)
    # nothing in the header and nothing to explain: the passages answerer reads the text
    return reply if reply.status == "answered" or reply.note else None


def _docfact(a: Analysis, scope: list[Document], ctx: Context) -> Reply:
    c = ctx.citations
    # a document code the question names that is not a document's own number is a document
    # *referred to* in the text ("Kế hoạch 43-KH/TU" inside an appendix title): quote the text
    own = {fold(d.so_hieu) for d in ctx.docs if d.so_hieu}
    codes = re.findall(DOC_CODE, a.folded)
    # ... unless the code is what the document implements ("kế hoạch thực hiện Nghị quyết 71-NQ/TW")
    referred = [code for code in codes if code not in own
                and not re.search(rf"thuc hien\s+(?:[a-z]+\s+){{0,3}}(?:so\s+)?{re.escape(code)}", a.folded)]
    if referred:
        return quote_lines_with(referred, scope or ctx.docs, c)
    typed = [d for d in scope if d.doc_type and fold(d.doc_type) in a.folded]
    if "effective" in a.docfact_fields:
        # when a document takes effect: read from its text when the reader found it, else quoted
        stated = [d for d in scope if d.effective_text]
        if not stated:
            return ctx.extractive(a, scope)
        fields = [f if f != "effective" else "effective_text" for f in a.docfact_fields]
        facts = answer_docfacts(replace(a, docfact_fields=fields), stated, c)
        return _with_session(a, facts, typed or scope, c) if "session" in a.docfact_fields else facts
    facts = answer_docfacts(a, typed or scope, c)
    implemented = [code for code in codes if code not in own]
    if implemented and facts.status == "answered" and {"date_issued", "issuer"} & set(a.docfact_fields):
        # "Phụ lục … thực hiện Kế hoạch số 43-KH/TU ban hành ngày nào, của cơ quan nào?" may ask the date and
        # issuer of the document implemented: the line that states them is quoted beside the document's own
        quoted = quote_lines_with(implemented, typed or scope, c, limit=2)
        if quoted.status == "answered":
            facts = Reply("answered", [*facts.lines, "Văn bản được thực hiện, như văn bản ghi:", *quoted.lines],
                          facts.facts + quoted.facts, facts.note)
    if "session" in a.docfact_fields:
        with_session = _with_session(a, facts, typed or scope, c)
        if with_session is not facts:
            return with_session
    if not a.topic or ctx.names_document(a, typed or scope):
        return facts
    # the question asks more than a metadata field: quote the text too
    if facts.status != "answered" and facts.note:
        return facts  # the field asked is known to be blank or missing: a quote of other text does not answer
    quoted = ctx.extractive(a, typed or scope)
    if facts.status != "answered":
        return quoted if quoted.status == "answered" else facts
    if quoted.status == "answered":
        return Reply("answered", facts.lines + quoted.lines, facts.facts + quoted.facts, facts.note)
    return facts


def _with_session(a: Analysis, facts: Reply, docs: list[Document], c: Citations) -> Reply:
    """The facts with the term and session of the council that passed a resolution ("Khóa XVII, Kỳ họp thứ 38")
    quoted after them; the facts as they are when no line states them."""
    session = quote_lines_with([], docs, c, limit=2, pattern=_SESSION)
    if session.status != "answered":
        return facts
    return Reply("answered", (facts.lines if a.docfact_fields != ["session"] else []) + session.lines,
                 facts.facts + session.facts)


_SESSION = re.compile(r"\bkhoa\s+[ivxlc]+\b.{0,40}\bky hop\b")


def quote_lines_with(needles: list[str], docs: list[Document], c: Citations, limit: int = 4,
                     pattern: re.Pattern[str] | None = None) -> Reply:
    """Quote the lines whose folded text contains a needle (a referred document's code…) or matches pattern."""
    lines, facts = [], []
    for doc in docs:
        taken = 0
        for n, line in enumerate(doc.lines, start=1):
            hit = pattern.search(fold(line)) if pattern else any(x in fold(line) for x in needles)
            if pattern and taken:
                break  # one statement per document is enough for a pattern
            if hit and len(lines) < limit:
                taken += 1
                end = n
                # a title wrapped over several lines: take the rest of it
                while (end < len(doc.lines) and doc.lines[end].strip() and not doc.lines[end - 1].rstrip()
                       .endswith((".", ";", ":")) and doc.lines[end].strip().isupper()):
                    end += 1
                text = re.sub(r"\s+", " ", " ".join(doc.lines[n - 1:end]).replace("\t", " | ")).strip()
                k = c.cite(doc.doc_id, "Nội dung văn bản", n, end)
                lines.append(f"- {doc_label(doc)}: «{text}» [{k}]")
                facts.append({"type": "passage", "doc_id": doc.doc_id, "quote": text, "citation": k, "line": n})
    return Reply("answered" if lines else "not_found", lines, facts)
