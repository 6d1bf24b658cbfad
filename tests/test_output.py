"""`-o` and `publish` write regular files only: a device, FIFO, socket or directory is refused
before anything is read or written, a symlink is written through, and a killed writer's
temporary files are cleaned up by the next write."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys

import pytest

from tracker.cli.group import cli
from tracker.files.atomic import write_atomic

AS_OF = ["--as-of", "2019-01-17"]
NOT_A_PID = 2**22 + 1  # above Linux's largest pid_max: no process can have it


def export_to(runner, target):
    return runner.invoke(cli, ["export", "csv", "-o", str(target), *AS_OF])


def refused(path, kind):
    return (
        f"Usage: cli export [OPTIONS] FORMAT\nTry 'cli export --help' for help.\n\n"
        f"Error: Invalid value for '-o' / '--output': {path}: is {kind}, not a regular file; "
        "nothing was written; -o writes regular files only (-o - for standard output)\n"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a device needs root (CI runs as root)")
@pytest.mark.parametrize("minor", [3, 5])  # copies of /dev/null and /dev/zero, made in tmp_path
def test_a_device_is_refused_and_stays_a_device(runner, tmp_path, minor):
    device = tmp_path / "device"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    result = export_to(runner, device)
    assert (result.exit_code, result.output) == (2, refused(device, "a character device"))
    assert stat.S_ISCHR(device.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["device"]


def test_a_fifo_is_refused_without_blocking(runner, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = export_to(runner, fifo)  # would block forever if anything opened it
    assert (result.exit_code, result.output) == (2, refused(fifo, "a FIFO"))
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_socket_and_a_directory_are_refused(runner, tmp_path):
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = export_to(runner, path)
    assert (result.exit_code, result.output) == (2, refused(path, "a socket"))
    result = export_to(runner, tmp_path)
    assert (result.exit_code, result.output) == (2, refused(tmp_path, "a directory"))


def test_dash_is_standard_output(runner, tmp_path):
    result = runner.invoke(cli, ["export", "csv", "-o", "-", *AS_OF])
    assert result.exit_code == 0
    assert result.output.startswith("id,date,end,title,")
    assert not (tmp_path / "-").exists()


def test_a_symlink_is_written_through_and_stays_a_link(runner, tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    result = export_to(runner, link)
    assert (result.exit_code, result.output) == (0, "")
    assert link.is_symlink()
    assert real.read_text().startswith("id,date,end,title,")


def test_a_symlink_to_a_fifo_is_refused(runner, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    result = export_to(runner, link)
    assert (result.exit_code, result.output) == (2, refused(link, "a FIFO"))


def test_a_killed_writers_temporary_files_are_removed_by_the_next_write(tmp_path):
    stale = tmp_path / f".feed.ics.tmp-{NOT_A_PID}-abcd"
    stale.write_bytes(b"half")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = tmp_path / f".feed.ics.tmp-{sleeper.pid}-efgh"
        running.write_bytes(b"being written")
        other = tmp_path / f".other.ics.tmp-{NOT_A_PID}-ijkl"
        other.write_bytes(b"not ours")
        assert write_atomic(tmp_path / "feed.ics", b"whole") is True
        names = sorted(p.name for p in tmp_path.iterdir())
    finally:
        sleeper.kill()
        sleeper.wait()
    assert names == sorted(["feed.ics", running.name, other.name])


def test_an_old_file_of_another_size_is_not_read(tmp_path, monkeypatch):
    target = tmp_path / "feed.ics"
    target.write_bytes(b"x" * 10)
    opened = []
    real_open = type(target).open

    def spy(self, *args, **kwargs):
        stream = real_open(self, *args, **kwargs)
        real_read = stream.read
        stream.read = lambda *a: opened.append(a) or real_read(*a)
        return stream

    monkeypatch.setattr(type(target), "open", spy)
    assert write_atomic(target, b"new") is True
    assert opened == []
    assert target.read_bytes() == b"new"


def test_publish_names_the_file_not_its_temporary(runner, tmp_path, monkeypatch):
    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = runner.invoke(cli, ["publish", str(tmp_path), "-t", "inf", *AS_OF])
    assert result.exit_code == 1
    assert (
        result.output == f"Error: {tmp_path / 'inf.ics'}: cannot write (No space left on device)\n"
    )


def test_publish_refuses_a_fifo_among_its_files(runner, tmp_path):
    os.mkfifo(tmp_path / "inf.ics")
    result = runner.invoke(cli, ["publish", str(tmp_path), "-t", "inf", *AS_OF])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {tmp_path / 'inf.ics'}: is a FIFO, not a regular file; nothing was written\n"
    )


def test_an_exclusive_write_never_replaces_a_file_that_appeared(tmp_path):
    target = tmp_path / "mine.toml"
    assert write_atomic(target, b"first", exclusive=True) is True
    with pytest.raises(FileExistsError):
        write_atomic(target, b"second", exclusive=True)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]
