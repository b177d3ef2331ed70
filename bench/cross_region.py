"""Cross-region test of the classifier: train on Burkina Faso, test on Ukraine, and the reverse.

    python bench/cross_region.py [--limit N] [--json]

For each direction: the classifier alone on the test region's notes (event / sub-event type), then
the whole pipeline's per-field figures on a seeded sample of the test region (--limit rows, 0 = all)
without and with the model trained on the other region. The two regions share no places, actors or
house style beyond ACLED's, so this shows what a model brings to news from somewhere new.
Skips (exit 0) when the data is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
REGIONS = {
    "Burkina Faso": EVAL / "acled_burkina_faso" / "1997-01-01-2020-12-10-Burkina_Faso.csv",
    "Ukraine": EVAL / "acled_ukraine_2022" / "UkraineACLED_2022.csv",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=500, help="pipeline rows per test region (0 = all)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--classifier-only", action="store_true", help="skip the pipeline runs")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    missing = [str(p) for p in REGIONS.values() if not p.is_file()]
    if missing:
        print(f"ACLED exports not found ({', '.join(missing)}); skipping.")
        return 0

    from frontwire.classify import load_model
    from frontwire.evaluate import evaluate_acled_rows, read_acled
    from frontwire.train import read_coded, score, train

    out: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for train_name, test_name in (("Burkina Faso", "Ukraine"), ("Ukraine", "Burkina Faso")):
            model_path = Path(tmp) / f"{train_name.replace(' ', '_')}.json.gz"
            t = time.perf_counter()
            train(REGIONS[train_name], model_path)
            model = load_model(model_path)
            clf = score(model, read_coded(REGIONS[test_name]))
            print(f"\n=== train {train_name} -> test {test_name} (trained in {time.perf_counter() - t:.0f}s)")
            print(
                f"classifier alone on all {test_name} notes: event type {clf['event_type_accuracy']:.3f}, "
                f"sub-event {clf['sub_event_accuracy']:.3f} (weighted F1 {clf['weighted_f1']:.3f})"
            )
            result: dict[str, object] = {"train": train_name, "test": test_name, "classifier": clf}
            if not args.classifier_only:
                rows = read_acled(REGIONS[test_name])
                if args.limit and args.limit < len(rows):
                    rows = random.Random(args.seed).sample(rows, args.limit)
                try:
                    for label, m in (("rules only", None), (f"with {train_name} model", model_path)):
                        t = time.perf_counter()
                        rep = evaluate_acled_rows(rows, model=m, source=f"{test_name} sample")
                        print(f"\n-- pipeline, {label} ({time.perf_counter() - t:.0f}s)")
                        print(rep.table(confusion=False))
                        result[label] = rep.to_dict()
                except ImportError as exc:
                    print(f"pipeline runs skipped: pipeline not available ({exc})")
            out.append(result)
    if args.json:
        print(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
