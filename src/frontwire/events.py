"""Triggers -> events: find the words that report an incident, decide whether it happened, code it
into ACLED's taxonomy, link its arguments through the dependency parse and merge repeated tellings.

How it works, per document (one parsed spaCy ``Doc``):

1. Trigger matching from the readable lexicon ``data/triggers.yaml``: single lemmas and phrases on
   lower-cased lemmas, verb-object pairs ("fired mortars", "a drone was shot down") on the
   dependency parse (see ``TriggerMatcher`` for why not spaCy's matchers). Matches inside ``Document.removed`` spans are impossible because the
   pipeline blanks those spans before parsing.
2. Factuality: a trigger under negation ("no clashes were reported"), a modal ("would strike") or a
   hypothetical/denial head ("plans to attack", "denied shelling", "preparing a counteroffensive")
   is dropped: it is not an event that happened.
3. Coding: context rules re-code generic triggers (an "attack" with artillery is shelling, with no
   weapon on civilians it is violence against civilians), then ``taxonomy.pick`` applies ACLED's
   precedence among the triggers of one sentence.
4. Arguments: subject/agent -> actor1, object or "on/against/with" target -> actor2, the place in
   the trigger's clause ("in/near/at X") -> location, the sentence's time -> date (else the
   document's, per ``times.event_date``), fatalities from the event's sentences read as one report
   (``fatalities.fatalities_in``), the claim from ``claims.attribute`` asked for the trigger itself
   (a sentence that denies one thing and states another answers per trigger); whoever "claimed
   responsibility" is actor1 (``claims.responsible_actor``). Pronoun subjects ("it repelled") fall
   back to the speaker or the last actor.
   Protest context re-codes violence: protesters in a clash are a violent demonstration, under
   fire or crowd-control weapons a protest with intervention / excessive force; a device found or
   defused is disrupted weapons use; a bomb with no aircraft named is a planted device.
5. Merging: a mention that is anaphoric ("the attack"), weak ("two people were killed") or
   compatible with an earlier event (same event type, no conflicting place, date or actors) joins it
   as more evidence; the merged event keeps the most specific place and the ACLED precedence type.

Confidence (0-1) is a transparent additive score: 0.45 for a strong trigger (0.3 weak), +0.15 when
actor1 is known, +0.15 for a place linked in the sentence (+0.05 for the document's main place),
+0.1 for a date stated in the sentence, +0.05 per extra mention (max +0.1); -0.1 when the only
source is a party's claim. Out-of-scope items get at most 0.5.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from frontwire import taxonomy
from frontwire.records import Actor, Claim, Document, Event, Evidence, Fatalities, Place, TimeRef

REPORTING = frozenset(
    {"say", "claim", "report", "confirm", "tell", "state", "announce", "add", "write", "assert",
     "acknowledge", "insist", "note", "allege", "accuse", "post", "according"}
)
_HYPO_PATH_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "conj", "attr",
                             "nsubjpass", "compound", "amod", "pcomp", "advcl", "relcl"})
_NEAR = frozenset({"near", "outside", "around", "close", "outskirts", "vicinity", "nearby", "toward",
                   "towards", "direction", "between"})
_ACTOR2_PREPS = frozenset({"on", "against", "with", "at", "upon", "between", "of"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "them", "its", "their"})


# --------------------------------------------------------------------------------------------------
# Lexicon


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry (see the header of data/triggers.yaml)."""

    id: str
    sub: str
    strength: str = "strong"
    resolve: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """The parsed trigger lexicon with its context word lists."""

    triggers: dict[str, Trigger]
    raw: dict[str, Any]
    weapons: tuple[tuple[str, frozenset[str]], ...]
    civilians: frozenset[str]
    place_nouns: frozenset[str]
    person_nouns: frozenset[str]
    armed_targets: frozenset[str]
    civilian_places: frozenset[str]
    loot_objects: frozenset[str]
    protest_intervention: frozenset[str]
    protest_excessive: frozenset[str]
    protest_violent: frozenset[str]
    negators: frozenset[str]
    modals: frozenset[str]
    hypothetical_heads: frozenset[str]
    anaphora: frozenset[str]
    protest_actors: frozenset[str] = frozenset()
    accident_words: frozenset[str] = frozenset()
    regain_verbs: frozenset[str] = frozenset()
    disarm_verbs: frozenset[str] = frozenset()
    crowd_control: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    frame_ignore: frozenset[str] = frozenset()
    materiel: frozenset[str] = frozenset()
    ship_nouns: frozenset[str] = frozenset()


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in raw.get(key, []))


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and check the trigger lexicon (default: the packaged ``data/triggers.yaml``)."""
    text = (
        Path(path).read_text(encoding="utf-8")
        if path
        else resources.files("frontwire").joinpath("data/triggers.yaml").read_text(encoding="utf-8")
    )
    raw = yaml.safe_load(text)
    triggers: dict[str, Trigger] = {}
    for entry in raw["triggers"]:
        taxonomy.event_type_of(entry["sub"])  # fails loudly on a misspelt type
        if entry["id"] in triggers:
            raise ValueError(f"triggers.yaml: duplicate id {entry['id']!r}; ids must be unique")
        triggers[entry["id"]] = Trigger(entry["id"], entry["sub"], entry.get("strength", "strong"),
                                        entry.get("resolve"))
    weapons = []
    for sub, words in raw["weapons"].items():
        taxonomy.event_type_of(sub)
        weapons.append((sub, frozenset(str(w).lower() for w in words)))
    return Lexicon(
        triggers=triggers,
        raw=raw,
        weapons=tuple(weapons),
        civilians=_words(raw, "civilians"),
        place_nouns=_words(raw, "place_nouns"),
        person_nouns=_words(raw, "person_nouns"),
        armed_targets=_words(raw, "armed_targets"),
        civilian_places=_words(raw, "civilian_places"),
        loot_objects=_words(raw, "loot_objects"),
        protest_intervention=_words(raw, "protest_intervention"),
        protest_excessive=_words(raw, "protest_excessive"),
        protest_violent=_words(raw, "protest_violent"),
        negators=_words(raw, "negators"),
        modals=_words(raw, "modals"),
        hypothetical_heads=_words(raw, "hypothetical_heads"),
        anaphora=_words(raw, "anaphora"),
        protest_actors=_words(raw, "protest_actors"),
        accident_words=_words(raw, "accident_words"),
        regain_verbs=_words(raw, "regain_verbs"),
        disarm_verbs=_words(raw, "disarm_verbs"),
        crowd_control=_words(raw, "crowd_control"),
        hedges=_words(raw, "hedges"),
        frame_ignore=_words(raw, "frame_ignore"),
        materiel=_words(raw, "materiel"),
        ship_nouns=_words(raw, "ship_nouns"),
    )


_QUANTITY_NOUNS = frozenset({"total", "number", "amount", "quantity", "lot", "cache", "stock", "batch",
                             "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "pair",
                             "series", "set", "stockpile", "couple"})


class TriggerMatcher:
    """The lexicon compiled into lookup tables keyed by lower-cased lemma.

    Why not spaCy's ``Matcher``/``DependencyMatcher``: with a few hundred ``IN`` predicates they
    cost more per document than the parser itself (measured on short news items), while a
    dictionary probe per token plus a look at the token's children does the same job for a
    fraction of the time, keeping the pipeline within reach of bare ``nlp.pipe`` throughput.
    """

    def __init__(self, vocab: Vocab | None, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # key word -> [(trigger id, rest of the phrase as a tuple of words, allowed POS or None)]
        self.words: dict[str, list[tuple[str, tuple[str, ...], frozenset[str] | None]]] = {}
        # verb lemma -> [(trigger id, object lemmas or None for any, particle or None)]
        self.verbs: dict[str, list[tuple[str, frozenset[str] | None, str | None]]] = {}
        for entry in lexicon.raw["triggers"]:
            tid = entry["id"]
            pos = frozenset(entry["pos"]) if entry.get("pos") else None
            for lemma in entry.get("lemmas", []):
                self.words.setdefault(str(lemma).lower(), []).append((tid, (), pos))
            for phrase in entry.get("phrases", []):
                words = tuple(str(phrase).lower().split())
                self.words.setdefault(words[0], []).append((tid, words[1:], None))
            if "verbs" in entry:
                objects = [str(o).lower() for o in entry["objects"]]
                objs = None if objects == ["*"] else frozenset(objects)
                for v in entry["verbs"]:
                    self.verbs.setdefault(str(v).lower(), []).append((tid, objs, entry.get("particle")))

    @staticmethod
    def _keys(t: Token) -> tuple[str, str]:
        return t.lemma_.lower(), t.lower_

    def __call__(self, doc: Doc) -> list[tuple[str, int, int, int]]:
        """(trigger id, start token, end token, head token) for every match, overlaps included."""
        out: list[tuple[str, int, int, int]] = []
        seen: set[tuple[str, int, int]] = set()
        n = len(doc)
        keys = [self._keys(t) for t in doc]
        for i, t in enumerate(doc):
            lemma, lower = keys[i]
            for k in {lemma, lower}:
                for tid, rest, pos in self.words.get(k, ()):
                    if pos is not None and t.pos_ not in pos:
                        continue
                    j = i + 1
                    ok = True
                    for w in rest:
                        # skip determiners inside phrases ("take [the] control", "step on [a] mine")
                        while j < n and doc[j].pos_ == "DET" and w not in keys[j]:
                            j += 1
                        if j >= n or w not in keys[j]:
                            ok = False
                            break
                        j += 1
                    if ok and (tid, i, j) not in seen:
                        seen.add((tid, i, j))
                        out.append((tid, i, j, doc[i:j].root.i))
            for tid, objs, particle in self.verbs.get(lemma, ()):
                if t.pos_ not in ("VERB", "AUX") and t.dep_ != "ROOT":
                    continue
                if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in t.children):
                    continue
                if self._has_object(t, objs) and (tid, i, i + 1) not in seen:
                    seen.add((tid, i, i + 1))
                    out.append((tid, i, i + 1, i))
        return out

    def _has_object(self, verb: Token, objs: frozenset[str] | None) -> bool:
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr"):
                if objs is None or self._names(c, objs):
                    return True
            elif c.dep_ in ("prep", "agent") and objs is not None:
                for g in c.children:
                    if g.dep_ == "pobj" and self._names(g, objs):
                        return True
        return False

    @staticmethod
    def _names(t: Token, objs: frozenset[str]) -> bool:
        """The noun or one of its modifiers/conjuncts ("Grad rockets", "mortars and artillery")."""
        if t.lemma_.lower() in objs or t.lower_ in objs:
            return True
        if "mm" in objs and t.lower_.endswith("mm") and t.lower_[:-2].isdigit():
            return True  # a calibre ("fired 122mm at"): a gun or mortar round
        for c in t.children:
            if c.dep_ in ("compound", "amod", "nmod", "conj") and (c.lemma_.lower() in objs or c.lower_ in objs):
                return True
            # "a total of 56 posts", "a large amount of ammunition": the "of" noun is the object
            if c.dep_ == "prep" and c.lower_ == "of" and t.lemma_.lower() in _QUANTITY_NOUNS:
                for g in c.children:
                    if g.dep_ == "pobj" and (g.lemma_.lower() in objs or g.lower_ in objs):
                        return True
        return False


# --------------------------------------------------------------------------------------------------
# Stages this module calls (injected, so tests can exercise event building alone)


@dataclass
class Stages:
    """The functions of other stages that event building calls. Tests may leave any of them None
    to exercise event building alone; the fields it would fill then stay empty."""

    find_actors: Callable[..., list[Actor]] | None = None
    interaction: Callable[[int, int], int] | None = None
    localise: Callable[..., Actor] | None = None
    pro_government: Callable[[str], bool] | None = None
    home_country: Callable[[str], str | None] | None = None
    attribute: Callable[..., Claim | None] | None = None
    claim_context: Callable[..., Any] | None = None
    responsible_actor: Callable[..., Actor | None] | None = None
    find_fatalities: Callable[..., Fatalities | None] | None = None
    fatalities_in: Callable[[Sequence[tuple[str, int]]], Fatalities | None] | None = None
    event_date: Callable[..., TimeRef | None] | None = None

    @classmethod
    def default(cls) -> Stages:
        """The package's own actors, claims, fatalities and times stages."""
        from frontwire import actors, claims, fatalities, times

        return cls(
            find_actors=actors.find_actors,
            interaction=actors.interaction,
            localise=actors.localise,
            pro_government=actors.pro_government,
            home_country=actors.home_country,
            attribute=claims.attribute,
            claim_context=claims.claim_context,
            responsible_actor=claims.responsible_actor,
            find_fatalities=fatalities.find_fatalities,
            fatalities_in=fatalities.fatalities_in,
            event_date=times.event_date,
        )


