"""CASE 2021 task 2 (fine-grained event classification): rules only, and a classifier trained on
ACLED exports (never on CASE rows).

    python bench/case2021.py [--tsv PATH] [--limit N] [--json] [--embeddings] [--encodings-cache F.npz]

(a) rules: the pipeline's primary event per snippet; no event counts as out of scope.
(b) model: `frontwire.train` on the two ACLED exports under ../shared/eval, tested on the CASE dev
    split (the classifier alone, whole snippet); then the same with the rules' label as a vote
    (``EventClassifier.with_rules``, classify.RULES_VOTE) on every snippet, as CASE rows are all
    events -- where the rules found none the model's label stands.
(c) pipeline with that model: what `frontwire extract --model` codes -- the rules find the event,
    the model labels it with the rules' label as a vote (classify.RULES_VOTE, chosen on ACLED
    cross-region runs, not on CASE).
(d) the same with ``every_document_an_event`` (`frontwire extract --model M
    --every-document-an-event`): CASE rows are all events, so where the rules find none the
    model's ACLED label makes one on the snippet's first factual main clause.
With ``--embeddings`` the model is trained with sentence embeddings (`frontwire train --embeddings`,
needs the ``embeddings`` extra); the training time and the encoding time per note are printed.
``--encodings-cache F.npz`` (bench only, for experiments) keeps every encoded text's embedding in F
and reuses it on the next run, so re-training on the same notes skips the minutes of encoding.
Weighted F1 is reported over the rows whose gold is one of the 25 ACLED types and over all rows
(incl. the five out-of-scope types), then for the even-id and odd-id halves of the split (tune on
even, report odd). Skips (exit 0) when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
TSV = EVAL / "case2021_dev" / "case2021_task2_dev.tsv"
TRAIN = [
    EVAL / "acled_burkina_faso" / "1997-01-01-2020-12-10-Burkina_Faso.csv",
    EVAL / "acled_ukraine_2022" / "UkraineACLED_2022.csv",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tsv", type=Path, default=TSV)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--model", type=Path, default=None, help="use this model instead of training one")
    ap.add_argument("--skip-rules", action="store_true", help="only the classifier figures")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--embeddings", action="store_true", help="train with sentence embeddings too")
    ap.add_argument("--encodings-cache", type=Path, default=None,
                    help="bench only: keep the training notes' sentence embeddings in this .npz and reuse them")
    args = ap.parse_args()
    if args.encodings_cache:
        cache_encodings(args.encodings_cache)
    if not args.tsv.is_file():
        print(f"CASE 2021 dev TSV not found at {args.tsv}; skipping.")
        return 0

    from frontwire.classify import RULES_VOTE
    from frontwire.evaluate import evaluate_case
    from frontwire.train import train

    reports = []
    if not args.skip_rules:
        t = time.perf_counter()
        try:
            reports.append(evaluate_case(args.tsv, limit=args.limit))
            print(f"[rules: {time.perf_counter() - t:.0f}s]", file=sys.stderr)
        except ImportError as exc:
            print(f"rules-only run skipped: pipeline not available ({exc})", file=sys.stderr)

    model = args.model
    with tempfile.TemporaryDirectory() as tmp:
        if model is None:
            present = [p for p in TRAIN if p.is_file()]
            if not present:
                print("ACLED exports not found; classifier run skipped.")
            else:
                model = Path(tmp) / ("case_model_emb.json.gz" if args.embeddings else "case_model.json.gz")
                t = time.perf_counter()
                rep = train(present, model, embeddings=args.embeddings)
                print(
                    f"[trained on {', '.join(p.name for p in present)}: {time.perf_counter() - t:.0f}s; "
                    f"own held-out split weighted F1 {rep.weighted_f1:.3f}]",
                    file=sys.stderr,
                )
                if args.embeddings:
                    from frontwire.classify import load_model

                    print(f"[encoding: {load_model(model).meta.get('encoding')}]", file=sys.stderr)
        if model is not None:
            reports.append(evaluate_case(args.tsv, model=model, limit=args.limit))
            if not args.skip_rules:
                try:
                    reports.append(evaluate_case(args.tsv, model=model, limit=args.limit, rules_vote=RULES_VOTE))
                    reports.append(evaluate_case(args.tsv, model=model, limit=args.limit, pipeline=True))
                    reports.append(pipeline_every_snippet_an_event(args.tsv, model, args.limit))
                except ImportError as exc:
                    print(f"pipeline + model run skipped: pipeline not available ({exc})", file=sys.stderr)
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], indent=2))
    else:
        print("\n\n".join(r.table() for r in reports))
        print("\n" + halves(reports))
    return 0


def cache_encodings(path: Path) -> None:
    """Bench only: make training and the models read the embeddings of texts encoded before from
    ``path`` (an .npz of text hashes and vectors) and add the new ones, so that re-running an
    experiment on the same notes takes seconds instead of minutes. The encoder's input is hashed
    (``classify.embed_text``), so a change to what it reads invalidates the entries by itself."""
    import hashlib

    import numpy as np

    import frontwire.classify as classify_module
    import frontwire.train as train_module
    from frontwire.classify import embed, embed_text

    def key(text: str) -> str:
        return hashlib.sha1(embed_text(text).encode("utf-8")).hexdigest()

    known: dict[str, np.ndarray] = {}
    if path.is_file():
        with np.load(path) as z:
            known.update(zip(z["keys"].tolist(), z["vectors"], strict=True))

    def cached_embed(texts: list[str]) -> np.ndarray:
        keys = [key(t) for t in texts]
        todo = list(dict.fromkeys(k_t for k_t in zip(keys, texts, strict=True) if k_t[0] not in known))
        if todo:
            known.update(zip([k for k, _ in todo], embed([t for _, t in todo]), strict=True))
        if len(texts) >= 100:  # batches of notes; the pipeline's few texts at a time stay in memory
            if todo:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.savez(path, keys=np.array(list(known)), vectors=np.stack(list(known.values())))
            print(f"[encodings cache {path}: {len(texts) - len(todo)} of {len(texts)} texts reused]",
                  file=sys.stderr)
        return np.stack([known[k] for k in keys]) if keys else embed([])

    train_module.embed = classify_module.embed = cached_embed


def pipeline_every_snippet_an_event(tsv: Path, model: Path, limit: int | None):
    """Line (d): the pipeline with the model and ``every_document_an_event`` (out-of-scope labels
    kept, as in line (c), so that the five non-ACLED CASE types can be scored)."""
    from frontwire.evaluate import read_case, rules_label, score_case
    from frontwire.pipeline import Pipeline
    from frontwire.records import Document

    rows = read_case(tsv, limit)
    pipe = Pipeline(model=str(model), include_out_of_scope=True, every_document_an_event=True)
    labels = [rules_label(evs) for _doc, evs in pipe.process(Document.from_text(r[1]) for r in rows)]
    return score_case(rows, labels, tsv.name, f"pipeline with model {model.name}, every_document_an_event")


def halves(reports: list) -> str:
    """Weighted F1 on the even-id and odd-id halves of the dev split: settings are to be chosen
    looking at the even half only, so the odd half is the fairer figure."""
    from frontwire.evaluate import f1_scores
    from frontwire.taxonomy import SUB_EVENT_TYPES

    lines = [f"{'method':52} {'even: 25 ACLED':>14} {'even: all':>10} {'odd: 25 ACLED':>14} {'odd: all':>9}"]
    for r in reports:
        cells = []
        for parity in (0, 1):
            rows = [(g, p) for i, g, p in r.predictions if i.isdigit() and int(i) % 2 == parity]
            acled = [(g, p) for g, p in rows if g in SUB_EVENT_TYPES]
            cells.append(f1_scores([g for g, _ in acled], [p for _, p in acled])["weighted_f1"])
            cells.append(f1_scores([g for g, _ in rows], [p for _, p in rows])["weighted_f1"])
        lines.append(f"{r.method[:52]:52} {cells[0]:14.3f} {cells[1]:10.3f} {cells[2]:14.3f} {cells[3]:9.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
