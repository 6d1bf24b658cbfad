"""The console script: `tracker until EVENT -q` from the answer cache, anything else through click.

A status bar or a shell prompt asks `tracker until EVENT -q` on every redraw, and most of the
time the answer is the one it got last time. When the command line is one this module fully
understands, it answers from `tracker.answers`, importing neither click nor pendulum nor the
loader; on a miss it makes the same library call as the `until` command (`days_until`, which
remembers the answer), still without click. Every other command line, and every question that
ends in an error, goes to the full command line (`tracker.cli.group`) unchanged, so errors are
always worded and exit as click has them. The differential tests hold the three paths to the
same output and exit code.

It understands `until`, one EVENT, `-q/--quiet`, `-t/--timeline NAME` (`--timeline=NAME`),
`--as-of YYYY-MM-DD` (`--as-of=`) and `--hindsight`, given on `tracker` or on `until` as click
takes them (the command's -t list and --as-of win over the group's). Anything else (another
option, a value that looks like an option, a day written another way, shell completion) is left
to click.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys

from tracker.answers import EXIT_NO_DAYS, NO_DAYS, recall_until
from tracker.files.locations import timeline_names

_COMPLETE = "_TRACKER_COMPLETE"  # click's shell completion, asked for through the environment


def main(argv: list[str] | None = None) -> int:
    """Run `tracker` with `argv` (default: the process's arguments); returns the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        answer = quick_answer(args)
    except KeyboardInterrupt:  # as click has it: no traceback for Ctrl-C
        sys.stderr.write("\nAborted!\n")
        return 1
    if answer == NO_DAYS:  # an event with no days to count: nothing printed, exit 3
        return EXIT_NO_DAYS
    if answer is not None:
        sys.stdout.write(answer)
        sys.stdout.flush()
        if argv is None:  # the process ends here: its heap is all alive, so spare the collector
            gc.freeze()  # the full pass it makes at exit (a tenth of a cold run)
        return 0
    from tracker.cli.group import main as full

    return full(args)


def quick_answer(args: list[str]) -> str | None:
    """What `tracker ARGS` prints when it is an `until -q` that has an answer (from the cache,
    else from the library), found without click: the line printed, or `NO_DAYS` for an event
    with no days to count; None for anything else, errors included."""
    if _COMPLETE in os.environ:
        return None
    question = _until_question(args)
    if question is None:
        return None
    days = recall_until(*question)
    if days is None:
        days = _compute_until(*question)
    return days if days in (None, NO_DAYS) else f"{days}\n"


def _compute_until(
    names: tuple[str, ...], as_of: str | None, hindsight: bool, event: str
) -> str | None:
    """A miss: the answer from the library call the `until` command itself makes (which keeps it
    for next time), still without click, whose import alone costs more than the answer does.

    Any error gives None, and the full command line then runs the question again and reports
    the error in its own words and with its exit code, so an error is never worded here.
    """
    from tracker.memory import paused_gc

    with paused_gc():  # the imports below make many objects and no garbage: 5-10% of the run
        import pendulum

        from tracker.queries import Scope, days_until

        try:
            day = None if as_of is None else pendulum.Date.fromisoformat(as_of)
            days = days_until(Scope(names, day, hindsight), event)
            return NO_DAYS if days is None else str(days)
        except Exception:  # reported by the full command line, which meets it again
            return None


def _until_question(args: list[str]) -> tuple[tuple[str, ...], str | None, bool, str] | None:
    """(timelines, as-of day, hindsight, event) of `[group options] until EVENT -q [options]`,
    or None for any command line that is not exactly that."""
    timelines: list[list[str]] = [[], []]  # on `tracker`, on `until`
    as_of: list[str | None] = [None, None]
    level, event, quiet, hindsight = 0, None, False, False
    rest = iter(args)
    for arg in rest:
        name, attached, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in ("-t", "--timeline", "--as-of"):
            value = inline if attached else next(rest, None)
            if value is None or value.startswith("-"):
                return None
            if name == "--as-of":
                if not _is_day(value):
                    return None
                as_of[level] = value
            else:
                timelines[level].append(value)
        elif attached:
            return None
        elif arg == "--hindsight":
            hindsight = True
        elif level == 0 and arg == "until":
            level = 1
        elif level == 1 and arg in ("-q", "--quiet"):
            quiet = True
        elif level == 1 and event is None and not arg.startswith("-"):
            event = arg
        else:
            return None
    if event is None or not quiet:
        return None
    names = timeline_names(tuple(timelines[1] or timelines[0]))
    return names, as_of[1] or as_of[0], hindsight, event


def _is_day(text: str) -> bool:
    """YYYY-MM-DD and a real day: the one spelling the quick path takes (click takes others)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
