"""Commands that look at timelines: show, until, explain, next, chart and diff.

Each parses its options, makes one library call and prints; renderers that pull in heavy libraries
(tabulate, icalendar) are imported inside the command that uses them, so `tracker until` starts
fast.
"""

from __future__ import annotations

import click
import pendulum

from events.select import Selection, in_date_order, upcoming_deadlines
from tracker.answers import EXIT_NO_DAYS
from tracker.cli.completion import complete_event
from tracker.cli.console import CHART_WIDTH, colour_option, echo, output_width
from tracker.cli.options import (
    Day,
    TableFormat,
    filter_options,
    json_option,
    scope_options,
    with_every_timeline,
)
from tracker.queries import Scope, days_until, find_event, open_timelines


@click.command()
@scope_options
@filter_options
@click.option(
    "--format",
    "fmt",
    type=TableFormat(),
    help="Any tabulate format (github, grid, html, latex...): the plain table, whole.",
)
@click.option("--wrap", is_flag=True, help="Wrap long titles instead of cutting them short.")
@colour_option
@json_option
@click.option("--history", is_flag=True, help="Also list every revision of every moved date.")
@click.pass_context
def show(
    ctx: click.Context,
    scope: Scope,
    selection: Selection,
    fmt: str | None,
    wrap: bool,
    as_json: bool,
    history: bool,
) -> None:
    """The timeline as a table: date, relative time, id, title, kind, status.

    Fitted to the terminal (COLUMNS, else its width; no limit in a pipe), with a row for today,
    past events dimmed and the next deadline in bold. Derived dates carry a `*`; a date that
    moved shows what it was. --format gives tabulate's table instead, whole and plain.

    \b
    Example:
      tracker show --as-of 2019-01-17 --from 2018-12-01
      tracker show --kind deadline --format github
    """
    resolved, day = open_timelines(scope, selection)
    if as_json:
        from tracker.render.formats import json

        click.echo(json.dumps(json.document(resolved, in_date_order(resolved), day)), nl=False)
    elif fmt is not None:
        from tracker.render.terminal.text import render_table

        echo(render_table(resolved, day, fmt), nl=False)
    else:
        from tracker.render.terminal.screen import render_screen

        echo(render_screen(resolved, day, output_width(), wrap=wrap), nl=False)
    if history and not as_json:
        from tracker.render.terminal.explain import render_history

        echo("\n" + render_history(resolved), nl=False)


@click.command()
@click.argument("event_id", metavar="EVENT", shell_complete=complete_event)
@scope_options
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print only the signed number of days; nothing, and exit 3, when there are none to count "
    "(a cancelled or superseded event).",
)
@json_option
@click.pass_context
def until(
    ctx: click.Context,
    event_id: str,
    scope: Scope,
    quiet: bool,
    as_json: bool,
) -> None:
    """Days from the as-of day to EVENT (negative when it is past).

    \b
    Example:
      tracker until withdrawal-effective --as-of 2019-01-17
      197 days (6 months and 16 days) until withdrawal-effective ...
      tracker until -t inf -t cfe inf:withdrawal-notice --as-of 2019-01-17
    """
    if quiet:
        days = days_until(scope, event_id)
        if days is None:  # no days to count (cancelled...): nothing printed, its own exit code
            ctx.exit(EXIT_NO_DAYS)
        click.echo(str(days))
        return
    resolved, event, day = find_event(scope, event_id)
    if as_json:
        from tracker.render.formats import json

        click.echo(json.dumps(json.until_document(resolved, event, day)), nl=False)
    else:
        from tracker.render.terminal.until import until_sentence

        echo(until_sentence(event, day))


@click.command()
@click.argument("event_id", metavar="EVENT", shell_complete=complete_event)
@scope_options
@click.pass_context
def explain(ctx: click.Context, event_id: str, scope: Scope) -> None:
    """How EVENT's date is derived: each rule, the article it comes from, and the sources.

    \b
    Example:
      tracker explain withdrawal-effective
    """
    from tracker.render.terminal.explain import render_explain

    resolved, event, _ = find_event(scope, event_id)
    echo(render_explain(resolved, event.id), nl=False)


@click.command(name="next")
@scope_options
@filter_options
@click.option(
    "--within", type=click.IntRange(min=0), metavar="DAYS", help="Only deadlines at most DAYS away."
)
@click.option(
    "--all",
    "bundled",
    is_flag=True,
    help="Every timeline (yours, then the bundled ones), and any -t ones.",
)
@colour_option
@json_option
@click.pass_context
def next_command(
    ctx: click.Context,
    scope: Scope,
    selection: Selection,
    within: int | None,
    bundled: bool,
    as_json: bool,
) -> None:
    """The deadlines still ahead, soonest first, with the days left to each.

    A deadline counts until its last possible day has passed; cancelled and superseded ones
    do not count.

    \b
    Example:
      tracker next --all --within 90
      tracker next --as-of 2019-01-17 --json
    """
    if bundled:
        scope = with_every_timeline(scope)
    resolved, day = open_timelines(scope, selection)
    upcoming = upcoming_deadlines(resolved, within)
    if as_json:
        from tracker.render.formats import json

        click.echo(json.dumps(json.document(resolved, upcoming, day)), nl=False)
    else:
        from tracker.render.terminal.upcoming import render_next

        several = len(resolved) > 1
        text = render_next(upcoming, day, output_width(), several=several, within=within)
        echo(text, nl=False)


@click.command()
@scope_options
@filter_options
@colour_option
@click.pass_context
def chart(
    ctx: click.Context,
    scope: Scope,
    selection: Selection,
) -> None:
    """The timeline drawn to scale: a time axis, one row per event, spans as bars, today.

    One scale holds across the chart, so bars compare; years without events are cut (≈).
    --from and --to zoom in. As wide as the terminal (COLUMNS; 80 in a pipe).

    \b
    Example:
      tracker chart --from 2018-06-01 --to 2019-12-31
    """
    from tracker.render.terminal.chart import render_chart

    resolved, day = open_timelines(scope, selection)
    width = output_width() or CHART_WIDTH
    echo(render_chart(resolved, day, width, selection.start, selection.end), nl=False)


@click.command(name="diff")
@scope_options
@click.option("--since", type=Day(), required=True, help="The day you last looked.")
@click.option(
    "--until", "until_day", type=Day(), help="The later day (default: --as-of, or today)."
)
@json_option
@click.pass_context
def diff_command(
    ctx: click.Context,
    scope: Scope,
    since: pendulum.Date,
    until_day: pendulum.Date | None,
    as_json: bool,
) -> None:
    """What changed between two days: events that appeared, moved, were cancelled or occurred.

    \b
    Example:
      tracker diff -t art50 --since 2019-04-01 --until 2019-11-01
    """
    from tracker.queries import changes_between
    from tracker.render.terminal.changes import changes_document, render_changes

    found = changes_between(scope.timelines, since, until_day or scope.as_of)
    if as_json:
        from tracker.render.formats import json

        click.echo(json.dumps(changes_document(found, since)), nl=False)
        return
    echo("\n".join(render_changes(t, changes, since) for t, changes in found), nl=False)


COMMANDS = (show, until, explain, next_command, chart, diff_command)
