"""`tracker export csv`: one row per event for spreadsheets and scripts, RFC 4180 (CRLF).

`source_url` is the first source's address, for a spreadsheet's link column; `sources` carries
every source of the event as a JSON list (`[{"title": ..., "url": ..., "date": ...}]`, keys
only where set), so that `tracker import` gets them all back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

import pendulum

from events.model import Source
from events.resolve import ResolvedTimeline
from events.select import in_date_order

COLUMNS = (
    "id", "date", "end", "title", "kind", "status", "precision", "approximate", "derived",
    "expression", "days_until", "timeline", "source_url", "sources",
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
                sources_cell(event.event.sources),
            ]
        )
    return out.getvalue().encode("utf-8")


def sources_cell(sources: Sequence[Source]) -> str:
    """Every source as compact JSON, empty when there are none.

    >>> sources_cell([Source("Notice", "https://example.org/n", pendulum.date(2019, 2, 2))])
    '[{"title":"Notice","url":"https://example.org/n","date":"2019-02-02"}]'
    """
    if not sources:
        return ""
    items = []
    for source in sources:
        item = {"title": source.title}
        if source.url:
            item["url"] = source.url
        if source.date:
            item["date"] = source.date.isoformat()
        items.append(item)
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))
