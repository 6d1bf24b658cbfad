"""The page's chart as plain geometry: where each mark, tick, cut and today line goes, in percent
of the chart's width, so the browser draws it to scale with CSS alone and no script.

The stretches shown are the terminal chart's (`plan_axis`: an empty stretch of more than a year
between events is cut), but laid out continuously rather than in whole columns: a day's position
is exact, so a mark sits where its date says at any screen width, and a test can measure it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from events.resolve import ResolvedEvent, ResolvedTimeline
from events.select import days_of
from tracker.render.axis import MONTHS, TICK_MONTHS, boundaries, plan_axis

WIDTH = 1000.0  # the width the clusters are planned at; only the cuts are taken from the plan
GAP = 4.0  # percent of the chart a cut takes, drawn as a break
MIN_TICK_GAP = 14.0  # percent between ticks: "Apr 2019" must fit at 360 px
# A tick label's width in percent per character, at the narrowest chart (about 300 px wide at
# 360 px, 12 px type): labels that would overlap the one before are left out.
CHAR = 2.6


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
    first value), band (a vague date), span, or left (the part of a running span still ahead)."""

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
    intervals = [days_of(event) for event in timeline]
    intervals += [(e.original.earliest, e.original.latest)
                  for e in timeline if e.moved and e.original is not None]  # fmt: skip
    intervals.append((as_of, as_of))
    scale = _scale(intervals)
    rows = tuple((event, _marks(event, scale, as_of)) for event in timeline)
    return Chart(scale, _ticks(scale), scale.centre(as_of), rows)


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
    if event.end is not None:
        marks.append(_stretch(scale, first, last, "span"))
        if first <= as_of < last and not event.cancelled:
            marks.append(_stretch(scale, as_of.add(days=1), last, "left"))
    elif event.date.is_vague:
        marks.append(_stretch(scale, first, last, "cancelled" if event.cancelled else "band"))
    else:
        marks.append(_band_or_point(scale, first, last, _shape(event)))
    return tuple(mark for mark in marks if mark is not None)


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
