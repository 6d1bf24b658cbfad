"""`tracker publish DIR`: the server's files on disk, rewritten only when their bytes change."""

from __future__ import annotations

import os
from pathlib import Path

import pendulum
import pytest

from tracker.cli.group import cli
from tracker.files.load import bundled_ids
from tracker.render.web.index import base_url, google_link, webcal
from tracker.site.publish import publish
from tracker.site.store import FeedStore

from .helpers import DATA, data_file, stand_in

AS_OF = pendulum.date(2019, 1, 17)
ULTIMATUM = data_file("ultimatum.toml")


def store(*names: str, as_of: pendulum.Date = AS_OF) -> FeedStore:
    return FeedStore(names, as_of, render=stand_in)


def age(folder: Path) -> dict[str, int]:
    """Set every file's mtime a minute back and return them, to see which get rewritten."""
    stamps = {}
    for path in folder.iterdir():
        old = path.stat().st_mtime_ns - 60 * 10**9
        os.utime(path, ns=(old, old))
        stamps[path.name] = old
    return stamps


def test_publish_writes_every_file_and_an_index(tmp_path):
    site = tmp_path / "site" / "feeds"
    written = publish(site, store(str(DATA / "ultimatum.toml"), str(DATA / "chain.toml")), None)
    names = [
        "ultimatum.ics",
        "ultimatum.json",
        "ultimatum.html",
        "chain.ics",
        "chain.json",
        "chain.html",
        "index.html",
    ]
    assert written == [(name, True) for name in names]
    assert sorted(p.name for p in site.iterdir()) == sorted(names)
    assert (site / "ultimatum.ics").read_bytes() == (
        b"Ultimatum as of 2019-01-17\r\n"
        b"ultimatum 2018-12-04 occurred\r\n"
        b"deadline 2019-02-02 projected\r\n"
    )
    page = (site / "index.html").read_text()
    assert '<a href="ultimatum.ics">ultimatum.ics</a>' in page
    assert '<a href="chain.json">chain.json</a>' in page
    assert "webcal:" not in page  # no address to subscribe to without --base-url
    assert "<code>tracker publish DIR --base-url URL</code>" in page


def test_publish_with_base_url_has_absolute_subscribe_links(tmp_path):
    publish(tmp_path, store(str(DATA / "ultimatum.toml")), "https://example.org/treaties/")
    page = (tmp_path / "index.html").read_text()
    assert '<a href="webcal://example.org/treaties/ultimatum.ics">' in page
    assert (
        '<a href="https://calendar.google.com/calendar/r?cid='
        'webcal%3A%2F%2Fexample.org%2Ftreaties%2Fultimatum.ics">Add to Google Calendar</a>'
    ) in page
    assert '<a href="https://example.org/treaties/ultimatum.json">' in page
    assert "--base-url" not in page


def test_second_run_rewrites_nothing(tmp_path):
    publish(tmp_path, store(str(DATA / "ultimatum.toml")), None)
    before = age(tmp_path)
    again = publish(tmp_path, store(str(DATA / "ultimatum.toml")), None)
    assert again == [
        (name, False)
        for name in ("ultimatum.ics", "ultimatum.json", "ultimatum.html", "index.html")
    ]
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def test_a_new_day_rewrites_what_counts_days(tmp_path):
    publish(tmp_path, store(str(DATA / "ultimatum.toml")), None)
    assert '<strong class="days">16 days</strong>' in (tmp_path / "index.html").read_text()
    later = publish(tmp_path, store(str(DATA / "ultimatum.toml"), as_of=AS_OF.add(days=1)), None)
    assert later == [
        (name, True) for name in ("ultimatum.ics", "ultimatum.json", "ultimatum.html", "index.html")
    ]
    # The front page counts the days to each next deadline: a day later, one fewer.
    assert '<strong class="days">15 days</strong>' in (tmp_path / "index.html").read_text()


def test_every_bundled_timeline_by_default(tmp_path):
    written = publish(tmp_path, store(), None)
    assert [name for name, _ in written] == [
        *(f"{i}.{ext}" for i in bundled_ids() for ext in ("ics", "json", "html")),
        "index.html",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/feeds", "https://example.org/feeds/"),
        ("http://localhost:8000/", "http://localhost:8000/"),
    ],
)
def test_base_url_gets_a_trailing_slash(text, expected):
    assert base_url(text) == expected


