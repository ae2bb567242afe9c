"""Optional LLM mode: rewrite a grounded answer in fluent Vietnamese, then check it against its sources.

The grounded answer (numbered citations and facts) is the only material the model sees. What
it writes is checked by assistant.guard: a number or agency that is not in the cited quotes
sends the user back to the grounded answer, with a note saying why.

Two backends, both spoken to through llama-index's OpenAILike client:
- settings.llm == "openai": any OpenAI-compatible endpoint (settings.llm_base_url, llm_model,
  llm_api_key): vLLM, Ollama, llama.cpp server, a hosted API.
- settings.llm == "local": the GGUF at settings.llm_gguf (default: the model fetched by
  `kehoach models fetch llm`), served in-process by xllamacpp's built-in OpenAI-compatible
  HTTP server on 127.0.0.1 (a free port), started once per process on first use.
"""

from __future__ import annotations

import os
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answer import NOT_FOUND, Answer, Citation
from assistant.guard import check, usefulness_problems
from assistant.structured import doc_label
from corpus.textnorm import fold

if TYPE_CHECKING:
    from assistant.api import Assistant

MAX_SOURCES = 8  # more citations than this is a list: rewriting it in 1–5 sentences would drop items
QUOTE_CHARS = 700  # per citation, in the prompt
FACTS_CHARS = 1800  # all facts together, in the prompt
MAX_TOKENS = 320
TEMPERATURE = 0.1
LOCAL_CTX = 4096
OPENAI_TIMEOUT_S = 120.0
LOCAL_TIMEOUT_S = 600.0
LOCAL_START_TIMEOUT_S = 180.0

SYSTEM_PROMPT = (
    "Bạn là trợ lý tra cứu kế hoạch, nghị quyết, đề án của các tỉnh, thành phố Việt Nam.\n"
    "Quy tắc bắt buộc:\n"
    "1. Chỉ dùng các NGUỒN được đánh số [n] và các DỮ KIỆN kèm theo trong tin nhắn của người dùng; "
    "không dùng kiến thức bên ngoài, không suy đoán, không làm tròn hay đổi số liệu.\n"
    "2. Trả lời câu hỏi bằng tiếng Việt, ngắn gọn, từ 1 đến 5 câu.\n"
    "3. Với mỗi số liệu, nêu rõ tỉnh/thành phố, năm và văn bản chứa số liệu đó; chép nguyên văn số liệu "
    "kèm dấu so sánh (≥, >, ≤, <) và tên cơ quan đúng như trong nguồn.\n"
    "4. Ghi số nguồn trong ngoặc vuông, ví dụ [1], ngay sau mỗi ý lấy từ nguồn đó.\n"
    "5. Không trộn số liệu của các tỉnh hoặc các văn bản khác nhau.\n"
    f"6. Nếu các nguồn không trả lời được câu hỏi, chỉ trả lời đúng một câu: \"{NOT_FOUND}\".\n"
    "7. Gọi văn bản bằng tên gọi của nó (ví dụ «Kế hoạch số …», «Nghị quyết …»), không gọi bằng số [n].\n"
    "Mẫu câu trả lời: \"Theo <tên gọi văn bản> của <tỉnh>, đến năm <năm> chỉ tiêu <tên chỉ tiêu> là <giá trị> [1].\""
)

NOTE_OFF = ("Chế độ LLM chưa được cấu hình (đặt KEHOACH_LLM=local hoặc KEHOACH_LLM=openai), "
            "nên hiển thị câu trả lời trích dẫn trực tiếp.")
NOTE_UNAVAILABLE = "Chế độ LLM hiện không khả dụng ({reason}), nên hiển thị câu trả lời trích dẫn trực tiếp."
NOTE_REJECTED = ("Câu trả lời do mô hình tạo có số liệu/cơ quan không có trong nguồn nên đã được thay bằng "
                 "câu trả lời trích dẫn trực tiếp: {problems}.")
NOTE_UNUSABLE = ("Câu trả lời do mô hình tạo không dùng được ({problems}), nên đã được thay bằng "
                 "câu trả lời trích dẫn trực tiếp.")
NOTE_LONG = ("Câu trả lời là danh sách dài ({n} nguồn) nên được giữ nguyên dạng trích dẫn trực tiếp "
             "để không bỏ sót mục nào.")

_FACT_LABELS = {
    "province": "tỉnh", "year": "năm", "period": "mốc", "value": "mục tiêu", "values": "mục tiêu",
    "indicator": "chỉ tiêu", "unit": "đơn vị", "group": "nhóm", "code": "mã", "title": "nhiệm vụ",
    "lead": "chủ trì", "partners": "phối hợp", "responsible": "trách nhiệm", "deadline": "thời hạn",
    "due_end": "hạn cuối", "document": "văn bản", "note": "ghi chú",
}
_FACT_SKIP = {"type", "doc_id", "citation", "parsed", "has_target", "due_start", "deadline_kind", "recurring"}


