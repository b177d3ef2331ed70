"""The places stage's entry points: ``geocode`` (detect then resolve), entity spans for nlp.py,
and a spaCy component that overwrites the stock NER where the gazetteer knows better."""

from __future__ import annotations

from frontwire.gazetteer.index import Gazetteer
from frontwire.places.detect import find_toponyms
from frontwire.places.focus import Focus
from frontwire.places.lookup import gazetteer_or_default, lookup
from frontwire.places.resolve import resolve
from frontwire.records import Place


def geocode(text: str, gazetteer: Gazetteer | None = None, focus: Focus | None = None) -> list[Place]:
    """Find and resolve every toponym in ``text`` (``focus``: see ``places.focus``)."""
    gaz = gazetteer_or_default(gazetteer)
    return resolve(text, find_toponyms(text, gazetteer=gaz), gaz, focus)


def entity_spans(text: str, gazetteer: Gazetteer | None = None) -> list[tuple[int, int, str]]:
    """Toponym spans labelled as spaCy would: "GPE" for countries/regions/towns, "LOC" for other
    features (continents, seas, mountains). For nlp.py to correct the stock NER."""
    gaz = gazetteer_or_default(gazetteer)
    out = []
    for s, e, surface in find_toponyms(text, gazetteer=gaz):
        cands, _lvl, _ = lookup(surface, gaz)
        kind = "GPE" if cands and cands[0].level in (0, 1, 2, 3) else "LOC"
        out.append((s, e, kind))
    return out


# ------------------------------------------------------------------------------ spaCy component


class PlacesComponent:
    """spaCy pipeline component: gazetteer toponyms overwrite the stock NER's entities where they
    overlap (so "Belgorod" is GPE, not NORP; "Novaya Tavolzhanka" GPE, not PERSON); other entities
    are kept."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc):  # noqa: ANN001, ANN204 - spaCy Doc in and out; spaCy stays optional
        from spacy.util import filter_spans

        ours = []
        for s, e, label in entity_spans(doc.text, self.gazetteer):
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is not None:
                ours.append(span)
        taken = {i for sp in ours for i in range(sp.start, sp.end)}
        others = [ent for ent in doc.ents if not any(i in taken for i in range(ent.start, ent.end))]
        doc.ents = filter_spans(ours + others)
        return doc


def register_spacy_component() -> None:
    """Register the "frontwire_toponyms" factory with spaCy (idempotent), so that
    ``nlp.add_pipe("frontwire_toponyms", after="ner")`` works. (nlp.py's own "frontwire_places"
    component, which runs before the NER, takes its spans from ``entity_spans``.)"""
    from spacy.language import Language

    if Language.has_factory("frontwire_toponyms"):
        return

    @Language.factory("frontwire_toponyms")
    def _make(nlp, name):  # noqa: ANN001, ANN202, ARG001 - spaCy's factory signature
        return PlacesComponent()
