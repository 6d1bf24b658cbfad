"""The access log: one line per request in the Combined Log Format, to the `tracker.access` logger.

Written by the request's own thread into the logging queue (`tracker.site.serve.logs`), so a slow
reader of standard error costs a dropped line, never a stalled request.

Behind a reverse proxy every request comes from the proxy's address. For a connection from a
proxy given with `--trusted-proxy`, the line names the client the proxy saw instead: the last
address of its `X-Forwarded-For` (the one that proxy added; any before it came from the client
and prove nothing). The header is used for nothing else, and from any other address it is
ignored, since anybody can send it.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tracker.clock import now_utc

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

access_log = logging.getLogger("tracker.access")


class AccessLog:
    """WSGI middleware: one line per request in the Combined Log Format, to `tracker.access`."""

    def __init__(self, app: WSGIApplication, trusted_proxies: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.trusted_proxies = trusted_proxies

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        answer: list[str] = ["-", "-"]

        def recording(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            length = next((v for k, v in headers if k.lower() == "content-length"), "-")
            answer[:] = [status.split(" ", 1)[0], length]
            return start_response(status, headers, *exc_info)

        body = self.app(environ, recording)
        access_log.info(_log_line(environ, answer[0], answer[1], client=self._client(environ)))
        return body

    def _client(self, environ: WSGIEnvironment) -> str:
        """The address the line names: the proxy's forwarded client, else the peer's."""
        peer = str(environ.get("REMOTE_ADDR", "-"))
        if peer not in self.trusted_proxies:
            return peer
        forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", "")).rpartition(",")[2].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:  # absent or not an address: the proxy's own
            return peer


def _log_line(environ: WSGIEnvironment, status: str, length: str, client: str = "-") -> str:
    when = now_utc().strftime("%d/%b/%Y:%H:%M:%S +0000")
    target = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
    request = f"{environ.get('REQUEST_METHOD', '-')} {target} {environ.get('SERVER_PROTOCOL', '-')}"
    referer = environ.get("HTTP_REFERER", "-")
    agent = environ.get("HTTP_USER_AGENT", "-")
    return (
        f'{client} - - [{when}] "{_quoted(request)}" {status} {length} '
        f'"{_quoted(referer)}" "{_quoted(agent)}"'
    )


def _quoted(text: str) -> str:
    """Client-supplied text made safe for one log line: no quotes, no control characters."""
    return text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
