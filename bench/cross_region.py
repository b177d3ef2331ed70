"""Cross-region test of the classifier: train on Burkina Faso, test on Ukraine, and the reverse.

    python bench/cross_region.py [--limit N] [--classifier-only] [--model-dir DIR] [--no-recall] [--embeddings]
                                 [--encodings-cache F.npz]

For each direction: the classifier alone on all of the test region's notes (event / sub-event
type), then the whole pipeline's per-field figures on the test region, computed by bench/acled.py
(same metrics, same top-event rule), without and with the model trained on the other region. The
two regions share no places, actors or house style beyond ACLED's, so this shows what a model
brings to news from somewhere new. Skips (exit 0) when the data is absent.

With a model the pipeline combines it with the rules (``EventClassifier.with_rules``: the rules'
label adds a vote to the model's probabilities). ``--votes 0,0.1,0.3`` runs the pipeline with each
vote; ``classify.RULES_VOTE`` was chosen with such a sweep on the burkina -> ukraine direction only,
so ukraine -> burkina is the check on that choice. Vote 0 approximates the old "model overrides
the rules" behaviour (the guard that keeps events the rules found stays on).

ACLED notes report one incident each, so the model runs use ``Pipeline(every_document_an_event=
True)``: on a note where the rules find no event the model's ACLED label makes one (evidence rule
``model-recall:P``). ``--no-recall`` leaves that out (the model then only re-labels the rules'
events). ``--model-dir DIR`` keeps the trained models (``DIR/model_<region>.json.gz``) and reuses
them on the next run instead of training again (training takes minutes).

``--embeddings`` trains with sentence embeddings as well (needs the ``embeddings`` extra; the kept
models are then ``DIR/model_<region>_emb.json.gz``). ``--encodings-cache F.npz`` keeps the notes'
embeddings in F and reuses them (bench/case2021.py ``cache_encodings``).

``--why`` adds, per direction, where the rules and the other region's model disagree on the test
notes the rules found an event in: per rules label, how often the rules were right and how often
the model was. That table is the reason a cross-region model does not lift these figures: on
ACLED notes the rules are right in most disagreements, and the labels where the model wins differ
between the two directions, so no per-label trust learned on one direction carries to the other.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
REGIONS = {
    "burkina": EVAL / "acled_burkina_faso" / "1997-01-01-2020-12-10-Burkina_Faso.csv",
    "ukraine": EVAL / "acled_ukraine_2022" / "UkraineACLED_2022.csv",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=1000, help="first N notes of the test region for the pipeline (0 = all)")
    ap.add_argument("--classifier-only", action="store_true", help="skip the pipeline runs")
    ap.add_argument("--why", action="store_true",
                    help="per rules label: who is right where rules and model disagree (first --limit notes)")
    ap.add_argument("--model-dir", type=Path, default=None,
                    help="reuse DIR/model_<train region>.json.gz if present, else train and save it there")
    ap.add_argument("--no-recall", action="store_true",
                    help="model runs without every_document_an_event (the model only re-labels rules' events)")
    ap.add_argument("--votes", default=None,
                    help="comma-separated rules votes to run with the model (default: classify.RULES_VOTE)")
    ap.add_argument("--embeddings", action="store_true", help="train the models with sentence embeddings too")
    ap.add_argument("--encodings-cache", type=Path, default=None,
                    help="bench only: keep the notes' sentence embeddings in this .npz and reuse them")
    args = ap.parse_args()
    if args.encodings_cache:
        from case2021 import cache_encodings

        cache_encodings(args.encodings_cache)
    missing = [str(p) for p in REGIONS.values() if not p.is_file()]
    if missing:
        print(f"ACLED exports not found ({', '.join(missing)}); skipping.")
        return 0

    from frontwire.classify import load_model
    from frontwire.train import read_coded, score, train

    with tempfile.TemporaryDirectory() as tmp:
        for train_region, test_region in (("burkina", "ukraine"), ("ukraine", "burkina")):
            t = time.perf_counter()
            suffix = "_emb" if args.embeddings else ""
            model_path = Path(args.model_dir or tmp) / f"model_{train_region}{suffix}.json.gz"
            if args.model_dir is not None and model_path.is_file():
                trained = f"model {model_path}"
            else:
                model_path.parent.mkdir(parents=True, exist_ok=True)
                rep = train(REGIONS[train_region], model_path, embeddings=args.embeddings)
                trained = f"{rep.n_train + rep.n_test} coded + synthetic"
            clf = score(load_model(model_path), read_coded(REGIONS[test_region]))
            print(f"\n=== train {train_region} ({trained}) -> test {test_region} [{time.perf_counter() - t:.0f}s]")
            print(f"classifier alone, all {test_region} notes: event type {clf['event_type_accuracy']:.3f}, "
                  f"sub-event type {clf['sub_event_accuracy']:.3f} (weighted F1 {clf['weighted_f1']:.3f})")
            if args.why:
                print(disagreements(load_model(model_path), REGIONS[test_region], args.limit or None))
            if args.classifier_only:
                continue
            try:
                import acled  # bench/acled.py: the core issue's per-field figures

                from frontwire.pipeline import Pipeline
            except ImportError as exc:
                print(f"pipeline runs skipped: {exc}")
                continue
            from frontwire.classify import RULES_VOTE

            votes = [float(v) for v in args.votes.split(",")] if args.votes else [RULES_VOTE]
            recall = not args.no_recall
            runs = [("rules only", None, None)] + [
                (f"rules + {train_region} model, rules vote {v:g}"
                 + (", every_document_an_event" if recall else ""), str(model_path), v) for v in votes]
            for label, model, vote in runs:
                print(f"-- pipeline, {label}")
                pipe = Pipeline(model=model, rules_vote=vote, every_document_an_event=recall and model is not None)
                for line in acled.run_region(test_region, args.limit or None, pipe, 0):
                    print(line)
                sys.stdout.flush()
    return 0


def disagreements(model, csv_path: Path, limit: int | None) -> str:
    """Rules (pipeline, no model) vs the model alone on the notes where the rules found an event:
    per rules label, the notes, the disagreements, and who of the two had the coded label."""
    from collections import Counter

    from frontwire.pipeline import Pipeline, _document
    from frontwire.train import read_coded

    coded = read_coded(csv_path)[:limit] if limit else read_coded(csv_path)
    found = [(e, evs[0].sub_event_type) for e, (_d, evs) in
             zip(coded, Pipeline(model=None).process([_document(e.text, None) for e in coded]), strict=True) if evs]
    predicted = model.predict([e.text for e, _ in found])
    n, dis, rule_ok, model_ok = Counter(), Counter(), Counter(), Counter()
    for (e, rule), (_t, sub, _p) in zip(found, predicted, strict=True):
        n[rule] += 1
        if sub != rule:
            dis[rule] += 1
            rule_ok[rule] += rule == e.sub_event_type
            model_ok[rule] += sub == e.sub_event_type
    lines = [f"rules vs model where the rules found an event ({len(found)} of {len(coded)} notes)",
             f"{'rules label':40} {'notes':>6} {'disagree':>9} {'rules right':>12} {'model right':>12}"]
    lines += [f"{k[:40]:40} {n[k]:6d} {dis[k]:9d} {rule_ok[k]:12d} {model_ok[k]:12d}" for k, _ in n.most_common()]
    lines.append(f"{'total':40} {sum(n.values()):6d} {sum(dis.values()):9d} {sum(rule_ok.values()):12d} "
                 f"{sum(model_ok.values()):12d}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
