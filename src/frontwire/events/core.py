"""The sentence loop that turns one parsed document into events, and the document helpers the
pipeline needs before parsing (``blank_removed``, ``published_date``).

Per sentence with trigger matches: keep the factual mentions and code them in context
(``frame``, ``refine``), choose the sentence's lead trigger by ACLED precedence, link its place
(``location``), date and actors (``linking``), then merge the draft into an earlier telling of
the same incident or add it (``merging``). Per document, afterwards: drop background incidents,
fill attackers from later attributions and code the drafts as ``Event`` records (``finish``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token

from frontwire import taxonomy
from frontwire.events.draft import Draft, Mention, make_evidence
from frontwire.events.finish import Settled, code, model_labels_batched, settle
from frontwire.events.frame import (
    REPLIES,
    earlier_clause,
    earlier_period,
    in_backdrop,
    in_ranges,
    is_anaphoric,
    is_factual,
    out_of_scope_frame,
    quoted_ranges,
)
from frontwire.events.lexicon import Lexicon, TriggerMatcher, load_lexicon
from frontwire.events.linking import event_time, link_actors, link_attributions
from frontwire.events.location import (
    coded_place,
    doc_country,
    document_place,
    is_country,
    places_by_sentence,
    sentence_place,
)
from frontwire.events.merging import merge_or_add
from frontwire.events.recall import first_factual_clause, model_label, recall_mention
from frontwire.events.refine import (
    CUSTODY_HARM,
    KILLINGS,
    OUTRANKED_TYPES,
    OUTRANKING,
    VIOLENT_TYPES,
    all_weapon_words,
    hits_property_only,
    refine,
    target_kind,
)
from frontwire.events.stages import Stages
from frontwire.events.syntax import lower_lemma, span_tokens
from frontwire.records import Actor, Document, Event, Place, TimeRef

_ATTRIBUTION = "Attribution of responsibility"


_ANNOUNCED = frozenset({"Diplomatic event"})
"""Out-of-scope types whose announcement is the event itself ("will impose sanctions")."""


_PROPERTY = "Looting/property destruction"


_KEEP_IN_BACKDROP = frozenset({"territory", "Non-violent transfer of territory"})


Match = tuple[str, int, int, int]
"""A trigger match: (trigger id, start token, end token, head token)."""


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
    every_document_an_event: bool = False,
) -> list[Event]:
    """Every incident ``doc`` reports, coded and merged, in text order.

    ``doc`` is the parse of ``document.text`` with removed spans blanked (same offsets). ``places``
    and ``times`` are the document's resolved toponyms and time expressions. ``classifier`` (from
    ``frontwire train``) codes each event's type with the rules' label as a vote
    (``finish.model_labels``); rules still decide factuality.
    Out-of-scope items are returned (event_type ``Out of scope``) only if ``include_out_of_scope``.
    ``every_document_an_event``: the document is known to report an incident (an ACLED note, a
    CASE snippet); when the rules find none and a classifier is given, the classifier's ACLED
    label makes one event on the first factual main clause (``recall``). Off for general news.
    A pipeline coding many documents calls ``settle_doc`` on each and asks the classifier once per
    batch (``finish.model_labels_batched``), then ``coded_events``; this is that for one document.
    """
    settled = settle_doc(document, doc, places, times, stages=stages, matcher=matcher, classifier=classifier,
                         every_document_an_event=every_document_an_event)
    return coded_events(settled, model_labels_batched(classifier, [settled])[0], include_out_of_scope)


def coded_events(settled: Settled, predictions: list[tuple[str, str, float]] | None,
                 include_out_of_scope: bool = False) -> list[Event]:
    """The settled drafts coded as events (``finish.code``), out-of-scope ones only if asked for."""
    events = code(settled, predictions)
    if not include_out_of_scope:
        events = [e for e in events if e.event_type != taxonomy.OUT_OF_SCOPE]
    return events


def settle_doc(
    document: Document,
    doc: Doc,
    places: Sequence[Place],
    times: Sequence[TimeRef],
    *,
    stages: Stages | None = None,
    matcher: TriggerMatcher | None = None,
    classifier: Any = None,
    every_document_an_event: bool = False,
) -> Settled:
    """The rules' part of ``events_from_doc``: drafts found, merged, linked and settled, before the
    classifier (if any) labels them. ``classifier`` is used here only by ``recall``."""
    stages = stages or Stages()
    matcher = matcher or TriggerMatcher(doc.vocab, load_lexicon())
    lex = matcher.lexicon
    text = document.text
    sents = list(doc.sents)
    sent_of = {t.i: si for si, s in enumerate(sents) for t in s}

    # places and times per sentence; a toponym naming a weapon or a ship ("Molotov cocktails",
    # "the cruiser Moskva") is no place of the story at all, not even its main place
    place_spans, places = places_by_sentence(doc, places, sent_of, lex)
    time_by_sent = _times_by_sentence(doc, times, sent_of)
    main_place = document_place(places)
    doc_iso3 = main_place.iso3 if main_place else None

    matches = matcher(doc)
    by_sent = _matches_by_sentence(matches, sent_of)
    weapon_words = all_weapon_words(lex)
    scan = _DocScan(document=document, doc=doc, sents=sents, lex=lex, stages=stages, place_spans=place_spans,
                    time_by_sent=time_by_sent, times=times, main_place=main_place, doc_iso3=doc_iso3,
                    weapon_words=weapon_words, other_frame=out_of_scope_frame(matches, lex, sent_of),
                    quoted=quoted_ranges(text))
    for si in sorted(by_sent):
        _read_sentence(scan, si, by_sent[si])

    drafts = _without_background(scan.drafts)
    actor_spans_all = scan.actor_spans_all
    if not drafts and every_document_an_event:
        recalled = _recall_draft(document, doc, sents, classifier, lex, stages, place_spans, time_by_sent,
                                 times, main_place, weapon_words, scan.denied)
        if recalled is not None:
            drafts = [recalled[0]]
            actor_spans_all.extend(recalled[1])
    drafts = link_attributions(drafts, sents, stages, doc_iso3)
    if (coded := coded_place(text, places)) is not None:
        for d in drafts:
            d.place = coded  # a coded note's own "[coded to X]"
    main_place = document_place(places, actor_spans_all) or main_place
    return settle(document, doc, drafts, sents, main_place, stages, scan.no_fight,
                  doc_country(main_place, places, drafts, stages, doc))


def _matches_by_sentence(matches: list[Match], sent_of: dict[int, int]) -> dict[int, list[Match]]:
    """Trigger matches grouped by the sentence of their head token: the loop reads one sentence at a time."""
    by_sent: dict[int, list[Match]] = {}
    for m in matches:
        by_sent.setdefault(sent_of[m[3]], []).append(m)
    return by_sent


@dataclass
class _DocScan:
    """What every sentence of one document is read against, and what reading them accumulates
    (drafts, actor spans, the last actor1, sentences that deny fighting or any trigger)."""

    document: Document
    doc: Doc
    sents: list[Span]
    lex: Lexicon
    stages: Stages
    place_spans: dict[int, list[tuple[Place, Span]]]
    time_by_sent: dict[int, list[TimeRef]]
    times: Sequence[TimeRef]
    main_place: Place | None
    doc_iso3: str | None
    weapon_words: frozenset[str]
    other_frame: bool
    quoted: list[tuple[int, int]]
    drafts: list[Draft] = field(default_factory=list)
    actor_spans_all: list[tuple[int, int]] = field(default_factory=list)
    last_actor: Actor | None = None
    no_fight: set[int] = field(default_factory=set)
    denied: set[int] = field(default_factory=set)


def _read_sentence(scan: _DocScan, si: int, sent_matches: list[Match]) -> None:
    """Code one sentence's lead event with its place, date and actors, and merge it into
    ``scan.drafts``; a sentence with no factual event, or a figure of speech, adds nothing."""
    doc = scan.doc
    sent = scan.sents[si]
    mentions = _sentence_mentions(doc, sent, si, sent_matches, scan.time_by_sent.get(si, ()), scan.lex,
                                  scan.no_fight, scan.denied)
    if not mentions:
        return
    raw_actors = list(scan.stages.find_actors(sent)) if scan.stages.find_actors else []
    group = _event_group(mentions, raw_actors, scan.other_frame)
    if not group:
        return
    lead = group[0]
    trig = doc[lead.head]
    _mark_follow_up(doc, lead, trig, mentions)

    # place (a toponym that is part of an actor mention, "Moscow said", is no location)
    actor_spans = [(a.start, a.end) for a in raw_actors]
    scan.actor_spans_all.extend(actor_spans)
    place, linked = _clause_place(trig, scan.place_spans.get(si, []), actor_spans, scan.weapon_words, scan.lex,
                                  scan.main_place, _violent(lead.sub))
    if _figure_of_speech(doc, group, scan.quoted, linked):
        return

    when = event_time(trig, scan.time_by_sent.get(si, []), scan.times, scan.document.published, doc,
                      scan.stages)
    # actors are localised to the event's final country in ``finish``
    a1, a2, claim = link_actors(doc, sent, trig, raw_actors, scan.doc_iso3, scan.stages, scan.last_actor)
    if a1 is not None:
        scan.last_actor = a1

    in_sentence = when is not None and when.start >= 0 and sent.start_char <= when.start < sent.end_char
    draft = Draft(mentions=group, subs=[m.sub for m in group], sent_ids=[si], actor1=a1, actor2=a2,
                  place=place, place_linked=linked, time=when, time_in_sentence=in_sentence,
                  claim=claim, claims=[claim] if claim else [],
                  background=in_sentence and earlier_period(when, scan.document.published))
    for m in group:
        span = doc[m.start : m.end]
        draft.evidence.append(make_evidence(scan.document.text, "sub_event_type", span.start_char, span.end_char,
                                            m.rule))
    merge_or_add(scan.drafts, draft, doc, scan.lex, scan.stages.pro_government)


def _mark_follow_up(doc: Doc, lead: Mention, trig: Token, mentions: list[Mention]) -> None:
    """Mark the lead anaphoric when it acts on an incident already told ("repelled the attack",
    "responded to the assault"): the sentence is a follow-up of that incident."""
    if not lead.anaphoric and any(
        m.anaphoric and m is not lead and trig in list(doc[m.head].ancestors)[:2] for m in mentions
    ):
        lead.anaphoric = True


def _figure_of_speech(doc: Doc, group: list[Mention], quoted: list[tuple[int, int]], linked: bool) -> bool:
    """Words inside a quotation with no place of their own (or only weak triggers) tell no event."""
    return all(in_ranges(quoted, doc[m.start].idx) for m in group) and (
        not linked or all(m.weak for m in group))


def _without_background(drafts: list[Draft]) -> list[Draft]:
    """Drop background drafts ("air strikes last month", "the protests began last week"): they are
    not events this report codes, unless the story has no dated incident of its own."""
    if any(d.time_in_sentence and not d.background for d in drafts):
        return [d for d in drafts if not d.background]
    return drafts


def _clause_place(trig: Token, s_places: list[tuple[Place, Span]], actor_spans: list[tuple[int, int]],
                  weapon_words: frozenset[str], lex: Lexicon, main_place: Place | None,
                  violent: bool) -> tuple[Place | None, bool]:
    """The trigger's place in its sentence (``sentence_place``) and whether the parse links it;
    a country named in a story placed inside that country leaves the story's own place."""
    doc_iso3 = main_place.iso3 if main_place else None
    place, linked = sentence_place(trig, s_places, actor_spans, weapon_words, lex, doc_iso3, violent)
    if place is not None and main_place is not None and is_country(place) and not is_country(main_place) and (
            place.iso3 == main_place.iso3):
        return None, False  # "in support of Ukraine" in a story placed in Lviv: the story's place
    return place, linked


