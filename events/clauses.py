"""Withdrawal clauses as data, and the arithmetic of applying one to a notice.

A clause is written once, in the rule language, with two inputs every withdrawal has: `notice`
(the day the depositary received it) and `in-force` (the day the treaty entered into force for
the withdrawing party, needed only by clauses with a waiting period before notice is allowed).
Its other dates may read each other by id, in the order written: an Energy Charter Treaty
investment stays protected until `effective + 20 years`.

A deferral to a day nobody can know in advance (Ottawa Art. 20(3): not while the party is in an
armed conflict, then at its end) is a date of its own, open from the day it cannot come before:
`open_from(effective)`. What the rule language cannot compute is kept beside the rule as words,
because honest output says it rather than hiding it: a condition on the party or a decision by
others (`deferred`), and why a clause has no rule at all (`no_rule`: the Genocide Convention's
five-year periods).

A clause proves itself with its real cases (`Example`): a withdrawal that happened under it, with
the dates the depositary gave. `example_differences` applies the rule to each and names every day
it gets wrong, so a misread counting ("one year after receipt" is the day after the anniversary
for the Energy Charter Treaty's depositary) fails a test instead of sitting in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.dates import DateValue
from events.model import Source
from events.rules import Expression, Ref, evaluate, parse_expression

NOTICE = "notice"
IN_FORCE = "in-force"
INPUTS = (NOTICE, IN_FORCE)
EARLIEST_NOTICE = "earliest-notice"
"""The id of the date before which a notice is not allowed (Paris Art. 28(1), NATO Art. 13)."""

EFFECTIVE = "effective"
"""The id of the date the withdrawal takes effect; a timeline event citing the clause gets it."""

_NOTICE_WORD = re.compile(r"(?<![\w-])notice(?![\w-])")


@dataclass(frozen=True, slots=True)
class ClauseDate:
    """One date a clause implies: its rule, and the article that says so."""

    id: str
    title: str
    article: str
    date: Expression
    end: Expression | None = None
    deferred: str | None = None
    """Words for a condition the rule cannot compute (an extension others may grant, dues to be
    paid); the date is then the earliest possible."""


@dataclass(frozen=True, slots=True)
class Example:
    """A withdrawal that happened under a clause, with the dates its depositary gave."""

    party: str
    notice: DateValue
    dates: tuple[tuple[str, DateValue], ...]
    """(clause date id, the depositary's day): what the rule must give for this notice."""
    sources: tuple[Source, ...]
    in_force: DateValue | None = None
    deferred: str | None = None
    """Why the outcome is not the rule's (revoked, extended, overtaken by expulsion): the example
    is shown, never compared."""
    note: str | None = None
    """A caveat on the case the dates cannot show (whose day `notice` holds, a contested count)."""


@dataclass(frozen=True, slots=True)
class Clause:
    """A treaty's withdrawal or denunciation clause."""

    id: str
    treaty: str
    short: str
    """The treaty's short name, for citations: "Ottawa Convention" + " Art. 20(2)"."""
    article: str
    text: str
    depositary: str
    dates: tuple[ClauseDate, ...]
    sources: tuple[Source, ...]
    counting: str | None = None
    no_rule: str | None = None
    invoked: bool = True
    examples: tuple[Example, ...] = ()
    no_example: str | None = None
    """Why the clause has no example: no withdrawal under it has happened, or none whose days a
    source gives."""

    def date(self, date_id: str) -> ClauseDate | None:
        """The clause's date with this id, if it has one."""
        return next((d for d in self.dates if d.id == date_id), None)

    def citation(self, date_id: str = EFFECTIVE) -> str:
        """ "Ottawa Convention Art. 20(3)": what an event's `rule` says when it uses the clause."""
        found = self.date(date_id)
        return f"{self.short} {found.article if found else self.article}"


@dataclass(frozen=True, slots=True)
class Derived:
    """A clause date worked out for one notice; `value` is None when an input is missing."""

    date: ClauseDate
    value: DateValue | None
    end: DateValue | None
    missing: str | None = None


def derive(
    clause: Clause, notice: DateValue, in_force: DateValue | None = None
) -> tuple[Derived, ...]:
    """Every date of `clause` for a notice received on `notice`, in the order written.

    >>> from events.dates import day
    >>> ottawa = Clause("ottawa-20", "Mine Ban Convention", "Ottawa Convention", "Art. 20", "",
    ...     "UN Secretary-General", (ClauseDate("effective", "Withdrawal takes effect",
    ...     "Art. 20(2)", parse_expression("notice + 6 months")),), ())
    >>> [d.value.label for d in derive(ottawa, day(2025, 6, 27))]
    ['2025-12-27']
    """
    known: dict[str, DateValue] = {NOTICE: notice}
    if in_force is not None:
        known[IN_FORCE] = in_force

    def lookup(ref: Ref) -> DateValue:
        return known[ref.event_id]

    derived = []
    for clause_date in clause.dates:
        needed = [ref.event_id for ref in _references(clause_date) if ref.event_id not in known]
        if needed:
            derived.append(Derived(clause_date, None, None, needed[0]))
            continue
        value = evaluate(clause_date.date.node, lookup)
        end = evaluate(clause_date.end.node, lookup) if clause_date.end else None
        known[clause_date.id] = value
        derived.append(Derived(clause_date, value, end))
    return tuple(derived)


def compared(clause: Clause, example: Example) -> bool:
    """Whether the example's dates are checked against the rule: not when a deferral changed the
    outcome, and not for a clause with no rule to apply."""
    return example.deferred is None and clause.no_rule is None


def example_differences(clause: Clause, example: Example) -> tuple[str, ...]:
    """Each date of `example` the clause's rule does not give, as "effective: the depositary
    gives 2025-04-27, the rule 2025-04-26"; empty when the rule agrees (or the example is not
    compared).

    >>> from events.dates import day
    >>> ect = Clause("ect-47", "Energy Charter Treaty", "ECT", "Art. 47", "", "Portugal",
    ...     (ClauseDate("effective", "Withdrawal takes effect", "Art. 47(2)",
    ...     parse_expression("notice + 1 year")),), ())
    >>> uk = Example("United Kingdom", day(2024, 4, 26), (("effective", day(2025, 4, 27)),), ())
    >>> example_differences(ect, uk)
    ('effective: the depositary gives 2025-04-27, the rule 2025-04-26',)
    """
    if not compared(clause, example):
        return ()
    derived = {d.date.id: d for d in derive(clause, example.notice, example.in_force)}
    wrong = []
    for date_id, expected in example.dates:
        got = derived.get(date_id)
        if got is None:
            wrong.append(f"{date_id}: the clause has no such date")
        elif got.value is None:
            wrong.append(f"{date_id}: the rule needs {got.missing}")
        elif got.value.label != expected.label:
            wrong.append(
                f"{date_id}: the depositary gives {expected.label}, the rule {got.value.label}"
            )
    return tuple(wrong)


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A clause applied to one notice: every date it implies, and whether the notice came too
    early (the earliest-notice date it came before, else None)."""

    clause: Clause
    notice: DateValue
    in_force: DateValue | None
    derived: tuple[Derived, ...]
    too_early: Derived | None


def what_if(clause: Clause, notice: DateValue, in_force: DateValue | None = None) -> WhatIf:
    """`tracker clause ID --notice D`: the clause worked out for a notice received on D."""
    derived = derive(clause, notice, in_force)
    return WhatIf(clause, notice, in_force, derived, notice_too_early(derived, notice))


def notice_too_early(derived: tuple[Derived, ...], notice: DateValue) -> Derived | None:
    """The earliest-notice date when `notice` comes before it (the notice was not allowed)."""
    for item in derived:
        allowed_from = item.value if item.date.id == EARLIEST_NOTICE else None
        if allowed_from is not None and notice.latest < allowed_from.earliest:
            return item
    return None


def rule_for_notice(clause: Clause, notice_event: str) -> Expression | None:
    """The clause's effective-date rule with `notice` replaced by a timeline's notice event, so a
    timeline can cite the clause instead of copying its arithmetic; None when the clause has no
    effective rule or its rule needs more than the notice.

    >>> from events.dates import day
    >>> unesco = Clause("unesco", "UNESCO Constitution", "UNESCO Constitution", "Art. II(6)", "",
    ...     "UNESCO", (ClauseDate("effective", "Withdrawal takes effect", "Art. II(6)",
    ...     parse_expression("end_of_year(notice + 1 year)")),), ())
    >>> str(rule_for_notice(unesco, "us-notice-2017"))
    'end_of_year(us-notice-2017 + 1 year)'
    """
    effective = clause.date(EFFECTIVE)
    if effective is None or {r.event_id for r in effective.date.references} != {NOTICE}:
        return None
    return parse_expression(_NOTICE_WORD.sub(notice_event, effective.date.text))


def unknown_references(clause: Clause) -> list[tuple[str, str]]:
    """(date id, reference) for every reference that is neither an input nor an earlier date:
    the check that keeps the bundled library consistent."""
    known = set(INPUTS)
    wrong: list[tuple[str, str]] = []
    for clause_date in clause.dates:
        wrong.extend(
            (clause_date.id, r.event_id)
            for r in _references(clause_date)
            if r.event_id not in known
        )
        known.add(clause_date.id)
    return wrong


def _references(clause_date: ClauseDate) -> list[Ref]:
    refs = list(clause_date.date.references)
    if clause_date.end is not None:
        refs.extend(clause_date.end.references)
    return refs
