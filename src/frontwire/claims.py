"""Attribution: who asserts an event, and whether they assert, claim or deny it.

Why a separate stage: conflict reporting is mostly second-hand ("Russia's military claimed it
repelled ...", "the governor said"). ACLED-style records keep the event but must say whose word it
is, so a claim by one belligerent is never presented as fact.

Public API
----------
``attribute(sent, trigger=None, context=None) -> Claim | None``
    The claim covering ``trigger`` (a token of the event, e.g. its verb or noun) in sentence
    ``sent``; without a trigger, the claim covering the sentence's main clause. ``None`` means the
    reporter states it in their own voice: the event is ``claim_status="reported"`` with
    ``claimed_by=None``. Status: reporting verbs (say, report, confirm, announce ...) ->
    "reported"; claim, assert, allege, insist ... -> "claimed"; deny, reject, dismiss ... ->
    "denied". Also "according to X", quotes (a sentence inside a quotation belongs to its
    speaker) and "claimed responsibility for" (rule ``"responsibility"``: the claimant is the
    event's actor1 - use ``responsible_actor``).
``claim_context(doc) -> ClaimContext``
    Document-level context (quotations and their speakers, full names behind surnames, the
    subjects pronouns refer to). Built once per Doc (the last one is cached); pass it
    explicitly when calling ``attribute`` on many sentences to make that obvious.
``quote_spans(doc) -> list[tuple[int, int, Span]]``
    (start, end, speaker) of every attributed quotation, char offsets of the quoted text.
``hedge(sent, trigger=None) -> Token | None``
    An unattributed hedge ("reportedly", "allegedly", "purportedly") on the trigger's clause:
    the reporter marks the event unverified without naming a source. Callers keep
    ``claimed_by=None`` but may set ``claim_status="claimed"``.
``responsible_actor(claim, country=None) -> Actor | None``
    For a "claimed responsibility" claim, the claimant as an ACLED actor (or None when the
    claimant is not a known actor).

Claimants are normalised through ``actors`` when they are institutions ("Russia's military",
"the Russian Defence Ministry" -> "Military Forces of Russia (2000-)", "Kyiv" -> "Government of
Ukraine (2019-)"); people stay people, with their full name when the document gave it once
("Gladkov" -> "Vyacheslav Gladkov") and their role when an apposition gave one
("Mykhailo Podolyak (Ukraine's presidential adviser)").
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import actors
from .records import Actor, Claim, ClaimStatus

__all__ = [
    "ClaimContext", "attribute", "claim_context", "hedge", "quote_spans", "responsible_actor",
]

REPORTED_LEMMAS = frozenset({
    "say", "report", "confirm", "announce", "state", "tell", "add", "write", "note", "acknowledge",
    "inform", "post", "publish", "declare", "warn", "explain", "indicate", "reveal", "describe",
    "tweet", "update", "admit", "recount", "recall", "specify", "clarify", "estimate", "quote",
    "show", "record", "document", "verify", "testify",
})
CLAIMED_LEMMAS = frozenset({
    "claim", "assert", "allege", "insist", "maintain", "purport", "boast", "accuse", "contend",
    "argue",
})
DENIED_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "dispute", "disavow"})
_ALL = REPORTED_LEMMAS | CLAIMED_LEMMAS | DENIED_LEMMAS
# Verbs of "X claimed/took/denied responsibility for ...".
_RESPONSIBILITY_VERBS = {"claim": "claimed", "take": "claimed", "accept": "claimed",
                         "assume": "claimed", "deny": "denied", "reject": "denied",
                         "disclaim": "denied"}
_ATTACK_NOUNS = {"attack", "bombing", "strike", "ambush", "killing", "explosion", "abduction",
                 "kidnapping", "assassination", "raid", "blast", "shooting", "massacre", "assault"}
_PRONOUNS_PERSON = {"he", "she", "him", "her"}
_PRONOUNS_THING = {"it", "they", "we"}
# A document as the subject of a reporting verb ("a statement posted with the video said"): its
# author is who speaks.
_DOC_NOUNS = {"statement", "communique", "communiqué", "release", "post", "message", "video",
              "bulletin", "update", "briefing", "announcement", "tweet", "report", "notice"}
_TITLES = {
    "governor", "gov.", "president", "mr", "mr.", "mrs", "ms", "ms.", "dr", "dr.", "general",
    "gen.", "colonel", "col.", "major", "lieutenant", "captain", "minister", "mayor", "commander",
    "spokesman", "spokeswoman", "spokesperson", "prime", "sheikh", "chief", "senator", "adviser",
    "advisor", "sergeant", "sgt.", "brigadier", "marshal", "admiral", "head", "deputy",
}
_SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
_QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“"}


@dataclass(slots=True)
class _Speaker:
    """A resolved claimant: display string and whether it is a person."""

    name: str
    person: bool


@dataclass(slots=True)
class ClaimContext:
    """What attribution needs to know about the whole document.

    Built by ``claim_context``; holds quotations with their speakers, full names by surname,
    roles given in appositions, and for pronoun subjects the speaker they refer to."""

    doc: Doc
    quotes: list[tuple[int, int, Span]] = field(default_factory=list)
    full_names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    roles: dict[str, str] = field(default_factory=dict)  # full name -> role
    # (char offset, speaker, whether it is the subject of a reporting verb)
    subjects: list[tuple[int, _Speaker, bool]] = field(default_factory=list)
    country: str | None = None

    def quote_at(self, start: int, end: int | None = None) -> tuple[int, int, Span] | None:
        """The attributed quotation containing [start, end), if any."""
        end = start if end is None else end
        for q in self.quotes:
            if q[0] <= start and end <= q[1]:
                return q
        return None

    def antecedent(self, tok: Token, person: bool | None = None,
                   speaker_first: bool = True) -> _Speaker | None:
        """Nearest earlier subject a pronoun can refer to: a person for he/she, an institution
        for it/they/we. The "it" of "it said in a statement" is the last institution that spoke
        ("The General Staff said its troops advanced. It said ..."), not the last subject of
        any clause; without one, the last institutional subject."""
        want_person = tok.lower_ in _PRONOUNS_PERSON if person is None else person
        earlier = [(sp, rep) for pos, sp, rep in self.subjects
                   if pos < tok.idx and sp.person == want_person]
        if not earlier:
            return None
        if speaker_first and tok.head.lemma_.lower() in _ALL:
            for sp, rep in reversed(earlier):
                if rep:
                    return sp
        return earlier[-1][0]


# ---- quotations -------------------------------------------------------------------------------
def _raw_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted text, without the marks. Curly quotes pair by kind; a new opening
    mark before a close ends the previous quote (the multi-paragraph convention); straight
    double quotes alternate."""
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    straight_open: int | None = None
    for i, ch in enumerate(text):
        if ch == '"':
            if straight_open is None:
                straight_open = i + 1
            else:
                out.append((straight_open, i))
                straight_open = None
        elif open_at is not None and ch == closer:
            out.append((open_at, i))
            open_at = None
        elif ch in _QUOTE_PAIRS:
            if open_at is not None:  # unclosed paragraph quote
                out.append((open_at, i))
            open_at, closer = i + 1, _QUOTE_PAIRS[ch]
    out.sort()
    return out


