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

from events.clauses import EARLIEST_NOTICE, Clause, ClauseDate, Derived, WhatIf

WIDTH = 100


def render_clause_list(clauses: Iterable[Clause]) -> str:
    """One line per clause: id, article, the effective-date rule, the treaty."""
    rows = [(c.id, c.article, _effective_rule(c), c.treaty) for c in clauses]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths, strict=True)) + "  "
             + row[3] for row in rows]  # fmt: skip
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
    lines += ["", "Sources:"]
    lines += [f"  {s.title}" + (f" <{s.url}>" if s.url else "") for s in clause.sources]
    return "\n".join(lines) + "\n"


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
        lines.append(f"{when.ljust(when_width)}  {days.ljust(days_width)}  "
                     f"{item.date.title} ({item.date.article})")  # fmt: skip
        indent = " " * (when_width + days_width + 4)
        if item.date.deferred:
            lines += textwrap.wrap(f"at the earliest: {item.date.deferred}", WIDTH,
                                   initial_indent=indent, subsequent_indent=indent)  # fmt: skip
    if too_early is not None and too_early.value is not None:
        lines += ["", f"Notice given before it was allowed: not before {too_early.value.label} "
                      f"({too_early.date.article})."]  # fmt: skip
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
    """A clause as JSON: its words, its rules and its sources."""
    return {
        "id": clause.id,
        "treaty": clause.treaty,
        "article": clause.article,
        "text": clause.text,
        "depositary": clause.depositary,
        "counting": clause.counting,
        "no_rule": clause.no_rule,
        "rules": [_rule_dict(d) for d in clause.dates],
        "sources": [
            {"title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None}
            for s in clause.sources
        ],
    }


def _rule_dict(d: ClauseDate) -> dict[str, Any]:
    end = str(d.end) if d.end else None
    return {"id": d.id, "title": d.title, "article": d.article, "date": str(d.date), "end": end,
            "deferred": d.deferred}  # fmt: skip


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
