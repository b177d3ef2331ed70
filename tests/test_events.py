"""Trigger coding, factuality and merging, on sentences and articles written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from frontwire.events import blank_removed, load_lexicon
from frontwire.records import Document, Span

PUB = "2023-09-12"  # a Tuesday


def _subs(pipeline, text, published=PUB):
    return [e.sub_event_type for e in pipeline.extract(text, published)]


def test_lexicon_loads_and_every_type_is_valid():
    lex = load_lexicon()
    assert len(lex.triggers) > 40
    assert "Shelling/artillery/missile attack" in {t.sub for t in lex.triggers.values()}


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("Government soldiers clashed with militants near Djibo on Sunday.", "Armed clash"),
        ("Russian forces shelled the village of Velyka Pysarivka on Monday.", "Shelling/artillery/missile attack"),
        ("Separatist fighters fired mortars at army positions near Horlivka.", "Shelling/artillery/missile attack"),
        ("A drone strike hit a fuel depot in Sevastopol on Monday.", "Air/drone strike"),
        ("Two soldiers were killed when their vehicle hit a landmine near Arbinda.", "Remote explosive/landmine/IED"),
        ("Air defence forces shot down four drones over Odesa on Monday.", "Disrupted weapons use"),
        ("Gunmen kidnapped a village chief in Titao on Saturday.", "Abduction/forced disappearance"),
        ("Hundreds of teachers staged a peaceful protest in Ouagadougou on Monday.", "Peaceful protest"),
        ("Police dispersed students protesting in Bobo-Dioulasso with tear gas.", "Protest with intervention"),
        ("Rioters burned tyres and ransacked the town hall in Koudougou.", "Violent demonstration"),
        ("Police arrested five opposition activists in Ouagadougou on Monday.", "Arrests"),
        ("Soldiers looted shops in the market of Kaya.", "Looting/property destruction"),
    ],
)
def test_triggers_code_the_sub_event_type(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_generic_attack_is_coded_by_weapon_and_target(pipeline):
    # "attack" alone says nothing about the weapon: the rest of the sentence decides
    assert _subs(pipeline, "Gunmen attacked villagers in Seytenga on Monday, killing eight people.")[:1] == ["Attack"]
    assert _subs(pipeline, "Russian forces attacked Kherson with rockets on Monday.")[:1] == [
        "Shelling/artillery/missile attack"
    ]


def test_civilians_shelled_stays_shelling_with_civilians_as_target(pipeline):
    ev = pipeline.extract("Russian forces shelled Nikopol on Monday, killing two civilians.", PUB)[0]
    assert ev.sub_event_type == "Shelling/artillery/missile attack"
    assert ev.actor2 and ev.actor2.startswith("Civilians")
    assert ev.fatalities == 2


def test_clash_with_shelling_is_a_battle(pipeline):
    evs = pipeline.extract(
        "Ukrainian troops clashed with Russian forces near Robotyne on Monday. "
        "The Russians were hit by artillery and retreated.", PUB)
    assert [e.sub_event_type for e in evs] == ["Armed clash"]


@pytest.mark.parametrize(
    "text",
    [
        "No clashes were reported in Izium on Monday.",
        "The army plans to attack rebel positions near Djibo.",
        "Officials warned that Russia would launch new missile strikes on Kharkiv.",
        "The rebels threatened to shell the airport of Goma.",
        "Kyiv denied carrying out the strike on the bridge near Chonhar.",
        "Ukraine is preparing a counteroffensive in Zaporizhzhia.",
        "Soldiers did not fire on the protesters in Kaya.",
    ],
)
def test_negated_hypothetical_future_and_denied_are_not_events(pipeline, text):
    assert _subs(pipeline, text) == []


def test_out_of_scope_stories_are_not_forced_into_conflict_types(pipeline):
    from frontwire.pipeline import Pipeline

    text = "A strong earthquake struck the Kahramanmaras province on Monday, killing dozens."
    assert _subs(pipeline, text) == []
    loose = Pipeline(include_out_of_scope=True)
    evs = loose.extract(text, PUB)
    assert [(e.event_type, e.sub_event_type) for e in evs] == [("Out of scope", "Natural disaster")]


def test_twice_told_incident_is_one_event_with_both_mentions(pipeline):
    text = (
        "Russian forces repelled an attack by Ukrainian troops near Klishchiivka on Monday, "
        "the Russian defence ministry said.\n\n"
        "Residents of nearby villages were told to stay indoors.\n\n"
        "Moscow's defence ministry claimed its units had repelled the assault near Klishchiivka."
    )
    evs = pipeline.extract(text, PUB)
    assert len(evs) == 1
    triggers = [x.text for x in evs[0].evidence if x.field == "sub_event_type"]
    assert triggers.count("repelled") == 2
    assert evs[0].event_date == date(2023, 9, 11)


def test_different_places_are_different_events(pipeline):
    text = ("Russian forces shelled Kherson on Monday. "
            "Separately, Russian forces shelled Nikopol in the Dnipropetrovsk region on Monday.")
    evs = pipeline.extract(text, PUB)
    assert len(evs) == 2
    assert {e.location for e in evs} >= {"Kherson", "Nikopol"}


def test_removed_spans_are_blanked_with_offsets_kept():
    text = "Photo: Jets bombed Donetsk on 5 May 2024.\nTroops fought near Bakhmut."
    doc = Document.from_text(text, removed=(Span(0, 41, "caption"),))
    blanked = blank_removed(doc)
    assert len(blanked) == len(text)
    assert "bombed" not in blanked and blanked[42:] == text[42:]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # the target decides generic violence: a village is civilians, an army post is a battle
        ("On 3 May, gunmen attacked the village of Titao. Six residents were killed.", "Attack"),
        ("On 3 May, gunmen attacked an army post near Titao. Two soldiers were killed.", "Armed clash"),
        ("Militants killed two members of the herder community near Djibo on Monday.", "Attack"),
        ("Militants killed two volunteer fighters near Djibo on Monday.", "Armed clash"),
        # the killing outranks what came with it
        ("Gunmen abducted and killed a village councillor in Kaya on Monday.", "Attack"),
        ("Gunmen killed a herder and seized livestock near Kaya on Monday.", "Attack"),
        # goods taken are looting, not a captured place
        ("Militants seized livestock in Kaya and a nearby hamlet on Monday.", "Looting/property destruction"),
        # a reply with fire makes shelling an exchange
        ("Russian forces shelled Kurakhove on Monday. Ukrainian forces responded with fire.", "Armed clash"),
        # a capture with no fighting reported is a non-violent transfer
        ("Ukrainian forces retook the village of Izium on Monday. It is unclear whether fighting took place.",
         "Non-violent transfer of territory"),
        # direct fire alongside mortars is still a battle; monitors' counted explosions are shelling
        ("Separatist fighters fired mortars and small arms at army positions near Horlivka.", "Armed clash"),
        ("On Monday, monitors observed 40 explosions involving unknown weapons near Horlivka.",
         "Shelling/artillery/missile attack"),
        # what happened to a protest told in the next sentence
        ("Traders demonstrated in front of the town hall in Kaya on Monday. Police dispersed them.",
         "Protest with intervention"),
    ],
)
def test_target_and_context_decide_the_code(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_armed_resistance_to_an_attack_makes_it_a_battle(pipeline):
    text = ("On 3 May, militants attacked the village of Titao. Volunteer fighters repelled the attack. "
            "One fighter was killed.")
    assert _subs(pipeline, text) == ["Armed clash"]


def test_region_after_a_town_qualifies_it_and_is_not_the_location(pipeline):
    ev = pipeline.extract("On Monday, Russian forces shelled Kupiansk, Kharkiv region.", PUB)[0]
    assert ev.location not in (None, "Kharkiv") and ev.geo_precision == 1


def test_named_groups_of_the_article_name_the_unidentified_side(pipeline):
    text = ("Armed groups clashed with Russian troops near Novaya Tavolzhanka on Sunday.\n\n"
            "The governor said the fighters belonged to the Russian Volunteer Corps and the Freedom of "
            "Russia Legion.")
    ev = pipeline.extract(text, PUB)[0]
    assert ev.sub_event_type == "Armed clash"
    assert ev.actor1 == "Russian Volunteer Corps"
    assert ev.assoc_actor_1 == "Freedom of Russia Legion"
    assert ev.actor2 and ev.actor2.startswith("Military Forces of Russia")


def test_fatalities_of_one_report_are_read_across_its_sentences(pipeline):
    # one report told over three sentences: groups add up ("another"), they are not rival figures
    # (combining them as rival reports of one incident would keep the lowest, 2)
    text = ("Militants ambushed an army convoy near Djibo on Monday. Three soldiers died. "
            "Another two soldiers were killed.")
    evs = pipeline.extract(text, PUB)
    assert len(evs) == 1
    assert evs[0].fatalities == 5


def test_attribution_is_asked_for_the_event_trigger_not_the_sentence(pipeline):
    # the denial covers the shelling (dropped), the statement covers the strike (kept, reported)
    text = "The army denied shelling Yampil, but said it struck an ammunition depot in Lyman on Monday."
    evs = pipeline.extract(text, PUB)
    assert [e.location for e in evs] == ["Lyman"]
    assert evs[0].claim_status == "reported"


def test_who_claims_responsibility_is_actor1(pipeline):
    text = ("The Islamic State group claimed responsibility for a suicide bombing at a market in Kabul "
            "on Friday that killed five people.")
    ev = pipeline.extract(text, "2023-09-16")[0]
    assert ev.sub_event_type == "Suicide bomb"
    assert ev.actor1 and ev.actor1.startswith("Islamic State")
    assert not (ev.actor2 or "").startswith("Islamic State")
    assert ev.claim_status == "claimed"


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # protesters in a clash, under crowd control or under fire are protest events
        ("Protesters clashed with riot police outside parliament in Nairobi on Tuesday.", "Violent demonstration"),
        ("Police fired tear gas and water cannon to disperse protesters in Istanbul on Saturday.",
         "Protest with intervention"),
        ("Security forces opened fire on protesters in Basra on Friday, killing four people.",
         "Excessive force against protesters"),
        ("Thousands of nurses went on strike in Lagos on Monday to demand unpaid wages.", "Peaceful protest"),
        # a device found or defused did not go off; a bomb with no aircraft named was planted
        ("Soldiers found and defused a roadside bomb near Kidal on Monday.", "Disrupted weapons use"),
        ("A bomb exploded at a bus station in Maiduguri on Friday, killing three people.",
         "Remote explosive/landmine/IED"),
        # aircraft firing missiles is an air strike
        ("Government warplanes fired missiles at rebel positions near Idlib on Monday.", "Air/drone strike"),
        ("Police raided a house in Kano on Monday and arrested six suspects.", "Arrests"),
        ("Rebels set up a new military post near Beni on Monday.", "Headquarters or base established"),
        ("The two sides exchanged fifty prisoners of war near Donetsk on Monday.", "Agreement"),
        ("A gunman opened fire inside a hotel in Bamako on Monday, killing two guests.", "Attack"),
        ("Troops recaptured the village of Kalehe on Sunday.", "Government regains territory"),
    ],
)
def test_news_wording_of_sub_event_types(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


@pytest.fixture(scope="module")
def loose():
    """A pipeline that also returns out-of-scope items (loaded once for this module)."""
    from frontwire.pipeline import Pipeline

    return Pipeline(include_out_of_scope=True)


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("A gas explosion at a chemical plant killed six workers near Lyon on Thursday.", "Man-made disaster"),
        ("A volcano erupted near Goma on Tuesday, forcing thousands to flee.", "Natural disaster"),
        ("Police seized two tonnes of cocaine from a drug cartel in Sinaloa on Monday.", "Organized crime"),
        ("Russia expelled two diplomats from the embassy in Moscow on Monday.", "Diplomatic event"),
    ],
)
def test_out_of_scope_news(loose, text, sub):
    assert [e.sub_event_type for e in loose.extract(text, PUB)][:1] == [sub]


def test_diplomatic_words_do_not_hide_the_attack_they_comment(pipeline):
    text = "Russia condemned the missile strike on Kramatorsk on Monday that killed two civilians."
    assert _subs(pipeline, text)[:1] == ["Shelling/artillery/missile attack"]


def test_generic_actors_get_the_documents_country_without_any_place(pipeline):
    # no toponym at all: the home country of the named local group is the document's country
    ev = pipeline.extract("Koglweogo militiamen abducted two herders on Monday.", PUB)[0]
    assert ev.actor2 == "Civilians (Burkina Faso)"


def test_a_region_after_in_does_not_replace_its_town(pipeline):
    ev = pipeline.extract("Russian drones struck Kupiansk in the Kharkiv region on Monday.", PUB)[0]
    assert ev.location and ev.location.startswith("Kup")
    assert ev.geo_precision == 1


@pytest.mark.parametrize(
    "text",
    [
        "Youths threw Molotov cocktails at police on Sunday.",
        "Ukrainian missiles struck the cruiser Moskva on Monday.",
        "Missiles struck the Moskva cruiser on Monday.",
        "Ukrainian forces hit the Russian warship 'Moskva' with two missiles on Monday.",
    ],
)
def test_weapon_and_ship_names_are_no_location(pipeline, text):
    for ev in pipeline.extract(text, PUB):
        assert ev.location not in ("Perm", "Moscow")
        assert ev.geo_precision != 1


def test_weapon_names_before_a_place_leave_the_place(pipeline):
    ev = pipeline.extract("Russian forces fired Grad rockets at Kupiansk on Monday.", PUB)[0]
    assert ev.location and ev.location.startswith("Kup")


def test_a_namesake_inside_a_group_name_does_not_become_the_main_place(pipeline):
    text = ("Fighters of the Islamic State West Africa Province attacked a police station in Monguno, "
            "in Nigeria's Borno State, on Monday. The group later said it had seized rifles.")
    for ev in pipeline.extract(text, PUB):
        assert ev.country == "Nigeria"


def test_blame_in_the_next_sentence_names_the_attacker_as_a_claim(pipeline):
    text = ("Three civilians were wounded when shells hit the village of Tetkino in Russia's Kursk "
            "region on Monday, the regional governor said. He blamed Ukrainian forces.")
    ev = pipeline.extract(text, PUB)[0]
    assert ev.sub_event_type == "Shelling/artillery/missile attack"
    assert ev.actor1 and ev.actor1.startswith("Military Forces of Ukraine")
    assert ev.claim_status == "claimed"
    assert ev.claimed_by and "governor" in ev.claimed_by


def test_responsibility_claim_for_the_attack_names_the_unidentified_attackers(pipeline):
    text = ("Gunmen attacked a gendarmerie post in Titao on Saturday, killing five gendarmes. "
            "Residents said the assailants burned two vehicles. "
            "Ansarul Islam claimed responsibility for the attack in a statement on Sunday.")
    evs = pipeline.extract(text, PUB)
    ev = evs[0]
    assert ev.actor1 == "Ansaroul Islam"
    assert ev.claimed_by == "Ansaroul Islam" and ev.claim_status == "claimed"
    assert all(e.sub_event_type != "Attribution of responsibility" for e in evs)


def test_state_auxiliaries_join_the_army_not_the_attackers(pipeline):
    text = ("Gunmen attacked an army post in Tougan on Saturday. "
            "Six soldiers and three VDP were killed in the attack.")
    ev = pipeline.extract(text, PUB)[0]
    assert ev.actor1 and ev.actor1.startswith("Unidentified Armed Group")
    assert "VDP" not in (ev.actor1 or "")


def test_a_region_retold_later_does_not_replace_the_town_of_the_incident(pipeline):
    text = ("Ukrainian forces clashed with separatist fighters near Kreminna on Monday. "
            "Both sides used mortars. Eleven soldiers were killed in the Luhansk region that day.")
    ev = pipeline.extract(text, PUB)[0]
    assert ev.sub_event_type == "Armed clash"
    assert ev.location == "Kreminna"


def test_moving_things_is_a_change_of_activity_only_when_they_are_armed(pipeline):
    """"Moved classes online" is school news; "moved troops" is a change to a group's activity."""
    assert pipeline.extract("The university in Kharkiv moved some classes online on Monday.", PUB) == []
    subs = [e.sub_event_type for e in pipeline.extract(
        "Russian forces moved reinforcements to Kupiansk on Monday, officials said.", PUB)]
    assert "Change to group/activity" in subs


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a whole country ranks after the town the sentence names
        ("About 300 people protested in support of Georgia in Lviv on Sunday.", "Lviv"),
        # a toponym naming an institution says nothing about where it happened
        ("Unknown gunmen attacked the Kyiv Regional Council office in Lviv on Monday.", "Lviv"),
        # where the attackers came from is not where they fought; "near X" is still a town
        ("Ukrainian forces from Kramatorsk clashed with Russian troops near Lyman on Monday.", "Lyman"),
        # a distance from a town names the town; of a route "X-Y" the first end
        ("Militants ambushed a convoy 15 km from Djibo on the Djibo-Arbinda road on Monday.", "Djibo"),
        # an evacuation happens where people left, not where they were taken
        ("Around 500 residents were evacuated to Lviv from villages in the Sumy region on Friday.", "Sumy"),
        # a movement towards a town is placed at the town, not at the region that qualifies it
        ("A Russian convoy moved towards Kupiansk, Kharkiv on Monday.", "Kupyansk"),
        # a quoted toponym names a thing (a ship, an operation), not a place
        ("Ukrainian drones hit the 'Novocherkassk' near Berdiansk on Monday.", "Berdyansk|Berdiansk"),
    ],
)
def test_the_event_place_is_the_incidents_own_toponym(pipeline, text, place):
    evs = pipeline.extract(text, PUB)
    assert evs and evs[0].location in place.split("|")  # "|": spellings the gazetteer may give


