"""The one clock: what "today" is where a timeline lives, and the instant HTTP dates are stamped.

Nothing else in the project reads the time of day. Commands take their day from `--as-of`, else
from here, so a test moves every command's "today" in one place, and the test suite runs a second
time with the clock shifted more than a year ahead to prove that no assertion depends on the day.
"""

from __future__ import annotations

import datetime as dt

import pendulum


def today_in(zone: str) -> pendulum.Date:
    """Today where the timeline lives: a deadline in Tokyo turns over before one in Washington."""
    return pendulum.today(zone).date()


def now_utc() -> dt.datetime:
    """This instant in UTC, for Last-Modified and the access log."""
    return dt.datetime.now(dt.UTC)
