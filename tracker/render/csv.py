"""`tracker export csv`: one row per event for spreadsheets and scripts, RFC 4180 (CRLF)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pendulum

from events.resolve import ResolvedTimeline
from events.select import in_date_order

COLUMNS = (
    "id", "date", "end", "title", "kind", "status", "precision", "approximate", "derived",
    "expression", "days_until", "timeline", "source_url",
)  # fmt: skip


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """Every event of every timeline in date order; dates as ISO text, as everywhere else,
    booleans as true/false like the JSON, empty cells for what an event does not have."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for timeline, event in in_date_order(timelines):
        url = next((s.url for s in event.event.sources if s.url), "")
        writer.writerow(
            [
                event.id,
                event.date.label,
                event.end.label if event.end else "",
                event.event.title,
                event.event.kind,
                event.status,
                event.date.precision,
                "true" if event.date.approximate else "false",
                "true" if event.derived else "false",
                str(event.expression) if event.expression else "",
                event.days_until(as_of),
                timeline.timeline.id,
                url,
            ]
        )
    return out.getvalue().encode("utf-8")
