"""`tracker export ics`: the iCalendar feed (docs/feed.md); the one module that writes with
icalendar (`tracker.editing.importers.ics` is the one that reads).

The feed is a snapshot that subscribed calendars poll, so it is built to be stable: nothing in it
comes from the clock or from randomness (icalendar's own defaults for DTSTAMP and UID would), the
order of events is fixed, and text is escaped and folded by icalendar alone. The same timeline
file and the same as-of day therefore give the same bytes, which lets HTTP caches and `write_atomic`
skip unchanged feeds, and lets a calendar move an event (SEQUENCE, LAST-MODIFIED) only when its
history says it moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from importlib.metadata import version
from zoneinfo import ZoneInfo

import pendulum
from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)
from icalendar.enums import STATUS as VEVENT_STATUS

from events.dates import DateError, DateValue, Offset, shift_day
from events.model import Source, Status, Timeline
from events.problems import InvalidTimeline, Problem
from events.resolved import ResolvedEvent, ResolvedTimeline
from tracker.render.terminal.explain import (
    derivation,
    end_line,
    original_line,
    revision_line,
    source_line,
)

PRODID = f"-//withdrawal-tracker//withdrawal-tracker {version('withdrawal-tracker')}//EN"
# How often subscribers should poll: often enough for a deadline that moves at a summit, rarely
# enough to be polite. Said twice: REFRESH-INTERVAL (RFC 7986) and X-PUBLISHED-TTL, the older
# Microsoft extension that clients read when they predate the RFC.
REFRESH = dt.timedelta(hours=12)
# A timeline with neither history, `updated`, nor dated sources is stamped at the epoch.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

STATUS: dict[Status, VEVENT_STATUS] = {
    "occurred": VEVENT_STATUS.CONFIRMED,
    "scheduled": VEVENT_STATUS.CONFIRMED,
    "confirmed": VEVENT_STATUS.CONFIRMED,
    "running": VEVENT_STATUS.CONFIRMED,
    "open": VEVENT_STATUS.TENTATIVE,
    "projected": VEVENT_STATUS.TENTATIVE,
    "unconfirmed": VEVENT_STATUS.TENTATIVE,
    "cancelled": VEVENT_STATUS.CANCELLED,
    "superseded": VEVENT_STATUS.CANCELLED,
}

Moment = dt.date | dt.datetime
Observance = TimezoneStandard | TimezoneDaylight


def render_ics(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """One VCALENDAR for all the timelines given, their events in date order.

    `as_of` is already in each ResolvedTimeline (it chose the revisions in force); it is taken
    for the renderer signature that every export format shares. The same timeline id twice is an
    `InvalidTimeline`: its events' UIDs would collide.
    """
    _check_unique_ids(timelines)
    calendar = _calendar([resolved.timeline for resolved in timelines])
    events = sorted(
        ((resolved.timeline, event) for resolved in timelines for event in resolved),
        key=lambda pair: (*pair[1].date.sort_key(), pair[0].id, pair[1].id),
    )
    stamps = {resolved.timeline.id: timeline_stamp(resolved.timeline) for resolved in timelines}
    spans = [_span(event) for _, event in events]
    for timezone in _timezones(moment for span in spans for moment in span):
        calendar.add_component(timezone)
    for (timeline, event), span in zip(events, spans, strict=True):
        calendar.add_component(_vevent(timeline, event, span, stamps[timeline.id]))
    feed: bytes = calendar.to_ical()
    return feed


def _check_unique_ids(timelines: Sequence[ResolvedTimeline]) -> None:
    seen: set[str] = set()
    for resolved in timelines:
        if resolved.timeline.id in seen:
            message = "appears twice in one feed, so event UIDs would collide"
            raise InvalidTimeline([Problem(f"timeline {resolved.timeline.id!r} {message}")])
        seen.add(resolved.timeline.id)


def timeline_stamp(timeline: Timeline) -> dt.datetime:
    """When the timeline last changed, from its own content: `updated`, else its latest dated
    source (events' and revisions'), else the epoch. Never the clock."""
    if timeline.updated is not None:
        return _midnight_utc(timeline.updated)
    dates = [
        source.date
        for event in timeline.events
        for source in (*event.sources, *(s for r in event.revisions for s in r.sources))
        if source.date is not None
    ]
    return _midnight_utc(max(dates)) if dates else EPOCH


def event_stamp(event: ResolvedEvent, fallback: dt.datetime) -> dt.datetime:
    """DTSTAMP and LAST-MODIFIED: the day its latest revision in force was decided (its own, or
    that of an event it is derived from), else the timeline's own stamp; so a calendar sees the
    event change on the day its date changed."""
    days = [r.on for r in event.revisions] + [r.on for _, r in event.upstream_revisions]
    return _midnight_utc(max(days)) if days else fallback


def sequence_of(event: ResolvedEvent) -> int:
    """SEQUENCE: the revisions in force that moved this event, its own and those upstream."""
    return len(event.revisions) + len(event.upstream_revisions)


def status_of(event: ResolvedEvent) -> VEVENT_STATUS:
    """CANCELLED before anything else; an approximate or open date is TENTATIVE whatever its
    status."""
    status = STATUS[event.status]
    if status != VEVENT_STATUS.CANCELLED and (event.date.approximate or event.date.open):
        return VEVENT_STATUS.TENTATIVE
    return status


OPEN_DATE = " (open: not before this day)"
OPEN_END = " (end open)"
"""What SUMMARY adds to the title of a date or a span end still open; the importer reads them
back, so a timeline survives a round trip through its own feed."""


def summary_of(event: ResolvedEvent) -> str:
    """The title; a date still open says so, because a calendar can show it only on its earliest
    day, and a reader of the grid must not take that day for the date."""
    if event.date.open:
        return event.event.title + OPEN_DATE
    if event.end is not None and event.end.open:
        return event.event.title + OPEN_END
    return event.event.title


def _calendar(timelines: Sequence[Timeline]) -> Calendar:
    """The VCALENDAR's own properties, every one given explicitly.

    Not `Calendar.new`, which invents a random calendar UID, and not its `calendar_name` and
    `description` setters: icalendar 7 types NAME, X-WR-CALNAME and X-WR-CALDESC as UNKNOWN and
    writes them unescaped (a comma stays bare, a newline raises), so they are given as TEXT.
    """
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    title = " + ".join(t.title for t in timelines)
    description = "\n\n".join(t.description for t in timelines if t.description)
    for name, text in (("NAME", title), ("X-WR-CALNAME", title)):
        calendar.add(name, vText(text))
    if description:
        for name in ("DESCRIPTION", "X-WR-CALDESC"):
            calendar.add(name, vText(description))
    # icalendar writes REFRESH-INTERVAL without the VALUE=DURATION that RFC 7986 requires, and an
    # X- property's timedelta as "12:00:00": both are given their iCalendar form explicitly.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar


def _vevent(
    timeline: Timeline,
    event: ResolvedEvent,
    span: tuple[Moment, Moment | None],
    fallback: dt.datetime,
) -> Event:
    stamp = event_stamp(event, fallback)
    start, end = span
    status = status_of(event)
    vevent = Event.new(
        # an imported event keeps the UID its calendar gave it, so subscribers see one event
        uid=event.event.uid or f"{event.id}@{timeline.id}.{timeline.uid_domain}",
        stamp=stamp,
        last_modified=stamp,
        start=start,
        end=end,
        summary=summary_of(event),
        description=_description(event),
        categories=list(dict.fromkeys((event.event.kind, *event.event.tags))),
        sequence=sequence_of(event),
        status=status,
        url=_url(event),
    )
    if end is None:
        # An instant: RFC 5545 forbids DTEND equal to DTSTART, and clients disagree on what a
        # missing end means (an hour, a day); a zero DURATION says "this moment" to all of them.
        vevent.DURATION = dt.timedelta(0)
    if event.event.kind == "deadline" and status != "CANCELLED":
        for alarm in _alarms(event, timeline.remind):
            vevent.add_component(alarm)
    return vevent


def _span(event: ResolvedEvent) -> tuple[Moment, Moment | None]:
    """(DTSTART, DTEND): an instant keeps its time (DTEND None for a moment without length);
    anything known only to the day is all-day from its earliest day to the day after its latest."""
    date, end = event.date, event.end
    if date.instant is not None and (end is None or end.instant is not None):
        start = _moment(date)
        finish = _moment(end) if end is not None else None
        return start, finish if finish is not None and finish > start else None
    last = (end or date).latest
    return _day(date.earliest), _day(last.add(days=1))


def _moment(value: DateValue) -> dt.datetime:
    """An instant in its IANA zone (written with TZID and a VTIMEZONE), else in UTC (written Z).

    A local time that occurs twice (the hour repeated when clocks go back) is written in UTC:
    RFC 5545 reads it as the first occurrence and ical.js as the second, so in its zone one of
    them would show the wrong hour. So is one in year 1 or 9999, the calendar's edges.
    """
    assert value.instant is not None
    if value.zone is not None:
        local = dt.datetime.fromtimestamp(value.instant.timestamp(), ZoneInfo(value.zone))
        # In years 1 and 9999 too: a VTIMEZONE covering them would reach past the calendar.
        unambiguous = local.utcoffset() == local.replace(fold=1 - local.fold).utcoffset()
        if unambiguous and 1 < local.year < dt.MAXYEAR:
            return local
    return dt.datetime.fromtimestamp(value.instant.timestamp(), dt.UTC)


def _cited(heading: str, items: list[tuple[str, tuple[Source, ...]]]) -> str:
    """A heading, then each item on a `- ` line with its sources indented under it."""
    lines = [heading]
    for line, sources in items:
        lines.append(f"- {line}")
        lines.extend(f"  source: {source_line(s)}" for s in sources)
    return "\n".join(lines)


def _description(event: ResolvedEvent) -> str:
    """The event's own description, then why its date is what it is, its history, the objections
    lodged by the as-of day, its sources."""
    trace = [f"{event.id} {derivation(event)}", end_line(event), original_line(event)]
    parts = [event.event.description, "\n".join(line for line in trace if line)]
    if event.revisions:
        parts.append(_cited("Revisions:", [(revision_line(r), r.sources) for r in event.revisions]))
    if event.upstream_revisions:
        moved = [f"- {i} {revision_line(r)}" for i, r in event.upstream_revisions]
        parts.append("\n".join(["Moved with:", *moved]))
    if event.objections:
        objected = [(f"{o.party}, {o.on.isoformat()}", o.sources) for o in event.objections]
        parts.append(_cited("Objections:", objected))
    if event.event.sources:
        parts.append("\n".join(["Sources:", *(f"- {source_line(s)}" for s in event.event.sources)]))
    return "\n\n".join(part for part in parts if part)


def _url(event: ResolvedEvent) -> str | None:
    sources = (*event.event.sources, *(s for r in event.revisions for s in r.sources))
    return next((source.url for source in sources if source.url), None)


def _alarms(event: ResolvedEvent, remind: Iterable[Offset]) -> list[Alarm]:
    """One DISPLAY alarm per distinct reminder, as a whole number of days before the start (an
    open date's earliest day, which its text, the SUMMARY's, says).

    "1 month" before 31 October is 30 September: the days are counted on this event's calendar,
    so months and business days trigger on the day a person would expect.
    """
    start = event.date.earliest
    days: dict[int, Offset] = {}
    for offset in remind:
        try:
            days.setdefault((start - shift_day(start, offset.negated())).days, offset)
        except DateError:
            continue  # before year 1: no calendar can ring then
    return [
        Alarm.new_display(
            description=f"{str(offset).removeprefix('+ ')} to go: {summary_of(event)}",
            trigger=dt.timedelta(days=-count),
        )
        for count, offset in days.items()
    ]


def _timezones(moments: Iterable[Moment | None]) -> list[Timezone]:
    """A VTIMEZONE for each TZID used, sorted by TZID, covering the years its events fall in.

    Built here rather than by `Calendar.add_missing_timezones`, which adds them in set order
    (different bytes from run to run).
    """
    used: dict[str, list[int]] = {}
    for moment in moments:
        if isinstance(moment, dt.datetime) and isinstance(moment.tzinfo, ZoneInfo):
            used.setdefault(moment.tzinfo.key, []).append(moment.year)
    return [_vtimezone(name, min(years), max(years)) for name, years in sorted(used.items())]


def _vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """icalendar's VTIMEZONE for these years, rewritten so that every parser reads it alike.

    Two things are rewritten, both found by reading the same feed with ical.js and vobject:
    icalendar lists an observance's later onsets in one comma-separated RDATE, of which ical.js
    (Thunderbird) reads only the first value, so each observance here has one onset, in DTSTART;
    and it writes some onsets in the local time after the change (02:00 for London's spring change
    at 01:00 GMT), where RFC 5545 means the local time before it, so every onset is recomputed.
    """
    zone = ZoneInfo(name)
    generated = Timezone.from_tzid(
        name, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )
    observances = [
        component
        for component in generated.subcomponents
        if isinstance(component, TimezoneStandard | TimezoneDaylight)  # all are: this narrows
    ]
    changes = sorted(
        (
            (_change(zone, onset, observance.TZOFFSETFROM, observance.TZOFFSETTO), observance)
            for observance in observances
            for onset in (observance.DTSTART, *(start for start, _ in observance.rdates))
        ),
        key=lambda pair: pair[0],
    )
    # One observance per onset: icalendar may open the range with an observance that changes
    # nothing at the very instant of a real change (Kathmandu, 1986-01-01), and parsers then
    # disagree on which applies; the real change wins.
    by_onset: dict[dt.datetime, Observance] = {}
    for change, observance in changes:
        kept = by_onset.get(change)
        if kept is None or kept.TZOFFSETFROM == kept.TZOFFSETTO:
            by_onset[change] = observance
    timezone = Timezone()
    timezone.add("TZID", name)
    for change, observance in by_onset.items():
        timezone.add_component(_observance(observance, change + observance.TZOFFSETFROM))
    return timezone


def _change(
    zone: ZoneInfo, local: dt.datetime, before: dt.timedelta, after: dt.timedelta
) -> dt.datetime:
    """The naive UTC instant at which `zone` goes from offset `before` to `after`, given a local
    time of the change that may be on either side of it."""
    for offset in (before, after):
        instant = (local - offset).replace(tzinfo=dt.UTC)
        earlier = instant - dt.timedelta(seconds=1)
        if (instant.astimezone(zone).utcoffset(), earlier.astimezone(zone).utcoffset()) == (
            after,
            before,
        ):
            return instant.replace(tzinfo=None)
    return (local - before).replace(tzinfo=None)  # no change here: the offset the range opens with


def _observance(template: Observance, onset: dt.datetime) -> Observance:
    """A copy of a STANDARD or DAYLIGHT observance that starts at `onset` (local, before it)."""
    observance = type(template)()
    observance.add("DTSTART", onset)
    for name in ("TZNAME", "TZOFFSETFROM", "TZOFFSETTO"):
        observance.add(name, template[name])
    return observance


def _midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _day(day: dt.date) -> dt.date:
    """A plain date: icalendar gets the standard type, not pendulum's subclass."""
    return dt.date(day.year, day.month, day.day)
