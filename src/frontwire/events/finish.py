"""Drafts -> ``Event`` records: the final sub-event type, actors localised to the event's country,
place, date, fatalities, claims, evidence, confidence and a stable event id.

Confidence (0-1) is a transparent additive score: 0.45 for a strong trigger (0.3 weak), +0.15 when
actor1 is known, +0.15 for a place linked in the sentence (+0.05 for the document's main place),
+0.1 for a date stated in the sentence, +0.05 per extra mention (max +0.1); -0.1 when the only
source is a party's claim. Out-of-scope items get at most 0.5. An event only the model found
(``recall``: no trigger, a document known to report an incident) starts from 0.2 and gets at most
0.5: its type rests on word statistics alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

from frontwire import taxonomy
from frontwire.events.draft import Draft, make_evidence
from frontwire.events.merging import known
from frontwire.events.refine import CUSTODY_HARM, territory_sub
from frontwire.events.stages import Stages
from frontwire.notes import summarize
from frontwire.records import Actor, Document, Event, Evidence, Fatalities, Place


@dataclass(slots=True)
class Settled:
    """A document's drafts with sides settled and the rules' labels final: all that coding needs
    besides the classifier's labels, which ``Settled.requests`` asks for. Kept apart so that a
    pipeline can ask the classifier once for a whole batch of documents (the sentence encoder of an
    embeddings model costs per call, not per text)."""

    document: Document
    doc: Doc
    drafts: list[Draft]
    sents: list[Span]
    main_place: Place | None
    stages: Stages
    owner: dict[int, int]
    rule_subs: list[str]
    doc_iso3: str | None = None

    def requests(self) -> list[str]:
        """The text the classifier labels for each draft (its sentences), or [] when no label is
        needed (no drafts, or only events the model itself found, which keep the label they were
        found with)."""
        if not any(d.recall is None for d in self.drafts):
            return []
        return [" ".join(self.sents[si].text for si in sorted(set(d.sent_ids))) for d in self.drafts]


def settle(
    document: Document,
    doc: Doc,
    drafts: list[Draft],
    sents: list[Span],
    main_place: Place | None,
    stages: Stages,
    no_fight: set[int] | None = None,
    doc_iso3: str | None = None,
) -> Settled:
    """Give each sentence to a draft, settle the sides and the rules' final sub-event types.
    ``no_fight``: sentences that deny or leave open fighting; a change of control told with one is
    a non-violent transfer (ACLED codes a capture as a battle only when fighting is reported)."""
    owner = _sentence_owners(drafts, sents)
    _settle_sides(doc, drafts, sents, owner, stages)
    rule_subs = _final_rule_subs(doc, drafts, owner, no_fight)
    return Settled(document, doc, drafts, sents, main_place, stages, owner, rule_subs, doc_iso3)


def code(settled: Settled, predictions: list[tuple[str, str, float]] | None = None) -> list[Event]:
    """Code each settled draft into an ``Event``; ``predictions`` are the classifier's labels for
    ``settled.requests()`` (``model_labels``), None without a classifier."""
    s = settled
    _give_toll_statements_to_lead(s.drafts, s.sents, s.owner)
    events: list[Event] = []
    for k, d in enumerate(s.drafts):
        prediction = predictions[k] if predictions is not None else None
        own_sents = [s.sents[si] for si in sorted(i for i, o in s.owner.items() if o == k)]
        events.append(_code_event(s.document, s.doc, d, s.rule_subs[k], prediction, own_sents, s.main_place,
                                  s.stages, s.doc_iso3))
    return events


def model_labels_batched(classifier: Any, batch: list[Settled]) -> list[list[tuple[str, str, float]] | None]:
    """The classifier's labels for several documents' drafts in one call (``model_labels``), split
    back per document; None for a document that needs none or without a classifier."""
    requests = [s.requests() if classifier is not None else [] for s in batch]
    inputs = [t for r in requests for t in r]
    if not inputs:
        return [None] * len(batch)
    rule_subs = [sub for s, r in zip(batch, requests, strict=True) if r for sub in s.rule_subs]
    flat = model_labels(classifier, inputs, rule_subs)
    out: list[list[tuple[str, str, float]] | None] = []
    at = 0
    for r in requests:
        out.append(flat[at : at + len(r)] if r else None)
        at += len(r)
    return out


def _sentence_owners(drafts: list[Draft], sents: list[Span]) -> dict[int, int]:
    """Sentence index -> index of the draft that owns it: sentences that tell no event of their own
    belong to the event before them (fatality counts, damage, "casualties unknown"), up to the next
    event's first sentence."""
    owner: dict[int, int] = {}
    starts = sorted((min(d.sent_ids), k) for k, d in enumerate(drafts))
    for n, (first, k) in enumerate(starts):
        nxt = starts[n + 1][0] if n + 1 < len(starts) else len(sents)
        for si in range(first, nxt):
            owner.setdefault(si, k)
    for k, d in enumerate(drafts):
        for si in d.sent_ids:
            owner[si] = k
    return owner


