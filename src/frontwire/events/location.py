"""Where an event happened: which of a sentence's toponyms is the trigger's place.

Leaves out toponyms that are no place of the incident (actor mentions, weapons and ships named
after places, origins "from X", routes "the road to X", directions "towards X", owners "Kyiv's",
allegiances "Luhansk rebels") and prefers the place closest to the trigger in the parse, the
most specific one, and the named place over a qualifier ("X, Region") that only says where it is.
Also the document's main place, used when an event has no place of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from frontwire.events.draft import Draft
from frontwire.events.lexicon import Lexicon
from frontwire.events.stages import Stages
from frontwire.events.syntax import link_distance, lower_lemma, span_tokens
from frontwire.records import Place

_NEAR = frozenset({"near", "outside", "around", "close", "outskirts", "vicinity", "nearby", "toward",
                   "towards", "direction", "between"})


_ROUTE_NOUNS = frozenset({"road", "highway", "route", "border", "frontier", "boundary", "way", "axis"})


_QUALIFIER_GAP = re.compile(
    r"\s*(?:(?:district|region|province|oblast|raion|rayon|commune|department|county|municipality"
    r"|governorate|prefecture|village|town|city)\s*)?[,(\[]\s*", re.IGNORECASE)
"""What separates a toponym from the one that says where it is: "Zolote, Luhansk", "Djibo (Djibo,
Soum)", "the Synelnykove district, Dnipropetrovsk"."""
_PAIR_GAP = re.compile(r"\s*[-\u2013]\s*")
"""Two toponyms joined by a dash name a route or a stretch between them ("the Djibo-Bourzanga
axis", "the Kramatorsk-Lviv train"): the first is where it is coded, the second ranks after it."""
_NAMED_AFTER = frozenset({"council", "administration", "government", "ministry", "parliament", "patriarchate",
                          "convention", "consulate", "embassy", "authority", "committee", "agreement", "accord",
                          "treaty", "protocol", "diocese", "train", "format"})
"""Nouns that a toponym names without placing them there: institutions ("the Zaporizhia Regional
Council", "the Moscow Patriarchate in Pochaiv"), documents ("the Geneva Convention"), vehicles
("the Kramatorsk-Lviv train")."""
_WATER_WORDS = frozenset({"sea", "ocean", "gulf", "bay", "lake", "river", "strait", "reservoir", "estuary"})
_AT_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
_DISTANCE_WORDS = frozenset({"km", "kms", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles",
                             "metre", "metres", "meter", "meters", "away", "far", "m"})
_MOTION_VERBS = frozenset({"evacuate", "move", "flee", "arrive", "go", "return", "head", "relocate", "transfer",
                           "deport", "send", "bring", "take", "travel", "drive", "leave", "escape", "displace",
                           "transport", "withdraw", "retreat", "redeploy"})


def names_materiel(sp: Span, lex: Lexicon) -> bool:
    """A toponym that names a weapon or a ship rather than a place: "Molotov cocktails", "Grad
    rockets", "the Moskva cruiser" (it heads a noun phrase whose head is materiel) or "the
    cruiser Moskva", "the warship 'Moskva'" (a ship noun right before it)."""
    doc = sp.doc
    nxt = doc[sp.end] if sp.end < len(doc) else None
    if nxt is not None and lower_lemma(nxt) in lex.materiel and nxt.pos_ in ("NOUN", "PROPN"):
        after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        if after is None or after.pos_ not in ("NOUN", "PROPN") or lower_lemma(after) in lex.materiel:
            return True  # "Molotov cocktails at", not "Kharkiv missile attack"
    k = sp.start - 1
    while k >= 0 and doc[k].is_quote:  # "the warship 'Moskva'"
        k -= 1
    return k >= 0 and lower_lemma(doc[k]) in lex.ship_nouns


def route_name(sp: Span) -> bool:
    """"the road to Nakuru", "the border with Mali": a route or boundary named for a place."""
    root = sp.root
    doc = sp.doc
    before = doc[sp.start - 2] if sp.start >= 2 else None
    return (root.dep_ == "pobj" and root.head.lower_ in ("to", "with", "towards", "toward", "of")
            and (lower_lemma(root.head.head) in _ROUTE_NOUNS
                 or (before is not None and lower_lemma(before) in _ROUTE_NOUNS and before.i + 1 == root.head.i)))


def direction_only(sp: Span) -> bool:
    """"withdrew towards Mali", "the road to X": where someone went, not where it happened."""
    root = sp.root
    return route_name(sp) or (root.dep_ == "pobj" and root.head.lower_ in ("towards", "toward"))


