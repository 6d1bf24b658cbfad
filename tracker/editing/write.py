"""The one path by which a user's timeline file changes: check, compare, replace atomically.

Every editing command (`new`, `copy`, `add`, `move`, `cancel`, `edit`, `import`) computes the
bytes it wants and hands them here. They are checked exactly as `tracker check` checks a file
(fields, rules, cycles, future revisions); an invalid result raises `InvalidEdit` and nothing is
written. Just before replacing, the file is read again and compared with the bytes the edit
started from: if someone else saved it meanwhile, `ChangedMeanwhile` is raised rather than
silently losing their work. The replacement itself is `tracker.files.atomic.write_atomic`, so a
crash leaves the old file whole. While an edit runs it holds an advisory lock (`flock`) on the
file, so two tracker commands editing one file take turns; a lock held for more than ten seconds
is refused, naming its holder.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pendulum

from events.problems import InvalidTimeline
from tracker.errors import (
    AlreadyExists,
    ChangedMeanwhile,
    InvalidEdit,
    ReadOnlyTimeline,
    TimelineNotFound,
    WriteFailed,
)
from tracker.files.atomic import write_atomic
from tracker.files.home import find_user_file
from tracker.files.load import bundled_ids
from tracker.memory import paused_gc
from tracker.queries import check_bytes


def editable_file(name: str) -> Path:
    """The file an editing command changes: a path as given, else the user's timeline with that
    id. A bundled id raises `ReadOnlyTimeline`; anything else `TimelineNotFound`."""
    path = Path(name)
    try:
        if path.is_file():
            return path
    except OSError as exc:  # a name the system cannot even look up: longer than 255 bytes
        raise TimelineNotFound(
            name, f"no such file ({(exc.strerror or str(exc)).lower()})"
        ) from None
    mine = find_user_file(name)
    if mine is not None:
        return mine
    if name in bundled_ids():
        raise ReadOnlyTimeline(name)
    raise TimelineNotFound(name)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or `WriteFailed` naming it and the reason."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot read ({exc.strerror}); nothing was written") from None


def validate(data: bytes, path: Path, as_of: pendulum.Date | None) -> None:
    """Raise `InvalidEdit` unless `data` passes every check `tracker check` makes."""
    problems = check_bytes(data, str(path), as_of).problems
    if problems:
        raise InvalidEdit(problems)


LOCK_WAIT = 10.0  # seconds a second edit waits for the first before giving up
_LOCK_POLL = 0.05


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` (when it exists) for the edit's duration.

    Every write replaces the file by a rename, so a lock on the inode that was opened can be a
    lock on a file no longer at `path`: an edit that opened the old inode just before another
    replaced it would lock a stale file while a third edit locks the new one, and one of the
    two updates would be lost. So after `flock` succeeds the lock is checked to be on the inode
    now at `path`, and taken again on the new one when it is not. Nothing is created beside the
    user's file. A lock held elsewhere is waited for up to `LOCK_WAIT` seconds, then refused
    naming the holder.
    """
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            handle = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield
            return
        except OSError as exc:
            message = f"{path}: cannot read ({exc.strerror}); nothing was written"
            raise WriteFailed(message) from None
        try:
            _wait_for_lock(handle, path, deadline)
            if _same_file(handle, path):
                yield
                return
        finally:
            os.close(handle)


def _wait_for_lock(handle: int, path: Path, deadline: float) -> None:
    """`flock` `handle`, polling until `deadline`; then `WriteFailed` naming who holds it."""
    import fcntl

    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = lock_holder(os.fstat(handle))
                raise WriteFailed(
                    f"{path}: locked by {holder} for {LOCK_WAIT:g} s; nothing was written, "
                    "try again"
                ) from None
            time.sleep(_LOCK_POLL)


def _same_file(handle: int, path: Path) -> bool:
    """Whether the locked descriptor is still the file at `path` (not renamed over meanwhile)."""
    try:
        now = path.stat()
    except OSError:
        return False  # gone or replaced mid-way: open it again
    locked_stat = os.fstat(handle)
    return (now.st_dev, now.st_ino) == (locked_stat.st_dev, locked_stat.st_ino)


def lock_holder(info: os.stat_result) -> str:
    """Who holds the `flock` on the file `info` describes: "process PID (NAME)" where Linux's
    /proc/locks says, else "another program"."""
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return "another program"
    for line in lines:
        fields = line.split()
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == wanted:
            return _process_name(fields[4])
    return "another program"


def _process_name(pid: str) -> str:
    """ "process PID (tracker edit)": the program's name and first argument, without the Python
    interpreter that runs it."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"process {pid}"
    words = [word.decode(errors="replace").split()[0] for word in raw.split(b"\0") if word.strip()]
    if words and Path(words[0]).name.startswith("python"):
        words = words[1:]
    shown = " ".join([Path(words[0]).name, *words[1:2]]) if words else ""
    return f"process {pid} ({shown})" if shown else f"process {pid}"


def replace(path: Path, before: bytes, after: bytes, as_of: pendulum.Date | None) -> bool:
    """Write `after` over `path`, which held `before` when the edit read it: validated first,
    compared just before the atomic rename. False when nothing changed."""
    validate(after, path, as_of)
    if read_bytes(path) != before:
        raise ChangedMeanwhile(
            f"{path}: changed by someone else since it was read; nothing was written, "
            "run the command again"
        )
    return _write(path, after)


def edit_file(name: str, change: Callable[[str], str], as_of: pendulum.Date | None) -> Path:
    """Apply `change` (the file's text to the new text) to the user's timeline `name` and write
    the result through `replace`, holding the lock throughout; returns the file's path."""
    return edit_path(editable_file(name), change, as_of)


def edit_path(path: Path, change: Callable[[str], str], as_of: pendulum.Date | None) -> Path:
    """`edit_file` on a path known to be the user's to edit."""
    with locked(path):
        before = read_bytes(path)
        try:
            text = before.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidEdit([f"{path}: not UTF-8 text ({exc.reason})"]) from None
        try:
            with paused_gc():  # tomlkit builds millions of objects and no garbage cycles
                after = change(text)
        except InvalidTimeline as exc:
            raise exc.located(str(path)) from None
        replace(path, before, after.encode("utf-8"), as_of)
    return path


def create(
    path: Path, data: bytes, as_of: pendulum.Date | None, if_exists: str, overwrite: bool = False
) -> None:
    """Write a new timeline file, validated first; an existing file is refused unless
    `overwrite`, so nobody's timeline is replaced by accident (`AlreadyExists`, exit 2, with
    `if_exists`: what the user can do instead)."""
    validate(data, path, as_of)
    if not overwrite and path.exists():
        raise AlreadyExists(path, if_exists)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = f"{path.parent}: cannot create ({exc.strerror}); nothing was written"
        raise WriteFailed(message) from None
    try:
        _write(path, data, exclusive=not overwrite)
    except FileExistsError:  # created by someone else since the check above
        raise AlreadyExists(path, if_exists) from None


def _write(path: Path, data: bytes, exclusive: bool = False) -> bool:
    try:
        return write_atomic(path, data, exclusive=exclusive)
    except FileExistsError:
        raise  # only an exclusive write meets one: `create` says what to do instead
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write ({exc.strerror}); nothing was written") from None
