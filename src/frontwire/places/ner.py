"""NER-assisted toponym detection: the gazetteer matcher (``detect.find_toponyms``) combined with
spaCy's stock statistical NER.

Why both: the gazetteer matcher finds Ukrainian or Sahelian villages the small English model has
never seen, but it cannot tell a person called like a town ("Kelly said", "Jackson, who lived
alone") from the town, nor notice a town the index spells differently. The stock NER reads the
context: it knows "Sheriff Jackson" is a person and "a Pahrump man" is not. The rules, each
deciding on the relation of a gazetteer span to the NER entities around it:

* a gazetteer span inside a longer PERSON entity ("Andrew Jackson", "Paris Hilton") is dropped,
  unless it ends in an administrative word ("Clark County Sheriff Joe Lombardo", which the NER
  often swallows whole);
* a gazetteer span the NER labels PERSON on its own is dropped only when the document confirms
  a person: a speech verb or "who" after a PERSON mention of that name, a title before one, or
  the name seen as a word of a longer PERSON entity ("John Kelly ... Kelly"). The label alone is
  not enough: the small model gives it to unfamiliar toponyms ("Novaya Tavolzhanka", "Kherson");
* a gazetteer span where the NER sees no entity at all is dropped when it is a short all-capitals
  acronym ("AMLO", "PM") or a single capitalised word that the document never tags as a place
  and that has no locative preposition before it or civic noun after it ("Free tickets");
* an NER GPE/LOC span the gazetteer matcher missed is added when the gazetteer knows it as a
  country, a first-level region or a place of 5,000 people or more, it is not a street, a
  building, a church ("St. Mary's") or a numbered seat ("District 5"), and the document does not
  use the name for a person (nor shows it as one: "coach Ripley", "Shelton, 33,");
* a speech verb makes a name a person's only if no other mention puts it in a place's context
  ("Gainesville residents ... Gainesville says no");
* a small namesake inside an organisation, facility or event ("Handley Middle School") is
  dropped unless the document places it; countries, regions and cities of 100,000+ inside one
  ("Texas Department of Health") are kept;
* a dateline, a legislator's home town and a demonym (``demonyms=True``) need no NER support;
* a multi-word gazetteer span the NER reads exactly as an ORG ("the White House", "Capitol Hill")
  is dropped unless a place cue surrounds it ("a Morgan Hill resident");
* a gazetteer span inside a longer GPE/LOC/FAC entity whose only extra words are a feature word
  ("Hamilton Township", "Lake Ontario", "Port of Los Angeles") is widened to that entity.

Entities inside an ORG/FAC ("Georgia" in "Northeast Georgia Medical Center") are kept: LGL and
GeoWebNews both count them (GeoWebNews also counts whole facilities and streets, LGL does not;
those are left out, as ACLED does not code them).

The main ACLED pipeline does not run the statistical NER (speed); this module is for callers that
want the best detection: ``ner.geocode``/``Detector`` (meant to back ``frontwire.geocode(text,
ner=True)`` and ``frontwire geocode --ner``), ``geoeval.end_to_end(..., ner=...)`` and bench/geoparse.py. The model is loaded once per ``Detector`` (``nlp.load_nlp``'s cache) and
texts are parsed in batches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from frontwire.gazetteer.index import Gazetteer
from frontwire.places.detect import after_party_letter, find_toponyms, is_dateline, people_names
from frontwire.places.focus import Focus
from frontwire.places.lookup import candidates_for, demonym_country
from frontwire.places.resolve import resolve
from frontwire.records import Place

Toponym = tuple[int, int, str]
Entity = tuple[int, int, str]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
"""NER labels whose spans may be toponyms; FAC covers airports, bridges, streets and the like."""

# Only the NER is needed; the tagger/parser/lemmatizer of the shared pipeline are skipped when
# parsing for detection (the small English model's NER has its own token-to-vector layer).
_NER_ONLY_DISABLE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")

_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|near|at|from|to|outside|around|toward|towards|into|across|through|of|throughout|within|"
    r"between|and|via|north|south|east|west|downtown|suburban|capital)\s+$",
    re.I,
)
# The object of a verb of attack, capture or movement names a place in war reporting ("shelling
# hit Kharkiv", "troops entered Kherson"), where the small NER often sees no entity at all.
_FORCE_VERB_BEFORE = re.compile(
    r"\b(?:shell(?:ed|s|ing)?|hit|hits|struck|strikes?|attack(?:ed|s|ing)?|bomb(?:ed|s|ing)|"
    r"captur(?:ed|es|ing)|seiz(?:ed|es|ing)|took|retook|retake|recaptur(?:ed|es|ing)|entered|"
    r"liberat(?:ed|es|ing)|storm(?:ed|s|ing)|besieg(?:ed|es|ing)|raided|overran|pounded|evacuated)\s+$",
    re.I,
)
_CIVIC_AFTER = re.compile(
    r"^(?:,\s+[A-Z][a-z]*\.|\s+(?:police|man|woman|men|women|boy|girl|resident|residents|city|county|"
    r"township|village|town|area|mayor|council|officials?|authorities|school|schools|native|fire|sheriff|"
    r"home|community|neighborhood|district|region|province|state|airport|road|street|river|valley|counties|"
    r"parishes|provinces|districts|regions|townships|rivers)\b)",
    re.I,
)
_NAME_LABELS = ("ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT")
"""Entities whose names often contain a town's name without meaning the town."""
ADD_LABELS = frozenset({"GPE", "LOC"})
MIN_POPULATION = 5000
"""An NER-only toponym must have a candidate of this population (or be a country/region)."""
_BARE_WORDS = frozenset({"North", "South", "East", "West", "City", "Earth"})
_STRUCTURE = re.compile(r"\b(?:Street|St\.|Road|Avenue|Boulevard|Lane|Drive|Park|Mall|Center|Centre|Jail|"
                        r"Council|Competition)(?!\w)")
