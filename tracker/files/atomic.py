"""Writing files so that nothing already on disk is ever lost, half-written or mistaken for a file.

Every write of the project (`export -o`, `publish`, the editing commands) goes through
`write_atomic`, which touches regular files only. A device, FIFO, socket or directory at the
target is refused before anything is read or written: replacing `/dev/null` with a regular file,
reading `/dev/zero` without end or blocking on a FIFO are what a plain "write to a temporary file
and rename" does to them. A symbolic link is written through: its target is replaced atomically
and the link stays a link, as an editor would leave it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tracker.errors import NotARegularFile

_TEMPORARY = ".tmp-"  # `.NAME.tmp-PID-XXXX`: the PID says whether its writer is still alive

_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


def writable_target(path: str | Path) -> Path:
    """The regular file that writing `path` replaces: the path itself, or a link's final target.

    Raises `NotARegularFile` when that is a device, FIFO, socket or directory. A path that does
    not exist yet is fine: it will be created.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError:
        return target  # unreadable metadata: the write itself will say why it fails
    if not stat.S_ISREG(mode):
        raise NotARegularFile(path, _KINDS.get(stat.S_IFMT(mode), "not a regular file"))
    return target


def write_atomic(path: str | Path, data: bytes, *, exclusive: bool = False) -> bool:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A failed or interrupted write leaves the old file whole; temporary files that a killed writer
    left beside it are removed on the next write. Returns False, touching nothing, when the file
    already holds exactly these bytes, so static hosts keep their ETags. The old file is read
    only when its size equals the new data's, so no target is ever read without bound.
    `exclusive` creates the file or fails with `FileExistsError`, never replacing one that
    appeared since the caller looked (a hard link, which unlike a rename refuses a target).
    """
    import tempfile  # here, not at the top: `tracker until` imports this module and never writes

    target = writable_target(path)
    folder = target.parent
    _remove_stale_temporaries(folder, target.name)
    if not exclusive and _holds(target, data):
        return False
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}{_TEMPORARY}{os.getpid()}-", dir=folder
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        Path(temporary).chmod(mode)
        writable_target(path)  # still a regular file (or nothing) just before the rename
        if exclusive:
            os.link(temporary, target)
            Path(temporary).unlink()
        else:
            Path(temporary).replace(target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename in (None, temporary):
            exc.filename = str(path)  # the user named the file, not our temporary one
        raise
    return True


def _holds(target: Path, data: bytes) -> bool:
    try:
        with target.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size != len(data):
                return False
            return stream.read(len(data) + 1) == data
    except OSError:
        return False  # missing or unreadable: write it


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove `.NAME.tmp-PID-*` files whose writer is no longer running (killed mid-write)."""
    prefix = f".{name}{_TEMPORARY}"
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(prefix) :].partition("-")[0]
        if (
            pid.isascii()
            and pid.isdigit()
            and not _alive(int(pid))
            and entry.is_file(follow_symlinks=False)
        ):
            Path(entry.path).unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
