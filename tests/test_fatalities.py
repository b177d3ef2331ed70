"""Death counts by ACLED conventions (sentences written for these tests)."""

from __future__ import annotations

import pytest

from frontwire.fatalities import (
    claimed_counts,
    combine,
    fatalities_in,
    find_fatalities,
    parse_number,
)
from frontwire.records import Fatalities


def bl(text: str) -> tuple[int, int, int] | None:
    f = find_fatalities(text)
    return None if f is None else (f.best, f.low, f.high)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two soldiers were killed in the ambush.", (2, 2, 2)),
        ("The airstrike killed twenty-one people and injured 40.", (21, 21, 21)),
        ("Gunmen opened fire on the bus, killing 1,200 passengers.", (1200, 1200, 1200)),
        ("A dozen villagers lost their lives.", (12, 12, 12)),
        ("Three bodies were recovered from the river.", (3, 3, 3)),
        ("The raid left four people dead.", (4, 4, 4)),
        ("The clash claimed the lives of nine fighters.", (9, 9, 9)),
        ("Officials reported 14 fatalities.", (14, 14, 14)),
        ("A policeman was shot dead at the checkpoint.", (1, 1, 1)),
        ("7 dead, 12 injured after the blast.", (7, 7, 7)),
        ("Dozens of civilians were killed.", (12, 12, 99)),
        ("Hundreds died in the fighting.", (100, 100, 999)),
        ("Several protesters died.", (3, 3, 9)),
        ("At least 15 people were killed.", (15, 15, 15)),
        ("More than 30 soldiers died.", (30, 30, 30)),
        ("Up to 8 people were killed.", (8, 1, 8)),
        ("Between 5 and 10 people were killed.", (5, 5, 10)),
        ("Two or three guards were killed.", (2, 2, 3)),
        ("The death toll rose to 45 on Tuesday.", (45, 45, 45)),
    ],
)
def test_counts(text: str, expected: tuple[int, int, int]) -> None:
    assert bl(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Five people were wounded in the attack.",
        "Two fighters were captured and three are missing.",
        "The militia threatened to kill 5 hostages.",
        "The convoy was attacked two days ago.",
        "Six gunmen stormed the village.",
        "Four children were injured by shrapnel.",
    ],
)
def test_no_deaths_read(text: str) -> None:
    assert find_fatalities(text) is None


@pytest.mark.parametrize(
    "text",
    ["No one was killed in the attack.", "There were no casualties.", "The base was shelled without loss of life."],
)
def test_zero_with_evidence(text: str) -> None:
    f = find_fatalities(text)
    assert f is not None and (f.best, f.low, f.high) == (0, 0, 0)
    assert f.text and f.text in text
    assert f.rule == "none-reported"


def test_distinct_groups_are_summed() -> None:
    assert bl("Two pilots died, and at least two soldiers coming to rescue them were killed.") == (4, 4, 4)
    assert bl("Three soldiers and a civilian were killed.") == (4, 4, 4)
    assert bl("The shelling killed three soldiers and two civilians.") == (5, 5, 5)


def test_subgroups_and_restatements_are_not_added() -> None:
    assert bl("Five people, including two children, were killed.") == (5, 5, 5)
    assert bl("Six villagers died. Three of the dead were women.") == (6, 6, 6)
    assert bl("Two soldiers were killed on Monday. The two soldiers died near the bridge.") == (2, 2, 2)
    assert bl("Two soldiers were killed. Another three civilians also died.") == (5, 5, 5)


def test_killers_are_not_counted_as_victims() -> None:
    assert bl("Two gunmen killed three farmers.") == (3, 3, 3)


def test_coded_as_statements_are_honoured() -> None:
    assert bl("Clashes near the village. Unspecified fatalities coded as 10.") == (10, 10, 10)
    assert bl("2 soldiers were killed; losses on the other side coded as additional 10 fatalities.") == (12, 12, 12)


def test_unspecified_deaths_use_the_lexicon_value() -> None:
    f = find_fatalities("Civilians were killed when the market was shelled.")
    assert f is not None and f.best == 10 and f.rule == "unspecified"


def test_offsets_point_at_the_evidence() -> None:
    text = "Rebels attacked the post, killing seven soldiers."
    f = find_fatalities(text, offset=50)
    assert f is not None
    assert text[f.start - 50 : f.end - 50] == f.text == "killing seven"


