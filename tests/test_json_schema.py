"""Every `--json` output validates against the JSON Schema shipped in the package
(tracker/schemas/document.schema.json), so scripts can rely on one shape everywhere."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

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
