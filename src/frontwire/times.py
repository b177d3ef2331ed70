"""Time expressions in news text, resolved against the publication date.

Detection is a small readable grammar (regular expressions over month and weekday names, a few
relative phrases) rather than ``dateparser.search_dates``: it has to run on every sentence of
thousands of articles, and a grammar is both faster and easier to audit. Every expression is
resolved in text order so that anaphoric ones ("the previous evening", "hours later") anchor to the
last day-level date before them (or to ``reference``/``published``).

Policies (ACLED-style, see ``event_date`` for which expression becomes the event date):

* Weekdays refer to the most recent such day on or before the publication date ("on Sunday" in a
  Sunday report is that day) unless a future cue ("will", "next", "scheduled", ...) precedes them
  or their clause is plainly future ("talks on Monday will focus on...": "will" and no past verb).
  Dates and months written without a year take the last occurrence before publication when their
  clause is in the past tense ("On 13 March, police arrested...") and no future or deadline word
  ("by", "payable", "until") is near; the next one in a future clause; otherwise the occurrence
  nearest to publication, a day after it counting double (news mostly looks back).
  ``event_date`` reads a yearless date that landed after publication as its previous occurrence,
  in the event's sentence and in the rest of the document alike: a reported event has happened.
* "The week of July 9" is that week (precision 2, its Thursday); "the week before/after", "the
  previous/following week" count from the date under discussion, "last week" from publication.
* Quarters: "the quarter", "the latest period", "a year earlier" refer to the quarter under
  discussion: the last one mentioned that is completed, or reported in the past tense ("reported
  fourth-quarter earnings"). A same-numbered quarter of an earlier year ("the 1988 period") is
  the comparison base, not a new topic. "Last year" setting a figure against one ("compared with
  $3 million last year", "last year's $1.5 billion") is that quarter a year before; after "the
  first nine months" or "Last year, net was..." comparisons are whole years ("the 1988 period" =
  1988). "The quarter ended July 31" is coded by its middle month (Q2) unless a fiscal quarter is
  already under discussion.
* "Two years later" / "two months later" count from the year or month last written ("in 1985",
  "in August 1990"), not from publication.
* A date inside a reported clause takes that clause's tense, not the verb of saying's: "said it
  expects to sell the unit in January", "said the plant would open in February" look ahead, while
  "said on Monday" (the saying's own date) and "attacked in February, police said" look back.
* Clause tense: irregular preterites ("spoke", "withdrew") count as past verbs; a participle after
  "be" ("to be completed") and an agent's "by" ("marred by") do not; a relative clause set off by
  commas before the date ("The talks, which began in November, resume in March") has its own
  tense; a yearless date used as a modifier ("the Nov. 7 election") is not dated by the verb.
* A year that opens the sentence ("In 1987, ... in October") dates the sentence's bare months and
  yearless days, unless the clause looks ahead; "the following/previous year" count from a year
  written shortly before. "Oct. 12, the day before the crash" is Oct. 12 (apposition).
* Named quarters and halves without a year: a quarter or second half not yet begun is last
  year's, except in a clause looking ahead ("expects a profit in the second quarter", "to be
  completed in the first quarter" in October: next year's), but never the quarter just completed
  ("will report fourth-quarter results" in February). "Next year's first half", "the second half
  of last year" take that year.
* Weekdays: "this Sunday" is the one in the week of publication; a future clause naming the
  publication's own weekday is that day; a present of schedule ("the offer expires Friday",
  "flies to Baghdad on Friday") looks ahead. Spoken-style days ("February twenty-third", "the
  third of March") are dates like written ones.
* Halves and quarters take a year written with them ("1988's second half", "first-half 1989",
  "the same period of 1988"); "the June quarter" is the calendar quarter ending in June.
* Modal and scheduled present ("could come Thursday", "is to meet on Sunday", "is expected
  Friday") make a weekday future unless a past verb follows the cue ("could not confirm that
  rebels attacked on Monday"); in a sentence with no past verb at all ("The Pope arrives in Cuba
  on Wednesday") a weekday is the nearer occurrence, a day ahead counting double.
* "overnight" / "last night" / "tonight"-style nights are coded to the day the night *started*
  (publication date minus one for "overnight"/"last night"), like "the night of 14 to 15 April"
  which is coded 14 April: the event began that day, and this keeps night attacks reported the
  next morning on the same date as the evening reports of them.
* Week expressions ("last week", "earlier this week", "over the weekend") get ACLED time
  precision 2 and the middle of the week (Thursday; Saturday for a weekend), never later than the
  publication date. Month expressions ("in May", "last month") get precision 3 and the 15th,
  never later than the publication date.
* Year-only expressions ("in 2014", "the 2014 war", "last year") are reported with precision 3 and
  rule ``year...``: they are context, never an event date.
* Vague spans follow TimeML: "recent years", "several years ago" are PAST_REF, "coming years",
  "a later date" FUTURE_REF; "year's end", "the full year" are the publication year, "that year"
  and "the following month" count from the year/month last mentioned. "A year earlier" in a report
  of results is the same quarter a year before the last *completed* quarter discussed (a forecast
  "fourth quarter" is not what is being compared).
* Without a publication date, relative expressions keep ``value=None``; full dates still resolve.
* Not dates at all (never returned): clock times ("5-6pm", "at 10:30"), durations ("for three
  days"), ages ("a 7-month-old"), copyright lines ("(c) 2024 ...").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from frontwire.records import Span, TimeRef

__all__ = ["TimeMention", "event_date", "find_times", "mentions", "timeml_value"]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
SMALL_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "several": 3,
    "a few": 3, "few": 3, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
ORDINALS: dict[str, int] = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1,
                            "2nd": 2, "3rd": 3, "4th": 4}  # fmt: skip

# Rules that never give an event date (context, vague or not a point in the past).
NON_EVENT_RULES = frozenset(
    {"present-ref", "past-ref", "future-ref", "year", "year-relative", "decade", "quarter",
     "half-year", "season"}
)  # fmt: skip

_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH}|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_PART = r"(?:morning|afternoon|evening|night|overnight)"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a couple of|several|a few|few)"
_SPELLED_YY = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
               r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen")
_FUTURE_CUE = re.compile(
    r"(?:\b(?:will|shall|next|coming|upcoming|scheduled|postponed|expected\s+to|plans?\s+to|set\s+to|set\s+for|"
    r"(?:is|are)\s+(?:to|due|expected)|(?:could|might|(?-i:may))(?!\s+(?:not|have)\b))|'ll)\b[^.;]{0,40}$",
    re.I,
)

_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                  "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                  "eighteenth", "nineteenth")
_SPELLED_DAY = (r"(?:twenty[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[\s-]first|"
                r"twentieth|thirtieth|" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + ")")
_SPOKEN_YEAR = rf"(?:,?\s+(?:(?P<c>nineteen|eighteen)[\s-]+(?P<yy>{_SPELLED_YY})\b|(?P<y>{_YEAR})\b))?"
_B = r"(?<![\w\-/.:])"  # left boundary: not inside a word, number, date or clock time
_E = r"(?![\w/:]|-\w|\.\d)"  # right boundary

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2022-04-15
    ("iso", re.compile(rf"{_B}(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d){_E}")),
    # 15/04/2022, 15.04.2022 (day first unless impossible)
    ("numeric", re.compile(rf"{_B}(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[01]?\d)(?P=sep)(?P<y>{_YEAR}|\d\d){_E}")),
    # (Sunday,) (on the night of) 14 (to 15) April (2022)
    ("day-month", re.compile(
        rf"{_B}(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?:(?P<night>night|evening|morning)\s+of\s+(?:the\s+)?)?"
        rf"(?P<d>{_DAY})(?:\s*(?:-|–|to|and|/|or)\s*(?:the\s+)?(?P<d2>{_DAY}))?(?:\s+of)?\s+"
        rf"(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?{_E}")),
    # (Sunday,) April 14(th) (to 15) (, 2022)
    ("month-day", re.compile(
        rf"{_B}(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+(?P<night>night|evening|morning)\s+of\s+)?(?P<mon>{_MONTH})\s+"
        rf"(?P<d>{_DAY})(?:\s*(?:-|–|to|and)\s*(?P<d2>{_DAY}))?(?![\d:])(?:,?\s+(?P<y>{_YEAR}))?{_E}")),
    # January twenty-third (nineteen ninety-eight), the twenty-third of January: spoken-style days
    ("spelled-month-day", re.compile(
        rf"{_B}(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_FULL_MONTH})\s+(?:the\s+)?(?P<sd>{_SPELLED_DAY})(?![\w-]){_SPOKEN_YEAR}")),
    ("spelled-day-month", re.compile(
        rf"{_B}(?:(?P<wd>{_WEEKDAY}),?\s+)?[Tt]he\s+(?P<sd>{_SPELLED_DAY})\s+of\s+(?P<mon>{_FULL_MONTH})\b{_SPOKEN_YEAR}")),
    # (early|mid|late) April 2022 ; (in) May (of) 2022
    ("month-year", re.compile(
        rf"{_B}(?:(?P<mod>early|mid|late|the end of|the beginning of|the start of)[\s-]+)?"
        rf"(?P<mon>{_MONTH})(?:,|\s+of)?\s+(?P<y>{_YEAR}){_E}", re.I)),
    # January nineteen ninety-seven (spoken-style year in transcripts)
    ("month-spelled-year", re.compile(
        rf"{_B}(?P<mon>{_FULL_MONTH})(?:,|\s+of)?\s+(?P<c>nineteen|eighteen)[\s-]+(?P<yy>{_SPELLED_YY})\b", re.I)),
    # (last|this|next) (early|mid|late) April -- a bare month name
    ("month", re.compile(
        rf"{_B}(?:(?P<rel>last|this|next|this past|past)\s+)?(?:(?P<mod>[Ee]arly|[Mm]id|[Ll]ate)[\s-]+)?"
        rf"(?P<mon>{_FULL_MONTH}|{_ABBR_MONTH}(?=\s+{_YEAR}))(?:\s+(?P<yrel>last|this|next)\s+year)?{_E}")),
    # the 1990s, the mid-1980s
    ("decade", re.compile(rf"{_B}(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<y>1[89]\d0|20\d0)'?s{_E}", re.I)),
    # the third quarter (of 1997)
    # the third quarter (of 1997), the 1988 second quarter, last year's quarter, the year-ago period
    ("quarter", re.compile(
        rf"{_B}(?:the\s+)?(?:(?P<y0>{_YEAR})(?:'s)?\s+|(?P<yr>this|last|next)\s+year's\s+|(?P<ago>year-ago|year-earlier|year-before|prior-year|previous-year)\s+)?"
        rf"(?:(?P<rel>last|this|next|latest|current|same|corresponding|comparable|previous|prior|preceding)\s+|(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?)?"
        rf"(?:fiscal[\s-]+)?(?P<unit>quarter|period)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{_YEAR})|\s+(?P<ago2>a\s+year\s+(?:ago|earlier)|last\s+year)|"
        rf"\s+of\s+(?P<yr2>this|last|next)\s+year)?{_E}", re.I)),
    ("half-year", re.compile(
        rf"{_B}(?:the\s+)?(?:(?:fiscal\s+)?(?P<y0>{_YEAR})(?:'s)?\s+|(?P<yr>this|last|next)\s+year's\s+)?(?:fiscal\s+)?(?P<ord>first|second|last|latter|final)(?:\s+|-(?=half))"
        rf"(?:half|two\s+quarters)(?:\s+of\s+(?:the\s+year|(?:fiscal\s+)?(?P<y>{_YEAR})|(?P<yr2>this|last|next)\s+year)|(?<=-half)\s+(?P<y1>{_YEAR}))?{_E}", re.I)),
    # the June quarter: the calendar quarter that ends with the month named
    ("month-quarter", re.compile(rf"{_B}(?:the\s+)?(?P<mon>March|June|September|December)[\s-]quarter{_E}", re.I)),
    # (last|this|next) Sunday (night)
    ("weekday", re.compile(
        rf"{_B}(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Tt]his past|past|[Tt]he\s+previous|[Tt]he\s+preceding|[Tt]he\s+following)\s+)?(?P<wd>{_WEEKDAY})(?:\s+(?P<part>{_PART}))?{_E}")),
    ("relative-day", re.compile(
        r"\b(?P<w>the\s+day\s+before\s+yesterday|yesterday|today|tomorrow|tonight|"
        r"last\s+night|overnight|this\s+(?:morning|afternoon|evening)|earlier\s+today|"
        r"the\s+(?:previous|preceding)\s+(?:day|evening|night|morning|afternoon)|the\s+day\s+before|"
        r"the\s+(?:next|following)\s+(?:day|morning|evening|night)|the\s+night\s+before|"
        r"later\s+(?:that|the\s+same)\s+(?:day|evening|night)|earlier\s+(?:that|the\s+same)\s+day|"
        r"(?:that|the\s+same)\s+(?:day|evening|night)|hours\s+(?:later|earlier))\b",
        re.I)),
    ("days-ago", re.compile(
        rf"\b(?P<n>{_NUM})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<dir>ago|earlier|later|from\s+now)\b",
        re.I)),
    ("relative-week", re.compile(
        r"\b(?P<w>(?:earlier|later)\s+this\s+week|(?:last|this\s+past|this|next|the\s+previous|the\s+past|the\s+coming|the\s+following)\s+week(?:end)?|"
        r"over\s+the\s+weekend|at\s+the\s+weekend|the\s+weekend|(?:earlier|later)\s+that\s+week|the\s+week\s+(?:before|after))\b",
        re.I)),
    ("relative-month", re.compile(
        r"\b(?P<w>(?:earlier|later)\s+this\s+month|(?:last|this|next|the\s+previous|the\s+coming|the\s+following)\s+month|"
        r"(?:earlier|later)\s+that\s+month)\b",
        re.I)),
    ("year-relative", re.compile(
        r"\b(?P<w>(?:earlier|later)\s+this\s+year|(?:last|this|next|the\s+previous|the\s+prior|the\s+current|the\s+coming|the\s+past|the\s+following)\s+(?:fiscal\s+|calendar\s+)?year|year-(?:earlier|ago)|"
        r"a\s+year\s+(?:ago|earlier)|the\s+year-earlier|the\s+year\s+ago|the\s+same\s+(?:period|quarter|month)\s+last\s+year)\b",
        re.I)),
    # year's end, the full year, earlier in the year: the publication year; "that year": the year
    # last mentioned
    ("year-part", re.compile(
        r"\b(?P<w>(?:the\s+)?(?:end\s+of\s+(?:the|this)\s+year|year'?s?[\s-]end|full\s+year|(?:earlier|later)\s+in\s+the\s+year)|that\s+year)\b",
        re.I)),
    ("century", re.compile(
        r"\b(?:the\s+)?(?P<n>1[5-9]th|2[01](?:st|th)|nineteenth|twentieth|twenty-first|eighteenth)\s+century\b", re.I)),
    ("season", re.compile(
        rf"\b(?:(?P<rel>last|this|next|early|late)\s+)?(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>{_YEAR})|\s+of\s+(?P<c>nineteen|eighteen)[\s-]+(?P<yy>{_SPELLED_YY}))?\b(?!\s+(?:offensive|campaign|session))",
        re.I)),
    ("present-ref", re.compile(r"\b(?:now|currently|nowadays|at\s+present|these\s+days|the\s+present|at\s+the\s+moment)\b", re.I)),
    # vague multi-year spans: "in recent years", "over the past decades", "in coming years"
    ("vague-past", re.compile(r"\b(?:(?:recent|past|previous)\s+(?:years|decades))\b", re.I)),
    ("vague-future", re.compile(r"\b(?:(?:the\s+)?(?:coming|future)\s+(?:years|decades|quarters)|a\s+later\s+date)\b", re.I)),
    # "the past decade", "the past 24 hours" are durations, not the vague past
    ("past-ref", re.compile(
        r"\b(?:recently|lately|the\s+past)\b(?!\s+(?:again|more|a\b|every|in\b|the\b|(?:[\w-]+\s+)?(?:days?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|quarters?|hours?|sessions?)\b))",
        re.I)),
    ("future-ref", re.compile(r"\b(?:the\s+future|the\s+near\s+future|soon)\b", re.I)),
    # nineteen ninety-six, the year two thousand (spoken-style years in transcripts)
    ("spelled-year", re.compile(
        rf"\b(?:the\s+year\s+)?(?:(?P<c>nineteen|eighteen)[\s-]+(?P<yy>{_SPELLED_YY})|(?<=year\s)two\s+thousand(?:\s+(?:and\s+)?(?P<y2k>one|two|three|four|five|six|seven|eight|nine))?)\b",
        re.I)),
    ("decade-word", re.compile(
        r"\b(?:the\s+)?(?:early\s+|mid-|late\s+)?(?:nineteen[\s-]+)?(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b", re.I)),
    # in 2014, the 2014 war, fiscal 1997 -- last so longer patterns win
    ("year", re.compile(rf"{_B}(?:(?:[Ee]arly|[Mm]id|[Ll]ate)-)?(?:(?P<fiscal>fiscal|calendar|FY)\s*)?(?P<y>{_YEAR}){_E}(?!\s*(?:%|percent|km|kg))")),
]
# Substrings without which a pattern cannot match (checked once per text to skip whole patterns).
_NEEDS: dict[str, tuple[str, ...]] = {
    "iso": ("-",),
    "numeric": ("/", "."),
    "quarter": ("quarter", "period"),
    "half-year": ("half", "quarters"),
    "month-quarter": ("quarter",),
    "decade": ("0s", "0's"),
    "relative-week": ("week",),
    "relative-month": ("month",),
    "year-relative": ("year",),
    "year-part": ("year",),
    "century": ("century",),
    "vague-past": ("years", "decades"),
    "vague-future": ("years", "decades", "quarters", "later date"),
    "month-spelled-year": ("nineteen", "eighteen"),
    "spelled-month-day": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                          "tenth", "eleventh", "twelfth", "teenth", "tieth"),
    "spelled-day-month": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                          "tenth", "eleventh", "twelfth", "teenth", "tieth"),
    "days-ago": ("ago", "earlier", "later", "from now"),
    "season": ("spring", "summer", "autumn", "fall", "winter"),
    "spelled-year": ("nineteen", "eighteen", "thousand"),
    "decade-word": ("ties",),
    "weekday": ("day",),
    "future-ref": ("future", "soon"),
}
# "the first nine months", "the six-month period", "year to date": a results report moving from the
# quarter to a longer stretch of the year, after which "a year earlier" is a year, not a quarter
_SPAN_SWITCH = re.compile(
    r"\b(?:(?:the|first|latest)\s+(?:nine|six|9|6)[\s-]months?\b(?!\s+(?:ago|earlier|later))|(?:nine|six)-month\b|"
    r"year[\s-]to[\s-]date\b|(?:the|for\s+the)\s+full\s+year\b)",
    re.I)
# "compared with $3 million last year", "from last year's $1.55 billion": a figure compared with
# the same period a year before, i.e. with the quarter under discussion when there is one
_COMPARED_BEFORE = re.compile(
    r"\b(?:compared\s+(?:with|to)|from|versus|vs\.?|against)\s[^.;]{0,60}?"
    r"(?:[$#£€]\s?\d|\d[\d.,]*\s*(?:%|percent|cents|million|billion))[^.;]{0,30}$"
    r"|\d[\d.,]*\s*(?:%|percent)\s+(?:from|over)\s+$|\b(?:compared\s+(?:with|to)|versus|vs\.?)\s+$",
    re.I)
_COMPARED_AFTER = re.compile(
    r"'s\s+(?:[$#£€]\s?\d|results|earnings|profit|net\b|loss|sales|revenue|quarter|period)", re.I)
# "the quarter ended July 31": a quarter named by its last day
_QUARTER_END = re.compile(rf"\s+(?:ended|ending)\s+(?:on\s+)?(?P<mon>{_MONTH})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?")
_PERIOD_OF = re.compile(r"\s*[(\[](week|weekend|month)\s+of[)\]]", re.I)
_WEEK_OF = re.compile(r"\bweek\s+of\s+(?:the\s+)?$", re.I)
# "the offer expires Friday", "Annan flies to Baghdad on Friday": a present of schedule before a weekday
_SCHEDULED = re.compile(
    r"\b(?:expires|expiring|effective|deadline\s+is|payable|takes\s+effect|take\s+effect|begins|starts|opens|"
    r"convenes|resumes|meets|arrives|leaves|departs|travels|returns|flies)\b(?:\s+[\w'-]+){0,3}?\s+(?:on\s+)?$")
# "the year ended Jan. 31", "since March 3": the date lies before publication
_PAST_CUE = re.compile(r"\b(?:ended|since)\s+$", re.I)
_REPORTED = re.compile(r"\b(?:reported|published|announced|updated|posted)\s+(?:on\s+)?$", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright|\bcopr\.)\s*(?:\d{4}\s*[-–]\s*)?$", re.I)


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A detected expression with its TimeML-style granularity (``day``, ``week``, ``weekend``,
    ``month``, ``quarter``, ``half``, ``season``, ``year``, ``decade``, ``century``, ``present``, ``past``,
    ``future``) next to the ACLED ``TimeRef``; benchmarks need the granularity, the pipeline the ref."""

    ref: TimeRef
    granularity: str
    label: str = ""  # the unit label for non-day values, e.g. "1997-Q3", "1997-W02", "SU"


