"""The working records of event building: a ``Mention`` (one factual trigger in a sentence) and a
``Draft`` (an event being assembled from one or more mentions before it is coded as an ``Event``).

Shared by the sentence loop, the merging rules and the final coding, so they live apart from all
three.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from frontwire import taxonomy
from frontwire.events.lexicon import Trigger
from frontwire.records import Actor, Claim, Evidence, Place, TimeRef


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
    backdrop: bool = False  # inside a "following/after/in the aftermath of ..." phrase: context
    property_only: bool = False  # violence told against places only, nobody hurt ("attacked the village")
    main_clause: bool = False  # the trigger is a main verb, not a relative clause or a noun phrase


@dataclass
class Draft:
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
    recall: float | None = None  # the model's probability when the model, not a trigger, found it

    @property
    def sub(self) -> str:
        """The one sub-event type the taxonomy picks among the candidates."""
        return taxonomy.pick(self.subs)


def make_evidence(doc_text: str, fld: str, start: int, end: int, rule: str) -> Evidence:
    """Evidence for ``fld`` quoting ``doc_text[start:end]``, the rule that chose it named."""
    return Evidence(field=fld, start=start, end=end, text=doc_text[start:end], rule=rule)
