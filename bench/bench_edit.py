"""Time the editing commands on large timelines: an edit must cost time linear in the file.

Writes timelines of 1,000, 10,000 and 100,000 events (each with the lines a real file repeats:
the same kind, the same source, a blank line) to a temporary folder, then prints, for each size,
the seconds to `add` an event at the end, to `move` an event in the middle (a revision appended
to its history), and to `import --update` the whole timeline from its own CSV export (every
event matched by UID and updated in place), and `check` of the same file for scale. The time per
event must stay flat as the size grows. Before the edits were carried over event by event, one
diff of the whole file made `add` quadratic in the repeated lines: 30 s at 10,000 events.

Run: python bench/bench_edit.py [--sizes 1000,10000,100000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pendulum
from timing import best_of  # bench/ is on sys.path when a script here runs

from tracker.editing.toml import NewEvent, add_event, add_revision
from tracker.editing.write import edit_path
from tracker.queries import check_bytes

AS_OF = pendulum.date(2030, 1, 1)


def timeline_text(size: int) -> str:
    """`size` events with uids, dated one day apart, each with the lines files repeat."""
    parts = ['[timeline]\nid = "bench"\ntitle = "Bench"\n']
    start = pendulum.date(2000, 1, 1)
    for n in range(size):
        parts.append(
            f'\n[[event]]\nid = "event-{n}"\ntitle = "Event {n}"\n'
            f"date = {start.add(days=n).isoformat()}\n"
            f'kind = "deadline"\nuid = "event-{n}@example.org"\n'
            'sources = [{ title = "Source", url = "https://example.org/" }]\n'
        )
    return "".join(parts)


def timed(folder: Path, text: str, action: Callable[[Path], object], repeat: int) -> float:
    path = folder / "bench.toml"

    def run() -> None:
        path.write_text(text)
        action(path)

    return best_of(repeat, run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    try:
        print(f"{'events':>8} {'check s':>8} {'add s':>8} {'move s':>8} {'update s':>9}"
              f" {'add us/event':>13}")  # fmt: skip
        for size in (int(s) for s in options.sizes.split(",")):
            text = timeline_text(size)
            data = text.encode()
            middle = f"event-{size // 2}"
            new = NewEvent("added", title="Added", date="2030-01-01")
            revision = {"on": pendulum.date(2001, 1, 1), "date": "2031-01-01", "reason": "Moved"}
            check = best_of(options.repeat, lambda: check_bytes(data, "bench.toml", AS_OF))  # noqa: B023
            add = timed(folder, text, lambda p: edit_path(p, lambda t: add_event(t, new), AS_OF),  # noqa: B023
                        options.repeat)  # fmt: skip
            move = timed(folder, text,
                         lambda p: edit_path(p, lambda t: add_revision(t, middle, revision), AS_OF),  # noqa: B023
                         options.repeat)  # fmt: skip
            update = timed(folder, text, lambda p: _update(p, folder), options.repeat)
            print(f"{size:>8} {check:>8.2f} {add:>8.2f} {move:>8.2f} {update:>9.2f}"
                  f" {add / size * 1e6:>13.1f}", flush=True)  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _update(path: Path, folder: Path) -> None:
    """`tracker import --update` of the timeline's own CSV export, retitling every event."""
    from events.resolve import resolve
    from tracker.editing.importers.apply import import_file
    from tracker.files.load import load_timeline
    from tracker.render.export import export

    resolved = resolve(load_timeline(str(path)), AS_OF)
    csv = folder / "bench.csv"
    csv.write_bytes(export("csv", [resolved], AS_OF).replace(b",Event ", b",Retitled "))
    import_file(csv, "bench", path, update=True)


if __name__ == "__main__":
    main()
