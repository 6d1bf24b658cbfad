"""Truth in time: the as-of view shows only what was known that day, a span under way is running,
a date past the record's horizon is unconfirmed, and several timelines answer by id."""

from __future__ import annotations

import json

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.dates import DateValue, day, parse_date_value
from events.model import Event, Source, Timeline
from events.resolve import resolve
from events.rules import parse_expression
from events.status import status_of
from tracker.cli.group import cli

from .helpers import data_file

KNOWN = data_file("known.toml")
D = pendulum.date


def shown(runner, *args):
    result = runner.invoke(cli, ["show", "--json", *args])
    assert result.exit_code == 0, result.output
    return [(e["id"], e["status"]) for e in json.loads(result.output)["events"]]


# Status of a span, day by day ------------------------------------------------------------------

SPAN_DAY = (day(2019, 2, 2), day(2019, 8, 2))
SPAN_VAGUE = (parse_date_value("2019-02"), parse_date_value("2019-08"))
SPAN_INSTANT = (
    parse_date_value("2019-02-02T10:00:00Z"),
    parse_date_value("2019-08-02T10:00:00Z"),
)


@pytest.mark.parametrize(
    ("span", "as_of", "expected"),
    [
        (SPAN_DAY, "2019-02-01", "projected"),  # the day before it starts
        (SPAN_DAY, "2019-02-02", "running"),  # its first day
        (SPAN_DAY, "2019-05-01", "running"),
        (SPAN_DAY, "2019-08-02", "running"),  # its last day, inclusive
        (SPAN_DAY, "2019-08-03", "occurred"),
        (SPAN_VAGUE, "2019-02-27", "projected"),  # the start may still be ahead
        (SPAN_VAGUE, "2019-02-28", "running"),  # February has surely come
        (SPAN_VAGUE, "2019-08-31", "running"),  # August may still be under way
        (SPAN_VAGUE, "2019-09-01", "occurred"),
        (SPAN_INSTANT, "2019-02-01", "projected"),
        (SPAN_INSTANT, "2019-02-02", "running"),
        (SPAN_INSTANT, "2019-08-02", "running"),
        (SPAN_INSTANT, "2019-08-03", "occurred"),
    ],
)
def test_status_of_a_span_by_day(span, as_of, expected):
    start, end = span
    assert status_of(None, start, True, pendulum.parse(as_of).date(), end) == expected


@pytest.mark.parametrize(
    ("date", "end", "as_of", "horizon", "expected"),
    [
        (day(2026, 6, 2), None, "2026-06-01", "2025-06-17", "projected"),
        (day(2026, 6, 2), None, "2026-06-02", "2025-06-17", "unconfirmed"),  # Hungary's ICC exit
        (day(2026, 6, 2), None, "2026-06-02", "2026-06-02", "occurred"),
        (parse_date_value("2025-06"), None, "2025-07-01", "2025-06-17", "unconfirmed"),
        (day(2025, 6, 2), day(2026, 6, 2), "2025-07-01", "2025-06-17", "running"),
        (day(2025, 7, 2), day(2026, 6, 2), "2025-08-01", "2025-06-17", "unconfirmed"),  # start too
        (day(2025, 6, 2), day(2026, 6, 2), "2026-06-03", "2025-06-17", "unconfirmed"),
    ],
)
def test_a_date_past_the_horizon_is_unconfirmed(date, end, as_of, horizon, expected):
    edge = pendulum.parse(horizon).date()
    assert status_of(None, date, True, pendulum.parse(as_of).date(), end, edge) == expected


def test_an_explicit_status_still_wins():
    assert status_of("cancelled", *SPAN_DAY[:1], True, D(2019, 5, 1), SPAN_DAY[1]) == "cancelled"


