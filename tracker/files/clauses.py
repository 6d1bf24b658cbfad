"""The bundled clause library (events/clauses.toml) read into `events.clauses.Clause` values.

Read once per process and only when asked for: `tracker until` and every timeline that cites no
clause never pay for it. A malformed library is a bug in the package, so every problem is
collected and raised together for the test that guards it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from importlib import resources
from typing import Any

import pendulum

from events.clauses import Clause, ClauseDate, Example, rule_for_notice, unknown_references
from events.dates import DateValue, from_python
from events.model import Source
from events.rules import Expression, ExpressionError, parse_expression
from tracker.errors import ClauseLibraryError, ClauseNotApplicable, UnknownClause

CLAUSE_FIELDS = (
    "id",
    "treaty",
    "short",
    "article",
    "text",
    "depositary",
    "counting",
    "no_rule",
    "sources",
    "date",
    "example",
    "no_example",
)
DATE_FIELDS = ("id", "title", "article", "date", "end", "deferred")
EXAMPLE_FIELDS = ("party", "notice", "in_force", "dates", "deferred", "note", "sources")
SOURCE_FIELDS = ("title", "url", "date", "secondary")
_ID_LINE = re.compile(r'id = "([^"]+)"\n')


@functools.cache
def library() -> dict[str, Clause]:
    """Every clause by id, in the order of the file."""
    document = tomllib.loads(_text())
    problems: list[str] = []
    clauses = [_clause(raw, problems) for raw in document.get("clause", [])]
    if problems:
        raise ClauseLibraryError("\n".join(problems))
    return {clause.id: clause for clause in clauses}


def find_clause(name: str) -> Clause:
    """A clause by id, or by the unique id it starts (`ottawa` finds `ottawa-20`).

    Reads only that clause's block of the file: a timeline that cites one clause pays for one
    small parse, not for the whole library (`tracker until` stays fast).
    """
    blocks = _blocks()
    if name not in blocks:
        starting = [cid for cid in blocks if cid.startswith(f"{name}-")]
        if len(starting) != 1:
            raise UnknownClause(name, list(blocks))
        name = starting[0]
    return _one(name)


@functools.cache
def _one(clause_id: str) -> Clause:
    (raw,) = tomllib.loads("[[clause]]\n" + _blocks()[clause_id])["clause"]
    problems: list[str] = []
    clause = _clause(raw, problems)
    if problems:
        raise ClauseLibraryError("\n".join(problems))
    return clause


@functools.cache
def _blocks() -> dict[str, str]:
    """Each clause's TOML text by id: the file is a run of `[[clause]]` tables, each starting
    with its `id` line (a test holds the file to that shape)."""
    _, *blocks = _text().split("\n[[clause]]\n")
    return {_block_id(block): block for block in blocks}


def _block_id(block: str) -> str:
    match = _ID_LINE.match(block)
    if match is None:  # never in the bundled file, whose shape a test checks
        raise ClauseLibraryError(f"a [[clause]] not starting with its id: {block[:60]!r}")
    return match[1]


def _text() -> str:
    return resources.files("events").joinpath("clauses.toml").read_text(encoding="utf-8")


def _clause(raw: dict[str, Any], problems: list[str]) -> Clause:
    where = f"clause {raw.get('id')!r}"
    problems.extend(f"{where}: unknown field {key!r}" for key in raw if key not in CLAUSE_FIELDS)
    dates = tuple(_date(d, where, problems) for d in raw.get("date", []))
    no_rule = raw.get("no_rule")
    examples = tuple(_example(e, where, no_rule is None, problems) for e in raw.get("example", []))
    clause = Clause(
        id=raw.get("id", ""),
        treaty=raw.get("treaty", ""),
        short=raw.get("short", ""),
        article=raw.get("article", ""),
        text=raw.get("text", ""),
        depositary=raw.get("depositary", ""),
        dates=tuple(d for d in dates if d is not None),
        sources=tuple(_source(s, where, problems) for s in raw.get("sources", [])),
        counting=raw.get("counting"),
        no_rule=no_rule,
        examples=tuple(e for e in examples if e is not None),
        no_example=raw.get("no_example"),
    )
    missing = [
        f
        for f in ("id", "treaty", "short", "article", "text", "depositary", "sources")
        if not raw.get(f)
    ]
    problems.extend(f"{where}: missing {field!r}" for field in missing)
    if not clause.dates and not clause.no_rule:
        problems.append(f"{where}: needs at least one date, or no_rule saying why not")
    problems.extend(
        f"{where}, date {date_id!r}: unknown reference {ref!r}"
        for date_id, ref in unknown_references(clause)
    )
    if bool(raw.get("example")) == bool(clause.no_example):
        problems.append(
            f"{where}: needs examples or no_example saying why there are none, not both"
        )
    date_ids = {d.id for d in clause.dates}
    problems.extend(
        f"{where}, example {e.party!r}: no date {date_id!r} in the clause"
        for e in clause.examples
        for date_id, _ in e.dates
        if date_id not in date_ids
    )
    return clause


def _example(
    raw: dict[str, Any], where: str, has_rule: bool, problems: list[str]
) -> Example | None:
    """One `[[clause.example]]`: a real case, its dates under the clause's own date ids (none for
    a clause with no rule, whose examples are shown, never computed)."""
    here = f"{where}, example {raw.get('party')!r}"
    problems.extend(f"{here}: unknown field {key!r}" for key in raw if key not in EXAMPLE_FIELDS)
    dates = raw.get("dates", {})
    if not raw.get("party") or not isinstance(raw.get("notice"), dt.date) or not raw.get("sources"):
        problems.append(f"{here}: needs party, notice (a day) and sources")
        return None
    if has_rule and not dates and not raw.get("deferred"):
        problems.append(f"{here}: needs dates, or deferred saying why the rule's do not apply")
    in_force = raw.get("in_force")
    return Example(
        party=raw["party"],
        notice=_day(raw["notice"]),
        dates=tuple((key, _day(value)) for key, value in dates.items()),
        sources=tuple(_source(s, here, problems) for s in raw["sources"]),
        in_force=_day(in_force) if isinstance(in_force, dt.date) else None,
        deferred=raw.get("deferred"),
        note=raw.get("note"),
    )


def _day(value: dt.date) -> DateValue:
    return from_python(value)


def _date(raw: dict[str, Any], where: str, problems: list[str]) -> ClauseDate | None:
    problems.extend(f"{where}: unknown date field {key!r}" for key in raw if key not in DATE_FIELDS)
    try:
        end = parse_expression(raw["end"]) if "end" in raw else None
        return ClauseDate(
            raw["id"],
            raw["title"],
            raw["article"],
            parse_expression(raw["date"]),
            end,
            raw.get("deferred"),
        )
    except (KeyError, ExpressionError) as exc:
        problems.append(f"{where}, date {raw.get('id')!r}: {exc}")
        return None


def _source(raw: dict[str, Any], where: str, problems: list[str]) -> Source:
    problems.extend(
        f"{where}: unknown source field {key!r}" for key in raw if key not in SOURCE_FIELDS
    )
    day = raw.get("date")
    when = pendulum.date(day.year, day.month, day.day) if isinstance(day, dt.date) else None
    return Source(raw["title"], raw.get("url"), when, raw.get("secondary") is True)


def rule_from_clause(name: str, notice_event: str | None) -> tuple[Expression | None, str]:
    """(the date rule, the citation) for an event that cites clause `name`.

    With `notice_event` the rule is the clause's own effective-date rule counted from that event,
    so the arithmetic is written once, in the library; without it the clause is a citation only.
    """
    clause = find_clause(name)
    if notice_event is None:
        return None, clause.citation()
    rule = rule_for_notice(clause, notice_event)
    if rule is None:
        raise ClauseNotApplicable(
            f"clause {clause.id!r} has no effective date computed from the notice alone; "
            "write the date as a rule instead"
        )
    return rule, clause.citation()
