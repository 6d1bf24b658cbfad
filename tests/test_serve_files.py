"""The server and its files: a reload never waits on or reads without end what has been put in a
timeline's place, notices every rewrite, and a conditional date it cannot read is ignored."""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

import pytest

from tracker.site import store as store_module

from .serving import Client, start_command, store_lines


def swap_in(path: Path, make) -> None:
    path.unlink()
    make(path)


def test_a_fifo_in_a_timelines_place_never_holds_the_reload(make_store, timeline_file, caplog):
    store = make_store([str(timeline_file)])
    good = store.get("ultimatum.ics")
    swap_in(timeline_file, os.mkfifo)
    finished = threading.Event()

    def reload() -> None:
        store.check_if_due()
        finished.set()

    with caplog.at_level(logging.INFO, logger="tracker.feeds"):
        threading.Thread(target=reload, daemon=True).start()
        try:
            assert finished.wait(5), "the reload waited on the FIFO"
        finally:  # an old reload blocked in open(): a writer arriving lets it go
            if not finished.is_set():
                os.close(os.open(timeline_file, os.O_WRONLY | os.O_NONBLOCK))
    assert store.get("ultimatum.ics") == good
    assert store_lines(caplog) == [
        f"{timeline_file}: cannot read (not a regular file (a FIFO, socket or device)); "
        "still serving the last good feeds"
    ]


def test_a_link_to_a_huge_file_is_refused_unread(make_store, timeline_file, tmp_path, caplog):
    huge = tmp_path / "huge"
    with huge.open("wb") as sparse:
        sparse.truncate(store_module.MAX_TIMELINE_BYTES + 1)  # sparse: a few blocks on disk
    store = make_store([str(timeline_file)])
    good = store.get("ultimatum.ics")
    swap_in(timeline_file, lambda path: path.symlink_to(huge))
    with caplog.at_level(logging.INFO, logger="tracker.feeds"):
        store.check_if_due()
    assert store.get("ultimatum.ics") == good
    assert store_lines(caplog) == [
        f"{timeline_file}: cannot read (larger than 64 MiB); still serving the last good feeds"
    ]


def test_a_same_size_rewrite_that_keeps_the_mtime_is_reloaded(make_store, timeline_file):
    """As `cp -p`, `rsync -t` and `tar x` leave a file: new bytes, the same size and mtime."""
    store = make_store([str(timeline_file)])
    before = store.get("ultimatum.ics")
    stamp = timeline_file.stat()
    text = timeline_file.read_text()
    assert 'title = "Ultimatum"' in text
    timeline_file.write_text(text.replace('title = "Ultimatum"', 'title = "Ultimatun"'))
    os.utime(timeline_file, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert (timeline_file.stat().st_size, timeline_file.stat().st_mtime_ns) == (
        stamp.st_size,
        stamp.st_mtime_ns,
    )
    store.check_if_due()
    after = store.get("ultimatum.ics")
    assert after is not None and before is not None
    assert b"Ultimatun" in after.body and after.body != before.body


FAR_DATES = [
    "Sat, 01 Jan 999999999999999999999 00:00:00 GMT",
    "Sat, 01 Jan 10000 00:00:00 GMT",
    "garbage",
]


@pytest.mark.parametrize("date", FAR_DATES)
def test_an_unparsable_if_modified_since_is_ignored(client, date):
    answer = client("/ultimatum.ics", headers={"If-Modified-Since": date})
    assert answer.status == 200
    assert answer.body.startswith(b"Ultimatum as of 2019-01-17\r\n")  # the stand-in feed


def test_both_servers_ignore_a_date_past_9999(timeline_file, server_name):
    child, line = start_command(
        "-t", str(timeline_file), "--as-of", "2019-01-17", server=server_name
    )
    try:
        client = Client(line.split()[3])
        for date in FAR_DATES:
            answer = client("/ultimatum.ics", headers={"If-Modified-Since": date})
            assert answer.status == 200, (server_name, date)
    finally:
        child.send_signal(signal.SIGTERM)
        _, errors = child.communicate(timeout=15)
    assert "Traceback" not in errors
