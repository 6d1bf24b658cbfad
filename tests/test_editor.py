"""`tracker edit`: the editor works on a copy; only a valid copy replaces the file.

The editor is a small script ($VISUAL) that writes the next of a list of prepared texts into the
file it is given, or exits with the status it is told to, so every path is exercised exactly.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cli.group import cli

from .helpers import DATA

SCRIPT = """\
import json, sys
from pathlib import Path
state = Path({state!r})
steps = json.loads(state.read_text())
step, rest = steps[0], steps[1:]
state.write_text(json.dumps(rest))
if isinstance(step, int):
    sys.exit(step)
Path(sys.argv[1]).write_text(step)
"""


@pytest.fixture
def timeline(home: Path) -> Path:
    home.mkdir()
    path = home / "commented.toml"
    shutil.copy(DATA / "commented.toml", path)
    return path


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Set $VISUAL to a script that plays `steps`: a text to save, or an exit status."""

    def prepare(*steps: str | int) -> Path:
        state = tmp_path / "steps.json"
        state.write_text(json.dumps(list(steps)))
        script = tmp_path / "editor.py"
        script.write_text(SCRIPT.format(state=str(state)))
        monkeypatch.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
        return state

    return prepare


def retitled(path: Path, title: str) -> str:
    return path.read_text().replace('title = "Commented timeline"', f'title = "{title}"')


def test_a_valid_edit_replaces_the_file(runner, timeline, editor):
    wanted = retitled(timeline, "Renamed")
    editor(wanted)
    result = runner.invoke(cli, ["edit", "commented", "--as-of", "2019-03-01"])
    assert (result.exit_code, result.output) == (0, f"wrote {timeline}\n")
    assert timeline.read_text() == wanted


def test_an_invalid_copy_can_be_edited_again(runner, timeline, editor):
    broken = timeline.read_text().replace('kind = "meeting"', 'kind = "meting"')
    fixed = retitled(timeline, "Fixed")
    state = editor(broken, fixed)
    result = runner.invoke(cli, ["edit", "commented", "--as-of", "2019-03-01"], input="y\n")
    assert result.exit_code == 0
    assert result.stderr == (
        f"{timeline}: event 'talks', field 'kind': 'meting' is not one of milestone, deadline, "
        "window, meeting, statement, suspension; did you mean 'meeting'?\n"
        "The copy is not a valid timeline. Edit it again? [Y/n]: y\n"
    )
    assert result.stdout == f"wrote {timeline}\n"
    assert timeline.read_text() == fixed
    assert json.loads(state.read_text()) == []


def kept_copy(stderr: str) -> Path:
    """The copy an error line says was kept."""
    return Path(stderr.rstrip("\n").rpartition("your edited copy is kept: ")[2])


def test_an_abandoned_edit_changes_nothing_and_keeps_the_copy(runner, timeline, editor):
    before = timeline.read_bytes()
    mine = timeline.read_text() + "[[event]]\nid = 'talks'\n"
    editor(mine)
    result = runner.invoke(cli, ["edit", "commented", "--as-of", "2019-03-01"], input="n\n")
    copy = kept_copy(result.stderr)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"Edit it again? [Y/n]: n\nError: {timeline}: edit abandoned; nothing was written; "
        f"your edited copy is kept: {copy}\n"
    )
    assert timeline.read_bytes() == before
    assert (copy.name, copy.read_text()) == ("commented.toml", mine)


def test_a_file_saved_by_another_program_meanwhile_keeps_both_texts(
    runner, timeline, tmp_path, monkeypatch
):
    """A sync client saves the file while the user edits: theirs stays, the user's is kept."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\nfrom pathlib import Path\n"
        f"Path({str(timeline)!r}).write_text(Path({str(timeline)!r}).read_text() + '# synced\\n')\n"
        "copy = Path(sys.argv[1])\n"
        "copy.write_text(copy.read_text().replace('Commented timeline', 'Mine'))\n"
    )
    monkeypatch.setenv("VISUAL", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    theirs = timeline.read_text() + "# synced\n"
    result = runner.invoke(cli, ["edit", "commented", "--as-of", "2019-03-01"])
    copy = kept_copy(result.stderr)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {timeline}: changed by another program while you edited; nothing was written "
        "(compare your copy with the file, then run `tracker edit` again); "
        f"your edited copy is kept: {copy}\n",
    )
    assert timeline.read_text() == theirs
    assert copy.read_text() == (DATA / "commented.toml").read_text().replace(
        "Commented timeline", "Mine"
    )


def test_ctrl_c_at_the_prompt_keeps_the_copy(runner, timeline, editor, monkeypatch):
    mine = timeline.read_text() + "[[event]]\nid = 'talks'\n"
    editor(mine)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("click.confirm", interrupted)
    result = runner.invoke(cli, ["edit", "commented", "--as-of", "2019-03-01"])
    copy = kept_copy(result.stderr)
    assert result.stderr.endswith(
        f"Error: {timeline}: edit interrupted; nothing was written; "
        f"your edited copy is kept: {copy}\n"
    )
    assert (result.exit_code, copy.read_text()) == (1, mine)


CTRL_C_EDITOR = """\
import os, signal, sys, time
from pathlib import Path
signal.signal(signal.SIGINT, signal.SIG_IGN)   # an editor handles Ctrl-C itself
os.killpg(os.getpgrp(), signal.SIGINT)         # the terminal sends it to the whole group
time.sleep(0.3)
copy = Path(sys.argv[1])
copy.write_text(copy.read_text().replace("Commented timeline", "Saved after Ctrl-C"))
"""


def test_ctrl_c_in_the_editor_belongs_to_the_editor(timeline, home, tmp_path):
    """Ctrl-C reaches every process of the terminal's group; tracker waits on for the editor."""
    script = tmp_path / "editor.py"
    script.write_text(CTRL_C_EDITOR)
    environment = {
        **os.environ,
        "TRACKER_HOME": str(home),
        "VISUAL": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "edit", "commented", "--as-of", "2019-03-01"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
        start_new_session=True,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"wrote {timeline}\n", "")
    assert 'title = "Saved after Ctrl-C"' in timeline.read_text()


def test_an_editor_exiting_non_zero_changes_nothing(runner, timeline, editor):
    before = timeline.read_bytes()
    editor(3)
    result = runner.invoke(cli, ["edit", "commented"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {timeline}: the editor exited with status 3; nothing was written\n",
    )
    assert timeline.read_bytes() == before


def test_an_unchanged_copy_writes_nothing(runner, timeline, editor):
    editor(timeline.read_text())
    result = runner.invoke(cli, ["edit", "-t", "commented"])
    assert (result.exit_code, result.output) == (0, f"unchanged {timeline}\n")


def test_a_missing_editor_is_one_clear_line(runner, timeline, monkeypatch):
    monkeypatch.setenv("VISUAL", "no-such-editor-here")
    result = runner.invoke(cli, ["edit", "commented"])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: cannot run the editor 'no-such-editor-here' (No such file or directory); "
        "nothing was written\n",
    )


def test_an_editor_with_an_unbalanced_quote_is_one_clear_line(runner, timeline, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", 'vi "')
    result = runner.invoke(cli, ["edit", "commented"])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: $EDITOR ('vi \"') cannot be read as a command (No closing quotation); "
        "nothing was written\n",
    )


def test_a_bundled_timeline_is_not_edited(runner, editor):
    editor(1)
    result = runner.invoke(cli, ["edit", "unesco"])
    assert (result.exit_code, result.stderr) == (
        2,
        "Error: unesco: a bundled timeline is read-only; "
        "`tracker copy unesco` makes a copy of your own to edit\n",
    )
