"""Dates still open ("2022-02-24/.."): the date language, the rules, the statuses, and what every
terminal view, the feed, the JSON and the importers make of them. The web views are in
test_open_web.py; the timeline is tests/data/open-web.toml, whose notice is 2025-07-15."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pendulum
import pytest

from events.dates import DateError, parse_date_value
from events.resolve import resolve
from events.rules import evaluate, parse_expression
from events.status import status_of
from tracker.cli.group import cli
from tracker.files.load import load_timeline

from .helpers import data_file, output_of

OPEN = data_file("open-web.toml")
BEFORE_RECEIPT = "2026-03-05"  # the UNFCCC notice still open in the record
AS_OF = "2026-11-30"
DAY = 86400


@pytest.mark.parametrize(
    ("text", "label", "earliest", "approximate"),
    [
        ("2022-02-24/..", "2022-02-24/..", "2022-02-24", False),
        ("2027-03/..", "2027-03/..", "2027-03-01", False),
        ("2027/..", "2027/..", "2027-01-01", False),
        ("~2027-02-01/..", "2027-02-01/..", "2027-02-01", True),
    ],
)
def test_an_open_date_is_its_earliest_day_and_an_open_end(text, label, earliest, approximate):
    value = parse_date_value(text)
    assert (value.label, value.precision, value.earliest.isoformat()) == (label, "open", earliest)
    assert (value.open, value.is_vague, value.approximate) == (True, True, approximate)
    assert value.lower_bound.open is False


@pytest.mark.parametrize("text", ["..", "/..", "2022-02-24T10:00Z/..", "2022-02-24/../.."])
def test_an_open_date_needs_its_earliest_day_and_no_time(text):
    with pytest.raises(DateError, match=r"2022-02-24/\.\."):  # the message shows the form
        parse_date_value(text)


NOTICE = parse_date_value("2025-07-15")
CONFLICT_END = parse_date_value("2022-02-24/..")
LATER_OPEN = parse_date_value("2026-03/..")


@pytest.mark.parametrize(
    ("rule", "label"),
    [
        # the later of a known day and an unknown one is unknown, and not before the known one
        ("latest(notice + 6 months, conflict-end)", "2026-01-15/.."),
        ("latest(notice, later)", "2026-03/.."),
        # the earlier of them is at the latest the known one: decided within a range
        ("earliest(notice, conflict-end)", "2022-02-24/2025-07-15"),
        ("earliest(notice, later)", "2025-07-15"),
        ("earliest(conflict-end, later)", "2022-02-24/.."),
        ("conflict-end + 6 months", "2022-08-24/.."),
        ("end_of_year(later)", "2026-12-31/.."),
        ("open_from(notice + 6 months)", "2026-01-15/.."),
    ],
)
def test_rules_carry_openness(rule, label):
    known = {"notice": NOTICE, "conflict-end": CONFLICT_END, "later": LATER_OPEN}
    assert evaluate(parse_expression(rule).node, lambda ref: known[ref.event_id]).label == label


@pytest.mark.parametrize(
    ("day", "derived", "status"),
    [
        ("2026-01-14", True, "projected"),
        ("2026-01-14", False, "scheduled"),
        ("2026-01-15", True, "open"),
        ("2030-01-01", True, "open"),
    ],
)
def test_an_open_date_is_open_once_its_earliest_day_has_come(day, derived, status):
    # a horizon long past never makes it unconfirmed: no day exists on which to confirm it
    date = parse_date_value("2026-01-15/..")
    horizon = pendulum.date(2025, 1, 1)
    assert status_of(None, date, derived, pendulum.Date.fromisoformat(day), None, horizon) == status


def test_a_span_whose_end_is_open_runs_until_it_is_decided():
    start, end = parse_date_value("2022-02-24"), parse_date_value("2022-02-24/..")
    assert status_of(None, start, False, pendulum.date(2022, 2, 23), end) == "scheduled"
    assert status_of(None, start, False, pendulum.date(2040, 1, 1), end) == "running"


def test_a_revision_decides_an_open_date_and_every_rule_that_waits_for_it(tmp_path):
    text = Path(OPEN).read_text(encoding="utf-8")
    block = (
        'id = "conflict-end"\ntitle = "End of the conflict"\ndate = "2022-02-24/.."\n'
        'sources = [{ title = "Report", url = "https://example.org/conflict" }]\n'
    )
    decided = text.replace(
        block,
        block + '[[event.revision]]\non = 2027-03-01\ndate = 2027-02-28\nreason = "Armistice"\n'
        'sources = [{ title = "Armistice", url = "https://example.org/a" }]\n',
    )
    decided = decided.replace("updated = 2026-11-30", "updated = 2027-03-01")  # checked then
    assert decided != text
    path = tmp_path / "decided.toml"
    path.write_text(decided, encoding="utf-8")
    before = resolve(load_timeline(str(path)), pendulum.date(2027, 2, 28))
    after = resolve(load_timeline(str(path)), pendulum.date(2027, 3, 1))
    assert (before["effective"].date.label, before["effective"].status) == ("2026-01-15/..", "open")
    assert (after["effective"].date.label, after["effective"].status) == ("2027-02-28", "occurred")


def test_show_says_open_and_or_later(invoke):
    assert output_of(invoke("show", "-t", OPEN, "--as-of", AS_OF, columns=120)).splitlines() == [
        "Date                   When                        Id               Title"
        "                           Kind       Status",
        "─" * 120,
        "2022-02-24/..          end open                    conflict         Armed conflict"
        "                  window     running",
        "2022-02-24/..          open                        conflict-end     End of the conflict"
        "             milestone  open",
        "2025-07-15             1 year ago                  notice           Notice received"
        "                 milestone  occurred",
        "2026-01-15/.. *        no notice on record         effective        Withdrawal takes effect"
        "         deadline   open",
        "── today 2026-11-30 " + "─" * 100,
        "2027-01-10/2027-03/..  in 41 days                  talks            Talks"
        "                           window     scheduled",
        "2027-02-01/..          in about 2 months or later  review           Review conference"
        "               meeting    scheduled",
        "2027-07-15/.. *        in 7 months or later        effective-later  Second withdrawal takes"
        " effect  deadline   projected",
        "",
        "* derived from a rule: `tracker explain ID` shows how",
    ]


def test_next_counts_at_least_to_an_open_deadline(invoke):
    """`effective` waits on `conflict-end`, a date given open: once its earliest day has come it
    is no deadline (test_suspension.py); `effective-later` waits on a span's open end."""
    assert output_of(invoke("next", "-t", OPEN, "--as-of", AS_OF, columns=100)).splitlines()[
        2:4
    ] == [
        "2027-07-15/.. *  at least 227 days  effective-later  Second withdrawal takes effect",
        "",
    ]


