"""`tracker export`: formats to stdout or atomically to a file, never half-written."""

from __future__ import annotations

import json
import os

import pytest

from tracker.cli.group import cli
from tracker.files.atomic import write_atomic


def test_export_json_matches_show_json(runner):
    exported = runner.invoke(cli, ["export", "json", "--as-of", "2019-01-17"])
    shown = runner.invoke(cli, ["show", "--json", "--as-of", "2019-01-17"])
    assert exported.exit_code == 0
    assert json.loads(exported.output) == json.loads(shown.output)


def test_export_to_file_writes_atomically_and_skips_unchanged(runner, tmp_path):
    target = tmp_path / "inf.json"
    result = runner.invoke(cli, ["export", "json", "-o", str(target), "--as-of", "2019-01-17"])
    assert (result.exit_code, result.output) == (0, "")
    first = target.stat().st_mtime_ns
    os.utime(target, ns=(first - 10**9, first - 10**9))
    runner.invoke(cli, ["export", "json", "-o", str(target), "--as-of", "2019-01-17"])
    assert target.stat().st_mtime_ns == first - 10**9  # same bytes: not rewritten
    assert json.loads(target.read_text())["as_of"] == "2019-01-17"
    assert [p.name for p in tmp_path.iterdir()] == ["inf.json"]


def test_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "feed.ics"
    target.write_bytes(b"old and whole")

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old and whole"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.ics"]


def test_unwritable_target_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["export", "json", "-o", str(tmp_path / "missing" / "x.json")])
    assert result.exit_code == 1
    assert (
        result.output
        == f"Error: {tmp_path / 'missing' / 'x.json'}: cannot write (No such file or directory)\n"
    )


def test_unknown_format_is_a_usage_error(runner):
    result = runner.invoke(cli, ["export", "xml"])
    assert result.exit_code == 2
    assert "Invalid value for 'FORMAT': 'xml'" in result.output
