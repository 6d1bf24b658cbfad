"""Changes to a timeline file's text that keep everything they do not touch, byte for byte.

`add`, `move` and `cancel` edit the TOML with tomlkit, which keeps comments, key order, blank
lines and the spelling of every value it did not change (tomllib would lose them all). Each
function takes the file's text and returns the new text; checking and writing it is
`tracker.editing.write`'s job, so these stay pure and easy to test.

tomlkit is not quite byte-exact on its own: it drops the space between a date and the `}` or
`]` that closes an inline table or array (`date = 1987-12-08 }` comes back as `1987-12-08}`).
So the edit is made on tomlkit's document, and only what tomlkit's own rendering of the
document changed (the lines the edit inserted or replaced) is carried over into the original
text, line by line; every other line is the original's.

Where a new table goes: a comment or blank lines written just above the next `[[event]]`
belong, in tomlkit's model, to the table before it, though a reader sees them as the next
event's heading. A new revision is therefore put before that trailing block, which moves down
below it and keeps heading the event it was written for.
"""

from __future__ import annotations

import bisect
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
    known: pendulum.Date | None = None


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
    if new.known is not None:  # without it the loader infers the day, as for any event
        table.add("known", tomlkit.date(new.known.isoformat()))
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
    for item in _trailing_block(_last_table(event)):
        revision.add(item)
    if not isinstance(history, AoT):
        event.append("revision", tomlkit.aot())
    event["revision"].append(revision)
    return carry_over(text, unchanged, document.as_string())


def remove_event(text: str, event_id: str) -> str:
    """`text` without event `event_id`, and without its leading comment block: the comment
    lines just above its `[[event]]`, up to a blank line, which a reader takes as its heading.
    Comments further up, and the block heading the next event, stay where they are. Whether
    other events read it is the caller's question (`tracker.editing.remove`)."""
    document = parse_document(text)
    unchanged = document.as_string()
    events = document["event"]
    table = _event_table(document, event_id)
    index = next(i for i, item in enumerate(events) if item is table)
    previous = events[index - 1] if index else _table_before(document, "event")
    tail = _trailing_block(_last_table(table))  # heads the next event: it stays
    if previous is not None:
        kept = _trailing_block(_last_table(previous))
        while kept and isinstance(kept[-1], Comment):  # the removed event's heading
            kept.pop()
        while kept and isinstance(kept[-1], Whitespace):  # the tail brings its own blank line
            kept.pop()
        for item in [*kept, *tail]:
            _last_table(previous).add(item)
    del events[index]
    if not len(events):
        del document["event"]  # tomlkit would write `event = []`
    return carry_over(text, unchanged, document.as_string())


def set_updated(text: str, day: pendulum.Date) -> str:
    """`text` with the timeline's `updated` set to `day`, its comment kept; written after the
    header's last key when the file has none."""
    document = parse_document(text)
    unchanged = document.as_string()
    header = document.get("timeline")
    if not isinstance(header, Table):
        raise InvalidTimeline([Problem("no [timeline] table to record the day in")])
    value = tomlkit.date(day.isoformat())
    if "updated" in header:
        header["updated"] = value
    else:
        block = _trailing_block(header)
        header.add("updated", value)
        for item in block:
            header.add(item)
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
    result: list[str] = []
    j = 0
    for a, b in [*matched_lines(before, after), (len(before), len(after))]:
        result.extend(after[j:b])  # what the edit inserted or replaced, as tomlkit wrote it
        result.extend(old_lines[a : a + 1])  # a line both renderings share: the original's
        j = b + 1
    return "".join(result)


def matched_lines(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """The lines of `a` and `b` paired as unchanged, in order: a patience diff.

    A timeline repeats lines by the thousand (`kind = "deadline"`, blank lines, `[[event]]`), on
    which difflib's matcher is quadratic: `add` to a 10,000-event file took half a minute.
    Patience diff anchors on lines that occur once in each side (event ids make most edits
    rich in them), keeps the longest run of anchors in the same order, and matches common
    first and last lines around each anchor: time about linear in the file. An edit is a few
    contiguous changes, which it finds exactly; where no line anchors a stretch, the stretch is
    taken as replaced, still a correct (if larger) change.

    >>> matched_lines(["x", "a", "b"], ["x", "a", "new", "b"])
    [(0, 0), (1, 1), (2, 3)]
    """
    pairs: list[tuple[int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        a0, a1, b0, b1 = stack.pop()
        while a0 < a1 and b0 < b1 and a[a0] == b[b0]:
            pairs.append((a0, b0))
            a0, b0 = a0 + 1, b0 + 1
        while a0 < a1 and b0 < b1 and a[a1 - 1] == b[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
            pairs.append((a1, b1))
        anchors = _anchors(a, a0, a1, b, b0, b1)
        for a_at, b_at in anchors:  # the stretches between anchors, each diffed on its own
            stack.append((a0, a_at, b0, b_at))
            pairs.append((a_at, b_at))
            a0, b0 = a_at + 1, b_at + 1
        if anchors:
            stack.append((a0, a1, b0, b1))
    pairs.sort()
    return pairs


def _anchors(
    a: Sequence[str], a0: int, a1: int, b: Sequence[str], b0: int, b1: int
) -> list[tuple[int, int]]:
    """Lines found exactly once in a[a0:a1] and once in b[b0:b1], longest run in order (the
    patience sort's longest increasing subsequence, O(n log n))."""
    once_a = _once(a, a0, a1)
    once_b = _once(b, b0, b1)
    common = sorted((i, once_b[line]) for line, i in once_a.items() if line in once_b)
    # longest increasing subsequence of the b positions, by patience sorting
    tails: list[int] = []  # tails[k]: index into common of the smallest tail of a run of k+1
    tail_values: list[int] = []  # the b position of each of those tails, for bisect
    previous = [-1] * len(common)
    for index, (_, b_at) in enumerate(common):
        k = bisect.bisect_left(tail_values, b_at)
        if k:
            previous[index] = tails[k - 1]
        if k == len(tails):
            tails.append(index)
            tail_values.append(b_at)
        else:
            tails[k] = index
            tail_values[k] = b_at
    run: list[tuple[int, int]] = []
    at = tails[-1] if tails else -1
    while at != -1:
        run.append(common[at])
        at = previous[at]
    return run[::-1]


def _once(lines: Sequence[str], start: int, stop: int) -> dict[str, int]:
    """Each line that occurs exactly once in lines[start:stop], with its index."""
    seen: dict[str, int] = {}
    repeated: set[str] = set()
    for index in range(start, stop):
        line = lines[index]
        if line in seen:
            repeated.add(line)
        else:
            seen[line] = index
    return {line: index for line, index in seen.items() if line not in repeated}


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


def _last_table(event: Table) -> Table:
    """The table an event's text ends in: its last revision's, if it has any."""
    history = event.get("revision")
    return history[-1] if isinstance(history, AoT) and len(history) else event


def _table_before(document: tomlkit.TOMLDocument, key: str) -> Table | None:
    """The table written just before the array of tables `key` (the header, usually)."""
    previous = None
    for name, item in document.body:
        if name is not None and name.key == key:
            return previous
        previous = item if isinstance(item, Table) else None
    return None


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
