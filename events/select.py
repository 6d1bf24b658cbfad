"""Choosing which events to show: one selection, shared by every view, so `show`, `next`, `chart`
and `export` agree on what `--from 2019-01-01 --kind deadline` means.

A selection is a value; applying it returns a new, smaller resolved timeline and never touches the
one it was given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pendulum

from events.resolved import ResolvedEvent, ResolvedTimeline


@dataclass(frozen=True, slots=True)
class Selection:
    """Which events to keep. Empty fields keep everything.

    Different fields narrow together (a deadline *and* tagged "russia"); the values of one field
    widen (`kinds={"deadline", "window"}` keeps both). An event is inside `[start, end]` when any
    day it may fall on is: a span by any day of it, a vague date by any day it may be, a date or
    an end still open by any day from its earliest on.

    >>> from events.model import Event, Timeline
    >>> from events.dates import day
    >>> from events.resolve import resolve
    >>> t = resolve(Timeline("t", "T", (Event("a", "A", day(2018, 12, 4)),
    ...                                 Event("b", "B", day(2019, 2, 2), kind="deadline"))),
    ...             pendulum.date(2019, 1, 17))
    >>> [e.id for e in Selection(kinds=frozenset({"deadline"})).apply(t)]
    ['b']
    >>> [e.id for e in Selection(end=pendulum.date(2018, 12, 31)).apply(t)]
    ['a']
    """

    start: pendulum.Date | None = None
    end: pendulum.Date | None = None
    kinds: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"the range ends ({self.end}) before it starts ({self.start})")

    def matches(self, event: ResolvedEvent) -> bool:
        first, last = days_of(event)
        open_ended = (event.end or event.date).open
        return (
            (self.start is None or last >= self.start or open_ended)
            and (self.end is None or first <= self.end)
            and (not self.kinds or event.event.kind in self.kinds)
            and (not self.tags or not self.tags.isdisjoint(event.event.tags))
            and (not self.statuses or event.status in self.statuses)
        )

    def apply(self, timeline: ResolvedTimeline) -> ResolvedTimeline:
        """The same timeline with only the matching events, in the same order."""
        return timeline.keeping(tuple(event for event in timeline if self.matches(event)))

    def apply_all(self, timelines: Iterable[ResolvedTimeline]) -> list[ResolvedTimeline]:
        return [self.apply(timeline) for timeline in timelines]


def days_of(event: ResolvedEvent) -> tuple[pendulum.Date, pendulum.Date]:
    """The first and last day an event may occupy: its start's earliest to its end's latest."""
    last = event.end.latest if event.end is not None else event.date.latest
    return event.date.earliest, max(last, event.date.latest)


def days_drawn(event: ResolvedEvent, as_of: pendulum.Date) -> tuple[pendulum.Date, pendulum.Date]:
    """The days a chart draws an event over, as of a day: `days_of`, and for a span under way
    whose end is still open, every day through the as-of day too: it has lasted that long, and
    may end on any day after. A cancelled span is drawn as written."""
    first, last = days_of(event)
    if event.end is not None and event.end.open and not event.cancelled and first <= as_of:
        last = max(last, as_of)
    return first, last


def upcoming_deadlines(
    timelines: Iterable[ResolvedTimeline], within: int | None = None
) -> list[tuple[ResolvedTimeline, ResolvedEvent]]:
    """Deadlines not yet passed as of each timeline's day, soonest first, those with no days to
    count out (`ResolvedEvent.uncounted`: cancelled, superseded);
    and the end of every span under way, unless that end is itself a deadline listed or open
    (nothing to count to: a deadline that waits for it is listed instead).

    A vague deadline stays upcoming until its latest possible day has passed, and an open one
    until it is decided; `within` counts to the earliest, so "within 30 days" includes every
    deadline that may fall in the next 30 days. An open deadline whose earliest day has come is
    listed after the others: any day may be the one, and the soonest deadline a reader can count
    to is a decided one. One that rests on a date nobody has recorded (`recorded` false) is no
    deadline at all: nothing on record set it in motion.
    """
    found = []
    for timeline in timelines:
        deadlines = [
            event
            for event in timeline
            if event.event.kind == "deadline"
            and event.uncounted(timeline.as_of) is None
            and (event.open or event.days_until_latest(timeline.as_of) >= 0)
        ]
        listed = {event.id for event in deadlines}
        running = [e for e in timeline if e.running and not e.open and _end_event(e) not in listed]
        found += [
            (timeline, event)
            for event in [*deadlines, *running]
            if within is None or event.days_until(timeline.as_of) <= within
        ]
    return sorted(found, key=_order)


def _order(pair: tuple[ResolvedTimeline, ResolvedEvent]) -> tuple[object, ...]:
    """Soonest first, by the earliest day counted; one already open after every other."""
    timeline, event = pair
    return (event.open_on(timeline.as_of), event.counted.sort_key(), timeline.timeline.id)


def _end_event(event: ResolvedEvent) -> str | None:
    """The event a span's end is, when its rule names one outright (`end = "notice-effective"`)."""
    rule = event.end_expression
    if rule is None or len(rule.references) != 1 or str(rule) != str(rule.references[0]):
        return None
    return rule.references[0].event_id


def in_date_order(
    timelines: Iterable[ResolvedTimeline],
) -> list[tuple[ResolvedTimeline, ResolvedEvent]]:
    """Every event of several timelines in one list by date, each with its timeline; events of
    one day keep their timeline's order."""
    pairs = ((timeline, event) for timeline in timelines for event in timeline)
    return sorted(pairs, key=lambda pair: pair[1].date.sort_key())
