"""The public API on a short article written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from frontwire.pipeline import Pipeline, extract
from frontwire.records import Document, Span

ARTICLE = """Ukrainian troops fought Russian forces near Kupiansk on Monday, regional governor Oleh Syniehubov said.

Russian artillery shelled the town of Vovchansk overnight, killing three civilians, Syniehubov said.

Russia's defence ministry claimed its units repelled an attack by Ukrainian forces near Kupiansk.

Kyiv denied shelling the Russian city of Belgorod.

Officials warned that Russia would launch new missile strikes on Kharkiv.
"""
CAPTION = "Russian jets bombed Donetsk on 5 May 2024. Photo: Staff/Wire.\n"
PUB = date(2023, 9, 12)


@pytest.fixture(scope="module")
def events(pipeline):
    return pipeline.extract(ARTICLE, PUB)


def test_clash_near_kupiansk(events):
    clashes = [e for e in events if e.sub_event_type == "Armed clash"]
    assert len(clashes) == 1  # told twice, one event
    ev = clashes[0]
    assert ev.event_date == date(2023, 9, 11)
    assert {ev.actor1, ev.actor2} == {"Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)"}
    assert ev.location and "Kupiansk" in ev.location or "Kupyansk" in (ev.location or "")
    assert ev.claimed_by  # the ministry's claim or the governor's report
    assert any(x.field == "claimed_by" for x in ev.evidence)


def test_shelling_with_fatalities_and_civilian_target(events):
    shell = [e for e in events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(shell) == 1  # the denied shelling of Belgorod and the future strikes are not events
    ev = shell[0]
    assert ev.fatalities == 3
    assert ev.event_date == date(2023, 9, 11)  # "overnight" before publication
    assert ev.actor1 == "Military Forces of Russia (2000-)"
    assert ev.iso3 == "UKR" and ev.latitude is not None


def test_evidence_offsets_index_the_text(events):
    for ev in events:
        assert ev.evidence
        for x in ev.evidence:
            assert ARTICLE[x.start : x.end] == x.text
        assert 0.0 <= ev.confidence <= 1.0
        assert ev.notes.startswith("On 2023-09-")


def test_event_ids_are_stable(pipeline, events):
    again = pipeline.extract(ARTICLE, "2023-09-12")
    assert [e.event_id for e in again] == [e.event_id for e in events]


def test_removed_spans_yield_nothing(pipeline):
    text = CAPTION + ARTICLE
    doc = Document.from_text(text, published=PUB, removed=(Span(0, len(CAPTION) - 1, "caption"),))
    (_, evs), = list(pipeline.process([doc]))
    assert evs
    assert all(e.event_date is None or e.event_date.year == 2023 for e in evs)
    assert all(x.start >= len(CAPTION) for e in evs for x in e.evidence if x.start >= 0)
    assert not any(e.sub_event_type == "Air/drone strike" for e in evs)


def test_process_streams_in_order(pipeline):
    docs = [Document.from_text(t, published=PUB) for t in ("Rebels clashed with soldiers in Kidal.", "Nothing happened.")]
    out = list(pipeline.process(docs))
    assert [d.id for d, _ in out] == [d.id for d in docs]
    assert out[1][1] == []


def test_module_extract_and_bad_date():
    assert extract("Russian forces shelled Kherson on Monday.", "2023-09-12")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        extract("Russian forces shelled Kherson.", "12/09/2023")


def test_without_publication_date_relative_dates_stay_unknown(pipeline):
    evs = pipeline.extract("Russian forces shelled Kherson on Monday.")
    assert evs and evs[0].event_date is None


def test_classifier_decides_type_rules_decide_factuality(pipeline):
    class Always:
        def predict(self, texts):
            return [("Battles", "Armed clash", 0.9) for _ in texts]

    p = Pipeline.__new__(Pipeline)
    p.__dict__.update(pipeline.__dict__)
    p.classifier = Always()
    evs = p.extract("Russian forces shelled Kherson on Monday. Russia plans to bomb Odesa.", PUB)
    assert [e.sub_event_type for e in evs] == ["Armed clash"]
    assert any(x.rule.startswith("model:") for x in evs[0].evidence)

def test_classifier_is_asked_once_per_batch_and_labels_go_back_to_their_documents(pipeline):
    """An embeddings model pays per call, so ``process`` asks once for all the batch's drafts;
    each document still gets the labels of its own sentences, as one-at-a-time extraction does."""

    class ByWord:
        calls: list[list[str]] = []

        def with_rules(self, texts, rule_subs):
            self.calls.append(list(texts))
            return [("Battles", "Armed clash", 0.9) if "fought" in t else ("Riots", "Mob violence", 0.9)
                    for t in texts]

    p = Pipeline.__new__(Pipeline)
    p.__dict__.update(pipeline.__dict__)
    p.classifier = ByWord()
    texts = ["Ukrainian troops fought Russian forces near Kupiansk on Monday.",
             "Nothing happened in Kherson on Monday.",
             "Russian forces shelled Kherson on Monday. A crowd beat a man to death in Odesa on Tuesday."]
    batched = [evs for _doc, evs in p.process(Document.from_text(t, published=PUB) for t in texts)]
    assert len(ByWord.calls) == 1 and len(ByWord.calls[0]) == 3
    one_by_one = [p.extract(t, PUB) for t in texts]
    assert [[e.sub_event_type for e in evs] for evs in batched] == [["Armed clash"], [], ["Mob violence"] * 2]
    assert [[e.event_id for e in evs] for evs in batched] == [[e.event_id for e in evs] for evs in one_by_one]



def test_a_sentence_never_spans_a_blank_line(pipeline):
    from frontwire.pipeline import mark_paragraphs

    text = "Heavy fighting near Bakhmut\n\nRussian forces shelled Kherson on Monday\n \nOfficials said"
    doc = pipeline.nlp(mark_paragraphs(pipeline.nlp.make_doc(text)))
    assert [s.text.strip() for s in doc.sents] == [
        "Heavy fighting near Bakhmut", "Russian forces shelled Kherson on Monday", "Officials said"]


def test_times_skip_removed_spans_even_on_raw_text():
    from frontwire.pipeline import _times

    text = "Photo taken on 5 May 2024.\nRussian forces shelled Kherson on Monday."
    removed = (Span(0, 26, "caption"),)
    assert any(t.start < 26 for t in _times(text, PUB))  # the caption has a date ...
    assert all(t.start >= 26 for t in _times(text, PUB, removed))  # ... that is never read


# --- multi-paragraph news: one event per place, day and type; the story's frame decides scope ----

PROTEST = """Fuel protest turns violent in Kitale

