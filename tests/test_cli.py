"""The command line through CliRunner: exact output and exit codes."""

from __future__ import annotations

import json

import pytest

from tracker.cli.group import cli
from tracker.files.load import bundled_ids

from .helpers import data_file

ULTIMATUM = data_file("ultimatum.toml")


def test_show_prints_the_table(invoke):
    result = invoke("show", "-t", ULTIMATUM, "--as-of", "2019-01-17")
    assert result.exit_code == 0
    assert result.output == (
        "Date          When         Id         Title      Kind       Status\n"
        "─────────────────────────────────────────────────────────────────────\n"
        "2018-12-04    44 days ago  ultimatum  Ultimatum  milestone  occurred\n"
        "── today 2019-01-17 ─────────────────────────────────────────────────\n"
        "2019-02-02 *  in 16 days   deadline   Deadline   deadline   projected\n"
        "\n"
        "* derived from a rule: `tracker explain ID` shows how\n"
    )


def test_bare_tracker_shows_the_inf_timeline(invoke):
    result = invoke("--as-of", "2019-01-17")
    assert result.exit_code == 0
    rows = [line.split() for line in result.output.splitlines()]
    assert ["2019-08-02", "*", "in", "6", "months", "withdrawal-effective"] in [r[:6] for r in rows]
    assert ["1987-12-08", "31", "years", "ago", "inf-signed"] in [r[:5] for r in rows]


def test_timeline_from_environment(invoke):
    result = invoke(
        "until",
        "deadline",
        "-q",
        "--as-of",
        "2019-01-17",
        env={"TRACKER_TIMELINE": ULTIMATUM},
    )
    assert (result.exit_code, result.output) == (0, "16\n")


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            "2019-01-17",
            "197 days (6 months and 16 days) until withdrawal-effective (U.S. withdrawal from the INF Treaty takes effect) on 2019-08-02, as of 2019-01-17.\n",
        ),
        (
            "2019-08-01",
            "1 day until withdrawal-effective (U.S. withdrawal from the INF Treaty takes effect) on 2019-08-02, as of 2019-08-01.\n",
        ),
        (
            "2019-08-02",
            "withdrawal-effective (U.S. withdrawal from the INF Treaty takes effect) on 2019-08-02 is today, as of 2019-08-02.\n",
        ),
        (
            "2026-11-27",
            "withdrawal-effective (U.S. withdrawal from the INF Treaty takes effect) on 2019-08-02 was 2674 days ago (7 years, 3 months and 25 days), as of 2026-11-27.\n",
        ),
    ],
)
def test_until_sentence(invoke, as_of, expected):
    result = invoke("until", "withdrawal-effective", "--as-of", as_of)
    assert (result.exit_code, result.output) == (0, expected)


@pytest.mark.parametrize(
    ("as_of", "expected"), [("2019-01-17", "197\n"), ("2026-11-27", "-2674\n")]
)
def test_until_quiet_prints_the_signed_number(invoke, as_of, expected):
    result = invoke("until", "withdrawal-effective", "--quiet", "--as-of", as_of)
    assert (result.exit_code, result.output) == (0, expected)


def test_until_on_a_vague_date_gives_a_range(invoke):
    result = invoke(
        "until", "vague-plus-days", "-t", data_file("chain.toml"), "--as-of", "2018-10-01"
    )
    assert result.output.startswith(
        "60 to 90 days (1 month and 29 days to 2 months and 29 days) until vague-plus-days"
    )
    quiet = invoke(
        "until",
        "vague-plus-days",
        "-q",
        "-t",
        data_file("chain.toml"),
        "--as-of",
        "2018-10-01",
    )
    assert quiet.output == "60\n"
    data = json.loads(
        invoke(
            "until",
            "vague-plus-days",
            "--json",
            "-t",
            data_file("chain.toml"),
            "--as-of",
            "2018-10-01",
        ).output
    )
    event = data["events"][0]
    assert (event["days_until"], event["days_until_latest"], event["precision"]) == (
        60,
        90,
        "range",
    )


def test_until_json_has_the_design_shape(invoke):
    data = json.loads(
        invoke("until", "withdrawal-effective", "--json", "--as-of", "2019-01-17").output
    )
    assert data["timeline"] == {
        "id": "inf",
        "title": "INF Treaty: U.S. withdrawal",
        "timezone": "UTC",
    }
    assert data["as_of"] == "2019-01-17"
    (event,) = data["events"]
    assert {
        k: event[k]
        for k in (
            "id",
            "date",
            "end",
            "precision",
            "derived",
            "expression",
            "days_until",
            "status",
            "original",
            "timeline",
        )
    } == {
        "id": "withdrawal-effective",
        "date": "2019-08-02",
        "end": None,
        "precision": "day",
        "derived": True,
        "expression": "withdrawal-notice + 6 months",
        "days_until": 197,
        "status": "projected",
        "original": None,
        "timeline": "inf",
    }
    assert event["sources"][0]["url"].startswith("https://")


