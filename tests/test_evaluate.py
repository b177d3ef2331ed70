"""Evaluation readers and scores, on tiny gold files the tests write."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontwire.cli import app
from frontwire.evaluate import (
    CASE_LABELS,
    NO_EVENT,
    acled_document,
    evaluate_case,
    evaluate_timeml,
    haversine_km,
    primary_event,
    read_acled,
    read_case,
    read_timeml,
    score_acled,
    score_case,
)
from frontwire.records import Event
from frontwire.taxonomy import OUT_OF_SCOPE_TYPES, SUB_EVENT_TYPES
from frontwire.train import train


def write_acled_csv(path: Path, repeats: int = 3) -> Path:
    """A tiny ACLED-format export (our own notes): three types, ``repeats`` rows of each wording."""
    notes = {
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"): [
            "On {d} March 2021, artillery shelled {t}.", "On {d} March 2021, rockets and mortars hit {t}."],
        ("Protests", "Peaceful protest"): [
            "On {d} March 2021, teachers held a peaceful sit-in in {t}.", "On {d} March 2021, residents marched in {t}."],
        ("Violence against civilians", "Abduction/forced disappearance"): [
            "On {d} March 2021, gunmen kidnapped a chief in {t}.", "On {d} March 2021, armed men abducted traders near {t}."],
    }
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["event_date", "event_type", "sub_event_type", "actor1", "inter1", "admin1",
                    "latitude", "longitude", "notes", "fatalities", "timestamp"])
        for (etype, sub), templates in notes.items():
            for k, template in enumerate(templates * repeats):
                day, town = 1 + k, ["Dorvik", "Ambro", "Tessin", "Wauk"][k % 4]
                w.writerow([f"{day:02d} March 2021", etype, sub, "Rioters", 5, "North", 10.0, 20.0,
                            template.format(d=day, t=town), 0, 1616000000])
    return path

TSV = (
    "id\tEventSnippet\tSubType\n"
    "1\tArtillery shelled the town of Dorvik overnight, damaging houses.\tART_MISS_ATTACK\n"
    "2\tResidents marched peacefully in Ambro to demand clean water.\tPEACE_PROTEST\n"
    "3\tArmed men kidnapped a village chief near Tessin.\tABDUCT_DISSAP\n"
    "4\tA magnitude 6 earthquake flattened homes in the hills.\tNATURAL_DISASTER\n"
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-10" temporalFunction="false" functionInDocument="CREATION_TIME">March 10, 2021</TIMEX3></DCT>
<TEXT>
Rebels shelled the market <TIMEX3 tid="t1" type="DATE" value="2021-03-09">yesterday</TIMEX3>, officials said.
The town had been quiet since <TIMEX3 tid="t2" type="DATE" value="2021-02">February</TIMEX3>, and talks lasted <TIMEX3 tid="t3" type="DURATION" value="P3D">three days</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_case_labels_map_onto_the_taxonomy():
    assert set(CASE_LABELS.values()) == set(SUB_EVENT_TYPES) | set(OUT_OF_SCOPE_TYPES)


def test_read_case_maps_labels_and_refuses_unknown(tmp_path):
    p = tmp_path / "case.tsv"
    p.write_text(TSV)
    rows = read_case(p)
    assert rows[0] == ("1", "Artillery shelled the town of Dorvik overnight, damaging houses.",
                       "Shelling/artillery/missile attack")
    assert rows[3][2] == "Natural disaster"
    assert len(read_case(p, limit=2)) == 2
    p.write_text(TSV + "5\tsomething\tNOT_A_LABEL\n")
    with pytest.raises(ValueError, match="NOT_A_LABEL"):
        read_case(p)


def test_score_case_splits_acled_and_all_labels(tmp_path):
    p = tmp_path / "case.tsv"
    p.write_text(TSV)
    rows = read_case(p)
    pred = ["Shelling/artillery/missile attack", "Peaceful protest", "Attack", NO_EVENT]
    rep = score_case(rows, pred, "case.tsv", "test")
    assert rep.acled["n"] == 3 and rep.all_labels["n"] == 4
    assert rep.acled["accuracy"] == pytest.approx(2 / 3)
    assert rep.all_labels["accuracy"] == pytest.approx(0.5)
    assert rep.acled["weighted_f1"] == pytest.approx(2 / 3)  # two right with F1 1, one wrong with F1 0
    assert "25 ACLED types" in rep.table()


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("evalmodel")
    out = d / "model.json.gz"
    train(write_acled_csv(d / "coded.csv"), out, test_size=0.25, seed=2, synthetic=True)
    return out


def test_evaluate_case_with_model_and_cli_json(tmp_path, model_path):
    p = tmp_path / "case.tsv"
    p.write_text(TSV)
    rep = evaluate_case(p, model=model_path)
    assert rep.method.startswith("classifier")
    assert [g == q for _, g, q in rep.predictions] == [True, True, True, True]
    result = CliRunner().invoke(app, ["eval", "--case", str(p), "--model", str(model_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["all_labels"]["accuracy"] == 1.0


def test_read_timeml_offsets_match_text(tmp_path):
    p = tmp_path / "doc.tml"
    p.write_text(TML)
    text, dct, gold = read_timeml(p)
    assert dct == date(2021, 3, 10)
    assert [g.text for g in gold] == ["yesterday", "February", "three days"]
    assert all(text[g.start : g.end] == g.text for g in gold)
    assert [g.type for g in gold] == ["DATE", "DATE", "DURATION"]


def test_evaluate_timeml_scores_detection_and_date_values(tmp_path):
    (tmp_path / "doc.tml").write_text(TML)
    rep = evaluate_timeml(tmp_path)
    d = rep.to_dict()
    assert rep.documents == 1 and rep.gold == 3 and rep.gold_date == 2
    assert rep.date_matched == 2 and rep.date_value_correct == 2  # yesterday -> 2021-03-09, February -> 2021-02
    assert 0 < d["precision"] <= 1 and d["recall"] >= 2 / 3
    with pytest.raises(ValueError, match="no such file"):
        evaluate_timeml(tmp_path / "nothing-here")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no .tml"):
        evaluate_timeml(tmp_path / "empty")


def _event(**kw) -> Event:
    base = {"event_id": "e", "document_id": "d", "event_type": "Protests", "sub_event_type": "Peaceful protest"}
    return Event(**{**base, **kw})


def test_score_acled_per_field_and_location(tmp_path):
    rows = read_acled(write_acled_csv(tmp_path / "coded.csv", repeats=1))[:3]
    shelling = rows[0]  # 'Explosions/Remote violence' row at 10.0, 20.0 on its event date
    good = _event(
        event_type=shelling["event_type"], sub_event_type=shelling["sub_event_type"],
        event_date=date(2021, 3, int(shelling["event_date"][:2])), fatalities=0, actor1="rioters",
        inter1=5, admin1="North", latitude=10.1, longitude=20.0,
    )
    wrong = _event(latitude=12.0, longitude=20.0, fatalities=3)
    rep = score_acled(rows, [good, wrong, None])
    assert rep.n == 3 and rep.with_event == 2
    assert rep.accuracy["event_type"] == pytest.approx(1 / 3)
    assert rep.accuracy["actor1"] == pytest.approx(1 / 3)  # compared case- and accent-folded
    assert rep.accuracy["fatalities"] == pytest.approx(1 / 3)
    assert rep.located == 2 and rep.within_25km == pytest.approx(1 / 3)
    assert rep.median_km == pytest.approx((haversine_km(10, 20, 10.1, 20) + haversine_km(10, 20, 12, 20)) / 2)
    assert rep.confusion[shelling["sub_event_type"]] == {shelling["sub_event_type"]: 1, "Peaceful protest": 1}
    assert rep.confusion[rows[2]["sub_event_type"]] == {NO_EVENT: 1}
    assert NO_EVENT in rep.table()


def test_acled_document_is_published_at_the_row_timestamp():
    doc = acled_document({"notes": "Protesters marched.", "timestamp": "1616000000", "event_date": "01 March 2021"})
    assert doc.published == date(2021, 3, 17)
    assert acled_document({"notes": "x", "event_date": "05 March 2021"}).published == date(2021, 3, 5)


def test_primary_event_is_the_first_reported():
    first, second = _event(event_id="a"), _event(event_id="b", confidence=0.9)
    assert primary_event([first, second]).event_id == "a"
    assert primary_event([]) is None


def test_haversine_known_distance():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.19, rel=1e-3)


def test_cli_eval_needs_a_data_set():
    result = CliRunner().invoke(app, ["eval"])
    assert result.exit_code != 0


def _lgl_xml(path: Path) -> Path:
    """A two-article corpus in LGL's XML layout, on sentences we wrote."""
    arts = [
        ("Kelly said the storm hit Denton, Texas, on Monday. Kelly, a former general, lives in Austin.",
         [("Denton", 33.21, -97.13), ("Texas", 31.25, -99.25), ("Austin", 30.27, -97.74)]),
        ("Shelling hit Kharkiv overnight, officials in Kyiv said.", [("Kharkiv", 49.98, 36.25), ("Kyiv", 50.45, 30.52)]),
    ]
    parts = ["<articles>"]
    for text, tops in arts:
        parts.append(f"<article><text>{text}</text><toponyms>")
        for name, lat, lon in tops:
            s = text.index(name)
            parts.append(f"<toponym><start>{s}</start><end>{s + len(name)}</end><phrase>{name}</phrase>"
                         f"<gaztag><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>")
        parts.append("</toponyms></article>")
    parts.append("</articles>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.mark.parametrize("ner", [False, True])
def test_eval_geoparsing_scores_detection_and_resolution(tmp_path, ner):
    xml = _lgl_xml(tmp_path / "lgl.xml")
    result = CliRunner().invoke(app, ["eval", "--geoparsing", str(xml), "--json"] + (["--ner"] if ner else []))
    assert result.exit_code == 0, result.output
    rep = json.loads(result.output)[0] if result.output.lstrip().startswith("[") else json.loads(result.output)
    assert rep["resolution"]["n"] == 5 and rep["resolution"]["acc161"] == 1.0
    assert rep["detection"]["r"] == 1.0
    # "Kelly" twice is a person: the NER-assisted detector drops it, so precision is perfect with --ner
    assert (rep["detection"]["p"] == 1.0) or not ner
