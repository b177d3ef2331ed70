"""Sub-event coding in context: turn a generic trigger into ACLED's sub-event type.

An "attack" with artillery is shelling, on soldiers a clash, on unarmed people violence against
civilians (``target_kind``); a bomb with no aircraft named is a planted device; a device found or
defused is disrupted weapons use; protesters in a clash or under fire make a protest event coded
by what happened to it; a capture needs a place as its object and who took it decides the
territorial type (``territory_sub``). Also the ACLED precedence constants the sentence loop uses
to choose among the triggers of one sentence.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from frontwire import taxonomy
from frontwire.events.frame import is_purpose
from frontwire.events.lexicon import Lexicon, Trigger
from frontwire.events.syntax import clause_verb, countered, lower_lemma
from frontwire.records import Actor

VIOLENT_TYPES = frozenset({taxonomy.BATTLES, taxonomy.EXPLOSIONS, taxonomy.VIOLENCE_AGAINST_CIVILIANS})


OUTRANKED_TYPES = frozenset({taxonomy.VIOLENCE_AGAINST_CIVILIANS, taxonomy.STRATEGIC})
"""Types of strong triggers that a decisive weak one (a killing) outranks; never a strike."""


KILLINGS = frozenset({"kill", "shoot_dead"})


CUSTODY_HARM = {"Arrests": frozenset({"kill", "shoot_dead", "civilian_harm"}),
                "Abduction/forced disappearance": frozenset({"kill", "shoot_dead"})}
"""Triggers whose violence on the people held turns an arrest or abduction into an attack (ACLED:
captives killed or tortured by their captors are civilians attacked)."""


OUTRANKING = frozenset({"Attack", "Armed clash", "Sexual violence"})
"""Weak-trigger types that still decide the code when a strong trigger of a lower type is present."""


_SECURITY = frozenset({"police", "soldier", "force", "gendarme", "security", "troop", "authority", "army"})


_BRUTAL = frozenset({"violently", "brutally", "brutal"})
"""Words that tell the force used on a protest was excessive, not crowd control alone."""


_VICTIM_VERBS = frozenset({"kill", "wound", "injure", "execute", "murder", "slaughter", "massacre",
                           "shoot", "assault", "abduct", "kidnap", "beat", "rob"})


_TARGET_PREPS = frozenset({"on", "against", "into", "at", "upon", "of"})


def all_weapon_words(lex: Lexicon) -> frozenset[str]:
    """Every weapon word of the lexicon, whatever sub-event type it points to, plus rocket-launcher codes."""
    return frozenset(w for _, ws in lex.weapons for w in ws) | {"bm", "bm-21", "bm-27", "bm-30"}


_SEIZED_LINKS = frozenset({"dobj", "conj", "compound", "amod", "nmod", "appos", "pobj", "prep", "cc", "npadvmod"})
_SPOILS_VERBS = frozenset({"seize", "confiscate", "recover", "find", "discover", "uncover", "dismantle", "unearth",
                           "retrieve", "capture"})
"""Verbs whose objects are spoils of an operation (not what a strike destroyed: "destroyed artillery
positions" is still told by its weapon)."""


def _seized(t: Token, verbs: frozenset[str]) -> bool:
    """A weapon word in the list of what was seized or found ("seized arms, IEDs and motorbikes",
    "recovered IED-making materials"): spoils of an operation, not the weapon used in it."""
    cur = t
    for _ in range(10):  # (a long list of spoils is a long chain of conjuncts)
        if cur.dep_ not in _SEIZED_LINKS or cur.head is cur:
            return False
        cur = cur.head
        if cur.pos_ == "VERB" and cur.dep_ not in ("amod", "compound"):  # ("IED-making materials")
            return lower_lemma(cur) in verbs
    return False


def _weapon_of(sent: Span, lex: Lexicon) -> str | None:
    toks = [t for t in sent if not countered(t) and not (t.i > 0 and t.doc[t.i - 1].lower_ in _HANDMADE_FIRE)
            and not _seized(t, _SPOILS_VERBS)]
    words = {lower_lemma(t) for t in toks} | {t.lower_ for t in toks}
    for sub, ws in lex.weapons:
        if words & ws:
            return sub
    return None


_OUT_OF_FIGHT = frozenset({"unarmed", "civilian", "off-duty", "retired", "former", "ex", "demobilised",
                           "demobilized"})
"""Modifiers that put an armed noun out of the fight: ACLED codes violence on an unarmed, off-duty
or retired member of a force, or on a captive, as violence against civilians."""


_IN_CUSTODY = frozenset({"prisoner", "detainee", "captive", "hostage", "inmate", "suspect"})
"""People held by their attackers: killing them is no battle, whoever they fought for before."""


def _out_of_fight(tok: Token) -> bool:
    """"an unarmed militant", "a suspected but unarmed man", "an off-duty policeman"."""
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "advmod")]
    mods += [g for c in mods for g in c.children if g.dep_ in ("conj", "punct", "amod")]
    words = {c.lower_ for c in mods}
    # "off-duty" is split by the tokenizer: "off" "-" "duty"
    duty = any(c.lower_ == "duty" and c.i >= 2 and tok.doc[c.i - 2].lower_ == "off" for c in tok.subtree)
    return bool(words & _OUT_OF_FIGHT) or duty


