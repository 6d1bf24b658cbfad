"""Timeline files (TOML) to `events.model`, with errors that name the file, the event and the field.

Every problem in a file is collected before anything is raised, so `tracker check` can show them
all at once instead of making the user fix them one run at a time.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pendulum

from events.dates import DateError, DateValue, Offset, from_python, is_literal, known_zone
from events.ids import SLUG
from events.model import (
    DEFAULT_UID_DOMAIN,
    EXPLICIT_STATUSES,
    KINDS,
    DateSpec,
    Event,
    Revision,
    Source,
    Timeline,
)
from events.problems import InvalidTimeline, Problem, did_you_mean, nearest, shown
from events.rules import ExpressionError, parse_date_spec, parse_offset
from tracker.home import find_user_file, user_ids
from tracker.locations import bundled_ids as bundled_ids  # still read from here by others
from tracker.locations import timeline_file

# What a terminal acts on instead of printing, and iCalendar TEXT may not carry: C0 and C1 control
# characters and every line break Python's splitlines() knows. A description may break lines
# with \n (and indent with a tab); every other field is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_MULTILINE_ALLOWED = "\n\t"

TIMELINE_FIELDS = ("id", "title", "timezone", "description", "remind", "updated", "uid_domain")
EVENT_FIELDS = (
    "id", "title", "date", "end", "kind", "status", "tags", "sources", "rule", "description",
    "known", "revision", "uid",
)  # fmt: skip
REVISION_FIELDS = ("on", "date", "end", "status", "reason", "rule", "sources")
SOURCE_FIELDS = ("title", "url", "date")


class TimelineNotFound(LookupError):
    """Neither a file, nor one of the user's timelines, nor a bundled one; a usage error, with
    the nearest ids."""

    def __init__(self, name: str, what: str | None = None) -> None:
        self.name = name
        mine = user_ids()
        hint = did_you_mean(nearest(name, [*mine, *bundled_ids()]))
        looks_like_path = "/" in name or name.endswith(".toml")
        if what is None:
            what = "no such file" if looks_like_path else "no such file or bundled timeline"
        yours = f"yours: {', '.join(mine)}; " if mine else ""
        super().__init__(f"{name}: {what}{hint} ({yours}bundled: {', '.join(bundled_ids())})")

    def __str__(self) -> str:
        return str(self.args[0])


def every_timeline_name() -> list[str]:
    """Every timeline the user has, as `-t` takes them: their own files, then the bundled ids
    they do not shadow."""
    from tracker.listing import every_timeline

    return every_timeline(bundled_ids())


def locate(name: str) -> tuple[str, bytes]:
    """(display name, bytes) of a timeline file path, a user's timeline id (their own first) or
    a bundled timeline id (`tracker.locations.timeline_file` decides which file)."""
    try:
        found = timeline_file(name)
        is_dir = found is None and Path(name).is_dir()
    except OSError as exc:  # a name the system cannot even look up: longer than 255 bytes
        raise TimelineNotFound(
            name, f"no such file ({(exc.strerror or str(exc)).lower()})"
        ) from None
    if found is None:
        raise TimelineNotFound(name, "a directory, not a timeline file" if is_dir else None)
    label = display_name(name)
    try:
        return label, found.read_bytes()
    except OSError as exc:
        raise InvalidTimeline([Problem(f"cannot read ({exc.strerror})")], label) from None


def display_name(name: str) -> str:
    """How errors name a timeline: its path as given, the user's file, or "inf (bundled)"."""
    if Path(name).is_file():
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
        field = _Fields(self, None, head, "timeline.")
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
        return Timeline(
            id=timeline_id or "",
            title=title or "",
            events=tuple(events),
            timezone=self.zone,
            description=field.text("description", multiline=True),
            remind=remind,
            updated=field.day("updated"),
            uid_domain=field.text("uid_domain") or DEFAULT_UID_DOMAIN,
        )

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
        field = _Fields(self, label, raw, "")
        event_id = field.slug("id")
        if event_id and is_literal(event_id):
            self.problem(
                "an id that reads as a date cannot be used in rules; add a word", label, "id"
            )
        title = field.text("title", required=True)
        date = field.date_spec("date", required=True)
        end = field.date_spec("end")
        kind = field.choice("kind", KINDS) or "milestone"
        status = field.choice("status", EXPLICIT_STATUSES)
        revisions = tuple(
            self._revision(r, label, n) for n, r in enumerate(field.tables("revision"), 1)
        )
        if len(self.problems) > problems_before:
            return None
        return Event(
            id=event_id,
            title=title,
            date=date,
            end=end,
            kind=kind,  # type: ignore[arg-type]
            status=status,  # type: ignore[arg-type]
            tags=tuple(field.list_of("tags", str)),
            sources=self._sources(field, "sources"),
            rule=field.text("rule"),
            description=field.text("description", multiline=True),
            revisions=tuple(r for r in revisions if r is not None),
            known=field.day("known"),
            uid=field.text("uid"),
        )

    def _revision(self, raw: dict[str, Any], label: str, number: int) -> Revision | None:
        prefix = f"revision[{number}]."
        self._unknown_keys(raw, REVISION_FIELDS, label, prefix)
        field = _Fields(self, label, raw, prefix)
        on = field.day("on", required=True)
        reason = field.text("reason", required=True)
        date, end = field.date_spec("date"), field.date_spec("end")
        status = field.choice("status", EXPLICIT_STATUSES)
        if not field.has_any(("date", "end", "status")):
            self.problem("a revision must change date, end or status", label, prefix.rstrip("."))
        if on is None or reason is None:
            return None
        sources = self._sources(field, "sources")
        return Revision(on, reason, date, end, status, sources, field.text("rule"))  # type: ignore[arg-type]

    def _sources(self, field: _Fields, name: str) -> tuple[Source, ...]:
        sources = []
        for number, raw in enumerate(field.tables(name), start=1):
            prefix = f"{field.prefix}{name}[{number}]."
            self._unknown_keys(raw, SOURCE_FIELDS, field.event_id, prefix)
            source = _Fields(self, field.event_id, raw, prefix)
            title = source.text("title", required=True)
            url = source.text("url")
            if url is not None and not url.startswith(("https://", "http://")):
                self.problem("must start with https:// or http://", field.event_id, f"{prefix}url")
            if title is not None:
                sources.append(Source(title, url, source.day("date")))
        return tuple(sources)

    def _remind(self, text: str) -> Offset | None:
        try:
            return parse_offset(text)
        except ExpressionError as exc:
            self.problem(f"not a period like '30 days' or '1 week': {exc}", None, "timeline.remind")
            return None

    def _unknown_keys(self, raw: dict[str, Any], allowed: tuple[str, ...], event_id: str | None,
                      prefix: str) -> None:  # fmt: skip
        for key in raw:
            if key not in allowed:
                hint = did_you_mean(nearest(key, allowed))
                self.problem(f"unknown field{hint}", event_id, f"{prefix}{key}")


