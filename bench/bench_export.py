"""Time `tracker export ics` on large timelines, against icalendar's own floor.

Builds timelines of 1,000, 10,000 and 100,000 events (a chain of derived dates: every event is the
one before it + 1 day; every tenth a deadline with three reminders, every event with a source),
then prints for each size, best of --repeat runs:

- resolve: the rule engine alone (the part `bench_resolve.py` measures, for reference);
- export: `render_ics` of the resolved timeline, the feed as `tracker export ics` writes it;
- total: resolve + export, what one `tracker export ics` pays after reading the file;
- floor: the same VEVENTs built directly with icalendar from precomputed values, then serialized;
  the least any feed built with icalendar can cost. Its bytes are checked to equal the export's,
  so the two are timed on the same work.

and the ratio export/floor, and microseconds per event, which must stay flat as the size grows.
`tracker export` pauses the cyclic garbage collector while it renders (tracker.memory.paused_gc):
with it on, the collector's scans of a growing heap of icalendar objects made the time per event
grow by half from 1,000 to 100,000 events, for the floor as much as for the export. The floor is
timed under the same pause.

Run: python bench/bench_export.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from functools import partial

import pendulum
from icalendar import Alarm, Calendar, Event, vDuration, vText
from timing import best_of  # bench/ is on sys.path when a script here runs

from events.dates import DateValue, Offset
from events.model import Event as TimelineEvent
from events.model import Source, Timeline
from events.resolve import resolve
from events.rules import parse_expression
from tracker.memory import paused_gc
from tracker.render.export import export as export_as
from tracker.render.formats import ics

AS_OF = pendulum.date(2026, 11, 27)
REMIND = (Offset(30, "days"), Offset(7, "days"), Offset(1, "days"))


def chain(size: int) -> Timeline:
    start = pendulum.date(2000, 1, 1)
    events = [TimelineEvent("e0", "Start", DateValue(start, start), sources=(source(0),))]
    events.extend(
        TimelineEvent(
            f"e{i}",
            f"Step {i}, derived from the step before",
            parse_expression(f"e{i - 1} + 1 day"),
            kind="deadline" if i % 10 == 0 else "milestone",
            tags=("bench",),
            sources=(source(i),),
            rule="Bench Art. 1",
        )
        for i in range(1, size)
    )
    return Timeline("bench", "Benchmark chain", tuple(events), remind=REMIND)


def source(i: int) -> Source:
    return Source(f"Report {i}", f"https://example.org/reports/{i}", pendulum.date(2000, 1, 1))


@dataclass(frozen=True, slots=True)
class Plain:
    """One event's feed values, computed before the floor is timed."""

    uid: str
    stamp: dt.datetime
    start: dt.date
    end: dt.date
    summary: str
    description: str
    categories: list[str]
    sequence: int
    status: str
    url: str | None
    triggers: list[tuple[str, int]]


def plain_events(feed: bytes) -> list[Plain]:
    """What the floor needs, read back from the exported feed, so that both build the same bytes
    and the floor does none of the deciding (dates, stamps, status, text) that the export does."""
    plain = []
    for vevent in Calendar.from_ical(feed).walk("VEVENT"):
        plain.append(
            Plain(
                uid=str(vevent["UID"]),
                stamp=vevent.DTSTAMP,
                start=vevent.start,
                end=vevent.end,
                summary=str(vevent["SUMMARY"]),
                description=str(vevent["DESCRIPTION"]),
                categories=list(vevent.categories),
                sequence=vevent.sequence,
                status=str(vevent["STATUS"]),
                url=vevent.url or None,
                triggers=[
                    (str(a["DESCRIPTION"]), a["TRIGGER"].dt.days) for a in vevent.walk("VALARM")
                ],
            )
        )
    return plain


def floor(title: str, events: list[Plain]) -> bytes:
    """The VCALENDAR built with icalendar directly from plain values, and serialized."""
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", ics.PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("NAME", vText(title))
    calendar.add("X-WR-CALNAME", vText(title))
    calendar.add("REFRESH-INTERVAL", ics.REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(ics.REFRESH))
    for item in events:
        vevent = Event.new(
            uid=item.uid,
            stamp=item.stamp,
            last_modified=item.stamp,
            start=item.start,
            end=item.end,
            summary=item.summary,
            description=item.description,
            categories=item.categories,
            sequence=item.sequence,
            status=item.status,  # type: ignore[arg-type]
            url=item.url,
        )
        for description, days in item.triggers:
            trigger = dt.timedelta(days=days)
            vevent.add_component(Alarm.new_display(description=description, trigger=trigger))
        calendar.add_component(vevent)
    return calendar.to_ical()


def paused_floor(title: str, events: list[Plain]) -> bytes:
    """The floor under the same conditions as `tracker export`, which pauses the cyclic GC."""
    with paused_gc():
        return floor(title, events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    timed = partial(best_of, args.repeat)
    header = (
        f"{'events':>8} {'resolve s':>10} {'export s':>9} {'total s':>8} {'floor s':>8} "
        f"{'export/floor':>12} {'µs/event export':>16} {'µs/event floor':>15}"
    )
    print(header)
    per_event = []
    for size in (int(s) for s in args.sizes.split(",")):
        timeline = chain(size)
        resolved = resolve(timeline, AS_OF)
        exported = ics.render_ics([resolved], AS_OF)
        plain = plain_events(exported)
        assert floor(timeline.title, plain) == exported, "the floor must build the same bytes"
        solve = timed(lambda t=timeline: resolve(t, AS_OF))
        export = timed(lambda r=resolved: export_as("ics", [r], AS_OF))
        total = timed(lambda t=timeline: export_as("ics", [resolve(t, AS_OF)], AS_OF))
        least = timed(lambda p=plain, t=timeline: paused_floor(t.title, p))
        per_event.append((export / size * 1e6, least / size * 1e6))
        print(
            f"{size:>8} {solve:>10.3f} {export:>9.3f} {total:>8.3f} {least:>8.3f} "
            f"{export / least:>12.2f} {export / size * 1e6:>16.1f} {least / size * 1e6:>15.1f}"
        )
    (export_first, floor_first), (export_last, floor_last) = per_event[0], per_event[-1]
    print(
        f"\ntime per event, largest size / smallest (1.00 is perfectly linear): "
        f"export {export_last / export_first:.2f}, floor {floor_last / floor_first:.2f}"
    )


if __name__ == "__main__":
    main()
