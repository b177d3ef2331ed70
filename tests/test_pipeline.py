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