class _Fields:
    """Typed access to one table's fields; a wrong type becomes a problem and reads as None."""

    def __init__(self, reader: _Reader, event_id: str | None, raw: dict[str, Any], prefix: str):
        self.reader, self.event_id, self.raw, self.prefix = reader, event_id, raw, prefix

    def _fail(self, name: str, message: str) -> None:
        self.reader.problem(message, self.event_id, f"{self.prefix}{name}")

    def has_any(self, names: tuple[str, ...]) -> bool:
        return any(name in self.raw for name in names)

    def _get(self, name: str, required: bool, kind: type | tuple[type, ...], what: str) -> Any:
        if name not in self.raw:
            if required:
                self._fail(name, "missing (required)")
            return None
        value = self.raw[name]
        if not isinstance(value, kind):
            self._fail(name, f"must be {what}, not {_describe(value)}")
            return None
        return value

    def text(self, name: str, required: bool = False, multiline: bool = False) -> str | None:
        value = self._get(name, required, str, "a string")
        if value is not None and not value.strip():
            self._fail(name, "must not be empty")
            return None
        allowed = _MULTILINE_ALLOWED if multiline else ""
        bad = next((c for c in _CONTROL.findall(value or "") if c not in allowed), None)
        if bad is not None:
            self._fail(name, _control_message(bad, name, multiline))
            return None
        return value

    def slug(self, name: str) -> str | None:
        value = self.text(name, required=True)
        if value is not None and not SLUG.match(value):
            self._fail(name, f"{value!r} is not an id: use lower-case letters, digits and hyphens")
            return None
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(name)
        if value is not None and value not in allowed:
            hint = did_you_mean(nearest(value, allowed))
            self._fail(name, f"{value!r} is not one of {', '.join(allowed)}{hint}")
            return None
        return value

    def day(self, name: str, required: bool = False) -> pendulum.Date | None:
        value = self._get(name, required, dt.date, "a date like 2019-02-02")
        if isinstance(value, dt.datetime):
            self._fail(name, "must be a day (2019-02-02), not a date and time")
            return None
        return None if value is None else pendulum.date(value.year, value.month, value.day)

    def date_spec(self, name: str, required: bool = False) -> DateSpec | None:
        value = self._get(name, required, (str, dt.date), "a date or a rule")
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return parse_date_spec(value, self.reader.zone)
            return _from_toml(value, self.reader.zone)
        except (DateError, ExpressionError) as exc:
            self._fail(name, str(exc))
            return None

    def list_of(self, name: str, kind: type) -> list[Any]:
        values = self._get(name, False, list, f"a list of {kind.__name__}") or []
        good = [v for v in values if isinstance(v, kind)]
        if len(good) != len(values):
            self._fail(name, f"every item must be a {kind.__name__}")
        return good

    def tables(self, name: str) -> list[dict[str, Any]]:
        return self.list_of(name, dict)


def _control_message(char: str, name: str, multiline: bool) -> str:
    """Why a character is refused: a line break where it may not be, or a control character."""
    code = f"U+{ord(char):04X}"
    if char not in _BREAKS:
        return f"contains the control character {code}"
    if multiline:
        return f"contains a line break ({code}); break lines in {name} with \\n only"
    return f"contains a line break ({code}); {name} is one line"


def _from_toml(value: dt.date, zone: str) -> DateValue:
    try:
        return from_python(value, zone)
    except (ValueError, OverflowError) as exc:
        raise DateError(str(exc)) from exc


def _describe(value: object) -> str:
    names: dict[type, str] = {bool: "true/false", int: "a number", float: "a number",
                              list: "a list", dict: "a table", dt.date: "a date"}  # fmt: skip
    return names.get(type(value), f"{type(value).__name__} {value!r}")
