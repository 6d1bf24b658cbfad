"""`tracker until`: the days left to an event, as a sentence a person can quote."""

from __future__ import annotations

import pendulum

from events.dates import DateValue
from events.resolve import ResolvedEvent
from tracker.render.relative import breakdown


def until_sentence(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    """`197 days (6 months and 16 days) until ... on 2019-08-02, as of 2019-01-17.`

    A vague date gives a range of days; an approximate one says "about".
    """
    date = event.date
    about = "about " if date.approximate else ""
    first, last = event.days_until(as_of), event.days_until_latest(as_of)
    what = f"{event.id} ({event.event.title}) on {date.label}"
    when = f"as of {as_of.isoformat()}"
    if first == last == 0:
        return f"{what} is {about}today, {when}."
    if first > 0:
        return f"{about}{_count(first, last)} ({_span(date, as_of)}) until {what}, {when}."
    if last < 0:
        count = _count(-last, -first)
        return f"{what} was {about}{count} ago ({_span(date, as_of)}), {when}."
    return f"{what} falls between {-first} days ago and {last} days from now, {when}."


def _count(low: int, high: int) -> str:
    if low == high:
        return f"{low} day" if low == 1 else f"{low} days"
    return f"{low} to {high} days"


def _span(date: DateValue, as_of: pendulum.Date) -> str:
    if date.is_vague:
        return f"{breakdown(date.earliest, as_of)} to {breakdown(date.latest, as_of)}"
    return breakdown(date.earliest, as_of)
