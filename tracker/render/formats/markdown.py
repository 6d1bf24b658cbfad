"""`tracker export md`: a timeline as Markdown for a newsroom page or a README.

A heading, the as-of line, the description, one table row per event, and the sources as a
numbered list of links that the table's Sources column points into. Every table cell is escaped,
so a title with `|` or `*` cannot break the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

import pendulum

from events.model import Source
from events.resolved import ResolvedTimeline
from tracker.render.cells import date_cell, status_cell, when_cell

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def escape(text: str) -> str:
    """Text that Markdown shows as written, on one line.

    >>> escape("Six-month notice | Article *XV*")
    'Six-month notice \\\\| Article \\\\*XV\\\\*'
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def link_target(url: str) -> str:
    """A URL that cannot end a Markdown link early: spaces and parentheses percent-encoded."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%~")


def render_markdown(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> str:
    """One section per timeline, then every source once, numbered in order of first use."""
    sources: dict[Source, int] = {}
    several = len(timelines) > 1
    lines = ["# Treaty timelines", ""] if several else []
    for resolved in timelines:
        lines += _section(resolved, as_of, "##" if several else "#", sources)
    if sources:
        lines += ["## Sources", ""]
        lines += [f"{n}. {_source_text(source)}" for source, n in sources.items()]
        lines.append("")
    return "\n".join(lines)


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    return render_markdown(timelines, as_of).encode("utf-8")


def _section(
    resolved: ResolvedTimeline,
    as_of: pendulum.Date,
    heading: str,
    sources: dict[Source, int],
) -> list[str]:
    timeline = resolved.timeline
    lines = [f"{heading} {escape(timeline.title)}", ""]
    derived = any(event.derived for event in resolved)
    note = " Dates marked \\* are derived from the treaty's rules." if derived else ""
    lines += [f"As of {as_of.isoformat()}.{note}", ""]
    if timeline.description:
        lines += [escape(timeline.description), ""]
    if not len(resolved):
        return [*lines, "No events match.", ""]
    lines += ["| Date | When | Event | Kind | Status | Sources |", "|---|---|---|---|---|---|"]
    for event in resolved:
        links = [_cite(source, sources) for source in event.event.sources]
        cells = [
            date_cell(event),
            when_cell(event, as_of),
            event.event.title,
            event.event.kind,
            status_cell(event),
        ]
        row = [escape(cell) for cell in cells] + [" ".join(links)]
        lines.append(f"| {' | '.join(row)} |")
    return [*lines, ""]


def _cite(source: Source, sources: dict[Source, int]) -> str:
    """`[3](url)`: the source's number in the list below, linking straight to it."""
    number = sources.setdefault(source, len(sources) + 1)
    return f"[{number}]({link_target(source.url)})" if source.url else f"[{number}]"


def _source_text(source: Source) -> str:
    """`[Title](url), 2018-12-04`."""
    text = (
        f"[{escape(source.title)}]({link_target(source.url)})"
        if source.url
        else escape(source.title)
    )
    return f"{text}, {source.date.isoformat()}" if source.date else text