# What the as-of view lists, around each known day ------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2020-01-09", []),
        (
            "2020-01-10",
            [("threat", "occurred"), ("deadline", "projected"), ("period", "projected")],
        ),
        ("2020-02-14", [("threat", "occurred"), ("deadline", "occurred"), ("period", "running")]),
        (
            "2020-02-15",
            [
                ("threat", "occurred"),
                ("deadline", "occurred"),
                ("period", "running"),
                ("talks", "scheduled"),
            ],
        ),
        (
            "2020-03-19",
            [
                ("threat", "occurred"),
                ("deadline", "occurred"),
                ("period", "running"),
                ("talks", "occurred"),
            ],
        ),
        (
            "2020-03-20",
            [
                ("threat", "occurred"),
                ("deadline", "occurred"),
                ("period", "running"),
                ("talks", "occurred"),
                ("law", "scheduled"),
            ],
        ),
        (
            "2020-05-04",
            [
                ("threat", "occurred"),
                ("deadline", "occurred"),
                ("period", "running"),
                ("talks", "occurred"),
                ("law", "occurred"),
            ],
        ),
        (
            "2020-05-05",
            [
                ("threat", "occurred"),
                ("deadline", "occurred"),
                ("period", "running"),
                ("talks", "occurred"),
                ("law", "occurred"),
                ("surprise", "occurred"),
            ],
        ),
    ],
)
def test_show_lists_each_event_from_its_known_day(runner, as_of, expected):
    assert shown(runner, "-t", KNOWN, "--as-of", as_of) == expected


def test_json_carries_known_and_hindsight_shows_everything(runner):
    result = runner.invoke(cli, ["show", "--json", "-t", KNOWN, "--as-of", "2020-01-10"])
    known = {e["id"]: e["known"] for e in json.loads(result.output)["events"]}
    assert known == {"threat": "2020-01-10", "deadline": "2020-01-10", "period": "2020-01-10"}
    everything = shown(runner, "-t", KNOWN, "--as-of", "2020-01-10", "--hindsight")
    assert [i for i, _ in everything] == [
        "threat",
        "deadline",
        "period",
        "talks",
        "law",
        "surprise",
    ]
    assert dict(everything)["surprise"] == "scheduled"


def test_inf_as_a_reader_of_the_2019_01_17_news_knew_it(runner):
    events = dict(shown(runner, "--as-of", "2019-01-17"))
    assert list(events)[-4:] == [
        "compliance-deadline",
        "withdrawal-notice",
        "withdrawal-window",
        "withdrawal-effective",
    ]
    assert {events[i] for i in list(events)[-4:]} == {"projected"}
    assert "putin-countermeasures" in events and "geneva-talks" in events
    later = {
        "us-announces-suspension",
        "russia-suspends",
        "russia-suspension-decree",
        "russia-suspension-law",
        "us-glcm-test",
        "russia-9m729-display",
        "beijing-talks",
    }
    assert later.isdisjoint(events)


def test_every_export_leaves_out_what_was_not_yet_known(runner):
    for fmt in ("csv", "json", "md", "text", "ics"):
        result = runner.invoke(cli, ["export", fmt, "--as-of", "2019-01-17"])
        assert result.exit_code == 0
        assert "flight-tests a ground-launched" not in result.output, fmt
        assert "Putin signs law" not in result.output, fmt


def test_until_and_explain_of_an_event_not_yet_known_exit_2_saying_when(runner):
    message = (
        "Error: 'us-glcm-test' was not yet known on 2019-05-01: it became known on 2019-08-18 "
        "(--hindsight shows it)\n"
    )
    for command in ("until", "explain"):
        result = runner.invoke(cli, [command, "us-glcm-test", "--as-of", "2019-05-01"])
        assert (result.exit_code, result.output) == (2, message)
    hindsight = runner.invoke(
        cli, ["until", "us-glcm-test", "--as-of", "2019-05-01", "-q", "--hindsight"]
    )
    assert hindsight.output == "109\n"


# Known since, as properties ------------------------------------------------------------------------

days = st.dates(min_value=pendulum.date(2000, 1, 1), max_value=pendulum.date(2030, 12, 31))


