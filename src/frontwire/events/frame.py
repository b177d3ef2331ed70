"""Whether a trigger tells an incident that happened, and whether the story is about conflict.

Factuality: a trigger under negation ("no clashes were reported"), a modal ("would strike"), a
hedge ("most likely"), an open question ("whether fighting took place") or a hypothetical or
denial head ("plans to attack", "denied shelling") is no event. Background: a trigger inside a
dated "following/after ..." phrase, or dated weeks before publication, recalls an earlier
incident. Frame: a story led by disaster, crime or diplomacy triggers codes no conflict event
unless an armed side does something violent. Quotations mark figures of speech.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from spacy.tokens import Doc, Token

from frontwire import taxonomy
from frontwire.events.lexicon import Lexicon
from frontwire.events.syntax import clause_verb, lower_lemma
from frontwire.records import TimeRef

REPORTING = frozenset(
    {"say", "claim", "report", "confirm", "tell", "state", "announce", "add", "write", "assert",
     "acknowledge", "insist", "note", "allege", "accuse", "post", "according"}
)


_HYPO_PATH_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "acl", "conj", "attr",
                             "nsubjpass", "compound", "amod", "pcomp", "advcl", "relcl"})


_LONG_SPANS = frozenset({"year", "month", "decade", "week"})


def is_factual(t: Token, lex: Lexicon) -> bool:
    """False when the trigger is negated, modal/future, hypothetical or denied."""
    for c in t.children:
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and c.lower_ in lex.negators):
            return False
    if t.dep_ == "xcomp" and lower_lemma(t.head) == "fail":
        return False  # "the mines failed to detonate" (but "failed to repel the attack": an attack)
    cur = t
    verb = clause_verb(t)
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children):
        return False  # "no information on whether fighting took place": open, not told as fact
    if any(c.dep_ == "advmod" and c.lower_ in lex.hedges for c in (*t.children, *verb.children)):
        return False  # "most likely they killed them": speculation, not a report
    if any(c.dep_ == "prep" and c.lower_ == "for" and any(
            g.dep_ == "pobj" and lower_lemma(g) in _LONG_SPANS for g in c.children) for c in verb.children):
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
        lemma = lower_lemma(parent)
        if lemma in REPORTING:
            break
        if cur.dep_ == "ccomp" and cur.i < parent.i and any(c.dep_ == "dobj" for c in parent.children):
            # "two people were killed, the assailants also prevented access to the market": a
            # comma splice parsed as a complement, its clause tells its own fact
            break
        if (lemma in lex.hypothetical_heads or parent.lower_ in lex.hypothetical_heads) and not _called_off(parent):
            # "denied carrying out attacks", "preparing a counteroffensive", "threatened to strike"
            return False
        if parent.lower_ in lex.negators:  # "without fighting"
            return False
        cur = parent
    # "without a fight": the preposition heads the trigger
    return t.head.lower_ != "without"


def _called_off(t: Token) -> bool:
    """"the concert was called off after a grenade was thrown": cancelling is no call for action."""
    return lower_lemma(t) == "call" and any(c.dep_ == "prt" and c.lower_ == "off" for c in t.children)


def is_purpose(t: Token) -> bool:
    """An infinitive of purpose or intent ("an attack to capture the base", "launched an
    offensive to retake the town", "in order to seize"): what the side set out to do, not what
    it did."""
    if t.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return False
    # (an infinitive complementing a reporting verb, "claimed to liberate X", is a report)
    return t.dep_ in ("acl", "advcl") or (t.dep_ == "xcomp" and t.head.pos_ in ("NOUN", "PROPN"))


def is_anaphoric(t: Token, lex: Lexicon) -> bool:
    """A nominal trigger that refers back to an incident already told ("the attack"), not a new one."""
    if t.pos_ not in ("NOUN", "PROPN"):
        return False
    dets = [c for c in t.children if c.dep_ in ("det", "poss")]
    has_prep_place = any(c.dep_ == "prep" and c.lower_ in ("in", "near", "at", "on") for c in t.children)
    return bool(dets) and all(d.lower_ in lex.anaphora for d in dets) and not has_prep_place


REPLIES = frozenset({"return_fire"})
"""Trigger ids that always answer an incident already told ("Ukrainian forces responded with fire")."""


SUBORDINATE = frozenset({"following", "after", "since", "before", "unlike", "like", "amid", "until",
                          "ahead", "prior", "compared"})


def earlier_clause(trig: Token, s_times: Sequence[TimeRef], doc: Doc) -> bool:
    """A trigger inside a "following/after ..." phrase that carries its own date ("following an
    incursion last month that required air strikes, fighting broke out"): an earlier incident
    recalled as background, not part of (nor a new) event of this sentence."""
    for a in trig.ancestors:
        if a.lower_ in SUBORDINATE and a.dep_ in ("prep", "mark", "advmod", "advcl", "pcomp"):
            lo, hi = a.left_edge.idx, a.right_edge.idx + len(a.right_edge)
            return any(lo <= t.start < hi for t in s_times)
    return False


def in_backdrop(trig: Token) -> bool:
    """A trigger inside a "following ...", "after ..." or "in the aftermath/wake of ..." phrase:
    the occasion of what the sentence tells, not its incident (when the main clause has one)."""
    for a in trig.ancestors:
        if a.lower_ in ("following", "after") and a.dep_ == "prep":
            return True
        if a.lower_ in ("aftermath", "wake") and a.dep_ == "pobj":
            return True
    return False


def earlier_period(when: TimeRef | None, published: date | None) -> bool:
    """A week- or month-level date ("last month") well before publication: background."""
    if when is None or when.value is None or published is None or when.precision < 2:
        return False
    return (published - when.value).days > 2


_QUOTE = re.compile(r"[\"“”]([^\"“”\n]{2,}?)[\"“”]")


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of direct quotations (within one paragraph)."""
    return [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)] if ('"' in text or "“" in text) else []


def in_ranges(ranges: list[tuple[int, int]], i: int) -> bool:
    """Whether character offset ``i`` falls inside any half-open ``(start, end)`` range."""
    return any(a <= i < b for a, b in ranges)


def out_of_scope_frame(matches: Sequence[tuple[str, int, int, int]], lex: Lexicon, sent_of: dict[int, int]) -> bool:
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