_TOLL_STATEMENT = re.compile(
    r"\bfatalit(?:y|ies)\b[^.;]{0,40}?\b(?:coded|split)\b|\bcoded\s+(?:as|at)\s+(?:(?:the\s+|a\s+)?low(?:est)?\s+"
    r"estimate\s+of\s+)?\d+", re.IGNORECASE)
"""How a report says its toll was coded ("Unknown fatalities coded as 3.", "Fatalities split
between events."): a statement about the report's own incident."""


def _give_toll_statements_to_lead(drafts: list[Draft], sents: list[Span], owner: dict[int, int]) -> None:
    """A sentence that only states how the toll was coded belongs to the report's lead incident,
    even when a later incident ("The bandits pillaged a store the day before.") stands between."""
    if len(drafts) < 2:
        return
    lead = min(range(len(drafts)), key=lambda k: min(drafts[k].sent_ids))
    told = {si for d in drafts for si in d.sent_ids}
    for si, s in enumerate(sents):
        if si not in told and owner.get(si) != lead and _TOLL_STATEMENT.search(s.text):
            owner[si] = lead


def _settle_sides(doc: Doc, drafts: list[Draft], sents: list[Span], owner: dict[int, int], stages: Stages) -> None:
    """Fix every draft's sides before coding: device planters vs victims, unknown perpetrators,
    groups named later in the story and allied actors (in that order: each reads the previous)."""
    for k, d in enumerate(drafts):
        if d.sub in _DEVICE_SUBS:
            _device_roles(d, [sents[si] for si in sorted(si for si, o in owner.items() if o == k)], stages)
        _unknown_perpetrator(d)
    _name_unidentified_groups(doc, drafts, stages)
    for d in drafts:
        _join_allies(d, stages)


def _final_rule_subs(doc: Doc, drafts: list[Draft], owner: dict[int, int], no_fight: set[int] | None) -> list[str]:
    """The rules' sub-event type of each draft, read with the sentences it owns; a crowd's
    violence is mob violence."""
    sents = list(doc.sents)
    rule_subs = [_rules_sub(d, {si for si, o in owner.items() if o == k}, no_fight)
                 for k, d in enumerate(drafts)]
    rule_subs = [_custody_deaths(sub, [sents[si] for si, o in owner.items() if o == k])
                 for k, sub in enumerate(rule_subs)]
    return ["Mob violence" if sub in _MOB_SUBS and _crowd_did_it(d, doc) else sub
            for d, sub in zip(drafts, rule_subs, strict=True)]


