"""Which toponym of a sentence is the event's place (events.location) and how an "X, Region"
qualifier is read (places.resolve): origins, destinations and the Kyiv oblast/city pair."""

from __future__ import annotations

import pytest

import frontwire


@pytest.fixture(scope="module")
def pipe():
    from frontwire.pipeline import Pipeline

    return Pipeline()


def _top(pipe, text: str):
    events = pipe.extract(text, "2022-05-02")
    assert events, text
    return events[0]


def test_attackers_coming_from_a_town_fight_at_the_other(pipe):
    ev = _top(pipe, "On 1 May 2022, Ukrainian forces clashed with Russian forces coming from Izium to Kramatorsk, Donetsk.")
    assert (ev.location, ev.admin1) == ("Kramatorsk", "Donetsk")


def test_evacuation_by_vehicle_is_coded_where_people_left(pipe):
    ev = _top(pipe, "Displacement: On 1 May 2022, around 300 civilians were evacuated by bus to Lviv "
                    "from several villages in the Kharkiv region.")
    assert ev.admin1 == "Kharkiv"


def test_kyiv_after_a_village_is_the_oblast_not_the_city():
    # Khreshchatyi Yar is both a quarter of Kyiv City and a village of the Kyiv oblast
    village = frontwire.geocode("Russian forces shelled Khreshchatyi Yar, Kyiv on Monday.")[0]
    assert (village.name, village.admin1) == ("Khreshchatyi Yar", "Kyiv")
