"""The server serves what it can: a timeline broken by any edit keeps its last good feed (or
answers 503 if it never had one), is logged once, and leaves the other timelines and the index
alone; `tracker serve` starts while at least one timeline is valid."""

from __future__ import annotations

import logging
import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.cli.group import cli

from .helpers import DATA, stand_in
from .serving import Client, start_command, store_lines


def rewrite(path: Path, data: bytes) -> None:
    """Replace a file's bytes, and make sure its mtime moves even on a coarse file system."""
    before = path.stat().st_mtime_ns
    path.write_bytes(data)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def swapped(old: str, new: str) -> Callable[[Path], None]:
    return lambda path: rewrite(path, path.read_bytes().replace(old.encode(), new.encode()))


def into_a_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


# Every kind of bad edit found so far: problems the loader reports, exceptions it did not
# foresee (year 0, nesting, a 4,300-digit offset), bytes that are not a timeline, a file that is
# gone or became a directory, and a renderer that overflows.
BAD_EDITS: dict[str, Callable[[Path], None]] = {
    "unknown event": swapped("ultimatum + 60 days", "ultimatm + 60 days"),
    "year 0": swapped("date = 2018-12-04", 'date = "0000"'),
    "4,300-digit offset": swapped("+ 60 days", "+ 1" + "0" * 4300 + " days"),
    "deep nesting": lambda p: rewrite(p, p.read_bytes() + b"x = " + b"[" * 3000 + b"]" * 3000),
    "TOML syntax": lambda p: rewrite(p, p.read_bytes() + b"[[event]\n"),
    "not UTF-8": lambda p: rewrite(p, b"\xff\xfe[timeline]\n"),
    "empty": lambda p: rewrite(p, b""),
    "deleted": Path.unlink,
    "a directory": into_a_directory,
    "renderer overflow": swapped('title = "Ultimatum"', 'title = "Overflow"'),
}


def overflowing(fmt, timelines, as_of):
    """The stand-in feed, failing the way a day ending in year 10000 made the real one fail."""
    if timelines[0].timeline.title == "Overflow":
        raise OverflowError("date value out of range")
    return stand_in(fmt, timelines, as_of)


@pytest.fixture
def two_timelines(tmp_path: Path) -> tuple[Path, Path]:
    kept, other = tmp_path / "ultimatum.toml", tmp_path / "chain.toml"
    shutil.copy(DATA / "ultimatum.toml", kept)
    shutil.copy(DATA / "chain.toml", other)
    return kept, other


@pytest.mark.parametrize("bad_edit", BAD_EDITS.values(), ids=BAD_EDITS.keys())
def test_one_broken_timeline_keeps_its_last_good_feed(
    serve, make_store, two_timelines, bad_edit, caplog
):
    broken, other = two_timelines
    client = serve(make_store([str(broken), str(other)], render=overflowing))
    good = client("/ultimatum.ics")
    assert good.status == 200
    bad_edit(broken)
    with caplog.at_level(logging.INFO, logger="tracker.feeds"):
        for _ in range(5):
            answer = client("/ultimatum.ics")
            assert (answer.status, answer.body) == (200, good.body)
            assert answer.headers["etag"] == good.headers["etag"]
            assert client("/chain.ics").status == 200
            assert client("/ultimatum.json").status == 200
            assert client("/").status == 200
    (line,) = store_lines(caplog)  # once, not per request
    assert line.startswith(f"{broken}: ")
    assert line.endswith("; still serving the last good feeds")
    assert "\n" not in line
    assert len(line) < 600


def test_a_timeline_broken_from_the_start_is_503_until_fixed(
    serve, make_store, two_timelines, caplog
):
    broken, other = two_timelines
    good_bytes = broken.read_bytes()
    BAD_EDITS["year 0"](broken)
    client = serve(make_store([str(broken), str(other)]))
    for path in ("/ultimatum.ics", "/ultimatum.json"):
        answer = client(path)
        assert answer.status == 503
        assert answer.headers["retry-after"] == "60"
        assert answer.headers["cache-control"] == "no-store"
        assert answer.body == b"unavailable: this timeline has a problem; try again later\n"
    assert client("/ultimatum.ics", method="HEAD").status == 503
    assert client("/ultimatum.ics", method="POST", body=b"").status == 405
    assert client("/chain.ics").status == 200
    page = client("/").body.decode()
    assert 'id="chain"' in page
    assert 'id="ultimatum"' not in page
    with caplog.at_level(logging.INFO, logger="tracker.feeds"):
        rewrite(broken, good_bytes)
        assert client("/ultimatum.ics").status == 200
    assert store_lines(caplog) == [
        f"{broken}: reloaded; serving /ultimatum.ics, /ultimatum.json, /ultimatum.html"
    ]


def test_a_timeline_whose_id_cannot_be_read_is_503_under_its_file_name(serve, make_store, tmp_path):
    broken = tmp_path / "my-treaty.toml"
    broken.write_bytes(b"[timeline\n")
    client = serve(make_store([str(broken), str(DATA / "chain.toml")]))
    assert client("/my-treaty.ics").status == 503
    assert client("/chain.ics").status == 200


def test_serve_command_starts_with_one_valid_timeline(two_timelines, server_name):
    broken, other = two_timelines
    BAD_EDITS["year 0"](broken)
    child, line = start_command(
        "-t", str(broken), "-t", str(other), "--as-of", "2019-01-17", server=server_name
    )
    try:
        assert line.startswith("Serving chain on http://127.0.0.1:")
        client = Client(line.split()[3])
        assert client("/chain.ics").status == 200
        assert client("/ultimatum.ics").status == 503
    finally:
        child.send_signal(signal.SIGTERM)
        _, errors = child.communicate(timeout=15)
    assert child.returncode == 0
    problems = [line for line in errors.splitlines() if line.startswith(str(broken))]
    assert len(problems) == 1
    assert problems[0].endswith("; answering 503 until it is fixed")
    assert "Traceback" not in errors


def test_serve_command_with_no_valid_timeline_exits_1_on_one_line(runner, two_timelines):
    broken, other = two_timelines
    BAD_EDITS["unknown event"](broken)
    BAD_EDITS["TOML syntax"](other)
    result = runner.invoke(cli, ["serve", "-t", str(broken), "-t", str(other), "--port", "0"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {broken}: event 'deadline', field 'date': unknown event 'ultimatm'; did you mean "
        "'ultimatum'? (and 1 more timelines)\n"
    )


def test_publish_refuses_a_broken_timeline_and_writes_nothing(runner, two_timelines, tmp_path):
    broken, other = two_timelines
    BAD_EDITS["year 0"](broken)
    site = tmp_path / "site"
    result = runner.invoke(cli, ["publish", str(site), "-t", str(other), "-t", str(broken)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {broken}: ")
    assert "Traceback" not in result.output
    assert not site.exists()
