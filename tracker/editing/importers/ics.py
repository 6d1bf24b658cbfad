"""`tracker import FILE.ics`: any calendar's events, read with icalendar; the only module that
imports icalendar for reading (tracker/render/formats/ics.py is the one that writes).

What is read, and why:
- DTSTART/DTEND (or DURATION), all-day or timed. An all-day DTEND is exclusive, as RFC 5545
  says, so a one-day event is one day and a longer one a span ending the day before DTEND. A
  timed event in a named zone keeps the zone (`2020-01-31T23:00 Europe/London`), a UTC one is
  written with `Z`, and a floating one is read in the timeline's zone.
- SUMMARY is the title, DESCRIPTION the description, URL and ATTACH (http and https addresses;
  attached files are not sources) the sources, CATEGORIES the kind (when one is a kind) and tags,
  STATUS:CANCELLED the cancelled status.
- UID is kept in the event's `uid` field, which the feed then uses, so a calendar that imported
  the event once and subscribes to the feed later sees one event, not two. A UID of the tool's own
  form (`<event>@<timeline>.<domain>`, in a calendar whose PRODID is this tool's) is mapped back to
  the event id instead, and the tool's own description (the derivation, revisions and "Sources:"
  list it writes) is read back into the description and every source.
- The tool's feed writes a month or a year as an all-day span covering it; in its own feeds such
  a span is read back as that month or year, so the precision survives a round trip. So does a
  date still open: the feed puts it on its earliest day and says so at the end of SUMMARY, and
  in its own feeds that is read back as `DAY/..`.
- Recurring events (RRULE, RDATE, or an overridden occurrence) are refused, naming the first:
  a timeline records one-off dated events with sources, and expanding a series would make up to
  thousands of events, each without a source, from what is one decision. Export the occurrences
  that matter as single events, or add them with `tracker add`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from icalendar import Calendar

from events.dates import OPEN_END
from events.model import DEFAULT_UID_DOMAIN, KINDS
from tracker.editing.importers import Imported, ImportedEvent, ImportedSource, slug, unique
from tracker.errors import ImportFailed
from tracker.render.formats import ics as feed

OWN_PRODID = "-//withdrawal-tracker//"
_OWN_UID = re.compile(r"^([a-z0-9][a-z0-9-]*)@([a-z0-9][a-z0-9-]*)\.(.+)$")
_SOURCE_LINE = re.compile(
    r"^- (?P<title>.+?)(?:, (?P<url>https?://\S+?))?(?: \((?P<date>\d{4}-\d{2}-\d{2})\))?$"
)
_RECURRING = ("RRULE", "RDATE", "RECURRENCE-ID")


def read_ics(data: bytes, name: str, timeline_id: str | None) -> Imported:
    """The events of an iCalendar file, for the timeline `timeline_id` (from --id; else, in the
    tool's own feed, the timeline its UIDs name; else the calendar's name or the file's stem)."""
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        reason = str(exc).split(":")[0]  # icalendar goes on to quote raw bytes
        message = f"{name}: not a valid iCalendar file ({reason}); nothing was written"
        raise ImportFailed(message) from None
    if not isinstance(calendar, Calendar) or calendar.name != "VCALENDAR":
        raise ImportFailed(f"{name}: not an iCalendar file (no VCALENDAR); nothing was written")
    title = _text(calendar.get("X-WR-CALNAME")) or _text(calendar.get("NAME"))
    own = str(calendar.get("PRODID", "")).startswith(OWN_PRODID)
    chosen = timeline_id or (own and _own_timeline(calendar)) or slug(title or Path(name).stem)
    taken: set[str] = set()
    events = [_event(vevent, name, chosen, own, taken) for vevent in calendar.walk("VEVENT")]
    _refuse_duplicate_uids(calendar, data, name)
    if not events:
        raise ImportFailed(f"{name}: no events (VEVENT) to import; nothing was written")
    return Imported(chosen, title, tuple(events))


def _refuse_duplicate_uids(calendar: Calendar, data: bytes, name: str) -> None:
    """Refuse a calendar with two events of one UID: imported, both would carry it, and every
    calendar that reads the feed keeps one event per UID (dropping or merging the other)."""
    seen: set[str] = set()
    for vevent in calendar.walk("VEVENT"):
        uid = _text(vevent.get("UID"))
        if uid is None:
            continue
        if uid in seen:
            line = _second_line(data, f"UID:{uid}".encode())
            where = f"{name}: line {line}" if line else name
            raise ImportFailed(
                f"{where}: a second event with UID {uid} (a calendar keeps one event per UID); "
                "nothing was written"
            )
        seen.add(uid)


def _refuse_unknown_zone(prop: Any, key: str, where: str) -> None:
    """Refuse a time in a zone neither IANA nor the file's own VTIMEZONE defines: icalendar
    reads it as floating time, which would silently become the timeline's zone."""
    if prop is None or "TZID" not in prop.params:
        return
    moment = getattr(prop, "dt", None)
    if isinstance(moment, dt.datetime) and moment.tzinfo is None:
        raise ImportFailed(
            f"{where}: {key} is in the time zone {prop.params['TZID']!r}, which is neither an "
            "IANA zone nor defined in the file (VTIMEZONE); nothing was written"
        )


def _second_line(data: bytes, content: bytes) -> int | None:
    """The number of the second line that reads `content` (unfolded lines only), if any."""
    found = [n for n, line in enumerate(data.splitlines(), 1) if line.rstrip() == content]
    return found[1] if len(found) > 1 else None


def _event(vevent: Any, name: str, timeline_id: str, own: bool, taken: set[str]) -> ImportedEvent:
    summary = _text(vevent.get("SUMMARY")) or "(untitled)"
    uid = _text(vevent.get("UID"))
    where = f"{name}: event {summary!r}" + (f" (UID {uid})" if uid else "")
    repeats = [key for key in _RECURRING if key in vevent]
    if repeats:
        raise ImportFailed(
            f"{where} repeats ({repeats[0]}): recurring events are not imported, because a "
            "timeline records one-off dated events; nothing was written"
        )
    start = _moment(vevent, "DTSTART", where)
    if start is None:
        raise ImportFailed(f"{where} has no DTSTART; nothing was written")
    finish = _finish(vevent, start, where)
    for key in ("DTSTART", "DTEND"):
        _refuse_unknown_zone(vevent.get(key), key, where)
    date, end = _dates(start, finish, own)
    if own:
        summary, date, end = _open_again(summary, date, end)
    own_id = _own_id(uid) if own else None
    event_id = unique(own_id or slug(summary), taken)
    description = _text(vevent.get("DESCRIPTION"))
    categories = [str(c) for c in vevent.categories]
    kind = next((c for c in categories if c in KINDS), None)
    tags = tuple(c for c in categories if c != kind)
    if own and own_id is not None:
        description, sources = _own_description(description, own_id)
    else:
        sources = _links(vevent)
    status = "cancelled" if str(vevent.get("STATUS", "")).upper() == "CANCELLED" else None
    # the feed writes `<event>@<timeline>.<domain>` by itself: only another UID needs keeping
    keep_uid = None if uid == f"{event_id}@{timeline_id}.{DEFAULT_UID_DOMAIN}" else uid
    return ImportedEvent(
        event_id, summary, date, end, kind, status, tags, sources, description, keep_uid
    )


def _open_again(summary: str, date: str, end: str | None) -> tuple[str, str, str | None]:
    """(title, date, end) of an event of the tool's own feed, with a date or end that the feed
    marked open in SUMMARY open again."""
    if summary.endswith(feed.OPEN_DATE):
        return summary.removesuffix(feed.OPEN_DATE), date + OPEN_END, end
    if summary.endswith(feed.OPEN_END):
        return summary.removesuffix(feed.OPEN_END), date, (end or date) + OPEN_END
    return summary, date, end


_KINDS_OF_VALUE = {tuple: "PERIOD", dt.time: "time without a date", dt.timedelta: "duration"}


def _moment(vevent: Any, key: str, where: str) -> dt.date | None:
    """The date or date-time of the property `key`, None when absent; anything else (garbage,
    2020-02-30, empty, a PERIOD, the property twice) is refused naming the event."""
    prop = vevent.get(key)
    if prop is None:
        return None
    if isinstance(prop, list):
        raise _refused(where, f"has {len(prop)} {key} properties, where one is allowed")
    try:
        value = prop.dt
    except ValueError as exc:  # icalendar's BrokenCalendarProperty says why after its "): "
        raise _refused(where, f"{key} is not a date or a date-time ({_why(exc)})") from None
    if not isinstance(value, dt.date):
        kind = _KINDS_OF_VALUE.get(type(value), type(value).__name__)
        raise _refused(where, f"{key} is not a date or a date-time (a {kind})")
    return value


def _finish(vevent: Any, start: dt.date, where: str) -> dt.date | None:
    """DTEND, else DTSTART + DURATION: of the same kind as `start` (both dates, or both times in
    a zone, or both floating) and within the calendar, or refused."""
    end = _moment(vevent, "DTEND", where)
    if end is None:
        duration = vevent.get("DURATION")
        if duration is None:
            return None
        try:
            length = None if isinstance(duration, list) else duration.dt
        except ValueError:  # a broken DURATION
            length = None
        if not isinstance(length, dt.timedelta):
            raise _refused(where, "DURATION is not one duration")
        try:
            end = start + length
        except OverflowError:
            raise _refused(where, "DURATION ends past the year 9999") from None
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        raise _refused(where, "DTSTART and DTEND must both be dates or both date-times")
    floating = {m.tzinfo is None for m in (start, end) if isinstance(m, dt.datetime)}
    if len(floating) > 1:
        raise _refused(where, "DTSTART and DTEND must both be floating or both in a zone")
    return end


def _refused(where: str, what: str) -> ImportFailed:
    return ImportFailed(f"{where}: {what}; nothing was written")


def _why(exc: Exception) -> str:
    return str(exc).rpartition("): ")[2] or str(exc)


def _dates(start: Any, end: Any, own: bool) -> tuple[str, str | None]:
    """(date, end) as the file writes them."""
    if not isinstance(start, dt.datetime):
        last = end - dt.timedelta(days=1) if isinstance(end, dt.date) and end > start else start
        if own and (whole := _whole_period(start, last)):
            return whole, None
        return start.isoformat(), (last.isoformat() if last != start else None)
    finish = end if isinstance(end, dt.datetime) and end > start else None
    return _instant(start), (_instant(finish) if finish is not None else None)


def _whole_period(first: dt.date, last: dt.date) -> str | None:
    """ "2018-10" or "1987" when first..last is exactly that calendar month or year."""
    after = last + dt.timedelta(days=1)
    if first.day == 1 and after.day == 1:
        if first.month == 1 and after.month == 1 and after.year == first.year + 1:
            return str(first.year)
        if (after.year * 12 + after.month) - (first.year * 12 + first.month) == 1:
            return f"{first.year:04d}-{first.month:02d}"
    return None


def _instant(moment: dt.datetime) -> str:
    stamp = moment.strftime("%Y-%m-%dT%H:%M" + (":%S" if moment.second else ""))
    if moment.tzinfo is None:
        return stamp  # floating: the timeline's zone
    zone = getattr(moment.tzinfo, "key", None)
    if zone and zone != "UTC" and "/" in zone:
        return f"{stamp} {zone}"
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M" + (":%S" if utc.second else "")) + "Z"


def _own_timeline(calendar: Calendar) -> str | None:
    """The timeline id in the tool's own UIDs, when they all name one timeline."""
    found = {m[2] for e in calendar.walk("VEVENT") if (m := _OWN_UID.match(str(e.get("UID", ""))))}
    return found.pop() if len(found) == 1 else None


def _own_id(uid: str | None) -> str | None:
    """The event id in a UID of the tool's own form, `<event>@<timeline>.<domain>`."""
    match = _OWN_UID.match(uid or "")
    return match[1] if match else None


def _own_description(
    text: str | None, event_id: str
) -> tuple[str | None, tuple[ImportedSource, ...]]:
    """The tool's own DESCRIPTION: the event's description (the part before the derivation,
    which starts with its id) and its "Sources:" list."""
    parts = (text or "").split("\n\n")
    description = parts[0] if parts[0] and not parts[0].startswith(f"{event_id} ") else None
    sources = []
    for part in parts:
        lines = part.split("\n")
        if lines[0] == "Sources:":
            for line in lines[1:]:
                if match := _SOURCE_LINE.match(line):
                    sources.append(ImportedSource(match["title"], match["url"], match["date"]))
    return description, tuple(sources)


def _links(vevent: Any) -> tuple[ImportedSource, ...]:
    """URL, then each ATTACH that is a web address, once each."""
    found: list[str] = []
    values = [vevent.get("URL")]
    attached = vevent.get("ATTACH")
    values += attached if isinstance(attached, list) else [attached]
    for value in values:
        text = _text(value)
        if text and text.startswith(("https://", "http://")) and text not in found:
            found.append(text)
    return tuple(ImportedSource(url, url) for url in found)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
