"""The one JSON shape (docs/json.md), the same for `show`, `next`, `until` and `export json`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pendulum

from events.dates import DateValue
from events.model import Source
from events.resolved import ResolvedEvent, ResolvedTimeline
from events.select import in_date_order


def timeline_head(resolved: ResolvedTimeline) -> dict[str, Any]:
    timeline = resolved.timeline
    return {"id": timeline.id, "title": timeline.title, "timezone": timeline.timezone}


def event_dict(event: ResolvedEvent, timeline_id: str, as_of: pendulum.Date) -> dict[str, Any]:
    """One event; every key is always present so scripts need not guess."""
    return {
        "id": event.id,
        "title": event.event.title,
        "kind": event.event.kind,
        "status": event.status,
        "date": event.date.label,
        "end": event.end.label if event.end else None,
        "precision": event.date.precision,
        "approximate": event.date.approximate,
        "derived": event.derived,
        "expression": str(event.expression) if event.expression else None,
        "rule": event.event.rule,
        "days_until": event.days_left(as_of),  # null when there are none (`status` says why)
        "counted": "end" if event.running else "start",
        "known": event.known.isoformat() if event.known else None,
        "tags": list(event.event.tags),
        "description": event.event.description,
        "sources": [source_dict(s) for s in event.event.sources],
        "revisions": [
            {
                "on": r.on.isoformat(),
                "date": _spec_text(r.date),
                "end": _spec_text(r.end),
                "status": r.status,
                "rule": r.rule,
                "reason": r.reason,
                "sources": [source_dict(s) for s in r.sources],
            }
            for r in event.revisions
        ],
        "original": event.original.label if event.original else None,
        "recorded": event.recorded,
        "objections": [
            {
                "party": o.party,
                "on": o.on.isoformat(),
                "sources": [source_dict(s) for s in o.sources],
            }
            for o in event.objections
        ],
        "timeline": timeline_id,
    }


def source_dict(source: Source) -> dict[str, Any]:
    return {
        "title": source.title,
        "url": source.url,
        "date": source.date.isoformat() if source.date else None,
        "secondary": source.secondary,
    }


def document(
    timelines: Sequence[ResolvedTimeline],
    events: Iterable[tuple[ResolvedTimeline, ResolvedEvent]],
    as_of: pendulum.Date,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The top-level object; `timelines` (a list) replaces `timeline` when there are several."""
    head: dict[str, Any]
    if len(timelines) == 1:
        head = {"timeline": timeline_head(timelines[0])}
    else:
        head = {"timelines": [timeline_head(t) for t in timelines]}
    body = [event_dict(e, t.timeline.id, as_of) for t, e in events]
    return {**head, "as_of": as_of.isoformat(), **(extra or {}), "events": body}


def until_document(
    timeline: ResolvedTimeline, event: ResolvedEvent, as_of: pendulum.Date
) -> dict[str, Any]:
    """`until --json`: the one event, with `days_until_latest` when its date is vague, null
    when it is open (no last day is decided) or there are no days to count (cancelled...)."""
    data = document([timeline], [(timeline, event)], as_of)
    if event.counted.is_vague:
        uncounted = event.open or event.uncounted(as_of) is not None
        latest = None if uncounted else event.days_until_latest(as_of)
        data["events"][0]["days_until_latest"] = latest
    return data


def dumps(data: dict[str, Any]) -> str:
    """Stable, readable JSON: the same input gives the same bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _spec_text(spec: object) -> str | None:
    if spec is None:
        return None
    if isinstance(spec, DateValue):
        return spec.label
    return str(spec)


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """`tracker export json`: every event of every timeline, in date order."""
    return dumps(document(timelines, in_date_order(timelines), as_of)).encode("utf-8")
