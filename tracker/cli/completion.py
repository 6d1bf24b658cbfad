"""Shell completion beyond click's own: timeline ids for -t, event ids for EVENT.

Click completes commands and options by itself (`_TRACKER_COMPLETE=bash_source tracker`); these
callbacks add the values only this program knows. A completion must never break the shell, so a
timeline that cannot be read completes to nothing rather than an error.

Every command names these callbacks, so this module is imported on every run; what completing
needs (click's completion module, the loader) is imported only when the shell asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click
    from click.shell_completion import CompletionItem


def complete_timeline(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Your timelines' ids and the bundled ones that start with what was typed, and files, as
    the shell completes them."""
    from click.shell_completion import CompletionItem

    from tracker.files.home import user_ids
    from tracker.files.locations import bundled_ids

    known = dict.fromkeys([*user_ids(), *bundled_ids()])
    ids = [CompletionItem(i) for i in known if i.startswith(incomplete)]
    return [*ids, CompletionItem(incomplete, type="file")]


def complete_event(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Event ids of the timeline named so far on the command line (or the default one)."""
    from click.shell_completion import CompletionItem

    from events.problems import InvalidTimeline
    from tracker.errors import TimelineNotFound
    from tracker.files.load import load_timeline
    from tracker.files.locations import timeline_names

    names = ctx.params.get("timelines") or (
        ctx.parent.params.get("timelines") if ctx.parent else ()
    )
    name = timeline_names(tuple(names or ()))[0]
    try:
        timeline = load_timeline(name)
    except (InvalidTimeline, TimelineNotFound, OSError):
        return []
    return [
        CompletionItem(event.id, help=event.title)
        for event in timeline.events
        if event.id.startswith(incomplete)
    ]
