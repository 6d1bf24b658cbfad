"""The `tracker` group: the options it shares with every command, and the commands themselves.

Each command lives in `tracker.cli.commands` with its group (view, feed, catalog, edit); shared
options and the translation of errors to exit codes live in `tracker.cli.options`.
"""

from __future__ import annotations

import click
import pendulum

from tracker.cli.commands import catalog, edit, feed, view
from tracker.cli.console import colour_option, no_color_wanted
from tracker.cli.options import TrackerGroup, scope_option_list
from tracker.queries import Scope


@click.group(cls=TrackerGroup, invoke_without_command=True)
@scope_option_list
@colour_option
@click.version_option(package_name="withdrawal-tracker")
@click.pass_context
def cli(
    ctx: click.Context, timelines: tuple[str, ...], as_of: pendulum.Date | None, hindsight: bool
) -> None:
    """Treaty withdrawal timelines and deadlines: dates derived from rules, with sources.

    With no command, shows the timeline (the INF Treaty unless -t says otherwise).

    \b
    Example:
      tracker until withdrawal-effective --as-of 2019-01-17
    """
    ctx.obj = Scope(timelines, as_of, hindsight)  # each command's options override these
    if ctx.color is None and no_color_wanted():
        ctx.color = False  # every command's echo obeys; --color/--no-color still win
    if ctx.invoked_subcommand is None:
        ctx.invoke(view.show)


for module in (view, feed, catalog, edit):
    for command in module.COMMANDS:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """The full command line with `argv` (default: the process's arguments); returns the exit
    code click would exit with. The console script (`tracker.cli.entry`) comes here for everything
    its answer cache cannot answer."""
    try:
        cli.main(args=argv, prog_name="tracker")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