def test_show_json_lists_every_event_in_date_order(invoke):
    data = json.loads(invoke("show", "--json", "--as-of", "2019-01-17").output)
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates)
    window = next(e for e in data["events"] if e["id"] == "withdrawal-window")
    assert (window["date"], window["end"], window["kind"]) == ("2019-02-02", "2019-08-02", "window")


def test_explain_prints_the_whole_chain(invoke):
    result = invoke("explain", "withdrawal-effective")
    lines = [line for line in result.output.splitlines() if line and not line.startswith(" ")]
    assert lines == [
        "withdrawal-effective = withdrawal-notice + 6 months = 2019-08-02 (INF Art. XV(2))",
        "withdrawal-notice = compliance-deadline = 2019-02-02 (Notice under INF Art. XV(2), given on the compliance deadline)",
        "compliance-deadline = ultimatum + 60 days = 2019-02-02 (U.S. ultimatum of 2018-12-04 (60 days))",
        "ultimatum = 2018-12-04 (given)",
    ]
    assert result.output.count("  source: ") >= 4


def test_unknown_event_exits_2_with_a_suggestion(runner, invoke):
    result = runner.invoke(cli, ["until", "withdrawal-efective"])
    assert result.exit_code == 2
    assert (
        result.output
        == "Error: unknown event 'withdrawal-efective'; did you mean 'withdrawal-effective'?\n"
    )


