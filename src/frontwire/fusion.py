"""Fusion across documents: many reports of one incident become one event.

Two reports (events from two different documents) may be the same incident when
- their event types are the same or commonly confused (a battle with artillery reported as
  shelling; a protest that turned into a riot),
- their dates are within a day (a week / a month when either date is only that precise),
- their places are within 10 km (25 km when one is only "near" a town), or in the same admin2
  (admin1) when either place is only known at that precision, in the same country; a province-wide
  place must be backed by a shared actor or death count (else every report of that type and day in
  a province would match),
- their actors are compatible (no actor named, or at least one actor in common).

Clustering is a function of the *set* of reports, never of the order they arrived in, so ingesting
a corpus in any order gives identical events with identical ids:
1. connected components of a "could affect each other" graph (``linked``) bound what can merge;
2. inside a component, reports are taken in a canonical order (date, id): same-date reports form
   complete-linkage groups of one named place; same-day groups at two nearby places merge only
   when each is the other's one partner and their details agree (no chaining); a group dated only
   by relative expressions ("yesterday", a weekday) joins the one day-apart group with an explicit
   date or more reports when the details corroborate it (same perpetrator, death counts within
   one); week/month-precise reports join the single group they fit (else stand alone);
3. the fused id is a hash of the sorted member report ids.

Disagreements are kept, not averaged: each source's fatality count, perpetrator and claim status go
to ``claims``; fatalities are coded by ACLED's conservative rule (best = lowest reported count).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from frontwire.geo import haversine_km
from frontwire.records import Event
from frontwire.taxonomy import event_type_of, pick

DISTANCE_KM = 10.0
NEAR_KM = 25.0  # "near X" (geo_precision 2) may lie this far from X
_DATE_TOL = {1: 1, 2: 7, 3: 31}
_MAX_TOL = max(_DATE_TOL.values())
MAX_WINDOW_DAYS = _MAX_TOL  # the widest date gap two reports of one incident can have

# Event types reporters commonly mix up for one incident (undirected).
_COMPATIBLE_TYPES = {
    frozenset({"Battles", "Explosions/Remote violence"}),
    frozenset({"Protests", "Riots"}),
}

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

# Fields whose per-source values are kept as claims when sources disagree.
_DISPUTABLE = ("fatalities", "actor1", "actor2", "sub_event_type", "event_date", "location")

Row = dict[str, Any]


@dataclass(slots=True)
class FusedEvent:
    """One incident with every report of it. Field names follow the ``events`` table."""

    event_id: str
    event_date: date | None
    time_precision: int | None
    disorder_type: str | None
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | None
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int | None
    interaction: int | None
    civilian_targeting: str | None
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    geonameid: int | None
    source: str | None
    notes: str | None
    fatalities: int
    fatalities_low: int
    fatalities_high: int
    claim_status: str | None
    claimed_by: str | None
    source_count: int
    confidence: float
    members: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    claims: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the date as an ISO string)."""
        d = asdict(self)
        d["event_date"] = self.event_date.isoformat() if self.event_date else None
        return d


# -- pairwise compatibility ---------------------------------------------------------------------------


def _types_ok(a: Row, b: Row) -> bool:
    ta, tb = a.get("event_type"), b.get("event_type")
    return ta == tb or frozenset({ta, tb}) in _COMPATIBLE_TYPES


def reach_days(r: Row) -> int:
    """How many days away a partner of ``r`` may be dated (when the partner is day-precise)."""
    return _DATE_TOL.get(r.get("time_precision") or 1, _MAX_TOL)


def _tol(a: Row, b: Row) -> int:
    return _DATE_TOL.get(max(a.get("time_precision") or 1, b.get("time_precision") or 1), _MAX_TOL)


def _dates_ok(a: Row, b: Row) -> bool:
    da, db = a.get("event_date"), b.get("event_date")
    if da is None or db is None:
        return False
    return abs((da - db).days) <= _tol(a, b)