@pytest.mark.parametrize(
    ("event_id", "as_of", "sentence", "quiet"),
    [
        (
            "effective-later",
            AS_OF,
            "at least 227 days (7 months and 15 days) until effective-later (Second withdrawal "
            "takes effect) on 2027-07-15/.., the earliest it can be, as of 2026-11-30.",
            "227",
        ),
        (
            # it rests on the end of a conflict given as open: nothing on record to count to
            "effective",
            AS_OF,
            "effective (Withdrawal takes effect) has no days to count: no notice on record; not "
            "before 2026-01-15, as of 2026-11-30.",
            None,
        ),
        (
            "effective",
            "2026-01-14",
            "at least 1 day until effective (Withdrawal takes effect) on 2026-01-15/.., the "
            "earliest it can be, as of 2026-01-14.",
            "1",
        ),
        (
            "review",
            AS_OF,
            "about 63 days or more (2 months and 2 days) until review (Review conference) on "
            "2027-02-01/.., the earliest it can be, as of 2026-11-30.",
            "63",
        ),
        (
            "talks",
            "2027-02-01",
            "at least 28 days (1 month) until the end of talks (Talks) on 2027-03/.., the earliest "
            "it can be, as of 2027-02-01.",
            "28",
        ),
        (
            "conflict",
            AS_OF,
            "conflict (Armed conflict) began 2022-02-24 and its end is open: not before "
            "2022-02-24 (1740 days ago), no day is known yet, as of 2026-11-30.",
            "-1740",
        ),
    ],
)
def test_until_counts_to_the_earliest_day_then_says_open(
    runner, invoke, event_id, as_of, sentence, quiet
):
    assert (
        output_of(invoke("until", "-t", OPEN, event_id, "--as-of", as_of, columns=80))
        == sentence + "\n"
    )
    answer = runner.invoke(cli, ["until", "-t", OPEN, event_id, "--as-of", as_of, "-q"])
    # nothing to count: nothing on standard output, and exit 3
    assert (answer.exit_code, answer.output) == ((0, quiet + "\n") if quiet else (3, ""))


def test_until_json_has_no_latest_day_for_an_open_date(invoke):
    output = output_of(
        invoke("until", "-t", OPEN, "effective", "--as-of", AS_OF, "--json", columns=80)
    )
    (event,) = json.loads(output)["events"]
    assert {k: event[k] for k in ("status", "date", "precision", "days_until", "recorded")} == {
        "status": "open",
        "date": "2026-01-15/..",
        "precision": "open",
        "days_until": None,
        "recorded": False,
    }
    assert event["days_until_latest"] is None


