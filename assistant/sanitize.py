"""Questions as safe text: whatever string arrives (API, paste, JSON escapes, a command line that is not
UTF-8), what the assistant works on is NFC text without lone surrogates, NUL or control characters,
and without bidirectional overrides."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MAX_QUESTION_CHARS = 2000

# lone surrogates (only reachable through JSON escapes, surrogateescape or bad pastes)
_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 and C1 controls and DEL; tab, newline, carriage return and the other separators become spaces
_SPACES = re.compile("[\t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
# bidi embeddings, overrides and isolates, marks; zero-width characters and the BOM; noncharacters
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff\ufffe\uffff]")
_BLANKS = re.compile(r"\s+")

EMPTY = "Câu hỏi trống. Hãy nhập câu hỏi về chỉ tiêu, nhiệm vụ, thời hạn hoặc văn bản."
NO_WORDS = "Câu hỏi không có chữ hay số nào. Hãy nhập câu hỏi về chỉ tiêu, nhiệm vụ, thời hạn hoặc văn bản."


def sanitize_text(text: Any) -> str:
    """NFC text on one line: lone surrogates, NUL and control characters dropped, bidi overrides and
    zero-width characters removed, runs of blanks collapsed. Never raises."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    elif not isinstance(text, str):
        text = str(text)
    text = _SURROGATES.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROLS.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return _BLANKS.sub(" ", text).strip()


def question_problem(question: str, max_chars: int = MAX_QUESTION_CHARS) -> str | None:
    """Why a (sanitised) question cannot be asked, in Vietnamese; None if it can."""
    if not question:
        return EMPTY
    if len(question) > max_chars:
        return f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {max_chars})."
    if not any(ch.isalnum() for ch in question):
        return NO_WORDS
    return None


def sanitize_history(history: Any) -> list[Any]:
    """Earlier turns with every text sanitised (strings, (user, bot) pairs or {'role','content'} messages);
    anything else is dropped."""
    out: list[Any] = []
    if not isinstance(history, list | tuple):
        return out
    for item in history:
        if isinstance(item, str):
            out.append(sanitize_text(item)[:MAX_QUESTION_CHARS])
        elif isinstance(item, dict):
            content = item.get("content")
            out.append({**item, "content": sanitize_text(content)[:MAX_QUESTION_CHARS]}
                       if isinstance(content, str) else item)
        elif isinstance(item, list | tuple) and item and isinstance(item[0], str):
            out.append([sanitize_text(item[0])[:MAX_QUESTION_CHARS], *item[1:]])
    return out


def as_year(year: Any) -> int | None:
    """A year filter from whatever was given (an int, digits as text); None otherwise."""
    if isinstance(year, int) and not isinstance(year, bool):
        return year
    text = sanitize_text(year)
    return int(text) if text.isdigit() and len(text) <= 4 else None