def find_times(
    text: str,
    published: date | None,
    offset: int = 0,
    *,
    reference: date | None = None,
    spans: Sequence[tuple[int, int] | Span] | None = None,
) -> list[TimeRef]:
    """Date expressions in ``text`` (a sentence or a whole document), in text order.

    ``offset`` is added to every start/end so a caller can pass one sentence with its document
    offset. ``reference`` anchors "the previous day"-style phrases before any date appears in
    ``text`` (default: ``published``). ``spans`` are stretches to ignore -- ``Span`` records such
    as ``Document.removed`` or (start, end) pairs -- in the coordinates of ``text``.
    """
    return [m.ref for m in mentions(text, published, offset, reference=reference, spans=spans)]


def mentions(
    text: str,
    published: date | None,
    offset: int = 0,
    *,
    reference: date | None = None,
    spans: Sequence[tuple[int, int] | Span] | None = None,
) -> list[TimeMention]:
    """Like ``find_times`` but keeps each expression's granularity (for TimeML scoring)."""
    skip = [(s.start, s.end) if isinstance(s, Span) else (s[0], s[1]) for s in spans or ()]
    found: list[tuple[int, int, str, re.Match[str]]] = []
    lower = text.lower()
    for rule, pattern in _PATTERNS:
        needs = _NEEDS.get(rule)
        if needs and not any(n in lower for n in needs):
            continue  # cheap skip: the pattern's key word is nowhere in the text
        for m in pattern.finditer(text):
            if _accept(rule, m, text):
                found.append((m.start(), m.end(), rule, m))
    # Longest match wins; earlier patterns win ties (they are listed most specific first).
    order = {rule: i for i, (rule, _) in enumerate(_PATTERNS)}
    found.sort(key=lambda f: (-(f[1] - f[0]), order[f[2]], f[0]))
    taken: list[tuple[int, int, str, re.Match[str]]] = []
    for f in found:
        if any(f[0] < t[1] and t[0] < f[1] for t in taken):
            continue
        if any(f[0] < e and s < f[1] for s, e in skip):
            continue
        taken.append(f)
    taken.sort(key=lambda f: f[0])

    anchor = reference or published
    # the (reported, so not future) quarter, month and year under discussion, for "a year earlier",
    # "the following month", "that year"
    state: dict[str, tuple[int, int]] = {}
    out: list[TimeMention] = []
    switches = [sw.start() for sw in _SPAN_SWITCH.finditer(text)] if "quarter" in lower or "period" in lower else []
    prev_end = 0
    for start, end, rule, m in taken:
        if any(prev_end <= p < start for p in switches):
            _switch_to_span(state, published)
        prev_end = end
        value, gran, label, rule_name = _resolve(rule, m, text, published, anchor, state)
        if gran == "day" and value is not None and _WEEK_OF.search(text, max(0, start - 20), start):
            # "the week of July 9": that week, coded like other week expressions (its Thursday)
            monday = value - timedelta(days=value.weekday())
            value, gran, label, rule_name = _week_mid(monday, published), "week", _iso_week(value), "week-of"
        if gran == "day" and _REPORTED.search(text, max(0, start - 30), start):
            rule_name = "report-date"  # "reported on 2 May": when it was told, not when it happened
        if gran == "quarter" and value is not None and rule_name == "quarter" and (
                published is None or _shift_months(value.year, value.month, 3) <= (published.year, published.month)
                or (value <= published and _clause_tense(text, start, end) == "past")
        ) and not re.search(
            r"year[- ](?:ago|earlier)|last\s+year", m.group(0), re.I) and not _comparison(value, state.get("quarter")):
            state["quarter"] = (value.year, (value.month - 1) // 3 + 1)
            state.pop("span", None)
        if (gran == "year" and rule_name == "year-relative" and "quarter" in state and published is not None
                and re.fullmatch(r"last\s+year", m.group(0), re.I)):
            _switch_to_span(state, published)  # "Last year, net was $235 million": whole years now
        if gran == "day" and value is not None and rule_name not in ("overnight",):
            anchor = value
        if value is not None and re.search(r"\d{4}", m.group(0)):
            state["written"] = (value.year, end)  # "in 1985 ... two years later"
            if gran in ("day", "month", "year", "quarter", "half", "season") and _opens_sentence(text, start):
                state["written-date"] = (value.year, end)  # "In 1987, ... in October"
        if value is not None and gran in ("day", "month", "year"):
            state["year"] = (value.year, 0)  # for "that year"
            if gran != "year":
                state["month"] = (value.year, value.month)  # for "the following month"
        precision = {"day": 1, "week": 2, "weekend": 2}.get(gran, 3)
        qualifier = _PERIOD_OF.match(text, end)
        if qualifier and gran == "day":  # ACLED notes: "Around 15 March 2022 (month of)"
            precision = 3 if qualifier.group(1).lower() == "month" else 2
        ref = TimeRef(text=m.group(0), start=start + offset, end=end + offset, value=value,
                      precision=precision, rule=rule_name)
        out.append(TimeMention(ref=ref, granularity=gran, label=label))
    return out


def _switch_to_span(state: dict[str, tuple[int, int]], published: date | None) -> None:
    """After "the first nine months" the period under discussion is a stretch of the year (of the
    quarter discussed until then, else of publication): comparisons with it are year-level."""
    year = state["quarter"][0] if "quarter" in state else published.year if published else None
    state.pop("quarter", None)
    if year is not None:
        state["span"] = (year, 0)


def _comparison(value: date, current: tuple[int, int] | None) -> bool:
    """A quarter a year or more before the one under discussion with the same number ("the 1988
    period" after "the third quarter") is its comparison base, not the new topic."""
    return current is not None and value.year < current[0] and (value.month - 1) // 3 + 1 == current[1]


def _accept(rule: str, m: re.Match[str], text: str) -> bool:
    """Context checks that a regex alone cannot express."""
    before = text[max(0, m.start() - 20) : m.start()]
    if rule == "year":
        if _COPYRIGHT.search(before) or re.search(r"[$£€]\s*$", before):
            return False
        # "No. 2014", "route 2000", "2,014" -- a number, not a year
        if re.search(r"(?:\b(?:No|no|number|route|Route|flight|Flight)\.?|[\d,])\s*$", before):
            return False
        # "2000 troops" is a count unless a date preposition introduces it ("in 1990 troops left")
        counted = re.match(r"\s+(?:[a-z]+s|people|men|women|children|dollars)\b(?<!'s)", text[m.end() : m.end() + 20])
        # "its 1988 results", "the company's 1989 earnings": a year before a plural noun after a
        # determiner (counts that large are written "2,000 troops")
        return not counted or bool(m.group("fiscal")) or bool(re.search(
            r"(?:\b(?:in|since|of|by|until|till|from|during|through|before|after|early|late|mid|around|between|and|to|"
            r"its|their|his|her|this|that)|'s)\s*-?$", before, re.I))
    if rule == "month":
        mon = m.group("mon")
        if mon in ("May", "March") and not (m.group("rel") or m.group("mod")):
            # "may"/"march" are also words; require a date-like preposition before them
            return bool(re.search(r"\b(?:in|since|by|until|till|of|from|during|through|early|late|mid|on|before|after|last|this|next|for)\s*$", before, re.I))
        return True
    if rule in ("day-month", "month-day"):
        after = text[m.end() : m.end() + 12]
        # "15 April" fine; "1 May police" fine; but "3 Mar" at end of a name is rare enough.
        return not re.match(r"\s*(?:-|–)?\s*(?:year|month|week|day)s?[- ]old", after)
    if rule == "quarter" and m.group("unit").lower() == "period":
        # a bare "the same period" names no date of its own
        return bool(m.group("ord") or m.group("y0") or m.group("y") or m.group("ago") or m.group("ago2")
                    or m.group("yr") or m.group("yr2") or (m.group("rel") or "").lower() == "latest")
    if rule == "days-ago":
        return not re.search(r"\bfor\s+(?:the\s+)?$", before)  # "for two days after" is a duration
    if rule == "past-ref" and m.group(0).lower() == "once":
        return False
    if rule == "season":
        return bool(m.group("rel") or m.group("y") or m.group("c") or re.search(r"\b(?:in|this|last|the|since|by)\s*$", before, re.I))
    return True


def _future_cue(text: str, start: int) -> bool:
    """A future marker shortly before the expression within the same clause, with no past verb
    between them ("could not confirm that rebels attacked on Monday" is past)."""
    cue = _FUTURE_CUE.search(text[max(0, start - 60) : start])
    if not cue:
        return False
    between = cue.group(0)[len(cue.group(0).split()[0]):]
    return not any(v.lower() not in ("scheduled", "expected", "planned") for v in _PAST_VERB.findall(between))


# Tense of the clause around a yearless date or weekday. A regular past participle/preterite
# ("attacked") or a common irregular past says the event has happened; capitalised words ("United",
# "Ahmed") and common nouns in -ed are not verbs. Future, deadline and present-tense words
# ("will", "by", "payable", "is") veto the past reading; only "will"/"scheduled to"-style words
# make a clause future.
# Common irregular preterites that are not also present/base forms or everyday nouns ("set", "put",
# "cut", "read", "ground", "found" are left out): "spoke on Monday" is as past as "attacked".
_IRREGULAR_PAST = (
    r"spoke|wrote|got|paid|sold|bought|thought|kept|became|chose|drove|flew|grew|knew|ran|sat|stood|"
    r"threw|broke|caught|heard|built|spent|withdrew|drew|forgot|hung|shook|stole|swore|tore|woke|rode|"
    r"sank|sang|swam|led|dealt|lent|arose|overtook|undertook|underwent|upheld|withheld|oversaw|struck|"
    r"wore|blew|dug|froze|hid|slept|stuck|swept|swung|wept|forgave|rang|sprang|shrank|laid|overcame|"
    r"rebuilt|retook|sought|understood|meant|felt|clung|crept|fed|bore|slid|spun|bent|bled")
_PAST_VERB = re.compile(
    r"\b(?:was|were|had|did|said|told|took|began|fled|met|came|went|left|saw|held|gave|made|"
    r"shot|hit|fought|stormed|(?!(?:need|speed|hundred|indeed|seed|feed|breed|bed|shed|red|"
    r"proceed|exceed|succeed)\b)[a-z]{2,}ed|brought|sent|fell|rose|won|lost|killed|" + _IRREGULAR_PAST + r")\b")
_FUTURE_WORD = re.compile(
    r"\b(?:will|shall|would|going\s+to|expected\s+to|plans?\s+to|set\s+to|scheduled|upcoming|due(?!\s+to\b)|"
    r"by|until|till|before|payable|expires?|effective|record|deadline|expected|planned|"
    r"to\s+be|is|are|am|must|should|can|cannot)\b|'ll\b",
    re.I)
_STRONG_FUTURE = re.compile(
    r"\b(?:will|shall|going\s+to|(?:scheduled|expected|set|plans?|planned)\s+to|is\s+due\s+to|"
    r"(?:is|are)\s+(?:to|due|expected)|(?:could|might|(?-i:may))(?!\s+(?:not|have)\b)|"
    r"(?:expects?|intends?|hopes?|aims?|seeks?)\s+to|anticipates?|expects?|predicts?|forecasts|would(?!\s+(?:not|have)\b))\b|'ll\b", re.I)
# A verb of saying introduces a reported clause: in "said it expects to sell the unit in January"
# the date takes the tense of "expects to", not of "said". A trailing attribution (", the company
# said") tells when it was said, not when the reported event happens.
_REPORTING = re.compile(r"\b(?:said|says|told|added|announced|reported|stated|noted|disclosed|indicated)\b")
_ATTRIBUTION = re.compile(
    r"(?:,|'')\s+(?:[\w.'-]+\s+){0,4}?(?:said|says|told|added|reported|announced|noted)\b[^,.;]*")
# A relative clause or parenthesis set off before the date has its own tense
_ASIDE = re.compile(r",\s*(?:who|which|whose|where|when)\b[^,;()]*,|\([^()]*\)")
_BE_PARTICIPLE = re.compile(r"\bbe\s+(?:[a-z]+ly\s+)?[a-z]+\b")
_AGENT_BY = re.compile(r"\b([a-z]{2,}ed|hit|won|led|held|taken|seen|shot|struck|caught|beaten|made|done)\s+by\b")
_SENTENCE_END = re.compile(r"[.!?;](?=\s+[A-Z\"'(])|;|\n\s*\n")


def _clause_tense(text: str, start: int, end: int) -> str | None:
    """``past`` when the few words around ``text[start:end]`` (same sentence) hold a past-tense
    verb and no future or deadline word ("will", "by", "payable", "until"); ``future`` when they
    hold "will"/"scheduled to"-style words and no past verb; else None. A yearless date or a
    weekday in a past clause is the last one before publication ("On 13 March, police
    arrested..."), in a future clause the next one ("talks on Monday will focus on...")."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 60), start)), default=max(0, start - 60))
    nxt = _SENTENCE_END.search(text, end, end + 60)
    before = text[left:start]
    if re.search(r"\b(?:to|through)\s+(?:the\s+)?$", before):
        return None  # "extended to Nov. 20": a deadline
    before = _ASIDE.sub(" ", before)  # "The talks, which began in November, resume in March"
    after = _ATTRIBUTION.sub(" ", text[end : nxt.start() if nxt else end + 60])
    # "were marred by violence": an agent's "by" after a participle is no deadline
    clause = _reported_clause(before)
    window = clause + " " + _AGENT_BY.sub(r"\1", after)
    # "to be completed", "will be paid": a participle after "be" is no past tense
    past = [v for v in _PAST_VERB.findall(_BE_PARTICIPLE.sub("be", window))
            if v.lower() not in ("scheduled", "expected", "planned")]
    if _STRONG_FUTURE.search(window):
        return None if past else "future"
    if _FUTURE_WORD.search(window) or not past:
        return None
    return "past"


def _reported_clause(before: str) -> str:
    """The words before a date from the last verb of saying on, when a verb of the reported clause
    follows it ("said it would open the plant in"); all of them when the date is the saying's own
    ("said on Monday")."""
    saying = [m.end() for m in _REPORTING.finditer(before)]
    if not saying:
        return before
    rest = before[saying[-1]:]
    if _PAST_VERB.search(rest) or _STRONG_FUTURE.search(rest) or _FUTURE_WORD.search(rest):
        return rest
    return before


def _unmarked_sentence(text: str, start: int, end: int) -> bool:
    """No past-tense verb anywhere in the sentence around ``text[start:end]`` ("The Pope arrives
    in Cuba on Wednesday"): a weekday there may as well lie just ahead as just behind."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    nxt = _SENTENCE_END.search(text, end, end + 300)
    sentence = text[left:start] + " " + text[end : nxt.start() if nxt else end + 300]
    return not _PAST_VERB.search(sentence)


def _last_on_or_before(pub: date, weekday: int) -> date:
    return pub - timedelta(days=(pub.weekday() - weekday) % 7)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _pick_year(month: int, day: int, pub: date | None, future: bool, past: bool = False) -> date | None:
    """The year for a (month, day) written without one: the occurrence nearest to ``pub``, where a
    day after publication counts double (news looks back more than ahead); a future cue ("will",
    "next", "scheduled") forces the next occurrence, a past-tense sentence the last one."""
    if pub is None:
        return None
    cands = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))]
    if not cands:
        return None
    if future:
        return min((d for d in cands if d >= pub), key=lambda d: d - pub, default=None)
    if past:
        return max((d for d in cands if d <= pub), default=None)
    return min(cands, key=lambda d: (pub - d).days if d <= pub else 2 * (d - pub).days)


