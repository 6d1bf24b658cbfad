"""`tracker import`: read a calendar or CSV, build the timeline, write it through the one write
path (checked like `check`, atomic, never over an existing file unless updating)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from events.ids import id_problem, shown_id
from tracker.editing.importers import Imported
from tracker.editing.write import create, edit_path
from tracker.errors import AlreadyExists, ImportFailed, UsageProblem

READERS = (".ics", ".csv")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an import did: where it wrote, how many events it read, and whether it updated."""

    path: Path
    events: int
    updated: bool


def read_import(source: Path, timeline_id: str | None) -> Imported:
    """The events of an .ics or .csv file, by its suffix."""
    suffix = source.suffix.lower()
    if suffix not in READERS:
        raise ImportFailed(f"{source}: import reads .ics and .csv files; nothing was written")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{source}: cannot read ({exc.strerror}); nothing was written") from None
    if suffix == ".ics":
        from tracker.editing.importers.ics import read_ics

        return read_ics(data, str(source), timeline_id)
    from tracker.editing.importers.csv import read_csv

    return read_csv(data, str(source), timeline_id)


def import_file(
    source: Path, timeline_id: str | None, output: Path | None, update: bool
) -> Outcome:
    """Import `source` into `output`, else `ID.toml` in the home. An existing file is updated
    (events matched by UID) with `update`, else refused."""
    from tracker.editing.importers.build import new_timeline, update_timeline
    from tracker.files.home import user_file

    imported = read_import(source, timeline_id)
    chosen = timeline_id or imported.timeline_id or "imported"
    _check_id(source, chosen)
    target = output or user_file(chosen)
    if_exists = "--update updates its events matched by UID, or -o writes elsewhere"
    if not target.exists():
        create(target, new_timeline(imported, chosen).encode("utf-8"), None, if_exists)
        return Outcome(target, len(imported.events), False)
    if not update:
        raise AlreadyExists(target, if_exists)
    edit_path(target, lambda text: update_timeline(text, imported), None)
    return Outcome(target, len(imported.events), True)


def _check_id(source: Path, chosen: str) -> None:
    """Refuse a timeline id read from the file that is not an id (the rule `new` applies):
    it becomes a file name, and `../elsewhere` or 300 letters must never reach the disk."""
    problem = id_problem(chosen)
    if problem is not None:
        raise UsageProblem(
            f"{source}: the timeline it names, {shown_id(chosen)}, is not an id: {problem}; "
            "give one with --id; nothing was written"
        )
