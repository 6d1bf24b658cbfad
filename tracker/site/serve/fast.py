"""The common answers, built once per render instead of once per request.

Nearly every request a feed server sees is a calendar polling one feed: a plain GET, or a GET
whose If-None-Match or If-Modified-Since matches what it has. For those, building werkzeug's
Request and Response, parsing the conditional headers and serializing the response headers cost
several times what the server itself does. So when a feed's bytes change, its `200` and `304` are
built once, through the very code the slow path uses (`answer` from the app), and captured as
status, header list and body; a request that matches one of them exactly is answered from it with
only a `Date` added, refreshed at most once a second.

Anything that is not an exact match falls through to werkzeug: HEAD, Range, If-Match,
If-Unmodified-Since, If-Range, a body, a weak or listed ETag, `*`, a date that is not the
Last-Modified text byte for byte, errors, the index. Those are rare, and werkzeug gets them right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from email.utils import formatdate
from typing import TYPE_CHECKING, Any

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from tracker.clock import now_utc
from tracker.site.store import Feed

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

# Request headers that make a GET something other than "the feed, or 304 if I have it".
_UNUSUAL = (
    "HTTP_RANGE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_TRANSFER_ENCODING",
)

_date: tuple[int, str] = (0, "")


def http_date() -> str:
    """Now as an HTTP date, formatted at most once a second."""
    global _date  # one tuple, swapped whole: threads read either the old or the new one
    second = int(now_utc().timestamp())
    if _date[0] != second:
        _date = (second, formatdate(second, usegmt=True))
    return _date[1]


@dataclass(frozen=True, slots=True)
class Captured:
    """One complete response as the slow path produced it, minus `Date`."""

    status: str
    headers: tuple[tuple[str, str], ...]
    body: tuple[bytes, ...]

    def send(self, start_response: StartResponse) -> Iterable[bytes]:
        start_response(self.status, [*self.headers, ("Date", http_date())])
        return self.body


@dataclass(frozen=True, slots=True)
class Prepared:
    """A feed's `200` and `304`, and the exact validator texts that select the `304`."""

    ok: Captured
    not_modified: Captured
    etag: str  # as the client echoes it: quoted
    last_modified: str

    def choose(self, environ: WSGIEnvironment) -> Captured | None:
        """The answer for a GET, if it is one of the two; None sends it to werkzeug."""
        for name in _UNUSUAL:
            if name in environ:
                return None
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:  # it takes precedence over If-Modified-Since
            return self.not_modified if if_none_match == self.etag else None
        if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if if_modified_since is None:
            return self.ok
        return self.not_modified if if_modified_since == self.last_modified else None


Answer = Callable[[Feed, Request], Response]


class FastPath:
    """The prepared answers of every file a store serves, rebuilt whenever its files change."""

    def __init__(self, answer: Answer) -> None:
        self._answer = answer
        self._built: tuple[Mapping[str, Feed] | None, dict[str, Prepared]] = (None, {})

    def lookup(self, files: Mapping[str, Feed], path: str) -> Prepared | None:
        """The prepared answers for `path` ("/inf.ics"), built first if `files` are new."""
        built_from, table = self._built
        if built_from is not files:  # a new snapshot: a render happened
            table = {f"/{name}": self._prepare(feed) for name, feed in files.items()}
            self._built = (files, table)  # swapped whole, like the store's snapshot
        return table.get(path)

    def _prepare(self, feed: Feed) -> Prepared:
        ok = self._capture(feed, [])
        etag = dict(ok.headers)["ETag"]
        last_modified = dict(ok.headers)["Last-Modified"]
        return Prepared(ok, self._capture(feed, [("If-None-Match", etag)]), etag, last_modified)

    def _capture(self, feed: Feed, headers: list[tuple[str, str]]) -> Captured:
        environ = EnvironBuilder(path=f"/{feed.name}", headers=headers).get_environ()
        captured: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            captured[:] = [status, tuple((k, v) for k, v in headers if k.lower() != "date")]

        body = b"".join(self._answer(feed, Request(environ))(environ, start_response))
        return Captured(captured[0], captured[1], (body,) if body else ())
