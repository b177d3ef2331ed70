"""Triggers -> events: find the words that report an incident, decide whether it happened, code it
into ACLED's taxonomy, link its arguments through the dependency parse and merge repeated tellings.

How it works, per document (one parsed spaCy ``Doc``):

1. Trigger matching from the readable lexicon ``data/triggers.yaml``: single lemmas and phrases via
   spaCy's ``Matcher``, verb-object pairs ("fired mortars", "a drone was shot down") via the
   ``DependencyMatcher``. Matches inside ``Document.removed`` spans are impossible because the
   pipeline blanks those spans before parsing.
2. Factuality: a trigger under negation ("no clashes were reported"), a modal ("would strike") or a
   hypothetical/denial head ("plans to attack", "denied shelling", "preparing a counteroffensive")
   is dropped: it is not an event that happened.
3. Coding: context rules re-code generic triggers (an "attack" with artillery is shelling, with no
   weapon on civilians it is violence against civilians), then ``taxonomy.pick`` applies ACLED's
   precedence among the triggers of one sentence.
4. Arguments: subject/agent -> actor1, object or "on/against/with" target -> actor2, the place in
   the trigger's clause ("in/near/at X") -> location, the sentence's time -> date (else the
   document's, per ``times.event_date``), fatalities from the event's sentences, the claim from
   ``claims.attribute``. Pronoun subjects ("it repelled") fall back to the speaker or the last actor.
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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import DependencyMatcher, Matcher
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
    protest_intervention: frozenset[str]
    protest_excessive: frozenset[str]
    protest_violent: frozenset[str]
    negators: frozenset[str]
    modals: frozenset[str]
    hypothetical_heads: frozenset[str]
    anaphora: frozenset[str]


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
        protest_intervention=_words(raw, "protest_intervention"),
        protest_excessive=_words(raw, "protest_excessive"),
        protest_violent=_words(raw, "protest_violent"),
        negators=_words(raw, "negators"),
        modals=_words(raw, "modals"),
        hypothetical_heads=_words(raw, "hypothetical_heads"),
        anaphora=_words(raw, "anaphora"),
    )


def _variants(word: str) -> list[str]:
    return sorted({word, word.lower(), word.capitalize(), word.upper()})


def _token_pattern(word: str) -> dict[str, Any]:
    # Lemma for inflections ("shelled" -> shell), lower-cased form for what the lemmatizer keeps
    # as written (proper-noun tags at sentence start, hyphenated words).
    forms = _variants(word)
    return {"LEMMA": {"IN": forms}} if " " not in word else {"LOWER": word.lower()}


class TriggerMatcher:
    """The lexicon compiled into spaCy matchers for one vocabulary."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.matcher = Matcher(vocab)
        self.lower_matcher = Matcher(vocab)
        self.dep = DependencyMatcher(vocab)
        for entry in lexicon.raw["triggers"]:
            tid = entry["id"]
            pos = entry.get("pos")
            for lemma in entry.get("lemmas", []):
                lemma = str(lemma)
                tok: dict[str, Any] = {"LEMMA": {"IN": _variants(lemma)}}
                low: dict[str, Any] = {"LOWER": lemma.lower()}
                if pos:
                    tok["POS"] = {"IN": pos}
                    low["POS"] = {"IN": pos}
                self.matcher.add(tid, [[tok]])
                self.lower_matcher.add(tid, [[low]])
            for phrase in entry.get("phrases", []):
                words = str(phrase).split()
                self.matcher.add(tid, [[_token_pattern(w) for w in words]])
                self.lower_matcher.add(tid, [[{"LOWER": w.lower()} for w in words]])
            if "verbs" in entry:
                self._add_dep(tid, entry)

    def _add_dep(self, tid: str, entry: dict[str, Any]) -> None:
        verb = {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": [str(v) for v in entry["verbs"]]}}}
        objects = [str(o) for o in entry["objects"]]
        obj_attrs: dict[str, Any] = {}
        if objects != ["*"]:
            obj_attrs["LEMMA"] = {"IN": sorted({f for o in objects for f in _variants(o)})}
        direct = {"RIGHT_ID": "obj", "LEFT_ID": "verb", "REL_OP": ">",
                  "RIGHT_ATTRS": {"DEP": {"IN": ["dobj", "nsubjpass", "nsubj", "attr"]}, **obj_attrs}}
        prep = {"RIGHT_ID": "prep", "LEFT_ID": "verb", "REL_OP": ">",
                "RIGHT_ATTRS": {"DEP": {"IN": ["prep", "agent"]}}}
        pobj = {"RIGHT_ID": "obj", "LEFT_ID": "prep", "REL_OP": ">",
                "RIGHT_ATTRS": {"DEP": "pobj", **obj_attrs}}
        particle = entry.get("particle")
        extra = []
        if particle:
            extra = [{"RIGHT_ID": "prt", "LEFT_ID": "verb", "REL_OP": ">",
                      "RIGHT_ATTRS": {"LOWER": str(particle)}}]
        patterns = [[verb, direct, *extra]]
        if objects != ["*"]:
            patterns.append([verb, prep, pobj, *extra])
        self.dep.add(tid, patterns)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int, int]]:
        """(trigger id, start token, end token, head token) for every match, overlaps included."""
        out: list[tuple[str, int, int, int]] = []
        vocab = doc.vocab.strings
        seen: set[tuple[str, int, int]] = set()
        for matcher in (self.matcher, self.lower_matcher):
            for mid, s, e in matcher(doc):
                key = (vocab[mid], s, e)
                if key not in seen:
                    seen.add(key)
                    span = doc[s:e]
                    out.append((vocab[mid], s, e, span.root.i))
        for mid, toks in self.dep(doc):
            verb = toks[0]
            key = (vocab[mid], verb, verb + 1)
            if key not in seen:
                seen.add(key)
                out.append((vocab[mid], verb, verb + 1, verb))
        return out