class LLMUnavailable(RuntimeError):
    """LLM mode cannot run (not configured, model missing, endpoint down); the message is Vietnamese."""


# --- backends -------------------------------------------------------------------------------
_LOCAL_SERVERS: dict[tuple[str, int, int], tuple[Any, str]] = {}  # one xllamacpp server per model per process
_LOCAL_LOCK = threading.Lock()


def local_model_path(settings: Any) -> Path:
    """The GGUF for local mode: settings.llm_gguf, else the model fetched by `kehoach models fetch llm`."""
    if settings.llm_gguf:
        return Path(settings.llm_gguf).expanduser()
    from index.model_fetch import model_path

    return model_path("llm", settings.models_dir)


def _threads(settings: Any) -> int:
    wanted = getattr(settings, "llm_threads", 0) or int(os.environ.get("KEHOACH_LLM_THREADS", "0") or 0)
    return max(1, wanted or min(4, os.cpu_count() or 2))


def _wait_healthy(base: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=5) as r:
                if r.status == 200:
                    return
        except Exception as e:  # noqa: BLE001 — loading (503) or not yet listening
            last = str(e)
        time.sleep(0.5)
    raise LLMUnavailable(f"máy chủ xllamacpp không sẵn sàng sau {timeout:.0f} giây ({last})")


def start_local_server(path: Path, n_ctx: int = LOCAL_CTX, threads: int = 2) -> str:
    """Start (once per process) xllamacpp's OpenAI-compatible server for a GGUF; return its /v1 base URL."""
    key = (str(path), n_ctx, threads)
    with _LOCAL_LOCK:
        if key in _LOCAL_SERVERS:
            return _LOCAL_SERVERS[key][1]
        if not path.is_file():
            raise LLMUnavailable(f"chưa có tệp mô hình {path}; tải bằng `kehoach models fetch llm` "
                                 "hoặc đặt KEHOACH_LLM_GGUF")
        try:
            import xllamacpp
        except ImportError:
            raise LLMUnavailable("chưa cài xllamacpp; cài bằng `pip install xllamacpp`") from None
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.n_predict = MAX_TOKENS
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # a free port; the server reports it in listening_address
        params.warmup = False
        params.ui = False
        params.model_alias = {path.stem}
        try:
            server = xllamacpp.Server(params)  # loads the model and starts listening
        except Exception as e:  # noqa: BLE001 — a broken file, not enough memory
            raise LLMUnavailable(f"không khởi động được xllamacpp với {path.name}: {e}") from e
        base = str(server.listening_address).rstrip("/")
        if not base.startswith("http"):
            base = f"http://{base}"
        _wait_healthy(base, LOCAL_START_TIMEOUT_S)
        _LOCAL_SERVERS[key] = (server, f"{base}/v1")
        return f"{base}/v1"


def get_llm(assistant: Assistant) -> Any:
    """The OpenAILike client for the assistant's settings (created once, cached on the Assistant)."""
    s = assistant.settings
    key = (s.llm, s.llm_base_url, s.llm_model, s.llm_api_key, s.llm_gguf, str(s.models_dir))
    cached = getattr(assistant, "_llm_client", None)
    if cached is not None and cached[0] == key:
        if isinstance(cached[1], LLMUnavailable):
            raise cached[1]
        return cached[1]
    mode = (s.llm or "").strip().lower()
    try:
        if mode == "openai":
            if not s.llm_base_url:
                raise LLMUnavailable("chưa đặt địa chỉ máy chủ KEHOACH_LLM_BASE_URL")
            base, model, timeout = s.llm_base_url.rstrip("/"), s.llm_model, OPENAI_TIMEOUT_S
        elif mode == "local":
            path = local_model_path(s)
            base = start_local_server(path, LOCAL_CTX, _threads(s))
            model, timeout = path.stem, LOCAL_TIMEOUT_S
        else:
            raise LLMUnavailable(f"KEHOACH_LLM={s.llm!r} không hợp lệ (dùng 'local' hoặc 'openai')")
    except LLMUnavailable as e:
        if mode == "local":  # do not retry loading a missing/broken model on every question
            assistant._llm_client = (key, e)
        raise
    from llama_index.llms.openai_like import OpenAILike

    llm = OpenAILike(model=model, api_base=base, api_key=s.llm_api_key or "not-needed", is_chat_model=True,
                     context_window=LOCAL_CTX if mode == "local" else 8192, max_tokens=MAX_TOKENS,
                     temperature=TEMPERATURE, timeout=timeout, max_retries=1)
    assistant._llm_client = (key, llm)
    return llm


