"""Files and names made to break the tool: each one a clear one-line problem and exit 1 (or 2 for a
name), never a traceback; and what `check` accepts, every export renders."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tracker.cli.group import cli

AS_OF = "2020-01-01"
HEAD = '[timeline]\nid = "t"\ntitle = "T"\n'


def event(date: str, extra: str = "") -> str:
    """One event `a` with this TOML `date` value (and any further lines)."""
    return f'[[event]]\nid = "a"\ntitle = "A"\ndate = {date}\n{extra}'


def write(tmp_path: Path, text: str | bytes, name: str = "t.toml") -> str:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return str(path)


def check_lines(runner, path: str) -> list[str]:
    """What `check` says about a file that has problems: exit 1, one line per problem."""
    result = runner.invoke(cli, ["check", path, "--as-of", AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


OUTSIDE = "is outside the calendar (0001-01-01 to 9999-12-30)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + event('"0000"'), f"event 'a', field 'date': '0000' {OUTSIDE}"),
        (HEAD + event('"0000-05"'), f"event 'a', field 'date': '0000-05' {OUTSIDE}"),
        (HEAD + event('"~0000-05-01"'), f"event 'a', field 'date': 0000-05-01 {OUTSIDE}"),
        (HEAD + event('"9999"'), f"event 'a', field 'date': '9999' {OUTSIDE}"),
        (HEAD + event("9999-12-31"), f"event 'a', field 'date': 9999-12-31 {OUTSIDE}"),
        (
            HEAD + event("9999-12-31T23:00:00Z"),
            f"event 'a', field 'date': 9999-12-31T23:00:00+00:00 {OUTSIDE}",
        ),
        (
            HEAD + event('"9999-12-30T23:00 America/New_York"'),
            f"event 'a', field 'date': '9999-12-30T23:00 America/New_York' {OUTSIDE}",
        ),
        (
            HEAD + event('"0001-01-01T01:00 Asia/Tokyo"'),
            f"event 'a', field 'date': '0001-01-01T01:00 Asia/Tokyo' {OUTSIDE}",
        ),
        (
            HEAD + event("9999-12-01", 'end = "end_of_month(a)"'),
            f"event 'a', field 'end': end_of_month(9999-12-01) {OUTSIDE}",
        ),
        (
            HEAD + event('"2019-01-01 + 1 day"', "end = '0001-01-01 - 1 day'"),
            f"event 'a', field 'end': 0001-01-01 - 1 day {OUTSIDE}",
        ),
        (
            # the original rule of a revised date runs past the calendar: a problem, not a KeyError
            HEAD
            + event("9999-06-01")
            + '[[event]]\nid = "b"\ntitle = "B"\ndate = "a + 1 year"\n'
            + '[[event.revision]]\non = 2019-01-01\ndate = 2020-01-01\nreason = "moved"\n',
            f"event 'b', field 'date': 9999-06-01 + 1 year {OUTSIDE}",
        ),
        (
            HEAD + event('"2019-01-01 + ² days"'),
            "event 'a', field 'date': expected a number written with the digits 0-9, not '²' "
            "at column 14 of '2019-01-01 + ² days'",
        ),
        (
            HEAD + event('"2019-01-01 + ٣ days"'),
            "event 'a', field 'date': expected a number written with the digits 0-9, not '٣' "
            "at column 14 of '2019-01-01 + ٣ days'",
        ),
        (
            HEAD + event('"٢٠١٩-٠١-٠١"'),
            "event 'a', field 'date': '٢٠١٩-٠١-٠١' is not an event id, a date or a function "
            "at column 1 of '٢٠١٩-٠١-٠١'",
        ),
        (
            HEAD + event('"2019-01-01 + 10000000 days"'),
            "event 'a', field 'date': '10000000' is too large for an offset (at most 7 digits) "
            "at column 14 of '2019-01-01 + 10000000 days'",
        ),
        (
            HEAD + event('"2019-01-01 + 9999999 days"'),
            f"event 'a', field 'date': 2019-01-01 + 9999999 days {OUTSIDE}",
        ),
        (
            HEAD + event(f'"2019-01-01 + {"9" * 4301} days"'),
            "event 'a', field 'date': '999999999999…' is too large for an offset (at most 7 "
            f"digits) at column 14 of '2019-01-01 + {'9' * 67}…'",
        ),
        (
            HEAD + event("2019-01-01") + f'[[event]]\nid = "b"\ntitle = "B"\ndate = {"9" * 4301}\n',
            "not valid TOML: a number with too many digits",
        ),
        (
            HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n",
            "not valid TOML: arrays or tables nested too deeply",
        ),
        (
            HEAD + "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
            "not valid TOML: arrays or tables nested too deeply",
        ),
        (
            HEAD.replace('"T"\n', '"T"\ntimezone = "../../etc/passwd"\n') + event("2019-01-01"),
            "field 'timeline.timezone': unknown time zone '../../etc/passwd' "
            "(use an IANA name like 'Europe/London')",
        ),
        (
            HEAD.replace('"T"\n', f'"T"\ntimezone = "{"A" * 100_000}"\n') + event("2019-01-01"),
            f"field 'timeline.timezone': unknown time zone '{'A' * 80}…' "
            "(use an IANA name like 'Europe/London')",
        ),
        (
            HEAD + event(f'"2019-01-01T10:00 {"A" * 100_000}"'),
            "event 'a', field 'date': unexpected "
            f"'{'A' * 80}…' at column 18 of '2019-01-01T10:00 {'A' * 63}…'",
        ),
    ],
)
def test_hostile_values_are_one_line_problems(runner, tmp_path, text, expected):
    path = write(tmp_path, text)
    assert check_lines(runner, path) == [f"{path}: {expected}"]
    shown = runner.invoke(cli, ["show", "-t", path, "--as-of", AS_OF])
    assert (shown.exit_code, shown.output) == (1, f"Error: {path}: {expected}\n")


@pytest.mark.parametrize("fmt", ["ics", "json", "text", "md", "csv"])
def test_the_calendars_edges_export_in_every_format(runner, tmp_path, fmt):
    path = write(
        tmp_path,
        HEAD.replace('"T"\n', '"T"\ntimezone = "America/New_York"\nremind = ["30 days"]\n')
        + event("0001-01-01", 'kind = "deadline"\n')
        + '[[event]]\nid = "b"\ntitle = "B"\ndate = "9999-11"\n'
        + '[[event]]\nid = "c"\ntitle = "C"\ndate = "9999-12-30T10:00 Europe/London"\n'
        + 'end = "9999-12-30T20:00 Asia/Tokyo"\n'
        + '[[event]]\nid = "d"\ntitle = "D"\ndate = "0001-01-01T10:00 Asia/Kathmandu"\n'
        + '[[event]]\nid = "e"\ntitle = "E"\ndate = "0001-01-01T10:00"\nend = 9999-12-30\n',
    )
    assert (
        runner.invoke(cli, ["check", path, "--as-of", AS_OF]).output == f"ok: {path} (5 events)\n"
    )
    result = runner.invoke(cli, ["export", fmt, "-t", path, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    if fmt == "ics":
        lines = result.output.splitlines()
        assert [line for line in lines if line.startswith(("DTSTART", "DTEND"))] == [
            "DTSTART;VALUE=DATE:00010101",
            "DTEND;VALUE=DATE:00010102",
            "DTSTART:00010101T041844Z",  # in UTC: a VTIMEZONE for year 1 would begin in year 0
            "DTSTART;VALUE=DATE:00010101",
            "DTEND;VALUE=DATE:99991231",
            "DTSTART;VALUE=DATE:99991101",
            "DTEND;VALUE=DATE:99991201",
            "DTSTART:99991230T100000Z",
            "DTEND:99991230T110000Z",
        ]


def test_the_chart_draws_the_calendars_edges(runner, tmp_path):
    path = write(tmp_path, HEAD + event("0001-01-01") + event("9999-12-30").replace('"a"', '"b"'))
    result = runner.invoke(cli, ["export", "text", "--chart", "-t", path, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert "0001-01-01 ● A" in result.output


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("AAAA\\rXX", "contains a line break (U+000D); title is one line"),
        ("A\\nB", "contains a line break (U+000A); title is one line"),
        ("A\u2028B", "contains a line break (U+2028); title is one line"),
        ("A\u0085B", "contains a line break (U+0085); title is one line"),
        ("A\\tB", "contains the control character U+0009"),
        ("A\\u009bB", "contains the control character U+009B"),  # CSI, a terminal's escape
    ],
)
def test_a_title_is_one_line_of_printable_text(runner, tmp_path, title, expected):
    path = write(tmp_path, HEAD + f'[[event]]\nid = "a"\ntitle = "{title}"\ndate = 2019-01-01\n')
    assert check_lines(runner, path) == [f"{path}: event 'a', field 'title': {expected}"]


def test_a_description_breaks_lines_with_newlines_only(runner, tmp_path):
    ok = HEAD + event("2019-01-01", 'description = "one\\n\\ttwo"\n')
    assert runner.invoke(cli, ["check", write(tmp_path, ok)]).exit_code == 0
    path = write(tmp_path, HEAD + event("2019-01-01", 'description = "one\\rtwo"\n'), "cr.toml")
    assert check_lines(runner, path) == [
        f"{path}: event 'a', field 'description': contains a line break (U+000D); "
        "break lines in description with \\n only"
    ]


def test_a_byte_order_mark_is_not_part_of_the_file(runner, tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + (HEAD + event("2019-01-01")).encode())
    result = runner.invoke(cli, ["check", path])
    assert (result.exit_code, result.output) == (0, f"ok: {path} (1 event)\n")


def test_a_problem_found_many_times_is_one_line_with_a_count(runner, tmp_path):
    path = write(tmp_path, HEAD + event("2019-01-01") * 20_000)
    assert check_lines(runner, path) == [
        f"{path}: event 'a', field 'id': duplicate id (ids must be unique in a timeline) "
        "(19,999 times)"
    ]


def test_a_name_too_long_for_a_file_is_a_usage_error(runner):
    name = "a" * 300
    result = runner.invoke(cli, ["show", "-t", name, "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {name}: no such file (file name too long) (bundled: ")


def test_a_directory_is_named_a_directory(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["show", "-t", ".", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert result.output.startswith("Error: .: a directory, not a timeline file (bundled: ")
    (tmp_path / "inf").mkdir()  # a bundled id is still that timeline, whatever is in the folder
    assert runner.invoke(
        cli, ["until", "-q", "withdrawal-effective", "-t", "inf", "--as-of", AS_OF]
    ).output == ("-152\n")


FORMULAS = HEAD + "".join(
    f'[[event]]\nid = "e{n}"\ntitle = "{title}"\ndate = 2019-0{n}-01\n'
    + (f'sources = [{{ title = "s", url = "{url}" }}]\n' if url else "")
    for n, (title, url) in enumerate(
        [
            ('=HYPERLINK(\\"http://x.invalid\\",\\"A\\")', ""),
            ("+1+1", ""),
            ("-2", ""),
            ("@SUM(A1)", ""),
            ("'quoted'", ""),
            ("Plain = fine", "https://example.org/=1"),
        ],
        start=1,
    )
)


def test_csv_text_cells_never_start_a_formula_and_numbers_stay_numbers(runner, tmp_path):
    path = write(tmp_path, FORMULAS)
    result = runner.invoke(cli, ["export", "csv", "-t", path, "--as-of", AS_OF])
    assert result.exit_code == 0
    assert result.stdout_bytes.decode().split("\r\n")[1:] == [
        'e1,2019-01-01,,"\'=HYPERLINK(""http://x.invalid"",""A"")",milestone,occurred,day,'
        "false,false,,-365,t,,",
        "e2,2019-02-01,,'+1+1,milestone,occurred,day,false,false,,-334,t,,",
        "e3,2019-03-01,,'-2,milestone,occurred,day,false,false,,-306,t,,",
        "e4,2019-04-01,,'@SUM(A1),milestone,occurred,day,false,false,,-275,t,,",
        "e5,2019-05-01,,''quoted',milestone,occurred,day,false,false,,-245,t,,",
        "e6,2019-06-01,,Plain = fine,milestone,occurred,day,false,false,,-214,t,"
        'https://example.org/=1,"[{""title"":""s"",""url"":""https://example.org/=1""}]"',
        "",
    ]


def test_json_and_ics_keep_the_text_exact(runner, tmp_path):
    path = write(tmp_path, FORMULAS)
    as_json = runner.invoke(cli, ["export", "json", "-t", path, "--as-of", AS_OF]).output
    titles = [e["title"] for e in json.loads(as_json)["events"]]
    assert titles[1:5] == ["+1+1", "-2", "@SUM(A1)", "'quoted'"]
    ics = runner.invoke(cli, ["export", "ics", "-t", path, "--as-of", AS_OF]).output
    assert [line for line in ics.splitlines() if line.startswith("SUMMARY")][1:5] == [
        "SUMMARY:+1+1",
        "SUMMARY:-2",
        "SUMMARY:@SUM(A1)",
        "SUMMARY:'quoted'",
    ]


def test_a_fifo_is_refused_without_being_opened(runner, tmp_path):
    fifo = tmp_path / "feed.toml"
    os.mkfifo(fifo)  # opening it would block: the command must answer at once
    result = runner.invoke(cli, ["check", str(fifo)])
    assert result.exit_code == 2
    assert result.output.startswith(
        f"Error: {fifo}: not a regular file (a FIFO, socket or device) (bundled: "
    )


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ('["x\\ny"]', "contains a line break (U+000A); each item of tags is one line"),
        ('["ok", "\\u0007"]', "contains the control character U+0007"),
    ],
)
def test_a_tag_is_one_line_of_printable_text(runner, tmp_path, tags, expected):
    path = write(tmp_path, HEAD + event("2019-01-01", f"tags = {tags}\n"))
    assert check_lines(runner, path) == [f"{path}: event 'a', field 'tags': {expected}"]


def test_a_symbolic_link_to_a_timeline_is_read_through(runner, tmp_path):
    target = write(tmp_path, HEAD + event("2019-01-01"))
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    result = runner.invoke(cli, ["check", str(link)])
    assert result.exit_code == 0
    assert result.output.startswith(f"ok: {link} (1 event")


def test_a_name_too_long_for_a_file_is_a_usage_error_for_publish_too(runner, tmp_path):
    name = "x" * 300
    result = runner.invoke(cli, ["publish", str(tmp_path / "site"), "-t", name])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {name}: no such file (file name too long)")
