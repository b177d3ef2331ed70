"""Writing events out: JSONL, JSON, CSV and a readable table for `extract`; ACLED CSV, GeoJSON,
Parquet and JSONL of the fused, reviewed events for `export`.

Every text format a spreadsheet opens (CSV, ACLED CSV) is formula-safe: a text cell that starts with
``= + - @``, a tab or a carriage return is prefixed with a single quote so that Excel/LibreOffice show
it instead of evaluating it (CSV injection). Plain numbers in numeric columns are left as they are.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TextIO

from frontwire.records import EVENT_FIELDS, Event

if TYPE_CHECKING:
    from frontwire.store import Store

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: ACLED's current export layout (codebook 2023+, the one the ACLED data export tool and API give),
#: in ACLED's column order. Older files (e.g. 2022 downloads) have data_id / iso3 / event_id_no_cnty
#: and no disorder_type / civilian_targeting / tags; this is the documented current layout.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip

#: Columns whose values are numbers; a number there is written as is (a negative longitude is data,
#: not a formula). Anything else in them is treated as text and made safe.
NUMERIC_COLUMNS = frozenset(
    {
        "year", "time_precision", "inter1", "inter2", "interaction", "iso", "latitude", "longitude",
        "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "timestamp",
        "confidence", "geonameid", "source_count", "start", "end",
    }
)  # fmt: skip

EXTRACT_FORMATS = ("jsonl", "json", "csv", "table")
EXPORT_FORMATS = ("acled-csv", "geojson", "parquet", "jsonl", "json", "csv")

# Columns of the flat CSV written by `extract` (evidence goes into one JSON cell).
_CSV_FIELDS = tuple(f for f in EVENT_FIELDS if f != "evidence") + ("evidence",)
_TABLE_COLUMNS = (
    ("date", "event_date"),
    ("type", "sub_event_type"),
    ("actor1", "actor1"),
    ("actor2", "actor2"),
    ("location", "location"),
    ("admin1", "admin1"),
    ("country", "country"),
    ("fat.", "fatalities"),
    ("status", "claim_status"),
)


def safe_cell(value: Any, column: str = "") -> Any:
    """A CSV cell that no spreadsheet will evaluate as a formula.

    Numbers stay numbers in numeric columns; every other value is text and gets a leading ``'``
    when it starts with a formula trigger.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float) and (column in NUMERIC_COLUMNS or column == ""):
        if isinstance(value, float) and math.isnan(value):
            return ""
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    if column in NUMERIC_COLUMNS and _is_plain_number(text):
        return text
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and not text.lower().lstrip("+-").startswith(("inf", "nan"))


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def event_dict(event: Event | Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-ready dict from an Event or a store row (dates as ISO strings)."""
    if isinstance(event, Event):
        return event.to_dict()
    d = asdict(event) if is_dataclass(event) else dict(event)  # type: ignore[arg-type]
    return {k: _jsonable(v) for k, v in d.items()}


def write_events(events: Iterable[Event | Mapping[str, Any]], out: TextIO, fmt: str) -> int:
    """Write events to ``out`` as ``jsonl``, ``json``, ``csv`` or ``table``; returns the count.

    Streams for jsonl and csv (constant memory); json and table need the whole list.
    """
    if fmt == "jsonl":
        n = 0
        for ev in events:
            out.write(json.dumps(event_dict(ev), ensure_ascii=False, default=str) + "\n")
            n += 1
        return n
    if fmt == "json":
        rows = [event_dict(ev) for ev in events]
        json.dump(rows, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return len(rows)
    if fmt == "csv":
        return _write_csv((event_dict(ev) for ev in events), out, _CSV_FIELDS)
    if fmt == "table":
        return _write_table([event_dict(ev) for ev in events], out)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(EXTRACT_FORMATS)}")


def _write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO, columns: Iterable[str]) -> int:
    columns = list(columns)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        cells = []
        for col in columns:
            value = row.get(col)
            if isinstance(value, list | dict):
                value = json.dumps(value, ensure_ascii=False, default=str)
            cells.append(safe_cell(value, col))
        writer.writerow(cells)
        n += 1
    return n


def _write_table(rows: list[dict[str, Any]], out: TextIO) -> int:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False)
    for header, key in _TABLE_COLUMNS:
        table.add_column(
            header, justify="right" if key == "fatalities" else "left", overflow="fold"
        )
    for row in rows:
        # Text(), not str: rich would read "[...]" in article text as markup
        table.add_row(*(Text("" if row.get(k) is None else str(row.get(k))) for _h, k in _TABLE_COLUMNS))
    width = None if getattr(out, "isatty", lambda: False)() else 160
    console = Console(file=out, width=width, color_system=None, soft_wrap=False, highlight=False)
    console.print(table)
    console.print(f"{len(rows)} event(s)")
    return len(rows)


# -- exports from the store -------------------------------------------------------------------------


def acled_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[dict[str, Any]]:
    """Rows of ``events_reviewed`` mapped to ACLED's columns (extra columns dropped)."""
    for row in rows:
        d = dict(row)
        ev_date = d.get("event_date")
        ts = d.get("updated_at")
        out = {col: d.get(col) for col in ACLED_COLUMNS}
        out["event_id_cnty"] = d.get("event_id_cnty") or d.get("event_id")
        out["event_date"] = ev_date.isoformat() if isinstance(ev_date, date) else ev_date
        out["year"] = ev_date.year if isinstance(ev_date, date) else d.get("year")
        out["timestamp"] = int(ts.timestamp()) if isinstance(ts, datetime) else d.get("timestamp")
        yield out


def export_store(store: Store, out: Any, fmt: str, where: str | None = None) -> int:
    """Export the fused, reviewed events (view ``events_reviewed``) of ``store``.

    ``where`` is an SQL condition over the view's columns, run on a read-only connection and
    checked to be a single expression, so it can filter but never write. Parquet needs ``out`` to be
    a path or a binary file; the others write text.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    cols, rows = store.reviewed_events(where=where)
    dict_rows = (dict(zip(cols, r, strict=True)) for r in rows)
    if fmt == "acled-csv":
        return _write_csv(acled_rows(dict_rows), out, ACLED_COLUMNS)
    if fmt == "csv":
        return _write_csv(dict_rows, out, cols)
    if fmt == "jsonl":
        return write_events(_with_sources(store, dict_rows), out, "jsonl")
    if fmt == "json":
        return write_events(_with_sources(store, dict_rows), out, "json")
    if fmt == "geojson":
        return _write_geojson(_with_sources(store, dict_rows), out)
    return _write_parquet(cols, rows, out)


def _with_sources(store: Store, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Attach each fused event's source documents and per-source claims (for JSON-like formats)."""
    rows = list(rows)
    sources = store.sources_by_event([r["event_id"] for r in rows])
    claims = store.claims_by_event([r["event_id"] for r in rows])
    for r in rows:
        r["sources"] = sources.get(r["event_id"], [])
        r["claims"] = claims.get(r["event_id"], [])
        yield r


def _write_geojson(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A FeatureCollection; events without coordinates get ``geometry: null`` (valid GeoJSON)."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for row in rows:
        props = event_dict(row)
        lat, lon = props.get("latitude"), props.get("longitude")
        geom = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None
            else None
        )
        feature = {"type": "Feature", "id": props.get("event_id"), "geometry": geom,
                   "properties": props}  # fmt: skip
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False, default=str) + "\n")
        n += 1
    out.write("]}\n")
    return n


def _write_parquet(cols: list[str], rows: list[tuple], out: Any) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
    table = pa.table(data)
    pq.write_table(table, out)
    return len(rows)
