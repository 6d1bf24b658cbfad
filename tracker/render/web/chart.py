"""The page's chart as plain geometry: where each mark, tick, cut and today line goes, in percent
of the chart's width, so the browser draws it to scale with CSS alone and no script.

The stretches shown are the terminal chart's (`plan_axis`: an empty stretch of more than a year
between events is cut), but laid out continuously rather than in whole columns: a day's position
is exact, so a mark sits where its date says at any screen width, and a test can measure it.

A date still open ("2022-02-24/..") is never drawn as a day it does not have: a bracket at its
earliest day (a band when that is a month or a range) and a dashed arrow from there to the chart's
right edge, which is given a little room past the last day for it. A span whose end is open runs
as a bar to the today line (it has lasted that long at least) and goes on as the same arrow.
Only the lower bounds are planned, so an open value never stretches the axis to year 9999.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from events.dates import LAST_DAY
from events.resolved import ResolvedEvent, ResolvedTimeline
from events.select import days_drawn, days_of
from tracker.render.terminal.axis import MONTHS, TICK_MONTHS, boundaries, plan_axis

WIDTH = 1000.0  # the width the clusters are planned at; only the cuts are taken from the plan
GAP = 4.0  # percent of the chart a cut takes, drawn as a break
MIN_TICK_GAP = 14.0  # percent between ticks: "Apr 2019" must fit at 360 px
# A tick label's width in percent per character, at the narrowest chart (about 300 px wide at
# 360 px, 12 px type): labels that would overlap the one before are left out.
CHAR = 2.6
# The room past the last day an open value's arrow points into: a twelfth of the days drawn, at
# least a week, so the arrow is visible (about 25 px at 375 px) even from the chart's last day.
TAIL_SHARE = 12
MIN_TAIL_DAYS = 7


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of days drawn without a cut: `left` and `width` in percent."""

    first: pendulum.Date
    last: pendulum.Date
    left: float
    width: float

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True, slots=True)
class Scale:
    """Days to percent across the segments; the same percent per day in every one."""

    segments: tuple[Segment, ...]
    per_day: float

    def x(self, day: pendulum.Date) -> float | None:
        """Percent at the start of `day`; None when it is in a cut or outside."""
        for segment in self.segments:
            if segment.first <= day <= segment.last:
                return segment.left + (day - segment.first).days * self.per_day
        return None

    def centre(self, day: pendulum.Date) -> float | None:
        """Percent at the middle of `day`, where a one-day mark and the today line sit."""
        start = self.x(day)
        return None if start is None else start + self.per_day / 2


@dataclass(frozen=True, slots=True)
class Mark:
    """One mark on a row: `shape` is point, deadline, about, cancelled, was (a moved date's
    first value), band (a vague date), span, left (the part of a running span still ahead),
    from or deadline-from (the earliest day of a date still open) or open (the arrow after it:
    any day from there on, not decided)."""

    shape: str
    left: float
    width: float
    first: pendulum.Date
    last: pendulum.Date


@dataclass(frozen=True, slots=True)
class Tick:
    left: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    scale: Scale
    ticks: tuple[Tick, ...]
    today: float | None
    rows: tuple[tuple[ResolvedEvent, tuple[Mark, ...]], ...]


def plan_chart(timeline: ResolvedTimeline, as_of: pendulum.Date) -> Chart:
    """The chart of one timeline as of a day: every event, a moved date's first value, today."""
    intervals = [days_drawn(event, as_of) for event in timeline]
    intervals += [
        (e.original.earliest, e.original.latest)
        for e in timeline
        if e.moved and e.original is not None
    ]
    intervals.append((as_of, as_of))
    scale = _scale(intervals)
    if any(event.open_ended and not event.cancelled for event in timeline):
        scale = _scale([*intervals, _tail(scale)])
    rows = tuple((event, _marks(event, scale, as_of)) for event in timeline)
    return Chart(scale, _ticks(scale), scale.centre(as_of), rows)


