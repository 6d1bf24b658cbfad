"""`tracker diff`: what changed between two days, as aligned text or as the JSON document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pendulum

from events.diff import Change
from events.resolved import ResolvedTimeline
from tracker.render.formats.json import event_dict, timeline_head
from tracker.render.terminal.explain import revision_line


def render_changes(
    timeline: ResolvedTimeline, changes: Sequence[Change], since: pendulum.Date
) -> str:
    """One line per change (kind, id, dates, title), its reasons indented beneath it."""
    span = f"after {since.isoformat()} up to {timeline.as_of.isoformat()}"
    if not changes:
        return f"{timeline.timeline.id}: no changes {span}\n"
    rows = [(c.kind, c.event.id, _dates(c), c.event.event.title) for c in changes]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{timeline.timeline.id}: changes {span}"]
    for change, row in zip(changes, rows, strict=True):
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[3]]))
        lines.extend(f"    {revision_line(r)}" for r in change.revisions)
        if change.cause:
            lines.append(f"    follows {change.cause}")
    return "\n".join(lines) + "\n"


def changes_document(
    timelines: Sequence[tuple[ResolvedTimeline, Sequence[Change]]], since: pendulum.Date
) -> dict[str, Any]:
    """The JSON document of `show --json`; each event also has `change`, `before`, `cause`."""
    heads = [timeline_head(t) for t, _ in timelines]
    until = timelines[0][0].as_of
    events = [
        {
            **event_dict(c.event, t.timeline.id, until),
            "change": c.kind,
            "before": c.previous.span_label if c.previous else None,
            "decided": [r.on.isoformat() for r in c.revisions],
            "cause": c.cause,
        }
        for t, changes in timelines
        for c in changes
    ]
    head: dict[str, Any] = {"timeline": heads[0]} if len(heads) == 1 else {"timelines": heads}
    return {**head, "as_of": until.isoformat(), "since": since.isoformat(), "events": events}


def _dates(change: Change) -> str:
    after = change.event.span_label
    if change.kind == "moved" and change.previous is not None:
        return f"{change.previous.span_label} -> {after}"
    return after