def _places_ok(a: Row, b: Row) -> bool:
    if not a.get("iso3") or a.get("iso3") != b.get("iso3"):
        return False
    pa, pb = a.get("geo_precision") or 3, b.get("geo_precision") or 3
    has_xy = all(
        v is not None
        for v in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude"))
    )
    if has_xy and max(pa, pb) <= 2:
        near = haversine_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
        if near <= (DISTANCE_KM if max(pa, pb) == 1 else NEAR_KM):
            return True
        if max(pa, pb) == 1:
            return False
    if max(pa, pb) <= 2 and a.get("admin2") and b.get("admin2"):
        return a["admin2"] == b["admin2"] and a.get("admin1") == b.get("admin1")
    if has_xy and max(pa, pb) <= 2:
        return False  # two places "near" towns far apart, and no district to say otherwise
    if a.get("admin1") and b.get("admin1"):
        return a["admin1"] == b["admin1"] and not (
            a.get("admin2") and b.get("admin2") and a["admin2"] != b["admin2"]
        )
    return False


def _actors_ok(a: Row, b: Row) -> bool:
    sa = {x for x in (a.get("actor1"), a.get("actor2")) if x}
    sb = {x for x in (b.get("actor1"), b.get("actor2")) if x}
    return not sa or not sb or bool(sa & sb)


def _details_shared(a: Row, b: Row) -> bool:
    """A detail beyond type and date in common: an actor, or death counts within one."""
    sa = {x for x in (a.get("actor1"), a.get("actor2")) if x}
    sb = {x for x in (b.get("actor1"), b.get("actor2")) if x}
    if sa & sb:
        return True
    return (
        _has_count(a)
        and _has_count(b)
        and abs(int(a.get("fatalities") or 0) - int(b.get("fatalities") or 0)) <= 1
    )


def compatible(a: Row, b: Row) -> bool:
    """May reports ``a`` and ``b`` describe the same incident? (symmetric) When either place is
    only known province-wide, type, date and province alone match too much: a shared actor or
    death count must back it."""
    return (
        a.get("document_id") != b.get("document_id")
        and _types_ok(a, b)
        and _dates_ok(a, b)
        and _places_ok(a, b)
        and _actors_ok(a, b)
        and (
            max(a.get("geo_precision") or 3, b.get("geo_precision") or 3) < 3
            or _details_shared(a, b)
        )
    )


#: Time rules (``Evidence.rule`` of ``event_date``) that read a calendar date from the text.
EXACT_DATE_RULES = frozenset({"iso-date", "numeric-date", "day-month", "month-day"})


def date_exact(r: Row) -> bool:
    """Was the report's date written out (\"on 14 March\"), not worked out from \"yesterday\"?"""
    return bool(r.get("date_exact"))


def date_is_exact(evidence: Iterable[Any]) -> bool:
    """From an event's evidence: is its date an explicit calendar date?"""
    return any(e.field == "event_date" and e.rule in EXACT_DATE_RULES for e in evidence)


def fusable(r: Row) -> bool:
    """Only reports with a date and a country can be fused with others."""
    return r.get("event_date") is not None and bool(r.get("iso3"))


# -- clustering ----------------------------------------------------------------------------------------


def linked(a: Row, b: Row) -> bool:
    """Can ``a`` and ``b`` influence each other's clustering (see ``cluster_component``)? A subset
    of ``compatible`` that is still closed for every decision the clustering makes: same-date
    pairs, pairs with a week/month-precise report, and day-apart pairs where one date is relative
    and both give death counts within one (the only cross-day merges pass 2 can make). Day-apart
    pairs of written-out dates are left out, so daily reports from one town do not chain a
    year into one component that every new report would re-cluster."""
    if not compatible(a, b):
        return False
    if a["event_date"] == b["event_date"]:
        return True
    if (a.get("time_precision") or 1) > 1 or (b.get("time_precision") or 1) > 1:
        return True
    return (
        not (date_exact(a) and date_exact(b))
        and _has_count(a)
        and _has_count(b)
        and abs(int(a.get("fatalities") or 0) - int(b.get("fatalities") or 0)) <= 1
    )


