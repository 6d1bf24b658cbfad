"""The JSON Schema of timeline files, shipped in the package, for editors that complete and flag.

taplo and VS Code's Even Better TOML read a `#:schema` line at the top of a TOML file and check
the file against that schema as the user types. The schema knows the fields and their types;
`tracker check` remains the full check (rules, cycles, time zones), which no schema can express.
The copy in the home (`timeline.schema.json`) is what the files written by `tracker new` point
at, so it exists without a network and matches the installed version.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tracker.files.home import SCHEMA_NAME, home_dir


def schema_bytes() -> bytes:
    """The schema as shipped, byte for byte."""
    return resources.files("tracker").joinpath("schemas", SCHEMA_NAME).read_bytes()


def schema_path() -> Path:
    """Where the home's copy of the schema is (or will be) written."""
    return home_dir() / SCHEMA_NAME


def schema_line() -> str:
    """The first line of a file written by `tracker new`: taplo's directive, pointing at the
    home's copy by a file URI, so it works wherever the timeline itself is saved."""
    return f"#:schema {schema_path().absolute().as_uri()}\n"


def refresh_schema() -> Path:
    """Write the shipped schema into the home (through `write_atomic`, untouched when it is
    already current), creating the home if needed; returns its path."""
    from tracker.errors import WriteFailed
    from tracker.files.atomic import write_atomic

    path = schema_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, schema_bytes())
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write ({exc.strerror})") from None
    return path
