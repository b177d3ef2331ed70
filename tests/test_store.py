"""The DuckDB store: schema, idempotent transactional writes, reviews view, read-only SQL."""

from __future__ import annotations

from datetime import date

import pytest

from frontwire.records import Document, Event, Evidence, Failure
from frontwire.store import Store, StoreError

TEXT = "Shelling hit {town} on 10 March 2023, killing {n} people, officials in {town} said. ({k})"


def doc_with_event(k: int, town: str = "Avdiivka", n: int = 2, url: str | None = None):
    text = TEXT.format(town=town, n=n, k=k)
    doc = Document.from_text(text, url=url or f"https://news.example/{k}", source=f"Paper {k}",
                             published=date(2023, 3, 11))  # fmt: skip
    lat, lon = (48.139, 37.749) if town == "Avdiivka" else (49.836, 36.686)
    start = text.index("killing")
    ev = Event(
        event_id=f"{doc.id}-0", document_id=doc.id, event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", event_date=date(2023, 3, 10),
        actor1="Military Forces of Russia (2000-)", inter1=8, country="Ukraine", iso3="UKR",
        admin1="Donetsk" if town == "Avdiivka" else "Kharkiv", location=town, latitude=lat,
        longitude=lon, geo_precision=1, fatalities=n, fatalities_low=n, fatalities_high=n,
        evidence=[Evidence("fatalities", start, start + 13, text[start : start + 13], "test")],
    )  # fmt: skip
    return doc, [ev]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.duckdb")
    yield s
    s.close()


def count(store: Store, sql: str) -> int:
    return store.query(sql)[1][0][0]


def test_schema_has_every_table_and_the_review_view(store):
    names = {r[0] for r in store.query("SELECT table_name FROM information_schema.tables")[1]}
    assert {"documents", "reports", "evidence", "events", "event_sources", "claims", "failures",
            "reviews", "tokens", "events_reviewed"} <= names  # fmt: skip


def test_add_is_idempotent_and_fuses_across_documents(store):
    items = [doc_with_event(1, n=3), doc_with_event(2, n=2), doc_with_event(3, "Chuhuiv")]
    r1 = store.add_batch(items)
    assert (r1.added, r1.events) == (3, 3)
    r2 = store.add_batch(items)
    assert (r2.added, r2.skipped) == (0, 3)
    assert count(store, "SELECT count(*) FROM documents") == 3
    assert count(store, "SELECT count(*) FROM events") == 2
    cols, rows = store.query(
        "SELECT source_count, fatalities, fatalities_low, fatalities_high FROM events "
        "WHERE location = 'Avdiivka'"
    )
    assert rows == [(2, 2, 2, 3)]
    assert count(store, "SELECT count(*) FROM claims WHERE field = 'fatalities'") == 2
    assert count(store, "SELECT count(*) FROM evidence") == 3
    assert count(store, "SELECT count(*) FROM reports WHERE fused_id IS NULL") == 0


def test_edited_document_replaces_its_old_events(store):
    store.add_batch([doc_with_event(1), doc_with_event(2)])
    url = "https://news.example/2"
    edited = doc_with_event(22, "Chuhuiv", url=url)  # same URL, new text
    r = store.add_batch([edited])
    assert r.replaced == 1
    assert count(store, f"SELECT count(*) FROM documents WHERE url = '{url}'") == 1
    assert count(store, "SELECT count(*) FROM reports") == 2
    # The Avdiivka incident lost its second source; Chuhuiv is new.
    rows = store.query("SELECT location, source_count FROM events ORDER BY location")[1]
    assert rows == [("Avdiivka", 1), ("Chuhuiv", 1)]
    assert count(store, "SELECT count(*) FROM event_sources") == 2


def test_a_batch_that_fails_while_fusing_leaves_nothing_behind(store, monkeypatch):
    from frontwire import store as store_mod

    store.add_batch([doc_with_event(1)])

    def broken(con, dirty):
        raise RuntimeError("fusion crashed")

    monkeypatch.setattr(store_mod, "refuse", broken)
    with pytest.raises(RuntimeError, match="fusion crashed"):
        store.add_batch([doc_with_event(2), doc_with_event(3, "Chuhuiv")],
                        [Failure("x.html", "empty", "empty")])  # fmt: skip
    assert count(store, "SELECT count(*) FROM documents") == 1
    assert count(store, "SELECT count(*) FROM reports") == 1
    assert count(store, "SELECT count(*) FROM evidence") == 1
    assert count(store, "SELECT count(*) FROM failures") == 0
    monkeypatch.undo()
    assert store.add_batch([doc_with_event(2)]).added == 1  # the connection is usable again


