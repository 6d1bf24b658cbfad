"""Reading files that someone else may have changed or replaced since we last looked.

The server reloads timelines it watches, `tracker sync --watch` resyncs them, and the answer
cache reads entries from a folder; each must see every change and must never be held by what it
finds there. So one stamp says when a file may have changed, and one read takes only a regular
file, opened without waiting (a FIFO in its place would hold the reader forever) and never past
a limit (a link to a device would read without end).

Only the standard library: the answer cache reads through here on `tracker until -q`'s quick
path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def change_stamp(path: Path) -> tuple[int, ...]:
    """What changes whenever the file's content may have: the ctime moves on every write and on
    every `utime` that puts an old mtime back (`cp -p`, `rsync -t`), and a rename puts another
    inode in place. OSError when the file cannot be looked at."""
    status = path.stat()
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev)


def read_regular(path: Path, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; OSError naming why
    otherwise (not a regular file, larger than the limit, a link where `follow_links` is off)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW)
    handle = os.open(path, flags)
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a FIFO, socket or device)")
        if status.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {_size(limit)}")
        with os.fdopen(os.dup(handle), "rb") as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:  # grew since the fstat
            raise OSError(errno.EFBIG, f"larger than {_size(limit)}")
        return data
    finally:
        os.close(handle)


def _size(limit: int) -> str:
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit} bytes"
