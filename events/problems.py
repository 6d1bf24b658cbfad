"""What can be wrong with a timeline, as data: the CLI decides how to print it and how to exit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pendulum


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a timeline, located as precisely as it can be.

    >>> str(Problem("Unknown event 'ultimatm'", event_id="deadline", field="date"))
    "event 'deadline', field 'date': Unknown event 'ultimatm'"
    """

    message: str
    event_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = []
        if self.event_id is not None:
            where.append(f"event {self.event_id!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InvalidTimeline(ValueError):
    """A timeline with one or more problems; all of them are kept so `check` can list them all."""

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems = tuple(problems)
        self.source = source
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem, each naming the file (when known), the event and the field.

        A problem found many times (20,000 events with one id) is one line that says how many,
        in the place it was first found.

        >>> InvalidTimeline([Problem("duplicate id", "a", "id")] * 3, "t.toml").lines()
        ["t.toml: event 'a', field 'id': duplicate id (3 times)"]
        """
        prefix = f"{self.source}: " if self.source else ""
        counts = Counter(self.problems)
        return [
            f"{prefix}{problem}" + (f" ({count:,} times)" if count > 1 else "")
            for problem, count in counts.items()
        ]

    def located(self, source: str) -> InvalidTimeline:
        """The same problems, now knowing which file they are in."""
        return InvalidTimeline(self.problems, source)


class UnknownEvent(KeyError):
    """An event id that is not in the timeline, with the nearest ids for a "did you mean"."""

    def __init__(self, event_id: str, known: Iterable[str]) -> None:
        self.event_id = event_id
        self.suggestions = tuple(nearest(event_id, known))
        super().__init__(event_id)

    def __str__(self) -> str:
        return f"unknown event {self.event_id!r}{did_you_mean(self.suggestions)}"


class NotYetKnown(UnknownEvent):
    """An event the as-of day did not know of yet: a usage error, saying when it became known."""

    def __init__(self, event_id: str, known: pendulum.Date, as_of: pendulum.Date) -> None:
        super().__init__(event_id, ())
        self.known = known
        self.as_of = as_of

    def __str__(self) -> str:
        return (
            f"{self.event_id!r} was not yet known on {self.as_of.isoformat()}: it became known "
            f"on {self.known.isoformat()} (--hindsight shows it)"
        )


def nearest(word: str, known: Iterable[str]) -> list[str]:
    """The closest known word to a typo (a list: empty when nothing is close).

    >>> nearest("ultimatm", ["ultimatum", "geneva-talks"])
    ['ultimatum']
    """
    import difflib  # here: only an error that suggests a name pays for it

    return difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)


def shown(text: str, limit: int = 80) -> str:
    """User text quoted for a message: repr (so no control character reaches a terminal) and cut
    to `limit` characters (so a 100 KB value still makes a one-line message).

    >>> shown("Mars/Olympus"), shown("a" * 100, limit=5)
    ("'Mars/Olympus'", "'aaaaa…'")
    """
    return repr(text if len(text) <= limit else f"{text[:limit]}…")


def did_you_mean(suggestions: Iterable[str]) -> str:
    """The tail of an error message: empty, or "; did you mean 'x'?"."""
    options = [repr(s) for s in suggestions]
    if not options:
        return ""
    return f"; did you mean {' or '.join(options)}?"
