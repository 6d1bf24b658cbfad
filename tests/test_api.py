"""The library's public face stays put: programs import from `tracker.api`, and each name they
were promised is still there, typed, whatever the modules behind it are called."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest

import tracker.api

# The names docs/library.md promises. Removing one breaks users: it must be a decision, recorded
# in CHANGELOG.md, not a side effect of moving a module.
PROMISED = {
    "ClauseLibraryError",
    "ClauseNotApplicable",
    "DateValue",
    "Event",
    "Expression",
    "ExpressionError",
    "FeedApp",
    "FeedStore",
    "ImportFailed",
    "InvalidEdit",
    "InvalidTimeline",
    "NotARegularFile",
    "NotYetKnown",
    "Offset",
    "OneTimelineOnly",
    "RENDERERS",
    "ReadOnlyTimeline",
    "ResolvedEvent",
    "ResolvedTimeline",
    "Revision",
    "Source",
    "Timeline",
    "TimelineNotFound",
    "TrackerError",
    "UnknownClause",
    "UnknownEvent",
    "UsageProblem",
    "WriteFailed",
    "day",
    "export",
    "find_clause",
    "library",
    "load_timeline",
    "make_app",
    "open_timelines",
    "parse_date_value",
    "parse_expression",
    "resolve",
    "write_atomic",
}


def test_every_promised_name_is_exported():
    assert set(tracker.api.__all__) == PROMISED


@pytest.mark.parametrize("name", sorted(PROMISED))
def test_each_name_imports_from_a_fresh_interpreter(name):
    code = f"from tracker.api import {name}; print({name}.__name__ if hasattr({name}, '__name__') else 'ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in (name, "ok")


def test_errors_carry_their_exit_codes():
    assert tracker.api.TimelineNotFound("imf").exit_code == 2
    assert tracker.api.WriteFailed("x").exit_code == 1
    assert issubclass(tracker.api.ReadOnlyTimeline, tracker.api.UsageProblem)


@pytest.mark.parametrize("package", ["events", "tracker"])
def test_the_packages_ship_their_types(package):
    assert resources.files(package).joinpath("py.typed").is_file()