def test_fatalities_in_sentences_of_one_report() -> None:
    f = fatalities_in([("Four militants were killed.", 0), ("An additional soldier also died.", 30)])
    assert f is not None and f.best == 5


def test_combine_is_conservative() -> None:
    a = Fatalities(12, 12, 12, "12 killed", 0, 9, "after:exact")
    b = Fatalities(8, 5, 8, "up to 8", 20, 27, "after:up-to")
    c = combine([a, b])
    assert (c.best, c.low, c.high) == (8, 5, 12)
    assert c.text == "up to 8"
    assert combine([a]) == a
    with pytest.raises(ValueError):
        combine([])


@pytest.mark.parametrize(
    ("text", "n"),
    [("21", 21), ("1,200", 1200), ("twenty-one", 21), ("one hundred and five", 105), ("a dozen", 12),
     ("half a dozen", 6), ("two thousand", 2000), ("2.5 million", 2_500_000), ("many", None)],
)
def test_parse_number(text: str, n: int | None) -> None:
    assert parse_number(text) == n


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("During the day 20 soldiers were killed in the region [20 fatalities split among 5 events].", 4, "note:split"),
        ("Shelling hit the town; one civilian was killed (fatalities coded to the Marinka event).", 0, "note:coded-elsewhere"),
        ("Troops killed 132 people in the district. 108 fatalities are coded here.", 108, "note:coded-here"),
    ],
)
def test_acled_note_statements(text: str, expected: int, rule: str) -> None:
    f = find_fatalities(text)
    assert f is not None and f.best == expected and f.rule == rule


def test_singular_victims_and_non_people() -> None:
    assert bl("Gunmen fired at the car. The driver was killed.") == (1, 1, 1)
    assert bl("Unknown gunmen assassinated a school director.") == (1, 1, 1)
    assert find_fatalities("The farm was shelled and several cows were killed.") is None
    assert find_fatalities("Relatives of a murdered girl protested.") is None


def test_negated_plural_is_zero_not_unspecified() -> None:
    assert bl("No soldiers were killed in the exchange of fire.") == (0, 0, 0)
    assert bl("None of the villagers were killed.") == (0, 0, 0)


def test_news_wording_edge_cases() -> None:
    assert bl("Fighting over the weekend left 15 dead and dozens injured.") == (15, 15, 15)
    assert bl("Two of the wounded later died in hospital.") == (2, 2, 2)
    assert bl("A suicide bomber killed himself and four soldiers.") == (5, 5, 5)
    assert bl("The bombing killed 5 and 20 were injured.") == (5, 5, 5)


def test_also_after_the_number_adds_a_second_group_with_the_same_count() -> None:
    """'Two soldiers were also killed' is another group, even with the same figure as the first."""
    from frontwire.fatalities import fatalities_in

    text = "Two pilots died when the helicopter came down. Two soldiers were also killed."
    assert fatalities_in([(text, 0)]).best == 4
    assert fatalities_in([("Two pilots died. The two men were experienced.", 0)]).best == 2


# ---- parties' claims ------------------------------------------------------------------------
_SAHEL = (
    "Gunmen raided a gendarmerie post near Kantchari, dozens reported dead. "
    "The rebel front claimed responsibility, saying its fighters had killed more than 40 gendarmes. "
    "The government said in a communique that several dozen terrorists were neutralised. "
    "It said six gendarmes and three members of the Civil Defence Corps (CDC) were killed. "
    "A mayor said at least five herders were also killed nearby. "
    "The claims could not be independently verified."
)


def test_claims_set_aside_for_reported_deaths() -> None:
    f = fatalities_in([(_SAHEL, 0)])
    assert f is not None
    assert (f.best, f.low) == (14, 14)  # 6 + 3 gendarmes/CDC + 5 herders
    assert f.high >= 40 + 5  # the claims still widen the range
    assert "claims-set-aside" in f.rule


def test_claimed_counts_keep_each_claim() -> None:
    found = claimed_counts([(_SAHEL, 100)])
    assert sorted(c.best for c in found) == [12, 40]
    for c in found:
        assert c.rule.startswith("claimed:")
        assert _SAHEL[c.start - 100 : c.end - 100] == c.text


