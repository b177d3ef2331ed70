"""Actor mentions -> ACLED-style actor names and inter codes.

Why a lexicon and patterns rather than NER: ACLED names are conventions ("Military Forces of Russia
(2000-)", "Civilians (Ukraine)"), not surface strings, and the inter code depends on where the
event happens. The reviewable lexicon lives in ``data/actors.yaml``; this module compiles it into
regular expressions over the sentence text (offsets stay exact) and uses the parse only where the
words alone are ambiguous (a country name used as an agent: "Moscow responded with artillery").

Public API
----------
``find_actors(span, country=None, when=None) -> list[Actor]``
    Mentions in a sentence (``Span``) or ``Doc``, in text order, offsets into the ``Doc`` text.
    ``country`` (ISO3 of the event's country) fills generic names ("Civilians (Ukraine)") and sets
    inter relative to that country; ``when`` (event date) picks ACLED's period suffix. Without
    ``country`` generic actors come back as "Civilians", "Unidentified Armed Group", "Military
    Forces" ... with ``rule`` starting ``"generic:"``; call ``localise(actor, iso3)`` later.
``localise(actor, iso3, when=None, as_of=None) -> Actor``
    Fill the country of a generic actor and recompute its inter for an event in ``iso3``;
    ``as_of`` (publication date) names state periods as they stood then ("(2015-)" in 2020).
``inter_for(actor_name, event_iso3) -> int``
    ACLED inter of a named actor for an event in a country: a state force is 1 at home, 8 abroad.
``interaction(inter1, inter2=None) -> int``
    ACLED interaction code: the two inter digits, lower first (17, 18, 78); one actor -> 10*inter.
``group_allies(actors, span=None) -> list[tuple[Actor, tuple[Actor, ...]]]``
    Actors joined as one side ("Russian forces and the Wagner Group") -> (primary, associates).
``assoc_name(actors) -> str``  ACLED's "; "-joined associated-actor cell.
``state_name(iso3, branch="military", when=None, as_of=None) -> str``  e.g. "Police Forces of Mali (2021-)".
``country_iso3(text) -> str | None``  ISO3 for a country name, demonym or capital metonym.
``acled_country(iso3) -> str``  ACLED's spelling of a country name.
``entity_patterns() -> list[dict]``  spaCy EntityRuler patterns (ORG) for named armed groups.

One side's words for the other's raiders ("Ukrainian saboteurs", "a sabotage group of Ukrainian
terrorists", "a Russian DRG") name an irregular group, not that state's army: they give
"Unidentified Armed Group (<event country>)" with the side kept in the rule (``framed-side:UKR``),
like "pro-Ukrainian fighters" (``pro-side:UKR``); "a group of Ukrainian soldiers" stays the army.

Period suffixes: ACLED names state actors with the period of the government they serve. The table
in ``data/actors.yaml`` covers the countries frontwire is mostly run on; other countries get names
without a suffix ("Military Forces of Chad"), which is honest rather than a guessed period.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry
import yaml
from spacy.tokens import Doc, Span, Token

from .records import Actor

__all__ = [
    "acled_country",
    "as_ethnic_militia",
    "for_event",
    "for_event_pair",
    "for_riot",
    "assoc_name",
    "countries_named",
    "country_iso3",
    "entity_patterns",
    "find_actors",
    "group_allies",
    "inter_for",
    "interaction",
    "localise",
    "pro_government",
    "state_name",
]

# Words allowed between a nationality and a force noun: "Russian occupying forces".
_MODIFIERS = (
    "government|regular|special|elite|occupying|occupation|invading|retreating|advancing|allied|"
    "federal|regime|national|military|army|naval|artillery|drone|missile|rocket|tank|ground|"
    "armed|security|defence|defense|coalition|mechanised|mechanized|airborne|infantry|"
    "reconnaissance|frontline|front-line|border|combined|joint|heavy|intense|massive|overnight|"
    "fresh|new|latest|deadly|cross-border|retaliatory"
)
# Weapon words and system names between a nationality and "missile"/"drone"/"strike".
_WEAPON_WORDS = (
    r"ballistic|cruise|hypersonic|guided|cluster|kamikaze|attack|suicide|loitering|anti-ship|"
    r"anti-aircraft|surface-to-air|air-to-surface|multiple|rocket|launch|tochka(?:-u)?|iskander|"
    r"kalibr|kinzhal|shahed|geran|grad|smerch|uragan|tornado|lancet|orlan|onyx|oniks|tor|buk|"
    r"pantsir|bayraktar|himars|storm\s+shadow|atacms|series|type|unmanned|combat|reconnaissance"
)
_BRANCH_BASE = {
    "military": "Military Forces",
    "air_force": "Military Forces",
    "navy": "Military Forces",
    "national_guard": "Military Forces",
    "territorial": "Military Forces",
    "police": "Police Forces",
    "gendarmerie": "Police Forces",
    "border": "Police Forces",
    "government": "Government",
}
# Unqualified state words ("soldiers", "gendarmes") name the event country's own forces.
_UNQUALIFIED_STATE = {
    "military": [
        "soldiers", "a soldier", "troops", "the army", "the military", "security forces",
        "defence and security forces", "defense and security forces", "armed forces",
        "servicemen", "army", "military", "government forces", "government troops",
        "pro-government forces", "regime forces", "army troops", "military forces",
        "general staff", "the general staff", "defence ministry", "defense ministry",
        "government positions", "governmental positions", "governmental forces",
        "ministry of defence", "ministry of defense",
    ],
    "police": ["police", "policemen", "police officers", "a police officer", "riot police"],
    "gendarmerie": ["gendarmes", "gendarmerie", "a gendarme"],
}
_SPEECH_LEMMAS = {
    "say", "tell", "claim", "report", "announce", "confirm", "deny", "state", "add", "warn",
    "insist", "assert", "allege", "accuse", "blame", "acknowledge", "declare", "write", "urge",
    "call", "demand", "reject", "dismiss", "respond_", "express", "condemn", "note", "hope",
}
_ALLY_LINKS = {
    "and", ",", ", and", "alongside", "together with", "with", "backed by", "supported by",
    "assisted by", "with the help of", "with support from", "and allied", "along with",
    "and their allies", "and its allies", ", backed by", ", supported by", ", alongside",
    "as well as",
}
_RECIPROCAL_LEMMAS = {"clash", "fight", "battle", "exchange", "engage", "skirmish"}
_GENERIC_PREFIX = "generic:"
_ETHNIC_TEMPLATE = "{group} Ethnic Militia ({{country}})"
# Heads that make "<ethnic group> <head>" an armed band of that group ("Fulani militiamen").
_ETHNIC_ARMED_HEADS = r"militia|militias|militiaman|militiamen|fighters|gunmen|self-defen[cs]e\s+(?:group|militia)s?"
# Words one side uses for the other's irregular raiders ("sabotage group", "DRG", "terrorists").
_FRAMING_NOUNS = (
    r"sabotage(?:\s+and\s+reconnaissance)?\s+(?:groups?|units?|squads?|detachments?)|"
    r"saboteurs?|DRGs?|raiders|terrorists|terrorist\s+groups?"
)
# Member nouns of "a group of <nationality> X" that make X that state's forces.
_STATE_MEMBERS = {"troops", "soldiers", "forces", "servicemen", "special forces"}


def _rx_unit(ch: str) -> str:
    if ch.isspace():
        return r"\s+"
    return "['’]" if ch in "'’" else re.escape(ch)


def _rx_alt(words: Iterable[str]) -> str:
    """Regex alternation of literal phrases, flexible about inner whitespace and apostrophes so
    "Jama'at" matches "Jama’at".

    Written as a prefix trie ("mal(?:i|awi)") rather than a flat "a|b|c" list: Python's ``re``
    tries a flat alternation's branches one by one at every position, which made the country and
    demonym patterns the costliest part of ``find_actors``. At each trie node the longer
    continuations are tried before stopping, and sibling branches start with different units so
    at most one can match; the match is therefore the one the flat longest-first list gave."""
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for unit in (_rx_unit(c) for c in re.sub(r"\s+", " ", w)):
            node = node.setdefault(unit, {})
        node[""] = {}  # end of a phrase

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [unit + emit(child) for unit, child in sorted(node.items()) if unit]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not end else "(?:" + "|".join(alts) + ")"
        if end:
            body = body + "?" if body.startswith("(?:") else "(?:" + body + ")?"
        return body

    return emit(trie) or "(?!)"


def _key(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


def _is_case_sensitive(alias: str) -> bool:
    """Short acronyms (IS, SAF, RSF) must match as written; longer ones ("ISGS") need not."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return alias.isupper() and len(letters) <= 3


@dataclass(frozen=True, slots=True)
class _Group:
    name: str
    inter: int
    home: str | None
    side: str | None
    by_country: dict[str, str]
    pro_government: bool = False


@dataclass(frozen=True, slots=True)
class _Template:
    template: str
    inter: int
    countries: tuple[str, ...] = ()  # empty: everywhere


