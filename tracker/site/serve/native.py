"""`tracker serve --server granian`: the same WSGI application under granian's native server.

granian (a Rust HTTP server, the `[fast]` extra) runs the application in worker processes that it
starts itself and that import the application by name; so the main process passes what to serve
through an environment variable, and each worker builds its own `FeedStore`. Each worker then
checks the files and reloads them on its own, as one waitress process does.

granian's listening socket is bound by each worker (SO_REUSEPORT on Linux), so port 0 cannot
mean "any free port" there: a free port is picked first and handed to granian (a port taken in
the instant between is reported by granian). Its own logging is off: the access log and reload
problems come from the application, through the same non-blocking queue as under waitress.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing.util
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pendulum

from tracker.errors import UsageProblem
from tracker.site.serve.access import AccessLog
from tracker.site.serve.app import FeedApp
from tracker.site.serve.guarded import REQUEST_TIMEOUT
from tracker.site.serve.logs import logging_to
from tracker.site.serve.server import STOP_SECONDS
from tracker.site.store import FeedStore

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CONFIG = "TRACKER_SERVE_GRANIAN"  # what the workers serve: JSON from the main process
# Tests set this to see which worker answered: each response then carries its process id.
WORKER_HEADER = "TRACKER_SERVE_WORKER_HEADER"

BACKPRESSURE = 8192  # connections a worker serves at once (granian's default: 1024 / workers)
THREADS = 8  # threads per worker running the application, as waitress has

_worker_logging = contextlib.ExitStack()  # held open for the worker process's life

MISSING = "--server granian needs granian: pip install 'withdrawal-tracker[fast]'"


def require_granian() -> None:
    """Raise `UsageProblem` (exit 2) saying how to install granian, if it is not installed."""
    try:
        import granian  # noqa: F401
    except ImportError:
        raise UsageProblem(MISSING) from None


def run_granian(
    names: Sequence[str],
    as_of: pendulum.Date | None,
    host: str,
    port: int,
    workers: int,
    fast: bool,
    hindsight: bool = False,
    trusted_proxies: frozenset[str] = frozenset(),
) -> None:
    """Serve under granian with `workers` processes until SIGINT or SIGTERM."""
    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    os.environ[CONFIG] = json.dumps(
        {
            "timelines": list(names),
            "as_of": as_of and as_of.isoformat(),
            "fast": fast,
            "hindsight": hindsight,
            "trusted_proxies": sorted(trusted_proxies),
        }
    )
    server = Granian(
        "tracker.site.serve.native:worker_app",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        log_enabled=False,
        # Against slow clients (granian has no per-address cap and sheds nothing): room for
        # many connections per worker, so a few thousand held ones leave slots for real
        # clients, and waitress's deadline for a request's headers. The threads that run the
        # application stay few: every answer is in memory.
        backpressure=BACKPRESSURE,
        blocking_threads=THREADS,
        http1_settings=HTTP1Settings(header_read_timeout=int(REQUEST_TIMEOUT * 1000)),
        # A worker that has not stopped by then is killed: its answers are in memory, so what
        # keeps it is a client still connected, and the stop must stay within a second.
        # granian annotates it int, but uses it as join()'s timeout, which takes any seconds
        workers_kill_timeout=STOP_SECONDS / 2,  # type: ignore[arg-type]
    )
    server.serve()


def worker_app() -> WSGIApplication:
    """The application in one granian worker: its own store, its own log writer."""
    config = json.loads(os.environ[CONFIG])
    _worker_logging.enter_context(logging_to(sys.stderr))
    # A worker process ends through multiprocessing, which skips atexit but runs its finalizers:
    # the lines still queued are written before the process goes.
    multiprocessing.util.Finalize(None, _worker_logging.close, exitpriority=10)
    as_of = config["as_of"] and pendulum.Date.fromisoformat(config["as_of"])
    store = FeedStore(config["timelines"], as_of, hindsight=config["hindsight"])
    app: WSGIApplication = FeedApp(store, config["fast"])
    if os.environ.get(WORKER_HEADER):
        app = _with_worker_id(app)
    return AccessLog(app, frozenset(config.get("trusted_proxies", ())))


def _with_worker_id(app: WSGIApplication) -> WSGIApplication:
    worker = str(os.getpid())

    def tagged(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def tagging(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            return start_response(status, [*headers, ("X-Tracker-Worker", worker)], *exc_info)

        return app(environ, tagging)

    return tagged
