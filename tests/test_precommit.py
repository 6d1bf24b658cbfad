"""The `tracker-check` pre-commit hook, tried as a team would: `pre-commit try-repo` on a
repository holding one good and one broken timeline. Slow (pre-commit builds a virtualenv and
installs the project into it), so it runs once, on one repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import DATA

ROOT = Path(__file__).parent.parent


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


@pytest.mark.slow
def test_the_hook_passes_a_good_timeline_and_fails_a_broken_one(tmp_path):
    repo = tmp_path / "timelines"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(DATA / "ultimatum.toml", repo / "ultimatum.toml")
    shutil.copy(DATA / "broken.toml", repo / "broken.toml")
    (repo / "pyproject.toml").write_text('[project]\nname = "not-a-timeline"\n')
    git(repo, "add", ".")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    command = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(ROOT),
        "tracker-check",
        "--all-files",
        "--verbose",
    ]
    result = subprocess.run(
        command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "tracker check" in out and "Failed" in out
    assert "ok: ultimatum.toml (2 events)" in out
    assert "broken.toml: event 'd', field 'id': duplicate id" in out
    assert "pyproject.toml" not in out.split("Failed", 1)[1]

    repo_good = tmp_path / "good"
    shutil.copytree(repo, repo_good)
    git(repo_good, "rm", "-q", "--cached", "broken.toml")
    (repo_good / "broken.toml").unlink()
    passed = subprocess.run(
        command, cwd=repo_good, env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
