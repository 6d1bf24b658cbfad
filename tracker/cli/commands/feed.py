"""Commands that write or serve a timeline's files: export, serve, publish, and sync (into a
CalDAV calendar).

Every file goes through `tracker.files.atomic.write_atomic`, so each of these writes a regular file
atomically or refuses.
"""

from __future__ import annotations

import click

from events.select import Selection
from tracker.cli.options import (
    BaseUrl,
    Failure,
    IpAddress,
    OutputFile,
    every_timeline_options,
    filter_options,
    scope_options,
)
from tracker.queries import Scope, open_timelines
from tracker.render.export import RENDERERS, export


@click.command(name="export")
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
@click.option(
    "--base-url",
    type=BaseUrl(),
    metavar="URL",
    help="With html: where the feed is served from, for subscribe links.",
)
@click.pass_context
def export_command(
    ctx: click.Context,
    fmt: str,
    scope: Scope,
    selection: Selection,
    output: str | None,
    chart: bool,
    base_url: str | None,
) -> None:
    """Export the timeline(s) as FORMAT, to standard output or atomically to a file.

    json is the document of `show --json`; text the show table, whole and without colour (--chart:
    the chart); md Markdown for a web page; csv one row per event; html the self-contained page
    of one timeline (countdown, chart, sources); mermaid a Mermaid gantt for Markdown; timelinejs
    the JSON of a TimelineJS slideshow.

    \b
    Example:
      tracker export json -t inf -o inf.json
      tracker export md --from 2018-10-01 -o inf.md
      tracker export html -t art50 --base-url https://example.org/treaties/ -o art50.html
    """
    if chart and fmt != "text":
        raise click.BadParameter("only with the text format", param_hint="'--chart'")
    if base_url and fmt != "html":
        raise click.BadParameter("only with the html format", param_hint="'--base-url'")
    if fmt == "html" and len(scope.timelines) > 1:
        raise click.UsageError(
            f"html is the page of one timeline, and {len(scope.timelines)} were given: "
            "export each with its own -t, or `tracker publish DIR` for a page of each"
        )
    resolved, day = open_timelines(scope, selection)
    data = export(fmt, resolved, day, chart, base_url)
    if output is None:
        click.echo(data, nl=False)
        return
    from tracker.files.atomic import write_atomic

    try:
        write_atomic(output, data)
    except OSError as exc:
        raise Failure(f"{output}: cannot write ({exc.strerror})", 1) from None


@click.command()
@every_timeline_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; 0.0.0.0 to let other machines subscribe.",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one (the URL is printed).",
)
@click.option(
    "--server",
    "server_name",
    type=click.Choice(["waitress", "granian"]),
    default="waitress",
    show_default=True,
    help="waitress (pure Python) or granian (native; the [fast] extra).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="With --server granian: processes, each reloading files itself.",
)
@click.option(
    "--fast-path/--no-fast-path",
    default=True,
    show_default=True,
    help="Answer plain and matching conditional GETs from responses built once "
    "per render; --no-fast-path: every answer by werkzeug.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    type=IpAddress(),
    metavar="ADDR",
    help="Your reverse proxy's address (repeatable): exempt from the 100 "
    "connections per address; its X-Forwarded-For names the client in the "
    "access log.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    scope: Scope,
    host: str,
    port: int,
    server_name: str,
    workers: int,
    fast_path: bool,
    trusted_proxies: tuple[str, ...],
) -> None:
    """Serve the feeds over HTTP until Ctrl-C: /ID.ics, /ID.json, /ID.html, and a front page.

    Serves the -t timelines, or every bundled one. Edited files are reloaded; a file that
    breaks keeps its last good feed served (503 if it never had one) and the error is logged
    once. One line per request on standard error.

    \b
    Example:
      tracker serve -t my-treaty.toml --port 8080
      tracker serve --server granian --workers 2
    """
    from tracker.site.serve.launch import serve as serve_feeds

    try:
        serve_feeds(
            scope.timelines,
            scope.as_of,
            host,
            port,
            server=server_name,
            workers=workers,
            fast=fast_path,
            hindsight=scope.hindsight,
            trusted_proxies=frozenset(trusted_proxies),
            echo=click.echo,
        )
    except OSError as exc:
        raise Failure(f"{host}:{port}: cannot listen ({exc.strerror})", 1) from None


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, writable=True))
@every_timeline_options
@click.option(
    "--base-url",
    type=BaseUrl(),
    metavar="URL",
    help="Where DIR will be served from, for absolute subscribe links.",
)
@click.pass_context
def publish(
    ctx: click.Context,
    folder: str,
    scope: Scope,
    base_url: str | None,
) -> None:
    """Write every feed (ID.ics), its JSON, its page (ID.html) and an index.html into DIR.

    Publishes the -t timelines, or every bundled one. Files whose bytes did not change are
    not rewritten, so the host keeps their ETags.

    \b
    Example:
      tracker publish site --base-url https://example.org/treaties/
    """
    from functools import partial
    from pathlib import Path

    from tracker.site.publish import publish as publish_files
    from tracker.site.store import FeedStore

    store = FeedStore(
        scope.timelines,
        scope.as_of,
        hindsight=scope.hindsight,
        render=partial(export, base=base_url),
    )
    if store.problems():  # a site is published whole or not at all
        raise store.problems()[0]
    try:
        written = publish_files(Path(folder), store, base_url)
    except OSError as exc:
        raise Failure(f"{exc.filename or folder}: cannot write ({exc.strerror})", 1) from None
    for name, changed in written:
        click.echo(f"{'wrote' if changed else 'unchanged'} {Path(folder) / name}")


@click.command()
@click.argument("url", metavar="URL")
@scope_options
@filter_options
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the plan (add, update, delete, unchanged, per event) and write nothing.",
)
@click.option(
    "--remove",
    is_flag=True,
    help="Delete every event sync wrote for these timelines (and nothing else).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Keep running: sync again when a timeline file changes or the day turns, until Ctrl-C.",
)
@click.pass_context
def sync(
    ctx: click.Context,
    url: str,
    scope: Scope,
    selection: Selection,
    dry_run: bool,
    remove: bool,
    watch: bool,
) -> None:
    """Make the CalDAV calendar at URL hold exactly the events of the timeline(s), as of today.

    Each event is the feed's own (same UID, dates, status, alarms) and is rewritten only when
    it changed; events sync did not write are never touched. Credentials come from the URL's
    host in ~/.netrc (or $NETRC), else $TRACKER_CALDAV_USER and $TRACKER_CALDAV_PASSWORD,
    never from the command line. Needs the [caldav] extra. See docs/sync.md.

    \b
    Example:
      tracker sync https://dav.example.org/cal/me/treaties/ -t inf --kind deadline
      tracker sync https://dav.example.org/cal/me/treaties/ -t mine --watch
    """
    from functools import partial

    from tracker.site.davcalendar import DavCalendar
    from tracker.site.sync import sync_timelines, target
    from tracker.site.watch import stopped_by_signals
    from tracker.site.watch import watch as watch_files

    if watch and (dry_run or remove):
        raise click.BadParameter("not with --dry-run or --remove", param_hint="'--watch'")
    calendar = DavCalendar(target(url))
    once = partial(
        sync_timelines, calendar, scope, selection, remove=remove, dry_run=dry_run, echo=click.echo
    )
    if not watch:
        once()
        return
    with stopped_by_signals() as stop:
        watch_files(scope.timelines, scope.as_of, once, partial(click.echo, err=True), stop)


COMMANDS = (export_command, serve, publish, sync)
