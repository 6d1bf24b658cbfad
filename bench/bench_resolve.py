"""Time load + resolve of large timelines, and `tracker until` start-up.

Writes timelines of 1,000, 10,000 and 100,000 events (each a chain of derived dates: every event is
the one before it + 1 day) to a temporary folder, then prints, for each size, the seconds to read
and validate the TOML and to resolve it, and the time per event, which must stay flat as the size
grows (linear time). It then times `tracker until` against `python -c "import pendulum, click"`,
the floor any command pays, and checks that `until` imports neither icalendar nor tabulate.

Run: python bench/bench_resolve.py [--sizes 1000,10000,100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import pendulum
from timing import best_of  # bench/ is on sys.path when a script here runs

from events.resolve import resolve
from tracker.load import load_timeline
from tracker.memory import paused_gc


def write_chain(path: Path, size: int) -> None:
    lines = ['[timeline]\nid = "bench"\ntitle = "Benchmark chain"\n']
    lines.append('[[event]]\nid = "e0"\ntitle = "Start"\ndate = 2000-01-01\n')
    lines.extend(
        f'[[event]]\nid = "e{i}"\ntitle = "Step {i}"\ndate = "e{i - 1} + 1 day"\n'
        for i in range(1, size)
    )
    path.write_text("\n".join(lines), encoding="utf-8")


def paused(action, *args):  # type: ignore[no-untyped-def]
    """As the commands run it (tracker.timelines.open_timelines): with the cyclic GC paused."""
    with paused_gc():
        return action(*args)


def time_command(argv: list[str], repeat: int) -> float:
    return statistics.median(
        best_of(1, lambda: subprocess.run(argv, check=True, capture_output=True))
        for _ in range(repeat)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    as_of = pendulum.date(2026, 11, 27)
    print(f"{'events':>8} {'load s':>8} {'resolve s':>10} {'µs/event':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"chain-{size}.toml"
            write_chain(path, size)
            load = best_of(args.repeat, lambda p=path: paused(load_timeline, str(p)))
            timeline = load_timeline(str(path))
            solve = best_of(args.repeat, lambda t=timeline: paused(resolve, t, as_of))
            per_event = (load + solve) / size * 1e6
            print(f"{size:>8} {load:>8.3f} {solve:>10.3f} {per_event:>9.1f}")

    python = sys.executable
    floor = time_command([python, "-c", "import pendulum, click"], args.repeat * 3)
    until = time_command(
        [python, "-m", "tracker", "until", "withdrawal-effective", "-q"], args.repeat * 3
    )
    print(
        f"\nstart-up (median): import pendulum, click {floor * 1000:.0f} ms; "
        f"tracker until {until * 1000:.0f} ms ({until / floor:.2f}x)"
    )
    probe = (
        "import sys; sys.argv = ['tracker', 'until', 'withdrawal-effective', '-q'];"
        "from tracker.cli import cli\n"
        "try:\n    cli(standalone_mode=False)\nfinally:\n"
        "    print(sorted(m for m in ('icalendar', 'tabulate') if m in sys.modules))"
    )
    heavy = subprocess.run([python, "-c", probe], check=True, capture_output=True, text=True)
    print(f"heavy modules imported by until: {heavy.stdout.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
