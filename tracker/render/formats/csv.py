"""`tracker export csv`: one row per event for spreadsheets and scripts, RFC 4180 (CRLF).

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or CR before one) as a
formula: a title like `=HYPERLINK(...)` would be code in the reader's spreadsheet. Text cells that
start so get a `'` in front, as OWASP recommends; dates and numbers never start so and are left
alone, so `days_until` stays a number. The rule is exactly inverted by removing one leading `'`
(a leading `'` is doubled for that), which is what reading the file back does.

`source_url` is the first source's address, for a spreadsheet's link column; `sources` carries
every source of the event as a JSON list (`[{"title": ..., "url": ..., "date": ...}]`, keys
only where set, `"secondary": true` on a secondary source), so that `tracker import` gets them
all back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

import pendulum

from events.model import Source
from events.resolved import ResolvedTimeline
from events.select import in_date_order

COLUMNS = (
    "id",
    "date",
    "end",
    "title",
    "kind",
    "status",
    "precision",
    "approximate",
    "derived",
    "expression",
    "days_until",
    "timeline",
    "source_url",
    "sources",
)


# OWASP, "CSV Injection": the characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs; one leading `'` less gives it back.

    >>> text_cell("=1+1"), text_cell("-5 days"), text_cell("'quoted'"), text_cell("Talks")
    ("'=1+1", "'-5 days", "''quoted'", 'Talks')
    """
    return f"'{text}" if text.startswith((*FORMULA_START, "'")) else text


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """Every event of every timeline in date order; dates as ISO text, as everywhere else,
    booleans as true/false like the JSON, empty cells for what an event does not have, and text
    cells that a spreadsheet would run as formulas neutralised (`text_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for timeline, event in in_date_order(timelines):
        url = next((s.url for s in event.event.sources if s.url), "")
        writer.writerow(
            [
                text_cell(event.id),
                event.date.label,
                event.end.label if event.end else "",
                text_cell(event.event.title),
                event.event.kind,
                event.status,
                event.date.precision,
                "true" if event.date.approximate else "false",
                "true" if event.derived else "false",
                text_cell(str(event.expression)) if event.expression else "",
                _cell(event.days_left(as_of)),  # empty when there are none to count
                text_cell(timeline.timeline.id),
                text_cell(url),
                text_cell(sources_cell(event.event.sources)),
            ]
        )
    return out.getvalue().encode("utf-8")


def _cell(days: int | None) -> str:
    return "" if days is None else str(days)


def sources_cell(sources: Sequence[Source]) -> str:
    """Every source as compact JSON, empty when there are none.

    >>> sources_cell([Source("Notice", "https://example.org/n", pendulum.date(2019, 2, 2))])
    '[{"title":"Notice","url":"https://example.org/n","date":"2019-02-02"}]'
    """
    if not sources:
        return ""
    items = []
    for source in sources:
        item: dict[str, str | bool] = {"title": source.title}
        if source.url:
            item["url"] = source.url
        if source.date:
            item["date"] = source.date.isoformat()
        if source.secondary:
            item["secondary"] = True
        items.append(item)
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))
