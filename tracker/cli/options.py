"""The options every command shares, and the one place errors become exit codes.

`-t/--timeline` and `--as-of` (on a command or on `tracker` itself), the filters, the day type,
and `TrackerGroup`, which turns the library's typed errors into one-line messages and the exit code
each carries (tracker/errors.py): an invalid timeline, an edit that would make one invalid or
could not be written, or a CalDAV server that cannot be reached or refuses a sync, exits 1; an
unknown event or timeline, a bundled one aimed at by an editing command, or a sync URL or
credentials that cannot be used, exits 2 like any other usage error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import click
import pendulum

from events.clauses import Clause
from events.model import KINDS, Status
from events.problems import InvalidTimeline, UnknownEvent
from events.select import Selection
from tracker.cli.completion import complete_timeline
from tracker.errors import NotARegularFile, TrackerError, UnknownClause
from tracker.files.atomic import writable_target
from tracker.files.load import canonical_name, every_timeline_name
from tracker.files.locations import DEFAULT_TIMELINE, ENV_TIMELINE, environment_timelines
from tracker.queries import Scope

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem


class Failure(click.ClickException):
    """An error for the user, with its documented exit code (1 invalid timeline, 2 usage)."""

    def __init__(self, message: str, exit_code: int) -> None:
        from tracker.render.terminal.safe import neutralised

        super().__init__(neutralised(message))  # messages quote the files' text
        # click declares exit_code per class and reads it from the instance: one class serves both
        self.exit_code = exit_code  # type: ignore[misc]


class TrackerGroup(click.Group):
    """Turns the library's typed errors into one-line messages and exit codes, once for all."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidTimeline as exc:
            raise Failure("\n".join(exc.lines()), 1) from None
        except UnknownEvent as exc:
            raise Failure(str(exc), 2) from None
        except TrackerError as exc:  # each knows its code (tracker/errors.py)
            raise Failure(str(exc), exc.exit_code) from None


class Day(click.ParamType[pendulum.Date, Any]):
    """A calendar day written as YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> pendulum.Date:
        if isinstance(value, pendulum.Date):
            return value
        try:
            parsed = pendulum.parse(str(value), exact=True)
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            parsed = None
        if not isinstance(parsed, pendulum.Date) or isinstance(parsed, pendulum.DateTime):
            self.fail(f"{value!r} is not a day like 2019-01-17", param, ctx)
        return parsed


class TableFormat(click.ParamType[str, Any]):
    """Any tabulate format. tabulate is imported only when the option is given, so commands that
    print no table never pay for it."""

    name = "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from tracker.render.terminal.text import FORMATS

        if value not in FORMATS:
            self.fail(f"{value!r}; choose from {', '.join(FORMATS)}", param, ctx)
        return str(value)


class OutputFile(click.ParamType[str | None, Any]):
    """Where `-o` writes: a regular file or a new path, checked before anything is read or
    written; `-` is standard output (None)."""

    name = "FILE"

    def __init__(self, dash: str | None = None) -> None:
        self.dash = dash  # what `-` gives: None (standard output) unless the command asks for "-"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> str | None:
        if value is None or value == "-":
            return None if value is None else self.dash
        try:
            writable_target(value)
            Path(value).exists()  # raises for a name the system cannot look up
        except NotARegularFile as exc:
            self.fail(f"{exc}; -o writes regular files only (-o - for standard output)", param, ctx)
        except OSError as exc:  # longer than the file system allows
            self.fail(
                f"{value}: cannot be a file ({(exc.strerror or str(exc)).lower()})", param, ctx
            )
        return str(value)


class ClauseId(click.ParamType[Clause, Any]):
    """A clause id from the library, or the unique id it begins (`ottawa` for `ottawa-20`)."""

    name = "ID"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Clause:
        from tracker.files.clauses import find_clause

        try:
            return find_clause(str(value))
        except UnknownClause as exc:
            self.fail(str(exc), param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        from tracker.files.clauses import library

        return [
            CompletionItem(cid, help=clause.treaty)
            for cid, clause in library().items()
            if cid.startswith(incomplete)
        ]


class IpAddress(click.ParamType[str, Any]):
    """An IPv4 or IPv6 address, written as the server sees a peer's (`::1`, not `[::1]`)."""

    name = "ADDR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        import ipaddress

        try:
            return str(ipaddress.ip_address(str(value)))
        except ValueError:
            self.fail(
                f"{value!r} is not an IP address (a proxy is named by its address)", param, ctx
            )


