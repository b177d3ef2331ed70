"""Corpus runs: idempotent ingest, surviving SIGKILL, bad inputs logged, workers and Dask give the
same store as one process.

The pipeline here is a tiny stand-in (``Fake``) that reads the test articles' fixed wording, so these
tests exercise the run (batching, transactions, scale-out), not the NLP; it is importable by name
(``test_corpus:Fake``) so worker processes can build it like the real one.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from frontwire.corpus import ingest, process_batch
from frontwire.records import Document, Event, Evidence
from frontwire.store import Store

HERE = Path(__file__).parent
FAKE = "test_corpus:Fake"
TOWNS = {"Avdiivka": (48.139, 37.749, "Donetsk"), "Chuhuiv": (49.836, 36.686, "Kharkiv"),
         "Kupiansk": (49.711, 37.616, "Kharkiv"), "Nikopol": (47.567, 34.396, "Dnipropetrovsk")}  # fmt: skip
PATTERN = re.compile(r"Shelling hit (\w+) on (\d{4}-\d\d-\d\d), killing (\d+)")


class Fake:
    """Reads 'Shelling hit TOWN on DATE, killing N' (one event); logs its pid when built."""

    def __init__(self, model: str | None = None) -> None:
        self.delay = float(os.environ.get("FAKE_DELAY", "0"))
        log = os.environ.get("FAKE_LOG")
        if log:
            with open(log, "a") as fh:
                fh.write(f"init {os.getpid()}\n")

    def process(self, docs):
        log = os.environ.get("FAKE_LOG")
        for doc in docs:
            if "EXPLODE" in doc.text:
                raise RuntimeError("cannot parse this one")
            time.sleep(self.delay)
            if log:
                with open(log, "a") as fh:
                    fh.write("doc\n")
            m = PATTERN.search(doc.text)
            if not m:
                yield doc, []
                continue
            town, day, n = m.group(1), date.fromisoformat(m.group(2)), int(m.group(3))
            lat, lon, admin1 = TOWNS[town]
            yield doc, [Event(
                event_id=f"{doc.id}-0", document_id=doc.id, event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack", event_date=day,
                actor1="Military Forces of Russia (2000-)", inter1=8, country="Ukraine",
                iso3="UKR", admin1=admin1, location=town, latitude=lat, longitude=lon,
                geo_precision=1, fatalities=n, fatalities_low=n, fatalities_high=n,
                evidence=[Evidence("fatalities", m.start(3), m.end(3), m.group(3), "fake")],
            )]  # fmt: skip


def write_corpus(folder: Path, n: int) -> list[Path]:
    """n articles: 3 papers per incident, incidents on different towns/days."""
    folder.mkdir(parents=True, exist_ok=True)
    papers = ["Kyiv Ledger", "Steppe Courier", "Dnipro Daily"]
    paths = []
    for i in range(n):
        incident, paper = divmod(i, 3)
        town = list(TOWNS)[incident % len(TOWNS)]
        day = date(2023, 1, 1 + incident // len(TOWNS))
        text = (f"{papers[paper]} reports. Shelling hit {town} on {day.isoformat()}, killing "
                f"{1 + paper} people, the regional governor said. Story {i}.")  # fmt: skip
        p = folder / f"a{i:03d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def snapshot(db: Path) -> dict:
    """Everything that must be identical between runs (not timestamps)."""
    with Store(db, read_only=True) as s:
        q = lambda sql: sorted(s.query(sql)[1])  # noqa: E731
        return {
            "documents": q("SELECT id, n_events FROM documents"),
            "reports": q("SELECT event_id, fused_id FROM reports"),
            "events": q("SELECT event_id, event_date, location, fatalities, fatalities_low, "
                        "fatalities_high, source_count FROM events"),  # fmt: skip
            "claims": q("SELECT event_id, report_id, field, value FROM claims"),
        }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    write_corpus(folder, 24)
    return folder


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    stats = ingest([str(corpus)], str(db), pipeline=FAKE, batch_size=5, progress=False)
    assert (stats.read, stats.added, stats.events) == (24, 24, 24)
    return snapshot(db)


def test_reference_run_fuses_three_papers_per_incident(reference):
    assert len(reference["events"]) == 8
    assert {e[-1] for e in reference["events"]} == {3}
    # ACLED's conservative count: the lowest of 1, 2 and 3.
    assert {(e[3], e[4], e[5]) for e in reference["events"]} == {(1, 1, 3)}


def test_rerun_skips_and_other_order_gives_identical_store(corpus, reference, tmp_path):
    db = tmp_path / "o.duckdb"
    files = sorted(corpus.iterdir(), reverse=True)
    ingest([str(f) for f in files], str(db), pipeline=FAKE, batch_size=7, progress=False)
    again = ingest([str(corpus)], str(db), pipeline=FAKE, progress=False)
    assert (again.added, again.skipped, again.events) == (0, 24, 0)
    assert snapshot(db) == reference


def test_sigkill_then_rerun_stores_every_document_once(corpus, reference, tmp_path):
    db, log = tmp_path / "k.duckdb", tmp_path / "fake.log"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
               FAKE_DELAY="0.05", FAKE_LOG=str(log))  # fmt: skip
    cmd = [sys.executable, "-m", "frontwire.cli", "ingest", str(corpus), "--db", str(db),
           "--pipeline", FAKE, "--batch-size", "2", "--quiet"]  # fmt: skip
    for kill_after in (5, 13):  # kill twice, at different points
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            done = log.read_text().count("doc") if log.exists() else 0
            if done >= kill_after:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        log.unlink()
        with Store(db) as s:  # opens (recovers its WAL) and holds whole documents only
            q = lambda sql: s.query(sql)[1]  # noqa: E731
            n_docs = q("SELECT count(*) FROM documents")[0][0]
            assert 0 < n_docs < 24
            assert q("SELECT count(*) FROM documents d WHERE n_events <> "
                     "(SELECT count(*) FROM reports r WHERE r.document_id = d.id)") == [(0,)]  # fmt: skip
            assert q("SELECT count(*) FROM reports WHERE fused_id IS NULL") == [(0,)]
    ingest([str(corpus)], str(db), pipeline=FAKE, progress=False)
    with Store(db, read_only=True) as s:
        assert s.query("SELECT count(*), count(DISTINCT id), count(DISTINCT origin) FROM documents")[1] == [(24, 24, 24)]
    assert snapshot(db) == reference


def test_bad_inputs_are_logged_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 3)
    (folder / "big.txt").write_text("Shelling hit Avdiivka on 2023-01-01, killing 1. " + "x" * 5000)
    (folder / "broken.rss").write_text("<rss><channel><item><title>unclosed")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (folder / "crash.txt").write_text("EXPLODE: a text the pipeline cannot handle.")
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/a\r\n"
            b"WARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: 5000\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>cut")  # fmt: skip
    (folder / "cut.warc.gz").write_bytes(gzip.compress(warc))
    db = tmp_path / "b.duckdb"
    stats = ingest([str(folder)], str(db), pipeline=FAKE, progress=False, max_bytes=2000)
    assert stats.added >= 3
    with Store(db, read_only=True) as s:
        rows = s.query("SELECT source, kind, reason FROM failures ORDER BY source")[1]
    failed = {Path(r[0].split("#")[0]).name: r[1] for r in rows}
    assert {"big.txt", "broken.rss", "bin.txt", "crash.txt", "cut.warc.gz"} <= set(failed)
    assert failed["crash.txt"] == "pipeline" and failed["big.txt"] == "too_large"
    assert all(r[2] for r in rows)  # every failure says why


def test_a_failing_document_does_not_sink_its_batch():
    good = Document.from_text("Shelling hit Nikopol on 2023-02-02, killing 2 people.", url="g")
    bad = Document.from_text("EXPLODE", url="b")
    out = process_batch([good, bad], FAKE)
    assert out[0][0] == good and len(out[0][1]) == 1
    assert out[1].kind == "pipeline" and out[1].source == "b"


def test_local_workers_match_single_process(corpus, reference, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(HERE))
    db = tmp_path / "w.duckdb"
    ingest([str(corpus)], str(db), pipeline=FAKE, workers=2, batch_size=3, progress=False)
    assert snapshot(db) == reference


def test_dask_cluster_matches_single_process_and_loads_once_per_worker(corpus, reference, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    log = tmp_path / "dask.log"
    monkeypatch.setenv("PYTHONPATH", str(HERE))
    monkeypatch.setenv("FAKE_LOG", str(log))
    db = tmp_path / "d.duckdb"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:  # fmt: skip
        ingest([str(corpus)], str(db), pipeline=FAKE, scheduler=client, batch_size=3, progress=False)
    assert snapshot(db) == reference
    inits = [line for line in log.read_text().splitlines() if line.startswith("init")]
    assert len(inits) == len(set(inits)) and 1 <= len(inits) <= 2  # one pipeline per worker process


def test_cli_ingest_query_stats_export(corpus, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(HERE))
    db = tmp_path / "c.duckdb"

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "frontwire.cli", *args], env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    r = run("ingest", str(corpus), "--db", str(db), "--pipeline", FAKE, "-q")
    assert r.returncode == 0, r.stderr
    assert "24 added" in r.stderr
    r = run("query", "SELECT count(*) AS n FROM events", "--db", str(db), "-f", "csv")
    assert r.stdout.split() == ["n", "8"]
    r = run("query", "DROP TABLE events", "--db", str(db))
    assert r.returncode == 2 and "read-only" in r.stderr.lower()
    r = run("stats", "--db", str(db), "--json")
    assert '"events": 8' in r.stdout
    out = tmp_path / "out" / "events.csv"
    r = run("export", "--format", "acled-csv", "--db", str(db), "--out", str(out),
            "--where", "location = 'Chuhuiv'")  # fmt: skip
    assert r.returncode == 0, r.stderr
    lines = out.read_text().splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year") and len(lines) == 3


def test_edited_file_replaces_its_old_version(tmp_path):
    folder = tmp_path / "in"
    paths = write_corpus(folder, 3)
    db = tmp_path / "e.duckdb"
    ingest([str(folder)], str(db), pipeline=FAKE, progress=False)
    paths[0].write_text("Correction. Shelling hit Nikopol on 2023-01-05, killing 1 person.", encoding="utf-8")
    stats = ingest([str(folder)], str(db), pipeline=FAKE, progress=False)
    assert (stats.added, stats.replaced, stats.skipped) == (1, 1, 2)
    with Store(db, read_only=True) as s:
        assert s.query("SELECT count(*) FROM documents")[1] == [(3,)]
        rows = s.query("SELECT location, source_count FROM events ORDER BY location")[1]
    assert rows == [("Avdiivka", 2), ("Nikopol", 1)]


def test_readme_flow_on_the_examples_with_the_real_pipeline(pipeline, tmp_path, monkeypatch):
    """`frontwire ingest examples/` then ACLED CSV and GeoJSON exports (the README's main job)."""
    import csv
    import io
    import json

    from frontwire import corpus as corpus_mod
    from frontwire.export import ACLED_COLUMNS, export_store

    monkeypatch.setitem(corpus_mod._PIPELINES, (corpus_mod.DEFAULT_PIPELINE, None), pipeline)
    db = tmp_path / "frontwire.duckdb"
    stats = ingest([str(HERE.parent / "examples")], str(db), progress=False)
    assert stats.added >= 5 and stats.events > 0
    with Store(db, read_only=True) as s:
        out = io.StringIO()
        n = export_store(s, out, "acled-csv")
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        geo = io.StringIO()
        export_store(s, geo, "geojson")
        n_sources = s.query("SELECT count(*) FROM event_sources")[1][0][0]
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) == n > 0
    assert all(r["event_date"] and r["sub_event_type"] and r["source"] for r in rows)
    assert len(json.loads(geo.getvalue())["features"]) == n
    assert n_sources == stats.events  # every extracted event is a source of exactly one fused event


def test_an_unreachable_scheduler_is_a_message_not_a_traceback(corpus, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from typer.testing import CliRunner

    from frontwire import corpus as corpus_mod
    from frontwire.cli import app

    monkeypatch.setattr(corpus_mod, "SCHEDULER_TIMEOUT_S", 1)
    with pytest.raises(corpus_mod.SchedulerError, match="dask scheduler"):
        ingest([str(corpus)], str(tmp_path / "u.duckdb"), pipeline=FAKE, scheduler="tcp://127.0.0.1:9", progress=False)
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "v.duckdb"),
                                      "--scheduler", "tcp://127.0.0.1:9", "--quiet"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output and "Traceback" not in result.output