def _reporting_near(doc: Doc, qs: int, qe: int) -> Token | None:
    """The reporting verb attributing a quotation: right after it ("...," Gladkov said / said
    Gladkov / it said in a statement) or right before it (Gladkov said: "...")."""
    verb = _reporting_after(doc, qe)
    return verb if verb is not None else _reporting_before(doc, qs)


def _is_reporting_verb(t: Token) -> bool:
    return t.lemma_.lower() in _ALL and t.pos_ in ("VERB", "AUX")


def _reporting_after(doc: Doc, qe: int) -> Token | None:
    """A reporting verb within 8 tokens after the closing mark, in the same sentence and line."""
    end_char = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    after = doc.char_span(qe, min(end_char, qe + 1), alignment_mode="expand")
    if after is None or not len(after):
        return None
    for t in doc[after[-1].i + 1 : after[-1].i + 9]:
        if _is_reporting_verb(t):
            return t
        if t.text in ".!?" or t.text in _QUOTE_PAIRS or t.text == '"' or "\n" in t.text:
            return None
        if "\n" in t.whitespace_:
            return None
    return None


def _reporting_before(doc: Doc, qs: int) -> Token | None:
    """A reporting verb just before the opening mark, with an optional ':' or ',' between."""
    before = doc.char_span(max(0, qs - 1), qs, alignment_mode="expand")
    if before is None or not len(before):
        return None
    i = before[0].i - 1
    if i >= 0 and doc[i].text in (":", ","):
        i -= 1
    return doc[i] if i >= 0 and _is_reporting_verb(doc[i]) else None


