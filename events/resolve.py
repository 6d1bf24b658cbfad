"""Resolution: every event's date as known on a given day, computed in dependency order.

Rules read other events, which may themselves be rules; the graph is resolved with Kahn's algorithm
(iterative, so a chain of 100,000 derived dates never meets Python's recursion limit) in time linear
in the number of events and references. Every problem is collected, not just the first, so `check`
can list them all.
"""

from __future__ import annotations

from collections import deque

import pendulum

from events.cycles import cycles
from events.dates import DateError, DateValue
from events.known import horizon, known_days
from events.model import DateSpec, Event, ExplicitStatus, Revision, Timeline
from events.problems import (
    InvalidTimeline,
    Problem,
    did_you_mean,
    nearest,
)
from events.record import resting_on
from events.resolved import ResolvedEvent, ResolvedTimeline
from events.rules import Expression, Ref, evaluate
from events.status import status_of

_Key = tuple[str, str]  # (event id, "date" | "end")


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
