"""Filters: one selection, the same meaning in every command."""

from __future__ import annotations

import doctest
import json
import re

import pendulum
import pytest

import events.select
from events.resolve import resolve
from events.select import Selection, in_date_order, upcoming_deadlines
from tracker.cli.group import cli
from tracker.files.load import load_timeline

from .helpers import data_file

INF = resolve(load_timeline("inf"), pendulum.date(2019, 1, 17), hindsight=True)
CHAIN = resolve(load_timeline(data_file("chain.toml")), pendulum.date(2018, 12, 1), hindsight=True)


def ids(timeline):
    return [event.id for event in timeline]


def test_doctests():
    assert doctest.testmod(events.select).failed == 0


def test_an_empty_selection_keeps_everything():
    assert ids(Selection().apply(INF)) == ids(INF)


def test_a_range_keeps_spans_and_vague_dates_that_reach_into_it():
    march = Selection(pendulum.date(2019, 3, 1), pendulum.date(2019, 3, 31)).apply(INF)
    assert ids(march) == ["withdrawal-window", "russia-suspension-decree"]
    # "2018-10" may be any day of October; "2018-10 + 60 days" any day from 11-30 to 12-30.
    december = Selection(pendulum.date(2018, 12, 15), pendulum.date(2018, 12, 31)).apply(CHAIN)
    assert ids(december) == ["vague-plus-days"]
    october = Selection(end=pendulum.date(2018, 10, 1)).apply(CHAIN)
    assert ids(october) == ["vague"]


def test_values_of_one_field_widen_and_fields_narrow():
    kinds = Selection(kinds=frozenset({"deadline", "window"})).apply(INF)
    assert ids(kinds) == [
        "elimination-deadline",
        "compliance-deadline",
        "withdrawal-window",
        "withdrawal-effective",
    ]
    both = Selection(kinds=frozenset({"deadline"}), tags=frozenset({"nato"})).apply(INF)
    assert ids(both) == ["withdrawal-effective"]
    tags = Selection(tags=frozenset({"nato", "talks"}), statuses=frozenset({"occurred"}))
    assert ids(tags.apply(INF)) == [
        "ultimatum",
        "nato-material-breach",
        "geneva-talks",
        "thompson-briefing",
        "lavrov-inspection-offer",
    ]


def test_the_selected_timeline_is_a_new_one_that_knows_only_its_events():
    selected = Selection(statuses=frozenset({"projected"})).apply(INF)
    assert ids(selected) == [
        "compliance-deadline",
        "withdrawal-notice",
        "withdrawal-window",
        "withdrawal-effective",
    ]
    assert len(INF) == 25
    assert selected["withdrawal-effective"] is INF["withdrawal-effective"]
    with pytest.raises(LookupError):
        selected["ultimatum"]


def test_a_range_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match=r"the range ends \(2019-01-01\) before it starts"):
        Selection(pendulum.date(2019, 2, 1), pendulum.date(2019, 1, 1))


def test_upcoming_deadlines_are_soonest_first_and_leave_cancelled_ones_out():
    dprk = resolve(load_timeline("npt-dprk"), pendulum.date(1993, 3, 20), hindsight=True)
    assert [e.id for _, e in upcoming_deadlines([INF, dprk])] == [
        "notice-period-1993",  # running: its end (the suspension) is no deadline of its own
        "withdrawal-1993-effective",
        "dprk-claimed-effective",
        "withdrawal-2003-effective",
        "compliance-deadline",
        "withdrawal-effective",
    ]
    who = resolve(load_timeline("who"), pendulum.date(2021, 1, 20))
    assert who["us-withdrawal-2021"].status == "cancelled"  # the retracted notice of 2020
    assert "us-withdrawal-2021" not in [e.id for _, e in upcoming_deadlines([who])]
    assert [e.id for _, e in upcoming_deadlines([INF], within=16)] == ["compliance-deadline"]
    assert upcoming_deadlines([INF], within=15) == []


def test_in_date_order_merges_timelines():
    abm = resolve(load_timeline("abm"), pendulum.date(2019, 1, 17), hindsight=True)
    merged = [(t.timeline.id, e.date.earliest.year) for t, e in in_date_order([INF, abm])]
    years = [year for _, year in merged]
    assert years == sorted(years)
    assert merged[0] == ("abm", 1972)
    assert len(merged) == len(INF) + len(abm)


def test_filters_on_the_command_line_choose_the_same_events(runner):
    args = ["--as-of", "2019-01-17", "--kind", "deadline", "--from", "2019-01-01"]
    shown = runner.invoke(cli, ["show", "--format", "plain", *args])
    assert shown.exit_code == 0
    rows = [line for line in shown.output.splitlines() if line[:1].isdigit()]
    assert [re.split(r"\s{2,}", row)[2] for row in rows] == [
        "compliance-deadline",
        "withdrawal-effective",
    ]
    exported = runner.invoke(cli, ["export", "json", *args])
    assert [e["id"] for e in json.loads(exported.output)["events"]] == [
        "compliance-deadline",
        "withdrawal-effective",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "2019-03-01", "--to", "2019-02-01"],
            "Error: Invalid value for '--to': the range ends (2019-02-01) before it starts (2019-03-01)\n",
        ),
        (
            ["--kind", "deadlines"],
            "Error: Invalid value for '--kind': 'deadlines' is not one of 'milestone', 'deadline', 'window', 'meeting', 'statement', 'suspension'.\n",
        ),
        (
            ["--status", "done"],
            "Error: Invalid value for '--status': 'done' is not one of 'cancelled', 'superseded', 'confirmed', 'running', 'open', 'unconfirmed', 'occurred', 'projected', 'scheduled'.\n",
        ),
        (
            ["--from", "2019-02-30"],
            "Error: Invalid value for '--from': '2019-02-30' is not a day like 2019-01-17\n",
        ),
    ],
)
def test_bad_filters_are_usage_errors(runner, args, message):
    result = runner.invoke(cli, ["show", *args])
    assert result.exit_code == 2
    assert result.output.endswith(message)


def test_a_filter_that_matches_nothing_says_so(runner):
    result = runner.invoke(cli, ["show", "--tag", "nobody", "--as-of", "2019-01-17"])
    assert (result.exit_code, result.output) == (0, "No events match.\n")