# --------------------------------------------------------------------------------------------------
# Mentions


@dataclass
class Mention:
    """One factual trigger with the arguments linked to it in its sentence."""

    trigger: Trigger
    sub: str
    start: int  # token indices of the trigger
    end: int
    head: int
    sent_i: int
    rule: str
    anaphoric: bool = False
    weak: bool = False
    decisive: bool = False  # a weak trigger whose code the target decided ("killed two soldiers")
    regain: bool = False  # a capture told with a verb of taking back ("recaptured", "liberated")


@dataclass
class _Draft:
    """An event being assembled from one or more mentions."""

    mentions: list[Mention]
    subs: list[str]
    sent_ids: list[int]
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: Place | None = None
    place_linked: bool = False
    time: TimeRef | None = None
    time_in_sentence: bool = False
    claim: Claim | None = None
    claims: list[Claim] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    assoc: dict[str, Actor] = field(default_factory=dict)  # slot -> associated actor
    background: bool = False  # dated to an earlier period than the story's own day

    @property
    def sub(self) -> str:
        return taxonomy.pick(self.subs)


def _lower_lemma(t: Token) -> str:
    return t.lemma_.lower()


def _clause_verb(t: Token) -> Token:
    """The verb that governs a (possibly nominal) trigger, or the trigger itself."""
    cur = t
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return t


def _factual(t: Token, lex: Lexicon) -> bool:
    """False when the trigger is negated, modal/future, hypothetical or denied."""
    for c in t.children:
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in lex.negators):
            return False
    cur = t
    verb = _clause_verb(t)
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children):
        return False  # "no information on whether fighting took place": open, not told as fact
    if any(c.dep_ == "advmod" and c.lower_ in lex.hedges for c in (*t.children, *verb.children)):
        return False  # "most likely they killed them": speculation, not a report
    if any(c.dep_ == "prep" and c.lower_ == "for" and any(
            g.dep_ == "pobj" and _lower_lemma(g) in _LONG_SPANS for g in c.children) for c in verb.children):
        return False  # "has been fighting rival groups for several years": a state of affairs
    nominal = True  # the path up from the trigger has crossed no verb yet
    for depth in range(5):
        if depth > 0 and nominal and cur.pos_ == "VERB" and any(
                c.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
                for c in cur.children):
            return False  # "made no announcement regarding the start of the counteroffensive"
        if depth > 0 and cur.pos_ in ("VERB", "AUX") and not (cur.tag_ == "VBG" and cur.dep_ in ("prep", "acl")):
            # "regarding", "concerning" work as prepositions
            nominal = False
        for c in cur.children:
            if c.dep_ == "neg" and depth <= 2:
                return False
            if c.dep_ == "aux" and c.lower_ in lex.modals:
                return False
            if c.dep_ == "det" and c.lower_ == "no" and (depth <= 2 or (depth <= 4 and nominal)):
                return False  # "no announcement of the start of the counteroffensive"
        if cur.head is cur:
            break
        if cur.dep_ not in _HYPO_PATH_DEPS:
            break
        parent = cur.head
        lemma = _lower_lemma(parent)
        if lemma in REPORTING:
            break
        if lemma in lex.hypothetical_heads or parent.lower_ in lex.hypothetical_heads:
            # "denied carrying out attacks", "preparing a counteroffensive", "threatened to strike"
            return False
        if parent.lower_ in lex.negators:  # "without fighting"
            return False
        cur = parent
    # "without a fight": the preposition heads the trigger
    return t.head.lower_ != "without"


def _weapon_words(lex: Lexicon) -> frozenset[str]:
    return frozenset(w for _, ws in lex.weapons for w in ws) | {"bm", "bm-21", "bm-27", "bm-30"}


def _weapon_of(sent: Span, lex: Lexicon) -> str | None:
    words = {_lower_lemma(t) for t in sent} | {t.lower_ for t in sent}
    for sub, ws in lex.weapons:
        if words & ws:
            return sub
    return None


_LONG_SPANS = frozenset({"year", "month", "decade", "week"})
_SECURITY = frozenset({"police", "soldier", "force", "gendarme", "security", "troop"})
_OUTRANKED_TYPES = frozenset({taxonomy.VIOLENCE_AGAINST_CIVILIANS, taxonomy.STRATEGIC})
"""Types of strong triggers that a decisive weak one (a killing) outranks; never a strike."""

