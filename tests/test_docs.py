"""The docs and --help tell the truth about the command line: docs/cli.md is --help, regenerated;
every command and option is explained in the guides (README.md and docs/), every command explains
itself with an example, completion works."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from tracker.cli.group import cli

from .cli_reference import commands, reference

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = ROOT / "docs" / "cli.md"
GUIDES = "\n".join(
    path.read_text(encoding="utf-8")
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    if path != REFERENCE
)


def options() -> list[tuple[str, str]]:
    return [
        (name, flag)
        for name, command in commands()
        for param in command.params
        if isinstance(param, click.Option)
        for flag in [*param.opts, *param.secondary_opts]
        if flag.startswith("--")
    ]


@pytest.mark.parametrize(("name", "command"), commands())
def test_every_command_has_help_with_an_example(name, command):
    assert command.help and len(command.help.split("\n")[0]) > 20, name
    assert "Example:" in command.help and "tracker " in command.help.split("Example:")[1], name


def test_the_reference_is_the_help_of_every_command():
    assert REFERENCE.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md differs from --help: python -m tests.cli_reference > docs/cli.md"
    )


@pytest.mark.parametrize(("name", "command"), commands())
def test_every_command_is_in_the_guides(name, command):
    assert f"`{name}" in GUIDES or f"$ {name}" in GUIDES, name


@pytest.mark.parametrize(("name", "flag"), options())
def test_every_option_is_in_the_guides(name, flag):
    assert re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", GUIDES), f"{name} {flag}"


def test_every_option_has_help(runner):
    for name, command in commands():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts}"


def test_help_prints_for_every_command(runner):
    for name, _ in commands():
        result = runner.invoke(cli, [*name.split()[1:], "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.output, name


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(runner, shell):
    result = runner.invoke(
        cli, [], prog_name="tracker", env={"_TRACKER_COMPLETE": f"{shell}_source"}
    )
    assert result.exit_code == 0
    assert "_TRACKER_COMPLETE" in result.output
    assert f"_TRACKER_COMPLETE={shell}_source tracker" in GUIDES


def complete(runner, words: str, current: int) -> list[str]:
    env = {"_TRACKER_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(current)}
    result = runner.invoke(cli, [], prog_name="tracker", env=env)
    assert result.exit_code == 0
    return [line for line in result.output.splitlines() if line]


def test_completion_knows_commands_timelines_and_events(runner):
    assert complete(runner, "tracker ne", 1) == ["plain,new", "plain,next"]
    assert complete(runner, "tracker show -t open", 3) == ["plain,open-skies", "file,open"]
    assert complete(runner, "tracker until withdrawal-e", 2) == ["plain,withdrawal-effective"]
    assert complete(runner, "tracker explain -t abm no", 4) == [
        "plain,notice",
        "plain,notice-period",
    ]
    assert complete(runner, "tracker until -t missing.toml x", 4) == []  # no error, no noise