@st.composite
def timelines(draw):
    """A few events given outright, some open, some with dated sources or `known`, and rules
    reading them."""
    count = draw(st.integers(1, 6))
    events = []
    for index in range(count):
        when = draw(days)
        source_day = draw(st.none() | days)
        sources = (Source("s", None, pendulum.instance(source_day)),) if source_day else ()
        known = draw(st.none() | days)
        still_open = draw(st.booleans())  # a date still open is known like any other
        value = DateValue(pendulum.instance(when), pendulum.instance(when), open=still_open)
        events.append(
            Event(
                f"e{index}",
                "E",
                value,
                sources=sources,
                known=pendulum.instance(known) if known else None,
            )
        )
    for index in range(draw(st.integers(0, 3))):
        base = draw(st.integers(0, count - 1))
        rule = parse_expression(f"e{base} + {draw(st.integers(0, 400))} days")
        events.append(Event(f"r{index}", "R", rule))
    updated = draw(st.none() | days)
    return Timeline(
        "t", "T", tuple(events), updated=pendulum.instance(updated) if updated else None
    )


@settings(max_examples=150, deadline=None)
@given(timelines(), days)
def test_no_event_appears_before_its_known_day(timeline, as_of):
    as_of = pendulum.instance(as_of)
    for event in resolve(timeline, as_of):
        assert event.known is None or event.known <= as_of


@settings(max_examples=150, deadline=None)
@given(timelines(), days)
def test_the_view_of_a_day_is_the_whole_view_less_what_came_later(timeline, as_of):
    as_of = pendulum.instance(as_of)
    view = resolve(timeline, as_of)
    whole = resolve(timeline, as_of, hindsight=True)
    assert list(view) == [e for e in whole if e.known is None or e.known <= as_of]


# A span under way --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "quiet", "counted"),
    [
        ("2019-01-17", "16", "start"),
        ("2019-05-01", "93", "end"),
        ("2019-08-02", "0", "end"),
        ("2019-08-03", "-182", "start"),
    ],
)
def test_until_a_span_counts_to_its_start_then_to_its_end(runner, as_of, quiet, counted):
    args = ["until", "withdrawal-window", "--as-of", as_of]
    assert runner.invoke(cli, [*args, "-q"]).output == f"{quiet}\n"
    (event,) = json.loads(runner.invoke(cli, [*args, "--json"]).output)["events"]
    assert (event["days_until"], event["counted"]) == (int(quiet), counted)


def test_show_and_next_mark_a_running_window(runner):
    assert dict(shown(runner, "--as-of", "2019-05-01"))["withdrawal-window"] == "running"
    table = runner.invoke(cli, ["show", "--as-of", "2019-05-01", "--format", "plain"]).output
    (row,) = [line for line in table.splitlines() if "withdrawal-window" in line]
    assert "ends in 3 months" in row and "running" in row
    # the window ends with withdrawal-effective, a deadline listed already: not twice
    result = runner.invoke(cli, ["next", "--as-of", "2019-05-01", "--json"])
    assert [e["id"] for e in json.loads(result.output)["events"]] == ["withdrawal-effective"]
    # a window whose end is no deadline of its own is listed by its end
    result = runner.invoke(cli, ["next", "-t", KNOWN, "--as-of", "2020-03-01", "--json"])
    (event,) = json.loads(result.output)["events"]
    assert (event["id"], event["days_until"], event["counted"]) == (
        "period",
        69,
        "end",
    )  # 2020-05-09


# The record's horizon --------------------------------------------------------------------------


def test_check_warns_of_unconfirmed_dates_and_still_exits_0(runner, tmp_path):
    path = tmp_path / "hungary.toml"
    path.write_text(
        '[timeline]\nid = "h"\ntitle = "H"\nupdated = 2025-06-17\n\n'
        '[[event]]\nid = "notice"\ntitle = "Notice"\ndate = 2025-06-02\n\n'
        '[[event]]\nid = "effective"\ntitle = "Effective"\ndate = "notice + 1 year"\n'
        'kind = "deadline"\n'
    )
    result = runner.invoke(cli, ["check", str(path), "--as-of", "2026-06-03"])
    assert result.exit_code == 0
    assert result.output == (
        f"{path}: warning: event 'effective': 2026-06-02 has come, but the record was last "
        f"checked on 2025-06-17: unconfirmed\nok: {path} (2 events)\n"
    )
    assert shown(runner, "-t", str(path), "--as-of", "2026-06-03")[-1] == (
        "effective",
        "unconfirmed",
    )
    ics = runner.invoke(cli, ["export", "ics", "-t", str(path), "--as-of", "2026-06-03"]).output
    assert ics.split("UID:effective@")[1].split("STATUS:")[1].startswith("TENTATIVE")


