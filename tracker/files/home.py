"""Where the user's own timelines live: `ID.toml` files directly in one folder, the home.

The home is `$TRACKER_HOME` when set, else the platform's user data folder as `platformdirs`
knows it (XDG on Linux, Application Support on macOS, AppData on Windows), so a user never has to
choose one. A user's timeline shadows a bundled one with the same id: `-t ID` reads the user's,
and every command that covers "all timelines" lists it instead of the bundled one.

The folder is found without importing anything heavy (`tracker.files.userdirs`), because the quick
path of `tracker until` looks a name up here before anything else; what `list` and the commands
that cover every timeline make of the home is in `tracker.files.listing`.
"""

from __future__ import annotations

import os
from pathlib import Path

from events.ids import SLUG
from tracker.files.userdirs import user_data_dir

ENV_HOME = "TRACKER_HOME"
APP_NAME = "withdrawal-tracker"
SCHEMA_NAME = "timeline.schema.json"


def home_dir() -> Path:
    """The folder holding the user's timelines ($TRACKER_HOME, else the user data folder); it
    may not exist yet: only commands that write create it."""
    given = os.environ.get(ENV_HOME, "").strip()
    if given:
        return Path(given).expanduser()
    return Path(user_data_dir(APP_NAME))


def user_file(timeline_id: str) -> Path:
    """Where the user's timeline `timeline_id` is, or would be written."""
    return home_dir() / f"{timeline_id}.toml"


def find_user_file(name: str) -> Path | None:
    """The user's file for the id `name` if there is one (a regular file), else None."""
    if not SLUG.match(name):
        return None
    path = user_file(name)
    return path if path.is_file() else None


def user_ids() -> list[str]:
    """Ids of the user's timelines: every `ID.toml` in the home whose stem is an id, sorted."""
    try:
        entries = list(home_dir().iterdir())
    except OSError:
        return []  # no home yet (or unreadable): no timelines of one's own
    return sorted(
        path.stem
        for path in entries
        if path.suffix == ".toml" and SLUG.match(path.stem) and path.is_file()
    )
