"""Two edits of one file take turns even when a rename replaces the file between them.

Every write replaces the file by a rename, so the inode an edit opened may no longer be the file
when it gets the lock. These tests force that interleaving: a hook runs between an edit's
`open()` and its `flock()`, where another edit replaces the file and a third holds the new one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.editing import write
from tracker.editing.toml import NewEvent, add_event
from tracker.editing.write import edit_path
from tracker.errors import WriteFailed
from tracker.files.atomic import write_atomic

from .helpers import DATA

REAL_FLOCK = fcntl.flock


@pytest.fixture
def timeline(tmp_path: Path) -> Path:
    path = tmp_path / "commented.toml"
    shutil.copy(DATA / "commented.toml", path)
    return path


def adding(event_id: str) -> Callable[[str], str]:
    return lambda text: add_event(text, NewEvent(event_id, title=event_id, date="2019-02-01"))


def pause_before_first_flock(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]):
    """Run `meanwhile` once, after the edit under test opened the file and before it locks it."""
    calls = []

    def flock(handle, operation):
        if not calls:
            calls.append(handle)
            meanwhile()
        return REAL_FLOCK(handle, operation)

    monkeypatch.setattr(fcntl, "flock", flock)


def ids(path: Path) -> list[str]:
    import tomllib

    return [event["id"] for event in tomllib.loads(path.read_text())["event"]]


def test_an_edit_that_locked_a_replaced_file_waits_for_the_one_holding_the_new_file(
    timeline, monkeypatch
):
    holder: list[int] = []

    def a_then_c() -> None:
        edit_path(timeline, adding("a"), None)  # replaces the file: a new inode
        handle = os.open(timeline, os.O_RDONLY)  # c locks the new file and reads it
        REAL_FLOCK(handle, fcntl.LOCK_EX)
        holder.append(handle)
        c_text = adding("c")(timeline.read_text())

        def c_writes_and_unlocks() -> None:
            write_atomic(timeline, c_text.encode())
            os.close(handle)

        threading.Timer(0.3, c_writes_and_unlocks).start()

    pause_before_first_flock(monkeypatch, a_then_c)
    edit_path(timeline, adding("b"), None)
    assert ids(timeline)[-3:] == ["a", "c", "b"]  # nobody's event lost


def test_a_lock_held_too_long_is_refused_naming_its_holder(timeline, monkeypatch):
    monkeypatch.setattr(write, "LOCK_WAIT", 0.2, raising=False)
    before = timeline.read_bytes()
    with timeline.open("rb") as held:
        REAL_FLOCK(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(WriteFailed) as refused:
            edit_path(timeline, adding("b"), None)
    assert str(refused.value).startswith(f"{timeline}: locked by process {os.getpid()} (")
    assert str(refused.value).endswith(") for 0.2 s; nothing was written, try again")
    assert timeline.read_bytes() == before


def test_the_lock_on_a_replaced_file_does_not_count(timeline, monkeypatch):
    """The holder of the file now at the path blocks an edit that locked the file it replaced."""
    monkeypatch.setattr(write, "LOCK_WAIT", 0.2, raising=False)
    held: list[int] = []

    def replaced_then_held() -> None:
        write_atomic(timeline, timeline.read_bytes() + b"\n")
        handle = os.open(timeline, os.O_RDONLY)
        REAL_FLOCK(handle, fcntl.LOCK_EX)
        held.append(handle)

    pause_before_first_flock(monkeypatch, replaced_then_held)
    try:
        with pytest.raises(WriteFailed, match="locked by process"):
            edit_path(timeline, adding("b"), None)
    finally:
        os.close(held[0])
    assert "b" not in ids(timeline)
