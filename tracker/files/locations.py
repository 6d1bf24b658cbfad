"""Which timelines a command reads, and where each one's file is, found without reading it.

`-t NAME` is a file path; else the id of one of the user's timelines (`ID.toml` in the home);
else the id of a bundled one (`events/catalog/ID.toml`). `tracker.files.load.locate` reads what this
finds, and the quick path of `tracker until` hashes it, so both agree on which file a name
means. The module imports nothing heavy (no pendulum, no TOML parser) for that reason.

The bundled catalog is found beside `events/__init__.py` when the package is a folder, as it is
in any ordinary install; `importlib.resources` (which pulls in `zipfile`) is used only when the
package is inside a zip archive.
"""

from __future__ import annotations

import os
from pathlib import Path

import events
from events.ids import SLUG
from tracker.files.home import find_user_file

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing costs the quick path
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

CATALOG = "events.catalog"
DEFAULT_TIMELINE = "inf"
ENV_TIMELINE = "TRACKER_TIMELINE"


def environment_timelines() -> tuple[str, ...]:
    """$TRACKER_TIMELINE: one timeline, or several separated like $PATH (`inf:my treaty.toml`), so
    a path with spaces works."""
    value = os.environ.get(ENV_TIMELINE, "")
    return tuple(name for name in value.split(os.pathsep) if name.strip())


def timeline_names(given: tuple[str, ...]) -> tuple[str, ...]:
    """The timelines a command reads: the -t ones, else $TRACKER_TIMELINE's, else the default."""
    return given or environment_timelines() or (DEFAULT_TIMELINE,)


def catalog_folder() -> Traversable:
    """The folder of bundled timelines: a plain path, unless the package is zipped."""
    folder = Path(events.__file__).parent / "catalog"
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files(CATALOG)


def bundled_ids() -> list[str]:
    """Ids of the timelines shipped in `events/catalog`, sorted."""
    return sorted(
        p.name.removesuffix(".toml") for p in catalog_folder().iterdir() if p.name.endswith(".toml")
    )


def timeline_file(name: str) -> Traversable | None:
    """The file `-t name` reads: a file path, the user's `ID.toml`, or a bundled one; None when
    there is none. Raises OSError for a name the system cannot look up (longer than it allows).
    """
    if Path(name).is_file():
        return Path(name)
    mine = find_user_file(name)
    if mine is not None:
        return mine
    if SLUG.match(name) and name in bundled_ids():
        return catalog_folder().joinpath(f"{name}.toml")
    return None


def changing_file(name: str) -> Path | None:
    """The file behind `-t name` that may change while a server runs: a path, or the user's
    `ID.toml` for an id of theirs (found as `timeline_file` finds it, so a server watches the
    very file it read); None for a bundled timeline, which never changes, or no file at all."""
    if Path(name).is_file():
        return Path(name)
    return find_user_file(name)
