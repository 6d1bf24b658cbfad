"""What the editing commands record of time, and `remove`: `add --known` and `--source-date`, the
revisions of `move` and `cancel` known on their `--on` day, `--source-title` on all three,
`tracker checked` (the record's horizon), and `tracker remove` refusing while others read it.

Every refusal leaves the file exactly as it was; the tests compare the bytes before and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.cli.group import cli

HEADER = """\
[timeline]
id = "mine"
title = "Mine"
timezone = "UTC"
updated = 2026-03-01              # the day the record was last checked
remind = ["7 days"]
"""
NOTICE = """
# The notice starts the clock.
[[event]]
id = "notice"
title = "Notice"
date = 2026-02-01
kind = "statement"
"""


@pytest.fixture
def mine(home: Path) -> Path:
    """A timeline of the user's own, checked on 2026-03-01, with one notice."""
    home.mkdir(exist_ok=True)
    path = home / "mine.toml"
    path.write_text(HEADER + NOTICE)
    return path


def refused(invoke, path: Path, *args: str) -> tuple[int, str]:
    """Run an edit expected to fail; the file must be unchanged."""
    before = path.read_bytes()
    result = invoke("-t", str(path), *args)
    assert path.read_bytes() == before
    assert result.stdout == ""
    return result.exit_code, result.stderr


# --- add --known and --source-date --------------------------------------------------------


def test_add_known_is_written_and_the_as_of_view_follows_it(invoke, mine):
    added = invoke(
        "add",
        "-t",
        "mine",
        "talks",
        "--title",
        "Talks",
        "--date",
        "2026-05-04",
        "--kind",
        "meeting",
        "--known",
        "2026-02-10",
        "--as-of",
        "2026-03-01",
    )
    assert (added.exit_code, added.output) == (0, f"added talks to {mine}\n")
    assert mine.read_text() == HEADER + NOTICE + (
        '\n[[event]]\nid = "talks"\ntitle = "Talks"\ndate = 2026-05-04\nkind = "meeting"\n'
        "known = 2026-02-10\n"
    )
    before = invoke("until", "-t", "mine", "talks", "--as-of", "2026-02-09")
    assert (before.exit_code, before.stderr) == (
        2,
        "Error: 'talks' was not yet known on 2026-02-09: it became known on 2026-02-10 "
        "(--hindsight shows it)\n",
    )
    on_the_day = invoke("until", "-t", "mine", "talks", "-q", "--as-of", "2026-02-10")
    assert (on_the_day.exit_code, on_the_day.output) == (0, "83\n")


def test_without_known_the_inference_applies_and_nothing_is_written(invoke, mine):
    invoke(
        "add",
        "-t",
        "mine",
        "talks",
        "--title",
        "Talks",
        "--date",
        "2026-05-04",
        "--as-of",
        "2026-03-01",
    )
    assert "known" not in mine.read_text()
    # a future date without a dated source is known at the latest on the horizon (`updated`)
    result = invoke("until", "-t", "mine", "talks", "--as-of", "2026-02-28")
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: 'talks' was not yet known on 2026-02-28: it became known on 2026-03-01 "
        "(--hindsight shows it)\n",
    )


def test_add_source_date_dates_the_source_and_the_inference_uses_it(invoke, mine):
    added = invoke(
        "add",
        "-t",
        "mine",
        "talks",
        "--title",
        "Talks",
        "--date",
        "2026-05-04",
        "--source",
        "https://example.org/talks",
        "--source-title",
        "Announcement",
        "--source-date",
        "2026-02-20",
        "--as-of",
        "2026-03-01",
    )
    assert added.exit_code == 0
    assert mine.read_text().endswith(
        'sources = [{title = "Announcement", url = "https://example.org/talks", '
        "date = 2026-02-20}]\n"
    )
    # known from its source's day, not from the horizon (2026-03-01)
    assert invoke("until", "-t", "mine", "talks", "-q", "--as-of", "2026-02-20").output == ("73\n")
    explained = invoke("explain", "-t", "mine", "talks", "--as-of", "2026-03-01")
    assert "  source: Announcement, https://example.org/talks (2026-02-20)\n" in explained.output


