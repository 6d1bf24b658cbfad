"""Every `--json` output validates against the JSON Schema shipped in the package
(tracker/schemas/document.schema.json), so scripts can rely on one shape everywhere."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import get_args

import jsonschema
import pytest

from events.dates import Precision
from events.model import KINDS, ExplicitStatus, Status
from tracker.cli.group import cli

from .helpers import data_file

SCHEMA = json.loads(
    resources.files("tracker").joinpath("schemas", "document.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "--json", "--as-of", "2019-01-17"],
        ["show", "--json", "--as-of", "2019-05-01", "--hindsight"],
        ["show", "--json", "-t", "inf", "-t", "abm", "--as-of", "2019-01-17"],
        ["show", "--json", "-t", "art50", "--as-of", "2020-03-01"],
        ["show", "--json", "-t", data_file("chain.toml"), "--as-of", "2018-12-01"],
        ["show", "--json", "-t", data_file("exit-day.toml"), "--as-of", "2019-04-11"],
        ["next", "--json", "--all", "--as-of", "2019-01-17"],
        ["next", "--json", "--as-of", "2026-11-30"],
        ["until", "withdrawal-window", "--json", "--as-of", "2019-05-01"],
        [
            "until",
            "vague-plus-days",
            "--json",
            "-t",
            data_file("chain.toml"),
            "--as-of",
            "2018-12-01",
        ],
        ["diff", "--json", "-t", "art50", "--since", "2019-04-01", "--until", "2020-03-01"],
        ["export", "json", "--as-of", "2019-01-17"],
        ["export", "json", "-t", "inf", "-t", "cfe", "--as-of", "2024-01-01"],
        ["next", "--all", "--json", "--as-of", "2026-12-06"],  # open dates: 2026-01-15/..
        ["show", "--json", "-t", "ottawa", "--as-of", "2026-12-06"],
        ["until", "-t", "rome-statute", "gambia-effective", "--json", "--as-of", "2017-03-01"],
    ],
)
def test_every_json_output_validates(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    VALIDATOR.validate(json.loads(result.output))


def test_the_schema_rejects_a_document_missing_a_field(runner):
    data = json.loads(runner.invoke(cli, ["show", "--json", "--as-of", "2019-01-17"]).output)
    del data["events"][0]["known"]
    with pytest.raises(jsonschema.ValidationError, match="'known' is a required property"):
        VALIDATOR.validate(data)


def test_an_open_date_and_a_cancelled_event_validate(runner):
    """The two shapes the schema once refused: `date` ending in `/..`, `days_until` null."""
    args = ["show", "--json", "-t", "rome-statute", "--as-of", "2026-12-06"]
    data = json.loads(runner.invoke(cli, args).output)
    (opened,) = [e for e in data["events"] if e["id"] == "sahel-effective"]
    fields = (opened["date"], opened["status"], opened["recorded"], opened["days_until"])
    assert fields == ("2026-09-22/..", "open", False, None)  # no notification on record
    VALIDATOR.validate(data)
    gambia = ["until", "-t", "rome-statute", "gambia-effective", "--json", "--as-of", "2017-03-01"]
    cancelled = json.loads(runner.invoke(cli, gambia).output)
    assert (cancelled["events"][0]["status"], cancelled["events"][0]["days_until"]) == (
        "cancelled",
        None,
    )
    VALIDATOR.validate(cancelled)


def test_the_schema_lists_every_status_kind_and_precision():
    event = SCHEMA["$defs"]["event"]["properties"]
    assert event["status"]["enum"] == list(get_args(Status))
    assert event["kind"]["enum"] == list(KINDS)
    assert event["precision"]["enum"] == list(get_args(Precision))
    revision = SCHEMA["$defs"]["revision"]["properties"]
    assert revision["status"]["enum"] == [*get_args(ExplicitStatus), None]


@pytest.mark.parametrize(
    "label",
    [
        "2019-02-02",
        "2018-10",
        "1987",
        "2018-11-30/2018-12-30",
        "2026-01-15/..",
        "2026/..",
        "2025-09-27T20:00:00-04:00",
        "2025-09-28T00:00:00Z",
        "2025-09-28T00:00:00.5Z",
    ],
)
def test_the_date_pattern_takes_every_label(label):
    assert re.fullmatch(SCHEMA["$defs"]["date"]["pattern"].strip("^$"), label)