def quote_spans(doc: Doc) -> list[tuple[int, int, Span]]:
    """Attributed quotations: (start, end, speaker) with char offsets of the quoted text.
    Scare quotes ("what they call 'terrorists'") have no reporting verb beside them and are
    left out. An unattributed quote directly followed by an attributed one of the same paragraph
    run takes that speaker (a quotation split by the paragraph convention)."""
    return claim_context(doc).quotes


def _find_quotes(doc: Doc) -> list[tuple[int, int, Span]]:
    text = doc.text  # built from the tokens on every access: read it once
    raw = _raw_quotes(text)
    found: list[tuple[int, int, Span | None]] = []
    for qs, qe in raw:
        verb = _reporting_near(doc, qs, qe)
        subj = _subject_of(verb) if verb is not None else None
        if subj is not None and qs <= subj.idx < qe:
            subj = None  # the verb's subject is inside the quote: not an attribution
        found.append((qs, qe, _phrase(subj) if subj is not None else None))
    out: list[tuple[int, int, Span]] = []
    pending: list[tuple[int, int]] = []
    for qs, qe, sp in found:
        if sp is None and out:
            # '"...," Prokudin said. "More words."': the speaker goes on in the same paragraph.
            gap = text[out[-1][1]:qs]
            if "\n" not in gap and len(gap) < 80:
                out.append((qs, qe, out[-1][2]))
                continue
        if sp is None:
            # Paragraph-convention continuation: only when the next quote follows on a new line.
            pending.append((qs, qe))
            continue
        for ps, pe in pending:
            gap = text[pe:qs]
            if "\n" in gap and len(gap) < 400 and not re.search(r"[.!?]\s*\n\s*[^“\"«\s]", gap):
                out.append((ps, pe, sp))
        pending = []
        out.append((qs, qe, sp))
    return out


# ---- subjects and names -------------------------------------------------------------------------
def _subject_of(verb: Token) -> Token | None:
    """Grammatical subject of a reporting verb, climbing through conjunctions, participles and
    controlled clauses ("While denying ..., the adviser stated": the adviser denies)."""
    tok: Token | None = verb
    for _ in range(4):
        if tok is None:
            return None
        # Passive: the agent is who asserts ("the attack was claimed by Islamic State").
        for c in tok.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        for c in tok.children:
            if c.dep_ == "nsubjpass" and c.lower_ == "it":
                return None  # "it was reported that ...": nobody in particular
            if c.dep_ == "nsubjpass":
                return None  # "the attack was claimed": by nobody named
            if c.dep_ in _SUBJ_DEPS and c.lower_ not in ("which", "that", "who"):
                return c
        if tok.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp") and tok.head is not tok:
            tok = tok.head
        else:
            return None
    return None


