"""`tracker export timelinejs`: the JSON a TimelineJS slideshow loads, for newsrooms that use it.

One slide per event. TimelineJS dates take only the parts given, so a date known to the month is
`{"year", "month"}` and prints as such; a range or a span has an end date; `display_date` keeps
the tool's own label ("about 2017-11-30", "2018-11-30/2018-12-30"), which TimelineJS has no form
for. A slide's text is HTML: it is rendered from a template with autoescape, like the pages.

TimelineJS needs a start date and has no open one: a date still open starts at its earliest day
with only the parts that day is known to, and says it is open in `display_date`
("2026-01-15/.. (open)"); a span whose end is open has no `end_date`, since any would be made up.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pendulum
from markupsafe import escape

from events.dates import DateValue
from events.resolved import ResolvedEvent, ResolvedTimeline
from events.select import in_date_order
from tracker.render.terminal.explain import derivation, end_line, revision_line
from tracker.render.web.env import environment


def render_timelinejs(
    timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date
) -> dict[str, Any]:
    """The TimelineJS document: a title slide, then every event in date order."""
    if len(timelines) == 1:
        head = timelines[0].timeline
        title, text = head.title, head.description or ""
    else:
        title, text = "Treaty timelines", ", ".join(t.timeline.title for t in timelines)
    slide = environment().get_template("slide.html.j2")
    events = [_event(event, timeline, as_of, slide) for timeline, event in in_date_order(timelines)]
    intro = f"As known on {as_of.isoformat()}. {text}"
    return {  # TimelineJS reads headlines and texts as HTML
        "title": {"text": {"headline": str(escape(title)), "text": str(escape(intro))}},
        "events": events,
    }


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    document = render_timelinejs(timelines, as_of)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _event(
    event: ResolvedEvent, timeline: ResolvedTimeline, as_of: pendulum.Date, slide: Any
) -> dict[str, Any]:
    date = event.date
    found: dict[str, Any] = {
        "unique_id": f"{timeline.timeline.id}-{event.id}",
        "start_date": _date(date.lower_bound, date.earliest),
        "text": {
            "headline": str(escape(event.event.title)),
            "text": slide.render(
                event=event,
                lines=[line for line in (derivation(event), end_line(event)) if line],
                revisions=[revision_line(r) for r in event.revisions],
                status=event.status,
            ),
        },
        "group": event.event.kind,
        "display_date": _display(event),
    }
    if event.end is not None and event.end.open:
        return found  # no end_date: the end is not decided, and display_date says so
    if event.end is not None and event.end != date:
        found["end_date"] = _date(event.end, event.end.latest)
    elif date.precision == "range":  # a month or a year says so by the parts it has
        found["end_date"] = _date(date, date.latest)
    return found


def _display(event: ResolvedEvent) -> str:
    """The tool's own label, "about" for an approximate date and "(open)" for one not decided.

    >>> import pendulum
    >>> from events.dates import parse_date_value
    >>> from events.model import Event
    >>> from events.resolved import ResolvedEvent
    >>> value = parse_date_value("2026-01-15/..")
    >>> _display(ResolvedEvent(Event("e", "E", value), value, None, "open", None, None, (),
    ...                        None, None))
    '2026-01-15/.. (open)'
    """
    label = ("about " if event.date.approximate else "") + event.span_label
    if event.date.open:
        return f"{label} (open)"
    if event.end is not None and event.end.open:
        return f"{label} (end open)"
    return label


def _date(value: DateValue, day: pendulum.Date) -> dict[str, int]:
    """`day` with only the parts `value` knows: a month-precision date has no day."""
    parts = {"year": day.year}
    if value.precision != "year":
        parts["month"] = day.month
    if value.precision not in ("year", "month"):
        parts["day"] = day.day
    return parts