@pytest.mark.parametrize(
    "text", ["example.org", "ftp://example.org/", "https://", "/feeds/", "https://example.org/?x=1"]
)
def test_base_url_must_be_absolute_http(text):
    with pytest.raises(ValueError, match="is not an http\\(s\\) URL"):
        base_url(text)


def test_subscribe_links():
    assert webcal("http://127.0.0.1:8000/inf.ics") == "webcal://127.0.0.1:8000/inf.ics"
    assert google_link("https://example.org/inf.ics") == (
        "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fexample.org%2Finf.ics"
    )


# --- the command, with the real feed -----------------------------------------------------------


def test_publish_command_writes_what_export_writes(runner, tmp_path):
    site = tmp_path / "site"
    args = [
        "publish",
        str(site),
        "-t",
        ULTIMATUM,
        "--as-of",
        "2019-01-17",
        "--base-url",
        "https://example.org/treaties",
    ]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0
    assert first.output == "".join(
        f"wrote {site / name}\n"
        for name in ("ultimatum.ics", "ultimatum.json", "ultimatum.html", "index.html")
    )
    for fmt, more in (
        ("ics", []),
        ("json", []),
        ("html", ["--base-url", "https://example.org/treaties"]),
    ):
        exported = runner.invoke(
            cli, ["export", fmt, "-t", ULTIMATUM, "--as-of", "2019-01-17", *more]
        )
        assert (site / f"ultimatum.{fmt}").read_bytes() == exported.stdout_bytes
    assert 'href="webcal://example.org/treaties/ultimatum.ics"' in (site / "index.html").read_text()
    before = age(site)
    second = runner.invoke(cli, args)
    assert second.output == "".join(
        f"unchanged {site / name}\n"
        for name in ("ultimatum.ics", "ultimatum.json", "ultimatum.html", "index.html")
    )
    assert {p.name: p.stat().st_mtime_ns for p in site.iterdir()} == before


def test_publish_command_refuses_a_relative_base_url(runner, tmp_path):
    result = runner.invoke(cli, ["publish", str(tmp_path), "--base-url", "example.org/feeds"])
    assert result.exit_code == 2
    assert (
        "Invalid value for '--base-url': 'example.org/feeds' is not an http(s) URL like "
        "https://example.org/feeds/" in result.output
    )


def test_publish_command_into_a_file_is_a_usage_error(runner, tmp_path):
    target = tmp_path / "taken"
    target.write_text("")
    result = runner.invoke(cli, ["publish", str(target), "-t", ULTIMATUM])
    assert result.exit_code == 2
    assert "is a file" in result.output


def test_publish_command_reports_an_unwritable_folder(runner, tmp_path):
    (tmp_path / "blocker").write_text("")
    result = runner.invoke(cli, ["publish", str(tmp_path / "blocker" / "site"), "-t", ULTIMATUM])
    assert result.exit_code == 1
    assert (
        result.output == f"Error: {tmp_path / 'blocker' / 'site'}: cannot write (Not a directory)\n"
    )


def test_publish_command_defaults_to_every_bundled_timeline(runner, tmp_path):
    result = runner.invoke(cli, ["publish", str(tmp_path), "--as-of", "2019-01-17"], env={})
    assert result.exit_code == 0
    expected = [f"{i}.{ext}" for i in bundled_ids() for ext in ("ics", "json", "html")]
    expected.append("index.html")
    assert result.output == "".join(f"wrote {tmp_path / name}\n" for name in expected)
    from_env = runner.invoke(
        cli, ["publish", str(tmp_path / "one")], env={"TRACKER_TIMELINE": ULTIMATUM}
    )
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [
        "index.html",
        "ultimatum.html",
        "ultimatum.ics",
        "ultimatum.json",
    ]
    assert from_env.exit_code == 0
    shown = " ".join(runner.invoke(cli, ["publish", "--help"]).output.split())
    assert "(default: $TRACKER_TIMELINE, else every timeline)" in shown
