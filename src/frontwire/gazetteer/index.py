"""Open the gazetteer index and look names up.

The index is a read-only SQLite file; opening it costs a few milliseconds, and each lookup is one
B-tree probe on a folded key, memoised per process so repeated names in a corpus are free.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from frontwire.gazetteer.build import SCHEMA_VERSION, build_index
from frontwire.gazetteer.names import fold, loose, region_base

LEVEL_NAMES = {0: "country", 1: "admin1", 2: "admin2", 3: "city", 4: "continent", 5: "other"}

# World regions, seas and oceans news names as places but the gazetteer sources lack (they list
# countries, regions, towns and continents only). Approximate centres, from general geography.
# Entries marked False are resolved when given but not detected: "EU" in news is mostly the
# organisation, not the territory.
WORLD_REGIONS: dict[str, tuple[str, float, float, bool]] = {
    "middle east": ("Middle East", 29.0, 42.0, True), "mideast": ("Middle East", 29.0, 42.0, True),
    "near east": ("Near East", 33.0, 38.0, True), "levant": ("Levant", 33.5, 36.0, True),
    "latin america": ("Latin America", -10.0, -62.0, True), "central america": ("Central America", 13.5, -86.0, True),
    "caribbean": ("Caribbean", 17.0, -72.0, True), "balkans": ("Balkans", 43.0, 21.0, True),
    "scandinavia": ("Scandinavia", 63.0, 15.0, True), "baltics": ("Baltic states", 57.0, 24.0, True),
    "baltic states": ("Baltic states", 57.0, 24.0, True), "caucasus": ("Caucasus", 42.5, 44.5, True),
    "central asia": ("Central Asia", 43.0, 65.0, True), "south asia": ("South Asia", 23.0, 80.0, True),
    "southeast asia": ("Southeast Asia", 10.0, 110.0, True), "south east asia": ("Southeast Asia", 10.0, 110.0, True),
    "east asia": ("East Asia", 35.0, 115.0, True), "west africa": ("West Africa", 12.0, -3.0, True),
    "east africa": ("East Africa", 2.0, 38.0, True), "north africa": ("North Africa", 27.0, 10.0, True),
    "southern africa": ("Southern Africa", -24.0, 25.0, True), "central africa": ("Central Africa", 3.0, 20.0, True),
    "sub saharan africa": ("Sub-Saharan Africa", 2.0, 20.0, True), "horn of africa": ("Horn of Africa", 8.0, 45.0, True),
    "maghreb": ("Maghreb", 32.0, 3.0, True), "arabian peninsula": ("Arabian Peninsula", 23.0, 47.0, True),
    "western europe": ("Western Europe", 48.0, 5.0, True), "eastern europe": ("Eastern Europe", 50.0, 28.0, True),
    "central europe": ("Central Europe", 49.0, 15.0, True), "northern europe": ("Northern Europe", 60.0, 15.0, True),
    "southern europe": ("Southern Europe", 41.0, 15.0, True),
    "european union": ("European Union", 50.0, 10.0, False), "eu": ("European Union", 50.0, 10.0, False),
    "persian gulf": ("Persian Gulf", 27.0, 51.0, True), "arabian gulf": ("Persian Gulf", 27.0, 51.0, True),
    "gulf": ("Persian Gulf", 27.0, 51.0, False), "gulf of mexico": ("Gulf of Mexico", 25.0, -90.0, True),
    "gulf of aden": ("Gulf of Aden", 12.5, 48.0, True), "mediterranean": ("Mediterranean Sea", 35.0, 18.0, True),
    "mediterranean sea": ("Mediterranean Sea", 35.0, 18.0, True), "atlantic": ("Atlantic Ocean", 25.0, -40.0, True),
    "atlantic ocean": ("Atlantic Ocean", 25.0, -40.0, True), "pacific": ("Pacific Ocean", 0.0, -160.0, True),
    "pacific ocean": ("Pacific Ocean", 0.0, -160.0, True), "indian ocean": ("Indian Ocean", -20.0, 80.0, True),
    "arctic": ("Arctic", 80.0, 0.0, True), "arctic ocean": ("Arctic Ocean", 85.0, 0.0, True),
    "black sea": ("Black Sea", 43.0, 35.0, True), "red sea": ("Red Sea", 20.0, 38.5, True),
    "caspian sea": ("Caspian Sea", 42.0, 50.5, True), "baltic sea": ("Baltic Sea", 58.0, 20.0, True),
    "north sea": ("North Sea", 56.0, 3.0, True), "south china sea": ("South China Sea", 12.0, 113.0, True),
    "east china sea": ("East China Sea", 29.0, 125.0, True), "sea of azov": ("Sea of Azov", 46.0, 36.5, True),
    "aegean": ("Aegean Sea", 39.0, 25.0, True), "aegean sea": ("Aegean Sea", 39.0, 25.0, True),
    "korean peninsula": ("Korean Peninsula", 38.0, 127.5, True), "siberia": ("Siberia", 60.0, 100.0, True),
    "kashmir": ("Kashmir", 34.0, 75.5, True), "donbas": ("Donbas", 48.0, 38.5, True),
    "donbass": ("Donbas", 48.0, 38.5, True), "west bank": ("West Bank", 32.0, 35.25, True),
    "gaza strip": ("Gaza Strip", 31.4, 34.35, True), "golan heights": ("Golan Heights", 33.0, 35.75, True),
    "sinai": ("Sinai Peninsula", 29.5, 33.8, True), "sinai peninsula": ("Sinai Peninsula", 29.5, 33.8, True),
    "midwest": ("Midwest", 41.5, -90.0, True), "new england": ("New England", 44.0, -71.5, True),
    "pacific northwest": ("Pacific Northwest", 46.0, -121.0, True),
}
# Common English names of countries the sources spell otherwise ("Britain" for the United Kingdom).
COUNTRY_ALIASES: dict[str, str] = {
    "britain": "GB", "america": "US", "soviet union": "RU", "ussr": "RU", "holland": "NL", "dprk": "KP",
    "drc": "CD", "burma": "MM", "ivory coast": "CI", "east timor": "TL", "swaziland": "SZ", "czechia": "CZ",
}
# Capitals' usual abbreviations: "D.C." is Washington, not Distrito Capital.
CITY_ALIASES: dict[str, tuple[str, str]] = {"d c": ("US", "washington"), "washington d c": ("US", "washington")}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to. ``how``: 0 its main name, 1 an alternate name,
    2 a region/acronym form ("Belgorod" for Belgorod Oblast, "UK"), 3 a loose transliteration match."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    country_code: str | None
    iso3: str | None
    country: str | None
    admin1: str | None
    admin2: str | None
    feature_class: str
    feature_code: str
    population: int
    level: int
    how: int

    @property
    def kind(self) -> str:
        return LEVEL_NAMES.get(self.level, "other")


def default_path() -> Path:
    """Where the index lives: $FRONTWIRE_CACHE or ~/.cache/frontwire, file gazetteer-v<schema>.sqlite."""
    base = os.environ.get("FRONTWIRE_CACHE") or Path.home() / ".cache" / "frontwire"
    return Path(base) / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


_COLS = "p.gid, p.name, p.lat, p.lon, p.cc, p.iso3, p.country, p.admin1, p.admin2, p.fclass, p.fcode, p.pop, p.level"
_OPEN: dict[Path, Gazetteer] = {}
_LOCK = threading.Lock()


class Gazetteer:
    """Read-only lookups over the on-disk index. Use ``Gazetteer.open()``; instances are shared."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connect()
        meta = dict(self._con.execute("SELECT k, v FROM meta").fetchall())
        if meta.get("schema") != SCHEMA_VERSION:
            raise RuntimeError(f"{path}: gazetteer schema {meta.get('schema')} != {SCHEMA_VERSION}; "
                               "rebuild it with `frontwire gazetteer build`")
        self.meta = meta
        self._admin1s: list[Candidate] | None = None
        self._admin1_by_name: dict[tuple, Candidate] | None = None
        self._seats: dict[int, str] | None = None
        self._area_points: dict[tuple[str, str, str], tuple[float, float]] | None = None
        self.areas = lru_cache(maxsize=20_000)(self._areas)  # type: ignore[method-assign]
        self.demonym = lru_cache(maxsize=20_000)(self._demonym)  # type: ignore[method-assign]
        self.candidates = lru_cache(maxsize=100_000)(self._candidates)  # type: ignore[method-assign]
        self.has_key = lru_cache(maxsize=200_000)(self._has_key)  # type: ignore[method-assign]
        self.has_loose = lru_cache(maxsize=100_000)(self._has_loose)  # type: ignore[method-assign]
        self.variants = lru_cache(maxsize=20_000)(self._variants)  # type: ignore[method-assign]
        self.capital = lru_cache(maxsize=512)(self._capital)  # type: ignore[method-assign]
        self.is_common_word = lru_cache(maxsize=100_000)(self._is_common)  # type: ignore[method-assign]

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the index at ``path`` (default: the user cache), building it first if missing."""
        p = Path(path) if path else default_path()
        with _LOCK:
            g = _OPEN.get(p)
            if g is None:
                if not p.exists():
                    build_index(p)
                g = _OPEN[p] = cls(p)
            return g

    def _connect(self) -> None:
        # check_same_thread=False: the connection is only read, under a lock. A forked worker
        # (multiprocessing, Dask) must not share its parent's connection: reconnect on a new pid.
        self._pid = os.getpid()
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._con.execute("PRAGMA mmap_size=268435456")

    def _q(self, sql: str, args: tuple) -> list[tuple]:
        if os.getpid() != self._pid:
            self._connect()
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _candidates(self, name: str) -> list[Candidate]:
        """Entries ``name`` may denote: exact folded matches, plus loose transliteration matches
        when the exact ones are missing or only hamlets; most populous first. Empty list when
        nothing matches."""
        key = fold(name)
        if not key:
            return []
        extra = self.extra(key)
        if extra:
            # a region/sea name: its namesake hamlets ("Atlantic, Iowa", "Middle East, Maryland")
            # stay candidates only if sizeable
            own = [c for c in self._plain(key) if c.level in (0, 1) or c.population >= 100_000]
            return extra + [c for c in own if c.geonameid not in {e.geonameid for e in extra}]
        return self._plain(key)

    def extra(self, key: str) -> list[Candidate]:
        """Candidates from the hand-written tables: world regions, country and capital aliases."""
        out: list[Candidate] = []
        if key in WORLD_REGIONS:
            name, lat, lon, _detect = WORLD_REGIONS[key]
            gid = -(zlib.crc32(f"RGN:{name}".encode()) & 0x7FFFFFFF)
            out.append(Candidate(gid, name, lat, lon, None, None, None, None, None, "L", "RGN", 500_000_000, 4, 1))
        cc = COUNTRY_ALIASES.get(key)
        if cc and (c := self.country(cc)) is not None:
            out.append(replace(c, how=1))
        if key in CITY_ALIASES:
            cc, city = CITY_ALIASES[key]
            out += [replace(c, how=1) for c in self._plain(city)[:5] if c.country_code == cc and c.feature_code == "PPLC"]
        return out

    def _plain(self, key: str) -> list[Candidate]:
        rows = self._q(f"SELECT {_COLS}, a.how FROM alias a JOIN place p ON p.gid=a.gid WHERE a.key=?", (key,))
        if not rows or max(r[11] for r in rows) < 10_000:  # only hamlets: a bigger namesake spelt otherwise?
            lk = loose(key)
            if len(lk) >= 4:
                exact = {r[0] for r in rows}
                rows += [(*r, 3) for r in self._q(
                    f"SELECT {_COLS} FROM lalias a JOIN place p ON p.gid=a.gid WHERE a.key=?", (lk,)) if r[0] not in exact]
        if not rows and region_base(key) != key:
            # "Belgorod Oblast", "Donetsk province": the region under its base name
            return [c for c in self._candidates(region_base(key)) if c.level in (1, 2)]
        cands = {r[0]: Candidate(*r) for r in rows}
        return sorted(cands.values(), key=lambda c: (-c.population, c.how, c.geonameid))

    def _variants(self, name: str) -> list[Candidate]:
        """Every entry whose name matches ``name`` up to transliteration ("Kamyanka" and
        "Kamianka"), even where exact matches exist: for a name the text places in a region that
        has it only under another spelling. Most populous first."""
        lk = loose(fold(name))
        if len(lk) < 4:
            return []
        rows = self._q(f"SELECT {_COLS} FROM lalias a JOIN place p ON p.gid=a.gid WHERE a.key=?", (lk,))
        cands = {r[0]: Candidate(*r, 3) for r in rows}
        return sorted(cands.values(), key=lambda c: (-c.population, c.geonameid))

    def _has_key(self, key: str) -> bool:
        """Whether a folded key names anything (exact match only): the detector's cheap probe."""
        return self.has_listed(key) or bool(self._q("SELECT 1 FROM alias WHERE key=? LIMIT 1", (key,)))

    def has_listed(self, key: str) -> bool:
        """Whether a folded key is in the hand-written tables as a name to detect in text."""
        return (key in WORLD_REGIONS and WORLD_REGIONS[key][3]) or key in COUNTRY_ALIASES or key in CITY_ALIASES

    def _has_loose(self, key: str) -> bool:
        """Whether a folded key matches a name up to transliteration (see ``names.loose``)."""
        lk = loose(key)
        return len(lk) >= 5 and bool(self._q("SELECT 1 FROM lalias WHERE key=? LIMIT 1", (lk,)))

    def _is_common(self, word: str) -> int:
        """Whether a lower-case word is general English vocabulary: 1 a stop word or WordNet
        verb/adjective/adverb, 2 known only as a noun (may be a proper noun), 0 not known."""
        rows = self._q("SELECT kind FROM common WHERE word=?", (word,))
        return rows[0][0] if rows else 0

    def _areas(self, key: str) -> list[tuple[str, str, str]]:
        """(country code, admin1, name) of named areas without coordinates (US counties) whose
        name, without "County", folds to ``key``."""
        return self._q("SELECT cc, admin1, name FROM area WHERE key=?", (key,))

    def area_point(self, country_code: str, admin1: str, key: str) -> tuple[float, float] | None:
        """Where a named area without coordinates of its own lies (a US county: ``key`` its folded
        name without "County", as ``areas`` takes it): the median of the postal codes filed under it,
        stored by the build when the postal table was there, else None. Loaded once (a few
        thousand rows)."""
        if self._area_points is None:
            self._area_points = {(cc, a1, k): (lat, lon) for k, cc, a1, lat, lon in self._q(
                "SELECT key, cc, admin1, lat, lon FROM area WHERE lat IS NOT NULL", ())}
        return self._area_points.get((country_code, admin1, key))

    def _demonym(self, key: str) -> Candidate | None:
        """The country a demonym names ("american" -> United States), if the data knows it."""
        rows = self._q(f"SELECT {_COLS}, 2 FROM demonym d JOIN place p ON p.gid=d.gid WHERE d.key=?", (key,))
        return Candidate(*rows[0]) if rows else None

    def admin1s(self) -> list[Candidate]:
        """Every admin1 region (a few thousand rows; loaded once)."""
        if self._admin1s is None:
            self._admin1s = [Candidate(*r) for r in self._q(f"SELECT {_COLS}, 2 FROM place p WHERE p.level=1", ())]
        return self._admin1s

    def get(self, geonameid: int) -> Candidate | None:
        rows = self._q(f"SELECT {_COLS}, 0 FROM place p WHERE p.gid=?", (geonameid,))
        return Candidate(*rows[0]) if rows else None

    def admin1_region(self, country_code: str, admin1: str) -> Candidate | None:
        """The admin1 entry of a given country and name (used for region-level results)."""
        if self._admin1_by_name is None:
            self._admin1_by_name = {(c.country_code, c.admin1): c for c in self.admin1s()}
        return self._admin1_by_name.get((country_code, admin1))

    def seat_admin1(self, region: Candidate) -> str | None:
        """The admin1 a region-level result is coded to: that of the point where the region is
        placed (its capital). That is the region itself, except where the capital is a city with
        region status of its own: "Kyiv region", placed at Kyiv, lies in "Kyiv City", as ACLED's
        admin fields follow its coordinates."""
        if self._seats is None:
            cities = [c for c in self.admin1s() if c.feature_code == "ADM1C"]
            self._seats = {r.geonameid: c.admin1 for r in self.admin1s() if r.feature_code != "ADM1C"
                           for c in cities if c.country_code == r.country_code and c.admin1
                           and abs(c.latitude - r.latitude) < 0.05 and abs(c.longitude - r.longitude) < 0.07}
        return self._seats.get(region.geonameid, region.admin1)

    def _capital(self, iso3: str) -> Candidate | None:
        """The country's capital (its most populous PPLC entry: namesakes abroad share the code).
        A scan of the place table (no index on feature codes), so ``capital`` memoises it."""
        rows = self._q(f"SELECT {_COLS}, 0 FROM place p WHERE p.fcode='PPLC' AND p.iso3=? ORDER BY p.pop DESC LIMIT 1",
                       (iso3,))
        return Candidate(*rows[0]) if rows else None

    def country(self, country_code: str) -> Candidate | None:
        rows = self._q(f"SELECT {_COLS}, 0 FROM place p WHERE p.level=0 AND p.cc=?", (country_code,))
        return Candidate(*rows[0]) if rows else None

