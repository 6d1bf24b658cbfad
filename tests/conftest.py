"""Shared fixtures: timeline files by name from tests/data, a CLI runner, the feed readers, and a
stand-in feed for the server's tests."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from tracker.cli.group import cli

from .browser import (  # noqa: F401  (the page tests' fixtures and summary, once)
    artefacts,
    browser,
    npm_packages,
    pytest_terminal_summary,
    tabs,
)
from .helpers import DATA
from .ics_readers import IcalJs, Reading, read_icalendar, read_vobject

# CI runs the same examples every time, so a red build is reproducible and never a coin toss;
# local runs keep exploring new ones (that is how the Kathmandu VTIMEZONE case was found).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# `.ci/run` runs the suite a second time with the clock moved this many days ahead: a test that
# reads the day it runs on (instead of passing --as-of) fails there, not next week on main.
CLOCK_SHIFT = "TRACKER_TEST_CLOCK_SHIFT_DAYS"


@pytest.fixture(scope="session", autouse=True)
def shifted_clock() -> Iterator[None]:
    """Move this process's clock ahead (time-machine, in-process, so the browser and node that
    tests start keep the real one) when $TRACKER_TEST_CLOCK_SHIFT_DAYS asks for it."""
    days = int(os.environ.get(CLOCK_SHIFT) or 0)
    if not days:
        yield
        return
    import time_machine

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=days), tick=True):
        yield


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty $TRACKER_HOME of its own: never the real user's timelines, which
    would shadow bundled ones and change what `list`, `next --all` and `serve` show."""
    folder = tmp_path / "home"
    monkeypatch.setenv("TRACKER_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty answer cache of its own ($TRACKER_CACHE): never the user's real
    one, and never an answer left by another test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRACKER_CACHE", str(folder))
    monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def commented(home: Path) -> Path:
    """tests/data/commented.toml (three events, comments everywhere) as the user's timeline
    `commented`, for the tests that edit, import into or sync a timeline of one's own."""
    home.mkdir(exist_ok=True)
    path = home / "commented.toml"
    shutil.copy(DATA / "commented.toml", path)
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(runner: CliRunner) -> Invoke:
    """The command line as a user meets it, in a known terminal: `invoke("show", "--as-of", D,
    columns=80, color=False, env={...})`. COLUMNS is as given (else unset) and NO_COLOR unset,
    so no test depends on the terminal it runs in; an exception is not caught, so a traceback
    fails the test that met it rather than passing as an exit code."""

    def run(
        *args: str,
        columns: int | str | None = None,
        color: bool = False,
        env: dict[str, str | None] | None = None,
    ) -> Result:
        width = None if columns is None else str(columns)
        environment = {"COLUMNS": width, "NO_COLOR": None, **(env or {})}
        return runner.invoke(cli, list(args), env=environment, color=color, catch_exceptions=False)

    return run


NO_NODE = "node is not on PATH: feeds are read by icalendar and vobject only, not by ical.js"


@pytest.fixture(scope="session")
def node_icaljs() -> IcalJs | None:
    """ical.js through node, its locked version installed by `npm ci` the first time; None where
    node is not on PATH. A failed install is an error, not a skip: the check must not vanish."""
    node = shutil.which("node")
    if node is None:
        return None
    npm_packages()  # ical.js among the locked packages, installed once for every node test
    return IcalJs(node)


@pytest.fixture(scope="session")
def icaljs(node_icaljs: IcalJs | None) -> IcalJs:
    """For the tests that are about ical.js itself: skipped, saying why, without node."""
    if node_icaljs is None:
        pytest.skip(NO_NODE)
    return node_icaljs


@pytest.fixture(scope="session")
def read(node_icaljs: IcalJs | None) -> Callable[[bytes], Reading]:
    """Read a feed with every parser available and insist they agree; returns that one reading."""

    def read_feed(data: bytes) -> Reading:
        reading = read_icalendar(data)
        assert read_vobject(data) == reading
        if node_icaljs is not None:
            assert node_icaljs.read([data]) == [reading]
        return reading

    return read_feed


# The server's fixtures, for every test file that starts one.
from .serving import client, clock, make_store, serve, server_name, timeline_file  # noqa: E402, F401