_ONE_SIDED_KILLING = frozenset({"execute", "execution", "assassinate", "assassination", "murder", "massacre",
                                "slaughter", "behead", "lynch"})
"""Killing words that tell a one-sided killing: with no armed target named, an attack, not a battle."""


def _noun_kind(tok: Token, lex: Lexicon) -> str | None:
    """'armed' / 'civilian' for a target or victim noun, read from its head word first, then its
    modifiers ("volunteer fighters" are armed, "an army position" too, "the village chief" not)."""
    if _out_of_fight(tok) or lower_lemma(tok) in _IN_CUSTODY:
        return "civilian"
    words = [tok, *[c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]]
    # "members of the Fulani community", "a group of soldiers": the "of" noun names them
    words += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
    for w in words:
        for key in (lower_lemma(w), w.lower_):
            if key in lex.armed_targets:
                return "armed"
            if key in lex.civilians or key in lex.civilian_places:
                return "civilian"
        if w is tok and tok.pos_ == "PROPN" and tok.ent_type_ in ("GPE", "LOC"):
            return None  # a named place says nothing about who was there
    return None


def _targets(t: Token, lex: Lexicon) -> list[Token]:
    """Object-side nouns of a violence trigger: its objects, passive subjects and "on/into/of X";
    "in/at X" only when X is a place of civilian life ("opened fire in the village")."""
    verb = clause_verb(t)
    heads = [t] if t is verb else [t, verb]
    out: list[Token] = []
    if t.dep_ == "amod" and t.tag_ in ("VBD", "VBN") and t.head.pos_ in ("NOUN", "PROPN"):
        out.append(t.head)  # "the attacked village", a misparse of "militants assaulted women"
    for h in heads:
        for c in h.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr"):
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                out.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "prep" and c.lower_ in ("in", "at", "inside"):
                out.extend(g for g in c.children if g.dep_ == "pobj" and lower_lemma(g) in lex.civilian_places)
        # "opened fire, scattering residents": whom the participle clause of the trigger affected
        for c in h.children:
            if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG":
                out.extend(g for g in c.children if g.dep_ == "dobj")
    for o in list(out):
        out.extend(c for c in o.children if c.dep_ == "conj")
        if o.pos_ == "NUM":  # "killed 26 presumed militants" parsed with the number as the object
            out.extend(_counted_noun(o))
    return out


def _counted_noun(num: Token) -> list[Token]:
    """The noun a bare number counts, a few words on ("26 presumed ISGS militants")."""
    for w in num.doc[num.i + 1: min(num.i + 5, num.sent.end)]:
        if w.pos_ == "NOUN":
            return [w]
        if w.pos_ in ("PUNCT", "ADP", "VERB") and w.dep_ != "amod" and w.dep_ != "advcl":
            break
    return []


def _victims(sent: Span) -> list[Token]:
    """Who the sentence says was killed, wounded or assaulted ("eight people were killed")."""
    out: list[Token] = []
    for tok in sent:
        if lower_lemma(tok) in _VICTIM_VERBS and tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    out.append(c)
                    out.extend(g for g in c.children if g.dep_ == "conj")
    return out


def target_kind(t: Token, sent: Span, lex: Lexicon) -> str | None:
    """Whether generic violence hit armed men (a battle) or civilians (violence against civilians).

    ACLED codes an attack by its target: a fight against soldiers, militia or their positions is a
    clash, violence on unarmed people or their village is an attack on civilians. The trigger's own
    objects decide first; else the casualties told in its sentence and the next one. Armed targets
    win a tie ("attacked a militia post; one fighter and one civilian were killed")."""
    kinds = {_noun_kind(o, lex) for o in _targets(t, lex)} - {None}
    if not kinds:
        nxt = sent.doc[sent.end].sent if sent.end < len(sent.doc) else None
        for s in (sent, nxt):
            if s is not None:
                kinds |= {_noun_kind(v, lex) for v in _victims(s)} - {None}
    if not kinds:
        kinds = _people_named_around(t, sent, lex)
    if "armed" in kinds:
        return "armed"
    return "civilian" if kinds else None


_ATTRIBUTING = frozenset({"attribute", "blame", "ascribe", "credit", "link", "impute"})


