"""Questions about generated documents: a dev set for answering over layouts nobody wrote by hand.

    python -m evals.generated_qa --home DIR [--seeds 1] [--out FILE] [--run]

Writes one document per layout of the round-trip generator (tests/docgen) per seed into DIR/docs,
builds questions from each document's ground truth with several wordings (who leads a task, who
co-operates, its deadline, a target for a year, a year the document does not set, số hiệu, signer,
date), writes them as a gold JSONL (the format of evals/gold/SCHEMA.md), and with --run ingests the
documents into DIR (KEHOACH_HOME) and scores the assistant on them. The questions are templated, so
this is a dev set: tune on it, report the held-out sets (evals/gold/test.jsonl, evals/heldout) apart.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from docgen.layouts import LAYOUTS, render  # noqa: E402

LEAD_Q = ["Cơ quan nào chủ trì nhiệm vụ «{t}» ({p})?", "Ai chủ trì việc {tl} ở {p}?",
          "{p}: đơn vị nào phụ trách {tl}?"]
PARTNER_Q = ["Những cơ quan nào phối hợp thực hiện nhiệm vụ «{t}» ({p})?", "Ai phối hợp với cơ quan chủ trì để {tl} ở {p}?"]
DEADLINE_Q = ["Nhiệm vụ «{t}» của {p} phải hoàn thành khi nào?", "Thời hạn {tl} ({p}) là bao giờ?",
              "{p}: hạn chót của việc {tl}?"]
VALUE_Q = ["{n} của {p} năm {y} là bao nhiêu?", "Mục tiêu {nl} đến năm {y} ở {p}?",
           "{p} đặt chỉ tiêu {nl} năm {y} thế nào?"]
SIGNER_Q = ["Ai ký {k} số {s}?", "Người ký văn bản {s} của {p} là ai?"]
NUMBER_Q = ["Số hiệu {k} của {p} về {subj} là gì?"]
LEAD_LIST_Q = ["Những nhiệm vụ nào do {lead} chủ trì ({p})?", "{lead} ở {p} phải chủ trì những việc gì?",
               "Liệt kê các nhiệm vụ {lead} được giao chủ trì theo {k} của {p}."]
DUE_LIST_Q = ["Việc gì phải xong trong năm {y} ở {p}?", "{p}: những nhiệm vụ nào có hạn hoàn thành trong năm {y}?",
              "Theo {k} của {p}, năm {y} phải hoàn thành những nhiệm vụ nào?"]
PERIOD_LIST_Q = ["Những việc nào của {p} phải xong trong {q}?", "{p}: nhiệm vụ nào có hạn trong {q}?",
                 "Trong {q}, {p} phải hoàn thành những công việc gì?"]
RECURRING_Q = ["Những việc nào {p} phải làm hằng năm hoặc thường xuyên?", "{p}: nhiệm vụ nào thực hiện thường xuyên?"]
DATE_Q = ["{k} số {s} ban hành ngày nào?", "Văn bản {s} của {p} được ký ngày nào?"]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _dmy(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(d):02d}/{int(m):02d}/{y}"


def questions_for(gen, doc_id: str, rng: random.Random) -> list[dict]:
    """Templated questions with expected answers from one generated document's ground truth."""
    p = gen.meta.province or ""
    out: list[dict] = []

    def add(q: str, category: str, status: str = "answered", **exp) -> None:
        out.append({"question": q, "category": category, "expected_status": status,
                    "expected_values": exp.get("values", []), "expected_agencies": exp.get("agencies", []),
                    "expected_deadlines": exp.get("deadlines", []), "expected_items": exp.get("items", []),
                    "must_cite": [] if status == "not_found" else [doc_id],
                    "forbidden_values": exp.get("forbidden", []), "source": f"{doc_id} (generated)"})

    for task in rng.sample(gen.tasks, min(3, len(gen.tasks))):
        t = task.title
        fmt = {"t": t, "tl": _lower_first(t), "p": p}
        add(rng.choice(LEAD_Q).format(**fmt), "agency", agencies=[task.lead])
        if task.partners:
            add(rng.choice(PARTNER_Q).format(**fmt), "agency", agencies=list(task.partners))
        if task.deadline:
            add(rng.choice(DEADLINE_Q).format(**fmt), "deadline", deadlines=[task.deadline.raw])
    for ind in rng.sample(gen.indicators, min(3, len(gen.indicators))):
        set_targets = [t for t in ind.targets if t.raw.strip() not in {"-", ""}]
        if not set_targets:
            continue
        t = rng.choice(set_targets)
        if "-" in t.period:
            continue
        others = [o.raw for o in set_targets if o is not t and o.raw != t.raw and any(ch.isdigit() for ch in o.raw)]
        fmt = {"n": ind.name, "nl": _lower_first(ind.name), "p": p, "y": t.period}
        add(rng.choice(VALUE_Q).format(**fmt), "value", values=[t.raw], forbidden=others)
        years = {tt.period for tt in ind.targets}
        missing = next((y for y in ("2040", "2045", "2050") if y not in years), None)
        if missing:
            add(rng.choice(VALUE_Q).format(**{**fmt, "y": missing}), "unanswerable", "not_found",
                forbidden=[o.raw for o in set_targets if any(ch.isdigit() for ch in o.raw)])
    m = gen.meta
    kind = (m.doc_type or "văn bản").lower()
    leads: dict[str, list[str]] = {}
    for task in gen.tasks:
        leads.setdefault(task.lead, []).append(task.title)
    for lead, titles in rng.sample(sorted(leads.items()), min(2, len(leads))):
        add(rng.choice(LEAD_LIST_Q).format(lead=lead, p=p, k=kind), "list", items=titles)
    due: dict[str, list[str]] = {}
    for task in gen.tasks:
        if task.deadline and task.deadline.end and not task.deadline.recurring:
            due.setdefault(task.deadline.end[:4], []).append(task.title)
    for year, titles in rng.sample(sorted(due.items()), min(1, len(due))):
        add(rng.choice(DUE_LIST_Q).format(y=year, p=p, k=kind), "list", items=titles)
    quarters: dict[str, list[str]] = {}
    for task in gen.tasks:
        d = task.deadline
        if d and d.end and not d.recurring and d.end[5:7] in {"03", "06", "09", "12"} and d.end[8:] in {"30", "31"}:
            q = {"03": "I", "06": "II", "09": "III", "12": "IV"}[d.end[5:7]]
            quarters.setdefault(f"quý {q}/{d.end[:4]}", []).append(task.title)
    for q, titles in rng.sample(sorted(quarters.items()), min(1, len(quarters))):
        add(rng.choice(PERIOD_LIST_Q).format(q=q, p=p), "list", items=titles)
    recurring = [t.title for t in gen.tasks if t.deadline and t.deadline.recurring]
    if recurring:
        add(rng.choice(RECURRING_Q).format(p=p), "list", items=recurring)
    if m.signer and m.so_hieu:
        add(rng.choice(SIGNER_Q).format(k=kind, s=m.so_hieu, p=p), "docfact", items=[m.signer])
    if m.so_hieu and m.title:
        subj = m.title.split(" ", 2)[-1] if m.title else ""
        add(NUMBER_Q[0].format(k=kind, p=p, subj=_lower_first(subj)), "docfact", values=[m.so_hieu])
    if m.date_issued and m.so_hieu:
        add(rng.choice(DATE_Q).format(k=kind.capitalize(), s=m.so_hieu, p=p), "docfact", values=[_dmy(m.date_issued)])
    return out


