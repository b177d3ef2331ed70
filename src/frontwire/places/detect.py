"""Toponym detection in raw text with the gazetteer alone.

A lookup of folded word n-grams that start with a capital letter (longest match wins), not
spaCy's NER, which mislabels exactly the places conflict reports are about ("Belgorod" as NORP,
"Novaya Tavolzhanka" as PERSON, Shebekino missed). Guards keep common English words, streets,
people ("Governor X", "X said") and demonyms out. ``ner.py`` adds spaCy's statistical NER as a
second opinion for callers that want the best detection.

Layout and context also say a name is a place where the guards alone would turn it down: a
dateline in capitals ("CLINTON —", "HELENA, Mont."), a legislator's home town ("R-Ocilla"), a
state abbreviation or street before or after it ("Severn, Md.", "Main Street, Tipperary",
"Jane Doe, 45, of Myerstown"), a civic noun or municipal body after it ("Laconia police",
"Torrington Fire Department"), a list with other places or closed by a plural unit noun
("Larned, Pratt and Wichita", "Eastland and Callahan counties"). Spans follow the geoparsing
corpora where that is the town itself: "Dublin City Council" and "the City of Richmond" give
Dublin and Richmond; "Kansas City", "Hamilton Township" and "Naugatuck River" stay whole.

Demonyms: ``find_toponyms`` and ``frontwire.geocode`` do not return them ("Syrian troops" names
no place; ACLED codes locations, and a demonym's country is its actor's, not the event's place);
``demonyms=True`` adds them for geoparsing corpora that count adjectival forms (LGL, GeoWebNews)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontwire.gazetteer.index import Candidate, Gazetteer
from frontwire.gazetteer.names import REGION_WORDS, fold
from frontwire.places.lookup import abbreviation_candidates, demonym_country, gazetteer_or_default
from frontwire.records import Span

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
# Titles that name a person's role even in lower case ("said coach Ripley", "sheriff Jackson"); other
# title words double as common words ("head", "major", "son").
_LOWER_TITLES = frozenset({"coach", "sheriff", "detective", "trooper", "officer", "senator", "governor", "mayor",
                           "president", "minister", "spokesman", "spokeswoman", "spokesperson", "judge",
                           "attorney", "lawyer", "professor", "pastor", "ambassador", "commander", "colonel",
                           "captain", "sergeant", "ceo", "actor", "singer"})
# Bodies a municipality names after itself ("Torrington Fire Department", "Canaan Board of Finance"),
# unlike schools or hospitals, which are often named after people.
_MUNICIPAL = ("police", "fire", "board", "council", "city", "township", "mayor", "sheriff", "selectmen")
# Capitalised words that may follow a place name without making it part of another name.
_FOLLOWERS = frozenset(
    {"governor", "mayor", "police", "army", "authorities", "officials", "official", "administration",
     "region", "oblast", "province", "city", "district", "county", "state", "airport", "border", "front",
     "river", "valley", "strip", "bank", "mountains", "mountain", "sea", "coast", "island", "islands", "bay",
     "lake", "desert", "plain", "basin", "corridor", "highway", "road", "street", "avenue", "area", "direction",
     "sector", "axis", "offensive", "counteroffensive", "council", "municipality", "ministry", "government",
     "residents", "resident", "forces", "military", "regional", "mp", "mps", "governorate", "prefecture",
     "department", "krai", "okrug", "republic", "parish", "borough", "township", "village", "town", "north",
     "south", "east", "west", "northern", "southern", "eastern", "western", "central", *_MUNICIPAL,
     "public", "superior", "circuit", "court"}
)
_SPEECH = frozenset({"said", "says", "told", "added", "stated", "wrote", "tweeted", "posted", "claimed", "reported",
                     "announced", "explained", "noted", "argued", "insisted", "warned", "asked", "replied"})
# "members of Svoboda", "fighters of Azov": a group named after a place (or sharing a town's old
# name) is not that place, unless the name is a country, a region or a big city ("leaders of Kenya")
_MEMBERS = frozenset({"member", "members", "supporter", "supporters", "activist", "activists", "follower", "followers",
                      "sympathiser", "sympathisers", "sympathizer", "sympathizers", "militant", "militants",
                      "fighter", "fighters", "adherent", "adherents", "leader", "leaders", "cadres"})
_SETTLEMENT_NOUNS = frozenset({"village", "town", "city", "settlement", "hamlet", "locality", "commune",
                               "municipality", "township", "outskirts", "suburb"})
# "the department of Oursi", "the province of Soum": "of" after an administrative unit is locative too
# a settlement noun written after a name, in lower case, marks it as that settlement's name
_SETTLEMENT_AFTER = frozenset({"village", "settlement", "hamlet", "township"})
_UNIT_NOUNS = frozenset({"department", "district", "province", "region", "prefecture", "cercle", "county",
                         "governorate", "municipality", "commune", "subprefecture", "canton"})
_LOCATIVE = frozenset({"in", "near", "at", "from", "to", "outside", "around", "towards", "toward", "into", "across",
                       "through", "via", "inside", "between", "within",
                       "nearby", "entered", "captured", "shelled", "struck", "hit", "liberated", "took", "seized"})
_SENT_END = re.compile(r"[.!?\n]['\"”’)\]]*\s*$")
# A capitalised word before one of these is a street's name ("Memphis Street", "6016 Dublin Road"),
# which is not the town it is named after.
_STREET = frozenset({"street", "st", "road", "rd", "drive", "dr", "avenue", "ave", "boulevard", "blvd", "lane",
                     "ln", "parkway", "pkwy", "terrace", "streets", "roads", "avenues", "pike"})
# ("the Kharkiv road" is a route to the town, so "road" is not among them)
_STREETS_LOWER = frozenset({"streets", "avenues", "street", "avenue", "drive", "boulevard", "lane"})
# Words after a town's name that show it is one: "Chiefland Police", "Lindsay City Council", "a
# Berea man".
_CIVIC = frozenset({*_MUNICIPAL, "village", "town", "borough", "man",
                    "woman", "resident", "residents", "native", "sheriff", "aldermen", "selectmen"})
# Civic nouns that mark the name before them as a town even in lower case ("Roswell police say",
# "Mansfield council to vote"): people are not followed by them.
_CIVIC_LOWER = frozenset({"man", "woman", "resident", "residents", "native", "police", "council", "firefighters",
                          "officials", "mayor", "aldermen", "selectmen"})
# Arabic name particles: "bin Rashid", "ibn Saud" are people.
_NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "ben"})


# ---------------------------------------------------------------------------------- detection


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    return not before.strip() or bool(_SENT_END.search(before)) or before.rstrip().endswith((":", "\"", "“", "—"))


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


def people_names(text: str, gazetteer: Gazetteer | None = None) -> frozenset[str]:
    """Capitalised words ``text`` shows to be people's (titles, ages, speech verbs, full names):
    for detectors that add names from elsewhere (``ner``) and must not add these."""
    gaz = gazetteer_or_default(gazetteer)
    return _people(text, _tokens(text), gaz)


def find_toponyms(text: str, skip: Sequence[Span] = (), gazetteer: Gazetteer | None = None,
                  demonyms: bool = False) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that name places, as (start, end, surface text), in text order.

    A span may include a trailing administrative word ("Belgorod region", "Donetsk Oblast") or be
    a region abbreviation after a town ("Paris, Tenn.") or a member's state ("D-N.D."). ``skip``:
    spans to ignore (e.g. boilerplate removed by ingest). Demonyms ("Russian") are not toponyms
    here (ACLED codes places, not peoples) unless ``demonyms`` is set, for geoparsing corpora
    whose toponyms include adjectival forms ("Syrian", "Sri Lankan").
    """
    gaz = gazetteer_or_default(gazetteer)
    toks = _tokens(text)
    people = _people(text, toks, gaz)
    lower = frozenset(t[2] for t in toks if t[2].islower())  # words the text itself uses as common words
    rejected: list[tuple[int, int, str]] = []
    found = _scan(text, toks, gaz, people, lower, skip, demonyms, rejected)
    return _drop_name_pairs(_coordinated(text, found, rejected, gaz, people), text, gaz)


