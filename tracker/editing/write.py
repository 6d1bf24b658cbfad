"""The one path by which a user's timeline file changes: check, compare, replace atomically.

Every editing command (`new`, `copy`, `add`, `move`, `cancel`, `edit`, `import`) computes the
bytes it wants and hands them here. They are checked exactly as `tracker check` checks a file
(fields, rules, cycles, future revisions); an invalid result raises `InvalidEdit` and nothing is
written. Just before replacing, the file is read again and compared with the bytes the edit
started from: if someone else saved it meanwhile, `ChangedMeanwhile` is raised rather than
silently losing their work. The replacement itself is `tracker.files.atomic.write_atomic`, so a
crash leaves the old file whole. While an edit runs it holds an advisory lock (`flock`) on the
file, so two tracker commands editing one file take turns, and a file another program has locked
is refused rather than waited for.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pendulum

from events.problems import InvalidTimeline
from tracker.errors import (
    AlreadyExists,
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
    if path.is_file():
        return path
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


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `path` (when it exists) for the edit's duration; a
    lock held elsewhere is refused at once, never waited for."""
    import fcntl

    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield
        return
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot read ({exc.strerror}); nothing was written") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = f"{path}: locked by another program; nothing was written, try again"
            raise WriteFailed(message) from None
        yield
    finally:
        os.close(handle)


def replace(path: Path, before: bytes, after: bytes, as_of: pendulum.Date | None) -> bool:
    """Write `after` over `path`, which held `before` when the edit read it: validated first,
    compared just before the atomic rename. False when nothing changed."""
    validate(after, path, as_of)
    if read_bytes(path) != before:
        raise WriteFailed(
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


def create(path: Path, data: bytes, as_of: pendulum.Date | None, if_exists: str,
           overwrite: bool = False) -> None:  # fmt: skip
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
