"""The server under attack: slow and idle clients never starve normal ones, an unread standard
error never freezes it, it stops cleanly under load, and a request framed twice is refused."""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import re
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from tracker.site.serve.logs import logging_to

from .serving import Client, start_command


def connect(client: Client, source: str = "127.0.0.1") -> socket.socket:
    return socket.create_connection(
        (client.host, client.port), timeout=5, source_address=(source, 0)
    )


def closed_by_server(sock: socket.socket, within: float = 5) -> bool:
    """Whether the server closes `sock` within `within` seconds (reading what it sent first)."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


def test_content_length_with_chunked_is_400_and_closes(client):
    with connect(client) as sock:
        sock.sendall(
            b"GET /ultimatum.ics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            b"GET /ultimatum.ics HTTP/1.1\r\nHost: x\r\n\r\n"  # never answered: closed first
        )
        sock.settimeout(5)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"Connection: close\r\n" in received
    assert received.count(b"HTTP/1.1 ") == 1


def test_a_request_trickled_past_the_deadline_is_closed(serve, make_store, timeline_file):
    client = serve(make_store([str(timeline_file)]), request_timeout=1)
    with connect(client) as slow:
        slow.sendall(b"GET /ultimatum.ics HTTP/1.1\r\n")
        start = time.monotonic()
        closed = False
        while time.monotonic() - start < 5 and not closed:
            try:
                slow.sendall(b"X-A: b\r\n")  # a byte now and then: never idle, never done
            except OSError:
                closed = True
            closed = closed or closed_by_server(slow, within=0.3)
        assert closed
        assert 1 <= time.monotonic() - start < 4
    assert client("/ultimatum.ics").status == 200


def test_one_address_cannot_take_more_than_its_share(serve, make_store, timeline_file):
    client = serve(make_store([str(timeline_file)]), per_address=3)
    held = [connect(client, "127.0.0.2") for _ in range(3)]
    try:
        for sock in held:
            sock.sendall(b"GET /ultimatum.ics HTTP/1.1\r\n")  # never finished
        with connect(client, "127.0.0.2") as fourth:
            assert closed_by_server(fourth)
        assert not closed_by_server(held[0], within=0.2)
        assert client("/ultimatum.ics").status == 200  # from 127.0.0.1
    finally:
        for sock in held:
            sock.close()


def test_refused_and_shed_connections_are_logged_as_one_line(
    serve, make_store, timeline_file, caplog
):
    client = serve(make_store([str(timeline_file)]), per_address=1, report_seconds=0)
    with caplog.at_level(logging.INFO, logger="tracker.serve"), connect(client, "127.0.0.2"):
        for _ in range(3):
            with connect(client, "127.0.0.2") as refused:
                assert closed_by_server(refused)
        deadline = time.monotonic() + 5
        while refused_in(caplog.records) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
    lines = [r.getMessage() for r in caplog.records if r.name == "tracker.serve"]
    assert lines  # one, unless a report fell between two of the refusals
    for line in lines:
        assert re.fullmatch(
            r"connections: [123] refused \(over 1 from one address\), 0 idle ones "
            r"shed \(at the limit of 1000\)",
            line,
        ), line
    assert refused_in(caplog.records) == 3


def refused_in(records: list[logging.LogRecord]) -> int:
    return sum(int(r.getMessage().split()[1]) for r in records if r.name == "tracker.serve")


def test_at_the_connection_limit_the_oldest_idle_connection_is_shed(
    serve, make_store, timeline_file
):
    client = serve(make_store([str(timeline_file)]), connection_limit=5)
    held = []
    try:
        for number in range(5):
            sock = connect(client, f"127.0.0.{2 + number}")
            sock.sendall(b"GET /ultimatum.ics HTTP/1.1\r\n")  # never finished
            held.append(sock)
            time.sleep(0.05)  # so that their ages differ
        start = time.monotonic()
        assert client("/ultimatum.ics").status == 200
        assert time.monotonic() - start < 2
        assert closed_by_server(held[0])
        assert not closed_by_server(held[-1], within=0.2)
    finally:
        for sock in held:
            sock.close()


def test_an_unread_standard_error_never_freezes_the_server(timeline_file, server_name):
    child, line = start_command(
        "-t", str(timeline_file), "--as-of", "2019-01-17", server=server_name
    )
    try:
        client = Client(line.split()[3])
        connection = http.client.HTTPConnection(client.host, client.port, timeout=5)
        statuses = set()
        for _ in range(3000):  # about 400 KB of access log: far past a pipe's 64 KB
            connection.request("GET", "/ultimatum.ics", headers={"User-Agent": "x" * 60})
            response = connection.getresponse()
            response.read()
            statuses.add(response.status)
        connection.close()
        assert statuses == {200}
        start = time.monotonic()
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=10)
        assert time.monotonic() - start < 2
        assert child.returncode == 0
    finally:
        child.kill()
        child.communicate(timeout=10)


@pytest.mark.parametrize("trial", range(3))
def test_sigterm_under_load_stops_cleanly_and_promptly(timeline_file, trial, server_name):
    child, line = start_command(
        "-t", str(timeline_file), "--as-of", "2019-01-17", server=server_name
    )
    client = Client(line.split()[3])
    stop = threading.Event()
    answered = []

    def hammer() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):  # refused once it stops: expected
                answered.append(client("/ultimatum.ics").status)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        start = time.monotonic()
        child.send_signal(signal.SIGTERM)
        _, errors = child.communicate(timeout=10)
        elapsed = time.monotonic() - start
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
    assert answered.count(200) > 10
    assert child.returncode == 0
    assert "Traceback" not in errors
    assert "Error" not in errors
    if server_name == "waitress":
        assert "SIGTERM: stopping" in errors
    # Requests get a second to finish (STOP_SECONDS; granian kills a worker after half that),
    # then everything closes: well under a second on a quiet machine. The rest of the bound is
    # for a busy shared one (load 10 on 2 CPUs measured up to 3.4 s), where this test's own
    # threads compete for the CPUs; a server that ignores SIGTERM still fails it.
    assert elapsed < 5


def test_logging_drops_and_counts_lines_when_standard_error_is_not_read():
    reader, writer = os.pipe()
    os.set_blocking(reader, False)
    try:
        with os.fdopen(writer, "w", closefd=False) as stream:
            log = logging.getLogger("tracker.test")
            with logging_to(stream, capacity=10):
                start = time.monotonic()
                for number in range(20_000):  # about 1 MB: the pipe takes 64 KB
                    log.info("line %d %s", number, "x" * 40)
                assert time.monotonic() - start < 5  # never waited for the pipe
                written = b""
                deadline = time.monotonic() + 5
                while b"lines dropped" not in written and time.monotonic() < deadline:
                    try:
                        written += os.read(reader, 1 << 20)
                    except BlockingIOError:
                        time.sleep(0.01)
    finally:
        os.close(reader)
        os.close(writer)
    lines = written.decode().splitlines()
    assert lines[0] == "line 0 " + "x" * 40
    dropped = [line for line in lines if line.startswith("logging: ")]
    assert dropped
    count = int(dropped[0].split()[1])
    assert 0 < count < 20_000
    assert dropped[0] == (
        f"logging: {count} lines dropped (standard error was not read fast enough)"
    )


def test_the_log_is_written_whole_when_it_is_read(tmp_path: Path):
    target = tmp_path / "log.txt"
    with target.open("w") as stream, logging_to(stream):
        for number in range(100):
            logging.getLogger("tracker.test").info("line %d", number)
    assert target.read_text().splitlines() == [f"line {n}" for n in range(100)]
