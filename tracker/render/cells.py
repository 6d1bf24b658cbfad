"""What the cells of a timeline table say about an event, the same in every table: the fitted
terminal view, tabulate's formats, Markdown and `next`."""

from __future__ import annotations

import pendulum

from events.resolve import ResolvedEvent
from tracker.render.relative import relative

DERIVED_NOTE = "* derived from a rule: `tracker explain ID` shows how"


def date_cell(event: ResolvedEvent) -> str:
    """ISO date (an ISO interval for a span), `*` when derived, and what it was before it moved."""
    text = event.span_label
    if event.derived:
        text += " *"
    if event.moved and event.original is not None:
        text += f", was {event.original.label}"
    return text


def when_cell(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    """`in 16 days`, `7 years ago`; a range for a vague date, `about` for an approximate one."""
    about = "about " if event.date.approximate else ""
    phrase = relative(event.date.earliest, as_of)
    if event.date.is_vague:
        later = relative(event.date.latest, as_of)
        phrase = phrase if later == phrase else f"{phrase} to {later}"
    return f"{about}{phrase}"
