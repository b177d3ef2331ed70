"""Arguments linked to a trigger through the parse: its actors, its time and its attributions.

Subject/agent of the trigger or of the verbs it complements -> actor1, object or "on/against/with"
target -> actor2; the sentence's times closest to the trigger in the parse date it (a time in a
"following ..." phrase dates something else); the claim is asked per trigger; an attribution told
right after an incident ("He blamed X", "X claimed responsibility") names its unknown attacker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from frontwire import taxonomy
from frontwire.events.draft import Draft
from frontwire.events.frame import SUBORDINATE
from frontwire.events.refine import VIOLENT_TYPES
from frontwire.events.stages import Stages
from frontwire.events.syntax import clause_verb, link_distance, lower_lemma, span_tokens
from frontwire.records import Actor, Claim, TimeRef

_ACTOR2_PREPS = frozenset({"on", "against", "with", "at", "upon", "between", "of"})


PRONOUNS = frozenset({"it", "they", "he", "she", "we", "them", "its", "their"})


TAKE_VERBS = frozenset({"capture", "seize", "take", "retake", "recapture", "regain", "wrest", "liberate",
                        "free", "reclaim", "win", "snatch", "grab", "conquer", "control"})
"""Verbs of taking: their "from X" names who lost the thing ("retook the airport from the
rebels"), not, as with fire or an attack "from X", who did it."""


def _predicate_chain(trig: Token) -> set[int]:
    """The trigger, its clause verb and the verbs it is the complement of ("continued to shell",
    "began shelling", "launched an attack"): their subjects are the trigger's agents."""
    if trig.pos_ in ("NOUN", "PROPN") and trig.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr", "ROOT"):
        return {trig.i}  # "vacate their homes due to the shelling": the verb's subject is no agent
    verb = clause_verb(trig)
    chain = {trig.i, verb.i}
    cur = verb
    for _ in range(3):
        if cur.dep_ in ("xcomp", "conj") and cur.head is not cur:
            cur = cur.head
            chain.add(cur.i)
        else:
            break
    return chain


_HEDGES = frozenset({"presume", "suspect", "allege", "believe", "assume"})


def _hedge_misparse(obj: Token) -> bool:
    """"presumed ISGS militants attacked": the parser made the hedging participle a verb with the
    group as its object; it has no subject of its own and stands right before the group."""
    verb = obj.head
    return (verb.lemma_.lower() in _HEDGES and verb.i < obj.i and obj.i - verb.i <= 3
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children))


def actor_role(tok: Token, trig: Token) -> str | None:
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
            if dep == "dobj" and _hedge_misparse(cur):
                return "subject"  # "presumed JNIM militants ambushed ...": the militants acted
            if dep in ("dobj", "nsubjpass", "attr", "dative"):
                return "object"
            if dep == "prep":
                if cur.lower_ in ("by",):
                    return "subject"
                if cur.lower_ in ("from",):
                    return "object" if lower_lemma(trig) in TAKE_VERBS else "subject"
                if cur.lower_ in _ACTOR2_PREPS:
                    return "object"
                return None
            return None
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def times_for(trig: Token, s_times: list[TimeRef], doc: Doc) -> list[TimeRef]:
    """The sentence's times that can date the trigger, closest in the parse first: a time inside
    a phrase that does not contain the trigger ("following an incursion last month, fighting
    broke out") dates something else."""
    keep = []
    trig_anc = {t.i for t in trig.ancestors} | {trig.i}
    for tr in s_times:
        span = span_tokens(doc, tr.start, tr.end)
        if span is None:
            continue
        d = link_distance(span.root, trig)
        if any(a.lower_ in SUBORDINATE and a.i not in trig_anc for a in span.root.ancestors):
            continue
        keep.append((d is None, d or 0, tr))
    keep.sort(key=lambda k: (k[0], k[1]))
    return [k[2] for k in keep]


def attribute_claim(sent: Span, trig: Token, doc: Doc, iso3: str | None, stages: Stages) -> Claim | None:
    """Who asserts the incident told by ``trig``: asked per trigger, so a sentence that denies one
    thing and states another gets an answer for each; the document context (quotations, full
    names) is built once per document, for its main country."""
    if stages.attribute is None:
        return None
    if stages.claim_context is None:
        return stages.attribute(sent, trig)
    return stages.attribute(sent, trig, context=stages.claim_context(doc, iso3))


