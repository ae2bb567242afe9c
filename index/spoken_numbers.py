"""Numbers spoken in words, as speech-to-text writes them ("năm hai nghìn không trăm ba mươi", "hai không ba lăm",
"tám mươi lăm phần trăm"), written as digits (data + one function).

Source: the Vietnamese number words and their spoken variants (mốt = 1 and lăm = 5 after a ten, tư = 4 after a ten,
linh/lẻ for a zero ten, nghìn/ngàn, a year read digit by digit). Only a question with no digit at all is read this
way, and only runs of two number words or more (or one before "phần trăm"): "một số", "năm" (year) stay words."""

from __future__ import annotations

import re

DIGITS: dict[str, int] = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
                          "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_TENS = {"mươi", "mười"}
_SCALES = {"trăm": 100, "nghìn": 1000, "ngàn": 1000}
_ZERO_TEN = {"linh", "lẻ"}
# words that are numbers only after another number word ("năm" alone is the year, "không" alone is "not"), save
# "năm mươi/trăm/nghìn" and "không" where a number is expected
_NOT_FIRST = {"không", "mốt", "tư", "năm", "lăm", "nhăm", "linh", "lẻ", "mươi", "trăm", "nghìn", "ngàn"}
_WORD = re.compile(r"\w+")


def _is_number_word(w: str) -> bool:
    return w in DIGITS or w in _TENS or w in _SCALES or w in _ZERO_TEN


def _value(words: list[str]) -> str | None:
    """The digits a run of number words says, or None when it reads as no number."""
    if any(w in _SCALES for w in words):  # "hai nghìn không trăm ba mươi", "một trăm lẻ năm"
        total = block = pending = 0
        for w in words:
            if w in DIGITS:
                pending = DIGITS[w]
            elif w == "mười":
                block, pending = block + 10, 0
            elif w == "mươi":
                block, pending = block + pending * 10, 0
            elif w == "trăm":
                block, pending = block + pending * 100, 0
            elif w in {"nghìn", "ngàn"}:
                total, block, pending = total + (block + pending) * 1000, 0, 0
        return str(total + block + pending)
    groups: list[str] = []  # a year or a code read digit by digit, a ten with its unit ("ba mươi", "bảy mốt")
    k = 0
    while k < len(words):
        w = words[k]
        if w == "mười":
            unit = DIGITS.get(words[k + 1]) if k + 1 < len(words) else None
            groups.append(str(10 + (unit or 0)))
            k += 2 if unit is not None else 1
        elif w in DIGITS and k + 1 < len(words) and words[k + 1] == "mươi":
            unit = DIGITS.get(words[k + 2]) if k + 2 < len(words) else None
            groups.append(str(DIGITS[w] * 10 + (unit or 0)))
            k += 3 if unit is not None else 2
        elif w in {"mốt", "lăm", "tư"} and len(groups) == 1 and groups[0] not in {"0", *map(str, range(10, 100))}:
            groups[0] += str(DIGITS[w])  # after one digit, the spoken unit of a ten: "bảy mốt" = 71
            k += 1
        elif w in DIGITS:
            groups.append(str(DIGITS[w]))
            k += 1
        else:
            return None
    return "".join(groups)


def digits_for_spoken_numbers(text: str) -> str:
    """The text with spoken numbers written as digits; a text that has any digit is returned as it is."""
    if re.search(r"\d", text):
        return text
    words = list(_WORD.finditer(text))
    out, last, k = [], 0, 0
    while k < len(words):
        j = k
        first = words[k].group(0).lower()
        # "không" opens a number only where a number is expected ("phụ lục không một", "số không hai")
        second = words[k + 1].group(0).lower() if k + 1 < len(words) else ""
        opens = (first not in _NOT_FIRST
                 or (first == "năm" and second in {"mươi", "trăm", "nghìn", "ngàn"})  # "năm mươi chín" is 59
                 or (first == "không" and second in DIGITS
                     and re.search(r"(?:phụ lục|số|mục|dòng|pl)\s*$", text[:words[k].start()].lower())))
        while opens and j < len(words) and _is_number_word(words[j].group(0).lower()):
            j += 1
        run = [w.group(0).lower() for w in words[k:j]]
        after = text[words[j - 1].end():].lower().lstrip() if j > k else ""
        if len(run) >= 2 or (run and after.startswith(("phần trăm", "%"))):
            value = _value(run)
            if value is not None:
                out.append(text[last:words[k].start()] + value)
                last = words[j - 1].end()
                k = j
                continue
        k = max(j, k + 1)
    return "".join(out) + text[last:]
