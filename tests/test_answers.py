"""The answer cache of `tracker until -q`: keyed by content, never in the way.

Whether a cached answer is the right one is the differential tests' job; these check the cache
itself: where it lives, what turns it off, that it keys on bytes and not on modification times,
and that a cache that cannot be written costs nothing but speed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import platformdirs
import pytest

from tracker.cli import entry
from tracker.cli import group as cli
from tracker.files import userdirs

from .helpers import data_file

ART50 = data_file("art50.toml")
ASK = ["until", "exit-day", "-q", "--as-of", "2019-03-25"]


def until(capsys: pytest.CaptureFixture[str], timeline: Path | str) -> tuple[str, str, int]:
    code = entry.main([*ASK, "-t", str(timeline)])
    out, err = capsys.readouterr()
    return out, err, code


def entries(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_the_cache_keys_on_the_bytes_not_the_modification_time(capsys, tmp_path, cache):
    timeline = tmp_path / "art50.toml"
    shutil.copy(ART50, timeline)
    assert until(capsys, timeline) == ("18\n", "", 0)
    assert len(entries(cache)) == 2  # the answer, and the zone of the file's bytes
    stamp = timeline.stat()
    text = timeline.read_text(encoding="utf-8").replace("date = 2019-04-12", "date = 2019-04-13")
    timeline.write_text(text, encoding="utf-8")
    os.utime(timeline, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # as `rsync -t` would leave it
    assert until(capsys, timeline) == ("19\n", "", 0)


def test_a_warm_answer_comes_from_the_cache(capsys, cache):
    assert until(capsys, ART50) == ("18\n", "", 0)
    (answer,) = [path for path in entries(cache) if path.read_text(encoding="utf-8") == "18"]
    answer.write_text("-7", encoding="utf-8")  # not what the file says: proves where it came from
    assert until(capsys, ART50) == ("-7\n", "", 0)
    answer.write_text("not a number", encoding="utf-8")  # never printed: computed again
    assert until(capsys, ART50) == ("18\n", "", 0)


def test_only_answers_are_cached(capsys, cache):
    entry.main(["until", "nope", "-q", "-t", ART50, "--as-of", "2019-03-25"])
    entry.main(["until", "exit-day", "-q", "-t", data_file("broken.toml")])
    assert capsys.readouterr().out == ""
    assert entries(cache) == []


def test_tracker_no_cache_turns_it_off(capsys, cache, monkeypatch):
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    assert until(capsys, ART50) == ("18\n", "", 0)
    assert not cache.exists()


def test_a_cache_that_cannot_be_written_is_skipped_silently(capsys, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CACHE", str(blocker / "cache"))  # under a file: never a folder
    for _ in range(2):
        assert until(capsys, ART50) == ("18\n", "", 0)
    assert blocker.read_text(encoding="utf-8") == ""


def test_without_tracker_cache_it_is_the_user_cache_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_CACHE")
    monkeypatch.delenv("TRACKER_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert until(capsys, ART50) == ("18\n", "", 0)
    expected = Path(platformdirs.user_cache_dir("withdrawal-tracker", appauthor=False))
    assert len(entries(expected)) == 2


def test_with_tracker_home_and_no_tracker_cache_it_is_a_tagged_folder_in_the_home(
    capsys, home, monkeypatch
):
    monkeypatch.delenv("TRACKER_CACHE")
    assert until(capsys, ART50) == ("18\n", "", 0)
    folder = home / ".cache"
    tag = folder / "CACHEDIR.TAG"
    assert len(entries(folder)) == 3  # the tag, the answer and the zone of the file's bytes
    assert tag.read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert tag.read_bytes().splitlines()[1:] == [
        b"# This file is a cache directory tag created by withdrawal-tracker.",
        b"# For information about cache directory tags, see https://bford.info/cachedir/",
    ]
    assert folder.stat().st_mode & 0o777 == 0o700  # the user's alone, as the cache requires
    assert until(capsys, ART50) == ("18\n", "", 0)  # answered from there, the tag untouched
    assert len(entries(folder)) == 3


def test_tracker_cache_wins_over_tracker_home(capsys, home, cache):
    assert until(capsys, ART50) == ("18\n", "", 0)
    assert len(entries(cache)) == 2
    assert not (home / ".cache").exists()


def test_a_home_cache_folder_made_by_someone_else_is_not_tagged(capsys, home, monkeypatch):
    monkeypatch.delenv("TRACKER_CACHE")
    (home / ".cache").mkdir(parents=True, mode=0o700)
    assert until(capsys, ART50) == ("18\n", "", 0)
    assert not (home / ".cache" / "CACHEDIR.TAG").exists()
    assert len(entries(home / ".cache")) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="the shortcut is taken on Linux only")
@pytest.mark.parametrize("xdg", [None, "", "relative/dir", "/srv/xdg"])
@pytest.mark.parametrize("home_dir", ["/home/ann", "/home/ann/", "/"])
def test_user_folders_are_the_ones_platformdirs_gives(monkeypatch, xdg, home_dir):
    monkeypatch.setenv("HOME", home_dir)
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
    app = "withdrawal-tracker"
    assert userdirs.user_data_dir(app) == platformdirs.user_data_dir(app, appauthor=False)
    assert userdirs.user_cache_dir(app) == platformdirs.user_cache_dir(app, appauthor=False)


def test_interrupted_it_says_aborted_as_click_does(capsys, monkeypatch):
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("tracker.cli.entry.recall_until", interrupted)
    monkeypatch.setattr("tracker.cli.commands.view.days_until", interrupted)
    outcomes = []
    for main in (entry.main, cli.main):
        outcomes.append((main([*ASK, "-t", ART50]), *capsys.readouterr()))
    assert outcomes == [(1, "", "\nAborted!\n")] * 2


@pytest.mark.parametrize("home_dir", ["relative/home", ""])
def test_without_an_absolute_home_platformdirs_decides(monkeypatch, home_dir):
    monkeypatch.setenv("HOME", home_dir)
    monkeypatch.setenv("XDG_DATA_HOME", "/srv/data")
    monkeypatch.setenv("XDG_CACHE_HOME", "/srv/cache")
    app = "withdrawal-tracker"
    assert userdirs.user_data_dir(app) == platformdirs.user_data_dir(app, appauthor=False)
    assert userdirs.user_cache_dir(app) == platformdirs.user_cache_dir(app, appauthor=False)


def test_shell_completion_is_left_to_click(capsys, monkeypatch):
    monkeypatch.setenv("_TRACKER_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", "tracker until withdrawal-e")
    monkeypatch.setenv("COMP_CWORD", "2")
    argv = ["until", "withdrawal-effective", "-q", "--as-of", "2019-01-17"]
    outcomes = [(main(argv), *capsys.readouterr()) for main in (entry.main, cli.main)]
    assert outcomes == [(0, "plain,withdrawal-effective\n", "")] * 2
