"""Text pieces shared by the layouts: the opening block, signature, agency lists, text damage."""

from __future__ import annotations

import random
import re
import unicodedata

from docgen import vocab
from docgen.model import ExpTask, GenDoc

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def left_block(doc: GenDoc) -> list[str]:
    return [*doc.header.issuer_lines, doc.header.so_line]


def right_block(doc: GenDoc) -> list[str]:
    return [QUOC_HIEU, TIEU_NGU, doc.header.place_date]


def title_block(doc: GenDoc) -> list[str]:
    return [doc.header.type_line, *doc.header.subject_lines]


def head_lines(doc: GenDoc) -> list[str]:
    """The opening block as plain lines: left column, then right column, then type and title."""
    return [*left_block(doc), *right_block(doc), "", *title_block(doc), ""]


def signature_lines(doc: GenDoc) -> list[str]:
    return [*doc.signature.lines, "", doc.signature.name]


def recipients(doc: GenDoc) -> list[str]:
    return [r.replace("Tỉnh ủy", "Thành ủy" if doc.unit == "thành phố" else "Tỉnh ủy") for r in vocab.RECIPIENTS]


def tail_lines(doc: GenDoc) -> list[str]:
    return ["", *signature_lines(doc), "", *recipients(doc)]


def body_upper(doc: GenDoc) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH CAO BẰNG'."""
    return f"{doc.extra['body']} {doc.unit} {doc.province}".upper()


def ubnd(doc: GenDoc) -> str:
    return f"Ủy ban nhân dân {doc.unit}"


def cell_agencies(rng: random.Random, names: list[str], *, breaks: bool = True) -> str:
    """Agencies in one table cell: '; ', ', ', ';\\n' or '\\n' between them."""
    seps = ["; ", ", ", ";\n", "\n"] if breaks else ["; ", ", "]
    return rng.choice(seps).join(names)


def prose_agencies(names: list[str]) -> str:
    """'A, B và C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def groups_of(rng: random.Random, items: list, n_groups: int) -> list[list]:
    """Split items into n_groups consecutive non-empty runs."""
    n_groups = max(1, min(n_groups, len(items)))
    cuts = sorted(rng.sample(range(1, len(items)), n_groups - 1)) if n_groups > 1 else []
    bounds = [0, *cuts, len(items)]
    return [items[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def deadline_cell(task: ExpTask) -> str:
    return task.deadline.raw if task.deadline else ""


# ---------------------------------------------------------------- damage done by other tools

_NEW_TO_OLD = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
_NEW_RE = re.compile(r"(?<![qQ])(" + "|".join(_NEW_TO_OLD) + r")(?=\W|$)", re.IGNORECASE)


def old_tones(text: str) -> str:
    """Old-style tone placement at syllable end: 'hóa' → 'hoá', 'Ủy' → 'Uỷ'."""

    def repl(m: re.Match[str]) -> str:
        src = m.group(1)
        old = _NEW_TO_OLD[src.lower()]
        return "".join(o.upper() if s.isupper() else o for o, s in zip(old, src, strict=True))

    return _NEW_RE.sub(repl, unicodedata.normalize("NFC", text))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def hard_wrap(paragraph: str, width: int = 70) -> list[str]:
    """Wrap at `width`; a word with an inner hyphen that would overflow is broken after the
    hyphen ('2026-' / '2030'), as PDF text extraction leaves it."""
    lines: list[str] = []
    cur = ""
    for word in paragraph.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            cut = word.find("-")
            if 0 < cut < len(word) - 1 and len(cur) + 1 + cut + 1 <= width:
                lines.append(f"{cur} {word[: cut + 1]}")
                cur = word[cut + 1 :]
                continue
            if word in {"-", "–"}:  # a dash never starts a line (it would read as a bullet)
                lines.append(f"{cur} {word}")
                cur = ""
                continue
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return lines
