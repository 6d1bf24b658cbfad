"""The console script is the same program whichever way it answers `tracker until EVENT -q`.

Every command line below runs through the full command line (`tracker.cli.group.main`, click, no cache)
for the reference, then through the console script's `tracker.cli.entry.main`: once into a cache
shared by every case (cold for that question, unless another spelling of it came first), once
more from it (warm), and once with the cache off. Output, errors and exit codes must be identical,
byte for byte. The cases cover the spellings of the options, unknown events and timelines,
invalid files, revisions taking effect (tests/data/art50.toml around 2019-03-22 and
2019-04-11), events not yet known (and `--hindsight`), several `-t`, spans that are running,
cancelled events (no days to count: nothing printed, exit 3), `$TRACKER_TIMELINE`, no `--as-of` (today in the first timeline's zone), and the user's own
timelines appearing in the home and shadowing bundled ones while the cache holds answers for the
bundled ones. A hundred more runs go through real processes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import time_machine

from tracker.cli import entry
from tracker.cli import group as cli

from .helpers import data_file

ROOT = Path(__file__).parent.parent
ART50 = data_file("art50.toml")  # Europe/London; exit-day moves on 2019-03-22 and 2019-04-11
KNOWN = data_file("known.toml")  # events known from a day; a span
VAGUE = data_file("deadlines.toml")  # a month, an approximate day
ULTIMATUM = data_file("ultimatum.toml")  # UTC
BROKEN = data_file("broken.toml")
ART50_EVENTS = ["exit-day", "agreement-in-force", "summit", "no-deal-plan", "art50-notice"]
REVISION_DAYS = [
    "2019-03-15",
    "2019-03-21",
    "2019-03-22",
    "2019-03-23",
    "2019-03-29",
    "2019-03-30",
    "2019-04-10",
    "2019-04-11",
    "2019-04-12",
    "2019-04-13",
    "2019-10-17",
    "2019-10-28",
    "2019-10-31",
    "2020-02-01",
]
KNOWN_DAYS = ["2019-12-31", "2020-01-10", "2020-02-09", "2020-02-20", "2020-07-01"]
# Instants at which today differs between UTC and London (where art50.toml lives), each beside a
# revision of exit-day: without --as-of, today is where the first timeline lives.
NOW = ["2019-04-11T23:30:00+00:00", "2019-10-27T23:30:00+00:00"]

Outcome = tuple[str, str, int]


def spellings(
    timelines: list[str], day: str | None, hindsight: bool, event: str
) -> list[list[str]]:
    """One question in the spellings the quick path reads, each meaning the same to click."""
    t_options = [arg for name in timelines for arg in ("-t", name)]
    as_of = ["--as-of", day] if day else []
    late = ["--hindsight"] if hindsight else []
    return [
        ["until", event, "-q", *t_options, *as_of, *late],
        [*t_options, *as_of, *late, "until", event, "--quiet"],
        [
            "until",
            "-q",
            *[f"--timeline={n}" for n in timelines],
            *([f"--as-of={day}"] if day else []),
            *late,
            event,
        ],
        ["-t", ULTIMATUM, "--as-of", "2000-01-01", "until", *t_options, *as_of, event, *late, "-q"],
    ]


def other_spellings(timelines: list[str], day: str, event: str) -> list[list[str]]:
    """Command lines the quick path leaves to click: they must come out as click has them."""
    t_options = [arg for name in timelines for arg in ("-t", name)]
    return [
        ["until", event, *t_options, "--as-of", day],  # the sentence, not -q
        ["until", event, "-q", "--json", *t_options, "--as-of", day],
        ["until", event, "-q", *t_options, "--as-of", day.replace("-", "")],  # click reads it
        ["until", event, "-q", *t_options, "--as-of", "2019-02-30"],
        ["until", event, "-q", *t_options, "--as-of"],
        ["until", event, "extra", "-q", *t_options, "--as-of", day],
        ["until", "-q", *t_options, "--as-of", day],  # no EVENT
        ["until", event, "-q", f"-t{timelines[0]}", "--as-of", day],
        ["until", event, "-q", "--hindsight=yes", *t_options, "--as-of", day],
        ["-q", "until", event, *t_options, "--as-of", day],
        ["until", event, "-q", "--", *t_options],
        ["until", "--help"],
    ]


def questions() -> Iterator[tuple[list[str], str, bool, str]]:
    """(timelines, day, hindsight, event): revisions, events not yet known, vague dates, spans,
    errors, several -t, bundled ids (shadowed by the user's own in one home state)."""
    typos = ["exit-dya", "nope", "", "ultimatum:nope", "art50-test:exit-day", "x:exit-day"]
    for day, event, late in itertools.product(
        REVISION_DAYS, [*ART50_EVENTS, *typos[:2]], (False, True)
    ):
        yield [ART50], day, late, event
    for day, event, late in itertools.product(
        KNOWN_DAYS, ["threat", "deadline", "period", "talks"], (False, True)
    ):
        yield [KNOWN], day, late, event
    for day, event in itertools.product(
        ["2019-12-01", "2020-01-15"], ["march", "january", "about"]
    ):
        yield [VAGUE], day, False, event
    several = [[ART50, ULTIMATUM], [ULTIMATUM, ART50], [ART50, ART50], ["art50", ULTIMATUM]]
    for names, event in itertools.product(several, ["exit-day", "deadline", *typos]):
        yield names, "2019-03-25", False, event
    for day, event in itertools.product(
        ["2019-01-17", "2019-03-25"], ["exit-day", "art50-notice", "nope"]
    ):
        yield ["art50"], day, False, event
    for event in ["notice-period", "withdrawal-effective"]:  # a span running, then its end
        yield ["abm"], "2002-01-01", False, event
    yield ["inf"], "2019-05-01", False, "withdrawal-window"
    for name in [BROKEN, "missing.toml", "no-such-id", str(ROOT / "tests"), "ART50", "x" * 300]:
        yield [name], "2019-03-25", False, "exit-day"


def user_timelines(home: Path) -> None:
    """The user's own art50.toml, shadowing the bundled art50: the test file with the notice a
    day later, so exit-day (notice + 2 years) moves too until a revision fixes it."""
    home.mkdir(parents=True, exist_ok=True)
    text = Path(ART50).read_text(encoding="utf-8")
    moved = text.replace("date = 2017-03-29", "date = 2017-03-30", 1)
    assert moved != text
    (home / "art50.toml").write_text(moved, encoding="utf-8")


class Runs:
    """Runs a command line in-process through either entry point, capturing what it prints."""

    def __init__(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cache: Path
    ) -> None:
        self.capsys, self.monkeypatch, self.cache = capsys, monkeypatch, cache
        self.count = 0

    def run(self, main: Callable[[list[str]], int], argv: list[str], cache: bool) -> Outcome:
        if cache:
            self.monkeypatch.delenv("TRACKER_NO_CACHE", raising=False)
        else:
            self.monkeypatch.setenv("TRACKER_NO_CACHE", "1")
        self.count += 1
        code = main(list(argv))
        out, err = self.capsys.readouterr()
        return out, err, code

    def same(self, argvs: list[list[str]], off: bool = True) -> Outcome:
        """The reference (the full command line on the first spelling), then each spelling
        through the console script with the shared cache (cold for the first one it meets,
        warm after), and the first one again with the cache off."""
        expected = self.run(cli.main, argvs[0], cache=False)
        for argv in argvs:
            assert self.run(entry.main, argv, cache=True) == expected, argv
        assert self.run(entry.main, argvs[0], cache=True) == expected, argvs[0]
        if off:
            assert self.run(entry.main, argvs[0], cache=False) == expected, argvs[0]
        return expected


@pytest.fixture
def runs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cache: Path) -> Runs:
    return Runs(capsys, monkeypatch, cache)


