"""A fast, offline "is this English?" check.

The extraction lexicons and the spaCy model are English, so a French or Arabic article would come out
as silent garbage; refusing it with a reason is better. Function words give the language away cheaply:
we count how many tokens are stop words of each language, using the stop-word lists spaCy ships
(``spacy/lang/*/stop_words.py``, loaded from file so the language classes are not imported). Scripts
without spaces between words (CJK) or with their own alphabet are recognised by script first.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

LATIN = {
    "en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German",
    "it": "Italian", "nl": "Dutch", "tr": "Turkish", "id": "Indonesian", "pl": "Polish",
    "sv": "Swedish", "ro": "Romanian", "ca": "Catalan", "da": "Danish", "cs": "Czech",
}
OTHER = {
    "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "ar": "Arabic", "fa": "Persian",
    "ur": "Urdu", "he": "Hebrew", "hi": "Hindi", "am": "Amharic", "el": "Greek",
}
# Unicode character-name prefix -> (script name, languages whose stop words tell them apart)
SCRIPTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "CYRILLIC": ("Cyrillic", ("ru", "uk", "bg")),
    "ARABIC": ("Arabic-script", ("ar", "fa", "ur")),
    "HEBREW": ("Hebrew", ("he",)),
    "DEVANAGARI": ("Devanagari", ("hi",)),
    "ETHIOPIC": ("Ethiopic", ("am",)),
    "GREEK": ("Greek", ("el",)),
    "CJK": ("Chinese/Japanese", ()),
    "HIRAGANA": ("Japanese", ()),
    "KATAKANA": ("Japanese", ()),
    "HANGUL": ("Korean", ()),
    "THAI": ("Thai", ()),
}
MIN_WORDS = 25  # shorter texts get the benefit of the doubt
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for ``lang``, read from its ``stop_words.py`` without importing spaCy."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - spaCy is a dependency
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / lang / "stop_words.py"
    if not path.exists():
        return frozenset()
    mod_spec = importlib.util.spec_from_file_location(f"_frontwire_stop_{lang}", path)
    module = importlib.util.module_from_spec(mod_spec)  # type: ignore[arg-type]
    mod_spec.loader.exec_module(module)  # type: ignore[union-attr]
    return frozenset(w.lower() for w in module.STOP_WORDS)


def _script_of(text: str) -> str | None:
    """The dominant non-Latin script, if letters of one make up over 40% of the letters."""
    counts: dict[str, int] = {}
    letters = 0
    for ch in text[:20_000]:
        if not ch.isalpha():
            continue
        letters += 1
        if ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        for prefix in SCRIPTS:
            if name.startswith(prefix):
                counts[prefix] = counts.get(prefix, 0) + 1
                break
    if not counts or not letters:
        return None
    prefix, n = max(counts.items(), key=lambda kv: kv[1])
    return prefix if n > 0.4 * letters else None


def _ratios(words: list[str], langs: Iterable[str]) -> dict[str, float]:
    return {lang: sum(w in stop_words(lang) for w in words) / len(words) for lang in langs}


def detect_language(text: str) -> tuple[str, float, float] | None:
    """``(language name, its stop-word ratio, English's ratio)`` when the text is clearly not
    English, else None (English, or too short to tell)."""
    script = _script_of(text)
    words = [w.lower() for w in _WORD.findall(text[:20_000])]
    if script:
        name, candidates = SCRIPTS[script]
        if candidates and words:
            ratios = _ratios(words, candidates)
            best = max(ratios, key=ratios.__getitem__)
            if ratios[best] > 0.05:
                name = OTHER[best]
        return name, 1.0, 0.0
    if len(words) < MIN_WORDS:
        return None
    ratios = _ratios(words, LATIN)
    best = max(ratios, key=ratios.__getitem__)
    en = ratios["en"]
    # English news prose runs at 35-50% English stop words; other languages' function words overlap
    # English's list only a little ("a", "on", "die"), so demand a clear margin before refusing.
    if best == "en" or en >= 0.25 or ratios[best] < en + 0.08:
        return None
    return LATIN[best], ratios[best], en


def language_problem(text: str) -> str | None:
    """A reason to refuse the text for not being English, else None."""
    found = detect_language(text)
    if found is None:
        return None
    name, ratio, en = found
    if ratio >= 1.0:
        return f"is not English (it is written in {name} script); frontwire reads English only, translate it first"
    return (
        f"is not English (it looks like {name}: {ratio:.0%} of its words are {name} function words, "
        f"{en:.0%} English ones); frontwire reads English only, translate it first"
    )