@pytest.mark.parametrize("option", ["--source-title", "--source-date"])
def test_source_details_need_a_source(invoke, mine, option):
    value = "2026-02-20" if option == "--source-date" else "Announcement"
    code, stderr = refused(
        invoke, mine, "add", "talks", "--title", "T", "--date", "2026-05-04", option, value
    )
    assert code == 2
    assert stderr.endswith(f"Error: Invalid value for '{option}': needs --source\n")


# --- move and cancel: known on --on, --source-title ---------------------------------------


def test_a_move_is_known_on_its_on_day_and_cites_its_titled_source(invoke, mine):
    moved = invoke(
        "move",
        "-t",
        "mine",
        "notice",
        "2026-02-03",
        "--on",
        "2026-02-15",
        "--reason",
        "Receipt corrected",
        "--source",
        "https://example.org/c",
        "--source-title",
        "Depositary notification",
        "--as-of",
        "2026-03-01",
    )
    assert (moved.exit_code, moved.output) == (
        0,
        f"moved notice to 2026-02-03 (decided 2026-02-15) in {mine}\n",
    )
    assert mine.read_text() == HEADER + NOTICE + (
        "[[event.revision]]\non = 2026-02-15\ndate = 2026-02-03\n"
        'reason = "Receipt corrected"\n'
        'sources = [{title = "Depositary notification", url = "https://example.org/c"}]\n'
    )
    days = [
        invoke("until", "-t", "mine", "notice", "-q", "--as-of", day).output
        for day in ("2026-02-14", "2026-02-15")
    ]
    assert days == ["-13\n", "-12\n"]  # 2026-02-01 the day before, 2026-02-03 from its day on
    explained = invoke("explain", "-t", "mine", "notice", "--as-of", "2026-03-01")
    assert "    source: Depositary notification, https://example.org/c\n" in explained.output


def test_a_cancellation_is_known_on_its_on_day(invoke, mine):
    invoke(
        "add",
        "-t",
        "mine",
        "talks",
        "--title",
        "Talks",
        "--date",
        "2026-05-04",
        "--known",
        "2026-02-01",
        "--as-of",
        "2026-03-01",
    )
    cancelled = invoke(
        "cancel",
        "-t",
        "mine",
        "talks",
        "--on",
        "2026-02-20",
        "--reason",
        "Called off",
        "--source",
        "https://example.org/off",
        "--source-title",
        "Memo",
        "--as-of",
        "2026-03-01",
    )
    assert (cancelled.exit_code, cancelled.output) == (
        0,
        f"cancelled talks (decided 2026-02-20) in {mine}\n",
    )
    assert mine.read_text().endswith(
        '[[event.revision]]\non = 2026-02-20\nstatus = "cancelled"\nreason = "Called off"\n'
        'sources = [{title = "Memo", url = "https://example.org/off"}]\n'
    )
    before = invoke("until", "-t", "mine", "talks", "--as-of", "2026-02-19")
    after = invoke("until", "-t", "mine", "talks", "--as-of", "2026-02-20")
    assert (
        before.output == "74 days (2 months and 15 days) until talks (Talks) on 2026-05-04, "
        "as of 2026-02-19.\n"
    )
    assert after.output == (
        "talks (Talks) was cancelled on 2026-02-20 (it would have been on 2026-05-04), "
        "as of 2026-02-20.\n"
    )


def test_a_source_without_a_title_is_shown_once(invoke, mine):
    invoke(
        "move",
        "-t",
        "mine",
        "notice",
        "2026-02-03",
        "--on",
        "2026-02-15",
        "--reason",
        "Corrected",
        "--source",
        "https://example.org/c",
        "--as-of",
        "2026-03-01",
    )
    explained = invoke("explain", "-t", "mine", "notice", "--as-of", "2026-03-01")
    assert "    source: https://example.org/c\n" in explained.output