class _DateIndex:
    """Reports by (country, date), for finding the neighbours of one report without comparing
    all pairs. Week/month-precise reports sit in their own index: they reach further."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.precise: dict[tuple[str, date], list[Row]] = {}
        self.coarse: dict[tuple[str, date], list[Row]] = {}
        for r in rows:
            if fusable(r):
                index = self.coarse if (r.get("time_precision") or 1) > 1 else self.precise
                index.setdefault((r["iso3"], r["event_date"]), []).append(r)

    def neighbours(self, r: Row) -> Iterable[Row]:
        """The reports ``linked`` to ``r`` within its reach in days."""
        if not fusable(r):
            return
        iso3, d0 = r["iso3"], r["event_date"]
        for index, tol in ((self.precise, reach_days(r)), (self.coarse, _MAX_TOL)):
            if not index:
                continue
            for k in range(-tol, tol + 1):
                for o in index.get((iso3, d0 + timedelta(days=k)), ()):
                    if o is not r and linked(r, o):
                        yield o


def components(rows: Sequence[Row], seeds: Iterable[str] | None = None) -> list[list[Row]]:
    """Connected components of the ``linked`` graph (all of them, or those holding ``seeds``):
    clustering each one alone gives the same incidents as clustering all rows at once."""
    index = _DateIndex(rows)
    by_id = {r["event_id"]: r for r in rows}
    start = sorted(by_id) if seeds is None else sorted(s for s in set(seeds) if s in by_id)
    seen: set[str] = set()
    out: list[list[Row]] = []
    for sid in start:
        if sid in seen:
            continue
        comp, stack = [], [by_id[sid]]
        seen.add(sid)
        while stack:
            r = stack.pop()
            comp.append(r)
            for o in index.neighbours(r):
                if o["event_id"] not in seen:
                    seen.add(o["event_id"])
                    stack.append(o)
        out.append(comp)
    return out


def _key(r: Row) -> tuple:
    return (r.get("event_date") or date.max, r.get("time_precision") or 1, r["event_id"])


def _compare(g: Sequence[Row], h: Sequence[Row]) -> tuple[bool, bool | None]:
    """(perpetrators compatible, death counts within one) of two groups; the second is None when
    either group gives no count."""
    a1 = {r.get("actor1") for r in g if r.get("actor1")}
    b1 = {r.get("actor1") for r in h if r.get("actor1")}
    cg = [int(r.get("fatalities") or 0) for r in g if _has_count(r)]
    ch = [int(r.get("fatalities") or 0) for r in h if _has_count(r)]
    counts = any(abs(x - y) <= 1 for x in cg for y in ch) if cg and ch else None
    return not (a1 and b1 and not (a1 & b1)), counts


def _corroborated(g: Sequence[Row], h: Sequence[Row]) -> bool:
    """Do two groups a day apart tell the same story: same perpetrator (when both name one) and
    death counts within one of each other (both must give a count: no count, no corroboration)?"""
    actors_ok, counts = _compare(g, h)
    return actors_ok and counts is True


def _place_key(r: Row) -> Any:
    return r.get("geonameid") or (r.get("location"), r.get("admin1"), r.get("admin2"))


def _two_places(a: Row, b: Row) -> bool:
    """Do ``a`` and ``b`` name two different towns (in, or near, each), a few km apart?"""
    return (
        (a.get("geo_precision") or 3) <= 2
        and (b.get("geo_precision") or 3) <= 2
        and _place_key(a) != _place_key(b)
    )


def _agree(g: Sequence[Row], h: Sequence[Row]) -> bool:
    """No contradiction between two groups: same perpetrator when both name one, and death
    counts within one of each other when both give one."""
    actors_ok, counts = _compare(g, h)
    return actors_ok and counts is not False


def _join_nearby(groups: list[list[Row]]) -> list[list[Row]]:
    """Same-day groups at two nearby named places are one incident only when each is the other's
    one compatible partner and their details do not contradict: sources naming a neighbouring
    village for one attack merge, two attacks on neighbouring towns that day do not. Mutual and
    unique, so no chaining and no dependence on order."""

    def partners(i: int) -> list[int]:
        g = groups[i]
        return [
            j
            for j, h in enumerate(groups)
            if j != i
            and h[0]["event_date"] == g[0]["event_date"]
            and all(compatible(a, b) for a in g for b in h)
            and _agree(g, h)
        ]

    cands = [partners(i) for i in range(len(groups))]
    out: list[list[Row]] = []
    for i, g in enumerate(groups):
        if len(cands[i]) == 1 and cands[cands[i][0]] == [i]:
            j = cands[i][0]
            if j < i:
                continue  # merged when j was visited
            out.append(sorted(g + groups[j], key=_key))
        else:
            out.append(g)
    return out


def cluster_component(comp: Sequence[Row]) -> list[list[Row]]:
    """Split one component into incidents, canonically (see the module docstring)."""
    rows = sorted(comp, key=_key)
    if len(rows) == 1:
        return [rows]
    exact = [r for r in rows if fusable(r) and (r.get("time_precision") or 1) == 1]
    coarse = [r for r in rows if r not in exact]
    clusters = _join_relative_dates(_join_nearby(_same_day_groups(exact)))
    loose = _place_coarse(coarse, clusters)
    return sorted((sorted(c, key=_key) for c in clusters + loose), key=lambda c: _key(c[0]))


def _same_day_groups(exact: Sequence[Row]) -> list[list[Row]]:
    """Pass 1: day-precise reports grouped by date with complete linkage, never across two named
    places."""
    groups: list[list[Row]] = []
    for r in exact:
        for g in groups:
            if g[0]["event_date"] == r["event_date"] and all(
                compatible(r, o) and not _two_places(r, o) for o in g
            ):
                g.append(r)
                break
        else:
            groups.append([r])
    return groups


def _join_relative_dates(groups: list[list[Row]]) -> list[list[Row]]:
    """Pass 2: a group dated only by relative expressions ("yesterday", a weekday, "overnight") may
    be a day off: it joins the one adjacent-day compatible group that has an explicit date or more
    reports, when the details corroborate it (same perpetrator, death counts within one).
    Explicitly dated groups never move: two shellings on consecutive days stay two."""
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, g in enumerate(groups):
        if any(date_exact(r) for r in g):
            continue
        cands = [
            ((any(date_exact(r) for r in h), len(h)), j)
            for j, h in enumerate(groups)
            if j != i
            and abs((h[0]["event_date"] - g[0]["event_date"]).days) == 1
            and (len(h) > len(g) or any(date_exact(r) for r in h))
            and _corroborated(g, h)
            and all(compatible(a, b) for a in g for b in h)
        ]
        if cands:
            top = max(c[0] for c in cands)
            best = [j for n, j in cands if n == top]
            if len(best) == 1:
                parent[find(i)] = find(best[0])
    merged: dict[int, list[Row]] = {}
    for i, g in enumerate(groups):
        merged.setdefault(find(i), []).extend(g)
    return [sorted(g, key=_key) for g in merged.values()]


def _place_coarse(coarse: Sequence[Row], clusters: list[list[Row]]) -> list[list[Row]]:
    """Pass 3: a week/month-precise report joins the one incident in ``clusters`` it fits (in
    place); the others group among themselves and are returned."""
    loose: list[list[Row]] = []
    for r in coarse:
        fits = [c for c in clusters if all(compatible(r, o) for o in c)]
        if len(fits) == 1:
            fits[0].append(r)
            continue
        for g in loose:
            if all(compatible(r, o) for o in g):
                g.append(r)
                break
        else:
            loose.append([r])
    return loose


def cluster(rows: Sequence[Row]) -> list[list[Row]]:
    """All incidents among ``rows`` (each a list of member reports), in canonical order."""
    out: list[list[Row]] = []
    for comp in components(rows):
        out.extend(cluster_component(comp))
    return sorted(out, key=lambda c: _key(c[0]))


# -- one incident from its reports -------------------------------------------------------------------


def fused_id(member_ids: Iterable[str]) -> str:
    """Stable id of an incident: a hash of its sorted member report ids."""
    digest = hashlib.sha256("\n".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return "fw" + digest[:14]


def _mode(values: Iterable[Any], tiebreak=None) -> Any:
    vals = [v for v in values if v not in (None, "")]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    best = [v for v, n in counts.items() if n == top]
    return min(best, key=tiebreak or (lambda v: str(v)))


def combine_fatalities(counts: Sequence[tuple[int, int, int]]) -> tuple[int, int, int]:
    """ACLED's conservative rule: best = lowest count reported, range over all reports."""
    if not counts:
        return 0, 0, 0
    try:
        from frontwire.fatalities import combine  # the stage that owns the conventions
        from frontwire.records import Fatalities

        f = combine([Fatalities(best=b, low=lo, high=hi) for b, lo, hi in counts])
        return f.best, f.low, f.high
    except ImportError:
        best = min(b for b, _lo, _hi in counts)
        return best, min(lo for _b, lo, _hi in counts), max(hi for _b, _lo, hi in counts)