def _tail(scale: Scale) -> tuple[pendulum.Date, pendulum.Date]:
    """Days past the chart's last one for the open arrows to point into (never past the
    calendar's last day)."""
    last = scale.segments[-1].last
    drawn = sum(segment.days for segment in scale.segments)
    days = min(max(MIN_TAIL_DAYS, drawn // TAIL_SHARE), (LAST_DAY - last).days)
    return last, last.add(days=days)


def _scale(intervals: Sequence[tuple[pendulum.Date, pendulum.Date]]) -> Scale:
    clusters = [(s.first, s.last) for s in plan_axis(intervals, int(WIDTH)).segments]
    total = sum((last - first).days + 1 for first, last in clusters)
    per_day = (100.0 - GAP * (len(clusters) - 1)) / total
    segments, left = [], 0.0
    for first, last in clusters:
        width = ((last - first).days + 1) * per_day
        segments.append(Segment(first, last, left, width))
        left += width + GAP
    return Scale(tuple(segments), per_day)


def _marks(event: ResolvedEvent, scale: Scale, as_of: pendulum.Date) -> tuple[Mark, ...]:
    marks = []
    if event.moved and event.original is not None:
        marks.append(_band_or_point(scale, event.original.earliest, event.original.latest, "was"))
    first, last = days_of(event)
    if event.date.open and not event.cancelled:  # a cancelled one falls nowhere: no arrow
        marks += _open_date(event, scale)
    elif event.end is not None and event.end.open and not event.cancelled:
        marks += _open_end(event, scale, as_of)
    elif event.end is not None:
        marks.append(_stretch(scale, first, last, "span"))
        if first <= as_of < last and not event.cancelled:
            marks.append(_stretch(scale, as_of.add(days=1), last, "left"))
    elif event.date.is_vague:
        marks.append(_stretch(scale, first, last, "cancelled" if event.cancelled else "band"))
    else:
        marks.append(_band_or_point(scale, first, last, _shape(event)))
    return tuple(mark for mark in marks if mark is not None)


def _open_date(event: ResolvedEvent, scale: Scale) -> list[Mark]:
    """A bracket at an open date's earliest day (a band over its earliest days when vague), then
    the arrow: it may fall on any day after, and no day is drawn as its own. A span starting on
    an open date is drawn the same way, since its start is not decided either."""
    bound = event.date
    if bound.earliest == bound.latest:
        shape = "deadline-from" if event.event.kind == "deadline" else "from"
        start = _band_or_point(scale, bound.earliest, bound.latest, shape)
    else:
        start = _stretch(scale, bound.earliest, bound.latest, "band")
    return [start, *_arrow(scale, bound.latest)]


def _open_end(event: ResolvedEvent, scale: Scale, as_of: pendulum.Date) -> list[Mark]:
    """A span whose end is open: a bar over the days it surely lasts (to its end's earliest
    day, and through the as-of day once it runs), then the arrow."""
    first, last = days_drawn(event, as_of)
    return [_stretch(scale, first, last, "span"), *_arrow(scale, last)]


def _arrow(scale: Scale, after: pendulum.Date) -> list[Mark]:
    """The open arrow from the day after `after` to the chart's right edge (none when `after`
    is the edge itself, which the tail makes room to avoid); across a cut when the days right
    after it are cut, since the open date may fall in them too."""
    edge = scale.segments[-1].last
    start = after.add(days=1)
    if scale.x(start) is None:  # the days after it are cut: the arrow starts where days resume
        start = next((segment.first for segment in scale.segments if segment.first > after), edge)
    if after >= edge or start >= edge:
        return []
    return [_stretch(scale, start, edge, "open")]


def _shape(event: ResolvedEvent) -> str:
    if event.cancelled:
        return "cancelled"
    if event.date.approximate:
        return "about"
    return "deadline" if event.event.kind == "deadline" else "point"


def _band_or_point(scale: Scale, first: pendulum.Date, last: pendulum.Date, shape: str) -> Mark:
    if first != last:
        return _stretch(scale, first, last, shape)
    centre = scale.centre(first)
    assert centre is not None  # every date drawn was planned for
    return Mark(shape, centre, 0.0, first, last)


def _stretch(scale: Scale, first: pendulum.Date, last: pendulum.Date, shape: str) -> Mark:
    """A bar over whole days, from the start of `first` to the end of `last`; one that crosses
    a cut is drawn across it, since the days in the cut belong to it too."""
    start = scale.x(first)
    end = scale.x(last)
    assert start is not None and end is not None
    return Mark(shape, start, end + scale.per_day - start, first, last)


def _ticks(scale: Scale) -> tuple[Tick, ...]:
    """Month or year starts as fine as the narrowest screen allows, each label clear of the one
    before and of the right edge; a segment with no boundary in it is labelled with its year."""
    months = 30.44 * scale.per_day
    step = next((m for m in TICK_MONTHS if m * months >= MIN_TICK_GAP), TICK_MONTHS[-1])
    found: list[Tick] = []
    free = 0.0
    for segment in scale.segments:
        days = boundaries(segment.first, segment.last, step)
        candidates = [(segment.left, str(segment.first.year))] if not days else []
        for day in days:
            label = str(day.year) if day.month == 1 else MONTHS[day.month - 1]
            if day is days[0] and day.month != 1:
                label = f"{label} {day.year}"
            candidates.append((scale.x(day) or 0.0, label))
        for left, label in candidates:
            if left >= free and left + len(label) * CHAR <= 100.0:
                found.append(Tick(left, label))
                free = left + (len(label) + 1) * CHAR
    return tuple(found)
