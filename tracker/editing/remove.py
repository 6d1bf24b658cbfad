"""`tracker remove`: an event deleted from the user's timeline, unless other events read it.

The timeline is read first (`events.dependants`): an event that a rule, a span or a revision of
another event reads is refused with the list, since removing it would leave rules naming
nothing. Otherwise the edit goes the way of every edit (`tracker.editing.write.edit_path`:
locked, checked, compared, replaced atomically) and `tracker.editing.toml.remove_event` keeps
every comment but the event's own heading.
"""

from __future__ import annotations

from pathlib import Path

import pendulum

from events.dependants import dependants
from tracker.editing.toml import remove_event
from tracker.editing.write import edit_path, editable_file
from tracker.errors import EventInUse
from tracker.files.load import read_timeline


def remove(name: str, event_id: str, as_of: pendulum.Date | None) -> Path:
    """Remove `event_id` from the user's timeline `name`; `EventInUse` (nothing written) when
    another event's rule, span or revision reads it."""
    path = editable_file(name)

    def change(text: str) -> str:
        found = dependants(read_timeline(text.encode("utf-8"), str(path)).timeline, event_id)
        if found:
            raise EventInUse(path, event_id, [str(d) for d in found])
        return remove_event(text, event_id)

    return edit_path(path, change, as_of)
