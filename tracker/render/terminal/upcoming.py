"""`tracker next`: the deadlines still ahead, soonest first, with the days left to each."""

from __future__ import annotations

from collections.abc import Sequence

import pendulum

from events.resolved import ResolvedEvent, ResolvedTimeline
from tracker.render.cells import DERIVED_NOTE, date_cell
from tracker.render.terminal.layout import Column, fit, footnotes, heading_lines, row_lines
from tracker.render.terminal.style import Role, paint


def days_left(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    """`16 days`, `today`, `about 30 days`; `60 to 90 days` for a vague date, `up to 12 days`
    for one that may already have passed; `open` for a date not decided whose earliest day has
    come, `at least 227 days` before it."""
    first, last = event.days_until(as_of), event.days_until_latest(as_of)
    if event.open_on(as_of):
        return "end open" if event.running else "open"
    if event.open:
        return f"at least {_days(first)}"
    about = "about " if event.date.approximate else ""
    if first == last:
        return f"{about}today" if first == 0 else f"{about}{_days(first)}"
    if first < 0:
        return f"up to {_days(last)}"
    return f"{first} to {_days(last)}"


def render_next(
    upcoming: Sequence[tuple[ResolvedTimeline, ResolvedEvent]],
    as_of: pendulum.Date,
    width: int | None = None,
    *,
    several: bool = False,
    within: int | None = None,
    colour: bool = True,
) -> str:
    """A table of the upcoming deadlines; the soonest stands out. A sentence when there are none.

    `several` adds a Timeline column, for deadlines gathered from more than one timeline.
    """
    if not upcoming:
        limit = f" within {_days(within)}" if within is not None else ""
        return f"No upcoming deadlines{limit} as of {as_of.isoformat()}.\n"
    events = [event for _, event in upcoming]
    columns = [
        Column("Date", tuple(date_cell(e) for e in events)),
        Column("Days left", tuple(days_left(e, as_of) for e in events)),
        Column("Id", tuple(e.id for e in events), leaves=1),
        Column("Title", tuple(e.event.title for e in events), flexible=True),
    ]
    if several:
        columns.insert(2, Column("Timeline", tuple(t.timeline.id for t, _ in upcoming), leaves=2))
    fitted = fit(columns, width)
    lines = heading_lines(fitted, colour)
    for index, _ in enumerate(events):
        cells = [column.cells[index] for column in fitted.columns]
        role: Role | None = "next" if index == 0 else None
        lines.extend(paint(line, role, colour) for line in row_lines(fitted, cells, False))
    notes = [DERIVED_NOTE] if any(e.derived for e in events) else []
    lines.extend(footnotes(notes, fitted, width, colour))
    return "\n".join(lines) + "\n"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"
