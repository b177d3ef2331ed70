"""Read queries behind the workbench views. Each takes a DuckDB cursor (inside a read-only
transaction opened by the app) and returns plain JSON-ready data.

The map and the timeline are aggregated here, not in the browser: with 100,000 events in the store
the page receives at most ``MAX_POINTS`` points or a grid of cells, and one row per day and type.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

import duckdb

from frontwire.serve.filters import Filters, filtered
from frontwire.serve.snapshot import REJECTED
from frontwire.serve.snapshot import TABLE as SNAPSHOT_TABLE
from frontwire.store import EDITABLE_FIELDS, EVENT_COLUMNS
from frontwire.taxonomy import EVENT_TYPES

MAX_POINTS = 3000
"""Above this many events in view the map gets grid cells instead of single points."""

SORTABLE = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location", "admin1",
    "country", "fatalities", "claim_status", "review_status", "confidence", "source_count",
)  # fmt: skip

TABLE_COLUMNS = (
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "admin1", "country", "fatalities", "claim_status", "claimed_by", "source_count", "confidence",
    "review_status", "edited",
)  # fmt: skip

_TYPES = dict(EVENT_COLUMNS)

FORM_FIELDS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "inter1", "actor2", "assoc_actor_2", "inter2", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "fatalities", "claim_status", "claimed_by", "notes",
)  # fmt: skip
"""The fields the detail panel's edit form offers (the API accepts every editable field)."""