def _phrase(tok: Token) -> Span:
    """The noun phrase of ``tok`` without relative clauses, appositions or trailing commas."""
    doc = tok.doc
    keep = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "appos", "punct", "acl", "cc", "conj", "prep") and c.i > tok.i:
            continue
        if c.dep_ == "punct":
            continue
        keep.extend(c.subtree)
    lo = min(t.i for t in keep)
    hi = max(t.i for t in keep)
    # Keep "of"-phrases that name an institution: "the Ministry of Defence of Russia".
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i:
            hi = max(hi, max(t.i for t in c.subtree))
    # Never reach across a line break (a headline or caption above the sentence).
    for i in range(tok.i - 1, lo - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            lo = i + 1
            break
    while lo < hi and (doc[lo].dep_ == "det" or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "case"):
        hi -= 1
    return doc[lo:hi + 1]


def _source_phrase(tok: Token) -> str:
    """A non-person, non-actor claimant as written, with what identifies it ("a statement
    posted with the video"), at most 10 words."""
    words = [t for t in tok.subtree if t.dep_ not in ("relcl",) and not t.is_space]
    lo = min(t.i for t in words)
    base = _phrase(tok)
    lo = max(lo, base.start)
    hi = max(t.i for t in words)
    span = tok.doc[lo:hi + 1]
    if len(span) > 10 or "\n" in span.text:
        return base.text
    return span.text.strip(" ,")


_INSTITUTION_WORDS = {
    "ministry", "staff", "command", "forces", "army", "office", "council", "agency", "service",
    "police", "government", "committee", "military", "navy", "guard", "guards", "corps",
    "department", "administration", "authority", "authorities", "headquarters", "press",
    "news", "times", "post", "television", "tv", "radio", "channel", "media", "group",
    "movement", "brigade", "brigades", "battalion", "legion", "front", "party", "union", "mission",
    "embassy", "kremlin", "pentagon", "directorate", "bureau", "commission", "parliament", "ap",
    "reuters", "afp", "interfax", "tass", "ria", "unian", "ukrinform",
}


def _person_name(tok: Token) -> Span | None:
    """The person's name containing ``tok`` (an entity or a PROPN compound chain, titles
    dropped); None when the words name an institution, a place or a known actor."""
    doc = tok.doc
    lo = hi = tok.i
    if tok.ent_type_ == "PERSON":
        # The entity around tok, from IOB tags (cheaper than rebuilding doc.ents each time).
        while lo > 0 and doc[lo].ent_iob_ == "I":
            lo -= 1
        while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
            hi += 1
    elif tok.pos_ != "PROPN" or tok.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC", "DATE"):
        return None
    # Given names the model left out of the entity: "Oleksandr Prokudin".
    while lo > 0 and doc[lo - 1].pos_ == "PROPN" and doc[lo - 1].dep_ in ("compound", "flat") \
            and doc[lo - 1].head.i in range(lo, hi + 1):
        lo -= 1
    while lo < hi and doc[lo].lower_.rstrip(".") in {t.rstrip(".") for t in _TITLES}:
        lo += 1
    span = doc[lo:hi + 1]
    if tok.ent_type_ != "PERSON" and any(t.lower_ in _INSTITUTION_WORDS for t in span):
        return None
    # The small model tags "the Houthis" or "Kyiv" PERSON now and then: known names win.
    if actors.country_iso3(span.text) or any(
            not a.rule.startswith("generic") for a in actors.find_actors(span)):
        return None
    return span


def _role_of(tok: Token) -> str | None:
    """A role given beside a name: "Gladkov, the governor of Belgorod", "Governor Gladkov"."""
    for c in tok.children:
        if c.dep_ == "appos" and c.ent_type_ != "PERSON":
            return _clean_role(_phrase_with_of(c))
    doc = tok.doc
    i = tok.i - 1
    while i >= 0 and doc[i].dep_ == "compound" and doc[i].pos_ == "PROPN":
        i -= 1
    if i >= 0 and doc[i].lower_ in _TITLES and doc[i].head.i == tok.i:
        return doc[i].text
    return None


def _phrase_with_of(tok: Token) -> Span:
    lo = min(t.i for t in tok.subtree)
    hi = max(t.i for t in tok.subtree)
    doc = tok.doc
    while lo < hi and doc[lo].dep_ == "det":
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return doc[lo:hi + 1]


def _clean_role(span: Span) -> str | None:
    words = span.text.strip(" ,")
    if not words or len(span) > 10:
        return None
    return words


def _speaker(tok: Token, ctx: ClaimContext) -> _Speaker | None:
    """Normalise a claimant token: pronoun -> antecedent, person -> full name (+ role),
    institution -> ACLED actor name, country/capital -> its government, else the phrase."""
    if tok.lower_ in _PRONOUNS_PERSON | _PRONOUNS_THING:
        return ctx.antecedent(tok)
    if tok.lemma_.lower() in _DOC_NOUNS and tok.pos_ == "NOUN":
        return _author(tok, ctx)
    # "Ukraine's presidential adviser, Mykhailo Podolyak": the apposition names the person.
    for c in tok.children:
        if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or c.pos_ == "PROPN"):
            name = _person_name(c)
            if name is not None:
                role = _clean_role(_phrase(tok))
                return _person(name.text, ctx, role)
    if tok.text in ctx.full_names and tok.is_title:
        # A surname the document introduced with a full name, whatever the NER made of it.
        return _person(tok.text, ctx, _role_of(tok))
    name = _person_name(tok)
    if name is not None:
        return _person(name.text, ctx, _role_of(tok))
    phrase = _phrase(tok)
    found = actors.find_actors(phrase, ctx.country)
    armed = [a for a in found if a.inter in (1, 2, 3, 4, 8) and not a.rule.startswith("generic")]
    if armed and _covers_head(armed[0], tok):
        return _Speaker(armed[0].name, False)
    iso = actors.country_iso3(phrase.text)
    if iso:
        return _Speaker(actors.state_name(iso, "government"), False)
    # "the Russian government", "Ukraine's foreign ministry": a state body of a country.
    m = re.match(r"^(?:the\s+)?(\S+?)(?:['’]s)?\s+(government|authorities|foreign ministry|"
                 r"ministry|interior ministry|presidency|embassy)\b", phrase.text, re.IGNORECASE)
    if m and actors.country_iso3(m.group(1)):
        return _Speaker(actors.state_name(actors.country_iso3(m.group(1)) or "", "government"),
                        False)
    return _Speaker(_source_phrase(tok), tok.ent_type_ == "PERSON")


