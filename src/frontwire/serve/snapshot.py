"""An in-memory copy of the reviewed events, so that filtering 100,000 events stays fast.

The store's ``events_reviewed`` view applies the audit log on every read (a pivot of ``reviews``
joined to ``events``, with a cast per column): correct, but ~50 ms per query at 100,000 events before
any filter, and it cannot be pushed down. The server holds the store's write lock, so nothing but the
server itself changes the data while it runs: the view is evaluated once at start into an attached
in-memory database and the rows of an event are recomputed after each review of it.

Rejected events are kept (``review_status = 'reject'``) so the workbench can list and restore them;
every other row equals ``events_reviewed`` exactly, which is what the filters and exports read.
"""

from __future__ import annotations

import duckdb

TABLE = "wb.events"

SEARCH_COLUMNS = (
    "event_id", "notes", "location", "admin1", "admin2", "country", "actor1", "actor2",
    "assoc_actor_1", "assoc_actor_2", "source", "sub_event_type", "claimed_by",
)  # fmt: skip
"""Columns the free-text filter looks in; the snapshot keeps them lower-cased in ``search`` (and the
actor columns in ``actors``), one string to scan instead of one per column."""
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
_SEARCH = (
    "lower(concat_ws(' ', " + ", ".join(SEARCH_COLUMNS) + ")) AS search, "
    "lower(concat_ws(chr(10), " + ", ".join(ACTOR_COLUMNS) + ")) AS actors"
)

_REJECTED = """
SELECT ev.*, 'reject' AS review_status,
  EXISTS (SELECT 1 FROM reviews r WHERE r.event_id = ev.event_id AND r.action = 'edit') AS edited
FROM events ev
WHERE ev.event_id IN (
  SELECT event_id FROM reviews WHERE action IN ('accept', 'reject') AND field IS NULL
  GROUP BY event_id HAVING arg_max(action, id) = 'reject')
"""
REJECTED = f"({_REJECTED})"
"""Rejected events with their stored values (the view hides them)."""


def build(con: duckdb.DuckDBPyConnection) -> int:
    """Attach the in-memory database and fill it; returns the number of rows."""
    con.execute("ATTACH IF NOT EXISTS ':memory:' AS wb")
    con.execute(
        f"CREATE OR REPLACE TABLE {TABLE} AS SELECT *, {_SEARCH} FROM ("
        f"SELECT * FROM events_reviewed UNION ALL BY NAME {_REJECTED})"
    )
    return con.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]


def refresh(con: duckdb.DuckDBPyConnection, event_id: str) -> None:
    """Recompute one event's row after a review (its own transaction: DuckDB writes one attached
    database per transaction, and the review is already committed to the store)."""
    rows = con.execute(
        f"SELECT *, {_SEARCH} FROM (SELECT * FROM events_reviewed WHERE event_id = ? "
        f"UNION ALL BY NAME SELECT * FROM {REJECTED} WHERE event_id = ?)",
        [event_id, event_id],
    )
    cols = [d[0] for d in rows.description]
    values = rows.fetchall()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {TABLE} WHERE event_id = ?", [event_id])
        if values:
            names = ", ".join(f'"{c}"' for c in cols)
            marks = ", ".join("?" for _ in cols)
            con.executemany(f"INSERT INTO {TABLE} ({names}) VALUES ({marks})", values)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