def _json(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _review_label(status: str | None) -> str:
    return {"accept": "accepted", "reject": "rejected"}.get(status or "", "unreviewed")


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    out = []
    for row in cur.fetchall():
        d = {c: _json(v) for c, v in zip(cols, row, strict=True)}
        if "review_status" in d:
            d["review_status"] = _review_label(d["review_status"])
        out.append(d)
    return out


def type_index(extra: list[str] | None = None) -> list[str]:
    """Event types in taxonomy order, then any ``extra`` ones (the type order of map and timeline)."""
    types = list(EVENT_TYPES)
    for t in extra or []:
        if t not in types:
            types.append(t)
    return types


def meta(con: duckdb.DuckDBPyConnection, snapshot: bool = False) -> dict[str, Any]:
    """What the page needs to build its filters: taxonomy, countries, date span and counts."""
    if snapshot:
        total, rejected, dmin, dmax = con.execute(
            "SELECT count(*) FILTER (WHERE review_status IS DISTINCT FROM 'reject'), "
            "count(*) FILTER (WHERE review_status = 'reject'), "
            "min(event_date) FILTER (WHERE review_status IS DISTINCT FROM 'reject'), "
            f"max(event_date) FILTER (WHERE review_status IS DISTINCT FROM 'reject') FROM {SNAPSHOT_TABLE}"
        ).fetchone()
    else:
        total, dmin, dmax = con.execute(
            "SELECT count(*), min(event_date), max(event_date) FROM events_reviewed"
        ).fetchone()
        rejected = con.execute(f"SELECT count(*) FROM {REJECTED}").fetchone()[0]
    countries = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT country FROM events WHERE country IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    return {
        "total": total,
        "rejected": rejected,
        "date_min": _json(dmin),
        "date_max": _json(dmax),
        "event_types": {t: list(s) for t, s in EVENT_TYPES.items()},
        "claim_statuses": ["reported", "claimed", "denied"],
        "review_statuses": ["unreviewed", "accepted", "edited", "rejected"],
        "countries": countries,
        "sortable": list(SORTABLE),
        "editable": list(EDITABLE_FIELDS),
    }


def events_page(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    sort: str,
    order: str,
    page: int,
    page_size: int,
    snapshot: bool = False,
) -> dict[str, Any]:
    """One page of the table view: the matching total and ``page_size`` rows sorted by ``sort``.

    ``sort`` and ``order`` become SQL text, so they are checked here too (not by ``assert``, which
    ``python -O`` removes), whatever the caller validated."""
    if sort not in SORTABLE or order not in ("asc", "desc"):
        raise ValueError(f"sort must be one of {', '.join(SORTABLE)} and order asc or desc")
    sql, params = filtered(f, "count(*)", snapshot=snapshot)
    total = con.execute(sql, params).fetchone()[0]
    order_by = f'ORDER BY "{sort}" {order.upper()} NULLS LAST, event_id'
    if snapshot:  # late materialisation: sort (column, id, rowid) only, then fetch one page
        ids, params = filtered(f, "rowid", snapshot=True)
        sql = (f"SELECT {', '.join(TABLE_COLUMNS)} FROM {SNAPSHOT_TABLE} WHERE rowid IN "
               f"({ids} {order_by} LIMIT ? OFFSET ?) {order_by}")  # fmt: skip
    else:
        sql, params = filtered(f, ", ".join(TABLE_COLUMNS))
        sql += f" {order_by} LIMIT ? OFFSET ?"
    cur = con.execute(sql, [*params, page_size, (page - 1) * page_size])
    return {"total": total, "page": page, "page_size": page_size, "items": _rows(cur)}


def timeline(con: duckdb.DuckDBPyConnection, f: Filters, snapshot: bool = False) -> dict[str, Any]:
    """Events per day and type, for days that have events (sparse, sorted): one row per day with a
    count per type, pivoted in SQL so Python only copies the rows."""
    sql, params = filtered(f, "event_date, event_type", snapshot=snapshot)
    types = type_index(
        [r[0] for r in con.execute(f"SELECT DISTINCT event_type FROM ({sql})", params).fetchall() if r[0]]
    )
    counts = ", ".join("count(*) FILTER (WHERE event_type = ?)" for _ in types)
    rows = con.execute(
        f"SELECT event_date, {counts} FROM ({sql}) WHERE event_date IS NOT NULL GROUP BY 1 ORDER BY 1",
        [*types, *params],
    ).fetchall()
    return {"types": types, "days": [r[0].isoformat() for r in rows], "counts": [list(r[1:]) for r in rows]}


def map_data(
    con: duckdb.DuckDBPyConnection,
    f: Filters,
    zoom: int,
    bbox: tuple[float, float, float, float] | None,
    snapshot: bool = False,
) -> dict[str, Any]:
    """Points (compact parallel arrays) when few events are in view, else grid cells
    ``[lat, lon, count, type index]`` sized to roughly 50 screen pixels at ``zoom``."""
    sql, params = filtered(
        f, "event_id, latitude, longitude, event_type, location, event_date", snapshot=snapshot
    )
    located = f"SELECT * FROM ({sql}) WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
    box, box_params = "TRUE", []
    if bbox:
        west, south, east, north = bbox
        lon_cond = "longitude BETWEEN ? AND ?" if west <= east else "(longitude >= ? OR longitude <= ?)"
        box = f"latitude BETWEEN ? AND ? AND {lon_cond}"
        box_params = [south, north, west, east]
    in_view, total, s, w, n, e = con.execute(
        f"SELECT count(*) FILTER (WHERE {box}), count(*), min(latitude), min(longitude), "
        f"max(latitude), max(longitude) FROM ({located})",
        [*box_params, *params],
    ).fetchone()
    bounds = [[s, w], [n, e]] if total else None
    if in_view <= MAX_POINTS:
        rows = con.execute(
            f"SELECT event_id, latitude, longitude, event_type, location, event_date "
            f"FROM ({located}) WHERE {box} ORDER BY event_id",
            [*params, *box_params],
        ).fetchall()
        types = type_index([r[3] for r in rows if r[3]])
        return {
            "mode": "points",
            "total": in_view,
            "located": total,
            "bounds": bounds,
            "types": types,
            "ids": [r[0] for r in rows],
            "lat": [round(r[1], 5) for r in rows],
            "lon": [round(r[2], 5) for r in rows],
            "type": [types.index(r[3]) if r[3] in types else 0 for r in rows],
            "label": [" · ".join(str(x) for x in (r[4], r[5]) if x) for r in rows],
        }
    cell = 360.0 / (2**zoom) / 5.0
    rows = con.execute(
        f"SELECT avg(latitude), avg(longitude), count(*), mode(event_type) FROM ({located}) "
        f"WHERE {box} GROUP BY floor(latitude / ?), floor(longitude / ?) ORDER BY 3 DESC",
        [*params, *box_params, cell, cell],
    ).fetchall()
    types = type_index([r[3] for r in rows if r[3]])
    return {
        "mode": "grid",
        "total": in_view,
        "located": total,
        "bounds": bounds,
        "types": types,
        "cell_degrees": cell,
        "cells": [
            [round(r[0], 4), round(r[1], 4), r[2], types.index(r[3]) if r[3] in types else 0]
            for r in rows
        ],
    }


def suggest(
    con: duckdb.DuckDBPyConnection, field: str, q: str | None, limit: int, snapshot: bool = False
) -> list[str]:
    """Most frequent values of ``field`` containing ``q`` (for the filter inputs)."""
    columns = {
        "actor": ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"),
        "admin1": ("admin1",),
        "location": ("location",),
        "country": ("country",),
    }[field]
    rel = f"{SNAPSHOT_TABLE} WHERE review_status IS DISTINCT FROM 'reject'" if snapshot else "events_reviewed"
    union = " UNION ALL ".join(f"SELECT {c} AS v FROM {rel}" for c in columns)
    rows = con.execute(
        f"SELECT v FROM ({union}) WHERE v IS NOT NULL AND v <> '' AND contains(lower(v), ?) "
        "GROUP BY v ORDER BY count(*) DESC, v LIMIT ?",
        [(q or "").lower(), limit],
    ).fetchall()
    return [r[0] for r in rows]


def find_event(
    con: duckdb.DuckDBPyConnection, event_id: str, snapshot: bool = False
) -> dict[str, Any] | None:
    """The event with reviewed values applied; a rejected event with its stored values."""
    if snapshot:
        rows = _rows(
            con.execute(f"SELECT * EXCLUDE (search, actors) FROM {SNAPSHOT_TABLE} WHERE event_id = ?", [event_id])
        )
        return rows[0] if rows else None
    for rel in ("events_reviewed", REJECTED):
        rows = _rows(con.execute(f"SELECT * FROM {rel} WHERE event_id = ?", [event_id]))
        if rows:
            return rows[0]
    return None


def event_detail(
    con: duckdb.DuckDBPyConnection, event_id: str, snapshot: bool = False
) -> dict[str, Any] | None:
    """Everything the detail panel shows about one fused event."""
    ev = find_event(con, event_id, snapshot)
    if ev is None:
        return None
    original = _rows(con.execute("SELECT * FROM events WHERE event_id = ?", [event_id]))[0]
    report_ids = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT report_id FROM event_sources WHERE event_id = ? ORDER BY 1", [event_id]
        ).fetchall()
    ]
    evidence = _rows(
        con.execute(
            'SELECT report_id, document_id, field, "start", "end", text, rule FROM evidence '
            'WHERE report_id IN (SELECT unnest(?)) ORDER BY document_id, "start", field',
            [report_ids],
        )
    )
    documents = _rows(
        con.execute(
            "SELECT id, url, title, published, source, language, text, removed FROM documents "
            "WHERE id IN (SELECT document_id FROM event_sources WHERE event_id = ?) "
            "ORDER BY published NULLS LAST, id",
            [event_id],
        )
    )
    for d in documents:
        try:
            d["removed"] = json.loads(d["removed"] or "[]")
        except ValueError:
            d["removed"] = []
    reports = _rows(
        con.execute(
            "SELECT r.event_id AS report_id, r.document_id, r.event_date, r.event_type, "
            "r.sub_event_type, r.actor1, r.actor2, r.location, r.fatalities, r.claim_status, "
            "r.claimed_by, coalesce(r.source, d.source) AS source, d.title, d.published "
            "FROM reports r LEFT JOIN documents d ON d.id = r.document_id "
            "WHERE r.event_id IN (SELECT unnest(?)) ORDER BY d.published NULLS LAST, r.event_id",
            [report_ids],
        )
    )
    claims = _rows(
        con.execute(
            "SELECT field, value, claimant, status, source, document_id, report_id FROM claims "
            "WHERE event_id = ? ORDER BY field, claimant, document_id",
            [event_id],
        )
    )
    return {
        "event": ev,
        "original": original,
        "evidence": evidence,
        "documents": documents,
        "reports": reports,
        "claims": claims,
        "reviews": reviews(con, event_id),
        "editable": list(FORM_FIELDS),
        "field_specs": field_specs(),
    }


def reviews(con: duckdb.DuckDBPyConnection, event_id: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The audit log, newest first: one event's entries, or the latest ``limit`` of all."""
    cond, params = ("WHERE event_id = ?", [event_id]) if event_id else ("", [])
    return _rows(
        con.execute(
            f'SELECT id, event_id, who, reviewed_at AS "when", action, field, "old", "new" FROM reviews {cond} '
            "ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
    )


def field_specs() -> dict[str, dict[str, Any]]:
    """How the edit form should present each editable field."""
    specs: dict[str, dict[str, Any]] = {}
    for name in EDITABLE_FIELDS:
        t = _TYPES[name]
        spec: dict[str, Any] = {"type": {"DATE": "date", "INTEGER": "number", "DOUBLE": "number",
                                         "BIGINT": "number"}.get(t, "text")}  # fmt: skip
        if name == "event_type":
            spec["options"] = list(EVENT_TYPES)
        elif name == "sub_event_type":
            spec["options"] = [s for subs in EVENT_TYPES.values() for s in subs]
        elif name == "claim_status":
            spec["options"] = ["reported", "claimed", "denied"]
        specs[name] = spec
    return specs
