"""How fast a moved deadline reaches a CalDAV calendar: `tracker move` to the event readable on
the server, under `tracker sync --watch`; and a first and a no-op sync of the whole catalog.

Runs Radicale (the `test` extra has it) as its own process on a loopback port, with its defaults
(fsync on every write, its delay after a failed login) but for storage in a temporary folder and
a plain htpasswd file. A copy of the INF timeline is made the user's own (`tracker copy inf`, in
a temporary $TRACKER_HOME) and `tracker sync --watch` runs on it as a user would run it; then
`tracker move` is run --moves times, each to a new day, and after each the event is read from the
server (a GET every 10 ms) until it shows the new day: the time from `move` returning to that read
is the latency. Then every bundled timeline is synced into an empty calendar, and again (nothing
changed: no write). Every process started is stopped at the end, whatever happens. Only loopback.

Run: python bench/bench_sync.py [--moves 20]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import caldav
import icalendar

from tracker.files.locations import bundled_ids

USER, PASSWORD = "bench", "bench-password"
EVENT = "withdrawal-effective"
UID = f"{EVENT}@inf.withdrawal-tracker.invalid"
TRACKER = [sys.executable, "-m", "tracker"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def radicale(folder: Path) -> Iterator[str]:
    """Radicale serving on a free loopback port until the block ends; yields its base URL."""
    port = free_port()
    (folder / "users").write_text(f"{USER}:{PASSWORD}\n")
    config = folder / "config"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[storage]\nfilesystem_folder = {folder / 'collections'}\n"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {folder / 'users'}\n"
        "htpasswd_encryption = plain\n[logging]\nlevel = warning\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("Radicale did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def new_calendar(base: str, name: str) -> str:
    url = f"{base}/{USER}/{name}/"
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    if client.mkcalendar(url).status != 201:
        raise SystemExit(f"cannot make {url}")
    return url


def start_on_server(client: caldav.DAVClient, url: str) -> dt.date | None:
    """The day the event starts on, as the server holds it now (None while it holds none)."""
    answer = client.request(url + UID.replace("@", "%40") + ".ics")
    if answer.status != 200:
        return None
    event = icalendar.Calendar.from_ical(answer.raw).walk("VEVENT")[0]
    start: dt.date = event.decoded("DTSTART")
    return start


def watch_latencies(base: str, env: dict[str, str], moves: int) -> list[float]:
    url = new_calendar(base, "watch")
    subprocess.run([*TRACKER, "copy", "inf"], env=env, check=True, capture_output=True)
    watcher = subprocess.Popen(
        [*TRACKER, "sync", url, "-t", "inf", "--watch"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    latencies = []
    try:
        assert watcher.stdout is not None
        while "unchanged" not in watcher.stdout.readline():  # the first sync's summary
            if watcher.poll() is not None:
                raise SystemExit(
                    f"sync --watch stopped: {watcher.stderr.read() if watcher.stderr else ''}"
                )
        for move in range(moves):
            day = dt.date(2019, 9, 1) + dt.timedelta(days=move)
            subprocess.run(
                [*TRACKER, "move", "-t", "inf", EVENT, day.isoformat(), "--on", "2019-02-02",
                 "--reason", "bench"],
                env=env, check=True, capture_output=True,
            )  # fmt: skip
            moved = time.perf_counter()
            while start_on_server(client, url) != day:
                if time.perf_counter() - moved > 60:
                    raise SystemExit(f"move {move + 1} never reached the calendar")
                time.sleep(0.01)
            latencies.append(time.perf_counter() - moved)
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.communicate(timeout=30)
    return latencies


def catalog_syncs(base: str, env: dict[str, str]) -> tuple[float, float, str]:
    url = new_calendar(base, "catalog")
    command = [*TRACKER, "sync", url]
    for timeline in bundled_ids():
        command += ["-t", timeline]
    times, last = [], ""
    for _ in range(2):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        last = done.stdout.splitlines()[-1]
    return times[0], times[1], last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=20, help="moves to time (default 20)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "TRACKER_CALDAV_USER": USER,
            "TRACKER_CALDAV_PASSWORD": PASSWORD,
            "TRACKER_HOME": str(folder / "home"),
            "TRACKER_CACHE": str(folder / "cache"),
        }
        (folder / "radicale").mkdir()
        with radicale(folder / "radicale") as base:
            latencies = watch_latencies(base, env, args.moves)
            catalog_env = {**env, "TRACKER_HOME": str(folder / "empty-home")}
            first, again, summary = catalog_syncs(base, catalog_env)
    print(f"move to calendar under --watch, {len(latencies)} moves:")
    print(f"  median {statistics.median(latencies):.2f} s, max {max(latencies):.2f} s, "
          f"min {min(latencies):.2f} s")  # fmt: skip
    print(f"whole catalog ({len(bundled_ids())} timelines), one `tracker sync` process each:")
    print(f"  first sync {first:.2f} s, no-op resync {again:.2f} s")
    print(f"  {summary.split(': ', 1)[1]}")


if __name__ == "__main__":
    main()
