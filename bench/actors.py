"""Benchmark: actor mentions in ACLED's own ``notes`` against the gold actor columns.

Usage::

    python bench/actors.py                    # both regions, all rows
    python bench/actors.py --region burkina --limit 1000

Input: ``../shared/eval/acled_ukraine_2022/*.csv`` and ``../shared/eval/acled_burkina_faso/*.csv``
(third-party gold data, read only, never copied). Skips cleanly (exit 0) when absent.

What it measures (the actors stage alone, not the event stage's choice of actor1/actor2):
``find_actors(note, gold iso3, gold event date)`` over the whole note, then
- recall: is the gold ``actor1`` (``actor2``) among the names found;
- inter: of those found, is the inter code the gold one;
- precision: of the distinct names found, how many are one of the row's gold actors
  (actor1, actor2 or an associated actor).
Old ACLED exports spell a then-current period open ("(2015-)") where today's names close it
("(2015-2022)"); ``--strict-periods`` turns off treating those as equal.
``--event-type`` names each found actor for the row's gold sub-event type first
(``actors.for_event``: a riot's crowd is "Rioters (X)", a protest's "Protesters (X)"), as the
event stage does once it has typed the event; it measures the naming, not the typing.

Honesty: the lexicon was written from general knowledge; misses were inspected on random rows of
both parities while developing. Figures are printed per ``data_id`` parity so a held-out set of the
same kind can be compared against either.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
REGIONS = {"ukraine": "acled_ukraine_2022", "burkina": "acled_burkina_faso"}


def _open(name: str) -> str:
    return re.sub(r"\((\d{4})-\d{4}\)", r"(\1-)", name)


def run(path: Path, limit: int | None, strict: bool, event_type: bool = False) -> None:
    from frontwire import actors
    from frontwire.nlp import load_nlp

    with path.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r.get("notes")]
    if limit:
        rows = rows[:limit]
    nlp = load_nlp(ruler=False)
    hit: Counter[str] = Counter()
    tot: Counter[str] = Counter()
    actors.find_actors(nlp("Warm-up: the lexicon compiles on first use."))  # not timed
    t0 = time.perf_counter()
    in_actors = 0.0
    for r, doc in zip(rows, nlp.pipe([r["notes"] for r in rows], batch_size=64), strict=True):
        split = "even" if int(r["data_id"]) % 2 == 0 else "odd"
        when = datetime.strptime(r["event_date"], "%d %B %Y").date()
        t1 = time.perf_counter()
        found = actors.find_actors(doc, r["iso3"], when)
        in_actors += time.perf_counter() - t1
        by_slot: dict[str, dict[str, int]] = {"actor1": {}, "actor2": {}}
        for slot, names in by_slot.items():
            for a in found:
                if event_type:
                    a = actors.for_event(a, r["sub_event_type"], slot)
                names[a.name] = a.inter
                if not strict:
                    names.setdefault(_open(a.name), a.inter)
        gold_all = {r["actor1"], r["actor2"]}
        for k in ("assoc_actor_1", "assoc_actor_2"):
            gold_all |= set(filter(None, r[k].split("; ")))
        shown = {a.name for a in found}
        if event_type:
            shown = {actors.for_event(a, r["sub_event_type"], slot).name for a in found for slot in by_slot}
        for nm in shown:
            tot[f"{split}:found"] += 1
            hit[f"{split}:found"] += nm in gold_all or (not strict and _open(nm) in gold_all)
        for col, icol in (("actor1", "inter1"), ("actor2", "inter2")):
            names = by_slot[col]
            gold = r[col]
            if not gold:
                continue
            tot[f"{split}:{col}"] += 1
            if gold in names:
                hit[f"{split}:{col}"] += 1
                tot[f"{split}:{col}:inter"] += 1
                hit[f"{split}:{col}:inter"] += str(names[gold]) == r[icol]
    secs = time.perf_counter() - t0
    print(f"{path.parent.name}: {len(rows)} notes, {secs:.1f}s (parse + actors), find_actors "
          f"{in_actors:.2f}s ({1000 * in_actors / max(1, len(rows)):.2f} ms/note)")
    for split in ("even", "odd"):
        cells = []
        for key, label in (("actor1", "actor1 recall"), ("actor2", "actor2 recall"),
                           ("actor1:inter", "inter1 ok"), ("found", "precision")):
            k = f"{split}:{key}"
            cells.append(f"{label} {hit[k] / tot[k]:.3f} (n={tot[k]})" if tot[k] else f"{label} -")
        print(f"  {split:4}  " + "; ".join(cells))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--region", choices=sorted(REGIONS), action="append")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--strict-periods", action="store_true")
    ap.add_argument("--event-type", action="store_true",
                    help="name crowds for the gold sub-event type (actors.for_event) first")
    args = ap.parse_args()
    ran = False
    for region in args.region or sorted(REGIONS):
        folder = EVAL / REGIONS[region]
        csvs = sorted(folder.glob("*.csv")) if folder.is_dir() else []
        if not csvs:
            print(f"skip {region}: no CSV under {folder} (gold data absent)")
            continue
        run(csvs[0], args.limit, args.strict_periods, args.event_type)
        ran = True
    if not ran:
        print("no ACLED gold data found; nothing measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
