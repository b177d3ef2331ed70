"""Small helpers over spaCy's dependency parse that every part of event building shares.

Kept apart so that the factuality, coding, linking and location modules can all read the parse
the same way (lower-cased lemmas, the clause verb of a nominal trigger, parse distance to a
trigger) without importing each other.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def lower_lemma(t: Token) -> str:
    """The token's lemma, lower-cased (spaCy keeps proper-noun lemmas capitalised)."""
    return t.lemma_.lower()


def clause_verb(t: Token) -> Token:
    """The verb that governs a (possibly nominal) trigger, or the trigger itself."""
    cur = t
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return t


def span_tokens(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering characters ``start:end``, widened to whole tokens (None if none)."""
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


def link_distance(tok: Token, trig: Token) -> int | None:
    """How closely ``tok`` hangs off the trigger (or the verb governing it); None if not at all."""
    d = _dep_distance(tok, trig)
    if d is not None:
        return d
    verb = clause_verb(trig)
    if verb is not trig:
        d = _dep_distance(tok, verb)
        if d is not None:
            return d + 1
    return None


def countered(t: Token) -> bool:
    """A weapon word after "anti-"/"counter-" names what a weapon is against ("anti-aircraft
    guns", "anti-tank mines"), not the weapon that was used."""
    doc = t.doc
    if t.lower_.startswith(("anti-", "counter-")):
        return True
    return t.i >= 2 and doc[t.i - 1].text == "-" and doc[t.i - 2].lower_ in ("anti", "counter")
