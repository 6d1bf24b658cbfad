"""`export mermaid` and `export timelinejs`: the exact text, for formats people paste elsewhere
(their own code reads them in test_exports_browser.py)."""

from __future__ import annotations

import json

from tracker.cli.group import cli

from .helpers import data_file


def exported(runner, fmt: str, name: str, as_of: str = "2019-01-17") -> str:
    """The export as of `as_of` with hindsight: every event, drawn against that day."""
    args = ["export", fmt, "-t", data_file(name), "--as-of", as_of, "--hindsight"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_mermaid_gantt_of_rules_spans_and_vague_dates(runner):
    assert exported(runner, "mermaid", "chain.toml") == (
        "```mermaid\n"
        "gantt\n"
        "    title A small chain of rules\n"
        "    dateFormat YYYY-MM-DD\n"
        "    axisFormat %Y-%m\n"
        "    todayMarker off\n"
        "    section chain\n"
        "    Sometime in October 2018 :done, 2018-10-01, 2018-11-01\n"
        "    Sixty days after the vague date :done, 2018-11-30, 2018-12-31\n"
        "    About the first of February (about) :milestone, 2019-02-01, 0d\n"
        "    A month after about (about) :crit, milestone, 2019-03-01, 0d\n"
        "    Six months after the vague date :2019-04-01, 2019-05-01\n"
        "    Notice given :milestone, 2019-08-31, 0d\n"
        "    Notice period :2019-08-31, 2020-03-01\n"
        "    Notice takes effect :crit, milestone, 2020-02-29, 0d\n"
        "    Day after the period :milestone, 2020-03-01, 0d\n"
        "    section Today\n"
        "    As of 2019-01-17 :milestone, 2019-01-17, 0d\n"
        "```\n"
    )


def test_mermaid_marks_what_runs_on_the_as_of_day(runner):
    text = exported(runner, "mermaid", "chain.toml", "2019-10-01")
    assert "    Notice period :active, 2019-08-31, 2020-03-01\n" in text
    assert "    Notice given :done, milestone, 2019-08-31, 0d\n" in text


def test_mermaid_titles_lose_what_would_end_them(runner, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(
        '[timeline]\nid = "t"\ntitle = "T: one; #2"\n\n'
        '[[event]]\nid = "a"\ntitle = "Talks: round 2; #3"\ndate = 2019-01-01\n'
    )
    result = runner.invoke(cli, ["export", "mermaid", "-t", str(path), "--as-of", "2019-01-17"])
    assert "    title T - one - 2\n" in result.output
    assert "    Talks - round 2 - 3 :done, milestone, 2019-01-01, 0d\n" in result.output


def test_timelinejs_dates_keep_their_precision(runner):
    document = json.loads(exported(runner, "timelinejs", "chain.toml"))
    assert document["title"]["text"]["headline"] == "A small chain of rules"
    slides = {event["unique_id"]: event for event in document["events"]}
    assert len(slides) == 9
    vague = slides["chain-vague"]
    assert (vague["start_date"], "end_date" in vague, vague["display_date"]) == (
        {"year": 2018, "month": 10},
        False,
        "2018-10",
    )
    ranged = slides["chain-vague-plus-days"]
    assert (ranged["start_date"], ranged["end_date"], ranged["display_date"]) == (
        {"year": 2018, "month": 11, "day": 30},
        {"year": 2018, "month": 12, "day": 30},
        "2018-11-30/2018-12-30",
    )
    span = slides["chain-period"]
    assert (span["start_date"], span["end_date"], span["group"]) == (
        {"year": 2019, "month": 8, "day": 31},
        {"year": 2020, "month": 2, "day": 29},
        "window",
    )
    assert slides["chain-about"]["display_date"] == "about 2019-02-01"
    assert (
        "<p>projected<br><code>= notice + 6 months = 2020-02-29 (Art. 1)</code></p>"
        in slides["chain-effective"]["text"]["text"]
    )


def test_timelinejs_text_is_escaped_html(runner, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(
        '[timeline]\nid = "t"\ntitle = "<i>T</i>"\n\n'
        '[[event]]\nid = "a"\ntitle = "A <b>"\ndate = 2019-01-01\ndescription = "x < y"\n'
    )
    document = json.loads(runner.invoke(cli, ["export", "timelinejs", "-t", str(path)]).output)
    assert document["title"]["text"]["headline"] == "&lt;i&gt;T&lt;/i&gt;"
    (event,) = document["events"]
    assert event["text"]["headline"] == "A &lt;b&gt;"
    assert "<p>x &lt; y</p>" in event["text"]["text"]
