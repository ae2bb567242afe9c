"""The public Python API: Assistant.ask(question, history=None, **filters) → Answer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from assistant.analysis import Analysis, deadline_parts, resolve, with_intent
from assistant.answer import NOT_FOUND, Answer, Citations
from assistant.answerers import answer as run_chain
from assistant.context import Context, Records
from assistant.intent import decide as decide_intent
from assistant.sanitize import as_year, question_problem, sanitize_history, sanitize_text
from assistant.structured import Reply, doc_label
from corpus.provinces import canonical
from corpus.records import Indicator, Task
from corpus.settings import Settings, load_settings
from index.retrieve import Index

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
        self.records = Records(self.index.documents, self.index.indicators, self.index.tasks, self.index)
        self.docs = self.records.docs
        self.docs_by_id = self.records.docs_by_id
        self.indicators = self.records.indicators
        self.tasks = self.records.tasks

    def _restore(self, text: str) -> str:
        """Diacritics restored from the corpus's own spelling (for questions typed without them)."""
        return self.index.restorer.restore(text)

    def reload(self) -> None:
        """Re-open the current index generation (after an ingest or removal)."""
        self.index = Index(self.settings, embedder=self.index.embedder, progress=False)
        self._prepare()

    # --- public -------------------------------------------------------------------------
    def ask(self, question: str, history: list[Any] | None = None, province: str | None = None,
            year: int | None = None, doc: str | None = None, llm: bool = False, intent: str | None = None) -> Answer:
        """Answer a question; history holds earlier turns; province/year/doc restrict the search; intent
        forces the kind of question (evaluation tooling) instead of the analysis's choice."""
        started = time.perf_counter()
        # any string is asked safely: sanitised first; empty, wordless or too long → status "error"
        question, history, year = sanitize_text(question), sanitize_history(history), as_year(year)
        province, doc = sanitize_text(province) or None, sanitize_text(doc) or None
        problem = question_problem(question, MAX_QUESTION_CHARS)
        if problem:
            return Answer(question, "error", problem, note=problem)
        unfiltered, a, shown = self._read(question, history, intent, (province, year, doc))
        t_analysis = time.perf_counter()
        c = Citations(self.docs_by_id)
        conflict = _conflict(unfiltered, a)
        if conflict:  # the filter contradicts the question: never answer another province's (year's) figure
            path, reply = "filter", Reply("not_found", [], [], conflict)
        elif a.intent == "deadline" and not shown and deadline_parts(question):
            path, reply = self._each_part(question, history_questions(history), c)
        else:
            previous = self._previous_records(history, (province, year, doc)) if a.refers_back else []
            path, reply = run_chain(a, Context(self.records, self.today, c, previous=previous))
            if reply.status == "not_found" and a.background:
                a, path, reply, c = self._without_background(question, history, intent, (province, year, doc),
                                                             (a, path, reply, c))
        t_answer = time.perf_counter()
        answer = self._compose(question, a, reply, c)
        answer.path = path
        answer.confidence = reply.confidence
        if shown:
            answer = self._with_filters(question, unfiltered, answer, shown, conflict)
        answer.timings_ms = {"analysis": (t_analysis - started) * 1000, "answer": (t_answer - t_analysis) * 1000,
                             "total": (time.perf_counter() - started) * 1000}
        if llm:
            from assistant.llm import rewrite_with_llm

            answer = rewrite_with_llm(self, answer)
            answer.timings_ms["total"] = (time.perf_counter() - started) * 1000
        return answer

    def _read(self, question: str, history: list[Any], intent: str | None, filters: tuple,
              background: bool = False) -> tuple[Analysis, Analysis, list[str]]:
        """The question analysed in its conversation (unfiltered), its intent decided, then the filters applied."""
        unfiltered = resolve(question, history_questions(history), self.docs, restore=self._restore,
                             background=background)
        if intent:
            unfiltered = with_intent(unfiltered, intent)
        else:  # the classifier's second opinion, on the embedding retrieval computes anyway
            unfiltered = decide_intent(unfiltered, lambda q=unfiltered.question: self.index.query_vector(q))
        a, shown = self._apply_filters(unfiltered, *filters)
        return unfiltered, a, shown

    def _previous_records(self, history: list[Any], filters: tuple) -> list[Indicator | Task]:
        """The records the previous answer was about: the last question asked again in its own conversation."""
        asked = history_questions(history)
        if not asked:
            return []
        province, year, doc = filters
        before = self.ask(asked[-1], asked[:-1], province=province, year=year, doc=doc)
        ids = dict.fromkeys(f["record_id"] for f in before.facts if f.get("record_id"))
        return [self.records.by_id[i] for i in ids if i in self.records.by_id]

    def _without_background(self, question: str, history: list[Any], intent: str | None, filters: tuple,
                            found: tuple[Analysis, str, Reply, Citations]) -> tuple[Analysis, str, Reply, Citations]:
        """A question opened by sentences that ask nothing ("Cử tri phản ánh … Đề nghị cho biết …") and not found
        with their words: asked again with them as scope only; the first reading stands unless this one answers."""
        _, b, _ = self._read(question, history, intent, filters, background=True)
        c = Citations(self.docs_by_id)
        path, reply = run_chain(b, Context(self.records, self.today, c))
        return (b, path, reply, c) if reply.status == "answered" else found

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

    def _each_part(self, question: str, history: list[str], c: Citations) -> tuple[str, Reply]:
        """A question asking two deadlines: each clause answered in turn, a later one continuing the earlier."""
        earlier = list(history)
        lines, facts, notes, paths, answered = [], [], [], [], False  # notes: why a clause was not found
        for part in deadline_parts(question):
            a = resolve(part, earlier, self.docs, restore=self._restore)
            path, reply = run_chain(a, Context(self.records, self.today, c))
            paths.append(path)
            earlier.append(part)
            if reply.status == "answered":
                answered = True
                lines += [f"_{part}_", *reply.lines]
                facts += reply.facts
            else:
                lines.append(f"_{part}_ {NOT_FOUND}{': ' + reply.note if reply.note else '.'}")
                notes += [reply.note] if reply.note else []
        if not answered:
            return "parts", Reply("not_found", [], [], "; ".join(notes))
        return f"parts ({', '.join(paths)})", Reply("answered", lines, facts)

    # --- filters ------------------------------------------------------------------------
    def _apply_filters(self, a: Analysis, province: str | None, year: int | None,
                       doc: str | None) -> tuple[Analysis, list[str]]:
        """The analysis restricted by the caller's filters, and the filters in words ('tỉnh Cao Bằng')."""
        a = replace(a)
        shown = []
        if province:
            p = canonical(province) or province
            a.provinces = [p]
            a.unknown_places = [] if any(d.province == p for d in self.docs) else [p]
            shown.append(f"tỉnh {p}")
        if year:
            a.years = [int(year)]
            shown.append(f"năm {int(year)}")
        if doc:
            a.doc_ids = [doc]
            d = self.docs_by_id.get(doc)
            shown.append(f"văn bản {doc_label(d) if d else doc}")
        return a, shown

    def _with_filters(self, question: str, unfiltered: Analysis, answer: Answer, shown: list[str],
                      conflict: str = "") -> Answer:
        """Say which filter an answer was made under; a "not found" due to a filter gives the unfiltered answer."""
        filters = ", ".join(shown)
        if answer.status == "answered":
            answer.answer += f"\n\n_Trả lời theo bộ lọc: {filters}._"
            return answer
        c = Citations(self.docs_by_id)
        path, reply = run_chain(unfiltered, Context(self.records, self.today, c))
        if reply.status != "answered":
            answer.answer += f"\n_(Đã áp dụng bộ lọc: {filters}; không lọc cũng không tìm thấy.)_"
            return answer
        free = self._compose(question, unfiltered, reply, c)
        why = f" ({conflict})" if conflict else ""
        text = f"{NOT_FOUND} với bộ lọc {filters}{why}; không lọc thì:\n{free.answer}"
        return Answer(question, "not_found", text, free.citations, free.facts, note=answer.note,
                      analysis=answer.analysis, path=f"{path} (không lọc)", confidence=reply.confidence)

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