def test_the_chart_draws_an_arrow_after_the_earliest_day_and_says_so(invoke):
    lines = output_of(invoke("chart", "-t", OPEN, "--as-of", AS_OF, columns=80)).splitlines()
    effective = next(line for line in lines if "Withdrawal takes effect" in line)
    conflict = next(line for line in lines if "Armed conflict" in line)
    assert effective.startswith("2026-01-15 ")
    assert "Withdrawal takes effect, date open ◆→" in effective
    assert conflict.startswith("2022-02-24 ━ Armed conflict, running, end open ━")
    assert conflict.endswith("━→┊")  # the bar runs to today's line, then the arrow
    assert "→ open: not before this day, no day known yet" in "\n".join(lines[-3:])


def test_the_feed_puts_an_open_date_on_its_earliest_day_tentative_and_says_so(runner, invoke, read):
    feed = runner.invoke(cli, ["export", "ics", "-t", OPEN, "--as-of", AS_OF]).stdout_bytes
    events = {e["uid"].split("@")[0]: e for e in read(feed)}
    effective = events["effective"]
    assert (effective["summary"], effective["start"], effective["end"]) == (
        "Withdrawal takes effect (open: not before this day)",
        "2026-01-15",
        "2026-01-16",
    )
    assert effective["status"] == "TENTATIVE"
    conflict = events["conflict"]
    assert (conflict["summary"], conflict["start"], conflict["status"]) == (
        "Armed conflict (end open)",
        "2022-02-24",
        "CONFIRMED",
    )
    assert events["notice"]["summary"] == "Notice received"


def test_an_open_deadline_is_reminded_of_before_its_earliest_day_and_says_so(runner, invoke, read):
    """Every deadline gets its alarms; an open one's count to its earliest day, and their text
    says it is open, as the SUMMARY does."""
    # as the record stood before the day of receipt was reported (2026-03-06)
    feed = runner.invoke(
        cli, ["export", "ics", "-t", "unfccc", "--as-of", BEFORE_RECEIPT]
    ).stdout_bytes
    (effective,) = [e for e in read(feed) if e["uid"].startswith("effective@")]
    assert (effective["start"], effective["alarms"]) == ("2027-01-07", [-30 * DAY, -7 * DAY, -DAY])
    (vevent,) = [
        c
        for c in icalendar.Calendar.from_ical(feed).walk("VEVENT")
        if str(c["UID"]).startswith("effective@")
    ]
    what = "U.S. withdrawal from the UNFCCC takes effect (open: not before this day)"
    assert [str(alarm["DESCRIPTION"]) for alarm in vevent.walk("VALARM")] == [
        f"30 days to go: {what}",
        f"7 days to go: {what}",
        f"1 day to go: {what}",
    ]


@pytest.mark.parametrize("fmt", ["ics", "csv"])
def test_an_open_date_survives_a_round_trip_through_an_export(invoke, home, tmp_path, fmt):
    exported = tmp_path / f"open.{fmt}"
    output_of(invoke("export", fmt, "-t", OPEN, "--as-of", AS_OF, "-o", str(exported), columns=80))
    output_of(invoke("import", str(exported), "--id", "copy", columns=80))
    original = resolve(load_timeline(OPEN), pendulum.date(2026, 11, 30))
    copy = resolve(load_timeline(str(home / "copy.toml")), pendulum.date(2026, 11, 30))
    labels = {e.id: (e.event.title, e.span_label, e.open) for e in original}
    if fmt == "ics":  # a span's end open from a month comes back open from its last day
        labels["talks"] = ("Talks", "2027-01-10/2027-03-31/..", False)
    assert {e.id: (e.event.title, e.span_label, e.open) for e in copy} == labels


def test_list_names_the_earliest_day_of_an_open_next_deadline(invoke, home):
    """A deferral nobody can date yet (`open_from`), its earliest day come: the next deadline."""
    home.mkdir()
    (home / "deferred.toml").write_text(
        '[timeline]\nid = "deferred"\ntitle = "Deferred"\n\n[[event]]\nid = "notice"\n'
        'title = "Notice"\ndate = 2025-07-15\n\n[[event]]\nid = "effective"\ntitle = "E"\n'
        'kind = "deadline"\ndate = "open_from(notice + 6 months)"\n',
        encoding="utf-8",
    )
    lines = output_of(invoke("list", "--as-of", AS_OF, columns=200)).splitlines()
    deferred = next(line for line in lines if line.startswith("deferred "))
    assert "2026-01-15 effective (open)" in deferred


