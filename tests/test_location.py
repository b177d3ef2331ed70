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


def test_country_of_a_named_state_force_when_no_place_resolves(pipe):
    # no toponym at all: the Burkinabe gendarmerie says which country the protest is in
    ev = _top(pipe, "Residents demonstrated to demand the release of a teacher held by the Burkinabe gendarmerie.")
    assert ev.actor1 == "Protesters (Burkina Faso)"
    ev = _top(pipe, "Protesters marched to the prefecture to denounce the arrest of their leader by the Malian army.")
    assert ev.actor1 == "Protesters (Mali)"


def test_no_country_is_invented_without_a_national_name(pipe):
    # a bare demonym (the victims' nationality) is no evidence of where the event happened
    ev = _top(pipe, "Gunmen abducted two Chinese workers on the road to the mine.")
    assert ev.actor1 == "Unidentified Armed Group"
    assert _top(pipe, "Protesters marched to the prefecture to demand better roads.").actor1 == "Protesters"