def _conflict(asked: Analysis, filtered: Analysis) -> str:
    """Why the filters contradict what the question itself names ('' when they do not)."""
    if asked.provinces and filtered.provinces and not set(asked.provinces) & set(filtered.provinces):
        return f"câu hỏi nói về {', '.join(asked.provinces)}"
    if asked.years and filtered.years and not set(asked.years) & set(filtered.years):
        return f"câu hỏi hỏi năm {', '.join(map(str, asked.years))}"
    if asked.doc_ids and filtered.doc_ids and not set(asked.doc_ids) & set(filtered.doc_ids):
        return "câu hỏi nói về một văn bản khác"
    return ""


def _heading(a: Analysis) -> str:
    years = ", ".join(str(y) for y in a.years)
    when = f" năm {years}" if years else ""
    return {
        "value": f"Mục tiêu{when} theo văn bản:",
        "agency": "Cơ quan chủ trì / phối hợp theo văn bản:",
        "deadline": "Thời hạn theo văn bản:",
        "list": f"Danh sách đầy đủ{when} theo văn bản:",
        "comparison": f"So sánh{when} (mỗi giá trị ghi rõ tỉnh và văn bản):",
        "change": "Mục tiêu qua các năm theo văn bản:",
        "basis": "Căn cứ và văn bản được thực hiện:",
        "docfact": "Thông tin văn bản:",
        "open": "Trích dẫn từ văn bản:",
    }.get(a.intent, "")
