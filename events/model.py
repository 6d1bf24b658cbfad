"""The timeline as written: events, their sources and the history of their dates.

These are values, not records in a database: everything is frozen, and "the timeline as known on
day D" is computed from them (`events.resolve`), never stored in them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pendulum

from events.dates import DateValue, Offset
from events.rules import Expression

Kind = Literal["milestone", "deadline", "window", "meeting", "statement", "suspension"]
ExplicitStatus = Literal["cancelled", "superseded", "confirmed"]
Status = Literal[
    "cancelled",
    "superseded",
    "confirmed",
    "running",
    "open",
    "unconfirmed",
    "occurred",
    "projected",
    "scheduled",
]

KINDS: tuple[Kind, ...] = ("milestone", "deadline", "window", "meeting", "statement", "suspension")
"""A `suspension` is a span from the day a party suspended the operation of a treaty (VCLT
Arts. 57-62) until it is lifted, its end open meanwhile: not a withdrawal, so no view counts down
to an effect of it."""
EXPLICIT_STATUSES: tuple[ExplicitStatus, ...] = ("cancelled", "superseded", "confirmed")

DateSpec = DateValue | Expression
"""A date written outright, or a rule that derives it from other events."""

DEFAULT_UID_DOMAIN = "withdrawal-tracker.invalid"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a claim comes from; every event should have one."""

    title: str
    url: str | None = None
    date: pendulum.Date | None = None
    secondary: bool = False
    """True for a report of the fact (news, a blog, a practitioner's note) rather than the act
    itself (a depositary, a government, a court, an official gazette): `check --sources` never
    counts it as primary, whatever its host."""


@dataclass(frozen=True, slots=True)
class Objection:
    """Another party's objection to an act (a suspension the treaty does not provide for), lodged
    on day `on`: from that day the act is contested, and earlier views do not show it."""

    party: str
    on: pendulum.Date
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class Revision:
    """A change to an event decided on day `on`. History, never an edit.

    Fields left as None keep the value in force before the revision.
    """

    on: pendulum.Date
    reason: str
    date: DateSpec | None = None
    end: DateSpec | None = None
    status: ExplicitStatus | None = None
    sources: tuple[Source, ...] = ()
    rule: str | None = None
    """The clause or decision behind the new value ("European Council Decision 2019/584"), cited
    beside it instead of the original's rule."""


@dataclass(frozen=True, slots=True)
class Event:
    """One dated milestone as written in the timeline file."""

    id: str
    title: str
    date: DateSpec
    end: DateSpec | None = None
    kind: Kind = "milestone"
    status: ExplicitStatus | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    rule: str | None = None
    description: str | None = None
    revisions: tuple[Revision, ...] = ()
    known: pendulum.Date | None = None
    """The day the event became known, when written; else inferred (`events.known`)."""
    uid: str | None = None  # the UID another calendar gave it (`tracker import`); the feed keeps it
    not_before: DateSpec | None = None
    """The earliest day this event is allowed (a notice under a waiting period, Paris Art. 28(1));
    `check` reports a date before it."""
    clause: str | None = None
    """The library clause the event cites, as written (`check --sources` reads its sources)."""
    objections: tuple[Objection, ...] = ()
    """Other parties' objections to it, each from its own day on (`objections_as_of`)."""

    def objections_as_of(self, as_of: pendulum.Date) -> tuple[Objection, ...]:
        """The objections already lodged on `as_of`, oldest first."""
        return tuple(o for o in sorted(self.objections, key=lambda o: o.on) if o.on <= as_of)

    def revisions_as_of(self, as_of: pendulum.Date) -> tuple[Revision, ...]:
        """The revisions already decided on `as_of`, oldest first."""
        return tuple(r for r in sorted(self.revisions, key=lambda r: r.on) if r.on <= as_of)

    def in_force(
        self, as_of: pendulum.Date
    ) -> tuple[DateSpec, DateSpec | None, ExplicitStatus | None]:
        """(date, end, explicit status) as known on `as_of`: the latest revision wins per field."""
        date, end, status = self.date, self.end, self.status
        for revision in self.revisions_as_of(as_of):
            date = revision.date if revision.date is not None else date
            end = revision.end if revision.end is not None else end
            status = revision.status if revision.status is not None else status
        return date, end, status


@dataclass(frozen=True, slots=True)
class Timeline:
    """A named, ordered set of events with the defaults its feed and "today" need."""

    id: str
    title: str
    events: tuple[Event, ...]
    timezone: str = "UTC"
    description: str | None = None
    remind: tuple[Offset, ...] = ()
    updated: pendulum.Date | None = None
    uid_domain: str = DEFAULT_UID_DOMAIN
