"""The feeds of a set of timelines, rendered once per change and held in memory.

`tracker serve` answers every request from here and `tracker publish` writes what is here, so a
feed is the same bytes whichever way it leaves. Rendering happens only when a timeline file
changed on disk (its modification or change time, size, or inode: a rewrite that keeps the
mtime, as `cp -p` and `rsync -t` do, still moves the ctime) or the as-of day turned over; a
request never renders. A reload reads only a regular file of at most 64 MiB, opened without
waiting: a FIFO or a link to a device put in a timeline's place is refused and logged, and the
last good feeds stay served.

A timeline that cannot be loaded, resolved or rendered, for any reason (a problem in the file, or
an exception nobody foresaw in a renderer), keeps its last good feeds served; one that never had
any is listed as unavailable (the server answers 503 for it) while the others are served. Either
way the problem is logged once per change, as one line. Everything that turns a file's bytes into
feeds runs under one guard (`_guarded`), so no exception from user data escapes a refresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

import pendulum

from events.model import Timeline
from events.problems import InvalidTimeline, Problem
from events.resolve import resolve
from events.resolved import ResolvedTimeline
from events.rules import SLUG
from tracker.clock import now_utc, today_in
from tracker.files.load import (
    display_name,
    every_timeline_name,
    locate,
    parse_timeline,
)
from tracker.files.locations import changing_file
from tracker.files.reading import change_stamp, read_regular
from tracker.render.export import export
from tracker.render.web.index import Deadline, Listing, next_deadline

log = logging.getLogger("tracker.feeds")

_T = TypeVar("_T")

Render = Callable[[str, Sequence[ResolvedTimeline], pendulum.Date], bytes]

# Extension -> Content-Type of every file a timeline is published as.
FORMATS: Mapping[str, str] = MappingProxyType(
    {
        "ics": "text/calendar; charset=utf-8",
        "json": "application/json",
        "html": "text/html; charset=utf-8",
    }
)

# How often, at most, files are stat'ed and the day compared: cheap, and quick enough for a
# person who saves a file and reloads the page.
CHECK_INTERVAL = 1.0

_GONE = (-1,)  # the stamp of a file that could not be stat'ed: logged once until it is back

# An exception's text in a log line is cut here: a 4,301-digit number must not make a 4 KB line.
_MESSAGE_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Feed:
    """One file as served, with the validators HTTP needs, computed once when the bytes change.

    `last_modified` is when these bytes were first rendered (in whole seconds, as HTTP dates
    are): a re-render that produces the same bytes keeps the old date, so clients that poll with
    If-Modified-Since keep getting 304 across reloads and midnights that changed nothing.
    """

    name: str
    body: bytes
    content_type: str
    etag: str
    last_modified: dt.datetime


@dataclass(frozen=True, slots=True)
class _Source:
    """One timeline as given (a path or a bundled id) and what was last made of it."""

    name: str
    label: str
    path: Path | None  # None for a bundled timeline: those never change on disk
    stamp: tuple[int, ...] | None  # `change_stamp` when last read
    timeline: Timeline | None  # the last good one; None while it never loaded
    day: pendulum.Date | None  # the as-of day last rendered, or tried and logged as failing
    feeds: tuple[Feed, ...]
    timeline_id: str  # the id its feeds are (or would be) named by
    problem: InvalidTimeline | None  # why it has no feeds yet, while it never loaded
    deadline: Deadline | None = None  # the next one, for the index page


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Everything a request reads, swapped whole so readers never take a lock."""

    files: Mapping[str, Feed]
    listings: tuple[Listing, ...]
    unavailable: frozenset[str]  # file names of timelines that never loaded: 503, not 404


