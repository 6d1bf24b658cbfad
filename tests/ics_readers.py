"""Three independent readings of a feed: icalendar, vobject, and ical.js (Thunderbird's parser).

Each reduces a feed to the same plain shape, one dict per VEVENT in file order, so a test can
assert that all three understood the same thing and then assert exact values on that one reading.
A feed only one parser understands is not correct, whoever wrote it.

`start` and `end` are "YYYY-MM-DD" for dates and UTC "YYYY-MM-DDTHH:MM:SSZ" for date-times, each
parser converting with its own time-zone handling (vobject and ical.js from the VTIMEZONE in the
file); `end` is the parser's reading of DTEND, else DTSTART + DURATION, else RFC 5545's default;
`zone` is the TZID ("UTC" for a Z time, None for a date); `alarms` are TRIGGER offsets in seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import icalendar
import vobject

JS = Path(__file__).parent / "js"

Reading = list[dict[str, Any]]


def read_icalendar(data: bytes) -> Reading:
    calendar = icalendar.Calendar.from_ical(data)
    return [
        _seen(
            uid=str(event["UID"]),
            summary=str(event["SUMMARY"]),
            description=str(event["DESCRIPTION"]),
            start=event.start,
            end=event.end,
            zone=_zone(event["DTSTART"].params.get("TZID"), event.start),
            status=str(event["STATUS"]),
            sequence=event.sequence,
            alarms=[alarm["TRIGGER"].dt for alarm in event.walk("VALARM")],
        )
        for event in calendar.walk("VEVENT")
    ]


def read_vobject(data: bytes) -> Reading:
    """vobject's reading, after its own RFC 5545 validation of the whole calendar.

    vobject turns a TZID into a zone before it has read the VTIMEZONE beside it, and then falls
    back on pytz by name (whose data stops in 2037) and keeps that for the life of the process.
    So its registry is emptied, the feed's own VTIMEZONEs are registered from a first reading,
    and the second reading checks them, through dateutil, as a client reading one feed would.
    """
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    text = data.decode("utf-8")
    for timezone in vobject.readOne(text).contents.get("vtimezone", []):
        vobject.icalendar.registerTzid(timezone.tzid.value, timezone.gettzinfo())
    calendar = vobject.readOne(text)
    calendar.validate()
    return [_vobject_event(event) for event in calendar.contents.get("vevent", [])]


def read_calendar_text(data: bytes) -> dict[str, str]:
    """The calendar's own name and description as vobject reads them: icalendar 7 takes NAME and
    the X-WR- properties verbatim, without unescaping, so it cannot say what a client shows."""
    calendar = vobject.readOne(data.decode("utf-8"))
    names = ("NAME", "X-WR-CALNAME", "DESCRIPTION", "X-WR-CALDESC")
    return {
        n: calendar.contents[n.lower()][0].value for n in names if n.lower() in calendar.contents
    }


def _vobject_event(event: Any) -> dict[str, Any]:
    start = event.dtstart.value
    if "dtend" in event.contents:
        end = event.dtend.value
    elif "duration" in event.contents:
        end = start + event.duration.value
    else:
        end = start + dt.timedelta(days=1) if not isinstance(start, dt.datetime) else start
    return _seen(
        uid=event.uid.value,
        summary=event.summary.value,
        description=event.description.value,
        start=start,
        end=end,
        zone=_zone(_vobject_tzid(event.dtstart.params), start),
        status=event.status.value,
        sequence=int(event.sequence.value),
        alarms=[alarm.trigger.value for alarm in event.contents.get("valarm", [])],
    )


def _vobject_tzid(params: dict[str, list[str]]) -> str | None:
    """vobject moves TZID aside once it has turned the value into a datetime."""
    tzids = params.get("X-VOBJ-ORIGINAL-TZID") or params.get("TZID") or [None]
    return tzids[0]


class IcalJs:
    """ical.js through node and tests/js/parse.mjs; several feeds go through one process."""

    def __init__(self, node: str) -> None:
        self.node = node

    def read(self, feeds: Sequence[bytes]) -> list[Reading]:
        result = subprocess.run(
            [self.node, str(JS / "parse.mjs")],
            input=b"".join(feeds),
            capture_output=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr.decode()
        calendars = json.loads(result.stdout)
        return [[_from_js(event) for event in events] for events in calendars]


def _from_js(event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "zone": event["zone"] if event["zone"] != "Z" else "UTC"}


def _seen(
    *,
    uid: str,
    summary: str,
    description: str,
    start: dt.date,
    end: dt.date,
    zone: str | None,
    status: str,
    sequence: int,
    alarms: list[dt.timedelta],
) -> dict[str, Any]:
    return {
        "uid": uid,
        "summary": summary,
        "description": description,
        "start": _when(start),
        "end": _when(end),
        "isDate": not isinstance(start, dt.datetime),
        "zone": zone,
        "status": status,
        "sequence": sequence,
        "alarms": [int(trigger.total_seconds()) for trigger in alarms],
    }


def _when(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _zone(tzid: str | None, start: dt.date) -> str | None:
    if not isinstance(start, dt.datetime):
        return None
    return tzid or "UTC"
