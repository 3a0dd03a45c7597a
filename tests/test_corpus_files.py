"""The sample corpus: every document opens, has a gold answer in the JSON contract, and the
answer's number and title are really printed in the document."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import docx
import pdfplumber
import pytest

from pipeline.text import fold

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in {".docx", ".pdf", ".txt"})
GOLDS = sorted(CORPUS.glob("*.gold.json"))

DOCUMENT_FIELDS = {"doc_type", "number", "symbol", "issuer", "place", "issued_date", "title",
                   "signer", "signer_title"}
TASK_FIELDS = {"text", "lead", "support", "deadline"}
DEADLINE_FIELDS = {"text", "start", "end", "recurrence"}
RECURRENCES = {None, "daily", "weekly", "monthly", "quarterly", "yearly", "continuous"}


def gold_of(document: Path) -> dict:
    return json.loads((CORPUS / f"{document.stem}.gold.json").read_text(encoding="utf-8"))


def plain_text(path: Path) -> str:
    """All the text a reader sees, paragraphs and table cells included."""
    if path.suffix == ".docx":
        body = docx.Document(str(path)).element.body
        return "\n".join("".join(p.xpath(".//w:t/text()")) for p in body.iter(docx.oxml.ns.qn("w:p")))
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return path.read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text))


def is_iso_date(value) -> bool:
    if value is None:
        return True
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except (TypeError, ValueError):
        return False


def test_corpus_has_the_three_formats_and_a_gold_answer_for_each_document():
    assert len(DOCUMENTS) >= 12
    assert {p.suffix for p in DOCUMENTS} == {".docx", ".pdf", ".txt"}
    assert {g.name.removesuffix(".gold.json") for g in GOLDS} == {p.stem for p in DOCUMENTS}


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_gold_answer_follows_the_contract(gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert {"source", "document", "tasks"} <= set(gold) <= {"source", "document", "tasks", "notes"}
    assert (CORPUS / gold["source"]).stem == gold_path.name.removesuffix(".gold.json")
    document = gold["document"]
    assert set(document) == DOCUMENT_FIELDS
    assert all(value is None or (isinstance(value, str) and value.strip())
               for value in document.values()), "unknown fields are null, never empty"
    assert is_iso_date(document["issued_date"])
    if document["number"] is not None:
        assert document["number"].endswith("/" + document["symbol"]) or \
            document["number"].endswith("-" + document["symbol"])
    for task in gold["tasks"]:
        assert set(task) == TASK_FIELDS
        assert task["text"].strip() and task["lead"], task["text"]
        assert all(isinstance(unit, str) and unit for unit in task["lead"] + task["support"])
        deadline = task["deadline"]
        if deadline is not None:
            assert set(deadline) == DEADLINE_FIELDS and deadline["text"]
            assert is_iso_date(deadline["start"]) and is_iso_date(deadline["end"])
            assert deadline["recurrence"] in RECURRENCES
            if deadline["start"] and deadline["end"]:
                assert deadline["start"] <= deadline["end"]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_document_opens_and_prints_its_gold_number_and_title(document: Path):
    gold = gold_of(document)["document"]
    text = squeeze(plain_text(document))
    assert squeeze(gold["number"] or "/" + gold["symbol"]) in text
    assert squeeze(gold["title"]) in text
    assert squeeze(gold["signer"]) in text
