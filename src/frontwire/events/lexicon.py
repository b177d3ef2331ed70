"""The trigger lexicon (``data/triggers.yaml``) and the matcher that finds its entries in a parse.

Why a module of its own: the lexicon is data that other helpers edit; loading and checking it
(misspelt event types and duplicate ids fail loudly) and compiling it into lookup tables is one
concern, independent of how a match then becomes an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from frontwire import taxonomy
from frontwire.events.syntax import countered


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry (see the header of data/triggers.yaml)."""

    id: str
    sub: str
    strength: str = "strong"
    resolve: str | None = None


@dataclass(frozen=True)
class Lexicon:
    """The parsed trigger lexicon with its context word lists."""

    triggers: dict[str, Trigger]
    raw: dict[str, Any]
    weapons: tuple[tuple[str, frozenset[str]], ...]
    civilians: frozenset[str]
    place_nouns: frozenset[str]
    person_nouns: frozenset[str]
    armed_targets: frozenset[str]
    civilian_places: frozenset[str]
    loot_objects: frozenset[str]
    protest_intervention: frozenset[str]
    protest_excessive: frozenset[str]
    protest_violent: frozenset[str]
    negators: frozenset[str]
    modals: frozenset[str]
    hypothetical_heads: frozenset[str]
    anaphora: frozenset[str]
    protest_actors: frozenset[str] = frozenset()
    accident_words: frozenset[str] = frozenset()
    regain_verbs: frozenset[str] = frozenset()
    disarm_verbs: frozenset[str] = frozenset()
    crowd_control: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    frame_ignore: frozenset[str] = frozenset()
    materiel: frozenset[str] = frozenset()
    ship_nouns: frozenset[str] = frozenset()
    facilities: frozenset[str] = frozenset()


