"""NER-assisted toponym detection (frontwire.toponyms): each case fails with the gazetteer
matcher alone or with the stock NER alone."""

from __future__ import annotations

import pytest

from frontwire.gazetteer import Gazetteer
from frontwire.places import find_toponyms
from frontwire.places.ner import Detector, combine


@pytest.fixture(scope="module")
def det() -> Detector:
    return Detector(gazetteer=Gazetteer.open())


def _names(found) -> list[str]:
    return [t for _s, _e, t in found]


def _at(text: str, word: str) -> tuple[int, int, str]:
    s = text.index(word)
    return (s, s + len(word), word)


def test_person_named_like_a_town_is_dropped(det):
    text = "Kelly said the talks would resume. Kelly, a former general, declined to comment."
    assert "Kelly" in _names(find_toponyms(text, gazetteer=det.gazetteer))
    assert "Kelly" not in _names(det.find(text))


def test_person_with_relative_clause_dropped_town_kept(det):
    text = "Jackson, who lived alone, was found by neighbours in Denton on Tuesday."
    found = _names(det.find(text))
    assert "Jackson" not in found
    assert "Denton" in found


def test_village_the_ner_calls_a_person_is_kept(det):
    text = "Shelling hit Novaya Tavolzhanka and Shebekino overnight, the governor said."
    ents = next(det.entities([text]))
    assert not any(text[s:e] == "Novaya Tavolzhanka" and lab in ("GPE", "LOC") for s, e, lab in ents)
    assert {"Novaya Tavolzhanka", "Shebekino"} <= set(_names(det.find(text)))


def test_acronym_and_common_word_without_ner_support_are_dropped(det):
    text = "AMLO said the plan would work. Free tickets were offered to residents of Kharkiv."
    assert "Free" in _names(find_toponyms(text, gazetteer=det.gazetteer))
    found = _names(det.find(text))
    assert "Free" not in found and "AMLO" not in found
    assert "Kharkiv" in found


def test_place_inside_an_organisation_is_kept(det):
    text = "Shares fell while students at the University of Texas protested in Austin."
    found = _names(det.find(text))
    assert "Austin" in found and any("Texas" in t for t in found)


def test_combine_rules_on_given_entities(det):
    gaz = det.gazetteer
    text = "Andrew Jackson met residents of Ternopil in Lviv."
    jackson, ternopil, lviv = (_at(text, w) for w in ("Jackson", "Ternopil", "Lviv"))
    ents = [(0, jackson[1], "PERSON"), (*ternopil[:2], "GPE"), (*lviv[:2], "GPE")]
    out = combine(text, [jackson, lviv], ents, gaz)
    assert jackson not in out  # inside a longer PERSON entity
    assert ternopil in out  # NER GPE the matcher was not given, a city the gazetteer knows
    assert lviv in out


def test_ner_addition_skips_streets_and_unknown_names(det):
    text = "Police closed Main Street near Zzyzxville."
    ents = [(*_at(text, "Main Street")[:2], "FAC"), (*_at(text, "Zzyzxville")[:2], "GPE")]
    assert combine(text, [], ents, det.gazetteer) == []


def test_batches_match_single_calls(det):
    texts = ["Troops withdrew from Kherson on Friday.", "", "An Alexandria man was injured in the crash."]
    assert list(det.find_many(texts)) == [det.find(t) for t in texts]
    assert _names(det.find(texts[0])) == ["Kherson"]
    assert [p.text for p in det.geocode(texts[0])] == ["Kherson"]


def test_end_to_end_scores_the_ner_assisted_detector(det):
    from frontwire.geoeval import Gold, end_to_end

    text = "Kelly said the talks would resume. Kelly, a former general, later flew to Kharkiv."
    s = text.index("Kharkiv")
    gold = [(text, [Gold(s, s + 7, "Kharkiv", 49.99, 36.23)])]
    plain, _ = end_to_end(gold, det.gazetteer)
    assisted, errs = end_to_end(gold, det.gazetteer, ner=det)
    assert plain["fp"] == 1 and assisted["fp"] == 0  # the second "Kelly"
    assert assisted["tp"] == 1 and errs and errs[0] < 161


def test_the_object_of_an_attack_verb_is_a_place_even_when_the_ner_sees_nothing():
    from frontwire.places.ner import combine

    text = "Shelling hit Kharkiv overnight, officials said."
    s = text.index("Kharkiv")
    found = [(s, s + 7, "Kharkiv")]
    assert combine(text, found, [], Gazetteer.open()) == found
    plain = "Officials said Kharkiv was quiet."
    p = plain.index("Kharkiv")
    assert combine(plain, [(p, p + 7, "Kharkiv")], [], Gazetteer.open()) == []


