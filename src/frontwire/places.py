"""Toponyms: find place names in raw text and resolve each to a gazetteer entry using the rest of
the document as context.

Detection is a gazetteer lookup of folded word n-grams that start with a capital letter (longest
match wins), not spaCy's NER, which mislabels exactly the places conflict reports are about
("Belgorod" as NORP, "Novaya Tavolzhanka" as PERSON, Shebekino missed). Guards keep common English
words, people ("Governor X", "X said") and demonyms out. Resolution scores each candidate by
population, feature level, how well the name matched, and agreement with the document's other
places (country focus, a co-mentioned region as in "Avdiivka, Donetsk", proximity). World
regions, seas and common country aliases the sources lack ("Middle East", "Red Sea", "Britain")
come from a short hand-written table in the gazetteer index; a demonym given as a toponym
("Canadian") is its country rather than a hamlet spelt the same.

ACLED-style qualifiers are read as such: in "Village (Commune, Province)" the last name is an
administrative unit (its region reading is preferred), and in "Town, Region." a town with no
reading inside the region falls back to the commune named with it (precision 2) or to the region
(precision 3) rather than to a namesake elsewhere. A bare name shared by a city and its region is
the city; a loose or former-name match abroad in a one-country text stays unresolved (or goes to
the town bearing that very name, if the gazetteer has one). A lone name in parentheses after a
place ("Tambarga (Tapoa)") is its province; the known start of an unknown hyphenated name
("Pobe" in "Pobe-Mengao") is not that place unless the text names a route ("the axis A-B").
"""

from __future__ import annotations

import calendar
import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from frontwire.gazetteer.index import Candidate, Gazetteer
from frontwire.gazetteer.names import ADMIN1_WORDS, REGION_WORDS, fold, loose
from frontwire.records import Place, Span

# words (apostrophes inside, possessive 's split off), hyphens and other punctuation as tokens
_TOKEN = re.compile(r"[^\W_]+(?:['’](?!s\b)[^\W_]+)*|\S")
_CALENDAR = frozenset(w.lower() for w in (*calendar.day_name, *calendar.month_name, *calendar.day_abbr,
                                          *calendar.month_abbr) if w)
_COMPASS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                      "northern", "southern", "eastern", "western", "central", "upper", "lower", "middle",
                      "greater", "new", "old", "great", "little", "grand", "mount", "lake", "port", "fort"})
_MAX_NGRAM = 6
_CONTRACTION = re.compile(r"['’](?:ve|ll|re|d|m|t)$", re.I)
_CONNECTORS = frozenset({"of", "de", "la", "el", "al", "upon", "on", "the", "du", "des", "le", "sur", "am", "an", "der",
                         "di", "da", "do", "dos", "das", "y", "en", "and", "-", "."})
# Words before a capitalised name that make it a person, not a place.
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "gen", "general", "president", "governor", "gov", "mayor", "minister", "sen",
     "senator", "rep", "col", "colonel", "lt", "sgt", "capt", "captain", "pope", "king", "queen", "prince", "princess",
     "lord", "lady", "sir", "judge", "justice", "officer", "commander", "chief", "spokesman", "spokeswoman",
     "spokesperson", "secretary", "ambassador", "prof", "professor", "rev", "father", "bishop", "sheikh", "emir",
     "deputy", "coach", "head", "leader", "director", "chairman", "major", "pastor", "brother", "sister", "uncle",
     "aunt", "mother", "daughter", "son", "wife", "husband", "detective", "trooper", "sheriff", "attorney",
     "lawyer", "founder", "ceo", "manager", "actor", "singer", "player", "dr.", "mrs.", "mr.", "st"}
)
# Capitalised words that may follow a place name without making it part of another name.
_FOLLOWERS = frozenset(
    {"governor", "mayor", "police", "army", "authorities", "officials", "official", "administration",
     "region", "oblast", "province", "city", "district", "county", "state", "airport", "border", "front",
     "river", "valley", "strip", "bank", "mountains", "mountain", "sea", "coast", "island", "islands", "bay",
     "lake", "desert", "plain", "basin", "corridor", "highway", "road", "street", "avenue", "area", "direction",
     "sector", "axis", "offensive", "counteroffensive", "council", "municipality", "ministry", "government",
     "residents", "resident", "forces", "military", "regional", "mp", "mps", "governorate", "prefecture",
     "department", "krai", "okrug", "republic", "parish", "borough", "township", "village", "town", "north",
     "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
)
_SPEECH = frozenset({"said", "says", "told", "added", "stated", "wrote", "tweeted", "posted", "claimed", "reported",
                     "announced", "explained", "noted", "argued", "insisted", "warned", "asked", "replied"})
_SETTLEMENT_NOUNS = frozenset({"village", "town", "city", "settlement", "hamlet", "locality", "commune",
                               "municipality", "township", "outskirts", "suburb"})
# "the department of Oursi", "the province of Soum": "of" after an administrative unit is locative too
_UNIT_NOUNS = frozenset({"department", "district", "province", "region", "prefecture", "cercle", "county",
                         "governorate", "municipality", "commune", "subprefecture", "canton"})
_LOCATIVE = frozenset({"in", "near", "at", "from", "to", "outside", "around", "towards", "toward", "into", "across",
                       "through", "via", "inside", "between", "within",
                       "nearby", "entered", "captured", "shelled", "struck", "hit", "liberated", "took", "seized"})
_NEAR = re.compile(r"\b(?:near|nearby|outside|outskirts\s+of|around|close\s+to|vicinity\s+of|environs\s+of|"
                   r"(?:km|kilometers|kilometres|miles|mi)\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?(?:village\s+of\s+|"
                   r"town\s+of\s+|city\s+of\s+)?$", re.I)
_AREA_AFTER = re.compile(r"^\s+(?:district|raion|rayon|area|border\s+area|border|outskirts|suburbs?|"
                         r"environs|countryside|frontline|front|direction|axis|sector|municipality|community|"
                         r"hromada|county)\b", re.I)
_DEMONYM_STRIP = ("n", "i", "s", "an", "ic", "ns", "ese", "ish", "ian", "ean", "ans", "ians")
_DEMONYM_ADD = ("", "a", "e", "y", "ia", "ey", "on", "ain", "istan", "land", "o")
_SENT_END = re.compile(r"[.!?\n]['\"”’)\]]*\s*$")
# A capitalised word before one of these is a street's name ("Memphis Street", "6016 Dublin Road"),
# which is not the town it is named after.
_STREET = frozenset({"street", "st", "road", "rd", "drive", "dr", "avenue", "ave", "boulevard", "blvd", "lane",
                     "ln", "parkway", "pkwy", "terrace", "streets", "roads", "avenues", "pike"})
# Words after a town's name that show it is one: "Chiefland Police", "Lindsay City Council", "a
# Berea man".
_CIVIC = frozenset({"police", "mayor", "city", "council", "fire", "township", "village", "town", "borough", "man",
                    "woman", "resident", "residents", "native", "sheriff", "aldermen", "selectmen"})
# Arabic name particles: "bin Rashid", "ibn Saud" are people.
_NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "ben"})


