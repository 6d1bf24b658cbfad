"""Time load + resolve of large timelines, and `tracker until` start-up.

Writes timelines of 1,000, 10,000 and 100,000 events (each a chain of derived dates: every event is
the one before it + 1 day) to a temporary folder, then prints, for each size, the seconds to read
and validate the TOML and to resolve it, and the time per event, which must stay flat as the size
grows (linear time).

It then times the start-up of `tracker until withdrawal-effective -q --as-of 2019-01-17`, run as
the console script, warm (the answer cache holds the answer) and cold (an empty cache, the
`.pyc` files compiled beforehand), against a bare `python -c pass` and against
`python -c "import pendulum, click"`, the floor of any command that imports both. The four are
run in turn, many times, and the medians compared: wall-clock time, and the CPU time of the
process, which a busy machine disturbs less. Targets: warm within 2.5x a bare start, cold within
1.2x the two imports.

Run: python bench/bench_resolve.py [--sizes 1000,10000,100000] [--repeat 3] [--starts 40]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pendulum
from timing import best_of  # bench/ is on sys.path when a script here runs

import events
import tracker
from events.resolve import resolve
from tracker.files.load import load_timeline
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
    """As the commands run it (tracker.queries.open_timelines): with the cyclic GC paused."""
    with paused_gc():
        return action(*args)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process) of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime


def tracker_command() -> list[str]:
    """The console script beside this Python, as users run it; else `python -m tracker`."""
    script = Path(sys.executable).with_name("tracker")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "tracker"]


def start_up(starts: int) -> None:
    """Warm and cold `tracker until -q` against a bare start and the two imports."""
    for package in (tracker, events):  # .pyc present, as after any install
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    ask = [*tracker_command(), "until", "withdrawal-effective", "-q", "--as-of", "2019-01-17"]
    python = sys.executable
    runs = {
        "python -c pass": [python, "-c", "pass"],
        'python -c "import pendulum, click"': [python, "-c", "import pendulum, click"],
        "tracker until -q, warm": ask,
        "tracker until -q, cold": ask,
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache"
        env = {**os.environ, "TRACKER_CACHE": str(cache)}
        env.pop("TRACKER_NO_CACHE", None)
        run_once(ask, env)  # fills the cache for the first warm run
        for _ in range(starts):
            for name, argv in runs.items():
                if name.endswith("cold"):
                    shutil.rmtree(cache, ignore_errors=True)
                times[name].append(run_once(argv, env))
                if name.endswith("cold"):
                    assert cache.is_dir()  # it did write the answer for next time
    wall = {name: statistics.median(w for w, _ in found) for name, found in times.items()}
    cpu = {name: statistics.median(c for _, c in found) for name, found in times.items()}
    bare, floor = "python -c pass", 'python -c "import pendulum, click"'
    print(f"\nstart-up, median of {starts} runs each, in turn ({' '.join(ask[-5:])}):")
    print(f"{'':36} {'wall ms':>8} {'cpu ms':>7} {'/ bare':>7} {'/ imports':>10}")
    for name in runs:
        ratios = f"{wall[name] / wall[bare]:6.2f}x {wall[name] / wall[floor]:9.2f}x"
        print(f"{name:36} {wall[name] * 1000:8.1f} {cpu[name] * 1000:7.1f} {ratios}")
    warm, cold = wall["tracker until -q, warm"], wall["tracker until -q, cold"]
    print(
        f"targets: warm {warm / wall[bare]:.2f}x a bare start (at most 2.5x), "
        f"cold {cold / wall[floor]:.2f}x the imports (at most 1.2x); in CPU time "
        f"{cpu['tracker until -q, warm'] / cpu[bare]:.2f}x and "
        f"{cpu['tracker until -q, cold'] / cpu[floor]:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--starts", type=int, default=40, help="runs of each start-up command")
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

    start_up(args.starts)


if __name__ == "__main__":
    main()
