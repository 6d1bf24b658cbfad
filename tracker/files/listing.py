"""Every timeline a user has: their own (in the home), then the bundled ones, each marked when
one shadows the other. What `list` shows, and what `next --all`, `serve` and `publish` cover.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.files.home import find_user_file, user_file, user_ids


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
