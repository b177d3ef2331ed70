"""Open the gazetteer index and look names up.

The index is a read-only SQLite file; opening it costs a few milliseconds, and each lookup is one
B-tree probe on a folded key, memoised per process so repeated names in a corpus are free.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from frontwire.gazetteer.build import SCHEMA_VERSION, build_index
from frontwire.gazetteer.names import fold, loose, region_base

LEVEL_NAMES = {0: "country", 1: "admin1", 2: "admin2", 3: "city", 4: "continent", 5: "other"}


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
        self.areas = lru_cache(maxsize=20_000)(self._areas)  # type: ignore[method-assign]
        self.demonym = lru_cache(maxsize=20_000)(self._demonym)  # type: ignore[method-assign]
        self.candidates = lru_cache(maxsize=100_000)(self._candidates)  # type: ignore[method-assign]
        self.has_key = lru_cache(maxsize=200_000)(self._has_key)  # type: ignore[method-assign]
        self.has_loose = lru_cache(maxsize=100_000)(self._has_loose)  # type: ignore[method-assign]
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
        rows = self._q(f"SELECT {_COLS}, a.how FROM alias a JOIN place p ON p.gid=a.gid WHERE a.key=?", (key,))
        if not rows or max(r[11] for r in rows) < 10_000:  # only hamlets: a bigger namesake spelt otherwise?
            lk = loose(key)
            if len(lk) >= 4:
                exact = {r[0] for r in rows}
                rows += [(*r, 3) for r in self._q(
                    f"SELECT {_COLS} FROM lalias a JOIN place p ON p.gid=a.gid WHERE a.key=?", (lk,)) if r[0] not in exact]
        if not rows and region_base(key) != key:
            # "Belgorod Oblast", "Donetsk province": the region under its base name
            base = [c for c in self._candidates(region_base(key)) if c.level in (1, 2)]
            return base
        cands = {r[0]: Candidate(*r) for r in rows}
        return sorted(cands.values(), key=lambda c: (-c.population, c.how, c.geonameid))

    def _has_key(self, key: str) -> bool:
        """Whether a folded key names anything (exact match only): the detector's cheap probe."""
        return bool(self._q("SELECT 1 FROM alias WHERE key=? LIMIT 1", (key,)))

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

    def country(self, country_code: str) -> Candidate | None:
        rows = self._q(f"SELECT {_COLS}, 0 FROM place p WHERE p.level=0 AND p.cc=?", (country_code,))
        return Candidate(*rows[0]) if rows else None
