"""Dates given before they were allowed: a notice of withdrawal under a waiting period.

Paris Art. 28(1) allows notice only three years after the Agreement entered into force for the
party; a timeline says so with `not_before` on the notice, and `check` reports a notice that came
too early. Checked after resolution, against the dates as resolved, so the limit may itself be a
rule ("in-force + 3 years") or another event. A vague date is reported only when it is certainly
too early: its latest possible day is before the limit's earliest; a date still open never is,
since any later day may be the one.
"""

from __future__ import annotations

from collections.abc import Callable

from events.dates import DateError, DateValue
from events.problems import Problem, UnknownEvent
from events.resolved import ResolvedTimeline
from events.rules import Ref, evaluate


def notices_too_early(resolved: ResolvedTimeline) -> list[Problem]:
    """A problem for every event dated before its `not_before` limit.

    >>> from events.dates import day
    >>> from events.model import Event, Timeline
    >>> from events.resolve import resolve
    >>> from events.rules import parse_expression
    >>> import pendulum
    >>> events = (Event("in-force", "In force", day(2016, 11, 4)),
    ...           Event("notice", "Notice", day(2019, 11, 3),
    ...                 not_before=parse_expression("in-force + 3 years")))
    >>> resolved = resolve(Timeline("t", "T", events), pendulum.date(2020, 1, 1))
    >>> [p.message for p in notices_too_early(resolved)]
    ['given 2019-11-03, before it was allowed: not before 2019-11-04']
    >>> from events.dates import parse_date_value
    >>> still_open = Event("notice", "Notice", parse_date_value("2019-11-03/.."),
    ...                    not_before=parse_expression("in-force + 3 years"))
    >>> opened = Timeline("t", "T", (events[0], still_open))
    >>> notices_too_early(resolve(opened, pendulum.date(2020, 1, 1)))
    []
    """
    problems = []
    for item in resolved:
        spec = item.event.not_before
        if spec is None or item.cancelled:
            continue
        try:
            limit = spec if isinstance(spec, DateValue) else evaluate(spec.node, _lookup(resolved))
        except (UnknownEvent, DateError) as exc:  # a rule naming no event, or leaving the calendar
            problems.append(Problem(str(exc), item.id, "not_before"))
            continue
        if not item.date.open and item.date.latest < limit.earliest:
            message = f"given {item.date.label}, before it was allowed: not before {limit.label}"
            problems.append(Problem(message, item.id, "not_before"))
    return problems


def _lookup(resolved: ResolvedTimeline) -> Callable[[Ref], DateValue]:
    def lookup(ref: Ref) -> DateValue:
        event = resolved[ref.event_id]
        return event.end if ref.end and event.end is not None else event.date

    return lookup
