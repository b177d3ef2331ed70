"""Model recall: one event for a document known to report an incident when the rules find none.

Why: some inputs report one incident each by construction (ACLED notes, CASE snippets, a user's
own coded records). When the trigger lexicon misses the wording of such a document, the rules
return nothing although an event is certain; a trained classifier that reads the whole text can
still name its type. On general news that certainty is absent (most sentences are no events), so
this runs only when the caller says every document is an event
(``Pipeline(every_document_an_event=True)``) and a model is loaded.

What the model decides is the type only. Whether something happened stays the rules' call: the
event is anchored on the document's first main clause told as fact (``is_factual``: negated,
modal/future, hedged, hypothetical or denied clauses yield nothing), and a sentence in which the
rules dropped a trigger as not factual ("no clashes were reported") is no anchor either. The
anchor is then linked like any trigger (actors, place, date, fatalities, claims).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from spacy.tokens import Span, Token

from frontwire import taxonomy
from frontwire.events.draft import Mention
from frontwire.events.frame import REPORTING, is_factual
from frontwire.events.lexicon import Lexicon, Trigger
from frontwire.events.syntax import lower_lemma

RECALL_RULE = "model-recall"
"""Evidence rule prefix of an event the model found ("model-recall:0.23", the model's probability)."""

_NO_CLAUSE = frozenset({"PUNCT", "SPACE", "SYM", "NUM", "X"})


def model_label(classifier: Any, text: str) -> tuple[str, float] | None:
    """The model's ACLED sub-event type for the whole text with its probability; None when the
    model's label is out of ACLED's scope (a disaster, a crime, diplomacy: no conflict event)."""
    if classifier is None or not text.strip():
        return None
    _etype, sub, prob = classifier.predict([text])[0]
    if sub not in taxonomy.SUB_EVENT_TYPES:
        return None
    return sub, float(prob)


def main_clause(sent: Span, lex: Lexicon) -> Token | None:
    """The verb of the sentence's main clause when it tells something as fact: the root, or the
    clause a reporting root introduces ("officials said gunmen stormed the village"). None for a
    negated, modal, hedged or hypothetical clause ("rebels plan to attack") or a bare fragment."""
    root = sent.root
    if root.pos_ in _NO_CLAUSE or not any(t.is_alpha for t in sent):
        return None
    verb = root
    if lower_lemma(root) in REPORTING:
        verb = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), root)
    if lower_lemma(verb) in lex.hypothetical_heads or verb.lower_ in lex.hypothetical_heads:
        return None  # "denied shelling", "threatened to strike": the head itself is the hedge
    return verb if is_factual(verb, lex) else None


def first_factual_clause(sents: list[Span], lex: Lexicon,
                         denied: Collection[int] = ()) -> tuple[int, Token] | None:
    """(sentence index, anchor verb) of the document's first main clause told as fact, skipping
    the sentences in ``denied`` (the rules found a trigger there not factual)."""
    for si, sent in enumerate(sents):
        verb = main_clause(sent, lex) if si not in denied else None
        if verb is not None:
            return si, verb
    return None


def recall_mention(anchor: Token, si: int, sub: str, prob: float) -> Mention:
    """A mention standing for the model's event, on the anchor verb (so the usual linking reads
    its subject as actor1, its object as actor2, its clause's place and date)."""
    trigger = Trigger(id=RECALL_RULE, sub=sub)
    return Mention(trigger, sub, anchor.i, anchor.i + 1, anchor.i, si, f"{RECALL_RULE}:{prob:.2f}")
