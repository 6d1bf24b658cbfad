"""Date values with honest precision, and the calendar arithmetic that keeps them honest.

A date is known as an interval of days, [earliest, latest]: "2018-10" is every day of October 2018.
Arithmetic applies to both ends, so vagueness flows through derivation without special cases, and a
result is printed as a month or a year only when the interval really is one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pendulum
from pendulum.parsing.exceptions import ParserError
from pendulum.tz.exceptions import InvalidTimezone

Precision = Literal["year", "month", "day", "datetime", "range", "open"]
Unit = Literal["days", "weeks", "months", "years", "business days"]

# Digits are ASCII only ([0-9], not \d, which also matches "٢٠١٩" and "²"): a date is written the
# way ISO 8601 writes it, and int() would otherwise accept some of those digits and not others.
_YEAR = re.compile(r"^([0-9]{4})$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_DAY = re.compile(r"^(~?)([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_RANGE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})/([0-9]{4}-[0-9]{2}-[0-9]{2})$")
# An open date, as ISO 8601-2 (EDTF) writes an interval with an open end: "2022-02-24/..".
_OPEN = re.compile(r"^(~?[0-9]{4}(?:-[0-9]{2}){0,2})/\.\.$")
OPEN_END = "/.."
_DATETIME = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)"
    r"(?:(Z|[+-][0-9]{2}:[0-9]{2})|\s+([A-Za-z][A-Za-z0-9_+\-/]{0,63}))?$"
)
# An IANA zone name: letters, digits, "_+-" and "/" between parts, never "." (so never a path
# out of the tz database) and never longer than any real name, so no lookup fails on its length.
_ZONE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*$")
_ZONE_LENGTH = 64

FIRST_DAY = pendulum.date(1, 1, 1)
LAST_DAY = pendulum.date(9999, 12, 30)
"""Every date, given or derived, falls in [FIRST_DAY, LAST_DAY]. The last day is 9999-12-30, not
Python's 9999-12-31: an all-day event in a calendar feed ends on the day after its last day, so a
date that `check` accepts can always be exported."""
CALENDAR = f"the calendar ({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})"


class DateError(ValueError):
    """A date that cannot exist or cannot be computed; carries the text that caused it."""

    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.value = value


@dataclass(frozen=True, slots=True)
class Offset:
    """A signed calendar step such as "+ 6 months" or "- 2 business days".

    >>> str(Offset(6, "months"))
    '+ 6 months'
    """

    amount: int
    unit: Unit

    def __str__(self) -> str:
        sign = "-" if self.amount < 0 else "+"
        size = abs(self.amount)
        unit = self.unit[:-1] if size == 1 else self.unit
        if self.unit == "business days" and size == 1:
            unit = "business day"
        return f"{sign} {size} {unit}"

    def negated(self) -> Offset:
        """The same step backwards: a reminder "30 days" before a deadline."""
        return Offset(-self.amount, self.unit)


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as precisely as it is known: an interval of days, or one instant.

    `instant` is set only for datetime precision; then `earliest == latest` is its day, in its own
    zone until `in_zone` gives the day in the timeline's (as resolution does). `approximate`
    marks "about this day", and every date derived from it inherits the flag.

    `open` marks a date not decided yet, such as the end of an armed conflict: it falls on or
    after [earliest, latest] and nobody can say when. Arithmetic moves that lower bound, so a
    withdrawal deferred to the end of the conflict is open too, from its own earliest day; a view
    places an open date at its lower bound and says it is open rather than invent a day.

    >>> parse_date_value("2018-10").label
    '2018-10'
    >>> parse_date_value("2018-10").add(Offset(60, "days")).label
    '2018-11-30/2018-12-30'
    """

    earliest: pendulum.Date
    latest: pendulum.Date
    approximate: bool = False
    instant: pendulum.DateTime | None = None
    open: bool = False

    @property
    def precision(self) -> Precision:
        if self.open:
            return "open"
        if self.instant is not None:
            return "datetime"
        start, end = self.earliest, self.latest
        if start == end:
            return "day"
        if start.day == 1 and end == start.end_of("month") and start.month == end.month:
            return "month" if start.year == end.year else "range"
        if (start.month, start.day, end.month, end.day) == (
            1,
            1,
            12,
            31,
        ) and start.year == end.year:
            return "year"
        return "range"

    @property
    def is_vague(self) -> bool:
        return self.earliest != self.latest or self.open

    @property
    def lower_bound(self) -> DateValue:
        """An open date's earliest possible day (or days), as a decided date; itself otherwise."""
        return replace(self, open=False) if self.open else self

    @property
    def label(self) -> str:
        """ISO 8601 as printed everywhere: `2019-02-02`, `2018-10`, `1987`, or `start/end`; an
        open date is its lower bound and `/..`, as ISO 8601-2 writes an open end.

        The `~` of an approximate date is not part of the label; the `approximate` flag says it.
        """
        if self.open:
            return self.lower_bound.label + OPEN_END
        precision = self.precision
        if precision == "datetime":
            assert self.instant is not None
            return _format_instant(self.instant)
        if precision == "day":
            return self.earliest.isoformat()
        if precision == "month":
            return self.earliest.format("YYYY-MM")
        if precision == "year":
            return str(self.earliest.year)
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    def in_zone(self, zone: str) -> DateValue:
        """An instant counted on the days of `zone` (its timeline's): the same moment written in
        New York or in UTC falls on the same day of the timeline, so day counts, statuses and
        chart positions agree; the label keeps the zone it was written in. A day, month or
        range is already a day of the timeline and is returned as it is.

        >>> late = parse_date_value("2025-09-27T20:00 America/New_York")
        >>> late.earliest.isoformat(), late.in_zone("UTC").earliest.isoformat()
        ('2025-09-27', '2025-09-28')
        >>> late.in_zone("UTC").label
        '2025-09-27T20:00:00-04:00'
        """
        if self.instant is None:
            return self
        try:
            day = self.instant.in_timezone(zone).date()
        except OverflowError:  # at the calendar's edge (0001-01-01, 9999-12-31) the day in that
            return self  # zone is outside it: keep the day it was written on, the nearest there is
        return replace(self, earliest=day, latest=day)

    @property
    def zone(self) -> str | None:
        """The IANA zone name of a datetime, or None for UTC, fixed offsets and days."""
        if self.instant is None:
            return None
        name: str | None = getattr(self.instant.tzinfo, "name", None)
        return name if name and "/" in name else None

    def add(self, offset: Offset) -> DateValue:
        """Apply one offset to both ends; months and years clamp to the month's last day."""
        if self.instant is not None:
            moved = _shift_instant(self.instant, offset)
            shifted = replace(self, earliest=moved.date(), latest=moved.date(), instant=moved)
            return _within(shifted, f"{self.label} {offset}")
        return replace(
            self, earliest=shift_day(self.earliest, offset), latest=shift_day(self.latest, offset)
        )

    def as_days(self) -> DateValue:
        """The same value without its time of day, for functions that work on whole days."""
        return replace(self, instant=None)

    def map_days(self, step: Callable[[pendulum.Date], pendulum.Date], name: str) -> DateValue:
        """Apply a whole-day function (`start_of_month`, `end_of_year`, ...) to both ends; `name`
        is how the rule wrote it, for the error when the result leaves the calendar."""
        days = self.as_days()
        mapped = replace(days, earliest=step(days.earliest), latest=step(days.latest))
        return _within(mapped, f"{name}({self.label})")

    def sort_key(self) -> tuple[pendulum.Date, pendulum.Date, bool]:
        """Earliest first; an open date after a decided one with the same bounds."""
        return (self.earliest, self.latest, self.open)


