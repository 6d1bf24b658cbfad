"""`tracker export FORMAT`: one renderer per format, imported only when that format is asked for.

Each renderer takes the resolved timelines and the as-of day and returns the file's bytes, so the
same function serves stdout, `-o FILE`, `publish` and the feed server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module

import pendulum

from events.resolve import ResolvedTimeline

Renderer = Callable[[Sequence[ResolvedTimeline], pendulum.Date], bytes]

# format name -> "module:function"; the module is imported only when the format is used.
RENDERERS: dict[str, str] = {
    "ics": "tracker.render.ics:render_ics",
    "json": "tracker.render.json:render_export",
}


def renderer(name: str) -> Renderer:
    module, _, function = RENDERERS[name].partition(":")
    return getattr(import_module(module), function)


def export(name: str, timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """The bytes of one export format for these timelines as of one day."""
    return renderer(name)(timelines, as_of)
