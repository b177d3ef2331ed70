"""A collection's geographic focus (places.focus): learnt from unambiguous names, given by the user,
saved and loaded, and used as a weak prior by resolution, the pipeline and the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from frontwire.cli import app
from frontwire.corpus import PipelineSpec
from frontwire.places import geocode
from frontwire.places.focus import Focus, learn_focus, load_focus, parse_focus, save_focus

# Vodiane is a village name borne in many oblasts; the stock reading of a bare "Vodiane" is not
# Luhansk's or Donetsk's, whatever the gazetteer's order
LONE = "Observers recorded 12 explosions near Vodiane."

# short monitoring notes written for these tests, naming towns that exist once in the gazetteer
NOTES = [
    "Shelling hit a school in Horlivka overnight; two civilians were wounded.",
    "Separatist forces fired mortars at positions near Kramatorsk.",
    "On Monday, artillery struck a warehouse in Popasna.",
    "Drones attacked a checkpoint outside Lysychansk, the regional police said.",
    "Two soldiers were killed by shelling in Sievierodonetsk.",
    "Fighting was reported in Horlivka and Kramatorsk on Tuesday.",
]


def _admin1(text: str, focus: Focus | None = None, name: str = "Vodiane") -> str | None:
    return next(p.admin1 for p in geocode(text, focus=focus) if p.text == name)


def test_learnt_focus_names_the_collection_regions_and_ignores_order() -> None:
    f = learn_focus(NOTES)
    assert f.documents == len(NOTES)
    top = dict(f.top(3))
    assert set(top) == {"UA:Donetsk", "UA:Luhansk"}
    assert max(top.values()) == 1.0  # weights are relative to the heaviest region
    assert f.countries == {"UA": 1.0}
    assert f.spots, "unambiguous towns give points"
    assert learn_focus(reversed(NOTES)) == f


def test_ambiguous_names_teach_nothing() -> None:
    f = learn_focus([LONE, "Fighting near Novoselivka and Pavlivka."])
    assert not f.regions and not f.spots


def test_focus_moves_a_lone_namesake_into_the_collection_region() -> None:
    default = _admin1(LONE)
    target = "Donetsk" if default != "Donetsk" else "Kharkiv"
    assert _admin1(LONE, parse_focus(f"UA:{target}")) == target
    assert _admin1(LONE, learn_focus(NOTES)) in {"Donetsk", "Luhansk"}


def test_the_document_outweighs_the_focus() -> None:
    text = "Observers recorded 12 explosions near Vodiane, Mykolaiv region."
    assert _admin1(text) == "Mykolaiv"
    assert _admin1(text, parse_focus("UA:Luhansk")) == "Mykolaiv"


def test_no_focus_changes_nothing() -> None:
    text = "Shelling in Vodiane, near Kramatorsk, killed a man."
    assert geocode(text) == geocode(text, focus=None) == geocode(text, focus=Focus())


def test_parse_focus_names_and_errors() -> None:
    f = parse_focus("Ukraine, UA:Donetsk")
    assert f.countries == {"UA": 1.0}
    assert f.regions == {("UA", "Donetsk"): 1.0}
    for bad, why in (("Atlantis", "unknown country"), ("ZZ", "unknown country"), ("UA:Narnia", "no region"),
                     (" , ", "empty")):
        with pytest.raises(ValueError, match=why):
            parse_focus(bad)


def test_save_and_load_round_trip(tmp_path) -> None:  # noqa: ANN001
    f = learn_focus(NOTES)
    path = tmp_path / "focus.json"
    save_focus(f, path)
    assert load_focus(str(path)) == f
    assert not (tmp_path / "focus.json.part").exists()


def test_load_focus_refuses_bad_files_with_what_to_do(tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="frontwire focus"):
        load_focus(str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read"):
        load_focus(str(bad))
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read"):
        load_focus(str(other))


def test_pipeline_spec_passes_only_the_options_set() -> None:
    assert PipelineSpec().kwargs() == {}
    assert PipelineSpec(model="m.json", focus="UA").kwargs() == {"model": "m.json", "focus": "UA"}


def test_extract_uses_the_focus() -> None:
    from frontwire.pipeline import Pipeline

    text = "On 3 May 2022, the OSCE SMM observed 12 explosions near Vodiane."
    default = Pipeline().extract(text)[0].admin1
    target = "Donetsk" if default != "Donetsk" else "Kharkiv"
    events = Pipeline(focus=f"UA:{target}").extract(text)
    assert events[0].admin1 == target


runner = CliRunner()


def test_cli_focus_then_extract_with_it(tmp_path) -> None:  # noqa: ANN001
    for i, note in enumerate(NOTES):
        (tmp_path / f"note{i}.txt").write_text(note, encoding="utf-8")
    lone = tmp_path / "lone.txt"
    lone.write_text("On 3 May 2022, observers recorded 12 explosions near Vodiane.", encoding="utf-8")
    out = tmp_path / "focus.json"
    res = runner.invoke(app, ["focus", *(str(p) for p in sorted(tmp_path.glob("note*.txt"))), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.is_file()
    res = runner.invoke(app, ["extract", str(lone), "--focus", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.splitlines()[0])["admin1"] in {"Donetsk", "Luhansk"}
    res = runner.invoke(app, ["extract", str(lone), *(str(p) for p in tmp_path.glob("note*.txt")), "--focus", "auto"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert next(r for r in rows if r["location"] and r["location"].startswith("Vod"))["admin1"] in {"Donetsk", "Luhansk"}


def test_cli_rejects_a_bad_focus_before_any_work(tmp_path) -> None:  # noqa: ANN001
    lone = tmp_path / "lone.txt"
    lone.write_text("Shelling near Vodiane.", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(lone), "--focus", "UA:Narnia"])
    assert res.exit_code == 2
    assert "no region" in res.output
    res = runner.invoke(app, ["ingest", str(lone), "--db", str(tmp_path / "s.duckdb"), "--focus", "auto", "-q"])
    assert res.exit_code == 2
    assert "frontwire focus" in res.output
    assert not (tmp_path / "s.duckdb").exists()