class BaseUrl(click.ParamType[str, Any]):
    """An absolute http(s) URL that published files will be served under."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from tracker.render.web.index import base_url

        try:
            return base_url(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


VIEW_AS_OF_HELP = "Show the timeline as known on this day (default: today)."
EDIT_AS_OF_HELP = "The day taken as today: the day `updated` and the checks use (default: today)."
"""--as-of on the editing commands, which show nothing as of a day: they write as of it."""
HINDSIGHT_HELP = "With --as-of: also show what was not yet known that day, against its today line."


def group_scope() -> Scope:
    """The scope given on `tracker` itself (before the command), which a command's own options
    override; nothing given is an empty scope."""
    found: Scope | None = click.get_current_context().find_object(Scope)
    return found or Scope(())


def scope_option_list(
    command: Callable[..., Any],
    default_help: str = DEFAULT_TIMELINE,
    hindsight: bool = True,
    as_of_help: str = VIEW_AS_OF_HELP,
) -> Callable[..., Any]:
    """-t/--timeline (repeatable), --as-of and, for a view, --hindsight, as plain options: what
    the `tracker` group takes; commands take them through `scoped`, which merges them."""
    command = click.option(
        "-t",
        "--timeline",
        "timelines",
        multiple=True,
        metavar="PATH_OR_ID",
        shell_complete=complete_timeline,
        help=f"A timeline file, your own timeline's id or a bundled id (default: "
        f"${ENV_TIMELINE}, else {default_help}).",
    )(command)
    if hindsight:
        command = click.option("--hindsight", is_flag=True, help=HINDSIGHT_HELP)(command)
    return click.option("--as-of", type=Day(), help=as_of_help)(command)


def scoped(
    default: tuple[str, ...] = (DEFAULT_TIMELINE,),
    default_help: str = DEFAULT_TIMELINE,
    views: bool = True,
    as_of_help: str = VIEW_AS_OF_HELP,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A decorator giving a command -t, --as-of (and --hindsight) and handing it one `scope`:
    the command's options, else those given on `tracker`, else $TRACKER_TIMELINE, else
    `default`. Built here once, so no command merges them again. A command that writes takes
    no --hindsight, and none given on `tracker` reaches it either: an edit shows nothing."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_scope(
            *args: Any,
            timelines: tuple[str, ...],
            as_of: pendulum.Date | None,
            hindsight: bool = False,
            **kwargs: Any,
        ) -> Any:
            outer = group_scope()
            names = timelines or outer.timelines or environment_timelines() or default
            looking = views and (hindsight or outer.hindsight)
            scope = Scope(tuple(names), as_of or outer.as_of, looking)
            return command(*args, scope=scope, **kwargs)

        return scope_option_list(with_scope, default_help, views, as_of_help)

    return decorate


scope_options = scoped()
"""Every command that shows a timeline: the INF Treaty unless told otherwise."""
every_timeline_options = scoped(default=(), default_help="every timeline")
"""`serve`, `publish` and `list` cover every timeline, yours and the bundled ones."""
edit_scope_options = scoped(views=False, as_of_help=EDIT_AS_OF_HELP)
"""The commands that write a timeline."""


def with_every_timeline(scope: Scope) -> Scope:
    """`next --all`: every timeline first (the user's, then the bundled ones they do not
    shadow), then the scope's own, each once."""
    given = map(canonical_name, scope.timelines)
    return replace(scope, timelines=tuple(dict.fromkeys([*every_timeline_name(), *given])))


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print the JSON document instead (one shape for all)."
)
"""--json on every command that lists events: `{"timeline", "as_of", "events": [...]}`."""


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--from, --to, --kind, --tag and --status, handed to the command as one `selection`.

    One decorator for every command that lists events, so they all filter the same way.
    """

    @functools.wraps(command)
    def with_selection(
        *args: Any,
        date_from: pendulum.Date | None,
        date_to: pendulum.Date | None,
        kinds: tuple[str, ...],
        tags: tuple[str, ...],
        statuses: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        try:
            selection = Selection(
                date_from, date_to, frozenset(kinds), frozenset(tags), frozenset(statuses)
            )
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--to'") from None
        return command(*args, selection=selection, **kwargs)

    options = [
        click.option(
            "--from",
            "date_from",
            type=Day(),
            help="Only events on or after this day (spans that reach it count).",
        ),
        click.option("--to", "date_to", type=Day(), help="Only events on or before this day."),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(KINDS),
            help="Only events of this kind; repeat for several.",
        ),
        click.option(
            "--tag",
            "tags",
            multiple=True,
            metavar="TAG",
            help="Only events with this tag; repeat for any of several.",
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            type=click.Choice(get_args(Status)),
            help="Only events with this status (as of --as-of); repeat for several.",
        ),
    ]
    for option in reversed(options):
        with_selection = option(with_selection)
    return with_selection
