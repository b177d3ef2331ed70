"""Export formats: extract output, ACLED CSV, GeoJSON, Parquet; formula-safe cells; safe --where."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from frontwire.export import ACLED_COLUMNS, export_store, safe_cell, write_events
from frontwire.records import Document, Event, Evidence
from frontwire.store import Store, StoreError


def event(notes: str = "On 2 May 2024, JNIM attacked a convoy near Djibo.", **kw) -> Event:
    fields = dict(
        event_id="e1", document_id="d1", event_type="Battles", sub_event_type="Armed clash",
        event_date=date(2024, 5, 2), actor1="JNIM: Group for Support of Islam and Muslims", inter1=2,
        actor2="Military Forces of Burkina Faso (2022-)", inter2=1, interaction=12,
        country="Burkina Faso", iso3="BFA", admin1="Sahel", admin2="Soum", location="Djibo",
        latitude=14.1, longitude=-1.63, geo_precision=1, fatalities=4, fatalities_low=4,
        fatalities_high=4, notes=notes,
        evidence=[Evidence("sub_event_type", 0, 8, "attacked", "trigger:attack")],
    )  # fmt: skip
    fields.update(kw)
    return Event(**fields)


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_triggers_are_quoted(text):
    assert safe_cell(text, "notes") == "'" + text


def test_numbers_stay_numbers_in_numeric_columns():
    assert safe_cell(-1.63, "longitude") == -1.63
    assert safe_cell("-1.63", "longitude") == "-1.63"
    assert safe_cell("-1+1", "longitude") == "'-1+1"
    assert safe_cell("Djibo", "location") == "Djibo"


def test_extract_formats():
    evs = [event(), event(event_id="e2", notes="=HYPERLINK(\"http://x\")", actor1="@evil")]
    buf = io.StringIO()
    assert write_events(evs, buf, "jsonl") == 2
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert lines[0]["event_date"] == "2024-05-02" and lines[0]["evidence"][0]["text"] == "attacked"
    buf = io.StringIO()
    write_events(evs, buf, "json")
    assert [e["event_id"] for e in json.loads(buf.getvalue())] == ["e1", "e2"]
    buf = io.StringIO()
    write_events(evs, buf, "csv")
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert rows[1]["notes"].startswith("'=") and rows[1]["actor1"] == "'@evil"
    assert rows[0]["longitude"] == "-1.63"
    assert json.loads(rows[0]["evidence"])[0]["rule"] == "trigger:attack"
    buf = io.StringIO()
    write_events(evs, buf, "table")
    assert "Djibo" in buf.getvalue() and "2 event(s)" in buf.getvalue()
    with pytest.raises(ValueError, match="jsonl"):
        write_events(evs, buf, "xml")


@pytest.fixture
def ro_store(tmp_path):
    path = tmp_path / "e.duckdb"
    with Store(path) as s:
        for k, (town, iso3, country) in enumerate(
            [("Djibo", "BFA", "Burkina Faso"), ("Gao", "MLI", "Mali")]
        ):
            text = f"Report {k} about {town}."
            doc = Document.from_text(text, url=f"https://x/{k}", source="=cmd|' /C calc'!A0")
            ev = event(event_id=f"{doc.id}-0", document_id=doc.id, location=town, iso3=iso3,
                       country=country, notes="-5 soldiers, said the army")  # fmt: skip
            s.add_batch([(doc, [ev])])
    s = Store(path, read_only=True)
    yield s
    s.close()


def test_acled_csv_layout_and_safety(ro_store):
    buf = io.StringIO()
    assert export_store(ro_store, buf, "acled-csv") == 2
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == ACLED_COLUMNS
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["event_date"] == "2024-05-02" and first["year"] == "2024"
    assert first["iso"] == "854" and first["region"] == "Western Africa"
    assert first["disorder_type"] == "Political violence"
    assert first["longitude"] == "-1.63"
    assert first["notes"].startswith("'-5") and first["source"].startswith("'=")
    for row in rows[1:]:
        assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in row)


def test_where_filters_and_cannot_write(ro_store):
    buf = io.StringIO()
    assert export_store(ro_store, buf, "jsonl", where="country = 'Mali'") == 1
    row = json.loads(buf.getvalue())
    assert row["location"] == "Gao" and row["sources"][0]["url"].startswith("https://x/")
    for bad in ["1=1; DELETE FROM events", "1=1) UNION ALL (SELECT * FROM events_reviewed",
                "1=1 -- comment", "(SELECT count(*) FROM (DELETE FROM events RETURNING 1)) > 0"]:  # fmt: skip
        with pytest.raises(StoreError):
            export_store(ro_store, io.StringIO(), "jsonl", where=bad)
    assert ro_store.query("SELECT count(*) FROM events")[1] == [(2,)]


def test_geojson_and_parquet(ro_store, tmp_path):
    buf = io.StringIO()
    export_store(ro_store, buf, "geojson")
    fc = json.loads(buf.getvalue())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [-1.63, 14.1]}
    assert fc["features"][0]["properties"]["source_count"] == 1
    import pyarrow.parquet as pq

    out = tmp_path / "e.parquet"
    export_store(ro_store, str(out), "parquet")
    table = pq.read_table(out)
    assert table.num_rows == 2 and "sub_event_type" in table.column_names


def test_cli_export_to_a_file_leaves_nothing_behind_when_it_fails(ro_store, tmp_path):
    from typer.testing import CliRunner

    from frontwire.cli import app

    out_dir = tmp_path / "out"
    args = ["export", "--db", ro_store.path, "-o", str(out_dir / "x.csv")]
    ro_store.close()  # the CLI opens the file itself
    bad = CliRunner().invoke(app, [*args, "--where", "no_such_column = 1"])
    assert bad.exit_code == 2 and "no_such_column" in bad.output
    assert list(out_dir.iterdir()) == []
    good = CliRunner().invoke(app, args)
    assert good.exit_code == 0, good.output
    assert [p.name for p in out_dir.iterdir()] == ["x.csv"]
    assert (out_dir / "x.csv").read_text(encoding="utf-8").startswith("event_id_cnty,")


def test_cli_query_csv_is_formula_safe(ro_store):
    from typer.testing import CliRunner

    from frontwire.cli import app

    db = ro_store.path
    ro_store.close()
    sql = "SELECT source, '@SUM(A1)' AS at, -1.5 AS longitude FROM documents ORDER BY id LIMIT 1"
    r = CliRunner().invoke(app, ["query", sql, "--db", db, "-f", "csv"])
    assert r.exit_code == 0, r.output
    header, row = list(csv.reader(io.StringIO(r.stdout)))
    assert header == ["source", "at", "longitude"]
    assert row == ["'=cmd|' /C calc'!A0", "'@SUM(A1)", "-1.5"]


def test_table_output_prints_square_brackets_literally(ro_store):
    from typer.testing import CliRunner

    from frontwire.cli import app

    buf = io.StringIO()
    write_events([event(actor1="[/x] Group", location="[bold]Djibo")], buf, "table")
    assert "[/x] Group" in buf.getvalue() and "[bold]Djibo" in buf.getvalue()
    db = ro_store.path
    ro_store.close()
    r = CliRunner().invoke(app, ["query", "SELECT '[/x]' AS \"[b]\", '[red]y' AS c", "--db", db])
    assert r.exit_code == 0, r.output
    assert "[/x]" in r.stdout and "[red]y" in r.stdout and "[b]" in r.stdout
