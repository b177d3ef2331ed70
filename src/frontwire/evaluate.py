"""Score frontwire against gold data: ACLED exports, CASE 2021 task 2, TimeML, geoparsing corpora.

Each reader turns a third-party format into (input text, gold) pairs, runs the same code path a user
runs (``Pipeline`` for ACLED rows and CASE snippets, ``times.mentions`` for TimeML), and returns a
report with a readable ``table()`` and a JSON twin (``to_dict()``). Nothing here is tuned to a data
set: the figures are only worth something if the code under test never saw the rows.
"""

from __future__ import annotations

import csv
import re
import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from unidecode import unidecode

from frontwire.geo import haversine_km
from frontwire.records import Document, Event
from frontwire.taxonomy import OUT_OF_SCOPE, SUB_EVENT_TYPES

# CASE 2021 task 2 label -> frontwire (ACLED) sub-event type. The first 25 are ACLED's own types
# under CASE's short names; the last five are the "unseen" types outside ACLED's taxonomy.
CASE_LABELS: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
    "ORG_CRIME": "Organized crime",
    "NATURAL_DISASTER": "Natural disaster",
    "MAN_MADE_DISASTER": "Man-made disaster",
    "DIPLO": "Diplomatic event",
    "ATTRIB": "Attribution of responsibility",
}
NO_EVENT = "(no event)"
"""Prediction when the pipeline finds no event in a snippet; scored as out of scope."""

ACLED_COLUMNS = ("notes", "event_type", "sub_event_type")
ACLED_FIELDS = ("event_type", "sub_event_type", "event_date", "fatalities", "actor1", "inter1", "admin1")


# -- shared helpers -------------------------------------------------------------------------------



def _fold(value: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", unidecode(str(value or "")).lower()).strip()


def primary_event(events: list[Event]) -> Event | None:
    """The event a one-incident text (an ACLED note, a CASE snippet) is about: the first one the
    pipeline reports, as notes and snippets lead with their incident (same rule as bench/acled.py)."""
    return events[0] if events else None


def _run_pipeline(
    docs: list[Document], model: str | Path | None, include_out_of_scope: bool = False,
    every_document_an_event: bool = False,
) -> Iterator[list[Event]]:
    from frontwire.pipeline import Pipeline

    pipe = Pipeline(model=str(model) if model else None, include_out_of_scope=include_out_of_scope,
                    every_document_an_event=every_document_an_event)
    for _doc, events in pipe.process(docs):
        yield events


def f1_scores(gold: list[str], pred: list[str], labels: Iterable[str] | None = None) -> dict[str, Any]:
    """Accuracy, weighted and macro F1 over the gold labels (or ``labels``), and per-label P/R/F1."""
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    labs = sorted(set(labels) if labels is not None else set(gold))
    if not gold:
        return {"n": 0, "accuracy": 0.0, "weighted_f1": 0.0, "macro_f1": 0.0, "per_label": {}}
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labs, zero_division=0)
    return {
        "n": len(gold),
        "accuracy": sum(a == b for a, b in zip(gold, pred, strict=True)) / len(gold),
        "weighted_f1": float(f1_score(gold, pred, labels=labs, average="weighted", zero_division=0)),
        "macro_f1": float(f1_score(gold, pred, labels=labs, average="macro", zero_division=0)),
        "per_label": {
            k: {"precision": float(a), "recall": float(b), "f1": float(c), "support": int(d)}
            for k, a, b, c, d in zip(labs, p, r, f, s, strict=True)
        },
    }


# -- ACLED exports --------------------------------------------------------------------------------