One man was shot dead on Tuesday as protests over fuel prices turned violent in Kitale, police said.

Hundreds of demonstrators blocked the road to Eldoret with burning tyres. Some of them later stoned a police station.

Police fired tear gas to disperse the crowd. "Our officers fired in the air," a commander said.

In Eldoret, several hundred traders marched peacefully to the county offices on Tuesday afternoon.

The protests began last week after the regulator raised pump prices.
"""

QUAKE = """Strong earthquake shakes eastern province

A magnitude 6.1 earthquake struck near Van in eastern Turkey on Monday, damaging dozens of homes and injuring 40 people.

The quake hit at dawn and was felt across the region. Several aftershocks followed.

The interior minister said tents and blankets had been sent to families whose homes were damaged.
"""

SAHEL = """Militants attack army post in northern Burkina Faso

Gunmen attacked an army post near Djibo on Saturday, security sources said.

The attackers burned the post and looted a fuel depot before withdrawing towards the border with Mali.

The army said seven soldiers and four members of the Volunteers for the Defence of the Homeland were killed.
"""

BORDER = """Fighting reported in border village

Russian Volunteer Corps fighters clashed with Russian troops in the village of Tetkino on Sunday, the group said.

"They send our boys to the slaughter," a local woman said of the soldiers. Most likely they killed them all, she added.

