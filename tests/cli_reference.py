"""docs/cli.md, the command-line reference, generated from `--help` so that the two cannot drift:
tests/test_docs.py fails when the file differs from what this prints.

Regenerate after changing a command or an option, and commit the result:

    python -m tests.cli_reference > docs/cli.md
"""

from __future__ import annotations

import click
from click.testing import CliRunner

from tracker.cli.group import cli

HEADER = """\
# Command-line reference

Generated from `tracker --help` and each command's `--help`; do not edit by hand (run
`python -m tests.cli_reference > docs/cli.md`). [commands.md](commands.md) shows the commands at
work, with real output.
"""


def commands() -> list[tuple[str, click.Command]]:
    """Every command in the tree, with its full name (`tracker`, `tracker show`, ...)."""
    return [("tracker", cli), *((f"tracker {n}", c) for n, c in sorted(cli.commands.items()))]


def reference() -> str:
    """The whole reference: each command's help, as a terminal 100 columns wide prints it."""
    parts = [HEADER]
    for name, _ in commands():
        result = CliRunner().invoke(
            cli, [*name.split()[1:], "--help"], prog_name="tracker", terminal_width=100
        )
        parts.append(f"## `{name}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
