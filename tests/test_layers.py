"""The rooms stay apart, folder by folder, so a file's place says what it may reach.

- `events/` is the pure domain: it never reaches up into `tracker/`, does no I/O and prints nothing.
- `tracker/render/` turns the resolved model into text or bytes: it never reaches into the command
  line, files on disk, editing or the published site.
- `tracker/files/` and `tracker/editing/` read and write timelines: they never reach into the
  command line or the site.
- click belongs to the command line (`tracker/cli/`), and to the terminal renderers for styles.

The rules name folders, not modules, so a new module is covered the day it is added.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import ROOT, imported_modules

# folder -> the packages no module in it may import
FORBIDDEN = {
    "events": ("tracker",),
    "tracker/render": ("tracker.cli", "tracker.files", "tracker.editing", "tracker.site"),
    "tracker/files": ("tracker.cli", "tracker.site"),
    "tracker/editing": ("tracker.cli", "tracker.site"),
}
CLICK_ALLOWED = ("tracker/cli", "tracker/render/terminal")


def reaches(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def forbidden_imports(path: Path, root: Path = ROOT) -> list[str]:
    """The imports of one file that break its folder's rule, and click outside its two rooms."""
    relative = path.relative_to(root).as_posix()
    banned = tuple(
        p for folder, ps in FORBIDDEN.items() if relative.startswith(folder + "/") for p in ps
    )
    modules = imported_modules(path)
    broken = sorted(m for m in modules if reaches(m, banned))
    if relative.startswith("tracker/") and not relative.startswith(CLICK_ALLOWED):
        broken += sorted(m for m in modules if reaches(m, ("click",)))
    return broken


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize(
    "path", python_files("events", "tracker"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_each_folder_imports_only_what_its_rule_allows(path):
    assert forbidden_imports(path) == []


@pytest.mark.parametrize("path", python_files("events"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_does_no_io_and_no_printing(path):
    banned = ("click", "os", "pathlib", "sys", "socket", "subprocess", "logging")
    assert not [m for m in imported_modules(path) if reaches(m, banned)]
    assert "print(" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("events/bad.py", "from tracker.files.load import load\n", ["tracker.files.load"]),
        (
            "tracker/render/bad.py",
            "def f():\n    from tracker.site.store import FeedStore\n",
            ["tracker.site.store"],
        ),
        ("tracker/render/formats/bad.py", "import tracker.cli.options\n", ["tracker.cli.options"]),
        ("tracker/files/bad.py", "from tracker.site import publish\n", ["tracker.site"]),
        (
            "tracker/editing/bad.py",
            "from tracker.cli.console import Console\n",
            ["tracker.cli.console"],
        ),
        ("tracker/site/bad.py", "import click\n", ["click"]),
        (
            "tracker/render/terminal/ok.py",
            "import click\nfrom tracker.render.cells import cell\n",
            [],
        ),
        ("tracker/site/ok.py", "from tracker.files.load import load\n", []),
    ],
)
def test_the_rules_find_a_forbidden_import(tmp_path, where, source, expected):
    """The check itself, on files placed in each room of a scratch tree."""
    path = tmp_path / where
    path.parent.mkdir(parents=True)
    path.write_text(source)
    assert forbidden_imports(path, tmp_path) == expected
