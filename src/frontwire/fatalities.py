"""Reported death counts, coded the way ACLED codes them.

Only deaths count: a figure is read when it sits next to death wording ("N were killed",
"killing N", "N dead", "claimed the lives of N", "the death toll rose to N"), never for injured,
missing or captured people. The wording and the coding of vague quantities live in
``data/fatalities.yaml`` so a reviewer can check them without reading code.

Policies (ACLED conventions; ``Fatalities.rule`` names the one that applied):

* exact figures: best = low = high = N ("twenty-one", "1,200", "a dozen", "two soldiers").
* vague quantities: the YAML table ("dozens" 12, "hundreds" 100, "several"/"a few"/"some" 3,
  deaths reported with no figure at all 10); low/high span what the word allows.
* "at least N" / "more than N" / "over N": best = low = N; high = N too, because the wording gives no
  upper figure and inventing one would inflate sums (the rule says ``at-least`` so a reader knows
  the range is open upwards).
* "up to N" / "as many as N": best = high = N (the only figure given; ACLED codes reported
  figures), low = 1.
* "between N and M" / "N to M" / "N or M": best = low = N, high = M (most conservative).
* one definite victim with no figure ("the driver was killed", "he died", "killing the pilot"): 1;
  deaths with no figure at all ("civilians were killed"): the YAML ``unspecified`` value (10).
* "no one was killed", "no casualties": 0, only when no positive count is found.
* ACLED note statements win over the wording: "... coded as N" gives N ("coded as additional N"
  is added); "[N fatalities split among K events]" gives each event ceil(N / K); "(fatalities
  coded to the X event)" gives 0; "N fatalities are coded here" gives N.
* Summing: inside one sentence, distinct victim groups are added ("two pilots died and two soldiers
  were killed" = 4) but a figure repeated for the same victims ("two soldiers ... the two soldiers")
  and subgroups ("including three children", "three of the dead") are not. Across sentences the
  same deaths are usually told twice (lede, then detail), so the largest sentence total is kept,
  except that a sentence marked as additional ("also", "another", "more", "other") or naming other
  specific victims with a new figure ("four soldiers died. ... nine civilians were killed") is
  added; a generic noun ("people", "victims") marks a total and is never added.
  An explicit toll ("the death toll rose to N") is a total: the result is at least that toll.
  Groups itemised after a vague total ("Dozens reported dead. ... seven soldiers and four VDP were
  killed. ... nine civilians were also killed") are added to each other, and the larger of the
  itemised sum and the vague total is kept (20, not 12 + 9).
* Claims (ACLED codes the most conservative *reported* figure; a party's tally of the enemies it
  killed is self-serving and cannot be checked): a figure is a claim when it sits under a claim
  verb ("ISGS claimed to have killed three fighters"), when the speaker credits the kills to
  itself ("the army said it killed six militants", "saying its fighters had killed more than 50
  soldiers", "we killed 20"), or when a party's euphemism is told inside an attributed statement
  ("it said several dozen terrorists were neutralised"). A party reporting its own losses ("it
  said seven soldiers were killed") is a report. Then:
  - only claims in the text: the claims are coded (rule ``claimed:...``), as ACLED does;
  - a claim about the victims a report also counts (same victim noun, or the report gives only a
    total such as "dozens reported dead"): the sources differ on the same deaths, the lowest
    figure is kept (JNIM's "more than 50 soldiers" vs the army's "seven soldiers and four VDP");
  - a claim about other victims is added ("killed a soldier. The army said it killed six
    militants" = 7), unless the report doubts the claims ("could not be independently
    verified"), when it is set aside too.
  Claims set aside are never dropped: ``high`` is the highest reading of every figure, claims
  included, ``rule`` ends with ``+claims-set-aside:N``, and ``claimed_counts`` lists each claimed
  figure with its evidence span. Worked example (examples/djibo_attack.html): JNIM's claim of
  more than 50 soldiers and the army's "several dozen terrorists" are set aside; the army's own
  losses (7 + 4) and the official's "at least nine civilians" give best = low = 20, high = 158.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from frontwire.records import Fatalities

__all__ = ["claimed_counts", "combine", "fatalities_in", "find_fatalities", "parse_number"]


@cache
def _lexicon() -> dict:
    """The reviewed YAML lexicon, read once per process."""
    with resources.files("frontwire").joinpath("data/fatalities.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _alt(words: Sequence[str]) -> str:
    """Regex alternation, longest first, with flexible whitespace."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    units = [w for w in lex["units"] if w not in ("a", "an", "no", "single", "lone", "both", "couple", "pair")]
    word = _alt([*units, *lex["tens_words"], *lex["scales"]])
    exact = (
        rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?:million|thousand))?"
        rf"|(?:half\s+a|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+dozen"
        rf"|a\s+(?:hundred|thousand)(?:\s+and\s+(?:{word}))?"
        rf"|(?:{word})(?:(?:[\s-]+|\s+and\s+)(?:{word}))*"
        rf"|a\s+couple\s+of|a\s+pair\s+of|both|a|an|one|single|lone|himself|herself"
    )
    vague = _alt([w for w in lex["vague"] if w != "unspecified"])
    num = rf"(?:{exact})"
    qual = (
        r"at\s+least|not\s+less\s+than|no\s+(?:fewer|less)\s+than|more\s+than|over|upwards\s+of|"
        r"in\s+excess\s+of|up\s+to|as\s+many\s+as|nearly|almost|close\s+to|around|about|"
        r"approximately|roughly|some|an\s+estimated|estimated|a\s+total\s+of|at\s+most|another|"
        r"a\s+further|further|an\s+additional|additional"
    )
    quantity = (
        rf"(?<![\w,.-])(?:(?P<qual>{qual})\s+)?"
        rf"(?:between\s+(?P<lo>{num})\s+and\s+(?P<hi>{num})"
        rf"|(?P<lo2>{num})\s+(?:to|or)\s+(?P<hi2>{num})(?![\w-])"
        rf"|(?P<lo3>\d[\d,]*)\s*[-–]\s*(?P<hi3>\d[\d,]*)(?![\w-])"
        rf"|(?P<vague>{vague})(?:\s+of)?"
        rf"|(?P<num>{num}))"
        r"(?!\w)(?![\w,]*\d)(?!\s*(?:%|per\s*cent|percent|[-\s]?(?:years?|months?|weeks?|days?|hours?|minutes?|km|kilomet|miles?|metres?|meters?|times|am\b|pm\b|a\.m|p\.m|o'clock|:)))"
    )
    after = _alt(lex["death_after_number"])
    before = _alt(lex["death_before_number"])
    blocked = _alt(lex["not_death"])
    return {
        "quantity": re.compile(quantity, re.I),
        # words between the figure and the death cue: victims' description, no clause break
        "after": re.compile(
            rf"^(?P<np>(?:\s+(?!(?:and|or|but|while|after|before|when|as|then|that|which)\b)[\w'’-]+(?![\w'’-])){{0,6}}?"
            # a proper name does not count against the six words: "four members of the
            # Volunteers for the Defence of the Homeland (VDP) were killed"
            rf"(?:\s+of\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?:(?-i:[A-Z])[\w'’-]*|of|for|the|de|du|des)){{0,8}}(?<!\bthe)(?<!\bof)(?<!\bfor))?)"
            rf"(?P<paren>\s*,\s*(?:including|among\s+them|mostly|most\s+of\s+them|many\s+of\s+them)[^;.]{{0,80}}?\s*,?|\s*\([^()]{{0,80}}\))?"
            rf"\s*,?\s*(?:(?:who|that)\s+)?(?P<aux>(?:(?:were|was|have|has|had|been|are|is|being|got|reportedly|allegedly|also|all|later|since|subsequently|confirmed|feared|left|now|both)\s+)*)"
            rf"(?P<cue>{after})\b",
            re.I,
        ),
        "before": re.compile(rf"\b(?P<cue>{before})\s+$", re.I),
        "toll": re.compile(
            r"\b(?:death\s+toll|toll|number\s+of\s+(?:dead|deaths|fatalities|victims|people\s+killed))"
            r"(?:\s+[\w'’-]+){0,4}?\s+(?:to|at|of|reached|hit|is|was|stands\s+at|stood\s+at|rose\s+to|climbed\s+to|risen\s+to)\s+$",
            re.I,
        ),
        "subgroup": re.compile(
            r"\bincluding\b[^.;:]{0,60}?(?<!were)(?<!was)(?<!killed)(?<!died)$|\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|mostly|mainly|among\s+the\s+(?:dead|victims|killed)(?:\s+(?:were|are))?|the\s+dead\s+(?:included|include))\s+$",
            re.I,
        ),
        "of_the_dead": re.compile(r"^\s*of\s+(?:the|those)\s+(?:dead|killed|victims|fatalities|deaths|bodies)\b", re.I),
        "blocked": re.compile(rf"\b(?:{blocked})\b", re.I),
        "zero": re.compile(
            r"\b(?:no\s+(?:one|body)|nobody|none)\b(?:\s+[\w'’]+){0,4}?\s+(?:killed|died|dead|hurt|injured|harmed|wounded)\b"
            r"|\bno\s+(?:[\w'’-]+\s+){1,2}?(?:were|was|have\s+been|had\s+been)\s+(?:reported\s+)?(?:killed|hurt|injured|harmed|wounded)\b"
            r"|\bno\s+(?:(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|fatalities|deaths|injuries|victims|loss\s+of\s+(?:life|lives)))\b"
            r"|\bwithout\s+(?:any\s+)?(?:casualties|fatalities|loss\s+of\s+(?:life|lives))\b"
            r"|\bno\s+(?:lives|one)\s+(?:were|was)\s+lost\b",
            re.I,
        ),
        "coded": re.compile(
            r"\bcoded\s+(?:as|at)\s+(?:(?:the\s+|a\s+)?low(?:est)?\s+estimate\s+of\s+)?(?P<add>additional\s+)?(?P<n>\d+)"
            r"(?:\s+(?:additional\s+)?(?:fatalities|deaths))?", re.I
        ),
        # ACLED notes state how a shared toll was coded: "[20 fatalities split among 5 events]",
        # "(fatalities coded to the Kreminna event)", "108 fatalities are coded here"
        "split": re.compile(
            rf"\b(?:split\s+)?(?P<n>{num})\s+fatalit(?:y|ies)\s+(?:(?:were|are)\s+)?split\s+(?:among|between|across)\s+(?P<k>{num})\s+(?:events|locations)"
            rf"|\bsplit\s+(?P<n2>{num})\s+fatalit(?:y|ies)\s+(?:among|between)\s+(?P<k2>{num})\s+(?:events|locations)",
            re.I,
        ),
        "split_unknown": re.compile(rf"\bfatalities\s+(?:(?:are|were)\s+)?split\s+(?:across|among|between)\s+\(?(?P<k>{num})\)?\s+(?:events|locations)", re.I),
        "elsewhere": re.compile(r"\bfatalit(?:y|ies)\s+(?:(?:were|are|is|was)\s+)?coded\s+to\s+(?:the\s+)?[^()\[\].;]{0,60}?\bevents?\b", re.I),
        "here": re.compile(rf"\b(?P<n>{num})\s+fatalit(?:y|ies)\s+(?:(?:are|were|is|was)\s+)?coded(?:\s+here)?\b(?!\s+(?:to|as)\b)", re.I),
        # one named or definite victim: "the driver was killed", "he died", "killing the pilot",
        # "Amadou Diallo was shot dead"
        "singular": re.compile(
            rf"\b(?-i:[A-Z][a-z]+\s+[A-Z][a-z]+)(?:,[^,;.]{{1,80}},)?\s+(?:was|has\s+been|had\s+been)\s+"
            rf"(?:reportedly\s+|later\s+|allegedly\s+)?(?:killed|shot\s+dead|shot\s+and\s+killed|murdered|executed|beheaded|assassinated|lynched)\b|"
            rf"\b(?:[Hh]e|[Ss]he|[Tt]he\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_SINGULAR}))\s+(?:(?:was|has\s+been|had\s+been|is)\s+"
            rf"(?:reportedly\s+|later\s+|also\s+|allegedly\s+)?(?:killed|shot\s+dead|shot\s+and\s+killed|found\s+dead|murdered|executed|beheaded|assassinated|slain|lynched)"
            rf"|(?:later\s+|reportedly\s+|(?:\w+\s+)?but\s+)?died)\b"
            rf"|\b(?:killing|killed|shot\s+dead|shooting\s+dead|murdered|executed|beheaded|assassinated)\s+(?:him|her|(?:the|his|her|their|another)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_SINGULAR}))\b",
        ),
        "additive": re.compile(r"\b(?:also|another|more|other|additional|further|separately)\b", re.I),
        "unspecified": re.compile(
            r"\b(?:(?:civilians|soldiers|troops|people|residents|villagers|militants|fighters|rebels|servicemen|police(?:men|\s+officers)?|insurgents|combatants)"
            r"\s+(?:were|have\s+been|had\s+been|are)\s+(?:reportedly\s+)?(?:killed|dead|executed|massacred|slain)"
            r"|(?:killing|killed)\s+(?:civilians|soldiers|troops|people|residents|villagers|militants|fighters|rebels|servicemen|policemen|insurgents)"
            r"|(?:fatalities|deaths|casualties\s+and\s+deaths)\s+(?:were|have\s+been)\s+reported|reported\s+fatalities)\b",
            re.I,
        ),
    }