def _recall_draft(document: Document, doc: Doc, sents: list[Span], classifier: Any, lex: Lexicon,
                  stages: Stages, place_spans: dict[int, list[tuple[Place, Span]]],
                  time_by_sent: dict[int, list[TimeRef]], times: Sequence[TimeRef], main_place: Place | None,
                  weapon_words: frozenset[str], denied: set[int]) -> tuple[Draft, list[tuple[int, int]]] | None:
    """The one event of a document known to report one, when the rules found none: the model's
    ACLED label on the first factual main clause, linked like a trigger (see ``recall``); also the
    spans of that sentence's actor mentions. None without a classifier, with an out-of-scope
    label, or when no main clause is told as fact (sentences in ``denied`` hold a trigger the
    rules found not factual: what they tell did not happen)."""
    anchor = first_factual_clause(sents, lex, denied) if classifier is not None else None
    label = model_label(classifier, doc.text) if anchor is not None else None
    if anchor is None or label is None:
        return None
    (si, verb), (sub, prob) = anchor, label
    sent = sents[si]
    mention = recall_mention(verb, si, sub, prob)
    raw_actors = list(stages.find_actors(sent)) if stages.find_actors else []
    actor_spans = [(a.start, a.end) for a in raw_actors]
    doc_iso3 = main_place.iso3 if main_place else None
    place, linked = _clause_place(verb, place_spans.get(si, []), actor_spans, weapon_words, lex, main_place,
                                  _violent(sub))
    when = event_time(verb, time_by_sent.get(si, []), times, document.published, doc, stages)
    a1, a2, claim = link_actors(doc, sent, verb, raw_actors, doc_iso3, stages, None)
    in_sentence = when is not None and when.start >= 0 and sent.start_char <= when.start < sent.end_char
    draft = Draft(mentions=[mention], subs=[sub], sent_ids=[si], actor1=a1, actor2=a2, place=place,
                  place_linked=linked, time=when, time_in_sentence=in_sentence, claim=claim,
                  claims=[claim] if claim else [], recall=prob)
    draft.evidence.append(make_evidence(document.text, "sub_event_type", verb.idx, verb.idx + len(verb), mention.rule))
    return draft, actor_spans


