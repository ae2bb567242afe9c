"""Compare a read Document with a generated document's ground truth.

"Exact" means equal after this normalisation of both sides (see `norm`): Unicode NFC, new-style
tone placement ("hoá" → "hóa", "Uỷ" → "Ủy"), non-breaking spaces as spaces, runs of whitespace as
one space, no surrounding whitespace or trailing ".;,:". Beyond that:
- indicator names match with the first letter's case ignored ("tỷ lệ …" in prose = "Tỷ lệ …");
- a target matches on its period string ("2030", "2026-2030"), raw text and kind (a target set, or an estimate or
  result reported beside the targets: "Ước thực hiện năm 2025", "Thực hiện năm 2024");
- partners: every expected agency appears in the read `partners` text, consecutive agencies are
  separated by "," ";" or "và" (a bare space, e.g. a line break collapsed, is not a separator), and
  nothing else is left;
- a task's product, when read, must equal the one written (a table's product column must be read);
- a task is found by its title as a substring (case-insensitive) of the read title + body;
  its deadline's raw text must contain the expected phrase (case-insensitive), and `end` (ISO) and
  `recurring` must be equal;
- metadata titles and doc types compare case-insensitively; other fields exactly;
- in a closed layout (one that states no records but the expected ones, `Layout.closed`), every record read
  that matches no expected one counts as one more record not read back exactly (a row of column numbers read
  as an indicator, a paragraph read as a task).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from docgen.model import META_FIELDS, ExpIndicator, ExpTask, GenDoc

_OLD_TO_NEW = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TO_NEW) + r")(?=\W|$)", re.IGNORECASE)


def norm(text: str | None) -> str:
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")

    def repl(m: re.Match[str]) -> str:
        src = m.group(1)
        new = _OLD_TO_NEW[src.lower()]
        return "".join(n.upper() if s.isupper() else n for n, s in zip(new, src, strict=True))

    text = _OLD_RE.sub(repl, text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".;,:").strip()


def _name_key(text: str) -> str:
    t = norm(text)
    return t[:1].lower() + t[1:]


def _short(text: str | None, n: int = 60) -> str:
    t = norm(text)
    return repr(t if len(t) <= n else t[: n - 1] + "…")


def partners_error(got: str, expected: list[str]) -> str | None:
    text = norm(got)
    missing = [p for p in expected if norm(p) not in text]
    spans: list[tuple[int, int]] = []
    for p in sorted(expected, key=len, reverse=True):
        at = text.find(norm(p))
        while at >= 0 and any(at < e and s < at + len(norm(p)) for s, e in spans):
            at = text.find(norm(p), at + 1)
        if at >= 0:
            spans.append((at, at + len(norm(p))))
    spans.sort()
    gaps = [text[e:s] for (_, e), (s, _) in zip(spans, spans[1:], strict=False)]
    outside = text[: spans[0][0]] + " " + text[spans[-1][1] :] if spans else text
    # agencies are told apart by ',' ';' or 'và' (a bare space or a lost line break does not)
    bad_gap = any(not re.fullmatch(r"\s*(?:[,;]|\bvà\b)[\s,;]*", g) for g in gaps)
    if missing or bad_gap or re.sub(r"[,;.\s]", "", outside):
        return f"partners expected {[norm(p) for p in expected]} got {_short(got, 120)}"
    return None


def indicator_errors(exp: ExpIndicator, got) -> list[str]:
    errs = []
    if norm(got.unit) != norm(exp.unit):
        errs.append(f"unit expected {_short(exp.unit)} got {_short(got.unit)}")
    by_period = {}
    doubled = []  # a second figure for one period (a ratio column "2026/2025" read as 2026's target)
    for t in got.targets:
        if norm(t.period) in by_period:
            doubled.append(t)
        by_period.setdefault(norm(t.period), t)
    for t in exp.targets:
        g = by_period.pop(norm(t.period), None)
        if g is None:
            errs.append(f"target {t.period} {_short(t.raw)} missing (got periods {[x.period for x in got.targets]})")
        elif norm(g.raw) != norm(t.raw):
            errs.append(f"target {t.period} expected {_short(t.raw)} got {_short(g.raw)}")
        elif getattr(g, "kind", "target") != t.kind:
            errs.append(f"target {t.period} {_short(t.raw)} read as kind {getattr(g, 'kind', 'target')!r}, expected {t.kind!r}")
    if by_period or doubled:
        errs.append(f"extra targets {[(t.period, t.raw) for t in [*by_period.values(), *doubled]]}")
    if exp.lead is not None and norm(got.lead) != norm(exp.lead):
        errs.append(f"lead expected {_short(exp.lead)} got {_short(got.lead)}")
    if exp.partners is not None:
        err = partners_error(got.partners, exp.partners)
        if err:
            errs.append(err)
    return errs


def task_errors(exp: ExpTask, got) -> list[str]:
    errs = []
    if norm(got.lead) != norm(exp.lead):
        errs.append(f"lead expected {_short(exp.lead)} got {_short(got.lead)}")
    if exp.partners is not None:
        err = partners_error(got.partners, exp.partners)
        if err:
            errs.append(err)
    # a product column is read whole; a product read anywhere must be the one written
    got_product = getattr(got, "product", "")
    if got_product and norm(got_product) != norm(exp.product):
        errs.append(f"product expected {_short(exp.product)} got {_short(got_product)}")
    elif getattr(got, "source", "") == "table" and exp.product and not got_product:
        errs.append(f"product expected {_short(exp.product)} got none")
    d, gd = exp.deadline, got.deadline
    if d is None:
        if gd is not None and (gd.end or gd.recurring):
            errs.append(f"deadline expected none got {_short(gd.raw)} end={gd.end}")
    elif gd is None:
        errs.append(f"deadline expected {_short(d.raw)} (end={d.end}, recurring={d.recurring}) got none")
    else:
        if norm(d.raw).casefold() not in norm(gd.raw).casefold():
            errs.append(f"deadline raw expected {_short(d.raw)} in {_short(gd.raw)}")
        if gd.end != d.end or bool(gd.recurring) != d.recurring:
            errs.append(f"deadline {_short(d.raw)} expected end={d.end} recurring={d.recurring} "
                        f"got end={gd.end} recurring={gd.recurring}")
    return errs


def meta_errors(gen: GenDoc, read) -> dict[str, str | None]:
    """field -> None when exact, else the error; only fields the document states."""
    out: dict[str, str | None] = {}
    for name in META_FIELDS:
        want = getattr(gen.meta, name)
        if want is None:
            continue
        got = getattr(read, name, None)
        a, b = norm(want), norm(got)
        if name in ("title", "doc_type"):
            a, b = a.casefold(), b.casefold()
        out[name] = None if a == b else f"{name} expected {_short(want, 90)} got {_short(got, 90)}"
    return out


@dataclass
class Result:
    """The comparison of one document."""

    layout: str
    seed: int
    expected: int = 0  # records expected
    exact: int = 0  # records read back exactly
    meta_expected: int = 0
    meta_exact: int = 0
    errors: list[str] = field(default_factory=list)  # "record: problem"
    meta_problems: list[str] = field(default_factory=list)
    crash: str | None = None


def compare(gen: GenDoc, read, layout: str = "", closed: bool = False) -> Result:
    res = Result(layout, gen.seed)
    read_inds = list(getattr(read, "indicators", []) or [])
    read_tasks = list(getattr(read, "tasks", []) or [])
    if closed:
        names = {_name_key(e.name) for e in gen.indicators}
        titles = [norm(e.title).casefold() for e in gen.tasks]
        extra = [f"indicator {_short(g.name, 50)}" for g in read_inds if _name_key(g.name) not in names]
        extra += [f"task {_short(g.title, 50)}" for g in read_tasks
                  if not any(t in norm(f"{g.title} {g.body}").casefold() for t in titles)]
        res.expected += len(extra)
        res.errors += [f"{e}: read but not written" for e in extra]
    for exp in gen.indicators:
        res.expected += 1
        label = f"indicator {_short(exp.name, 50)}"
        cands = [g for g in read_inds if _name_key(g.name) == _name_key(exp.name)]
        if not cands:
            names = [norm(g.name) for g in read_inds]
            close = difflib.get_close_matches(norm(exp.name), names, n=1, cutoff=0.5)
            hint = f" (closest: {_short(close[0], 70)})" if close else f" ({len(read_inds)} indicators read)"
            res.errors.append(f"{label}: not found{hint}")
            continue
        best = min((indicator_errors(exp, g) for g in cands), key=len)
        if best:
            res.errors.append(f"{label}: " + "; ".join(best))
        else:
            res.exact += 1
    for exp in gen.tasks:
        res.expected += 1
        label = f"task {_short(exp.title, 50)}"
        key = norm(exp.title).casefold()
        cands = [g for g in read_tasks if key in norm(f"{g.title} {g.body}").casefold()]
        if not cands:
            res.errors.append(f"{label}: not found ({len(read_tasks)} tasks read)")
            continue
        cands.sort(key=lambda g: key not in norm(g.title).casefold())
        best = min((task_errors(exp, g) for g in cands), key=len)
        if best:
            res.errors.append(f"{label}: " + "; ".join(best))
        else:
            res.exact += 1
    for _name, err in meta_errors(gen, read).items():
        res.meta_expected += 1
        if err:
            res.meta_problems.append(err)
        else:
            res.meta_exact += 1
    return res
