"""`tracker sync URL`: the feed store's third outlet, a CalDAV calendar the tracker writes into.

A subscribed feed is polled on the calendar's schedule (hours, up to a day for the big hosted
ones); a write over CalDAV (RFC 4791) is seen at once. Each event goes to the server as the
feed's own VEVENT (`tracker.render.formats.ics_events` cuts the rendered feed), so the feed and
the synced calendar never disagree.

Only what changed is written. Each event is stored with two properties of our own:
`X-TRACKER-HASH`, a hash of the event as rendered (servers re-serialise what they store, so the
bytes read back cannot be compared with the bytes written, but a property survives), and
`X-TRACKER-TIMELINE`, the timeline it came from. An event whose hash matches is left alone; an
event deleted is always one carrying the X-TRACKER-TIMELINE of a timeline being synced, so
nothing else in the user's calendar is ever touched.

Each event is one PUT (If-None-Match: * to create, If-Match: its ETag to replace) or one DELETE
(If-Match), so a sync stopped half-way leaves whole events only, and the next run, comparing
hashes again, completes it. This module is imported by the CLI at start-up (its errors become
exit codes there): the CalDAV client, `tracker.site.davcalendar`, is imported only by a sync.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from tracker.errors import BadTarget, SyncFailed

if TYPE_CHECKING:
    import pendulum

    from events.resolved import ResolvedTimeline
    from events.select import Selection
    from tracker.queries import Scope
    from tracker.site.davcalendar import DavCalendar

HASH = "X-TRACKER-HASH"
TIMELINE = "X-TRACKER-TIMELINE"
USER_ENV = "TRACKER_CALDAV_USER"
PASSWORD_ENV = "TRACKER_CALDAV_PASSWORD"
# 40 hex digits (160 bits) of SHA-256: ample against collisions, and the property's line stays
# within the 75 octets of an unfolded content line.
_DIGITS = 40

Action = Literal["add", "update", "delete", "unchanged"]
_DONE: dict[Action, str] = {
    "add": "added",
    "update": "updated",
    "delete": "deleted",
    "unchanged": "unchanged",
}


@dataclass(frozen=True, slots=True)
class Target:
    """A calendar collection's URL and the credentials to write into it."""

    url: str
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class Wanted:
    """One event as the server should hold it: the feed's VCALENDAR with our two properties."""

    uid: str
    timeline: str
    digest: str
    body: bytes


@dataclass(frozen=True, slots=True)
class Stored:
    """One event the server holds; `timeline` and `digest` are None for one we did not write."""

    uid: str
    url: str
    etag: str | None
    timeline: str | None
    digest: str | None


@dataclass(frozen=True, slots=True)
class Step:
    """What a sync does (or, with --dry-run, would do) to one event."""

    action: Action
    uid: str
    wanted: Wanted | None = None
    stored: Stored | None = None