def _people_named_around(t: Token, sent: Span, lex: Lexicon) -> set[str]:
    """Last resort when the parse links no target or victim to the trigger ("killed between 11
    and 20 people", "the corpses of three men killed", "ambushed a vehicle carrying the mayor"):
    the kinds of the person nouns the sentence names outside the doers' phrase, when every one of
    them is of one kind."""
    verb = clause_verb(t)
    heads = [t, verb]
    while heads[-1].dep_ in ("conj", "advcl", "xcomp") and len(heads) < 5:
        heads.append(heads[-1].head)  # "gunmen entered X and killed ...", "opened fire, killing ..."
    doers = {w.i for h in heads for c in h.children if c.dep_ in ("nsubj", "agent") for w in c.subtree}
    # those the incident is attributed to are its suspected doers ("attributed to security forces")
    doers |= {w.i for v in sent if lower_lemma(v) in _ATTRIBUTING for p in v.children
              if p.dep_ in ("prep", "agent") and p.lower_ in ("to", "by", "on") for w in p.subtree}
    kinds: set[str] = set()
    for w in sent:
        if w.i in doers or w.pos_ not in ("NOUN", "PROPN") or w.ent_type_ in ("GPE", "LOC", "FAC"):
            continue
        key = lower_lemma(w)
        if key in lex.civilian_places or key in lex.place_nouns:
            continue
        if key in lex.civilians or key in _IN_CUSTODY:
            kinds.add("civilian")
        elif key in lex.armed_targets:
            kinds.add("armed")
    return kinds if len(kinds) == 1 else set()


def hits_property_only(t: Token, sent: Span, lex: Lexicon) -> bool:
    """Whether generic violence is told only against places ("attacked the village", "made an
    incursion into X", "opened fire in the market") with nobody killed, hurt or seized in its
    sentence or the next: with property burned or looted that is ACLED's looting/property
    destruction."""
    kinds = [(o, _noun_kind(o, lex)) for o in _targets(t, lex)]
    words = sent_words(sent)[0]
    # a post or station of the forces is property only when nobody was there to fight
    empty = bool(words & _EMPTY) and not words & _FIGHT_BACK
    if any((k == "armed" and not (empty and lower_lemma(o) in lex.facilities))
           or (k == "civilian" and lower_lemma(o) not in lex.civilian_places) for o, k in kinds):
        return False  # people or armed men were the target
    nxt = sent.doc[sent.end].sent if sent.end < len(sent.doc) else None
    return not any(_harmed_people(s, lex) for s in (sent, nxt) if s is not None)


_RAIDS = frozenset({"attack_generic", "raid", "incursion", "open_fire", "fire_generic"})
_BURN_LOOT = frozenset({"burn", "torch", "ransack", "loot", "pillage", "plunder", "vandalize", "vandalise", "ablaze",
                        "arson", "raze"})


def _burns_or_loots(sent: Span) -> bool:
    """Property burned or looted in the sentence ("set ablaze", "ransacked the office")."""
    words = sent_words(sent)
    return bool(words[0] & _BURN_LOOT) or " set fire " in words[1]


_EMPTY = frozenset({"unmanned", "empty", "abandoned", "deserted", "vacant", "unoccupied"})
_FIGHT_BACK = frozenset({"repel", "repulse", "clash", "exchange", "respond", "retaliate", "fight", "counterattack",
                         "engage", "return"})


_HARM = frozenset({"kill", "wound", "injure", "execute", "murder", "slaughter", "massacre", "shoot", "assault",
                   "abduct", "kidnap", "beat", "rape", "torture", "behead", "die", "dead", "death", "hostage",
                   "body", "corpse", "assassinate", "injury", "killing",
                   # participles the parser leaves unlemmatised as adjectives ("assaulted villagers")
                   "killed", "wounded", "injured", "assaulted", "abducted", "kidnapped", "executed", "beaten",
                   "tortured", "raped", "shot", "murdered", "massacred"})


def _harmed_people(sent: Span, lex: Lexicon) -> bool:
    """A person killed, hurt or taken in the sentence (not denied: "no casualties reported")."""
    for tok in sent:
        if lower_lemma(tok) not in _HARM and tok.lower_ not in _HARM:
            continue
        if any(c.dep_ == "neg" or c.lower_ in ("no", "without") for c in (*tok.children, *tok.head.children)):
            continue
        return True
    return False


def sent_words(sent: Span | list[Token]) -> tuple[set[str], str]:
    """Lower-cased lemmas and forms of a sentence, and its lemmas joined by spaces (for the
    multi-word entries of the context lists: "water cannon", "live ammunition")."""
    words = {lower_lemma(w) for w in sent} | {w.lower_ for w in sent}
    return words, " " + " ".join(lower_lemma(w) for w in sent) + " "


def _by_security(t: Token) -> bool:
    """A verb whose doer is the police or the army ("police attacked the march")."""
    if t.pos_ != "VERB":
        return False
    verb = t.head if t.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in t.children) else t
    return any(c.dep_ in ("nsubj", "agent") and (lower_lemma(c) in _SECURITY or any(
        g.dep_ in ("compound", "pobj") and lower_lemma(g) in _SECURITY for g in c.children))
        for c in verb.children)