def _year_by_weekday(month: int, day: int, weekday: int, pub: date) -> date | None:
    """The occurrence of (month, day) within a year of ``pub`` that falls on ``weekday`` (the
    nearer one, a day after publication counting double, as in ``_pick_year``); None if there is
    none, e.g. a misprinted weekday."""
    cands = [d for y in (pub.year - 1, pub.year, pub.year + 1)
             if (d := _safe_date(y, month, day)) and d.weekday() == weekday and abs((d - pub).days) <= 366]
    if not cands:
        return None
    return min(cands, key=lambda d: (pub - d).days if d <= pub else 2 * (d - pub).days)


def _mid_month(y: int, mo: int, pub: date | None) -> date:
    d = date(y, mo, 15)
    return min(d, pub) if pub and (y, mo) == (pub.year, pub.month) else d


def _week_mid(monday: date, pub: date | None) -> date:
    d = monday + timedelta(days=3)
    return min(d, pub) if pub else d


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _shift_months(y: int, mo: int, n: int) -> tuple[int, int]:
    k = y * 12 + (mo - 1) + n
    return k // 12, k % 12 + 1


Resolved = tuple[date | None, str, str, str]  # value, granularity, TimeML label, rule
_TENSED_RULES = frozenset({"weekday", "day-month", "month-day", "month", "spelled-month-day", "spelled-day-month"})  # direction from tense


