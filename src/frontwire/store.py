"""The embedded store: one DuckDB file holding documents, per-document reports, fused events, the
evidence and claims behind them, input failures and the review audit log.

Schema (``SCHEMA_VERSION`` 1):

``documents``      one row per ingested article. ``id`` = content hash (``records.content_id``), so
                   an identical article is stored once; a new text from a known ``origin`` (its
                   URL, else the file it was read from) replaces the old row and its reports.
                   Columns: id, origin, url, title, published, source, language, text, removed
                   (JSON list of boilerplate spans), n_events, ingested_at.
``reports``        one row per ``Event`` found in one document (what that article says). ACLED
                   fields as columns, plus document_id, claimed_by, claim_status, confidence,
                   fatalities_low/high, has_fatalities (the article gave a count), date_exact (the date
                   was written out, not worked out from "yesterday"), and ``fused_id``:
                   the incident it was fused into (NULL only while fusion is pending).
``evidence``       report_id, document_id, field, start, end, text, rule: the words behind each
                   field, offsets into ``documents.text``.
``events``         one row per incident after fusion across documents (the table users want).
                   ``event_id`` is a stable id derived from the sorted member report ids. ACLED
                   columns (event_id_cnty, event_date, year, time_precision, disorder_type,
                   event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2,
                   assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country,
                   admin1, admin2, admin3, location, latitude, longitude, geo_precision, source,
                   source_scale, notes, fatalities, tags) plus iso3, geonameid, fatalities_low,
                   fatalities_high, claim_status, claimed_by, source_count, confidence, updated_at.
``event_sources``  event_id, report_id, document_id, url, source, published: every report fused
                   into an event (``events.source_count`` = distinct documents).
``claims``         event_id, report_id, document_id, source, field, value, claimant, status: what
                   each source says where sources disagree (fatalities, actor1, actor2, date,
                   place, type) and every claim of responsibility or denial, kept apart from the
                   fused value.
``failures``       source, kind, reason, failed_at: inputs that could not be read (the run goes on).
``reviews``        audit log, append-only: id, event_id (an ``events.event_id``), who, reviewed_at, action
                   ('accept' | 'edit' | 'reject'), field, old, new. ``edit`` rows set ``field`` to
                   ``new`` (text; '' clears it); the latest edit per field wins. ``accept`` /
                   ``reject`` rows (field NULL) set the event's review status; the latest wins, so
                   an ``accept`` after a ``reject`` restores the event. Write them with
                   ``Store.review()`` (validates the action and field, records the old value).
                   When new reports join a reviewed incident its id changes; its reviews are
                   moved to the new id (the incident holding most of its old reports).
``tokens``         name, sha256 (hex digest of the token; the token itself is never stored),
                   created: API tokens for write access to ``frontwire serve``.
``meta``           key, value: schema_version.

Views:
``events_reviewed`` ``events`` with the latest edits applied (cast back to each column's type),
                   rejected events hidden, plus ``review_status`` ('accept' | NULL) and ``edited``.
                   Every export reads this view.

Writes happen in one transaction per batch (documents + reports + evidence + re-fusion of the
affected incidents), so a process killed at any moment leaves whole batches only; a re-run skips
the documents already stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from frontwire import fusion
from frontwire.records import Document, Event, Failure

SCHEMA_VERSION = "1"
DEFAULT_DB = "frontwire.duckdb"

# The ACLED-style columns shared by `reports` and `events` (name, DuckDB type).
_ACLED_SHARED: tuple[tuple[str, str], ...] = (
    ("event_date", "DATE"),
    ("time_precision", "INTEGER"),
    ("event_type", "VARCHAR"),
    ("sub_event_type", "VARCHAR"),
    ("actor1", "VARCHAR"),
    ("assoc_actor_1", "VARCHAR"),
    ("inter1", "INTEGER"),
    ("actor2", "VARCHAR"),
    ("assoc_actor_2", "VARCHAR"),
    ("inter2", "INTEGER"),
    ("interaction", "INTEGER"),
    ("country", "VARCHAR"),
    ("iso3", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("admin2", "VARCHAR"),
    ("location", "VARCHAR"),
    ("latitude", "DOUBLE"),
    ("longitude", "DOUBLE"),
    ("geo_precision", "INTEGER"),
    ("geonameid", "BIGINT"),
    ("fatalities", "INTEGER"),
    ("fatalities_low", "INTEGER"),
    ("fatalities_high", "INTEGER"),
    ("claimed_by", "VARCHAR"),
    ("claim_status", "VARCHAR"),
    ("source", "VARCHAR"),
    ("notes", "VARCHAR"),
    ("confidence", "DOUBLE"),
)

REPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR"),
    ("document_id", "VARCHAR"),
    *_ACLED_SHARED,
    ("has_fatalities", "BOOLEAN"),
    ("date_exact", "BOOLEAN"),
    ("fused_id", "VARCHAR"),
)

EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR"),
    ("event_id_cnty", "VARCHAR"),
    ("event_date", "DATE"),
    ("year", "INTEGER"),
    ("time_precision", "INTEGER"),
    ("disorder_type", "VARCHAR"),
    ("event_type", "VARCHAR"),
    ("sub_event_type", "VARCHAR"),
    ("actor1", "VARCHAR"),
    ("assoc_actor_1", "VARCHAR"),
    ("inter1", "INTEGER"),
    ("actor2", "VARCHAR"),
    ("assoc_actor_2", "VARCHAR"),
    ("inter2", "INTEGER"),
    ("interaction", "INTEGER"),
    ("civilian_targeting", "VARCHAR"),
    ("iso", "INTEGER"),
    ("region", "VARCHAR"),
    ("country", "VARCHAR"),
    ("admin1", "VARCHAR"),
    ("admin2", "VARCHAR"),
    ("admin3", "VARCHAR"),
    ("location", "VARCHAR"),
    ("latitude", "DOUBLE"),
    ("longitude", "DOUBLE"),
    ("geo_precision", "INTEGER"),
    ("source", "VARCHAR"),
    ("source_scale", "VARCHAR"),
    ("notes", "VARCHAR"),
    ("fatalities", "INTEGER"),
    ("tags", "VARCHAR"),
    ("iso3", "VARCHAR"),
    ("geonameid", "BIGINT"),
    ("fatalities_low", "INTEGER"),
    ("fatalities_high", "INTEGER"),
    ("claim_status", "VARCHAR"),
    ("claimed_by", "VARCHAR"),
    ("source_count", "INTEGER"),
    ("confidence", "DOUBLE"),
    ("updated_at", "TIMESTAMP"),
)

#: Fields a reviewer may edit (everything but the id and bookkeeping).
EDITABLE_FIELDS: tuple[str, ...] = tuple(
    name for name, _t in EVENT_COLUMNS if name not in {"event_id", "source_count", "updated_at"}
)


def _cols(columns: Sequence[tuple[str, str]]) -> str:
    return ",\n  ".join(f'"{n}" {t}' for n, t in columns)


def _reviewed_view_sql() -> str:
    types = dict(EVENT_COLUMNS)
    pivots = ",\n    ".join(
        f"arg_max(new, id) FILTER (WHERE field = '{f}') AS \"{f}\", "
        f"bool_or(field = '{f}') AS \"{f}__set\""
        for f in EDITABLE_FIELDS
    )
    selects = []
    for name, _t in EVENT_COLUMNS:
        if name in EDITABLE_FIELDS:
            selects.append(
                f'CASE WHEN ed."{name}__set" THEN TRY_CAST(NULLIF(ed."{name}", \'\') AS {types[name]}) '
                f'ELSE ev."{name}" END AS "{name}"'
            )
        else:
            selects.append(f'ev."{name}"')
    return f"""
