"""OCR seconds per page on this machine: generated PDFs (tests/docgen) rendered at 300 dpi into
image-only PDFs, read by corpus.readers (Tesseract "vie", tables by their rules).

    .venv/bin/python -m evals.ocr_bench [--docs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from docgen.layouts import render  # noqa: E402

from corpus.readers import read_lines  # noqa: E402

LAYOUTS = ("pdf_task_table_pagebreak", "pdf_resolution", "pdf_spaced_header")


def scan(src: Path, dst: Path, dpi: int = 300) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(src))
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    images[0].save(dst, save_all=True, append_images=images[1:], resolution=dpi)
    return len(images)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=3, help="documents to scan (one per layout, cycling)")
    args = ap.parse_args(argv)
    pages = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        for k in range(args.docs):
            _, pdf = render(LAYOUTS[k % len(LAYOUTS)], k, Path(tmp))
            scanned = Path(tmp) / f"scan-{k}.pdf"
            n = scan(pdf, scanned)
            t0 = time.perf_counter()
            read_lines(scanned)
            dt = time.perf_counter() - t0
            pages += n
            seconds += dt
            print(f"{pdf.name}: {n} page(s), {dt:.1f} s, {dt / n:.1f} s/page")
    print(f"OCR: {seconds / pages:.1f} s/page over {pages} pages (300 dpi, Tesseract vie)")


if __name__ == "__main__":
    main()