def _gaz(gazetteer: Gazetteer | None) -> Gazetteer:
    return gazetteer if gazetteer is not None else Gazetteer.open()


# ---------------------------------------------------------------------------------- detection


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    return not before.strip() or bool(_SENT_END.search(before)) or before.rstrip().endswith((":", "\"", "“", "—"))


def demonym_country(word: str, gazetteer: Gazetteer | None = None) -> Candidate | None:
    """The country (or region) a demonym/adjective names: from the demonym table when the data
    has one ("American"), else by generic English morphology ("Syrian" -> Syria, "Chinese" ->
    China, "Turkish" -> Turkey, "Sri Lankan" -> Sri Lanka)."""
    return _demonym_cached(fold(word), _gaz(gazetteer))


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
            found += [c for c in gaz.candidates(cand) if c.level in (0, 4) or (c.level == 1 and c.how == 0)]
        if any(c.level in (0, 4) for c in found):
            break
    found.sort(key=lambda c: (c.level not in (0, 4), -c.population))
    return found[0] if found else None


def _people(text: str, toks: list[tuple[int, int, str]], gaz: Gazetteer) -> frozenset[str]:
    """Capitalised words the document itself shows to be people: after a title ("Gov. Gladkov",
    "Sen. Baker"), before a speech verb ("Eberhart said"), or before an age ("Jones, 45,").
    One sense per discourse: a surname stays a person everywhere in the article."""
    people = set()
    n = len(toks)
    for k, (_s, _e, w) in enumerate(toks):
        if not _is_cap(w) or not w[0].isalpha():
            continue
        prev = toks[k - 1][2].lower() if k else ""
        prev2 = toks[k - 2][2].lower() if k > 1 and toks[k - 1][2] == "." else ""
        nxt = toks[k + 1][2] if k + 1 < n else ""
        if (len(w) > 1 and k + 3 < n and len(nxt) == 1 and nxt.isupper() and toks[k + 2][2] == "."
                and len(toks[k + 3][2]) > 1 and _is_cap(toks[k + 3][2]) and toks[k + 3][2].isalpha()):
            people.update((w, toks[k + 3][2]))  # "Milton J. Little", "Blanche D. Maness": a middle initial
        elif prev in _TITLES or prev2 in _TITLES:
            people.add(w)
            # "Gov. Mark Sanford": the surname too
            if k + 1 < n and _is_cap(nxt) and nxt[0].isalpha():
                people.add(nxt)
        elif nxt.lower() in _SPEECH and k and (_is_cap(toks[k - 1][2]) and toks[k - 1][2][0].isalpha()):
            people.add(w)  # "Kristina Eberhart said": a full name before a speech verb
            people.add(toks[k - 1][2])
        elif nxt == "," and k + 2 < n and toks[k + 2][2].isdigit() and len(toks[k + 2][2]) <= 2:
            people.add(w)
        elif prev in _SPEECH and nxt not in ("'", "’") and (not nxt or not nxt[0].isalnum() or _is_cap(nxt)):
            people.add(w)  # '..., said Hammad.' / 'said Nash Riad,': the speaker, and the surname
            if _is_cap(nxt) and nxt[0].isalpha():
                people.add(nxt)
        elif (k and _is_cap(toks[k - 1][2]) and toks[k - 1][2].isalpha() and text[toks[k - 1][1]:_s] == " "
              and not _sentence_initial(text, toks[k - 1][0]) and not _is_cap(nxt)
              and not _placey(toks[k - 1][2], gaz) and not gaz.is_common_word(toks[k - 1][2].lower())
              and not gaz.is_common_word(w.lower()) and w.lower() not in _FOLLOWERS):
            people.add(w)  # "Barack Obama", "Kristina Eberhart": the surname is a person all along
    return frozenset(people)


