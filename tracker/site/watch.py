"""`tracker sync --watch`: sync again whenever a timeline file changes or the day turns.

The files are polled, (mtime, size, ctime, inode) every half second: no watcher library, no
platform API, and every way a file can change is seen, an atomic rename by `tracker move`
(a new inode) as much as an editor writing in place within one mtime tick (the size or ctime).
A poll is a few `stat` calls, so a moved deadline reaches the calendar about half a second after
the file is written, plus the sync itself.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pendulum

from events.problems import InvalidTimeline
from tracker.clock import today_in
from tracker.errors import BadTarget, SyncFailed, TimelineNotFound
from tracker.files.locations import timeline_file
from tracker.files.reading import change_stamp

INTERVAL = 0.5  # seconds between polls
RETRY = 30.0  # seconds before a sync the server refused is tried again, with no change seen

Stamp = tuple[int, ...] | None  # None: gone (for now)


def watch(
    names: Sequence[str],
    as_of: pendulum.Date | None,
    once: Callable[[], str],
    report: Callable[[str], None],
    stop: threading.Event,
    interval: float = INTERVAL,
    retry: float = RETRY,
) -> None:
    """Call `once` (a sync, returning the zone whose day it used) now, then whenever the files
    of `names` or the day change, until `stop` is set.

    The first sync's errors are raised (a wrong password should stop the command); later ones
    are reported as one line and the watch goes on: a broken timeline is tried again when its
    file changes, a server failure also after `retry` seconds.
    """
    paths = [found for name in names if isinstance(found := timeline_file(name), Path)]
    zone = once()
    seen = (_stamps(paths), as_of or today_in(zone))
    again: float | None = None  # when a failed sync is tried again with nothing changed
    while not stop.wait(interval):
        now = (_stamps(paths), as_of or today_in(zone))
        if now == seen and (again is None or time.monotonic() < again):
            continue
        seen, again = now, None
        try:
            zone = once()
        except InvalidTimeline as exc:
            report(exc.lines()[0])
        except (TimelineNotFound, BadTarget) as exc:
            report(str(exc))
        except SyncFailed as exc:
            report(f"{exc}; trying again in {retry:g} s")
            again = time.monotonic() + retry


@contextmanager
def stopped_by_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT (Ctrl-C) or SIGTERM, so the loop ends between two syncs, never
    half-way through one; the previous handlers are put back after."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _stamps(paths: Sequence[Path]) -> tuple[Stamp, ...]:
    return tuple(map(_stamp, paths))


def _stamp(path: Path) -> Stamp:
    """The server's own test of a change (`change_stamp`); a file gone is a stamp too, so its
    return is a change."""
    try:
        return change_stamp(path)
    except OSError:
        return None
