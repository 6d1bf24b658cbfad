"""`tracker checked`: the record's horizon (`updated`) moved to the day the user re-checked it.

`updated` is the last day the record was checked against its sources; a date that has come
since is "unconfirmed" until it is checked again (events/known.py). The day is the as-of day,
else today in the timeline's zone, and the edit goes the way of every edit
(`tracker.editing.write.edit_path`), keeping the line's comment (`tracker.editing.toml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pendulum

from tracker.clock import today_in
from tracker.editing.toml import set_updated
from tracker.editing.write import edit_path, editable_file
from tracker.errors import BackwardsCheck
from tracker.files.load import read_timeline


@dataclass(frozen=True, slots=True)
class Checked:
    """Where `tracker checked` wrote, the day, and the `updated` it replaced."""

    path: Path
    day: pendulum.Date
    was: pendulum.Date | None


def mark_checked(name: str, as_of: pendulum.Date | None) -> Checked:
    """Move the timeline's horizon (`updated`) to `as_of`, else today in its zone: the user has
    checked the record against its sources. A day before the current `updated` is refused
    (`BackwardsCheck`): a record is not checked into the past."""
    path = editable_file(name)
    outcome: list[Checked] = []

    def change(text: str) -> str:
        timeline = read_timeline(text.encode("utf-8"), str(path)).timeline
        day = as_of or _today(timeline.timezone)
        if timeline.updated is not None and timeline.updated > day:
            raise BackwardsCheck(path, timeline.updated, day)
        outcome.append(Checked(path, day, timeline.updated))
        return set_updated(text, day)

    edit_path(path, change, as_of)
    return outcome[0]


def _today(zone: str) -> pendulum.Date:
    """Today in the timeline's zone; in UTC for one that is not a zone (the check says so)."""
    try:
        return today_in(zone)
    except (KeyError, ValueError):
        return today_in("UTC")
