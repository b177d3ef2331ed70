"""Request-parameter and response models of the workbench API: they validate every parameter and
document the API in its OpenAPI schema (``/api/openapi.json``)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from frontwire.serve.filters import Filters
from frontwire.serve.queries import SORTABLE
from frontwire.store import EVENT_COLUMNS

SortColumn = Enum("SortColumn", {c: c for c in SORTABLE}, type=str)  # type: ignore[misc]

_PY = {"VARCHAR": str, "INTEGER": int, "BIGINT": int, "DOUBLE": float, "DATE": date,
       "TIMESTAMP": datetime}  # fmt: skip


class EventsQuery(Filters):
    sort: SortColumn = Field(SortColumn("event_date"), description="Column to sort by.")  # type: ignore[call-arg]
    order: Literal["asc", "desc"] = "desc"
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=500)


class MapQuery(Filters):
    zoom: int = Field(2, ge=0, le=20, description="Map zoom level; sets the grid cell size.")
    bbox: str | None = Field(
        None,
        max_length=100,
        description="west,south,east,north in degrees; west > east crosses the antimeridian.",
    )

    @field_validator("bbox")
    @classmethod
    def _bbox(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            w, s, e, n = (float(x) for x in v.split(","))
        except ValueError:
            raise ValueError("bbox must be four numbers: west,south,east,north") from None
        if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
            raise ValueError("bbox out of range: -180<=west,east<=180, -90<=south<=north<=90")
        return v

    def box(self) -> tuple[float, float, float, float] | None:
        """The validated bbox as (west, south, east, north), or None."""
        if not self.bbox:
            return None
        w, s, e, n = (float(x) for x in self.bbox.split(","))
        return (w, s, e, n)


class SuggestQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: Literal["actor", "admin1", "location", "country"]
    q: str | None = Field(None, max_length=200)
    limit: int = Field(20, ge=1, le=100)


class ReviewsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    limit: int = Field(100, ge=1, le=1000)


EventRow = create_model(  # type: ignore[call-overload]
    "EventRow",
    __config__=ConfigDict(extra="allow"),
    **{name: (_PY[t] | None, None) for name, t in EVENT_COLUMNS},
    review_status=(Literal["unreviewed", "accepted", "rejected"], "unreviewed"),
    edited=(bool, False),
)


class TableRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    event_id: str
    event_date: date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    fatalities: int | None = None
    review_status: str = "unreviewed"
    edited: bool = False


class EventPage(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[TableRow]


class Timeline(BaseModel):
    types: list[str]
    days: list[str] = Field(description="Days with events, ISO dates, ascending.")
    counts: list[list[int]] = Field(description="Per day, the count of each type in `types`.")


class MapData(BaseModel):
    mode: Literal["points", "grid"]
    total: int = Field(description="Events in the requested bbox.")
    located: int = Field(description="Events with coordinates matching the filters.")
    bounds: list[list[float]] | None = Field(description="[[south, west], [north, east]]")
    types: list[str]
    ids: list[str] | None = None
    lat: list[float] | None = None
    lon: list[float] | None = None
    type: list[int] | None = None
    label: list[str] | None = None
    cell_degrees: float | None = None
    cells: list[list[float]] | None = Field(None, description="[lat, lon, count, type index]")


class Review(BaseModel):
    id: int
    event_id: str
    who: str
    when: datetime
    action: str
    field: str | None = None
    old: str | None = None
    new: str | None = None


class EventDetail(BaseModel):
    event: EventRow  # type: ignore[valid-type]
    original: dict[str, Any]
    evidence: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    reviews: list[Review]
    editable: list[str]
    field_specs: dict[str, dict[str, Any]]


class Meta(BaseModel):
    total: int
    rejected: int
    date_min: date | None
    date_max: date | None
    event_types: dict[str, list[str]]
    claim_statuses: list[str]
    review_statuses: list[str]
    countries: list[str]
    sortable: list[str]
    editable: list[str]
