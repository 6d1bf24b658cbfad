"""Shared fixtures: timeline files by name from tests/data, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"


def data_file(name: str) -> str:
    """The path of a test timeline in tests/data, as a string for `-t`."""
    return str(DATA / name)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
