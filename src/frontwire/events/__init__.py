"""Triggers -> events: find the words that report an incident, decide whether it happened, code it
into ACLED's taxonomy, link its arguments through the dependency parse and merge repeated tellings.

How it works, per document (one parsed spaCy ``Doc``), and which module does it:

1. ``lexicon``: trigger matching from the readable lexicon ``data/triggers.yaml``: single lemmas
   and phrases on lower-cased lemmas, verb-object pairs ("fired mortars", "a drone was shot down")
   on the dependency parse (see ``TriggerMatcher`` for why not spaCy's matchers). Matches inside
   ``Document.removed`` spans are impossible because the pipeline blanks those spans before parsing.
2. ``frame``: factuality: a trigger under negation ("no clashes were reported"), a modal ("would
   strike") or a hypothetical/denial head ("plans to attack", "denied shelling", "preparing a
   counteroffensive") is dropped: it is not an event that happened. Also background incidents,
   quotations and the story's frame (disaster, crime or diplomacy rather than conflict). An
   infinitive of purpose ("an attack to capture the base") is an aim, not a capture; a denial of
   responsibility is still an attribution; announced sanctions are the diplomatic event.
3. ``refine``: coding: context rules re-code generic triggers (an "attack" with artillery is
   shelling, with no weapon on civilians it is violence against civilians), then ``taxonomy.pick``
   applies ACLED's precedence among the triggers of one sentence. Protest context re-codes
   violence: protesters in a clash are a violent demonstration, under fire or crowd-control
   weapons a protest with intervention / excessive force; a device found or defused is disrupted
   weapons use; a bomb with no aircraft named is a planted device. A bare "hit"/"strike" with
   no weapon, target or armed doer is no violence ("a storm hit the coast"); weapons moved,
   supplied or tested are not used; a trigger in a "following/in the aftermath of" phrase
   yields to the main clause's incident (battles excepted).
4. Arguments: ``linking``: subject/agent -> actor1, object or "on/against/with" target -> actor2,
   the sentence's time -> date (else the document's, per ``times.event_date``), the claim from
   ``claims.attribute`` asked for the trigger itself (a sentence that denies one thing and states
   another answers per trigger); whoever "claimed responsibility" is actor1
   (``claims.responsible_actor``). Pronoun subjects ("it repelled") fall back to the speaker or the
   last actor. ``location``: the place in the trigger's clause ("in/near/at X") -> location.
   ``finish``: fatalities from the event's sentences read as one report
   (``fatalities.fatalities_in``), confidence, event ids.
5. ``merging``: a mention that is anaphoric ("the attack"), weak ("two people were killed") or
   compatible with an earlier event (same event type, no conflicting place, date or actors) joins
   it as more evidence; the merged event keeps the most specific place and the ACLED precedence
   type.

6. ``recall`` (only with ``every_document_an_event`` and a classifier, for inputs known to report
   one incident each: ACLED notes, CASE snippets, coded records): when no event came out of the
   steps above, the classifier's ACLED label for the whole text makes one, anchored on the first
   main clause told as fact (not negated, modal, hedged, hypothetical, nor in a sentence whose
   trigger the rules judged not factual) and linked like a trigger; its evidence rule is
   ``model-recall:P``.

``core`` runs the sentence loop (``events_from_doc``, or ``settle_doc`` then ``coded_events`` when a
pipeline asks the classifier once per batch of documents); ``draft`` holds the working records,
``stages`` the other stages' functions (injected, so tests can build events alone), ``syntax``
the parse helpers all of them share.

Confidence (0-1) is a transparent additive score: 0.45 for a strong trigger (0.3 weak), +0.15 when
actor1 is known, +0.15 for a place linked in the sentence (+0.05 for the document's main place),
+0.1 for a date stated in the sentence, +0.05 per extra mention (max +0.1); -0.1 when the only
source is a party's claim. Out-of-scope items get at most 0.5. A model-recall event starts from
0.2 (instead of 0.45/0.3) and gets at most 0.5.
"""

from __future__ import annotations

from frontwire.events.core import (
    blank_removed,
    coded_events,
    events_from_doc,
    published_date,
    settle_doc,
)
from frontwire.events.draft import Mention
from frontwire.events.finish import Settled, model_labels_batched
from frontwire.events.frame import REPORTING
from frontwire.events.lexicon import Lexicon, Trigger, TriggerMatcher, load_lexicon
from frontwire.events.stages import Stages

__all__ = [
    "REPORTING",
    "Lexicon",
    "Mention",
    "Settled",
    "Stages",
    "Trigger",
    "TriggerMatcher",
    "blank_removed",
    "coded_events",
    "events_from_doc",
    "load_lexicon",
    "model_labels_batched",
    "published_date",
    "settle_doc",
]
