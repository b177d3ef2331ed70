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