def _code_event(document: Document, doc: Doc, d: Draft, sub: str, prediction: tuple[str, str, float] | None,
                own_sents: list[Span], main_place: Place | None, stages: Stages, doc_iso3: str | None) -> Event:
    """One draft as an ``Event``: type, actors, place, date, fatalities, claims, then the scores
    and id that read them (evidence is appended in that order)."""
    text = document.text
    event_type, sub, rule_note = _final_type(d, sub, prediction)
    # civilians hit by remote violence stay remote violence with actor2 civilians (ACLED)
    ev = Event(event_id="", document_id=document.id, event_type=event_type, sub_event_type=sub,
               source=document.source)
    ev.evidence = list(d.evidence)
    first = d.evidence[0]
    ev.evidence.append(Evidence("event_type", first.start, first.end, first.text, rule_note or first.rule))
    place = d.place or main_place
    _set_actors(ev, d, sub, place, doc_iso3, stages, text, document.published)
    _set_place(ev, d, place, stages, text)
    _set_date(ev, d, text)
    _set_fatalities(ev, own_sents, sub, stages, text)
    _set_claims(ev, d, text)
    ev.confidence = _confidence(d, ev)
    ev.event_id = _event_id(document.id, d, ev.sub_event_type, doc)
    ev.notes = summarize(ev)
    return ev


def _final_type(d: Draft, sub: str, prediction: tuple[str, str, float] | None) -> tuple[str, str, str]:
    """(event type, sub-event type, evidence note): the model's label replaces the rules' when it
    differs and is a known label; an event the model itself found keeps its own label."""
    event_type = taxonomy.event_type_of(sub)
    rule_note = ""
    if prediction is not None and d.recall is None:
        p_type, p_sub, prob = prediction
        if p_sub != sub and (p_sub in taxonomy.SUB_EVENT_TYPES or taxonomy.is_out_of_scope(p_sub)):
            event_type, sub = taxonomy.event_type_of(p_sub), p_sub
            rule_note = f"model:{prob:.2f}"
    return event_type, sub, rule_note


def _set_actors(ev: Event, d: Draft, sub: str, place: Place | None, doc_iso3: str | None, stages: Stages,
                text: str, published: date | None = None) -> None:
    """Actors named for the event's country and date ("Civilians (Ukraine)", inter 1 vs 8), with
    crowd roles, associated actors, evidence and the interaction code. State actors' periods are
    named as they stood when the report was ``published``."""
    iso3 = (place.iso3 if place else None) or doc_iso3  # "Civilians" always get a country
    when = d.time.value if d.time else None
    a1, a2 = d.actor1, d.actor2
    if stages.localise and iso3:
        extra = {"as_of": published} if published is not None else {}
        a1 = stages.localise(a1, iso3, when, **extra) if a1 is not None else None
        a2 = stages.localise(a2, iso3, when, **extra) if a2 is not None else None
    if stages.ethnic_militia is not None:
        # a community that fights or attacks is its ethnic militia ("members of the Mossi
        # community attacked ...", both sides of an intercommunal clash)
        kind = taxonomy.event_type_of(sub) if sub in taxonomy.SUB_EVENT_TYPES else None
        if a1 is not None and kind in _COMMUNITY_VIOLENCE:
            a1 = stages.ethnic_militia(a1, iso3, text)
        if a2 is not None and kind == taxonomy.BATTLES:
            a2 = stages.ethnic_militia(a2, iso3, text)
    if stages.crowd_roles is not None:
        # crowds are "Rioters (X)" in riots and "Protesters (X)" in protests, and lead the pair
        r1, r2 = stages.crowd_roles(a1, a2, sub, iso3)
        if (_same_mention(r1, a2) or _same_mention(r2, a1)) and not _same_mention(r1, a1):
            # the sides changed places: their associated actors go with them
            d.assoc = {("actor2" if k == "actor1" else "actor1"): v for k, v in d.assoc.items()}
        a1, a2 = r1, r2
    for slot, actor in (("actor1", a1), ("actor2", a2)):
        if actor is None:
            continue
        setattr(ev, slot, actor.name)
        setattr(ev, "inter1" if slot == "actor1" else "inter2", actor.inter)
        if slot in d.assoc:
            assoc = d.assoc[slot]
            setattr(ev, "assoc_actor_1" if slot == "actor1" else "assoc_actor_2", assoc.name)
            if 0 <= assoc.start < assoc.end <= len(text):
                ev.evidence.append(make_evidence(text, f"assoc_actor_{slot[-1]}", assoc.start, assoc.end,
                                                 assoc.rule or "actors"))
        if 0 <= actor.start < actor.end <= len(text):
            ev.evidence.append(make_evidence(text, slot, actor.start, actor.end, actor.rule or "actors"))
    if stages.interaction and ev.inter1 is not None:
        ev.interaction = stages.interaction(ev.inter1, ev.inter2 or 0)