# --------------------------------------------------------------------------------------------------
# Stages this module calls (injected by the pipeline so tests can run without them)


@dataclass
class Stages:
    """The functions of other stages that event building calls. Any may be None when that stage
    is not installed; the fields it would fill stay empty."""

    find_actors: Callable[..., list[Actor]] | None = None
    interaction: Callable[[int, int], int] | None = None
    localise: Callable[..., Actor] | None = None
    attribute: Callable[[Span], Claim | None] | None = None
    find_fatalities: Callable[..., Fatalities | None] | None = None
    combine: Callable[[Sequence[Fatalities]], Fatalities] | None = None
    event_date: Callable[..., TimeRef | None] | None = None

    @classmethod
    def default(cls) -> Stages:
        """Whatever of actors/claims/fatalities/times is importable."""
        s = cls()
        try:
            from frontwire import actors

            s.find_actors = actors.find_actors
            s.interaction = getattr(actors, "interaction", None)
            s.localise = getattr(actors, "localise", None)
        except ImportError:
            pass
        try:
            from frontwire import claims

            s.attribute = claims.attribute
        except ImportError:
            pass
        try:
            from frontwire import fatalities

            s.find_fatalities = fatalities.find_fatalities
            s.combine = getattr(fatalities, "combine", None)
        except ImportError:
            pass
        try:
            from frontwire import times

            s.event_date = getattr(times, "event_date", None)
        except ImportError:
            pass
        return s


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
    for depth in range(5):
        for c in cur.children:
            if c.dep_ == "neg" and depth <= 2:
                return False
            if c.dep_ == "aux" and c.lower_ in lex.modals:
                return False
            if c.dep_ == "det" and c.lower_ == "no" and depth <= 2:
                return False
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
    return not (t.head.lower_ == "without")


def _weapon_of(sent: Span, lex: Lexicon) -> str | None:
    words = {_lower_lemma(t) for t in sent} | {t.lower_ for t in sent}
    for sub, ws in lex.weapons:
        if words & ws:
            return sub
    return None


def _civilian_target(t: Token, sent: Span, lex: Lexicon, actors: list[Actor]) -> bool:
    """Whether the victims/targets of the trigger are civilians (object side of the clause)."""
    verb = _clause_verb(t)
    obj_side = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "prep", "attr")]
    if t is not verb:
        obj_side += [c for c in t.children if c.dep_ in ("prep", "compound", "amod")]
    for c in obj_side:
        for w in c.subtree:
            if _lower_lemma(w) in lex.civilians or w.lower_ in lex.civilians:
                return True
    return any(a.inter == 7 for a in actors)


