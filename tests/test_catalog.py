"""The bundled timelines: valid, sourced, and their key dates derived from the treaty clauses."""

from __future__ import annotations

import pendulum
import pytest

from events.resolve import resolve
from tracker.load import bundled_ids, load_timeline
from tracker.timelines import check

AS_OF = pendulum.date(2026, 11, 27)

# (timeline, event id, date it resolves to): each one must come from a rule, not be typed in.
KEY_DATES = [
    ("inf", "compliance-deadline", "2019-02-02"),
    ("inf", "withdrawal-notice", "2019-02-02"),
    ("inf", "withdrawal-effective", "2019-08-02"),
]

REQUIRED_INF = {
    "inf-signed": "1987-12-08",
    "inf-in-force": "1988-06-01",
    "trump-announces-withdrawal": "2018-10-20",
    "ultimatum": "2018-12-04",
    "geneva-talks": "2019-01-15",
    "thompson-briefing": "2019-01-16",
    "compliance-deadline": "2019-02-02",
    "withdrawal-notice": "2019-02-02",
    "russia-suspends": "2019-02-02",
    "withdrawal-window": "2019-02-02",
    "withdrawal-effective": "2019-08-02",
}


@pytest.mark.parametrize("name", bundled_ids())
def test_every_bundled_timeline_passes_check(name):
    assert check(name, AS_OF)[1] == []
    assert load_timeline(name).id == name


@pytest.mark.parametrize("name", bundled_ids())
def test_every_event_cites_a_source_with_a_url(name):
    unsourced = [e.id for e in load_timeline(name).events if not any(s.url for s in e.sources)]
    assert unsourced == []


@pytest.mark.parametrize(("name", "event_id", "expected"), KEY_DATES)
def test_key_dates_are_derived_from_the_clause(name, event_id, expected):
    event = resolve(load_timeline(name), AS_OF)[event_id]
    assert event.date.label == expected
    assert event.derived


def test_inf_has_the_ids_outside_checks_rely_on():
    resolved = resolve(load_timeline("inf"), AS_OF)
    assert {event_id: resolved[event_id].date.label for event_id in REQUIRED_INF} == REQUIRED_INF
    window = resolved["withdrawal-window"]
    assert (window.end.label, window.event.kind) == ("2019-08-02", "window")
    assert resolved["withdrawal-effective"].event.rule == "INF Art. XV(2)"
    assert resolved["compliance-deadline"].event.kind == "deadline"