CREATE OR REPLACE VIEW events_reviewed AS
WITH ed AS (
  SELECT event_id,
    {pivots}
  FROM reviews WHERE action = 'edit' AND field IS NOT NULL GROUP BY event_id
), st AS (
  SELECT event_id, arg_max(action, id) AS status
  FROM reviews WHERE action IN ('accept', 'reject') AND field IS NULL GROUP BY event_id
)
SELECT {", ".join(selects)},
  st.status AS review_status,
  (ed.event_id IS NOT NULL) AS edited
FROM events ev
LEFT JOIN ed ON ed.event_id = ev.event_id
LEFT JOIN st ON st.event_id = ev.event_id
WHERE st.status IS DISTINCT FROM 'reject'
"""


SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
  id VARCHAR PRIMARY KEY,
  origin VARCHAR,
  url VARCHAR,
  title VARCHAR,
  published DATE,
  source VARCHAR,
  language VARCHAR,
  text VARCHAR,
  removed VARCHAR,
  n_events INTEGER,
  ingested_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS reports (
  {_cols(REPORT_COLUMNS)}
);
CREATE TABLE IF NOT EXISTS evidence (
  report_id VARCHAR,
  document_id VARCHAR,
  field VARCHAR,
  "start" INTEGER,
  "end" INTEGER,
  text VARCHAR,
  rule VARCHAR
);
CREATE TABLE IF NOT EXISTS events (
  {_cols(EVENT_COLUMNS)}
);
CREATE TABLE IF NOT EXISTS event_sources (
  event_id VARCHAR,
  report_id VARCHAR,
  document_id VARCHAR,
  url VARCHAR,
  source VARCHAR,
  published DATE
);
CREATE TABLE IF NOT EXISTS claims (
  event_id VARCHAR,
  report_id VARCHAR,
  document_id VARCHAR,
  source VARCHAR,
  field VARCHAR,
  value VARCHAR,
  claimant VARCHAR,
  status VARCHAR
);
CREATE SEQUENCE IF NOT EXISTS failures_id_seq;
CREATE TABLE IF NOT EXISTS failures (
  id BIGINT DEFAULT nextval('failures_id_seq'),
  source VARCHAR,
  kind VARCHAR,
  reason VARCHAR,
  failed_at TIMESTAMP DEFAULT current_timestamp
);
CREATE SEQUENCE IF NOT EXISTS reviews_id_seq;
CREATE TABLE IF NOT EXISTS reviews (
  id BIGINT DEFAULT nextval('reviews_id_seq'),
  event_id VARCHAR NOT NULL,
  who VARCHAR NOT NULL,
  reviewed_at TIMESTAMP DEFAULT current_timestamp,
  action VARCHAR NOT NULL CHECK (action IN ('accept', 'edit', 'reject')),
  field VARCHAR,
  old VARCHAR,
  new VARCHAR
);
CREATE TABLE IF NOT EXISTS tokens (
  name VARCHAR PRIMARY KEY,
  sha256 VARCHAR NOT NULL,
  created TIMESTAMP DEFAULT current_timestamp
);
{_reviewed_view_sql()};
INSERT INTO meta VALUES ('schema_version', '{SCHEMA_VERSION}') ON CONFLICT DO NOTHING;
"""