def _has_count(r: Row) -> bool:
    if "has_fatalities" in r and r["has_fatalities"] is not None:
        return bool(r["has_fatalities"])
    return bool(r.get("fatalities") or r.get("fatalities_high"))


def _fused_type(members: Sequence[Row]) -> tuple[str | None, str | None]:
    """(event_type, sub_event_type): the sub-event type ACLED's precedence picks among the reports'
    (its parent type follows); the most reported labels when a label is not in the taxonomy."""
    subs = [r["sub_event_type"] for r in members if r.get("sub_event_type")]
    try:
        sub = pick(sorted(set(subs))) if subs else None
        etype = event_type_of(sub) if sub else _mode(r.get("event_type") for r in members)
    except ValueError:
        sub = _mode(subs)
        etype = _mode(r.get("event_type") for r in members)
    return etype, sub


def _fused_date(members: Sequence[Row]) -> tuple[date | None, int]:
    """(date, time_precision): the most precise, explicit dates before relative ones, the most
    reported, the earliest."""
    prec = min((r.get("time_precision") or 1) for r in members)
    at_prec = [r for r in members if (r.get("time_precision") or 1) == prec]
    dated = [r for r in at_prec if date_exact(r)] or at_prec
    return _mode((r.get("event_date") for r in dated), tiebreak=lambda d: d), prec