def _refine(tr: Trigger, t: Token, sent: Span, lex: Lexicon, actors: list[Actor]) -> str | None:
    """Apply the trigger's context rule; None drops the match (its condition failed)."""
    if tr.resolve == "weapon":
        weapon = _weapon_of(sent, lex)
        if weapon:
            return weapon
        if _civilian_target(t, sent, lex, actors):
            return "Attack"
        return tr.sub
    if tr.resolve in ("territory", "place_object"):
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass", "pobj")]
        obj_words = {_lower_lemma(w) for c in obj for w in c.subtree}
        is_place = bool(obj_words & lex.place_nouns) or any(
            c.ent_type_ in ("GPE", "LOC", "FAC") for o in obj for c in o.subtree
        )
        if not obj or not is_place:
            return None
        return "territory" if tr.resolve == "territory" else tr.sub
    if tr.resolve == "person_object":
        obj = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
        words = {_lower_lemma(w) for c in obj for w in c.subtree}
        if obj and (words & lex.person_nouns or any(w.ent_type_ == "PERSON" for c in obj for w in c.subtree)):
            return tr.sub
        return None
    if tr.resolve == "protest":
        words = {_lower_lemma(w) for w in sent} | {w.lower_ for w in sent}
        if words & lex.protest_excessive and (words & {"police", "soldier", "force", "gendarme", "security", "troop"}):
            return "Excessive force against protesters"
        if words & lex.protest_violent:
            return "Violent demonstration"
        if words & lex.protest_intervention:
            return "Protest with intervention"
        return tr.sub
    return tr.sub


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


def _pick_place(trig: Token, places: list[tuple[Place, Span]]) -> tuple[Place, bool] | None:
    """The most specific place linked to the trigger, else the most specific in the sentence."""
    if not places:
        return None
    scored = []
    for p, span in places:
        d = _linked(span.root, trig)
        scored.append((d is None, p.geonameid is None, p.precision, d if d is not None else 99,
                       abs(span.start - trig.i), p, span))
    scored.sort(key=lambda s: s[:5])
    best = scored[0]
    place, span = best[5], best[6]
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


def _main_place(places: Sequence[Place]) -> Place | None:
    """The document's most mentioned resolved place (ties: the earliest), at region precision."""
    resolved = [p for p in places if p.geonameid is not None]
    if not resolved:
        return None
    counts = Counter(p.geonameid for p in resolved)
    best = max(counts.values())
    first = next(p for p in resolved if counts[p.geonameid] == best)
    return _with_precision(first, 3, "document main place")


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
    ``frontwire train``) overrides the rule-based type of each event; rules still decide factuality.
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

    # places and times per sentence
    place_spans: dict[int, list[tuple[Place, Span]]] = {}
    for p in places:
        span = _span_tokens(doc, p.start, p.end)
        if span is None or len(span) == 0:
            continue
        place_spans.setdefault(sent_of.get(span.start, -1), []).append((p, span))
    time_by_sent: dict[int, list[TimeRef]] = {}
    for tr in times:
        span = _span_tokens(doc, tr.start, tr.end)
        if span is not None and len(span):
            time_by_sent.setdefault(sent_of.get(span.start, -1), []).append(tr)
    main_place = _main_place(places)

    # mentions per sentence
    matches = matcher(doc)
    by_sent: dict[int, list[tuple[str, int, int, int]]] = {}
    for m in matches:
        by_sent.setdefault(sent_of[m[3]], []).append(m)

    drafts: list[_Draft] = []
    last_actor: Actor | None = None

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
            if not _factual(head, lex):
                taken.update(range(s, e))
                continue
            sub = _refine(tr, head, sent, lex, [])
            if sub is None:
                continue
            taken.update(range(s, e))
            mentions.append(Mention(tr, sub, s, e, h, si, f"trigger:{tid}",
                                    anaphoric=_is_anaphoric(head, lex), weak=tr.strength == "weak"))
        if not mentions:
            continue
        strong = [m for m in mentions if not m.weak]
        in_scope = [m for m in (strong or mentions) if not taxonomy.is_out_of_scope(m.sub)]
        if strong and not [m for m in strong if not taxonomy.is_out_of_scope(m.sub)]:
            # only out-of-scope strong triggers: weak violent words don't turn a disaster into war
            in_scope = []
        group = in_scope or [m for m in mentions if taxonomy.is_out_of_scope(m.sub)]
        if not group:
            continue
        group.sort(key=lambda m: (taxonomy.rank("Armed clash" if m.sub == "territory" else m.sub), m.start))
        lead = group[0]
        trig = doc[lead.head]

        # place (a toponym that is part of an actor mention, "Moscow said", is no location)
        raw_actors = list(stages.find_actors(sent)) if stages.find_actors else []
        actor_spans = [(a.start, a.end) for a in raw_actors]
        candidates = [
            (p, sp) for p, sp in place_spans.get(si, [])
            if not any(p.start < e and s0 < p.end for s0, e in actor_spans)
            and not (sp.root.head.lower_ == "from" and sp.root.dep_ == "pobj")
        ]
        picked = _pick_place(trig, candidates)
        place, linked = picked if picked else (None, False)

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
        claim = stages.attribute(sent, trig) if stages.attribute else None
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
        draft = _Draft(mentions=group, subs=subs, sent_ids=[si], actor1=a1, actor2=a2, place=place,
                       place_linked=linked, time=when,
                       time_in_sentence=when is not None and when.start >= 0 and
                       sent.start_char <= when.start < sent.end_char,
                       claim=claim, claims=[claim] if claim else [])
        for m in group:
            span = doc[m.start : m.end]
            draft.evidence.append(_ev(text, "sub_event_type", span.start_char, span.end_char, m.rule))
        _merge_or_add(drafts, draft, doc, lex)

    events = _finish(document, doc, drafts, sents, main_place, stages, classifier, lex)
    if not include_out_of_scope:
        events = [e for e in events if e.event_type != taxonomy.OUT_OF_SCOPE]
    return events


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


