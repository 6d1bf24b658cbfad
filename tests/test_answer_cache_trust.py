"""The answer cache never gives a wrong answer: an upgrade, a planted link or a bad entry makes it
compute again, never lie, hang or write where it should not.

The installation is copied into tmp_path and run from there, so a test can change its clause
library as an upgrade would, without touching the real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import data_file

ROOT = Path(__file__).parent.parent
CLAUSE = data_file("clause.toml")  # `effective` is ottawa-20's "notice + 6 months" from 2025-06-27
ASK = ["until", "effective", "-q", "-t", CLAUSE, "--as-of", "2025-07-01"]


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A copy of the `tracker` and `events` packages, importable from tmp_path/site."""
    site = tmp_path / "site"
    for package in ("tracker", "events"):
        shutil.copytree(ROOT / package, site / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    return site


def run_from(site: Path, argv: list[str]) -> str:
    code = "import sys\nfrom tracker.cli.entry import main\nsys.exit(main(sys.argv[1:]))\n"
    environment = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", code, *argv], env=environment,
                          capture_output=True, text=True, timeout=60, cwd=site)  # fmt: skip
    return done.stdout + done.stderr


def upgrade_clause(site: Path, old: str, new: str) -> None:
    """Change ottawa-20's effective date rule, as a release correcting the clause would."""
    library = site / "events" / "clauses.toml"
    text = library.read_text(encoding="utf-8")
    start = text.index('id = "ottawa-20"')
    at = text.index(old, start)
    library.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def test_an_upgraded_clause_is_never_answered_from_the_cache(installed):
    assert run_from(installed, ASK) == "179\n"  # 2025-12-27
    upgrade_clause(installed, 'date = "notice + 6 months"', 'date = "notice + 7 months"')
    assert run_from(installed, ASK) == "210\n"  # 2026-01-27, not the cached 179


def test_an_installed_package_is_fingerprinted_by_its_record(installed):
    """The dist-info RECORD beside the package lists every file's hash: changing it (an upgrade
    of any file) changes the fingerprint, whatever the source files' stamps say."""
    record = installed / "withdrawal_tracker-0.1.0.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("tracker/__init__.py,sha256=one,100\n")
    show = ["-c", "from tracker.installation import installation_fingerprint as f; print(f())"]
    environment = {**os.environ, "PYTHONPATH": str(installed)}

    def fingerprint() -> str:
        done = subprocess.run([sys.executable, *show], env=environment, cwd=installed,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout

    first = fingerprint()
    (installed / "tracker" / "queries.py").touch()  # a stamp alone: RECORD says nothing changed
    assert fingerprint() == first
    record.write_text("tracker/__init__.py,sha256=two,100\n")
    assert fingerprint() != first
