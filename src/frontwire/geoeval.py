"""Geoparsing evaluation: readers for the LGL and GeoWebNews corpora and the metrics of
Gritta et al. (2019) -- accuracy within 161 km, AUC of the log error curve (unresolved toponyms
count as 20,039 km), mean and median error. Used by ``frontwire eval --geoparsing`` and by
``bench/geoparse.py``.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontwire.geo import haversine_km

if TYPE_CHECKING:
    from frontwire.places.ner import Detector

MAX_KM = 20039.0


@dataclass
class Gold:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float
    scored: bool = True  # False: a span detection is not scored on either way (see read_gwn)



def read_lgl(path: Path) -> list[tuple[str, list[Gold]]]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            if g is None or g.findtext("lat") is None:
                continue
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            gold.append(Gold(s, e, t.findtext("phrase") or text[s:e], float(g.findtext("lat")), float(g.findtext("lon"))))
        docs.append((text, gold))
    return docs


# GeoWebNews toponym types that are proper-name toponyms (for detection); Non_Literal_Modifier
# (adjectives such as "Irish") and Demonym are demonyms, which the detector deliberately skips.
GWN_NAMES = {"Literal", "Mixed", "Metonymic", "Literal_Modifier", "Embedded_Literal", "Embedded_Non_Lit", "Coercion"}
# Toponyms of the types the detector is not asked for -- adjectival/noun modifiers ("US tariffs",
# "Toronto police", "Russian"), demonyms, language names -- are still toponyms to GeoWebNews:
# with ``neutral=True`` finding one is neither a hit nor a false alarm, and missing one no miss.
GWN_NEUTRAL = {"Non_Literal_Modifier", "Demonym", "Language"}


def read_gwn(path: Path, neutral: bool = False) -> tuple[list[tuple[str, list[Gold]]], list[tuple[str, list[Gold]]]]:
    """(geocoding gold from gwn_full.txt, detection gold of proper-name types with coordinates);
    ``neutral``: also the GWN_NEUTRAL spans, marked unscored."""
    arts = list(ET.parse(path).getroot().iter("article"))
    lines = (path.parent / "GeoWebNews_gwn_full_geocoding_gold.txt").read_text(encoding="utf-8").splitlines()
    geo, det = [], []
    for art, line in zip(arts, lines, strict=False):
        text = art.findtext("text") or ""
        gold = []
        for item in line.split("||"):
            parts = item.split(",,")
            if len(parts) != 6:
                continue
            _name, phrase, lat, lon, s, e = parts
            s_, e_ = int(s), int(e)
            if s_ < 0 or text[s_:e_] != phrase:
                continue
            gold.append(Gold(s_, e_, phrase, float(lat), float(lon)))
        geo.append((text, sorted(gold, key=lambda g: g.start)))
        dg = []
        for t in art.iter("toponym"):
            s_, e_ = int(t.findtext("start")), int(t.findtext("end"))
            if neutral and t.findtext("type") in GWN_NEUTRAL:
                dg.append(Gold(s_, e_, text[s_:e_], math.nan, math.nan, scored=False))
            if t.findtext("type") not in GWN_NAMES or not t.findtext("latitude"):
                continue
            dg.append(Gold(s_, e_, text[s_:e_], float(t.findtext("latitude")), float(t.findtext("longitude"))))
        det.append((text, dg))
    return geo, det


def metrics(errors: list[float]) -> dict[str, float]:
    if not errors:
        return {"n": 0}
    errs = sorted(errors)
    logs = [math.log(1 + e) for e in errs]
    n = len(logs)
    auc = (sum((logs[i] + logs[i + 1]) / 2 for i in range(n - 1)) / (n - 1) / math.log(MAX_KM)) if n > 1 else logs[0] / math.log(MAX_KM)
    return {"n": n, "acc161": sum(e <= 161 for e in errs) / n, "auc": auc,
            "mean_km": sum(errs) / n, "median_km": errs[n // 2] if n % 2 else (errs[n // 2 - 1] + errs[n // 2]) / 2}


def resolution(docs, gaz) -> list[float]:
    from frontwire.places import resolve

    errors = []
    for text, gold in docs:
        places = resolve(text, [(g.start, g.end, g.phrase) for g in gold], gaz)
        for g, p in zip(gold, places, strict=True):
            errors.append(haversine_km(g.lat, g.lon, p.latitude, p.longitude) if p.latitude is not None else MAX_KM)
    return errors


def ceiling(docs, gaz) -> float:
    """Share of gold toponyms with at least one candidate within 161 km: the best any choice
    among the gazetteer's candidates could score (what the data allows, not the resolver)."""
    from frontwire.places import candidates_for

    hit = tot = 0
    for _text, gold in docs:
        for g in gold:
            tot += 1
            hit += any(haversine_km(g.lat, g.lon, c.latitude, c.longitude) <= 161 for c in candidates_for(g.phrase, gaz))
    return hit / tot if tot else 0.0


def end_to_end(docs, gaz, demonyms: bool = False, ner: bool | Detector = False) -> tuple[dict[str, float], list[float]]:
    """Detection P/R/F1 on exact spans and resolution errors of the detected gold spans;
    ``demonyms``: run the detector in its mode that also reports adjectival forms ("Syrian");
    ``ner``: a ``places.ner.Detector`` (or True for a new one) -- gazetteer spans reconciled with
    spaCy's stock NER instead of the gazetteer matcher alone."""
    from frontwire.places import find_toponyms, resolve

    texts = [text for text, _ in docs]
    if ner:
        from frontwire.places.ner import Detector

        detector = ner if isinstance(ner, Detector) else Detector(gazetteer=gaz)
        detected = list(detector.find_many(texts, demonyms=demonyms))
    else:
        detected = [find_toponyms(text, gazetteer=gaz, demonyms=demonyms) for text in texts]
    tp = fp = fn = 0
    errors = []
    for (text, gold), found in zip(docs, detected, strict=True):
        gold_spans = {(g.start, g.end): g for g in gold if g.scored}
        unscored = {(g.start, g.end) for g in gold if not g.scored} - set(gold_spans)
        pred = {(s, e) for s, e, _ in found} - unscored
        hit = pred & set(gold_spans)
        tp += len(hit)
        fp += len(pred - hit)
        fn += len(set(gold_spans) - hit)
        places = resolve(text, found, gaz)
        for p in places:
            g = gold_spans.get((p.start, p.end))
            if g is not None:
                errors.append(haversine_km(g.lat, g.lon, p.latitude, p.longitude) if p.latitude is not None else MAX_KM)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"p": prec, "r": rec, "f1": f1, "tp": tp, "fp": fp, "fn": fn}, errors
