"""The application's errors, in one place, each knowing the exit code the command line gives it.

As in icalendar's `error.py`, every error is an ordinary `ValueError` or `LookupError` that
carries its data and composes a message a user can act on; the command line turns any of them
into that message on standard error and `exit_code` (the README's table): 1 when the data or the
outside world is wrong (a timeline that does not check, a file that cannot be written), 2 when
what was asked makes no sense (an unknown id, options that do not fit together). A traceback is
a bug, so a new failure gets a class here rather than a bare exception deep in the code.

The domain's own errors (`events.problems.InvalidTimeline`, exit 1, and `UnknownEvent`, exit 2)
stay in `events/`, which knows nothing of exit codes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from events.problems import did_you_mean, nearest


class TrackerError(Exception):
    """Something the user must fix in their data or their surroundings: exit 1."""

    exit_code: ClassVar[int] = 1


class UsageProblem(TrackerError, ValueError):
    """Options that make no sense together: exit 2, as for click's own usage errors."""

    exit_code = 2


class TimelineNotFound(UsageProblem, LookupError):
    """Neither a file, nor one of the user's timelines, nor a bundled one; with the nearest ids."""

    def __init__(self, name: str, what: str | None = None) -> None:
        # The ids are looked up only when a name is not found: both are on the quick path anyway.
        from tracker.files.home import user_ids
        from tracker.files.locations import bundled_ids

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


class ReadOnlyTimeline(UsageProblem):
    """An editing command aimed at a bundled timeline."""

    def __init__(self, timeline_id: str) -> None:
        super().__init__(
            f"{timeline_id}: a bundled timeline is read-only; "
            f"`tracker copy {timeline_id}` makes a copy of your own to edit"
        )


class NotARegularFile(UsageProblem):
    """The path names something other than a regular file; nothing was touched."""

    def __init__(self, path: str | Path, kind: str) -> None:
        super().__init__(f"{path}: is {kind}, not a regular file; nothing was written")
        self.path = str(path)
        self.kind = kind


class UnknownClause(UsageProblem, LookupError):
    """A clause id that is not in the library, with the nearest ids for a "did you mean"."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.suggestions = nearest(name, known)
        super().__init__(name)

    def __str__(self) -> str:
        hint = did_you_mean(self.suggestions)
        return f"unknown clause {self.name!r}{hint} (tracker clause lists them)"


class OneTimelineOnly(UsageProblem):
    """A page shows one timeline; several would need a page each."""


class AlreadyExists(UsageProblem):
    """`new`, `copy` or `import` aimed at a file that exists: a usage error, since only another
    name or an explicit update makes sense; `hint` says which."""

    def __init__(self, path: str | Path, hint: str) -> None:
        super().__init__(f"{path}: already exists; {hint}; nothing was written")
        self.path = str(path)


class WriteFailed(TrackerError, ValueError):
    """A file could not be read, locked or written, or changed meanwhile; nothing was written."""


class ChangedMeanwhile(WriteFailed):
    """Someone else saved the file after the edit read it: nothing written, theirs kept."""


class InvalidEdit(TrackerError, ValueError):
    """The edit would leave the timeline invalid: every problem, one a line."""

    def __init__(self, lines: list[str]) -> None:
        self.problems = list(lines)
        self.lines = [*lines, "nothing was written"]
        super().__init__("\n".join(self.lines))


class BadTarget(UsageProblem):
    """A sync's URL or credentials cannot be used (a password written in the URL, no netrc
    entry): nothing was sent."""


class SyncFailed(TrackerError, RuntimeError):
    """The CalDAV server could not be reached or refused a request: one line naming the server
    or the event."""


class ImportFailed(TrackerError, ValueError):
    """The file cannot be imported (malformed, wrong columns, recurring events): one line naming
    the file and what is wrong; nothing is written."""


class ClauseLibraryError(TrackerError, ValueError):
    """The bundled clause library does not read: every problem, one per line."""


class ClauseNotApplicable(TrackerError, ValueError):
    """An event cites a clause whose effective date cannot be computed from its notice alone."""


class EventInUse(TrackerError, ValueError):
    """`tracker remove` of an event that other events read: they are named, nothing is written."""

    def __init__(self, path: Path, event_id: str, dependants: list[str]) -> None:
        self.event_id = event_id
        self.dependants = dependants
        super().__init__(
            f"{path}: event {event_id!r} is read by {', '.join(dependants)}; change or remove "
            "them first; nothing was written"
        )


class BackwardsCheck(UsageProblem):
    """`tracker checked` as of a day before the timeline's `updated`."""

    def __init__(self, path: Path, updated: date, day: date) -> None:
        super().__init__(
            f"{path}: updated is {updated}, after {day}: a record is not checked backwards; "
            "nothing was written"
        )
