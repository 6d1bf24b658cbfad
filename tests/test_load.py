"""Timeline files: every field validated, every problem named by file, event and field."""

from __future__ import annotations

import pendulum
import pytest

from events.problems import InvalidTimeline
from tracker.errors import TimelineNotFound
from tracker.files.load import load_timeline, parse_timeline


def problems_of(text: str) -> list[str]:
    with pytest.raises(InvalidTimeline) as raised:
        parse_timeline(text.encode(), "t.toml")
    return raised.value.lines()


HEAD = '[timeline]\nid = "t"\ntitle = "T"\n'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\n",
            "t.toml: event 'a', field 'date': missing (required)",
        ),
        (
            "[[event]]\nid = 'A b'\ntitle = 'A'\ndate = 2019-01-01\n",
            "t.toml: event 'A b', field 'id': 'A b' is not an id: use lower-case letters, digits and hyphens",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\nkind = 'deadlin'\n",
            "t.toml: event 'a', field 'kind': 'deadlin' is not one of milestone, deadline, window, meeting, statement, suspension; did you mean 'deadline'?",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\nstatus = 'done'\n",
            "t.toml: event 'a', field 'status': 'done' is not one of cancelled, superseded, confirmed",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\ndat = 1\n",
            "t.toml: event 'a', field 'dat': unknown field; did you mean 'date'?",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 42\n",
            "t.toml: event 'a', field 'date': must be a date or a rule, not a number",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = '2019-02-30'\n",
            "t.toml: event 'a', field 'date': 2019-02-30 is not a date (day is out of range for month)",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\nsources = [{ url = 'https://x.org' }]\n",
            "t.toml: event 'a', field 'sources[1].title': missing (required)",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\nsources = [{ title = 'X', url = 'x.org' }]\n",
            "t.toml: event 'a', field 'sources[1].url': must start with https:// or http://",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\nsources = [{ title = 'X', secondary = 'yes' }]\n",
            "t.toml: event 'a', field 'sources[1].secondary': must be true or false, not str 'yes'",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\n[[event.revision]]\non = 2019-02-01\ndate = 2019-03-01\n",
            "t.toml: event 'a', field 'revision[1].reason': missing (required)",
        ),
        (
            "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\n[[event.revision]]\non = 2019-02-01\nreason = 'r'\n",
            "t.toml: event 'a', field 'revision[1]': a revision must change date, end or status",
        ),
        (
            "[[event]]\nid = '2019'\ntitle = 'A'\ndate = 2019-01-01\n",
            "t.toml: event '2019', field 'id': an id that reads as a date cannot be used in rules; add a word",
        ),
    ],
)
def test_each_field_error_names_event_and_field(body, expected):
    assert problems_of(HEAD + body) == [expected]


SUSPENSION = "[[event]]\nid = 's'\ntitle = 'S'\nkind = 'suspension'\ndate = 2025-07-18\n"


@pytest.mark.parametrize(
    ("objections", "expected"),
    [
        (
            "[{ on = 2025-10-17 }]",
            "t.toml: event 's', field 'objections[1].party': missing (required)",
        ),
        (
            "[{ party = 'Switzerland' }]",
            "t.toml: event 's', field 'objections[1].on': missing (required)",
        ),
        (
            "[{ party = 'Switzerland', on = '17 October' }]",
            "t.toml: event 's', field 'objections[1].on': must be a date like 2019-02-02, not str '17 October'",
        ),
        (
            "[{ party = 'Switzerland', on = 2025-10-17T10:00:00Z }]",
            "t.toml: event 's', field 'objections[1].on': must be a day (2019-02-02), not a date and time",
        ),
        (
            "[{ party = 'A', on = 2025-10-17 }, { party = 'B', on = 2025-10-17, sorces = [] }]",
            "t.toml: event 's', field 'objections[2].sorces': unknown field; did you mean 'sources'?",
        ),
        (
            "[{ party = 'A', on = 2025-10-17, sources = [{ url = 'x' }] }]",
            "t.toml: event 's', field 'objections[1].sources[1].title': missing (required)",
        ),
        (
            "'Switzerland'",
            "t.toml: event 's', field 'objections': must be a list of tables, not str 'Switzerland'",
        ),
    ],
)
def test_each_objection_error_names_event_and_field(objections, expected):
    assert problems_of(f"{HEAD}{SUSPENSION}objections = {objections}\n")[:1] == [expected]


