"""The workbench API: every endpoint, bad parameters (clear 4xx, never 500), body limits, tokens,
the audit log, exports with reviewed values, static-route traversal and the security headers.

The store is built from short articles written for these tests (no NLP: hand-coded events with
evidence offsets), so the whole file runs in a few seconds.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import shutil
import warnings
from datetime import date

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")
from fastapi.testclient import TestClient  # noqa: E402

from frontwire.records import Document, Event, Evidence  # noqa: E402
from frontwire.serve import create_app, queries  # noqa: E402
from frontwire.serve.auth import create_token, digest, verify_token  # noqa: E402
from frontwire.store import Store, StoreError  # noqa: E402

LOOPBACK = ("127.0.0.1", 41000)

# (text, published, source, event kwargs, evidence fields -> the words that carry them)
ARTICLES = [
    (
        "Artillery shelling struck the village of Velyka Pysarivka on 3 June 2024, killing two "
        "civilians, the regional administration said.",
        date(2024, 6, 4), "Border Courier",
        dict(event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
             event_date=date(2024, 6, 3), actor1="Military Forces of Russia (2000-)", inter1=8,
             actor2="Civilians (Ukraine)", inter2=7, country="Ukraine", iso3="UKR", admin1="Sumy",
             location="Velyka Pysarivka", latitude=50.43, longitude=35.48, fatalities=2,
             fatalities_low=2, fatalities_high=2),
        {"sub_event_type": "shelling", "location": "Velyka Pysarivka", "event_date": "3 June 2024",
         "fatalities": "two civilians"},
    ),
    (
        "Hundreds of teachers marched peacefully through Bamako on 10 June 2024 to demand unpaid "
        "wages, organisers said.",
        date(2024, 6, 10), "Sahel Daily",
        dict(event_type="Protests", sub_event_type="Peaceful protest", event_date=date(2024, 6, 10),
             actor1="Protesters (Mali)", inter1=6, country="Mali", iso3="MLI", admin1="Bamako",
             location="Bamako", latitude=12.65, longitude=-8.0, fatalities=0),
        {"sub_event_type": "marched peacefully", "location": "Bamako", "actor1": "teachers"},
    ),
    (
        "Gunmen abducted four farmers near Zurmi on 20 June 2024, a local vigilante leader told "
        "reporters. The group claimed the attack in a statement.",
        date(2024, 6, 21), "Northern Ledger",
        dict(event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
             event_date=date(2024, 6, 20), actor1="Unidentified Armed Group (Nigeria)", inter1=3,
             actor2="Civilians (Nigeria)", inter2=7, country="Nigeria", iso3="NGA",
             admin1="Zamfara", location="Zurmi", latitude=12.78, longitude=6.79, fatalities=0,
             claim_status="claimed", claimed_by="Unidentified Armed Group (Nigeria)",
             notes="=HYPERLINK(\"http://attacker.example\")"),
        {"sub_event_type": "abducted", "location": "Zurmi", "actor1": "Gunmen"},
    ),
    (
        "Troops clashed with militants near Kidal on 28 June 2024; the army said 12 fighters were "
        "killed.",
        date(2024, 6, 29), "Sahel Daily",
        dict(event_type="Battles", sub_event_type="Armed clash", event_date=date(2024, 6, 28),
             actor1="Military Forces of Mali (2021-)", inter1=1, actor2="JNIM", inter2=2,
             country="Mali", iso3="MLI", admin1="Kidal", location="Kidal", latitude=18.44,
             longitude=1.41, fatalities=12, fatalities_low=12, fatalities_high=12),
        {"sub_event_type": "clashed", "location": "Kidal", "fatalities": "12 fighters"},
    ),
]


def build_store(path) -> None:
    """A store of the ARTICLES above, one event each."""
    with Store(path) as store:
        for text, published, source, kwargs, spans in ARTICLES:
            doc = Document.from_text(text, url=f"https://news.example/{source.replace(' ', '-')}/{published}",
                                     title=text[:40], published=published, source=source)  # fmt: skip
            evidence = []
            for field, words in spans.items():
                start = text.index(words)
                evidence.append(Evidence(field, start, start + len(words), words, "test"))
            ev = Event(event_id=f"{doc.id}-0", document_id=doc.id, source=source,
                       evidence=evidence, **kwargs)  # fmt: skip
            store.add(doc, [ev])


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "base.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def reader(base_db, tmp_path_factory):
    """One client shared by the tests that only read (no reviews), to keep the file fast."""
    path = tmp_path_factory.mktemp("shared") / "shared.duckdb"
    shutil.copy(base_db, path)
    with TestClient(create_app(path), base_url="http://127.0.0.1", client=LOOPBACK) as c:
        yield c


@pytest.fixture
def db(base_db, tmp_path):
    """A fresh copy per test, so reviews in one test do not leak into another."""
    path = tmp_path / "t.duckdb"
    shutil.copy(base_db, path)
    return path


@pytest.fixture
def app(db):
    return create_app(db)


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://127.0.0.1", client=LOOPBACK) as c:
        yield c


@pytest.fixture
def token(app):
    cur = app.state.store.con.cursor()
    try:
        return create_token(cur, "ana")
    finally:
        cur.close()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def event_at(client: TestClient, location: str) -> dict:
    items = client.get("/api/events", params={"q": location}).json()["items"]
    match = [e for e in items if e["location"] == location]
    assert len(match) == 1, items
    return match[0]


# -- reads ------------------------------------------------------------------------------------------


def test_health_and_meta(reader):
    assert reader.get("/api/health").json() == {"ok": True, "events": 4, "read_only": False}
    meta = reader.get("/api/meta").json()
    assert meta["total"] == 4
    assert meta["countries"] == ["Mali", "Nigeria", "Ukraine"]
    assert meta["date_min"] == "2024-06-03" and meta["date_max"] == "2024-06-28"
    assert len(meta["event_types"]) == 6
    assert sum(len(v) for v in meta["event_types"].values()) == 25


@pytest.mark.parametrize(
    ("params", "locations"),
    [
        ({}, {"Velyka Pysarivka", "Bamako", "Zurmi", "Kidal"}),
        ({"event_type": "Protests"}, {"Bamako"}),
        ({"event_type": ["Protests", "Battles"]}, {"Bamako", "Kidal"}),
        ({"sub_event_type": "Abduction/forced disappearance"}, {"Zurmi"}),
        ({"date_from": "2024-06-10", "date_to": "2024-06-20"}, {"Bamako", "Zurmi"}),
        ({"country": "Mali"}, {"Bamako", "Kidal"}),
        ({"admin1": "kidal"}, {"Kidal"}),
        ({"actor": "civilians (ukr"}, {"Velyka Pysarivka"}),
        ({"q": "pysarivka"}, {"Velyka Pysarivka"}),
        ({"q": "100%_"}, set()),  # LIKE wildcards are plain text
        ({"fatalities_min": 2}, {"Velyka Pysarivka", "Kidal"}),
        ({"claim_status": "claimed"}, {"Zurmi"}),
        ({"review_status": "unreviewed"}, {"Velyka Pysarivka", "Bamako", "Zurmi", "Kidal"}),
        ({"review_status": "rejected"}, set()),
    ],
)
def test_event_filters(reader, params, locations):
    page = reader.get("/api/events", params=params).json()
    assert {e["location"] for e in page["items"]} == locations
    assert page["total"] == len(locations)


def test_sorting_and_paging(reader):
    asc = reader.get("/api/events", params={"sort": "fatalities", "order": "asc"}).json()["items"]
    assert [e["fatalities"] for e in asc] == [0, 0, 2, 12]
    desc = reader.get("/api/events", params={"sort": "event_date", "order": "desc"}).json()
    assert [e["location"] for e in desc["items"]][:2] == ["Kidal", "Zurmi"]
    p2 = reader.get("/api/events", params={"page": 2, "page_size": 3}).json()
    assert (p2["total"], p2["page"], len(p2["items"])) == (4, 2, 1)
    beyond = reader.get("/api/events", params={"page": 9}).json()
    assert beyond["items"] == [] and beyond["total"] == 4


def test_timeline_aggregates_per_day_and_type(reader):
    tl = reader.get("/api/timeline").json()
    assert tl["days"] == ["2024-06-03", "2024-06-10", "2024-06-20", "2024-06-28"]
    row = tl["counts"][tl["days"].index("2024-06-28")]
    assert row[tl["types"].index("Battles")] == 1 and sum(row) == 1
    only = reader.get("/api/timeline", params={"country": "Mali"}).json()
    assert only["days"] == ["2024-06-10", "2024-06-28"]


def test_map_points_grid_and_bbox(client, monkeypatch):
    pts = client.get("/api/map", params={"zoom": 3}).json()
    assert pts["mode"] == "points" and pts["total"] == 4
    assert len(pts["ids"]) == len(pts["lat"]) == len(pts["lon"]) == len(pts["type"]) == 4
    assert pts["bounds"] == [[12.65, -8.0], [50.43, 35.48]]
    africa = client.get("/api/map", params={"bbox": "-20,0,20,30"}).json()
    assert africa["total"] == 3 and africa["located"] == 4
    wrap = client.get("/api/map", params={"bbox": "170,-90,-170,90"}).json()
    assert wrap["total"] == 0  # antimeridian box holds none of the four
    monkeypatch.setattr(queries, "MAX_POINTS", 1)
    grid = client.get("/api/map", params={"zoom": 1}).json()
    assert grid["mode"] == "grid"
    assert sum(c[2] for c in grid["cells"]) == 4


def test_suggest(reader):
    assert reader.get("/api/suggest", params={"field": "actor", "q": "mali"}).json() == {
        "values": ["Military Forces of Mali (2021-)", "Protesters (Mali)"]
    }
    assert "Zamfara" in reader.get("/api/suggest", params={"field": "admin1"}).json()["values"]


def test_event_detail_has_evidence_documents_claims(reader):
    ev = event_at(reader, "Zurmi")
    d = reader.get(f"/api/events/{ev['event_id']}").json()
    assert d["event"]["sub_event_type"] == "Abduction/forced disappearance"
    (doc,) = d["documents"]
    for e in d["evidence"]:
        assert doc["text"][e["start"] : e["end"]] == e["text"]
    assert {e["field"] for e in d["evidence"]} == {"sub_event_type", "location", "actor1"}
    assert any(c["status"] == "claimed" for c in d["claims"])
    assert d["reports"][0]["source"] == "Northern Ledger"
    assert d["reviews"] == []
    assert reader.get("/api/events/nope").status_code == 404
    assert reader.get(f"/api/events/{'x' * 300}").status_code == 422
    assert reader.get("/api/events/nope/reviews").status_code == 404


# -- bad input: clear 4xx, never 500 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("/api/events", {"date_from": "2024-13-01"}, "date_from"),
        ("/api/events", {"date_from": "yesterday"}, "date_from"),
        ("/api/events", {"date_from": "2024-07-01", "date_to": "2024-06-01"}, "swap"),
        ("/api/events", {"event_type": "Skirmish"}, "event_type"),
        ("/api/events", {"sub_event_type": "Battles"}, "sub_event_type"),
        ("/api/events", {"claim_status": "maybe"}, "claim_status"),
        ("/api/events", {"review_status": "done"}, "review_status"),
        ("/api/events", {"fatalities_min": -1}, "fatalities_min"),
        ("/api/events", {"fatalities_min": "many"}, "fatalities_min"),
        ("/api/events", {"page": 0}, "page"),
        ("/api/events", {"page_size": 100000}, "page_size"),
        ("/api/events", {"sort": "notes; DROP TABLE events"}, "sort"),
        ("/api/events", {"order": "sideways"}, "order"),
        ("/api/events", {"q": "x" * 201}, "q"),
        ("/api/events", {"q": ""}, "q"),
        ("/api/events", {"colour": "red"}, "colour"),
        ("/api/map", {"zoom": 99}, "zoom"),
        ("/api/map", {"bbox": "1,2,3"}, "bbox"),
        ("/api/map", {"bbox": "a,b,c,d"}, "bbox"),
        ("/api/map", {"bbox": "0,80,10,10"}, "bbox"),
        ("/api/timeline", {"date_to": "2024-02-30"}, "date_to"),
        ("/api/suggest", {"field": "password"}, "field"),
        ("/api/suggest", {"field": "actor", "limit": 0}, "limit"),
        ("/api/reviews", {"limit": 10**6}, "limit"),
        ("/api/export/acled.csv", {"event_type": "Nope"}, "event_type"),
        ("/api/export/events.geojson", {"date_from": "x"}, "date_from"),
    ],
)
def test_bad_parameters_get_a_clear_422(reader, path, params, words):
    r = reader.get(path, params=params)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


# -- reviews and tokens -------------------------------------------------------------------------------


def test_writes_need_a_valid_token(client, token):
    eid = event_at(client, "Kidal")["event_id"]
    url = f"/api/events/{eid}/review"
    body = {"action": "accept"}
    r = client.post(url, json=body)
    assert r.status_code == 401 and "token create" in r.json()["detail"]
    assert client.post(url, json=body, headers=auth("not-a-token")).status_code == 403
    assert client.post(url, json=body, headers={"Authorization": "Basic YTpi"}).status_code == 403
    assert client.post(url, json=body, headers=auth(token[:-1])).status_code == 403
    assert client.post(url, json=body, headers=auth(token)).status_code == 200


def test_token_is_stored_only_as_its_hash(app, token):
    rows = app.state.store.con.execute("SELECT name, sha256 FROM tokens").fetchall()
    assert rows == [("ana", digest(token))]
    assert token not in json.dumps(rows)
    cur = app.state.store.con.cursor()
    assert verify_token(cur, token) == "ana"
    assert verify_token(cur, token + "x") is None
    with pytest.raises(ValueError, match="--rotate"):
        create_token(cur, "ana")
    with pytest.raises(ValueError, match="bad token name"):
        create_token(cur, "a b")


def test_edit_is_audited_and_exported(client, token):
    eid = event_at(client, "Kidal")["event_id"]
    r = client.post(f"/api/events/{eid}/review", headers=auth(token),
                    json={"action": "edit", "changes": {"fatalities": 10, "actor2": "JNIM (Mali)"}})  # fmt: skip
    assert r.status_code == 200, r.text
    d = r.json()
    assert d["event"]["fatalities"] == 10 and d["original"]["fatalities"] == 12
    audit = {(a["who"], a["action"], a["field"], a["old"], a["new"]) for a in d["reviews"]}
    assert audit == {("ana", "edit", "fatalities", "12", "10"),
                     ("ana", "edit", "actor2", "JNIM", "JNIM (Mali)")}  # fmt: skip
    assert all(a["when"] for a in d["reviews"])
    assert client.get(f"/api/events/{eid}/reviews").json()[0]["who"] == "ana"
    assert len(client.get("/api/reviews").json()) == 2
    # Filters and exports see the reviewed value.
    assert client.get("/api/events", params={"review_status": "edited"}).json()["total"] == 1
    assert client.get("/api/events", params={"fatalities_min": 11}).json()["total"] == 0
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled.csv").text)))
    kidal = next(r for r in rows if r["location"] == "Kidal")
    assert (kidal["fatalities"], kidal["actor2"]) == ("10", "JNIM (Mali)")


def test_reject_hides_from_views_and_exports_and_accept_restores(client, token):
    eid = event_at(client, "Bamako")["event_id"]
    url = f"/api/events/{eid}/review"
    r = client.post(url, json={"action": "reject"}, headers=auth(token))
    assert r.json()["event"]["review_status"] == "rejected"
    assert client.get("/api/events").json()["total"] == 3
    rejected = client.get("/api/events", params={"review_status": "rejected"}).json()
    assert [e["event_id"] for e in rejected["items"]] == [eid]
    assert "Bamako" not in client.get("/api/export/acled.csv").text
    assert client.get("/api/export/acled.csv", params={"review_status": "rejected"}).text.count("\n") == 1
    assert client.get("/api/meta").json()["rejected"] == 1
    r = client.post(url, json={"action": "accept"}, headers=auth(token))
    assert r.json()["event"]["review_status"] == "accepted"
    last = r.json()["reviews"][0]
    assert (last["action"], last["old"], last["new"]) == ("accept", "reject", "accept")
    assert client.get("/api/events", params={"review_status": "accepted"}).json()["total"] == 1


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"action": "approve"}, 422, "action"),
        ({"action": "edit"}, 422, "changes"),
        ({"action": "edit", "changes": {"event_id": "x"}}, 422, "cannot edit"),
        ({"action": "edit", "changes": {"password": "x"}}, 422, "cannot edit"),
        ({"action": "edit", "changes": {"event_date": "31/06/2024"}}, 422, "event_date"),
        ({"action": "edit", "changes": {"fatalities": -3}}, 422, "fatalities"),
        ({"action": "edit", "changes": {"fatalities": "lots"}}, 422, "fatalities"),
        ({"action": "edit", "changes": {"latitude": 123}}, 422, "latitude"),
        ({"action": "edit", "changes": {"event_type": "Skirmish"}}, 422, "event_type"),
        ({"action": "edit", "changes": {"sub_event_type": "Peaceful protest"}}, 422, "belongs to"),
        ({"action": "edit", "changes": {"claim_status": "rumoured"}}, 422, "claim_status"),
        ({"action": "edit", "changes": {"notes": "n" * 5000}}, 422, "2000"),
        ({"action": "edit", "changes": {"fatalities": 12}}, 422, "nothing changed"),
        ({"action": "accept", "extra": 1}, 422, "extra"),
        ({"action": "edit", "changes": {"notes": {"nested": 1}}}, 422, "changes"),
    ],
)
def test_bad_review_bodies(client, token, body, status, words):
    eid = event_at(client, "Kidal")["event_id"]
    r = client.post(f"/api/events/{eid}/review", json=body, headers=auth(token))
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]
    assert client.get(f"/api/events/{eid}/reviews").json() == []


@pytest.mark.parametrize("number", [b"1e400", b"2.5", b"-1e400"])
def test_a_whole_number_field_refuses_fractions_and_infinity(client, token, number):
    eid = event_at(client, "Kidal")["event_id"]
    body = b'{"action": "edit", "changes": {"fatalities": ' + number + b"}}"
    r = client.post(f"/api/events/{eid}/review", content=body,
                    headers={**auth(token), "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 422, r.text
    assert "fatalities" in r.json()["detail"] and "whole number" in r.json()["detail"]
    assert client.get(f"/api/events/{eid}/reviews").json() == []


def test_review_of_unknown_event_and_broken_json(client, token):
    assert client.post("/api/events/nope/review", json={"action": "accept"},
                       headers=auth(token)).status_code == 404  # fmt: skip
    r = client.post(f"/api/events/{event_at(client, 'Kidal')['event_id']}/review",
                    content=b"{not json", headers={**auth(token), "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 422


def test_read_only_store_refuses_reviews(db):
    with Store(db) as s:
        tok = create_token(s.con, "ro")
    app = create_app(db, read_only=True)
    with TestClient(app, base_url="http://127.0.0.1", client=LOOPBACK) as c:
        eid = c.get("/api/events").json()["items"][0]["event_id"]
        r = c.post(f"/api/events/{eid}/review", json={"action": "accept"}, headers=auth(tok))
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        assert c.get("/api/health").json()["read_only"] is True
        # Without the in-memory snapshot the filters read the store's view: same answers.
        for params, n in (({"q": "pysarivka"}, 1), ({"q": "100%_"}, 0), ({"actor": "mali"}, 2),
                          ({"review_status": "rejected"}, 0), ({"country": "Mali"}, 2)):  # fmt: skip
            assert c.get("/api/events", params=params).json()["total"] == n, params
        assert c.get(f"/api/events/{eid}").json()["event"]["event_id"] == eid
        assert c.get("/api/meta").json()["total"] == 4
        assert len(c.get("/api/timeline").json()["days"]) == 4
        assert c.get("/api/map").json()["total"] == 4


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="frontwire ingest"):
        create_app(tmp_path / "none.duckdb")


# -- limits, hosts, headers, static files --------------------------------------------------------------


def test_oversized_bodies_get_413(client, token):
    eid = event_at(client, "Kidal")["event_id"]
    big = json.dumps({"action": "edit", "changes": {"notes": "x" * 70_000}}).encode()
    r = client.post(f"/api/events/{eid}/review", content=big,
                    headers={**auth(token), "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 413 and "65536" in r.json()["detail"]

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(40):
            yield b"x" * 4096

    r = client.post(f"/api/events/{eid}/review", content=chunks(),
                    headers={**auth(token), "Content-Type": "application/json"})  # fmt: skip
    assert r.status_code == 413
    assert client.get(f"/api/events/{eid}/reviews").json() == []


def test_other_clients_need_a_token_even_to_read(app, token):
    with TestClient(app, base_url="http://127.0.0.1", client=("192.0.2.7", 5000)) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/events", headers=auth("wrong")).status_code == 403
        assert c.get("/api/events", headers=auth(token)).status_code == 200


def test_foreign_host_header_is_refused(reader):
    r = reader.get("/api/meta", headers={"Host": "attacker.example"})
    assert r.status_code == 400 and "Host" in r.json()["detail"]
    assert reader.get("/api/meta", headers={"Host": "localhost:8000"}).status_code == 200
    assert reader.get("/api/meta", headers={"Host": "[::1]:8000"}).status_code == 200


def test_security_headers_and_no_cors(reader):
    r = reader.get("/api/meta", headers={"Origin": "http://attacker.example"})
    assert "access-control-allow-origin" not in r.headers
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "http" not in csp and "*" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    pre = reader.options("/api/events", headers={"Origin": "http://attacker.example",
                                                 "Access-Control-Request-Method": "GET"})  # fmt: skip
    assert "access-control-allow-origin" not in pre.headers


def test_openapi_documents_the_api_and_no_cdn_docs(reader):
    spec = reader.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/events/{event_id}/review", "/api/map",
            "/api/timeline", "/api/export/acled.csv", "/api/export/events.geojson"} <= set(spec["paths"])  # fmt: skip
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"date_from", "event_type", "page_size", "sort"} <= params
    assert reader.get("/docs").status_code == 404


def test_index_page(reader):
    r = reader.get("/")
    assert r.status_code in (200, 503)  # 503 explains how to build the front-end
    assert "text/html" in r.headers["content-type"]
    assert "content-security-policy" in r.headers


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/..%5c..%5c..%5cetc%5cpasswd",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/....//....//etc/passwd",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
    ],
)
def test_static_route_blocks_traversal(reader, path):
    r = reader.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "root:" not in r.text and "create_app" not in r.text


def test_static_traversal_with_a_raw_path(app):
    """httpx normalises '..' away, so also send the raw path straight to the ASGI app."""

    async def call(raw: bytes) -> tuple[int, bytes]:
        path = raw.decode()
        scope = {"type": "http", "http_version": "1.1", "method": "GET", "scheme": "http",
                 "path": path, "raw_path": raw, "query_string": b"", "root_path": "",
                 "headers": [(b"host", b"127.0.0.1")], "client": LOOPBACK,
                 "server": ("127.0.0.1", 80)}  # fmt: skip
        sent: list[dict] = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(msg):
            sent.append(msg)

        await app(scope, receive, send)
        status = next(m["status"] for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return status, body

    for raw in (b"/static/../../../../etc/passwd", b"/static/../app.py", b"/static/./../auth.py"):
        status, body = asyncio.run(call(raw))
        assert status in (400, 404), raw
        assert b"root:" not in body and b"import" not in body


# -- exports -------------------------------------------------------------------------------------------


def test_csv_export_is_filtered_acled_and_formula_safe(reader):
    r = reader.get("/api/export/acled.csv", params={"country": "Nigeria"})
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 1
    assert rows[0]["event_type"] == "Violence against civilians"
    assert rows[0]["notes"].startswith("'=HYPERLINK")
    assert list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]


def test_geojson_export(reader):
    r = reader.get("/api/export/events.geojson", params={"event_type": "Battles"})
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 1
    feat = fc["features"][0]
    assert feat["geometry"] == {"type": "Point", "coordinates": [1.41, 18.44]}
    assert feat["properties"]["location"] == "Kidal"


# -- command line -----------------------------------------------------------------------------------


def test_token_create_cli_prints_once_and_stores_hash(db):
    from typer.testing import CliRunner

    from frontwire.cli import app as cli

    r = CliRunner().invoke(cli, ["token", "create", "ben", "--db", str(db)])
    assert r.exit_code == 0, r.output
    token = r.stdout.strip().splitlines()[0]
    assert len(token) >= 40
    with Store(db, read_only=True) as s:
        assert s.query("SELECT sha256 FROM tokens WHERE name = 'ben'")[1] == [(digest(token),)]
    again = CliRunner().invoke(cli, ["token", "create", "ben", "--db", str(db)])
    assert again.exit_code == 2
    missing = CliRunner().invoke(cli, ["token", "create", "ben", "--db", str(db) + ".nope"])
    assert missing.exit_code == 2


def test_serve_cli_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from frontwire.cli import app as cli

    r = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb"), "--port", "1"])
    assert r.exit_code == 2 and "frontwire ingest" in r.output


@pytest.mark.parametrize(("sort", "order"), [('event_date" ; DROP TABLE events; --', "asc"),
                                             ("event_date", "asc; SELECT 1")])  # fmt: skip
def test_events_page_checks_its_sort_itself(base_db, sort, order):
    """The sort column is SQL text: the query refuses one the API did not validate (no assert)."""
    from frontwire.serve.filters import Filters

    with Store(base_db, read_only=True) as s, pytest.raises(ValueError, match="sort must be one of"):
        queries.events_page(s.con, Filters(), sort, order, 1, 10)
