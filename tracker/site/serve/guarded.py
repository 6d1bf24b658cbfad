"""waitress, hardened against clients that hold connections without finishing requests.

waitress keeps slow clients off its worker threads, but on its own it stops accepting new
connections once `connection_limit` are open and closes a connection only after `channel_timeout`
seconds without a single byte; so 1,000 clients that each trickle a byte every few seconds
starve everyone else for as long as they like. Three rules close that gap:

- a request must arrive whole within `REQUEST_TIMEOUT` seconds of its first byte, however
  steadily it trickles (idle keep-alive connections still close after `channel_timeout`);
- one client address holds at most `PER_ADDRESS` connections; more are closed at once, so one
  attacker cannot fill the table (calendar services poll from many addresses); a reverse proxy
  given with `--trusted-proxy` is exempt, since every subscriber behind it shares its address
  (decided on accept, before any header is read);
- the server never stops accepting: at `connection_limit` it sheds the idle connection that has
  gone longest without completing a request, which is an attacker's before a real client's.

It keeps a connection open after a `304`: waitress closes any HTTP/1.1 connection whose response
has no Content-Length, including those that have no body at all (1xx, 204, 304), whose end is
never in doubt. A 304 may not carry a Content-Length other than the full feed's, which waitress
would then count as "too few bytes"; so every revalidation cost a new connection, which made
`304`s slower than full `200`s.

It also refuses a request that frames its body twice (Content-Length and Transfer-Encoding):
the two readings disagree, which is how requests are smuggled past proxies; RFC 9112 section 6.3
lets a server reject it, and it must then close the connection, which waitress does for a 400.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser, ParsingError
from waitress.server import TcpWSGIServer
from waitress.task import WSGITask

REQUEST_TIMEOUT = 10.0  # seconds from a request's first byte to its last
PER_ADDRESS = 100  # open connections per client address
ACCEPT_BATCH = 256  # connections accepted per turn of the loop, at most
REPORT_SECONDS = 60.0  # refused and shed connections are logged as one line this often, at most

log = logging.getLogger("tracker.serve")


class StrictParser(HTTPRequestParser):
    """waitress's parser, refusing a body framed by both Content-Length and Transfer-Encoding."""

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        framed_twice = self.chunked or "TRANSFER_ENCODING" in self.headers
        if framed_twice and "CONTENT_LENGTH" in self.headers:
            raise ParsingError("Content-Length and Transfer-Encoding together are ambiguous")


class KeepAliveTask(WSGITask):
    """waitress's task, keeping the connection after a response that has no body to frame."""

    _building_header = False

    def build_response_header(self) -> bytes:
        self._building_header = True
        try:
            return bytes(super().build_response_header())
        finally:
            self._building_header = False

    def set_close_on_finish(self) -> None:
        if self._building_header and not self.has_body and not self._close_asked():
            return  # waitress's "no Content-Length" rule: a bodiless response needs none
        super().set_close_on_finish()

    def _close_asked(self) -> bool:
        """Whether the client (or HTTP/1.0) or the application wants the connection closed."""
        headers: dict[str, str] = getattr(self.request, "headers", {})  # a parse error has none
        if self.version != "1.1" or headers.get("CONNECTION", "").lower() == "close":
            return True
        return any(
            k.lower() == "connection" and v.lower() == "close" for k, v in self.response_headers
        )


class GuardedChannel(HTTPChannel):
    """A connection that remembers when its current request began and when one last completed."""

    parser_class = StrictParser
    task_class = KeepAliveTask
    server: GuardedServer

    def __init__(self, server: GuardedServer, sock: Any, addr: Any, adj: Any, map: Any = None):
        self.client = addr[0] if isinstance(addr, tuple) else ""
        self.reading_since: float | None = None  # the first byte of a request not yet complete
        self.progress = time.monotonic()  # connected, or last completed a request
        server.clients[self.client] += 1
        self._counted = True
        super().__init__(server, sock, addr, adj, map)

    def received(self, data: bytes) -> bool:
        if self.request is None:
            self.reading_since = time.monotonic()
        done = super().received(data)
        if self.request is None:  # the last request in `data` was complete
            self.reading_since = None
            self.progress = time.monotonic()
        return done

    def del_channel(self, map: Any = None) -> None:
        super().del_channel(map)
        if self._counted:  # close() can run twice
            self._counted = False
            self.server.clients[self.client] -= 1
            if not self.server.clients[self.client]:
                del self.server.clients[self.client]


