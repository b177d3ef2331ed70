"""Fusion across documents: same incident -> one event; order never matters."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from frontwire.fusion import (
    cluster,
    cluster_component,
    compatible,
    event_row,
    fuse,
    fused_id,
    haversine_km,
)
from frontwire.records import Event, Evidence

RU, UA, CIV = "Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)", "Civilians (Ukraine)"
# (admin1, admin2, lat, lon) of a few towns; two of them 6 km apart in the same district.
TOWNS = {
    "Avdiivka": ("Donetsk", "Pokrovskyi", 48.139, 37.749),
    "Orlivka": ("Donetsk", "Pokrovskyi", 48.170, 37.690),
    "Bakhmut": ("Donetsk", "Bakhmutskyi", 48.595, 38.000),
    "Chuhuiv": ("Kharkiv", "Chuhuivskyi", 49.836, 36.686),
}


def report(doc: str, town: str = "Avdiivka", day: int = 10, n: int = 0, **kw) -> Event:
    admin1, admin2, lat, lon = TOWNS[town]
    fields = dict(
        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        event_date=date(2023, 3, day), actor1=RU, inter1=8, actor2=CIV, inter2=7,
        country="Ukraine", iso3="UKR", admin1=admin1, admin2=admin2, location=town,
        latitude=lat, longitude=lon, geo_precision=1, source=f"Paper {doc}",
        fatalities=n, fatalities_low=n, fatalities_high=n,
    )  # fmt: skip
    fields.update(kw)
    ev = [Evidence("fatalities", 0, 5, "x", "test")] if n else []
    return Event(event_id=f"{doc}-{town}-{day}", document_id=doc, evidence=ev, **fields)


def test_haversine_is_about_right():
    # Avdiivka-Orlivka: ~5.4 km on the map
    assert 4 < haversine_km(48.139, 37.749, 48.170, 37.690) < 7


def test_three_reports_one_incident_with_conservative_fatalities_and_claims():
    evs = [report("a", n=3), report("b", n=5), report("c", "Orlivka")]
    (f,) = fuse(evs)
    assert f.source_count == 3
    assert f.members == tuple(sorted(e.event_id for e in evs))
    assert (f.fatalities, f.fatalities_low, f.fatalities_high) == (3, 3, 5)
    fat = {c["document_id"]: c["value"] for c in f.claims if c["field"] == "fatalities"}
    assert fat == {"a": "3", "b": "5"}  # report c gave no count: it is not a claim of zero
    assert f.location == "Avdiivka"  # 2 of 3 reports
    assert f.source == "Paper a; Paper b; Paper c"


def test_disputed_perpetrator_is_kept_per_source():
    evs = [report("a"), report("b"), report("c", actor1=UA, inter1=1, claimed_by=RU, claim_status="claimed")]
    (f,) = fuse(evs)
    assert f.actor1 == RU
    by_doc = {c["document_id"]: c["value"] for c in f.claims if c["field"] == "actor1"}
    assert by_doc == {"a": RU, "b": RU, "c": UA}
    assert any(c["field"] == "claim" and c["claimant"] == RU for c in f.claims)


@pytest.mark.parametrize(
    "other, same",
    [
        (dict(town="Orlivka"), True),  # 6 km away
        (dict(town="Bakhmut"), False),  # 50 km, other district
        (dict(day=11), True),  # a day off
        (dict(day=12), False),
        (dict(day=20, time_precision=3), True),  # "in March": month precision
        (dict(town="Bakhmut", geo_precision=3, location="Donetsk", latitude=None, longitude=None, admin2=None), True),
        # province-wide place: type, date and province need a shared actor or death count
        (dict(town="Bakhmut", geo_precision=3, location="Donetsk", latitude=None, longitude=None, admin2=None,
              actor1=None, actor2=None), False),  # fmt: skip
        (dict(town="Bakhmut", geo_precision=2, admin2=None), False),  # "near" a town 50 km away
        (dict(event_type="Battles", sub_event_type="Armed clash"), True),  # commonly confused
        (dict(event_type="Protests", sub_event_type="Peaceful protest"), False),
        (dict(actor1=UA, actor2="Military Forces of Belarus"), False),  # no actor in common
        (dict(iso3="RUS", country="Russia"), False),
        (dict(event_date=None), False),
    ],
)
def test_pairwise_rules(other, same):
    town = other.pop("town", "Avdiivka")
    a, b = event_row(report("a")), event_row(report("b", town, **other))
    assert compatible(a, b) is same
    assert compatible(b, a) is same


def test_two_events_in_one_document_never_merge():
    a, b = event_row(report("a")), event_row(report("a", "Orlivka"))
    assert not compatible(a, b)


def test_attacks_on_two_neighbouring_towns_the_same_day_stay_two():
    # Avdiivka and Orlivka are 6 km apart: one paper naming the neighbour joins (see above), but
    # two groups of papers, each naming its own town, with other death tolls, are two incidents.
    evs = [report("a", n=3), report("b", n=3), report("c", "Orlivka", n=8), report("d", "Orlivka", n=9)]
    assert sorted(f.source_count for f in fuse(evs)) == [2, 2]
    # Matching tolls and no rival: the same attack, placed in the neighbouring town by two papers.
    evs = [report("a", n=3), report("b", n=3), report("c", "Orlivka", n=3), report("d", "Orlivka", n=4)]
    (f,) = fuse(evs)
    assert f.source_count == 4


def dated(ev: Event, rule: str) -> Event:
    """The event with evidence for its date, read by the given time rule."""
    return replace(ev, evidence=[*ev.evidence, Evidence("event_date", 0, 3, "x", rule)])


def test_relative_date_a_day_off_joins_the_corroborated_incident():
    # Three papers write "on 10 March"; one says "on Tuesday" and lands on the 11th, same story.
    exact = [dated(report(d, n=2), "day-month") for d in "abc"]
    (f,) = fuse([*exact, dated(report("d", day=11, n=2), "weekday")])
    assert f.event_date == date(2023, 3, 10) and f.source_count == 4
    # Another death toll: not the same story.
    assert len(fuse([*exact, dated(report("d", day=11, n=9), "weekday")])) == 2
    # Written-out dates never move: two shellings on two consecutive days stay two.
    fused = fuse([*exact, dated(report("d", day=11, n=2), "day-month")])
    assert sorted(f.source_count for f in fused) == [1, 3]
    # Two relative-dated papers per day: no majority, no merge.
    two_two = [dated(report(d, day=10 + i // 2, n=2), "weekday") for i, d in enumerate("abcd")]
    assert sorted(f.event_date.day for f in fuse(two_two)) == [10, 11]


def _corpus(seed: int) -> list[Event]:
    rng = random.Random(seed)
    evs = []
    for k in range(40):
        town = rng.choice(list(TOWNS))
        day = 1 + rng.randrange(12)
        for j in range(rng.randint(1, 4)):
            ev = report(f"d{k}-{j}", town, day + (1 if j == 3 else 0), n=rng.choice([0, 1, 2, 4]),
                        confidence=rng.random(), time_precision=2 if rng.random() < 0.05 else 1)  # fmt: skip
            evs.append(dated(ev, rng.choice(["day-month", "weekday"])))
    return evs


def test_components_split_nothing_that_clustering_would_merge():
    for seed in range(6):
        rows = [event_row(e) for e in _corpus(seed)]
        key = lambda clusters: sorted(sorted(r["event_id"] for r in c) for c in clusters)  # noqa: E731
        assert key(cluster(rows)) == key(cluster_component(rows))


def test_order_independent_and_stable_ids():
    evs = _corpus(1)
    ref = [f.to_dict() for f in fuse(evs)]
    for seed in range(5):
        shuffled = evs[:]
        random.Random(seed).shuffle(shuffled)
        assert [f.to_dict() for f in fuse(shuffled)] == ref
    assert all(f["event_id"] == fused_id(f["members"]) for f in ref)
    assert len({f["event_id"] for f in ref}) == len(ref)


def test_date_precision_widens_window_only_for_coarse_reports():
    base = report("a")
    coarse = replace(report("b", day=3), time_precision=2)
    (f,) = fuse([base, coarse])
    assert f.event_date == date(2023, 3, 10) and f.time_precision == 1
    far = replace(report("b"), event_date=base.event_date + timedelta(days=9), time_precision=2)
    assert len(fuse([base, far])) == 2