def _protesters_words(sent: Span) -> tuple[set[str], str]:
    """``sent_words`` without the violent verbs the security forces did (their attack on a march
    is what happened to the protest, not the protesters' violence) nor the protest's topic
    ("marched against the attacks", "in the wake of a deadly attack")."""
    return sent_words([t for t in sent if not _by_security(t) and not _topical(t) and not _denied(t)])


def _denied(tok: Token) -> bool:
    """A word told as not happening ("no clashes reported", "did not clash")."""
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)


_TOPIC_HEADS = frozenset({"against", "over", "about", "amid", "amidst", "following", "after", "wake", "denounce",
                          "condemn", "demand", "mark", "commemorate", "support", "decry", "mourn", "oppose",
                          "reject", "solidarity", "victim", "anniversary", "memory", "tribute", "death", "protest", "express", "call", "deplore", "insecurity", "honour", "honor"})
"""Heads whose complement is what a protest is about, not what the protesters did."""


_NOT_TOPIC_LINKS = frozenset({"conj", "cc", "nsubj", "nsubjpass", "punct", "relcl", "acl", "advcl"})
"""Links that tell what else happened ("protested, burning tyres", "a march in which youths
stoned cars"), not what the protest was about."""


def _topical(tok: Token) -> bool:
    """Whether a word is part of the protest's topic: under a topic head ("against the killings",
    "to denounce the attack") by any link but a coordination ("protested and burned tyres")."""
    cur = tok
    for _ in range(8):
        if cur.dep_ == "ROOT" or cur.head is cur:
            return False
        head = cur.head
        if cur.dep_ not in _NOT_TOPIC_LINKS and lower_lemma(head) in _TOPIC_HEADS:
            return True
        cur = head
    return False


_BLOCKED = frozenset({"road", "route", "street", "highway", "bridge", "traffic", "axis", "junction", "crossroads",
                      "roundabout", "access", "entrance", "railway"})


def _blocks_road(sent: Span) -> bool:
    """Protesters blocking or barricading a road: ACLED counts road-blocking as a violent
    demonstration (disruptive action), not a peaceful one."""
    for tok in sent:
        if lower_lemma(tok) not in ("block", "barricade", "obstruct") or _by_security(tok):
            continue
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(lower_lemma(o) in _BLOCKED or any(lower_lemma(g) in _BLOCKED for g in o.children
                                                   if g.dep_ in ("compound", "amod")) for o in objs):
            return True
    return False


def mentions_any(ctx: tuple[set[str], str], entries: frozenset[str]) -> bool:
    """Whether a sentence (``sent_words``: its word set and space-joined lemmas) holds any entry;
    multi-word entries match on the joined lemmas, single words on the set."""
    words, joined = ctx
    return any((f" {e} " in joined) if " " in e else (e in words) for e in entries)


_PROTEST_CLASH_IDS = frozenset({"clash", "clash_phrase", "fight_verb", "storm"})


_PROTEST_FIRE_IDS = frozenset({"open_fire", "fire_generic", "fire_weapon", "shelling", "attack_generic",
                               "kill", "shoot_dead", "raid", "artillery_phrase", "civilian_harm"})


_ARREST_WORDS = frozenset({"arrest", "detain", "detention", "apprehend"})


_KILL_WORDS = frozenset({"kill", "dead", "die", "death", "wound", "injure", "casualty"})


_DEVICE_SUBS = frozenset({"Remote explosive/landmine/IED", "Grenade"})


_WEAPON_IDS = frozenset({"small_arms", "chemical", "bomb_noun"})


_CAPTIVES = frozenset({"prisoner", "pow", "detainee", "captive", "hostage", "body"})


_DEVICES = frozenset({"device", "bomb", "explosive", "ied", "mine", "grenade", "vest", "belt", "charge", "munition",
                      "detonator", "shell", "rocket", "missile"})


_HANDMADE_FIRE = frozenset({"petrol", "gasoline", "molotov", "fire", "smoke", "stink", "paint"})


_BLASTS = frozenset({"explosion", "blast", "detonation"})


_SEIZE_WORDS = frozenset({"seize", "confiscate", "recover", "discover", "uncover"})


