"""The resolved model: each event with its dates as known on one day, and the timeline of them.

Values only, frozen like the model they come from: `events.resolve` computes them, and every
view reads them. What an event's dates mean for a reader (running, open, cancelled, how many
days are left, why none) is decided here once, so the terminal, the feed, the JSON and the
pages agree.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import pendulum

from events.dates import OPEN_END, DateValue
from events.model import Event, Objection, Revision, Status, Timeline
from events.problems import NotYetKnown, UnknownEvent
from events.rules import Expression

Uncounted = Literal["cancelled", "superseded", "no notice on record"]
"""Why an event has no days left to count (`ResolvedEvent.uncounted`): the one list every view
reads, so a new reason is one more member here and one more branch there."""


@dataclass(frozen=True, slots=True)
class ResolvedEvent:
    """An event with its dates, status and history as known on the as-of day."""

    event: Event
    date: DateValue
    end: DateValue | None
    status: Status
    expression: Expression | None
    end_expression: Expression | None
    revisions: tuple[Revision, ...]
    original: DateValue | None
    known: pendulum.Date | None
    """The day the event became known (`events.known`): before it, the as-of view leaves it out;
    None when the record cannot tell, and the event is in every view."""

    def known_on(self, as_of: pendulum.Date) -> bool:
        return self.known is None or self.known <= as_of

    upstream_revisions: tuple[tuple[str, Revision], ...] = ()
    """Revisions in force of the events this one is derived from, (event id, revision), oldest
    first: when an input moved, this date moved too, and a calendar must see it change."""
    objections: tuple[Objection, ...] = ()
    """Other parties' objections lodged by the as-of day, oldest first."""
    rests_on_open: bool = False
    """Its date is derived from an event's date given as still open (`events.record`)."""

    @property
    def recorded(self) -> bool:
        """False for an open date, its earliest day come, derived from a date given as still
        open (the notice nobody has seen): nothing on record sets it in motion, so it is no
        deadline, and no view counts to it."""
        return not (self.rests_on_open and self.status == "open")

    @property
    def suspended(self) -> bool:
        """A suspension in force: the span has begun and has not ended."""
        return self.event.kind == "suspension" and self.status == "running"

    @property
    def contested(self) -> bool:
        """Another party objected to it by the as-of day."""
        return bool(self.objections)

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def derived(self) -> bool:
        """True when the date in force comes from a rule rather than being written outright."""
        return self.expression is not None

    @property
    def cancelled(self) -> bool:
        """Cancelled or superseded: it will not happen as written, so it is neither a deadline
        ahead nor a date to draw as any other."""
        return self.status in ("cancelled", "superseded")

    def uncounted(self, as_of: pendulum.Date) -> Uncounted | None:
        """Why there are no days to count to this event as of `as_of`, or None when there are.

        A cancelled or superseded event will not happen as written: `until` says so instead of
        counting, `-q` prints nothing (exit 3), JSON gives `days_until` null with `status`
        saying why, and `next` and the pages leave it out. Every view asks here, so they agree.
        An open date that rests on nothing on record (`recorded`), its earliest day come, is no
        deadline either: nobody can count to it.
        """
        if self.status in ("cancelled", "superseded"):
            return self.status
        if not self.recorded:
            return "no notice on record"
        return None

    def days_left(self, as_of: pendulum.Date) -> int | None:
        """`days_until`, or None when `uncounted` gives a reason there is nothing to count."""
        return None if self.uncounted(as_of) is not None else self.days_until(as_of)

    @property
    def status_decided(self) -> pendulum.Date | None:
        """The day of the revision in force that set the status (cancelled on D), if one did."""
        changes = [r.on for r in self.revisions if r.status is not None]
        return changes[-1] if changes else None

    @property
    def span_label(self) -> str:
        """The date as printed, with its end for a span: `2019-02-02/2019-08-02` (ISO 8601);
        `2022-02-24/..` for a span whose end is open and may come any day after it starts."""
        if self.end is None or self.end == self.date:
            return self.date.label
        if self.end.open and self.end.earliest <= self.date.latest:
            return f"{self.date.label}{OPEN_END}"
        return f"{self.date.label}/{self.end.label}"

    @property
    def moved(self) -> bool:
        return self.original is not None and self.original != self.date

    @property
    def original_expression(self) -> Expression | None:
        """The rule as first written, when a revision has replaced it."""
        spec = self.event.date
        if self.original is None or not isinstance(spec, Expression):
            return None
        return spec

    @property
    def running(self) -> bool:
        """A span under way: `until` and `next` count to its end rather than its start."""
        return self.status == "running"

    @property
    def open(self) -> bool:
        """The date counted is not decided: `until` and `next` can give only its earliest day."""
        return self.counted.open

    @property
    def open_ended(self) -> bool:
        """Its date or its end is still open: a chart draws it from its earliest day on, with no
        last day of its own."""
        return self.date.open or (self.end is not None and self.end.open)

    def open_on(self, as_of: pendulum.Date) -> bool:
        """The date counted is open and its earliest day has come: any day from now on may be
        the one, so every view says "open" where it would give a count."""
        return self.open and self.counted.earliest <= as_of

    @property
    def counted(self) -> DateValue:
        """The date `until` counts to: the end of a running span, else the date."""
        return self.end if self.running and self.end is not None else self.date

    def days_until(self, as_of: pendulum.Date) -> int:
        """Signed days from `as_of` to the earliest possible day counted (negative when past)."""
        return (self.counted.earliest - as_of).days

    def days_until_latest(self, as_of: pendulum.Date) -> int:
        return (self.counted.latest - as_of).days