_KILLINGS = frozenset({"kill", "shoot_dead"})

_REPLIES = frozenset({"return_fire"})
"""Trigger ids that always answer an incident already told ("Ukrainian forces responded with fire")."""

_OUTRANKING = frozenset({"Attack", "Armed clash", "Sexual violence"})
"""Weak-trigger types that still decide the code when a strong trigger of a lower type is present."""

_VICTIM_VERBS = frozenset({"kill", "wound", "injure", "execute", "murder", "slaughter", "massacre",
                           "shoot", "assault", "abduct", "kidnap", "beat", "rob"})
_TARGET_PREPS = frozenset({"on", "against", "into", "at", "upon", "of"})


def _noun_kind(tok: Token, lex: Lexicon) -> str | None:
    """'armed' / 'civilian' for a target or victim noun, read from its head word first, then its
    modifiers ("volunteer fighters" are armed, "an army position" too, "the village chief" not)."""
    if any(c.lower_ in ("unarmed", "civilian") for c in tok.children):
        return "civilian"
    words = [tok, *[c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]]
    # "members of the Fulani community", "a group of soldiers": the "of" noun names them
    words += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
              for g in c.children if g.dep_ == "pobj"]
    for w in words:
        for key in (_lower_lemma(w), w.lower_):
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
    verb = _clause_verb(t)
    heads = [t] if t is verb else [t, verb]
    out: list[Token] = []
    for h in heads:
        for c in h.children:
            if c.dep_ in ("dobj", "nsubjpass", "attr"):
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                out.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "prep" and c.lower_ in ("in", "at", "inside"):
                out.extend(g for g in c.children if g.dep_ == "pobj" and _lower_lemma(g) in lex.civilian_places)
    for o in list(out):
        out.extend(c for c in o.children if c.dep_ == "conj")
    return out


def _victims(sent: Span) -> list[Token]:
    """Who the sentence says was killed, wounded or assaulted ("eight people were killed")."""
    out: list[Token] = []
    for tok in sent:
        if _lower_lemma(tok) in _VICTIM_VERBS and tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ in ("dobj", "nsubjpass"):
                    out.append(c)
                    out.extend(g for g in c.children if g.dep_ == "conj")
    return out


def _target_kind(t: Token, sent: Span, lex: Lexicon) -> str | None:
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
    if "armed" in kinds:
        return "armed"
    return "civilian" if kinds else None


def _sent_words(sent: Span) -> tuple[set[str], str]:
    """Lower-cased lemmas and forms of a sentence, and its lemmas joined by spaces (for the
    multi-word entries of the context lists: "water cannon", "live ammunition")."""
    words = {_lower_lemma(w) for w in sent} | {w.lower_ for w in sent}
    return words, " " + " ".join(_lower_lemma(w) for w in sent) + " "


def _mentions_any(ctx: tuple[set[str], str], entries: frozenset[str]) -> bool:
    words, joined = ctx
    return any((f" {e} " in joined) if " " in e else (e in words) for e in entries)


_PROTEST_CLASH_IDS = frozenset({"clash", "clash_phrase", "fight_verb"})
_PROTEST_FIRE_IDS = frozenset({"open_fire", "fire_generic", "fire_weapon", "shelling", "attack_generic",
                               "kill", "shoot_dead", "raid", "artillery_phrase", "civilian_harm"})
_ARREST_WORDS = frozenset({"arrest", "detain", "detention", "apprehend"})
_KILL_WORDS = frozenset({"kill", "dead", "die", "death", "wound", "injure", "casualty"})
_DEVICE_SUBS = frozenset({"Remote explosive/landmine/IED", "Grenade"})
_WEAPON_IDS = frozenset({"small_arms", "chemical", "bomb_noun"})
_SEIZE_WORDS = frozenset({"seize", "confiscate", "recover", "discover", "uncover"})


def _protest_code(sent: Span, lex: Lexicon, default: str) -> str:
    """What happened at a protest, from its sentence and the next ("Police dispersed them.")."""
    nxt = sent.doc[sent.end].sent if sent.end < len(sent.doc) else sent
    per_sent = [_sent_words(x) for x in (sent, nxt)]
    # protesters' own violence makes a violent demonstration whatever force met it (ACLED keeps
    # "excessive force" for peaceful protesters); tear gas and rubber bullets are crowd control
    if any(_mentions_any(c, lex.protest_violent) for c in per_sent):
        return "Violent demonstration"
    crowd_control = _mentions_any(per_sent[0], lex.protest_intervention) and not per_sent[0][0] & _KILL_WORDS
    if not crowd_control and any(_mentions_any(c, lex.protest_excessive) and c[0] & _SECURITY for c in per_sent):
        return "Excessive force against protesters"
    if any(_mentions_any(c, lex.protest_intervention) for c in per_sent):
        return "Protest with intervention"
    return default


def _names_protesters(sent: Span, lex: Lexicon) -> bool:
    """Whether the sentence speaks of protesters or a protest (as a common noun or verb: the
    month "March" or a party called "Rally" is no protest)."""
    return any(
        tok.pos_ in ("NOUN", "VERB") and (_lower_lemma(tok) in lex.protest_actors or tok.lower_ in lex.protest_actors)
        and not (tok.is_title and tok.i != sent.start)
        for tok in sent
    )


def _disarmed(t: Token, lex: Lexicon) -> bool:
    """A device that was found, seized or defused ("an IED was found and defused"), not one that
    went off: the head is the object of such a verb, or of a verb conjoined with one."""
    cur = t
    if cur.dep_ == "pobj" and cur.head.lower_ == "of":  # "caches of IEDs", "a number of mines"
        cur = cur.head.head
    if cur.dep_ not in ("dobj", "nsubjpass", "conj", "appos"):
        return False
    verb = cur.head
    verbs = [verb, *[c for c in verb.children if c.dep_ == "conj"]]
    if verb.dep_ == "conj":
        verbs.append(verb.head)
    return any(_lower_lemma(v) in lex.disarm_verbs for v in verbs)


def _refine(tr: Trigger, t: Token, sent: Span, lex: Lexicon, actors: list[Actor]) -> str | None:
    """Apply the trigger's context rule; None drops the match (its condition failed)."""
    sub = _refine_base(tr, t, sent, lex, actors)
    if sub is None or sub == "territory":
        return sub
    if (sub in _DEVICE_SUBS or tr.id in _WEAPON_IDS) and _disarmed(t, lex):
        return "Disrupted weapons use"
    if tr.id == "riot" and t.dep_ == "compound":
        return None  # "riot police", "riot gear": no riot
    if tr.id in _PROTEST_FIRE_IDS and _mentions_any(_sent_words(sent), lex.crowd_control):
        # water cannon and tear gas are fired at crowds: a protest event, not shelling or a battle
        return _protest_code(sent, lex, "Protest with intervention")
    if tr.id in _PROTEST_CLASH_IDS | _PROTEST_FIRE_IDS and _names_protesters(sent, lex):
        # protesters in a clash or under fire: a protest event, coded by what happened to it
        if tr.id in _PROTEST_CLASH_IDS:
            return _protest_code(sent, lex, "Violent demonstration")
        return _protest_code(sent, lex, "Excessive force against protesters")
    if tr.id == "raid" and _lower_lemma(t) == "raid":
        ctx = _sent_words(sent)
        if ctx[0] & (_ARREST_WORDS | _SEIZE_WORDS) and not ctx[0] & _KILL_WORDS:
            return None  # a police raid that made arrests or seizures: they are the event
    return sub


