"""`tracker until`: the days left to an event, as a sentence a person can quote."""

from __future__ import annotations

from dataclasses import replace

import pendulum

from events.dates import DateValue
from events.resolved import ResolvedEvent, Uncounted
from tracker.render.relative import breakdown


def until_sentence(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    """`197 days (6 months and 16 days) until ... on 2019-08-02, as of 2019-01-17.`

    A vague date gives a range of days; an approximate one says "about". A span counts to its
    start until it begins, then to its end while it runs: `93 days left of ...`. An open date
    counts to its earliest day, then says it is open, with no count at all. An event with no
    days to count (`ResolvedEvent.uncounted`: cancelled, superseded, no notice on record) says
    why instead.
    """
    reason = event.uncounted(as_of)
    if reason is not None:
        return _uncounted(event, reason, as_of)
    if event.open:
        return _open(event, as_of)
    if event.running:
        return _running(event, as_of)
    date = event.date
    about = "about " if date.approximate else ""
    first, last = event.days_until(as_of), event.days_until_latest(as_of)
    on = "begins on" if event.end is not None and event.end != date else "on"
    what = f"{event.id} ({event.event.title}) {on} {date.label}"
    when = f"as of {as_of.isoformat()}"
    if first == last == 0:
        return f"{what} is {about}today, {when}."
    if first > 0:
        count = f"{about}{_count(first, last)}{_span(date, as_of, first, last)}"
        return f"{count} until {what}, {when}."
    if last < 0:
        count = f"{about}{_count(-last, -first)} ago{_span(date, as_of, -last, -first)}"
        if on == "begins on" and event.end is not None:
            name = f"{event.id} ({event.event.title})"
            return f"{name} began {count} on {date.label} and ended {event.end.label}, {when}."
        return f"{what} was {count}, {when}."
    return f"{what} falls between {-first} days ago and {last} days from now, {when}."


def _uncounted(event: ResolvedEvent, reason: Uncounted, as_of: pendulum.Date) -> str:
    """`gambia-effective (...) was cancelled on 2017-02-10 (it would have been on 2017-11-10),
    as of 2017-03-01.`; `... is cancelled` when no revision dates the cancellation."""
    name = f"{event.id} ({event.event.title})"
    when = f"as of {as_of.isoformat()}"
    if reason == "no notice on record":
        lower = event.counted.lower_bound.earliest.isoformat()
        return f"{name} has no days to count: no notice on record; not before {lower}, {when}."
    decided = event.status_decided
    if decided is None:
        return f"{name} is {reason} (it would have been on {event.span_label}), {when}."
    on = decided.isoformat()
    return f"{name} was {reason} on {on} (it would have been on {event.span_label}), {when}."


def _open(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    """`at least 227 days until ... on 2027-07-15/.., the earliest it can be, as of ...`, then
    `... is open: not before 2026-01-15 (319 days ago), no day is known yet, as of ...`."""
    date = event.counted
    about = "about " if date.approximate else ""
    first = event.days_until(as_of)
    lower = date.lower_bound
    name = f"{event.id} ({event.event.title})"
    when = f"as of {as_of.isoformat()}"
    if not event.open_on(as_of):
        days = _count(first, first)
        least = f"about {days} or more" if about else f"at least {days}"
        earliest = replace(lower, latest=lower.earliest)  # "at least" counts to its first day
        count = f"{least}{_span(earliest, as_of, first, first)}"
        what = f"the end of {name}" if event.running else name
        return f"{count} until {what} on {date.label}, the earliest it can be, {when}."
    since = "today" if first == 0 else f"{about}{_count(-first, -first)} ago"
    if event.running:
        name = f"{name} began {event.date.label} and its end"
    return f"{name} is open: not before {lower.label} ({since}), no day is known yet, {when}."


def _running(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    """`93 days left of withdrawal-window (...), ends 2019-08-02, as of 2019-05-01.`"""
    end = event.counted
    about = "about " if end.approximate else ""
    first, last = event.days_until(as_of), event.days_until_latest(as_of)
    what = f"{event.id} ({event.event.title})"
    when = f"as of {as_of.isoformat()}"
    if first == last == 0:
        return f"{what} ends {about}today, {end.label}, {when}."
    if first <= 0:
        return f"{what} ends between today and {last} days from now ({end.label}), {when}."
    left = f"{about}{_count(first, last)}{_span(end, as_of, first, last)} left"
    return f"{left} of {what}, ends {end.label}, {when}."


def _count(low: int, high: int) -> str:
    if low == high:
        return f"{low} day" if low == 1 else f"{low} days"
    return f"{low} to {high} days"


def _span(date: DateValue, as_of: pendulum.Date, low: int, high: int) -> str:
    """` (6 months and 16 days)` in calendar units; nothing when it would repeat the count.

    A vague date's gloss follows the order of the counts: nearest day first, so a past date
    reads "275 to 305 days ago (9 months and 1 day to 10 months)"."""
    if date.is_vague:
        near, far = (
            (date.earliest, date.latest) if date.earliest >= as_of else (date.latest, date.earliest)
        )
        words = f"{breakdown(near, as_of)} to {breakdown(far, as_of)}"
    else:
        words = breakdown(date.earliest, as_of)
    return "" if words == _count(low, high) else f" ({words})"
