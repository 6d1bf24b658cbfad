"""Commands about timelines as files: list and check."""

from __future__ import annotations

import click
import pendulum

from tracker.console import colour_option, output_width
from tracker.options import TableFormat, scope, scope_options
from tracker.timelines import check


@click.command(name="list")
@scope_options
@click.option(
    "--format", "fmt", type=TableFormat(), help="Any tabulate format: the plain table, whole."
)
@colour_option
@click.pass_context
def list_command(
    ctx: click.Context, timelines: tuple[str, ...], as_of: pendulum.Date | None, fmt: str | None
) -> None:
    """Your timelines and the bundled ones (or the -t ones), with their number of events and next
    deadline.

    Yours are the ID.toml files in your home ($TRACKER_HOME, else the user data folder), named
    under the table; one with a bundled timeline's id hides it. Fitted to the terminal like
    `show`; --format gives tabulate's table instead.

    \b
    Example:
      tracker list --as-of 2019-01-17
    """
    from tracker.timelines import catalog_rows

    where = scope(ctx, timelines, as_of, default=())
    rows = catalog_rows(where.timelines, where.as_of)
    if fmt is None:
        from tracker.home import home_dir
        from tracker.render.screen import render_catalog_screen

        click.echo(render_catalog_screen(rows, output_width()), nl=False)
        for row in rows:
            if row[4] == "hidden":
                click.echo(f"\n{row[0]}: yours hides the bundled one (-t {row[0]} reads yours)")
        click.echo(f"\nYour own timelines are ID.toml files in\n{home_dir()}")
        return
    from tracker.render.text import render_catalog

    click.echo(render_catalog(rows, fmt), nl=False)


@click.command(name="check")
@click.argument("files", nargs=-1, metavar="[FILES]...")
@scope_options
@click.pass_context
def check_command(
    ctx: click.Context,
    files: tuple[str, ...],
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
) -> None:
    """Validate timeline files (or the -t timeline); print every problem; exit 1 if any.

    Also warns (exit code unchanged) of each date that has come but lies past the record's
    horizon (`updated`): unconfirmed, to review.

    \b
    Example:
      tracker check my-treaty.toml
    """
    where = scope(ctx, timelines, as_of)
    failed = False
    for name in files or where.timelines:
        checked = check(name, where.as_of)
        for line in [*checked.problems, *checked.warnings]:
            click.echo(line, err=True)
        if checked.problems:
            failed = True
        else:
            events = "1 event" if checked.count == 1 else f"{checked.count} events"
            click.echo(f"ok: {name} ({events})")
    if failed:
        ctx.exit(1)


COMMANDS = (list_command, check_command)
