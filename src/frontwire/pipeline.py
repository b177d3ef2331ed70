"""The whole per-document run: parse once, call each stage once, build the events.

Why a class: spaCy, the gazetteer, the compiled trigger matchers and an optional classifier are
loaded once per ``Pipeline`` and reused for every document; documents stream through ``nlp.pipe``
in batches so a large corpus never sits in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Any

from spacy.tokens import Doc

from frontwire import nlp as nlp_mod
from frontwire.events import (
    Settled,
    Stages,
    TriggerMatcher,
    blank_removed,
    coded_events,
    load_lexicon,
    model_labels_batched,
    published_date,
    settle_doc,
)
from frontwire.gazetteer import Gazetteer
from frontwire.ingest import document_from_text
from frontwire.places import find_toponyms, resolve
from frontwire.places.focus import Focus, load_focus
from frontwire.records import Document, Event, Place, Span, TimeRef
from frontwire.times import find_times


def _load_classifier(path: str) -> Any:
    """A model written by ``frontwire train`` (an object with ``.predict(texts)``)."""
    from frontwire.classify import load_model

    return load_model(path)


class Pipeline:
    """Everything loaded once; ``process`` streams documents to (document, events) pairs.

    ``model``: path of a classifier trained by ``frontwire train``; when given it codes the type
    of each detected event together with the rules (the rules' label adds ``rules_vote``, default
    ``classify.RULES_VOTE``, to the model's probability; an out-of-scope label never drops an
    event the rules found), while the rules alone decide what happened (negation, hypotheticals,
    claims). ``include_out_of_scope`` also returns non-conflict items (event_type "Out of scope").
    ``ner``: run spaCy's statistical NER too. Off by default: it costs as much as the rest of the
    small model, and with the gazetteer and actor lexicons labelling places and groups it changed
    no coded field on the ACLED benchmark (bench/acled.py --ner compares).
    ``every_document_an_event``: for inputs known to report one incident each (ACLED notes, CASE
    snippets, coded records): when the rules find no event in a document and a model is loaded,
    the model's ACLED label yields one event on the document's first factual main clause (evidence
    rule ``model-recall:P``, lower confidence; see ``events.recall``). Without a model it changes
    nothing. Off by default: general news is not all events.
    ``focus``: the collection's usual regions (a ``places.focus.Focus``, a focus file or a list
    like "UA:Donetsk,UA:Luhansk"), a weak prior for a village name several regions share when the
    document itself cannot tell them apart.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        spacy_model: str | None = None,
        batch_size: int = nlp_mod.BATCH_SIZE,
        include_out_of_scope: bool = False,
        ner: bool = False,
        rules_vote: float | None = None,
        every_document_an_event: bool = False,
        focus: Focus | str | None = None,
    ) -> None:
        self.nlp = nlp_mod.load_nlp(spacy_model, ner=ner)
        self.matcher = TriggerMatcher(self.nlp.vocab, load_lexicon())
        self.stages = Stages.default()
        self.batch_size = batch_size
        self.include_out_of_scope = include_out_of_scope
        self.every_document_an_event = every_document_an_event
        self.classifier = _load_classifier(model) if model else None
        if self.classifier is not None and rules_vote is not None:
            self.classifier.rules_vote = rules_vote
        self._places = _places_stage(load_focus(focus) if isinstance(focus, str) else focus)

    def process(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Event]]]:
        """Events per document, in input order, parsing ``batch_size`` documents at a time."""
        it = iter(docs)
        while batch := list(islice(it, self.batch_size)):
            texts = [blank_removed(d) for d in batch]
            found = [self._places(t) for t in texts]
            docs = []
            for text, places in zip(texts, found, strict=True):
                doc = mark_paragraphs(self.nlp.make_doc(text))
                doc.user_data[nlp_mod.TOPONYMS_KEY] = [
                    (p.start, p.end, "GPE" if p.feature_class in (None, "A", "P") else "LOC") for p in places
                ]
                docs.append(doc)
            parsed = self.nlp.pipe(docs, batch_size=self.batch_size)
            settled = [self._settled(document, text, places, doc)
                       for document, text, places, doc in zip(batch, texts, found, parsed, strict=True)]
            # one classifier call for the whole batch: an embeddings model's encoder costs per call
            labels = model_labels_batched(self.classifier, settled)
            for document, s, predictions in zip(batch, settled, labels, strict=True):
                yield document, coded_events(s, predictions, self.include_out_of_scope)

    def _settled(self, document: Document, text: str, places: list[Place], parsed: Any) -> Settled:
        times = _times(text, document.published, document.removed)
        return settle_doc(
            document, parsed, places, times,
            stages=self.stages, matcher=self.matcher, classifier=self.classifier,
            every_document_an_event=self.every_document_an_event,
        )

    def extract(self, text: str, published: date | str | None = None, **kw: Any) -> list[Event]:
        """Events of one text (see module-level ``extract``)."""
        document = _document(text, published_date(published), **kw)
        return next(self.process([document]))[1]


def _document(text: str, published: date | None, **kw: Any) -> Document:
    return document_from_text(text, published=published, **kw)


def _places_stage(focus: Focus | None = None) -> Any:
    """``text -> list[Place]`` from the places stage, the gazetteer opened once."""
    gazetteer = Gazetteer.open()

    def run(text: str) -> list[Place]:
        return list(resolve(text, find_toponyms(text), gazetteer, focus))

    return run


def _times(text: str, published: date | None, removed: Sequence[Span] = ()) -> list[TimeRef]:
    """Time expressions of the (blanked) text; the removed spans are passed too, so a caption's
    date can never anchor "the previous day" even if a caller hands in the raw text."""
    return list(find_times(text, published, spans=list(removed) or None))


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser runs (it keeps preset starts).

    Why: a headline, byline or paragraph without final punctuation would otherwise run into the
    next paragraph as one sentence, and a trigger there would borrow the other paragraph's
    places, actors and claims. Costs one pass over the tokens' whitespace: no model, no matcher."""
    if "\n" not in doc.text:
        return doc
    gap = ""
    for tok in doc:
        if tok.is_space:
            gap += tok.text_with_ws
            continue
        if tok.i > 0 and _BLANK_LINE.search(gap):
            tok.is_sent_start = True
        gap = tok.whitespace_
    return doc


@lru_cache(maxsize=2)
def default_pipeline(model: str | None = None, every_document_an_event: bool = False,
                     focus: str | None = None) -> Pipeline:
    """The process-wide pipeline (loaded on first use)."""
    return Pipeline(model=model, every_document_an_event=every_document_an_event, focus=focus)


def every_document_an_event_pipeline(model: str | None = None, focus: str | None = None) -> Pipeline:
    """A ``Pipeline`` for inputs that report one incident each (``every_document_an_event``);
    a ``module:callable`` that ``frontwire ingest`` workers can build by name."""
    return Pipeline(model=model, every_document_an_event=True, focus=focus)


def extract(
    text: str,
    published: date | str | None = None,
    *,
    model: str | None = None,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    every_document_an_event: bool = False,
    focus: str | None = None,
) -> list[Event]:
    """Code the incidents one article reports as ACLED-style events.

    ``published`` (a date or 'YYYY-MM-DD') anchors relative dates ("on Sunday", "overnight");
    without it such events get ``event_date=None``. ``every_document_an_event``: the text is
    known to report an incident (see ``Pipeline``). ``focus``: a focus file or countries/regions
    the articles are mostly about (see ``Pipeline``).
    """
    pipe = default_pipeline(model, every_document_an_event, focus)
    return pipe.extract(text, published, url=url, title=title, source=source)