# "Lakeview and Harrison streets", "St. Mary's High School": a street's or a church's name
_STREETS_AFTER = re.compile(r"(?: (?:and|&) [A-Z][\w.]*)? (?:streets|avenues)\b")
_SAINTS = re.compile(r"(?:St\.?|Saint) .*['’]$")
_SPEAKS_AFTER = re.compile(
    r"^['’]?\s*,?\s*(?:said|says|told|added|stated|wrote|argued|asked|explained|noted|recalled|admitted|"
    r"insisted|testified|replied|who|whose)\b"
)
_TITLE_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Judge|Sheriff|Coach|President|Officer|Sgt|Lt|Capt|Chief|Detective|"
    r"Pastor|Rev|Minister|Senator|Governor|Mayor|Prof|Professor)\.?\s+$"
)
_OFFICE_AFTER = re.compile(r" (?:Fire|Police|Mayor|Sheriff|City|County|Township|Council|Superintendent|"
                           r"Commissioner|Selectman|Alderman|Councilman|Councilwoman)\b")
_NUMBERED = re.compile(r"\s?\d")
_ADMIN_END = re.compile(r"\b(?:County|Parish|Borough|Township|Province|Oblast|Region|District|State)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The)\s+")
_TRAILING_POSSESSIVE = re.compile(r"['’]s?$")


def _inside(s: int, e: int, ents: Sequence[Entity], label: str) -> Entity | None:
    """The entity with ``label`` that strictly contains [s, e), if any."""
    for a, b, lab in ents:
        if lab == label and a <= s and e <= b and (a, b) != (s, e):
            return (a, b, lab)
    return None


def _exact(s: int, e: int, ents: Sequence[Entity]) -> str | None:
    for a, b, lab in ents:
        if (a, b) == (s, e):
            return lab
    return None


def _exact_trimmed(text: str, s: int, e: int, ents: Sequence[Entity]) -> str | None:
    """The label of the entity that is [s, e) once its article and possessive are trimmed."""
    for a, b, lab in ents:
        if a <= s and e <= b and _trim(text, a, b) == (s, e):
            return lab
    return None


def _place_context(text: str, s: int, e: int) -> bool:
    """A locative preposition or a verb of attack or capture before the span, or a civic noun after
    it ("in Roswell", "shelling hit Kharkiv", "Roswell police")."""
    before = text[max(0, s - 20):s]
    return bool(_LOCATIVE_BEFORE.search(before) or _FORCE_VERB_BEFORE.search(before)
                or _CIVIC_AFTER.match(text[e:e + 30]) or after_party_letter(text, s))


