"""The answer cache: `tracker until EVENT -q` remembered by everything that decides it, so a
status bar or a shell prompt that asks on every redraw gets the number without the program
loading, parsing and resolving the timelines again.

An answer is keyed by a hash of each timeline file's bytes (not its modification time, which
`rsync -t` and `cp -p` keep while the content changes), the installation's fingerprint (the code
and the clause library: `tracker.files.installation`), the day counted
from, `--hindsight` and the event as named. Without `--as-of` the day is today in the first
timeline's zone; the cache remembers that zone for each file's hash, so the quick path needs no
TOML parser to know which day it is. Entries are never invalidated: a change to any input is a
different key. Only answers are stored (an error is never cached), each written to a temporary
file and renamed, so a reader never sees half an entry.

Whoever else can write into the folder could plant answers or links, so the folder is used only
when the user owns it and nobody else can write into it (or only with the sticky bit); the
temporary file is created with O_EXCL and O_NOFOLLOW, and an entry is read only when it is a
small regular file, opened without following a link or waiting on a FIFO. A bad entry is a miss.

The folder is `$TRACKER_CACHE`, else the user cache folder `platformdirs` gives; a folder that
cannot be written (a read-only home) is skipped silently, and `TRACKER_NO_CACHE=1` turns the
cache off. This module imports only the standard library and `tracker.files.locations`: it runs
before click, pendulum and the rest of the program are imported, or instead of them.

A home set apart with `$TRACKER_HOME` (for a test, a project, a shared machine) keeps its cache
with it: without `$TRACKER_CACHE`, the folder is then `$TRACKER_HOME/.cache`, made private with
a CACHEDIR.TAG so that backup tools skip it.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

try:  # what hashlib.blake2b is, without hashlib loading OpenSSL first (a few ms of start-up)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

from tracker.clock import today_iso
from tracker.files.home import APP_NAME, ENV_HOME
from tracker.files.installation import installation_fingerprint
from tracker.files.locations import timeline_file
from tracker.files.reading import read_regular
from tracker.files.userdirs import user_cache_dir

ENV_CACHE = "TRACKER_CACHE"
ENV_NO_CACHE = "TRACKER_NO_CACHE"
NO_DAYS = "none"
"""The answer kept for an event with no days to count (cancelled...): `-q` prints nothing."""
EXIT_NO_DAYS = 3
"""`until -q`'s exit code for that answer, on the quick path and the full command line alike."""
_ANSWER = re.compile(r"-?[0-9]+|none")


def cache_dir() -> Path | None:
    """Where answers are kept: $TRACKER_CACHE, else `.cache` in $TRACKER_HOME (a home set apart,
    for a test or a project, keeps its cache with it), else the user cache folder; None when
    $TRACKER_NO_CACHE turns the cache off. The folder may not exist yet."""
    if os.environ.get(ENV_NO_CACHE, "").strip() not in ("", "0"):
        return None
    given = os.environ.get(ENV_CACHE, "").strip()
    if given:
        return Path(given).expanduser()
    home = os.environ.get(ENV_HOME, "").strip()
    if home:
        return _tagged(Path(home).expanduser() / ".cache")
    return Path(user_cache_dir(APP_NAME))


CACHEDIR_TAG = b"""Signature: 8a477f597d28d172789f06886806bc55
# This file is a cache directory tag created by withdrawal-tracker.
# For information about cache directory tags, see https://bford.info/cachedir/
"""
"""What marks the home's cache as a cache (the Cache Directory Tagging spec), so backup and
archiving tools that honour it (tar --exclude-caches, borg, restic) skip it."""


def _tagged(folder: Path) -> Path:
    """`folder`, made private to the user with its CACHEDIR.TAG when it does not exist yet. One
    that exists is left as it is (made and tagged earlier, or not the tool's to tag); one that
    cannot be made is returned all the same, and the cache then skips it as any unwritable one."""
    try:
        folder.mkdir(mode=0o700, parents=True)
    except OSError:
        return folder
    with contextlib.suppress(OSError):
        _write_new(folder / "CACHEDIR.TAG", CACHEDIR_TAG, mode=0o644)
    return folder