# --- checked --------------------------------------------------------------------------------


def test_checked_moves_the_horizon_and_keeps_the_comment(invoke, mine):
    invoke(
        "add",
        "-t",
        "mine",
        "talks",
        "--title",
        "Talks",
        "--date",
        "2026-03-05",
        "--known",
        "2026-02-01",
        "--as-of",
        "2026-03-01",
    )
    unconfirmed = invoke("check", "-t", "mine", "--as-of", "2026-03-10")
    assert unconfirmed.stderr == (
        f"{mine}: warning: event 'talks': 2026-03-05 has come, but the record was last checked "
        "on 2026-03-01: unconfirmed\n"
    )
    before = mine.read_text()
    result = invoke("checked", "-t", "mine", "--as-of", "2026-03-10")
    assert (result.exit_code, result.output) == (
        0,
        f"updated = 2026-03-10 (was 2026-03-01) in {mine}\n",
    )
    assert mine.read_text() == before.replace(
        "updated = 2026-03-01              # the day", "updated = 2026-03-10              # the day"
    )
    confirmed = invoke("check", "-t", "mine", "--as-of", "2026-03-10")
    assert (confirmed.exit_code, confirmed.output, confirmed.stderr) == (
        0,
        "ok: mine (2 events)\n",
        "",
    )


def test_checked_writes_updated_into_a_header_without_one(invoke, home):
    home.mkdir()
    path = home / "bare.toml"
    path.write_text(
        HEADER.replace(
            "updated = 2026-03-01              # the day the record was last checked\n", ""
        )
        + "\n# Events.\n"
        + NOTICE
    )
    result = invoke("checked", "-t", "bare", "--as-of", "2026-03-10")
    assert (result.exit_code, result.output) == (
        0,
        f"updated = 2026-03-10 (was not set) in {path}\n",
    )
    assert path.read_text().startswith(
        '[timeline]\nid = "mine"\ntitle = "Mine"\ntimezone = "UTC"\nremind = ["7 days"]\n'
        "updated = 2026-03-10\n\n# Events.\n\n# The notice"
    )


def test_checked_without_as_of_is_today_in_the_timelines_zone(invoke, mine):
    from tracker.clock import today_iso

    mine.write_text(mine.read_text().replace('"UTC"', '"Pacific/Kiritimati"'))
    assert invoke("checked", "-t", "mine").exit_code == 0
    assert f"updated = {today_iso('Pacific/Kiritimati')}  " in mine.read_text()


def test_checked_refuses_a_day_before_updated_and_a_bundled_timeline(runner, invoke, mine):
    assert refused(invoke, mine, "checked", "--as-of", "2026-02-28") == (
        2,
        f"Error: {mine}: updated is 2026-03-01, after 2026-02-28: a record is not checked "
        "backwards; nothing was written\n",
    )
    bundled = runner.invoke(cli, ["checked", "-t", "inf", "--as-of", "2026-02-28"])
    assert (bundled.exit_code, bundled.stderr) == (
        2,
        "Error: inf: a bundled timeline is read-only; "
        "`tracker copy inf` makes a copy of your own to edit\n",
    )


# --- remove ---------------------------------------------------------------------------------


def test_remove_takes_the_event_and_its_heading_and_keeps_every_other_comment(invoke, commented):
    original = commented.read_text()
    result = invoke("remove", "-t", "commented", "deadline", "--as-of", "2019-03-01")
    assert (result.exit_code, result.output) == (0, f"removed deadline from {commented}\n")
    heading_and_event = (
        '# Sixty days later.\n[[event]]\nid = "deadline"\ntitle = "Deadline"\n'
        'date = "ultimatum + 60 days"      # a rule\nkind = "deadline"\n'
        'rule = "Ultimatum terms"\n\n'
    )
    assert heading_and_event in original
    assert commented.read_text() == original.replace(heading_and_event, "")
    last = invoke("remove", "-t", "commented", "talks", "--as-of", "2019-03-01")
    assert last.exit_code == 0
    assert commented.read_text().endswith(
        'sources = [ { title = "Report", url = "https://example.org/report", date = 2018-12-04 } ]'
        "   # spaced\n"
    )


