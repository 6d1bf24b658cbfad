"""Which events read an event: what removing it would break.

An event's dates may be rules over other events (`notice + 6 months`, a span from `notice` to
`effective`, a clause counted from its `notice`), and so may its revisions' dates and its
`not_before`. Removing an event that any of these read would leave a rule naming nothing, so
`tracker remove` asks this module first and refuses with the list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from events.model import DateSpec, Event, Timeline
from events.rules import Expression


@dataclass(frozen=True, slots=True)
class Dependant:
    """An event whose field `field` reads the event in question."""

    event_id: str
    field: str

    def __str__(self) -> str:
        return f"{self.event_id} ({self.field})"


def dependants(timeline: Timeline, event_id: str) -> list[Dependant]:
    """Every other event field whose rule reads `event_id`, in the file's order.

    >>> from events.dates import day
    >>> from events.rules import parse_expression
    >>> notice = Event("notice", "Notice", day(2025, 6, 27))
    >>> window = Event("window", "Window", parse_expression("notice"),
    ...                end=parse_expression("notice + 6 months"))
    >>> [str(d) for d in dependants(Timeline("t", "T", (notice, window)), "notice")]
    ['window (date)', 'window (end)']
    """
    return [
        Dependant(event.id, field)
        for event in timeline.events
        if event.id != event_id
        for field, spec in _specs(event)
        if isinstance(spec, Expression) and any(r.event_id == event_id for r in spec.references)
    ]


def _specs(event: Event) -> Iterator[tuple[str, DateSpec | None]]:
    """Each date field of the event and of its revisions, named as `check` names them."""
    # with a clause, a rule is almost always the clause's own, counted from the event's `notice`
    yield ("notice" if event.clause is not None else "date"), event.date
    yield "end", event.end
    yield "not_before", event.not_before
    for number, revision in enumerate(event.revisions, start=1):
        yield f"revision[{number}].date", revision.date
        yield f"revision[{number}].end", revision.end
