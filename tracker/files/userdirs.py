"""The user's data and cache folders, as `platformdirs` gives them, without importing it on Linux.

`platformdirs` imports `tempfile` (and with it `shutil`, `random`, `bz2`, `lzma`) to know every
folder of every platform; the quick path of `tracker until` needs two folders and its whole
budget is a few milliseconds. On Linux, with an absolute `$HOME` and no Android in sight, the
two folders are the XDG ones (`$XDG_DATA_HOME` or `~/.local/share`, `$XDG_CACHE_HOME` or
`~/.cache`, an XDG variable counting only when it is an absolute path), and this module computes
them; everywhere else, and in every doubtful case, it asks `platformdirs`. The tests compare the
two for each case the shortcut takes.
"""

from __future__ import annotations

import os
import posixpath
import sys


def user_data_dir(app: str) -> str:
    """`platformdirs.user_data_dir(app, appauthor=False)`."""
    if _plain_linux():
        return _xdg("XDG_DATA_HOME", "~/.local/share", app)
    import platformdirs

    return platformdirs.user_data_dir(app, appauthor=False)


def user_cache_dir(app: str) -> str:
    """`platformdirs.user_cache_dir(app, appauthor=False)`."""
    if _plain_linux():
        return _xdg("XDG_CACHE_HOME", "~/.cache", app)
    import platformdirs

    return platformdirs.user_cache_dir(app, appauthor=False)


def _plain_linux() -> bool:
    """Linux that is not Android, with an absolute $HOME: the case computed here."""
    android = hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ
    home = os.environ.get("HOME", "")
    return sys.platform == "linux" and not android and posixpath.isabs(home)


def _xdg(variable: str, default: str, app: str) -> str:
    base = os.environ.get(variable, "")
    if not posixpath.isabs(base):
        base = posixpath.expanduser(default)
    return posixpath.join(base, app)
