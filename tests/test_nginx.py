"""The static-host path, tested: Debian's nginx serving a `tracker publish` folder with exactly the
`server {}` block that docs/serving.md shows.

The block is read from the docs, its `listen` and `root` pointed at a free port on 127.0.0.1 and
the folder published here, and wrapped in a main configuration of the test's own (one process in
the foreground; pid, temp files and logs in tmp_path). nginx is required like chromium: a missing
nginx fails this test, it never skips.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.cli.group import cli

from .helpers import DATA

ROOT = Path(__file__).parent.parent
NGINX = "/usr/sbin/nginx"
AS_OF = "2025-01-01"
PAST = 1_600_000_000  # 2020-09-13: an mtime no run of this test can give a file by itself


def documented_block() -> str:
    """The first ```nginx block under "## On a static host or CDN" in docs/serving.md."""
    text = (ROOT / "docs" / "serving.md").read_text(encoding="utf-8")
    section = text[text.index("## On a static host or CDN") :]
    return section.split("```nginx\n", 1)[1].split("```", 1)[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path, home: Path) -> Path:
    """The user's timeline `commented` published into tmp_path/site."""
    home.mkdir(exist_ok=True)
    shutil.copy(DATA / "commented.toml", home / "commented.toml")
    return tmp_path / "site"


@pytest.fixture
def nginx(tmp_path: Path, site: Path) -> Iterator[int]:
    """nginx serving `site` with the documented block; yields its port."""
    block = documented_block()
    port = free_port()
    block, listens = re.subn(r"listen [^;]+;", f"listen 127.0.0.1:{port};", block)
    block, roots = re.subn(r"root [^;]+;", f"root {site};", block)
    assert (listens, roots) == (1, 1), block
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    temps = "\n".join(
        f"    {name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"daemon off;\nmaster_process off;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    access_log {prefix / 'access.log'};\n{temps}\n{block}}}\n"
    )
    assert Path(NGINX).is_file(), (
        f"{NGINX} is missing: apt-get install nginx (required, like chromium)"
    )
    server = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            assert server.poll() is None, (prefix / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx never listened"
                time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def publish(runner, site: Path) -> list[str]:
    result = runner.invoke(cli, ["publish", str(site), "-t", "commented", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_nginx_serves_a_published_folder_with_the_documented_block(runner, site, nginx):
    port = nginx
    assert publish(runner, site)[0] == f"wrote {site / 'commented.ics'}"
    for path in site.iterdir():
        os.utime(path, (PAST, PAST))

    types = {
        name: get(port, f"/{name}").getheader("Content-Type")
        for name in ("commented.ics", "commented.json", "commented.html", "index.html")
    }
    assert types == {
        "commented.ics": "text/calendar; charset=utf-8",
        "commented.json": "application/json; charset=utf-8",
        "commented.html": "text/html; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
    }
    first = get(port, "/commented.ics")
    etag = first.getheader("ETag")
    assert (first.status, first.getheader("Last-Modified")) == (
        200,
        "Sun, 13 Sep 2020 12:26:40 GMT",
    )
    assert first.getheader("Cache-Control") == "public, max-age=3600"
    assert get(port, "/commented.ics", **{"If-None-Match": etag}).status == 304
    since = get(port, "/commented.ics", **{"If-Modified-Since": "Sun, 13 Sep 2020 12:26:40 GMT"})
    assert since.status == 304

    assert publish(runner, site) == [
        f"unchanged {site / name}"
        for name in ("commented.ics", "commented.json", "commented.html", "index.html")
    ]
    again = get(port, "/commented.ics", **{"If-None-Match": etag})
    assert (again.status, again.getheader("ETag"), again.getheader("Last-Modified")) == (
        304,
        etag,
        "Sun, 13 Sep 2020 12:26:40 GMT",
    )

    moved = runner.invoke(
        cli,
        [
            "move",
            "-t",
            "commented",
            "deadline",
            "2019-02-20",
            "--on",
            "2018-12-10",
            "--reason",
            "Extended",
        ],
    )
    assert moved.exit_code == 0
    assert f"wrote {site / 'commented.ics'}" in publish(runner, site)
    changed = get(port, "/commented.ics", **{"If-None-Match": etag})
    assert changed.status == 200
    assert changed.getheader("ETag") not in (None, etag)
    assert changed.getheader("Last-Modified") != "Sun, 13 Sep 2020 12:26:40 GMT"
