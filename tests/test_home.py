"""The user's own timelines: `ID.toml` in $TRACKER_HOME, found by `-t ID` before a bundled one,
listed by `list`, and covered by `next --all`, `serve` and `publish`."""

from __future__ import annotations

import shutil

from tracker.cli.group import cli
from tracker.files.load import bundled_ids, every_timeline_name

from .helpers import data_file

MINE = """[timeline]
id = "inf"
title = "My INF notes"

[[event]]
id = "talks"
title = "Talks"
date = 2019-03-01
kind = "deadline"
"""


def test_t_id_reads_the_users_timeline_before_a_bundled_one(invoke, home):
    home.mkdir()
    (home / "inf.toml").write_text(MINE)
    shutil.copy(data_file("ultimatum.toml"), home / "ultimatum.toml")
    result = invoke("until", "talks", "-t", "inf", "-q", "--as-of", "2019-01-17")
    assert (result.exit_code, result.output) == (0, "43\n")
    result = invoke("until", "deadline", "-t", "ultimatum", "-q", "--as-of", "2019-01-17")
    assert (result.exit_code, result.output) == (0, "16\n")


def test_a_broken_users_timeline_is_named_by_its_path(runner, invoke, home):
    home.mkdir()
    (home / "mine.toml").write_text('[timeline]\nid = "mine"\n')
    result = runner.invoke(cli, ["show", "-t", "mine", "--as-of", "2019-01-17"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {home / 'mine.toml'}: field 'timeline.title': missing (required)\n"
    )


def test_an_unknown_id_lists_yours_and_the_bundled_ones(runner, invoke, home):
    home.mkdir()
    shutil.copy(data_file("ultimatum.toml"), home / "ultimatum.toml")
    result = runner.invoke(cli, ["show", "-t", "ultimatun"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: ultimatun: no such file or bundled timeline; did you mean 'ultimatum'? "
        f"(yours: ultimatum; bundled: {', '.join(bundled_ids())})\n"
    )


def test_list_shows_yours_first_and_says_which_bundled_one_is_hidden(invoke, home):
    home.mkdir()
    (home / "inf.toml").write_text(MINE)
    shutil.copy(data_file("ultimatum.toml"), home / "ultimatum.toml")
    (home / "notes.txt").write_text("not a timeline")
    result = invoke("list", "--as-of", "2019-01-17", env={"COLUMNS": "100"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["Id", "Title", "Events", "Next", "deadline", "From"]
    assert lines[2:5] == [
        "inf           My INF notes                         1       2019-03-01 talks (43 days)        yours",
        "ultimatum     Ultimatum                            2       2019-02-02 deadline (16 days)     yours",
        "abm           ABM Treaty: U.S. withdrawal          8       -                                 bundled",
    ]
    inf_bundled = next(line for line in lines[5:] if line.startswith("inf "))
    assert inf_bundled.endswith("hidden")
    assert lines[-5:] == [
        "",
        "inf: yours hides the bundled one (-t inf reads yours)",
        "",
        "Your own timelines are ID.toml files in",
        str(home),
    ]


def test_list_says_where_the_home_is_when_it_is_empty(invoke, home):
    result = invoke("list", "--format", "plain", "--as-of", "2019-01-17")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].split()[-1] == "bundled"
    assert not home.exists()  # listing never creates the home


def test_every_timeline_is_yours_then_the_bundled_ones_you_do_not_shadow(home):
    home.mkdir()
    (home / "inf.toml").write_text(MINE)
    shutil.copy(data_file("ultimatum.toml"), home / "ultimatum.toml")
    names = every_timeline_name()
    assert names[:2] == [str(home / "inf.toml"), str(home / "ultimatum.toml")]
    assert names[2:] == [i for i in bundled_ids() if i != "inf"]


def test_next_all_covers_your_timelines(invoke, home):
    home.mkdir()
    (home / "inf.toml").write_text(MINE)
    result = invoke("next", "--all", "--as-of", "2019-01-17", "--json")
    assert result.exit_code == 0
    assert '"id": "talks"' in result.output
    assert '"id": "compliance-deadline"' not in result.output  # the bundled inf is hidden
    again = invoke("next", "--all", "-t", "inf", "--as-of", "2019-01-17", "--json")
    assert again.output == result.output  # -t inf is the same timeline, listed once


def test_publish_covers_your_timelines(invoke, home, tmp_path):
    home.mkdir()
    shutil.copy(data_file("ultimatum.toml"), home / "ultimatum.toml")
    site = tmp_path / "site"
    result = invoke("publish", str(site), "--as-of", "2019-01-17")
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        f"wrote {site / 'ultimatum.ics'}",
        f"wrote {site / 'ultimatum.json'}",
    ]


def test_completion_offers_your_timelines_first(runner, invoke, home):
    home.mkdir()
    shutil.copy(data_file("ultimatum.toml"), home / "ultimatum.toml")
    env = {
        "_TRACKER_COMPLETE": "bash_complete",
        "COMP_WORDS": "tracker show -t u",
        "COMP_CWORD": "3",
    }
    result = runner.invoke(cli, [], prog_name="tracker", env=env)
    bundled = [f"plain,{i}" for i in bundled_ids() if i.startswith("u")]
    assert result.output.splitlines() == ["plain,ultimatum", *bundled, "file,u"]


def test_list_names_a_broken_timeline_of_yours_instead_of_failing(invoke, home):
    home.mkdir()
    (home / "mine.toml").write_text('[timeline]\nid = "mine"\n')
    result = invoke("list", "--format", "plain", "--as-of", "2019-01-17")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].split() == [
        "mine",
        "invalid:",
        "tracker",
        "check",
        str(home / "mine.toml"),
        "-",
        "-",
        "yours",
    ]