def contains(region: Place, p: Place) -> bool:
    """Whether ``region`` is an administrative area that ``p`` lies in ("Lozova ... the Kharkiv
    region"): then it only says where ``p`` is and must not replace it."""
    return (region.feature_class == "A" and region.precision > (p.precision or 0)
            and bool(region.iso3 and region.iso3 == p.iso3)
            and bool(p.admin1) and p.admin1 in (region.admin1, region.name))


def _qualified(places: list[tuple[Place, Span]], lex: Lexicon) -> list[tuple[Place, Span, Span, bool]]:
    """Each candidate with the span that stands for it in the parse and whether it only qualifies
    the toponym before it: in "Zolote, Luhansk" or "Djibo (Djibo, Soum)" the trailing names say
    where the first one is, so they rank after it and are linked to the trigger through it.

    Also leaves out a toponym that only modifies a noun naming people ("Luhansk rebel positions",
    "Donetsk militants") or is a possessor ("Kyiv's announcement"): a place of origin, allegiance
    or ownership, not of the incident.
    """
    out: list[tuple[Place, Span, Span, bool]] = []
    ordered = sorted(places, key=lambda c: c[1].start_char)
    prev: tuple[Place, Span, Span, bool] | None = None
    for p, sp in ordered:
        root = sp.root
        if root.dep_ == "poss":
            continue  # "Kyiv's announcement", "Moscow's troops": an owner, not where it happened
        if root.dep_ in ("compound", "amod", "nmod") and root.head.i >= sp.end and (
            lower_lemma(root.head) in lex.armed_targets or lower_lemma(root.head) in lex.person_nouns
        ):
            continue
        gap = sp.doc.text[prev[1].end_char : sp.start_char] if prev is not None else ""
        if prev is not None and prev[1].end_char <= sp.start_char and (
                _QUALIFIER_GAP.fullmatch(gap) or _PAIR_GAP.fullmatch(gap)):
            cur = (p, sp, prev[2], True)
        else:
            cur = (p, sp, sp, False)
        out.append(cur)
        prev = cur
    return out


def pick_place(trig: Token, places: list[tuple[Place, Span]], lex: Lexicon,
               doc_iso3: str | None = None, violent: bool = True) -> tuple[Place, bool] | None:
    """The most specific place linked to the trigger, else the most specific in the sentence; a
    qualifying name ("X, Region") only when the name it qualifies is unknown to the gazetteer.

    Before linking counts, a toponym that names no place of the incident ranks last (``_aside``),
    and one outside the story's country (``doc_iso3``) after those inside it: "rallied in Kharkiv
    in support of Kazakhstan", "'Damba' (Angola) 40 km from Djibo"; then the far end of a movement
    (``_moved``). "Near X" does not make X less specific than another town (``place_level``)."""
    if not places:
        return None
    roots = {sp.root.i for _, sp in places}
    home = doc_iso3 is not None and any(p.iso3 == doc_iso3 for p, _ in places)
    scored = []
    for p, span, anchor, qualifier in _qualified(places, lex):
        d = link_distance(anchor.root, trig)
        scored.append((_aside(p, span, roots), home and p.iso3 != doc_iso3, _moved(anchor, trig, violent), d is None,
                       p.geonameid is None, qualifier, place_level(p), d if d is not None else 99,
                       abs(anchor.start - trig.i), p, span))
    if not scored:
        return None
    scored.sort(key=lambda s: s[:9])
    best = scored[0]
    place, span = best[9], best[10]
    near = any(t.lower_ in _NEAR for t in span.doc[max(span.start - 3, span.sent.start) : span.start])
    if near and place.precision < 2:
        place = _with_precision(place, 2, "near")
    return place, not best[3]


def place_level(p: Place) -> int:
    """How specific a place is: its precision, except that "near X" is still a town (precision 2
    says where the event is relative to X, not that X is vaguer than another town)."""
    reasons = {r.strip() for r in p.reason.split(";")}
    near = "'near' wording" in reasons or "near" in reasons
    if p.precision == 2 and near and "area wording" not in reasons and p.feature_class != "A":
        return 1
    return p.precision


