"""Write layouts × seeds, read each file back with corpus.parse.parse_file, compare."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docgen.compare import Result, compare
from docgen.layouts import LAYOUTS, render

N_DOCS = 20


def run_layout(layout: str, seeds: Iterable[int], directory: Path) -> list[Result]:
    """One Result per seed; a document the parser cannot read counts as nothing read back."""
    from corpus.parse import parse_file

    results = []
    closed = LAYOUTS[layout].closed
    for seed in seeds:
        gen, path = render(layout, seed, directory)
        try:
            read = parse_file(path)
        except Exception as exc:  # a crash is a result, not an abort
            res = compare(gen, None, layout, closed)
            res.crash = f"{exc.__class__.__name__}: {exc}"[:200]
        else:
            res = compare(gen, read, layout, closed)
        results.append(res)
    return results


@dataclass
class LayoutCounts:
    layout: str
    docs: int = 0
    expected: int = 0
    exact: int = 0
    meta_expected: int = 0
    meta_exact: int = 0
    crashes: int = 0

    @property
    def rate(self) -> float:
        return self.exact / self.expected if self.expected else 1.0

    @property
    def meta_rate(self) -> float:
        return self.meta_exact / self.meta_expected if self.meta_expected else 1.0


def count(results: list[Result], layout: str) -> LayoutCounts:
    c = LayoutCounts(layout)
    for r in results:
        c.docs += 1
        c.expected += r.expected
        c.exact += r.exact
        c.meta_expected += r.meta_expected
        c.meta_exact += r.meta_exact
        c.crashes += r.crash is not None
    return c


def layout_counts(layouts: Iterable[str] | None = None, n_docs: int = N_DOCS,
                  directory: Path | None = None) -> dict[str, LayoutCounts]:
    """Per-layout counts of records and metadata fields read back exactly."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="docgen-") as tmp:
        base = Path(directory or tmp)
        for name in layouts or LAYOUTS:
            sub = base / name
            sub.mkdir(parents=True, exist_ok=True)
            out[name] = count(run_layout(name, range(n_docs), sub), name)
    return out


def failure_report(results: list[Result], limit: int = 12) -> str:
    """Short lines 'layout seed=N: record: problem' (records, then metadata, then crashes)."""
    lines = []
    for r in results:
        if r.crash:
            lines.append(f"{r.layout} seed={r.seed}: parse_file raised {r.crash}")
    for r in results:
        lines.extend(f"{r.layout} seed={r.seed}: {e}" for e in r.errors)
    for r in results:
        lines.extend(f"{r.layout} seed={r.seed}: meta {e}" for e in r.meta_problems)
    more = len(lines) - limit
    return "\n".join(lines[:limit] + ([f"… and {more} more"] if more > 0 else []))
