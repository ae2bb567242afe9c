"""Round trip: random documents written in many layouts must be read back exactly.

tests/docgen writes each document from a seeded generator (invented records, general vocabulary)
and keeps what a correct reader must give back; here every layout writes N_DOCS documents,
corpus.parse.parse_file reads them and every expected indicator, task and metadata field is
compared (see docgen.compare for what "exact" means). One test per layout, so the report says
which layouts fail; a failure lists `layout seed=N: record: expected … got …` lines.
"""

from __future__ import annotations

import pytest
from docgen.layouts import LAYOUTS, render
from docgen.roundtrip import N_DOCS, failure_report, run_layout


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_roundtrip(layout, tmp_path):
    n_docs = LAYOUTS[layout].test_docs or N_DOCS
    results = run_layout(layout, range(n_docs), tmp_path)
    expected = sum(r.expected for r in results)
    exact = sum(r.exact for r in results)
    meta_expected = sum(r.meta_expected for r in results)
    meta_exact = sum(r.meta_exact for r in results)
    bad = [r for r in results if r.errors or r.meta_problems or r.crash]
    need = LAYOUTS[layout].min_exact  # OCR: a share of the records, not all (see Layout.min_exact)
    enough = not any(r.crash for r in results) and exact >= need * expected and meta_exact >= need * meta_expected
    if bad and not enough:
        pytest.fail(
            f"{layout}: {exact}/{expected} records and {meta_exact}/{meta_expected} metadata fields exact "
            f"over {n_docs} documents ({LAYOUTS[layout].about})\n" + failure_report(bad),
            pytrace=False,
        )


def test_generator_is_deterministic(tmp_path):
    """The same layout and seed give the same file and the same ground truth."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for layout in ("docx_task_table", "txt_plan_prose", "html_legal_site"):
        a, pa = render(layout, 3, tmp_path / "a")
        b, pb = render(layout, 3, tmp_path / "b")
        assert a == b
        if pa.suffix != ".docx":  # a .docx zip carries timestamps
            assert pa.read_bytes() == pb.read_bytes()


def test_every_layout_states_records_and_metadata(tmp_path):
    """Each layout writes at least one record and the seven metadata fields in every document."""
    for layout in LAYOUTS:
        gen, path = render(layout, 0, tmp_path)
        assert path.exists() and path.stat().st_size > 0
        assert gen.indicators or gen.tasks, layout
        if LAYOUTS[layout].head:
            assert all(v for v in vars(gen.meta).values()), layout
        else:  # an appendix without a head: only its province, from its caption
            assert gen.meta.province and not (gen.meta.so_hieu or gen.meta.signer or gen.meta.title), layout
