"""`tracker publish DIR`: the server's files, written for a static host or CDN.

A static host serves many more subscribers than `tracker serve` ever will, with its own ETags and
Last-Modified taken from the files; so every file is written atomically, and a file whose bytes
did not change is not touched at all, keeping its mtime and the host's validators.
"""

from __future__ import annotations

from pathlib import Path

from tracker.files.atomic import write_atomic
from tracker.render.web.index import render_index
from tracker.site.store import FeedStore

INDEX = "index.html"


def publish(folder: Path, store: FeedStore, base: str | None) -> list[tuple[str, bool]]:
    """Write every file of `store` and an index page into `folder` (made if missing).

    Returns (file name, written) for each file, in order; `written` is False for a file that
    already held these bytes. Files of timelines no longer published are left alone.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: feed.body for name, feed in store.files().items()}
    files[INDEX] = render_index(store.listings(), base)
    return [(name, write_atomic(folder / name, data)) for name, data in files.items()]