def test_one_event_is_counted_in_the_singular(runner, tmp_path):
    path = tmp_path / "one.toml"
    path.write_text(
        '[timeline]\nid = "one"\ntitle = "One"\n\n[[event]]\nid = "a"\ntitle = "A"\ndate = 2019-01-01\n'
    )
    assert runner.invoke(cli, ["check", str(path)]).output == f"ok: {path} (1 event)\n"


# Ranges as input -----------------------------------------------------------------------------------


def test_what_the_tool_prints_as_a_range_it_reads_back(runner, tmp_path):
    path = tmp_path / "range.toml"
    path.write_text(
        '[timeline]\nid = "r"\ntitle = "R"\n\n[[event]]\nid = "vote"\ntitle = "Vote"\n'
        'date = "2019-04-27/2019-04-28"\n\n'
        '[[event]]\nid = "later"\ntitle = "Later"\ndate = "vote + 60 days"\n'
    )
    (vote, later) = json.loads(
        runner.invoke(cli, ["show", "--json", "-t", str(path), "--as-of", "2019-01-01"]).output
    )["events"]
    assert (vote["date"], vote["precision"]) == ("2019-04-27/2019-04-28", "range")
    assert later["date"] == "2019-06-26/2019-06-27"
    assert parse_date_value(later["date"]).label == later["date"]


def test_a_range_that_ends_before_it_starts_is_a_problem(runner, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        '[timeline]\nid = "b"\ntitle = "B"\n\n[[event]]\nid = "v"\ntitle = "V"\ndate = "2019-04-28/2019-04-27"\n'
    )
    result = runner.invoke(cli, ["check", str(path)])
    assert (result.exit_code, result.output) == (
        1,
        f"{path}: event 'v', field 'date': '2019-04-28/2019-04-27' ends before it starts\n",
    )


# Several timelines ---------------------------------------------------------------------------------


def test_until_looks_in_every_timeline_given(runner):
    result = runner.invoke(
        cli, ["until", "-t", "abm", "-t", "inf", "ultimatum", "--as-of", "2019-01-17", "-q"]
    )
    assert (result.exit_code, result.output) == (0, "-44\n")


def test_an_id_in_several_timelines_exits_2_and_names_them(runner):
    args = ["-t", "inf", "-t", "cfe", "--as-of", "2024-01-01", "--hindsight"]
    result = runner.invoke(cli, ["until", "withdrawal-effective", *args])
    assert (result.exit_code, result.output) == (
        2,
        "Error: 'withdrawal-effective' is in several timelines; name one: "
        "inf:withdrawal-effective, cfe:withdrawal-effective\n",
    )
    picked = runner.invoke(cli, ["until", "cfe:withdrawal-effective", "-q", *args])
    assert (picked.exit_code, picked.output) == (0, "-55\n")
    explained = runner.invoke(cli, ["explain", "inf:withdrawal-effective", *args])
    assert explained.output.startswith("withdrawal-effective = withdrawal-notice + 6 months")


def test_list_with_t_lists_exactly_those(runner):
    result = runner.invoke(
        cli, ["list", "-t", "inf", "-t", "abm", "--format", "plain", "--as-of", "2019-01-17"]
    )
    assert [line.split()[0] for line in result.output.splitlines()[1:]] == ["inf", "abm"]


def test_next_all_honours_the_environment(runner):
    env = {"TRACKER_TIMELINE": KNOWN}
    result = runner.invoke(cli, ["next", "--all", "--as-of", "2020-01-20", "--json"], env=env)
    assert "known-test" in [t["id"] for t in json.loads(result.output)["timelines"]]


def test_an_approximate_date_is_in_about_so_many_days(runner, tmp_path):
    path = tmp_path / "about.toml"
    path.write_text(
        '[timeline]\nid = "a"\ntitle = "A"\n\n[[event]]\nid = "e"\ntitle = "E"\ndate = "~2019-03-02"\n'
    )
    table = runner.invoke(
        cli, ["show", "-t", str(path), "--as-of", "2019-01-17", "--format", "plain"]
    )
    assert "in about 44 days" in table.output
