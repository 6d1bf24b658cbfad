"""What the cells of a timeline table say about an event, the same in every table: the fitted
terminal view, tabulate's formats, Markdown and `next`."""

from __future__ import annotations

import pendulum

from events.resolved import ResolvedEvent
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
    """`in 16 days`, `7 years ago`; a range for a vague date, `about` for an approximate one;
    `ends in 3 months` for a span under way. An open date is `in 7 months or later` until its
    earliest day, then `open`: from then on any day may be the one, so no count is honest.
    An event with no days to count reads why (`cancelled`, `superseded`, `no notice on record`):
    a narrow table hides Status, and without colour nothing else would mark it. A suspension in
    force runs `until lifted`."""
    reason = event.uncounted(as_of)
    if reason is not None:
        return reason
    date = event.counted
    if event.suspended and date.open:
        return "until lifted"
    if event.open_on(as_of):
        return "end open" if event.running else "open"
    phrase = relative(date.earliest, as_of)
    if date.is_vague and not date.open:  # an open date counts from its earliest day, as until does
        later = relative(date.latest, as_of)
        phrase = phrase if later == phrase else f"{phrase} to {later}"
    if date.approximate:
        phrase = f"in about {phrase[3:]}" if phrase.startswith("in ") else f"about {phrase}"
    if date.open:
        phrase += " or later"
    return f"ends {phrase}" if event.running else phrase


def status_cell(event: ResolvedEvent) -> str:
    """The status, in the words a reader of treaties uses: a suspension in force is `suspended`
    (its status stays `running`: a suspension is no withdrawal and sets no date), and an act
    another party objected to is `(contested)`."""
    text = "suspended" if event.suspended else event.status
    return f"{text} (contested)" if event.contested else text