def test_ukraine_suspended_the_convention_and_no_withdrawal_date_is_counted(invoke):
    """Ukraine notified a suspension (VCLT Art. 62) on 2025-07-18, not an Art. 20 instrument of
    withdrawal: a span until lifted, contested from Switzerland's objection, and no deadline."""
    ottawa = resolve(load_timeline("ottawa"), pendulum.date(2026, 11, 30))
    suspension = ottawa["ukraine-suspension"]
    assert (suspension.span_label, suspension.status, suspension.event.kind) == (
        "2025-07-18/..",
        "running",
        "suspension",
    )
    assert ottawa["ukraine-armed-conflict"].span_label == "2022-02-24/.."
    assert "ukraine-effective" not in ottawa
    row = next(
        line
        for line in output_of(
            invoke("show", "-t", "ottawa", "--as-of", "2026-11-30", columns=200)
        ).splitlines()
        if "ukraine-suspension" in line
    )
    assert row.split("  ")[-1].strip() == "suspended (contested)"
    assert "until lifted" in row


def test_a_range_from_a_later_day_keeps_what_is_still_open(invoke):
    """`--from D` keeps an event that may fall on or after D, and an open date may fall any day."""
    output = output_of(
        invoke("show", "-t", OPEN, "--as-of", AS_OF, "--from", "2030-01-01", columns=120)
    )
    ids = [line[51:].split()[0] for line in output.splitlines()[2:] if line[:4].isdigit()]
    assert ids == [
        "conflict",
        "conflict-end",
        "effective",
        "talks",
        "review",
        "effective-later",
    ]


def test_an_open_date_from_a_month_is_open_in_every_view_once_that_month_begins(invoke, tmp_path):
    """Open from March 2027: on 2027-03-15 it may already fall any day, so the status, the When
    cell, next, until and -q all say open; none counts to the month's last day."""
    path = tmp_path / "month.toml"
    path.write_text(
        '[timeline]\nid = "month"\ntitle = "Month"\n\n[[event]]\nid = "x"\ntitle = "X"\n'
        'date = "2027-03/.."\nkind = "deadline"\n'
        'sources = [{ title = "S", url = "https://example.org/s" }]\n',
        encoding="utf-8",
    )
    day = ("-t", str(path), "--as-of", "2027-03-15")
    assert output_of(invoke("show", *day, columns=80)).splitlines()[2].split() == [
        "2027-03/..",
        "open",
        "x",
        "X",
        "deadline",
        "open",
    ]
    assert output_of(invoke("next", *day, columns=80)).splitlines()[2].split() == [
        "2027-03/..",
        "open",
        "x",
        "X",
    ]
    assert (
        output_of(invoke("until", "x", *day, "-q", columns=80)) == "-14\n"
    )  # an integer always, as documented
    before = ("-t", str(path), "--as-of", "2027-02-28")
    (row,) = [
        line
        for line in output_of(invoke("show", *before, columns=80)).splitlines()
        if line[:4] == "2027"
    ]
    assert row.split()[1:4] == ["tomorrow", "or", "later"]
    assert row.split()[-1] == "scheduled"
    assert output_of(invoke("until", "x", *before, "-q", columns=80)) == "1\n"


def test_a_narrow_table_never_breaks_an_open_date_before_its_dots(invoke):
    lines = output_of(invoke("show", "-t", OPEN, "--as-of", AS_OF, columns=60)).splitlines()
    assert [line.split()[0] for line in lines if line[:1].isdigit()] == [
        "2022-02-24/..",
        "2022-02-24/..",
        "2025-07-15",
        "2026-01-15/..",
        "2027-01-10/",
        "2027-03/..",
        "2027-02-01/..",
        "2027-07-15/..",
    ]


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_an_open_date_on_the_charts_last_day_keeps_its_arrow(invoke, columns):
    """The UNFCCC withdrawal, open from 2027-01-07 until the day of receipt was reported, is the
    chart's last day: a column is kept right of the axis for its arrow."""
    lines = output_of(
        invoke("chart", "-t", "unfccc", "--as-of", BEFORE_RECEIPT, columns=columns)
    ).splitlines()
    effective = next(line for line in lines if line.startswith("2027-01-07 "))
    assert effective.endswith("◆→")
    assert max(len(line) for line in lines) <= columns


def test_a_file_with_an_open_date_missing_its_day_says_how_to_write_one(runner, invoke, tmp_path):
    path = tmp_path / "dots.toml"
    path.write_text(
        '[timeline]\nid = "dots"\ntitle = "Dots"\n\n[[event]]\nid = "x"\ntitle = "X"\n'
        'date = ".."\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert result.output == (
        f"{path}: event 'x', field 'date': '..' is not a date (expected 1987, 2018-10, "
        "2019-02-02, ~2019-02-01, 2019-04-27/2019-04-28 or, for a date not decided yet, its "
        "earliest day and /.. as in 2022-02-24/..) at column 1 of '..'\n"
    )
