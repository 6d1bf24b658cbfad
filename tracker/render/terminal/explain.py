"""`tracker explain`: how a date was reached, rule by rule, with the sources behind each step."""

from __future__ import annotations

from collections.abc import Sequence

from events.dates import DateValue
from events.model import Revision, Source
from events.resolved import ResolvedEvent, ResolvedTimeline


def derivation(event: ResolvedEvent) -> str:
    """One line: `= withdrawal-notice + 6 months = 2019-08-02 (INF Art. XV(2))`, or the given date.

    The feed's DESCRIPTION carries this same line, so a calendar shows why a date is what it is.
    """
    value = _date_text(event.date)
    revision = _date_revision(event)
    if event.expression is not None:
        line = f"= {event.expression} = {value}"
    elif revision is not None:
        line = f"= {value} (revised {revision.on.isoformat()})"
    else:
        line = f"= {value} (given)"
    rule = event.event.rule if revision is None else revision.rule
    return f"{line} ({rule})" if rule else line


def _date_revision(event: ResolvedEvent) -> Revision | None:
    """The revision whose date is in force, if one replaced the date as first written: its own
    rule, not the original's, is the citation for the value now in force."""
    return next((r for r in reversed(event.revisions) if r.date is not None), None)


def end_line(event: ResolvedEvent) -> str | None:
    """`ends = withdrawal-effective = 2019-08-02` for a span, else None.

    Shared with the feed's DESCRIPTION, where a span's end needs its reason as much as its start.
    """
    if event.end is None:
        return None
    rule = f"= {event.end_expression} = " if event.end_expression else "= "
    return f"ends {rule}{_date_text(event.end)}"


def original_line(event: ResolvedEvent) -> str | None:
    """`first known as art50-notice + 2 years = 2019-03-29` once a revision moved it, else None.

    Shared with the feed's DESCRIPTION: revision lines say where a date went, this where it began.
    """
    if event.original is None:
        return None
    rule = f" ({event.event.rule})" if event.event.rule else ""
    return f"first known as {_first_known(event)}{rule}"


def render_explain(resolved: ResolvedTimeline, event_id: str) -> str:
    """The whole chain behind an event, the event itself first."""
    blocks = [_block(event) for event in resolved.chain(event_id)]
    return "\n\n".join(blocks) + "\n"


def source_line(source: Source) -> str:
    """`Title, url (date)`; the URL once when it is the title too (a source added without
    --source-title)."""
    parts = [source.title]
    if source.url and source.url != source.title:
        parts.append(source.url)
    text = ", ".join(parts)
    return f"{text} ({source.date.isoformat()})" if source.date else text


def revision_line(revision: Revision) -> str:
    """`2019-03-22: date 2019-04-12, reason`; what changed, then why."""
    changes = [
        f"{name} {value.label if isinstance(value, DateValue) else value}"
        for name, value in (
            ("date", revision.date),
            ("end", revision.end),
            ("status", revision.status),
        )
        if value is not None
    ]
    rule = f" ({revision.rule})" if revision.rule else ""
    return f"{revision.on.isoformat()}: {', '.join(changes)}{rule}: {revision.reason}"


def _block(event: ResolvedEvent) -> str:
    lines = [f"{event.id} {derivation(event)}"]
    if (ends := end_line(event)) is not None:
        lines.append(f"  {ends}")
    lines.append(f"  {event.event.title} ({event.event.kind}, {event.status})")
    if (first := original_line(event)) is not None:
        lines.append(f"  {first}")
    for revision in event.revisions:
        lines.append(f"  revised {revision_line(revision)}")
        lines.extend(f"    source: {source_line(s)}" for s in revision.sources)
    lines.extend(f"  source: {source_line(s)}" for s in event.event.sources)
    if not event.event.sources:
        lines.append("  source: none given")
    return "\n".join(lines)


def _first_known(event: ResolvedEvent) -> str:
    """The date before any revision, with the rule it came from: `art50-notice + 2 years =
    2019-03-29`; the date in force when no revision moved it (one that only changed a status)."""
    rule = f"{event.original_expression} = " if event.original_expression else ""
    return f"{rule}{_date_text(event.original or event.date)}"


def _date_text(value: DateValue) -> str:
    return f"about {value.label}" if value.approximate else value.label


def render_history(timelines: Sequence[ResolvedTimeline]) -> str:
    """`show --history`: every event that has revisions in force, with each decision in turn."""
    blocks = []
    for timeline in timelines:
        for event in timeline:
            if not event.revisions:
                continue
            lines = [f"{event.id}: {event.event.title}"]
            lines.append(f"  first known: {_first_known(event)}")
            lines.extend(f"  {revision_line(r)}" for r in event.revisions)
            blocks.append("\n".join(lines))
    if not blocks:
        return "History: no revisions in force.\n"
    return "History\n\n" + "\n\n".join(blocks) + "\n"
