"""new, copy, add, move and cancel: what they write, byte for byte, and what they refuse.

Every refusal leaves every file exactly as it was; the tests compare the bytes before and after.
"""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest

from tracker.cli.group import cli
from tracker.files.load import bundled_ids

from .helpers import DATA, data_file


def test_add_move_and_cancel_keep_every_comment(invoke, commented):
    steps = [
        [
            "move",
            "deadline",
            "ultimatum + 90 days",
            "--on",
            "2019-01-20",
            "--reason",
            "Extended by thirty days",
            "--rule",
            "Second ultimatum",
            "--source",
            "https://example.org/extension",
        ],
        ["cancel", "talks", "--on", "2019-01-10", "--reason", "Called off"],
        [
            "add",
            "notice",
            "--title",
            "Notice of withdrawal",
            "--date",
            "2019-02-02",
            "--kind",
            "statement",
            "--tag",
            "us",
            "--tag",
            "notice",
            "--description",
            "Given the day after the deadline.",
            "--source",
            "https://example.org/notice",
            "--source-title",
            "State Department",
        ],
    ]
    outputs = [invoke("-t", "commented", "--as-of", "2019-03-01", *step) for step in steps]
    assert [(r.exit_code, r.output) for r in outputs] == [
        (0, f"moved deadline to ultimatum + 90 days (decided 2019-01-20) in {commented}\n"),
        (0, f"cancelled talks (decided 2019-01-10) in {commented}\n"),
        (0, f"added notice to {commented}\n"),
    ]
    assert commented.read_bytes() == (DATA / "commented.edited.toml").read_bytes()
    shown = invoke("until", "deadline", "-q", "-t", "commented", "--as-of", "2019-01-21")
    assert shown.output == "42\n"  # 2018-12-04 + 90 days = 2019-03-04


def test_new_writes_a_clean_starter_dated_the_day_it_is_made(invoke, home):
    result = invoke(
        "new",
        "ottawa",
        "--title",
        'The "Ottawa" Convention',
        "--timezone",
        "Europe/Vilnius",
        "--as-of",
        "2026-03-02",
    )
    path = home / "ottawa.toml"
    assert (result.exit_code, result.output) == (0, f"wrote {path}\n")
    lines = path.read_text().splitlines()
    assert lines[0] == f"#:schema {(home / 'timeline.schema.json').as_uri()}"
    assert lines[5:13] == [
        "[timeline]",
        "id = \"ottawa\"                     # also the file's name and the feed's (ottawa.ics)",
        'title = "The \\"Ottawa\\" Convention"',
        'timezone = "Europe/Vilnius"       # the zone of "today", and of times written without one',
        "updated = 2026-03-02              # the day you last checked the record: a date after it "
        "that",
        '                                  # has come is "unconfirmed" until you check again',
        '# description = "What this timeline follows."',
        'remind = ["30 days", "7 days", "1 day"]  # alarms before each deadline, in the feed',
    ]
    assert not any(line.startswith("[[event") for line in lines)  # examples are comments
    assert "# [[event]]" in lines
    checked = invoke("check", "-t", "ottawa", "--as-of", "2026-03-02")
    assert (checked.exit_code, checked.output) == (0, "ok: ottawa (0 events)\n")
    added = invoke(
        "add",
        "-t",
        "ottawa",
        "notice",
        "--title",
        "Notice",
        "--date",
        "2026-03-01",
        "--as-of",
        "2026-03-02",
    )
    assert (added.exit_code, added.output) == (0, f"added notice to {path}\n")
    assert (home / "timeline.schema.json").read_bytes() == invoke("schema").stdout_bytes


def test_new_without_as_of_is_dated_today(invoke, home):
    from tracker.clock import today_iso

    assert invoke("new", "mine", "--title", "Mine").exit_code == 0
    text = (home / "mine.toml").read_text()
    assert f"updated = {today_iso('UTC')}  " in text


def test_new_example_writes_the_teaching_file(invoke, home):
    result = invoke("new", "ex", "--title", "Ex", "--example", "--as-of", "2026-03-02")
    assert result.exit_code == 0
    lines = (home / "ex.toml").read_text().splitlines()
    for teaches in ("# A dated event", "# A vague date", "# A rule", "# A span", "# A revision"):
        assert any(line.startswith(teaches) for line in lines), teaches
    assert lines[8].startswith("updated = 2026-03-02 ")
    checked = invoke("check", "-t", "ex", "--as-of", "2026-03-02")
    assert (checked.exit_code, checked.output) == (0, "ok: ex (6 events)\n")


