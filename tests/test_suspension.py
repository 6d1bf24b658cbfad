"""Suspension is not withdrawal (VCLT Arts. 57-62), and nothing on record is not a deadline.

tests/data/suspension.toml: a suspension of 2025-07-18 still in force, objected to by Switzerland
(2025-10-17) and Norway (2025-11-03); a notification nobody has recorded (`2025-09-22/..`), the
withdrawal it would set in motion and one derived from that in turn; a deferral no notice is
missing from (`open_from`); and a decided deadline.
"""

from __future__ import annotations

import json
from importlib import resources

import icalendar
import jsonschema
import pendulum
import vobject

from events.resolve import resolve
from tracker.files.load import load_timeline
from tracker.render.web.index import next_deadline
from tracker.render.web.page import countdown

from .helpers import data_file, output_of

SUSPENSION = data_file("suspension.toml")
AS_OF = "2026-12-06"
DOCUMENT = json.loads(
    resources.files("tracker").joinpath("schemas", "document.schema.json").read_text("utf-8")
)


def rows(output: str) -> dict[str, tuple[str, str]]:
    """Each row of `show` by id: (When, Status)."""
    found = {}
    for line in output.splitlines()[2:]:
        cells = [cell for cell in line.split("  ") if cell.strip()]
        if len(cells) >= 6 and line[:4].isdigit():
            found[cells[2].strip()] = (cells[1].strip(), cells[-1].strip())
    return found


# Suspensions ----------------------------------------------------------------------------------


def test_show_says_suspended_until_lifted_and_contested_once_objected_to(invoke):
    during = rows(output_of(invoke("show", "-t", SUSPENSION, "--as-of", "2025-10-16", columns=160)))
    objected = rows(
        output_of(invoke("show", "-t", SUSPENSION, "--as-of", "2025-10-17", columns=160))
    )
    assert during["suspension"] == ("until lifted", "suspended")
    assert objected["suspension"] == ("until lifted", "suspended (contested)")


def test_a_suspension_keeps_its_status_and_is_no_deadline(invoke):
    """No new status: the JSON says `running`; and nothing counts down to a suspension."""
    timeline = resolve(load_timeline(SUSPENSION), pendulum.date(2026, 12, 6))
    event = timeline["suspension"]
    assert (event.status, event.suspended, event.contested, event.span_label) == (
        "running",
        True,
        True,
        "2025-07-18/..",
    )
    assert "suspension" not in output_of(
        invoke("next", "-t", SUSPENSION, "--as-of", AS_OF, columns=160)
    )


def test_the_json_carries_the_objections_lodged_by_the_day_and_validates(invoke):
    def suspension(as_of: str) -> dict:
        data = json.loads(
            output_of(invoke("show", "-t", SUSPENSION, "--as-of", as_of, "--json", columns=160))
        )
        jsonschema.validate(data, DOCUMENT)
        (event,) = (e for e in data["events"] if e["id"] == "suspension")
        return event

    assert suspension("2025-10-16")["objections"] == []
    event = suspension(AS_OF)
    assert (event["kind"], event["status"], event["end"], event["recorded"]) == (
        "suspension",
        "running",
        "2025-07-18/..",
        True,
    )
    assert event["objections"] == [
        {
            "party": "Switzerland",
            "on": "2025-10-17",
            "sources": [
                {
                    "title": "Federal Council",
                    "url": "https://example.org/ch",
                    "date": "2025-10-17",
                    "secondary": False,
                }
            ],
        },
        {"party": "Norway", "on": "2025-11-03", "sources": []},
    ]


EXPECTED_DESCRIPTION = (
    "suspension = 2025-07-18 (given)\nends = 2025-07-18/..\n\n"
    "Objections:\n"
    "- Switzerland, 2025-10-17\n"
    "  source: Federal Council, https://example.org/ch (2025-10-17)\n"
    "- Norway, 2025-11-03\n\n"
    "Sources:\n- Depositary notification, https://example.org/cn"
)


def test_the_feed_categorises_a_suspension_and_lists_its_objections(invoke):
    """Read by icalendar and by vobject (after its RFC 5545 validation)."""
    data = output_of(
        invoke("export", "ics", "-t", SUSPENSION, "--as-of", AS_OF, columns=160)
    ).encode()
    (ours,) = (
        e
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if str(e["UID"]).startswith("suspension@")
    )
    assert ours.categories == ["suspension"]
    assert str(ours["DESCRIPTION"]) == EXPECTED_DESCRIPTION
    calendar = vobject.readOne(data.decode())
    calendar.validate()
    (theirs,) = (e for e in calendar.vevent_list if e.uid.value.startswith("suspension@"))
    assert theirs.categories.value == ["suspension"]
    assert theirs.description.value == EXPECTED_DESCRIPTION


