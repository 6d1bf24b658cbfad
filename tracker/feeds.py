"""The feeds of a set of timelines, rendered once per change and held in memory.

`tracker serve` answers every request from here and `tracker publish` writes what is here, so a
feed is the same bytes whichever way it leaves. Rendering happens only when a timeline file
changed on disk (its mtime or size) or the as-of day turned over; a request never renders. A file
that breaks keeps its last good feeds served, and the problem is logged once, as one line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import pendulum

from events.model import Timeline
from events.problems import InvalidTimeline, Problem
from events.resolve import ResolvedTimeline, resolve
from tracker.clock import now_utc, today_in
from tracker.export import export
from tracker.load import display_name, every_timeline_name, load_timeline, parse_timeline
from tracker.render.index import Listing

log = logging.getLogger("tracker.feeds")

Render = Callable[[str, Sequence[ResolvedTimeline], pendulum.Date], bytes]

# Extension -> Content-Type of every file a timeline is published as.
FORMATS: Mapping[str, str] = MappingProxyType(
    {"ics": "text/calendar; charset=utf-8", "json": "application/json"}
)

# How often, at most, files are stat'ed and the day compared: cheap, and quick enough for a
# person who saves a file and reloads the page.
CHECK_INTERVAL = 1.0

_GONE = (-1, -1)  # the stamp of a file that could not be stat'ed: logged once until it is back


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
    stamp: tuple[int, int] | None  # (mtime_ns, size) when last read
    timeline: Timeline  # the last good one
    day: pendulum.Date  # the as-of day last rendered, or tried and logged as failing
    feeds: tuple[Feed, ...]


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Everything a request reads, swapped whole so readers never take a lock."""

    files: Mapping[str, Feed]
    listings: tuple[Listing, ...]


class FeedStore:
    """Renders each timeline's feeds, and renders them again only when the timeline changed.

    `names` are timeline files or ids, as `-t` takes them; none means every timeline, the
    user's and the bundled ones. The as-of day is `as_of`, else today in each timeline's own
    zone, so a feed served across midnight re-renders and its statuses turn from "scheduled" to
    "occurred".

    Raises `TimelineNotFound` for a name that is neither, and `InvalidTimeline` for a timeline
    that cannot be served at start (there is no last good feed to fall back on yet), or for two
    timelines with the same id (feeds are named by id).
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
    ) -> None:
        self._as_of = as_of
        self._render = render
        self._formats = dict(formats)
        self._today = today
        self._clock = clock
        self._interval = interval
        self._lock = threading.Lock()
        self._next_check = time.monotonic() + interval
        self._sources = [self._open(name) for name in dict.fromkeys(names or every_timeline_name())]
        _check_unique([s.timeline.id for s in self._sources], [s.label for s in self._sources])
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
        path = Path(name)
        if path.is_file():
            stamp = _stamp(path)
            timeline = parse_timeline(path.read_bytes(), name)
        else:
            path, stamp, timeline = None, None, load_timeline(name)  # raises TimelineNotFound
        label = display_name(name)
        day = self._as_of or self._today(timeline.timezone)
        try:
            resolved = resolve(timeline, day)
        except InvalidTimeline as exc:
            raise exc.located(label) from None
        return _Source(name, label, path, stamp, timeline, day, self._feeds(resolved, ()))

    def _refresh(self) -> None:
        changed = False
        for index, source in enumerate(self._sources):
            self._sources[index] = self._reloaded(source)  # the next ones see its new id
            changed = changed or self._sources[index] is not source
        if changed:
            self._snapshot = self._snap()

    def _reloaded(self, source: _Source) -> _Source:
        """The source brought up to date, or itself when nothing changed or the change broke it."""
        timeline = source.timeline
        stamp = source.stamp
        if source.path is not None:
            try:
                stamp = _stamp(source.path)
                if stamp != source.stamp:
                    timeline = parse_timeline(source.path.read_bytes(), source.label)
            except OSError as exc:
                if source.stamp != _GONE:
                    log.error(
                        "%s: cannot read (%s); still serving the last good feeds",
                        source.label,
                        exc.strerror,
                    )
                return replace(source, stamp=_GONE)
            except InvalidTimeline as exc:
                _log_invalid(exc)
                return replace(source, stamp=stamp)
        day = self._as_of or self._today(timeline.timezone)
        if timeline == source.timeline and day == source.day:
            return source if stamp == source.stamp else replace(source, stamp=stamp)
        try:
            others = [other for other in self._sources if other is not source]
            _check_unique(
                [timeline.id, *(s.timeline.id for s in others)],
                [source.label, *(s.label for s in others)],
            )
            feeds = self._feeds(resolve(timeline, day), source.feeds)
        except InvalidTimeline as exc:
            _log_invalid(exc.located(source.label))
            return replace(source, stamp=stamp, day=day)  # tried for this day: not again
        except Exception:  # a renderer's bug must not take down the feeds already served
            log.exception("%s: rendering failed; still serving the last good feeds", source.label)
            return replace(source, stamp=stamp, day=day)
        if timeline != source.timeline:
            served = ", ".join(f"/{feed.name}" for feed in feeds)
            log.info("%s: reloaded; serving %s", source.label, served)
        return replace(source, stamp=stamp, timeline=timeline, day=day, feeds=feeds)

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
            )
            for s in self._sources
        )
        return _Snapshot(MappingProxyType(files), listings)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


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


def _log_invalid(exc: InvalidTimeline) -> None:
    """One line: the first problem (file, event, field), and how to see the rest."""
    first, *rest = exc.lines()
    more = f" (and {len(rest)} more: run `tracker check {exc.source}`)" if rest else ""
    log.error("%s%s; still serving the last good feeds", first, more)
