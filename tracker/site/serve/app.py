"""The WSGI application: the index at `/`, each feed by its exact name, nothing else.

It serves only what the store generated, looked up by exact name in a dict, so no path, however
encoded, reaches the file system. HTTP mechanics come from werkzeug (conditional GET, ETag and
date parsing, HEAD); the common answers come from responses it built once per render
(`tracker.site.serve.fast`). A timeline that has never loaded answers 503 with Retry-After, so a
calendar keeps its subscription and tries again, where a 404 would tell it the feed is gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pendulum
from werkzeug.http import parse_date
from werkzeug.wrappers import Request, Response

from tracker.render.web.index import render_index
from tracker.site.serve.fast import FastPath, http_date
from tracker.site.store import Feed, FeedStore

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

# Calendars poll on their own schedule (hours); an hour in shared caches costs little freshness.
CACHE_CONTROL = "public, max-age=3600"
ALLOW = "GET, HEAD"
RETRY_AFTER = "60"  # seconds: a fixed file is picked up within one, so a minute is plenty


class FeedApp:
    """The WSGI application: `/` the index, `/<id>.ics`, `.json` and `.html` the files, else 404
    (or 503 for the files of a timeline that has never loaded)."""

    def __init__(self, store: FeedStore, fast: bool = True) -> None:
        self.store = store
        self.fast = FastPath(feed_answer) if fast else None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if self.fast is not None and environ["REQUEST_METHOD"] == "GET":
            self.store.check_if_due()
            prepared = self.fast.lookup(self.store.files(), environ.get("PATH_INFO", ""))
            answer = prepared and prepared.choose(environ)
            if answer:
                return answer.send(start_response)
        _ignore_unparsable_dates(environ)
        response = self.respond(Request(environ))
        response.headers["Date"] = http_date()
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        # Looked up exactly as the server decoded it (werkzeug's `request.path` would tidy
        # it first): only the names generated are served, and nothing else is looked at.
        if "HTTP_TRANSFER_ENCODING" in request.environ:
            return _framed_body()
        path = request.environ.get("PATH_INFO", "")
        feed = None if path == "/" else self.store.get(path[1:])
        unavailable = feed is None and path != "/" and self.store.unavailable(path[1:])
        if path != "/" and feed is None and not unavailable:
            return _plain("not found\n", 404)
        if request.method not in ("GET", "HEAD"):
            refused = _plain("method not allowed\n", 405)
            refused.headers["Allow"] = ALLOW
            return refused
        if unavailable:
            busy = _plain("unavailable: this timeline has a problem; try again later\n", 503)
            busy.headers["Retry-After"] = RETRY_AFTER
            busy.headers["Cache-Control"] = "no-store"
            return busy
        if feed is None:
            return self._index(request).make_conditional(request)
        return feed_answer(feed, request)

    def _index(self, request: Request) -> Response:
        """Built per request, because its links carry the host the client used; it is small."""
        body = render_index(self.store.listings(), request.url_root)
        response = Response(body, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = "no-cache"
        response.add_etag()
        return response


def feed_answer(feed: Feed, request: Request) -> Response:
    """A feed's answer to a GET or HEAD: the feed, or 304 as its conditional headers ask."""
    response = Response(feed.body, content_type=feed.content_type)
    response.headers["Content-Disposition"] = f'inline; filename="{feed.name}"'
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.set_etag(feed.etag)
    response.last_modified = feed.last_modified
    return response.make_conditional(request)


_DATE_HEADERS = ("HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE")


def _ignore_unparsable_dates(environ: WSGIEnvironment) -> None:
    """Drop a conditional date that werkzeug cannot parse without raising: RFC 9110 says an
    invalid date is ignored, but a year with twenty digits overflows inside `email.utils`
    (OverflowError, a 500 and a traceback per request) where werkzeug only catches ValueError."""
    for name in _DATE_HEADERS:
        value = environ.get(name)
        if value is None:
            continue
        try:
            parse_date(value)
        except (OverflowError, ValueError, TypeError):
            del environ[name]


def _framed_body() -> Response:
    """400 and close, for a request whose body is framed by Transfer-Encoding.

    Nothing here takes a body, and a Transfer-Encoding beside a Content-Length is how requests
    are smuggled (RFC 9112 section 6.3: reject, or answer and close). waitress refuses that pair
    itself (`tracker.site.serve.guarded`) and hides Transfer-Encoding from the application; granian
    keeps the header but drops the Content-Length, so this is where it is refused there.
    """
    refused = _plain("bad request: nothing here takes a request body\n", 400)
    refused.headers["Connection"] = "close"  # both servers close after it
    return refused


def _plain(text: str, status: int) -> Response:
    return Response(text, status, content_type="text/plain; charset=utf-8")


def make_app(
    timelines: Sequence[str] = (), as_of: pendulum.Date | str | None = None
) -> WSGIApplication:
    """The feed server for any WSGI server: `gunicorn 'tracker.site.serve:make_app(["inf"])'`.

    `timelines` are files or bundled ids (none: every bundled timeline); `as_of` a day (a date or
    "YYYY-MM-DD"), else today in each timeline's zone.
    """
    day = pendulum.Date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return FeedApp(FeedStore(timelines, day))