class StoreError(RuntimeError):
    """A store problem the user can act on (bad SQL, locked or missing file)."""


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What one transactional batch did."""

    added: int = 0
    replaced: int = 0
    skipped: int = 0
    events: int = 0
    failures: int = 0


def _connect(path: str | Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    path = str(path)
    try:
        if read_only:
            if path != ":memory:" and not Path(path).exists():
                raise StoreError(f"no store at {path}; run `frontwire ingest SOURCE --db {path}`")
            # Read-only and no file access: user SQL (query, --where) can read the store, nothing
            # else; the configuration is locked so the SQL cannot turn that back on.
            return duckdb.connect(
                path,
                read_only=True,
                config={"enable_external_access": False, "lock_configuration": True},
            )
        return duckdb.connect(path)
    except duckdb.IOException as exc:
        raise StoreError(
            f"cannot open {path}: {exc}. Is another frontwire process writing to it?"
        ) from exc


class Store:
    """A DuckDB store. ``Store(path)`` opens or creates it; ``read_only=True`` for queries/exports."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.con = _connect(self.path, read_only)
        if not read_only:
            self.con.execute(SCHEMA_SQL)

    # -- lifecycle ----------------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads ----------------------------------------------------------------------------------------

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are already stored (to skip them before the NLP run)."""
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    def query(self, sql: str, params: Sequence[Any] | None = None) -> tuple[list[str], list[tuple]]:
        """Run one SQL statement; returns (column names, rows). Use a read-only store for user SQL."""
        statements = _statements(sql)
        if len(statements) != 1:
            raise StoreError(
                f"give exactly one SQL statement (got {len(statements)}); run them one at a time"
            )
        try:
            cur = self.con.execute(sql, params or [])
        except duckdb.Error as exc:
            raise StoreError(f"SQL error: {exc}") from exc
        cols = [d[0] for d in cur.description] if cur.description else []
        return cols, cur.fetchall() if cur.description else []

    def reviewed_events(self, where: str | None = None) -> tuple[list[str], list[tuple]]:
        """Rows of ``events_reviewed`` (optionally filtered), in a canonical order."""
        sql = "SELECT * FROM events_reviewed"
        if where:
            check_condition(where)
            sql += f" WHERE ({where})"
        sql += " ORDER BY event_date NULLS LAST, event_id"
        return self.query(sql)

    def sources_by_event(self, event_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Event id -> the reports and documents behind it (for exports that list sources)."""
        out: dict[str, list[dict[str, Any]]] = {}
        if not event_ids:
            return out
        rows = self.con.execute(
            "SELECT event_id, report_id, document_id, url, source, published FROM event_sources "
            "WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, document_id, report_id",
            [list(event_ids)],
        ).fetchall()
        for ev, rep, doc, url, src, pub in rows:
            out.setdefault(ev, []).append(
                {
                    "report_id": rep,
                    "document_id": doc,
                    "url": url,
                    "source": src,
                    "published": pub.isoformat() if pub else None,
                }
            )
        return out

    def claims_by_event(self, event_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Event id -> the attributed claims its reports carry (who said what, for which field)."""
        out: dict[str, list[dict[str, Any]]] = {}
        if not event_ids:
            return out
        rows = self.con.execute(
            "SELECT event_id, field, value, claimant, status, source, document_id, report_id "
            "FROM claims WHERE event_id IN (SELECT unnest(?)) "
            "ORDER BY event_id, field, document_id, report_id",
            [list(event_ids)],
        ).fetchall()
        for ev, fld, val, claimant, status, src, doc, rep in rows:
            out.setdefault(ev, []).append(
                {
                    "field": fld,
                    "value": val,
                    "claimant": claimant,
                    "status": status,
                    "source": src,
                    "document_id": doc,
                    "report_id": rep,
                }
            )
        return out

    def stats(self) -> dict[str, Any]:
        """Counts for `frontwire stats`."""
        one = lambda sql: self.con.execute(sql).fetchone()[0]  # noqa: E731
        by_type = self.con.execute(
            "SELECT event_type, count(*) FROM events_reviewed GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()
        by_country = self.con.execute(
            "SELECT coalesce(country, '?'), count(*) FROM events_reviewed GROUP BY 1 "
            "ORDER BY 2 DESC, 1 LIMIT 10"
        ).fetchall()
        span = self.con.execute("SELECT min(event_date), max(event_date) FROM events").fetchone()
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "reports": one("SELECT count(*) FROM reports"),
            "events": one("SELECT count(*) FROM events"),
            "events_reviewed": one("SELECT count(*) FROM events_reviewed"),
            "multi_source_events": one("SELECT count(*) FROM events WHERE source_count > 1"),
            "fatalities": one("SELECT coalesce(sum(fatalities), 0) FROM events_reviewed"),
            "failures": one("SELECT count(*) FROM failures"),
            "reviews": one("SELECT count(*) FROM reviews"),
            "pending_fusion": one("SELECT count(*) FROM reports WHERE fused_id IS NULL"),
            "first_date": span[0].isoformat() if span[0] else None,
            "last_date": span[1].isoformat() if span[1] else None,
            "by_event_type": dict(by_type),
            "top_countries": dict(by_country),
        }

    # -- writes ---------------------------------------------------------------------------------------

    def add(self, document: Document, events: Sequence[Event]) -> BatchResult:
        """Store one document and its events (one transaction)."""
        return self.add_batch([(document, list(events))])

    def record_failure(self, failure: Failure) -> None:
        """Log one unreadable input in ``failures`` (one transaction)."""
        self.add_batch([], [failure])

    def add_batch(
        self,
        items: Sequence[tuple[Document, Sequence[Event]]],
        failures: Sequence[Failure] = (),
        *,
        fuse: bool = True,
    ) -> BatchResult:
        """Store documents with their events and failures in ONE transaction, then re-fuse the
        incidents they touch in the same transaction: after a crash the batch is all there or
        not at all.

        A document whose id is stored is skipped; one whose URL is stored under another id (the
        article was edited) replaces the old one, whose reports leave their incidents.
        """
        con = self.con
        added = replaced = skipped = n_events = 0
        con.execute("BEGIN TRANSACTION")
        try:
            known = self.known_ids(d.id for d, _ in items)
            origins = {d.id: document_origin(d) for d, _ in items if d.id not in known}
            stored = self._stored_by_origin(origins.values())
            seen: set[str] = set()
            dirty: set[str] = set()  # report ids whose incident must be recomputed
            doc_rows, report_rows, evidence_rows = [], [], []
            for doc, events in items:
                if doc.id in known or doc.id in seen:
                    skipped += 1
                    continue
                seen.add(doc.id)
                for old_id in sorted(stored.pop(origins[doc.id] or "", [])):
                    if old_id != doc.id:
                        dirty |= self._delete_document(old_id)
                        replaced += 1
                added += 1
                doc_rows.append(_document_row(doc, len(events)))
                for i, ev in enumerate(events):
                    rid = ev.event_id or f"{doc.id}-{i}"
                    report_rows.append(_report_row(ev, rid, doc))
                    evidence_rows.extend(
                        (rid, doc.id, e.field, e.start, e.end, e.text, e.rule) for e in ev.evidence
                    )
                    dirty.add(rid)
                    n_events += 1
            _bulk_insert(con, "documents", _DOCUMENT_COLUMNS, doc_rows)
            _bulk_insert(con, "reports", REPORT_COLUMNS, report_rows)
            _bulk_insert(con, "evidence", _EVIDENCE_COLUMNS, evidence_rows)
            _bulk_insert(con, "failures", _FAILURE_COLUMNS,
                         [(f.source, f.kind, f.reason) for f in failures])  # fmt: skip
            if fuse:
                refuse(con, dirty)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return BatchResult(added, replaced, skipped, n_events, len(failures))

    def _stored_by_origin(self, origins: Iterable[str | None]) -> dict[str, list[str]]:
        """Origin (URL or file) -> ids of the documents stored under it, in one query."""
        wanted = sorted({o for o in origins if o})
        stored: dict[str, list[str]] = {}
        if wanted:
            for oid, origin in self.con.execute(
                "SELECT id, origin FROM documents WHERE origin IN (SELECT unnest(?))", [wanted]
            ).fetchall():
                stored.setdefault(origin, []).append(oid)
        return stored

    def review(
        self,
        event_id: str,
        who: str,
        action: str,
        field: str | None = None,
        new: str | None = None,
    ) -> int:
        """Append one review to the audit log; returns its id. ``edit`` needs a field from
        ``EDITABLE_FIELDS`` and the new value as text ('' clears it); the old value is recorded
        from ``events_reviewed`` so the log reads as a history."""
        if action not in ("accept", "edit", "reject"):
            raise StoreError(f"action must be accept, edit or reject, not {action!r}")
        if action == "edit" and field not in EDITABLE_FIELDS:
            raise StoreError(f"cannot edit {field!r}; editable fields: {', '.join(EDITABLE_FIELDS)}")
        if action != "edit" and field is not None:
            raise StoreError("accept/reject apply to the whole event: give no field")
        found, cols = None, []
        for view in ("events_reviewed", "events"):  # a rejected event is only in `events`
            cur = self.con.execute(f"SELECT * FROM {view} WHERE event_id = ?", [event_id])
            cols, found = [d[0] for d in cur.description], cur.fetchone()
            if found is not None:
                break
        if found is None:
            raise StoreError(f"no event {event_id!r}; list them with `frontwire query`")
        old = dict(zip(cols, found, strict=True)).get(field) if field else None
        rid = self.con.execute(
            "INSERT INTO reviews (event_id, who, action, field, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [event_id, who, action, field, None if old is None else str(old), new],
        ).fetchone()[0]
        return int(rid)

    def refuse_pending(self) -> int:
        """Fuse reports left unfused (``fused_id IS NULL``); returns how many were pending."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            ids = {
                r[0]
                for r in self.con.execute(
                    "SELECT event_id FROM reports WHERE fused_id IS NULL"
                ).fetchall()
            }
            refuse(self.con, ids)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(ids)

    def _delete_document(self, doc_id: str) -> set[str]:
        """Remove a document and its reports; returns the report ids left in the incidents it
        belonged to (they must be re-fused)."""
        con = self.con
        rows = con.execute(
            "SELECT DISTINCT r2.event_id FROM reports r1 JOIN reports r2 ON r2.fused_id = r1.fused_id "
            "WHERE r1.document_id = ? AND r2.document_id <> ?",
            [doc_id, doc_id],
        ).fetchall()
        fused = con.execute(
            "SELECT DISTINCT fused_id FROM reports WHERE document_id = ? AND fused_id IS NOT NULL",
            [doc_id],
        ).fetchall()
        for table, col in (
            ("evidence", "document_id"),
            ("reports", "document_id"),
            ("documents", "id"),
        ):
            con.execute(f"DELETE FROM {table} WHERE {col} = ?", [doc_id])
        delete_fused(con, [f[0] for f in fused])
        return {r[0] for r in rows}


