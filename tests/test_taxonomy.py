from __future__ import annotations

import pytest

from frontwire import taxonomy


def test_six_types_twenty_five_sub_types():
    assert len(taxonomy.EVENT_TYPES) == 6
    assert len(taxonomy.SUB_EVENT_TYPES) == 25
    assert len(set(taxonomy.SUB_EVENT_TYPES)) == 25


@pytest.mark.parametrize(
    ("sub", "parent"),
    [
        ("Armed clash", "Battles"),
        ("Shelling/artillery/missile attack", "Explosions/Remote violence"),
        ("Abduction/forced disappearance", "Violence against civilians"),
        ("Excessive force against protesters", "Protests"),
        ("Mob violence", "Riots"),
        ("Disrupted weapons use", "Strategic developments"),
        ("Natural disaster", taxonomy.OUT_OF_SCOPE),
    ],
)
def test_event_type_of(sub, parent):
    assert taxonomy.event_type_of(sub) == parent


def test_unknown_sub_type_names_the_valid_ones():
    with pytest.raises(ValueError, match="Armed clash"):
        taxonomy.event_type_of("Skirmish")


def test_precedence_follows_acled():
    # a clash in which artillery is used is a battle
    assert taxonomy.pick(["Shelling/artillery/missile attack", "Armed clash"]) == "Armed clash"
    # capture of territory is the more specific battle
    assert taxonomy.pick(["Armed clash", "Non-state actor overtakes territory"]) == "Non-state actor overtakes territory"
    # civilians hit by shelling stays shelling
    assert taxonomy.pick(["Attack", "Shelling/artillery/missile attack"]) == "Shelling/artillery/missile attack"
    # violence outranks strategic developments; conflict outranks out-of-scope labels
    assert taxonomy.pick(["Arrests", "Attack"]) == "Attack"
    assert taxonomy.pick(["Diplomatic event", "Agreement"]) == "Agreement"
    with pytest.raises(ValueError):
        taxonomy.pick([])


def test_every_label_is_ranked_and_out_of_scope_is_flagged():
    for sub in taxonomy.SUB_EVENT_TYPES + taxonomy.OUT_OF_SCOPE_TYPES:
        assert taxonomy.rank(sub) < len(taxonomy.PRECEDENCE)
    assert taxonomy.is_out_of_scope("Organized crime")
    assert not taxonomy.is_out_of_scope("Arrests")
    assert set(taxonomy.PLOVER) == set(taxonomy.SUB_EVENT_TYPES)