def _mentioned_as_place(text: str, name: str) -> bool:
    """Whether any mention of ``name`` in ``text`` stands in a place's context (``_place_context``)."""
    return any(_place_context(text, m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(name)}\b", text))


def _names_by_label(text: str, ents: Sequence[Entity]) -> dict[str, set[str]]:
    """Surface forms the document's NER gives each label (for document-level consistency)."""
    out: dict[str, set[str]] = {}
    for a, b, lab in ents:
        out.setdefault(lab, set()).add(text[a:b])
    return out


def _person_names(text: str, ents: Sequence[Entity], anchored: set[str] = frozenset()) -> set[str]:
    """Names the document shows to be people's: every word of a multi-word PERSON entity (a
    surname seen in "John Kelly" names that person when it comes back alone), every PERSON entity
    with a title before it, and every one with a speech verb or "who" after it ("Kelly said ...
    Kelly, a former general") unless another mention shows it to be a place (``anchored``: a
    town or capital "says" things too)."""
    out = {w for a, b, lab in ents if lab == "PERSON" and " " in text[a:b] for w in text[a:b].split()}
    for a, b, lab in ents:
        if lab != "PERSON":
            continue
        if _TITLE_BEFORE.search(text[max(0, a - 15):a]) or (
                _SPEAKS_AFTER.match(text[b:b + 25]) and text[a:b] not in anchored):
            out.add(text[a:b])
    return out


def _keep_gazetteer_span(text: str, s: int, e: int, ents: Sequence[Entity], placey: set[str],
                         people: set[str], gaz: Gazetteer) -> bool:
    surface = text[s:e]
    if is_dateline(text, s, e) or after_party_letter(text, s):
        return True  # "CLINTON —", "Rep. Smith, D-Columbus": the layout says it is a place
    if not any(a < e and s < b for a, b, _ in ents):  # the NER saw no name here at all
        if surface.isupper() and len(surface) <= 4 and "." not in surface:
            return False  # an acronym ("AMLO", "PM", "CD") the NER does not take for a place
        if (" " not in surface and "." not in surface and not surface.isupper() and surface not in placey
                and not _place_context(text, s, e) and demonym_country(surface, gaz) is None):
            return False  # one capitalised word with no support from the NER or the context
    person = _inside(s, e, ents, "PERSON")
    if person is not None and not (person[0] == s and _TRAILING_POSSESSIVE.fullmatch(text[e:person[1]])):
        # "Andrew Jackson" is a person; "Sri Lanka's" is judged as if the label were exact, and a
        # town before its official's title ("Litchfield Fire Chief Jim Koser") is the town
        return bool(_ADMIN_END.search(surface)) or (person[0] == s and bool(_OFFICE_AFTER.match(text, e)))
    if (" " not in surface and surface not in placey and any(_inside(s, e, ents, lab) for lab in _NAME_LABELS)
            and not _major(surface, gaz) and demonym_country(surface, gaz) is None):
        return False  # "Handley Middle School", "Lions Club": a small namesake inside another name
    if (" " in surface and " of " not in surface and _exact_trimmed(text, s, e, ents) == "ORG"
            and not _place_context(text, s, e)):
        # "the White House", "Capitol Hill": a body or building the NER reads as one name ("University
        # of Texas" stays: it holds a place's name)
        return False
    if _exact(s, e, ents) == "PERSON" or person is not None:
        # the NER's PERSON label alone is not enough: the small model gives it to unfamiliar
        # Slavic or Sahelian toponyms ("Novaya Tavolzhanka"), so the text must confirm it
        # (nor is it alone enough to drop a name: a lone small namesake with nothing placing it
        # anywhere in the text goes, "Hartman", "Bryan")
        return surface not in people and (" " in surface or surface in placey or _place_context(text, s, e)
                                          or _major(surface, gaz))
    return True


# A natural or administrative feature named after a place ("Hamilton Township", "Lake Ontario",
# "Port of Los Angeles", "Zion National Park"): the whole name is the toponym, not the town in it.
_FEATURE_BEFORE = re.compile(r"(?:Lake|River|Mount|Mt\.|Port of|Isle of) $")
_FEATURE_AFTER = re.compile(r" (?:River|Lake|Creek|Township|Valley|Harbor|Harbour|Bay|Canyon|Peninsula|"
                            r"(?:National )?Park)$")


def _widen_to_feature(text: str, found: Sequence[Toponym], ents: Sequence[Entity]) -> list[Toponym]:
    """Each gazetteer span that the NER reads as part of a longer place entity whose extra words
    are one feature word ("Hamilton" in "Hamilton Township"), widened to that entity."""
    out = []
    for s, e, t in found:
        for a, b, lab in ents:
            if lab not in PLACE_LABELS or not (a <= s and e <= b) or (a, b) == (s, e):
                continue
            a, b = _trim(text, a, b)
            if (a, b) == (s, e) or not (a <= s and e <= b):
                continue
            head, tail = text[a:s], text[e:b]
            feature = (head == "" and _FEATURE_AFTER.fullmatch(tail)) or (
                tail == "" and _FEATURE_BEFORE.fullmatch(head))
            if feature and not any(fs < b and a < fe and (fs, fe) != (s, e) for fs, fe, _ in found):
                s, e, t = a, b, text[a:b]
            break
        out.append((s, e, t))
    return out


def _major(surface: str, gaz: Gazetteer) -> bool:
    """A country, first-level region or city of 100,000+ (exact or alternate name): a name that
    organisations are named after ("Texas Department of Health", "Atlanta Journal")."""
    return any(c.how < 3 and (c.level in (0, 1, 4) or c.population >= 100_000) for c in gaz.candidates(surface))


def _digit(surface: str) -> bool:
    return any(ch.isdigit() for ch in surface)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """NER boundaries to the gazetteer's convention: no leading article, no trailing possessive."""
    m = _LEADING_ARTICLE.match(text[s:e])
    if m:
        s += m.end()
    m = _TRAILING_POSSESSIVE.search(text[s:e])
    if m and m.start() > 0:
        e = s + m.start()
    return s, e


def _ner_additions(text: str, found: Sequence[Toponym], ents: Sequence[Entity], gaz: Gazetteer,
                   people: set[str]) -> list[Toponym]:
    """NER GPE/LOC entities the gazetteer matcher missed that name a populated place or a
    country/first-level region in the gazetteer. The matcher rejected most such spans on purpose
    (a surname, a common word), so an addition needs the NER's word plus a place of some size;
    streets and buildings are left out (ACLED and LGL do not code them)."""
    out: list[Toponym] = []
    for a, b, lab in ents:
        if lab not in ADD_LABELS:
            continue
        s, e = _trim(text, a, b)
        surface = text[s:e]
        if e <= s or any(fs < e and s < fe for fs, fe, _ in found):
            continue
        if (surface in people or not surface[:1].isupper() or surface in _BARE_WORDS or _digit(surface)
                or _STRUCTURE.search(text, s, min(len(text), e + 12)) or _NUMBERED.match(text, e)
                or _STREETS_AFTER.match(text, e) or _SAINTS.match(text[s:e + 1])):
            continue  # a person, a street or building ("Wichita Street"), a numbered seat ("District 5")
        if any(c.level <= 1 or c.population >= MIN_POPULATION for c in candidates_for(surface, gaz)):
            out.append((s, e, surface))
    return out


def combine(text: str, found: Sequence[Toponym], ents: Sequence[Entity], gaz: Gazetteer) -> list[Toponym]:
    """The gazetteer spans ``found`` reconciled with the NER entities ``ents`` (start, end, label)
    of the same ``text``, in text order (rules in the module docstring)."""
    by_label = _names_by_label(text, ents)
    placey = set().union(*(by_label.get(lab, set()) for lab in PLACE_LABELS))
    # a name that one of its mentions shows to be a place ("in Gainesville", "Gainesville
    # residents") is not a person elsewhere for a speech verb alone ("Gainesville says")
    anchored = {t[2] for t in found if _place_context(text, t[0], t[1])}
    named = _person_names(text, ents, anchored)
    kept = [t for t in found if _keep_gazetteer_span(text, t[0], t[1], ents, placey | anchored, named, gaz)]
    # people the NER did not label but the text shows ("coach Ripley", "Shelton, 33,") stay out too,
    # unless a mention is in a place's context or the name is a major place
    shown = {w for w in people_names(text, gaz) if not _major(w, gaz) and not _mentioned_as_place(text, w)}
    people = (by_label.get("PERSON", set()) | named) - placey | shown
    kept = _widen_to_feature(text, kept, ents)
    return sorted(kept + _ner_additions(text, kept, ents, gaz, people))


@dataclass
class Detector:
    """Toponym detector holding the loaded spaCy model (load once, reuse for every document)."""

    gazetteer: Gazetteer | None = None
    model: str | None = None
    batch_size: int = 32
    remember: bool = False
    """Keep each text's entities (for benchmarks that score the same texts several ways)."""
    _nlp: object = field(default=None, init=False, repr=False)
    _memo: dict[str, list[Entity]] = field(default_factory=dict, init=False, repr=False)

    def _model(self):  # noqa: ANN202 - spaCy Language; spaCy is imported lazily
        if self._nlp is None:
            from frontwire.nlp import load_nlp

            self._nlp = load_nlp(self.model, ruler=False)
        return self._nlp

    def _gaz(self) -> Gazetteer:
        if self.gazetteer is None:
            self.gazetteer = Gazetteer.open()
        return self.gazetteer

    def entities(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        """The stock NER's entities of each text, parsed in batches with only the NER running."""
        if not self.remember:
            yield from self._parse(texts)
            return
        texts = list(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self._memo]
        self._memo.update(zip(todo, self._parse(todo), strict=True))
        for text in texts:
            yield self._memo[text]

    def _parse(self, texts: Iterable[str]) -> Iterator[list[Entity]]:
        nlp = self._model()
        disable = [p for p in _NER_ONLY_DISABLE if p in nlp.pipe_names]  # type: ignore[attr-defined]
        for doc in nlp.pipe(texts, batch_size=self.batch_size, disable=disable):  # type: ignore[attr-defined]
            yield [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]

    def find_many(self, texts: Iterable[str], demonyms: bool = False) -> Iterator[list[Toponym]]:
        """Toponym spans (start, end, surface) of each text, as ``places.find_toponyms`` gives them."""
        gaz = self._gaz()
        texts = list(texts)  # read twice: by the NER and by the gazetteer matcher
        for text, ents in zip(texts, self.entities(texts), strict=True):
            yield combine(text, find_toponyms(text, gazetteer=gaz, demonyms=demonyms), ents, gaz)

    def find(self, text: str, demonyms: bool = False) -> list[Toponym]:
        """``find_many`` for one text."""
        return next(self.find_many([text], demonyms=demonyms))

    def geocode_many(self, texts: Iterable[str], focus: Focus | None = None) -> Iterator[list[Place]]:
        """Find and resolve every toponym of each text (``focus``: see ``places.focus``)."""
        texts = list(texts)
        for text, found in zip(texts, self.find_many(texts), strict=True):
            yield resolve(text, found, self._gaz(), focus)

    def geocode(self, text: str, focus: Focus | None = None) -> list[Place]:
        """``geocode_many`` for one text."""
        return next(self.geocode_many([text], focus))


_DEFAULT: Detector | None = None


def default_detector() -> Detector:
    """A process-wide detector, so repeated ``geocode(text, ner=True)`` calls load the model once."""
    global _DEFAULT  # noqa: PLW0603 - one lazily built model per process is the point
    if _DEFAULT is None:
        _DEFAULT = Detector()
    return _DEFAULT


def _detector(gazetteer: Gazetteer | None) -> Detector:
    """The process-wide detector, or a new one on a caller's own gazetteer."""
    return default_detector() if gazetteer is None else Detector(gazetteer=gazetteer)


def find(text: str, gazetteer: Gazetteer | None = None, demonyms: bool = False) -> list[Toponym]:
    """``places.find_toponyms`` with the NER's help, on the process-wide detector."""
    return _detector(gazetteer).find(text, demonyms=demonyms)


def geocode(text: str, gazetteer: Gazetteer | None = None, focus: Focus | None = None) -> list[Place]:
    """``places.geocode`` with NER-assisted detection (what ``frontwire.geocode(text, ner=True)`` calls)."""
    return _detector(gazetteer).geocode(text, focus)