def fingerprint(names: tuple[str, ...]) -> tuple[str, ...] | None:
    """The hash of each timeline's bytes, found as `-t` finds them; None when the cache is off
    or a timeline cannot be found or read (the full command line then says why)."""
    if cache_dir() is None:
        return None
    digests = []
    for name in names:
        try:
            found = timeline_file(name)
            if found is None:
                return None
            digests.append(_digest(found.read_bytes()))
        except (OSError, ValueError):
            return None
    return tuple(digests)


def recall_until(
    names: tuple[str, ...], as_of: str | None, hindsight: bool, event: str
) -> str | None:
    """The remembered answer of `tracker until EVENT -q` (the signed number of days, as text,
    or `NO_DAYS` for an event with none to count), or None when there is none: the full
    command line then computes it (and remembers it)."""
    digests = fingerprint(names)
    if not digests:
        return None
    day = as_of
    if day is None:
        zone = _recall(_zone_key(digests[0]))
        if zone is None:
            return None
        try:
            day = today_iso(zone)
        except (ValueError, LookupError):  # a corrupt or planted zone name: compute instead
            return None
    answer = _recall(_until_key(digests, day, hindsight, event))
    return answer if answer is not None and _ANSWER.fullmatch(answer) else None


def remember_until(
    digests: tuple[str, ...], day: str, hindsight: bool, event: str, answer: str, zone: str
) -> None:
    """Keep an answer the full command line computed from the files whose hashes are `digests`,
    as of `day`, and the first timeline's zone, which says what "today" is without --as-of."""
    _remember(_until_key(digests, day, hindsight, event), answer)
    _remember(_zone_key(digests[0]), zone)


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=32).hexdigest()


def _until_key(digests: tuple[str, ...], day: str, hindsight: bool, event: str) -> str:
    parts = [
        installation_fingerprint(),
        "until -q",
        str(len(digests)),
        *digests,
        day,
        str(hindsight),
        event,
    ]
    return _digest("\0".join(parts).encode("utf-8", "surrogatepass"))


def _zone_key(digest: str) -> str:
    return _digest(f"{installation_fingerprint()}\0zone\0{digest}".encode())


def _recall(key: str) -> str | None:
    folder = cache_dir()
    if folder is None or not _trusted_folder(folder):
        return None
    data = _read_entry(folder / key)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _remember(key: str, text: str) -> None:
    folder = cache_dir()
    if folder is None:
        return
    with contextlib.suppress(OSError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _trusted_folder(folder):
        return
    temporary = folder / f".{key}.{os.getpid()}.{os.urandom(8).hex()}.tmp"
    try:
        _write_new(temporary, text.encode("utf-8"))
        temporary.replace(folder / key)
    except OSError:  # read-only, full or missing: the cache is an optimisation, never an error
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


_ENTRY_LIMIT = 256  # bytes: an answer or a zone name is far shorter; anything longer is not ours


def _trusted_folder(folder: Path) -> bool:
    """Whether entries in `folder` can be trusted and written: it is a folder the user owns that
    nobody else can write into (a group- or world-writable one only with the sticky bit, which
    stops others replacing the user's entries). Otherwise anyone who can write there could plant
    answers, or links that the user's next write would follow."""
    try:
        info = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or bool(info.st_mode & stat.S_ISVTX)


def _read_entry(path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, or None for anything else: a link is not
    followed, a FIFO is neither waited on nor read, and an entry larger than any answer is not
    read at all."""
    try:
        return read_regular(path, _ENTRY_LIMIT, follow_links=False)
    except OSError:
        return None


def _write_new(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Create `path` (for the user alone, unless `mode` says otherwise), failing rather than
    following or reusing anything already there (a planted link or file)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    handle = os.open(path, flags, mode)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
