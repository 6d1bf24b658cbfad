"""`tracker import FILE.csv`: the columns `tracker export csv` writes, read back.

A derived date comes back as its rule (the `expression` column), so it is derived again; an
approximate one gets its `~` back; `sources` (JSON) gives every source, else `source_url` the
first. Only an explicit status (cancelled, superseded, confirmed) is kept: the others are worked
out from the dates. Columns a spreadsheet adds are ignored; a missing one is an error naming it.

Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula, so the export puts a `'` before such text. Import removes exactly that `'` (one, and
only before one of those characters), so a title that really starts with `'` survives too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from events.model import EXPLICIT_STATUSES
from tracker.editing.importers import Imported, ImportedEvent, ImportedSource, slug
from tracker.errors import ImportFailed

REQUIRED = ("id", "date", "end", "title", "kind", "status", "approximate", "expression", "timeline")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def unprotect(cell: str) -> str:
    """Undo the spreadsheet-safety prefix of the export.

    >>> unprotect("'=1+1"), unprotect("'quoted'"), unprotect("-")
    ('=1+1', "'quoted'", '-')
    """
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA and cell[1:2] else cell


def read_csv(data: bytes, name: str, timeline_id: str | None) -> Imported:
    """The events of a CSV written by `tracker export csv` (one timeline)."""
    try:
        text = data.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFailed(f"{name}: not a CSV file ({exc}); nothing was written") from None
    header = list(rows[0]) if rows else next(csv.reader(io.StringIO(text)), [])
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise ImportFailed(
            f"{name}: missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(import reads the columns `tracker export csv` writes); nothing was written"
        )
    if not rows:
        raise ImportFailed(f"{name}: no events to import; nothing was written")
    timelines = sorted({unprotect(row["timeline"] or "") for row in rows})
    if len(timelines) > 1 and timeline_id is None:
        raise ImportFailed(
            f"{name}: events of several timelines ({', '.join(timelines)}); give --id to import "
            "them into one; nothing was written"
        )
    chosen = timeline_id or (timelines[0] if timelines[0] else slug(Path(name).stem))
    events = [_event(row, name, line) for line, row in enumerate(rows, start=2)]
    return Imported(chosen, None, tuple(events))


def _event(row: dict[str, str | None], name: str, line: int) -> ImportedEvent:
    cell = {key: unprotect(value or "") for key, value in row.items() if key is not None}
    if None in row.values():
        raise ImportFailed(f"{name}: line {line}: fewer cells than columns; nothing was written")
    date = cell["expression"] or cell["date"]
    if not cell["expression"] and cell["approximate"] == "true":
        date = f"~{date}"
    status = cell["status"] if cell["status"] in EXPLICIT_STATUSES else None
    return ImportedEvent(
        id=cell["id"],
        title=cell["title"],
        date=date,
        end=cell["end"] or None,
        kind=cell["kind"] or None,
        status=status,
        sources=_sources(cell, name, line),
    )


def _sources(cell: dict[str, str], name: str, line: int) -> tuple[ImportedSource, ...]:
    if cell.get("sources"):
        try:
            items = json.loads(cell["sources"])
            return tuple(_source(item) for item in _as_list(items))
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            raise ImportFailed(
                f"{name}: line {line}, column 'sources': not the JSON list the export writes "
                f"({reason}); nothing was written"
            ) from None
    url = cell.get("source_url")
    return (ImportedSource(url, url),) if url else ()


def _as_list(items: object) -> list[object]:
    if not isinstance(items, list):
        raise TypeError(f"a list of sources, not {type(items).__name__}")
    return items


def _source(item: object) -> ImportedSource:
    """One source as the export writes it: a title, and a web address and a day when known."""
    if not isinstance(item, dict) or not isinstance(item.get("title"), str):
        raise TypeError("each source is an object with a title")
    url, day = item.get("url"), item.get("date")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url {url!r} is not text")
    if day is not None and not (isinstance(day, str) and _DAY.fullmatch(day) and _real_day(day)):
        raise ValueError(f"date {day!r} is not a day written YYYY-MM-DD")
    return ImportedSource(item["title"], url, day, item.get("secondary") is True)


def _real_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