class _Lexicon:
    """The compiled actor lexicon. Built once (see ``_lexicon``) because compiling the regexes
    over every country name and demonym is the costly part."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.names: dict[str, str] = {}  # iso3 -> ACLED country name
        self.by_name: dict[str, str] = {}  # folded country name/demonym/capital -> iso3
        overrides: dict[str, str] = data.get("country_names", {})
        country_forms: dict[str, str] = {}
        for c in pycountry.countries:
            iso = c.alpha_3
            acled = overrides.get(iso) or getattr(c, "common_name", None) or c.name
            self.names[iso] = acled
            forms = {acled, c.name, getattr(c, "common_name", None) or acled}
            official = getattr(c, "official_name", None)
            if official:
                forms.add(official)
                forms.add("the " + official)
            for f in forms:
                if "," in f:
                    continue
                country_forms[_key(f)] = iso
                if f.startswith(("United", "Democratic", "Republic", "Central African")):
                    country_forms[_key("the " + f)] = iso
        # Common short forms news use.
        for form, iso in {
            "the US": "USA", "the U.S.": "USA", "America": "USA", "the United States": "USA",
            "the UK": "GBR", "Britain": "GBR", "Great Britain": "GBR", "DR Congo": "COD",
            "DRC": "COD", "the DRC": "COD", "Congo-Kinshasa": "COD", "Gaza": "PSE",
            "the West Bank": "PSE", "Burma": "MMR", "Ivory Coast": "CIV", "Turkey": "TUR",
            "Syria": "SYR", "Russia": "RUS", "Iran": "IRN",
        }.items():
            country_forms[_key(form)] = iso
        self.country_forms = country_forms
        self.demonyms: dict[str, str] = {}
        for iso, dems in data.get("demonyms", {}).items():
            for d in dems:
                self.demonyms[_key(d)] = iso
        self.capitals: dict[str, str] = {}
        for iso, caps in data.get("capitals", {}).items():
            for cap in caps:
                self.capitals[_key(cap)] = iso
        self.by_name.update(country_forms)
        self.by_name.update(self.demonyms)
        self.by_name.update(self.capitals)
        # iso3 -> [(first day, start year, end year or None)], oldest first.
        self.periods: dict[str, list[tuple[date, int, int | None]]] = {}
        for iso, spans in data.get("periods", {}).items():
            parsed = []
            for spec in spans:
                years, _, since = str(spec).partition("@")
                a, _, b = years.partition("-")
                first = date.fromisoformat(since + "-01") if since else date(int(a), 1, 1)
                parsed.append((first, int(a), int(b) if b else None))
            self.periods[iso] = sorted(parsed)
        self.branch_suffix: dict[str, str] = data.get("branch_suffix", {})
        self.unit_names: dict[str, dict[str, str]] = data.get("unit_names", {})
        self.with_article: set[str] = set(data.get("with_article", []))
        self.state_heads: dict[str, str] = {}  # head phrase -> branch
        for branch, heads in data.get("state_heads", {}).items():
            for h in heads:
                self.state_heads.setdefault(_key(h), branch)
        # Fixed state aliases: alias -> (iso3, branch)
        self.state_aliases: dict[str, tuple[str, str]] = {}
        for iso, branches in data.get("state_aliases", {}).items():
            for branch, aliases in branches.items():
                for a in aliases:
                    self.state_aliases[a] = (iso, branch)
        # Named groups.
        self.groups: dict[str, _Group] = {}
        self.group_alias: dict[str, _Group] = {}
        self.group_alias_cs: dict[str, _Group] = {}
        self.group_by_name: dict[str, _Group] = {}
        for g in data.get("groups", []):
            grp = _Group(g["name"], int(g["inter"]), g.get("home"), g.get("side"),
                         dict(g.get("by_country", {})), bool(g.get("pro_government", False)))
            self.group_by_name[grp.name] = grp
            for n in grp.by_country.values():
                self.group_by_name.setdefault(n, grp)
            for a in g.get("aliases", []):
                if _is_case_sensitive(a):
                    self.group_alias_cs[a] = grp
                else:
                    self.group_alias[_key(a)] = grp
        # Generic words -> templates.
        self.generic: dict[str, list[_Template]] = {}
        for t in data.get("generic", []):
            tpl = _Template(t["template"], int(t["inter"]))
            for w in t["words"]:
                self.generic.setdefault(_key(w), []).append(tpl)
        for t in data.get("regional", []):
            tpl = _Template(t["template"], int(t["inter"]), tuple(t["countries"]))
            for w in t["words"]:
                # Regional templates are tried before the general ones for the same word.
                self.generic.setdefault(_key(w), []).insert(0, tpl)
        self.templates: list[_Template] = [
            _Template(t["template"], int(t["inter"])) for t in data.get("generic", [])
        ] + [
            _Template(t["template"], int(t["inter"]), tuple(t["countries"]))
            for t in data.get("regional", [])
        ]
        # Ethnic groups -> "<Group> Ethnic Militia ({country})" templates (identity militias).
        self.ethnic: dict[str, str] = {}  # folded alias -> group name
        for name, aliases in (data.get("ethnic_groups") or {}).items():
            for a in [name, *aliases]:
                self.ethnic[_key(a)] = name
            self.templates.append(_Template(_ETHNIC_TEMPLATE.format(group=name), 4))
        # Joint "A and/or B" actors ACLED names in a fixed order, whichever order the text uses.
        self.joint: dict[frozenset[str], str] = {}
        for t in data.get("regional", []):
            parts = t["template"].split(" and/or ")
            if len(parts) == 2:
                self.joint[frozenset(parts)] = t["template"]
        self.unqualified: dict[str, str] = {
            _key(w): branch for branch, ws in _UNQUALIFIED_STATE.items() for w in ws
        }
        self._compile()

    def _compile(self) -> None:
        nat = _rx_alt(self.demonyms)
        self.rx_nat = re.compile(nat, re.IGNORECASE)
        poss_names = _rx_alt(list(self.country_forms) + list(self.capitals))
        heads = _rx_alt(self.state_heads)
        # An optional modifier or model designation: "Russian occupying forces", "Russian
        # Ka-52 helicopter".
        mod = rf"(?P<mod>(?:(?:{_MODIFIERS}|{_WEAPON_WORDS}|[a-z]{{1,8}}-?\d+[\w-]*)\s+){{0,3}})"
        b_l, b_r = r"(?<![\w-])", r"(?![\w-])"
        flags = re.IGNORECASE
        # "Russian and Ukrainian forces", "Russian occupying forces", "US-led coalition forces".
        self.rx_nat_head = re.compile(
            rf"{b_l}(?P<nats>(?:{nat})(?:\s*(?:,|and/or|and|or)\s*(?:{nat}))*)\s+{mod}(?P<head>{heads}){b_r}",
            flags,
        )
        # "Russia's military", "Moscow's forces", "Kyiv's troops".
        self.rx_poss_head = re.compile(
            rf"{b_l}(?P<who>{poss_names})['’]s?\s+{mod}(?P<head>{heads}){b_r}", flags
        )
        # "the Armed Forces of Ukraine", "the army of Mali".
        of_heads = _rx_alt([
            "armed forces", "army", "military", "navy", "air force", "police", "ministry of defence",
            "ministry of defense", "defence ministry", "defense ministry", "national guard",
            "border guards", "border guard service", "general staff", "forces", "troops",
            "government", "security forces", "gendarmerie",
        ])
        self.rx_head_of = re.compile(
            rf"{b_l}(?P<head>{of_heads})\s+of\s+(?:the\s+)?(?P<who>{poss_names}){b_r}", flags
        )
        side_nouns = (
            r"forces|fighters|militants|groups?|partisans|saboteurs|militias?|armed\s+groups?|"
            r"units|troops|rebels|separatists|volunteers|paramilitaries|guerrillas|insurgents|"
            r"raiders|formations|battalions?"
        )
        # "pro-Ukrainian forces", "Kremlin-backed separatists".
        self.rx_side = re.compile(
            rf"{b_l}(?:(?P<pro>pro-(?P<w1>{nat}|{poss_names}))|(?P<w2>{nat}|{poss_names})-(?:backed|aligned|allied|sponsored))"
            rf"\s+{mod}(?P<noun>{side_nouns}){b_r}",
            flags,
        )
        # "sabotage group of Ukrainian soldiers" / "... of Ukrainian terrorists": a group said to
        # be of a nationality; the member noun says whether it is that state's forces.
        self.rx_group_of = re.compile(
            rf"{b_l}(?P<noun>(?:sabotage(?:\s+and\s+reconnaissance)?\s+)?groups?|units?|squads?|detachments?)\s+of\s+(?P<nat>{nat})\s+"
            rf"(?P<member>terrorists|saboteurs|troops|soldiers|forces|servicemen|militants|special\s+forces|nationalists|fighters){b_r}",
            flags,
        )
        # "Ukrainian saboteurs", "a Russian military sabotage group", "Ukrainian DRG": how one
        # side describes the other's raiders; an irregular group of that side, not its army.
        self.rx_framed = re.compile(
            rf"{b_l}(?P<nat>{nat})\s+{mod}(?P<noun>{_FRAMING_NOUNS}){b_r}", flags)
        # "JNIM fighters", "M23 rebels": the member noun belongs to the group mention.
        members = (r"(?:\s*\((?P<parent>[^()]{1,40})\))?(?:\s+(?:fighters|militants|rebels|members|gunmen|forces|insurgents|jihadists|"
                   r"combatants|elements|operatives|militiamen|troops|units))?")
        self.rx_group = re.compile(
            rf"{b_l}(?P<alias>{_rx_alt(self.group_alias)}){members}{b_r}", flags)
        self.rx_group_cs = (
            re.compile(rf"{b_l}(?P<alias>{_rx_alt(self.group_alias_cs)})(?i:{members}){b_r}")
            if self.group_alias_cs else None
        )
        # State aliases are proper names ("Border Police", "Armed Forces of Ukraine"): they match
        # as written, lower-case wordings are left to the nationality patterns.
        self.rx_state_alias = re.compile(rf"{b_l}(?:{_rx_alt(self.state_aliases)}){b_r}")
        self.state_alias_key = {_key(a): v for a, v in self.state_aliases.items()}
        # Generic words, optionally preceded by a nationality ("Ukrainian civilians").
        self.rx_generic = re.compile(
            rf"{b_l}(?:(?P<nat>{nat})\s+)?(?P<word>{_rx_alt(self.generic)}){b_r}", flags
        )
        # "members of the Fulani community", "a 20-year-old woman": civilians by description.
        self.rx_civ_desc = re.compile(
            rf"{b_l}(?:(?:members|residents)\s+of\s+the\s+)?[A-Z][\w-]+\s+(?:ethnic\s+)?communit(?:y|ies){b_r}"
            rf"|{b_l}(?:an?\s+|\d+\s+)?\d+-year-old\s+(?:man|woman|boy|girl|child|men|women|boys|girls|"
            rf"children|resident|civilian|farmer|student|teenager){b_r}"
        )
        self.rx_unqualified = re.compile(rf"{b_l}(?:{_rx_alt(self.unqualified)}){b_r}", flags)
        self.rx_country = re.compile(rf"{b_l}(?:{poss_names}){b_r}", flags)
        eth = _rx_alt(self.ethnic) if self.ethnic else r"(?!x)x"
        self.rx_ethnic_armed = re.compile(rf"{b_l}(?P<eth>{eth})s?\s+(?:{_ETHNIC_ARMED_HEADS}){b_r}", flags)
        self.rx_ethnic = re.compile(rf"{b_l}(?P<eth>{eth})s?{b_r}", flags)

    # ---- naming -------------------------------------------------------------------------------
    def period(self, iso3: str, when: date | None, as_of: date | None = None) -> str:
        """ACLED period suffix: the government period that began last on or before ``when``
        (else ``as_of``; the open, current one when neither is known). With ``as_of`` (the
        report's publication date) a period that had not yet ended by then is written open, as
        ACLED named it at the time: "(2015-)" in a 2020 report, not the later "(2015-2022)"."""
        spans = self.periods.get(iso3)
        if not spans:
            return ""
        k = len(spans) - 1
        ref = when or as_of
        if ref is not None:
            started = [i for i, p in enumerate(spans) if p[0] <= ref]
            k = started[-1] if started else 0
        _first, a, b = spans[k]
        if as_of is not None and k + 1 < len(spans) and spans[k + 1][0] > as_of:
            b = None  # the next government had not come yet when the report was written
        return f" ({a}-{b if b is not None else ''})"

    def state_name(self, iso3: str, branch: str, when: date | None, as_of: date | None = None) -> str:
        """"military", "police", ... or "police/Security Service of Ukraine" (a named unit)."""
        branch, _, unit = branch.partition("/")
        base = _BRANCH_BASE.get(branch, "Military Forces")
        the = "the " if iso3 in self.with_article else ""
        name = f"{base} of {the}{self.names.get(iso3, iso3)}{self.period(iso3, when, as_of)}"
        if unit:
            return f"{name} {unit}"
        own = self.unit_names.get(iso3, {}).get(branch)
        return f"{name} {own}" if own else name + self.branch_suffix.get(branch, "")

    def iso_of_country_name(self, name: str) -> str | None:
        """ISO3 of an ACLED country name ("Russia", "Democratic Republic of Congo")."""
        k = _key(name)
        for iso, n in self.names.items():
            if _key(n) == k:
                return iso
        return self.country_forms.get(k)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    path = resources.files("frontwire") / "data" / "actors.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # pragma: no cover - packaging error
        raise RuntimeError(
            f"actor lexicon missing at {path}; reinstall frontwire (pip install -e .)"
        ) from exc
    return _Lexicon(data)


# ---- public helpers ----------------------------------------------------------------------------
def acled_country(iso3: str) -> str:
    """ACLED's spelling of a country's name ("RUS" -> "Russia")."""
    return _lexicon().names.get(iso3.upper(), iso3)


def country_iso3(text: str) -> str | None:
    """ISO3 for a country name, demonym or capital metonym ("Kyiv" -> "UKR"), else None."""
    lex = _lexicon()
    k = _key(text)
    k = re.sub(r"['’]s?$", "", k)
    return lex.by_name.get(k) or lex.by_name.get(_key(re.sub(r"^the\s+", "", k)))


@lru_cache(maxsize=1)
def _rx_national() -> re.Pattern[str]:
    """A country name, demonym or capital followed by a state head ("Burkinabe ministry",
    "Mali's army", "the Nigerien authorities"); built on first use (only a rare fallback needs it)."""
    lex = _lexicon()
    names = _rx_alt(list(lex.demonyms) + list(lex.country_forms) + list(lex.capitals))
    return re.compile(rf"(?<![\w-])(?P<name>{names})(?:['’]s)?\s+(?:{_rx_alt(lex.state_heads)})(?![\w-])",
                      re.IGNORECASE)


def countries_named(text: str) -> list[str]:
    """ISO3 of each country whose state or national institution ``text`` names by a capitalised
    country name, demonym or capital ("Burkinabe ministry", "the Malian army"), in text order: a
    note's country when no place in it resolves. A bare demonym is no evidence (victims' or a
    company's nationality: "Chinese workers", "the Malian border")."""
    found: list[str] = []
    for m in _rx_national().finditer(text):
        iso = country_iso3(m.group("name")) if m.group("name")[:1].isupper() else None
        if iso:
            found.append(iso)
    return found


def state_name(iso3: str, branch: str = "military", when: date | None = None, as_of: date | None = None) -> str:
    """ACLED name of a state actor: branch is military, air_force, navy, national_guard,
    territorial, police, gendarmerie, border or government. ``as_of``: the report's publication
    date (a government period not yet over then is written open)."""
    return _lexicon().state_name(iso3.upper(), branch, when, as_of)


_STATE_RX = re.compile(r"^(Military Forces|Police Forces|Government) of (.+?)(?: \(\d{4}-\d{0,4}\))?(?: .*)?$")


def _home_of(name: str) -> tuple[str | None, int | None]:
    """(home country ISO3, base inter) of an ACLED actor name, from its form or the lexicon."""
    lex = _lexicon()
    m = _STATE_RX.match(name)
    if m:
        rest = name[len(m.group(1)) + 4:]
        rest = rest[4:] if rest.startswith("the ") else rest
        best = None
        for iso_c, n in lex.names.items():
            if (rest == n or rest.startswith(n + " ")) and (best is None or len(n) > len(lex.names[best])):
                best = iso_c
        return best, 1
    g = lex.group_by_name.get(name)
    if g is not None:
        return g.home, g.inter
    for tpl in lex.templates:
        prefix = tpl.template.split("{country}")[0].rstrip(" (")
        if name == prefix or name.startswith(prefix + " ("):
            return None, tpl.inter
    return None, None


def inter_for(actor_name: str, event_iso3: str | None) -> int:
    """ACLED inter code of ``actor_name`` for an event in ``event_iso3``.

    ACLED codes inter relative to the event's country: a country's own state forces are 1 there
    and 8 (external forces) anywhere else. Unknown names return 0 ("no actor" would be wrong, but
    0 makes the gap visible downstream rather than inventing a code)."""
    home, base = _home_of(actor_name)
    if base is None:
        low = actor_name.lower()
        for word, code in (("protesters", 6), ("rioters", 5), ("civilians", 7), ("militia", 3)):
            if low.startswith(word) or word in low:
                return code
        return 0
    if base == 1 and event_iso3 and home and home != event_iso3.upper():
        return 8
    return base


def pro_government(actor_name: str) -> bool:
    """Whether a named group fights beside the state's forces (``pro_government: true`` in
    data/actors.yaml: Burkina Faso's VDP, Nigeria's CJTF, Wagner): named with the army as the two
    sides of one report, it is the army's associate, not its enemy."""
    g = _lexicon().group_by_name.get(re.sub(r" \([^()]*\)$", "", actor_name)) or _lexicon().group_by_name.get(actor_name)
    return bool(g is not None and g.pro_government)


def home_country(actor_name: str) -> str | None:
    """ISO3 of the country an actor name belongs to (state forces, a group with a home), else None."""
    return _home_of(actor_name)[0]


def interaction(inter1: int | None, inter2: int | None = None) -> int:
    """ACLED interaction code: both inter digits, lower first (7 and 1 -> 17); an event with one
    actor is its inter times ten (protesters alone -> 60)."""
    a = inter1 or 0
    b = inter2 or 0
    if not a and not b:
        return 0
    if not a or not b:
        return 10 * (a or b)
    lo, hi = sorted((a, b))
    return 10 * lo + hi


def localise(actor: Actor, iso3: str | None, when: date | None = None, as_of: date | None = None) -> Actor:
    """Fill a generic actor's country ("Civilians" -> "Civilians (Ukraine)") and set its inter
    for an event in ``iso3``. Non-generic actors only get their inter recomputed. ``when`` (event
    date) and ``as_of`` (publication date) pick a state actor's period (``_Lexicon.period``).

    A generic actor is known by its rule ("generic:...", also behind a prefix another stage
    added, "responsibility:generic:...") or, whatever the rule says, by a name that is a
    country template left without its country ("Unidentified Armed Group"): such a name must
    never reach a record once the event's country is known."""
    if not iso3:
        return actor
    lex = _lexicon()
    iso3 = iso3.upper()
    at = actor.rule.find(_GENERIC_PREFIX)
    if at > 0:  # "responsibility:generic:...": localise, then keep the outer prefix
        inner = localise(replace(actor, rule=actor.rule[at:]), iso3, when, as_of)
        return replace(inner, rule=actor.rule[:at] + inner.rule)
    if at < 0 and actor.name in _bare_templates():
        tpl = _bare_templates()[actor.name]
        return replace(actor, name=tpl.format(country=lex.names.get(iso3, iso3)),
                       inter=inter_for(tpl.format(country=lex.names.get(iso3, iso3)), iso3)
                       or actor.inter)
    if actor.rule.startswith(_GENERIC_PREFIX):
        kind, _, extra = actor.rule[len(_GENERIC_PREFIX):].partition("|")
        if extra:  # "pro-side:UKR": keep what the words said about the group's side
            named = replace(actor, rule=f"{_GENERIC_PREFIX}{kind}")
            return replace(localise(named, iso3, when, as_of), rule=extra)
        if kind.startswith("state:"):
            name = lex.state_name(iso3, kind.split(":", 1)[1], when, as_of)
            return replace(actor, name=name, inter=1, rule=f"unqualified-state:{kind[6:]}")
        for tpl in lex.templates:
            if tpl.template == kind and (not tpl.countries or iso3 in tpl.countries):
                return replace(actor, name=tpl.template.format(country=lex.names.get(iso3, iso3)),
                               inter=tpl.inter, rule=f"generic-word:{kind}")
        # A regional template not valid here: fall back to the general template for the word.
        tpls = [t for t in lex.generic.get(_key(actor.text), []) if not t.countries]
        tpl = tpls[0] if tpls else _Template("Unidentified Armed Group ({country})", 3)
        return replace(actor, name=tpl.template.format(country=lex.names.get(iso3, iso3)),
                       inter=tpl.inter, rule=f"generic-word:{tpl.template}")
    grp = lex.group_by_name.get(actor.name)
    if grp is not None and iso3 in grp.by_country:  # "Dozo Communal Militia" -> "... (Burkina Faso)"
        actor = replace(actor, name=grp.by_country[iso3])
    if when is not None or as_of is not None:
        actor = replace(actor, name=_reperiod(actor.name, when, as_of))
    return replace(actor, inter=inter_for(actor.name, iso3) or actor.inter)


_STATE_NAME = re.compile(
    r"^(?P<base>(?:Military|Police) Forces of (?:the )?|Government of (?:the )?)(?P<country>[^()]+?)"
    r" \((?P<period>\d{4}-(?:\d{4})?)\)(?P<rest>.*)$"
)


def _reperiod(name: str, when: date | None, as_of: date | None = None) -> str:
    """A state actor named without the event's date ("Burkinabe forces" found in a sentence
    with no date: the current "(2022-)") gets the period of the government in power on ``when``
    ("Military Forces of Burkina Faso (2015-2022)" for a 2020 event; "(2015-)" in a report
    published in 2020, ``as_of``)."""
    m = _STATE_NAME.match(name)
    if m is None:
        return name
    lex = _lexicon()
    iso = lex.iso_of_country_name(m.group("country"))
    period = lex.period(iso, when, as_of) if iso else ""
    if not period:
        return name
    return f"{m.group('base')}{m.group('country')}{period}{m.group('rest')}"


# ACLED's sub-event types whose crowd is "Rioters" (Riots) or "Protesters" (Protests).
_RIOT_SUBS = frozenset({"Violent demonstration", "Mob violence"})
_PROTEST_SUBS = frozenset({"Peaceful protest", "Protest with intervention",
                           "Excessive force against protesters"})
_CROWD = re.compile(r"^(?P<kind>Protesters|Rioters)(?P<rest>(?:\s+\(.*\))?)$")
_CROWD_OR_CIVILIANS = re.compile(r"^(?P<kind>Protesters|Rioters|Civilians)(?P<rest>(?:\s+\(.*\))?)$")


def _recrowd(actor: Actor, kind: str, inter: int, civilians: bool = False) -> Actor:
    """``actor`` renamed to the crowd ``kind`` when it is the other generic crowd actor (or, with
    ``civilians``, the generic civilians actor)."""
    m = (_CROWD_OR_CIVILIANS if civilians else _CROWD).match(actor.name)
    if m is None or m.group("kind") == kind:
        return actor
    other = m.group("kind")
    rule = actor.rule.replace(f"{other} ({{country}})", f"{kind} ({{country}})")
    return replace(actor, name=kind + m.group("rest"), inter=inter,
                   rule=rule if rule != actor.rule else f"{actor.rule}|{kind.lower()}-by-event".lstrip("|"))


def for_riot(actor: Actor, crowd: bool = False) -> Actor:
    """The actor as a riot's crowd: ACLED names a crowd "Rioters (X)" (inter 5) whenever the
    event is a riot, however the report called it ("protesters clashed with police"). With
    ``crowd`` (the slot that holds the rioters, actor1), a generic "Civilians (X)" subject
    ("residents burned the town hall") is the crowd too. Named groups are returned unchanged."""
    return _recrowd(actor, "Rioters", 5, civilians=crowd)


def for_event(actor: Actor, sub_event_type: str | None, slot: str = "actor1") -> Actor:
    """The crowd actor named for the event's type, ACLED's convention: the crowd of a riot
    (Violent demonstration, Mob violence) is "Rioters (X)", the crowd of a protest is
    "Protesters (X)" (also a crowd the words called a mob when the event was coded a peaceful
    protest). The crowd's slot is actor1, except in "Excessive force against protesters" where
    the protesters are actor2; there, generic "Civilians (X)" become the crowd as well
    ("health workers staged a sit-in": actor1 Protesters, the workers are only associated).
    Call it on actor1 and actor2 (``slot``) once the sub-event type is final and before the
    interaction code is computed (the inter changes with the name)."""
    if sub_event_type in _RIOT_SUBS:
        return for_riot(actor, crowd=slot == "actor1")
    if sub_event_type in _PROTEST_SUBS:
        crowd_slot = "actor2" if sub_event_type == "Excessive force against protesters" else "actor1"
        return _recrowd(actor, "Protesters", 6, civilians=slot == crowd_slot)
    return actor


def _is_crowd(actor: Actor | None) -> bool:
    return actor is not None and _CROWD.match(actor.name) is not None


def for_event_pair(actor1: Actor | None, actor2: Actor | None, sub_event_type: str | None,
                   iso3: str | None = None) -> tuple[Actor | None, Actor | None]:
    """actor1 and actor2 of an event in ACLED's order for crowd events: the protesters or
    rioters lead in Protests and Riots ("police dispersed protesters": Protesters, then Police),
    the state force leads in "Excessive force against protesters". Each is renamed first
    (``for_event``). When a protest or riot names no crowd at all ("police fired tear gas at a
    march"), the crowd is implied and, with ``iso3``, added as actor1 ("Protesters (Kenya)").
    Call it once the sub-event type and the country are final (after ``localise``)."""
    a1 = for_event(actor1, sub_event_type, "actor1") if actor1 is not None else None
    a2 = for_event(actor2, sub_event_type, "actor2") if actor2 is not None else None
    if sub_event_type == "Excessive force against protesters":
        if _is_crowd(a1) and a2 is not None and not _is_crowd(a2):
            a1, a2 = a2, a1
        return a1, a2
    if sub_event_type not in _RIOT_SUBS and sub_event_type not in _PROTEST_SUBS:
        return a1, a2
    if not _is_crowd(a1) and _is_crowd(a2):
        return a2, a1
    if _is_crowd(a1) or not iso3 or (a1 is not None and a1.inter != 1):
        return a1, a2
    # no crowd named: "police dispersed a sit-in" -> Protesters (X) vs Police
    kind, inter = ("Rioters", 5) if sub_event_type in _RIOT_SUBS else ("Protesters", 6)
    lex = _lexicon()
    crowd = _mk(f"{kind} ({lex.names.get(iso3.upper(), iso3.upper())})", inter, "", -1, -1,
                f"implied-crowd:{sub_event_type}")
    return crowd, a1 if a1 is not None else a2


@lru_cache(maxsize=1)
def _bare_templates() -> dict[str, str]:
    """"Unidentified Armed Group" -> "Unidentified Armed Group ({country})": generic names as
    ``find_actors`` gives them before the country is known (general templates only)."""
    out: dict[str, str] = {}
    for tpl in _lexicon().templates:
        if "{country}" in tpl.template and not tpl.countries:
            bare = tpl.template.replace(" ({country})", "").replace("{country}", "").strip()
            out.setdefault(bare, tpl.template)
    return out


def assoc_name(actors: Sequence[Actor]) -> str:
    """ACLED's associated-actor cell: distinct names joined by "; " in mention order."""
    seen: list[str] = []
    for a in actors:
        if a.name not in seen:
            seen.append(a.name)
    return "; ".join(seen)


# Single words that are also common surnames or words: never forced to ORG by the entity ruler.
_AMBIGUOUS_ALIASES = {"Wagner", "Fano", "Dozo", "Dozos", "Akhmat", "Houthi", "Shabab", "JAS", "ADF",
                      "OLA", "FLM", "TDF", "PMU", "AFC/M23"}


def entity_patterns() -> list[dict[str, Any]]:
    """spaCy EntityRuler patterns labelling named armed groups ORG, so the small model does not
    tag "Koglweogo" as a PERSON. Proper names only (capitalised aliases of 3+ characters), never
    the generic words ("separatists") nor aliases that are also surnames ("Wagner")."""
    pats: list[dict[str, Any]] = []
    seen: set[str] = set()
    for alias in (a for g in _raw_group_aliases() for a in g):
        if alias in seen or len(alias) < 3 or not alias[0].isupper() or alias in _AMBIGUOUS_ALIASES:
            continue
        seen.add(alias)
        pats.append({"label": "ORG", "pattern": alias, "id": "frontwire-actor"})
    return pats


@lru_cache(maxsize=1)
def _raw_group_aliases() -> tuple[tuple[str, ...], ...]:
    path = resources.files("frontwire") / "data" / "actors.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(tuple(g.get("aliases", [])) for g in data.get("groups", []))


# ---- finding mentions --------------------------------------------------------------------------
@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    prio: int  # lower wins among equal lengths
    actors: list[Actor]  # several for "Russian and Ukrainian forces"


def _mk(name: str, inter: int, text: str, start: int, end: int, rule: str) -> Actor:
    return Actor(name=name, inter=inter, text=text, start=start, end=end, rule=rule)


def _state_actor(lex: _Lexicon, iso: str, branch: str, text: str, start: int, end: int,
                 rule: str, country: str | None, when: date | None) -> Actor:
    at_home = branch == "government" or country is None or country == iso
    inter = 1 if at_home else 8
    return _mk(lex.state_name(iso, branch, when), inter, text, start, end, rule)


def _generic_actor(lex: _Lexicon, word: str, nat_iso: str | None, text: str, start: int,
                   end: int, country: str | None) -> Actor | None:
    tpls = lex.generic.get(_key(word), [])
    for tpl in tpls:
        # A nationality names the country of civilians/protesters/rioters ("Russian civilians").
        iso = nat_iso if (nat_iso and tpl.inter in (5, 6, 7)) else country
        if tpl.countries and (iso is None or iso not in tpl.countries):
            continue
        if iso is None:
            name = tpl.template.replace(" ({country})", "").replace("{country}", "").strip()
            return _mk(name, tpl.inter, text, start, end, f"{_GENERIC_PREFIX}{tpl.template}")
        return _mk(tpl.template.format(country=lex.names.get(iso, iso)), tpl.inter, text, start,
                   end, f"generic-word:{tpl.template}")
    return None


def _group_actor(grp: _Group, text: str, start: int, end: int, country: str | None) -> Actor:
    name = grp.by_country.get(country or "", grp.name)
    inter = grp.inter
    if inter == 1 and country and grp.home and grp.home != country:
        inter = 8
    return _mk(name, inter, text, start, end, f"group:{grp.name}")


def _side_group(lex: _Lexicon, side: str, how: str, text: str, start: int, end: int,
                country: str | None) -> Actor:
    """An unnamed armed group fighting for ``side`` ("pro-Ukrainian fighters", "Ukrainian
    saboteurs"): "Unidentified Armed Group (<event country>)", the side kept in the rule
    (``<how>-side:<ISO3>``) so allies and opponents are still told apart."""
    rule = f"{how}-side:{side}"
    if country is None:
        return _mk("Unidentified Armed Group", 3, text, start, end,
                   f"{_GENERIC_PREFIX}Unidentified Armed Group ({{country}})|{rule}")
    return _mk(f"Unidentified Armed Group ({lex.names.get(country, country)})", 3, text, start, end,
               rule)


def _metonym_agent(doc: Doc, start: int, end: int) -> bool:
    """True when a country/capital name at [start, end) is the agent of a non-speech verb
    ("Moscow responded by launching artillery fire", "shelled by Ukraine")."""
    sp = doc.char_span(start, end, alignment_mode="expand")
    if sp is None or not len(sp):
        return False
    tok: Token = sp.root
    if tok.dep_ == "nsubj" and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head
    else:
        return False
    if verb.lemma_.lower() in _SPEECH_LEMMAS or verb.pos_ != "VERB":
        return False
    # Being, having, saying-like and mental verbs do not make a country an armed actor.
    return verb.lemma_.lower() not in {"be", "have", "want", "hope", "need", "seek", "plan",
                                        "prepare", "continue", "remain", "face", "see", "know"}


_NOT_NAME_WORDS = {"The", "On", "In", "At", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                   "Saturday", "Sunday", "Meanwhile", "Later", "Earlier", "Then", "But", "And"}


def _inside_proper_name(text: str, start: int, head: str) -> bool:
    """"Free Syrian Army", "Arakan Army", "Kachin Independence Army": a capitalised force word
    right after another capitalised word is the tail of a group's name, not a state's forces."""
    if not head[:1].isupper():
        return False
    prev = re.search(r"([A-Z][\w'’-]*)\s+$", text[:start])
    return bool(prev) and prev.group(1) not in _NOT_NAME_WORDS


def _branch(lex: _Lexicon, m: re.Match[str]) -> str:
    """Branch of a force phrase; the modifier counts when it makes a head of its own
    ("Defence Ministry" is military although "ministry" alone is government)."""
    if m.group("mod"):
        last = m.group("mod").split()[-1]
        whole = lex.state_heads.get(_key(last + " " + m.group("head")))
        if whole:
            return whole
    return lex.state_heads[_key(m.group("head"))]


@dataclass(frozen=True, slots=True)
class _Scope:
    """What every mention rule of ``find_actors`` reads: the lexicon, the text and the event's
    country and date."""
    lex: _Lexicon
    doc: Doc
    text: str
    base: int  # character offset of ``text`` in ``doc``
    country: str | None
    when: date | None


def _cand(s: int, e: int, prio: int, actor: Actor | list[Actor]) -> _Cand:
    """A candidate mention over text[s:e]; one actor or several ("Russian and Ukrainian forces")."""
    return _Cand(s, e, prio, actor if isinstance(actor, list) else [actor])


def find_actors(span: Span | Doc, country: str | None = None,
                when: date | None = None) -> list[Actor]:
    """Actor mentions in ``span``, normalised to ACLED-style names, in text order.

    ``country``: ISO3 of the event's country (fills generic names, sets inter 1 vs 8).
    ``when``: event date, to pick the period suffix of state actors."""
    lex = _lexicon()
    doc = span if isinstance(span, Doc) else span.doc
    base = 0 if isinstance(span, Doc) else span.start_char
    text = span.text
    country = country.upper() if country else None
    sc = _Scope(lex, doc, text, base, country, when)
    cands = [c for rule in _MENTION_RULES for c in rule(sc)]
    kept = _longest_first(cands)
    found = _join_either(lex, text, base, [a for c in kept for a in c.actors])
    return _refine(span, _members_of(found, text, base), country, text)


def _longest_first(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates in text order: the longest mention wins; among equal spans the
    more specific rule (lower prio)."""
    cands.sort(key=lambda c: (-(c.end - c.start), c.prio, c.start))
    kept: list[_Cand] = []
    for c in cands:
        if not any(c.start < k.end and k.start < c.end for k in kept):
            kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _group_cands(sc: _Scope) -> list[_Cand]:
    """Named armed groups by alias, case-folded then case-sensitive (the most specific rule)."""
    lex, text, base, country = sc.lex, sc.text, sc.base, sc.country
    out: list[_Cand] = []
    for m in lex.rx_group.finditer(text):
        grp = lex.group_alias[_key(m.group("alias"))]
        # "Katiba Macina (JNIM) militants": the parent organisation in brackets names the actor.
        parent = m.group("parent")
        if parent and _key(parent) in lex.group_alias:
            grp = lex.group_alias[_key(parent)]
        elif parent and parent in lex.group_alias_cs:
            grp = lex.group_alias_cs[parent]
        out.append(_cand(m.start(), m.end(), 0, _group_actor(grp, m.group(0), base + m.start(), base + m.end(),
                                                             country)))
    if lex.rx_group_cs is not None:
        for m in lex.rx_group_cs.finditer(text):
            grp = lex.group_alias_cs[m.group("alias")]
            out.append(_cand(m.start(), m.end(), 0, _group_actor(grp, m.group(0), base + m.start(),
                                                                 base + m.end(), country)))
    return out


def _state_alias_cands(sc: _Scope) -> list[_Cand]:
    """State forces called by a name of their own in the lexicon (a state alias)."""
    lex, text, base = sc.lex, sc.text, sc.base
    out: list[_Cand] = []
    for rx in (lex.rx_state_alias,):
        for m in rx.finditer(text):
            iso, branch = lex.state_alias_key[_key(m.group(0))]
            out.append(_cand(m.start(), m.end(), 1, _state_actor(lex, iso, branch, m.group(0), base + m.start(),
                                                                 base + m.end(), "state-alias", sc.country,
                                                                 sc.when)))
    return out


def _nationality_head_cands(sc: _Scope) -> list[_Cand]:
    """"Russian forces", "Russian and Ukrainian troops": one state actor per nationality named."""
    lex, text, base = sc.lex, sc.text, sc.base
    out: list[_Cand] = []
    for m in lex.rx_nat_head.finditer(text):
        branch = _branch(lex, m)
        if branch == "government" or _inside_proper_name(text, m.start(), m.group("head")):
            continue  # "the Russian government" is rarely an armed actor; claims handles it
        parts: list[Actor] = []
        nats = list(lex.rx_nat.finditer(m.group("nats")))
        for i, n in enumerate(nats):
            iso = lex.demonyms[_key(n.group(0))]
            s = m.start() + n.start()
            e = m.end() if i == len(nats) - 1 else m.start() + n.end()
            parts.append(_state_actor(lex, iso, branch, text[s:e], base + s, base + e,
                                      f"nationality+{branch}", sc.country, sc.when))
        out.append(_cand(m.start(), m.end(), 1, parts))
    return out


def _possessive_cands(sc: _Scope) -> list[_Cand]:
    """"Russia's military", "Kyiv's troops": a country's forces named with a possessive."""
    lex, text, base = sc.lex, sc.text, sc.base
    out: list[_Cand] = []
    for m in lex.rx_poss_head.finditer(text):
        iso = country_iso3(m.group("who"))
        branch = _branch(lex, m)
        if iso and branch != "government":
            out.append(_cand(m.start(), m.end(), 1, _state_actor(lex, iso, branch, m.group(0), base + m.start(),
                                                                 base + m.end(), f"possessive+{branch}",
                                                                 sc.country, sc.when)))
    return out


def _head_of_branch(head: str) -> str:
    """The state branch a "<head> of <country>" phrase names ("the police of Burkina Faso")."""
    return (
        "police" if head in ("police", "security forces") and head == "police"
        else "gendarmerie" if head == "gendarmerie"
        else "navy" if head == "navy" else "air_force" if head == "air force"
        else "national_guard" if head == "national guard"
        else "border" if head.startswith("border") else "government" if head == "government"
        else "military"
    )


def _head_of_cands(sc: _Scope) -> list[_Cand]:
    """"The armed forces of Ukraine": a branch followed by its country."""
    lex, text, base = sc.lex, sc.text, sc.base
    out: list[_Cand] = []
    for m in lex.rx_head_of.finditer(text):
        iso = country_iso3(m.group("who"))
        branch = _head_of_branch(_key(m.group("head")))
        if iso and branch != "government":
            out.append(_cand(m.start(), m.end(), 1, _state_actor(lex, iso, branch, m.group(0), base + m.start(),
                                                                 base + m.end(), f"{branch}-of-country",
                                                                 sc.country, sc.when)))
    return out


def _side_cands(sc: _Scope) -> list[_Cand]:
    """"Pro-Russian forces", "Russian-backed separatists": a side group named by its patron."""
    lex, text, base = sc.lex, sc.text, sc.base
    out: list[_Cand] = []
    for m in lex.rx_side.finditer(text):
        who = m.group("w1") or m.group("w2")
        iso = country_iso3(who)
        if iso is None:
            continue
        out.append(_cand(m.start(), m.end(), 2, _side_group(lex, iso, "pro" if m.group("pro") else "backed",
                                                            m.group(0), base + m.start(), base + m.end(),
                                                            sc.country)))
    return out


def _group_of_cands(sc: _Scope) -> list[_Cand]:
    """"A group of Ukrainian servicemen" (state forces) or "of Ukrainian terrorists" (framed)."""
    lex, text, base = sc.lex, sc.text, sc.base
    out: list[_Cand] = []
    for m in lex.rx_group_of.finditer(text):
        iso = lex.demonyms[_key(m.group("nat"))]
        if _key(m.group("member")) in _STATE_MEMBERS:
            out.append(_cand(m.start(), m.end(), 1, _state_actor(lex, iso, "military", m.group(0),
                                                                 base + m.start(), base + m.end(),
                                                                 "group-of-nationality", sc.country, sc.when)))
        else:  # "a sabotage group of Ukrainian terrorists"
            out.append(_cand(m.start(), m.end(), 1, _side_group(lex, iso, "framed", m.group(0), base + m.start(),
                                                                base + m.end(), sc.country)))
    return out


def _framed_cands(sc: _Scope) -> list[_Cand]:
    """"Ukrainian saboteurs": how one side describes the other's raiders (an irregular group of that
    side), unless the region's own convention gives that noun a generic name."""
    lex, text, base, country = sc.lex, sc.text, sc.base, sc.country
    out: list[_Cand] = []
    for m in lex.rx_framed.finditer(text):
        iso = lex.demonyms[_key(m.group("nat"))]
        noun = _key(m.group("noun"))
        if country and any(t.countries and country in t.countries for t in lex.generic.get(noun, [])):
            continue  # a regional convention names "terrorists" there (central Sahel)
        out.append(_cand(m.start(), m.end(), 2, _side_group(lex, iso, "framed", m.group(0), base + m.start(),
                                                            base + m.end(), country)))
    return out


def _generic_cands(sc: _Scope) -> list[_Cand]:
    """Generic actors ("Ukrainian civilians") and civilians by description ("a 20-year-old woman")."""
    lex, text, base, country = sc.lex, sc.text, sc.base, sc.country
    out: list[_Cand] = []
    for m in lex.rx_generic.finditer(text):
        nat = m.group("nat")
        nat_iso = lex.demonyms.get(_key(nat)) if nat else None
        word = m.group("word")
        s = m.start() if nat_iso else m.start("word")
        a = _generic_actor(lex, word, nat_iso, text[s:m.end()], base + s, base + m.end(), country)
        if a is not None:
            out.append(_cand(s, m.end(), 3, a))
    for m in lex.rx_civ_desc.finditer(text):
        a = _generic_actor(lex, "civilians", None, m.group(0), base + m.start(), base + m.end(),
                           country)
        if a is not None:
            out.append(_cand(m.start(), m.end(), 3, a))
    return out


def _unqualified_cands(sc: _Scope) -> list[_Cand]:
    """"Police", "the army" with no country: the event country's force, or a generic state one."""
    lex, text, base, country = sc.lex, sc.text, sc.base, sc.country
    out: list[_Cand] = []
    for m in lex.rx_unqualified.finditer(text):
        branch = lex.unqualified[_key(m.group(0))]
        if _inside_proper_name(text, m.start(), m.group(0)):
            continue
        if country:
            a = _state_actor(lex, country, branch, m.group(0), base + m.start(), base + m.end(),
                             f"unqualified-state:{branch}", country, sc.when)
        else:
            a = _mk(_BRANCH_BASE[branch], 1, m.group(0), base + m.start(), base + m.end(),
                    f"{_GENERIC_PREFIX}state:{branch}")
        out.append(_cand(m.start(), m.end(), 4, a))
    return out


def _metonym_cands(sc: _Scope) -> list[_Cand]:
    """"Russia shelled ...": a country name as the agent stands for its military (least specific)."""
    lex, text, base = sc.lex, sc.text, sc.base
    out: list[_Cand] = []
    for m in lex.rx_country.finditer(text):
        iso = country_iso3(m.group(0))
        if iso and _metonym_agent(sc.doc, base + m.start(), base + m.end()):
            out.append(_cand(m.start(), m.end(), 5, _state_actor(lex, iso, "military", m.group(0),
                                                                 base + m.start(), base + m.end(), "metonymy",
                                                                 sc.country, sc.when)))
    return out


# The mention rules in the order their candidates are gathered (ties keep this order).
def _ethnic_cands(sc: _Scope) -> list[_Cand]:
    """"Fulani militiamen", "Dogon fighters": an ethnic group's armed band is its ethnic militia."""
    out: list[_Cand] = []
    for m in sc.lex.rx_ethnic_armed.finditer(sc.text):
        if not m.group("eth")[0].isupper():
            continue
        group = sc.lex.ethnic[_key(m.group("eth"))]
        a = _ethnic_actor(sc.lex, group, m.group(0), sc.base + m.start(), sc.base + m.end(), sc.country)
        out.append(_cand(m.start(), m.end(), 2, a))
    return out


def _ethnic_actor(lex: _Lexicon, group: str, text: str, start: int, end: int, country: str | None) -> Actor:
    tpl = _ETHNIC_TEMPLATE.format(group=group)
    if country is None:
        return _mk(tpl.replace(" ({country})", ""), 4, text, start, end, f"{_GENERIC_PREFIX}{tpl}")
    return _mk(tpl.format(country=lex.names.get(country, country)), 4, text, start, end, f"generic-word:{tpl}")


_COMMUNITY_AFTER = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+(?:and\s+|,\s*)?){1,4}communit(?:y|ies)\b")
"""The community a mention belongs to, told after it ("members of the Gourmantche and Fulani
communities", "youths from the Bobo community")."""


def as_ethnic_militia(actor: Actor, iso3: str | None, text: str | None = None) -> Actor:
    """A civilians mention that names an ethnic community ("members of the Mossi community",
    "Fulani herders") as that community's militia: call it for the side that fights or attacks
    (ACLED codes a community that takes up arms as an identity militia). ``text``: the document
    text, to read the word just before the mention ("Fulani" in "Fulani herders"). Other actors,
    and civilians named without a known ethnic group, are returned unchanged."""
    if actor.inter != 7 or not actor.name.startswith("Civilians"):
        return actor
    lex = _lexicon()
    words = actor.text
    if text is not None and 0 <= actor.start <= actor.end <= len(text):
        # the word before ("Fulani herders") or the groups coordinated before ("the Mossi and
        # Foulse communities": the first named leads)
        before = re.search(r"(?:(?:[A-Z][\w-]*\s*(?:,|and)\s+){1,3}|\S+\s+)$", text[max(0, actor.start - 48):actor.start])
        after = _COMMUNITY_AFTER.match(text[actor.end:actor.end + 80])
        words = f"{before.group(0) if before else ''} {actor.text} {after.group(0) if after else ''}"
    # (names of peoples are capitalised: "Bobo" the people, not a word in lower case)
    m = next((m for m in lex.rx_ethnic.finditer(words) if m.group("eth")[0].isupper()), None)
    if m is None:
        return actor
    group = lex.ethnic[_key(m.group("eth"))]
    return _ethnic_actor(lex, group, actor.text, actor.start, actor.end, iso3.upper() if iso3 else None)


_MENTION_RULES = (_group_cands, _state_alias_cands, _nationality_head_cands, _possessive_cands, _head_of_cands,
                  _side_cands, _group_of_cands, _framed_cands, _ethnic_cands, _generic_cands, _unqualified_cands,
                  _metonym_cands)


_MEMBERS_OF = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?")


def _members_of(found: list[Actor], text: str, base: int) -> list[Actor]:
    """"Fighters of the Islamic State West Africa Province", "militants from JNIM": the generic
    word names the members of the group that follows, so the group is the one actor, over the
    whole phrase (its head word is what the verb links to)."""
    out: list[Actor] = []
    skip = -1
    for k, a in enumerate(found):
        if k == skip:
            continue
        nxt = found[k + 1] if k + 1 < len(found) else None
        if (nxt is not None and a.name.startswith("Unidentified Armed Group") and nxt.rule.startswith("group:")
                and _MEMBERS_OF.fullmatch(text[a.end - base:nxt.start - base])):
            out.append(replace(nxt, text=text[a.start - base:nxt.end - base], start=a.start))
            skip = k + 1
            continue
        if (nxt is not None and a.name.startswith("Unidentified") and nxt.rule.startswith("group:")
                and re.fullmatch(r"\s*\(\s*", text[a.end - base:nxt.start - base])
                and re.match(r"\s*\)", text[nxt.end - base:])):
            # "volunteer fighters (VDP)", "gunmen (ISGS)": the bracket names the generic word
            close = nxt.end - base + text[nxt.end - base:].index(")") + 1
            out.append(replace(nxt, text=text[a.start - base:close], start=a.start, end=base + close,
                               rule=nxt.rule))
            skip = k + 1
            continue
        out.append(a)
    return out


def _join_either(lex: _Lexicon, text: str, base: int, found: list[Actor]) -> list[Actor]:
    """"JNIM and/or ISGS", "JNIM and /or ISGS", "JNIM or ISGS militants": ACLED names the
    uncertain perpetrator jointly ("A and/or B") rather than picking one. (A bare slash is left
    alone: "Katiba Macina/JNIM" names a unit and the coalition it belongs to.)"""
    out: list[Actor] = []
    for a in found:
        if out:
            prev = out[-1]
            link = re.sub(r"\s*/\s*", "/", text[prev.end - base:a.start - base].strip().lower())
            if link in ("and/or", "or") and prev.rule.startswith("group:") \
                    and a.rule.startswith("group:") and prev.name != a.name:
                joint = lex.joint.get(frozenset((prev.name, a.name)), f"{prev.name} and/or {a.name}")
                out[-1] = _mk(joint, min(prev.inter, a.inter), text[prev.start - base:a.end - base],
                              prev.start, a.end, "joint-or")
                continue
        out.append(a)
    return out


_AIR_NOUNS = {"airstrike", "airstrikes", "strike", "strikes", "raid", "raids", "bombing",
              "bombings", "bombardment", "sortie", "sorties"}
_PROTEST_LEMMAS = {"protest", "demonstrate", "rally", "march", "picket", "demonstration",
                   "sit-in", "strike"}
_RIOT_LEMMAS = {"riot", "loot", "lynch", "rampage", "clash", "burn", "torch", "vandalize",
                "vandalise", "ransack", "stone", "storm", "attack", "beat", "throw", "set", "destroy",
                "block", "barricade"}
_PROTEST_NOUNS = {"protest", "demonstration", "sit-in", "sit", "march", "rally", "strike", "picket",
                  "boycott", "walkout", "vigil"}


def _is_protest_word(tok: Token) -> bool:
    """"protest", "demonstration", "strike", and "sit-in" however the tokenizer split it."""
    if tok.lemma_.lower() in _PROTEST_LEMMAS | _PROTEST_NOUNS - {"sit"}:
        return True
    return tok.lower_ in ("in", "ins") and any(c.lower_ == "sit" for c in tok.children)


def _crowd_kind(root: Token) -> tuple[str, str] | None:
    """Civilians doing a crowd action are protesters ("teachers staged a sit-in", "residents
    protested", "people set up barricades protesting ...") or, when the action is violent,
    rioters ("students clashed with police", "villagers burned the town hall")."""
    tok = root
    while tok.dep_ == "conj" and tok.head is not tok:  # "teachers and nurses protested"
        tok = tok.head
    if tok.dep_ != "nsubj" or any(c.lower_ == "armed" for c in root.children):
        return None
    verb = tok.head
    lemma = verb.lemma_.lower()
    related = [c for c in verb.children if c.dep_ in ("dobj", "advcl", "xcomp", "conj", "prep", "pobj")]
    related += [g for c in related if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    protest = lemma in _PROTEST_LEMMAS or any(
        _is_protest_word(c) for c in related if c.dep_ != "conj" or c.pos_ == "VERB")
    if lemma in _RIOT_LEMMAS and lemma not in ("block", "barricade", "set", "throw") or (
            lemma in ("set", "throw") and any(c.lower_ in ("fire", "stones", "rocks", "ablaze")
                                              for c in verb.subtree)):
        return "Rioters ({country})", lemma
    if protest:
        return "Protesters ({country})", lemma
    return None



_AIRCRAFT = {"helicopter", "helicopters", "plane", "planes", "aircraft", "jet", "jets",
             "warplane", "warplanes", "airplane", "airplanes", "bomber", "bombers"}
_DOWNING_LEMMAS = {"shoot", "down", "intercept", "destroy"}
_AIR_DOWNABLE = {"drone", "drones", "uav", "uavs", "vehicle", "vehicles"}


def _is_air(tok: Token) -> bool:
    """An air-attack word: "airstrike", "air raid", "bombing", "air bombs", "strike" with "air"
    beside it."""
    low = tok.lower_
    if low in ("airstrike", "airstrikes", "bombing", "bombings", "sortie", "sorties") or \
            (tok.lemma_.lower() == "bomb" and tok.pos_ == "VERB"):
        return True
    if low in ("bomb", "bombs") and any(c.lower_ in ("air", "aerial", "guided") for c in tok.children):
        return True
    return low in _AIR_NOUNS and any(c.lower_ in ("air", "aerial") for c in tok.children)


def _air_context(root: Token) -> bool:
    """Whether the clause around a state-force mention makes it the Air Force: it carries out
    air strikes ("conducted airstrikes", "dropped air bombs", "fired from helicopters"), the air
    strike is "of"/"by" it, or its drone is shot down ("shot down a Russian drone")."""
    if root.dep_ in ("nsubj", "agent") or (root.dep_ == "pobj" and root.head.dep_ == "agent"):
        v = root.head if root.dep_ == "nsubj" else root.head.head
        verbs = [v] + [c for c in v.children if c.dep_ in ("conj", "xcomp")]
        for vb in verbs:
            if vb.lemma_.lower() == "bomb":
                return True
            for c in vb.children:
                if c.dep_ in ("dobj", "conj") and _is_air(c):
                    return True
                if c.dep_ == "prep" and c.lower_ in ("from", "with") and any(
                        p.lower_ in _AIRCRAFT for p in c.children if p.dep_ == "pobj"):
                    return True
        return False
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "by"):
        return _is_air(root.head.head)
    if root.dep_ in ("dobj", "nsubjpass") and root.lower_ in _AIR_DOWNABLE:
        return root.head.lemma_.lower() in _DOWNING_LEMMAS
    return False


def _refine(span: Span | Doc, found: list[Actor], country: str | None, text: str) -> list[Actor]:
    """Parse-based corrections the words alone cannot make:
    - a state force that carries out air strikes is its Air Force ("Russian forces conducted
      airstrikes", "an air strike of Russian forces");
    - civilians who protest are protesters, who riot are rioters ("residents protested");
    - a protest with no named participants implies "Protesters (<country>)"."""
    lex = _lexicon()
    doc = span if isinstance(span, Doc) else span.doc
    out: list[Actor] = []
    for a in found:
        sp = doc.char_span(a.start, a.end, alignment_mode="expand")
        root = sp.root if sp is not None and len(sp) else None
        if root is None:
            out.append(a)
            continue
        plain = re.match(r"^Military Forces of (?:the )?(.+?)(?: \(\d{4}-\d{0,4}\))?$", a.name)
        if plain and plain.group(1) in lex.names.values() and _air_context(root):
            a = replace(a, name=a.name + lex.branch_suffix.get("air_force", " Air Force"),
                        rule=a.rule + "+air-context")
        crowd = _crowd_kind(root) if a.inter == 7 else None
        if crowd is not None:
            tpl, why = crowd
            iso = country or _iso_in_name(lex, a.name)
            name = tpl.format(country=lex.names.get(iso, iso)) if iso else tpl.split(" (")[0]
            inter = 6 if tpl.startswith("Protesters") else 5
            rule = f"{_GENERIC_PREFIX}{tpl}" if not iso else f"{why}-subject"
            a = replace(a, name=name, inter=inter, rule=rule)
        out.append(a)
    out = _possessive_pronouns(span, out, text)
    if not any(a.inter in (5, 6) for a in out):
        implied = _implied_crowd(span, country, text)
        if implied is not None:
            out.append(implied)
            out.sort(key=lambda x: x.start)
    return out


_POSS_HINT = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)
# Surface stems of every lemma ``_implied_crowd`` reacts to ("rallied" -> "rally").
# "airstrike" is one token whose lemma is not "strike"; "air strike(s)" still passes ("strik").
_CROWD_HINT = re.compile(
    r"protest|demonstrat|\bsit\b|picket|rall|march|(?<!air)strik|struck|strick|riot|loot|lynch",
    re.IGNORECASE)
