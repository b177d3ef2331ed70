"""Benchmark: the workbench on a store of 100,000 synthetic events.

Usage::

    python bench/serve.py                 # 100,000 events, API latency + page load
    python bench/serve.py --events 20000 --rounds 10 --no-browser

Builds a throw-away store (synthetic events spread over 3 years and ~40 hotspots, a few hundred
reviews so the ``events_reviewed`` view does real work), serves it with ``frontwire serve`` on a free
loopback port, then:

* API: each filtered query below is sent ``--rounds`` times (sequentially, one client, after one
  warm-up each); prints p50 / p95 / max per query and the p95 over all of them. Target p95 < 100 ms.
* Page: headless Chromium (Debian's /usr/bin/chromium; skipped when absent) loads the page; "
  interactive" = the map, timeline and first table page are drawn (``body[data-ready='1']``),
  measured from navigation start. Target < 2 s. Prints the median of ``--page-runs`` loads.

All traffic stays on 127.0.0.1; loops are bounded.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from frontwire.store import Store
from frontwire.taxonomy import EVENT_TYPES

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

QUERIES: list[tuple[str, str, dict]] = [
    ("events, default page", "/api/events", {}),
    ("events, type + date", "/api/events", {"event_type": "Battles", "date_from": "2023-03-01", "date_to": "2023-09-30"}),
    ("events, country + fatal sort", "/api/events", {"country": "Country 3", "sort": "fatalities", "order": "desc"}),
    ("events, free text", "/api/events", {"q": "hotspot 17"}),
    ("events, actor", "/api/events", {"actor": "group 4"}),
    ("events, page 200", "/api/events", {"page": 200, "page_size": 100, "sort": "location", "order": "asc"}),
    ("events, claimed + fatal>=5", "/api/events", {"claim_status": "claimed", "fatalities_min": 5}),
    ("timeline, all", "/api/timeline", {}),
    ("timeline, type", "/api/timeline", {"event_type": ["Protests", "Riots"]}),
    ("map, world", "/api/map", {"zoom": 2, "bbox": "-180,-85,180,85"}),
    ("map, zoomed", "/api/map", {"zoom": 7, "bbox": "30,45,33,47"}),
    ("map, type + date", "/api/map", {"zoom": 3, "event_type": "Riots", "date_from": "2024-01-01", "bbox": "-180,-85,180,85"}),
    ("meta", "/api/meta", {}),
    ("suggest actor", "/api/suggest", {"field": "actor", "q": "gro"}),
    ("detail", "/api/events/{id}", {}),
]  # fmt: skip


def build(path: Path, n: int, seed: int = 7) -> None:
    """``n`` synthetic fused events written straight into the store's ``events`` table."""
    rng = random.Random(seed)
    types = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]
    hotspots = [(rng.uniform(-30, 55), rng.uniform(-20, 100), f"Country {i % 12}", f"Region {i}")
                for i in range(40)]  # fmt: skip
    start = date(2022, 1, 1)
    rows = []
    for i in range(n):
        lat0, lon0, country, admin1 = hotspots[int(rng.paretovariate(1.2)) % len(hotspots)]
        etype, sub = types[rng.randrange(len(types))]
        day = start + timedelta(days=rng.randrange(3 * 365))
        fat = int(rng.expovariate(0.4)) if etype != "Protests" else 0
        rows.append((
            f"fw{i:014x}", f"SYN{i}", day, day.year, 1, etype, sub, f"Armed group {i % 50}", None,
            2, f"Civilians ({country})", None, 7, 27, country, admin1,
            f"Hotspot {i % 400}", lat0 + rng.gauss(0, 0.8), lon0 + rng.gauss(0, 0.8), 1,
            "Synthetic Wire", f"Synthetic note {i} about hotspot {i % 400}.", fat,
            rng.choice(("reported", "reported", "reported", "claimed", "denied")), 1, 0.5,
        ))  # fmt: skip
    cols = ("event_id, event_id_cnty, event_date, year, time_precision, event_type, sub_event_type, "
            "actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, country, "
            "admin1, location, latitude, longitude, geo_precision, source, notes, fatalities, "
            "claim_status, source_count, confidence")  # fmt: skip
    with Store(path) as store:
        con = store.con
        con.execute("BEGIN TRANSACTION")
        import pyarrow as pa  # bulk load through Arrow: executemany of 100k rows is slow

        names = [c.strip() for c in cols.split(",")]
        table = pa.table({name: [r[i] for r in rows] for i, name in enumerate(names)})
        con.register("synthetic", table)
        con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM synthetic")
        con.unregister("synthetic")
        reviews = []
        for k in range(600):
            eid = f"fw{rng.randrange(n):014x}"
            if k % 6 == 0:
                reviews.append((eid, "bench", "reject", None, None, "reject"))
            else:
                reviews.append((eid, "bench", "edit", "fatalities", None, str(rng.randrange(20))))
        con.executemany(
            "INSERT INTO reviews (event_id, who, action, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
            reviews,
        )
        con.execute("COMMIT")
        con.execute("CHECKPOINT")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def bench_api(base: str, rounds: int) -> list[float]:
    all_ms: list[float] = []
    with httpx.Client(base_url=base, timeout=30) as client:
        some_id = client.get("/api/events", params={"page_size": 1}).json()["items"][0]["event_id"]
        print(f"{'query':32} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  result")
        for name, path, params in QUERIES:
            url = path.replace("{id}", some_id)
            r = client.get(url, params=params)  # warm-up
            r.raise_for_status()
            times = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                r = client.get(url, params=params)
                times.append((time.perf_counter() - t0) * 1000)
                r.raise_for_status()
            body = r.json()
            size = body.get("total", body.get("mode", "")) if isinstance(body, dict) else len(body)
            extra = f"{body.get('mode')} {len(body.get('cells') or body.get('ids') or [])}" if "mode" in body else size
            print(f"{name:32} {pct(times, 50):8.1f} {pct(times, 95):8.1f} {max(times):8.1f}  {extra}")
            all_ms += times
    return all_ms


def bench_page(base: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=30000)
            ms = page.evaluate("performance.now()")  # ms since navigation start
            out.append(ms)
            context.close()
        browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=20, help="Requests per query (after a warm-up).")
    ap.add_argument("--page-runs", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        build(db, args.events)
        print(f"store: {args.events:,} synthetic events + 600 reviews built in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "frontwire.cli", "serve", "--db", str(db), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            for _ in range(150):
                try:
                    if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                print("server did not start:", proc.stderr.read().decode()[:2000])
                return 1
            all_ms = bench_api(base, args.rounds)
            p95 = pct(all_ms, 95)
            verdict = "OK" if p95 < 100 else "over target"
            print(f"API: {len(all_ms)} filtered requests, p50 {pct(all_ms, 50):.1f} ms, "
                  f"p95 {p95:.1f} ms (target < 100 ms: {verdict})")  # fmt: skip
            if args.no_browser:
                pass
            elif not CHROMIUM.exists():
                print("page: skipped (no /usr/bin/chromium; apt-get install chromium)")
            else:
                loads = bench_page(base, args.page_runs)
                med = statistics.median(loads)
                verdict = "OK" if med < 2000 else "over target"
                print(f"page interactive (map + timeline + table drawn): median {med:.0f} ms over "
                      f"{len(loads)} loads, max {max(loads):.0f} ms (target < 2000 ms: {verdict})")  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
