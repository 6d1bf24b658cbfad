"""Plain helpers the tests share: timeline files by name from tests/data, a stand-in feed, the
pages the browser checks, and reading a module's imports. Plain functions, not fixtures, so any
test module (and conftest.py, and serving.py) imports them from here, and no test module ever
imports another."""

from __future__ import annotations

import ast
import functools
from collections.abc import Sequence
from pathlib import Path

import pendulum
from click.testing import Result

from events.resolve import resolve
from events.resolved import ResolvedTimeline
from tracker.files.load import bundled_ids, load_timeline
from tracker.render.export import export

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


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


def output_of(result: Result) -> str:
    """What a command printed, once it is known to have succeeded (exit 0)."""
    assert result.exit_code == 0, result.output
    return result.output


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


# The pages the browser checks: every bundled timeline, and fixtures each as of its own day.
FIXTURES = {data_file("open-web.toml"): pendulum.date(2026, 11, 30)}


def every_page() -> list[str]:
    """The bundled timelines' ids and the fixtures' paths, as `-t` takes them."""
    return [*bundled_ids(), *FIXTURES]


@functools.cache
def as_of_before_last_deadline(timeline_id: str) -> pendulum.Date:
    """The day before the timeline's last deadline (as known a long while after), so the
    countdown has one to count to; a fixture's own day for a fixture."""
    if timeline_id in FIXTURES:
        return FIXTURES[timeline_id]
    late = resolve(load_timeline(timeline_id), pendulum.date(2100, 1, 1))
    deadlines = [e for e in late if e.event.kind == "deadline" and not e.cancelled]
    return max(e.date.earliest for e in deadlines).subtract(days=1)


def page_of(timeline_id: str) -> tuple[ResolvedTimeline, str]:
    as_of = as_of_before_last_deadline(timeline_id)
    timeline = resolve(load_timeline(timeline_id), as_of)
    html = export("html", [timeline], as_of, base="https://example.org/treaties/").decode()
    return timeline, html