def _violent(sub: str) -> bool:
    """Whether a sub-event type is political violence (a capture counts: it is fought over)."""
    return sub == "territory" or taxonomy.event_type_of(sub) in VIOLENT_TYPES


def _times_by_sentence(doc: Doc, times: Sequence[TimeRef], sent_of: dict[int, int]) -> dict[int, list[TimeRef]]:
    """The document's time expressions grouped by the sentence they start in."""
    out: dict[int, list[TimeRef]] = {}
    for tr in times:
        span = span_tokens(doc, tr.start, tr.end)
        if span is not None and len(span):
            out.setdefault(sent_of.get(span.start, -1), []).append(tr)
    return out


def _sentence_mentions(doc: Doc, sent: Span, si: int, matches: list[Match], s_times: Sequence[TimeRef],
                       lex: Lexicon, no_fight: set[int], denied: set[int] | None = None) -> list[Mention]:
    """The factual, coded mentions among one sentence's matches, longest match first (a token
    belongs to one trigger). A sentence whose clash trigger is denied or left open is added to
    ``no_fight``: a capture told with it was no battle. A sentence with any trigger that is not
    told as fact is added to ``denied`` (the rules decided what did not happen there)."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for tid, s, e, h in sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1])):
        if any(i in taken for i in range(s, e)):
            continue
        tr = lex.triggers[tid]
        head = doc[h]
        if earlier_clause(head, s_times, doc):
            taken.update(range(s, e))
            continue
        if tr.sub in _ANNOUNCED and not any(c.dep_ == "neg" for c in (*head.children, *head.head.children)):
            pass  # decided, threatened or announced sanctions and expulsions are the diplomatic event
        elif tr.sub != _ATTRIBUTION and not is_factual(head, lex):
            # (a denial of responsibility is itself an attribution: "denied it was behind the attack")
            taken.update(range(s, e))
            if denied is not None:
                denied.add(si)
            if tr.sub == "Armed clash" and tr.resolve is None:
                no_fight.add(si)  # "there was no fighting", "no information on whether fighting took place"
            continue
        sub = refine(tr, head, sent, lex, [])
        if sub is None:
            continue
        taken.update(range(s, e))
        weak = tr.strength == "weak"
        decisive = weak and sub in OUTRANKING and tr.resolve == "weapon" and (
            target_kind(head, sent, lex) is not None)
        mentions.append(Mention(tr, sub, s, e, h, si, f"trigger:{tid}",
                                anaphoric=is_anaphoric(head, lex) or tid in REPLIES,
                                weak=weak, decisive=decisive,
                                regain=sub == "territory" and lower_lemma(head) in lex.regain_verbs,
                                property_only=sub in ("Attack", "Armed clash") and tr.resolve == "weapon"
                                and hits_property_only(head, sent, lex),
                                main_clause=head.pos_ == "VERB" and head.dep_ in ("ROOT", "conj"),
                                # (a withdrawal "after" which a place was taken tells how it was taken;
                                # fighting in the same story stays a battle, ACLED's precedence)
                                backdrop=sub not in _KEEP_IN_BACKDROP
                                and taxonomy.event_type_of(sub) != taxonomy.BATTLES and in_backdrop(head)))
    return mentions


def _event_group(mentions: list[Mention], raw_actors: list[Actor], other_frame: bool) -> list[Mention]:
    """The mentions that make the sentence's event, its lead (ACLED precedence, then text order)
    first; empty when the sentence tells no event in scope of the story's frame."""
    strong = [m for m in mentions if not m.weak]
    if any(not m.backdrop for m in strong):
        # "the looting of shops in the aftermath of the protests": the sentence's own incident
        # is told in its main clause; the "aftermath/following" phrase gives its occasion
        strong = [m for m in strong if not m.backdrop]
    if strong:
        # a killing outranks what it came with: "killed a man and seized livestock" is an attack,
        # "abducted and killed" too (ACLED codes the violence, not the looting or abduction)
        top = min((m.sub for m in strong), key=taxonomy.rank)
        floor = taxonomy.rank(top)
        if top != "territory" and taxonomy.event_type_of(top) in OUTRANKED_TYPES:
            # an abduction is outranked by a killing, not by the attack it was part of; an attack
            # on a village that hurt nobody is the burning or looting it was (ACLED)
            strong += [m for m in mentions if m.decisive and taxonomy.rank(m.sub) < floor
                       and (top != "Abduction/forced disappearance" or m.trigger.id in KILLINGS)
                       and not (top == _PROPERTY and m.property_only)
                       and (top != "Arrests" or m.main_clause)]  # not "arrested men suspected of killing"
            # captives killed or tortured by their captors: an attack, whatever the target word
            strong += [m for m in mentions if m not in strong and m.main_clause
                       and m.trigger.id in CUSTODY_HARM.get(top, ())]
            if top == _PROPERTY:
                # "tortured villagers, burned granaries": violence on people outranks the looting
                strong += [m for m in mentions if m not in strong and m.main_clause and m.sub == "Attack"
                           and m.trigger.id == "civilian_harm"]
    if not strong and any(m.decisive for m in mentions):
        # weak words only: those coded by their target or weapon ("attacked three villages")
        # decide over a generic one left at its default ("wounded" with no victim named)
        mentions = [m for m in mentions if m.decisive or m.sub != m.trigger.sub or m.trigger.resolve != "weapon"]
    in_scope = [m for m in (strong or mentions) if not taxonomy.is_out_of_scope(m.sub)]
    if strong and not [m for m in strong if not taxonomy.is_out_of_scope(m.sub)]:
        # only out-of-scope strong triggers: weak violent words don't turn a disaster into war,
        # unless an armed side's violence is aimed at a known target ("fighters attacked the
        # militiamen who were committing a robbery")
        armed = any(a.inter in (1, 2, 3, 4) for a in raw_actors)
        in_scope = [m for m in mentions if armed and m.decisive and m.sub == "Armed clash"]
    if other_frame and in_scope:
        # a disaster, crime or diplomacy story: "the quake hit", "tents were sent", "clashed
        # over the budget" are no conflict events unless an armed side does something violent
        # an agreement is what talks and diplomacy lead to: it stays
        armed = any(a.inter in (1, 2, 3, 4) for a in raw_actors)
        in_scope = [m for m in in_scope if (not m.weak and m.sub == "Agreement") or (
                    armed and (not m.weak or m.decisive)
                    and taxonomy.event_type_of("Armed clash" if m.sub == "territory" else m.sub)
                    in VIOLENT_TYPES)]
    group = in_scope or [m for m in mentions if taxonomy.is_out_of_scope(m.sub)]
    group.sort(key=lambda m: (taxonomy.rank("Armed clash" if m.sub == "territory" else m.sub), m.start))
    return group


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