Kyiv made no announcement regarding the start of its counteroffensive.

Following an incursion last month that required air strikes, the region has been tense.
"""

DIPLOMACY = """Ministers hold talks on grain corridor

The foreign ministers of Turkey and Ukraine held talks in Ankara on Thursday on reopening the grain corridor.

The two sides clashed over inspection rules, a diplomat said, but agreed to meet again next month.

The summit ended with a joint statement calling for new negotiations.
"""

CRIME = """Police seize cocaine in port raid

Police seized two tonnes of cocaine hidden in a banana shipment at the port of Guayaquil on Friday.

Officers said the drug trafficking network smuggled cocaine to Europe. The cartel's leader had been killed in a gang dispute last year.
"""

MIDEAST = """Air strike hits village in Idlib

Syrian government aircraft carried out air strikes on the village of Kafr Nabl in Idlib province on Wednesday, killing four civilians, rescuers said.

The strikes destroyed a school. Rebel fighters later shelled government positions near Saraqib.

HTS fighters have been fighting government forces in the area for several years.
"""

PUB_NEWS = date(2025, 7, 10)


def _types(evs):
    return sorted((e.sub_event_type, e.location) for e in evs)


def test_protest_story_is_coded_per_place_and_day(pipeline):
    evs = pipeline.extract(PROTEST, PUB_NEWS)
    assert len(evs) == 2, _types(evs)  # tellings merged; background "last week" protests not coded
    by_place = {e.location: e for e in evs}
    assert by_place["Kitale"].sub_event_type == "Violent demonstration"  # stoned a police station
    assert by_place["Kitale"].fatalities == 1
    assert by_place["Eldoret"].sub_event_type == "Peaceful protest"
    assert all(e.event_date == date(2025, 7, 8) for e in evs)


def test_disaster_story_has_no_conflict_events(pipeline):
    assert pipeline.extract(QUAKE, PUB_NEWS) == []
    p = Pipeline.__new__(Pipeline)
    p.__dict__.update(pipeline.__dict__)
    p.include_out_of_scope = True
    assert {e.event_type for e in p.extract(QUAKE, PUB_NEWS)} == {"Out of scope"}


def test_sahel_attack_damage_is_part_of_it_and_allies_are_one_side(pipeline):
    evs = pipeline.extract(SAHEL, PUB_NEWS)
    assert len(evs) == 1, _types(evs)  # burning and looting during the attack: the same event
    ev = evs[0]
    assert ev.country == "Burkina Faso" and ev.location == "Djibo"
    assert "VDP" not in (ev.actor1 or "") + (ev.actor2 or "")  or ev.assoc_actor_1 or ev.assoc_actor_2
    assert not ({ev.actor1, ev.actor2} >= {"VDP: Volunteer for Defense of Homeland",
                                           "Military Forces of Burkina Faso (2022-)"})


def test_speculation_quotes_plans_and_earlier_incidents_add_nothing(pipeline):
    evs = pipeline.extract(BORDER, PUB_NEWS)
    assert [e.sub_event_type for e in evs] == ["Armed clash"], _types(evs)
    told = {x.text.lower() for x in evs[0].evidence if x.field == "sub_event_type"}
    assert not told & {"slaughter", "killed", "counteroffensive", "air strikes"}, told


def test_diplomatic_story_has_no_conflict_events(pipeline):
    assert pipeline.extract(DIPLOMACY, PUB_NEWS) == []


def test_crime_story_has_no_conflict_events(pipeline):
    assert pipeline.extract(CRIME, PUB_NEWS) == []


def test_air_strike_and_later_shelling_are_two_events(pipeline):
    evs = pipeline.extract(MIDEAST, PUB_NEWS)
    subs = _types(evs)
    assert [s for s, _ in subs] == ["Air/drone strike", "Shelling/artillery/missile attack"], subs
    strike = next(e for e in evs if e.sub_event_type == "Air/drone strike")
    assert strike.fatalities == 4 and strike.event_date == date(2025, 7, 9)
    assert not any(e.sub_event_type == "Armed clash" for e in evs)  # "fighting for years": no event


# -- every_document_an_event: the model's event where the rules find none -----------------------

VIGILS = [
    "On {d} May 2021, residents gathered in {t} to commemorate the victims of the war.",
    "On {d} May 2021, townspeople assembled in the square of {t} holding candles and flags.",
    "On {d} May 2021, families of missing soldiers gathered outside the town hall in {t}.",
]
CAMPS = [
    "On {d} May 2021, fighters set up a new camp in the forest near {t}.",
    "On {d} May 2021, the group established a base in an abandoned school in {t}.",
    "On {d} May 2021, militants built a training camp on the outskirts of {t}.",
]
ARRESTS = [
    "On {d} May 2021, police detained two journalists in {t}.",
    "On {d} May 2021, security forces arrested a local activist at his home in {t}.",
    "On {d} May 2021, three opposition members were taken into custody in {t}.",
]
VIGIL = "On 3 June 2021, residents gathered in Dorvik to commemorate the victims of the war."


@pytest.fixture(scope="module")
def vigil_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A tiny classifier trained on notes written here: gatherings are peaceful protests, camps
    are bases, detentions arrests; no synthetic or real rows."""
    import csv

    from frontwire.train import train

    d = tmp_path_factory.mktemp("recall")
    path = d / "coded.csv"
    towns = ["Dorvik", "Sallam", "Kettleby", "Ambro", "Tessin", "Wauk"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["event_type", "sub_event_type", "notes"])
        for (etype, sub), templates in ((("Protests", "Peaceful protest"), VIGILS),
                                        (("Strategic developments", "Headquarters or base established"), CAMPS),
                                        (("Strategic developments", "Arrests"), ARRESTS)):
            for k, template in enumerate(templates):
                for r, town in enumerate(towns):
                    w.writerow([etype, sub, template.format(d=1 + k * 6 + r, t=town)])
    out = d / "model.json"
    train(path, out, test_size=0.25, seed=1, synthetic=False)
    return str(out)