def _statements(sql: str) -> list[Any]:
    try:
        return duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise StoreError(f"SQL error: {exc}") from exc


def check_condition(where: str) -> None:
    """Reject a --where that is not one plain condition: unbalanced parentheses (which could close
    the WHERE and append a UNION or another clause), ';' or comments outside string literals. The
    read-only, no-file-access connection is the real guard; this gives a clear message."""
    depth, i, quote = 0, 0, ""
    bad = f"--where must be one SQL condition, e.g. \"country = 'Ukraine'\"; got {where!r}"
    while i < len(where):
        ch = where[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise StoreError(bad)
        elif ch == ";" or where.startswith(("--", "/*"), i):
            raise StoreError(bad)
        i += 1
    if depth or quote:
        raise StoreError(bad)
    stmts = _statements(f"SELECT * FROM events_reviewed WHERE ({where})")
    if len(stmts) != 1 or stmts[0].type != duckdb.StatementType.SELECT:
        raise StoreError(bad)


def document_origin(doc: Document) -> str | None:
    """Where a document came from: its URL, else the file (or ``file#record``) it was read from.
    A new text from the same origin is an edit and replaces the old one. A publisher name in
    ``source`` is not an origin (many articles share it), so only existing paths count."""
    if doc.url:
        return doc.url
    if doc.source and Path(doc.source.split("#")[0]).exists():
        return str(Path(doc.source.split("#")[0]).resolve()) + (
            "#" + doc.source.split("#", 1)[1] if "#" in doc.source else ""
        )
    return None


def _document_row(doc: Document, n_events: int) -> tuple:
    removed = json.dumps([[s.start, s.end, s.label] for s in doc.removed])
    return (
        doc.id,
        document_origin(doc),
        doc.url,
        doc.title,
        doc.published,
        doc.source,
        doc.language,
        doc.text,
        removed,
        n_events,
    )


def _report_row(ev: Event, rid: str, doc: Document) -> tuple:
    values: dict[str, Any] = {name: getattr(ev, name, None) for name, _t in _ACLED_SHARED}
    values["event_id"] = rid
    values["document_id"] = doc.id
    values["source"] = ev.source or doc.source
    values["has_fatalities"] = bool(
        ev.fatalities or ev.fatalities_high or any(e.field == "fatalities" for e in ev.evidence)
    )
    values["date_exact"] = fusion.date_is_exact(ev.evidence)
    values["fused_id"] = None
    if isinstance(values["event_date"], str):
        values["event_date"] = date.fromisoformat(values["event_date"])
    return tuple(values[name] for name, _t in REPORT_COLUMNS)


# -- bulk writes ------------------------------------------------------------------------------------

_DOCUMENT_COLUMNS = (
    ("id", "VARCHAR"), ("origin", "VARCHAR"), ("url", "VARCHAR"), ("title", "VARCHAR"),
    ("published", "DATE"), ("source", "VARCHAR"), ("language", "VARCHAR"), ("text", "VARCHAR"),
    ("removed", "VARCHAR"), ("n_events", "INTEGER"),
)  # fmt: skip
_EVIDENCE_COLUMNS = (
    ("report_id", "VARCHAR"), ("document_id", "VARCHAR"), ("field", "VARCHAR"),
    ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"), ("rule", "VARCHAR"),
)  # fmt: skip
_FAILURE_COLUMNS = (("source", "VARCHAR"), ("kind", "VARCHAR"), ("reason", "VARCHAR"))
_CLAIM_COLUMNS = (
    ("event_id", "VARCHAR"), ("report_id", "VARCHAR"), ("document_id", "VARCHAR"),
    ("source", "VARCHAR"), ("field", "VARCHAR"), ("value", "VARCHAR"), ("claimant", "VARCHAR"),
    ("status", "VARCHAR"),
)  # fmt: skip
_ARROW = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.timestamp("us"),
}  # fmt: skip


