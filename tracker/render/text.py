"""Terminal tables. The only module that imports tabulate, so commands that print no table
(`until`, `explain`) never pay for it."""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
from tabulate import tabulate, tabulate_formats

from events.resolve import ResolvedEvent, ResolvedTimeline
from tracker.render.relative import relative

FORMATS: tuple[str, ...] = tuple(tabulate_formats)


def date_cell(event: ResolvedEvent) -> str:
    """ISO date (an ISO interval for a span), `*` when derived, and what it was before it moved."""
    text = event.date.label
    if event.end is not None:
        text = f"{text}/{event.end.label}" if event.end != event.date else text
    if event.derived:
        text += " *"
    if event.moved and event.original is not None:
        text += f", was {event.original.label}"
    return text


def when_cell(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    about = "about " if event.date.approximate else ""
    phrase = relative(event.date.earliest, as_of)
    if event.date.is_vague and event.date.latest != event.date.earliest:
        later = relative(event.date.latest, as_of)
        phrase = phrase if later == phrase else f"{phrase} to {later}"
    return f"{about}{phrase}"


def render_table(
    timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date, fmt: str = "simple"
) -> str:
    """Every event of every timeline in date order; a Timeline column when there are several."""
    several = len(timelines) > 1
    headers = ["Date", "When", "Id", "Title", "Kind", "Status"]
    rows = []
    merged = sorted(
        ((t, e) for t in timelines for e in t), key=lambda pair: pair[1].date.sort_key()
    )
    for timeline, event in merged:
        row = [
            date_cell(event),
            when_cell(event, as_of),
            event.id,
            event.event.title,
            event.event.kind,
            event.status,
        ]
        rows.append([timeline.timeline.id, *row] if several else row)
    if several:
        headers.insert(0, "Timeline")
    table = tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)
    return f"{table}\n\n* derived from a rule: `tracker explain ID` shows how\n"


def render_catalog(rows: Sequence[Sequence[str]], fmt: str = "simple") -> str:
    """`tracker list`: one row per bundled timeline."""
    headers = ["Id", "Title", "Events", "Next deadline"]
    return tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True) + "\n"
