"""`tracker serve`: a real waitress server on an ephemeral loopback port, real HTTP requests.

The feed renderer is injected (a small deterministic stand-in that shows the as-of day), so these
tests are about the server: headers, conditional GET, reloading, safety and concurrency. The
command and the WSGI factory are tested at the end with the real iCalendar feed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import signal
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pendulum
import pytest
from werkzeug.test import Client as WerkzeugClient

from events.resolve import resolve
from tracker.cli.group import cli
from tracker.files.load import bundled_ids, load_timeline
from tracker.render.export import export
from tracker.site.serve import FeedApp, make_app
from tracker.site.serve.server import FeedServer

from .helpers import DATA, stand_in
from .serving import Client, edit, start_command, store_lines

# --- the feed and its headers ------------------------------------------------------------------


def test_feed_is_served_with_every_header(client):
    answer = client("/ultimatum.ics", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert answer.status == 200
    assert answer.body == (
        b"Ultimatum as of 2019-01-17\r\n"
        b"ultimatum 2018-12-04 occurred\r\n"
        b"deadline 2019-02-02 projected\r\n"
    )
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["content-disposition"] == 'inline; filename="ultimatum.ics"'
    assert answer.headers["etag"] == f'"{hashlib.sha256(answer.body).hexdigest()}"'
    assert answer.headers["last-modified"] == "Thu, 17 Jan 2019 12:00:00 GMT"
    assert answer.headers["cache-control"] == "public, max-age=3600"
    assert answer.headers["content-length"] == str(len(answer.body))
    assert "content-encoding" not in answer.headers  # never compressed: some Outlooks fail on it
    assert "date" in answer.headers


def test_json_is_served_beside_the_feed(client):
    answer = client("/ultimatum.json")
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["content-disposition"] == 'inline; filename="ultimatum.json"'
    document = json.loads(answer.body)
    assert (document["timeline"]["id"], document["as_of"]) == ("ultimatum", "2019-01-17")


def test_head_has_the_same_headers_and_no_body(client):
    got = client("/ultimatum.ics")
    head = client("/ultimatum.ics", method="HEAD")
    assert (head.status, head.body) == (200, b"")
    assert {k: v for k, v in head.headers.items() if k != "date"} == {
        k: v for k, v in got.headers.items() if k != "date"
    }


# --- conditional GET ---------------------------------------------------------------------------

BEFORE = "Thu, 17 Jan 2019 11:59:59 GMT"
AT = "Thu, 17 Jan 2019 12:00:00 GMT"
AFTER = "Fri, 18 Jan 2019 00:00:00 GMT"


@pytest.mark.parametrize(
    ("if_none_match", "if_modified_since", "status"),
    [
        (None, None, 200),
        ("{etag}", None, 304),
        ("W/{etag}", None, 304),  # If-None-Match compares weakly
        ('"other"', None, 200),
        ('"other", {etag}', None, 304),
        ("*", None, 304),
        ('"other"', AFTER, 200),  # If-None-Match takes precedence over If-Modified-Since
        ("{etag}", BEFORE, 304),  # ... both ways
        (None, BEFORE, 200),
        (None, AT, 304),
        (None, AFTER, 304),
        (None, "yesterday at noon", 200),  # an unparsable date: the full feed
        (None, "", 200),
    ],
)
def test_conditional_get(client, if_none_match, if_modified_since, status):
    etag = client("/ultimatum.ics").headers["etag"]
    headers = {}
    if if_none_match is not None:
        headers["If-None-Match"] = if_none_match.format(etag=etag)
    if if_modified_since is not None:
        headers["If-Modified-Since"] = if_modified_since
    answer = client("/ultimatum.ics", headers=headers)
    assert answer.status == status
    assert answer.headers["etag"] == etag
    assert answer.headers["cache-control"] == "public, max-age=3600"
    if status == 304:
        assert answer.body == b""
        assert "content-type" not in answer.headers
    else:
        assert answer.body.startswith(b"Ultimatum as of 2019-01-17")


def test_a_304_keeps_the_connection_open(client):
    etag = client("/ultimatum.ics").headers["etag"]
    request = f"GET /ultimatum.ics HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\n\r\n".encode()
    with socket.create_connection((client.host, client.port), timeout=5) as sock:
        for _ in range(3):  # each answered on the same connection
            sock.sendall(request)
            answer = b""
            while not answer.endswith(b"\r\n\r\n"):
                chunk = sock.recv(65536)
                assert chunk, "the server closed the connection after a 304"
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 304 NOT MODIFIED\r\n")
            assert b"Connection: close" not in answer


def test_head_is_conditional_too(client):
    etag = client("/ultimatum.ics").headers["etag"]
    answer = client("/ultimatum.ics", method="HEAD", headers={"If-None-Match": etag})
    assert (answer.status, answer.body) == (304, b"")


# --- the index ---------------------------------------------------------------------------------


def test_index_lists_every_feed_with_subscribe_links(serve, make_store, timeline_file):
    client = serve(make_store([str(timeline_file), str(DATA / "chain.toml")]))
    answer = client("/")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    page = answer.body.decode()
    base = f"http://127.0.0.1:{client.port}/"
    webcal = f"webcal://127.0.0.1:{client.port}/ultimatum.ics"
    google = (
        "https://calendar.google.com/calendar/r?cid="
        f"webcal%3A%2F%2F127.0.0.1%3A{client.port}%2Fultimatum.ics"
    )
    for link in (f"{base}ultimatum.ics", webcal, google, f"{base}ultimatum.json"):
        assert f'href="{link}"' in page
    assert (
        f'<section id="ultimatum">\n<h2><a href="{base}ultimatum.html">Ultimatum</a></h2>' in page
    )
    assert (
        f'<section id="chain">\n<h2><a href="{base}chain.html">A small chain of rules</a></h2>'
        in page
    )
    # most urgent first: the ultimatum's deadline is 16 days off, the chain's months away
    assert page.index('id="ultimatum"') < page.index('id="chain"')
    assert f'href="{base}chain.ics"' in page


def test_index_escapes_the_host_header(client):
    answer = client("/", headers={"Host": 'evil"><script>x</script>'})
    assert answer.status == 200
    assert b"evil" not in answer.body  # werkzeug drops a host that is not a host name


# --- what is not served ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/nothing.ics",
        "/ultimatum",
        "/ultimatum.ICS",
        "/ultimatum.ics/",
        "/ultimatum.toml",
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/..%2fpyproject.toml",
        "/%2e%2e%2fpyproject.toml",
        "/%2fetc%2fpasswd",
        "/..%5cpyproject.toml",
        "/index.html",
        "/tests/data/ultimatum.toml",
    ],
)
def test_anything_not_generated_is_404(client, path):
    answer = client(path)
    assert (answer.status, answer.body) == (404, b"not found\n")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("path", ["/", "/ultimatum.ics"])
def test_other_methods_are_405_with_allow(client, method, path):
    answer = client(path, method=method, body=b"x" if method in ("POST", "PUT") else None)
    assert answer.status == 405
    assert answer.headers["allow"] == "GET, HEAD"


def test_other_methods_on_unknown_paths_are_404(client):
    assert client("/nothing", method="POST", body=b"").status == 404


def test_request_size_is_bounded(client):
    assert client("/ultimatum.ics", headers={"X-Big": "a" * 32 * 1024}).status == 431
    assert client("/ultimatum.ics", method="POST", body=b"b" * 4096).status == 413


# --- reloading ---------------------------------------------------------------------------------


def test_edited_file_is_reloaded(client, clock, timeline_file):
    first = client("/ultimatum.ics")
    clock.tick()
    edit(timeline_file, 'date = "ultimatum + 60 days"', 'date = "ultimatum + 90 days"')
    second = client("/ultimatum.ics")
    assert b"deadline 2019-03-04 projected" in second.body
    assert second.headers["etag"] != first.headers["etag"]
    assert second.headers["last-modified"] == "Thu, 17 Jan 2019 12:01:00 GMT"
    assert client("/ultimatum.ics", headers={"If-None-Match": first.headers["etag"]}).status == 200


@pytest.mark.parametrize("way", ["path", "user id", "no -t"])
def test_every_way_of_naming_a_timeline_reloads_it(make_store, home, caplog, way):
    """A path, the id of one of the user's timelines, or nothing (every timeline): an edit of
    the file is served at the next check, and logged."""
    home.mkdir(parents=True, exist_ok=True)
    mine = home / "ultimatum.toml"
    mine.write_bytes((DATA / "ultimatum.toml").read_bytes())
    names = {"path": [str(mine)], "user id": ["ultimatum"], "no -t": []}[way]
    store = make_store(names)
    assert store.get("ultimatum.ics").body.startswith(b"Ultimatum as of")
    edit(mine, 'title = "Ultimatum"', 'title = "Changed"')
    with caplog.at_level(logging.INFO, logger="tracker.feeds"):
        assert store.get("ultimatum.ics").body.startswith(b"Changed as of")
    assert store_lines(caplog) == [
        f"{mine}: reloaded; serving /ultimatum.ics, /ultimatum.json, /ultimatum.html"
    ]


def test_same_bytes_keep_their_last_modified(client, clock, timeline_file):
    first = client("/ultimatum.ics")
    clock.tick()
    edit(timeline_file, "[timeline]", "# a comment changes the file, not the feed\n[timeline]")
    again = client("/ultimatum.ics")
    assert again.body == first.body
    assert again.headers["last-modified"] == first.headers["last-modified"]
    assert again.headers["etag"] == first.headers["etag"]


def test_feeds_are_rendered_once_per_change_never_per_request(serve, make_store, timeline_file):
    calls: list[tuple[str, str]] = []

    def counting(fmt, timelines, as_of):
        calls.append((fmt, str(as_of)))
        return stand_in(fmt, timelines, as_of)

    client = serve(make_store([str(timeline_file)], render=counting))
    for _ in range(20):
        assert client("/ultimatum.ics").status == 200
        assert client("/ultimatum.json", method="HEAD").status == 200
    assert calls == [("ics", "2019-01-17"), ("json", "2019-01-17"), ("html", "2019-01-17")]
    edit(timeline_file, 'title = "Ultimatum"', 'title = "Changed"')
    for _ in range(5):
        client("/ultimatum.ics")
    assert len(calls) == 6  # each format once more, for the change


def test_a_failing_renderer_keeps_the_last_good_feed(serve, make_store, timeline_file, caplog):
    def fragile(fmt, timelines, as_of):
        if timelines[0].timeline.title != "Ultimatum":
            raise RuntimeError("renderer bug")
        return stand_in(fmt, timelines, as_of)

    client = serve(make_store([str(timeline_file)], render=fragile))
    good = client("/ultimatum.ics")
    edit(timeline_file, 'title = "Ultimatum"', 'title = "Changed"')
    with caplog.at_level(logging.ERROR, logger="tracker.feeds"):
        assert [client("/ultimatum.ics").body for _ in range(3)] == [good.body] * 3
    assert store_lines(caplog) == [
        f"{timeline_file}: cannot be served (RuntimeError: renderer bug); "
        "still serving the last good feeds"
    ]


def test_changes_are_checked_at_most_once_per_interval(serve, make_store, timeline_file):
    client = serve(make_store([str(timeline_file)], interval=3600))
    edit(timeline_file, 'title = "Ultimatum"', 'title = "Changed"')
    assert client("/ultimatum.ics").body.startswith(b"Ultimatum as of")


def test_broken_file_keeps_the_last_good_feed_and_logs_once(client, timeline_file, caplog):
    good = client("/ultimatum.ics")
    edit(timeline_file, 'date = "ultimatum + 60 days"', 'date = "ultimatm + 60 days"')
    with caplog.at_level(logging.INFO, logger="tracker.feeds"):
        answers = [client("/ultimatum.ics") for _ in range(5)]
    assert all(a.body == good.body for a in answers)
    assert store_lines(caplog) == [
        f"{timeline_file}: event 'deadline', field 'date': unknown event 'ultimatm'; "
        "did you mean 'ultimatum'?; still serving the last good feeds"
    ]
    caplog.clear()
    edit(timeline_file, 'date = "ultimatm + 60 days"', 'date = "ultimatum + 61 days"')
    with caplog.at_level(logging.INFO, logger="tracker.feeds"):
        assert b"deadline 2019-02-03" in client("/ultimatum.ics").body
    assert store_lines(caplog) == [
        f"{timeline_file}: reloaded; serving /ultimatum.ics, /ultimatum.json, /ultimatum.html"
    ]


def test_file_with_many_problems_is_one_log_line(client, timeline_file, caplog):
    edit(timeline_file, 'kind = "deadline"', 'kind = "dedline"\nwhen = 1')
    with caplog.at_level(logging.ERROR, logger="tracker.feeds"):
        assert client("/ultimatum.ics").status == 200
    assert store_lines(caplog) == [
        f"{timeline_file}: event 'deadline', field 'when': unknown field (and 1 more: run "
        f"`tracker check {timeline_file}`); still serving the last good feeds"
    ]


def test_deleted_file_keeps_the_last_good_feed(client, timeline_file, caplog):
    good = client("/ultimatum.ics")
    timeline_file.unlink()
    with caplog.at_level(logging.ERROR, logger="tracker.feeds"):
        assert client("/ultimatum.ics").body == good.body
        assert client("/ultimatum.ics").body == good.body
    assert store_lines(caplog) == [
        f"{timeline_file}: cannot read (No such file or directory); "
        "still serving the last good feeds"
    ]


def test_new_day_re_renders(client, clock):
    before = client("/ultimatum.ics")
    clock.day = pendulum.date(2019, 2, 3)
    clock.tick()
    after = client("/ultimatum.ics")
    assert b"deadline 2019-02-02 occurred" in after.body
    assert after.headers["etag"] != before.headers["etag"]
    assert after.headers["last-modified"] == "Thu, 17 Jan 2019 12:01:00 GMT"


def test_fixed_as_of_day_does_not_follow_the_clock(serve, make_store, timeline_file, clock):
    client = serve(make_store([str(timeline_file)], as_of=pendulum.date(2019, 1, 17)))
    clock.day = pendulum.date(2019, 2, 3)
    assert b"deadline 2019-02-02 projected" in client("/ultimatum.ics").body


def test_renamed_timeline_moves_its_feed(client, timeline_file):
    edit(timeline_file, '[timeline]\nid = "ultimatum"', '[timeline]\nid = "renamed"')
    assert client("/renamed.ics").status == 200
    assert client("/ultimatum.ics").status == 404


def test_a_second_timeline_with_the_same_id_is_not_served(serve, make_store, timeline_file):
    store = make_store([str(timeline_file), str(DATA / "ultimatum.toml")])
    assert [problem.lines() for problem in store.problems()] == [
        [
            f"{DATA / 'ultimatum.toml'}: field 'timeline.id': 'ultimatum' is already the id of "
            f"{timeline_file}; feeds are named by id"
        ]
    ]
    assert serve(store)("/ultimatum.ics").status == 200  # the first one


def test_broken_file_at_start_is_a_problem_not_an_error(make_store):
    store = make_store([str(DATA / "broken.toml")])
    (problem,) = store.problems()
    assert problem.source == str(DATA / "broken.toml")
    assert dict(store.files()) == {}


# --- many clients ------------------------------------------------------------------------------


def test_idle_connections_do_not_starve_a_client(client):
    idle = []
    try:
        for number in range(20):
            sock = socket.create_connection((client.host, client.port), timeout=5)
            if number % 2:
                sock.sendall(b"GET /ultimatum.ics HTTP/1.1\r\nHost: x\r\n")  # never finished
            idle.append(sock)
        start = time.monotonic()
        for _ in range(10):
            assert client("/ultimatum.ics").status == 200
        assert time.monotonic() - start < 5
    finally:
        for sock in idle:
            sock.close()


def test_hundreds_of_concurrent_requests_all_succeed(client):
    etag = client("/ultimatum.ics").headers["etag"]

    def fetch(number: int) -> int:
        headers = {"If-None-Match": etag} if number % 2 else {}
        return client("/ultimatum.ics", headers=headers).status

    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(fetch, range(400), timeout=60))
    assert statuses == [200, 304] * 200
    assert time.monotonic() - start < 60


# --- the access log ----------------------------------------------------------------------------


def test_one_access_line_per_request(client, caplog):
    with caplog.at_level(logging.INFO, logger="tracker.access"):
        client("/ultimatum.ics", headers={"User-Agent": 'cal "1.0" \xe9'})
        client("/nothing")
    lines = store_lines(caplog)
    assert len(lines) == 2
    assert re.fullmatch(
        r"127\.0\.0\.1 - - \[\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d \+0000\] "
        r'"GET /ultimatum\.ics HTTP/1\.1" 200 \d+ "-" "cal \\"1\.0\\" \\xe9"',
        lines[0],
    ), lines[0]
    assert '"GET /nothing HTTP/1.1" 404 10 "-"' in lines[1]


# --- the command and the factory, with the real feed -------------------------------------------


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_command_serves_the_feed_and_stops_cleanly(timeline_file, stop, server_name):
    child, line = start_command(
        "-t", str(timeline_file), "--as-of", "2019-01-17", server=server_name
    )
    try:
        match = re.fullmatch(
            r"Serving ultimatum on (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)\n", line
        )
        assert match, line
        answer = Client(match[1])("/ultimatum.ics")
        assert answer.status == 200
        assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
        assert answer.body.startswith(b"BEGIN:VCALENDAR\r\n")
        assert answer.body == export_ics(timeline_file)
    finally:
        child.send_signal(stop)
        _, errors = child.communicate(timeout=15)
    assert child.returncode == 0
    assert '"GET /ultimatum.ics HTTP/1.1" 200' in errors
    if server_name == "waitress":  # granian's own process handles the signal, silently
        assert f"{stop.name}: stopping" in errors
    assert "Traceback" not in errors


def export_ics(path: Path) -> bytes:
    day = pendulum.date(2019, 1, 17)
    return export("ics", [resolve(load_timeline(str(path)), day)], day)


def test_serve_command_refuses_a_port_in_use(runner):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["serve", "-t", "inf", "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == f"Error: 127.0.0.1:{port}: cannot listen (Address already in use)\n"


def test_serve_command_with_a_broken_timeline_exits_1(runner):
    result = runner.invoke(cli, ["serve", "-t", str(DATA / "broken.toml")])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {DATA / 'broken.toml'}: field 'timeline.id': 'Broken Timeline' is not an id"
    )


def test_serve_command_with_an_unknown_timeline_exits_2(runner):
    result = runner.invoke(cli, ["serve", "-t", "inff"])
    assert result.exit_code == 2
    assert result.output.startswith(
        "Error: inff: no such file or bundled timeline; did you mean 'inf'?"
    )


def test_make_app_is_a_wsgi_factory(timeline_file):
    client = WerkzeugClient(make_app([str(timeline_file)], "2019-01-17"))
    response = client.get("/ultimatum.ics")
    assert response.status_code == 200
    assert response.data == export_ics(timeline_file)


def test_make_app_serves_every_bundled_timeline_by_default():
    page = WerkzeugClient(make_app()).get("/").get_data(as_text=True)
    assert sorted(re.findall(r'<section id="([a-z0-9-]+)">', page)) == sorted(bundled_ids())


def test_stopping_twice_is_harmless(make_store, timeline_file):
    server = FeedServer(FeedApp(make_store([str(timeline_file)])), "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    server.stop()
    thread.join(10)
    server.stop()
    assert not thread.is_alive()