def _protest_code(sent: Span, lex: Lexicon, default: str) -> str:
    """What happened at a protest, from its sentence and the next ("Police dispersed them.")."""
    nxt = sent.doc[sent.end].sent if sent.end < len(sent.doc) else sent
    # what the protest was about is no intervention ("marched to demand the release of people arrested")
    per_sent = [sent_words([t for t in x if not _topical(t)]) for x in (sent, nxt)]
    # protesters' own violence makes a violent demonstration whatever force met it (ACLED keeps
    # "excessive force" for peaceful protesters); tear gas and rubber bullets are crowd control
    if any(mentions_any(_protesters_words(x), lex.protest_violent) or _blocks_road(x)
           or " set fire " in _protesters_words(x)[1] for x in (sent, nxt)):
        return "Violent demonstration"
    brutal = per_sent[0][0] & _BRUTAL
    crowd_control = mentions_any(per_sent[0], lex.protest_intervention) and not per_sent[0][0] & _KILL_WORDS
    # force told with crowd control and nobody hurt ("police dispersed them by firing tear gas",
    # in the next sentence too) is an intervention, not excessive force
    if (brutal or not crowd_control) and any(
            (mentions_any(c, lex.protest_excessive) or c[0] & _BRUTAL) and c[0] & _SECURITY
            and (c[0] & (_BRUTAL | _KILL_WORDS) or not mentions_any(c, lex.protest_intervention)) for c in per_sent):
        return "Excessive force against protesters"
    prev = sent.doc[sent.start - 1].sent if sent.start > 0 else None
    # "Police dispersed the crowd. The march had been called by unions.": the sentence before too
    if any(mentions_any(c, lex.protest_intervention) for c in per_sent) or (
            prev is not None and mentions_any(sent_words(prev), lex.protest_intervention)
            and sent_words(prev)[0] & _SECURITY):
        return "Protest with intervention"
    return default


def _names_protesters(sent: Span, lex: Lexicon) -> bool:
    """Whether the sentence speaks of protesters or a protest (as a common noun or verb: the
    month "March" or a party called "Rally" is no protest)."""
    return any(
        tok.pos_ in ("NOUN", "VERB") and (lower_lemma(tok) in lex.protest_actors or tok.lower_ in lex.protest_actors)
        and not (tok.is_title and tok.i != sent.start)
        for tok in sent
    )


def _disarmed(t: Token, lex: Lexicon) -> bool:
    """A device that was found, seized or defused ("an IED was found and defused"), not one that
    went off: the head is the object of such a verb, or of a verb conjoined with one."""
    if _seized(t, _SPOILS_VERBS):  # "seized arms, ammunition, IEDs and motorbikes": one of a list of spoils
        return True
    cur = t
    if cur.dep_ == "pobj" and cur.head.lower_ == "of":  # "caches of IEDs", "a number of mines"
        cur = cur.head.head
    if cur.dep_ not in ("dobj", "nsubjpass", "conj", "appos"):
        return False
    verb = cur.head
    verbs = [verb, *[c for c in verb.children if c.dep_ == "conj"]]
    if verb.dep_ == "conj":
        verbs.append(verb.head)
    return any(lower_lemma(v) in lex.disarm_verbs for v in verbs)


_RELEASE_VERBS = frozenset({"release", "free", "exchange", "swap", "hand", "return", "rescue", "liberate"})


def _released(t: Token) -> bool:
    """Captives who were let go ("released 20 hostages", "hostages were freed"): the release is the
    event, not the abduction the noun recalls."""
    cur = t.head if t.dep_ == "conj" else t
    if cur.dep_ not in ("dobj", "nsubjpass"):
        return False
    verb = cur.head
    return lower_lemma(verb) in _RELEASE_VERBS or (
        verb.dep_ == "conj" and lower_lemma(verb.head) in _RELEASE_VERBS)


_GENERIC_HITS = frozenset({"hit", "strike", "target"})


_AGENT_ENTS = frozenset({"ORG", "NORP", "GPE", "PERSON"})