def _resolve(
    rule: str, m: re.Match[str], text: str, pub: date | None, anchor: date | None,
    state: dict[str, tuple[int, int]],
) -> Resolved:
    """One matched expression to its value, dispatched by rule; the tense cues are read once here."""
    g = m.groupdict()
    future = _future_cue(text, m.start())
    tense = _clause_tense(text, m.start(), m.end()) if not future and rule in _TENSED_RULES else None
    if tense and rule == "month-day" and _names_event(text, m):
        tense = None  # "missed the Dec. 1 deadline": the verb's tense is not the deadline's
    future, past = future or tense == "future", tense == "past"
    if rule in ("iso", "numeric"):
        return _resolve_numeric_date(rule, g)
    if (rule in ("day-month", "month-day", "month") and not (g.get("y") or g.get("wd") or g.get("rel") or g.get("yrel"))
            and (year := _sentence_year(text, m.start(), state, pub, future, past))):
        return _resolve_in_year(rule, g, year, pub)
    if rule in ("spelled-month-day", "spelled-day-month"):
        g = {**g, "d": str(_spelled_day(g["sd"])), "y": str(_spelled_year(g)) if g.get("c") else g.get("y")}  # type: ignore[arg-type]
        return _resolve_day_of_month("month-day", g, m, text, pub, future, past)
    if rule in ("day-month", "month-day"):
        return _resolve_day_of_month(rule, g, m, text, pub, future, past)
    if rule in ("month-spelled-year", "month-year"):
        return _resolve_month_of_year(rule, g, pub)
    if rule == "month":
        return _resolve_month_name(g, m, text, pub, future, past)
    if rule in ("decade", "spelled-year", "decade-word", "century", "year"):
        return _resolve_written_year(rule, g)
    if rule == "quarter":
        ahead = future or _clause_tense(text, m.start(), m.end()) == "future"
        return _resolve_quarter_phrase(g, m, text, pub, state, ahead)
    if rule == "month-quarter":
        return _resolve_month_quarter(g, pub)
    if rule == "half-year":
        ahead = future or _clause_tense(text, m.start(), m.end()) == "future"
        return _resolve_half_year(g, pub, ahead)
    if rule == "weekday":
        # "the offer expires Friday", "talks begin Monday": a present of schedule looks ahead
        future = future or (not past and bool(_SCHEDULED.search(text, max(0, m.start() - 40), m.start())))
        nearest = not (future or past) and _unmarked_sentence(text, m.start(), m.end())
        return _resolve_weekday(g, pub, future, anchor, nearest)
    if rule == "relative-day":
        if _appositive(text, m) and anchor is not None:
            return anchor, "day", "", "same-day"  # "Oct. 12, the day before the plunge": Oct. 12
        return _resolve_relative_day(g["w"], pub, anchor)
    if rule == "days-ago":
        return _resolve_ago_in_context(g, m, pub, anchor, state)
    if rule == "relative-week":
        return _resolve_week(g["w"], pub, anchor)
    if rule == "relative-month":
        return _resolve_relative_month(g, pub, anchor, state)
    if rule == "year-relative":
        return _resolve_year_relative(g, m, text, pub, state)
    if rule == "season":
        return _resolve_season(g, pub)
    if rule == "year-part":
        return _resolve_year_part(g, pub, state)
    if rule in ("present-ref", "vague-past", "vague-future", "past-ref", "future-ref"):
        return _resolve_reference(rule, pub)
    raise AssertionError(rule)