# Victim nouns that may stand for everyone killed: a later figure with one of them is a total.
_GENERIC = frozenset({"", "people", "person", "persons", "victim", "individual", "dead", "fatalitie", "death", "bodie", "casualtie"})
_SINGULAR = (
    "victim|man|woman|boy|girl|child|baby|pilot|driver|passenger|soldier|serviceman|officer|policeman|"
    "commander|civilian|resident|journalist|reporter|head|mayor|chief|leader|farmer|teacher|student|"
    "worker|activist|member|fighter|guard|priest|imam|pastor|chairman|deputy|official|husband|wife|son|"
    "daughter|mother|father|brother|sister|owner|volunteer|doctor|nurse|medic|militant|rebel|suspect|actor|"
    # local officials, trades and figures of rural conflict reporting (Sahel, Lake Chad, ...)
    "prefect|councilman|councillor|councilor|watchman|gendarme|interpreter|trader|merchant|herder|"
    "shopkeeper|vendor|catechist|deacon|marabout|cleric|preacher|hunter|miner|elder|notable|ranger|"
    "villager|pupil|youth|teenager|gunman|assailant|bandit|thief|poacher|herdsman|pastoralist|"
    "governor|magistrate|judge|director|employee|agent|prisoner|detainee|hostage|individual|person"
)
# "another 5", "a further 5" add a group; "more than 5" is only a lower bound
_ADDITIVE_QUALS = frozenset({"another", "a further", "further", "an additional", "additional"})
_NOMINAL = frozenset({"dead", "fatalities", "deaths", "bodies", "corpses"})
_TRANSITIVE = re.compile(
    r"^(?:killed|murdered|executed|massacred|beheaded|assassinated|slain|lynched|shot\s+dead|gunned\s+down|"
    r"neutrali[sz]ed|eliminated|liquidated)$", re.I
)
_OBJECT_NEXT = re.compile(
    r"^\s+(?:the|a|an|his|her|their|its|him|them|at\s+least|around|about|nearly|over|more|up|\d|one|two|three|four|five|six|seven|eight|nine|ten|dozens|several|some|many|hundreds|civilians|soldiers|people)\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")


