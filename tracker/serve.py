"""The HTTP feed server: a WSGI application over a `FeedStore`, and waitress to run it.

The application serves only what the store generated, looked up by exact name in a dict, so no
path, however encoded, reaches the file system. HTTP mechanics come from werkzeug (conditional
GET, ETag and date parsing, HEAD); `tracker serve` runs it under waitress, a pure-Python server
that buffers whole requests and responses in its async layer, so slow or idle clients hold a
socket, not one of the worker threads. Any other WSGI server works too:

    gunicorn 'tracker.serve:make_app(["inf"])'
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any

import pendulum
from waitress.server import create_server
from werkzeug.wrappers import Request, Response

from tracker.clock import now_utc
from tracker.feeds import Feed, FeedStore
from tracker.render.index import render_index

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

access_log = logging.getLogger("tracker.access")

# Calendars poll on their own schedule (hours); an hour in shared caches costs little freshness.
CACHE_CONTROL = "public, max-age=3600"
ALLOW = "GET, HEAD"

# waitress settings for `tracker serve`: small bounded requests (calendar clients send a GET and a
# few headers), idle or stalled connections closed after 30 s, poll() so more than 1024 sockets
# can be open, and a pool of threads that only ever runs fast, in-memory responses.
SERVER_SETTINGS: dict[str, Any] = {
    "threads": 8,
    "connection_limit": 1000,
    "channel_timeout": 30,
    "max_request_header_size": 16 * 1024,
    "max_request_body_size": 1024,
    "asyncore_use_poll": True,
    "ident": "withdrawal-tracker",
}


class FeedApp:
    """The WSGI application: `/` the index, `/<id>.ics` and `/<id>.json` the files, else 404."""

    def __init__(self, store: FeedStore) -> None:
        self.store = store

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        return self.respond(request)(environ, start_response)

    def respond(self, request: Request) -> Response:
        # Looked up exactly as the server decoded it (werkzeug's `request.path` would tidy
        # it first): only the names generated are served, and nothing else is looked at.
        path = request.environ.get("PATH_INFO", "")
        feed = None if path == "/" else self.store.get(path[1:])
        if path != "/" and feed is None:
            return _plain("not found\n", 404)
        if request.method not in ("GET", "HEAD"):
            refused = _plain("method not allowed\n", 405)
            refused.headers["Allow"] = ALLOW
            return refused
        response = self._index(request) if feed is None else _feed_response(feed)
        return response.make_conditional(request)

    def _index(self, request: Request) -> Response:
        """Built per request, because its links carry the host the client used; it is small."""
        body = render_index(self.store.listings(), request.url_root)
        response = Response(body, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = "no-cache"
        response.add_etag()
        return response


def _feed_response(feed: Feed) -> Response:
    response = Response(feed.body, content_type=feed.content_type)
    response.headers["Content-Disposition"] = f'inline; filename="{feed.name}"'
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.set_etag(feed.etag)
    response.last_modified = feed.last_modified
    return response


def _plain(text: str, status: int) -> Response:
    return Response(text, status, content_type="text/plain; charset=utf-8")


def make_app(
    timelines: Sequence[str] = (), as_of: pendulum.Date | str | None = None
) -> WSGIApplication:
    """The feed server for any WSGI server: `gunicorn 'tracker.serve:make_app(["inf"])'`.

    `timelines` are files or bundled ids (none: every bundled timeline); `as_of` a day (a date or
    "YYYY-MM-DD"), else today in each timeline's zone.
    """
    day = pendulum.Date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return FeedApp(FeedStore(timelines, day))


class AccessLog:
    """WSGI middleware: one line per request in the Combined Log Format, to `tracker.access`."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        answer: list[str] = ["-", "-"]

        def recording(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            length = next((v for k, v in headers if k.lower() == "content-length"), "-")
            answer[:] = [status.split(" ", 1)[0], length]
            return start_response(status, headers, *exc_info)

        body = self.app(environ, recording)
        access_log.info(_log_line(environ, *answer))
        return body


def _log_line(environ: WSGIEnvironment, status: str, length: str) -> str:
    when = now_utc().strftime("%d/%b/%Y:%H:%M:%S +0000")
    target = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
    request = f"{environ.get('REQUEST_METHOD', '-')} {target} {environ.get('SERVER_PROTOCOL', '-')}"
    referer = environ.get("HTTP_REFERER", "-")
    agent = environ.get("HTTP_USER_AGENT", "-")
    return (
        f'{environ.get("REMOTE_ADDR", "-")} - - [{when}] "{_quoted(request)}" {status} {length} '
        f'"{_quoted(referer)}" "{_quoted(agent)}"'
    )


def _quoted(text: str) -> str:
    """Client-supplied text made safe for one log line: no quotes, no control characters."""
    return text.encode("unicode_escape").decode("ascii").replace('"', '\\"')


class FeedServer:
    """`FeedApp` under waitress, with the access log, on one host and port (0: any free port)."""

    def __init__(self, app: WSGIApplication, host: str = "127.0.0.1", port: int = 8000) -> None:
        self._server = create_server(AccessLog(app), host=host, port=port, **SERVER_SETTINGS)

    @property
    def url(self) -> str:
        host = str(self._server.effective_host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self._server.effective_port}/"

    def run(self) -> None:
        """Serve until `stop()`; then let the running requests finish."""
        try:
            self._server.run()
        finally:
            self._server.task_dispatcher.shutdown()

    def stop(self) -> None:
        """Close every socket from the server's own loop: safe from any thread or a signal.

        If the loop's trigger is already closed (a second stop, or the loop ended on its own),
        close what is left from here instead; the loop, if still running, finds an empty map.
        """
        try:
            self._server.trigger.pull_trigger(lambda: _close_all(self._server))
        except OSError:
            _close_all(self._server)


def _close_all(server: Any) -> None:
    for channel in list(server._map.values()):  # the loop's own map: waitress has no public stop
        channel.close()


def serve_until_signalled(server: FeedServer, announce: Callable[[str], None]) -> None:
    """Run `server` in this (main) thread until SIGINT or SIGTERM, then stop cleanly."""

    def stop(signum: int, frame: FrameType | None) -> None:
        announce(f"{signal.Signals(signum).name}: stopping")
        server.stop()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def log_to_stderr() -> None:
    """Access lines and reload errors, one per line, on standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("tracker", "waitress"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