_OPENER = re.compile(r"(?:^|[.!?;]\s+|\n)[\"'(]*(?:(?:But|And|Then|Back|Later|Earlier|Also|So)\s+)?(?:(?:[Ii]n|[Oo]n|[Dd]uring|[Bb]y)\s+)?(?:(?:late|early|mid)\s+)?$")


def _opens_sentence(text: str, start: int) -> bool:
    """The expression opens its sentence ("In 1987, ...", "On Oct. 19, 1987, ..."): it sets the
    time of the whole sentence, unlike a year inside it ("the group, active since 2015, ...")."""
    return bool(_OPENER.search(text, max(0, start - 40), start))


def _names_event(text: str, m: re.Match[str]) -> bool:
    """A date used as a modifier between a determiner and a noun ("the Nov. 7 election", "its
    Dec. 1 deadline") names an event; when it falls is not told by the clause's verb."""
    return bool(re.search(r"\b(?:the|a|an|its|their|his|her|this|that)\s+$", text[max(0, m.start() - 8) : m.start()])
                and _NOUN_AFTER.match(text, m.end()))


_NOUN_AFTER = re.compile(
    r"\s+(?!(?:and|or|to|through|until|in|at|on|of|for|by|with|from|was|is|were|are|will|would|has|had|"
    r"when|that|which|as|after|before|than)\b)[a-z]{3,}")


def _sentence_year(text: str, start: int, state: dict[str, tuple[int, int]], pub: date | None,
                   future: bool, past: bool) -> int | None:
    """The year written earlier in the same sentence ("In 1987, the company was sold in October"),
    which a bare month or yearless date then belongs to: a past year for a clause not looking
    ahead, a coming year for one not looking back."""
    written = state.get("written-date")
    if pub is None or written is None or _SENTENCE_END.search(text, written[1], start):
        return None
    year = written[0]
    if (year < pub.year and not future) or (year > pub.year and not past):
        return year
    return None


def _resolve_in_year(rule: str, g: dict[str, str | None], year: int, pub: date | None) -> Resolved:
    """A bare month or a yearless date ("in October", "on Oct. 19") in the sentence's written year;
    qualified ones ("last March", "Saturday, April 25") keep their own reading."""
    mon = MONTHS[g["mon"].rstrip(".").lower()]  # type: ignore[union-attr]
    if rule == "month":
        return _mid_month(year, mon, pub), "month", f"{year}-{mon:02d}", "month"
    day = int(re.match(r"\d+", g["d"]).group(0))  # type: ignore[union-attr,arg-type]
    return _safe_date(year, mon, day), "day", "", "night-of" if g.get("night") or g.get("d2") else rule


def _appositive(text: str, m: re.Match[str]) -> bool:
    """"Oct. 12, the day before the crash": "the day before" followed by the event it is counted
    from, set off right after a calendar date, renames that date rather than the one before it."""
    w = m.group(0).lower()
    if not (w.startswith("the day before") and w != "the day before yesterday" or w == "the night before"):
        return False
    return bool(re.search(rf"(?:{_DAY}|{_WEEKDAY}|{_YEAR}),\s*$", text[max(0, m.start() - 20) : m.start()])
                and re.match(r"\s+(?:the|a|an|his|her|its|their)\b", text[m.end() : m.end() + 10]))


def _resolve_numeric_date(rule: str, g: dict[str, str | None]) -> Resolved:
    """"2022-04-15" and "15/04/2022": the day is fully written, no anchoring needed."""
    if rule == "iso":
        return _safe_date(int(g["y"]), int(g["m"]), int(g["d"])), "day", "", "iso-date"  # type: ignore[arg-type]
    a, b, y = int(g["a"]), int(g["b"]), int(g["y"])  # type: ignore[arg-type]
    y = y + 2000 if y < 100 else y
    day, mon = (a, b) if b <= 12 else (b, a)  # day first (international usage) unless impossible
    return _safe_date(y, mon, day), "day", "", "numeric-date"