def find_toponyms(text: str, skip: Sequence[Span] = (), gazetteer: Gazetteer | None = None,
                  demonyms: bool = False) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that name places, as (start, end, surface text), in text order.

    A span may include a trailing administrative word ("Belgorod region", "Donetsk Oblast") or be
    a region abbreviation after a town ("Paris, Tenn.") or a member's state ("D-N.D."). ``skip``:
    spans to ignore (e.g. boilerplate removed by ingest). Demonyms ("Russian") are not toponyms
    here (ACLED codes places, not peoples) unless ``demonyms`` is set, for geoparsing corpora
    whose toponyms include adjectival forms ("Syrian", "Sri Lankan").
    """
    gaz = _gaz(gazetteer)
    toks = _tokens(text)
    people = _people(text, toks, gaz)
    lower = frozenset(t[2] for t in toks if t[2].islower())  # words the text itself uses as common words
    return _drop_name_pairs(_scan(text, toks, gaz, people, lower, skip, demonyms), text, gaz)


def _scan(text: str, toks: list[tuple[int, int, str]], gaz: Gazetteer, people: frozenset[str],
          lower: frozenset[str], skip: Sequence[Span], demonyms: bool) -> list[tuple[int, int, str]]:
    """The detector's left-to-right pass over the tokens (longest gazetteer match first)."""
    out: list[tuple[int, int, str]] = []
    n = len(toks)
    i = 0
    while i < n:
        s, e, w = toks[i]
        if (not _is_cap(w) or not w[0].isalpha() or _CONTRACTION.search(w)
                or any(sp.start <= s < sp.end for sp in skip)):
            i += 1
            continue
        if i >= 2 and toks[i - 1][2] == "-" and toks[i - 2][2] in ("D", "R", "I") and toks[i - 1][0] == toks[i - 2][1] \
                and toks[i - 1][1] == s:
            ab = _abbreviation_at(text, toks, i, gaz)  # "Sen. Byron Dorgan, D-N.D.": the member's state
            if ab is not None:
                out.append(ab[:3])
                i = ab[3] + 1
                continue
        match_end = -1
        for j in range(min(n, i + _MAX_NGRAM) - 1, i - 1, -1):
            last = toks[j][2]
            if not _is_cap(last) or not last[0].isalpha():
                continue
            # every token between must be a word or connector joined by spaces only
            ok = True
            for k in range(i + 1, j + 1):
                tk = toks[k][2]
                gap = text[toks[k - 1][1]:toks[k][0]]
                if gap not in ("", " "):
                    ok = False
                    break
                if not (tk[0].isalnum() or tk in (".", "-", "'", "’")):
                    ok = False
                    break
                if not _is_cap(tk) and tk.lower() not in _CONNECTORS and tk not in ("'", "’"):
                    ok = False
                    break
            if not ok:
                continue
            key = fold(text[s:toks[j][1]])
            # "Clarke County", "Rapides Parish": a county known by name only (no coordinates)
            if (j + 1 < n and toks[j + 1][2] in ("County", "Parish") and text[toks[j][1]:toks[j + 1][0]] == " "
                    and gaz.areas(key)):
                out.append((s, toks[j + 1][1], text[s:toks[j + 1][1]]))
                match_end = -2
                i = j + 2
                break
            if key and gaz.has_key(key):
                match_end = j
                break
        if match_end == -2:
            continue
        if match_end < 0 and len(w) >= 6 and not w.isupper() and gaz.is_common_word(w.lower()) == 0 \
                and gaz.has_loose(fold(w)):
            match_end = i  # a transliteration variant of a known name ("Zaporizhia", "Avdeevka")
        if demonyms:
            dem = _demonym_at(text, toks, i, gaz)
            if dem is not None and dem > match_end:  # "Sri Lankan", not the hamlet "Sri"
                out.append((s, toks[dem][1], text[s:toks[dem][1]]))
                i = dem + 1
                continue
        if match_end < 0:
            i += 1
            continue
        j = match_end
        rest = _compound_rest(text, toks, i, j, gaz)
        if rest > j:
            i = rest + 1  # "Pobe-Mengao", "Bobo-Dioulassou": a longer name the gazetteer lacks
            continue
        if _accept(text, toks, i, j, gaz, people, lower, demonyms):
            end = toks[j][1]
            # abbreviations keep their final period ("U.S.", "St."); "Belgorod region", "Donetsk
            # Oblast", "Idlib governorate" keep the level word in the span
            nxt = toks[j + 1] if j + 1 < n else None
            after = toks[j + 2][2] if j + 2 < n else ""
            if nxt is not None and ((nxt[2] == "." and nxt[0] == end and "." in text[s:end] and len(toks[j][2]) <= 3)
                                    or (nxt[2].lower() in REGION_WORDS and text[end:nxt[0]] == " "
                                        and after != "of" and not (_is_cap(after) and after[0].isalpha()))):
                end = nxt[1]
                j += 1
            out.append((s, end, text[s:end]))
            # "Paris, Tenn." / "Louisville, Ky.": a region abbreviation qualifying the town
            ab = _abbreviation_after(text, toks, j, gaz)
            if ab is not None:
                out.append(ab[:3])
                j = ab[3]
        i = j + 1
    return out


_ROUTE = frozenset({"axis", "road", "highway", "route", "corridor", "border", "front", "frontline", "line"})


