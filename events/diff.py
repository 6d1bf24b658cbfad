"""What changed in a timeline between two days: the "what changed since I last looked" view.

A timeline file holds its whole history (revisions are never edits), so the change between two days
is computed by resolving the timeline as of each day and comparing, event by event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pendulum

from events.model import Revision
from events.resolve import resolve
from events.resolved import ResolvedEvent, ResolvedTimeline

ChangeKind = Literal["appeared", "moved", "cancelled", "occurred", "due"]
CHANGE_ORDER: tuple[ChangeKind, ...] = ("appeared", "moved", "cancelled", "occurred", "due")
"""`due`: the date came, but past the record's horizon, so the record cannot say it occurred."""


PAST = ("occurred", "unconfirmed")


@dataclass(frozen=True, slots=True)
class Change:
    """One event's change between `since` and `until`.

    `event` is the event as known on `until`, `previous` as known on `since` (None for an event
    that appeared); `revisions` are the decisions taken in between, which say why it moved;
    `cause` names the event upstream whose move carried this derived date along.
    """

    kind: ChangeKind
    event: ResolvedEvent
    previous: ResolvedEvent | None
    revisions: tuple[Revision, ...] = ()
    cause: str | None = None


def diff(after: ResolvedTimeline, since: pendulum.Date) -> list[Change]:
    """Events that appeared, moved, were cancelled or occurred after `since`, up to the day
    `after` (the whole timeline, unfiltered) was resolved as of; only the earlier day is
    resolved here.

    >>> from events.model import Event, Timeline
    >>> from events.dates import day
    >>> from pendulum import date
    >>> timeline = Timeline("t", "T", (Event("a", "A", day(2019, 2, 2)),), updated=date(2019, 3, 1))
    >>> t = resolve(timeline, date(2019, 3, 1))
    >>> [c.kind for c in diff(t, date(2019, 1, 1))]
    ['appeared', 'occurred']
    """
    until = after.as_of
    before = resolve(after.timeline, since, hindsight=True)
    changes: list[Change] = []
    moved_ids: set[str] = set()
    for event in after:
        old = before[event.id]
        decided = tuple(r for r in event.revisions if since < r.on <= until)
        if event.known is not None and since < event.known <= until:
            changes.append(Change("appeared", event, None, decided))
        elif old.date != event.date or old.end != event.end:
            changes.append(Change("moved", event, old, decided))
            moved_ids.add(event.id)
        if event.cancelled and not old.cancelled:
            changes.append(Change("cancelled", event, old, decided))
        elif event.status in ("occurred", "unconfirmed") and old.status not in PAST:
            kind: ChangeKind = "occurred" if event.status == "occurred" else "due"
            changes.append(Change(kind, event, old, decided))
    return [_with_cause(c, moved_ids) for c in _ordered(changes)]


def _inputs(event: ResolvedEvent) -> list[str]:
    specs = (event.expression, event.end_expression)
    return [ref.event_id for spec in specs if spec is not None for ref in spec.references]


def _ordered(changes: list[Change]) -> list[Change]:
    return sorted(
        changes, key=lambda c: (CHANGE_ORDER.index(c.kind), c.event.date.sort_key(), c.event.id)
    )


def _with_cause(change: Change, moved_ids: set[str]) -> Change:
    """A derived date that moved without a decision of its own moved because an input did."""
    if change.kind != "moved" or change.revisions:
        return change
    upstream = next((i for i in _inputs(change.event) if i in moved_ids), None)
    if upstream is None:
        return change
    return Change(change.kind, change.event, change.previous, (), upstream)