def parse_number(text: str) -> int | None:
    """The integer an exact number phrase denotes: "21", "1,200", "twenty-one",
    "one hundred and five", "a dozen", "half a dozen", "2.5 million"; None if it is not one."""
    lex = _lexicon()
    t = text.strip().lower().replace("–", "-")
    if not t:
        return None
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|thousand))?", t)
    if m:
        value = float(m.group(1).replace(",", ""))
        scale = {"million": 1_000_000, "thousand": 1000}.get(m.group(2) or "", 1)
        return int(value * scale)
    if re.fullmatch(r"half\s+a\s+dozen", t):
        return 6
    if re.fullmatch(r"a\s+(?:couple|pair)\s+of", t):
        return 2
    if t in ("himself", "herself"):  # "a suicide bomber killed himself and four soldiers"
        return 1
    total, current = 0, 0
    seen = False
    for tok in re.split(r"[\s-]+", t):
        if tok == "and":
            continue
        if tok in ("a", "an") and not seen:
            current, seen = 1, True
        elif tok in lex["units"]:
            current += lex["units"][tok] if tok != "dozen" else 0
            if tok == "dozen":
                current = (current or 1) * 12
            seen = True
        elif tok in lex["tens_words"]:
            current += lex["tens_words"][tok]
            seen = True
        elif tok in lex["scales"]:
            scale = lex["scales"][tok]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0
            else:
                current = (current or 1) * scale
            seen = True
        else:
            return None
    return total + current if seen else None


@dataclass(frozen=True, slots=True)
class _Count:
    best: int
    low: int
    high: int
    start: int
    end: int
    rule: str
    head: str
    sentence: int
    text: str  # the whole sentence; the evidence is text[start - base : end - base]
    base: int
    additive: bool = False
    toll: bool = False
    claimed: bool = False  # a party's own figure for the enemies it killed (see ``_is_claim``)


def find_fatalities(text: str, offset: int = 0) -> Fatalities | None:
    """The reported death count in ``text`` (a sentence, paragraph or ACLED note), or None when the
    text reports no deaths and no explicit absence of deaths. Offsets are ``offset``-shifted."""
    return fatalities_in([(text, offset)])


