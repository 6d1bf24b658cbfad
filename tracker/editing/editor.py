"""`tracker edit`: the user's editor on a copy, the real file replaced only by a valid timeline.

Like `visudo`: the editor never opens the real file. It edits a copy (named `ID.toml`, so the
editor highlights TOML, in a private temporary folder); on save the copy is checked as `tracker
check` would, and only a valid copy replaces the file, through the one write path (compared
before replacing, atomic). An invalid copy is shown with its problems, and the user chooses to
edit it again or to abandon it; an editor that exits non-zero abandons the edit. The file stays
locked for the session, so another tracker command cannot change it underneath.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pendulum

from tracker.editing.write import editable_file, locked, read_bytes, replace
from tracker.errors import InvalidEdit, WriteFailed
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
            return shlex.split(value)
    return ["vi"]


def run_editor(path: Path) -> int:
    """Run the editor on `path` in the foreground; its exit status."""
    command = editor_command()
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except OSError as exc:
        message = f"cannot run the editor {command[0]!r} ({exc.strerror}); nothing was written"
        raise WriteFailed(message) from None


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
    try:
        with locked(path):
            before = read_bytes(path)
            copy = folder / path.name
            write_atomic(copy, before)
            while True:
                status = editor(copy)
                if status != 0:
                    raise WriteFailed(
                        f"{path}: the editor exited with status {status}; nothing was written"
                    )
                after = read_bytes(copy)
                if after == before:
                    return Edited(path, False)
                try:
                    replace(path, before, after, as_of)
                except InvalidEdit as exc:
                    if not edit_again(exc.problems):
                        raise WriteFailed(f"{path}: edit abandoned; nothing was written") from None
                else:
                    return Edited(path, True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
