"""The application's queries over timeline files: load, resolve as of a day, check, summarise.

The commands stay thin by calling these; each returns values, and errors are raised as the typed
exceptions of `events.problems` and `tracker.files.load` for the CLI to turn into exit codes.
What only `diff`, `list` and the filters need is imported where it is used: `tracker until`
imports this module, and every module it does not need is start-up time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pendulum

from events.known import horizon
from events.limits import notices_too_early
from events.problems import InvalidTimeline, UnknownEvent
from events.resolve import resolve
from events.resolved import ResolvedEvent, ResolvedTimeline
from tracker.answers import NO_DAYS, fingerprint, remember_until
from tracker.clock import today_in
from tracker.errors import UsageProblem
from tracker.files.load import bundled_ids, display_name, load_timeline, locate, read_timeline
from tracker.memory import paused_gc

if TYPE_CHECKING:
    from events.diff import Change
    from events.model import Source
    from events.select import Selection


@dataclass(frozen=True, slots=True)
class Scope:
    """What a command looks at: which timelines (as `-t` names them), as of which day (None:
    today in the first one's zone), and whether what was not yet known that day is shown too.

    The command line builds it once from the options of `tracker` and of the command, and every
    query takes it whole, so the three never travel apart or get merged twice.
    """

    timelines: tuple[str, ...]
    as_of: pendulum.Date | None = None
    hindsight: bool = False


def open_timelines(
    scope: Scope, selection: Selection | None = None
) -> tuple[list[ResolvedTimeline], pendulum.Date]:
    """Load and resolve each timeline of the scope as of its day: the given one, else today in
    the first timeline's zone; then keep the events `selection` chooses. Events not yet known
    that day are left out unless the scope asks for hindsight. The usual first step of every
    command.

    >>> resolved, day = open_timelines(Scope(("inf",), pendulum.date(2019, 1, 17)))
    >>> resolved[0]["withdrawal-effective"].days_until(day)
    197
    """
    with paused_gc():
        timelines = [load_timeline(name) for name in scope.timelines]
        day = scope.as_of or today_in(timelines[0].timezone)
        resolved = []
        for name, timeline in zip(scope.timelines, timelines, strict=True):
            try:
                resolved.append(resolve(timeline, day, hindsight=scope.hindsight))
            except InvalidTimeline as exc:
                raise exc.located(display_name(name)) from None
    return (selection.apply_all(resolved) if selection else resolved), day


@dataclass(frozen=True, slots=True)
class Checked:
    """What `check` found in one timeline: problems fail it, warnings only inform."""

    count: int
    problems: list[str]
    warnings: list[str]


def check(name: str, as_of: pendulum.Date | None = None) -> Checked:
    """The problems and warnings of one file, user's timeline or bundled id."""
    source, data = locate(name)
    return check_bytes(data, source, as_of)


def check_bytes(data: bytes, source: str, as_of: pendulum.Date | None) -> Checked:
    """The problems and warnings of a timeline's bytes: `check`, and every editing command on
    what it is about to write.

    A revision decided after `as_of` is checked too: the file is resolved again as of its last
    revision, so an error waiting in the future is found today. Warnings name every date that
    has come but lies past the record's horizon (unconfirmed), for the maintainer to review.
    """
    reading = read_timeline(data, source)
    timeline = reading.timeline
    problems = list(reading.problems)
    day = as_of or today_in(timeline.timezone)
    last = max((r.on for e in timeline.events for r in e.revisions), default=day)
    resolved = None
    for moment in sorted({day, max(day, last)}):
        try:
            attempt = resolve(timeline, moment, reading.broken_ids, hindsight=True)
        except InvalidTimeline as exc:
            problems.extend(p for p in exc.problems if p not in problems)
        else:
            problems.extend(p for p in notices_too_early(attempt) if p not in problems)
            resolved = attempt if moment == day else resolved
    warnings = _unconfirmed(resolved, source) if resolved is not None and not problems else []
    return Checked(len(timeline.events), InvalidTimeline(problems, source).lines(), warnings)


@dataclass(frozen=True, slots=True)
class SourceAudit:
    """What `check --sources` found across timelines: failures exit 1, warnings only inform."""

    failures: list[str]
    warnings: list[str]


def audit_sources(names: Sequence[str], as_of: pendulum.Date | None) -> SourceAudit:
    """`check --sources`: the audit of `events.audit` for each timeline as of one day, one line
    per finding, naming the timeline and the event."""
    from events.audit import audit
    from tracker.files.clauses import find_clause

    def clause_sources(name: str) -> tuple[Source, ...]:
        return find_clause(name).sources

    resolved, _ = open_timelines(Scope(tuple(names), as_of))
    failures: list[str] = []
    warnings: list[str] = []
    for name, timeline in zip(names, resolved, strict=True):
        for finding in audit(timeline, clause_sources):
            where = f"{display_name(name)}: event {finding.event_id!r}"
            if finding.fails:
                failures.append(f"{where}: {finding.message}")
            else:
                warnings.append(f"{where}: warning: {finding.message}")
    return SourceAudit(failures, warnings)


def _unconfirmed(resolved: ResolvedTimeline, source: str) -> list[str]:
    edge = horizon(resolved.timeline)
    return [
        f"{source}: warning: event {event.id!r}: {event.span_label} has come, but the record "
        f"was last checked on {edge.isoformat() if edge else '?'}: unconfirmed"
        for event in resolved
        if event.status == "unconfirmed"
    ]


def find_event(scope: Scope, wanted: str) -> tuple[ResolvedTimeline, ResolvedEvent, pendulum.Date]:
    """The event `wanted` names in any of the scope's timelines: `EVENT` when one timeline has
    it, `TIMELINE:EVENT` to pick one. An id in several is a `UsageProblem` naming them."""
    resolved, day = open_timelines(scope)
    holder, event = pick_event(resolved, wanted)
    return holder, event, day


def pick_event(
    resolved: Sequence[ResolvedTimeline], wanted: str
) -> tuple[ResolvedTimeline, ResolvedEvent]:
    """`find_event` on timelines already resolved: the timeline holding `wanted`, and the event."""
    timeline_id, _, event_id = wanted.rpartition(":")
    if timeline_id:
        chosen = [t for t in resolved if t.timeline.id == timeline_id]
        if not chosen:
            ids = ", ".join(t.timeline.id for t in resolved)
            raise UsageProblem(f"{wanted!r}: no timeline {timeline_id!r} among those given ({ids})")
        resolved = chosen
    holders = [t for t in resolved if event_id in t]
    if len(holders) > 1:
        names_ = ", ".join(f"{t.timeline.id}:{event_id}" for t in holders)
        raise UsageProblem(f"{event_id!r} is in several timelines; name one: {names_}")
    if holders:
        return holders[0], holders[0][event_id]
    for timeline in resolved:
        if event_id in timeline.hidden:
            timeline[event_id]  # raises NotYetKnown, saying when it became known
    everything = [e.id for t in resolved for e in t]
    raise UnknownEvent(event_id, everything)


def days_until(scope: Scope, wanted: str) -> int | None:
    """`tracker until EVENT -q`: the signed days from the as-of day to the event, remembered in
    the answer cache for the next run that asks the same of the same files; None (remembered
    too) for an event with no days to count (`ResolvedEvent.uncounted`), where `-q` exits 3.

    An open date counts to its earliest day, as a vague one does: `-q` is a signed integer
    whenever there is a count, and `--json` says whether the date is open.

    The files are hashed before and after they are read, and the answer kept only when both
    agree, so an answer is never filed under bytes it was not computed from. Errors raise
    before anything is kept: only answers are cached.
    """
    before = fingerprint(scope.timelines)
    resolved, day = open_timelines(scope)
    _, event = pick_event(resolved, wanted)
    days = event.days_left(day)
    if before is not None and fingerprint(scope.timelines) == before:
        zone = resolved[0].timeline.timezone
        answer = NO_DAYS if days is None else str(days)
        remember_until(before, day.isoformat(), scope.hindsight, wanted, answer, zone)
    return days


def changes_between(
    names: Sequence[str], since: pendulum.Date, until: pendulum.Date | None
) -> list[tuple[ResolvedTimeline, list[Change]]]:
    """Each timeline as of `until` (default today) with what changed since `since`."""
    from events.diff import diff

    resolved, day = open_timelines(Scope(tuple(names), until))
    if since > day:
        raise UsageProblem(f"--since {since.isoformat()} is after {day.isoformat()}")
    return [(timeline, diff(timeline, since)) for timeline in resolved]


def catalog_rows(names: Sequence[str], as_of: pendulum.Date | None) -> list[list[str]]:
    """`tracker list`: id, title, number of events, next deadline and whose it is, for the -t
    timelines named, else each of the user's timelines (`ID.toml` in the home), then every
    bundled one: "yours", "bundled", or "hidden" for a bundled one that the user's timeline of
    the same id shadows. A user's file that does not load is listed, saying so, rather than
    hiding the others."""
    from events.select import upcoming_deadlines
    from tracker.files.listing import entries
    from tracker.render.terminal.upcoming import days_left

    rows = []
    for entry in entries(bundled_ids(), names):
        where = "yours" if entry.path is not None else "hidden" if entry.shadowed else "bundled"
        try:
            (resolved,), day = open_timelines(Scope((entry.name,), as_of))
        except InvalidTimeline:
            invalid = f"invalid: tracker check {entry.name}"
            rows.append([entry.timeline_id, invalid, "-", "-", where])
            continue
        upcoming = upcoming_deadlines([resolved])
        nxt = "-"
        if upcoming:
            event = upcoming[0][1]
            # an open date by its earliest day: "(open)" or "(at least N days)" says the rest
            nxt = f"{event.counted.lower_bound.label} {event.id} ({days_left(event, day)})"
        rows.append([entry.timeline_id, resolved.timeline.title, str(len(resolved)), nxt, where])
    return rows
