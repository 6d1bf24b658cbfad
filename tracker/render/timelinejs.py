"""`tracker export timelinejs`: the JSON a TimelineJS slideshow loads, for newsrooms that use it.

One slide per event. TimelineJS dates take only the parts given, so a date known to the month is
`{"year", "month"}` and prints as such; a range or a span has an end date; `display_date` keeps
the tool's own label ("about 2017-11-30", "2018-11-30/2018-12-30"), which TimelineJS has no form
for. A slide's text is HTML: it is rendered from a template with autoescape, like the pages.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pendulum
from markupsafe import escape

from events.dates import DateValue
from events.resolve import ResolvedEvent, ResolvedTimeline
from events.select import in_date_order
from tracker.render.explain import derivation, end_line, revision_line
from tracker.render.web import environment


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
        "start_date": _date(date, date.earliest),
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
        "display_date": ("about " if date.approximate else "") + event.span_label,
    }
    if event.end is not None and event.end != date:
        found["end_date"] = _date(event.end, event.end.latest)
    elif date.precision == "range":  # a month or a year says so by the parts it has
        found["end_date"] = _date(date, date.latest)
    return found


def _date(value: DateValue, day: pendulum.Date) -> dict[str, int]:
    """`day` with only the parts `value` knows: a month-precision date has no day."""
    parts = {"year": day.year}
    if value.precision != "year":
        parts["month"] = day.month
    if value.precision not in ("year", "month"):
        parts["day"] = day.day
    return parts
