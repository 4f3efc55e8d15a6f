"""Connections that hold the server without using it: idle ones and slow headers are closed."""
import socket
import time

from harness import Server, gridgov


def closed_within(sock, seconds):
    """True if the server closes `sock` (reads end) within `seconds`."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_idle_connections_and_half_sent_headers_are_closed(data_dir):
    gridgov("demo", "--data", data_dir)
    server = Server("--data", data_dir, extra=("--idle-timeout", "1"))
    try:
        host, port = server.base.removeprefix("http://").split(":")
        half = socket.create_connection((host, int(port)))
        half.sendall(b"GET /healthz HT")
        idle = socket.create_connection((host, int(port)))
        started = time.monotonic()
        assert closed_within(half, 5), "half a request line does not keep a connection for ever"
        assert closed_within(idle, 5), "a connection that sends nothing is closed"
        assert time.monotonic() - started < 5
        # A well-behaved client is unaffected.
        assert server.call("GET", "/healthz")[0] == 200
    finally:
        half.close()
        idle.close()
        assert server.stop() == 0
