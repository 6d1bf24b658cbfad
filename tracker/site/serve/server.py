"""`tracker serve`'s server: the application under hardened waitress, and a clean stop.

Stopping is ordered so that nothing ever writes to a closed socket: the loop stops (no new
connections, no new requests), then the worker threads finish the requests they are running
(a second at most: every answer is already in memory), and only then are the connections
closed. A signal only sets a flag and wakes the loop, so it is safe however busy the server is.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from waitress import wasyncore

from events.problems import InvalidTimeline
from tracker.site.serve.access import AccessLog
from tracker.site.serve.guarded import GuardedServer
from tracker.site.store import FeedStore, one_line

if TYPE_CHECKING:
    from types import FrameType

    from _typeshed.wsgi import WSGIApplication

log = logging.getLogger("tracker.serve")

# waitress settings for `tracker serve`: small bounded requests (calendar clients send a GET and a
# few headers), idle connections closed after 30 s (checked every second), poll() so more than
# 1024 sockets can be open, and a pool of threads that only ever runs fast, in-memory responses.
SERVER_SETTINGS: dict[str, Any] = {
    "threads": 8,
    "connection_limit": 1000,
    "channel_timeout": 30,
    "cleanup_interval": 1,
    "max_request_header_size": 16 * 1024,
    "max_request_body_size": 1024,
    "asyncore_use_poll": True,
    "ident": "withdrawal-tracker",
}

STOP_SECONDS = 1  # how long running requests get to finish once a stop is asked for


class FeedServer:
    """An application under hardened waitress, with the access log, on one host and port (0: any
    free port). `settings` override `SERVER_SETTINGS` and `GuardedServer`'s own."""

    def __init__(
        self, app: WSGIApplication, host: str = "127.0.0.1", port: int = 8000, **settings: Any
    ) -> None:
        options = {**SERVER_SETTINGS, **settings}
        trusted = frozenset(options.get("trusted_proxies", ()))
        if trusted:  # waitress would drop X-Forwarded-For before the access log sees it
            options["clear_untrusted_proxy_headers"] = False
        self._server = GuardedServer(AccessLog(app, trusted), host=host, port=port, **options)
        self._stopping = threading.Event()

    @property
    def url(self) -> str:
        host = str(self._server.effective_host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self._server.effective_port}/"

    def run(self) -> None:
        """Serve until `stop()`; then let running requests finish, and close every socket."""
        server = self._server
        try:
            while not self._stopping.is_set():
                wasyncore.loop(
                    timeout=server.adj.asyncore_loop_timeout,
                    map=server._map,
                    use_poll=server.adj.asyncore_use_poll,
                    count=1,
                )
        finally:
            server.task_dispatcher.shutdown(cancel_pending=True, timeout=STOP_SECONDS)
            wasyncore.close_all(server._map)  # the loop's own map: waitress has no public stop

    def stop(self) -> None:
        """Ask `run()` to return: safe from any thread or a signal handler, and more than once."""
        self._stopping.set()
        with contextlib.suppress(OSError):  # already closed: the loop has ended
            self._server.pull_trigger()  # wakes the loop from its poll()


def serve_until_signalled(server: FeedServer) -> None:
    """Run `server` in this (main) thread until SIGINT or SIGTERM, then stop cleanly."""

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("%s: stopping", signal.Signals(signum).name)
        server.stop()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def announce_problems(store: FeedStore) -> None:
    """Log each timeline that cannot be served (it answers 503), one line each; when that is all
    of them there is nothing to serve: raise `InvalidTimeline` (exit 1), on one line."""
    problems = store.problems()
    if problems and not store.files():
        first = problems[0].problems[0]
        more = len(problems[0].problems) - 1
        also = [f"{more} more problems in this file"] if more else []
        also += [f"{len(problems) - 1} more timelines"] if len(problems) > 1 else []
        text = f"{first.message} (and {', '.join(also)})" if also else first.message
        raise InvalidTimeline([replace(first, message=text)], problems[0].source)
    for problem in problems:
        log.error("%s; answering 503 until it is fixed", one_line(problem))