def _armed_agent(t: Token, lex: Lexicon) -> bool:
    """Whether the trigger's doer can be an armed side: an armed noun ("militants"), a named
    group, state or person, or a pronoun standing for one -- not a storm, rain or a crisis."""
    verb = clause_verb(t)
    agents = [c for h in (t, verb) for c in h.children if c.dep_ in ("nsubj", "csubj")]
    agents += [g for h in (t, verb) for c in h.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for a in agents:
        if a.pos_ == "PRON" or a.ent_type_ in _AGENT_ENTS or _noun_kind(a, lex) == "armed":
            return True
    return not agents and t.pos_ != "VERB"


def _generic_hit_without_violence(tr: Trigger, t: Token, sent: Span, lex: Lexicon) -> bool:
    """A bare "hit"/"strike"/"target" with no weapon, no armed or civilian target and no armed
    doer: "a storm hit the coast", "the crisis hit farmers" tell no political violence."""
    if tr.id != "attack_generic" or lower_lemma(t) not in _GENERIC_HITS:
        return False
    return _weapon_of(sent, lex) is None and target_kind(t, sent, lex) is None and not _armed_agent(t, lex)


_TREATIES = frozenset({"treaty", "pact", "accord", "agreement", "deal", "convention", "talk", "negotiation",
                       "process", "coalition", "alliance"})


def _leaves_treaty_or_civilian(t: Token, lex: Lexicon) -> bool:
    """A withdrawal from a treaty or talks, or civilians leaving a town: no territory changed hands."""
    verb = clause_verb(t)
    for h in dict.fromkeys((t, verb)):
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "from" and any(
                    g.dep_ == "pobj" and lower_lemma(g) in _TREATIES for g in c.children):
                return True
            if c.dep_ == "nsubj" and _noun_kind(c, lex) == "civilian":
                return True
    return False


_FIREARMS = frozenset({"gun", "rifle", "gunfire", "gunshot", "shoot", "shot", "firearm", "weapon", "armed",
                       "gunman", "bullet", "ak-47", "kalashnikov", "fire"})


_COMMUNAL = frozenset({"community", "farmer", "herder", "pastoralist", "youth", "ethnic", "clan", "tribe",
                       "tribesman", "tribesmen", "militia", "group", "member"})


def _sides(t: Token) -> list[Token]:
    """Who took part in a clash: its subject and its "with X" / "between X and Y" nouns."""
    verb = clause_verb(t)
    out: list[Token] = []
    for h in dict.fromkeys((t, verb)):
        for c in h.children:
            if c.dep_ in ("nsubj", "poss", "dobj"):
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("with", "between", "among", "involving"):
                out.extend(g for g in c.children if g.dep_ == "pobj")
    out.extend(g for o in list(out) for g in o.children if g.dep_ == "conj")
    return out


def _unarmed_brawl(t: Token, sent: Span, lex: Lexicon) -> bool:
    """A fight whose named sides are all civilians, with no firearm in the sentence: unorganised
    violence (ACLED's mob violence), not a battle between armed groups."""
    sides = _sides(t)
    kinds = {_noun_kind(w, lex) for w in sides}
    if "civilian" not in kinds or "armed" in kinds:
        return False
    # communities, clans, herders and farmers fighting are communal militias (ACLED: a battle)
    named = [w for s in sides for w in s.subtree]
    if any(lower_lemma(w) in _COMMUNAL or w.ent_type_ == "NORP" for w in named):
        return False
    words = sent_words(sent)[0]
    return not words & (_FIREARMS | all_weapon_words(lex) | lex.armed_targets)


_AIR_GROUND = re.compile(r"\bair[\s-]*(?:-|/|and)\s*ground\b|\bground\s+(?:operations?|offensives?|assaults?|troops|forces|units)\b",
                         re.IGNORECASE)
"""Air power used with ground troops in one operation ("combined air-ground operation", "air and
ground operations")."""


def _with_ground_forces(sent: Span) -> bool:
    return _AIR_GROUND.search(sent.text) is not None


_FIGHT_NOUNS = frozenset({"fight", "fighting", "clash", "battle", "gunfight", "firefight", "combat", "skirmish",
                          "exchange", "shootout", "brawl", "scuffle", "confrontation"})


_INVOLVEMENT = frozenset({"involvement", "role", "participation", "part", "connection", "link", "responsibility",
                          "accuse", "suspect", "charge", "blame", "investigate", "investigation"})
"""Heads that make a violence noun what someone is held for, not an incident of the sentence."""


_MATERIEL_IDS = frozenset({"artillery_phrase", "air_defence", "bomb_noun", "fire_weapon", "air_weapon", "chemical",
                           "explosive", "explosive_phrase"})


_HANDLING = frozenset({"deploy", "move", "send", "transfer", "deliver", "supply", "reinforce", "bolster", "install",
                       "station", "position", "purchase", "buy", "sell", "acquire", "receive", "ship", "provide",
                       "test", "develop", "produce", "manufacture", "display", "parade", "unveil", "export",
                       "import", "stockpile", "possess", "build"})
"""Verbs that handle weapons without using them on anyone: moved, supplied, tested or built."""


_TESTS = frozenset({"test", "trial", "testing", "development", "delivery", "deployment", "supply", "shipment",
                    "sale", "purchase", "production", "programme", "program"})


def _handled_not_used(t: Token) -> bool:
    """A weapon named as the thing moved, supplied, tested or built ("deployed heavy weapons",
    "the test of a hydrogen bomb"), not fired at anyone."""
    cur = t
    for _ in range(3):
        if cur.dep_ in ("compound", "amod", "conj", "nmod"):
            cur = cur.head
            continue
        break
    if cur.dep_ == "pobj" and cur.head.lower_ == "of" and lower_lemma(cur.head.head) in _TESTS:
        return True
    if cur.dep_ in ("dobj", "nsubjpass") and lower_lemma(cur.head) in _HANDLING:
        return True
    return t.dep_ == "compound" and lower_lemma(t.head) in _TESTS  # "a missile test", "the bomb programme"


def _went_off_by_mistake(t: Token) -> bool:
    """A device its handlers set off by mistake ("accidentally detonated", "exploded
    prematurely"): ACLED codes it as disrupted weapons use."""
    verb = clause_verb(t)
    return any(c.lower_ in _MISTAKE for h in {t, verb} for c in h.children if c.dep_ in ("advmod", "amod"))


_MISTAKE = frozenset({"accidentally", "prematurely", "inadvertently", "accidental", "premature"})


def refine(tr: Trigger, t: Token, sent: Span, lex: Lexicon, actors: list[Actor]) -> str | None:
    """Apply the trigger's context rule; None drops the match (its condition failed)."""
    if _generic_hit_without_violence(tr, t, sent, lex):
        return None
    sub = _refine_base(tr, t, sent, lex, actors)
    if sub is None or sub == "territory":
        return sub
    if tr.id == "abduction" and t.pos_ in ("NOUN", "PROPN") and _released(t):
        return None
    if tr.id == "fight_verb" and (is_purpose(t) or (lower_lemma(t) == "engage" and any(
            c.dep_ == "prep" and c.lower_ == "in" and not any(lower_lemma(g) in _FIGHT_NOUNS for g in c.children)
            for c in t.children))):
        return None  # "to fight malaria", "engaged in a protest march" (not "engaged in a fight"): no fighting
    if tr.id in ("clash", "clash_phrase", "fight_verb") and _unarmed_brawl(t, sent, lex):
        return "Mob violence"  # "villagers clashed with sticks over a field": no armed side
    if tr.id == "attribution" and t.dep_ == "acl" and lower_lemma(t) == "accuse":
        return None  # "killed eleven people accused of being accomplices": who the victims were said to be
    if sub == "Air/drone strike" and _with_ground_forces(sent):
        return "Armed clash"  # "a combined air-ground operation": the ground fighting decides (ACLED)
    if tr.id == "intercommunal" and any(lower_lemma(a) in _INVOLVEMENT for a in list(t.ancestors)[:4]):
        return None  # "arrested for their involvement in intercommunal violence": the arrest is the event
    if tr.id in ("clash", "fight_verb") and lower_lemma(t) == "ambush" and target_kind(t, sent, lex) == "civilian":
        return "Attack"  # "ambushed a bus carrying traders": an ambush is coded by whom it hit
    if tr.id in _MATERIEL_IDS and _handled_not_used(t):
        return None  # "deployed heavy weapons", "reinforced air defence systems", "a missile test"
    if tr.id == "withdrawal" and _leaves_treaty_or_civilian(t, lex):
        return None
    if (sub in _DEVICE_SUBS or tr.id in _WEAPON_IDS) and _went_off_by_mistake(t):
        return "Disrupted weapons use"  # "accidentally detonated their explosives"
    if (sub in _DEVICE_SUBS or tr.id in _WEAPON_IDS) and _disarmed(t, lex):
        return "Disrupted weapons use"
    if tr.id == "riot" and t.dep_ == "compound":
        return None  # "riot police", "riot gear": no riot
    if tr.id in _PROTEST_FIRE_IDS and mentions_any(sent_words(sent), lex.crowd_control):
        # water cannon and tear gas are fired at crowds: a protest event, not shelling or a battle
        return _protest_code(sent, lex, "Protest with intervention")
    if tr.id in _PROTEST_CLASH_IDS | _PROTEST_FIRE_IDS and _names_protesters(sent, lex):
        # protesters in a clash or under fire: a protest event, coded by what happened to it
        if tr.id in _PROTEST_CLASH_IDS:
            return _protest_code(sent, lex, "Violent demonstration")
        return _protest_code(sent, lex, "Excessive force against protesters")
    if tr.id == "raid" and lower_lemma(t) == "raid":
        ctx = sent_words(sent)
        if ctx[0] & (_ARREST_WORDS | _SEIZE_WORDS) and not ctx[0] & _KILL_WORDS:
            return None  # a police raid that made arrests or seizures: they are the event
    return sub


def _refine_base(tr: Trigger, t: Token, sent: Span, lex: Lexicon, actors: list[Actor]) -> str | None:
    if tr.resolve == "bomb":
        if any(c.lower_ in _HANDMADE_FIRE for c in t.children if c.dep_ in ("compound", "amod")) or (
                t.i > 0 and t.doc[t.i - 1].lower_ in _HANDMADE_FIRE):
            return None  # petrol bombs are thrown by rioters: the riot or mob trigger codes it
        weapon = _weapon_of(sent, lex)
        return weapon if weapon and weapon not in _DEVICE_SUBS else tr.sub
    if tr.resolve == "chemical":
        return "Man-made disaster" if mentions_any(sent_words(sent), lex.accident_words) else tr.sub
    if tr.resolve == "not_person":
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if t.dep_ == "acl":  # "three men intercepted by police": the noun it modifies
            obj.append(t.head)
        if any(lower_lemma(o) in lex.person_nouns or o.ent_type_ == "PERSON" or lower_lemma(o) in lex.civilians
               for o in obj):
            return None
        return tr.sub
    if tr.resolve == "weapon":
        weapon = _weapon_of(sent, lex)
        if weapon:
            return weapon
        if any(c.dep_ in ("nsubj", "nsubjpass", "agent") and lower_lemma(c) in _BLASTS for c in t.children):
            return "Remote explosive/landmine/IED"  # "the explosions destroyed two vehicles"
        kind = target_kind(t, sent, lex)
        if tr.id in _RAIDS and _burns_or_loots(sent) and hits_property_only(t, sent, lex):
            return "Looting/property destruction"  # "attacked and burned the town hall, no casualties"
        if kind == "civilian":
            return "Attack"
        if kind == "armed":
            return "Armed clash"
        if lower_lemma(t) in _ONE_SIDED_KILLING:
            return "Attack"  # "four people assassinated", "executed by soldiers": no fight told
        if _named_person_killed(t):
            return "Attack"  # "Amadou Diallo, a trader, was killed by gunmen": one named victim
        return tr.sub
    if tr.resolve in ("territory", "place_object"):
        if t.dep_ == "amod" or (tr.resolve == "territory" and is_purpose(t)):
            return None  # "the occupied city" is a state; "an attack to capture the base" an aim
        # (a "subject" after the verb is an object the parser misread: "retook Zelenyi Hai, Zaporizhia")
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass", "pobj") or (c.dep_ == "nsubj" and c.i > t.i)]
        # the object itself, not a place it was taken in ("seized livestock in Markoye")
        core = [w for o in obj for w in _np_core(o)]
        if any(lower_lemma(o) in lex.loot_objects for o in obj):
            return None  # "seized livestock ... and a hamlet": the goods are what was taken
        is_place = bool({lower_lemma(w) for w in core} & lex.place_nouns) or any(
            w.ent_type_ in ("GPE", "LOC", "FAC") for w in core
        ) or any(_qualified_name(o) for o in obj)
        if not obj or not is_place:
            return None
        return "territory" if tr.resolve == "territory" else tr.sub
    if tr.resolve == "loot_object":
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(lower_lemma(w) in lex.loot_objects or w.lower_ in lex.loot_objects
               for o in obj for w in _np_core(o)):
            return tr.sub
        return None
    if tr.resolve == "person_object":
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        words = {lower_lemma(w) for c in obj for w in c.subtree}
        if obj and (words & lex.person_nouns or any(w.ent_type_ == "PERSON" for c in obj for w in c.subtree)):
            # soldiers or prisoners of war taken in a fight are part of the battle, not abductees
            if any(_noun_kind(o, lex) == "armed" or lower_lemma(o) in ("prisoner", "pow") for o in obj):
                return "Armed clash"
            return tr.sub
        return None
    if tr.resolve == "captives":
        # the captives named in the noun's phrase or the phrase it modifies ("exchange process of
        # prisoners of war")
        scope = t.head if t.dep_ == "compound" else t
        return tr.sub if any(lower_lemma(w) in _CAPTIVES for w in scope.subtree) else None
    if tr.resolve == "own_device":
        verb = clause_verb(t)
        words = {lower_lemma(w) for w in verb.subtree}
        return tr.sub if words & _DEVICES else None
    if tr.resolve == "armed_departure" and any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in t.children):
        return None  # "left two dead", "left them to die": not a departure
    if tr.resolve in ("armed_subject", "armed_departure"):
        verb = t.head if t.dep_ in ("xcomp", "conj") and not any(c.dep_ == "nsubj" for c in t.children) else t
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        subj += [g for c in subj for g in c.children if g.dep_ == "conj"]
        return tr.sub if any(_noun_kind(c, lex) == "armed" for c in subj) else None
    if tr.resolve == "protest":
        # what happened to a protest is often told in the next sentence ("Police dispersed them.")
        return _protest_code(sent, lex, tr.sub)
    return tr.sub


