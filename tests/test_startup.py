"""`tracker until` imports nothing it does not use: each way it can answer (from the cache, from
the library on a miss, through click) is held to a list of the modules it may import, and fails
on any other. Project modules are listed by full name, other packages and the standard library
by top-level name (the standard library's private `_` accelerators go with the module that
loads them)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .helpers import data_file

ROOT = Path(__file__).parent.parent
ART50 = data_file("art50.toml")  # Europe/London: without --as-of, today needs zoneinfo
# What pathlib and re bring, for an installation where nothing at start-up imported them yet.
BASICS = {
    "pathlib",
    "re",
    "fnmatch",
    "ntpath",
    "posixpath",
    "urllib",
    "ipaddress",
    "contextlib",
    "functools",
    "enum",
    "collections",
    "operator",
    "keyword",
    "reprlib",
    "types",
    "warnings",
    "copyreg",
    "sre_compile",
    "sre_parse",
    "sre_constants",
    "errno",
    "stat",
    "itertools",
}
WARM = {
    "tracker",
    "tracker.cli",
    "tracker.files",
    "tracker.cli.entry",
    "tracker.answers",
    "tracker.clock",
    "tracker.files.home",
    "tracker.files.locations",
    "tracker.files.userdirs",
    "tracker.files.reading",  # the cache reads its entries through it
    "tracker.files.installation",
    "events",
    "events.ids",
    "datetime",
    "gc",
    "math",
    "zoneinfo",
    "struct",
    "sysconfig",
    "weakref",
    "bisect",
    "hashlib",
    *BASICS,
}
COLD = WARM | {
    "tracker.files.load",
    "tracker.memory",
    "tracker.queries",
    "events.dates",
    "events.known",
    "tracker.errors",  # the errors load and queries raise
    "events.model",
    "events.problems",
    "events.resolve",
    "events.resolved",
    "events.rules",
    "events.limits",  # the notice limits check applies, imported with tracker.queries
    "events.status",
    "events.cycles",
    "events.record",
    "tracker.files.fields",  # resolve, load
    "pendulum",
    "dateutil",
    "six",
    "tzdata",  # pendulum's, and what it brings:
    "ast",
    "bz2",
    "calendar",
    "copy",
    "ctypes",
    "dataclasses",
    "decimal",
    "dis",
    "encodings",
    "importlib",
    "inspect",
    "linecache",
    "locale",
    "lzma",
    "numbers",
    "opcode",
    "random",
    "shutil",
    "string",
    "tempfile",
    "token",
    "tokenize",
    "tomllib",
    "typing",
    "zlib",
    "zipfile",
    "textwrap",
    "threading",
    "heapq",
    "json",
    "base64",
    "binascii",
    "signal",
    "select",
}
FULL = COLD | {
    "tracker.cli.group",
    "tracker.cli.commands",
    "tracker.cli.commands.catalog",
    "tracker.cli.commands.edit",
    "tracker.cli.commands.feed",
    "tracker.cli.commands.view",
    "tracker.cli.completion",
    "tracker.cli.console",
    "tracker.render.export",
    "tracker.cli.options",
    "tracker.files.atomic",
    "tracker.render",
    "tracker.render.relative",
    "tracker.render.terminal",
    "tracker.render.terminal.until",
    "tracker.render.terminal.safe",  # what until prints goes through it
    "tracker.editing",
    "tracker.editing.write",
    "events.select",
    "events.clauses",
    "tracker.editing.importers",  # the clause type and import errors options names
    "click",
    "gettext",
    "platform",
    "uuid",
    "shlex",
    "difflib",  # click's: its parser tries a short option as a long one first
}
# Never on these paths, whatever the Python version brings: the heavy libraries of other
# commands, shell completion, and (on the quick path) everything a cached answer does not need.
NEVER = {
    "tabulate",
    "icalendar",
    "tomlkit",
    "jsonschema",
    "werkzeug",
    "waitress",
    "platformdirs",
    "caldav",
    "niquests",
    "tracker.site.davcalendar",
    "click.shell_completion",
    "tracker.render.terminal.screen",
    "tracker.render.terminal.chart",
}
NEVER_WARM = NEVER | {
    "click",
    "pendulum",
    "tomllib",
    "difflib",
    "zipfile",
    "typing",
    "importlib.resources",
    "dataclasses",
    "tracker.files.load",
}


def imported(argv: list[str]) -> tuple[str, set[str]]:
    """What `tracker ARGV` prints, and the modules it imports, in a new interpreter."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from tracker.cli.entry import main\n"
        "main(sys.argv[1:])\n"
        "print(' '.join(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True
    )
    *printed, modules = done.stdout.splitlines()
    return "\n".join(printed), set(modules.split())


def outside(modules: set[str], allowed: set[str]) -> list[str]:
    """The modules not allowed: a project module not listed, or another whose top-level name
    is not listed (a private stdlib accelerator such as `_datetime` counts as allowed)."""

    def ok(name: str) -> bool:
        top = name.split(".")[0]
        if top in ("tracker", "events"):
            return name in allowed
        private = top in sys.stdlib_module_names or top.startswith("_sysconfigdata")
        return top in allowed or (top.startswith("_") and private)

    return sorted(m for m in modules if not ok(m))


@pytest.mark.parametrize("as_of", [["--as-of", "2019-03-25"], []])
def test_until_imports_only_what_its_path_needs(as_of: list[str]) -> None:
    argv = ["until", "exit-day", "-q", "-t", ART50, *as_of]
    answer, cold = imported(argv)  # a miss: the library, without click
    again, warm = imported(argv)  # from the cache
    assert answer == again and answer.lstrip("-").isdigit()
    assert outside(cold, COLD) == []
    assert outside(warm, WARM) == []
    assert cold & NEVER == set() and warm & NEVER_WARM == set()
    sentence, full = imported(["until", "exit-day", "-t", ART50, "--as-of", "2019-03-25"])
    assert (
        sentence
        == "18 days until exit-day (United Kingdom leaves the EU) on 2019-04-12, as of 2019-03-25."
    )
    assert outside(full, FULL) == [] and full & NEVER == set()


def test_the_command_line_imports_no_suggestions_completion_or_zip_reader() -> None:
    code = "import sys; import tracker.cli.group; print(sorted({'difflib', 'zipfile', 'click.shell_completion'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_zipped_install_finds_the_catalog_through_importlib_resources(tmp_path: Path) -> None:
    archive = tmp_path / "tracker.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for package in ("events", "tracker"):
            for path in sorted((ROOT / package).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    zipped.write(path, path.relative_to(ROOT).as_posix())
    code = (
        "import events\n"
        "from tracker.cli.entry import main\n"
        "from tracker.files.locations import bundled_ids\n"
        "print(events.__file__.startswith(sys.argv[1]), 'inf' in bundled_ids())\n"
        "main(['until', 'withdrawal-effective', '-q', '--as-of', '2019-01-17'])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(archive)}
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}", str(archive)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "True True\n197\n"