def _resolve_day_of_month(rule: str, g: dict[str, str | None], m: re.Match[str], text: str,
                          pub: date | None, future: bool, past: bool) -> Resolved:
    """"15 April", "April 15, 2022": a year-less day takes its year from a weekday, a past cue or tense."""
    mon = MONTHS[g["mon"].rstrip(".").lower()]  # type: ignore[union-attr]
    day = int(re.match(r"\d+", g["d"]).group(0))  # type: ignore[union-attr,arg-type]
    if g.get("y"):
        value = _safe_date(int(g["y"]), mon, day)  # type: ignore[arg-type]
    elif pub is not None and g.get("wd") and (fit := _year_by_weekday(mon, day, WEEKDAYS[g["wd"].lower()], pub)):  # type: ignore[union-attr]
        value = fit  # "Saturday, April 25": the year in which that date is a Saturday
    elif pub is not None and not future and _PAST_CUE.search(text, max(0, m.start() - 25), m.start()):
        value = max(d for y in (pub.year - 1, pub.year) if (d := _safe_date(y, mon, day)) and d <= pub)
    else:
        value = _pick_year(mon, day, pub, future, past)
    rule_name = "night-of" if g.get("night") or g.get("d2") else rule
    return value, "day", "", rule_name


def _resolve_month_of_year(rule: str, g: dict[str, str | None], pub: date | None) -> Resolved:
    """"April 2022", "April nineteen ninety-six": the year is written, only the month is coded."""
    if rule == "month-spelled-year":
        y = _spelled_year(g)
        mon = MONTHS[g["mon"].lower()]  # type: ignore[union-attr]
        return _mid_month(y, mon, pub), "month", f"{y}-{mon:02d}", "month"
    mon, y = MONTHS[g["mon"].rstrip(".").lower()], int(g["y"])  # type: ignore[union-attr,arg-type]
    return _mid_month(y, mon, pub), "month", f"{y}-{mon:02d}", "month"


def _resolve_month_name(g: dict[str, str | None], m: re.Match[str], text: str, pub: date | None,
                        future: bool, past: bool) -> Resolved:
    """A bare or qualified month ("in June", "next March", "June last year"): the year from cues."""
    mon = MONTHS[g["mon"].rstrip(".").lower()]  # type: ignore[union-attr]
    rel = (g.get("rel") or "").lower()
    if not future and _PAST_CUE.search(text, max(0, m.start() - 25), m.start()):
        past = True  # "since January": the last January
    if pub is None:
        return None, "month", "", "month"
    if g.get("yrel"):  # "June last year"
        y = pub.year + {"last": -1, "this": 0, "next": 1}[g["yrel"].lower()]  # type: ignore[union-attr]
    elif rel == "next":
        y = pub.year + (1 if mon <= pub.month else 0)
    elif rel in ("last", "past", "this past"):
        y = pub.year - (1 if mon >= pub.month else 0)
    elif rel == "this" or mon == pub.month:
        y = pub.year
    else:
        y = _pick_year(mon, 15, pub.replace(day=15), future, past).year  # type: ignore[union-attr]
    return _mid_month(y, mon, pub), "month", f"{y}-{mon:02d}", "month"


def _resolve_written_year(rule: str, g: dict[str, str | None]) -> Resolved:
    """Years, decades and centuries written out in full: they need no anchor."""
    if rule == "decade":
        y = int(g["y"])  # type: ignore[arg-type]
        return date(y, 1, 1), "decade", str(y)[:3], "decade"
    if rule == "spelled-year":
        if g.get("c"):
            y = _spelled_year(g)
        else:
            y = 2000 + (SMALL_NUMBERS[g["y2k"].lower()] if g.get("y2k") else 0)  # type: ignore[union-attr]
        return date(y, 1, 1), "year", str(y), "year"
    if rule == "decade-word":
        d = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
             "nineties"].index(g["d"].lower()) + 2  # type: ignore[union-attr]
        return date(1900 + 10 * d, 1, 1), "decade", f"19{d}", "decade"
    if rule == "century":
        n = g["n"].lower()  # type: ignore[union-attr]
        c = int(n[:2]) if n[:2].isdigit() else {"eighteenth": 18, "nineteenth": 19, "twentieth": 20,
                                                   "twenty-first": 21}[n]
        return date(100 * (c - 1), 1, 1), "century", f"{c - 1:02d}", "decade"
    y = int(g["y"])  # type: ignore[arg-type]
    return date(y, 1, 1), "year", str(y), "year"


def _resolve_quarter_phrase(g: dict[str, str | None], m: re.Match[str], text: str, pub: date | None,
                            state: dict[str, tuple[int, int]], ahead: bool = False) -> Resolved:
    """A quarter phrase: "the quarter ended July 31" and "this quarter's" need the text after it."""
    if g.get("yr2"):
        g = {**g, "yr": g["yr2"]}  # "the first quarter of next year" = "next year's first quarter"
    ended = _QUARTER_END.match(text, m.end())
    if ended and not (g.get("ord") or state.get("quarter")) and pub is not None:
        return _quarter_ending(ended, pub)
    if (g.get("rel") or "").lower() == "this" and state.get("quarter") and text.startswith("'s", m.end()):
        y, q = state["quarter"]  # "this quarter's loss" in a report on the quarter just ended
        return date(y, 3 * q - 2, 1), "quarter", f"{y}-Q{q}", "quarter"
    return _resolve_quarter(g, pub, state.get("quarter"), state.get("span"), ahead)


def _resolve_month_quarter(g: dict[str, str | None], pub: date | None) -> Resolved:
    """"The March quarter": the quarter ending in that month, the last one begun by publication."""
    if pub is None:
        return None, "quarter", "", "quarter"
    q = MONTHS[g["mon"].lower()] // 3  # type: ignore[union-attr]  # the last such quarter that has begun by publication
    y = pub.year if 3 * q - 2 <= pub.month else pub.year - 1
    return date(y, 3 * q - 2, 1), "quarter", f"{y}-Q{q}", "quarter"


def _resolve_half_year(g: dict[str, str | None], pub: date | None, ahead: bool = False) -> Resolved:
    """"The first half of 1990": the written year, else publication's; like a named quarter, a
    second half not yet begun is last year's unless the clause looks ahead ("profit rose in the
    second half", in February)."""
    written = g.get("y") or g.get("y0") or g.get("y1")  # "the first half of 1990", "1989's first half"
    shift = {"last": -1, "this": 0, "next": 1}.get((g.get("yr") or g.get("yr2") or "").lower())
    y = int(written) if written else (pub.year + (shift or 0) if pub else None)
    if y is None:
        return None, "half", "", "half-year"
    h = 1 if g["ord"].lower() == "first" else 2  # type: ignore[union-attr]
    if not written and shift is None and pub is not None and h == 2 and pub.month < 7 and not ahead:
        y -= 1
    return date(y, 1 if h == 1 else 7, 1), "half", f"{y}-H{h}", "half-year"


def _resolve_ago_in_context(g: dict[str, str | None], m: re.Match[str], pub: date | None,
                            anchor: date | None, state: dict[str, tuple[int, int]]) -> Resolved:
    """"Two years later", "three days ago": counted from a year or month mentioned just before, if any."""
    written = state.get("written")  # a year written shortly before: "in 1985 ... two years later"
    near = written if written and m.start() - written[1] < 250 else None
    if g["unit"].lower().startswith("month") and "month" in state and not g["dir"].lower().startswith(("ago", "from")):  # type: ignore[union-attr]
        anchor = date(*state["month"], 1)  # "in August 1990 ... two months later"
    return _resolve_ago(g, pub, anchor, state.get("quarter"), state.get("span") or near)


def _resolve_relative_month(g: dict[str, str | None], pub: date | None, anchor: date | None,
                            state: dict[str, tuple[int, int]]) -> Resolved:
    """"Last month", "the following month": shifted from publication or the month under discussion."""
    w = re.sub(r"\s+", " ", g["w"].lower())  # type: ignore[union-attr]
    base = anchor if "that" in w else pub
    if w.startswith(("the following", "the previous")) or "that" in w:
        # "the following month" counts from the month last mentioned, not from publication
        base = date(*state["month"], 1) if "month" in state else anchor
    if base is None:
        return None, "month", "", "relative-month"
    n = -1 if w.startswith(("last", "the previous")) else 1 if w.startswith(("next", "the coming", "the following")) else 0
    y, mo = _shift_months(base.year, base.month, n)
    return _mid_month(y, mo, pub), "month", f"{y}-{mo:02d}", "relative-month"