def _fused_place(members: Sequence[Row]) -> Row:
    """The report whose place stands for the incident: the most precise geo_precision, then the
    most reported location name."""
    gp = min((r.get("geo_precision") or 9) for r in members)
    at_gp = [r for r in members if (r.get("geo_precision") or 9) == gp]
    loc = _mode(r.get("location") for r in at_gp)
    return next((r for r in at_gp if r.get("location") == loc), at_gp[0])


def _fused_fatalities(members: Sequence[Row]) -> tuple[int, int, int]:
    """(best, low, high) over the reports that give a count; low <= best <= high."""
    counts = [
        (
            int(r.get("fatalities") or 0),
            int(r.get("fatalities_low") or 0),
            int(r.get("fatalities_high") or 0),
        )
        for r in members
        if _has_count(r)
    ]
    best, low, high = combine_fatalities(counts)
    return best, min(low, best), max(high, best)


def fuse_cluster(members: Sequence[Row]) -> FusedEvent:
    """One fused event from the reports of one incident (members in canonical order)."""
    members = sorted(members, key=_key)
    ids = tuple(r["event_id"] for r in members)
    docs = tuple(sorted({r["document_id"] for r in members}))
    etype, sub = _fused_type(members)
    ev_date, prec = _fused_date(members)
    place = _fused_place(members)
    # Actors: the most reported perpetrator / target; the other versions become claims.
    actor1 = _mode(r.get("actor1") for r in members)
    actor2 = _mode(r.get("actor2") for r in members if r.get("actor2") != actor1)
    a1row = next((r for r in members if r.get("actor1") == actor1), members[0])
    a2row = next((r for r in members if r.get("actor2") == actor2), None)
    best, low, high = _fused_fatalities(members)
    statuses = {r.get("claim_status") or "reported" for r in members}
    status = next(s for s in ("reported", "claimed", "denied") if s in statuses or s == "denied")
    claimed_by = _mode(r.get("claimed_by") for r in members)
    inter1 = a1row.get("inter1") if actor1 else None
    inter2 = a2row.get("inter2") if a2row else None
    interaction = _interaction(inter1, inter2, actor2)
    sources = sorted({s for r in members for s in (r.get("source") or "").split("; ") if s})
    rep = max(members, key=lambda r: (r.get("confidence") or 0.0, -ids.index(r["event_id"])))
    notes = rep.get("notes") or ""
    fe = FusedEvent(
        event_id=fused_id(ids),
        event_date=ev_date,
        time_precision=prec,
        disorder_type=_DISORDER.get(etype or ""),
        event_type=etype,
        sub_event_type=sub,
        actor1=actor1,
        assoc_actor_1=a1row.get("assoc_actor_1") if actor1 else None,
        inter1=inter1,
        actor2=actor2,
        assoc_actor_2=a2row.get("assoc_actor_2") if a2row else None,
        inter2=inter2,
        interaction=interaction,
        civilian_targeting="Civilian targeting"
        if inter2 == 7 and _DISORDER.get(etype or "") == "Political violence"
        else None,
        country=place.get("country"),
        iso3=place.get("iso3"),
        admin1=place.get("admin1"),
        admin2=place.get("admin2"),
        location=place.get("location"),
        latitude=place.get("latitude"),
        longitude=place.get("longitude"),
        geo_precision=place.get("geo_precision"),
        geonameid=place.get("geonameid"),
        source="; ".join(sources) or None,
        notes=notes,
        fatalities=best,
        fatalities_low=low,
        fatalities_high=high,
        claim_status=status,
        claimed_by=claimed_by,
        source_count=len(docs),
        confidence=max(float(r.get("confidence") or 0.0) for r in members),
        members=ids,
        documents=docs,
    )
    fe.claims = _claims(fe, members)
    return fe


