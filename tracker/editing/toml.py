"""Changes to a timeline file's text that keep everything they do not touch, byte for byte.

`add`, `move` and `cancel` edit the TOML with tomlkit, which keeps comments, key order, blank
lines and the spelling of every value it did not change (tomllib would lose them all). Each
function takes the file's text and returns the new text; checking and writing it is
`tracker.editing.write`'s job, so these stay pure and easy to test.

tomlkit is not quite byte-exact on its own: it drops the space between a date and the `}` or
`]` that closes an inline table or array (`date = 1987-12-08 }` comes back as `1987-12-08}`).
So the edit is made on tomlkit's document, and only what tomlkit's own rendering of the
document changed (the lines the edit inserted or replaced) is carried over into the original
text, line by line, event by event; every other line is the original's.

Where a new table goes: a comment or blank lines written just above the next `[[event]]`
belong, in tomlkit's model, to the table before it, though a reader sees them as the next
event's heading. A new revision is therefore put before that trailing block, which moves down
below it and keeps heading the event it was written for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pendulum
import tomlkit
from tomlkit.items import AoT, Comment, Table, Whitespace

from events.problems import InvalidTimeline, Problem, UnknownEvent

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class SourceLink:
    """A source given on the command line: a URL, with a title (else the URL itself)."""

    url: str
    title: str | None = None
    date: pendulum.Date | None = None

    def table(self) -> Any:
        """The inline table the file writes: `{ title = ..., url = ... }`."""
        inline = tomlkit.inline_table()
        inline.update({"title": self.title or self.url, "url": self.url})
        if self.date is not None:
            inline["date"] = tomlkit.date(self.date.isoformat())
        return inline


@dataclass(frozen=True, slots=True)
class NewEvent:
    """The fields of `tracker add`, named as in the file."""

    id: str
    title: str
    date: str
    end: str | None = None
    kind: str | None = None
    tags: Sequence[str] = ()
    rule: str | None = None
    sources: Sequence[SourceLink] = ()
    description: str | None = None


def date_value(text: str) -> Any:
    """A date as the file writes it: a TOML date for a plain day (`2019-02-02`), else the text
    (a vague date, a datetime with its zone, or a rule), quoted."""
    if _DAY.fullmatch(text):
        try:
            pendulum.Date.fromisoformat(text)
        except ValueError:
            return text  # 2019-02-30: left as text, so `check` names the field and the day
        return tomlkit.date(text)
    return text


def add_event(text: str, new: NewEvent) -> str:
    """`text` with `new` appended as the last `[[event]]`."""
    document = parse_document(text)
    unchanged = document.as_string()
    table = tomlkit.table()
    table.trivia.indent = "\n"  # a blank line above it, as between the events of a written file
    table.add("id", new.id)
    table.add("title", new.title)
    table.add("date", date_value(new.date))
    if new.end is not None:
        table.add("end", date_value(new.end))
    if new.kind is not None:
        table.add("kind", new.kind)
    if new.tags:
        table.add("tags", list(new.tags))
    if new.rule is not None:
        table.add("rule", new.rule)
    if new.description is not None:
        table.add("description", new.description)
    if new.sources:
        table.add("sources", _sources(new.sources))
    if "event" not in document:
        document.append("event", tomlkit.aot())
    document["event"].append(table)
    return carry_over(text, unchanged, document.as_string())


def add_revision(text: str, event_id: str, fields: Mapping[str, Any]) -> str:
    """`text` with a revision appended to the history of event `event_id`: history is only
    ever added to. `fields` are the revision's (`on`, `date`, `status`, `reason`, `rule`,
    `sources`) in the order the file shows them; None values are left out."""
    document = parse_document(text)
    unchanged = document.as_string()
    event = _event_table(document, event_id)
    revision = tomlkit.table()
    for key, value in fields.items():
        if value is None:
            continue
        if key == "sources":
            revision.add(key, _sources(value))
        elif key == "on":
            revision.add(key, tomlkit.date(value.isoformat()))
        elif key in ("date", "end"):
            revision.add(key, date_value(value))
        else:
            revision.add(key, value)
    history = event.get("revision")
    last = history[-1] if isinstance(history, AoT) and len(history) else event
    for item in _trailing_block(last):
        revision.add(item)
    if not isinstance(history, AoT):
        event.append("revision", tomlkit.aot())
    event["revision"].append(revision)
    return carry_over(text, unchanged, document.as_string())


def set_timeline_id(text: str, timeline_id: str) -> str:
    """`text` with the timeline's id replaced (`tracker copy ... NEW_ID`)."""
    document = parse_document(text)
    unchanged = document.as_string()
    document["timeline"]["id"] = timeline_id
    return carry_over(text, unchanged, document.as_string())


