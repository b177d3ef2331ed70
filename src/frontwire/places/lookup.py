"""Name lookup shared by toponym detection and resolution: a surface form to its gazetteer
candidates, with the level word it carried ("Donetsk Oblast" -> region), initialisms ("DRC") and
demonyms ("Canadian" -> Canada)."""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import replace
from functools import lru_cache

from frontwire.gazetteer.index import Candidate, Gazetteer
from frontwire.gazetteer.names import ADMIN1_WORDS, REGION_WORDS, fold

_DEMONYM_STRIP = ("n", "i", "s", "an", "ic", "ns", "ese", "ish", "ian", "ean", "ans", "ians")
_DEMONYM_ADD = ("", "a", "e", "y", "ia", "ey", "on", "ain", "istan", "land", "o")


def gazetteer_or_default(gazetteer: Gazetteer | None) -> Gazetteer:
    return gazetteer if gazetteer is not None else Gazetteer.open()


def demonym_country(word: str, gazetteer: Gazetteer | None = None) -> Candidate | None:
    """The country (or region) a demonym/adjective names: from the demonym table when the data
    has one ("American"), else by generic English morphology ("Syrian" -> Syria, "Chinese" ->
    China, "Turkish" -> Turkey, "Sri Lankan" -> Sri Lanka)."""
    return _demonym_cached(fold(word), gazetteer_or_default(gazetteer))


@lru_cache(maxsize=50_000)
def _demonym_cached(key: str, gaz: Gazetteer) -> Candidate | None:
    return _demonym(key, gaz)


def _demonym(key: str, gaz: Gazetteer) -> Candidate | None:
    for k in (key, key[:-1] if key.endswith("s") else None):
        if k:
            d = gaz.demonym(k)
            if d is not None:
                return d
    head, _, last = key.rpartition(" ")
    head = head + " " if head else ""
    if len(last) < 4:
        return None
    found: list[Candidate] = []
    for strip in _DEMONYM_STRIP:
        if not last.endswith(strip) or len(last) - len(strip) < 3:
            continue
        stem = last[: len(last) - len(strip)]
        if strip == "s" and not stem.endswith(("i", "an")):
            continue  # a plural demonym ("Thais"), not any name ending in s ("Samos" is not Samoa)
        for add in _DEMONYM_ADD:
            cand = head + stem + add
            if cand == key or not gaz.has_key(cand):
                continue
            # a country or continent by its name or an alternate one, not a loose spelling match
            # ("Komin" is not a demonym of some near-namesake): a region by its own name only
            found += [c for c in gaz.candidates(cand) if (c.level in (0, 4) and c.how < 3) or (c.level == 1 and c.how == 0)]
        if any(c.level in (0, 4) for c in found):
            break
    found.sort(key=lambda c: (c.level not in (0, 4), -c.population))
    return found[0] if found else None


# --------------------------------------------------------------------------------- resolution


def strip_level(surface: str) -> tuple[str, str | None]:
    """("Belgorod region") -> ("Belgorod", "admin1"); ("Shebekino district") -> ("Shebekino", "area")."""
    words = surface.split()
    level = None
    while len(words) > 1 and words[-1].lower().rstrip("'’") in REGION_WORDS:
        w = words.pop().lower().rstrip("'’")
        level = level or ("admin1" if w in ADMIN1_WORDS else "area")
    return " ".join(words), level


_ABBR = re.compile(r"^(?:[A-Z][a-z]{0,4}\.\s?){1,3}$|^(?:[A-Z]\.){1,3}[A-Z]?$")


def abbreviation_candidates(surface: str, gaz: Gazetteer) -> list[Candidate]:
    return list(_abbreviation_cached(surface.strip(), gaz))


