"""Date values: parsing, precision, labels and calendar arithmetic."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.dates import DateError, DateValue, Offset, day, parse_date_value, shift_day


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "label"),
    [
        ("2019-02-02", "2019-02-02", "2019-02-02", "day", "2019-02-02"),
        ("2018-10", "2018-10-01", "2018-10-31", "month", "2018-10"),
        ("2020-02", "2020-02-01", "2020-02-29", "month", "2020-02"),
        ("1987", "1987-01-01", "1987-12-31", "year", "1987"),
        ("~2019-02-01", "2019-02-01", "2019-02-01", "day", "2019-02-01"),
    ],
)
def test_written_dates_have_their_precision(text, earliest, latest, precision, label):
    value = parse_date_value(text)
    assert value.earliest.isoformat() == earliest
    assert value.latest.isoformat() == latest
    assert value.precision == precision
    assert value.label == label
    assert value.approximate == text.startswith("~")


def test_datetime_with_zone_keeps_its_zone():
    value = parse_date_value("2020-01-31T23:00 Europe/London")
    assert value.precision == "datetime"
    assert value.zone == "Europe/London"
    assert value.label == "2020-01-31T23:00:00+00:00"
    assert value.earliest == pendulum.date(2020, 1, 31)


def test_utc_datetime_prints_with_z():
    assert parse_date_value("2020-01-31T23:00:00Z").label == "2020-01-31T23:00:00Z"


@pytest.mark.parametrize("text", ["2019-02-30", "2019-13", "19-02-01", "next week"])
def test_impossible_dates_are_errors(text):
    with pytest.raises(DateError):
        parse_date_value(text)


def test_unknown_zone_is_an_error_naming_it():
    with pytest.raises(DateError, match="unknown time zone 'Mars/Olympus'"):
        parse_date_value("2020-01-31T23:00 Mars/Olympus")


@pytest.mark.parametrize(
    ("start", "offset", "expected"),
    [
        ("2019-08-31", Offset(6, "months"), "2020-02-29"),
        ("2020-02-29", Offset(1, "years"), "2021-02-28"),
        ("2019-03-31", Offset(-1, "months"), "2019-02-28"),
        ("2018-12-04", Offset(60, "days"), "2019-02-02"),
        ("2019-02-02", Offset(6, "months"), "2019-08-02"),
        ("2019-01-01", Offset(2, "weeks"), "2019-01-15"),
        ("2019-02-01", Offset(1, "business days"), "2019-02-04"),  # Friday -> Monday
        ("2019-02-02", Offset(1, "business days"), "2019-02-04"),  # Saturday -> Monday
        ("2019-02-03", Offset(-1, "business days"), "2019-02-01"),  # Sunday -> Friday
        ("2019-02-04", Offset(10, "business days"), "2019-02-18"),
        ("2019-02-04", Offset(-6, "business days"), "2019-01-25"),
        ("2019-02-06", Offset(3, "business days"), "2019-02-11"),  # Wednesday -> Monday
    ],
)
def test_calendar_arithmetic(start, offset, expected):
    assert shift_day(pendulum.parse(start).date(), offset).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "offset", "label", "precision"),
    [
        ("2018-10", Offset(6, "months"), "2019-04", "month"),
        ("2018-10", Offset(60, "days"), "2018-11-30/2018-12-30", "range"),
        ("2018-10", Offset(1, "years"), "2019-10", "month"),
        ("1987", Offset(1, "years"), "1988", "year"),
        ("1987", Offset(6, "months"), "1987-07-01/1988-06-30", "range"),
        ("2019-02", Offset(1, "months"), "2019-03-01/2019-03-28", "range"),
    ],
)
def test_vagueness_flows_through_arithmetic(text, offset, label, precision):
    value = parse_date_value(text).add(offset)
    assert value.label == label
    assert value.precision == precision


def test_approximate_flag_is_inherited():
    assert parse_date_value("~2019-02-01").add(Offset(1, "months")).approximate


def test_far_offsets_are_date_errors_not_crashes():
    with pytest.raises(DateError, match="outside the calendar"):
        day(2019, 1, 1).add(Offset(9000, "years"))


def test_offset_prints_singular_and_plural():
    assert [str(Offset(1, "days")), str(Offset(-2, "business days"))] == [
        "+ 1 day",
        "- 2 business days",
    ]


days_in_range = st.dates(min_value=pendulum.date(1900, 1, 1), max_value=pendulum.date(2100, 12, 31))


@given(days_in_range, st.integers(min_value=-20000, max_value=20000))
def test_adding_then_subtracting_days_is_identity(start, n):
    value = DateValue(
        pendulum.date(start.year, start.month, start.day),
        pendulum.date(start.year, start.month, start.day),
    )
    assert value.add(Offset(n, "days")).add(Offset(-n, "days")) == value


@given(days_in_range, st.integers(min_value=0, max_value=2000))
def test_business_days_land_on_weekdays(start, n):
    result = shift_day(
        pendulum.date(start.year, start.month, start.day), Offset(n, "business days")
    )
    assert n == 0 or result.isoweekday() < 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-10-27T02:30 Europe/Berlin", "2019-10-27T02:30:00+02:00"),  # twice: the first
        ("2019-03-31T02:30 Europe/Berlin", "2019-03-31T03:30:00+02:00"),  # never: offset before
        ("2019-10-27T02:30+01:00", "2019-10-27T02:30:00+01:00"),  # the second, by its offset
    ],
)
def test_local_times_read_as_rfc_5545_reads_them_however_written(text, expected):
    import datetime as dt

    from events.dates import from_python

    assert parse_date_value(text).label == expected
    if "Europe" in text:
        naive = dt.datetime.fromisoformat(text.split()[0])
        assert from_python(naive, "Europe/Berlin").label == expected