def test_a_follow_up_naming_another_town_does_not_move_the_incident(pipeline):
    text = ("Heavy fighting continued in the east on Monday. Separatist forces fired mortars at army positions "
            "near Avdiivka on Monday. As a result, two soldiers were wounded (the figures were reported with "
            "the Horlivka shelling).")
    shelling = [e for e in pipeline.extract(text, PUB) if e.sub_event_type.startswith("Shelling")]
    assert [(e.location, e.geo_precision) for e in shelling] == [("Avdiyivka", 2)]


def test_a_country_named_in_a_story_placed_in_one_of_its_towns_is_not_the_place(pipeline):
    text = ("About 80 people met in Lviv on Sunday to mark a national holiday. They carried flags of Ukraine "
            "and sang the anthem of Ukraine. Protesters chanted slogans in support of Ukraine.")
    ev = pipeline.extract(text, PUB)[0]
    assert ev.location == "Lviv" and ev.geo_precision == 3  # the story's place, not a point in it


def test_events_package_keeps_its_public_names():
    import frontwire.events as events

    for name in ("Stages", "TriggerMatcher", "Trigger", "Lexicon", "Mention", "REPORTING", "blank_removed",
                 "events_from_doc", "load_lexicon", "published_date"):
        assert hasattr(events, name), name


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # "from X" after a verb of taking names who lost the place; "it" is the army that spoke
        ("The army claimed it had retaken the airport from the rebels.", "Government regains territory"),
        # freeing captives is a release, not an abduction, even though the word "hostage" is there
        ("The rebels released 20 hostages after negotiations.", "Agreement"),
        # ACLED precedence: sexual violence outranks the raid it happened in ("raped" lemmatises badly)
        ("Soldiers raped several women during a raid.", "Sexual violence"),
        # storming a village and firing on its residents is an attack on civilians
        ("Gunmen stormed the village and opened fire on residents.", "Attack"),
        # protesters storming a building stay a protest event
        ("Protesters stormed the parliament.", "Violent demonstration"),
    ],
)
def test_known_rule_errors_are_fixed(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_weather_hitting_a_coast_is_no_conflict_event(pipeline):
    # a generic "hit" with no armed actor, weapon or target is not violence
    assert _subs(pipeline, "A storm hit the coast.") == []
    assert _subs(pipeline, "Heavy rain hit the northern districts on Monday.") == []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # "violently" makes the force used on a peaceful protest excessive
        ("The authorities violently suppressed a peaceful protest, detaining dozens of people.",
         "Excessive force against protesters"),
        # the police attacking a march is intervention, not the marchers' violence
        ("Police attacked a peaceful march of teachers in the capital and arrested ten of them.",
         "Protest with intervention"),
        # the weapon named after "anti-" is what the gun is against, not the weapon used
        ("Militants attacked army positions with anti-aircraft guns and mortars.", "Shelling/artillery/missile attack"),
        # petrol bombs are rioters' weapons, not planted devices
        ("Rioters threw petrol bombs at police in the capital.", "Violent demonstration"),
        # a concert "called off" after a grenade: cancelling is no call for action
        ("The concert was called off after a grenade was thrown at the crowd.", "Grenade"),
        # explosions destroying vehicles: the explosive decides the code
        ("The explosions destroyed two army vehicles near the border.", "Remote explosive/landmine/IED"),
        # a vehicle setting off a mine
        ("A car exploded on an anti-tank mine near the village on Monday.", "Remote explosive/landmine/IED"),
        # a prisoner exchange told as a noun
        ("Officials oversaw the exchange process of detainees at the border crossing on Friday.", "Agreement"),
        # leaving a treaty is no territorial withdrawal
        ("The country withdrew from the arms control treaty on Thursday.", "Agreement"),
        # an armed side leaving its stronghold hands it over
        ("Rebel fighters began leaving their last stronghold in the city under a deal with the government.",
         "Non-violent transfer of territory"),
        # handlers setting off their own device by mistake: disrupted weapons use, not an accident
        ("Two militants accidentally detonated their explosives near a market, killing themselves.",
         "Disrupted weapons use"),
        # an assault on an armed position
        ("Insurgents charged an army camp outside the town overnight.", "Armed clash"),
        # unarmed villagers fighting with sticks: mob violence; communities fighting: a battle
        ("Two people died when villagers clashed with sticks over a disputed field.", "Mob violence"),
        ("Members of two rival communities clashed near the river, leaving three dead.", "Armed clash"),
        # an armed side's attack outranks the crime its victims were committing
        ("Insurgents attacked militiamen who were trying to commit a robbery near the town.", "Armed clash"),
        ("Islamist militants have gained ground in the north of the country.", "Non-state actor overtakes territory"),
        ("The wanton destruction of public property must stop, the governor said.", "Looting/property destruction"),
    ],
)
def test_general_coding_rules(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


@pytest.mark.parametrize(
    "text",
    [
        # weapons moved, supplied or tested are not used on anyone
        "The army reinforced its air defence systems along the border.",
        "Turkish forces established a new military post where heavy weapons were deployed.",
        "The country condemned its neighbour's test of a hydrogen bomb on Sunday.",
        # an attack aimed at a capture that failed is no capture
        "Rebels launched an offensive to capture the town but were repelled.",
        # a device that failed to go off
        "Two mines failed to detonate.",
        # civilians leaving a town hand nothing over
        "Hundreds of civilians left the city on Monday.",
    ],
)
def test_handled_weapons_aims_and_failures_are_not_what_they_name(pipeline, text):
    subs = _subs(pipeline, text)
    assert not any(s in ("Disrupted weapons use", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                         "Non-state actor overtakes territory", "Non-violent transfer of territory") for s in subs[:1])


def test_a_denied_responsibility_is_an_attribution(loose):
    # the denial is itself the attribution; the attack is only referred to
    text = "The militia denied that its fighters were responsible for the attack on the village."
    assert [e.sub_event_type for e in loose.extract(text, PUB)][:1] == ["Attribution of responsibility"]


def test_storm_noun_is_a_natural_disaster(loose):
    assert [e.sub_event_type for e in loose.extract("A storm hit the coast.", PUB)] == ["Natural disaster"]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # weak words only: the one coded by its target decides over a generic "wounded"
        ("Militants attacked two villages in the north, leaving 12 people dead and 20 wounded.", "Attack"),
        # the incident is in the main clause; "in the aftermath of" gives its occasion
        ("Residents condemned the looting of shops in the aftermath of the protests.",
         "Looting/property destruction"),
        # a place taken after the other side left was handed over, not fought for
        ("Rebels took control of the town after the soldiers left.", "Non-violent transfer of territory"),
        # a reduced relative names the weapon ("missiles launched from the sea")
        ("Two houses were destroyed by missiles launched from the sea.", "Shelling/artillery/missile attack"),
        # fighting in the backdrop of a shelling still makes the incident a battle (precedence)
        ("Russian forces shelled the town following heavy fighting near the bridge.", "Armed clash"),
    ],
)
def test_which_trigger_leads_a_sentence(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_announced_sanctions_are_a_diplomatic_event(loose):
    # announcing sanctions is the diplomatic event itself; a denied one is not
    text = "The government will impose new sanctions on the country on Thursday."
    assert [e.sub_event_type for e in loose.extract(text, PUB)][:1] == ["Diplomatic event"]
    assert loose.extract("The government did not impose sanctions.", PUB) == []


def test_failing_to_stop_an_attack_does_not_undo_it(pipeline):
    # "failed to" undoes its own complement only ("failed to detonate"), not what that acts on
    assert _subs(pipeline, "The army failed to repel the attack on the town.") != []


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # the noun a misparsed participle modifies is its target; unarmed or off-duty men are civilians
        ("On 3 May, gunmen assaulted women collecting firewood near Kaya.", "Attack"),
        ("On 3 May, soldiers shot dead a suspected but unarmed militant near Kaya.", "Attack"),
        ("On 3 May, gunmen shot dead an off-duty policeman near Kaya.", "Attack"),
        ("On 3 May, police executed four prisoners near Kaya.", "Attack"),
        # one-sided killing words with no armed target: an attack, not a battle
        ("On 3 May, four people were assassinated near Kaya.", "Attack"),
        # a killing counted by a bare number still finds its victims ("26 presumed militants")
        ("On 3 May, the army killed 26 presumed militants near Kaya and seized weapons.", "Armed clash"),
    ],
)
def test_sahel_targets_decide_attack_or_clash(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # nobody hurt, property burned: looting/property destruction; with people hurt: an attack
        ("On 3 May, militants attacked the village of Tanga and burned the school. No casualties were reported.",
         "Looting/property destruction"),
        ("On 3 May, militants made an incursion into Tanga. The militants ransacked and burned the town hall.",
         "Looting/property destruction"),
        ("On 3 May, militants attacked the village of Tanga, assaulted villagers and burned the school.", "Attack"),
    ],
)
def test_attack_on_a_place_that_hurt_nobody_is_property_destruction(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("On 3 May, gendarmes arrested five traders in Kaya. Three of them were later executed.", "Attack"),
        ("On 3 May, militiamen tortured a young herder to death in Kaya after they detained him.", "Attack"),
        # the arrested men's crime is no violence of the arrest
        ("On 3 May, police arrested two men suspected of killing a trader in Kaya.", "Arrests"),
    ],
)
def test_captives_killed_or_tortured_make_an_attack(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # what a protest is about is not what the protesters did
        ("On 3 May, thousands of residents marched in Kaya to protest against the killings of civilians "
         "in the wake of a militant attack.", "Peaceful protest"),
        ("On 3 May, residents marched in Kaya to denounce the attack on the market.", "Peaceful protest"),
        ("On 3 May, residents marched in Kaya to demand the release of 23 people arrested in their area.",
         "Peaceful protest"),
        ("On 3 May, students blocked the main road in Kaya to protest the closure of their school.",
         "Violent demonstration"),
        ("On 3 May, protesters took to the streets in Kaya. They set fire to the home of the mayor.",
         "Violent demonstration"),
    ],
)
def test_protest_topic_and_road_blocks(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_comma_splice_after_a_hypothetical_head_stays_factual(pipeline):
    text = ("On 3 May, militants made an incursion into the market of Tanga, two people were killed, "
            "the assailants also prevented access to the market.")
    assert _subs(pipeline, text)[:1] == ["Attack"]


def test_violence_with_no_doer_has_an_unidentified_armed_group_as_actor1(pipeline):
    ev = pipeline.extract("On 3 May, a trader was shot dead in Ouagadougou, Burkina Faso.", PUB)[0]
    assert ev.actor1 == "Unidentified Armed Group (Burkina Faso)"
    # a protest names its crowd; no armed group is invented for it
    ev = pipeline.extract("On 3 May, teachers staged a sit-in in Ouagadougou, Burkina Faso.", PUB)[0]
    assert not (ev.actor1 or "").startswith("Unidentified Armed Group")


def test_plain_civilians_doing_violence_are_rioters_in_mob_violence(pipeline):
    ev = pipeline.extract("On 3 May, students assaulted two teachers in Ouagadougou, Burkina Faso.", PUB)[0]
    assert (ev.sub_event_type, ev.actor1) == ("Mob violence", "Rioters (Burkina Faso)")
    # communities fighting each other are militias, not a mob
    ev = pipeline.extract("On 3 May, members of two ethnic communities attacked a village near Kaya, "
                          "Burkina Faso, and killed three herders.", PUB)[0]
    assert ev.sub_event_type != "Mob violence"


def test_deaths_told_as_a_protests_cause_are_not_its_fatalities(pipeline):
    ev = pipeline.extract("On 3 May, residents marched peacefully in Kaya, Burkina Faso, after two traders "
                          "were killed by gunmen.", PUB)[0]
    assert ev.sub_event_type == "Peaceful protest"
    assert ev.fatalities == 0


def test_a_planted_device_names_its_planter_as_actor1_and_its_victims_as_actor2(pipeline):
    text = ("On 3 May, an army vehicle struck an IED near Djibo, Burkina Faso. Two soldiers were killed. "
            "The device was likely planted by JNIM militants.")
    ev = pipeline.extract(text, PUB)[0]
    assert ev.sub_event_type == "Remote explosive/landmine/IED"
    assert ev.actor1 == "JNIM: Group for Support of Islam and Muslims"
    assert (ev.actor2 or "").startswith("Military Forces of Burkina Faso")
    # no planter named: the soldiers hit are still no attacker
    ev = pipeline.extract("On 3 May, two soldiers were killed when their vehicle struck an IED near Djibo, "
                          "Burkina Faso.", PUB)[0]
    assert not (ev.actor1 or "").startswith("Military Forces")


def test_presumed_group_misparsed_as_an_object_is_still_the_attacker(pipeline):
    ev = pipeline.extract("On 12 September 2020, presumed ISGS or JNIM militants ambushed volunteer fighters "
                          "(VDP) in Boukouma, Burkina Faso.", PUB)[0]
    assert ev.actor1 == "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"


@pytest.mark.parametrize(
    "text",
    [
        "On 3 May, vigilantes beat and whipped two suspected thieves in Kaya, Burkina Faso.",
        "On 3 May, residents lynched a suspected thief in Kaya, Burkina Faso.",
    ],
)
def test_vigilantes_and_lynching_are_mob_violence(pipeline, text):
    assert _subs(pipeline, text)[:1] == ["Mob violence"]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("On 3 May, militants attacked and burned the town hall in Tanga, no casualties reported.",
         "Looting/property destruction"),
        ("On 3 May, militants attacked the police station in Tanga while it was unmanned and burned it.",
         "Looting/property destruction"),
        # the post's men fought back: a battle
        ("On 3 May, militants attacked the police station in Tanga and burned vehicles; police repelled them.",
         "Armed clash"),
    ],
)
def test_burning_a_building_nobody_defended_is_property_destruction(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_victims_named_away_from_the_trigger_decide_the_target(pipeline):
    # the parse links no object to "killed"; the people named in the sentence are civilians
    text = ("On 7 August 2020, unknown gunmen aboard a vehicle entered the cattle market in Tanga, and reportedly "
            "killed between 11 and 20 people and wounded 13 others.")
    assert _subs(pipeline, text)[:1] == ["Attack"]


def test_people_beaten_outrank_the_looting_they_came_with(pipeline):
    text = "On 3 May, militiamen detained and tortured two boys and looted their shop near Kaya."
    assert _subs(pipeline, text)[:1] == ["Attack"]


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("On Monday, suspected militants set off explosives under a bridge on the national road.",
         "Remote explosive/landmine/IED"),
        ("Gunmen set the cotton harvest of the village ablaze on Sunday.", "Looting/property destruction"),
        ("Gunmen burned the town hall on Sunday.", "Looting/property destruction"),
        ("On Monday, angry youths barricaded the main road to the market.", "Violent demonstration"),
        ("Residents barricaded roads, expressing their discontent with the dust caused by heavy trucks trafficking "
         "the area.", "Violent demonstration"),
        ("Militants burned the chapel of the village on Sunday.", "Looting/property destruction"),
        ("Militants whipped two women in the market on Friday.", "Attack"),
        ("Two men were flogged by militants on Friday.", "Attack"),
        ("Unidentified gunmen burned two trucks and a fuel tanker on the road on Tuesday.",
         "Looting/property destruction"),
        ("Armed men burned a grain storage facility on Sunday.", "Looting/property destruction"),
        ("The tortured body of a trader was found on Monday.", "Attack"),
    ],
)
def test_general_phrasings_of_explosions_arson_barricades_and_beatings(pipeline, text, sub):
    # words between "set" and "ablaze", "set off" with a charge, "barricaded" with no protest
    # word, whipping, burnt vehicles and stores, "tortured" as an adjective
    assert _subs(pipeline, text)[:1] == [sub]


