"""`tracker chart`: the timeline to scale. Goldens in tests/data/chart-*.txt; the scale is
checked by measuring what is drawn, never by trusting the code that drew it."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tracker.render.terminal.axis
from events.resolve import resolve
from events.select import Selection, days_drawn
from tracker.files.load import bundled_ids, load_timeline
from tracker.render.terminal.axis import plan_axis
from tracker.render.terminal.chart import GUTTER, chart_axis, render_chart

from .helpers import DATA

AS_OF = pendulum.date(2026, 11, 27)
ZOOM = ["--from", "2018-06-01", "--to", "2019-12-31", "--as-of", "2019-01-17"]
BAR = re.compile(r"[◀━▶→]")  # → ends a bar whose end is open, in its last cell as ▶ does


def golden(name: str) -> str:
    return Path(DATA / name).read_text(encoding="utf-8")


def bar_length(row: str) -> int:
    """Characters from the first bar glyph to the last: a title inside a long bar sits between
    glyphs of the bar, so it does not shorten it."""
    cells = [m.start() for m in BAR.finditer(row)]
    return cells[-1] - cells[0] + 1


def test_doctests():
    assert doctest.testmod(tracker.render.terminal.axis).failed == 0


@pytest.mark.parametrize(
    ("name", "columns", "color", "args"),
    [
        ("chart-60.txt", "60", False, ["--as-of", "2026-11-27"]),
        ("chart-80.txt", "80", False, ["--as-of", "2026-11-27"]),
        ("chart-120.txt", "120", False, ["--as-of", "2026-11-27"]),
        ("chart-80.txt", None, False, ["--as-of", "2026-11-27"]),  # a pipe gets 80 columns
        ("chart-zoom-80.txt", "80", False, ZOOM),
        ("chart-zoom-80-color.txt", "80", True, ZOOM),
    ],
)
def test_chart_matches_its_golden(invoke, name, columns, color, args):
    result = invoke("chart", *args, columns=columns, color=color)
    assert result.exit_code == 0
    assert result.output == golden(name)


def test_colour_is_the_plain_chart_styled():
    coloured = golden("chart-zoom-80-color.txt")
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == golden("chart-zoom-80.txt")
    lines = coloured.splitlines()
    assert lines[3].startswith("\x1b[2m2018-10-20\x1b[0m")  # the past is dimmed
    deadline = next(line for line in lines if "Deadline for Russia" in line)
    assert "\x1b[33m\x1b[1m◆ Deadline for Russia" in deadline  # the next deadline stands out
    assert "\x1b[36m\x1b[1m▼\x1b[0m" in lines[2]  # today on the axis


WITH_SPANS = [n for n in bundled_ids() if any(e.end for e in load_timeline(n).events)]


def test_most_bundled_timelines_draw_a_notice_period():
    assert len(WITH_SPANS) >= 10
    assert "inf" in WITH_SPANS


@pytest.mark.parametrize("name", WITH_SPANS)
@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_a_bar_is_as_long_as_its_span_within_one_character(name, width):
    resolved = resolve(load_timeline(name), AS_OF)
    axis = chart_axis([resolved], AS_OF, width)
    rows = render_chart([resolved], AS_OF, width, colour=False).splitlines()[3:]
    spans = [(i, e) for i, e in enumerate(resolved) if e.end is not None]
    for index, event in spans:
        first, last = days_drawn(event, AS_OF)  # a span whose end is open runs to today
        ideal = ((last - first).days + 1) * axis.scale
        assert abs(bar_length(rows[index]) - ideal) <= 1, (event.id, rows[index])


def test_the_scale_read_off_the_axis_gives_the_notice_period_its_length():
    """Black box: measure columns per day between two ticks the chart labels, then the bar."""
    lines = golden("chart-zoom-80.txt").splitlines()
    labels, axis_line = lines[1], lines[2]
    ticks = [m.start() for m in re.finditer("┬", axis_line) if labels[m.start()] != " "]
    assert [labels[c:].split()[0] for c in ticks] == ["Jul", "Oct", "2019", "Apr", "Jul", "Oct"]
    # Jul 2018 to the last Oct, 2019-10-01: 457 days; each tick is within half a column.
    first, last = ticks[0], ticks[-1]
    scale = (last - first) / (pendulum.date(2019, 10, 1) - pendulum.date(2018, 7, 1)).days
    window = next(line for line in lines if "Six-month notice period" in line)
    # 182 days, 2019-02-02 to 2019-08-02; the scale as measured is off by at most 1/457 a day.
    assert abs(bar_length(window) - 182 * scale) <= 1 + 182 / 457


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20000), st.integers(0, 400)), min_size=1, max_size=12),
    st.integers(20, 240),
)
def test_every_interval_gets_its_share_of_columns(raw, width):
    base = pendulum.date(1970, 1, 1)
    intervals = [(base.add(days=a), base.add(days=a + n)) for a, n in raw]
    axis = plan_axis(intervals, width)
    used = max(s.column + s.width for s in axis.segments)
    assert used <= width
    for first, last in intervals:
        cells = axis.columns(first, last)
        assert cells is not None and len(cells) >= 1
        assert cells.start >= 0 and cells.stop <= width
        assert abs(len(cells) - ((last - first).days + 1) * axis.scale) < 1


def test_ticks_sit_where_the_scale_puts_their_days():
    resolved = resolve(load_timeline("inf"), AS_OF)
    axis = chart_axis([resolved], AS_OF, 120)
    for column, _, boundary in axis.ticks():
        if boundary:
            assert column == axis.column(next(d for d in _days_at(axis, column)))


def _days_at(axis, column):
    day = axis.first
    while day <= axis.last:
        if axis.column(day) == column:
            yield day
        day = day.add(days=1)


def test_long_empty_stretches_are_cut_and_said_so():
    whole = golden("chart-80.txt").splitlines()
    assert whole[2].count("≈") == 4  # 1988-91, 1991-2014, 2014-17, 2019-26
    assert "≈ years without events, cut" in golden("chart-80.txt")
    zoomed = golden("chart-zoom-80.txt")
    assert "≈" not in zoomed


def test_today_is_one_column_from_axis_to_last_row():
    lines = golden("chart-zoom-80.txt").splitlines()
    today = lines[2].index("▼")
    resolved = resolve(load_timeline("inf"), pendulum.date(2019, 1, 17))
    start, end = pendulum.date(2018, 6, 1), pendulum.date(2019, 12, 31)
    axis = chart_axis([Selection(start, end).apply(resolved)], resolved.as_of, 80, start, end)
    assert today == GUTTER + axis.column(pendulum.date(2019, 1, 17))
    rows = lines[3:-2]
    # the two later rows known on 2019-01-17 that start after today (the window draws a bar)
    assert [[m.start() for m in re.finditer("┊", row)] for row in rows].count([today]) == 2
    assert all(row.find("┊") in (-1, today) for row in rows)


def test_one_row_per_event_and_only_events_in_range(invoke):
    lines = invoke("chart", *ZOOM, columns="100").output.splitlines()
    rows = [line for line in lines if re.match(r"\d{4}-\d{2}-\d{2} ", line)]
    # 2018-10-20 to 2019-08-02, as known on 2019-01-17; earlier events are out of the zoom
    assert len(rows) == 12
    assert rows[0].startswith("2018-10-20") and rows[-1].startswith("2019-08-02")


def test_a_span_beyond_the_edge_says_so(invoke):
    result = invoke("chart", "-t", "new-start", "--from", "2019-01-01", "--as-of", "2026-11-27")
    term = next(line for line in result.output.splitlines() if "Treaty term" in line)
    assert term.startswith("2011-02-05 ◀")
    assert "◀▶ goes on beyond the edge" in result.output


@pytest.mark.parametrize("columns", [1, 10, 25, 39, 40, 41, 63, 100, 157, 250])
def test_no_line_is_wider_than_the_terminal(invoke, columns):
    for args in (
        ["--as-of", "2026-11-27"],
        ZOOM,
        ["-t", "inf", "-t", "cfe", "--as-of", "2019-01-17"],
    ):
        output = invoke("chart", *args, columns=str(columns)).output
        assert max(len(line) for line in output.splitlines()) <= columns, args


def test_several_timelines_share_one_axis_under_their_titles(invoke):
    args = ["-t", "abm", "-t", "inf", "--to", "1990-01-01", "--as-of", "2026-11-27"]
    lines = invoke("chart", *args).output.splitlines()
    assert lines[2:6] == [
        "ABM Treaty: U.S. withdrawal",
        "1972-05-26 ● ABM Treaty signed in Moscow",
        "1972-10-03          ● ABM Treaty enters into force",
        "INF Treaty: U.S. withdrawal",
    ]
    assert lines[-1] == "● event  ≈ years without events, cut  today 2026-11-27 is after the chart"


def test_piped_chart_has_no_escape_codes_and_nothing_matching_is_a_sentence(invoke):
    assert "\x1b[" not in invoke("chart", *ZOOM).output
    result = invoke("chart", "--kind", "deadline", "--tag", "nobody")
    assert (result.exit_code, result.output) == (0, "No events match.\n")
    bad = invoke("chart", "--from", "2019-01-01", "--to", "2018-01-01")
    assert bad.exit_code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["--to", "9999-12-31"],
        ["--as-of", "9999-12-31"],
        ["--from", "0001-01-01", "--as-of", "0001-01-01"],
        ["--from", "2019-02-02", "--to", "2019-02-02"],
    ],
)
def test_the_ends_of_the_calendar_and_a_single_day_chart(invoke, args):
    result = invoke("chart", *args)
    assert result.exit_code == 0
    assert max(len(line) for line in result.output.splitlines()) <= 80
