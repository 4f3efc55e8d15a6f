"""The live case stream (Server-Sent Events) over a real connection, bounded by scope."""
import json
import time
import urllib.error
import urllib.request

from harness import Server, gridgov


def open_stream(server, token):
    request = urllib.request.Request(server.base + "/api/v1/events", headers={"Authorization": "Bearer " + token})
    response = urllib.request.urlopen(request, timeout=20)
    assert response.headers["Content-Type"] == "text/event-stream"
    assert response.readline() == b": connected\n"
    response.readline()
    return response


def next_case(stream):
    """Reads events until the next case event; a stuck stream fails on the socket timeout."""
    event = {}
    while True:
        line = stream.readline().decode().rstrip("\n")
        if line == "":
            if event.get("event") == "case":
                return json.loads(event["data"])
            event = {}
        elif ":" in line and not line.startswith(":"):
            key, value = line.split(":", 1)
            event[key] = value.strip()


def test_each_screen_sees_the_changes_of_its_own_scope(data_dir):
    gridgov("demo", "--data", data_dir)
    server = Server("--data", data_dir)
    try:
        street = open_stream(server, server.login("street"))
        other = open_stream(server, server.login("worker2"))
        worker = server.login("worker")
        seat = server.call("GET", "/api/v1/regions/330106001001001", token=worker)[1]["seat"]
        status, mine = server.call("POST", "/api/v1/cases", token=worker,
                                   body={"category": "HJ01", "description": "垃圾", "lat": seat["lat"], "lng": seat["lng"]})
        assert status == 201
        assert next_case(street)["number"] == mine["number"]
        worker2 = server.login("worker2")
        seat2 = server.call("GET", "/api/v1/regions/330106001002001", token=worker2)[1]["seat"]
        status, theirs = server.call("POST", "/api/v1/cases", token=worker2,
                                     body={"category": "HJ01", "description": "垃圾", "lat": seat2["lat"], "lng": seat2["lng"]})
        assert next_case(other)["number"] == theirs["number"], "worker2's screen skipped the other grid's case"
        status, _ = server.call("POST", f"/api/v1/cases/{mine['number']}/actions", token=server.login("street"), body={"action": "accept"})
        changed = next_case(street)
        assert changed["number"] == theirs["number"]
        changed = next_case(street)
        assert changed["number"] == mine["number"] and changed["state"] == "accepted"
    finally:
        assert server.stop() == 0, "open streams end on graceful shutdown"


FAST_CHECKS = {"GRIDGOV_EVENTS_CHECK_SECONDS": "0.3"}


def ends_within(stream, seconds):
    """Reads the stream to its end; True if the server ended it, saying why, before `seconds` passed."""
    stream.fp.raw._sock.settimeout(seconds)
    deadline = time.monotonic() + seconds
    said = b""
    try:
        while time.monotonic() < deadline:
            line = stream.readline()
            if not line:
                return b"event: end\n" in said
            said += line
        return False
    except (TimeoutError, OSError):
        return False


def streams_open(server):
    with urllib.request.urlopen(server.base + "/metrics", timeout=10) as response:
        text = response.read().decode()
    for line in text.splitlines():
        if line.startswith("gridgov_event_streams "):
            return float(line.split()[1])
    return 0.0


def test_a_stream_ends_with_its_credentials(data_dir):
    gridgov("demo", "--data", data_dir)
    token = gridgov("token", "add", "--name", "screen", "--role", "integration", "--region", "330106", "--data", data_dir).stdout.strip().split()[-1]
    server = Server("--data", data_dir, env=FAST_CHECKS)
    try:
        by_token = open_stream(server, token)
        session = server.login("street")
        by_session = open_stream(server, session)
        station = server.login("station")
        by_disabled = open_stream(server, station)
        status, _ = server.call("DELETE", "/api/v1/session", token=session)
        assert status == 204
        assert ends_within(by_session, 5), "a logged-out session's stream ends"

        revoked = gridgov("token", "revoke", "--name", "screen", "--data", data_dir)
        assert revoked.returncode == 0
        assert ends_within(by_token, 12), "a revoked token's stream ends (another process revoked it: within the 5 s cache)"

        gridgov("user", "disable", "--username", "station", "--data", data_dir)
        assert ends_within(by_disabled, 8), "a disabled account's stream ends"
        assert not ends_within(open_stream(server, server.login("street")), 1.5), "a stream whose credentials hold stays open"
    finally:
        assert server.stop() == 0


def test_streams_are_capped_per_account_and_closed_ones_are_let_go(data_dir):
    gridgov("demo", "--data", data_dir)
    server = Server("--data", data_dir, env=FAST_CHECKS)
    try:
        token = server.login("center")
        streams = [open_stream(server, token) for _ in range(8)]
        request = urllib.request.Request(server.base + "/api/v1/events", headers={"Authorization": "Bearer " + token})
        try:
            urllib.request.urlopen(request, timeout=10)
            raise AssertionError("a ninth stream was let open")
        except urllib.error.HTTPError as error:
            assert error.code == 429 and json.loads(error.read())["error"]["code"] == "too_many_streams"
        assert streams_open(server) == 8
        for stream in streams:
            stream.close()
        deadline = time.monotonic() + 10
        while streams_open(server) > 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert streams_open(server) == 0, "streams whose clients left are noticed by their heartbeat and closed"
        again = open_stream(server, token)
        again.close()
    finally:
        assert server.stop() == 0
