"""Scope problems, said before searching: a province no document covers, or a document named by its issuing
body ("nghị quyết của HĐND tỉnh X") that the province's documents are not."""

from __future__ import annotations

import re

from assistant.analysis import DOC_CODE, Analysis, long_forms
from assistant.context import Context
from assistant.structured import Reply, doc_label, scope_docs
from corpus.textnorm import fold

# a document named by kind and issuing body (folded, abbreviations written out): the kinds of Nghị định
# 30/2020/NĐ-CP and the bodies that issue provincial plans (councils, people's committees, party committees,
# departments)
_ISSUED_BY = re.compile(r"\b(?:nghi quyet|ke hoach|quyet dinh|chuong trinh(?: hanh dong)?|de an|van ban)\s+(?:cua|do)\s+"
                        r"((?:hoi dong nhan dan|uy ban nhan dan|(?:ban thuong vu )?(?:tinh|thanh) uy|so)\b[a-z ]*)")
_BODIES = {"hoi dong nhan dan": "Hội đồng nhân dân", "uy ban nhan dan": "Ủy ban nhân dân", "ban thuong vu": "Tỉnh ủy",
           "tinh uy": "Tỉnh ủy", "thanh uy": "Thành ủy", "so ": "Sở được hỏi"}
_PLACE_WORDS = re.compile(r"\s+(?:tinh|thanh pho|tp)\s*$")


def try_answer(a: Analysis, ctx: Context) -> Reply | None:
    scope = scope_docs(a, ctx.docs)
    if a.provinces and not scope:
        missing = ", ".join(a.unknown_places or a.provinces)
        return Reply("not_found", [], [], f"Kho văn bản hiện chưa có văn bản nào của {missing}.")
    return _cited_only(a, ctx) or _other_issuer(a, scope)


# a document's code ("06-NQ/TU", "403/QĐ-TTg"), folded; a reference by which the question only places its subject
# ("theo Quyết định 403/QĐ-TTg", "tại Nghị quyết …", "căn cứ …") comes after one of these words
_CODE = re.compile(DOC_CODE)
_BY = re.compile(r"\b(?:theo|tai|can cu|thuc hien|trien khai|cu the hoa|kem theo)\b[^,;?]{0,40}$")


def _cited_only(a: Analysis, ctx: Context) -> Reply | None:
    """"Nghị quyết 06-NQ/TU đặt những chỉ tiêu gì?" when 06-NQ/TU is no document of the base but only cited in one:
    its targets are not in the base (another document's are no answer)."""
    if a.intent not in {"list", "value", "open"}:
        return None
    folded = fold(long_forms(a.question))
    for m in _CODE.finditer(folded):
        code = m.group(0)
        # the code opens the question ("Chỉ thị 21-CT/TW … đặt chỉ tiêu gì?"): it is the subject, even when a
        # document of the base is named after it ("được nhắc trong kế hoạch Lào Cai"); else only without one
        subject = len(folded[: m.start()].split()) <= 3
        if (a.doc_ids or a.intent == "open") and not subject:
            continue
        if _BY.search(folded[: m.start()]) or any(code in fold(f"{d.so_hieu or ''} {d.title}") for d in ctx.docs):
            continue
        citing = [d for d in ctx.docs if code in fold(" ".join(d.lines))]
        if citing:
            where = "; ".join(doc_label(d) for d in citing[:3])
            shown = next((c for c in re.findall(r"\d+[-/][\w&/-]+", a.question) if fold(c) == code), code.upper())
            return Reply("not_found", [], [], f"văn bản {shown} không có trong kho, chỉ được nhắc đến "
                                              f"trong: {where}.")
    return None


def _other_issuer(a: Analysis, scope: list) -> Reply | None:
    """'Theo nghị quyết của HĐND tỉnh X …' when every document of X is known to be issued by another body."""
    if len(a.provinces) != 1 or not scope or any(d.doc_id in a.doc_ids for d in scope):
        return None  # a document of the province named by its number is what is asked about
    m = _ISSUED_BY.search(fold(long_forms(a.question)))
    if not m:
        return None
    place = fold(a.provinces[0])
    body = m.group(1).split(place)[0] if place in m.group(1) else m.group(1)
    if body.startswith("so ") and place not in m.group(1):
        return None  # a department named without its province: where its name ends is not known
    body = _PLACE_WORDS.sub("", body.strip())
    if head := re.match(r"(?:ban thuong vu )?(?:tinh|thanh) uy|hoi dong nhan dan|uy ban nhan dan", body):
        body = head.group(0)  # a council or committee is named whole by its head; what follows is the question
    issuers = [fold(long_forms(d.issuer)) if d.issuer else "" for d in scope]
    if any(not i or body in i for i in issuers):
        return None  # a document of that body (or one whose issuer is unknown) is in scope
    have = "; ".join(doc_label(d) for d in scope[:3])
    named = next((label for head, label in _BODIES.items() if body.startswith(head)), "cơ quan được hỏi")
    return Reply("not_found", [], [], f"Kho văn bản chưa có văn bản của {named} ở {a.provinces[0]}; văn bản hiện có "
                                      f"của {a.provinces[0]}: {have}.")