def test_remove_keeps_a_comment_set_apart_by_a_blank_line_and_takes_the_revisions(invoke, mine):
    text = (
        HEADER
        + NOTICE
        + (
            '\n# Later events.\n\n# The talks, moved once.\n[[event]]\nid = "talks"\n'
            'title = "Talks"\ndate = 2026-05-04\n[[event.revision]]\non = 2026-02-02\n'
            'date = 2026-05-05\nreason = "Moved"\n\n# The end of the record.\n'
        )
    )
    mine.write_text(text)
    assert invoke("remove", "-t", "mine", "talks", "--as-of", "2026-03-01").exit_code == 0
    assert mine.read_text() == HEADER + NOTICE + "\n# Later events.\n\n# The end of the record.\n"
    assert invoke("remove", "-t", "mine", "notice", "--as-of", "2026-03-01").exit_code == 0
    assert mine.read_text() == HEADER + "\n# Later events.\n\n# The end of the record.\n"
    checked = invoke("check", "-t", "mine", "--as-of", "2026-03-01")
    assert checked.output == "ok: mine (0 events)\n"


def test_remove_refuses_an_event_that_others_read_and_names_them(invoke, home):
    created = invoke(
        "new",
        "lt",
        "--title",
        "Lithuania leaves",
        "--clause",
        "ottawa",
        "--notice",
        "2025-06-27",
        "--as-of",
        "2025-07-01",
    )
    assert created.exit_code == 0
    path = home / "lt.toml"
    assert refused(invoke, path, "remove", "notice", "--as-of", "2025-07-01") == (
        1,
        f"Error: {path}: event 'notice' is read by effective (notice), notice-period (date); "
        "change or remove them first; nothing was written\n",
    )


def test_remove_refuses_an_event_a_revision_reads(invoke, commented):
    invoke(
        "-t",
        "commented",
        "move",
        "talks",
        "ultimatum + 50 days",
        "--on",
        "2019-01-10",
        "--reason",
        "Moved",
        "--as-of",
        "2019-03-01",
    )
    assert refused(invoke, commented, "remove", "ultimatum", "--as-of", "2019-03-01") == (
        1,
        f"Error: {commented}: event 'ultimatum' is read by deadline (date), talks "
        "(revision[1].date); change or remove them first; nothing was written\n",
    )


def test_remove_of_an_unknown_event_exits_2(invoke, commented):
    assert refused(invoke, commented, "remove", "talk", "--as-of", "2019-03-01") == (
        2,
        "Error: unknown event 'talk'; did you mean 'talks'?\n",
    )


# --- the editing commands take no --hindsight ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["add", "x", "--title", "X", "--date", "2026-01-01"],
        ["move", "notice", "2026-01-01", "--on", "2026-01-01", "--reason", "r"],
        ["cancel", "notice", "--on", "2026-01-01", "--reason", "r"],
        ["remove", "notice"],
        ["checked"],
        ["edit"],
    ],
)
def test_editing_commands_take_no_hindsight(invoke, mine, args):
    code, stderr = refused(invoke, mine, *args, "--hindsight")
    assert code == 2
    assert stderr.endswith("\nError: No such option '--hindsight'.\n")


def test_editing_commands_say_what_as_of_means(invoke):
    for command in ("add", "move", "cancel", "remove", "checked", "edit"):
        shown = " ".join(invoke(command, "--help").output.split())
        assert (
            "--as-of YYYY-MM-DD The day taken as today: the day `updated` and the checks "
            "use (default: today)." in shown
        ), command
        assert "--hindsight" not in shown, command