def _compound_rest(text: str, toks: list[tuple[int, int, str]], i: int, j: int, gaz: Gazetteer) -> int:
    """Index of the last token of a hyphenated name that continues the match toks[i..j] with no
    space ("Pobe" in "Pobe-Mengao"), when that small place's name is only the start of a longer,
    unknown one; else ``j``. Two places joined ("Kramatorsk-Sloviansk"), a big city or region, or an
    item of a "(Commune, Province)" list stays a match."""
    k = j
    while (k + 2 < len(toks) and toks[k + 1][2] == "-" and toks[k + 1][0] == toks[k][1]
           and toks[k + 2][0] == toks[k + 1][1] and _is_cap(toks[k + 2][2]) and toks[k + 2][2].isalpha()):
        k += 2
    if k == j or _paren_list(text, toks[i][0], toks[j][1]):
        return j
    before = toks[i - 1][2].lower() if i else ""
    after = toks[k + 1][2].lower() if k + 1 < len(toks) else ""
    if before in _ROUTE or after in _ROUTE or before == "between":
        return j  # "the axis Tougan-Toueni", "the Djibo-Arbinda road": a route between two places
    if gaz.has_key(fold(text[toks[j + 2][0]:toks[k][1]])):
        return j  # two places joined: "the Izium-Sloviansk axis"
    if any(c.how == 0 and (c.population >= 100_000 or c.level in (0, 1, 2, 4))
           for c in gaz.candidates(text[toks[i][0]:toks[j][1]])):
        return j
    return k


def _demonym_at(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer) -> int | None:
    """Index of the last token of a demonym starting at token i ("Syrian", "Sri Lankan",
    "Palestinians"), or None: for callers that count adjectival forms as toponyms."""
    w = toks[i][2]
    if w.isupper():
        return None
    if i + 1 < len(toks) and _is_cap(toks[i + 1][2]) and text[toks[i][1]:toks[i + 1][0]] == " " \
            and demonym_country(f"{w} {toks[i + 1][2]}", gaz) is not None:
        return i + 1
    return i if len(w) >= 4 and demonym_country(w, gaz) is not None else None


def _drop_name_pairs(found: list[tuple[int, int, str]], text: str, gaz: Gazetteer) -> list[tuple[int, int, str]]:
    """Two one-word "places" side by side with nothing between ("George Bush") are a person's
    name; so, in that article, is every other lone mention of those words ("the Bush
    administration") unless it names a country or region."""
    names: set[str] = set()
    for (_s1, e1, t1), (s2, _e2, t2) in zip(found, found[1:], strict=False):
        if text[e1:s2] == " " and " " not in t1 and " " not in t2 and not t1.isupper() and not t2.isupper():
            names.update((t1, t2))
    if not names:
        return found
    return [f for f in found if f[2] not in names
            or any(c.level in (0, 1) and c.how in (0, 1) for c in gaz.candidates(f[2]))]


def _abbreviation_after(text: str, toks: list[tuple[int, int, str]], j: int, gaz: Gazetteer) -> tuple | None:
    if j + 3 >= len(toks) or toks[j + 1][2] != ",":
        return None
    return _abbreviation_at(text, toks, j + 2, gaz)


def _abbreviation_at(text: str, toks: list[tuple[int, int, str]], start: int, gaz: Gazetteer) -> tuple | None:
    """(start, end, surface, last token) of a region abbreviation with periods beginning at token
    ``start`` ("Tenn.", "W. Va.", "N.D."), or None."""
    n = len(toks)
    if start >= n or not _is_cap(toks[start][2]):
        return None
    k = start
    end_k = None
    while k + 1 < n and k <= start + 4 and toks[k][2][0].isalpha() and len(toks[k][2]) <= 5 and toks[k + 1][2] == ".":
        end_k = k + 1
        if k + 2 < n and toks[k + 2][0] - toks[k + 1][1] <= 1 and toks[k + 2][2][:1].isupper() and len(toks[k + 2][2]) <= 3:
            k += 2
        else:
            break
    if end_k is None:
        return None
    s2, e2 = toks[start][0], toks[end_k][1]
    if not _abbreviation(text[s2:e2], gaz):
        return None
    if end_k == start + 1 and any(c.level == 1 and c.how == 0 for c in gaz.candidates(toks[start][2])):
        return None  # "Columbus, Ohio." is the full name ending a sentence, not an abbreviation
    return (s2, e2, text[s2:e2], end_k)


def _placey(word: str, gaz: Gazetteer) -> bool:
    """Whether a word on its own is likely a place (a country, region or town of 10,000+), as
    opposed to a surname that some hamlet also bears."""
    return any(c.level in (0, 1, 4) or c.population >= 10_000 for c in gaz.candidates(word)[:5])


