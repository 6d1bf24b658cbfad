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
    """Explicit status wins; then running, unconfirmed, occurred, projected or scheduled.

    A span runs from its start day through its end day inclusive. A date that has come but lies
    past the record's `horizon` is unconfirmed: due, and not confirmed by the record. A vague
    date has come only once its latest possible day has passed.

    >>> from events.dates import day
    >>> status_of(None, day(2019, 8, 2), True, pendulum.date(2019, 1, 17))
    'projected'
    >>> status_of(None, day(2019, 2, 2), True, pendulum.date(2019, 5, 1), end=day(2019, 8, 2))
    'running'
    """
    if explicit is not None:
        return explicit
    last = end if end is not None else date
    beyond = horizon if horizon is not None and as_of > horizon else None  # the horizon, if passed
    if end is not None and date.latest <= as_of <= end.latest and end.latest != date.latest:
        return "unconfirmed" if beyond is not None and date.latest > beyond else "running"
    if last.latest <= as_of:
        return "unconfirmed" if beyond is not None and last.latest > beyond else "occurred"
    return "projected" if derived else "scheduled"
