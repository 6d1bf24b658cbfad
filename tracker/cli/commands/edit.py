"""Commands that write the user's own timelines: new, copy, add, move, cancel, remove, checked,
edit, import and schema.

Each builds the new text with `tracker.editing.starter` or `tracker.editing.toml` and hands it to
`tracker.editing.write`, which checks the whole timeline, compares before replacing and writes
atomically; bundled timelines are never written (`tracker copy` makes one yours).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pendulum

from events.ids import id_problem, shown_id
from events.model import KINDS
from tracker.cli.options import (
    ClauseId,
    Day,
    OutputFile,
    edit_scope_options,
)
from tracker.errors import UsageProblem
from tracker.queries import Scope

if TYPE_CHECKING:
    from events.clauses import Clause


class Slug(click.ParamType[str, Any]):
    """An id as the file writes it: lower-case letters, digits and hyphens."""

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        problem = id_problem(str(value))
        if problem is not None:
            self.fail(f"{shown_id(str(value))} is not an id: {problem}")
        return str(value)


def _target(scope: Scope) -> str:
    """The one timeline an event command edits (-t, else $TRACKER_TIMELINE, else inf)."""
    names = scope.timelines
    if len(names) != 1:
        raise UsageProblem("give one timeline to edit (-t ID or -t PATH)")
    return names[0]


@click.command()
@click.argument("timeline_id", metavar="ID", type=Slug())
@click.option("--title", required=True, help="The timeline's title.")
@click.option(
    "--timezone",
    default="UTC",
    show_default=True,
    help="Its IANA time zone (for today and for times written without one).",
)
@click.option(
    "-o",
    "--output",
    type=OutputFile(dash="-"),
    help="Write here, not ID.toml in your home (-: standard output).",
)
@click.option(
    "--clause",
    type=ClauseId(),
    metavar="CLAUSE",
    help="Start from a withdrawal clause of the library (with --notice).",
)
@click.option("--notice", type=Day(), help="With --clause: the day the notice was received.")
@click.option(
    "--example",
    is_flag=True,
    help="Write the teaching file: an example event of each kind of date.",
)
@click.option(
    "--as-of", type=Day(), help="The day taken as today, written as `updated` (default: today)."
)
def new(
    timeline_id: str,
    title: str,
    timezone: str,
    output: str | None,
    clause: Clause | None,
    notice: pendulum.Date | None,
    example: bool,
    as_of: pendulum.Date | None,
) -> None:
    """Start a timeline of your own: the header, and example events as comments.

    Written to ID.toml in your home (or -o PATH), never over an existing file; its first line
    points editors at the schema, which is written into the home too. `updated` is the day it
    is made, and deadlines get reminders 30, 7 and 1 day before. --example writes a teaching
    file instead, whose examples are events. With --clause and --notice, the timeline of a
    withdrawal under that clause: the notice, the effective date the clause gives, and the
    notice period.

    \b
    Example:
      tracker new ottawa --title "Ottawa Convention withdrawals" --timezone Europe/Vilnius
      tracker new lt-ottawa --title "Lithuania leaves" --clause ottawa --notice 2025-06-27
    """
    from tracker.editing.schema import refresh_schema
    from tracker.editing.starter import clause_starter, starter
    from tracker.editing.write import create, validate
    from tracker.files.home import user_file

    if (clause is None) != (notice is None):
        raise click.UsageError("--clause and --notice go together")
    if example and clause is not None:
        raise click.UsageError("--example and --clause are two different starts: give one")
    path = Path(output) if output else user_file(timeline_id)
    day = as_of or _today(timezone)
    if clause is not None and notice is not None:
        data = clause_starter(timeline_id, title, timezone, day, clause, notice)
    else:
        data = starter(timeline_id, title, timezone, day, example)
    if output == "-":
        validate(data, Path(f"{timeline_id}.toml"), day)
        click.echo(data.decode("utf-8"), nl=False)
        return
    create(path, data, day, "give another ID, or -o PATH to write elsewhere")
    refresh_schema()
    click.echo(f"wrote {path}")


def _today(timezone: str) -> pendulum.Date:
    """Today in the new timeline's zone; in UTC for a zone that is not one, which the check of
    the file then reports in its own words."""
    from tracker.clock import today_in

    try:
        return today_in(timezone)
    except (KeyError, ValueError):  # zoneinfo's ZoneInfoNotFoundError is a KeyError
        return today_in("UTC")


@click.command()
@click.argument("bundled_id", metavar="BUNDLED_ID")
@click.argument("new_id", metavar="[NEW_ID]", type=Slug(), required=False)
def copy(bundled_id: str, new_id: str | None) -> None:
    """Copy a bundled timeline into your home, to extend or correct it.

    Under its own id, your copy hides the bundled one everywhere; under NEW_ID both are kept.

    \b
    Example:
      tracker copy unesco
      tracker copy inf my-inf
    """
    from tracker.editing.starter import bundled_copy
    from tracker.editing.write import create
    from tracker.files.home import user_file

    path = user_file(new_id or bundled_id)
    create(path, bundled_copy(bundled_id, new_id), None, "give a NEW_ID not yet taken")
    click.echo(f"wrote {path}")


def _source_options(command: Any) -> Any:
    """--source and --source-title, shared by add, move and cancel."""
    command = click.option(
        "--source-title", metavar="TITLE", help="That source's title (default: its URL)."
    )(command)
    return click.option("--source", metavar="URL", help="A source's address (http or https).")(
        command
    )


def _source_link(url: str | None, title: str | None, day: pendulum.Date | None = None) -> Any:
    """The one source given on the command line, as a list for the file; None without one."""
    from tracker.editing.toml import SourceLink

    for value, option in ((title, "--source-title"), (day, "--source-date")):
        if value is not None and url is None:
            raise click.BadParameter("needs --source", param_hint=f"'{option}'")
    return [SourceLink(url, title, day)] if url else None


@click.command()
@click.argument("event_id", metavar="EVENT_ID", type=Slug())
@edit_scope_options
@click.option("--title", required=True, help="The event's title.")
@click.option(
    "--date",
    "date",
    required=True,
    metavar="DATE_OR_EXPRESSION",
    help="A date (2019-02-02, 2018-10, ~2019-02-01) or a rule (notice + 6 months).",
)
@click.option("--end", metavar="DATE_OR_EXPRESSION", help="Its end, making it a span.")
@click.option("--kind", type=click.Choice(KINDS), help="What it is (default milestone).")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for several.")
@click.option("--rule", metavar="CITATION", help="Where the date's rule comes from (Art. 20).")
@_source_options
@click.option("--source-date", type=Day(), help="The day that source was published.")
@click.option("--known", type=Day(), help="The day it became known (default: inferred).")
@click.option("--description", metavar="TEXT", help="A longer description.")
def add(
    event_id: str,
    scope: Scope,
    source: str | None,
    source_title: str | None,
    source_date: pendulum.Date | None,
    **fields: Any,
) -> None:
    """Add an event to your timeline (-t), checked before the file is replaced.

    Without --known, the day it became known is inferred as for any event: from the events its
    rule reads, else from its earliest dated source (--source-date) or its own day, at the
    latest the timeline's `updated`.

    \b
    Example:
      tracker add -t ottawa effective --title "Withdrawal takes effect" \\
        --date "notice + 6 months" --rule "Ottawa Art. 20(3)" --kind deadline
    """
    from tracker.editing.toml import NewEvent, add_event
    from tracker.editing.write import edit_file

    sources = _source_link(source, source_title, source_date)
    new_event = NewEvent(event_id, sources=sources or [], **fields)
    path = edit_file(_target(scope), lambda text: add_event(text, new_event), scope.as_of)
    click.echo(f"added {event_id} to {path}")


def _revision_options(command: Any) -> Any:
    """--on, --reason, --source and --source-title, shared by move and cancel. The revision is
    known on its --on day: the as-of view of an earlier day does not show it."""
    for option in reversed(
        [
            click.option(
                "--on",
                "on",
                type=Day(),
                required=True,
                help="The day the change was decided or announced (and became known).",
            ),
            click.option("--reason", required=True, metavar="TEXT", help="Why it changed."),
            _source_options,
        ]
    ):
        command = option(command)
    return command


@click.command()
@click.argument("event_id", metavar="EVENT")
@click.argument("date", metavar="DATE_OR_EXPRESSION")
@edit_scope_options
@_revision_options
@click.option("--rule", metavar="CITATION", help="The clause or decision behind the new date.")
def move(
    event_id: str,
    date: str,
    scope: Scope,
    on: pendulum.Date,
    reason: str,
    source: str | None,
    source_title: str | None,
    rule: str | None,
) -> None:
    """Record that EVENT's date moved: a revision appended to its history, never rewritten.

    \b
    Example:
      tracker move -t art50 exit-day 2019-10-31 --on 2019-04-11 \\
        --reason "European Council extends Article 50 again"
    """
    from tracker.editing.toml import add_revision
    from tracker.editing.write import edit_file

    sources = _source_link(source, source_title)
    fields = {"on": on, "date": date, "reason": reason, "rule": rule, "sources": sources}
    path = edit_file(_target(scope), lambda text: add_revision(text, event_id, fields), scope.as_of)
    click.echo(f"moved {event_id} to {date} (decided {on.isoformat()}) in {path}")


@click.command()
@click.argument("event_id", metavar="EVENT")
@edit_scope_options
@_revision_options
def cancel(
    event_id: str,
    scope: Scope,
    on: pendulum.Date,
    reason: str,
    source: str | None,
    source_title: str | None,
) -> None:
    """Record that EVENT was cancelled: a revision that sets its status, from --on onwards.

    \b
    Example:
      tracker cancel -t ottawa review --on 2025-10-01 --reason "Conference called off"
    """
    from tracker.editing.toml import add_revision
    from tracker.editing.write import edit_file

    sources = _source_link(source, source_title)
    fields = {"on": on, "status": "cancelled", "reason": reason, "sources": sources}
    path = edit_file(_target(scope), lambda text: add_revision(text, event_id, fields), scope.as_of)
    click.echo(f"cancelled {event_id} (decided {on.isoformat()}) in {path}")


@click.command()
@click.argument("event_id", metavar="EVENT")
@edit_scope_options
def remove(event_id: str, scope: Scope) -> None:
    """Remove EVENT from your timeline (-t), with the comment lines just above it.

    Refused (exit 1, nothing written) while another event's rule, span or revision reads it:
    the message names each, to change or remove first. To record that an event did not
    happen, `tracker cancel` it instead: removing erases it from every as-of view.

    \b
    Example:
      tracker remove -t ottawa review
    """
    from tracker.editing.remove import remove as remove_event

    path = remove_event(_target(scope), event_id, scope.as_of)
    click.echo(f"removed {event_id} from {path}")


@click.command()
@edit_scope_options
def checked(scope: Scope) -> None:
    """Mark your timeline (-t) checked: `updated` becomes today (or --as-of).

    Run it once you have checked the record against its sources. `updated` is its horizon: a
    date that has come since is "unconfirmed" until you check again, and an event with no
    earlier dated source is known from it at the latest. A day before the current `updated`
    is refused.

    \b
    Example:
      tracker checked -t ottawa
    """
    from tracker.editing.checked import mark_checked

    done = mark_checked(_target(scope), scope.as_of)
    was = done.was.isoformat() if done.was is not None else "not set"
    click.echo(f"updated = {done.day.isoformat()} (was {was}) in {done.path}")


@click.command()
@click.argument("timeline_id", metavar="[ID]", required=False)
@edit_scope_options
def edit(timeline_id: str | None, scope: Scope) -> None:
    """Edit your timeline ID (or -t) in $VISUAL or $EDITOR, on a copy checked on save.

    An invalid copy shows its problems and offers to edit again or abandon; the real file is
    never left broken, and an editor that exits non-zero changes nothing.

    \b
    Example:
      EDITOR=nano tracker edit ottawa
    """
    from tracker.editing.editor import edit_session

    def edit_again(problems: list[str]) -> bool:
        for line in problems:
            click.echo(line, err=True)
        return click.confirm(
            "The copy is not a valid timeline. Edit it again?", default=True, err=True
        )

    name = timeline_id or _target(scope)
    outcome = edit_session(name, scope.as_of, edit_again)
    click.echo(f"{'wrote' if outcome.changed else 'unchanged'} {outcome.path}")


@click.command(name="import")
@click.argument("source", metavar="FILE.ics|FILE.csv", type=click.Path(dir_okay=False))
@click.option(
    "--id",
    "timeline_id",
    type=Slug(),
    help="The timeline's id (default: the calendar's name, else the file's name).",
)
@click.option(
    "-o",
    "--output",
    type=OutputFile(),
    help="Write the timeline here instead of ID.toml in your home.",
)
@click.option(
    "--update",
    is_flag=True,
    help="Update an existing timeline: events matched by UID, others added.",
)
def import_command(source: str, timeline_id: str | None, output: str | None, update: bool) -> None:
    """Import a calendar (.ics) or a CSV written by `tracker export csv` as a timeline.

    Never overwrites a timeline unless --update is given. Recurring calendar events are
    refused: a timeline records one-off dated events.

    \b
    Example:
      tracker import ottawa.ics --id ottawa
      tracker import ottawa.ics --id ottawa --update
    """
    from tracker.editing.importers.apply import import_file

    outcome = import_file(Path(source), timeline_id, Path(output) if output else None, update)
    verb = "updated" if outcome.updated else "wrote"
    click.echo(f"{verb} {outcome.path} ({outcome.events} events imported)")


@click.command()
def schema() -> None:
    """Print the JSON Schema of timeline files, and refresh its copy in your home.

    Editors that read a `#:schema` line (taplo, VS Code's Even Better TOML) use that copy to
    complete field names and flag mistakes as you type.

    \b
    Example:
      tracker schema > timeline.schema.json
    """
    from tracker.editing.schema import refresh_schema, schema_bytes

    refresh_schema()
    click.echo(schema_bytes().decode("utf-8"), nl=False)


COMMANDS = (new, copy, add, move, cancel, remove, checked, edit, import_command, schema)