def test_an_objection_not_yet_lodged_is_not_in_the_feed(invoke):
    data = output_of(
        invoke("export", "ics", "-t", SUSPENSION, "--as-of", "2025-10-20", columns=160)
    ).encode()
    (ours,) = (
        e
        for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        if str(e["UID"]).startswith("suspension@")
    )
    assert "Objections:\n- Switzerland, 2025-10-17\n  source: " in str(ours["DESCRIPTION"])
    assert "Norway" not in str(ours["DESCRIPTION"])


def test_the_page_says_suspended_and_lists_the_objections(invoke):
    html = output_of(invoke("export", "html", "-t", SUSPENSION, "--as-of", AS_OF, columns=160))
    assert (
        "<dt>Status</dt><dd>suspended (contested): until lifted, no day is known for its end</dd>"
    ) in html
    # the chart's row says it as the tables do, not the bare status `running`
    assert '<span class="status">suspension, suspended (contested)</span>' in html
    assert '<span class="status">suspension, running</span>' not in html
    assert (
        '<li>Switzerland, <time datetime="2025-10-17">2025-10-17</time><ul class="sources">'
        '<li><a href="https://example.org/ch">Federal Council</a>, '
        '<time datetime="2025-10-17">2025-10-17</time></li>\n</ul></li>'
    ) in html


# Nothing on record ----------------------------------------------------------------------------


def test_a_date_resting_on_a_notice_nobody_has_seen_is_not_recorded_once_its_day_has_come():
    """Directly (`effective`) and through another rule (`effective-later`), and only once the
    earliest day has come; a deferral (`open_from`) and the open notice itself stay recorded."""

    def recorded(as_of: pendulum.Date) -> dict[str, bool]:
        return {e.id: e.recorded for e in resolve(load_timeline(SUSPENSION), as_of)}

    assert recorded(pendulum.date(2026, 9, 21))["effective"] is True
    on_the_day = recorded(pendulum.date(2026, 9, 22))
    assert (on_the_day["effective"], on_the_day["effective-later"]) == (False, True)
    later = recorded(pendulum.date(2027, 3, 22))
    assert {k: v for k, v in later.items() if not v} == {
        "effective": False,
        "effective-later": False,
    }


def test_show_marks_it_and_the_json_keeps_it_open(invoke):
    assert rows(output_of(invoke("show", "-t", SUSPENSION, "--as-of", AS_OF, columns=160))) == {
        "law": ("1 year ago", "occurred"),
        "suspension": ("until lifted", "suspended (contested)"),
        "announcement": ("1 year ago", "occurred"),
        "notification": ("open", "open"),
        "deferred": ("open", "open"),
        "effective": ("no notice on record", "open"),
        "review": ("in 2 months", "scheduled"),
        "effective-later": ("in 3 months or later", "projected"),
    }
    data = json.loads(
        output_of(invoke("show", "-t", SUSPENSION, "--as-of", AS_OF, "--json", columns=160))
    )
    jsonschema.validate(data, DOCUMENT)
    found = {e["id"]: (e["status"], e["recorded"]) for e in data["events"]}
    assert (found["effective"], found["deferred"]) == (("open", False), ("open", True))


def test_next_leaves_it_out(invoke):
    assert output_of(invoke("next", "-t", SUSPENSION, "--as-of", AS_OF, columns=160)) == (
        "Date             Days left          Id               Title\n" + "─" * 100 + "\n"
        "2027-03-01       85 days            review           Review conference\n"
        "2027-03-22/.. *  at least 106 days  effective-later  Their withdrawal from the protocol "
        "takes effect\n"
        "2026-01-15/.. *  open               deferred         A withdrawal deferred to a day not "
        "yet decided\n"
        "\n"
        "* derived from a rule: `tracker explain ID` shows how\n"
    )


def test_the_page_countdown_and_the_front_page_leave_it_out(tmp_path):
    """With only the deadline nothing on record sets in motion, there is no countdown and no
    next deadline once its earliest day has come; the day before, "at least 1 day" still is."""
    path = tmp_path / "unseen.toml"
    path.write_text(
        '[timeline]\nid = "unseen"\ntitle = "Unseen"\n\n[[event]]\nid = "notification"\n'
        'title = "N"\ndate = "2025-09-22/.."\n\n[[event]]\nid = "effective"\ntitle = "E"\n'
        'kind = "deadline"\ndate = "notification + 1 year"\n',
        encoding="utf-8",
    )
    timeline = resolve(load_timeline(str(path)), pendulum.date(2026, 12, 6))
    assert (countdown(timeline, timeline.as_of), next_deadline(timeline)) == (None, None)
    day_before = resolve(load_timeline(str(path)), pendulum.date(2026, 9, 21))
    assert next_deadline(day_before).days == 1
    full = resolve(load_timeline(SUSPENSION), pendulum.date(2026, 12, 6))
    assert countdown(full, full.as_of).event.id == "review"
    assert next_deadline(full).event_id == "review"