def _refine_base(tr: Trigger, t: Token, sent: Span, lex: Lexicon, actors: list[Actor]) -> str | None:
    if tr.resolve == "bomb":
        weapon = _weapon_of(sent, lex)
        return weapon if weapon and weapon not in _DEVICE_SUBS else tr.sub
    if tr.resolve == "chemical":
        return "Man-made disaster" if _mentions_any(_sent_words(sent), lex.accident_words) else tr.sub
    if tr.resolve == "not_person":
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(_lower_lemma(o) in lex.person_nouns or o.ent_type_ == "PERSON" or _lower_lemma(o) in lex.civilians
               for o in obj):
            return None
        return tr.sub
    if tr.resolve == "weapon":
        weapon = _weapon_of(sent, lex)
        if weapon:
            return weapon
        kind = _target_kind(t, sent, lex)
        if kind == "civilian":
            return "Attack"
        if kind == "armed":
            return "Armed clash"
        return tr.sub
    if tr.resolve in ("territory", "place_object"):
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass", "pobj")]
        # the object itself, not a place it was taken in ("seized livestock in Markoye")
        core = [w for o in obj for w in _np_core(o)]
        if any(_lower_lemma(o) in lex.loot_objects for o in obj):
            return None  # "seized livestock ... and a hamlet": the goods are what was taken
        is_place = bool({_lower_lemma(w) for w in core} & lex.place_nouns) or any(
            w.ent_type_ in ("GPE", "LOC", "FAC") for w in core
        )
        if not obj or not is_place:
            return None
        return "territory" if tr.resolve == "territory" else tr.sub
    if tr.resolve == "loot_object":
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(_lower_lemma(w) in lex.loot_objects or w.lower_ in lex.loot_objects
               for o in obj for w in _np_core(o)):
            return tr.sub
        return None
    if tr.resolve == "person_object":
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        words = {_lower_lemma(w) for c in obj for w in c.subtree}
        if obj and (words & lex.person_nouns or any(w.ent_type_ == "PERSON" for c in obj for w in c.subtree)):
            # soldiers or prisoners of war taken in a fight are part of the battle, not abductees
            if any(_noun_kind(o, lex) == "armed" or _lower_lemma(o) in ("prisoner", "pow") for o in obj):
                return "Armed clash"
            return tr.sub
        return None
    if tr.resolve == "protest":
        # what happened to a protest is often told in the next sentence ("Police dispersed them.")
        return _protest_code(sent, lex, tr.sub)
    return tr.sub


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


def _territory_sub(actor1: Actor | None, country: str | None) -> str:
    """Who takes a place decides the code: ACLED reserves the two territorial types."""
    if actor1 is None:
        return "Armed clash"
    if actor1.inter in (2, 3, 4):
        return "Non-state actor overtakes territory"
    if actor1.inter == 1 and (country is None or country.lower() in actor1.name.lower()):
        return "Government regains territory"
    return "Armed clash"


def _is_anaphoric(t: Token, lex: Lexicon) -> bool:
    if t.pos_ not in ("NOUN", "PROPN"):
        return False
    dets = [c for c in t.children if c.dep_ in ("det", "poss")]
    has_prep_place = any(c.dep_ == "prep" and c.lower_ in ("in", "near", "at", "on") for c in t.children)
    return bool(dets) and all(d.lower_ in lex.anaphora for d in dets) and not has_prep_place


# --------------------------------------------------------------------------------------------------
# Argument linking


def _span_tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _dep_distance(a: Token, b: Token, limit: int = 6) -> int | None:
    """Steps from ``a`` up to ``b`` (b an ancestor of a or a itself), or from b's clause verb."""
    cur = a
    for d in range(limit):
        if cur.i == b.i:
            return d
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def _linked(tok: Token, trig: Token) -> int | None:
    """How closely ``tok`` hangs off the trigger (or the verb governing it); None if not at all."""
    d = _dep_distance(tok, trig)
    if d is not None:
        return d
    verb = _clause_verb(trig)
    if verb is not trig:
        d = _dep_distance(tok, verb)
        if d is not None:
            return d + 1
    return None


def _predicate_chain(trig: Token) -> set[int]:
    """The trigger, its clause verb and the verbs it is the complement of ("continued to shell",
    "began shelling", "launched an attack"): their subjects are the trigger's agents."""
    if trig.pos_ in ("NOUN", "PROPN") and trig.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr", "ROOT"):
        return {trig.i}  # "vacate their homes due to the shelling": the verb's subject is no agent
    verb = _clause_verb(trig)
    chain = {trig.i, verb.i}
    cur = verb
    for _ in range(3):
        if cur.dep_ in ("xcomp", "conj") and cur.head is not cur:
            cur = cur.head
            chain.add(cur.i)
        else:
            break
    return chain


def _actor_role(tok: Token, trig: Token) -> str | None:
    """'subject' or 'object' for an actor token linked to the trigger, else None."""
    chain = _predicate_chain(trig)
    cur = tok
    for _ in range(6):
        if cur.head.i in chain and cur is not cur.head:
            dep = cur.dep_
            if dep in ("nsubj", "agent", "csubj"):
                return "subject"
            if dep in ("poss", "compound", "amod", "nmod") and cur.head.i == trig.i:
                return "subject"
            if dep in ("dobj", "nsubjpass", "attr", "dative"):
                return "object"
            if dep == "prep":
                if cur.lower_ in ("by",):
                    return "subject"
                if cur.lower_ in ("from",):
                    return "subject"
                if cur.lower_ in _ACTOR2_PREPS:
                    return "object"
                return None
            return None
        if cur.head is cur:
            return None
        cur = cur.head
    return None


_SUBORDINATE = frozenset({"following", "after", "since", "before", "unlike", "like", "amid", "until",
                          "ahead", "prior", "compared"})


def _times_for(trig: Token, s_times: list[TimeRef], doc: Doc) -> list[TimeRef]:
    """The sentence's times that can date the trigger, closest in the parse first: a time inside
    a phrase that does not contain the trigger ("following an incursion last month, fighting
    broke out") dates something else."""
    keep = []
    trig_anc = {t.i for t in trig.ancestors} | {trig.i}
    for tr in s_times:
        span = _span_tokens(doc, tr.start, tr.end)
        if span is None:
            continue
        d = _linked(span.root, trig)
        if any(a.lower_ in _SUBORDINATE and a.i not in trig_anc for a in span.root.ancestors):
            continue
        keep.append((d is None, d or 0, tr))
    keep.sort(key=lambda k: (k[0], k[1]))
    return [k[2] for k in keep]


_QUALIFIER_GAP = re.compile(r"\s*[,(\[]\s*")


def _contains(region: Place, p: Place) -> bool:
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
            _lower_lemma(root.head) in lex.armed_targets or _lower_lemma(root.head) in lex.person_nouns
        ):
            continue
        gap = sp.doc.text[prev[1].end_char : sp.start_char] if prev is not None else ""
        if prev is not None and prev[1].end_char <= sp.start_char and _QUALIFIER_GAP.fullmatch(gap):
            cur = (p, sp, prev[2], True)
        else:
            cur = (p, sp, sp, False)
        out.append(cur)
        prev = cur
    return out


def _pick_place(trig: Token, places: list[tuple[Place, Span]], lex: Lexicon) -> tuple[Place, bool] | None:
    """The most specific place linked to the trigger, else the most specific in the sentence; a
    qualifying name ("X, Region") only when the name it qualifies is unknown to the gazetteer."""
    if not places:
        return None
    scored = []
    for p, span, anchor, qualifier in _qualified(places, lex):
        d = _linked(anchor.root, trig)
        scored.append((d is None, p.geonameid is None, qualifier, p.precision, d if d is not None else 99,
                       abs(anchor.start - trig.i), p, span))
    if not scored:
        return None
    scored.sort(key=lambda s: s[:6])
    best = scored[0]
    place, span = best[6], best[7]
    near = any(t.lower_ in _NEAR for t in span.doc[max(span.start - 3, span.sent.start) : span.start])
    if near and place.precision < 2:
        place = _with_precision(place, 2, "near")
    return place, not best[0]


def _with_precision(p: Place, precision: int, why: str) -> Place:
    from dataclasses import replace

    return replace(p, precision=precision, reason=(p.reason + f"; {why}").strip("; "))


# --------------------------------------------------------------------------------------------------
# Building events


def _ev(doc_text: str, fld: str, start: int, end: int, rule: str) -> Evidence:
    return Evidence(field=fld, start=start, end=end, text=doc_text[start:end], rule=rule)


def _main_place(places: Sequence[Place], skip: Sequence[tuple[int, int]] = ()) -> Place | None:
    """The document's most mentioned resolved place (ties: the earliest), at region precision,
    in its most mentioned country: a stray namesake ("West Africa Province" read as Puebla) must
    not outvote three places in one country. Places inside ``skip`` (actor mentions) don't count."""
    resolved = [p for p in places if p.geonameid is not None
                and not any(p.start < e and s0 < p.end for s0, e in skip)]
    if not resolved:
        return None
    countries = Counter(p.iso3 for p in resolved)
    top = max(countries.values())
    country = next(p.iso3 for p in resolved if countries[p.iso3] == top)
    resolved = [p for p in resolved if p.iso3 == country]
    counts = Counter(p.geonameid for p in resolved)
    best = max(counts.values())
    first = next(p for p in resolved if counts[p.geonameid] == best)
    return _with_precision(first, 3, "document main place")


