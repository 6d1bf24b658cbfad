"""`tracker export html`: the page of one timeline, as known on the as-of day.

A countdown to the next deadline, the subscribe links, a chart drawn to scale with CSS alone, and
one section per event with its derivation, revisions and sources. Everything is in the one file
(styles inline, no fonts, scripts or images from elsewhere), so it can be mailed, archived or put
on any static host, and it reads the same with scripts off, printed, or through a screen reader.
The countdown is written as of the page's day and says so; no script moves it, because the chart
and the statuses beside it are as of that day too, and a page that mixed two days would mislead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pendulum

from events.dates import DateValue
from events.model import Source
from events.resolved import ResolvedEvent, ResolvedTimeline
from tracker.errors import OneTimelineOnly
from tracker.render.terminal.explain import derivation, end_line, original_line, revision_line
from tracker.render.web.chart import plan_chart
from tracker.render.web.env import render
from tracker.render.web.index import feed_links, next_to_count


@dataclass(frozen=True, slots=True)
class Countdown:
    """The next deadline and the days to it: a range for a vague date, "about" for an
    approximate one, as `tracker until` counts them. For a date still open (`open`) the days
    are to its earliest day, `bound`: "at least N days" while it is ahead, and once it has come
    no count at all, only that the date is open and not decided."""

    event: ResolvedEvent
    days: int
    days_latest: int
    derivation: str | None
    open: bool = False
    bound: DateValue | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """What the page says about one event, in the words `explain` uses."""

    event: ResolvedEvent
    lines: tuple[str, ...]
    revisions: tuple[tuple[str, tuple[Source, ...]], ...]
    left: int | None  # days left of a span running on the as-of day


def render_page(
    timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date, base: str | None = None
) -> bytes:
    """The page of the one timeline in `timelines`; `base` is the address its files are
    published under, for absolute subscribe links (else relative ones, and a note)."""
    if len(timelines) != 1:
        raise OneTimelineOnly(f"a page shows one timeline, not {len(timelines)}")
    (timeline,) = timelines
    sections = [_section(event, as_of) for event in timeline]
    chart = plan_chart(timeline, as_of)
    return render(
        "page.html.j2",
        timeline=timeline.timeline,
        as_of=as_of,
        countdown=countdown(timeline, as_of),
        links=feed_links(timeline.timeline.id, base),
        chart=chart,
        shapes={mark.shape for _, marks in chart.rows for mark in marks},
        sections=sections,
        left={s.event.id: s.left for s in sections},
    )


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """The export format's entry point: the page with relative subscribe links."""
    return render_page(timelines, as_of)


def countdown(timeline: ResolvedTimeline, as_of: pendulum.Date) -> Countdown | None:
    """The countdown to the deadline `next_to_count` picks (the front page's choice too)."""
    event = next_to_count(timeline)
    if event is None:
        return None
    rule = derivation(event) if event.derived or event.event.rule else None
    days, latest = event.days_until(as_of), event.days_until_latest(as_of)
    if not event.open:
        return Countdown(event, days, latest, rule)
    return Countdown(event, days, latest, rule, open=True, bound=event.counted.lower_bound)


def days_left(event: ResolvedEvent, as_of: pendulum.Date) -> int | None:
    """Days from the as-of day to the end of a span that has begun and not ended, else None.

    >>> from events.model import Event
    >>> from events.dates import day
    >>> from events.resolve import resolve
    >>> from events.model import Timeline
    >>> t = resolve(Timeline("t", "T", (Event("w", "W", day(2019, 2, 2), day(2019, 8, 2)),)),
    ...             pendulum.date(2019, 5, 1))
    >>> days_left(t["w"], pendulum.date(2019, 5, 1))
    93
    """
    if event.end is None or event.cancelled:
        return None
    if event.date.earliest <= as_of < event.end.latest:
        return (event.end.earliest - as_of).days
    return None


def _section(event: ResolvedEvent, as_of: pendulum.Date) -> Section:
    lines = [derivation(event)]
    lines += [line for line in (end_line(event), original_line(event)) if line is not None]
    revisions = tuple((revision_line(r), r.sources) for r in event.revisions)
    return Section(event, tuple(lines), revisions, days_left(event, as_of))
