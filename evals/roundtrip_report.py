"""Round-trip rate per layout of the random document generator (tests/docgen) as a markdown table.

    .venv/bin/python -m evals.roundtrip_report [--docs 20] [--layout NAME ...]

Each layout writes N random documents, corpus.parse.parse_file reads them back, and every
expected record (indicator or task) and metadata field is compared exactly (see
tests/docgen/compare.py). A document the parser cannot read counts as nothing read back.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from docgen.layouts import LAYOUTS  # noqa: E402
from docgen.roundtrip import N_DOCS, LayoutCounts, layout_counts  # noqa: E402


def table(counts: dict[str, LayoutCounts]) -> str:
    head = ["layout", "docs", "records expected", "records read back exactly", "rate",
            "metadata fields", "metadata exact", "metadata rate", "crashes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    total = LayoutCounts("**all**")
    for c in counts.values():
        for name in ("docs", "expected", "exact", "meta_expected", "meta_exact", "crashes"):
            setattr(total, name, getattr(total, name) + getattr(c, name))
    for c in [*counts.values(), total]:
        lines.append(f"| {c.layout} | {c.docs} | {c.expected} | {c.exact} | {c.rate:.0%} | "
                     f"{c.meta_expected} | {c.meta_exact} | {c.meta_rate:.0%} | {c.crashes} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=N_DOCS, help="documents per layout")
    ap.add_argument("--layout", action="append", choices=list(LAYOUTS), help="only these layouts")
    args = ap.parse_args(argv)
    started = time.time()
    counts = layout_counts(args.layout or list(LAYOUTS), args.docs)
    print(table(counts))
    print(f"\n{args.docs} documents per layout, {time.time() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
