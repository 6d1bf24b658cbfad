"""Resolution over the dependency graph: chains, spans, cycles, unknown references, status."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.dates import day, parse_date_value
from events.model import Event, Timeline
from events.problems import InvalidTimeline, UnknownEvent
from events.resolve import resolve
from events.rules import parse_expression
from events.status import status_of
from tracker.files.load import load_timeline

from .helpers import data_file

AS_OF = pendulum.date(2019, 1, 17)


def rule(text: str):
    return parse_expression(text)


def timeline(*events: Event) -> Timeline:
    return Timeline("t", "Test", events)


def test_chain_and_span_resolve_to_exact_dates():
    resolved = resolve(load_timeline(data_file("chain.toml")), AS_OF, hindsight=True)
    labels = {e.id: e.date.label for e in resolved}
    assert labels == {
        "notice": "2019-08-31",
        "effective": "2020-02-29",
        "period": "2019-08-31",
        "after-period": "2020-03-01",
        "vague": "2018-10",
        "vague-plus-months": "2019-04",
        "vague-plus-days": "2018-11-30/2018-12-30",
        "about": "2019-02-01",
        "about-plus": "2019-03-01",
    }
    assert resolved["period"].end.label == "2020-02-29"
    assert resolved["about-plus"].date.approximate
    assert [e.id for e in resolved][:3] == ["vague", "vague-plus-days", "about"]


def test_unknown_reference_suggests_the_nearest_id():
    bad = timeline(
        Event("ultimatum", "U", day(2018, 12, 4)), Event("d", "D", rule("ultimatm + 60 days"))
    )
    with pytest.raises(InvalidTimeline) as raised:
        resolve(bad, AS_OF, hindsight=True)
    assert raised.value.lines() == [
        "event 'd', field 'date': unknown event 'ultimatm'; did you mean 'ultimatum'?"
    ]


def test_cycle_is_named_whole_and_dependents_are_not_blamed():
    bad = timeline(
        Event("a", "A", rule("c + 1 day")),
        Event("b", "B", rule("a + 1 day")),
        Event("c", "C", rule("b + 1 day")),
        Event("downstream", "D", rule("a + 1 day")),
        Event("self", "S", rule("self + 1 day")),
    )
    with pytest.raises(InvalidTimeline) as raised:
        resolve(bad, AS_OF, hindsight=True)
    assert raised.value.lines() == [
        "event 'a', field 'date': dates depend on each other: a -> c -> b -> a",
        "event 'self', field 'date': dates depend on each other: self -> self",
    ]


def test_end_before_start_is_a_problem():
    bad = timeline(Event("w", "W", day(2019, 5, 1), end=day(2019, 4, 1)))
    with pytest.raises(InvalidTimeline, match="ends 2019-04-01, before it starts"):
        resolve(bad, AS_OF, hindsight=True)


def test_a_timed_span_that_ends_before_it_starts_is_a_problem():
    start = parse_date_value("2019-04-10T18:00 Europe/Brussels")
    bad = timeline(Event("w", "W", start, end=parse_date_value("2019-04-10T17:00 Europe/Brussels")))
    with pytest.raises(InvalidTimeline, match="ends 2019-04-10T17:00:00\\+02:00, before it starts"):
        resolve(bad, AS_OF, hindsight=True)
    good = timeline(
        Event("w", "W", start, end=parse_date_value("2019-04-11T02:00 Europe/Brussels"))
    )
    assert resolve(good, AS_OF, hindsight=True)["w"].end.label == "2019-04-11T02:00:00+02:00"


def test_unknown_event_lookup_suggests():
    resolved = resolve(load_timeline(data_file("ultimatum.toml")), AS_OF, hindsight=True)
    with pytest.raises(UnknownEvent) as raised:
        resolved["deadlne"]
    assert str(raised.value) == "unknown event 'deadlne'; did you mean 'deadline'?"


def test_a_chain_of_100000_rules_resolves_without_recursion():
    events = [Event("e0", "start", day(2000, 1, 1))]
    events += [Event(f"e{i}", f"step {i}", rule(f"e{i - 1} + 1 day")) for i in range(1, 100_000)]
    resolved = resolve(timeline(*events), AS_OF, hindsight=True)
    assert resolved["e99999"].date.label == "2273-10-15"
    assert len(resolved.chain("e99999")) == 100_000


@pytest.mark.parametrize(
    ("explicit", "date", "derived", "expected"),
    [
        ("cancelled", day(2019, 1, 1), False, "cancelled"),
        ("confirmed", day(2030, 1, 1), True, "confirmed"),
        ("superseded", day(2030, 1, 1), True, "superseded"),
        (None, day(2019, 1, 17), True, "occurred"),
        (None, day(2019, 1, 18), True, "projected"),
        (None, day(2019, 1, 18), False, "scheduled"),
    ],
)
def test_status_table(explicit, date, derived, expected):
    assert status_of(explicit, date, derived, AS_OF) == expected


@settings(max_examples=30, deadline=None)
@given(st.permutations(load_timeline(data_file("chain.toml")).events))
def test_resolution_does_not_depend_on_file_order(events):
    original = resolve(load_timeline(data_file("chain.toml")), AS_OF, hindsight=True)
    shuffled = resolve(timeline(*events), AS_OF, hindsight=True)
    assert {e.id: (e.date, e.end) for e in shuffled} == {e.id: (e.date, e.end) for e in original}


def test_an_instant_counts_on_the_days_of_the_timelines_zone():
    """20:00 in New York and 00:00 UTC are one moment: one day of a UTC timeline, one count,
    one status; each label keeps the zone it was written in."""
    timeline = load_timeline(data_file("instants.toml"))
    before = resolve(timeline, pendulum.date(2025, 9, 1))
    assert [(e.id, e.date.earliest.isoformat(), e.days_until(before.as_of)) for e in before] == [
        ("ny", "2025-09-28", 27),
        ("utc", "2025-09-28", 27),
    ]
    assert [e.date.label for e in before] == ["2025-09-27T20:00:00-04:00", "2025-09-28T00:00:00Z"]
    on_the_27th = resolve(timeline, pendulum.date(2025, 9, 27))
    assert [e.status for e in on_the_27th] == ["scheduled", "scheduled"]


def test_an_instant_is_charted_on_the_day_of_the_timelines_zone(runner):
    from tracker.cli.group import cli

    args = ["chart", "-t", data_file("instants.toml"), "--as-of", "2025-09-01", "--no-color"]
    rows = runner.invoke(cli, args).output.splitlines()[3:5]
    assert [row.split("┊")[0].strip() for row in rows] == ["2025-09-28", "2025-09-28"]
    assert rows[0].index("◆") == rows[1].index("◆")


def test_an_instant_at_the_calendars_edge_keeps_its_own_day():
    """10:00 on 0001-01-01 in Tokyo is the day before 0001-01-01 in New York: outside the
    calendar, so the day it was written on is kept rather than failing."""
    edge = parse_date_value("0001-01-01T10:00 Asia/Tokyo")
    assert edge.in_zone("America/New_York").earliest == pendulum.date(1, 1, 1)
