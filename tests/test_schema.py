"""The JSON Schema that editors check timeline files against agrees with the loader: it accepts
every timeline the tool accepts, and rejects the mistakes an editor should flag as you type."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from typing import Any

import jsonschema
import pytest

from tracker.editing.schema import schema_bytes

from .helpers import DATA

SCHEMA = json.loads(schema_bytes())
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
BUNDLED = sorted(
    p.name for p in resources.files("events.catalog").iterdir() if p.name.endswith(".toml")
)
GOOD = sorted(p.name for p in DATA.glob("*.toml") if p.name != "broken.toml")


def as_json(value: Any) -> Any:
    """TOML as taplo hands it to a JSON Schema: dates and times become ISO 8601 strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def errors(document: dict[str, Any]) -> list[str]:
    found = VALIDATOR.iter_errors(as_json(document))
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.validator}" for e in found)


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_timeline_is_accepted(name):
    text = resources.files("events.catalog").joinpath(name).read_text(encoding="utf-8")
    assert errors(tomllib.loads(text)) == []


@pytest.mark.parametrize("name", GOOD)
def test_every_test_timeline_is_accepted(name):
    assert errors(tomllib.loads((DATA / name).read_text(encoding="utf-8"))) == []


def test_the_starter_file_is_accepted(runner, home):
    from tracker.cli.group import cli

    assert runner.invoke(cli, ["new", "starter", "--title", "Starter"]).exit_code == 0
    assert errors(tomllib.loads((home / "starter.toml").read_text(encoding="utf-8"))) == []


def test_the_broken_file_is_rejected_where_an_editor_can_tell():
    document = tomllib.loads((DATA / "broken.toml").read_text(encoding="utf-8"))
    assert errors(document) == [
        "event/4/kind: enum",  # kind = "deadlin"
        "event/5: additionalProperties",  # dat = ...
        "timeline/id: pattern",  # "Broken Timeline"
    ]


MINIMAL = {
    "timeline": {"id": "t", "title": "T"},
    "event": [{"id": "a", "title": "A", "date": dt.date(2019, 1, 1)}],
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["event"][0].pop("title"), ["event/0: required"]),
        (lambda d: d["event"][0].update(date=""), ["event/0/date: minLength"]),
        (
            lambda d: d["event"][0].update(sources=[{"url": "https://x"}]),
            ["event/0/sources/0: required"],
        ),
        (
            lambda d: d["event"][0].update(sources=[{"title": "S", "url": "ftp://x"}]),
            ["event/0/sources/0/url: pattern"],
        ),
        (
            lambda d: d["event"][0].update(revision=[{"on": dt.date(2019, 1, 2), "reason": "r"}]),
            ["event/0/revision/0: anyOf"],
        ),
        (lambda d: d["event"][0].update(status="postponed"), ["event/0/status: enum"]),
        (lambda d: d["timeline"].update(updated="yesterday"), ["timeline/updated: format"]),
        (lambda d: d.update(events=[]), [": additionalProperties"]),
    ],
)
def test_mistakes_are_rejected(change, expected):
    document = json.loads(json.dumps(as_json(MINIMAL)))
    assert errors(document) == []
    change(document)
    assert errors(document) == expected


def test_the_fields_others_add_are_known():
    """`known`, `clause`, `uid` on events, `rule` on revisions, and ranges as dates."""
    document = as_json(MINIMAL)
    document["event"][0].update(
        known="2018-12-04", clause="ottawa", uid="x@example.org", date="2019-04-27/2019-04-28"
    )
    document["event"][0]["revision"] = [
        {"on": "2019-01-02", "date": "2019-02-01", "reason": "r", "rule": "Art. 1"}
    ]
    assert errors(document) == []


def test_a_suspension_and_its_objections_are_known():
    """`kind = "suspension"` and `objections`; an objection needs its party and its day."""
    document = as_json(MINIMAL)
    document["event"][0].update(kind="suspension", end="2019-01-01/..")
    document["event"][0]["objections"] = [
        {"party": "Switzerland", "on": "2019-02-01", "sources": [{"title": "Note"}]}
    ]
    assert errors(document) == []
    document["event"][0]["objections"] = [{"party": "Switzerland", "when": "2019-02-01"}]
    assert errors(document) == [
        "event/0/objections/0: additionalProperties",
        "event/0/objections/0: required",
    ]