@lru_cache(maxsize=10_000)
def _abbreviation_cached(surface: str, gaz: Gazetteer) -> tuple[Candidate, ...]:
    """Regions an abbreviation with periods can stand for: each part must begin the matching word
    of the name ("W. Va." West Virginia, "S.C." South Carolina) or, for one part, be an ordered
    subsequence of the name starting with its first letter ("Ky." Kentucky, "Pa." Pennsylvania)."""
    if not _ABBR.match(surface):
        return ()
    parts = [p.lower() for p in re.split(r"[.\s]+", surface) if p]
    out = []
    for c in gaz.admin1s():
        words = [w for w in fold(c.name).split() if w not in ("of", "the", "and")]
        if len(parts) > 1:
            if len(words) == len(parts) and all(_abbreviates(p, w) for p, w in zip(parts, words, strict=True)):
                out.append(c)
        elif len(words) == 1 and len(parts[0]) >= 2 and len(parts[0]) < len(words[0]) and _abbreviates(parts[0], words[0]):
            out.append(c)
    return tuple(out)


def _abbreviates(p: str, w: str) -> bool:
    """"va" abbreviates "virginia", "ky" "kentucky": same first letter, the rest in order."""
    return w.startswith(p) or (w[0] == p[0] and _subseq(p[1:], w[1:]))


def _subseq(p: str, w: str) -> bool:
    it = iter(w)
    return all(ch in it for ch in p)


# Short forms of the generic words that begin English place names ("Mt. Pleasant", "Ft. Worth"); "St." is
# left alone: the sources list "St. X" beside "Saint X" already
_TITLES = {"mt": "Mount", "mtn": "Mountain", "ft": "Fort", "pt": "Point"}


def _expand_title(surface: str) -> str:
    """The place name with its abbreviated first word written out: "Mt. Pleasant" -> "Mount Pleasant"."""
    head, sep, rest = surface.partition(" ")
    full = _TITLES.get(head.rstrip(".").lower()) if sep and rest[:1].isupper() else None
    return f"{full} {rest}" if full else surface


# countries whose press writes a multiword state or province by its initials, without periods
_INITIALS_CC = frozenset({"US", "CA", "AU"})


@lru_cache(maxsize=50_000)
def lookup(surface: str, gaz: Gazetteer) -> tuple[list[Candidate], str | None, str]:
    """Candidates for a toponym's surface form, the administrative level its wording asks for, and
    a note on how they were found (memoised: callers must not mutate the list)."""
    base, level = strip_level(surface)
    note = ""
    cands = gaz.candidates(surface)
    full = _expand_title(surface)
    if full != surface:  # "Mt. Pleasant": every Mount Pleasant, not only those listing the short form
        seen = {c.geonameid for c in cands}
        cands = sorted([*cands, *(c for c in gaz.candidates(full) if c.geonameid not in seen)],
                       key=lambda c: (-c.population, c.how, c.geonameid))
    if base != surface and (not cands or all(c.how == 3 for c in cands)):
        cands = gaz.candidates(base) or cands
    if not cands and base.lower().startswith("the "):
        cands = gaz.candidates(base[4:])
    listed = bool(gaz.extra(fold(base)))  # a hand-listed region or alias ("Middle East", "D.C.")
    if "." in surface and not listed:
        ab = abbreviation_candidates(surface, gaz)
        if ab:
            cands = [c for c in cands if c.level == 0] + ab
            note = "abbreviation"
    if not listed and not any(c.how < 3 and (c.level in (0, 1, 4) or c.population >= 100_000) for c in cands):
        # "Canadian", "German": a demonym given as a toponym is its country, not a hamlet
        # spelt the same (Canadian, Texas; San Germán)
        d = demonym_country(base, gaz)
        if d is not None and (not cands or d.level in (0, 4)):  # a country's, not "Komin" -> Komi
            cands, note = [d, *(c for c in cands if c.geonameid != d.geonameid and c.how < 3)], "demonym"
    if surface.isupper() and len(fold(surface).replace(" ", "")) <= 3 and note != "abbreviation" and not listed:
        # an acronym names a place only if it is a country's initials ("UK"); "EU" is not Eu, France
        cands = [c for c in cands if c.level == 0]
        if not cands and len(surface) > 1 and surface.isalpha():
            # a state's or province's initials, as US, Canadian and Australian English write them
            # ("NY", "BC", "NSW"): the regions whose words the letters begin, one letter a word
            cands = [c for c in abbreviation_candidates(".".join(surface) + ".", gaz) if c.country_code in _INITIALS_CC]
            if cands:
                return cands, level, "initials of a region"
        if not cands:
            return [], level, "acronym of no country"
    if not cands:
        words = base.split()
        for n in range(len(words) - 1, 0, -1):  # "Dubai World Cup" -> Dubai
            for i in range(len(words) - n + 1):
                sub = " ".join(words[i:i + n])
                if sub[:1].isupper() and len(sub) >= 4 and gaz.is_common_word(fold(sub)) != 1:
                    cands = [c for c in gaz.candidates(sub) if c.how < 3]
                    if cands:
                        note = f"embedded name {sub!r}"
                        break
            if cands:
                break
    if level == "admin1" and cands:
        regions = [c for c in cands if c.level == 1]
        if any(c.feature_code != "ADM1C" for c in regions):
            regions = [c for c in regions if c.feature_code != "ADM1C"]  # "Kyiv region": not Kyiv City
        if not regions:  # "Zaporizhia region": the region of the town of that name
            regions = [r for c in cands[:3] if c.level == 3 and c.country_code and c.admin1
                       and (r := gaz.admin1_region(c.country_code, c.admin1)) is not None
                       and fold(r.name)[:5] == fold(base)[:5]]
        if regions:
            cands = regions
        elif any(c.level in (2, 3) for c in cands):
            # "Berdiansk region", "Synelnykove region": a district named after its town, not a
            # province, and the town stands for it (ACLED: the town, geo_precision 2)
            level = "area"
    if level == "area" and surface.split()[-1].lower() in ("county", "parish"):
        areas = gaz.areas(fold(base))
        if areas:
            county = {(cc, a1): name for cc, a1, name in areas}
            # the county's namesake town stands for it if it lies in it ("Boone County": Boone, Iowa, but
            # not Jackson, Mississippi, for Jackson County there): its admin2 is the county. It stands
            # for the county by the county's own name, even when the town has the county's name only
            # as an alternate one ("Harris County": Pine Mountain, Georgia), so it is not discounted
            # as a town read by another of its names
            inside = [replace(c, admin2=c.admin2 or county[(c.country_code, c.admin1)], how=0)
                      for c in cands
                      if (c.country_code, c.admin1) in county and c.level == 3
                      and _in_area(gaz, c, fold(base))]
            have = {(c.country_code, c.admin1) for c in inside}
            cands = inside + [a for a in (_area_candidate(gaz, cc, a1, name, fold(base)) for cc, a1, name in areas
                                          if (cc, a1) not in have) if a is not None]
            note = "county: town of that name in it, else the county's postal centre (or its state's centroid)"
    return cands, level, note