@dataclass(frozen=True, slots=True)
class ResolvedTimeline:
    """A timeline as it was known on `as_of`, events in date order."""

    timeline: Timeline
    as_of: pendulum.Date
    events: tuple[ResolvedEvent, ...]
    by_id: dict[str, ResolvedEvent] = field(repr=False, compare=False)
    hidden: dict[str, ResolvedEvent] = field(default_factory=dict, repr=False, compare=False)
    """Events resolved but not yet known on `as_of`: left out of the view, yet a rule of a known
    event may read them, and asking for one by id says when it became known."""

    def __getitem__(self, event_id: str) -> ResolvedEvent:
        """The resolved event; `NotYetKnown` for one the as-of day did not know of, and
        `UnknownEvent` (with suggestions) for an id that is not there."""
        try:
            return self.by_id[event_id]
        except KeyError:
            if event_id in self.hidden:
                known = self.hidden[event_id].known
                assert known is not None  # hidden only when known after as_of
                raise NotYetKnown(event_id, known, self.as_of) from None
            raise UnknownEvent(event_id, self.by_id) from None

    def __contains__(self, event_id: object) -> bool:
        return event_id in self.by_id

    def _any(self, event_id: str) -> ResolvedEvent:
        """Known or not: a derivation shows every input it reads."""
        found = self.by_id.get(event_id) or self.hidden.get(event_id)
        return found if found is not None else self[event_id]

    def keeping(self, events: tuple[ResolvedEvent, ...]) -> ResolvedTimeline:
        """The same timeline showing only `events` (a selection of its own)."""
        by_id = {e.id: e for e in events}
        return ResolvedTimeline(self.timeline, self.as_of, events, by_id, self.hidden)

    def chain(self, event_id: str) -> list[ResolvedEvent]:
        """The event and everything its dates are derived from, nearest first, each once.

        This is the order `explain` prints: the answer first, then the reasons for it.
        """
        first = self[event_id]
        seen = {first.id}
        order = [first]
        queue = deque([first])
        while queue:
            current = queue.popleft()
            specs = [current.expression, current.end_expression, current.original_expression]
            for ref in (r for s in specs if s is not None for r in s.references):
                if ref.event_id not in seen:
                    seen.add(ref.event_id)
                    order.append(self._any(ref.event_id))
                    queue.append(order[-1])
        return order

    def __iter__(self) -> Iterator[ResolvedEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)
