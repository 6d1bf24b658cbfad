"""What standard output can take: its width and whether it shows colour.

Decided once, from the environment, at the command line's edge; renderers are told the answer.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

import click

CHART_WIDTH = 80  # a chart needs some width even in a pipe or a file


def output_width() -> int | None:
    """`COLUMNS` when set; else the terminal's width when writing to one; else None.

    None means "no limit": a pipe or a file gets whole lines, one per event, which is what
    `grep`, `cut` and `less -S` want.
    """
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


def echo(text: str, *, nl: bool = True, err: bool = False) -> None:
    """`click.echo` for what a terminal view prints: bidi and control characters in the
    timelines' text are shown as code points (`tracker.render.terminal.safe`)."""
    from tracker.render.terminal.safe import neutralised

    click.echo(neutralised(text), nl=nl, err=err)


def no_color_wanted() -> bool:
    """The NO_COLOR convention (no-color.org): set and not empty means no colour."""
    return bool(os.environ.get("NO_COLOR"))


def colour_option(command: Any) -> Any:
    """`--color/--no-color`: forces colour on or off, over the terminal test and NO_COLOR.

    It sets the click context's `color`, which `click.echo` obeys; left alone, click colours a
    terminal and strips the escape codes from a pipe or a file.
    """

    def apply(ctx: click.Context, _param: click.Parameter, value: bool | None) -> None:
        if value is not None:
            ctx.color = value

    return click.option(
        "--color/--no-color",
        "colour",
        default=None,
        expose_value=False,
        callback=apply,
        help="Colour even in a pipe, or never (default: on a terminal, unless NO_COLOR is set).",
    )(command)
