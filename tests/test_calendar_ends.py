"""Every command handles dates at both ends of the calendar (0001-01-01 and 9999-12-30): a rule
that would leave it is a problem named in the file, and a chart or page near either end draws."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.cli.group import cli

HEAD = '[timeline]\nid = "{id}"\ntitle = "Edge"\n'
EVENT = '[[event]]\nid = "{id}"\ntitle = "{id}"\ndate = {date}\n'


def timeline(folder: Path, name: str, *dates: str, extra: str = "") -> Path:
    path = folder / f"{name}.toml"
    events = "".join(EVENT.format(id=f"e{n}", date=date) for n, date in enumerate(dates))
    path.write_text(HEAD.format(id=name) + events + extra)
    return path


OVERFLOWING = 'not_before = "9999-12-01 + 1 month"\n'
OUTSIDE = "9999-12-01 + 1 month is outside the calendar (0001-01-01 to 9999-12-30)"


def test_check_names_a_rule_that_leaves_the_calendar(runner, tmp_path):
    path = timeline(tmp_path, "edge", "9999-11-01", extra=OVERFLOWING)
    result = runner.invoke(cli, ["check", "-t", str(path), "--as-of", "2019-01-01"])
    assert (result.exit_code, result.output) == (
        1,
        f"{path}: event 'e0', field 'not_before': {OUTSIDE}\n",
    )


def test_add_to_such_a_file_names_it_and_writes_nothing(runner, tmp_path):
    path = timeline(tmp_path, "edge", "9999-11-01", extra=OVERFLOWING)
    before = path.read_bytes()
    result = runner.invoke(
        cli, ["add", "-t", str(path), "x", "--title", "X", "--date", "2019-01-01"]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {path}: event 'e0', field 'not_before': {OUTSIDE}\nnothing was written\n",
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("dates", "as_of"),
    [
        (("9999-12-20", "9999-12-30"), "9999-12-25"),
        (("0001-01-02", "0001-01-05"), "0001-01-03"),
        (("9999-12-30",), "9999-12-30"),
        (("0001-01-01",), "0001-01-01"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["chart"],
        ["show"],
        ["next"],
        ["export", "html"],
        ["export", "text"],
        ["export", "md"],
        ["export", "mermaid"],
        ["export", "timelinejs"],
        ["export", "json"],
        ["export", "ics"],
        ["export", "csv"],
    ],
)
def test_every_view_draws_near_either_end(runner, tmp_path, dates, as_of, command):
    path = timeline(tmp_path, "edge", *dates)
    result = runner.invoke(cli, [*command, "-t", str(path), "--as-of", as_of])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-30"])
@pytest.mark.parametrize("command", [["export", "html"], ["chart"], ["show"]])
def test_a_real_timeline_seen_from_either_end_of_the_calendar(runner, as_of, command):
    result = runner.invoke(cli, [*command, "-t", "art50", "--as-of", as_of])
    assert (result.exception is None, result.exit_code) == (True, 0), result.output
