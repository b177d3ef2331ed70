"""The filter every view of the workbench shares (map, timeline, table, exports), validated by
pydantic and turned into one parameterised SQL condition. User input only ever reaches DuckDB as a
bound parameter, never as SQL text.
"""

from __future__ import annotations

import re
from datetime import date
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from frontwire.serve.snapshot import ACTOR_COLUMNS, REJECTED, SEARCH_COLUMNS
from frontwire.serve.snapshot import TABLE as SNAPSHOT_TABLE
from frontwire.taxonomy import EVENT_TYPES, SUB_EVENT_TYPES

EventType = Enum("EventType", {t: t for t in EVENT_TYPES}, type=str)  # type: ignore[misc]
SubEventType = Enum("SubEventType", {s: s for s in SUB_EVENT_TYPES}, type=str)  # type: ignore[misc]


class ClaimStatus(StrEnum):
    reported = "reported"
    claimed = "claimed"
    denied = "denied"


class ReviewStatus(StrEnum):
    unreviewed = "unreviewed"
    accepted = "accepted"
    edited = "edited"
    rejected = "rejected"


class Filters(BaseModel):
    """Which events to show. Every field is optional; repeated parameters (``event_type=A&
    event_type=B``) mean "any of". Unknown parameters are rejected so a typo is not silently
    ignored."""

    model_config = ConfigDict(extra="forbid")

    date_from: date | None = Field(None, description="First day, inclusive (YYYY-MM-DD).")
    date_to: date | None = Field(None, description="Last day, inclusive (YYYY-MM-DD).")
    event_type: list[EventType] = Field(default_factory=list, max_length=10)
    sub_event_type: list[SubEventType] = Field(default_factory=list, max_length=30)
    actor: str | None = Field(None, min_length=1, max_length=200, description="Substring of any actor.")
    country: str | None = Field(None, min_length=1, max_length=100, description="Exact country name.")
    admin1: str | None = Field(None, min_length=1, max_length=200, description="Exact admin1 name.")
    q: str | None = Field(None, min_length=1, max_length=200, description="Free text, any text field.")
    fatalities_min: int | None = Field(None, ge=0, le=1_000_000)
    claim_status: list[ClaimStatus] = Field(default_factory=list, max_length=3)
    review_status: ReviewStatus | None = Field(
        None, description="Default: every event not rejected. 'rejected' shows only those."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Filters:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(
                f"date_from ({self.date_from}) is after date_to ({self.date_to}); swap them"
            )
        return self


def where(f: Filters, snapshot: bool = False) -> tuple[str, list[Any]]:
    """SQL condition over the workbench relation (``events_reviewed`` columns) and its parameters."""
    conds: list[str] = []
    params: list[Any] = []
    if f.date_from:
        conds.append("event_date >= ?")
        params.append(f.date_from)
    if f.date_to:
        conds.append("event_date <= ?")
        params.append(f.date_to)
    if f.event_type:
        conds.append("event_type IN (SELECT unnest(?))")
        params.append([t.value for t in f.event_type])
    if f.sub_event_type:
        conds.append("sub_event_type IN (SELECT unnest(?))")
        params.append([t.value for t in f.sub_event_type])
    if f.claim_status:
        conds.append("coalesce(claim_status, 'reported') IN (SELECT unnest(?))")
        params.append([s.value for s in f.claim_status])
    if f.actor:
        if snapshot:
            conds.append("contains(actors, ?)")
            params.append(f.actor.lower())
        else:
            ors = " OR ".join(f"contains(lower(coalesce({c}, '')), ?)" for c in ACTOR_COLUMNS)
            conds.append(f"({ors})")
            params += [f.actor.lower()] * len(ACTOR_COLUMNS)
    if f.country:
        conds.append("country = ?")
        params.append(f.country)
    if f.admin1:
        conds.append("lower(admin1) = ?")
        params.append(f.admin1.lower())
    if f.q:
        if snapshot:  # one lower-cased column holds every searched field
            conds.append("contains(search, ?)")
            params.append(f.q.lower())
        else:  # the user's text is literal: LIKE wildcards and the escape character are escaped
            pattern = "%" + re.sub(r"([%_\\])", r"\\\1", f.q) + "%"
            conds.append("(" + " OR ".join(f"{c} ILIKE ? ESCAPE '\\'" for c in SEARCH_COLUMNS) + ")")
            params += [pattern] * len(SEARCH_COLUMNS)
    if f.fatalities_min is not None:
        conds.append("coalesce(fatalities, 0) >= ?")
        params.append(f.fatalities_min)
    if f.review_status is ReviewStatus.unreviewed:
        conds.append("review_status IS NULL AND NOT edited")
    elif f.review_status is ReviewStatus.accepted:
        conds.append("review_status = 'accept'")
    elif f.review_status is ReviewStatus.edited:
        conds.append("edited")
    return (" AND ".join(conds) or "TRUE"), params


def relation(f: Filters, snapshot: bool) -> str:
    """Where the workbench reads: the in-memory snapshot (all events, rejected included), or without
    one the store's view (rejected hidden, as in exports) unless the filter asks for exactly those."""
    if snapshot:
        return SNAPSHOT_TABLE
    return REJECTED if f.review_status is ReviewStatus.rejected else "events_reviewed"


def filtered(f: Filters, columns: str = "*", *, snapshot: bool = False) -> tuple[str, list[Any]]:
    """``SELECT columns FROM <relation> WHERE <filters>`` and its parameters."""
    cond, params = where(f, snapshot)
    if snapshot:
        cond += (" AND review_status = 'reject'" if f.review_status is ReviewStatus.rejected
                 else " AND review_status IS DISTINCT FROM 'reject'")  # fmt: skip
    return f"SELECT {columns} FROM {relation(f, snapshot)} AS e WHERE {cond}", params