def _accept(text: str, toks: list[tuple[int, int, str]], i: int, j: int, gaz: Gazetteer,
            people: frozenset[str] = frozenset(), lower: frozenset[str] = frozenset(), demonyms: bool = False) -> bool:
    """Guards against common words, people and demonyms for the match toks[i..j]."""
    s, e = toks[i][0], toks[j][1]
    surface = text[s:e]
    key = fold(surface)
    words = key.split()
    single = len(words) == 1
    cands = gaz.candidates(surface)
    if not cands:
        return False
    if single and (key in _CALENDAR or key in _COMPASS or key in _TITLES):
        return False
    best = cands[0]
    # "big": a country, a populous region or a city of 100,000+ (many small states' parishes and
    # municipalities share names with people: "Mary", "Michael", "Baker")
    big = any((c.level in (0, 4) and c.how < 3) or (c.level == 1 and c.population >= 200_000 and c.how in (0, 1))
              for c in cands) or best.population >= 100_000
    prev = toks[i - 1][2] if i > 0 else ""
    prev_l = prev.lower().rstrip(".")
    nxt = toks[j + 1][2] if j + 1 < len(toks) else ""
    # acronyms: only known country/region initials ("UK", "US", "UAE"); "IS" or "UN" are not places
    if surface.isupper() and len(surface.replace(".", "")) <= 3:
        return any(c.level == 0 for c in cands) or gaz.has_listed(key)
    if len(key.replace(" ", "")) < 3:
        return False
    if _paren_list(text, s, e) and any(c.how < 3 for c in cands) and not (single and key in _CALENDAR):
        return True  # "(Commune, Province)": the report itself says these are places
    m = _QUALIFIED_BY.match(text, e)
    if m and not (single and key in _CALENDAR) and any(c.level in (1, 2) for c in gaz.candidates(m.group(1))):
        return True  # "Touro (Gorom-Gorom, Oudalan)": a place placed in its commune and province
    if _lone_paren(text, s, e) and any(c.level in (1, 2) and c.how < 3 for c in cands):
        return True  # "Mansila (Yagha)": the province a place is put in
    # loose transliteration matches ("Hammad" for Madinat Hamad) do not make a name big
    big_exact = big and any(c.how < 3 and (c.level in (0, 4) or c.population >= 100_000
                                           or (c.level == 1 and c.population >= 200_000)) for c in cands)
    if single and surface in people and not big_exact:
        return False
    nxt_tok = toks[j + 1] if j + 1 < len(toks) else None
    if nxt_tok is not None and text[e:nxt_tok[0]] == " " and (
            (single and nxt_tok[2] in people and not gaz.is_common_word(nxt_tok[2].lower())
             and nxt_tok[2].lower() not in _FOLLOWERS)
            or (nxt_tok[2].lower().rstrip(".") in _STREET and _is_cap(nxt_tok[2]))):
        return False  # "Charlotte Smith" when Smith is a person here; "Memphis Street"
    if prev_l in _NAME_PARTICLES and prev.islower():
        return False
    if single and nxt.isdigit() and gaz.is_common_word(key) and not big:
        return False  # "Sector 29", "Zone 4", "Block 12": a numbered designation, not a town
    if single and j + 3 < len(toks) and len(nxt) == 1 and nxt.isupper() and toks[j + 2][2] == "." \
            and len(toks[j + 3][2]) > 1 and _is_cap(toks[j + 3][2]) and toks[j + 3][2].isalpha():
        return False  # "Milton J. Little": a first name before a middle initial
    if prev_l in _TITLES and _is_cap(prev) and not _sentence_initial(text, s):
        return False
    if prev_l in _TITLES and prev_l in {"mr", "mrs", "ms", "dr", "gen", "gov", "sen", "rep", "col", "lt", "sgt", "capt"}:
        return False
    # part of a longer capitalised name that is not a place: "Vyacheslav Gladkov", "Washington Post"
    if (prev and _is_cap(prev) and prev[0].isalpha() and text[toks[i - 1][1]:s] == " "
            and not _sentence_initial(text, toks[i - 1][0]) and prev_l not in _TITLES
            and not _placey(prev, gaz) and not gaz.is_common_word(prev_l)):
        return False
    if (nxt and _is_cap(nxt) and nxt[0].isalpha() and text[e:toks[j + 1][0]] == " " and not big
            and nxt.lower() not in _FOLLOWERS and nxt.lower() not in REGION_WORDS and not _placey(nxt, gaz)):
        return False
    if single and nxt.lower() in _SPEECH and not big:
        return False
    if (nxt.lower() in _CALENDAR and _is_cap(nxt) and not big) or nxt.lower() in {"day", "eve"}:
        return False  # "Independence Day", "Christmas Eve", "Easter Sunday" (not "Moscow, Russia Thursday")
    if not demonyms and demonym_country(surface, gaz) is not None and not any(
            c.how == 0 and c.level in (0, 1, 3) and c.population >= 100_000 for c in cands):
        return False  # "Russian", "Sri Lankan": a people, not a place
    dateline = surface.isupper() and nxt in ("-", "—", "–", ",", ":") and _sentence_initial(text, s)
    level_word = nxt.lower() in REGION_WORDS or nxt.lower() in ("area", "outskirts") or (
        nxt.lower() in _CIVIC and (_is_cap(nxt) or nxt.lower() in ("man", "woman", "resident", "residents", "native")))
    # "the village of Tetkino": "of" after a settlement noun is as locative as "in"
    place_of = prev_l == "of" and i >= 2 and toks[i - 2][2].lower() in _SETTLEMENT_NOUNS | _UNIT_NOUNS
    # ACLED's "(coded as Nafo at geoprecision 2)": the note says the name is a place
    place_of = place_of or (prev_l == "as" and i >= 2 and toks[i - 2][2].lower() == "coded")
    if single and not big and best.population < 10_000 and prev_l not in _LOCATIVE and not dateline and not level_word and not (
            nxt == "," and j + 2 < len(toks) and _placey(toks[j + 2][2], gaz)) and not place_of:
        # a lone small-town name with no locative cue ("in", "near") nor a qualifying region is
        # more often a surname or a word than that town
        return False
    kinds = [gaz.is_common_word(w) for w in words]
    if single and kinds[0] == 2 and not big and words[0] not in lower:
        # a word English knows only as a noun ("Street", "Council", "Roswell"): a place when it
        # stands alone and is a sizeable place or follows a locative preposition
        adjacent = (_is_cap(prev) and prev[0].isalpha() and text[toks[i - 1][1]:s] == " ") or (
            _is_cap(nxt) and nxt[0].isalpha() and text[e:toks[j + 1][0]] == " " and nxt.lower() not in REGION_WORDS)
        if adjacent:
            return False
        return best.population >= 50_000 or prev_l in _LOCATIVE or prev_l == "of"
    initial = _sentence_initial(text, s)
    common = all(k == 1 or (k == 2 and (w in lower or initial)) for k, w in zip(kinds, words, strict=True))
    if common:
        if surface.isupper() and len(key) >= 4:
            return big
        if initial:
            # "Reading the report...": a capitalised common word opening a sentence is a place only
            # if it names a country/region or a city of a million, or is followed by punctuation
            return any(c.level in (0, 1, 4) and c.how in (0, 1) for c in cands) or best.population >= 1_000_000 \
                or nxt in (",", ":", "—", "-")
        if big:
            return True
        return prev_l in _LOCATIVE and best.population >= 1000
    return True