def _resolve_year_relative(g: dict[str, str | None], m: re.Match[str], text: str, pub: date | None,
                           state: dict[str, tuple[int, int]]) -> Resolved:
    """"Last year", "a year earlier": in a quarterly or nine-month report, the same period a year back."""
    w = re.sub(r"\s+", " ", g["w"].lower())  # type: ignore[union-attr]
    if pub is None:
        return None, "year", "", "year-relative"
    n = -1 if re.search(r"last|previous|prior|past|ago|earlier", w) and "this year" not in w else 1 if re.search(r"next|coming", w) else 0
    if "earlier this year" in w or "later this year" in w:
        n = 0
    if state.get("quarter") and (re.fullmatch(r"a year (?:ago|earlier)|(?:the )?year-(?:ago|earlier)", w) or (
            w in ("last year", "the prior year", "the previous year") and _compared(text, m.start(), m.end()))):
        y, q = state["quarter"]  # "profit fell from a year earlier": the same quarter a year before
        return date(y - 1, 3 * q - 2, 1), "quarter", f"{y - 1}-Q{q}", "year-relative"
    if state.get("span") and re.fullmatch(r"a year (?:ago|earlier)|(?:the )?year-(?:ago|earlier)", w):
        y = state["span"][0] - 1  # "nine-month net rose from a year earlier": the year before
        return date(y, 1, 1), "year", str(y), "year-relative"
    written = state.get("written")
    if w.startswith(("the following", "the previous", "the prior")) and (
            w.startswith("the following") or (written and m.start() - written[1] < 250)):
        # "in 1985 ... the following year", "the previous year": from the year under discussion
        base = written[0] if written and m.start() - written[1] < 250 else state.get("year", (pub.year, 0))[0]
        y = base + (1 if w.startswith("the following") else -1)
        return date(y, 1, 1), "year", str(y), "year-relative"
    return date(pub.year + n, 1, 1), "year", str(pub.year + n), "year-relative"


def _resolve_year_part(g: dict[str, str | None], pub: date | None, state: dict[str, tuple[int, int]]) -> Resolved:
    """"Earlier this year", "later that year": the year itself, or the one under discussion."""
    w = g["w"].lower()  # type: ignore[union-attr]
    y = state["year"][0] if w.startswith("that") and "year" in state else pub.year if pub else None
    if y is None:
        return None, "year", "", "year"
    return date(y, 1, 1), "year", str(y), "year"


def _resolve_reference(rule: str, pub: date | None) -> Resolved:
    """"Now", "in the past", "in the future": TimeML's reference values, not calendar dates."""
    if rule == "present-ref":
        return pub, "present", "PRESENT_REF", "present-ref"
    if rule in ("vague-past", "past-ref"):
        return None, "past", "PAST_REF", "past-ref"
    return None, "future", "FUTURE_REF", "future-ref"


def _spelled_day(word: str) -> int:
    """"twenty-third" -> 23 (days of the month as broadcast transcripts spell them)."""
    parts = re.split(r"[\s-]+", word.lower())
    tens = {"twenty": 20, "thirty": 30}.get(parts[0], 0) if len(parts) > 1 else 0
    last = parts[-1]
    return tens + ({"twentieth": 20, "thirtieth": 30}.get(last) or _ORDINAL_WORDS.index(last) + 1)


def _spelled_year(g: dict[str, str | None]) -> int:
    """"nineteen ninety-six" from the ``c`` (century) and ``yy`` groups."""
    tens = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
            "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
            "nineteen": 19}
    parts = re.split(r"[\s-]+", g["yy"].lower())  # type: ignore[union-attr]
    yy = tens[parts[0]] + (SMALL_NUMBERS[parts[1]] if len(parts) > 1 else 0)
    return (1900 if g["c"].lower() == "nineteen" else 1800) + yy  # type: ignore[union-attr]


def _compared(text: str, start: int, end: int) -> bool:
    """"Compared with $3 million last year", "from last year's $1.55 billion": a figure set
    against the same period of last year."""
    return bool(_COMPARED_BEFORE.search(text, max(0, start - 120), start) or _COMPARED_AFTER.match(text, end))


def _quarter_ending(ended: re.Match[str], pub: date) -> Resolved:
    """"The quarter ended July 31" is the three months up to that day, coded by the calendar quarter
    of its middle month (May-July: Q2); "ended" is past, so without a year the last such day. Only
    used when no quarter is under discussion: after "the fiscal first quarter" the same quarter
    "ended Sept. 30" keeps the company's numbering."""
    mon = MONTHS[ended["mon"].rstrip(".").lower()]
    day = int(re.match(r"\d+", ended["d"]).group(0))  # type: ignore[union-attr]
    if ended["y"]:
        y = int(ended["y"])
    else:
        y = pub.year if (mon, day) <= (pub.month, pub.day) or ended.group(0).lstrip().lower().startswith("ending") else pub.year - 1
    y, mid = _shift_months(y, mon, -1)
    q = (mid - 1) // 3 + 1
    return date(y, 3 * q - 2, 1), "quarter", f"{y}-Q{q}", "quarter"