def fatalities_in(sentences: Sequence[tuple[str, int]]) -> Fatalities | None:
    """One incident's death count from several (text, offset) pieces of the *same* report, e.g.
    the sentences an event owns. Pieces are read like the sentences of one text (restated figures
    are not added up, "another"/"also" groups are), which ``combine`` -- meant for *different*
    reports of one incident -- would not do."""
    rx = _regexes()
    counts: list[_Count] = []
    coded: list[tuple[re.Match[str], int]] = []
    unspecified: list[tuple[re.Match[str], int]] = []
    zero: list[tuple[re.Match[str], int]] = []
    index = 0
    for text, offset in sentences:
        note = _note_statement(text, offset)
        if note is not None:
            return note
        coded += [(m, offset) for m in rx["coded"].finditer(text)]
        unspecified += [(m, offset) for m in rx["unspecified"].finditer(text)
                        if not re.search(r"\b(?:no|none\s+of\s+the|not)\s+$", text[max(0, m.start() - 16) : m.start()], re.I)]
        zero += [(m, offset) for m in rx["zero"].finditer(text)]
        for s_start, sentence in _sentences(text):
            counts.extend(_sentence_counts(sentence, offset + s_start, index))
            index += 1
    result = _resolve(counts, any(_DOUBT.search(text) for text, _ in sentences))
    absolute = [(m, o) for m, o in coded if not m.group("add")]
    if absolute:
        m, o = absolute[-1]
        n = int(m.group("n"))
        return Fatalities(n, n, n, m.group(0), m.start() + o, m.end() + o, "coded-as")
    for m, o in coded:  # "coded as additional N"
        n = int(m.group("n"))
        base = result or Fatalities(0, 0, 0, m.group(0), m.start() + o, m.end() + o, "")
        result = Fatalities(base.best + n, base.low + n, base.high + n, base.text, base.start,
                            base.end, (base.rule + "+coded-additional").lstrip("+"))
    if result is not None:
        return result
    for text, offset in sentences:
        found = _implicit_count(text, offset)
        if found is not None:
            return found
    for text, offset in sentences:
        m = rx["singular"].search(text)
        if m:
            return Fatalities(1, 1, 1, m.group(0), m.start() + offset, m.end() + offset, "singular")
    if unspecified:
        m, o = unspecified[0]
        best, low, high = _lexicon()["vague"]["unspecified"]
        return Fatalities(best, low, high, m.group(0), m.start() + o, m.end() + o, "unspecified")
    if zero:
        m, o = zero[0]
        return Fatalities(0, 0, 0, m.group(0), m.start() + o, m.end() + o, "none-reported")
    return None


_KILL_VERB = r"(?:killed|executed|shot\s+dead|murdered|beheaded|assassinated|lynched|massacred)"
_BRUTAL_VERB = r"(?:hacked|beat|beaten|stabbed|burned|burnt|tortured|stoned|clubbed|lynched|trampled|whipped)"
_PERSON = (r"(?:people|persons|men|women|children|civilians|villagers|residents|individuals|members|"
           r"traders|herders|farmers|notables|miners|workers|bandits|suspects|prisoners|detainees|"
           r"fighters|militants|soldiers|gendarmes|policemen|hostages|boys|girls|youths|others)")
_IMPLICIT = (
    # "hacked to death five men", "lynched three individuals to death", "beat a thief to death"
    ("to-death", re.compile(rf"\b{_BRUTAL_VERB}\s+to\s+death\s+(?P<q>[\w,-]+)\s+(?:[\w'’-]+\s+){{0,3}}?{_PERSON}\b", re.I)),
    ("to-death", re.compile(rf"\b{_BRUTAL_VERB}\s+(?P<q>[\w,-]+)\s+(?:[\w'’-]+\s+){{0,3}}?{_PERSON}\s+to\s+death\b", re.I)),
    ("to-death-one", re.compile(rf"\b(?:{_BRUTAL_VERB}\s+(?:a|an|the|his|her|one)\s+(?:[\w'’-]+\s+){{0,4}}?to\s+death"
                                rf"|(?:was|has\s+been|had\s+been)\s+{_BRUTAL_VERB}\s+to\s+death"
                                rf"|{_BRUTAL_VERB}\s+to\s+death\s+(?:a|an|the|his|her|one)\s)", re.I)),
    # "a woman and her son were killed": two definite victims, no figure
    ("pair", re.compile(rf"\b(?:a|an|the|one)\s+(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+\s+and\s+(?:a|an|the|his|her|their)\s+"
                        rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_SINGULAR})\s+(?:were|have\s+been|had\s+been)\s+"
                        rf"(?:reportedly\s+|also\s+)?(?:killed|executed|shot\s+dead|murdered|found\s+dead)\b", re.I)),
    # "shot dead the mayor and three others", "killing a soldier and two others": one named
    # victim plus a figure of others (rule "plus-others" adds the one)
    ("plus-others", re.compile(rf"\b{_KILL_VERB}\s+(?:the|a|an|his|her|their)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_SINGULAR})"
                               rf"\s+and\s+(?P<q>[\w-]+)\s+others\b", re.I)),
    ("plus-others", re.compile(rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_SINGULAR})\s+and\s+(?P<q>[\w-]+)\s+others\s+"
                               rf"(?:were|have\s+been|had\s+been)\s+(?:reportedly\s+|also\s+)?{_KILL_VERB}")),
    # "he was found executed", "the father was found executed"
    ("found-dead", re.compile(rf"\b(?:[Hh]e|[Ss]he|[Tt]he\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_SINGULAR}))\s+(?:was|had\s+been|has\s+been)\s+"
                              rf"found\s+(?:executed|killed|murdered|beheaded|shot\s+dead)\b")),
)


_IMPLICIT_CUES = re.compile(r"\b(?:them|death|found|killed|executed|murdered|others)\b", re.I)
_THEM = re.compile(rf"\b(?:(?:summarily|then|later|subsequently|reportedly)\s+)?{_KILL_VERB}\s+them\b", re.I)
_PERSON_AFTER = re.compile(rf"^(?:\s+[\w'’-]+){{0,4}}?\s+{_PERSON}\b", re.I)


