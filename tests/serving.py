"""What the server's tests share: a hand-moved clock, a store with a stand-in renderer, a server
in a thread on a free loopback port, an HTTP client, and `tracker serve` as a child process."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum
import pytest

from tracker.site.serve import FeedApp
from tracker.site.serve.server import FeedServer
from tracker.site.store import FeedStore

from .helpers import DATA, stand_in

LAST_MODIFIED = dt.datetime(2019, 1, 17, 12, 0, 0, tzinfo=dt.UTC)


@dataclass
class Clock:
    """The wall clock and "today" of a store, moved by hand."""

    now: dt.datetime = LAST_MODIFIED
    day: pendulum.Date = field(default_factory=lambda: pendulum.date(2019, 1, 17))

    def tick(self, seconds: int = 60) -> None:
        self.now += dt.timedelta(seconds=seconds)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class Client:
    """http.client against the test server: one new connection per request, 5 s timeout."""

    def __init__(self, url: str) -> None:
        match = re.fullmatch(r"http://(127\.0\.0\.1):(\d+)/", url)
        assert match, url
        self.host, self.port = match[1], int(match[2])

    def __call__(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Answer:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=5)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            names = {k.lower(): v for k, v in response.getheaders()}
            return Answer(response.status, names, data)
        finally:
            connection.close()


@pytest.fixture
def timeline_file(tmp_path: Path) -> Path:
    target = tmp_path / "ultimatum.toml"
    target.write_bytes((DATA / "ultimatum.toml").read_bytes())
    return target


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_store(clock: Clock) -> Callable[..., FeedStore]:
    def make(names: Sequence[str], **options: object) -> FeedStore:
        settings: dict[str, object] = {
            "render": stand_in,
            "today": lambda zone: clock.day,
            "clock": lambda: clock.now,
            "interval": 0,
        }
        settings.update(options)
        return FeedStore(names, **settings)  # type: ignore[arg-type]

    return make


@pytest.fixture
def serve() -> Iterator[Callable[..., Client]]:
    """Start a waitress server on a free port of 127.0.0.1 in a thread: `serve(store,
    **settings)`; every one started is stopped, and must stop, at the end of the test."""
    running: list[tuple[FeedServer, threading.Thread]] = []

    def start(store: FeedStore, **settings: Any) -> Client:
        server = FeedServer(FeedApp(store), "127.0.0.1", 0, **settings)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        running.append((server, thread))
        return Client(server.url)

    yield start
    for server, thread in running:
        server.stop()
        thread.join(10)
        assert not thread.is_alive(), "the server did not stop"


@pytest.fixture
def client(serve, make_store, timeline_file) -> Client:
    return serve(make_store([str(timeline_file)]))


def edit(path: Path, old: str, new: str) -> None:
    """Change a timeline file, and make sure its mtime moves even on a coarse file system."""
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(before + 10**9, before + 10**9))


SERVERS = ("waitress", "granian")


def start_command(
    *args: str, server: str = "waitress", env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    """`tracker serve ... --port 0` as a child process, and the line it printed once it answers
    (20 s at most): granian prints its URL before its workers listen."""
    command = [sys.executable, "-m", "tracker", "serve", *args, "--port", "0", "--server", server]
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], 20)
    line = child.stdout.readline() if ready else ""
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    deadline = time.monotonic() + 20
    while match and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", int(match[1])), timeout=1).close()
            return child, line
        except OSError:
            time.sleep(0.05)
    child.kill()
    pytest.fail(f"tracker serve did not start: {line!r} {child.communicate(timeout=10)}")


@pytest.fixture(params=SERVERS)
def server_name(request: pytest.FixtureRequest) -> str:
    """Each server `tracker serve` can run: the tests that start the command run under both."""
    return str(request.param)


def store_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the project logged; waitress's own warnings (a task queue that grows on a busy
    machine) are not the store's and do not count."""
    return [r.getMessage() for r in caplog.records if r.name.startswith("tracker")]
