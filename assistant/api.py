"""The public Python API: Assistant.ask(question, history=None, **filters) → Answer."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

from assistant.analysis import Analysis, resolve
from assistant.answer import NOT_FOUND, Answer, Citations
from assistant.matching import Scorer
from assistant.passages import extract
from assistant.structured import (
    MATCH,
    Reply,
    add_other_parts,
    answer_agencies,
    answer_docfacts,
    answer_tasks,
    answer_values,
    best_matches,
    cite_indicator,
    doc_label,
    indicator_text,
    mentioned_agencies,
    per_doc_best,
    rank_indicators,
    rank_tasks,
    scope_docs,
    shown_value,
    targets_for,
    task_text,
    tasks_due,
    with_sub_rows,
)
from corpus.provinces import canonical
from corpus.records import Document, Indicator, Task
from corpus.settings import Settings, load_settings
from corpus.textnorm import fold
from index.lookup import period_covers
from index.retrieve import Filters, Index

MAX_QUESTION_CHARS = 2000


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long); the message is Vietnamese."""


def history_questions(history: list[Any] | None) -> list[str]:
    """User questions from a history given as strings, (user, bot) pairs or {'role','content'} messages."""
    out: list[str] = []
    for item in history or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            if item.get("role", "user") == "user" and isinstance(item.get("content"), str):
                out.append(item["content"])
        elif isinstance(item, list | tuple) and item and isinstance(item[0], str):
            out.append(item[0])
    return [q for q in out if q.strip()]