# --------------------------------------------------------------------------------- resolution


def _strip_level(surface: str) -> tuple[str, str | None]:
    """("Belgorod region") -> ("Belgorod", "admin1"); ("Shebekino district") -> ("Shebekino", "area")."""
    words = surface.split()
    level = None
    while len(words) > 1 and words[-1].lower().rstrip("'’") in REGION_WORDS:
        w = words.pop().lower().rstrip("'’")
        level = level or ("admin1" if w in ADMIN1_WORDS else "area")
    return " ".join(words), level


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _nearest_km(lat: float, lon: float, pts: list[tuple[float, float]]) -> float:
    """Distance to the nearest of ``pts`` (radians), equirectangular: exact enough for the 30/100/300
    km bands of the proximity signal and several times cheaper than haversine in the inner loop."""
    la, lo = math.radians(lat), math.radians(lon)
    best = min(((lo - plo) * math.cos((la + pla) / 2)) ** 2 + (la - pla) ** 2 for pla, plo in pts)
    return 6371.0 * math.sqrt(best)


_ABBR = re.compile(r"^(?:[A-Z][a-z]{0,4}\.\s?){1,3}$|^(?:[A-Z]\.){1,3}[A-Z]?$")


def _abbreviation(surface: str, gaz: Gazetteer) -> list[Candidate]:
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


@lru_cache(maxsize=50_000)
def _lookup(surface: str, gaz: Gazetteer) -> tuple[list[Candidate], str | None, str]:
    """Candidates for a toponym's surface form, the administrative level its wording asks for, and
    a note on how they were found (memoised: callers must not mutate the list)."""
    base, level = _strip_level(surface)
    note = ""
    cands = gaz.candidates(surface)
    if base != surface and (not cands or all(c.how == 3 for c in cands)):
        cands = gaz.candidates(base) or cands
    if not cands and base.lower().startswith("the "):
        cands = gaz.candidates(base[4:])
    listed = bool(gaz.extra(fold(base)))  # a hand-listed region or alias ("Middle East", "D.C.")
    if "." in surface and not listed:
        ab = _abbreviation(surface, gaz)
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
                       and (r := gaz.admin1_region(c.country_code, c.admin1)) is not None]
        if regions:
            cands = regions
    if level == "area" and surface.split()[-1].lower() in ("county", "parish"):
        areas = gaz.areas(fold(base))
        if areas:
            county = {(cc, a1): name for cc, a1, name in areas}
            # the county's namesake town stands for it (and lies in it, as a rule): its admin2 is the county
            inside = [replace(c, admin2=c.admin2 or county[(c.country_code, c.admin1)]) for c in cands
                      if (c.country_code, c.admin1) in county and c.level == 3]
            have = {(c.country_code, c.admin1) for c in inside}
            cands = inside + [a for a in (_area_candidate(gaz, cc, a1, name) for cc, a1, name in areas
                                          if (cc, a1) not in have) if a is not None]
            note = "county: town of that name in its state, else the state's centroid"
    return cands, level, note


def candidates_for(surface: str, gazetteer: Gazetteer | None = None) -> list[Candidate]:
    """Every entry ``resolve`` would choose among for this toponym (region words, abbreviations,
    demonyms and counties handled), before context: e.g. to measure the gazetteer's ceiling."""
    return list(_lookup(surface, _gaz(gazetteer))[0])


def _area_candidate(gaz: Gazetteer, cc: str, admin1: str, name: str) -> Candidate | None:
    """A named area without coordinates of its own (a US county) placed at its region's centroid."""
    reg = gaz.admin1_region(cc, admin1)
    if reg is None:
        return None
    gid = -(zlib.crc32(f"ADM2:{cc}:{admin1}:{name}".encode()) & 0x7FFFFFFF)
    return replace(reg, geonameid=gid, name=name, admin2=name, feature_code="ADM2", level=2, population=0, how=0)


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
    return s


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
# a city of 300,000+ outranks its namesake villages beyond what log-population gives, so that a
# country focus elsewhere does not send "Toronto" to a hamlet (swept on the tuning halves:
# LGL even, GeoWebNews even articles)
_W_BIG, _BIG_CITY, _SEAT_CITY = 1.5, 300_000, 50_000
# a town this size is no hamlet the gazetteer might miss a namesake of: a region named with it
# that does not contain it is the report's slip, not another place
_TOWN = 5_000


