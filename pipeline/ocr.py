"""Vietnamese OCR of PDF pages that have no usable text layer, with Tesseract.

Pages are rendered with pypdfium2 (installed with pdfplumber) and each page is read by
its own `tesseract` process with the `vie` language data, `jobs` processes at a time,
each limited to one thread so that `jobs` pages use `jobs` cores. Tesseract's TSV output
gives words with boxes and confidences; they are grouped into the lines and paragraphs
Tesseract found. Boxes are in PDF points from the top-left corner, like pdfplumber's
`x0, top, x1, bottom`, so `OcrLine.words_as_dicts()` can feed the same line layout as a
text layer.

Tesseract often loses or swaps the marks stacked on a vowel ("triên khai"); the words of
each paragraph go through `pipeline.ocr_lexicon`, which puts back the marks that a
Vietnamese word list and the neighbouring words call for.

Pages are read in their red channel (see `_render`) at 200 dpi: on real scans (150-200 dpi
sources) it read more words right than 300 or 400 dpi, at about 0.6 s per A4 page and core.

Tesseract is a system program: `apt-get install tesseract-ocr tesseract-ocr-vie`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pipeline.errors import LimitExceeded, UnreadableDocument
from pipeline.ocr_lexicon import correct_words

TESSERACT = "tesseract"
LANGUAGE = "vie"
NOT_INSTALLED = "OCR is not installed: install tesseract-ocr and tesseract-ocr-vie"
# Below this confidence (0-100) a word is flagged as doubtful: on scans it is mostly handwriting,
# a stamp over print or a speck, rarely clean type.
DOUBTFUL_CONFIDENCE = 40

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in points


@dataclass(frozen=True)
class OcrWord:
    text: str
    bbox: BBox
    confidence: float  # 0-100


@dataclass
class OcrLine:
    words: list[OcrWord]
    paragraph: int  # lines of one paragraph share the number (per page)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (min(w.bbox[0] for w in self.words), min(w.bbox[1] for w in self.words),
                max(w.bbox[2] for w in self.words), max(w.bbox[3] for w in self.words))

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words)

    def words_as_dicts(self) -> list[dict]:
        return [{"text": w.text, "x0": w.bbox[0], "top": w.bbox[1], "x1": w.bbox[2],
                 "bottom": w.bbox[3], "size": w.bbox[3] - w.bbox[1], "fontname": "OCR",
                 "confidence": w.confidence} for w in self.words]


@dataclass
class OcrPage:
    number: int  # 1-based
    width: float  # points
    height: float
    lines: list[OcrLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Lines joined by newlines, paragraphs by a blank line."""
        out: list[str] = []
        for i, line in enumerate(self.lines):
            if i and line.paragraph != self.lines[i - 1].paragraph:
                out.append("")
            out.append(line.text)
        return "\n".join(out)

    @property
    def confidence(self) -> float:
        """Mean word confidence (0-100); 0 for a page where nothing was read."""
        words = [w for line in self.lines for w in line.words]
        return sum(w.confidence for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=None)
