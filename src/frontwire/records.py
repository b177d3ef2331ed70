"""The typed records that flow between stages.

Every stage is a plain function from some of these records to others; no stage reaches back into an
earlier one. Offsets (``start``/``end``) always index the text exactly as the user gave it
(``Document.text``), so every coded field can be traced to its words.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

ClaimStatus = Literal["reported", "claimed", "denied"]


def content_id(text: str) -> str:
    """Stable document id: the first 16 hex digits of the SHA-256 of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input text removed or labelled by a stage (e.g. a photo credit)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article as ingested. ``text`` is verbatim; ``removed`` marks boilerplate spans that the
    NLP stages must ignore (captions, credits, bylines, copyright footers) without shifting offsets."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None
    language: str = "en"
    removed: tuple[Span, ...] = ()

    @classmethod
    def from_text(cls, text: str, **kw: Any) -> Document:
        """A document whose id is the hash of its text, so re-reading it gives the same id."""
        return cls(id=content_id(text), text=text, **kw)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a field has its value: the words (by offset) and the rule or model that read them."""

    field: str
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym in the text and the gazetteer entry chosen for it (or ``geonameid=None`` when it
    could not be resolved)."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str | None = None  # GeoNames class: P populated place, A admin area, ...
    population: int | None = None
    precision: int = 1  # ACLED geo_precision: 1 town, 2 near a town / small area, 3 region
    score: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression resolved against the publication date. ``value`` is None when it could not
    be resolved (e.g. no publication date). ``precision`` is ACLED's: 1 day, 2 week, 3 month."""

    text: str
    start: int
    end: int
    value: date | None
    precision: int = 1
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor normalised to an ACLED-style name with its inter code (1-8)."""

    name: str
    inter: int
    text: str
    start: int
    end: int
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """Who asserts an event, and whether they assert or deny it."""

    claimant: str  # ACLED-style actor name or the speaker as written ("Vyacheslav Gladkov")
    status: ClaimStatus
    text: str
    start: int
    end: int
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Fatalities:
    """A fatality count by ACLED's conventions, with the range the wording allows."""

    best: int
    low: int
    high: int
    text: str = ""
    start: int = -1
    end: int = -1
    rule: str = ""


@dataclass(slots=True)
class Event:
    """One incident in one document, with the ACLED fields and the evidence behind each."""

    event_id: str
    document_id: str
    event_type: str
    sub_event_type: str
    event_date: date | None = None
    time_precision: int = 1
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_high: int = 0
    claimed_by: str | None = None
    claim_status: ClaimStatus = "reported"
    source: str | None = None
    notes: str = ""
    confidence: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: dates as ISO strings, evidence as a list of objects."""
        d = asdict(self)
        d["event_date"] = self.event_date.isoformat() if self.event_date else None
        return d


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be processed, and why in words a user can act on."""

    source: str  # path, URL or "<stdin>", plus "#N" for the Nth record of a container
    reason: str
    kind: str = "input"  # input | empty | binary | encoding | too_large | language | malformed | http


EVENT_FIELDS: tuple[str, ...] = tuple(Event.__dataclass_fields__)
