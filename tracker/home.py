"""Where the user's own timelines live: `ID.toml` files directly in one folder, the home.

The home is `$TRACKER_HOME` when set, else the platform's user data folder as `platformdirs`
knows it (XDG on Linux, Application Support on macOS, AppData on Windows), so a user never has to
choose one. A user's timeline shadows a bundled one with the same id: `-t ID` reads the user's,
and every command that covers "all timelines" lists it instead of the bundled one.

`platformdirs` is imported only when `$TRACKER_HOME` is unset, and only when a name has to be
looked up, so `tracker until -t file.toml` never pays for it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from events.rules import SLUG

ENV_HOME = "TRACKER_HOME"
APP_NAME = "withdrawal-tracker"
SCHEMA_NAME = "timeline.schema.json"


def home_dir() -> Path:
    """The folder holding the user's timelines ($TRACKER_HOME, else the user data folder); it
    may not exist yet: only commands that write create it."""
    given = os.environ.get(ENV_HOME, "").strip()
    if given:
        return Path(given).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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


@dataclass(frozen=True, slots=True)
class Entry:
    """One timeline `list` shows: its id, the name `-t` takes, and whose it is.

    `path` is the user's file, or None for a bundled timeline; `shadowed` says a user's
    timeline has the same id as a bundled one (on the user's entry) or that the bundled one is
    hidden by it (on the bundled entry).
    """

    timeline_id: str
    path: Path | None
    shadowed: bool = False

    @property
    def name(self) -> str:
        """What `-t` and `load_timeline` take for it: the user's file path, or the bundled id."""
        return str(self.path) if self.path is not None else self.timeline_id


def entries(bundled: list[str], names: Sequence[str] = ()) -> list[Entry]:
    """The user's timelines, then the bundled ones (given by the caller, which reads the
    catalog), each marked when the same id is in both; or, when `names` are given (`-t`),
    exactly those: a file or a user's id as the user's, anything else as bundled."""
    if names:
        return [_entry(name) for name in names]
    mine = user_ids()
    found = [Entry(i, user_file(i), i in bundled) for i in mine]
    found += [Entry(i, None, i in mine) for i in bundled]
    return found


def _entry(name: str) -> Entry:
    path = Path(name) if Path(name).is_file() else find_user_file(name)
    return Entry(path.stem if path is not None else name, path)


def every_timeline(bundled: list[str]) -> list[str]:
    """The names of every timeline a user has: their files first, then each bundled id that
    none of them shadows (`next --all`, `serve` and `publish` with no -t)."""
    return [e.name for e in entries(bundled) if e.path is not None or not e.shadowed]