def test_a_town_that_says_things_stays_a_place_when_another_mention_is_placed():
    gaz = Gazetteer.open()
    text = "About 50 Gainesville residents marched. Gainesville says no to the plan."
    first, second = text.index("Gainesville"), text.rindex("Gainesville")
    found = [(first, first + 11, "Gainesville"), (second, second + 11, "Gainesville")]
    ents = [(first, first + 11, "ORG"), (second, second + 11, "PERSON")]
    assert combine(text, found, ents, gaz) == found
    # with no placed mention the speech verb makes it a person
    lone = "Gainesville says no to the plan."
    assert combine(lone, [(0, 11, "Gainesville")], [(0, 11, "PERSON")], gaz) == []


def test_dateline_and_party_home_kept_without_ner_support():
    gaz = Gazetteer.open()
    text = "Roof torn off. HURRICANE, W.Va. - Rep. Jo Brandt, D-Columbus, visited."
    found = find_toponyms(text, gazetteer=gaz)
    assert _names(found) == ["HURRICANE", "W.Va.", "Columbus"]
    kay = text.index("Jo Brandt")
    assert _names(combine(text, found, [(kay, text.index("visited") - 2, "PERSON")], gaz)) == _names(found)


def test_small_namesake_inside_an_organisation_is_dropped_a_state_is_kept():
    gaz = Gazetteer.open()
    text = "Handley Middle School pupils met the Texas Department of Health."
    handley, texas = _at(text, "Handley"), _at(text, "Texas")
    ents = [(handley[0], text.index(" pupils"), "ORG"), (texas[0], len(text) - 1, "ORG")]
    assert combine(text, [handley, texas], ents, gaz) == [texas]


def test_demonym_needs_no_ner_support():
    gaz = Gazetteer.open()
    text = "the Egyptian- Israeli peace treaty"
    found = find_toponyms(text, gazetteer=gaz, demonyms=True)
    assert _names(combine(text, found, [], gaz)) == ["Egyptian", "Israeli"]


def test_ner_additions_skip_people_the_text_shows_streets_and_numbered_seats():
    gaz = Gazetteer.open()
    text = "It was close, said coach Ripley. Crews paved Wichita Street. She won the District 5 seat."
    ents = [(*_at(text, "Ripley")[:2], "GPE"), (*_at(text, "Wichita")[:2], "GPE"), (*_at(text, "District")[:2], "GPE")]
    assert combine(text, [], ents, gaz) == []
    # the same NER span in a plain locative context is added
    plain = "The storm reached Wichita overnight."
    assert _names(combine(plain, [], [(*_at(plain, "Wichita")[:2], "GPE")], gaz)) == ["Wichita"]


def test_a_lone_small_namesake_the_ner_calls_a_person_needs_a_place_cue():
    gaz = Gazetteer.open()
    text = "Later Hartman took the money."
    span = _at(text, "Hartman")
    assert combine(text, [span], [(*span[:2], "PERSON")], gaz) == []
    placed = "The storm hit Hartman overnight."
    p = _at(placed, "Hartman")
    assert combine(placed, [p], [(*p[:2], "PERSON")], gaz) == [p]


def test_town_before_its_officials_title_inside_a_person_entity():
    gaz = Gazetteer.open()
    text = "Torrington Fire Chief Dan Ross arrived first."
    town = _at(text, "Torrington")
    person = (0, text.index(" arrived"), "PERSON")
    assert combine(text, [town], [person], gaz) == [town]
    named = "Andrew Torrington arrived first."
    t2 = _at(named, "Torrington")
    assert combine(named, [t2], [(0, t2[1], "PERSON")], gaz) == []


def test_town_inside_a_named_feature_widens_to_the_feature():
    gaz = Gazetteer.open()
    text = "Crews worked in Hamilton Township and sailed across Lake Erie to the Port of Toledo."
    found = [_at(text, "Hamilton"), _at(text, "Erie"), _at(text, "Toledo")]
    twp, lake = _at(text, "Hamilton Township"), _at(text, "Lake Erie")
    port = (text.index("the Port"), text.index("."), "GPE")
    ents = [(*twp[:2], "GPE"), (*lake[:2], "LOC"), port]
    assert _names(combine(text, found, ents, gaz)) == ["Hamilton Township", "Lake Erie", "Port of Toledo"]
    # a name the NER reads as a longer, non-feature name keeps the gazetteer's span
    other = "Hamilton Academy opened."
    h = _at(other, "Hamilton")
    assert combine(other, [h], [(0, other.index(" opened"), "GPE")], gaz) == [h]


def test_multiword_name_the_ner_reads_as_an_organisation_needs_a_place_cue():
    gaz = Gazetteer.open()
    text = "A statement from the White House on Friday surprised aides."
    wh = _at(text, "White House")
    assert combine(text, [wh], [(text.index("the White"), wh[1], "ORG")], gaz) == []
    placed = "A Morgan Hill resident won."
    mh = _at(placed, "Morgan Hill")
    assert combine(placed, [mh], [(*mh[:2], "ORG")], gaz) == [mh]