def test_failures_are_recorded(store):
    store.record_failure(Failure("bad.warc#3", "truncated WARC record", "malformed"))
    assert store.query("SELECT source, kind FROM failures")[1] == [("bad.warc#3", "malformed")]


def test_reviews_edit_reject_accept(store):
    store.add_batch([doc_with_event(1), doc_with_event(2, "Chuhuiv")])
    ids = [r[0] for r in store.query("SELECT event_id FROM events ORDER BY location")[1]]
    con = store.con
    con.execute("INSERT INTO reviews (event_id, who, action, field, old, new) VALUES "
                "(?, 'ana', 'edit', 'fatalities', '2', '7'), (?, 'ana', 'edit', 'actor2', NULL, 'Civilians (Ukraine)')",
                [ids[0], ids[0]])  # fmt: skip
    con.execute("INSERT INTO reviews (event_id, who, action) VALUES (?, 'bo', 'reject')", [ids[1]])
    rows = store.query("SELECT event_id, fatalities, actor2, edited FROM events_reviewed")[1]
    assert rows == [(ids[0], 7, "Civilians (Ukraine)", True)]
    con.execute("INSERT INTO reviews (event_id, who, action) VALUES (?, 'cy', 'accept')", [ids[1]])
    assert count(store, "SELECT count(*) FROM events_reviewed") == 2
    # '' clears a field
    con.execute("INSERT INTO reviews (event_id, who, action, field, old, new) VALUES (?, 'ana', 'edit', 'actor2', 'x', '')", [ids[0]])
    assert store.query("SELECT actor2 FROM events_reviewed WHERE event_id = ?", [ids[0]])[1] == [(None,)]


def test_reviews_follow_an_incident_that_gains_a_source(store):
    store.add_batch([doc_with_event(1)])
    (old,) = [r[0] for r in store.query("SELECT event_id FROM events")[1]]
    store.con.execute("INSERT INTO reviews (event_id, who, action) VALUES (?, 'ana', 'accept')", [old])
    store.add_batch([doc_with_event(2)])
    (new,) = [r[0] for r in store.query("SELECT event_id FROM events")[1]]
    assert new != old
    assert store.query("SELECT event_id FROM reviews")[1] == [(new,)]


def test_read_only_store_refuses_writes_and_files(store, tmp_path):
    store.add_batch([doc_with_event(1)])
    store.close()
    ro = Store(tmp_path / "t.duckdb", read_only=True)
    with pytest.raises(StoreError):
        ro.query("DELETE FROM events")
    with pytest.raises(StoreError):
        ro.query(f"COPY events TO '{tmp_path / 'x.csv'}'")
    with pytest.raises(StoreError):
        ro.query("SELECT 1; SELECT 2")
    assert not (tmp_path / "x.csv").exists()
    assert ro.query("SELECT count(*) FROM events")[1] == [(1,)]
    ro.close()


def test_missing_store_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="frontwire ingest"):
        Store(tmp_path / "nope.duckdb", read_only=True)


def test_stats(store):
    store.add_batch([doc_with_event(1), doc_with_event(2)], [Failure("x.pdf", "binary file", "binary")])
    s = store.stats()
    assert (s["documents"], s["reports"], s["events"], s["failures"]) == (2, 2, 1, 1)
    assert s["multi_source_events"] == 1 and s["by_event_type"] == {"Explosions/Remote violence": 1}


def test_review_helper_logs_old_values_and_validates(store):
    store.add_batch([doc_with_event(1, n=2)])
    (eid,) = [r[0] for r in store.query("SELECT event_id FROM events")[1]]
    store.review(eid, "ana", "edit", "fatalities", "5")
    store.review(eid, "ana", "reject")
    store.review(eid, "bo", "accept")  # a rejected event can still be reviewed
    rows = store.query("SELECT who, action, field, old, new FROM reviews ORDER BY id")[1]
    assert rows == [("ana", "edit", "fatalities", "2", "5"), ("ana", "reject", None, None, None),
                    ("bo", "accept", None, None, None)]  # fmt: skip
    assert store.query("SELECT fatalities, review_status FROM events_reviewed")[1] == [(5, "accept")]
    for bad in [("edit", "event_id", "x"), ("delete", None, None), ("accept", "notes", None)]:
        with pytest.raises(StoreError):
            store.review(eid, "cy", bad[0], bad[1], bad[2])
    with pytest.raises(StoreError, match="no event"):
        store.review("fw-nope", "cy", "accept")
