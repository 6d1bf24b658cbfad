"""Shell completion beyond click's own: timeline ids for -t, event ids for EVENT.

Click completes commands and options by itself (`_TRACKER_COMPLETE=bash_source tracker`); these
callbacks add the values only this program knows. A completion must never break the shell, so a
timeline that cannot be read completes to nothing rather than an error.
"""

from __future__ import annotations

import os

import click
from click.shell_completion import CompletionItem

from events.problems import InvalidTimeline
from tracker.home import user_ids
from tracker.load import TimelineNotFound, bundled_ids, load_timeline


def complete_timeline(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Your timelines' ids and the bundled ones that start with what was typed, and files, as
    the shell completes them."""
    known = dict.fromkeys([*user_ids(), *bundled_ids()])
    ids = [CompletionItem(i) for i in known if i.startswith(incomplete)]
    return [*ids, CompletionItem(incomplete, type="file")]


def complete_event(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Event ids of the timeline named so far on the command line (or the default one)."""
    names = ctx.params.get("timelines") or (
        ctx.parent.params.get("timelines") if ctx.parent else ()
    )
    name = (names or os.environ.get("TRACKER_TIMELINE", "inf").split() or ["inf"])[0]
    try:
        timeline = load_timeline(name)
    except (InvalidTimeline, TimelineNotFound, OSError):
        return []
    return [
        CompletionItem(event.id, help=event.title)
        for event in timeline.events
        if event.id.startswith(incomplete)
    ]
