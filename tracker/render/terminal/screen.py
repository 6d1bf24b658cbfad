"""`tracker show` in a terminal: the table fitted to the screen, a today row between past and
future, past events dimmed and the next deadline standing out.

Pure: the width and whether to colour are given. `tracker export text` is the same view with no
width limit and no colour.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pendulum

from events.resolved import ResolvedTimeline
from events.select import in_date_order, upcoming_deadlines
from tracker.render.cells import DERIVED_NOTE, date_cell, status_cell, when_cell
from tracker.render.terminal.layout import Column, fit, footnotes, heading_lines, row_lines
from tracker.render.terminal.style import paint, role_of

# a narrow Date column wraps spans and moved dates, as layout.wrap does: never inside "/.."
_DATE_BREAKS = re.compile(r"(?<=/)(?!\.\.)|(?<=,) ")


def render_screen(
    timelines: Sequence[ResolvedTimeline],
    as_of: pendulum.Date,
    width: int | None = None,
    *,
    wrap: bool = False,
    colour: bool = True,
) -> str:
    """Every event in date order, fitted to `width` (None: natural width), with a today row."""
    pairs = in_date_order(timelines)
    if not pairs:
        return "No events match.\n"
    events = [event for _, event in pairs]
    dates = tuple(date_cell(e) for e in events)
    columns = [
        Column("Date", dates, narrow=max(len(p) for d in dates for p in _DATE_BREAKS.split(d))),
        # "7 years ago" is what this view is for: it leaves only when a title would not fit at all
        Column("When", tuple(when_cell(e, as_of) for e in events), leaves=5, needs=10),
        Column("Id", tuple(e.id for e in events), leaves=3),
        Column("Title", tuple(e.event.title for e in events), flexible=True),
        Column("Kind", tuple(e.event.kind for e in events), leaves=2),
        Column("Status", tuple(status_cell(e) for e in events), leaves=1),
    ]
    if len(timelines) > 1:
        columns.insert(0, Column("Timeline", tuple(t.timeline.id for t, _ in pairs), leaves=4))
    fitted = fit(columns, width)
    upcoming = upcoming_deadlines(timelines)
    nxt = upcoming[0][1] if upcoming else None
    lines = heading_lines(fitted, colour)
    today_at = next((i for i, e in enumerate(events) if e.date.earliest >= as_of), len(events))
    for index, event in enumerate(events):
        if index == today_at:
            lines.append(today_row(as_of, fitted.total, colour))
        role = role_of(event, as_of, nxt)
        cells = [column.cells[index] for column in fitted.columns]
        lines.extend(paint(line, role, colour) for line in row_lines(fitted, cells, wrap))
    if today_at == len(events):
        lines.append(today_row(as_of, fitted.total, colour))
    notes = [DERIVED_NOTE] if any(e.derived for e in events) else []
    lines.extend(footnotes(notes, fitted, width, colour))
    return "\n".join(lines) + "\n"


def render_catalog_screen(
    rows: Sequence[Sequence[str]], width: int | None = None, *, colour: bool = True
) -> str:
    """`tracker list` fitted to `width`: titles cut short, the next deadline wrapped, the event
    count the first to go."""
    deadlines = tuple(row[3] for row in rows)
    columns = [
        Column("Id", tuple(row[0] for row in rows)),
        Column("Title", tuple(row[1] for row in rows), flexible=True),
        Column("Events", tuple(row[2] for row in rows), leaves=1, needs=20),
        # "2026-12-31 us-withdrawal-2026 (34 days)" may wrap before its "(34 days)", no further
        Column("Next deadline", deadlines, narrow=max(len(d.split(" (")[0]) for d in deadlines)),
        Column("From", tuple(row[4] for row in rows)),
    ]
    fitted = fit(columns, width)
    lines = heading_lines(fitted, colour)
    for index in range(len(rows)):
        cells = [column.cells[index] for column in fitted.columns]
        lines.extend(row_lines(fitted, cells, False))
    lines.extend(footnotes([], fitted, width, colour))
    return "\n".join(lines) + "\n"


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """`tracker export text`: the same table, whole (no width) and plain (no colour)."""
    return render_screen(timelines, as_of, colour=False).encode("utf-8")


def today_row(as_of: pendulum.Date, width: int, colour: bool) -> str:
    """`── today 2026-11-27 ─────`, as wide as the table: where the past ends."""
    text = f"── today {as_of.isoformat()} "
    return paint((text + "─" * max(2, width - len(text)))[:width], "today", colour)
