"""Name folding: one key per spelling so that lookups ignore case, accents, apostrophes and the usual
romanisation variants of Cyrillic/Arabic place names.

Two levels, used in order by the index:

* ``fold`` is exact up to case, diacritics (via Unidecode), apostrophes and punctuation:
  "Kyiv", "KYIV" and "Kyïv" share a key; "Ivano-Frankivsk" == "Ivano Frankivsk".
* ``loose`` additionally merges spellings that transliteration systems disagree on
  ("Avdiivka"/"Avdiyivka", "Kharkiv"/"Harkiv", "Zaporizhzhia"/"Zaporizhia"). It is only consulted
  when the exact key finds nothing, because it also merges some genuinely different names.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_APOSTROPHES = re.compile(r"[’'`ʼʹ‘\u02bb\u02bc\u02be\u02bf]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Generic transliteration merges, applied in one left-to-right pass (longest first) to a folded key. They are rules about how
# Cyrillic/Arabic sounds get written in Latin letters, not lists of places.
_LOOSE_RULES: tuple[tuple[str, str], ...] = (
    ("kh", "h"),
    ("zh", "j"),
    ("dzh", "j"),
    ("dj", "j"),
    ("iy", "i"),
    ("yi", "i"),
    ("ij", "i"),
    ("ya", "ia"),
    ("yu", "iu"),
    ("ye", "e"),
    ("y", "i"),
    ("ou", "u"),
    ("oo", "u"),
    ("w", "v"),
    ("q", "k"),
    ("ck", "k"),
    ("ph", "f"),
    ("ts", "c"),
    ("tz", "c"),
    ("sch", "sh"),
    ("shch", "sh"),
    ("ee", "i"),
)
_DOUBLE = re.compile(r"([a-z])\1+")

# Words that name an administrative level. "Belgorod region", "Donetsk Oblast", "Kharkivska oblast"
# and "Idlib Governorate" all reduce to their base name plus the fact that a region was meant.
REGION_WORDS: frozenset[str] = frozenset(
    {
        "oblast", "oblasti", "region", "regions", "province", "provinces", "governorate", "governorates",
        "state", "krai", "kray", "okrug", "republic", "respublika", "county", "prefecture", "wilaya",
        "wilayah", "muhafazah", "department", "departement", "voivodeship", "voivodship", "canton",
        "territory", "emirate", "division", "autonomous", "oblast'", "raion", "rayon", "district",
        "municipality", "parish", "borough",
    }
)
# Only these count as admin1 cues; "district"/"raion" are a lower level (ACLED admin2/area).
ADMIN1_WORDS: frozenset[str] = frozenset(
    {
        "oblast", "region", "province", "governorate", "state", "krai", "kray", "okrug", "republic",
        "respublika", "prefecture", "wilaya", "wilayah", "muhafazah", "department", "voivodeship",
        "voivodship", "canton", "territory", "emirate", "division",
    }
)


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key ("Kyïv" -> "kyiv", "St. Louis" -> "st louis")."""
    s = name if name.isascii() else unidecode(_APOSTROPHES.sub("", name))
    return _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", s.lower())).strip()


_LOOSE_MAP = dict(_LOOSE_RULES)
_LOOSE_RE = re.compile("|".join(sorted(_LOOSE_MAP, key=len, reverse=True)))


@lru_cache(maxsize=200_000)
def loose(key: str) -> str:
    """Transliteration-insensitive key of a folded key ("avdiyivka" and "avdiivka" -> "avdiivka")."""
    s = _LOOSE_RE.sub(lambda m: _LOOSE_MAP[m.group()], key)
    return _DOUBLE.sub(r"\1", s).replace(" ", "")


_ADJ_ENDINGS = ("skaya", "skaia", "skiy", "skyi", "skij", "skii", "ska", "sky", "ski", "skoy", "zkaya", "zka")


