"""The answer cache never gives a wrong answer: an upgrade, a planted link or a bad entry makes it
compute again, never lie, hang or write where it should not.

The installation is copied into tmp_path and run from there, so a test can change its clause
library as an upgrade would, without touching the real one.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import answers
from tracker.cli import entry

from .helpers import data_file

ROOT = Path(__file__).parent.parent
CLAUSE = data_file("clause.toml")  # `effective` is ottawa-20's "notice + 6 months" from 2025-06-27
ASK = ["until", "effective", "-q", "-t", CLAUSE, "--as-of", "2025-07-01"]


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A copy of the `tracker` and `events` packages, importable from tmp_path/site."""
    site = tmp_path / "site"
    for package in ("tracker", "events"):
        shutil.copytree(
            ROOT / package, site / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return site


def run_from(site: Path, argv: list[str]) -> str:
    code = "import sys\nfrom tracker.cli.entry import main\nsys.exit(main(sys.argv[1:]))\n"
    environment = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=site,
    )
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
    show = [
        "-c",
        "from tracker.files.installation import installation_fingerprint as f; print(f())",
    ]
    environment = {**os.environ, "PYTHONPATH": str(installed)}

    def fingerprint() -> str:
        done = subprocess.run(
            [sys.executable, *show],
            env=environment,
            cwd=installed,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    first = fingerprint()
    (installed / "tracker" / "queries.py").touch()  # a stamp alone: RECORD says nothing changed
    assert fingerprint() == first
    record.write_text("tracker/__init__.py,sha256=two,100\n")
    assert fingerprint() != first


ART50 = data_file("art50.toml")
UNTIL = ["until", "exit-day", "-q", "-t", ART50, "--as-of", "2019-03-25"]  # 18 days


def keys() -> tuple[str, str]:
    """The names of the answer to UNTIL and of the zone of art50.toml in the cache."""
    digests = answers.fingerprint((ART50,))
    assert digests is not None
    return answers._until_key(digests, "2019-03-25", False, "exit-day"), answers._zone_key(
        digests[0]
    )


def until(capsys: pytest.CaptureFixture[str], argv: list[str] = UNTIL) -> tuple[str, str, int]:
    code = entry.main(argv)
    out, err = capsys.readouterr()
    return out, err, code


def test_a_planted_link_at_the_temporary_name_is_never_written_through(capsys, cache, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    cache.mkdir(mode=0o700)
    for key in keys():
        (cache / f".{key}.{os.getpid()}.tmp").symlink_to(victim)
    assert until(capsys) == ("18\n", "", 0)
    assert victim.read_text() == "precious"
    assert (cache / keys()[0]).read_text() == "18"


def test_an_entry_that_is_a_link_is_not_read(capsys, cache, tmp_path):
    planted = tmp_path / "planted"
    planted.write_text("-7")
    cache.mkdir(mode=0o700)
    (cache / keys()[0]).symlink_to(planted)
    assert until(capsys) == ("18\n", "", 0)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_a_folder_others_can_write_is_not_trusted(capsys, cache, mode):
    cache.mkdir()
    (cache / keys()[0]).write_text("-7")
    cache.chmod(mode)
    assert until(capsys) == ("18\n", "", 0)
    assert sorted(path.name for path in cache.iterdir()) == [keys()[0]]  # nothing written there


def test_a_shared_folder_with_the_sticky_bit_is_used(capsys, cache):
    cache.mkdir()
    cache.chmod(0o1777)
    assert until(capsys) == ("18\n", "", 0)
    assert (cache / keys()[0]).read_text() == "18"


def test_a_folder_of_another_user_is_not_trusted(capsys, cache, monkeypatch):
    cache.mkdir(mode=0o700)
    (cache / keys()[0]).write_text("-7")
    uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    assert until(capsys) == ("18\n", "", 0)


def run_limited(argv: list[str], cache: Path, **environment: str) -> subprocess.CompletedProcess:
    """`tracker ARGV` in a child that may use 1 GiB of memory and 20 s, never more."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-m", "tracker", *argv],
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, "TRACKER_CACHE": str(cache), **environment},
        preexec_fn=limit,
    )


def test_a_fifo_entry_is_not_waited_on(cache):
    cache.mkdir(mode=0o700)
    os.mkfifo(cache / keys()[0])
    done = run_limited(UNTIL, cache)
    assert (done.returncode, done.stdout, done.stderr) == (0, "18\n", "")


def test_a_huge_entry_is_not_read(cache):
    cache.mkdir(mode=0o700)
    with (cache / keys()[0]).open("wb") as sparse:
        sparse.truncate(4 << 30)  # 4 GiB of nothing, on disk as a few blocks
    done = run_limited(UNTIL, cache)
    assert (done.returncode, done.stdout, done.stderr) == (0, "18\n", "")


@pytest.mark.parametrize("zone", ["Nowhere/Atlantis", "../../../tmp/zone", "Europe/\0London", ""])
def test_a_corrupt_zone_entry_is_computed_again(cache, zone):
    cache.mkdir(mode=0o700)
    argv = UNTIL[:-2]  # today, in the timeline's zone: the cache's zone entry says which
    expected = run_limited(argv, cache, TRACKER_NO_CACHE="1")
    (cache / keys()[1]).write_text(zone)
    done = run_limited(argv, cache)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected.stdout, "")
    assert expected.returncode == 0