# --- prompt -------------------------------------------------------------------------------
def _doc_header(assistant: Assistant, c: Citation) -> str:
    doc = assistant.docs_by_id.get(c.doc_id)
    bits = []
    if doc is not None:
        bits.append(f"tên gọi: {doc_label(doc)}")
        if doc.province:
            bits.append(f"tỉnh/thành phố: {doc.province}")
        if doc.date_issued:
            bits.append(f"ngày ban hành: {doc.date_issued}")
    bits.append(f"văn bản: {c.title}")
    bits.append(f"vị trí: {c.locator}")
    return "; ".join(bits)


def _fact_line(fact: dict[str, Any]) -> str:
    parts = []
    for k, v in fact.items():
        if k in _FACT_SKIP or v in (None, "", [], {}):
            continue
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v)
        parts.append(f"{_FACT_LABELS.get(k, k)}: {v}")
    n = fact.get("citation")
    return (f"[{n}] " if n else "") + "; ".join(parts)


def source_texts(assistant: Assistant, answer: Answer) -> dict[int, str]:
    """What the model is shown for each citation number: header, quote and its facts (the guard's sources)."""
    out = {c.n: f"{_doc_header(assistant, c)}\nTrích: «{c.quote}»" for c in answer.citations}
    for f in answer.facts:
        n = f.get("citation")
        if n in out:
            out[n] += "\nDữ kiện: " + _fact_line(f)
    return out