def target(url: str, environ: Mapping[str, str] = os.environ) -> Target:
    """The calendar at `url` with its credentials: $TRACKER_CALDAV_USER and
    $TRACKER_CALDAV_PASSWORD, else the URL's host in the netrc file ($NETRC, else ~/.netrc).

    Never from the URL or a command-line argument, which other users see in `ps`: a password
    written in the URL is refused. Raises BadTarget.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadTarget(f"{url!r} is not a calendar URL like https://host/calendars/me/work/")
    if parts.password is not None:
        raise BadTarget(
            f"{parts.hostname}: a password in the URL shows in `ps` and shell history; "
            f"put it in ~/.netrc or ${PASSWORD_ENV}"
        )
    bare = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    user, password = environ.get(USER_ENV), environ.get(PASSWORD_ENV)
    if user is not None or password is not None:
        if user is None or password is None:
            missing = USER_ENV if user is None else PASSWORD_ENV
            raise BadTarget(f"${missing} is not set (the CalDAV credentials need both)")
        return Target(bare, user, password)
    login = _netrc_login(parts.hostname, environ)
    if login is None:
        raise BadTarget(
            f"no credentials for {parts.hostname}: add 'machine {parts.hostname} login USER "
            f"password PASSWORD' to ~/.netrc (or $NETRC), or set ${USER_ENV} and ${PASSWORD_ENV}"
        )
    return Target(bare, *login)


def _netrc_login(host: str, environ: Mapping[str, str]) -> tuple[str, str] | None:
    import netrc

    file = Path(environ.get("NETRC") or Path.home() / ".netrc")
    try:
        entry = netrc.netrc(str(file)).authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as exc:
        raise BadTarget(f"{file}, line {exc.lineno}: {exc.msg}") from None
    except OSError as exc:
        raise BadTarget(f"{file}: cannot be read ({exc.strerror})") from None
    if entry is None or not entry[2]:
        return None
    return entry[0], entry[2]


def wanted_events(resolved: Sequence[ResolvedTimeline], day: pendulum.Date) -> list[Wanted]:
    """Every event of these timelines as the feed of each renders it (`tracker export ics -t
    ID`), with our two properties; the hash is taken before they are added."""
    from tracker.render.export import export
    from tracker.render.formats.ics_events import split_feed, with_properties

    wanted = []
    for timeline in resolved:
        tid = timeline.timeline.id
        for event in split_feed(export("ics", [timeline], day)):
            digest = hashlib.sha256(event.body).hexdigest()[:_DIGITS]
            body = with_properties(event.body, {HASH: digest, TIMELINE: tid})
            wanted.append(Wanted(event.uid, tid, digest, body))
    return wanted


def plan(wanted: Sequence[Wanted], stored: Sequence[Stored], timelines: set[str]) -> list[Step]:
    """The steps that make the calendar hold exactly `wanted` for `timelines`: the wanted events
    in order, then the deletions. Raises SyncFailed, before anything is written, when a wanted
    UID is held by an event we did not write: it is the user's, and is never overwritten."""
    held = {event.uid: event for event in stored}
    steps = []
    for event in wanted:
        there = held.get(event.uid)
        if there is None:
            steps.append(Step("add", event.uid, event))
        elif there.timeline is None:
            raise SyncFailed(
                f"{event.uid}: the calendar already holds an event with this UID that tracker "
                "sync did not write; it is left alone, so this calendar cannot be synced"
            )
        elif there.digest == event.digest and there.timeline == event.timeline:
            steps.append(Step("unchanged", event.uid, event, there))
        else:
            steps.append(Step("update", event.uid, event, there))
    kept = {event.uid for event in wanted}
    steps += [
        Step("delete", event.uid, None, event)
        for event in sorted(stored, key=lambda event: event.uid)  # not the server's order
        if event.timeline in timelines and event.uid not in kept
    ]
    return steps


def run(
    calendar: DavCalendar,
    wanted: Sequence[Wanted],
    timelines: set[str],
    dry_run: bool = False,
    done: Callable[[Step], None] = lambda step: None,
) -> list[Step]:
    """Plan against what the calendar holds now, then carry the plan out (unless `dry_run`),
    one whole event per request; `done` is told of each step as it is made."""
    steps = plan(wanted, calendar.stored(), timelines)
    for step in steps:
        if not dry_run:
            calendar.apply(step)
        done(step)
    return steps


def step_line(step: Step) -> str:
    """How a step is listed: its action, then the event's UID."""
    return f"{step.action:<9} {step.uid}"


def summary(steps: Sequence[Step], url: str, dry_run: bool) -> str:
    """The last line of a sync: how many events each action touched."""
    counts = dict.fromkeys(_DONE, 0)
    for step in steps:
        counts[step.action] += 1
    done = ", ".join(f"{count} {_DONE[action]}" for action, count in counts.items())
    return f"{url}: {done}" + (" (dry run: nothing written)" if dry_run else "")


def sync_timelines(
    calendar: DavCalendar,
    scope: Scope,
    selection: Selection,
    *,
    remove: bool = False,
    dry_run: bool = False,
    echo: Callable[[str], None],
) -> str:
    """One sync of the scope's timelines into `calendar`, each step and a summary told to `echo`
    (an unchanged event only with `dry_run`). `remove`: delete every event synced from them.
    Returns the first timeline's zone, whose midnight turns the day for `--watch`."""
    from tracker.queries import open_timelines

    resolved, day = open_timelines(scope, selection)
    wanted = [] if remove else wanted_events(resolved, day)

    def told(step: Step) -> None:
        if dry_run or step.action != "unchanged":
            echo(step_line(step))

    ids = {timeline.timeline.id for timeline in resolved}
    steps = run(calendar, wanted, ids, dry_run, told)
    echo(summary(steps, calendar.url, dry_run))
    return resolved[0].timeline.timezone