class GuardedServer(TcpWSGIServer):
    """waitress's TCP server with the rules above; `per_address` and `request_timeout` are
    taken here, every other keyword is a waitress setting."""

    channel_class = GuardedChannel
    # What waitress sets that types-waitress leaves out or types wrongly: the channels are a dict
    # by file descriptor, times come from time.time() (floats), and `_map` is the loop's own map.
    active_channels: dict[int, GuardedChannel]  # type: ignore[assignment]  # the stubs: one channel
    next_channel_cleanup: float  # type: ignore[assignment]  # the stubs say int
    effective_host: str
    effective_port: int
    _map: dict[int, Any]

    def __init__(
        self,
        application: Any,
        *,
        per_address: int = PER_ADDRESS,
        trusted_proxies: frozenset[str] = frozenset(),
        request_timeout: float = REQUEST_TIMEOUT,
        report_seconds: float = REPORT_SECONDS,
        **settings: Any,
    ) -> None:
        self.clients: Counter[str] = Counter()
        self.per_address = per_address
        self.trusted_proxies = trusted_proxies  # exempt from `per_address`: all clients behind
        self.request_timeout = request_timeout
        self.report_seconds = report_seconds
        self._next_report = time.monotonic() + report_seconds
        self.refused = 0  # connections closed at once: their address was at its limit
        self.shed = 0  # idle connections closed to make room
        super().__init__(application, **settings)

    def readable(self) -> bool:
        """Accept whenever listening: the connection limit sheds instead of refusing."""
        now = time.time()
        if now >= self.next_channel_cleanup:
            self.next_channel_cleanup = now + self.adj.cleanup_interval
            self.maintenance(now)
        return bool(self.accepting)

    def handle_accept(self) -> None:
        """Accept every waiting connection (up to `ACCEPT_BATCH`), not one per turn of the loop:
        with a thousand connections open a turn takes milliseconds, and an attacker reconnecting
        faster than one per turn would otherwise keep a real client waiting in the backlog."""
        for _ in range(ACCEPT_BATCH):
            try:
                accepted = self.accept()
            except OSError:  # out of file descriptors, most likely: make room for the next try
                self._shed_one()
                return
            if accepted is None:  # nobody else waiting
                return
            self._admit(*accepted)

    def _admit(self, conn: Any, addr: Any) -> None:
        client = addr[0] if isinstance(addr, tuple) else ""
        if self.clients[client] >= self.per_address and client not in self.trusted_proxies:
            self.refused += 1
            conn.close()
            return
        if len(self.active_channels) >= self.adj.connection_limit:
            self._shed_one()
        self.set_socket_options(conn)
        self.channel_class(self, conn, self.fix_addr(addr), self.adj, map=self._map)

    def maintenance(self, now: float) -> None:
        """waitress's idle timeout, and the whole-request deadline."""
        super().maintenance(now)  # type: ignore[arg-type]  # the stubs say int; waitress passes time()
        cutoff = time.monotonic() - self.request_timeout
        for channel in self.active_channels.values():
            since = channel.reading_since
            if since is not None and since < cutoff and not channel.requests:
                channel.will_close = True  # closed by the loop at its next turn
        self._report()

    def _report(self) -> None:
        """One line for what the limits did since the last one: never a line per connection,
        which an attacker could turn into a flood of its own."""
        if time.monotonic() < self._next_report:
            return
        self._next_report = time.monotonic() + self.report_seconds
        if self.refused or self.shed:
            log.warning(
                "connections: %d refused (over %d from one address), %d idle ones shed "
                "(at the limit of %d)",
                self.refused,
                self.per_address,
                self.shed,
                self.adj.connection_limit,
            )
            self.refused = self.shed = 0

    def _shed_one(self) -> None:
        """Close the idle connection that has gone longest without completing a request."""
        idle = [
            channel
            for channel in self.active_channels.values()
            if not channel.requests and not channel.total_outbufs_len
        ]
        if idle:
            self.shed += 1
            min(idle, key=lambda channel: channel.progress).handle_close()