def _bulk_insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert many rows at once through an Arrow table (row-by-row executemany is ~100x slower)."""
    if not rows:
        return
    arrays = [pa.array([r[i] for r in rows], type=_ARROW[t]) for i, (_n, t) in enumerate(columns)]
    data = pa.Table.from_arrays(arrays, names=[n for n, _t in columns])
    names = ", ".join(f'"{n}"' for n, _t in columns)
    con.register("_fw_rows", data)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _fw_rows")
    finally:
        con.unregister("_fw_rows")


# -- fusion in the store ----------------------------------------------------------------------------

# The columns fusion reads from `reports`.
_FUSION_FIELDS = tuple(n for n, _t in REPORT_COLUMNS)
_FUSION_SELECT = ", ".join(f'"{c}"' for c in _FUSION_FIELDS)


def _load(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(f"SELECT {_FUSION_SELECT} FROM reports WHERE {where}", params)
    return [dict(zip(_FUSION_FIELDS, row, strict=True)) for row in cur.fetchall()]


def _merge(intervals: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _load_block(
    con: duckdb.DuckDBPyConnection, spans: dict[str, list[tuple[date, date]]], window: timedelta
) -> list[dict[str, Any]]:
    """Reports that can touch ``spans`` (per country): day-precise ones inside them, week- or
    month-precise ones within the widest window around them (those reach further)."""
    clauses, params = [], []
    for iso3, days in sorted(spans.items()):
        coarse = _merge((lo - window, hi + window) for lo, hi in days)
        day_sql = " OR ".join("event_date BETWEEN ? AND ?" for _ in days)
        coarse_sql = " OR ".join("event_date BETWEEN ? AND ?" for _ in coarse)
        clauses.append(
            f"(iso3 = ? AND ((coalesce(time_precision, 1) <= 1 AND ({day_sql})) "
            f"OR (coalesce(time_precision, 1) > 1 AND ({coarse_sql}))))"
        )
        params += [iso3, *(d for span in days for d in span), *(d for c in coarse for d in c)]
    return _load(con, " OR ".join(clauses), params)


def delete_fused(con: duckdb.DuckDBPyConnection, fused_ids: Iterable[str]) -> None:
    """Remove fused events (and their sources/claims); their reports await re-fusion."""
    ids = sorted(set(fused_ids))
    if not ids:
        return
    for table in ("events", "event_sources", "claims"):
        con.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT unnest(?))", [ids])
    con.execute("UPDATE reports SET fused_id = NULL WHERE fused_id IN (SELECT unnest(?))", [ids])


def refuse(con: duckdb.DuckDBPyConnection, dirty: Iterable[str]) -> int:
    """Recompute the incidents reports ``dirty`` (new, or orphaned by a replaced document) can
    belong to, inside the caller's transaction.

    Only the affected block is read: for each country, the reports dated within the fusion
    window of the dirty ones, widened until the connected components found are closed. Each
    component is re-clustered from scratch, so the result equals fusing the whole store at once
    (order-independent), at a cost that follows the batch, not the store. Returns the number of
    fused events written.
    """
    dirty = set(dirty)
    if not dirty:
        return 0
    seeds = _load(con, "event_id IN (SELECT unnest(?))", [sorted(dirty)])
    old_fused = sorted({r["fused_id"] for r in seeds if r["fused_id"]})
    if old_fused:  # whole current incidents of the seeds are recomputed too
        seeds += _load(con, "fused_id IN (SELECT unnest(?))", [old_fused])
    affected = {r["event_id"]: r for r in seeds}
    comps = [[r] for r in affected.values() if not fusion.fusable(r)]
    comps.extend(_closed_components(con, affected))
    members = {r["event_id"]: r for c in comps for r in c}
    old_ids = sorted({r["fused_id"] for r in members.values() if r["fused_id"]})
    reviewed = _reviewed_members(con, old_ids, members.values())
    delete_fused(con, old_ids)
    fused = [fusion.fuse_cluster(c) for comp in comps for c in fusion.cluster_component(comp)]
    write_fused(con, fused)
    _carry_reviews(con, reviewed, fused)
    return len(fused)


def _closed_components(
    con: duckdb.DuckDBPyConnection, affected: dict[str, fusion.Row]
) -> list[list[fusion.Row]]:
    """The ``fusion.components`` holding the fusable ``affected`` reports, reading wider date
    spans per country until every member's reach is loaded (all countries at once: one read per
    round)."""
    window = timedelta(days=fusion.MAX_WINDOW_DAYS)
    seed_ids = sorted(i for i, r in affected.items() if fusion.fusable(r))
    found = [[affected[i]] for i in seed_ids]
    loaded: dict[str, list[tuple[date, date]]] = {}
    pad = 3  # the first read is padded so that one round usually closes every component
    while seed_ids:
        need: dict[str, list[tuple[date, date]]] = {}
        for c in found:
            for r in c:
                days = timedelta(days=fusion.reach_days(r) + pad)
                need.setdefault(r["iso3"], []).append((r["event_date"] - days, r["event_date"] + days))
        need = {k: _merge(v) for k, v in need.items()}
        pad = 0
        if all(
            any(a <= lo and hi <= b for a, b in loaded.get(k, ()))
            for k, spans in need.items()
            for lo, hi in spans
        ):
            break  # every member's reach is loaded: the components are closed
        for k, spans in need.items():
            loaded[k] = _merge([*loaded.get(k, []), *spans])
        found = fusion.components(_load_block(con, loaded, window), seed_ids)
    return found


def _reviewed_members(
    con: duckdb.DuckDBPyConnection, old_ids: Sequence[str], members: Iterable[fusion.Row]
) -> dict[str, set[str]]:
    """Old fused id -> its member report ids, for the incidents among ``old_ids`` that have
    reviews (so ``_carry_reviews`` can move them to the recomputed incident)."""
    reviewed: dict[str, set[str]] = {}
    if not old_ids:
        return reviewed
    has_reviews = {row[0] for row in con.execute(
        "SELECT DISTINCT event_id FROM reviews WHERE event_id IN (SELECT unnest(?))", [list(old_ids)]
    ).fetchall()}  # fmt: skip
    for r in members:
        if r["fused_id"] in has_reviews:
            reviewed.setdefault(r["fused_id"], set()).add(r["event_id"])
    return reviewed


def _carry_reviews(
    con: duckdb.DuckDBPyConnection, old: dict[str, set[str]], fused: Sequence[fusion.FusedEvent]
) -> None:
    """A reviewed incident that gained or lost reports gets a new id; its reviews follow it to
    the new incident holding most of its old reports."""
    for old_id, mem in sorted(old.items()):
        best = max(fused, key=lambda f: (len(mem & set(f.members)), f.event_id), default=None)
        if best is None or not (mem & set(best.members)) or best.event_id == old_id:
            continue
        con.execute("UPDATE reviews SET event_id = ? WHERE event_id = ?", [best.event_id, old_id])


def write_fused(con: duckdb.DuckDBPyConnection, fused: Sequence[fusion.FusedEvent]) -> None:
    """Insert fused events with their sources and claims, and point their reports at them."""
    if not fused:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    ev_rows, claim_rows, links = [], [], []
    for f in fused:
        values = {**{n: getattr(f, n, None) for n, _t in EVENT_COLUMNS}, **fusion.acled_extras(f)}
        values["updated_at"] = now
        ev_rows.append(tuple(values[n] for n, _t in EVENT_COLUMNS))
        links.extend((f.event_id, m) for m in f.members)
        claim_rows.extend(tuple(c[n] for n, _t in _CLAIM_COLUMNS) for c in f.claims)
    _bulk_insert(con, "events", EVENT_COLUMNS, ev_rows)
    _bulk_insert(con, "claims", _CLAIM_COLUMNS, claim_rows)
    ids = pa.table({"event_id": [e for e, _m in links], "report_id": [m for _e, m in links]})
    con.register("_fw_links", ids)
    try:
        con.execute(
            "UPDATE reports SET fused_id = l.event_id FROM _fw_links l "
            "WHERE reports.event_id = l.report_id"
        )
        con.execute(
            "INSERT INTO event_sources SELECT l.event_id, r.event_id, r.document_id, d.url, "
            "coalesce(r.source, d.source), d.published FROM _fw_links l "
            "JOIN reports r ON r.event_id = l.report_id JOIN documents d ON d.id = r.document_id"
        )
    finally:
        con.unregister("_fw_links")