def claimant_actor(claim: Claim | None, actors: list[Actor]) -> Actor | None:
    """The detected actor that makes ``claim``: one inside its span or named as its claimant."""
    if claim is None:
        return None
    for a in actors:
        if a.start >= claim.start and a.end <= claim.end or a.name == claim.claimant:
            return a
    return None


_BLAME_VERBS = frozenset({"blame", "accuse"})


_CLAIM_VERBS = frozenset({"claim", "take", "accept", "admit"})


_ATTRIBUTION_SUB = "Attribution of responsibility"


def _attribution(sent: Span) -> tuple[str, Token, Token | None] | None:
    """The attribution a sentence makes, as (kind, the words naming the culprit, the speaker):
    "X claimed responsibility" (kind ``claim``: X is both), "he blamed X", "accused X of" (kind
    ``blame``: the object is the culprit, the subject the speaker), "X was responsible" (``blame``,
    the speaker being whoever the sentence quotes)."""
    for t in sent:
        lem = lower_lemma(t)
        if t.pos_ in ("VERB", "AUX") and lem in _BLAME_VERBS:
            obj = next((c for c in t.children if c.dep_ in ("dobj", "obj")), None)
            subj = next((c for c in t.children if c.dep_ in ("nsubj",)), None)
            if obj is not None:
                return "blame", obj, subj
        if lem in _CLAIM_VERBS and any(lower_lemma(c) == "responsibility" for c in t.children if c.dep_ == "dobj"):
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return "claim", subj, subj
        if t.lower_ == "responsible" and t.dep_ == "acomp" and lower_lemma(t.head) == "be":
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            speaker = t.head.head if t.head.dep_ in ("ccomp", "parataxis") else None
            said_by = next((c for c in speaker.children if c.dep_ == "nsubj"), None) if speaker is not None else None
            if subj is not None:
                return "blame", subj, said_by
    return None


def link_attributions(drafts: list[Draft], sents: list[Span], stages: Stages,
                       iso3: str | None) -> list[Draft]:
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
                   and (d.sub == "territory" or taxonomy.event_type_of(d.sub) in VIOLENT_TYPES)]
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
        elif speaker is not None and speaker.lower_ not in PRONOUNS:
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


def event_time(trig: Token, sentence_times: list[TimeRef], times: Sequence[TimeRef],
               published: date | None, doc: Doc, stages: Stages) -> TimeRef | None:
    """The trigger's date: its sentence's times closest to it in the parse, else the document's
    (``times.event_date`` decides when the stage is present)."""
    s_times = times_for(trig, sentence_times, doc)
    if stages.event_date:
        return stages.event_date(s_times, times, published)
    usable = [t for t in s_times if t.value is not None]
    return usable[0] if usable else None


def link_actors(doc: Doc, sent: Span, trig: Token, actors: list[Actor], doc_iso3: str | None,
                stages: Stages, last_actor: Actor | None) -> tuple[Actor | None, Actor | None, Claim | None]:
    """(actor1, actor2, claim) of the trigger from its sentence's actor mentions: roles from the
    parse, whoever "claimed responsibility" as actor1, a pronoun subject ("it repelled") read as
    the speaker or ``last_actor``; unlinked mentions fill what is left (an armed actor is the
    likelier agent, civilians are victims)."""
    a1 = a2 = None
    for a in actors:
        span = span_tokens(doc, a.start, a.end)
        if span is None:
            continue
        role = actor_role(span.root, trig)
        if role == "subject" and a1 is None:
            a1 = a
        elif role == "object" and a2 is None and (a1 is None or a.name != a1.name):
            a2 = a
    subj_pron = [c for c in clause_verb(trig).children if c.dep_ in ("nsubj",) and c.lower_ in PRONOUNS]
    claim = attribute_claim(sent, trig, doc, doc_iso3, stages)
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
        a1 = claimant_actor(claim, actors) or last_actor
    if a1 is None:
        # unlinked mentions: an armed actor is the likelier agent; civilians are victims
        rest = [a for a in actors if (a2 is None or a.name != a2.name) and a.inter != 7]
        if rest:
            a1 = rest[0]
    if a2 is None:
        rest = [a for a in actors if a1 is None or a.name != a1.name]
        if rest and a1 is not None:
            a2 = rest[0]
    return a1, a2, claim