def day(year: int, month: int, day_: int, *, approximate: bool = False) -> DateValue:
    """A single known (or approximately known) day.

    >>> day(2019, 2, 2).label
    '2019-02-02'
    """
    written = f"{year:04d}-{month:02d}-{day_:02d}"
    try:
        value = pendulum.date(year, month, day_)
    except ValueError as exc:
        if year == 0 and 1 <= month <= 12:
            raise DateError(f"{written} is outside {CALENDAR}", written) from exc
        raise DateError(f"{written} is not a date ({exc})", written) from exc
    return _within(DateValue(value, value, approximate), written)


def from_python(value: dt.date | dt.datetime, default_zone: str = "UTC") -> DateValue:
    """A TOML date or datetime as a DateValue; a datetime without a zone is in `default_zone`."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            instant = local_time(value, default_zone)
        else:
            instant = pendulum.instance(value)
        return _within(DateValue(instant.date(), instant.date(), False, instant), value.isoformat())
    return day(value.year, value.month, value.day)


def local_time(naive: dt.datetime, zone: str) -> pendulum.DateTime:
    """A wall-clock time in `zone`, read as RFC 5545 (3.3.5) reads one, however it was written.

    A time that occurs twice (clocks going back) is the first occurrence; a time that does not
    exist (clocks going forward) is read with the offset before the gap, so 02:30 on a spring-
    forward night is 03:30 in the new offset.

    >>> local_time(dt.datetime(2019, 10, 27, 2, 30), "Europe/Berlin").isoformat()
    '2019-10-27T02:30:00+02:00'
    >>> local_time(dt.datetime(2019, 3, 31, 2, 30), "Europe/Berlin").isoformat()
    '2019-03-31T03:30:00+02:00'
    """
    tz = pendulum.timezone(zone)
    first = naive.replace(tzinfo=ZoneInfo(zone), fold=0)  # zoneinfo: fold 0 is both RFC rules
    return pendulum.instance(first.astimezone(dt.UTC)).in_timezone(tz)


def is_literal(text: str) -> bool:
    """True when `text` is a date written outright rather than an expression."""
    text = text.strip()
    return any(p.match(text) for p in (_YEAR, _MONTH, _DAY, _RANGE, _DATETIME, _OPEN))


def parse_date_value(text: str, default_zone: str = "UTC") -> DateValue:
    """Parse a date written outright: `1987`, `2018-10`, `2019-02-02`, `~2019-02-01`, a range of
    days `2019-04-27/2019-04-28` (as the tool prints one), datetimes, and a date still open
    `2022-02-24/..` (on or after its lower bound, not decided yet).

    >>> parse_date_value("~2019-02-01").approximate
    True
    >>> parse_date_value("2018-11-30/2018-12-30").label
    '2018-11-30/2018-12-30'
    >>> parse_date_value("2019-04-01/2019-04-30").label
    '2019-04'
    >>> parse_date_value("1987").label
    '1987'
    >>> parse_date_value("2022-02-24/..").precision
    'open'
    """
    text = text.strip()
    if match := _OPEN.match(text):
        return replace(parse_date_value(match[1]), open=True)
    if match := _YEAR.match(text):
        year = int(match[1])
        if year == 0:
            raise DateError(f"{text!r} is outside {CALENDAR}", text)
        whole = DateValue(pendulum.date(year, 1, 1), pendulum.date(year, 12, 31))
        return _within(whole, repr(text))
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise DateError(f"{text!r} is not a month", text)
        if year == 0:
            raise DateError(f"{text!r} is outside {CALENDAR}", text)
        start = pendulum.date(year, month, 1)
        return _within(DateValue(start, start.end_of("month")), repr(text))
    if match := _DAY.match(text):
        return day(int(match[2]), int(match[3]), int(match[4]), approximate=bool(match[1]))
    if match := _RANGE.match(text):
        first, last = (parse_date_value(part) for part in (match[1], match[2]))
        if last.earliest < first.earliest:
            raise DateError(f"{text!r} ends before it starts", text)
        return DateValue(first.earliest, last.earliest)
    if match := _DATETIME.match(text):
        return _parse_instant(text, match, default_zone)
    raise DateError(
        f"{text!r} is not a date (expected 1987, 2018-10, 2019-02-02, ~2019-02-01, "
        "2019-04-27/2019-04-28 or, for a date not decided yet, its earliest day and /.. as in "
        "2022-02-24/..)",
        text,
    )


def _parse_instant(text: str, match: re.Match[str], default_zone: str) -> DateValue:
    stamp, offset, zone = match[1].replace(" ", "T"), match[2], match[3]
    try:
        if offset:
            instant = pendulum.parse(stamp + ("+00:00" if offset == "Z" else offset))
        else:
            naive = dt.datetime.fromisoformat(stamp)
            if not known_zone(zone or default_zone):
                raise ZoneInfoNotFoundError(zone)
            instant = local_time(naive, zone or default_zone)
    except (InvalidTimezone, ZoneInfoNotFoundError) as exc:
        raise DateError(f"{text!r}: unknown time zone {zone!r}", text) from exc
    except OverflowError as exc:  # a local time whose UTC instant is in year 0 or 10000
        raise DateError(f"{text!r} is outside {CALENDAR}", text) from exc
    except (ValueError, ParserError) as exc:
        raise DateError(f"{text!r} is not a date and time ({exc})", text) from exc
    assert isinstance(instant, pendulum.DateTime)
    return _within(DateValue(instant.date(), instant.date(), False, instant), repr(text))


def shift_day(value: pendulum.Date, offset: Offset) -> pendulum.Date:
    """Move one day by an offset; months and years clamp (2019-08-31 + 6 months = 2020-02-29).

    >>> str(shift_day(pendulum.date(2019, 8, 31), Offset(6, "months")))
    '2020-02-29'
    >>> str(shift_day(pendulum.date(2019, 2, 1), Offset(1, "business days")))
    '2019-02-04'
    """
    try:
        if offset.unit == "business days":
            moved = _add_business_days(value, offset.amount)
        else:
            moved = value.add(**{offset.unit: offset.amount})
    except (ValueError, OverflowError) as exc:
        raise DateError(f"{value.isoformat()} {offset} is outside {CALENDAR}") from exc
    if not FIRST_DAY <= moved <= LAST_DAY:
        raise DateError(f"{value.isoformat()} {offset} is outside {CALENDAR}")
    return moved


def _shift_instant(value: pendulum.DateTime, offset: Offset) -> pendulum.DateTime:
    try:
        if offset.unit == "business days":
            moved = _add_business_days(value.date(), offset.amount)
            return value.add(days=(moved - value.date()).days)
        return value.add(**{offset.unit: offset.amount})
    except (ValueError, OverflowError) as exc:
        raise DateError(f"{_format_instant(value)} {offset} is outside {CALENDAR}") from exc


def _within(value: DateValue, written: str) -> DateValue:
    """`value` when all of it is in the calendar (an instant also in UTC, which the feed writes),
    else a DateError naming what was written or computed."""
    days: list[dt.date] = [value.earliest, value.latest]
    if value.instant is not None:
        try:
            days.append(value.instant.astimezone(dt.UTC).date())
        except (ValueError, OverflowError):
            days.append(dt.date.max)  # beyond any calendar
    if not all(FIRST_DAY <= d <= LAST_DAY for d in days):
        raise DateError(f"{written} is outside {CALENDAR}", written)
    return value


def known_zone(name: str) -> bool:
    """True for a zone of the tz database. The name is checked before any lookup, because the
    lookup opens a file named after it: "../../etc/passwd" or a 100 KB name must fail as a name.

    >>> known_zone("Europe/London"), known_zone("../../etc/passwd"), known_zone("Mars/Olympus")
    (True, False, False)
    """
    if len(name) > _ZONE_LENGTH or not _ZONE.match(name):
        return False
    try:
        ZoneInfo(name)
        pendulum.timezone(name)
    except (ZoneInfoNotFoundError, InvalidTimezone, ValueError, OSError):
        return False
    return True


def _add_business_days(start: pendulum.Date, amount: int) -> pendulum.Date:
    """Count weekdays, skipping Saturday and Sunday, in constant time for any amount.

    A weekend start counts from the weekday behind it, so "Saturday + 1 business day" is Monday
    and "Saturday - 1 business day" is Friday, as people count.
    """
    if amount == 0:
        return start
    step = 1 if amount > 0 else -1
    current = start
    while current.isoweekday() >= 6:
        current = current.add(days=-step)
    weeks, rest = divmod(abs(amount), 5)
    current = current.add(days=step * 7 * weeks)
    while rest:
        current = current.add(days=step)
        if current.isoweekday() < 6:
            rest -= 1
    return current


def _format_instant(value: pendulum.DateTime) -> str:
    if value.utcoffset() == dt.timedelta(0) and value.tzinfo is not None and _is_utc(value):
        return value.format("YYYY-MM-DDTHH:mm:ss") + "Z"
    return value.isoformat()


def _is_utc(value: pendulum.DateTime) -> bool:
    name = getattr(value.tzinfo, "name", "")
    return name in ("UTC", "Etc/UTC", "+00:00", "Z") or not name
