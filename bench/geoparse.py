"""Geoparsing benchmark on LGL and GeoWebNews (Gritta et al. 2019 metrics), plus speed and size.

    python bench/geoparse.py [--data ../shared/eval/geoparsing] [--build] [--no-ner] [--resolution-only]
                             [--corpus lgl|gwn|both] [--show-misses N]

(a) resolution given the gold toponym spans, (b) end to end from raw text (detection P/R/F1 and
resolution of the correctly detected spans). Metrics: accuracy within 161 km, AUC of the log error
curve (lower is better; unresolved toponyms count as 20,039 km), mean and median error in km.

Honesty about tuning: the resolver/detector rules were looked at against the EVEN-indexed
articles of LGL and of GeoWebNews only ("dev"/"tuned on"); the odd-indexed articles of each are
held out and are the figures to quote. LGL and GeoWebNews count adjectival forms ("Syrian") as toponyms; frontwire's detector does
not by default (ACLED codes places, not peoples), so its ``demonyms=True`` mode is scored too.
Every detection line is followed by a ``--ner`` line: frontwire.places.ner.Detector, the gazetteer
matcher's spans reconciled with spaCy's stock NER (rules tuned on the even articles only; skip
with --no-ner). GeoWebNews detection is scored twice: strictly (its
adjectival/noun-modifier toponyms such as "US tariffs" or "Toronto police", which the detector
may find, count as false alarms) and with those modifier, demonym and language spans left
unscored (finding one is neither a hit nor a false alarm). Skips cleanly (exit 0) when the data is
absent.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from frontwire.geoeval import ceiling, end_to_end, metrics, read_gwn, read_lgl, resolution

DEFAULT = Path(os.environ.get("FRONTWIRE_EVAL", Path(__file__).resolve().parents[2] / "shared" / "eval")) / "geoparsing"


def fmt(name: str, m: dict[str, float]) -> str:
    if not m.get("n"):
        return f"{name:<34} n=0"
    return (f"{name:<34} n={m['n']:<5} acc@161={m['acc161']:.3f}  AUC={m['auc']:.3f}  "
            f"mean={m['mean_km']:.0f} km  median={m['median_km']:.1f} km")


def show_misses(name: str, docs, gaz, n: int) -> None:
    """Print up to ``n`` gold toponyms resolved more than 161 km away: the reading chosen, why,
    and the words around the mention (tuning split only: the held-out articles stay unread)."""
    from frontwire.geo import haversine_km
    from frontwire.places import resolve

    print(f"\n{name}: misses > 161 km")
    shown = 0
    for i, (text, gold) in enumerate(docs):
        for g, p in zip(gold, resolve(text, [(x.start, x.end, x.phrase) for x in gold], gaz), strict=True):
            km = haversine_km(g.lat, g.lon, p.latitude, p.longitude) if p.latitude is not None else None
            if km is not None and km <= 161:
                continue
            where = f"{p.name} ({p.country}, {p.admin1})" if p.latitude is not None else "unresolved"
            ctx = " ".join(text[max(0, g.start - 50):g.end + 30].split())
            dist = f"{km:.0f} km" if km is not None else ""
            print(f"[article {2 * i}] {g.phrase!r} -> {where} {dist} | {ctx}\n      {p.reason}")
            shown += 1
            if shown >= n:
                return


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--build", action="store_true", help="also time a fresh index build (about 20-30 s)")
    ap.add_argument("--no-ner", action="store_true",
                    help="skip the NER-assisted detector (places.ner.Detector: gazetteer + spaCy's stock NER)")
    ap.add_argument("--resolution-only", action="store_true",
                    help="only (a), resolution given the gold spans: no detection, speed or memory figures")
    ap.add_argument("--corpus", choices=("lgl", "gwn", "both"), default="both", help="which corpus to score")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print N resolution misses (> 161 km, gold spans) of the EVEN (tuning) articles and exit")
    args = ap.parse_args()
    lgl_path, gwn_path = args.data / "LGL_lgl.xml", args.data / "GeoWebNews_GWN.xml"
    if not lgl_path.exists() and not gwn_path.exists():
        print(f"geoparse: no data under {args.data}; skipping.")
        return 0

    from frontwire.gazetteer import Gazetteer, build_index, default_path

    if args.build:
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            build_index(Path(d) / "g.sqlite")
            print(f"index build: {time.perf_counter() - t:.1f} s")
    path = default_path()
    Gazetteer.open(path)  # builds if missing
    t = time.perf_counter()
    gaz = Gazetteer(path)
    print(f"index open: {(time.perf_counter() - t) * 1000:.1f} ms; size {path.stat().st_size / 1e6:.0f} MB ({path})")

    sets = {}
    if args.corpus == "gwn":
        lgl_path = args.data / "-"
    if args.corpus == "lgl":
        gwn_path = args.data / "-"
    if lgl_path.exists():
        lgl = read_lgl(lgl_path)
        sets["LGL dev (even articles, tuned on)"] = (lgl[0::2], lgl[0::2])
        sets["LGL held-out (odd articles)"] = (lgl[1::2], lgl[1::2])
        sets["LGL all"] = (lgl, lgl)
    if gwn_path.exists():
        geo, det = read_gwn(gwn_path)
        sets["GWN dev (even articles, tuned on)"] = (geo[0::2], det[0::2])
        sets["GWN held-out (odd articles)"] = (geo[1::2], det[1::2])
        sets["GWN all"] = (geo, det)
        neutral = read_gwn(gwn_path, neutral=True)[1]
        neutral_sets = {"GWN dev (even articles, tuned on)": neutral[0::2],
                        "GWN held-out (odd articles)": neutral[1::2], "GWN all": neutral}

    if args.show_misses:
        for name, (geo_docs, _det) in sets.items():
            if "even" in name:
                show_misses(name, geo_docs, gaz, args.show_misses)
        return 0
    print("\n(a) resolution given gold toponym spans")
    for name, (geo_docs, _det) in sets.items():
        print(fmt(name, metrics(resolution(geo_docs, gaz))) + f"  (gazetteer ceiling {ceiling(geo_docs, gaz):.3f})")
    if args.resolution_only:
        return 0
    print("\n(b) end to end from raw text (exact-span detection; resolution of detected gold spans)")
    from frontwire.places import demonym_country

    detector = None
    if not args.no_ner:
        from frontwire.places.ner import Detector

        detector = Detector(gazetteer=gaz, remember=True)  # NER entities parsed once per article
    for name, (_geo, det_docs) in sets.items():
        d, errs = end_to_end(det_docs, gaz)
        print(f"{name:<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f} (tp={d['tp']} fp={d['fp']} fn={d['fn']})")
        print(fmt("  resolution of detected", metrics(errs)))
        if detector is not None:
            d, ner_errs = end_to_end(det_docs, gaz, ner=detector)
            print(f"{'  --ner (gazetteer + stock NER)':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f} "
                  f"(tp={d['tp']} fp={d['fp']} fn={d['fn']})")
            print(fmt("  --ner resolution of detected", metrics(ner_errs)))
            print(f"{'  gold toponyms found and resolved within 161 km:':<50} gazetteer-only "
                  f"{sum(e <= 161 for e in errs)}, --ner {sum(e <= 161 for e in ner_errs)}")
        if name.startswith("LGL"):
            # LGL also tags demonyms ("Egyptian", "Sri Lankan") which frontwire deliberately does
            # not report as toponyms (ACLED codes places, not peoples): score without them too.
            no_dem = [(t, [g for g in gold if demonym_country(g.phrase, gaz) is None]) for t, gold in det_docs]
            d, _ = end_to_end(no_dem, gaz)
            print(f"{'  same, demonyms left out of gold':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")
            d, _ = end_to_end(det_docs, gaz, demonyms=True)
            print(f"{'  detector with demonyms=True':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")
            if detector is not None:
                d, _ = end_to_end(det_docs, gaz, demonyms=True, ner=detector)
                print(f"{'  --ner with demonyms=True':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")
        else:
            d, _ = end_to_end(neutral_sets[name], gaz)
            print(f"{'  same, modifiers/demonyms unscored':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")
            d, _ = end_to_end(neutral_sets[name], gaz, demonyms=True)
            print(f"{'  same, detector with demonyms=True':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")
            if detector is not None:
                d, _ = end_to_end(neutral_sets[name], gaz, ner=detector)
                print(f"{'  same, --ner':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")
                d, _ = end_to_end(neutral_sets[name], gaz, demonyms=True, ner=detector)
                print(f"{'  same, --ner with demonyms=True':<34} detection P={d['p']:.3f} R={d['r']:.3f} F1={d['f1']:.3f}")

    # speed: warm resolutions per second on one core (candidate lookups cached after the first pass)
    from frontwire.places import resolve

    # the same documents as before the GWN split was added: LGL dev + held-out + all, GWN all
    docs = [d for name, (geo_docs, _) in sets.items() if not name.startswith("GWN") or name == "GWN all" for d in geo_docs]
    spans = [[(g.start, g.end, g.phrase) for g in gold] for _t, gold in docs]
    for (text, _), sp in zip(docs, spans, strict=True):
        resolve(text, sp, gaz)
    t = time.perf_counter()
    n = 0
    for (text, _), sp in zip(docs, spans, strict=True):
        n += len(resolve(text, sp, gaz))
    dt = time.perf_counter() - t
    print(f"\nspeed: {n / dt:,.0f} resolutions/s warm ({n} toponyms in {dt:.2f} s, one core)")
    from frontwire.places import find_toponyms

    chars = sum(len(t) for t, _ in docs)
    t = time.perf_counter()
    for text, _ in docs:
        find_toponyms(text, gazetteer=gaz)
    dt = time.perf_counter() - t
    print(f"speed: detection {chars / dt / 1e6:.2f} M chars/s warm ({len(docs)} articles in {dt:.2f} s)")
    if detector is not None:
        from frontwire.places.ner import Detector

        fresh = Detector(gazetteer=gaz)  # no remembered entities: times the NER parse too
        uniq = list(dict.fromkeys(t for t, _ in docs))
        t = time.perf_counter()
        for _ in fresh.find_many(uniq):
            pass
        dt = time.perf_counter() - t
        print(f"speed: --ner detection {len(uniq) / dt:.1f} docs/s, {sum(map(len, uniq)) / dt / 1e3:.0f} k chars/s "
              f"({len(uniq)} distinct articles in {dt:.2f} s, model already loaded, batched nlp.pipe)")
    # VmHWM, not ru_maxrss: on Linux a child inherits its parent's ru_maxrss across fork+exec
    code = ("import sys; from frontwire.places import geocode; from frontwire.gazetteer import Gazetteer;"
            "g=Gazetteer.open(); [geocode(l, g) for l in sys.stdin.read().split('\\x00')];"
            "print([int(x.split()[1]) / 1024 for x in open('/proc/self/status') if x.startswith('VmHWM')][0])")
    r = subprocess.run([sys.executable, "-c", code], input="\x00".join(t for t, _ in docs), text=True,
                       capture_output=True, check=False)
    print(f"resolver RSS (open + geocode every article): {r.stdout.strip() or r.stderr[-300:]} MB")
    print(f"bench process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
