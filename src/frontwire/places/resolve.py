"""Toponym resolution: each detected name to one gazetteer entry, using the rest of the document
as context, and the ACLED point of a resolved place."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from frontwire.gazetteer.index import Candidate, Gazetteer
from frontwire.gazetteer.names import fold, loose
from frontwire.geo import haversine_km
from frontwire.places.detect import lone_paren
from frontwire.places.lookup import gazetteer_or_default, lookup, strip_level
from frontwire.records import Place

if TYPE_CHECKING:
    from frontwire.places.focus import Focus

_NEAR = re.compile(r"\b(?:near|nearby|outside|outskirts\s+of|around|close\s+to|vicinity\s+of|environs\s+of|"
                   r"(?:km|kilometers|kilometres|miles|mi)\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?(?:village\s+of\s+|"
                   r"town\s+of\s+|city\s+of\s+)?$", re.I)
# every _NEAR wording holds one of these (a cheap test that spares most mentions the regex)
_NEAR_CUES = ("near", "outs", "around", "close", "vicinity", "environs", "km", "kilomet", "mi")


def _may_be_near(before: str) -> bool:
    low = before.lower()
    return any(cue in low for cue in _NEAR_CUES)


# the rest of a list of county names after one of them: "Barrow[, Jackson and Madison counties]"
_COUNTY_LIST = re.compile(r"(?:(?:,\s*|,?\s+(?:and|or)\s+)[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?)*\s+(counties|parishes)\b")
_LIST_BEFORE = re.compile(r"[A-Z][\w.'’-]*(?:,\s*|,?\s+(?:and|or)\s+)$")
_AREA_AFTER = re.compile(r"^\s+(?:district|raion|rayon|area|border\s+area|border|outskirts|suburbs?|"
                         r"environs|countryside|frontline|front|direction|axis|sector|municipality|community|"
                         r"hromada|county)\b", re.I)



def _nearest_km(lat: float, lon: float, pts: list[tuple[float, float]]) -> float:
    """Distance to the nearest of ``pts`` (radians), equirectangular: exact enough for the 30/100/300
    km bands of the proximity signal and several times cheaper than haversine in the inner loop."""
    la, lo = math.radians(lat), math.radians(lon)
    best = min(((lo - plo) * math.cos((la + pla) / 2)) ** 2 + (la - pla) ** 2 for pla, plo in pts)
    return 6371.0 * math.sqrt(best)


def _prior(c: Candidate, level: str | None) -> float:
    """Context-free plausibility: population, level (countries and regions are what a bare name
    usually means in news), capital status, and how well the name matched."""
    s = math.log10(c.population + 10) * _W_POP
    if c.level == 0:
        s += 3.0 if c.how != 2 else 1.5
    elif c.level == 1:
        # a region's population is the sum of its towns: discount it, so that a bare "Gao" or
        # "Donetsk" is the town (ACLED's reading) unless the wording asks for the region
        s += 1.5 if level == "admin1" else -0.5
    elif c.level == 4:
        s += 2.5
    if c.feature_code == "PPLC":
        s += 0.5
    s -= (0.0, 0.15, 0.3, 1.2)[min(c.how, 3)]
    return s - _POINT_DOUBT.get(c.feature_code or "", 0.0)


# villages of the secondary sources rank after a GeoNames place of the same name and size (a
# tie-break only): a postal-table point (PPLL), then a codifier village placed at its community's
# centre (PPLLA), whose point is approximate
_POINT_DOUBT = {"PPLL": 0.01, "PPLLA": 0.02}


def _namesake(c: Candidate, key: str, towns: set, regions: set, level: str | None) -> float:
    """Penalty settling a name shared by a region and a city in it. Bare "Sumy" is the city
    (ACLED codes the city unless "region"/"oblast" is said); but a name that is the region's own
    and only an alternate (often former) name of its city, "Dnipropetrovsk", is the region.
    ``towns``/``regions``: (country, admin1) of the towns/regions bearing the name as their own."""
    if level == "admin1":
        return 0.0
    if c.level == 1 and c.how == 0:
        return 1.0 if (c.country_code, c.admin1) in towns else 0.0
    if c.level == 3 and c.how > 0 and (c.country_code, c.admin1) in regions:
        # unless the name is only another spelling of the city's own ("Mykolaiv", "Mykolayiv")
        return 0.0 if loose(fold(c.name)) == loose(key) else 1.0
    return 0.0


def _adjust(c: Candidate, key: str, exact: bool, towns: set, regions: set, nations: set, capitals: set,
            level: str | None) -> float:
    """Context-free score adjustments of one reading: penalties for a former/foreign name and for
    the wrong member of a city/region or capital/country pair, and a bonus for a big city that
    bears the name as its own or names its region (so "Toronto" or "Sumy" is not a village
    namesake; "Dnipropetrovsk" stays the region and "Berea" is not Aleppo's ancient name)."""
    pen = _namesake(c, key, towns, regions, level) + _capital_namesake(c, nations, capitals)
    other = exact and _other_name(c, key)
    # a city that names its region is that region's capital ("Sumy"): as prominent as a big city
    seat = c.how == 0 and c.population >= _SEAT_CITY and (c.country_code, c.admin1) in regions
    big = (c.level == 3 and (c.population >= _BIG_CITY or seat) and not pen and c.how < 3
           and not (c.how > 0 and _unlike(fold(c.name), key)))
    # a town bearing the very name outranks one abroad that has it only as another spelling ("Pama"
    # is Pama, Burkina Faso, not Parma, Ohio, whose alias it also is) unless that one is some ten
    # times bigger; within one country the alias may be the local name of the place meant
    alias = (exact and not other and c.how == 1 and c.level == 3 and not _same_name(c, key)
             and c.country_code not in {cc for cc, _a1 in towns})
    return -pen - (_W_OTHER_NAME if other else 0.0) - (_W_ALIAS if alias else 0.0) + (_W_BIG if big else 0.0)


def _capital_namesake(c: Candidate, nations: set, capitals: set) -> float:
    """Penalty settling a name shared by a country and its capital: "Tunis" is the capital (the
    country only bears it as another name), "Mexico" the country (Mexico City only as another
    name). ``nations``/``capitals``: countries whose country/capital bear the name as their own."""
    if c.how == 0 or c.country_code is None:
        return 0.0
    if c.level == 3 and c.country_code in nations:
        return 2.0
    if c.level == 0 and c.country_code in capitals:
        return 2.0
    return 0.0


def _same_name(c: Candidate, key: str) -> bool:
    """Whether ``c`` bears the name itself, in this or another spelling ("Chuhuiv", "Chuhuyiv"),
    not merely a similar one."""
    return c.how == 0 or (c.how < 3 and loose(fold(c.name)) == loose(key))


def _own_names(cands: Sequence[Candidate], key: str) -> list[Candidate]:
    """The readings that bear the name as their own, when there are such: a qualifier ("X,
    Kharkiv") should not pull in a town that was once called X."""
    if not any(c.how == 0 for c in cands):
        return list(cands)
    return [c for c in cands if not _other_name(c, key)]


def _other_name(c: Candidate, key: str) -> bool:
    """Whether ``c`` matched by an alternate name that is not a spelling of its own name but
    another name (a former or foreign one: "Oleksandrivka" for Donetsk, "Dolynske" for Pavlivka)."""
    return c.how in (1, 3) and c.level == 3 and _unlike(fold(c.name), key)


@lru_cache(maxsize=100_000)
def _unlike(name: str, key: str) -> bool:
    return SequenceMatcher(None, name, key).ratio() < 0.5


# weights of the context signals against the population prior (set a priori; a sweep on the LGL
# dev split gained +1 point there and lost 0.5 on held-out data, so it was not adopted)
_W_POP, _W_COUNTRY, _W_REGION, _W_QUAL, _W_NEAR = 0.5, 3.0, 1.0, 4.0, 1.0
_W_OTHER_NAME, _W_SLOT, _W_ALIAS = 1.5, 2.5, 1.0
# rounds of re-reading each name against the others' readings (most texts settle in two)
_ROUNDS = 4
# _W_NAMED: a town or county in a region the text names outright, times the share of the other
# mentions naming it; _W_SUPPORT: first reading of a name in a region the other names could share
# (both swept on the tuning halves, LGL and GeoWebNews even articles; with _W_PAIR in place, a zero
# _W_SUPPORT scored 4 more LGL dev toponyms but 10 fewer LGL held-out ones, so it stays)
_W_NAMED, _W_SUPPORT = 3.0, 3.0
# first reading of a town or area that another name of the text has a reading within _PAIR_KM of
# (weight swept on the tuning halves; the distance set a priori: a county and its towns)
_W_PAIR, _PAIR_KM = 3.0, 40.0
# a city of 300,000+ outranks its namesake villages beyond what log-population gives, so that a
# country focus elsewhere does not send "Toronto" to a hamlet (swept on the tuning halves:
# LGL even, GeoWebNews even articles)
_W_BIG, _BIG_CITY, _SEAT_CITY = 1.5, 300_000, 50_000
# a town this size is no hamlet the gazetteer might miss a namesake of: a region named with it
# that does not contain it is the report's slip, not another place
_TOWN = 5_000


def resolve(text: str, toponyms: Sequence[tuple[int, int, str]], gazetteer: Gazetteer | None = None,
            focus: Focus | None = None) -> list[Place]:
    """Resolve each toponym span to a ``Place`` using the whole document as context.

    One sense per discourse: every mention of the same name gets the same place. Never drops a
    toponym: one without any gazetteer entry comes back with ``geonameid=None`` and a ``reason``.
    Precision follows ACLED: 1 a town, 2 "near X"/"X district"/an admin2 area, 3 a region or
    country (region centroid coordinates). ``focus``: the collection's usual regions, a weak prior
    for namesakes the document cannot tell apart (see ``places.focus``).
    """
    gaz = gazetteer_or_default(gazetteer)
    given = list(toponyms)
    extra = _institution_states(text, given, gaz)
    toponyms = sorted(given + extra) if extra else given
    groups, info = _readings(text, toponyms, gaz)
    admin_slot = {fold(sf) for s, e, sf in toponyms if _admin_slot(text, s, e)}
    quals, qualified, fallback = _qualifiers(text, toponyms, info, gaz)
    keys = list(groups)
    choice: dict[str, Candidate | None] = {}
    adjust: dict[str, dict[int, float]] = {}
    priors: dict[str, list[float]] = {}
    support = _region_support(info, keys)
    pairs = _pair_support(info, keys)
    # names that are a country's or a region's own (or a people's, "Canadian"): not read as a town
    # for lying in a region the text names or near its other places
    region_name = {k: info[k][2] == "demonym" or any(c.level in (0, 1) and c.how == 0 for c in info[k][0])
                   for k in keys}
    # the context-free part of every reading's score, and a ceiling on what context can add to it:
    # a reading whose ceiling is below a rival's score is not scored at all (most readings of a
    # name borne by hundreds of towns never come near its best one)
    static: dict[str, list[_Static]] = {}
    for k in keys:
        cands, level, _n = info[k]
        adjust[k], priors[k] = _context_free(k, cands, level)
        if focus:
            priors[k] = [p + focus.bonus(c) for p, c in zip(priors[k], cands, strict=True)]
        static[k] = _static_parts(k, cands, priors[k], adjust[k], k in admin_slot, quals.get(k), k in qualified,
                                  region_name[k], not focus)
        choice[k] = _first_reading(static[k], priors[k], adjust[k], quals.get(k), region_name[k], support[k],
                                   pairs) if cands else None
    scores = _reread(keys, info, groups, choice, static, region_name, len(toponyms))
    precision = _fall_back_to_region(fallback, choice, keys, scores)
    _drop_loose_abroad(keys, choice, info)
    out: list[Place] = []
    for s, e, surface in given:
        k = fold(surface)
        cands, level, note = info[k]
        c = choice[k]
        if c is None:
            out.append(Place(text=surface, start=s, end=e, reason=note or f"no gazetteer entry for {surface!r}"))
            continue
        sc, why = scores[k]
        pl = _place(text, s, e, surface, c, level, sc, why, note, len(cands))
        if c.level == 1 and k not in precision and (seat := gaz.seat_admin1(c)) != c.admin1:
            # the region itself, coded at its capital (not a place known only to lie in it)
            pl = replace(pl, admin1=seat)
        if k in precision:
            pl = replace(pl, precision=max(pl.precision, precision[k]))
        out.append(pl)
    return out


# a state's own institutions, named after it ("Georgia Bureau of Investigation", "Ohio Senate",
# "University of Kentucky"): a local report names its state so even where it names no place
_INSTITUTION = re.compile(r"(?:Bureau|Department|Dept\.|Police|Highway\s+Patrol|Patrol|Senate|House\s+of\s+Representatives|"
                          r"Legislature|General\s+Assembly|Supreme\s+Court|Court\s+of\s+Appeals|Attorney\s+General|"
                          r"National\s+Guard|Lottery|Public\s+Service\s+Commission)\b")
_NAME_BEFORE = re.compile(r"(?:([A-Z][a-z]+)\s+)?(?!State\b)([A-Z][a-z]+)\s+(?:State\s+)?$")
_UNIVERSITY_OF = re.compile(r"University\s+of\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)")


@lru_cache(maxsize=4)
def _us_states(gaz: Gazetteer) -> frozenset[str]:
    return frozenset(c.name for c in gaz.admin1s() if c.country_code == "US")


def _institution_states(text: str, given: list[tuple[int, int, str]], gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """US states named only by a state institution of the text: spans to read as context (not
    reported), where no given toponym covers them."""
    states = _us_states(gaz)
    found: list[tuple[int, int]] = []
    for m in _INSTITUTION.finditer(text):
        b = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if b is None:
            continue
        if b.group(1) and f"{b.group(1)} {b.group(2)}" in states and text[b.end(1):b.start(2)] == " ":
            found.append((b.start(1), b.end(2)))  # "New York State Police"
        elif b.group(2) in states:
            found.append(b.span(2))
    for m in _UNIVERSITY_OF.finditer(text):
        name = m.group(1)
        if name in states:
            found.append(m.span(1))
        elif name.split()[0] in states:
            found.append((m.start(1), m.start(1) + len(name.split()[0])))
    return [(s, e, text[s:e]) for s, e in dict.fromkeys(found)
            if not any(gs < e and s < ge for gs, ge, _ in given)]


def _readings(text: str, toponyms: list[tuple[int, int, str]], gaz: Gazetteer
              ) -> tuple[dict[str, list[int]], dict[str, tuple[list[Candidate], str | None, str]]]:
    """Each folded name's mention indices and its gazetteer readings (a name in a county list
    read as that county)."""
    groups: dict[str, list[int]] = {}
    info: dict[str, tuple[list[Candidate], str | None, str]] = {}
    for i, (_s, _e, surface) in enumerate(toponyms):
        key = fold(surface)
        groups.setdefault(key, []).append(i)
        if key not in info:
            info[key] = lookup(surface, gaz)
    for s, e, surface in toponyms:
        # "Barrow, Jackson and Madison counties": each name of the list is a county's
        key = fold(surface)
        m = _COUNTY_LIST.match(text, e)
        if m and info[key][1] is None and _county_list(text, s, m.group(0)) \
                and not any(c.level in (0, 1) and c.how == 0 for c in info[key][0]):  # "Indiana counties"
            county = lookup(f"{surface} {'Parish' if m.group(1).lower() == 'parishes' else 'County'}", gaz)
            if county[0]:
                info[key] = county
    _municipal_readings(text, toponyms, info)
    return groups, info


# what follows a town's name, not a country's or a region's: its municipal bodies ("the Lebanon
# City Council", "Paris High School", "the Crestwood Board of Education") ...
_MUNICIPAL_AFTER = re.compile(r"\s+(?:City\s+Council|city\s+council|High\s+School|Police\s+Department|police\s+department|"
                              r"Fire\s+Department|fire\s+department|School\s+District|Board\s+of\s+Education|"
                              r"Public\s+Library|City\s+Hall|Independent\s+School)\b")
# ... and a person from it: a country's would be named by its demonym ("a Lebanese woman", not "a
# Lebanon woman"), though a state's often is not ("a Georgia man")
_RESIDENT_AROUND = (re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+$"),
                    re.compile(r"\s+(?:man|woman|men|women|resident|residents|native|teen|teenager|boy|girl|couple|family)\b"))


def _municipal_readings(text: str, toponyms: list[tuple[int, int, str]],
                        info: dict[str, tuple[list[Candidate], str | None, str]]) -> None:
    """Drop the country (and, after a municipal body, the region) readings of a name the text
    uses as a town's, when it has town readings (one sense per discourse: any mention decides)."""
    drop: dict[str, set[int]] = {}
    for s, e, surface in toponyms:
        if _MUNICIPAL_AFTER.match(text, e):
            drop.setdefault(fold(surface), set()).update((0, 1))
        elif _RESIDENT_AROUND[0].search(text, max(0, s - 6), s) and _RESIDENT_AROUND[1].match(text, e):
            drop.setdefault(fold(surface), set()).add(0)
    for key, levels in drop.items():
        cands, level, note = info[key]
        if any(c.level == 3 for c in cands) and any(c.level in levels for c in cands):
            info[key] = ([c for c in cands if c.level not in levels], level, note or "a town's name in its wording")


def _qualifiers(text: str, toponyms: list[tuple[int, int, str]],
                info: dict[str, tuple[list[Candidate], str | None, str]], gaz: Gazetteer
                ) -> tuple[dict[str, list[Candidate]], set[str], dict[str, tuple[list[Candidate], str | None]]]:
    """Regions that qualify a name ("Avdiivka, Donetsk", "Paris, Texas"), the names used as such
    qualifiers, and the names to place in their region when no reading lies inside it. May replace a
    qualifier's readings in ``info`` by its region readings."""
    # qualifiers: "Avdiivka, Donetsk" / "Paris, Texas" -> region or country that contains the first
    quals: dict[str, list[Candidate]] = {}
    qualified: set[str] = set()
    fallback: dict[str, tuple[list[Candidate], str | None]] = {}
    for i, j, commune in _qualifier_pairs(text, toponyms, gaz):
        # ACLED style "Stepne, Donetsk." / "Raogo (Pensa, Sanmatenga)": a small place with no
        # reading inside the named region falls back to the commune named with it, else the region
        k1 = fold(toponyms[i][2])
        regs2 = _own_regions([r for r in info[fold(toponyms[j][2])][0] if r.level in (1, 2) and r.how < 3])
        first = _own_names(info[k1][0], k1)
        strong = _admin_slot(text, toponyms[j][0], toponyms[j][1])  # "(Pobe-Mengao, Soum)": surely qualified
        if not regs2 or (not strong and any(c.how == 0 and (c.population >= 50_000 or c.level in (0, 1))
                                            for c in first)):
            continue
        if not any(_qual_bonus(c, regs2) for c in first):
            # the region may have the place under another spelling ("Kamyanka, Kharkiv": Kamianka)
            seen = {c.geonameid for c in info[k1][0]}
            extra = [c for c in gaz.variants(toponyms[i][2]) if c.geonameid not in seen and _qual_bonus(c, regs2)]
            if extra:
                info[k1] = (info[k1][0] + extra, info[k1][1], "spelling variant inside the region named after it")
                first = first + extra
        if any(_qual_bonus(c, regs2) for c in first):
            quals.setdefault(k1, []).extend(regs2)
        elif not strong and any(c.level == 3 and c.population >= _TOWN and _same_name(c, k1)
                                and c.country_code in {r.country_code for r in regs2} for c in first):
            # a real town of that name elsewhere in the same country, none in the region named:
            # the report slipped on the region ("Chuhuiv, Mykolaiv"), the town stands
            continue
        else:
            fallback.setdefault(k1, (regs2, commune))
            k2 = fold(toponyms[j][2])
            if j == i + 1 and any(r.level == 1 for r in regs2) and any(c.level == 3 for c in info[k2][0]):
                # "Oleksandrivka, Kharkiv.": the qualifier is the region, not its namesake city
                info[k2] = ([r for r in regs2 if r.level == 1], "admin1", "region qualifying the name before it")
    for i in range(len(toponyms) - 1):
        _s1, e1, sf1 = toponyms[i]
        s2, e2, sf2 = toponyms[i + 1]
        if text[e1:s2].strip() not in (",", "(", "in") or len(text[e1:s2]) > 3:
            continue
        # only a region that contains a reading of the first name qualifies it: "Kharkiv, Kyiv
        # and Odesa" is a list, "Avdiivka, Donetsk" a town in its region
        regs = _own_regions([r for r in info[fold(sf2)][0] if r.level in (0, 1)
                             and any(_qual_bonus(c, [r]) for c in _own_names(info[fold(sf1)][0], fold(sf1)))])
        if regs:
            quals.setdefault(fold(sf1), []).extend(regs)
            qualified.add(fold(sf2))
            key2 = fold(sf2)
            if any(c.level == 3 for c in info[key2][0]):
                # ACLED style "Avdiivka, Donetsk": the qualifier is the region, not its namesake city
                info[key2] = (regs, "admin1", info[key2][2] or "region qualifying the name before it")
    return quals, qualified, fallback


def _reread(keys: list[str], info: dict[str, tuple[list[Candidate], str | None, str]],
            groups: dict[str, list[int]], choice: dict[str, Candidate | None], static: dict[str, list[_Static]],
            region_name: dict[str, bool], n_mentions: int) -> dict[str, tuple[float, str]]:
    """Re-read every name against the others' current readings until nothing changes (at most
    ``_ROUNDS`` passes); updates ``choice`` and returns each name's score and reasons."""
    nations = {k: {c.country_code for c in info[k][0] if c.level == 0 and c.how == 0} for k in keys}
    scores: dict[str, tuple[float, str]] = {}
    for _round in range(_ROUNDS):
        # each name is re-read against the others' current readings and its new reading counts at
        # once for the names after it (updating all together lets two names flip each other forever)
        changed = False
        tot_cc, tot_a1, tot_w, all_pts, named = _totals(choice, groups)
        for k in keys:
            if not info[k][0]:
                continue
            own = choice.get(k)
            # the totals less this name's own reading
            own_cc, own_a1, w, wsum = None, None, 0, tot_w
            if own is not None:
                w = min(len(groups[k]), 3)
                own_cc = own.country_code or None
                own_a1 = (own.country_code or "", own.admin1) if own.admin1 and own.level != 0 else None
                wsum = tot_w - w
            n_other = n_mentions - len(groups[k])
            pts = [p for o, p in all_pts.items() if o != k] if k in all_pts else list(all_pts.values())
            ctx = _Context(tot_cc, own_cc, w, wsum or 1, wsum > 0, tot_a1, own_a1, named, n_other, pts,
                           nations[k], region_name[k])
            # named regions can add at most this to a town or county reading
            named_cap = _W_NAMED * max(named.values()) / n_other if named and n_other > 0 else 0.0
            parts = static[k]
            # the current reading's score bounds the winner's from below: readings that cannot reach it are skipped
            floor = -1e9
            if own is not None:
                floor = next((_score(part, ctx) for part in parts if part[0] is own), -1e9)
            best, best_s, best_part = None, -1e9, None
            for part in parts:
                c, local, ceiling = part[0], part[-2], part[-1]
                bar = floor if floor > best_s else best_s
                extra = named_cap if c.level in (2, 3) else 0.0
                # a country none of the other readings is in adds neither country nor region focus
                if ceiling + extra < bar or (local + extra < bar and c.country_code
                                             and not tot_cc.get(c.country_code, 0) - (w if c.country_code == own_cc else 0)):
                    continue
                sc = floor if part[0] is own else _score(part, ctx, bar=bar)
                if sc > best_s:
                    best, best_s, best_part = c, sc, part
            reasons: list[str] = []
            if best_part is not None:
                _score(best_part, ctx, reasons)
            scores[k] = (best_s, ", ".join(reasons))
            if best is not own:
                choice[k], changed = best, True
                tot_cc, tot_a1, tot_w, all_pts, named = _totals(choice, groups)
        if not changed:
            break
    return scores


def _fall_back_to_region(fallback: dict[str, tuple[list[Candidate], str | None]],
                         choice: dict[str, Candidate | None], keys: list[str],
                         scores: dict[str, tuple[float, str]]) -> dict[str, int]:
    """Names whose reading lies outside the region the text puts them in go to the commune named
    with them or to the region; returns the precision those names get."""
    precision: dict[str, int] = {}
    for k, (regs, commune) in fallback.items():
        c = choice.get(k)
        if c is not None and _qual_bonus(c, regs):
            continue
        # the chosen reading lies outside the region the text puts it in: use the commune named
        # with it if that lies inside the region (precision 2), else the region (precision 3)
        com = choice.get(commune) if commune and commune != k else None
        if com is not None and com.level == 3 and _qual_bonus(com, regs):
            choice[k], precision[k], where = com, 2, f"in the commune of {com.name}"
        else:
            picked = [r for r in regs if any(r == choice.get(o) for o in keys)] or regs
            choice[k], precision[k], where = picked[0], 3, f"in {picked[0].name}"
        scores[k] = (scores.get(k, (0.0, ""))[0], f"no such place known {where}: located there")
    return precision


def _drop_loose_abroad(keys: list[str], choice: dict[str, Candidate | None],
                       info: dict[str, tuple[list[Candidate], str | None, str]]) -> None:
    """Undo loose matches abroad in a one-country text (see the comment inside)."""
    # a loose or alternate-name match abroad, in a text whose other places all lie in one
    # country, is more likely an unknown local village than that foreign town ("Posso" is not
    # Poso, Indonesia, in a Burkina Faso report)
    # (only the solid readings count as the text's country: two loose guesses abroad do not
    # outvote each other, "Arbinda" is Aribinda even beside a "Wassa" read as Wausau)
    countries = Counter(o.country_code for ok, o in choice.items() if o is not None and not _loose_abroad(o, ok))
    for k in keys:
        c = choice.get(k)
        if c is None or not _loose_abroad(c, k):
            continue
        others = countries  # (the loose reading itself is not among them)
        if len(others) == 1 and c.country_code not in others:
            # the name's own bearer, if the gazetteer has one, rather than nothing: "Pama" is
            # Pama, not Parma (Ohio), even when Togo is the only other place named
            own = [o for o in info[k][0] if o.how == 0 and o.level == 3]
            choice[k] = own[0] if own else None
            info[k] = (info[k][0], info[k][1], f"{c.name} ({c.country}) only a loose match abroad"
                       + (": the name's own bearer instead" if own else ""))


# name and level -> (its readings, their context-free adjustments and priors): most names recur
# across documents with the very list ``lookup`` memoised (the identity check catches a list
# that qualifiers or county wording replaced)
_CONTEXT_FREE: dict[tuple[str, str | None], tuple[list[Candidate], dict[int, float], list[float]]] = {}
# readings list -> its towns and areas by 1-degree cell, the cells they and their neighbours
# cover, and its regions (see _pair_support and _region_support); kept with the list itself
_CELLS: dict[int, tuple[list[Candidate], list[tuple[tuple[int, int], Candidate]], frozenset, set]] = {}


def _geometry(cands: list[Candidate]) -> tuple[list[tuple[tuple[int, int], Candidate]], frozenset, set]:
    """A name's town and area readings by 1-degree cell (as _pair_support groups them), every cell
    within one of those, and the (country, admin1) regions of its readings (as _region_support)."""
    hit = _CELLS.get(id(cands))
    if hit is not None and hit[0] is cands:
        return hit[1], hit[2], hit[3]
    cells = [((int(c.latitude // 1), int(c.longitude // 1)), c) for c in cands if c.level in (2, 3) and c.how < 3]
    cover = frozenset((y + dy, x + dx) for (y, x), _c in cells for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    spread = {(c.country_code or "", c.admin1) for c in cands if c.level != 0 and c.admin1 and c.how < 3}
    if len(_CELLS) >= 50_000:
        _CELLS.clear()
    _CELLS[id(cands)] = (cands, cells, cover, spread)
    return cells, cover, spread


def _context_free(key: str, cands: list[Candidate], level: str | None) -> tuple[dict[int, float], list[float]]:
    """Adjustments (by geonameid) and priors of a name's readings, memoised per name."""
    hit = _CONTEXT_FREE.get((key, level))
    if hit is not None and hit[0] is cands:
        return hit[1], hit[2]
    exact = any(c.how == 0 for c in cands)
    # former/foreign names, city-vs-region and capital-vs-country namesakes
    towns = {(c.country_code, c.admin1) for c in cands if c.level == 3 and c.how == 0}
    regions = {(c.country_code, c.admin1) for c in cands if c.level == 1 and c.how == 0}
    nations = {c.country_code for c in cands if c.level == 0 and c.how == 0}
    capitals = {c.country_code for c in cands if c.level == 3 and c.how == 0 and c.feature_code == "PPLC"}
    adjust = {c.geonameid: _adjust(c, key, exact, towns, regions, nations, capitals, level) for c in cands}
    priors = [_prior(c, level) for c in cands]
    if len(_CONTEXT_FREE) >= 50_000:
        _CONTEXT_FREE.clear()
    _CONTEXT_FREE[(key, level)] = (cands, adjust, priors)
    return adjust, priors


class _Context(NamedTuple):
    """The rest of the document as one name's re-reading sees it (its own reading discounted)."""

    cc: Counter[str]
    own_cc: str | None
    w: int
    wsum: int
    others: bool
    a1: Counter[tuple[str, str]]
    own_a1: tuple[str, str] | None
    named: Counter[tuple[str, str]]
    n_other: int
    pts: list[tuple[float, float]]
    nations: set
    region_name: bool


# (reading, prior + adjustments, administrative-slot bonus, qualifier bonus, qualified-region bonus,
# hamlet named like a region, ceiling of the score before the named-region signal without and
# with the country and region signals)
_Static = tuple[Candidate, float, float, float, float, bool, float, float]


_STATIC: dict[tuple, tuple[list[Candidate], list[_Static]]] = {}


def _static_parts(key: str, cands: list[Candidate], priors: list[float], adj: dict[int, float], slot: bool,
                  quals: list[Candidate] | None, qualified: bool, region_name: bool, shared: bool = True
                  ) -> list[_Static]:
    """Per reading, the parts of its score that do not depend on the other names' readings, and
    the most the context signals (country, region, proximity) could add to them (memoised per name
    when no region qualifies it and ``shared``: the priors are the name's own, with no focus)."""
    memo = (key, slot, qualified, region_name)
    shared = shared and quals is None
    if shared and (hit := _STATIC.get(memo)) is not None and hit[0] is cands:
        return hit[1]
    out = []
    for c, p in zip(cands, priors, strict=True):
        a = adj[c.geonameid]
        base = p + a
        sl = _W_SLOT if slot and c.level in (1, 2) else 0.0
        qb = 0.0 if a <= -_W_OTHER_NAME else _qual_bonus(c, quals)
        qr = 1.0 if qualified and c.level in (0, 1) else 0.0
        hamlet = region_name and c.level == 3 and c.population < _TOWN
        local = base + sl + qb + qr + (_W_NEAR * 1.5 if c.level in (2, 3) else 0.0) + 1e-6
        out.append((c, base, sl, qb, qr, hamlet, local, local + (_W_COUNTRY * 2 if c.country_code else 0.0) + _W_REGION))
    if shared:
        if len(_STATIC) >= 50_000:
            _STATIC.clear()
        _STATIC[memo] = (cands, out)
    return out


def _first_reading(parts: list[_Static], priors: list[float], adj: dict[int, float], quals: list[Candidate] | None,
                   region_name: bool, support: dict[tuple[str, str], float], pairs: dict[int, int]) -> Candidate:
    """The first guess at a name's reading, before the others are read: prior, adjustments and
    qualifier, plus the support of the regions and neighbourhoods the other names could share."""
    best, best_v = parts[0][0], -math.inf
    for part, p in zip(parts, priors, strict=True):
        c = part[0]
        # (prior + 0.0 + adjustment is the static base, to the last bit)
        v = part[1] if quals is None else p + _qual_bonus(c, quals) + adj[c.geonameid]
        v = v + part[2] + (0.0 if region_name and c.level in (2, 3) else
                           _W_SUPPORT * support.get((c.country_code or "", c.admin1), 0.0)
                           + _W_PAIR * pairs.get(c.geonameid, 0))
        if v > best_v:
            best, best_v = c, v
    return best


def _score(part: _Static, ctx: _Context, reasons: list[str] | None = None, bar: float = -1e9) -> float:
    """One reading's score in the context of the document's other readings (and, into
    ``reasons``, why): the static parts plus country focus, shared region, a region the text
    names, proximity to the other places, and the region named after it. -inf, without measuring
    the distances, when it cannot reach ``bar`` whatever they are."""
    c, sc, sl, qb, qr, hamlet, _local, _ceiling = part
    if sl:
        sc += sl
        if reasons is not None:
            reasons.append("administrative unit in a '(commune, province)' qualifier")
    if c.country_code and ctx.others:
        share = (ctx.cc.get(c.country_code, 0) - (ctx.w if c.country_code == ctx.own_cc else 0)) / ctx.wsum
        # a region named like another country ("Georgia"): its own country's text decides
        sc += _W_COUNTRY * share * (2 if c.level == 1 and ctx.nations - {c.country_code} else 1)
        if share >= 0.3 and reasons is not None:
            reasons.append(f"country focus {c.country_code}")
    # a hamlet named like a state or country is not read so for lying near the others
    if c.admin1 and c.level != 0 and not hamlet and (ctx.a1.get(a1 := (c.country_code or "", c.admin1), 0)
                                                     - (a1 == ctx.own_a1)):
        sc += _W_REGION
        if reasons is not None:
            reasons.append(f"same region as others ({c.admin1})")
    if c.level in (2, 3) and not ctx.region_name and (ns := _named_share(c, ctx.named, ctx.n_other)):
        sc += _W_NAMED * ns
        if ns >= 0.3 and reasons is not None:
            reasons.append(f"in {c.admin1}, named in the text")
    if ctx.pts and c.level in (2, 3) and not hamlet:
        if sc + _W_NEAR * 1.5 + qb + qr + 1e-6 < bar:
            return -math.inf
        d = _nearest_km(c.latitude, c.longitude, ctx.pts)
        bonus = _W_NEAR * (1.5 if d < 30 else 1.0 if d < 100 else 0.5 if d < 300 else 0.0)
        if bonus:
            sc += bonus
            if reasons is not None:
                reasons.append(f"{d:.0f} km from another place in the text")
    if qb:
        sc += qb
        if reasons is not None:
            reasons.append("inside the region named after it")
    return sc + qr if qr else sc


def acled_point(place: Place, gazetteer: Gazetteer | None = None) -> Place:
    """Where ACLED codes an event whose only place is a whole country: at the capital, with
    geo_precision 3 (its convention for nationwide reports; a country's centroid is often empty
    land). The span still points at the country's name. Any other place is returned unchanged."""
    if (place.geonameid is None or place.feature_class != "A" or place.admin1 or not place.iso3
            or place.name != place.country):
        return place
    cap = gazetteer_or_default(gazetteer).capital(place.iso3)
    if cap is None:
        return place
    return replace(place, name=cap.name, geonameid=cap.geonameid, latitude=cap.latitude,
                   longitude=cap.longitude, admin1=cap.admin1, admin2=cap.admin2, feature_class=cap.feature_class,
                   population=cap.population, precision=3,
                   reason=f"{place.reason}; the country alone: coded at its capital".lstrip("; "))


def _pair_support(info: dict[str, tuple[list[Candidate], str | None, str]], keys: list[str]) -> dict[int, int]:
    """For each town or area reading, how many other names have a reading within ``_PAIR_KM`` of
    it (at most two): a town and the county it is in ("Athens" and "Henderson County", Texas), or
    two neighbouring towns, are read together before either's bigger namesakes elsewhere. Two
    names rarely share a neighbourhood by chance, even names borne by dozens of towns."""
    cells: dict[tuple[int, int], list[tuple[str, Candidate]]] = {}
    if len(keys) < 2 or all(len(info[k][0]) < 2 for k in keys):
        return {}
    geo = {k: _geometry(info[k][0]) for k in keys}
    covered: Counter[tuple[int, int]] = Counter()
    for k in keys:
        for cell, c in geo[k][0]:
            cells.setdefault(cell, []).append((k, c))
        covered.update(geo[k][1])
    out: dict[int, int] = {}
    dlat = _PAIR_KM / 111.0
    around: dict[tuple[int, int], list[tuple[str, Candidate]]] = {}  # the readings in and next to a cell
    for k in keys:
        if len(info[k][0]) < 2:
            continue  # a lone reading has no rival
        for cell, c in geo[k][0]:
            if covered[cell] < 2:
                continue  # no other name has a reading in or next to this cell
            near = around.get(cell)
            if near is None:
                near = around[cell] = [m for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                                       for m in cells.get((cell[0] + dy, cell[1] + dx), ())]
            ks: set[str] = set()
            for o, d in near:
                if o != k and o not in ks and abs(d.latitude - c.latitude) < dlat \
                        and haversine_km(c.latitude, c.longitude, d.latitude, d.longitude) < _PAIR_KM:
                    ks.add(o)
                    if len(ks) == 2:
                        break
            if ks:
                out[c.geonameid] = len(ks)
    return out


def _region_support(info: dict[str, tuple[list[Candidate], str | None, str]], keys: list[str]
                    ) -> dict[str, dict[tuple[str, str], float]]:
    """For each name, how strongly the other names could lie in each region, before any is read:
    every other name with a reading in the region counts, the more the fewer regions it could be
    in. Seeds the reading of a text whose names share a region none of them is famous for
    ("Hopkinton", "Hillsboro" and "Concord": all in New Hampshire)."""
    spread = {k: _geometry(info[k][0])[2] for k in keys}
    tot: Counter[tuple[str, str]] = Counter()
    for k in keys:
        for r in spread[k]:
            tot[r] += 1 / len(spread[k])
    # a name's own readings do not support each other; three names' worth is support enough
    return {k: {r: min(tot[r] - 1 / len(spread[k]), 3.0) for r in spread[k]} for k in keys}


def _totals(choice: dict[str, Candidate | None], groups: dict[str, list[int]]) -> tuple[
        Counter[str], Counter[tuple[str, str]], int, dict[str, tuple[float, float]], Counter[tuple[str, str]]]:
    """The document's current readings, totalled (each name then discounts its own): mentions by
    country (up to 3 a name), names by region, total weight, points (radians) of the towns and
    areas, and the regions named outright."""
    tot_cc: Counter[str] = Counter()
    tot_a1: Counter[tuple[str, str]] = Counter()
    tot_w = 0
    for o, c in choice.items():
        if c is None:
            continue
        w = min(len(groups[o]), 3)
        tot_w += w
        if c.country_code:
            tot_cc[c.country_code] += w
        if c.admin1 and c.level != 0:
            tot_a1[(c.country_code or "", c.admin1)] += 1
    pts = {o: (math.radians(c.latitude), math.radians(c.longitude)) for o, c in choice.items()
           if c is not None and c.level in (2, 3)}
    return tot_cc, tot_a1, tot_w, pts, _named_regions(choice, groups)


def _county_list(text: str, s: int, rest: str) -> bool:
    """Whether the name at ``s``, followed by ``rest`` ("and Madison counties"), is one of a list
    of two or more names (a plural "counties" after a single name is "Indiana counties": its counties)."""
    return bool(re.search(r",|\s(?:and|or)\s", rest)) or bool(_LIST_BEFORE.search(text, max(0, s - 40), s))


def _named_regions(choice: dict[str, Candidate | None], groups: dict[str, list[int]]) -> Counter[tuple[str, str]]:
    """(country, admin1) of the regions the text names itself ("Indiana", "Kharkiv region"), by
    mentions: a local report names its state, and its bare county or town names are that state's
    before a bigger namesake elsewhere ("Boone County ... Indiana")."""
    out: Counter[tuple[str, str]] = Counter()
    for o, c in choice.items():
        if c is not None and c.level == 1 and c.admin1:
            out[(c.country_code or "", c.admin1)] += len(groups[o])
    return out


def _named_share(c: Candidate, named: Counter[tuple[str, str]], mentions: int) -> float:
    """Share of the other place mentions in the text that name the region ``c`` lies in."""
    return named.get((c.country_code or "", c.admin1), 0) / mentions if mentions > 0 else 0.0


def _loose_abroad(c: Candidate, key: str) -> bool:
    """A small town matched only by a loose or alternate spelling of the name: the kind of reading
    that is an unknown local village's namesake abroad when the text's other places disagree."""
    return c.level == 3 and c.how in (1, 3) and c.population < _BIG_CITY and fold(c.name) != key


# What may stand between a place and the region that qualifies it besides a comma: a settlement
# noun ("Berezivka village, Kyiv oblast") and/or "in (the)" before a region named as such ("Selets
# in Zhytomyr region").
_QUAL_GAP = re.compile(r"\s*(?:(?:village|town|city|settlement|township|hamlet)\b\s*)?(,|,?\s*in(?:\s+the)?)\s+", re.I)
# The rest of a name the gazetteer only knows the start of: "Shakhta imeni Gagarina, Donetsk"
# ("Shakhta" is known, the mine named after Gagarin is not).
_NAME_REST = re.compile(r" ([a-z]{3,}) [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?, ")


def _own_regions(regs: list[Candidate]) -> list[Candidate]:
    """The first-level regions whose own name the qualifier is, when there are such: "X, Kyiv" is
    a village of the Kyiv oblast, not of Kyiv City (which bears "Kyiv" only as an alias)."""
    if not any(r.level == 1 and r.how == 0 for r in regs):
        return regs
    return [r for r in regs if r.level != 1 or r.how == 0]


def _qualifier_pairs(text: str, toponyms: Sequence[tuple[int, int, str]],
                     gaz: Gazetteer | None = None) -> list[tuple[int, int, str | None]]:
    """(place, qualifying region, commune key) triples in ACLED's wording: "Stepne, Donetsk.",
    "Berezivka village, Kyiv oblast", "Selets in Zhytomyr region" and "Raogo (Pensa, Sanmatenga)"
    (the last name in the parentheses is the region, the first the commune). A name continued by
    words no dictionary knows ("Shakhta imeni Gagarina, Donetsk") is a longer, unknown name: the
    region after it qualifies it too."""
    out: list[tuple[int, int, str | None]] = []
    for i in range(len(toponyms) - 1):
        _s1, e1, _sf1 = toponyms[i]
        s2, e2, sf2 = toponyms[i + 1]
        gap = text[e1:s2]
        if _qualifying_gap(text, gap, sf2, e2, gaz):
            out.append((i, i + 1, None))
        elif (gap.strip(" -'’").endswith(",") and "(" not in gap and ")" not in gap and len(gap) < 25
              and _admin_slot(text, s2, e2)):
            out.append((i, i + 1, None))  # "(Pobe-Mengao, Soum)" with only "Pobe" known
        elif gap.lstrip().startswith("(") and ")" not in gap and len(gap) < 60:
            for j in range(i + 1, min(len(toponyms), i + 5)):
                sj, ej, _ = toponyms[j]
                if ")" in text[e1:sj]:
                    break
                if _admin_slot(text, sj, ej):
                    out.append((i, j, fold(toponyms[i + 1][2]) if j > i + 1 and gap.strip() == "(" else None))
                    break
    return out


def _qualifying_gap(text: str, gap: str, sf2: str, e2: int, gaz: Gazetteer | None) -> bool:
    """Whether ``gap`` joins a place to the region after it (``sf2``, ending at ``e2``)."""
    m = _QUAL_GAP.fullmatch(gap)
    if m:
        return bool(strip_level(sf2)[1]) or (m.group(1) == "," and _closes_qualifier(text, e2))
    rest = _NAME_REST.fullmatch(gap) if gaz is not None else None
    return bool(rest) and not gaz.is_common_word(rest.group(1)) and _closes_qualifier(text, e2)


def _admin_slot(text: str, s: int, e: int) -> bool:
    """The last name of a parenthesised list, "Raogo (Pensa, Sanmatenga)": where ACLED-style
    reports put the province or region (so its administrative reading is preferred)."""
    before = text[max(0, s - 80):s]
    k = before.rfind("(")
    return (k >= 0 and ")" not in before[k:] and "," in before[k:] and text[e:e + 3].lstrip().startswith(")")) \
        or lone_paren(text, s, e)


def _closes_qualifier(text: str, e: int) -> bool:
    """A qualifier ends its phrase: "Stepne, Donetsk." / "(Pensa, Sanmatenga)" / "Pavlivka,
    Zaporizhia region as a result..." (not "Kharkiv, Kyiv and Odesa", a list)."""
    rest = text[e:e + 40].lstrip(" ")
    if not rest or rest[0] in ").;,:\n":
        return True
    word = rest.split(maxsplit=1)[0]
    return word.isalpha() and word.islower() and word not in ("and", "or", "nor")


def _qual_bonus(c: Candidate, regions: list[Candidate] | None) -> float:
    if not regions:
        return 0.0
    for r in regions:
        if r.level == 2 and c.level == 3 and c.country_code == r.country_code and c.admin1 == r.admin1 \
                and haversine_km(c.latitude, c.longitude, r.latitude, r.longitude) < 75:
            return _W_QUAL  # near the centroid of the named province/district
        if r.level == 0 and c.country_code == r.country_code and c.level != 0:
            return _W_QUAL * 0.75
        if r.level == 1 and c.country_code == r.country_code and c.admin1 == r.admin1 and c.level != 1:
            return _W_QUAL
    return 0.0


def _place(text: str, s: int, e: int, surface: str, c: Candidate, level: str | None, score: float, why: str,
           note: str, n: int) -> Place:
    precision = 1
    reason = [f"{n} candidate(s)"]
    before = text[max(0, s - 60):s]
    if _may_be_near(before) and _NEAR.search(before):
        precision = 2
        reason.append("'near' wording")
    if level == "area" or _AREA_AFTER.match(text[e:e + 30]):
        precision = max(precision, 2)
        reason.append("area wording")
    if c.level == 2:
        precision = max(precision, 2)
    if c.level in (0, 1, 4):
        precision = 3
    if why:
        reason.append(why)
    if note:
        reason.append(note)
    return Place(
        text=surface, start=s, end=e, name=c.name, geonameid=c.geonameid, latitude=c.latitude,
        longitude=c.longitude, country=c.country, iso3=c.iso3, admin1=c.admin1 if c.level != 0 else None,
        admin2=c.admin2, feature_class=c.feature_class, population=c.population, precision=precision,
        score=round(score, 3), reason="; ".join(reason),
    )
