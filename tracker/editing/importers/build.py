"""Imported events into timeline TOML: a new file, or an update of an existing one by UID.

An update matches an imported event to an event of the file by `uid`, or, for a UID of the
tool's own form that was mapped back, by event id. A matched event gets the imported title,
dates, status, description and sources; every other field and every comment stays. Imported
events that match nothing are added at the end, with ids made unique. Events of the file that
the import does not mention are left alone: importing never deletes.
"""

from __future__ import annotations

from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from tracker.editing.importers import Imported, ImportedEvent, ImportedSource, unique
from tracker.editing.toml import carry_over, date_value, parse_document

_UPDATED = ("title", "date", "end", "status", "description", "sources")


def new_timeline(imported: Imported, timeline_id: str) -> str:
    """A complete timeline file holding the imported events."""
    document = tomlkit.document()
    head = tomlkit.table()
    head.add("id", timeline_id)
    head.add("title", imported.title or timeline_id)
    document.add("timeline", head)
    events = tomlkit.aot()
    for event in imported.events:
        events.append(_table(event, event.id))
    document.add("event", events)
    return document.as_string()


def update_timeline(text: str, imported: Imported) -> str:
    """`text` with its events matched by UID updated and the others added."""
    document = parse_document(text)
    unchanged = document.as_string()
    if "event" not in document:
        document.append("event", tomlkit.aot())
    tables: AoT = document["event"]
    by_uid = {str(t["uid"]): t for t in tables if isinstance(t, Table) and "uid" in t}
    by_id = {str(t["id"]): t for t in tables if isinstance(t, Table) and "id" in t}
    taken = set(by_id)
    for event in imported.events:
        match = by_uid.get(event.uid) if event.uid else by_id.get(event.id)
        if match is None:
            tables.append(_table(event, unique(event.id, taken)))
        else:
            _update(match, _table(event, event.id))
    return carry_over(text, unchanged, document.as_string())


def _update(table: Table, new: Table) -> None:
    for key in _UPDATED:
        if key in new:
            if table.get(key) != new[key]:
                table[key] = new[key]
        elif key in table and key in ("end", "status", "description"):
            del table[key]


def _table(event: ImportedEvent, event_id: str) -> Table:
    table = tomlkit.table()
    table.trivia.indent = "\n"  # a blank line between events, as in a written file
    table.add("id", event_id)
    table.add("title", event.title)
    table.add("date", date_value(event.date))
    optional: list[tuple[str, Any]] = [
        ("end", date_value(event.end) if event.end else None),
        ("kind", event.kind),
        ("status", event.status),
        ("tags", list(event.tags) or None),
        ("uid", event.uid),
        ("description", event.description),
        ("sources", _sources(event.sources) if event.sources else None),
    ]
    for key, value in optional:
        if value is not None:
            table.add(key, value)
    return table


def _sources(sources: tuple[ImportedSource, ...]) -> Any:
    array = tomlkit.array()
    for source in sources:
        inline = tomlkit.inline_table()
        inline["title"] = source.title
        if source.url:
            inline["url"] = source.url
        if source.date:
            inline["date"] = tomlkit.date(source.date)
        if source.secondary:
            inline["secondary"] = True
        array.append(inline)
    return array.multiline(len(sources) > 1)  # one source a line, as the bundled files have
