"""What a timeline's text cannot do to a terminal: a bidi override or a control character is
shown as its code point by every terminal view, while the feed and JSON keep the text."""

from __future__ import annotations

import json

import pytest

from tracker.cli.group import cli

TITLE = "Deadline \u202e0202-10-10\u202c moved \u2066x\u2069"
SHOWN = "Deadline <U+202E>0202-10-10<U+202C> moved <U+2066>x<U+2069>"


@pytest.fixture
def bidi(tmp_path):
    path = tmp_path / "bidi.toml"
    path.write_text(
        f'[timeline]\nid = "bidi"\ntitle = "Bidi \u202eeltit"\n'
        f'[[event]]\nid = "a"\ntitle = "{TITLE}"\ndate = 2019-01-01\n'
    )
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["show"],
        ["show", "--format", "plain"],
        ["chart"],
        ["next", "--within", "400"],
        ["until", "a"],
        ["explain", "a"],
        ["list"],
    ],
)
def test_terminal_views_show_bidi_characters_as_code_points(runner, bidi, command):
    result = runner.invoke(cli, [*command, "-t", str(bidi), "--as-of", "2018-12-01"])
    assert result.exit_code == 0, result.output
    assert not any(c in result.output for c in "\u202e\u202c\u2066\u2069")
    if command[0] in ("show", "until", "explain"):
        assert SHOWN in result.output


def test_show_prints_the_title_neutralised(runner, bidi):
    result = runner.invoke(
        cli, ["show", "-t", str(bidi), "--as-of", "2018-12-01", "--format", "plain"]
    )
    assert [cell.strip() for cell in result.output.splitlines()[1].split("  ") if cell][-3:] == [
        SHOWN,
        "milestone",
        "scheduled",
    ]


def test_the_feed_and_json_keep_the_text_as_written(runner, bidi):
    as_json = runner.invoke(cli, ["export", "json", "-t", str(bidi), "--as-of", "2018-12-01"])
    assert json.loads(as_json.output)["events"][0]["title"] == TITLE
    feed = runner.invoke(cli, ["export", "ics", "-t", str(bidi), "--as-of", "2018-12-01"])
    assert f"SUMMARY:{TITLE}" in feed.output.replace("\r\n ", "")
