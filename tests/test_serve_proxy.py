"""Behind a reverse proxy every request comes from the proxy's address: `--trusted-proxy` exempts
that address from the per-address cap, and its X-Forwarded-For names the client in the access
log and nowhere else."""

from __future__ import annotations

import logging
import signal

from tracker.cli.group import cli

from .serving import Client, start_command, store_lines
from .test_serve_attacks import closed_by_server, connect


def test_a_trusted_proxy_holds_more_than_the_per_address_share(serve, make_store, timeline_file):
    client = serve(
        make_store([str(timeline_file)]), per_address=3, trusted_proxies=frozenset({"127.0.0.2"})
    )
    held = [connect(client, "127.0.0.2") for _ in range(6)]  # subscribers behind the proxy
    try:
        for sock in held:
            sock.sendall(b"GET /ultimatum.ics HTTP/1.1\r\n")  # still arriving
        assert not any(closed_by_server(sock, within=0.2) for sock in held)
        others = [connect(client, "127.0.0.3") for _ in range(4)]  # anyone else: still capped
        try:
            assert closed_by_server(others[3])
        finally:
            for sock in others:
                sock.close()
    finally:
        for sock in held:
            sock.close()


def access_lines(client, caplog, source: str, forwarded: str | None) -> list[str]:
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    with caplog.at_level(logging.INFO, logger="tracker.access"):
        sock = connect(client, source)
        request = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        sock.sendall(
            f"GET /ultimatum.ics HTTP/1.1\r\nHost: x\r\n{request}Connection: close\r\n\r\n".encode()
        )
        closed_by_server(sock)
        sock.close()
    return [line.split(" - - ")[0] for line in store_lines(caplog)]


def test_the_access_log_names_the_client_a_trusted_proxy_forwards(
    serve, make_store, timeline_file, caplog
):
    client = serve(make_store([str(timeline_file)]), trusted_proxies=frozenset({"127.0.0.2"}))
    assert access_lines(client, caplog, "127.0.0.2", "198.51.100.7, 203.0.113.5") == ["203.0.113.5"]
    caplog.clear()
    assert access_lines(client, caplog, "127.0.0.2", "not an address") == ["127.0.0.2"]
    caplog.clear()
    assert access_lines(client, caplog, "127.0.0.3", "203.0.113.5") == ["127.0.0.3"]  # untrusted


def test_trusted_proxy_takes_an_address(runner):
    result = runner.invoke(cli, ["serve", "--trusted-proxy", "proxy.local"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--trusted-proxy': 'proxy.local' is not an IP address (a proxy "
        "is named by its address)\n"
    )


def test_both_servers_log_the_forwarded_client_of_a_trusted_proxy(timeline_file, server_name):
    child, line = start_command(
        "-t",
        str(timeline_file),
        "--as-of",
        "2019-01-17",
        "--trusted-proxy",
        "127.0.0.1",
        server=server_name,
    )
    try:
        client = Client(line.split()[3])
        assert client("/ultimatum.ics", headers={"X-Forwarded-For": "203.0.113.5"}).status == 200
    finally:
        child.send_signal(signal.SIGTERM)
        _, errors = child.communicate(timeout=15)
    assert [e.split(" - - ")[0] for e in errors.splitlines() if "GET /ultimatum.ics" in e] == [
        "203.0.113.5"
    ]
