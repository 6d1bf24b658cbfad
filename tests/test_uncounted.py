"""Events with no days to count (cancelled, superseded): every view says so, none counts down.

`ResolvedEvent.uncounted` is the one place that decides; these check each view that reads it:
`until`'s sentence, `-q` on both paths (exit 3, nothing printed, the outcome cached), JSON
(`days_until` null), CSV (an empty cell) and `next`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pendulum
import pytest

from events.resolve import resolve
from tracker.cli import entry
from tracker.files.load import load_timeline

from .helpers import data_file

DEADLINES = data_file("deadlines.toml")


GAMBIA = ["until", "-t", "rome-statute", "gambia-effective", "--as-of", "2017-03-01"]


def test_until_says_a_cancelled_event_was_cancelled_and_when(invoke):
    result = invoke(*GAMBIA)
    assert (result.exit_code, result.output) == (
        0,
        "gambia-effective (The Gambia's withdrawal would have taken effect) was cancelled on "
        "2017-02-10 (it would have been on 2017-11-10), as of 2017-03-01.\n",
    )


def test_until_says_is_cancelled_when_no_revision_dates_it(invoke):
    result = invoke("until", "-t", DEADLINES, "called-off", "--as-of", "2020-01-10")
    assert (result.exit_code, result.output) == (
        0,
        "called-off (A deadline that was cancelled) is cancelled (it would have been on "
        "2020-01-20), as of 2020-01-10.\n",
    )


def test_until_says_superseded(invoke):
    args = ["until", "-t", data_file("exit-day.toml"), "chequers-plan", "--as-of", "2018-08-01"]
    result = invoke(*args)
    assert (result.exit_code, result.output) == (
        0,
        "chequers-plan (Cabinet agrees the Chequers plan) is superseded (it would have been on "
        "2018-07-06), as of 2018-08-01.\n",
    )


def test_quiet_prints_nothing_and_exits_3_on_the_full_command_line(invoke):
    result = invoke(*GAMBIA, "-q")
    assert (result.exit_code, result.output) == (3, "")


def test_quiet_exits_3_on_the_quick_path_cold_and_from_the_cache(
    capsys: pytest.CaptureFixture[str], cache: Path
) -> None:
    assert entry.main([*GAMBIA, "-q"]) == 3
    assert capsys.readouterr() == ("", "")
    stored = sorted(p.read_text(encoding="utf-8") for p in cache.iterdir())
    assert stored == ["UTC", "none"]  # the outcome is kept, beside the file's zone
    assert entry.main([*GAMBIA, "-q"]) == 3
    assert capsys.readouterr() == ("", "")


def test_json_gives_null_days_and_the_status_says_why(invoke):
    event = json.loads(invoke(*GAMBIA, "--json").output)["events"][0]
    assert (event["status"], event["days_until"]) == ("cancelled", None)


def test_csv_leaves_the_days_cell_empty(invoke):
    result = invoke("export", "csv", "-t", DEADLINES, "--as-of", "2020-01-10")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(result.output))}
    assert (rows["called-off"]["days_until"], rows["meeting"]["days_until"]) == ("", "5")


def test_the_predicate_names_the_reason() -> None:
    resolved = resolve(load_timeline(DEADLINES), pendulum.date(2020, 1, 10))
    assert resolved["called-off"].uncounted(resolved.as_of) == "cancelled"
    assert resolved["called-off"].days_left(resolved.as_of) is None
    assert resolved["meeting"].uncounted(resolved.as_of) is None
    assert resolved["meeting"].days_left(resolved.as_of) == 5