def _author(doc_noun: Token, ctx: ClaimContext) -> _Speaker:
    """Who issued a statement/video/post that is said to speak: its owner when the phrase names
    one ("the ministry's statement", "a statement from the SBU"), else the nearest earlier
    institutional subject, else the phrase as written."""
    for c in doc_noun.children:
        if c.dep_ == "poss" and c.lower_ not in _PRONOUNS_THING | {"its", "their", "our"}:
            sp = _speaker(c, ctx)
            if sp is not None:
                return sp
        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            for p in c.children:
                if p.dep_ == "pobj" and p.lemma_.lower() not in _DOC_NOUNS:
                    sp = _speaker(p, ctx)
                    if sp is not None:
                        return sp
    phrase = _phrase(doc_noun)
    armed = [a for a in actors.find_actors(phrase, ctx.country)
             if a.inter in (1, 2, 3, 4, 8) and not a.rule.startswith("generic")]
    if armed:  # "a Defence Ministry statement"
        return _Speaker(armed[0].name, False)
    # The nearest institution, speaker or not: "The armed groups released a video. ..., said a
    # statement posted with the video."
    return ctx.antecedent(doc_noun, person=False, speaker_first=False) or _Speaker(
        _source_phrase(doc_noun), False)


def _covers_head(actor: Actor, tok: Token) -> bool:
    return actor.start <= tok.idx < actor.end or actor.start <= tok.idx + len(tok) - 1 < actor.end


def _person(name: str, ctx: ClaimContext, role: str | None) -> _Speaker:
    full = name
    parts = name.split()
    if len(parts) == 1:
        full = ctx.full_names.get(parts[0], name)
    role = role if role and role.lower() not in _TITLES else ctx.roles.get(full, role)
    role = ctx.roles.get(full) or role
    return _Speaker(f"{full} ({role})" if role and role.lower() not in _TITLES else full, True)


# ---- document context --------------------------------------------------------------------------
_LAST_CONTEXT: list[Any] = [None, None]  # [weakref to the Doc, its ClaimContext]


