"""A collection's geographic focus: a weak prior for names a document alone cannot place.

Why: a monitoring note such as "explosions near Vodiane" names one village and nothing else, and
Ukraine has several villages of that name in different oblasts. A reader who has seen the rest of
the feed knows where its reports tend to be; the document cannot tell. ``Focus`` carries that
knowledge as weights of regions, countries and neighbourhoods, either given by the user ("UA",
"UA:Donetsk") or learnt from the collection itself: where the names it uses unambiguously lie
(every reading of the name in one region, or within 25 km). Nothing is learnt from coded data, and a focus only
breaks ties between namesakes in different regions: context the document gives (a region it
names, its other places) outweighs it.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from frontwire.gazetteer.index import Candidate, Gazetteer
from frontwire.gazetteer.names import fold
from frontwire.geo import haversine_km
from frontwire.places.detect import find_toponyms
from frontwire.places.lookup import gazetteer_or_default, lookup

# score added for a reading in the collection's main region (weight 1), and in its main country:
# below what the text's own signals add (its country focus, a region it names, its other places),
# which therefore still decide
W_REGION, W_COUNTRY = 2.0, 1.0
# and for lying where the collection's unambiguous places cluster (a front line, a contested
# district): the weight of the densest neighbourhood; a town's neighbourhood is its cell of
# _CELL degrees and the eight around it. W_SPOT and _CELL were chosen on the even-data_id half of
# the ACLED Ukraine notes (W_SPOT 2, 4, 6, 10; _CELL 0.1, 0.2, 0.35), W_REGION from 0-3 likewise
W_SPOT = 4.0
_CELL = 0.2
# a name whose readings all lie within this many km is unambiguous enough to learn its point from
_SAME_PLACE_KM = 25.0

Cell = tuple[int, int]


def _cell(lat: float, lon: float) -> Cell:
    return math.floor(lat / _CELL), math.floor(lon / _CELL)


def _neighbourhood(cell: Cell) -> list[Cell]:
    i, j = cell
    return [(i + di, j + dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]


@dataclass(frozen=True)
class Focus:
    """How much a collection is about each region, country and neighbourhood, as weights
    relative to the most-named one (1.0).

    ``regions`` is keyed by (ISO 3166 alpha-2 code, admin1 name), ``countries`` by alpha-2 code,
    ``spots`` by neighbourhood (a cell of ``_CELL`` degrees and the eight around it).
    """

    regions: Mapping[tuple[str, str], float] = field(default_factory=dict)
    countries: Mapping[str, float] = field(default_factory=dict)
    documents: int = 0
    spots: Mapping[Cell, float] = field(default_factory=dict)

    def bonus(self, c: Candidate) -> float:
        """What the focus adds to one reading's score."""
        cc = c.country_code or ""
        b = W_COUNTRY * self.countries.get(cc, 0.0)
        if c.level != 0 and c.admin1:
            b += W_REGION * self.regions.get((cc, c.admin1), 0.0)
        if self.spots and c.level in (2, 3):
            b += W_SPOT * self.spots.get(_cell(c.latitude, c.longitude), 0.0)
        return b

    def __bool__(self) -> bool:
        return bool(self.regions or self.countries or self.spots)

    def top(self, n: int = 5) -> list[tuple[str, float]]:
        """The ``n`` heaviest regions, as "CC:Admin1" labels, for messages and logs."""
        best = sorted(self.regions.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [(f"{cc}:{a1}", share) for (cc, a1), share in best]


def learn_focus(texts: Iterable[str], gazetteer: Gazetteer | None = None) -> Focus:
    """The focus of a collection, from the places its texts name unambiguously.

    Each text counts once, its weight split between the regions (countries, points) it names, so
    a long article does not outweigh a hundred short notes. Order of the texts does not matter.
    """
    gaz = gazetteer_or_default(gazetteer)
    regions: Counter[tuple[str, str]] = Counter()
    countries: Counter[str] = Counter()
    cells: Counter[Cell] = Counter()
    n = 0
    for text in texts:
        n += 1
        found = _unambiguous(text, gaz)
        for counter, keys in zip((regions, countries, cells), found, strict=True):
            for key in keys:
                counter[key] += 1 / len(keys)
    spots: Counter[Cell] = Counter()
    for cell, w in cells.items():
        for near in _neighbourhood(cell):
            spots[near] += w
    return Focus(_relative(regions), _relative(countries), n, _relative(spots))


def _relative(counts: Counter) -> dict:
    top = max(counts.values(), default=0.0)
    # rounded, so the order the texts came in cannot show in the last bits
    return {k: round(v / top, 9) for k, v in counts.items()} if top else {}


def _unambiguous(text: str, gaz: Gazetteer) -> tuple[set[tuple[str, str]], set[str], set[Cell]]:
    """Regions, countries and town cells of the names in ``text`` whose readings agree on them."""
    regions: set[tuple[str, str]] = set()
    countries: set[str] = set()
    cells: set[Cell] = set()
    seen: set[str] = set()
    for _s, _e, surface in find_toponyms(text, gazetteer=gaz):
        key = fold(surface)
        if key in seen:
            continue
        seen.add(key)
        cands = [c for c in lookup(surface, gaz)[0] if c.how < 3]
        ccs = {c.country_code for c in cands}
        if len(ccs) != 1 or None in ccs:
            continue
        cc = next(iter(ccs))
        countries.add(cc)
        if any(c.level == 0 for c in cands):
            continue
        admin1s = {c.admin1 for c in cands}
        if len(admin1s) == 1 and None not in admin1s:
            regions.add((cc, next(iter(admin1s))))
        towns = [c for c in cands if c.level in (2, 3)]
        if towns and len(towns) == len(cands) and all(
                haversine_km(t.latitude, t.longitude, towns[0].latitude, towns[0].longitude) <= _SAME_PLACE_KM
                for t in towns):
            cells.add(_cell(towns[0].latitude, towns[0].longitude))
    return regions, countries, cells


def parse_focus(spec: str, gazetteer: Gazetteer | None = None) -> Focus:
    """A focus the user names: comma-separated countries or regions ("Ukraine", "UA",
    "UA:Donetsk", "Burkina Faso:Sahel"), each of weight 1. Raises ``ValueError`` naming any part
    the gazetteer does not know."""
    gaz = gazetteer_or_default(gazetteer)
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    if not parts:
        raise ValueError("empty --focus: give countries or regions, e.g. 'UA' or 'UA:Donetsk,UA:Luhansk'")
    regions: dict[tuple[str, str], float] = {}
    countries: dict[str, float] = {}
    for part in parts:
        country, _, region = part.partition(":")
        cc = _country_code(country.strip(), gaz)
        if cc is None:
            raise ValueError(f"--focus: unknown country {country.strip()!r} (use a name or ISO code)")
        countries[cc] = 1.0
        if region.strip():
            admin1 = _admin1_name(cc, region.strip(), gaz)
            if admin1 is None:
                raise ValueError(f"--focus: no region {region.strip()!r} in {cc}")
            regions[(cc, admin1)] = 1.0
    return Focus(regions, countries)


def _country_code(name: str, gaz: Gazetteer) -> str | None:
    if len(name) == 2 and name.isalpha():
        import pycountry

        return name.upper() if pycountry.countries.get(alpha_2=name.upper()) else None
    for c in lookup(name, gaz)[0]:
        if c.level == 0 and c.how < 3:
            return c.country_code
    return None


def _admin1_name(cc: str, name: str, gaz: Gazetteer) -> str | None:
    key = fold(name)
    for c in lookup(name, gaz)[0] + lookup(f"{name} region", gaz)[0]:
        if c.level == 1 and c.country_code == cc and c.admin1 and c.how < 3:
            return c.admin1
    for c in lookup(name, gaz)[0]:
        if c.country_code == cc and c.admin1 and fold(c.admin1) == key:
            return c.admin1
    return None


# ------------------------------------------------------------------------------ files and specs

_FORMAT = "frontwire-focus/1"
_MAX_FILE = 20_000_000


def save_focus(focus: Focus, path: str | Path) -> None:
    """Write ``focus`` as JSON (to reuse on later runs: ``--focus FILE``)."""
    data = {
        "format": _FORMAT,
        "documents": focus.documents,
        "cell_degrees": _CELL,
        "countries": dict(sorted(focus.countries.items())),
        "regions": [[cc, a1, w] for (cc, a1), w in sorted(focus.regions.items())],
        "spots": [[i, j, w] for (i, j), w in sorted(focus.spots.items())],
    }
    tmp = Path(f"{path}.part")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load_focus(spec: str, gazetteer: Gazetteer | None = None) -> Focus:
    """A focus from a file written by ``save_focus`` (``frontwire focus``), or from a list of
    countries and regions (``parse_focus``). Raises ``ValueError`` with what to do."""
    path = Path(spec)
    if not (path.suffix.lower() == ".json" or path.is_file()):
        return parse_focus(spec, gazetteer)
    if not path.is_file():
        raise ValueError(f"--focus: no file {spec!r} (write one with `frontwire focus SOURCES --out {spec}`)")
    if path.stat().st_size > _MAX_FILE:
        raise ValueError(f"--focus: {spec!r} is larger than {_MAX_FILE // 1_000_000} MB; not a focus file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("cell_degrees") != _CELL:
            raise ValueError("not a frontwire focus file of this version")
        return Focus(
            {(str(cc), str(a1)): float(w) for cc, a1, w in data["regions"]},
            {str(cc): float(w) for cc, w in data["countries"].items()},
            int(data["documents"]),
            {(int(i), int(j)): float(w) for i, j, w in data["spots"]},
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"--focus: cannot read {spec!r} ({exc}); write it again with `frontwire focus`") from exc
