"""The library's public face: what a program that uses the tracker imports, from one place.

Everything else in `tracker/` is arranged for the people who maintain it and may move between
releases; the names here stay, so `from tracker.api import load_timeline, resolve` keeps working
whatever the rooms behind it are called (docs/library.md imports from here only). The domain's
values and functions come from `events/`, which is public as it is.

>>> import pendulum
>>> inf = resolve(load_timeline("inf"), pendulum.date(2019, 1, 17))
>>> inf["withdrawal-effective"].days_until(inf.as_of)
197
"""

from __future__ import annotations

from events.dates import DateValue, Offset, day, parse_date_value
from events.model import Event, Revision, Source, Timeline
from events.problems import InvalidTimeline, NotYetKnown, UnknownEvent
from events.resolve import resolve
from events.resolved import ResolvedEvent, ResolvedTimeline
from events.rules import Expression, ExpressionError, parse_expression
from tracker.errors import (
    ClauseLibraryError,
    ClauseNotApplicable,
    ImportFailed,
    InvalidEdit,
    NotARegularFile,
    OneTimelineOnly,
    ReadOnlyTimeline,
    TimelineNotFound,
    TrackerError,
    UnknownClause,
    UsageProblem,
    WriteFailed,
)
from tracker.files.atomic import write_atomic
from tracker.files.clauses import find_clause, library
from tracker.files.load import load_timeline
from tracker.queries import open_timelines
from tracker.render.export import RENDERERS, export
from tracker.site.serve import FeedApp, make_app
from tracker.site.store import FeedStore

__all__ = [
    "RENDERERS",
    "ClauseLibraryError",
    "ClauseNotApplicable",
    "DateValue",
    "Event",
    "Expression",
    "ExpressionError",
    "FeedApp",
    "FeedStore",
    "ImportFailed",
    "InvalidEdit",
    "InvalidTimeline",
    "NotARegularFile",
    "NotYetKnown",
    "Offset",
    "OneTimelineOnly",
    "ReadOnlyTimeline",
    "ResolvedEvent",
    "ResolvedTimeline",
    "Revision",
    "Source",
    "Timeline",
    "TimelineNotFound",
    "TrackerError",
    "UnknownClause",
    "UnknownEvent",
    "UsageProblem",
    "WriteFailed",
    "day",
    "export",
    "find_clause",
    "library",
    "load_timeline",
    "make_app",
    "open_timelines",
    "parse_date_value",
    "parse_expression",
    "resolve",
    "write_atomic",
]
