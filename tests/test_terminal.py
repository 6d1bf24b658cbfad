"""`tracker show` in a terminal: fitted to the width, coloured only where colour belongs.

Goldens live in tests/data/show-*.txt; the INF timeline as of 2019-01-17 has past events, a
today row, the next deadline and a span, so every style shows.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import tracker.render.terminal.layout
from tracker.cli.group import cli

from .helpers import DATA, data_file

ESC = "\x1b["
SHOW = ["show", "--as-of", "2019-01-17"]


def golden(name: str) -> str:
    return Path(DATA / name).read_text(encoding="utf-8")


def test_doctests():
    assert doctest.testmod(tracker.render.terminal.layout).failed == 0


@pytest.mark.parametrize(
    ("name", "columns", "color", "extra"),
    [
        ("show-60.txt", "60", False, []),
        ("show-80.txt", "80", False, []),
        ("show-120.txt", "120", False, []),
        ("show-80-color.txt", "80", True, []),
        ("show-60-wrap.txt", "60", False, ["--wrap"]),
        ("show-piped.txt", None, False, []),
    ],
)
def test_show_matches_its_golden(invoke, name, columns, color, extra):
    result = invoke(*SHOW, *extra, columns=columns, color=color)
    assert result.exit_code == 0
    assert result.output == golden(name)


def test_colour_is_the_plain_output_styled():
    plain = golden("show-80.txt")
    coloured = golden("show-80-color.txt")
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    lines = coloured.splitlines()
    assert lines[0] == f"{ESC}1mDate          When              Title{ESC}0m"  # bold header
    assert lines[2].startswith(f"{ESC}2m1987-12-08")  # the past is dimmed
    assert lines[16] == f"{ESC}36m{ESC}1m── today 2019-01-17 {'─' * 60}{ESC}0m"
    nxt = next(line for line in lines if "Deadline for Russia" in line)
    assert nxt.startswith(f"{ESC}33m{ESC}1m2019-02-02 *")  # the next deadline: bold yellow
    later = next(line for line in lines if "withdrawal from the INF" in line)
    assert later.startswith(f"{ESC}33m2019-08-02 *")  # later deadlines: yellow, not bold


@pytest.mark.parametrize("columns", range(16, 200, 3))
def test_no_line_is_wider_than_the_terminal(invoke, columns):
    for extra in ([], ["--wrap"], ["-t", "inf", "-t", data_file("chain.toml")]):
        output = invoke(*SHOW, *extra, columns=str(columns)).output
        assert max(len(line) for line in output.splitlines()) <= columns, extra


def test_piped_output_has_whole_lines_and_no_escape_codes(invoke):
    result = invoke(*SHOW)
    assert ESC not in result.output
    assert "…" not in result.output
    rows = [line for line in result.output.splitlines() if re.match(r"\d{4}", line)]
    assert len(rows) == 18  # one line per event known that day, the span's date whole
    assert "2019-02-02/2019-08-02 *  in 16 days        withdrawal-window" in result.output


def test_no_color_is_honoured_and_flags_win(invoke):
    assert ESC in invoke(*SHOW, color=True).output
    assert ESC not in invoke(*SHOW, color=True, env={"NO_COLOR": "1"}).output
    assert ESC in invoke(*SHOW, "--color", env={"NO_COLOR": "1"}).output
    assert ESC in invoke("--color", *SHOW).output  # piped, forced on
    assert ESC not in invoke(*SHOW, "--no-color", color=True).output
    assert ESC not in invoke("--no-color", *SHOW, color=True).output
    assert ESC in invoke(*SHOW, color=True, env={"NO_COLOR": ""}).output  # empty: not set


def test_bare_tracker_fits_and_honours_no_color(invoke):
    result = invoke("--as-of", "2019-01-17", columns="80", color=True)
    assert result.output == golden("show-80-color.txt")
    quiet = invoke("--as-of", "2019-01-17", columns="80", color=True, env={"NO_COLOR": "1"})
    assert quiet.output == golden("show-80.txt")


def test_a_chosen_format_is_the_whole_plain_table(invoke):
    result = invoke(*SHOW, "--format", "github", columns="60", color=True)
    assert result.exit_code == 0
    assert ESC not in result.output
    assert "today" not in result.output
    assert "…" not in result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("| Date                    | When             | Id ")
    assert lines[-1] == (
        "| 2019-08-02 *            | in 6 months      | withdrawal-effective       "
        "| U.S. withdrawal from the INF Treaty takes effect               "
        "| deadline  | projected |"
    )


def test_several_timelines_get_a_timeline_column(invoke):
    args = ["show", "--as-of", "2019-01-17", "-t", data_file("ultimatum.toml"), "-t", "abm"]
    result = invoke(*args, "--to", "1973-01-01", columns="200")
    assert result.output == (
        "Timeline  Date        When          Id        Title                         Kind       Status\n"
        "───────────────────────────────────────────────────────────────────────────────────────────────\n"
        "abm       1972-05-26  46 years ago  signed    ABM Treaty signed in Moscow   milestone  occurred\n"
        "abm       1972-10-03  46 years ago  in-force  ABM Treaty enters into force  milestone  occurred\n"
        "── today 2019-01-17 ───────────────────────────────────────────────────────────────────────────\n"
    )


def test_today_row_sits_between_past_and_future(invoke):
    ultimatum = ["show", "-t", data_file("ultimatum.toml")]
    before = invoke(*ultimatum, "--as-of", "2018-01-01").output.splitlines()
    assert before[2].startswith("── today 2018-01-01 ")
    on_the_day = invoke(*ultimatum, "--as-of", "2019-02-02").output.splitlines()
    assert on_the_day[3].startswith("── today 2019-02-02 ")
    assert on_the_day[4].startswith("2019-02-02 *  today ")  # today's events follow the row
    after = invoke(*ultimatum, "--as-of", "2020-01-01").output.splitlines()
    assert after[4].startswith("── today 2020-01-01 ")
    assert after[5:] == ["", "* derived from a rule: `tracker explain ID` shows how"]


def test_a_cancelled_deadline_reads_cancelled_where_status_is_hidden(runner, invoke):
    """80 columns, no colour: Kind and Status are hidden to fit, so When says it instead."""
    args = ["show", "-t", "rome-statute", "--as-of", "2017-03-01", "--no-color"]
    result = runner.invoke(cli, args, env={"COLUMNS": "80"})
    assert "Hidden to fit 80 columns: Id, Kind, Status" in result.output
    rows = [line.rstrip() for line in result.output.splitlines() if line.startswith("2017-1")]
    assert rows == [
        "2017-10 *     in 7 months                   South Africa's withdrawal would hav…",
        "2017-10-27 *  in 7 months                   Burundi's withdrawal takes effect (…",
        "2017-11-10 *  cancelled                     The Gambia's withdrawal would have…",
    ]