def _doc_country(main_place: Place | None, places: Sequence[Place], drafts: Sequence[_Draft],
                 stages: Stages) -> str | None:
    """The document's country when an event has none of its own: the main place's, else any
    toponym's (even one the gazetteer cannot pin down), else the home of a named non-state group
    that acts in it (state forces often fight abroad, so their home says nothing)."""
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
    return None


def events_from_doc(
    document: Document,
    doc: Doc,
    places: Sequence[Place],
    times: Sequence[TimeRef],
    *,
    stages: Stages | None = None,
    matcher: TriggerMatcher | None = None,
    classifier: Any = None,
    include_out_of_scope: bool = False,
) -> list[Event]:
    """Every incident ``doc`` reports, coded and merged, in text order.

    ``doc`` is the parse of ``document.text`` with removed spans blanked (same offsets). ``places``
    and ``times`` are the document's resolved toponyms and time expressions. ``classifier`` (from
    ``frontwire train``) codes each event's type with the rules' label as a vote (``_model_labels``);
    rules still decide factuality.
    Out-of-scope items are returned (event_type ``Out of scope``) only if ``include_out_of_scope``.
    """
    stages = stages or Stages()
    matcher = matcher or TriggerMatcher(doc.vocab, load_lexicon())
    lex = matcher.lexicon
    text = document.text
    sents = list(doc.sents)
    sent_of = {}
    for si, s in enumerate(sents):
        for t in s:
            sent_of[t.i] = si

    # places and times per sentence; a toponym naming a weapon or a ship ("Molotov cocktails",
    # "the cruiser Moskva") is no place of the story at all, not even its main place
    place_spans: dict[int, list[tuple[Place, Span]]] = {}
    kept: list[Place] = []
    for p in places:
        span = _span_tokens(doc, p.start, p.end)
        if span is None or len(span) == 0 or _names_materiel(span, lex):
            continue
        kept.append(p)
        place_spans.setdefault(sent_of.get(span.start, -1), []).append((p, span))
    time_by_sent: dict[int, list[TimeRef]] = {}
    for tr in times:
        span = _span_tokens(doc, tr.start, tr.end)
        if span is not None and len(span):
            time_by_sent.setdefault(sent_of.get(span.start, -1), []).append(tr)
    places = kept
    main_place = _main_place(places)
    doc_iso3 = main_place.iso3 if main_place else None

    # mentions per sentence
    matches = matcher(doc)
    by_sent: dict[int, list[tuple[str, int, int, int]]] = {}
    for m in matches:
        by_sent.setdefault(sent_of[m[3]], []).append(m)

    drafts: list[_Draft] = []
    actor_spans_all: list[tuple[int, int]] = []
    last_actor: Actor | None = None
    weapon_words = _weapon_words(lex)
    no_fight: set[int] = set()
    other_frame = _out_of_scope_frame(matches, lex, sent_of)
    quoted = _quoted_ranges(text)

    for si in sorted(by_sent):
        sent = sents[si]
        mentions: list[Mention] = []
        # longest match first; a token belongs to one trigger
        taken: set[int] = set()
        for tid, s, e, h in sorted(by_sent[si], key=lambda m: (-(m[2] - m[1]), m[1])):
            if any(i in taken for i in range(s, e)):
                continue
            tr = lex.triggers[tid]
            head = doc[h]
            if _earlier_clause(head, time_by_sent.get(si, ()), doc):
                taken.update(range(s, e))
                continue
            if not _factual(head, lex):
                taken.update(range(s, e))
                if tr.sub == "Armed clash" and tr.resolve is None:
                    no_fight.add(si)  # "there was no fighting", "no information on whether fighting took place"
                continue
            sub = _refine(tr, head, sent, lex, [])
            if sub is None:
                continue
            taken.update(range(s, e))
            weak = tr.strength == "weak"
            decisive = weak and sub in _OUTRANKING and tr.resolve == "weapon" and (
                _target_kind(head, sent, lex) is not None)
            mentions.append(Mention(tr, sub, s, e, h, si, f"trigger:{tid}",
                                    anaphoric=_is_anaphoric(head, lex) or tid in _REPLIES,
                                    weak=weak, decisive=decisive,
                                    regain=sub == "territory" and _lower_lemma(head) in lex.regain_verbs))
        if not mentions:
            continue
        strong = [m for m in mentions if not m.weak]
        if strong:
            # a killing outranks what it came with: "killed a man and seized livestock" is an attack,
            # "abducted and killed" too (ACLED codes the violence, not the looting or abduction)
            top = min((m.sub for m in strong), key=taxonomy.rank)
            floor = taxonomy.rank(top)
            if top != "territory" and taxonomy.event_type_of(top) in _OUTRANKED_TYPES:
                # an abduction is outranked by a killing, not by the attack it was part of
                strong += [m for m in mentions if m.decisive and taxonomy.rank(m.sub) < floor
                           and (top != "Abduction/forced disappearance" or m.trigger.id in _KILLINGS)]
        in_scope = [m for m in (strong or mentions) if not taxonomy.is_out_of_scope(m.sub)]
        if strong and not [m for m in strong if not taxonomy.is_out_of_scope(m.sub)]:
            # only out-of-scope strong triggers: weak violent words don't turn a disaster into war
            in_scope = []
        raw_actors = list(stages.find_actors(sent)) if stages.find_actors else []
        if other_frame and in_scope:
            # a disaster, crime or diplomacy story: "the quake hit", "tents were sent", "clashed
            # over the budget" are no conflict events unless an armed side does something violent
            armed = any(a.inter in (1, 2, 3, 4) for a in raw_actors)
            in_scope = [m for m in in_scope if armed and not m.weak
                        and taxonomy.event_type_of("Armed clash" if m.sub == "territory" else m.sub)
                        in _VIOLENT_TYPES]
        group = in_scope or [m for m in mentions if taxonomy.is_out_of_scope(m.sub)]
        if not group:
            continue
        group.sort(key=lambda m: (taxonomy.rank("Armed clash" if m.sub == "territory" else m.sub), m.start))
        lead = group[0]
        trig = doc[lead.head]
        # "repelled the attack", "responded to the assault": the trigger acts on an incident
        # already told, so the sentence is a follow-up of it
        if not lead.anaphoric and any(
            m.anaphoric and m is not lead and trig in list(doc[m.head].ancestors)[:2] for m in mentions
        ):
            lead.anaphoric = True

        # place (a toponym that is part of an actor mention, "Moscow said", is no location)
        actor_spans = [(a.start, a.end) for a in raw_actors]
        actor_spans_all.extend(actor_spans)
        # weapon names that are also toponyms ("Grad", "Smerch", "BM-21") are no location
        candidates = [
            (p, sp) for p, sp in place_spans.get(si, [])
            if not any(p.start < e and s0 < p.end for s0, e in actor_spans)
            and not (sp.root.lower_ in weapon_words and sp.root.pos_ != "ADP")
        ]
        # "shelling from Ukraine", "fired from Belarus": an origin, used only when nothing else is
        # named ("evacuated from Kreminna")
        not_origin = [(p, sp) for p, sp in candidates
                      if not (sp.root.head.lower_ == "from" and sp.root.dep_ == "pobj"
                              and (p.feature_class == "A" or p.precision >= 3))
                      and not _direction_only(sp)]
        candidates = not_origin or [(p, sp) for p, sp in candidates if not _route_name(sp)]
        picked = _pick_place(trig, candidates, lex)
        place, linked = picked if picked else (None, False)
        if all(_inside(quoted, doc[m.start].idx) for m in group) and (
                not linked or all(m.weak for m in group)):
            continue  # words inside a quotation with no place of their own: a figure of speech

        # date
        s_times = _times_for(trig, time_by_sent.get(si, []), doc)
        if stages.event_date:
            when = stages.event_date(s_times, times, document.published)
        else:
            usable = [t for t in s_times if t.value is not None]
            when = usable[0] if usable else None

        # actors
        actors = raw_actors  # localised to the event's final country in _finish
        a1 = a2 = None
        for a in actors:
            span = _span_tokens(doc, a.start, a.end)
            if span is None:
                continue
            role = _actor_role(span.root, trig)
            if role == "subject" and a1 is None:
                a1 = a
            elif role == "object" and a2 is None and (a1 is None or a.name != a1.name):
                a2 = a
        subj_pron = [c for c in _clause_verb(trig).children if c.dep_ in ("nsubj",) and c.lower_ in _PRONOUNS]
        claim = _attribute(sent, trig, doc, doc_iso3, stages)
        if claim is not None and claim.rule.startswith("responsibility") and stages.responsible_actor:
            # "X claimed responsibility for the attack": the claimant is who attacked
            responsible = stages.responsible_actor(claim, doc_iso3)
            if responsible is not None:
                a1 = responsible
                # the claimant's own mention is no second side
                actors = [a for a in actors if not (a.start < claim.end and claim.start < a.end)]
                if a2 is not None and a2 not in actors:
                    a2 = None
        if a1 is None and subj_pron:
            a1 = _claimant_actor(claim, actors) or last_actor
        if a1 is None:
            # unlinked mentions: an armed actor is the likelier agent; civilians are victims
            rest = [a for a in actors if (a2 is None or a.name != a2.name) and a.inter != 7]
            if rest:
                a1 = rest[0]
        if a2 is None:
            rest = [a for a in actors if a1 is None or a.name != a1.name]
            if rest and a1 is not None:
                a2 = rest[0]
        if a1 is not None:
            last_actor = a1

        subs = [m.sub for m in group]
        in_sentence = when is not None and when.start >= 0 and sent.start_char <= when.start < sent.end_char
        draft = _Draft(mentions=group, subs=subs, sent_ids=[si], actor1=a1, actor2=a2, place=place,
                       place_linked=linked, time=when, time_in_sentence=in_sentence,
                       claim=claim, claims=[claim] if claim else [],
                       background=in_sentence and _earlier_period(when, document.published))
        for m in group:
            span = doc[m.start : m.end]
            draft.evidence.append(_ev(text, "sub_event_type", span.start_char, span.end_char, m.rule))
        _merge_or_add(drafts, draft, doc, lex, stages.pro_government)

    if any(d.time_in_sentence and not d.background for d in drafts):
        # "air strikes last month", "the protests began last week": background to the story's
        # own incidents, not events this report codes
        drafts = [d for d in drafts if not d.background]
    drafts = _link_attributions(drafts, sents, stages, doc_iso3)
    main_place = _main_place(places, actor_spans_all) or main_place
    events = _finish(document, doc, drafts, sents, main_place, stages, classifier, lex, no_fight,
                     _doc_country(main_place, places, drafts, stages))
    if not include_out_of_scope:
        events = [e for e in events if e.event_type != taxonomy.OUT_OF_SCOPE]
    return events


