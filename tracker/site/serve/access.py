"""The access log: one line per request in the Combined Log Format, to the `tracker.access` logger.

Written by the request's own thread into the logging queue (`tracker.site.serve.logs`), so a slow
reader of standard error costs a dropped line, never a stalled request.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tracker.clock import now_utc

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

access_log = logging.getLogger("tracker.access")


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
