"""Terminal tables. The only module that imports tabulate, so commands that print no table
(`until`, `explain`) never pay for it."""

from __future__ import annotations

from collections.abc import Sequence

import pendulum
from tabulate import tabulate, tabulate_formats

from events.resolved import ResolvedTimeline
from events.select import in_date_order
from tracker.render.cells import date_cell, status_cell, when_cell

FORMATS: tuple[str, ...] = tuple(tabulate_formats)


def render_table(
    timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date, fmt: str = "simple"
) -> str:
    """Every event of every timeline in date order, in any tabulate format; a Timeline column when
    there are several. Nothing but the table, so HTML, LaTeX and CSV-like formats stay clean."""
    several = len(timelines) > 1
    headers = ["Date", "When", "Id", "Title", "Kind", "Status"]
    rows = []
    for timeline, event in in_date_order(timelines):
        row = [
            date_cell(event),
            when_cell(event, as_of),
            event.id,
            event.event.title,
            event.event.kind,
            status_cell(event),
        ]
        rows.append([timeline.timeline.id, *row] if several else row)
    if several:
        headers.insert(0, "Timeline")
    return tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True) + "\n"


def render_catalog(rows: Sequence[Sequence[str]], fmt: str = "simple") -> str:
    """`tracker list`: one row per timeline, the user's and the bundled ones."""
    headers = ["Id", "Title", "Events", "Next deadline", "From"]
    return tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True) + "\n"
