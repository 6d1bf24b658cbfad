"""Timeline files (TOML) to `events.model`, with errors that name the file, the event and the field.

Every problem in a file is collected before anything is raised, so `tracker check` can show them
all at once instead of making the user fix them one run at a time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from events.dates import Offset, is_literal, known_zone
from events.model import (
    DEFAULT_UID_DOMAIN,
    EXPLICIT_STATUSES,
    KINDS,
    DateSpec,
    Event,
    Objection,
    Revision,
    Source,
    Timeline,
)
from events.problems import InvalidTimeline, Problem, did_you_mean, nearest, shown
from events.rules import ExpressionError, parse_offset
from tracker.errors import TimelineNotFound
from tracker.files.fields import Fields
from tracker.files.home import find_user_file
from tracker.files.locations import bundled_ids as bundled_ids  # still read from here by others
from tracker.files.locations import timeline_file

TIMELINE_FIELDS = ("id", "title", "timezone", "description", "remind", "updated", "uid_domain")
EVENT_FIELDS = (
    "id",
    "title",
    "date",
    "end",
    "kind",
    "status",
    "tags",
    "sources",
    "rule",
    "description",
    "known",
    "revision",
    "uid",
    "clause",
    "notice",
    "not_before",
    "objections",
)
REVISION_FIELDS = ("on", "date", "end", "status", "reason", "rule", "sources")
SOURCE_FIELDS = ("title", "url", "date", "secondary")
OBJECTION_FIELDS = ("party", "on", "sources")


def every_timeline_name() -> list[str]:
    """Every timeline the user has, as `-t` takes them: their own files, then the bundled ids
    they do not shadow."""
    from tracker.files.listing import every_timeline

    return every_timeline(bundled_ids())


def canonical_name(name: str) -> str:
    """The name under which `every_timeline_name` lists a timeline: a user's id becomes its
    file's path, so `next --all -t mine` does not list `mine` twice."""
    if Path(name).is_file():
        return name
    mine = find_user_file(name)
    return str(mine) if mine is not None else name


def locate(name: str) -> tuple[str, bytes]:
    """(display name, bytes) of a timeline file path, a user's timeline id (their own first) or
    a bundled timeline id (`tracker.files.locations.timeline_file` decides which file)."""
    try:
        found = timeline_file(name)
        is_dir = found is None and Path(name).is_dir()
    except OSError as exc:  # a name the system cannot even look up: longer than 255 bytes
        raise TimelineNotFound(
            name, f"no such file ({(exc.strerror or str(exc)).lower()})"
        ) from None
    if found is None:
        if is_dir:
            raise TimelineNotFound(name, "a directory, not a timeline file")
        if Path(name).exists():  # never opened: a FIFO or a device would block or never end
            raise TimelineNotFound(name, "not a regular file (a FIFO, socket or device)")
        raise TimelineNotFound(name)
    label = display_name(name)
    try:
        return label, found.read_bytes()
    except OSError as exc:
        raise InvalidTimeline([Problem(f"cannot read ({exc.strerror})")], label) from None


def names_a_file(name: str) -> bool:
    """Whether `name` is a regular file's path; a name the system cannot look up (over 255
    bytes) names none, and `locate` says why."""
    try:
        return Path(name).is_file()
    except OSError:
        return False


def display_name(name: str) -> str:
    """How errors name a timeline: its path as given, the user's file, or "inf (bundled)"."""
    if names_a_file(name):
        return name
    mine = find_user_file(name)
    return str(mine) if mine is not None else f"{name} (bundled)"


def load_timeline(name: str) -> Timeline:
    """Read and validate a timeline; `InvalidTimeline` names the file and lists every problem."""
    source, data = locate(name)
    return parse_timeline(data, source)


def parse_timeline(data: bytes, source: str) -> Timeline:
    """Validate TOML bytes into a Timeline, collecting every problem before raising."""
    reading = read_timeline(data, source)
    if reading.problems:
        raise InvalidTimeline(reading.problems, source)
    return reading.timeline


@dataclass(frozen=True, slots=True)
class Reading:
    """What could be read of a file: the valid events, the problems, and the ids left out.

    `check` resolves the valid part too, so rule errors are listed beside field errors; rules
    that read a left-out event are skipped rather than reported as unknown references.
    """

    timeline: Timeline
    problems: tuple[Problem, ...]
    broken_ids: frozenset[str]