def _scan(text: str, toks: list[tuple[int, int, str]], gaz: Gazetteer, people: frozenset[str],
          lower: frozenset[str], skip: Sequence[Span], demonyms: bool,
          rejected: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int, str]]:
    """The detector's left-to-right pass over the tokens (longest gazetteer match first);
    matches the guards turned down but that may still be towns go to ``rejected``."""
    out: list[tuple[int, int, str]] = []
    n = len(toks)
    i = 0
    while i < n:
        s, e, w = toks[i]
        if (not _is_cap(w) or not w[0].isalpha() or _CONTRACTION.search(w)
                or any(sp.start <= s < sp.end for sp in skip)):
            i += 1
            continue
        after_layout = _layout_place(text, toks, i, gaz, out)
        if after_layout is not None:
            i = after_layout
            continue
        match_end, county = _longest_match(text, toks, i, gaz)
        if county:  # "Clarke County", "Rapides Parish": a county known by name only (no coordinates)
            out.append((s, toks[match_end][1], text[s:toks[match_end][1]]))
            i = match_end + 1
            continue
        if match_end > i and _city_body(text, toks, i, match_end, gaz):
            match_end -= 1  # "Dublin City Council": the town Dublin's council
        if (match_end >= i + 2 and w.lower() in _SETTLEMENT_NOUNS | _UNIT_NOUNS and toks[i + 1][2] == "of"
                and gaz.has_key(fold(text[toks[i + 2][0]:toks[match_end][1]]))):
            i += 2  # "the City of Richmond": the name is Richmond
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
            j = _extend_match(text, toks, s, j, gaz)
            end = toks[j][1]
            out.append((s, end, text[s:end]))
            # "Paris, Tenn." / "Louisville, Ky.": a region abbreviation qualifying the town
            ab = _abbreviation_after(text, toks, j, gaz)
            if ab is not None:
                out.append(ab[:3])
                j = ab[3]
        elif rejected is not None:
            rejected.append((s, toks[j][1], text[s:toks[j][1]]))
        i = j + 1
    return out


