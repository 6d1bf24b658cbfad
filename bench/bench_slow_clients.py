"""Latency of a normal client while thousands of slow clients hold connections to `tracker serve`.

Starts `tracker serve -t inf` on a free loopback port, measures a normal client (a new connection
per request, from 127.0.0.1) alone, then again while an attacker holds --slow connections from
127.0.0.2 to 127.0.0.9, each sending a request line and then one header byte every few seconds
and never finishing: a slowloris. When the server closes one, the attacker opens another (at a
bounded rate, so this stays a slow attack and not a connection flood). Prints p50, p99 and the
worst latency, the errors, and how many slow connections the server let the attacker hold.
--sources 40 spreads the attack over more addresses than the per-address cap can stop, to
exercise the connection limit.

The open-file limit is raised to its hard limit first (each connection is a descriptor on both
sides). Only loopback traffic.

Run: python bench/bench_slow_clients.py [--slow 2000] [--requests 400] [--server waitress]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

TRICKLE_SECONDS = 2.0  # one header byte per slow connection this often
RECONNECTS_PER_SECOND = 400


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@contextlib.contextmanager
def tracker_serve(extra: list[str]) -> Iterator[tuple[str, int]]:
    """`tracker serve -t inf` as a child process; yields its host and port."""
    command = [sys.executable, "-m", "tracker", "serve", "-t", "inf", "--port", "0",
               "--as-of", "2019-01-17", *extra]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        if not match:
            raise SystemExit(f"tracker serve did not start: {line!r}")
        host, port = match[1], int(match[2])
        deadline = time.monotonic() + 20
        while True:  # granian prints its URL before its workers listen
            try:
                socket.create_connection((host, port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield host, port
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


class Slowloris(threading.Thread):
    """Keeps up to `target` slow connections open, reopening those the server closes."""

    def __init__(self, host: str, port: int, target: int, sources: list[str]) -> None:
        super().__init__(daemon=True)
        self.address = (host, port)
        self.sources = sources
        self.target = target
        self.stopping = threading.Event()
        self.selector = selectors.DefaultSelector()
        self.open: dict[socket.socket, float] = {}  # socket -> when it last sent a byte
        self.closed_by_server = 0
        self.failed = 0

    def run(self) -> None:
        number = 0
        started = time.monotonic()
        while not self.stopping.is_set():
            # Connections opened so far may not run ahead of the rate (the first --slow are
            # opened at once): a slow attack, not a connection flood.
            allowed = self.target + RECONNECTS_PER_SECOND * (time.monotonic() - started)
            while len(self.open) < self.target and number < allowed:
                number += 1
                self._connect(self.sources[number % len(self.sources)])
            for key, _ in self.selector.select(timeout=0.1):
                self._drop(key.fileobj, by_server=True)  # readable: the server closed it
            now = time.monotonic()
            for sock, last in list(self.open.items()):
                if now - last >= TRICKLE_SECONDS:
                    try:
                        sock.send(b"X")
                        self.open[sock] = now
                    except OSError:
                        self._drop(sock, by_server=True)
        for sock in list(self.open):
            self._drop(sock, by_server=False)

    def _connect(self, source: str) -> None:
        try:
            sock = socket.create_connection(self.address, timeout=1, source_address=(source, 0))
            sock.sendall(b"GET /inf.ics HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        except OSError:
            self.failed += 1
            return
        sock.setblocking(False)
        self.selector.register(sock, selectors.EVENT_READ)
        self.open[sock] = time.monotonic()

    def _drop(self, sock: object, by_server: bool) -> None:
        assert isinstance(sock, socket.socket)
        self.selector.unregister(sock)
        del self.open[sock]
        sock.close()
        self.closed_by_server += by_server


PHASE_SECONDS = 60  # a starved client would otherwise make a phase last count x timeout
TIMEOUT = 5  # seconds a normal request may take before it counts as failed


def latencies(host: str, port: int, count: int) -> tuple[list[float], int]:
    """Seconds per request (a new connection each, as calendars poll), and the failures
    (including the requests not sent because the phase ran out of time)."""
    times, errors = [], 0
    deadline = time.monotonic() + PHASE_SECONDS
    for number in range(count):
        if time.monotonic() > deadline:
            return times, errors + count - number
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
            connection.request("GET", "/inf.ics")
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                errors += 1
                continue
        except OSError:
            errors += 1
            continue
        times.append(time.perf_counter() - start)
    return times, errors


def summary(label: str, times: list[float], errors: int) -> str:
    if not times:
        return f"{label:<28}{'-':>9}{'-':>9}{'-':>9}{errors:>8}"
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"{label:<28}{statistics.median(ordered) * 1000:>9.1f}{p99 * 1000:>9.1f}"
            f"{ordered[-1] * 1000:>9.1f}{errors:>8}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slow", type=int, default=2000, help="slow connections to hold")
    parser.add_argument("--requests", type=int, default=400, help="normal requests per phase")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before measuring")
    parser.add_argument(
        "--sources",
        type=int,
        default=8,
        help="addresses the slow clients come from: 127.0.0.2 and up",
    )
    parser.add_argument("--server", default="waitress", help="tracker serve --server")
    parser.add_argument("--workers", type=int, default=1, help="tracker serve --workers")
    args = parser.parse_args()
    limit = raise_file_limit()
    if limit < args.slow + 200:
        raise SystemExit(f"the open-file limit is {limit}: too low for {args.slow} connections")
    extra = [] if args.server == "waitress" else ["--server", args.server]
    extra += ["--workers", str(args.workers)] if args.workers > 1 else []
    with tracker_serve(extra) as (host, port):
        latencies(host, port, 20)  # warm up
        alone = latencies(host, port, args.requests)
        sources = [f"127.0.{n // 256}.{n % 256}" for n in range(2, 2 + args.sources)]
        attack = Slowloris(host, port, args.slow, sources)
        attack.start()
        time.sleep(args.settle)
        held_before = len(attack.open)
        attacked = latencies(host, port, args.requests)
        held_after = len(attack.open)
        attack.stopping.set()
        attack.join(30)
    print(f"tracker serve ({args.server}, {args.workers} worker(s)); {os.cpu_count()} CPUs; "
          f"loopback; open-file limit {limit}")  # fmt: skip
    print(f"slow connections: {args.slow} wanted from {sources[0]}-{sources[-1]}; held "
          f"{held_before} when measuring began, {held_after} at its end; closed by the server "
          f"{attack.closed_by_server}; connects failed {attack.failed}")  # fmt: skip
    print(f"{'normal client (ms)':<28}{'p50':>9}{'p99':>9}{'max':>9}{'errors':>8}")
    print(summary("alone", *alone))
    print(summary(f"with {args.slow} slow clients", *attacked))


if __name__ == "__main__":
    main()