def _them_count(text: str, offset: int) -> Fatalities | None:
    """"arrested seventeen traders and summarily executed them": the figure of the people
    named before the pronoun, in the same sentence."""
    m = _THEM.search(text)
    if m is None:
        return None
    before = text[: m.start()]
    last = None
    for q in _regexes()["quantity"].finditer(before):
        if q.group("num") and q.group("num").lower() not in ("a", "an") and _PERSON_AFTER.match(before[q.end():]):
            last = q
    if last is None or re.search(r"[.;]", before[last.end():]):
        return None
    v = _value(last)
    if v is None:
        return None
    best, low, high, _ = v
    return Fatalities(best, low, high, text[last.start(): m.end()], last.start() + offset, m.end() + offset,
                      "implicit:pronoun")


def _implicit_count(text: str, offset: int) -> Fatalities | None:
    """Deaths told without a figure next to the death word: the figure of the people named
    before "killed them", a number with "hacked to death", two definite victims ("a man and his
    son were killed"), "he was found executed". Read only when no counted report is found."""
    if not _IMPLICIT_CUES.search(text):
        return None  # cheap exit
    found = _them_count(text, offset)
    if found is not None:
        return found
    for rule, rx in _IMPLICIT:
        m = rx.search(text)
        if m is None:
            continue
        if rule == "pair":
            n: int | None = 2
        elif rule in ("to-death-one", "found-dead"):
            n = 1
        else:
            n = parse_number(m.group("q").strip(" ,"))
            if n is None:
                continue
            n += rule == "plus-others"
        return Fatalities(n, n, n, m.group(0), m.start() + offset, m.end() + offset, f"implicit:{rule}")
    return None