def _interaction(inter1: int | None, inter2: int | None, actor2: str | None) -> int | None:
    """ACLED's interaction code of the fused actors; None when actor1 has no inter code."""
    if inter1 is None:
        return None
    if inter2 is None or actor2 is None:
        return inter1 * 10 if inter1 else None
    from frontwire.actors import interaction  # lazy: actors loads spaCy and the actor lexicon

    return interaction(inter1, inter2)


def _claims(fe: FusedEvent, members: Sequence[Row]) -> list[dict[str, Any]]:
    """Per-source values where sources disagree, and every claim/denial with its source."""
    out: list[dict[str, Any]] = []
    for fld in _DISPUTABLE:
        if fld == "fatalities":
            vals = {r.get("fatalities") for r in members if _has_count(r)}
            rows = [r for r in members if _has_count(r)]
        else:
            vals = {r.get(fld) for r in members if r.get(fld) not in (None, "")}
            rows = [r for r in members if r.get(fld) not in (None, "")]
        if len(vals) < 2:
            continue
        for r in rows:
            val = r.get(fld)
            out.append(_claim(fe, r, fld, val.isoformat() if isinstance(val, date) else str(val)))
    for r in members:
        if (r.get("claim_status") or "reported") != "reported" or r.get("claimed_by"):
            out.append(_claim(fe, r, "claim", r.get("claim_status") or "claimed"))
    return out


