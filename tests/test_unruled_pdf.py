"""A PDF whose words are placed one by one (no space characters: the spaces are only gaps, as some PDF
printers write text) and whose table has no rules: a proper Unicode text, read, never refused as a legacy
encoding, with its words spaced and its table's columns found from where the words stand."""

from __future__ import annotations

from docgen.layouts import render

from corpus.legacy_encodings import looks_garbled, score
from corpus.parse import parse_file
from corpus.readers import read_lines


def test_gap_spaced_pdf_is_unicode_not_refused(tmp_path):
    for seed in range(3):
        gen, path = render("pdf_unruled_appendix", seed, tmp_path)
        lines, _ = read_lines(path)  # raised CorpusError ("lỗi bảng mã") when the words ran together
        text = "\n".join(lines)
        assert not looks_garbled(score("", text))
        assert "Kèm theo Kế hoạch số" in text
        for ind in gen.indicators:
            assert ind.name.split()[0] in text


def test_unruled_table_rows_keep_their_columns(tmp_path):
    gen, path = render("pdf_unruled_appendix", 5, tmp_path)
    doc = parse_file(path)
    rows = [ln.split("\t") for ln in doc.lines if "\t" in ln]
    widths = {len(r) for r in rows}
    assert len(widths) <= 2  # the targets table and the assignment table, each on its own grid
    read = {i.name: i for i in doc.indicators}
    for ind in gen.indicators:  # wrapped names joined to their row, leads joined by the targets' numbers
        assert ind.name in read
        assert [t.raw for t in read[ind.name].targets] == [t.raw for t in ind.targets]
        assert read[ind.name].lead == ind.lead