class FeedStore:
    """Renders each timeline's feeds, and renders them again only when the timeline changed.

    `names` are timeline files or ids, as `-t` takes them; none means every timeline, the
    user's and the bundled ones. The as-of day is `as_of`, else today in each timeline's own
    zone, so a feed served across midnight re-renders and its statuses turn from "scheduled" to
    "occurred".

    Raises `TimelineNotFound` for a name that is neither. A timeline that cannot be served at
    start is kept in `problems()` (the server logs it and answers 503 for it, `publish` refuses
    to run) and is tried again when its file changes; later failures are logged here.
    """

    def __init__(
        self,
        names: Sequence[str] = (),
        as_of: pendulum.Date | None = None,
        *,
        render: Render = export,
        formats: Mapping[str, str] = FORMATS,
        today: Callable[[str], pendulum.Date] = today_in,
        clock: Callable[[], dt.datetime] = now_utc,
        interval: float = CHECK_INTERVAL,
        hindsight: bool = False,
    ) -> None:
        self._as_of = as_of
        self._hindsight = hindsight
        self._render = render
        self._formats = dict(formats)
        self._today = today
        self._clock = clock
        self._interval = interval
        self._lock = threading.Lock()
        self._next_check = time.monotonic() + interval
        self._sources: list[_Source] = []
        for name in dict.fromkeys(names or every_timeline_name()):
            self._sources.append(self._open(name))  # the next ones see its id
        self._snapshot = self._snap()

    def get(self, name: str) -> Feed | None:
        """The file called `name` ("inf.ics"), after a change check if one is due; else None."""
        self.check_if_due()
        return self._snapshot.files.get(name)

    def listings(self) -> tuple[Listing, ...]:
        """Every timeline served, in the order given, for an index page."""
        self.check_if_due()
        return self._snapshot.listings

    def files(self) -> Mapping[str, Feed]:
        """Every file served, by name, as of the last check (`publish` wants no check)."""
        return self._snapshot.files

    def unavailable(self, name: str) -> bool:
        """Whether `name` ("inf.ics") is a file of a timeline that has never loaded (yet)."""
        return name in self._snapshot.unavailable

    def problems(self) -> tuple[InvalidTimeline, ...]:
        """Why each timeline that has never loaded has no feeds, in the order given."""
        return tuple(s.problem for s in self._sources if s.problem is not None)

    def check_if_due(self) -> None:
        """Check for changes if the interval has passed since the last check.

        The one request that finds a check due makes it; the others do not wait for the lock
        but go on reading the snapshot they have.
        """
        if time.monotonic() < self._next_check or not self._lock.acquire(blocking=False):
            return
        try:
            if time.monotonic() >= self._next_check:
                self._refresh()
                self._next_check = time.monotonic() + self._interval
        finally:
            self._lock.release()

    def _open(self, name: str) -> _Source:
        """The first load: a broken timeline becomes a source with a problem and no feeds."""
        label = display_name(name)
        try:  # a path, or the user's file for an id of theirs: both reload when edited
            path = changing_file(name)
        except OSError:  # a name the system cannot look up: `locate` says why
            path = None
        problem: InvalidTimeline | None
        try:
            _, data = locate(name)  # raises TimelineNotFound: a usage error, not a bad file
        except InvalidTimeline as exc:  # a file that cannot be read
            data, problem = b"", exc.located(label)
        else:
            problem = None
        # the stamp taken now: a change made after this read is seen at the next check
        stamp = change_stamp(path) if path is not None else None
        source = _Source(
            name,
            label,
            path,
            stamp,
            None,
            None,
            (),
            _presumed_id(data, name),
            problem,
        )
        try:
            if problem is not None:
                raise problem
            timeline = _guarded(label, parse_timeline, data, label)
            return self._built(source, timeline, self._day(label, timeline))
        except InvalidTimeline as exc:  # not logged here: `publish` reports it as an error
            return replace(source, problem=exc)

    def _refresh(self) -> None:
        changed = False
        for index, source in enumerate(self._sources):
            self._sources[index] = self._reloaded(source)  # the next ones see its new id
            changed = changed or self._sources[index] is not source
        if changed:
            self._snapshot = self._snap()

    def _reloaded(self, source: _Source) -> _Source:
        """The source brought up to date, or itself when nothing changed or the change broke it.

        A failure is logged once: the stamp (for a file) and the day (for a render) it failed
        with are recorded, and the next check tries again only when one of them moves.
        """
        timeline = source.timeline
        path = source.path
        if path is not None:
            try:
                stamp = change_stamp(path)
            except OSError as exc:
                if source.stamp != _GONE:
                    _log_unreadable(source, exc)
                return replace(source, stamp=_GONE)
            if stamp != source.stamp:
                source = replace(source, stamp=stamp)
                try:
                    data = read_served(path)
                    timeline = _guarded(source.label, parse_timeline, data, source.label)
                except OSError as exc:  # a directory now, or unreadable: once per change
                    _log_unreadable(source, exc)
                    return source
                except InvalidTimeline as exc:
                    _log_invalid(exc, _still(source))
                    return replace(source, problem=exc) if source.timeline is None else source
        if timeline is None:
            return source
        day = source.day
        try:
            day = self._day(source.label, timeline)
            return self._built(source, timeline, day)
        except InvalidTimeline as exc:
            _log_invalid(exc, _still(source))
            problem = exc if source.timeline is None else None
            return replace(source, day=day, problem=problem)  # not tried again for this day

    def _day(self, label: str, timeline: Timeline) -> pendulum.Date:
        """The fixed as-of day, else today in the timeline's zone."""
        return self._as_of or _guarded(label, self._today, timeline.timezone)

    def _built(self, source: _Source, timeline: Timeline, day: pendulum.Date) -> _Source:
        """`source` serving `timeline` as of its day, or itself when neither changed.

        Raises `InvalidTimeline`, located, whatever goes wrong: an exception from the resolver
        or a renderer included.
        """
        if timeline == source.timeline and day == source.day:
            return source
        others = [s for s in self._sources if s.name != source.name and s.timeline is not None]
        _check_unique(  # the ones already served keep their id
            [*(s.timeline_id for s in others), timeline.id],
            [*(s.label for s in others), source.label],
        )
        resolved = _guarded(source.label, self._resolve, timeline, day)
        feeds = _guarded(source.label, self._feeds, resolved, source.feeds)
        deadline = _guarded(source.label, next_deadline, resolved)
        if source.timeline is None or timeline != source.timeline:
            served = ", ".join(f"/{feed.name}" for feed in feeds)
            if source.timeline is not None or source.problem is not None:
                log.info("%s: reloaded; serving %s", source.label, served)
        return replace(
            source,
            timeline=timeline,
            day=day,
            feeds=feeds,
            timeline_id=timeline.id,
            problem=None,
            deadline=deadline,
        )

    def _resolve(self, timeline: Timeline, day: pendulum.Date) -> ResolvedTimeline:
        return resolve(timeline, day, hindsight=self._hindsight)

    def _feeds(self, resolved: ResolvedTimeline, old: tuple[Feed, ...]) -> tuple[Feed, ...]:
        """Each format's bytes; a feed whose bytes did not change is kept, Last-Modified too."""
        previous = {feed.name: feed for feed in old}
        feeds = []
        for extension, content_type in self._formats.items():
            name = f"{resolved.timeline.id}.{extension}"
            body = self._render(extension, [resolved], resolved.as_of)
            kept = previous.get(name)
            if kept is not None and kept.body == body and kept.content_type == content_type:
                feeds.append(kept)
                continue
            etag = hashlib.sha256(body).hexdigest()
            # Two changes within one second share a Last-Modified; their ETags still differ,
            # and If-None-Match takes precedence, so clients that send it are never misled.
            modified = self._clock().astimezone(dt.UTC).replace(microsecond=0)
            feeds.append(Feed(name, body, content_type, etag, modified))
        return tuple(feeds)

    def _snap(self) -> _Snapshot:
        files = {feed.name: feed for source in self._sources for feed in source.feeds}
        listings = tuple(
            Listing(
                s.timeline.id,
                s.timeline.title,
                s.timeline.description,
                tuple(feed.name for feed in s.feeds),
                s.deadline,
            )
            for s in self._sources
            if s.timeline is not None
        )
        unavailable = frozenset(
            f"{s.timeline_id}.{extension}"
            for s in self._sources
            if s.timeline is None
            for extension in self._formats
        )
        return _Snapshot(MappingProxyType(files), listings, unavailable - files.keys())