def build_messages(assistant: Assistant, answer: Answer) -> list[Any]:
    """System and user messages: the numbered sources, the extracted facts, the question."""
    from llama_index.core.llms import ChatMessage, MessageRole

    blocks = []
    for c in answer.citations:
        quote = c.quote if len(c.quote) <= QUOTE_CHARS else c.quote[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
        blocks.append(f"[{c.n}] {_doc_header(assistant, c)}\nTrích: «{quote}»")
    facts, size = [], 0
    for f in answer.facts:
        line = "- " + _fact_line(f)
        if size + len(line) > FACTS_CHARS:
            break
        facts.append(line)
        size += len(line)
    user = "NGUỒN:\n" + "\n\n".join(blocks)
    if facts:
        user += "\n\nDỮ KIỆN ĐÃ TRÍCH TỪ NGUỒN:\n" + "\n".join(facts)
    user += (f"\n\nCÂU HỎI: {answer.question}\n\n"
             "Hãy trả lời câu hỏi trên bằng 1–5 câu văn hoàn chỉnh (không lặp lại câu hỏi), có [n] sau mỗi ý.")
    return [ChatMessage(role=MessageRole.SYSTEM, content=SYSTEM_PROMPT), ChatMessage(role=MessageRole.USER, content=user)]


# --- checking and composing -------------------------------------------------------------------
def _clean(text: str) -> str:
    text = (text or "").strip()
    if text.startswith("<think>") and "</think>" in text:
        text = text.split("</think>", 1)[1].strip()
    return text


def _with_note(text: str, note: str) -> str:
    return f"{text}\n\n_{note}_" if note else text


def _add_note(answer: Answer, note: str) -> None:
    answer.note = " ".join(x for x in (answer.note, note) if x)


def _keep_grounded(answer: Answer, note: str) -> Answer:
    answer.mode = "grounded"
    _add_note(answer, note)
    answer.answer = _with_note(answer.answer, note)
    return answer


def expected_agencies(answer: Answer) -> list[str]:
    """The agencies of a "which agency" grounded answer (facts of type 'agency')."""
    return [str(f[k]) for f in answer.facts if f.get("type") == "agency" for k in ("lead", "partners") if f.get(k)]


def expected_values(answer: Answer) -> list[str]:
    """The target values of the grounded answer (facts 'value'/'values'), which a rewrite must keep."""
    out: list[str] = []
    for f in answer.facts:
        v = f.get("value") if f.get("value") is not None else f.get("values")
        out.extend(str(x) for x in (v if isinstance(v, list) else [v]) if x not in (None, ""))
    return out


def apply_generated(assistant: Assistant, answer: Answer, generated: str) -> Answer:
    """Guard the generated text; accept it (mode 'llm') or keep the grounded answer with a note."""
    generated = _clean(generated)
    if not generated:
        return _keep_grounded(answer, NOTE_UNUSABLE.format(problems="mô hình không trả lời"))
    if fold(NOT_FOUND) in fold(generated):
        return _keep_grounded(answer, NOTE_UNUSABLE.format(
            problems="mô hình trả lời không tìm thấy dù nguồn có thông tin"))
    sources = source_texts(assistant, answer)
    provinces = {c.n: getattr(assistant.docs_by_id.get(c.doc_id), "province", None) for c in answer.citations}
    ok, problems = check(generated, sources, answer.question, provinces)
    if not ok:
        return _keep_grounded(answer, NOTE_REJECTED.format(problems="; ".join(problems[:6])))
    problems = usefulness_problems(generated, sources, expected_values(answer), expected_agencies(answer))
    if problems:
        return _keep_grounded(answer, NOTE_UNUSABLE.format(problems="; ".join(problems)))
    answer.answer = _with_note(generated, answer.note)  # keep earlier notes (e.g. merged provinces) visible
    answer.mode = "llm"
    return answer


def _skip_reason(assistant: Assistant, answer: Answer) -> str | None:
    """None when the LLM should be called; '' to return the answer untouched; else the note to add."""
    if answer.status != "answered" or not answer.citations:
        return ""
    if not (assistant.settings.llm or "").strip():
        return NOTE_OFF
    if len(answer.citations) > MAX_SOURCES:
        return NOTE_LONG.format(n=len(answer.citations))
    return None


def _unavailable(e: Exception) -> str:
    if isinstance(e, LLMUnavailable):
        reason = str(e)
    else:
        reason = f"lỗi khi gọi mô hình: {type(e).__name__}: {str(e)[:200]}"
    return NOTE_UNAVAILABLE.format(reason=reason)


# --- public ---------------------------------------------------------------------------------
def rewrite_with_llm(assistant: Assistant, answer: Answer) -> Answer:
    """The grounded answer rewritten by the LLM if the guard accepts it; otherwise the grounded one, with a note."""
    skip = _skip_reason(assistant, answer)
    if skip is not None:
        return _keep_grounded(answer, skip) if skip else answer
    started = time.perf_counter()
    try:
        llm = get_llm(assistant)
        response = llm.chat(build_messages(assistant, answer))
        generated = response.message.content or ""
    except Exception as e:  # noqa: BLE001 — any backend failure falls back to the grounded answer
        answer.timings_ms["llm"] = (time.perf_counter() - started) * 1000
        return _keep_grounded(answer, _unavailable(e))
    answer.timings_ms["llm"] = (time.perf_counter() - started) * 1000
    return apply_generated(assistant, answer, generated)


def stream_answer(assistant: Assistant, answer: Answer) -> Iterator[str]:
    """Stream the LLM rewrite of a grounded answer: the growing text, then the checked text.

    The answer object is updated in place (answer, mode, note, timings_ms) so a caller that keeps
    it (the UI) has the citations and the verdict once the iteration ends.
    """
    skip = _skip_reason(assistant, answer)
    if skip is not None:
        if skip:
            _keep_grounded(answer, skip)
        text = ""
        for line in answer.answer.split("\n"):
            text += ("\n" if text else "") + line
            yield text
        return
    started = time.perf_counter()
    generated = ""
    try:
        llm = get_llm(assistant)
        for chunk in llm.stream_chat(build_messages(assistant, answer)):
            if "llm_first_token" not in answer.timings_ms:
                answer.timings_ms["llm_first_token"] = (time.perf_counter() - started) * 1000
            generated = chunk.message.content or ""
            if generated.strip():
                yield generated
    except Exception as e:  # noqa: BLE001 — fall back to the grounded answer
        answer.timings_ms["llm"] = (time.perf_counter() - started) * 1000
        yield _keep_grounded(answer, _unavailable(e)).answer
        return
    answer.timings_ms["llm"] = (time.perf_counter() - started) * 1000
    yield apply_generated(assistant, answer, generated).answer


def stream_with_llm(assistant: Assistant, question: str, history: list[Any] | None = None,
                    **filters: Any) -> Iterator[str]:
    """Assistant.stream(..., llm=True): the grounded answer first, then its streamed, checked rewrite."""
    answer = assistant.ask(question, history, **filters)
    assistant.last_answer = answer  # the citations and verdict of what was streamed
    yield from stream_answer(assistant, answer)


def llm_status(settings: Any) -> dict[str, Any]:
    """What LLM mode would use (for `kehoach` diagnostics and the UI), without starting anything."""
    mode = (settings.llm or "").strip().lower()
    info: dict[str, Any] = {"mode": mode or "off"}
    if mode == "openai":
        info.update(base_url=settings.llm_base_url, model=settings.llm_model, configured=bool(settings.llm_base_url))
    elif mode == "local":
        path = local_model_path(settings)
        info.update(gguf=str(path), configured=path.is_file(), threads=_threads(settings), n_ctx=LOCAL_CTX)
    else:
        info["configured"] = False
    return info


__all__ = ["LLMUnavailable", "build_messages", "get_llm", "llm_status", "rewrite_with_llm", "source_texts",
           "start_local_server", "stream_answer", "stream_with_llm"]