_VIOLENT_TYPES = frozenset({taxonomy.BATTLES, taxonomy.EXPLOSIONS, taxonomy.VIOLENCE_AGAINST_CIVILIANS})
_ROUTE_NOUNS = frozenset({"road", "highway", "route", "border", "frontier", "boundary", "way", "axis"})
_QUOTE = re.compile(r"[\"“”]([^\"“”\n]{2,}?)[\"“”]")


_BLAME_VERBS = frozenset({"blame", "accuse"})
_CLAIM_VERBS = frozenset({"claim", "take", "accept", "admit"})
_ATTRIBUTION_SUB = "Attribution of responsibility"


def _attribution(sent: Span) -> tuple[str, Token, Token | None] | None:
    """The attribution a sentence makes, as (kind, the words naming the culprit, the speaker):
    "X claimed responsibility" (kind ``claim``: X is both), "he blamed X", "accused X of" (kind
    ``blame``: the object is the culprit, the subject the speaker), "X was responsible" (``blame``,
    the speaker being whoever the sentence quotes)."""
    for t in sent:
        lem = _lower_lemma(t)
        if t.pos_ in ("VERB", "AUX") and lem in _BLAME_VERBS:
            obj = next((c for c in t.children if c.dep_ in ("dobj", "obj")), None)
            subj = next((c for c in t.children if c.dep_ in ("nsubj",)), None)
            if obj is not None:
                return "blame", obj, subj
        if lem in _CLAIM_VERBS and any(_lower_lemma(c) == "responsibility" for c in t.children if c.dep_ == "dobj"):
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return "claim", subj, subj
        if t.lower_ == "responsible" and t.dep_ == "acomp" and _lower_lemma(t.head) == "be":
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            speaker = t.head.head if t.head.dep_ in ("ccomp", "parataxis") else None
            said_by = next((c for c in speaker.children if c.dep_ == "nsubj"), None) if speaker is not None else None
            if subj is not None:
                return "blame", subj, said_by
    return None


def _link_attributions(drafts: list[_Draft], sents: list[Span], stages: Stages,
                       iso3: str | None) -> list[_Draft]:
    """Fill the unknown attacker of an incident from the attribution told right after it: "He
    blamed Ukrainian forces", "JNIM claimed responsibility for the attack". The culprit becomes
    actor1 only when the incident has no actor1 (or, for a group's own claim, an unidentified
    one), and the event stays a claim: the speaker's (blame) or the group's own (claimed). An
    attribution told as an event of its own is then dropped (it was only this incident's)."""
    if not drafts or stages.find_actors is None:
        return drafts
    consumed: set[int] = set()
    told = sorted({si for d in drafts for si in d.sent_ids})
    for si in range(1, len(sents)):
        own = [d for d in drafts if si in d.sent_ids and set(d.subs) <= {_ATTRIBUTION_SUB}]
        if si in told and not own and any(si in d.sent_ids and min(d.sent_ids) == si for d in drafts):
            continue  # the sentence tells an incident of its own: its own attribution is handled
        found = _attribution(sents[si])
        if found is None:
            continue
        kind, culprit_tok, speaker = found
        lo, hi = culprit_tok.left_edge.idx, culprit_tok.right_edge.idx + len(culprit_tok.right_edge)
        culprit = next((a for a in stages.find_actors(sents[si])
                        if lo <= a.start < hi and a.inter in (1, 2, 3, 4, 8)), None)
        if culprit is None:
            continue
        earlier = [d for d in drafts if min(d.sent_ids) < si and not d.background
                   and not set(d.subs) <= {_ATTRIBUTION_SUB}
                   and (d.sub == "territory" or taxonomy.event_type_of(d.sub) in _VIOLENT_TYPES)]
        if not earlier:
            continue
        target = max(earlier, key=lambda d: max(s for s in d.sent_ids if s < si or s == si))
        if si - max(s for s in target.sent_ids if s <= si) > 3:
            continue
        a1 = target.actor1
        if not (a1 is None or (kind == "claim" and a1.name.startswith("Unidentified"))):
            continue
        if target.actor2 is not None and target.actor2.name == culprit.name:
            continue
        target.actor1 = replace(culprit, rule=f"{kind}:{culprit.rule}")
        if kind == "claim":
            claimant = culprit.name
        elif speaker is not None and speaker.lower_ not in _PRONOUNS:
            claimant = speaker.text
        else:
            claimant = target.claim.claimant if target.claim is not None else (speaker.text if speaker is not None else "")
        sent = sents[si]
        claim = Claim(claimant=claimant, status="claimed", text=sent.text, start=sent.start_char,
                      end=sent.end_char, rule=f"{'responsibility' if kind == 'claim' else 'blame'}:later-sentence")
        target.claims.append(claim)
        target.claim = claim
        consumed.update(id(d) for d in own)
    return [d for d in drafts if id(d) not in consumed]


def _earlier_clause(trig: Token, s_times: Sequence[TimeRef], doc: Doc) -> bool:
    """A trigger inside a "following/after ..." phrase that carries its own date ("following an
    incursion last month that required air strikes, fighting broke out"): an earlier incident
    recalled as background, not part of (nor a new) event of this sentence."""
    for a in trig.ancestors:
        if a.lower_ in _SUBORDINATE and a.dep_ in ("prep", "mark", "advmod", "advcl", "pcomp"):
            lo, hi = a.left_edge.idx, a.right_edge.idx + len(a.right_edge)
            return any(lo <= t.start < hi for t in s_times)
    return False


