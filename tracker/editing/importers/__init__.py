"""Reading other programs' files (iCalendar, the tool's own CSV) into a timeline file.

Each reader turns its format into `Imported`: plain records with the fields a timeline file
has, dates already written as the file writes them. `tracker.editing.importers.build` turns
those into TOML (a new file, or an update of an existing one matched by UID), which
`tracker.editing.write` checks and writes like every other edit. The readers know their format;
nothing else does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from events.dates import is_literal

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class ImportedSource:
    """A source as the file writes it."""

    title: str
    url: str | None = None
    date: str | None = None  # YYYY-MM-DD
    secondary: bool = False


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    """One event read from another file; `date` and `end` are written as in a timeline file
    (`2019-02-02`, `2018-10`, `~2019-02-01`, `2020-01-31T23:00:00Z`, or a rule)."""

    id: str
    title: str
    date: str
    end: str | None = None
    kind: str | None = None
    status: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[ImportedSource, ...] = ()
    description: str | None = None
    uid: str | None = None


@dataclass(frozen=True, slots=True)
class Imported:
    """What a reader found: a suggested id and title for the timeline, and its events."""

    timeline_id: str | None
    title: str | None
    events: tuple[ImportedEvent, ...] = field(default_factory=tuple)


def slug(text: str, fallback: str = "event") -> str:
    """An id made from free text: lower case, runs of anything else become one hyphen; never
    empty and never something that reads as a date (rules could not name it).

    >>> slug("Talks in Geneva (2nd round)")
    'talks-in-geneva-2nd-round'
    >>> slug("2019")
    'event-2019'
    """
    made = _NOT_SLUG.sub("-", text.lower()).strip("-")[:60].strip("-")
    if not made:
        return fallback
    return f"{fallback}-{made}" if is_literal(made) else made


def unique(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever is not taken yet; records it."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    taken.add(candidate)
    return candidate
