"""`tracker clause`: the library as a list, one clause in full, and the dates a notice implies.

Pure functions of the clause values and an as-of day. Every date carries its article, because a
reader checking a deadline wants the words it comes from, and a deferral the rule cannot compute
is printed beside the date it moves, never dropped.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import pendulum

from events.clauses import (
    EARLIEST_NOTICE,
    Clause,
    ClauseDate,
    Derived,
    Example,
    WhatIf,
    compared,
    example_differences,
)
from events.model import Source
from tracker.render.formats.json import source_dict

WIDTH = 100


def render_clause_list(clauses: Iterable[Clause]) -> str:
    """One line per clause: id, article, the effective-date rule, the treaty."""
    rows = [(c.id, c.article, _effective_rule(c), c.treaty) for c in clauses]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def render_clause(clause: Clause) -> str:
    """One clause in full: its words in short, its rules with their articles, its sources."""
    lines = [f"{clause.id}: {clause.treaty}, {clause.article}", ""]
    lines += textwrap.wrap(clause.text, WIDTH)
    lines += ["", f"Depositary: {clause.depositary}"]
    if clause.counting:
        lines += textwrap.wrap(f"Counting: {clause.counting}", WIDTH, subsequent_indent="  ")
    if clause.no_rule:
        lines += textwrap.wrap(f"No rule: {clause.no_rule}", WIDTH, subsequent_indent="  ")
    if clause.dates:
        lines += ["", "Rules:"]
        width = max(len(d.id) for d in clause.dates)
        for d in clause.dates:
            rule = f"{d.date} to {d.end}" if d.end else str(d.date)
            lines.append(f"  {d.id.ljust(width)}  {rule}  ({d.article}) {d.title}")
            if d.deferred:
                lines.append(f"  {''.ljust(width)}  deferred: {d.deferred}")
    lines += ["", "Examples (the depositary's dates; the rule gives the same unless marked):"]
    if clause.no_example:
        lines += textwrap.wrap(
            f"None: {clause.no_example}", WIDTH, initial_indent="  ", subsequent_indent="    "
        )
    for example in clause.examples:
        lines += _example_lines(clause, example)
    lines += ["", "Sources:"]
    lines += [f"  {_source_line(s)}" for s in clause.sources]
    return "\n".join(lines) + "\n"


def _example_lines(clause: Clause, example: Example) -> list[str]:
    """A case: the party, the notice and each date; its deferral or caveat; its sources."""
    cells = [f"notice {example.notice.label}"]
    if example.in_force is not None:
        cells.append(f"in force {example.in_force.label}")
    cells += [f"{date_id} {value.label}" for date_id, value in example.dates]
    lines = [f"  {example.party}: " + ", ".join(cells)]
    words = [f"differs: {difference}" for difference in example_differences(clause, example)]
    if not compared(clause, example):
        words.insert(0, f"shown, not computed: {example.deferred or 'the clause has no rule'}")
    if example.note:
        words.append(f"note: {example.note}")
    for text in words:
        lines += textwrap.wrap(text, WIDTH, initial_indent="    ", subsequent_indent="      ")
    lines += [f"    source: {_source_line(s)}" for s in example.sources]
    return lines


def _source_line(source: Source) -> str:
    url = f" <{source.url}>" if source.url else ""
    return f"{source.title}{url}" + (" (secondary)" if source.secondary else "")


def render_what_if(worked: WhatIf, as_of: pendulum.Date) -> str:
    """The dates a notice implies, soonest first, each with its article and the days left."""
    clause, notice, in_force = worked.clause, worked.notice, worked.in_force
    derived, too_early = worked.derived, worked.too_early
    head = f"{clause.short} {clause.article} [{clause.id}]: notice received {notice.label}"
    if in_force is not None:
        head += f", in force for the party since {in_force.label}"
    lines = [f"{head}; as of {as_of.isoformat()}", ""]
    if clause.no_rule:
        lines += textwrap.wrap(f"No rule: {clause.no_rule}", WIDTH, subsequent_indent="  ")
    cells = [(_when(d), _days_left(d, as_of), d) for d in _in_order(derived)]
    when_width = max((len(c[0]) for c in cells), default=0)
    days_width = max((len(c[1]) for c in cells), default=0)
    for when, days, item in cells:
        lines.append(
            f"{when.ljust(when_width)}  {days.ljust(days_width)}  "
            f"{item.date.title} ({item.date.article})"
        )
        indent = " " * (when_width + days_width + 4)
        if item.date.deferred:
            lines += textwrap.wrap(
                f"at the earliest: {item.date.deferred}",
                WIDTH,
                initial_indent=indent,
                subsequent_indent=indent,
            )
    if too_early is not None and too_early.value is not None:
        lines += [
            "",
            f"Notice given before it was allowed: not before {too_early.value.label} "
            f"({too_early.date.article}).",
        ]
    return "\n".join(lines) + "\n"


def what_if_document(worked: WhatIf, as_of: pendulum.Date) -> dict[str, Any]:
    """The same as a JSON object, for scripts."""
    clause, notice, in_force = worked.clause, worked.notice, worked.in_force
    derived, too_early = worked.derived, worked.too_early
    has_limit = any(d.date.id == EARLIEST_NOTICE and d.value is not None for d in derived)
    return {
        "clause": clause_dict(clause),
        "as_of": as_of.isoformat(),
        "notice": notice.label,
        "in_force": in_force.label if in_force else None,
        "notice_allowed": (too_early is None) if has_limit else None,
        "dates": [
            {
                "id": d.date.id,
                "title": d.date.title,
                "article": d.date.article,
                "date": d.value.label if d.value else None,
                "end": d.end.label if d.end else None,
                "expression": str(d.date.date),
                "days_until": _days(d, as_of),
                "open": bool(d.value and d.value.open),
                "deferred": d.date.deferred,
                "missing": d.missing,
            }
            for d in _in_order(derived)
        ],
    }


def clause_dict(clause: Clause) -> dict[str, Any]:
    """A clause as JSON: its words, its rules, its real cases and its sources."""
    return {
        "id": clause.id,
        "treaty": clause.treaty,
        "article": clause.article,
        "text": clause.text,
        "depositary": clause.depositary,
        "counting": clause.counting,
        "no_rule": clause.no_rule,
        "rules": [_rule_dict(d) for d in clause.dates],
        "examples": [_example_dict(clause, e) for e in clause.examples],
        "no_example": clause.no_example,
        "sources": [source_dict(s) for s in clause.sources],
    }


def _example_dict(clause: Clause, example: Example) -> dict[str, Any]:
    is_compared = compared(clause, example)
    return {
        "party": example.party,
        "notice": example.notice.label,
        "in_force": example.in_force.label if example.in_force else None,
        "dates": {date_id: value.label for date_id, value in example.dates},
        "compared": is_compared,
        "differences": list(example_differences(clause, example)),
        "deferred": example.deferred,
        "note": example.note,
        "sources": [source_dict(s) for s in example.sources],
    }


def _rule_dict(d: ClauseDate) -> dict[str, Any]:
    end = str(d.end) if d.end else None
    return {
        "id": d.id,
        "title": d.title,
        "article": d.article,
        "date": str(d.date),
        "end": end,
        "deferred": d.deferred,
    }


def _effective_rule(clause: Clause) -> str:
    effective = clause.date("effective")
    return str(effective.date) if effective else "(no rule)"


def _in_order(derived: tuple[Derived, ...]) -> list[Derived]:
    """Soonest first; dates that need a missing input last, in the order written."""
    known = sorted(
        ((d, d.value) for d in derived if d.value is not None), key=lambda pair: pair[1].sort_key()
    )
    return [d for d, _ in known] + [d for d in derived if d.value is None]


def _when(item: Derived) -> str:
    if item.value is None:
        return f"(needs --{item.missing})"
    if item.end is not None:
        return f"{item.value.label}/{item.end.label}"
    return item.value.label


def _days(item: Derived, as_of: pendulum.Date) -> int | None:
    target = item.end or item.value
    return None if target is None else (target.earliest - as_of).days


def _days_left(item: Derived, as_of: pendulum.Date) -> str:
    """`12 days left`, `3 days ago`; for a date still open, `at least 12 days left` until its
    earliest day, then `open`: any later day may be the one."""
    days = _days(item, as_of)
    if days is None:
        return ""
    target = item.end or item.value
    if target is not None and target.open:
        return "open" if days <= 0 else f"at least {_count(days)} left"
    if days == 0:
        return "today"
    return f"{_count(days)} left" if days > 0 else f"{_count(-days)} ago"


def _count(days: int) -> str:
    return f"{abs(days)} day" if abs(days) == 1 else f"{abs(days)} days"