def candidates_for(surface: str, gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """Every entry ``resolve`` would choose among for this toponym (region words, abbreviations,
    demonyms and counties handled), before context: e.g. to measure the gazetteer's ceiling."""
    return list(lookup(surface, gazetteer_or_default(gazetteer))[0])


# how far from the centre of a county its namesake town may lie and still stand for it
_AREA_KM = 40.0


def _in_area(gaz: Gazetteer, town: Candidate, key: str) -> bool:
    """Whether a town may lie in its region's area of that name: within ``_AREA_KM`` of the area's
    centre, or anywhere when the centre is unknown (a county's namesake town lies in it, as a rule)."""
    pt = gaz.area_point(town.country_code or "", town.admin1 or "", key)
    if pt is None:
        return True
    dlat = math.radians(town.latitude - pt[0])
    dlon = math.radians(town.longitude - pt[1]) * math.cos(math.radians(pt[0]))
    return 6371.0 * math.hypot(dlat, dlon) < _AREA_KM


def _area_candidate(gaz: Gazetteer, cc: str, admin1: str, name: str, key: str) -> Candidate | None:
    """A named area without coordinates of its own (a US county; ``key`` as ``gaz.areas`` found
    it), placed at the centre of the postal codes filed under it when those are known, else at its
    region's centroid."""
    reg = gaz.admin1_region(cc, admin1)
    if reg is None:
        return None
    gid = -(zlib.crc32(f"ADM2:{cc}:{admin1}:{name}".encode()) & 0x7FFFFFFF)
    lat, lon = gaz.area_point(cc, admin1, key) or (reg.latitude, reg.longitude)
    return replace(reg, geonameid=gid, name=name, admin2=name, feature_code="ADM2", level=2, population=0, how=0,
                   latitude=lat, longitude=lon)