def _note_statement(text: str, offset: int) -> Fatalities | None:
    """How an ACLED note says its shared toll was coded: a split toll gives each event its share
    (rounded up), "coded to the X event" gives this one none, "N fatalities coded here" gives N."""
    if "fatalit" not in text.lower():
        return None
    rx = _regexes()
    m = rx["here"].search(text)
    if m and (n := parse_number(m.group("n"))) is not None:
        return Fatalities(n, n, n, m.group(0), m.start() + offset, m.end() + offset, "note:coded-here")
    m = rx["split"].search(text)
    if m:
        n, k = parse_number(m.group("n") or m.group("n2")), parse_number(m.group("k") or m.group("k2"))
        if n is not None and k:
            share = -(-n // k)
            return Fatalities(share, share, share, m.group(0), m.start() + offset, m.end() + offset, "note:split")
    m = rx["split_unknown"].search(text)
    if m and (k := parse_number(m.group("k"))):
        rest = fatalities_in([(text[: m.start()], offset)])
        if rest is not None and rest.best > 0:
            share = -(-rest.best // k)
            return Fatalities(share, min(share, rest.low), max(share, -(-rest.high // k)), rest.text, rest.start,
                              rest.end, f"{rest.rule}+note:split")
    m = rx["elsewhere"].search(text)
    if m:
        return Fatalities(0, 0, 0, m.group(0), m.start() + offset, m.end() + offset, "note:coded-elsewhere")
    return None


def _sentences(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"


def _object_noun(after: str) -> str:
    """The noun a figure counts, roughly: the last word of the phrase after it, up to three words
    ("two IED planters in" -> planters, "an IED near" -> ied, "a presumed cattle thief" -> thief)."""
    words: list[str] = []
    for w in re.findall(r"[\w'’-]+", re.split(r"[.,;:()\[\]]", after.lower(), maxsplit=1)[0])[:3]:
        if w in _AFTER_PASSIVE or w in _AUX or w in ("who", "that", "which"):
            break
        words.append(w)
    return words[-1] if words else ""


@cache
def _not_people() -> frozenset[str]:
    return frozenset(_lexicon()["not_people"])


def _chain_gap(gap: str) -> bool:
    """Words joining two victim groups: "three soldiers and (his) two ...", nouns only."""
    g = re.fullmatch(r"((?:\s+[\w'’-]+){0,3}?)\s*,?\s*(?:and|as\s+well\s+as)\s+(?:(?:his|her|their|the)\s+)?", gap, re.I)
    if not g:
        return False
    words = g.group(1).lower().split()
    return not any(w in _AUX or w in _AFTER_PASSIVE or _regexes()["blocked"].fullmatch(w) for w in words)


def _predicate_blocked(np: str) -> bool:
    """The words before the cue say the people were wounded/captured ("3 were wounded and 2 ..."),
    as opposed to describing victims ("two wounded soldiers were killed")."""
    words = np.split()
    rx = _regexes()["blocked"]
    for i, w in enumerate(words):
        if i and words[i - 1].lower() == "the":
            continue  # "two of the wounded later died": a noun for people, not what befell them
        if rx.fullmatch(w) and (i == len(words) - 1 or (i and words[i - 1].lower() in _AUX)):
            return True
    return False


# Words that may follow a bare participle used as a headline passive ("3 killed in raid").
_AFTER_PASSIVE = frozenset(
    ["in", "on", "at", "by", "during", "when", "after", "near", "while", "as", "and", "but", "overnight", "yesterday", "today", "last", "earlier", "since", "following", "amid", "outside", "inside", "around", "across", "along", "from", "with", "without", "this", "that", "late", "early", "or", "so", "including", "among"]
)
_AUX = frozenset({"were", "was", "are", "is", "been", "being", "got", "and", "or", "left"})


def _in_date(sentence: str, m: re.Match[str]) -> bool:
    """The figure is a day or year of a date ("13 April 2022", "April 13, 2022"), not a count."""
    before = sentence[max(0, m.start() - 12) : m.start()]
    after = sentence[m.end() : m.end() + 12]
    figure = m.group(0)
    year = re.fullmatch(r"(?:19|20)\d\d", figure)
    return bool(
        (re.search(rf"\b{_MONTH}\s*,?\s*$", before) and (year or re.fullmatch(r"\d{1,2}", figure)))
        or (year and re.search(r"\b(?:in|since|until|of)\s+$", before))
        or (re.match(rf"\s+{_MONTH}\b", after) and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", figure))
    )


def _value(m: re.Match[str]) -> tuple[int, int, int, str] | None:
    """(best, low, high, rule) of a quantity match."""
    qual = re.sub(r"\s+", " ", (m.group("qual") or "").lower())
    lo = m.group("lo") or m.group("lo2") or m.group("lo3")
    hi = m.group("hi") or m.group("hi2") or m.group("hi3")
    if lo and hi:
        a, b = parse_number(lo), parse_number(hi)
        if a is None or b is None or b < a:
            return None
        return a, a, b, "range"
    if m.group("vague"):
        best, low, high = _lexicon()["vague"][re.sub(r"\s+", " ", m.group("vague").lower())]
        return best, low, high, "vague"
    n = parse_number(m.group("num"))
    if n is None:
        return None
    if qual in ("at least", "not less than", "no fewer than", "no less than", "more than", "over",
                "upwards of", "in excess of"):
        return n, n, n, "at-least"
    if qual in ("up to", "as many as", "at most"):
        return n, min(1, n), n, "up-to"
    if qual in ("nearly", "almost", "close to", "around", "about", "approximately", "roughly", "some",
                "an estimated", "estimated"):
        return n, n, n, "approximate"
    return n, n, n, "exact"


_CUE_STEMS = re.compile(
    r"kill|dead|die|death|bod(?:y|ies)|fatal|li(?:fe|ves)|slain|murder|execut|massacr|behead|assassin|"
    r"perish|drown|lynch|shot|gunned|toll|corps|eliminat|liquidat|neutrali|succumb|to death",
    re.I,
)


def _sentence_counts(sentence: str, base: int, index: int) -> list[_Count]:
    if not _CUE_STEMS.search(sentence):
        return []  # cheap exit: most sentences of an article mention no death at all
    rx = _regexes()
    found: list[_Count] = []
    quantities = list(rx["quantity"].finditer(sentence))
    accepted: list[tuple[re.Match[str], str, int, int]] = []  # (match, kind, evidence span)
    for m in quantities:
        before_text = sentence[max(0, m.start() - 80) : m.start()]
        after_text = sentence[m.end() : m.end() + 160]
        if rx["subgroup"].search(before_text) or rx["of_the_dead"].match(after_text):
            continue
        if re.search(r"\b(?:no|coded\s+as(?:\s+additional)?)\s+$", before_text, re.I):  # "no one was killed" is a zero, read below
            continue
        if _in_date(sentence, m):
            continue
        toll = rx["toll"].search(before_text)
        if toll:
            accepted.append((m, "toll", m.start() - len(before_text) + toll.start(), m.end()))
            continue
        b = rx["before"].search(before_text)
        if b:
            cue = b.group("cue").lower()
            if cue in ("left", "leaving") and not re.match(r"^(?:\s+[\w'’-]+){0,3}?\s+(?:dead|killed)\b", after_text, re.I):
                continue
            if m.group("num") and m.group("num").lower() in ("a", "an") and not re.match(r"^\s+[a-z]", after_text, re.I):
                continue
            if _object_noun(after_text) in _not_people():
                continue  # "neutralised two IEDs", "destroying three tanks" (not "two IED planters")
            cue_start = m.start() - len(before_text) + b.start()
            accepted.append((m, "before", cue_start, m.end()))
            continue
        a = rx["after"].match(after_text)
        if a and not _predicate_blocked(a.group("np") or ""):
            cue = a.group("cue")
            if (a.group("np") or "").lower().split()[-1:] and (a.group("np") or "").lower().split()[-1] in _not_people():
                continue  # "several cows were killed" (but "one mine employee died")
            if cue.lower() in _NOMINAL and len((a.group("np") or "").split()) > 2:
                continue  # "13 crematoriums to burn civilian bodies": too far for a noun cue
            if _TRANSITIVE.match(cue) and not (set(a.group("aux").lower().split()) & _AUX):
                rest = after_text[a.end() :]
                if _OBJECT_NEXT.match(rest):
                    continue  # "two gunmen killed three people": the two are killers
                nxt = re.match(r"\s+([a-z][\w'’-]*)", rest)
                if nxt and nxt.group(1) not in _AFTER_PASSIVE:
                    continue  # "a murdered girl": an adjective, not a report of deaths
            if re.search(r"(?<![\w-])(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)(?![\w-])", a.group("np") or "", re.I):
                continue  # another figure sits closer to the cue
            accepted.append((m, "after", m.start(), m.end() + a.end()))
    # chains: "killing three soldiers and two civilians", "two soldiers and a civilian were killed"
    ids = {id(m) for m, *_ in accepted}
    for m in quantities:
        if id(m) in ids:
            continue
        if _in_date(sentence, m) or (m.group("num") or "").lower() in ("a", "an") and not re.match(
                r"\s+[a-z]", sentence[m.end() :], re.I):
            continue
        prev = next(((p, k) for p, k, *_ in accepted if p.end() <= m.start() and k == "before"
                     and _chain_gap(sentence[p.end() : m.start()])), None)
        nxt = next(((p, k) for p, k, *_ in accepted if p.start() >= m.end() and k == "after"
                    and _chain_gap(sentence[m.end() : p.start()])), None)
        if (prev or nxt) and not _predicate_blocked(" ".join(re.findall(r"[\w'’-]+", sentence[m.end() : m.end() + 40])[:3])):
            accepted.append((m, "chain", m.start(), m.end()))
    for m, kind, ev_start, ev_end in sorted(accepted, key=lambda x: x[0].start()):
        v = _value(m)
        if v is None:
            continue
        best, low, high, rule = v
        head = _head(sentence, m, kind)
        prefix = sentence[max(0, m.start() - 40) : m.start()]
        qual = re.sub(r"\s+", " ", (m.group("qual") or "").lower())
        additive = bool(rx["additive"].search(prefix)) or qual in _ADDITIVE_QUALS or bool(
            re.match(r"^\s+(?:more|other|additional)\b", sentence[m.end() :], re.I)) or bool(
            re.search(r"\b(?:also|additionally|separately)\b", sentence[ev_start:ev_end], re.I))  # "were also killed"
        found.append(_Count(best, low, high, base + ev_start, base + ev_end, f"{kind}:{rule}",
                            head, index, sentence, base, additive, kind == "toll",
                            _is_claim(sentence, m, kind, ev_start, ev_end)))
    return found


_SAYING = (
    r"(?:said|say|says|saying|stated|states|stating|announced|announcing|reported|reporting|added|"
    r"told|declared|insisted|boasted|wrote|posted|according\s+to|in\s+a\s+statement|communiqu[eé])"
)
# "claimed to have killed N", "alleged that N soldiers died"; not "claimed responsibility (for the
# attack that killed N)", "claimed the lives of N", "the attack, claimed by IS, killed N"
_CLAIM_VERB = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|alleg(?:es|ed|ing)|boast(?:s|ed|ing)?)\b"
    r"(?!\s+(?:responsibility|credit|by|the\s+li(?:fe|ves)|li(?:fe|ves)|(?:the\s+|an?\s+)?(?:attack|bombing|ambush|raid|assault|killing|strike)s?\b))"
    r"[^;:]*$",
    re.I,
)
# the speaker's own side is the killer: "said it (had) killed", "saying its fighters killed",
# "we killed", "our forces eliminated"
_SELF_KILLER = re.compile(
    r"\b(?:it|they|we|(?:its|their|our)(?:\s+[\w'’-]+){1,2}?)\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+)?"
    r"(?:killed|eliminated|neutrali[sz]ed|liquidated|destroyed|kill|eliminate|neutrali[sz]e)\s+$",
    re.I,
)
_CIVILIAN_NOUNS = frozenset({"people", "civilians", "civilian", "residents", "children", "women", "persons",
                             "villagers", "passengers", "person", "worshippers", "students"})
# words parties use for the enemies they say they killed, not what reporters use for victims
_EUPHEMISM = re.compile(r"\b(?:neutrali[sz](?:ed|ing|e)|eliminat(?:ed|ing|e)|liquidat(?:ed|ing|e))\b", re.I)


def _is_claim(sentence: str, m: re.Match[str], kind: str, ev_start: int, ev_end: int) -> bool:
    """Whether a figure is a party's claim rather than a report of deaths (module docstring).

    Claims: a figure under a claim verb ("ISGS claimed to have killed three fighters"), a
    figure of kills a speaker credits to itself ("the army said it killed 30 militants",
    "saying its fighters had killed more than 50 soldiers", "we killed 20"), and a figure told
    with a party's euphemism inside an attributed statement ("the ministry said 40 terrorists
    were neutralised"). A party's report of its own losses ("the army said seven soldiers were
    killed") is a report, not a claim."""
    clause = re.split(r"[;]", sentence[: m.start()])[-1][-200:]
    if _CLAIM_VERB.search(clause):
        return True
    if kind in ("before", "chain") and _object_noun(sentence[m.end():]) not in _CIVILIAN_NOUNS:
        # "officials said it killed 12 people": "it" is the strike, not a party counting enemies
        own = _SELF_KILLER.search(clause if kind == "before" else sentence[: ev_start][-200:])
        if own and (own.group(0).split()[0].lower() in ("we", "our")
                    or re.search(rf"\b{_SAYING}\b", clause[: own.start()] if kind == "before" else clause, re.I)):
            return True
    told = sentence[min(ev_start, m.start()) : max(ev_end, m.end())]
    return bool(_EUPHEMISM.search(told)) and bool(re.search(rf"\b{_SAYING}\b|[\"“”]", sentence, re.I))


def _head(sentence: str, m: re.Match[str], kind: str) -> str:
    """The victims' noun, to tell restated figures from distinct groups."""
    words = re.findall(r"[A-Za-z'’-]+", sentence[m.end() : m.end() + 40])
    stop = {"were", "was", "have", "has", "had", "been", "are", "is", "killed", "dead", "died", "and", "in", "on", "at", "who",
            "also", "reportedly", "allegedly", "all", "later", "both", "of", "reported", "confirmed", "feared",
            "left", "now"}
    head = ""
    for w in words[:4]:
        if w.lower() in stop:
            break
        head = w.lower()
    return head.rstrip("s")


def _total(counts: list[_Count]) -> Fatalities | None:
    if not counts:
        return None
    by_sentence: dict[int, list[_Count]] = {}
    for c in counts:
        by_sentence.setdefault(c.sentence, []).append(c)
    totals: list[tuple[int, int, int, int, int, str, bool, str, frozenset[str]]] = []
    toll = max((c for c in counts if c.toll), key=lambda c: c.best, default=None)
    for _, group in sorted(by_sentence.items()):
        kept: list[_Count] = []
        for c in group:
            if c.toll:
                continue
            if any(k.best == c.best and (k.head == c.head or not k.head or not c.head) for k in kept):
                continue  # the same deaths told twice
            kept.append(c)
        if not kept:
            continue
        rule = "+".join(dict.fromkeys(k.rule for k in kept))
        span = kept[0].text[kept[0].start - kept[0].base : kept[-1].end - kept[0].base]
        totals.append((sum(k.best for k in kept), sum(k.low for k in kept), sum(k.high for k in kept),
                       kept[0].start, kept[-1].end, rule, all(k.additive for k in kept), span,
                       frozenset(k.head for k in kept)))
    best = low = high = 0
    start, end, rule, span = -1, -1, "", ""
    seen_heads: set[str] = set()
    seen_numbers: set[int] = set()
    # Groups itemised after a vague generic total ("Dozens reported dead. ... seven soldiers were killed.
    # ... nine civilians were also killed"): an "also" group adds to that itemisation, not to the
    # generic figure it may already be part of; the larger of the two readings is kept.
    item: list = []
    item_heads: set[str] = set()
    vague_total = False  # a generic total told vaguely ("dozens reported dead") has been seen
    for t in totals:
        distinct = (
            not (t[8] & _GENERIC) and not (seen_heads & _GENERIC)
            and not (t[8] & seen_heads) and t[0] not in seen_numbers
        )
        after_generic = vague_total and not (t[8] & _GENERIC)
        if after_generic and not (t[6] and not item):
            if item and (t[6] or not (t[8] & item_heads)):
                item = [item[0] + t[0], item[1] + t[1], item[2] + t[2], item[3], t[4], f"{item[5]}+{t[5]}", item[6]]
            elif not item or t[0] > item[0]:
                item = [t[0], t[1], t[2], t[3], t[4], t[5], t[7]]
            item_heads |= t[8]
        elif (t[6] or distinct) and best:  # another group ("also", or other victims), own sentence
            best, low, high = best + t[0], low + t[1], high + t[2]
            rule = f"{rule}+{t[5]}"
        elif t[0] > best or not rule:
            best, low, high, start, end, rule, span = t[0], t[1], t[2], t[3], t[4], t[5], t[7]
        seen_heads |= t[8]
        seen_numbers.add(t[0])
        vague_total = vague_total or bool(t[8] & _GENERIC and "vague" in t[5])
    if item and item[0] > best:
        best, low, high, start, end, rule, span = item[0], item[1], max(item[2], high), item[3], item[4], item[5], item[6]
    if toll and (toll.best >= best or not rule):
        evidence = toll.text[toll.start - toll.base : toll.end - toll.base]
        return Fatalities(toll.best, toll.low, toll.high, evidence, toll.start, toll.end, "toll:" + toll.rule.split(":")[1])
    return Fatalities(best, low, high, span, start, end, rule)


def _resolve(counts: list[_Count], doubted: bool = False) -> Fatalities | None:
    """Reported deaths first; parties' claims by the conventions in the module docstring.

    A claim about victims the reports also count (same victim noun, or a report that only gives
    a total, "dozens reported dead") competes with them: the lower figure is kept. A claim about
    other victims ("the army said it killed six militants" after "killed a soldier") is added,
    unless the report doubts the claims ("could not be independently verified"). Whatever is
    set aside still widens ``high`` and is named in ``rule`` ("claims-set-aside:50")."""
    reported = [c for c in counts if not c.claimed]
    claimed = [c for c in counts if c.claimed]
    rep, cl = _total(reported), _total(claimed)
    if cl is None:
        return rep
    if rep is None:
        return Fatalities(cl.best, cl.low, cl.high, cl.text, cl.start, cl.end, f"claimed:{cl.rule}")
    heads = {c.head for c in reported if not c.toll} | ({""} if any(c.toll for c in reported) else set())
    overlap = bool(heads & _GENERIC)
    extra = [c for c in claimed if not doubted and not overlap and c.head not in heads | _GENERIC]
    aside = [c for c in claimed if c not in extra]
    best, low, rule = rep.best, rep.low, rep.rule
    for head in {c.head for c in aside} - _GENERIC:
        told = _largest_for(reported, head)
        said = min(c.best for c in aside if c.head == head)
        if told and said < told:  # the claimant's figure for the same victims is lower
            best, low = best - (told - said), max(0, low - (told - said))
    added = _total(extra)
    if added is not None:
        best, low, rule = best + added.best, low + added.low, f"{rule}+claimed:{added.rule}"
    if aside:
        rule += f"+claims-set-aside:{sum(c.best for c in aside)}"
    everything = _total(counts)
    high = max(rep.high + (added.high if added else 0), everything.high if everything else 0, best)
    return Fatalities(best, min(low, best), high, rep.text, rep.start, rep.end, rule)


_DOUBT = re.compile(
    r"\b(?:could\s+not|cannot|can\s*not|couldn['’]t|can['’]t)\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm|corroborat)"
    r"|\bunverified\b|\bnot\s+(?:been\s+)?independently\s+(?:verified|confirmed)"
    r"|\bno\s+(?:other\s+)?(?:reports?|sources?)\s+(?:have\s+|has\s+)?(?:corroborated|confirmed)"
    r"|\bimpossible\s+to\s+(?:verify|confirm)",
    re.I,
)


def _largest_for(counts: list[_Count], head: str) -> int:
    """The largest one-sentence figure ``counts`` give for victims called ``head``."""
    per_sentence: dict[int, int] = {}
    for c in counts:
        if c.head == head and not c.toll:
            per_sentence[c.sentence] = per_sentence.get(c.sentence, 0) + c.best
    return max(per_sentence.values(), default=0)


def claimed_counts(sentences: Sequence[tuple[str, int]]) -> list[Fatalities]:
    """Every figure in ``sentences`` that is a party's claim (rule ``claimed:...``), with its
    evidence span, so a record can show the claims its conservative count left out."""
    out: list[Fatalities] = []
    index = 0
    for text, offset in sentences:
        for s_start, sentence in _sentences(text):
            for c in _sentence_counts(sentence, offset + s_start, index):
                if c.claimed:
                    out.append(Fatalities(c.best, c.low, c.high, c.text[c.start - c.base : c.end - c.base],
                                          c.start, c.end, f"claimed:{c.rule}"))
            index += 1
    return out


def combine(counts: Sequence[Fatalities]) -> Fatalities:
    """One incident told by several reports: ACLED keeps the most conservative figure, so
    best = the lowest best, low = the lowest low, high = the highest high. Evidence text/offsets
    come from the report that gave the best figure. Raises ValueError on an empty sequence."""
    if not counts:
        raise ValueError("combine() needs at least one Fatalities; skip incidents with no count")
    chosen = min(counts, key=lambda c: c.best)
    return Fatalities(
        best=chosen.best,
        low=min(c.low for c in counts),
        high=max(c.high for c in counts),
        text=chosen.text,
        start=chosen.start,
        end=chosen.end,
        rule="combined:" + chosen.rule if len(counts) > 1 else chosen.rule,
    )