def read_timeline(data: bytes, source: str) -> Reading:
    """Read as much of a timeline file as is valid; never raises for the file's content."""
    failure: Problem | None
    try:
        # utf-8-sig: a byte order mark (Windows editors write one) is not part of the text
        document = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        document, failure = {}, Problem(f"not UTF-8 text ({exc.reason})")
    except tomllib.TOMLDecodeError as exc:
        document, failure = {}, Problem(f"not valid TOML: {exc}")
    except RecursionError:
        document, failure = {}, Problem("not valid TOML: arrays or tables nested too deeply")
    except ValueError:  # tomllib's int() of a number over Python's 4,300-digit limit
        document, failure = {}, Problem("not valid TOML: a number with too many digits")
    else:
        failure = None
    reader = _Reader()
    timeline = reader.timeline(document)
    if failure is not None:
        reader.problems[:] = [failure]
    return Reading(timeline, tuple(reader.problems), frozenset(reader.broken))


class _Reader:
    """Reads one document, recording problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.broken: set[str] = set()
        self.zone = "UTC"

    def problem(self, message: str, event_id: str | None = None, field: str | None = None) -> None:
        self.problems.append(Problem(message, event_id, field))

    def timeline(self, document: dict[str, Any]) -> Timeline:
        self._unknown_keys(document, ("timeline", "event"), None, "")
        head = document.get("timeline")
        if not isinstance(head, dict):
            self.problem("missing [timeline] table (with id and title)", None, "timeline")
            head = {}
        self._unknown_keys(head, TIMELINE_FIELDS, None, "timeline.")
        field = Fields(self, None, head, "timeline.")
        timeline_id = field.slug("id")
        title = field.text("title", required=True)
        zone = field.text("timezone") or "UTC"
        if known_zone(zone):
            self.zone = zone
        else:
            message = f"unknown time zone {shown(zone)} (use an IANA name like 'Europe/London')"
            self.problem(message, None, "timeline.timezone")
        remind = tuple(o for o in (self._remind(r) for r in field.list_of("remind", str)) if o)
        raw_events = document.get("event", [])
        if not isinstance(raw_events, list):
            self.problem("must be an array of tables ([[event]])", None, "event")
            raw_events = []
        events = self._events(raw_events)
        uid_domain = field.text("uid_domain") or DEFAULT_UID_DOMAIN
        self._duplicate_uids(events, f"@{timeline_id}.{uid_domain}")
        return Timeline(
            id=timeline_id or "",
            title=title or "",
            events=tuple(events),
            timezone=self.zone,
            description=field.text("description", multiline=True),
            remind=remind,
            updated=field.day("updated"),
            uid_domain=uid_domain,
        )

    def _duplicate_uids(self, events: list[Event], own_suffix: str) -> None:
        """Refuse two events that the feed would give one UID: a calendar keeps one event per
        UID, so the other would be dropped or merged into it. An event's UID is its `uid`, else
        `<event>@<timeline>.<uid_domain>`, which an imported `uid` may also spell."""
        holders: dict[str, str] = {}
        for event in events:
            uid = event.uid or f"{event.id}{own_suffix}"
            first = holders.setdefault(uid, event.id)
            if first != event.id:
                message = (
                    f"duplicate uid {shown(uid)} (event {first!r} has it too; a calendar keeps "
                    "one event per UID)"
                )
                self.problem(message, event.id, "uid")

    def _events(self, raw_events: list[Any]) -> list[Event]:
        events: list[Event] = []
        seen: set[str] = set()
        for index, raw in enumerate(raw_events, start=1):
            if not isinstance(raw, dict):
                self.problem(f"event #{index} must be a table", None, "event")
                continue
            raw_id = raw.get("id")
            key = raw_id if isinstance(raw_id, str) else ""
            duplicate = key in seen
            if duplicate:
                self.problem("duplicate id (ids must be unique in a timeline)", key, "id")
            seen.add(key)
            event = self._event(raw, index)
            if event is None and not duplicate:
                self.broken.add(key)
            elif event is not None and not duplicate:
                events.append(event)
        return events

    def _event(self, raw: dict[str, Any], index: int) -> Event | None:
        problems_before = len(self.problems)
        raw_id = raw.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index}"
        self._unknown_keys(raw, EVENT_FIELDS, label, "")
        field = Fields(self, label, raw, "")
        event_id = field.slug("id")
        if event_id and is_literal(event_id):
            self.problem(
                "an id that reads as a date cannot be used in rules; add a word", label, "id"
            )
        title = field.text("title", required=True)
        date = field.date_spec("date", required="clause" not in raw)
        rule = field.text("rule")
        if "clause" in raw:
            date, rule = self._clause(field, label, date, rule)
        end = field.date_spec("end")
        not_before = field.date_spec("not_before")
        kind = field.choice("kind", KINDS) or "milestone"
        status = field.choice("status", EXPLICIT_STATUSES)
        revisions = tuple(
            self._revision(r, label, n) for n, r in enumerate(field.tables("revision"), 1)
        )
        objections = self._objections(field, label)
        if len(self.problems) > problems_before:
            return None
        # a required field that reads as None has recorded a problem above: this only narrows types
        if event_id is None or title is None or date is None:
            return None
        return Event(
            id=event_id,
            title=title,
            date=date,
            end=end,
            kind=kind,
            status=status,
            tags=tuple(field.list_of("tags", str)),
            sources=self._sources(field, "sources"),
            rule=rule,
            description=field.text("description", multiline=True),
            revisions=tuple(r for r in revisions if r is not None),
            known=field.day("known"),
            uid=field.text("uid"),
            not_before=not_before,
            clause=field.text("clause"),
            objections=objections,
        )

    def _clause(
        self, field: Fields, label: str, date: DateSpec | None, rule: str | None
    ) -> tuple[DateSpec | None, str | None]:
        """`clause = "ID"`: with `notice = EVENT` and no date, the clause's effective-date rule
        counted from that event; either way the clause is the default citation. The library is
        read only here, so timelines that cite no clause never load it."""
        from tracker.errors import ClauseNotApplicable, UnknownClause
        from tracker.files.clauses import rule_from_clause

        name, notice = field.text("clause"), field.slug_or_none("notice")
        if name is None:
            return date, rule
        if date is not None and notice is not None:
            self.problem("give either date or notice with a clause, not both", label, "notice")
            return date, rule
        if date is None and notice is None:
            self.problem(
                "a clause without a date needs notice = EVENT (the notice it counts from)",
                label,
                "notice",
            )
            return date, rule
        try:
            derived, citation = rule_from_clause(name, notice)
        except (UnknownClause, ClauseNotApplicable) as exc:
            self.problem(str(exc), label, "clause")
            return date, rule
        return derived or date, rule or citation

    def _revision(self, raw: dict[str, Any], label: str, number: int) -> Revision | None:
        prefix = f"revision[{number}]."
        self._unknown_keys(raw, REVISION_FIELDS, label, prefix)
        field = Fields(self, label, raw, prefix)
        on = field.day("on", required=True)
        reason = field.text("reason", required=True)
        date, end = field.date_spec("date"), field.date_spec("end")
        status = field.choice("status", EXPLICIT_STATUSES)
        if not field.has_any(("date", "end", "status")):
            self.problem("a revision must change date, end or status", label, prefix.rstrip("."))
        if on is None or reason is None:
            return None
        sources = self._sources(field, "sources")
        return Revision(on, reason, date, end, status, sources, field.text("rule"))

    def _objections(self, field: Fields, label: str) -> tuple[Objection, ...]:
        """`objections = [{ party, on, sources }]`: each names who objected and on which day,
        so the as-of view of an earlier day leaves it out."""
        objections = []
        for number, raw in enumerate(field.tables("objections"), start=1):
            prefix = f"objections[{number}]."
            self._unknown_keys(raw, OBJECTION_FIELDS, label, prefix)
            item = Fields(self, label, raw, prefix)
            party, on = item.text("party", required=True), item.day("on", required=True)
            sources = self._sources(item, "sources")
            if party is not None and on is not None:
                objections.append(Objection(party, on, sources))
        return tuple(objections)

    def _sources(self, field: Fields, name: str) -> tuple[Source, ...]:
        sources = []
        for number, raw in enumerate(field.tables(name), start=1):
            prefix = f"{field.prefix}{name}[{number}]."
            self._unknown_keys(raw, SOURCE_FIELDS, field.event_id, prefix)
            source = Fields(self, field.event_id, raw, prefix)
            title = source.text("title", required=True)
            url = source.text("url")
            if url is not None and not url.startswith(("https://", "http://")):
                self.problem("must start with https:// or http://", field.event_id, f"{prefix}url")
            date, secondary = source.day("date"), bool(source.flag("secondary"))
            if title is not None:
                sources.append(Source(title, url, date, secondary))
        return tuple(sources)

    def _remind(self, text: str) -> Offset | None:
        try:
            return parse_offset(text)
        except ExpressionError as exc:
            self.problem(f"not a period like '30 days' or '1 week': {exc}", None, "timeline.remind")
            return None

    def _unknown_keys(
        self, raw: dict[str, Any], allowed: tuple[str, ...], event_id: str | None, prefix: str
    ) -> None:
        for key in raw:
            if key not in allowed:
                hint = did_you_mean(nearest(key, allowed))
                self.problem(f"unknown field{hint}", event_id, f"{prefix}{key}")