def test_moved_word_lists_are_read_from_the_lexicon():
    lex = load_lexicon()
    assert {"interpreter", "guest", "thief"} <= lex.civilians
    assert {"post", "checkpoint", "barracks"} <= lex.facilities


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # captives found dead afterwards: violence on people held by their captors (ACLED: Attack)
        ("Soldiers arrested four herders at the market of Kaya; those arrested were later found dead.", "Attack"),
        ("Gunmen abducted two teachers in Titao. Their bodies were discovered a week later.", "Attack"),
        ("Gunmen abducted two teachers in Titao. They were released a week later.", "Abduction/forced disappearance"),
        # an exchange of gunfire is a fight whatever the noun or verb form
        ("Militants exchanged gunfire with a police patrol near Djibo, no casualties reported.", "Armed clash"),
        # labour strikes and work stoppages are peaceful protests
        ("Nurses in Kaya went on a 72-hour strike to demand their allowances.", "Peaceful protest"),
        ("Bank employees observed a work stoppage in Ouagadougou on Monday.", "Peaceful protest"),
        # a mutiny is a riot; a march held in its context is still the march
        ("Mutinying soldiers fired into the air in Tenkodogo overnight.", "Violent demonstration"),
        ("Women staged a peace march in Manga in the context of mutinying soldiers.", "Peaceful protest"),
        # "engaged in" a march is no fight; "engaged in a fight" is
        ("Students in Kaya protested and engaged in a peaceful march to denounce the closure.", "Peaceful protest"),
        ("Students engaged in a fight with a teacher in Kaya on Monday.", "Mob violence"),
        # the tagger reads "airstrike" as an adjective before "and": still an air strike
        ("The air force conducted airstrike and combing operations against militants near Djibo.",
         "Air/drone strike"),
    ],
)
def test_sahel_reporting_wording(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_state_actor_period_is_named_as_of_publication(pipeline):
    ev = pipeline.extract("On 3 May 2020, Burkinabe soldiers killed two militants near Djibo.", "2020-05-10")[0]
    assert ev.actor1 == "Military Forces of Burkina Faso (2015-)"
    ev = pipeline.extract("On 3 May 2020, Burkinabe soldiers killed two militants near Djibo.", "2023-05-10")[0]
    assert ev.actor1 == "Military Forces of Burkina Faso (2015-2022)"


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        # air power used with ground troops in one operation: the ground fighting decides
        ("The army killed 12 militants in a combined air-ground operation near Arbinda.", "Armed clash"),
        ("French aircraft struck militants near Arbinda on Monday.", "Air/drone strike"),
        # weapons in the list of what was seized are spoils, not the weapon used
        ("Soldiers killed three militants near Arbinda and seized two rifles, a grenade and IED-making materials.",
         "Armed clash"),
        ("Two soldiers were killed when an IED struck their vehicle near Arbinda.", "Remote explosive/landmine/IED"),
        # an ambush is coded by whom it hit
        ("Gunmen ambushed a bus carrying traders near Arbinda and killed five passengers.", "Attack"),
        ("Militants ambushed an army convoy near Arbinda, killing four soldiers.", "Armed clash"),
        # violence between communities is a battle between their militias; an arrest for it is an arrest
        ("Two people were killed in intercommunal clashes between herders and farmers near Arbinda.", "Armed clash"),
        ("Police arrested ten men in Arbinda for their role in the ethnic violence last month.", "Arrests"),
        # armed forest and wildlife services are an armed target
        ("Gunmen attacked a ranger post near Arbinda and killed two rangers.", "Armed clash"),
    ],
)
def test_sahel_operations_and_targets(pipeline, text, sub):
    assert _subs(pipeline, text)[:1] == [sub]