def resolve(text: str, toponyms: Sequence[tuple[int, int, str]], gazetteer: Gazetteer | None = None) -> list[Place]:
    """Resolve each toponym span to a ``Place`` using the whole document as context.

    One sense per discourse: every mention of the same name gets the same place. Never drops a
    toponym: one without any gazetteer entry comes back with ``geonameid=None`` and a ``reason``.
    Precision follows ACLED: 1 a town, 2 "near X"/"X district"/an admin2 area, 3 a region or
    country (region centroid coordinates).
    """
    gaz = _gaz(gazetteer)
    toponyms = list(toponyms)
    groups: dict[str, list[int]] = {}
    info: dict[str, tuple[list[Candidate], str | None, str]] = {}
    for i, (_s, _e, surface) in enumerate(toponyms):
        key = fold(surface)
        groups.setdefault(key, []).append(i)
        if key not in info:
            info[key] = _lookup(surface, gaz)
    # qualifiers: "Avdiivka, Donetsk" / "Paris, Texas" -> region or country that contains the first
    quals: dict[str, list[Candidate]] = {}
    qualified: set[str] = set()
    admin_slot = {fold(sf) for s, e, sf in toponyms if _admin_slot(text, s, e)}
    fallback: dict[str, tuple[list[Candidate], str | None]] = {}
    for i, j, commune in _qualifier_pairs(text, toponyms, gaz):
        # ACLED style "Stepne, Donetsk." / "Raogo (Pensa, Sanmatenga)": a small place with no
        # reading inside the named region falls back to the commune named with it, else the region
        k1 = fold(toponyms[i][2])
        regs2 = [r for r in info[fold(toponyms[j][2])][0] if r.level in (1, 2) and r.how < 3]
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
        regs = [r for r in info[fold(sf2)][0] if r.level in (0, 1)
                and any(_qual_bonus(c, [r]) for c in _own_names(info[fold(sf1)][0], fold(sf1)))]
        if regs:
            quals.setdefault(fold(sf1), []).extend(regs)
            qualified.add(fold(sf2))
            key2 = fold(sf2)
            if any(c.level == 3 for c in info[key2][0]):
                # ACLED style "Avdiivka, Donetsk": the qualifier is the region, not its namesake city
                info[key2] = (regs, "admin1", info[key2][2] or "region qualifying the name before it")
    keys = list(groups)
    choice: dict[str, Candidate | None] = {}
    adjust: dict[str, dict[int, float]] = {}
    for k in keys:
        cands, level, _n = info[k]
        exact = any(c.how == 0 for c in cands)
        # context-free adjustments, computed once: former/foreign names, city-vs-region namesakes
        towns = {(c.country_code, c.admin1) for c in cands if c.level == 3 and c.how == 0}
        regions = {(c.country_code, c.admin1) for c in cands if c.level == 1 and c.how == 0}
        nations = {c.country_code for c in cands if c.level == 0 and c.how == 0}
        capitals = {c.country_code for c in cands if c.level == 3 and c.how == 0 and c.feature_code == "PPLC"}
        adjust[k] = {c.geonameid: _adjust(c, k, exact, towns, regions, nations, capitals, level) for c in cands}
        choice[k] = max(cands, key=lambda c: _prior(c, level) + _qual_bonus(c, quals.get(k)) + adjust[k][c.geonameid]
                        + (_W_SLOT if k in admin_slot and c.level in (1, 2) else 0.0)) if cands else None
    scores: dict[str, tuple[float, str]] = {}
    for _round in range(2):
        new: dict[str, Candidate | None] = {}
        # the document's current readings, totalled once; each name then discounts its own
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
        all_pts = {o: (math.radians(c.latitude), math.radians(c.longitude)) for o, c in choice.items()
                   if c is not None and c.level in (2, 3)}
        for k in keys:
            cands, level, _n = info[k]
            if not cands:
                new[k] = None
                continue
            own = choice.get(k)
            cc_w, a1_w, wsum = tot_cc, tot_a1, tot_w
            others = tot_w > 0
            if own is not None:
                w = min(len(groups[k]), 3)
                cc_w = tot_cc.copy()
                a1_w = tot_a1.copy()
                if own.country_code:
                    cc_w[own.country_code] -= w
                if own.admin1 and own.level != 0:
                    a1_w[(own.country_code or "", own.admin1)] -= 1
                wsum = tot_w - w
                others = wsum > 0
            wsum = wsum or 1
            pts = [p for o, p in all_pts.items() if o != k]
            best, best_s, why = None, -1e9, ""
            adj = adjust[k]
            for c in cands:
                sc = _prior(c, level)
                reasons = []
                a = adj[c.geonameid]
                sc += a  # a place by that very name beats one formerly so called
                if k in admin_slot and c.level in (1, 2):
                    sc += _W_SLOT
                    reasons.append("administrative unit in a '(commune, province)' qualifier")
                if c.country_code and others:
                    share = cc_w[c.country_code] / wsum
                    sc += _W_COUNTRY * share
                    if share >= 0.3:
                        reasons.append(f"country focus {c.country_code}")
                if c.admin1 and c.level != 0 and a1_w[(c.country_code or "", c.admin1)]:
                    sc += _W_REGION
                    reasons.append(f"same region as others ({c.admin1})")
                if pts and c.level in (2, 3):
                    d = _nearest_km(c.latitude, c.longitude, pts)
                    bonus = _W_NEAR * (1.5 if d < 30 else 1.0 if d < 100 else 0.5 if d < 300 else 0.0)
                    if bonus:
                        sc += bonus
                        reasons.append(f"{d:.0f} km from another place in the text")
                qb = 0.0 if a <= -_W_OTHER_NAME else _qual_bonus(c, quals.get(k))
                if qb:
                    sc += qb
                    reasons.append("inside the region named after it")
                if k in qualified and c.level in (0, 1):
                    sc += 1.0
                if sc > best_s:
                    best, best_s, why = c, sc, ", ".join(reasons)
            new[k] = best
            scores[k] = (best_s, why)
        choice = new
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
    out: list[Place] = []
    for s, e, surface in toponyms:
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


