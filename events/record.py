"""Which dates wait on nothing on record: a rule that reads, directly or through other rules, an
event's date given as still open (`date = "2025-09-22/.."`: the notice nobody has seen).

Once such a date's earliest day has come it is no deadline: nobody can count to it, and nothing
on record says it will ever come. A span's open end is another matter: a conflict under way or a
suspension until lifted is on record as running, so a date waiting for its end stays open and
listed. One pass in the resolver's dependency order marks every node, so the whole timeline
costs time linear in its events and references.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from events.model import DateSpec
from events.rules import Expression

K = TypeVar("K")  # a node of the dependency graph: the resolver's (event id, "date" | "end")


def resting_on(
    seeds: set[K],
    order: Iterable[K],
    specs: Mapping[K, DateSpec],
    inputs: Callable[[Expression], Iterable[K]],
) -> set[K]:
    """The `seeds` and every node, in dependency `order`, whose rule reads one of them directly
    or through other rules; `inputs` names the nodes a rule reads.

    >>> from events.dates import parse_date_value
    >>> from events.rules import parse_expression
    >>> specs = {"notice": parse_date_value("2025-09-22/.."),
    ...          "effective": parse_expression("notice + 1 year"),
    ...          "sunset": parse_expression("effective + 20 years"),
    ...          "in-force": parse_date_value("2002-07-01")}
    >>> refs = lambda rule: [r.event_id for r in rule.references]
    >>> sorted(resting_on({"notice"}, specs, specs, refs))
    ['effective', 'notice', 'sunset']
    """
    found = set(seeds)
    for key in order:
        spec = specs[key]
        if isinstance(spec, Expression) and any(source in found for source in inputs(spec)):
            found.add(key)
    return found