@pytest.mark.parametrize("home_state", ["empty home", "user timeline"])
def test_quick_and_full_paths_agree(runs: Runs, home: Path, home_state: str) -> None:
    if home_state == "user timeline":
        user_timelines(home)
    outcomes = []
    for number, (names, day, late, event) in enumerate(questions()):
        outcomes.append(runs.same(spellings(names, day, late, event), off=number % 3 == 0))
        if number % 8 == 0:  # now and then, command lines the quick path must leave alone
            others = other_spellings(names, day, event)
            for argv in others[number % 12 :: 4]:
                assert runs.run(entry.main, argv, cache=True) == runs.run(
                    cli.main, argv, cache=False
                )
    codes = [code for _, _, code in outcomes]
    assert codes.count(0) > 150 and codes.count(1) >= 1 and codes.count(2) > 50
    assert runs.count > 1800


def test_a_user_timeline_appearing_is_read_not_the_cached_bundled_answer(
    runs: Runs, home: Path
) -> None:
    argv = ["until", "exit-day", "-q", "-t", "art50", "--as-of", "2019-01-17"]
    bundled = runs.same([argv])
    user_timelines(home)
    assert runs.same([argv]) == (f"{int(bundled[0]) + 1}\n", "", 0)
    (home / "art50.toml").unlink()
    assert runs.run(entry.main, argv, cache=True) == bundled


@pytest.mark.parametrize("now", NOW)
def test_without_as_of_today_is_where_the_first_timeline_lives(
    runs: Runs, monkeypatch: pytest.MonkeyPatch, now: str
) -> None:
    with time_machine.travel(dt.datetime.fromisoformat(now), tick=False):
        for names, event, late in itertools.product(
            [[ART50], [ULTIMATUM], [ART50, ULTIMATUM], [ULTIMATUM, ART50]],
            ["exit-day", "deadline", "nope"],
            (False, True),
        ):
            runs.same(spellings(names, None, late, event)[:3])
        monkeypatch.setenv("TRACKER_TIMELINE", f"{ART50}{os.pathsep}{ULTIMATUM}")
        for event in ("exit-day", "deadline"):
            runs.same([["until", event, "-q"], ["until", "-q", event]])
            runs.same([["until", event, "-q", "--as-of", "2019-03-22"]])
            runs.same([["-t", ULTIMATUM, "until", event, "-q"]])


def test_real_processes_agree_with_the_full_command_line(runs: Runs, cache: Path) -> None:
    """About a hundred runs of `python -m tracker` (the console script's code) into one cache:
    each question cold, then warm in the same spelling and in another."""
    chosen = list(itertools.islice(questions(), 0, None, 9))
    assert len(chosen) >= 30
    cases = [spellings(names, day, late, event) for names, day, late, event in chosen]
    expected = [runs.run(cli.main, argvs[0], cache=False) for argvs in cases]
    env = {**os.environ, "TRACKER_CACHE": str(cache)}
    env.pop("TRACKER_NO_CACHE", None)

    def process(argvs: list[list[str]]) -> list[Outcome]:
        found = []
        for argv in (argvs[0], argvs[0], argvs[1]):
            done = subprocess.run(
                [sys.executable, "-m", "tracker", *argv],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            found.append((done.stdout, done.stderr, done.returncode))
        return found

    with ThreadPoolExecutor(max_workers=2) as pool:
        found = list(pool.map(process, cases))
    codes = [code for _, _, code in expected]
    assert (sum(code in (0, 3) for code in codes) >= 20, 3 in codes) == (True, True)
    for argvs, wanted, outcomes in zip(cases, expected, found, strict=True):
        assert outcomes == [wanted] * 3, argvs[0]