def acled_point(place: Place, gazetteer: Gazetteer | None = None) -> Place:
    """Where ACLED codes an event whose only place is a whole country: at the capital, with
    geo_precision 3 (its convention for nationwide reports; a country's centroid is often empty
    land). The span still points at the country's name. Any other place is returned unchanged."""
    if (place.geonameid is None or place.feature_class != "A" or place.admin1 or not place.iso3
            or place.name != place.country):
        return place
    cap = _gaz(gazetteer).capital(place.iso3)
    if cap is None:
        return place
    return replace(place, name=cap.name, geonameid=cap.geonameid, latitude=cap.latitude,
                   longitude=cap.longitude, admin1=cap.admin1, admin2=cap.admin2, feature_class=cap.feature_class,
                   population=cap.population, precision=3,
                   reason=f"{place.reason}; the country alone: coded at its capital".lstrip("; "))


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
        return bool(_strip_level(sf2)[1]) or (m.group(1) == "," and _closes_qualifier(text, e2))
    rest = _NAME_REST.fullmatch(gap) if gaz is not None else None
    return bool(rest) and not gaz.is_common_word(rest.group(1)) and _closes_qualifier(text, e2)


_QUALIFIED_BY = re.compile(r"\s?\([^()\n]{1,60},\s*([^(),\n]{2,40}?)\s*\)")


def _admin_slot(text: str, s: int, e: int) -> bool:
    """The last name of a parenthesised list, "Raogo (Pensa, Sanmatenga)": where ACLED-style
    reports put the province or region (so its administrative reading is preferred)."""
    before = text[max(0, s - 80):s]
    k = before.rfind("(")
    return (k >= 0 and ")" not in before[k:] and "," in before[k:] and text[e:e + 3].lstrip().startswith(")")) \
        or _lone_paren(text, s, e)


_WORD_BEFORE_PAREN = re.compile(r"[^\W\d_][\w'’-]* \($")


def _lone_paren(text: str, s: int, e: int) -> bool:
    """A single name in parentheses right after another word, "Tambarga (Tapoa)": in ACLED-style
    notes the region or province the name before it lies in. (Only readings of administrative
    level use it: a country or town in parentheses gets nothing from it.)"""
    return text[e:e + 1] == ")" and bool(_WORD_BEFORE_PAREN.search(text[max(0, s - 40):s]))


def _paren_list(text: str, s: int, e: int) -> bool:
    """Whether a name is an item of a parenthesised list of names, "(Gorom-Gorom, Oudalan)"."""
    before, after = text[max(0, s - 80):s], text[e:e + 80]
    k = before.rfind("(")
    if k < 0 or ")" in before[k:] or not before[k + 1:].replace(",", " ").replace("-", " ").replace(" ", "").isalpha() \
            and before[k + 1:].strip():
        return False
    m = after.find(")")
    return m >= 0 and "(" not in after[:m] and ("," in before[k:] or "," in after[:m]) and len(after[:m]) < 60


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
                and _km((c.latitude, c.longitude), (r.latitude, r.longitude)) < 75:
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
    if _NEAR.search(before):
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


def geocode(text: str, gazetteer: Gazetteer | None = None) -> list[Place]:
    """Find and resolve every toponym in ``text``."""
    gaz = _gaz(gazetteer)
    return resolve(text, find_toponyms(text, gazetteer=gaz), gaz)


def entity_spans(text: str, gazetteer: Gazetteer | None = None) -> list[tuple[int, int, str]]:
    """Toponym spans labelled as spaCy would: "GPE" for countries/regions/towns, "LOC" for other
    features (continents, seas, mountains). For nlp.py to correct the stock NER."""
    gaz = _gaz(gazetteer)
    out = []
    for s, e, surface in find_toponyms(text, gazetteer=gaz):
        cands, _lvl, _ = _lookup(surface, gaz)
        kind = "GPE" if cands and cands[0].level in (0, 1, 2, 3) else "LOC"
        out.append((s, e, kind))
    return out


# ------------------------------------------------------------------------------ spaCy component


class PlacesComponent:
    """spaCy pipeline component: gazetteer toponyms overwrite the stock NER's entities where they
    overlap (so "Belgorod" is GPE, not NORP; "Novaya Tavolzhanka" GPE, not PERSON); other entities
    are kept."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc):  # noqa: ANN001, ANN204 - spaCy Doc in and out; spaCy stays optional
        from spacy.util import filter_spans

        ours = []
        for s, e, label in entity_spans(doc.text, self.gazetteer):
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is not None:
                ours.append(span)
        taken = {i for sp in ours for i in range(sp.start, sp.end)}
        others = [ent for ent in doc.ents if not any(i in taken for i in range(ent.start, ent.end))]
        doc.ents = filter_spans(ours + others)
        return doc


def register_spacy_component() -> None:
    """Register the "frontwire_toponyms" factory with spaCy (idempotent), so that
    ``nlp.add_pipe("frontwire_toponyms", after="ner")`` works. (nlp.py's own "frontwire_places"
    component, which runs before the NER, takes its spans from ``entity_spans``.)"""
    from spacy.language import Language

    if Language.has_factory("frontwire_toponyms"):
        return

    @Language.factory("frontwire_toponyms")
    def _make(nlp, name):  # noqa: ANN001, ANN202, ARG001 - spaCy's factory signature
        return PlacesComponent()