_MEMBER_NOUNS = {"forces", "troops", "fighters", "units", "militants", "soldiers", "men", "members",
                 "aircraft", "drones", "warplanes", "jets", "artillery", "gunmen", "militiamen"}


def _possessive_pronouns(span: Span | Doc, found: list[Actor], text: str) -> list[Actor]:
    """"Hamas said its fighters fired rockets": "its/their fighters" are the forces of the armed
    actor mentioned just before in the sentence (a named group or a state force)."""
    if not _POSS_HINT.search(text):  # cheap test before walking the tokens
        return found
    out: list[Actor] = []
    covered = [(a.start, a.end) for a in found]
    for tok in span:
        if tok.lower_ not in ("its", "their") or tok.dep_ != "poss":
            continue
        noun = tok.head
        if noun.lower_ not in _MEMBER_NOUNS:
            continue
        before = [a for a in found + out if a.end <= tok.idx and a.inter in (1, 2, 3, 4, 8)
                  and not a.rule.startswith(("generic", "unqualified"))]
        if not before:
            continue
        ante = before[-1]
        s, e = tok.idx, noun.idx + len(noun)
        found = [a for a in found if not (a.start >= s and a.end <= e)]
        if any(cs < e and s < ce for cs, ce in covered if not (cs >= s and ce <= e)):
            continue
        out.append(replace(ante, text=f"{tok.text} {noun.text}" if noun.i == tok.i + 1 else noun.text,
                           start=s if noun.i == tok.i + 1 else noun.idx, end=e,
                           rule=f"possessive-pronoun:{ante.rule}"))
    return sorted(found + out, key=lambda a: a.start)


