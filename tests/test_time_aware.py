"""Revisions and as-of views: the timeline as it was known on any day, and what changed between two."""

from __future__ import annotations

import json

import pendulum
import pytest

from events.diff import diff
from events.resolve import resolve
from tracker.cli.group import cli
from tracker.files.load import load_timeline

from .helpers import data_file

ART50 = data_file("art50.toml")


def day(text: str) -> pendulum.Date:
    return pendulum.parse(text).date()


@pytest.mark.parametrize(
    ("as_of", "exit_day", "follows", "revisions", "original"),
    [
        ("2019-03-21", "2019-03-29", "2019-03-30", 0, None),
        ("2019-03-22", "2019-04-12", "2019-04-13", 1, "2019-03-29"),
        ("2019-03-23", "2019-04-12", "2019-04-13", 1, "2019-03-29"),
        ("2019-04-10", "2019-04-12", "2019-04-13", 1, "2019-03-29"),
        ("2019-04-11", "2019-10-31", "2019-11-01", 2, "2019-03-29"),
        ("2019-04-12", "2019-10-31", "2019-11-01", 2, "2019-03-29"),
        ("2019-10-27", "2019-10-31", "2019-11-01", 2, "2019-03-29"),
        ("2019-10-28", "2020-01-31", "2020-02-01", 3, "2019-03-29"),
        ("2019-10-29", "2020-01-31", "2020-02-01", 3, "2019-03-29"),
    ],
)
def test_the_date_in_force_on_each_side_of_each_revision(
    as_of, exit_day, follows, revisions, original
):
    resolved = resolve(load_timeline(ART50), day(as_of))
    exit_event = resolved["exit-day"]
    assert exit_event.date.label == exit_day
    assert resolved["agreement-in-force"].date.label == follows  # derived downstream moves too
    assert len(exit_event.revisions) == revisions
    assert (exit_event.original.label if exit_event.original else None) == original


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2019-03-23", "20\n"), ("2019-11-01", "91\n"), ("2020-02-01", "-1\n")],
)
def test_until_counts_to_the_date_in_force(runner, as_of, expected):
    result = runner.invoke(cli, ["until", "exit-day", "-q", "-t", ART50, "--as-of", as_of])
    assert (result.exit_code, result.output) == (0, expected)


def test_show_marks_a_moved_date_with_what_it_was(runner):
    result = runner.invoke(cli, ["show", "-t", ART50, "--as-of", "2019-11-01"])
    row = next(line for line in result.output.splitlines() if " exit-day " in line)
    assert row.startswith("2020-01-31, was 2019-03-29  in 2 months  exit-day")


def test_show_history_lists_every_revision(runner):
    result = runner.invoke(cli, ["show", "--history", "-t", ART50, "--as-of", "2019-11-01"])
    history = result.output[result.output.index("History") :]
    assert history == (
        "History\n\n"
        "no-deal-plan: No-deal contingency plan takes effect\n"
        "  first known: 2019-03-30\n"
        "  2019-03-22: status cancelled: Exit day moved\n\n"
        "exit-day: United Kingdom leaves the EU\n"
        "  first known: art50-notice + 2 years = 2019-03-29\n"
        "  2019-03-22: date 2019-04-12: European Council extends the Article 50 period\n"
        "  2019-04-11: date 2019-10-31 (Decision (EU) 2019/584): Second extension\n"
        "  2019-10-28: date 2020-01-31: Third extension\n"
    )


def test_explain_shows_the_original_rule_then_each_revision(runner):
    result = runner.invoke(cli, ["explain", "exit-day", "-t", ART50, "--as-of", "2019-04-11"])
    assert result.output.splitlines()[:7] == [
        # the value in force cites its own decision, the rule as first written its article
        "exit-day = 2019-10-31 (revised 2019-04-11) (Decision (EU) 2019/584)",
        "  United Kingdom leaves the EU (deadline, scheduled)",
        "  first known as art50-notice + 2 years = 2019-03-29 (TEU Art. 50(3))",
        "  revised 2019-03-22: date 2019-04-12: European Council extends the Article 50 period",
        "    source: Decision (EU) 2019/476, https://example.org/2019-476 (2019-03-22)",
        "  revised 2019-04-11: date 2019-10-31 (Decision (EU) 2019/584): Second extension",
        "    source: Decision (EU) 2019/584, https://example.org/2019-584 (2019-04-11)",
    ]
    assert "art50-notice = 2017-03-29 (given)" in result.output


