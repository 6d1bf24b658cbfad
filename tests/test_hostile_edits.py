"""Inputs built to hurt the editing and import commands: ids that would be paths or longer than a
file name may be, hostile calendars and CSVs. Each is refused with one line and its documented
exit code, and nothing anywhere is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

LONG = "a" * 300
SHOWN = "'" + "a" * 40 + "…' (300 characters)"


def exported_csv(invoke, tmp_path: Path, timeline: str) -> Path:
    """art50 exported as CSV, its timeline column reading `timeline`."""
    text = invoke("export", "csv", "-t", "art50", "--as-of", "2019-03-01").output
    path = tmp_path / "hostile.csv"
    path.write_text(text.replace(",art50,", f",{timeline},"))
    return path


def test_a_csv_naming_a_timeline_outside_the_home_is_refused(invoke, home, commented, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.toml"
    victim.write_bytes(commented.read_bytes().replace(b'id = "commented"', b'id = "victim"'))
    before = victim.read_bytes()
    source = exported_csv(invoke, tmp_path, "../outside/victim")
    result = invoke("import", str(source), "--update")
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {source}: the timeline it names, '../outside/victim', is not an id: use "
        "lower-case letters, digits and hyphens; give one with --id; nothing was written\n",
    )
    assert victim.read_bytes() == before


def test_a_csv_naming_a_timeline_too_long_for_a_file_is_a_usage_error(invoke, home, tmp_path):
    source = exported_csv(invoke, tmp_path, LONG)
    result = invoke("import", str(source))
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {source}: the timeline it names, {SHOWN}, is not an id: at most 200 characters "
        "(this one has 300); give one with --id; nothing was written\n",
    )


TOO_LONG = f"{SHOWN} is not an id: at most 200 characters (this one has 300)"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["new", LONG, "--title", "T"], "'ID'"),
        (["copy", "unesco", LONG], "'[NEW_ID]'"),
        (["import", "x.ics", "--id", LONG], "'--id'"),
        (["add", "-t", "commented", LONG, "--title", "T", "--date", "2019-01-01"], "'EVENT_ID'"),
    ],
)
def test_an_id_longer_than_200_characters_is_a_usage_error(invoke, home, commented, args, option):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.output.endswith(f"Error: Invalid value for {option}: {TOO_LONG}\n")


@pytest.mark.parametrize(
    "args",
    [
        ["add", "-t", LONG, "e", "--title", "T", "--date", "2019-01-01"],
        ["move", "-t", LONG, "talks", "2019-02-01", "--on", "2019-01-01", "--reason", "r"],
        ["cancel", "-t", LONG, "talks", "--on", "2019-01-01", "--reason", "r"],
        ["edit", LONG],
        ["edit", "-t", LONG],
    ],
)
def test_a_timeline_name_too_long_for_a_file_is_a_usage_error(invoke, home, commented, args):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {LONG}: no such file (file name too long) (yours: ")


@pytest.mark.parametrize("suffix", ["", ".toml"])
def test_an_output_too_long_for_a_file_is_a_usage_error(invoke, home, tmp_path, suffix):
    source = exported_csv(invoke, tmp_path, "art50")
    result = invoke("import", str(source), "-o", LONG + suffix)
    assert result.exit_code == 2
    assert result.output.endswith(
        f"Error: Invalid value for '-o' / '--output': {LONG}{suffix}: cannot be a file "
        "(file name too long)\n"
    )


def test_an_event_id_longer_than_200_characters_in_a_file_names_the_field(invoke, tmp_path):
    path = tmp_path / "long.toml"
    path.write_text(
        f'[timeline]\nid = "t"\ntitle = "T"\n[[event]]\nid = "{LONG}"\ntitle = "E"\n'
        "date = 2019-01-01\n"
    )
    result = invoke("check", "-t", str(path), "--as-of", "2019-03-01")
    assert (result.exit_code, result.output) == (
        1,
        f"{path}: event '{LONG}', field 'id': {TOO_LONG}\n",
    )


def test_the_schema_refuses_an_id_longer_than_200_characters():
    import json

    import jsonschema

    from tracker.editing.schema import schema_bytes

    def errors(timeline_id: str) -> list[str]:
        document = {
            "timeline": {"id": timeline_id, "title": "T"},
            "event": [{"id": timeline_id, "title": "E", "date": "2019-01-01"}],
        }
        validator = jsonschema.Draft202012Validator(json.loads(schema_bytes()))
        return [error.json_path for error in validator.iter_errors(document)]

    assert errors("a" * 200) == []
    assert sorted(errors("a" * 201)) == ["$.event[0].id", "$.timeline.id"]


def calendar(*events: str) -> str:
    """An iCalendar file of these VEVENT bodies (each a few lines, without BEGIN/END)."""
    body = "".join(f"BEGIN:VEVENT\nDTSTAMP:20200101T000000Z\n{e}END:VEVENT\n" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n"


def refused_import(invoke, home: Path, tmp_path: Path, text: str) -> tuple[int, str]:
    source = tmp_path / "hostile.ics"
    source.write_text(text.replace("\n", "\r\n"))
    result = invoke("import", str(source), "--id", "hostile")
    assert not (home / "hostile.toml").exists()
    return result.exit_code, result.stderr.replace(str(source), "hostile.ics")


def test_a_calendar_with_two_events_of_one_uid_is_refused(invoke, home, tmp_path):
    text = calendar(
        "UID:same@example.org\nDTSTART;VALUE=DATE:20200101\nSUMMARY:First\n",
        "UID:same@example.org\nDTSTART;VALUE=DATE:20200201\nSUMMARY:Second\n",
    )
    assert refused_import(invoke, home, tmp_path, text) == (
        1,
        "Error: hostile.ics: line 12: a second event with UID same@example.org (a calendar "
        "keeps one event per UID); nothing was written\n",
    )


def test_check_refuses_two_events_the_feed_would_give_one_uid(invoke, tmp_path):
    path = tmp_path / "uids.toml"
    path.write_text(
        '[timeline]\nid = "t"\ntitle = "T"\n'
        '[[event]]\nid = "a"\ntitle = "A"\ndate = 2019-01-01\nuid = "x@example.org"\n'
        '[[event]]\nid = "b"\ntitle = "B"\ndate = 2019-01-02\nuid = "x@example.org"\n'
        '[[event]]\nid = "c"\ntitle = "C"\ndate = 2019-01-03\nuid = "a@t.withdrawal-tracker.invalid"\n'
        '[[event]]\nid = "d"\ntitle = "D"\ndate = 2019-01-04\nuid = "e@t.withdrawal-tracker.invalid"\n'
        '[[event]]\nid = "e"\ntitle = "E"\ndate = 2019-01-05\n'
    )
    result = invoke("check", "-t", str(path), "--as-of", "2019-03-01")
    assert (result.exit_code, result.output) == (
        1,
        f"{path}: event 'b', field 'uid': duplicate uid 'x@example.org' (event 'a' has it too; "
        "a calendar keeps one event per UID)\n"
        f"{path}: event 'e', field 'uid': duplicate uid 'e@t.withdrawal-tracker.invalid' (event 'd' has it "
        "too; a calendar keeps one event per UID)\n",
    )


def test_a_time_in_an_unknown_zone_is_refused(invoke, home, tmp_path):
    text = calendar(
        "UID:one@example.org\nDTSTART;TZID=Nowhere/Atlantis:20200101T100000\nSUMMARY:First\n"
    )
    assert refused_import(invoke, home, tmp_path, text) == (
        1,
        "Error: hostile.ics: event 'First' (UID one@example.org): DTSTART is in the time zone "
        "'Nowhere/Atlantis', which is neither an IANA zone nor defined in the file (VTIMEZONE); "
        "nothing was written\n",
    )


WHERE = "Error: hostile.ics: event 'First' (UID u1@example.org): "


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        (
            "DTSTART;VALUE=DATE:20200101\nDTEND:20200102T100000Z\n",
            "DTSTART and DTEND must both be dates or both date-times",
        ),
        ("DTSTART:garbage\n", "DTSTART is not a date or a date-time (Expected time, got: garbage)"),
        (
            "DTSTART;VALUE=DATE:20200230\n",
            "DTSTART is not a date or a date-time (Wrong date format 20200230)",
        ),
        (
            "DTSTART:\n",
            "DTSTART is not a date or a date-time (Expected datetime, date, or time. Got: '')",
        ),
        (
            "DTSTART;VALUE=PERIOD:20200101T000000Z/20200102T000000Z\n",
            "DTSTART is not a date or a date-time (a PERIOD)",
        ),
        (
            "DTSTART;VALUE=DATE:20200101\nDTSTART;VALUE=DATE:20200105\n",
            "has 2 DTSTART properties, where one is allowed",
        ),
        ("DTSTART;VALUE=DATE:99991201\nDURATION:P100D\n", "DURATION ends past the year 9999"),
        ("DTSTART;VALUE=DATE:20200101\nDURATION:soon\n", "DURATION is not one duration"),
        (
            "DTSTART:20200101T100000Z\nDTEND:20200101T120000\n",
            "DTSTART and DTEND must both be floating or both in a zone",
        ),
    ],
)
def test_a_hostile_event_in_a_calendar_is_refused_naming_it(invoke, home, tmp_path, lines, why):
    text = calendar(f"UID:u1@example.org\nSUMMARY:First\n{lines}")
    assert refused_import(invoke, home, tmp_path, text) == (
        1,
        f"{WHERE}{why}; nothing was written\n",
    )


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        (
            '[{"title":"t","url":"https://x.org","date":"2020-13-45"}]',
            "date '2020-13-45' is not a day written YYYY-MM-DD",
        ),
        ('[{"title":"t","date":20200101}]', "date 20200101 is not a day written YYYY-MM-DD"),
        ("[" * 30_000 + "]" * 30_000, "nested too deeply"),
        ('[{"title":5}]', "each source is an object with a title"),
        ('{"title":"x"}', "a list of sources, not dict"),
        ('[{"title":"t","url":["https://x.org"]}]', "url ['https://x.org'] is not text"),
    ],
)
def test_a_hostile_sources_cell_is_refused_naming_line_and_column(
    invoke, home, tmp_path, cell, why
):
    import csv
    import io

    exported = invoke("export", "csv", "-t", "art50", "--as-of", "2019-03-01").output
    rows = list(csv.DictReader(io.StringIO(exported)))
    rows[1]["sources"] = cell
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    source = tmp_path / "hostile.csv"
    source.write_text(out.getvalue())
    result = invoke("import", str(source), "--id", "hostile")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {source}: line 3, column 'sources': not the JSON list the export writes "
        f"({why}); nothing was written\n",
    )
    assert not (home / "hostile.toml").exists()
