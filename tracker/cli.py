"""The `tracker` command: parse options, make one library call, print.

Shared options and the translation of errors to exit codes live in `tracker.options`. Renderers
that pull in heavy libraries (tabulate, icalendar) are imported inside the commands that use
them, so `tracker until` starts fast.
"""

from __future__ import annotations

import click
import pendulum

from events.select import Selection, in_date_order, upcoming_deadlines
from tracker.completion import complete_event
from tracker.console import CHART_WIDTH, colour_option, no_color_wanted, output_width
from tracker.export import RENDERERS, export
from tracker.options import (
    BaseUrl,
    Day,
    Failure,
    OutputFile,
    Scope,
    TableFormat,
    TrackerGroup,
    feed_scope_options,
    filter_options,
    scope,
    scope_options,
)
from tracker.timelines import check, open_timelines


@click.group(cls=TrackerGroup, invoke_without_command=True)
@scope_options
@colour_option
@click.version_option(package_name="withdrawal-tracker")
@click.pass_context
def cli(ctx: click.Context, timelines: tuple[str, ...], as_of: pendulum.Date | None) -> None:
    """Treaty withdrawal timelines and deadlines: dates derived from rules, with sources.

    With no command, shows the timeline (the INF Treaty unless -t says otherwise).

    \b
    Example:
      tracker until withdrawal-effective --as-of 2019-01-17
    """
    ctx.obj = Scope(timelines, as_of)
    if ctx.color is None and no_color_wanted():
        ctx.color = False  # every command's echo obeys; --color/--no-color still win
    if ctx.invoked_subcommand is None:
        ctx.invoke(show)