def claim_context(doc: Doc, country: str | None = None) -> ClaimContext:
    """Build the document-level context attribution needs. The context of the last Doc is
    cached (not in ``doc.user_data``, which must stay serialisable for ``Doc.to_bytes``), so
    calling ``attribute`` sentence by sentence builds it once."""
    ref, cached = _LAST_CONTEXT
    if ref is not None and ref() is doc and cached is not None and (
            country is None or cached.country == country):
        return cached
    ctx = ClaimContext(doc=doc, country=country)
    # Full names and roles first, so every later lookup sees the whole document.
    heads: list[Token] = []
    for tok in doc:
        if tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and tok.dep_ in _SUBJ_DEPS | {"appos"}):
            name = _person_name(tok)
            if name is None or name.root.i != tok.i or not all(t.is_alpha and t.is_title for t in name):
                continue
            heads.append(tok)
            if len(name) >= 2:
                ctx.full_names.setdefault(name[-1].text, name.text)
    for head in heads:
        full = ctx.full_names.get(head.text, head.text)
        role = None
        for c in head.children:
            if c.dep_ == "appos" and c.ent_type_ != "PERSON" and c.pos_ != "PROPN":
                role = _clean_role(_phrase_with_of(c))
        if head.dep_ == "appos" and head.head.ent_type_ != "PERSON" and head.head.pos_ != "PROPN":
            role = _clean_role(_phrase(head.head))
        if role and full not in ctx.roles:
            ctx.roles[full] = role
    ctx.quotes = _find_quotes(doc)
    # Subjects in reading order, outside quotations, for pronoun antecedents.
    for sent in doc.sents:
        for tok in sent:
            if tok.dep_ not in _SUBJ_DEPS or ctx.quote_at(tok.idx):
                continue
            reporting = tok.head.lemma_.lower() in _ALL and tok.head.pos_ in ("VERB", "AUX")
            if tok.head.dep_ not in ("ROOT", "ccomp", "conj") and tok.lower_ not in _PRONOUNS_PERSON \
                    and not reporting:
                continue
            if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children):
                continue  # "its troops" refers back itself: never what a later "it" means
            sp = _speaker(tok, ctx)
            if sp is None:
                continue
            if not sp.person and not _institutional(tok):
                continue
            ctx.subjects.append((tok.idx, sp, reporting))
    _LAST_CONTEXT[:] = [weakref.ref(doc), ctx]
    return ctx


def _institutional(tok: Token) -> bool:
    """Whether a non-person subject can be what "it"/"they" refers to in attribution."""
    if tok.lower_ in _PRONOUNS_THING:
        return True
    if tok.ent_type_ in ("ORG", "GPE", "NORP"):
        return True
    if tok.lower_ in _INSTITUTION_WORDS and tok.lemma_.lower() not in _DOC_NOUNS:
        return True  # "the ministry", "the General Staff" (no NER in the default pipeline)
    phrase = _phrase(tok)
    # Civilians, protesters and rioters are not what "it said" refers to.
    return any(a.inter not in (5, 6, 7) for a in actors.find_actors(phrase)) \
        and tok.lower_ not in ("people", "residents")


# ---- attribution -------------------------------------------------------------------------------
def _status(lemma: str) -> ClaimStatus:
    if lemma in DENIED_LEMMAS:
        return "denied"
    if lemma in CLAIMED_LEMMAS:
        return "claimed"
    return "reported"


def _is_reporting(t: Token) -> bool:
    return t.lemma_.lower() in _ALL and t.pos_ in ("VERB", "AUX") and not any(
        c.dep_ == "neg" for c in t.children)


def _governing_verb(sent: Span, trigger: Token | None) -> tuple[Token, str] | None:
    """The reporting verb whose clause contains the trigger (or the sentence's main clause)."""
    if trigger is not None:
        # Responsibility: "claimed responsibility for the attack".
        for anc in trigger.ancestors:
            if anc.lower_ == "responsibility" and anc.head.lemma_.lower() in _RESPONSIBILITY_VERBS:
                return anc.head, "responsibility"
            if _is_reporting(anc):
                return anc, f"verb:{anc.lemma_.lower()}"
        anc_ids = {trigger.i} | {a.i for a in trigger.ancestors}
        for t in sent:
            if _is_reporting(t) and t.head.i in anc_ids and t.dep_ in ("parataxis", "advcl", "ccomp",
                                                                        "conj"):
                return t, f"verb:{t.lemma_.lower()}"
        return None
    root = sent.root
    for t in sent:
        if t.lower_ == "responsibility" and t.head.lemma_.lower() in _RESPONSIBILITY_VERBS:
            return t.head, "responsibility"
    if _is_reporting(root):
        return root, f"verb:{root.lemma_.lower()}"
    for t in sent:
        if _is_reporting(t) and t.head.i == root.i and t.dep_ in ("parataxis", "ccomp", "advcl"):
            return t, f"verb:{t.lemma_.lower()}"
    return None


def _according_to(sent: Span) -> Token | None:
    """The head noun of an "according to X" phrase in ``sent`` (X asserts the event)."""
    for t in sent:
        if t.lower_ == "according":
            for c in t.children:
                if c.lower_ == "to":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p
            # Some parses hang "to" off the next token.
            if t.i + 2 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
                nxt = t.doc[t.i + 2]
                while nxt.dep_ in ("det", "compound", "amod", "poss", "case") and nxt.head.i > nxt.i:
                    nxt = nxt.head
                return nxt
    return None


