"""Actor mentions -> ACLED-style names and inter codes, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from frontwire import actors
from frontwire.records import Actor


@pytest.fixture(scope="session")
def nlp(plain_nlp: spacy.language.Language) -> spacy.language.Language:
    """These stages are tested on the parse alone, without the actor entity ruler."""
    return plain_nlp


def names(nlp, text: str, country: str | None = None, when: date | None = None) -> list[tuple[str, int]]:
    return [(a.name, a.inter) for a in actors.find_actors(nlp(text)[:], country, when)]


def test_foreign_state_forces_are_external_in_the_event_country(nlp) -> None:
    got = names(nlp, "Russian troops shelled Kupiansk overnight, wounding three civilians.", "UKR")
    assert got == [("Military Forces of Russia (2000-)", 8), ("Civilians (Ukraine)", 7)]


def test_same_force_at_home_is_state_force(nlp) -> None:
    got = names(nlp, "Moscow's forces repelled the raid near Graivoron.", "RUS")
    assert got == [("Military Forces of Russia (2000-)", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "The Armed Forces of Ukraine struck a depot.",
        "Kyiv's troops struck a depot.",
        "Ukraine's military struck a depot.",
        "The Ukrainian army struck a depot.",
        "ZSU units struck a depot.",
    ],
)
def test_ukrainian_force_variants(nlp, text: str) -> None:
    got = names(nlp, text, "UKR")
    assert got[0] == ("Military Forces of Ukraine (2019-)", 1)


def test_offsets_point_at_the_mention(nlp) -> None:
    text = "Later, the Russian Defence Ministry said its air defences downed two drones."
    doc = nlp(text)
    found = actors.find_actors(doc[:], "RUS")
    first = found[0]
    assert text[first.start:first.end] == first.text == "Russian Defence Ministry"
    assert first.name == "Military Forces of Russia (2000-)"


def test_offsets_are_document_offsets_for_a_later_sentence(nlp) -> None:
    doc = nlp("Nothing happened on Monday. On Tuesday Malian soldiers patrolled near Gao.")
    sent = list(doc.sents)[1]
    a = actors.find_actors(sent, "MLI", date(2024, 3, 5))[0]
    assert doc.text[a.start:a.end] == "Malian soldiers"
    assert (a.name, a.inter) == ("Military Forces of Mali (2021-)", 1)


def test_air_force_from_the_words_and_from_the_verb(nlp) -> None:
    assert names(nlp, "Syrian warplanes hit Idlib.", "SYR", date(2023, 5, 1)) == [
        ("Military Forces of Syria (2000-2024) Air Force", 1)
    ]
    got = names(nlp, "Russian forces conducted airstrikes on Izium.", "UKR")
    assert got == [("Military Forces of Russia (2000-) Air Force", 8)]


def test_coordinated_nationalities_are_two_actors(nlp) -> None:
    doc = nlp("Russian and Ukrainian forces clashed near Vuhledar.")
    found = actors.find_actors(doc[:], "UKR")
    assert [a.name for a in found] == ["Military Forces of Russia (2000-)", "Military Forces of Ukraine (2019-)"]
    assert [doc.text[a.start:a.end] for a in found] == ["Russian", "Ukrainian forces"]
    # opponents of a reciprocal verb are not one side
    assert len(actors.group_allies(found, doc[:])) == 2


def test_allies_become_associated_actors(nlp) -> None:
    doc = nlp("Wagner mercenaries and Malian soldiers raided the village of Moura.")
    found = actors.find_actors(doc[:], "MLI", date(2022, 3, 27))
    sides = actors.group_allies(found, doc[:])
    primary, assoc = sides[0]
    assert primary.name == "Military Forces of Mali (2021-)"
    assert actors.assoc_name(assoc) == "Wagner Group"


def test_sahel_groups_and_regional_convention(nlp) -> None:
    got = names(nlp, "Suspected jihadists ambushed a VDP patrol while Koglweogo members fled.", "BFA",
                date(2023, 1, 10))
    assert got == [
        ("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)", 2),
        ("VDP: Volunteer for Defense of Homeland", 4),
        ("Koglweogo Militia", 3),
    ]
    # outside the Sahel the same words are an unidentified armed group
    assert names(nlp, "Suspected jihadists ambushed a patrol.", "KEN")[0] == ("Unidentified Armed Group (Kenya)", 3)


def test_uncertain_perpetrator_is_named_jointly(nlp) -> None:
    got = names(nlp, "Presumed JNIM or ISGS militants burned a school near Dori.", "BFA")
    assert got == [("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)", 2)]


def test_parent_group_in_brackets_names_the_actor(nlp) -> None:
    got = names(nlp, "Katiba Macina (JNIM) fighters attacked a market.", "MLI")
    assert got == [("JNIM: Group for Support of Islam and Muslims", 2)]


def test_middle_east_and_africa_groups(nlp) -> None:
    assert names(nlp, "Houthi rebels fired a missile at a tanker.", "YEM")[0] == ("Houthi Movement", 2)
    assert names(nlp, "The IDF said it struck Hezbollah positions.", "LBN")[:2] == [
        ("Military Forces of Israel (2022-)", 8), ("Hezbollah", 2)]
    assert names(nlp, "Al-Shabaab militants stormed a hotel in Kismayo.", "SOM")[0] == ("Al Shabaab", 2)
    assert names(nlp, "RSF fighters looted the market.", "SDN")[0] == ("RSF: Rapid Support Forces", 2)
    assert names(nlp, "Islamic State fighters attacked a checkpoint.", "IRQ")[0] == ("Islamic State (Iraq)", 2)


def test_generic_actors_take_the_event_country_or_stay_generic(nlp) -> None:
    doc = nlp("Unidentified gunmen kidnapped four villagers.")
    loose = actors.find_actors(doc[:])
    assert [a.name for a in loose] == ["Unidentified Armed Group", "Civilians"]
    assert all(a.rule.startswith("generic:") for a in loose)
    fixed = [actors.localise(a, "NGA") for a in loose]
    assert [(a.name, a.inter) for a in fixed] == [("Unidentified Armed Group (Nigeria)", 3), ("Civilians (Nigeria)", 7)]


def test_unqualified_soldiers_and_police_are_the_countrys_own(nlp) -> None:
    got = names(nlp, "Soldiers and gendarmes dispersed the crowd.", "NER", date(2024, 2, 1))
    assert got[:2] == [("Military Forces of Niger (2023-)", 1), ("Police Forces of Niger (2023-) Gendarmerie", 1)]


def test_protesters_rioters_and_implied_crowd(nlp) -> None:
    assert names(nlp, "Demonstrators gathered outside parliament in Nairobi.", "KEN") == [("Protesters (Kenya)", 6)]
    assert names(nlp, "An angry mob set fire to a police post.", "KEN")[0] == ("Rioters (Kenya)", 5)
    # residents who protest are protesters
    assert names(nlp, "Residents protested against power cuts in Bobo-Dioulasso.", "BFA") == [("Protesters (Burkina Faso)", 6)]
    # a sit-in with no named crowd still has one
    got = actors.find_actors(nlp("A sit-in was held in front of the town hall.")[:], "SEN")
    assert [(a.name, a.rule) for a in got] == [("Protesters (Senegal)", "implied:sit-in")]


def test_nationality_names_civilians_country(nlp) -> None:
    assert names(nlp, "Two Lithuanian civilians were wounded in Kharkiv.", "UKR") == [("Civilians (Lithuania)", 7)]


def test_pro_side_groups_and_named_raiders(nlp) -> None:
    doc = nlp("Pro-Ukrainian fighters and the Russian Volunteer Corps crossed into the Kursk region.")
    found = actors.find_actors(doc[:], "RUS")
    assert [(a.name, a.inter) for a in found] == [
        ("Unidentified Armed Group (Russia)", 3), ("Russian Volunteer Corps", 2)]
    assert "pro-side:UKR" in found[0].rule
    # both on Ukraine's side: one side, not two
    assert len(actors.group_allies(found, doc[:])) == 1


def test_sabotage_group_said_to_be_of_a_nationality(nlp) -> None:
    got = names(nlp, "The ministry said a sabotage group of Ukrainian soldiers was destroyed.", "RUS")
    assert ("Military Forces of Ukraine (2019-)", 8) in got


def rules(nlp, text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(a.name, a.rule) for a in actors.find_actors(nlp(text)[:], country)]


def test_one_sides_framing_of_raiders_is_an_armed_group_of_the_other_side(nlp) -> None:
    # "terrorists"/"saboteurs"/"DRG" is how one side describes the other's raiders: an
    # unidentified armed group in the event's country, the side kept in the rule
    assert rules(nlp, "The army said it beat back a sabotage group of Ukrainian terrorists at Tetkino.",
                 "RUS") == [("Military Forces of Russia (2000-)", "unqualified-state:military"),
                            ("Unidentified Armed Group (Russia)", "framed-side:UKR")]
    assert rules(nlp, "Ukrainian saboteurs blew up a rail bridge near Klintsy.", "RUS") == [
        ("Unidentified Armed Group (Russia)", "framed-side:UKR")]
    assert rules(nlp, "A Ukrainian DRG tried to enter Sushany.", "RUS")[0] == (
        "Unidentified Armed Group (Russia)", "framed-side:UKR")
    assert rules(nlp, "A Russian military sabotage group was ambushed near Nikopol.", "UKR") == [
        ("Unidentified Armed Group (Ukraine)", "framed-side:RUS")]
    # the side still tells allies apart: raiders and a named group of the same side are one side
    doc = nlp("Ukrainian raiders and the Russian Volunteer Corps crossed the border.")
    found = actors.find_actors(doc[:], "RUS")
    assert [a.name for a in found] == ["Unidentified Armed Group (Russia)", "Russian Volunteer Corps"]
    assert len(actors.group_allies(found, doc[:])) == 1
    # without the country yet, localise fills it and keeps the side
    loose = actors.find_actors(nlp("Ukrainian saboteurs mined a road.")[:])
    fixed = actors.localise(loose[0], "RUS")
    assert (fixed.name, fixed.rule) == ("Unidentified Armed Group (Russia)", "framed-side:UKR")
    # where a regional convention names "terrorists", it still applies
    assert names(nlp, "Malian terrorists attacked a market near Djibo.", "BFA")[0][0].startswith("JNIM")


def test_localise_never_leaves_a_generic_name_without_its_country() -> None:
    bare = Actor(name="Unidentified Armed Group", inter=3, text="gunmen", start=0, end=6,
                 rule="responsibility:generic:Unidentified Armed Group ({country})")
    got = actors.localise(bare, "BFA")
    assert got.name == "Unidentified Armed Group (Burkina Faso)"
    assert got.rule.startswith("responsibility:")
    # a bare template name whatever its rule says
    odd = Actor(name="Civilians", inter=7, text="villagers", start=0, end=9, rule="other-stage")
    assert actors.localise(odd, "MLI").name == "Civilians (Mali)"
    # named actors are left alone
    named = Actor(name="Wagner Group", inter=8, text="Wagner", start=0, end=6, rule="group:Wagner Group")
    assert actors.localise(named, "MLI").name == "Wagner Group"


@pytest.mark.parametrize("text", [
    "Russian and Ukrainian forces clashed near Bakhmut; Russia's forces lost a tank.",
    "MALI'S ARMY and the Armed Forces of Ukraine; jama’at nusrat al-islam wal-muslimin fighters",
    "côte d'ivoire's troops, the DRC's soldiers, the  United   States forces, Burkinabe soldiers",
    "Czech Republic officials, Boko Haram militants and Central African Republic troops",
])
def test_trie_patterns_match_as_a_flat_longest_first_alternation(text: str) -> None:
    """The lexicon patterns are written as prefix tries for speed; they must match exactly what
    the plain longest-first alternation matched."""
    import re

    lex = actors._lexicon()
    words = list(lex.country_forms) + list(lex.capitals) + list(lex.demonyms) + list(lex.group_alias)
    flat = "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]")
                    for w in sorted(set(words), key=len, reverse=True))
    def spans(alt: str) -> list[tuple[int, int]]:
        rx = re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)
        return [m.span() for m in rx.finditer(text)]
    assert spans(actors._rx_alt(words)) == spans(flat)
    assert spans(flat)  # the test sentence does contain lexicon words


def test_country_as_agent_is_its_military_but_not_when_speaking(nlp) -> None:
    assert names(nlp, "Ukraine shelled the border town overnight.", "RUS") == [("Military Forces of Ukraine (2019-)", 8)]
    assert names(nlp, "Ukraine said the town was calm.", "RUS") == []


def test_generic_demonym_table_covers_other_countries(nlp) -> None:
    got = names(nlp, "Chadian troops and Nigerian police arrested the suspects.", "TCD", date(2024, 1, 1))
    assert got == [("Military Forces of Chad (2021-)", 1), ("Police Forces of Nigeria (2023-)", 8)]
    # a country with no period in the table gets no suffix rather than a guessed one
    assert names(nlp, "Peruvian soldiers patrolled the area.", "PER") == [("Military Forces of Peru", 1)]


def test_period_follows_the_event_date() -> None:
    assert actors.state_name("BFA", "police", date(2014, 6, 1)) == "Police Forces of Burkina Faso (1987-2014)"
    assert actors.state_name("BFA", "police", date(2014, 12, 1)) == "Police Forces of Burkina Faso (2014-2015)"
    assert actors.state_name("BFA", "military", date(2019, 1, 1)) == "Military Forces of Burkina Faso (2015-2022)"
    assert actors.state_name("BFA") == "Military Forces of Burkina Faso (2022-)"


@pytest.mark.parametrize(
    ("name", "iso3", "inter"),
    [
        ("Military Forces of Russia (2000-)", "UKR", 8),
        ("Military Forces of Russia (2000-)", "RUS", 1),
        ("Military Forces of Russia (2000-) Air Force", "SYR", 8),
        ("Police Forces of Ukraine (2019-) Border Guard", "UKR", 1),
        ("Military Forces of Burkina Faso (2015-2022)", "MLI", 8),
        ("IRGC: Islamic Revolutionary Guard Corps", "IRN", 1),
        ("IRGC: Islamic Revolutionary Guard Corps", "SYR", 8),
        ("Hamas Movement", "ISR", 2),
        ("Civilians (Ukraine)", "UKR", 7),
        ("Protesters (Kenya)", "KEN", 6),
        ("Wagner Group", "MLI", 8),
        ("Something Unknown", "UKR", 0),
    ],
)
def test_inter_for(name: str, iso3: str, inter: int) -> None:
    assert actors.inter_for(name, iso3) == inter


@pytest.mark.parametrize(
    ("i1", "i2", "code"), [(8, 1, 18), (1, 8, 18), (7, 8, 78), (1, 7, 17), (6, None, 60), (6, 0, 60), (2, 2, 22)]
)
def test_interaction(i1: int, i2: int | None, code: int) -> None:
    assert actors.interaction(i1, i2) == code


def test_country_helpers() -> None:
    assert actors.acled_country("COD") == "Democratic Republic of Congo"
    assert actors.acled_country("CIV") == "Ivory Coast"
    assert actors.country_iso3("Kyiv") == "UKR"
    assert actors.country_iso3("Burkinabe") == "BFA"
    assert actors.country_iso3("Russia's") == "RUS"
    assert actors.country_iso3("Narnia") is None


def test_entity_patterns_are_proper_names_only() -> None:
    pats = actors.entity_patterns()
    texts = {p["pattern"] for p in pats}
    assert "Koglweogo" in texts and "Hayat Tahrir al-Sham" in texts
    assert "separatists" not in texts and "Wagner" not in texts
    assert all(p["label"] == "ORG" for p in pats)


def test_assoc_name_dedupes_in_order() -> None:
    a = Actor("Wagner Group", 8, "Wagner", 0, 6)
    b = Actor("Chechen Battalion of Ramzan Kadyrov", 8, "Akhmat", 10, 16)
    assert actors.assoc_name([a, b, a]) == "Wagner Group; Chechen Battalion of Ramzan Kadyrov"


def test_downed_drone_and_air_bombs_are_the_air_force(nlp) -> None:
    got = names(nlp, "Ukrainian air defence shot down a Russian Shahed drone over Odesa.", "UKR")
    assert ("Military Forces of Russia (2000-) Air Force", 8) in got
    got = names(nlp, "Russian forces dropped air bombs on Vovchansk.", "UKR")
    assert got == [("Military Forces of Russia (2000-) Air Force", 8)]
    # a drone strike stays with the military as a whole
    assert names(nlp, "A Russian drone strike hit a bus in Kherson.", "UKR") == [("Military Forces of Russia (2000-)", 8)]


def test_named_units_keep_their_service_name(nlp) -> None:
    assert names(nlp, "The SBU detained two saboteurs in Odesa.", "UKR")[0] == (
        "Police Forces of Ukraine (2019-) Security Service of Ukraine", 1)
    assert names(nlp, "Ukrainian border guards came under fire near Sumy.", "UKR") == [
        ("Police Forces of Ukraine (2019-) State Border Guard Service", 1)]


def test_joint_actor_uses_the_canonical_order(nlp) -> None:
    got = names(nlp, "ISGS or JNIM militants burned the gendarmerie post.", "BFA")
    assert got[0] == ("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)", 2)
    # acronyms of four letters or more match whatever their case
    assert names(nlp, "Suspected Isgs militants robbed traders.", "NER")[0][0] == "Islamic State (Greater Sahara)"


def test_civilian_crowds_become_protesters_or_rioters(nlp) -> None:
    assert names(nlp, "Nurses and teachers staged a sit-in outside the ministry.", "SEN") == [
        ("Protesters (Senegal)", 6), ("Protesters (Senegal)", 6)]
    assert names(nlp, "Students clashed with police near the campus.", "SEN") == [
        ("Rioters (Senegal)", 5), ("Police Forces of Senegal", 1)]
    # armed villagers are not a crowd
    assert names(nlp, "Armed villagers burned a school.", "SEN")[0][1] != 5


def test_force_word_ending_a_group_name_is_not_a_state(nlp) -> None:
    assert names(nlp, "The Arakan Army captured a base.", "MMR") == [("Arakan Army", 2)]
    assert names(nlp, "Fighters of the Free Syrian Army advanced.", "SYR")[-1] == ("FSA: Free Syrian Army", 2)
    assert names(nlp, "The Kachin Liberation Army ambushed a convoy.", "MMR") == []
    # a demonym starting the name is still the state's army
    assert names(nlp, "The Myanmar Army shelled the town.", "MMR") == [("Military Forces of Myanmar", 1)]


def test_country_names_with_article_and_inter() -> None:
    name = actors.state_name("USA", "military", date(2023, 1, 1))
    assert name == "Military Forces of the United States (2021-2025)"
    assert actors.inter_for(name, "USA") == 1 and actors.inter_for(name, "SYR") == 8


def test_its_fighters_are_the_group_just_named(nlp) -> None:
    doc = nlp("Hamas said its fighters fired rockets at Ashkelon.")
    found = actors.find_actors(doc[:], "ISR")
    assert [(a.name, a.text) for a in found] == [("Hamas Movement", "Hamas"), ("Hamas Movement", "its fighters")]
    assert doc.text[found[1].start:found[1].end] == "its fighters"


def test_backed_separatists_in_donbas_are_naf(nlp) -> None:
    got = names(nlp, "Russian-backed separatists shelled Avdiivka.", "UKR", date(2021, 6, 1))
    assert got == [("NAF: United Armed Forces of Novorossiya", 2)]
    assert names(nlp, "Ukrainian forces returned fire.", "UKR", date(2016, 6, 1)) == [
        ("Military Forces of Ukraine (2014-2019)", 1)]


def test_localise_keeps_side_and_state_words(nlp) -> None:
    loose = actors.find_actors(nlp("Pro-Ukrainian fighters and soldiers exchanged fire.")[:])
    fixed = [actors.localise(a, "RUS") for a in loose]
    assert [(a.name, a.inter) for a in fixed] == [
        ("Unidentified Armed Group (Russia)", 3), ("Military Forces of Russia (2000-)", 1)]
    assert fixed[0].rule == "pro-side:UKR"


def test_prisoners_of_war_are_their_armys(nlp) -> None:
    assert names(nlp, "Raiders captured Russian prisoners of war near Shebekino.", "RUS")[-1] == (
        "Military Forces of Russia (2000-)", 1)


def test_self_defence_militias_are_communal_militias(nlp) -> None:
    got = names(nlp, "A local self-defence militia attacked herders near the village.", "MLI")
    assert got[0] == ("Unidentified Communal Militia (Mali)", 4)


def test_pro_government_flag_comes_from_the_lexicon() -> None:
    assert actors.pro_government("VDP: Volunteer for Defense of Homeland")
    assert actors.pro_government("CJTF: Civilian Joint Task Force")
    assert not actors.pro_government("JNIM: Group for Support of Islam and Muslims")
    assert not actors.pro_government("Military Forces of Burkina Faso (2022-)")


def test_home_country_of_named_actors() -> None:
    assert actors.home_country("Military Forces of Russia (2000-)") == "RUS"
    assert actors.home_country("Civilians (Mali)") is None


def test_named_group_takes_its_country_name_when_localised(nlp) -> None:
    dozo = actors.find_actors(nlp("Dozo hunters killed two herders.")[:])[0]
    assert actors.localise(dozo, "BFA").name == "Dozo Communal Militia (Burkina Faso)"
    assert actors.localise(dozo, "MLI").name == "Dozo Communal Militia (Mali)"


def test_members_of_a_named_group_are_that_group(nlp) -> None:
    got = actors.find_actors(nlp("Fighters of the Islamic State West Africa Province attacked a base.")[:])
    assert got[0].name == "Islamic State (West Africa)"
    assert got[0].text.startswith("Fighters of")
    assert names(nlp, "Militants from Ansarul Islam burned a school.")[0][0] == "Ansaroul Islam"


# ---- crowd named by the event type ------------------------------------------------------------
def _crowd(name: str, inter: int, rule: str) -> Actor:
    return Actor(name=name, inter=inter, text="protesters", start=4, end=14, rule=rule)


@pytest.mark.parametrize("sub", ["Violent demonstration", "Mob violence"])
def test_riot_crowd_is_rioters(sub: str) -> None:
    a = actors.for_event(_crowd("Protesters (Kenya)", 6, "generic-word:Protesters ({country})"), sub)
    assert (a.name, a.inter) == ("Rioters (Kenya)", 5)
    assert a.rule == "generic-word:Rioters ({country})"
    assert (a.text, a.start, a.end) == ("protesters", 4, 14)  # evidence kept


def test_for_riot_before_localise() -> None:
    a = actors.for_riot(_crowd("Protesters", 6, "generic:Protesters ({country})"))
    assert a.name == "Rioters" and a.inter == 5
    assert actors.localise(a, "KEN").name == "Rioters (Kenya)"


def test_protest_crowd_is_protesters() -> None:
    a = actors.for_event(_crowd("Rioters (Chile)", 5, "generic-word:Rioters ({country})"), "Peaceful protest")
    assert (a.name, a.inter) == ("Protesters (Chile)", 6)


@pytest.mark.parametrize(
    ("name", "sub"),
    [
        ("Protesters (Kenya)", "Armed clash"),
        ("Protesters (Kenya)", None),
        ("Police Forces of Kenya (2022-)", "Violent demonstration"),
        ("Protesters Union", "Violent demonstration"),
    ],
)
def test_other_actors_unchanged(name: str, sub: str | None) -> None:
    a = _crowd(name, 6, "group")
    assert actors.for_event(a, sub) == a


def _state(name: str = "Police Forces of Kenya (2022-)") -> Actor:
    return Actor(name=name, inter=1, text="police", start=30, end=36, rule="unqualified-state:police")


def test_crowd_leads_a_protest() -> None:
    crowd = _crowd("Protesters (Kenya)", 6, "generic-word:Protesters ({country})")
    a1, a2 = actors.for_event_pair(_state(), crowd, "Protest with intervention", "KEN")
    assert (a1.name, a2.name) == ("Protesters (Kenya)", "Police Forces of Kenya (2022-)")


def test_state_leads_excessive_force() -> None:
    crowd = _crowd("Protesters (Kenya)", 6, "generic-word:Protesters ({country})")
    a1, a2 = actors.for_event_pair(crowd, _state(), "Excessive force against protesters", "KEN")
    assert (a1.name, a2.name) == ("Police Forces of Kenya (2022-)", "Protesters (Kenya)")


def test_riot_civilians_become_rioters_in_actor1_only() -> None:
    civ = _crowd("Civilians (Kenya)", 7, "generic-word:Civilians ({country})")
    a1, _ = actors.for_event_pair(civ, None, "Violent demonstration", "KEN")
    assert (a1.name, a1.inter) == ("Rioters (Kenya)", 5)
    victims = _crowd("Civilians (Kenya)", 7, "generic-word:Civilians ({country})")
    mob = _crowd("Rioters (Kenya)", 5, "generic-word:Rioters ({country})")
    a1, a2 = actors.for_event_pair(mob, victims, "Mob violence", "KEN")
    assert (a1.name, a2.name) == ("Rioters (Kenya)", "Civilians (Kenya)")  # the mob's victims stay


def test_implied_crowd_needs_a_country() -> None:
    a1, a2 = actors.for_event_pair(_state(), None, "Protest with intervention", "KEN")
    assert (a1.name, a1.inter, a2.name) == ("Protesters (Kenya)", 6, "Police Forces of Kenya (2022-)")
    assert a1.start == -1 and a1.rule.startswith("implied-crowd")
    a1, a2 = actors.for_event_pair(_state(), None, "Protest with intervention", None)
    assert a1.name == "Police Forces of Kenya (2022-)" and a2 is None


def test_pair_leaves_other_events_alone() -> None:
    civ = _crowd("Civilians (Kenya)", 7, "generic-word:Civilians ({country})")
    assert actors.for_event_pair(_state(), civ, "Attack", "KEN") == (_state(), civ)


def test_bracketed_group_names_generic_word(nlp) -> None:
    found = names(nlp, "Volunteer fighters (VDP) repelled the gunmen.", "BFA")
    assert found[0] == ("VDP: Volunteer for Defense of Homeland", 4)  # not "Unidentified Armed Group"


def test_localise_gives_state_actor_the_events_period() -> None:
    found_undated = Actor(name="Military Forces of Burkina Faso (2022-) Air Force", inter=1, text="Burkinabe air force",
                          start=0, end=19, rule="nationality+air_force")
    a = actors.localise(found_undated, "BFA", date(2020, 5, 1))
    assert a.name == "Military Forces of Burkina Faso (2015-2022) Air Force"
    assert actors.localise(found_undated, "BFA", None).name == found_undated.name  # no date: unchanged


def test_countries_named_by_their_institutions_only() -> None:
    text = ("Chinese workers employed by the Burkinabe ministry fled toward the Malian border "
            "after the Malian army arrived; chad troops.")
    assert actors.countries_named(text) == ["BFA", "MLI"]
    assert actors.countries_named("Mali's government and the Nigerien authorities") == ["MLI", "NER"]
    assert actors.countries_named("Gunmen killed a Burkinabe trader.") == []


def test_period_is_named_as_it_stood_when_the_report_was_published() -> None:
    # a 2020 report: the government of 2015 was still in power, so its period was open then
    assert actors.state_name("BFA", "military", date(2020, 5, 1), as_of=date(2020, 6, 1)) == (
        "Military Forces of Burkina Faso (2015-)")
    # read in 2023, the same event's government is a closed period
    assert actors.state_name("BFA", "military", date(2020, 5, 1), as_of=date(2023, 1, 1)) == (
        "Military Forces of Burkina Faso (2015-2022)")
    # no event date: the government in power when the report was written
    assert actors.state_name("BFA", "police", None, as_of=date(2013, 3, 1)) == (
        "Police Forces of Burkina Faso (1987-)")
    # an event long before the report keeps the closed period of its own government
    assert actors.state_name("BFA", "police", date(2011, 4, 1), as_of=date(2020, 1, 1)) == (
        "Police Forces of Burkina Faso (1987-2014)")


def test_localise_names_the_period_as_of_publication() -> None:
    found = Actor(name="Police Forces of Burkina Faso (2022-) Gendarmerie", inter=1, text="gendarmes",
                  start=0, end=9, rule="nationality-head")
    got = actors.localise(found, "BFA", date(2019, 8, 1), as_of=date(2019, 9, 3))
    assert got.name == "Police Forces of Burkina Faso (2015-) Gendarmerie"
    assert actors.localise(found, "BFA", date(2019, 8, 1)).name == (
        "Police Forces of Burkina Faso (2015-2022) Gendarmerie")


def test_either_group_with_spaced_slash_is_joint(nlp) -> None:
    got = names(nlp, "Suspected JNIM and /or ISGS militants burned a school in the village.", "BFA")
    assert got[0][0] == "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"
    # a unit and the coalition it belongs to are not two suspects
    got = names(nlp, "Presumed Katiba Macina/JNIM militants burned a school in the village.", "BFA")
    assert "and/or" not in got[0][0]


def test_volunteer_fighters_are_the_vdp_in_burkina_faso(nlp) -> None:
    vdp = "VDP: Volunteer for Defense of Homeland"
    assert names(nlp, "Volunteer fighters repelled an attack on the village.", "BFA")[0][0] == vdp
    assert names(nlp, "Two VDPs were wounded in the ambush.", "BFA")[0][0] == vdp
    # elsewhere volunteer fighters are no Burkinabe militia
    assert all(n != vdp for n, _ in names(nlp, "Volunteer fighters repelled an attack on the village.", "UKR"))


def test_an_ethnic_groups_armed_band_is_its_ethnic_militia(nlp) -> None:
    assert names(nlp, "Dogon militiamen burned a hamlet near the river.", "MLI")[0] == (
        "Dogon Ethnic Militia (Mali)", 4)
    # lower case is no people's name
    assert all("Ethnic Militia" not in n for n, _ in names(nlp, "The bobo fighters left.", "BFA"))


def test_a_community_that_attacks_is_named_as_its_militia(nlp) -> None:
    text = "Members of the Mossi and Samo communities attacked herders at the market."
    civ = next(a for a in actors.find_actors(nlp(text)[:], "BFA") if a.name.startswith("Civilians"))
    assert actors.as_ethnic_militia(civ, "BFA", text).name == "Mossi Ethnic Militia (Burkina Faso)"
    # civilians named without a people stay civilians; other actors are untouched
    plain = Actor(name="Civilians (Burkina Faso)", inter=7, text="villagers", start=0, end=9, rule="generic-word")
    assert actors.as_ethnic_militia(plain, "BFA", "villagers fled").name == "Civilians (Burkina Faso)"
    army = Actor(name="Military Forces of Mali (2021-)", inter=1, text="Fulani soldiers", start=0, end=15, rule="x")
    assert actors.as_ethnic_militia(army, "MLI").name == army.name