def _named_person_killed(t: Token) -> bool:
    """The passive subject of a killing is a person's name ("Jean Ouedraogo was shot")."""
    subj = [c for c in t.children if c.dep_ == "nsubjpass"]
    return bool(subj) and all(c.ent_type_ == "PERSON" or (
        c.pos_ == "PROPN" and c.is_title and c.ent_type_ not in ("GPE", "LOC", "FAC", "ORG", "NORP")) for c in subj)


def _np_core(o: Token) -> list[Token]:
    """A noun with its modifiers and "of"/"over" complement ("the border village of X", "control
    over X"), not its other prepositional phrases ("livestock in X")."""
    out = [o]
    for c in o.children:
        if c.dep_ in ("compound", "amod", "nmod", "appos", "conj"):
            out.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("of", "over"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
    return out


def _qualified_name(o: Token) -> bool:
    """A name the gazetteer does not know, placed by a known region after a comma ("retook
    Zelenyi Hai, Zaporizhia"): the report says it is a place."""
    if o.pos_ != "PROPN" or o.ent_type_:
        return False
    after = o.doc[o.i + 1 : min(o.right_edge.i + 3, len(o.doc))]
    return any(w.text == "," for w in after) and any(
        w.ent_type_ in ("GPE", "LOC") for w in after if w.i > o.i + 1)


def territory_sub(actor1: Actor | None, country: str | None) -> str:
    """Who takes a place decides the code: ACLED reserves the two territorial types."""
    if actor1 is None:
        return "Armed clash"
    if actor1.inter in (2, 3, 4):
        return "Non-state actor overtakes territory"
    if actor1.inter == 1 and (country is None or country.lower() in actor1.name.lower()):
        return "Government regains territory"
    return "Armed clash"
