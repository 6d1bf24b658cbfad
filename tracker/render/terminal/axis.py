"""The chart's time axis: which days are shown, at which column each lands, and the ticks.

One scale, columns per day, holds across the whole chart, so a bar's length always says how long
a span lasted. Long empty stretches (the 23 years between the INF Treaty's eliminations and the
first compliance report) are cut out and drawn as a break, instead of squeezing everything that
happened into a few columns at one end. Days map to continuous positions; a day occupies
`[position, position + scale)` and a span the columns whose centres it covers, so a bar is never
more than one character off its true length.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

BREAK = 3  # columns a cut takes on every line: " ≈ " on the axis
MIN_CUT_DAYS = 365  # an empty stretch shorter than a year is part of the story, never cut
MIN_RANGE_DAYS = 30  # a chart of one day is padded to a month around it
MIN_TICK_SPACING = 7  # columns between ticks: a label ("2019", "Apr") and room to breathe
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Tick steps in months, finest first: from months to millennia.
TICK_MONTHS = (
    1,
    3,
    6,
    12,
    24,
    60,
    120,
    300,
    600,
    1200,
    3000,
    6000,
    12000,
    30000,
    60000,
)

Interval = tuple[pendulum.Date, pendulum.Date]


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of days drawn without a cut, starting at `column`."""

    first: pendulum.Date
    last: pendulum.Date
    column: int
    width: int


@dataclass(frozen=True, slots=True)
class Axis:
    """Where days land: `scale` columns per day in every segment, cuts between segments."""

    segments: tuple[Segment, ...]
    scale: float
    width: int

    @property
    def first(self) -> pendulum.Date:
        return self.segments[0].first

    @property
    def last(self) -> pendulum.Date:
        return self.segments[-1].last

    def columns(self, first: pendulum.Date, last: pendulum.Date) -> range | None:
        """The columns an interval of days covers (at least one), clipped to the chart; None
        when it lies outside or in a cut."""
        first, last = max(first, self.first), min(last, self.last)
        segment = self._segment(first) if first <= last else None
        if segment is None:
            return None
        start = segment.column + (first - segment.first).days * self.scale
        end = segment.column + ((min(last, segment.last) - segment.first).days + 1) * self.scale
        lo, hi = math.ceil(start - 0.5), math.ceil(end - 0.5)
        limit = segment.column + segment.width
        lo = min(lo, limit - 1)
        return range(lo, min(max(hi, lo + 1), limit))

    def column(self, day: pendulum.Date) -> int | None:
        """The column of one day, or None when it is not shown."""
        cells = self.columns(day, day)
        return cells[0] if cells else None

    def ticks(self) -> list[tuple[int, str, bool]]:
        """(column, label, boundary) at month or year boundaries, as fine as the scale allows:
        "2019" at a new year, "Apr" within one, the year too on a segment's first. A segment
        with no boundary inside is labelled with its year at its start (boundary False)."""
        step = next(
            (m for m in TICK_MONTHS if m * 30.44 * self.scale >= MIN_TICK_SPACING), TICK_MONTHS[-1]
        )
        found = []
        for segment in self.segments:
            days = boundaries(segment.first, segment.last, step)
            if not days:
                found.append((segment.column, str(segment.first.year), False))
            for day in days:
                column = self.column(day)
                label = str(day.year) if day.month == 1 else MONTHS[day.month - 1]
                if day is days[0] and day.month != 1:
                    label = f"{label} {day.year}"
                if column is not None:
                    found.append((column, label, True))
        return found

    def _segment(self, day: pendulum.Date) -> Segment | None:
        return next((s for s in self.segments if s.first <= day <= s.last), None)


_LAST_ORDINAL = dt.date.max.toordinal()


def plan_axis(
    intervals: Sequence[Interval],
    width: int,
    start: pendulum.Date | None = None,
    end: pendulum.Date | None = None,
) -> Axis:
    """An axis `width` columns wide for these intervals (events and today), between `start` and
    `end` when given, else from the first interval to the last.

    >>> day = pendulum.date
    >>> axis = plan_axis([(day(2019, 2, 2), day(2019, 8, 2))], 80)
    >>> len(axis.segments), len(axis.columns(day(2019, 2, 2), day(2019, 8, 2)))
    (1, 80)
    """
    if not intervals and (start is None or end is None):
        raise ValueError("nothing to chart: no events and no range")
    first = start or min(i[0] for i in intervals)
    last = end or max(i[1] for i in intervals)
    if start is None and end is None and (last - first).days + 1 < MIN_RANGE_DAYS:
        pad = (MIN_RANGE_DAYS - (last - first).days) // 2
        # never past either end of the calendar: a span near 0001-01-01 or 9999-12-31 pads inward
        first = first.subtract(days=min(pad, first.toordinal() - 1))
        last = last.add(days=min(pad, _LAST_ORDINAL - last.toordinal()))
    clusters = _clusters(intervals, first, last)
    if len(clusters) > 1 and _too_narrow(clusters, width):
        clusters = [(first, last)]
    return _lay_out(clusters, width)


def _clusters(
    intervals: Sequence[Interval], first: pendulum.Date, last: pendulum.Date
) -> list[Interval]:
    """Stretches to draw: the range, minus empty stretches long enough to cut between events.
    The range's own ends are never cut away: whoever chose them wants to see them."""
    shown = sorted((max(a, first), min(b, last)) for a, b in intervals if b >= first and a <= last)
    clusters: list[Interval] = []
    for a, b in shown:
        if clusters and (a - clusters[-1][1]).days - 1 <= MIN_CUT_DAYS:
            clusters[-1] = (clusters[-1][0], max(clusters[-1][1], b))
        else:
            clusters.append((a, b))
    if not clusters:
        return [(first, last)]
    clusters[0] = (first, clusters[0][1])
    clusters[-1] = (clusters[-1][0], last)
    return clusters


def _days(cluster: Interval) -> int:
    return (cluster[1] - cluster[0]).days + 1


def _too_narrow(clusters: list[Interval], width: int) -> bool:
    """Cuts cost columns; on a narrow chart each stretch would get too few to read."""
    return width - BREAK * (len(clusters) - 1) < 4 * len(clusters)


def _lay_out(clusters: list[Interval], width: int) -> Axis:
    room = width - BREAK * (len(clusters) - 1)
    # A stretch of n days takes ceil(n * scale) columns: less than n * scale + 1, so k stretches
    # at this scale take fewer than room + 1 columns, that is, at most room.
    scale = max(1, room - len(clusters) + 1) / sum(_days(c) for c in clusters)
    segments = []
    column = 0
    for first, last in clusters:
        size = max(1, math.ceil(_days((first, last)) * scale - 1e-9))  # 49/95 * 95 is 49.0000001
        segments.append(Segment(first, last, column, size))
        column += size + BREAK
    return Axis(tuple(segments), scale, width)


def boundaries(first: pendulum.Date, last: pendulum.Date, step: int) -> list[pendulum.Date]:
    """First days of months whose index (months since year 0) is a multiple of `step`."""
    index = first.year * 12 + first.month - 1
    index += (-index) % step
    if first.day != 1 and index == first.year * 12 + first.month - 1:
        index += step
    found = []
    while (
        index // 12 <= last.year and (day := pendulum.date(index // 12, index % 12 + 1, 1)) <= last
    ):
        found.append(day)
        index += step  # and never past 9999-12, the calendar's end
    return found
