"""What extraction produces: one `Record` per file, in the shape of the JSON contract
(`SCHEMA.md`), with provenance kept beside each value for storage."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass
class Span:
    """Where a value came from: page (PDF) and character offsets into Document.text."""

    page: int | None
    start: int
    end: int
    rule: str = ""


@dataclass
class Deadline:
    text: str
    start: date | None = None
    end: date | None = None
    recurrence: str | None = None  # daily, weekly, monthly, quarterly, yearly, continuous
    span: Span | None = None

    def to_contract(self) -> dict:
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "recurrence": self.recurrence,
        }


@dataclass
class UnitRef:
    """A unit as written, and its canonical registry entry when one is known."""

    name: str
    canonical: str | None = None
    kind: str | None = None  # agency, class, enterprise, ...


@dataclass
class Task:
    text: str
    lead: list[UnitRef] = field(default_factory=list)
    support: list[UnitRef] = field(default_factory=list)
    deadline: Deadline | None = None
    span: Span | None = None
    section: str | None = None

    def to_contract(self) -> dict:
        return {
            "text": self.text,
            "lead": [u.name for u in self.lead],
            "support": [u.name for u in self.support],
            "deadline": self.deadline.to_contract() if self.deadline else None,
        }


@dataclass
class Reference:
    """A document cited in the text ("Chỉ thị số 11-CT/TU ngày 04/01/2026")."""

    text: str
    doc_type: str | None
    number: str | None
    issued_date: date | None = None
    span: Span | None = None


@dataclass
class Metadata:
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    place: str | None = None
    issued_date: date | None = None
    title: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    parent_issuer: str | None = None
    year: int | None = None  # the year printed in the date line, kept when the day is blank
    month: int | None = None  # and its month, when printed
    recipients: list[str] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # values read but withheld, and why

    def to_contract(self) -> dict:
        return {
            "doc_type": self.doc_type,
            "number": self.number,
            "symbol": self.symbol,
            "issuer": self.issuer,
            "place": self.place,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "title": self.title,
            "signer": self.signer,
            "signer_title": self.signer_title,
        }


@dataclass
class Record:
    source: str
    document: Metadata | None = None
    tasks: list[Task] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    error: str | None = None
    sha256: str | None = None

    def to_contract(self) -> dict:
        out = {
            "source": self.source,
            "document": self.document.to_contract() if self.document else None,
            "tasks": [t.to_contract() for t in self.tasks],
        }
        if self.error:
            out["error"] = self.error
        return out


def as_dict(value) -> dict:
    return asdict(value)