class Assistant:
    """Grounded, cited answers over one index; create once, ask many times."""

    def __init__(self, settings: Settings | None = None, index: Index | None = None, progress: bool = False,
                 today: date | None = None):
        self.settings = settings or load_settings()
        self.index = index or Index(self.settings, progress=progress)
        self.today = today or date.today()
        self._prepare()

    def _prepare(self) -> None:
        self.docs: list[Document] = self.index.documents
        self.docs_by_id = {d.doc_id: d for d in self.docs}
        self.indicators: list[Indicator] = self.index.indicators
        self.tasks: list[Task] = self.index.tasks
        self.record_scorer = Scorer([indicator_text(i) for i in self.indicators] + [task_text(t) for t in self.tasks])
        self.passage_scorer = Scorer([n.text for n in self.index.nodes.values()])

    def reload(self) -> None:
        """Re-open the current index generation (after an ingest or removal)."""
        self.index = Index(self.settings, embedder=self.index.embedder, progress=False)
        self._prepare()

    # --- public -------------------------------------------------------------------------
    def ask(self, question: str, history: list[Any] | None = None, province: str | None = None,
            year: int | None = None, doc: str | None = None, llm: bool = False) -> Answer:
        """Answer a question; history holds earlier turns; province/year/doc restrict the search."""
        started = time.perf_counter()
        from assistant.sanitize import as_year, question_problem, sanitize_history, sanitize_text

        # any string is asked safely: sanitised first; empty, wordless or too long → status "error"
        question, history, year = sanitize_text(question), sanitize_history(history), as_year(year)
        province, doc = sanitize_text(province) or None, sanitize_text(doc) or None
        problem = question_problem(question, MAX_QUESTION_CHARS)
        if problem:
            return Answer(question, "error", problem, note=problem)
        a = resolve(question, history_questions(history), self.docs)
        if province:
            p = canonical(province) or province
            a.provinces = [p]
            a.unknown_places = [] if any(d.province == p for d in self.docs) else [p]
        if year:
            a.years = [int(year)]
        if doc:
            a.doc_ids = [doc]
        t_analysis = time.perf_counter()
        c = Citations(self.docs_by_id)
        reply = self._dispatch(a, c)
        t_answer = time.perf_counter()
        answer = self._compose(question, a, reply, c)
        answer.timings_ms = {"analysis": (t_analysis - started) * 1000, "answer": (t_answer - t_analysis) * 1000,
                             "total": (time.perf_counter() - started) * 1000}
        if llm:
            from assistant.llm import rewrite_with_llm

            answer = rewrite_with_llm(self, answer)
            answer.timings_ms["total"] = (time.perf_counter() - started) * 1000
        return answer

    def stream(self, question: str, history: list[Any] | None = None, **filters: Any) -> Iterator[str]:
        """The answer text as it grows (LLM tokens in LLM mode, lines in grounded mode)."""
        llm = filters.pop("llm", False)
        if llm:
            from assistant.llm import stream_with_llm

            yield from stream_with_llm(self, question, history, **filters)
            return
        answer = self.ask(question, history, **filters)
        text = ""
        for line in answer.answer.split("\n"):
            text += ("\n" if text else "") + line
            yield text

    # --- dispatch -----------------------------------------------------------------------
    def _retrieval_boost(self, a: Analysis, scope: list[Document], kinds: list[str]) -> dict[str, float]:
        restricted = len(scope) < len(self.docs)
        hits = self.index.search(a.question, k=20, filters=Filters(
            doc_ids=[d.doc_id for d in scope] if restricted else None, kinds=kinds))
        return {h.metadata.get("record_id", ""): 1.0 / rank for rank, h in enumerate(hits, start=1)}

    def _dispatch(self, a: Analysis, c: Citations) -> Reply:
        scope = scope_docs(a, self.docs)
        if a.provinces and not scope:
            missing = ", ".join(a.unknown_places or a.provinces)
            return Reply("not_found", [], [], f"Kho văn bản hiện chưa có văn bản nào của {missing}.")
        if a.intent != "docfact" and a.task_code:
            return self._named_task(a, scope, c)
        if a.intent == "docfact":
            reply = self._docfact(a, scope, c)
            return reply if reply.status == "answered" else self._extractive(a, scope, c) if not reply.note else reply
        if a.intent == "comparison":
            return self._comparison(a, c)
        if a.intent == "list":
            return self._list(a, scope, c)
        if a.intent == "deadline":
            return self._deadline(a, scope, c)
        if a.intent in {"value", "agency"}:
            reply = self._record_answer(a, scope, c)
            if a.intent == "agency" and reply.status == "answered" and reply.score < 0.85:
                # "who" is often said in prose (Tổ chức thực hiện, Điều 2): take the better of the two
                quoted = self._extractive(a, scope, Citations(self.docs_by_id))
                if quoted.status == "answered" and quoted.score > reply.score:
                    return self._extractive(a, scope, c)
            if reply.status == "answered" or reply.note:
                return reply
            return self._extractive(a, scope, c, want_number=a.intent == "value")
        section = self._section_answer(a, scope, c)
        if section.status == "answered":
            return section
        reply = self._record_answer(a, scope, c, strict=True)
        if reply.status == "answered":
            return reply
        return self._extractive(a, scope, c)

    def _in_scope(self, scope: list[Document]) -> tuple[list[Indicator], list[Task]]:
        ids = {d.doc_id for d in scope}
        return [i for i in self.indicators if i.doc_id in ids], [t for t in self.tasks if t.doc_id in ids]

    def _record_answer(self, a: Analysis, scope: list[Document], c: Citations, strict: bool = False) -> Reply:
        inds, tasks = self._in_scope(scope)
        if a.intent == "agency":
            inds = [i for i in inds if i.lead or i.partners]  # only rows that name an agency answer "who"
        boost = self._retrieval_boost(a, scope, ["indicator", "task"])
        ind_scored = rank_indicators(a, inds, self.record_scorer, boost)
        task_scored = rank_tasks(a, tasks, self.record_scorer, boost)
        best_ind = ind_scored[0][0] if ind_scored else 0.0
        best_task = task_scored[0][0] if task_scored else 0.0
        threshold = 0.8 if strict else MATCH
        if max(best_ind, best_task) < threshold:
            return Reply("not_found", [], [])
        if (a.intent == "agency" or strict) and best_task > best_ind and best_task >= threshold:
            chosen = [t for _, t in best_matches(task_scored)][:3]
            reply = answer_tasks(chosen, self.docs_by_id, c, today=self.today)
            reply.score = best_task
            return reply
        if a.years:
            with_year = [(s, i) for s, i in ind_scored if targets_for(i, a.years) and any(
                t.has_target for t in targets_for(i, a.years))]
            matches = best_matches(with_year)
            if not matches and best_matches(ind_scored):
                known = sorted({t.period for _, i in best_matches(ind_scored) for t in i.targets if t.has_target})
                years = ", ".join(str(y) for y in a.years)
                return Reply("not_found", [], [], f"Văn bản không đặt chỉ tiêu này cho năm {years} "
                             f"(chỉ có mục tiêu cho: {', '.join(known) or 'không năm nào'}).")
        else:
            with_year = ind_scored
            matches = best_matches(ind_scored)
        if not matches:
            return Reply("not_found", [], [])
        matches = add_other_parts(a, per_doc_best(matches), with_year, self.record_scorer, indicator_text)
        matches = with_sub_rows(matches, self.indicators)
        if a.intent == "agency":
            reply = answer_agencies(a, matches, self.docs_by_id, c)
            reply.score = matches[0][0]
            return reply
        asks_agency = bool(re.search(r"chu tri|theo doi|trien khai|phoi hop|co quan|don vi nao|phong nao", a.folded))
        return answer_values(a, matches, self.docs_by_id, c, with_agencies=asks_agency)

    def _named_task(self, a: Analysis, scope: list[Document], c: Citations) -> Reply:
        """A question naming a task by its number ("nhiệm vụ 2.4"): that task, whole."""
        _, tasks = self._in_scope(scope)
        code = a.task_code
        named = [t for t in tasks if t.code == code]
        if not named:
            return Reply("not_found", [], [], f"Không có nhiệm vụ {code} trong văn bản.")
        if a.intent == "deadline" and all(t.deadline is None for t in named):
            return Reply("not_found", [], [], f"Văn bản không ghi thời gian thực hiện cho nhiệm vụ {code}.")
        return answer_tasks(named, self.docs_by_id, c, today=self.today)

    def _deadline(self, a: Analysis, scope: list[Document], c: Citations) -> Reply:
        _, tasks = self._in_scope(scope)
        due = tasks_due(a, tasks, self.today)
        if due is not None:
            agencies = mentioned_agencies(a, [], tasks)
            if agencies:
                due = [t for t in due if any(fold(g) in fold(f"{t.responsible} {t.lead} {t.partners}") for g in agencies)]
            if not due:
                return Reply("not_found", [], [], "Không có nhiệm vụ nào có thời hạn trong khoảng thời gian đã hỏi.")
            return answer_tasks(sorted(due, key=_task_order), self.docs_by_id, c, with_agency=False, today=self.today)
        boost = self._retrieval_boost(a, scope, ["task", "indicator"])
        task_scored = rank_tasks(a, tasks, self.record_scorer, boost)
        matches = best_matches(task_scored)
        inds, _ = self._in_scope(scope)
        ind_matches = best_matches(rank_indicators(a, inds, self.record_scorer, boost))
        if ind_matches and (not matches or ind_matches[0][0] > matches[0][0]):
            # "hoàn thành phổ cập … vào năm nào": the year a target is set for
            return answer_values(a, per_doc_best(ind_matches), self.docs_by_id, c)
        if not matches:
            return self._extractive(a, scope, c)
        chosen = [t for _, t in matches][:3]
        if all(t.deadline is None for t in chosen):
            names = ", ".join(f"nhiệm vụ {t.code}" for t in chosen)
            return Reply("not_found", [], [], f"Văn bản không ghi thời gian thực hiện cho {names}.")
        return answer_tasks(chosen, self.docs_by_id, c, today=self.today)

    def _list(self, a: Analysis, scope: list[Document], c: Citations) -> Reply:
        inds, tasks = self._in_scope(scope)
        agencies = mentioned_agencies(a, inds, tasks)
        wants_tasks = bool(re.search(r"nhiem vu|cong viec", a.folded)) or a.period is not None or a.wants_recurring
        if wants_tasks:
            chosen = tasks_due(a, tasks, self.today)
            chosen = tasks if chosen is None else chosen
            if a.wants_recurring:
                chosen = [t for t in chosen if t.deadline and t.deadline.recurring]
            if agencies:
                chosen = [t for t in chosen if any(fold(g) in fold(f"{t.responsible} {t.lead} {t.partners}")
                                                   for g in agencies)]
            filtered = a.period is not None or a.wants_recurring or bool(agencies) or a.wants_overdue
            topical = [t for t in chosen if self.record_scorer.coverage(a.topic, task_text(t) + " " + (
                t.deadline.raw if t.deadline else "")) >= 0.5]
            if topical and a.topic and not filtered:
                chosen = topical
            return answer_tasks(sorted(chosen, key=_task_order), self.docs_by_id, c, with_agency=bool(agencies),
                                today=self.today)
        chosen = [i for i in inds if not a.years or any(t.has_target for t in targets_for(i, a.years))]
        if a.years and re.search(r"\bchi (?:dat|co|de ra|dat ra)\b", a.folded):
            # "chỉ đặt mức cho năm Y": rows whose only target is in the asked year(s)
            chosen = [i for i in chosen if all(any(period_covers(t, y) for y in a.years)
                                               for t in i.targets if t.has_target)]
        if agencies:
            chosen = [i for i in chosen if any(fold(g) in fold(i.lead if a.agency_focus != "partners" else i.partners)
                                               for g in agencies)]
        elif a.topic and not self._names_document(a, scope):
            topical = [i for i in chosen if self.record_scorer.coverage(a.topic, indicator_text(i)) >= 0.5]
            if not topical:
                return self._extractive(a, scope, c)
            chosen = topical
        if not chosen:
            return Reply("not_found", [], [])
        lines, facts = [], []
        for i in chosen:
            n = cite_indicator(c, i)
            targets = targets_for(i, a.years)
            value = "; ".join(f"{t.period}: {shown_value(t, i.unit)}" if t.period else shown_value(t, i.unit)
                              for t in targets)
            agency = f" — chủ trì: {i.lead}" if agencies and i.lead else ""
            lines.append(f"- {doc_label(self.docs_by_id[i.doc_id])}, {i.code}. {i.name}: {value}{agency} [{n}]")
            facts.append({"type": "target_list", "doc_id": i.doc_id, "province": i.province, "code": i.code,
                          "indicator": i.name, "values": [t.raw for t in targets], "citation": n})
        return Reply("answered", lines, facts)

    def _names_document(self, a: Analysis, scope: list[Document]) -> bool:
        """True if the topic words only describe the document itself (its heading lines)."""
        heads = " ".join(" ".join(d.lines[:12]) for d in scope)
        return self.record_scorer.coverage(a.topic, heads) >= 0.8

    def _comparison(self, a: Analysis, c: Citations) -> Reply:
        """One table row per subject (named documents, else provinces) and year, each with its source."""
        if len(a.doc_ids) >= 2 or (a.doc_ids and not a.provinces):
            subjects = [(doc_label(d), [d]) for d in self.docs if d.doc_id in a.doc_ids]
        else:
            provinces = a.provinces or sorted({d.province for d in self.docs if d.province})
            subjects = [(p, [d for d in scope_docs(a, self.docs) if d.province == p] if a.doc_ids
                         else [d for d in self.docs if d.province == p]) for p in provinces]
        span = (min(a.years), max(a.years)) if a.year_range and len(a.years) >= 2 else None
        years: list[int | None] = [None] if span or not a.years else list(a.years)
        rows, facts, notes = [], [], []
        for subject, scope in subjects:
            if not scope:
                notes.append(f"{subject}: chưa có văn bản trong kho")
                continue
            inds, _ = self._in_scope(scope)
            boost = self._retrieval_boost(a, scope, ["indicator"])
            for y in years:
                sub = Analysis(**{**a.__dict__, "years": [y] if y else []})
                scored = [(sc, i) for sc, i in rank_indicators(sub, inds, self.record_scorer, boost)
                          if not y or any(t.has_target for t in targets_for(i, [y]))]
                first = best_matches(scored)[:1]
                if not first and len(a.topic) >= 6:  # two indicators compared at once: each covers half
                    first = best_matches(scored, 0.45)[:1]
                matches = add_other_parts(sub, first, scored, self.record_scorer, indicator_text)
                if not matches:
                    notes.append(f"{subject}{f' năm {y}' if y else ''}: không tìm thấy chỉ tiêu này")
                    continue
                for _, ind in matches:
                    n = cite_indicator(c, ind)
                    doc = self.docs_by_id[ind.doc_id]
                    targets = [t for t in (targets_for(ind, [y]) if y else ind.targets) if t.has_target]
                    if span:
                        targets = [t for t in targets if t.year and span[0] <= t.year <= span[1]]
                    for t in targets:
                        rows.append(f"| {subject} | {t.period} | {shown_value(t, ind.unit)} | {ind.name} | "
                                    f"{doc_label(doc)} [{n}] |")
                        facts.append({"type": "target", "doc_id": ind.doc_id, "province": ind.province,
                                      "year": t.year, "period": t.period, "value": t.raw, "indicator": ind.name,
                                      "citation": n})
        if not rows:
            return Reply("not_found", [], [], "; ".join(notes))
        table = ["| Đối tượng | Năm/giai đoạn | Mục tiêu | Chỉ tiêu | Nguồn |", "|---|---|---|---|---|", *rows]
        return Reply("answered", table, facts, "; ".join(notes))

    def _docfact(self, a: Analysis, scope: list[Document], c: Citations) -> Reply:
        # a document code the question names that is not a document's own number is a document
        # *referred to* in the text ("Kế hoạch 43-KH/TU" inside an appendix title): quote the text
        own = {fold(d.so_hieu) for d in self.docs if d.so_hieu}
        codes = re.findall(r"\b\d+[-/][a-z]+(?:[-/][a-z]+)*", a.folded)
        # ... unless the code is what the document implements ("kế hoạch thực hiện Nghị quyết 71-NQ/TW")
        referred = [code for code in codes if code not in own
                    and not re.search(rf"thuc hien\s+(?:[a-z]+\s+){{0,3}}(?:so\s+)?{re.escape(code)}", a.folded)]
        if referred:
            return self._quote_lines_with(referred, scope, c)
        if "effective" in a.docfact_fields:
            return self._quote_lines_with(["co hieu luc"], scope, c)
        typed = [d for d in scope if d.doc_type and fold(d.doc_type) in a.folded]
        facts = answer_docfacts(a, typed or scope, c)
        if not a.topic or self._names_document(a, typed or scope):
            return facts
        # the question asks more than a metadata field ("khóa mấy, kỳ họp thứ mấy"): quote the text too
        quoted = self._extractive(a, typed or scope, c)
        if facts.status != "answered":
            return quoted if quoted.status == "answered" else facts
        if quoted.status == "answered":
            return Reply("answered", facts.lines + quoted.lines, facts.facts + quoted.facts, facts.note)
        return facts

    def _quote_lines_with(self, needles: list[str], scope: list[Document], c: Citations) -> Reply:
        """Quote the lines that mention a referred document's code (with its date, issuer…)."""
        lines, facts = [], []
        for doc in scope or self.docs:
            for n, line in enumerate(doc.lines, start=1):
                if any(x in fold(line) for x in needles) and len(lines) < 4:
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

    def _section_answer(self, a: Analysis, scope: list[Document], c: Citations) -> Reply:
        """'X là gì?' where X is a section heading ('Mục đích', 'Tầm nhìn đến năm 2045'): quote the section.

        A heading answers when every content word of it is in the question, or when the heading with its
        parents covers the whole topic; the most specific such heading wins."""
        if not a.topic:
            return Reply("not_found", [], [])
        asked = set(a.topic)
        question_words = set(re.findall(r"[a-z0-9]+", a.folded))
        best = None
        for doc in scope:
            for sec in doc.sections:
                if len(sec.title.split()) > 12:
                    continue  # a task's title, not a heading
                words = [w for w in re.findall(r"[a-z0-9]+", fold(sec.title)) if not w.isdigit()
                         and not re.fullmatch(r"[ivxlc]+", w)]
                inside = bool(words) and set(words) <= question_words
                covered = self.passage_scorer.coverage(a.topic, " ".join(sec.path)) >= 0.99
                # the rest of the topic must be the document's own subject (its title), not a new matter
                explained = set(words) | set(re.findall(r"[a-z0-9]+", fold(" ".join([doc.title, *sec.path]))))
                if not (covered or (inside and len(asked - explained) <= 1)):
                    continue
                rank = (len(set(words) & asked), sec.level)
                if best is None or rank > best[0]:
                    best = (rank, doc, sec)
        if best is None:
            return Reply("not_found", [], [])
        _, doc, sec = best
        lines, facts = [], []
        for n in range(sec.start + 1, min(sec.end, sec.start + 40) + 1):
            text = doc.lines[n - 1].strip()
            if not text or "\t" in text:
                continue
            if len(lines) >= 8:
                break
            k = c.cite(doc.doc_id, " › ".join(sec.path), n, n)
            lines.append(f"- «{text}» [{k}]")
            facts.append({"type": "passage", "doc_id": doc.doc_id, "province": doc.province, "quote": text,
                          "locator": " › ".join(sec.path), "citation": k, "line": n})
        if not lines:
            return Reply("not_found", [], [])
        return Reply("answered", [f"{doc_label(doc)} — {' › '.join(sec.path)}:", *lines], facts)


    def _extractive(self, a: Analysis, scope: list[Document], c: Citations, want_number: bool = False) -> Reply:
        restricted = len(scope) < len(self.docs)
        return extract(a, self.index, c, [d.doc_id for d in scope] if restricted else None, self.passage_scorer,
                       want_number)

    # --- composition --------------------------------------------------------------------
    def _compose(self, question: str, a: Analysis, reply: Reply, c: Citations) -> Answer:
        notes = []
        for old, new in a.former_names.items():
            notes.append(f"{old} nay thuộc {new} (sắp xếp đơn vị hành chính từ 01/7/2025).")
        if reply.note:
            notes.append(reply.note)
        if reply.status != "answered":
            reason = reply.note or "các văn bản hiện có không nêu thông tin này."
            text = f"{NOT_FOUND}: {reason}"
            extra = [n for n in notes if n != reply.note]
            if extra:
                text += "\n" + " ".join(extra)
            return Answer(question, "not_found", text, [], [], note=" ".join(notes), analysis=a.as_dict())
        head = _heading(a)
        body = "\n".join(reply.lines)
        text = f"{head}\n{body}" if head else body
        if notes:
            text += "\n\n_" + " ".join(notes) + "_"
        return Answer(question, "answered", text, c.items, reply.facts, note=" ".join(notes), analysis=a.as_dict())


def _task_order(task: Task) -> tuple:
    return (task.doc_id, [int(p) if p.isdigit() else 0 for p in task.code.split(".")])


def _heading(a: Analysis) -> str:
    years = ", ".join(str(y) for y in a.years)
    when = f" năm {years}" if years else ""
    return {
        "value": f"Mục tiêu{when} theo văn bản:",
        "agency": "Cơ quan chủ trì / phối hợp theo văn bản:",
        "deadline": "Thời hạn theo văn bản:",
        "list": f"Danh sách đầy đủ{when} theo văn bản:",
        "comparison": f"So sánh{when} (mỗi giá trị ghi rõ tỉnh và văn bản):",
        "docfact": "Thông tin văn bản:",
        "open": "Trích dẫn từ văn bản:",
    }.get(a.intent, "")
