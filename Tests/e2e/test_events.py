"""The live case stream (Server-Sent Events) over a real connection, bounded by scope."""
import json
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