@pytest.mark.parametrize(
    ("text", "best"),
    [
        # only a claim: coded
        ("The rebels claimed to have killed three soldiers near the river.", 3),
        ("The ministry said it had killed 25 militants in air strikes.", 25),
        # a claim about other victims, undisputed: added
        ("Militants ambushed a convoy and killed a soldier. The army said it killed six militants.", 7),
        # the same claim, doubted by the report: set aside
        ("Militants ambushed a convoy and killed a soldier. The army said it killed six militants, "
         "a figure that could not be verified.", 1),
        # competing figures for the same victims: the lowest
        ("The insurgents said they killed 30 soldiers. The army said two soldiers were killed.", 2),
        ("The insurgents said they killed 3 soldiers. Residents said 8 soldiers were killed.", 3),
        # a party reporting its own losses is a report, not a claim
        ("The army said nine soldiers were killed in the attack.", 9),
        # claiming responsibility for an attack is not claiming its toll
        ("The group claimed responsibility for the bombing, which killed 11 people.", 11),
    ],
)
def test_claim_conventions(text: str, best: int) -> None:
    f = find_fatalities(text)
    assert f is not None and f.best == best, f


def test_claim_only_rule_is_marked() -> None:
    f = find_fatalities("The rebels claimed to have killed three soldiers.")
    assert f is not None and f.rule.startswith("claimed:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops neutralised 12 terrorists during the sweep.", 12),
        ("Several dozen people were killed.", 12),
        ("Four members of the National Guard of the Republic were killed.", 4),
        ("A patrol killed two IED planters near the bridge.", 2),
    ],
)
def test_more_wording(text: str, expected: int) -> None:
    f = find_fatalities(text)
    assert f is not None and f.best == expected, f


@pytest.mark.parametrize(
    "text",
    ["An army unit neutralized an IED near the market.", "The patrol neutralised two explosive devices."],
)
def test_neutralised_things_are_not_deaths(text: str) -> None:
    assert find_fatalities(text) is None


def test_more_than_is_not_another_group() -> None:
    f = fatalities_in([("Dozens were reported dead.", 0), ("Rebels killed more than 20 soldiers.", 30)])
    assert f is not None and f.best == 20


def test_a_strike_that_killed_people_is_no_self_claim() -> None:
    f = find_fatalities("A missile hit the mall. Officials said it killed 12 people.")
    assert f is not None and f.best == 12 and not f.rule.startswith("claimed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the figure of the people named before "killed them"
        ("Militiamen captured two bandits and killed them after questioning.", 2),
        ("Soldiers arrested seventeen herders and summarily executed them near the river.", 17),
        # "to death" wording with the figure after or around the victims
        ("The mob hacked to death five men from the village.", 5),
        ("The mob lynched three individuals to death near the market.", 3),
        ("Hunters beat a suspected thief to death at the mine.", 1),
        # two definite victims with no figure; one found dead
        ("A woman and her son were killed when their cart struck a mine.", 2),
        ("Gunmen abducted the imam; he was found executed two days later.", 1),
    ],
)
def test_deaths_without_a_figure_next_to_the_death_word(text: str, expected: int) -> None:
    f = find_fatalities(text)
    assert f is not None and f.best == expected


def test_pronoun_after_a_non_lethal_verb_is_no_death() -> None:
    assert find_fatalities("Police arrested two men and questioned them.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one definite victim named by role, office or trade
        ("Bandits robbed the shop and killed the watchman.", 1),
        ("The prefect was killed when gunmen stormed his residence.", 1),
        ("Villagers beat the suspects and killed another herder.", 1),
        ("A trader was shot and killed on the road to the market.", 1),
        ("Eight men were summarily executed near the well.", 8),
        ("Soldiers arrested three youths who were later extrajudicially executed.", 3),
    ],
)
def test_definite_and_executed_victims_are_counted(text, expected):
    f = find_fatalities(text)
    assert f is not None and f.best == expected


def test_the_killer_of_an_active_shot_and_killed_is_not_counted():
    f = find_fatalities("A soldier shot and killed a civilian near the checkpoint.")
    assert f is not None and f.best == 1


def test_a_role_noun_without_a_death_is_no_fatality():
    assert find_fatalities("Gendarmes arrested the watchman and a trader.") is None


def test_note_coded_at_a_low_estimate():
    f = find_fatalities("Militants detonated a mine under a truck; unknown fatalities coded at low estimate of 3.")
    assert f is not None and (f.best, f.rule) == (3, "coded-as")


def test_a_named_victim_is_one_death():
    f = find_fatalities("Moussa Sawadogo was shot dead by gunmen near the market.")
    assert f is not None and f.best == 1