def _out_of_scope_frame(matches: Sequence[tuple[str, int, int, int]], lex: Lexicon, sent_of: dict[int, int]) -> bool:
    """Whether the story is about a disaster, crime or diplomacy rather than conflict: strong
    out-of-scope triggers outnumber strong conflict ones, or lead the story (headline, first
    sentences) with no conflict trigger there. Decided once per document, before any event."""
    oos = conflict = lead_oos = lead_conflict = 0
    for tid, _s, _e, h in matches:
        tr = lex.triggers[tid]
        if tr.strength == "weak" or tid in lex.frame_ignore:
            continue
        lead = sent_of.get(h, 99) <= 1
        if taxonomy.is_out_of_scope(tr.sub):
            oos += 1
            lead_oos += lead
        else:
            conflict += 1
            lead_conflict += lead
    return oos > 0 and (oos > conflict or (lead_oos > 0 and lead_conflict == 0))


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of direct quotations (within one paragraph)."""
    return [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)] if ('"' in text or "“" in text) else []


def _inside(ranges: list[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in ranges)


def _names_materiel(sp: Span, lex: Lexicon) -> bool:
    """A toponym that names a weapon or a ship rather than a place: "Molotov cocktails", "Grad
    rockets", "the Moskva cruiser" (it heads a noun phrase whose head is materiel) or "the
    cruiser Moskva", "the warship 'Moskva'" (a ship noun right before it)."""
    doc = sp.doc
    nxt = doc[sp.end] if sp.end < len(doc) else None
    if nxt is not None and _lower_lemma(nxt) in lex.materiel and nxt.pos_ in ("NOUN", "PROPN"):
        after = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        if after is None or after.pos_ not in ("NOUN", "PROPN") or _lower_lemma(after) in lex.materiel:
            return True  # "Molotov cocktails at", not "Kharkiv missile attack"
    k = sp.start - 1
    while k >= 0 and doc[k].is_quote:  # "the warship 'Moskva'"
        k -= 1
    return k >= 0 and _lower_lemma(doc[k]) in lex.ship_nouns


def _route_name(sp: Span) -> bool:
    """"the road to Nakuru", "the border with Mali": a route or boundary named for a place."""
    root = sp.root
    doc = sp.doc
    before = doc[sp.start - 2] if sp.start >= 2 else None
    return (root.dep_ == "pobj" and root.head.lower_ in ("to", "with", "towards", "toward", "of")
            and (_lower_lemma(root.head.head) in _ROUTE_NOUNS
                 or (before is not None and _lower_lemma(before) in _ROUTE_NOUNS and before.i + 1 == root.head.i)))


def _direction_only(sp: Span) -> bool:
    """"withdrew towards Mali", "the road to X": where someone went, not where it happened."""
    root = sp.root
    return _route_name(sp) or (root.dep_ == "pobj" and root.head.lower_ in ("towards", "toward"))


def _earlier_period(when: TimeRef | None, published: date | None) -> bool:
    """A week- or month-level date ("last month") well before publication: background."""
    if when is None or when.value is None or published is None or when.precision < 2:
        return False
    return (published - when.value).days > 2


def _attribute(sent: Span, trig: Token, doc: Doc, iso3: str | None, stages: Stages) -> Claim | None:
    """Who asserts the incident told by ``trig``: asked per trigger, so a sentence that denies one
    thing and states another gets an answer for each; the document context (quotations, full
    names) is built once per document, for its main country."""
    if stages.attribute is None:
        return None
    if stages.claim_context is None:
        return stages.attribute(sent, trig)
    return stages.attribute(sent, trig, context=stages.claim_context(doc, iso3))


def _claimant_actor(claim: Claim | None, actors: list[Actor]) -> Actor | None:
    if claim is None:
        return None
    for a in actors:
        if a.start >= claim.start and a.end <= claim.end or a.name == claim.claimant:
            return a
    return None


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


