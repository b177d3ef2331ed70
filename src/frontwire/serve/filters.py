"""The filter every view of the workbench shares (map, timeline, table, exports), validated by
pydantic and turned into one parameterised SQL condition. User input only ever reaches DuckDB as a
bound parameter, never as SQL text.
"""

from __future__ import annotations

from datetime import date
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


TEXT = Field(default=None, min_length=1, max_length=200)

# Columns the free-text search looks in.
_TEXT_COLUMNS = (
    "event_id", "notes", "location", "admin1", "admin2", "country", "actor1", "actor2",
    "assoc_actor_1", "assoc_actor_2", "source", "sub_event_type", "claimed_by",
)  # fmt: skip
_ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


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

    def without_dates(self) -> Filters:
        return self.model_copy(update={"date_from": None, "date_to": None})


def where(f: Filters) -> tuple[str, list[Any]]:
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
        conds.append(
            "(" + " OR ".join(f"contains(lower(coalesce({c}, '')), ?)" for c in _ACTOR_COLUMNS) + ")"
        )
        params += [f.actor.lower()] * len(_ACTOR_COLUMNS)
    if f.country:
        conds.append("country = ?")
        params.append(f.country)
    if f.admin1:
        conds.append("lower(admin1) = ?")
        params.append(f.admin1.lower())
    if f.q:
        text = " || ' ' || ".join(f"coalesce({c}, '')" for c in _TEXT_COLUMNS)
        conds.append(f"contains(lower({text}), ?)")
        params.append(f.q.lower())
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


# The relation the workbench reads: reviewed values, rejected events hidden (as in exports) unless
# the filter asks for exactly those; then their stored values are shown with status 'reject'.
_REJECTED = """(
  SELECT ev.*, 'reject' AS review_status,
    EXISTS (SELECT 1 FROM reviews r WHERE r.event_id = ev.event_id AND r.action = 'edit') AS edited
  FROM events ev
  WHERE ev.event_id IN (
    SELECT event_id FROM reviews WHERE action IN ('accept', 'reject') AND field IS NULL
    GROUP BY event_id HAVING arg_max(action, id) = 'reject')
)"""


def relation(f: Filters) -> str:
    return _REJECTED if f.review_status is ReviewStatus.rejected else "events_reviewed"


def filtered(f: Filters, columns: str = "*") -> tuple[str, list[Any]]:
    """``SELECT columns FROM <relation> WHERE <filters>`` and its parameters."""
    cond, params = where(f)
    return f"SELECT {columns} FROM {relation(f)} AS e WHERE {cond}", params
