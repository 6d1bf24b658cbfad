"""Time the editing commands on large timelines of your own: `add`, `move` and `import --update`.

Each edit is made with tomlkit on the whole document and only the lines the edit changed are
carried over into the original text (tracker/editing/toml.py), then the whole timeline is checked
before the file is replaced. Writes timelines of 1,000, 10,000 and 100,000 events (each with a
kind, a tag and a source, so most lines repeat thousands of times: the case that made a line diff
quadratic) into a temporary $TRACKER_HOME, and prints for each size the seconds of one `add`
(a new event at the end), one `move` (a revision on an event in the middle) and one
`import --update` of the timeline's own CSV with one date changed, and the time per event, which
must stay flat as the size grows (linear time). `check` of the same file is the floor: every
edit checks the whole timeline before it writes.

Run: python bench/bench_edit.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tracker.cli.group import main


def write_timeline(path: Path, size: int) -> None:
    lines = ['[timeline]\nid = "big"\ntitle = "Benchmark"\nupdated = 2030-01-01\n']
    lines.extend(
        f'[[event]]\nid = "e{i}"\ntitle = "Step {i}"\ndate = 2000-01-01\nkind = "deadline"\n'
        f'tags = ["bench"]\n'
        'sources = [{ title = "Bench source", url = "https://example.org/" }]\n'
        for i in range(size)
    )
    path.write_text("\n".join(lines), encoding="utf-8")


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    code = main(argv)
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"exit {code}: tracker {' '.join(argv)}")
    return seconds


def one_size(home: Path, size: int, out: Callable[[str], None]) -> None:
    file = home / "big.toml"
    write_timeline(file, size)
    check = timed(["check", "-t", "big", "--as-of", "2030-01-01"])
    add = timed(
        [
            "add",
            "-t",
            "big",
            "new-one",
            "--title",
            "New",
            "--date",
            "2001-01-01",
            "--as-of",
            "2030-01-01",
        ]
    )
    middle = f"e{size // 2}"
    move = timed(
        [
            "move",
            "-t",
            "big",
            middle,
            "2000-02-02",
            "--on",
            "2020-01-01",
            "--reason",
            "bench",
            "--as-of",
            "2030-01-01",
        ]
    )
    csv = home.parent / "big.csv"
    assert main(["export", "csv", "-t", "big", "-o", str(csv), "--as-of", "2030-01-01"]) == 0
    text = csv.read_text(encoding="utf-8").replace("e1,2000-01-01", "e1,2000-03-03", 1)
    csv.write_text(text, encoding="utf-8")
    update = timed(["import", str(csv), "--id", "big", "--update"])
    per = 1e6 / size
    out(
        f"{size:>7} events  check {check:6.2f} s  add {add:6.2f} s ({add * per:5.1f} µs/event)  "
        f"move {move:6.2f} s ({move * per:5.1f} µs/event)  "
        f"import --update {update:6.2f} s ({update * per:5.1f} µs/event)"
    )


def main_(sizes: list[int]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as scratch:
            home = Path(scratch) / "home"
            home.mkdir()
            os.environ["TRACKER_HOME"] = str(home)
            os.environ["TRACKER_NO_CACHE"] = "1"
            one_size(home, size, print)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    arguments = parser.parse_args()
    main_([int(size) for size in arguments.sizes.split(",")])
