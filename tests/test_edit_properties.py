"""Sequences of valid edits through the CLI resolve to the same dates as the same edits made on
the model directly: add, move and cancel write what they mean, whatever the order."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import pendulum
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.dates import day
from events.model import Event, Revision
from events.resolve import resolve
from events.rules import parse_date_spec
from tracker.cli.group import cli
from tracker.files.load import load_timeline

from .helpers import DATA

START = pendulum.date(2019, 1, 1)
DAYS = st.integers(min_value=0, max_value=400).map(lambda n: START.add(days=n))


@st.composite
def edits(draw) -> list[tuple]:
    """("add", id, rule_or_day) / ("move", id, day, on) / ("cancel", id, on), each valid where it
    stands: moves and cancels name events that exist, adds use fresh ids and rules that only
    read earlier events (so no cycle can form)."""
    ids = ["ultimatum", "deadline"]
    steps: list[tuple] = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        action = draw(st.sampled_from(["add", "move", "cancel"]))
        if action == "add":
            new_id = f"e{len(ids)}"
            if draw(st.booleans()):
                base = draw(st.sampled_from(ids))
                date = f"{base} + {draw(st.integers(min_value=0, max_value=90))} days"
            else:
                date = draw(DAYS).isoformat()
            steps.append(("add", new_id, date))
            ids.append(new_id)
        elif action == "move":
            steps.append(("move", draw(st.sampled_from(ids)), draw(DAYS), draw(DAYS)))
        else:
            steps.append(("cancel", draw(st.sampled_from(ids)), draw(DAYS)))
    return steps


def apply_to_model(timeline, step):
    events = list(timeline.events)
    if step[0] == "add":
        events.append(Event(step[1], step[1].upper(), parse_date_spec(step[2])))
    else:
        index = next(i for i, e in enumerate(events) if e.id == step[1])
        if step[0] == "move":
            revision = Revision(
                step[3], "moved", date=day(step[2].year, step[2].month, step[2].day)
            )
        else:
            revision = Revision(step[2], "cancelled", status="cancelled")
        event = events[index]
        events[index] = dataclasses.replace(event, revisions=(*event.revisions, revision))
    return dataclasses.replace(timeline, events=tuple(events))


def command(step) -> list[str]:
    if step[0] == "add":
        return ["add", step[1], "--title", step[1].upper(), "--date", step[2]]
    if step[0] == "move":
        return [
            "move",
            step[1],
            step[2].isoformat(),
            "--on",
            step[3].isoformat(),
            "--reason",
            "moved",
        ]
    return ["cancel", step[1], "--on", step[2].isoformat(), "--reason", "cancelled"]


def seen(timeline, as_of):
    return {e.id: (e.date.earliest, e.date.latest, e.status) for e in resolve(timeline, as_of)}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=edits(), as_of=DAYS)
def test_edits_through_the_cli_mean_what_they_say(steps, as_of):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ultimatum.toml"
        path.write_bytes((DATA / "ultimatum.toml").read_bytes())
        model = load_timeline(str(path))
        runner = CliRunner()
        env = {"TRACKER_HOME": folder, **{k: v for k, v in os.environ.items() if k == "PATH"}}
        for step in steps:
            result = runner.invoke(
                cli, ["-t", "ultimatum", "--as-of", "2019-01-01", *command(step)], env=env
            )
            assert result.exit_code == 0, result.output
            model = apply_to_model(model, step)
        assert seen(load_timeline(str(path)), as_of) == seen(model, as_of)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=edits(), data=st.data())
def test_remove_undoes_add_and_refuses_exactly_the_events_rules_read(steps, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ultimatum.toml"
        path.write_bytes((DATA / "ultimatum.toml").read_bytes())
        runner = CliRunner()
        env = {"TRACKER_HOME": folder, **{k: v for k, v in os.environ.items() if k == "PATH"}}

        def tracker(*args: str):
            return runner.invoke(cli, ["-t", "ultimatum", "--as-of", "2019-01-01", *args], env=env)

        for step in steps:
            assert tracker(*command(step)).exit_code == 0
        before = path.read_bytes()
        assert tracker("add", "fresh", "--title", "F", "--date", "deadline + 1 day").exit_code == 0
        assert tracker("remove", "fresh").exit_code == 0
        assert path.read_bytes() == before  # byte for byte: the add left no trace
        read = {"ultimatum"} | {
            s[2].split(" + ")[0] for s in steps if s[0] == "add" and "+" in s[2]
        }
        ids = ["ultimatum", "deadline", *(s[1] for s in steps if s[0] == "add")]
        target = data.draw(st.sampled_from(ids))
        result = tracker("remove", target)
        assert result.exit_code == (1 if target in read else 0), result.output
        assert (target in {e.id for e in load_timeline(str(path)).events}) == (target in read)
