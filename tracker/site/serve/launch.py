"""`tracker serve` from options to a running server: waitress by default, granian if asked."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Sequence

import pendulum

from tracker.errors import UsageProblem
from tracker.site.serve.app import FeedApp
from tracker.site.serve.logs import logging_to
from tracker.site.serve.server import FeedServer, announce_problems, serve_until_signalled
from tracker.site.store import FeedStore

SERVERS = ("waitress", "granian")


def serve(
    names: Sequence[str],
    as_of: pendulum.Date | None,
    host: str,
    port: int,
    *,
    server: str = "waitress",
    workers: int = 1,
    fast: bool = True,
    hindsight: bool = False,
    trusted_proxies: frozenset[str] = frozenset(),
    echo: Callable[[str], None] = print,
) -> None:
    """Serve `names` until SIGINT or SIGTERM, announcing the URL through `echo`.

    Raises `UsageProblem` for options that do not fit, `InvalidTimeline` when no timeline can be
    served, and `OSError` when the address cannot be listened on.
    """
    if server == "granian":
        from tracker.site.serve.native import require_granian, run_granian

        require_granian()
    elif workers > 1:
        raise UsageProblem("--workers needs --server granian: waitress runs in one process")
    with logging_to(sys.stderr):
        store = FeedStore(names, as_of, hindsight=hindsight)
        announce_problems(store)
        ids = ", ".join(listing.timeline_id for listing in store.listings())
        if server == "waitress":
            running = FeedServer(FeedApp(store, fast), host, port, trusted_proxies=trusted_proxies)
            echo(f"Serving {ids} on {running.url} (Ctrl-C to stop)")
            serve_until_signalled(running)
            return
    port = _usable_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    echo(f"Serving {ids} on http://{shown}:{port}/ (Ctrl-C to stop)")
    run_granian(names, as_of, host, port, workers, fast, hindsight, trusted_proxies)


def _usable_port(host: str, port: int) -> int:
    """`port`, or a free one for 0; raises `OSError` if it cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))
        return int(probe.getsockname()[1])