def carry_over(original: str, unchanged: str, edited: str) -> str:
    r"""Apply to `original` the lines that differ between tomlkit's renderings of the document
    before (`unchanged`) and after (`edited`) the edit, keeping every other original line.

    When tomlkit's rendering does not even have the original's lines one for one, its edited
    rendering is returned whole: still the same document, perhaps spaced differently.

    >>> carry_over("a = [1 ]\n", "a = [1]\n", "a = [1]\nb = 2\n")
    'a = [1 ]\nb = 2\n'
    """
    old_lines = original.splitlines(keepends=True)
    before = unchanged.splitlines(keepends=True)
    after = edited.splitlines(keepends=True)
    if len(old_lines) != len(before):
        return edited
    old_chunks, before_chunks = _chunks(old_lines, before), _chunks(before, before)
    after_chunks = _chunks(after, after)
    result: list[str] = []
    for index, new in enumerate(after_chunks):
        if index >= len(before_chunks):
            result.extend(new)  # an event added after the last one
        elif new == before_chunks[index]:
            result.extend(old_chunks[index])  # untouched: the original's bytes
        else:
            result.extend(_merged(old_chunks[index], before_chunks[index], new))
    for index in range(len(after_chunks), len(before_chunks)):
        result.extend(_merged(old_chunks[index], before_chunks[index], []))
    return "".join(result)


# An edit changes one event (add, move, cancel) or many in place (import --update), and adds
# events only at the end; it never moves one. So the renderings are compared event by event,
# each `[[event]]` section with the same section of the other, and only a section that differs
# is diffed line by line: time linear in the file, where one diff of the whole file is quadratic
# in its repeated lines (10,000 events took 30 s to `add` to).
_SECTION = re.compile(r"\s*\[\[\s*event\s*\]\]")


def _chunks(lines: list[str], rendered: list[str]) -> list[list[str]]:
    """`lines` cut where `rendered` (the same number of lines, or `lines` itself) starts an
    `[[event]]` section: the head, then each event with whatever follows it."""
    cuts = [0, *(n for n, line in enumerate(rendered) if n and _SECTION.match(line))]
    return [lines[start:end] for start, end in zip(cuts, [*cuts[1:], len(lines)], strict=True)]


def _merged(old_lines: list[str], before: list[str], after: list[str]) -> list[str]:
    """One section: `after`, with the original's spelling of every line it kept."""
    import difflib

    result: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        result.extend(old_lines[i1:i2] if tag == "equal" else after[j1:j2])
    return result


def parse_document(text: str) -> tomlkit.TOMLDocument:
    """The text as tomlkit's document; TOML it cannot read is an `InvalidTimeline`."""
    from tomlkit.exceptions import ParseError

    try:
        return tomlkit.parse(text)
    except ParseError as exc:
        raise InvalidTimeline([Problem(f"not valid TOML: {exc}")]) from None


def _event_table(document: tomlkit.TOMLDocument, event_id: str) -> Table:
    events = document.get("event")
    tables = [t for t in events if isinstance(t, Table)] if isinstance(events, AoT) else []
    for table in tables:
        if table.get("id") == event_id:
            return table
    raise UnknownEvent(event_id, [str(t.get("id")) for t in tables if "id" in t])


def _trailing_block(table: Table) -> list[Comment | Whitespace]:
    """Remove and return the comments and blank lines after a table's last key: they head
    whatever follows it in the file."""
    body = table.value.body
    block: list[Comment | Whitespace] = []
    while body and body[-1][0] is None:
        item = body[-1][1]
        if not isinstance(item, Comment | Whitespace):
            break
        body.pop()
        block.insert(0, item)
    return block


def _sources(sources: Sequence[SourceLink]) -> Any:
    array = tomlkit.array()
    for source in sources:
        array.append(source.table())
    return array