def test_new_never_overwrites(runner, invoke, home, tmp_path):
    target = tmp_path / "mine.toml"
    target.write_text("precious")
    result = runner.invoke(cli, ["new", "mine", "--title", "Mine", "-o", str(target)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {target}: already exists; give another ID, or -o PATH to write elsewhere; "
        "nothing was written\n",
    )
    assert target.read_text() == "precious"


def test_new_refuses_a_bad_id_and_a_bad_zone(runner, invoke, home):
    result = runner.invoke(cli, ["new", "My Treaty", "--title", "T"])
    assert result.exit_code == 2
    assert "'My Treaty' is not an id: use lower-case letters, digits and hyphens" in result.stderr
    zone = runner.invoke(cli, ["new", "mars", "--title", "T", "--timezone", "Mars/Olympus"])
    assert zone.exit_code == 1
    assert zone.stderr == (
        f"Error: {home / 'mars.toml'}: field 'timeline.timezone': unknown time zone "
        "'Mars/Olympus' (use an IANA name like 'Europe/London')\nnothing was written\n"
    )
    assert not (home / "mars.toml").exists()


def test_copy_makes_a_bundled_timeline_yours(runner, invoke, home):
    result = invoke("copy", "unesco")
    assert (result.exit_code, result.output) == (0, f"wrote {home / 'unesco.toml'}\n")
    bundled = Path(__file__).parent.parent / "events" / "catalog" / "unesco.toml"
    assert (home / "unesco.toml").read_bytes() == bundled.read_bytes()
    renamed = invoke("copy", "inf", "my-inf")
    assert renamed.exit_code == 0
    text = (home / "my-inf.toml").read_text()
    assert text == bundled.with_name("inf.toml").read_text().replace(
        'id = "inf"', 'id = "my-inf"', 1
    )
    again = runner.invoke(cli, ["copy", "unesco"])
    assert (again.exit_code, again.stderr) == (
        2,
        f"Error: {home / 'unesco.toml'}: already exists; give a NEW_ID not yet "
        "taken; nothing was written\n",
    )


def test_an_unknown_bundled_id_to_copy_exits_2(runner, invoke):
    result = runner.invoke(cli, ["copy", "imf"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: imf: no such file or bundled timeline; did you mean")


def test_editing_a_bundled_timeline_exits_2_and_suggests_copy(runner, invoke):
    result = runner.invoke(cli, ["cancel", "talks", "--on", "2019-01-01", "--reason", "x"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: inf: a bundled timeline is read-only; "
        "`tracker copy inf` makes a copy of your own to edit\n",
    )


def refused(invoke, path: Path, *args: str) -> tuple[int, str]:
    """Run an edit expected to fail; the file must be unchanged."""
    before = path.read_bytes()
    result = invoke("-t", str(path), "--as-of", "2019-03-01", *args)
    assert path.read_bytes() == before
    assert result.stdout == ""
    return result.exit_code, result.stderr


def test_an_unknown_event_exits_2_with_a_suggestion(invoke, commented):
    assert refused(
        invoke,
        commented,
        "move",
        "dedline",
        "2019-03-01",
        "--on",
        "2019-01-01",
        "--reason",
        "x",
    ) == (
        2,
        "Error: unknown event 'dedline'; did you mean 'deadline'?\n",
    )


def test_a_duplicate_id_exits_1(invoke, commented):
    assert refused(invoke, commented, "add", "talks", "--title", "T", "--date", "2019-01-01") == (
        1,
        f"Error: {commented}: event 'talks', field 'id': duplicate id (ids must be unique in a "
        "timeline)\nnothing was written\n",
    )


def test_a_rule_with_a_cycle_exits_1(invoke, commented):
    args = ["move", "ultimatum", "deadline - 60 days", "--on", "2019-01-01", "--reason", "x"]
    assert refused(invoke, commented, *args) == (
        1,
        f"Error: {commented}: event 'deadline', field 'date': dates depend on each other: "
        "deadline -> ultimatum -> deadline\nnothing was written\n",
    )


def test_an_unknown_timeline_exits_2(runner, invoke, commented):
    result = runner.invoke(
        cli, ["add", "x", "-t", "comented", "--title", "X", "--date", "2019-01-01"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: comented: no such file or bundled timeline; did you mean 'commented'? "
        "(yours: commented; bundled: abm,"
    )


def test_a_bad_date_exits_1_naming_the_field(invoke, commented):
    assert refused(invoke, commented, "add", "later", "--title", "T", "--date", "2019-02-30") == (
        1,
        f"Error: {commented}: event 'later', field 'date': 2019-02-30 is not a date (day is "
        "out of range for month)\n"
        "nothing was written\n",
    )


def test_a_file_locked_too_long_is_refused_naming_the_holder(invoke, commented, monkeypatch):
    monkeypatch.setattr("tracker.editing.write.LOCK_WAIT", 0.1)
    monkeypatch.setattr("tracker.editing.write.lock_holder", lambda info: "process 42 (vim)")
    with commented.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert refused(
            invoke, commented, "cancel", "talks", "--on", "2019-01-01", "--reason", "x"
        ) == (
            1,
            f"Error: {commented}: locked by process 42 (vim) for 0.1 s; nothing was written, "
            "try again\n",
        )


def test_an_unreadable_file_is_refused(runner, invoke, commented, monkeypatch):
    real = Path.read_bytes

    def denied(self):
        if self == commented:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = runner.invoke(
        cli, ["-t", str(commented), "cancel", "talks", "--on", "2019-01-01", "--reason", "x"]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {commented}: cannot read (Permission denied); nothing was written\n",
    )


def test_a_file_changed_meanwhile_is_not_overwritten(runner, invoke, commented, monkeypatch):
    from tracker.editing import write

    validate = write.validate

    def someone_saves_meanwhile(data, path, as_of):
        validate(data, path, as_of)
        path.write_text(path.read_text() + "# saved by someone else\n")

    monkeypatch.setattr(write, "validate", someone_saves_meanwhile)
    result = runner.invoke(
        cli, ["-t", str(commented), "cancel", "talks", "--on", "2019-01-01", "--reason", "x"]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {commented}: changed by someone else since it was read; nothing was "
        "written, run the command again\n",
    )
    assert commented.read_text().endswith('kind = "meeting"\n# saved by someone else\n')


def test_an_invalid_file_is_not_made_worse(invoke, home):
    home.mkdir()
    shutil.copy(data_file("broken.toml"), home / "broken.toml")
    code, message = refused(
        invoke, home / "broken.toml", "cancel", "e", "--on", "2019-01-01", "--reason", "x"
    )
    assert code == 1
    assert message.endswith("nothing was written\n")


def test_the_schema_is_printed_and_kept_in_the_home(invoke, home):
    result = invoke("schema")
    assert result.exit_code == 0
    assert result.output.startswith(
        '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema"'
    )
    assert (home / "timeline.schema.json").read_text() == result.output


def test_every_bundled_id_can_be_copied(invoke, home):
    for timeline_id in bundled_ids():
        assert invoke("copy", timeline_id).exit_code == 0
    listed = invoke("list", "--format", "plain", "--as-of", "2019-01-17").output
    assert listed.count(" yours\n") == len(bundled_ids())
    assert listed.count(" hidden\n") == len(bundled_ids())


def test_new_from_a_clause_counts_from_the_notice(invoke, home):
    result = invoke(
        "new",
        "lt",
        "--title",
        "Lithuania leaves",
        "--clause",
        "ottawa",
        "--notice",
        "2025-06-27",
        "--as-of",
        "2026-03-02",
    )
    assert (result.exit_code, result.output) == (0, f"wrote {home / 'lt.toml'}\n")
    text = (home / "lt.toml").read_text()
    assert 'clause = "ottawa-20"' in text and "date = 2025-06-27" in text
    assert "updated = 2026-03-02 " in text  # the day it was made, never the notice's
    assert 'remind = ["30 days", "7 days", "1 day"]' in text
    checked = invoke("check", "-t", "lt", "--as-of", "2025-07-01")
    assert (checked.exit_code, checked.output) == (0, "ok: lt (3 events)\n")
    until = invoke("until", "-t", "lt", "notice-period", "--as-of", "2025-07-01")
    assert until.output == (
        "179 days (5 months and 26 days) left of notice-period (Notice period), ends 2025-12-27, "
        "as of 2025-07-01.\n"
    )
    explained = invoke("explain", "-t", "lt", "effective", "--as-of", "2025-07-01")
    assert explained.output.startswith(
        "effective = notice + 6 months = 2025-12-27 (Ottawa Convention Art. 20(3))\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--clause", "ottawa"], "Error: --clause and --notice go together"),
        (["--notice", "2025-06-27"], "Error: --clause and --notice go together"),
        (
            ["--clause", "otawa", "--notice", "2025-06-27"],
            "Error: Invalid value for '--clause': unknown clause 'otawa'; did you mean 'ottawa-20'? "
            "(tracker clause lists them)",
        ),
    ],
)
def test_new_from_a_clause_refuses_half_an_answer(invoke, home, args, message):
    result = invoke("new", "x", "--title", "X", *args)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == message
    assert not (home / "x.toml").exists()


def test_new_to_standard_output_writes_no_file(invoke, home):
    result = invoke("new", "q", "--title", "Q", "-o", "-")
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == (
        "# Your timeline. `tracker add -t q` adds an event, `tracker check -t q` checks the file,"
    )
    assert not home.exists() or not (home / "q.toml").exists()


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["new", "unesco", "--title", "T"], "give another ID, or -o PATH to write elsewhere"),
        (["copy", "unesco"], "give a NEW_ID not yet taken"),
        (
            ["import", str(DATA / "import" / "thunderbird.ics"), "--id", "unesco"],
            "--update updates its events matched by UID, or -o writes elsewhere",
        ),
    ],
)
def test_new_copy_and_import_over_an_existing_file_are_usage_errors_alike(
    runner, invoke, home, args, hint
):
    home.mkdir()
    path = home / "unesco.toml"
    path.write_text("precious")
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"Error: {path}: already exists; {hint}; nothing was written\n",
    )
    assert path.read_text() == "precious"