def _implied_crowd(span: Span | Doc, country: str | None, text: str) -> Actor | None:
    """"A sit-in was held", "workers went on strike", "locals protested": ACLED's actor for a
    demonstration is its crowd even when the text names none, anchored on the protest word."""
    if not _CROWD_HINT.search(text):  # cheap test before walking the tokens
        return None
    lex = _lexicon()
    for tok in span:
        lemma = tok.lemma_.lower()
        kind = None
        if tok.lower_ == "sit" and tok.i + 2 < len(tok.doc) and tok.nbor(1).text == "-" \
                and tok.nbor(2).lower_ in ("in", "ins"):
            lemma = "sit-in"
        if lemma in ("protest", "demonstrate", "demonstration", "sit-in", "picket", "rally") or (
                lemma == "march" and tok.pos_ == "VERB") or (
                lemma == "strike" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() in ("go", "on")
                and any(c.lower_ in ("hunger", "general", "labour", "labor") for c in tok.children)
                or (lemma == "strike" and tok.dep_ == "pobj" and tok.head.lower_ == "on")):
            kind = "Protesters ({country})"
        elif lemma in ("riot", "loot", "lynch") or (lemma == "rioting"):
            kind = "Rioters ({country})"
        if kind is None:
            continue
        inter = 6 if kind.startswith("Protesters") else 5
        if country:
            name = kind.format(country=lex.names.get(country, country))
            rule = f"implied:{lemma}"
        else:
            name = kind.split(" (")[0]
            rule = f"{_GENERIC_PREFIX}{kind}"
        words = tok.text
        if lemma == "sit-in" and tok.nbor(2).idx == tok.idx + len(tok) + 1:
            words = tok.text + "-" + tok.nbor(2).text
        return _mk(name, inter, words, tok.idx, tok.idx + len(words), rule)
    return None


