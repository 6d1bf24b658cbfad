"""Distances between days in words: "in 16 days", "7 years ago", "6 months and 16 days".

Deadlines are counted in days, so anything under two months stays in days; further out, people
think in months, then years.
"""

from __future__ import annotations

import pendulum


def relative(target: pendulum.Date, as_of: pendulum.Date) -> str:
    """A short phrase for a table cell.

    >>> relative(pendulum.date(2019, 2, 2), pendulum.date(2019, 1, 17))
    'in 16 days'
    >>> relative(pendulum.date(2019, 8, 2), pendulum.date(2026, 11, 27))
    '7 years ago'
    """
    days = (target - as_of).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    span = _largest_unit(target, as_of)
    return f"in {span}" if days > 0 else f"{span} ago"


def breakdown(target: pendulum.Date, as_of: pendulum.Date) -> str:
    """The distance in calendar units, for people who count in months.

    >>> breakdown(pendulum.date(2019, 8, 2), pendulum.date(2019, 1, 17))
    '6 months and 16 days'
    """
    start, end = sorted((target, as_of))
    interval = pendulum.Interval(start, end)
    days = interval.weeks * 7 + interval.remaining_days
    parts = [
        _plural(interval.years, "year"),
        _plural(interval.months, "month"),
        _plural(days, "day"),
    ]
    words = [p for p in parts if p]
    if not words:
        return "0 days"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _largest_unit(target: pendulum.Date, as_of: pendulum.Date) -> str:
    start, end = sorted((target, as_of))
    days = (end - start).days
    if days < 60:
        return _plural(days, "day")
    interval = pendulum.Interval(start, end)
    if interval.years == 0:
        return _plural(interval.months, "month")
    return _plural(interval.years, "year")


def _plural(count: int, unit: str) -> str:
    if count == 0:
        return ""
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