def _resolve_quarter(g: dict[str, str | None], pub: date | None, current: tuple[int, int] | None,
                     span: tuple[int, int] | None = None, ahead: bool = False) -> Resolved:
    """A fiscal/calendar quarter. Without an ordinal, "the quarter"/"the year-ago period" mean the
    quarter under discussion (the last one mentioned, else the last completed one); after "the
    first nine months" "the 1988 period"/"the year-ago period" mean that year."""
    rel = (g.get("rel") or "").lower()
    back = 1 if (g.get("ago") or g.get("ago2") or (g.get("yr") or "").lower() == "last") else 0
    if g.get("unit", "").lower() == "period" and not (back or rel == "latest" or g.get("y0") or g.get("y") or g.get("ord")):  # type: ignore[union-attr]
        return None, "quarter", "", "quarter"  # a bare "the period" is not a date
    if span and current is None and (g.get("unit") or "").lower() == "period" and not (g.get("ord") or rel):
        y = int(g.get("y0") or g.get("y") or span[0] - back)  # type: ignore[arg-type]
        return date(y, 1, 1), "year", str(y), "year"
    if rel in ("previous", "prior", "preceding") and (g.get("unit") or "").lower() == "quarter" and not g.get("ord"):
        y, q = current if current else (pub.year, (pub.month - 1) // 3 + 1) if pub else (0, 0)
        if not y:
            return None, "quarter", "", "quarter"
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)  # "the previous quarter": the one before that discussed
        return date(y, 3 * q - 2, 1), "quarter", f"{y}-Q{q}", "quarter"
    if not (g.get("ord") or g.get("y0") or g.get("y") or rel in ("last", "this", "next", "latest", "current")):
        if pub is None and current is None:
            return None, "quarter", "", "quarter"
        if current is None:
            assert pub is not None
            y, q = pub.year, (pub.month - 1) // 3  # last completed quarter
            if q == 0:
                y, q = y - 1, 4
        else:
            y, q = current
        y -= back
        return date(y, 3 * q - 2, 1), "quarter", f"{y}-Q{q}", "quarter"
    if g.get("y0"):
        g = {**g, "y": g["y0"]}
    if g.get("y") and not g.get("ord") and rel in ("", "same", "corresponding", "comparable"):
        # "the 1988 period", "the same period of 1988": the quarter under discussion, that year
        y = int(g["y"])  # type: ignore[arg-type]
        q = current[1] if current else ((pub.month - 1) // 3 or 4) if pub else 0
        if not q:
            return date(y, 1, 1), "year", str(y), "year"
        return date(y, 3 * q - 2, 1), "quarter", f"{y}-Q{q}", "quarter"
    if g.get("ord"):
        q = ORDINALS[g["ord"].lower()]  # type: ignore[union-attr]
        if g.get("y"):
            y = int(g["y"])  # type: ignore[arg-type]
        elif pub is None:
            return None, "quarter", "", "quarter"
        else:
            y = _named_quarter_year(q, pub, ahead)
            yr = (g.get("yr") or "").lower()
            y = pub.year + (-1 if yr == "last" else 1 if yr == "next" else 0) if yr else y - (1 if g.get("ago") or g.get("ago2") else 0)
    else:
        if rel == "latest" and current is not None:
            y, q = current  # "the latest period": the reporting quarter just discussed
            return date(y, 3 * q - 2, 1), "quarter", f"{y}-Q{q}", "quarter"
        if pub is None:
            return None, "quarter", "", "quarter"
        cur = (pub.month - 1) // 3 + 1
        q = cur - 1 if rel in ("last", "latest") else cur + 1 if rel == "next" else cur
        y = pub.year + (q - 1) // 4
        q = (q - 1) % 4 + 1
    return date(y, (q - 1) * 3 + 1, 1), "quarter", f"{y}-Q{q}", "quarter"


def _named_quarter_year(q: int, pub: date, ahead: bool) -> int:
    """The year of "the second quarter" written without one: a quarter not yet begun is last
    year's, one begun this year's. A clause looking ahead ("expects a profit in the second
    quarter", "to close in the first quarter") means the next such quarter, except the one just
    completed, whose results are still to be reported ("will report fourth-quarter results")."""
    last_done = (pub.month - 1) // 3 or 4  # the most recently completed quarter
    begun = (q - 1) * 3 + 1 <= pub.month
    if not ahead or q == last_done:
        return pub.year if begun else pub.year - 1
    return pub.year + 1 if begun and q * 3 < pub.month else pub.year


def _resolve_weekday(g: dict[str, str | None], pub: date | None, future: bool,
                     anchor: date | None = None, nearest: bool = False) -> Resolved:
    """A weekday counts back from publication (forward after a future cue). Anchoring it to an
    earlier calendar date in the text instead was measured and lost more than it won: news
    stories name the background date, then go back to this week's days. Only "the previous /
    preceding / following Friday" say outright that they count from the date under discussion."""
    wd = WEEKDAYS[g["wd"].lower()]  # type: ignore[union-attr]
    rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
    part = (g.get("part") or "").lower()
    rule = "weekday-night" if part in ("night", "overnight") else "weekday"
    if rel.startswith("the "):
        base = anchor or pub
        if base is None:
            return None, "day", "", "weekday"
        if rel == "the following":
            return base + timedelta(days=(wd - base.weekday()) % 7 or 7), "day", "", rule
        return base - timedelta(days=(base.weekday() - wd) % 7 or 7), "day", "", rule
    if pub is None:
        return None, "day", "", "weekday"
    if rel == "this":  # "this Sunday": the one in the week of publication, ahead or just gone
        return pub + timedelta(days=wd - pub.weekday()), "day", "", rule
    ahead = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
    if nearest and not rel and 2 * (ahead - pub).days < (pub - _last_on_or_before(pub, wd)).days:
        return ahead, "day", "", rule  # no tense either way: the nearer one, a day ahead counting double
    if future and not rel and wd == pub.weekday():
        value = pub  # "will vote Thursday" in a Thursday report: that day (a week on would be dated)
    elif rel == "next" or (future and rel != "last"):
        value = ahead
    else:
        value = _last_on_or_before(pub, wd)
        if rel == "last" and value == pub:
            value -= timedelta(days=7)
    return value, "day", "", rule


def _resolve_relative_day(w: str, pub: date | None, anchor: date | None) -> Resolved:
    w = re.sub(r"\s+", " ", w.lower())
    one = timedelta(days=1)
    if w in ("today", "tonight", "earlier today") or w.startswith("this "):
        return pub, "day", "", "today"
    if w == "yesterday":
        return (pub - one if pub else None), "day", "", "yesterday"
    if w == "the day before yesterday":
        return (pub - 2 * one if pub else None), "day", "", "yesterday"
    if w == "tomorrow":
        return (pub + one if pub else None), "day", "", "tomorrow"
    if w in ("last night", "overnight"):
        # the night before publication, coded to the day it started (module docstring)
        return (pub - one if pub else None), "day", "", "overnight"
    if w.startswith(("the previous", "the preceding")) or w in ("the day before", "the night before"):
        return (anchor - one if anchor else None), "day", "", "previous-day"
    if w.startswith(("the next", "the following")):
        return (anchor + one if anchor else None), "day", "", "next-day"
    # later that day, hours later, that day, the same evening...
    return anchor, "day", "", "same-day"


def _resolve_ago(
    g: dict[str, str | None], pub: date | None, anchor: date | None, quarter: tuple[int, int] | None,
    year: tuple[int, int] | None = None,
) -> Resolved:
    """"Three days ago" counts from publication, "two days later" from the date under discussion;
    "a year earlier" in a report of results is the quarter (or nine months, ``year``) discussed a
    year before, and "two years later" after "in 1985" counts from that written year."""
    n = int(g["n"]) if g["n"].isdigit() else SMALL_NUMBERS.get(g["n"].lower(), 1)  # type: ignore[union-attr]
    unit = g["unit"].lower().rstrip("s")  # type: ignore[union-attr]
    direction = g["dir"].lower()  # type: ignore[union-attr]
    if g["n"].lower() in ("several", "a few", "few") and unit == "year" and direction == "ago":  # type: ignore[union-attr]
        return None, "past", "PAST_REF", "past-ref"  # "several years ago": a vague past (TimeML)
    base = pub if direction in ("ago", "from now") else anchor
    sign = 1 if direction in ("later", "after", "from now") else -1
    rule = f"{unit}s-ago" if sign < 0 else f"{unit}s-later"
    if base is None:
        return None, {"day": "day", "week": "week", "month": "month", "year": "year"}[unit], "", rule
    if unit == "day":
        return base + timedelta(days=sign * n), "day", "", rule
    if unit == "week":
        d = base + timedelta(days=sign * 7 * n)
        monday = d - timedelta(days=d.weekday())
        return _week_mid(monday, pub), "week", _iso_week(d), rule
    if unit == "month":
        y, mo = _shift_months(base.year, base.month, sign * n)
        return _mid_month(y, mo, pub), "month", f"{y}-{mo:02d}", rule
    if quarter and n == 1 and sign < 0:
        y, q = quarter  # "profit fell from a year ago": the same quarter one year before
        return date(y - 1, 3 * q - 2, 1), "quarter", f"{y - 1}-Q{q}", "year-relative"
    y = (year[0] if year and direction != "ago" else base.year) + sign * n
    return date(y, 1, 1), "year", str(y), "year-relative"


def _resolve_week(w: str, pub: date | None, anchor: date | None) -> Resolved:
    w = re.sub(r"\s+", " ", w.lower())
    # "that week", "the previous/following week", "the week before": from the date under discussion
    anaphoric = "that week" in w or w.startswith(("the previous week", "the following week", "the week "))
    base = anchor if anaphoric else pub
    if base is None:
        return None, "week", "", "relative-week"
    back = w.startswith(("last", "the previous", "the past", "this past")) or w == "the week before"
    shift = -7 if back else 7 if w.startswith(("next", "the coming", "the following")) or w == "the week after" else 0
    if shift == -7 and base.weekday() == 6 and not anaphoric:
        shift = 0  # written on a Sunday, "last week" is the Monday-to-Saturday just ended
    ref = base + timedelta(days=shift)
    monday = ref - timedelta(days=ref.weekday())
    if w.endswith("weekend") or "weekend" in w:
        sat = monday + timedelta(days=5)
        if pub and sat > pub and shift <= 0:
            sat -= timedelta(days=7)
        value = sat
        y, wk, _ = value.isocalendar()
        return value, "weekend", f"{y}-W{wk:02d}-WE", "weekend"
    return _week_mid(monday, pub if shift <= 0 else None), "week", _iso_week(ref), "relative-week"


def _resolve_season(g: dict[str, str | None], pub: date | None) -> Resolved:
    s = g["s"].lower()  # type: ignore[union-attr]
    code = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}[s]
    if g.get("y"):
        y = int(g["y"])  # type: ignore[arg-type]
    elif g.get("c"):
        y = _spelled_year(g)  # "the winter of nineteen ninety-four"
    elif pub is None:
        return None, "season", "", "season"
    else:
        rel = (g.get("rel") or "").lower()
        y = pub.year + (-1 if rel == "last" else 1 if rel == "next" else 0)
    month = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}[code]
    return date(y, month, 1), "season", f"{y}-{code}", "season"


def timeml_value(mention: TimeMention) -> str | None:
    """The TimeML ``value`` this mention normalises to (day ``YYYY-MM-DD``, week ``YYYY-Www``,
    month ``YYYY-MM``, year ``YYYY``, ``PRESENT_REF``...), or None when unresolved."""
    if mention.label:
        return mention.label
    v = mention.ref.value
    if v is None:
        return None
    return {"day": v.isoformat(), "month": v.strftime("%Y-%m"), "year": str(v.year)}.get(
        mention.granularity, v.isoformat()
    )


def event_date(
    sentence_times: Sequence[TimeRef],
    document_times: Sequence[TimeRef] = (),
    published: date | None = None,
) -> TimeRef | None:
    """The date to code an event to, the way an ACLED analyst reads an article.

    1. The first expression in the event's sentence that is a usable event date: resolved, not
       after ``published`` (events already happened), and not context-only (year, decade, quarter,
       "now", "recently": see ``NON_EVENT_RULES``). A calendar date ("on 24 March") is preferred
       to a relative one in the same sentence ("Overnight between 24 and 25 March"), and the date
       a report was made ("reported on 2 May") comes last. A date written without a year that
       resolved to after publication ("on May 29" in a report dated 31 March) is read as its
       previous occurrence: the event is reported as having happened.
    2. Otherwise the document's dominant usable date: the day (or week/month) mentioned most often
       in the article, ties going to the earliest mention -- reports usually repeat the date of
       their main incident.
    3. Otherwise the publication date with precision 2: the report says the event happened but
       not when, and news reports cover the days just before publication.
    4. None when there is nothing to go on.
    """
    usable = [_as_past(t, published) for t in sentence_times]
    usable = [t for t in usable if _usable(t, published)]
    if usable:
        return min(usable, key=lambda t: (_RANK.get(t.rule, 1), t.start))
    doc = [t for t in (_as_past(t, published) for t in document_times) if _usable(t, published)]
    if doc:
        counts = Counter((t.value, t.precision) for t in doc)
        best = max(counts.values())
        return next(t for t in doc if counts[(t.value, t.precision)] == best)
    if published is not None:
        return TimeRef(text="", start=-1, end=-1, value=published, precision=2, rule="published")
    return None


_CALENDAR_RULES = ("iso-date", "numeric-date", "day-month", "month-day", "night-of")
_RANK = {**dict.fromkeys(_CALENDAR_RULES, 0), "report-date": 2}


def _as_past(t: TimeRef, published: date | None) -> TimeRef:
    """A yearless calendar date resolved into the future, moved to its previous occurrence."""
    if (published is None or t.value is None or t.value <= published or t.rule not in _CALENDAR_RULES
            or re.search(r"\d{4}", t.text)):
        return t
    earlier = _safe_date(t.value.year - 1, t.value.month, t.value.day)
    if earlier is None:
        return t
    return TimeRef(t.text, t.start, t.end, earlier, t.precision, t.rule)


def _usable(t: TimeRef, published: date | None) -> bool:
    if t.value is None or t.rule in NON_EVENT_RULES:
        return False
    return published is None or t.value <= published