def _merge_or_add(drafts: list[_Draft], new: _Draft, doc: Doc, lex: Lexicon) -> None:
    """Join ``new`` to an earlier draft that tells the same incident, else append it."""
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
        same_type = old.sub == new.sub or old_type == new_type == taxonomy.BATTLES
        violent_pair = {old_type, new_type} <= {taxonomy.BATTLES, taxonomy.EXPLOSIONS}
        if not (anaphoric and same_type) and not _place_compatible(
            old.place if old.place_linked else None, new.place if new.place_linked else None
        ):
            continue
        if not _actors_compatible(old, new) and not (anaphoric or weak_only):
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
        if same_type or follow_up or battle_detail:
            _absorb(old, new)
            return
    drafts.append(new)


def _known(a: Actor | None) -> str | None:
    """An actor's name, or None when it says nothing about identity (unidentified groups)."""
    if a is None or a.name.startswith("Unidentified"):
        return None
    return a.name


def _actors_compatible(old: _Draft, new: _Draft) -> bool:
    """Two tellings can be one incident unless both name a side the other does not have."""
    olds = {n for n in (_known(old.actor1), _known(old.actor2)) if n}
    news = {n for n in (_known(new.actor1), _known(new.actor2)) if n}
    if not olds or not news:
        return True
    return bool(olds & news) and (len(olds | news) <= 2)


def _absorb(old: _Draft, new: _Draft) -> None:
    old.mentions.extend(new.mentions)
    if not all(m.weak for m in new.mentions):
        old.subs.extend(new.subs)
    old.sent_ids.extend(new.sent_ids)
    old.evidence.extend(new.evidence)
    if new.place is not None and (
        old.place is None
        or (new.place_linked and not old.place_linked)
        or (new.place_linked == old.place_linked and new.place.precision < old.place.precision)
    ):
        old.place, old.place_linked = new.place, new.place_linked
    # fill unknown sides with named actors from the new telling
    have = {_known(old.actor1), _known(old.actor2)}
    for a in (new.actor1, new.actor2):
        if a is None or _known(a) in have:
            continue
        if _known(old.actor1) is None and (old.actor1 is None or _known(a)):
            old.actor1 = a
        elif _known(old.actor2) is None and (old.actor2 is None or _known(a)):
            old.actor2 = a
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
) -> list[Event]:
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

    predictions: list[tuple[str, str, float]] | None = None
    if classifier is not None and drafts:
        inputs = [" ".join(sents[si].text for si in sorted(set(d.sent_ids))) for d in drafts]
        predictions = classifier.predict(inputs)

    events: list[Event] = []
    for k, d in enumerate(drafts):
        sub = d.sub
        if sub == "territory":
            sub = "Armed clash"
        if "territory" in d.subs:
            country = d.place.country if d.place else None
            sub = taxonomy.pick([s for s in d.subs if s != "territory"] + [_territory_sub(d.actor1, country)])
        event_type = taxonomy.event_type_of(sub)
        rule_note = ""
        if predictions is not None:
            p_type, p_sub, prob = predictions[k]
            if p_sub in taxonomy.SUB_EVENT_TYPES or taxonomy.is_out_of_scope(p_sub):
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
        iso3 = place.iso3 if place else None
        when = d.time.value if d.time else None
        for slot, actor in (("actor1", d.actor1), ("actor2", d.actor2)):
            if actor is None:
                continue
            if stages.localise and iso3:
                actor = stages.localise(actor, iso3, when)
            setattr(ev, slot, actor.name)
            setattr(ev, "inter1" if slot == "actor1" else "inter2", actor.inter)
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
        # fatalities: from the event's own sentences and the sentences it owns
        if stages.find_fatalities:
            counts = []
            for si in sorted(s for s, o in owner.items() if o == k):
                s = sents[si]
                f = stages.find_fatalities(s.text, s.start_char)
                if f is not None:
                    counts.append(f)
            if counts:
                f = stages.combine(counts) if stages.combine and len(counts) > 1 else counts[0]
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
