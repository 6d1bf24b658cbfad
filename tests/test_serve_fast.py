"""The fast path answers exactly as werkzeug would: same status, headers (but Date) and body for
every conditional GET, and it is taken only for a plain GET or an exactly matching validator."""

from __future__ import annotations

import datetime as dt
import email.utils
from typing import Any

import pytest
from werkzeug.test import EnvironBuilder

import tracker.site.serve.app
import tracker.site.serve.fast
from tracker.site.serve.app import FeedApp

from .serving import edit

BEFORE = "Thu, 17 Jan 2019 11:59:59 GMT"
AT = "Thu, 17 Jan 2019 12:00:00 GMT"
AFTER = "Fri, 18 Jan 2019 00:00:00 GMT"

# (method, request headers, whether the fast path answers it); {etag} is the feed's ETag.
TABLE: list[tuple[str, dict[str, str], bool]] = [
    ("GET", {}, True),
    ("GET", {"If-None-Match": "{etag}"}, True),
    ("GET", {"If-None-Match": "{etag}", "If-Modified-Since": BEFORE}, True),
    ("GET", {"If-Modified-Since": AT}, True),
    ("GET", {"If-None-Match": "W/{etag}"}, False),
    ("GET", {"If-None-Match": '"other"'}, False),
    ("GET", {"If-None-Match": '"other", {etag}'}, False),
    ("GET", {"If-None-Match": "*"}, False),
    ("GET", {"If-None-Match": '"other"', "If-Modified-Since": AFTER}, False),
    ("GET", {"If-Modified-Since": BEFORE}, False),
    ("GET", {"If-Modified-Since": AFTER}, False),
    ("GET", {"If-Modified-Since": "yesterday at noon"}, False),
    ("GET", {"If-Modified-Since": ""}, False),
    ("GET", {"Range": "bytes=0-9"}, False),
    ("GET", {"If-Match": '"other"'}, False),
    ("GET", {"If-Match": "{etag}"}, False),
    ("GET", {"If-Unmodified-Since": BEFORE}, False),
    ("GET", {"If-Range": "{etag}", "Range": "bytes=0-9"}, False),
    ("HEAD", {}, False),
    ("HEAD", {"If-None-Match": "{etag}"}, False),
]


def call(
    app: FeedApp, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[str, list[tuple[str, str]], bytes]:
    environ = EnvironBuilder(path=path, method=method, headers=headers or {}).get_environ()
    got: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> None:
        got[:] = [status, list(headers)]

    body = b"".join(app(environ, start_response))
    return got[0], got[1], body


def without_date(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, v) for k, v in headers if k != "Date"]


@pytest.fixture
def requests_built(monkeypatch) -> list[str]:
    """The paths for which the app built a werkzeug Request (the slow path)."""
    built: list[str] = []
    original = tracker.site.serve.app.Request

    class Counted(original):  # type: ignore[misc, valid-type]
        def __init__(self, environ: Any, *args: Any, **kwargs: Any) -> None:
            built.append(environ["PATH_INFO"])
            super().__init__(environ, *args, **kwargs)

    monkeypatch.setattr(tracker.site.serve.app, "Request", Counted)
    return built


@pytest.mark.parametrize(("method", "headers", "fast"), TABLE)
def test_fast_and_slow_paths_answer_the_same(
    make_store, timeline_file, requests_built, method, headers, fast
):
    store = make_store([str(timeline_file)])
    fast_app, slow_app = FeedApp(store), FeedApp(store, fast=False)
    etag = dict(call(slow_app, "/ultimatum.ics")[1])["ETag"]
    asked = {name: value.format(etag=etag) for name, value in headers.items()}
    requests_built.clear()
    quick = call(fast_app, "/ultimatum.ics", method, asked)
    assert requests_built == ([] if fast else ["/ultimatum.ics"])
    slow = call(slow_app, "/ultimatum.ics", method, asked)
    assert quick[0] == slow[0]
    assert without_date(quick[1]) == without_date(slow[1])
    assert quick[2] == slow[2]
    for answer in (quick, slow):
        (date,) = [v for k, v in answer[1] if k == "Date"]
        assert email.utils.parsedate_to_datetime(date).tzinfo == dt.UTC


def test_the_table_covers_both_answers(make_store, timeline_file):
    app = FeedApp(make_store([str(timeline_file)]))
    etag = dict(call(app, "/ultimatum.ics")[1])["ETag"]
    statuses = {
        call(app, "/ultimatum.ics", m, {k: v.format(etag=etag) for k, v in h.items()})[0]
        for m, h, fast in TABLE
        if fast
    }
    assert statuses == {"200 OK", "304 NOT MODIFIED"}


def test_an_edit_rebuilds_the_prepared_answers(make_store, timeline_file, clock, requests_built):
    app = FeedApp(make_store([str(timeline_file)]))
    first = call(app, "/ultimatum.ics")
    clock.tick()
    edit(timeline_file, 'date = "ultimatum + 60 days"', 'date = "ultimatum + 90 days"')
    second = call(app, "/ultimatum.ics")
    assert b"deadline 2019-03-04 projected" in second[2]
    old, new = dict(first[1])["ETag"], dict(second[1])["ETag"]
    assert old != new
    assert call(app, "/ultimatum.ics", headers={"If-None-Match": new})[0] == "304 NOT MODIFIED"
    assert call(app, "/ultimatum.ics", headers={"If-None-Match": old})[0] == "200 OK"
    assert requests_built == ["/ultimatum.ics"]  # the stale ETag only


def test_other_paths_go_through_werkzeug(make_store, timeline_file, requests_built):
    app = FeedApp(make_store([str(timeline_file)]))
    assert call(app, "/")[0] == "200 OK"
    assert call(app, "/nothing.ics")[0] == "404 NOT FOUND"
    assert call(app, "/ultimatum.ics", "POST")[0] == "405 METHOD NOT ALLOWED"
    assert requests_built == ["/", "/nothing.ics", "/ultimatum.ics"]


def test_date_is_formatted_at_most_once_a_second(monkeypatch):
    now = [dt.datetime(2019, 1, 17, 12, 0, 0, 100_000, tzinfo=dt.UTC)]
    formatted: list[float] = []
    monkeypatch.setattr(tracker.site.serve.fast, "now_utc", lambda: now[0])
    real = tracker.site.serve.fast.formatdate
    monkeypatch.setattr(
        tracker.site.serve.fast,
        "formatdate",
        lambda t, usegmt: formatted.append(t) or real(t, usegmt=usegmt),
    )
    assert tracker.site.serve.fast.http_date() == "Thu, 17 Jan 2019 12:00:00 GMT"
    now[0] += dt.timedelta(milliseconds=800)
    assert tracker.site.serve.fast.http_date() == "Thu, 17 Jan 2019 12:00:00 GMT"
    now[0] += dt.timedelta(milliseconds=200)
    assert tracker.site.serve.fast.http_date() == "Thu, 17 Jan 2019 12:00:01 GMT"
    assert len(formatted) == 2
