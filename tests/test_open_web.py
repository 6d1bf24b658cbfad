"""Dates still open ("2022-02-24/..") on the web: the page, its chart and countdown, the front page,
Mermaid and TimelineJS place an open date at its lower bound and say it is open, never a day it
does not have (the browser checks of the same timeline are in test_page_browser.py)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.dates import LAST_DAY
from events.resolve import resolve
from tracker.cli.group import cli
from tracker.files.load import load_timeline
from tracker.render.web.chart import plan_chart
from tracker.render.web.index import Deadline, Listing, next_deadline, render_index
from tracker.render.web.page import countdown

from .helpers import data_file

OPEN = data_file("open-web.toml")
AS_OF = "2026-11-30"


def exported(runner, fmt: str, as_of: str = AS_OF, path: str = OPEN) -> str:
    result = runner.invoke(cli, ["export", fmt, "-t", path, "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return result.output


def resolved(as_of: str = AS_OF):
    return resolve(load_timeline(OPEN), pendulum.Date.fromisoformat(as_of))


def row(html: str, event_id: str) -> str:
    start = html.index(f'<a class="row grid" href="#e-{event_id}">')
    return html[start : html.index("</a></li>", start)]


def article(html: str, event_id: str) -> str:
    start = html.index(f'<article class="event" id="e-{event_id}"')
    return html[start : html.index("</article>", start)]


def timeline_file(tmp_path, *events: str) -> str:
    path = tmp_path / "t.toml"
    path.write_text('[timeline]\nid = "t"\ntitle = "T"\n\n' + "\n".join(events))
    return str(path)


DUE_OPEN = '[[event]]\nid = "due"\ntitle = "Due"\nkind = "deadline"\ndate = "2026-01-15/.."\n'
DUE_LATER = '[[event]]\nid = "later"\ntitle = "Later"\nkind = "deadline"\ndate = 2027-03-01\n'


def test_an_open_deadline_ahead_counts_at_least_to_its_earliest_day(runner):
    html = exported(runner, "html")
    assert (
        '<p>At least <strong class="days" data-days="227">227</strong> days until the next '
        "deadline, the earliest it can be:</p>\n"
        '<p><a href="#e-effective-later">Second withdrawal takes effect</a>, not before '
        '<time datetime="2027-07-15">2027-07-15</time> · date open (projected)</p>'
    ) in html


def test_an_open_deadline_whose_earliest_day_has_come_is_open_not_a_negative_count(
    runner, tmp_path
):
    html = exported(runner, "html", path=timeline_file(tmp_path, DUE_OPEN))
    assert (
        '<p>The next deadline is <strong class="days" data-days="-319">open</strong>: not before '
        '<time datetime="2026-01-15">2026-01-15</time> (319 days ago), no day is known yet:'
        '</p>\n<p><a href="#e-due">Due</a></p>'
    ) in html
    assert "-319 days" not in html and ">-319<" not in html


def test_the_countdown_agrees_with_until(runner):
    html = exported(runner, "html")
    days = re.search(r'<strong class="days" data-days="(-?\d+)">', html).group(1)
    until = runner.invoke(cli, ["until", "effective-later", "-q", "-t", OPEN, "--as-of", AS_OF])
    assert until.exit_code == 0, until.output
    assert days == until.output.strip() == "227"


def test_a_decided_deadline_ahead_goes_before_an_open_one_that_may_fall_any_day(tmp_path):
    timeline = resolve(
        load_timeline(timeline_file(tmp_path, DUE_OPEN, DUE_LATER)), pendulum.date(2026, 11, 30)
    )
    found = countdown(timeline, timeline.as_of)
    assert found is not None and (found.event.id, found.days, found.open) == ("later", 91, False)
    assert next_deadline(timeline) == Deadline("later", "Later", "2027-03-01", False, 91, 91)


def test_an_open_deadline_still_ahead_keeps_its_place_by_its_earliest_day():
    timeline = resolved()
    found = countdown(timeline, timeline.as_of)
    assert found is not None and found.bound is not None
    assert (found.event.id, found.days, found.open, found.bound.label) == (
        "effective-later",
        227,
        True,
        "2027-07-15",
    )


def test_the_rows_and_sections_say_open_in_words_and_time_holds_a_valid_date(runner):
    html = exported(runner, "html")
    assert (
        '<span class="when wrap">not before <time datetime="2026-01-15">2026-01-15</time> · '
        'date open</span> <span class="what">Withdrawal takes effect</span>'
    ) in row(html, "effective")
    assert (
        '<span class="when wrap">from <time datetime="2022-02-24">2022-02-24</time> · end open'
        "</span>"
    ) in row(html, "conflict")
    assert (
        '<time datetime="2027-01-10">2027-01-10</time> to not before '
        '<time datetime="2027-03">2027-03</time> · end open'
    ) in row(html, "talks")
    assert 'not before about <time datetime="2027-02-01">2027-02-01</time> · date open' in row(
        html, "review"
    )
    assert (
        "<dt>Status</dt><dd>open: no notice on record, so no day can come of it yet</dd>"
    ) in article(html, "effective")
    assert "<dt>Status</dt><dd>running: no day is known yet for its end</dd>" in article(
        html, "conflict"
    )
    assert "<dt>Status</dt><dd>projected: no day is known yet</dd>" in article(
        html, "effective-later"
    )
    datetimes = re.findall(r'datetime="([^"]*)"', html)
    assert datetimes and not [d for d in datetimes if not re.fullmatch(r"\d{4}(-\d{2}){0,2}", d)]


def test_the_chart_marks_the_lower_bound_and_an_arrow_to_the_right_edge():
    timeline = resolved()
    chart = plan_chart(timeline, timeline.as_of)
    first, last = chart.scale.segments[0].first, chart.scale.segments[-1].last
    assert first == pendulum.date(2022, 2, 24)  # nothing stretches the axis to year 1 or 9999
    assert pendulum.date(2027, 7, 15) < last < pendulum.date(2028, 7, 15) < LAST_DAY
    shapes = {
        event.id: [(m.shape, str(m.first), str(m.last)) for m in marks]
        for event, marks in chart.rows
    }
    edge = str(last)
    assert shapes["effective"] == [
        ("deadline-from", "2026-01-15", "2026-01-15"),
        ("open", "2026-01-16", edge),
    ]
    assert shapes["conflict-end"] == [
        ("from", "2022-02-24", "2022-02-24"),
        ("open", "2022-02-25", edge),
    ]
    # a running span with an open end: a bar through the as-of day, then the arrow
    assert shapes["conflict"] == [("span", "2022-02-24", AS_OF), ("open", "2026-12-01", edge)]
    assert shapes["talks"] == [("span", "2027-01-10", "2027-03-31"), ("open", "2027-04-01", edge)]
    for _, marks in chart.rows:
        for mark in marks:
            assert mark.left + mark.width <= 100.0 + 1e-9


def test_the_legend_explains_the_open_marks(runner):
    html = exported(runner, "html")
    legend = html[html.index('<ul class="legend">') :]
    for shape, meaning in (
        ("from", "earliest day of a date still open"),
        ("deadline-from", "earliest day of a deadline still open"),
        ("open", "open: it may fall on any day after, no day is known yet"),
    ):
        assert f'<span class="m m-{shape}"></span></span>{meaning}</li>' in legend


def test_a_timeline_without_open_dates_gets_no_room_for_arrows():
    timeline = resolve(load_timeline("inf"), pendulum.date(2019, 1, 17))
    chart = plan_chart(timeline, timeline.as_of)
    assert chart.scale.segments[-1].last == max(e.date.latest for e in timeline)


def test_the_front_page_says_at_least_or_open_and_puts_the_undecided_after_a_count(tmp_path):
    ahead = next_deadline(resolved())
    assert ahead == Deadline(
        "effective-later", "Second withdrawal takes effect", "2027-07-15", False, 227, 227, True
    )
    undecided = next_deadline(
        resolve(load_timeline(timeline_file(tmp_path, DUE_OPEN)), pendulum.date(2026, 11, 30))
    )
    assert undecided == Deadline("due", "Due", "2026-01-15", False, -319, -319, True)
    listings = [
        Listing("none", "None", None, ("none.ics",)),
        Listing("t", "T", None, ("t.ics", "t.html"), undecided),
        Listing(
            "soon", "Soon", None, ("soon.ics",), Deadline("s", "S", "2027-09-01", False, 275, 275)
        ),
        Listing("open-web", "Open", None, ("open-web.ics",), ahead),
    ]
    html = render_index(listings, "https://example.org/t/").decode()
    assert html.index('id="open-web"') < html.index('id="soon"') < html.index('id="t"')
    assert html.index('id="t"') < html.index('id="none"')
    assert (
        '<p class="next">Next deadline: at least <strong class="days">227 days</strong> until '
        "Second withdrawal takes effect, not before 2027-07-15 · date open</p>"
    ) in html
    assert (
        '<p class="next">Next deadline: <a href="https://example.org/t/t.html#e-due">Due</a>, '
        '<strong class="open">open</strong>: not before 2026-01-15, no day is known yet</p>'
    ) in html


def test_mermaid_draws_open_dates_from_their_lower_bound_and_never_done(runner):
    text = exported(runner, "mermaid")
    assert (
        "    Armed conflict (2022-02-24/.., end open) :active, 2022-02-24, 2026-12-01\n"
        "    End of the conflict (2022-02-24/.., open) :active, milestone, 2022-02-24, 0d\n"
        "    Notice received :done, milestone, 2025-07-15, 0d\n"
        "    Withdrawal takes effect (2026-01-15/.., open) :crit, active, milestone, 2026-01-15, 0d\n"
        "    Talks (2027-01-10/2027-03/.., end open) :2027-01-10, 2027-04-01\n"
        "    Review conference (about) (2027-02-01/.., open) :milestone, 2027-02-01, 0d\n"
        "    Second withdrawal takes effect (2027-07-15/.., open) :crit, milestone, 2027-07-15, 0d\n"
    ) in text


@pytest.mark.parametrize(
    ("event_id", "start", "display"),
    [
        ("conflict", {"year": 2022, "month": 2, "day": 24}, "2022-02-24/.. (end open)"),
        ("conflict-end", {"year": 2022, "month": 2, "day": 24}, "2022-02-24/.. (open)"),
        ("effective", {"year": 2026, "month": 1, "day": 15}, "2026-01-15/.. (open)"),
        ("talks", {"year": 2027, "month": 1, "day": 10}, "2027-01-10/2027-03/.. (end open)"),
        ("review", {"year": 2027, "month": 2, "day": 1}, "about 2027-02-01/.. (open)"),
    ],
)
def test_timelinejs_starts_at_the_lower_bound_with_no_made_up_end(runner, event_id, start, display):
    slides = {e["unique_id"]: e for e in json.loads(exported(runner, "timelinejs"))["events"]}
    slide = slides[f"open-web-{event_id}"]
    assert (slide["start_date"], "end_date" in slide, slide["display_date"]) == (
        start,
        False,
        display,
    )


def test_timelinejs_keeps_the_month_of_an_open_date_known_to_a_month(runner, tmp_path):
    path = timeline_file(tmp_path, '[[event]]\nid = "m"\ntitle = "M"\ndate = "2027-03/.."\n')
    (slide,) = json.loads(exported(runner, "timelinejs", path=path))["events"]
    assert (slide["start_date"], "end_date" in slide, slide["display_date"]) == (
        {"year": 2027, "month": 3},
        False,
        "2027-03/.. (open)",
    )


def test_an_arrow_whose_next_days_are_cut_resumes_where_the_chart_does():
    """Rome Statute as of 2028-01-04: the years between 2026-09-22 and today are cut, so the
    arrow after the Sahel States' earliest day starts where the chart's days resume."""
    timeline = resolve(load_timeline("rome-statute"), pendulum.date(2028, 1, 4))
    chart = plan_chart(timeline, timeline.as_of)
    shapes = {
        event.id: [(m.shape, str(m.first), str(m.last)) for m in marks]
        for event, marks in chart.rows
    }
    edge = str(chart.scale.segments[-1].last)
    assert shapes["sahel-effective"] == [
        ("deadline-from", "2026-09-22", "2026-09-22"),
        ("open", "2028-01-04", edge),
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["ottawa", "rome-statute", "unfccc", OPEN]),
    st.dates(min_value=dt.date(2025, 10, 1), max_value=dt.date(2060, 12, 31)),
)
def test_every_open_date_gets_its_arrow_on_any_day(timeline_id, day):
    """Whatever the as-of day cuts out of the axis, each open date known by then has its arrow,
    inside the chart."""
    timeline = resolve(load_timeline(timeline_id), pendulum.instance(day))
    chart = plan_chart(timeline, timeline.as_of)
    for event, marks in chart.rows:
        if event.open_ended and not event.cancelled:
            assert [m.shape for m in marks][-1] == "open", event.id
        assert all(m.left >= 0.0 and m.left + m.width <= 100.0 + 1e-9 for m in marks)
