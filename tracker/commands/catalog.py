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
    """Your timelines and the bundled ones, with their number of events and next deadline.

    Yours are the ID.toml files in your home ($TRACKER_HOME, else the user data folder), named
    under the table; one with a bundled timeline's id hides it. Fitted to the terminal like
    `show`; --format gives tabulate's table instead.

    \b
    Example:
      tracker list --as-of 2019-01-17
    """
    from tracker.timelines import catalog_rows

    where = scope(ctx, timelines, as_of)
    rows = catalog_rows(where.as_of)
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

    \b
    Example:
      tracker check my-treaty.toml
    """
    where = scope(ctx, timelines, as_of)
    failed = False
    for name in files or where.timelines:
        count, problems = check(name, where.as_of)
        for line in problems:
            click.echo(line, err=True)
        if problems:
            failed = True
        else:
            click.echo(f"ok: {name} ({count} events)")
    if failed:
        ctx.exit(1)


COMMANDS = (list_command, check_command)
