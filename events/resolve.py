"""Resolution: every event's date as known on a given day, computed in dependency order.

Rules read other events, which may themselves be rules; the graph is resolved with Kahn's algorithm
(iterative, so a chain of 100,000 derived dates never meets Python's recursion limit) in time linear
in the number of events and references. Every problem is collected, not just the first, so `check`
can list them all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import pendulum

from events.cycles import cycles
from events.dates import OPEN_END, DateError, DateValue
from events.known import horizon, known_days
from events.model import DateSpec, Event, ExplicitStatus, Objection, Revision, Status, Timeline
from events.problems import (
    InvalidTimeline,
    NotYetKnown,
    Problem,
    UnknownEvent,
    did_you_mean,
    nearest,
)
from events.record import resting_on
from events.rules import Expression, Ref, evaluate
from events.status import status_of

_Key = tuple[str, str]  # (event id, "date" | "end")

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


def resolve(
    timeline: Timeline,
    as_of: pendulum.Date,
    unavailable: frozenset[str] = frozenset(),
    *,
    hindsight: bool = False,
) -> ResolvedTimeline:
    """Every event's dates as known on `as_of`; `InvalidTimeline` lists every problem found.

    Events not yet known on `as_of` are left out of the view (kept in `hidden`), unless
    `hindsight` asks to see everything against that day. Rules that read an `unavailable` event
    (one whose own definition was rejected) are skipped silently: its problem is already
    reported, and "unknown event" would only mislead.

    >>> from events.model import Event, Timeline
    >>> from events.dates import day
    >>> from events.rules import parse_expression
    >>> t = Timeline("t", "T", (Event("a", "A", day(2018, 12, 4)),
    ...                         Event("b", "B", parse_expression("a + 60 days"))))
    >>> resolve(t, pendulum.date(2019, 1, 17))["b"].date.label
    '2019-02-02'
    """
    return _Resolver(timeline, as_of, unavailable, hindsight).run()


class _Resolver:
    def __init__(
        self,
        timeline: Timeline,
        as_of: pendulum.Date,
        unavailable: frozenset[str],
        hindsight: bool,
    ) -> None:
        self.timeline = timeline
        self.unavailable = unavailable
        self.as_of = as_of
        self.hindsight = hindsight
        self.horizon = horizon(timeline)
        self.known: dict[str, pendulum.Date | None] = {}
        self.problems: list[Problem] = []
        self.specs: dict[_Key, DateSpec] = {}
        self.originals: dict[str, DateSpec] = {}
        self.statuses: dict[str, ExplicitStatus | None] = {}
        self.values: dict[_Key, DateValue] = {}
        self.order: list[_Key] = []
        self.carried: dict[_Key, frozenset[tuple[str, Revision]]] = {}
        self.resting: set[_Key] = set()

    def run(self) -> ResolvedTimeline:
        self._collect_specs()
        dependencies = self._dependencies()
        self._evaluate_in_order(dependencies)
        self._carry_revisions(dependencies)
        unseen = {k for k, s in self.specs.items() if k[1] == "date" and _given_open(s)}
        self.resting = resting_on(
            unseen, self.order, self.specs, lambda rule: (self._target(r) for r in rule.references)
        )
        ok = [event for event in self.timeline.events if self._ok(event)]
        self.known = known_days(
            {e.id: e for e in ok},
            {
                e.id: self.values.get((e.id, "original"), self.values[(e.id, "date")]).earliest
                for e in ok
            },
            self.horizon,
        )
        resolved = [self._resolved(event) for event in ok]
        if self.problems:
            raise InvalidTimeline(self.problems)
        order = {event.id: index for index, event in enumerate(self.timeline.events)}
        resolved.sort(key=lambda r: (r.date.earliest, r.date.latest, order[r.id]))
        shown = tuple(r for r in resolved if self.hindsight or r.known_on(self.as_of))
        hidden = {r.id: r for r in resolved if not (self.hindsight or r.known_on(self.as_of))}
        return ResolvedTimeline(self.timeline, self.as_of, shown, {r.id: r for r in shown}, hidden)

    def _collect_specs(self) -> None:
        for event in self.timeline.events:
            date, end, status = event.in_force(self.as_of)
            self.specs[(event.id, "date")] = date
            if end is not None:
                self.specs[(event.id, "end")] = end
            if date is not event.date:
                self.originals[event.id] = event.date
            self.statuses[event.id] = status

    def _target(self, ref: Ref) -> _Key:
        """The node a reference reads; `x.end` of an event without an end is its date."""
        key = (ref.event_id, "end")
        return key if ref.end and key in self.specs else (ref.event_id, "date")

    def _dependencies(self) -> dict[_Key, list[_Key]]:
        """Each node's inputs; unknown references become problems and their node is dropped."""
        graph: dict[_Key, list[_Key]] = {}
        for key, spec in self.specs.items():
            specs = [spec]
            if key[1] == "date" and key[0] in self.originals:
                specs.append(self.originals[key[0]])
            inputs: list[_Key] = []
            known = True
            for ref in (r for s in specs if isinstance(s, Expression) for r in s.references):
                target = self._target(ref)
                if target not in self.specs and target[0] in self.unavailable:
                    known = False
                elif target not in self.specs:
                    ids = (k[0] for k in self.specs if k[1] == "date")
                    hint = did_you_mean(nearest(ref.event_id, ids))
                    self.problems.append(
                        Problem(f"unknown event {ref.event_id!r}{hint}", key[0], key[1])
                    )
                    known = False
                inputs.append(target)
            if known:
                graph[key] = inputs
        return graph

    def _evaluate_in_order(self, graph: dict[_Key, list[_Key]]) -> None:
        waiting = {key: len(inputs) for key, inputs in graph.items()}
        readers: dict[_Key, list[_Key]] = {}
        for key, inputs in graph.items():
            for source in inputs:
                readers.setdefault(source, []).append(key)
        ready = deque(key for key, count in waiting.items() if count == 0)
        done: set[_Key] = set()
        while ready:
            key = ready.popleft()
            done.add(key)
            if self._evaluate(key):
                self.order.append(key)
                for reader in readers.get(key, ()):
                    waiting[reader] -= 1
                    if waiting[reader] == 0:
                        ready.append(reader)
        stuck = {key for key in graph if key not in done and waiting[key] > 0}
        for cycle in cycles(graph, stuck):
            names = " -> ".join(_name(k) for k in [*cycle, cycle[0]])
            self.problems.append(Problem(f"dates depend on each other: {names}", *cycle[0]))

    def _carry_revisions(self, graph: dict[_Key, list[_Key]]) -> None:
        """Every node's revisions and those of everything upstream, in one pass in dependency
        order (linear: most sets are empty and shared)."""
        empty: frozenset[tuple[str, Revision]] = frozenset()
        own = {e.id: e.revisions_as_of(self.as_of) for e in self.timeline.events}
        for key in self.order:
            carried = frozenset((key[0], r) for r in own[key[0]]) if own[key[0]] else empty
            for source in graph[key]:
                if self.carried.get(source):
                    carried = carried | self.carried[source]
            self.carried[key] = carried

    def _evaluate(self, key: _Key) -> bool:
        spec = self.specs[key]
        try:  # both computed before either is kept: an event has both or neither
            value = self._value(spec)
            if key[1] == "date" and key[0] in self.originals:
                self.values[(key[0], "original")] = self._value(self.originals[key[0]])
            self.values[key] = value
        except DateError as exc:
            self.problems.append(Problem(str(exc), *key))
            return False
        return True

    def _value(self, spec: DateSpec) -> DateValue:
        """The date `spec` gives, an instant counted on the days of the timeline's zone."""
        if isinstance(spec, Expression):
            value = evaluate(spec.node, lambda ref: self.values[self._target(ref)])
        else:
            value = spec
        return value.in_zone(self.timeline.timezone)

    def _ok(self, event: Event) -> bool:
        keys = [(event.id, "date")] + (
            [(event.id, "end")] if (event.id, "end") in self.specs else []
        )
        return all(key in self.values for key in keys)

    def _resolved(self, event: Event) -> ResolvedEvent:
        date = self.values[(event.id, "date")]
        end = self.values.get((event.id, "end"))
        if end is not None and _ends_before_it_starts(date, end):
            self.problems.append(
                Problem(f"ends {end.label}, before it starts ({date.label})", event.id, "end")
            )
        date_spec = self.specs[(event.id, "date")]
        end_spec = self.specs.get((event.id, "end"))
        expression = date_spec if isinstance(date_spec, Expression) else None
        carried = self.carried[(event.id, "date")] | self.carried.get(
            (event.id, "end"), frozenset()
        )
        upstream = sorted(
            ((i, r) for i, r in carried if i != event.id), key=lambda pair: (pair[1].on, pair[0])
        )
        return ResolvedEvent(
            event=event,
            date=date,
            end=end,
            status=status_of(
                self.statuses[event.id], date, expression is not None, self.as_of, end, self.horizon
            ),
            expression=expression,
            end_expression=end_spec if isinstance(end_spec, Expression) else None,
            revisions=event.revisions_as_of(self.as_of),
            original=self.values.get((event.id, "original")),
            known=self.known[event.id],
            upstream_revisions=tuple(upstream),
            objections=event.objections_as_of(self.as_of),
            rests_on_open=expression is not None and (event.id, "date") in self.resting,
        )


def _ends_before_it_starts(date: DateValue, end: DateValue) -> bool:
    """By day; and by the clock when both ends are instants (a meeting ending before it began)."""
    if date.instant is not None and end.instant is not None:
        return end.instant < date.instant
    return end.latest < date.earliest


def _given_open(spec: DateSpec) -> bool:
    return isinstance(spec, DateValue) and spec.open


def _name(key: _Key) -> str:
    return key[0] if key[1] == "date" else f"{key[0]}.end"
