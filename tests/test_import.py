"""`tracker import`: calendars written by other programs, the tool's own ICS and CSV back again,
re-imports that update instead of duplicating, and bad files refused with every file intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pendulum
import pytest

from events.model import EXPLICIT_STATUSES
from events.resolve import resolve
from tracker.cli.group import cli
from tracker.files.load import bundled_ids, load_timeline

from .helpers import DATA

IMPORT = DATA / "import"
AS_OF = pendulum.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("name", "timeline_id", "count"),
    [
        ("google", "sahel-states-leave-ecowas", 3),
        ("apple", "cluster-munitions", 2),
        ("outlook", "outlook", 2),
        ("thunderbird", "thunderbird", 2),
    ],
)
def test_calendars_of_other_programs_import_as_checked_timelines(
    invoke, home, name, timeline_id, count
):
    result = invoke("import", str(IMPORT / f"{name}.ics"))
    path = home / f"{timeline_id}.toml"
    assert (result.exit_code, result.output) == (0, f"wrote {path} ({count} events imported)\n")
    assert path.read_text() == (IMPORT / f"{name}.toml").read_text()
    checked = invoke("check", "-t", timeline_id, "--as-of", "2026-01-01")
    assert (checked.exit_code, checked.output) == (0, f"ok: {timeline_id} ({count} events)\n")


def test_the_feed_keeps_an_imported_uid(invoke, home):
    invoke("import", str(IMPORT / "google.ics"), "--id", "sahel")
    feed = invoke("export", "ics", "-t", "sahel", "--as-of", "2026-01-01").output
    uids = [line for line in feed.splitlines() if line.startswith("UID:")]
    assert uids == [
        "UID:5kq0v1c3c0m4l2c9a8m1o2q3bk@google.com",
        "UID:0d7h3bq1k5e9r2s6t8u4v0w1xy@google.com",
        "UID:7abc2def3ghi4jkl5mno6pqr7s@google.com",
    ]


def test_reimporting_updates_instead_of_duplicating(runner, invoke, home, tmp_path):
    invoke("import", str(IMPORT / "thunderbird.ics"), "--id", "ottawa")
    path = home / "ottawa.toml"
    path.write_text("# my notes\n" + path.read_text())
    again = runner.invoke(cli, ["import", str(IMPORT / "thunderbird.ics"), "--id", "ottawa"])
    assert (again.exit_code, again.stderr) == (
        2,
        f"Error: {path}: already exists; --update updates its events matched by UID, or -o "
        "writes elsewhere; nothing was written\n",
    )
    before = path.read_bytes()
    same = invoke("import", str(IMPORT / "thunderbird.ics"), "--id", "ottawa", "--update")
    assert same.output == f"updated {path} (2 events imported)\n"
    assert path.read_bytes() == before
    changed = tmp_path / "changed.ics"
    changed.write_bytes(
        (IMPORT / "thunderbird.ics")
        .read_bytes()
        .replace(b"SUMMARY:Review conference", b"SUMMARY:Review conference (Siem Reap)")
        .replace(b"DTEND;VALUE=DATE:20251129", b"DTEND;VALUE=DATE:20251130")
    )
    assert invoke("import", str(changed), "--id", "ottawa", "--update").exit_code == 0
    assert path.read_text() == before.decode().replace(
        'title = "Review conference"', 'title = "Review conference (Siem Reap)"'
    ).replace("end = 2025-11-28", "end = 2025-11-29")


def test_recurring_events_are_refused(runner, invoke, home):
    result = runner.invoke(cli, ["import", str(IMPORT / "recurring.ics")])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {IMPORT / 'recurring.ics'}: event 'Weekly briefing' (UID weekly@example.org) "
        "repeats (RRULE): recurring events are not imported, because a timeline records "
        "one-off dated events; nothing was written\n",
    )
    assert not home.exists()


def test_a_malformed_calendar_is_refused(runner, invoke, home):
    result = runner.invoke(cli, ["import", str(IMPORT / "malformed.ics")])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {IMPORT / 'malformed.ics'}: not a valid iCalendar file (Found no components "
        "where exactly one is required); nothing was written\n",
    )
    assert not home.exists()


def test_a_csv_with_the_wrong_columns_is_refused(runner, invoke, home, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("name,when\r\nTalks,2019-01-15\r\n")
    result = runner.invoke(cli, ["import", str(sheet)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {sheet}: missing the columns id, date, end, title, kind, status, approximate, "
        "expression, timeline (import reads the columns `tracker export csv` writes); nothing "
        "was written\n",
    )


def test_a_malformed_csv_is_refused(runner, invoke, home, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_bytes(
        b"id,date,end,title,kind,status,approximate,expression,timeline\r\n"
        b'a,2019-01-01,,"unclosed,milestone,,false,,t\r\n'
    )
    result = runner.invoke(cli, ["import", str(sheet)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {sheet}: ")
    assert result.stderr.endswith("nothing was written\n")
    assert not home.exists()


def test_csv_import_undoes_the_spreadsheet_safety_prefix(invoke, home, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "id,date,end,title,kind,status,approximate,expression,timeline,source_url,sources\r\n"
        "a,2019-01-01,,'=SUM(1),milestone,occurred,false,,mine,,\r\n"
        "b,2019-01-02,,'quoted',deadline,cancelled,true,,mine,https://example.org/b,\r\n",
        newline="",
    )
    assert invoke("import", str(sheet)).exit_code == 0
    assert (home / "mine.toml").read_text() == (
        '[timeline]\nid = "mine"\ntitle = "mine"\n\n'
        '[[event]]\nid = "a"\ntitle = "=SUM(1)"\ndate = 2019-01-01\nkind = "milestone"\n\n'
        '[[event]]\nid = "b"\ntitle = "\'quoted\'"\ndate = "~2019-01-02"\nkind = "deadline"\n'
        'status = "cancelled"\n'
        'sources = [{title = "https://example.org/b", url = "https://example.org/b"}]\n'
    )


def test_an_unknown_format_is_refused(runner, invoke, home, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = runner.invoke(cli, ["import", str(other)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {other}: import reads .ics and .csv files; nothing was written\n",
    )


def extent(event):
    """What a calendar shows of an event: its first and last day, or its instants."""
    date, end = event.date, event.end
    if date.instant is not None:
        return (date.instant, end.instant if end is not None else None)
    return (date.earliest, (end or date).latest)


def summary(timeline_id: str, *, exact: bool) -> dict[str, tuple]:
    """Each event as of AS_OF: title, extent, whether it is off, and every source; with
    `exact`, its precision and approximate flag too."""
    resolved = resolve(load_timeline(timeline_id), AS_OF)
    found = {}
    for event in resolved:
        sources = tuple((s.title, s.url, s.date) for s in event.event.sources)
        shape = (event.date.precision, event.date.approximate) if exact else ()
        # a feed has one STATUS:CANCELLED for cancelled and superseded; the CSV keeps which
        explicit = event.status if event.status in EXPLICIT_STATUSES else None
        status = explicit if exact else event.status in ("cancelled", "superseded")
        found[event.id] = (event.event.title, extent(event), status, sources, *shape)
    return found


@pytest.mark.parametrize("timeline_id", bundled_ids())
@pytest.mark.parametrize("fmt", ["ics", "csv"])
def test_export_then_import_gives_the_same_events(invoke, home, tmp_path, timeline_id, fmt):
    exported = tmp_path / f"{timeline_id}.{fmt}"
    out = invoke(
        "export", fmt, "-t", timeline_id, "--as-of", AS_OF.isoformat(), "-o", str(exported)
    )
    assert out.exit_code == 0
    result = invoke("import", str(exported), "--id", "copy")
    assert result.exit_code == 0, result.output
    shutil.copy(home / "copy.toml", tmp_path / "copy.toml")
    original = summary(timeline_id, exact=fmt == "csv")
    assert summary(str(tmp_path / "copy.toml"), exact=fmt == "csv") == original


def test_importing_into_a_path_with_o(invoke, home, tmp_path):
    target = tmp_path / "elsewhere.toml"
    result = invoke("import", str(IMPORT / "apple.ics"), "-o", str(target))
    assert (result.exit_code, result.output) == (0, f"wrote {target} (2 events imported)\n")
    assert target.read_text() == (IMPORT / "apple.toml").read_text()
    assert not Path(home).exists()


def test_one_module_writes_icalendar_and_one_reads_it():
    from .helpers import ROOT, imported_modules

    users = sorted(
        str(path.relative_to(ROOT))
        for package in ("events", "tracker")
        for path in (ROOT / package).rglob("*.py")
        if any(m.split(".")[0] == "icalendar" for m in imported_modules(path))
    )
    assert users == ["tracker/editing/importers/ics.py", "tracker/render/formats/ics.py"]
