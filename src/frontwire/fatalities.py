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
* "no one was killed", "no casualties": 0, only when no positive count is found.
* "... coded as N" (ACLED notes): that figure wins; "coded as additional N" is added.
* Summing: inside one sentence, distinct victim groups are added ("two pilots died and two soldiers
  were killed" = 4) but a figure repeated for the same victims ("two soldiers ... the two soldiers")
  and subgroups ("including three children", "three of the dead") are not. Across sentences the
  same deaths are usually told twice (lede, then detail), so the largest sentence total is kept,
  except that a sentence marked as additional ("also", "another", "more", "other") is added.
  An explicit toll ("the death toll rose to N") is a total: the result is at least that toll.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from frontwire.records import Fatalities

__all__ = ["combine", "find_fatalities", "parse_number"]


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
        rf"|a\s+couple\s+of|a\s+pair\s+of|both|a|an|one|single|lone"
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
            rf"^(?P<np>(?:\s*,?\s*(?!(?:and|or|but|while|after|before|when|as|then|{blocked})\b)[\w'’-]+){{0,6}}?)"
            rf"(?P<paren>\s*,\s*(?:including|among\s+them|mostly|most\s+of\s+them|many\s+of\s+them)[^,;.]{{0,80}},)?"
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
            r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|mostly|mainly|among\s+the\s+(?:dead|victims|killed)(?:\s+(?:were|are))?|the\s+dead\s+(?:included|include))\s+$",
            re.I,
        ),
        "of_the_dead": re.compile(r"^\s*of\s+(?:the|those)\s+(?:dead|killed|victims|fatalities|deaths|bodies)\b", re.I),
        "blocked": re.compile(rf"\b(?:{blocked})\b", re.I),
        "zero": re.compile(
            r"\b(?:no\s+(?:one|body)|nobody|none)\b(?:\s+[\w'’]+){0,4}?\s+(?:killed|died|dead|hurt|injured|harmed|wounded)\b"
            r"|\bno\s+(?:(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|fatalities|deaths|injuries|victims|loss\s+of\s+(?:life|lives)))\b"
            r"|\bwithout\s+(?:any\s+)?(?:casualties|fatalities|loss\s+of\s+(?:life|lives))\b"
            r"|\bno\s+(?:lives|one)\s+(?:were|was)\s+lost\b",
            re.I,
        ),
        "coded": re.compile(
            r"\bcoded\s+as\s+(?P<add>additional\s+)?(?P<n>\d+)(?:\s+(?:additional\s+)?(?:fatalities|deaths))?", re.I
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


_TRANSITIVE = re.compile(
    r"^(?:killed|murdered|executed|massacred|beheaded|assassinated|slain|lynched|shot\s+dead|gunned\s+down)$", re.I
)
_OBJECT_NEXT = re.compile(
    r"^\s+(?:the|a|an|his|her|their|its|him|them|at\s+least|\d|one|two|three|four|five|six|seven|eight|nine|ten|dozens|several|some|many|hundreds|civilians|soldiers|people)\b",
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
        coded += [(m, offset) for m in rx["coded"].finditer(text)]
        unspecified += [(m, offset) for m in rx["unspecified"].finditer(text)]
        zero += [(m, offset) for m in rx["zero"].finditer(text)]
        for s_start, sentence in _sentences(text):
            counts.extend(_sentence_counts(sentence, offset + s_start, index))
            index += 1
    result = _total(counts)
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
    if unspecified:
        m, o = unspecified[0]
        best, low, high = _lexicon()["vague"]["unspecified"]
        return Fatalities(best, low, high, m.group(0), m.start() + o, m.end() + o, "unspecified")
    if zero:
        m, o = zero[0]
        return Fatalities(0, 0, 0, m.group(0), m.start() + o, m.end() + o, "none-reported")
    return None


def _sentences(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


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


def _sentence_counts(sentence: str, base: int, index: int) -> list[_Count]:
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
        toll = rx["toll"].search(before_text)
        if toll:
            accepted.append((m, "toll", m.start() - len(before_text) + toll.start(), m.end()))
            continue
        b = rx["before"].search(before_text)
        if b:
            cue = b.group("cue").lower()
            if cue in ("left", "leaving") and not re.match(r"^(?:\s+[\w'’-]+){0,3}?\s+(?:dead|killed)\b", after_text, re.I):
                continue
            if m.group("num") and m.group("num").lower() in ("a", "an") and not re.match(r"^\s+[a-z]", after_text):
                continue
            cue_start = m.start() - len(before_text) + b.start()
            accepted.append((m, "before", cue_start, m.end()))
            continue
        a = rx["after"].match(after_text)
        if a and not rx["blocked"].search(a.group("np") or ""):
            cue = a.group("cue")
            if (_TRANSITIVE.match(cue) and not a.group("aux").strip()
                    and _OBJECT_NEXT.match(after_text[a.end() :])):
                continue  # "two gunmen killed three people": the two are killers
            if re.search(r"(?<![\w-])(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)(?![\w-])", a.group("np") or "", re.I):
                continue  # another figure sits closer to the cue
            accepted.append((m, "after", m.start(), m.end() + a.end()))
    # chains: "killing three soldiers and two civilians", "two soldiers and a civilian were killed"
    ids = {id(m) for m, *_ in accepted}
    for m in quantities:
        if id(m) in ids:
            continue
        prev = next(((p, k) for p, k, *_ in accepted if p.end() <= m.start() and k == "before"
                     and re.fullmatch(r"(?:\s+[\w'’-]+){0,3}?\s*(?:,|and|,\s*and|as\s+well\s+as)\s+", sentence[p.end() : m.start()], re.I)), None)
        nxt = next(((p, k) for p, k, *_ in accepted if p.start() >= m.end() and k == "after"
                    and re.fullmatch(r"(?:\s+[\w'’-]+){0,3}?\s*(?:,|and|,\s*and)\s+", sentence[m.end() : p.start()], re.I)), None)
        if prev or nxt:
            accepted.append((m, "chain", m.start(), m.end()))
    for m, kind, ev_start, ev_end in sorted(accepted, key=lambda x: x[0].start()):
        v = _value(m)
        if v is None:
            continue
        best, low, high, rule = v
        head = _head(sentence, m, kind)
        prefix = sentence[max(0, m.start() - 40) : m.start()]
        additive = bool(rx["additive"].search(prefix + (m.group("qual") or ""))) or bool(
            re.match(r"^\s+(?:more|other|additional)\b", sentence[m.end() :], re.I))
        found.append(_Count(best, low, high, base + ev_start, base + ev_end, f"{kind}:{rule}",
                            head, index, sentence, base, additive, kind == "toll"))
    return found


def _head(sentence: str, m: re.Match[str], kind: str) -> str:
    """The victims' noun, to tell restated figures from distinct groups."""
    words = re.findall(r"[A-Za-z'’-]+", sentence[m.end() : m.end() + 40])
    stop = {"were", "was", "have", "has", "had", "been", "are", "is", "killed", "dead", "died", "and", "in", "on", "at", "who",
            "also", "reportedly", "allegedly", "all", "later", "both", "of"}
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
    totals: list[tuple[int, int, int, int, int, str, bool, str]] = []
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
                       kept[0].start, kept[-1].end, rule, all(k.additive for k in kept), span))
    best = low = high = 0
    start, end, rule, span = -1, -1, "", ""
    for t in totals:
        if t[6] and best:  # an additional group, told in its own sentence
            best, low, high = best + t[0], low + t[1], high + t[2]
            rule = f"{rule}+{t[5]}"
        elif t[0] > best or not rule:
            best, low, high, start, end, rule, span = t[0], t[1], t[2], t[3], t[4], t[5], t[7]
    if toll and (toll.best >= best or not rule):
        evidence = toll.text[toll.start - toll.base : toll.end - toll.base]
        return Fatalities(toll.best, toll.low, toll.high, evidence, toll.start, toll.end, "toll:" + toll.rule.split(":")[1])
    return Fatalities(best, low, high, span, start, end, rule)


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