def _merge_or_add(drafts: list[_Draft], new: _Draft, doc: Doc, lex: Lexicon,
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
            if new.place_linked and not (old.place_linked and _contains(new.place, old.place)):
                old.place, old.place_linked = new.place, True  # the body names the place better
            return
        if not (anaphoric and same_type) and not _place_compatible(
            old.place if old.place_linked else None, new.place if new.place_linked else None
        ):
            continue
        # "the attackers burned the post and looted a depot": damage done in the attack is part of it
        damage_detail = (
            "Looting/property destruction" in new.subs and new_type == taxonomy.STRATEGIC
            and old_type in _VIOLENT_TYPES and gap <= 1 and not new.place_linked
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


_DEMONSTRATION_TYPES = frozenset({taxonomy.PROTESTS, taxonomy.RIOTS})


def _known(a: Actor | None) -> str | None:
    """An actor's name, or None when it does not tell incidents apart (unidentified groups;
    civilians, who are the victims of many incidents rather than a side)."""
    if a is None or a.name.startswith("Unidentified") or a.inter == 7:
        return None
    return a.name


def _actors_compatible(old: _Draft, new: _Draft) -> bool:
    """Two tellings can be one incident unless both name a side the other does not have."""
    olds = {n for n in (_known(old.actor1), _known(old.actor2)) if n}
    news = {n for n in (_known(new.actor1), _known(new.actor2)) if n}
    if not olds or not news:
        return True
    return bool(olds & news) and (len(olds | news) <= 2)


def _same_side(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.name == b.name and a.inter != 7


def _replaces(a: Actor, old: Actor | None, allies: Callable[[str], bool] | None = None) -> bool:
    """Whether named actor ``a`` may take the place of unnamed ``old`` in a side: an unidentified
    armed group is by definition no state force, nor one of the state's auxiliaries (VDP killed
    beside soldiers are not the gunmen who attacked them), so only another group can name it."""
    if not _known(a):
        return False
    return not (old is not None and old.name.startswith("Unidentified Armed Group") and (
        a.inter in (1, 8) or (allies is not None and allies(a.name))))


def _absorb(old: _Draft, new: _Draft, allies: Callable[[str], bool] | None = None) -> None:
    old.mentions.extend(new.mentions)
    if not all(m.weak for m in new.mentions):
        old.subs.extend(new.subs)
    elif old.sub != "territory" and taxonomy.event_type_of(old.sub) == taxonomy.VIOLENCE_AGAINST_CIVILIANS:
        # "VDP repelled the attack; one fighter was killed": armed resistance makes it a battle
        # (soldiers killed by shelling do not make the shelling a battle)
        old.subs.extend(m.sub for m in new.mentions if m.decisive and m.sub == "Armed clash")
    old.sent_ids.extend(new.sent_ids)
    old.evidence.extend(new.evidence)
    if new.place is not None and old.place is not None and _contains(new.place, old.place):
        # "clashed near Pervomaisk ... soldiers were killed in the Luhansk region": the region
        # retold later confirms the town, it does not replace it
        old.place_linked = old.place_linked or new.place_linked
    elif new.place is not None and (
        old.place is None
        or (new.place_linked and not old.place_linked)
        or (new.place_linked == old.place_linked and new.place.precision < old.place.precision)
    ):
        old.place, old.place_linked = new.place, new.place_linked
    # fill unknown sides with named actors from the new telling; a telling from the other side's
    # point of view ("Moscow responded ... targeting the terrorists") names the sides the other way
    n1, n2 = new.actor1, new.actor2
    if _same_side(n2, old.actor1) or _same_side(n1, old.actor2):
        n1, n2 = n2, n1
    have = {_known(old.actor1), _known(old.actor2)}
    for a in (n1, n2):
        if a is None or _known(a) in have:
            continue
        if _known(old.actor1) is None and (old.actor1 is None or _replaces(a, old.actor1, allies)):
            old.actor1 = a
        elif _known(old.actor2) is None and (old.actor2 is None or _replaces(a, old.actor2, allies)):
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
        have.add(_known(a))
    if new.time_in_sentence and not old.time_in_sentence:
        old.time, old.time_in_sentence = new.time, True
    old.claims.extend(new.claims)
    # a party's own claim ("the military claimed it repelled ...") names the claimant better than
    # a bystander's report of the same incident
    order = {"denied": 0, "claimed": 1, "reported": 2}
    old.claim = min(old.claims, key=lambda c: order.get(c.status, 3)) if old.claims else None


def _finish(
    document: Document,
    doc: Doc,
    drafts: list[_Draft],
    sents: list[Span],
    main_place: Place | None,
    stages: Stages,
    classifier: Any,
    lex: Lexicon,
    no_fight: set[int] | None = None,
    doc_iso3: str | None = None,
) -> list[Event]:
    """Code each draft into an ``Event``. ``no_fight``: sentences that deny or leave open fighting;
    a change of control told with one is a non-violent transfer (ACLED codes a capture as a
    battle only when fighting is reported)."""
    text = document.text
    # sentences that tell no event of their own belong to the event before them (fatality counts,
    # damage, "casualties unknown"), up to the next event's first sentence
    owner: dict[int, int] = {}
    starts = sorted((min(d.sent_ids), k) for k, d in enumerate(drafts))
    for n, (first, k) in enumerate(starts):
        nxt = starts[n + 1][0] if n + 1 < len(starts) else len(sents)
        for si in range(first, nxt):
            owner.setdefault(si, k)
    for k, d in enumerate(drafts):
        for si in d.sent_ids:
            owner[si] = k

    _name_unidentified_groups(doc, drafts, stages)
    for d in drafts:
        _join_allies(d, stages)
    rule_subs = [_rules_sub(d, {si for si, o in owner.items() if o == k}, no_fight)
                 for k, d in enumerate(drafts)]
    predictions: list[tuple[str, str, float]] | None = None
    if classifier is not None and drafts:
        inputs = [" ".join(sents[si].text for si in sorted(set(d.sent_ids))) for d in drafts]
        predictions = _model_labels(classifier, inputs, rule_subs)

    events: list[Event] = []
    for k, d in enumerate(drafts):
        sub = rule_subs[k]
        event_type = taxonomy.event_type_of(sub)
        rule_note = ""
        if predictions is not None:
            p_type, p_sub, prob = predictions[k]
            if p_sub != sub and (p_sub in taxonomy.SUB_EVENT_TYPES or taxonomy.is_out_of_scope(p_sub)):
                event_type, sub = taxonomy.event_type_of(p_sub), p_sub
                rule_note = f"model:{prob:.2f}"
        # civilians hit by remote violence stay remote violence with actor2 civilians (ACLED)
        ev = Event(event_id="", document_id=document.id, event_type=event_type, sub_event_type=sub,
                   source=document.source)
        ev.evidence = list(d.evidence)
        if rule_note:
            first = d.evidence[0]
            ev.evidence.append(Evidence("event_type", first.start, first.end, first.text, rule_note))
        else:
            first = d.evidence[0]
            ev.evidence.append(Evidence("event_type", first.start, first.end, first.text, first.rule))
        # actors, named for the event's country and date ("Civilians (Ukraine)", inter 1 vs 8)
        place = d.place or main_place
        iso3 = (place.iso3 if place else None) or doc_iso3  # "Civilians" always get a country
        when = d.time.value if d.time else None
        for slot, actor in (("actor1", d.actor1), ("actor2", d.actor2)):
            if actor is None:
                continue
            if stages.localise and iso3:
                actor = stages.localise(actor, iso3, when)
            setattr(ev, slot, actor.name)
            setattr(ev, "inter1" if slot == "actor1" else "inter2", actor.inter)
            if slot in d.assoc:
                assoc = d.assoc[slot]
                setattr(ev, "assoc_actor_1" if slot == "actor1" else "assoc_actor_2", assoc.name)
                if 0 <= assoc.start < assoc.end <= len(text):
                    ev.evidence.append(_ev(text, f"assoc_actor_{slot[-1]}", assoc.start, assoc.end,
                                           assoc.rule or "actors"))
            if 0 <= actor.start < actor.end <= len(text):
                ev.evidence.append(_ev(text, slot, actor.start, actor.end, actor.rule or "actors"))
        if stages.interaction and ev.inter1 is not None:
            ev.interaction = stages.interaction(ev.inter1, ev.inter2 or 0)
        # place
        if place is not None:
            ev.country, ev.iso3, ev.admin1, ev.admin2 = place.country, place.iso3, place.admin1, place.admin2
            ev.location = place.name or place.text
            ev.latitude, ev.longitude = place.latitude, place.longitude
            ev.geonameid = place.geonameid
            ev.geo_precision = place.precision if d.place is not None else 3
            if d.place is not None:
                ev.evidence.append(_ev(text, "location", place.start, place.end, place.reason or "places"))
        # date
        if d.time is not None and d.time.value is not None:
            ev.event_date, ev.time_precision = d.time.value, d.time.precision
            if d.time.start >= 0:
                ev.evidence.append(_ev(text, "event_date", d.time.start, d.time.end, d.time.rule or "times"))
        # fatalities: the event's own sentences and the sentences it owns, read as one report
        # ("Two pilots died. Two soldiers were also killed." = 4), not as rival reports
        own_sents = [sents[si] for si in sorted(s for s, o in owner.items() if o == k)]
        f = _fatalities(own_sents, stages)
        if f is not None:
            ev.fatalities, ev.fatalities_low, ev.fatalities_high = f.best, f.low, f.high
            if f.start >= 0:
                ev.evidence.append(_ev(text, "fatalities", f.start, f.end, f.rule or "fatalities"))
        # claim: the primary claimant, with every telling's attribution kept as evidence
        if d.claim is not None:
            ev.claimed_by, ev.claim_status = d.claim.claimant, d.claim.status
        for c in d.claims:
            if 0 <= c.start < c.end:
                ev.evidence.append(_ev(text, "claimed_by", c.start, c.end, f"{c.rule or 'claims'}:{c.status}"))
        ev.confidence = _confidence(d, ev)
        ev.event_id = _event_id(document.id, d, ev.sub_event_type, doc)
        from frontwire.notes import summarize

        ev.notes = summarize(ev)
        events.append(ev)
    return events


def _join_allies(d: _Draft, stages: Stages) -> None:
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


def _rules_sub(d: _Draft, own: set[int], no_fight: set[int] | None) -> str:
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
            taken = _territory_sub(d.actor1, country)
        sub = taxonomy.pick([s for s in d.subs if s != "territory"] + [taken])
    if sub == "Excessive force against protesters" and "Violent demonstration" in d.subs:
        sub = "Violent demonstration"  # ACLED keeps excessive force for peaceful protesters
    return sub


def _model_labels(classifier: Any, inputs: list[str], rule_subs: list[str]) -> list[tuple[str, str, float]]:
    """The classifier's labels combined with the rules' (``classify.EventClassifier.with_rules``:
    the rules' label is a vote, an out-of-scope label never drops an event the rules found). A
    classifier object with only ``predict`` decides alone."""
    combine = getattr(classifier, "with_rules", None)
    if combine is not None:
        return combine(inputs, rule_subs)
    return classifier.predict(inputs)


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


def _name_unidentified_groups(doc: Doc, drafts: list[_Draft], stages: Stages) -> None:
    """"Armed groups", "a sabotage group": when the article names the non-state armed groups
    involved elsewhere (and no event has them as a side yet), those groups are the unnamed side,
    the way a coder reads the whole report. Only when one or two such groups are named (a pair
    is coded as actor and associated actor); looked up only for documents that need it."""
    unnamed = [(d, slot) for d in drafts for slot in ("actor1", "actor2")
               if (a := getattr(d, slot)) is not None and a.name.startswith("Unidentified Armed Group")]
    if not unnamed or stages.find_actors is None:
        return
    used = {a.name for d in drafts for a in (d.actor1, d.actor2) if a is not None}
    named: list[Actor] = []
    for a in stages.find_actors(doc):
        if a.inter in (2, 3) and _known(a) and a.name not in used and all(a.name != b.name for b in named) and not (
                stages.pro_government is not None and stages.pro_government(a.name)):
            named.append(a)
    if not 1 <= len(named) <= 2:
        return
    for d, slot in unnamed:
        setattr(d, slot, named[0])
        if len(named) == 2:
            d.assoc[slot] = named[1]


def _confidence(d: _Draft, ev: Event) -> float:
    c = 0.3 if all(m.weak for m in d.mentions) else 0.45
    c += 0.15 if d.actor1 else 0.0
    c += 0.15 if d.place_linked else (0.05 if d.place else 0.0)
    c += 0.1 if d.time_in_sentence else 0.0
    c += min(0.1, 0.05 * (len(d.mentions) - 1))
    if ev.claim_status in ("claimed", "denied"):
        c -= 0.1
    if ev.event_type == taxonomy.OUT_OF_SCOPE:
        c = min(c, 0.5)
    return round(max(0.0, min(1.0, c)), 3)


def _event_id(doc_id: str, d: _Draft, sub: str, doc: Doc) -> str:
    first = min(d.mentions, key=lambda m: m.start)
    span = doc[first.start : first.end]
    key = f"{doc_id}:{span.start_char}:{span.end_char}:{sub}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def blank_removed(document: Document) -> str:
    """``document.text`` with removed spans replaced by spaces (newlines kept): offsets stay true
    and no stage can read a caption, credit or copyright line."""
    if not document.removed:
        return document.text
    chars = list(document.text)
    for span in document.removed:
        for i in range(max(0, span.start), min(len(chars), span.end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def published_date(value: date | str | None) -> date | None:
    """Accept a date or 'YYYY-MM-DD'; say what to pass otherwise."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"published={value!r} is not a date; pass a datetime.date or 'YYYY-MM-DD'") from exc