def _set_place(ev: Event, d: Draft, place: Place | None, stages: Stages, text: str) -> None:
    """The event's place fields (a country named alone is coded at its capital, as ACLED does); the
    document's main place, used when the draft has none, gets precision 3 and no evidence."""
    if place is not None and stages.coded_point is not None:
        place = stages.coded_point(place)
    if place is not None:
        ev.country, ev.iso3, ev.admin1, ev.admin2 = place.country, place.iso3, place.admin1, place.admin2
        ev.location = place.name or place.text
        ev.latitude, ev.longitude = place.latitude, place.longitude
        ev.geonameid = place.geonameid
        ev.geo_precision = place.precision if d.place is not None else 3
        if d.place is not None:
            ev.evidence.append(make_evidence(text, "location", place.start, place.end, place.reason or "places"))


def _set_date(ev: Event, d: Draft, text: str) -> None:
    """The event's date and its precision, with evidence when the date was found in the text."""
    if d.time is not None and d.time.value is not None:
        ev.event_date, ev.time_precision = d.time.value, d.time.precision
        if d.time.start >= 0:
            ev.evidence.append(make_evidence(text, "event_date", d.time.start, d.time.end, d.time.rule or "times"))


def _set_fatalities(ev: Event, own_sents: list[Span], sub: str, stages: Stages, text: str) -> None:
    """Fatalities from the event's own sentences and the sentences it owns, read as one report
    ("Two pilots died. Two soldiers were also killed." = 4), not as rival reports; a party's
    claimed toll stays visible as evidence even when the conservative count sets it aside."""
    f = _fatalities(own_sents, stages)
    if f is not None and sub in _NO_DEATHS:
        # deaths told at a peaceful protest are its cause ("marched after the killing of
        # two activists"): ACLED codes a protest where people die as excessive force
        f = replace(f, best=0, low=0)
    if f is not None:
        ev.fatalities, ev.fatalities_low, ev.fatalities_high = f.best, f.low, f.high
        if f.start >= 0:
            ev.evidence.append(make_evidence(text, "fatalities", f.start, f.end, f.rule or "fatalities"))
    if stages.claimed_counts is not None and own_sents:
        for c in stages.claimed_counts([(s.text, s.start_char) for s in own_sents]):
            if 0 <= c.start < c.end <= len(text):
                ev.evidence.append(make_evidence(text, "fatalities", c.start, c.end, c.rule or "claimed"))


def _set_claims(ev: Event, d: Draft, text: str) -> None:
    """The primary claimant and status, with every telling's attribution kept as evidence."""
    if d.claim is not None:
        ev.claimed_by, ev.claim_status = d.claim.claimant, d.claim.status
    for c in d.claims:
        if 0 <= c.start < c.end:
            ev.evidence.append(make_evidence(text, "claimed_by", c.start, c.end, f"{c.rule or 'claims'}:{c.status}"))


_DEVICE_SUBS = frozenset({"Remote explosive/landmine/IED", "Grenade"})
_PLANT_VERBS = frozenset({"plant", "lay", "place", "set", "install", "bury", "booby-trap", "rig", "hide", "throw"})
_VICTIM_VERBS = frozenset({"strike", "hit", "step", "drive", "run", "trigger", "kill", "wound", "injure", "travel"})


