"""The one clock: what "today" is where a timeline lives, and the instant HTTP dates are stamped.

Nothing else in the project reads the time of day. Commands take their day from `--as-of`, else
from here, so a test moves every command's "today" in one place, and the test suite runs a second
time with the clock shifted more than a year ahead to prove that no assertion depends on the day.

The day comes from `datetime` and `zoneinfo` (which time-machine moves like everything else), not
from pendulum, so the quick path of `tracker until`, which must not import pendulum, computes
exactly the day the full command line does.
"""

from __future__ import annotations

import datetime as dt

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs the quick path
if TYPE_CHECKING:
    import pendulum


def today_iso(zone: str) -> str:
    """Today where the timeline lives, as YYYY-MM-DD: a deadline in Tokyo turns over before one
    in Washington."""
    if zone == "UTC":  # most timelines: no need to import zoneinfo
        return dt.datetime.now(dt.UTC).date().isoformat()
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(zone)).date().isoformat()


def today_in(zone: str) -> pendulum.Date:
    """`today_iso` as the day commands count from."""
    import pendulum

    return pendulum.Date.fromisoformat(today_iso(zone))


def now_utc() -> dt.datetime:
    """This instant in UTC, for Last-Modified and the access log."""
    return dt.datetime.now(dt.UTC)