def test_json_carries_revisions_and_original(runner):
    data = json.loads(
        runner.invoke(
            cli, ["until", "exit-day", "--json", "-t", ART50, "--as-of", "2019-04-11"]
        ).output
    )
    (event,) = data["events"]
    assert (event["date"], event["original"], event["derived"], event["status"]) == (
        "2019-10-31",
        "2019-03-29",
        False,
        "scheduled",
    )
    assert [(r["on"], r["date"]) for r in event["revisions"]] == [
        ("2019-03-22", "2019-04-12"),
        ("2019-04-11", "2019-10-31"),
    ]


def test_a_revision_can_cancel(runner):
    before = resolve(load_timeline(ART50), day("2019-03-21"))["no-deal-plan"]
    after = resolve(load_timeline(ART50), day("2019-03-22"))["no-deal-plan"]
    assert (before.status, after.status) == ("scheduled", "cancelled")


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (
            "2019-03-01",
            "2019-04-01",
            [
                ("moved", "exit-day", "2019-03-29", "2019-04-12", ["2019-03-22"], None),
                ("moved", "agreement-in-force", "2019-03-30", "2019-04-13", [], "exit-day"),
                ("cancelled", "no-deal-plan", "2019-03-30", "2019-03-30", ["2019-03-22"], None),
            ],
        ),
        (
            "2019-04-01",
            "2019-11-01",
            [
                ("appeared", "summit", None, "2019-10-17", [], None),
                (
                    "moved",
                    "exit-day",
                    "2019-04-12",
                    "2020-01-31",
                    ["2019-04-11", "2019-10-28"],
                    None,
                ),
                ("moved", "agreement-in-force", "2019-04-13", "2020-02-01", [], "exit-day"),
                ("occurred", "summit", "2019-10-17", "2019-10-17", [], None),
            ],
        ),
        (
            "2019-11-01",
            "2020-03-01",
            [
                # past the record's horizon (updated 2019-10-28): due, not confirmed
                ("due", "exit-day", "2020-01-31", "2020-01-31", [], None),
                ("due", "agreement-in-force", "2020-02-01", "2020-02-01", [], None),
            ],
        ),
        ("2020-03-01", "2020-04-01", []),
    ],
)
def test_diff_between_pairs_of_days(since, until, expected):
    changes = diff(resolve(load_timeline(ART50), day(until)), day(since))
    assert [
        (
            c.kind,
            c.event.id,
            c.previous.date.label if c.previous and c.kind != "appeared" else None,
            c.event.date.label,
            [r.on.isoformat() for r in c.revisions],
            c.cause,
        )
        for c in changes
    ] == expected


def test_diff_command_text_and_json(runner):
    result = runner.invoke(
        cli, ["diff", "-t", ART50, "--since", "2019-03-01", "--until", "2019-04-01"]
    )
    assert result.exit_code == 0
    assert result.output == (
        "art50-test: changes after 2019-03-01 up to 2019-04-01\n"
        "moved      exit-day            2019-03-29 -> 2019-04-12  United Kingdom leaves the EU\n"
        "    2019-03-22: date 2019-04-12: European Council extends the Article 50 period\n"
        "moved      agreement-in-force  2019-03-30 -> 2019-04-13  Withdrawal agreement enters into force\n"
        "    follows exit-day\n"
        "cancelled  no-deal-plan        2019-03-30                No-deal contingency plan takes effect\n"
        "    2019-03-22: status cancelled: Exit day moved\n"
    )
    data = json.loads(
        runner.invoke(
            cli, ["diff", "--json", "-t", ART50, "--since", "2019-03-01", "--until", "2019-04-01"]
        ).output
    )
    assert (data["since"], data["as_of"]) == ("2019-03-01", "2019-04-01")
    assert [(e["change"], e["id"], e["before"], e["date"], e["cause"]) for e in data["events"]] == [
        ("moved", "exit-day", "2019-03-29", "2019-04-12", None),
        ("moved", "agreement-in-force", "2019-03-30", "2019-04-13", "exit-day"),
        ("cancelled", "no-deal-plan", "2019-03-30", "2019-03-30", None),
    ]


def test_diff_since_after_until_is_a_usage_error(runner):
    result = runner.invoke(
        cli, ["diff", "-t", ART50, "--since", "2020-01-01", "--until", "2019-01-01"]
    )
    assert (result.exit_code, result.output) == (
        2,
        "Error: --since 2020-01-01 is after 2019-01-01\n",
    )