def _layout_place(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer,
                  out: list[tuple[int, int, str]]) -> int | None:
    """Layout alone (a legislator's party letter, a dateline) says toks[i] starts a place: add it
    to ``out`` and return the token index to resume from, else None."""
    s = toks[i][0]
    if after_party_letter(text, s):
        # "Sen. Byron Dorgan, D-N.D.", "Rep. Jay Roberts (R-Ocilla)": the member's state or home town
        ab = _abbreviation_at(text, toks, i, gaz)
        home = ab[3] if ab is not None else _home_town_at(text, toks, i, gaz)
        if home is not None:
            out.append((s, toks[home][1], text[s:toks[home][1]]))
            return home + 1
    dl = _dateline_at(text, toks, i, gaz)
    if dl is not None:  # "HURRICANE, W.Va. -", "BANTAM —": the town the story is filed from
        out.append((s, toks[dl][1], text[s:toks[dl][1]]))
        ab = _abbreviation_after(text, toks, dl, gaz)
        if ab is not None:
            out.append(ab[:3])
            dl = ab[3]
        return dl + 1
    return None


def _joined_name(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """Whether toks[i+1..j] can continue one name: words or connectors joined by spaces only."""
    for k in range(i + 1, j + 1):
        tk = toks[k][2]
        gap = text[toks[k - 1][1]:toks[k][0]]
        if gap not in ("", " "):
            return False
        if not (tk[0].isalnum() or tk in (".", "-", "'", "’")):
            return False
        if not _is_cap(tk) and tk.lower() not in _CONNECTORS and tk not in ("'", "’"):
            return False
    return True


def _longest_match(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer) -> tuple[int, bool]:
    """Last token of the longest gazetteer name starting at toks[i] (-1 if none), and whether it is
    a "X County"/"X Parish" known only as an area, so that the longest name wins."""
    n = len(toks)
    s = toks[i][0]
    for j in range(min(n, i + _MAX_NGRAM) - 1, i - 1, -1):
        last = toks[j][2]
        if not _is_cap(last) or not last[0].isalpha():
            continue
        if not _joined_name(text, toks, i, j):
            continue
        key = fold(text[s:toks[j][1]])
        if (j + 1 < n and toks[j + 1][2] in ("County", "Parish") and text[toks[j][1]:toks[j + 1][0]] == " "
                and gaz.areas(key)):
            return j + 1, True
        if key and gaz.has_key(key):
            return j, False
    return -1, False


def _extend_match(text: str, toks: list[tuple[int, int, str]], s: int, j: int, gaz: Gazetteer) -> int:
    """Last token of an accepted match once its final period, level word or feature word is taken
    in, so the span reads as the report names the place."""
    n = len(toks)
    end = toks[j][1]
    # abbreviations keep their final period ("U.S.", "St."); "Belgorod region", "Donetsk
    # Oblast", "Idlib governorate" keep the level word in the span
    nxt = toks[j + 1] if j + 1 < n else None
    after = toks[j + 2][2] if j + 2 < n else ""
    if nxt is not None and ((nxt[2] == "." and nxt[0] == end and ("." in text[s:end] and len(toks[j][2]) <= 3
                                                                or _abbreviated(text, s, nxt, gaz)))
                            or (nxt[2].lower() in REGION_WORDS and text[end:nxt[0]] == " "
                                and after != "of" and not (_is_cap(after) and after[0].isalpha())
                                and not after.isdigit())):  # not "Edwardsville District 7"
        j += 1
    feature = _feature_after(text, toks, j)
    if feature > j:  # "Hamilton Township", "Naugatuck River": the feature named after the town
        j = feature
    return j


# Capitalised feature words that make one name with the place name before them ("Hamilton
# Township", "Naugatuck River", "Boston Harbor", "Zion National Park").
_FEATURE_WORDS = frozenset({"Township", "River", "Lake", "Creek", "Harbor", "Harbour", "Valley", "Park"})


def _feature_after(text: str, toks: list[tuple[int, int, str]], j: int) -> int:
    """Index of the last token of a feature word right after the name ending at token j ("National
    Park" counts as one), or j when none follows."""
    k = j + 1
    if k + 1 < len(toks) and toks[k][2] == "National" and text[toks[j][1]:toks[k][0]] == " ":
        k += 1
    if k < len(toks) and toks[k][2] in _FEATURE_WORDS and text[toks[k - 1][1]:toks[k][0]] == " ":
        return k
    return j


def _could_be_town(surface: str, gaz: Gazetteer, people: frozenset[str]) -> bool:
    """Whether a rejected match could still be a town if its neighbours say so: the gazetteer's
    own name of a place (not a loose or common-word match) and no person's name here."""
    return (surface not in people and not surface.isupper() and gaz.is_common_word(surface.lower()) != 1
            and any(c.how == 0 for c in gaz.candidates(surface)))


_COORDINATION = frozenset({", ", " and ", ", and ", " or ", " & "})


def _coordinated(text: str, found: list[tuple[int, int, str]], rejected: list[tuple[int, int, str]],
                 gaz: Gazetteer, people: frozenset[str]) -> list[tuple[int, int, str]]:
    """``found`` plus the rejected names listed with two or more found ones ("Larned, Pratt and
    Hutchinson", "Harwinton, Bantam, Litchfield, Winsted"): such a list names places. One found
    name is not enough ("Smith, Jones and Paris")."""
    if not rejected:
        return found
    spans = sorted([(*f, True) for f in found] + [(*r, False) for r in rejected])
    out = list(found)
    chain = [spans[0]]
    for prev, cur in zip(spans, spans[1:], strict=False):
        if text[prev[1]:cur[0]] in _COORDINATION:
            chain.append(cur)
            continue
        out += _spread(text, chain, gaz, people)
        chain = [cur]
    out += _spread(text, chain, gaz, people)
    return sorted(out)


_PLURAL_UNIT = re.compile(r" (?:counties|parishes|provinces|districts|regions|oblasts|states|townships|villages|"
                          r"towns|cities|rivers)\b")


def _spread(text: str, chain: list[tuple[int, int, str, bool]], gaz: Gazetteer,
            people: frozenset[str]) -> list[tuple[int, int, str]]:
    """The rejected items of one list of names when at least two of its items were found, or
    when a plural unit noun closes it ("Eastland and Callahan counties")."""
    if sum(ok for *_x, ok in chain) < 2 and not (len(chain) > 1 and _PLURAL_UNIT.match(text, chain[-1][1])):
        return []
    return [(s, e, t) for s, e, t, ok in chain if not ok and _could_be_town(t, gaz, people)]


def _dateline_at(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer) -> int | None:
    """Index of the last token of a dateline beginning at token i: a name in capitals opening a
    sentence or line and followed by a comma or a dash ("CLINTON —", "BOWLING GREEN, Ohio"). The
    layout says it is a place, so the guards against surnames and common words do not apply, but
    the gazetteer must know the name exactly and it must not be a function word or verb ("UPDATE")."""
    if not toks[i][2].isupper() or len(toks[i][2]) < 3:
        return None
    k = i
    while (k + 1 < len(toks) and k - i < 3 and toks[k + 1][2].isupper() and toks[k + 1][2].isalpha()
           and text[toks[k][1]:toks[k + 1][0]] == " "):
        k += 1
    if not is_dateline(text, toks[i][0], toks[k][1]):
        return None
    surface = text[toks[i][0]:toks[k][1]]
    if k == i and gaz.is_common_word(surface.lower()) == 1:
        return None
    return k if any(c.how < 3 for c in gaz.candidates(surface)) else None


_PARTY_BEFORE = re.compile(r"[,(]\s*(?:D|R|I|DFL)-$")


def after_party_letter(text: str, s: int) -> bool:
    """Whether text[s:] follows a legislator's party letter, ", D-" or "(R-": a home town or state."""
    return text[s - 1:s] == "-" and bool(_PARTY_BEFORE.search(text, max(0, s - 8), s))


def _home_town_at(text: str, toks: list[tuple[int, int, str]], i: int, gaz: Gazetteer) -> int | None:
    """Index of the last token of the place after a legislator's party letter ("D-Columbus",
    "R-Grand Rapids"), the longest run of up to three capitalised words the gazetteer knows."""
    k = i
    while (k + 1 < len(toks) and k - i < 2 and _is_cap(toks[k + 1][2]) and toks[k + 1][2].isalpha()
           and text[toks[k][1]:toks[k + 1][0]] == " "):
        k += 1
    for j in range(k, i - 1, -1):
        if any(c.how < 3 for c in gaz.candidates(text[toks[i][0]:toks[j][1]])):
            return j
    return None


def _city_body(text: str, toks: list[tuple[int, int, str]], i: int, j: int, gaz: Gazetteer) -> bool:
    """Whether the match toks[i..j] ends in "City" that belongs to the body named after the town
    ("Dublin City Council", "Alexandria City Public Schools"): "X City" is no town's own name
    (only another name of X, unlike "Boulder City" or "Kansas City") and a capitalised word follows."""
    if toks[j][2] != "City" or j + 1 >= len(toks) or not _is_cap(toks[j + 1][2]) or not toks[j + 1][2].isalpha():
        return False
    if any(c.how == 0 for c in gaz.candidates(text[toks[i][0]:toks[j][1]])):
        return False
    return gaz.has_key(fold(text[toks[i][0]:toks[j - 1][1]]))


_LOWER_NEXT = re.compile(r" [a-z]")


def _abbreviated(text: str, s: int, period: tuple[int, int, str], gaz: Gazetteer) -> bool:
    """Whether the period after the name starting at ``s`` ends a shortened form ("W. Phila.
    shooting"): a lower-case word follows and the name is no place's full name."""
    return bool(_LOWER_NEXT.match(text, period[1])) and not any(
        c.how == 0 for c in gaz.candidates(text[s:period[0]]))


_DATELINE_AFTER = re.compile(r"\s*(?:[-—–]|,\s*[A-Z])")


def is_dateline(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is laid out as a dateline: in capitals, opening a sentence or line, and
    followed by a dash or by a comma and a capitalised word ("CLINTON —", "HELENA, Mont.")."""
    return (text[s:e].isupper() and bool(_DATELINE_AFTER.match(text, e)) and _sentence_initial(text, s))


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
    if k == j or paren_list(text, toks[i][0], toks[j][1]):
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
    if not abbreviation_candidates(text[s2:e2], gaz):
        return None
    if end_k == start + 1 and any(c.level == 1 and c.how == 0 for c in gaz.candidates(toks[start][2])):
        return None  # "Columbus, Ohio." is the full name ending a sentence, not an abbreviation
    return (s2, e2, text[s2:e2], end_k)


def _placey(word: str, gaz: Gazetteer) -> bool:
    """Whether a word on its own is likely a place (a country, region or town of 10,000+), as
    opposed to a surname that some hamlet also bears."""
    return any(c.level in (0, 1, 4) or c.population >= 10_000 for c in gaz.candidates(word)[:5])


@dataclass(frozen=True)
class _Match:
    """One candidate match toks[i..j] with the context every guard of ``_accept`` reads."""
    text: str
    toks: list[tuple[int, int, str]]
    i: int
    j: int
    gaz: Gazetteer
    s: int
    e: int
    surface: str
    key: str
    words: list[str]
    single: bool
    cands: list[Candidate]
    best: Candidate
    big: bool
    prev: str
    prev_l: str
    nxt: str


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
    m = _Match(text, toks, i, j, gaz, s, e, surface, key, words, single, cands, best, big, prev, prev_l, nxt)
    verdict = _marked_verdict(m)
    if verdict is not None:
        return verdict
    # loose transliteration matches ("Hammad" for Madinat Hamad) do not make a name big
    big_exact = big and any(c.how < 3 and (c.level in (0, 4) or c.population >= 100_000
                                           or (c.level == 1 and c.population >= 200_000)) for c in cands)
    if _person_or_street(m, people, big_exact) or _other_name(m, demonyms):
        return False
    dateline, level_word, place_of, qualified = _place_cues(m)
    if single and not big and best.population < 10_000 and prev_l not in _LOCATIVE and not dateline and not level_word \
            and not qualified and not place_of:
        # a lone small-town name with no locative cue ("in", "near") nor a qualifying region is
        # more often a surname or a word than that town
        return False
    return _common_word_verdict(m, lower, big_exact, level_word, qualified)


def _marked_verdict(m: _Match) -> bool | None:
    """The verdict when the match's form or the report's own markup settles it (clock times,
    acronyms, very short names, "(Commune, Province)" lists), else None."""
    text, s, e, key, single, cands = m.text, m.s, m.e, m.key, m.single, m.cands
    if key.replace(" ", "") in ("am", "pm") and m.prev[:1].isdigit():
        return False  # "7:00 P.M."
    # acronyms: only known country/region initials ("UK", "US", "UAE"); "IS" or "UN" are not places
    if m.surface.isupper() and len(m.surface.replace(".", "")) <= 3:
        return any(c.level == 0 for c in cands) or m.gaz.has_listed(key)
    if len(key.replace(" ", "")) < 3:
        return False
    if paren_list(text, s, e) and any(c.how < 3 for c in cands) and not (single and key in _CALENDAR):
        return True  # "(Commune, Province)": the report itself says these are places
    q = _QUALIFIED_BY.match(text, e)
    if q and not (single and key in _CALENDAR) and any(c.level in (1, 2) for c in m.gaz.candidates(q.group(1))):
        return True  # "Touro (Gorom-Gorom, Oudalan)": a place placed in its commune and province
    if lone_paren(text, s, e) and any(c.level in (1, 2) and c.how < 3 for c in cands):
        return True  # "Mansila (Yagha)": the province a place is put in
    return None


def _person_or_street(m: _Match, people: frozenset[str], big_exact: bool) -> bool:
    """Whether the match names a person ("Charlotte Smith", "Gov. Gladkov"), a street or a
    numbered designation rather than a place."""
    text, toks, j, gaz, s, e = m.text, m.toks, m.j, m.gaz, m.s, m.e
    single, nxt, prev, prev_l = m.single, m.nxt, m.prev, m.prev_l
    if single and m.surface in people and not big_exact:
        return True
    nxt_tok = toks[j + 1] if j + 1 < len(toks) else None
    if nxt_tok is not None and text[e:nxt_tok[0]] == " " and (
            (single and nxt_tok[2] in people and gaz.is_common_word(nxt_tok[2].lower()) != 1
             and nxt_tok[2].lower() not in _FOLLOWERS)
            or (nxt_tok[2].lower().rstrip(".") in _STREET and _is_cap(nxt_tok[2]))):
        return True  # "Charlotte Smith" when Smith is a person here; "Memphis Street"
    if nxt in _STREETS_LOWER or (nxt in ("and", "&") and j + 3 < len(toks) and toks[j + 3][2] in _STREETS_LOWER):
        return True  # "the corner of Lakeview and Harrison streets"
    if (m.words[0] in ("st", "saint") and not single and nxt in ("'", "’") and j + 2 < len(toks)
            and toks[j + 2][2] == "s" and m.best.population < 100_000):
        return True  # "St. Mary's High School", "St. John's Union Cemetery": a church or school
    if prev_l in _NAME_PARTICLES and prev.islower():
        return True
    if single and nxt.isdigit() and gaz.is_common_word(m.key) and not m.big:
        return True  # "Sector 29", "Zone 4", "Block 12": a numbered designation, not a town
    if single and j + 3 < len(toks) and len(nxt) == 1 and nxt.isupper() and toks[j + 2][2] == "." \
            and len(toks[j + 3][2]) > 1 and _is_cap(toks[j + 3][2]) and toks[j + 3][2].isalpha():
        return True  # "Milton J. Little": a first name before a middle initial
    if prev_l in _TITLES and (_is_cap(prev) or prev_l in _LOWER_TITLES) and not _sentence_initial(text, s):
        return True  # "Gov. Gladkov", "coach Ripley"
    return prev_l in _TITLES and prev_l in {"mr", "mrs", "ms", "dr", "gen", "gov", "sen", "rep", "col", "lt", "sgt",
                                            "capt"}


def _other_name(m: _Match, demonyms: bool) -> bool:
    """Whether the match is part of a longer non-place name ("Washington Post", "Gulf War",
    "Christmas Eve") or, unless demonyms are wanted, a people's adjective ("Russian")."""
    text, toks, i, j, gaz, s, e = m.text, m.toks, m.i, m.j, m.gaz, m.s, m.e
    prev, prev_l, nxt, big = m.prev, m.prev_l, m.nxt, m.big
    # part of a longer capitalised name that is not a place: "Vyacheslav Gladkov", "Washington Post"
    if (prev and _is_cap(prev) and prev[0].isalpha() and text[toks[i - 1][1]:s] == " "
            and not _sentence_initial(text, toks[i - 1][0]) and prev_l not in _TITLES
            and not _placey(prev, gaz) and not gaz.is_common_word(prev_l)):
        return True
    if (nxt and _is_cap(nxt) and nxt[0].isalpha() and text[e:toks[j + 1][0]] == " " and not big
            and nxt.lower() not in _FOLLOWERS and nxt.lower() not in REGION_WORDS and not _placey(nxt, gaz)):
        return True
    if m.single and nxt.lower() in _SPEECH and not big:
        return True
    if prev_l == "of" and i >= 2 and toks[i - 2][2].lower() in _MEMBERS and not big:
        return True  # "members of Svoboda": a party or unit, not the village it shares a name with
    if nxt in ("War", "Wars") and text[e:e + 1] == " ":
        return True  # "the Gulf War", "Iraq War syndrome": a war's name
    if (nxt.lower() in _CALENDAR and _is_cap(nxt) and not big) or nxt.lower() in {"day", "eve"}:
        return True  # "Independence Day", "Christmas Eve", "Easter Sunday" (not "Moscow, Russia Thursday")
    # "Russian", "Sri Lankan": a people, not a place
    return not demonyms and demonym_country(m.surface, gaz) is not None and not any(
        c.how == 0 and c.level in (0, 1, 3) and c.population >= 100_000 for c in m.cands)


def _place_cues(m: _Match) -> tuple[bool, bool, bool, bool]:
    """Context that says a small or ambiguous name is a place: (dateline, level word after it,
    locative "of"/address before it, qualified by a region after a comma)."""
    text, toks, i, j, gaz, s = m.text, m.toks, m.i, m.j, m.gaz, m.s
    key, prev, prev_l, nxt = m.key, m.prev, m.prev_l, m.nxt
    dateline = m.surface.isupper() and nxt in ("-", "—", "–", ",", ":") and _sentence_initial(text, s)
    level_word = key not in _FOLLOWERS and key not in _CIVIC and (  # not "City Council", "Border Police"
        nxt.lower() in REGION_WORDS or nxt.lower() in ("area", "outskirts")
        or (nxt.lower() in _CIVIC and (_is_cap(nxt) or nxt in _CIVIC_LOWER))
        or nxt in _SETTLEMENT_AFTER)  # "Myliach village", "the Head of Mylove village"
    # "the village of Tetkino": "of" after a settlement noun is as locative as "in"
    # and so is "of" after a comma: "Jane Doe, 45, of Myerstown"
    place_of = prev_l == "of" and i >= 2 and (toks[i - 2][2].lower() in _SETTLEMENT_NOUNS | _UNIT_NOUNS
                                              or toks[i - 2][2] == ",")
    # an address's town: "Main Street, Tipperary", "12 Oak Rd., Cahir"
    place_of = place_of or (prev == "," and i >= 2 and toks[i - 2][2].lower().rstrip(".") in _STREET)
    # ACLED's "(coded as Nafo at geoprecision 2)": the note says the name is a place
    place_of = place_of or (prev_l == "as" and i >= 2 and toks[i - 2][2].lower() == "coded")
    qualified = nxt == "," and j + 2 < len(toks) and (
        _placey(toks[j + 2][2], gaz) or _abbreviation_at(text, toks, j + 2, gaz) is not None)  # "Severn, Md."
    return dateline, level_word, place_of, qualified


def _common_word_verdict(m: _Match, lower: frozenset[str], big_exact: bool, level_word: bool,
                         qualified: bool) -> bool:
    """The verdict on a name made of words English also uses ("Reading", "Roswell", "Ohio State
    University"): a place only with size or a locative cue behind it."""
    text, toks, i, j, s, e = m.text, m.toks, m.i, m.j, m.s, m.e
    words, prev, prev_l, nxt, big, best = m.words, m.prev, m.prev_l, m.nxt, m.big, m.best
    kinds = [m.gaz.is_common_word(w) for w in words]
    if (all(kinds) and prev and _is_cap(prev) and prev[0].isalpha() and text[toks[i - 1][1]:s] == " "
            and not _sentence_initial(text, toks[i - 1][0]) and not big_exact):
        return False  # common words after another name: "Ohio State University", "West Metro Chamber"
    if m.single and kinds[0] == 2 and not big and words[0] not in lower:
        # a word English knows only as a noun ("Street", "Council", "Roswell"): a place when it
        # stands alone and is a sizeable place or follows a locative preposition
        adjacent = (_is_cap(prev) and prev[0].isalpha() and text[toks[i - 1][1]:s] == " ") or (
            _is_cap(nxt) and nxt[0].isalpha() and text[e:toks[j + 1][0]] == " " and nxt.lower() not in REGION_WORDS
            and not level_word)
        if adjacent:
            return False
        return best.population >= 50_000 or prev_l in _LOCATIVE or prev_l == "of" or level_word or qualified
    initial = _sentence_initial(text, s)
    # a noun-only word is common when the text also writes it in lower case, or when it opens a
    # sentence ("Lincoln lived...") without a civic noun after it ("Arlington council OKs...")
    common = all(k == 1 or (k == 2 and (w in lower or (initial and not level_word)))
                 for k, w in zip(kinds, words, strict=True))
    if common:
        if m.surface.isupper() and len(m.key) >= 4:
            return big
        if initial:
            # "Reading the report...": a capitalised common word opening a sentence is a place only
            # if it names a country/region or a city of a million, or is followed by punctuation
            return any(c.level in (0, 1, 4) and c.how in (0, 1) for c in m.cands) or best.population >= 1_000_000 \
                or nxt in (",", ":", "—", "-") or (level_word and _is_cap(nxt) and words[0] != "the")
        if big:
            return True
        return prev_l in _LOCATIVE and best.population >= 1000
    return True


_QUALIFIED_BY = re.compile(r"\s?\([^()\n]{1,60},\s*([^(),\n]{2,40}?)\s*\)")


_WORD_BEFORE_PAREN = re.compile(r"[^\W\d_][\w'’-]* \($")


def lone_paren(text: str, s: int, e: int) -> bool:
    """A single name in parentheses right after another word, "Tambarga (Tapoa)": in ACLED-style
    notes the region or province the name before it lies in. (Only readings of administrative
    level use it: a country or town in parentheses gets nothing from it.)"""
    return text[e:e + 1] == ")" and bool(_WORD_BEFORE_PAREN.search(text[max(0, s - 40):s]))


def paren_list(text: str, s: int, e: int) -> bool:
    """Whether a name is an item of a parenthesised list of names, "(Gorom-Gorom, Oudalan)"."""
    before, after = text[max(0, s - 80):s], text[e:e + 80]
    k = before.rfind("(")
    if k < 0 or ")" in before[k:] or not before[k + 1:].replace(",", " ").replace("-", " ").replace(" ", "").isalpha() \
            and before[k + 1:].strip():
        return False
    m = after.find(")")
    return m >= 0 and "(" not in after[:m] and ("," in before[k:] or "," in after[:m]) and len(after[:m]) < 60