def test_toll_statement_belongs_to_the_lead_incident(pipeline):
    text = ("On 2 May 2020, militiamen killed an unspecified number of bandits near Arbinda. "
            "The bandits had looted a shop the day before. Unknown fatalities coded as 3.")
    events = pipeline.extract(text, "2020-05-05")
    assert events[0].sub_event_type == "Armed clash" and events[0].fatalities == 3
    assert all(e.fatalities == 0 for e in events[1:])


def test_those_an_attack_is_attributed_to_are_not_its_target(pipeline):
    text = ("Gunmen attacked the cattle market in Arbinda and killed twelve traders. "
            "The attack was attributed to security forces or militants.")
    assert _subs(pipeline, text, "2020-06-01")[:1] == ["Attack"]


def test_communities_that_fight_are_named_as_ethnic_militias(pipeline):
    ev = pipeline.extract("On 3 May 2020, members of the Gourmantche and Fulani communities clashed in Bilanga. "
                          "Three people were killed.", "2020-05-06")[0]
    assert ev.sub_event_type == "Armed clash"
    assert ev.actor1.startswith("Gourmantche Ethnic Militia")
    # victims stay civilians
    ev = pipeline.extract("On 3 May 2020, gunmen killed five Fulani herders near Djibo.", "2020-05-06")[0]
    assert ev.actor2 is not None and ev.actor2.startswith("Civilians")
