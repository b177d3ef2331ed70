"""Wording that places a name: a settlement noun after it, and a district called after its town."""

from __future__ import annotations

from frontwire.places import geocode


def _found(text: str) -> dict[str, tuple[str | None, str | None, int]]:
    return {p.text: (p.name, p.admin1, p.precision) for p in geocode(text)}


def test_a_settlement_noun_after_a_small_name_marks_it_as_a_place() -> None:
    found = _found("Soldiers took the head of Myliach village, Rivne, away for questioning.")
    assert found["Myliach"][1] == "Rivne"
    # without the noun, a lone small name is not taken for a place
    assert "Myliach" not in _found("Soldiers questioned Myliach on Monday.")


def test_a_district_named_after_its_town_is_the_town_at_precision_2() -> None:
    found = _found("Civilians were detained in Berdiansk region, Zaporizhia, last week.")
    name, admin1, precision = found["Berdiansk region"]
    assert (admin1, precision) == ("Zaporizhia", 2)
    assert name and name.startswith("Berd")


def test_a_province_named_like_its_capital_is_still_the_province() -> None:
    name, admin1, precision = _found("Shelling hit the Zaporizhia region overnight.")["Zaporizhia region"]
    assert (admin1, precision) == ("Zaporizhia", 3)


def test_a_group_named_like_a_small_town_is_not_that_town() -> None:
    found = _found("Members of Svoboda and supporters of Azov rallied in Lviv on Sunday.")
    assert set(found) == {"Lviv"}
    # a country or a big city after the same words is still a place
    assert "Kenya" in _found("Leaders of Kenya met in Nairobi.")
    # and the small name after a locative word stays a place
    assert "Svoboda" in _found("Shelling hit the village of Svoboda in Kharkiv region.")
