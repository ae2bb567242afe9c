"""Limits a file's size does not show: a DOCX that unpacks to far more than it weighs (a zip bomb) and a
PDF with more pages than allowed are refused before they are read, with a message naming the limit."""

from __future__ import annotations

import resource
import time
import zipfile

import pytest
from docx import Document as Docx

from corpus.parse import parse_file
from corpus.readers import CorpusError


def _docx(path, text="Kế hoạch thử"):
    d = Docx()
    d.add_paragraph(text)
    d.save(path)
    return path


def test_zip_bomb_docx_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_MAX_UNZIPPED_MB", "5")
    bomb = _docx(tmp_path / "bom.docx")
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/padding.bin", b"\0" * (50 * 1024 * 1024))  # 50 MB of zeros, ≈50 KB packed
    assert bomb.stat().st_size < 1024 * 1024
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with pytest.raises(CorpusError) as err:
        parse_file(bomb)
    assert time.perf_counter() - started < 5
    assert err.value.code == "too_large"
    assert "giải nén" in str(err.value) and "KEHOACH_MAX_UNZIPPED_MB" in str(err.value)
    # nothing was unpacked: the peak memory did not grow by the bomb's size
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < 40 * 1024


def test_ordinary_docx_passes_the_unpacked_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("KEHOACH_MAX_UNZIPPED_MB", "5")
    doc = parse_file(_docx(tmp_path / "ke-hoach.docx", "KẾ HOẠCH"))
    assert doc.lines


def test_pdf_with_too_many_pages_is_refused_naming_the_limit(tmp_path, monkeypatch):
    from reportlab.pdfgen import canvas

    monkeypatch.setenv("KEHOACH_MAX_PDF_PAGES", "3")
    path = tmp_path / "dai.pdf"
    c = canvas.Canvas(str(path))
    for n in range(5):  # a line of text on each page ("Page N" alone is a page number, dropped as page furniture)
        c.drawString(72, 720, f"Section {n + 1}: targets of the plan for year {2026 + n}")
        c.showPage()
    c.save()
    with pytest.raises(CorpusError) as err:
        parse_file(path)
    assert err.value.code == "too_large" and "5 trang" in str(err.value) and "3 trang" in str(err.value)
    monkeypatch.setenv("KEHOACH_MAX_PDF_PAGES", "10")
    assert parse_file(path).lines


def test_a_directory_is_named_as_such(tmp_path):
    folder = tmp_path / "thu-muc.docx"
    folder.mkdir()
    with pytest.raises(CorpusError) as err:
        parse_file(folder)
    assert err.value.code == "directory" and "thư mục" in str(err.value)


def test_a_password_protected_pdf_says_it_is_encrypted(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "mat-khau.pdf"
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("bimat", canPrint=0))
    c.drawString(72, 720, "Ke hoach")
    c.showPage()
    c.save()
    with pytest.raises(CorpusError) as err:
        parse_file(path)
    assert err.value.code == "encrypted" and "được mã hóa" in str(err.value)
