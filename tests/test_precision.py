"""Honest precision as a table: each kind of date through each kind of rule."""

from __future__ import annotations

import pytest

from events.dates import parse_date_value
from events.rules import evaluate, parse_expression

INPUTS = {
    "year": parse_date_value("1987"),
    "month": parse_date_value("2018-10"),
    "day": parse_date_value("2019-02-02"),
    "about": parse_date_value("~2019-02-01"),
    "other": parse_date_value("2019-01-15"),
}

# (rule, label, precision, approximate)
TABLE = [
    ("year + 60 days", "1987-03-02/1988-02-29", "range", False),
    ("year + 6 months", "1987-07-01/1988-06-30", "range", False),
    ("year + 1 year", "1988", "year", False),
    ("earliest(year, other)", "1987", "year", False),
    ("latest(year, other)", "2019-01-15", "day", False),
    ("end_of_year(year)", "1987-12-31", "day", False),
    ("month + 60 days", "2018-11-30/2018-12-30", "range", False),
    ("month + 6 months", "2019-04", "month", False),
    ("month + 1 year", "2019-10", "month", False),
    ("earliest(month, other)", "2018-10", "month", False),
    ("latest(month, other)", "2019-01-15", "day", False),
    ("end_of_month(month)", "2018-10-31", "day", False),
    ("day + 60 days", "2019-04-03", "day", False),
    ("day + 6 months", "2019-08-02", "day", False),
    ("day + 1 year", "2020-02-02", "day", False),
    ("earliest(day, other)", "2019-01-15", "day", False),
    ("latest(day, other)", "2019-02-02", "day", False),
    ("about + 60 days", "2019-04-02", "day", True),
    ("about + 6 months", "2019-08-01", "day", True),
    ("about + 1 year", "2020-02-01", "day", True),
    ("earliest(about, other)", "2019-01-15", "day", True),
    ("latest(about, other)", "2019-02-01", "day", True),
]


@pytest.mark.parametrize(("rule", "label", "precision", "approximate"), TABLE)
def test_precision_flows_through_rules(rule, label, precision, approximate):
    value = evaluate(parse_expression(rule).node, lambda ref: INPUTS[ref.event_id])
    assert (value.label, value.precision, value.approximate) == (label, precision, approximate)
