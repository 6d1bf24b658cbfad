"""`tracker edit`: the user's editor on a copy, the real file replaced only by a valid timeline.

Like `visudo`: the editor never opens the real file. It edits a copy (named `ID.toml`, so the
editor highlights TOML, in a private temporary folder); on save the copy is checked as `tracker
check` would, and only a valid copy replaces the file, through the one write path (compared
before replacing, atomic). An invalid copy is shown with its problems, and the user chooses to
edit it again or to abandon it; an editor that exits non-zero abandons the edit. The file stays
locked for the session, so another tracker command cannot change it underneath.

The user's text is never thrown away: when the session ends without writing it (another program
saved the file meanwhile, the editor failed, the user abandoned or pressed Ctrl-C at the prompt)
and the copy differs from the file, the copy is kept and the error names it. While the editor
runs, Ctrl-C belongs to the editor, as with `visudo` and `git commit`: tracker ignores it and the
editor decides what it means.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pendulum

from tracker.editing.write import editable_file, locked, read_bytes, replace
from tracker.errors import ChangedMeanwhile, InvalidEdit, WriteFailed
from tracker.files.atomic import write_atomic


@dataclass(frozen=True, slots=True)
class Edited:
    """What the session did: the file, and whether it was replaced."""

    path: Path
    changed: bool


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi, split as a shell would (`code --wait` works)."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as exc:  # an unbalanced quote
                message = (
                    f"${name} ({value!r}) cannot be read as a command ({exc}); nothing was written"
                )
                raise WriteFailed(message) from None
    return ["vi"]


def run_editor(path: Path) -> int:
    """Run the editor on `path` in the foreground; its exit status."""
    command = editor_command()
    with _ctrl_c_for_the_editor():
        try:
            return subprocess.run([*command, str(path)], check=False).returncode
        except OSError as exc:
            message = f"cannot run the editor {command[0]!r} ({exc.strerror}); nothing was written"
            raise WriteFailed(message) from None


@contextlib.contextmanager
def _ctrl_c_for_the_editor() -> Iterator[None]:
    """Let SIGINT reach only the editor while it runs (tracker waits on). A handler that does
    nothing, not SIG_IGN: an ignored signal would stay ignored in the editor, a handler is reset
    by exec. Only the main thread may set handlers; elsewhere Ctrl-C is not ours anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda number, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def edit_session(
    name: str,
    as_of: pendulum.Date | None,
    edit_again: Callable[[list[str]], bool],
    editor: Callable[[Path], int] = run_editor,
) -> Edited:
    """Edit the user's timeline `name` on a copy until it is valid or the user gives up.

    `edit_again` is shown the problems of an invalid copy and answers whether to reopen it.
    Raises `WriteFailed` (nothing written) when the editor fails or the user abandons.
    """
    path = editable_file(name)
    folder = Path(tempfile.mkdtemp(prefix="tracker-edit-"))
    copy = folder / path.name
    before: bytes | None = None
    try:
        with locked(path):
            before = read_bytes(path)
            write_atomic(copy, before)
            changed = _edit_until_valid(path, copy, before, as_of, edit_again, editor)
    except BaseException as exc:
        if before is None or not _differs(copy, before):
            shutil.rmtree(folder, ignore_errors=True)
            raise
        raise WriteFailed(f"{_why(exc, path)}; your edited copy is kept: {copy}") from None
    shutil.rmtree(folder, ignore_errors=True)
    return Edited(path, changed)


def _edit_until_valid(
    path: Path,
    copy: Path,
    before: bytes,
    as_of: pendulum.Date | None,
    edit_again: Callable[[list[str]], bool],
    editor: Callable[[Path], int],
) -> bool:
    """Run the editor on `copy` until it replaces `path` (True), is left unchanged (False), or
    the user gives up (`WriteFailed`)."""
    while True:
        status = editor(copy)
        if status != 0:
            message = f"{path}: the editor exited with status {status}; nothing was written"
            raise WriteFailed(message)
        after = read_bytes(copy)
        if after == before:
            return False
        try:
            replace(path, before, after, as_of)
        except InvalidEdit as exc:
            if not edit_again(exc.problems):
                raise WriteFailed(f"{path}: edit abandoned; nothing was written") from None
        else:
            return True


def _differs(copy: Path, before: bytes) -> bool:
    try:
        return copy.read_bytes() != before
    except OSError:
        return False


def _why(exc: BaseException, path: Path) -> str:
    """The first part of the error that names the kept copy: why nothing was written."""
    if isinstance(exc, ChangedMeanwhile):
        return (
            f"{path}: changed by another program while you edited; nothing was written "
            "(compare your copy with the file, then run `tracker edit` again)"
        )
    if isinstance(exc, WriteFailed):
        return str(exc)
    return f"{path}: edit interrupted; nothing was written"
