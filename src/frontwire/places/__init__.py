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

Layout: ``detect`` finds names, ``ner`` (optional) lets spaCy's NER confirm or add them,
``resolve`` picks one gazetteer entry per name, ``lookup`` is the name lookup both share and
``component`` the entry points.
"""

from frontwire.places.component import (
    PlacesComponent,
    entity_spans,
    geocode,
    register_spacy_component,
)
from frontwire.places.detect import find_toponyms
from frontwire.places.lookup import candidates_for, demonym_country
from frontwire.places.resolve import acled_point, resolve

__all__ = [
    "PlacesComponent",
    "acled_point",
    "candidates_for",
    "demonym_country",
    "entity_spans",
    "find_toponyms",
    "geocode",
    "register_spacy_component",
    "resolve",
]