def _iso_in_name(lex: _Lexicon, name: str) -> str | None:
    m = re.search(r"\(([^()]+)\)$", name)
    return lex.iso_of_country_name(m.group(1)) if m else None


# ---- sides -------------------------------------------------------------------------------------
def _side_of(a: Actor) -> str | None:
    """The country a mention fights for: home of a state force, declared side of a group."""
    home, base = _home_of(a.name)
    if base == 1:
        return home
    m = re.search(r"(?:pro|backed|framed)-side:([A-Z]{3})", a.rule)
    if m:
        return m.group(1)
    g = _lexicon().group_by_name.get(a.name)
    return g.side if g else None


def _compatible(a: Actor, b: Actor) -> bool:
    sa, sb = _side_of(a), _side_of(b)
    if a.name == b.name:
        return True
    if sa and sb and sa != sb:
        return False
    # Civilians/protesters are never the associate of an armed actor, and vice versa.
    armed = {1, 2, 3, 4, 8}
    return (a.inter in armed) == (b.inter in armed)


def _reciprocal(span: Span | Doc | None, a: Actor, b: Actor) -> bool:
    """"Russian and Ukrainian forces clashed": coordinated subjects of a reciprocal verb are
    opponents, not allies."""
    if span is None:
        return False
    doc = span if isinstance(span, Doc) else span.doc
    sa = doc.char_span(a.start, a.end, alignment_mode="expand")
    if sa is None:
        return False
    tok = sa.root
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    verb = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in _RECIPROCAL_LEMMAS


