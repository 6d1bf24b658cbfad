"""`tracker export FORMAT`: one renderer per format, imported only when that format is asked for.

Each renderer takes the resolved timelines and the as-of day and returns the file's bytes, so the
same function serves stdout, `-o FILE`, `publish` and the feed server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from tracker.memory import paused_gc

if TYPE_CHECKING:  # the CLI imports this module at start-up: keep it light
    import pendulum

    from events.resolved import ResolvedTimeline

Renderer = Callable[[Sequence["ResolvedTimeline"], "pendulum.Date"], bytes]
LinkedRenderer = Callable[[Sequence["ResolvedTimeline"], "pendulum.Date", str], bytes]

# format name -> "module:function"; the module is imported only when the format is used.
RENDERERS: dict[str, str] = {
    "csv": "tracker.render.formats.csv:render_export",
    "html": "tracker.render.web.page:render_export",
    "ics": "tracker.render.formats.ics:render_ics",
    "json": "tracker.render.formats.json:render_export",
    "md": "tracker.render.formats.markdown:render_export",
    "mermaid": "tracker.render.formats.mermaid:render_export",
    "text": "tracker.render.terminal.screen:render_export",
    "timelinejs": "tracker.render.formats.timelinejs:render_export",
}
# `export text --chart`: the text export drawn as the chart instead of the table.
CHART = "tracker.render.terminal.chart:render_export"


def renderer(name: str, chart: bool = False) -> Renderer:
    module, _, function = (CHART if chart else RENDERERS[name]).partition(":")
    found: Renderer = getattr(import_module(module), function)  # each has Renderer's signature
    return found


# Formats whose links can be absolute: given the address the files are published under.
LINKED: dict[str, str] = {"html": "tracker.render.web.page:render_page"}


def export(
    name: str,
    timelines: Sequence[ResolvedTimeline],
    as_of: pendulum.Date,
    chart: bool = False,
    base: str | None = None,
) -> bytes:
    """The bytes of one export format for these timelines as of one day; `chart` asks for the
    text format as a chart; `base` the address the files are published under, for a format in
    LINKED (ignored by the others, which link to nothing of their own)."""
    with paused_gc():
        if base is not None and name in LINKED:
            module, _, function = LINKED[name].partition(":")
            linked: LinkedRenderer = getattr(import_module(module), function)
            return linked(timelines, as_of, base)
        return renderer(name, chart)(timelines, as_of)
