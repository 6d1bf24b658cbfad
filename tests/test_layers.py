"""The layers stay apart: `events/` is the pure domain and never reaches up into `tracker/`, and
renderers are pure functions of plain data that never reach into loading, feeds or the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
APPLICATION = ("tracker.files.load", "tracker.site.store", "tracker.cli.group", "tracker.cli.commands", "tracker.cli.options",
               "tracker.queries", "tracker.site.serve", "tracker.site.publish", "tracker.files.atomic")  # fmt: skip


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def under(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


@pytest.mark.parametrize("path", under("events"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_never_imports_the_application(path):
    assert not [m for m in imported_modules(path) if m.split(".")[0] == "tracker"]


@pytest.mark.parametrize("path", under("events"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_does_no_io_and_no_printing(path):
    banned = {"click", "tracker", "os", "pathlib", "sys", "socket", "subprocess", "logging"}
    assert not [m for m in imported_modules(path) if m.split(".")[0] in banned]
    assert "print(" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", under("tracker.render"), ids=lambda p: str(p.relative_to(ROOT)))
def test_renderers_take_plain_data(path):
    assert not [m for m in imported_modules(path) if m.startswith(APPLICATION)]


def test_the_check_itself_finds_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from tracker.site.store import FeedStore\n")
    assert "tracker.site.store" in imported_modules(bad)