def _claim(fe: FusedEvent, r: Row, fld: str, value: str) -> dict[str, Any]:
    return {
        "event_id": fe.event_id,
        "report_id": r["event_id"],
        "document_id": r["document_id"],
        "source": r.get("source"),
        "field": fld,
        "value": value,
        "claimant": r.get("claimed_by") or r.get("source"),
        "status": r.get("claim_status") or "reported",
    }


def event_row(ev: Event) -> Row:
    """The row fusion works on, from an in-memory Event."""
    d = {name: getattr(ev, name) for name in ev.__dataclass_fields__ if name != "evidence"}
    d["has_fatalities"] = bool(
        ev.fatalities or ev.fatalities_high or any(e.field == "fatalities" for e in ev.evidence)
    )
    d["date_exact"] = date_is_exact(ev.evidence)
    return d


def fuse(events: Iterable[Event | Row]) -> list[FusedEvent]:
    """Fuse in-memory events (or report rows) into incidents; deterministic, order-independent."""
    rows = [event_row(e) if isinstance(e, Event) else dict(e) for e in events]
    return [fuse_cluster(c) for c in cluster(rows)]


# -- ACLED bookkeeping columns ---------------------------------------------------------------------


def acled_extras(f: FusedEvent) -> dict[str, Any]:
    """The ACLED columns derived from a fused event: country id, ISO numeric, region, year, tags."""
    iso, region = _country_codes(f.iso3)
    return {
        "event_id_cnty": f"{f.iso3 or 'XXX'}{f.event_id[2:12].upper()}",
        "year": f.event_date.year if f.event_date else None,
        "iso": iso,
        "region": region,
        "tags": _tags(f),
    }


def _tags(f: FusedEvent) -> str | None:
    tags = []
    if f.fatalities_low != f.fatalities_high:
        tags.append(f"fatalities range={f.fatalities_low}-{f.fatalities_high}")
    if f.claim_status and f.claim_status != "reported":
        tags.append(f"claim={f.claim_status}" + (f" by {f.claimed_by}" if f.claimed_by else ""))
    return "; ".join(tags) or None


# ACLED regions by UN M49 sub-region (ACLED uses these names; "Middle East" covers Western Asia).
_REGIONS = {
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Northern Africa": "Northern Africa",
    "Southern Asia": "South Asia",
    "South-Eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia",
    "Western Asia": "Middle East",
    "Central Asia": "Caucasus and Central Asia",
    "Central America": "Central America",
    "South America": "South America",
    "Caribbean": "Caribbean",
    "Northern America": "North America",
    "Eastern Europe": "Europe",
    "Western Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
_CAUCASUS = {"ARM", "AZE", "GEO"}
_country_cache: dict[str | None, tuple[int | None, str | None]] = {}


def _country_codes(iso3: str | None) -> tuple[int | None, str | None]:
    """ISO numeric code and ACLED region for an ISO3 code (offline package; None if unknown)."""
    if iso3 in _country_cache:
        return _country_cache[iso3]
    numeric = region = None
    if iso3:
        import countrystatecity_countries as csc

        match = next((c for c in csc.get_countries() if c.iso3 == iso3), None)
        if match is not None:
            numeric = int(match.numeric_code) if match.numeric_code else None
            region = (
                "Caucasus and Central Asia"
                if iso3 in _CAUCASUS
                else _REGIONS.get(match.subregion or "")
            )
    _country_cache[iso3] = (numeric, region)
    return numeric, region