def group_allies(actors: Sequence[Actor], span: Span | Doc | None = None,
                 ) -> list[tuple[Actor, tuple[Actor, ...]]]:
    """Split mentions into sides: neighbours joined only by "and", ",", "alongside", "backed
    by" ... and not on opposite sides form one side. The primary actor of a side is a state
    force when there is one (ACLED lists the Wagner Group as associate of Russia's forces), else
    the first mentioned; the others are its associates (use ``assoc_name``)."""
    if not actors:
        return []
    doc_text = None
    if span is not None:
        doc_text = (span if isinstance(span, Doc) else span.doc).text
    groups: list[list[Actor]] = [[actors[0]]]
    for prev, cur in zip(actors, actors[1:], strict=False):
        link = ""
        if doc_text is not None:
            link = re.sub(r"\s+", " ", doc_text[prev.end:cur.start]).strip().lower()
            link = re.sub(r"^(the|its|their)\s+|\s+(the|its|their)$", "", link).strip()
        joined = (
            doc_text is not None and link in _ALLY_LINKS
            and all(_compatible(x, cur) for x in groups[-1])
            and not _reciprocal(span, prev, cur)
        )
        if joined:
            groups[-1].append(cur)
        else:
            groups.append([cur])
    out: list[tuple[Actor, tuple[Actor, ...]]] = []
    for g in groups:
        order = sorted(range(len(g)), key=lambda i: (
            0 if _STATE_RX.match(g[i].name) else 1, i))
        primary = g[order[0]]
        assoc = tuple(a for a in g if a is not primary and a.name != primary.name)
        out.append((primary, assoc))
    return out