def _languages(command: str) -> frozenset[str]:
    if shutil.which(command) is None:
        return frozenset()
    try:
        result = subprocess.run([command, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(line.strip() for line in result.stdout.splitlines()[1:])


def ocr_available() -> bool:
    """True when `tesseract` runs and has the Vietnamese language data."""
    return LANGUAGE in _languages(TESSERACT)


def ocr_pdf_pages(data: bytes, pages: list[int] | None = None, jobs: int | None = None,
                  timeout: float | None = None, dpi: int = 200) -> list[OcrPage]:
    """OCR the given 1-based `pages` of a PDF (all when None), in page order, `jobs` pages at
    a time (by default as many as the cores this process may run on).

    Raises UnreadableDocument when OCR is not installed or the PDF cannot be rendered, and
    LimitExceeded when the whole job takes longer than `timeout` seconds.
    """
    if not ocr_available():
        raise UnreadableDocument(NOT_INSTALLED, f"{TESSERACT} with language '{LANGUAGE}' not found")
    import pypdfium2  # installed with pdfplumber

    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        pdf = pypdfium2.PdfDocument(data)
    except Exception as exc:
        raise UnreadableDocument("The PDF is damaged or incomplete and cannot be opened.", repr(exc))
    try:
        numbers = list(range(1, len(pdf) + 1)) if pages is None else list(pages)
        if any(not 1 <= n <= len(pdf) for n in numbers):
            raise ValueError(f"pages {numbers} outside 1..{len(pdf)}")
        with ThreadPoolExecutor(max_workers=max(1, jobs or len(os.sched_getaffinity(0)))) as pool:
            futures = []
            for number in numbers:  # pdfium is not thread-safe: render here, OCR in the pool
                page = pdf[number - 1]
                width, height = page.get_size()
                png = _render(page, dpi)
                futures.append(pool.submit(_ocr_page, png, number, width, height, dpi / 72, deadline))
            return [f.result() for f in futures]
    finally:
        pdf.close()


def _render(page, dpi: int) -> bytes:
    """The page's red channel: red seals, which cover the signer's title and name, fade
    to white in it, while black print and blue pen stay dark. Text printed in red (a
    letterhead, an "urgent" stamp) fades with them and is not read."""
    image = page.render(scale=dpi / 72).to_pil().convert("RGB").getchannel("R")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _ocr_page(png: bytes, number: int, width: float, height: float, scale: float,
              deadline: float | None) -> OcrPage:
    remaining = None if deadline is None else deadline - time.monotonic()
    if remaining is not None and remaining <= 0:
        raise LimitExceeded("OCR of the scanned PDF took too long.", f"page {number} not started")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one core per page process
    try:
        result = subprocess.run([TESSERACT, "stdin", "stdout", "-l", LANGUAGE, "--psm", "3", "tsv"],
                                input=png, capture_output=True, timeout=remaining, env=env)
    except subprocess.TimeoutExpired as exc:  # run() kills the process
        raise LimitExceeded("OCR of the scanned PDF took too long.", f"page {number}: {exc}")
    except OSError as exc:
        raise UnreadableDocument(NOT_INSTALLED, repr(exc))
    if result.returncode != 0:
        raise UnreadableDocument("OCR failed on a page of the scanned PDF.",
                                 f"page {number}: {result.stderr.decode(errors='replace')[-500:]}")
    return OcrPage(number, width, height, _corrected(_lines(result.stdout.decode("utf-8"), scale)))


_SECTION_SIGN_NUMBER = re.compile(r"^§(?=[.)])")


def _corrected(lines: list[OcrLine]) -> list[OcrLine]:
    """Lines with the marks of their words corrected, a paragraph at a time so that a word
    at the start of a line is read with the end of the line before; an item number read as a
    sign no Vietnamese official text opens a line with ("§. Giao Sở Nội vụ:") is an 8 again."""
    out: list[OcrLine] = []
    for number in dict.fromkeys(line.paragraph for line in lines):
        paragraph = [line for line in lines if line.paragraph == number]
        words = [w for line in paragraph for w in line.words]
        texts = iter(correct_words([w.text for w in words]))
        for line in paragraph:
            fixed = [replace(w, text=next(texts)) for w in line.words]
            if fixed:
                fixed[0] = replace(fixed[0], text=_SECTION_SIGN_NUMBER.sub("8", fixed[0].text))
            out.append(OcrLine(fixed, number))
    return out


def _lines(tsv: str, scale: float) -> list[OcrLine]:
    """Group Tesseract's word rows (level 5) by block, paragraph and line."""
    lines: dict[tuple[int, int, int], list[OcrWord]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = unicodedata.normalize("NFC", (row.get("text") or "").strip())
        if row["level"] != "5" or not text:
            continue
        left, top = int(row["left"]) / scale, int(row["top"]) / scale
        right, bottom = left + int(row["width"]) / scale, top + int(row["height"]) / scale
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        lines.setdefault(key, []).append(OcrWord(text, (left, top, right, bottom), max(0.0, float(row["conf"]))))
    paragraphs: dict[tuple[int, int], int] = {}
    return [OcrLine(words, paragraphs.setdefault(key[:2], len(paragraphs)))
            for key, words in lines.items()]