def attribute(sent: Span, trigger: Token | None = None,
              context: ClaimContext | None = None) -> Claim | None:
    """Who asserts the event in ``sent`` (see the module docstring); None = the reporter's own
    statement."""
    ctx = context or claim_context(sent.doc)
    # Inside a quotation the speaker owns every word, whatever verbs the quote itself contains.
    quoted = _quoted_claim(sent, trigger, ctx)
    if quoted is not None:
        return quoted
    gov = _governing_verb(sent, trigger)
    if gov is not None:
        verb, rule = gov
        if rule == "verb:claim" and any(
                c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in _ATTACK_NOUNS or c is trigger)
                for c in verb.children):
            rule = "responsibility"  # "claimed the attack", "the bombing was claimed by X"
        if rule == "responsibility":
            status: ClaimStatus = _RESPONSIBILITY_VERBS[verb.lemma_.lower()]  # type: ignore[assignment]
        else:
            status = _status(verb.lemma_.lower())
        subj = _subject_of(verb)
        if subj is not None:
            sp = _speaker(subj, ctx)
            if sp is not None:
                phrase = _phrase(subj)
                return Claim(claimant=sp.name, status=status, text=phrase.text,
                             start=phrase.start_char, end=phrase.end_char, rule=rule)
    acc = _according_to(sent)
    if acc is not None:
        sp = _speaker(acc, ctx)
        if sp is not None:
            phrase = _phrase(acc)
            return Claim(claimant=sp.name, status="reported", text=phrase.text,
                         start=phrase.start_char, end=phrase.end_char, rule="according-to")
    return None


def _quoted_claim(sent: Span, trigger: Token | None, ctx: ClaimContext) -> Claim | None:
    """The claim of the speaker of the quotation holding the trigger (or the sentence)."""
    if trigger is not None:
        q = ctx.quote_at(trigger.idx, trigger.idx + len(trigger))
    else:
        # A sentence that sits inside a quotation, possibly after its opening mark.
        first = next((t for t in sent if not t.is_punct and not t.is_space), None)
        q = ctx.quote_at(first.idx, first.idx + len(first)) if first is not None else None
    if q is None:
        return None
    speaker_span = q[2]
    sp = _speaker(speaker_span.root, ctx)
    if sp is None:
        return None
    verb = _reporting_near(sent.doc, q[0], q[1])
    status = _status(verb.lemma_.lower()) if verb is not None else "reported"
    return Claim(claimant=sp.name, status=status, text=speaker_span.text,
                 start=speaker_span.start_char, end=speaker_span.end_char, rule="quote")


_HEDGES = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "ostensibly",
           "unconfirmed", "alleged", "purported", "claimed"}


def hedge(sent: Span, trigger: Token | None = None) -> Token | None:
    """The hedge word on the trigger's clause (or the main clause), if any."""
    head = trigger if trigger is not None else sent.root
    scope = [head, *head.ancestors][:3]
    for t in sent:
        if t.lower_ in _HEDGES and t.dep_ in ("advmod", "amod") and (
                t.head in scope or t.head.i == head.i):
            return t
    return None


def responsible_actor(claim: Claim, country: str | None = None) -> Actor | None:
    """The actor a "claimed responsibility" claim names (its claimant), as an ACLED actor, or
    None when the claimant is not a known actor (then keep it as ``claimed_by`` only)."""
    if not claim.rule.startswith("responsibility") or claim.status != "claimed":
        return None
    inter = actors.inter_for(claim.claimant, country)
    if inter:
        return Actor(name=claim.claimant, inter=inter, text=claim.text, start=claim.start,
                     end=claim.end, rule="responsibility")
    found = actors.find_actors(_blank()(claim.claimant), country)
    if not found:
        return None
    a = found[0]
    return Actor(name=a.name, inter=a.inter, text=claim.text, start=claim.start, end=claim.end,
                 rule=f"responsibility:{a.rule}")


@lru_cache(maxsize=1)
def _blank() -> Language:
    """A tokeniser-only pipeline for short phrases (claimant names)."""
    return English()
