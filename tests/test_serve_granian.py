"""`tracker serve --server granian`: the same answers over the wire as waitress, worker processes
that each pick up an edit, and clear errors for options that do not fit."""

from __future__ import annotations

import signal
import socket
import sys
import time

import pytest

from tracker.cli.group import cli
from tracker.site.serve.native import WORKER_HEADER

from .serving import Client, edit, start_command

BEFORE = "Thu, 17 Jan 2019 11:59:59 GMT"


def stopped(child) -> str:
    child.send_signal(signal.SIGTERM)
    _, errors = child.communicate(timeout=15)
    assert child.returncode == 0
    assert "Traceback" not in errors
    return errors


def test_conditional_get_over_the_wire(timeline_file, server_name):
    child, line = start_command(
        "-t", str(timeline_file), "--as-of", "2019-01-17", server=server_name
    )
    try:
        client = Client(line.split()[3])
        first = client("/ultimatum.ics")
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        cases = [
            ({}, 200),
            ({"If-None-Match": etag}, 304),
            ({"If-None-Match": f"W/{etag}"}, 304),
            ({"If-None-Match": '"other"'}, 200),
            ({"If-None-Match": "*"}, 304),
            ({"If-Modified-Since": modified}, 304),
            ({"If-Modified-Since": BEFORE}, 200),
            ({"If-Modified-Since": "yesterday at noon"}, 200),
        ]
        for headers, status in cases:
            answer = client("/ultimatum.ics", headers=headers)
            assert answer.status == status, headers
            assert answer.headers["etag"] == etag
            assert answer.body == (first.body if status == 200 else b"")
        head = client("/ultimatum.ics", method="HEAD")
        assert (head.status, head.body) == (200, b"")
        assert head.headers["content-length"] == str(len(first.body))
        assert client("/nothing.ics").status == 404
        assert client("/ultimatum.ics", method="DELETE").status == 405
    finally:
        stopped(child)


def test_content_length_with_chunked_is_400_and_closes_under_granian(timeline_file):
    child, line = start_command("-t", str(timeline_file), "--as-of", "2019-01-17", server="granian")
    try:
        client = Client(line.split()[3])
        with socket.create_connection((client.host, client.port), timeout=5) as sock:
            sock.sendall(
                b"GET /ultimatum.ics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                b"GET /ultimatum.ics HTTP/1.1\r\nHost: x\r\n\r\n"
            )
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
        assert received.startswith(b"HTTP/1.1 400 Bad Request\r\n")
        assert received.count(b"HTTP/1.1 ") == 1
    finally:
        stopped(child)


def test_an_edit_reaches_every_worker(timeline_file):
    child, line = start_command(
        "-t",
        str(timeline_file),
        "--as-of",
        "2019-01-17",
        "--workers",
        "2",
        server="granian",
        env={WORKER_HEADER: "1"},
    )
    try:
        client = Client(line.split()[3])
        old = client("/ultimatum.ics").headers["etag"]
        seen: set[str] = set()
        deadline = time.monotonic() + 30
        while len(seen) < 2 and time.monotonic() < deadline:  # both started, with the old file
            answer = client("/ultimatum.ics")
            assert answer.headers["etag"] == old
            seen.add(answer.headers["x-tracker-worker"])
        edit(timeline_file, 'date = "ultimatum + 60 days"', 'date = "ultimatum + 90 days"')
        etags: dict[str, str] = {}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            answer = client("/ultimatum.ics")
            etags[answer.headers["x-tracker-worker"]] = answer.headers["etag"]
            if len(etags) == 2 and old not in etags.values():
                break
        assert len(etags) == 2, etags  # two processes answered
        assert len(set(etags.values())) == 1
        assert old not in etags.values()
        assert b"deadline 2019-03-04" not in client("/ultimatum.ics").body  # the real feed:
        assert b"20190304" in client("/ultimatum.ics").body  # the new deadline, in iCalendar
    finally:
        errors = stopped(child)
    reloads = [line for line in errors.splitlines() if "reloaded" in line]
    assert (
        reloads
        == [f"{timeline_file}: reloaded; serving /ultimatum.ics, /ultimatum.json, /ultimatum.html"]
        * 2
    )


def test_workers_need_granian(runner):
    result = runner.invoke(cli, ["serve", "-t", "inf", "--workers", "2", "--port", "0"])
    assert result.exit_code == 2
    assert (
        result.output == "Error: --workers needs --server granian: waitress runs in one process\n"
    )


def test_a_missing_granian_says_how_to_install_it(runner, monkeypatch):
    monkeypatch.setitem(sys.modules, "granian", None)  # import granian raises ImportError
    result = runner.invoke(cli, ["serve", "-t", "inf", "--server", "granian", "--port", "0"])
    assert result.exit_code == 2
    assert result.output == (
        "Error: --server granian needs granian: pip install 'withdrawal-tracker[fast]'\n"
    )


@pytest.mark.parametrize("server", ["granian"])
def test_a_port_in_use_is_one_line_under_granian(runner, server):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["serve", "-t", "inf", "--server", server, "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == f"Error: 127.0.0.1:{port}: cannot listen (Address already in use)\n"
