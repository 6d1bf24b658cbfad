"""The console examples of README.md and docs/*.md, run as they are written.

Every fenced ```console block is a session: a line `$ tracker ...` is a command, the lines after it
(up to the next `$` line) its exact output, where a line `...` stands for any number of lines.
Commands run in-process, in order, in a fresh folder (where `tests/` is this project's, for the
example files in tests/data) with a fresh `$TRACKER_HOME`, 100 columns
wide (`# in 60 columns` at the end of the command says otherwise) and on a frozen day, 2026-11-30,
so an example without `--as-of` shows what it showed on the day the docs were written; the
temporary home prints as a Linux user's usual one. A `$` line
that is not a plain `tracker` command (pip, curl, a pipe) is shown but not run, and its output is
not checked.

`python -m tests.doc_examples` rewrites every checked output from what the commands print now:
run it after a change of output, then read `git diff` before committing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOCS_DAY = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
WIDTH = re.compile(r"#\s*in (\d+) columns")
SHOWN_HOME = "/home/you/.local/share/withdrawal-tracker"  # the temporary home, as the docs show it
SHELL = re.compile(r"[|<>;&`]|\$\(")  # outside quotes: a pipe, a redirection, a substitution
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


@dataclass
class Example:
    """One `$ tracker ...` line and the output written under it."""

    path: Path
    line: int  # 1-based line of the command
    command: str
    expected: list[str]

    @property
    def runnable(self) -> bool:
        words = QUOTED.sub("", self.command.split(" #")[0])
        return words.startswith("tracker ") and not SHELL.search(words)

    @property
    def columns(self) -> str:
        found = WIDTH.search(self.command)
        return found[1] if found else "100"

    @property
    def args(self) -> list[str]:
        return shlex.split(self.command.split(" #")[0])[1:]


def sessions(path: Path) -> Iterator[list[Example]]:
    """Each console block of a file as its list of examples."""
    lines = path.read_text(encoding="utf-8").splitlines()
    inside = False
    block: list[Example] = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("```"):
            if inside:
                yield block
            inside, block = line.strip() == "```console", []
        elif inside and line.startswith("$ "):
            block.append(Example(path, number, line[2:], []))
        elif inside and block and block[-1].command.endswith("\\") and not block[-1].expected:
            block[-1].command = block[-1].command[:-1] + line.strip()  # a continued command
            block[-1].line = number
        elif inside and block:
            block[-1].expected.append(line)


def matches(expected: list[str], actual: list[str]) -> bool:
    """Exact, line for line, except that a line `...` matches any run of lines."""
    if not expected:
        return not actual
    head, *rest = expected
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0].rstrip() == head.rstrip() and matches(rest, actual[1:])


def run(example: Example, home: Path) -> list[str]:
    """What the command prints (standard output and error, as a terminal shows them)."""
    from click.testing import CliRunner

    from tracker.cli.group import cli

    env = {
        "COLUMNS": example.columns,
        "NO_COLOR": None,
        "TRACKER_HOME": str(home),
        "TRACKER_TIMELINE": None,
    }
    result = CliRunner().invoke(cli, example.args, env=env, prog_name="tracker")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.output.replace(str(home), SHOWN_HOME).splitlines()


def run_session(block: list[Example]) -> Iterator[tuple[Example, list[str]]]:
    """Run a block's commands in order, in a fresh folder and home, on the docs' day."""
    import time_machine

    with tempfile.TemporaryDirectory() as folder, time_machine.travel(DOCS_DAY, tick=False):
        home = Path(folder) / "home"
        (Path(folder) / "tests").symlink_to(ROOT / "tests")  # examples may name tests/data files
        previous = Path.cwd()
        os.chdir(folder)
        try:
            for example in block:
                if example.runnable:
                    yield example, run(example, home)
        finally:
            os.chdir(previous)


def update() -> int:
    """Rewrite the expected output of every runnable example, keeping `...` lines where they
    still match; returns how many examples changed."""
    changed = 0
    for path in DOCS:
        text = path.read_text(encoding="utf-8").splitlines()
        replacements: list[tuple[int, int, list[str]]] = []
        for block in sessions(path):
            for example, actual in run_session(block):
                if matches(example.expected, actual):
                    continue
                start = example.line  # the output starts on the line after the command
                replacements.append((start, start + len(example.expected), actual))
        for start, end, actual in reversed(replacements):
            text[start:end] = actual
            changed += 1
        if replacements:
            path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return changed


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(f"{update()} examples rewritten; read git diff before committing")