def _words(raw: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in raw.get(key, []))


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Read and check the trigger lexicon (default: the packaged ``data/triggers.yaml``)."""
    text = (
        Path(path).read_text(encoding="utf-8")
        if path
        else resources.files("frontwire").joinpath("data/triggers.yaml").read_text(encoding="utf-8")
    )
    raw = yaml.safe_load(text)
    triggers: dict[str, Trigger] = {}
    for entry in raw["triggers"]:
        taxonomy.event_type_of(entry["sub"])  # fails loudly on a misspelt type
        if entry["id"] in triggers:
            raise ValueError(f"triggers.yaml: duplicate id {entry['id']!r}; ids must be unique")
        triggers[entry["id"]] = Trigger(entry["id"], entry["sub"], entry.get("strength", "strong"),
                                        entry.get("resolve"))
    weapons = []
    for sub, words in raw["weapons"].items():
        taxonomy.event_type_of(sub)
        weapons.append((sub, frozenset(str(w).lower() for w in words)))
    return Lexicon(
        triggers=triggers,
        raw=raw,
        weapons=tuple(weapons),
        civilians=_words(raw, "civilians"),
        place_nouns=_words(raw, "place_nouns"),
        person_nouns=_words(raw, "person_nouns"),
        armed_targets=_words(raw, "armed_targets"),
        civilian_places=_words(raw, "civilian_places"),
        loot_objects=_words(raw, "loot_objects"),
        protest_intervention=_words(raw, "protest_intervention"),
        protest_excessive=_words(raw, "protest_excessive"),
        protest_violent=_words(raw, "protest_violent"),
        negators=_words(raw, "negators"),
        modals=_words(raw, "modals"),
        hypothetical_heads=_words(raw, "hypothetical_heads"),
        anaphora=_words(raw, "anaphora"),
        protest_actors=_words(raw, "protest_actors"),
        accident_words=_words(raw, "accident_words"),
        regain_verbs=_words(raw, "regain_verbs"),
        disarm_verbs=_words(raw, "disarm_verbs"),
        crowd_control=_words(raw, "crowd_control"),
        hedges=_words(raw, "hedges"),
        frame_ignore=_words(raw, "frame_ignore"),
        materiel=_words(raw, "materiel"),
        ship_nouns=_words(raw, "ship_nouns"),
        facilities=_words(raw, "facilities"),
    )


_QUANTITY_NOUNS = frozenset({"total", "number", "amount", "quantity", "lot", "cache", "stock", "batch",
                             "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "pair",
                             "series", "set", "stockpile", "couple"})


class TriggerMatcher:
    """The lexicon compiled into lookup tables keyed by lower-cased lemma.

    Why not spaCy's ``Matcher``/``DependencyMatcher``: with a few hundred ``IN`` predicates they
    cost more per document than the parser itself (measured on short news items), while a
    dictionary probe per token plus a look at the token's children does the same job for a
    fraction of the time, keeping the pipeline within reach of bare ``nlp.pipe`` throughput.
    """

    def __init__(self, vocab: Vocab | None, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # key word -> [(trigger id, rest of the phrase as a tuple of words, allowed POS or None)]
        self.words: dict[str, list[tuple[str, tuple[str, ...], frozenset[str] | None]]] = {}
        # verb lemma -> [(trigger id, object lemmas or None for any, particle or None)]
        self.verbs: dict[str, list[tuple[str, frozenset[str] | None, str | None]]] = {}
        for entry in lexicon.raw["triggers"]:
            tid = entry["id"]
            pos = frozenset(entry["pos"]) if entry.get("pos") else None
            for lemma in entry.get("lemmas", []):
                self.words.setdefault(str(lemma).lower(), []).append((tid, (), pos))
            for phrase in entry.get("phrases", []):
                words = tuple(str(phrase).lower().split())
                self.words.setdefault(words[0], []).append((tid, words[1:], None))
            if "verbs" in entry:
                objects = [str(o).lower() for o in entry["objects"]]
                objs = None if objects == ["*"] else frozenset(objects)
                for v in entry["verbs"]:
                    self.verbs.setdefault(str(v).lower(), []).append((tid, objs, entry.get("particle")))

    @staticmethod
    def _keys(t: Token) -> tuple[str, str]:
        return t.lemma_.lower(), t.lower_

    def __call__(self, doc: Doc) -> list[tuple[str, int, int, int]]:
        """(trigger id, start token, end token, head token) for every match, overlaps included."""
        out: list[tuple[str, int, int, int]] = []
        seen: set[tuple[str, int, int]] = set()
        n = len(doc)
        keys = [self._keys(t) for t in doc]
        for i, t in enumerate(doc):
            lemma, lower = keys[i]
            for k in dict.fromkeys((lemma, lower)):  # lemma first, in every run
                for tid, rest, pos in self.words.get(k, ()):
                    if pos is not None and t.pos_ not in pos:
                        continue
                    j = i + 1
                    ok = True
                    for w in rest:
                        # skip determiners inside phrases ("take [the] control", "step on [a] mine")
                        while j < n and doc[j].pos_ == "DET" and w not in keys[j]:
                            j += 1
                        if j >= n or w not in keys[j]:
                            ok = False
                            break
                        j += 1
                    if ok and (tid, i, j) not in seen:
                        seen.add((tid, i, j))
                        out.append((tid, i, j, doc[i:j].root.i))
            for tid, objs, particle in self.verbs.get(lemma, ()):
                if t.pos_ not in ("VERB", "AUX") and t.dep_ != "ROOT":
                    continue
                if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in t.children):
                    continue
                if self._has_object(t, objs) and (tid, i, i + 1) not in seen:
                    seen.add((tid, i, i + 1))
                    out.append((tid, i, i + 1, i))
        return out

    def _has_object(self, verb: Token, objs: frozenset[str] | None) -> bool:
        head = verb.head
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and objs is not None and self._names(head, objs) and (
                head.dep_ in ("nsubj", "nsubjpass") or (head.dep_ == "pobj" and head.head.lower_ == "by")):
            return True  # a reduced relative: "rockets fired from across the border hit the town"
        for c in verb.children:
            if c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr"):
                if objs is None or self._names(c, objs):
                    return True
            elif c.dep_ == "npadvmod" and objs is not None and self._names(c, objs):
                return True  # "fired 152, 120mm and 82mm mortars": the parser hangs the list off the verb
            elif c.dep_ in ("prep", "agent") and objs is not None:
                for g in c.children:
                    if g.dep_ == "pobj" and self._names(g, objs):
                        return True
        return False

    @staticmethod
    def _names(t: Token, objs: frozenset[str], depth: int = 0) -> bool:
        """The noun or one of its modifiers/conjuncts ("Grad rockets", "mortars and artillery"),
        down a list the parser chained ("IFVs, 122 mm, heavy machine guns and ...")."""
        if t.lemma_.lower() in objs or t.lower_ in objs:
            return True
        if "mm" in objs and (t.lower_.endswith("mm") and t.lower_[:-2].isdigit()
                             or t.lower_ == "mm" and any(c.dep_ == "nummod" for c in t.children)):
            return True  # a calibre ("fired 122mm at", "122 mm"): a gun or mortar round
        if depth < 6 and any(TriggerMatcher._names(c, objs, depth + 1) for c in t.children
                             if c.dep_ in ("conj", "appos") and not countered(c)):
            return True
        for c in t.children:
            if c.dep_ in ("compound", "amod", "nmod", "conj") and (c.lemma_.lower() in objs or c.lower_ in objs) and (
                    not countered(c)):
                return True
            # "a total of 56 posts", "a large amount of ammunition": the "of" noun is the object
            if c.dep_ == "prep" and c.lower_ == "of" and t.lemma_.lower() in _QUANTITY_NOUNS:
                for g in c.children:
                    if g.dep_ == "pobj" and (g.lemma_.lower() in objs or g.lower_ in objs):
                        return True
        return False
