"""Requests per second of `tracker serve` against nginx serving the same bytes as a static file.

Runs `tracker serve -t inf` on an ephemeral loopback port exactly as a user would (access log
on, to /dev/null) in three ways, one after the other: waitress without the fast path (every
answer built by werkzeug), waitress with it (the default), and granian with it (--workers, 2 by
default). It fetches inf.ics, writes those bytes into a temporary folder with a minimal
nginx.conf and runs nginx (1 worker, access log on) in the foreground as a child on another
loopback port. wrk drives each with 50 concurrent connections, first for full 200 answers and
then for 304 answers to If-None-Match; the figures are printed with each server's share of
nginx's rate. Every server is stopped at the end, whatever happens. Only loopback traffic; each
run lasts --duration seconds.

Needs wrk and nginx (Debian: apt-get install wrk nginx-light) and granian (the [fast] extra).

Run: python bench/bench_serve.py [--duration 10] [--connections 50] [--threads 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

FEED = "inf.ics"
NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    types {{ text/calendar ics; }}
    server {{
        listen 127.0.0.1:{port};
        root {folder}/site;
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", parts.path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_for(url: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextlib.contextmanager
def tracker_serve(extra: list[str]) -> Iterator[str]:
    """`tracker serve -t inf` (and `extra` options) as a child process; yields inf.ics's URL."""
    command = [sys.executable, "-m", "tracker", "serve", "-t", "inf", "--port", "0",
               "--as-of", "2019-01-17", *extra]  # fmt: skip
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        match = re.search(r"(http://\S+/)", line)
        if not match:
            raise SystemExit(f"tracker serve did not start: {line!r}")
        yield match[1] + FEED
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=15)


@contextlib.contextmanager
def nginx_serving(body: bytes) -> Iterator[str]:
    """nginx in the foreground as a child, serving `body` as a static inf.ics."""
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as name:
        folder = Path(name)
        (folder / "site").mkdir()
        (folder / "site" / FEED).write_bytes(body)
        for path in (folder, folder / "site", folder / "site" / FEED):
            path.chmod(0o755 if path.is_dir() else 0o644)  # nginx workers may run as nobody
        port = free_port()
        (folder / "nginx.conf").write_text(NGINX_CONF.format(folder=folder, port=port))
        command = ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf")]
        child = subprocess.Popen(command, stderr=subprocess.PIPE)
        url = f"http://127.0.0.1:{port}/{FEED}"
        try:
            wait_for(url)
            yield url
        finally:
            child.send_signal(signal.SIGQUIT)  # nginx's graceful stop
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def wrk(url: str, args: argparse.Namespace, headers: dict[str, str]) -> float:
    """Requests per second; fails loudly if wrk saw any error or unexpected status."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    for problem in ("Socket errors", "Non-2xx or 3xx responses"):
        if problem in out:
            raise SystemExit(f"wrk reported problems against {url}:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise SystemExit(f"cannot read wrk's output:\n{out}")
    return float(match[1])


def measure(url: str, args: argparse.Namespace) -> dict[int, float]:
    """req/s for 200 and for 304, after checking one request of each gets that status."""
    status, headers, _ = fetch(url)
    etag = {k.lower(): v for k, v in headers.items()}["etag"]
    assert status == 200, status
    assert fetch(url, {"If-None-Match": etag})[0] == 304
    return {200: wrk(url, args, {}), 304: wrk(url, args, {"If-None-Match": etag})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=50)
    # One wrk thread: on a small machine (2 CPUs) a second wrk thread takes CPU from the server
    # it is measuring.
    parser.add_argument("--threads", type=int, default=1, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=2, help="granian's worker processes")
    args = parser.parse_args()
    missing = [tool for tool in ("wrk", "nginx") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"needs {' and '.join(missing)}: apt-get install wrk nginx-light")
    setups = {
        "waitress, no fast path": ["--no-fast-path"],
        "waitress, fast path": [],
        f"granian x{args.workers}, fast path": ["--server", "granian", "--workers",
                                                 str(args.workers)],
    }  # fmt: skip
    results: dict[str, dict[int, float]] = {}
    body = b""
    for name, extra in setups.items():
        with tracker_serve(extra) as tracker_url:
            wait_for(tracker_url)
            served = fetch(tracker_url)[2]
            if body and served != body:
                raise SystemExit(f"{name} served other bytes than the first setup")
            body = served
            results[name] = measure(tracker_url, args)
    with nginx_serving(body) as nginx_url:
        nginx = measure(nginx_url, args)
    print(f"{FEED}: {len(body)} bytes; wrk {args.threads} threads, {args.connections} "
          f"connections, {args.duration} s per run; {os.cpu_count()} CPUs; loopback")  # fmt: skip
    print(f"nginx (1 worker, access log on): 200 {nginx[200]:,.0f} req/s, 304 {nginx[304]:,.0f}")
    columns = "".join(f"{f'{status} req/s':>11}{'of nginx':>10}" for status in (200, 304))
    print(f"{'tracker serve':<28}{columns}")
    for name, rates in results.items():
        shares = [f"{rates[code]:>11,.0f}{rates[code] / nginx[code]:>10.0%}" for code in (200, 304)]
        print(f"{name:<28}{''.join(shares)}")
    base = results["waitress, no fast path"]
    fast = results["waitress, fast path"]
    print(f"waitress's gain from the fast path: 200 x{fast[200] / base[200]:.2f}, "
          f"304 x{fast[304] / base[304]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