def test_objections_are_read_with_their_day_and_sources():
    timeline = parse_timeline(
        (
            f"{HEAD}{SUSPENSION}end = '2025-07-18/..'\nobjections = [{{ party = 'Switzerland', "
            "on = 2025-10-17, sources = [{ title = 'Federal Council' }] }]\n"
        ).encode(),
        "t.toml",
    )
    (event,) = timeline.events
    (objection,) = event.objections
    assert (event.kind, objection.party, objection.on.isoformat(), objection.sources[0].title) == (
        "suspension",
        "Switzerland",
        "2025-10-17",
        "Federal Council",
    )
    assert event.objections_as_of(pendulum.date(2025, 10, 16)) == ()


def test_control_characters_in_text_are_rejected():
    assert problems_of(
        HEAD + '[[event]]\nid = "a"\ntitle = "Bell \\u0007"\ndate = 2019-01-01\n'
    ) == ["t.toml: event 'a', field 'title': contains the control character U+0007"]


def test_timeline_table_errors():
    assert problems_of(
        '[timeline]\nid = "T T"\ntimezone = "Mars/Olympus"\nremind = ["soon"]\n'
    ) == [
        "t.toml: field 'timeline.id': 'T T' is not an id: use lower-case letters, digits and hyphens",
        "t.toml: field 'timeline.title': missing (required)",
        "t.toml: field 'timeline.timezone': unknown time zone 'Mars/Olympus' (use an IANA name like 'Europe/London')",
        "t.toml: field 'timeline.remind': not a period like '30 days' or '1 week': expected a number, not 'soon' at column 1 of 'soon'",
    ]


def test_invalid_toml_is_one_clear_line():
    lines = problems_of('[timeline]\nid = "t\n')
    assert len(lines) == 1
    assert lines[0].startswith("t.toml: not valid TOML: ")


def test_every_problem_is_reported_at_once():
    lines = problems_of(
        HEAD + "[[event]]\nid = 'a'\n[[event]]\nid = 'a'\ntitle = 'B'\ndate = 2019-01-01\n"
    )
    assert lines == [
        "t.toml: event 'a', field 'title': missing (required)",
        "t.toml: event 'a', field 'date': missing (required)",
        "t.toml: event 'a', field 'id': duplicate id (ids must be unique in a timeline)",
    ]


def test_a_source_is_primary_unless_marked_secondary():
    timeline = parse_timeline(
        (
            HEAD + "[[event]]\nid = 'a'\ntitle = 'A'\ndate = 2019-01-01\nsources = ["
            "{ title = 'Gazette' }, { title = 'News', secondary = true }]\n"
        ).encode(),
        "t.toml",
    )
    assert [(s.title, s.secondary) for s in timeline.events[0].sources] == [
        ("Gazette", False),
        ("News", True),
    ]


def test_datetimes_and_remind_are_read():
    timeline = parse_timeline(
        (
            HEAD + 'timezone = "Europe/London"\nremind = ["30 days", "1 week"]\n'
            "[[event]]\nid = 'exit'\ntitle = 'Exit'\ndate = 2020-01-31T23:00:00\n"
        ).encode(),
        "t.toml",
    )
    assert [str(r) for r in timeline.remind] == ["+ 30 days", "+ 1 week"]
    assert timeline.events[0].date.label == "2020-01-31T23:00:00+00:00"
    assert timeline.events[0].date.zone == "Europe/London"


def test_unknown_timeline_suggests_bundled_ids():
    with pytest.raises(
        TimelineNotFound, match=r"^imf: no such file or bundled timeline; did you mean 'inf'\?"
    ):
        load_timeline("imf")


def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "locked.toml"
    path.write_text("[timeline]\n")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InvalidTimeline) as raised:
        load_timeline(str(path))
    assert raised.value.lines() == [f"{path}: cannot read (Permission denied)"]
