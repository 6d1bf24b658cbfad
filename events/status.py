"""An event's status as of a day: what a reader of that day's record would call it.

One function, shared by every view through `ResolvedEvent.status`, so the table, the feed's
STATUS, `next` and `check`'s warnings never disagree about what has happened.
"""

from __future__ import annotations

import pendulum

from events.dates import DateValue
from events.model import ExplicitStatus, Status


def status_of(
    explicit: ExplicitStatus | None,
    date: DateValue,
    derived: bool,
    as_of: pendulum.Date,
    end: DateValue | None = None,
    horizon: pendulum.Date | None = None,
) -> Status:
    """Explicit status wins; then running, open, unconfirmed, occurred, projected or scheduled.

    A span runs from its start day through its end day inclusive, and on past an end that is
    still open. A date still open is "open" once its earliest possible day has come: it may
    happen any day, and nobody can say which. A date that has come but lies
    past the record's `horizon` is unconfirmed: due, and not confirmed by the record. A vague
    date has come only once its latest possible day has passed.

    >>> from events.dates import day
    >>> status_of(None, day(2019, 8, 2), True, pendulum.date(2019, 1, 17))
    'projected'
    >>> status_of(None, day(2019, 2, 2), True, pendulum.date(2019, 5, 1), end=day(2019, 8, 2))
    'running'
    >>> from events.dates import parse_date_value
    >>> status_of(None, parse_date_value("2025-12-27/.."), True, pendulum.date(2026, 11, 30))
    'open'
    """
    if explicit is not None:
        return explicit
    if date.open or (end is not None and end.open):
        return _open_status(date, derived, as_of, end)
    last = end if end is not None else date
    beyond = horizon if horizon is not None and as_of > horizon else None  # the horizon, if passed
    if end is not None and date.latest <= as_of <= end.latest and end.latest != date.latest:
        return "unconfirmed" if beyond is not None and date.latest > beyond else "running"
    if last.latest <= as_of:
        return "unconfirmed" if beyond is not None and last.latest > beyond else "occurred"
    return "projected" if derived else "scheduled"


def _open_status(
    date: DateValue, derived: bool, as_of: pendulum.Date, end: DateValue | None
) -> Status:
    """A date or span with an open part: the horizon never makes it unconfirmed, because there is
    no day on which the record should have confirmed it. An open date is open from the earliest
    day it may fall on, as every view counts it; a decided start begins as any span's does."""
    if date.open:
        return "open" if date.earliest <= as_of else "projected" if derived else "scheduled"
    if as_of < date.latest:
        return "projected" if derived else "scheduled"
    return "running"  # a decided start, an end still open
