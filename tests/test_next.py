"""`tracker next`: upcoming deadlines, soonest first, with the days left; one timeline or many."""

from __future__ import annotations

import json

import pytest

from tracker.cli.group import cli
from tracker.files.load import bundled_ids

from .helpers import data_file

DEADLINES = data_file("deadlines.toml")
UNESCO = data_file("unesco.toml")
NOTE = "* derived from a rule: `tracker explain ID` shows how\n"


def test_next_lists_the_inf_deadlines_with_days_left(invoke):
    result = invoke("next", "--as-of", "2019-01-17")
    assert (result.exit_code, result.output) == (
        0,
        "Date          Days left  Id                    Title\n"
        "───────────────────────────────────────────────────────────────────────────────────────────────\n"
        "2019-02-02 *  16 days    compliance-deadline   Deadline for Russia to return to compliance\n"
        "2019-08-02 *  197 days   withdrawal-effective  U.S. withdrawal from the INF Treaty takes effect\n"
        "\n" + NOTE,
    )


def test_every_shape_of_deadline_in_order(invoke):
    result = invoke("next", "-t", DEADLINES, "--as-of", "2020-01-10")
    assert result.output == (
        "Date          Days left      Id        Title\n"
        "──────────────────────────────────────────────────────────────────────────────\n"
        "2020-01       up to 21 days  january   Some day in January, maybe already past\n"
        "2020-01-10    today          today     Due on the as-of day\n"
        "2020-01-11 *  1 day          tomorrow  Due the next day\n"
        "2020-02-01    about 22 days  about     About the first of February\n"
        "2020-03       51 to 81 days  march     Some day in March\n"
        "\n" + NOTE
    )  # not the cancelled one, the meeting, or the one that passed yesterday


@pytest.mark.parametrize(
    ("within", "ids"),
    [
        ("0", ["january", "today"]),
        ("1", ["january", "today", "tomorrow"]),
        ("22", ["january", "today", "tomorrow", "about"]),
        ("51", ["january", "today", "tomorrow", "about", "march"]),
    ],
)
def test_within_counts_to_the_earliest_possible_day(invoke, within, ids):
    result = invoke("next", "-t", DEADLINES, "--as-of", "2020-01-10", "--within", within, "--json")
    assert [e["id"] for e in json.loads(result.output)["events"]] == ids


def test_nothing_ahead_is_a_sentence_and_success(invoke):
    assert invoke("next", "--as-of", "2026-11-27").output == (
        "No upcoming deadlines as of 2026-11-27.\n"
    )
    result = invoke("next", "--as-of", "2019-01-17", "--within", "15")
    assert (result.exit_code, result.output) == (
        0,
        "No upcoming deadlines within 15 days as of 2019-01-17.\n",
    )


def test_unesco_is_next_as_of_2026_11_27(invoke):
    result = invoke("next", "-t", "inf", "-t", UNESCO, "--as-of", "2026-11-27")
    assert result.output == (
        "Date          Days left  Timeline  Id                    Title\n"
        "─────────────────────────────────────────────────────────────────────────────────────────────────\n"
        "2026-12-31 *  34 days    unesco    withdrawal-effective  U.S. withdrawal from UNESCO takes effect\n"
        "\n" + NOTE
    )


def test_all_gathers_every_bundled_timeline_soonest_first(invoke):
    data = json.loads(invoke("next", "--all", "--as-of", "2019-01-17", "--json").output)
    assert [t["id"] for t in data["timelines"]] == bundled_ids()
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates)
    # what that day knew: Open Skies and CFE exits were not announced until 2020 and 2023
    assert {e["timeline"] for e in data["events"]} == {"inf", "rome-statute", "art50", "new-start"}
    hindsight = invoke("next", "--all", "--as-of", "2019-01-17", "--json", "--hindsight").output
    assert {e["timeline"] for e in json.loads(hindsight)["events"]} >= {"inf", "open-skies", "cfe"}
    first = data["events"][0]
    assert (first["timeline"], first["id"], first["days_until"]) == (
        "inf",
        "compliance-deadline",
        16,
    )
    assert all(e["kind"] == "deadline" and e["days_until"] >= 0 for e in data["events"])


def test_all_adds_timelines_given_with_t(invoke):
    data = json.loads(
        invoke("next", "--all", "-t", UNESCO, "--as-of", "2026-11-27", "--json").output
    )
    assert [t["id"] for t in data["timelines"]] == [*bundled_ids(), "unesco"]
    first = data["events"][0]
    assert (first["date"], first["days_until"]) == ("2026-12-31", 34)
    on_that_day = [e["timeline"] for e in data["events"] if e["date"] == "2026-12-31"]
    assert sorted(on_that_day) == ["nicaragua", "unesco", "unesco"]


def test_json_has_the_design_shape(invoke):
    one = json.loads(invoke("next", "--as-of", "2019-01-17", "--json").output)
    assert one["timeline"] == {
        "id": "inf",
        "title": "INF Treaty: U.S. withdrawal",
        "timezone": "UTC",
    }
    assert one["as_of"] == "2019-01-17"
    assert [(e["id"], e["days_until"], e["derived"]) for e in one["events"]] == [
        ("compliance-deadline", 16, True),
        ("withdrawal-effective", 197, True),
    ]
    several = json.loads(invoke("next", "-t", "inf", "-t", UNESCO, "--json").output)
    assert "timeline" not in several
    assert [t["id"] for t in several["timelines"]] == ["inf", "unesco"]


def test_filters_apply_to_next(invoke):
    result = invoke("next", "-t", DEADLINES, "--as-of", "2020-01-10", "--tag", "rule", "--json")
    assert [e["id"] for e in json.loads(result.output)["events"]] == ["tomorrow"]
    result = invoke("next", "--as-of", "2019-01-17", "--from", "2019-03-01", "--json")
    assert [e["id"] for e in json.loads(result.output)["events"]] == ["withdrawal-effective"]


def test_next_fits_the_terminal_and_bolds_the_soonest(invoke):
    result = invoke("next", "--as-of", "2019-01-17", columns="60", color=True)
    lines = result.output.splitlines()
    assert (
        lines[2]
        == "\x1b[33m\x1b[1m2019-02-02 *  16 days    Deadline for Russia to return to c…\x1b[0m"
    )
    assert lines[3] == "2019-08-02 *  197 days   U.S. withdrawal from the INF Treat…"
    assert lines[-1] == "\x1b[2mHidden to fit 60 columns: Id (`| less -S` shows them all)\x1b[0m"


@pytest.mark.parametrize("within", ["-1", "soon"])
def test_bad_within_is_a_usage_error(invoke, within):
    result = invoke("next", "--within", within)
    assert result.exit_code == 2
    assert "Invalid value for '--within'" in result.output


def test_piped_next_has_no_escape_codes_and_no_color_wins(runner, invoke):
    assert "\x1b[" not in invoke("next", "--as-of", "2019-01-17").output
    forced = runner.invoke(cli, ["next", "--as-of", "2019-01-17", "--color"], env={"NO_COLOR": "1"})
    assert forced.output.startswith("\x1b[1mDate")
    quiet = runner.invoke(cli, ["next", "--as-of", "2019-01-17"], env={"NO_COLOR": "1"}, color=True)
    assert "\x1b[" not in quiet.output