MAX_TIMELINE_BYTES = 64 << 20  # 64 MiB: a 100,000-event timeline is far less


def read_served(path: Path) -> bytes:
    """The bytes of the regular file at `path`, at most `MAX_TIMELINE_BYTES`; OSError naming
    why otherwise. Opened non-blocking, so a FIFO in its place never holds the reload."""
    return read_regular(path, MAX_TIMELINE_BYTES)


def _check_unique(ids: list[str], labels: list[str]) -> None:
    """Feeds are named by timeline id, so two timelines with one id cannot both be served."""
    first: dict[str, str] = {}
    for timeline_id, label in zip(ids, labels, strict=True):
        if timeline_id in first:
            message = (
                f"{timeline_id!r} is already the id of {first[timeline_id]}; feeds are named by id"
            )
            raise InvalidTimeline([Problem(message, None, "timeline.id")], label)
        first[timeline_id] = label


def _guarded(label: str, work: Callable[..., _T], *args: object) -> _T:
    """`work(*args)`, with any exception turned into a located `InvalidTimeline`.

    The one guard between user data and the server: the loader and resolver report what they
    foresee as `InvalidTimeline`; anything else (a ValueError from a year 0, an OverflowError
    from a renderer, a RecursionError from nesting) is a problem with that timeline too, and
    must not reach a request or stop the other timelines.
    """
    try:
        return work(*args)
    except InvalidTimeline as exc:
        raise exc if exc.source else exc.located(label) from None
    except Exception as exc:
        text = str(exc)
        if len(text) > _MESSAGE_LIMIT:
            text = text[:_MESSAGE_LIMIT] + "..."
        message = f"cannot be served ({type(exc).__name__}: {text})"
        raise InvalidTimeline([Problem(message)], label) from exc


def _presumed_id(data: bytes, name: str) -> str:
    """The id a timeline that does not load would be served under: its `timeline.id` if that
    much can be read, else its file name, so a client asking for it gets 503, not 404."""
    try:
        claimed = tomllib.loads(data.decode("utf-8"))["timeline"]["id"]
    except Exception:  # anything unreadable: fall back on the file name
        claimed = None
    if isinstance(claimed, str) and SLUG.match(claimed):
        return claimed
    return Path(name).name.removesuffix(".toml")


def _still(source: _Source) -> str:
    """The end of a problem's log line: what is served meanwhile."""
    if source.timeline is None:
        return "answering 503 until it is fixed"
    return "still serving the last good feeds"


def _log_unreadable(source: _Source, exc: OSError) -> None:
    log.error("%s: cannot read (%s); %s", source.label, exc.strerror, _still(source))


def _log_invalid(exc: InvalidTimeline, meanwhile: str) -> None:
    log.error("%s; %s", one_line(exc), meanwhile)


def one_line(exc: InvalidTimeline) -> str:
    """The first problem (file, event, field), and how to see the rest."""
    first, *rest = exc.lines()
    return f"{first} (and {len(rest)} more: run `tracker check {exc.source}`)" if rest else first