@cli.command()
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
@click.option("--json", "as_json", is_flag=True, help="The DESIGN.md JSON document instead.")
@click.option("--history", is_flag=True, help="Also list every revision of every moved date.")
@click.pass_context
def show(
    ctx: click.Context,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
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
    where = scope(ctx, timelines, as_of)
    resolved, day = open_timelines(where.timelines, where.as_of, selection)
    if as_json:
        from tracker.render import json

        click.echo(json.dumps(json.document(resolved, in_date_order(resolved), day)), nl=False)
    elif fmt is not None:
        from tracker.render.text import render_table

        click.echo(render_table(resolved, day, fmt), nl=False)
    else:
        from tracker.render.screen import render_screen

        click.echo(render_screen(resolved, day, output_width(), wrap=wrap), nl=False)
    if history and not as_json:
        from tracker.render.explain import render_history

        click.echo("\n" + render_history(resolved), nl=False)


@cli.command()
@click.argument("event_id", metavar="EVENT", shell_complete=complete_event)
@scope_options
@click.option("-q", "--quiet", is_flag=True, help="Print only the signed number of days.")
@click.option("--json", "as_json", is_flag=True, help="The DESIGN.md JSON document instead.")
@click.pass_context
def until(
    ctx: click.Context,
    event_id: str,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Days from the as-of day to EVENT (negative when it is past).

    \b
    Example:
      tracker until withdrawal-effective --as-of 2019-01-17
      197 days (6 months and 16 days) until withdrawal-effective ...
    """
    where = scope(ctx, timelines, as_of)
    (resolved, *_), day = open_timelines(where.timelines[:1], where.as_of)
    event = resolved[event_id]
    if quiet:
        click.echo(str(event.days_until(day)))
    elif as_json:
        from tracker.render import json

        extra = {"days_until_latest": event.days_until_latest(day)} if event.date.is_vague else {}
        data = json.document([resolved], [(resolved, event)], day)
        data["events"][0].update(extra)
        click.echo(json.dumps(data), nl=False)
    else:
        from tracker.render.until import until_sentence

        click.echo(until_sentence(event, day))


@cli.command()
@click.argument("event_id", metavar="EVENT", shell_complete=complete_event)
@scope_options
@click.pass_context
def explain(
    ctx: click.Context, event_id: str, timelines: tuple[str, ...], as_of: pendulum.Date | None
) -> None:
    """How EVENT's date is derived: each rule, the article it comes from, and the sources.

    \b
    Example:
      tracker explain withdrawal-effective
    """
    from tracker.render.explain import render_explain

    where = scope(ctx, timelines, as_of)
    (resolved, *_), _ = open_timelines(where.timelines[:1], where.as_of)
    click.echo(render_explain(resolved, event_id), nl=False)


@cli.command(name="next")
@scope_options
@filter_options
@click.option(
    "--within", type=click.IntRange(min=0), metavar="DAYS", help="Only deadlines at most DAYS away."
)
@click.option(
    "--all", "bundled", is_flag=True, help="Every bundled timeline, with any given by -t."
)
@colour_option
@click.option("--json", "as_json", is_flag=True, help="The DESIGN.md JSON document instead.")
@click.pass_context
def next_command(
    ctx: click.Context,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
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
    where = scope(ctx, timelines, as_of, bundled)
    resolved, day = open_timelines(where.timelines, where.as_of, selection)
    upcoming = upcoming_deadlines(resolved, within)
    if as_json:
        from tracker.render import json

        click.echo(json.dumps(json.document(resolved, upcoming, day)), nl=False)
    else:
        from tracker.render.upcoming import render_next

        several = len(resolved) > 1
        text = render_next(upcoming, day, output_width(), several=several, within=within)
        click.echo(text, nl=False)


@cli.command()
@scope_options
@filter_options
@colour_option
@click.pass_context
def chart(
    ctx: click.Context,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
    selection: Selection,
) -> None:
    """The timeline drawn to scale: a time axis, one row per event, spans as bars, today.

    One scale holds across the chart, so bars compare; years without events are cut (≈).
    --from and --to zoom in. As wide as the terminal (COLUMNS; 80 in a pipe).

    \b
    Example:
      tracker chart --from 2018-06-01 --to 2019-12-31
    """
    from tracker.render.chart import render_chart

    where = scope(ctx, timelines, as_of)
    resolved, day = open_timelines(where.timelines, where.as_of, selection)
    width = output_width() or CHART_WIDTH
    click.echo(render_chart(resolved, day, width, selection.start, selection.end), nl=False)


@cli.command(name="check")
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


@cli.command(name="list")
@scope_options
@click.option(
    "--format", "fmt", type=TableFormat(), help="Any tabulate format: the plain table, whole."
)
@colour_option
@click.pass_context
def list_command(
    ctx: click.Context, timelines: tuple[str, ...], as_of: pendulum.Date | None, fmt: str | None
) -> None:
    """The bundled timelines, with their number of events and next deadline.

    Fitted to the terminal like `show`; --format gives tabulate's table instead.

    \b
    Example:
      tracker list --as-of 2019-01-17
    """
    from tracker.timelines import catalog_rows

    where = scope(ctx, timelines, as_of)
    rows = catalog_rows(where.as_of)
    if fmt is None:
        from tracker.render.screen import render_catalog_screen

        click.echo(render_catalog_screen(rows, output_width()), nl=False)
        return
    from tracker.render.text import render_catalog

    click.echo(render_catalog(rows, fmt), nl=False)


@cli.command(name="diff")
@scope_options
@click.option("--since", type=Day(), required=True, help="The day you last looked.")
@click.option(
    "--until", "until_day", type=Day(), help="The later day (default: --as-of, or today)."
)
@click.option("--json", "as_json", is_flag=True, help="The DESIGN.md JSON document instead.")
@click.pass_context
def diff_command(
    ctx: click.Context,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
    since: pendulum.Date,
    until_day: pendulum.Date | None,
    as_json: bool,
) -> None:
    """What changed between two days: events that appeared, moved, were cancelled or occurred.

    \b
    Example:
      tracker diff -t art50 --since 2019-04-01 --until 2019-11-01
    """
    from tracker.render.changes import changes_document, render_changes
    from tracker.timelines import changes_between

    where = scope(ctx, timelines, as_of)
    found = changes_between(where.timelines, since, until_day or where.as_of)
    if as_json:
        from tracker.render import json

        click.echo(json.dumps(changes_document(found, since)), nl=False)
        return
    click.echo("\n".join(render_changes(t, changes, since) for t, changes in found), nl=False)


@cli.command(name="export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(RENDERERS)))
@scope_options
@filter_options
@click.option(
    "-o",
    "--output",
    type=OutputFile(),
    help="Write to FILE (a regular file) atomically; default or -: standard output.",
)
@click.option("--chart", is_flag=True, help="With text: the chart, 80 columns, not the table.")
@click.pass_context
def export_command(
    ctx: click.Context,
    fmt: str,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
    selection: Selection,
    output: str | None,
    chart: bool,
) -> None:
    """Export the timeline(s) as FORMAT, to standard output or atomically to a file.

    json is the DESIGN.md document; text the show table, whole and without colour (--chart:
    the chart); md Markdown for a web page; csv one row per event.

    \b
    Example:
      tracker export json -t inf -o inf.json
      tracker export md --from 2018-10-01 -o inf.md
    """
    if chart and fmt != "text":
        raise click.BadParameter("only with the text format", param_hint="'--chart'")
    where = scope(ctx, timelines, as_of)
    resolved, day = open_timelines(where.timelines, where.as_of, selection)
    data = export(fmt, resolved, day, chart)
    if output is None:
        click.echo(data, nl=False)
        return
    from tracker.output import write_atomic

    try:
        write_atomic(output, data)
    except OSError as exc:
        raise Failure(f"{output}: cannot write ({exc.strerror})", 1) from None


@cli.command()
@feed_scope_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 to let other machines subscribe.")  # fmt: skip
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one (the URL is printed).")  # fmt: skip
@click.pass_context
def serve(
    ctx: click.Context,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
    host: str,
    port: int,
) -> None:
    """Serve the feeds over HTTP until Ctrl-C: /ID.ics, /ID.json, and / with subscribe links.

    Serves the -t timelines, or every bundled one. Edited files are reloaded; a file that
    breaks keeps its last good feed served and the error is logged. One line per request
    on standard error.

    \b
    Example:
      tracker serve -t my-treaty.toml --port 8080
    """
    from tracker.feeds import FeedStore
    from tracker.serve import FeedApp, FeedServer, log_to_stderr, serve_until_signalled

    where = scope(ctx, timelines, as_of, default=())
    store = FeedStore(where.timelines, where.as_of)
    try:
        server = FeedServer(FeedApp(store), host, port)
    except OSError as exc:
        raise Failure(f"{host}:{port}: cannot listen ({exc.strerror})", 1) from None
    log_to_stderr()
    ids = ", ".join(listing.timeline_id for listing in store.listings())
    click.echo(f"Serving {ids} on {server.url} (Ctrl-C to stop)")
    serve_until_signalled(server, lambda line: click.echo(line, err=True))


@cli.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, writable=True))
@feed_scope_options
@click.option("--base-url", type=BaseUrl(), metavar="URL",
              help="Where DIR will be served from, for absolute subscribe links.")  # fmt: skip
@click.pass_context
def publish(
    ctx: click.Context,
    folder: str,
    timelines: tuple[str, ...],
    as_of: pendulum.Date | None,
    base_url: str | None,
) -> None:
    """Write every feed (ID.ics), its JSON and an index.html into DIR, for a static host.

    Publishes the -t timelines, or every bundled one. Files whose bytes did not change are
    not rewritten, so the host keeps their ETags.

    \b
    Example:
      tracker publish site --base-url https://example.org/treaties/
    """
    from pathlib import Path

    from tracker.feeds import FeedStore
    from tracker.publish import publish as publish_files

    where = scope(ctx, timelines, as_of, default=())
    store = FeedStore(where.timelines, where.as_of)
    try:
        written = publish_files(Path(folder), store, base_url)
    except OSError as exc:
        raise Failure(f"{exc.filename or folder}: cannot write ({exc.strerror})", 1) from None
    for name, changed in written:
        click.echo(f"{'wrote' if changed else 'unchanged'} {Path(folder) / name}")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="tracker")
