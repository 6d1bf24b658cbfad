"""What the record knew, and when: the day each event became known, and the record's horizon.

The as-of view shows a timeline as a reader of that day's news saw it, so every event needs the
day it became known. One inference serves every command (show, until, the feed, diff):

1. `known = DATE` written on the event wins;
2. an event first written as a rule is known once every event its rule reads is known: the
   2018-12-04 ultimatum made the 60-day deadline, and everything derived from it, known that day;
3. an event first written as a date is known from its earliest dated source, or from its own
   (earliest) day if that comes first (a statement is known the day it is made), and at the
   latest on the record's horizon: whatever the record holds, it knew when it was last checked;
4. a record with no horizon at all (no `updated`, no dated source or revision) says nothing of
   when its events became known, so an event in it given outright with no dated source is
   known in every view (None).

A revision is known on its `on` day; it moves an event but never makes it new.

The horizon is the last day the record was checked: the timeline's `updated`, else its latest
dated source or revision. A date past the horizon that has come by the as-of day is due, but the
record cannot confirm it happened.
"""

from __future__ import annotations

from collections.abc import Mapping

import pendulum

from events.model import Event, Timeline
from events.rules import Expression


def known_days(
    events: Mapping[str, Event],
    first_days: Mapping[str, pendulum.Date],
    record_horizon: pendulum.Date | None,
) -> dict[str, pendulum.Date | None]:
    """The day each event in `first_days` became known; None for "in every view".

    `first_days` holds each resolved event's earliest day as first written (before any revision).
    Rules that read an event missing from it are ignored. Iterative, so a chain of 100,000
    derived dates costs no recursion.

    >>> from events.dates import day
    >>> from events.rules import parse_expression
    >>> a = Event("a", "A", day(2018, 12, 4))
    >>> b = Event("b", "B", parse_expression("a + 60 days"))
    >>> d = pendulum.date
    >>> known_days({"a": a, "b": b}, {"a": d(2018, 12, 4), "b": d(2019, 2, 2)}, d(2019, 1, 17))["b"]
    Date(2018, 12, 4)
    """
    inputs = {event_id: _first_inputs(events[event_id], first_days) for event_id in first_days}
    known: dict[str, pendulum.Date | None] = {}
    for root in first_days:
        stack = [root]
        while stack:
            current = stack[-1]
            if current in known:
                stack.pop()
                continue
            pending = [i for i in inputs[current] if i not in known and i != current]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            event = events[current]
            upstream = [known[i] for i in inputs[current] if i != current]
            known[current] = _known_day(event, first_days[current], upstream, record_horizon)
    return known


def horizon(timeline: Timeline) -> pendulum.Date | None:
    """The last day the record was checked: `updated`, else the latest dated source or revision.

    >>> from events.dates import day
    >>> from events.model import Source
    >>> t = Timeline("t", "T", (Event("a", "A", day(2019, 1, 1),
    ...                               sources=(Source("s", None, pendulum.date(2019, 1, 3)),)),))
    >>> horizon(t)
    Date(2019, 1, 3)
    """
    if timeline.updated is not None:
        return timeline.updated
    days = [
        day
        for event in timeline.events
        for day in (
            *(s.date for s in event.sources),
            *(r.on for r in event.revisions),
            *(s.date for r in event.revisions for s in r.sources),
        )
        if day is not None
    ]
    return max(days, default=None)


def _first_inputs(event: Event, present: Mapping[str, pendulum.Date]) -> list[str]:
    specs = (event.date, event.end)
    refs = (ref.event_id for s in specs if isinstance(s, Expression) for ref in s.references)
    return [event_id for event_id in refs if event_id in present]


def _known_day(
    event: Event,
    first_day: pendulum.Date,
    upstream: list[pendulum.Date | None],
    record_horizon: pendulum.Date | None,
) -> pendulum.Date | None:
    if event.known is not None:
        return event.known
    if upstream:
        dated_inputs = [day for day in upstream if day is not None]
        return max(dated_inputs) if dated_inputs else None
    dated = [s.date for s in event.sources if s.date is not None]
    if record_horizon is None and not dated:
        return None
    limits = [record_horizon] if record_horizon is not None else []
    return min([first_day, *dated, *limits])