def region_base(key: str) -> str:
    """Strip administrative words from a folded region name: "belgorod oblast" -> "belgorod",
    "republic of dagestan" -> "dagestan", "bashkortostan respublika" -> "bashkortostan"."""
    words = key.split()
    while len(words) > 1 and words[-1] in REGION_WORDS:
        words.pop()
    while len(words) > 2 and words[0] in REGION_WORDS and words[1] == "of":
        words = words[2:]
    while len(words) > 1 and words[0] in REGION_WORDS:
        words = words[1:]
    return " ".join(words)


def adjective_stems(key: str) -> list[str]:
    """Nouns a Slavic adjectival region name may be built on: "kharkivska" -> ["kharkiv",
    "kharkivsk"], "donetska" -> ["donet", "donetsk"], "belgorodskaya" -> ["belgorod", ...]."""
    for end in _ADJ_ENDINGS:
        if key.endswith(end) and len(key) - len(end) >= 3:
            stem = key[: -len(end)]
            return [stem, stem + "sk"]
    return []


# Romanisation of Cyrillic place names, for sources that give only the native spelling. Ukrainian
# follows the national system of 2010 (the one Ukrainian and international news and ACLED use:
# "Hnutove", "Myrne", "Yasynuvata"); Russian/Belarusian follow the simplified BGN/PCGN style that
# English news uses ("Belgorod", "Shebekino", "Yelets"). Unidecode would give "Gnutove"/"Mirne".
_UK = dict(zip("абвгґдезиіклмнопрстуфхцчшщьжйїєюя",
               ["a", "b", "v", "h", "g", "d", "e", "z", "y", "i", "k", "l", "m", "n", "o", "p", "r", "s",
                "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "zh", "i", "i", "ie", "iu", "ia"],
               strict=True))
_UK_INITIAL = {"й": "y", "ї": "yi", "є": "ye", "ю": "yu", "я": "ya"}
_RU = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіўє",
               ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "w", "ye"],
               strict=True))
_RU_VOWELS = set("аеёиоуыэюяіъь")
_CYR_WORD = re.compile(r"[\u0400-\u04FF’'ʼ]+")


def _translit_word(word: str, lang: str, yo: bool = False) -> str:
    out = []
    low = word.lower()
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        if ch in "’'ʼ":
            continue
        if lang == "uk":
            if ch == "ь" and yo and low[i + 1:i + 2] == "о":
                out.append("y")  # the common variant "Verkhnyotoretske" beside "Verkhnotoretske"
            elif ch == "г" and prev == "з":
                out.append("gh")  # "Zghurivka": zg would read as zh
            elif ch in _UK_INITIAL and i == 0:  # not after an apostrophe: "Знам'янка" -> "Znamianka"
                out.append(_UK_INITIAL[ch])
            else:
                out.append(_UK.get(ch, ch))
        elif ch in "её" and (i == 0 or prev in _RU_VOWELS):
            out.append("ye" if ch == "е" else "yo")  # "Yelets", "Yeysk"
        elif ch == "й" and prev in "иы" and i == len(low) - 1:
            out.append("y")  # "-skiy"/"-skyy" read as "-sky"/"-skiy" in news
        else:
            out.append(_RU.get(ch, ch))
    s = "".join(out)
    return s[:1].upper() + s[1:] if word[:1].isupper() or word.isupper() else s


def romanise(name: str, lang: str, yo: bool = False) -> str:
    """Latin spelling of a Cyrillic place name: ``lang`` "uk" (Ukrainian national system) or "ru"
    (Russian, also used for Belarusian names). Words keep their capitalisation, title-cased when the
    source is all capitals ("ПОДОЛЬСКИЙ" -> "Podolskiy"); non-Cyrillic text is kept as it is.
    ``yo``: Ukrainian "ьо" as "yo", the spelling many English sources use instead of the official "o"."""
    if name.isupper():
        name = "-".join(w.capitalize() for w in name.lower().split("-"))
        name = " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
    return _CYR_WORD.sub(lambda m: _translit_word(m.group(), lang, yo), name)