def build(home: Path, seeds: int) -> tuple[list[Path], list[dict]]:
    docs_dir = home / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    paths, gold = [], []
    import shutil
    import tempfile

    from corpus.parse import doc_id_for

    scratch = Path(tempfile.mkdtemp(prefix="gq-"))
    for seed in range(seeds):
        for layout in LAYOUTS:
            # an existing file is kept as it is: re-rendering a DOCX/PDF changes its bytes, and a
            # changed file of the same name would be ingested as a new document
            gen, fresh = render(layout, 900 + seed, scratch)
            path = docs_dir / fresh.name
            if not path.exists():
                shutil.move(str(fresh), path)

            doc_id = doc_id_for(path)
            paths.append(path)
            gold += questions_for(gen, doc_id, random.Random(f"{layout}:{seed}"))
    for k, item in enumerate(gold, start=1):
        item["id"] = f"g{k:03d}"
    return paths, gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--run", action="store_true")
    args = ap.parse_args(argv)
    paths, gold = build(args.home, args.seeds)
    out = args.out or args.home / "generated_qa.jsonl"
    out.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
    print(f"{len(paths)} documents, {len(gold)} questions → {out}")
    if args.run:
        import os
        import subprocess

        env = {**os.environ, "KEHOACH_HOME": str(args.home)}
        kehoach = str(Path(sys.executable).parent / "kehoach")
        subprocess.run([kehoach, "ingest", *map(str, paths)], env=env, check=False)
        return subprocess.run([kehoach, "eval", "--no-baseline", "--min-overall", "0", "--gold", str(out),
                               "--report", str(args.home / "generated_qa.report.json")], env=env).returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
