"""Merging repeated tellings of one incident within a document.

A mention that is anaphoric ("the attack"), weak ("two people were killed") or compatible with an
earlier event (same event type, no conflicting place, date or actors) joins it as more evidence
(``absorb``): the merged event keeps the most specific place, fills unknown sides from the new
telling and keeps ACLED's precedence type.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from frontwire import taxonomy
from frontwire.events.draft import Draft
from frontwire.events.lexicon import Lexicon
from frontwire.events.location import contains, is_country, place_level
from frontwire.events.refine import VIOLENT_TYPES
from frontwire.records import Actor, Place

_DEMONSTRATION_TYPES = frozenset({taxonomy.PROTESTS, taxonomy.RIOTS})


def _place_compatible(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or a.geonameid is None or b.geonameid is None:
        return True
    if a.geonameid == b.geonameid:
        return True
    # a region and a place inside it are compatible (the region mention is the vaguer telling)
    if (a.feature_class == "A" and not a.admin1 and a.country == b.country) or (
        b.feature_class == "A" and not b.admin1 and a.country == b.country
    ):
        return True
    if a.precision >= 3 or b.precision >= 3 or a.feature_class == "A" or b.feature_class == "A":
        return bool(a.admin1 and a.admin1 == b.admin1) or a.name in (b.admin1, b.admin2) or b.name in (a.admin1, a.admin2)
    return False


def known(a: Actor | None) -> str | None:
    """An actor's name, or None when it does not tell incidents apart (unidentified groups;
    civilians, who are the victims of many incidents rather than a side)."""
    if a is None or a.name.startswith("Unidentified") or a.inter == 7:
        return None
    return a.name


def _actors_compatible(old: Draft, new: Draft) -> bool:
    """Two tellings can be one incident unless both name a side the other does not have."""
    olds = {n for n in (known(old.actor1), known(old.actor2)) if n}
    news = {n for n in (known(new.actor1), known(new.actor2)) if n}
    if not olds or not news:
        return True
    return bool(olds & news) and (len(olds | news) <= 2)


def _same_side(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.name == b.name and a.inter != 7


def _replaces(a: Actor, old: Actor | None, allies: Callable[[str], bool] | None = None) -> bool:
    """Whether named actor ``a`` may take the place of unnamed ``old`` in a side: an unidentified
    armed group is by definition no state force, nor one of the state's auxiliaries (VDP killed
    beside soldiers are not the gunmen who attacked them), so only another group can name it."""
    if not known(a):
        return False
    return not (old is not None and old.name.startswith("Unidentified Armed Group") and (
        a.inter in (1, 8) or (allies is not None and allies(a.name))))


def merge_or_add(drafts: list[Draft], new: Draft, doc: Doc, lex: Lexicon,
                  allies: Callable[[str], bool] | None = None) -> None:
    """Join ``new`` to an earlier draft that tells the same incident, else append it.
    ``allies``: whether a named group fights beside the state (see ``_absorb``)."""
    lead = new.mentions[0]
    weak_only = all(m.weak for m in new.mentions)
    anaphoric = any(m.anaphoric for m in new.mentions)
    new_type = taxonomy.event_type_of(new.sub) if new.sub != "territory" else taxonomy.BATTLES
    # the most recently told incident first: follow-up sentences refer to what was just told
    for old in sorted(drafts, key=lambda d: -max(d.sent_ids)):
        gap = lead.sent_i - max(old.sent_ids)
        old_type = taxonomy.event_type_of(old.sub) if old.sub != "territory" else taxonomy.BATTLES
        # one incident = one sub-event type (the battle types count as one: a clash that ends in
        # the capture of a town is coded once, as the capture)
        same_type = old.sub == new.sub or old_type == new_type == taxonomy.BATTLES or (
            {old_type, new_type} <= _DEMONSTRATION_TYPES)  # one gathering per place and day
        if old.background:
            continue
        if new.time_in_sentence and old.time and new.time and old.time.value != new.time.value:
            continue  # told as happening on another day: another incident
        # "militants attacked the village; volunteers repelled the attack": armed resistance to the
        # same incident makes it a battle (precedence picks Armed clash)
        violent_pair = {old_type, new_type} <= {taxonomy.BATTLES, taxonomy.EXPLOSIONS} or (
            anaphoric and {old_type, new_type} == {taxonomy.BATTLES, taxonomy.VIOLENCE_AGAINST_CIVILIANS})
        if old.sent_ids[0] == 0 and same_type and old.place is not None and new.place is not None and (
                old.place.admin1 == new.place.admin1) and not (old.time and new.time and old.time.value != new.time.value):
            _absorb(old, new, allies)
            if new.place_linked and not (old.place_linked and contains(new.place, old.place)) and not (
                    is_country(new.place) and not is_country(old.place)):
                old.place, old.place_linked = new.place, True  # the body names the place better
            return
        if not (anaphoric and same_type) and not _place_compatible(
            old.place if old.place_linked else None, new.place if new.place_linked else None
        ):
            continue
        # "the attackers burned the post and looted a depot": damage done in the attack is part of it
        damage_detail = (
            "Looting/property destruction" in new.subs and new_type == taxonomy.STRATEGIC
            and old_type in VIOLENT_TYPES and gap <= 1 and not new.place_linked
        )
        # the headline retells the story's lead incident, often with a vaguer place
        headline = old.sent_ids[0] == 0 and same_type and (
            old.place is None or new.place is None or old.place.admin1 == new.place.admin1)
        if not _actors_compatible(old, new) and not (anaphoric or weak_only or damage_detail):
            continue
        if old.time and new.time and old.time.value != new.time.value and (
            old.time_in_sentence and new.time_in_sentence
        ):
            continue
        follow_up = gap <= 1 and (weak_only or (anaphoric and (same_type or violent_pair)))
        battle_detail = (
            old_type == taxonomy.BATTLES and new_type == taxonomy.EXPLOSIONS and gap <= 1
            and not new.place_linked and not new.time_in_sentence
        )
        if same_type or headline or follow_up or battle_detail or damage_detail:
            _absorb(old, new, allies)
            return
    drafts.append(new)


def _aftermath(old: Draft, new: Draft) -> bool:
    """Whether the new telling's place must not replace the old one: a whole country retold later
    ("flags of Ukraine", "solidarity with Kazakhstan") never replaces a place inside a country, and
    a weak follow-up ("As a result, one civilian was killed (fatalities coded to the X event)") of
    an incident already placed at or near a town refines no place, it points elsewhere (ACLED keeps
    the place of the incident the casualties belong to)."""
    if old.place is None or new.place is None:
        return False
    if is_country(new.place) and not is_country(old.place):
        return True
    return all(m.weak for m in new.mentions) and old.place.precision <= 2 and old.place.feature_class != "A"


def _absorb(old: Draft, new: Draft, allies: Callable[[str], bool] | None = None) -> None:
    old.mentions.extend(new.mentions)
    if not all(m.weak for m in new.mentions):
        old.subs.extend(new.subs)
    elif old.sub != "territory" and taxonomy.event_type_of(old.sub) == taxonomy.VIOLENCE_AGAINST_CIVILIANS:
        # "VDP repelled the attack; one fighter was killed": armed resistance makes it a battle
        # (soldiers killed by shelling do not make the shelling a battle)
        old.subs.extend(m.sub for m in new.mentions if m.decisive and m.sub == "Armed clash")
    old.sent_ids.extend(new.sent_ids)
    old.evidence.extend(new.evidence)
    if new.place is not None and old.place is not None and contains(new.place, old.place):
        # "clashed near Pervomaisk ... soldiers were killed in the Luhansk region": the region
        # retold later confirms the town, it does not replace it
        old.place_linked = old.place_linked or new.place_linked
    elif new.place is not None and (
        old.place is None
        or (new.place_linked and not old.place_linked)
        or (new.place_linked == old.place_linked and place_level(new.place) < place_level(old.place))
    ) and not _aftermath(old, new):
        old.place, old.place_linked = new.place, new.place_linked
    # fill unknown sides with named actors from the new telling; a telling from the other side's
    # point of view ("Moscow responded ... targeting the terrorists") names the sides the other way
    n1, n2 = new.actor1, new.actor2
    if _same_side(n2, old.actor1) or _same_side(n1, old.actor2):
        n1, n2 = n2, n1
    have = {known(old.actor1), known(old.actor2)}
    for a in (n1, n2):
        if a is None or known(a) in have:
            continue
        if known(old.actor1) is None and (old.actor1 is None or _replaces(a, old.actor1, allies)):
            old.actor1 = a
        elif known(old.actor2) is None and (old.actor2 is None or _replaces(a, old.actor2, allies)):
            old.actor2 = a
        elif allies is not None and allies(a.name):
            # "seven soldiers and four VDP were killed": the auxiliary joins the state forces' side
            slot = next((sl for sl, x in (("actor1", old.actor1), ("actor2", old.actor2))
                         if x is not None and x.inter == 1 and sl not in old.assoc), None)
            if slot is None:
                continue
            old.assoc[slot] = a
        else:
            continue
        have.add(known(a))
    if new.time_in_sentence and not old.time_in_sentence:
        old.time, old.time_in_sentence = new.time, True
    old.claims.extend(new.claims)
    # a party's own claim ("the military claimed it repelled ...") names the claimant better than
    # a bystander's report of the same incident
    order = {"denied": 0, "claimed": 1, "reported": 2}
    old.claim = min(old.claims, key=lambda c: order.get(c.status, 3)) if old.claims else None
