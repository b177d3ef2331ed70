"""Gazetteer-only toponym detection (places.detect): layout and context rules, each on text
written for the test, each failing without its rule."""

from __future__ import annotations

import pytest

from frontwire.gazetteer import Gazetteer
from frontwire.places import find_toponyms
from frontwire.places.detect import after_party_letter, is_dateline, people_names


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.open()


def _names(text: str, gaz: Gazetteer, demonyms: bool = False) -> list[str]:
    return [t for _s, _e, t in find_toponyms(text, gazetteer=gaz, demonyms=demonyms)]


def test_dateline_in_capitals_is_a_place_with_its_state(gaz):
    text = "Storm damage counted. HURRICANE, W.Va. - Two roofs were torn off overnight."
    assert _names(text, gaz) == ["HURRICANE", "W.Va."]
    text = "Budget vote delayed. CLINTON — The town council met again on Monday."
    assert _names(text, gaz) == ["CLINTON"]


def test_capitals_that_are_not_a_dateline_or_are_a_verb_stay_out(gaz):
    assert _names("UPDATE — The road has reopened.", gaz) == []
    assert not is_dateline("He said CLINTON twice.", 8, 15)
    assert is_dateline("Late news. CLINTON — More rain.", 11, 18)


def test_legislators_home_town_after_the_party_letter(gaz):
    text = "The bill's sponsor, Rep. Dana Moore (R-Ocilla), spoke first; Sen. Kim Lee, D-Columbus, voted no."
    assert _names(text, gaz) == ["Ocilla", "Columbus"]
    assert after_party_letter(text, text.index("Ocilla"))
    assert not after_party_letter("a Ford F-Series truck", 9)


def test_small_town_qualified_by_a_state_abbreviation(gaz):
    text = "A 55-year-old Severn, Md. man was charged on Friday."
    assert _names(text, gaz) == ["Severn", "Md."]


def test_town_before_a_civic_noun_or_a_municipal_body(gaz):
    assert _names("Officers said Laconia police had no other leads.", gaz) == ["Laconia"]
    assert _names("Yesterday the Torrington Fire Department put out the blaze.", gaz) == ["Torrington"]
    assert _names("Arlington council OKs the new budget.", gaz) == ["Arlington"]


def test_institution_words_alone_are_not_places(gaz):
    assert _names("City Council approved the plan. Border Police searched the pass.", gaz) == []


def test_city_of_a_council_is_the_town(gaz):
    assert _names("Members of the Dublin City Council voted on Monday.", gaz) == ["Dublin"]
    assert _names("They moved to Kansas City last year.", gaz) == ["Kansas City"]


def test_people_and_streets_stay_out(gaz):
    text = "The call came from coach Ripley after practice at the corner of Lakeview and Harrison streets."
    assert _names(text, gaz) == []
    assert "Ripley" in people_names(text, gaz)


def test_saints_churches_and_clock_times_stay_out(gaz):
    text = "Mass is at St. Mary's Catholic Church at 7:00 P.M. before the trip to St. Louis."
    assert _names(text, gaz) == ["St. Louis"]


def test_address_after_a_comma_names_the_town(gaz):
    text = "Charged were Dale Reed, 44, of Myerstown, and Ann Cole, 41."
    assert "Myerstown" in _names(text, gaz)


def test_demonyms_only_on_request(gaz):
    text = "Syrian troops shelled the town near Aleppo."
    assert _names(text, gaz) == ["Aleppo"]
    assert _names(text, gaz, demonyms=True) == ["Syrian", "Aleppo"]


def test_lists_of_places_and_plural_unit_nouns(gaz):
    assert _names("Teams came from Wichita, Topeka, Larned and Pratt.", gaz) == ["Wichita", "Topeka", "Larned", "Pratt"]
    assert _names("Larned and Pratt sent teams.", gaz) == []  # no known place in the list
    assert _names("The fire burned in Eastland and Callahan counties.", gaz) == ["Eastland", "Callahan"]
    # one known place does not make a list of surnames into places
    assert _names("Smith, Jones and Paris signed the letter.", gaz) == ["Paris"]


def test_boundaries_city_of_and_shortened_names(gaz):
    assert _names("Tools were stolen from the City of Richmond yard.", gaz) == ["Richmond"]
    assert _names("Two hurt in W. Phila. shooting.", gaz) == ["Phila."]
    assert _names("He lives in Paris. he said so", gaz) == ["Paris"]


def test_wars_and_generic_words_after_a_name_are_not_places(gaz):
    assert _names("He served in the Gulf War in 1991.", gaz) == []
    assert "State University" not in _names("She will attend Ohio State University next year.", gaz)


def test_feature_named_after_a_town_is_one_span(gaz):
    text = "Volunteers cleaned the banks of the Naugatuck River and met later in Jackson Township."
    assert _names(text, gaz) == ["Naugatuck River", "Jackson Township"]
    assert _names("Tourists flock to Zion National Park every summer.", gaz) == ["Zion National Park"]


def test_numbered_district_is_not_the_towns_district(gaz):
    text = "Parents asked the Dayton District 4 board to reopen the school."
    assert _names(text, gaz) == ["Dayton"]
    assert _names("Troops shelled villages in the Kupiansk district overnight.", gaz) == ["Kupiansk district"]