def _with(pipeline: Pipeline, model: str | None, every_document_an_event: bool) -> Pipeline:
    """The session pipeline (spaCy and gazetteer already loaded) with another model and option."""
    from frontwire.classify import load_model

    p = Pipeline.__new__(Pipeline)
    p.__dict__.update(pipeline.__dict__)
    p.classifier = load_model(model) if model else None
    p.every_document_an_event = every_document_an_event
    return p


def test_rules_find_no_event_in_a_vigil_even_with_a_model(pipeline, vigil_model):
    assert pipeline.extract(VIGIL, PUB) == []
    assert _with(pipeline, vigil_model, False).extract(VIGIL, PUB) == []


def test_every_document_an_event_gives_the_models_event_on_the_main_clause(pipeline, vigil_model):
    evs = _with(pipeline, vigil_model, True).extract(VIGIL, PUB)
    assert len(evs) == 1
    ev = evs[0]
    assert (ev.event_type, ev.sub_event_type) == ("Protests", "Peaceful protest")
    told = [x for x in ev.evidence if x.field == "sub_event_type"]
    assert [x.text for x in told] == ["gathered"] and told[0].rule.startswith("model-recall:")
    assert VIGIL[told[0].start : told[0].end] == "gathered"
    assert ev.event_date == date(2021, 6, 3)  # linked like a trigger: the clause's date
    assert 0 < ev.confidence <= 0.5


def test_rules_events_are_kept_as_they_are_under_the_option(pipeline, vigil_model):
    text = "Russian forces shelled Kherson on Monday."
    evs = _with(pipeline, vigil_model, True).extract(text, PUB)
    assert len(evs) == 1 and evs == _with(pipeline, vigil_model, False).extract(text, PUB)
    assert not any(x.rule.startswith("model-recall") for x in evs[0].evidence)


