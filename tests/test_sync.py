"""`tracker sync` against a real CalDAV server: Radicale, in this process, over a real socket.

One server for the session (its storage in a session tmp folder, htpasswd auth), behind a
middleware that counts the writes (PUT, DELETE, MKCALENDAR) and can refuse every write after the
Nth, so "a no-op resync writes nothing" and "the server stopped mid-sync" are exact. Each test
gets a calendar of its own on it. What a sync wrote is read back with the CalDAV client and
icalendar, and compared with `tracker export ics`, event by event.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import caldav
import icalendar
import pytest
import radicale
import radicale.config

from events.problems import InvalidTimeline, Problem
from tracker.errors import BadTarget, SyncFailed
from tracker.render.formats.ics_events import split_feed, with_properties
from tracker.site.davcalendar import DavCalendar
from tracker.site.sync import Step, Stored, Target, Wanted, plan, target
from tracker.site.watch import stopped_by_signals, watch

from .helpers import DATA

USER, PASSWORD = "alice", "s3cret"
AS_OF = "2025-01-01"
WRITES = {"PUT", "DELETE", "MKCALENDAR", "MKCOL"}
ROOT = Path(__file__).parent.parent
INF_EVENTS = 25


@dataclass
class Counter:
    """WSGI middleware: counts the writes that reach Radicale, and refuses (503) every write
    after `fail_after` of them."""

    app: Callable[..., Any]
    writes: int = 0
    fail_after: int | None = None
    log: list[str] = field(default_factory=list)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        method = environ["REQUEST_METHOD"]
        if method in WRITES:
            if self.fail_after is not None and self.writes >= self.fail_after:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"stopped for the test\n"]
            self.writes += 1
            self.log.append(f"{method} {environ['PATH_INFO']}")
        return self.app(environ, start_response)


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Counter]]:
    """Radicale on 127.0.0.1, a free port, for the whole session: (base URL, its counter)."""
    folder = tmp_path_factory.mktemp("radicale")
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    config = radicale.config.load()
    config.update(
        {
            # no fsync: the storage is thrown away after the session, and it is the slow part
            "storage": {
                "filesystem_folder": str(folder / "collections"),
                "_filesystem_fsync": "False",
            },
            "auth": {
                "type": "htpasswd",
                "htpasswd_filename": str(folder / "users"),
                # every client's first request is unauthenticated, and Radicale would
                # answer its 401 a second later (its delay against password guessing)
                "htpasswd_encryption": "plain",
                "delay": "0",
            },
            "rights": {"type": "owner_only"},
            "logging": {"level": "error"},
        },
        "test",
        privileged=True,
    )
    counter = Counter(radicale.Application(config))
    httpd: WSGIServer = make_server("127.0.0.1", 0, counter, handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", counter
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def calendar(server, request, monkeypatch) -> tuple[str, Counter]:
    """A new, empty calendar for this test (URL, counter reset to 0), and the credentials in
    the environment."""
    base, counter = server
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")
    url = f"{base}/{USER}/{name}/"
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    assert client.mkcalendar(url).status == 201
    counter.writes, counter.fail_after = 0, None
    monkeypatch.setenv("TRACKER_CALDAV_USER", USER)
    monkeypatch.setenv("TRACKER_CALDAV_PASSWORD", PASSWORD)
    monkeypatch.setenv("NETRC", str(request.getfixturevalue("tmp_path") / "no-netrc"))
    return url, counter


def sync(invoke, url, *args):
    return invoke("sync", url, "--as-of", AS_OF, *args)


def held(url: str) -> dict[str, icalendar.Event]:
    """Every VEVENT the calendar holds, by UID, read with the CalDAV client."""
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    events = client.calendar(url=url).get_events()
    found = [icalendar.Calendar.from_ical(event.data).walk("VEVENT")[0] for event in events]
    return {str(event["UID"]): event for event in found}


def exported(invoke, *args) -> dict[str, icalendar.Event]:
    feed = invoke("export", "ics", "--as-of", AS_OF, *args).stdout_bytes
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}


def essentials(event: icalendar.Event) -> tuple[Any, ...]:
    return (
        str(event["UID"]),
        event.decoded("DTSTART"),
        str(event["SUMMARY"]),
        str(event["STATUS"]),
        int(event["SEQUENCE"]),
        event.decoded("LAST-MODIFIED"),
        [(str(a["ACTION"]), a.decoded("TRIGGER")) for a in event.walk("VALARM")],
    )


def assert_same_as_feed(invoke, url: str, *args: str) -> dict[str, icalendar.Event]:
    on_server, feed = held(url), exported(invoke, *args)
    assert sorted(on_server) == sorted(feed)
    for uid, event in feed.items():
        assert essentials(on_server[uid]) == essentials(event)
    return on_server


def test_first_sync_writes_every_event_as_the_feed_has_it_and_a_resync_writes_nothing(
    runner, invoke, calendar
):
    url, counter = calendar
    first = sync(invoke, url, "-t", "inf")
    assert first.exit_code == 0
    lines = first.output.splitlines()
    assert lines[0] == "add       inf-signed@inf.withdrawal-tracker.invalid"
    assert lines[-1] == f"{url}: {INF_EVENTS} added, 0 updated, 0 deleted, 0 unchanged"
    assert len(lines) == INF_EVENTS + 1
    assert counter.writes == INF_EVENTS
    on_server = assert_same_as_feed(invoke, url, "-t", "inf")
    assert {str(e["X-TRACKER-TIMELINE"]) for e in on_server.values()} == {"inf"}
    assert all(re.fullmatch(r"[0-9a-f]{40}", str(e["X-TRACKER-HASH"])) for e in on_server.values())

    again = sync(invoke, url, "-t", "inf")
    assert (again.exit_code, again.output) == (
        0,
        f"{url}: 0 added, 0 updated, 0 deleted, {INF_EVENTS} unchanged\n",
    )
    assert counter.writes == INF_EVENTS  # not one more


def test_a_move_updates_that_event_only_and_a_cancel_arrives(runner, invoke, calendar, commented):
    url, counter = calendar
    assert sync(invoke, url, "-t", "commented").exit_code == 0
    assert counter.writes == 3
    moved = invoke(
        "move",
        "-t",
        "commented",
        "deadline",
        "2019-02-20",
        "--on",
        "2018-12-10",
        "--reason",
        "Extended",
    )
    assert moved.exit_code == 0
    after_move = sync(invoke, url, "-t", "commented")
    assert after_move.output == (
        "update    deadline@commented.withdrawal-tracker.invalid\n"
        f"{url}: 0 added, 1 updated, 0 deleted, 2 unchanged\n"
    )
    assert counter.writes == 4
    on_server = assert_same_as_feed(invoke, url, "-t", "commented")
    deadline = on_server["deadline@commented.withdrawal-tracker.invalid"]
    assert (str(deadline.decoded("DTSTART")), int(deadline["SEQUENCE"])) == ("2019-02-20", 1)

    cancelled = invoke(
        "cancel", "-t", "commented", "talks", "--on", "2018-12-20", "--reason", "Called off"
    )
    assert cancelled.exit_code == 0
    after_cancel = sync(invoke, url, "-t", "commented")
    assert after_cancel.output == (
        "update    talks@commented.withdrawal-tracker.invalid\n"
        f"{url}: 0 added, 1 updated, 0 deleted, 2 unchanged\n"
    )
    assert counter.writes == 5
    on_server = assert_same_as_feed(invoke, url, "-t", "commented")
    assert str(on_server["talks@commented.withdrawal-tracker.invalid"]["STATUS"]) == "CANCELLED"


def test_an_event_removed_from_the_file_is_deleted_and_a_foreign_one_never_touched(
    invoke, calendar, commented
):
    url, counter = calendar
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    foreign = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//else//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist@example.org\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250110\r\n"
        "SUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    client.put(url + "dentist.ics", foreign, {"Content-Type": "text/calendar"})
    etag = client.calendar(url=url).get_event_by_uid("dentist@example.org").etag
    assert sync(invoke, url, "-t", "commented").exit_code == 0
    text = commented.read_text()
    commented.write_text(text[: text.index("# A meeting that was planned.")])
    counter.writes = 0
    removed = sync(invoke, url, "-t", "commented")
    assert removed.output == (
        "delete    talks@commented.withdrawal-tracker.invalid\n"
        f"{url}: 0 added, 0 updated, 1 deleted, 2 unchanged\n"
    )
    assert (
        counter.log[-1]
        == f"DELETE /{USER}/{url.split('/')[-2]}/talks@commented.withdrawal-tracker.invalid.ics"
    )
    assert counter.writes == 1
    assert sorted(held(url)) == [
        "deadline@commented.withdrawal-tracker.invalid",
        "dentist@example.org",
        "ultimatum@commented.withdrawal-tracker.invalid",
    ]
    removal = sync(invoke, url, "-t", "commented", "--remove")
    assert removal.output.splitlines()[-1] == f"{url}: 0 added, 0 updated, 2 deleted, 0 unchanged"
    assert sorted(held(url)) == ["dentist@example.org"]
    assert client.calendar(url=url).get_event_by_uid("dentist@example.org").etag == etag


def test_a_selection_syncs_only_its_events_and_dry_run_writes_nothing(runner, invoke, calendar):
    url, counter = calendar
    planned = sync(invoke, url, "-t", "inf", "--kind", "deadline", "--dry-run")
    assert (planned.exit_code, planned.output) == (
        0,
        (
            "add       elimination-deadline@inf.withdrawal-tracker.invalid\n"
            "add       compliance-deadline@inf.withdrawal-tracker.invalid\n"
            "add       withdrawal-effective@inf.withdrawal-tracker.invalid\n"
            f"{url}: 3 added, 0 updated, 0 deleted, 0 unchanged (dry run: nothing written)\n"
        ),
    )
    assert (counter.writes, held(url)) == (0, {})
    assert sync(invoke, url, "-t", "inf", "--kind", "deadline").exit_code == 0
    assert_same_as_feed(invoke, url, "-t", "inf", "--kind", "deadline")
    whole = sync(invoke, url, "-t", "inf", "--dry-run")
    assert whole.output.splitlines()[-1] == (
        f"{url}: 22 added, 0 updated, 0 deleted, 3 unchanged (dry run: nothing written)"
    )
    assert "unchanged compliance-deadline@inf.withdrawal-tracker.invalid" in whole.output
    assert counter.writes == 3


def test_a_server_failing_mid_sync_exits_1_and_the_next_run_completes_it(runner, invoke, calendar):
    url, counter = calendar
    counter.fail_after = 5
    failed = sync(invoke, url, "-t", "inf")
    assert failed.exit_code == 1
    lines = failed.output.splitlines()
    assert lines[5:] == [  # the five written, then the one line that says why it stopped
        "Error: 9m729-named@inf.withdrawal-tracker.invalid: the server refused it "
        "(503 Service Unavailable)"
    ]
    assert len(held(url)) == 5  # whole events, each one readable
    counter.fail_after = None
    rerun = sync(invoke, url, "-t", "inf")
    assert rerun.output.splitlines()[-1] == f"{url}: 20 added, 0 updated, 0 deleted, 5 unchanged"
    assert counter.writes == INF_EVENTS
    assert_same_as_feed(invoke, url, "-t", "inf")


def test_a_stale_etag_is_refused_with_412_not_overwritten(calendar):
    url, _ = calendar
    dav = DavCalendar(Target(url, USER, PASSWORD))
    body = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u@x\r\n"
        b"DTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250110\r\nSUMMARY:A\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    wanted = Wanted("u@x", "t", "0" * 40, body)
    dav.apply(Step("add", "u@x", wanted))
    (stored,) = dav.stored()
    stale = Stored(stored.uid, stored.url, '"not-its-etag"', "t", "1" * 40)
    with pytest.raises(
        Exception, match=r"^u@x: changed on the server since this sync read it \(412"
    ):
        dav.apply(Step("update", "u@x", wanted, stale))
    with pytest.raises(Exception, match=r"^u@x: changed on the server"):
        dav.apply(Step("delete", "u@x", None, stale))
    with pytest.raises(Exception, match=r"^u@x: changed on the server"):
        dav.apply(Step("add", "u@x", wanted))  # If-None-Match: * and it is there


def test_credentials_and_urls_that_cannot_be_used(invoke, calendar, monkeypatch, tmp_path):
    url, counter = calendar
    monkeypatch.setenv("TRACKER_CALDAV_PASSWORD", "wrong")
    wrong = sync(invoke, url, "-t", "inf")
    assert (wrong.exit_code, wrong.output) == (
        1,
        (
            "Error: 127.0.0.1:{}: the server refused the credentials (401 Unauthorized); check the "
            "user name and password (~/.netrc, or $TRACKER_CALDAV_USER and $TRACKER_CALDAV_PASSWORD)\n"
        ).format(url.split(":")[2].split("/")[0]),
    )

    monkeypatch.delenv("TRACKER_CALDAV_USER")
    monkeypatch.delenv("TRACKER_CALDAV_PASSWORD")
    missing = sync(invoke, url, "-t", "inf")
    assert (missing.exit_code, missing.output) == (
        2,
        (
            "Error: no credentials for 127.0.0.1: add 'machine 127.0.0.1 login USER password "
            "PASSWORD' to ~/.netrc (or $NETRC), or set $TRACKER_CALDAV_USER and "
            "$TRACKER_CALDAV_PASSWORD\n"
        ),
    )
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert sync(invoke, url, "-t", "inf", "--kind", "deadline").exit_code == 0
    assert counter.writes == 3

    in_url = sync(invoke, url.replace("//", f"//{USER}:{PASSWORD}@"), "-t", "inf")
    assert (in_url.exit_code, in_url.output) == (
        2,
        (
            "Error: 127.0.0.1: a password in the URL shows in `ps` and shell history; put it in "
            "~/.netrc or $TRACKER_CALDAV_PASSWORD\n"
        ),
    )
    bad = sync(invoke, "calendar.example.org/me", "-t", "inf")
    assert (bad.exit_code, bad.output) == (
        2,
        (
            "Error: 'calendar.example.org/me' is not a calendar URL like "
            "https://host/calendars/me/work/\n"
        ),
    )
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    unreachable = sync(invoke, f"http://127.0.0.1:{port}/{USER}/cal/", "-t", "inf")
    assert (unreachable.exit_code, unreachable.output) == (
        1,
        f"Error: 127.0.0.1:{port}: cannot reach the server (Connection refused)\n",
    )
    missing_calendar = sync(invoke, url.replace("/test-", "/none-"), "-t", "inf")
    assert (missing_calendar.exit_code, missing_calendar.output) == (
        1,
        f"Error: {url.replace('/test-', '/none-')}: no calendar collection there (404)\n",
    )
    assert counter.writes == 3


def test_watch_syncs_a_move_within_seconds_and_stops_on_sigterm(invoke, calendar, commented, home):
    url, _ = calendar
    env = {**os.environ, "TRACKER_HOME": str(home)}
    watcher = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker",
            "sync",
            url,
            "-t",
            "commented",
            "--as-of",
            AS_OF,
            "--watch",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert watcher.stdout is not None
        assert watcher.stdout.readline().startswith("add ")  # the first sync is under way
        uid = "deadline@commented.withdrawal-tracker.invalid"
        deadline = time.monotonic() + 20
        while uid not in held(url) and time.monotonic() < deadline:
            time.sleep(0.1)
        invoke(
            "move",
            "-t",
            "commented",
            "deadline",
            "2019-03-01",
            "--on",
            "2018-12-10",
            "--reason",
            "Extended",
        )
        while str(held(url)[uid].decoded("DTSTART")) != "2019-03-01":
            assert time.monotonic() < deadline, "the move never reached the calendar"
            time.sleep(0.1)
    finally:
        watcher.send_signal(signal.SIGTERM)
        out, err = watcher.communicate(timeout=20)
    assert (watcher.returncode, err) == (0, "")
    assert out.splitlines()[-2:] == [
        f"update    {uid}",
        f"{url}: 0 added, 1 updated, 0 deleted, 2 unchanged",
    ]


def test_watch_syncs_again_on_a_change_reports_failures_and_retries_the_server(commented):
    """The watch loop alone, in this process: `once` stands for a sync."""
    calls: list[str] = []
    reported: list[str] = []
    stop = threading.Event()
    outcomes: list[Exception | None] = [
        None,  # the first sync
        InvalidTimeline([Problem("broken")], str(commented)),  # the file saved broken
        SyncFailed("127.0.0.1:1: cannot reach the server (Connection refused)"),  # fixed; down
        None,  # the retry, with nothing changed meanwhile
    ]

    def once() -> str:
        calls.append(commented.read_text()[-12:])
        outcome = outcomes[len(calls) - 1]
        if len(calls) == len(outcomes):
            stop.set()
        if outcome is not None:
            raise outcome
        return "UTC"

    def edit_during_the_watch() -> None:
        for text in ("# broken\n", "# fixed\n"):
            while len(calls) < (1 if text == "# broken\n" else 2):
                time.sleep(0.01)
            commented.write_text(commented.read_text() + text)

    editor = threading.Thread(target=edit_during_the_watch)
    editor.start()
    watch(["commented"], None, once, reported.append, stop, interval=0.02, retry=0.2)
    editor.join()
    assert len(calls) == 4
    assert reported == [
        f"{commented}: broken",
        "127.0.0.1:1: cannot reach the server (Connection refused); trying again in 0.2 s",
    ]


def test_each_event_file_is_the_feeds_vevent_with_the_timezones_it_names(invoke):
    feed = invoke("export", "ics", "-t", str(DATA / "exit-day.toml"), "--as-of", AS_OF).stdout_bytes
    files = split_feed(feed)
    parsed = icalendar.Calendar.from_ical(feed)
    assert [f.uid for f in files] == [str(e["UID"]) for e in parsed.walk("VEVENT")]
    for file in files:
        vevent = file.body[file.body.index(b"BEGIN:VEVENT") : file.body.index(b"END:VCALENDAR")]
        assert vevent in feed  # the feed's own bytes, not a second encoding
        calendar = icalendar.Calendar.from_ical(file.body)
        named = {
            p.params["TZID"]
            for p in map(calendar.walk("VEVENT")[0].get, ("DTSTART", "DTEND"))
            if p is not None and "TZID" in p.params
        }
        assert {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")} == named
        assert [str(calendar[k]) for k in ("VERSION", "CALSCALE")] == ["2.0", "GREGORIAN"]
        assert "X-WR-CALNAME" not in calendar
    assert sum(bool(icalendar.Calendar.from_ical(f.body).walk("VTIMEZONE")) for f in files) == 2
    marked = with_properties(files[0].body, {"X-TRACKER-TIMELINE": "t" * 90})
    assert max(map(len, marked.split(b"\r\n"))) <= 75
    assert (
        str(icalendar.Calendar.from_ical(marked).walk("VEVENT")[0]["X-TRACKER-TIMELINE"])
        == "t" * 90
    )


def test_credentials_from_the_environment_or_netrc(tmp_path):
    url = "https://dav.example.org/cal/me/work/"
    both = {"TRACKER_CALDAV_USER": "me", "TRACKER_CALDAV_PASSWORD": "pw"}
    assert target(url, both) == Target(url, "me", "pw")
    with pytest.raises(BadTarget, match=r"^\$TRACKER_CALDAV_PASSWORD is not set"):
        target(url, {"TRACKER_CALDAV_USER": "me"})
    netrc = tmp_path / "netrc"
    netrc.write_text("machine other.example.org login me password pw\n")
    with pytest.raises(BadTarget, match=r"^no credentials for dav\.example\.org"):
        target(url, {"NETRC": str(netrc)})
    netrc.write_text("machine dav.example.org login me password pw\n")
    assert target(url.replace("//", "//me@"), {"NETRC": str(netrc)}) == Target(url, "me", "pw")
    netrc.write_text("server dav.example.org login me password pw\n")
    with pytest.raises(
        BadTarget, match=f"^{re.escape(str(netrc))}, line 1: bad toplevel token 'server'$"
    ):
        target(url, {"NETRC": str(netrc)})


def test_an_event_of_the_users_with_a_uid_sync_would_write_stops_it_before_any_write():
    wanted = [Wanted("a@t", "t", "1" * 40, b""), Wanted("b@t", "t", "2" * 40, b"")]
    theirs = Stored("b@t", "https://dav.example.org/b.ics", '"1"', None, None)
    with pytest.raises(
        SyncFailed, match=r"^b@t: the calendar already holds an event with this UID"
    ):
        plan(wanted, [theirs], {"t"})


def test_sigterm_and_sigint_set_the_stop_event_and_the_old_handlers_come_back():
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    for sig in (signal.SIGTERM, signal.SIGINT):
        with stopped_by_signals() as stop:
            os.kill(os.getpid(), sig)
            assert stop.wait(5)
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
