"""Event wording the trigger lexicon must cover: shooting a person, and a captured place the
gazetteer does not know but the report places in a known region."""

from __future__ import annotations

import frontwire


def _subs(text: str) -> list[tuple[str, str | None]]:
    return [(e.sub_event_type, e.location) for e in frontwire.extract(text, published="2022-04-20")]


def test_shooting_a_civilian_is_an_attack_even_if_no_one_died() -> None:
    assert _subs("Soldiers shot a farmer in Bucha on Monday.") == [("Attack", "Bucha")]


def test_shooting_at_nothing_personal_is_not_an_attack_on_people() -> None:
    assert all(sub != "Attack" for sub, _ in _subs("Hunters shot a deer near Bucha on Monday."))


def test_a_captured_village_unknown_to_the_gazetteer_but_placed_in_a_region() -> None:
    found = _subs("On 2 May 2022, Ukrainian troops recaptured Nova Dolyna, Kherson.")
    assert found and found[0][0] == "Government regains territory"


def test_a_weapon_anywhere_in_a_listed_object_makes_the_firing_an_event() -> None:
    found = _subs("On 3 May 2022, separatist forces fired IFVs, 122mm, heavy machine guns and grenade launchers "
                  "at government positions near Avdiivka, Donetsk.")
    assert found and found[0][0] == "Shelling/artillery/missile attack"


def test_firing_people_is_no_event() -> None:
    assert _subs("On 3 May 2022, the mayor of Avdiivka fired the director, his deputy and two clerks.") == []


def test_a_coded_note_says_where_it_is_coded() -> None:
    note = ("On 4 April 2022, artillery hit several villages on the border between the Kherson and "
            "Dnipropetrovsk regions. Casualties unknown. [coded to Kherson]")
    assert [loc for _sub, loc in _subs(note)] == ["Kherson"]


def test_a_toll_moved_to_another_event_does_not_move_the_place() -> None:
    note = ("On 3 May 2022, rebels shelled positions near Avdiivka, Donetsk. One soldier was wounded "
            "(fatalities coded to Horlivka event).")
    assert _subs(note)[0][1] != "Horlivka"


def test_calibres_the_parser_hangs_off_the_verb_still_name_the_weapon() -> None:
    found = _subs("On 5 May 2022, the army fired 152, 120mm and 82mm mortars at rebel positions near Horlivka. "
                  "As a result, two civilians were wounded.")
    assert found and found[0][0] == "Shelling/artillery/missile attack"


def test_a_doerless_incident_in_a_longer_story_does_not_borrow_another_incident_group() -> None:
    story = ("On Sunday, a sabotage group clashed with Russian troops near Novaya Tavolzhanka, the governor "
             "said. The Russian Volunteer Corps later said its fighters had crossed the border.\n\n"
             "Earlier, shelling hit Shebekino, damaging houses.")
    events = frontwire.extract(story, published="2023-06-04")
    shelling = [e for e in events if e.location == "Shebekino"]
    assert shelling and shelling[0].actor1 != "Russian Volunteer Corps"
    assert any(e.actor1 == "Russian Volunteer Corps" for e in events if e.location == "Novaya Tavolzhanka")