def _acled_date(value: str) -> date | None:
    value = (value or "").strip()
    for fmt in ("%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def read_acled(path: str | Path, limit: int | None = None) -> list[dict[str, str]]:
    """Rows of an ACLED export (CSV with a header) that have notes; errors name missing columns."""
    path = Path(path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ACLED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: not an ACLED export, missing column(s) {', '.join(missing)}")
        rows = [r for r in reader if (r.get("notes") or "").strip()]
    return rows[:limit] if limit else rows


def acled_document(row: dict[str, str]) -> Document:
    """The row's notes as a document published at the row's ``timestamp`` (Unix time, UTC)."""
    ts = _int(row.get("timestamp"))
    published = datetime.fromtimestamp(ts, UTC).date() if ts else _acled_date(row.get("event_date", ""))
    return Document.from_text(row["notes"], published=published, source=row.get("source") or None)


@dataclass(slots=True)
class AcledReport:
    """Per-field agreement of frontwire's primary event with the coded row."""

    source: str
    n: int
    with_event: int
    accuracy: dict[str, float]
    located: int
    within_25km: float
    median_km: float | None
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    model: str | None = None
    every_document_an_event: bool = False  # the model coded notes the rules found no event in

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "model": self.model,
            "every_document_an_event": self.every_document_an_event,
            "n": self.n,
            "with_event": self.with_event,
            "accuracy": self.accuracy,
            "location": {"located": self.located, "within_25km": self.within_25km, "median_km": self.median_km},
            "confusion": self.confusion,
        }

    def table(self, confusion: bool = True) -> str:
        lines = [
            f"ACLED {self.source}: {self.n} rows, event found in {self.with_event}"
            + (f" (model {self.model}{', every_document_an_event' if self.every_document_an_event else ''})"
               if self.model else " (rules only)"),
            f"{'field':16} {'accuracy':>9}",
        ]
        lines += [f"{k:16} {v:9.3f}" for k, v in self.accuracy.items()]
        med = f"{self.median_km:.1f} km" if self.median_km is not None else "n/a"
        lines.append(
            f"{'location':16} {self.within_25km:9.3f}  within 25 km (of all rows; {self.located} located, median error {med})"
        )
        if confusion and self.confusion:
            lines += ["", "sub-event confusion (gold row -> predicted counts, top 3):"]
            for gold, preds in sorted(self.confusion.items(), key=lambda kv: -sum(kv[1].values())):
                top = ", ".join(f"{p} {c}" for p, c in Counter(preds).most_common(3))
                lines.append(f"  {gold[:36]:36} n={sum(preds.values()):<5} {top}")
        return "\n".join(lines)


def score_acled(rows: list[dict[str, str]], predicted: list[Event | None], source: str = "") -> AcledReport:
    """Compare each row's coded fields with the primary event found in its notes."""
    hits: Counter[str] = Counter()
    errors: list[float] = []
    confusion: dict[str, Counter[str]] = {}
    for row, ev in zip(rows, predicted, strict=True):
        gold_sub = row.get("sub_event_type", "")
        confusion.setdefault(gold_sub, Counter())[ev.sub_event_type if ev else NO_EVENT] += 1
        if ev is None:
            continue
        hits["event_type"] += ev.event_type == row.get("event_type")
        hits["sub_event_type"] += ev.sub_event_type == gold_sub
        hits["event_date"] += ev.event_date is not None and ev.event_date == _acled_date(row.get("event_date", ""))
        hits["fatalities"] += ev.fatalities == (_int(row.get("fatalities")) or 0)
        hits["actor1"] += bool(ev.actor1) and _fold(ev.actor1) == _fold(row.get("actor1"))
        hits["inter1"] += ev.inter1 is not None and ev.inter1 == _int(row.get("inter1"))
        hits["admin1"] += bool(ev.admin1) and _fold(ev.admin1) == _fold(row.get("admin1"))
        glat, glon = _float(row.get("latitude")), _float(row.get("longitude"))
        if None not in (glat, glon, ev.latitude, ev.longitude):
            errors.append(haversine_km(glat, glon, ev.latitude, ev.longitude))  # type: ignore[arg-type]
    n = len(rows)
    return AcledReport(
        source=source,
        n=n,
        with_event=sum(ev is not None for ev in predicted),
        accuracy={f: (hits[f] / n if n else 0.0) for f in ACLED_FIELDS},
        located=len(errors),
        within_25km=(sum(e <= 25 for e in errors) / n if n else 0.0),
        median_km=statistics.median(errors) if errors else None,
        confusion={g: dict(c) for g, c in confusion.items()},
    )


def evaluate_acled(
    csv_path: str | Path, *, model: str | Path | None = None, limit: int | None = None,
    every_document_an_event: bool = True,
) -> AcledReport:
    """Run the pipeline over each row's notes (published = the row's timestamp) and score it.

    ``every_document_an_event`` (on by default: an ACLED note reports one incident): with a
    model, a note the rules find no event in gets the model's event (``Pipeline``)."""
    return evaluate_acled_rows(read_acled(csv_path, limit), model=model, source=Path(csv_path).name,
                               every_document_an_event=every_document_an_event)


def evaluate_acled_rows(
    rows: list[dict[str, str]], *, model: str | Path | None = None, source: str = "",
    every_document_an_event: bool = True,
) -> AcledReport:
    """Like ``evaluate_acled`` for rows already read (e.g. a sample, or one region of a file)."""
    docs = [acled_document(r) for r in rows]
    recall = every_document_an_event and model is not None
    predicted = [primary_event(evs) for evs in _run_pipeline(docs, model, every_document_an_event=recall)]
    report = score_acled(rows, predicted, source=source)
    report.model = str(model) if model else None
    report.every_document_an_event = recall
    return report


# -- CASE 2021 task 2 -----------------------------------------------------------------------------


def read_case(path: str | Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(id, snippet, frontwire label) rows of a CASE 2021 task-2 TSV; unknown labels are refused."""
    path = Path(path)
    out: list[tuple[str, str, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if not header or [h.strip() for h in header[:3]] != ["id", "EventSnippet", "SubType"]:
            raise ValueError(f"{path}: expected a TSV with header id, EventSnippet, SubType")
        for i, row in enumerate(reader, start=2):
            if len(row) < 3 or not row[1].strip():
                continue
            label = row[2].strip()
            if label not in CASE_LABELS:
                raise ValueError(f"{path}:{i}: unknown CASE label {label!r}; known: {', '.join(CASE_LABELS)}")
            out.append((row[0], row[1], CASE_LABELS[label]))
    return out[:limit] if limit else out


@dataclass(slots=True)
class CaseReport:
    """F1 on CASE labels: over the 25 ACLED types (rows whose gold is ACLED) and over all labels."""

    source: str
    method: str
    acled: dict[str, Any]
    all_labels: dict[str, Any]
    predictions: list[tuple[str, str, str]] = field(default_factory=list)  # id, gold, predicted

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "method": self.method, "acled_labels": self.acled, "all_labels": self.all_labels}

    def table(self) -> str:
        a, b = self.acled, self.all_labels
        lines = [
            f"CASE 2021 task 2 {self.source} ({self.method}): {b['n']} snippets",
            f"{'labels':22} {'n':>5} {'accuracy':>9} {'weighted F1':>12} {'macro F1':>9}",
            f"{'25 ACLED types':22} {a['n']:5d} {a['accuracy']:9.3f} {a['weighted_f1']:12.3f} {a['macro_f1']:9.3f}",
            f"{'all labels':22} {b['n']:5d} {b['accuracy']:9.3f} {b['weighted_f1']:12.3f} {b['macro_f1']:9.3f}",
            "",
            f"{'label':40} {'n':>4} {'P':>6} {'R':>6} {'F1':>6}",
        ]
        for k, m in sorted(b["per_label"].items(), key=lambda kv: -kv[1]["support"]):
            lines.append(f"{k[:40]:40} {m['support']:4d} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
        return "\n".join(lines)


def score_case(rows: list[tuple[str, str, str]], predicted: list[str], source: str, method: str) -> CaseReport:
    """Predicted labels are frontwire sub-event types; anything not a CASE label counts as wrong."""
    gold = [r[2] for r in rows]
    acled_idx = [i for i, g in enumerate(gold) if g in SUB_EVENT_TYPES]
    return CaseReport(
        source=source,
        method=method,
        acled=f1_scores([gold[i] for i in acled_idx], [predicted[i] for i in acled_idx]),
        all_labels=f1_scores(gold, predicted),
        predictions=[(r[0], g, p) for r, g, p in zip(rows, gold, predicted, strict=True)],
    )


def rules_label(events: list[Event]) -> str:
    """The rule pipeline's label for a snippet: the primary event's sub-event type, else no event."""
    ev = primary_event(events)
    return ev.sub_event_type if ev else NO_EVENT


def evaluate_case(
    tsv_path: str | Path,
    *,
    model: str | Path | None = None,
    limit: int | None = None,
    rules_vote: float = 0.0,
    pipeline: bool = False,
) -> CaseReport:
    """Rules only: the pipeline's primary event per snippet (its out-of-scope labels included; no
    event counts as wrong). With a model: the classifier's label for the whole snippet; with
    ``rules_vote`` > 0 as well, ``EventClassifier.with_rules`` with that vote (the rules' label gets
    that much extra probability) on every snippet, including those the rules found no event in.
    With ``pipeline`` and a model: the pipeline run with that model, i.e. what `frontwire extract
    --model` codes (rules find the event, ``EventClassifier.with_rules`` labels it)."""
    rows = read_case(tsv_path, limit)
    texts = [r[1] for r in rows]
    if pipeline and model is not None:
        docs = [Document.from_text(t) for t in texts]
        labels = [rules_label(evs) for evs in _run_pipeline(docs, model, include_out_of_scope=True)]
        return score_case(rows, labels, Path(tsv_path).name, f"pipeline with model {Path(model).name}")
    rules: list[str] = []
    if model is None or rules_vote > 0:
        docs = [Document.from_text(t) for t in texts]
        rules = [rules_label(evs) for evs in _run_pipeline(docs, None, include_out_of_scope=True)]
    if model is None:
        return score_case(rows, rules, Path(tsv_path).name, "rules only")
    from frontwire.classify import load_model

    clf = load_model(model)
    if rules_vote > 0:  # the pipeline's combination, but every snippet labelled (CASE rows are events)
        predicted = [sub for _, sub, _ in clf.with_rules(texts, rules, vote=rules_vote)]
    else:
        predicted = [sub for _, sub, _ in clf.predict(texts)]
    method = f"classifier {Path(model).name}" + (f" + rules vote {rules_vote:g}" if rules_vote > 0 else "")
    return score_case(rows, predicted, Path(tsv_path).name, method)


# -- TimeML ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timex:
    """A gold TIMEX3 with its offsets into the document's TEXT."""

    start: int
    end: int
    text: str
    type: str
    value: str


def read_timeml(path: str | Path) -> tuple[str, date | None, list[Timex]]:
    """(text, document creation time, gold TIMEX3s) of one .tml file; offsets index ``text``."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ValueError(f"{path}: not well-formed XML ({exc}); is it a TimeML .tml file?") from exc
    dct: date | None = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            try:
                dct = date.fromisoformat((t.get("value") or "")[:10])
            except ValueError:
                dct = None
            break
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{path}: no <TEXT> element; not a TimeML document")
    parts: list[str] = []
    gold: list[Timex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            gold.append(Timex(start, pos, "".join(el.itertext()), el.get("type", ""), el.get("value", "")))

    walk(text_el)
    return "".join(parts), dct, gold


@dataclass(slots=True)
class TimemlReport:
    """Detection (overlap with gold TIMEX3) and normalisation of DATE values against the DCT."""

    source: str
    documents: int
    gold: int
    gold_date: int
    found: int
    matched: int
    date_matched: int
    date_value_correct: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    def to_dict(self) -> dict[str, Any]:
        f1 = 2 * self.precision * self.recall / (self.precision + self.recall) if self.matched else 0.0
        return {
            "source": self.source,
            "documents": self.documents,
            "gold_timex": self.gold,
            "found": self.found,
            "precision": self.precision,
            "recall": self.recall,
            "f1": f1,
            "gold_date": self.gold_date,
            "date_recall": self.date_matched / self.gold_date if self.gold_date else 0.0,
            "date_value_accuracy": self.date_value_correct / self.date_matched if self.date_matched else 0.0,
            "date_value_recall": self.date_value_correct / self.gold_date if self.gold_date else 0.0,
        }

    def table(self) -> str:
        d = self.to_dict()
        return "\n".join(
            [
                f"TimeML {self.source}: {self.documents} documents, {self.gold} gold TIMEX3 ({self.gold_date} DATE)",
                f"detection (any overlap)   P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}",
                f"DATE found                R {d['date_recall']:.3f}",
                f"DATE value correct        {d['date_value_accuracy']:.3f} of those found, {d['date_value_recall']:.3f} of all",
            ]
        )


def evaluate_timeml(path: str | Path, *, limit: int | None = None) -> TimemlReport:
    """Score ``times.mentions`` on a .tml file or a folder of them (DCT = publication date)."""
    from frontwire.times import mentions, timeml_value

    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: no such file or folder; give a .tml file or a folder of them")
    files = sorted(path.glob("*.tml")) if path.is_dir() else [path]
    files = [f for f in files if not f.name.startswith("._")][: limit or None]
    if not files:
        raise ValueError(f"{path}: no .tml files found")
    r = TimemlReport(str(path.name), 0, 0, 0, 0, 0, 0, 0)
    for f in files:
        text, dct, gold = read_timeml(f)
        found = mentions(text, dct)
        r.documents += 1
        r.gold += len(gold)
        r.found += len(found)
        r.matched += sum(any(m.ref.start < g.end and g.start < m.ref.end for m in found) for g in gold)
        for g in gold:
            if g.type != "DATE":
                continue
            r.gold_date += 1
            hit = next((m for m in found if m.ref.start < g.end and g.start < m.ref.end), None)
            if hit is not None:
                r.date_matched += 1
                r.date_value_correct += timeml_value(hit) == g.value
    return r


# -- geoparsing (frontwire.geoeval) -------------------------------------------------------------------------


@dataclass(slots=True)
class GeoReport:
    """Gritta et al. (2019) figures from ``frontwire.geoeval``: given gold spans, and end to end."""

    source: str
    documents: int
    resolution: dict[str, float]
    detection: dict[str, float]
    end_to_end: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "documents": self.documents, "resolution": self.resolution,
                "detection": self.detection, "end_to_end_resolution": self.end_to_end}

    def table(self) -> str:
        def fmt(m: dict[str, float]) -> str:
            if not m.get("n"):
                return "n=0"
            return (f"n={int(m['n'])}  acc@161km {m['acc161']:.3f}  AUC {m['auc']:.3f}  "
                    f"median {m['median_km']:.1f} km")

        d = self.detection
        return "\n".join([
            f"geoparsing {self.source}: {self.documents} documents",
            f"resolution of gold toponyms   {fmt(self.resolution)}",
            f"detection (exact span)        P {d['p']:.3f}  R {d['r']:.3f}  F1 {d['f1']:.3f}",
            f"resolution of detected        {fmt(self.end_to_end)}",
        ])


def evaluate_geoparsing(path: str | Path, *, limit: int | None = None, ner: bool = False) -> GeoReport:
    """Score toponym detection and resolution on a GeoWebNews or LGL XML file; ``ner``: detect
    with spaCy's NER as a second opinion (``places.ner.Detector``)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file; give GeoWebNews_GWN.xml or an LGL-format XML file")
    from frontwire import geoeval as bench
    from frontwire.gazetteer import Gazetteer

    head = path.read_text(encoding="utf-8", errors="replace")[:20000]
    if "<latitude>" in head:  # GeoWebNews layout; its coordinates gold sits next to it
        geo, det = bench.read_gwn(path)
    else:
        geo = det = bench.read_lgl(path)
    geo, det = geo[: limit or None], det[: limit or None]
    gaz = Gazetteer.open()
    detection, errors = bench.end_to_end(det, gaz, ner=ner)
    return GeoReport(
        source=path.name,
        documents=len(geo),
        resolution=bench.metrics(bench.resolution(geo, gaz)),
        detection=detection,
        end_to_end=bench.metrics(errors),
    )


__all__ = [
    "CASE_LABELS",
    "OUT_OF_SCOPE",
    "AcledReport",
    "CaseReport",
    "GeoReport",
    "TimemlReport",
    "evaluate_acled",
    "evaluate_acled_rows",
    "evaluate_case",
    "evaluate_geoparsing",
    "evaluate_timeml",
    "read_acled",
    "read_case",
    "read_timeml",
    "score_acled",
    "score_case",
]
