"""One fingerprint of the installed program, so that a cached answer never outlives the code and
the clause library that computed it.

The version string alone cannot say that: it stays the same across commits, and an upgrade that
corrects a clause keeps it. So the fingerprint hashes what the answer depends on:

- an installed package: its dist-info `RECORD`, which lists the sha256 of every installed file,
  found beside the package itself (one read, no `importlib.metadata`, which costs more to import
  than the whole quick path);
- an editable install or a source checkout, whose `RECORD` lists none of the source: the path,
  size and modification time of every file of the `tracker` and `events` packages;
- in both cases the clause library's bytes, which decide every date derived from a clause.

Only the standard library is imported: this runs on `tracker until -q`'s quick path.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

try:  # as in tracker.answers: hashlib would load OpenSSL first
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

from tracker import __version__

DISTRIBUTION = "withdrawal_tracker"  # the project's name as dist-info folders spell it
PACKAGES = ("tracker", "events")
CLAUSES = Path("events", "clauses.toml")


@functools.cache
def installation_fingerprint() -> str:
    """A hash that changes whenever the installed code or the clause library changes."""
    root = Path(__file__).resolve().parents[2]  # site-packages, or the source checkout
    hasher = blake2b(__version__.encode(), digest_size=32)
    record = _record(root)
    hasher.update(record if record is not None else _source_signature(root))
    hasher.update(b"\0clauses\0")
    hasher.update(_read(root / CLAUSES))
    return hasher.hexdigest()


def _record(root: Path) -> bytes | None:
    """The bytes of this version's dist-info RECORD beside the package, if installed so."""
    try:
        return (root / f"{DISTRIBUTION}-{__version__}.dist-info" / "RECORD").read_bytes()
    except OSError:
        return None


def _source_signature(root: Path) -> bytes:
    """Each source file's path, size and modification time: what an edit of the code changes."""
    lines = []
    for package in PACKAGES:
        for folder, subfolders, files in os.walk(root / package):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                path = f"{folder}{os.sep}{name}"
                try:
                    info = os.stat(path)  # noqa: PTH116 (a Path per file costs on the quick path)
                except OSError:
                    continue
                lines.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\n".join(lines).encode("utf-8", "surrogateescape")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""
