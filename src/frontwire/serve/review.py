"""Review writes: accept, reject or edit a fused event, each change one row of the append-only audit
log (``reviews``: who, when, action, field, old, new). The store's ``events_reviewed`` view applies
the latest edit per field and hides rejected events, so exports pick the reviewed values up.

Edited values are checked here against the column's type and the taxonomy, so the view's cast never
silently turns a typo into NULL.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, ConfigDict, Field, field_validator

from frontwire.serve.queries import find_event
from frontwire.store import EDITABLE_FIELDS, EVENT_COLUMNS
from frontwire.taxonomy import EVENT_TYPES

_TYPES = dict(EVENT_COLUMNS)
_SUB_PARENT = {s: t for t, subs in EVENT_TYPES.items() for s in subs}
MAX_TEXT = 2000


class ReviewError(ValueError):
    """An edit that cannot be stored as given; the message says what to change."""


class ReviewRequest(BaseModel):
    """``accept`` or ``reject`` the event, or ``edit`` some fields (values as text or numbers;
    null or "" clears a field)."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject", "edit"]
    changes: dict[str, str | int | float | None] = Field(default_factory=dict, max_length=40)

    @field_validator("changes")
    @classmethod
    def _known_fields(cls, v: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(v) - set(EDITABLE_FIELDS))
        if unknown:
            raise ValueError(
                f"cannot edit {', '.join(unknown)}; editable fields: {', '.join(EDITABLE_FIELDS)}"
            )
        return v


def normalise(field: str, value: str | int | float | None) -> str | None:
    """The value as the text the audit log stores, after checking it fits the column."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return ""
    text = str(value).strip()
    kind = _TYPES[field]
    try:
        if kind == "DATE":
            return date.fromisoformat(text).isoformat()
        if kind in ("INTEGER", "BIGINT"):
            if isinstance(value, float) and not value.is_integer():  # 2.5, inf, nan: never rounded
                raise ValueError
            number = int(value) if isinstance(value, float) else int(text)
            if not -(2**31) < number < 2**31 or (field.startswith("fatalities") and number < 0):
                raise ValueError
            return str(number)
        if kind == "DOUBLE":
            number = float(text)
            limit = {"latitude": 90.0, "longitude": 180.0, "confidence": 1.0}.get(field, 1e12)
            low = 0.0 if field == "confidence" else -limit
            if not low <= number <= limit:
                raise ValueError
            return repr(number)
    except ValueError:
        expected = {"DATE": "a date YYYY-MM-DD", "INTEGER": "a whole number in range",
                    "BIGINT": "a whole number", "DOUBLE": "a number in range"}[kind]  # fmt: skip
        raise ReviewError(f"{field}: {text[:50]!r} is not {expected}") from None
    if len(text) > MAX_TEXT:
        raise ReviewError(f"{field}: at most {MAX_TEXT} characters")
    if field == "event_type" and text not in EVENT_TYPES:
        raise ReviewError(f"event_type must be one of: {', '.join(EVENT_TYPES)}")
    if field == "sub_event_type" and text not in _SUB_PARENT:
        raise ReviewError(f"sub_event_type must be one of: {', '.join(_SUB_PARENT)}")
    if field == "claim_status" and text not in ("reported", "claimed", "denied"):
        raise ReviewError("claim_status must be reported, claimed or denied")
    return text


def _text(value: Any) -> str | None:
    """A stored value as the audit log's text (floats via ``repr``, as ``normalise`` writes them)."""
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value)
    return str(value)


def apply_review(
    con: duckdb.DuckDBPyConnection, event_id: str, who: str, request: ReviewRequest
) -> bool:
    """Append the audit rows for one review in one transaction. False when the event is unknown."""
    con.execute("BEGIN TRANSACTION")
    try:
        current = find_event(con, event_id)
        if current is None:
            con.execute("ROLLBACK")
            return False
        rows: list[tuple[Any, ...]] = []
        if request.action == "edit":
            if not request.changes:
                raise ReviewError("an edit needs 'changes': {field: new value}")
            new_values = {f: normalise(f, v) for f, v in request.changes.items()}
            etype = new_values.get("event_type") or current.get("event_type")
            sub = new_values.get("sub_event_type") or current.get("sub_event_type")
            if ("event_type" in new_values or "sub_event_type" in new_values) and sub and (
                _SUB_PARENT.get(sub) != etype
            ):
                raise ReviewError(
                    f"sub_event_type {sub!r} belongs to {_SUB_PARENT.get(sub)!r}, not {etype!r}; "
                    "change both together"
                )
            for field, new in new_values.items():
                old = _text(current.get(field))
                if (old or "") == new:
                    continue
                rows.append((event_id, who, "edit", field, old, new))
            if not rows:
                raise ReviewError("nothing changed: every value equals the current one")
        else:
            previous = {"accepted": "accept", "rejected": "reject"}.get(current["review_status"])
            rows.append((event_id, who, request.action, None, previous, request.action))
        con.executemany(
            "INSERT INTO reviews (event_id, who, action, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True
