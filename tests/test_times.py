"""Time expressions resolved against the publication date (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

import pytest

from frontwire.records import Span, TimeRef
from frontwire.times import event_date, find_times, mentions, timeml_value

SUNDAY = date(2023, 6, 4)  # a Sunday
WEDNESDAY = date(2022, 4, 20)


def values(text: str, published: date | None = WEDNESDAY) -> list[tuple[str, date | None, int]]:
    return [(t.text, t.value, t.precision) for t in find_times(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants struck on 15 April 2022 near the river.", date(2022, 4, 15)),
        ("The raid took place on April 15 at dawn.", date(2022, 4, 15)),
        ("The raid took place on April 15th, 2021.", date(2021, 4, 15)),
        ("Police reported the attack on 15/04/2022.", date(2022, 4, 15)),
        ("Police reported the attack on 2022-04-15.", date(2022, 4, 15)),
        ("Shelling hit the town on the night of 14 to 15 April.", date(2022, 4, 14)),
        ("Shelling hit the town on Sunday.", date(2022, 4, 17)),
        ("A drone struck the depot yesterday.", date(2022, 4, 19)),
        ("Protesters gathered today outside parliament.", date(2022, 4, 20)),
        ("Artillery fire continued overnight.", date(2022, 4, 19)),
        ("Two mortars landed last night.", date(2022, 4, 19)),
        ("The convoy was ambushed two days ago.", date(2022, 4, 18)),
        ("The convoy was ambushed on 3 April.", date(2022, 4, 3)),
    ],
)
def test_day_expressions(text: str, expected: date) -> None:
    found = find_times(text, WEDNESDAY)
    assert found, text
    assert found[0].value == expected
    assert found[0].precision == 1


def test_sunday_report_resolves_weekday_and_previous_evening() -> None:
    text = (
        "The regional governor said on Sunday that fighting had resumed at the border. "
        "After three deaths the previous evening, shelling went on overnight."
    )
    got = {t.text: t.value for t in find_times(text, SUNDAY)}
    assert got["Sunday"] == SUNDAY
    assert got["the previous evening"] == date(2023, 6, 3)
    assert got["overnight"] == date(2023, 6, 3)


def test_previous_day_anchors_to_the_last_date_in_the_text() -> None:
    found = find_times("Rebels took the village on 10 April; the previous day they had shelled it.", WEDNESDAY)
    assert [t.value for t in found] == [date(2022, 4, 10), date(2022, 4, 9)]
    later = find_times("Hours later, a second blast was heard.", WEDNESDAY, reference=date(2022, 4, 12))
    assert later[0].value == date(2022, 4, 12)


def test_weeks_and_months_have_coarser_precision() -> None:
    got = {t: (v, p) for t, v, p in values("It happened last week, earlier this week, last month and in March.")}
    assert got["last week"] == (date(2022, 4, 14), 2)
    assert got["earlier this week"] == (date(2022, 4, 20), 2)  # mid-week would be after publication
    assert got["last month"] == (date(2022, 3, 15), 3)
    assert got["March"] == (date(2022, 3, 15), 3)


def test_last_week_written_on_a_sunday_is_the_week_just_ended() -> None:
    (ref,) = find_times("Clashes intensified last week.", SUNDAY)
    assert ref.value == date(2023, 6, 1)


def test_offsets_are_shifted_and_point_at_the_words() -> None:
    text = "Fighting resumed on 3 June."
    (ref,) = find_times(text, SUNDAY, offset=100)
    assert (ref.start, ref.end) == (120, 126)
    assert text[ref.start - 100 : ref.end - 100] == "3 June"


@pytest.mark.parametrize(
    "text",
    [
        "Come to the checkpoint from 5-6pm.",
        "The meeting starts at 10:30 in the hall.",
        "The siege lasted for three days.",
        "A 7-month-old child was among the wounded.",
        "© 2024 Example Media. All rights reserved.",
        "They may march to the square.",
        "Some 2000 troops were deployed.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_times(text, WEDNESDAY) == []


def test_year_only_is_flagged_and_never_an_event_date() -> None:
    found = find_times("Veterans of the 2014 war joined the unit.", WEDNESDAY)
    assert [(t.text, t.precision, t.rule) for t in found] == [("2014", 3, "year")]
    assert event_date(found, [], None) is None


def test_without_publication_date_relative_expressions_stay_unresolved() -> None:
    found = find_times("Gunmen attacked the camp yesterday and again on 12 March 2021.", None)
    assert [(t.text, t.value) for t in found] == [("yesterday", None), ("12 March 2021", date(2021, 3, 12))]
    assert find_times("It happened on Friday.", None)[0].value is None


def test_future_cue_sends_weekday_forward_and_event_date_skips_it() -> None:
    (ref,) = find_times("Negotiators will meet again on Friday.", WEDNESDAY)
    assert ref.value == date(2022, 4, 22)
    assert event_date([ref], [], WEDNESDAY).rule == "published"


def test_date_without_year_goes_to_the_nearest_occurrence() -> None:
    (past,) = find_times("The bridge was destroyed on 28 December.", date(2023, 1, 3))
    assert past.value == date(2022, 12, 28)
    (soon,) = find_times("The vote is on 10 May.", date(2023, 5, 2))
    assert soon.value == date(2023, 5, 10)


def test_event_date_policy() -> None:
    doc = find_times("On Monday rebels shelled the town. On Monday the army replied. Tuesday was calm.", WEDNESDAY)
    monday = date(2022, 4, 18)
    # 1. the sentence's own date
    sentence = find_times("Clashes broke out yesterday.", WEDNESDAY)
    assert event_date(sentence, doc, WEDNESDAY).value == date(2022, 4, 19)
    # 2. no usable date in the sentence: the date the document repeats most
    assert event_date(find_times("Veterans of the 2014 war fought.", WEDNESDAY), doc, WEDNESDAY).value == monday
    # 3. nothing at all: the publication date, with week precision
    fallback = event_date([], [], WEDNESDAY)
    assert isinstance(fallback, TimeRef)
    assert (fallback.value, fallback.precision) == (WEDNESDAY, 2)
    assert event_date([], [], None) is None


def test_timeml_values_for_the_benchmark() -> None:
    ms = mentions("In the third quarter of 1997, now, last week and in the 1990s.", date(1998, 1, 14))
    assert [timeml_value(m) for m in ms] == ["1997-Q3", "PRESENT_REF", "1998-W02", "199"]


def test_calendar_date_beats_relative_and_report_dates() -> None:
    published = date(2020, 3, 30)
    s = find_times("Overnight between 24 and 25 March 2020, gunmen burned a school.", published)
    assert event_date(s, s, published).value == date(2020, 3, 24)
    r = find_times("Reported on 2 March 2020 that militants had attacked on 27 February 2020.", published)
    assert event_date(r, r, published).value == date(2020, 2, 27)


def test_yearless_date_after_publication_is_read_as_past_for_events() -> None:
    published = date(2020, 3, 31)
    (ref,) = find_times("Camp raid: May 29.", published)  # no tense to go by
    assert ref.value == date(2020, 5, 29)  # nearest occurrence
    assert event_date([ref], [], published).value == date(2019, 5, 29)
    (past,) = find_times("On May 29, soldiers raided the camp.", published)
    assert past.value == date(2019, 5, 29)  # the past tense already says so


def test_period_qualifier_sets_precision() -> None:
    (week,) = find_times("Around 13 April 2022 (week of), forces shelled the town.", None)
    (month,) = find_times("Around 15 March 2022 (month of), a man was killed.", None)
    assert (week.value, week.precision) == (date(2022, 4, 13), 2)
    assert (month.value, month.precision) == (date(2022, 3, 15), 3)


def test_removed_spans_are_skipped() -> None:
    text = "Photo taken 3 June. Rebels attacked on 4 June."
    found = find_times(text, SUNDAY, spans=[Span(0, 19, "caption")])
    assert [t.text for t in found] == ["4 June"]


def test_vague_and_year_part_expressions_get_timeml_values() -> None:
    pub = date(2021, 9, 8)
    text = ("Raids have grown in recent years and will spread in coming years. Several years ago the "
            "district was calm; by year's end it may not be. Talks resume at a later date. "
            "The dam dates from the 20th century.")
    got = {m.ref.text: timeml_value(m) for m in mentions(text, pub)}
    assert got["recent years"] == "PAST_REF"
    assert got["coming years"] == "FUTURE_REF"
    assert got["Several years ago"] == "PAST_REF"
    assert got["year's end"] == "2021"
    assert got["a later date"] == "FUTURE_REF"
    assert got["the 20th century"] == "19"
    assert event_date(find_times(text, pub), [], pub).rule == "published"  # none is an event date


def test_that_year_and_the_following_month_count_from_the_last_mention() -> None:
    pub = date(2021, 9, 8)
    text = "The militia formed in March 2016. The following month it took the town, and that year it grew."
    got = {m.ref.text: timeml_value(m) for m in mentions(text, pub)}
    assert got["The following month"] == "2016-04"
    assert got["that year"] == "2016"


def test_month_with_spoken_year() -> None:
    (m,) = mentions("In January nineteen ninety-seven a bomb went off.", date(1998, 2, 27))
    assert (m.ref.text, timeml_value(m)) == ("January nineteen ninety-seven", "1997-01")


def test_period_ended_on_a_yearless_date_lies_before_publication() -> None:
    (ref,) = find_times("For the fiscal year ended Jan. 31, sales rose 8%.", date(2021, 10, 31))
    assert ref.value == date(2021, 1, 31)


def test_a_year_earlier_means_the_reported_quarter_not_a_forecast_one() -> None:
    text = ("Third-quarter profit rose 5%. Analysts see weakness in the fourth quarter. "
            "Sales were flat from a year earlier.")
    got = {m.ref.text: timeml_value(m) for m in mentions(text, date(2021, 10, 26))}
    assert got["a year earlier"] == "2020-Q3"


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Fuel prices peaked in June last year.", date(1998, 2, 19), ("June last year", "1997-06")),
        ("Talks resume in March next year.", date(2021, 10, 5), ("March next year", "2022-03")),
        ("The pass has been closed since the winter of nineteen ninety-four.", date(1998, 2, 19),
         ("winter of nineteen ninety-four", "1994-WI")),
        ("Exports slowed in the last half of 1989.", date(1990, 3, 1), ("the last half of 1989", "1989-H2")),
        ("Orders grew over the first two quarters of 2019.", date(2019, 11, 5),
         ("the first two quarters of 2019", "2019-H1")),
    ],
)
def test_general_grammar_for_months_seasons_and_halves(
    text: str, published: date, expected: tuple[str, str]
) -> None:
    (m,) = mentions(text, published)
    assert (m.ref.text, timeml_value(m)) == expected


def test_the_previous_and_following_weekday_count_from_the_date_in_discussion() -> None:
    text = "The town fell on 12 March 2020. The previous Friday it was shelled; the following Monday troops left."
    got = {r.text: r.value for r in find_times(text, date(2020, 6, 1))}
    assert got["The previous Friday"] == date(2020, 3, 6)
    assert got["the following Monday"] == date(2020, 3, 9)


def test_weekday_with_a_yearless_date_picks_the_year_it_falls_on() -> None:
    # 25 April was a Saturday in 2020, not in 2021: a report from early 2021 means 2020
    (ref,) = find_times("The market was attacked on Saturday, April 25.", date(2021, 2, 1))
    assert ref.value == date(2020, 4, 25)
    # a misprinted weekday (no 25 April within a year is a Monday) falls back to the nearest one
    (ref,) = find_times("The market was attacked on Thursday, April 25.", date(2021, 2, 1))
    (plain,) = find_times("The market was attacked on April 25.", date(2021, 2, 1))
    assert ref.value == plain.value


# -- tense, anaphoric weeks, fiscal quarters ------------------------------------------------------

JAN_20 = date(2020, 1, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # past tense: the last 13 March before publication, not the nearer one ahead
        ("On 13 March, police arrested two gunmen near the market.", date(2019, 3, 13)),
        ("In March, the union staged a strike.", date(2019, 3, 15)),
        # future or deadline words keep the nearest / next occurrence
        ("The union will strike on 13 March.", date(2020, 3, 13)),
        ("The board said the dividend is payable March 13.", date(2020, 3, 13)),
        ("The offer was extended to March 13 by the buyers.", date(2020, 3, 13)),
        # no tense cue at all: the nearest occurrence (ahead counts double, so still March)
        ("Elections: 13 March.", date(2020, 3, 13)),
    ],
)
def test_yearless_dates_follow_tense(text: str, expected: date) -> None:
    assert find_times(text, JAN_20)[0].value == expected


def test_week_of_a_date_is_a_week() -> None:
    (t,) = find_times("During the week of July 9, soldiers detained villagers.", date(2018, 9, 1))
    assert (t.value, t.precision, t.rule) == (date(2018, 7, 12), 2, "week-of")  # that week's Thursday


def test_week_before_counts_from_the_date_under_discussion() -> None:
    text = "The report came out on 13 December 2019. The week before, vandals damaged the site."
    assert [(t.value, t.precision) for t in find_times(text, date(2020, 1, 8))] == [
        (date(2019, 12, 13), 1), (date(2019, 12, 5), 2)]


def test_fiscal_hyphen_quarter_and_comparison_period() -> None:
    pub = date(1999, 10, 26)
    text = ("Acme earned $5 million in the fiscal-first quarter, compared with $3 million in the 1998 "
            "period. Sales rose from a year earlier.")
    got = [(m.ref.text, timeml_value(m)) for m in mentions(text, pub)]
    assert got == [("the fiscal-first quarter", "1999-Q1"), ("the 1998 period", "1998-Q1"),
                   ("a year earlier", "1998-Q1")]


def test_reported_current_quarter_is_the_one_discussed() -> None:
    text = "Acme reported a decline in fourth-quarter earnings. Sales in the latest period fell."
    got = [timeml_value(m) for m in mentions(text, date(1999, 11, 2))]
    assert got == ["1999-Q4", "1999-Q4"]


def test_event_date_moves_a_yearless_document_date_into_the_past() -> None:
    text = "Teachers held sit-ins across the country. Sit-ins took place on October 8."
    doc = find_times(text, date(2019, 9, 2))
    first_sentence = [t for t in doc if t.start < 42]
    ev = event_date(first_sentence, doc, date(2019, 9, 2))
    assert ev is not None and ev.value == date(2018, 10, 8)


def test_weekday_in_a_future_clause_is_the_next_one() -> None:
    wed = date(2022, 4, 20)
    (ahead,) = find_times("Talks on Monday will focus on the ceasefire.", wed)
    (back,) = find_times("Talks on Monday focused on the ceasefire.", wed)
    (said,) = find_times("He said on Monday he will resign.", wed)  # the saying is past
    assert (ahead.value, back.value, said.value) == (date(2022, 4, 25), date(2022, 4, 18), date(2022, 4, 18))


def test_causal_due_to_is_not_a_future_cue() -> None:
    jan = date(2022, 1, 20)
    assert find_times("Protest on Monday due to fuel prices.", jan)[0].value == date(2022, 1, 17)
    assert find_times("The vote is due to take place on Monday.", jan)[0].value == date(2022, 1, 24)
    assert find_times("Schools closed on 13 March due to insecurity.", jan)[0].value == date(2021, 3, 13)


# -- results reports: the period under discussion --------------------------------------------------

NOV_2 = date(1999, 11, 2)


def _tml(text: str, published: date = NOV_2) -> list[tuple[str, str | None]]:
    return [(m.ref.text, timeml_value(m)) for m in mentions(text, published)]


def test_nine_months_make_the_comparison_a_year() -> None:
    text = ("Third-quarter profit rose from a year earlier. For the first nine months, net fell, "
            "compared with the 1998 period and the year-ago results.")
    assert _tml(text) == [("Third-quarter", "1999-Q3"), ("a year earlier", "1998-Q3"),
                          ("the 1998 period", "1998"), ("year-ago", "1998")]


def test_a_new_quarter_ends_the_nine_month_stretch() -> None:
    text = "In the nine months, sales rose. In the third quarter, profit fell from a year earlier."
    assert _tml(text)[-1] == ("a year earlier", "1998-Q3")


def test_last_year_in_a_comparison_of_figures_is_the_same_quarter() -> None:
    text = ("Acme reported third-quarter earnings of $5 million, compared with $3 million last year. "
            "Sales rose 4% from last year's $1.5 billion. Last year the company moved to Ohio.")
    assert [v for _, v in _tml(text)] == ["1999-Q3", "1998-Q3", "1998-Q3", "1998"]


def test_quarter_named_by_its_last_day() -> None:
    assert _tml("In the quarter ended July 31, Acme had 5 million shares.") == [
        ("the quarter", "1999-Q2"), ("July 31", "1999-07-31")]
    # after a fiscal quarter, the same quarter "ended Sept. 30" keeps the company's numbering
    text = "Acme posted a loss in the fiscal first quarter. Sales for the quarter ended Sept. 30 rose."
    assert [v for _, v in _tml(text)][:2] == ["1999-Q1", "1999-Q1"]


def test_this_quarters_results_are_the_reported_quarter() -> None:
    text = "Acme reported a loss for the third quarter ended Sept. 30. This quarter's loss includes charges."
    assert _tml(text)[-1] == ("This quarter", "1999-Q3")


def test_quarter_of_next_year_and_mid_year() -> None:
    assert _tml("Profit may fall in the first quarter of next year.") == [
        ("the first quarter of next year", "2000-Q1")]
    assert _tml("The plan was announced in mid-1988.") == [("mid-1988", "1988")]


# -- anaphoric spans and future cues -------------------------------------------------------------


def test_years_and_months_later_count_from_the_written_date() -> None:
    text = "He joined Acme in 1985 and became president two years later."
    assert _tml(text, date(1998, 2, 13))[-1] == ("two years later", "1987")
    text = "The invasion came in August 1990. Two months later, the council acted."
    assert _tml(text, date(1998, 2, 13))[-1] == ("Two months later", "1990-10")
    # "a year earlier" in a report of results still counts from publication
    assert _tml("Sales rose from a year earlier.", date(1998, 2, 13)) == [("a year earlier", "1997")]


def test_since_a_month_is_the_last_one() -> None:
    oct_25 = date(1998, 10, 25)
    assert _tml("Prices have risen 40% since January.", oct_25) == [("January", "1998-01")]
    # "the plan" is a noun, not a future cue: the clause is past
    assert _tml("In December, the board approved the plan.", oct_25) == [("December", "1997-12")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Annan is to meet Saddam on Sunday.", date(1998, 2, 22)),
        ("The vote is expected Friday.", date(1998, 2, 20)),
        ("Officials said a decision could come as early as Thursday.", date(1998, 2, 19)),
        # a negated modal or a past verb after the cue: the weekday is past
        ("The army said it could not confirm that rebels attacked on Monday.", date(1998, 2, 16)),
        ("The commission will investigate the attack that killed five people on Monday.", date(1998, 2, 16)),
    ],
)
def test_modal_and_is_to_cues_make_a_weekday_future(text: str, expected: date) -> None:
    assert find_times(text, date(1998, 2, 18))[0].value == expected


def test_prior_and_previous_periods_in_results() -> None:
    text = ("Third-quarter profit rose 5% from the prior-year period and 2% from the previous quarter. "
            "Sales matched the same period.")
    assert _tml(text) == [("Third-quarter", "1999-Q3"), ("the prior-year period", "1998-Q3"),
                          ("the previous quarter", "1999-Q2")]  # a bare "the same period" is no date


def test_last_year_as_topic_makes_comparisons_yearly() -> None:
    text = "Third-quarter net fell. Last year, net was $235 million. The year-earlier results were restated."
    assert [v for _, v in _tml(text)] == ["1999-Q3", "1998", "1998"]


def test_unmarked_weekday_is_the_nearer_one() -> None:
    tue = date(1998, 1, 20)
    assert find_times("The Pope arrives in Cuba on Wednesday.", tue)[0].value == date(1998, 1, 21)
    assert find_times("The Pope arrived in Cuba on Wednesday.", tue)[0].value == date(1998, 1, 14)
    assert find_times("The Pope visits Cuba on Friday.", tue)[0].value == date(1998, 1, 16)  # 3 ahead, 4 back


def test_the_past_decade_is_not_the_vague_past() -> None:
    assert _tml("Over the past decade the city grew. In the past, it was small.") == [("the past", "PAST_REF")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the date belongs to the reported clause: its tense is that of "expects to", "would"...
        ("The firm said it expects to complete the sale in January.", "1990-01"),
        ("The firm said it intends to close two plants in March.", "1990-03"),
        ("He said the new plant would open in February.", "1990-02"),
        ("The new plant would open in February, he said.", "1990-02"),
        ("The firm said it would report results Monday.", "1989-10-30"),
        # the date of the saying itself, or a past reported clause, stays in the past
        ("Police said on Monday that rebels attacked the village.", "1989-10-23"),
        ("Rebels attacked the village in February, police said.", "1989-02"),
        ("The firm said it agreed to buy the unit in February.", "1989-02"),
    ],
)
def test_reported_clause_sets_the_direction(text: str, expected: str) -> None:
    (m,) = mentions(text, date(1989, 10, 26))
    assert timeml_value(m) == expected


def test_written_year_with_half_and_same_period() -> None:
    text = ("Profit rose in the third quarter from $4 million in the same period of 1988. "
            "In 1988's second half and in first-half 1989 sales fell; the June quarter was flat.")
    assert _tml(text, date(1989, 10, 26)) == [
        ("the third quarter", "1989-Q3"), ("the same period of 1988", "1988-Q3"),
        ("1988's second half", "1988-H2"), ("first-half 1989", "1989-H1"), ("the June quarter", "1989-Q2")]


# -- clause tense, anchoring and spoken dates (TimeML conventions) --------------------------------

FEB_10 = date(1998, 2, 10)  # a Tuesday
OCT_30 = date(1989, 10, 30)  # a Monday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # irregular preterites are past verbs too
        ("Clinton spoke with Yeltsin on Monday and will see him in May.", FEB_10, ["1998-02-09", "1998-05"]),
        ("In March the troops withdrew.", FEB_10, ["1997-03"]),
        # an agent's "by" after a participle is no deadline; "must" is no past
        ("The elections in March were marred by violence.", FEB_10, ["1997-03"]),
        ("Sales in November must be approved by the board.", date(1998, 10, 10), ["1998-11"]),
        # a relative clause set off by commas has its own tense
        ("The talks, which began in November, resume in March.", FEB_10, ["1997-11", "1998-03"]),
        ("The talks, which began in November, resumed in March.", FEB_10, ["1997-11", "1997-03"]),
        # "the Nov. 7 election" names an event: the verb's tense does not date it
        ("Voters registered in time for the Nov. 7 election.", OCT_30, ["1989-11-07"]),
        ("Voters were registered on Nov. 7.", OCT_30, ["1988-11-07"]),
        # "for" introduces a month like "in" does
        ("Elections are scheduled for March.", FEB_10, ["1998-03"]),
    ],
)
def test_clause_tense_cues(text: str, published: date, expected: list[str]) -> None:
    assert [v for _, v in _tml(text, published)] == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The company expects a profit in the second quarter.", FEB_10, "1998-Q2"),
        ("The company posted a profit in the second quarter.", FEB_10, "1997-Q2"),
        # the quarter just completed is still to be reported, not next year's
        ("The company will report fourth-quarter results next week.", FEB_10, "1997-Q4"),
        # a passive participle after "be" is no past tense
        ("The sale is expected to be completed in the first quarter.", OCT_30, "1990-Q1"),
        ("The company posted a loss in the first quarter.", OCT_30, "1989-Q1"),
        ("In the second half, profit rose 5%.", FEB_10, "1997-H2"),
        ("Profit will rise in the second half.", FEB_10, "1998-H2"),
        ("Profit should rise in the second half of next year.", OCT_30, "1990-H2"),
        ("Last year's second half was weak.", OCT_30, "1988-H2"),
    ],
)
def test_quarters_and_halves_follow_the_clause(text: str, published: date, expected: str) -> None:
    assert _tml(text, published)[0][1] == expected


def test_following_and_previous_year_count_from_the_written_year() -> None:
    assert _tml("In 1985 it bought a rival; the following year it sold it.", OCT_30)[-1] == (
        "the following year", "1986")
    assert _tml("The plant opened in 1985. The previous year it had been shut.", OCT_30)[-1] == (
        "The previous year", "1984")
    assert _tml("Profit rose 5% from the previous year.", OCT_30) == [("the previous year", "1988")]


def test_a_sentence_opening_year_dates_its_bare_months() -> None:
    assert _tml("In 1987, the company was sold in October to a rival.", OCT_30)[-1] == ("October", "1987-10")
    # a year inside the sentence, or one in a future reading, does not
    assert _tml("Rebels, active since 1985, attacked the town on Oct. 3.", OCT_30)[-1] == ("Oct. 3", "1989-10-03")
    assert _tml("In 1985 it was founded; it will hire 30 workers in March.", OCT_30)[-1] == ("March", "1990-03")


def test_the_day_before_in_apposition_renames_the_date() -> None:
    text = "Eight days after Oct. 12, the day before the plunge, the index fell."
    assert _tml(text, OCT_30)[-1] == ("the day before", "1989-10-12")
    assert _tml("Rebels attacked on Oct. 12. The day before, troops had arrived.", OCT_30)[-1] == (
        "The day before", "1989-10-11")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("This Sunday, voters go to the polls.", FEB_10, date(1998, 2, 15)),
        ("He arrived this Monday.", FEB_10, date(1998, 2, 9)),
        # a future clause on the same weekday is that day (a week on would be dated)
        ("The Senate will vote Thursday.", date(1998, 2, 12), date(1998, 2, 12)),
        ("The Senate will vote next Thursday.", date(1998, 2, 12), date(1998, 2, 19)),
        # a present of schedule looks ahead
        ("The offer expires Friday.", OCT_30, date(1989, 11, 3)),
        ("The offer expired Friday.", OCT_30, date(1989, 10, 27)),
        ("Annan flies to Baghdad on Friday.", FEB_10, date(1998, 2, 13)),
    ],
)
def test_weekday_anchoring(text: str, published: date, expected: date) -> None:
    assert find_times(text, published)[0].value == expected


def test_this_past_week_and_weekend() -> None:
    assert _tml("Fighting broke out this past weekend.", FEB_10) == [("this past weekend", "1998-W06-WE")]
    assert _tml("Fighting broke out this past week.", FEB_10) == [("this past week", "1998-W06")]


def test_spelled_days_of_broadcast_transcripts() -> None:
    march_5 = date(1998, 3, 5)
    assert _tml("The talks resumed on February twenty-third.", march_5) == [
        ("February twenty-third", "1998-02-23")]
    assert _tml("On the third of March, the talks resumed.", march_5) == [("the third of March", "1998-03-03")]
    assert _tml("He was born on June first, nineteen sixty-two.", march_5) == [
        ("June first, nineteen sixty-two", "1962-06-01")]
    assert [t for t, _ in _tml("May first-quarter results rose.", march_5)] == ["first-quarter"]
