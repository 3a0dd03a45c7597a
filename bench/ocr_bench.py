"""OCR seconds per page with 1 and 2 worker processes, and the speedup.

Runs on a generated image-only PDF of dense Vietnamese text (A4, 150 dpi), and on the
scanned samples of the evaluation set when /work/shared is present. Each figure is the
best of `--repeat` runs, since other work on the machine slows single runs; the load
average is printed for the same reason.

    .venv/bin/python bench/ocr_bench.py [--pages 6] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.ocr import ocr_available, ocr_pdf_pages  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINE = "Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với các sở, ngành {n}."
SCANS = [Path("/work/shared/eval/dev/d12_bct_cv2265_scan.pdf"),
         Path("/work/shared/eval/dev/d31_lamdong_tb493_legacyfont.pdf")]


def generated_pdf(pages: int) -> bytes:
    font = ImageFont.truetype(FONT, 24)
    images = []
    for page in range(pages):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for i in range(40):
            draw.text((100, 120 + i * 38), LINE.format(n=page * 40 + i), font=font, fill=0)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def measure(name: str, data: bytes, repeat: int) -> None:
    per_page = {}
    for jobs in (1, 2):
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            pages = ocr_pdf_pages(data, jobs=jobs)
            runs.append((time.perf_counter() - start) / len(pages))
        per_page[jobs] = min(runs)
    read = [p.confidence for p in pages if p.lines]  # a stamp-only page reads nothing
    confidence = sum(read) / max(len(read), 1)
    print(f"{name:40} {len(pages):3} pages  1 worker {per_page[1]:.2f} s/page  "
          f"2 workers {per_page[2]:.2f} s/page  speedup {per_page[1] / per_page[2]:.2f}x  "
          f"confidence {confidence:.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="pages of the generated PDF")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (the best counts)")
    args = parser.parse_args()
    if not ocr_available():
        sys.exit("OCR is not installed: install tesseract-ocr and tesseract-ocr-vie")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    measure(f"generated ({args.pages} pages)", generated_pdf(args.pages), args.repeat)
    for path in SCANS:
        if path.exists():
            measure(path.name, path.read_bytes(), args.repeat)


if __name__ == "__main__":
    main()
