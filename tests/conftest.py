"""Shared fixtures: timeline files by name from tests/data, a CLI runner, a stand-in feed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pendulum
import pytest
from click.testing import CliRunner

from events.resolve import ResolvedTimeline
from tracker.export import export

DATA = Path(__file__).parent / "data"


def data_file(name: str) -> str:
    """The path of a test timeline in tests/data, as a string for `-t`."""
    return str(DATA / name)


def stand_in(fmt: str, timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """A feed that changes with the title, the dates and the as-of day, like the real one."""
    if fmt == "json":
        return export("json", timelines, as_of)
    (resolved,) = timelines
    lines = [f"{resolved.timeline.title} as of {as_of}"]
    lines += [f"{event.id} {event.date.label} {event.status}" for event in resolved]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
