"""Stage-level check of ``frontwire.fatalities`` and ``frontwire.times`` on ACLED notes.

Each ACLED row has a short analyst note and the coded ``fatalities``, ``event_date`` and
``time_precision``. This runs ``find_fatalities`` on the note (best figure vs coded fatalities) and
``event_date(find_times(note))`` (with the row timestamp as publication date) and prints accuracy per
split: even rows = dev (looked at while writing rules), odd rows = held out. The whole pipeline is
scored by bench/acled.py; this isolates the two stages. Gold data is read, never copied.

    python bench/fatalities.py [CSV ...] [--errors N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from frontwire.fatalities import find_fatalities
from frontwire.times import event_date, find_times

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEFAULT = [
    EVAL / "acled_ukraine_2022" / "UkraineACLED_2022.csv",
    EVAL / "acled_burkina_faso" / "1997-01-01-2020-12-10-Burkina_Faso.csv",
]


def _date(value: str) -> date | None:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def score(rows: list[dict[str, str]], errors: list[str]) -> dict[str, float]:
    n = len(rows)
    fat_ok = fat_range = any_tp = any_fp = any_fn = date_ok = prec_ok = 0
    seconds = 0.0
    for r in rows:
        note, gold = r.get("notes", ""), int(r.get("fatalities") or 0)
        t0 = time.perf_counter()
        f = find_fatalities(note)
        seconds += time.perf_counter() - t0
        best, low, high = (f.best, f.low, f.high) if f else (0, 0, 0)
        fat_ok += best == gold
        fat_range += low <= gold <= high
        any_tp += gold > 0 and best > 0
        any_fp += gold == 0 and best > 0
        any_fn += gold > 0 and best == 0
        if best != gold:
            errors.append(f"FAT gold={gold} got={best} ({f.rule if f else '-'}): {note[:160]}")
        ts = r.get("timestamp", "")
        published = datetime.fromtimestamp(int(ts), UTC).date() if ts.isdigit() else None
        times = find_times(note, published)
        when = event_date(times, times, published)
        gold_date = _date(r.get("event_date", ""))
        date_ok += bool(when and when.value == gold_date)
        prec_ok += bool(when and str(when.precision) == r.get("time_precision", "").strip())
    return {
        "n": n,
        "fatalities exact": fat_ok / n,
        "fatalities in [low, high]": fat_range / n,
        "deaths>0 precision": any_tp / max(1, any_tp + any_fp),
        "deaths>0 recall": any_tp / max(1, any_tp + any_fn),
        "event_date exact": date_ok / n,
        "time_precision exact": prec_ok / n,
        "ms/note fatalities": 1000 * seconds / max(1, n),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="*", type=Path, default=DEFAULT, help="ACLED export CSV files")
    ap.add_argument("--errors", type=int, default=0, help="print this many dev errors per file")
    args = ap.parse_args(argv)
    files = [p for p in args.csv if p.is_file()]
    if not files:
        print(f"fatalities benchmark skipped: none of {', '.join(map(str, args.csv))} exists")
        return 0
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for split, part in (("dev", rows[0::2]), ("held-out", rows[1::2])):
            errors: list[str] = []
            s = score(part, errors)
            figures = "  ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in s.items())
            print(f"{path.name} [{split}] {figures}")
            if split == "dev":
                for e in errors[: args.errors]:
                    print("   ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