def test_missing_file_exits_2(runner, invoke):
    result = runner.invoke(cli, ["show", "-t", "nope/missing.toml"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: nope/missing.toml: no such file (bundled: ")


def test_broken_file_exits_1_naming_file_event_and_field(runner, invoke, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        '[timeline]\nid = "bad"\ntitle = "Bad"\n[[event]]\nid = "a"\ntitle = "A"\ndate = "b + 1 dya"\n'
    )
    for command in (["show"], ["until", "a"], ["explain", "a"]):
        result = runner.invoke(cli, [*command, "-t", str(path)])
        assert result.exit_code == 1, command
        assert result.output == (
            f"Error: {path}: event 'a', field 'date': expected a unit (days, weeks, months, years, "
            "business days), not 'dya' at column 7 of 'b + 1 dya'\n"
        )


def test_check_lists_every_problem_and_exits_1(runner, invoke):
    result = runner.invoke(cli, ["check", data_file("broken.toml"), ULTIMATUM])
    assert result.exit_code == 1
    path = data_file("broken.toml")
    assert result.output.splitlines() == [
        f"{path}: field 'timeline.id': 'Broken Timeline' is not an id: use lower-case letters, digits and hyphens",
        f"{path}: field 'timeline.timezone': unknown time zone 'Mars/Olympus' (use an IANA name like 'Europe/London')",
        f"{path}: event 'd', field 'date': 2019-02-30 is not a date (day is out of range for month)",
        f"{path}: event 'd', field 'id': duplicate id (ids must be unique in a timeline)",
        f"{path}: event 'd', field 'kind': 'deadlin' is not one of milestone, deadline, window, meeting, statement, suspension; did you mean 'deadline'?",
        f"{path}: event 'e', field 'dat': unknown field; did you mean 'date'?",
        f"{path}: event 'f', field 'date': expected a unit (days, weeks, months, years, business days), not 'dayz' at column 8 of 'x + 60 dayz'",
        f"{path}: event 'c', field 'date': unknown event 'ultimatm'",
        f"{path}: event 'a', field 'date': dates depend on each other: a -> b -> a",
        f"{path}: event 'g', field 'end': ends 2019-04-01, before it starts (2019-05-01)",
        f"ok: {ULTIMATUM} (2 events)",
    ]


def test_check_passes_a_good_file(runner, invoke):
    result = runner.invoke(cli, ["check", ULTIMATUM])
    assert (result.exit_code, result.output) == (0, f"ok: {ULTIMATUM} (2 events)\n")


def test_bad_as_of_is_a_usage_error(runner, invoke):
    result = runner.invoke(cli, ["show", "--as-of", "2019-02-30"])
    assert result.exit_code == 2
    assert "'2019-02-30' is not a day like 2019-01-17" in result.output


def test_unknown_table_format_exits_2_listing_formats(runner, invoke):
    result = runner.invoke(cli, ["show", "--format", "nope"])
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'nope'; choose from asciidoc," in result.output
    assert "github" in result.output


def test_list_shows_every_bundled_timeline(invoke):
    result = invoke("list", "--as-of", "2019-01-17")
    assert result.exit_code == 0
    inf_row = next(line for line in result.output.splitlines() if line.startswith("inf "))
    assert "INF Treaty: U.S. withdrawal" in inf_row
    assert "2019-02-02 compliance-deadline (16 days)" in inf_row


@pytest.mark.parametrize("width", [60, 80, 120])
def test_list_fits_the_terminal(invoke, width, tmp_path):
    result = invoke("list", "--as-of", "2026-11-27", env={"COLUMNS": str(width)})
    *lines, home = result.output.splitlines()
    assert home == str(tmp_path / "home")  # a path is printed whole, however long
    assert max(len(line) for line in lines) <= width
    assert lines[0].split()[:2] == ["Id", "Title"]
    table = lines[2 : lines.index("")] if "" in lines else lines[2:]
    rows = [line.split()[0] for line in table if not line.startswith(" ")]
    assert rows == bundled_ids()
    unesco = next(i for i, line in enumerate(lines) if line.startswith("unesco "))
    assert "2026-12-31 us-withdrawal-2026" in lines[unesco]
    assert "(34 days)" in lines[unesco] + lines[unesco + 1]


def test_list_with_a_format_is_the_whole_tabulate_table(runner, invoke):
    result = invoke("list", "--format", "github", "--as-of", "2026-11-27", env={"COLUMNS": "60"})
    assert result.output.splitlines()[0].startswith("| Id ")
    assert "| unesco       | UNESCO: three U.S. withdrawals " in result.output
    bad = runner.invoke(cli, ["list", "--format", "nope"])
    assert bad.exit_code == 2


def test_errors_go_to_stderr_and_nothing_to_stdout(runner, invoke):
    result = runner.invoke(cli, ["until", "withdrawal-efective"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == "Error: unknown event 'withdrawal-efective'; did you mean 'withdrawal-effective'?\n"
    )


def test_until_an_approximate_date_says_about(invoke):
    result = invoke("until", "about-plus", "-t", data_file("chain.toml"), "--as-of", "2019-02-01")
    assert result.output == (
        "about 28 days (1 month) until about-plus (A month after about) on 2019-03-01, as of 2019-02-01.\n"
    )


def test_until_a_vague_date_that_contains_the_as_of_day(invoke):
    result = invoke("until", "vague", "-t", data_file("chain.toml"), "--as-of", "2018-10-10")
    assert result.output == (
        "vague (Sometime in October 2018) on 2018-10 falls between 9 days ago and 21 days from now, as of 2018-10-10.\n"
    )
    assert (
        invoke(
            "until", "vague", "-q", "-t", data_file("chain.toml"), "--as-of", "2018-10-10"
        ).output
        == "-9\n"
    )


def test_environment_names_several_timelines_like_path(invoke, tmp_path):
    spaced = tmp_path / "my treaty.toml"
    spaced.write_text(
        '[timeline]\nid = "spaced"\ntitle = "Spaced"\n[[event]]\nid = "a"\ntitle = "A"\ndate = 2019-01-01\n'
    )
    data = json.loads(
        invoke(
            "show",
            "--json",
            "--as-of",
            "2019-01-17",
            env={"TRACKER_TIMELINE": f"inf:{spaced}"},
        ).output
    )
    assert [t["id"] for t in data["timelines"]] == ["inf", "spaced"]
    single = invoke(
        "until", "a", "-q", "--as-of", "2019-01-17", env={"TRACKER_TIMELINE": str(spaced)}
    )
    assert (single.exit_code, single.output) == (0, "-16\n")


def test_a_vague_dates_gloss_follows_the_order_of_its_counts(invoke):
    past = invoke("until", "-t", "inf", "eliminations-complete", "--as-of", "1992-03-01")
    assert past.output == (
        "eliminations-complete (Last INF-range missiles eliminated) on 1991-05 was 275 to 305 "
        "days ago (9 months and 1 day to 10 months), as of 1992-03-01.\n"
    )
    ahead = invoke("until", "-t", "inf", "eliminations-complete", "--as-of", "1990-03-01")
    assert ahead.output == (
        "426 to 456 days (1 year and 2 months to 1 year, 2 months and 30 days) until "
        "eliminations-complete (Last INF-range missiles eliminated) on 1991-05, as of 1990-03-01.\n"
    )
