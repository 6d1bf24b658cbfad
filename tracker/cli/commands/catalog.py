"""Commands about timelines as files and the treaties behind them: list, check and clause."""

from __future__ import annotations

from typing import Any

import click
import pendulum

from events.clauses import Clause, what_if
from events.dates import from_python
from tracker.cli.console import colour_option, echo, output_width
from tracker.cli.options import (
    ClauseId,
    Day,
    TableFormat,
    every_timeline_options,
    group_scope,
    json_option,
    scoped,
)
from tracker.clock import today_in
from tracker.files.locations import DEFAULT_TIMELINE
from tracker.queries import Scope, check


@click.command(name="list")
@every_timeline_options
@click.option(
    "--format", "fmt", type=TableFormat(), help="Any tabulate format: the plain table, whole."
)
@colour_option
@click.pass_context
def list_command(ctx: click.Context, scope: Scope, fmt: str | None) -> None:
    """Your timelines and the bundled ones (or the -t ones), with their number of events and next
    deadline.

    Yours are the ID.toml files in your home ($TRACKER_HOME, else the user data folder), named
    under the table; one with a bundled timeline's id hides it. Fitted to the terminal like
    `show`; --format gives tabulate's table instead.

    \b
    Example:
      tracker list --as-of 2019-01-17
    """
    from tracker.queries import catalog_rows

    rows = catalog_rows(scope.timelines, scope.as_of)
    if fmt is None:
        from tracker.files.home import home_dir
        from tracker.render.terminal.screen import render_catalog_screen

        echo(render_catalog_screen(rows, output_width()), nl=False)
        for row in rows:
            if row[4] == "hidden":
                echo(f"\n{row[0]}: yours hides the bundled one (-t {row[0]} reads yours)")
        echo(f"\nYour own timelines are ID.toml files in\n{home_dir()}")
        return
    from tracker.render.terminal.text import render_catalog

    echo(render_catalog(rows, fmt), nl=False)


@click.command(name="check")
@click.argument("files", nargs=-1, metavar="[FILES]...")
@scoped(default=(), default_help=f"{DEFAULT_TIMELINE}; every timeline with --sources")
@click.option(
    "--sources",
    "audit",
    is_flag=True,
    help="Audit the sources instead: every pending date must rest on a primary source.",
)
@click.pass_context
def check_command(
    ctx: click.Context,
    files: tuple[str, ...],
    scope: Scope,
    audit: bool,
) -> None:
    """Validate timeline files (or the -t timeline); print every problem; exit 1 if any.

    Also warns (exit code unchanged) of each date that has come but lies past the record's
    horizon (`updated`): unconfirmed, to review.

    With --sources (on the FILES, the -t timelines, else every bundled and own timeline), lists
    as of --as-of each pending date (projected, scheduled, running, open or unconfirmed) that
    rests on no primary source (a depositary, government, court or gazette host, not marked
    secondary): exit 1 if any. Warns of a pending date derived from an input with no primary
    source of its own, a source whose title is its address, and a date resting on no source.

    \b
    Example:
      tracker check my-treaty.toml
      tracker check --sources --as-of 2026-12-06
    """
    if audit:
        from tracker.files.load import every_timeline_name

        names = files or scope.timelines or tuple(every_timeline_name())
        _audit_sources(ctx, names, scope.as_of)
        return
    failed = False
    for name in files or scope.timelines or (DEFAULT_TIMELINE,):
        checked = check(name, scope.as_of)
        for line in [*checked.problems, *checked.warnings]:
            echo(line, err=True)
        if checked.problems:
            failed = True
        else:
            events = "1 event" if checked.count == 1 else f"{checked.count} events"
            echo(f"ok: {name} ({events})")
    if failed:
        ctx.exit(1)


def _audit_sources(ctx: click.Context, names: tuple[str, ...], as_of: pendulum.Date | None) -> None:
    from tracker.queries import audit_sources

    found = audit_sources(names, as_of)
    for line in [*found.failures, *found.warnings]:
        click.echo(line, err=True)
    if found.failures:
        ctx.exit(1)
    plural = "" if len(names) == 1 else "s"
    click.echo(f"ok: every pending date in {len(names)} timeline{plural} rests on a primary source")


@click.command(name="clause")
@click.argument("clause", type=ClauseId(), required=False, metavar="[ID]")
@click.option(
    "--notice",
    type=Day(),
    help="The day the depositary received a notice: print the dates it implies.",
)
@click.option(
    "--in-force",
    "in_force",
    type=Day(),
    help="The day the treaty entered into force for the party (for waiting periods).",
)
@click.option("--as-of", type=Day(), help="Count the days left from this day (default: today).")
@json_option
@click.pass_context
def clause_command(
    ctx: click.Context,
    clause: Clause | None,
    notice: pendulum.Date | None,
    in_force: pendulum.Date | None,
    as_of: pendulum.Date | None,
    as_json: bool,
) -> None:
    """The library of withdrawal clauses; one clause; or the dates a notice under it implies.

    With --notice: the effective date and every other date the clause gives (notice periods,
    sunsets, the earliest day a notice is allowed), each with its article and the days left.

    \b
    Example:
      tracker clause ottawa --notice 2025-06-27 --as-of 2025-07-01
    """
    from tracker.files.clauses import library
    from tracker.render.terminal import clause as render

    if clause is None:
        clauses = library().values()
        _echo(
            {"clauses": [render.clause_dict(c) for c in clauses]}
            if as_json
            else render.render_clause_list(clauses)
        )
        return
    if notice is None:
        output = render.clause_dict(clause) if as_json else render.render_clause(clause)
        _echo(output)
        return
    day = as_of or group_scope().as_of or today_in("UTC")
    worked = what_if(clause, from_python(notice), from_python(in_force) if in_force else None)
    _echo(render.what_if_document(worked, day) if as_json else render.render_what_if(worked, day))


def _echo(output: str | dict[str, Any]) -> None:
    from tracker.render.formats import json

    click.echo(output if isinstance(output, str) else json.dumps(output), nl=False)


COMMANDS = (list_command, check_command, clause_command)
