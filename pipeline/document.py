"""The one document model that every parser yields and everything downstream reads.

A `Document` is an ordered list of `Block`s (heading, paragraph, list item, table). Each
block knows its page and its character span in `Document.text`, so that any value
extracted from it can point back to the passage it came from.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from pipeline.legacy_fonts import conversion_note
from pipeline.text import normalize

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE = "table"


@dataclass
class Cell:
    """One grid cell of a table. A merged cell appears in every grid slot it covers;
    `origin` is (row, col) of its top-left slot, so a reader can tell repeats apart."""

    text: str
    raw: str
    row: int
    col: int
    origin: tuple[int, int]
    start: int = 0
    end: int = 0

    @property
    def is_continuation(self) -> bool:
        return self.origin != (self.row, self.col)


@dataclass
class Block:
    kind: str
    text: str
    raw: str
    page: int | None = None
    start: int = 0
    end: int = 0
    rows: list[list[Cell]] | None = None
    # Layout facts a parser could see: bold, italic, centered, level, numbered, font...
    style: dict = field(default_factory=dict)
    source: str = "text"  # "text" layer, or "ocr"
    confidence: float | None = None
    doubtful: tuple[str, ...] = ()  # words OCR read with low confidence, as they stand in `text`

    def cell_texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows or []]


@dataclass(frozen=True)
class Signature:
    """A digital signature as the file declares it: when it was applied and by whom."""

    signed_at: datetime  # in the offset the signature states
    signer: str | None = None  # the name the signature gives, as written
    page: int | None = None


@dataclass
class Document:
    sha256: str
    source: str
    format: str
    pages: int | None
    blocks: list[Block] = field(default_factory=list)
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    ocr: bool = False
    signatures: list[Signature] = field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        for block in self.blocks:
            if block.start <= offset <= block.end:
                return block.page
        return None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DocumentBuilder:
    """Collects blocks in reading order and assigns their character offsets.

    Parsers call `add_text` and `add_table`; `build` returns the `Document`. The
    document text is the blocks' normalised texts joined by newlines; table cells
    are joined by tabs and rows by newlines. `data` and `fmt` are the file's own, also
    when a parser reads a converted copy of it. Parsers add the legacy encodings they
    decoded text from to `encodings`; the document warns once for each.
    """

    def __init__(self, data: bytes, source: str, fmt: str):
        self.sha256 = sha256_of(data)
        self.source = source
        self.format = fmt
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.encodings: set[str] = set()
        self.pages: int | None = None
        self.ocr = False
        self.signatures: list[Signature] = []
        self._parts: list[str] = []
        self._offset = 0

    def _append(self, text: str) -> tuple[int, int]:
        if self._parts:
            self._parts.append("\n")
            self._offset += 1
        start = self._offset
        self._parts.append(text)
        self._offset += len(text)
        return start, self._offset

    def add_text(self, raw: str, kind: str = PARAGRAPH, page: int | None = None,
                 style: dict | None = None, source: str = "text",
                 confidence: float | None = None, doubtful: tuple[str, ...] = ()) -> Block | None:
        text = normalize(raw.replace("\n", " "))
        if not text:
            return None
        start, end = self._append(text)
        block = Block(kind=kind, text=text, raw=raw, page=page, start=start, end=end,
                      style=style or {}, source=source, confidence=confidence,
                      doubtful=tuple(map(normalize, doubtful)))
        self.blocks.append(block)
        return block

    def add_table(self, grid: list[list[tuple[str, tuple[int, int]]]], page: int | None = None,
                  style: dict | None = None, source: str = "text",
                  confidence: float | None = None, doubtful: tuple[str, ...] = ()) -> Block | None:
        """`grid` holds (raw text, origin) per slot; merged slots share an origin."""
        grid = [row for row in grid if row]
        if not grid:
            return None
        width = max(len(row) for row in grid)
        start = self._offset + (1 if self._parts else 0)
        pos = start
        rows: list[list[Cell]] = []
        lines: list[str] = []
        for r, row in enumerate(grid):
            cells, texts = [], []
            row = list(row) + [("", (r, len(row) + i)) for i in range(width - len(row))]
            for c, (raw, origin) in enumerate(row):
                text = normalize(raw.replace("\n", " ").replace("\t", " "))
                cells.append(Cell(text=text, raw=raw, row=r, col=c, origin=origin,
                                  start=pos, end=pos + len(text)))
                texts.append(text)
                pos += len(text) + 1  # the tab or newline after it
            rows.append(cells)
            lines.append("\t".join(texts))
        block_text = "\n".join(lines)
        s, e = self._append(block_text)
        assert s == start
        block = Block(kind=TABLE, text=block_text, raw=block_text, page=page, start=s, end=e,
                      rows=rows, style=style or {}, source=source, confidence=confidence,
                      doubtful=tuple(map(normalize, doubtful)))
        self.blocks.append(block)
        return block

    def build(self) -> Document:
        return Document(sha256=self.sha256, source=self.source, format=self.format,
                        pages=self.pages, blocks=self.blocks, text="".join(self._parts),
                        warnings=[*map(conversion_note, sorted(self.encodings)), *self.warnings],
                        ocr=self.ocr, signatures=self.signatures)