def _device_roles(d: Draft, own: list[Span], stages: Stages) -> None:
    """A planted device's sides: whoever planted or threw it ("the device was likely planted by
    JNIM militants") is actor1, the people it hit ("an army vehicle struck an IED", "two soldiers
    were killed by the explosion") are actor2; with no planter named, actor1 is left unknown."""
    if stages.find_actors is None:
        return
    planter = None
    for sent in own:
        for a in stages.find_actors(sent):
            span = sent.doc.char_span(a.start, a.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            head = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "agent" else root.head
            if root.dep_ in ("nsubj", "pobj") and head.lemma_.lower() in _PLANT_VERBS and (
                    root.dep_ == "nsubj" or root.head.dep_ == "agent"):
                planter = a
                break
        if planter is not None:
            break
    victim = d.actor1 if d.actor1 is not None and _is_device_victim(d.actor1, own) else None
    if planter is not None and (d.actor1 is None or d.actor1.name != planter.name):
        d.actor1, d.actor2 = planter, victim or d.actor2 or d.actor1
    elif victim is not None:
        d.actor1, d.actor2 = None, victim


def _is_device_victim(a: Actor, own: list[Span]) -> bool:
    """Whether an actor is told as what the device hit: the subject of "struck", "stepped on",
    "travelling", or the passive subject of "were killed/wounded"."""
    for sent in own:
        if not sent.start_char <= a.start < sent.end_char:
            continue
        span = sent.doc.char_span(a.start, a.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        while root.dep_ in ("compound", "amod", "poss") or (root.dep_ == "pobj" and root.head.lower_ == "of"):
            root = root.head.head if root.dep_ == "pobj" else root.head
        return root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _VICTIM_VERBS
    return False


_UNKNOWN_SIDE_TYPES = frozenset({taxonomy.BATTLES, taxonomy.EXPLOSIONS, taxonomy.VIOLENCE_AGAINST_CIVILIANS})


def _unknown_perpetrator(d: Draft) -> None:
    """Violence told with no doer ("a man was shot dead", "an IED exploded") has an unidentified
    armed group as actor1: ACLED's code for an unknown perpetrator (localised in ``finish``)."""
    if d.actor1 is not None or d.recall is not None:
        return
    sub = "Armed clash" if d.sub == "territory" else d.sub
    if taxonomy.is_out_of_scope(sub) or taxonomy.event_type_of(sub) not in _UNKNOWN_SIDE_TYPES:
        return
    d.actor1 = Actor("Unidentified Armed Group", 3, "", -1, -1, "generic:Unidentified Armed Group ({country})")


_GROUP_WORDS = re.compile(r"\b(?:communit|ethnic|armed|militia|clan|tribe|herder|pastoralist|hunter|group)", re.I)


def _crowd_did_it(d: Draft, doc: Doc) -> bool:
    """Whether the doers are plain civilians ("students assaulted two teachers", "residents
    ransacked the chief's house"): the active subject of the trigger's clause is a generic
    civilians actor not told as a community, ethnic group or armed band. ACLED codes such
    unorganised violence as mob violence by "Rioters (X)"; communities fighting are militias."""
    a1 = d.actor1
    if a1 is not None and a1.inter == 5 and d.sub in ("Attack", "Abduction/forced disappearance"):
        return True  # "a mob beat a thief", "vigilantes whipped two men": rioters do not attack (ACLED)
    if any(doc[m.head].lemma_.lower() == "lynch" for m in d.mentions):
        return True  # lynching is mob justice
    if a1 is None or a1.inter != 7 or a1.start < 0 or _GROUP_WORDS.search(a1.text):
        return False
    span = doc.char_span(a1.start, a1.end, alignment_mode="expand")
    if span is None or any(t.is_title and t.i != span.start and t.pos_ == "PROPN" for t in span):
        return False  # "Mossi villagers": a named community
    root = span.root
    if root.dep_ == "conj":
        root = root.head
    if root.dep_ != "nsubj" or any(c.lower_ == "armed" for c in root.children) or any(
            c.pos_ == "PROPN" for c in root.conjuncts):
        return False  # "armed villagers", "farmers and Koglweogo"
    verb = root.head
    if not any(c.dep_ == "dobj" for v in (verb, *verb.conjuncts) for c in v.children):
        return False  # "workers went missing", "village chief abducted and executed by ...": victims
    if d.actor2 is not None and (_GROUP_WORDS.search(d.actor2.text) or d.actor2.inter != 7):
        return False  # "inhabitants fought Fulani herders": communities or armed men on the other side
    return any(doc[m.head] in (verb, *verb.conjuncts) or doc[m.head].head == verb for m in d.mentions)


def _join_allies(d: Draft, stages: Stages) -> None:
    """State forces and their auxiliaries (groups flagged ``pro_government`` in the actor lexicon)
    named as the two sides ("seven soldiers and four VDP were killed") are one side: the auxiliary
    becomes the associated actor of the state forces."""
    a1, a2 = d.actor1, d.actor2
    if a1 is None or a2 is None or stages.pro_government is None:
        return
    aux = [a for a in (a1, a2) if stages.pro_government(a.name)]
    state = [a for a in (a1, a2) if a.inter == 1]
    if len(aux) == 1 and len(state) == 1:
        d.actor2 = None
        d.actor1 = state[0]
        d.assoc["actor1"] = aux[0]


_PROPERTY = "Looting/property destruction"
_COMMUNITY_VIOLENCE = frozenset({taxonomy.BATTLES, taxonomy.VIOLENCE_AGAINST_CIVILIANS})
_NO_DEATHS = frozenset({"Peaceful protest", "Protest with intervention"})
_MOB_SUBS = frozenset({"Attack", _PROPERTY, "Abduction/forced disappearance", "Armed clash"})


def _rules_sub(d: Draft, own: set[int], no_fight: set[int] | None) -> str:
    """The sub-event type the rules give a draft (ACLED precedence; who takes a place decides
    the territorial types)."""
    sub = d.sub
    if sub == "territory":
        sub = "Armed clash"
    if "territory" in d.subs:
        country = d.place.country if d.place else None
        fought = any(s != "territory" and taxonomy.event_type_of(s) == taxonomy.BATTLES for s in d.subs)
        if (no_fight and own & no_fight) or (
                "Non-violent transfer of territory" in d.subs and not fought):
            # "took the town after the army withdrew": no fighting told, a handover
            taken = "Non-violent transfer of territory"
        elif (d.actor1 is None or d.actor1.inter == 1) and any(m.regain for m in d.mentions):
            taken = "Government regains territory"  # "recaptured the village": taken back
        else:
            taken = territory_sub(d.actor1, country)
        sub = taxonomy.pick([s for s in d.subs if s != "territory"] + [taken])
    if sub == "Excessive force against protesters" and "Violent demonstration" in d.subs:
        sub = "Violent demonstration"  # ACLED keeps excessive force for peaceful protesters
    if sub in CUSTODY_HARM and any(m.main_clause and m.trigger.id in CUSTODY_HARM[sub] for m in d.mentions):
        # "arrested six men; five were found executed": violence on captives is an attack (ACLED)
        sub = "Attack"
    if sub in ("Attack", "Armed clash") and _PROPERTY in d.subs and all(
            m.property_only for m in d.mentions if m.sub == sub):
        # "attacked the village. They burned the school.": nobody hurt, property destroyed
        sub = taxonomy.pick([s for s in d.subs if s != sub])
    return sub


_FOUND_DEAD = re.compile(
    r"\b(?:found|discovered)\s+(?:\w+\s+)?(?:dead|executed|killed|lifeless|murdered)\b"
    r"|\b(?:bod(?:y|ies)|corpses?|remains)\b[^.;]{0,60}?\b(?:were|was|been)\s+(?:\w+\s+)?(?:found|discovered)\b"
    r"|\b(?:found|discovered)\b[^.;]{0,40}?\b(?:bod(?:y|ies)|corpses?)\b", re.IGNORECASE)
"""Captives found dead afterwards: "those arrested were later found dead", "their bodies were found"."""


def _custody_deaths(sub: str, own: list[Span]) -> str:
    """An arrest or abduction whose captives are later found dead is an attack (ACLED codes
    violence on people held by their captors as violence against civilians)."""
    if sub in CUSTODY_HARM and any(_FOUND_DEAD.search(s.text) for s in own):
        return "Attack"
    return sub


def model_labels(classifier: Any, inputs: list[str], rule_subs: list[str]) -> list[tuple[str, str, float]]:
    """The classifier's labels combined with the rules' (``classify.EventClassifier.with_rules``:
    the rules' label is a vote, an out-of-scope label never drops an event the rules found). A
    classifier object with only ``predict`` decides alone."""
    combine = getattr(classifier, "with_rules", None)
    if combine is not None:
        return combine(inputs, rule_subs)
    return classifier.predict(inputs)


def _same_mention(a: Actor | None, b: Actor | None) -> bool:
    """Whether two actors (perhaps renamed) come from the same words of the text."""
    return a is not None and b is not None and a.start >= 0 and (a.start, a.end) == (b.start, b.end)


def _fatalities(own: Sequence[Span], stages: Stages) -> Fatalities | None:
    """One event's death toll from the sentences it owns, which are pieces of one report."""
    pieces = [(s.text, s.start_char) for s in own]
    if not pieces:
        return None
    if stages.fatalities_in is not None:
        return stages.fatalities_in(pieces)
    if stages.find_fatalities is not None:  # a stage without the multi-sentence reader
        found = [f for text, start in pieces if (f := stages.find_fatalities(text, start)) is not None]
        return found[0] if found else None
    return None


def _name_unidentified_groups(doc: Doc, drafts: list[Draft], stages: Stages) -> None:
    """"Armed groups", "a sabotage group": when the article names the non-state armed groups
    involved elsewhere (and no event has them as a side yet), those groups are the unnamed side,
    the way a coder reads the whole report. Only when one or two such groups are named (a pair
    is coded as actor and associated actor); looked up only for documents that need it."""
    # an unidentified group the text mentions ("a sabotage group"); the stand-in for violence told
    # with no doer at all only in a one-incident report: in a story of several incidents ("residents
    # left due to the shelling") a group named for another of them is no evidence of this one's doer
    unnamed = [(d, slot) for d in drafts for slot in ("actor1", "actor2")
               if (a := getattr(d, slot)) is not None and a.name.startswith("Unidentified Armed Group")
               and (a.start >= 0 or len(drafts) == 1)]
    if not unnamed or stages.find_actors is None:
        return
    used = {a.name for d in drafts for a in (d.actor1, d.actor2) if a is not None}
    named: list[Actor] = []
    for a in stages.find_actors(doc):
        if a.inter in (2, 3) and known(a) and a.name not in used and all(a.name != b.name for b in named) and not (
                stages.pro_government is not None and stages.pro_government(a.name)):
            named.append(a)
    if not 1 <= len(named) <= 2:
        return
    for d, slot in unnamed:
        setattr(d, slot, named[0])
        if len(named) == 2:
            d.assoc[slot] = named[1]


def _confidence(d: Draft, ev: Event) -> float:
    c = 0.2 if d.recall is not None else 0.3 if all(m.weak for m in d.mentions) else 0.45
    c += 0.15 if d.actor1 else 0.0
    c += 0.15 if d.place_linked else (0.05 if d.place else 0.0)
    c += 0.1 if d.time_in_sentence else 0.0
    c += min(0.1, 0.05 * (len(d.mentions) - 1))
    if ev.claim_status in ("claimed", "denied"):
        c -= 0.1
    if ev.event_type == taxonomy.OUT_OF_SCOPE or d.recall is not None:
        c = min(c, 0.5)
    return round(max(0.0, min(1.0, c)), 3)


def _event_id(doc_id: str, d: Draft, sub: str, doc: Doc) -> str:
    first = min(d.mentions, key=lambda m: m.start)
    span = doc[first.start : first.end]
    key = f"{doc_id}:{span.start_char}:{span.end_char}:{sub}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]