@pytest.mark.parametrize("text", [
    "On 3 June 2021, residents did not gather in Dorvik to commemorate the victims of the war.",
    "Residents plan to gather in Dorvik next week to commemorate the victims of the war.",
    "Residents will gather in Dorvik to commemorate the victims of the war.",
])
def test_a_negated_planned_or_future_clause_yields_nothing(pipeline, vigil_model, text):
    assert _with(pipeline, vigil_model, True).extract(text, PUB) == []


def test_a_sentence_whose_trigger_the_rules_judged_not_factual_is_no_anchor(pipeline, vigil_model):
    recall = _with(pipeline, vigil_model, True)
    assert recall.extract("No clashes were reported in Dorvik on 3 June 2021.", PUB) == []
    evs = recall.extract("No clashes were reported. " + VIGIL, PUB)  # the next sentence is the anchor
    assert [x.text for e in evs for x in e.evidence if x.field == "sub_event_type"] == ["gathered"]


def test_the_option_changes_nothing_without_a_model(pipeline):
    assert _with(pipeline, None, True).extract(VIGIL, PUB) == []
    assert Pipeline.__init__.__kwdefaults__["every_document_an_event"] is False


def test_cli_extract_passes_every_document_an_event(pipeline, vigil_model, monkeypatch):
    import json

    from typer.testing import CliRunner

    from frontwire import pipeline as pipeline_mod
    from frontwire.cli import app

    seen: list[bool] = []

    def build(model: str | None = None, every_document_an_event: bool = False, **_kw) -> Pipeline:
        seen.append(every_document_an_event)
        return _with(pipeline, model, every_document_an_event)

    monkeypatch.setattr(pipeline_mod, "Pipeline", build)
    args = ["extract", "-", "--published", "2021-06-04", "--model", vigil_model]
    plain = CliRunner().invoke(app, args, input=VIGIL)
    recall = CliRunner().invoke(app, [*args, "--every-document-an-event"], input=VIGIL)
    assert plain.exit_code == 0 and recall.exit_code == 0, recall.output
    assert seen == [False, True]
    assert plain.stdout.strip() == ""
    rows = [json.loads(line) for line in recall.stdout.splitlines() if line.strip()]
    assert [r["sub_event_type"] for r in rows] == ["Peaceful protest"]


def test_cli_ingest_builds_the_every_document_an_event_pipeline(monkeypatch, tmp_path):
    from types import SimpleNamespace

    from typer.testing import CliRunner

    from frontwire import corpus
    from frontwire.cli import app
    from frontwire.pipeline import every_document_an_event_pipeline

    specs: list[str] = []

    def fake_ingest(sources, db, **kw):
        specs.append(kw["pipeline"])
        return SimpleNamespace(failed_sources=[], read=0, added=0, replaced=0, skipped=0, failures=0, events=0,
                               docs_per_s=0.0)

    monkeypatch.setattr(corpus, "ingest", fake_ingest)
    db = str(tmp_path / "x.duckdb")
    model = tmp_path / "m.json"
    model.write_text("{}")
    for extra in ([], ["--every-document-an-event", "--model", str(model)]):
        result = CliRunner().invoke(app, ["ingest", "notes.jsonl", "--db", db, "-q", *extra])
        assert result.exit_code == 0, result.output
    assert specs[0] == corpus.DEFAULT_PIPELINE
    assert corpus.load_factory(specs[1]) is every_document_an_event_pipeline


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_cli_a_missing_or_corrupt_model_is_an_error_message_not_a_traceback(command, tmp_path):
    from typer.testing import CliRunner

    from frontwire.cli import app

    article = tmp_path / "a.txt"
    article.write_text(VIGIL)
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"not": "a model"}')
    extra = ["--db", str(tmp_path / "x.duckdb"), "-q"] if command == "ingest" else []
    for model, says in ((tmp_path / "none.json", "does not exist"), (corrupt, "corrupt.json")):
        result = CliRunner().invoke(app, [command, str(article), "--model", str(model), *extra])
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert says in result.output