def _moved(sp: Span, trig: Token, violent: bool) -> bool:
    """The far end of a movement, when another toponym may be the event's: for violence the origin
    of the attack or the attackers ("coming from Izium to Slovyansk", "forces from X fired at Y",
    "fired from their positions in Y"), not a distance ("10 km from Deou") nor where others fled
    ("evacuated from X despite the shelling"); for anything else (evacuations, displacement) the
    destination of a verb of motion ("evacuated from Kherson arrived to Odesa"): the event is
    where people left."""
    root = sp.root
    prep = root.head
    if root.dep_ != "pobj":
        return False
    if violent:
        if prep.lower_ in ("in", "at", "near") and prep.head.dep_ == "pobj":  # "from positions in Y"
            prep = prep.head.head
        if prep.lower_ != "from" or prep.i == 0:
            return False
        if prep.doc[prep.i - 1].lower_ in _DISTANCE_WORDS or prep.doc[prep.i - 1].like_num:
            return False
        head = prep.head
        # the trigger's own verb ("fired from X", "launched an attack from X"), not another verb
        own = head.i == trig.i or (trig.head.i == head.i and trig.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"))
        # "forces coming from Izium to Slovyansk": a participle describing the attackers
        return own or head.pos_ != "VERB" or head.dep_ in ("acl", "relcl", "pcomp")
    head = prep.head
    if head.dep_ == "pobj" and head.head.dep_ in ("agent", "prep") and head.head.head.pos_ == "VERB":
        head = head.head.head  # "evacuated by train to Chernivtsi": the verb the means attaches to
    return prep.lower_ in ("to", "into") and head.pos_ == "VERB" and lower_lemma(head) in _MOTION_VERBS


def is_country(p: Place) -> bool:
    """A whole country (an administrative area with no first-level division of its own)."""
    return p.feature_class == "A" and bool(p.iso3) and not p.admin1


def _aside(p: Place, sp: Span, roots: set[int]) -> bool:
    """Whether a toponym names no place of the incident even when the parse links it: a whole
    country (the sentence's town or region is more specific, "flags of Ukraine ... in Dnipro"),
    a sea ("naval artillery in the Black Sea on the Odesa region": ACLED codes the land), or the
    name of something located elsewhere: a quoted name, an institution, document or vehicle named
    after a place ("the Geneva Convention", "the Moscow Patriarchate in Pochaiv"), or a facility whose own
    "in/at Y" says where it is ("the Zaporizhzhia power plant in Enerhodar")."""
    if is_country(p):
        return True
    if p.feature_class == "H" or (p.name or "").split(" ")[-1].lower() in _WATER_WORDS:
        return True
    doc = sp.doc
    if sp.start > 0 and sp.end < len(doc) and doc[sp.start - 1].is_quote and doc[sp.end].is_quote:
        return True  # "the Russian 'Saratov' ship", "Operation 'Kyiv'": a quoted name is a thing's
    root = sp.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i < sp.end:
        return False
    head = root.head
    if lower_lemma(head) in _NAMED_AFTER:
        return True
    return any(c.dep_ == "prep" and c.lower_ in _AT_PREPS and any(g.dep_ == "pobj" and g.i in roots for g in c.children)
               for c in head.children)


def _with_precision(p: Place, precision: int, why: str) -> Place:
    return replace(p, precision=precision, reason=(p.reason + f"; {why}").strip("; "))


_CODED_TO = re.compile(r"\bcoded\s+to\s+(?:the\s+)?$", re.I)
_FOR_TOLL = re.compile(r"\bfatalit(?:y|ies)\s+(?:were\s+|are\s+)?coded\s+to\s+(?:the\s+)?$", re.I)


def coded_place(text: str, places: Sequence[Place]) -> Place | None:
    """The place a coded note says it is coded to ("[coded to Kherson]", "(coded to Mariupol as the
    exact location is unknown)"): the coder's own word on the location. Not a toll moved to
    another event ("fatalities coded to the Horlivka event")."""
    for p in places:
        before = text[max(0, p.start - 40) : p.start]
        if (p.geonameid is not None and _CODED_TO.search(before) and not _FOR_TOLL.search(before)
                and not text[p.end : p.end + 7].lower().startswith(" event")):
            return p
    return None


def document_place(places: Sequence[Place], skip: Sequence[tuple[int, int]] = ()) -> Place | None:
    """The document's most mentioned resolved place (ties: the earliest), at region precision,
    in its most mentioned country: a stray namesake ("West Africa Province" read as Puebla) must
    not outvote three places in one country; a place inside the country outranks the country's own
    name. Places inside ``skip`` (actor mentions) don't count."""
    resolved = [p for p in places if p.geonameid is not None
                and not any(p.start < e and s0 < p.end for s0, e in skip)]
    if not resolved:
        return None
    countries = Counter(p.iso3 for p in resolved)
    top = max(countries.values())
    country = next(p.iso3 for p in resolved if countries[p.iso3] == top)
    resolved = [p for p in resolved if p.iso3 == country]
    # the country's own name says which country, not where in it ("flags of Ukraine" x3, "in Dnipro")
    resolved = [p for p in resolved if not is_country(p)] or resolved
    counts = Counter(p.geonameid for p in resolved)
    best = max(counts.values())
    first = next(p for p in resolved if counts[p.geonameid] == best)
    return _with_precision(first, 3, "document main place")


def doc_country(main_place: Place | None, places: Sequence[Place], drafts: Sequence[Draft],
                stages: Stages, doc: Doc | None = None) -> str | None:
    """The document's country when an event has none of its own: the main place's, else any
    toponym's (even one the gazetteer cannot pin down), else the home of a named non-state group
    that acts in it (state forces often fight abroad, so their home says less), else, when nothing
    else tells (a village the gazetteer lacks), the home of any named force or institution in
    ``doc`` ("VDP", "the Malian army") or the country whose institution a name or demonym names
    ("the Burkinabe ministry"); never a default country."""
    if main_place is not None and main_place.iso3:
        return main_place.iso3
    for p in places:
        if p.iso3:
            return p.iso3
    if stages.home_country is not None:
        for d in drafts:
            for a in (d.actor1, d.actor2):
                if a is not None and a.inter in (2, 3, 4) and (home := stages.home_country(a.name)):
                    return home
    return _named_country(doc, stages) if doc is not None else None


def _named_country(doc: Doc, stages: Stages) -> str | None:
    """The country of the first actor in ``doc`` with a home (state forces, a national group),
    else the first country named with an institution of its own ("the Burkinabe ministry"): a bare
    demonym is often the victims' nationality ("Chinese workers"), not the event's country."""
    if stages.find_actors is not None and stages.home_country is not None:
        for a in sorted(stages.find_actors(doc), key=lambda a: a.start):
            if home := stages.home_country(a.name):
                return home
    if stages.countries_named is not None:
        named = stages.countries_named(doc.text)
        if named:
            return named[0]
    return None


def places_by_sentence(doc: Doc, places: Sequence[Place], sent_of: dict[int, int],
                       lex: Lexicon) -> tuple[dict[int, list[tuple[Place, Span]]], list[Place]]:
    """The document's toponyms with their spans, grouped by sentence, and the list of those kept:
    a toponym naming a weapon or a ship is no place of the story at all."""
    place_spans: dict[int, list[tuple[Place, Span]]] = {}
    kept: list[Place] = []
    for p in places:
        span = span_tokens(doc, p.start, p.end)
        if span is None or len(span) == 0 or names_materiel(span, lex):
            continue
        kept.append(p)
        place_spans.setdefault(sent_of.get(span.start, -1), []).append((p, span))
    return place_spans, kept


def sentence_place(trig: Token, places: list[tuple[Place, Span]], actor_spans: list[tuple[int, int]],
                   weapon_words: frozenset[str], lex: Lexicon,
                   doc_iso3: str | None = None, violent: bool = True) -> tuple[Place | None, bool]:
    """The place of the event the trigger tells, among its sentence's toponyms, and whether it is
    linked to the trigger in the parse (else it is only the sentence's most specific place).
    ``violent``: the event is a battle, explosion or attack (see ``_moved``)."""
    # a toponym inside an actor mention ("Moscow said") or naming a weapon ("Grad", "BM-21") is
    # no location
    candidates = [
        (p, sp) for p, sp in places
        if not any(p.start < e and s0 < p.end for s0, e in actor_spans)
        and not (sp.root.lower_ in weapon_words and sp.root.pos_ != "ADP")
    ]
    # "shelling from Ukraine", "fired from Belarus": an origin, used only when nothing else is
    # named ("evacuated from Kreminna")
    not_origin = [(p, sp) for p, sp in candidates
                  if not (sp.root.head.lower_ == "from" and sp.root.dep_ == "pobj"
                          and (p.feature_class == "A" or p.precision >= 3))
                  and not direction_only(sp)]
    if _only_regions_of(not_origin, [c for c in candidates if c not in not_origin]):
        not_origin = []  # "moving towards Orlianske, Zaporizhia": the region only places the town
    fallback = [(p, sp) for p, sp in candidates if not route_name(sp)]
    if _only_regions_of(fallback, [c for c in candidates if c not in fallback]):
        fallback = candidates  # "clashed on the road to Staryi Saltiv, Kharkiv"
    picked = pick_place(trig, not_origin or fallback, lex, doc_iso3, violent)
    return picked if picked else (None, False)


def _only_regions_of(kept: list[tuple[Place, Span]], dropped: list[tuple[Place, Span]]) -> bool:
    """Whether the toponyms left are only the regions that the dropped ones (a destination, an
    origin, a route's end) lie in: then the dropped town itself is the better place."""
    return bool(kept) and all(any(contains(p, q) for q, _ in dropped) for p, _ in kept)
